"""Country and first-level region polygons (Natural Earth 10m) and border views."""

from mapper.boundaries.geodesy import geodesic_area_km2, geodesic_distance_km
from mapper.boundaries.store import Boundaries, boundaries_path, load_boundaries
from mapper.boundaries.views import BorderView, border_views

__all__ = [
    "BorderView",
    "Boundaries",
    "border_views",
    "boundaries_path",
    "geodesic_area_km2",
    "geodesic_distance_km",
    "load_boundaries",
]
