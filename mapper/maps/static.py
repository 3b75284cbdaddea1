"""A static PNG map for reports: basemap countries, zones by status colour, places, legend.

Drawn with matplotlib's object API (no pyplot state, safe in a server) and geopandas.
"""

from __future__ import annotations

import io
import math
from collections.abc import Sequence
from pathlib import Path

import geopandas as gpd
import shapely
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from mapper.analysis.models import ZONE_STATUSES, Analysis
from mapper.atomic import write_bytes_atomic
from mapper.boundaries import load_boundaries
from mapper.layers.frames import places_frame, zones_frame
from mapper.layers.style import (
    FILL_OPACITY,
    PLACE_COLOUR,
    PLACE_STROKE,
    STATUS_LABELS,
    status_colour,
)
from mapper.maps.basemap import BASEMAP_FILL, BASEMAP_STROKE, SEA_COLOUR
from mapper.maps.builder import ATTRIBUTION, data_bounds

MAX_LABELS = 40
LABEL_CHARS = 40
TITLE_CHARS = 90
FRAME_ASPECT = 0.75  # height / width of the map frame


def plain_label(text: object, limit: int = LABEL_CHARS) -> str:
    """Article text as literal, bounded matplotlib text: `$` would otherwise start mathtext."""
    text = " ".join(str(text).split())
    if len(text) > limit:
        text = text[:limit - 1] + "\u2026"
    return text.replace("$", r"\$")


def _extent(analyses: Sequence[Analysis]) -> tuple[float, float, float, float]:
    """The focus box of the HTML map (see data_bounds) with a margin; the world when empty."""
    bounds = data_bounds(analyses, [z for a in analyses for z in a.zones])
    if bounds is None:
        return (-180.0, -60.0, 180.0, 85.0)
    minx, miny, maxx, maxy = bounds
    pad = max(maxx - minx, maxy - miny) * 0.15 + 0.5
    return (max(minx - pad, -180), max(miny - pad, -90), min(maxx + pad, 180),
            min(maxy + pad, 90))


def _clip(frame: gpd.GeoDataFrame, box: tuple[float, float, float, float]) -> gpd.GeoDataFrame:
    """Only what falls in the frame, cut to it: a country-sized zone then draws fast."""
    frame = frame[frame.intersects(shapely.box(*box))].copy()
    frame["geometry"] = shapely.clip_by_rect(frame.geometry.values, *box)
    return frame[~frame.geometry.is_empty]


def render_figure(analyses: Sequence[Analysis], width_in: float = 10.0) -> Figure:
    minx, miny, maxx, maxy = _extent(analyses)
    # Stretch latitude by 1/cos(mid-latitude) so shapes look as on a local map, not squashed,
    # then widen the window in one direction to fill a 4:3 landscape frame.
    stretch = 1 / max(0.2, math.cos(math.radians((miny + maxy) / 2)))
    width, height = maxx - minx, (maxy - miny) * stretch
    if height > width * FRAME_ASPECT:
        grow = (height / FRAME_ASPECT - width) / 2
        minx, maxx = minx - grow, maxx + grow
    else:
        grow = (width * FRAME_ASPECT - height) / 2 / stretch
        miny, maxy = max(miny - grow, -90), min(maxy + grow, 90)
    fig = Figure(figsize=(width_in, width_in * FRAME_ASPECT + 0.6), dpi=100)
    window = (minx, miny, maxx, maxy)
    zones = _clip(zones_frame(analyses), window)
    places = _clip(places_frame(analyses), window)
    FigureCanvasAgg(fig)
    ax = fig.add_subplot()
    ax.set_facecolor(SEA_COLOUR)

    views = {a.border_view for a in analyses}
    countries = load_boundaries().countries(views.pop() if len(views) == 1 else None)
    countries = _clip(countries[countries.geometry.notna()], window)
    countries.plot(ax=ax, color=BASEMAP_FILL, edgecolor=BASEMAP_STROKE, linewidth=0.6)

    handles = []
    for status in ZONE_STATUSES:
        subset = zones[zones["status"] == status]
        if subset.empty:
            continue
        colour = status_colour(status)
        subset.plot(ax=ax, color=colour, alpha=FILL_OPACITY, edgecolor="none")
        subset.boundary.plot(ax=ax, color=colour, linewidth=1.5)
        handles.append(Patch(facecolor=colour, edgecolor=colour, alpha=0.6,
                             label=STATUS_LABELS[status]))
    if not places.empty:
        places.plot(ax=ax, color=PLACE_COLOUR, edgecolor=PLACE_STROKE, markersize=30, zorder=5)
        for _, row in places.head(MAX_LABELS).iterrows():
            ax.annotate(plain_label(row["resolved_name"] or row["name"]),
                        (row.geometry.x, row.geometry.y), xytext=(4, 4),
                        textcoords="offset points", fontsize=8, zorder=6)
        handles.append(Line2D([], [], marker="o", linestyle="", markerfacecolor=PLACE_COLOUR,
                              markeredgecolor=PLACE_STROKE, label="Places named in the text"))

    ax.set_xlim(minx, maxx)
    ax.set_ylim(miny, maxy)
    ax.set_aspect(stretch)
    ax.set_xticks([])
    ax.set_yticks([])
    ax.set_xlabel("")
    ax.set_ylabel("")
    if handles:
        ax.legend(handles=handles, loc="lower left", fontsize=8, framealpha=0.9)
    titles = [a.title or a.article_id for a in analyses]
    title = titles[0] if len(titles) == 1 else f"{len(titles)} articles"
    ax.set_title(plain_label(title or "conflict-mapper", TITLE_CHARS), fontsize=11)
    fig.text(0.99, 0.01, f"Data: {ATTRIBUTION}", ha="right", va="bottom", fontsize=7,
             color="#555")
    fig.tight_layout()
    return fig


def png_bytes(analyses: Sequence[Analysis]) -> bytes:
    buffer = io.BytesIO()
    render_figure(analyses).savefig(buffer, format="png")
    return buffer.getvalue()


def write_png(analyses: Sequence[Analysis], path: Path) -> None:
    write_bytes_atomic(Path(path), png_bytes(analyses))
