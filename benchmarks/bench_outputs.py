"""Benchmark the output writers on the seed 01 analysis: GeoJSON, GeoPackage, CSV, HTML, PNG.

The analysis is made once and not timed. Each writer runs once cold (first call in the process:
boundaries loaded, basemap simplified, assets read) and then `--repeat` times warm (best kept).

    python benchmarks/bench_outputs.py [--repeat 5] [--write docs/benchmarks.md]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_gazetteer import machine, write_section  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "seeds" / "01-us-kharkiv-permission.md"


def bench(repeat: int) -> dict:
    from mapper.analysis.pipeline import analyze
    from mapper.layers import write_csv, write_geojson, write_gpkg
    from mapper.maps import write_html, write_png

    analysis = analyze(SEED.read_text(encoding="utf-8"))
    writers = {"GeoJSON": (write_geojson, "geojson"), "GeoPackage": (write_gpkg, "gpkg"),
               "CSV": (write_csv, "csv"), "HTML (offline)": (write_html, "html"),
               "PNG": (write_png, "png")}
    rows = {}
    with tempfile.TemporaryDirectory() as folder:
        for label, (writer, suffix) in writers.items():
            path = Path(folder) / f"seed01.{suffix}"
            started = time.perf_counter()
            writer([analysis], path)
            cold = time.perf_counter() - started
            warm = []
            for _ in range(repeat):
                started = time.perf_counter()
                writer([analysis], path)
                warm.append(time.perf_counter() - started)
            rows[label] = {"cold_s": cold, "warm_s": min(warm), "bytes": path.stat().st_size}
    return {"date": date.today().isoformat(), "machine": machine(), "repeat": repeat,
            "zones": len(analysis.zones), "places": len(analysis.map_places), "rows": rows}


def render(result: dict) -> str:
    lines = [
        "## Outputs",
        "",
        f"Measured {result['date']} on {result['machine']} with "
        f"`python benchmarks/bench_outputs.py` on seed 01 ({result['zones']} zones, "
        f"{result['places']} place mentions); the analysis itself is not timed. "
        "Cold = first call in the process (boundaries, basemap and assets loaded); "
        f"warm = best of {result['repeat']}.",
        "",
        "| output | cold | warm | size | target |",
        "|---|---|---|---|---|",
    ]
    for label, row in result["rows"].items():
        target = "<= 2 MB" if label.startswith("HTML") else ""
        lines.append(f"| {label} | {row['cold_s'] * 1000:,.0f} ms | {row['warm_s'] * 1000:,.1f} ms"
                     f" | {row['bytes'] / 1000:,.0f} kB | {target} |")
    cold = sum(r["cold_s"] for r in result["rows"].values())
    warm = sum(r["warm_s"] for r in result["rows"].values())
    lines.append(f"| all five formats | {cold * 1000:,.0f} ms | {warm * 1000:,.0f} ms | | <= 1 s |")
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5, help="warm runs per writer")
    parser.add_argument("--write", type=Path, help="update this markdown file's section")
    args = parser.parse_args()
    section = render(bench(args.repeat))
    print(section)
    if args.write:
        write_section(args.write, section, "## Outputs")


if __name__ == "__main__":
    main()
