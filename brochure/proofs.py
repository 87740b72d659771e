"""Proofs: the finished PDF as pictures a person can check without a PDF editor.

In:  the PDF bytes and the `FoldPlan` they were drawn on.
Out: PIL images: each side of the sheet (optionally with guides: trim, bleed,
     safe areas, folds and panel names, and each tagged block numbered in the
     order a screen reader reads it) and a "folded" view that shows the six
     panels in the order a reader meets them: the cover; the cover opened
     (inside left beside the fold-in panel's back); the sheet fully opened; the
     back cover.

Rasterising is PDFium's (pypdfium2), so the proof shows what a viewer shows.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

import pypdfium2
from PIL import Image, ImageDraw, ImageFont

from .fold import FoldPlan, OutputKind, Rect, reading_order
from .load import FONTS_DIR
from .model import PanelRole

if TYPE_CHECKING:
    from .layout import Layout

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

FOLDED_FRAMES = (
    ("1  Cover", (PanelRole.FRONT_COVER,)),
    ("2  Cover opened", (PanelRole.INSIDE_LEFT, PanelRole.FOLD_IN_BACK)),
    ("3  Fully opened", (PanelRole.INSIDE_LEFT, PanelRole.INSIDE_MIDDLE, PanelRole.INSIDE_RIGHT)),
    ("4  Back cover", (PanelRole.BACK_COVER,)),
)


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
    return ImageFont.truetype(str(FONTS_DIR / "noto-sans" / "NotoSans-Bold.ttf"), size)


def render_sides(pdf: bytes, dpi: int = PROOF_DPI) -> list[Image.Image]:
    """Each page of the PDF as an RGB image."""
    document = pypdfium2.PdfDocument(pdf)
    try:
        return [document[i].render(scale=dpi / 72).to_pil().convert("RGB") for i in range(len(document))]
    finally:
        document.close()


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
        box = ((px0 + px1 - width) / 2 - 4, py1 - label.size - 10, (px0 + px1 + width) / 2 + 4, py1 - 4)
        pen.rectangle(box, fill=(255, 255, 255))
        pen.text((box[0] + 4, box[1]), name, fill=GUIDE_COLORS["fold"], font=label)
    for x in side.folds:
        px = round(x * scale)
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


def folded_view(sides: list[Image.Image], plan: FoldPlan, dpi: int = PROOF_DPI) -> Image.Image:
    """The panels in reading order, as the reader meets them while unfolding the brochure."""
    scale = dpi / 72
    crops: dict[PanelRole, Image.Image] = {}
    for side, image in zip(plan.sides, sides):
        for panel in side.panels:
            crops[panel.role] = image.crop(_pixels(panel.rect, side.media.height, scale))
    gap, margin = round(0.25 * dpi), round(0.2 * dpi)
    label = _font(round(0.16 * dpi))
    label_height = round(label.size * 1.8)
    frames = []
    for title, roles in FOLDED_FRAMES:
        parts = [crops[role] for role in roles]
        width = sum(p.width for p in parts) + 2 * (len(parts) - 1)
        height = max(p.height for p in parts)
        frame = Image.new("RGB", (width, height + label_height), BACKGROUND)
        ImageDraw.Draw(frame).text((0, 0), title, fill=LABEL_COLOR, font=label)
        x = 0
        for part in parts:
            frame.paste(part, (x, label_height))
            x += part.width + 2  # a hairline of background marks each fold
        frames.append(frame)
    total_width = sum(f.width for f in frames) + gap * (len(frames) - 1) + 2 * margin
    total_height = max(f.height for f in frames) + 2 * margin
    sheet = Image.new("RGB", (total_width, total_height), BACKGROUND)
    x = margin
    for frame in frames:
        sheet.paste(frame, (x, margin))
        x += frame.width + gap
    return sheet


def make_proofs(
    pdf: bytes, plan: FoldPlan, guides: bool = False, dpi: int = PROOF_DPI, marks: tuple[ReadingMark, ...] = ()
) -> Proofs:
    """The side images (with guides and the reading-order `marks` if asked) and the folded view."""
    sides = render_sides(pdf, dpi)
    shown = [draw_guides(image, plan, number, dpi, marks) if guides else image for number, image in enumerate(sides, 1)]
    return Proofs(tuple(shown), folded_view(sides, plan, dpi))
