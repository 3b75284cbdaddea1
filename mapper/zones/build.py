"""Statements -> zones: target-country territory within (or beyond) a reach of an anchor area.

| relation               | zone                                                             |
|------------------------|------------------------------------------------------------------|
| across the border from | target ∩ buffer(anchor, depth); the anchor is also "defended"    |
| near the border        | target ∩ buffer(grantee country, depth)                          |
| within N of            | target ∩ buffer(anchor or grantee, N)                            |
| beyond N               | target − buffer(anchor or grantee, N)                            |
| inside / deep inside   | (anchor area or the whole target) ∩ buffer(grantee, weapon reach)|
| at                     | the named places (cities as circles) inside the target           |

depth = the distance the text states, else the named weapons' maximum range, else the lexicon's
documented default. Restricted zones lose what the same grantor permits the same grantee.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from functools import lru_cache

import shapely
from shapely.geometry.base import BaseGeometry

from mapper.boundaries import Boundaries, geodesic_area_km2
from mapper.catalogs import WeaponCatalog
from mapper.records import AnalysisSettings, Evidence, Statement, WeaponMention, Zone
from mapper.rules.lexicon import RuleLexicon
from mapper.zones.geometry import geodesic_buffer, point_circle, polygonal

AT_RULE_SUFFIX = "+at"  # rule names of statements about named places ("... against Baku")
DEG_KM_FLOOR = 40.0  # km per degree of longitude is above this up to 69° of latitude
MIN_AREA_KM2 = 1.0  # smaller leftovers are slivers of border mismatch, not zones
# Target countries are simplified to ~1 km before clipping: zones are drawn at map scale, and a
# whole-country zone (Russia) is three times lighter and faster to clip and measure.
TARGET_SIMPLIFY_DEG = 0.01


class ZoneBuilder:
    def __init__(self, boundaries: Boundaries, catalog: WeaponCatalog, lexicon: RuleLexicon
                 ) -> None:
        self.boundaries = boundaries
        self.catalog = catalog
        self.lexicon = lexicon
        self._buffer = lru_cache(maxsize=256)(self._buffer_uncached)
        self._targets: dict[tuple[str, str], BaseGeometry | None] = {}
        self._areas: dict[tuple[str, str], float] = {}

    def __call__(self, statements: list[Statement], settings: AnalysisSettings) -> list[Zone]:
        catalog = self.catalog.with_ranges(settings.range_overrides) \
            if settings.range_overrides else self.catalog
        default_depth = settings.default_depth_km if settings.default_depth_km is not None \
            else float(self.lexicon.zone_setting("default_depth_km"))
        zones: list[Zone] = []
        for n, s in enumerate(statements):
            if not (s.in_force or settings.include_background):
                continue
            if s.confidence < settings.min_confidence:
                continue
            zones.extend(self._zones(n, s, catalog, default_depth, settings.border_view))
        view = settings.border_view
        zones = _subtract_permitted(zones, lambda code: self._target_area(code, view))
        return _dedupe([z for z in zones if z.area_km2 >= MIN_AREA_KM2])

    # -- one statement --------------------------------------------------------------------------
    def _zones(self, n: int, s: Statement, catalog: WeaponCatalog, default_depth: float,
               view: str) -> list[Zone]:
        if not s.target_country:
            return []
        target = self._target(s.target_country, view)
        if target is None:
            return []
        grantee = self.boundaries.country_geometry(s.grantee, view) if s.grantee else None
        low, high = weapon_range(s.weapon_mentions, catalog)
        own = [r for r in s.anchor_refs if r != f"admin0:{s.target_country}"]
        anchor = self._anchor_geometry(own, view)
        relation = s.relation
        status = s.polarity
        defended: BaseGeometry | None = None
        depth = s.range_km if s.range_km is not None else high
        if relation in ("across the border from", "within", "near the border"):
            base = anchor if (anchor is not None and relation != "near the border") else grantee
            if base is None:
                return []
            reach = depth if depth is not None else default_depth
            geometry = shapely.intersection(target, self._reach(base, reach, target))
            if status != "restricted" and anchor is not None and grantee is not None and \
                    grantee.contains(anchor.representative_point()):
                defended = anchor
            used = reach
        elif relation == "beyond":
            base = anchor if anchor is not None else grantee
            if base is None:
                return []  # "beyond 300 km" of no known border: nothing to measure from
            if depth is None:
                geometry, used = target, None
            else:
                geometry, used = shapely.difference(target, self._reach(base, depth, target)), depth
        elif relation == "at":
            if anchor is None:
                return []
            geometry, used = shapely.intersection(target, anchor), None
        else:  # inside, deep inside
            # A named area is taken whole, even where the view puts it in another country than
            # the forces struck ("Russian forces in occupied Crimea").
            area = anchor if anchor is not None else target
            if high is not None and grantee is not None:
                reach = self._reach(grantee, high, target)
                geometry, used = shapely.intersection(area, reach), high
            else:
                geometry, used = area, None
        if status == "permitted" and s.excluded_refs:
            # "... but not Moscow": the named places are cut out of the permission
            cut = self._anchor_geometry(list(s.excluded_refs), view)
            if cut is not None:
                geometry = shapely.difference(geometry, cut)
        out: list[Zone] = []
        geometry = polygonal(geometry)
        if geometry is not None:
            out.append(self._zone(n, s, status, geometry, used, low, view))
        if defended is not None:
            out.append(self._zone(n, s, "defended", defended, None, None, view))
        return out

    def _zone(self, n: int, s: Statement, status: str, geometry: BaseGeometry,
              used: float | None, low: float | None, view: str) -> Zone:
        return Zone(status=status, geometry=geometry, grantor=s.grantor, grantee=s.grantee,
                    weapons=s.weapons, range_km=used, range_min_km=low, anchors=s.anchors,
                    target_country=s.target_country, effective_date=s.effective_date,
                    area_km2=geodesic_area_km2(geometry), evidence=(s.evidence,), rule=s.rule,
                    confidence=s.confidence, statement_index=n, border_view=view)

    def _anchor_geometry(self, refs: list[str], view: str) -> BaseGeometry | None:
        parts = [g for g in (self._ref_geometry(r, view) for r in refs) if g is not None]
        return shapely.union_all(parts) if parts else None

    def _ref_geometry(self, ref: str, view: str) -> BaseGeometry | None:
        kind, _, value = ref.partition(":")
        if kind == "admin0":
            return self.boundaries.country_geometry(value, view)
        if kind == "admin1":
            return self.boundaries.union_of_admin1(value.split("|"))
        if kind == "point":
            coords, _, feature = value.partition(":")
            lat, lon = (float(v) for v in coords.split(","))
            key = "landmark_radius_km" if feature == "landmark" else "city_radius_km"
            return point_circle(lat, lon, float(self.lexicon.zone_setting(key)))
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

    def _target_area(self, code: str, view: str) -> float:
        key = (code, view)
        if key not in self._areas:
            target = self._target(code, view)
            self._areas[key] = geodesic_area_km2(target) if target is not None else 0.0
        return self._areas[key]

    def _buffer_uncached(self, geometry: BaseGeometry, distance_km: float) -> BaseGeometry:
        return geodesic_buffer(geometry, distance_km)


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


def _subtract_permitted(zones: list[Zone], target_area: Callable[[str], float]) -> list[Zone]:
    """A ban covers what it covers minus what the same grantor lets the same grantee do."""
    # Named places banned outright ("but barred strikes on Beirut") are carved out of the
    # same grantor's permissions, not the other way round.
    carved: dict[tuple, list[BaseGeometry]] = {}
    for z in zones:
        if z.status == "restricted" and z.rule.endswith(AT_RULE_SUFFIX):
            carved.setdefault((z.grantor, z.grantee, z.target_country), []).append(z.geometry)
    if carved:
        zones = [_carve(z, carved) for z in zones]
        zones = [z for z in zones if z is not None]
    allowed: dict[tuple, list[Zone]] = {}
    for p in zones:
        if p.status == "permitted":
            allowed.setdefault((p.grantor, p.grantee, p.target_country), []).append(p)
    unions: dict[tuple, BaseGeometry | None] = {}
    out: list[Zone] = []
    for z in zones:
        key = (z.grantor, z.grantee, z.target_country)
        if z.status != "restricted" or key not in allowed or z.rule.endswith(AT_RULE_SUFFIX):
            out.append(z)
            continue
        if z.target_country and any(p.area_km2 >= 0.999 * target_area(z.target_country)
                                    for p in allowed[key]):
            continue  # the whole country is permitted: nothing of the ban is left
        if key not in unions:
            unions[key] = shapely.union_all([p.geometry for p in allowed[key]])
            shapely.prepare(unions[key])
        union = unions[key]
        if not union.intersects(z.geometry):
            out.append(z)
            continue
        left = polygonal(shapely.difference(z.geometry, union))
        if left is not None:
            out.append(dataclasses.replace(z, geometry=left, area_km2=geodesic_area_km2(left)))
    return out


def _carve(z: Zone, carved: dict[tuple, list[BaseGeometry]]) -> Zone | None:
    cuts = carved.get((z.grantor, z.grantee, z.target_country))
    if z.status != "permitted" or not cuts:
        return z
    left = polygonal(shapely.difference(z.geometry, shapely.union_all(cuts)))
    if left is None:
        return None
    return dataclasses.replace(z, geometry=left, area_km2=geodesic_area_km2(left))


def _dedupe(zones: list[Zone]) -> list[Zone]:
    """The same zone said twice in an article is drawn once, with both sentences as evidence."""
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
            confidence=max(twin.confidence, z.confidence))
    return out
