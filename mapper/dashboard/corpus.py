"""The dashboard's corpus view: a `mapper batch` output folder, opened and summarised.

The map is the batch's own offline corpus page (mapper.maps.corpus_map): the date slider,
filters, clustering and the sentence panel all run in the browser, so changing a filter or the
day redraws there and never reruns the Streamlit script or re-sends the features. The page is
built once per corpus (keyed by the output files' identity) and cached by the app.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pyogrio

CORPUS_ENV = "MAPPER_CORPUS"
GPKG = "corpus.gpkg"
GEOJSON = "corpus.geojson"
ERRORS = "errors.jsonl"


class CorpusError(ValueError):
    """The folder is not a finished batch output (one-line message)."""


@dataclass(frozen=True)
class CorpusSummary:
    folder: Path
    articles: int
    failed: int
    places: int
    zones: int
    events: int
    first_day: str | None
    last_day: str | None
    key: str  # changes when the batch output is rewritten


def corpus_folder_from_env() -> str:
    return os.environ.get(CORPUS_ENV, "")


def _stat_key(*paths: Path) -> str:
    parts = []
    for path in paths:
        stat = path.stat()
        parts.append(f"{path.resolve()}:{stat.st_size}:{stat.st_mtime_ns}")
    return "|".join(parts)


def open_corpus(folder: str | Path) -> CorpusSummary:
    """Counts and date range of a batch output; CorpusError when it is not one."""
    path = Path(str(folder).strip()).expanduser()
    if not str(folder).strip():
        raise CorpusError("give the folder a `mapper batch -o OUTDIR` run wrote")
    if not path.is_dir():
        raise CorpusError(f"no such folder: {path}")
    gpkg, geojson = path / GPKG, path / GEOJSON
    if not gpkg.is_file() or not geojson.is_file():
        raise CorpusError(f"{path} has no {GPKG} and {GEOJSON}: run `mapper batch ... -o {path}`"
                          " first (an interrupted run merges nothing)")
    try:
        counts = {layer: pyogrio.read_info(gpkg, layer=layer)["features"]
                  for layer in ("places", "zones", "events")}
        articles = pyogrio.read_dataframe(gpkg, layer="articles", read_geometry=False)
    except Exception as exc:  # noqa: BLE001 - any unreadable file is one message
        raise CorpusError(f"cannot read {gpkg}: {exc}") from None
    days = pd.to_datetime(articles["date"], errors="coerce").dropna()
    return CorpusSummary(
        folder=path, articles=len(articles), failed=int((articles["status"] == "error").sum()),
        places=counts["places"], zones=counts["zones"], events=counts["events"],
        first_day=days.min().date().isoformat() if len(days) else None,
        last_day=days.max().date().isoformat() if len(days) else None,
        key=_stat_key(gpkg, geojson))


def corpus_page(folder: Path) -> str:
    """The corpus map page (built from the batch GeoJSON)."""
    from mapper.corpus.html import corpus_html

    return corpus_html(folder)


def corpus_errors(folder: Path, limit: int = 200) -> pd.DataFrame:
    """The first `limit` lines of errors.jsonl as a table (id, source, line, error)."""
    rows = []
    path = folder / ERRORS
    if path.is_file():
        with path.open(encoding="utf-8") as handle:
            for line in handle:
                if len(rows) >= limit:
                    break
                if line.strip():
                    rows.append(json.loads(line))
    return pd.DataFrame(rows, columns=["id", "source", "line", "error"])
