"""Articles from text: plain text or Markdown with YAML front matter (id, title, date, source)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import yaml

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
        meta = yaml.safe_load(raw[len(FRONT_MATTER) + 1:end]) or {}
    except yaml.YAMLError as exc:
        raise ArticleError(f"front matter is not valid YAML ({exc.__class__.__name__})") from None
    if not isinstance(meta, dict):
        raise ArticleError("front matter must be a mapping of fields")
    body = raw[end + len(FRONT_MATTER) + 1:].lstrip("\n")
    date = meta.get("date")
    if isinstance(date, str):
        try:
            date = dt.date.fromisoformat(date)
        except ValueError:
            raise ArticleError(f"date {date!r} is not YYYY-MM-DD") from None
    if date is not None and not isinstance(date, dt.date):
        raise ArticleError("date must be YYYY-MM-DD")
    return Article(id=str(meta.get("id", default_id)), text=body,
                   title=meta.get("title"), date=date, source=meta.get("source"))
