"""Natural Earth countries as a light offline basemap, simplified to what a map view needs.

Two levels of detail keep an embedded basemap small: countries that touch the data's window are
simplified to about 1/1000 of the window (0.01-0.1 degrees), the rest of the world to 0.2 degrees
with islands under 0.05 square degrees dropped. Coordinates are rounded well below the
simplification (3 and 2 decimals).
"""

from __future__ import annotations

import json
import os
from functools import lru_cache
from typing import Any

import numpy as np
import shapely

from mapper.boundaries import load_boundaries

BASEMAP_VERSION = 1  # bump when the simplification below changes (invalidates cached files)
WORLD_TOLERANCE = 0.2
WORLD_DECIMALS = 2
WORLD_MIN_PART = 0.05  # square degrees
DETAIL_DECIMALS = 3
BASEMAP_FILL = "#f2efe9"
BASEMAP_STROKE = "#9a9a9a"
SEA_COLOUR = "#d4e6f1"

Bounds = tuple[float, float, float, float]


def display_geometry(geometry: shapely.Geometry, tolerance: float,
                     decimals: int) -> shapely.Geometry:
    """Simplified (topology kept) and rounded geometry for drawing, never for measuring."""
    simple = shapely.simplify(geometry, tolerance, preserve_topology=True)
    return shapely.transform(simple, lambda xy: np.round(xy, decimals))


def _drop_small_parts(geometry: shapely.Geometry, min_area: float) -> shapely.Geometry:
    parts = list(shapely.get_parts(geometry))
    kept = [p for p in parts if p.area >= min_area] or [max(parts, key=lambda p: p.area)]
    return kept[0] if len(kept) == 1 else shapely.MultiPolygon(kept)


def focus_window(bounds: Bounds | None) -> Bounds | None:
    """The data's box with a margin, snapped to whole degrees (so the cache gets hits)."""
    if bounds is None:
        return None
    minx, miny, maxx, maxy = bounds
    pad = max(5.0, 0.5 * max(maxx - minx, maxy - miny))
    return (float(np.floor(minx - pad)), float(np.floor(miny - pad)),
            float(np.ceil(maxx + pad)), float(np.ceil(maxy + pad)))


@lru_cache(maxsize=16)
def _basemap_json(view: str | None, window: Bounds | None) -> str:
    """The basemap for a view and window, kept in the user cache: simplifying every country
    takes most of a second, the first map of a new process should not wait for it."""
    import hashlib

    from mapper.boundaries import boundaries_path
    from mapper.paths import cache_dir

    source = boundaries_path()
    stamp = f"{BASEMAP_VERSION}|{view}|{window}|{source.stat().st_size}|{source.stat().st_mtime_ns}"
    cached = cache_dir() / "basemaps" / f"{hashlib.sha1(stamp.encode()).hexdigest()[:16]}.json"
    try:
        return cached.read_text(encoding="utf-8")
    except OSError:
        pass
    text = _build_basemap_json(view, window)
    try:
        cached.parent.mkdir(parents=True, exist_ok=True)
        tmp = cached.with_suffix(f".tmp-{os.getpid()}")
        tmp.write_text(text, encoding="utf-8")
        os.replace(tmp, cached)
    except OSError:
        pass  # a read-only cache only costs time
    return text


def _build_basemap_json(view: str | None, window: Bounds | None) -> str:
    countries = load_boundaries().countries(view)
    box = shapely.box(*window) if window else None
    detail = 0.1 if window is None else min(0.1, max(0.01, max(
        window[2] - window[0], window[3] - window[1]) / 1000))
    features = []
    for code, geometry in zip(countries["code"], countries.geometry, strict=True):
        if geometry is None or geometry.is_empty:
            continue
        if box is not None and geometry.intersects(box):
            shape = display_geometry(geometry, detail, DETAIL_DECIMALS)
        else:
            shape = display_geometry(_drop_small_parts(geometry, WORLD_MIN_PART),
                                     WORLD_TOLERANCE, WORLD_DECIMALS)
        if not shape.is_empty:
            features.append({"type": "Feature", "id": str(code), "properties": {},
                             "geometry": shapely.geometry.mapping(shape)})
    return json.dumps({"type": "FeatureCollection", "features": features},
                      separators=(",", ":"))


def basemap_geojson(view: str | None = None, bounds: Bounds | None = None) -> dict[str, Any]:
    """Countries in the border view, detailed around `bounds` (lon/lat box); a fresh copy."""
    return json.loads(_basemap_json(view, focus_window(bounds)))
