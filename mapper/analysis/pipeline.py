"""Article -> Analysis: one parse, then places, statements, events, policies and zones. Loaded once,
reused."""

from __future__ import annotations

import dataclasses
import datetime as dt
from functools import lru_cache

from mapper.analysis.models import Analysis
from mapper.boundaries import Boundaries, load_boundaries
from mapper.catalogs import WeaponCatalog, weapon_catalog
from mapper.events import EventExtractor, EventsLexicon, events_lexicon
from mapper.geoparse import Geoparser, default_geoparser
from mapper.ingest import Article, parse_article
from mapper.policy import reconcile
from mapper.records import AnalysisSettings
from mapper.rules import RuleLexicon, StatementExtractor, rule_lexicon
from mapper.zones import ZoneBuilder


class Analyzer:
    """Runs the whole chain on an article. Thread-compatible, not thread-safe."""

    def __init__(self, geoparser: Geoparser, boundaries: Boundaries, catalog: WeaponCatalog,
                 lexicon: RuleLexicon, events: EventsLexicon | None = None) -> None:
        self.geoparser = geoparser
        self.catalog = catalog
        self.extract = StatementExtractor(geoparser.nlp, lexicon, catalog)
        self.zones = ZoneBuilder(boundaries, catalog, lexicon)
        self.events = EventExtractor(events or events_lexicon(), geoparser.gazetteer)

    def __call__(self, article: Article, settings: AnalysisSettings | None = None) -> Analysis:
        settings = settings or AnalysisSettings()
        doc = self.geoparser.nlp(article.text)
        places = self.geoparser.from_doc(doc)
        reading = self.extract.read(doc, places, article.date)
        events = self.events.read(doc, places, article.date, reading.statements)
        analysis = Analysis(
            article_id=article.id, text=article.text, places=tuple(places),
            statements=tuple(reading.statements), zones=(), title=article.title,
            date=article.date, source=article.source, border_view=settings.border_view,
            sentences=tuple((s.start_char, s.end_char) for s in doc.sents),
            border_mentions=tuple(reading.border_mentions),
            weapon_mentions=tuple(reading.weapon_mentions), events=tuple(events))
        return self.redraw(analysis, settings)

    def redraw(self, analysis: Analysis, settings: AnalysisSettings) -> Analysis:
        """Policies and zones again for new settings (threshold, border view, ranges, depth),
        without re-reading the text."""
        policies = reconcile(list(analysis.statements), settings, self.catalog,
                             analysis.weapon_mentions, analysis.border_mentions)
        zones = self.zones(policies, settings)
        return dataclasses.replace(analysis, policies=tuple(policies), zones=tuple(zones),
                                   border_view=settings.border_view)


@lru_cache(maxsize=1)
def default_analyzer() -> Analyzer:
    return Analyzer(default_geoparser(), load_boundaries(), weapon_catalog(), rule_lexicon(),
                    events_lexicon())


def analyze(text: str, date: dt.date | None = None, article_id: str = "article",
            settings: AnalysisSettings | None = None) -> Analysis:
    """Analyse one text (front matter allowed) with the default pipeline."""
    article = parse_article(text, article_id)
    if date is not None:
        article = dataclasses.replace(article, date=date)
    return default_analyzer()(article, settings)
