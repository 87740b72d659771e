"""Print-instructions sheet (draw side): one page telling an office user how to print and fold.

In:  an `Edition`, the paper, and the `FoldPlan` of its office edition.
Out: PDF bytes: one portrait page in the edition's language (from
     messages/instructions.yaml; English with a warning for a language it does
     not have), with a diagram of both sides of the sheet drawn from the same
     fold geometry as the brochure, so the fold lines shown are the real ones.
     The folding steps, the panel numbers (reading order) and the fold numbers
     (the order the folds are made) follow the fold's panel map
     (`fold.panel_map`), so a Z fold gets Z-fold steps.

Text is set with the brochure's own layout machinery: the `Typesetter` sets each
paragraph and list into a `Frame` of tagged runs (fonts, fallback fonts and glyph
checks as in the brochure), and the brochure's painter (`draw.draw_block`) paints
them. The diagram is drawn on the canvas. The sheet is tagged like the brochure
(`tagging.py`): H1 for its title, H2 for its headings, P, a numbered L for the
steps, and the diagram as a Figure whose /Alt names the panels in reading order.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TypedDict

import yaml
from reportlab.pdfgen.canvas import Canvas

from .diagnostics import BrochureError, Finding, Location, Report, Severity, display_path
from .draw import draw_block, rl_color
from .fold import FoldPlan, OutputKind, Side, panel_map
from .fonts import face
from .frames import Frame, PlacedBlock, Tag
from .model import Color, Edition, FontFamily, PanelRole, Paper, Span
from .paint import Paint
from .pdfpack import pack_objects
from .stylesheet import StyleSheet
from .tagging import StructureBuilder
from .typeset import TextStyle, Typesetter

MESSAGES = Path(__file__).resolve().parent / "messages" / "instructions.yaml"
MARGIN = 54.0


class Sentences(TypedDict):
    """The sheet's sentences in one language (a section of messages/instructions.yaml).

    `fold_steps` and `press_text` are keyed by the fold's value ("roll", "z"); `{name}`s in the
    sentences are filled from the edition (file, paper, size, narrow, bleed, back).
    """

    title: str
    print_heading: str
    print_steps: list[str]
    check: str
    fold_heading: str
    fold_steps: dict[str, list[str]]
    diagram_inside: str
    diagram_outside: str
    diagram_fold: str
    press_heading: str
    press_text: dict[str, str]


@lru_cache(maxsize=1)
def _catalogue() -> dict[str, Sentences]:
    catalogue: dict[str, Sentences] = yaml.safe_load(MESSAGES.read_text(encoding="utf-8"))
    return catalogue


def messages_for(language: str) -> tuple[Sentences, list[Finding]]:
    """The sheet's sentences in a language (its primary subtag), or English and a warning."""
    catalogue = _catalogue()
    primary = language.split("-")[0].lower()
    if primary in catalogue:
        return catalogue[primary], []
    return catalogue["en"], [
        Finding(
            Severity.WARNING,
            f"no print instructions in '{language}' yet: English used",
            Location(MESSAGES),
            hint=f"add a '{primary}' section to {display_path(MESSAGES)}",
        )
    ]


def _fraction_inches(points: float) -> str:
    for denominator in (2, 4, 8, 16, 32):
        numerator = points / 72 * denominator
        if abs(numerator - round(numerator)) < 1e-6 and round(numerator):
            return f"{round(numerator)}/{denominator} in" if denominator > 1 else f"{round(numerator)} in"
    return f"{round(points / 72 * 25.4, 1):g} mm"


def _paper_size(paper: Paper) -> str:
    if paper.name in ("letter", "legal"):
        return f"{paper.width / 72:g} x {paper.height / 72:g} in"
    return f"{paper.width / 72 * 25.4:.0f} x {paper.height / 72 * 25.4:.0f} mm"


LEADING = 1.3  # the sheet's lines are 1.3 times their size apart ...
# ... with the baseline that far below the top of each line: the sheet's look, set by the brochure's typesetter.
SHEET_STYLE = StyleSheet(ascent=1.15)
STEP_INDENT = 18.0


@dataclass(frozen=True)
class _DiagramSlot:
    """Where the fold diagram goes among the sheet's text: `top` is the bottom of the text above it."""

    top: float


class _SheetText:
    """The sheet's text set top-down into frames with the brochure's typesetter, one placed block each."""

    def __init__(self, edition: Edition, top: float, column: float):
        self.setter = Typesetter(edition, 11.0, LEADING, hyphenate=False, sheet=SHEET_STYLE)
        self.colors = edition.design.colors
        self.report = Report()
        self.source = Location(MESSAGES)
        self.column = column
        self.y = top
        self.parts: list[PlacedBlock | _DiagramSlot] = []

    def paragraph(
        self, words: str, size: float, color: Color, bold: bool = False, after: float = 4.0, role: str = "P"
    ) -> None:
        """A paragraph (or a heading: `role`) the width of the column, `after` points above what follows."""
        style = self.setter.style(color, size=size, bold=bold, leading=LEADING, hyphenate=False)
        frame = Frame()
        frame.height = self._text(frame, words, 0.0, self.column, style, (Tag(role),))
        self._place(frame, after)

    def steps(self, items: list[str], values: dict[str, object]) -> None:
        """A numbered list: the number in the accent colour, the step's sentence indented beside it."""
        label = self.setter.style(self.colors["accent"], size=11, bold=True, leading=LEADING, hyphenate=False)
        body = self.setter.style(self.colors["text"], size=11, leading=LEADING, hyphenate=False)
        frame = Frame()
        for number, item in enumerate(items, start=1):
            tag = (Tag("L"), Tag("LI", number))
            baseline = frame.height + self.setter.baseline(label)
            self.setter.mark(frame, f"{number}.", 0.0, baseline, label, tag + (Tag("Lbl"),), self.source)
            width = self.column - STEP_INDENT
            frame.height = self._text(frame, item.format(**values), STEP_INDENT, width, body, tag + (Tag("LBody"),))
            frame.height += 4.0
        self._place(frame, 0.0)

    def diagram(self, height: float) -> None:
        """Room for the diagram, drawn where the text stands now."""
        self.parts.append(_DiagramSlot(self.y))
        self.y -= height

    def _text(self, frame: Frame, words: str, x: float, width: float, style: TextStyle, tag: tuple[Tag, ...]) -> float:
        """`words` set in the frame from its height so far down; the y below them."""
        text = (Span(words),)
        return self.setter.text(
            frame, text, x, frame.height, width, style, self.report, self.source, "instructions", tag=tag
        )

    def _place(self, frame: Frame, after: float) -> None:
        self.parts.append(frame.place(self.source, "paragraph", MARGIN, self.y))
        self.y -= frame.height + after


def draw_instructions(edition: Edition, plan: FoldPlan, office_file: str) -> tuple[bytes, list[Finding]]:
    """The one-page sheet for `edition`; `office_file` is the PDF name it tells people to print."""
    text, warnings = messages_for(edition.language)
    paper = plan.paper
    values: dict[str, object] = {
        "file": office_file,
        "paper": paper.name.capitalize() if paper.name != "a4" else "A4",
        "size": _paper_size(paper),
        "narrow": _fraction_inches(edition.design.fold_in_offset),
        # The brochure's own bleed (1/8 in in the US, 3 mm in Europe), never a number fixed in the sentences.
        "bleed": _fraction_inches(edition.design.bleed),
        "back": panel_map(plan.fold).reading_number(panel_map(plan.fold).back),
    }
    page_width, page_height = paper.height, paper.width  # portrait
    sheet = _set_text(edition, plan, text, values, page_width, page_height)
    if sheet.y < MARGIN / 2:
        raise BrochureError(
            [
                Finding(
                    Severity.ERROR,
                    "the print instructions do not fit on one page",
                    Location(MESSAGES),
                    hint="shorten the sentences for this language",
                )
            ]
        )
    return _paint(edition, plan, text, sheet.parts, (page_width, page_height)), warnings


def _set_text(
    edition: Edition, plan: FoldPlan, text: Sentences, values: dict[str, object], width: float, height: float
) -> _SheetText:
    """The sheet's text, from the top down, with a slot for the diagram; raises a character no font has."""
    fold = plan.fold.value
    colors = edition.design.colors
    sheet = _SheetText(edition, height - MARGIN, width - 2 * MARGIN)
    sheet.paragraph(edition.title, 12, colors["accent"], bold=True, after=0)
    sheet.paragraph(text["title"], 22, colors["brand"], bold=True, after=12, role="H1")
    sheet.paragraph(text["print_heading"], 14, colors["brand"], bold=True, after=2, role="H2")
    sheet.steps(text["print_steps"], values)
    sheet.paragraph(text["check"].format(**values), 11, colors["text"], after=12)
    sheet.diagram(_diagram_height(plan))
    sheet.paragraph(text["fold_heading"], 14, colors["brand"], bold=True, after=2, role="H2")
    sheet.steps(text["fold_steps"][fold], values)
    sheet.y -= 8
    sheet.paragraph(text["press_heading"], 14, colors["brand"], bold=True, after=2, role="H2")
    sheet.paragraph(text["press_text"][fold].format(**values), 11, colors["text"])
    sheet.report.raise_if_errors()
    return sheet


def _paint(
    edition: Edition,
    plan: FoldPlan,
    text: Sentences,
    parts: list[PlacedBlock | _DiagramSlot],
    size: tuple[float, float],
) -> bytes:
    """The sheet's PDF: its text blocks painted by the brochure's own painter, the diagram as a Figure."""
    buffer = io.BytesIO()
    canvas = Canvas(
        buffer,
        pagesize=size,
        invariant=1,
        pageCompression=1,
        initialFontName=face(edition.design.type.font).name,  # type: ignore[arg-type]  # a font name: the stubs say float
        lang=edition.language,
    )
    title = f"{edition.title}: {text['title']}"
    canvas.setTitle(title)
    canvas.setAuthor(edition.design.author)
    canvas.setSubject(text["title"])
    canvas.setViewerPreference("DisplayDocTitle", "true")
    tags = StructureBuilder(canvas, edition.language)
    paint = Paint(OutputKind.OFFICE)
    for number, part in enumerate(parts):
        if isinstance(part, _DiagramSlot):
            figure = tags.child(tags.root, number, "Figure")
            figure.alt = _diagram_alt(plan, text)
            with tags.content(figure):
                _diagram(canvas, plan, text, edition.design.colors, edition.design.type.font, part.top)
        else:
            draw_block(canvas, part, number, paint, tags, tags.root, edition.language)
    canvas.showPage()
    tags.next_page()
    tags.finish(title)
    canvas.save()
    return pack_objects(buffer.getvalue())


def _diagram_alt(plan: FoldPlan, text: Sentences) -> str:
    """The diagram in words, from the sheet's own translated labels: which panel number is where, and the folds."""
    sides = []
    for side, caption in zip(plan.sides, (text["diagram_outside"], text["diagram_inside"])):
        numbers = (str(panel_map(plan.fold).reading_number(panel.role)) for panel in side.panels)
        sides.append(f"{caption} " + " | ".join(numbers))
    folds = ", ".join(f"{text['diagram_fold']} {n}" for n in range(1, len(plan.sides[-1].folds) + 1))
    return "; ".join(sides) + f"; {folds}"


DIAGRAM_GAP = 24.0  # between the two sides of the sheet


def _diagram_scale(plan: FoldPlan) -> tuple[float, float, float]:
    """(width of one side, scale, height of one side): the portrait column holds both sides of the sheet."""
    side_width = (plan.paper.height - 2 * MARGIN - DIAGRAM_GAP) / 2
    scale = side_width / plan.paper.width
    return side_width, scale, plan.paper.height * scale


def _diagram_height(plan: FoldPlan) -> float:
    """How far the diagram reaches down from the text above it to the text below it (see `_diagram`)."""
    return 20 + _diagram_scale(plan)[2] + 30


def _diagram(
    canvas: Canvas, plan: FoldPlan, text: Sentences, colors: dict[str, Color], family: FontFamily, y: float
) -> float:
    """Both sides of the sheet to scale, side by side: panels numbered in reading order, folds dashed and numbered.

    Fold lines are numbered on the inside in the order they are made; a fold made backwards (the Z fold's
    first) is drawn dash-dot, as a mountain fold usually is, the others dashed.
    """
    folds = panel_map(plan.fold)
    side_width, scale, height = _diagram_scale(plan)
    label = face(family, bold=True).name
    top = y - 20
    bottom = top - height
    for column, (side, caption) in enumerate(zip(plan.sides, (text["diagram_outside"], text["diagram_inside"]))):
        x0 = MARGIN + column * (side_width + DIAGRAM_GAP)
        canvas.setFont(label, 10)
        canvas.setFillColor(rl_color(colors["text"]))
        canvas.drawString(x0, top + 5, caption)
        for panel in side.panels:
            left = x0 + (panel.rect.x0 - plan.trim.x0) * scale
            cover = panel.role == PanelRole.FRONT_COVER
            canvas.setFillColor(rl_color(colors["brand"] if cover else colors["tint"]))
            canvas.setStrokeColor(rl_color(colors["text"]))
            canvas.setLineWidth(0.5)
            canvas.rect(left, bottom, panel.rect.width * scale, height, stroke=1, fill=1)
            canvas.setFillColor(rl_color(colors["on_brand"] if cover else colors["brand"]))
            canvas.setFont(label, 16)
            canvas.drawCentredString(
                left + panel.rect.width * scale / 2, bottom + height / 2 - 6, str(folds.reading_number(panel.role))
            )
        dash: list[float] | None = None
        for index, fold_x in enumerate(side.folds):
            # The outside is the inside mirrored: its left fold line is the inside's right one.
            inside_index = index if side.side == Side.INSIDE else len(side.folds) - 1 - index
            number, direction = next((n, d) for n, (i, d) in enumerate(folds.folding, start=1) if i == inside_index)
            wanted: list[float] = [6, 2, 1, 2] if direction == "back" else [3, 2]
            if wanted != dash:  # set only on a change: the roll fold's sheet stays as it always was
                canvas.setDash(wanted)
                if dash is None:
                    canvas.setStrokeColor(rl_color(colors["accent"]))
                    canvas.setLineWidth(1)
                dash = wanted
            x = x0 + (fold_x - plan.trim.x0) * scale
            canvas.line(x, bottom - 4, x, top)
            if side.side == Side.INSIDE:
                canvas.setFont(label, 9)
                canvas.setFillColor(rl_color(colors["accent"]))
                canvas.drawCentredString(x, bottom - 14, f"{text['diagram_fold']} {number}")
        canvas.setDash()
    return bottom - 30
