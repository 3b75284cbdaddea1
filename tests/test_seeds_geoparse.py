"""The team's sample articles (seeds/): every expected place is found and resolved, and no
person, organisation or demonym shows up as a place on the map."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from mapper.geoparse import geoparse
from mapper.ingest import ArticleError, parse_article

SEEDS = Path(__file__).resolve().parents[1] / "seeds"
ARTICLES = sorted(SEEDS.glob("*.md"))
ARTICLES = [p for p in ARTICLES if p.name != "README.md"]
EQUIVALENT_TYPES = {"region": {"region", "admin1"}, "admin1": {"admin1", "region"}}


def test_there_are_seeds() -> None:
    assert len(ARTICLES) >= 6


@pytest.mark.parametrize("path", ARTICLES, ids=lambda p: p.stem)
def test_expected_places(path: Path) -> None:
    article = parse_article(path.read_text(encoding="utf-8"), default_id=path.stem)
    expected = json.loads(path.with_suffix(".expected.json").read_text(encoding="utf-8"))
    assert article.date is not None and article.title
    places = geoparse(article.text)
    for want in expected["places"]:
        hits = [p for p in places if p.name == want["name"]]
        assert hits, f"{want['name']!r} not found; found {[p.name for p in places]}"
        best = hits[0]
        assert best.country_code == want["country_code"], (want, best)
        allowed = EQUIVALENT_TYPES.get(want["feature_type"], {want["feature_type"]})
        assert best.feature_type in allowed | {"landmark"}, (want, best)
    on_map = {p.name for p in places if p.role == "place"}
    assert not on_map & set(expected.get("not_places", [])), on_map & set(expected["not_places"])


def test_front_matter_errors_are_one_line() -> None:
    with pytest.raises(ArticleError, match="never closed"):
        parse_article("---\nid: x\nno end")
    with pytest.raises(ArticleError, match="YYYY-MM-DD"):
        parse_article("---\ndate: yesterday\n---\ntext")
    plain = parse_article("Just text about Kyiv.")
    assert plain.text == "Just text about Kyiv." and plain.date is None
