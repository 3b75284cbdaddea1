"""Zones stay valid geometries in every written format (snap rounding, not vertex rounding)."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pyogrio
import pytest
import shapely
from corpora import corpus_path
from shapely.geometry import shape

from mapper.analysis import AnalysisSettings
from mapper.batch import analyze_articles, load_inputs
from mapper.layers import write_geojson, write_gpkg
from mapper.layers.geojson import rfc7946_geometry
from mapper.layers.precision import snap_to_grid

SEEDS = Path(__file__).resolve().parents[1] / "seeds"

# Two edges closer than the 6-decimal grid: rounding each vertex alone folds the ring onto itself.
NEAR_TOUCH = shapely.Polygon([(0, 0), (2, 0), (2, 2), (1.0000004, 0.0000004),
                              (0.9999996, 0.0000012), (0, 2)])
THIN_NOTCH = shapely.Polygon([(0, 0), (1, 0), (1, 0.0000006), (0.5, 0.0000004), (0, 0.0000006)])


def _decimals(value: float) -> int:
    return max(0, -Decimal(repr(value)).as_tuple().exponent)


@pytest.mark.parametrize("polygon", [NEAR_TOUCH, THIN_NOTCH], ids=["near-touch", "thin-notch"])
def test_geojson_geometry_is_valid_where_vertex_rounding_is_not(polygon) -> None:
    assert polygon.is_valid
    written = shape(rfc7946_geometry(polygon))
    assert written.is_valid, shapely.is_valid_reason(written)
    assert written.area == pytest.approx(polygon.area, abs=2e-6)
    coords = shapely.get_coordinates(written).ravel()
    assert max(_decimals(float(c)) for c in coords) <= 6


def test_an_invalid_input_is_repaired_to_its_areas() -> None:
    bowtie = shapely.Polygon([(0, 0), (1, 1), (1, 0), (0, 1)])
    snapped = snap_to_grid(bowtie)
    assert snapped.is_valid and snapped.geom_type in {"Polygon", "MultiPolygon"}
    assert snapped.area == pytest.approx(0.5)


def _article_paths(folder: Path, pattern: str) -> list[str]:
    return [str(p) for p in sorted(folder.glob(pattern)) if p.name != "README.md"]


def _check_written_zones(paths: list[str], tmp_path: Path) -> int:
    articles, errors = load_inputs(paths)
    assert not errors and len(articles) == len(paths)
    analyses, failures = analyze_articles(articles, AnalysisSettings(), progress=False)
    assert not failures
    expected = sum(len(a.zones) for a in analyses)
    geojson, gpkg = tmp_path / "zones.geojson", tmp_path / "zones.gpkg"
    write_geojson(analyses, geojson)
    write_gpkg(analyses, gpkg)
    features = json.loads(geojson.read_text(encoding="utf-8"))["features"]
    zones = [(f["properties"]["article_id"], shape(f["geometry"])) for f in features
             if f["properties"]["layer"] == "zone"]
    frame = pyogrio.read_dataframe(gpkg, layer="zones")
    assert len(zones) == len(frame) == expected > 0
    bad = [(article, shapely.is_valid_reason(g)) for article, g in zones if not g.is_valid]
    bad += [(article, f"gpkg: {shapely.is_valid_reason(g)}")
            for article, g in zip(frame["article_id"], frame.geometry, strict=True)
            if not g.is_valid]
    assert not bad
    return expected


def test_every_seed_zone_is_valid_in_geojson_and_geopackage(tmp_path: Path) -> None:
    _check_written_zones(_article_paths(SEEDS, "*.md"), tmp_path)


def test_every_development_article_zone_is_valid(tmp_path: Path) -> None:
    folder = corpus_path("policy", "texts")
    if not folder.is_dir():
        pytest.skip(f"development policy texts {folder} are not here (team machines only; "
                    "set MAPPER_SHARED_DATA to a copy of shared/data)")
    _check_written_zones(_article_paths(folder, "*.txt"), tmp_path)
