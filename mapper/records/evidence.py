"""The sentence behind a statement, zone or event (offsets into the article text)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Evidence:
    """The sentence a statement or zone comes from (offsets into the article text)."""

    text: str
    start: int
    end: int
