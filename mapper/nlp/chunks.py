"""Long texts in sentence-aligned pieces: each piece is parsed and read on its own, so the work
grows with the length of the text, never with its square."""

from __future__ import annotations

from collections.abc import Iterator

# Where a piece may end, best first: a paragraph break, a line break, the end of a sentence.
BREAKS = ("\n\n", "\n", ". ", "? ", "! ")


def sentence_chunks(text: str, size: int) -> Iterator[tuple[int, str]]:
    """(offset, piece) pairs that cover `text` exactly, in order, each at most `size`
    characters: cut at the last paragraph break of the second half of the window, else at a
    line break, else after a sentence end, else (one endless sentence) at a space or hard."""
    if len(text) <= size:
        yield 0, text
        return
    start = 0
    while start < len(text):
        end = min(start + size, len(text))
        if end < len(text):
            end = _cut(text, start + size // 2, end)
        yield start, text[start:end]
        start = end


def _cut(text: str, low: int, high: int) -> int:
    for mark in BREAKS:
        at = text.rfind(mark, low, high)
        if at != -1:
            return at + len(mark)
    at = text.rfind(" ", low, high)
    return at + 1 if at != -1 else high
