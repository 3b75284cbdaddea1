"""Geoparser metrics as the literature reports them.

Recognition: precision, recall and F1 of predicted spans against gold spans, a prediction
matching a gold span it overlaps (one-to-one). Predictions that overlap only an annotated but
unresolved span (GeoWebNews' "unresolved") count neither way.
Resolution, on matched spans: Acc@161 km, AUC of the log error curve (Gritta et al. 2018),
median and mean error. A matched prediction without coordinates counts as the maximum error.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field

from mapper.boundaries import geodesic_distance_km

MAX_ERROR_KM = 20039.0  # half the Earth's circumference
ACC_KM = 161.0  # 100 miles


@dataclass
class Span:
    start: int
    end: int
    lat: float | None = None
    lon: float | None = None


@dataclass
class DocResult:
    true_positives: int = 0
    false_positives: int = 0
    false_negatives: int = 0
    errors_km: list[float] = field(default_factory=list)


def match_document(gold: list[Span], neutral: list[Span], predicted: list[Span]) -> DocResult:
    """Greedy one-to-one matching by overlap, longest overlap first."""
    result = DocResult()
    pairs = []
    for gi, g in enumerate(gold):
        for pi, p in enumerate(predicted):
            overlap = min(g.end, p.end) - max(g.start, p.start)
            if overlap > 0:
                pairs.append((-overlap, gi, pi))
    pairs.sort()
    used_gold: set[int] = set()
    used_pred: set[int] = set()
    for _overlap, gi, pi in pairs:
        if gi in used_gold or pi in used_pred:
            continue
        used_gold.add(gi)
        used_pred.add(pi)
        g, p = gold[gi], predicted[pi]
        if p.lat is None or p.lon is None or g.lat is None or g.lon is None:
            result.errors_km.append(MAX_ERROR_KM)
        else:
            result.errors_km.append(min(geodesic_distance_km(g.lat, g.lon, p.lat, p.lon),
                                        MAX_ERROR_KM))
    result.true_positives = len(used_gold)
    result.false_negatives = len(gold) - len(used_gold)
    for pi, p in enumerate(predicted):
        if pi in used_pred:
            continue
        if any(min(n.end, p.end) > max(n.start, p.start) for n in neutral):
            continue
        result.false_positives += 1
    return result


def auc_of_errors(errors_km: Iterable[float]) -> float:
    """Area under the curve of sorted log errors, scaled to 0..1 (lower is better)."""
    logs = sorted(math.log(1.0 + e) for e in errors_km)
    if len(logs) < 2:
        return logs[0] / math.log(MAX_ERROR_KM) if logs else float("nan")
    area = sum((a + b) / 2.0 for a, b in zip(logs, logs[1:], strict=False))
    return area / ((len(logs) - 1) * math.log(MAX_ERROR_KM))


@dataclass
class Report:
    documents: int
    gold: int
    predicted: int
    true_positives: int
    precision: float
    recall: float
    f1: float
    acc_161: float
    auc: float
    median_error_km: float
    mean_error_km: float
    found_and_within_161: float  # share of all gold places found and placed within 161 km

    def to_dict(self) -> dict[str, float | int]:
        return asdict(self)

    def format(self) -> str:
        return "\n".join([
            f"documents            {self.documents}",
            f"gold places          {self.gold}",
            f"predicted            {self.predicted}",
            f"precision            {self.precision:.3f}",
            f"recall               {self.recall:.3f}",
            f"F1                   {self.f1:.3f}",
            f"Acc@161km (matched)  {self.acc_161:.3f}",
            f"AUC (lower better)   {self.auc:.3f}",
            f"median error km      {self.median_error_km:.1f}",
            f"mean error km        {self.mean_error_km:.1f}",
            f"found & <=161 km     {self.found_and_within_161:.3f}",
        ])


def summarise(results: list[DocResult], predicted_total: int) -> Report:
    tp = sum(r.true_positives for r in results)
    fp = sum(r.false_positives for r in results)
    fn = sum(r.false_negatives for r in results)
    errors = [e for r in results for e in r.errors_km]
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    within = sum(1 for e in errors if e <= ACC_KM)
    return Report(
        documents=len(results), gold=tp + fn, predicted=predicted_total, true_positives=tp,
        precision=precision, recall=recall, f1=f1,
        acc_161=within / len(errors) if errors else 0.0,
        auc=auc_of_errors(errors) if errors else float("nan"),
        median_error_km=statistics.median(errors) if errors else float("nan"),
        mean_error_km=statistics.fmean(errors) if errors else float("nan"),
        found_and_within_161=within / (tp + fn) if tp + fn else 0.0,
    )
