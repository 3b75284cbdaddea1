"""HTML maps in a real headless Chromium with the network blocked, as a reader opens them.

Needs Debian's /usr/bin/chromium (CI installs it), driven via executable_path; Playwright
never downloads a browser here.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pytest
from browser_support import chromium
from map_samples import kharkiv_analysis
from PIL import Image

from mapper.layers import STATUS_COLOURS, places_frame
from mapper.layers.style import FILL_OPACITY
from mapper.maps import write_html
from mapper.maps.basemap import BASEMAP_FILL

CHROMIUM = Path("/usr/bin/chromium")
SEED_01 = Path(__file__).resolve().parents[1] / "seeds" / "01-us-kharkiv-permission.md"
VIEWPORT = {"width": 1100, "height": 750}
FIND_MAP = """() => {
  for (const key of Object.keys(window)) {
    if (key.startsWith('map_') && window[key] instanceof L.Map) return key;
  }
  return null;
}"""


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium (apt-get install "
                    "chromium); these tests never download a browser", pytrace=False)
    with chromium() as browser:
        yield browser


@dataclass
class Opened:
    page: object
    requests: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def open_map(browser, path: Path) -> Opened:
    """Open a saved map with every non-file, non-data request aborted and counted."""
    page = browser.new_page(viewport=VIEWPORT)
    opened = Opened(page)

    def route(route):
        url = route.request.url
        if url.startswith(("file:", "data:")):
            route.continue_()
        else:
            opened.requests.append(url)
            route.abort()

    page.route("**/*", route)
    page.on("pageerror", lambda error: opened.errors.append(str(error)))
    page.on("console", lambda m: opened.errors.append(m.text) if m.type == "error" else None)
    page.goto(path.resolve().as_uri())
    page.wait_for_selector("path.leaflet-interactive", timeout=10_000)
    page.wait_for_load_state("load")
    return opened


def expected_fill(status: str) -> np.ndarray:
    """The zone colour at FILL_OPACITY over the basemap land colour, as the browser blends it."""
    def rgb(hex_colour: str) -> np.ndarray:
        return np.array([int(hex_colour[i:i + 2], 16) for i in (1, 3, 5)], dtype=float)
    return FILL_OPACITY * rgb(STATUS_COLOURS[status]) + (1 - FILL_OPACITY) * rgb(BASEMAP_FILL)


def share_of_fill_pixels(page, lat: float, lon: float, status: str) -> float:
    """Share of the pixels in a 15x15 box around lat/lon that have the zone's fill colour."""
    name = page.evaluate(FIND_MAP)
    assert name, "no Leaflet map object on the page"
    point = page.evaluate(
        f"([lat, lon]) => {{ const m = window['{name}'];"
        " const p = m.latLngToContainerPoint([lat, lon]);"
        " const r = m.getContainer().getBoundingClientRect();"
        " return [p.x + r.left, p.y + r.top]; }", [lat, lon])
    x, y = (int(round(v)) for v in point)
    assert 7 <= x < VIEWPORT["width"] - 7 and 7 <= y < VIEWPORT["height"] - 7, (x, y)
    shot = np.asarray(Image.open(io.BytesIO(page.screenshot())).convert("RGB"), dtype=float)
    box = shot[y - 7:y + 8, x - 7:x + 8].reshape(-1, 3)
    close = np.abs(box - expected_fill(status)).max(axis=1) <= 12
    return float(close.mean())


def zoom_to(page, bounds: tuple[float, float, float, float]) -> None:
    """Zoom the map to a lon/lat box without animation, as a reader zooming in would."""
    minx, miny, maxx, maxy = bounds
    name = page.evaluate(FIND_MAP)
    page.evaluate(f"(b) => window['{name}'].fitBounds(b, {{animate: false}})",
                  [[miny, minx], [maxy, maxx]])


def hide_layers_except(page, keep: str) -> None:
    """Untick every overlay in the layer control but `keep`, as a reader would."""
    labels = page.locator(".leaflet-control-layers-overlays label")
    for i in range(labels.count()):
        label = labels.nth(i)
        box = label.locator("input")
        if keep not in label.inner_text() and box.is_checked():
            box.uncheck()


def test_hostile_article_text_runs_no_script(browser, tmp_path):
    path = tmp_path / "hostile.html"
    write_html([kharkiv_analysis(hostile=True)], path)
    opened = open_map(browser, path)
    page = opened.page
    # Open every popup and tooltip, so the escaped strings are parsed as HTML too.
    for i in range(page.locator("path.leaflet-interactive").count()):
        page.locator("path.leaflet-interactive").nth(i).dispatch_event("mouseover")
        page.locator("path.leaflet-interactive").nth(i).dispatch_event("click")
    shown = " ".join(page.locator(".leaflet-popup-content, .leaflet-tooltip, .mapper-legend")
                     .all_inner_texts()) + page.title()
    # The hostile strings are shown as text, exactly as written.
    for text in ("<script>window.__pwned=1</script>", '<img src=x onerror="window.__pwned=1">',
                 "${window.__pwned=1}", "`backtick`", "back\\slash", "<b>x</b>`${1}`"):
        assert text in shown, text
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert page.locator(".leaflet-container img[src='x']").count() == 0
    assert opened.errors == []
    assert opened.requests == []
    page.close()


def test_every_layer_draws_and_toggles(browser, tmp_path):
    analysis = kharkiv_analysis()
    path = tmp_path / "map.html"
    write_html([analysis], path)
    opened = open_map(browser, path)
    page = opened.page
    paths = page.locator("path.leaflet-interactive")
    places = 4
    assert paths.count() == len(analysis.zones) + places
    for status in ("permitted", "restricted", "defended"):
        colour = STATUS_COLOURS[status]
        assert page.locator(f"path.leaflet-interactive[fill='{colour}']").count() == 1, status
    # Unticking "Places" removes the four markers and nothing else.
    page.locator(".leaflet-control-layers-overlays label", has_text="Places").locator(
        "input").uncheck()
    assert paths.count() == len(analysis.zones)
    # The permitted zone's popup gives the evidence sentence, date, rule and confidence.
    page.locator(f"path.leaflet-interactive[fill='{STATUS_COLOURS['permitted']}']").click(
        force=True)
    popup = page.locator(".leaflet-popup-content").inner_text()
    for text in (analysis.zones[0].evidence[0].text, "2024-05-31", "permit.across_border",
                 "0.80", "up to 84 km"):
        assert text in popup, text
    legend = page.locator(".mapper-legend").inner_text()
    assert "HIMARS, GMLRS: up to 84 km" in legend
    assert "Natural Earth, GeoNames" in page.locator(".leaflet-control-attribution").inner_text()
    assert page.locator(".leaflet-control-scale").count() == 1
    assert opened.errors == [] and opened.requests == []
    page.close()


def test_measure_control_reports_distance_and_area(browser, tmp_path):
    path = tmp_path / "map.html"
    write_html([kharkiv_analysis()], path)
    opened = open_map(browser, path)
    page = opened.page
    page.locator(".mapper-measure a").click()
    for xy in ((150, 600), (350, 600), (350, 700)):
        page.mouse.click(*xy)
    text = page.locator(".mapper-measure-out").inner_text()
    assert text.startswith("Distance ") and " km, area " in text, text
    assert page.locator(".leaflet-control-container svg").count() >= 2  # inline icons
    assert opened.errors == [] and opened.requests == []
    page.close()


def test_sample_zone_colour_appears_where_the_zone_is(browser, tmp_path):
    analysis = kharkiv_analysis()
    path = tmp_path / "map.html"
    write_html([analysis], path)
    opened = open_map(browser, path)
    hide_layers_except(opened.page, "Permitted")
    inside = analysis.zones[0].geometry.representative_point()
    assert share_of_fill_pixels(opened.page, inside.y, inside.x, "permitted") > 0.5
    # ... and not where it is not (the restricted Kursk zone is hidden: plain basemap there).
    outside = analysis.zones[1].geometry.representative_point()
    assert share_of_fill_pixels(opened.page, outside.y, outside.x, "permitted") == 0
    opened.page.close()


@pytest.fixture(scope="module")
def seed_01():
    from mapper.analysis.pipeline import analyze

    return analyze(SEED_01.read_text(encoding="utf-8"))


def test_seed_01_map_offline_in_a_browser(browser, seed_01, tmp_path):
    permitted = [z for z in seed_01.zones if z.status == "permitted"]
    assert permitted, ("the pipeline found no permitted zone in seed 01 (the rules layer "
                       "should map 'across the border from the Kharkiv region'); nothing to draw")
    path = tmp_path / "seed01.html"
    write_html([seed_01], path)
    assert path.stat().st_size <= 2_000_000, path.stat().st_size
    opened = open_map(browser, path)
    page = opened.page
    places = len(places_frame([seed_01]))
    assert page.locator("path.leaflet-interactive").count() == len(seed_01.zones) + places
    overlays = page.locator(".leaflet-control-layers-overlays label").all_inner_texts()
    for status in {z.status for z in seed_01.zones}:
        colour = STATUS_COLOURS[status]
        drawn = page.locator(f"path.leaflet-interactive[fill='{colour}']").count()
        assert drawn == sum(z.status == status for z in seed_01.zones), status
    assert any("Places" in label for label in overlays)
    assert opened.errors == []
    assert opened.requests == []

    hide_layers_except(page, "Permitted")
    zoom_to(page, permitted[0].geometry.bounds)
    inside = permitted[0].geometry.representative_point()
    assert share_of_fill_pixels(page, inside.y, inside.x, "permitted") > 0.5
    page.close()


EVENT_ARTICLE = ("Russian drones struck an oil depot in Kharkiv on Friday, killing two workers. "
                 "On Thursday, an Israeli airstrike hit a house in Tyre, killing <b>three</b> "
                 "people, the ministry said.")


def test_events_layer_draws_with_legend_and_escaped_popups(browser, tmp_path):
    import datetime as dt

    from mapper.analysis.pipeline import analyze

    analysis = analyze(EVENT_ARTICLE, date=dt.date(2024, 3, 2), article_id="events-map")
    assert len(analysis.events) == 2
    path = tmp_path / "events.html"
    write_html([analysis], path)
    opened = open_map(browser, path)
    page = opened.page
    icons = page.locator(".mapper-event")
    assert icons.count() == 2
    legend = page.locator(".mapper-legend").inner_text()
    assert "Explosions/Remote violence" in legend
    overlay = page.locator(".leaflet-control-layers-overlays label", has_text="Events (2)")
    assert overlay.count() == 1
    icons.first.dispatch_event("click")
    popup = page.locator(".leaflet-popup-content").inner_text()
    first = analysis.events[0]
    assert first.evidence[0].text in popup
    assert first.event_date.isoformat() in popup and first.sub_event_type in popup
    icons.nth(1).dispatch_event("click")
    assert "<b>three</b>" in page.locator(".leaflet-popup-content").last.inner_text()  # as text
    # Unticking "Events" removes the two icons.
    overlay.locator("input").uncheck()
    assert icons.count() == 0
    assert opened.errors == [] and opened.requests == []
    page.close()
