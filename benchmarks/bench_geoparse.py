"""Benchmark the geoparser: accuracy on the development corpora, throughput against bare spaCy
on the same texts in the same run, peak memory and start-up time.

    python benchmarks/bench_geoparse.py [--corpora DIR] [--write docs/benchmarks.md]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_gazetteer import machine, write_section  # noqa: E402

DEFAULT_CORPORA = Path(__file__).resolve().parents[2] / "shared" / "data" / "geoparse"
CORPORA = ("GWN-dev.jsonl", "LGL.jsonl")

STARTUP = r"""
import time
t0 = time.perf_counter()
from mapper.geoparse import default_geoparser
t1 = time.perf_counter()
geoparser = default_geoparser()
geoparser("Russian forces shelled Kharkiv and the Sumy region.")
t2 = time.perf_counter()
print(t1 - t0, t2 - t1)
"""


def vm_hwm_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM"):
            return int(line.split()[1]) / 1024
    return float("nan")


def bench_startup(runs: int = 3) -> dict:
    best = None
    for _ in range(runs):
        out = subprocess.run([sys.executable, "-c", STARTUP], capture_output=True, text=True,
                             check=True).stdout.split()
        imports, load = float(out[0]), float(out[1])
        if best is None or load < best[1]:
            best = (imports, load)
    return {"imports_s": best[0], "load_and_first_doc_s": best[1]}


def bench_throughput(texts: list[str]) -> dict:
    from mapper.geoparse import default_geoparser

    geoparser = default_geoparser()
    words = sum(len(t.split()) for t in texts)
    geoparser.nlp("warm up")
    started = time.perf_counter()
    for _doc in geoparser.nlp.pipe(texts, batch_size=32):
        pass
    spacy_s = time.perf_counter() - started
    started = time.perf_counter()
    places = 0
    for found in geoparser.pipe(texts, batch_size=32):
        places += len(found)
    ours_s = time.perf_counter() - started
    return {
        "documents": len(texts), "words": words, "places": places,
        "spacy_words_per_s": words / spacy_s, "geoparser_words_per_s": words / ours_s,
        "ratio": spacy_s / ours_s,
    }


def bench_accuracy(corpus: Path) -> dict:
    from mapper.batch import run_eval
    from mapper.geoparse import default_geoparser

    out = {}
    for mode, gold_spans in (("end_to_end", False), ("gold_spans", True)):
        report, bad = run_eval(default_geoparser(), corpus, gold_spans, progress=False)
        out[mode] = {**report.to_dict(), "bad_lines": bad}
    return out


def render(result: dict) -> str:
    lines = [
        "## Geoparser",
        "",
        f"Measured {result['date']} on {result['machine']} with "
        "`python benchmarks/bench_geoparse.py --write docs/benchmarks.md`, spaCy "
        f"{result['spacy']} and its English small pipeline. Corpora: the team's copies of "
        "LGL (local US news) and GWN-dev (half of GeoWebNews), not shipped in the repository "
        "(`--corpora DIR`, default `../shared/data/geoparse`). Demonyms and adjectival uses "
        "(\"Russian\") count as toponyms, as the corpora annotate them; predictions overlapping "
        "only an annotated-but-unresolved span count neither way.",
        "",
        "| corpus | mode | P | R | F1 | Acc@161 | AUC | median km | mean km | found & <=161 km |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for corpus, modes in result["accuracy"].items():
        for mode, r in modes.items():
            lines.append(
                f"| {corpus} | {mode.replace('_', ' ')} | {r['precision']:.3f} | "
                f"{r['recall']:.3f} | {r['f1']:.3f} | {r['acc_161']:.3f} | {r['auc']:.3f} | "
                f"{r['median_error_km']:.1f} | {r['mean_error_km']:.0f} | "
                f"{r['found_and_within_161']:.3f} |")
    t, s = result["throughput"], result["startup"]
    lines += [
        "",
        "Targets (issue 3): F1 >= 0.85 on both; Acc@161 >= 0.92 (GWN) and >= 0.88 (LGL) end to "
        "end, >= 0.90 on both with gold spans.",
        "",
        "| speed and memory | result | target |",
        "|---|---|---|",
        f"| bare spaCy pipeline (`nlp.pipe`, both corpora, {t['documents']} docs, "
        f"{t['words']:,} words) | {t['spacy_words_per_s']:,.0f} words/s | |",
        f"| geoparser (same texts, same run: parse + recognise + resolve) | "
        f"{t['geoparser_words_per_s']:,.0f} words/s = {t['ratio']:.0%} of spaCy | >= 60% |",
        f"| peak resident memory of the benchmark process | {result['peak_mb']:.0f} MB | "
        "<= 1,536 MB |",
        f"| start-up after the gazetteer exists (load pipeline + gazetteer + first document; "
        f"fresh process, best of 3) | {s['load_and_first_doc_s']:.2f} s "
        f"(+ {s['imports_s']:.2f} s imports) | <= 3 s |",
        "",
    ]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpora", type=Path, default=DEFAULT_CORPORA)
    parser.add_argument("--write", type=Path, help="update this markdown file")
    args = parser.parse_args()

    import spacy

    result: dict = {"date": date.today().isoformat(), "machine": machine(),
                    "spacy": spacy.__version__}
    result["startup"] = bench_startup()
    texts = []
    for name in CORPORA:
        with (args.corpora / name).open(encoding="utf-8") as handle:
            texts += [json.loads(line)["text"] for line in handle if line.strip()]
    result["throughput"] = bench_throughput(texts)
    result["accuracy"] = {name.removesuffix(".jsonl"): bench_accuracy(args.corpora / name)
                          for name in CORPORA}
    result["peak_mb"] = vm_hwm_mb()
    print(json.dumps(result, indent=2))
    if args.write:
        write_section(args.write, render(result), "## Geoparser")


if __name__ == "__main__":
    main()
