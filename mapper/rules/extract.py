"""Parsed article + resolved places -> policy statements (who lets whom strike where, with what).

Everything the code knows about words comes from the rule lexicon, the weapons catalog and the
gazetteer; the code only reads spaCy's parse. Parts a clause leaves out (the weapon in "Nor would
the weapons be used against Moscow", the grantor of "the officials said") are carried over from
the article's previous statement, at a small cost in confidence.
"""

from __future__ import annotations

import datetime as dt

from spacy.language import Language
from spacy.matcher import Matcher, PhraseMatcher
from spacy.tokens import Doc, Span, Token

from mapper.catalogs import WeaponCatalog
from mapper.geoparse.models import Place
from mapper.records import Evidence, Statement, WeaponMention
from mapper.rules.clauses import Clause, TriggerMatcher
from mapper.rules.combine import merge, share_targets, text_origins
from mapper.rules.dates import clause_date
from mapper.rules.doc_index import (
    DocIndex,
    RelationMatch,
    build_index,
    parse_number,
    place_ref,
    token_at,
)
from mapper.rules.lexicon import RelationRule, RuleLexicon
from mapper.rules.parties import INSIDE_WINDOW, PartyFinder
from mapper.rules.patterns import add_phrases
from mapper.rules.weapons import WeaponFinder

ANCHOR_WINDOW = 8  # tokens after a relation phrase searched for its anchor place
COORDINATORS = ("or", "and", ",", "the", "nor")
CARRY_SENTENCES = 4  # how far back parts are carried over from


class StatementExtractor:
    def __init__(self, nlp: Language, lexicon: RuleLexicon, catalog: WeaponCatalog) -> None:
        self.lexicon = lexicon
        self.catalog = catalog
        self.triggers = TriggerMatcher(nlp, lexicon)
        self.weapons = WeaponFinder(nlp, catalog)
        self.parties = PartyFinder(lexicon, catalog, self.weapons.supply_words)
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
        self.generic_class = str(lexicon.raw.get("generic_weapon_class", ""))

    # -- entry point ------------------------------------------------------------------------
    def __call__(self, doc: Doc, places: list[Place], article_date: dt.date | None
                 ) -> list[Statement]:
        index = build_index(doc, places, self.lexicon, self.actor_matcher)
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
            found_here = merge(share_targets(found_here))
            statements.extend(found_here)
            history.extend((number, s) for s in found_here)
        return statements

    # -- one clause -----------------------------------------------------------------------------
    def _statements(self, doc: Doc, sent: Span, clause: Clause, index: DocIndex,
                    mentions: list[WeaponMention], relation_hits: list[tuple[int, int, int]],
                    target_hits: list[tuple[str, int, int]], article_date: dt.date | None,
                    number: int, history: list[tuple[int, Statement]],
                    same_sentence: list[Statement], frame: set[int]) -> list[Statement]:
        tokens = clause.tokens = self._scope_tokens(doc, clause, index)
        if not tokens:
            return []
        weapons = [w for w in mentions if token_at(doc, w.start) in tokens]
        enemy = self.parties.enemy_codes(doc, tokens, index)
        # "allows Kyiv to hit Russian artillery": the enemy's weapons are targets, not arms
        weapons = [w for w in weapons if not (set(text_origins(w)) & enemy)]
        if not weapons and clause.root.dep_ == "relcl":
            # "the GMLRS rockets that Ukraine was allowed to use": the noun the clause describes
            head = clause.root.head
            weapons = [w for w in mentions if token_at(doc, w.start) <= head.i
                       < token_at(doc, w.end - 1) + 1]
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
        target, target_how = self.parties.target(doc, clause, index, relation, relation_hits,
                                                 previous)
        confidence -= {"text": 0.0, "carried": penalty, "guessed": guessed}[target_how]
        grantors, grantor_how = self.parties.grantors(doc, sent, clause, index, weapons, target,
                                               previous)
        confidence -= {"text": 0.0, "carried": penalty, "guessed": guessed}[grantor_how]
        if not weapons and self._refers_back(doc, clause):
            weapons, how = self._weapons_referred(previous, grantors, grantor_how, doc, clause)
            confidence -= {"text": 0.0, "carried": penalty, "guessed": guessed}[how]
        own_origins = {o for w in weapons for o in text_origins(w)}
        grantee, grantee_how = self.parties.grantee(doc, clause, index, target,
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
            anchor_refs=tuple(place_ref(p) for p in anchors), target_country=target,
            excluded=tuple(p.name for p in excluded),
            excluded_refs=tuple(place_ref(p) for p in excluded),
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
                        "anchor_refs": tuple(place_ref(p) for p in at_places), "range_km": None,
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

    def _scope_tokens(self, doc: Doc, clause: Clause, index: DocIndex) -> set[int]:
        """The clause's tokens without the dateline and without relative clauses that describe a
        place ("Kursk Oblast, where Ukraine launched a cross-border incursion")."""
        tokens = {i for i in clause.tokens if not index.in_dateline(doc[i])}
        for i in list(tokens):
            token = doc[i]
            if token.dep_ == "relcl" and token.head.i in index.places and token.i != clause.root.i:
                tokens -= {t.i for t in token.subtree}
        return tokens

    def _refers_back(self, doc: Doc, clause: Clause) -> bool:
        """Whether the clause points back at weapons named earlier ("the weapons", "them")."""
        return any(doc[i].lemma_.lower() in self.anaphora or doc[i].lower_ in self.anaphora
                   for i in clause.tokens)

    # -- scope ----------------------------------------------------------------------------------
    def _relation(self, doc: Doc, clause: Clause, index: DocIndex,
                  hits: list[tuple[int, int, int]]) -> RelationMatch | None:
        """The most specific relation in the clause (lexicon order) whose anchor can be found."""
        rules = self.lexicon.relations
        inside = [h for h in hits if h[1] in clause.tokens and h[2] - 1 in clause.tokens]
        for n, rule in enumerate(rules):
            for _, start, end in sorted(h for h in inside if h[0] == n):
                if rule.relation == "at" and start > 0 and doc[start - 1].lower_ in self.exclusion:
                    continue  # "but not against Yerevan": an exclusion, not the scope
                found = RelationMatch(rule, start, end)
                if rule.distance:
                    found.distance_km = self._distance(doc[start:end])
                    if found.distance_km is None:
                        continue
                if rule.anchor == "after":
                    window = INSIDE_WINDOW if rule.relation in ("inside", "at") else ANCHOR_WINDOW
                    found.anchors = self._anchors_after(doc, end, window, clause, index, rule)
                    if not found.anchors and rule.relation in ("inside", "at"):
                        if rule.relation == "inside" and \
                                self.parties.territory_after(doc, end, index):
                            found.anchors = []
                            return found
                        continue
                return found
        return None

    def _anchors_after(self, doc: Doc, end: int, window: int, clause: Clause, index: DocIndex,
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

    def _distance(self, span: Span) -> float | None:
        """km in a phrase ("200 miles (about 320 kilometres)": the km figure wins)."""
        values: list[tuple[float, float]] = []
        for token in span:
            if token.like_num and token.i + 1 < span.end:
                unit = self.lexicon.units.get(span.doc[token.i + 1].lower_)
                value = parse_number(token.text)
                if unit is not None and value is not None:
                    values.append((value, unit))
        if not values:
            return None
        metric = [v for v, u in values if u == 1.0]
        return metric[0] if metric else values[0][0] * values[0][1]

    def _scope(self, relation: RelationMatch | None, target: str | None, index: DocIndex
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

    def _excluded(self, doc: Doc, clause: Clause, index: DocIndex, relation: RelationMatch | None
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

    def _at_places(self, doc: Doc, clause: Clause, index: DocIndex,
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
