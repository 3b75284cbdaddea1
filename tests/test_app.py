"""The dashboard's logic through streamlit.testing (no browser): first screen, paste, uploads,
bad input, controls, timeline. The browser-level checks are in test_app_browser.py."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from mapper.ingest import parse_article

ROOT = Path(__file__).resolve().parents[1]
APP = str(ROOT / "streamlit_app.py")
SEEDS = ROOT / "seeds"
DOWNLOADS = ["GeoJSON", "GeoPackage", "HTML map", "PNG", "CSV"]
PASTED = ("ODESA, March 3 -- Drones struck the port of Odesa overnight, officials said. "
          "Air defence units near Mykolaiv shot down several of them.")


def fresh() -> AppTest:
    app = AppTest.from_file(APP, default_timeout=90).run()
    assert not app.exception, app.exception
    return app


TABLES = {"places_table": "mentions", "zones_table": "area_km2", "statements_table": "relation"}


def table(app: AppTest, name: str):
    """A table by a column only it has (AppTest gives display-only dataframes no key)."""
    return next(d.value for d in app.dataframe if TABLES[name] in d.value.columns)


def map_components(app: AppTest) -> list:
    return [e for e in app.get("component_instance") if "st_folium" in e.proto.component_name]


def shown(markdown: str) -> str:
    """What an alert shows: the app escapes every punctuation mark of article-derived text."""
    return re.sub(r"\\(.)", r"\1", markdown)


def errors(app: AppTest) -> list[str]:
    return [shown(e.value) for e in app.error]


def corpus(*names: str, extra: list[str] = ()) -> bytes:
    """Seed articles as a JSONL corpus {"id","date","title","text"} plus raw extra lines."""
    lines = []
    for name in names:
        a = parse_article((SEEDS / name).read_text(encoding="utf-8"))
        lines.append(json.dumps({"id": a.id, "date": a.date.isoformat(), "title": a.title,
                                 "text": a.text}))
    return "\n".join([*lines, *extra]).encode("utf-8")


def test_first_screen_is_an_analysed_sample_on_a_map() -> None:
    app = fresh()
    assert not errors(app)
    assert len(map_components(app)) == 1
    places = table(app, "places_table")
    assert {"Kharkiv", "Russia", "Ukraine"} <= set(places["name"])
    kharkiv = places[places["name"] == "Kharkiv"].iloc[0]
    assert kharkiv["country"] == "UA" and 49 < kharkiv["lat"] < 51
    assert [b.label for b in app.download_button] == DOWNLOADS
    text = "".join(h.value for h in app.html)
    assert 'class="cm-place"' in text and ">Kharkiv</mark>" in text


def test_pasting_an_article_replaces_the_map() -> None:
    app = fresh()
    app.radio(key="mode").set_value("Paste text").run()
    app.text_area(key="paste_text").set_value(PASTED)
    app.button[0].click().run()  # the form's "Analyse text"
    assert not app.exception and not errors(app)
    places = table(app, "places_table")
    assert set(places["article"]) == {"pasted text"}
    assert {"Odesa", "Mykolaiv"} <= set(places["name"])
    assert "Drones struck the port of" in "".join(h.value for h in app.html)


def test_empty_paste_says_so_and_the_app_keeps_working() -> None:
    app = fresh()
    app.radio(key="mode").set_value("Paste text").run()
    app.text_area(key="paste_text").set_value("   ")
    app.button[0].click().run()
    assert not app.exception
    assert any("empty input" in e for e in errors(app))
    app.text_area(key="paste_text").set_value(PASTED)
    app.button[0].click().run()
    assert not errors(app) and "Odesa" in set(table(app, "places_table")["name"])


def test_bad_uploads_each_get_a_specific_message_and_the_corpus_still_shows() -> None:
    app = fresh()
    app.radio(key="mode").set_value("Upload files").run()
    page = (b"<html><head><title>Night of strikes</title><script>document.title='x'</script>"
            b"</head><body><nav>Home | World</nav><article><h1>Night of strikes</h1><p>KYIV, "
            b"March 3 -- Russian missiles hit the port overnight, the governor said.</p><p>In "
            b"Kherson, shelling damaged a hospital, officials said.</p><p>Air defence units "
            b"near Mykolaiv shot down most of the drones.</p></article></body></html>")
    app.file_uploader(key="uploads").set_value([
        ("corpus.jsonl", corpus("01-us-kharkiv-permission.md", "05-atacms-kursk.md",
                                extra=['{"id": "broken", "text": ']), "application/jsonl"),
        ("photo.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "text/plain"),
        ("huge.txt", b"Kharkiv " * 700_000, "text/plain"),
        ("page.html", page, "text/html"),
        ("blank.md", b"\n\n", "text/markdown"),
    ]).run()
    assert not app.exception
    errs = errors(app)
    assert any(e.startswith("corpus.jsonl, line 3: malformed JSON") for e in errs)
    assert any(e.startswith("photo.txt: binary file") for e in errs)
    assert any(e.startswith("huge.txt: article has 5,600,000 characters") for e in errs)
    assert any(e.startswith("blank.md: empty input") for e in errs)
    assert any("page.html" in shown(i.value) and "1 <script> element" in shown(i.value)
               for i in app.info)
    articles = set(table(app, "places_table")["article"])
    assert articles == {"01-us-kharkiv-permission", "05-atacms-kursk", "page"}
    assert len(map_components(app)) == 1


def test_controls_rerun_the_analysis_without_errors() -> None:
    app = fresh()
    before = len(table(app, "places_table"))
    app.slider(key="threshold").set_value(0.95).run()
    assert not app.exception
    assert len(table(app, "places_table")) < before
    app.slider(key="threshold").set_value(0.0)
    app.selectbox(key="border_view").set_value("de_facto_natural_earth")
    app.number_input(key="depth").set_value(40.0).run()
    assert not app.exception and len(table(app, "places_table")) == before
    app.pills(key="statuses").set_value(["permitted"]).run()
    assert not app.exception and len(map_components(app)) == 1


def test_the_text_view_links_a_place_to_the_map() -> None:
    app = fresh()
    app.selectbox(key="focus").set_value("Kharkiv").run()
    assert not app.exception
    text = "".join(h.value for h in app.html)
    assert 'class="cm-place cm-selected"' in text
    assert ">Kharkiv</h4>" in text  # the details panel beside the map shows the place
    assert "Kharkiv, the second-largest city in Ukraine" in text  # with its evidence


@pytest.mark.parametrize("names", [("01-us-kharkiv-permission.md", "05-atacms-kursk.md")])
def test_a_corpus_gets_a_policy_timeline(names: tuple[str, ...]) -> None:
    app = fresh()
    app.radio(key="mode").set_value("Samples").run()
    app.multiselect(key="samples").set_value(list(names)).run()
    assert not app.exception
    slider = app.slider(key="day")
    assert slider.value == dt.date(2024, 11, 17)  # opens on the latest day
    late = table(app, "zones_table")
    slider.set_value(dt.date(2024, 5, 31)).run()
    early = table(app, "zones_table")
    assert not app.exception
    # Waits on the rules layer: zones exist, and on the first day only the first article's
    # zones are in force; later the US ATACMS permission replaces the US ATACMS ban.
    assert len(late) and len(early)
    assert set(early["article"]) == {"01-us-kharkiv-permission"}
    assert "05-atacms-kursk" in set(late["article"])
    us_atacms = late[(late["grantor"] == "US") & late["weapons"].str.contains("ATACMS")]
    assert set(us_atacms["status"]) == {"permitted"}
