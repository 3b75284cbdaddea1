"""The worker side: analyse one partition of articles into layer tables (Parquet bytes).

Runs inside a dask worker process. The pipeline (spaCy, gazetteer, boundaries) is loaded once per
process by `default_analyzer`'s cache and reused for every article and partition that process
gets. Results go back to the client as bytes, so workers need no shared filesystem with it.
One article that fails becomes an error row; the partition always completes.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import threading
from dataclasses import dataclass, field
from typing import Any

import geopandas as gpd
import pandas as pd

from mapper.analysis.models import Analysis
from mapper.corpus.frames import LAYER_FRAMES, as_text
from mapper.ingest import Article
from mapper.records import AnalysisSettings


@dataclass
class PartitionResult:
    """What one partition produced: Parquet bytes per layer, article rows and error rows."""

    index: int
    tables: dict[str, bytes]
    articles: list[dict[str, Any]]
    errors: list[dict[str, Any]]
    worker_pid: int = field(default_factory=os.getpid)


def one_line(exc: BaseException) -> str:
    return " ".join(f"{type(exc).__name__}: {exc}".split())[:500]


PROGRESS_TOPIC = "mapper-batch-progress"
# The Analyzer is not thread-safe: a worker started with several threads analyses one partition
# at a time (start workers with --nthreads 1 and more processes to use more cores).
_ANALYZER_LOCK = threading.Lock()


def progress_reporter(index: int):
    """A callable telling the client how far this partition is (no-op outside a dask worker)."""
    try:
        from distributed import get_worker

        worker = get_worker()
    except (ImportError, ValueError):
        return lambda done: None
    return lambda done: worker.log_event(PROGRESS_TOPIC, {"partition": index, "done": done})


def article_of(payload: dict[str, Any]) -> Article:
    date = payload.get("date")
    return Article(id=str(payload["id"]), text=str(payload["text"]), title=payload.get("title"),
                   date=dt.date.fromisoformat(date) if date else None,
                   source=payload.get("article_source"))


def to_parquet(frame: pd.DataFrame) -> bytes:
    buffer = io.BytesIO()
    frame = as_text(frame)
    if isinstance(frame, gpd.GeoDataFrame):
        frame.to_parquet(buffer, index=False)
    else:
        pd.DataFrame(frame).to_parquet(buffer, index=False)
    return buffer.getvalue()


def _count(frame: pd.DataFrame, article_id: str) -> int:
    return int((frame["article_id"] == article_id).sum()) if "article_id" in frame else 0


def _frames(analyses: list[Analysis]) -> dict[str, pd.DataFrame]:
    return {layer: make(analyses) for layer, make in LAYER_FRAMES.items()}


def analyse_partition(index: int, payloads: list[dict[str, Any]],
                      settings: dict[str, Any]) -> PartitionResult:
    """Analyse every article of a partition; never raises for one article."""
    from mapper.analysis.pipeline import default_analyzer

    with _ANALYZER_LOCK:
        return _analyse(index, payloads, settings, default_analyzer())


def _analyse(index: int, payloads: list[dict[str, Any]], settings: dict[str, Any],
             analyzer: Any) -> PartitionResult:
    config = AnalysisSettings(**settings)
    analyses: list[Analysis] = []
    errors: list[dict[str, Any]] = []
    report = progress_reporter(index)
    for done, payload in enumerate(payloads):
        report(done)  # articles finished so far
        if payload.get("error"):
            errors.append(_error_row(payload, str(payload["error"])))
            continue
        try:
            analyses.append(analyzer(article_of(payload), config))
        except Exception as exc:  # noqa: BLE001 - one article never fails its partition
            errors.append(_error_row(payload, one_line(exc)))
    report(len(payloads))
    try:
        frames = _frames(analyses)
    except Exception:  # noqa: BLE001 - find the article whose tables cannot be built
        analyses, frames = _isolate_frames(analyses, payloads, errors)
    return PartitionResult(index, {k: to_parquet(v) for k, v in frames.items()},
                           _article_rows(payloads, frames, errors), errors)


def _isolate_frames(analyses: list[Analysis], payloads: list[dict[str, Any]],
                    errors: list[dict[str, Any]]
                    ) -> tuple[list[Analysis], dict[str, pd.DataFrame]]:
    by_id = {str(p["id"]): p for p in payloads}
    kept = []
    for analysis in analyses:
        try:
            _frames([analysis])
            kept.append(analysis)
        except Exception as exc:  # noqa: BLE001
            errors.append(_error_row(by_id[analysis.article_id], one_line(exc)))
    return kept, _frames(kept)


def _error_row(payload: dict[str, Any], reason: str) -> dict[str, Any]:
    return {"id": str(payload["id"]), "source": payload.get("source"),
            "line": payload.get("line"), "error": reason}


def _article_rows(payloads: list[dict[str, Any]], frames: dict[str, pd.DataFrame],
                  errors: list[dict[str, Any]]) -> list[dict[str, Any]]:
    failed = {e["id"]: e["error"] for e in errors}
    rows = []
    for payload in payloads:
        ident = str(payload["id"])
        ok = ident not in failed
        rows.append({
            "id": ident, "title": payload.get("title"), "date": payload.get("date"),
            "status": "ok" if ok else "error",
            "n_places": _count(frames["places"], ident) if ok else 0,
            "n_zones": _count(frames["zones"], ident) if ok else 0,
            "n_events": _count(frames["events"], ident) if ok else 0,
            "source": payload.get("source"), "line": payload.get("line"),
            "error": failed.get(ident),
        })
    return rows
