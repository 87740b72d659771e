"""Fold geometry stage: paper x fold x edition kind -> where every panel, fold and box is.

Pure arithmetic in points, no PDF library: everything here is unit-tested
exhaustively. Coordinates are PDF page coordinates (origin bottom left).

In:  a `Paper`, a `Fold`, the fold-in offset, `Margins` and the output kind
     (office: the sheet itself; press: trim + bleed, plus a slug for marks).
Out: a `FoldPlan`: page size, Media/Bleed/Trim boxes, the two sides of the sheet
     (outside first, as printed), each with three `PanelGeometry`s left to right.

Where each of the six panels is, and in which order a reader meets them, is the
fold's `PanelMap` (see `panel_map`): both folds put the six panel keys in the same
places on the sheet, so one data file makes either fold; what differs is the
panel widths, the panel on the back of the folded leaflet and the unfolding.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from .limits import FOLD_SAFETY, OFFICE_UNPRINTABLE, TRIM_SAFETY
from .model import Fold, Margins, PanelRole, Paper

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


# ---------------------------------------------------------------- the panel map


@dataclass(frozen=True)
class PanelPlace:
    """Where one panel is printed: which side of the sheet, and `index` 0, 1, 2 from the left as printed."""

    role: PanelRole
    side: Side
    index: int


# eq=False on the classes of this module that are never compared or hashed (identity is all they need):
# dataclass then builds no __eq__ and __hash__ for them, a measurable part of the start-up of every render.
@dataclass(frozen=True, eq=False)
class View:
    """One stage of unfolding: the panels a person sees side by side, left to right.

    `key` names the stage in code and in messages (`cover`, `cover_opened`, ...);
    `title` is its English caption on the folded proof.
    """

    key: str
    title: str
    roles: tuple[PanelRole, ...]


@dataclass(frozen=True, eq=False)
class PanelMap:
    """One fold's panel map.

    places:        the six panels on the sheet (outside left to right, then inside)
    back:          the panel on the back of the folded leaflet
    views:         what a person sees, stage by stage, while unfolding it
    reading_order: the six panels in the order a reader reads them; the screen
                   edition's pages and the tagged PDF's structure follow it
    folding:       the folds in the order they are made, with the inside facing
                   the person folding: (0 for the left fold line of the inside side,
                   1 for the right one; "in" folds the outer panel over the middle
                   one, "back" folds it behind)
    """

    fold: Fold
    places: tuple[PanelPlace, ...]
    back: PanelRole
    views: tuple[View, ...]
    reading_order: tuple[PanelRole, ...]
    folding: tuple[tuple[int, str], ...]

    def place(self, role: PanelRole) -> PanelPlace:
        return next(place for place in self.places if place.role == role)

    def at(self, side: Side, index: int) -> PanelRole:
        """The panel printed on `side` at `index` (0, 1, 2 from the left)."""
        return next(p.role for p in self.places if p.side == side and p.index == index)

    def reading_number(self, role: PanelRole) -> int:
        """1 for the first panel read, 6 for the last."""
        return self.reading_order.index(role) + 1

    def layers(self) -> tuple[int, ...]:
        """The folded leaflet's layers from the top, as the inside's panel index (0 left, 1 middle, 2 right).

        Every fold swings an outer panel about the middle one: "in" lays it on top of the stack, "back"
        slides it underneath.
        """
        stack = [1]
        for line, direction in self.folding:
            panel = 2 if line == 1 else 0
            stack = [panel] + stack if direction == "in" else stack + [panel]
        return tuple(stack)


_PLACES = tuple(
    PanelPlace(role, side, index)
    for side in (Side.OUTSIDE, Side.INSIDE)
    for index, role in enumerate(PANEL_ORDER[side])
)
_FC, _IL, _IM, _IR, _FB, _BC = (
    PanelRole.FRONT_COVER,
    PanelRole.INSIDE_LEFT,
    PanelRole.INSIDE_MIDDLE,
    PanelRole.INSIDE_RIGHT,
    PanelRole.FOLD_IN_BACK,
    PanelRole.BACK_COVER,
)

_MAPS = {
    # Why these values: see panel_map's docstring.
    Fold.ROLL: PanelMap(
        Fold.ROLL,
        _PLACES,
        back=_BC,
        views=(
            View("cover", "Cover", (_FC,)),
            View("cover_opened", "Cover opened", (_IL, _FB)),
            View("fully_opened", "Fully opened", (_IL, _IM, _IR)),
            View("back", "Back cover", (_BC,)),
        ),
        reading_order=(_FC, _IL, _IM, _IR, _FB, _BC),
        folding=((1, "in"), (0, "in")),
    ),
    Fold.Z: PanelMap(
        Fold.Z,
        _PLACES,
        back=_IR,
        views=(
            View("cover", "Cover", (_FC,)),
            View("cover_opened", "Cover opened", (_IL, _IM)),
            View("fully_opened", "Fully opened", (_IL, _IM, _IR)),
            View("turned_over", "Turned over", (_FB, _BC, _FC)),
            View("back", "Back, folded", (_IR,)),
        ),
        reading_order=(_FC, _IL, _IM, _IR, _FB, _BC),
        folding=((1, "back"), (0, "in")),
    ),
}


def panel_map(fold: Fold) -> PanelMap:
    """The panel map of a fold: where each panel is printed, what is on the back, how it unfolds.

    In:  a `Fold`. Out: its `PanelMap` (constant; pure data).

    The sheet: page 1 is the outside, page 2 the inside, printed duplex flipping on the short edge,
    so the inside panel at index i (from the left) is backed by the outside panel at 2 - i. Seen
    from the inside: panel P0 carries inside_left / front_cover, P1 inside_middle / back_cover, P2
    inside_right / fold_in_back. Both folds keep these places, so the six YAML keys mean the same
    place on the sheet and one data file makes either fold.

    Roll fold (print shops: roll, letter or C fold). Inside up, fold P2 in over P1 along the right
    fold (it is narrower by the fold-in offset, so it nests), then P0 over it along the left fold.
    Layers from the top: P0 (cover up), P2 (fold_in_back up), P1 (back_cover down: the back).
    Opening the cover like a book shows inside_left beside fold_in_back; opening the fold-in panel
    shows the whole inside. Reading order: the cover, the inside left to right, then the fold-in
    back and the back cover, as the data model and the print notes number the panels: the fold-in
    back is seen early but read as the call to action after the inside, which continues across
    the open spread. (The folded proof shows the stages as they are met.)

    Z fold (accordion, leporello; print shops: Z fold): two parallel folds made in opposite
    directions, three equal panels (LaTeX `leporello`'s equal three-column layout), nothing nests.
    For the cover to be on the outside right: inside up, fold P2 *back* behind P1 along the right
    fold, then P0 forwards over P1 along the left fold. A fold brings together the two faces it
    closes, so the layers zigzag: P0 (cover up; inside_left down) on P1 (inside_middle up facing it;
    back_cover down) on P2 (fold_in_back up facing back_cover; inside_right down). So the back of a
    folded Z fold is inside_right, where a roll fold's is back_cover. Opening the cover shows
    inside_left beside inside_middle; the panel behind swings out to the right: the whole inside
    (inside_right last); turned over, the open sheet shows fold_in_back, back_cover and the cover.
    Each panel is first met in the roll fold's reading order, so the reading order is the same.
    In a Z fold the keys therefore mean: inside_right, the end of the inside and the back of the
    folded leaflet; fold_in_back and back_cover, the outside left and middle, read last.

    `tests/test_fold.py` folds a model sheet by hand from `folding` and checks the cover, the back
    and the first opened view against these maps.
    """
    return _MAPS[fold]


def reading_order(fold: Fold) -> tuple[PanelRole, ...]:
    """The six panels in the order a reader reads them (the screen edition's pages, the tag tree's order)."""
    return _MAPS[fold].reading_order


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


@dataclass(frozen=True, eq=False)
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


@dataclass(frozen=True, eq=False)
class SheetSide:
    """One page of the PDF: a side of the sheet, or (screen edition) one panel."""

    side: Side
    page_number: int  # 1 = outside (printed first), 2 = inside
    panels: tuple[PanelGeometry, ...]
    folds: tuple[float, ...]  # x of each fold line, left to right
    media: Rect  # the page


@dataclass(frozen=True, eq=False)
class FoldPlan:
    """Where everything goes on the sheet for one paper, fold and kind of output: the boxes of each page and
    the panels of each side."""

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
        """Every panel of every page, in page order: six, whether the plan has two sides or six pages."""
        return tuple(panel for side in self.sides for panel in side.panels)


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
        for index, width in enumerate(widths[side]):
            role = panel_map(fold).at(side, index)
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
    """The screen edition: each panel on a page of its own, in the fold's reading order.

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
