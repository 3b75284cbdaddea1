"""Distance buffers on the ellipsoid's surface, done in a local azimuthal equidistant projection.

Buffering in degrees is wrong by up to a factor of two at these latitudes; an equidistant
projection centred on the area keeps distances from it true to within a fraction of a percent
over the few hundred kilometres a strike range covers.
"""

from __future__ import annotations

from functools import lru_cache

import shapely
from pyproj import CRS, Transformer
from shapely.geometry.base import BaseGeometry

SIMPLIFY_M = 500.0  # source polygons are simplified to at least 500 m before buffering (speed)
SIMPLIFY_SHARE = 0.005  # ... and to 0.5% of the buffer distance: well inside drawing precision
SEGMENT_M = 5_000.0  # buffer outlines are densified before going back to lon/lat
QUAD_SEGS = 8


@lru_cache(maxsize=64)
def _transformers(lat: float, lon: float) -> tuple[Transformer, Transformer]:
    local = CRS.from_proj4(f"+proj=aeqd +lat_0={lat:.4f} +lon_0={lon:.4f} +datum=WGS84 +units=m")
    forward = Transformer.from_crs("EPSG:4326", local, always_xy=True)
    back = Transformer.from_crs(local, "EPSG:4326", always_xy=True)
    return forward, back


def _centre(geometry: BaseGeometry) -> tuple[float, float]:
    c = geometry.centroid
    return round(c.y, 2), round(c.x, 2)


def geodesic_buffer(geometry: BaseGeometry, distance_km: float) -> BaseGeometry:
    """Everything within `distance_km` of a lon/lat geometry, as a lon/lat polygon."""
    lat, lon = _centre(geometry)
    forward, back = _transformers(lat, lon)
    local = shapely.transform(geometry, lambda xy: _apply(forward, xy))
    tolerance = max(SIMPLIFY_M, distance_km * 1000.0 * SIMPLIFY_SHARE)
    local = shapely.simplify(local, tolerance, preserve_topology=True)
    buffered = shapely.buffer(local, distance_km * 1000.0, quad_segs=QUAD_SEGS)
    buffered = shapely.segmentize(buffered, SEGMENT_M)
    return shapely.make_valid(shapely.transform(buffered, lambda xy: _apply(back, xy)))


def _apply(transformer: Transformer, xy):  # type: ignore[no-untyped-def]
    import numpy as np

    x, y = transformer.transform(xy[:, 0], xy[:, 1])
    return np.column_stack([x, y])


def point_circle(lat: float, lon: float, radius_km: float) -> BaseGeometry:
    """A circle of `radius_km` around a point, as a lon/lat polygon."""
    return geodesic_buffer(shapely.Point(lon, lat), radius_km)


def polygonal(geometry: BaseGeometry | None) -> BaseGeometry | None:
    """Only the (multi)polygon parts of a result; None when nothing with area is left."""
    if geometry is None or geometry.is_empty:
        return None
    if geometry.geom_type in ("Polygon", "MultiPolygon"):
        return geometry
    parts = [g for g in getattr(geometry, "geoms", []) if g.geom_type in ("Polygon",
                                                                          "MultiPolygon")]
    if not parts:
        return None
    return shapely.union_all(parts)


PART_SHARE = 1 / 3  # "southern Lebanon": the third of the area's north-south extent to the south
COMPASS = {"north": (0, 1), "south": (0, -1), "east": (1, 0), "west": (-1, 0),
           "northeast": (1, 1), "northwest": (-1, 1), "southeast": (1, -1), "southwest": (-1, -1)}


def compass_part(geometry: BaseGeometry, part: str) -> BaseGeometry:
    """The outer third of an area toward a compass point (a rough "southern X", drawn so an
    analyst sees the side the text means; exact limits need a named line the text rarely gives)."""
    dx, dy = COMPASS[part]
    minx, miny, maxx, maxy = geometry.bounds
    box = [minx, miny, maxx, maxy]
    if dx:
        cut = (maxx - minx) * PART_SHARE
        box[0], box[2] = (maxx - cut, maxx) if dx > 0 else (minx, minx + cut)
    if dy:
        cut = (maxy - miny) * PART_SHARE
        box[1], box[3] = (maxy - cut, maxy) if dy > 0 else (miny, miny + cut)
    return shapely.intersection(geometry, shapely.box(*box))
