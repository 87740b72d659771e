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

Every PDF is tagged (see `tagging.py`): each run is marked content of the
structure element its `TextRun.tag` names, under the Sect of its panel; the
Sects follow the fold's reading order (`fold.reading_order`), whatever page a
panel is printed on. Backgrounds, block fills, decorative images and marks are
artifacts; images and QR codes are Figures with alt text, inside a Link when they link.
"""

from __future__ import annotations

import copy
import io
from typing import TYPE_CHECKING

from reportlab.lib.colors import CMYKColor
from reportlab.lib.colors import Color as RLColor
from reportlab.pdfgen.canvas import Canvas

from .catalog import add_text_operator, font_name
from .fold import CROP_MARK_LENGTH, FoldPlan, OutputKind, mark_offset, reading_order
from .frames import (
    DocumentInfo,
    Layout,
    PanelLayout,
    PlacedBackground,
    PlacedBlock,
    PlacedCode,
    PlacedImage,
    TextRun,
)
from .inks import condition_of
from .model import Color, PrintingCondition
from .paint import Paint
from .pdfcatalog import add_output_intent
from .pdfpack import pack_objects
from .tagging import Element, StructureBuilder, hex_text, link_contents
from .vector import svg_drawing

if TYPE_CHECKING:  # Pillow is imported only when swatches are made
    from PIL import Image as PILImage

WHITE = Color("#FFFFFF", "paper")  # unprinted paper: no ink at all in any edition

REGISTRATION = CMYKColor(1, 1, 1, 1)  # prints on every plate, so the marks show on all of them
MARK_WIDTH = 0.25  # hairline, the thinnest line print shops accept


def draw(layout: Layout, soft_proof: bool = False) -> bytes:
    """Paint a layout into a PDF and return its bytes.

    `soft_proof` (press layouts only): paint every colour as the sRGB its inks give on
    press, for pictures to check; that file is never sent to a shop.
    """
    plan = layout.plan
    info = layout.info
    buffer = io.BytesIO()
    canvas = Canvas(
        buffer,
        pagesize=(plan.page_width, plan.page_height),
        invariant=1,
        pageCompression=1,
        # Without this the canvas preamble selects (unembedded) Helvetica on every page.
        initialFontName=info.font,  # type: ignore[arg-type]  # a font name: stubs say float
        initialFontSize=info.body_size,
        lang=info.language,
    )
    canvas.setTitle(info.title)
    canvas.setAuthor(info.author)
    canvas.setSubject(info.subject)
    canvas.setKeywords(", ".join(info.keywords))  # as ReportLab joins a list (its stubs take a str only)
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
    condition = condition_of(info.printing)
    if plan.kind == OutputKind.PRESS and not soft_proof:
        add_output_intent(canvas, condition)
    paint = Paint(plan.kind, soft_proof, condition)

    tags = StructureBuilder(canvas, info.language)
    sections = {role: tags.section(role) for role in reading_order(plan.fold)}
    for side in plan.sides:
        canvas.setPageSize((side.media.width, side.media.height))
        for panel in layout.panels_on_page(side.page_number):
            _draw_panel(canvas, panel, paint, tags, sections[panel.role], info.language)
        if plan.marks:
            with tags.artifact():
                _draw_marks(canvas, plan, side.folds, paint)
        canvas.showPage()
        tags.next_page()
    tags.finish(info.title)
    canvas.save()
    return pack_objects(buffer.getvalue())


def draw_panel_alone(panel: PanelLayout, info: DocumentInfo, bottom: float) -> bytes:
    """One panel on a page of its own, from its top down to `bottom` (page coordinates of the sheet,
    below the panel when its text runs over): the overflow picture's source. Not a product: no metadata."""
    rect = panel.geometry.rect
    buffer = io.BytesIO()
    canvas = Canvas(
        buffer,
        pagesize=(rect.width, rect.y1 - bottom),
        invariant=1,
        initialFontName=info.font,  # type: ignore[arg-type]  # a font name: stubs say float
    )
    canvas.translate(-rect.x0, -bottom)
    if panel.background is not None:  # light text running over a dark panel stays readable below its edge
        canvas.setFillColor(rl_color(panel.background))
        canvas.rect(rect.x0, bottom, rect.width, rect.y1 - bottom, stroke=0, fill=1)
    # A picture on screen: sRGB, as the office edition; tagged like any page, though its tree is never written.
    tags = StructureBuilder(canvas, info.language)
    _draw_panel(canvas, panel, Paint(OutputKind.OFFICE), tags, tags.section(panel.role), info.language)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def rl_color(color: Color) -> RLColor:
    """A model colour as ReportLab's."""
    r, g, b = color.rgb
    return RLColor(r, g, b)


def _draw_panel(
    canvas: Canvas, panel: PanelLayout, paint: Paint, tags: StructureBuilder, section: Element, language: str
) -> None:
    """One panel: its background and box fills as artifacts, then each block's pictures, QR codes and text,
    each marked as content of its structure element under the panel's Sect."""
    if panel.background is not None:
        area = panel.geometry.paint
        with tags.artifact():
            canvas.setFillColor(paint.color(panel.background))
            canvas.rect(area.x0, area.y0, area.width, area.height, stroke=0, fill=1)
    if panel.background_image is not None:
        with tags.artifact():  # a photo behind the text is decoration: the text says what matters
            _draw_background(canvas, panel.background_image, paint)
    for number, block in enumerate(panel.blocks):
        draw_block(canvas, block, number, paint, tags, section, language)


def draw_block(
    canvas: Canvas,
    block: PlacedBlock,
    number: int,
    paint: Paint,
    tags: StructureBuilder,
    parent: Element,
    language: str,
) -> None:
    """One placed block: its fills as artifacts, then its pictures and QR codes, then its text, each run
    marked as content of the element its tag names below `parent` (`number` keeps blocks' elements apart)."""
    if block.fills:
        with tags.artifact():
            for fill in block.fills:
                canvas.setFillColor(paint.color(fill.color))
                canvas.rect(fill.rect.x0, fill.rect.y0, fill.rect.width, fill.rect.height, stroke=0, fill=1)
    _draw_pictures(canvas, block, number, paint, tags, parent, language)
    runs = block.runs
    drawn_with_previous = 0
    for index, run in enumerate(runs):
        element = parent
        for depth, step in enumerate(run.tag):
            key = (number, step.role, step.index) if depth == 0 else (step.role, step.index)
            element = tags.child(element, key, step.role, step.lang)
        if drawn_with_previous:
            drawn_with_previous -= 1  # the tail of a broken word: shown with the line before it
        else:
            chain = _word_chain(runs, index)
            drawn_with_previous = len(chain) - 1
            if run.tag:
                tags.mark(element)
                _draw_chain(canvas, chain, paint)
            else:
                with tags.artifact():
                    _draw_chain(canvas, chain, paint)
        if run.link:
            # The clickable area covers the glyphs from descender to ascender.
            rect = (run.x, run.y - 0.25 * run.size, run.x + run.width, run.y + 0.9 * run.size)
            tags.link(element, run.link, rect, link_contents(run.link, run.text, language))
    tags.close()


def _draw_pictures(
    canvas: Canvas,
    block: PlacedBlock,
    number: int,
    paint: Paint,
    tags: StructureBuilder,
    section: Element,
    language: str,
) -> None:
    """A block's images and QR codes: each a Figure with its alt text (a decorative image: an artifact).

    A picture that is a link (a QR code, an image with `link:`) sits in a Link element that also owns the
    link annotation, as PDF/UA asks; a block has one such link at most (the layout places one per block).
    """
    pictures: list[PlacedImage | PlacedCode] = [*block.images, *block.codes]
    for index, picture in enumerate(pictures):
        area = block.links[0] if block.links and index == 0 else None
        parent = section
        if area is not None:
            parent = tags.child(section, (number, "Link", index), "Link")
        alt = picture.alt  # set by the layout: an image's alt text ("" if decorative), a QR code's destination
        if alt:
            figure = tags.child(parent, (number, "Figure", index) if parent is section else ("Figure", index), "Figure")
            figure.alt = alt
            marked = tags.content(figure)
        else:
            marked = tags.artifact()
        with marked:
            _draw_picture(canvas, picture, paint)
        if area is not None:
            shown = area.target.split(":", 1)[-1]
            tags.link(parent, area.target, area.rect.as_tuple(), link_contents(area.target, shown, language))


def _draw_picture(canvas: Canvas, picture: PlacedImage | PlacedCode, paint: Paint) -> None:
    """A QR code as vector modules, an SVG logo as vector paths, a bitmap as the pixels decoded at load."""
    if isinstance(picture, PlacedCode):
        _draw_code(canvas, picture, paint)
    elif picture.data is None:
        _draw_svg(canvas, picture, font_name(canvas), paint)
    else:
        # The pixels decoded and normalised at load, never the file again: what was checked is embedded.
        rect = picture.rect
        canvas.drawImage(paint.image(picture.data), rect.x0, rect.y0, rect.width, rect.height, mask="auto")


def _word_chain(runs: tuple[TextRun, ...], index: int) -> list[TextRun]:
    """The run at `index`, and the runs that go on a word it breaks at its line end (usually none, or one).

    They are drawn in one text object so that one /ActualText can cover both pieces of the word.
    """
    chain = [runs[index]]
    while chain[-1].joined and index + len(chain) < len(runs):
        following = runs[index + len(chain)]
        last = chain[-1]
        same_look = (following.font, following.size, following.color, following.tag) == (
            last.font,
            last.size,
            last.color,
            last.tag,
        )
        if not following.continues or not same_look:
            break
        chain.append(following)
    return chain


def _draw_chain(canvas: Canvas, chain: list[TextRun], paint: Paint) -> None:
    """Draw runs of one look; a word broken between two of them reads as the whole word.

    The pieces of a hyphenated word ("sospe-" at one line end, "chosa" at the start of
    the next) are covered by one marked-content sequence whose /ActualText is the
    whole word (ISO 32000-1 §14.9.4), so screen readers, PDFium's copy and paste and
    pdfminer read "sospechosa" once. A line broken at a space gets that space back
    after its last glyph: it draws nothing, and the words either side stay apart.
    """
    first = chain[0]
    canvas.setFont(first.font, first.size)
    canvas.setFillColor(paint.color(first.color, text=True))
    if paint.press:
        overprint = paint.overprints(first.color)
        canvas.setFillOverprint(overprint)
        if overprint:
            canvas.setOverprintMask(True)  # OPM 1: a 0 in C, M or Y leaves that plate as it is
    if len(chain) == 1:
        canvas.drawString(first.x, first.y, first.text + (" " if first.space_after else ""))
        return
    # One text object, shown piece by piece: every glyph lands exactly where separate strings would put it.
    line = canvas.beginText(first.x, first.y)
    for position, run in enumerate(chain):
        text = run.text + (" " if run.space_after else "")
        if position:
            line.setTextOrigin(run.x, run.y)
            line.textOut(text[: run.continues])
            add_text_operator(line, "EMC")
            text = text[run.continues :]
        if position < len(chain) - 1:
            head = text.rsplit(" ", 1)[-1]
            line.textOut(text[: len(text) - len(head)])
            add_text_operator(line, f"/Span <</ActualText {hex_text(run.joined)}>> BDC")
            line.textOut(head)
        else:
            line.textOut(text)
    canvas.drawText(line)


def _draw_svg(canvas: Canvas, image: PlacedImage, font: str, paint: Paint) -> None:
    """An SVG logo as paths and fills, scaled into its place: never a bitmap. Its colours go through
    `paint` like every other colour (CMYK in the press edition)."""
    # ReportLab's graphics import platypus (~50 ms of regular expressions): only for an edition with an SVG logo.
    from reportlab.graphics import renderPDF
    from reportlab.graphics.shapes import STATE_DEFAULTS

    # A copy: the converted drawing is cached per file, and inked in place it would carry a press edition's
    # CMYK into the next office edition drawn by the same process.
    assert image.vector is not None, "an SVG logo's version is read at load"
    drawing = copy.deepcopy(svg_drawing(image.path, image.vector.digest))
    _ink_shapes(drawing, paint)
    # ReportLab's graphics start every drawing by selecting Helvetica (never embedded) unless told otherwise.
    drawing.initialFontName = font  # type: ignore[attr-defined]  # read by renderPDF; not in the stubs
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


def _ink_shapes(node: object, paint: Paint) -> None:
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


SWATCH = 4  # points per swatch of `press_swatches`: rendered at 1 px per point, sampled in the middle


def press_swatches(
    picture: PILImage.Image, backdrop: Color, columns: int, rows: int, condition: PrintingCondition
) -> bytes:
    """A PDF of `columns` x `rows` swatches of SWATCH points: an image's press inks reduced to that grid.

    In:  the decoded picture (a Pillow image), the colour under it, the grid, the printing condition.
    Out: the PDF bytes. The press conversion of the pixels (CMYK or greyscale) is composited over the
    backdrop's inks and painted as vector rectangles: a path that shares nothing with how images are
    embedded, so preflight (which renders it) can hold the placed image to it.
    """
    from PIL import Image as PILImage

    from .inks import press_image

    paint = Paint(OutputKind.PRESS, condition=condition)
    converted = press_image(picture, condition)
    grey = converted.picture.mode == "L" and converted.alpha is None  # a DeviceGray image: compare as grey
    inks = converted.picture.convert("CMYK").resize((columns, rows), PILImage.Resampling.BOX)
    alpha = (
        converted.alpha.resize((columns, rows), PILImage.Resampling.BOX)
        if converted.alpha is not None
        else PILImage.new("L", (columns, rows), 255)
    )
    under = paint.color(backdrop)
    under_inks = (
        (under.cyan, under.magenta, under.yellow, under.black) if isinstance(under, CMYKColor) else (0, 0, 0, 0)
    )
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=(columns * SWATCH, rows * SWATCH), invariant=1)
    for row in range(rows):
        for column in range(columns):
            coverage, pixel = alpha.getpixel((column, row)), inks.getpixel((column, row))
            # One value of an "L" image, four of a "CMYK" one.
            assert coverage is not None and not isinstance(coverage, tuple) and isinstance(pixel, tuple)
            opacity = coverage / 255
            cyan, magenta, yellow, black = (
                opacity * value / 255 + (1 - opacity) * base for value, base in zip(pixel, under_inks)
            )
            if grey:
                canvas.setFillGray(1 - black)
            else:
                canvas.setFillColor(CMYKColor(cyan, magenta, yellow, black))
            canvas.rect(column * SWATCH, (rows - 1 - row) * SWATCH, SWATCH, SWATCH, stroke=0, fill=1)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()
