"""Why the geoparser misses: every gold place resolved more than 161 km away, by cause.

Resolves the gold spans of each corpus (as `mapper eval geoparse --gold-spans` does) and sorts
each miss into one of:

- no candidate: no gazetteer entry of that name lies within 161 km of the gold point (a
  street, a building, a river the gazetteer lacks, or a different reference point);
- placed near the wrong town: the same, and the name was placed "near" the story's town;
- candidate ranked N: the right entry was among the gazetteer's candidates at prior rank N
  (0 = the gazetteer's favourite) but the document evidence chose another; "with neighbour"
  when another gold place of the story lies within 50 km of it;
- unresolved: no coordinates at all.

    python benchmarks/geoparse_misses.py [--corpora DIR] [--examples 6]
"""

from __future__ import annotations

import argparse
import json
from collections import Counter, defaultdict
from pathlib import Path

from mapper.boundaries import geodesic_distance_km
from mapper.geoparse import default_geoparser

DEFAULT_CORPORA = Path(__file__).resolve().parents[2] / "shared" / "data" / "geoparse"
CORPORA = ("GWN-dev.jsonl", "LGL.jsonl")
ACC_KM = 161.0
NEIGHBOUR_KM = 50.0


def classify(geoparser, gold: dict, place, golds: list[dict]) -> str | None:  # noqa: ANN001
    if place is None or place.lat is None:
        return "unresolved"
    if geodesic_distance_km(gold["lat"], gold["lon"], place.lat, place.lon) <= ACC_KM:
        return None
    candidates = geoparser.gazetteer.lookup(gold["name"], limit=25)
    right = [i for i, c in enumerate(candidates)
             if geodesic_distance_km(gold["lat"], gold["lon"], c.lat, c.lon) <= ACC_KM]
    if not right:
        return ("no candidate, placed near the wrong town"
                if place.feature_type == "landmark" else "no candidate")
    rank = "0" if right[0] == 0 else "1-3" if right[0] <= 3 else "4+"
    neighbour = any(other["name"].lower() != gold["name"].lower() and geodesic_distance_km(
        gold["lat"], gold["lon"], other["lat"], other["lon"]) <= NEIGHBOUR_KM for other in golds)
    return f"candidate ranked {rank}, {'with' if neighbour else 'no'} neighbour"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpora", type=Path, default=DEFAULT_CORPORA)
    parser.add_argument("--examples", type=int, default=6)
    args = parser.parse_args()
    geoparser = default_geoparser()
    for corpus in CORPORA:
        causes: Counter[str] = Counter()
        examples: dict[str, Counter[str]] = defaultdict(Counter)
        total = 0
        for line in (args.corpora / corpus).open(encoding="utf-8"):
            doc = json.loads(line)
            golds = [t for t in doc["toponyms"] if t.get("lat") is not None]
            places = geoparser.resolve_spans(doc["text"], [(t["start"], t["end"]) for t in golds])
            by_span = {(p.start, p.end): p for p in places}
            total += len(golds)
            for gold in golds:
                cause = classify(geoparser, gold, by_span.get((gold["start"], gold["end"])),
                                 golds)
                if cause:
                    causes[cause] += 1
                    examples[cause][gold["name"]] += 1
        missed = sum(causes.values())
        print(f"{corpus}: {missed} of {total} gold places missed (> {ACC_KM:.0f} km)")
        for cause, count in causes.most_common():
            shown = ", ".join(f"{name} x{n}" for name, n in
                              examples[cause].most_common(args.examples))
            print(f"  {count:5d}  {cause}: {shown}")


if __name__ == "__main__":
    main()
