"""Articles from text: plain text or Markdown with YAML front matter (id, title, date, source)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from mapper.front_matter import FrontMatterError, read_front_matter, validate_fields

FRONT_MATTER = "---"


@dataclass(frozen=True)
class Article:
    id: str
    text: str
    title: str | None = None
    date: dt.date | None = None
    source: str | None = None


class ArticleError(ValueError):
    """The input cannot be read as an article (one-line message)."""


def parse_article(raw: str, default_id: str = "article") -> Article:
    """Split optional front matter from the body; the body keeps its own offsets."""
    if not raw.startswith(FRONT_MATTER + "\n"):
        return Article(id=default_id, text=raw)
    end = raw.find("\n" + FRONT_MATTER, len(FRONT_MATTER))
    if end == -1:
        raise ArticleError("front matter opened with '---' but never closed")
    try:
        meta = read_front_matter(raw[len(FRONT_MATTER) + 1:end])
    except FrontMatterError as exc:
        raise ArticleError(str(exc)) from None
    body = raw[end + len(FRONT_MATTER) + 1:].lstrip("\n")
    return Article(id=meta.id if meta.id is not None else default_id, text=body,
                   title=meta.title, date=meta.date, source=meta.source)


MAX_ARTICLE_CHARS = 1_000_000  # ~150,000 words; longer inputs are refused, not cut
HTML_SUFFIXES = (".html", ".htm")
JSONL_SUFFIXES = (".jsonl", ".ndjson")


@dataclass(frozen=True)
class IngestError:
    """Why one input (or one line of a corpus) could not be read; the rest still is."""

    source: str
    message: str
    line: int | None = None

    def __str__(self) -> str:
        where = f"{self.source}:{self.line}" if self.line is not None else self.source
        return f"{where}: {self.message}"


def decode_text(data: bytes) -> str:
    """Bytes -> text, refusing binary and empty input with a one-line reason."""
    if not data.strip():
        raise ArticleError("empty input: there is no text to analyse")
    if b"\x00" in data[:8192]:
        raise ArticleError("binary file: expected UTF-8 text, Markdown, HTML or JSONL")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ArticleError(f"not UTF-8 text (bad byte at offset {exc.start})") from None
    return text


def check_size(text: str) -> None:
    if len(text) > MAX_ARTICLE_CHARS:
        raise ArticleError(f"article has {len(text):,} characters; the limit is "
                           f"{MAX_ARTICLE_CHARS:,} per article (split it into several)")


def article_from_html(raw: str, default_id: str = "article") -> Article:
    """Main text and metadata of a web page (scripts, menus and boilerplate dropped)."""
    import trafilatura

    doc = trafilatura.bare_extraction(raw, with_metadata=True, include_comments=False,
                                      include_tables=False)
    if doc is not None and not isinstance(doc, dict):
        doc = doc.as_dict()
    text = (doc or {}).get("text") or ""
    if not text.strip():
        raise ArticleError("no article text found in the HTML page")
    date = None
    if (doc or {}).get("date"):
        try:
            date = dt.date.fromisoformat(str(doc["date"])[:10])
        except ValueError:
            date = None
    return Article(id=default_id, text=text, title=doc.get("title"), date=date,
                   source=doc.get("url") or doc.get("sitename"))


def article_from_record(record: object, default_id: str) -> Article:
    """One JSONL corpus line: {"id", "text", "date"?, "title"?, "source"?}."""
    if not isinstance(record, dict):
        raise ArticleError("line is not a JSON object")
    text = record.get("text")
    if not isinstance(text, str) or not text.strip():
        raise ArticleError("line has no \"text\"")
    check_size(text)
    date = record.get("date")
    if date is not None:
        try:
            date = dt.date.fromisoformat(str(date)[:10])
        except ValueError:
            raise ArticleError(f"date {date!r} is not YYYY-MM-DD") from None
    try:
        meta = validate_fields({"id": record.get("id") or record.get("doc_id") or default_id,
                                "title": record.get("title"), "source": record.get("source")},
                               what="line")
    except FrontMatterError as exc:
        raise ArticleError(str(exc)) from None
    return Article(id=meta.id or default_id, text=text, title=meta.title, date=date,
                   source=meta.source)


def read_articles(name: str, data: bytes) -> list[Article | IngestError]:
    """Articles in one input: .txt/.md (front matter allowed), .html, or a .jsonl corpus.

    Each bad input or corpus line becomes an IngestError in its place; nothing raises.
    """
    stem = name.rsplit("/", 1)[-1]
    default_id = stem.rsplit(".", 1)[0] or "article"
    try:
        text = decode_text(data)
    except ArticleError as exc:
        return [IngestError(name, str(exc))]
    lower = name.lower()
    if lower.endswith(JSONL_SUFFIXES):
        return list(_read_jsonl(name, text, default_id))
    try:
        check_size(text)
        if is_html(name, text):
            return [article_from_html(text, default_id)]
        return [parse_article(text, default_id)]
    except ArticleError as exc:
        return [IngestError(name, str(exc))]


def _read_jsonl(name: str, text: str, default_id: str) -> list[Article | IngestError]:
    import json

    out: list[Article | IngestError] = []
    # Lines end at "\n" only: JSON strings may hold U+2028 and other breaks splitlines() cuts at.
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            out.append(IngestError(name, f"malformed JSON ({exc.msg} at column {exc.colno})",
                                   number))
            continue
        try:
            out.append(article_from_record(record, f"{default_id}-{number}"))
        except ArticleError as exc:
            out.append(IngestError(name, str(exc), number))
    if not out:
        out.append(IngestError(name, "the corpus has no lines"))
    return out


def is_html(name: str, text: str) -> bool:
    """True when an input is read as a web page: by its suffix, else by its first markup."""
    if name.lower().endswith(HTML_SUFFIXES):
        return True
    head = text.lstrip()[:512].lower()
    return head.startswith(("<!doctype html", "<html")) or ("<body" in head and "</" in text)


def settle_articles(articles: list[Article], default_date: dt.date | None = None
                    ) -> list[Article]:
    """Articles ready to analyse together: undated ones get `default_date`, and an id seen
    before gets a numeric suffix, so every map feature traces to exactly one article."""
    import dataclasses

    out: list[Article] = []
    seen: dict[str, int] = {}
    for article in articles:
        if article.date is None and default_date is not None:
            article = dataclasses.replace(article, date=default_date)
        count = seen.get(article.id, 0)
        seen[article.id] = count + 1
        if count:
            article = dataclasses.replace(article, id=f"{article.id}-{count + 1}")
        out.append(article)
    return out
