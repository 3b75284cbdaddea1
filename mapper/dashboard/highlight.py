"""The article text as HTML with recognised places and weapon mentions marked.

Every character of the article is escaped; only the marks this module writes are markup.
"""

from __future__ import annotations

import html
from dataclasses import dataclass

from mapper.analysis.models import Analysis

STYLE = """<style>
.cm-text{line-height:1.7;font-size:0.95rem;white-space:normal}
.cm-text mark{padding:0 .15em;border-radius:.2em}
.cm-text mark.cm-place{background:#cfe8ff}
.cm-text mark.cm-unresolved{background:#eee;border-bottom:1px dashed #888}
.cm-text mark.cm-weapon{background:#ffe0b2}
.cm-text mark.cm-selected{outline:2px solid #d62728;background:#ffd1d1}
.cm-legend mark{padding:0 .3em;border-radius:.2em;margin-right:.6em}
</style>"""


@dataclass(frozen=True)
class Mark:
    start: int
    end: int
    kind: str  # place | unresolved | weapon
    title: str
    name: str  # the place's resolved name or the weapon key: what the map and tables call it


def place_title(name: str, resolved: str | None, country: str | None,
                lat: float | None, lon: float | None) -> str:
    if lat is None or lon is None:
        return f"{name}: recognised, not placed on the map"
    where = ", ".join(x for x in (resolved, country) if x)
    return f"{name} \u2192 {where} ({lat:.4f}, {lon:.4f})"


def marks(analysis: Analysis) -> list[Mark]:
    """Non-overlapping marks in text order: places (not actors) and weapon mentions."""
    found: list[Mark] = []
    for p in analysis.places:
        if p.role != "place":
            continue
        kind = "place" if p.lat is not None else "unresolved"
        found.append(Mark(p.start, p.end, kind,
                          place_title(p.name, p.resolved_name, p.country_code, p.lat, p.lon),
                          p.resolved_name or p.name))
    seen: set[tuple[int, int]] = set()
    for s in analysis.statements:
        for m in s.weapon_mentions:
            if (m.start, m.end) in seen:
                continue
            seen.add((m.start, m.end))
            reach = ""
            if m.max_range_km is not None:
                low = f"{m.min_range_km:g}\u2013" if m.min_range_km is not None else "up to "
                reach = f", {low}{m.max_range_km:g} km"
            found.append(Mark(m.start, m.end, "weapon", f"weapon: {m.key} ({m.kind}{reach})",
                              m.key))
    found.sort(key=lambda k: (k.start, -(k.end - k.start)))
    out: list[Mark] = []
    for mark in found:
        if 0 <= mark.start < mark.end <= len(analysis.text) and (
                not out or mark.start >= out[-1].end):
            out.append(mark)
    return out


def _escape(text: str) -> str:
    return html.escape(text, quote=True).replace("\n", "<br>")


def highlight_html(analysis: Analysis, selected: str | None = None) -> str:
    """Escaped article text with <mark>s; marks named `selected` get an extra outline."""
    text = analysis.text
    parts = [STYLE, '<div class="cm-text">']
    pos = 0
    for mark in marks(analysis):
        parts.append(_escape(text[pos:mark.start]))
        cls = f"cm-{mark.kind}" + (" cm-selected" if selected and mark.name == selected else "")
        parts.append(f'<mark class="{cls}" data-name="{html.escape(mark.name, quote=True)}" '
                     f'title="{html.escape(mark.title, quote=True)}">'
                     f"{_escape(text[mark.start:mark.end])}</mark>")
        pos = mark.end
    parts.append(_escape(text[pos:]))
    parts.append("</div>")
    return "".join(parts)


LEGEND = (STYLE + '<div class="cm-legend"><mark class="cm-place" style="background:#cfe8ff">'
          'place on the map</mark><mark style="background:#eee">place not resolved</mark>'
          '<mark style="background:#ffe0b2">weapon</mark>'
          '<mark style="outline:2px solid #d62728;background:#ffd1d1">selected</mark></div>')
