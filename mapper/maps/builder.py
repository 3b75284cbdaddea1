"""Analyses -> a folium Map: zones by status, places, legend, controls; offline by default.

Offline (the default) the map has no tiles: Natural Earth countries are the basemap, and Leaflet
and jQuery are inlined (offline_assets), so the saved HTML makes no network request at all.
With `online_tiles=True` an OpenStreetMap tile layer replaces the Natural Earth basemap; the
scripts stay inlined, so only tiles come from the network.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import folium
import shapely
from branca.element import Element

from mapper.analysis.models import ZONE_STATUSES, Analysis, Event, Zone
from mapper.atomic import write_bytes_atomic
from mapper.catalogs import weapon_catalog
from mapper.geoparse.models import Place
from mapper.layers.frames import place_rows
from mapper.layers.style import (
    FILL_OPACITY,
    PLACE_COLOUR,
    PLACE_STROKE,
    STATUS_LABELS,
    event_style,
    event_title,
    range_interval,
    status_colour,
    zone_title,
)
from mapper.maps.basemap import (
    BASEMAP_FILL,
    BASEMAP_STROKE,
    SEA_COLOUR,
    basemap_geojson,
    display_geometry,
)
from mapper.maps.controls import FullscreenControl, MeasureControl
from mapper.maps.escape import escape_text
from mapper.maps.legend import Legend
from mapper.maps.offline_assets import use_offline_assets

ATTRIBUTION = "Natural Earth, GeoNames"
OSM_ATTRIBUTION = "&copy; OpenStreetMap contributors"
OSM_TILES = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
OFFLINE_MAX_ZOOM = 12  # Natural Earth 10m outlines are coarse beyond this
ONLINE_MAX_ZOOM = 18
ZONE_DECIMALS = 4  # about 10 m: far below the display simplification


class Attribution(folium.MacroElement):
    """Adds the data sources to Leaflet's attribution control (static text only)."""

    _template = folium.template.Template("""
        {% macro script(this, kwargs) %}
        {{ this._parent.get_name() }}.attributionControl.addAttribution({{ this.text|tojson }});
        {% endmacro %}
    """)

    def __init__(self, text: str) -> None:
        super().__init__()
        self._name = "Attribution"
        self.text = text


def _row(label: str, value: object) -> str:
    return f"<tr><th>{escape_text(label)}</th><td>{escape_text(value)}</td></tr>"


def _article_rows(analysis: Analysis) -> list[str]:
    rows = [_row("Article", analysis.title or analysis.article_id)]
    if analysis.title:
        rows.append(_row("Article id", analysis.article_id))
    if analysis.date:
        rows.append(_row("Article date", analysis.date.isoformat()))
    return rows


POPUP_STYLE = ("<style>.mapper-popup{font:12px/1.35 sans-serif;max-width:340px}"
               ".mapper-popup th{text-align:left;padding-right:6px;vertical-align:top}"
               ".mapper-popup blockquote{margin:4px 0;padding-left:6px;border-left:3px solid "
               "#bbb;font-style:italic}</style>")


EVENT_STYLE = ("<style>.mapper-event{width:20px;height:20px;border-radius:50%;color:#fff;"
               "text-align:center;font:13px/20px sans-serif;border:1px solid #222;"
               "box-shadow:0 1px 3px rgba(0,0,0,.5)}</style>")


def zone_popup_html(zone: Zone, analysis: Analysis) -> str:
    """Why the zone exists: evidence sentences, effective date, rule, confidence."""
    head = (f'<b style="color:{status_colour(zone.status)}">'
            f"{escape_text(STATUS_LABELS.get(zone.status, zone.status))}</b>")
    quotes = "".join(f"<blockquote>{escape_text(e.text)}</blockquote>" for e in zone.evidence)
    rows = [
        _row("Weapons", weapon_catalog().labels(zone.weapons, "unspecified")),
        _row("Range", range_interval(zone)),
        _row("Anchors", ", ".join(zone.anchors) or "-"),
        _row("Grantor / grantee", f"{zone.grantor or '?'} / {zone.grantee or '?'}"),
        _row("Target country", zone.target_country or "-"),
        _row("Effective date", zone.effective_date.isoformat() if zone.effective_date
             else "not stated"),
        _row("Area", f"{zone.area_km2:,.0f} km\u00b2"),
        _row("Rule", zone.rule),
        _row("Confidence", f"{zone.confidence:.2f}"),
        *_article_rows(analysis),
    ]
    return f'<div class="mapper-popup">{head}{quotes}<table>{"".join(rows)}</table></div>'


def place_popup_html(row: dict[str, Any], analysis: Analysis) -> str:
    """Where the place is named: the first sentence, the resolution and its confidence."""
    resolved = row["resolved_name"] or row["name"]
    head = f"<b>{escape_text(resolved)}</b>"
    rows = [
        _row("As written", row["name"]),
        _row("Type", row["feature_type"] or "-"),
        _row("Country", row["country_code"] or "-"),
        _row("Region", row["admin1"] or "-"),
        _row("GeoNames id", row["geonameid"] if row["geonameid"] is not None else "-"),
        _row("Mentions", row["mentions"]),
        _row("Confidence", f"{row['confidence']:.2f}"),
        *_article_rows(analysis),
    ]
    quote = f"<blockquote>{escape_text(row['evidence'])}</blockquote>"
    return f'<div class="mapper-popup">{head}{quote}<table>{"".join(rows)}</table></div>'


def _display_zone(zone: Zone) -> shapely.Geometry:
    """Zone outline for drawing: tolerance ~1/1000 of its extent, 0.0005 to 0.03 degrees (a
    whole-country zone is drawn at ~3 km; a border strip at a few hundred metres)."""
    minx, miny, maxx, maxy = zone.geometry.bounds
    tolerance = min(0.03, max(0.0005, max(maxx - minx, maxy - miny) / 1000))
    return display_geometry(zone.geometry, tolerance, ZONE_DECIMALS)


def _zone_layer(zone: Zone, analysis: Analysis, index: int) -> folium.GeoJson:
    colour = status_colour(zone.status)
    feature = {
        "type": "Feature", "id": f"zone-{index}",
        # Display copies only, escaped: streamlit-folium hands these back on click.
        "properties": {"layer": "zone", "status": zone.status, "zone_index": index,
                       "article_id": escape_text(analysis.article_id),
                       "title": escape_text(zone_title(zone))},
        "geometry": shapely.geometry.mapping(_display_zone(zone)),
    }
    style = {"color": colour, "fillColor": colour, "weight": 2, "fillOpacity": FILL_OPACITY}
    return folium.GeoJson(
        feature, style_function=lambda _f: style,
        highlight_function=lambda _f: {"weight": 4, "fillOpacity": FILL_OPACITY + 0.15},
        tooltip=folium.Tooltip(escape_text(zone_title(zone))),
        popup=folium.Popup(zone_popup_html(zone, analysis), max_width=380),
    )


def event_popup_html(event: Event, analysis: Analysis) -> str:
    """What happened: type, date, place, actors, deaths and the sentences that report it."""
    colour, _ = event_style(event.event_type)
    head = (f'<b style="color:{colour}">{escape_text(event.event_type)}</b>: '
            f"{escape_text(event.sub_event_type)}")
    quotes = "".join(f"<blockquote>{escape_text(e.text)}</blockquote>" for e in event.evidence)
    p = event.place
    rows = [
        _row("Date", event.event_date.isoformat() if event.event_date else "not stated"),
        _row("Location", f"{p.name} ({p.resolved_name or '?'})"),
        _row("Geo precision", p.precision),
        _row("Actor 1", event.actor1 or "-"),
        _row("Actor 2", event.actor2 or "-"),
        _row("Fatalities", event.fatalities if event.fatalities is not None else "-"),
        _row("Rule", event.rule),
        _row("Confidence", f"{event.confidence:.2f}"),
        *_article_rows(analysis),
    ]
    return f'<div class="mapper-popup">{head}{quotes}<table>{"".join(rows)}</table></div>'


def _event_marker(event: Event, analysis: Analysis) -> folium.Marker:
    colour, symbol = event_style(event.event_type)
    icon = folium.DivIcon(
        html=(f'<div class="mapper-event" data-event-type="{escape_text(event.event_type)}" '
              f'style="background:{colour}">{symbol}</div>'),
        icon_size=(22, 22), icon_anchor=(11, 11), class_name="mapper-event-icon")
    return folium.Marker(
        location=(round(event.place.lat, 6), round(event.place.lon, 6)), icon=icon,
        tooltip=folium.Tooltip(escape_text(event_title(event))),
        popup=folium.Popup(event_popup_html(event, analysis), max_width=380),
    )


def _place_marker(row: dict[str, Any], first: Place, analysis: Analysis) -> folium.CircleMarker:
    resolved = row["resolved_name"] or row["name"]
    return folium.CircleMarker(
        location=(round(first.lat, 6), round(first.lon, 6)),
        radius=5 + 1.5 * min(row["mentions"], 6),
        color=PLACE_STROKE, weight=1, fill=True, fill_color=PLACE_COLOUR, fill_opacity=0.9,
        tooltip=folium.Tooltip(escape_text(resolved)),
        popup=folium.Popup(place_popup_html(row, analysis), max_width=380),
    )


FOCUS_STATUSES = ("permitted", "ambiguous", "defended")
# Large restricted areas underneath, the permitted zone (the news) on top.
DRAW_ORDER = ("restricted", "defended", "ambiguous", "permitted")


def data_bounds(analyses: Sequence[Analysis],
                zones: Sequence[Zone]) -> tuple[float, float, float, float] | None:
    """lon/lat box the map opens on: the permitted, ambiguous and defended zones when there
    are any (a restricted zone is often a whole country), else all zones, else the places."""
    chosen = [z for z in zones if z.status in FOCUS_STATUSES] or list(zones)
    boxes = [z.geometry.bounds for z in chosen if not z.geometry.is_empty]
    if not boxes:
        boxes = [(p.lon, p.lat, p.lon, p.lat) for a in analyses for p in a.map_places]
    if not boxes:
        return None
    return (min(b[0] for b in boxes), min(b[1] for b in boxes),
            max(b[2] for b in boxes), max(b[3] for b in boxes))


def _border_view(analyses: Sequence[Analysis]) -> str | None:
    views = {a.border_view for a in analyses}
    return views.pop() if len(views) == 1 else None


def build_map(analyses: Sequence[Analysis], *, online_tiles: bool = False,
              statuses: Sequence[str] | None = None) -> folium.Map:
    """One map of all `analyses`: a toggleable layer per zone status, one for places.

    `statuses` limits the zone layers drawn (default: all four statuses).
    """
    shown = [s for s in DRAW_ORDER if statuses is None or s in statuses]
    zones = [(z, a) for a in analyses for z in a.zones if z.status in shown]
    max_zoom = ONLINE_MAX_ZOOM if online_tiles else OFFLINE_MAX_ZOOM

    m = folium.Map(location=(20, 0), zoom_start=2, tiles=None, control_scale=True,
                   min_zoom=1, max_zoom=max_zoom)
    m.options["max_zoom"] = max_zoom
    m.options["min_zoom"] = 1
    use_offline_assets(m)
    bounds = data_bounds(analyses, [z for z, _ in zones])
    titles = [a.title or a.article_id for a in analyses]
    m.get_root().title = escape_text(titles[0] if len(titles) == 1 else "conflict-mapper map")
    m.get_root().header.add_child(Element(
        f"<style>div.folium-map.leaflet-container {{ background: {SEA_COLOUR}; }}</style>"
        f"{POPUP_STYLE}{EVENT_STYLE}"),
        name="mapper_style")

    if online_tiles:
        folium.TileLayer(OSM_TILES, attr=OSM_ATTRIBUTION, name="OpenStreetMap",
                         max_zoom=ONLINE_MAX_ZOOM, control=False).add_to(m)
    else:
        folium.GeoJson(
            basemap_geojson(_border_view(analyses), bounds), name="Countries (Natural Earth)",
            control=False, interactive=False, smooth_factor=1.5,
            style_function=lambda _f: {"color": BASEMAP_STROKE, "weight": 0.7,
                                       "fillColor": BASEMAP_FILL, "fillOpacity": 1.0},
        ).add_to(m)

    for status in shown:
        members = [(i, z, a) for i, (z, a) in enumerate(zones) if z.status == status]
        if not members:
            continue
        group = folium.FeatureGroup(name=f"{STATUS_LABELS[status]} ({len(members)})")
        for index, zone, analysis in members:
            _zone_layer(zone, analysis, index).add_to(group)
        group.add_to(m)

    place_count = sum(len(a.map_places) for a in analyses)
    if place_count:
        group = folium.FeatureGroup(name="Places")
        for analysis in analyses:
            for row, first in place_rows(analysis):
                _place_marker(row, first, analysis).add_to(group)
        group.add_to(m)
        m.keep_in_front(group)

    events = [(e, a) for a in analyses for e in a.events]
    if events:
        group = folium.FeatureGroup(name=f"Events ({len(events)})")
        for event, analysis in events:
            _event_marker(event, analysis).add_to(group)
        group.add_to(m)

    folium.LayerControl(collapsed=False).add_to(m)
    m.add_child(Legend([z for z, _ in zones], [s for s in ZONE_STATUSES if any(
        z.status == s for z, _ in zones)], places=bool(place_count),
        event_types=list(dict.fromkeys(e.event_type for e, _ in events))))
    m.add_child(FullscreenControl())
    m.add_child(MeasureControl())
    m.add_child(Attribution(ATTRIBUTION))

    if bounds is not None:
        minx, miny, maxx, maxy = bounds
        m.fit_bounds([[miny, minx], [maxy, maxx]], max_zoom=9, padding=(20, 20))
    return m


def html_bytes(analyses: Sequence[Analysis], *, online_tiles: bool = False) -> bytes:
    """The map as one self-contained HTML page."""
    return build_map(analyses, online_tiles=online_tiles).get_root().render().encode("utf-8")


def write_html(analyses: Sequence[Analysis], path: Path, *, online_tiles: bool = False) -> None:
    write_bytes_atomic(Path(path), html_bytes(analyses, online_tiles=online_tiles))
