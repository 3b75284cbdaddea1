"""Who is who in a policy clause: the target country, the grantee and the grantor.

Read from roles in spaCy's parse (the subject of a grant, the object of a strike verb, "inside
Russia", "Russian soil"), the officials table, the suppliers the text names, the speaker, and,
failing those, the article's previous statement.
"""

from __future__ import annotations

from collections import Counter

from spacy.tokens import Doc, Span, Token

from mapper.catalogs import WeaponCatalog
from mapper.records import Statement, WeaponMention
from mapper.rules.clauses import Clause
from mapper.rules.combine import text_origins
from mapper.rules.doc_index import (
    DocIndex,
    RelationMatch,
    after_word,
    role_of,
    skip_det,
    supply_before,
)
from mapper.rules.lexicon import RuleLexicon

INSIDE_WINDOW = 3  # "inside (the) Russia": the anchor must follow closely
INTO_RELATIONS = ("inside", "deep inside", "beyond")
BORDER_RELATIONS = ("across the border from", "within", "beyond")
SUBJECT_DEPS = ("nsubj", "nsubjpass")


class PartyFinder:
    def __init__(self, lexicon: RuleLexicon, catalog: WeaponCatalog,
                 supply_words: frozenset[str]) -> None:
        self.lexicon = lexicon
        self.catalog = catalog
        self.supply_words = supply_words
        self.speech = lexicon.words("speech_verbs")
        self.territory = lexicon.words("territory_words")
        self.enemy = lexicon.words("enemy_words")
        self.use_verbs = lexicon.words("use_verbs")
        self.strike_verbs = lexicon.words("strike_verbs")

    def territory_after(self, doc: Doc, end: int, index: DocIndex) -> str | None:
        """"on Russian soil", "inside Russian territory": the country adjective's code."""
        i = skip_det(doc, end)
        while i in index.countries and i + 1 < len(doc) and index.countries.get(i + 1) == \
                index.countries[i]:
            i += 1  # a demonym of two tokens ("North Korean")
        if i in index.countries and i + 1 < len(doc) and \
                doc[i + 1].lemma_.lower() in self.territory:
            return index.countries[i]
        return None

    def target(self, doc: Doc, clause: Clause, index: DocIndex, relation: RelationMatch | None,
                hits: list[tuple[int, int, int]], previous: Statement | None
                ) -> tuple[str | None, str]:
        if relation is not None:
            for p in relation.anchors:
                if p.feature_type == "country" and p.country_code:
                    return p.country_code, "text"
        # "strike Belarus with ...": the country a use verb takes as its object
        for i in sorted(clause.tokens):
            token = doc[i]
            if token.dep_ == "dobj" and token.head.lemma_.lower() in self.use_verbs and \
                    i in index.places and index.places[i].feature_type == "country":
                return index.places[i].country_code, "text"
        # "against targets inside Russia", "on Russian soil", "deep into Russia"
        rules = self.lexicon.relations
        for n, start, end in sorted(hits, key=lambda h: h[1]):
            if start not in clause.tokens or rules[n].relation not in INTO_RELATIONS:
                continue
            code = self.territory_after(doc, end, index)
            if code:
                return code, "text"
            place = index.places.get(skip_det(doc, end))
            if place is not None and place.feature_type == "country":
                return place.country_code, "text"
        for i in sorted(clause.tokens):
            if i in index.countries and i + 1 < len(doc):
                nxt = doc[i + 1]
                head = doc[i].head
                word = nxt if nxt.lemma_.lower() in self.territory else head
                if word.lemma_.lower() in self.territory:
                    return index.countries[i], "text"
        for i in sorted(clause.tokens):
            if i in index.countries:
                word = doc[i].head if doc[i].head.i != i else doc[i]
                nxt = doc[i + 1] if i + 1 < len(doc) else word
                if any(w.lemma_.lower() in self.enemy or w.lower_ in self.enemy
                       for w in (word, nxt)):
                    prev = doc[i - 1].lower_ if i else ""
                    if prev not in ("by", "to") and role_of(doc[i]) not in SUBJECT_DEPS:
                        return index.countries[i], "text"
        if relation is not None:
            for p in relation.anchors:
                if relation.rule.relation not in BORDER_RELATIONS and p.country_code:
                    return p.country_code, "text"
        if previous is not None and previous.target_country:
            return previous.target_country, "carried"
        return None, "guessed"

    def grantee(self, doc: Doc, clause: Clause, index: DocIndex, target: str | None,
                 others: set[str], previous: Statement | None) -> tuple[str | None, str]:
        ranked: list[tuple[int, int, str]] = []
        candidates = set(clause.tokens)
        root = clause.root
        if root.dep_ == "conj" and not any(c.dep_ in SUBJECT_DEPS for c in root.children):
            # "Armenian units could answer ... but could not use the rockets": shared subject
            for child in root.head.children:
                if child.dep_ in SUBJECT_DEPS:
                    candidates |= {t.i for t in child.subtree if not index.in_dateline(t)}
        for i in sorted(candidates):
            code = index.countries.get(i)
            if code is None or code == target or code in others:
                continue
            token = doc[i]
            role = role_of(token)
            score = {"nsubj": 0, "nsubjpass": 0, "dobj": 1, "dative": 1, "poss": 2}.get(role, 5)
            if after_word(doc, i, ("to",)) and supply_before(doc, i, self.supply_words):
                score = 1  # "supplied to Ukraine"
            if after_word(doc, i, ("by",)):
                continue  # "supplied by Britain": a supplier
            ranked.append((score, i, code))
        if ranked:
            ranked.sort()
            if ranked[0][0] < 5:
                return ranked[0][2], "text"
        if previous is not None and previous.grantee and previous.grantee != target \
                and previous.grantee not in others:
            return previous.grantee, "carried"
        if ranked:
            return ranked[0][2], "text"
        counts = Counter(index.countries.values())
        for code, _ in counts.most_common():
            if code != target and code not in others:
                return code, "guessed"
        return None, "guessed"

    def grantors(self, doc: Doc, sent: Span, clause: Clause, index: DocIndex,
                  weapons: list[WeaponMention], target: str | None, previous: Statement | None
                  ) -> tuple[list[str], str]:
        """Who decides: the subject of a grant or ban, the supplier the text names, the speaker,
        the previous statement's grantor, or the maker of a named system, in that order."""
        exclude = {target, None}
        if clause.decider_is_subject:
            for child in clause.root.children:
                if child.dep_ == "nsubj":
                    codes = [c for c in self.countries_of_phrase(child, index)
                             if c not in exclude]
                    if codes:
                        return codes, "text"
        named = [o for w in weapons for o in text_origins(w) if o not in exclude]
        if named:
            return list(dict.fromkeys(named)), "text"
        for t in clause.triggers:  # "the US permission", "a German ban"
            noun = doc[t.head]
            if noun.pos_ == "NOUN":
                codes = [index.actors.get(c.i) or index.countries.get(c.i)
                         for c in noun.children if c.dep_ in ("compound", "amod", "nmod")]
                codes = [c for c in codes if c and c not in exclude]
                if codes:
                    return list(dict.fromkeys(codes)), "text"
        speaker = self.speaker(doc, sent, clause.root, index)
        if speaker is not None and speaker not in exclude:
            return [speaker], "text"
        if previous is not None and previous.grantor and previous.grantor not in exclude:
            return [previous.grantor], "carried"
        makers = {self.catalog.systems[w.key].origin for w in weapons if w.kind == "system"}
        makers -= exclude
        if len(makers) == 1:
            return [makers.pop()], "guessed"
        return [], "guessed"

    def speaker(self, doc: Doc, sent: Span, root: Token, index: DocIndex) -> str | None:
        """Who says it: the subject of a speech verb above the clause or heading the sentence."""
        candidates = [a for a in root.ancestors] + [sent.root]
        for verb in [root, *candidates]:
            if verb.lemma_.lower() not in self.speech:
                continue
            for child in verb.children:
                if child.dep_ == "nsubj":
                    code = self.country_of_phrase(child, index)
                    if code is not None:
                        return code
        # "..., US officials said on Friday" detached from the parse tree.
        for token in sent:
            if token.lemma_.lower() in self.speech and token.pos_ == "VERB":
                for child in token.children:
                    if child.dep_ == "nsubj":
                        code = self.country_of_phrase(child, index)
                        if code is not None:
                            return code
        return None

    def countries_of_phrase(self, token: Token, index: DocIndex) -> list[str]:
        """Every country a subject names ("The British and French governments" -> GB, FR)."""
        found: list[str] = []
        for t in token.subtree:
            if index.in_dateline(t):
                continue
            code = index.actors.get(t.i) or index.countries.get(t.i)
            if code and code not in found:
                found.append(code)
        return found

    def country_of_phrase(self, token: Token, index: DocIndex) -> str | None:
        """"President Joe Biden" -> US (actors table); "The German government" -> DE."""
        tokens = [t for t in token.subtree if not index.in_dateline(t)]
        for t in tokens:
            if t.i in index.actors:
                return index.actors[t.i]
        for t in tokens:
            if t.i in index.countries:
                return index.countries[t.i]
        return None

    def enemy_codes(self, doc: Doc, tokens: set[int], index: DocIndex) -> set[str]:
        """Countries named as the object of a strike in the clause ("hit Russian artillery",
        "against Russian forces")."""
        out: set[str] = set()
        for i in tokens:
            code = index.countries.get(i)
            if code is None:
                continue
            head = doc[i].head
            while head.dep_ in ("compound", "amod", "conj") and head.head.i != head.i:
                head = head.head
            if (head.dep_ == "dobj" and head.head.lemma_.lower() in self.strike_verbs) or (
                    head.dep_ == "pobj" and head.head.lower_ in ("against", "at", "on")):
                out.add(code)
        return out
