"""The sentence behind a statement, zone or event (offsets into the article text)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Evidence:
    """The sentence a statement, zone or event comes from (offsets into the article text).
    Behind a zone, each sentence also names the rule that read it, its confidence and the
    statement it became (an index into Analysis.statements)."""

    text: str
    start: int
    end: int
    rule: str | None = None
    confidence: float | None = None
    statement: int | None = None

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {"text": self.text, "start": self.start, "end": self.end}
        if self.rule is not None:
            d.update(rule=self.rule, confidence=self.confidence, statement=self.statement)
        return d
