"""Batch building blocks without a cluster: inputs, the timeline, fingerprints, manifests."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import pandas as pd
import pytest
from batch_corpus import write_corpus

from mapper.corpus.fingerprint import code_fingerprint, payload_fingerprint
from mapper.corpus.run import plan
from mapper.corpus.sources import read_corpus
from mapper.corpus.store import PartitionKey, is_done, write_partition
from mapper.corpus.timeline import with_event_validity, with_zone_validity
from mapper.corpus.work import PartitionResult


def test_inputs_from_corpus_folder_and_glob_with_line_numbers(tmp_path: Path) -> None:
    folder, ids = write_corpus(tmp_path / "in", copies=1)
    items = read_corpus([str(folder)])
    assert [i.id for i in items] == ids
    bad = {i.id: i for i in items if i.error}
    malformed = next(i for i in bad.values() if "malformed JSON" in i.error)
    assert malformed.line == 9 and malformed.source.endswith("news.jsonl")
    assert bad["news-10"].line == 10 and "no \"text\"" in bad["news-10"].error
    assert {i.line for i in items if i.article and i.source.endswith(".jsonl")} == set(range(1, 9))
    globbed = read_corpus([str(folder / "notes" / "*.txt")])
    assert [i.id for i in globbed] == ["kyiv-note"]
    missing = read_corpus([str(tmp_path / "nothing-*.jsonl")])
    assert missing[0].error and missing[0].article is None


def test_ids_repeated_across_inputs_are_made_unique(tmp_path: Path) -> None:
    folder, _ = write_corpus(tmp_path / "in", copies=1)
    items = read_corpus([str(folder / "news.jsonl"), str(folder / "news.jsonl")])
    assert len({i.id for i in items}) == len(items)  # one input read twice: still unique ids


def _zones(rows: list[tuple]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["grantor", "grantee", "target_country", "policy_family",
                                       "effective_date", "article_date"])


def test_a_later_statement_of_the_same_policy_ends_a_zone() -> None:
    zones = _zones([
        ("US", "UA", "RU", "class", "2024-05-02", "2024-05-02"),  # replaced on 05-30
        ("US", "UA", "RU", "class", None, "2024-05-30"),           # article date; last word
        ("US", "UA", "RU", "class", "2024-05-30", "2024-05-31"),  # same day: no replacement
        ("DE", "UA", "RU", "class", "2024-06-10", "2024-06-10"),  # another grantor: untouched
        ("US", "UA", "RU", "system:x", "2024-04-01", "2024-04-01"),  # another family
        ("US", "UA", "RU", "class", None, None),                   # undated: until the first
    ])
    out = with_zone_validity(zones)
    assert str(out["valid_from"].dtype).startswith("datetime64")
    ends = [None if pd.isna(v) else v.date() for v in out["valid_to"]]
    starts = [None if pd.isna(v) else v.date() for v in out["valid_from"]]
    assert starts[:2] == [dt.date(2024, 5, 2), dt.date(2024, 5, 30)]
    assert ends == [dt.date(2024, 5, 30), None, None, None, None, dt.date(2024, 5, 2)]


def test_events_are_valid_for_their_day() -> None:
    out = with_event_validity(pd.DataFrame({"event_date": ["2024-06-02", None]}))
    assert out["valid_from"][0] == pd.Timestamp("2024-06-02")
    assert out["valid_to"][0] == pd.Timestamp("2024-06-03")
    assert pd.isna(out["valid_from"][1]) and pd.isna(out["valid_to"][1])


def test_a_changed_rules_file_makes_partitions_stale(tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    geodata = tmp_path / "geodata"
    shutil.copytree(Path(__file__).resolve().parents[1] / "geodata", geodata)
    monkeypatch.setenv("MAPPER_GEODATA_DIR", str(geodata))
    before = code_fingerprint({})
    assert code_fingerprint({}) == before
    rules = next((geodata / "lexicon").glob("*.yaml"))
    rules.write_text(rules.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    after = code_fingerprint({})
    assert after != before
    assert code_fingerprint({"min_confidence": 0.5}) != after

    folder, _ = write_corpus(tmp_path / "in", copies=1)
    part = plan(read_corpus([str(folder)]), 4, before)[0]
    write_partition(tmp_path / "out", part.key, PartitionResult(0, {}, [], []))
    assert is_done(tmp_path / "out", part.key)
    assert not is_done(tmp_path / "out", PartitionKey(0, part.key.input_fingerprint, after, 4))
    assert not is_done(tmp_path / "out", PartitionKey(0, payload_fingerprint([{}]), before, 4))


def test_a_line_separator_inside_a_text_does_not_cut_its_jsonl_line(tmp_path: Path) -> None:
    path = tmp_path / "wire.jsonl"
    text = "Crowds met in the square.\u2028Police watched.\u0085Then it rained."
    path.write_text(json.dumps({"id": "w1", "text": text}, ensure_ascii=False) + "\n"
                    + json.dumps({"id": "w2", "text": "Second."}) + "\n", encoding="utf-8")
    items = read_corpus([str(path)])
    assert [(i.id, i.line, i.error) for i in items] == [("w1", 1, None), ("w2", 2, None)]
    assert items[0].article.text == text


def test_missing_cells_of_every_kind_become_json_null() -> None:
    import numpy as np

    from mapper.corpus.merge import _plain

    assert [_plain(v) for v in (None, float("nan"), pd.NA, pd.NaT, np.int64(3), '["a"]')] == \
        [None, None, None, None, 3, ["a"]]
    assert _plain(pd.Timestamp("2024-06-02")) == "2024-06-02T00:00:00"
    json.dumps([_plain(v) for v in pd.array([1, None], dtype="Int64")])
