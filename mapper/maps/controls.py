"""Full-screen and measure controls written for these maps, with no external assets.

folium.plugins.Fullscreen and MeasureControl load leaflet.fullscreen and leaflet-measure from
CDNs, and no installed package ships those files, so an offline map could not use them. These two
small Leaflet controls do the same jobs with the browser's Fullscreen API and Leaflet's own
geometry: `map.distance` (great circle) for lengths and the spherical-excess formula for areas.
Their icons are inline SVG and their text is set with textContent.
"""

from __future__ import annotations

from folium.elements import MacroElement
from folium.template import Template

_CSS = """
<style>
.mapper-ctl a { display: flex; align-items: center; justify-content: center; }
.mapper-ctl a svg { width: 18px; height: 18px; }
.mapper-ctl a.mapper-on { background: #d8e8f8; }
.mapper-measure-out { background: #fff; padding: 4px 6px; font: 12px/1.3 sans-serif;
  max-width: 220px; border-top: 1px solid #ccc; }
</style>
"""

FULLSCREEN_JS = """
L.Control.MapperFullscreen = L.Control.extend({
  options: {position: 'topleft'},
  onAdd: function (map) {
    var box = L.DomUtil.create('div', 'leaflet-bar mapper-ctl');
    var a = L.DomUtil.create('a', '', box);
    a.href = '#'; a.title = 'Full screen'; a.setAttribute('role', 'button');
    a.innerHTML = '<svg viewBox="0 0 18 18" fill="none" stroke="#333" stroke-width="2">' +
      '<path d="M2 7V2h5M11 2h5v5M16 11v5h-5M7 16H2v-5"/></svg>';
    L.DomEvent.on(a, 'click', function (ev) {
      L.DomEvent.stop(ev);
      var el = map.getContainer();
      if (document.fullscreenElement) { document.exitFullscreen(); }
      else if (el.requestFullscreen) { el.requestFullscreen(); }
    });
    document.addEventListener('fullscreenchange', function () { map.invalidateSize(); });
    return box;
  }
});
"""

MEASURE_JS = """
L.Control.MapperMeasure = L.Control.extend({
  options: {position: 'topleft'},
  onAdd: function (map) {
    var box = L.DomUtil.create('div', 'leaflet-bar mapper-ctl mapper-measure');
    var a = L.DomUtil.create('a', '', box);
    a.href = '#'; a.title = 'Measure distance and area (click points, click again to clear)';
    a.setAttribute('role', 'button');
    a.innerHTML = '<svg viewBox="0 0 18 18" fill="none" stroke="#333" stroke-width="1.6">' +
      '<path d="M1 13L13 1l4 4L5 17z M4 10l2 2 M7 7l2 2 M10 4l2 2"/></svg>';
    var out = L.DomUtil.create('div', 'mapper-measure-out', box);
    out.style.display = 'none';
    var points = [], drawn = L.layerGroup(), active = false, R = 6371008.8;
    function areaM2(ll) {
      var sum = 0, rad = Math.PI / 180;
      for (var i = 0; i < ll.length; i++) {
        var p = ll[i], q = ll[(i + 1) % ll.length];
        sum += (q.lng - p.lng) * rad * (2 + Math.sin(p.lat * rad) + Math.sin(q.lat * rad));
      }
      return Math.abs(sum * R * R / 2);
    }
    function km(m) { return (m / 1000).toLocaleString('en', {maximumFractionDigits: 1}); }
    function redraw() {
      drawn.clearLayers();
      var length = 0;
      for (var i = 1; i < points.length; i++) { length += map.distance(points[i - 1], points[i]); }
      if (points.length > 2) {
        L.polygon(points, {color: '#000', weight: 2, dashArray: '4 4', fillOpacity: 0.1,
                           interactive: false}).addTo(drawn);
      } else if (points.length > 1) {
        L.polyline(points, {color: '#000', weight: 2, dashArray: '4 4',
                            interactive: false}).addTo(drawn);
      }
      points.forEach(function (p) {
        L.circleMarker(p, {radius: 3, color: '#000', interactive: false}).addTo(drawn);
      });
      var text = points.length < 2 ? 'Click points on the map' : 'Distance ' + km(length) + ' km';
      if (points.length > 2) { text += ', area ' + km(areaM2(points) / 1000) + ' km\u00b2'; }
      out.textContent = text;
    }
    function onClick(e) { points.push(e.latlng); redraw(); }
    L.DomEvent.disableClickPropagation(box);
    L.DomEvent.on(a, 'click', function (ev) {
      L.DomEvent.stop(ev);
      active = !active;
      points = [];
      drawn.clearLayers();
      L.DomUtil[active ? 'addClass' : 'removeClass'](a, 'mapper-on');
      map.getContainer().style.cursor = active ? 'crosshair' : '';
      if (active) { drawn.addTo(map); map.on('click', onClick); redraw(); }
      else { map.off('click', onClick); drawn.remove(); }
      out.style.display = active ? 'block' : 'none';
    });
    return box;
  }
});
"""


class _Control(MacroElement):
    """A control defined by static JS (no user data) and added to the parent map."""

    js_class = ""
    js_source = ""
    _template = Template("""
        {% macro header(this, kwargs) %}{{ this.css }}{% endmacro %}
        {% macro script(this, kwargs) %}
        if (!L.Control.{{ this.js_class }}) { {{ this.js_source }} }
        new L.Control.{{ this.js_class }}().addTo({{ this._parent.get_name() }});
        {% endmacro %}
    """)

    def __init__(self) -> None:
        super().__init__()
        self._name = self.js_class
        self.css = _CSS


class FullscreenControl(_Control):
    """Button that puts the map in full screen (offline replacement for plugins.Fullscreen)."""

    js_class = "MapperFullscreen"
    js_source = FULLSCREEN_JS


class MeasureControl(_Control):
    """Distance and area tool (offline replacement for plugins.MeasureControl)."""

    js_class = "MapperMeasure"
    js_source = MEASURE_JS
