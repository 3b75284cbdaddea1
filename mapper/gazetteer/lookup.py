"""Ranked candidate lookup over the SQLite gazetteer: exact, designator-aware and fuzzy."""

from __future__ import annotations

import math
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass, replace
from functools import cached_property, lru_cache
from pathlib import Path

import yaml
from rapidfuzz import fuzz, process

from mapper.gazetteer.normalize import MAX_NAME_CHARS, normalize_name
from mapper.gazetteer.records import Candidate, NameKind
from mapper.paths import geodata_dir

# Ranking weights (log-linear); see docs/gazetteer.md for how they were chosen.
# Curated regions and physical features are few and chosen because news names them.
TYPE_PRIOR = {
    "country": 1.0, "region": 1.0, "water": 1.0, "river": 0.9, "landmark": 0.8,
    "admin1": 0.45, "admin2": 0.1, "city": 0.0,
}
NAME_KIND_BONUS = {NameKind.CANONICAL: 0.15, NameKind.ALTERNATE: 0.0, NameKind.CODE: -0.5}
POPULATION_SCALE = 5.0  # log10(population) / scale: 1M people -> 1.2
POPULATION_CAP = 1.6
CONTEXT_COUNTRY_BONUS = 0.8
CONTEXT_ADMIN1_BONUS = 0.4
DESIGNATOR_MATCH_BONUS = 0.5
DESIGNATOR_MISMATCH_PENALTY = -1.5
# A stem found under a physical designator must be that kind of feature: "Red River" is not
# the town of Red, "Black Sea" not a village called Black.
STRICT_DESIGNATOR_TYPES = frozenset({"river", "water"})
FUZZY_PENALTY = -0.7
# A country or region reached through an alternate name that is some other place's own name
# ("Tunis" for Tunisia, "Kharkiv" for the oblast) is rarely what the text means.
ALTERNATE_AREA_PENALTY = -1.2
AREA_FEATURES = frozenset({"country", "admin1", "admin2"})
ALTERNATE_AREA_RIVAL_POPULATION = 100_000
SOFTMAX_TEMPERATURE = 0.3
# How much population counts per feature type. A region's population is the sum of its
# towns; at full weight "Kharkiv" (the oblast) would outrank Kharkiv (the city), at zero weight
# Washington state would rank below every small town called Washington.
POPULATION_WEIGHT = {"city": 1.0, "country": 1.0, "admin1": 0.5, "admin2": 0.3}
FUZZY_MIN_SIMILARITY = 85.0
FUZZY_MIN_POPULATION = 1000

_PLACE_COLUMNS = ("id, name, feature_type, lat, lon, country_code, admin1_code, admin1_name, "
                  "population, geonameid, polygon, source")


@dataclass(frozen=True)
class DesignatorRule:
    words: tuple[str, ...]  # normalised, longest first
    types: frozenset[str]


@dataclass(frozen=True)
class Designators:
    """Words like "oblast", "river", "the" that qualify a name (from geodata/lexicon)."""

    articles: tuple[str, ...]
    suffixes: tuple[DesignatorRule, ...]
    prefixes: tuple[DesignatorRule, ...]

    @classmethod
    def load(cls, path: Path | None = None) -> Designators:
        raw = yaml.safe_load((path or geodata_dir() / "lexicon" / "designators.yaml")
                             .read_text(encoding="utf-8"))

        def rules(section: list[dict] | None) -> tuple[DesignatorRule, ...]:
            return tuple(
                DesignatorRule(
                    words=tuple(sorted({normalize_name(w) for w in rule["words"]} - {""},
                                       key=len, reverse=True)),
                    types=frozenset(rule["types"]),
                )
                for rule in section or []
            )

        return cls(
            articles=tuple(normalize_name(a) for a in raw.get("articles", [])),
            suffixes=rules(raw.get("suffixes")),
            prefixes=rules(raw.get("prefixes")),
        )

    def strip_article(self, norm: str) -> str:
        for article in self.articles:
            if norm.startswith(article + " ") and len(norm) > len(article) + 1:
                return norm[len(article) + 1:]
        return norm

    def variants(self, norm: str) -> list[tuple[str, frozenset[str]]]:
        """(stem, feature types) pairs for every designator the name carries."""
        out = []
        for rule in self.suffixes:
            for word in rule.words:
                if norm.endswith(" " + word) and len(norm) > len(word) + 1:
                    out.append((norm[: -len(word) - 1], rule.types))
                    break
        for rule in self.prefixes:
            for word in rule.words:
                if norm.startswith(word + " ") and len(norm) > len(word) + 1:
                    out.append((norm[len(word) + 1:], rule.types))
                    break
        return out

    def types(self, norm: str) -> frozenset[str]:
        """Feature types the name's designators ask for ("kharkiv region" -> admin1, ...)."""
        return frozenset().union(*(types for _stem, types in self.variants(norm)))

    def is_designator(self, norm: str) -> bool:
        return any(norm in rule.words for rule in self.suffixes)


@lru_cache(maxsize=1)
def default_designators() -> Designators:
    return Designators.load()


def _softmax(raw: list[float]) -> list[float]:
    if not raw:
        return []
    top = max(raw)
    weights = [math.exp((r - top) / SOFTMAX_TEMPERATURE) for r in raw]
    total = sum(weights)
    return [w / total for w in weights]


class Gazetteer:
    """Read-only access to a built gazetteer file, through one read-only SQLite connection
    that threads may share (SQLite serialises access to it)."""

    def __init__(self, path: Path, designators: Designators | None = None) -> None:
        self.path = path
        self.designators = designators or default_designators()
        self._conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
        self._conn.execute("PRAGMA query_only=1")

    def close(self) -> None:
        self._conn.close()

    @cached_property
    def meta(self) -> dict[str, str]:
        return dict(self._conn.execute("SELECT key, value FROM meta").fetchall())

    def counts_by_type(self) -> dict[str, int]:
        rows = self._conn.execute(
            "SELECT feature_type, count(*) FROM places GROUP BY feature_type ORDER BY 2 DESC")
        return dict(rows.fetchall())

    # -- raw access ----------------------------------------------------------------------------
    def _rows_for(self, norm: str) -> list[tuple]:
        return self._conn.execute(
            f"SELECT n.kind, {', '.join('p.' + c.strip() for c in _PLACE_COLUMNS.split(','))} "
            "FROM names n JOIN places p ON p.id = n.place_id WHERE n.norm = ?",
            (norm,),
        ).fetchall()

    def demonym(self, text: str) -> Candidate | None:
        """The place a demonym or adjective names ("Russian" -> Russia), or None."""
        if not isinstance(text, str) or len(text) > MAX_NAME_CHARS:
            return None
        place = self._demonym_places.get(normalize_name(text))
        return replace(place, matched_name=text, match="demonym") if place else None

    @cached_property
    def _demonym_places(self) -> dict[str, Candidate]:
        """The whole (small) demonym table, read once: the recogniser asks about every
        capitalised word."""
        rows = self._conn.execute("SELECT norm, place_id FROM demonyms").fetchall()
        places = {pid: self.get(pid) for pid in {pid for _norm, pid in rows}}
        return {norm: places[pid] for norm, pid in rows if places[pid] is not None}

    def get(self, place_id: int) -> Candidate | None:
        row = self._conn.execute(f"SELECT {_PLACE_COLUMNS} FROM places WHERE id = ?",
                                 (place_id,)).fetchone()
        if row is None:
            return None
        return _candidate(row, matched_name=row[1], match="id", score=1.0)

    # -- lookups -------------------------------------------------------------------------------
    def lookup(
        self,
        name: str,
        *,
        context_countries: Iterable[str] = (),
        context_admin1: Iterable[str] = (),
        feature_types: Iterable[str] | None = None,
        limit: int = 10,
    ) -> list[Candidate]:
        """Exact lookup on the normalised name, plus designator-aware variants ("Kharkiv
        region" -> regions named Kharkiv). Unknown or unusable names give []."""
        if not isinstance(name, str) or len(name) > MAX_NAME_CHARS:
            return []
        norm = self.designators.strip_article(normalize_name(name))
        countries, regions = frozenset(context_countries), frozenset(context_admin1)
        if not norm:
            return []
        scored: dict[int, tuple[float, Candidate]] = {}
        variants = self.designators.variants(norm)
        wanted = self.designators.types(norm)
        queries = [(norm, False)] + [(stem, True) for stem, _types in variants]
        for query_norm, designated in queries:
            for row in self._rows_for(query_norm):
                kind, place = NameKind(row[0]), row[1:]
                raw = self._raw_score(place, kind, countries, regions)
                if wanted:
                    if place[2] in wanted:
                        raw += DESIGNATOR_MATCH_BONUS
                    elif designated and wanted <= STRICT_DESIGNATOR_TYPES:
                        continue
                    else:
                        raw += DESIGNATOR_MISMATCH_PENALTY
                match = "designator" if designated else "exact"
                candidate = _candidate(place, matched_name=name, match=match, score=0.0,
                                       name_kind=kind)
                if place[0] not in scored or raw > scored[place[0]][0]:
                    scored[place[0]] = (raw, candidate)
        canonical_elsewhere = {pid for pid, (_r, c) in scored.items()
                               if c.name_kind == NameKind.CANONICAL and (
                                   c.population >= ALTERNATE_AREA_RIVAL_POPULATION
                                   or c.feature_type in {"country", "admin1"})}
        if canonical_elsewhere:
            for pid, (raw, c) in list(scored.items()):
                if (c.feature_type in AREA_FEATURES and c.feature_type not in wanted
                        and c.name_kind == NameKind.ALTERNATE and canonical_elsewhere - {pid}):
                    scored[pid] = (raw + ALTERNATE_AREA_PENALTY, c)
        return self._rank(scored.values(), feature_types, limit)

    def fuzzy_lookup(
        self,
        name: str,
        *,
        context_countries: Iterable[str] = (),
        context_admin1: Iterable[str] = (),
        feature_types: Iterable[str] | None = None,
        limit: int = 10,
        min_similarity: float = FUZZY_MIN_SIMILARITY,
    ) -> list[Candidate]:
        """Misspelling-tolerant lookup (rapidfuzz ratio over the names of notable places);
        scores are lower than exact matches would get."""
        if not isinstance(name, str) or len(name) > MAX_NAME_CHARS:
            return []
        norm = self.designators.strip_article(normalize_name(name))
        countries, regions = frozenset(context_countries), frozenset(context_admin1)
        if len(norm) < 4:
            return []
        # Misspellings rarely touch the first letter: compare within its bucket only.
        bucket = self._fuzzy_names.get(norm[0], [])
        matches = process.extract(norm, bucket, scorer=fuzz.ratio,
                                  score_cutoff=min_similarity, limit=limit * 3)
        scored: dict[int, tuple[float, Candidate]] = {}
        for matched_norm, similarity, _index in matches:
            if not _tokens_align(norm, matched_norm):
                continue
            for row in self._rows_for(matched_norm):
                kind, place = NameKind(row[0]), row[1:]
                raw = self._raw_score(place, kind, countries, regions)
                raw += FUZZY_PENALTY + (similarity - 100.0) / 20.0
                candidate = _candidate(place, matched_name=matched_norm, match="fuzzy",
                                       score=0.0, name_kind=kind)
                if place[0] not in scored or raw > scored[place[0]][0]:
                    scored[place[0]] = (raw, candidate)
        ranked = self._rank(scored.values(), feature_types, limit)
        # A fuzzy match is never as sure as an exact one: cap its probability by similarity.
        return [replace(c, score=round(c.score * 0.8, 4)) for c in ranked]

    def search(self, name: str, *, fuzzy: bool = True, **kwargs: object) -> list[Candidate]:
        """Exact lookup first; fuzzy (when allowed) only when nothing matches exactly."""
        found = self.lookup(name, **kwargs)  # type: ignore[arg-type]
        if not found and fuzzy:
            found = self.fuzzy_lookup(name, **kwargs)  # type: ignore[arg-type]
        return found

    # -- ranking -------------------------------------------------------------------------------
    @staticmethod
    def _raw_score(place: tuple, kind: NameKind, context_countries: frozenset[str],
                   context_admin1: frozenset[str]) -> float:
        ftype, country, admin1, population = place[2], place[5], place[6], place[8]
        raw = TYPE_PRIOR.get(ftype, 0.0) + NAME_KIND_BONUS[kind]
        if population:
            raw += POPULATION_WEIGHT.get(ftype, 0.0) * min(
                math.log10(population + 1) / POPULATION_SCALE, POPULATION_CAP)
        if country and country in context_countries:
            raw += CONTEXT_COUNTRY_BONUS
        if admin1 and admin1 in context_admin1:
            raw += CONTEXT_ADMIN1_BONUS
        return raw

    @staticmethod
    def _rank(scored: Iterable[tuple[float, Candidate]], feature_types: Iterable[str] | None,
              limit: int) -> list[Candidate]:
        items = list(scored)
        if feature_types is not None:
            allowed = set(feature_types)
            items = [item for item in items if item[1].feature_type in allowed]
        items.sort(key=lambda item: (-item[0], -item[1].population, item[1].place_id))
        probabilities = _softmax([raw for raw, _c in items])
        return [replace(c, score=round(p, 4)) for (_raw, c), p in
                zip(items, probabilities, strict=True)][:limit]

    @cached_property
    def _fuzzy_names(self) -> dict[str, list[str]]:
        rows = self._conn.execute(
            "SELECT DISTINCT n.norm FROM names n JOIN places p ON p.id = n.place_id "
            "WHERE n.kind <= 1 AND (p.feature_type != 'city' OR p.population >= ?)",
            (FUZZY_MIN_POPULATION,),
        )
        buckets: dict[str, list[str]] = {}
        for (norm,) in rows:
            buckets.setdefault(norm[0], []).append(norm)
        return buckets


def _tokens_align(query: str, name: str, min_token_similarity: float = 85.0) -> bool:
    """Fuzzy matches must agree word by word: "north africa" is not "north america"."""
    a, b = query.split(), name.split()
    return len(a) == len(b) and all(
        fuzz.ratio(x, y) >= min_token_similarity for x, y in zip(a, b, strict=True))


def _candidate(place: tuple, *, matched_name: str, match: str, score: float,
               name_kind: int = NameKind.ALTERNATE) -> Candidate:
    (pid, name, ftype, lat, lon, country, admin1, admin1_name, population, geonameid, polygon,
     source) = place
    return Candidate(
        place_id=pid, name=name, feature_type=ftype, lat=lat, lon=lon, country_code=country,
        admin1_code=admin1, admin1_name=admin1_name, population=population or 0,
        geonameid=geonameid, polygon=polygon, source=source, matched_name=matched_name,
        match=match, score=score, name_kind=int(name_kind),
    )
