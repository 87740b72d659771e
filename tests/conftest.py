"""Shared fixtures: the real seed brochure, rendered once per test session, and scratch copies of it."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from helpers import DATA, EN  # noqa: E402

from brochure.fold import OutputKind  # noqa: E402
from brochure.pipeline import Job, render  # noqa: E402


@pytest.fixture(scope="session")
def office_letter():
    return render(Job(EN, "letter", OutputKind.OFFICE))


@pytest.fixture(scope="session")
def press_letter():
    return render(Job(EN, "letter", OutputKind.PRESS))


@pytest.fixture()
def brochure_copy(tmp_path: Path) -> Path:
    """A writable copy of the seed brochure's folder (brochure.yaml, contacts.yaml, en.yaml)."""
    folder = tmp_path / "ct-human-trafficking"
    folder.mkdir()
    for name in ("brochure.yaml", "contacts.yaml", "en.yaml"):
        shutil.copy(DATA / name, folder / name)
    return folder
