"""Draw stage: a `Layout` -> PDF bytes. The only module that uses a ReportLab canvas.

In:  a `Layout` (every run, fill and image already positioned by the layout stage).
Out: the bytes of a two-page PDF (outside, then inside), deterministic: the same
     layout always gives the same bytes (ReportLab's invariant mode fixes the dates
     and the document id).

It decides nothing about where things go. It adds what belongs to the file
rather than the design: metadata and language, links, viewer preferences for
office printing, and in the press edition the Trim and Bleed boxes, crop marks
and fold marks (drawn by hand: ReportLab's own `cropMarks` scales the page).

Colour: the office and screen editions paint in sRGB. The press edition paints in
DeviceCMYK only (`paint.Paint`, with `inks`): near-black text in black ink alone,
overprinting, images converted to CMYK; and it carries an output intent naming
the printing condition, with the profile embedded. `draw(layout, soft_proof=True)`
paints a press layout in the sRGB the profile predicts for its inks: the PNG proofs.
"""

from __future__ import annotations

import io

from reportlab.graphics import renderPDF
from reportlab.graphics.shapes import STATE_DEFAULTS
from reportlab.lib.colors import CMYKColor
from reportlab.lib.colors import Color as RLColor
from reportlab.pdfgen.canvas import Canvas

from .fold import CROP_MARK_LENGTH, FoldPlan, OutputKind, mark_offset
from .fonts import face
from .inks import condition_of
from .layout import Layout, PanelLayout, PlacedBackground, PlacedCode, PlacedImage
from .model import Color, Edition
from .paint import Paint
from .pdfcatalog import add_output_intent
from .vector import is_svg, svg_drawing

WHITE = Color("#FFFFFF", "paper")  # unprinted paper: no ink at all in any edition

REGISTRATION = CMYKColor(1, 1, 1, 1)  # prints on every plate, so the marks show on all of them
MARK_WIDTH = 0.25  # hairline, the thinnest line print shops accept


def draw(layout: Layout, soft_proof: bool = False) -> bytes:
    """Paint a layout into a PDF and return its bytes.

    `soft_proof` (press layouts only): paint every colour as the sRGB its inks give on
    press, for pictures to check; that file is never sent to a shop.
    """
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
    condition = condition_of(edition.design.printing)
    if plan.kind == OutputKind.PRESS and not soft_proof:
        add_output_intent(canvas, condition)
    paint = Paint(plan.kind, soft_proof, condition)

    for side in plan.sides:
        canvas.setPageSize((side.media.width, side.media.height))
        for panel in layout.panels_on_page(side.page_number):
            _draw_panel(canvas, panel, paint)
        if plan.marks:
            _draw_marks(canvas, plan, side.folds, paint)
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def draw_panel_alone(panel: PanelLayout, edition: Edition, bottom: float) -> bytes:
    """One panel on a page of its own, from its top down to `bottom` (page coordinates of the sheet,
    below the panel when its text runs over): the overflow picture's source. Not a product: no metadata."""
    rect = panel.geometry.rect
    buffer = io.BytesIO()
    canvas = Canvas(
        buffer,
        pagesize=(rect.width, rect.y1 - bottom),
        invariant=1,
        initialFontName=face(edition.design.type.font).name,
    )
    canvas.translate(-rect.x0, -bottom)
    if panel.background is not None:  # light text running over a dark panel stays readable below its edge
        canvas.setFillColor(rl_color(panel.background))
        canvas.rect(rect.x0, bottom, rect.width, rect.y1 - bottom, stroke=0, fill=1)
    _draw_panel(canvas, panel, Paint(OutputKind.OFFICE))  # a picture on screen: sRGB, as the office edition
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def rl_color(color: Color) -> RLColor:
    """A model colour as ReportLab's."""
    r, g, b = color.rgb
    return RLColor(r, g, b)


def _draw_panel(canvas: Canvas, panel: PanelLayout, paint: Paint) -> None:
    if panel.background is not None:
        area = panel.geometry.paint
        canvas.setFillColor(paint.color(panel.background))
        canvas.rect(area.x0, area.y0, area.width, area.height, stroke=0, fill=1)
    if panel.background_image is not None:
        _draw_background(canvas, panel.background_image, paint)
    for block in panel.blocks:
        for fill in block.fills:
            canvas.setFillColor(paint.color(fill.color))
            canvas.rect(fill.rect.x0, fill.rect.y0, fill.rect.width, fill.rect.height, stroke=0, fill=1)
        for image in block.images:
            if is_svg(image.path):
                _draw_svg(canvas, image, canvas._fontname, paint)
                continue
            # The pixels decoded and normalised at load, never the file again: what was checked is what is embedded.
            canvas.drawImage(
                paint.image(image.data),
                image.rect.x0,
                image.rect.y0,
                image.rect.width,
                image.rect.height,
                mask="auto",
            )
        for code in block.codes:
            _draw_code(canvas, code, paint)
        for link in block.links:
            canvas.linkURL(link.target, link.rect.as_tuple(), relative=0, thickness=0)
        for run in block.runs:
            canvas.setFont(run.font, run.size)
            canvas.setFillColor(paint.color(run.color, text=True))
            if paint.press:
                overprint = paint.overprints(run.color)
                canvas.setFillOverprint(overprint)
                if overprint:
                    canvas.setOverprintMask(True)  # OPM 1: a 0 in C, M or Y leaves that plate as it is
            canvas.drawString(run.x, run.y, run.text)
            if run.link:
                # The clickable area covers the glyphs from descender to ascender.
                canvas.linkURL(
                    run.link,
                    (run.x, run.y - 0.25 * run.size, run.x + run.width, run.y + 0.9 * run.size),
                    relative=0,
                    thickness=0,
                )


def _draw_svg(canvas: Canvas, image: PlacedImage, font: str, paint: Paint) -> None:
    """An SVG logo as paths and fills, scaled into its place: never a bitmap. Its colours go through
    `paint` like every other colour (CMYK in the press edition)."""
    drawing = svg_drawing(image.path)
    _ink_shapes(drawing, paint)
    # ReportLab's graphics start every drawing by selecting Helvetica (never embedded) unless told otherwise.
    drawing.initialFontName = font
    canvas.saveState()
    canvas.translate(image.rect.x0, image.rect.y0)
    canvas.scale(image.rect.width / drawing.width, image.rect.height / drawing.height)
    # The renderer starts every drawing from ReportLab's default state, black in DeviceRGB; a Drawing cannot
    # carry colours of its own, so the defaults are inked like the shapes' for this one draw.
    defaults = {name: STATE_DEFAULTS[name] for name in ("fillColor", "strokeColor")}
    try:
        for name, value in defaults.items():
            if isinstance(value, RLColor) and not isinstance(value, CMYKColor):
                STATE_DEFAULTS[name] = _inked(value, paint)
        renderPDF.draw(drawing, canvas, 0, 0)
    finally:
        STATE_DEFAULTS.update(defaults)
    canvas.restoreState()


def _ink_shapes(node, paint: Paint) -> None:
    """Every fill and stroke colour of an SVG drawing (svglib gives sRGB) as `paint` paints it."""
    for attribute in ("fillColor", "strokeColor"):
        value = getattr(node, attribute, None)
        if isinstance(value, RLColor) and not isinstance(value, CMYKColor):
            setattr(node, attribute, _inked(value, paint))
    for child in getattr(node, "contents", ()):
        _ink_shapes(child, paint)


def _inked(value: RLColor, paint: Paint) -> RLColor:
    """An sRGB ReportLab colour (from svglib) as `paint` paints the same hex, its opacity kept."""
    red, green, blue = (round(channel * 255) for channel in value.rgb())
    painted = paint.color(Color(f"#{red:02X}{green:02X}{blue:02X}"))
    painted.alpha = value.alpha
    return painted


def _draw_background(canvas: Canvas, photo: PlacedBackground, paint: Paint) -> None:
    """A panel's photo, cropped to the panel's paint area, then its overlay tint over it."""
    clip = photo.clip
    canvas.saveState()
    path = canvas.beginPath()
    path.rect(clip.x0, clip.y0, clip.width, clip.height)
    canvas.clipPath(path, stroke=0, fill=0)
    rect = photo.rect
    canvas.drawImage(paint.image(photo.data), rect.x0, rect.y0, rect.width, rect.height)
    if photo.overlay is not None and photo.opacity > 0:
        canvas.setFillColor(paint.color(photo.overlay))
        canvas.setFillAlpha(photo.opacity)
        canvas.rect(clip.x0, clip.y0, clip.width, clip.height, stroke=0, fill=1)
    canvas.restoreState()


def _draw_code(canvas: Canvas, code: PlacedCode, paint: Paint) -> None:
    """A QR code: its quiet zone painted white (a dark panel must not reach into it), then its dark modules,
    in black ink alone in the press edition (a code printed in four inks blurs when the plates shift)."""
    canvas.setFillColor(paint.color(WHITE))
    quiet = code.quiet
    canvas.rect(quiet.x0, quiet.y0, quiet.width, quiet.height, stroke=0, fill=1)
    canvas.setFillColor(paint.color(code.color, text=True))
    path = canvas.beginPath()
    for module in code.modules:
        path.rect(module.x0, module.y0, module.width, module.height)
    # One path, one fill: neighbouring rows are not painted twice at their shared edge.
    canvas.drawPath(path, stroke=0, fill=1)


def _draw_marks(canvas: Canvas, plan: FoldPlan, folds: tuple[float, ...], paint: Paint) -> None:
    """Crop marks at the four corners and dashed fold marks, all outside the bleed, in registration colour."""
    trim = plan.trim
    gap = mark_offset(plan.bleed.x1 - plan.trim.x1)
    length = CROP_MARK_LENGTH
    canvas.saveState()
    canvas.setStrokeColor(RLColor(0, 0, 0) if paint.soft_proof else REGISTRATION)
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
