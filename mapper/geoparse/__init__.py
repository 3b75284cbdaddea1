"""Geoparser: find every place named in a text and resolve it to coordinates."""

from mapper.geoparse.models import Place, Toponym
from mapper.geoparse.pipeline import Geoparser, default_geoparser, geoparse

__all__ = ["Geoparser", "Place", "Toponym", "default_geoparser", "geoparse"]
