"""Shared fixtures: the reference cable from ../shared (tests skip when it is absent)."""
from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SEED = REPO.parent / "shared" / "seeds" / "000_021d51493ed81108.txt"


@pytest.fixture
def seed_path() -> Path:
    if not SEED.is_file():
        pytest.skip(f"reference cable not present at {SEED}")
    return SEED
