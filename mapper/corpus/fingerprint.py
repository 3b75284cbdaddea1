"""Fingerprints that decide whether a finished partition can be reused by `--resume`.

The code fingerprint hashes the content of the mapper package and of geodata/ (rules, lexicons,
catalogs, boundaries) and the gazetteer file's identity (size and modification time: it is large
and rebuilt, never edited), plus the analysis settings. The input fingerprint hashes the articles
of one partition. A partition is reused only when both match its manifest.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from pathlib import Path


def _files(root: Path) -> list[Path]:
    if root.is_file():
        return [root]
    return sorted(p for p in root.rglob("*") if p.is_file() and "__pycache__" not in p.parts
                  and p.suffix not in (".pyc", ".tmp"))


def tree_digest(roots: Iterable[Path]) -> str:
    """Content hash of every file under `roots` (relative paths and bytes)."""
    digest = hashlib.sha256()
    for root in roots:
        for path in _files(root):
            digest.update(str(path.relative_to(root.parent)).encode() + b"\0")
            digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def stat_digest(path: Path) -> str:
    try:
        stat = path.stat()
    except OSError:
        return "missing"
    return f"{stat.st_size}:{stat.st_mtime_ns}"


def code_fingerprint(settings: dict[str, object]) -> str:
    """What the analyses depend on besides their text: code, data, gazetteer and settings."""
    import mapper
    from mapper.gazetteer.store import gazetteer_path
    from mapper.paths import geodata_dir

    digest = hashlib.sha256()
    digest.update(tree_digest([Path(mapper.__file__).resolve().parent, geodata_dir()]).encode())
    digest.update(stat_digest(gazetteer_path()).encode())
    digest.update(json.dumps(settings, sort_keys=True, default=str).encode())
    return digest.hexdigest()[:20]


def payload_fingerprint(payloads: Iterable[dict[str, object]]) -> str:
    """Hash of a partition's articles (ids, texts, dates, titles, origins, read errors)."""
    digest = hashlib.sha256()
    for payload in payloads:
        digest.update(json.dumps(payload, sort_keys=True, ensure_ascii=False).encode())
        digest.update(b"\n")
    return digest.hexdigest()[:20]
