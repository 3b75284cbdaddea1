"""Words and phrases of the lexicon found on spaCy tokens: one word by lemma or lower-case form,
a phrase by the lower-case forms or lemmas of consecutive tokens."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from spacy.tokens import Span, Token


def forms(token: Token) -> tuple[str, str]:
    return token.lower_, token.lemma_.lower()


@dataclass(frozen=True)
class Hit:
    """A listed word or phrase found at tokens start..end (end exclusive) of the doc."""

    start: int
    end: int
    key: str  # the lexicon entry
    value: object  # what the caller filed under it


class WordFinder:
    """Finds the entries of word lists on tokens; longest match first, no overlaps."""

    def __init__(self, entries: Iterable[tuple[str, object]]) -> None:
        self.by_first: dict[str, list[tuple[tuple[str, ...], str, object]]] = {}
        for text, value in entries:
            words = tuple(str(text).lower().split())
            if words:
                self.by_first.setdefault(words[0], []).append((words, str(text).lower(), value))
        for options in self.by_first.values():
            options.sort(key=lambda o: -len(o[0]))

    def _match_at(self, tokens: list[Token], i: int) -> tuple[int, str, object] | None:
        for first in set(forms(tokens[i])):
            for words, key, value in self.by_first.get(first, ()):
                n = len(words)
                if i + n > len(tokens):
                    continue
                if all(words[k] in forms(tokens[i + k]) for k in range(1, n)):
                    return n, key, value
        return None

    def find(self, span: Span | list[Token]) -> list[Hit]:
        tokens = list(span)
        hits: list[Hit] = []
        i = 0
        while i < len(tokens):
            found = self._match_at(tokens, i)
            if found is None:
                i += 1
                continue
            n, key, value = found
            hits.append(Hit(tokens[i].i, tokens[i].i + n, key, value))
            i += n
        return hits

    def has(self, token: Token) -> bool:
        return any(words[0] in forms(token) and len(words) == 1
                   for first in set(forms(token)) for words, _, _ in self.by_first.get(first, ()))


def word_set_has(words: frozenset[str], token: Token) -> bool:
    """Whether the token's form or lemma is in a lower-cased word set (a capitalised plural
    the tagger took for a name, "Gangs", by its singular too)."""
    lower = token.lower_
    return lower in words or token.lemma_.lower() in words or (
        lower.endswith("s") and lower[:-1] in words)
