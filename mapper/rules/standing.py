"""Whether a clause states policy in force now, or reports the past, a fear or a possibility.

Background (no longer in force) is kept as a statement with `in_force=False`; a hypothetical
("fears that allowing such strikes could ...", "if this happens") states nothing at all.
"""

from __future__ import annotations

from spacy.tokens import Span, Token

from mapper.rules.clauses import Clause
from mapper.rules.lexicon import RuleLexicon


class Standing:
    def __init__(self, lexicon: RuleLexicon) -> None:
        self.lexicon = lexicon
        self.openers = lexicon.words("background_openers")
        self.background_phrases = lexicon.phrases("background_phrases")
        self.markers = lexicon.words("background_markers")
        self.modifiers = lexicon.words("background_modifiers")
        self.adverbs = lexicon.words("background_adverbs")
        self.hypothetical_heads = lexicon.words("hypothetical_heads")
        self.hypothetical_phrases = lexicon.phrases("hypothetical_phrases")
        self.weak_modals = lexicon.words("weak_modals")
        self.triggers = (lexicon.words("grant_verbs") | lexicon.words("restrict_verbs")
                         | lexicon.words("lift_verbs") | lexicon.words("speech_verbs")
                         | lexicon.words("use_verbs"))

    def background_sentence(self, sent: Span) -> bool:
        """A sentence that tells what was, not what is: "Until this week, ...", "Before that
        ...", "US officials had said a day earlier that Biden had allowed ..." """
        first = next((t for t in sent if not t.is_punct and not t.is_space), None)
        if first is not None and first.lower_ in self.openers:
            return True
        lowered = sent.text.lower()
        return any(p in lowered for p in self.background_phrases)

    def background_clause(self, clause: Clause) -> bool:
        """A clause reporting an earlier state: its verb in the past perfect ("had refused to
        allow"), under "until"/"before" in the past, or describing an earlier stance
        ("the previous stance, which restricted ...")."""
        for verb in [clause.root, *clause.root.ancestors]:
            if verb.pos_ not in ("VERB", "AUX"):
                continue
            if self._past_perfect(verb) and verb.lemma_.lower() in self.triggers:
                return True
            if verb.tag_ in ("VBD", "VBN") and any(
                    c.dep_ == "advmod" and c.lower_ in self.adverbs for c in verb.children):
                return True  # "Biden previously permitted ...", "initially restricted"
            marks = {c.lower_ for c in verb.children if c.dep_ in ("mark", "advmod")}
            if marks & self.markers and verb.tag_ in ("VBD", "VBN"):
                return True
            if verb.dep_ == "relcl" and verb.tag_ in ("VBD", "VBN") and any(
                    c.lower_ in self.modifiers for c in verb.head.children
                    if c.dep_ in ("amod", "advmod", "compound")):
                return True
            if verb.dep_ not in ("xcomp", "ccomp", "advcl", "conj", "relcl", "acl", "pcomp"):
                break
        return False

    def hypothetical(self, clause: Clause) -> bool:
        """A fear, a guess, a condition or a plan under discussion: no policy is stated."""
        node: Token = clause.root
        for child in node.children:
            if child.dep_ == "mark" and child.lower_ in self.hypothetical_heads:
                return True  # "if Ukraine uses ...", "whether ..."
        for ancestor in node.ancestors:
            word = ancestor.lemma_.lower()
            if word in self.hypothetical_heads and ancestor.pos_ in ("NOUN", "VERB"):
                return True
            if any(c.dep_ == "mark" and c.lower_ in self.hypothetical_heads
                   for c in ancestor.children):
                return True
        if self._possibility(clause):
            return True
        if clause.polarity == "ambiguous":
            return False  # "would be decided case by case": the open question is the news
        words = " ".join(clause.root.doc[i].lower_ for i in sorted(clause.tokens))
        return any(f" {p} " in f" {words} " for p in self.hypothetical_phrases)

    def _possibility(self, clause: Clause) -> bool:
        """"... a risk exists that they could be used ...": a weak modal on a use verb after a
        word of fear or risk in the same sentence."""
        if not clause.triggers or any(t.kind != "use" for t in clause.triggers):
            return False
        root = clause.root
        if not any(c.dep_ == "aux" and c.lower_ in self.weak_modals for c in root.children):
            return False
        return any(t.lemma_.lower() in self.hypothetical_heads and t.pos_ in ("NOUN", "VERB")
                   for t in root.sent if t.i < root.i)

    @staticmethod
    def _past_perfect(verb: Token) -> bool:
        aux = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
        return verb.tag_ == "VBN" and any(a.lemma_ == "have" and a.tag_ == "VBD" for a in aux)
