"""Shared fixtures: the real gazetteer and boundaries, opened once per test session."""

from __future__ import annotations

import pytest

from mapper.boundaries import Boundaries, load_boundaries
from mapper.gazetteer import Gazetteer, load_gazetteer


@pytest.fixture(scope="session")
def gazetteer() -> Gazetteer:
    return load_gazetteer(progress=False)


@pytest.fixture(scope="session")
def boundaries() -> Boundaries:
    return load_boundaries()
