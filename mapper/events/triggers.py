"""Event triggers in a sentence: sub-type words ("airstrike", "clashes", "kidnapped"), generic
violent words ("struck", "attack") and the cues that decide a generic trigger's sub-type."""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Span, Token

from mapper.events.lexicon import EventsLexicon
from mapper.events.words import Hit, WordFinder


@dataclass(frozen=True)
class SubType:
    event_type: str
    sub_event_type: str
    priority: int


@dataclass(frozen=True)
class Trigger:
    """A word that reports an event; `sub` is None for a generic trigger."""

    token: Token  # the head of the trigger's words
    hit: Hit
    sub: SubType | None

    @property
    def key(self) -> str:
        return self.hit.key

    @property
    def generic(self) -> bool:
        return self.sub is None


def _head(span: Span) -> Token:
    return span.root


class TriggerFinder:
    def __init__(self, lexicon: EventsLexicon) -> None:
        self.lexicon = lexicon
        triggers: list[tuple[str, object]] = []
        cues: list[tuple[str, object]] = []
        for event_type, spec in lexicon.sub_types():
            sub = SubType(event_type, spec.sub_event_type, spec.priority)
            triggers += [(w, sub) for w in spec.triggers]
            cues += [(w, sub) for w in spec.cues]
        # A sub-type trigger wins over a generic one spelt the same ("shelling").
        listed = {str(w).lower() for w, _ in triggers}
        triggers += [(w, None) for w in lexicon.spec.generic_triggers if w.lower() not in listed]
        self.triggers = WordFinder(triggers)
        self.cues = WordFinder(cues)
        self.interceptions = WordFinder((w, True) for w in lexicon.spec.interception_words)
        self.weak = frozenset(w.lower() for w in lexicon.spec.generic_triggers
                              if w.lower() in lexicon.words("weak_generic_triggers"))

    def find(self, sent: Span) -> list[Trigger]:
        doc = sent.doc
        out = []
        for hit in self.triggers.find(sent):
            span = doc[hit.start:hit.end]
            head = _head(span)
            if head.pos_ not in ("VERB", "NOUN", "PROPN", "ADJ", "AUX") and len(span) == 1:
                continue
            if head.dep_ == "compound" and head.head.pos_ in ("NOUN", "PROPN"):
                continue  # "assault units", "strike drones": a kind of thing, not an event
            out.append(Trigger(head, hit, hit.value if isinstance(hit.value, SubType) else None))
        return out

    def cue(self, sent: Span, event_type: str | None = None,
            exclude: frozenset[int] | set[int] = frozenset()) -> SubType | None:
        """The highest-priority sub-type cue of the sentence (of `event_type` when given); cues
        among `exclude` (what was hit: "fired on a plane") decide nothing."""
        best: SubType | None = None
        for hit in self.cues.find(sent):
            if hit.start in exclude:
                continue
            sub = hit.value
            if not isinstance(sub, SubType):
                continue
            if event_type is not None and sub.event_type != event_type:
                continue
            if best is None or sub.priority > best.priority:
                best = sub
        return best

    def intercepted(self, sent: Span) -> bool:
        return bool(self.interceptions.find(sent))
