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


def _small_build_for_current_sources(path: Path | None = None, progress: bool = True) -> dict:
    """Stands in for the full build: a small gazetteer carrying the current fingerprint."""
    from mapper.gazetteer.store import source_fingerprint

    return write_gazetteer(path or gazetteer_path(), [("test", small_records)],
                           meta={"fingerprint": source_fingerprint()}, progress=False)


def test_failed_rebuild_keeps_the_old_file(tmp_path: Path, monkeypatch) -> None:
    from mapper.gazetteer import store

    target = tmp_path / "gazetteer.sqlite"
    target.write_bytes(b"an unusable cache of an earlier build" * 100)
    before = target.read_bytes()

    def failing_build(path: Path | None = None, progress: bool = True) -> dict:
        def exploding() -> list[PlaceRecord]:
            raise RuntimeError("source broke half-way")

        return write_gazetteer(path, [("test", small_records), ("boom", exploding)],
                               meta={"fingerprint": "x"}, progress=False)

    monkeypatch.setattr(store, "build_gazetteer", failing_build)
    with pytest.raises(RuntimeError, match="half-way"):
        ensure_gazetteer(target, progress=False)
    assert target.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == [target.name]  # no temporary file left


def test_cache_file_is_keyed_by_its_sources(tmp_path: Path, monkeypatch) -> None:
    from mapper.gazetteer import store

    monkeypatch.setenv("MAPPER_CACHE_DIR", str(tmp_path / "cache"))
    first = gazetteer_path()
    assert first == gazetteer_path() and first.parent == tmp_path / "cache"
    # Another install whose curated table differs gets a file of its own.
    geodata = tmp_path / "geodata"
    shutil.copytree(store.geodata_dir(), geodata)
    with (geodata / store.CURATED_FILE).open("a", encoding="utf-8") as handle:
        handle.write("\n")
    monkeypatch.setenv("MAPPER_GEODATA_DIR", str(geodata))
    second = gazetteer_path()
    assert second != first and second.parent == first.parent


def test_ensure_leaves_caches_of_other_sources_alone(tmp_path: Path, monkeypatch) -> None:
    from mapper.gazetteer import store

    cache = tmp_path / "cache"
    monkeypatch.setenv("MAPPER_CACHE_DIR", str(cache))
    cache.mkdir()
    others = [cache / name for name in ("gazetteer-v1.sqlite", "gazetteer-v2.sqlite",
                                        f"{store.GAZETTEER_PREFIX}-0123456789ab.sqlite")]
    for other in others:
        other.write_bytes(b"another install's cache")
    monkeypatch.setattr(store, "build_gazetteer", _small_build_for_current_sources)
    built = ensure_gazetteer(progress=False)
    assert built == gazetteer_path() and validation_problem(built) is None
    assert all(other.read_bytes() == b"another install's cache" for other in others)
    assert ensure_gazetteer(progress=False) == built  # current now: no second build
