"""The Analysis of one article: what every output (layers, maps, dashboard) reads.

The records it holds (statements, zones, evidence) live in `mapper.records`, below the rules and
zone builders; this module sits above them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from typing import Any

from mapper.geoparse.models import Place
from mapper.records import (
    ZONE_STATUSES,
    BorderMention,
    Event,
    Evidence,
    Polarity,
    Policy,
    Statement,
    WeaponMention,
    Zone,
    ZoneStatus,
)

ANALYSIS_VERSION = 3

__all__ = ["ANALYSIS_VERSION", "ZONE_STATUSES", "Analysis", "BorderMention", "Event", "Evidence",
           "Polarity", "Policy", "Statement", "WeaponMention", "Zone", "ZoneStatus"]


@dataclass(frozen=True)
class Analysis:
    """Everything the mapper found in one article."""

    article_id: str
    text: str
    places: tuple[Place, ...]
    statements: tuple[Statement, ...]
    zones: tuple[Zone, ...]
    title: str | None = None
    date: dt.date | None = None
    source: str | None = None
    border_view: str = "international"
    warnings: tuple[str, ...] = field(default_factory=tuple)
    sentences: tuple[tuple[int, int], ...] = ()  # sentence spans of `text`, in order
    policies: tuple[Policy, ...] = ()  # reconciled from the statements; zones are drawn from them
    border_mentions: tuple[BorderMention, ...] = ()  # places in sentences about the border
    weapon_mentions: tuple[WeaponMention, ...] = ()  # every weapon the text names
    events: tuple[Event, ...] = ()  # conflict events the text reports as having happened
    version: int = ANALYSIS_VERSION

    def sentence_at(self, start: int, end: int | None = None) -> Evidence:
        """The sentence holding the span start..end: the "why" behind a place."""
        end = start if end is None else end
        for s, e in self.sentences:
            if s <= start < e:
                return Evidence(self.text[s:max(e, end)].strip(), s, max(e, end))
        return Evidence(self.text[start:end], start, end)

    @property
    def map_places(self) -> list[Place]:
        """Places to draw: resolved, not demonyms."""
        return [p for p in self.places if p.role == "place" and p.lat is not None]

    def events_only(self) -> Analysis:
        """The same article with only its events (no places, statements or zones drawn)."""
        return replace(self, places=(), statements=(), zones=(), policies=(),
                       border_mentions=(), weapon_mentions=())

    def to_dict(self) -> dict[str, Any]:
        return {
            "version": self.version,
            "article": {"id": self.article_id, "title": self.title,
                        "date": self.date.isoformat() if self.date else None,
                        "source": self.source, "text": self.text},
            "border_view": self.border_view,
            "places": [p.to_dict() for p in self.places],
            "statements": [s.to_dict() for s in self.statements],
            "policies": [p.to_dict() for p in self.policies],
            "zones": [z.to_dict() for z in self.zones],
            "events": [e.to_dict() for e in self.events],
            "warnings": list(self.warnings),
            "sentences": [list(span) for span in self.sentences],
        }
