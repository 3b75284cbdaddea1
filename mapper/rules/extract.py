"""Parsed article + resolved places -> policy statements (who lets whom strike where, with what).

Everything the code knows about words comes from the rule lexicon, the weapons catalog and the
gazetteer; the code only reads spaCy's parse. Parts a clause leaves out (the weapon in "Nor would
the weapons be used against Moscow", the grantor of "the officials said") are carried over from
the article's previous statement, at a small cost in confidence.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass, field

from spacy.language import Language
from spacy.matcher import Matcher, PhraseMatcher
from spacy.tokens import Doc, Span, Token

from mapper.analysis.models import Evidence, Statement, WeaponMention
from mapper.catalogs import WeaponCatalog
from mapper.catalogs.capitals import capital_of
from mapper.geoparse.models import Place
from mapper.rules.clauses import Clause, TriggerMatcher
from mapper.rules.dates import clause_date
from mapper.rules.lexicon import RelationRule, RuleLexicon
from mapper.rules.patterns import add_phrases
from mapper.rules.weapons import WeaponFinder

ANCHOR_WINDOW = 8  # tokens after a relation phrase searched for its anchor place
INSIDE_WINDOW = 3  # "inside (the) Russia": the anchor must follow closely
INTO_RELATIONS = ("inside", "deep inside", "beyond")
BORDER_RELATIONS = ("across the border from", "within", "beyond")
COORDINATORS = ("or", "and", ",", "the", "nor")
SUBJECT_DEPS = ("nsubj", "nsubjpass")
OBJECT_DEPS = ("dobj", "dative", "iobj", "pobj")
CARRY_SENTENCES = 4  # how far back parts are carried over from


@dataclass
class _Found:
    """Where a relation phrase matched and what it points at."""

    rule: RelationRule
    start: int
    end: int
    anchors: list[Place] = field(default_factory=list)
    distance_km: float | None = None


@dataclass
class _DocIndex:
    """Token-level views of the places and actors in one Doc."""

    countries: dict[int, str]  # token -> ISO2 (country names and demonyms)
    places: dict[int, Place]  # token -> place (role "place", resolved)
    actors: dict[int, str]  # token -> ISO2 (officials and institutions from actors.csv)


class StatementExtractor:
    def __init__(self, nlp: Language, lexicon: RuleLexicon, catalog: WeaponCatalog) -> None:
        self.lexicon = lexicon
        self.catalog = catalog
        self.triggers = TriggerMatcher(nlp, lexicon)
        self.weapons = WeaponFinder(nlp, catalog)
        units = sorted(lexicon.units)
        self.relations = Matcher(nlp.vocab)
        for n, rule in enumerate(lexicon.relations):
            add_phrases(self.relations, nlp, f"{n}", rule.phrases, units)
        self.targets = Matcher(nlp.vocab)
        for rule in lexicon.targets:
            add_phrases(self.targets, nlp, rule.key, rule.phrases, units)
        self.excluded_targets = {t.key for t in lexicon.targets if t.excluded}
        self.actor_matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        for name in lexicon.actors:
            self.actor_matcher.add(name, [nlp.make_doc(name)])
        self.speech = lexicon.words("speech_verbs")
        self.territory = lexicon.words("territory_words")
        self.enemy = lexicon.words("enemy_words")
        self.exclusion = lexicon.words("exclusion_words")
        self.openers = lexicon.words("background_openers")
        self.background_phrases = lexicon.phrases("background_phrases")
        self.background_days = int(lexicon.raw.get("background_after_days", 7))
        self.anaphora = lexicon.words("weapon_anaphora")
        self.use_verbs = lexicon.words("use_verbs")
        self.strike_verbs = lexicon.words("strike_verbs")
        self.markers = lexicon.words("background_markers")
        self._datelines: list[tuple[int, int]] = []
        self.generic_class = str(lexicon.raw.get("generic_weapon_class", ""))

    # -- entry point ------------------------------------------------------------------------
    def __call__(self, doc: Doc, places: list[Place], article_date: dt.date | None
                 ) -> list[Statement]:
        index = self._index(doc, places)
        self._datelines = _datelines(doc.text)
        mentions = self.weapons(doc, index.countries)
        relation_hits = [(int(doc.vocab.strings[m]), s, e) for m, s, e in self.relations(doc)]
        target_hits = [(doc.vocab.strings[m], s, e) for m, s, e in self.targets(doc)]
        triggers = self.triggers.triggers(doc)
        statements: list[Statement] = []
        history: list[tuple[int, Statement]] = []  # (sentence number, statement)
        for number, sent in enumerate(doc.sents):
            found_here: list[Statement] = []
            clauses = self.triggers.clauses(sent, triggers)
            if any(c.polarity == "ambiguous" for c in clauses):
                # "said Ukraine should be allowed to use ... to neutralise": one open view.
                for c in clauses:
                    if c.polarity == "permitted":
                        c.polarity, c.rule = "ambiguous", "ambiguous_phrases"
                        c.confidence = min(c.confidence, self.lexicon.confidence("ambiguous"))
            # The reporting frame ("analysts estimated on June 9 that ...") dates its clauses.
            frame = set(range(sent.start, sent.end)).difference(*(c.tokens for c in clauses))
            for clause in clauses:
                made = self._statements(doc, sent, clause, index, mentions, relation_hits,
                                        target_hits, article_date, number, history, found_here,
                                        frame)
                found_here.extend(made)
            found_here = _merge(_share_targets(found_here))
            statements.extend(found_here)
            history.extend((number, s) for s in found_here)
        return statements

    # -- one clause -----------------------------------------------------------------------------
    def _statements(self, doc: Doc, sent: Span, clause: Clause, index: _DocIndex,
                    mentions: list[WeaponMention], relation_hits: list[tuple[int, int, int]],
                    target_hits: list[tuple[str, int, int]], article_date: dt.date | None,
                    number: int, history: list[tuple[int, Statement]],
                    same_sentence: list[Statement], frame: set[int]) -> list[Statement]:
        tokens = clause.tokens = self._scope_tokens(doc, clause, index)
        if not tokens:
            return []
        weapons = [w for w in mentions if _token_at(doc, w.start) in tokens]
        enemy = self._enemy_codes(doc, tokens, index)
        # "allows Kyiv to hit Russian artillery": the enemy's weapons are targets, not arms
        weapons = [w for w in weapons if not (set(_text_origins(w)) & enemy)]
        if not weapons and clause.root.dep_ == "relcl":
            # "the GMLRS rockets that Ukraine was allowed to use": the noun the clause describes
            head = clause.root.head
            weapons = [w for w in mentions if _token_at(doc, w.start) <= head.i
                       < _token_at(doc, w.end - 1) + 1]
        targets = sorted({k for k, s, _ in target_hits if s in tokens})
        relation = self._relation(doc, clause, index, relation_hits)
        own_places = [p for i, p in index.places.items() if i in tokens]
        recent = [s for n, s in history if number - n <= CARRY_SENTENCES] + same_sentence
        previous = recent[-1] if recent else None
        if not weapons and not own_places and relation is None:
            return []  # "civilian targets remain off limits": no scope of its own
        confidence = clause.confidence
        penalty = self.lexicon.confidence("carried_over_penalty")
        guessed = self.lexicon.confidence("guessed_penalty")
        target, target_how = self._target(doc, clause, index, relation, relation_hits, previous)
        confidence -= {"text": 0.0, "carried": penalty, "guessed": guessed}[target_how]
        grantors, grantor_how = self._grantors(doc, sent, clause, index, weapons, target,
                                               previous)
        confidence -= {"text": 0.0, "carried": penalty, "guessed": guessed}[grantor_how]
        if not weapons and self._refers_back(doc, clause):
            weapons, how = self._weapons_referred(previous, grantors, grantor_how, doc, clause)
            confidence -= {"text": 0.0, "carried": penalty, "guessed": guessed}[how]
        own_origins = {o for w in weapons for o in _text_origins(w)}
        grantee, grantee_how = self._grantee(doc, clause, index, target,
                                             {*grantors, *own_origins}, previous)
        confidence -= {"text": 0.0, "carried": penalty, "guessed": guessed}[grantee_how]
        rel_name, anchors, distance = self._scope(relation, target, index)
        excluded = self._excluded(doc, clause, index, relation)
        ents = [e for e in doc.ents if e.start in tokens] or [
            e for e in sent.ents if e.start - sent.start < 3 or e.start in frame]
        when = clause_date(ents, article_date)
        ongoing = any(e.start > 0 and doc[e.start - 1].lower_ == "since" for e in ents
                      if e.label_ == "DATE")  # "since the spring": still so today
        background = self._background(doc, sent) or self._reported_past(clause)
        effective = article_date
        if when is not None:
            first, last = when
            effective = first
            if article_date is not None and not ongoing and \
                    (article_date - last).days > self.background_days:
                background = True
        evidence = Evidence(sent.text, sent.start_char, sent.end_char)
        base = dict(
            polarity=clause.polarity, grantee=grantee,
            weapons=tuple(dict.fromkeys(w.key for w in weapons)),
            weapon_mentions=tuple(weapons), relation=rel_name,
            anchors=tuple(p.name for p in anchors),
            anchor_refs=tuple(_ref(p) for p in anchors), target_country=target,
            excluded=tuple(p.name for p in excluded),
            excluded_refs=tuple(_ref(p) for p in excluded),
            targets=tuple(t for t in targets if t not in self.excluded_targets),
            excluded_targets=tuple(t for t in targets if t in self.excluded_targets),
            range_km=distance, effective_date=effective, in_force=not background,
            evidence=evidence, rule=f"{clause.rule}+{rel_name.replace(' ', '_')}",
            confidence=round(max(self.lexicon.confidence("minimum"), min(1.0, confidence)), 3))
        made = [Statement(grantor=g, **base) for g in grantors or [None]]
        # A ban that names cities or landmarks as targets also bans those places outright
        # ("... remain prohibited, as does any use against Baku").
        if clause.polarity == "restricted" and rel_name != "at":
            at_places = self._at_places(doc, clause, index, relation_hits, anchors)
            for g in grantors or [None]:
                if at_places:
                    made.append(Statement(grantor=g, **{
                        **base, "relation": "at", "anchors": tuple(p.name for p in at_places),
                        "anchor_refs": tuple(_ref(p) for p in at_places), "range_km": None,
                        "rule": f"{clause.rule}+at"}))
        return made

    def _weapons_referred(self, previous: Statement | None, grantors: list[str],
                          grantor_how: str, doc: Doc, clause: Clause
                          ) -> tuple[list[WeaponMention], str]:
        """"the weapons", "them": the previous statement's weapons when the decider is the
        same; otherwise the new grantor's own supplied weapons ("the weapons it has given")."""
        same = previous is not None and (grantor_how != "text" or not grantors
                                         or previous.grantor in grantors)
        if same and previous is not None and previous.weapon_mentions:
            return list(previous.weapon_mentions), "carried"
        if grantors and self.generic_class in self.catalog.classes:
            cls = self.catalog.classes[self.generic_class]
            origins = tuple(grantors)
            systems = tuple(s.key for s in self.catalog.class_systems(cls, origins))
            word = next(doc[i] for i in sorted(clause.tokens)
                        if doc[i].lower_ in self.anaphora or doc[i].lemma_ in self.anaphora)
            low, high = self.weapons.class_range(cls, systems)
            return [WeaponMention(key=cls.key, text=word.text, start=word.idx,
                                  end=word.idx + len(word.text), kind="class", origin=origins,
                                  systems=systems, min_range_km=low, max_range_km=high)], \
                "guessed"
        return [], "guessed"

    def _scope_tokens(self, doc: Doc, clause: Clause, index: _DocIndex) -> set[int]:
        """The clause's tokens without the dateline and without relative clauses that describe a
        place ("Kursk Oblast, where Ukraine launched a cross-border incursion")."""
        tokens = {i for i in clause.tokens if not self._in_dateline(doc[i])}
        for i in list(tokens):
            token = doc[i]
            if token.dep_ == "relcl" and token.head.i in index.places and token.i != clause.root.i:
                tokens -= {t.i for t in token.subtree}
        return tokens

    def _enemy_codes(self, doc: Doc, tokens: set[int], index: _DocIndex) -> set[str]:
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

    def _refers_back(self, doc: Doc, clause: Clause) -> bool:
        """Whether the clause points back at weapons named earlier ("the weapons", "them")."""
        return any(doc[i].lemma_.lower() in self.anaphora or doc[i].lower_ in self.anaphora
                   for i in clause.tokens)

    # -- scope ----------------------------------------------------------------------------------
    def _relation(self, doc: Doc, clause: Clause, index: _DocIndex,
                  hits: list[tuple[int, int, int]]) -> _Found | None:
        """The most specific relation in the clause (lexicon order) whose anchor can be found."""
        rules = self.lexicon.relations
        inside = [h for h in hits if h[1] in clause.tokens and h[2] - 1 in clause.tokens]
        for n, rule in enumerate(rules):
            for _, start, end in sorted(h for h in inside if h[0] == n):
                if rule.relation == "at" and start > 0 and doc[start - 1].lower_ in self.exclusion:
                    continue  # "but not against Yerevan": an exclusion, not the scope
                found = _Found(rule, start, end)
                if rule.distance:
                    found.distance_km = self._distance(doc[start:end])
                    if found.distance_km is None:
                        continue
                if rule.anchor == "after":
                    window = INSIDE_WINDOW if rule.relation in ("inside", "at") else ANCHOR_WINDOW
                    found.anchors = self._anchors_after(doc, end, window, clause, index, rule)
                    if not found.anchors and rule.relation in ("inside", "at"):
                        if rule.relation == "inside" and self._territory_after(doc, end, index):
                            found.anchors = []
                            return found
                        continue
                return found
        return None

    def _anchors_after(self, doc: Doc, end: int, window: int, clause: Clause, index: _DocIndex,
                       rule: RelationRule) -> list[Place]:
        """The first place after a phrase and the places coordinated with it ("Moscow or the
        Kremlin", "Kharkiv and Sumy regions")."""
        out: list[Place] = []
        i = end
        limit = min(len(doc), end + window)
        while i < limit and i in clause.tokens:
            place = index.places.get(i)
            if place is not None and (not rule.places_only
                                      or place.feature_type in rule.places_only):
                if place not in out:
                    out.append(place)
                while i + 1 < len(doc) and index.places.get(i + 1) is place:
                    i += 1
                limit = min(len(doc), i + 4)  # allow "or the Kremlin", "and Sumy"
            elif (out and doc[i].lower_ not in COORDINATORS) or (
                    doc[i].is_punct and doc[i].text not in (",", "-")):
                break
            elif not out and window <= INSIDE_WINDOW and i not in index.countries and \
                    doc[i].dep_ not in ("det", "amod", "poss", "case", "compound"):
                break  # "in practice kept Ukraine ...": "in" must be followed by its place
            i += 1
        return out

    def _territory_after(self, doc: Doc, end: int, index: _DocIndex) -> str | None:
        """"on Russian soil", "inside Russian territory": the country adjective's code."""
        i = _skip_det(doc, end)
        while i in index.countries and i + 1 < len(doc) and index.countries.get(i + 1) == \
                index.countries[i]:
            i += 1  # a demonym of two tokens ("North Korean")
        if i in index.countries and i + 1 < len(doc) and \
                doc[i + 1].lemma_.lower() in self.territory:
            return index.countries[i]
        return None

    def _distance(self, span: Span) -> float | None:
        """km in a phrase ("200 miles (about 320 kilometres)": the km figure wins)."""
        values: list[tuple[float, float]] = []
        for token in span:
            if token.like_num and token.i + 1 < span.end:
                unit = self.lexicon.units.get(span.doc[token.i + 1].lower_)
                number = _number(token.text)
                if unit is not None and number is not None:
                    values.append((number, unit))
        if not values:
            return None
        metric = [v for v, u in values if u == 1.0]
        return metric[0] if metric else values[0][0] * values[0][1]

    def _scope(self, relation: _Found | None, target: str | None, index: _DocIndex
               ) -> tuple[str, list[Place], float | None]:
        if relation is None:
            return "inside", [], None
        name = relation.rule.relation
        anchors = relation.anchors
        if name == "across the border from" and not anchors:
            name = "near the border"
        if relation.rule.anchor == "none":
            anchors = []
        return name, anchors, relation.distance_km

    def _excluded(self, doc: Doc, clause: Clause, index: _DocIndex, relation: _Found | None
                  ) -> list[Place]:
        """Places marked off limits inside a permission ("but not Moscow")."""
        if clause.polarity != "permitted":
            return []
        anchors = relation.anchors if relation else []
        out: list[Place] = []
        for i, place in index.places.items():
            if i not in clause.tokens or place in anchors or place in out:
                continue
            before = [doc[k].lower_ for k in range(max(clause.span[0], i - 3), i)]
            if any(w in self.exclusion for w in before):
                out.append(place)
        return out

    def _at_places(self, doc: Doc, clause: Clause, index: _DocIndex,
                   hits: list[tuple[int, int, int]], anchors: list[Place]) -> list[Place]:
        rules = self.lexicon.relations
        out: list[Place] = []
        for n, start, end in hits:
            rule = rules[n]
            if rule.relation != "at" or start not in clause.tokens:
                continue
            for p in self._anchors_after(doc, end, INSIDE_WINDOW, clause, index, rule):
                if p not in anchors and p not in out:
                    out.append(p)
        return out

    # -- parties ------------------------------------------------------------------------------
    def _target(self, doc: Doc, clause: Clause, index: _DocIndex, relation: _Found | None,
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
            code = self._territory_after(doc, end, index)
            if code:
                return code, "text"
            place = index.places.get(_skip_det(doc, end))
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
                    if prev not in ("by", "to") and _role_of(doc[i]) not in SUBJECT_DEPS:
                        return index.countries[i], "text"
        if relation is not None:
            for p in relation.anchors:
                if relation.rule.relation not in BORDER_RELATIONS and p.country_code:
                    return p.country_code, "text"
        if previous is not None and previous.target_country:
            return previous.target_country, "carried"
        return None, "guessed"

    def _grantee(self, doc: Doc, clause: Clause, index: _DocIndex, target: str | None,
                 others: set[str], previous: Statement | None) -> tuple[str | None, str]:
        ranked: list[tuple[int, int, str]] = []
        candidates = set(clause.tokens)
        root = clause.root
        if root.dep_ == "conj" and not any(c.dep_ in SUBJECT_DEPS for c in root.children):
            # "Armenian units could answer ... but could not use the rockets": shared subject
            for child in root.head.children:
                if child.dep_ in SUBJECT_DEPS:
                    candidates |= {t.i for t in child.subtree if not self._in_dateline(t)}
        for i in sorted(candidates):
            code = index.countries.get(i)
            if code is None or code == target or code in others:
                continue
            token = doc[i]
            role = _role_of(token)
            score = {"nsubj": 0, "nsubjpass": 0, "dobj": 1, "dative": 1, "poss": 2}.get(role, 5)
            if _after_word(doc, i, ("to",)) and _supply_before(doc, i, self.weapons.supply_words):
                score = 1  # "supplied to Ukraine"
            if _after_word(doc, i, ("by",)):
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

    def _grantors(self, doc: Doc, sent: Span, clause: Clause, index: _DocIndex,
                  weapons: list[WeaponMention], target: str | None, previous: Statement | None
                  ) -> tuple[list[str], str]:
        """Who decides: the subject of a grant or ban, the supplier the text names, the speaker,
        the previous statement's grantor, or the maker of a named system, in that order."""
        exclude = {target, None}
        if clause.decider_is_subject:
            for child in clause.root.children:
                if child.dep_ == "nsubj":
                    codes = [c for c in self._countries_of_phrase(child, index)
                             if c not in exclude]
                    if codes:
                        return codes, "text"
        text_origins = [o for w in weapons for o in _text_origins(w) if o not in exclude]
        if text_origins:
            return list(dict.fromkeys(text_origins)), "text"
        for t in clause.triggers:  # "the US permission", "a German ban"
            noun = doc[t.head]
            if noun.pos_ == "NOUN":
                codes = [index.actors.get(c.i) or index.countries.get(c.i)
                         for c in noun.children if c.dep_ in ("compound", "amod", "nmod")]
                codes = [c for c in codes if c and c not in exclude]
                if codes:
                    return list(dict.fromkeys(codes)), "text"
        speaker = self._speaker(doc, sent, clause.root, index)
        if speaker is not None and speaker not in exclude:
            return [speaker], "text"
        if previous is not None and previous.grantor and previous.grantor not in exclude:
            return [previous.grantor], "carried"
        makers = {self.catalog.systems[w.key].origin for w in weapons if w.kind == "system"}
        makers -= exclude
        if len(makers) == 1:
            return [makers.pop()], "guessed"
        return [], "guessed"

    def _speaker(self, doc: Doc, sent: Span, root: Token, index: _DocIndex) -> str | None:
        """Who says it: the subject of a speech verb above the clause or heading the sentence."""
        candidates = [a for a in root.ancestors] + [sent.root]
        for verb in [root, *candidates]:
            if verb.lemma_.lower() not in self.speech:
                continue
            for child in verb.children:
                if child.dep_ == "nsubj":
                    code = self._country_of_phrase(child, index)
                    if code is not None:
                        return code
        # "..., US officials said on Friday" detached from the parse tree.
        for token in sent:
            if token.lemma_.lower() in self.speech and token.pos_ == "VERB":
                for child in token.children:
                    if child.dep_ == "nsubj":
                        code = self._country_of_phrase(child, index)
                        if code is not None:
                            return code
        return None

    def _countries_of_phrase(self, token: Token, index: _DocIndex) -> list[str]:
        """Every country a subject names ("The British and French governments" -> GB, FR)."""
        found: list[str] = []
        for t in token.subtree:
            if self._in_dateline(t):
                continue
            code = index.actors.get(t.i) or index.countries.get(t.i)
            if code and code not in found:
                found.append(code)
        return found

    def _country_of_phrase(self, token: Token, index: _DocIndex) -> str | None:
        """"President Joe Biden" -> US (actors table); "The German government" -> DE."""
        tokens = [t for t in token.subtree if not self._in_dateline(t)]
        for t in tokens:
            if t.i in index.actors:
                return index.actors[t.i]
        for t in tokens:
            if t.i in index.countries:
                return index.countries[t.i]
        return None

    def _in_dateline(self, token: Token) -> bool:
        return any(s <= token.idx < e for s, e in self._datelines)

    def _background(self, doc: Doc, sent: Span) -> bool:
        """Whether a sentence tells what was, not what is: "Until this week, ...", "US officials
        had said a day earlier that Biden had allowed ..." (a past-perfect grant)."""
        first = next((t for t in sent if not t.is_punct and not t.is_space), None)
        if first is not None and first.lower_ in self.openers:
            return True
        lowered = sent.text.lower()
        if any(p in lowered for p in self.background_phrases):
            return True
        for verb in sent:
            if verb.tag_ != "VBN" or verb.pos_ not in ("VERB", "AUX"):
                continue
            aux = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
            negated = any(c.dep_ == "neg" for c in verb.children)
            if not negated and any(a.lemma_ == "have" and a.tag_ == "VBD" for a in aux) and (
                    verb.lemma_.lower() in self.lexicon.words("grant_verbs")
                    or verb.lemma_.lower() in self.speech):
                return True
        return False

    def _reported_past(self, clause: Clause) -> bool:
        """A clause under "since ..." / "when officials said" in the past: background."""
        for verb in [clause.root, *clause.root.ancestors]:
            marks = {c.lower_ for c in verb.children if c.dep_ in ("mark", "advmod")}
            if marks & self.markers and verb.tag_ in ("VBD", "VBN"):
                return True
        return False

    # -- index --------------------------------------------------------------------------------
    def _index(self, doc: Doc, places: list[Place]) -> _DocIndex:
        countries: dict[int, str] = {}
        located: dict[int, Place] = {}
        for p in places:
            span = doc.char_span(p.start, p.end, alignment_mode="expand")
            if span is None:
                continue
            capital = capital_of(p.resolved_name, p.country_code) \
                if p.feature_type == "city" else None
            for t in span:
                if p.feature_type == "country" and p.country_code:
                    countries[t.i] = p.country_code
                elif capital and _role_of(span.root) in ("nsubj", "dobj", "dative", "nsubjpass"):
                    countries[t.i] = capital  # "Washington gave Kyiv the go-ahead"
                if p.role == "place" and p.lat is not None:
                    located[t.i] = p
        # One sense per name: a country's name the model missed once ("has told Armenia that")
        # is still that country wherever it stands on its own.
        names = {doc.text[p.start:p.end]: p.country_code for p in places
                 if p.feature_type == "country" and p.role == "place" and p.country_code}
        for token in doc:
            if token.i not in countries and token.text in names and token.is_title:
                countries[token.i] = names[token.text]
        actors: dict[int, str] = {}
        for match_id, start, end in self.actor_matcher(doc):
            actor = self.lexicon.actors[doc.vocab.strings[match_id]]
            if actor.country_code and any(t.pos_ == "PROPN" for t in doc[start:end]):
                for i in range(start, end):
                    actors[i] = actor.country_code
        return _DocIndex(countries, located, actors)


def _text_origins(w: WeaponMention) -> tuple[str, ...]:
    """Suppliers the text itself names for a mention (not a class's fixed supplier group)."""
    return w.origin if w.kind == "system" or len(w.origin) < 5 else ()


def _merge(statements: list[Statement]) -> list[Statement]:
    """One sentence, same decision said twice ("cleared ATACMS ..., lifting a restriction on
    long-range weapons"): keep one, with the named systems rather than the class."""
    out: list[Statement] = []
    for s in statements:
        twin = next((o for o in out if _merge_key(o) == _merge_key(s)), None)
        if twin is None:
            out.append(s)
            continue
        mentions = list(twin.weapon_mentions) + [m for m in s.weapon_mentions
                                                 if m not in twin.weapon_mentions]
        if any(m.kind == "system" for m in mentions):
            mentions = [m for m in mentions if m.kind == "system"]
        anchors = dict(zip(twin.anchors, twin.anchor_refs, strict=True))
        anchors.update((a, r) for a, r in zip(s.anchors, s.anchor_refs, strict=True)
                       if a not in anchors)
        merged = dataclasses.replace(
            twin, weapon_mentions=tuple(mentions),
            weapons=tuple(dict.fromkeys(m.key for m in mentions)),
            anchors=tuple(anchors), anchor_refs=tuple(anchors.values()),
            targets=tuple(dict.fromkeys(twin.targets + s.targets)),
            excluded_targets=tuple(dict.fromkeys(twin.excluded_targets + s.excluded_targets)),
            confidence=max(twin.confidence, s.confidence))
        out[out.index(twin)] = merged
    return out


def _datelines(text: str) -> list[tuple[int, int]]:
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


def _share_targets(statements: list[Statement]) -> list[Statement]:
    """Clauses of one sentence share a target country and weapons ("... are no longer subject
    to any range limits, so Ukraine can use them against targets inside Russia"; "may use
    American weapons only near the border, and ruled out strikes far inside Russia")."""
    target = next((s.target_country for s in statements if s.target_country), None)
    armed = next((s for s in statements if s.weapon_mentions), None)
    whole = next((s for s in statements if s.target_country == target and any(
        r == f"admin0:{target}" for r in s.anchor_refs)), None)
    out = []
    for s in statements:
        if target and not s.target_country:
            s = dataclasses.replace(s, target_country=target)
        if whole is not None and s.relation in ("inside", "deep inside") and not s.anchors \
                and s.target_country == target:
            ref = f"admin0:{target}"
            s = dataclasses.replace(s, anchors=(whole.anchors[whole.anchor_refs.index(ref)],),
                                    anchor_refs=(ref,))
        if armed is not None and not s.weapon_mentions:
            s = dataclasses.replace(s, weapon_mentions=armed.weapon_mentions,
                                    weapons=armed.weapons)
        out.append(s)
    return out


def _merge_key(s: Statement) -> tuple:
    own = tuple(a for a, r in zip(s.anchors, s.anchor_refs, strict=True)
                if r != f"admin0:{s.target_country}")
    return (s.polarity, s.relation, s.target_country, s.grantor, own)


def _skip_det(doc: Doc, i: int) -> int:
    """The first token at or after i that is not a determiner ("inside the Kursk region")."""
    while i < len(doc) and doc[i].pos_ == "DET":
        i += 1
    return i


def _token_at(doc: Doc, char: int) -> int:
    span = doc.char_span(char, char + 1, alignment_mode="expand")
    return span.start if span is not None else -1


def _role_of(token: Token) -> str:
    """The dependency of the phrase a token heads ("Ukrainian troops" -> nsubj)."""
    node = token
    while node.dep_ in ("compound", "amod", "npadvmod", "nmod") and node.head.i != node.i:
        node = node.head
    return node.dep_


def _after_word(doc: Doc, i: int, words: tuple[str, ...]) -> bool:
    return i > 0 and doc[i - 1].lower_ in words


def _supply_before(doc: Doc, i: int, supply_words: frozenset[str]) -> bool:
    return any(doc[k].lower_ in supply_words for k in range(max(0, i - 3), i))


def _number(text: str) -> float | None:
    try:
        return float(text.replace(",", ""))
    except ValueError:
        return None


def _ref(p: Place) -> str:
    if p.polygon:
        return p.polygon
    return f"point:{p.lat:.5f},{p.lon:.5f}:{p.feature_type or 'city'}"

