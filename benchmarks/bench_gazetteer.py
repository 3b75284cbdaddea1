"""Benchmark the gazetteer: build time, cold start, lookup latency and resident memory.

Each measurement that must start cold runs in a fresh Python process. Results print as JSON and,
with --write, replace the gazetteer section of docs/benchmarks.md.

    python benchmarks/bench_gazetteer.py [--write docs/benchmarks.md] [--skip-build]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

COLD_START = r"""
import json, sys, time

def rss_mb():
    # VmRSS from /proc: ru_maxrss would include the parent's memory at fork time.
    for line in open("/proc/self/status"):
        if line.startswith("VmRSS"):
            return int(line.split()[1]) / 1024

t0 = time.perf_counter()
from mapper.boundaries import load_boundaries
from mapper.gazetteer import Gazetteer, ensure_gazetteer
t_import = time.perf_counter()
gazetteer = Gazetteer(ensure_gazetteer(progress=False))
t_gaz = time.perf_counter()
gazetteer.lookup("Kharkiv")
rss_gazetteer = rss_mb()
boundaries = load_boundaries()
boundaries.admin1()  # index the admin-1 units
t_bounds = time.perf_counter()
rss_open = rss_mb()
names = json.loads(sys.argv[1])
for name in names:
    gazetteer.lookup(name)
rss_lookups = rss_mb()
gazetteer.fuzzy_lookup("Kharkiw")
rss_fuzzy = rss_mb()
print(json.dumps({
    "imports_s": t_import - t0,
    "open_gazetteer_s": t_gaz - t_import,
    "load_boundaries_s": t_bounds - t_gaz,
    "cold_start_total_s": t_bounds - t0,
    "rss_gazetteer_mb": rss_gazetteer,
    "rss_open_mb": rss_open,
    "rss_after_lookups_mb": rss_lookups,
    "rss_after_fuzzy_mb": rss_fuzzy,
}))
"""

HARD_NAMES = ["Kharkiv", "Kharkov", "Харків", "Kharkiv Oblast", "Kharkiv region", "Normandy",
              "Washington", "Black Sea", "Donbas", "Crimea", "Moscow", "Sumy region", "Vovchansk",
              "Lyptsi", "Kiev", "Odessa", "the Dnipro River", "Belgorod Oblast", "Qwzxvbnmistan"]


def sample_names(n: int, seed: int = 7) -> list[str]:
    import sqlite3

    from mapper.gazetteer import gazetteer_path

    conn = sqlite3.connect(f"file:{gazetteer_path()}?mode=ro", uri=True)
    total = conn.execute("SELECT max(id) FROM places").fetchone()[0]
    rng = random.Random(seed)
    ids = rng.sample(range(1, total + 1), n)
    rows = conn.execute(f"SELECT name FROM places WHERE id IN ({','.join('?' * len(ids))})", ids)
    names = [r[0] for r in rows]
    conn.close()
    return names


def bench_build() -> dict:
    from mapper.gazetteer.store import build_gazetteer

    with tempfile.TemporaryDirectory() as tmp:
        started = time.perf_counter()
        counts = build_gazetteer(Path(tmp) / "bench.sqlite", progress=False)
        seconds = time.perf_counter() - started
        size_mb = (Path(tmp) / "bench.sqlite").stat().st_size / 1e6
    return {"build_s": seconds, "size_mb": size_mb, **counts}


def bench_cold_start(names: list[str], runs: int = 3) -> dict:
    results = []
    for _ in range(runs):
        out = subprocess.run([sys.executable, "-c", COLD_START, json.dumps(names)],
                             capture_output=True, text=True, check=True)
        results.append(json.loads(out.stdout))
    best = min(results, key=lambda r: r["cold_start_total_s"])
    return {"runs": runs, **best}


def bench_lookups(names: list[str]) -> dict:
    from mapper.gazetteer import load_gazetteer

    gazetteer = load_gazetteer(progress=False)
    for name in names[:50]:
        gazetteer.lookup(name)  # warm the page cache
    timings = []
    for name in names:
        started = time.perf_counter()
        gazetteer.lookup(name)
        timings.append((time.perf_counter() - started) * 1000)
    timings.sort()
    fuzzy = []
    gazetteer.fuzzy_lookup("Kharkiw")  # loads the fuzzy name list once
    for name in names[:200]:
        typo = name[:-1] if len(name) > 5 else name + "x"
        started = time.perf_counter()
        gazetteer.fuzzy_lookup(typo)
        fuzzy.append((time.perf_counter() - started) * 1000)
    return {
        "lookups": len(timings),
        "exact_median_ms": statistics.median(timings),
        "exact_p95_ms": timings[int(0.95 * len(timings))],
        "fuzzy_median_ms": statistics.median(fuzzy),
    }


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem_gb = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    python = platform.python_version()
    return f"{cpu}, {os.cpu_count()} cores, {mem_gb:.0f} GiB RAM, Python {python}"


def render(result: dict) -> str:
    b, c, lk = result.get("build"), result["cold_start"], result["lookups"]
    lines = [
        "## Gazetteer",
        "",
        f"Measured {result['date']} on {result['machine']} with "
        "`python benchmarks/bench_gazetteer.py --write docs/benchmarks.md` (`make bench`).",
        "",
        "| measure | result | target |",
        "|---|---|---|",
    ]
    if b:
        lines.append(f"| gazetteer build (all sources, {b['places']:,} places, {b['names']:,} "
                     f"names, {b['size_mb']:.0f} MB) | {b['build_s']:.1f} s | <= 120 s |")
    lines += [
        f"| cold start: open + validate gazetteer and load boundaries (fresh process, best of "
        f"{c['runs']}, imports excluded) | {c['open_gazetteer_s'] + c['load_boundaries_s']:.2f} s"
        f" (gazetteer {c['open_gazetteer_s']:.2f} s, boundaries {c['load_boundaries_s']:.2f} s)"
        " | <= 2 s |",
        f"| cold start including Python imports | {c['cold_start_total_s']:.2f} s | |",
        f"| exact lookup, median over {lk['lookups']:,} names (p95) | "
        f"{lk['exact_median_ms']:.3f} ms ({lk['exact_p95_ms']:.3f} ms) | <= 1 ms |",
        f"| fuzzy lookup, median (after the name list is loaded) | "
        f"{lk['fuzzy_median_ms']:.1f} ms | |",
        f"| resident memory of the process with the gazetteer open (imports included) | "
        f"{c['rss_gazetteer_mb']:.0f} MB | <= 300 MB |",
        f"| ... plus boundaries loaded and {min(lk['lookups'], 1000):,} lookups | "
        f"{c['rss_after_lookups_mb']:.0f} MB | |",
        f"| resident memory after the first fuzzy lookup | {c['rss_after_fuzzy_mb']:.0f} MB | |",
        "",
    ]
    return "\n".join(lines)


def write_section(path: Path, section: str, heading: str = "## Gazetteer") -> None:
    """Replace the section under `heading` (or append it), leaving the others alone."""
    text = path.read_text(encoding="utf-8") if path.exists() else "# Benchmarks\n\n"
    start = text.find(heading)
    if start == -1:
        text = text.rstrip() + "\n\n" + section
    else:
        end = text.find("\n## ", start + 1)
        text = text[:start] + section + ("\n" + text[end + 1:] if end != -1 else "")
    path.write_text(text, encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", type=Path, help="update this markdown file")
    parser.add_argument("--skip-build", action="store_true", help="do not time a full build")
    parser.add_argument("--names", type=int, default=5000, help="names to look up")
    args = parser.parse_args()

    from mapper.gazetteer import ensure_gazetteer

    ensure_gazetteer(progress=False)
    names = HARD_NAMES + sample_names(args.names)
    result = {"date": date.today().isoformat(), "machine": machine()}
    if not args.skip_build:
        result["build"] = bench_build()
    result["cold_start"] = bench_cold_start(names[:1000])
    result["lookups"] = bench_lookups(names)
    print(json.dumps(result, indent=2))
    if args.write:
        write_section(args.write, render(result))


if __name__ == "__main__":
    main()
