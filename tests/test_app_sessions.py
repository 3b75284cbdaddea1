"""Dashboard sessions: an article is read once and redrawn per control change; sessions analyse
side by side (no lock shared by all); the disk cache is bounded and can be turned off."""

from __future__ import annotations

import ast
import pickle
import threading
import time
import uuid
from collections import Counter
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from mapper.analysis.models import Analysis
from mapper.analysis.pipeline import Analyzer, Drawer
from mapper.dashboard.disk_cache import (
    AGE_ENV,
    FOLDER_ENV,
    SIZE_ENV,
    SWITCH_ENV,
    DiskCache,
    DiskCacheSettings,
    disk_cache_settings,
)
from mapper.dashboard.workers import Pool
from mapper.ingest import Article

ROOT = Path(__file__).resolve().parents[1]
APP = str(ROOT / "streamlit_app.py")
MARK = "session-test"


def article(tag: str) -> str:
    """A pasted article of our own, unique per call (so no cache has seen it)."""
    return (f"KYIV, June 3 -- Officials in Washington said Ukraine may now use US-supplied "
            f"HIMARS against Russian forces massing across the border from the Kharkiv region. "
            f"Shelling hit Vovchansk overnight, the governor said. ({MARK} {tag})")


@pytest.fixture()
def calls(monkeypatch: pytest.MonkeyPatch) -> Counter[str]:
    """Counts Analyzer.read (the NLP) and Drawer.redraw calls, in every worker."""
    counts: Counter[str] = Counter()
    read, redraw = Analyzer.read, Drawer.redraw

    def counting_read(self: Analyzer, article: Article) -> Analysis:
        counts["read"] += MARK in article.text  # not the samples, not the warm-up
        return read(self, article)

    def counting_redraw(self: Drawer, analysis: Analysis, settings: object) -> Analysis:
        counts["redraw"] += MARK in analysis.text
        return redraw(self, analysis, settings)

    monkeypatch.setattr(Analyzer, "read", counting_read)
    monkeypatch.setattr(Drawer, "redraw", counting_redraw)
    return counts


@pytest.fixture()
def private_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv(FOLDER_ENV, str(tmp_path / "dashboard"))
    return tmp_path / "dashboard"


def pasted(text: str) -> AppTest:
    app = AppTest.from_file(APP, default_timeout=120).run()
    app.radio(key="mode").set_value("Paste text").run()
    app.text_area(key="paste_text").set_value(text)
    app.button[0].click().run()
    assert not app.exception and not [e.value for e in app.error]
    return app


def zone_count(app: AppTest) -> int:
    return next(len(d.value) for d in app.dataframe if "area_km2" in d.value.columns)


def test_changing_a_control_redraws_without_reading_the_text_again(
        calls: Counter[str], private_cache: Path) -> None:
    app = pasted(article(uuid.uuid4().hex))
    assert calls["read"] == 1 and calls["redraw"] == 1
    assert zone_count(app) > 0
    started = time.perf_counter()
    app.slider(key="threshold").set_value(0.99).run()
    assert not app.exception and zone_count(app) == 0  # every statement under the bar
    app.selectbox(key="border_view").set_value("de_facto_natural_earth").run()
    app.number_input(key="depth").set_value(40.0).run()
    app.slider(key="threshold").set_value(0.0).run()
    assert not app.exception and zone_count(app) > 0
    assert calls["read"] == 1, "a control change parsed the article again"
    assert calls["redraw"] == 5  # the first drawing and one per new setting
    assert time.perf_counter() - started < 60  # generous: four reruns, no parse


def test_two_sessions_analyse_at_the_same_time(calls: Counter[str], private_cache: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    """Each read waits until the other session is reading too: with one lock for all
    sessions the barrier breaks and a session reports the failure."""
    monkeypatch.setenv("MAPPER_DASHBOARD_WORKERS", "2")
    barrier = threading.Barrier(2, timeout=60)
    read = Analyzer.read

    def meeting_read(self: Analyzer, article: Article) -> Analysis:
        if MARK in article.text:
            barrier.wait()
        return read(self, article)

    monkeypatch.setattr(Analyzer, "read", meeting_read)
    results: dict[int, object] = {}

    def session(n: int) -> None:
        try:
            results[n] = zone_count(pasted(article(f"{n}-{uuid.uuid4().hex}")))
        except BaseException as exc:  # noqa: BLE001 - reported below
            results[n] = exc

    threads = [threading.Thread(target=session, args=(n,)) for n in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=240)
    assert not barrier.broken
    assert all(isinstance(results.get(n), int) and results[n] > 0 for n in range(2)), results


def test_the_pool_lends_each_object_to_one_caller_and_makes_at_most_size() -> None:
    made: list[object] = []
    pool: Pool[object] = Pool(lambda: made.append(object()) or made[-1], size=2)
    with pool.lease() as a, pool.lease() as b:
        assert a is not b
    with pool.lease() as c:
        assert c in (a, b)
    waited = threading.Event()

    def third() -> None:
        with pool.lease():
            waited.set()

    with pool.lease(), pool.lease():
        t = threading.Thread(target=third)
        t.start()
        assert not waited.wait(0.3)  # both busy: the third caller waits ...
    t.join(5)
    assert waited.is_set() and len(made) == 2  # ... and gets one back, none made anew


# -- the disk cache -------------------------------------------------------------------------------

def test_the_disk_cache_is_pruned_by_age_and_size(tmp_path: Path) -> None:
    cache = DiskCache(DiskCacheSettings(tmp_path, max_bytes=30_000, max_age_s=3600))
    for n in range(5):
        cache.put(f"k{n}", b"x" * 10_000)
    kept = cache.entries()
    assert 1 <= len(kept) <= 3 and sum(p.stat().st_size for p in kept) <= 30_000
    assert cache.get("k4") == b"x" * 10_000 and cache.get("k0") is None  # oldest went first
    old = kept[0]
    stamp = time.time() - 7200
    import os

    os.utime(old, (stamp, stamp))
    cache.prune()
    assert not old.exists()
    assert (tmp_path.stat().st_mode & 0o777) == 0o700
    assert all((p.stat().st_mode & 0o777) == 0o600 for p in cache.entries())


def test_the_disk_cache_settings_and_the_off_switch(tmp_path: Path) -> None:
    assert disk_cache_settings({SWITCH_ENV: "off"}).folder is None
    assert disk_cache_settings({SIZE_ENV: "0"}).folder is None
    on = disk_cache_settings({SIZE_ENV: "50", AGE_ENV: "2"})
    assert on.folder is not None and on.max_bytes == 50 * 2**20 and on.max_age_s == 2 * 86_400
    off = DiskCache(disk_cache_settings({SWITCH_ENV: "off"}))
    off.put("k", "v")
    assert off.get("k") is None and off.entries() == []


@pytest.mark.parametrize("switch", ["on", "off"])
def test_the_dashboard_keeps_pasted_text_on_disk_only_when_allowed(
        switch: str, private_cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(SWITCH_ENV, switch)
    pasted(article(uuid.uuid4().hex))
    kept = [pickle.loads(p.read_bytes()) for p in private_cache.glob("*.pickle")] \
        if private_cache.exists() else []
    ours = [a for a in kept if isinstance(a, Analysis) and MARK in a.text]
    assert (len(ours) == 1) if switch == "on" else not kept


def test_no_cached_function_of_the_app_persists_to_disk_unbounded() -> None:
    """Streamlit's persist="disk" keeps every entry forever (it ignores ttl): the app uses the
    bounded cache instead. (AppTest caches in memory only, so this reads the decorators.)"""
    tree = ast.parse(Path(APP).read_text(encoding="utf-8"))
    cached = [d for node in ast.walk(tree) if isinstance(node, ast.FunctionDef)
              for d in node.decorator_list if isinstance(d, ast.Call)
              and ast.unparse(d.func) in ("st.cache_data", "st.cache_resource")]
    assert cached, "the check sees the app's cached functions"
    persisted = [ast.unparse(d) for d in cached if any(k.arg == "persist" for k in d.keywords)]
    assert not persisted, persisted
