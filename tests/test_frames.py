"""Layout into typed frames: the setter table, the style sheet, typed placed items, and a draw stage that
reads the layout alone."""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

import pytest
from helpers import EN, ROOT

from brochure.diagnostics import Location, Report
from brochure.draw import draw
from brochure.fold import OutputKind
from brochure.frames import Box, Frame, FrameFill, Rule
from brochure.layout import Layout, lay_out
from brochure.model import BLOCK_KINDS, BulletList, Color, Table, VerticalAlign
from brochure.pipeline import Job, lay_out_job, render
from brochure.setters import SETTERS, Column, setter
from brochure.stylesheet import Spacing, StyleSheet
from brochure.typeset import Typesetter

EASTSIDE = ROOT / "data" / "eastside-renters" / "en.yaml"


def _layout(path: Path = EN, kind: OutputKind = OutputKind.OFFICE):
    _, _, layout, _ = lay_out_job(Job(path, kind=kind))
    return layout


def test_every_block_kind_of_the_model_has_its_setter():
    assert set(SETTERS) == set(BLOCK_KINDS)


def test_a_new_block_kind_is_one_setter_in_the_table(monkeypatch):
    """What a new kind needs besides its schema entry: one registered setter (here a divider rule)."""

    @dataclass(frozen=True)
    class Divider:
        source: Location
        background: Color | None = None

    monkeypatch.setitem(BLOCK_KINDS, Divider, "divider")
    monkeypatch.delitem(SETTERS, Divider, raising=False)

    @setter(Divider)
    def set_divider(ts: Typesetter, block: Divider, frame: Frame, at: Column, report: Report) -> float:
        frame.fills.append(FrameFill(Box(at.x, at.y, at.width, 1.0), at.palette.heading, rule=True))
        return at.y + 1.0

    layout = _layout()
    edition = layout.edition
    panel = edition.panels[1]
    divider = Divider(Location("en.yaml", 99))
    blocks = panel.blocks[:1] + (divider,) + panel.blocks[1:]
    changed = replace(edition, panels=tuple(replace(p, blocks=blocks) if p is panel else p for p in edition.panels))
    result = lay_out(changed, layout.plan)
    placed = result.panel(panel.role).blocks
    assert [block.kind for block in placed[:3]] == [placed[0].kind, "divider", placed[2].kind]
    assert placed[1].source == divider.source
    (rule,) = placed[1].fills
    assert isinstance(rule, Rule) and placed[1].rules == (rule,)
    content = layout.plan.panel(panel.role).content
    assert rule.rect.x0 == pytest.approx(content.x0) and rule.rect.x1 == pytest.approx(content.x1)
    # spaced by the style sheet's default: the larger of the neighbours' after and before
    sheet = edition.design.style
    after = SETTERS[type(panel.blocks[0])].spacing(sheet, panel.blocks[0]).after
    gap = max(after, sheet.block_spacing.before) * result.body_size
    assert placed[0].rect.y0 - placed[1].rect.y1 == pytest.approx(gap)


def test_the_style_sheet_sets_the_space_between_blocks():
    layout = _layout()
    edition = layout.edition
    wider = StyleSheet(block_spacing=Spacing(0.3, 0.8), heading_spacing=Spacing(1.5, 0.4))
    spaced = lay_out(replace(edition, design=replace(edition.design, style=wider)), layout.plan)

    def gaps(result: Layout, sheet: StyleSheet) -> list[tuple[float, float]]:
        """(measured, expected) space between each two body blocks of the top-aligned panels."""
        found = []
        for panel, source in zip(result.panels, result.edition.panels):
            if source.align != VerticalAlign.TOP:
                continue
            for upper, lower, first, second in zip(panel.blocks, panel.blocks[1:], source.blocks, source.blocks[1:]):
                after = SETTERS[type(first)].spacing(sheet, first).after
                before = SETTERS[type(second)].spacing(sheet, second).before
                found.append((upper.rect.y0 - lower.rect.y1, max(after, before) * panel.body_size))
        return found

    assert spaced.body_size < layout.body_size or spaced.leading < layout.leading  # more space: smaller type
    for result, sheet in ((layout, StyleSheet()), (spaced, wider)):
        measured = gaps(result, sheet)
        assert len(measured) > 5
        for space, expected in measured:
            assert space == pytest.approx(expected)


def test_every_run_knows_where_its_text_is_written():
    layout = _layout(EASTSIDE)
    edition = layout.edition
    for panel, source in zip(layout.panels, edition.panels):
        for placed, block in zip(panel.blocks, source.all_blocks):
            assert placed.source == block.source
            for run in placed.runs:
                assert run.source is not None and run.source.file == block.source.file
                assert run.source.line >= block.source.line
            if isinstance(block, BulletList):
                lines = {item.source.line for item in block.items}
                assert {run.source.line for run in placed.runs if run.source} <= lines | {
                    child.source.line for item in block.items for child in item.children
                }
            if isinstance(block, Table):
                assert {run.source.line for run in placed.runs if run.source} == {s.line for s in block.row_sources}
                assert placed.rules and all(isinstance(rule, Rule) for rule in placed.rules)


@pytest.mark.parametrize("kind", [OutputKind.OFFICE, OutputKind.PRESS])
def test_the_draw_stage_reads_the_layout_never_the_edition(kind):
    layout = _layout(EASTSIDE, kind)
    assert draw(replace(layout, edition=None)) == draw(layout)
    assert layout.info.title == layout.edition.title and layout.info.language == layout.edition.language


def test_an_office_logo_stays_srgb_after_a_press_edition_in_the_same_process():
    """The SVG drawing is cached per file: inking it for press must not leave CMYK in the next office PDF."""
    first = render(Job(EASTSIDE, kind=OutputKind.OFFICE)).pdf
    render(Job(EASTSIDE, kind=OutputKind.PRESS))
    assert render(Job(EASTSIDE, kind=OutputKind.OFFICE)).pdf == first


def test_the_instructions_sheet_is_set_by_the_brochure_typesetter_and_says_when_a_glyph_is_missing(monkeypatch):
    from brochure import instructions
    from brochure.diagnostics import BrochureError

    edition, _, layout, _ = lay_out_job(Job(EN, "letter", OutputKind.OFFICE))
    catalogue = dict(instructions._catalogue())
    english = dict(catalogue["en"], check=catalogue["en"]["check"] + " \u2603")  # a snowman: in no bundled font
    monkeypatch.setattr(instructions, "_catalogue", lambda: dict(catalogue, en=english))
    with pytest.raises(BrochureError, match="U\\+2603.*is in no font of this edition"):
        instructions.draw_instructions(edition, layout.plan, "x.pdf")
