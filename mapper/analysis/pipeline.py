"""Article -> Analysis: one parse, then places, statements and zones. Loaded once, reused."""

from __future__ import annotations

import dataclasses
import datetime as dt
from functools import lru_cache

from mapper.analysis.models import Analysis
from mapper.analysis.settings import AnalysisSettings
from mapper.geoparse import Geoparser, default_geoparser
from mapper.ingest import Article, parse_article


class Analyzer:
    """Runs the whole chain on an article. Thread-compatible, not thread-safe."""

    def __init__(self, geoparser: Geoparser) -> None:
        self.geoparser = geoparser

    def __call__(self, article: Article, settings: AnalysisSettings | None = None) -> Analysis:
        settings = settings or AnalysisSettings()
        doc = self.geoparser.nlp(article.text)
        places = self.geoparser.from_doc(doc)
        return Analysis(article_id=article.id, text=article.text, places=tuple(places),
                        statements=(), zones=(), title=article.title, date=article.date,
                        source=article.source, border_view=settings.border_view,
                        sentences=tuple((s.start_char, s.end_char) for s in doc.sents))


@lru_cache(maxsize=1)
def default_analyzer() -> Analyzer:
    return Analyzer(default_geoparser())


def analyze(text: str, date: dt.date | None = None, article_id: str = "article",
            settings: AnalysisSettings | None = None) -> Analysis:
    """Convenience entry point: analyse one text with the default pipeline."""
    article = parse_article(text, article_id)
    if date is not None:
        article = dataclasses.replace(article, date=date)
    return default_analyzer()(article, settings)
