"""A small corpus of short articles written for the batch tests, and helpers to run and read it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pyogrio

ROOT = Path(__file__).resolve().parents[1]
LAYERS = ("places", "zones", "events", "statements", "articles")

# (date, text) pairs written for these tests; each is one short article.
STORIES = [
    ("2024-05-02", "Officials in Washington said Ukraine may not use American weapons to strike "
                   "targets inside Russia."),
    ("2024-05-30", "The United States now allows Ukraine to strike Russian forces across the "
                   "border from the Kharkiv region with American weapons."),
    ("2024-06-02", "Shelling damaged homes in Vovchansk on Sunday, the regional governor said."),
    ("2024-06-05", "Farmers near Poltava said the harvest would be late this year."),
    ("2024-06-10", "Germany said Ukraine may use German weapons against positions in Russia "
                   "that attack the Kharkiv region."),
    ("2024-06-12", "A bridge in Kherson was repaired after weeks of work."),
    ("2024-06-20", "Residents of Sumy queued for water after a power cut."),
    ("2024-07-01", "Britain said its missiles may be used anywhere in Russia."),
]


def write_corpus(folder: Path, copies: int = 3) -> tuple[Path, list[str]]:
    """A JSONL corpus of len(STORIES) * copies articles plus a malformed line and an empty text,
    and a folder with two text files. Returns the folder and every id an output must list."""
    folder.mkdir(parents=True, exist_ok=True)
    ids = []
    with (folder / "news.jsonl").open("w", encoding="utf-8") as handle:
        for copy in range(copies):
            for number, (date, text) in enumerate(STORIES):
                ident = f"s{copy}-{number}"
                ids.append(ident)
                handle.write(json.dumps({"id": ident, "date": date, "title": f"story {ident}",
                                         "text": text}) + "\n")
        handle.write("{this line is not json\n")
        handle.write(json.dumps({"id": "no-text", "text": ""}) + "\n")
    ids += [f"news-{len(STORIES) * copies + 1}", f"news-{len(STORIES) * copies + 2}"]
    notes = folder / "notes"
    notes.mkdir(exist_ok=True)
    (notes / "kyiv.txt").write_text("---\nid: kyiv-note\ndate: 2024-06-15\n---\nAir raid "
                                    "sirens sounded over Kyiv at night.\n", encoding="utf-8")
    (notes / "odesa.md").write_text("Ships left the port of Odesa.\n", encoding="utf-8")
    ids += ["kyiv-note", "odesa"]
    return folder, ids


def mapper_env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    return env


def batch_command(inputs: list[Path], outdir: Path, *extra: str) -> list[str]:
    return [sys.executable, "-m", "mapper.cli", "batch", *map(str, inputs), "-o", str(outdir),
            "--quiet", *extra]


def run_batch(inputs: list[Path], outdir: Path, *extra: str, timeout: float = 120
              ) -> subprocess.CompletedProcess:
    return subprocess.run(batch_command(inputs, outdir, *extra), env=mapper_env(),
                          capture_output=True, text=True, timeout=timeout)


def read_gpkg(path: Path) -> dict[str, pd.DataFrame]:
    """Every layer and table of a corpus GeoPackage; geometry as WKB hex for comparing."""
    out = {}
    for layer in LAYERS:
        frame = pyogrio.read_dataframe(path, layer=layer)
        if "geometry" in frame:
            frame = pd.DataFrame(frame).assign(geometry=frame.geometry.to_wkb(hex=True))
        out[layer] = frame.reset_index(drop=True)
    return out


def assert_same_gpkg(a: Path, b: Path) -> None:
    left, right = read_gpkg(a), read_gpkg(b)
    for layer in LAYERS:
        pd.testing.assert_frame_equal(left[layer], right[layer], check_like=False,
                                      obj=f"layer {layer}")
