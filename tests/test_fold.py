"""Fold geometry: pure arithmetic, checked for every paper, fold and output kind."""

import itertools

import pytest

from brochure.fold import (
    FOLD_SAFETY,
    OFFICE_UNPRINTABLE,
    PANEL_ORDER,
    TRIM_SAFETY,
    Edge,
    OutputKind,
    PanelPlace,
    Rect,
    Side,
    fold_sheet,
    mark_offset,
    panel_map,
    panel_widths,
    reading_order,
    screen_pages,
)
from brochure.model import PAPERS, Fold, Margins, PanelRole

MARGINS = Margins(edge=0.375 * 72, fold=0.3 * 72)
OFFSET = 72 / 16
IN = 72.0
MM = 72 / 25.4

PRINT_KINDS = (OutputKind.OFFICE, OutputKind.PRESS)
CASES = list(itertools.product(PAPERS.values(), Fold, PRINT_KINDS, (0.0, 9.0, 3 * MM), (True, False)))


def plan_for(paper, fold, kind, bleed=9.0, marks=True, offset=OFFSET):
    return fold_sheet(paper, fold, offset, MARGINS, kind, bleed, marks)


# The table of ../shared/notes/print.md: folds from the left trim, inside and outside.
@pytest.mark.parametrize(
    "paper, inside, outside",
    [
        ("letter", (3.6875 * IN, 7.375 * IN), (3.625 * IN, 7.3125 * IN)),
        ("legal", (4.6875 * IN, 9.375 * IN), (4.625 * IN, 9.3125 * IN)),
    ],
)
def test_roll_fold_lines_match_the_print_shop_table(paper, inside, outside):
    plan = plan_for(PAPERS[paper], Fold.ROLL, OutputKind.OFFICE)
    assert plan.sides[1].folds == pytest.approx(inside)
    assert plan.sides[0].folds == pytest.approx(outside)


def test_a4_roll_fold_is_100_100_97_mm_with_a_3mm_fold_in():
    widths = panel_widths(PAPERS["a4"], Fold.ROLL, 3 * MM)
    assert widths[Side.INSIDE] == pytest.approx((100 * MM, 100 * MM, 97 * MM))
    assert widths[Side.OUTSIDE] == pytest.approx((97 * MM, 100 * MM, 100 * MM))
    plan = fold_sheet(PAPERS["a4"], Fold.ROLL, 3 * MM, MARGINS)
    assert plan.sides[1].folds == pytest.approx((100 * MM, 200 * MM))
    assert plan.sides[0].folds == pytest.approx((97 * MM, 197 * MM))


@pytest.mark.parametrize("paper", PAPERS.values(), ids=lambda p: p.name)
def test_z_fold_has_three_equal_panels(paper):
    plan = plan_for(paper, Fold.Z, OutputKind.OFFICE)
    for side in plan.sides:
        assert [p.rect.width for p in side.panels] == pytest.approx([paper.width / 3] * 3)
        assert side.folds == pytest.approx((paper.width / 3, 2 * paper.width / 3))


@pytest.mark.parametrize("paper, fold, kind, bleed, marks", CASES)
def test_widths_sum_to_the_sheet_and_panels_tile_the_trim(paper, fold, kind, bleed, marks):
    plan = plan_for(paper, fold, kind, bleed, marks)
    for side in plan.sides:
        panels = side.panels
        assert sum(p.rect.width for p in panels) == pytest.approx(paper.width)
        assert panels[0].rect.x0 == pytest.approx(plan.trim.x0)
        assert panels[-1].rect.x1 == pytest.approx(plan.trim.x1)
        for left, right in zip(panels, panels[1:]):
            assert left.rect.x1 == pytest.approx(right.rect.x0)
        for panel in panels:
            assert (panel.rect.y0, panel.rect.y1) == pytest.approx((plan.trim.y0, plan.trim.y1))
        assert side.folds == pytest.approx(tuple(p.rect.x1 for p in panels[:2]))


@pytest.mark.parametrize("paper", PAPERS.values(), ids=lambda p: p.name)
@pytest.mark.parametrize("offset", [0.0, 72 / 32, 72 / 16, 72 / 8])
def test_fold_in_panel_is_narrower_by_exactly_the_offset(paper, offset):
    plan = plan_for(paper, Fold.ROLL, OutputKind.OFFICE, offset=offset)
    fold_in = plan.panel(PanelRole.INSIDE_RIGHT).rect.width
    for role in (PanelRole.INSIDE_LEFT, PanelRole.INSIDE_MIDDLE, PanelRole.BACK_COVER, PanelRole.FRONT_COVER):
        assert plan.panel(role).rect.width - fold_in == pytest.approx(offset)
    # Panel 4 and panel 5 are the same piece of paper.
    assert plan.panel(PanelRole.FOLD_IN_BACK).rect.width == pytest.approx(fold_in)


@pytest.mark.parametrize("paper, fold, kind, bleed, marks", CASES)
def test_inside_is_the_mirror_of_the_outside(paper, fold, kind, bleed, marks):
    """Duplex, flip on the short edge: the panel backing inside [a, b] is outside [W - b, W - a]."""
    plan = plan_for(paper, fold, kind, bleed, marks)
    x0 = plan.trim.x0
    backs = {
        PanelRole.INSIDE_LEFT: PanelRole.FRONT_COVER,
        PanelRole.INSIDE_MIDDLE: PanelRole.BACK_COVER,
        PanelRole.INSIDE_RIGHT: PanelRole.FOLD_IN_BACK,
    }
    for inside, outside in backs.items():
        a, b = plan.panel(inside).rect.x0 - x0, plan.panel(inside).rect.x1 - x0
        mirrored = plan.panel(outside).rect
        assert (mirrored.x0 - x0, mirrored.x1 - x0) == pytest.approx((paper.width - b, paper.width - a))


def test_panel_order_as_printed():
    plan = plan_for(PAPERS["letter"], Fold.ROLL, OutputKind.OFFICE)
    assert [p.role for p in plan.sides[0].panels] == [
        PanelRole.FOLD_IN_BACK,
        PanelRole.BACK_COVER,
        PanelRole.FRONT_COVER,
    ]
    assert [p.role for p in plan.sides[1].panels] == [
        PanelRole.INSIDE_LEFT,
        PanelRole.INSIDE_MIDDLE,
        PanelRole.INSIDE_RIGHT,
    ]
    assert (plan.sides[0].side, plan.sides[0].page_number) == (Side.OUTSIDE, 1)
    assert (plan.sides[1].side, plan.sides[1].page_number) == (Side.INSIDE, 2)
    assert [p.index for p in plan.sides[0].panels] == [0, 1, 2]
    assert [(p.left_edge, p.right_edge) for p in plan.sides[1].panels] == [
        (Edge.SHEET, Edge.FOLD),
        (Edge.FOLD, Edge.FOLD),
        (Edge.FOLD, Edge.SHEET),
    ]


@pytest.mark.parametrize("paper, fold, kind, bleed, marks", CASES)
def test_boxes_nest_and_have_the_right_size(paper, fold, kind, bleed, marks):
    plan = plan_for(paper, fold, kind, bleed, marks)
    assert plan.media.contains(plan.bleed)
    assert plan.bleed.contains(plan.trim)
    assert (plan.trim.width, plan.trim.height) == pytest.approx((paper.width, paper.height))
    assert (plan.media.width, plan.media.height) == pytest.approx((plan.page_width, plan.page_height))
    if kind == OutputKind.OFFICE:
        assert plan.media == plan.trim == plan.bleed
        assert not plan.marks
        assert plan.printable == plan.trim.inset(*(4 * [OFFICE_UNPRINTABLE]))
    else:
        assert plan.bleed.x1 - plan.trim.x1 == pytest.approx(bleed)
        assert plan.trim.y0 - plan.bleed.y0 == pytest.approx(bleed)
        assert plan.printable == plan.bleed
        if marks:
            # room for crop marks outside the bleed
            assert plan.trim.x0 >= mark_offset(bleed) + 18
        else:
            assert plan.media == plan.bleed


@pytest.mark.parametrize("paper, fold, kind, bleed, marks", CASES)
def test_text_area_is_inside_the_safe_area_inside_the_panel(paper, fold, kind, bleed, marks):
    plan = plan_for(paper, fold, kind, bleed, marks)
    edge_safety = OFFICE_UNPRINTABLE if kind == OutputKind.OFFICE else TRIM_SAFETY
    for panel in plan.panels:
        assert panel.rect.contains(panel.safe)
        assert panel.safe.contains(panel.content)
        assert plan.printable.contains(panel.paint)
        for x, edge in ((panel.rect.x0, panel.left_edge), (panel.rect.x1, panel.right_edge)):
            distance = min(abs(panel.content.x0 - x), abs(panel.content.x1 - x))
            assert distance >= (FOLD_SAFETY if edge == Edge.FOLD else edge_safety) - 1e-9
        assert panel.content.y0 - plan.trim.y0 >= edge_safety
        assert plan.trim.y1 - panel.content.y1 >= edge_safety


def test_press_backgrounds_run_into_the_bleed_at_sheet_edges_but_stop_at_folds():
    plan = plan_for(PAPERS["letter"], Fold.ROLL, OutputKind.PRESS, bleed=9.0)
    cover = plan.panel(PanelRole.FRONT_COVER)
    assert cover.paint.x1 == pytest.approx(plan.bleed.x1)
    assert cover.paint.x0 == pytest.approx(cover.rect.x0)
    assert (cover.paint.y0, cover.paint.y1) == pytest.approx((plan.bleed.y0, plan.bleed.y1))
    middle = plan.panel(PanelRole.BACK_COVER)
    assert (middle.paint.x0, middle.paint.x1) == pytest.approx((middle.rect.x0, middle.rect.x1))


def test_office_backgrounds_stay_out_of_the_unprintable_border():
    plan = plan_for(PAPERS["letter"], Fold.ROLL, OutputKind.OFFICE)
    cover = plan.panel(PanelRole.FRONT_COVER)
    assert cover.paint.x1 == pytest.approx(plan.trim.x1 - OFFICE_UNPRINTABLE)
    assert cover.paint.y0 == pytest.approx(OFFICE_UNPRINTABLE)


def test_letter_press_page_is_trim_plus_bleed_plus_slug():
    plan = plan_for(PAPERS["letter"], Fold.ROLL, OutputKind.PRESS, bleed=9.0, marks=False)
    assert (plan.page_width, plan.page_height) == pytest.approx((792 + 18, 612 + 18))
    assert plan.trim.as_tuple() == pytest.approx((9, 9, 801, 621))


@pytest.mark.parametrize("offset", [-1.0, 792 / 6])
def test_impossible_fold_in_offsets_are_refused(offset):
    with pytest.raises(ValueError, match="fold-in offset"):
        fold_sheet(PAPERS["letter"], Fold.ROLL, offset, MARGINS)


def test_rect_helpers():
    r = Rect(0, 0, 10, 20)
    assert (r.width, r.height) == (10, 20)
    assert r.inset(1, 2, 3, 4) == Rect(1, 2, 7, 16)
    assert r.contains(Rect(1, 1, 9, 19)) and not r.contains(Rect(-1, 0, 5, 5))
    assert r.intersect(Rect(5, 5, 15, 15)) == Rect(5, 5, 10, 15)


ALL_KINDS = (OutputKind.OFFICE, OutputKind.PRESS, OutputKind.SCREEN)


@pytest.mark.parametrize(
    "paper, fold, kind", list(itertools.product(PAPERS.values(), Fold, ALL_KINDS)), ids=lambda v: getattr(v, "name", v)
)
def test_plan_panels_lists_all_six_panels_of_every_page(paper, fold, kind):
    # A screen plan has six one-panel pages, a print plan two three-panel sides: `panels` must not assume two.
    if kind == OutputKind.SCREEN:
        plan = screen_pages(paper, fold, OFFSET, MARGINS)
    else:
        plan = plan_for(paper, fold, kind)
    panels = plan.panels
    assert len(panels) == 6
    assert {p.role for p in panels} == set(PanelRole)
    assert panels == tuple(p for side in plan.sides for p in side.panels)
    for panel in panels:
        assert plan.panel(panel.role) is panel


# ---------------------------------------------------------------- the panel map


def _fold_by_hand(fold):
    """Fold a sheet by hand, as `PanelMap.folding` says, and report what shows.

    An independent model of the paper: the inside faces the person folding; panel i
    (0, 1, 2 from the left) shows the inside panel at i on top and, underneath, the
    outside panel at 2 - i (duplex, flip on the short edge). Folding an outer panel
    "in" lays it on top of everything on the middle panel, "back" slides it under
    everything; either way it turns over. Returns the layers from the top, each as
    (face up, face down).
    """
    inside = PANEL_ORDER[Side.INSIDE]
    outside = PANEL_ORDER[Side.OUTSIDE]
    faces = {i: (inside[i], outside[2 - i]) for i in range(3)}
    stack = [faces[1]]
    for line, direction in panel_map(fold).folding:
        panel = 2 if line == 1 else 0
        up, down = faces[panel]
        if direction == "in":
            stack.insert(0, (down, up))
        else:
            stack.append((down, up))
    return stack


@pytest.mark.parametrize("fold", Fold)
def test_folding_by_hand_gives_the_cover_on_top_and_the_maps_back(fold):
    layers = _fold_by_hand(fold)
    assert layers[0][0] == PanelRole.FRONT_COVER
    assert layers[-1][1] == panel_map(fold).back
    # Opening the cover shows its own underside beside what the next layer shows on top.
    opened = next(view for view in panel_map(fold).views if view.key == "cover_opened")
    assert opened.roles == (layers[0][1], layers[1][0])


def test_the_back_of_a_folded_z_fold_is_inside_right_and_of_a_roll_fold_the_back_cover():
    assert panel_map(Fold.ROLL).back == PanelRole.BACK_COVER
    assert panel_map(Fold.Z).back == PanelRole.INSIDE_RIGHT
    # Roll: the fold-in panel is the middle layer, nested; Z: the layers zigzag, the cover panel on top.
    assert [up for up, _ in _fold_by_hand(Fold.ROLL)] == [
        PanelRole.FRONT_COVER,
        PanelRole.FOLD_IN_BACK,
        PanelRole.INSIDE_MIDDLE,
    ]
    assert [up for up, _ in _fold_by_hand(Fold.Z)] == [
        PanelRole.FRONT_COVER,
        PanelRole.INSIDE_MIDDLE,
        PanelRole.FOLD_IN_BACK,
    ]


@pytest.mark.parametrize("paper, fold, kind, bleed, marks", CASES)
def test_the_sheet_puts_every_panel_where_the_map_says(paper, fold, kind, bleed, marks):
    plan = plan_for(paper, fold, kind, bleed, marks)
    mapping = panel_map(fold)
    for side in plan.sides:
        for panel in side.panels:
            assert mapping.place(panel.role) == PanelPlace(panel.role, side.side, panel.index)
            assert mapping.at(side.side, panel.index) == panel.role


@pytest.mark.parametrize("fold", Fold)
def test_reading_order_and_views_cover_every_panel_once(fold):
    mapping = panel_map(fold)
    assert sorted(reading_order(fold)) == sorted(PanelRole)
    assert reading_order(fold)[0] == PanelRole.FRONT_COVER
    assert [mapping.reading_number(role) for role in reading_order(fold)] == [1, 2, 3, 4, 5, 6]
    assert {role for view in mapping.views for role in view.roles} == set(PanelRole)
    assert mapping.views[0].roles == (PanelRole.FRONT_COVER,)
    for view in mapping.views:
        # a view shows panels that touch on the sheet (one side, neighbours) or, when the cover is
        # opened, the cover's underside beside the next layer
        places = [mapping.place(role) for role in view.roles]
        if len({p.side for p in places}) == 1:
            assert [p.index for p in places] == list(range(places[0].index, places[0].index + len(places)))
    fully_opened = next(view for view in mapping.views if view.key == "fully_opened")
    assert fully_opened.roles == PANEL_ORDER[Side.INSIDE]


def test_z_fold_is_read_in_the_order_its_panels_are_first_seen():
    mapping = panel_map(Fold.Z)
    first_seen = []
    for view in mapping.views:
        first_seen += [role for role in view.roles if role not in first_seen]
    assert tuple(first_seen) == reading_order(Fold.Z)
    assert [view.key for view in mapping.views] == ["cover", "cover_opened", "fully_opened", "turned_over", "back"]


@pytest.mark.parametrize("paper", PAPERS.values(), ids=lambda p: p.name)
@pytest.mark.parametrize("fold", Fold)
def test_screen_pages_follow_the_reading_order(paper, fold):
    plan = screen_pages(paper, fold, OFFSET, MARGINS)
    assert tuple(side.panels[0].role for side in plan.sides) == reading_order(fold)
    assert [side.page_number for side in plan.sides] == [1, 2, 3, 4, 5, 6]
    printed = plan_for(paper, fold, OutputKind.OFFICE)
    for side in plan.sides:
        assert side.media.width == pytest.approx(printed.panel(side.panels[0].role).rect.width)
