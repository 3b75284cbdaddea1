"""Partition folders in OUTDIR/partitions: written atomically, each with a manifest.

A partition folder is built under a temporary name and renamed into place in one step, the
manifest written last inside it: a folder named `part-NNNNN` is always complete. `--resume`
reuses one only when its manifest's input and code fingerprints match the current run.
"""

from __future__ import annotations

import io
import json
import os
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import geopandas as gpd
import pandas as pd

from mapper.corpus.frames import SPATIAL_LAYERS
from mapper.corpus.work import PartitionResult

PARTITIONS = "partitions"
MANIFEST = "manifest.json"
ARTICLES = "articles.parquet"
ERRORS = "errors.jsonl"


@dataclass(frozen=True)
class PartitionKey:
    """What a partition must have been made from to be reused."""

    index: int
    input_fingerprint: str
    code_fingerprint: str
    n_articles: int


def partition_dir(outdir: Path, index: int) -> Path:
    return outdir / PARTITIONS / f"part-{index:05d}"


def read_manifest(outdir: Path, index: int) -> dict[str, Any] | None:
    try:
        return json.loads((partition_dir(outdir, index) / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def is_done(outdir: Path, key: PartitionKey) -> bool:
    """True when the partition on disk was made from the same articles with the same code."""
    manifest = read_manifest(outdir, key.index)
    return (manifest is not None and manifest.get("input") == key.input_fingerprint
            and manifest.get("code") == key.code_fingerprint)


def write_partition(outdir: Path, key: PartitionKey, result: PartitionResult) -> dict[str, Any]:
    """Write one partition's tables and manifest atomically; returns the manifest."""
    final = partition_dir(outdir, key.index)
    final.parent.mkdir(parents=True, exist_ok=True)
    tmp = final.with_name(f".{final.name}.tmp-{os.getpid()}")
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir()
    try:
        for layer, data in result.tables.items():
            (tmp / f"{layer}.parquet").write_bytes(data)
        pd.DataFrame(result.articles).to_parquet(tmp / ARTICLES, index=False)
        with (tmp / ERRORS).open("w", encoding="utf-8") as handle:
            for row in result.errors:
                handle.write(json.dumps(row, ensure_ascii=False) + "\n")
        counts = {"articles": len(result.articles), "errors": len(result.errors),
                  **{f"n_{layer}": _rows(data) for layer, data in result.tables.items()}}
        manifest = {"partition": key.index, "input": key.input_fingerprint,
                    "code": key.code_fingerprint, "counts": counts,
                    "layers": sorted(result.tables), "worker_pid": result.worker_pid}
        (tmp / MANIFEST).write_text(json.dumps(manifest, indent=1), encoding="utf-8")
        if final.exists():
            shutil.rmtree(final)
        os.replace(tmp, final)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return manifest


def _rows(data: bytes) -> int:
    import pyarrow.parquet as pq

    return pq.ParquetFile(io.BytesIO(data)).metadata.num_rows


def clear_partitions(outdir: Path, keep_below: int | None = None) -> None:
    """Remove partition folders (all, or those at index >= keep_below) and leftovers."""
    folder = outdir / PARTITIONS
    if not folder.is_dir():
        return
    for path in folder.iterdir():
        if not path.name.startswith(("part-", ".part-")):
            continue
        index = _index(path.name)
        if keep_below is None or index is None or index >= keep_below \
                or path.name.startswith("."):
            shutil.rmtree(path, ignore_errors=True)


def _index(name: str) -> int | None:
    digits = name.removeprefix(".").removeprefix("part-").split(".", 1)[0]
    return int(digits) if digits.isdigit() else None


def read_layer(outdir: Path, index: int, layer: str) -> pd.DataFrame:
    path = partition_dir(outdir, index) / f"{layer}.parquet"
    if layer in SPATIAL_LAYERS:
        return gpd.read_parquet(path)
    return pd.read_parquet(path)


def read_articles(outdir: Path, index: int) -> pd.DataFrame:
    return pd.read_parquet(partition_dir(outdir, index) / ARTICLES)


def read_errors(outdir: Path, index: int) -> list[dict[str, Any]]:
    path = partition_dir(outdir, index) / ERRORS
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]
