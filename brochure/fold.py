"""Fold geometry stage: paper x fold x edition kind -> where every panel, fold and box is.

Pure arithmetic in points, no PDF library: everything here is unit-tested
exhaustively. Coordinates are PDF page coordinates (origin bottom left).

In:  a `Paper`, a `Fold`, the fold-in offset, `Margins` and the output kind
     (office: the sheet itself; press: trim + bleed, plus a slug for marks).
Out: a `FoldPlan`: page size, Media/Bleed/Trim boxes, the two sides of the sheet
     (outside first, as printed), each with three `PanelGeometry`s left to right.

Panel order (roll fold), as the sheet lies printed side up:
    outside:  fold-in back | back cover    | front cover
    inside:   inside left  | inside middle | inside right (folds in)
The inside right panel folds in first and must nest inside the others, so it is
narrower by `fold_in_offset`; the outside is the mirror image (flip on the short
edge), so the narrow panel is its leftmost. A Z fold has three equal panels.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from .model import Fold, Margins, PanelRole, Paper

OFFICE_UNPRINTABLE = 0.25 * 72  # office printers leave 4-6 mm blank at the sheet edge
TRIM_SAFETY = 0.125 * 72  # a cutter may wander this much: keep text further in
FOLD_SAFETY = 0.125 * 72  # a fold may wander this much: keep text further away
CROP_MARK_LENGTH = 18.0  # about 6 mm, the usual length of a crop mark
MIN_MARK_OFFSET = 9.0  # marks start at least 1/8 in from the trim, outside any bleed
SLUG_MARGIN = 4.5  # blank paper beyond the marks


class Side(str, Enum):
    OUTSIDE = "outside"
    INSIDE = "inside"
    SCREEN = "screen"  # a page of the screen edition: one panel


class Edge(str, Enum):
    SHEET = "sheet"  # the trimmed edge of the paper
    FOLD = "fold"


class OutputKind(str, Enum):
    OFFICE = "office"  # exactly the paper, printed on an office printer
    PRESS = "press"  # trim + bleed (+ slug with marks), for a print shop
    SCREEN = "screen"  # one page per panel in reading order, for e-mail and phones


PANEL_ORDER = {
    Side.OUTSIDE: (PanelRole.FOLD_IN_BACK, PanelRole.BACK_COVER, PanelRole.FRONT_COVER),
    Side.INSIDE: (PanelRole.INSIDE_LEFT, PanelRole.INSIDE_MIDDLE, PanelRole.INSIDE_RIGHT),
}


@dataclass(frozen=True)
class Rect:
    """An axis-aligned rectangle in points; x0 < x1 and y0 < y1."""

    x0: float
    y0: float
    x1: float
    y1: float

    @property
    def width(self) -> float:
        return self.x1 - self.x0

    @property
    def height(self) -> float:
        return self.y1 - self.y0

    def inset(self, left: float = 0.0, bottom: float = 0.0, right: float = 0.0, top: float = 0.0) -> Rect:
        """A rectangle moved inwards on each side (negative values move outwards)."""
        return Rect(self.x0 + left, self.y0 + bottom, self.x1 - right, self.y1 - top)

    def contains(self, other: Rect, tolerance: float = 1e-6) -> bool:
        return (
            other.x0 >= self.x0 - tolerance
            and other.y0 >= self.y0 - tolerance
            and other.x1 <= self.x1 + tolerance
            and other.y1 <= self.y1 + tolerance
        )

    def intersect(self, other: Rect) -> Rect:
        return Rect(max(self.x0, other.x0), max(self.y0, other.y0), min(self.x1, other.x1), min(self.y1, other.y1))

    def as_tuple(self) -> tuple[float, float, float, float]:
        return (self.x0, self.y0, self.x1, self.y1)


@dataclass(frozen=True)
class PanelGeometry:
    """One panel on one side of the sheet.

    `rect` is the panel as trimmed and folded; `content` is where text goes;
    `safe` is the area text must stay in (clear of trim and folds); `paint` is
    where a panel background is drawn (into the bleed in the press edition,
    inside the printable area in the office edition).
    """

    role: PanelRole
    side: Side
    index: int  # 0, 1, 2 from the left as printed
    rect: Rect
    content: Rect
    safe: Rect
    paint: Rect
    left_edge: Edge
    right_edge: Edge


@dataclass(frozen=True)
class SheetSide:
    """One page of the PDF: a side of the sheet, or (screen edition) one panel."""

    side: Side
    page_number: int  # 1 = outside (printed first), 2 = inside
    panels: tuple[PanelGeometry, ...]
    folds: tuple[float, ...]  # x of each fold line, left to right
    media: Rect  # the page


@dataclass(frozen=True)
class FoldPlan:
    paper: Paper
    fold: Fold
    kind: OutputKind
    page_width: float
    page_height: float
    media: Rect
    bleed: Rect
    trim: Rect
    printable: Rect  # where ink may go: trim inset by the office border; press: bleed box
    sides: tuple[SheetSide, ...]  # the pages, in order
    marks: bool

    def panel(self, role: PanelRole) -> PanelGeometry:
        for side in self.sides:
            for panel in side.panels:
                if panel.role == role:
                    return panel
        raise KeyError(role)

    def page_of(self, role: PanelRole) -> int:
        """The page (1-based) a panel is printed on."""
        return next(side.page_number for side in self.sides for panel in side.panels if panel.role == role)

    @property
    def panels(self) -> tuple[PanelGeometry, ...]:
        return self.sides[0].panels + self.sides[1].panels


def reading_order(fold: Fold) -> tuple[PanelRole, ...]:
    """The panels in the order a reader meets them on a folded sheet of this fold: the one source of it.

    Roll fold: front cover, then the cover opened (inside left), the sheet fully
    opened (inside left, middle, right), the fold-in flap's back, the back cover.
    A Z fold is read in the same order today. The screen edition's pages, the
    structure tree of every PDF and the reading-order proofs all take it from here,
    so a fold with another order changes it in this one function.
    """
    if fold in (Fold.ROLL, Fold.Z):
        return tuple(PanelRole)
    raise ValueError(f"no reading order for fold {fold!r}")


def panel_widths(paper: Paper, fold: Fold, fold_in_offset: float) -> dict[Side, tuple[float, float, float]]:
    """Widths of the three panels of each side, left to right as printed."""
    if fold == Fold.Z:
        third = paper.width / 3
        return {Side.OUTSIDE: (third,) * 3, Side.INSIDE: (third,) * 3}
    wide = (paper.width + fold_in_offset) / 3
    narrow = wide - fold_in_offset
    return {Side.INSIDE: (wide, wide, narrow), Side.OUTSIDE: (narrow, wide, wide)}


def mark_offset(bleed: float) -> float:
    """Distance from the trim to where crop and fold marks begin: outside the bleed."""
    return max(bleed, MIN_MARK_OFFSET)


def fold_sheet(
    paper: Paper,
    fold: Fold,
    fold_in_offset: float,
    margins: Margins,
    kind: OutputKind = OutputKind.OFFICE,
    bleed: float = 0.0,
    marks: bool = True,
) -> FoldPlan:
    """Lay the six panels out on a sheet for the given output kind (office or press)."""
    if kind == OutputKind.SCREEN:
        raise ValueError("the screen edition has no sheet: use screen_pages()")
    if fold_in_offset < 0 or fold_in_offset >= paper.width / 6:
        raise ValueError(f"fold-in offset {fold_in_offset} pt is not between 0 and a sixth of the sheet")
    if kind == OutputKind.OFFICE:
        bleed, marks = 0.0, False
    slug = mark_offset(bleed) + CROP_MARK_LENGTH + SLUG_MARGIN if marks else bleed
    page_width = paper.width + 2 * slug
    page_height = paper.height + 2 * slug
    trim = Rect(slug, slug, slug + paper.width, slug + paper.height)
    bleed_box = trim.inset(-bleed, -bleed, -bleed, -bleed)
    media = Rect(0.0, 0.0, page_width, page_height)
    if kind == OutputKind.OFFICE:
        printable = trim.inset(OFFICE_UNPRINTABLE, OFFICE_UNPRINTABLE, OFFICE_UNPRINTABLE, OFFICE_UNPRINTABLE)
        edge_safety = OFFICE_UNPRINTABLE
    else:
        printable = bleed_box
        edge_safety = TRIM_SAFETY

    widths = panel_widths(paper, fold, fold_in_offset)
    sides = []
    for page_number, side in enumerate((Side.OUTSIDE, Side.INSIDE), start=1):
        panels = []
        x = trim.x0
        folds = []
        for index, (role, width) in enumerate(zip(PANEL_ORDER[side], widths[side])):
            rect = Rect(x, trim.y0, x + width, trim.y1)
            left = Edge.SHEET if index == 0 else Edge.FOLD
            right = Edge.SHEET if index == 2 else Edge.FOLD

            def inward(edge: Edge, at_sheet: float, at_fold: float) -> float:
                return at_sheet if edge == Edge.SHEET else at_fold

            content = rect.inset(
                inward(left, margins.edge, margins.fold),
                margins.edge,
                inward(right, margins.edge, margins.fold),
                margins.edge,
            )
            safe = rect.inset(
                inward(left, edge_safety, FOLD_SAFETY),
                edge_safety,
                inward(right, edge_safety, FOLD_SAFETY),
                edge_safety,
            )
            out = -bleed
            paint = rect.inset(inward(left, out, 0.0), out, inward(right, out, 0.0), out).intersect(printable)
            panels.append(PanelGeometry(role, side, index, rect, content, safe, paint, left, right))
            x += width
            if index < 2:
                folds.append(x)
        sides.append(SheetSide(side, page_number, tuple(panels), tuple(folds), media))
    return FoldPlan(
        paper=paper,
        fold=fold,
        kind=kind,
        page_width=page_width,
        page_height=page_height,
        media=media,
        bleed=bleed_box,
        trim=trim,
        printable=printable,
        sides=(sides[0], sides[1]),
        marks=marks,
    )


def screen_pages(paper: Paper, fold: Fold, fold_in_offset: float, margins: Margins) -> FoldPlan:
    """The screen edition: each panel on a page of its own, in reading order (`reading_order`).

    A page is exactly its printed panel, and the text column keeps the printed
    width (the two side margins are the printed ones, shared out evenly), so the
    text breaks into the same lines as on paper.
    """
    printed = fold_sheet(paper, fold, fold_in_offset, margins)
    pages = []
    for number, role in enumerate(reading_order(fold), start=1):
        panel = printed.panel(role)
        width = panel.rect.width
        side_margin = (panel.content.x0 - panel.rect.x0 + panel.rect.x1 - panel.content.x1) / 2
        rect = Rect(0.0, 0.0, width, paper.height)
        content = rect.inset(side_margin, margins.edge, side_margin, margins.edge)
        safe = rect.inset(TRIM_SAFETY, TRIM_SAFETY, TRIM_SAFETY, TRIM_SAFETY)
        geometry = PanelGeometry(role, Side.SCREEN, 0, rect, content, safe, rect, Edge.SHEET, Edge.SHEET)
        pages.append(SheetSide(Side.SCREEN, number, (geometry,), (), rect))
    first = pages[0].media
    return FoldPlan(
        paper, fold, OutputKind.SCREEN, first.width, first.height, first, first, first, first, tuple(pages), False
    )
