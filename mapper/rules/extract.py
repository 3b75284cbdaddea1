"""Parsed article + resolved places -> policy statements (who lets whom strike where, with what).

Everything the code knows about words comes from the rule lexicon, the weapons catalog and the
gazetteer; the code only reads spaCy's parse. Parts a clause leaves out (the weapon in "Nor would
the weapons be used against Moscow", the grantor of "the officials said") are carried over from
the article's previous statement, at a small cost in confidence. Statements are evidence: the
policies the map shows are reconciled from all of an article's statements (mapper.policy).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span

from mapper.catalogs import WeaponCatalog
from mapper.geoparse.models import Place
from mapper.records import BorderMention, Evidence, Statement, WeaponMention
from mapper.records.areas import AreaRef, PointArea
from mapper.records.relations import Relation
from mapper.records.statements import ScopePlace
from mapper.rules.clauses import Clause, TriggerMatcher
from mapper.rules.combine import merge, share_targets, text_origins
from mapper.rules.dates import clause_date
from mapper.rules.doc_index import DocIndex, build_index, skip_det, token_at
from mapper.rules.lexicon import RuleLexicon
from mapper.rules.parties import PartyFinder
from mapper.rules.scope import DocHits, Flags, RelationMatch, ScopeReader
from mapper.rules.standing import Standing
from mapper.rules.weapons import WeaponFinder

CARRY_SENTENCES = 12  # how far back parts are carried over from
CLOSE = (Relation.INSIDE, Relation.AT, Relation.ANYWHERE)
AREA_TYPES = ("admin1", "admin2", "region", "country")


@dataclass(frozen=True)
class Reading:
    """What the rules layer reads in one article."""

    statements: list[Statement]
    border_mentions: list[BorderMention]
    weapon_mentions: list[WeaponMention]


def _own_areas(s: Statement) -> Statement:
    """Anchors in the grantee's own country are what the scope defends (when the grantee was
    found only after the scope was read)."""
    own = tuple(p for p in s.anchor_places
                if p.country_code == s.grantee and not p.whole_country)
    if not own:
        return s
    relation = s.relation
    if relation in (*CLOSE, Relation.DEEP_INSIDE):
        relation = Relation.ACROSS_BORDER_FROM
    return dataclasses.replace(s, relation=relation,
                               defended_places=tuple(dict.fromkeys(s.defended_places + own)))


def scope_place(p: Place, part: str | None = None) -> ScopePlace:
    area: AreaRef = p.polygon if p.polygon is not None else PointArea(
        float(p.lat or 0.0), float(p.lon or 0.0), p.feature_type or "city")
    return ScopePlace(name=p.name, area=area, country_code=p.country_code, part=part)


class StatementExtractor:
    def __init__(self, nlp: Language, lexicon: RuleLexicon, catalog: WeaponCatalog) -> None:
        self.lexicon = lexicon
        self.catalog = catalog
        self.triggers = TriggerMatcher(nlp, lexicon)
        self.weapons = WeaponFinder(nlp, catalog)
        self.parties = PartyFinder(lexicon, catalog, self.weapons.supply_words)
        self.scope = ScopeReader(nlp, lexicon)
        self.standing = Standing(lexicon)
        self.actor_matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        for name in lexicon.actors:
            self.actor_matcher.add(name, [nlp.make_doc(name)])
        self.background_days = lexicon.spec.background_after_days
        self.anaphora = lexicon.words("weapon_anaphora")
        self.generic_class = lexicon.spec.generic_weapon_class
        self.excluded_targets = {t.key for t in lexicon.targets if t.excluded}
        self.speech = lexicon.words("speech_verbs")
        self.subordinators = lexicon.words("subordinators")
        self.territory = lexicon.words("territory_words")
        self.own_words = lexicon.words("own_territory_words")
        self.directions = {k.lower(): v for k, v in lexicon.spec.direction_words.items()}
        self.use_words = lexicon.words("use_verbs") | lexicon.words("strike_nouns") | \
            lexicon.words("strike_verbs") | lexicon.policy_nouns | \
            lexicon.words("weapon_anaphora")

    # -- entry points -----------------------------------------------------------------------
    def __call__(self, doc: Doc, places: list[Place], article_date: dt.date | None
                 ) -> list[Statement]:
        return self.read(doc, places, article_date).statements

    def read(self, doc: Doc, places: list[Place], article_date: dt.date | None) -> Reading:
        index = build_index(doc, places, self.lexicon, self.actor_matcher)
        mentions = self.weapons(doc, index.countries)
        hits = self.scope.hits(doc)
        triggers = self.triggers.triggers(doc)
        weapon_tokens = frozenset(self._weapon_tokens(doc, mentions))
        statements: list[Statement] = []
        history: list[tuple[int, Statement]] = []  # (sentence number, statement)
        for number, sent in enumerate(doc.sents):
            found_here: list[Statement] = []
            clauses = self.triggers.clauses(sent, triggers, weapon_tokens)
            open_views = [c.root for c in clauses if c.polarity == "ambiguous"]
            if open_views:
                # "said Ukraine should be allowed to use ... to neutralise": one open view
                # (not "allowed ..., with each attack approved case by case" beneath a grant).
                for c in clauses:
                    if c.polarity == "permitted" and any(
                            v.i == c.root.i or v.i in {a.i for a in c.root.ancestors}
                            for v in open_views):
                        c.polarity, c.rule = "ambiguous", "ambiguous_phrases"
                        c.confidence = min(c.confidence, self.lexicon.confidence("ambiguous"))
            # The reporting frame ("analysts estimated on June 9 that ...") dates its clauses.
            frame = set(range(sent.start, sent.end)).difference(*(c.tokens for c in clauses))
            background_sentence = self.standing.background_sentence(sent)
            for clause in clauses:
                made = self._statements(doc, sent, clause, index, mentions, hits, article_date,
                                        number, history, found_here, frame,
                                        background_sentence)
                found_here.extend(made)
            found_here = merge(share_targets(found_here))
            statements.extend(found_here)
            history.extend((number, s) for s in found_here)
        statements = self._adversaries(statements, index)
        return Reading(statements, self._border_mentions(doc, index, hits), mentions)

    # -- one clause -----------------------------------------------------------------------------
    def _statements(self, doc: Doc, sent: Span, clause: Clause, index: DocIndex,
                    mentions: list[WeaponMention], hits: DocHits, article_date: dt.date | None,
                    number: int, history: list[tuple[int, Statement]],
                    same_sentence: list[Statement], frame: set[int],
                    background_sentence: bool) -> list[Statement]:
        tokens = clause.tokens = self._scope_tokens(doc, clause, index)
        if not tokens or self.standing.hypothetical(clause):
            return []
        core = tokens - self._speech_parties(doc, clause) or tokens
        core = core - self._subordinate(doc, clause, core) or core
        weapons = [w for w in mentions if token_at(doc, w.start) in tokens]
        struck = self.parties.enemy_tokens(doc, core, index)
        enemy = set(struck.values())
        # "allows Kyiv to hit Russian artillery": the enemy's weapons are targets, not arms
        weapons = [w for w in weapons if not (set(text_origins(w)) & enemy)]
        if not weapons and clause.root.dep_ == "relcl":
            # "the GMLRS rockets that Ukraine was allowed to use": the noun the clause describes
            head = clause.root.head
            weapons = [w for w in mentions if head.i in self._weapon_tokens(doc, [w])]
        targets = sorted({k for k, s, _ in hits.targets if s in tokens})
        relation = self.scope.relation(doc, core, index, hits, self.parties.territory_after)
        qualified = {t.start for t in clause.triggers} | {t.head for t in clause.triggers} | (
            set(range(relation.start, relation.end)) if relation is not None else set())
        flags = self.scope.clause_flags(doc, core, hits, qualified)
        if clause.denies_limits:
            flags = dataclasses.replace(flags, unlimited=True)
        own_places = [p for i, p in index.places.items() if i in core]
        recent = [s for n, s in history if number - n <= CARRY_SENTENCES] + same_sentence
        current = [s for s in recent if s.in_force]
        previous = (current or recent)[-1] if recent else None
        first = min(t.start for t in clause.triggers)
        below = {t.i for t in clause.root.subtree if t.i > first} & core
        about = below if clause.polarity == "ambiguous" else core
        if not weapons and not any(doc[i].lemma_.lower() in self.use_words
                                   or doc[i].lower_ in self.use_words for i in about):
            # "has the right to defend itself", "might expand its military support": no weapon,
            # no use, no permission or ban named: no policy
            return []
        scoped = bool(weapons or own_places or relation is not None or flags.unlimited)
        if not scoped and not self._refers_back(doc, clause):
            return []  # "civilian targets remain off limits": nothing of its own
        # "who consented to the use of our weapons for this purpose": a decision whose scope
        # the article gives elsewhere (kept as evidence; it draws nothing on its own)
        confidence = clause.confidence
        cost = {"text": 0.0, "carried": self.lexicon.confidence("carried_over_penalty"),
                "guessed": self.lexicon.confidence("guessed_penalty")}
        origins = {o for w in weapons for o in text_origins(w)}
        deciders = set(self.parties.subject_grantors(clause, index))
        grantee, grantee_how = self.parties.grantee(doc, clause, core, index,
                                                    origins | deciders, previous,
                                                    frozenset(struck))
        exclude = {c for c in (grantee,) if c} | origins | deciders
        target, target_how = self.parties.target(doc, clause, core, index, relation, hits,
                                                 previous, exclude)
        if target is not None and target == grantee:
            grantee, grantee_how = None, "guessed"
        confidence -= cost[target_how]
        grantors, grantor_how = self.parties.grantors(
            doc, sent, clause, index, weapons, {target, grantee}, previous)
        confidence -= cost[grantor_how]
        if not weapons and self._refers_back(doc, clause):
            weapons, how = self._weapons_referred(previous, grantors, grantor_how, doc, clause)
            confidence -= cost[how]
        if grantee is None or grantee in grantors:
            others = {c for c in (target, *grantors) if c} | origins
            grantee, grantee_how = self.parties.grantee(doc, clause, core, index, others,
                                                        previous, frozenset(struck))
        confidence -= cost[grantee_how]
        if grantee is not None and grantee == target:
            grantee = None  # the side struck never acts; the article's context may say who
        polarity = clause.polarity
        assert polarity is not None
        rule = clause.rule
        if relation is not None and grantee and self._own_territory(doc, relation, grantee,
                                                                    index):
            # "to be used only inside the territory of Ukraine": every other land is barred;
            # "beyond Ukraine's borders" barred, likewise; allowed beyond them: the target.
            inward = relation.relation not in (Relation.OUTSIDE, Relation.BEYOND)
            wider = clause.rule == "restriction_lifted"  # "not limited to Ukraine's territory"
            if inward and polarity == "permitted" and not wider or \
                    not inward and polarity == "restricted":
                polarity, rule = "restricted", f"{clause.rule}+own_territory_only"
            relation = None
        rel, anchors, defended, distance = self._roles(doc, relation, target, grantee, index,
                                                       flags, polarity)
        if rel == Relation.NEAR_BORDER and not anchors and target:
            # "inside the border region of Russia in Belgorod": the strip within that region
            anchors = [p for p in dict.fromkeys(own_places)
                       if p.country_code == target and p.feature_type in AREA_TYPES[:3]]
        excluded = self.scope.excluded(doc, core, index, [*anchors, *defended],
                                       clause.span[0]) if polarity == "permitted" else []
        ents = [e for e in doc.ents if e.start in tokens] or [
            e for e in sent.ents if e.start - sent.start < 3 or e.start in frame]
        when = clause_date(ents, article_date)
        ongoing = any(e.start > 0 and doc[e.start - 1].lower_ == "since" for e in ents
                      if e.label_ == "DATE")  # "since the spring": still so today
        background = background_sentence or self.standing.background_clause(clause)
        effective = article_date
        if when is not None:
            first, last = when
            effective = first
            if article_date is not None and not ongoing and \
                    (article_date - last).days > self.background_days:
                background = True
        evidence = Evidence(sent.text, sent.start_char, sent.end_char)
        base = dict(
            polarity=polarity, grantee=grantee,
            weapons=tuple(dict.fromkeys(w.key for w in weapons)),
            weapon_mentions=tuple(weapons), relation=rel,
            anchor_places=tuple(self._scope_place(doc, p, index) for p in anchors),
            target_country=target,
            excluded_places=tuple(scope_place(p) for p in excluded),
            defended_places=tuple(scope_place(p) for p in defended),
            targets=tuple(t for t in targets if t not in self.excluded_targets),
            excluded_targets=tuple(t for t in targets if t in self.excluded_targets),
            range_km=distance, effective_date=effective, in_force=not background,
            evidence=evidence, rule=f"{rule}+{rel.replace(' ', '_')}",
            limiting=flags.limiting, widening=flags.widening,
            unlimited=rel == Relation.ANYWHERE or (
                flags.unlimited and polarity == "permitted" and rel == Relation.INSIDE
                and not any(p.feature_type != "country" for p in anchors)),
            scoped=scoped,
            confidence=round(max(self.lexicon.confidence("minimum"), min(1.0, confidence)), 3))
        made = [Statement(grantor=g, **base) for g in grantors or [None]]
        # A ban that names cities or landmarks as targets also bans those places outright
        # ("... remain prohibited, as does any use against Baku").
        if polarity == "restricted" and rel != Relation.AT:
            at_places = [p for p in self.scope.at_places(doc, core, index, hits, anchors)
                         if p.country_code != grantee]
            for g in grantors or [None]:
                if at_places:
                    made.append(Statement(grantor=g, **{
                        **base, "relation": Relation.AT,
                        "anchor_places": tuple(scope_place(p) for p in at_places),
                        "defended_places": (), "range_km": None,
                        "rule": f"{clause.rule}+at", "unlimited": False}))
        return made

    def _own_territory(self, doc: Doc, relation: RelationMatch, grantee: str,
                       index: DocIndex) -> bool:
        """Whether the relation names the grantee's own country as the place of use ("only
        inside Ukraine", "on Ukrainian territory", "beyond Ukraine's borders")."""
        if any(p.feature_type == "country" and p.country_code == grantee
               for p in relation.anchors):
            return True
        if self.parties.territory_after(doc, relation.end, index) == grantee:
            return True
        after = doc[relation.end:relation.end + 4]
        if any(t.lemma_.lower() in self.territory for t in after) and any(
                t.lower_ in self.own_words for t in after):
            return True  # "only inside the country's borders", "on its own territory"
        return relation.relation in (Relation.OUTSIDE, Relation.BEYOND) and \
            index.countries.get(skip_det(doc, relation.end)) == grantee

    def _roles(self, doc: Doc, relation: RelationMatch | None, target: str | None,
               grantee: str | None, index: DocIndex, flags: Flags, polarity: str
               ) -> tuple[Relation, list[Place], list[Place], float | None]:
        """The relation and the role of each place it names: an area of the target struck, or an
        area of the grantee defended (a strike zone never covers the grantee's own land unless
        the text names it as held by the enemy)."""
        if relation is None:
            rel, anchors, distance = Relation.INSIDE, [], None
        else:
            rel, anchors, distance = relation.relation, list(relation.anchors), \
                relation.distance_km
            if relation.rule.anchor == "none":
                anchors = []
        kept: list[Place] = []
        defended: list[Place] = []
        countries = [p for p in anchors if p.feature_type == "country"
                     and self._scope_place(doc, p, index).part is None]
        for p in anchors:
            if p in countries:
                continue  # the whole country: the target itself, or the grantee's border
            own = grantee is not None and p.country_code == grantee and \
                not self.scope.occupied(doc, p, index)
            if own:
                defended.append(p)
            else:
                kept.append(p)
        if defended and rel in (*CLOSE, Relation.DEEP_INSIDE):
            rel = Relation.ACROSS_BORDER_FROM  # "for counter-fire in Kharkiv": defend Kharkiv
        if rel == Relation.ACROSS_BORDER_FROM and kept and not defended:
            # "near Kursk", "attacks on Belgorod": the named place is struck, not defended
            rel = Relation.AT if all(p.feature_type not in AREA_TYPES for p in kept) \
                else Relation.INSIDE
        if rel in (Relation.ACROSS_BORDER_FROM,) and not defended:
            rel = Relation.NEAR_BORDER
        if rel == Relation.OUTSIDE and not defended:
            rel = Relation.DEEP_INSIDE if not kept else rel
        if flags.unlimited and polarity == "permitted" and rel in (
                Relation.DEEP_INSIDE, Relation.NEAR_BORDER) and not kept:
            rel = Relation.INSIDE  # "no range limits": the target, whatever the reach
        if rel in (Relation.ACROSS_BORDER_FROM, Relation.OUTSIDE, Relation.WITHIN,
                   Relation.BEYOND):
            return rel, defended + kept + countries, defended, distance
        return rel, kept + countries, [], distance

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

    def _scope_place(self, doc: Doc, place: Place, index: DocIndex) -> ScopePlace:
        """A scope place with the compass part its text gives ("southern Lebanon", "the east
        of Ukraine" is not read: only an adjective right before the name)."""
        first = min((i for i, p in index.places.items() if p is place), default=None)
        part = None
        if first is not None and first > 0 and place.polygon is not None:
            part = self.directions.get(doc[first - 1].lower_)
        return scope_place(place, part)

    def _subordinate(self, doc: Doc, clause: Clause, tokens: set[int]) -> set[int]:
        """Tokens of "when ...", "if ...", "because ..." clauses inside the clause: the
        circumstances of a decision ("when they're being used to attack targets in Ukraine"),
        not its parties or scope."""
        out: set[int] = set()
        for i in tokens:
            token = doc[i]
            if token.lemma_ in ("do", "be", "have"):
                continue  # "..., as does any use against Baku": the same decision again
            if token.dep_ == "advcl" and token.i != clause.root.i and any(
                    c.dep_ == "mark" and c.lower_ in self.subordinators for c in token.children):
                out |= {t.i for t in token.subtree}
        return out

    @staticmethod
    def _weapon_tokens(doc: Doc, mentions: list[WeaponMention]) -> set[int]:
        """Tokens of weapon names and the nouns they qualify ("Storm Shadow missiles")."""
        out: set[int] = set()
        for w in mentions:
            span = doc.char_span(w.start, w.end, alignment_mode="expand")
            if span is None:
                continue
            out |= {t.i for t in span}
            if span.root.dep_ in ("compound", "amod", "nmod"):
                out.add(span.root.head.i)
        return out

    def _speech_parties(self, doc: Doc, clause: Clause) -> set[int]:
        """Tokens of the reporting frame that name who speaks or to whom ("four US officials
        said", "told Poland's PAP agency"): never a grantee, a target or a scope."""
        out: set[int] = set()
        for i in clause.frame:
            verb = doc[i]
            if verb.lemma_.lower() not in self.speech or verb.pos_ != "VERB":
                continue
            for child in verb.children:
                participial = child.dep_ == "advcl" and child.tag_ == "VBG"  # "Responding ..."
                if child.dep_ in ("dobj", "dative") and child.ent_type_ == "GPE":
                    continue  # "has told Armenia that it may use ...": the one addressed
                if (child.dep_ in ("nsubj", "dobj", "dative", "prep", "npadvmod")
                        or participial) and child.i in clause.frame:
                    out |= {t.i for t in child.subtree}
        return out

    def _refers_back(self, doc: Doc, clause: Clause) -> bool:
        """Whether the clause points back at weapons named earlier ("the weapons", "them")."""
        return any(doc[i].lemma_.lower() in self.anaphora or doc[i].lower_ in self.anaphora
                   for i in clause.tokens)

    def _adversaries(self, statements: list[Statement], index: DocIndex) -> list[Statement]:
        """A statement that names no target takes the country its grantee is fighting in the
        article: the target of the grantee's other statements, else the country the article
        names most after the parties themselves (guessed, at a cost in confidence)."""
        from collections import Counter

        by_grantee: dict[str | None, Counter[str]] = {}
        for s in statements:
            if s.target_country:
                by_grantee.setdefault(s.grantee, Counter())[s.target_country] += 1
        named = Counter(index.countries.values())
        grantees = Counter(s.grantee for s in statements if s.grantee)
        cost = self.lexicon.confidence("guessed_penalty")
        out = []
        for s in statements:
            if not s.grantee:
                usual = [g for g, _ in grantees.most_common()] + [
                    c for c, _ in named.most_common()]
                grantee = next((g for g in usual if g not in (s.grantor, s.target_country)),
                               None)
                if grantee:
                    s = _own_areas(dataclasses.replace(s, grantee=grantee))
            if not s.target_country and s.grantee:
                parties = {s.grantee, s.grantor}
                ranked = [c for c, _ in (by_grantee.get(s.grantee) or Counter()).most_common()]
                ranked += [c for c, _ in named.most_common()]
                target = next((c for c in ranked if c not in parties), None)
                if target:
                    s = dataclasses.replace(
                        s, target_country=target,
                        confidence=round(max(self.lexicon.confidence("minimum"),
                                             s.confidence - cost), 3))
            out.append(s)
        return out

    # -- context --------------------------------------------------------------------------------
    def _border_mentions(self, doc: Doc, index: DocIndex, hits: DocHits) -> list[BorderMention]:
        """Regions and towns named in sentences that speak of the border."""
        border = {Relation.NEAR_BORDER, Relation.ACROSS_BORDER_FROM}
        rules = self.lexicon.relations
        sentences: dict[int, Span] = {}
        for n, start, _ in hits.relations:
            if rules[n].relation in border:
                sent = doc[start].sent
                sentences[sent.start] = sent
        out: list[BorderMention] = []
        seen: set[tuple[int, str]] = set()
        for sent in sentences.values():
            for i in range(sent.start, sent.end):
                place = index.places.get(i)
                if place is None or place.feature_type == "country" or \
                        index.in_dateline(doc[i]) or (sent.start, place.name) in seen:
                    continue
                seen.add((sent.start, place.name))
                out.append(BorderMention(scope_place(place),
                                         Evidence(sent.text, sent.start_char, sent.end_char)))
        return out
