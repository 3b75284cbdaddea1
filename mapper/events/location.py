"""Where an event happened: the place the parse attaches to the trigger ("struck a market in X",
"fighting near X", "23 nautical miles west of X"), not every place in the sentence. Datelines,
speakers' places ("officials in X said") and places that only qualify a speaker ("X city
authorities") are never the scene."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from pyproj import Geod
from spacy.tokens import Span, Token

from mapper.events.lexicon import EventsLexicon
from mapper.events.words import WordFinder, word_set_has
from mapper.geoparse.models import Place
from mapper.records.events import EventPlace

GEOD = Geod(ellps="WGS84")
OUTSIDE_PENALTY = 3  # a place outside the trigger's subtree counts as this much farther
FOREIGN_PENALTY = 6  # a reading in a country nothing else in the article is in
NEAR_WINDOW = 6  # tokens before a place searched for "near", "north of", "outskirts of"


@dataclass(frozen=True)
class Located:
    place: EventPlace
    token: int  # the place's first token
    distance: int  # parse distance from the trigger


def _backer(token: Token) -> bool:
    """A place before a hyphenated participle modifying a noun ("US-backed", "Saudi-led")."""
    head = token.head
    return token.dep_ == "npadvmod" and head.tag_ == "VBN" and head.dep_ == "amod" and any(
        c.tag_ == "HYPH" for c in head.children)


def depth(token: Token) -> int:
    d = 0
    while token.head.i != token.i and d < 200:
        token = token.head
        d += 1
    return d


CLAUSES = ("advcl", "relcl", "acl", "ccomp", "parataxis")
CLAUSE_PENALTY = 2  # each clause boundary between a place and the trigger's clause


def tree_distance(a: Token, b: Token) -> int:
    ancestors_a = {a.i: 0}
    node, d = a, 0
    while node.head.i != node.i:
        node, d = node.head, d + 1
        ancestors_a[node.i] = d
    node, d = b, 0
    while node.i not in ancestors_a:
        if node.head.i == node.i:
            return 99
        if node.dep_ in CLAUSES:
            d += CLAUSE_PENALTY  # "..., while in Y three died": Y belongs to another clause
        node, d = node.head, d + 1
    return d + ancestors_a[node.i]


class PlaceChooser:
    def __init__(self, lexicon: EventsLexicon,
                 capitals: Callable[[str], EventPlace | None] | None = None) -> None:
        spec = lexicon.spec
        self.precise = lexicon.words("precise_features")
        self.coarse = lexicon.words("coarse_features")
        self.near = WordFinder((w, True) for w in spec.near_cues)
        self.speech = lexicon.words("speech_verbs")
        self.speakers = lexicon.words("speaker_nouns")
        self.directions = {k.lower(): v for k, v in spec.directions.items()}
        self.units = WordFinder((k, v) for k, v in spec.units.items())
        self.dashes = tuple(spec.dateline_dashes)
        self.preps = lexicon.words("place_preps")
        self.forces = lexicon.words("force_words") | lexicon.words("army_words")
        self.capital_words = lexicon.words("capital_words")
        self.capitals = capitals

    # -- places that are not scenes -------------------------------------------------------------
    def dateline(self, sent: Span, places: dict[int, Place]) -> set[int]:
        """Tokens of a dateline opening the sentence ("KYIV, Ukraine (AP) -- ...")."""
        text = sent.text
        cut = min((text.find(d) for d in self.dashes if 0 < text.find(d) < 60), default=-1)
        if cut <= 0:
            return set()
        head = sent.doc.char_span(sent.start_char, sent.start_char + cut, alignment_mode="expand")
        if head is None:
            return set()
        tokens = [t for t in head if not t.is_punct and not t.is_space]
        if tokens and all(t.i in places or t.is_title or t.is_upper for t in tokens):
            return {t.i for t in head}
        return set()

    def not_scenes(self, sent: Span, trigger: Token) -> set[int]:
        """Tokens whose places belong to a speaker or qualify a speaker noun."""
        out: set[int] = set()
        trig_ancestors = {a.i for a in trigger.ancestors} | {trigger.i}
        for token in sent:
            if word_set_has(self.speech, token) and token.pos_ == "VERB" and token.i != trigger.i:
                for child in token.children:
                    if trigger.i in {t.i for t in child.subtree}:
                        continue
                    if child.dep_ in ("nsubj", "agent") or (
                            child.dep_ == "prep" and child.lower_ in ("from", "by")):
                        out.update(t.i for t in child.subtree)
            if token.dep_ == "nsubj" and token.head.i not in trig_ancestors:
                out.add(token.i)  # "Washington bore responsibility": an actor, not a scene
            if word_set_has(self.speakers, token) and token.i not in trig_ancestors:
                for child in token.children:
                    if child.dep_ in ("compound", "amod", "poss", "nmod", "prep"):
                        out.update(t.i for t in child.subtree)
        return out

    # -- the scene --------------------------------------------------------------------------------
    def precision(self, place: Place, sent: Span, first: int) -> int:
        kind = (place.feature_type or "").lower()
        base = 1 if kind in self.precise else 3 if kind in self.coarse else 2
        window = sent.doc[max(sent.start, first - NEAR_WINDOW):first]
        if base == 1 and self.near.find(window):
            return 2
        return base

    def offset(self, sent: Span, first: int) -> tuple[float, str] | None:
        """(distance km, compass word) of "N km west of <place>" just before the place."""
        doc = sent.doc
        window = doc[max(sent.start, first - 10):first]
        words = [t.lower_ for t in window]
        at = next((k for k in range(len(words) - 1, 0, -1) if words[k] == "of"
                   and words[k - 1] in self.directions), None)
        if at is None:
            return None
        units = [u for u in self.units.find(window) if u.end == window.start + at - 1]
        if not units:
            return None
        unit = units[-1]
        words = words[:at + 1]
        number = doc[unit.start - 1] if unit.start - 1 >= window.start else None
        if number is None or not number.like_num:
            # "23NM": the number and unit as one token
            return None
        try:
            value = float(number.text.replace(",", ""))
        except ValueError:
            return None
        return value * float(unit.value), words[-2]  # type: ignore[arg-type]

    def make(self, place: Place, sent: Span, first: int, precision: int | None = None
             ) -> EventPlace:
        lat, lon = float(place.lat or 0.0), float(place.lon or 0.0)
        prec = precision or self.precision(place, sent, first)
        moved = self.offset(sent, first)
        if moved is not None:
            km, word = moved
            lon, lat, _ = GEOD.fwd(lon, lat, self.directions[word], km * 1000.0)
            prec = 2
        return EventPlace(place.name, place.resolved_name, lat, lon, place.geonameid,
                          place.country_code, place.admin1_name, place.feature_type,
                          prec, place.start, place.end)  # type: ignore[arg-type]

    def _possessed_place(self, token: Token) -> bool:
        """ "in Burkina Faso's north": a country named as the owner of a place phrase."""
        head = token.head
        while token.dep_ == "compound" and head.i != token.i:
            token, head = head, head.head
        return token.dep_ == "poss" and head.dep_ == "pobj" and head.head.lower_ in self.preps \
            and not word_set_has(self.forces, head)  # "from Kyiv's forces": an actor

    def capital(self, sent: Span, trigger: Token, places: dict[int, Place]) -> EventPlace | None:
        """ "in Mali's capital": the capital city of the country named as its owner."""
        if self.capitals is None:
            return None
        for token in sent:
            if token.lower_ not in self.capital_words:
                continue
            for child in token.children:
                place = places.get(child.i)
                if child.dep_ in ("poss", "compound") and place is not None \
                        and place.feature_type == "country" and place.country_code:
                    city = self.capitals(place.country_code)
                    if city is not None:
                        return city
        return None

    def choose(self, sent: Span, trigger: Token, places: dict[int, Place], excluded: set[int],
               actor_tokens: set[int], lonely: frozenset[str] = frozenset()) -> Located | None:
        """The place the trigger happened at, or None when the sentence names none. A place in a
        country (`lonely`) no other mention of the article is in counts as farther: a village
        read as its namesake abroad in a story about one war."""
        subtree = {t.i for t in trigger.subtree}
        seen: set[tuple[int, int]] = set()
        scored: list[tuple[int, int, int, Place, int]] = []
        for i in range(sent.start, sent.end):
            place = places.get(i)
            if place is None or place.lat is None:
                continue
            if place.role != "place" and not self._possessed_place(sent.doc[i]):
                continue
            if (place.start, place.end) in seen or i in excluded or i in actor_tokens:
                continue
            seen.add((place.start, place.end))
            token = sent.doc[i]
            if _backer(token):
                continue  # "the US-backed forces": who backs an actor, not where it happened
            span = sent.doc.char_span(place.start, place.end, alignment_mode="expand")
            root = span.root if span is not None else token
            d = tree_distance(trigger, root) + (0 if root.i in subtree else OUTSIDE_PENALTY)
            if place.country_code in lonely:
                d += FOREIGN_PENALTY  # no other place of the article is in that country
            coarse = 1 if (place.feature_type or "") in self.coarse else 0
            scored.append((d, coarse, abs(i - trigger.i), place, i))
        if not scored:
            return None
        scored.sort(key=lambda s: (s[0], s[1], s[2]))
        best = scored[0]
        if best[1]:
            # A region or country named beside a town in it: the town is the scene.
            for cand in scored[1:]:
                p, b = cand[3], best[3]
                inside = p.country_code == b.country_code and (
                    b.feature_type == "country" or p.admin1_name == b.admin1_name)
                if not cand[1] and inside and cand[0] <= best[0] + OUTSIDE_PENALTY:
                    best = cand
                    break
        return Located(self.make(best[3], sent, best[4]), best[4], best[0])
