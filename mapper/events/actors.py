"""Who acted and against whom, normalised the way ACLED names actors: a state's forces
("Military Forces of Russia (2000-)"), a named armed group, or an unidentified one."""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Token

from mapper.events.lexicon import EventsLexicon
from mapper.events.standing import governing_verb
from mapper.events.words import word_set_has
from mapper.geoparse.models import Place

SUBJECTS = ("nsubj", "nsubjpass", "csubj")
MODIFIERS = ("amod", "compound", "poss", "nmod")


@dataclass(frozen=True)
class Actor:
    label: str
    kind: str  # "state", "group", "unidentified", "police", "civilians"
    country_code: str | None


class ActorReader:
    def __init__(self, lexicon: EventsLexicon) -> None:
        self.spec = lexicon.spec
        self.force = lexicon.words("force_words")
        self.army = lexicon.words("army_words")
        self.police = lexicon.words("police_words")
        self.armed = lexicon.words("armed_group_words")
        self.civilian = lexicon.words("civilian_targets")
        self.groups: dict[str, str] = {}
        for group in lexicon.spec.groups:
            for alias in [group.label, *group.aliases]:
                self.groups[alias if alias.isupper() or len(alias) <= 3 else alias.lower()] = \
                    group.label
        self.max_alias = max((len(a.split()) for a in self.groups), default=1)

    # -- naming ---------------------------------------------------------------------------------
    def state(self, code: str | None, name: str | None) -> Actor | None:
        if not code:
            return None
        label = self.spec.state_labels.get(code) or self.spec.state_forces_label.format(
            country=name or code)
        return Actor(label, "state", code)

    def _group_in(self, tokens: list[Token]) -> str | None:
        words = [t.text for t in tokens]
        for n in range(min(self.max_alias + 2, len(words)), 0, -1):
            for i in range(len(words) - n + 1):
                # as written: "al-Shabab" is three tokens with no spaces between
                text = "".join(t.text_with_ws for t in tokens[i:i + n]).strip()
                label = self.groups.get(text) or self.groups.get(text.lower())
                if label and (not text.isupper() or text == text.upper()):
                    return label
        return None

    def _country_in(self, tokens: list[Token], places: dict[int, Place]) -> Place | None:
        for t in tokens:
            p = places.get(t.i)
            if p is not None and p.country_code and (p.role == "actor"
                                                     or p.feature_type == "country"):
                return p
        return None

    def name(self, phrase: list[Token], places: dict[int, Place], where: str | None,
             country_name: str | None, target: bool = False) -> Actor | None:
        """The actor a noun phrase names (its tokens), or None. A target ("Russia's Belgorod
        region") names a state's forces only with a force word ("Russian troops")."""
        if not phrase:
            return None
        if target and not any(word_set_has(self.force, t) or word_set_has(self.army, t)
                              or word_set_has(self.armed, t) or word_set_has(self.police, t)
                              or word_set_has(self.civilian, t) for t in phrase):
            return Actor(group, "group", None) if (group := self._group_in(phrase)) else None
        group = self._group_in(phrase)
        if group:
            return Actor(group, "group", None)
        country = self._country_in(phrase, places)
        if any(word_set_has(self.police, t) for t in phrase):
            code = country.country_code if country else where
            name = country.resolved_name if country else country_name
            if code:
                return Actor(self.spec.police_label.format(country=name or code), "police", code)
        if any(word_set_has(self.armed, t) for t in phrase):
            code = where
            return Actor(self.spec.unidentified_label.format(country=country_name or code or "")
                         .replace(" ()", ""), "unidentified", code)
        if country is not None:
            return self.state(country.country_code, country.resolved_name)
        if where and any(word_set_has(self.army, t) and t.pos_ in ("NOUN", "PROPN")
                         and not t.ent_type_ for t in phrase):
            return self.state(where, country_name)  # "an army drone strike" in that country
        if any(word_set_has(self.civilian, t) for t in phrase) and where:
            return Actor(self.spec.civilians_label.format(country=country_name or where),
                         "civilians", where)
        return None

    # -- finding the phrases ----------------------------------------------------------------------
    @staticmethod
    def _phrase(token: Token) -> list[Token]:
        """The noun phrase without its clauses and prepositional places ("a village in X")."""
        out = [token]
        for child in token.children:
            if child.dep_ in ("relcl", "acl", "appos", "prep"):
                continue
            out.extend(child.subtree)
        return sorted(out, key=lambda t: t.i)[:12]

    def names_someone(self, phrase: list[Token]) -> bool:
        return bool(self._group_in(phrase)) or any(
            t.ent_type_ in ("NORP", "GPE", "ORG") or word_set_has(self.armed, t)
            or word_set_has(self.force, t) for t in phrase)

    def agent_phrase(self, trigger: Token) -> list[Token]:
        """The words naming who acted: the subject or "by" agent of the trigger's verb, or the
        noun trigger's own modifiers ("Israeli strike", "Russia's attack")."""
        if trigger.pos_ in ("NOUN", "PROPN"):
            mods = [t for c in trigger.children if c.dep_ in MODIFIERS for t in c.subtree]
            by = [t for c in trigger.children if c.dep_ == "prep" and c.lower_ == "by"
                  for t in c.subtree]
            if (mods or by) and self.names_someone(mods + by):
                return mods + by
        verb = governing_verb(trigger)
        for child in verb.children:
            if child.dep_ == "agent":
                objects = [c for c in child.children if c.dep_ == "pobj"]
                return self._phrase(objects[0]) if objects else []
        for child in verb.children:
            if child.dep_ == "nsubj":
                return self._phrase(child)
        if verb.dep_ in ("xcomp", "conj", "advcl") and verb.head.i != verb.i:
            for child in verb.head.children:
                if child.dep_ == "nsubj":
                    return self._phrase(child)
        return []

    def target_phrase(self, trigger: Token, full: bool = False) -> list[Token]:
        """The words naming what was hit: the object, a passive subject, or "on X" (`full`:
        with its prepositional phrases, "control of the base in X")."""
        phrase = (lambda t: list(t.subtree)) if full else self._phrase
        verb = governing_verb(trigger) if trigger.pos_ in ("NOUN", "PROPN") else trigger
        if trigger.pos_ in ("NOUN", "PROPN"):
            for child in trigger.children:
                if child.dep_ == "prep" and child.lower_ in ("on", "against"):
                    objects = [c for c in child.children if c.dep_ == "pobj"]
                    return phrase(objects[0]) if objects else []
        for child in verb.children:
            if child.dep_ in ("dobj", "nsubjpass"):
                return phrase(child)
        return []
