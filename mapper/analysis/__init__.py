"""The Analysis of an article: places, policy statements and the zones drawn from them."""

from mapper.analysis.models import (
    ANALYSIS_VERSION,
    Analysis,
    Evidence,
    Statement,
    WeaponMention,
    Zone,
    ZoneStatus,
)
from mapper.analysis.settings import AnalysisSettings

__all__ = [
    "ANALYSIS_VERSION",
    "Analysis",
    "AnalysisSettings",
    "Evidence",
    "Statement",
    "WeaponMention",
    "Zone",
    "ZoneStatus",
]
