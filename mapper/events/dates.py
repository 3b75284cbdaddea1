"""The day an event happened: relative words ("on Tuesday", "overnight", "last week") and named
dates read against the article date, with ACLED's time precision (1 day, 2 week, 3 month)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from spacy.tokens import Span, Token

from mapper.events.lexicon import EventsLexicon
from mapper.events.words import WordFinder
from mapper.rules.dates import latest_day, parse_date


@dataclass(frozen=True)
class EventDate:
    day: dt.date
    precision: int  # 1 day, 2 week, 3 month
    start: int  # token index of the date words in the doc
    latest: dt.date  # the last day the words can mean
    deictic: bool = False  # "today", "tonight": the day of speaking


def _clause(token: Token) -> Token:
    """The verb whose clause holds a date word."""
    node = token
    for _ in range(12):
        if node.head.i == node.i:
            return node
        node = node.head
        if node.pos_ in ("VERB", "AUX"):
            return node
    return node


class DateReader:
    def __init__(self, lexicon: EventsLexicon) -> None:
        self.relative = WordFinder((r.phrase, r) for r in lexicon.spec.relative_dates)
        self.weekdays = {d.lower(): n for n, d in enumerate(lexicon.spec.weekdays)}
        self.vague = lexicon.words("vague_date_words")
        self.units = {k.lower(): v for k, v in lexicon.spec.date_units.items()}
        self.ago = lexicon.words("ago_words")
        self.numbers = {k.lower(): v for k, v in lexicon.spec.number_words.items()}
        self.max_age = dt.timedelta(days=lexicon.spec.background_after_days)

    def dates(self, sent: Span, base: dt.date | None) -> list[EventDate]:
        """Every date the sentence names, in text order."""
        if base is None:
            return []
        found: list[EventDate] = []
        taken: set[int] = set()
        for hit in self.relative.find(sent):
            day = base + dt.timedelta(days=hit.value.offset)  # type: ignore[attr-defined]
            rel = hit.value
            found.append(EventDate(day, rel.precision, hit.start, base,  # type: ignore[attr-defined]
                                   rel.offset == 0 and rel.precision == 1))  # type: ignore
            taken.update(range(hit.start, hit.end))
        for token in sent:
            if token.i in taken:
                continue
            back = self._counted(token)
            if back is not None:
                days, precision = back
                found.append(EventDate(base - dt.timedelta(days=days), precision, token.i,
                                       base - dt.timedelta(days=days)))
                taken.update(range(token.i, token.i + 3))
                continue
            weekday = self.weekdays.get(token.lower_)
            if weekday is not None:
                day = base - dt.timedelta(days=(base.weekday() - weekday) % 7)
                found.append(EventDate(day, 1, token.i, day))
                taken.add(token.i)
        for ent in sent.ents:
            if ent.label_ != "DATE" or any(t.i in taken for t in ent):
                continue
            if all(t.lower_ in self.vague or t.is_punct for t in ent):
                continue
            day = parse_date(ent.text, base)
            if day is None:
                continue
            last = latest_day(ent.text, day)
            span_days = (last - day).days
            precision = 1 if span_days == 0 else 2 if span_days <= 7 else 3
            found.append(EventDate(day, precision, ent.start, last))
        explicit = [d for d in found if not d.deictic]
        # Inside reported speech "today" is the speaker's day, which an explicit day names.
        return sorted(explicit or found, key=lambda d: d.start)

    def _counted(self, token: Token) -> tuple[int, int] | None:
        """("four days earlier" at `token`) -> (days back, precision)."""
        doc = token.doc
        if token.i + 2 >= len(doc):
            return None
        unit, ago = doc[token.i + 1], doc[token.i + 2]
        if unit.lower_ not in self.units or ago.lower_ not in self.ago:
            return None
        text = token.lower_.replace(",", "")
        n = int(text) if text.isdigit() else self.numbers.get(text)
        if n is None:
            return None
        step = self.units[unit.lower_]
        return n * step, 1 if step == 1 else 2

    def for_trigger(self, token: Token, dates: list[EventDate]) -> EventDate | None:
        """The date of the trigger's clause (or a clause above it: "On Monday officials said
        ... struck"), nearest first; a date inside another clause ("the peninsula seized in
        2014") is not the trigger's."""
        doc = token.doc
        own = [d for d in dates if token.i in {t.i for t in _clause(doc[d.start]).subtree}]
        if not own:
            return None
        return min(own, key=lambda d: abs(d.start - token.i))

    def too_old(self, date: EventDate, base: dt.date | None) -> bool:
        """Background: every day the words can mean is more than two weeks before the article."""
        return base is not None and date.latest < base - self.max_age
