"""Long articles: the work grows with the text, not its square, and every offset stays exact.

Timing figures live in docs/benchmarks.md (benchmarks/bench_long.py); here only the growth of
CPU time from one length to six times that length is bounded, generously.
"""

from __future__ import annotations

import datetime as dt
import time

import pytest

from mapper.analysis.chunks import READ_CHUNK_CHARS
from mapper.analysis.pipeline import Analyzer, default_analyzer
from mapper.ingest import Article
from mapper.nlp.chunks import sentence_chunks

# Our own sentences: places, a permission with a weapon and a scope, a ban, filler news.
PARAGRAPH = (
    "Officials in Berlin said on Tuesday that Ukraine may now use German-supplied rocket "
    "launchers against Russian positions across the border from the Kharkiv region.\n\n"
    "Artillery fire hit the outskirts of Sumy overnight, the regional governor wrote, and "
    "two villages near Okhtyrka lost power.\n\n"
    "A spokesman in Paris said strikes deep inside Russia with French missiles remained "
    "ruled out.\n\n"
    "Farmers near Poltava reported a late harvest after weeks of rain, and markets in Dnipro "
    "stayed open through the weekend.\n\n"
)


def long_text(chars: int) -> str:
    return (PARAGRAPH * (chars // len(PARAGRAPH) + 1))[:chars]


@pytest.fixture(scope="module")
def analyzer() -> Analyzer:
    return default_analyzer()


def test_chunks_cover_the_text_exactly_and_end_at_breaks() -> None:
    text = long_text(23_456)
    pieces = list(sentence_chunks(text, 5_000))
    assert "".join(p for _, p in pieces) == text
    assert all(len(p) <= 5_000 for _, p in pieces)
    assert [o for o, _ in pieces] == [sum(len(p) for _, p in pieces[:i])
                                      for i in range(len(pieces))]
    assert all(p.endswith("\n\n") for _, p in pieces[:-1])  # paragraph breaks exist: used


def test_chunks_of_one_endless_sentence_still_cover_it() -> None:
    text = "word " * 3_000 + "x" * 7_000
    pieces = list(sentence_chunks(text, 4_000))
    assert "".join(p for _, p in pieces) == text
    assert all(len(p) <= 4_000 for _, p in pieces)


def test_a_short_text_is_one_piece() -> None:
    assert list(sentence_chunks("Kharkiv.", 100)) == [(0, "Kharkiv.")]


def test_a_long_article_keeps_exact_offsets(analyzer: Analyzer) -> None:
    text = long_text(int(READ_CHUNK_CHARS * 2.5))
    analysis = analyzer(Article("long", text, date=dt.date(2024, 6, 1)))
    assert analysis.places and analysis.statements and analysis.zones
    for p in analysis.places:
        assert text[p.start:p.end] == p.name
    for s in analysis.statements:
        assert text[s.evidence.start:s.evidence.end] == s.evidence.text
        for w in s.weapon_mentions:
            assert text[w.start:w.end] == w.text
    for w in analysis.weapon_mentions:
        assert text[w.start:w.end] == w.text
    for b in analysis.border_mentions:
        assert text[b.evidence.start:b.evidence.end] == b.evidence.text
    starts = [s for s, _ in analysis.sentences]
    assert starts == sorted(starts) and analysis.sentences[-1][1] <= len(text)
    # every piece is read: places are found up to the end of the text, not in the first only
    assert max(p.start for p in analysis.places) > len(text) - len(PARAGRAPH)
    assert max(s.evidence.start for s in analysis.statements) > len(text) - 2 * len(PARAGRAPH)


def test_long_and_short_read_the_same_paragraph_alike(analyzer: Analyzer) -> None:
    short = analyzer(Article("short", PARAGRAPH, date=dt.date(2024, 6, 1)))
    text = long_text(int(READ_CHUNK_CHARS * 1.5))
    long = analyzer(Article("long", text, date=dt.date(2024, 6, 1)))
    wanted = {(s.polarity, s.grantor, s.grantee, s.weapons) for s in short.statements}
    assert wanted and wanted <= {(s.polarity, s.grantor, s.grantee, s.weapons)
                                 for s in long.statements}
    assert {p.resolved_name for p in short.places} <= {p.resolved_name for p in long.places}


def _cpu_seconds(analyzer: Analyzer, chars: int) -> float:
    article = Article(f"a{chars}", long_text(chars), date=dt.date(2024, 6, 1))
    started = time.process_time()
    analyzer(article)
    return time.process_time() - started


def test_time_grows_linearly_with_the_text(analyzer: Analyzer) -> None:
    analyzer(Article("warm", PARAGRAPH))
    small = _cpu_seconds(analyzer, 25_000)
    large = _cpu_seconds(analyzer, 150_000)
    # linear: about 6x; the quadratic reading this guards against took more than 12x
    assert large / small < 9.0, f"25k chars {small:.1f} s, 150k chars {large:.1f} s"
