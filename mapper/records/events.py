"""Conflict events: what the article reports as having happened, where and when, coded the way
ACLED codes it (event type, sub-event type, actors, geo- and time-precision, fatalities)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, Literal

from mapper.records.evidence import Evidence

# ACLED's codebook: the six event types and their sub-event types.
EVENT_TYPES: dict[str, tuple[str, ...]] = {
    "Battles": ("Armed clash", "Government regains territory",
                "Non-state actor overtakes territory"),
    "Explosions/Remote violence": ("Chemical weapon", "Air/drone strike", "Suicide bomb",
                                   "Shelling/artillery/missile attack",
                                   "Remote explosive/landmine/IED", "Grenade"),
    "Violence against civilians": ("Sexual violence", "Attack", "Abduction/forced disappearance"),
    "Protests": ("Peaceful protest", "Protest with intervention",
                 "Excessive force against protesters"),
    "Riots": ("Violent demonstration", "Mob violence"),
    "Strategic developments": ("Agreement", "Arrests", "Change to group/activity",
                               "Disrupted weapons use", "Headquarters or base established",
                               "Looting/property destruction", "Non-violent transfer of territory",
                               "Other"),
}
GeoPrecision = Literal[1, 2, 3]  # 1 the named town, 2 near a town / part of a region, 3 a region
TimePrecision = Literal[1, 2, 3]  # 1 the day, 2 the week, 3 the month


@dataclass(frozen=True)
class EventPlace:
    """Where an event happened: the place as written, resolved, with ACLED's precision."""

    name: str  # as written ("the outskirts of Manbij" keeps "Manbij")
    resolved_name: str | None
    lat: float
    lon: float
    geonameid: int | None
    country_code: str | None
    admin1: str | None
    feature_type: str | None
    precision: GeoPrecision
    start: int  # the place's offsets in the text
    end: int


@dataclass(frozen=True)
class Event:
    """One conflict event the text reports as having happened."""

    event_type: str
    sub_event_type: str
    actor1: str | None
    actor2: str | None
    place: EventPlace
    event_date: dt.date | None
    time_precision: TimePrecision
    fatalities: int | None
    evidence: tuple[Evidence, ...]  # the sentences that report it (the first is the main one)
    rule: str
    confidence: float
    trigger: str = ""  # the word that fired

    def __post_init__(self) -> None:
        if self.sub_event_type not in EVENT_TYPES.get(self.event_type, ()):
            raise ValueError(f"not an ACLED type: {self.event_type} / {self.sub_event_type}")

    @property
    def location(self) -> str:
        return self.place.name

    def properties(self) -> dict[str, Any]:
        """The CONTRACT.md event properties (without `layer`, `article_id` and styling)."""
        p = self.place
        return {
            "event_type": self.event_type,
            "sub_event_type": self.sub_event_type,
            "event_date": self.event_date.isoformat() if self.event_date else None,
            "time_precision": self.time_precision,
            "actor1": self.actor1,
            "actor2": self.actor2,
            "location": p.name,
            "resolved_name": p.resolved_name,
            "geonameid": p.geonameid,
            "country_code": p.country_code,
            "admin1": p.admin1,
            "geo_precision": p.precision,
            "fatalities": self.fatalities,
            "evidence": [{"text": e.text, "start": e.start, "end": e.end} for e in self.evidence],
            "rule": self.rule,
            "confidence": round(self.confidence, 3),
        }

    def to_dict(self) -> dict[str, Any]:
        return {**self.properties(), "lat": self.place.lat, "lon": self.place.lon,
                "trigger": self.trigger}
