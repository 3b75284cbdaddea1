"""Toponym resolution: pick one gazetteer entry per name, using the whole document as evidence.

Evidence, in order of application: the gazetteer's own prior (feature type, population, kind of
name), designators ("Kharkiv region"), explicit qualifiers ("Paris, Texas"), countries and
regions named elsewhere in the document, and spatial coherence with the other places. One
sense per name per document.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, replace

from mapper.gazetteer import Candidate, Gazetteer, NameKind, normalize_name
from mapper.geoparse.colocation import Colocation
from mapper.geoparse.models import Place, Toponym
from mapper.records.areas import AdminArea

CANDIDATES_PER_NAME = 25
PRUNE_RATIO = 0.01
ALIAS_POPULATION_RATIO = 100
DEMONYM_RIVAL_POPULATION = 100_000
CONTEXT_MIN_SCORE = 0.15  # a name counts as context once resolved at least this confidently
CONTEXT_ROUNDS = 3
QUALIFIER_BONUS = 2.0
PRIOR_WEIGHT = 0.5  # flattens the gazetteer's prior so that document evidence can overrule it
COUNTRY_SHARE_WEIGHT = 2.0  # log-odds added for the share of other places in the same country
ADMIN1_SHARE_WEIGHT = 2.0  # ... and in the same first-level region
SMALL_PLACE_POPULATION = 100_000
SMALL_PLACE_COUNTRY_FACTOR = 0.4
ACTOR_WEIGHT = 0.5  # a demonym ("Russian forces") counts half a place towards its country
COHERENCE_WEIGHT = 0.8
ANCHOR_MIN_SCORE = 0.6  # only confidently resolved places pull others towards them
COHERENCE_SCALE_KM = 400.0
HINT_BONUS = 0.8
FUZZY_MAX_FROM_FOCUS_KM = 500.0  # fuzzy matches farther than this from the story's town: dropped
FUZZY_SCORE_FACTOR = 0.6
AREA_TYPES = frozenset({"country", "region", "water"})  # too large to anchor coherence
FOCUS_TYPES = frozenset({"city", "admin2"})
LOCAL_TYPES = frozenset({"city", "admin2", "landmark"})  # readings that can lie side by side
SUPPORT_SCALE_KM = 30.0
SUPPORT_WEIGHT = 3.0
REVIVE_MIN_SUPPORT = 0.3  # a set-aside reading needs a likely neighbour within ~30 km
SUPPORT_TOWN_POPULATION = 100_000  # supporters larger than this count less (sqrt of the ratio)
FOCUS_MIN_WEIGHT = 0.5
NEAR_FOCUS_SCORE = 0.25  # a guess from context, never as sure as a gazetteer match


@dataclass
class _Group:
    """All mentions of one name in a document (one sense per name)."""

    norm: str
    text: str
    toponyms: list[Toponym]
    candidates: list[Candidate]
    qualifiers: set[str]  # country codes / admin1 codes from "X, Qualifier"
    hint: frozenset[str]


class Resolver:
    def __init__(self, gazetteer: Gazetteer) -> None:
        self.gazetteer = gazetteer

    def __call__(self, text: str, toponyms: list[Toponym]) -> list[Place]:
        actors = [t for t in toponyms if t.role == "actor"]
        places = [t for t in toponyms if t.role == "place"]
        groups = self._group(places)
        actor_places = {id(t): self.gazetteer.demonym(t.text) for t in actors}
        actor_countries = Counter(a.country_code for a in actor_places.values()
                                  if a is not None and a.country_code)
        self._qualifiers(text, places, groups)
        dormant = {}
        for norm, group in groups.items():
            group.candidates, dormant[norm] = self._lookup(group)
        _revive(groups, dormant)

        # Each name is re-ranked against what the *other* names resolved to: the countries and
        # regions they lie in, and how close they are. A few rounds settle the choices.
        colocation = _colocation({n: g.candidates for n, g in groups.items()})
        choice = {norm: g.candidates[0] for norm, g in groups.items() if g.candidates}
        for _ in range(CONTEXT_ROUNDS):
            # One name at a time, each seeing the others' latest readings: updating all at
            # once lets two ambiguous names swap readings forever instead of agreeing.
            for norm, g in groups.items():
                if not g.candidates:
                    continue
                probs = self._rerank(norm, g, groups, choice, actor_countries,
                                     colocation.support(norm))
                colocation.believe(norm, probs)
                best = max(range(len(probs)), key=probs.__getitem__)
                choice[norm] = replace(g.candidates[best], score=round(probs[best], 4))

        focus = _focus(groups, choice)
        if focus is not None:
            # A misspelling matched far from everything else in the story ("Capitol" ->
            # Capitola, "Schiphol" -> Shipol) is less likely than an unknown local name.
            choice = {norm: best for norm, best in choice.items()
                      if not (best.match == "fuzzy" and best.feature_type in FOCUS_TYPES
                              and _haversine_km(best.lat, best.lon, focus.lat, focus.lon)
                              > FUZZY_MAX_FROM_FOCUS_KM)}
        out = []
        for norm, group in groups.items():
            best = choice.get(norm)
            for t in group.toponyms:
                if best is None and focus is not None and t.role == "place":
                    out.append(_near_focus(t, focus))
                elif best is not None and t.modifier and best.feature_type == "country":
                    out.append(_place(replace(t, role="actor"), best))  # "US officials"
                else:
                    out.append(_place(t, best))
        for t in actors:
            out.append(_place(t, actor_places[id(t)]))
        out.sort(key=lambda p: p.start)
        return out

    # -- grouping and lookups ------------------------------------------------------------------
    @staticmethod
    def _group(places: list[Toponym]) -> dict[str, _Group]:
        groups: dict[str, _Group] = {}
        for t in places:
            norm = normalize_name(t.text)
            if not norm:
                continue
            if norm not in groups:
                groups[norm] = _Group(norm, t.text, [], [], set(), t.feature_hint)
            groups[norm].toponyms.append(t)
        return groups

    def _lookup(self, group: _Group) -> tuple[list[Candidate], list[Candidate]]:
        """The readings of a name worth weighing, and those set aside as too unlikely."""
        found = self.gazetteer.lookup(group.text, limit=CANDIDATES_PER_NAME)
        demonym = self.gazetteer.demonym(group.text)
        # "German" is Germany, not San Germán; "Canadian" is Canada, not a Texas village of
        # that name. Only a notable place that bears the word as its own name competes.
        if demonym is not None and not any(
                c.name_kind == NameKind.CANONICAL and c.match == "exact"
                and (c.feature_type != "city" or c.population >= DEMONYM_RIVAL_POPULATION)
                for c in found):
            return [replace(demonym, score=1.0)], []
        # A country called by its own name is not a city that merely bears it as an alias
        # ("Mexico" is not Mexico City).
        if any(c.feature_type == "country" and c.name_kind == NameKind.CANONICAL
               for c in found):
            found = [c for c in found
                     if not (c.feature_type == "city" and c.name_kind != NameKind.CANONICAL)]
        if not found:
            fuzzy = self.gazetteer.fuzzy_lookup(group.text, limit=5)
            found = [replace(c, score=c.score * FUZZY_SCORE_FACTOR) for c in fuzzy]
        if not found:
            return [], []
        # Explicit evidence first: "Lebanon, Tenn." must not lose its reading to the pruning
        # below, which is about readings nothing in the text asks for.
        raw = [math.log(max(c.score, 1e-9)) for c in found]
        for i, c in enumerate(found):
            if group.hint and c.feature_type in group.hint:
                raw[i] += HINT_BONUS
            if group.qualifiers and ({c.country_code, c.admin1_code} & group.qualifiers):
                raw[i] += QUALIFIER_BONUS
        found = _renormalise(found, raw)
        # Readings a hundred times less likely than the best one are set aside ("Moscow" is
        # also an old name of a hamlet in Ohio); only a neighbour named in the same story can
        # bring one back (see _revive).
        floor = found[0].score * PRUNE_RATIO
        dormant = [c for c in found if c.score < floor]
        found = [c for c in found if c.score >= floor]
        # A hamlet that once bore the name of a great city is not a reading of that name.
        own = max((c.population for c in found if c.name_kind == NameKind.CANONICAL), default=0)
        found = [c for c in found if c.name_kind == NameKind.CANONICAL
                 or c.feature_type != "city" or c.population * ALIAS_POPULATION_RATIO >= own]
        return _renormalise(found, [math.log(max(c.score, 1e-9)) for c in found]), dormant

    def _qualifiers(self, text: str, places: list[Toponym], groups: dict[str, _Group]) -> None:
        """"Paris, Texas" / "Gainesville, Fla." : the second name qualifies the first."""
        for first, second in zip(places, places[1:], strict=False):
            between = text[first.end:second.start]
            if between.strip() != "," or len(between) > 3:
                continue
            qualifier = self.gazetteer.lookup(second.text, limit=3)
            qualifier = [c for c in qualifier if c.feature_type in {"country", "admin1"}]
            if qualifier:
                group = groups.get(normalize_name(first.text))
                if group is not None:
                    # "Parkland, Florida" names the state, not merely the country: every
                    # US Parkland shares the country, only one lies in Florida.
                    best = qualifier[0]
                    code = best.admin1_code if best.feature_type == "admin1" else \
                        best.country_code
                    if code:
                        group.qualifiers.add(code)

    # -- document context ----------------------------------------------------------------------
    @staticmethod
    def _rerank(norm: str, group: _Group, groups: dict[str, _Group],
                choice: dict[str, Candidate], actor_countries: Counter[str],
                support: list[float]) -> list[float]:
        """The probability of each of the group's readings given the rest of the document."""
        countries: Counter[str] = Counter()
        admin1: Counter[str] = Counter()
        anchors = []
        mentions = 0.0  # every mention counts in the denominator, however sure its reading
        for other, chosen in choice.items():
            if other == norm or chosen.score < CONTEXT_MIN_SCORE:
                continue
            # Soft evidence: an uncertain choice counts in proportion to its probability.
            weight = len(groups[other].toponyms) * chosen.score
            mentions += len(groups[other].toponyms)
            if chosen.country_code:
                countries[chosen.country_code] += weight
            if chosen.admin1_code:
                admin1[chosen.admin1_code] += weight
            if chosen.feature_type not in AREA_TYPES and chosen.score >= ANCHOR_MIN_SCORE:
                anchors.append(chosen)
        for code, count in actor_countries.items():
            countries[code] += ACTOR_WEIGHT * count
        if len(group.candidates) == 1 or not (countries or anchors or any(support)):
            return [c.score for c in group.candidates]
        total_c = sum(countries.values()) or 1.0
        total_a = max(sum(admin1.values()), mentions) or 1.0
        raw = []
        for c, closeness in zip(group.candidates, support, strict=True):
            value = PRIOR_WEIGHT * math.log(max(c.score, 1e-9))
            # Knowing the country says little about which small town is meant (Moscow, Idaho
            # is not made likely by a story being American); it says much about regions.
            local = c.feature_type in {"city", "admin2"} and c.population < SMALL_PLACE_POPULATION
            country_weight = COUNTRY_SHARE_WEIGHT * (SMALL_PLACE_COUNTRY_FACTOR if local else 1.0)
            value += country_weight * countries.get(c.country_code or "", 0) / total_c
            value += ADMIN1_SHARE_WEIGHT * admin1.get(c.admin1_code or "", 0) / total_a
            if anchors:
                value += COHERENCE_WEIGHT * sum(
                    math.exp(-_haversine_km(c.lat, c.lon, a.lat, a.lon) / COHERENCE_SCALE_KM)
                    for a in anchors) / len(anchors)
            raw.append(value + SUPPORT_WEIGHT * closeness)
        return _softmax(raw)


def _revive(groups: dict[str, _Group], dormant: dict[str, list[Candidate]]) -> None:
    """Bring back a set-aside reading when another name in the story has a reading right
    beside it: "Lebanon" and "Boone County" together are the Indiana town, not the country."""
    if not any(dormant.values()):
        return
    colocation = _colocation({n: g.candidates + dormant[n] for n, g in groups.items()})
    if not colocation.active:
        return
    for norm, group in groups.items():
        if not dormant[norm]:
            continue
        support = colocation.support(norm)[len(group.candidates):]
        group.candidates += [c for c, s in zip(dormant[norm], support, strict=True)
                             if s >= REVIVE_MIN_SUPPORT]


def _colocation(readings: dict[str, list[Candidate]]) -> Colocation:
    return Colocation(readings, SUPPORT_SCALE_KM, LOCAL_TYPES, SUPPORT_TOWN_POPULATION)


def _haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance; fast enough for the many pairs ranking needs (geodesic
    precision is not needed to tell near from far)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(h)))


def _focus(groups: dict[str, _Group], choice: dict[str, Candidate]) -> Candidate | None:
    """The settlement the document is mostly about (mentions weighted by confidence)."""
    weight: Counter[int] = Counter()
    by_id: dict[int, Candidate] = {}
    for norm, chosen in choice.items():
        if chosen.feature_type in FOCUS_TYPES:
            weight[chosen.place_id] += len(groups[norm].toponyms) * chosen.score
            by_id[chosen.place_id] = chosen
    if not weight:
        return None
    place_id, total = weight.most_common(1)[0]
    return by_id[place_id] if total >= FOCUS_MIN_WEIGHT else None


def _near_focus(t: Toponym, focus: Candidate) -> Place:
    """A name the gazetteer lacks (a street, a venue, a stream) placed at the settlement the
    document is about, as conflict-event datasets code "near a town" (ACLED precision 2)."""
    return Place(
        start=t.start, end=t.end, name=t.text, role=t.role,
        resolved_name=f"{t.text} (near {focus.name})", lat=focus.lat, lon=focus.lon,
        geonameid=None, feature_type="landmark", country_code=focus.country_code,
        admin1_code=focus.admin1_code, admin1_name=focus.admin1_name, place_id=None,
        polygon=None, score=round(NEAR_FOCUS_SCORE * focus.score, 4), source=t.source,
    )


def _softmax(raw: list[float]) -> list[float]:
    top = max(raw)
    weights = [math.exp(r - top) for r in raw]
    total = sum(weights)
    return [w / total for w in weights]


def _renormalise(candidates: list[Candidate], raw: list[float]) -> list[Candidate]:
    ranked = sorted(zip(candidates, _softmax(raw), strict=True), key=lambda cw: -cw[1])
    return [replace(c, score=round(p, 4)) for c, p in ranked]


def _place(t: Toponym, best: Candidate | None) -> Place:
    if best is None:
        return Place(t.start, t.end, t.text, t.role, None, None, None, None, None, None, None,
                     None, None, None, 0.0, t.source)
    return Place(
        start=t.start, end=t.end, name=t.text, role=t.role, resolved_name=best.name,
        lat=best.lat, lon=best.lon, geonameid=best.geonameid, feature_type=best.feature_type,
        country_code=best.country_code, admin1_code=best.admin1_code,
        admin1_name=best.admin1_name, place_id=best.place_id, polygon=AdminArea.parse(best.polygon),
        score=round(best.score, 4), source=t.source,
    )

