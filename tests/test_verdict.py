"""`--check` and a render reach the same verdict on everything that does not need the PDF bytes (issue 8, items 10, 12).

Each case is a data-file change that a render refuses; `--check` must refuse it with
the same located messages, and both must name the file and line of the value that
caused it.
"""

from __future__ import annotations

import re

import pytest
from helpers import PNG_1PX, edit, layout_of, lengthen, line_of, run, with_image

from brochure.layoutcheck import check_layout
from brochure.limits import READABLE_FLOOR


def _problems(err: str) -> list[str]:
    """The findings of a run, without its summary line."""
    return [line for line in err.splitlines() if not line.startswith("FAILED")]


def _arabic(folder, monkeypatch):
    # As if a fallback font had every Arabic letter: then only the layout's direction is wrong, which
    # --check could not see and a render found as "text not found in the PDF ... a bug in brochure".
    from brochure.fonts import FontFace

    monkeypatch.setattr(FontFace, "has_glyph", lambda self, char: True)
    edit(
        folder / "en.yaml",
        "Works excessively.",
        "Works excessively. \u0627\u0644\u0639\u0645\u0644 \u0627\u0644\u0642\u0633\u0631\u064a",
    )


def _hebrew_and_arabic_in_many_bullets(folder):
    edit(folder / "en.yaml", "Works excessively.", "\u05e2\u05d1\u05d5\u05d3\u05d4 \u0627\u0644\u0639\u0645\u0644")
    edit(folder / "en.yaml", "Is unfamiliar with the local language.", "\u05e2\u05d1\u05d5\u05d3\u05d4 \u05e2\u05d1")


def _tiny_image(folder, monkeypatch):
    (folder / "logo.png").write_bytes(PNG_1PX)
    edit(
        folder / "en.yaml",
        "      - spacer: 5pt\n        background: accent\n",
        "      - image: logo.png\n        alt: Logo\n",
    )


def _soft_image(folder, monkeypatch):
    with_image(folder, 200)  # 200 ppi at its printed size: a warning, an error with --strict


CASES = {
    "right-to-left text with a fallback font": (_arabic, ()),
    "an image too small for print": (_tiny_image, ()),
    "a soft image with --strict": (_soft_image, ("--strict",)),
}


@pytest.mark.parametrize("make, options", CASES.values(), ids=list(CASES))
def test_check_refuses_what_a_render_refuses_with_the_same_messages(
    brochure_copy, tmp_path, monkeypatch, make, options
):
    make(brochure_copy, monkeypatch)
    monkeypatch.chdir(brochure_copy)
    checked, _, check_err = run(brochure_copy / "en.yaml", "--check", *options)
    rendered, _, render_err = run(brochure_copy / "en.yaml", "-o", tmp_path / "x.pdf", *options)
    assert checked == rendered == 1, check_err + render_err
    assert _problems(check_err) == _problems(render_err)
    assert re.search(r"^en\.yaml:\d+:\d+: (error|warning): ", check_err, re.MULTILINE), check_err
    assert "a bug in brochure" not in render_err
    assert not (tmp_path / "x.pdf").exists()


def test_right_to_left_text_is_one_error_per_script_not_one_per_letter(brochure_copy, monkeypatch):
    _hebrew_and_arabic_in_many_bullets(brochure_copy)
    monkeypatch.chdir(brochure_copy)
    _, _, err = run(brochure_copy / "en.yaml", "--check")
    errors = [line for line in err.splitlines() if ": error: " in line]
    assert len(errors) == 2, err
    hebrew = line_of(brochure_copy / "en.yaml", "\u05e2\u05d1\u05d5\u05d3\u05d4 \u05e2\u05d1")
    arabic = line_of(brochure_copy / "en.yaml", "\u0627")
    # At the first letter of each script in the file; the later Hebrew letters add nothing.
    assert f"en.yaml:{hebrew}:" in errors[0] and "right-to-left text (Hebrew) is not supported yet" in errors[0]
    assert f"en.yaml:{arabic}:" in errors[1] and "right-to-left text (Arabic) is not supported yet" in errors[1]


def test_a_type_size_below_the_readable_floor_is_refused_at_its_line(brochure_copy, monkeypatch):
    """title_size: 6pt passed the loader, then preflight failed with no line, naming the edition."""
    edit(brochure_copy / "brochure.yaml", "title_size: 38pt", "title_size: 6pt")
    monkeypatch.chdir(brochure_copy)
    status, _, err = run(brochure_copy / "en.yaml", "--check")
    line = line_of(brochure_copy / "brochure.yaml", "title_size: 6pt")
    assert status == 1
    assert f"brochure.yaml:{line}:" in err and "6pt is out of range: allowed 8.5 pt to 96 pt" in err


def test_sizes_that_step_down_with_the_body_stay_at_the_floor(brochure_copy):
    """A statistic at the floor, in an edition fitted at a smaller body size, is not set below the floor."""
    edit(brochure_copy / "brochure.yaml", "statistic_size: 16pt", f"statistic_size: {READABLE_FLOOR}pt")
    lengthen(brochure_copy / "en.yaml", 2)
    layout = layout_of(brochure_copy / "en.yaml")
    assert layout.body_size < layout.edition.design.type.body_size  # it was fitted smaller
    sizes = [run.size for panel in layout.panels for block in panel.blocks for run in block.runs]
    assert min(sizes) >= READABLE_FLOOR
    assert check_layout(layout) == []
