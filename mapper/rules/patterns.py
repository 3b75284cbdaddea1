"""Lexicon phrases -> spaCy Matcher token patterns (placeholders {num}, {unit}, {gap})."""

from __future__ import annotations

from typing import Any

from spacy.language import Language
from spacy.matcher import Matcher

GAP_WORDS = 4


def phrase_pattern(nlp: Language, phrase: str, units: list[str], lemma_last: bool = False,
                   qualifiers: list[str] | None = None) -> list[dict[str, Any]]:
    """One phrase as a token pattern; with `lemma_last` its last word matches any inflection.
    A number may follow up to two `qualifiers` ("about 322 km", "at least 100 miles")."""
    pattern: list[dict[str, Any]] = []
    pieces = phrase.split()
    for n, piece in enumerate(pieces):
        if piece == "{num}":
            if qualifiers:
                pattern.extend({"LOWER": {"IN": qualifiers}, "OP": "?"} for _ in range(2))
            pattern.append({"LIKE_NUM": True})
        elif piece == "{unit}":
            pattern.append({"LOWER": {"IN": units}})
        elif piece == "{gap}":
            pattern.extend({"IS_PUNCT": False, "OP": "?"} for _ in range(GAP_WORDS))
        else:
            words = [t.lower_ for t in nlp.make_doc(piece)]
            for k, word in enumerate(words):
                last = n == len(pieces) - 1 and k == len(words) - 1
                if last and lemma_last:
                    pattern.append({"LEMMA": {"IN": [word, *_lemma_variants(word)]}})
                else:
                    pattern.append({"LOWER": word})
    return pattern


def _lemma_variants(word: str) -> list[str]:
    """Spellings the lemmatiser may give ("authorise" and "authorize" are listed separately)."""
    return [word[:-1]] if word.endswith("s") and len(word) > 3 else []


def add_phrases(matcher: Matcher, nlp: Language, key: str, phrases: list[str] | tuple[str, ...],
                units: list[str], lemma_last: bool = False,
                qualifiers: list[str] | None = None) -> None:
    patterns = [phrase_pattern(nlp, p, units, lemma_last, qualifiers)
                for p in phrases if p.strip()]
    if patterns:
        matcher.add(key, patterns)


def participles(word: str) -> set[str]:
    """Regular past participles of a verb, as the tagger leaves them on adjectives
    ("restricted", "banned", "barred", "okayed")."""
    forms = {word + "d"} if word.endswith("e") else {word + "ed"}
    if word.endswith("y") and len(word) > 2 and word[-2] not in "aeiou":
        forms.add(word[:-1] + "ied")
    if len(word) <= 4 and word[-1] not in "aeiouwy" and word[-2] in "aeiou" and \
            word[-3:-2] not in ("a", "e", "i", "o", "u"):
        forms.add(word + word[-1] + "ed")  # bar -> barred, ban -> banned
    return forms


def add_lemmas(matcher: Matcher, key: str, lemmas: list[str] | frozenset[str], pos: list[str]
               ) -> None:
    """Single-word lemmas with a part of speech (so the noun "rule" is not the verb); an
    adjective may be the participle ("restricted from use")."""
    single = sorted(w for w in lemmas if " " not in w and "-" not in w)
    if single:
        patterns = [[{"LEMMA": {"IN": single}, "POS": {"IN": pos}}],
                    [{"LOWER": {"IN": single}, "POS": {"IN": pos}}]]
        if "ADJ" in pos:
            forms = sorted({f for w in single for f in participles(w)})
            patterns.append([{"LOWER": {"IN": forms}, "POS": "ADJ"}])
        matcher.add(key, patterns)
