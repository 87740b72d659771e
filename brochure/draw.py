"""Draw stage: a `Layout` -> PDF bytes. The only module that uses a ReportLab canvas.

In:  a `Layout` (every run, fill and image already positioned by the layout stage).
Out: the bytes of a two-page PDF (outside, then inside), deterministic: the same
     layout always gives the same bytes (ReportLab's invariant mode fixes the dates
     and the document id).

It decides nothing about where things go. It adds what belongs to the file
rather than the design: metadata and language, links, viewer preferences for
office printing, and in the press edition the Trim and Bleed boxes, crop marks
and fold marks (drawn by hand: ReportLab's own `cropMarks` scales the page).
"""

from __future__ import annotations

import io

from reportlab.graphics import renderPDF
from reportlab.lib.colors import CMYKColor
from reportlab.lib.colors import Color as RLColor
from reportlab.pdfgen.canvas import Canvas

from .fold import CROP_MARK_LENGTH, FoldPlan, OutputKind, mark_offset
from .fonts import face
from .layout import Layout, PanelLayout, PlacedBackground, PlacedCode, PlacedImage
from .model import Color
from .vector import is_svg, svg_drawing

WHITE = Color("#FFFFFF", "paper")  # unprinted paper: no ink at all in any edition

REGISTRATION = CMYKColor(1, 1, 1, 1)  # prints on every plate, so the marks show on all of them
MARK_WIDTH = 0.25  # hairline, the thinnest line print shops accept


def draw(layout: Layout) -> bytes:
    """Paint a layout into a PDF and return its bytes."""
    plan = layout.plan
    edition = layout.edition
    buffer = io.BytesIO()
    canvas = Canvas(
        buffer,
        pagesize=(plan.page_width, plan.page_height),
        invariant=1,
        pageCompression=1,
        # Without this the canvas preamble selects (unembedded) Helvetica on every page.
        initialFontName=face(edition.design.type.font).name,
        initialFontSize=edition.design.type.body_size,
        lang=edition.language,
    )
    canvas.setTitle(edition.title)
    canvas.setAuthor(edition.design.author)
    canvas.setSubject(edition.subject)
    canvas.setKeywords(list(edition.keywords))
    canvas.setCreator("brochure: tri-fold renderer (render.py)")
    canvas.setViewerPreference("DisplayDocTitle", "true")
    if plan.kind == OutputKind.OFFICE:
        # Office printers: both sides on one sheet, the back turned over the short edge, never "fit to page"
        # (96 % scaling moves every fold).
        canvas.setViewerPreference("Duplex", "DuplexFlipShortEdge")
        canvas.setViewerPreference("PrintScaling", "None")
    elif plan.kind == OutputKind.PRESS:
        canvas.setTrimBox(plan.trim.as_tuple())
        canvas.setBleedBox(plan.bleed.as_tuple())

    for side in plan.sides:
        canvas.setPageSize((side.media.width, side.media.height))
        for panel in layout.panels_on_page(side.page_number):
            _draw_panel(canvas, panel)
        if plan.marks:
            _draw_marks(canvas, plan, side.folds)
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def rl_color(color: Color) -> RLColor:
    """A model colour as ReportLab's."""
    r, g, b = color.rgb
    return RLColor(r, g, b)


def _draw_panel(canvas: Canvas, panel: PanelLayout) -> None:
    if panel.background is not None:
        paint = panel.geometry.paint
        canvas.setFillColor(rl_color(panel.background))
        canvas.rect(paint.x0, paint.y0, paint.width, paint.height, stroke=0, fill=1)
    if panel.background_image is not None:
        _draw_background(canvas, panel.background_image)
    for block in panel.blocks:
        for fill in block.fills:
            canvas.setFillColor(rl_color(fill.color))
            canvas.rect(fill.rect.x0, fill.rect.y0, fill.rect.width, fill.rect.height, stroke=0, fill=1)
        for image in block.images:
            if is_svg(image.path):
                _draw_svg(canvas, image, canvas._fontname)
                continue
            canvas.drawImage(
                str(image.path), image.rect.x0, image.rect.y0, image.rect.width, image.rect.height, mask="auto"
            )
        for code in block.codes:
            _draw_code(canvas, code)
        for link in block.links:
            canvas.linkURL(link.target, link.rect.as_tuple(), relative=0, thickness=0)
        for run in block.runs:
            canvas.setFont(run.font, run.size)
            canvas.setFillColor(rl_color(run.color))
            canvas.drawString(run.x, run.y, run.text)
            if run.link:
                # The clickable area covers the glyphs from descender to ascender.
                canvas.linkURL(
                    run.link,
                    (run.x, run.y - 0.25 * run.size, run.x + run.width, run.y + 0.9 * run.size),
                    relative=0,
                    thickness=0,
                )


def _draw_svg(canvas: Canvas, image: PlacedImage, font: str) -> None:
    """An SVG logo as paths and fills, scaled into its place: never a bitmap."""
    drawing = svg_drawing(image.path)
    # ReportLab's graphics start every drawing by selecting Helvetica (never embedded) unless told otherwise.
    drawing.initialFontName = font
    canvas.saveState()
    canvas.translate(image.rect.x0, image.rect.y0)
    canvas.scale(image.rect.width / drawing.width, image.rect.height / drawing.height)
    renderPDF.draw(drawing, canvas, 0, 0)
    canvas.restoreState()


def _draw_background(canvas: Canvas, photo: PlacedBackground) -> None:
    """A panel's photo, cropped to the panel's paint area, then its overlay tint over it."""
    clip = photo.clip
    canvas.saveState()
    path = canvas.beginPath()
    path.rect(clip.x0, clip.y0, clip.width, clip.height)
    canvas.clipPath(path, stroke=0, fill=0)
    rect = photo.rect
    canvas.drawImage(str(photo.path), rect.x0, rect.y0, rect.width, rect.height)
    if photo.overlay is not None and photo.opacity > 0:
        canvas.setFillColor(rl_color(photo.overlay))
        canvas.setFillAlpha(photo.opacity)
        canvas.rect(clip.x0, clip.y0, clip.width, clip.height, stroke=0, fill=1)
    canvas.restoreState()


def _draw_code(canvas: Canvas, code: PlacedCode) -> None:
    """A QR code: its quiet zone painted white (a dark panel must not reach into it), then its dark modules."""
    canvas.setFillColor(rl_color(WHITE))
    quiet = code.quiet
    canvas.rect(quiet.x0, quiet.y0, quiet.width, quiet.height, stroke=0, fill=1)
    canvas.setFillColor(rl_color(code.color))
    path = canvas.beginPath()
    for module in code.modules:
        path.rect(module.x0, module.y0, module.width, module.height)
    # One path, one fill: neighbouring rows are not painted twice at their shared edge.
    canvas.drawPath(path, stroke=0, fill=1)


def _draw_marks(canvas: Canvas, plan: FoldPlan, folds: tuple[float, ...]) -> None:
    """Crop marks at the four corners and dashed fold marks, all outside the bleed."""
    trim = plan.trim
    gap = mark_offset(plan.bleed.x1 - plan.trim.x1)
    length = CROP_MARK_LENGTH
    canvas.saveState()
    canvas.setStrokeColor(REGISTRATION)
    canvas.setLineWidth(MARK_WIDTH)
    for x in (trim.x0, trim.x1):
        for y in (trim.y0, trim.y1):
            outward_x = -1 if x == trim.x0 else 1
            outward_y = -1 if y == trim.y0 else 1
            canvas.line(x + outward_x * gap, y, x + outward_x * (gap + length), y)  # horizontal
            canvas.line(x, y + outward_y * gap, x, y + outward_y * (gap + length))  # vertical
    canvas.setDash(3, 2)
    for x in folds:
        canvas.line(x, trim.y1 + gap, x, trim.y1 + gap + length)
        canvas.line(x, trim.y0 - gap, x, trim.y0 - gap - length)
    canvas.restoreState()
