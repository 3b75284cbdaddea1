"""Who is who in a policy clause: the target country, the grantee and the grantor.

Read from roles in spaCy's parse (the subject of a grant, the object of a strike verb, "inside
Russia", "Russian soil"), the officials table, the suppliers the text names, the speaker, and,
failing those, the article's previous statement.
"""

from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from mapper.catalogs import WeaponCatalog
from mapper.records import Statement, WeaponMention
from mapper.records.relations import Relation
from mapper.rules.clauses import Clause
from mapper.rules.combine import text_origins
from mapper.rules.doc_index import DocIndex, after_word, role_of, skip_det, supply_before
from mapper.rules.lexicon import RuleLexicon
from mapper.rules.scope import DocHits, RelationMatch

INTO_RELATIONS = (Relation.INSIDE, Relation.DEEP_INSIDE, Relation.BEYOND, Relation.ANYWHERE,
                  Relation.WITHIN)
BORDER_RELATIONS = (Relation.ACROSS_BORDER_FROM, Relation.WITHIN, Relation.BEYOND,
                    Relation.OUTSIDE)
SUBJECT_DEPS = ("nsubj", "nsubjpass")
RELATIVE_PRONOUNS = ("who", "which", "that")
STRUCK_PREPOSITIONS = ("against", "at", "on")


def _conditional(token: Token) -> bool:
    """Whether a token sits in an "if ..." / "unless ..." clause."""
    for node in [token, *token.ancestors]:
        if any(c.dep_ == "mark" and c.lower_ in ("if", "unless") for c in node.children):
            return True
    return False


def _of_countries(subject: Token, index: DocIndex) -> list[str]:
    """"Representatives of Finland, Canada and Poland": the countries a subject speaks for
    (the objects of its "of", each a country)."""
    joined = [subject, *subject.conjuncts]  # "Helsinki and Stockholm declared ..."
    codes = [index.countries.get(t.i) or index.actors.get(t.i) for t in joined]
    if len(joined) > 1 and all(codes):
        return list(dict.fromkeys(c for c in codes if c))
    for prep in subject.children:
        if prep.dep_ == "prep" and prep.lower_ == "of":
            objects = [o for o in prep.children if o.dep_ == "pobj"]
            objects += [c for o in objects for c in o.conjuncts]
            codes = [index.countries.get(o.i) or index.actors.get(o.i) for o in objects]
            if len(codes) > 1 and all(codes):
                return list(dict.fromkeys(c for c in codes if c))
    return []


def _phrase_head(token: Token) -> Token:
    node = token
    while node.dep_ in ("compound", "amod", "npadvmod", "nmod") and node.head.i != node.i:
        node = node.head
    return node


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
        self.operate_verbs = self.use_verbs | lexicon.words("operate_verbs")
        self.strike_nouns = lexicon.words("strike_nouns")
        self.groups = lexicon.words("group_subjects")
        self.recipient_heads = lexicon.words("supply_verbs") | lexicon.words("transaction_nouns")

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

    def target(self, doc: Doc, clause: Clause, tokens: set[int], index: DocIndex,
               relation: RelationMatch | None, hits: DocHits, previous: Statement | None,
               exclude: set[str]) -> tuple[str | None, str]:
        """The country struck: never the grantee (or anyone in `exclude`)."""
        def ok(code: str | None) -> bool:
            return bool(code) and code not in exclude

        # what is struck: "against Russian forces", "striking any Russian forces"
        for _i, code in sorted(self.enemy_tokens(doc, tokens, index).items()):
            if ok(code):
                return code, "text"
        if relation is not None and relation.relation not in BORDER_RELATIONS:
            for p in relation.anchors:
                if p.feature_type == "country" and ok(p.country_code):
                    return p.country_code, "text"
        # "strike Belarus with ...", "to hit Moscow": the country of what a use verb strikes
        for i in sorted(tokens):
            token = doc[i]
            if token.dep_ == "dobj" and token.head.lemma_.lower() in self.use_verbs and \
                    i in index.places and ok(index.places[i].country_code):
                return index.places[i].country_code, "text"
        # "against targets inside Russia", "on Russian soil", "deep into Russia"
        rules = self.lexicon.relations
        for n, start, end in sorted(hits.relations, key=lambda h: h[1]):
            if start not in tokens or rules[n].relation not in INTO_RELATIONS:
                continue
            code = self.territory_after(doc, end, index)
            if ok(code):
                return code, "text"
            place = index.places.get(skip_det(doc, end))
            if place is not None and place.feature_type == "country" and ok(place.country_code):
                return place.country_code, "text"
        for i in sorted(tokens):
            if i in index.countries and i + 1 < len(doc) and ok(index.countries[i]):
                nxt = doc[i + 1]
                head = doc[i].head
                word = nxt if nxt.lemma_.lower() in self.territory else head
                if word.lemma_.lower() in self.territory and not self._aimed_at_by_enemy(doc[i]):
                    return index.countries[i], "text"
        code = self._enemy_country(doc, sorted(tokens), index, exclude)
        if code:
            return code, "text"
        if relation is not None:
            for p in relation.anchors:
                if p.feature_type == "country" and ok(p.country_code):
                    return p.country_code, "text"  # "along the border with Russia"
            for p in relation.anchors:
                if relation.relation not in BORDER_RELATIONS and ok(p.country_code):
                    return p.country_code, "text"
        # "the border region of Russia": a country just after the relation phrase
        if relation is not None:
            for k in range(relation.end, min(len(doc), relation.end + 6)):
                place = index.places.get(k)
                if place is not None and place.feature_type == "country" and \
                        ok(place.country_code) and k in tokens:
                    return place.country_code, "text"
        # the enemy named elsewhere in the sentence ("..., allowing them to hit back at Russian
        # forces"): a nested clause often holds it
        sent = doc[clause.root.i].sent
        code = self._enemy_country(doc, list(range(sent.start, sent.end)), index, exclude)
        if code:
            return code, "text"
        if previous is not None and ok(previous.target_country):
            return previous.target_country, "carried"
        return None, "guessed"

    def _enemy_country(self, doc: Doc, tokens: list[int], index: DocIndex,
                       exclude: set[str]) -> str | None:
        """"against Russian forces", "Russian positions": the country of enemy nouns that are
        not the subject of the clause."""
        for i in tokens:
            code = index.countries.get(i)
            if code is None or code in exclude:
                continue
            word = doc[i].head if doc[i].head.i != i else doc[i]
            nxt = doc[i + 1] if i + 1 < len(doc) else word
            if any(w.lemma_.lower() in self.enemy or w.lower_ in self.enemy for w in (word, nxt)):
                prev = doc[i - 1].lower_ if i else ""
                if prev not in ("by", "to") and role_of(doc[i]) not in SUBJECT_DEPS:
                    return code
        return None

    def _aimed_at_by_enemy(self, token: Token) -> bool:
        """"bombers aiming at Ukrainian territory": the territory is what the enemy attacks."""
        node = token.head
        while node.dep_ in ("compound", "amod", "pobj", "prep") and node.head.i != node.i:
            node = node.head
            if node.pos_ == "VERB":
                break
        return node.pos_ == "VERB" and node.dep_ in ("acl", "relcl") and \
            node.lemma_.lower() not in self.use_verbs

    def grantee(self, doc: Doc, clause: Clause, tokens: set[int], index: DocIndex,
                exclude: set[str], previous: Statement | None,
                enemy: frozenset[int] = frozenset()) -> tuple[str | None, str]:
        """Who may act: the object of the grant ("allow Ukraine to ..."), the subject of a use
        verb, "supplied to X"; else the previous statement's grantee; else none. Tokens naming
        the side struck (`enemy`: "striking Russian forces") are never the grantee."""
        ranked: list[tuple[int, int, str]] = []
        deciding = [t for t in clause.triggers if t.kind != "use"]  # not "strike Belarus"
        trigger_heads = {t.head for t in deciding} | {t.start for t in deciding}
        candidates = set(tokens)
        root = clause.root
        if root.dep_ == "conj" and not any(c.dep_ in SUBJECT_DEPS for c in root.children):
            # "Armenian units could answer ... but could not use the rockets": shared subject
            for child in root.head.children:
                if child.dep_ in SUBJECT_DEPS:
                    candidates |= {t.i for t in child.subtree if not index.in_dateline(t)}
        supplier = {t.i for c in clause.supply.children if c.dep_ == "nsubj" for t in c.subtree} \
            if clause.supply is not None else set()
        for i in sorted(candidates - supplier):
            code = index.countries.get(i)
            if code is None or code in exclude:
                continue
            token = doc[i]
            role = role_of(token)
            score = {"nsubj": 0, "nsubjpass": 0, "dobj": 1, "dative": 1, "poss": 2}.get(role, 5)
            if role in SUBJECT_DEPS:
                verb = _phrase_head(token).head
                if verb.dep_ in ("pcomp", "acl", "relcl") and verb.i not in trigger_heads:
                    score = 5  # "at Russian forces attacking them", "where Russia attacks"
                elif verb.i != clause.root.i and verb.i not in trigger_heads and \
                        verb.lemma_.lower() not in self.use_verbs:
                    score = 4  # "wherever Russian forces come across the border"
            if after_word(doc, i, ("to",)) and (supply_before(doc, i, self.supply_words) or (
                    _phrase_head(token).head.head.lemma_.lower() in self.recipient_heads)):
                score = 1  # "supplied to Ukraine", "the sale of jets to Pakistan"
            if clause.supply is not None and after_word(doc, i, ("to",)) and \
                    _phrase_head(token).head.head.i == clause.supply.i:
                score = -1  # "approved the sale of jets to Pakistan on condition that ..."
            if after_word(doc, i, ("by",)) or after_word(doc, i + 1, ("by",)):
                agent = _phrase_head(token).head.head
                if agent.lemma_.lower() not in self.operate_verbs:
                    continue  # "supplied by Britain": a supplier
                score = 1  # "systems operated by Ukrainian forces": the user
            if i in enemy:
                continue  # "against Russian forces": the side struck
            if role == "poss" and _phrase_head(token).head.i in index.places:
                continue  # "Russia's Kursk region": whose the place is
            head = _phrase_head(token)
            if head.dep_ in ("dobj", "dative", "nsubjpass") and head.head.i in trigger_heads:
                score = -1  # "allowed Ukraine to ...", "Ukraine is permitted to ..."
            elif head.dep_ == "nsubj" and head.head.dep_ in ("xcomp", "ccomp") and \
                    head.head.head.i in trigger_heads:
                score = -1  # "allow Ukraine to hit back" parsed with Ukraine as hit's subject
            if _conditional(token):
                continue  # "If Russia is attacking ...": the condition, not the grant
            ranked.append((score, i, code))
        if ranked:
            ranked.sort()
            if ranked[0][0] < 5:
                return ranked[0][2], "text"
        if previous is not None and previous.grantee and previous.grantee not in exclude:
            return previous.grantee, "carried"
        loose = [r for r in ranked if role_of(doc[r[1]]) != "pobj"]
        if loose:
            return loose[0][2], "text"  # never the object of "into", "inside", "with"
        return None, "guessed"

    def _group_subject(self, clause: Clause, index: DocIndex) -> bool:
        """The clause's subject is a group of unnamed countries ("the two countries")."""
        root = clause.root
        while root.dep_ == "conj" and root.head.i != root.i and not any(
                c.dep_ in SUBJECT_DEPS for c in root.children):
            root = root.head
        for child in root.children:
            if child.dep_ in SUBJECT_DEPS and child.lower_ in self.groups:
                return not self.countries_of_phrase(child, index)
        return False

    def subject_grantors(self, clause: Clause, index: DocIndex) -> list[str]:
        """The deciders a grant or ban names as its subject ("Biden authorised ...", "President
        Biden - who consented to ...", "... gave Israel the green light but barred ...")."""
        if not clause.decider_is_subject:
            return []
        root = clause.root
        while root.dep_ == "conj" and not any(c.dep_ in SUBJECT_DEPS for c in root.children) \
                and root.head.i != root.i:
            root = root.head  # coordinated verbs share their subject
        for child in root.children:
            if child.dep_ == "nsubj":
                skip: set[int] = set()
                subject = child
                if child.lower_ in RELATIVE_PRONOUNS and root.dep_ == "relcl":
                    subject = root.head  # "President Biden - who consented to ..."
                    skip = {t.i for t in root.subtree}
                codes = self.countries_of_phrase(subject, index, skip)
                if codes:
                    return codes
        return []

    def grantors(self, doc: Doc, sent: Span, clause: Clause, index: DocIndex,
                 weapons: list[WeaponMention], exclude: set[str | None],
                 previous: Statement | None) -> tuple[list[str], str]:
        """Who decides: the subject of a grant or ban, the supplier the text names, the speaker,
        the previous statement's grantor, or the maker of a named system, in that order."""
        exclude = exclude | {None}
        codes = [c for c in self.subject_grantors(clause, index) if c not in exclude]
        if codes:
            return codes, "text"
        if clause.supply is not None:  # "X approved the sale ... on condition that ..."
            codes = [c for child in clause.supply.children if child.dep_ == "nsubj"
                     for c in self.countries_of_phrase(child, index) if c not in exclude]
            if codes:
                return codes, "text"
        named = [o for w in weapons for o in text_origins(w) if o not in exclude]
        if named:
            return list(dict.fromkeys(named)), "text"
        for t in clause.triggers:  # "the US permission", "a German ban", "approval from the US"
            noun = doc[t.head]
            if noun.pos_ == "NOUN":
                codes = [index.actors.get(c.i) or index.countries.get(c.i)
                         for c in noun.children if c.dep_ in ("compound", "amod", "nmod", "poss")]
                for prep in noun.children:
                    if prep.dep_ == "prep" and prep.lower_ in ("from", "by"):
                        codes += [index.actors.get(c.i) or index.countries.get(c.i)
                                  for c in prep.subtree if c.i != prep.i]
                codes = [c for c in codes if c and c not in exclude]
                if codes:
                    return list(dict.fromkeys(codes)), "text"
        speakers = [c for c in self.speakers(doc, sent, clause.root, index) if c not in exclude]
        if speakers:
            return speakers, "text"
        if self._group_subject(clause, index):
            return [], "guessed"  # "Western countries eased restrictions": not the last grantor
        if previous is not None and previous.grantor and previous.grantor not in exclude:
            return [previous.grantor], "carried"
        makers = {self.catalog.systems[w.key].origin for w in weapons if w.kind == "system"}
        makers -= exclude
        if len(makers) == 1:
            return [makers.pop()], "guessed"
        return [], "guessed"

    def speakers(self, doc: Doc, sent: Span, root: Token, index: DocIndex) -> list[str]:
        """Who says it: the subject of a speech verb above the clause or heading the sentence
        ("Representatives of Finland and Poland issued statements saying ..." -> FI, PL)."""
        candidates = [a for a in root.ancestors] + [sent.root]
        detached = [t for t in sent if t.lemma_.lower() in self.speech and t.pos_ == "VERB"]
        for verb in [root, *candidates, *detached]:  # detached: "..., US officials said"
            if verb.lemma_.lower() not in self.speech:
                continue
            subjects = [c for c in verb.children if c.dep_ == "nsubj"]
            if not subjects and verb.dep_ in ("advcl", "xcomp", "acl"):
                subjects = [c for c in verb.head.children if c.dep_ == "nsubj"]
            for child in subjects:
                code = self.country_of_phrase(child, index)
                if code is not None:
                    return _of_countries(child, index) or [code]
        return []

    def countries_of_phrase(self, token: Token, index: DocIndex, skip: set[int] | None = None
                            ) -> list[str]:
        """Every country a subject names ("The British and French governments" -> GB, FR)."""
        found: list[str] = []
        for t in token.subtree:
            if index.in_dateline(t) or (skip and t.i in skip):
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

    def enemy_tokens(self, doc: Doc, tokens: set[int], index: DocIndex) -> dict[int, str]:
        """Tokens naming the country of what is struck in the clause ("hit Russian artillery",
        "against Russian forces") and that country."""
        out: dict[int, str] = {}
        for i in tokens:
            code = index.countries.get(i)
            if code is None:
                continue
            head = doc[i].head
            if doc[i].dep_ == "poss" and head.lemma_.lower() in self.strike_nouns:
                continue  # "Ukraine's use of ...": who uses, not what is struck
            while head.dep_ in ("compound", "amod", "conj", "appos") and head.head.i != head.i:
                head = head.head
            if head.dep_ == "nsubj" and head.head.dep_ in ("pcomp", "acl") and \
                    self._struck_by(head.head.head):
                out[i] = code  # "hit back at Russian forces attacking ...": still struck
                continue
            if (head.dep_ == "dobj" and head.head.lemma_.lower() in self.strike_verbs) or (
                    head.dep_ == "pobj" and self._struck_by(head.head)):
                out[i] = code
        return out

    def _struck_by(self, prep: Token) -> bool:
        """"against ...", "at ...", "on ..." hanging on a verb or noun of striking or using
        ("hit back at", "strikes on", "use of rockets against"), not "restrictions on"."""
        if prep.lower_ not in STRUCK_PREPOSITIONS:
            return False
        word = prep.head.lemma_.lower()
        return word in self.use_verbs or word in self.strike_verbs or word in self.strike_nouns
