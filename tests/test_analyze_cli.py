"""`mapper analyze` as a user runs it: every output format, several inputs, bad input."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import geopandas as gpd
import pyogrio
import pytest

MAPPER = Path(sys.executable).with_name("mapper")
SEEDS = Path(__file__).resolve().parents[1] / "seeds"
FOUNDING = SEEDS / "01-us-kharkiv-permission.md"
OTHER_WAR = SEEDS / "08-hypothetical-syunik-rockets.md"


def run(*args: str, stdin: str | bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    data = stdin.encode() if isinstance(stdin, str) else stdin
    return subprocess.run([str(MAPPER), "analyze", *args], capture_output=True, input=data,
                          timeout=300, env={**os.environ, "NO_COLOR": "1"})


@pytest.fixture(scope="module")
def outputs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("analyze")
    paths = {k: out / f"map.{k}" for k in ("json", "geojson", "gpkg", "html", "csv", "png")}
    result = run(str(FOUNDING), str(OTHER_WAR), "--quiet",
                 *[a for k, p in paths.items() for a in (f"--{k}", str(p))])
    assert result.returncode == 0, result.stderr.decode()
    return paths


def test_json_holds_places_statements_and_zones(outputs: dict[str, Path]) -> None:
    data = json.loads(outputs["json"].read_text())
    ids = [a["article"]["id"] for a in data["analyses"]]
    assert ids == ["01-us-kharkiv-permission", "08-hypothetical-syunik-rockets"]
    founding = data["analyses"][0]
    assert {z["status"] for z in founding["zones"]} >= {"permitted", "restricted", "defended"}
    assert any(s["polarity"] == "restricted" and "atacms" in s["weapons"]
               for s in founding["statements"])
    zone = founding["zones"][0]
    for field in ("status", "grantor", "grantee", "weapons", "range_km", "anchors",
                  "target_country", "effective_date", "area_km2", "evidence", "rule",
                  "confidence", "geometry"):
        assert field in zone


def test_geojson_features_keep_article_and_contract_fields(outputs: dict[str, Path]) -> None:
    data = json.loads(outputs["geojson"].read_text())
    assert "crs" not in data
    zones = [f for f in data["features"] if f["properties"]["layer"] == "zone"]
    places = [f for f in data["features"] if f["properties"]["layer"] == "place"]
    assert {f["properties"]["article_id"] for f in zones} == {
        "01-us-kharkiv-permission", "08-hypothetical-syunik-rockets"}
    assert any(p["properties"]["name"] == "Normandy" and p["properties"]["country_code"] == "FR"
               for p in places)
    frame = gpd.read_file(outputs["geojson"])
    assert len(frame) == len(data["features"])


def test_gpkg_csv_html_png(outputs: dict[str, Path]) -> None:
    layers = {name for name, _ in pyogrio.list_layers(outputs["gpkg"])}
    assert {"places", "zones"} <= layers
    header = outputs["csv"].read_text().splitlines()[0]
    assert "latitude" in header and "geo_precision" in header
    html = outputs["html"].read_text()
    assert "leaflet" in html.lower() and outputs["html"].stat().st_size < 2_000_000
    assert outputs["png"].read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_no_policy_gives_empty_zone_layer_and_exit_0(tmp_path: Path) -> None:
    target = tmp_path / "calm.geojson"
    result = run("-", "--geojson", str(target), stdin="Heavy rain fell on Kharkiv on Tuesday.")
    assert result.returncode == 0, result.stderr.decode()
    features = json.loads(target.read_text())["features"]
    assert not [f for f in features if f["properties"]["layer"] == "zone"]
    assert [f for f in features if f["properties"]["layer"] == "place"]


def test_text_without_places_is_fine(tmp_path: Path) -> None:
    target = tmp_path / "none.json"
    result = run("-", "--json", str(target), stdin="The minister spoke about the budget.")
    assert result.returncode == 0
    assert json.loads(target.read_text())["analyses"][0]["zones"] == []


def test_date_option_sets_effective_date(tmp_path: Path) -> None:
    target = tmp_path / "dated.json"
    text = "The Pentagon has authorized Ukraine to use ATACMS missiles inside Russia."
    result = run("-", "--date", "2024-11-17", "--json", str(target), stdin=text)
    assert result.returncode == 0, result.stderr.decode()
    zones = json.loads(target.read_text())["analyses"][0]["zones"]
    assert zones and {z["effective_date"] for z in zones} == {"2024-11-17"}


@pytest.mark.parametrize(("args", "stdin", "message"), [
    (["-", "--json", "x.json"], b"", "empty input"),
    (["-", "--json", "x.json"], b"\x00\x01\x02binary", "binary"),
    (["-", "--date", "31/05/2024"], b"text", "YYYY-MM-DD"),
    (["-", "--json", "/no/such/folder/x.json"], b"text", "does not exist"),
    (["-", "--border-view", "imaginary"], b"text", "imaginary"),
])
def test_bad_input_is_one_line_exit_2(args: list[str], stdin: bytes, message: str,
                                      tmp_path: Path) -> None:
    result = subprocess.run([str(MAPPER), "analyze", *args], capture_output=True, input=stdin,
                            timeout=300, cwd=tmp_path)
    err = result.stderr.decode()
    assert result.returncode == 2, err
    assert message in err and "Traceback" not in err
    assert err.strip().splitlines()[-1].startswith("mapper: error:")
    assert not (tmp_path / "x.json").exists()


def test_one_bad_file_does_not_stop_the_batch(tmp_path: Path) -> None:
    bad = tmp_path / "broken.txt"
    bad.write_bytes(b"\x00\xff\x00")
    corpus = tmp_path / "corpus.jsonl"
    corpus.write_text('{"id": "a", "text": "Rain in Kharkiv."}\n{not json\n'
                      '{"id": "b", "date": "2024-06-01", "text": "Snow in Sumy."}\n')
    target = tmp_path / "out.json"
    result = run(str(bad), str(corpus), "--json", str(target), "--quiet")
    assert result.returncode == 0, result.stderr.decode()
    err = result.stderr.decode()
    assert "broken.txt" in err and "corpus.jsonl:2" in err
    ids = [a["article"]["id"] for a in json.loads(target.read_text())["analyses"]]
    assert ids == ["a", "b"]


def test_html_input_drops_scripts(tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    page.write_text("<html><head><title>Strike rules</title><script>var kharkiv = 1;</script>"
                    "</head><body><article><p>The Pentagon has authorized Ukraine to use "
                    "HIMARS against Russian forces across the border from the Kharkiv region, "
                    "officials said on Friday.</p></article></body></html>")
    target = tmp_path / "page.json"
    result = run(str(page), "--date", "2024-05-31", "--json", str(target), "--quiet")
    assert result.returncode == 0, result.stderr.decode()
    analysis = json.loads(target.read_text())["analyses"][0]
    assert "var kharkiv" not in analysis["article"]["text"]
    assert "Kharkiv region" in analysis["article"]["text"] and analysis["article"]["title"]
    assert any(z["status"] == "permitted" for z in analysis["zones"])
