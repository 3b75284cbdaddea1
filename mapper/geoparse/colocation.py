"""Co-location evidence: readings of different names that lie side by side support each other.

"Huntsville" and "Walker County" are both ambiguous, but only their Texas readings are next to
each other; "Paris" and "Henry County" agree only in Tennessee. This evidence is about the
readings themselves, so it can pull two names out of a wrong pair of choices together, which
country and region shares (built from each name's current choice) cannot.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

import numpy as np

from mapper.gazetteer import Candidate

EARTH_RADIUS_KM = 6371.0088
PROBABILITY_EXPONENT = 0.5


class Colocation:
    """Closeness between every pair of readings of *different* names in one document, and the
    current belief in each reading (the gazetteer's prior until `believe` updates it)."""

    def __init__(self, candidates: Mapping[str, Sequence[Candidate]], scale_km: float,
                 feature_types: frozenset[str], town_population: int) -> None:
        self._rows: dict[str, list[tuple[int, int]]] = {}  # name -> (row, candidate index)
        lat: list[float] = []
        lon: list[float] = []
        specificity: list[float] = []
        self._starts: list[int] = []
        self._names: list[str] = []
        self._sizes = {name: len(readings) for name, readings in candidates.items()}
        belief: list[float] = []
        for name, readings in candidates.items():
            rows = [(i, c) for i, c in enumerate(readings) if c.feature_type in feature_types]
            if not rows:
                continue
            self._starts.append(len(lat))
            self._names.append(name)
            self._rows[name] = [(len(lat) + k, i) for k, (i, _) in enumerate(rows)]
            lat.extend(c.lat for _, c in rows)
            lon.extend(c.lon for _, c in rows)
            belief.extend(c.score ** PROBABILITY_EXPONENT for _, c in rows)
            # Being next to a big city says little (hundreds of places are); being next to a
            # small town or inside a county says much.
            specificity.extend(min(1.0, math.sqrt(town_population / max(c.population, 1)))
                               for _, c in rows)
        self._belief = np.asarray(belief, dtype=float)  # starts from the gazetteer's prior
        self.active = len(self._names) >= 2
        if not self.active:
            return
        km = _pairwise_km(np.radians(lat), np.radians(lon))
        self._closeness = np.exp(-km / scale_km) * np.asarray(specificity)[None, :]
        bounds = [*self._starts, len(lat)]
        for start, end in zip(bounds, bounds[1:], strict=False):
            self._closeness[start:end, start:end] = 0.0  # a name never supports itself

    def believe(self, name: str, probabilities: Sequence[float]) -> None:
        """Record the current probability of each reading of `name` (in candidate order)."""
        for row, i in self._rows.get(name, ()):
            self._belief[row] = probabilities[i] ** PROBABILITY_EXPONENT

    def support(self, name: str) -> list[float]:
        """Per reading of `name` (candidate order, zero for readings of other types): over
        every other name, the closest of its readings weighted by the square root of that
        reading's current probability, summed over names."""
        out = [0.0] * self._sizes.get(name, 0)
        if not self.active or name not in self._rows:
            return out
        rows = self._rows[name]
        weighted = self._closeness[[r for r, _ in rows]] * self._belief[None, :]
        per_name = np.maximum.reduceat(weighted, self._starts, axis=1)
        for (_, i), value in zip(rows, per_name.sum(axis=1), strict=True):
            out[i] = float(value)
        return out


def _pairwise_km(lat: np.ndarray, lon: np.ndarray) -> np.ndarray:
    dlat = lat[:, None] - lat[None, :]
    dlon = lon[:, None] - lon[None, :]
    h = (np.sin(dlat / 2) ** 2
         + np.cos(lat)[:, None] * np.cos(lat)[None, :] * np.sin(dlon / 2) ** 2)
    return 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.clip(h, 0.0, 1.0)))
