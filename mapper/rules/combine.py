"""Statements of one sentence read together: shared targets and weapons, duplicates merged."""

from __future__ import annotations

import dataclasses

from mapper.records import Statement, WeaponMention
from mapper.records.relations import Relation


def text_origins(w: WeaponMention) -> tuple[str, ...]:
    """Suppliers the text itself names for a mention (not a class's fixed supplier group)."""
    return w.origin if w.kind == "system" or len(w.origin) < 5 else ()


def merge(statements: list[Statement]) -> list[Statement]:
    """One sentence, same decision said twice ("cleared ATACMS ..., lifting a restriction on
    long-range weapons"): keep one, with the named systems rather than the class."""
    out: list[Statement] = []
    for s in statements:
        twin = next((o for o in out if merge_key(o) == merge_key(s)), None)
        if twin is None:
            out.append(s)
            continue
        mentions = list(twin.weapon_mentions) + [m for m in s.weapon_mentions
                                                 if m not in twin.weapon_mentions]
        if any(m.kind == "system" for m in mentions):
            mentions = [m for m in mentions if m.kind == "system"]
        anchors = tuple(dict.fromkeys(twin.anchor_places + s.anchor_places))
        defended = tuple(dict.fromkeys(twin.defended_places + s.defended_places))
        merged = dataclasses.replace(
            twin, weapon_mentions=tuple(mentions),
            weapons=tuple(dict.fromkeys(m.key for m in mentions)),
            anchor_places=anchors, defended_places=defended,
            limiting=twin.limiting or s.limiting, widening=twin.widening or s.widening,
            targets=tuple(dict.fromkeys(twin.targets + s.targets)),
            excluded_targets=tuple(dict.fromkeys(twin.excluded_targets + s.excluded_targets)),
            confidence=max(twin.confidence, s.confidence))
        out[out.index(twin)] = merged
    return out


def share_targets(statements: list[Statement]) -> list[Statement]:
    """Clauses of one sentence share a target country and weapons ("... are no longer subject
    to any range limits, so Ukraine can use them against targets inside Russia"; "may use
    American weapons only near the border, and ruled out strikes far inside Russia")."""
    target = next((s.target_country for s in statements if s.target_country), None)
    armed = next((s for s in statements if s.weapon_mentions), None)
    country = next((p for s in statements if s.target_country == target
                    for p in s.anchor_places if p.whole_country and p.country_code == target), None)
    out = []
    for s in statements:
        if target and not s.target_country:
            s = dataclasses.replace(s, target_country=target)
        if country is not None and s.relation in (Relation.INSIDE, Relation.DEEP_INSIDE) \
                and not s.anchor_places and s.target_country == target:
            s = dataclasses.replace(s, anchor_places=(country,))
        if armed is not None and not s.weapon_mentions:
            s = dataclasses.replace(s, weapon_mentions=armed.weapon_mentions,
                                    weapons=armed.weapons)
        out.append(s)
    return out


def merge_key(s: Statement) -> tuple:
    own = tuple(p.name for p in s.anchor_places
                if not (p.whole_country and p.country_code == s.target_country))
    return (s.polarity, s.relation, s.target_country, s.grantor, own)
