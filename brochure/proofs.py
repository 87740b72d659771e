"""Proofs: the finished PDF as pictures a person can check without a PDF editor.

In:  the PDF bytes and the `FoldPlan` they were drawn on.
Out: PIL images: each side of the sheet (optionally with guides: trim, bleed,
     safe areas, folds and panel names, and each tagged block numbered in the
     order a screen reader reads it) and a "folded" view that shows the
     panels stage by stage as a reader unfolds the leaflet, as the fold's panel
     map says (`fold.panel_map`): for a roll fold the cover; the cover opened
     (inside left beside the fold-in panel's back); the sheet fully opened; the
     back cover. A Z fold adds the outside seen when the open sheet is turned
     over, and its back is inside_right.

Rasterising is PDFium's (pypdfium2), so the proof shows what a viewer shows.
"""

from __future__ import annotations

import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

import pypdfium2
from PIL import Image, ImageDraw, ImageFont

from .fold import FoldPlan, OutputKind, PanelMap, Rect, SheetSide, Side, fold_sheet, panel_map, reading_order
from .fonts import BUNDLED_FONTS
from .model import Edition, Fold, Margins, PanelRole, Paper

if TYPE_CHECKING:
    from .layout import Layout, PanelLayout

PROOF_DPI = 110
GUIDE_COLORS = {
    "trim": (0, 160, 255),
    "bleed": (230, 0, 140),
    "safe": (0, 170, 90),
    "fold": (255, 140, 0),
    "reading": (120, 40, 200),
}
LABEL_COLOR = (90, 90, 90)
BACKGROUND = (236, 236, 236)


def folded_frames(fold: Fold) -> tuple[tuple[str, tuple[PanelRole, ...]], ...]:
    """The folded view's frames: (caption, panels left to right), one per stage of unfolding."""
    return tuple((f"{n}  {view.title}", view.roles) for n, view in enumerate(panel_map(fold).views, start=1))


@dataclass(frozen=True)
class Proofs:
    sides: tuple[Image.Image, ...]  # outside, inside (as printed)
    folded: Image.Image


@dataclass(frozen=True)
class ReadingMark:
    """Where a tagged block starts on its page (top left, PDF points) and its place in the reading order."""

    page: int
    x: float
    y: float
    number: int


def reading_marks(layout: Layout) -> tuple[ReadingMark, ...]:
    """Every block with tagged content (text or an image with alt text), numbered in the fold's reading order.

    The order is the structure tree's: panels as `fold.reading_order` gives them,
    blocks top to bottom. Decoration (spacers, decorative images) has no number.
    """
    marks = []
    number = 0
    for role in reading_order(layout.plan.fold):
        panel = layout.panel(role)
        page = layout.plan.page_of(role)
        for block in panel.blocks:
            if any(run.tag for run in block.runs) or any(image.alt for image in block.images):
                number += 1
                marks.append(ReadingMark(page, block.rect.x0, block.rect.y1, number))
    return tuple(marks)


@cache
def _font(size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(BUNDLED_FONTS / "noto-sans" / "NotoSans-Bold.ttf"), size)


def render_sides(pdf: bytes, dpi: int = PROOF_DPI) -> list[Image.Image]:
    """Each page of the PDF as an RGB image."""
    document = pypdfium2.PdfDocument(pdf)
    try:
        return [_render_page(document, index, dpi) for index in range(len(document))]
    finally:
        document.close()


def _render_page(document: pypdfium2.PdfDocument, index: int, dpi: int) -> Image.Image:
    """Page `index` (0-based) as an RGB image; PDFium's bitmap and page are released before it returns."""
    page = document[index]
    try:
        bitmap = page.render(scale=dpi / 72)
        try:
            image: Image.Image = bitmap.to_pil()  # a copy (PDFium's BGR reordered): the bitmap can go at once
        finally:
            bitmap.close()
    finally:
        page.close()
    # Already RGB for an opaque page (PDFium renders BGR): converting would only copy it once more.
    return image if image.mode == "RGB" else image.convert("RGB")


def _pixels(rect: Rect, page_height: float, scale: float) -> tuple[int, int, int, int]:
    """A rectangle in PDF points as a pixel box (origin top left)."""
    return (
        round(rect.x0 * scale),
        round((page_height - rect.y1) * scale),
        round(rect.x1 * scale),
        round((page_height - rect.y0) * scale),
    )


def draw_guides(
    image: Image.Image,
    plan: FoldPlan,
    page_number: int,
    dpi: int = PROOF_DPI,
    marks: tuple[ReadingMark, ...] = (),
) -> Image.Image:
    """A copy of a side with trim, bleed, safe areas, folds, panel names and reading-order numbers drawn over it."""
    scale = dpi / 72
    side = plan.sides[page_number - 1]
    height = side.media.height
    out = image.copy()
    pen = ImageDraw.Draw(out)
    if plan.kind == OutputKind.PRESS:
        pen.rectangle(_pixels(plan.bleed, height, scale), outline=GUIDE_COLORS["bleed"], width=1)
    pen.rectangle(
        _pixels(plan.trim if plan.kind != OutputKind.SCREEN else side.media, height, scale),
        outline=GUIDE_COLORS["trim"],
        width=1,
    )
    if plan.kind == OutputKind.OFFICE:
        pen.rectangle(_pixels(plan.printable, height, scale), outline=GUIDE_COLORS["bleed"], width=1)
    label = _font(max(9, round(8 * scale)))
    for panel in side.panels:
        x0, y0, x1, y1 = _pixels(panel.safe, height, scale)
        for x in range(x0, x1, 8):  # dashed safe area
            pen.line((x, y0, min(x + 4, x1), y0), fill=GUIDE_COLORS["safe"])
            pen.line((x, y1, min(x + 4, x1), y1), fill=GUIDE_COLORS["safe"])
        for y in range(y0, y1, 8):
            pen.line((x0, y, x0, min(y + 4, y1)), fill=GUIDE_COLORS["safe"])
            pen.line((x1, y, x1, min(y + 4, y1)), fill=GUIDE_COLORS["safe"])
        px0, _, px1, py1 = _pixels(panel.rect, height, scale)
        name = panel.role.value.replace("_", " ")
        width = pen.textlength(name, font=label)
        box: tuple[float, float, float, float] = (
            (px0 + px1 - width) / 2 - 4,
            py1 - label.size - 10,
            (px0 + px1 + width) / 2 + 4,
            py1 - 4,
        )
        pen.rectangle(box, fill=(255, 255, 255))
        pen.text((box[0] + 4, box[1]), name, fill=GUIDE_COLORS["fold"], font=label)
    for fold_x in side.folds:
        px = round(fold_x * scale)
        _, top, _, bottom = _pixels(plan.trim, height, scale)
        pen.line((px, top, px, bottom), fill=GUIDE_COLORS["fold"], width=2)
    # Reading order, as Acrobat's reading-order tool shows it: a numbered tab at the top left of each tagged block,
    # in the margin beside it so it hides no text.
    number_font = _font(max(8, round(6 * scale)))
    for mark in marks:
        if mark.page != page_number:
            continue
        text = str(mark.number)
        width = pen.textlength(text, font=number_font) + 4
        x1, y0 = round(mark.x * scale) - 1, round((height - mark.y) * scale)
        box = (x1 - width, y0, x1, y0 + number_font.size + 3)
        pen.rectangle(box, fill=GUIDE_COLORS["reading"])
        pen.text((box[0] + 2, box[1]), text, fill=(255, 255, 255), font=number_font)
    return out


@dataclass(frozen=True)
class FoldedFrame:
    """One frame of the folded view: its caption and where each panel's picture is pasted (pixel boxes)."""

    title: str
    title_at: tuple[int, int]
    panels: tuple[tuple[PanelRole, tuple[int, int, int, int]], ...]


def folded_frames_placed(plan: FoldPlan, dpi: int = PROOF_DPI) -> tuple[tuple[FoldedFrame, ...], tuple[int, int]]:
    """Where the folded view puts each stage of unfolding and each panel in it; and the picture's size."""
    scale = dpi / 72
    gap, margin = round(0.25 * dpi), round(0.2 * dpi)
    label_height = round(_font(round(0.16 * dpi)).size * 1.8)
    sizes = {}
    for side in plan.sides:
        for panel in side.panels:
            x0, y0, x1, y1 = _pixels(panel.rect, side.media.height, scale)
            sizes[panel.role] = (x1 - x0, y1 - y0)
    frames = []
    x = margin
    height = 0
    for title, roles in folded_frames(plan.fold):
        boxes = []
        px = x
        for role in roles:
            width, panel_height = sizes[role]
            boxes.append((role, (px, margin + label_height, px + width, margin + label_height + panel_height)))
            px += width + 2  # a hairline of background marks each fold
            height = max(height, label_height + panel_height)
        frames.append(FoldedFrame(title, (x, margin), tuple(boxes)))
        x = px - 2 + gap
    return tuple(frames), (x - gap + margin, height + 2 * margin)


def folded_view(sides: list[Image.Image], plan: FoldPlan, dpi: int = PROOF_DPI) -> Image.Image:
    """The panels stage by stage, as the reader meets them while unfolding the brochure (the fold's panel map)."""
    sheet = FoldedSheet(plan, dpi)
    for side, image in zip(plan.sides, sides):
        sheet.paste_side(image, side)
    return sheet.image


class FoldedSheet:
    """The folded view, filled one side at a time: its captions first, then each side's panels as that
    side's picture comes (so the pictures of both sides are never needed at once)."""

    def __init__(self, plan: FoldPlan, dpi: int = PROOF_DPI) -> None:
        self.dpi = dpi
        self.frames, size = folded_frames_placed(plan, dpi)
        self.image = Image.new("RGB", size, BACKGROUND)
        pen = ImageDraw.Draw(self.image)
        label = _font(round(0.16 * dpi))
        # Every caption before any panel: a caption sits above its own frame's panels and left of later
        # frames, so it never meets a panel, and the picture is the same whatever the order of the sides.
        for frame in self.frames:
            pen.text(frame.title_at, frame.title, fill=LABEL_COLOR, font=label)

    def paste_side(self, image: Image.Image, side: SheetSide) -> None:
        """Paste the panels of `side`, cut from `image` (that side rendered at this sheet's dpi), where they go."""
        for role, picture in _panel_pictures(image, side, self.dpi):
            self.paste_panel(role, picture)

    def paste_panel(self, role: PanelRole, picture: Image.Image) -> None:
        """Paste one panel's picture (cut from its side by `_panel_pictures`) wherever the view shows it."""
        for frame in self.frames:
            for shown, box in frame.panels:
                if shown == role:
                    self.image.paste(picture, box[:2])


def _panel_pictures(image: Image.Image, side: SheetSide, dpi: int) -> Iterator[tuple[PanelRole, Image.Image]]:
    """Each panel of a side, cut from the side's picture rendered at `dpi`."""
    scale = dpi / 72
    for panel in side.panels:
        yield panel.role, image.crop(_pixels(panel.rect, side.media.height, scale))


def make_proofs(
    pdf: bytes, plan: FoldPlan, guides: bool = False, dpi: int = PROOF_DPI, marks: tuple[ReadingMark, ...] = ()
) -> Proofs:
    """The side images (with guides and the reading-order `marks` if asked) and the folded view."""
    sides = render_sides(pdf, dpi)
    shown = [draw_guides(image, plan, number, dpi, marks) if guides else image for number, image in enumerate(sides, 1)]
    return Proofs(tuple(shown), folded_view(sides, plan, dpi))


def encoded_proofs(
    pdf: bytes,
    plan: FoldPlan,
    encode: Callable[[Image.Image], bytes],
    guides: bool = False,
    dpi: int = PROOF_DPI,
    marks: tuple[ReadingMark, ...] = (),
) -> tuple[bytes, ...]:
    """`make_proofs`' pictures (each side, then the folded view) already encoded by `encode`: the same
    pictures, made with one side in memory at a time.

    Why: in `--all` the proofs were the largest thing an edition held (both sides, their panels, the
    folded view, each of them several megabytes, all at once). Now each side is encoded and let go before
    the next is rendered, keeping only its panels, zlib-packed (mostly paper: a tenth of their size, and
    lossless); the folded view is made once no side is left.
    """
    packed: list[tuple[PanelRole, tuple[int, int], bytes]] = []
    encoded: list[bytes] = []
    document = pypdfium2.PdfDocument(pdf)
    try:
        for index in range(len(document)):
            image = _render_page(document, index, dpi)
            if index < len(plan.sides):
                for role, picture in _panel_pictures(image, plan.sides[index], dpi):
                    packed.append((role, picture.size, zlib.compress(picture.tobytes(), 1)))
            encoded.append(encode(draw_guides(image, plan, index + 1, dpi, marks) if guides else image))
            del image  # before the next side is rendered
    finally:
        document.close()
    sheet = FoldedSheet(plan, dpi)
    for role, size, pixels in packed:
        sheet.paste_panel(role, Image.frombytes("RGB", size, zlib.decompress(pixels)))
    encoded.append(encode(sheet.image))
    return tuple(encoded)


# ---------------------------------------------------------------- overflow


OVERFLOW_RED = (214, 0, 50)


def overflow_picture(panel: PanelLayout, edition: Edition, dpi: int = PROOF_DPI) -> Image.Image:
    """A panel that does not fit, drawn with everything it holds: the text runs on below the panel's
    bottom edge, which is marked, so a person sees what to cut.

    The panel is drawn as set at the smallest size the design allows; below it the paper is shaded
    and the bottom of the text area (dashed) and the trimmed edge (solid) are marked in red.
    """
    from .draw import draw_panel_alone  # noqa: PLC0415 - ReportLab only when a panel overflowed
    from .frames import DocumentInfo  # noqa: PLC0415

    geometry = panel.geometry
    lowest = min(
        [geometry.rect.y0]
        + [run.y - 0.3 * run.size for block in panel.blocks for run in block.runs]
        + [block.rect.y0 for block in panel.blocks]
    )
    bottom = lowest - 36  # half an inch of paper under the last line
    page = render_sides(draw_panel_alone(panel, DocumentInfo.of(edition), bottom), dpi)[0]
    scale = dpi / 72

    def y_of(y: float) -> int:
        return round((geometry.rect.y1 - y) * scale)

    edge, text_end = y_of(geometry.rect.y0), y_of(geometry.content.y0)
    shade = Image.new("RGB", (page.width, page.height - edge), (255, 225, 230))
    page.paste(Image.blend(page.crop((0, edge, page.width, page.height)), shade, 0.45), (0, edge))
    pen = ImageDraw.Draw(page)
    for x in range(0, page.width, 10):
        pen.line((x, text_end, x + 5, text_end), fill=OVERFLOW_RED, width=2)
    pen.line((0, edge, page.width, edge), fill=OVERFLOW_RED, width=3)
    # The legend goes in a band above the panel, never over the text it explains.
    label = _font(max(10, round(7 * scale)))
    line_height = label.size + 8
    over = panel.used_height - panel.available_height
    legend = (
        (None, f"{panel.role.value}: {over:.1f} pt too long"),
        ("dashed", "where the text must end"),
        ("solid", "the panel's edge; shaded: beyond the paper"),
    )
    band = round(len(legend) * line_height + 12)  # whole pixels (a font's size is typed float, ours are int)
    picture = Image.new("RGB", (page.width, page.height + band), (255, 255, 255))
    picture.paste(page, (0, band))
    pen = ImageDraw.Draw(picture)
    for row, (mark, words) in enumerate(legend):
        y = 6 + row * line_height
        x = 10
        if mark is not None:
            middle = y + label.size // 2 + 2
            for dash in range(x, x + 30, 10):
                pen.line((dash, middle, dash + (5 if mark == "dashed" else 10), middle), fill=OVERFLOW_RED, width=2)
            x += 40
        pen.text((x, y), words, fill=OVERFLOW_RED if mark is None else LABEL_COLOR, font=label)
    pen.line((0, band - 1, picture.width, band - 1), fill=LABEL_COLOR, width=1)
    return picture


# ---------------------------------------------------------------- the panel map, as a picture for the README

MAP_INK = (26, 26, 26)
MAP_PANEL = (233, 239, 246)
MAP_COVER = (20, 54, 93)
MAP_FOLD = (196, 38, 46)


def panel_map_picture(fold: Fold, paper: Paper | None = None) -> Image.Image:
    """A picture of a fold's panel map: both sides of the sheet with each panel's key and reading number,
    the folds numbered in the order they are made, the folded leaflet seen edge-on, and the stages of
    unfolding. Drawn with PIL and the bundled font only, so the same code gives the same pixels.
    """
    from .model import PAPERS  # noqa: PLC0415 - only the README pictures need a default paper

    sheet = _MapSheet.place(fold, paper or PAPERS["letter"])
    image = Image.new("RGB", (sheet.picture_width, 620), (255, 255, 255))
    pen = _MapPen(ImageDraw.Draw(image), title=_font(26), label=_font(15), small=_font(13), number=_font(30))
    fold_name = {Fold.ROLL: "Roll fold", Fold.Z: "Z fold (accordion)"}[fold]
    pen.draw.text((sheet.margin, 16), f"{fold_name}: panel map", fill=MAP_INK, font=pen.title)
    for column, side in enumerate(sheet.plan.sides):
        _draw_map_side(pen, sheet, column, side)
    below = _draw_map_edge_on(pen, sheet, top=sheet.bottom + 70)
    _draw_map_unfolding(pen, sheet.mapping, sheet.margin, below + 20)
    return image


@dataclass(frozen=True)
class _MapPen:
    """What every part of the panel-map picture draws with: PIL's pen on the picture, and its four type sizes."""

    draw: ImageDraw.ImageDraw
    title: ImageFont.FreeTypeFont
    label: ImageFont.FreeTypeFont
    small: ImageFont.FreeTypeFont
    number: ImageFont.FreeTypeFont

    def centred(self, text: str, x: float, y: float, font: ImageFont.FreeTypeFont, fill: tuple[int, int, int]) -> None:
        """Write `text` with its middle at `x` and its top at `y`."""
        self.draw.text((x - self.draw.textlength(text, font=font) / 2, y), text, fill=fill, font=font)


@dataclass(frozen=True)
class _MapSheet:
    """Where the panel-map picture puts the two sides of the sheet: side by side, `top` pixels down.

    In: a fold and a paper, through `place`. Holds the fold's plan (office edition, for the
    panels' and folds' x) and its panel map (for the numbers and keys written on them).
    """

    plan: FoldPlan
    mapping: PanelMap
    scale: float  # pixels per point across
    side_width: int
    side_height: int
    margin: int = 30  # around the picture
    gap: int = 40  # between the two sides
    top: int = 90  # of the panels

    @classmethod
    def place(cls, fold: Fold, paper: Paper) -> _MapSheet:
        scale = 0.62  # a Letter side is about 490 px wide
        return cls(
            plan=fold_sheet(paper, fold, 72 / 16, Margins(27.0, 21.6)),
            mapping=panel_map(fold),
            scale=scale,
            side_width=round(paper.width * scale),
            side_height=round(paper.height * scale * 0.55),  # squat panels: the picture is about order, not shape
        )

    @property
    def picture_width(self) -> int:
        return 2 * self.side_width + self.gap + 2 * self.margin

    @property
    def bottom(self) -> int:
        """The y of the panels' lower edge."""
        return self.top + self.side_height

    def left_of(self, column: int) -> int:
        """The x where side `column` starts (0: the outside, 1: the inside)."""
        return self.margin + column * (self.side_width + self.gap)

    def x(self, column: int, points: float) -> int:
        """The x on side `column` of an x on the sheet, in points."""
        return self.left_of(column) + round((points - self.plan.trim.x0) * self.scale)


def _draw_map_side(pen: _MapPen, sheet: _MapSheet, column: int, side: SheetSide) -> None:
    """One side of the sheet in its column: a caption, its panels, and its folds."""
    caption = "Outside (page 1)" if side.side == Side.OUTSIDE else "Inside (page 2)"
    pen.draw.text((sheet.left_of(column), sheet.top - 24), caption, fill=MAP_INK, font=pen.label)
    for panel in side.panels:
        _draw_map_panel(pen, sheet, sheet.x(column, panel.rect.x0), sheet.x(column, panel.rect.x1), panel.role)
    for index, fold_x in enumerate(side.folds):
        _draw_map_fold(pen, sheet, sheet.x(column, fold_x), index, labelled=side is sheet.plan.sides[1])


def _draw_map_panel(pen: _MapPen, sheet: _MapSheet, left: int, right: int, role: PanelRole) -> None:
    """One panel between `left` and `right`: its reading number and key; dark if it is the front cover."""
    cover = role == PanelRole.FRONT_COVER
    fill = MAP_COVER if cover else MAP_PANEL
    pen.draw.rectangle((left, sheet.top, right, sheet.bottom), fill=fill, outline=MAP_INK)
    ink = (255, 255, 255) if cover else MAP_COVER
    centre = (left + right) / 2
    pen.centred(str(sheet.mapping.reading_number(role)), centre, sheet.top + 30, pen.number, ink)
    pen.centred(role.value, centre, sheet.top + 80, pen.label, ink)
    if role == sheet.mapping.back:
        pen.centred("back when folded", centre, sheet.top + 104, pen.small, ink)


def _draw_map_fold(pen: _MapPen, sheet: _MapSheet, x: int, index: int, labelled: bool) -> None:
    """The fold at `x`, the `index`-th from the left of its side, as a dashed line.

    Only the inside's folds are `labelled` (their number in the order the folds are made, and
    which way each goes): `mapping.folding` counts folds from the left of the inside.
    """
    for y in range(sheet.top - 6, sheet.bottom + 6, 8):
        pen.draw.line((x, y, x, min(y + 4, sheet.bottom + 6)), fill=MAP_FOLD, width=2)
    if labelled:
        number, direction = next((n, d) for n, (i, d) in enumerate(sheet.mapping.folding, 1) if i == index)
        label = f"fold {number} ({'in' if direction == 'in' else 'backwards'})"
        pen.centred(label, x, sheet.bottom + 8, pen.small, MAP_FOLD)


def _draw_map_edge_on(pen: _MapPen, sheet: _MapSheet, top: int) -> int:
    """The folded leaflet edge-on from `top` down: each layer a line, the folds as the bends joining them.

    Returns the y below it, room for the three layers of a tri-fold.
    """
    mapping, margin = sheet.mapping, sheet.margin
    pen.draw.text((margin, top - 30), "Folded, seen from the edge (cover on top):", fill=MAP_INK, font=pen.label)
    layers = mapping.layers()
    spacing, length, left = 22, 240, margin + 40
    level = {panel: top + 10 + spacing * depth for depth, panel in enumerate(layers)}
    for layer, y in level.items():
        # the roll fold's fold-in panel is narrower, so it nests clear of the left-hand bend
        start = left + 12 if sheet.plan.fold == Fold.ROLL and layer == 2 else left
        pen.draw.line((start, y, left + length, y), fill=MAP_COVER if layer == 0 else MAP_INK, width=4)
    for a, b, at_left in ((0, 1, True), (1, 2, False)):
        ya, yb = sorted((level[a], level[b]))
        if at_left:
            pen.draw.arc((left - 14, ya, left + 14, yb), 90, 270, fill=MAP_FOLD, width=3)
        else:
            pen.draw.arc((left + length - 14, ya, left + length + 14, yb), 270, 90, fill=MAP_FOLD, width=3)
    labels_x = left + length + 30
    pen.draw.text((labels_x, level[layers[0]] - 10), "front_cover", fill=MAP_INK, font=pen.small)
    pen.draw.text((labels_x, level[layers[-1]] - 4), f"back: {mapping.back.value}", fill=MAP_INK, font=pen.small)
    return top + 10 + spacing * 3


def _draw_map_unfolding(pen: _MapPen, mapping: PanelMap, x: int, y: int) -> None:
    """From `y` down: the stages of unfolding, one line each, then the screen edition's reading order."""
    pen.draw.text((x, y), "Unfolding it, a reader meets:", fill=MAP_INK, font=pen.label)
    y += 26
    for number, view in enumerate(mapping.views, start=1):
        panels = "  |  ".join(role.value for role in view.roles)
        pen.draw.text((x + 10, y), f"{number}. {view.title}: {panels}", fill=MAP_INK, font=pen.small)
        y += 20
    order = ", ".join(role.value for role in mapping.reading_order)
    pen.draw.text((x, y + 12), f"Reading order (screen edition, tagged PDF): {order}", fill=MAP_INK, font=pen.small)
