"""How many died: a number (digits or words) the sentence ties to a death ("killing 12",
"at least three people were killed", "10 fatalities", "35 dead", "killing a 46-year-old")."""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Span, Token

from mapper.events.lexicon import EventsLexicon
from mapper.events.words import WordFinder, word_set_has


@dataclass(frozen=True)
class Count:
    number: int
    token: int  # index of the number in the doc


class FatalityReader:
    def __init__(self, lexicon: EventsLexicon) -> None:
        self.kill = lexicon.words("kill_verbs")
        self.die = lexicon.words("death_verbs")
        self.life = lexicon.words("life_words")
        self.lose = lexicon.words("lose_verbs")
        self.nouns = lexicon.words("death_nouns")
        self.injury = lexicon.words("injury_words")
        self.persons = lexicon.words("person_nouns")
        self.numbers = {k.lower(): v for k, v in lexicon.spec.number_words.items()}
        self.phrases = WordFinder((p, True) for p in lexicon.spec.death_phrases if " " in p)

    def value(self, token: Token) -> int | None:
        text = token.lower_.replace(",", "")
        if text.isdigit():
            return int(text)
        if token.like_num and token.lower_ in self.numbers:
            return self.numbers[token.lower_]
        if token.lower_ in self.numbers and token.pos_ == "NUM":
            return self.numbers[token.lower_]
        return None

    def _number_of(self, token: Token) -> int | None:
        """The count a noun carries ("three people" -> 3, "a 46-year-old" -> 1)."""
        for child in token.children:
            if child.dep_ == "nummod":
                n = self.value(child)
                if n is not None:
                    return n
        if token.pos_ == "NUM" or token.like_num:
            return self.value(token)
        if word_set_has(self.persons, token) or token.lower_.endswith("year-old"):
            det = [c for c in token.children if c.dep_ == "det"]
            if det and det[0].lower_ in self.numbers and token.tag_ in ("NN", "NNP"):
                return self.numbers[det[0].lower_]
        return None

    def _dead(self, noun: Token) -> bool:
        """Whether the counted noun is what died."""
        if word_set_has(self.injury, noun):
            return False
        head = noun.head
        if noun.dep_ in ("dobj", "nsubjpass") and word_set_has(self.kill, head) and not \
                word_set_has(self.injury, head):
            return True
        if noun.dep_ == "nsubj" and (word_set_has(self.die, head) or (
                word_set_has(self.lose, head)
                and any(word_set_has(self.life, c) for c in head.children))):
            return True
        if any(word_set_has(self.nouns, c) and c.dep_ in ("amod", "acl", "compound", "appos")
               for c in noun.children):
            return True
        if word_set_has(self.nouns, noun) and not noun.like_num:
            return True
        if noun.dep_ in ("conj",) and noun.head.i != noun.i:
            return self._dead(noun.head) and not any(
                word_set_has(self.injury, c) for c in noun.children)
        return False

    def counts(self, sent: Span) -> list[Count]:
        """Every death count in the sentence."""
        out: list[Count] = []
        seen: set[int] = set()
        for token in sent:
            n = self._number_of(token)
            if n is None or token.i in seen:
                continue
            noun = token.head if token.dep_ == "nummod" else token
            if noun.i in seen:
                continue
            if self._dead(noun) or (noun.i != token.i and self._dead(token)):
                total = n
                for other in noun.conjuncts:  # "12 soldiers and four fighters were killed"
                    extra = self._number_of(other)
                    if extra is not None and not word_set_has(self.injury, other) \
                            and other.i not in seen:
                        total += extra
                        seen.add(other.i)
                        seen.update(c.i for c in other.children if c.dep_ == "nummod")
                out.append(Count(total, token.i))
                seen.update({token.i, noun.i})
        return out

    def assign(self, counts: list[Count], anchor: int, others: list[int]) -> int | None:
        """The count nearest to the event's anchor token (and nearer it than to other events)."""
        best: int | None = None
        best_d = None
        for c in counts:
            d = abs(c.token - anchor)
            if any(abs(c.token - o) < d for o in others):
                continue
            if best_d is None or d < best_d:
                best, best_d = c.number, d
        return best
