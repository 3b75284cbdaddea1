"""What a click on the map points at, and the details shown beside the map.

st_folium returns the clicked GeoJSON feature (`last_active_drawing`) and the clicked point
(`last_object_clicked`). A zone is found by its properties; a place by its properties or, for
plain markers, by the nearest place to the click.
"""

from __future__ import annotations

import html
import json
import math
from collections.abc import Collection
from dataclasses import dataclass
from typing import Any

from mapper.analysis.models import ZONE_STATUSES, Analysis, Evidence, Zone
from mapper.geoparse.models import Place

ZoneKey = tuple[str, str, int | None, str, tuple[int, ...], tuple[str, ...]]


@dataclass(frozen=True)
class ZoneHit:
    analysis: Analysis
    zone: Zone


@dataclass(frozen=True)
class PlaceHit:
    analysis: Analysis
    place: Place
    evidence: tuple[Evidence, ...]  # the sentences that name it


def zone_key(analysis: Analysis, zone: Zone) -> ZoneKey:
    """What identifies a zone across reruns (settings and the timeline rebuild the objects)."""
    return (analysis.article_id, zone.status, zone.statement_index, zone.rule,
            tuple(e.start for e in zone.evidence), tuple(zone.weapons))


def zone_by_key(analyses: list[Analysis], key: ZoneKey) -> ZoneHit | None:
    for a in analyses:
        for z in a.zones:
            if zone_key(a, z) == key:
                return ZoneHit(a, z)
    return None


def drawn_zones(analyses: list[Analysis], statuses: Collection[str] | None = None
                ) -> list[ZoneHit]:
    """Zones in the order the map numbers them (`zone_index`): input order, statuses shown."""
    shown = [s for s in ZONE_STATUSES if statuses is None or s in statuses]
    return [ZoneHit(a, z) for a in analyses for z in a.zones if z.status in shown]


def _evidence_starts(props: dict[str, Any]) -> list[int]:
    ev = props.get("evidence")
    if isinstance(ev, str):  # some writers flatten nested properties to JSON text
        try:
            ev = json.loads(ev)
        except ValueError:
            return []
    if not isinstance(ev, list):
        return []
    return [e["start"] for e in ev if isinstance(e, dict) and isinstance(e.get("start"), int)]


def _article_ok(analysis: Analysis, props: dict[str, Any]) -> bool:
    article = props.get("article_id", props.get("article"))
    return article is None or html.unescape(str(article)) == analysis.article_id


def find_zone(analyses: list[Analysis], props: dict[str, Any],
              statuses: Collection[str] | None = None) -> ZoneHit | None:
    """The zone a clicked feature stands for.

    Map features carry `zone_index` (position among the zones drawn); GeoJSON-layer features
    carry the full zone properties (status, grantor, rule, evidence) instead.
    """
    index = props.get("zone_index")
    if isinstance(index, int):
        drawn = drawn_zones(analyses, statuses)
        if 0 <= index < len(drawn):
            hit = drawn[index]
            if hit.zone.status == props.get("status") and _article_ok(hit.analysis, props):
                return hit
        return None
    starts = _evidence_starts(props)
    for a in analyses:
        if not _article_ok(a, props):
            continue
        for z in a.zones:
            if z.status != props.get("status") or z.grantor != props.get("grantor"):
                continue
            if "rule" in props and z.rule != props["rule"]:
                continue
            if starts and [e.start for e in z.evidence] != starts:
                continue
            weapons = props.get("weapons")
            if isinstance(weapons, list) and list(z.weapons) != weapons:
                continue
            return ZoneHit(a, z)
    return None


def place_evidence(analysis: Analysis, place: Place) -> tuple[Evidence, ...]:
    """The sentences naming the place (same written name or same resolution)."""
    spans = [(p.start, p.end) for p in analysis.places
             if p.name == place.name or (place.resolved_name is not None
                                         and p.resolved_name == place.resolved_name)]
    out: list[Evidence] = []
    for start, end in sorted(spans):
        ev = analysis.sentence_at(start, end)
        if not out or out[-1].start != ev.start:
            out.append(ev)
    return tuple(out)


def find_place(analyses: list[Analysis], props: dict[str, Any] | None = None,
               lat: float | None = None, lon: float | None = None) -> PlaceHit | None:
    """A place by its properties (name / resolved name) or else the nearest one to lat/lon."""
    props = props or {}
    name = props.get("name")
    resolved = props.get("resolved_name")
    if name or resolved:
        for a in analyses:
            if not _article_ok(a, props):
                continue
            for p in a.map_places:
                if (name and p.name == name) or (resolved and p.resolved_name == resolved):
                    return PlaceHit(a, p, place_evidence(a, p))
    if lat is None or lon is None:
        return None
    best: tuple[float, Analysis, Place] | None = None
    for a in analyses:
        for p in a.map_places:
            d = math.hypot(p.lat - lat, (p.lon - lon) * math.cos(math.radians(lat)))
            if best is None or d < best[0]:
                best = (d, a, p)
    if best is None or best[0] > 0.5:  # degrees: a click far from any place selects nothing
        return None
    return PlaceHit(best[1], best[2], place_evidence(best[1], best[2]))


def clicked(result: dict[str, Any] | None, analyses: list[Analysis],
            statuses: Collection[str] | None = None) -> ZoneHit | PlaceHit | None:
    """Turn st_folium's return value into the zone or place the user clicked."""
    if not result:
        return None
    feature = result.get("last_active_drawing") or {}
    props = feature.get("properties") or {}
    geometry = (feature.get("geometry") or {}).get("type")
    point = result.get("last_object_clicked") or {}
    if props.get("layer") == "zone" or (geometry in ("Polygon", "MultiPolygon") and props):
        hit = find_zone(analyses, props, statuses)
        if hit is not None:
            return hit
    if props.get("layer") == "place" or geometry == "Point":
        coords = (feature.get("geometry") or {}).get("coordinates") or [None, None]
        return find_place(analyses, props, lat=coords[1], lon=coords[0])
    if point:
        return find_place(analyses, None, lat=point.get("lat"), lon=point.get("lng"))
    return None
