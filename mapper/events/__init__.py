"""Events layer: conflict events coded the ACLED way, from the parse the analysis already has."""

from mapper.events.extract import EventExtractor
from mapper.events.lexicon import EventsLexicon, events_lexicon, load_events_lexicon

__all__ = ["EventExtractor", "EventsLexicon", "events_lexicon", "load_events_lexicon"]
