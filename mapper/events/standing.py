"""Whether a trigger reports something that happened: not a threat, plan, demand, fear, denial,
hypothetical, negated or modal clause, an interception, or habitual background."""

from __future__ import annotations

from spacy.tokens import Span, Token

from mapper.events.lexicon import EventsLexicon
from mapper.events.words import WordFinder, word_set_has

MAX_CLIMB = 12


def governing_verb(token: Token) -> Token:
    """The verb a noun trigger belongs to ("the attack killed" -> killed), or the token itself."""
    node = token
    for _ in range(4):
        if node.pos_ in ("VERB", "AUX") or node.head.i == node.i:
            return node
        node = node.head
    return node


class Standing:
    def __init__(self, lexicon: EventsLexicon) -> None:
        self.heads = lexicon.words("non_event_heads")
        self.modals = lexicon.words("modals")
        self.negations = lexicon.words("negations")
        self.marks = lexicon.words("hypothetical_marks")
        self.background = WordFinder((p, True) for p in lexicon.spec.background_phrases)
        self.background_words = frozenset(
            p.lower() for p in lexicon.spec.background_phrases if " " not in p)
        self.interceptions = WordFinder((w, True) for w in lexicon.spec.interception_words)
        self.speech = lexicon.words("speech_verbs")
        self.factual = lexicon.words("factual_heads")
        self.general = lexicon.words("general_determiners")

    def _blocked_at(self, node: Token) -> bool:
        for child in node.children:
            if child.dep_ == "neg" or (child.dep_ in ("det", "advmod") and child.lower_
                                       in self.negations and child.i < node.i):
                return True
            if child.dep_ == "aux" and child.lower_ in self.modals:
                return True
            if child.dep_ == "mark" and child.lower_ in self.marks:
                return True
            if child.dep_ == "advmod" and child.lower_ in self.background_words:
                return True
        return False

    def _purpose(self, token: Token) -> bool:
        """An infinitive not after a factual verb ("sent troops to retake", not "managed to")."""
        infinitive = any(c.dep_ == "aux" and c.tag_ == "TO" for c in token.children)
        return token.pos_ == "VERB" and infinitive and not word_set_has(self.factual, token.head)

    def background_sentence(self, sent: Span) -> bool:
        """A sentence that tells history or habit ("for years", "over the past decade")."""
        return any(" " in h.key for h in self.background.find(sent))

    def reported(self, token: Token, sent: Span) -> bool:
        """True when the trigger reports an event as having happened."""
        for hit in self.interceptions.find(sent):
            if hit.start <= token.i < hit.end or (token.head.i in range(hit.start, hit.end)
                                                 and token.dep_ in ("dobj", "nsubjpass")):
                return False
        verb = governing_verb(token)
        if self._blocked_at(token) or self._blocked_at(verb):
            return False
        if self._purpose(token):
            return False  # "to repel attacks": a purpose
        if token.pos_ in ("NOUN", "PROPN") and any(
                (c.dep_ in ("det", "amod") and c.lower_ in self.general)
                or (c.dep_ in ("amod", "compound") and word_set_has(self.heads, c))
                for c in token.children):
            return False  # "all attacks", "expected attacks", "possible strikes"
        node = token
        for _ in range(MAX_CLIMB):
            if node.head.i == node.i:
                break
            parent = node.head
            if word_set_has(self.heads, parent) and not word_set_has(self.speech, parent):
                return False
            if self._purpose(parent):
                return False
            if parent.pos_ in ("VERB", "AUX") and parent.i != verb.i and self._blocked_at(parent) \
                    and not word_set_has(self.speech, parent):
                return False
            node = parent
        words = sent.doc[min(t.i for t in verb.subtree):max(t.i for t in verb.subtree) + 1]
        return not any(" " in h.key for h in self.background.find(words))
