"""A corpus as one offline HTML map with a date slider, filters and clustered markers.

Input is the batch GeoJSON (layers place, zone, event, with valid_from / valid_to). Every control
runs in the browser: the slider picks a day; zones in force that day are drawn; events and places
of the chosen window before it are clustered on a pixel grid; filters by event type, actor,
country and grantor; a click shows the sentence behind the item. The page loads nothing from the
network (Leaflet and the basemap are inlined) and inserts article text only as text nodes.
Used by `mapper batch --html` and by the dashboard's corpus view.
"""

from __future__ import annotations

import json
from typing import Any

import shapely

from mapper.layers.style import PLACE_COLOUR, STATUS_COLOURS
from mapper.maps.basemap import (
    BASEMAP_FILL,
    BASEMAP_STROKE,
    SEA_COLOUR,
    basemap_geojson,
    display_geometry,
)
from mapper.maps.offline_assets import leaflet_css, offline_js

EVENT_COLOUR = "#111111"
# Drawing only: outlines simplified in proportion to the zone's size (a country-sized zone is
# seen at country zoom levels), between these bounds in degrees.
MIN_TOLERANCE, MAX_TOLERANCE = 0.005, 0.08
DECIMALS = 4
# Properties each layer keeps in the page (the rest stays in the GeoPackage).
KEEP: dict[str, tuple[str, ...]] = {
    "place": ("name", "resolved_name", "country_code", "article_id", "article_date", "evidence"),
    "zone": ("status", "grantor", "grantee", "weapons", "target_country", "anchors",
             "effective_date", "valid_from", "valid_to", "evidence", "article_id"),
    "event": ("event_type", "sub_event_type", "event_date", "actor1", "actor2", "location",
              "country_code", "fatalities", "evidence", "article_id", "valid_from"),
}


def _sentence(value: Any) -> str:
    if isinstance(value, list) and value and isinstance(value[0], dict):
        return str(value[0].get("text") or "")
    return "" if value is None else str(value)


def _day(props: dict[str, Any]) -> str | None:
    for key in ("event_date", "valid_from", "effective_date", "article_date"):
        value = props.get(key)
        if value:
            return str(value)[:10]
    return None


def zone_tolerance(geometry: shapely.Geometry) -> float:
    """How far a drawn outline may stray (degrees): ~1/400 of the zone's width."""
    return min(MAX_TOLERANCE, max(MIN_TOLERANCE, geometry.area ** 0.5 / 400))


def page_data(collection: dict[str, Any]) -> dict[str, Any]:
    """The features as the page draws them: light properties; zone outlines simplified and
    stored once however many zones share them (a whole-country zone recurs across articles)."""
    features: list[dict[str, Any]] = []
    outlines: list[dict[str, Any]] = []
    seen: dict[bytes, int] = {}
    for feature in collection.get("features", []):
        props = feature.get("properties") or {}
        layer = props.get("layer")
        if layer not in KEEP or not feature.get("geometry"):
            continue
        keep = {k: props.get(k) for k in KEEP[layer]}
        keep.update(layer=layer, evidence=_sentence(props.get("evidence")), day=_day(props))
        geometry = shapely.geometry.shape(feature["geometry"])
        if layer == "zone":
            for key in ("valid_from", "valid_to"):
                keep[key] = str(props[key])[:10] if props.get(key) else None
            key = shapely.to_wkb(geometry)
            if key not in seen:
                seen[key] = len(outlines)
                drawn = display_geometry(geometry, zone_tolerance(geometry), DECIMALS)
                outlines.append(shapely.geometry.mapping(drawn))
            geom: Any = seen[key]
        else:
            geom = [round(geometry.x, 5), round(geometry.y, 5)]
        features.append({"p": keep, "g": geom})
    return {"features": features, "outlines": outlines}


def _json_for_script(value: Any) -> str:
    """JSON safe inside a <script> element (no '</script>' or '<!--' can end it)."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), default=str)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def corpus_map_html(collection: dict[str, Any], title: str = "conflict-mapper corpus") -> str:
    """The whole page as a string."""
    data = page_data(collection)
    features = data["features"]
    days = sorted({f["p"]["day"] for f in features if f["p"]["day"]})
    points = [f["g"] for f in features if f["p"]["layer"] != "zone"]
    bounds = None
    if points:
        xs, ys = [p[0] for p in points], [p[1] for p in points]
        bounds = (min(xs), min(ys), max(xs), max(ys))
    config = {"days": days, "status_colours": STATUS_COLOURS, "place_colour": PLACE_COLOUR,
              "event_colour": EVENT_COLOUR, "basemap_fill": BASEMAP_FILL,
              "basemap_stroke": BASEMAP_STROKE, "sea": SEA_COLOUR}
    scripts = "\n".join(f'<script src="{uri}"></script>' for _, uri in offline_js())
    return (_PAGE.replace("%TITLE%", json.dumps(title)[1:-1].replace("<", ""))
            .replace("%CSS%", leaflet_css())
            .replace("%SCRIPTS%", scripts)
            .replace("%DATA%", _json_for_script(data))
            .replace("%BASEMAP%", _json_for_script(basemap_geojson(bounds=bounds)))
            .replace("%CONFIG%", _json_for_script(config))
            .replace("%APP%", _APP))


_PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>%TITLE%</title>
<style>%CSS%
html, body {height: 100%; margin: 0; font: 13px system-ui, sans-serif;}
#map {position: absolute; top: 0; bottom: 0; left: 0; right: 320px;}
#side {position: absolute; top: 0; bottom: 0; right: 0; width: 320px; overflow: auto;
       box-sizing: border-box; padding: 10px; border-left: 1px solid #ccc; background: #fafafa;}
#side label {display: block; margin-top: 8px; font-weight: 600;}
#side select, #side input[type=range] {width: 100%;}
#detail {margin-top: 12px; padding: 8px; background: #fff; border: 1px solid #ddd;
         white-space: pre-wrap;}
.cluster {background: rgba(30,30,30,.75); color: #fff; border-radius: 50%; font-weight: 700;
          border: 2px solid #fff; display: flex; align-items: center; justify-content: center;}
</style>
%SCRIPTS%
</head><body>
<div id="map"></div>
<div id="side">
  <label for="day">Day <span id="day-label"></span></label>
  <input id="day" type="range" min="0" max="0" value="0">
  <label for="window">Events and places of</label>
  <select id="window"><option value="0">that day</option>
    <option value="6">that week</option><option value="29">30 days before</option>
    <option value="-1" selected>every day up to it</option></select>
  <label for="f-type">Event type</label><select id="f-type"></select>
  <label for="f-actor">Actor</label><select id="f-actor"></select>
  <label for="f-country">Country</label><select id="f-country"></select>
  <label for="f-grantor">Grantor</label><select id="f-grantor"></select>
  <label><input id="show-places" type="checkbox" checked> places</label>
  <div id="count"></div>
  <div id="detail">Click a zone, an event or a place to see the sentence behind it.</div>
</div>
<script type="application/json" id="corpus-data">%DATA%</script>
<script type="application/json" id="corpus-basemap">%BASEMAP%</script>
<script type="application/json" id="corpus-config">%CONFIG%</script>
<script>%APP%</script>
</body></html>
"""

_APP = r"""
(function () {
  const page = JSON.parse(document.getElementById('corpus-data').textContent);
  const data = page.features, outlines = page.outlines;
  const basemap = JSON.parse(document.getElementById('corpus-basemap').textContent);
  const cfg = JSON.parse(document.getElementById('corpus-config').textContent);
  const $ = (id) => document.getElementById(id);
  const map = L.map('map', {preferCanvas: true, worldCopyJump: true});
  map.getContainer().style.background = cfg.sea;
  L.geoJSON(basemap, {interactive: false, style: {color: cfg.basemap_stroke, weight: 0.5,
    fillColor: cfg.basemap_fill, fillOpacity: 1}}).addTo(map);
  const zonesLayer = L.layerGroup().addTo(map);
  const pointsLayer = L.layerGroup().addTo(map);
  const days = cfg.days;
  const slider = $('day');
  slider.max = Math.max(days.length - 1, 0);
  slider.value = slider.max;

  function fill(id, values) {
    const select = $(id);
    const all = document.createElement('option');
    all.value = ''; all.textContent = '(all)'; select.appendChild(all);
    [...new Set(values.filter((v) => v))].sort().forEach((v) => {
      const o = document.createElement('option'); o.value = v; o.textContent = v;
      select.appendChild(o);
    });
  }
  const events = data.filter((f) => f.p.layer === 'event');
  fill('f-type', events.map((f) => f.p.event_type));
  fill('f-actor', events.flatMap((f) => [f.p.actor1, f.p.actor2]));
  fill('f-country', data.map((f) => f.p.country_code || f.p.target_country));
  fill('f-grantor', data.filter((f) => f.p.layer === 'zone').map((f) => f.p.grantor));

  function show(p) {
    const box = $('detail');
    box.textContent = '';
    const head = document.createElement('b');
    head.textContent = p.layer === 'zone' ? (p.status + ' zone: ' + (p.grantor || '?') +
        ' \u2192 ' + (p.grantee || '?')) :
      p.layer === 'event' ? (p.event_type + (p.location ? ' in ' + p.location : '')) :
      (p.resolved_name || p.name);
    const when = document.createElement('div');
    when.textContent = [p.day, p.article_id].filter((v) => v).join(' \u00b7 ');
    const text = document.createElement('p');
    text.className = 'sentence';
    text.textContent = p.evidence || '';
    box.append(head, when, text);
  }

  function chosenDay() { return days[+slider.value] || null; }
  function inWindow(day, chosen) {
    if (!chosen) return true;
    if (!day) return false;
    if (day > chosen) return false;
    const w = +$('window').value;
    if (w < 0) return true;
    const from = new Date(Date.parse(chosen) - w * 86400000).toISOString().slice(0, 10);
    return day >= from;
  }
  function inForce(p, chosen) {
    if (!chosen) return true;
    return (!p.valid_from || p.valid_from <= chosen) && (!p.valid_to || p.valid_to > chosen);
  }
  function passes(p) {
    const type = $('f-type').value, actor = $('f-actor').value;
    const country = $('f-country').value, grantor = $('f-grantor').value;
    if (p.layer === 'event') {
      if (type && p.event_type !== type) return false;
      if (actor && p.actor1 !== actor && p.actor2 !== actor) return false;
    } else if (type || actor) return false;
    if (country && (p.country_code || p.target_country) !== country) return false;
    if (grantor && p.layer !== 'zone' && p.layer !== 'event') return false;
    if (grantor && p.layer === 'zone' && p.grantor !== grantor) return false;
    return true;
  }

  let points = [], drawn = [];
  function drawPoints() {
    pointsLayer.clearLayers();
    drawn = [];
    const zoom = map.getZoom(), cell = 48, cells = new Map();
    points.forEach((f) => {
      const pt = map.project([f.g[1], f.g[0]], zoom);
      const key = Math.floor(pt.x / cell) + ':' + Math.floor(pt.y / cell);
      if (!cells.has(key)) cells.set(key, []);
      cells.get(key).push(f);
    });
    cells.forEach((group) => {
      if (group.length === 1) {
        const f = group[0];
        const colour = f.p.layer === 'event' ? cfg.event_colour : cfg.place_colour;
        L.circleMarker([f.g[1], f.g[0]], {radius: f.p.layer === 'event' ? 7 : 5,
          color: '#fff', weight: 1, fillColor: colour, fillOpacity: 0.9,
          className: 'item-' + f.p.layer})
          .on('click', () => show(f.p)).addTo(pointsLayer);
        drawn.push({layer: f.p.layer, count: 1, lat: f.g[1], lon: f.g[0], p: f.p});
        return;
      }
      const lat = group.reduce((s, f) => s + f.g[1], 0) / group.length;
      const lon = group.reduce((s, f) => s + f.g[0], 0) / group.length;
      const size = 22 + Math.min(22, Math.log2(group.length) * 4);
      L.marker([lat, lon], {icon: L.divIcon({className: 'cluster',
        html: String(group.length), iconSize: [size, size]})})
        .on('click', () => map.setView([lat, lon], Math.min(map.getZoom() + 2, 18)))
        .addTo(pointsLayer);
      drawn.push({layer: 'cluster', count: group.length, lat: lat, lon: lon, p: null});
    });
  }

  function redraw() {
    const chosen = chosenDay();
    $('day-label').textContent = chosen || '(undated)';
    zonesLayer.clearLayers();
    let nZones = 0;
    data.forEach((f) => {
      if (f.p.layer !== 'zone' || !inForce(f.p, chosen) || !passes(f.p)) return;
      nZones += 1;
      const colour = cfg.status_colours[f.p.status] || '#777';
      L.geoJSON(outlines[f.g], {style: {color: colour, weight: 1.5, fillColor: colour,
        fillOpacity: 0.3}, className: 'item-zone'}).on('click', () => show(f.p)).addTo(zonesLayer);
    });
    const places = $('show-places').checked;
    points = data.filter((f) => (f.p.layer === 'event' || (places && f.p.layer === 'place'))
      && inWindow(f.p.day, chosen) && passes(f.p));
    drawPoints();
    const nEvents = points.filter((f) => f.p.layer === 'event').length;
    $('count').textContent = nZones + ' zones in force, ' + nEvents + ' events, ' +
      (points.length - nEvents) + ' places';
  }

  ['day', 'window', 'f-type', 'f-actor', 'f-country', 'f-grantor', 'show-places']
    .forEach((id) => $(id).addEventListener('input', redraw));
  map.on('zoomend', drawPoints);
  const coords = data.filter((f) => f.p.layer !== 'zone').map((f) => [f.g[1], f.g[0]]);
  if (coords.length) map.fitBounds(L.latLngBounds(coords).pad(0.2), {maxZoom: 7});
  else map.setView([30, 20], 2);
  redraw();
  // What is on screen, in container pixels (for scripts and the browser tests).
  function visible() {
    return drawn.map((d) => {
      const pt = map.latLngToContainerPoint([d.lat, d.lon]);
      return {layer: d.layer, count: d.count, x: pt.x, y: pt.y, props: d.p};
    });
  }
  window.corpusMap = {map: map, redraw: redraw, visible: visible};
})();
"""
