"""Rows for the dashboard tables (places, statements, zones, events) and a text filter over
them."""

from __future__ import annotations

from typing import Any

from mapper.analysis.models import Analysis, Zone
from mapper.catalogs import weapon_catalog

PLACE_COLUMNS = ["article", "name", "resolved", "type", "country", "lat", "lon", "confidence",
                 "mentions"]
ZONE_COLUMNS = ["article", "status", "grantor", "grantee", "weapons", "range", "area_km2",
                "anchors", "target", "effective", "confidence", "evidence", "rule"]
STATEMENT_COLUMNS = ["article", "status", "grantor", "grantee", "weapons", "relation", "anchors",
                     "target", "range", "effective", "in_force", "zones", "confidence",
                     "evidence", "rule"]

EVENT_COLUMNS = ["article", "date", "event_type", "sub_event_type", "location", "country",
                 "geo_precision", "actor1", "actor2", "fatalities", "confidence", "sentence",
                 "rule"]


def event_rows(analyses: list[Analysis]) -> list[dict[str, Any]]:
    """One row per event, with the sentences that report it."""
    rows = []
    for a in analyses:
        for e in a.events:
            rows.append({
                "article": a.article_id,
                "date": e.event_date.isoformat() if e.event_date else "",
                "event_type": e.event_type, "sub_event_type": e.sub_event_type,
                "location": e.place.resolved_name or e.place.name,
                "country": e.place.country_code or "", "geo_precision": e.place.precision,
                "actor1": e.actor1 or "", "actor2": e.actor2 or "",
                "fatalities": e.fatalities, "confidence": e.confidence,
                "sentence": " ".join(x.text for x in e.evidence), "rule": e.rule,
            })
    return rows


def range_text(low: float | None, high: float | None) -> str:
    """"70-84 km", "up to 150 km", or "" when no range applies."""
    if high is None:
        return ""
    if low is None or low == high:
        return f"{high:g} km" if low is not None else f"up to {high:g} km"
    return f"{low:g}\u2013{high:g} km"


def place_rows(analyses: list[Analysis]) -> list[dict[str, Any]]:
    """One row per place name per article (actors left out), with its mention count."""
    rows: dict[tuple[str, str, str | None], dict[str, Any]] = {}
    for a in analyses:
        for p in a.places:
            if p.role != "place":
                continue
            key = (a.article_id, p.name, p.resolved_name)
            if key in rows:
                rows[key]["mentions"] += 1
                rows[key]["confidence"] = max(rows[key]["confidence"], round(p.score, 3))
                continue
            rows[key] = {
                "article": a.article_id, "name": p.name, "resolved": p.resolved_name,
                "type": p.feature_type, "country": p.country_code,
                "lat": None if p.lat is None else round(p.lat, 4),
                "lon": None if p.lon is None else round(p.lon, 4),
                "confidence": round(p.score, 3), "mentions": 1,
            }
    return list(rows.values())


def _evidence(zone: Zone) -> str:
    return " \u2026 ".join(e.text for e in zone.evidence)


def zone_rows(analyses: list[Analysis]) -> list[dict[str, Any]]:
    """One row per zone drawn."""
    return [{
        "article": a.article_id, "status": z.status, "grantor": z.grantor, "grantee": z.grantee,
        "weapons": weapon_catalog().labels(z.weapons, ""),
        "range": range_text(z.range_min_km, z.range_km),
        "area_km2": round(z.area_km2, 1), "anchors": ", ".join(z.anchors),
        "target": z.target_country,
        "effective": z.effective_date.isoformat() if z.effective_date else None,
        "confidence": round(z.confidence, 3), "evidence": _evidence(z), "rule": z.rule,
    } for a in analyses for z in a.zones]


def statement_rows(analyses: list[Analysis]) -> list[dict[str, Any]]:
    """One row per policy statement, with the number of zones drawn from it."""
    rows = []
    for a in analyses:
        drawn: dict[int, int] = {}
        for z in a.zones:
            if z.statement_index is not None:
                drawn[z.statement_index] = drawn.get(z.statement_index, 0) + 1
        for i, s in enumerate(a.statements):
            rows.append({
                "article": a.article_id, "status": s.polarity, "grantor": s.grantor,
                "grantee": s.grantee, "weapons": weapon_catalog().labels(s.weapons, ""),
                "relation": s.relation,
                "anchors": ", ".join(s.anchors), "target": s.target_country,
                "range": "" if s.range_km is None else f"{s.range_km:g} km",
                "effective": s.effective_date.isoformat() if s.effective_date else None,
                "in_force": s.in_force, "zones": drawn.get(i, 0),
                "confidence": round(s.confidence, 3), "evidence": s.evidence.text,
                "rule": s.rule,
            })
    return rows


def filter_rows(rows: list[dict[str, Any]], query: str = "", **equals: Any
                ) -> list[dict[str, Any]]:
    """Rows whose values contain every word of `query` (any column, case-insensitive) and
    whose columns match `equals` (a collection matches any of its members; empty: no filter)."""
    words = query.lower().split()
    out = []
    for row in rows:
        ok = True
        for column, wanted in equals.items():
            if wanted is None or (isinstance(wanted, (list, tuple, set, frozenset))
                                  and not wanted):
                continue
            value = row.get(column)
            members = wanted if isinstance(wanted, (list, tuple, set, frozenset)) else {wanted}
            if value not in members:
                ok = False
                break
        if ok and words:
            blob = " ".join("" if v is None else str(v) for v in row.values()).lower()
            ok = all(w in blob for w in words)
        if ok:
            out.append(row)
    return out
