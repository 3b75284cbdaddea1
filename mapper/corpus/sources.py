"""Batch inputs -> corpus items: .jsonl corpora, folders of .txt/.md/.html, and globs.

Every article keeps where it came from (file and, for a corpus, line number); an input or line
that cannot be read becomes an error item in its place, so nothing is lost and nothing raises.
"""

from __future__ import annotations

import datetime as dt
import glob
from dataclasses import dataclass
from pathlib import Path

from mapper.ingest import JSONL_SUFFIXES, Article, IngestError, read_articles, settle_articles

ARTICLE_SUFFIXES = (".txt", ".md", ".html", ".htm", *JSONL_SUFFIXES)


@dataclass(frozen=True)
class CorpusItem:
    """One input article (or the reason it could not be read), with its origin."""

    id: str
    source: str
    line: int | None
    article: Article | None = None
    error: str | None = None

    def to_payload(self) -> dict[str, object]:
        """Plain values for shipping to a worker (and for fingerprinting)."""
        a = self.article
        return {"id": self.id, "source": self.source, "line": self.line, "error": self.error,
                "text": a.text if a else None, "title": a.title if a else None,
                "date": a.date.isoformat() if a and a.date else None,
                "article_source": a.source if a else None}


def expand_inputs(patterns: list[str]) -> tuple[list[Path], list[IngestError]]:
    """Files named, found in folders (recursively, by suffix) or matched by globs, in order and
    without repeats; a pattern that matches nothing is an error."""
    files: list[Path] = []
    errors: list[IngestError] = []
    for pattern in patterns:
        path = Path(pattern)
        if path.is_dir():
            found = sorted(p for p in path.rglob("*")
                           if p.is_file() and p.suffix.lower() in ARTICLE_SUFFIXES)
        elif path.is_file():
            found = [path]
        else:
            found = sorted(Path(p) for p in glob.glob(pattern, recursive=True)
                           if Path(p).is_file())
        if not found:
            errors.append(IngestError(pattern, "no such file, folder or matching input"))
        files.extend(found)
    return list(dict.fromkeys(files)), errors


def _line_numbers(data: bytes) -> list[int]:
    """Numbers of the non-blank lines of a corpus: the lines `read_articles` reads, in order."""
    text = data.decode("utf-8-sig", errors="replace")
    return [n for n, line in enumerate(text.split("\n"), start=1) if line.strip()]


def read_corpus(patterns: list[str], default_date: dt.date | None = None) -> list[CorpusItem]:
    """Every input article in order, as corpus items; ids made unique across the corpus."""
    files, missing = expand_inputs(patterns)
    items: list[CorpusItem] = [CorpusItem(e.source, e.source, None, error=e.message)
                               for e in missing]
    for path in files:
        name = str(path)
        try:
            data = path.read_bytes()
        except OSError as exc:
            items.append(CorpusItem(name, name, None, error=f"cannot read ({exc.strerror})"))
            continue
        read = read_articles(name, data)
        is_corpus = name.lower().endswith(JSONL_SUFFIXES)
        numbers = _line_numbers(data) if is_corpus else []
        if len(numbers) != len(read):
            numbers = [None] * len(read)
        for item, number in zip(read, numbers, strict=True):
            if isinstance(item, IngestError):
                line = item.line if item.line is not None else number
                ident = f"{path.stem}-{line}" if line is not None else name
                items.append(CorpusItem(ident, name, line, error=item.message))
            else:
                items.append(CorpusItem(item.id, name, number, article=item))
    return _settle(items, default_date)


def _settle(items: list[CorpusItem], default_date: dt.date | None) -> list[CorpusItem]:
    """Unique ids over articles and errors alike (the `articles` table lists each once)."""
    placeholders = [it.article or Article(id=it.id, text="") for it in items]
    settled = settle_articles(placeholders, default_date)
    out = []
    for item, article in zip(items, settled, strict=True):
        out.append(CorpusItem(article.id, item.source, item.line,
                              article if item.article is not None else None, item.error))
    return out
