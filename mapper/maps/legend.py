"""Map legend: the status colours on the map, and the weapons and range of each zone shown."""

from __future__ import annotations

from collections.abc import Sequence

from folium.elements import MacroElement
from folium.template import Template

from mapper.catalogs import weapon_catalog
from mapper.layers.style import (
    PLACE_COLOUR,
    STATUS_LABELS,
    event_style,
    range_interval,
    status_colour,
)
from mapper.maps.escape import escape_text
from mapper.records import Zone

_CSS = """
<style>
.mapper-legend { background: rgba(255,255,255,0.92); padding: 6px 8px; border-radius: 4px;
  font: 12px/1.35 sans-serif; color: #222; box-shadow: 0 1px 4px rgba(0,0,0,0.3);
  max-width: 280px; max-height: 45vh; overflow-y: auto; }
.mapper-legend h4 { margin: 0 0 4px; font-size: 13px; }
.mapper-legend .sw { display: inline-block; width: 12px; height: 12px; margin-right: 5px;
  vertical-align: -2px; border: 1px solid rgba(0,0,0,0.4); }
.mapper-legend .pt { border-radius: 50%; }
.mapper-legend ul { margin: 2px 0 0; padding-left: 16px; }
</style>
"""


def legend_html(zones: Sequence[Zone], statuses: Sequence[str], places: bool,
                event_types: Sequence[str] = ()) -> str:
    """Legend markup; every article-derived value passes through escape_text."""
    rows = ['<h4>Legend</h4>']
    if event_types:
        rows.append('<div class="mapper-legend-events">Events</div>')
    for event_type in event_types:
        colour, symbol = event_style(event_type)
        rows.append(f'<div><span class="sw pt" style="background:{colour};color:#fff;'
                    f'font-size:9px;text-align:center">{symbol}</span>'
                    f'{escape_text(event_type)}</div>')
    for status in statuses:
        rows.append(f'<div><span class="sw" style="background:{status_colour(status)}"></span>'
                    f'{escape_text(STATUS_LABELS.get(status, status))}</div>')
    if places:
        rows.append(f'<div><span class="sw pt" style="background:{PLACE_COLOUR}"></span>'
                    'Places named in the text</div>')
    lines = []
    for zone in zones:
        weapons = weapon_catalog().labels(zone.weapons)
        line = (f'<li><span class="sw" style="background:{status_colour(zone.status)}"></span>'
                f'{escape_text(weapons)}: {escape_text(range_interval(zone))}</li>')
        if line not in lines:
            lines.append(line)
    if lines:
        rows.append("<div>Weapons and ranges</div><ul>" + "".join(lines) + "</ul>")
    return "".join(rows)


class Legend(MacroElement):
    """A Leaflet control in the bottom-right corner holding pre-escaped legend markup."""

    _template = Template("""
        {% macro header(this, kwargs) %}{{ this.css }}{% endmacro %}
        {% macro script(this, kwargs) %}
        (function () {
          var legend = L.control({position: 'bottomright'});
          legend.onAdd = function () {
            var div = L.DomUtil.create('div', 'mapper-legend');
            div.innerHTML = {{ this.html|tojson }};
            L.DomEvent.disableScrollPropagation(div);
            L.DomEvent.disableClickPropagation(div);
            return div;
          };
          legend.addTo({{ this._parent.get_name() }});
        })();
        {% endmacro %}
    """)

    def __init__(self, zones: Sequence[Zone], statuses: Sequence[str], places: bool,
                 event_types: Sequence[str] = ()) -> None:
        super().__init__()
        self._name = "Legend"
        self.css = _CSS
        self.html = legend_html(zones, statuses, places, event_types)
