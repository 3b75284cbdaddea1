"""Where a clause says something is allowed or forbidden: its spatial relation, the places that
anchor it and the words that mark it as a limit, a widening or no limit at all.

The relation phrases, their order (most specific first) and every flag word come from the rule
lexicon; this module only reads the parse.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.language import Language
from spacy.matcher import Matcher
from spacy.tokens import Doc, Span

from mapper.geoparse.models import Place
from mapper.records.relations import Relation
from mapper.rules.doc_index import DocIndex, parse_number, skip_det
from mapper.rules.lexicon import RelationSpec, RuleLexicon
from mapper.rules.patterns import add_phrases

ANCHOR_WINDOW = 8  # tokens after a relation phrase searched for its anchor place
INSIDE_WINDOW = 3  # "inside (the) Russia": the anchor must follow closely
COORDINATORS = ("or", "and", ",", "the", "nor")
WIDENING_WINDOW = 6  # tokens before a place searched for "not just" / "not only"
OCCUPATION_WINDOW = 3  # tokens before a place searched for "occupied", "Russian-held"
CLOSE_RELATIONS = (Relation.INSIDE, Relation.AT, Relation.ANYWHERE)


@dataclass
class RelationMatch:
    """Where a relation phrase matched in the Doc and what it points at."""

    rule: RelationSpec
    start: int
    end: int
    anchors: list[Place] = field(default_factory=list)
    distance_km: float | None = None

    @property
    def relation(self) -> Relation:
        return self.rule.relation


@dataclass(frozen=True)
class DocHits:
    """Every relation and flag phrase matched in one Doc (token spans), found once per article."""

    relations: list[tuple[int, int, int]]  # (index into lexicon relations, start, end)
    targets: list[tuple[str, int, int]]
    unlimited: list[tuple[int, int]]
    limiting: list[tuple[int, int]]
    widening: list[tuple[int, int]]


@dataclass(frozen=True)
class Flags:
    limiting: bool
    widening: bool
    unlimited: bool


class ScopeReader:
    def __init__(self, nlp: Language, lexicon: RuleLexicon) -> None:
        self.lexicon = lexicon
        units = sorted(lexicon.units)
        qualifiers = sorted(lexicon.words("number_qualifiers"))
        self.relations = Matcher(nlp.vocab)
        for n, rule in enumerate(lexicon.relations):
            add_phrases(self.relations, nlp, f"{n}", rule.phrases, units, qualifiers=qualifiers)
        self.targets = Matcher(nlp.vocab)
        for target in lexicon.targets:
            add_phrases(self.targets, nlp, target.key, target.phrases, units)
        self.flags = Matcher(nlp.vocab)
        add_phrases(self.flags, nlp, "unlimited", lexicon.phrases("unlimited_phrases"), units)
        add_phrases(self.flags, nlp, "limiting", lexicon.phrases("limiting_phrases"), units)
        add_phrases(self.flags, nlp, "widening", lexicon.phrases("widening_phrases"), units)
        self.limiting_words = lexicon.words("limiting_words")
        self.exclusion = lexicon.words("exclusion_words")
        self.occupation = lexicon.words("occupation_words")
        self.territory = lexicon.words("territory_words")

    def hits(self, doc: Doc) -> DocHits:
        flags: dict[str, list[tuple[int, int]]] = {"unlimited": [], "limiting": [], "widening": []}
        for m, s, e in self.flags(doc):
            flags[doc.vocab.strings[m]].append((s, e))
        return DocHits(
            relations=[(int(doc.vocab.strings[m]), s, e) for m, s, e in self.relations(doc)],
            targets=[(doc.vocab.strings[m], s, e) for m, s, e in self.targets(doc)],
            unlimited=flags["unlimited"], limiting=flags["limiting"], widening=flags["widening"])

    # -- the relation -------------------------------------------------------------------------
    def relation(self, doc: Doc, tokens: set[int], index: DocIndex, hits: DocHits,
                 territory_after: object) -> RelationMatch | None:
        """The most specific relation in the clause (lexicon order) whose anchor can be found.
        `territory_after(doc, end, index)` says whether "Russian territory" follows a phrase."""
        rules = self.lexicon.relations
        inside = [h for h in hits.relations if h[1] in tokens and h[2] - 1 in tokens]
        for n, rule in enumerate(rules):
            for _, start, end in sorted(h for h in inside if h[0] == n):
                if rule.relation == Relation.AT and start > 0 and \
                        doc[start - 1].lower_ in self.exclusion:
                    continue  # "but not against Yerevan": an exclusion, not the scope
                found = RelationMatch(rule, start, end)
                if rule.distance:
                    found.distance_km = self.distance(doc[start:end])
                    if found.distance_km is None:
                        continue
                if rule.anchor == "after":
                    close = rule.relation in (Relation.INSIDE, Relation.AT, Relation.ANYWHERE)
                    window = INSIDE_WINDOW if close else ANCHOR_WINDOW
                    found.anchors = [p for p in self.anchors_after(doc, end, window, tokens,
                                                                   index, rule)
                                     if not self.not_just(doc, p, index)]
                    if not found.anchors and close:
                        if rule.relation != Relation.AT and territory_after(doc, end, index):  # type: ignore[operator]
                            return found
                        continue
                    if not found.anchors and rule.relation == Relation.OUTSIDE and \
                            skip_det(doc, end) not in index.countries:
                        continue  # "beyond Ukraine's borders" is kept: a country follows
                return found
        return None

    def anchors_after(self, doc: Doc, end: int, window: int, tokens: set[int], index: DocIndex,
                      rule: RelationSpec) -> list[Place]:
        """The first place after a phrase and the places coordinated with it ("Moscow or the
        Kremlin", "Kharkiv and Sumy regions")."""
        out: list[Place] = []
        i = end
        limit = min(len(doc), end + window)
        while i < limit and i in tokens:
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
            elif not out and (doc[i].lemma_.lower() in self.territory or doc[i].lower_ == "of"):
                limit = min(len(doc), limit + 1)  # "inside the territory of Ukraine"
            elif not out and window <= INSIDE_WINDOW and i not in index.countries and \
                    doc[i].dep_ not in ("det", "amod", "poss", "case", "compound"):
                break  # "in practice kept Ukraine ...": "in" must be followed by its place
            i += 1
        return out

    def distance(self, span: Span) -> float | None:
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

    # -- places and flags -----------------------------------------------------------------------
    def not_just(self, doc: Doc, place: Place, index: DocIndex) -> bool:
        """"not just those in the region near Kharkiv": the place is not the limit."""
        first = min(i for i, p in index.places.items() if p is place)
        words = [doc[k].lower_ for k in range(max(0, first - WIDENING_WINDOW), first)]
        text = " ".join(words)
        return "not just" in text or "not only" in text

    def occupied(self, doc: Doc, place: Place, index: DocIndex) -> bool:
        """"occupied Crimea", "Russian-held areas of Zaporizhzhia": held by the enemy."""
        first = min(i for i, p in index.places.items() if p is place)
        for k in range(max(0, first - OCCUPATION_WINDOW), first):
            words = doc[k].lower_.replace("-", " ").split()
            if any(w in self.occupation for w in words):
                return True
        return False

    def clause_flags(self, doc: Doc, tokens: set[int], hits: DocHits, anchors: set[int]
                     ) -> Flags:
        """`anchors`: tokens a limit word may qualify (the trigger, the use verb, the relation
        phrase): "only near the border", "specifically to defend", not "it only makes sense"."""
        def within(spans: list[tuple[int, int]]) -> bool:
            return any(s in tokens for s, _ in spans)

        limiting = within(hits.limiting) or any(
            doc[i].lower_ in self.limiting_words and not (i > 0 and doc[i - 1].lower_ == "not")
            and (doc[i].head.i in anchors or doc[i].head.pos_ == "ADP"
                 or doc[i].head.dep_ in ("prep", "pobj", "xcomp", "advcl"))
            for i in tokens)
        return Flags(limiting=limiting, widening=within(hits.widening),
                     unlimited=within(hits.unlimited))

    def excluded(self, doc: Doc, tokens: set[int], index: DocIndex, anchors: list[Place],
                 first: int) -> list[Place]:
        """Places marked off limits inside a permission ("but not Moscow")."""
        out: list[Place] = []
        for i, place in index.places.items():
            if i not in tokens or place in anchors or place in out:
                continue
            before = [doc[k].lower_ for k in range(max(first, i - 3), i)]
            if any(w in self.exclusion for w in before) and not self.not_just(doc, place, index):
                out.append(place)
        return out

    def at_places(self, doc: Doc, tokens: set[int], index: DocIndex, hits: DocHits,
                  anchors: list[Place]) -> list[Place]:
        """Towns and landmarks named as what is struck ("strikes on Moscow, on the Kremlin")."""
        out: list[Place] = []
        for n, start, end in hits.relations:
            rule = self.lexicon.relations[n]
            if rule.relation != Relation.AT or start not in tokens:
                continue
            for p in self.anchors_after(doc, end, INSIDE_WINDOW, tokens, index, rule):
                if p not in anchors and p not in out:
                    out.append(p)
        return out

    def country_after(self, doc: Doc, end: int, index: DocIndex) -> str | None:
        place = index.places.get(skip_det(doc, end))
        if place is not None and place.feature_type == "country":
            return place.country_code
        return None
