"""HTML and PNG maps without a browser: offline assets, escaping, layers, legend, size."""

from __future__ import annotations

import io
import re

import folium
import numpy as np
import pytest
from map_samples import empty_analysis, kharkiv_analysis
from PIL import Image

from mapper.layers import STATUS_COLOURS
from mapper.maps import build_map, escape_text, html_bytes, png_bytes, write_html, write_png
from mapper.maps.offline_assets import offline_js

CDN_HINTS = ("cdn.jsdelivr", "cdnjs", "code.jquery", "bootstrapcdn", "fontawesome",
             "awesome-markers", "unpkg")


@pytest.fixture(scope="module")
def hostile_html() -> str:
    return html_bytes([kharkiv_analysis(hostile=True)]).decode("utf-8")


def test_escape_text_covers_html_and_js_template_characters():
    assert escape_text("<a href=\"x\" title='y'>&</a>") == \
        "&lt;a href=&quot;x&quot; title=&#x27;y&#x27;&gt;&amp;&lt;/a&gt;"
    assert escape_text("`${x}` \\") == "&#96;&#36;{x}&#96; &#92;"
    assert escape_text(None) == "" and escape_text(3) == "3"
    assert not set(escape_text("<>\"'`$\\")) & set("<>\"'`$\\")


def test_offline_html_references_no_network_asset(hostile_html):
    html = html_bytes([kharkiv_analysis()]).decode("utf-8")
    urls = re.findall(r"""(?:src|href)\s*=\s*["']?([^"' >]+)""", html)
    assert urls and all(u.startswith(("data:", "#")) for u in urls), urls
    assert re.findall(r"url\((?!data:|#)", hostile_html) == []
    for hint in CDN_HINTS:
        assert hint not in hostile_html, hint
    assert "tile.openstreetmap.org" not in hostile_html
    assert hostile_html.count(offline_js()[0][1]) == 1  # Leaflet inlined once


def test_offline_assets_do_not_change_folium_class_defaults():
    before = list(folium.Map.default_js)
    build_map([kharkiv_analysis()])
    assert folium.Map.default_js == before
    assert any("cdn" in url for _, url in folium.Map.default_js)


def test_article_text_never_reaches_the_page_unescaped(hostile_html):
    for raw in ("<script>window.__pwned", "<img src=x", "${window", "`backtick`",
                "back\\slash", "<b>x</b>"):
        assert raw not in hostile_html, raw
    assert "&lt;script&gt;window.__pwned=1&lt;/script&gt;" in hostile_html
    assert "&#36;{window.__pwned=1}" in hostile_html


def test_map_has_a_layer_per_status_places_legend_and_controls():
    m = build_map([kharkiv_analysis()])
    html = m.get_root().render()
    for label in ("Permitted strikes (1)", "Restricted (no strikes) (1)", "Defended area (1)",
                  "Places"):
        assert f'"{label}"' in html, label
    assert "Ambiguous scope" not in html  # no such zone: no empty layer, no legend row
    assert "L.control.layers" in html and "L.control.scale" in html
    assert "MapperFullscreen" in html and "MapperMeasure" in html
    assert "HIMARS, GMLRS: up to 84 km" in html and "ATACMS: no range limit" in html
    for status in ("permitted", "restricted", "defended"):
        assert STATUS_COLOURS[status] in html
    assert "Natural Earth, GeoNames" in html
    assert m.options["max_zoom"] == 12
    assert "fitBounds" in html


def test_statuses_limit_the_zone_layers():
    html = build_map([kharkiv_analysis()], statuses=["permitted"]).get_root().render()
    assert "Permitted strikes (1)" in html
    assert "Restricted (no strikes)" not in html and "Defended area" not in html


def test_online_tiles_add_openstreetmap():
    m = build_map([kharkiv_analysis()], online_tiles=True)
    html = m.get_root().render()
    assert "tile.openstreetmap.org" in html
    assert "OpenStreetMap contributors" in html and "Natural Earth, GeoNames" in html
    assert m.options["max_zoom"] == 18


def test_map_without_data_still_renders(tmp_path):
    path = tmp_path / "empty.html"
    write_html([empty_analysis()], path)
    html = path.read_text(encoding="utf-8")
    assert "fitBounds" not in html and "L.control.layers" in html


def test_html_for_one_article_is_small(hostile_html):
    assert len(hostile_html.encode()) <= 2_000_000


def test_png_shows_zones_in_status_colours(tmp_path):
    path = tmp_path / "map.png"
    write_png([kharkiv_analysis(hostile=True)], path)  # `$` in labels must not break mathtext
    image = Image.open(io.BytesIO(path.read_bytes())).convert("RGB")
    assert image.width == 1000
    colours = {tuple(c) for c in np.asarray(image).reshape(-1, 3).tolist()}

    def near(hex_colour: str) -> bool:
        r, g, b = (int(hex_colour[i:i + 2], 16) for i in (1, 3, 5))
        return any(abs(c[0] - r) + abs(c[1] - g) + abs(c[2] - b) < 30 for c in colours)

    # Zone outlines are drawn at full colour.
    assert near(STATUS_COLOURS["permitted"]) and near(STATUS_COLOURS["restricted"])
    assert png_bytes([empty_analysis()])[:8] == b"\x89PNG\r\n\x1a\n"
