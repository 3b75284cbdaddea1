"""`mapper batch` on real dask.distributed clusters: LocalCluster, a worker killed mid-run,
Ctrl-C then --resume, and a separate `dask scheduler` + `dask worker` on 127.0.0.1.

Each test runs the CLI as a subprocess on a corpus of a few tens of short articles.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import psutil
import pyogrio
import pytest
from batch_corpus import (
    assert_same_gpkg,
    batch_command,
    mapper_env,
    read_gpkg,
    run_batch,
    write_corpus,
)

PART = "2"  # articles per partition: many partitions, so a run can be cut between them


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[str]]:
    return write_corpus(tmp_path_factory.mktemp("corpus") / "in", copies=3)


@pytest.fixture(scope="module")
def reference(corpus, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An uninterrupted run on the embedded LocalCluster with two workers."""
    outdir = tmp_path_factory.mktemp("reference") / "out"
    done = run_batch([corpus[0]], outdir, "--workers", "2", "--partition-size", PART, "--html")
    assert done.returncode == 0, done.stderr
    return outdir


def _listed_once(outdir: Path, ids: list[str]) -> pd.DataFrame:
    articles = pyogrio.read_dataframe(outdir / "corpus.gpkg", layer="articles")
    assert sorted(articles["id"]) == sorted(ids)  # every input article, exactly once
    errors = [json.loads(line) for line in (outdir / "errors.jsonl").read_text().splitlines()]
    assert sorted(e["id"] for e in errors) == sorted(articles.loc[articles.status == "error",
                                                                  "id"])
    return articles


def test_local_cluster_run_writes_the_corpus_outputs(reference: Path, corpus) -> None:
    articles = _listed_once(reference, corpus[1])
    assert (articles.status == "ok").sum() == len(corpus[1]) - 2
    errors = {e["line"]: e for e in map(json.loads,
                                        (reference / "errors.jsonl").read_text().splitlines())}
    assert "malformed JSON" in errors[25]["error"] and errors[25]["source"].endswith("news.jsonl")
    layers = read_gpkg(reference / "corpus.gpkg")
    assert len(layers["places"]) > len(articles) / 2 and len(layers["zones"]) > 0
    info = pyogrio.read_info(reference / "corpus.gpkg", layer="zones")
    types = dict(zip(info["fields"], info["dtypes"], strict=True))
    assert types["valid_from"].startswith("datetime64") and types["valid_to"].startswith(
        "datetime64")
    events = pyogrio.read_info(reference / "corpus.gpkg", layer="events")
    assert dict(zip(events["fields"], events["dtypes"], strict=True))["valid_from"].startswith(
        "datetime64")
    assert len(list((reference / "partitions").glob("part-*"))) == 14
    zones = layers["zones"]
    # A zone replaced by a later statement of the same policy has an end; the last word not.
    assert zones["valid_to"].notna().any() and zones["valid_to"].isna().any()
    features = json.loads((reference / "corpus.geojson").read_text())["features"]
    assert {f["properties"]["layer"] for f in features} >= {"place", "zone"}
    assert (reference / "events.csv").read_text().startswith("article_id,event_date")
    assert "corpus-data" in (reference / "corpus.html").read_text()


def _workers_of(pid: int) -> list[psutil.Process]:
    return [p for p in psutil.Process(pid).children(recursive=True)
            if "spawn_main" in " ".join(p.cmdline())]


def _partitions(outdir: Path) -> list[Path]:
    return sorted((outdir / "partitions").glob("part-*"))


def _wait_for(condition, timeout: float = 60) -> None:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if condition():
            return
        time.sleep(0.1)
    raise AssertionError("timed out waiting for the batch")


def test_a_killed_worker_loses_no_article(corpus, reference: Path, tmp_path: Path) -> None:
    outdir = tmp_path / "out"
    proc = subprocess.Popen(batch_command([corpus[0]], outdir, "--workers", "2",
                                          "--partition-size", PART),
                            env=mapper_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True)
    try:
        _wait_for(lambda: len(_partitions(outdir)) >= 1 and len(_workers_of(proc.pid)) == 2)
        assert len(_partitions(outdir)) < 14  # the run is still going
        victim = _workers_of(proc.pid)[0]
        victim.kill()
        victim.wait(10)
        killed_at = time.time_ns()
        _, err = proc.communicate(timeout=120)
    finally:
        proc.kill()
    assert proc.returncode == 0, err
    later = [json.loads((p / "manifest.json").read_text()) for p in _partitions(outdir)
             if (p / "manifest.json").stat().st_mtime_ns > killed_at]
    assert later and all(m["worker_pid"] != victim.pid for m in later)
    _listed_once(outdir, corpus[1])
    assert_same_gpkg(outdir / "corpus.gpkg", reference / "corpus.gpkg")


def test_ctrl_c_then_resume_redoes_only_unfinished_partitions(corpus, reference: Path,
                                                              tmp_path: Path) -> None:
    outdir = tmp_path / "out"
    proc = subprocess.Popen(batch_command([corpus[0]], outdir, "--workers", "1",
                                          "--partition-size", PART),
                            env=mapper_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, start_new_session=True)
    try:
        _wait_for(lambda: len(_partitions(outdir)) >= 3)
        os.killpg(proc.pid, signal.SIGINT)  # what Ctrl-C in a terminal does
        proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
    assert proc.returncode != 0
    finished = {p.name: (p / "manifest.json").stat().st_mtime_ns for p in _partitions(outdir)}
    assert 3 <= len(finished) < 14 and not (outdir / "corpus.gpkg").exists()

    resumed = run_batch([corpus[0]], outdir, "--workers", "1", "--partition-size", PART,
                        "--resume")
    assert resumed.returncode == 0, resumed.stderr
    after = {p.name: (p / "manifest.json").stat().st_mtime_ns for p in _partitions(outdir)}
    assert len(after) == 14
    assert all(after[name] == stamp for name, stamp in finished.items())  # not redone
    assert_same_gpkg(outdir / "corpus.gpkg", reference / "corpus.gpkg")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_an_external_scheduler_and_worker_give_the_same_output(corpus, reference: Path,
                                                               tmp_path: Path) -> None:
    port = _free_port()
    address = f"tcp://127.0.0.1:{port}"
    dask = [sys.executable, "-m", "distributed.cli"]
    scheduler = subprocess.Popen([*dask[:2], "distributed.cli.dask_scheduler", "--host",
                                  "127.0.0.1", "--port", str(port), "--dashboard-address", ":0"],
                                 env=mapper_env(), stderr=subprocess.DEVNULL)
    worker = subprocess.Popen([*dask[:2], "distributed.cli.dask_worker", address,
                               "--nworkers", "1", "--nthreads", "1", "--no-dashboard"],
                              env=mapper_env(), stderr=subprocess.DEVNULL)
    try:
        outdir = tmp_path / "out"
        done = run_batch([corpus[0]], outdir, "--scheduler", address, "--partition-size", PART)
        assert done.returncode == 0, done.stderr
        _listed_once(outdir, corpus[1])
        assert_same_gpkg(outdir / "corpus.gpkg", reference / "corpus.gpkg")
    finally:
        for proc in (worker, scheduler):
            proc.terminate()
            try:
                proc.wait(20)
            except subprocess.TimeoutExpired:
                proc.kill()
