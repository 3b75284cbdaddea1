"""What `mapper geodata info` reports: counts, sizes, sources and build date."""

from __future__ import annotations

from typing import Any

from mapper.boundaries import border_views, boundaries_path, load_boundaries
from mapper.gazetteer import gazetteer_path, validation_problem
from mapper.gazetteer.lookup import Gazetteer
from mapper.paths import geodata_dir


def collect_info() -> dict[str, Any]:
    path = gazetteer_path()
    problem = validation_problem(path)
    info: dict[str, Any] = {
        "gazetteer": {"path": str(path), "status": problem or "ok"},
        "boundaries": {"path": str(boundaries_path())},
        "border_views": {"default": border_views().default,
                         "available": sorted(border_views().views)},
        "sources_file": str(geodata_dir() / "SOURCES.md"),
    }
    if problem is None:
        gazetteer = Gazetteer(path)
        meta = gazetteer.meta
        info["gazetteer"].update({
            "size_mb": round(path.stat().st_size / 1e6, 1),
            "built_at": meta.get("built_at"),
            "build_seconds": float(meta.get("build_seconds", "nan")),
            "places": int(meta["places"]),
            "names": int(meta["names"]),
            "places_by_type": gazetteer.counts_by_type(),
            "sources": meta.get("fingerprint"),
        })
        gazetteer.close()
    bpath = boundaries_path()
    if bpath.exists():
        frame = load_boundaries().frame
        info["boundaries"].update({
            "size_mb": round(bpath.stat().st_size / 1e6, 1),
            "units_by_kind": frame["kind"].value_counts().to_dict(),
        })
    return info


def format_info(info: dict[str, Any]) -> str:
    g, b = info["gazetteer"], info["boundaries"]
    lines = [f"gazetteer   {g['path']}  ({g['status']})"]
    if g["status"] == "ok":
        lines += [
            f"  built      {g['built_at']} in {g['build_seconds']:.0f} s, {g['size_mb']} MB",
            f"  places     {g['places']:,}  names {g['names']:,}",
            "  by type    " + ", ".join(f"{k} {v:,}" for k, v in g["places_by_type"].items()),
            f"  sources    {g['sources']}",
        ]
    else:
        lines.append("  run `mapper geodata build` to build it")
    lines.append(f"boundaries  {b['path']}  ({b.get('size_mb', '?')} MB)")
    if "units_by_kind" in b:
        lines.append("  units      " + ", ".join(f"{k} {v:,}" for k, v in
                                                 b["units_by_kind"].items()))
    views = info["border_views"]
    lines.append(f"border view {views['default']} (default); available: "
                 + ", ".join(views["available"]))
    lines.append(f"sources and licences: {info['sources_file']}")
    return "\n".join(lines)
