"""Statements -> policies: one per grantor, grantee, target and weapon family and status, with
the scope the whole article gives it.

Rules, in order (docs/rules.md, "From statements to policies"):
1. Only statements in force (or all, on request), above the confidence threshold, with a grantor
   and a target country count. A missing grantee is the grantor's usual grantee in the article.
2. Weapons: statements naming catalog systems form one family per set of systems; statements
   naming classes ("US weapons", "rockets") or none form the grantor's "class" family. A
   statement naming no weapon joins the only system family of its grantor when there is one.
3. Scope: the best statement's scope wins, ranked by (limit stated, specificity, confidence):
   "no range restrictions" over everything; a scope the text marks as a limit ("only",
   "limited to", "specifically") over one it does not; a named area, a distance or an anchor
   over a border strip, over "deep inside", over a generic "inside [country]". Statements with
   the same relation as the winner add their anchors (Kharkiv and the Kharkiv region).
4. A ban "outside X" gives the grantor's generic permission its scope: opposite X.
5. A border strip with no anchor takes the grantee's areas the article names in sentences
   about the border ("attacks on the Kharkiv region from areas just over the border").
6. A generic permission with no reach (no stated distance, no weapon with a range) cannot be
   drawn as a limit: it is ambiguous over the target country.
7. A class permission with no reach of its own takes the systems of that class the article
   names outside its bans ("ATACMS were used ...").
8. Opposite statements on the same weapons and scope: the latest wins; on the same day both
   stay visible as one ambiguous policy.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections import Counter
from collections.abc import Iterable

from mapper.catalogs import WeaponCatalog
from mapper.records import (
    AnalysisSettings,
    BorderMention,
    Evidence,
    Policy,
    Statement,
    WeaponMention,
)
from mapper.records.relations import Relation

CLASS_FAMILY = "class"
GENERIC = 0
SPECIFICITY = {
    Relation.INSIDE: 4, Relation.AT: 4, Relation.WITHIN: 3, Relation.BEYOND: 3,
    Relation.ACROSS_BORDER_FROM: 3, Relation.OUTSIDE: 3, Relation.NEAR_BORDER: 2,
    Relation.DEEP_INSIDE: 1, Relation.ANYWHERE: 6,
}
WIDE_BORDER = 3.5  # "anywhere Russian forces come across the border": beats one anchor
IMPLIED_CONFIDENCE_FACTOR = 0.8  # a permission implied by a ban "outside X"


def specificity(s: Statement) -> float:
    """How precisely a statement pins down where: higher is more specific."""
    own = [p for p in s.anchor_places if not p.whole_country]
    if s.relation == Relation.INSIDE:
        return SPECIFICITY[Relation.INSIDE] if own else GENERIC
    if s.relation in (Relation.WITHIN, Relation.BEYOND):
        return SPECIFICITY[s.relation] if s.range_km is not None else GENERIC
    if s.relation == Relation.NEAR_BORDER:
        if own:
            return SPECIFICITY[Relation.INSIDE]
        return WIDE_BORDER if s.widening else SPECIFICITY[Relation.NEAR_BORDER]
    return SPECIFICITY.get(s.relation, GENERIC)


def family_of(s: Statement) -> str:
    systems = sorted({m.key for m in s.weapon_mentions if m.kind == "system"})
    return f"system:{'+'.join(systems)}" if systems else CLASS_FAMILY


def reconcile(statements: list[Statement], settings: AnalysisSettings, catalog: WeaponCatalog,
              mentions: Iterable[WeaponMention] = (),
              border_areas: Iterable[BorderMention] = ()) -> list[Policy]:
    usable = [(i, s) for i, s in enumerate(statements)
              if (s.in_force or settings.include_background)
              and s.confidence >= settings.min_confidence and s.grantor and s.target_country]
    usable = _fill_grantees(usable)
    groups: dict[tuple, list[tuple[int, Statement]]] = {}
    at_groups: dict[tuple, list[tuple[int, Statement]]] = {}
    families = _families(usable, catalog)
    for i, s in usable:
        key = (s.grantor, s.grantee, s.target_country, families[i], s.polarity)
        (at_groups if s.relation == Relation.AT else groups).setdefault(key, []).append((i, s))
    policies = [_policy(key, members) for key, members in groups.items()]
    policies += [_policy(key, members, rule="named places") for key, members
                 in at_groups.items()]
    policies = _implied_by_outside(policies, usable)
    policies = _border_context(policies, list(border_areas))
    policies = [p for p in policies if p.scoped]
    policies = _specify_classes(policies, catalog, list(mentions), statements)
    policies = _unreachable_is_ambiguous(policies)
    return _conflicts(policies)


# -- grouping -------------------------------------------------------------------------------
def _fill_grantees(usable: list[tuple[int, Statement]]) -> list[tuple[int, Statement]]:
    """A statement with no grantee takes its grantor's usual grantee in the article."""
    usual: dict[str, Counter[str]] = {}
    for _, s in usable:
        if s.grantee and s.grantee != s.target_country:
            usual.setdefault(str(s.grantor), Counter())[s.grantee] += 1
    every = Counter(s.grantee for _, s in usable if s.grantee)
    out = []
    for i, s in usable:
        if not s.grantee:
            counts = usual.get(str(s.grantor)) or every
            choice = next((g for g, _ in counts.most_common()
                           if g not in (s.target_country, s.grantor)), None)
            if choice:
                s = dataclasses.replace(s, grantee=choice)
        out.append((i, s))
    return out


def _families(usable: list[tuple[int, Statement]], catalog: WeaponCatalog) -> dict[int, str]:
    """Each statement's weapon family. A statement naming a class that holds the one system
    its grantor's other statements name ("long-range weapons" beside "ATACMS") joins that
    system's family; so does a statement naming no weapon."""
    families = {i: family_of(s) for i, s in usable}
    systems: dict[tuple, set[str]] = {}
    for i, s in usable:
        if families[i] != CLASS_FAMILY:
            systems.setdefault((s.grantor, s.polarity), set()).add(families[i])
    for i, s in usable:
        if families[i] != CLASS_FAMILY:
            continue
        named = systems.get((s.grantor, s.polarity), set())
        if len(named) != 1:
            continue
        family = next(iter(named))
        keys = family.split(":", 1)[1].split("+")
        if all(_class_holds(catalog, m.key, keys, str(s.grantor)) for m in s.weapon_mentions):
            families[i] = family
    return families


def _class_holds(catalog: WeaponCatalog, key: str, systems: list[str], grantor: str) -> bool:
    """Whether a weapon class (with the grantor as supplier) includes all of `systems`."""
    cls = catalog.classes.get(key)
    if cls is None:
        return False
    held = {s.key for s in catalog.class_systems(cls, (grantor,))}
    held |= {k for k, s in catalog.systems.items() if s.category in cls.categories}
    return set(systems) <= held


def _evidence(i: int, s: Statement) -> Evidence:
    return Evidence(s.evidence.text, s.evidence.start, s.evidence.end, rule=s.rule,
                    confidence=s.confidence, statement=i)


def _rank(s: Statement) -> tuple[float, float, float, float]:
    if s.unlimited:
        return (2.0, SPECIFICITY[Relation.ANYWHERE], s.confidence, _day(s))
    return (1.0 if s.limiting and specificity(s) > GENERIC else 0.0, specificity(s),
            s.confidence, _day(s))


def _day(s: Statement) -> float:
    return float(s.effective_date.toordinal()) if s.effective_date else 0.0


def _policy(key: tuple, members: list[tuple[int, Statement]], rule: str | None = None
            ) -> Policy:
    grantor, grantee, target, family, status = key
    best_i, best = max(members, key=lambda m: _rank(m[1]))
    same = [(i, s) for i, s in members if s.relation == best.relation
            and specificity(s) == specificity(best)]
    anchors = _unique(p for _, s in same for p in s.anchor_places)
    defended = _unique(p for _, s in same for p in s.defended_places)
    excluded = _unique(p for _, s in members for p in s.excluded_places)
    mentions = _unique(m for _, s in members for m in s.weapon_mentions)
    if any(m.kind == "system" for m in mentions) and family != CLASS_FAMILY:
        mentions = [m for m in mentions if m.kind == "system"]
    distances = [s.range_km for _, s in same if s.range_km is not None]
    order = [best_i] + [i for i, _ in members if i != best_i]
    ordered = {i: s for i, s in members}
    why = rule or (f"scope from {best.rule}" + (" (stated as a limit)" if best.limiting else "")
                   + (f"; {len(members) - 1} more statement(s)" if len(members) > 1 else ""))
    relation = Relation.ANYWHERE if best.unlimited else best.relation
    return Policy(
        status=status, grantor=grantor, grantee=grantee, target_country=target, family=family,
        weapons=tuple(dict.fromkeys(m.key for m in mentions)), weapon_mentions=tuple(mentions),
        relation=relation, anchor_places=tuple(anchors), defended_places=tuple(defended),
        excluded_places=tuple(excluded), range_km=min(distances) if distances else None,
        effective_date=max((s.effective_date for _, s in members if s.effective_date),
                           default=None),
        statements=tuple(order), evidence=tuple(_evidence(i, ordered[i]) for i in order),
        rule=why, confidence=max(s.confidence for _, s in members),
        limiting=best.limiting, widening=any(s.widening for _, s in same),
        scoped=any(s.scoped for _, s in members),
        targets=tuple(dict.fromkeys(t for _, s in members for t in s.targets)),
        excluded_targets=tuple(dict.fromkeys(t for _, s in members for t in s.excluded_targets)))


def _unique(items: Iterable) -> list:
    return list(dict.fromkeys(items))


def policy_specificity(p: Policy) -> float:
    """The same scale as `specificity`, for a reconciled policy."""
    own = [a for a in p.anchor_places if not a.whole_country]
    if p.relation == Relation.INSIDE:
        return SPECIFICITY[Relation.INSIDE] if own else GENERIC
    if p.relation in (Relation.WITHIN, Relation.BEYOND):
        return SPECIFICITY[p.relation] if p.range_km is not None else GENERIC
    if p.relation == Relation.NEAR_BORDER and own:
        return SPECIFICITY[Relation.INSIDE]
    return SPECIFICITY.get(p.relation, GENERIC)


# -- document-level refinements ----------------------------------------------------------------
def _implied_by_outside(policies: list[Policy], usable: list[tuple[int, Statement]]
                        ) -> list[Policy]:
    """"The ban on ... outside the Kharkiv area will remain in force": the grantor's generic
    permission lies opposite the Kharkiv area; with no permission stated, one is implied."""
    out = list(policies)
    for ban in [p for p in policies if p.status == "restricted"
                and p.relation == Relation.OUTSIDE and p.defended_places]:
        same = [p for p in out if p.status == "permitted" and p.grantor == ban.grantor
                and p.target_country == ban.target_country]
        generic = [p for p in same if policy_specificity(p) <= SPECIFICITY[Relation.NEAR_BORDER]]
        if same and not generic:
            continue  # the permission has a scope of its own
        note = f"scope implied by a ban outside {', '.join(a.name for a in ban.defended_places)}"
        if generic:
            for p in generic:
                out[out.index(p)] = dataclasses.replace(
                    p, relation=Relation.ACROSS_BORDER_FROM, anchor_places=ban.defended_places,
                    defended_places=ban.defended_places, rule=f"{p.rule}; {note}", scoped=True)
            continue
        out.append(dataclasses.replace(
            ban, status="permitted", family=CLASS_FAMILY, weapons=(), weapon_mentions=(),
            relation=Relation.ACROSS_BORDER_FROM, anchor_places=ban.defended_places,
            excluded_places=(), rule=note,
            confidence=round(ban.confidence * IMPLIED_CONFIDENCE_FACTOR, 3)))
    return out


def _border_context(policies: list[Policy], areas: list[BorderMention]) -> list[Policy]:
    """A border strip naming no place takes the grantee's areas that the article's sentences
    about the border name, when there are any."""
    out = []
    for p in policies:
        if p.relation == Relation.NEAR_BORDER and not p.anchor_places and p.grantee and \
                p.status != "restricted" and not p.widening:
            own = _unique(a.place for a in areas if a.place.country_code == p.grantee)
            if own:
                p = dataclasses.replace(
                    p, relation=Relation.ACROSS_BORDER_FROM, anchor_places=tuple(own),
                    defended_places=tuple(own), scoped=True,
                    rule=f"{p.rule}; border named in the article: "
                         f"{', '.join(a.name for a in own)}")
        out.append(p)
    return out


def _specify_classes(policies: list[Policy], catalog: WeaponCatalog,
                     mentions: list[WeaponMention], statements: list[Statement]
                     ) -> list[Policy]:
    """A permission for a class with no reach of its own ("American weapons") takes the
    systems of that class and supplier the article names outside its bans."""
    banned = [s.evidence for s in statements if s.polarity == "restricted"]

    def in_ban(m: WeaponMention) -> bool:
        return any(e.start <= m.start < e.end for e in banned)

    out = []
    for p in policies:
        if p.status != "permitted" or p.family != CLASS_FAMILY or _reach(p) is not None:
            out.append(p)
            continue
        allowed: set[str] = set()
        for m in p.weapon_mentions or ():
            cls = catalog.classes.get(m.key)
            if cls is not None:
                allowed |= {s.key for s in catalog.class_systems(cls, (p.grantor,))}
        named = _unique(m for m in mentions if m.kind == "system" and m.key in allowed
                        and not in_ban(m))
        if named:
            systems = _unique(m.key for m in named)
            p = dataclasses.replace(
                p, weapons=tuple(dict.fromkeys((*p.weapons, *systems))),
                weapon_mentions=(*p.weapon_mentions, *named[:len(systems)]),
                rule=f"{p.rule}; weapons named in the article: {', '.join(systems)}")
        out.append(p)
    return out


def _reach(p: Policy) -> float | None:
    highs = [m.max_range_km for m in p.weapon_mentions if m.max_range_km is not None]
    return max(highs) if highs else None


def _unreachable_is_ambiguous(policies: list[Policy]) -> list[Policy]:
    """"Biden allowed Ukraine to use US weapons inside Russia", with nothing else to say how
    far: the text grants something whose geography it does not pin down."""
    out = []
    for p in policies:
        if p.status == "permitted" and policy_specificity(p) == GENERIC and \
                p.relation != Relation.ANYWHERE and p.range_km is None and _reach(p) is None \
                and not p.excluded_places:  # "... but not Yerevan" pins the rest down
            p = dataclasses.replace(p, status="ambiguous",
                                    rule=f"{p.rule}; no limit, reach or area stated")
        out.append(p)
    return out


def _conflicts(policies: list[Policy]) -> list[Policy]:
    """Opposite policies on the same weapons and the same scope: the latest wins; stated the
    same day, both stay visible as one ambiguous policy with both sentences."""
    out = list(policies)
    for p in policies:
        if p.status != "permitted" or p not in out:
            continue
        for q in [q for q in out if q.status == "restricted" and q.family == p.family
                  and (q.grantor, q.grantee, q.target_country) ==
                  (p.grantor, p.grantee, p.target_country)
                  and q.relation == p.relation and q.anchors == p.anchors
                  and q.range_km == p.range_km]:
            if p not in out:
                break
            pd, qd = p.effective_date or dt.date.min, q.effective_date or dt.date.min
            if pd > qd:
                out.remove(q)
            elif qd > pd:
                out.remove(p)
            else:
                merged = dataclasses.replace(
                    p, status="ambiguous", statements=p.statements + q.statements,
                    evidence=p.evidence + q.evidence, rule="conflicting statements",
                    confidence=min(p.confidence, q.confidence))
                out[out.index(p)] = merged
                out.remove(q)
                break
    return out
