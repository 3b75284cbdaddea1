"""Text -> places: spaCy parse, recognition, resolution. Loaded once, reused per document."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Iterator
from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc

from mapper.gazetteer import Gazetteer, load_gazetteer
from mapper.geoparse.models import Place, Toponym
from mapper.geoparse.recognize import Recognizer
from mapper.geoparse.resolve import Resolver
from mapper.nlp import load_nlp
from mapper.nlp.chunks import sentence_chunks

CHUNK_CHARS = 100_000  # longer texts are parsed in paragraph-aligned chunks


class Geoparser:
    """Finds and resolves the places in texts. Thread-compatible, not thread-safe."""

    def __init__(self, nlp: Language, gazetteer: Gazetteer) -> None:
        self.nlp = nlp
        self.gazetteer = gazetteer
        self.recognize = Recognizer(gazetteer)
        self.resolve = Resolver(gazetteer)

    def toponyms(self, text: str) -> list[Toponym]:
        found: list[Toponym] = []
        for offset, chunk in _chunks(text):
            for t in self.recognize(self.nlp(chunk)):
                found.append(_shift(t, offset))
        return found

    def __call__(self, text: str) -> list[Place]:
        return self.resolve(text, self.toponyms(text))

    def from_doc(self, doc: Doc) -> list[Place]:
        return self.resolve(doc.text, self.recognize(doc))

    def from_docs(self, text: str, docs: Iterable[tuple[int, Doc]]) -> list[Place]:
        """The places of a text parsed in pieces ((offset, doc) pairs that cover it), resolved
        together: every piece is context for the others; offsets are into `text`."""
        toponyms = [_shift(t, offset) for offset, doc in docs for t in self.recognize(doc)]
        return self.resolve(text, toponyms)

    def resolve_spans(self, text: str, spans: Iterable[tuple[int, int]]) -> list[Place]:
        """Resolve given spans (gold toponyms) without recognition."""
        toponyms = [Toponym(s, e, text[s:e], "gold") for s, e in spans if 0 <= s < e <= len(text)]
        return self.resolve(text, toponyms)

    def pipe(self, texts: Iterable[str], batch_size: int = 32) -> Iterator[list[Place]]:
        """Many short texts at once (nlp.pipe); long ones go through __call__."""
        buffer: list[str] = []
        for text in texts:
            if len(text) > CHUNK_CHARS:
                yield from self._flush(buffer, batch_size)
                buffer = []
                yield self(text)
                continue
            buffer.append(text)
            if len(buffer) >= batch_size:
                yield from self._flush(buffer, batch_size)
                buffer = []
        yield from self._flush(buffer, batch_size)

    def _flush(self, texts: list[str], batch_size: int) -> Iterator[list[Place]]:
        for doc in self.nlp.pipe(texts, batch_size=batch_size):
            yield self.from_doc(doc)


def _chunks(text: str) -> Iterator[tuple[int, str]]:
    return sentence_chunks(text, CHUNK_CHARS)


def _shift(t: Toponym, offset: int) -> Toponym:
    if offset == 0:
        return t
    return dataclasses.replace(t, start=t.start + offset, end=t.end + offset)


@lru_cache(maxsize=1)
def default_geoparser() -> Geoparser:
    return Geoparser(load_nlp(), load_gazetteer())


def geoparse(text: str) -> list[Place]:
    """Every place named in `text`, resolved (see Place). Loads the pipeline on first use."""
    return default_geoparser()(text)
