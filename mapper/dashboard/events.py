"""Events as dashboard cards: what happened, where, when, and the sentences that say so.

Every article-derived string is escaped; only the markup this module writes is HTML.
"""

from __future__ import annotations

import html

from mapper.analysis.models import Analysis
from mapper.layers.style import event_style

SEPARATOR = " \u00b7 "


def event_cards_html(analyses: list[Analysis]) -> str:
    """One card per event: coloured type, sub-type, date, place, actors, deaths, sentences."""
    cards = []
    for analysis in analyses:
        for event in analysis.events:
            colour, symbol = event_style(event.event_type)
            day = event.event_date.isoformat() if event.event_date else "undated"
            place = event.place.resolved_name or event.place.name
            facts = [day, place]
            if event.actor1:
                facts.append(event.actor1)
            if event.fatalities is not None:
                facts.append(f"{event.fatalities} killed")
            quotes = "".join(
                '<blockquote style="margin:.3em 0;padding:.3em .8em;border-left:4px solid '
                f'{colour};background:#f6f6f6">{html.escape(e.text)}</blockquote>'
                for e in event.evidence)
            cards.append(
                f'<div class="cm-event" data-event-type="{html.escape(event.event_type)}">'
                f'<b style="color:{colour}">{symbol} {html.escape(event.event_type)}</b>: '
                f"{html.escape(event.sub_event_type)} \u00b7 "
                f"{html.escape(SEPARATOR.join(facts))}{quotes}</div>")
    return "".join(cards)
