"""Conflict events on sentences written for these tests: each ACLED event type, several conflicts,
events at sea, relative dates across a month boundary, deaths in words, and what must not
become an event (threats, plans, denials, hypotheticals)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pyogrio
import pytest
import yaml

from mapper.analysis import Analysis
from mapper.analysis.pipeline import analyze
from mapper.events.lexicon import EventsLexiconError, load_events_lexicon
from mapper.layers import feature_collection, write_gpkg
from mapper.records import Event

DAY = dt.date(2024, 3, 2)  # a Saturday, two days after the end of February


def events(text: str, date: dt.date = DAY) -> list[Event]:
    return list(analyze(text, date=date).events)


def one(text: str, date: dt.date = DAY) -> Event:
    found = events(text, date)
    assert len(found) == 1, [(e.event_type, e.sub_event_type, e.place.name) for e in found]
    return found[0]


@pytest.mark.parametrize(("text", "event_type", "sub_type", "country"), [
    ("Russian forces clashed with Ukrainian troops near Bakhmut on Friday.",
     "Battles", "Armed clash", "UA"),
    ("Russian missiles struck an apartment block in Odesa on Friday.",
     "Explosions/Remote violence", "Shelling/artillery/missile attack", "UA"),
    ("An Israeli airstrike hit a house in Khan Younis on Friday.",
     "Explosions/Remote violence", "Air/drone strike", "PS"),
    ("A roadside bomb exploded near a market in Mogadishu on Friday.",
     "Explosions/Remote violence", "Remote explosive/landmine/IED", "SO"),
    ("Gunmen kidnapped twenty students from a school in Kaduna on Friday.",
     "Violence against civilians", "Abduction/forced disappearance", "NG"),
    ("Thousands of people held a protest in Tbilisi on Friday against the new law.",
     "Protests", "Peaceful protest", "GE"),
    ("Rioters torched shops in Nairobi on Friday.", "Riots", "Violent demonstration", "KE"),
    ("Police arrested fifteen suspects in Bamako on Friday.",
     "Strategic developments", "Arrests", "ML"),
])
def test_each_event_type_in_several_conflicts(text: str, event_type: str, sub_type: str,
                                              country: str) -> None:
    e = one(text)
    assert (e.event_type, e.sub_event_type) == (event_type, sub_type), e.rule
    assert e.place.country_code == country
    assert e.event_date == dt.date(2024, 3, 1) and e.time_precision == 1


def test_armed_group_taking_a_town_overtakes_territory() -> None:
    e = one("The Arakan Army captured the town of Buthidaung on Friday after weeks of fighting.")
    assert e.sub_event_type == "Non-state actor overtakes territory"
    assert e.actor1 == "Arakan Army"


def test_a_generic_attack_by_an_armed_group_on_worshippers_is_violence_against_civilians() -> None:
    e = one("Suspected rebels attacked worshippers at a church in Beni on Friday, killing "
            "fourteen people.")
    assert (e.event_type, e.sub_event_type) == ("Violence against civilians", "Attack")
    assert e.fatalities == 14


def test_event_at_sea_offset_from_a_port() -> None:
    e = one("A cargo ship was struck by a missile 40 nautical miles east of Aden on Friday, "
            "the maritime agency said.")
    assert e.event_type == "Explosions/Remote violence"
    assert e.place.precision == 2
    assert e.place.lon > 45.1  # moved east of the port, out to sea


def test_event_in_a_sea_is_coarse() -> None:
    e = one("Houthi drones struck a tanker in the Red Sea on Friday.")
    assert e.place.precision == 3 and e.actor1 == "Houthi Movement"


@pytest.mark.parametrize(("words", "day"), [
    ("on Thursday", dt.date(2024, 2, 29)),
    ("yesterday", dt.date(2024, 3, 1)),
    ("on Tuesday", dt.date(2024, 2, 27)),
])
def test_relative_days_cross_the_month_boundary(words: str, day: dt.date) -> None:
    e = one(f"Russian drones hit a power station in Kharkiv {words}.")
    assert e.event_date == day and e.time_precision == 1


def test_last_week_is_week_precision() -> None:
    e = one("Artillery shelled the village of Vovchansk last week, local officials said.")
    assert e.time_precision == 2 and e.event_date == DAY - dt.timedelta(days=7)


@pytest.mark.parametrize(("text", "dead"), [
    ("A drone strike on a car in Tyre killed three people on Friday.", 3),
    ("At least seven people were killed when missiles struck Dnipro on Friday.", 7),
    ("Shelling of Kherson on Friday left twelve dead and 30 wounded.", 12),
])
def test_fatalities_in_words_and_digits(text: str, dead: int) -> None:
    assert one(text).fatalities == dead


def test_wounded_are_not_dead() -> None:
    e = one("Russian missiles struck Kharkiv on Friday, wounding 25 people.")
    assert e.fatalities is None


@pytest.mark.parametrize("text", [
    "Russia threatened to strike Kyiv with hypersonic missiles.",
    "The militants vowed to attack any ship heading to Eilat.",
    "Hezbollah could launch rockets at Haifa if the talks fail.",
    "The army plans to capture the town of Kupiansk next month.",
    "Moscow denied that its forces had shelled Kharkiv.",
    "Officials warned of possible drone attacks on Lviv.",
    "If Israel strikes Rafah, aid agencies fear a catastrophe.",
    "Russian forces did not attack Sumy on Friday, the governor said.",
])
def test_non_events_produce_nothing(text: str) -> None:
    assert events(text) == []


def test_old_background_is_not_an_event() -> None:
    assert events("In 2014, Russian forces seized the town of Sloviansk.") == []


def test_speakers_place_is_not_the_scene() -> None:
    e = one("Officials in Kyiv said Russian drones hit Odesa on Friday.")
    assert e.place.resolved_name and "Odesa" in e.place.resolved_name


def test_dateline_is_not_the_scene() -> None:
    text = "KYIV, Ukraine (AP) — Russian missiles struck Lviv on Friday, officials said."
    e = one(text)
    assert e.place.country_code == "UA" and e.place.name != "KYIV"


def test_reports_of_one_event_merge_and_the_town_wins_over_its_country() -> None:
    text = ("A drone strike killed two people in southern Lebanon on Friday. "
            "The strike hit a car near Nabatieh, the health ministry said.")
    e = one(text)
    assert e.place.feature_type != "country"
    assert len(e.evidence) == 2


def _no_event_analysis() -> Analysis:
    return analyze("The city council met on Friday to discuss the budget for schools in Leeds.",
                   date=DAY)


def test_no_event_article_gives_empty_layers(tmp_path: Path) -> None:
    analysis = _no_event_analysis()
    assert analysis.events == ()
    collection = feature_collection([analysis])
    assert not [f for f in collection["features"] if f["properties"]["layer"] == "event"]
    path = tmp_path / "none.gpkg"
    write_gpkg([analysis], path)
    assert dict(pyogrio.list_layers(path))["events"] == "Point"
    assert len(pyogrio.read_dataframe(path, layer="events")) == 0


def test_event_features_follow_the_contract() -> None:
    analysis = analyze("Russian missiles struck Kharkiv on Friday, killing four people.",
                       date=DAY)
    feats = [f for f in feature_collection([analysis])["features"]
             if f["properties"]["layer"] == "event"]
    assert len(feats) == 1
    props = feats[0]["properties"]
    for key in ("event_type", "sub_event_type", "event_date", "time_precision", "actor1",
                "actor2", "location", "resolved_name", "geonameid", "country_code", "admin1",
                "geo_precision", "fatalities", "evidence", "rule", "confidence", "article_id"):
        assert key in props, key
    assert props["fatalities"] == 4 and props["actor1"].startswith("Military Forces of")
    json.dumps(feats)


def test_the_lexicon_rejects_unknown_keys_and_types(tmp_path: Path) -> None:
    source = Path(__file__).resolve().parents[1] / "geodata" / "lexicon" / "events.yaml"
    raw = yaml.safe_load(source.read_text(encoding="utf-8"))
    raw["event_types"]["Battles"][0]["sub_event_type"] = "Skirmish"
    bad = tmp_path / "events.yaml"
    bad.write_text(yaml.safe_dump(raw), encoding="utf-8")
    with pytest.raises(EventsLexiconError, match="Skirmish"):
        load_events_lexicon(bad)
    raw = yaml.safe_load(source.read_text(encoding="utf-8"))
    raw["trigers"] = []
    bad.write_text(yaml.safe_dump(raw), encoding="utf-8")
    with pytest.raises(EventsLexiconError, match="trigers"):
        load_events_lexicon(bad)


def test_a_backer_named_in_an_actor_is_not_the_scene() -> None:
    found = events("A roadside bomb hit a bus in Raqqa on Friday. Turkish-backed factions also "
                   "clashed with US-backed Kurdish fighters, the monitor said.")
    assert found and all(e.place.country_code not in ("US", "TR") for e in found)
