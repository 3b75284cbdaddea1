"""Leaflet and jQuery from installed packages, inlined as data: URIs, so a map needs no CDN.

folium's Map lists Leaflet, jQuery, Bootstrap, Font Awesome and awesome-markers on CDNs in the
class attributes `default_js` / `default_css`. `use_offline_assets` replaces both lists on one
Map *instance* (folium's `add_js_link` would edit the shared class list and change every map).
Bootstrap, glyphicons and the awesome-markers files are dropped: these maps use only Leaflet
core features (CircleMarker, GeoJson, Popup, Tooltip, LayerControl) and their own controls.
"""

from __future__ import annotations

import base64
import re
from functools import lru_cache
from pathlib import Path

import folium
import xstatic.pkg.jquery as xjquery
import xstatic.pkg.leaflet as xleaflet


def data_uri(mime: str, payload: bytes) -> str:
    return f"data:{mime};base64,{base64.b64encode(payload).decode('ascii')}"


def _leaflet_dir() -> Path:
    return Path(xleaflet.BASE_DIR)


@lru_cache(maxsize=1)
def leaflet_css() -> str:
    """leaflet.css with its url(images/...) references inlined too (layer-control icon)."""
    css = (_leaflet_dir() / "leaflet.css").read_text(encoding="utf-8")

    def inline(match: re.Match[str]) -> str:
        image = _leaflet_dir() / match.group(1)
        return f"url({data_uri('image/png', image.read_bytes())})"

    return re.sub(r"url\((images/[\w.-]+\.png)\)", inline, css)


@lru_cache(maxsize=1)
def offline_js() -> list[tuple[str, str]]:
    leaflet = (_leaflet_dir() / "leaflet.js").read_bytes()
    jquery = (Path(xjquery.BASE_DIR) / "jquery.min.js").read_bytes()
    return [("leaflet", data_uri("text/javascript", leaflet)),
            ("jquery", data_uri("text/javascript", jquery))]


@lru_cache(maxsize=1)
def offline_css() -> list[tuple[str, str]]:
    return [("leaflet_css", data_uri("text/css", leaflet_css().encode("utf-8")))]


def use_offline_assets(m: folium.Map) -> folium.Map:
    """Point this map (only this instance) at the inlined assets and drop the other CDN links."""
    m.default_js = list(offline_js())
    m.default_css = list(offline_css())
    return m


LEAFLET_VERSION: str = xleaflet.VERSION
JQUERY_VERSION: str = xjquery.VERSION
