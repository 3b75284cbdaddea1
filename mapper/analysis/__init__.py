"""The Analysis of an article (places, statements, zones) and the pipeline that makes it.

This package sits above rules and zones: it imports them, they never import it.
"""

from mapper.analysis.models import ANALYSIS_VERSION, Analysis
from mapper.records import AnalysisSettings, Evidence, Statement, WeaponMention, Zone, ZoneStatus

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
