"""One drawing function per spatial relation (mapper.records.relations.Relation).

| relation               | zone                                                                |
|------------------------|---------------------------------------------------------------------|
| across the border from | target ∩ buffer(anchor, depth); the anchor is also "defended"       |
| near the border        | target ∩ buffer(grantee, depth) (∩ the target areas named)           |
| within N               | target ∩ buffer(anchor or grantee, N)                               |
| beyond N               | target − buffer(anchor or grantee, N)                               |
| outside X              | target − buffer(X, depth), within the weapons' reach                |
| deep inside            | target within the weapons' reach (border permissions are cut out)    |
| inside                 | the named area, or the target, within the weapons' reach            |
| anywhere               | the named area, or the whole target                                 |
| at                     | the named places (towns as circles, regions whole)                  |

depth = the distance the text states, else the named weapons' maximum range, else the lexicon's
documented default. The registry is checked against the Relation list when this module loads.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import shapely
from shapely.geometry.base import BaseGeometry

from mapper.records.relations import Relation


@dataclass(frozen=True)
class DrawContext:
    """What a drawing function needs: shapes in lon/lat and distances in km."""

    target: BaseGeometry  # the target country in the chosen border view
    grantee: BaseGeometry | None  # the grantee country
    anchor: BaseGeometry | None  # the areas the scope names (not whole countries)
    distance_km: float | None  # a distance the text states
    reach_km: float | None  # the named weapons' maximum range
    default_depth_km: float
    reach: Callable[[BaseGeometry, float], BaseGeometry]  # buffer near the target

    @property
    def depth_km(self) -> float:
        if self.distance_km is not None:
            return self.distance_km
        return self.reach_km if self.reach_km is not None else self.default_depth_km


Drawn = tuple[BaseGeometry, float | None] | None  # geometry and the distance used
Drawer = Callable[[DrawContext], Drawn]
DRAWERS: dict[Relation, Drawer] = {}


def drawer(relation: Relation) -> Callable[[Drawer], Drawer]:
    def register(fn: Drawer) -> Drawer:
        DRAWERS[relation] = fn
        return fn
    return register


def _within_reach(ctx: DrawContext, area: BaseGeometry) -> tuple[BaseGeometry, float | None]:
    if ctx.reach_km is not None and ctx.grantee is not None:
        return shapely.intersection(area, ctx.reach(ctx.grantee, ctx.reach_km)), ctx.reach_km
    return area, None


@drawer(Relation.ACROSS_BORDER_FROM)
def across_the_border_from(ctx: DrawContext) -> Drawn:
    base = ctx.anchor if ctx.anchor is not None else ctx.grantee
    if base is None:
        return None
    depth = ctx.depth_km
    return shapely.intersection(ctx.target, ctx.reach(base, depth)), depth


@drawer(Relation.NEAR_BORDER)
def near_the_border(ctx: DrawContext) -> Drawn:
    if ctx.grantee is None:
        return None
    depth = ctx.depth_km
    strip = shapely.intersection(ctx.target, ctx.reach(ctx.grantee, depth))
    if ctx.anchor is not None:
        strip = shapely.intersection(strip, ctx.anchor)
    return strip, depth


@drawer(Relation.WITHIN)
def within(ctx: DrawContext) -> Drawn:
    base = ctx.anchor if ctx.anchor is not None else ctx.grantee
    if base is None:
        return None
    depth = ctx.depth_km
    return shapely.intersection(ctx.target, ctx.reach(base, depth)), depth


@drawer(Relation.BEYOND)
def beyond(ctx: DrawContext) -> Drawn:
    base = ctx.anchor if ctx.anchor is not None else ctx.grantee
    if base is None:
        return None  # "beyond 300 km" of no known border: nothing to measure from
    if ctx.distance_km is None:
        return ctx.target, None
    return shapely.difference(ctx.target, ctx.reach(base, ctx.distance_km)), ctx.distance_km


@drawer(Relation.OUTSIDE)
def outside(ctx: DrawContext) -> Drawn:
    if ctx.anchor is None:
        return deep_inside(ctx)
    depth = ctx.distance_km if ctx.distance_km is not None else ctx.default_depth_km
    rest = shapely.difference(ctx.target, ctx.reach(ctx.anchor, depth))
    area, reach = _within_reach(ctx, rest)
    return area, reach


@drawer(Relation.DEEP_INSIDE)
def deep_inside(ctx: DrawContext) -> Drawn:
    area = shapely.intersection(ctx.target, ctx.anchor) if ctx.anchor is not None else ctx.target
    return _within_reach(ctx, area)


@drawer(Relation.INSIDE)
def inside(ctx: DrawContext) -> Drawn:
    # A named area is taken whole, even where the view puts it in another country than the
    # forces struck ("Russian forces in occupied Crimea").
    area = ctx.anchor if ctx.anchor is not None else ctx.target
    return _within_reach(ctx, area)


@drawer(Relation.ANYWHERE)
def anywhere(ctx: DrawContext) -> Drawn:
    return (ctx.anchor if ctx.anchor is not None else ctx.target), None


@drawer(Relation.AT)
def at(ctx: DrawContext) -> Drawn:
    if ctx.anchor is None:
        return None
    return shapely.intersection(ctx.target, ctx.anchor), None


_missing = set(Relation) - set(DRAWERS)
if _missing:  # pragma: no cover - a programming error caught at import
    raise RuntimeError(f"no zone drawer for relations: {sorted(_missing)}")
