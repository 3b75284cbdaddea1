"""Output targets: `-` is standard output where the format streams, special files are written in
place or refused, and nothing is ever renamed over a device or a pipe."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from map_samples import kharkiv_analysis

from mapper.atomic import OutputError, check_writable, write_bytes_atomic
from mapper.layers import write_geojson, write_gpkg

MAPPER = Path(sys.executable).with_name("mapper")
SEED = Path(__file__).resolve().parents[1] / "seeds" / "01-us-kharkiv-permission.md"


def _read_fifo_in_background(path: Path) -> tuple[threading.Thread, list[bytes]]:
    received: list[bytes] = []

    def reader() -> None:
        with path.open("rb") as handle:
            received.append(handle.read())

    thread = threading.Thread(target=reader, daemon=True)
    thread.start()
    return thread, received


def test_a_named_pipe_is_written_into_not_replaced(tmp_path: Path) -> None:
    fifo = tmp_path / "out.geojson"
    os.mkfifo(fifo)
    thread, received = _read_fifo_in_background(fifo)
    write_geojson([kharkiv_analysis()], fifo)
    thread.join(timeout=10)
    assert stat.S_ISFIFO(fifo.stat().st_mode), "the pipe was replaced by a regular file"
    assert json.loads(received[0])["type"] == "FeatureCollection"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.geojson"]


@pytest.fixture
def guarded_rename(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make a regression fail the test instead of replacing a real device (tests may run as
    root, where a rename over /dev/full succeeds)."""
    import mapper.atomic

    real = os.replace

    def replace(src: str | Path, dst: str | Path) -> None:
        if Path(dst).exists() and not Path(dst).is_file():
            raise AssertionError(f"renamed over the special file {dst}")
        real(src, dst)

    monkeypatch.setattr(mapper.atomic.os, "replace", replace)


@pytest.mark.skipif(not Path("/dev/full").is_char_device(), reason="no /dev/full device here")
@pytest.mark.usefixtures("guarded_rename")
def test_a_full_device_is_a_one_line_error_and_stays_a_device() -> None:
    with pytest.raises(OutputError, match="No space left"):
        write_bytes_atomic(Path("/dev/full"), b"x" * 100_000)
    assert stat.S_ISCHR(Path("/dev/full").stat().st_mode)


def test_geopackage_refuses_stdout_and_special_files(tmp_path: Path) -> None:
    fifo = tmp_path / "layers.gpkg"
    os.mkfifo(fifo)
    with pytest.raises(OutputError, match="not a regular file"):
        write_gpkg([kharkiv_analysis()], fifo)
    assert stat.S_ISFIFO(fifo.stat().st_mode)
    with pytest.raises(OutputError, match="standard output"):
        check_writable("-", streamable=False, what="GeoPackage")
    check_writable("-")  # streamable formats accept it


def _analyze(cwd: Path, *args: str) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([str(MAPPER), "analyze", str(SEED), "--quiet", *args], cwd=cwd,
                          capture_output=True, timeout=300, env={**os.environ, "NO_COLOR": "1"})


@pytest.mark.parametrize("option", ["--geojson", "--html"])
def test_dash_writes_to_stdout_not_to_a_file_named_dash(tmp_path: Path, option: str) -> None:
    result = _analyze(tmp_path, option, "-")
    assert result.returncode == 0, result.stderr.decode()
    assert not (tmp_path / "-").exists()
    if option == "--geojson":
        zones = [f for f in json.loads(result.stdout)["features"]
                 if f["properties"]["layer"] == "zone"]
        assert zones
    else:
        assert result.stdout.lstrip().lower().startswith(b"<!doctype html")
    assert b"zones" in result.stderr  # the summary stays on stderr, out of the data


def test_dash_is_refused_for_geopackage_and_for_two_outputs(tmp_path: Path) -> None:
    refused = _analyze(tmp_path, "--gpkg", "-")
    assert refused.returncode == 2 and not (tmp_path / "-").exists()
    assert b"GeoPackage" in refused.stderr and len(refused.stderr.strip().splitlines()) == 1
    both = _analyze(tmp_path, "--geojson", "-", "--csv", "-")
    assert both.returncode == 2 and b"only one output" in both.stderr


def test_geoparse_output_into_a_pipe(tmp_path: Path) -> None:
    source = tmp_path / "in.jsonl"
    source.write_text(json.dumps({"doc_id": "a", "text": "Shelling hit Kharkiv."}) + "\n",
                      encoding="utf-8")
    fifo = tmp_path / "out.jsonl"
    os.mkfifo(fifo)
    thread, received = _read_fifo_in_background(fifo)
    result = subprocess.run([str(MAPPER), "geoparse", str(source), "-o", str(fifo), "--quiet"],
                            capture_output=True, text=True, timeout=300)
    thread.join(timeout=10)
    assert result.returncode == 0, result.stderr
    assert stat.S_ISFIFO(fifo.stat().st_mode)
    assert json.loads(received[0])["doc_id"] == "a"


def test_a_symbolic_link_stays_a_link_to_the_new_file(tmp_path: Path) -> None:
    real = tmp_path / "shared" / "map.geojson"
    real.parent.mkdir()
    real.write_text("old", encoding="utf-8")
    link = tmp_path / "map.geojson"
    link.symlink_to(real)
    write_geojson([kharkiv_analysis()], link)
    assert link.is_symlink() and link.resolve() == real
    assert json.loads(real.read_text(encoding="utf-8"))["type"] == "FeatureCollection"
    assert sorted(p.name for p in real.parent.iterdir()) == ["map.geojson"]


def test_a_link_to_a_pipe_is_written_through(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    link = tmp_path / "out.geojson"
    link.symlink_to(fifo)
    thread, received = _read_fifo_in_background(fifo)
    write_geojson([kharkiv_analysis()], link)
    thread.join(timeout=10)
    assert link.is_symlink() and stat.S_ISFIFO(fifo.stat().st_mode)
    assert json.loads(received[0])["type"] == "FeatureCollection"
