"""Token-level views of one parsed article: which tokens name a country, a located place or an
official, and which characters are a wire dateline (never a party, never a scope)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Token

from mapper.catalogs.capitals import capital_of
from mapper.geoparse.models import Place
from mapper.rules.lexicon import RuleLexicon


@dataclass
class DocIndex:
    countries: dict[int, str]  # token -> ISO2 (country names, demonyms, capitals as subjects)
    places: dict[int, Place]  # token -> place (role "place", resolved)
    actors: dict[int, str]  # token -> ISO2 (officials and institutions from actors.csv)
    datelines: list[tuple[int, int]] = field(default_factory=list)  # character ranges

    def in_dateline(self, token: Token) -> bool:
        return any(s <= token.idx < e for s, e in self.datelines)


def build_index(doc: Doc, places: list[Place], lexicon: RuleLexicon,
                actor_matcher: PhraseMatcher) -> DocIndex:
    """Which tokens name a country (names, demonyms, capitals as governments), a located place
    or an official, and where the wire datelines are."""
    countries: dict[int, str] = {}
    located: dict[int, Place] = {}
    struck_by = lexicon.words("use_verbs") | lexicon.words("strike_verbs")
    for p in places:
        span = doc.char_span(p.start, p.end, alignment_mode="expand")
        if span is None:
            continue
        capital = capital_of(p.resolved_name, p.country_code) \
            if p.feature_type == "city" else None
        for t in span:
            if p.feature_type == "country" and p.country_code:
                countries[t.i] = p.country_code
            elif capital and role_of(span.root) in ("nsubj", "dobj", "dative", "nsubjpass") \
                    and span.root.head.lemma_.lower() not in struck_by:
                countries[t.i] = capital  # "Washington gave Kyiv the go-ahead" (not "strike
                # Moscow": a city struck is a place)
            if p.role == "place" and p.lat is not None:
                located[t.i] = p
    # One sense per name: a country's name the model missed once ("has told Armenia that")
    # is still that country wherever it stands on its own.
    text = doc.text  # built anew on every access: once, not once per place
    names = {text[p.start:p.end]: p.country_code for p in places
             if p.feature_type == "country" and p.role == "place" and p.country_code}
    for token in doc:
        if token.i not in countries and token.text in names and token.is_title:
            countries[token.i] = names[token.text]
    actors: dict[int, str] = {}
    for match_id, start, end in actor_matcher(doc):
        actor = lexicon.actors[doc.vocab.strings[match_id]]
        if actor.country_code and any(t.pos_ == "PROPN" for t in doc[start:end]):
            for i in range(start, end):
                actors[i] = actor.country_code
    return DocIndex(countries, located, actors, datelines(text))


def datelines(text: str) -> list[tuple[int, int]]:
    """Wire datelines at the start of the text or of a paragraph ("WASHINGTON, May 31 (Reuters)
    — "): their places are where the story was filed, not parties or scope."""
    found: list[tuple[int, int]] = []
    starts = [0] + [m.end() for m in re.finditer(r"\n\s*\n", text)]
    for start in starts:
        head = text[start:start + 120]
        for dash in (" — ", " -- ", " – ", " - "):
            at = head.find(dash)
            if at > 0 and head[:at].split(",")[0].strip().isupper():
                found.append((start, start + at + len(dash)))
                break
    return found


def skip_det(doc: Doc, i: int) -> int:
    """The first token at or after i that is not a determiner ("inside the Kursk region")."""
    while i < len(doc) and doc[i].pos_ == "DET":
        i += 1
    return i


def token_at(doc: Doc, char: int) -> int:
    span = doc.char_span(char, char + 1, alignment_mode="expand")
    return span.start if span is not None else -1


def role_of(token: Token) -> str:
    """The dependency of the phrase a token heads ("Ukrainian troops" -> nsubj)."""
    node = token
    while node.dep_ in ("compound", "amod", "npadvmod", "nmod") and node.head.i != node.i:
        node = node.head
    return node.dep_


def after_word(doc: Doc, i: int, words: tuple[str, ...]) -> bool:
    return i > 0 and doc[i - 1].lower_ in words


def supply_before(doc: Doc, i: int, supply_words: frozenset[str]) -> bool:
    return any(doc[k].lower_ in supply_words for k in range(max(0, i - 3), i))


def parse_number(text: str) -> float | None:
    try:
        return float(text.replace(",", ""))
    except ValueError:
        return None
