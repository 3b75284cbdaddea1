"""File output that never leaves a half-written file and never replaces what is not a file.

A regular target is written as a temporary sibling that is renamed over it on success.
`-` means standard output, for formats that can be streamed. A target that exists but is not a
regular file (a terminal, /dev/null, a named pipe) is written into directly, never renamed
over; block devices, sockets and other special files are refused. A symbolic link is followed:
the file it points to is replaced, the link stays.
"""

from __future__ import annotations

import os
import stat
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

STDOUT = "-"


class OutputError(OSError):
    """The target cannot be written (one-line message)."""


def is_stdout(path: Path | str) -> bool:
    return str(path) == STDOUT


def _real_target(path: Path) -> Path:
    """A symbolic link is followed, so the rename replaces the file it points to and the link
    itself (say /dev/stdout, or a user's link into a shared folder) stays in place."""
    if not path.is_symlink():
        return path
    try:
        mode = path.stat().st_mode
    except OSError:  # a dangling link: create the file it names
        return Path(os.path.realpath(path))
    # A link to a pipe or terminal (/dev/stdout -> /proc/self/fd/1 -> pipe:[...]) is opened
    # through the link itself: its "real path" names no file.
    return Path(os.path.realpath(path)) if stat.S_ISREG(mode) else path


def _special_mode(path: Path) -> int | None:
    """st_mode of an existing target that is not a regular file, else None."""
    try:
        mode = path.stat().st_mode
    except OSError:
        return None
    return None if stat.S_ISREG(mode) or stat.S_ISDIR(mode) else mode


def _streamable(mode: int) -> bool:
    return stat.S_ISCHR(mode) or stat.S_ISFIFO(mode)


def check_writable(path: Path | str, *, streamable: bool = True, what: str = "output") -> None:
    """Fail early, before any work, when `path` cannot be created, replaced or streamed into.

    `streamable` is False for formats that need a real file (GeoPackage is an SQLite database):
    they refuse `-` and special files."""
    if is_stdout(path):
        if not streamable:
            raise OutputError(f"{what} cannot be written to standard output ('-'); give a file")
        return
    path = _real_target(Path(path))
    if path.is_dir():
        raise OutputError(f"output path is a directory: {path}")
    mode = _special_mode(path)
    if mode is not None:
        if not (streamable and _streamable(mode)):
            raise OutputError(f"refusing to write {what} to {path}: not a regular file")
        if not os.access(path, os.W_OK):
            raise OutputError(f"cannot write {path}: permission denied")
        return
    parent = path.parent if str(path.parent) else Path(".")
    if not parent.is_dir():
        raise OutputError(f"cannot write {path}: folder {parent} does not exist")
    if not os.access(parent, os.W_OK) or (path.exists() and not os.access(path, os.W_OK)):
        raise OutputError(f"cannot write {path}: permission denied")


def _temporary_sibling(path: Path) -> Path:
    return path.with_name(f".{path.name}.tmp-{os.getpid()}{path.suffix}")


@contextmanager
def atomic_path(path: Path, what: str = "output") -> Iterator[Path]:
    """Yield a temporary path next to `path`; it replaces `path` only if the block succeeds.

    For writers that need a real file name (GeoPackage): `-` and special files are refused.
    """
    path = _real_target(Path(path))
    check_writable(path, streamable=False, what=what)
    tmp = _temporary_sibling(path)
    try:
        yield tmp
        os.replace(tmp, path)
    finally:
        if tmp.exists():
            tmp.unlink()


@contextmanager
def _reporting(path: Path | str) -> Iterator[None]:
    """OS errors while writing (a full disk, a closed pipe) become a one-line OutputError."""
    try:
        yield
    except OutputError:
        raise
    except OSError as exc:
        raise OutputError(f"cannot write {path}: {exc.strerror or exc}") from exc


@contextmanager
def open_output(path: Path | str, *, text: bool = False) -> Iterator[IO]:
    """A handle to write `path` with: stdout for `-`, the special file itself, or a temporary
    sibling renamed over `path` when the block succeeds."""
    if is_stdout(path):
        stream = sys.stdout if text else sys.stdout.buffer
        with _reporting("standard output"):
            yield stream
            stream.flush()
        return
    path = _real_target(Path(path))
    check_writable(path)
    kwargs = {"encoding": "utf-8", "newline": ""} if text else {}
    flags = "w" if text else "wb"
    if _special_mode(path) is not None:
        with _reporting(path), path.open(flags, **kwargs) as handle:
            yield handle
        return
    tmp = _temporary_sibling(path)
    try:
        with _reporting(path):
            with tmp.open(flags, **kwargs) as handle:
                yield handle
            os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def write_bytes_atomic(path: Path | str, data: bytes) -> None:
    """Write `data` to `path` (see `open_output`): never a half-written or replaced device."""
    with open_output(path) as handle:
        handle.write(data)
