"""A few Analyzers shared by every dashboard session, each used by one session at a time.

An Analyzer is not thread-safe (its spaCy pipeline and builders keep per-call state), so one
global lock made every session wait for every other. The pool holds up to `size` of them (one
per core by default): sessions take whichever is free and wait only when all are busy. The
gazetteer and boundaries are read-only and shared; each Analyzer has its own pipeline.
Redrawing zones for new controls goes through a second pool of Drawers (no pipeline), so a
control change never waits behind another session's parse.
"""

from __future__ import annotations

import os
import queue
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Generic, TypeVar

if TYPE_CHECKING:
    from mapper.analysis.pipeline import Analyzer, Drawer

T = TypeVar("T")
WORKERS_ENV = "MAPPER_DASHBOARD_WORKERS"


def default_size() -> int:
    """$MAPPER_DASHBOARD_WORKERS, else the number of cores (at least 2, so one long article
    never holds up every other session; at most 4)."""
    try:
        wanted = int(os.environ.get(WORKERS_ENV, "0"))
    except ValueError:
        wanted = 0
    return max(1, wanted) if wanted else max(2, min(4, os.cpu_count() or 1))


class Pool(Generic[T]):
    """Up to `size` objects made on demand by `factory`; `lease()` lends one to one caller."""

    def __init__(self, factory: Callable[[], T], size: int) -> None:
        self._factory = factory
        self.size = max(1, size)
        self._idle: queue.LifoQueue[T] = queue.LifoQueue()
        self._made = 0
        self._lock = threading.Lock()

    @property
    def made(self) -> int:
        return self._made

    @contextmanager
    def lease(self) -> Iterator[T]:
        item = self._take()
        try:
            yield item
        finally:
            self._idle.put(item)

    def _take(self) -> T:
        try:
            return self._idle.get_nowait()
        except queue.Empty:
            pass
        with self._lock:
            make = self._made < self.size
            if make:
                self._made += 1
        if not make:
            return self._idle.get()  # every one is busy: wait for the first back
        try:
            return self._factory()
        except BaseException:
            with self._lock:
                self._made -= 1
            raise


def new_analyzer() -> Analyzer:
    """An Analyzer with a pipeline of its own over the process-wide gazetteer and boundaries."""
    from mapper.analysis.pipeline import Analyzer
    from mapper.boundaries import load_boundaries
    from mapper.catalogs import weapon_catalog
    from mapper.gazetteer import load_gazetteer
    from mapper.geoparse.pipeline import Geoparser
    from mapper.nlp import load_nlp
    from mapper.rules import rule_lexicon

    nlp = load_nlp.__wrapped__()  # a fresh copy, not the process-wide cached one
    return Analyzer(Geoparser(nlp, load_gazetteer(progress=False)), load_boundaries(),
                    weapon_catalog(), rule_lexicon())


def new_drawer() -> Drawer:
    """A Drawer (policies and zones of a read article): no language pipeline to load, so a
    first map served from the disk cache does not wait for spaCy either."""
    from mapper.analysis.pipeline import Drawer
    from mapper.boundaries import load_boundaries
    from mapper.catalogs import weapon_catalog
    from mapper.rules import rule_lexicon

    return Drawer(load_boundaries(), weapon_catalog(), rule_lexicon())
