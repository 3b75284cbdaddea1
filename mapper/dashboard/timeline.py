"""The policy timeline: which zones are in force on a given day.

A zone takes effect on its statement's effective date (or, when the text gives none, on its
article's date). For each (grantor, weapon) the latest statement on or before the day wins; a zone
stays on the map while it is the latest word for at least one of its weapons. Zones of the same
day do not replace each other (one statement can permit one area and forbid another). Undated
zones count as the oldest word: they show until a dated one replaces them.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

from mapper.analysis.models import Analysis, Zone

_OLDEST = dt.date.min
ANY_WEAPON = "*"


def zone_day(zone: Zone, analysis: Analysis) -> dt.date | None:
    """The day a zone takes effect: its own effective date, else its article's date."""
    return zone.effective_date or analysis.date


def zone_keys(zone: Zone) -> list[tuple[str | None, str]]:
    """(grantor, weapon) pairs a zone speaks for; no weapon named counts as any weapon."""
    return [(zone.grantor, w) for w in (zone.weapons or (ANY_WEAPON,))]


def timeline_days(analyses: list[Analysis]) -> list[dt.date]:
    """Every day on which a zone takes effect or an article was published, in order."""
    days = {a.date for a in analyses if a.date is not None}
    days |= {d for a in analyses for z in a.zones if (d := zone_day(z, a)) is not None}
    days |= {e.event_date for a in analyses for e in a.events if e.event_date is not None}
    return sorted(days)


def zones_in_force(analyses: list[Analysis], day: dt.date) -> list[Analysis]:
    """The analyses with only the zones in force on `day` and the events up to that day
    (places and statements kept; undated events always show)."""
    latest: dict[tuple[str | None, str], dt.date] = {}
    dated: list[list[tuple[Zone, dt.date]]] = []
    for analysis in analyses:
        kept = []
        for zone in analysis.zones:
            when = zone_day(zone, analysis) or _OLDEST
            if when > day:
                continue
            kept.append((zone, when))
            for key in zone_keys(zone):
                if key not in latest or when > latest[key]:
                    latest[key] = when
        dated.append(kept)
    out = []
    for analysis, kept in zip(analyses, dated, strict=True):
        zones = tuple(z for z, when in kept if any(latest[k] == when for k in zone_keys(z)))
        events = tuple(e for e in analysis.events if e.event_date is None or e.event_date <= day)
        out.append(dataclasses.replace(analysis, zones=zones, events=events))
    return out
