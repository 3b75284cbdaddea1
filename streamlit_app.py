"""conflict-mapper dashboard: articles in; places, strike zones and the sentences behind them out.

A thin edge over the library: mapper.ingest reads the inputs, a pool of Analyzers reads each
article once (cached per article) and redraws its zones per settings, mapper.maps draws the
map and mapper.layers / mapper.maps write the downloads (the CLI's writers). UI helpers live
in mapper.dashboard.
"""

from __future__ import annotations

import datetime as dt
import html
import sys
import threading
import time
from pathlib import Path
from typing import Any

import pandas as pd
import streamlit as st
import streamlit.components.v1 as components
from streamlit_folium import st_folium

from mapper.analysis.models import ANALYSIS_VERSION, ZONE_STATUSES, Analysis
from mapper.catalogs.weapons import weapon_catalog
from mapper.dashboard import (
    controls,
    corpus,
    events,
    highlight,
    inputs,
    plain,
    selection,
    tables,
    timeline,
    workers,
)
from mapper.dashboard.disk_cache import DiskCache, cache_key, disk_cache_settings
from mapper.ingest import Article, read_articles
from mapper.paths import seeds_dir

SEEDS = seeds_dir()
SAMPLES = {p.name: p for p in inputs.sample_files(SEEDS)}
FIRST_SAMPLE = next(iter(SAMPLES), None)
CORPUS_SOURCE = "Batch output"
SOURCES = ("Samples", "Paste text", "Upload files", CORPUS_SOURCE)
STATUS_MARKS = {"permitted": ":green[\u25a0]", "restricted": ":red[\u25a0]",
                "ambiguous": ":orange[\u25a0]", "defended": ":blue[\u25a0]"}
STATUS_HELP = {
    "permitted": "areas a party may strike with the weapons named",
    "restricted": "areas a party may not strike",
    "ambiguous": "a grant or ban whose geography the text does not pin down",
    "defended": "the area the permission protects",
}

st.set_page_config(page_title="conflict-mapper", page_icon=":world_map:", layout="wide")


# -- cached work ----------------------------------------------------------------------------------

@st.cache_resource(show_spinner=False)
def analyzers() -> workers.Pool[Any]:
    """The Analyzers of this server (one per core): a session takes a free one, so sessions
    analyse side by side instead of queueing behind one lock."""
    return workers.Pool(workers.new_analyzer, workers.default_size())


@st.cache_resource(show_spinner=False)
def drawers() -> workers.Pool[Any]:
    """Drawers (policies and zones of a read article, no language pipeline): a control change
    never waits for a parse in another session."""
    return workers.Pool(workers.new_drawer, workers.default_size())


@st.cache_resource(show_spinner=False)
def warm_up() -> threading.Thread:
    """Once per server, after the first page is out: load a pipeline, the gazetteer and the
    boundaries in the background, so the first pasted article does not pay for them."""
    def work() -> None:
        time.sleep(4.0)  # let the browser draw the first map first (2 cores)
        try:
            article = read_articles(FIRST_SAMPLE, SAMPLES[FIRST_SAMPLE].read_bytes())[0]
            if isinstance(article, Article):
                with analyzers().lease() as analyzer:
                    analyzer.read(article)
        except Exception as exc:  # noqa: BLE001 - a failed warm-up only costs time later
            print(f"conflict-mapper: warm-up failed: {exc!r}", file=sys.stderr)

    thread = threading.Thread(target=work, name="mapper-warm-up", daemon=True)
    if FIRST_SAMPLE:
        thread.start()
    return thread


@st.cache_data(max_entries=256, ttl=dt.timedelta(hours=12), show_spinner=False)
def read(article_id: str, text: str, title: str | None, date: dt.date | None,
         source: str | None, code: str) -> Analysis:
    """One article read once (parse, places, statements), cached on the article and on `code`
    (the analysis version and a fingerprint of the mapper, its data and the gazetteer) -- never
    on the controls. Also kept in the bounded disk cache (mapper.dashboard.disk_cache), so a
    restarted server shows the first map without loading the language pipeline."""
    store = DiskCache(disk_cache_settings())
    key = cache_key(article_id, text, title, date, source, code)
    kept = store.get(key)
    if isinstance(kept, Analysis):
        return kept
    article = Article(id=article_id, text=text, title=title, date=date, source=source)
    with analyzers().lease() as analyzer:
        result = analyzer.read(article)
    store.put(key, result)
    return result


@st.cache_data(max_entries=256, ttl=dt.timedelta(hours=12), show_spinner=False)
def analyse(article_id: str, text: str, title: str | None, date: dt.date | None,
            source: str | None, key: controls.SettingsKey, code: str) -> Analysis:
    """The article's policies and zones under one set of controls: `Analyzer.redraw` over the
    cached reading, so a control change never parses the text again."""
    reading = read(article_id, text, title, date, source, code)
    with drawers().lease() as drawer:
        return drawer.redraw(reading, controls.settings_from_key(key))


@st.cache_resource(show_spinner=False)
def code_fingerprint() -> str:
    """What the cached analyses were made with; read once per server (code loads once too)."""
    import mapper
    from mapper.gazetteer.store import gazetteer_path
    from mapper.paths import geodata_dir

    return f"v{ANALYSIS_VERSION}-" + controls.fingerprint(
        Path(mapper.__file__).resolve().parent, geodata_dir(), gazetteer_path())


@st.cache_data(show_spinner=False)
def rules_default_depth() -> float | None:
    """The default depth the rules lexicon gives (shown as the control's placeholder)."""
    from mapper.rules import rule_lexicon

    value = rule_lexicon().zones.default_depth_km
    return float(value) if value is not None else None


# -- input callbacks: each sets the articles on the map -------------------------------------------

def use_samples() -> None:
    names = st.session_state.get("samples") or []
    st.session_state.inputs = [(n, SAMPLES[n].read_bytes()) for n in names if n in SAMPLES]
    st.session_state.selected = None


def use_paste() -> None:
    text = st.session_state.get("paste_text") or ""
    st.session_state.inputs = [(inputs.PASTED, text.encode("utf-8"))]
    st.session_state.selected = None


def use_uploads() -> None:
    files = st.session_state.get("uploads") or []
    st.session_state.inputs = [(f.name, f.getvalue()) for f in files]
    st.session_state.selected = None


def focus_place() -> None:
    name = st.session_state.get("focus")
    st.session_state.selected = {"kind": "place", "name": name, "center": True} if name else None


if "inputs" not in st.session_state:
    st.session_state.inputs = ([(FIRST_SAMPLE, SAMPLES[FIRST_SAMPLE].read_bytes())]
                               if FIRST_SAMPLE else [])
    st.session_state.selected = None
    if corpus.corpus_folder_from_env():  # `mapper app --corpus OUTDIR`
        st.session_state.mode = CORPUS_SOURCE
        st.session_state.corpus_folder = corpus.corpus_folder_from_env()


# -- sidebar: inputs and controls -----------------------------------------------------------------

def sidebar() -> tuple[controls.SettingsKey, float, bool, dt.date | None]:
    catalog = weapon_catalog()
    with st.sidebar:
        st.header("Articles")
        mode = st.radio("Source", SOURCES, horizontal=True, key="mode")
        if mode == "Samples":
            st.multiselect("Sample articles", list(SAMPLES), key="samples", on_change=use_samples,
                           default=[FIRST_SAMPLE] if FIRST_SAMPLE else [])
        elif mode == "Paste text":
            with st.form("paste", border=False):
                st.text_area("Article text", key="paste_text", height=220,
                             placeholder="Paste a news article (plain text, Markdown or HTML)")
                st.form_submit_button("Analyse text", type="primary", on_click=use_paste)
        elif mode == CORPUS_SOURCE:
            st.text_input("Batch output folder", key="corpus_folder",
                          placeholder="the OUTDIR of `mapper batch ... -o OUTDIR`")
        else:
            st.file_uploader("Articles: .txt, .md, .html, or a .jsonl corpus of "
                             '{"id", "date", "title", "text"}', accept_multiple_files=True,
                             key="uploads", on_change=use_uploads)
        default_date = st.date_input("Article date (for texts that give none)", value=None,
                                     key="default_date", format="YYYY-MM-DD")

        st.header("Zones")
        from mapper.boundaries import border_views

        views = border_views()
        names = list(views.views)
        border_view = st.selectbox("Border view", names, index=names.index(views.default),
                                   format_func=lambda k: views.views[k].title, key="border_view")
        rules_depth = rules_default_depth()
        depth = st.number_input(
            "Default depth (km)", min_value=1.0, max_value=5000.0, value=None, step=5.0,
            key="depth", placeholder=f"rules default ({rules_depth:g} km)" if rules_depth else
            "rules default", help="Depth of a border permission that names no weapon range.")
        threshold = st.slider("Confidence threshold", 0.0, 1.0, 0.0, 0.05, key="threshold",
                              help="Statements and places scored below this are not drawn.")
        online = st.toggle("Tile basemap (online)", value=False, key="online",
                           help="Off: the map loads nothing from the network.")
        with st.expander("Weapon ranges"):
            edited = st.data_editor(pd.DataFrame(controls.range_table(catalog)), key="ranges",
                                    hide_index=True, disabled=["key", "system", "role"],
                                    column_config={"key": None})
            overrides, problems = controls.range_overrides(edited.to_dict("records"), catalog)
            for problem in problems:
                st.warning(f"Range not applied: {problem}")
            if overrides:
                st.caption(f"{len(overrides)} range override(s) in use.")
    key = controls.settings_key(border_view, depth, overrides, threshold)
    return key, threshold, online, default_date


# -- map, details, downloads ----------------------------------------------------------------------

def _selected_hit(shown: list[Analysis]) -> selection.ZoneHit | selection.PlaceHit | None:
    chosen = st.session_state.get("selected")
    if not chosen:
        return None
    if chosen["kind"] == "zone":
        return selection.zone_by_key(shown, chosen["key"])
    return selection.find_place(shown, {"resolved_name": chosen["name"]})


def _remember(hit: selection.ZoneHit | selection.PlaceHit) -> None:
    if isinstance(hit, selection.ZoneHit):
        st.session_state.selected = {"kind": "zone",
                                     "key": selection.zone_key(hit.analysis, hit.zone)}
    else:
        st.session_state.selected = {"kind": "place",
                                     "name": hit.place.resolved_name or hit.place.name}


def _evidence_html(texts: list[str]) -> str:
    quotes = "".join(f'<blockquote style="margin:.3em 0;padding:.3em .8em;border-left:4px solid '
                     f'#999;background:#f6f6f6">{html.escape(t)}</blockquote>' for t in texts)
    return f'<div class="cm-evidence">{quotes}</div>'


def show_details(hit: selection.ZoneHit | selection.PlaceHit | None,
                 colours: dict[str, str]) -> None:
    if isinstance(hit, selection.ZoneHit):
        z = hit.zone
        colour = colours.get(z.status, "#888")
        st.html(f'<h4 style="margin:0"><span style="color:{colour}">&#9632;</span> '
                f"{html.escape(z.status.capitalize())} zone</h4>")
        rows = {
            "Grantor \u2192 grantee": f"{z.grantor or '?'} \u2192 {z.grantee or '?'}",
            "Weapons": weapon_catalog().labels(z.weapons, "any"),
            "Range": tables.range_text(z.range_min_km, z.range_km) or "none applied",
            "Area": f"{z.area_km2:,.0f} km\u00b2",
            "Anchors": ", ".join(z.anchors) or "\u2013",
            "Target country": z.target_country or "\u2013",
            "In force from": (timeline.zone_day(z, hit.analysis) or "undated"),
            "Article": hit.analysis.title or hit.analysis.article_id,
            "Rule": z.rule, "Confidence": f"{z.confidence:.2f}",
        }
        st.dataframe(pd.DataFrame({"": [str(v) for v in rows.values()]}, index=list(rows)),
                     width="stretch")
        st.markdown("**Evidence**")
        st.html(_evidence_html([e.text for e in z.evidence]))
    elif isinstance(hit, selection.PlaceHit):
        p = hit.place
        st.html(f'<h4 style="margin:0">{html.escape(p.name)}</h4>')
        rows = {
            "Resolved": p.resolved_name or "\u2013", "Type": p.feature_type or "\u2013",
            "Country": p.country_code or "\u2013",
            "Region": p.admin1_name or "\u2013",
            "Coordinates": f"{p.lat:.4f}, {p.lon:.4f}", "Confidence": f"{p.score:.2f}",
            "Article": hit.analysis.title or hit.analysis.article_id,
        }
        st.dataframe(pd.DataFrame({"": list(rows.values())}, index=list(rows)), width="stretch")
        st.markdown("**Evidence**")
        st.html(_evidence_html([e.text for e in hit.evidence]))
    else:
        st.caption("Click a zone or a place on the map to see its details and the sentence "
                   "behind it.")


@st.fragment
def map_and_details(shown: list[Analysis], statuses: list[str], online: bool) -> None:
    """The map and the panel beside it; a click reruns only this part of the page."""
    from mapper import layers, maps

    colours = dict(layers.STATUS_COLOURS)
    map_col, detail_col = st.columns([2, 1], gap="medium")
    chosen = st.session_state.get("selected") or {}
    hit = _selected_hit(shown)
    center = zoom = None
    if chosen.get("center") and isinstance(hit, selection.PlaceHit):
        center, zoom = (hit.place.lat, hit.place.lon), 8
    with map_col:
        fmap = maps.build_map(shown, online_tiles=online, statuses=set(statuses))
        result = st_folium(fmap, key="map", height=560, use_container_width=True,
                           returned_objects=["last_active_drawing", "last_object_clicked"],
                           center=center, zoom=zoom)
    signature = repr((result or {}).get("last_active_drawing"),) + repr(
        (result or {}).get("last_object_clicked"))
    if result and signature != st.session_state.get("last_click"):
        st.session_state.last_click = signature
        clicked = selection.clicked(result, shown, statuses)
        if clicked is not None:
            before = st.session_state.get("selected")
            _remember(clicked)
            hit = clicked
            if isinstance(clicked, selection.PlaceHit) and before != st.session_state.selected:
                st.rerun()  # the whole page: the text view marks the place too
    with detail_col:
        show_details(hit, colours)


def downloads(shown: list[Analysis], statuses: list[str], online: bool) -> None:
    """One button per format, generated on click by the same writers as the CLI."""
    from mapper import layers, maps

    stem = shown[0].article_id if len(shown) == 1 else f"conflict-mapper-{len(shown)}-articles"
    stem = "".join(c if c.isalnum() or c in "-_" else "-" for c in stem) or "conflict-mapper"
    shown = controls.with_statuses(shown, statuses)
    specs = [
        ("GeoJSON", "geojson", "application/geo+json", lambda: layers.geojson_bytes(shown)),
        ("GeoPackage", "gpkg", "application/geopackage+sqlite3",
         lambda: layers.gpkg_bytes(shown)),
        ("HTML map", "html", "text/html",
         lambda: maps.html_bytes(shown, online_tiles=online)),
        ("PNG", "png", "image/png", lambda: maps.png_bytes(shown)),
        ("CSV", "csv", "text/csv", lambda: layers.csv_bytes(shown)),
    ]
    for col, (label, ext, mime, make) in zip(st.columns(len(specs)), specs, strict=True):
        col.download_button(label, data=make, file_name=f"{stem}.{ext}", mime=mime,
                            on_click="ignore", key=f"download-{ext}", width="stretch")


# -- tabs -----------------------------------------------------------------------------------------

def text_tab(analyses: list[Analysis]) -> None:
    ids = [a.article_id for a in analyses]
    index = 0
    chosen = st.session_state.get("selected") or {}
    if len(analyses) > 1:
        labels = {a.article_id: f"{a.date or 'undated'} \u00b7 {a.title or a.article_id}"
                  for a in analyses}
        index = ids.index(st.selectbox("Article", ids, format_func=labels.get,
                                       key="text_article"))
    a = analyses[index]
    meta = " \u00b7 ".join(str(x) for x in (a.date, a.source) if x)
    # the article's own words (title, source): text, never Markdown or HTML
    st.html(f'<div class="cm-article-head"><strong>{plain.html_text(a.title or a.article_id)}'
            f'</strong>' + (f"<br><span>{plain.html_text(meta)}</span>" if meta else "")
            + "</div>")
    names = sorted({p.resolved_name or p.name for p in a.map_places})
    current = chosen.get("name") if chosen.get("kind") == "place" else None
    st.selectbox("Show a place on the map", names, index=names.index(current)
                 if current in names else None, key="focus", on_change=focus_place,
                 placeholder="Pick a highlighted place")
    st.html(highlight.LEGEND)
    st.html(highlight.highlight_html(a, selected=current))


def places_tab(analyses: list[Analysis]) -> None:
    rows = tables.place_rows(analyses)
    c1, c2 = st.columns([2, 1])
    query = c1.text_input("Filter places", key="place_query", placeholder="any word or code")
    countries = sorted({r["country"] for r in rows if r["country"]})
    wanted = c2.multiselect("Country", countries, key="place_countries")
    shown = tables.filter_rows(rows, query, country=wanted)
    st.caption(f"{len(shown)} of {len(rows)} places")
    st.dataframe(pd.DataFrame(shown, columns=tables.PLACE_COLUMNS), hide_index=True,
                 width="stretch", key="places_table", column_config={
                     "confidence": st.column_config.ProgressColumn(
                         "confidence", min_value=0.0, max_value=1.0, format="%.2f")})


def zones_tab(analyses: list[Analysis], shown: list[Analysis]) -> None:
    c1, c2 = st.columns([2, 1])
    query = c1.text_input("Filter statements and zones", key="zone_query",
                          placeholder="grantor, weapon, place, words of the evidence...")
    statuses = c2.multiselect("Status", list(ZONE_STATUSES), key="zone_statuses")
    zone_rows = tables.zone_rows(shown)
    z = tables.filter_rows(zone_rows, query, status=statuses)
    st.markdown(f"**Zones on the map** ({len(z)} of {len(zone_rows)})")
    st.dataframe(pd.DataFrame(z, columns=tables.ZONE_COLUMNS),
                 hide_index=True, width="stretch", key="zones_table")
    statement_rows = tables.statement_rows(analyses)
    s = tables.filter_rows(statement_rows, query, status=statuses)
    st.markdown(f"**Statements** ({len(s)} of {len(statement_rows)})")
    st.dataframe(pd.DataFrame(s, columns=tables.STATEMENT_COLUMNS),
                 hide_index=True, width="stretch", key="statements_table")


# -- the page -------------------------------------------------------------------------------------

def events_tab(shown: list[Analysis]) -> None:
    rows = tables.event_rows(shown)
    if not rows:
        st.info("No conflict event reported in the text.")
        return
    st.dataframe(pd.DataFrame(rows, columns=tables.EVENT_COLUMNS), hide_index=True,
                 width="stretch", key="events_table")
    st.markdown(events.event_cards_html(shown), unsafe_allow_html=True)


@st.cache_data(max_entries=4, show_spinner="Building the corpus map...")
def corpus_page(folder: str, key: str) -> str:
    """The corpus page, built once per batch output (`key` changes when it is rewritten)."""
    return corpus.corpus_page(Path(folder))


def corpus_view(folder: str) -> None:
    """A batch output: counts, the map with its own slider and filters, the failed articles."""
    try:
        summary = corpus.open_corpus(folder)
    except corpus.CorpusError as exc:
        st.info(str(exc))
        return
    span = f"{summary.first_day} to {summary.last_day}" if summary.first_day else "undated"
    st.caption(f"{summary.articles} articles ({summary.failed} failed) \u00b7 {span} \u00b7 "
               f"{summary.places} places \u00b7 {summary.zones} zones \u00b7 "
               f"{summary.events} events")
    page = corpus_page(str(summary.folder), summary.key)
    if hasattr(st, "iframe"):
        st.iframe(page, height=760)
    else:  # Streamlit before st.iframe
        components.html(page, height=760)
    if summary.failed:
        with st.expander(f"{summary.failed} articles that could not be analysed"):
            st.dataframe(corpus.corpus_errors(summary.folder), hide_index=True)


def main() -> None:
    key, threshold, online, default_date = sidebar()
    st.title("conflict-mapper")
    if st.session_state.get("mode") == CORPUS_SOURCE:
        corpus_view(st.session_state.get("corpus_folder") or "")
        return
    loaded = inputs.load_inputs(st.session_state.inputs, default_date)
    for notice in loaded.notices:
        getattr(st, notice.level)(plain.md_text(notice.text))  # quotes file names and fields
    analyses: list[Analysis] = []
    code = code_fingerprint() if loaded.articles else ""
    for art in loaded.articles:
        try:
            analyses.append(analyse(art.id, art.text, art.title, art.date, art.source, key,
                                    code))
        except Exception as exc:  # noqa: BLE001 - one article never stops the page
            st.error(plain.md_text(f"{art.id}: could not be analysed ({type(exc).__name__}: "
                                   f"{exc})"))
    if not analyses:
        st.info("No article on the map yet: pick a sample, paste a text or upload files in the "
                "sidebar.")
        return
    analyses = controls.confident_places(analyses, threshold)
    shown = analyses
    days = timeline.timeline_days(analyses)
    if len(analyses) > 1 and len(days) > 1:
        day = st.slider("Zones in force on", min_value=days[0], max_value=days[-1],
                        value=days[-1], step=dt.timedelta(days=1), format="YYYY-MM-DD",
                        key="day", help="For each grantor and weapon the latest statement on "
                                        "or before this day wins; events up to this day show.")
        shown = timeline.zones_in_force(analyses, day)
    total = sum(len(a.zones) for a in analyses)
    in_force = sum(len(a.zones) for a in shown)
    st.caption(f"{len(analyses)} article(s) \u00b7 "
               f"{sum(len(a.map_places) for a in analyses)} places on the map \u00b7 "
               f"{sum(len(a.statements) for a in analyses)} statements \u00b7 "
               f"{sum(len(a.events) for a in shown)} events \u00b7 "
               f"{in_force} of {total} zones shown" + (" (policy timeline)" if shown is not
                                                      analyses else ""))
    statuses = st.pills("Zone layers", list(ZONE_STATUSES), selection_mode="multi",
                        default=list(ZONE_STATUSES), key="statuses",
                        format_func=lambda s: f"{STATUS_MARKS[s]} {s}",
                        help="; ".join(f"{s}: {h}" for s, h in STATUS_HELP.items())) or []
    map_and_details(shown, list(statuses), online)
    downloads(shown, list(statuses), online)
    text, places, zones, events_pane = st.tabs(["Text", "Places", "Statements & zones",
                                                "Events"])
    with text:
        text_tab(analyses)
    with places:
        places_tab(analyses)
    with zones:
        zones_tab(analyses, shown)
    with events_pane:
        events_tab(shown)
    st.caption("Place data: GeoNames (CC BY 4.0). Boundaries: Natural Earth (public domain).")
    warm_up()


main()
