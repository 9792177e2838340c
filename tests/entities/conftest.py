"""Shared fixtures for the entity tests: the seed articles and the shipped gazetteer."""

from pathlib import Path

import pytest

from articles.entities.gazetteer import Gazetteer, load_default_gazetteer

SEEDS = sorted((Path(__file__).resolve().parents[2] / "fixtures" / "seeds").glob("*.txt"))


@pytest.fixture(scope="session")
def gazetteer() -> Gazetteer:
    return load_default_gazetteer()


@pytest.fixture(params=SEEDS, ids=[p.stem for p in SEEDS])
def seed_text(request: pytest.FixtureRequest) -> str:
    return request.param.read_text(encoding="utf-8")
