"""Zones: the areas a policy permits, restricts, leaves ambiguous or defends."""

from mapper.zones.build import ZoneBuilder, weapon_range
from mapper.zones.geometry import geodesic_buffer, point_circle

__all__ = ["ZoneBuilder", "geodesic_buffer", "point_circle", "weapon_range"]
