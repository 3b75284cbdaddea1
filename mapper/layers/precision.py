"""Coordinates on a fixed decimal grid without breaking polygons.

Rounding each vertex on its own can fold a ring over itself where two edges run close
together (a clipped border, a buffer meeting a coastline). Snap rounding (GEOS, through
`shapely.set_precision`) moves the vertices to the grid and repairs the topology as it goes,
so what it returns is valid; the final decimal rounding only removes float noise.
"""

from __future__ import annotations

import numpy as np
import shapely
from shapely.geometry import MultiPolygon, Polygon
from shapely.geometry.base import BaseGeometry

DECIMALS = 6
_REPAIR_ROUNDS = 3


def _round(geometry: BaseGeometry, decimals: int) -> BaseGeometry:
    return shapely.transform(geometry, lambda xy: np.round(xy, decimals))


def _repair(geometry: BaseGeometry, areal: bool) -> BaseGeometry:
    repaired = shapely.make_valid(geometry)
    return _areas_only(repaired) if areal else repaired


def _areas_only(geometry: BaseGeometry) -> BaseGeometry:
    """The polygons of a repair result (a repair can leave stray lines or points beside them)."""
    if isinstance(geometry, Polygon | MultiPolygon):
        return geometry
    parts = [p for p in shapely.get_parts(geometry) if isinstance(p, Polygon | MultiPolygon)]
    return shapely.union_all(parts) if parts else Polygon()


def snap_to_grid(geometry: BaseGeometry, decimals: int = DECIMALS) -> BaseGeometry:
    """`geometry` with at most `decimals` decimals per coordinate, and valid when it is an area.

    An invalid input is repaired first; snapping is repeated (rarely needed) until the rounded
    result is valid, so no writer ever emits a self-intersecting ring.
    """
    if geometry.is_empty:
        return geometry
    grid = 10.0 ** -decimals
    areal = isinstance(geometry, Polygon | MultiPolygon)
    current = geometry if geometry.is_valid else _repair(geometry, areal)
    for _ in range(_REPAIR_ROUNDS):
        snapped = _round(shapely.set_precision(current, grid), decimals)
        if snapped.is_valid:
            return snapped
        current = _repair(snapped, areal)
    raise ValueError(f"geometry cannot be snapped to {decimals} decimals without breaking it")
