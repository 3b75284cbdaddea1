"""Policy wordings beyond the seeds, on sentences written for these tests: restrictions to the
grantee's own land, conditions on an arms sale, supplies refused for an offensive, refusals,
green lights, lifted bans, case-by-case approval and reversals, across several conflicts; and
the document-level reconciliation of statements into policies."""

from __future__ import annotations

import datetime as dt

import pytest
import shapely

from mapper.analysis import Analysis
from mapper.analysis.pipeline import analyze
from mapper.records.relations import Relation
from mapper.zones.relations import DRAWERS

DAY = dt.date(2024, 6, 14)
KYIV = shapely.Point(30.52, 50.45)
BELGOROD = shapely.Point(36.59, 50.60)
MOSCOW = shapely.Point(37.62, 55.75)
WAR = "Ukraine has been fighting Russia's invasion since 2022. "


def run(text: str) -> Analysis:
    return analyze(text, date=DAY)


def zones_of(a: Analysis, status: str) -> list:
    return [z for z in a.zones if z.status == status]


def covers(a: Analysis, status: str, point: shapely.Point) -> bool:
    return any(z.geometry.contains(point) for z in zones_of(a, status))


@pytest.mark.parametrize("text", [
    WAR + "The Dutch government said on Friday that the F-16 jets it delivered to Ukraine "
    "may be used only inside the territory of Ukraine.",
    WAR + "Belgium said the fighter jets it will deliver to Ukraine this year can only be used "
    "on Ukrainian soil.",
    WAR + "The Belgian government said the F-16s it is sending to Ukraine may only be used "
    "over Ukrainian territory and not over Russia.",
])
def test_use_only_on_own_territory_restricts_the_enemy(text: str) -> None:
    a = run(text)
    (s,) = [s for s in a.statements if s.in_force]
    assert s.polarity == "restricted" and "own_territory_only" in s.rule
    assert (s.grantee, s.target_country) == ("UA", "RU")
    assert covers(a, "restricted", BELGOROD)
    assert not any(z.geometry.contains(KYIV) for z in a.zones)
    assert not zones_of(a, "permitted")


def test_conditions_of_an_arms_sale_are_a_ban() -> None:
    a = run("The United States approved the sale of F-16 fighter jets to Pakistan on condition "
            "that they are not used against India.")
    (s,) = a.statements
    assert s.polarity == "restricted"
    assert (s.grantor, s.grantee, s.target_country) == ("US", "PK", "IN")
    assert "f16" in s.weapons
    assert not zones_of(a, "permitted")  # approving a sale permits no strike
    assert zones_of(a, "restricted")


def test_approving_a_delivery_alone_states_no_strike_policy() -> None:
    assert not run("Washington approved the delivery of more HIMARS launchers to Ukraine, "
                   "officials said.").statements


def test_supplies_refused_for_an_offensive_restrict_that_area() -> None:
    a = run("Germany will not supply weapons to Turkey for an offensive against Kurdish "
            "militias in northern Syria, the government said.")
    (s,) = a.statements
    assert s.polarity == "restricted" and s.rule.startswith("supply_for_attack")
    assert (s.grantor, s.grantee, s.target_country) == ("DE", "TR", "SY")
    assert covers(a, "restricted", shapely.Point(41.23, 37.05))  # Qamishli, in the north
    assert not covers(a, "restricted", shapely.Point(36.29, 33.51))  # Damascus, in the south


def test_supplying_without_a_refusal_is_no_ban() -> None:
    assert not run("Germany will supply air-defence systems to Turkey, the government "
                   "said.").zones


def test_not_to_be_used_against_a_country() -> None:
    a = run("Canada said the armoured vehicles it sold to Saudi Arabia are not to be used "
            "against Yemen.")
    (s,) = a.statements
    assert (s.polarity, s.grantor, s.grantee, s.target_country) == (
        "restricted", "CA", "SA", "YE")
    assert covers(a, "restricted", shapely.Point(44.21, 15.35))  # Sanaa


def test_refusal_to_deliver_a_system_is_a_ban_on_it() -> None:
    a = run(WAR + "Berlin refused on Thursday to deliver Taurus cruise missiles to Ukraine, "
            "the chancellor said.")
    (z,) = a.zones
    assert z.status == "restricted" and "taurus" in z.weapons
    assert z.geometry.contains(BELGOROD) and not z.geometry.contains(KYIV)


@pytest.mark.parametrize("text, weapon", [
    ("Washington gave Ukraine the green light to strike Russian territory with ATACMS missiles "
     "on Sunday.", "atacms"),
    ("Britain lifted the ban on Ukraine using Storm Shadow missiles inside Russia on Monday.",
     "storm_shadow"),
])
def test_green_light_and_lifted_ban_are_permissions(text: str, weapon: str) -> None:
    a = run(text)
    (z,) = a.zones
    assert z.status == "permitted" and weapon in z.weapons
    assert z.geometry.contains(BELGOROD) and not z.geometry.contains(KYIV)


def test_case_by_case_alone_is_ambiguous() -> None:
    a = run("France said requests by Ukraine to use SCALP missiles against targets in Russia "
            "would be decided case by case.")
    (s,) = a.statements
    assert (s.polarity, s.grantor, s.grantee, s.target_country) == (
        "ambiguous", "FR", "UA", "RU")
    assert {z.status for z in a.zones} == {"ambiguous"}


def test_case_by_case_under_a_grant_keeps_the_grant() -> None:
    a = run("The envoy said Washington has allowed Ukraine to strike deep inside Russia, with "
            "each long-range attack approved case by case.")
    assert any(s.polarity == "permitted" and s.relation == Relation.DEEP_INSIDE
               for s in a.statements)


def test_a_later_reversal_wins() -> None:
    a = run("In March the administration barred Ukraine from firing ATACMS missiles into "
            "Russia. On Friday the new administration reversed that decision and allowed "
            "Ukraine to use ATACMS inside Russia.")
    old, new = a.statements
    assert (old.polarity, old.in_force) == ("restricted", False)
    assert (new.polarity, new.in_force) == ("permitted", True)
    assert {z.status for z in a.zones} == {"permitted"}


def test_a_reversed_permission_is_a_ban() -> None:
    a = run(WAR + "On Friday the new administration reversed a decision to permit Ukraine to "
            "fire ATACMS missiles into Russia.")
    assert [z.status for z in a.zones] == ["restricted"]


def test_arms_export_licences_suspended_for_gaza() -> None:
    a = run("The United Kingdom suspended 30 arms export licences to Israel for items that "
            "could be used in military operations in Gaza.")
    assert {s.grantor for s in a.statements} == {"GB"}
    assert all(s.grantee == "IL" and s.polarity == "restricted" for s in a.statements)
    assert covers(a, "restricted", shapely.Point(34.46, 31.50))  # Gaza City
    assert not covers(a, "restricted", shapely.Point(34.78, 32.08))  # Tel Aviv


def test_exclusion_after_a_permission_in_another_war() -> None:
    a = run("Paris allowed Ukraine to fire SCALP missiles at military targets in Russia, but "
            "not at Moscow.")
    assert covers(a, "permitted", BELGOROD)
    assert not covers(a, "permitted", MOSCOW)


def test_a_limit_stated_later_narrows_a_generic_permission() -> None:
    """Reconciliation: "inside Russia" and "limited to ... across the border from the Kharkiv
    region" are one policy, drawn as the strip; the ATACMS ban stays its own restricted zone."""
    a = run("Ukraine has been fighting Russian forces since 2022. The US said on Thursday that "
            "Ukraine may strike inside Russia with American rockets. The permission is limited "
            "to Russian forces across the border from the Kharkiv region, officials said. The "
            "ban on using ATACMS inside Russia stays in force.")
    permitted = [p for p in a.policies if p.status == "permitted"]
    assert len(permitted) == 1 and permitted[0].relation == Relation.ACROSS_BORDER_FROM
    assert len(permitted[0].statements) == 2  # both sentences are its evidence
    (zone,) = zones_of(a, "permitted")
    assert zone.geometry.contains(BELGOROD) and not zone.geometry.contains(MOSCOW)
    assert len(zone.evidence) == 2
    (ban,) = zones_of(a, "restricted")
    assert "atacms" in ban.weapons
    assert zones_of(a, "defended")  # the Kharkiv region is what the permission defends


def test_every_relation_has_a_drawer() -> None:
    assert set(DRAWERS) == set(Relation)


def _lexicon_with(tmp_path, change) -> None:  # noqa: ANN001 - test helper
    import yaml

    from mapper.paths import geodata_dir
    from mapper.rules.lexicon import load_rule_lexicon

    raw = yaml.safe_load((geodata_dir() / "lexicon" / "rules.yaml").read_text(encoding="utf-8"))
    change(raw)
    path = tmp_path / "rules.yaml"
    path.write_text(yaml.safe_dump(raw), encoding="utf-8")
    load_rule_lexicon(rules_path=path)


@pytest.mark.parametrize("change, field", [
    (lambda raw: raw.update(grant_verb=["allow"]), "grant_verb"),  # a typo of grant_verbs
    (lambda raw: raw.pop("supply_verbs"), "supply_verbs"),
    (lambda raw: raw["relations"][0].update(relation="alongside"), "relations.0.relation"),
    (lambda raw: raw["relations"][0].update(anchor="before"), "relations.0.anchor"),
    (lambda raw: raw["zones"].update(default_depth_km=-5), "zones.default_depth_km"),
])
def test_a_broken_lexicon_fails_at_load_naming_the_field(tmp_path, change, field) -> None:  # noqa: ANN001
    from mapper.rules.lexicon import LexiconError

    with pytest.raises(LexiconError, match=rf"rules\.yaml: {field}:"):
        _lexicon_with(tmp_path, change)
