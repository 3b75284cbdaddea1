"""The dashboard's pure helpers: inputs, timeline, highlighting, tables, selection, controls."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from shapely.geometry import box

from mapper.analysis.models import Analysis, Evidence, Statement, WeaponMention, Zone
from mapper.catalogs.weapons import weapon_catalog
from mapper.dashboard import controls, highlight, inputs, selection, tables, timeline
from mapper.geoparse.models import Place
from mapper.records import Relation

SEEDS = Path(__file__).resolve().parents[1] / "seeds"
D = dt.date


def place(start: int, end: int, name: str, lat: float | None = 50.0, lon: float | None = 36.2,
          resolved: str | None = "Resolved", role: str = "place", score: float = 0.9) -> Place:
    return Place(start=start, end=end, name=name, role=role, resolved_name=resolved, lat=lat,
                 lon=lon, geonameid=1, feature_type="city", country_code="UA",
                 admin1_code=None, admin1_name=None, place_id=1, polygon=None, score=score,
                 source="test")


def zone(status: str, grantor: str | None, weapons: tuple[str, ...], day: dt.date | None,
         start: int = 0, rule: str = "r", index: int | None = 0) -> Zone:
    return Zone(status=status, geometry=box(36, 50, 37, 51), grantor=grantor, grantee="UA",
                weapons=weapons, range_km=84.0, range_min_km=70.0, anchors=("Kharkiv",),
                target_country="RU", effective_date=day, area_km2=1234.5,
                evidence=(Evidence("Some sentence.", start, start + 14),), rule=rule,
                confidence=0.8, statement_index=index)


def analysis(zones: tuple[Zone, ...] = (), date: dt.date | None = None, article_id: str = "a",
             text: str = "", places: tuple[Place, ...] = (),
             statements: tuple[Statement, ...] = ()) -> Analysis:
    return Analysis(article_id=article_id, text=text, places=places, statements=statements,
                    zones=zones, date=date, sentences=((0, len(text)),) if text else ())


# -- inputs ---------------------------------------------------------------------------------------

def test_inputs_give_specific_messages_and_keep_the_good_articles() -> None:
    corpus = "\n".join([
        json.dumps({"id": "one", "date": "2024-05-31", "title": "T1", "text": "Kharkiv news."}),
        '{"id": "broken", "text": ',
        json.dumps({"id": "two", "text": "Sumy news."}),
    ]).encode()
    page = (b"<html><head><script>alert('x')</script><script src=a.js></script></head><body>"
            b"<article><p>" + b"Russian forces shelled Vovchansk near Kharkiv. " * 20 +
            b"</p></article></body></html>")
    loaded = inputs.load_inputs([
        ("corpus.jsonl", corpus), ("empty.txt", b"  \n"), ("photo.png", b"\x89PNG\x00\x01\x02"),
        ("big.txt", b"word " * 220_000), ("page.html", page),
    ], default_date=D(2024, 6, 1))
    ids = [a.id for a in loaded.articles]
    assert ids == ["one", "two", "page"]
    dates = {a.id: a.date for a in loaded.articles}
    assert dates["one"] == D(2024, 5, 31) and dates["two"] == D(2024, 6, 1)
    text = [(n.level, n.text) for n in loaded.notices]
    assert any(lv == "error" and t.startswith("corpus.jsonl, line 2: malformed JSON (")
               for lv, t in text)
    assert any(lv == "warning" and "2 of 3 corpus lines" in t for lv, t in text)
    assert any(lv == "error" and t.startswith("empty.txt: empty input") for lv, t in text)
    assert any(lv == "error" and t.startswith("photo.png: binary file") for lv, t in text)
    assert any(lv == "error" and t.startswith("big.txt: article has 1,100,000 characters")
               for lv, t in text)
    assert any(lv == "info" and "page.html" in t and "2 <script> elements" in t for lv, t in text)
    page_article = loaded.articles[2]
    assert "alert" not in page_article.text and "Vovchansk" in page_article.text


def test_repeated_ids_are_made_unique_and_pasted_text_reads() -> None:
    loaded = inputs.load_inputs([("a.txt", b"Kyiv."), ("a.txt", b"Lviv."),
                                 (inputs.PASTED, b"Odesa.")])
    assert [a.id for a in loaded.articles] == ["a", "a-2", inputs.PASTED]
    assert not loaded.notices


def test_samples_are_the_seed_articles() -> None:
    files = inputs.sample_files(SEEDS)
    assert files and all(f.suffix == ".md" and f.name != "README.md" for f in files)
    assert files == sorted(files)


# -- timeline -------------------------------------------------------------------------------------

def test_latest_statement_per_grantor_and_weapon_wins() -> None:
    early_permit = zone("permitted", "US", ("himars", "gmlrs"), D(2024, 5, 31), start=1)
    early_ban = zone("restricted", "US", ("atacms",), D(2024, 5, 31), start=2)
    defended = zone("defended", "US", ("himars", "gmlrs"), None, start=3)  # article date
    german = zone("permitted", "DE", ("m270",), D(2024, 5, 31), start=4)
    later_atacms = zone("permitted", "US", ("atacms",), D(2024, 11, 17), start=5)
    first = analysis((early_permit, early_ban, defended, german), date=D(2024, 5, 31),
                     article_id="first")
    second = analysis((later_atacms,), date=D(2024, 11, 18), article_id="second")
    both = [first, second]

    assert timeline.timeline_days(both) == [D(2024, 5, 31), D(2024, 11, 17), D(2024, 11, 18)]
    assert [len(a.zones) for a in timeline.zones_in_force(both, D(2024, 5, 30))] == [0, 0]
    june = timeline.zones_in_force(both, D(2024, 6, 1))
    assert set(june[0].zones) == {early_permit, early_ban, defended, german}
    assert june[1].zones == ()
    november = timeline.zones_in_force(both, D(2024, 11, 20))
    assert set(november[0].zones) == {early_permit, defended, german}  # the ban is replaced
    assert november[1].zones == (later_atacms,)
    assert november[0].places == first.places and november[0].statements == first.statements


def test_a_zone_stays_while_it_is_the_latest_for_one_of_its_weapons() -> None:
    both = zone("permitted", "US", ("himars", "gmlrs"), D(2024, 1, 1), start=1)
    only_himars = zone("restricted", "US", ("himars",), D(2024, 2, 1), start=2)
    other_grantor = zone("restricted", "DE", ("gmlrs",), D(2024, 3, 1), start=3)
    undated = zone("ambiguous", "FR", (), None, start=4)
    later_fr = zone("permitted", "FR", (), D(2024, 4, 1), start=5)
    a = analysis((both, only_himars, other_grantor, undated, later_fr))
    on = timeline.zones_in_force([a], D(2024, 3, 15))[0].zones
    assert both in on and only_himars in on and other_grantor in on  # gmlrs: US still latest
    assert undated in on and later_fr not in on
    after = timeline.zones_in_force([a], D(2024, 4, 1))[0].zones
    assert undated not in after and later_fr in after


# -- highlighting ---------------------------------------------------------------------------------

def test_highlight_escapes_the_article_and_marks_places_and_weapons() -> None:
    text = 'Strikes near <b>Kharkiv</b> with HIMARS & "GMLRS"; Nowhereville.\n<script>x</script>'
    k = text.index("Kharkiv")
    h = text.index("HIMARS")
    n = text.index("Nowhereville")
    mention = WeaponMention(key="himars", text="HIMARS", start=h, end=h + 6, kind="system",
                            min_range_km=70.0, max_range_km=84.0)
    stmt = Statement(polarity="permitted", grantor="US", grantee="UA", weapons=("himars",),
                     weapon_mentions=(mention, mention), relation=Relation.NEAR_BORDER,
                     anchor_places=(), target_country="RU", excluded_places=(),
                     targets=(), excluded_targets=(), range_km=None, effective_date=None,
                     in_force=True, evidence=Evidence(text, 0, len(text)), rule="r",
                     confidence=0.9)
    a = analysis(text=text, statements=(stmt,), places=(
        place(k, k + 7, "Kharkiv", resolved="Kharkiv"),
        place(n, n + 12, "Nowhereville", lat=None, lon=None, resolved=None),
        place(0, 7, "Strikes", role="actor")))
    out = highlight.highlight_html(a, selected="Kharkiv")
    assert "<script>" not in out and "&lt;script&gt;x&lt;/script&gt;" in out
    assert "&lt;b&gt;" in out and "&amp;" in out and "&quot;GMLRS&quot;" in out
    assert out.count('class="cm-weapon"') == 1  # one mention, listed twice
    assert 'class="cm-place cm-selected"' in out and ">Kharkiv</mark>" in out
    assert 'class="cm-unresolved"' in out and "not placed on the map" in out
    assert "70\u201384 km" in out and "<br>" in out
    assert ">Strikes</mark>" not in out  # actors are not places


def test_overlapping_marks_keep_the_first_longest() -> None:
    a = analysis(text="Kharkiv region", places=(place(0, 14, "Kharkiv region"),
                                                place(0, 7, "Kharkiv")))
    assert [(m.start, m.end) for m in highlight.marks(a)] == [(0, 14)]


# -- tables ---------------------------------------------------------------------------------------

def test_tables_and_filters() -> None:
    text = "Kharkiv and Kharkiv again, then Sumy."
    a = analysis(text=text, article_id="x", zones=(zone("permitted", "US", ("himars",), None),),
                 places=(place(0, 7, "Kharkiv", resolved="Kharkiv", score=0.7),
                         place(12, 19, "Kharkiv", resolved="Kharkiv", score=0.9),
                         place(32, 36, "Sumy", resolved="Sumy")))
    rows = tables.place_rows([a])
    assert [(r["name"], r["mentions"], r["confidence"]) for r in rows] == [
        ("Kharkiv", 2, 0.9), ("Sumy", 1, 0.9)]
    zones = tables.zone_rows([a])
    assert zones[0]["range"] == "70\u201384 km" and zones[0]["area_km2"] == 1234.5
    assert tables.filter_rows(rows, "sum") == [rows[1]]
    assert tables.filter_rows(zones, "", status=["restricted"]) == []
    assert tables.filter_rows(zones, "himars kharkiv", status=[]) == zones
    assert tables.range_text(None, 150) == "up to 150 km" and tables.range_text(None, None) == ""


# -- selection ------------------------------------------------------------------------------------

def test_a_click_finds_the_zone_or_the_place() -> None:
    z1 = zone("permitted", "US", ("himars",), None, start=5, rule="a")
    z2 = zone("restricted", "US", ("atacms",), None, start=40, rule="b")
    text = "In Kharkiv today. Officials said more."
    a = analysis((z1, z2), text=text, places=(place(3, 10, "Kharkiv", lat=50.0, lon=36.2,
                                                    resolved="Kharkiv"),))
    props = {"layer": "zone", **z2.properties()}
    hit = selection.clicked({"last_active_drawing": {"type": "Feature", "properties": props,
                                                     "geometry": {"type": "Polygon"}},
                             "last_object_clicked": {"lat": 50.5, "lng": 36.5}}, [a])
    assert isinstance(hit, selection.ZoneHit) and hit.zone is z2
    flat = {**props, "evidence": json.dumps(props["evidence"])}
    assert selection.find_zone([a], flat).zone is z2
    # Map features carry the zone's position among the zones drawn (`zone_index`).
    drawn = {"layer": "zone", "status": "restricted", "zone_index": 1, "article_id": "a"}
    assert selection.find_zone([a], drawn).zone is z2
    only_bans = {**drawn, "zone_index": 0}
    assert selection.find_zone([a], only_bans, statuses={"restricted"}).zone is z2
    assert selection.find_zone([a], only_bans) is None  # index 0 is the permitted zone
    assert selection.find_zone([a], {**drawn, "article_id": "other"}) is None
    key = selection.zone_key(a, z2)
    moved = analysis((z2,), text=text)  # the timeline rebuilds the analyses
    assert selection.zone_by_key([moved], key).zone is z2
    marker = {"last_active_drawing": {"type": "Feature", "properties": {},
                                      "geometry": {"type": "Point",
                                                   "coordinates": [36.21, 50.01]}}}
    hit = selection.clicked(marker, [a])
    assert isinstance(hit, selection.PlaceHit) and hit.place.name == "Kharkiv"
    assert hit.evidence[0].text == text
    assert selection.clicked({"last_object_clicked": {"lat": 10.0, "lng": 10.0}}, [a]) is None
    assert selection.clicked(None, [a]) is None


# -- controls -------------------------------------------------------------------------------------

def test_range_overrides_only_for_changed_valid_rows() -> None:
    catalog = weapon_catalog()
    rows = controls.range_table(catalog)
    assert {r["key"] for r in rows} == set(catalog.systems)
    key = rows[0]["key"]
    other = rows[1]["key"]
    rows[0] = {**rows[0], "min_km": 10.0, "max_km": 20.0}
    rows[1] = {**rows[1], "min_km": 500.0, "max_km": 100.0}
    overrides, problems = controls.range_overrides(rows, catalog)
    assert overrides == {key: (10.0, 20.0)}
    assert len(problems) == 1 and catalog.systems[other].name in problems[0]
    k = controls.settings_key("international", 50.0, overrides, 0.3)
    assert hash(k) == hash(controls.settings_key("international", 50.0, dict(overrides), 0.3))
    settings = controls.settings_from_key(k)
    assert settings.range_overrides == overrides and settings.default_depth_km == 50.0
    assert settings.min_confidence == pytest.approx(0.3)


def test_confidence_threshold_drops_weak_places() -> None:
    a = analysis(places=(place(0, 1, "A", score=0.2), place(2, 3, "B", score=0.8)))
    assert [p.name for p in controls.confident_places([a], 0.5)[0].places] == ["B"]
    assert controls.confident_places([a], 0.0)[0] is a


def test_table_rows_have_the_declared_columns() -> None:
    a = analysis((zone("permitted", "US", ("himars",), None),), text="Kharkiv.",
                 places=(place(0, 7, "Kharkiv"),))
    assert list(tables.place_rows([a])[0]) == tables.PLACE_COLUMNS
    assert list(tables.zone_rows([a])[0]) == tables.ZONE_COLUMNS


def test_fingerprint_follows_the_files(tmp_path: Path) -> None:
    (tmp_path / "a.py").write_text("x = 1\n")
    before = controls.fingerprint(tmp_path)
    assert controls.fingerprint(tmp_path) == before
    (tmp_path / "a.py").write_text("x = 22\n")
    assert controls.fingerprint(tmp_path) != before
    assert controls.fingerprint(tmp_path / "missing") == controls.fingerprint()


def test_status_filter_keeps_only_the_chosen_zones() -> None:
    a = analysis((zone("permitted", "US", (), None), zone("restricted", "US", (), None)))
    kept = controls.with_statuses([a], ["restricted"])[0].zones
    assert [z.status for z in kept] == ["restricted"]
