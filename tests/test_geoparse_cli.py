"""`mapper geoparse` and `mapper eval geoparse` as docs/cli.md and docs/formats.md describe them."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

MAPPER = Path(sys.executable).with_name("mapper")


def run(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(MAPPER), *args], capture_output=True, text=True, timeout=300,
                          input=stdin)


def write_jsonl(path: Path, rows: list[object]) -> Path:
    path.write_text("\n".join(r if isinstance(r, str) else json.dumps(r) for r in rows) + "\n",
                    encoding="utf-8")
    return path


def test_geoparse_output_contract_and_bad_lines(tmp_path: Path) -> None:
    text = "Russian forces shelled Kharkiv and the Sumy region on Monday."
    source = write_jsonl(tmp_path / "in.jsonl", [
        {"doc_id": "a", "text": text},
        "{not json",
        {"doc_id": "b"},
        {"doc_id": "c", "text": ""},
    ])
    out = tmp_path / "out.jsonl"
    result = run("geoparse", str(source), "-o", str(out), "--quiet")
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [r["doc_id"] for r in rows] == ["a", "line-2", "b", "c"]
    assert "error" in rows[1] and rows[1]["toponyms"] == []
    assert "error" in rows[2] and "error" not in rows[3]
    first = rows[0]["toponyms"]
    kharkiv = next(t for t in first if t["name"] == "Kharkiv")
    assert set(kharkiv) >= {"start", "end", "name", "lat", "lon", "geonameid", "feature_type",
                            "country_code", "score"}
    assert text[kharkiv["start"]:kharkiv["end"]] == "Kharkiv"
    assert kharkiv["geonameid"] == 706483 and kharkiv["country_code"] == "UA"
    assert "line 2" in result.stderr


def test_gold_spans_mode_resolves_only_given_spans(tmp_path: Path) -> None:
    text = "Shelling near Vovchansk and in Kharkiv continued."
    start = text.index("Vovchansk")
    source = write_jsonl(tmp_path / "in.jsonl", [
        {"doc_id": "g", "text": text,
         "toponyms": [{"start": start, "end": start + 9, "name": "Vovchansk"}]}])
    out = tmp_path / "out.jsonl"
    assert run("geoparse", str(source), "-o", str(out), "--gold-spans", "--quiet").returncode == 0
    [row] = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [t["name"] for t in row["toponyms"]] == ["Vovchansk"]
    assert row["toponyms"][0]["country_code"] == "UA"


def test_stdin_to_stdout() -> None:
    result = run("geoparse", "-", "-o", "-", "--quiet",
                 stdin=json.dumps({"doc_id": "s", "text": "Explosions in Odesa."}) + "\n")
    assert result.returncode == 0
    row = json.loads(result.stdout.splitlines()[0])
    assert row["toponyms"][0]["name"] == "Odesa"


def test_missing_input_is_a_one_line_error(tmp_path: Path) -> None:
    result = run("geoparse", str(tmp_path / "nope.jsonl"), "-o", str(tmp_path / "o.jsonl"))
    assert result.returncode == 2
    assert result.stderr.strip().count("\n") == 0 and "not found" in result.stderr


def test_unwritable_output_is_a_one_line_error(tmp_path: Path) -> None:
    source = write_jsonl(tmp_path / "in.jsonl", [{"doc_id": "a", "text": "Kyiv."}])
    result = run("geoparse", str(source), "-o", "/proc/no-such-dir/out.jsonl", "--quiet")
    assert result.returncode == 2
    assert "Traceback" not in result.stderr and "cannot write" in result.stderr


def test_eval_prints_the_metrics(tmp_path: Path) -> None:
    text = "Fighting near Vovchansk. Kharkiv was shelled."
    gold = [{"start": 14, "end": 23, "name": "Vovchansk", "lat": 50.29, "lon": 36.94},
            {"start": 25, "end": 32, "name": "Kharkiv", "lat": 49.98, "lon": 36.25}]
    source = write_jsonl(tmp_path / "gold.jsonl", [
        {"doc_id": "e", "text": text, "toponyms": gold, "unresolved": []}, "broken line"])
    result = run("eval", "geoparse", str(source), "--json", "--quiet")
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["f1"] == 1.0 and report["acc_161"] == 1.0 and report["bad_lines"] == 1
    text_report = run("eval", "geoparse", str(source), "--quiet").stdout
    for label in ("precision", "recall", "F1", "Acc@161km", "AUC", "median error km"):
        assert label in text_report


def test_blank_lines_and_stray_carriage_returns_keep_lines_aligned(tmp_path: Path) -> None:
    # A carriage return is JSON whitespace; only line feeds end a JSONL line.
    source = tmp_path / "in.jsonl"
    source.write_bytes(b'{"doc_id": "a", "text": "Rain in Lviv."}\n'
                       b"\n"
                       b'{"doc_id": "b",\r "text": "Strikes on Odesa."}\n'
                       b"   \n"
                       b'{"doc_id": "c", "text": "Calm in Kyiv."}\n')
    out = tmp_path / "out.jsonl"
    result = run("geoparse", str(source), "-o", str(out), "--quiet")
    assert result.returncode == 0, result.stderr
    lines = out.read_text(encoding="utf-8").split("\n")
    assert len(lines) - 1 == source.read_bytes().count(b"\n")
    assert lines[1] == lines[3] == ""
    assert [json.loads(lines[i])["doc_id"] for i in (0, 2, 4)] == ["a", "b", "c"]
    assert "error" not in json.loads(lines[2])


def test_a_run_where_every_line_is_skipped_exits_2(tmp_path: Path) -> None:
    source = tmp_path / "binary.jsonl"
    source.write_bytes(bytes(range(256)) * 40)  # 40 line feeds, no JSON anywhere
    out = tmp_path / "out.jsonl"
    result = run("geoparse", str(source), "-o", str(out), "--quiet")
    assert result.returncode == 2
    assert result.stderr.strip().splitlines()[-1].startswith("mapper: error: no document")
    rows = out.read_text(encoding="utf-8").splitlines()
    assert len(rows) == source.read_bytes().count(b"\n") + 1  # the unterminated last line too
    assert all("error" in json.loads(row) for row in rows)
    # One readable line is enough for success.
    source.write_bytes(bytes(range(256)) + b'\n{"doc_id": "ok", "text": "Kyiv."}\n')
    assert run("geoparse", str(source), "-o", str(out), "--quiet").returncode == 0


def test_eval_where_every_line_is_skipped_exits_2(tmp_path: Path) -> None:
    source = write_jsonl(tmp_path / "gold.jsonl", ["not json", "[1, 2]"])
    result = run("eval", "geoparse", str(source), "--quiet")
    assert result.returncode == 2 and "no gold document" in result.stderr


@pytest.mark.parametrize("command", ["geoparse", "analyze"])
def test_quiet_silences_a_gazetteer_rebuild(tmp_path: Path, monkeypatch, capfd,
                                            command: str) -> None:
    """An empty cache forces a rebuild; with --quiet it draws no progress bar."""
    from typer.testing import CliRunner

    from mapper.analysis.pipeline import default_analyzer
    from mapper.cli import app
    from mapper.gazetteer import load_gazetteer, store
    from mapper.gazetteer.build import write_gazetteer
    from mapper.gazetteer.records import NameKind, PlaceRecord
    from mapper.geoparse import default_geoparser

    def records() -> list[PlaceRecord]:
        record = PlaceRecord(name="Testville", feature_type="city", lat=1.0, lon=2.0,
                             country_code="ZZ", source="test")
        record.add_name("Testville", NameKind.CANONICAL)
        return [record]

    calls: list[bool] = []

    def small_build(path: Path | None = None, progress: bool = True) -> dict[str, int]:
        calls.append(progress)
        return write_gazetteer(path or store.gazetteer_path(), [("test", records)],
                               meta={"fingerprint": store.source_fingerprint()},
                               progress=progress)

    monkeypatch.setenv("MAPPER_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(store, "build_gazetteer", small_build)
    if command == "geoparse":
        source = write_jsonl(tmp_path / "in.jsonl", [{"doc_id": "a", "text": "Testville."}])
        args = ["geoparse", str(source), "-o", str(tmp_path / "out.jsonl"), "--quiet"]
    else:
        source = tmp_path / "in.txt"
        source.write_text("Rain fell on Testville on Monday.", encoding="utf-8")
        args = ["analyze", str(source), "--json", str(tmp_path / "out.json"), "--quiet"]
    caches = (load_gazetteer, default_geoparser, default_analyzer)
    for cached in caches:
        cached.cache_clear()
    try:
        result = CliRunner().invoke(app, args)
    finally:  # later tests get the real gazetteer back
        for cached in caches:
            cached.cache_clear()
    assert result.exit_code == 0, result.output
    assert calls == [False]
    assert "gazetteer:" not in capfd.readouterr().err + result.output
