"""Statement extraction on sentences written for these tests: polarity wording, parties,
weapons, scope, dates and background, and what must not become a statement."""

from __future__ import annotations

import datetime as dt

import pytest

from mapper.analysis import Statement
from mapper.analysis.pipeline import analyze

DAY = dt.date(2024, 6, 14)  # a Friday


def statements(text: str, date: dt.date = DAY) -> list[Statement]:
    return list(analyze(text, date=date).statements)


def only(text: str) -> Statement:
    found = [s for s in statements(text) if s.in_force]
    assert len(found) == 1, [(s.polarity, s.evidence.text) for s in found]
    return found[0]


@pytest.mark.parametrize("text", [
    "The United States has authorized Ukraine to use HIMARS against targets inside Russia.",
    "Washington gave Kyiv the go-ahead to use ATACMS missiles inside Russia, US officials said.",
    "The US government lifted restrictions on Ukraine's use of ATACMS inside Russia.",
    "Ukraine can now use US-supplied rockets against Russian forces inside Russia, "
    "US officials said.",
    "The Pentagon approved the use of GMLRS rockets by Ukraine against targets in Russia.",
    "The ban on Ukraine using ATACMS inside Russia was lifted on Sunday, officials said.",
    "Washington loosened its restrictions on Ukraine's use of HIMARS near the Russian border.",
])
def test_permission_wording(text: str) -> None:
    s = only(text)
    assert s.polarity == "permitted", s.rule
    assert s.target_country == "RU" and s.grantee == "UA"
    assert s.weapons


@pytest.mark.parametrize("text", [
    "The United States does not allow Ukraine to use ATACMS missiles inside Russia.",
    "US officials said they were not authorizing Ukraine to fire ATACMS into Russia.",
    "The use of ATACMS inside Russia remains prohibited, the Pentagon said.",
    "Ukraine is still barred from firing ATACMS missiles into Russia, US officials said.",
    "Strikes with ATACMS inside Russia are off-limits, the White House said.",
])
def test_restriction_wording(text: str) -> None:
    s = only(text)
    assert s.polarity == "restricted", s.rule
    assert s.grantor == "US" and s.target_country == "RU"
    assert "atacms" in s.weapons


def test_limited_to_is_a_scoped_permission() -> None:
    s = only("Germany said the use of its weapons by Ukraine is limited to Russian positions "
             "across the border from the Kharkiv region.")
    assert s.polarity == "permitted" and s.grantor == "DE"
    assert s.relation == "across the border from" and s.anchors == ("Kharkiv region",)


def test_view_without_decision_is_ambiguous() -> None:
    s = only("French President Emmanuel Macron said Ukraine should be allowed to strike "
             "military sites in Russia with French weapons.")
    assert s.polarity == "ambiguous" and s.grantor == "FR" and s.grantee == "UA"
    assert "military_targets" in s.targets


def test_explicit_distance_wins_and_miles_convert() -> None:
    s = only("Britain will not let Ukraine use Storm Shadow missiles more than 100 miles "
             "into Russia, officials said.")
    assert s.polarity == "restricted" and s.relation == "beyond"
    assert s.range_km == pytest.approx(160.9, abs=0.1)
    assert s.grantor == "GB"


def test_excluded_targets_and_purpose() -> None:
    s = only("The US allowed Ukraine to use HIMARS for counter-fire against Russian troops "
             "massing across the border from the Kharkiv region, but not against civilian "
             "targets.")
    assert {"counter_fire", "troops_massing"} <= set(s.targets)
    assert s.excluded_targets == ("civilian_targets",)


def test_conflicting_statements_both_appear_with_evidence() -> None:
    found = statements(
        "The German government said on Friday that Ukraine may use Taurus missiles inside "
        "Russia. A German government spokesman later said Ukraine is barred from using "
        "Taurus missiles inside Russia.")
    polarities = {s.polarity for s in found if "taurus" in s.weapons}
    assert polarities == {"permitted", "restricted"}
    assert len({s.evidence.start for s in found}) == 2


def test_background_is_kept_but_not_in_force() -> None:
    found = statements("Until this week, American weapons could not be used on Russian soil "
                       "at all. Now Ukraine may use HIMARS against Russian forces across the "
                       "border from the Kharkiv region, US officials said.")
    before = next(s for s in found if s.polarity == "restricted")
    assert not before.in_force
    now = next(s for s in found if s.polarity == "permitted")
    assert now.in_force and now.weapons[0] == "himars"


def test_dated_earlier_step_is_background_with_its_date() -> None:
    found = statements("In March the Pentagon allowed Ukraine to use ATACMS inside Russia.",
                       date=dt.date(2024, 11, 20))
    assert found and not found[0].in_force
    assert found[0].effective_date == dt.date(2024, 3, 1)


def test_demands_are_not_decisions() -> None:
    assert not [s for s in statements(
        "Zelensky urged the United States to allow strikes with ATACMS inside Russia.")
        if s.in_force and s.polarity == "permitted"]


@pytest.mark.parametrize("text", [
    "Heavy rain fell on Kharkiv on Tuesday and schools were closed.",
    "Ukraine received a new batch of HIMARS launchers last month.",
    "",
    "The minister spoke about the economy.",
])
def test_no_policy_no_statement(text: str) -> None:
    analysis = analyze(text, date=DAY)
    assert not analysis.zones
    assert not [s for s in analysis.statements if s.in_force and s.polarity == "permitted"]


def test_carried_over_parts_cost_confidence() -> None:
    found = statements("President Joe Biden authorized Ukraine to use HIMARS against Russian "
                       "forces across the border from the Kharkiv region. Nor would the weapons "
                       "be used against Moscow, he said.")
    first, second = found[0], found[-1]
    assert second.relation == "at" and second.anchors == ("Moscow",)
    assert second.weapons == ("himars",) and second.grantor == "US"
    assert second.confidence < first.confidence


def test_places_excluded_from_a_permission_are_cut_out() -> None:
    analysis = analyze("The United States allowed Ukraine to use ATACMS against military targets "
                       "inside Russia, but not Belgorod, officials said.", date=DAY)
    s = next(s for s in analysis.statements if s.polarity == "permitted")
    assert s.excluded == ("Belgorod",)
    zone = next(z for z in analysis.zones if z.status == "permitted")
    import shapely

    belgorod, kursk = shapely.Point(36.58, 50.61), shapely.Point(36.19, 51.73)
    assert not zone.geometry.contains(belgorod) and zone.geometry.contains(kursk)


def test_country_struck_and_national_border() -> None:
    s = only("Poland said Ukraine could strike Belarus with Polish-supplied rockets only within "
             "30 km of the border with the Volyn region.")
    assert (s.grantor, s.grantee, s.target_country) == ("PL", "UA", "BY")
    assert s.relation == "within" and s.range_km == 30 and s.anchors == ("Volyn region",)
    t = only("France will not allow Ukraine to use SCALP missiles beyond 100 kilometres from "
             "the Russian border, the French government said.")
    assert (t.polarity, t.target_country, t.relation, t.range_km) == (
        "restricted", "RU", "beyond", 100)


def test_named_area_is_drawn_whole_in_any_border_view() -> None:
    analysis = analyze("The White House said Ukraine may use US weapons against Russian forces "
                       "in occupied Crimea.", date=DAY)
    s = next(s for s in analysis.statements if s.polarity == "permitted")
    assert s.anchors == ("Crimea",) and s.target_country == "RU" and s.grantee == "UA"
    zone = next(z for z in analysis.zones if z.status == "permitted")
    assert 25_000 < zone.area_km2 < 28_000  # the peninsula, Sevastopol included


AGENCY_STYLE = """WASHINGTON (AP) — The Biden administration has quietly given Ukraine \
permission to \
strike inside Russia with American-made weapons, but only near the area of Kharkiv, two US \
officials told reporters on Thursday.

The decision allows Kyiv to hit Russian artillery and missile launchers on the Russian side of \
the border. Ukraine still cannot use the weapons to strike deep into Russia, the officials said.

British Prime Minister Keir Starmer declined to say whether Britain would allow Storm Shadow \
strikes on Russian territory."""


def test_agency_style_article() -> None:
    """Wording none of the seeds use: "given ... permission", "near the area of", the enemy's
    artillery as a target, a nested use verb, an undecided ally."""
    found = [(s.polarity, s.grantor, s.grantee, s.relation, s.target_country)
             for s in statements(AGENCY_STYLE, date=dt.date(2024, 5, 31))]
    assert found == [
        ("permitted", "US", "UA", "across the border from", "RU"),
        ("permitted", "US", "UA", "near the border", "RU"),
        ("restricted", "US", "UA", "deep inside", "RU"),
        ("ambiguous", "GB", "UA", "inside", "RU"),
    ]
    weapons = {w for s in statements(AGENCY_STYLE, date=dt.date(2024, 5, 31)) for w in s.weapons}
    assert "artillery" not in weapons  # Russian artillery is what is struck


def test_events_are_not_policy() -> None:
    text = ("Ukraine fired British Storm Shadow cruise missiles at targets inside Russia for the "
            "first time on Wednesday, a day after it used US-made ATACMS missiles to hit an "
            "arsenal in the Bryansk region.")
    assert not statements(text, date=dt.date(2024, 11, 20))


def test_carve_outs_in_other_conflicts() -> None:
    """Hypothetical sentences about other wars: exclusions and bans on named cities are cut out
    of the permission they qualify."""
    import shapely

    turkey = analyze("In this hypothetical scenario, Turkey has authorized Azerbaijan to use "
                     "Turkish-made drones against military targets inside Armenia, but not "
                     "against Yerevan, officials said.", date=DAY)
    s = only_of(turkey)
    assert (s.grantor, s.grantee, s.target_country, s.relation) == ("TR", "AZ", "AM", "inside")
    assert s.excluded == ("Yerevan",)
    zone = next(z for z in turkey.zones if z.status == "permitted")
    assert not zone.geometry.contains(shapely.Point(44.513, 40.181))  # Yerevan
    assert zone.geometry.contains(shapely.Point(43.847, 40.789))  # Gyumri

    lebanon = analyze("Hypothetically, the United States gave Israel the green light to strike "
                      "Hezbollah positions in southern Lebanon, but barred strikes on Beirut.",
                      date=DAY)
    statuses = {z.status for z in lebanon.zones}
    assert statuses == {"permitted", "restricted"}
    beirut = shapely.Point(35.495, 33.889)
    assert any(z.status == "restricted" and z.geometry.contains(beirut) for z in lebanon.zones)
    assert not any(z.status == "permitted" and z.geometry.contains(beirut) for z in lebanon.zones)


def only_of(analysis) -> Statement:  # noqa: ANN001 - test helper
    found = [s for s in analysis.statements if s.in_force]
    assert len(found) == 1, found
    return found[0]
