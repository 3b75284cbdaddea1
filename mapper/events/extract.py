"""Parsed article + resolved places -> conflict events, coded the way ACLED codes them.

Runs on the spaCy parse and the places the analysis already has. Per sentence: triggers that
report something as having happened, the sub-type their words or the sentence's cues give, the
place the parse attaches to the trigger, the date, actors and deaths. Then per article: an event
without a place takes that of the nearest event of its type, an event without a date the lead's
date, and reports of one event (same type, place and day) are merged, the most specific wins.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from spacy.tokens import Doc, Span, Token

from mapper.catalogs.capitals import capitals
from mapper.events.actors import Actor, ActorReader
from mapper.events.dates import DateReader, EventDate
from mapper.events.fatalities import FatalityReader
from mapper.events.lexicon import EventsLexicon, TypeRef
from mapper.events.location import Located, PlaceChooser
from mapper.events.standing import Standing, governing_verb
from mapper.events.triggers import SubType, Trigger, TriggerFinder
from mapper.events.words import word_set_has
from mapper.gazetteer import Gazetteer
from mapper.geoparse.models import Place
from mapper.records import Event, EventPlace, Evidence, Statement

CARRY_BACK = 3  # sentences an event without a place looks back for one of its type
CARRY_AHEAD = 2  # ... and ahead
SPECIFIC, CUED, DEFAULT = 3, 2, 1  # how a sub-type was decided (the most specific wins a merge)
RULES = {SPECIFIC: "trigger", CUED: "cue", DEFAULT: "default"}  # rule name prefixes


@dataclass
class Candidate:
    event_type: str
    sub_event_type: str
    specificity: int
    trigger: Token
    sentence: int
    evidence: Evidence
    located: Located | None
    date: EventDate | None
    actor1: Actor | None
    actor2: Actor | None
    headline: bool
    rule: str
    confidence: float
    fatalities: int | None = None
    anaphoric: bool = False  # "the attack": an event already told
    carried: bool = False
    inherited_date: bool = False
    day: dt.date | None = None
    precision: int = 1
    evidences: list[Evidence] = field(default_factory=list)


def _index(doc: Doc, places: Sequence[Place]) -> dict[int, Place]:
    out: dict[int, Place] = {}
    for place in places:
        span = doc.char_span(place.start, place.end, alignment_mode="expand")
        if span is None:
            continue
        for token in span:
            out.setdefault(token.i, place)
    return out


def headline_end(text: str) -> int:
    """Where the headline ends: the first line, when it ends without a full stop before a
    line break (-1: no headline)."""
    line_end = text.find("\n")
    if line_end == -1 or text[:line_end].rstrip().endswith((".", "!", "?", "\"")):
        return -1
    return line_end


def capital_finder(gazetteer: Gazetteer) -> Callable[[str], EventPlace | None]:
    """ISO2 -> the capital city as an event place (GeoNames capitals, resolved in the
    gazetteer), cached."""
    names = {code: name for (name, code) in capitals()}

    @lru_cache(maxsize=256)
    def find(code: str) -> EventPlace | None:
        name = names.get(code)
        if not name:
            return None
        found = gazetteer.lookup(name, context_countries=[code], feature_types=["city"], limit=3)
        city = next((c for c in found if c.country_code == code), None)
        if city is None:
            return None
        return EventPlace(city.name, city.name, city.lat, city.lon, city.geonameid, code,
                          city.admin1_name, city.feature_type, 1, -1, -1)

    return find


class EventExtractor:
    def __init__(self, lexicon: EventsLexicon, gazetteer: Gazetteer | None = None) -> None:
        self.lexicon = lexicon
        self.spec = lexicon.spec
        self.headline_end = -1  # of the article being read
        self.triggers = TriggerFinder(lexicon)
        self.standing = Standing(lexicon)
        self.dates = DateReader(lexicon)
        self.deaths = FatalityReader(lexicon)
        self.actors = ActorReader(lexicon)
        self.places = PlaceChooser(lexicon, capital_finder(gazetteer) if gazetteer else None)
        self.civilian = lexicon.words("civilian_targets")
        self.military = lexicon.words("military_targets")
        self.territory = lexicon.words("territory_nouns")
        self.anaphoric = lexicon.words("anaphoric_determiners")
        self.abstract = lexicon.words("abstract_objects")
        self.coarse = lexicon.words("coarse_features")
        self.violent = frozenset(self.spec.violent_types)
        self.absorbed = frozenset(self.spec.absorbed_by_violence)
        self.default = (self.spec.generic_default.event_type,
                        self.spec.generic_default.sub_event_type)
        self.priority = {(t, sub.sub_event_type): sub.priority for t, sub in lexicon.sub_types()}
        self.territory_types = {(r.event_type, r.sub_event_type) for r in (
            self.spec.territory.regains, self.spec.territory.overtakes)}

    @staticmethod
    def _own_place(trigger: Token, place_token: int) -> bool:
        """A place an anaphoric trigger names itself: in its phrase ("the attack on X") or
        attached to its verb ("the attack took place in X")."""
        if any(t.i == place_token for t in trigger.subtree):
            return True
        verb = governing_verb(trigger)
        return trigger.dep_ == "nsubj" and any(
            c.dep_ == "prep" and any(t.i == place_token for t in c.subtree)
            for c in verb.children)

    def _anaphoric(self, token: Token) -> bool:
        return token.pos_ in ("NOUN", "PROPN") and any(
            c.dep_ in ("det", "poss") and c.lower_ in self.anaphoric for c in token.children)

    # -- per sentence -----------------------------------------------------------------------------
    def _kind(self, trig: Trigger, sent: Span, agent: Actor | None, target: list[Token],
              located: Located | None) -> tuple[str, str, int] | None:
        """(event type, sub-event type, specificity) of a trigger, or None (not an event)."""
        if trig.sub is not None:
            sub: SubType = trig.sub
            if (sub.event_type, sub.sub_event_type) in self.territory_types:
                return self._territory(sub, agent, self.actors.target_phrase(trig.token, True),
                                       located)
            heads = [t for t in target if t.head.i not in {x.i for x in target}]
            if heads and all(word_set_has(self.abstract, t) for t in heads):
                return None  # "battling an insurgency": a state of war, not an event
            better = self.triggers.cue(sent, sub.event_type)
            if better is not None and better.priority > sub.priority \
                    and sub.event_type not in self.violent:
                return better.event_type, better.sub_event_type, CUED
            return sub.event_type, sub.sub_event_type, SPECIFIC
        cue = self.triggers.cue(sent, exclude={t.i for t in target})
        if cue is not None and cue.event_type in self.violent:
            return cue.event_type, cue.sub_event_type, CUED
        armed = agent is not None and agent.kind in ("group", "unidentified")
        verb = governing_verb(trig.token)
        clause = list(verb.subtree)
        if verb.dep_ in ("acl", "relcl"):
            clause.append(verb.head)  # "seven people killed in an attack"
        if armed and any(word_set_has(self.civilian, t) for t in [*target, *clause]):
            return self._ref(self.spec.civilian_attack, CUED)  # gunmen killing villagers
        if trig.key in self.triggers.weak:
            return None  # "killing two" says nothing of how
        if armed or any(word_set_has(self.military, t) for t in target):
            return self._ref(self.spec.military_attack, CUED)  # on a base or troops, or by
            # gunmen with no remote weapon named: a ground fight
        return self.default[0], self.default[1], DEFAULT

    def _territory(self, sub: SubType, agent: Actor | None, target: list[Token],
                   located: Located | None) -> tuple[str, str, int] | None:
        takes_ground = any(word_set_has(self.territory, t) for t in target) or (
            located is not None and any(located.token == t.i for t in target))
        if not takes_ground:
            return None
        spec = self.spec.territory
        if agent is not None and agent.kind == "state":
            own = located is not None and located.place.country_code == agent.country_code
            return self._ref(spec.regains if own else spec.contested, SPECIFIC)
        if agent is not None:
            return self._ref(spec.overtakes, SPECIFIC)
        if (sub.event_type, sub.sub_event_type) == self._ref(spec.regains, SPECIFIC)[:2]:
            return self._ref(spec.contested, SPECIFIC)  # a side regains it: nobody named
        return sub.event_type, sub.sub_event_type, SPECIFIC

    @staticmethod
    def _ref(ref: TypeRef, specificity: int) -> tuple[str, str, int]:
        return ref.event_type, ref.sub_event_type, specificity

    def _sentence(self, doc: Doc, sent: Span, index: int, places: dict[int, Place],
                  base: dt.date | None, names: dict[str, str], lonely: frozenset[str],
                  previous: Candidate | None) -> list[Candidate]:
        found = self.triggers.find(sent)
        if not found and (previous is None or index - previous.sentence > 1):
            return []
        dateline = self.places.dateline(sent, places)
        dates = self.dates.dates(sent, base) if found else []
        headline = sent.start_char < self.headline_end
        background = self.standing.background_sentence(sent)
        evidence = Evidence(sent.text.strip(), sent.start_char, sent.end_char)
        out: list[Candidate] = []
        used: set[int] = set()
        for trig in found:
            if trig.token.i in used or not self.standing.reported(trig.token, sent):
                continue
            agent_words = [t for t in self.actors.agent_phrase(trig.token)
                           if t.i not in dateline]
            target_words = self.actors.target_phrase(trig.token)
            excluded = dateline | self.places.not_scenes(sent, trig.token)
            agent_tokens = {t.i for t in agent_words if places.get(t.i) is not None
                            and places[t.i].feature_type in self.coarse}
            located = self.places.choose(sent, trig.token, places, excluded, agent_tokens,
                                         lonely)
            if located is None or located.place.feature_type == "country":
                city = self.places.capital(sent, trig.token, places)
                if city is not None and (located is None
                                         or located.place.country_code == city.country_code):
                    located = Located(city, -1, 0)
            where = located.place.country_code if located else None
            if located is not None and self._anaphoric(trig.token) and not self._own_place(
                    trig.token, located.token):
                located = None  # "the attack" is one already told: it keeps that place
            agent = self.actors.name(agent_words, places, where, names.get(where or ""))
            kind = self._kind(trig, sent, agent, target_words, located)
            if kind is None:
                continue
            date = self.dates.for_trigger(trig.token, dates)
            if date is not None and self.dates.too_old(date, base):
                continue
            if date is None and background:
                continue  # history or habit, and no day of its own
            target = self.actors.name(target_words, places, where, names.get(where or ""),
                                      target=True)
            conf = self.lexicon.confidence("trigger" if kind[2] == SPECIFIC else "generic")
            if agent is None:
                conf -= self.lexicon.confidence("no_actor")
            used.update(t.i for t in trig.token.subtree if t.i != trig.token.i and any(
                t.i == f.token.i for f in found) and t.dep_ in ("compound", "amod"))
            out.append(Candidate(
                kind[0], kind[1], kind[2], trig.token, index, evidence, located, date, agent,
                target if target and (agent is None or target.label != agent.label) else None,
                headline, f"{RULES[kind[2]]}:{trig.hit.key}",
                conf, anaphoric=self._anaphoric(trig.token)))
        counts = self.deaths.counts(sent)
        if counts:
            anchors = [c.located.token if c.located else c.trigger.i for c in out]
            for n, c in enumerate(out):
                others = [a for k, a in enumerate(anchors) if k != n and (
                    out[k].located is None or c.located is None
                    or out[k].located.place.name != c.located.place.name)]
                c.fatalities = self.deaths.assign(counts, anchors[n], others)
            out.extend(self._casualties(sent, index, counts, out, previous, places, dateline,
                                        lonely, evidence, base))
        return out

    def _casualties(self, sent: Span, index: int, counts: list, out: list[Candidate],
                    previous: Candidate | None, places: dict[int, Place], dateline: set[int],
                    lonely: frozenset[str], evidence: Evidence, base: dt.date | None
                    ) -> list[Candidate]:
        """A death toll given for another place ("In X, the mayor reported 10 fatalities,
        while in Y ... missiles struck") is an event of the kind the sentence (or the one
        before) reports, at that place."""
        model = out[0] if out else previous
        if model is None or (not out and index - model.sentence > 1):
            return []
        taken = {c.fatalities for c in out if c.fatalities is not None}
        extra: list[Candidate] = []
        for count in counts:
            if count.number in taken:
                continue
            token = sent.doc[count.token]
            noun = token.head if token.dep_ == "nummod" else token
            if not self.standing.reported(noun, sent):
                continue
            excluded = dateline | self.places.not_scenes(sent, noun)
            located = self.places.choose(sent, noun, places, excluded, set(), lonely)
            if located is None or any(
                    c.located is not None and c.located.place.name == located.place.name
                    for c in [*out, *extra, model]):
                continue
            date = self.dates.for_trigger(noun, self.dates.dates(sent, base))
            if date is not None and self.dates.too_old(date, base):
                continue
            extra.append(Candidate(
                model.event_type, model.sub_event_type, model.specificity, noun, index,
                evidence, located, date or model.date, model.actor1, None, False,
                f"casualty:{model.rule}", self.lexicon.confidence("casualty"),
                fatalities=count.number))
        return extra

    # -- per article ------------------------------------------------------------------------------
    def read(self, doc: Doc, places: Sequence[Place], base: dt.date | None,
             statements: Sequence[Statement] = ()) -> list[Event]:
        index = _index(doc, places)
        self.headline_end = headline_end(doc.text)
        names = {p.country_code: p.resolved_name for p in places
                 if p.country_code and p.feature_type == "country" and p.resolved_name}
        policy = [(s.evidence.start, s.evidence.end) for s in statements]
        mentions = Counter(p.country_code for p in places if p.country_code)
        lonely = frozenset(c for c, n in mentions.items() if n == 1)
        cands: list[Candidate] = []
        for n, sent in enumerate(doc.sents):
            if any(s < sent.end_char and sent.start_char < e for s, e in policy):
                continue  # the rules layer reads it as a policy statement
            found = self._sentence(doc, sent, n, index, base, names, lonely,
                                   cands[-1] if cands else None)
            cands.extend(found)
        self._resolve_anaphora(cands)
        cands = self._carry_places(cands)
        self._carry_sub_types(cands)
        self._fill_dates(cands, base)
        merged = self._merge(cands)
        merged = self._absorb(merged)
        return [self._event(c) for c in merged]

    @staticmethod
    def _carry_places(cands: list[Candidate]) -> list[Candidate]:
        """An event whose sentence names no scene takes the place of the nearest event of its
        type (back first, then ahead); with none, it is dropped (no place, no map point)."""
        def near(c: Candidate, n: int, same_type: bool) -> Candidate | None:
            def ok(d: Candidate) -> bool:
                return d.located is not None and not d.carried and (
                    not same_type or d.event_type == c.event_type)
            back = [d for d in reversed(cands[:n]) if ok(d)
                    and c.sentence - d.sentence <= CARRY_BACK]
            ahead = [d for d in cands[n + 1:] if ok(d)
                     and d.sentence - c.sentence <= CARRY_AHEAD]
            return back[0] if back else ahead[0] if ahead else None

        out = []
        for n, c in enumerate(cands):
            if c.located is None:
                source = near(c, n, True)
                if source is None:
                    continue
                c.located, c.carried = source.located, True
            out.append(c)
        return out

    @staticmethod
    def _resolve_anaphora(cands: list[Candidate]) -> None:
        """ "The attack took place at dawn": a generic word for an event already told takes
        that event's type and sub-type."""
        for n, c in enumerate(cands):
            if not c.anaphoric or c.specificity != DEFAULT:
                continue
            told = [d for d in reversed(cands[:n]) if d.specificity > DEFAULT
                    and c.sentence - d.sentence <= CARRY_BACK and not d.headline]
            if told:
                c.event_type, c.sub_event_type = told[0].event_type, told[0].sub_event_type
                c.specificity = CUED

    @staticmethod
    def _carry_sub_types(cands: list[Candidate]) -> None:
        """A strike no word describes ("the strikes", "Israel bombed") is of the kind the
        article last named for its type."""
        for n, c in enumerate(cands):
            if c.specificity != DEFAULT:
                continue
            known = [d for d in reversed(cands[:n]) if d.event_type == c.event_type
                     and d.specificity > DEFAULT and c.sentence - d.sentence <= CARRY_BACK * 2]
            if known:
                c.sub_event_type = known[0].sub_event_type

    def _fill_dates(self, cands: list[Candidate], base: dt.date | None) -> None:
        lead = next((c.date for c in cands if c.date is not None and not c.headline), None)
        for c in cands:
            if c.date is not None:
                c.day, c.precision = c.date.day, c.date.precision
            else:
                c.inherited_date = True
                c.day = lead.day if lead else base
                c.precision = lead.precision if lead else 1

    @staticmethod
    def _place_key(p: EventPlace) -> tuple:
        return (p.geonameid,) if p.geonameid is not None else (p.resolved_name or p.name,)

    def _compatible_place(self, a: EventPlace, b: EventPlace) -> bool:
        if self._place_key(a) == self._place_key(b):
            return True
        coarse, fine = (a, b) if a.precision >= b.precision else (b, a)
        if coarse.country_code != fine.country_code or coarse.precision != 3:
            return False
        return coarse.feature_type == "country" or (
            coarse.admin1 is not None and coarse.admin1 == fine.admin1)

    def _merge(self, cands: list[Candidate]) -> list[Candidate]:
        body = [c for c in cands if not c.headline]
        out: list[Candidate] = []
        for c in [*body, *(c for c in cands if c.headline)]:
            home = None
            if c.anaphoric and not c.headline:
                # "The attack took place at a base in X": the event already told, maybe placed
                # more finely now.
                home = next((e for e in reversed(out) if e.event_type == c.event_type
                             and 0 <= c.sentence - e.sentence <= CARRY_BACK), None)
            for e in out if home is None else ():
                if c.headline and c.specificity == DEFAULT and e is out[0]:
                    home = e  # a headline's bare "attack" is the story's first event
                    break
                if e.event_type != c.event_type:
                    continue
                if c.headline or (self._compatible_place(e.located.place, c.located.place)
                                  and ((e.day, e.precision) == (c.day, c.precision)
                                       or e.inherited_date or c.inherited_date)):
                    home = e
                    break
            if home is None:
                c.evidences = [c.evidence]
                out.append(c)
                continue
            self._absorb_into(home, c)
        return sorted(out, key=lambda c: (c.sentence, c.trigger.i))

    def _wins(self, c: Candidate, home: Candidate) -> bool:
        """Whether a merged report's sub-type replaces the event's: a word beats a default, and
        between words or cues the lexicon's priority decides."""
        if min(c.specificity, home.specificity) >= CUED:
            return self.priority.get((c.event_type, c.sub_event_type), 0) > \
                self.priority.get((home.event_type, home.sub_event_type), 0)
        return c.specificity > home.specificity

    def _absorb_into(self, home: Candidate, c: Candidate) -> None:
        if c.evidence not in home.evidences:
            home.evidences.append(c.evidence)
        hp, cp = home.located.place, c.located.place  # type: ignore[union-attr]
        if not c.carried and (cp.precision < hp.precision or home.carried) and (
                self._compatible_place(hp, cp) or cp.country_code == hp.country_code):
            home.located, home.carried = c.located, False
        if self._wins(c, home):
            home.sub_event_type, home.specificity, home.rule = (
                c.sub_event_type, max(c.specificity, home.specificity), c.rule)
        if home.inherited_date and not c.inherited_date and not c.headline:
            home.day, home.precision, home.inherited_date = c.day, c.precision, False
        if home.fatalities is None:
            home.fatalities = c.fatalities
        if home.actor1 is None:
            home.actor1 = c.actor1
        if home.actor2 is None:
            home.actor2 = c.actor2
        home.confidence = max(home.confidence, c.confidence)

    def _absorb(self, events: list[Candidate]) -> list[Candidate]:
        """Strategic developments at the place and day of a violent event belong to its story."""
        violent = [e for e in events if e.event_type in self.violent]
        out = []
        for e in events:
            if e.event_type in self.absorbed and any(
                    v.day == e.day and self._compatible_place(v.located.place, e.located.place)
                    for v in violent):
                continue
            out.append(e)
        return out

    def _event(self, c: Candidate) -> Event:
        conf = c.confidence - (self.lexicon.confidence("carried_place") if c.carried else 0.0)
        conf = max(conf, self.lexicon.confidence("minimum"))
        return Event(
            event_type=c.event_type, sub_event_type=c.sub_event_type,
            actor1=c.actor1.label if c.actor1 else None,
            actor2=c.actor2.label if c.actor2 else None,
            place=c.located.place,  # type: ignore[union-attr]
            event_date=c.day, time_precision=c.precision,  # type: ignore[arg-type]
            fatalities=c.fatalities, evidence=tuple(c.evidences or [c.evidence]),
            rule=c.rule, confidence=round(conf, 3), trigger=c.trigger.text)

