"""Where the team's development corpora live, and a skip that says so when they are absent.

They sit in `../shared/data` beside the checkout on the team's machines only; a user's clone
has no such folder, so tests that read them skip with the reason. `MAPPER_SHARED_DATA` points
at another copy.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

SHARED_DATA_ENV = "MAPPER_SHARED_DATA"
ROOT = Path(__file__).resolve().parents[1]


def shared_data_dir() -> Path:
    """The development data folder (`../shared/data` unless $MAPPER_SHARED_DATA says)."""
    override = os.environ.get(SHARED_DATA_ENV)
    return Path(override) if override else ROOT.parent / "shared" / "data"


def corpus_path(*parts: str) -> Path:
    """A path inside the development data folder (it may not exist)."""
    return shared_data_dir().joinpath(*parts)


def require_corpus(*parts: str) -> Path:
    """The corpus path, or skip the test saying which folder is missing and how to point at it."""
    path = corpus_path(*parts)
    if not path.exists():
        pytest.skip(f"development corpus {path} is not here (team machines only; "
                    f"set {SHARED_DATA_ENV} to a copy of shared/data to run this test)")
    return path
