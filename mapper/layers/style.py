"""Colours and simplestyle-spec keys shared by the GeoJSON layers, the HTML map and the PNG map.

One table, so a zone is the same colour in QGIS, in the browser and in a report.
"""

from __future__ import annotations

from typing import Any

from mapper.records import Zone

# Colour-blind-aware hues: green-ish for permitted, red for restricted, amber for ambiguous,
# blue for the area being defended.
STATUS_COLOURS: dict[str, str] = {
    "permitted": "#1a9850",
    "restricted": "#d73027",
    "ambiguous": "#f0a30a",
    "defended": "#2c7bb6",
}
STATUS_LABELS: dict[str, str] = {
    "permitted": "Permitted strikes",
    "restricted": "Restricted (no strikes)",
    "ambiguous": "Ambiguous scope",
    "defended": "Defended area",
}
PLACE_COLOUR = "#5e3c99"
PLACE_STROKE = "#222222"
FILL_OPACITY = 0.35
UNKNOWN_COLOUR = "#777777"


def status_colour(status: str) -> str:
    return STATUS_COLOURS.get(status, UNKNOWN_COLOUR)


def range_interval(zone: Zone) -> str:
    """Human range of a zone: "0-84 km", "up to 300 km", "no range limit"."""
    if zone.range_km is None:
        return "no range limit"
    hi = f"{zone.range_km:g}"
    if zone.range_min_km:
        return f"{zone.range_min_km:g}-{hi} km"
    return f"up to {hi} km"


def zone_title(zone: Zone) -> str:
    """One-line plain-text title: status, weapons, range, anchors."""
    weapons = ", ".join(zone.weapons) or "unspecified weapons"
    parts = [f"{zone.status.capitalize()}: {weapons}", range_interval(zone)]
    if zone.anchors:
        parts.append("from " + ", ".join(zone.anchors))
    return " - ".join(parts)


def zone_description(zone: Zone) -> str:
    """Plain-text description: the evidence sentences, date, rule and confidence."""
    lines = [e.text for e in zone.evidence]
    if zone.effective_date:
        lines.append(f"Effective {zone.effective_date.isoformat()}")
    lines.append(f"Rule {zone.rule}, confidence {zone.confidence:.2f}")
    return "\n".join(lines)


def zone_simplestyle(zone: Zone) -> dict[str, Any]:
    colour = status_colour(zone.status)
    return {"stroke": colour, "fill": colour, "fill-opacity": FILL_OPACITY,
            "marker-color": colour, "title": zone_title(zone),
            "description": zone_description(zone)}


def place_simplestyle(title: str, description: str) -> dict[str, Any]:
    return {"stroke": PLACE_STROKE, "fill": PLACE_COLOUR, "fill-opacity": 0.9,
            "marker-color": PLACE_COLOUR, "title": title, "description": description}
