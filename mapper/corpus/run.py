"""Drive a batch: partition the corpus, run what is not done on dask, write, merge.

The client (this process) reads the inputs, ships partitions to the workers, and writes each
result as it comes back; the workers only analyse. A worker that dies takes no partition with it:
the scheduler runs its tasks again elsewhere, and a partition that still cannot finish (its
worker died repeatedly) is rerun one article per task, so only a poisonous article is lost, to
`errors.jsonl`. Interrupted (Ctrl-C), the finished partitions stay; `--resume` skips them.
"""

from __future__ import annotations

import dataclasses
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tqdm import tqdm

from mapper.corpus.fingerprint import code_fingerprint, payload_fingerprint
from mapper.corpus.merge import collect, write_outputs
from mapper.corpus.sources import CorpusItem
from mapper.corpus.store import PartitionKey, clear_partitions, is_done, write_partition
from mapper.corpus.work import PROGRESS_TOPIC, PartitionResult, analyse_partition, one_line
from mapper.records import AnalysisSettings

DEFAULT_PARTITION_SIZE = 200


@dataclass(frozen=True)
class BatchOptions:
    workers: int | None = None  # None: one per core
    scheduler: str | None = None  # tcp://host:port of an existing cluster
    resume: bool = False
    partition_size: int = DEFAULT_PARTITION_SIZE
    progress: bool = True
    settings: AnalysisSettings = field(default_factory=AnalysisSettings)


@dataclass
class BatchSummary:
    articles: int = 0
    errors: int = 0
    partitions: int = 0
    reused: int = 0
    computed: int = 0
    seconds: float = 0.0
    outputs: dict[str, Path] = field(default_factory=dict)
    dashboard: str | None = None


@dataclass(frozen=True)
class Partition:
    key: PartitionKey
    payloads: list[dict[str, Any]]


def plan(items: list[CorpusItem], size: int, code: str) -> list[Partition]:
    """Cut the corpus into partitions of `size` articles, in input order, fingerprinted."""
    out = []
    for index, start in enumerate(range(0, len(items), size)):
        payloads = [item.to_payload() for item in items[start:start + size]]
        key = PartitionKey(index, payload_fingerprint(payloads), code, len(payloads))
        out.append(Partition(key, payloads))
    return out


def settings_dict(settings: AnalysisSettings) -> dict[str, Any]:
    return dataclasses.asdict(settings)


@contextmanager
def dask_client(options: BatchOptions) -> Iterator[Any]:
    """A client on the given scheduler, or on an embedded LocalCluster (one process a worker)."""
    import logging
    import os

    from distributed import Client, LocalCluster

    logging.getLogger("distributed").setLevel(logging.ERROR)
    if options.scheduler:
        client = Client(options.scheduler, timeout="20s")
        try:
            yield client
        finally:
            client.close()
        return
    workers = options.workers or os.cpu_count() or 1
    cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                           dashboard_address=":0", silence_logs=logging.ERROR)
    client = Client(cluster)
    try:
        yield client
    finally:
        client.close()
        cluster.close()


def _dashboard(client: Any) -> str | None:
    try:
        import bokeh  # noqa: F401 - the dask dashboard needs it
    except ImportError:
        return None
    return getattr(client, "dashboard_link", None)


def run_batch(items: list[CorpusItem], outdir: Path, options: BatchOptions,
              say: Callable[[str], None] = lambda _: None) -> BatchSummary:
    """Analyse the corpus into OUTDIR and merge it; see the module docstring."""
    started = time.perf_counter()
    outdir.mkdir(parents=True, exist_ok=True)
    settings = settings_dict(options.settings)
    partitions = plan(items, options.partition_size, code_fingerprint(settings))
    if options.resume:
        clear_partitions(outdir, keep_below=len(partitions))
    else:
        clear_partitions(outdir)
    todo = [p for p in partitions if not (options.resume and is_done(outdir, p.key))]
    summary = BatchSummary(articles=len(items), partitions=len(partitions),
                           reused=len(partitions) - len(todo))
    if summary.reused:
        say(f"resuming: {summary.reused} of {len(partitions)} partitions already done")
    if todo:
        with dask_client(options) as client:
            summary.dashboard = _dashboard(client)
            if summary.dashboard:
                say(f"dask dashboard: {summary.dashboard}")
            _compute(client, todo, outdir, settings, options.progress)
        summary.computed = len(todo)
    corpus = collect(outdir, [p.key.index for p in partitions])
    summary.outputs = write_outputs(corpus, outdir)
    summary.errors = len(corpus.errors)
    summary.seconds = time.perf_counter() - started
    return summary


def _compute(client: Any, todo: list[Partition], outdir: Path, settings: dict[str, Any],
             progress: bool) -> None:
    from distributed import as_completed

    by_key = {}
    for part in todo:
        future = client.submit(analyse_partition, part.key.index, part.payloads, settings,
                               key=f"mapper-partition-{part.key.index}-{part.key.input_fingerprint}",
                               pure=False)
        by_key[future.key] = (future, part)
    total = sum(p.key.n_articles for p in todo)
    bar = tqdm(total=total, unit=" articles", desc="batch", disable=not progress,
               file=sys.stderr, smoothing=0.1)
    counted: dict[int, int] = {}
    lock = threading.Lock()

    def advance(index: int, done: int) -> None:
        with lock:
            if done > counted.get(index, 0):
                bar.update(done - counted.get(index, 0))
                counted[index] = done

    def on_event(event: Any) -> None:
        message = event[1] if isinstance(event, tuple) else event
        if isinstance(message, dict):
            advance(int(message["partition"]), int(message["done"]))

    if progress:
        client.subscribe_topic(PROGRESS_TOPIC, on_event)
    try:
        for future in as_completed([f for f, _ in by_key.values()]):
            part = by_key[future.key][1]
            try:
                result = future.result()
            except Exception as exc:  # noqa: BLE001 - a lost partition is rerun article by article
                result = _rerun_alone(client, part, settings, one_line(exc))
            write_partition(outdir, part.key, result)
            advance(part.key.index, part.key.n_articles)
    finally:
        if progress:
            client.unsubscribe_topic(PROGRESS_TOPIC)
        bar.close()


def _rerun_alone(client: Any, part: Partition, settings: dict[str, Any],
                 reason: str) -> PartitionResult:
    """Each article of a failed partition in its own task; those that fail again are errors."""
    import io

    import geopandas as gpd
    import pandas as pd

    from mapper.corpus.frames import LAYER_FRAMES, SPATIAL_LAYERS
    from mapper.corpus.work import to_parquet

    futures = [client.submit(analyse_partition, part.key.index, [payload], settings, pure=False)
               for payload in part.payloads]
    results: list[PartitionResult] = []
    articles, errors = [], []
    for payload, future in zip(part.payloads, futures, strict=True):
        try:
            result = future.result()
        except Exception as exc:  # noqa: BLE001
            row = {"id": str(payload["id"]), "source": payload.get("source"),
                   "line": payload.get("line"), "error": f"worker lost ({one_line(exc)}; "
                                                          f"partition: {reason})"}
            errors.append(row)
            articles.append({"id": row["id"], "title": payload.get("title"),
                             "date": payload.get("date"), "status": "error", "n_places": 0,
                             "n_zones": 0, "n_events": 0, "source": row["source"],
                             "line": row["line"], "error": row["error"]})
            continue
        results.append(result)
        articles.extend(result.articles)
        errors.extend(result.errors)
    tables = {}
    for layer in LAYER_FRAMES:
        read = gpd.read_parquet if layer in SPATIAL_LAYERS else pd.read_parquet
        frames = [read(io.BytesIO(r.tables[layer])) for r in results]
        if frames:
            tables[layer] = to_parquet(pd.concat(frames, ignore_index=True))
        else:
            tables[layer] = to_parquet(LAYER_FRAMES[layer]([]))
    return PartitionResult(part.key.index, tables, articles, errors)
