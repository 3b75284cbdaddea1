"""Geoparser metrics, and a floor on real news from the development corpora."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest
from corpora import require_corpus

from mapper.batch import run_eval
from mapper.geoparse import default_geoparser
from mapper.geoparse.evaluate import (
    MAX_ERROR_KM,
    Span,
    auc_of_errors,
    match_document,
    summarise,
)


def test_overlap_matching_is_one_to_one() -> None:
    gold = [Span(0, 7, 50.0, 36.0), Span(20, 30, 10.0, 10.0)]
    predicted = [Span(0, 14, 50.0, 36.0), Span(2, 5, 0.0, 0.0), Span(40, 45, 1.0, 1.0)]
    result = match_document(gold, [], predicted)
    assert (result.true_positives, result.false_positives, result.false_negatives) == (1, 2, 1)
    assert result.errors_km == [0.0]


def test_predictions_on_neutral_spans_count_neither_way() -> None:
    result = match_document([], [Span(5, 12)], [Span(6, 10, 1.0, 1.0)])
    assert (result.true_positives, result.false_positives) == (0, 0)


def test_unresolved_match_counts_as_maximum_error() -> None:
    result = match_document([Span(0, 4, 1.0, 1.0)], [], [Span(0, 4, None, None)])
    assert result.errors_km == [MAX_ERROR_KM]


def test_auc_bounds_and_monotonicity() -> None:
    assert auc_of_errors([0.0, 0.0, 0.0]) == 0.0
    assert auc_of_errors([MAX_ERROR_KM] * 3) == pytest.approx(1.0, abs=1e-3)
    assert auc_of_errors([1, 10, 100]) < auc_of_errors([10, 100, 1000])
    # two errors: trapezoid between log(1+0) and log(1+e) is half of log(1+e)
    assert auc_of_errors([0.0, 100.0]) == pytest.approx(
        math.log(101) / 2 / math.log(MAX_ERROR_KM))


def test_summary_arithmetic() -> None:
    a = match_document([Span(0, 3, 0.0, 0.0), Span(5, 8, 0.0, 0.0)], [],
                       [Span(0, 3, 0.0, 1.0), Span(5, 8, 0.0, 10.0)])
    report = summarise([a], predicted_total=2)
    assert (report.precision, report.recall, report.f1) == (1.0, 1.0, 1.0)
    assert report.acc_161 == 0.5  # 111 km and 1,113 km
    assert report.found_and_within_161 == 0.5


@pytest.mark.parametrize(("corpus", "min_f1", "min_acc"), [("GWN-dev.jsonl", 0.75, 0.75),
                                                           ("LGL.jsonl", 0.72, 0.72)])
def test_floor_on_real_news(tmp_path: Path, corpus: str, min_f1: float, min_acc: float) -> None:
    """A regression guard on the first 40 documents (the full numbers are in
    docs/benchmarks.md, produced by benchmarks/bench_geoparse.py)."""
    source = require_corpus("geoparse", corpus)
    lines = source.read_text(encoding="utf-8").splitlines()[:40]
    sample = tmp_path / corpus
    sample.write_text("\n".join(lines) + "\n", encoding="utf-8")
    report, bad = run_eval(default_geoparser(), sample, gold_spans=False, progress=False)
    assert bad == 0 and report.documents == 40
    assert report.f1 >= min_f1, report.format()
    assert report.acc_161 >= min_acc, report.format()


def test_gold_spans_resolve_every_span(tmp_path: Path) -> None:
    source = require_corpus("geoparse", "GWN-dev.jsonl")
    lines = source.read_text(encoding="utf-8").splitlines()[:10]
    sample = tmp_path / "gold.jsonl"
    sample.write_text("\n".join(lines) + "\n", encoding="utf-8")
    report, _bad = run_eval(default_geoparser(), sample, gold_spans=True, progress=False)
    assert report.recall == 1.0
    gold_total = sum(len(json.loads(line)["toponyms"]) for line in lines)
    assert report.gold == gold_total
