"""Nothing crashes on odd text: random sentences built from policy words, places, weapons,
numbers and punctuation go through the whole analysis, and what comes out is well formed."""

from __future__ import annotations

import datetime as dt

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mapper.analysis.pipeline import analyze

WORDS = [
    "Ukraine", "Russia", "Kharkiv", "region", "Oblast", "Moscow", "Kremlin", "Armenia",
    "Azerbaijan", "Baku", "the", "US", "American", "German", "Russian", "forces", "troops",
    "may", "can", "not", "never", "nor", "still", "no", "longer", "use", "fire", "strike",
    "authorized", "allowed", "barred", "banned", "lifted", "restrictions", "limits",
    "off-limits", "ruled", "out", "permission", "right", "should", "be", "HIMARS", "ATACMS",
    "Storm", "Shadow", "rockets", "weapons", "long-range", "missiles", "across", "border",
    "from", "near", "inside", "into", "deep", "within", "beyond", "miles", "kilometres", "km",
    "200", "50", "1,000", "(", ")", ",", ".", "—", "against", "until", "before", "had",
    "said", "officials", "President", "Biden", "on", "Friday", "in", "June", "them", "at",
    "\u00e9", "\u041a\u0438\u0457\u0432", "<script>", "${x}", "`", "\\", "\n",
]
sentences = st.lists(st.sampled_from(WORDS), min_size=0, max_size=60).map(" ".join)
noise = st.text(max_size=300)


def check(text: str, date: dt.date | None) -> None:
    analysis = analyze(text, date=date)
    for s in analysis.statements:
        assert s.polarity in ("permitted", "restricted", "ambiguous")
        assert text[s.evidence.start:s.evidence.end] == s.evidence.text
        assert 0 <= s.confidence <= 1
    for z in analysis.zones:
        assert z.geometry.is_valid and not z.geometry.is_empty and z.area_km2 > 0
    analysis.to_dict()


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(sentences, min_size=1, max_size=4).map(". ".join),
       st.one_of(st.none(), st.dates(dt.date(1990, 1, 1), dt.date(2030, 12, 31))))
def test_policy_word_salad(text: str, date: dt.date | None) -> None:
    check(text, date)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(noise)
def test_arbitrary_unicode(text: str) -> None:
    check(text, None)
