"""Geoparser: find every place named in a text and resolve it to coordinates.

The records (Place, Toponym) import nothing heavy; the pipeline (spaCy) loads on first use, so
outputs that only read analyses never pay for the language model.
"""

from typing import Any

from mapper.geoparse.models import Place, Toponym

__all__ = ["Geoparser", "Place", "Toponym", "default_geoparser", "geoparse"]
_PIPELINE = ("Geoparser", "default_geoparser", "geoparse")


def __getattr__(name: str) -> Any:
    if name in _PIPELINE:
        from mapper.geoparse import pipeline

        return getattr(pipeline, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
