"""Benchmark `mapper batch`: articles/s with 1 and 2 dask workers, the dask route against a plain
in-process loop, and peak memory per worker, on the real texts of ../shared/data repeated.

    python benchmarks/bench_batch.py [--articles 2000] [--partition-size 50]
                                     [--write docs/benchmarks.md]

Each worker's pipeline is loaded before the clock starts (as the loop's is), so the rates compare
steady-state analysis; the batch time includes partition writes (the merge is timed apart).
CPU seconds per article are also given: on a shared machine they do not depend on what else runs.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_gazetteer import machine, write_section  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("MAPPER_SHARED_DATA", ROOT.parent.parent / "shared" / "data"))
HEADING = "## Batch (`mapper batch` on dask.distributed)"


def real_texts() -> list[dict]:
    """The real articles of shared/data: geoparse corpora, policy and event texts."""
    out = []
    for corpus in sorted((SHARED / "geoparse").glob("*.jsonl")):
        for line in corpus.read_text(encoding="utf-8").split("\n"):
            if line.strip():
                record = json.loads(line)
                out.append({"id": f"{corpus.stem}-{record['doc_id']}", "text": record["text"]})
    for folder in ("policy", "events"):
        cases = SHARED / folder / "cases.json"
        dates = {}
        if cases.exists():
            data = json.loads(cases.read_text(encoding="utf-8"))
            items = data if isinstance(data, list) else data.get("cases", [])
            dates = {c.get("id"): c.get("date") for c in items if isinstance(c, dict)}
        for path in sorted((SHARED / folder / "texts").glob("*.txt")):
            out.append({"id": f"{folder}-{path.stem}", "date": dates.get(path.stem),
                        "text": path.read_text(encoding="utf-8")})
    return out


def corpus(n: int) -> list[dict]:
    texts = real_texts()
    return [{**texts[i % len(texts)], "id": f"{texts[i % len(texts)]['id']}-{i // len(texts)}"}
            for i in range(n)]


def loop(articles: list[dict]) -> dict:
    from mapper.analysis.pipeline import default_analyzer
    from mapper.corpus.work import article_of

    analyzer = default_analyzer()
    analyzer(article_of(articles[0]))
    cpu, wall = time.process_time(), time.perf_counter()
    for payload in articles:
        analyzer(article_of(payload))
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"wall": wall, "cpu": cpu, "rate": len(articles) / wall, "peak_mb": peak}


def _warm() -> None:
    from mapper.analysis.pipeline import default_analyzer

    default_analyzer()


def _usage() -> tuple[float, float]:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def dask_run(source: Path, n: int, workers: int, partition_size: int) -> dict:
    import logging

    from distributed import Client, LocalCluster

    from mapper.corpus.run import BatchOptions, run_batch
    from mapper.corpus.sources import read_corpus

    items = read_corpus([str(source)])
    with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                      dashboard_address=":0", silence_logs=logging.ERROR) as cluster, \
            Client(cluster) as client, tempfile.TemporaryDirectory() as folder:
        client.run(_warm)
        before = client.run(_usage)
        outdir = Path(folder) / "out"
        started = time.perf_counter()
        summary = run_batch(items, outdir, BatchOptions(scheduler=cluster.scheduler_address,
                                                        partition_size=partition_size,
                                                        progress=False))
        total = time.perf_counter() - started
        last = max((p / "manifest.json").stat().st_mtime
                   for p in (outdir / "partitions").glob("part-*"))
        analysis = last - (time.time() - (time.perf_counter() - started))
        after = client.run(_usage)
        cpu = sum(after[w][0] - before[w][0] for w in after)
        peaks = [after[w][1] for w in after]
        pids = {json.loads((p / "manifest.json").read_text())["worker_pid"]
                for p in (outdir / "partitions").glob("part-*")}
    return {"workers": workers, "wall": analysis, "total": total, "cpu": cpu,
            "rate": n / analysis, "peak_mb": max(peaks), "errors": summary.errors,
            "workers_used": len(pids)}


def render(result: dict) -> str:
    loop_r, one, two = result["loop"], result["dask1"], result["dask2"]
    n = result["articles"]
    lines = [
        HEADING, "",
        f"Measured {result['date']} on {result['machine']} with `python benchmarks/bench_batch.py "
        f"--articles {n} --partition-size {result['partition_size']}`; {n:,} articles = the "
        f"{result['texts']} real texts of `../shared/data/{{geoparse,policy,events}}` repeated. "
        f"Load average at the start: {result['load']}; other sessions shared the 2 cores, so wall"
        " rates are lower bounds and CPU s/article is the machine-independent figure.", "",
        "| run | articles/s (wall) | CPU s / article | peak RSS per worker | note |",
        "|---|---|---|---|---|",
        f"| in-process loop (`Analyzer` over the articles) | {loop_r['rate']:.2f} | "
        f"{loop_r['cpu'] / n:.3f} | {loop_r['peak_mb']:.0f} MB | |",
        f"| `mapper batch`, LocalCluster, 1 worker | {one['rate']:.2f} | {one['cpu'] / n:.3f} | "
        f"{one['peak_mb']:.0f} MB | {one['rate'] / loop_r['rate']:.0%} of the loop (target "
        ">= 90%) |",
        f"| `mapper batch`, LocalCluster, 2 workers | {two['rate']:.2f} | {two['cpu'] / n:.3f} | "
        f"{two['peak_mb']:.0f} MB | {two['rate'] / one['rate']:.2f}x 1 worker (target >= 1.7x); "
        f"{two['workers_used']} workers wrote partitions |",
        "",
        f"Merge into corpus.gpkg, GeoJSON, events.csv: {one['total'] - one['wall']:.1f} s "
        f"(1 worker run), {two['total'] - two['wall']:.1f} s (2 workers). Errors: "
        f"{one['errors']} / {two['errors']}. Target peak memory per worker <= 1,536 MB.", "",
    ]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--partition-size", type=int, default=50)
    parser.add_argument("--write", type=Path)
    args = parser.parse_args()
    if not SHARED.is_dir():
        sys.exit(f"skipped: {SHARED} not found (set MAPPER_SHARED_DATA)")
    articles = corpus(args.articles)
    result = {"date": dt.date.today().isoformat(), "machine": machine(),
              "articles": len(articles), "texts": len(real_texts()),
              "partition_size": args.partition_size,
              "load": " ".join(f"{v:.1f}" for v in os.getloadavg())}
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "corpus.jsonl"
        source.write_text("".join(json.dumps(a) + "\n" for a in articles), encoding="utf-8")
        for name, run in (("dask2", lambda: dask_run(source, len(articles), 2,
                                                      args.partition_size)),
                          ("dask1", lambda: dask_run(source, len(articles), 1,
                                                      args.partition_size)),
                          ("loop", lambda: loop(articles))):
            result[name] = run()
            print(name, json.dumps(result[name]), flush=True)
    section = render(result)
    print(section)
    if args.write:
        write_section(args.write, section, HEADING)


if __name__ == "__main__":
    main()
