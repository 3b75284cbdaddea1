"""Statements of one sentence read together: shared targets and weapons, duplicates merged."""

from __future__ import annotations

import dataclasses

from mapper.records import Statement, WeaponMention


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


def share_targets(statements: list[Statement]) -> list[Statement]:
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


def merge_key(s: Statement) -> tuple:
    own = tuple(a for a, r in zip(s.anchors, s.anchor_refs, strict=True)
                if r != f"admin0:{s.target_country}")
    return (s.polarity, s.relation, s.target_country, s.grantor, own)
