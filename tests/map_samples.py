"""Hand-built Analyses for the layer and map tests: real Natural Earth polygons, no rules layer."""

from __future__ import annotations

import datetime as dt

from mapper.analysis.models import Analysis, Evidence, Zone
from mapper.boundaries import geodesic_area_km2, load_boundaries
from mapper.geoparse.models import Place

HOSTILE = ('<script>window.__pwned=1</script> <img src=x onerror="window.__pwned=1"> '
           "${window.__pwned=1} `backtick` back\\slash ' \"")


def place(text: str, name: str, resolved: str, lat: float, lon: float, geonameid: int | None,
          feature_type: str, country: str, admin1: str | None = None, score: float = 0.9,
          occurrence: int = 0) -> Place:
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(name, start + 1)
    return Place(start=start, end=start + len(name), name=name, role="place",
                 resolved_name=resolved, lat=lat, lon=lon, geonameid=geonameid,
                 feature_type=feature_type, country_code=country, admin1_code=None,
                 admin1_name=admin1, place_id=None, polygon=None, score=score, source="test")


def sentences(text: str) -> tuple[tuple[int, int], ...]:
    spans, start = [], 0
    for i, ch in enumerate(text):
        if ch == "." and (i + 1 == len(text) or text[i + 1] == " "):
            spans.append((start, i + 1))
            start = i + 2
    if start < len(text):
        spans.append((start, len(text)))
    return tuple(spans)


def zone(status: str, code: str, evidence: Evidence, weapons: tuple[str, ...],
         range_km: float | None, anchors: tuple[str, ...], target: str, rule: str,
         date: dt.date | None) -> Zone:
    geometry = load_boundaries().admin1_geometry(code)
    assert geometry is not None, code
    return Zone(status=status, geometry=geometry, grantor="US", grantee="UA", weapons=weapons,
                range_km=range_km, range_min_km=0.0 if range_km else None, anchors=anchors,
                target_country=target, effective_date=date,
                area_km2=geodesic_area_km2(geometry), evidence=(evidence,), rule=rule,
                confidence=0.8)


def kharkiv_analysis(hostile: bool = False) -> Analysis:
    """A Kharkiv-like article: a permitted zone in Belgorod, a restricted one in Kursk,
    the defended Kharkiv region, and four places (Kharkiv named twice)."""
    extra = f" {HOSTILE}" if hostile else ""
    text = (f"Ukraine may strike Russian forces in Belgorod from the Kharkiv region{extra}. "
            "Strikes on Kursk stay barred. Kharkiv lies near the border. "
            "Officials in Kharkiv agreed.")
    spans = sentences(text)
    ev = [Evidence(text[s:e], s, e) for s, e in spans]
    date = dt.date(2024, 5, 31)
    city = "Kharkiv" + extra if hostile else "Kharkiv"
    places = (
        place(text, "Belgorod", "Belgorod", 50.61, 36.58, 578072, "city", "RU", "Belgorod"),
        place(text, "Kharkiv region", "Kharkiv Oblast", 49.5, 36.5, 706482, "admin1", "UA",
              "Kharkiv", 0.8),
        place(text, "Kursk", "Kursk", 51.73, 36.19, 538560, "city", "RU", "Kursk"),
        place(text, "Kharkiv", city, 49.98, 36.25, 706483, "city", "UA", "Kharkiv", 0.7,
              occurrence=1),
        place(text, "Kharkiv", city, 49.98, 36.25, 706483, "city", "UA", "Kharkiv", 0.95,
              occurrence=2),
    )
    weapons = ("himars", "gmlrs") + (("<b>x</b>`${1}`",) if hostile else ())
    anchors = ("Kharkiv region" + extra,) if hostile else ("Kharkiv region",)
    zones = (
        zone("permitted", "RU-BEL", ev[0], weapons, 84.0, anchors, "RU", "permit.across_border",
             date),
        zone("restricted", "RU-KRS", ev[1], ("atacms",), None, ("Russia",), "RU",
             "restrict.deep", None),
        zone("defended", "UA-63", ev[0], weapons, None, anchors, "UA", "defend.anchor", date),
    )
    return Analysis(article_id="sample<1>" if hostile else "sample-1", text=text, places=places,
                    statements=(), zones=zones, title="Sample" + extra, date=date,
                    sentences=spans)


def empty_analysis() -> Analysis:
    return Analysis(article_id="empty", text="Nothing here.", places=(), statements=(),
                    zones=(), sentences=((0, 13),))
