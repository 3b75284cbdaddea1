"""The dashboard's disk cache of read articles: bounded in size and age, and can be turned off.

Analysts paste unpublished material, so nothing is kept forever: entries older than the age
limit are deleted, and the oldest go first once the folder is over its size limit. The folder
is private to the user (0700, files 0600). Settings (environment, read at start-up):

    MAPPER_DASHBOARD_DISK_CACHE   "off" (or 0/false/no) keeps nothing on disk; default on
    MAPPER_DASHBOARD_CACHE_MB     size limit in megabytes (default 200)
    MAPPER_DASHBOARD_CACHE_DAYS   age limit in days (default 7)
    MAPPER_DASHBOARD_CACHE_DIR    the folder (default <MAPPER_CACHE_DIR or user cache>/dashboard)
"""

from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
import time
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

SWITCH_ENV = "MAPPER_DASHBOARD_DISK_CACHE"
SIZE_ENV = "MAPPER_DASHBOARD_CACHE_MB"
AGE_ENV = "MAPPER_DASHBOARD_CACHE_DAYS"
FOLDER_ENV = "MAPPER_DASHBOARD_CACHE_DIR"
DEFAULT_MB = 200.0
DEFAULT_DAYS = 7.0
OFF = ("off", "0", "false", "no")
SUFFIX = ".pickle"


@dataclass(frozen=True)
class DiskCacheSettings:
    folder: Path | None  # None: the cache is off
    max_bytes: int
    max_age_s: float


def _number(env: Mapping[str, str], name: str, default: float) -> float:
    try:
        value = float(env.get(name, default))
    except ValueError:
        return default
    return value if value >= 0 else default


def disk_cache_settings(env: Mapping[str, str] | None = None) -> DiskCacheSettings:
    """The settings from the environment (see the module's doc)."""
    env = os.environ if env is None else env
    megabytes = _number(env, SIZE_ENV, DEFAULT_MB)
    days = _number(env, AGE_ENV, DEFAULT_DAYS)
    off = env.get(SWITCH_ENV, "on").strip().lower() in OFF or megabytes == 0 or days == 0
    folder = None
    if not off and env.get(FOLDER_ENV):
        folder = Path(env[FOLDER_ENV])
    elif not off:
        from mapper.paths import cache_dir

        folder = cache_dir() / "dashboard"
    return DiskCacheSettings(folder, int(megabytes * 2**20), days * 86_400.0)


def cache_key(*parts: object) -> str:
    """A file-name-safe digest of the parts (their repr)."""
    return hashlib.sha256(repr(parts).encode("utf-8", "surrogatepass")).hexdigest()


class DiskCache:
    """Pickled values by key in one folder, pruned by age and size on every write."""

    def __init__(self, settings: DiskCacheSettings) -> None:
        self.settings = settings

    @property
    def enabled(self) -> bool:
        return self.settings.folder is not None

    def _path(self, key: str) -> Path:
        assert self.settings.folder is not None
        return self.settings.folder / f"{key}{SUFFIX}"

    def get(self, key: str) -> object | None:
        if not self.enabled:
            return None
        path = self._path(key)
        try:
            if time.time() - path.stat().st_mtime > self.settings.max_age_s:
                path.unlink(missing_ok=True)
                return None
            with path.open("rb") as handle:
                return pickle.load(handle)  # noqa: S301 - our own private folder
        except FileNotFoundError:
            return None
        except Exception:  # noqa: BLE001 - a damaged entry is only a miss
            path.unlink(missing_ok=True)
            return None

    def put(self, key: str, value: object) -> None:
        if not self.enabled:
            return
        folder = self.settings.folder
        assert folder is not None
        try:
            folder.mkdir(parents=True, exist_ok=True, mode=0o700)
            os.chmod(folder, 0o700)
            data = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
            if len(data) > self.settings.max_bytes:
                return  # larger than the whole cache: not kept
            fd, tmp = tempfile.mkstemp(dir=folder, suffix=".tmp")  # created 0600
            try:
                with os.fdopen(fd, "wb") as handle:
                    handle.write(data)
                os.replace(tmp, self._path(key))
            finally:
                Path(tmp).unlink(missing_ok=True)
        except OSError:
            return  # a full or read-only disk costs the cache, never the analysis
        self.prune()

    def prune(self) -> None:
        """Delete entries past the age limit, then the oldest until under the size limit."""
        if not self.enabled:
            return
        assert self.settings.folder is not None
        now = time.time()
        entries = []
        for path in self.settings.folder.glob(f"*{SUFFIX}"):
            try:
                stat = path.stat()
            except OSError:
                continue
            if now - stat.st_mtime > self.settings.max_age_s:
                path.unlink(missing_ok=True)
            else:
                entries.append((stat.st_mtime, stat.st_size, path))
        total = sum(size for _, size, _ in entries)
        for _, size, path in sorted(entries):
            if total <= self.settings.max_bytes:
                break
            path.unlink(missing_ok=True)
            total -= size

    def entries(self) -> list[Path]:
        if not self.enabled:
            return []
        assert self.settings.folder is not None
        return sorted(self.settings.folder.glob(f"*{SUFFIX}"))
