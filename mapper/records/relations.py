"""The spatial relations a policy scope can state. The lexicon names them (rules.yaml) and the
zone builder has one drawing function per member; both are checked against this list."""

from __future__ import annotations

from enum import StrEnum


class Relation(StrEnum):
    WITHIN = "within"  # within N km of an anchor (or of the grantee's border)
    BEYOND = "beyond"  # farther than N km
    ACROSS_BORDER_FROM = "across the border from"  # the target's side, opposite an anchor
    NEAR_BORDER = "near the border"  # the target's side of the whole shared border
    DEEP_INSIDE = "deep inside"  # far from the border: what a border strip leaves out
    AT = "at"  # named places (towns as circles, regions whole)
    INSIDE = "inside"  # a named area, or the target country within the weapons' reach
    ANYWHERE = "anywhere"  # the whole area, whatever the reach ("no range restrictions")
    OUTSIDE = "outside"  # everywhere except opposite an anchor ("outside the Kharkiv area")


# Relations measured from an anchor area (the defended area when it lies on the grantee's side).
ANCHORED = frozenset({Relation.WITHIN, Relation.BEYOND, Relation.ACROSS_BORDER_FROM,
                      Relation.OUTSIDE})
