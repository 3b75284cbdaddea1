"""Policies -> zones: the area each policy covers (mapper.zones.relations), the area it defends,
and how permissions and bans of the same grantor cut each other.

- A ban on named places ("not Moscow, not the Kremlin") is cut out of the same grantor's
  permissions.
- A ban on a system inside a permitted class ("any US weapon anywhere, but not ATACMS") is cut
  out of the class's permission.
- Otherwise the more specific scope keeps the overlap: a border strip is cut out of a ban on
  "deep strikes"; a ban "beyond 200 miles" is cut out of a generic permission.
"""

from __future__ import annotations

import dataclasses
from functools import lru_cache

import shapely
from shapely.geometry.base import BaseGeometry

from mapper.boundaries import Boundaries, geodesic_area_km2
from mapper.catalogs import WeaponCatalog
from mapper.policy import policy_specificity
from mapper.records import (
    AnalysisSettings,
    Evidence,
    Policy,
    ScopePlace,
    WeaponMention,
    Zone,
)
from mapper.records.areas import AdminArea, AreaRef, PointArea
from mapper.records.relations import Relation
from mapper.rules.lexicon import RuleLexicon
from mapper.zones.geometry import compass_part, geodesic_buffer, point_circle, polygonal
from mapper.zones.relations import DRAWERS, DrawContext

DEG_KM_FLOOR = 40.0  # km per degree of longitude is above this up to 69° of latitude
MIN_AREA_KM2 = 1.0  # smaller leftovers are slivers of border mismatch, not zones
# Target countries are simplified to ~1 km before clipping: zones are drawn at map scale, and a
# whole-country zone (Russia) is three times lighter and faster to clip and measure.
TARGET_SIMPLIFY_DEG = 0.01
WHOLE_SHARE = 0.999  # a permission this close to the whole target leaves no ban of it
WHOLE = 6.0  # policy_specificity of "anywhere"


@dataclasses.dataclass
class _Drawn:
    policy: Policy
    index: int
    zone: Zone


class ZoneBuilder:
    def __init__(self, boundaries: Boundaries, catalog: WeaponCatalog, lexicon: RuleLexicon
                 ) -> None:
        self.boundaries = boundaries
        self.catalog = catalog
        self.lexicon = lexicon
        self._buffer = lru_cache(maxsize=256)(self._buffer_uncached)
        self._targets: dict[tuple[str, str], BaseGeometry | None] = {}
        self._areas: dict[tuple[str, str], float] = {}

    def __call__(self, policies: list[Policy], settings: AnalysisSettings) -> list[Zone]:
        catalog = self.catalog.with_ranges(settings.range_overrides) \
            if settings.range_overrides else self.catalog
        default_depth = settings.default_depth_km if settings.default_depth_km is not None \
            else self.lexicon.zones.default_depth_km
        view = settings.border_view
        drawn: list[_Drawn] = []
        defended: list[Zone] = []
        for n, p in enumerate(policies):
            made = self._zones(n, p, catalog, default_depth, view)
            if made is None:
                continue
            zone, guard = made
            if zone is not None:
                drawn.append(_Drawn(p, n, zone))
            if guard is not None:
                defended.append(guard)
        zones = self._cut(drawn, view)
        return _dedupe([z for z in zones + defended if z.area_km2 >= MIN_AREA_KM2])

    # -- one policy -----------------------------------------------------------------------------
    def _zones(self, n: int, p: Policy, catalog: WeaponCatalog, default_depth: float,
               view: str) -> tuple[Zone | None, Zone | None] | None:
        target = self._target(p.target_country, view)
        if target is None:
            return None
        grantee = self.boundaries.country_geometry(p.grantee, view) if p.grantee else None
        low, high = weapon_range(p.weapon_mentions, catalog)
        own = [a for a in p.anchor_places if not a.whole_country]
        anchor = self._area_geometry(own, view)
        ctx = DrawContext(target=target, grantee=grantee, anchor=anchor,
                          distance_km=p.range_km, reach_km=high,
                          default_depth_km=default_depth,
                          reach=lambda base, km: self._reach(base, km, target))
        result = DRAWERS[p.relation](ctx)
        if result is None:
            return None
        geometry, used = result
        if p.status == "permitted" and p.excluded_places:
            cut = self._area_geometry(list(p.excluded_places), view)
            if cut is not None:
                geometry = shapely.difference(geometry, cut)  # "... but not Moscow"
        geometry = polygonal(geometry)
        zone = self._zone(n, p, p.status, geometry, used, low, view) if geometry is not None \
            else None
        guard = None
        if p.status != "restricted" and p.defended_places:
            area = self._area_geometry(list(p.defended_places), view)
            if area is not None and grantee is not None and \
                    grantee.contains(area.representative_point()):
                guard = self._zone(n, p, "defended", area, None, None, view)
        return zone, guard

    def _zone(self, n: int, p: Policy, status: str, geometry: BaseGeometry,
              used: float | None, low: float | None, view: str) -> Zone:
        return Zone(status=status, geometry=geometry, grantor=p.grantor, grantee=p.grantee,
                    weapons=p.weapons, range_km=used, range_min_km=low, anchors=p.anchors,
                    target_country=p.target_country, effective_date=p.effective_date,
                    area_km2=geodesic_area_km2(geometry), evidence=p.evidence, rule=p.rule,
                    confidence=p.confidence, statement_index=p.statements[0],
                    border_view=view, relation=str(p.relation), policy_index=n,
                    statement_indices=p.statements)

    # -- permissions and bans of one grantor ---------------------------------------------------
    def _cut(self, drawn: list[_Drawn], view: str) -> list[Zone]:
        geometry = {id(d): d.zone.geometry for d in drawn}
        for r in [d for d in drawn if d.policy.status == "restricted"]:
            for p in [d for d in drawn if d.policy.status == "permitted"
                      and _parties(d.policy) == _parties(r.policy)]:
                if r.policy.relation == Relation.AT or self._system_ban_in_class(r, p):
                    loser, winner = p, r
                elif policy_specificity(p.policy) >= policy_specificity(r.policy):
                    loser, winner = r, p
                else:
                    loser, winner = p, r
                if loser is r and policy_specificity(p.policy) >= WHOLE and \
                        r.policy.family == p.policy.family:
                    geometry[id(r)] = shapely.Polygon()  # the whole country is permitted
                    continue
                left = geometry[id(loser)]
                if not left.is_empty and left.intersects(geometry[id(winner)]):
                    geometry[id(loser)] = shapely.difference(left, geometry[id(winner)])
        out = []
        for d in drawn:
            g = polygonal(geometry[id(d)]) if geometry[id(d)] is not d.zone.geometry \
                else d.zone.geometry
            if g is None:
                continue
            if g is not d.zone.geometry:
                d.zone = dataclasses.replace(d.zone, geometry=g, area_km2=geodesic_area_km2(g))
            out.append(d.zone)
        return out

    @staticmethod
    def _system_ban_in_class(r: _Drawn, p: _Drawn) -> bool:
        """A ban on a named system against a permission for a class with no limit of its own."""
        return r.policy.family != p.policy.family and r.policy.family.startswith("system:") \
            and policy_specificity(p.policy) in (0.0, WHOLE)

    # -- shapes ---------------------------------------------------------------------------------
    def _area_geometry(self, places: list[ScopePlace], view: str) -> BaseGeometry | None:
        parts = []
        for place in places:
            g = self._geometry(place.area, view)
            if g is not None and place.part:
                g = compass_part(g, place.part)
            if g is not None and not g.is_empty:
                parts.append(g)
        return shapely.union_all(parts) if parts else None

    def _geometry(self, area: AreaRef, view: str) -> BaseGeometry | None:
        if isinstance(area, AdminArea):
            if area.level == "admin0":
                return self.boundaries.country_geometry(area.codes[0], view)
            return self.boundaries.union_of_admin1(list(area.codes))
        if isinstance(area, PointArea):
            zones = self.lexicon.zones
            radius = zones.landmark_radius_km if area.feature_type == "landmark" \
                else zones.city_radius_km
            return point_circle(area.lat, area.lon, radius)
        return None

    def _target(self, code: str, view: str) -> BaseGeometry | None:
        key = (code, view)
        if key not in self._targets:
            geometry = self.boundaries.country_geometry(code, view)
            self._targets[key] = None if geometry is None else shapely.make_valid(
                shapely.simplify(geometry, TARGET_SIMPLIFY_DEG, preserve_topology=True))
        return self._targets[key]

    def _reach(self, base: BaseGeometry, distance_km: float, target: BaseGeometry
               ) -> BaseGeometry:
        """buffer(base, distance) where it can touch the target: the base is first cut to the
        target's box widened by the distance (buffering all of a large country is slow)."""
        minx, miny, maxx, maxy = target.bounds
        margin = distance_km / DEG_KM_FLOOR + 0.5
        window = shapely.box(max(minx - margin, -180), max(miny - margin, -90),
                             min(maxx + margin, 180), min(maxy + margin, 90))
        near = base if shapely.contains(window, base) else shapely.intersection(base, window)
        if near.is_empty:
            return near
        return self._buffer(near, distance_km)

    def _buffer_uncached(self, geometry: BaseGeometry, distance_km: float) -> BaseGeometry:
        return geodesic_buffer(geometry, distance_km)


def _parties(p: Policy) -> tuple:
    return (p.grantor, p.grantee, p.target_country)


def weapon_range(mentions: tuple[WeaponMention, ...], catalog: WeaponCatalog
                 ) -> tuple[float | None, float | None]:
    """(min, max) km over the weapons named: the catalog's figures (with any overrides)."""
    lows: list[float] = []
    highs: list[float] = []
    for m in mentions:
        if m.max_range_km is None:
            continue  # "US weapons": no single reach
        keys = list(m.systems)
        low, high = catalog.range_of(keys) if keys else (m.min_range_km, m.max_range_km)
        if high is None:
            low, high = m.min_range_km, m.max_range_km
        if high is not None:
            highs.append(high)
            lows.append(low if low is not None else high)
    if not highs:
        return None, None
    return min(lows), max(highs)


def _dedupe(zones: list[Zone]) -> list[Zone]:
    """The same zone drawn twice is drawn once, with every sentence as evidence."""
    out: list[Zone] = []
    for z in zones:
        twin = next((o for o in out if (o.status, o.grantor, o.grantee, o.target_country,
                                        o.range_km) == (z.status, z.grantor, z.grantee,
                                                        z.target_country, z.range_km)
                     and abs(o.area_km2 - z.area_km2) <= 0.005 * max(o.area_km2, 1.0)
                     and o.geometry.equals_exact(z.geometry, 1e-9)), None)
        if twin is None:
            out.append(z)
            continue
        evidence: tuple[Evidence, ...] = twin.evidence + tuple(
            e for e in z.evidence if e not in twin.evidence)
        weapons = tuple(dict.fromkeys(twin.weapons + z.weapons))
        lows = [v for v in (twin.range_min_km, z.range_min_km) if v is not None]
        out[out.index(twin)] = dataclasses.replace(
            twin, evidence=evidence, weapons=weapons, range_min_km=min(lows) if lows else None,
            confidence=max(twin.confidence, z.confidence),
            statement_indices=tuple(dict.fromkeys(twin.statement_indices
                                                  + z.statement_indices)))
    return out
