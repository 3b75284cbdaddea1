"""Analyses -> GeoPackage with layers "places", "zones" and "events", for QGIS and other GIS."""

from __future__ import annotations

import json
import tempfile
from collections.abc import Sequence
from pathlib import Path

import geopandas as gpd
import pyogrio

from mapper.analysis.models import Analysis
from mapper.atomic import atomic_path
from mapper.layers.frames import events_frame, places_frame, zones_frame

LAYERS: dict[str, str] = {"places": "Point", "zones": "MultiPolygon", "events": "Point"}


def _as_text(frame: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """List and dict cells become JSON text: GeoPackage has no list type."""
    frame = frame.copy()
    for column in frame.columns:
        if column == frame.geometry.name or frame[column].dtype != object:
            continue
        if frame[column].map(lambda v: isinstance(v, list | dict | tuple)).any():
            frame[column] = frame[column].map(
                lambda v: None if v is None else json.dumps(v, ensure_ascii=False))
    return frame


def _write(analyses: Sequence[Analysis], path: Path) -> None:
    frames = {"places": places_frame(analyses), "zones": zones_frame(analyses),
              "events": events_frame(analyses)}
    for layer, frame in frames.items():
        # An empty layer is still written with its schema, so scripts can rely on it.
        pyogrio.write_dataframe(_as_text(frame), path, layer=layer, driver="GPKG",
                                geometry_type=LAYERS[layer], promote_to_multi=layer == "zones",
                                append=path.exists())


def write_gpkg(analyses: Sequence[Analysis], path: Path) -> None:
    """Write every layer into a temporary file, then rename it over `path`.

    A GeoPackage is an SQLite database: it needs a regular file, so `-` and devices are refused."""
    with atomic_path(Path(path), what="GeoPackage") as tmp:
        if tmp.exists():
            tmp.unlink()
        _write(analyses, tmp)


def gpkg_bytes(analyses: Sequence[Analysis]) -> bytes:
    with tempfile.TemporaryDirectory(prefix="mapper-gpkg-") as folder:
        path = Path(folder) / "layers.gpkg"
        _write(analyses, path)
        return path.read_bytes()
