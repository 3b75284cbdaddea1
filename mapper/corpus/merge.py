"""Finished partitions -> the corpus outputs in OUTDIR.

`corpus.gpkg` (layers places, zones, events; tables statements and articles), `corpus.geojson`,
`events.csv` (ACLED-like), `errors.jsonl`. Zones and events get their timeline first. Every file
is written to a temporary name and renamed, so an interrupted merge leaves the last good one.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import geopandas as gpd
import pandas as pd
import pyogrio

from mapper.atomic import atomic_path, write_bytes_atomic
from mapper.corpus.frames import LAYER_FRAMES, SPATIAL_LAYERS
from mapper.corpus.store import read_articles, read_errors, read_layer
from mapper.corpus.timeline import with_event_validity, with_zone_validity
from mapper.layers.csv import country_names, geo_precision
from mapper.layers.frames import CRS
from mapper.layers.geojson import rfc7946_geometry
from mapper.layers.style import PLACE_COLOUR, status_colour

GPKG = "corpus.gpkg"
GEOJSON = "corpus.geojson"
EVENTS_CSV = "events.csv"
ERRORS = "errors.jsonl"
HTML = "corpus.html"
TIME_COLUMNS = ("valid_from", "valid_to")
EVENTS_CSV_COLUMNS: tuple[str, ...] = (
    "article_id", "event_date", "time_precision", "event_type", "sub_event_type", "actor1",
    "actor2", "country", "country_code", "admin1", "location", "latitude", "longitude",
    "geo_precision", "fatalities", "source_sentence", "confidence",
)
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


@dataclass
class Corpus:
    """The merged tables of a batch run."""

    layers: dict[str, pd.DataFrame]
    articles: pd.DataFrame
    errors: list[dict[str, Any]]


def _concat(frames: list[pd.DataFrame], spatial: bool) -> pd.DataFrame:
    non_empty = [f for f in frames if len(f)] or frames[:1]
    frame = pd.concat(non_empty, ignore_index=True) if non_empty else pd.DataFrame()
    if spatial:
        return gpd.GeoDataFrame(frame, geometry="geometry", crs=CRS)
    return frame


def collect(outdir: Path, indices: Sequence[int]) -> Corpus:
    """Read the partitions `indices` (in order) and add the timeline."""
    layers = {}
    for layer in LAYER_FRAMES:
        frames = [read_layer(outdir, i, layer) for i in indices]
        layers[layer] = _concat(frames, layer in SPATIAL_LAYERS)
    layers["zones"] = with_zone_validity(layers["zones"])
    layers["events"] = with_event_validity(layers["events"])
    articles = pd.concat([read_articles(outdir, i) for i in indices], ignore_index=True)
    errors = [row for i in indices for row in read_errors(outdir, i)]
    return Corpus(layers, articles, errors)


def write_outputs(corpus: Corpus, outdir: Path) -> dict[str, Path]:
    """Write every corpus output; returns their paths by kind."""
    paths = {"gpkg": outdir / GPKG, "geojson": outdir / GEOJSON, "csv": outdir / EVENTS_CSV,
             "errors": outdir / ERRORS}
    write_gpkg(corpus, paths["gpkg"])
    write_bytes_atomic(paths["geojson"], geojson_bytes(corpus))
    write_bytes_atomic(paths["csv"], events_csv_bytes(corpus.layers["events"]))
    write_bytes_atomic(paths["errors"], "".join(
        json.dumps(row, ensure_ascii=False) + "\n" for row in corpus.errors).encode("utf-8"))
    return paths


def write_gpkg(corpus: Corpus, path: Path) -> None:
    with atomic_path(path) as tmp:
        if tmp.exists():
            tmp.unlink()
        for layer, geometry_type in SPATIAL_LAYERS.items():
            pyogrio.write_dataframe(corpus.layers[layer], tmp, layer=layer, driver="GPKG",
                                    geometry_type=geometry_type,
                                    promote_to_multi=geometry_type.startswith("Multi"),
                                    append=tmp.exists())
        for name, table in (("statements", corpus.layers["statements"]),
                            ("articles", corpus.articles)):
            pyogrio.write_dataframe(table, tmp, layer=name, driver="GPKG", append=True)


def _iso(value: Any) -> str | None:
    if value is None or value is pd.NaT or (isinstance(value, float) and pd.isna(value)):
        return None
    return pd.Timestamp(value).isoformat()


def _plain(value: Any) -> Any:
    """A table cell as plain JSON data: missing values (None, NaN, NaT, pd.NA) -> None,
    timestamps -> ISO text, numpy scalars -> Python, JSON text -> its value."""
    if isinstance(value, list | dict | tuple):
        return value
    try:
        if value is None or pd.isna(value):
            return None
    except (TypeError, ValueError):
        pass
    if isinstance(value, pd.Timestamp):
        return value.isoformat()
    if hasattr(value, "item"):
        value = value.item()
    if isinstance(value, str) and value[:1] in "[{":
        try:
            return json.loads(value)
        except ValueError:
            return value
    return value


def _features(frame: gpd.GeoDataFrame, layer: str) -> list[dict[str, Any]]:
    out = []
    columns = [c for c in frame.columns if c != frame.geometry.name]
    for row in frame.itertuples(index=False):
        record = row._asdict()
        props = {"layer": layer, **{c: _plain(record[c]) for c in columns}}
        for column in TIME_COLUMNS:
            if column in props:
                props[column] = _iso(record[column])
        if layer == "zone":
            colour = status_colour(str(props.get("status")))
            props.update(stroke=colour, fill=colour)
        else:
            props["marker-color"] = PLACE_COLOUR
        out.append({"type": "Feature", "geometry": rfc7946_geometry(record[frame.geometry.name]),
                    "properties": props})
    return out


def geojson_bytes(corpus: Corpus) -> bytes:
    features = (_features(corpus.layers["places"], "place")
                + _features(corpus.layers["zones"], "zone")
                + _features(corpus.layers["events"], "event"))
    return json.dumps({"type": "FeatureCollection", "features": features},
                      ensure_ascii=False).encode("utf-8")


def _cell(value: Any) -> str:
    text = "" if _plain(value) is None else str(_plain(value))
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _sentence(evidence: Any) -> str:
    value = _plain(evidence)
    if isinstance(value, list) and value and isinstance(value[0], dict):
        return str(value[0].get("text") or "")
    return "" if value is None else str(value)


def events_csv_bytes(events: gpd.GeoDataFrame) -> bytes:
    """Events as ACLED-like CSV rows (text cells made safe for spreadsheets)."""
    names = country_names()
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=EVENTS_CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for _, row in events.iterrows():
        code = _plain(row.get("country_code"))
        point = row.geometry
        writer.writerow({
            **{c: _cell(row.get(c)) for c in EVENTS_CSV_COLUMNS if c in row},
            "country": names.get(code, code or ""), "country_code": code or "",
            "latitude": round(point.y, 6) if point is not None else "",
            "longitude": round(point.x, 6) if point is not None else "",
            "geo_precision": _plain(row.get("geo_precision"))
            or geo_precision(_plain(row.get("feature_type"))),
            "source_sentence": _cell(_sentence(row.get("evidence"))),
        })
    return buffer.getvalue().encode("utf-8")
