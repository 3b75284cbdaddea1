"""Layers: GeoDataFrames, GeoJSON (docs/formats.md), GeoPackage and CSV, written atomically."""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import re

import geojson_validator
import geopandas as gpd
import pyogrio
import pytest
import shapely
from map_samples import HOSTILE, empty_analysis, kharkiv_analysis

from mapper.atomic import OutputError, open_output
from mapper.layers import (
    CSV_COLUMNS,
    STATUS_COLOURS,
    csv_bytes,
    feature_collection,
    geo_precision,
    geojson_bytes,
    gpkg_bytes,
    places_frame,
    write_csv,
    write_geojson,
    write_gpkg,
    zones_frame,
)
from mapper.layers import gpkg as gpkg_module
from mapper.maps import write_html, write_png

PLACE_FIELDS = {"name": str, "resolved_name": str, "geonameid": int, "feature_type": str,
                "country_code": str, "mentions": int, "spans": list, "confidence": float}
ZONE_FIELDS = {"status": str, "grantor": str, "grantee": str, "weapons": list,
               "range_km": (float, type(None)), "anchors": list, "target_country": str,
               "effective_date": (str, type(None)), "area_km2": float, "evidence": list,
               "rule": str, "confidence": float}
STYLE_KEYS = {"stroke", "fill", "fill-opacity", "marker-color", "title", "description"}


@pytest.fixture(scope="module")
def sample():
    return kharkiv_analysis()


def with_extra_places(analysis):
    """Add an actor ("Russian") and an unresolved toponym: neither may reach a layer."""
    actor = dataclasses.replace(analysis.places[0], role="actor", name="Russian",
                                resolved_name="Russia", geonameid=2017370)
    unresolved = dataclasses.replace(analysis.places[2], lat=None, lon=None, geonameid=None,
                                     resolved_name=None, name="Nowhere")
    return dataclasses.replace(analysis, places=(*analysis.places, actor, unresolved))


def test_places_frame_collapses_mentions_per_place(sample):
    frame = places_frame([with_extra_places(sample)])
    assert frame.crs.to_epsg() == 4326
    assert sorted(frame["name"]) == ["Belgorod", "Kharkiv", "Kharkiv region", "Kursk"]
    kharkiv = frame[frame["name"] == "Kharkiv"].iloc[0]
    assert kharkiv["mentions"] == 2
    assert [list(s) for s in kharkiv["spans"]] == [[p.start, p.end] for p in sample.places[3:5]]
    assert kharkiv["confidence"] == pytest.approx(0.95)  # the best of the two mentions
    assert kharkiv["evidence"] == "Kharkiv lies near the border."
    assert kharkiv["article_id"] == "sample-1" and kharkiv["article_date"] == "2024-05-31"
    assert kharkiv["admin1"] == "Kharkiv" and kharkiv["geonameid"] == 706483
    assert (kharkiv.geometry.x, kharkiv.geometry.y) == (36.25, 49.98)
    belgorod = frame[frame["name"] == "Belgorod"].iloc[0]
    assert belgorod["evidence"].startswith("Ukraine may strike Russian forces in Belgorod")


def test_frames_keep_their_columns_when_empty():
    places, zones = places_frame([empty_analysis()]), zones_frame([])
    assert places.empty and zones.empty
    assert {"name", "resolved_name", "spans", "evidence", "article_id"} <= set(places.columns)
    assert set(ZONE_FIELDS) | {"article_id", "article_date"} <= set(zones.columns)


def test_zones_frame_has_zone_properties_and_article(sample):
    frame = zones_frame([sample, empty_analysis()])
    assert list(frame["status"]) == ["permitted", "restricted", "defended"]
    row = frame.iloc[0]
    assert row["weapons"] == ["himars", "gmlrs"] and row["range_km"] == 84.0
    assert row["evidence"][0]["text"] == sample.zones[0].evidence[0].text
    assert row["article_id"] == "sample-1" and row["effective_date"] == "2024-05-31"
    assert row.geometry.equals(sample.zones[0].geometry)


def test_feature_collection_follows_the_contract(sample):
    fc = feature_collection([sample])
    assert fc["type"] == "FeatureCollection" and "crs" not in fc
    assert geojson_validator.validate_structure(fc, check_crs=True) == {}
    checks = geojson_validator.validate_geometries(fc)
    assert checks["invalid"] == {}, checks
    assert "excessive_coordinate_precision" not in checks["problematic"], checks
    layers = [f["properties"]["layer"] for f in fc["features"]]
    assert layers.count("zone") == 3 and layers.count("place") == 4
    for feature in fc["features"]:
        props = feature["properties"]
        assert set(props) >= STYLE_KEYS, props.keys()
        fields = PLACE_FIELDS if props["layer"] == "place" else ZONE_FIELDS
        for key, kind in fields.items():
            assert isinstance(props[key], kind), (key, props[key])
        assert 0 <= props["confidence"] <= 1
        if props["layer"] == "zone":
            assert feature["geometry"]["type"] in {"Polygon", "MultiPolygon"}
            assert props["fill"] == STATUS_COLOURS[props["status"]]
            assert set(props["evidence"][0]) == {"text", "start", "end"}
            assert props["evidence"][0]["text"] in props["description"]
        else:
            assert feature["geometry"]["type"] == "Point"
            assert all(isinstance(s, list) and len(s) == 2 for s in props["spans"])


def test_rings_counter_clockwise_and_six_decimals(sample):
    # A clockwise input polygon must come out counter-clockwise.
    clockwise = shapely.Polygon([(36, 50), (37, 50.0000004), (37, 49), (36, 49)])
    assert not clockwise.exterior.is_ccw
    zone = dataclasses.replace(sample.zones[0], geometry=clockwise)
    fc = feature_collection([dataclasses.replace(sample, zones=(zone, *sample.zones[1:]))])
    for feature in fc["features"]:
        geometry = shapely.geometry.shape(feature["geometry"])
        for polygon in shapely.get_parts(geometry):
            if polygon.geom_type == "Polygon":
                assert polygon.exterior.is_ccw
                assert all(not ring.is_ccw for ring in polygon.interiors)
        coords = shapely.get_coordinates(geometry)
        assert (abs(coords * 1e6 - (coords * 1e6).round()) < 1e-6).all()
    assert [37.0, 50.0] in fc["features"][0]["geometry"]["coordinates"][0]  # 50.0000004 rounded
    text = geojson_bytes([sample]).decode()
    assert not re.search(r"\d\.\d{7,}", text.split('"features"')[1].replace('"', " "))


def test_geojson_reopens_in_geopandas_with_equal_geometry(sample, tmp_path):
    path = tmp_path / "out.geojson"
    write_geojson([sample], path)
    assert json.loads(path.read_bytes()) == json.loads(geojson_bytes([sample]))
    frame = gpd.read_file(path)
    assert frame.crs.to_epsg() == 4326
    zones = frame[frame["layer"] == "zone"].reset_index(drop=True)
    for read, zone in zip(zones.geometry, sample.zones, strict=True):
        assert shapely.equals_exact(shapely.normalize(read), shapely.normalize(zone.geometry),
                                    tolerance=1e-6)
    places = frame[frame["layer"] == "place"]
    assert sorted(places["name"]) == ["Belgorod", "Kharkiv", "Kharkiv region", "Kursk"]


def test_gpkg_has_places_and_zones_layers(sample, tmp_path):
    path = tmp_path / "out.gpkg"
    write_gpkg([sample], path)
    layers = dict(pyogrio.list_layers(path))
    assert layers == {"places": "Point", "zones": "MultiPolygon", "events": "Point"}
    zones = gpd.read_file(path, layer="zones")
    assert len(zones) == 3 and zones.crs.to_epsg() == 4326
    assert json.loads(zones.loc[0, "weapons"]) == ["himars", "gmlrs"]
    assert json.loads(zones.loc[0, "evidence"])[0]["text"] == sample.zones[0].evidence[0].text
    # The same 6-decimal grid as the GeoJSON layer (snap rounding keeps the shape valid).
    assert shapely.hausdorff_distance(zones.geometry.iloc[0], sample.zones[0].geometry) < 2e-6
    assert zones.geometry.iloc[0].geom_type == "MultiPolygon" and zones.geometry.iloc[0].is_valid
    places = gpd.read_file(path, layer="places")
    assert len(places) == 4
    spans = [[p.start, p.end] for p in sample.places[3:5]]
    assert json.loads(places.set_index("name").loc["Kharkiv", "spans"]) == spans
    assert gpkg_bytes([sample])[:16] == b"SQLite format 3\x00"


def test_gpkg_without_zones_still_has_an_empty_zones_layer(tmp_path):
    path = tmp_path / "empty.gpkg"
    write_gpkg([empty_analysis()], path)
    assert dict(pyogrio.list_layers(path)) == {"places": "Point", "zones": "MultiPolygon",
                                               "events": "Point"}
    zones = pyogrio.read_info(path, layer="zones")
    assert zones["features"] == 0
    assert {"status", "weapons", "evidence", "rule", "article_id"} <= set(zones["fields"])


def test_csv_columns_and_precision(sample, tmp_path):
    path = tmp_path / "places.csv"
    write_csv([sample], path)
    rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))
    assert tuple(rows[0]) == CSV_COLUMNS
    by_location = {r["location"]: r for r in rows}
    assert set(by_location) == {"Belgorod", "Kharkiv Oblast", "Kursk", "Kharkiv"}
    kharkiv = by_location["Kharkiv"]
    assert kharkiv["country"] == "Ukraine" and kharkiv["event_date"] == "2024-05-31"
    assert (kharkiv["latitude"], kharkiv["longitude"]) == ("49.98", "36.25")
    assert kharkiv["geo_precision"] == "1" and kharkiv["source_sentence"].startswith("Kharkiv")
    assert by_location["Kharkiv Oblast"]["geo_precision"] == "3"
    assert [geo_precision(t) for t in ("landmark", "admin2", "country", "water", None)] == \
        [1, 2, 3, 3, 3]


def test_csv_neutralises_spreadsheet_formulas(sample):
    place = dataclasses.replace(sample.places[0], resolved_name="=HYPERLINK(\"x\")")
    rows = list(csv.DictReader(io.StringIO(csv_bytes(
        [dataclasses.replace(sample, places=(place,))]).decode())))
    assert rows[0]["location"] == "'=HYPERLINK(\"x\")"


def test_hostile_text_is_kept_verbatim_in_data_files():
    """Data files keep the text as written; escaping belongs to HTML (see test_maps)."""
    fc = feature_collection([kharkiv_analysis(hostile=True)])
    titles = [f["properties"]["title"] for f in fc["features"]]
    assert any(HOSTILE in t for t in titles)


WRITERS = [
    ("geojson", write_geojson), ("gpkg", write_gpkg), ("csv", write_csv),
    ("html", write_html), ("png", write_png),
]


@pytest.mark.parametrize(("suffix", "writer"), WRITERS)
def test_unwritable_target_raises_output_error(sample, tmp_path, suffix, writer):
    with pytest.raises(OutputError, match="does not exist"):
        writer([sample], tmp_path / "missing-folder" / f"out.{suffix}")
    with pytest.raises(OutputError, match="directory"):
        writer([sample], tmp_path)


def test_failed_gpkg_write_leaves_no_file_and_no_temp(sample, tmp_path, monkeypatch):
    real = pyogrio.write_dataframe
    calls = []

    def fail_on_second_layer(frame, path, **kwargs):
        calls.append(kwargs["layer"])
        if kwargs["layer"] == "zones":
            raise RuntimeError("disk full")
        real(frame, path, **kwargs)

    monkeypatch.setattr(gpkg_module.pyogrio, "write_dataframe", fail_on_second_layer)
    target = tmp_path / "out.gpkg"
    with pytest.raises(RuntimeError, match="disk full"):
        write_gpkg([sample], target)
    assert calls == ["places", "zones"]  # it failed mid-way, after writing one layer
    assert list(tmp_path.iterdir()) == []

    target.write_bytes(b"previous")
    with pytest.raises(RuntimeError):
        write_gpkg([sample], target)
    assert target.read_bytes() == b"previous"
    assert list(tmp_path.iterdir()) == [target]


def test_failed_text_write_keeps_previous_file(sample, tmp_path):
    target = tmp_path / "out.geojson"
    write_geojson([sample], target)
    before = target.read_bytes()

    with pytest.raises(ValueError), open_output(target) as handle:  # fails half-way through
        handle.write(geojson_bytes([empty_analysis()])[:10])
        raise ValueError("cannot serialise")
    assert target.read_bytes() == before
    assert list(tmp_path.iterdir()) == [target]
