"""Batch geoparsing of JSONL files (an edge module: reads and writes the user's files).

One bad line never stops a run: it is reported on stderr and written out with an "error" field
and an empty toponym list, in its place, so output lines match input lines one to one.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from tqdm import tqdm

from mapper.geoparse import Geoparser, Place
from mapper.geoparse.evaluate import DocResult, Report, Span, match_document, summarise

MAX_TEXT_CHARS = 5_000_000


@dataclass
class InputDoc:
    line_number: int
    doc_id: str
    text: str = ""
    gold: list[dict[str, Any]] = field(default_factory=list)
    neutral: list[dict[str, Any]] = field(default_factory=list)
    error: str | None = None
    blank: bool = False  # an empty input line, kept so output lines match input lines


def read_jsonl(lines: Iterable[str], with_gold: bool = False, keep_blank: bool = False
               ) -> Iterator[InputDoc]:
    """Parse lines into documents; problems become an `error`, never an exception.

    Blank lines are skipped, or with `keep_blank` passed on as `blank` placeholders."""
    for number, raw in enumerate(lines, start=1):
        if not raw.strip():
            if keep_blank:
                yield InputDoc(number, "", blank=True)
            continue
        try:
            record = json.loads(raw)
        except json.JSONDecodeError as exc:
            yield InputDoc(number, f"line-{number}", error=f"malformed JSON ({exc.msg})")
            continue
        if not isinstance(record, dict):
            yield InputDoc(number, f"line-{number}", error="line is not a JSON object")
            continue
        doc_id = str(record.get("doc_id", f"line-{number}"))
        text = record.get("text")
        if not isinstance(text, str):
            yield InputDoc(number, doc_id, error="missing or non-string 'text'")
            continue
        if len(text) > MAX_TEXT_CHARS:
            yield InputDoc(number, doc_id, error=f"text longer than {MAX_TEXT_CHARS:,} characters")
            continue
        gold = record.get("toponyms") or []
        if with_gold and not _valid_spans(gold, len(text)):
            yield InputDoc(number, doc_id, error="'toponyms' must be spans inside the text")
            continue
        yield InputDoc(number, doc_id, text, gold, record.get("unresolved") or [])


def _valid_spans(spans: object, length: int) -> bool:
    return isinstance(spans, list) and all(
        isinstance(s, dict) and isinstance(s.get("start"), int) and isinstance(s.get("end"), int)
        and 0 <= s["start"] < s["end"] <= length for s in spans)


def place_record(place: Place) -> dict[str, Any]:
    """One toponym as the geoparse JSONL contract writes it (plus `role`, `resolved_name`)."""
    return {
        "start": place.start, "end": place.end, "name": place.name,
        "lat": None if place.lat is None else round(place.lat, 6),
        "lon": None if place.lon is None else round(place.lon, 6),
        "geonameid": place.geonameid, "feature_type": place.feature_type,
        "country_code": place.country_code, "score": round(place.score, 4),
        "role": place.role, "resolved_name": place.resolved_name,
    }


def geoparse_docs(geoparser: Geoparser, docs: Iterable[InputDoc], gold_spans: bool
                  ) -> Iterator[tuple[InputDoc, list[Place]]]:
    for doc in docs:
        if doc.error is not None or doc.blank:
            yield doc, []
            continue
        try:
            if gold_spans:
                places = geoparser.resolve_spans(doc.text, [(t["start"], t["end"])
                                                            for t in doc.gold])
            else:
                places = geoparser(doc.text)
        except Exception as exc:  # noqa: BLE001 - one document must not end the run
            doc.error = f"{type(exc).__name__}: {exc}"
            places = []
        yield doc, places


def run_geoparse(geoparser: Geoparser, source: Iterable[str], sink: IO[str], gold_spans: bool,
                 progress: bool = True, total: int | None = None) -> tuple[int, int]:
    """Geoparse JSONL from `source` into `sink`, one output line per input line (a blank line
    stays blank); returns (documents, errors)."""
    docs = read_jsonl(source, with_gold=gold_spans, keep_blank=True)
    bar = tqdm(total=total, unit=" docs", disable=not progress, file=sys.stderr)
    count = errors = 0
    for doc, places in geoparse_docs(geoparser, docs, gold_spans):
        if doc.blank:
            sink.write("\n")
            continue
        out: dict[str, Any] = {"doc_id": doc.doc_id,
                               "toponyms": [place_record(p) for p in places]}
        if doc.error is not None:
            errors += 1
            out["error"] = doc.error
            tqdm.write(f"mapper: line {doc.line_number} ({doc.doc_id}): {doc.error}",
                       file=sys.stderr)
        sink.write(json.dumps(out, ensure_ascii=False) + "\n")
        count += 1
        bar.update(1)
    bar.close()
    return count, errors


def run_eval(geoparser: Geoparser, path: Path, gold_spans: bool, progress: bool = True
             ) -> tuple[Report, int]:
    """Geoparse a gold corpus and score it; returns the report and the number of bad lines."""
    with path.open(encoding="utf-8") as handle:
        lines = handle.readlines()
    results: list[DocResult] = []
    predicted = errors = 0
    docs = read_jsonl(lines, with_gold=True)
    bar = tqdm(total=len(lines), unit=" docs", disable=not progress, file=sys.stderr)
    for doc, places in geoparse_docs(geoparser, docs, gold_spans):
        bar.update(1)
        if doc.error is not None:
            errors += 1
            tqdm.write(f"mapper: line {doc.line_number} ({doc.doc_id}): {doc.error}",
                       file=sys.stderr)
            continue
        gold = [Span(t["start"], t["end"], t.get("lat"), t.get("lon")) for t in doc.gold]
        neutral = [Span(u["start"], u["end"]) for u in doc.neutral]
        pred = [Span(p.start, p.end, p.lat, p.lon) for p in places]
        predicted += len(pred)
        results.append(match_document(gold, neutral, pred))
    bar.close()
    return summarise(results, predicted), errors


def count_lines(path: Path) -> int:
    with path.open("rb") as handle:
        return sum(1 for line in handle if line.strip())


def text_lines(stream: IO[bytes]) -> Iterator[str]:
    """Lines split on line feeds only, as `wc -l` counts them, decoded leniently (a stray
    carriage return or a Unicode line separator inside a line does not make two lines of it)."""
    for raw in stream:
        yield raw.decode("utf-8", errors="replace")


def load_inputs(paths: Iterable[str], default_date: Any = None
                ) -> tuple[list[Any], list[Any]]:
    """Read every input path ('-' is stdin) into articles; unreadable ones become errors.

    Articles without a date of their own get `default_date`; ids repeated across inputs get a
    numeric suffix so every feature can be traced to one article.
    """
    from mapper.ingest import Article, IngestError, read_articles, settle_articles

    articles: list[Article] = []
    errors: list[IngestError] = []
    for name in paths:
        try:
            data = sys.stdin.buffer.read() if name == "-" else Path(name).read_bytes()
        except OSError as exc:
            errors.append(IngestError(name, f"cannot read ({exc.strerror or exc})"))
            continue
        for item in read_articles("stdin.txt" if name == "-" else name, data):
            if isinstance(item, IngestError):
                errors.append(item)
            else:
                articles.append(item)
    return settle_articles(articles, default_date), errors


def analyze_articles(articles: list[Any], settings: Any, progress: bool = True
                     ) -> tuple[list[Any], list[str]]:
    """Analyse each article; one that fails is reported by id and the rest go on."""
    from mapper.analysis.pipeline import default_analyzer

    analyzer = default_analyzer()
    analyses = []
    failures: list[str] = []
    for article in tqdm(articles, desc="analysing", unit="article", file=sys.stderr,
                        disable=not progress or len(articles) < 2):
        try:
            analyses.append(analyzer(article, settings))
        except Exception as exc:  # noqa: BLE001 - one article never stops a batch
            failures.append(f"{article.id}: {exc.__class__.__name__}: {exc}")
    return analyses, failures
