"""`mapper geoparse` and `mapper eval geoparse` as CONTRACT.md describes them."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

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
