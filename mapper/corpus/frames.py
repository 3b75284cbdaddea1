"""Analyses -> one table per output layer: the registry every partition writer goes through.

`LAYER_FRAMES` maps a layer name to the function that turns a partition's analyses into its
table (GeoDataFrame for spatial layers, DataFrame for statements). Adding a layer is one entry.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from typing import Any

import geopandas as gpd
import pandas as pd

from mapper.analysis.models import Analysis
from mapper.layers.frames import CRS, places_frame, zones_frame
from mapper.layers.frames import events_frame as layer_events_frame

# The GeoJSON contract's event properties: the events layer keeps this schema even when empty.
EVENT_COLUMNS: tuple[str, ...] = (
    "event_type", "sub_event_type", "event_date", "time_precision", "actor1", "actor2",
    "location", "resolved_name", "geonameid", "country_code", "admin1", "geo_precision",
    "fatalities", "evidence", "rule", "confidence", "article_id",
)
STATEMENT_COLUMNS: tuple[str, ...] = (
    "article_id", "statement_index", "polarity", "grantor", "grantee", "weapons", "relation",
    "anchors", "target_country", "excluded", "defended", "targets", "excluded_targets",
    "range_km", "effective_date", "in_force", "evidence", "start", "end", "rule", "confidence",
)


def corpus_zones_frame(analyses: Sequence[Analysis]) -> gpd.GeoDataFrame:
    """Zones plus the family of the policy behind each one (the timeline's replacement key)."""
    frame = zones_frame(analyses)
    families = []
    for analysis in analyses:
        for zone in analysis.zones:
            policy = (analysis.policies[zone.policy_index]
                      if zone.policy_index is not None
                      and zone.policy_index < len(analysis.policies) else None)
            families.append(policy.family if policy else None)
    frame["policy_family"] = pd.Series(families, index=frame.index, dtype=object)
    return frame


def statements_frame(analyses: Sequence[Analysis]) -> pd.DataFrame:
    """Every statement of every article, one row each, with its sentence."""
    rows = []
    for analysis in analyses:
        for index, statement in enumerate(analysis.statements):
            d = statement.to_dict()
            evidence = statement.evidence
            rows.append({**{k: d.get(k) for k in STATEMENT_COLUMNS},
                         "article_id": analysis.article_id, "statement_index": index,
                         "evidence": evidence.text, "start": evidence.start,
                         "end": evidence.end})
    frame = pd.DataFrame(rows, columns=list(STATEMENT_COLUMNS))
    for column in ("range_km", "confidence"):
        frame[column] = frame[column].astype("float64")
    for column in ("statement_index", "start", "end"):
        frame[column] = frame[column].astype("Int64")
    return frame


def events_frame(analyses: Sequence[Analysis]) -> gpd.GeoDataFrame:
    """The events layer: the layers package's events with their sentences as one text column
    (GeoPackage and Parquet keep flat columns); the contract schema even when empty."""
    frame = layer_events_frame(analyses)
    frame["evidence"] = pd.Series(
        [" ".join(e["text"] for e in ev) if isinstance(ev, list) else ev
         for ev in frame["evidence"]], index=frame.index, dtype=object)
    frame["event_date"] = pd.to_datetime(frame["event_date"], errors="coerce")
    return gpd.GeoDataFrame(frame[[*EVENT_COLUMNS, "geometry"]], geometry="geometry", crs=CRS)


LayerFrame = Callable[[Sequence[Analysis]], pd.DataFrame]
LAYER_FRAMES: dict[str, LayerFrame] = {
    "places": places_frame,
    "zones": corpus_zones_frame,
    "events": events_frame,
    "statements": statements_frame,
}
SPATIAL_LAYERS: dict[str, str] = {"places": "Point", "zones": "MultiPolygon", "events": "Point"}


def as_text(frame: pd.DataFrame) -> pd.DataFrame:
    """List and dict cells become JSON text (GeoPackage and plain Parquet readers agree)."""
    frame = frame.copy()
    geometry = frame.geometry.name if isinstance(frame, gpd.GeoDataFrame) else None
    for column in frame.columns:
        if column == geometry or frame[column].dtype != object:
            continue
        if frame[column].map(lambda v: isinstance(v, list | dict | tuple)).any():
            frame[column] = frame[column].map(_json_cell)
    return frame


def _json_cell(value: Any) -> Any:
    if isinstance(value, list | dict | tuple):
        return json.dumps(value, ensure_ascii=False)
    return value
