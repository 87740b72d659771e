"""Visual regression: low-resolution pictures of the English edition compared with committed golden images.

Only for what eyes judge (colours, hierarchy, placement); everything measurable is tested elsewhere.
After a deliberate design change, regenerate with `make golden` and look at the new images before committing.
On a failure the actual, expected and difference images are written to tests/output/.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from helpers import EN, ROOT
from PIL import Image, ImageChops

from brochure.pipeline import Job, render
from brochure.proofs import render_sides

GOLDEN = Path(__file__).resolve().parent / "golden"
OUTPUT = Path(__file__).resolve().parent / "output"
FLAG = "BROCHURE_UPDATE_GOLDEN"
DPI = 36
MEAN_TOLERANCE = 1.0  # average difference per channel, 0-255
PIXEL_TOLERANCE = 0.002  # share of pixels allowed to differ noticeably (antialiasing across PDFium builds)
NOTICEABLE = 48


@pytest.mark.parametrize("side", ["outside", "inside"])
def test_english_letter_looks_as_approved(side):
    rendered = render(Job(EN, "letter"))
    actual = render_sides(rendered.pdf, DPI)[0 if side == "outside" else 1]
    golden = GOLDEN / f"en-letter-{side}.png"
    if os.environ.get(FLAG) == "1":
        GOLDEN.mkdir(exist_ok=True)
        actual.save(golden, optimize=True)
        pytest.skip(f"regenerated {golden.name}: look at it before committing")
    assert golden.exists(), f"{golden} is missing: run `make golden`"
    expected = Image.open(golden).convert("RGB")
    assert expected.size == actual.size
    difference = ImageChops.difference(actual, expected)
    channels = difference.getbands()
    histogram = difference.histogram()
    mean = sum(i % 256 * count for i, count in enumerate(histogram)) / (actual.width * actual.height * len(channels))
    gray = difference.convert("L")
    noticeable = sum(gray.histogram()[NOTICEABLE:]) / (actual.width * actual.height)
    if mean > MEAN_TOLERANCE or noticeable > PIXEL_TOLERANCE:
        OUTPUT.mkdir(exist_ok=True)
        actual.save(OUTPUT / f"en-letter-{side}-actual.png")
        expected.save(OUTPUT / f"en-letter-{side}-expected.png")
        gray.point(lambda v: 255 if v >= NOTICEABLE else v * 4).save(OUTPUT / f"en-letter-{side}-diff.png")
    assert mean <= MEAN_TOLERANCE and noticeable <= PIXEL_TOLERANCE, (
        f"{side} differs from the golden image (mean {mean:.2f}, {noticeable:.2%} of pixels): "
        f"see {OUTPUT}/en-letter-{side}-*.png; if the change is intended, run `make golden`"
    )


def test_golden_regeneration_is_never_left_switched_on():
    """The regenerate flag must come from a person's command line, never from a committed file or CI."""
    assert not (os.environ.get("CI") and os.environ.get(FLAG)), f"{FLAG} is set in CI: goldens would never fail"
    for name in ("Makefile", ".ci/run", "pyproject.toml"):
        text = (ROOT / name).read_text(encoding="utf-8")
        lines = [line for line in text.splitlines() if FLAG in line and not line.lstrip().startswith("golden")]
        allowed = [
            line for line in lines if line.strip().startswith(f"{FLAG}=1 $(PY) -m pytest") and name == "Makefile"
        ]
        assert lines == allowed, f"{name} switches {FLAG} on: {lines}"
