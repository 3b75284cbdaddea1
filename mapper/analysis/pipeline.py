"""Article -> Analysis: one parse, then places, statements, events, policies and zones. Loaded once,
reused."""

from __future__ import annotations

import dataclasses
import datetime as dt
from functools import lru_cache

from mapper.analysis.chunks import (
    READ_CHUNK_CHARS,
    join_readings,
    places_in,
    shift_event,
    shift_reading,
)
from mapper.analysis.models import Analysis
from mapper.boundaries import Boundaries, load_boundaries
from mapper.catalogs import WeaponCatalog, weapon_catalog
from mapper.events import EventExtractor, EventsLexicon, events_lexicon
from mapper.geoparse import Geoparser, default_geoparser
from mapper.ingest import Article, parse_article
from mapper.nlp.chunks import sentence_chunks
from mapper.policy import reconcile
from mapper.records import AnalysisSettings
from mapper.rules import RuleLexicon, StatementExtractor, rule_lexicon
from mapper.zones import ZoneBuilder


class Drawer:
    """Policies and zones of a read article under some settings; needs no language pipeline.
    Thread-compatible, not thread-safe."""

    def __init__(self, boundaries: Boundaries, catalog: WeaponCatalog,
                 lexicon: RuleLexicon) -> None:
        self.catalog = catalog
        self.zones = ZoneBuilder(boundaries, catalog, lexicon)

    def redraw(self, analysis: Analysis, settings: AnalysisSettings) -> Analysis:
        """Policies and zones again for new settings (threshold, border view, ranges, depth),
        without re-reading the text."""
        policies = reconcile(list(analysis.statements), settings, self.catalog,
                             analysis.weapon_mentions, analysis.border_mentions)
        zones = self.zones(policies, settings)
        return dataclasses.replace(analysis, policies=tuple(policies), zones=tuple(zones),
                                   border_view=settings.border_view)


class Analyzer:
    """Runs the whole chain on an article. Thread-compatible, not thread-safe."""

    def __init__(self, geoparser: Geoparser, boundaries: Boundaries, catalog: WeaponCatalog,
                 lexicon: RuleLexicon, events: EventsLexicon | None = None) -> None:
        self.geoparser = geoparser
        self.catalog = catalog
        self.extract = StatementExtractor(geoparser.nlp, lexicon, catalog)
        self.drawer = Drawer(boundaries, catalog, lexicon)
        self.zones = self.drawer.zones
        self.events = EventExtractor(events or events_lexicon(), geoparser.gazetteer)

    def __call__(self, article: Article, settings: AnalysisSettings | None = None) -> Analysis:
        return self.redraw(self.read(article), settings or AnalysisSettings())

    def read(self, article: Article) -> Analysis:
        """The text read once (parse, places, statements), before any settings: no policies
        or zones yet (`redraw` adds them). A long text is parsed and read in sentence-aligned
        pieces, so time and memory grow with its length; offsets stay exact."""
        pieces = list(sentence_chunks(article.text, READ_CHUNK_CHARS))
        docs = [(offset, doc) for (offset, _), doc in
                zip(pieces, self.geoparser.nlp.pipe((p for _, p in pieces), batch_size=1),
                    strict=True)]
        if len(docs) == 1:
            places = self.geoparser.from_doc(docs[0][1])
            reading = self.extract.read(docs[0][1], places, article.date)
            events = self.events.read(docs[0][1], places, article.date, reading.statements)
        else:
            places = self.geoparser.from_docs(article.text, docs)
            ends = [offset + len(piece) for offset, piece in pieces]
            readings, events = [], []
            for (offset, doc), end in zip(docs, ends, strict=True):
                local = places_in(places, offset, end)
                piece = self.extract.read(doc, local, article.date)
                events += [shift_event(e, offset) for e in
                           self.events.read(doc, local, article.date, piece.statements)]
                readings.append(shift_reading(piece, offset))
            reading = join_readings(readings)
        return Analysis(
            article_id=article.id, text=article.text, places=tuple(places),
            statements=tuple(reading.statements), zones=(), title=article.title,
            date=article.date, source=article.source,
            sentences=tuple((s.start_char + offset, s.end_char + offset)
                            for offset, doc in docs for s in doc.sents),
            border_mentions=tuple(reading.border_mentions),
            weapon_mentions=tuple(reading.weapon_mentions), events=tuple(events))

    def redraw(self, analysis: Analysis, settings: AnalysisSettings) -> Analysis:
        """Policies and zones again for new settings, without re-reading the text."""
        return self.drawer.redraw(analysis, settings)


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
