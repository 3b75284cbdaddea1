"""Toponym recognition: spaCy's entities, corrected and completed by the gazetteer."""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

import yaml
from spacy.tokens import Doc, Span, Token

from mapper.gazetteer import Candidate, Gazetteer, NameKind, normalize_name
from mapper.geoparse.models import Toponym
from mapper.paths import geodata_dir

PROMINENT_TYPES = frozenset({"country", "admin1", "region", "water", "river", "landmark"})
POPULATED_AREAS = frozenset({"admin1"})  # their population (sum of towns) says how notable
TRIM_LEADING = frozenset({"the", "a", "an"})
POSSESSIVE = frozenset({"'s", "’s", "'", "’"})


@dataclass(frozen=True)
class Lexicon:
    place_labels: frozenset[str]
    relabel_labels: frozenset[str]
    actor_labels: frozenset[str]
    embedding_labels: frozenset[str]
    designated_embedding_labels: frozenset[str]
    strict_relabel_labels: frozenset[str]
    person_labels: frozenset[str]
    directions: frozenset[str]
    place_heads: frozenset[str]
    street_words: frozenset[str]
    facility_labels: frozenset[str]
    facility_heads: frozenset[str]
    locative_cues: frozenset[str]
    person_titles: frozenset[str]
    institution_words: frozenset[str]
    weak_cues: frozenset[str]
    compound_place_words: frozenset[str]
    not_places: frozenset[str]
    relabel_min_population: int
    person_relabel_min_population: int
    scan_min_population: int
    embedded_min_population: int
    cue_min_population: int
    scan_max_tokens: int

    @classmethod
    def load(cls, path: Path | None = None) -> Lexicon:
        raw = yaml.safe_load((path or geodata_dir() / "lexicon" / "geoparse.yaml")
                             .read_text(encoding="utf-8"))
        kwargs: dict[str, object] = {name: frozenset(raw[name]) for name in _LABEL_SETS}
        kwargs |= {name: _words(raw[name]) for name in _WORD_SETS}
        # A title ("Lt."), a street word ("Avenue") or a compound word ("Park") alone is never
        # a place, whatever the gazetteer or the NER says.
        kwargs["not_places"] = _words(raw["not_places"]) | _words(raw["directions"]) | _words(
            raw["person_titles"]) | _words(raw["street_words"]) | _words(
            raw["compound_place_words"])
        kwargs |= {name: int(raw["thresholds"][name]) for name in _THRESHOLDS}
        return cls(**kwargs)  # type: ignore[arg-type]


_LABEL_SETS = ("place_labels", "relabel_labels", "actor_labels", "embedding_labels",
               "designated_embedding_labels", "strict_relabel_labels", "person_labels",
               "facility_labels")
_WORD_SETS = ("directions", "place_heads", "street_words", "facility_heads", "locative_cues",
              "person_titles", "institution_words", "weak_cues", "compound_place_words")
_THRESHOLDS = ("relabel_min_population", "person_relabel_min_population",
               "scan_min_population", "embedded_min_population", "cue_min_population",
               "scan_max_tokens")


def _words(words: list[str]) -> frozenset[str]:
    return frozenset(normalize_name(str(w)) for w in words) - {""}


@lru_cache(maxsize=1)
def default_lexicon() -> Lexicon:
    return Lexicon.load()


class Recognizer:
    """Finds toponyms in a parsed Doc. Stateless between documents."""

    def __init__(self, gazetteer: Gazetteer, lexicon: Lexicon | None = None) -> None:
        self.gazetteer = gazetteer
        self.lexicon = lexicon or default_lexicon()
        self._lookup_cache: dict[str, list[Candidate]] = {}

    # -- public ------------------------------------------------------------------------------
    def __call__(self, doc: Doc) -> list[Toponym]:
        found: list[Toponym] = []
        covered = [False] * len(doc)
        person_surnames = self._person_tokens(doc)
        place_texts = {normalize_name(e.text) for e in doc.ents
                       if e.label_ in self.lexicon.place_labels}
        doubtful: list[Span] = []  # person-labelled names that may still be places
        for ent in doc.ents:
            toponym = self._from_entity(ent, person_surnames, place_texts, doubtful)
            for i in range(ent.start, ent.end):
                covered[i] = True
            if toponym is not None:
                found.append(toponym)
        # One sense per name: a doubtful name is a place if it is one elsewhere in the text.
        accepted = {normalize_name(t.text) for t in found if t.role == "place"}
        for span in doubtful:
            if normalize_name(span.text) in accepted:
                found.append(Toponym(span.start_char, span.end_char, span.text, "relabel"))
        found.extend(self._datelines(doc, covered))
        found.extend(self._demonyms(doc, covered))
        found.extend(self._scan(doc, covered, person_surnames))
        found.extend(_repeats(doc, found, covered))
        found.sort(key=lambda t: t.start)
        merged = self._merge_conjoined(doc.text, _drop_overlaps(found))
        return [_mark_modifier(doc, t) for t in merged]

    # -- entities ----------------------------------------------------------------------------
    def _from_entity(self, ent: Span, person_surnames: set[str], place_texts: set[str],
                     doubtful: list[Span]) -> Toponym | None:
        span = self._trim(ent)
        if span is None:
            return None
        norm = normalize_name(span.text)
        if not norm or norm in self.lexicon.not_places:
            return None
        label = ent.label_
        if label in self.lexicon.actor_labels and self.gazetteer.demonym(span.text) is not None:
            return Toponym(span.start_char, span.end_char, span.text, "demonym", "actor")
        if label in self.lexicon.facility_labels and _head_words(
                span.doc, span.end - 1, span.end) in self.lexicon.facility_heads:
            # named infrastructure: "Antonivskyi Bridge", "Royal Street", "Belbek Air Base"
            return Toponym(span.start_char, span.end_char, span.text, "facility")
        if label in self.lexicon.place_labels:
            if self.gazetteer.demonym(span.text) is not None and not any(
                    c.name_kind == NameKind.CANONICAL and c.match == "exact"
                    for c in self._candidates(norm, span.text)):
                return Toponym(span.start_char, span.end_char, span.text, "demonym", "actor")
            if len(span) == 1 and norm in person_surnames and not self._prominent(
                    span, norm, self.lexicon.relabel_min_population, canonical_only=True,
                    use_cue=False):
                return None  # "Modi" after "Narendra Modi": a person the model called a place
            span, hint = self._extend_designator(span)
            span = self._with_compound_tail(span)
            if len(span) == 1 and not self._has_cue(span) and not self._known(span) and (
                    not self.gazetteer.fuzzy_lookup(span.text, limit=1)):
                return None  # a lone unknown word, no "in"/"near": "Saakashvili", "Petrova"
            if len(span) >= 2 and not self._known(span):
                inner = self._known_part(span)
                if inner is not None:
                    return Toponym(inner.start_char, inner.end_char, inner.text, "ner")
            return Toponym(span.start_char, span.end_char, span.text, "ner",
                           feature_hint=hint)
        if label in self.lexicon.relabel_labels:
            if self._after_title(span):
                return None  # "Mrs. Lincoln"
            extended, hint = self._extend_designator(span)
            own_hint = self._designated(span, norm) if len(span) >= 2 else frozenset()
            if own_hint:
                # "Walker County" labelled an event ("the Walker County Fair"): the designator
                # it carries decides
                return Toponym(span.start_char, span.end_char, span.text, "relabel",
                               feature_hint=own_hint)
            if extended.end > span.end and hint and self._known_as(extended, hint):
                # "the Volyn region" with "Volyn" labelled a person: the designator decides
                return Toponym(extended.start_char, extended.end_char, extended.text, "relabel",
                               feature_hint=hint)
            if norm in person_surnames and norm not in place_texts:
                return None  # "Lincoln" after "Abraham Lincoln"
            strict = label in self.lexicon.strict_relabel_labels and span.text.isascii()
            floor = self.lexicon.relabel_min_population
            if label in self.lexicon.person_labels:
                # A person-labelled name needs more: a locative cue, a big population, or a
                # mention elsewhere that is clearly a place (second pass in __call__).
                floor = self.lexicon.person_relabel_min_population
                if not self._prominent(span, norm, floor, canonical_only=True, area_floor=floor):
                    if self._prominent(span, norm, self.lexicon.relabel_min_population):
                        doubtful.append(span)
                    floor = -1  # not relabelled; embedded places are still looked for below
            # A group label ("the Liberal government of ...") is overruled by a notable place,
            # or by a strong locative cue ("near Rylsk"); a weak one ("of the") is not enough.
            if floor >= 0 and self._prominent(span, norm, floor, canonical_only=True,
                                              strict=strict, strong_cue=strict):
                span, hint = self._extend_designator(span)
                return Toponym(span.start_char, span.end_char, span.text, "relabel",
                               feature_hint=hint)
            if label in self.lexicon.embedding_labels and len(span) >= 2:
                return self._embedded(span)
            if label in self.lexicon.designated_embedding_labels and len(span) >= 2:
                return self._embedded(span, designated_only=True)
        return None

    def _known(self, span: Span) -> bool:
        norm = normalize_name(span.text)
        return any(c.match != "fuzzy" for c in self._candidates(norm, span.text))

    def _known_as(self, span: Span, types: frozenset[str]) -> bool:
        """Does the gazetteer know this name as one of these feature types?"""
        norm = normalize_name(span.text)
        return any(c.match != "fuzzy" and c.feature_type in types
                   for c in self._candidates(norm, span.text))

    def _designated(self, span: Span, norm: str) -> frozenset[str]:
        """The feature types the name's designator asks for ("Walker County" -> admin2, ...)
        when the gazetteer knows the name as one of them; empty otherwise."""
        hint = self.gazetteer.designators.types(norm)
        return hint if hint and self._known_as(span, hint) else frozenset()

    def _known_part(self, span: Span) -> Span | None:
        """The longest prominent place inside an unknown multi-word name: "Building Ireland"
        -> "Ireland", "Greater Kharkiv Area" -> "Kharkiv"."""
        doc = span.doc
        for width in range(len(span) - 1, 0, -1):
            for start in range(span.start, span.end - width + 1):
                inner = doc[start:start + width]
                if self._direction_led(inner) or (
                        inner.end < span.end and self._compound_word(doc[inner.end])):
                    continue  # "Jackson" in "Jackson Township" is not the town of Jackson
                norm = normalize_name(inner.text)
                if not norm or norm in self.lexicon.not_places:
                    continue
                if self._designated(inner, norm) or self._prominent(
                        inner, norm, self.lexicon.embedded_min_population,
                        canonical_only=True, use_cue=False):
                    return inner  # "Colfax County" in "Colfax County Sheriff's Department"
        return None

    def _compound_word(self, token: Token) -> bool:
        return _capitalised(token) and normalize_name(token.text) in \
            self.lexicon.compound_place_words

    def _with_compound_tail(self, span: Span) -> Span:
        """The span plus a following compound word ("Tennessee" + "Colony"): the known name
        opens a longer one. Not before an institution ("Kharkiv City Council")."""
        doc = span.doc
        if (span.end < len(doc) and self._compound_word(doc[span.end])
                and _head_words(doc, span.end, len(doc)) not in self.lexicon.place_heads):
            return doc[span.start:span.end + 1]
        return span

    def _direction_led(self, span: Span) -> bool:
        """"Northeast Georgia" is Georgia, not a place of its own; but "West Virginia" and
        "South Sudan" are countries and states by their own name."""
        if normalize_name(span[0].text) not in self.lexicon.directions:
            return False
        return len(span) < 2 or not any(c.match == "exact" and c.name_kind == NameKind.CANONICAL
                       and c.feature_type in {"country", "admin1"}
                       for c in self._candidates(normalize_name(span.text), span.text))

    def _merge_conjoined(self, text: str, found: list[Toponym]) -> list[Toponym]:
        """"Trinidad" + "and" + "Tobago" -> one place when the gazetteer knows the whole."""
        out: list[Toponym] = []
        for t in found:
            if out and out[-1].role == "place" and t.role == "place":
                between = text[out[-1].end:t.start]
                if between.strip().lower() in {"and", "&"} and len(between) <= 6:
                    whole = text[out[-1].start:t.end]
                    hits = self._candidates(normalize_name(whole), whole)
                    if any(c.feature_type in {"country", "admin1"} and c.match == "exact"
                           for c in hits):
                        out[-1] = Toponym(out[-1].start, t.end, whole, out[-1].source)
                        continue
            out.append(t)
        return out

    def _embedded(self, span: Span, designated_only: bool = False) -> Toponym | None:
        """A place inside an organisation's name: "New York Times", "University of
        Pennsylvania", "Mount Pleasant City Council", "Butler County Coroner's Office"; with
        `designated_only` (people's titles), only a name with a designator ("Laurel County
        Clerk Dean Johnson")."""
        designators = self.gazetteer.designators
        doc = span.doc
        if not designated_only:
            for width in (2, 1):
                opening = doc[span.start:span.start + width]
                if len(opening) == width < len(span) and self.gazetteer.demonym(
                        opening.text) is not None:  # "American Electric Power"
                    return Toponym(opening.start_char, opening.end_char, opening.text,
                                   "demonym", "actor")
        for width in range(min(3, len(span) - 1), 0, -1):
            for start in range(span.start, span.end - width + 1):
                inner = doc[start:start + width]
                if not all(t.text[:1].isupper() and t.text.replace(".", "").isalpha()
                           for t in inner):
                    continue
                norm = normalize_name(inner.text)
                if not norm or norm in self.lexicon.not_places or self._direction_led(inner):
                    continue
                hint = designators.types(norm)
                designated = bool(hint) and self._known_as(inner, hint)
                if designated_only:
                    # the model often cuts "Huntsville Fire | Chief": read past the entity
                    head = _head_words(doc, inner.end, len(doc))
                    if designated or (head in self.lexicon.place_heads and self._known(inner)
                                      and start == span.start):
                        # "Laurel County Clerk ...", "Huntsville Fire Chief Tom Grisham"
                        return Toponym(inner.start_char, inner.end_char, inner.text,
                                       "embedded", feature_hint=hint)
                    continue
                head = _head_words(doc, inner.end, span.end)
                if head.split(" ")[0] in self.lexicon.street_words:
                    continue  # "6016 Dublin Road" is a street, not Dublin
                floor = self.lexicon.embedded_min_population
                if (head in self.lexicon.place_heads and self._known(inner)) or designated or (
                        self._prominent(inner, norm, floor, canonical_only=True,
                                        use_cue=False, area_floor=floor)):
                    return Toponym(inner.start_char, inner.end_char, inner.text, "embedded",
                                   feature_hint=hint)
        return None

    def _trim(self, span: Span) -> Span | None:
        start, end = span.start, span.end
        doc = span.doc
        while start < end and (doc[start].lower_ in TRIM_LEADING or doc[start].is_punct):
            start += 1
        while end > start and (doc[end - 1].text in POSSESSIVE or doc[end - 1].is_punct):
            end -= 1
        return doc[start:end] if end > start else None

    def _extend_designator(self, span: Span) -> tuple[Span, frozenset[str]]:
        """Take in a following designator ("Kharkiv" + "Oblast"/"region"/"County")."""
        doc = span.doc
        designators = self.gazetteer.designators
        if span.end < len(doc):
            nxt = doc[span.end]
            for width in (2, 1):
                if span.end + width > len(doc):
                    continue
                tail = doc[span.end:span.end + width]
                if not all(t.is_alpha for t in tail):
                    continue
                after = doc[tail.end] if tail.end < len(doc) else None
                if after is not None and tail[0].text[:1].isupper() and (
                        after.lower_ == "of" or (after.text[:1].isupper() and after.is_alpha)):
                    continue  # "Minnesota Department of ...", "Douglas County Road 4"
                words = normalize_name(tail.text)
                if designators.is_designator(words) and not nxt.is_sent_start:
                    extended = doc[span.start:span.end + width]
                    return extended, designators.types(normalize_name(extended.text))
        return span, designators.types(normalize_name(span.text))

    # -- passes over what NER did not label -------------------------------------------------
    def _datelines(self, doc: Doc, covered: list[bool]) -> list[Toponym]:
        """Wire-style datelines in capitals: "COLUMBUS, Ohio —", "BEIRUT (AP) -"."""
        found = []
        for token in doc:
            if covered[token.i] or not (token.is_alpha and token.is_upper and len(token) >= 3):
                continue
            at_start = token.i == 0 or token.is_sent_start or "\n" in doc[token.i - 1].text_with_ws
            following = doc[token.i + 1].text if token.i + 1 < len(doc) else ""
            if not at_start or following not in {",", "-", "—", "–", "("}:
                continue
            title = token.text.title()
            norm = normalize_name(title)
            if norm in self.lexicon.not_places:
                continue
            hits = [c for c in self._candidates(norm, title)
                    if c.match != "fuzzy" and c.name_kind != NameKind.CODE]
            if hits:
                covered[token.i] = True
                found.append(Toponym(token.idx, token.idx + len(token), token.text, "dateline"))
        return found

    def _demonyms(self, doc: Doc, covered: list[bool]) -> list[Toponym]:
        """Demonyms the model did not tag ("American officials", "South Ossetian forces")."""
        found = []
        i = 0
        while i < len(doc):
            if covered[i] or not doc[i].text[:1].isupper() or not doc[i].is_alpha:
                i += 1
                continue
            for width in (2, 1):
                span = doc[i:i + width]
                if len(span) < width or any(covered[k] for k in range(span.start, span.end)):
                    continue
                if self.gazetteer.demonym(span.text) is not None:
                    found.append(Toponym(span.start_char, span.end_char, span.text, "demonym",
                                         "actor"))
                    for k in range(span.start, span.end):
                        covered[k] = True
                    i = span.end - 1
                    break
            i += 1
        return found

    # -- gazetteer scan over what NER did not label ------------------------------------------
    def _scan(self, doc: Doc, covered: list[bool], person_surnames: set[str]) -> list[Toponym]:
        found = []
        i = 0
        max_tokens = self.lexicon.scan_max_tokens
        while i < len(doc):
            if covered[i] or not _capitalised(doc[i]):
                i += 1
                continue
            j = i
            while j < len(doc) and j - i < max_tokens and not covered[j] and (
                    _capitalised(doc[j]) or (j > i and doc[j].lower_ in {"of", "-"})):
                j += 1
            matched = False
            for end in range(j, i, -1):
                span = doc[i:end]
                if not _capitalised(doc[end - 1]):
                    continue
                norm = normalize_name(span.text)
                if (not norm or norm in self.lexicon.not_places or norm in person_surnames
                        or self._after_title(span)):
                    continue
                if span.text.isupper() and len(span.text) <= 3:
                    continue  # acronyms ("GW", "NJ") are left to the NER
                # A lone capitalised word opening a sentence needs the place's own name.
                opening = span.start == span.sent.start and len(span) == 1
                if (len(span) >= 2 and self._designated(span, norm)) or self._prominent(
                        span, norm, self.lexicon.scan_min_population, canonical_only=opening,
                        strict=opening):  # "Walker County Fair": the designator is evidence
                    span, hint = self._extend_designator(span)
                    # "Meadow Grove": the known "Meadow" opens a longer name the gazetteer
                    # lacks; take the whole, to be placed near the story's town.
                    span = self._with_compound_tail(span)
                    found.append(Toponym(span.start_char, span.end_char, span.text,
                                         "gazetteer", feature_hint=hint))
                    for k in range(span.start, span.end):
                        covered[k] = True
                    i = span.end
                    matched = True
                    break
            if not matched:
                i = max(j, i + 1)
        return found

    # -- evidence ----------------------------------------------------------------------------
    def _candidates(self, norm: str, text: str) -> list[Candidate]:
        if norm not in self._lookup_cache:
            if len(self._lookup_cache) > 50_000:
                self._lookup_cache.clear()
            self._lookup_cache[norm] = self.gazetteer.lookup(text, limit=5)
        return self._lookup_cache[norm]

    def _prominent(self, span: Span, norm: str, min_population: int,
                   canonical_only: bool = False,
                   use_cue: bool = True, strict: bool = False, area_floor: int = 0,
                   strong_cue: bool = False) -> bool:
        """Does the gazetteer know this name as a notable place? Codes ("BA", "KLM") never
        count; with `canonical_only`, towns must carry the name as their own (not "Zara")."""
        candidates = [c for c in self._candidates(norm, span.text)
                      if c.match != "fuzzy" and c.name_kind != NameKind.CODE]
        if not candidates:
            return False
        if len(span) == 1 and span.text.lower() in _lowercase_words(span.doc):
            return False  # the text uses it as a common word ("man", "metro", "interior")
        cue = use_cue and self._has_cue(span, strong_only=strong_cue)
        floor = self.lexicon.cue_min_population if cue else min_population
        if strict:
            candidates = [c for c in candidates if c.name_kind == NameKind.CANONICAL]
        for c in candidates:
            own_name = c.name_kind == NameKind.CANONICAL or c.match == "designator" or cue
            if canonical_only and c.feature_type in POPULATED_AREAS and not own_name:
                continue  # "Interior" (Oman's Ad Dakhiliyah), "Miss." (Mississippi)
            if c.feature_type in PROMINENT_TYPES and (
                    c.feature_type not in POPULATED_AREAS or cue or c.population >= area_floor):
                return True
            if canonical_only and not own_name:
                continue  # "Zara" is an old name of Zadar, but here a shop
            if c.feature_type == "city" and c.population >= floor:
                return True
            if c.feature_type == "admin2" and cue:
                return True
        return False

    def _has_cue(self, span: Span, strong_only: bool = False) -> bool:
        """Is the name right after a locative word ("in", "near", "north of")? With
        `strong_only`, weak cues ("of": "the Liberal government of ...") do not count."""
        doc = span.doc
        k = span.start - 1
        while k >= 0 and doc[k].lower_ in TRIM_LEADING:
            k -= 1
        if k < 0 or doc[k].lower_ not in self.lexicon.locative_cues:
            return False
        if doc[k].lower_ not in self.lexicon.weak_cues:
            return True
        if strong_only:
            return False
        # A weak cue after an institution's head word ("Division of Highways", "Bank of
        # America") is part of its name, not a pointer to a place; after a person ("Robert
        # Kochuk of East Hampton"), a title ("Mayor of Vovchansk") or a settlement word it
        # still is one.
        before = doc[k - 1] if k > 0 else None
        return not (before is not None and _capitalised(before)
                    and normalize_name(before.text) in self.lexicon.institution_words)

    def _after_title(self, span: Span) -> bool:
        k = span.start - 1
        doc = span.doc
        while k >= 0 and doc[k].is_punct and doc[k].text == ".":
            k -= 1
        return k >= 0 and normalize_name(doc[k].text) in self.lexicon.person_titles

    @staticmethod
    def _person_tokens(doc: Doc) -> set[str]:
        """Surnames of people named in full ("Joe Biden" -> "biden")."""
        out = set()
        for ent in doc.ents:
            if ent.label_ == "PERSON" and len(ent) >= 2:
                out.add(normalize_name(ent[-1].text))
        return out


def _mark_modifier(doc: Doc, t: Toponym) -> Toponym:
    """Flag names that modify a following noun ("US officials", "Ukraine's forces"): when they
    resolve to a country they name an actor, not a place on the map."""
    span = doc.char_span(t.start, t.end, alignment_mode="expand")
    if span is None or t.role != "place":
        return t
    root = span.root
    if root.dep_ in {"compound", "amod", "poss", "nmod"} and root.head.i >= span.end and (
            root.head.pos_ in {"NOUN", "PROPN"}):
        return replace(t, modifier=True)
    return t


def _repeats(doc: Doc, found: list[Toponym], covered: list[bool]) -> list[Toponym]:
    """One sense per name: a place name found once is a place wherever else it stands on its
    own in the text (the model often misses the second "Armenia" of an article)."""
    names = {t.text for t in found if t.role == "place" and t.text[:1].isupper()}
    if not names:
        return []
    text = doc.text
    taken = bytearray(len(text) + 1)
    for t in found:
        taken[t.start:t.end] = b"\x01" * (t.end - t.start)
    starts = {t.idx: t.i for t in doc}
    out: list[Toponym] = []
    for name in names:
        at = text.find(name)
        while at != -1:
            end = at + len(name)
            span = doc.char_span(at, end) if at in starts else None
            if span is not None and not any(taken[at:end]) and \
                    not any(covered[i] for i in range(span.start, span.end)):
                out.append(Toponym(at, end, name, "repeat"))
                taken[at:end] = b"\x01" * (end - at)
            at = text.find(name, end)
    return out


def _lowercase_words(doc: Doc) -> set[str]:
    """Words the text writes in lower case (cached on the Doc)."""
    cached = doc.user_data.get("mapper_lowercase_words")
    if cached is None:
        cached = {t.text for t in doc if t.is_alpha and t.text.islower()}
        doc.user_data["mapper_lowercase_words"] = cached
    return cached


def _head_words(doc: Doc, start: int, end: int) -> str:
    """The one or two words after a name inside an entity, normalised ("city council")."""
    return normalize_name(doc[start:min(start + 2, end)].text)


def _capitalised(token: Token) -> bool:
    """A capitalised proper noun (not "The", "In" or other capitalised function words).
    The English tagger cannot tag other scripts, so capitalised Cyrillic, Greek, ... words
    count whatever their tag ("Харків")."""
    text = token.text
    if not text or not text[0].isupper() or not token.is_alpha or token.is_stop:
        return False
    return token.pos_ == "PROPN" or not text.isascii()


def _drop_overlaps(toponyms: list[Toponym]) -> list[Toponym]:
    out: list[Toponym] = []
    for t in toponyms:
        if out and t.start < out[-1].end:
            if (t.end - t.start) > (out[-1].end - out[-1].start):
                out[-1] = t
            continue
        out.append(t)
    return out
