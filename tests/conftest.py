"""Shared fixtures: the real seed brochure, rendered once per test session, and scratch copies of it."""

from __future__ import annotations

import atexit
import os
import shutil
import sys
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

# The font cache (brochure/fontcache.py) of the test run lives in a folder of its own, removed at the end:
# the tests never write into the user's ~/.cache, and each run starts cold, as CI does.
if "BROCHURE_CACHE_DIR" not in os.environ:
    os.environ["BROCHURE_CACHE_DIR"] = tempfile.mkdtemp(prefix="brochure-test-cache-")
    atexit.register(shutil.rmtree, os.environ["BROCHURE_CACHE_DIR"], ignore_errors=True)

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
def translation_copy(tmp_path: Path) -> Path:
    """A writable copy of the whole seed brochure: every edition, contacts, design and review/ files."""
    folder = tmp_path / "ct-human-trafficking"
    shutil.copytree(DATA, folder)
    return folder


@pytest.fixture()
def brochure_copy(tmp_path: Path) -> Path:
    """A writable copy of the seed brochure's folder (brochure.yaml, contacts.yaml, en.yaml)."""
    folder = tmp_path / "ct-human-trafficking"
    folder.mkdir()
    for name in ("brochure.yaml", "contacts.yaml", "en.yaml"):
        shutil.copy(DATA / name, folder / name)
    return folder


@pytest.fixture(autouse=True)
def _forget_kept_work():
    """Each test starts without what earlier tests left in the process's memos (editions loaded, texts broken
    into lines): tests monkeypatch what those memos stand in front of (a font's glyphs, the YAML reader)."""
    from brochure import load, typeset

    load.forget_loaded()
    typeset.forget_texts()
