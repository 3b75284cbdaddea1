"""Geodesic measures on the WGS84 ellipsoid (never in degrees)."""

from __future__ import annotations

from pyproj import Geod
from shapely.geometry.base import BaseGeometry

WGS84 = Geod(ellps="WGS84")


def geodesic_area_km2(geometry: BaseGeometry) -> float:
    """Area of a lon/lat (Multi)Polygon in square kilometres."""
    if geometry is None or geometry.is_empty:
        return 0.0
    area, _perimeter = WGS84.geometry_area_perimeter(geometry)
    return abs(area) / 1e6


def geodesic_distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    _az1, _az2, metres = WGS84.inv(lon1, lat1, lon2, lat2)
    return metres / 1000.0
