"""Fit and balance, explained: which panel forced a smaller size, min_leading, the overflow picture, room elsewhere."""

from __future__ import annotations

import re
import shutil

import pytest
from helpers import EN, ROOT, edit, layout_of, lengthen, line_of, run
from PIL import Image

from brochure.diagnostics import BrochureError
from brochure.fold import Rect
from brochure.layout import (
    DEFAULT_LEADING_GIVE,
    MIN_LEADING,
    Overrun,
    PanelLayout,
    PanelOverflow,
    _fit_candidates,
    _overflow,
    fit_explanation,
    min_leading,
)
from brochure.model import Hyphenation, PanelRole
from brochure.proofs import PROOF_DPI

OVER = re.compile(r"panel 'inside_middle' does not fit: ([\d.]+) pt too long")


def _overflow_at(folder, size: str, leading: str) -> float:
    """How far inside_middle runs over when the fit may not change anything: the design candidate alone."""
    design = folder / "brochure.yaml"
    edit(design, "min_body_size: 9.5pt", f"min_body_size: {size}")
    edit(design, "leading: 1.4 ", f"leading: {leading}\n  min_leading: {leading} ")
    edit(design, "bleed: 0.125in", "bleed: 0.125in\nhyphenate: never")
    with pytest.raises(PanelOverflow) as caught:
        layout_of(folder / "en.yaml")
    return float(OVER.search(caught.value.findings[0].message).group(1))


# ---------------------------------------------------------------- which panel forced the fit


def test_a_fitted_size_names_the_panel_that_forced_it_and_by_how_much(brochure_copy, tmp_path):
    lengthen(brochure_copy / "en.yaml", 2)
    layout = layout_of(brochure_copy / "en.yaml")
    assert (layout.body_size, layout.leading) < (11.0, 1.4)
    first = layout.refused[0]
    assert first.role == PanelRole.INSIDE_MIDDLE and (first.size, first.leading) == (11.0, 1.4)
    # the amount is the real overflow at the design's size (unhyphenated, as `hyphenate: auto` tries it first),
    # measured on its own
    alone = tmp_path / "alone"
    shutil.copytree(brochure_copy, alone)
    assert not first.hyphenated
    assert first.over == pytest.approx(_overflow_at(alone, "11pt", "1.4"), abs=0.05)
    explanation = fit_explanation(layout)
    assert explanation.startswith(f"forced by inside_middle: {first.over:.1f} pt ({first.lines} lines) too long")
    assert "at 11 pt, leading 1.40" in explanation
    # the last candidate refused is the one just before the chosen one
    last = layout.refused[-1]
    assert (last.size, last.leading) != (layout.body_size, layout.leading)
    assert f"still inside_middle {last.over:.1f} pt at {last.size:g} pt, leading {last.leading:.2f}" in explanation

    status, out, err = run(brochure_copy / "en.yaml", "--out-dir", tmp_path / "out")
    assert status == 0, err
    assert f"(fitted; design 11 pt, 1.40; {explanation})" in out


def test_a_brochure_that_fits_as_designed_says_nothing_more(tmp_path):
    layout = layout_of(EN)
    assert layout.refused == () and fit_explanation(layout) == ""
    status, out, _ = run(EN, "--out-dir", tmp_path)
    assert "forced by" not in out and "11 pt body, leading 1.40, " in out


def test_explanation_lists_every_panel_that_refused_the_design_size_the_worst_first():
    from dataclasses import replace

    layout = layout_of(EN)
    refused = (
        Overrun(PanelRole.INSIDE_LEFT, 3.0, 11.0, 1.4, False),
        Overrun(PanelRole.INSIDE_RIGHT, 20.0, 11.0, 1.4, False),
        Overrun(PanelRole.INSIDE_RIGHT, 1.0, 11.0, 1.4, True),
    )
    text = fit_explanation(replace(layout, refused=refused))
    assert text == (
        "forced by inside_right: 20.0 pt (2 lines) too long, inside_left: 3.0 pt (1 line) too long "
        "at 11 pt, leading 1.40; still inside_right 1.0 pt at 11 pt, leading 1.40, hyphenated"
    )


# ---------------------------------------------------------------- min_leading


def _old_candidates(body, minimum, leading, hyphenation):
    """The fit's candidates before min_leading existed (three leading steps, never below 1.2)."""
    sizes = []
    size = body
    while size >= minimum - 1e-9:
        sizes.append(round(size, 2))
        size -= 0.25
    out = [(body, leading, False)] if hyphenation == Hyphenation.AUTO else []
    for size in sizes:
        for step in (0.0, 0.05, 0.1):
            candidate = round(leading - step, 3)
            if candidate >= 1.2 or step == 0:
                out.append((size, candidate, hyphenation != Hyphenation.NEVER))
    return out


@pytest.mark.parametrize("leading", [1.0, 1.15, 1.2, 1.25, 1.3, 1.35, 1.4, 1.5, 2.0, 2.5])
@pytest.mark.parametrize("hyphenation", Hyphenation)
@pytest.mark.parametrize("body, minimum", [(11.0, 9.5), (10.0, 10.0), (12.0, 8.0)])
def test_the_default_min_leading_keeps_the_fit_as_it_was(leading, hyphenation, body, minimum):
    assert _fit_candidates(body, minimum, leading, hyphenation, min_leading(leading, None)) == _old_candidates(
        body, minimum, leading, hyphenation
    )
    assert min_leading(leading, None) == round(max(MIN_LEADING, leading - DEFAULT_LEADING_GIVE), 3)


@pytest.mark.parametrize(
    "tightest, expected", [(1.4, [1.4]), (1.3, [1.4, 1.35, 1.3]), (1.2, [1.4, 1.35, 1.3, 1.25, 1.2])]
)
def test_min_leading_bounds_the_leadings_tried(tightest, expected):
    candidates = _fit_candidates(11.0, 10.0, 1.4, Hyphenation.ALWAYS, tightest)
    assert sorted({leading for _, leading, _ in candidates}, reverse=True) == expected


def test_min_leading_keeps_the_lines_apart_and_fits_by_size_instead(brochure_copy):
    en = brochure_copy / "en.yaml"
    lengthen(en, 1)
    assert layout_of(en).leading == 1.3  # without the setting the fit tightens the lines
    edit(brochure_copy / "brochure.yaml", "leading: 1.4 ", "leading: 1.4\n  min_leading: 1.4 ")
    layout = layout_of(en)
    assert layout.leading == 1.4 and layout.body_size < 11
    assert all(overrun.leading == 1.4 for overrun in layout.refused)


def test_min_leading_above_the_leading_is_a_located_error(brochure_copy):
    edit(brochure_copy / "brochure.yaml", "leading: 1.4 ", "leading: 1.4\n  min_leading: 1.5 ")
    status, _, err = run(brochure_copy / "en.yaml", "--check")
    assert status == 1
    line = line_of(brochure_copy / "brochure.yaml", "min_leading: 1.5")
    assert f"brochure.yaml:{line}:16: error: min_leading (1.5) is larger than leading (1.4) [type.min_leading]" in err


@pytest.mark.parametrize(
    "value, message", [("0.9", "0.9 is out of range: allowed 1 to 2.5"), ("tight", "expected a number")]
)
def test_min_leading_must_be_a_number_in_range(brochure_copy, value, message):
    edit(brochure_copy / "brochure.yaml", "leading: 1.4 ", f"leading: 1.4\n  min_leading: {value} ")
    status, _, err = run(brochure_copy / "en.yaml", "--check")
    assert status == 1 and message in err


def test_an_edition_may_set_its_own_min_leading(brochure_copy):
    edit(brochure_copy / "en.yaml", "labels:", "type:\n  min_leading: 1.35\nlabels:")
    from brochure.load import load_edition

    edition, _ = load_edition(brochure_copy / "en.yaml")
    assert edition.design.type.min_leading == 1.35


# ---------------------------------------------------------------- overflow: the picture and room elsewhere


def test_overflow_writes_a_picture_of_the_panel_and_nothing_else(brochure_copy, tmp_path):
    lengthen(brochure_copy / "en.yaml", 14)
    out_dir = tmp_path / "out"
    status, out, err = run(brochure_copy / "en.yaml", "--bundle", "--out-dir", out_dir)
    assert status == 1
    picture = out_dir / "ct-human-trafficking-en-letter-overflow-inside_middle.png"
    assert sorted(p.name for p in out_dir.iterdir()) == sorted(
        [picture.name, "ct-human-trafficking-en-a4-overflow-inside_middle.png"]
    )
    assert f"see {picture}" in err and "no PDF written for it, only the overflow picture" in err
    image = Image.open(picture).convert("RGB")
    over = float(OVER.search(err).group(1))
    panel_height = 612 * PROOF_DPI / 72
    # the picture runs on below the panel by at least the overflow
    assert image.height > panel_height + over * PROOF_DPI / 72
    assert image.width == round(265.5 * PROOF_DPI / 72)
    red = (214, 0, 50)
    rows = [y for y in range(image.height) if image.getpixel((image.width // 2, y)) == red]
    edge = max(rows)  # the solid line of the panel's edge is the lowest red row across the middle
    # text (dark pixels) below the edge: what runs over is shown
    below = image.crop((0, edge + 4, image.width, image.height))
    assert below.convert("L").getextrema()[0] < 180  # text, seen through the pink shade (paper is about 234)


def test_overflow_picture_beside_an_o_file_and_none_with_check(brochure_copy, tmp_path):
    lengthen(brochure_copy / "en.yaml", 14)
    target = tmp_path / "mine.pdf"
    assert run(brochure_copy / "en.yaml", "-o", target)[0] == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == ["ct-human-trafficking", "mine-overflow-inside_middle.png"]
    (tmp_path / "mine-overflow-inside_middle.png").unlink()
    assert run(brochure_copy / "en.yaml", "--check", "--out-dir", tmp_path / "out")[0] == 1
    assert not (tmp_path / "out").exists()


def test_overflow_hint_names_the_panels_with_room_roomiest_first(brochure_copy):
    lengthen(brochure_copy / "en.yaml", 14)
    with pytest.raises(BrochureError) as caught:
        layout_of(brochure_copy / "en.yaml")
    hint = caught.value.findings[0].hint
    rooms = re.search(r"move a block to a panel with room \((.*)\), or lower", hint).group(1)
    named = [re.fullmatch(r"(\w+) about (\d+) lines?", part).groups() for part in rooms.split(", ")]
    roles = [role for role, _ in named]
    assert "inside_middle" not in roles and len(roles) == 5
    spare = [int(lines) for _, lines in named]
    assert spare == sorted(spare, reverse=True) and min(spare) >= 1


def _panel(role, used, available, size=10.0):
    rect = Rect(0, 0, 100, 100)
    from brochure.fold import Edge, PanelGeometry, Side

    geometry = PanelGeometry(role, Side.INSIDE, 0, rect, rect, rect, rect, Edge.SHEET, Edge.SHEET)
    return PanelLayout(role, geometry, None, (), used, available, size)


def test_room_is_counted_in_whole_lines_and_full_panels_are_not_named():
    from brochure.diagnostics import Location
    from brochure.model import Panel

    over = Panel(PanelRole.INSIDE_MIDDLE, (), Location("en.yaml", 3))
    placed = _panel(PanelRole.INSIDE_MIDDLE, 520, 500)
    roomy = [
        _panel(PanelRole.BACK_COVER, 400, 500),  # 100 pt = 7 lines of 10 pt at 1.4
        _panel(PanelRole.INSIDE_LEFT, 490, 500),  # 10 pt: not a whole line
        _panel(PanelRole.INSIDE_RIGHT, 485, 500),  # 15 pt: one line
    ]
    finding = _overflow(over, placed, 10.0, 1.4, roomy)
    assert "move a block to a panel with room (back_cover about 7 lines, inside_right about 1 line)" in finding.hint
    crowded = _overflow(over, placed, 10.0, 1.4, [_panel(PanelRole.INSIDE_LEFT, 490, 500)])
    assert "no other panel has a line to spare" in crowded.hint


def test_the_readme_documents_min_leading_and_the_fit_line():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "min_leading:" in readme and "forced by" in readme and "-overflow-" in readme


def test_overflow_picture_of_a_dark_panel_keeps_its_background_below_the_edge(brochure_copy, tmp_path):
    line = "          - Call the National Human Trafficking Hotline at {national_hotline}.\n"
    extra = "          - Call the hotline, day or night, in any language, free and in confidence, whoever you are.\n"
    edit(brochure_copy / "en.yaml", line, line + extra * 16)
    out_dir = tmp_path / "out"
    status, _, err = run(brochure_copy / "en.yaml", "--out-dir", out_dir)
    assert status == 1 and "panel 'front_cover' does not fit" in err
    image = Image.open(out_dir / "ct-human-trafficking-en-letter-overflow-front_cover.png").convert("L")
    # the lowest rows are below the panel's edge: navy seen through the shade, not white paper
    assert image.getpixel((image.width // 2, image.height - 5)) < 160
    assert sorted(p.name for p in out_dir.iterdir()) == ["ct-human-trafficking-en-letter-overflow-front_cover.png"]
