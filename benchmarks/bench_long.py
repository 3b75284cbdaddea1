"""Benchmark long articles: wall time and peak memory of one `Analyzer` call on 100k, 300k and
600k characters (and optionally 990k) of mixed news and policy text.

The text is made at run time from the seed articles and, when it is there, the development
policy texts in ../shared/data/policy/texts ($MAPPER_SHARED_DATA/policy/texts; nothing of it
is kept). Each size runs in its own
process, so the peak resident memory is that of one analysis (pipeline and gazetteer included).

    python benchmarks/bench_long.py [--sizes 100000,300000,600000] [--write docs/benchmarks.md]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_gazetteer import machine, write_section  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
SHARED_DATA = Path(os.environ.get("MAPPER_SHARED_DATA") or ROOT.parent / "shared" / "data")
POLICY = SHARED_DATA / "policy" / "texts"  # the development policy texts, when present
HEADING = "## Long articles"
TARGET = {600_000: "\u2264 180 s, \u2264 1.5 GB"}

CHILD = """
import datetime as dt, json, resource, sys, time
from mapper.analysis.pipeline import default_analyzer
from mapper.ingest import Article
text = sys.stdin.read()
analyzer = default_analyzer()
analyzer(Article("warm", "Shelling hit Kharkiv overnight.", date=dt.date(2024, 6, 1)))
started = time.perf_counter()
analysis = analyzer(Article("long", text, date=dt.date(2024, 6, 1)))
seconds = time.perf_counter() - started
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
print(json.dumps({"chars": len(text), "seconds": seconds, "peak_bytes": peak,
                  "places": len(analysis.places), "statements": len(analysis.statements),
                  "zones": len(analysis.zones)}))
"""


def mixed_text(chars: int) -> tuple[str, str]:
    """Seed bodies and policy texts, in turn, until the text has `chars` characters."""
    from mapper.ingest import parse_article

    parts = [parse_article(p.read_text(encoding="utf-8")).text
             for p in sorted(SEEDS.glob("[0-9]*.md"))]
    origin = "seed articles"
    if POLICY.is_dir():
        parts += [p.read_text(encoding="utf-8") for p in sorted(POLICY.glob("*.txt"))]
        origin = "seed articles and the development policy texts"
    out: list[str] = []
    size = 0
    while size < chars:
        out.append(parts[len(out) % len(parts)])
        size += len(out[-1]) + 2
    return "\n\n".join(out)[:chars], origin


def measure(chars: int) -> dict:
    text, origin = mixed_text(chars)
    done = subprocess.run([sys.executable, "-c", CHILD], input=text, capture_output=True,
                          text=True, check=True, env={**os.environ, "PYTHONPATH": str(ROOT)})
    return {**json.loads(done.stdout.strip().splitlines()[-1]), "origin": origin}


def render(results: list[dict]) -> str:
    lines = [
        HEADING, "",
        f"Measured {dt.date.today()} on {machine()} with "
        "`python benchmarks/bench_long.py --write docs/benchmarks.md`: one analysis (parse, "
        f"places, statements, zones) of {results[0]['origin']} repeated to each length, each in "
        "its own process; peak memory is the whole process (pipeline and gazetteer included).",
        "",
        "| characters | time | peak memory | places | statements | zones | target |",
        "| ---: | ---: | ---: | ---: | ---: | ---: | --- |",
    ]
    for r in results:
        lines.append(f"| {r['chars']:,} | {r['seconds']:.1f} s | "
                     f"{r['peak_bytes'] / 2**30:.2f} GB | {r['places']:,} | "
                     f"{r['statements']:,} | {r['zones']} | {TARGET.get(r['chars'], '')} |")
    lines += ["", "Texts longer than 50,000 characters are parsed and read in sentence-aligned "
              "pieces (`mapper/nlp/chunks.py`); places are resolved over the whole text.", ""]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100000,300000,600000",
                        help="comma-separated character counts")
    parser.add_argument("--write", type=Path, help="update this markdown file")
    args = parser.parse_args()
    results = []
    for chars in (int(s) for s in args.sizes.split(",")):
        results.append(measure(chars))
        r = results[-1]
        print(f"{r['chars']:>9,} chars  {r['seconds']:6.1f} s  {r['peak_bytes'] / 2**30:.2f} GB",
              flush=True)
    section = render(results)
    print(section)
    if args.write:
        write_section(args.write, section, HEADING)


if __name__ == "__main__":
    main()
