"""User-facing knobs of an analysis (dashboard controls, CLI options)."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class AnalysisSettings:
    """How zones are drawn. Defaults come from geodata/lexicon/rules.yaml when left None."""

    border_view: str = "international"
    default_depth_km: float | None = None  # depth of a border permission naming no weapon
    range_overrides: dict[str, tuple[float | None, float | None]] = field(default_factory=dict)
    min_confidence: float = 0.0  # statements below this draw no zone
    include_background: bool = False  # also draw zones of statements no longer in force
