"""Draw stage: a `Layout` -> PDF bytes. The only module that uses a ReportLab canvas.

In:  a `Layout` (every run, fill and image already positioned by the layout stage).
Out: the bytes of a two-page PDF (outside, then inside), deterministic: the same
     layout always gives the same bytes (ReportLab's invariant mode fixes the dates
     and the document id).

It decides nothing about where things go. It adds what belongs to the file
rather than the design: metadata and language, links, viewer preferences for
office printing, and in the press edition the Trim and Bleed boxes, crop marks
and fold marks (drawn by hand: ReportLab's own `cropMarks` scales the page).

Every PDF is tagged (see `tagging.py`): each run is marked content of the
structure element its `TextRun.tag` names, under the Sect of its panel; the
Sects follow the fold's reading order (`fold.reading_order`), whatever page a
panel is printed on. Backgrounds, block fills, decorative images and marks are
artifacts.
"""

from __future__ import annotations

import io

from reportlab.lib.colors import CMYKColor
from reportlab.lib.colors import Color as RLColor
from reportlab.pdfgen.canvas import Canvas

from .fold import CROP_MARK_LENGTH, FoldPlan, OutputKind, mark_offset, reading_order
from .fonts import face
from .layout import Layout, PanelLayout, TextRun
from .model import Color
from .pdfpack import pack_objects
from .tagging import Element, StructureBuilder, hex_text, link_contents

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

    tags = StructureBuilder(canvas, edition.language)
    sections = {role: tags.section(role) for role in reading_order(plan.fold)}
    for side in plan.sides:
        canvas.setPageSize((side.media.width, side.media.height))
        for panel in layout.panels_on_page(side.page_number):
            _draw_panel(canvas, panel, tags, sections[panel.role], edition.language)
        if plan.marks:
            with tags.artifact():
                _draw_marks(canvas, plan, side.folds)
        canvas.showPage()
        tags.next_page()
    tags.finish(edition.title)
    canvas.save()
    return pack_objects(buffer.getvalue())


def rl_color(color: Color) -> RLColor:
    """A model colour as ReportLab's."""
    r, g, b = color.rgb
    return RLColor(r, g, b)


def _draw_panel(canvas: Canvas, panel: PanelLayout, tags: StructureBuilder, section: Element, language: str) -> None:
    if panel.background is not None:
        paint = panel.geometry.paint
        with tags.artifact():
            canvas.setFillColor(rl_color(panel.background))
            canvas.rect(paint.x0, paint.y0, paint.width, paint.height, stroke=0, fill=1)
    for number, block in enumerate(panel.blocks):
        if block.fills:
            with tags.artifact():
                for fill in block.fills:
                    canvas.setFillColor(rl_color(fill.color))
                    canvas.rect(fill.rect.x0, fill.rect.y0, fill.rect.width, fill.rect.height, stroke=0, fill=1)
        for index, image in enumerate(block.images):
            if image.alt:
                figure = tags.child(section, (number, "Figure", index), "Figure")
                figure.alt = image.alt
                marked = tags.content(figure)
            else:
                marked = tags.artifact()
            with marked:
                canvas.drawImage(
                    str(image.path), image.rect.x0, image.rect.y0, image.rect.width, image.rect.height, mask="auto"
                )
        runs = block.runs
        drawn_with_previous = 0
        for index, run in enumerate(runs):
            element = section
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
                    _draw_chain(canvas, chain)
                else:
                    with tags.artifact():
                        _draw_chain(canvas, chain)
            if run.link:
                # The clickable area covers the glyphs from descender to ascender.
                rect = (run.x, run.y - 0.25 * run.size, run.x + run.width, run.y + 0.9 * run.size)
                tags.link(element, run.link, rect, link_contents(run.link, run.text, language))
        tags.close()


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


def _draw_chain(canvas: Canvas, chain: list[TextRun]) -> None:
    """Draw runs of one look; a word broken between two of them reads as the whole word.

    The pieces of a hyphenated word ("sospe-" at one line end, "chosa" at the start of
    the next) are covered by one marked-content sequence whose /ActualText is the
    whole word (ISO 32000-1 §14.9.4), so screen readers, PDFium's copy and paste and
    pdfminer read "sospechosa" once. A line broken at a space gets that space back
    after its last glyph: it draws nothing, and the words either side stay apart.
    """
    first = chain[0]
    canvas.setFont(first.font, first.size)
    canvas.setFillColor(rl_color(first.color))
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
            line._code.append("EMC")
            text = text[run.continues :]
        if position < len(chain) - 1:
            head = text.rsplit(" ", 1)[-1]
            line.textOut(text[: len(text) - len(head)])
            line._code.append(f"/Span <</ActualText {hex_text(run.joined)}>> BDC")
            line.textOut(head)
        else:
            line.textOut(text)
    canvas.drawText(line)


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
