"""Inputs of the dashboard (pasted text, uploaded files, samples) -> articles and notices."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from mapper.ingest import (
    JSONL_SUFFIXES,
    Article,
    IngestError,
    is_html,
    read_articles,
    settle_articles,
)

PASTED = "pasted text"
_SCRIPT = re.compile(rb"<script\b", re.IGNORECASE)


@dataclass(frozen=True)
class Notice:
    """A message for the user about one input: shown, never raised."""

    level: Literal["error", "warning", "info"]
    text: str


@dataclass(frozen=True)
class LoadedInputs:
    articles: tuple[Article, ...]
    notices: tuple[Notice, ...]


def describe_error(error: IngestError) -> str:
    """"corpus.jsonl, line 3: malformed JSON (...)" -- where and why, in one line."""
    where = error.source if error.line is None else f"{error.source}, line {error.line}"
    return f"{where}: {error.message}"


def load_inputs(inputs: Iterable[tuple[str, bytes]], default_date: dt.date | None = None
                ) -> LoadedInputs:
    """Read every (name, bytes) input; each problem becomes a Notice and the rest goes on.

    Articles with no date of their own get `default_date`; ids repeated across inputs get a
    numeric suffix so every row and feature traces back to one article.
    """
    articles: list[Article] = []
    notices: list[Notice] = []
    for name, data in inputs:
        items = read_articles(name, data)
        errors = [i for i in items if isinstance(i, IngestError)]
        good = [i for i in items if isinstance(i, Article)]
        notices.extend(Notice("error", describe_error(e)) for e in errors)
        if name.lower().endswith(JSONL_SUFFIXES) and errors and good:
            skipped = "the line listed above was" if len(errors) == 1 else \
                f"the {len(errors)} lines listed above were"
            notices.append(Notice("warning", f"{name}: {len(good)} of {len(items)} corpus lines "
                                             f"were read; {skipped} skipped"))
        if (good and not name.lower().endswith(JSONL_SUFFIXES)
                and is_html(name, data.decode("utf-8", "replace"))):
            scripts = len(_SCRIPT.findall(data))
            dropped = (f"{scripts} <script> element{'s' if scripts != 1 else ''} and the markup "
                       "were dropped" if scripts else "the markup was dropped")
            notices.append(Notice("info", f"{name}: HTML page; only its article text was "
                                          f"analysed ({len(good[0].text):,} characters), "
                                          f"{dropped}"))
        articles.extend(good)
    return LoadedInputs(tuple(settle_articles(articles, default_date)), tuple(notices))


def sample_files(folder: Path) -> list[Path]:
    """The sample articles (Markdown with front matter) in a folder, in name order."""
    return sorted(p for p in folder.glob("*.md") if p.name.lower() != "readme.md")
