"""The events lexicon (geodata/lexicon/events.yaml) loaded into strict pydantic models: a misspelt
key, an unknown event type or sub-event type fails at start-up with the file and field named."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from mapper.paths import geodata_dir
from mapper.records.events import EVENT_TYPES

Words = list[str]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class SubTypeSpec(_Strict):
    sub_event_type: str
    triggers: Words
    cues: Words
    priority: int = Field(ge=0)


class TypeRef(_Strict):
    event_type: str
    sub_event_type: str


class TerritorySpec(_Strict):
    regains: TypeRef
    overtakes: TypeRef
    contested: TypeRef


class RelativeDate(_Strict):
    phrase: str
    offset: int
    precision: int = Field(ge=1, le=3)


class GroupSpec(_Strict):
    label: str
    aliases: Words


class EventConfidence(_Strict):
    trigger: float = Field(gt=0, le=1)
    generic: float = Field(gt=0, le=1)
    casualty: float = Field(gt=0, le=1)
    foreign_place: float = Field(ge=0, le=1)
    carried_place: float = Field(ge=0, le=1)
    no_actor: float = Field(ge=0, le=1)
    minimum: float = Field(ge=0, le=1)


def _check_type(event_type: str, sub_event_type: str, where: str) -> None:
    if event_type not in EVENT_TYPES:
        raise ValueError(f"{where}: unknown event type {event_type!r}")
    if sub_event_type not in EVENT_TYPES[event_type]:
        raise ValueError(f"{where}: {sub_event_type!r} is not a sub-event type of {event_type!r}")


class EventsSpec(_Strict):
    """Every field of events.yaml; the comments in that file say what each list does."""

    event_types: dict[str, list[SubTypeSpec]]
    generic_triggers: Words
    weak_generic_triggers: Words
    anaphoric_determiners: Words
    generic_default: TypeRef
    civilian_attack: TypeRef
    military_attack: TypeRef
    territory: TerritorySpec
    civilian_targets: Words
    military_targets: Words
    armed_group_words: Words
    abstract_objects: Words
    territory_nouns: Words
    absorbed_by_violence: Words
    violent_types: Words
    non_event_heads: Words
    factual_heads: Words
    general_determiners: Words
    modals: Words
    negations: Words
    hypothetical_marks: Words
    background_phrases: Words
    background_after_days: int = Field(ge=0)
    speech_verbs: Words
    interception_words: Words
    speaker_nouns: Words
    kill_verbs: Words
    death_verbs: Words
    life_words: Words
    lose_verbs: Words
    death_phrases: Words
    death_nouns: Words
    injury_words: Words
    number_words: dict[str, int]
    person_nouns: Words
    relative_dates: list[RelativeDate]
    date_units: dict[str, int]
    ago_words: Words
    weekdays: Words = Field(min_length=7, max_length=7)
    vague_date_words: Words
    force_words: Words
    army_words: Words
    state_forces_label: str
    police_words: Words
    police_label: str
    civilians_label: str
    unidentified_label: str
    state_labels: dict[str, str]
    groups: list[GroupSpec]
    place_preps: Words
    near_cues: Words
    directions: dict[str, float]
    units: dict[str, float]
    precise_features: Words
    coarse_features: Words
    capital_words: Words
    dateline_dashes: Words
    confidence: EventConfidence

    @model_validator(mode="after")
    def _types_known(self) -> EventsSpec:
        for event_type, subs in self.event_types.items():
            for sub in subs:
                _check_type(event_type, sub.sub_event_type, "event_types")
        refs = {"generic_default": self.generic_default,
                "civilian_attack": self.civilian_attack,
                "military_attack": self.military_attack,
                "territory.regains": self.territory.regains,
                "territory.overtakes": self.territory.overtakes,
                "territory.contested": self.territory.contested}
        for where, ref in refs.items():
            _check_type(ref.event_type, ref.sub_event_type, where)
        for key in ("absorbed_by_violence", "violent_types"):
            for name in getattr(self, key):
                if name not in EVENT_TYPES:
                    raise ValueError(f"{key}: unknown event type {name!r}")
        return self


class EventsLexiconError(ValueError):
    """The events lexicon cannot be used (one line naming the file and the field)."""


class EventsLexicon:
    """The validated spec plus lower-cased word sets, built once."""

    def __init__(self, spec: EventsSpec) -> None:
        self.spec = spec
        self._words: dict[str, frozenset[str]] = {}

    def words(self, key: str) -> frozenset[str]:
        """A word list, lower-cased (an unknown key is a programming error)."""
        if key not in self._words:
            self._words[key] = frozenset(str(w).lower() for w in getattr(self.spec, key))
        return self._words[key]

    def sub_types(self) -> list[tuple[str, SubTypeSpec]]:
        return [(t, s) for t, subs in self.spec.event_types.items() for s in subs]

    def confidence(self, key: str) -> float:
        return float(getattr(self.spec.confidence, key))


def load_events_lexicon(path: Path | None = None) -> EventsLexicon:
    path = path or geodata_dir() / "lexicon" / "events.yaml"
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise EventsLexiconError(f"{path.name}: {exc.__class__.__name__}: {exc}") from None
    try:
        spec = EventsSpec.model_validate(raw)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise EventsLexiconError(f"{path.name}: {where}: {first['msg']}") from None
    return EventsLexicon(spec)


@lru_cache(maxsize=1)
def events_lexicon() -> EventsLexicon:
    return load_events_lexicon()
