"""Benchmark `mapper analyze`: speed on a 1,000-word article (zones included), what the events
layer adds to it, and how many of the seed articles' expected statements are extracted.

    python benchmarks/bench_analyze.py [--repeat 5] [--write docs/benchmarks.md]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_gazetteer import machine, write_section  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
WORDS = 1_000


def thousand_words() -> str:
    """Seed article bodies joined until the text has at least 1,000 words."""
    from mapper.ingest import parse_article

    bodies: list[str] = []
    for path in sorted(SEEDS.glob("0*.md")):
        bodies.append(parse_article(path.read_text(encoding="utf-8")).text)
        if len("\n\n".join(bodies).split()) >= WORDS:
            break
    return "\n\n".join(bodies)


def speed(repeat: int) -> dict:
    from mapper.analysis.pipeline import default_analyzer
    from mapper.ingest import Article

    text = thousand_words()
    article = Article("bench", text, date=dt.date(2024, 6, 18))
    started = time.perf_counter()
    analyzer = default_analyzer()
    loaded = time.perf_counter() - started
    started = time.perf_counter()
    first = analyzer(article)
    cold = time.perf_counter() - started
    warm = []
    for _ in range(repeat):
        started = time.perf_counter()
        analyzer(article)
        warm.append(time.perf_counter() - started)
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "article.txt"
        source.write_text(text, encoding="utf-8")
        started = time.perf_counter()
        subprocess.run([str(Path(sys.executable).with_name("mapper")), "analyze", str(source),
                        "--date", "2024-06-18", "--json", str(Path(folder) / "a.json"),
                        "--geojson", str(Path(folder) / "a.geojson"), "--quiet"],
                       check=True, capture_output=True)
        cli = time.perf_counter() - started
    return {"words": len(text.split()), "load_s": loaded, "cold_s": cold,
            "warm_median_s": statistics.median(warm), "warm_max_s": max(warm), "cli_s": cli,
            "statements": len(first.statements), "zones": len(first.zones)}


# Read, never copied; MAPPER_SHARED_DIR overrides where ../shared is (a worktree elsewhere).
SHARED = Path(os.environ.get("MAPPER_SHARED_DIR", ROOT.parent / "shared"))
EVENT_TEXTS = SHARED / "data" / "events" / "texts"


def event_words() -> str | None:
    """Real conflict reports (../shared, when present) joined to at least 1,000 words."""
    if not EVENT_TEXTS.is_dir():
        return None
    bodies: list[str] = []
    for path in sorted(EVENT_TEXTS.glob("*.txt")):
        bodies.append(path.read_text(encoding="utf-8"))
        if len("\n\n".join(bodies).split()) >= WORDS:
            break
    return "\n\n".join(bodies)


def events_share(text: str, repeat: int) -> dict:
    """Whole analysis vs the events step alone, on the same parse, interleaved (2 cores are
    shared: medians of alternating runs)."""
    from mapper.analysis.pipeline import default_analyzer
    from mapper.ingest import Article

    analyzer = default_analyzer()
    article = Article("bench-events", text, date=dt.date(2024, 6, 18))
    analyzer(article)  # warm caches
    doc = analyzer.geoparser.nlp(text)
    places = analyzer.geoparser.from_doc(doc)
    statements = analyzer.extract.read(doc, places, article.date).statements
    whole, events = [], []
    found = 0
    for _ in range(repeat):
        started = time.perf_counter()
        analyzer(article)
        whole.append(time.perf_counter() - started)
        started = time.perf_counter()
        found = len(analyzer.events.read(doc, places, article.date, statements))
        events.append(time.perf_counter() - started)
    w, e = statistics.median(whole), statistics.median(events)
    return {"words": len(text.split()), "whole_s": w, "events_s": e,
            "share": e / max(w - e, 1e-9), "events": found}


def seed_recall() -> dict:
    """Expected statements of the seed files found by the extractor (the test's matching)."""
    sys.path.insert(0, str(ROOT / "tests"))
    from test_seeds_rules import analysed, matches

    wanted = found = 0
    for expected_path in sorted(SEEDS.glob("*.expected.json")):
        stem = expected_path.name.removesuffix(".expected.json")
        analysis, expected = analysed(stem)
        for want in expected["statements"]:
            wanted += 1
            found += any(matches(s, want) for s in analysis.statements)
    return {"wanted": wanted, "found": found}


def render(result: dict) -> str:
    s = result["speed"]
    r = result["seeds"]
    return "\n".join([
        "## Rules layer and zones (`mapper analyze`)",
        "",
        f"Measured {result['date']} on {result['machine']} with "
        "`python benchmarks/bench_analyze.py`.",
        "",
        f"- Article: {s['words']:,} words (seed articles joined), {s['statements']} statements, "
        f"{s['zones']} zones.",
        f"- Warm analysis (parse, places, statements, zone geometry): median "
        f"{s['warm_median_s']:.2f} s, worst {s['warm_max_s']:.2f} s of {result['repeat']} "
        "(target <= 2 s).",
        f"- First analysis in a process: {s['cold_s']:.2f} s after {s['load_s']:.2f} s of "
        "loading (spaCy, gazetteer, boundaries, lexicons).",
        f"- Whole command `mapper analyze article.txt --json --geojson` in a new process: "
        f"{s['cli_s']:.2f} s.",
        f"- Seed articles: {r['found']} of {r['wanted']} expected statements extracted with "
        "polarity, grantor, grantee, weapons, anchors, relation, target and evidence all right "
        "(`tests/test_seeds_rules.py`).",
        *[f"- Events layer on {e['label']} ({e['words']:,} words, {e['events']} events): "
          f"{e['events_s'] * 1000:.0f} ms of a {e['whole_s']:.2f} s analysis, "
          f"+{e['share'] * 100:.1f}% over the analysis without it (target <= 20%)."
          for e in result.get("events", [])],
        "",
    ])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--write", type=Path, help="update this markdown file's section")
    args = parser.parse_args()
    result = {"date": dt.date.today().isoformat(), "machine": machine(),
              "repeat": args.repeat, "speed": speed(args.repeat), "seeds": seed_recall()}
    shares = [dict(events_share(thousand_words(), args.repeat), label="the seed article")]
    reports = event_words()
    if reports is not None:
        shares.append(dict(events_share(reports, args.repeat),
                           label="real conflict reports (../shared/data/events)"))
    result["events"] = shares
    section = render(result)
    print(section)
    print(json.dumps(result), file=sys.stderr)
    if args.write:
        write_section(args.write, section, "## Rules layer and zones")


if __name__ == "__main__":
    main()
