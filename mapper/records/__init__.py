"""Plain records shared by the rules layer, the zone builder and every output.

They import nothing of mapper above the geoparser, so the reasoning packages (rules, zones,
events) and the outputs (layers, maps) can all depend on them.
"""

from mapper.records.areas import AdminArea, AreaRef, PointArea
from mapper.records.events import EVENT_TYPES, Event, EventPlace
from mapper.records.evidence import Evidence
from mapper.records.policies import Policy
from mapper.records.relations import Relation
from mapper.records.settings import AnalysisSettings
from mapper.records.statements import (
    BorderMention,
    Polarity,
    ScopePlace,
    Statement,
    WeaponMention,
)
from mapper.records.zones import ZONE_STATUSES, Zone, ZoneStatus

__all__ = ["EVENT_TYPES", "ZONE_STATUSES", "AdminArea", "AnalysisSettings", "AreaRef",
           "BorderMention", "Event", "EventPlace", "Evidence", "PointArea", "Polarity", "Policy",
           "Relation", "ScopePlace", "Statement", "WeaponMention", "Zone", "ZoneStatus"]
