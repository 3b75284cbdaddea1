"""Policy triggers on a parsed sentence, grouped into clauses with a polarity.

A trigger is a word or phrase from the rule lexicon ("authorised", "barred", "off limits",
"may use", "lifting a restriction"). Triggers that share a clause (the nearest verb above them)
are read together; a clause's tokens are its verb's subtree minus the clauses nested in it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.language import Language
from spacy.matcher import Matcher
from spacy.tokens import Doc, Span, Token

from mapper.rules.lexicon import RuleLexicon
from mapper.rules.patterns import add_lemmas, add_phrases, participles

GRANT = "grant"
RESTRICT = "restrict"
LIFT = "lift"
AMBIGUOUS = "ambiguous"
USE = "use"
SUPPLY_APPROVAL = "supply_approval"
NEGATION_WINDOW = 5  # tokens before a trigger searched for "not", "nor", "never"


@dataclass(frozen=True)
class Trigger:
    kind: str  # grant | restrict | lift | ambiguous | use
    start: int  # token indices in the Doc
    end: int
    rule: str  # lexicon entry that matched, e.g. "grant_verbs"

    @property
    def head(self) -> int:
        return self.end - 1


@dataclass
class Clause:
    root: Token
    triggers: list[Trigger]
    tokens: set[int] = field(default_factory=set)
    frame: set[int] = field(default_factory=set)  # the reporting frame ("..., officials said")
    polarity: str | None = None
    rule: str = ""
    confidence: float = 0.0
    negated: bool = False
    decider_is_subject: bool = False  # "Biden authorised ...": the subject is the grantor
    supply: Token | None = None  # the approval of a sale this clause is a condition of
    denies_limits: bool = False  # "has not set any restrictions": no limit at all

    @property
    def span(self) -> tuple[int, int]:
        return min(self.tokens), max(self.tokens) + 1


class TriggerMatcher:
    """Finds triggers with spaCy's Matcher and groups them into clauses."""

    def __init__(self, nlp: Language, lexicon: RuleLexicon) -> None:
        self.lexicon = lexicon
        units = sorted(lexicon.units)
        m = Matcher(nlp.vocab)
        add_lemmas(m, "grant_verbs", lexicon.words("grant_verbs"), ["VERB"])
        add_phrases(m, nlp, "grant_nouns", lexicon.phrases("grant_nouns"), units, lemma_last=True)
        add_phrases(m, nlp, "grant_phrases", lexicon.phrases("grant_phrases"), units)
        add_phrases(m, nlp, "application_phrases", lexicon.phrases("application_phrases"),
                    units)
        add_lemmas(m, "restrict_verbs", lexicon.words("restrict_verbs"), ["VERB", "ADJ"])
        add_phrases(m, nlp, "restrict_nouns", lexicon.phrases("restrict_nouns"), units,
                    lemma_last=True)
        add_phrases(m, nlp, "restrict_phrases", lexicon.phrases("restrict_phrases"), units)
        add_lemmas(m, "lift_verbs", lexicon.words("lift_verbs"), ["VERB"])
        add_phrases(m, nlp, "lift_phrases", lexicon.phrases("lift_phrases"), units)
        add_phrases(m, nlp, "ambiguous_phrases", lexicon.phrases("ambiguous_phrases"), units)
        self.matcher = m
        self.modal = Matcher(nlp.vocab)
        add_phrases(self.modal, nlp, "permission_phrases", lexicon.phrases("permission_phrases"),
                    units)
        self.use_verbs = lexicon.words("use_verbs")
        self.supply_verbs = lexicon.words("supply_verbs")
        self.opinions = lexicon.words("opinion_nouns")
        self.bans = lexicon.words("restrict_verbs") | lexicon.words("lift_verbs")
        self.policy_nouns = lexicon.policy_nouns
        self.legal = lexicon.phrases("legal_conditions")
        self.decision_verbs = lexicon.words("grant_verbs") | lexicon.words("restrict_verbs") | \
            lexicon.words("lift_verbs")
        self.transactions = lexicon.words("transaction_nouns")
        self.attack_nouns = lexicon.words("strike_nouns")
        self.modals = lexicon.words("permission_modals")
        self.negations = lexicon.words("negations")
        self.speech = lexicon.words("speech_verbs")
        self.refusals = lexicon.words("refusal_verbs")
        self.enemy = lexicon.words("enemy_words")
        # A use verb under another one ("cannot use the weapons to strike") is part of it.
        self.governors = lexicon.words("grant_verbs") | lexicon.words("restrict_verbs") | \
            lexicon.words("use_verbs")
        self.scope_limiters = frozenset({"limit", "confine", "restrict"})
        self.kinds = {"grant_verbs": GRANT, "grant_nouns": GRANT, "grant_phrases": GRANT,
                      "application_phrases": GRANT,
                      "restrict_verbs": RESTRICT, "restrict_nouns": RESTRICT,
                      "restrict_phrases": RESTRICT, "lift_verbs": LIFT, "lift_phrases": LIFT,
                      "ambiguous_phrases": AMBIGUOUS}

    def triggers(self, doc: Doc) -> list[Trigger]:
        self._retag_verbs(doc)
        found: list[Trigger] = []
        for match_id, start, end in self.matcher(doc):
            rule = doc.vocab.strings[match_id]
            found.append(Trigger(self.kinds[rule], start, end, rule))
        modal_ends = {end for _, _, end in self.modal(doc)}
        for token in doc:
            if token.lemma_.lower() not in self.use_verbs or token.pos_ != "VERB":
                continue
            aux = {c.lower_ for c in token.children if c.dep_ in ("aux", "auxpass")}
            before = {token.i - k for k in (0, 1, 2)}
            if aux & self.modals or modal_ends & before:
                found.append(Trigger(USE, token.i, token.i + 1, "use_modal"))
            elif self._negated(doc, token.i) and \
                    _governor(token).lemma_.lower() not in self.governors:
                # (not "will not let Ukraine use ...": the negation belongs to "let")
                found.append(Trigger(USE, token.i, token.i + 1, "use_negated"))
        found += self._supply_for_attack(doc)
        found = [t for t in found if not self._rejects_an_opinion(doc, t)]
        # Longest match first; a phrase hides the words inside it ("needs approval" is a
        # condition, not the grant noun "approval"; "ruled out" is not the verb "rule").
        found.sort(key=lambda t: (-(t.end - t.start), t.start))
        kept: list[Trigger] = []
        for t in found:
            if any(k.start <= t.start and t.end <= k.end and (k.end - k.start) > 1
                   for k in kept) or any((k.start, k.end) == (t.start, t.end) and k.kind == t.kind
                                         for k in kept):
                continue
            kept.append(t)
        return sorted(kept, key=lambda t: (t.start, -(t.end - t.start)))

    def clauses(self, sent: Span, triggers: list[Trigger],
                weapon_tokens: frozenset[int] = frozenset()) -> list[Clause]:
        """`weapon_tokens`: tokens of weapon names (a clause describing a weapon is kept)."""
        doc = sent.doc
        by_root: dict[int, Clause] = {}
        for t in triggers:
            if not (sent.start <= t.start < sent.end):
                continue
            root = _clause_root(doc[t.start])  # a phrase hangs on its first word
            clause = by_root.setdefault(root.i, Clause(root, []))
            clause.triggers.append(t)
        demands = self.lexicon.words("demand_verbs")
        wishes = self.lexicon.words("demand_nouns")
        for i in list(by_root):
            if any(_demand(a, demands) for a in [doc[i], *doc[i].ancestors]) or _question(doc[i]):
                del by_root[i]  # "urged the US to allow ...": a request, not a decision
            elif any(a.pos_ == "NOUN" and a.lemma_.lower() in wishes for a in doc[i].ancestors):
                del by_root[i]  # "in support of allies lifting restrictions": a wish
            elif doc[i].dep_ in ("relcl", "acl") and doc[i].head.lemma_.lower() in self.enemy \
                    and doc[i].head.i not in weapon_tokens:
                del by_root[i]  # "targets that are supporting an offensive": a description
            elif self._describes_supplied_items(doc[i], by_root[i]):
                del by_root[i]  # "exports of equipment that could be used in X": the outer
                # clause (halted, not authorised, approved) says what is decided about them
        for clause in by_root.values():
            self._decide(doc, clause)
        # "approved the sale of jets to X on condition that they are not used against Y": the
        # approval states nothing, but its parties and weapons belong to the condition.
        supplies = {i for i, c in by_root.items() if c.rule == SUPPLY_APPROVAL}
        by_root = {i: c for i, c in by_root.items() if c.polarity is not None}
        roots = sorted(by_root)
        for i, clause in by_root.items():
            nested = {j for j in roots if j != i and _is_ancestor(clause.root, doc[j])}
            skip: set[int] = set()
            for j in nested:
                skip |= {t.i for t in doc[j].subtree}
            clause.tokens = {t.i for t in clause.root.subtree} - skip
        ordered = [by_root[i] for i in roots]
        if ordered:
            covered = set().union(*(c.tokens for c in ordered))
            rest = {i for i in range(sent.start, sent.end)} - covered
            # The speech frame ("..., the officials said") belongs to the clause it reports.
            outer = min(ordered, key=lambda c: _depth(c.root))
            outer.supply = next((a for a in outer.root.ancestors if a.i in supplies), None)
            main = outer.root.i == sent.root.i or (
                outer.root.dep_ in ("xcomp", "ccomp") and outer.root.head.i == sent.root.i) or \
                outer.supply is not None
            if main or sent.root.lemma_.lower() in self.speech:
                outer.tokens |= rest
                outer.frame = rest
        return ordered

    def _decide(self, doc: Doc, clause: Clause) -> None:
        kinds = {t.kind for t in clause.triggers}
        conf = self.lexicon.confidence
        main = next((t for t in clause.triggers if t.kind == AMBIGUOUS), None) or next(
            (t for t in clause.triggers if clause.root.i in (t.start, t.head)),
            clause.triggers[0])
        negated = self._negated(doc, main.start) or self._negated(doc, clause.root.i)
        if main.kind in (GRANT, USE) and self._refused(clause.root):
            negated = not negated  # "had refused to allow ...", "reversed a decision to permit"
        clause.negated = negated
        if main.kind == AMBIGUOUS:
            clause.polarity, clause.rule = "ambiguous", "ambiguous_phrases"
            clause.confidence = conf("ambiguous")
        root = clause.root
        clause.decider_is_subject = root.pos_ == "VERB" and (
            (main.kind in (GRANT, RESTRICT, LIFT) and root.i in (main.start, main.head))
            # "The administration has given Ukraine permission": the giver decides
            or (main.kind in (GRANT, RESTRICT) and doc[main.head].head.i == root.i
                and doc[main.head].dep_ in ("dobj", "attr"))
            or (main.kind == AMBIGUOUS and root.lemma_.lower() not in ("have", "be"))) and \
            root.lemma_.lower() not in self.use_verbs and \
            not any(c.dep_ == "nsubjpass" for c in root.children) and \
            not any(c.dep_ == "nsubj" and c.lemma_.lower() in self.policy_nouns
                    for c in root.children) and \
            main.rule != "application_phrases"  # "the permission ... will depend on ..."
        if all(t.rule in ("grant_nouns", "restrict_nouns") for t in clause.triggers) and all(
                any(c.lower_ in ("a", "an") for c in doc[t.head].children)
                for t in clause.triggers):
            clause.polarity = None
            return  # "a permission", "a ban" in general talk
        if main.kind == AMBIGUOUS:
            return
        if main.kind == GRANT and self._approves_supply(doc, main):
            if negated:  # "will not authorise exports of equipment that could be used in X"
                clause.polarity, clause.rule = "restricted", "supply_refused"
                clause.confidence = conf("restrict")
                return
            clause.polarity, clause.rule = None, SUPPLY_APPROVAL
            return  # "approved the sale of jets to X": a supply, not a use
        if main.kind == LIFT and negated and RESTRICT in kinds:
            clause.polarity, clause.rule = "restricted", "lift_negated"
            clause.confidence = conf("restrict")
            return
        if main.rule == "supply_for_attack":  # the negation is part of the trigger
            clause.polarity, clause.rule = "restricted", main.rule
            clause.confidence = conf("restrict")
            return
        if main.kind == RESTRICT or (RESTRICT in kinds and main.kind == LIFT):
            lifted = LIFT in kinds
            word = doc[main.head]
            limiting_word = word.lemma_.lower() in self.scope_limiters or any(
                word.lower_ in participles(w) for w in self.scope_limiters)
            # "limited to X"; "the approval is limited (and designed for ...)"
            limiter = limiting_word and (any(c.lower_ == "to" for c in word.children)
                                         or GRANT in kinds) and not negated
            if limiter:
                # "limited to X": a permission whose scope is X ("not limited to X": wider).
                clause.polarity, clause.rule = "permitted", "scope_limited"
                clause.confidence = conf("grant")
            elif not lifted and not negated and self._only_the_law(doc, word):
                # "the only restriction is that they are used in line with international law"
                clause.polarity, clause.rule = "permitted", "law_only"
                clause.confidence = conf("lift")
                clause.denies_limits = True
            elif lifted or negated:
                clause.polarity, clause.rule = "permitted", "restriction_lifted"
                clause.confidence = conf("lift")
                # "has not set any restrictions", "does not have any restrictions on ...":
                # "does not oppose Kyiv using ...", "would not prohibit": no limit stated
                clause.denies_limits = not lifted
            else:
                clause.polarity, clause.rule = "restricted", main.rule
                clause.confidence = conf("restrict")
            return
        if main.kind == LIFT:
            if negated and RESTRICT in kinds:  # "the ban had not been lifted"
                clause.polarity, clause.rule = "restricted", "lift_negated"
                clause.confidence = conf("restrict")
            return  # "no longer" with nothing lifted
        if main.kind == GRANT:
            clause.polarity = "restricted" if negated else "permitted"
            clause.rule = f"{main.rule}{'_negated' if negated else ''}"
            clause.confidence = conf("grant")
            return
        if main.kind == USE:
            negated = negated or main.rule == "use_negated"
            clause.polarity = "restricted" if negated else "permitted"
            clause.rule = "use_negated" if negated else "use_modal"
            clause.confidence = conf(clause.rule)

    def _rejects_an_opinion(self, doc: Doc, trigger: Trigger) -> bool:
        """"Rejected the idea that ...": a verb of refusing aimed at an opinion decides nothing."""
        if trigger.rule != "restrict_verbs":
            return False
        word = doc[trigger.head]
        return any(c.dep_ == "dobj" and c.lemma_.lower() in self.opinions for c in word.children)

    def _only_the_law(self, doc: Doc, word: Token) -> bool:
        """A restriction noun marked the only one ("the only restriction", "the sole condition")
        whose sentence ties use to the law of war and nothing else."""
        if word.pos_ != "NOUN" or not any(c.lower_ in ("only", "sole", "single")
                                          for c in word.children):
            return False
        text = word.sent.text.lower()
        return any(p in text for p in self.legal)

    def _retag_verbs(self, doc: Doc) -> None:
        """The small model tags some British spellings as adverbs ("will not authorise"): a
        lexicon verb heading a clause (with an auxiliary, a negation or a clausal role) is a
        verb."""
        for token in doc:
            if token.pos_ in ("VERB", "AUX") or token.lemma_.lower() not in self.decision_verbs:
                continue
            if any(c.dep_ in ("aux", "neg", "auxpass") for c in token.children) or \
                    token.dep_ in ("ROOT", "ccomp", "xcomp"):
                token.pos_ = "VERB"

    def _describes_supplied_items(self, root: Token, clause: Clause) -> bool:
        """A use clause describing what is supplied or banned: "(exports of) equipment that could
        be used in Gaza", "suspended licences for items that could be used in X", with a supply
        or ban verb or a transaction noun above it."""
        if root.dep_ not in ("relcl", "acl") or any(t.kind != USE for t in clause.triggers):
            return False
        return any(a.lemma_.lower() in self.transactions or a.lower_ in self.transactions
                   or (a.pos_ == "VERB" and a.lemma_.lower() in self.supply_verbs | self.bans)
                   for a in root.ancestors)

    def _approves_supply(self, doc: Doc, trigger: Trigger) -> bool:
        """Whether a grant word's object is a transaction ("approved the sale", "authorised
        the delivery"), not a use ("approved the delivery and use of ...")."""
        word = doc[trigger.head]
        objects = [c for c in word.children if c.dep_ in ("dobj", "nsubjpass", "pobj")]
        objects += [c for o in objects for c in o.conjuncts]
        lemmas = {o.lemma_.lower() for o in objects}
        return bool(lemmas & self.transactions) and not lemmas & (self.use_verbs
                                                                  | self.attack_nouns)

    def _supply_for_attack(self, doc: Doc) -> list[Trigger]:
        """A negated or refused supply verb whose purpose is an attack ("will not supply arms
        for an offensive on X"): a ban on using them there."""
        found = []
        for token in doc:
            if token.lemma_.lower() not in self.supply_verbs or token.pos_ != "VERB":
                continue
            if not (self._negated(doc, token.i) or self._refused(token)):
                continue
            purpose = [c for c in token.subtree if c.dep_ == "pobj" and c.head.lower_ in (
                "for", "in") and c.lemma_.lower() in self.attack_nouns]
            if purpose:
                found.append(Trigger(RESTRICT, token.i, token.i + 1, "supply_for_attack"))
        return found

    def _refused(self, root: Token) -> bool:
        """Whether a grant hangs under a verb of refusing or undoing it."""
        node = root
        for _ in range(4):
            if node.dep_ not in ("xcomp", "ccomp", "acl", "dobj", "pobj", "prep", "advcl",
                                 "pcomp", "relcl") or node.head.i == node.i:
                return False
            node = node.head
            if node.pos_ == "VERB" and (node.lemma_.lower() in self.refusals or any(
                    c.dep_ == "neg" for c in node.children)):
                return True  # "refused to allow ...", "we don't give materiel that can be used"
            if node.pos_ == "VERB" and node.dep_ not in ("xcomp", "ccomp", "advcl"):
                return False
        return False

    def _negated(self, doc: Doc, i: int) -> bool:
        token = doc[i]
        if any(c.dep_ == "neg" or c.lower_ in self.negations for c in token.children
               if c.dep_ in ("neg", "aux", "auxpass", "advmod", "cc", "preconj", "det")):
            return True
        start = max(token.sent.start, i - NEGATION_WINDOW)
        for k in range(i - 1, start - 1, -1):
            word = doc[k]
            if word.is_punct:
                return False
            if word.lower_ in self.negations and word.lower_ != "without":
                return not (k + 1 < len(doc) and doc[k + 1].lower_ in ("only", "just", "longer"))
        return False


def _demand(verb: Token, demands: frozenset[str]) -> bool:
    """A verb of asking, unless it asks a question ("asked whether ...")."""
    return verb.lemma_.lower() in demands and not any(
        c.lower_ in ("whether", "if") for c in verb.subtree if c.dep_ in ("mark", "advmod"))


def _question(verb: Token) -> bool:
    """A clause asked about ("asked whether targets ... were out of bounds"), not stated."""
    return any(c.lower_ == "whether" for c in verb.children if c.dep_ in ("mark", "advmod"))


def _governor(token: Token) -> Token:
    """The word a verb hangs on, past a preposition ("prohibit Ukraine from attacking")."""
    head = token.head
    return head.head if head.pos_ == "ADP" else head


def _clause_root(token: Token) -> Token:
    """The nearest verb at or above `token` (the token itself when none)."""
    node = token
    while True:
        if node.pos_ in ("VERB", "AUX") and node.dep_ not in ("aux", "auxpass"):
            return node
        if node.head.i == node.i:
            return node
        node = node.head


def _is_ancestor(a: Token, b: Token) -> bool:
    return any(x.i == a.i for x in b.ancestors)


def _depth(token: Token) -> int:
    return sum(1 for _ in token.ancestors)
