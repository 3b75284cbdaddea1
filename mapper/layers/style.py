"""Colours and simplestyle-spec keys shared by the GeoJSON layers, the HTML map and the PNG map.

One table, so a zone is the same colour in QGIS, in the browser and in a report.
"""

from __future__ import annotations

from typing import Any

from mapper.records import Event, Zone

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


# One colour and one map symbol per ACLED event type (the legend, GeoJSON and HTML map agree).
EVENT_STYLES: dict[str, tuple[str, str]] = {
    "Battles": ("#b2182b", "\u2694"),
    "Explosions/Remote violence": ("#e66101", "\u2739"),
    "Violence against civilians": ("#762a83", "\u2716"),
    "Protests": ("#1b7837", "\u270a"),
    "Riots": ("#8c510a", "\u26a0"),
    "Strategic developments": ("#2166ac", "\u25c6"),
}


def event_style(event_type: str) -> tuple[str, str]:
    """(colour, symbol) of an event type."""
    return EVENT_STYLES.get(event_type, (UNKNOWN_COLOUR, "\u25cf"))


def event_title(event: Event) -> str:
    day = event.event_date.isoformat() if event.event_date else "undated"
    return f"{event.sub_event_type} - {event.place.resolved_name or event.place.name} ({day})"


def event_description(event: Event) -> str:
    lines = [e.text for e in event.evidence]
    if event.fatalities is not None:
        lines.append(f"Fatalities: {event.fatalities}")
    actors = " vs ".join(a for a in (event.actor1, event.actor2) if a)
    if actors:
        lines.append(f"Actors: {actors}")
    lines.append(f"Rule {event.rule}, confidence {event.confidence:.2f}")
    return "\n".join(lines)


def event_simplestyle(event: Event) -> dict[str, Any]:
    colour, _ = event_style(event.event_type)
    return {"stroke": PLACE_STROKE, "fill": colour, "fill-opacity": 0.9, "marker-color": colour,
            "marker-symbol": "danger", "title": event_title(event),
            "description": event_description(event)}
