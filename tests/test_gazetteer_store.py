"""The cache is built atomically, and a corrupt or half-built cache is detected, never used."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from mapper.gazetteer import Gazetteer, ensure_gazetteer, gazetteer_path, validation_problem
from mapper.gazetteer.build import write_gazetteer
from mapper.gazetteer.records import NameKind, PlaceRecord

FINGERPRINT = "test-sources"


def small_records() -> list[PlaceRecord]:
    records = []
    for i in range(500):
        record = PlaceRecord(name=f"Testville {i}", feature_type="city", lat=10 + i / 100,
                             lon=20 + i / 100, country_code="ZZ", population=i * 10,
                             geonameid=9_000_000 + i, source="test")
        record.add_name(record.name, NameKind.CANONICAL)
        record.add_name(f"Тествиль {i}", NameKind.ALTERNATE)
        records.append(record)
    return records


@pytest.fixture
def small_gazetteer(tmp_path: Path) -> Path:
    path = tmp_path / "small.sqlite"
    write_gazetteer(path, [("test", small_records)], meta={"fingerprint": FINGERPRINT},
                    progress=False)
    return path


def test_small_build_is_valid_and_searchable(small_gazetteer: Path) -> None:
    assert validation_problem(small_gazetteer, FINGERPRINT) is None
    gazetteer = Gazetteer(small_gazetteer)
    found = gazetteer.lookup("Тествиль 42")
    assert [c.geonameid for c in found] == [9_000_042]
    assert gazetteer.meta["places"] == "500"
    assert not list(small_gazetteer.parent.glob("*.building-*")), "temp file left behind"


def test_changed_sources_invalidate(small_gazetteer: Path) -> None:
    assert validation_problem(small_gazetteer, "other-sources") == "sources changed"


def test_truncated_file_is_detected(small_gazetteer: Path) -> None:
    data = small_gazetteer.read_bytes()
    small_gazetteer.write_bytes(data[: len(data) // 2])
    assert validation_problem(small_gazetteer, FINGERPRINT) is not None


def test_garbage_file_is_detected(small_gazetteer: Path) -> None:
    small_gazetteer.write_bytes(b"not a database" * 1000)
    assert validation_problem(small_gazetteer, FINGERPRINT) is not None


def test_overwritten_pages_are_detected(small_gazetteer: Path) -> None:
    data = bytearray(small_gazetteer.read_bytes())
    page_size = 4096
    for page in range(2, len(data) // page_size, 3):  # scribble over every third page
        start = page * page_size + 100
        data[start:start + 512] = b"\xff" * 512
    small_gazetteer.write_bytes(bytes(data))
    assert validation_problem(small_gazetteer, FINGERPRINT) is not None


def test_half_built_file_is_detected(small_gazetteer: Path) -> None:
    conn = sqlite3.connect(small_gazetteer)
    conn.execute("UPDATE meta SET value = '0' WHERE key = 'complete'")
    conn.commit()
    conn.close()
    assert validation_problem(small_gazetteer, FINGERPRINT) == "incomplete build"


def test_failed_build_leaves_nothing_under_the_real_name(tmp_path: Path) -> None:
    def exploding() -> list[PlaceRecord]:
        raise RuntimeError("source broke half-way")

    path = tmp_path / "broken.sqlite"
    with pytest.raises(RuntimeError):
        write_gazetteer(path, [("test", small_records), ("boom", exploding)],
                        meta={"fingerprint": FINGERPRINT}, progress=False)
    assert not path.exists()
    assert list(tmp_path.iterdir()) == []


@pytest.mark.slow
def test_corrupt_cache_is_rebuilt_before_use(tmp_path: Path, gazetteer: Gazetteer) -> None:
    """A real (full) gazetteer copied and then truncated is rebuilt by ensure_gazetteer."""
    target = tmp_path / "gazetteer.sqlite"
    shutil.copyfile(gazetteer_path(), target)
    with target.open("r+b") as handle:
        handle.truncate(target.stat().st_size // 3)
    assert validation_problem(target) is not None
    rebuilt = ensure_gazetteer(target, progress=False)
    assert validation_problem(rebuilt) is None
    assert Gazetteer(rebuilt).lookup("Kharkiv")[0].geonameid == 706483
