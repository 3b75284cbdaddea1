"""OUTDIR/corpus.geojson -> OUTDIR/corpus.html (the offline map with a date slider)."""

from __future__ import annotations

import json
from pathlib import Path

from mapper.atomic import write_bytes_atomic
from mapper.corpus.merge import GEOJSON
from mapper.maps.corpus_map import corpus_map_html


def corpus_html(outdir: Path) -> str:
    collection = json.loads((outdir / GEOJSON).read_text(encoding="utf-8"))
    return corpus_map_html(collection, title=f"conflict-mapper: {outdir.name}")


def write_corpus_html(outdir: Path, path: Path) -> None:
    write_bytes_atomic(path, corpus_html(outdir).encode("utf-8"))
