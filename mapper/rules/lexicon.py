"""The rule lexicon (geodata/lexicon/rules.yaml) and the officials table (lexicon/actors.csv),
loaded into typed models: a misspelt key, a missing list or an unknown relation fails at start-up
with the file and the field named, never as a silent default."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from mapper.paths import geodata_dir
from mapper.records.relations import Relation

Words = list[str]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class RelationSpec(_Strict):
    relation: Relation
    anchor: str = Field(pattern="^(after|none)$")
    distance: bool = False
    phrases: Words
    places_only: Words = []


class TargetSpec(_Strict):
    key: str
    phrases: Words
    excluded: bool = False


class ZoneSpec(_Strict):
    default_depth_km: float = Field(gt=0)
    city_radius_km: float = Field(gt=0)
    landmark_radius_km: float = Field(gt=0)
    ambiguous_depth_km: float | None = None


class ConfidenceSpec(_Strict):
    grant: float
    restrict: float
    lift: float
    use_modal: float
    use_negated: float
    ambiguous: float
    carried_over_penalty: float
    guessed_penalty: float
    minimum: float


class LexiconSpec(_Strict):
    """Every field of rules.yaml; see the comments in that file for what each list does."""

    grant_verbs: Words
    grant_nouns: Words
    grant_phrases: Words
    application_phrases: Words
    restrict_verbs: Words
    restrict_nouns: Words
    restrict_phrases: Words
    refusal_verbs: Words
    lift_verbs: Words
    lift_phrases: Words
    use_verbs: Words
    supply_verbs: Words
    transaction_nouns: Words
    permission_modals: Words
    weak_modals: Words
    operate_verbs: Words
    strike_verbs: Words
    strike_nouns: Words
    permission_phrases: Words
    ambiguous_phrases: Words
    negations: Words
    persistence: Words
    demand_verbs: Words
    demand_nouns: Words
    speech_verbs: Words
    group_subjects: Words
    opinion_nouns: Words
    legal_conditions: Words
    background_openers: Words
    background_phrases: Words
    background_after_days: int = Field(ge=0)
    background_markers: Words
    background_modifiers: Words
    background_adverbs: Words
    hypothetical_heads: Words
    hypothetical_phrases: Words
    subordinators: Words
    units: dict[str, float]
    relations: list[RelationSpec]
    unlimited_phrases: Words
    limiting_words: Words
    limiting_phrases: Words
    widening_phrases: Words
    occupation_words: Words
    direction_words: dict[str, str]
    territory_words: Words
    own_territory_words: Words
    weapon_anaphora: Words
    generic_weapon_class: str
    enemy_words: Words
    exclusion_words: Words
    targets: list[TargetSpec]
    number_qualifiers: Words
    zones: ZoneSpec
    confidence: ConfidenceSpec

    @field_validator("relations")
    @classmethod
    def _relations_known(cls, value: list[RelationSpec]) -> list[RelationSpec]:
        if not value:
            raise ValueError("at least one relation is needed")
        return value


@dataclass(frozen=True)
class Actor:
    name: str
    country_code: str | None
    kind: str


class LexiconError(ValueError):
    """The rule lexicon cannot be used (one line naming the file and the field)."""


@dataclass(frozen=True)
class RuleLexicon:
    spec: LexiconSpec
    actors: dict[str, Actor]  # lower-case name or alias -> actor

    def __post_init__(self) -> None:
        # Word sets are asked for per sentence; build each once (the lexicon is immutable).
        object.__setattr__(self, "_words", {})

    @property
    def relations(self) -> tuple[RelationSpec, ...]:
        return tuple(self.spec.relations)

    @property
    def targets(self) -> tuple[TargetSpec, ...]:
        return tuple(self.spec.targets)

    @property
    def units(self) -> dict[str, float]:
        return {k.lower(): v for k, v in self.spec.units.items()}

    @property
    def zones(self) -> ZoneSpec:
        return self.spec.zones

    def words(self, key: str) -> frozenset[str]:
        """A word list of the lexicon, lower-cased (an unknown key is a programming error)."""
        cache: dict[str, frozenset[str]] = self._words  # type: ignore[attr-defined]
        if key not in cache:
            cache[key] = frozenset(str(w).lower() for w in getattr(self.spec, key))
        return cache[key]

    @property
    def policy_nouns(self) -> frozenset[str]:
        """Head words of the permission and ban nouns ("permission", "light", "ban")."""
        return frozenset(p.split()[-1] for k in ("grant_nouns", "restrict_nouns")
                         for p in self.phrases(k))

    def phrases(self, key: str) -> tuple[str, ...]:
        return tuple(str(p).lower() for p in getattr(self.spec, key))

    def confidence(self, key: str) -> float:
        return float(getattr(self.spec.confidence, key))


def load_rule_lexicon(rules_path: Path | None = None, actors_path: Path | None = None
                      ) -> RuleLexicon:
    rules_path = rules_path or geodata_dir() / "lexicon" / "rules.yaml"
    actors_path = actors_path or geodata_dir() / "lexicon" / "actors.csv"
    raw = yaml.safe_load(rules_path.read_text(encoding="utf-8"))
    try:
        spec = LexiconSpec.model_validate(raw)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise LexiconError(f"{rules_path.name}: {where}: {first['msg']}") from None
    actors: dict[str, Actor] = {}
    with actors_path.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            actor = Actor(row["name"], row["country_code"] or None, row["kind"])
            for alias in [row["name"], *(row["aliases"] or "").split("|")]:
                if alias.strip():
                    actors[alias.strip().lower()] = actor
    return RuleLexicon(spec=spec, actors=actors)


@lru_cache(maxsize=1)
def rule_lexicon() -> RuleLexicon:
    return load_rule_lexicon()
