"""Start-up: a plain one-edition office render imports only what it uses (issue 14, target 1).

Modules that only other products or paths need (review sheets, PNG proofs, the instructions sheet, press
colour checks, `render.py new`, term lists, --all's workers, SVG logos) are imported where they are first
needed; phonenumbers only when a number was not checked before (brochure/phonecache.py). Each of these
once cost a cold render milliseconds: this test keeps a later edit from silently bringing them back.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

NOT_IMPORTED = (
    "phonenumbers",  # its answers are kept between runs (brochure/phonecache.py)
    "difflib",  # did-you-mean hints and translation checks only
    "brochure.review_sheet",
    "brochure.terms",
    "brochure.proofs",
    "brochure.instructions",
    "brochure.starter",
    "brochure.pressflight",
    "svglib",
    "PIL.ImageDraw",
    "PIL.ImageFont",
    "PIL.ImageMath",
    "multiprocessing",
    "concurrent.futures",
)

# render.py as a person runs it, then the names of every module the process holds.
SCRIPT = """
import runpy, sys
sys.argv = ["render.py", "data/ct-human-trafficking/en.yaml", "-o", sys.argv[1]]
try:
    runpy.run_path("render.py", run_name="__main__")
except SystemExit as exit_:
    assert not exit_.code, exit_.code
sys.stderr.write("\\n".join(sorted(sys.modules)))
"""


@pytest.fixture(scope="module")
def imported(tmp_path_factory) -> set[str]:
    """The modules a plain office render of the English edition imports (its second run: caches filled)."""
    scratch = tmp_path_factory.mktemp("startup")
    env = dict(os.environ, BROCHURE_CACHE_DIR=str(scratch / "cache"))
    env.pop("BROCHURE_FONT_CACHE", None)
    for _ in range(2):
        done = subprocess.run(
            [sys.executable, "-c", SCRIPT, str(scratch / "en.pdf")], cwd=ROOT, env=env, capture_output=True, text=True
        )
        assert done.returncode == 0, done.stderr
    return set(done.stderr.splitlines())


def test_the_render_did_run(imported):
    assert {"brochure.cli", "brochure.preflight", "reportlab.pdfgen.canvas"} <= imported


@pytest.mark.parametrize("module", NOT_IMPORTED)
def test_a_plain_office_render_does_not_import(imported, module):
    assert module not in imported
