"""Admin-0 and admin-1 polygons from the committed Natural Earth file, in a chosen border view."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path

import geopandas as gpd
import pandas as pd
import shapely
from shapely.geometry.base import BaseGeometry

from mapper.boundaries.views import BorderView, border_views
from mapper.paths import geodata_dir

BOUNDARIES_FILE = "boundaries.parquet"


def boundaries_path() -> Path:
    return geodata_dir() / BOUNDARIES_FILE


@dataclass
class Boundaries:
    """Countries and first-level regions; country membership depends on the border view."""

    frame: gpd.GeoDataFrame
    reference_view: BorderView
    _geometry_cache: dict[tuple[str, str], BaseGeometry | None] = field(default_factory=dict)
    _moved_cache: dict[str, dict[str, tuple[str, str]]] = field(default_factory=dict)

    @classmethod
    def load(cls, path: Path | None = None) -> Boundaries:
        frame = gpd.read_parquet(path or boundaries_path())
        views = border_views()
        return cls(frame=frame, reference_view=views.get(views.default))

    @cached_property
    def _admin0(self) -> gpd.GeoDataFrame:
        rows = self.frame[self.frame["level"] == 0]
        return rows[rows["code"].notna()].set_index("code", drop=False)

    @cached_property
    def _admin1(self) -> gpd.GeoDataFrame:
        """One row per ISO 3166-2 code. Natural Earth files a few units under one code
        (the cantons of the Federation of Bosnia and Herzegovina under BA-BIH, ...);
        those are merged into one polygon for the code."""
        rows = self.frame[(self.frame["level"] == 1) & self.frame["code"].notna()]
        shared = rows["code"].duplicated(keep=False)
        if shared.any():
            merged = rows[shared].copy()
            merged["geometry"] = shapely.make_valid(merged.geometry.values)
            merged = merged.dissolve(by="code", aggfunc="first", as_index=False)
            rows = pd.concat([rows[~shared], merged[rows.columns]], ignore_index=True)
            rows = gpd.GeoDataFrame(rows, geometry="geometry", crs=self.frame.crs)
        return rows.set_index("code", drop=False)

    def admin1(self, view: str | None = None) -> gpd.GeoDataFrame:
        """Admin-1 units with `country_code` assigned as the view says."""
        chosen = border_views().get(view)
        units = self._admin1.copy()
        units["country_code"] = [chosen.admin1_country.get(code, country) for code, country
                                 in zip(units["code"], units["country_code"], strict=True)]
        return units

    def admin1_geometry(self, iso_3166_2: str) -> BaseGeometry | None:
        if iso_3166_2 not in self._admin1.index:
            return None
        return self._admin1.loc[iso_3166_2, "geometry"]

    def union_of_admin1(self, codes: list[str]) -> BaseGeometry | None:
        geoms = [g for g in (self.admin1_geometry(c) for c in codes) if g is not None]
        return shapely.union_all(geoms) if geoms else None

    def country_geometry(self, country_code: str, view: str | None = None) -> BaseGeometry | None:
        """A country's polygon in the view: the reference polygon plus or minus the admin-1
        units the view assigns differently from the reference view."""
        return _country_geometry(self, country_code, border_views().get(view).name)

    def countries(self, view: str | None = None) -> gpd.GeoDataFrame:
        chosen = border_views().get(view).name
        frame = self._admin0.copy()
        frame["geometry"] = [_country_geometry(self, c, chosen) for c in frame["code"]]
        return frame

    def country_at(self, lat: float, lon: float, view: str | None = None) -> str | None:
        """ISO code of the country containing a point (None at sea)."""
        point = shapely.Point(lon, lat)
        countries = self.countries(view)
        hits = countries[countries.intersects(point)]
        return None if hits.empty else str(hits.iloc[0]["code"])

    def unclaimed_part(self, iso_3166_2: str) -> BaseGeometry | None:
        """The part of an admin-1 unit that no admin-0 polygon covers."""
        unit = self.admin1_geometry(iso_3166_2)
        if unit is None:
            return None
        covering = self._admin0[self._admin0.intersects(unit)].geometry.values
        gap = shapely.difference(unit, shapely.union_all(covering)) if len(covering) else unit
        # Drop slivers left by coastline differences between the two layers (< ~1 km wide).
        return shapely.buffer(shapely.buffer(gap, -0.01), 0.01)

    def moved_units(self, view: BorderView) -> dict[str, tuple[str, str]]:
        """admin-1 code -> (country in reference view, country in `view`) where they differ."""
        if view.name not in self._moved_cache:
            reference = self.reference_view.admin1_country
            moved = {}
            for code in set(reference) | set(view.admin1_country):
                if code not in self._admin1.index:
                    continue
                recorded = self._admin1.loc[code, "country_code"]
                ref_country = reference.get(code, recorded)
                view_country = view.admin1_country.get(code, recorded)
                if ref_country != view_country:
                    moved[code] = (ref_country, view_country)
            self._moved_cache[view.name] = moved
        return self._moved_cache[view.name]


def _country_geometry(b: Boundaries, country_code: str, view_name: str) -> BaseGeometry | None:
    key = (country_code, view_name)
    if key in b._geometry_cache:
        return b._geometry_cache[key]
    base = b._admin0.loc[country_code, "geometry"] if country_code in b._admin0.index else None
    view = border_views().get(view_name)
    for code, (ref_country, view_country) in b.moved_units(view).items():
        unit = b.admin1_geometry(code)
        if ref_country == country_code and base is not None:
            base = shapely.difference(base, unit.buffer(1e-6))
        elif view_country == country_code:
            base = unit if base is None else shapely.union(base, unit)
    for code in view.unclaimed_admin1.get(country_code, []):
        gap = b.unclaimed_part(code)
        if gap is not None and not gap.is_empty:
            base = gap if base is None else shapely.union(base, gap)
    b._geometry_cache[key] = base
    return base


@lru_cache(maxsize=1)
def load_boundaries() -> Boundaries:
    """The process-wide boundaries, loaded once."""
    return Boundaries.load()
