"""Print-instructions sheet (draw side): one page telling an office user how to print and fold.

In:  an `Edition`, the paper, and the `FoldPlan` of its office edition.
Out: PDF bytes: one portrait page in the edition's language (from
     messages/instructions.yaml; English with a warning for a language it does
     not have), with a diagram of both sides of the sheet drawn from the same
     fold geometry as the brochure, so the fold lines shown are the real ones.
     The folding steps, the panel numbers (reading order) and the fold numbers
     (the order the folds are made) follow the fold's panel map
     (`fold.panel_map`), so a Z fold gets Z-fold steps.

Text is set with the brochure's own line breaker and fonts; like `draw`, this
module paints with a ReportLab canvas and embeds every font it uses. The sheet
is tagged like the brochure (`tagging.py`): H1 for its title, H2 for its
headings, P, a numbered L for the steps, and the diagram as a Figure whose
/Alt names the panels in reading order.
"""

from __future__ import annotations

import io
from functools import lru_cache
from itertools import count
from pathlib import Path
from typing import TypedDict

import yaml
from reportlab.pdfgen.canvas import Canvas

from .catalog import document
from .diagnostics import BrochureError, Finding, Location, Severity, display_path
from .draw import rl_color
from .fold import FoldPlan, Side, panel_map
from .fonts import face
from .linebreak import Piece, Style, wrap
from .model import Color, Edition, FontFamily, PanelRole, Paper
from .pdfpack import pack_objects
from .tagging import Element, StructureBuilder

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
            Location(display_path(MESSAGES)),
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


def draw_instructions(edition: Edition, plan: FoldPlan, office_file: str) -> tuple[bytes, list[Finding]]:
    """The one-page sheet for `edition`; `office_file` is the PDF name it tells people to print."""
    text, warnings = messages_for(edition.language)
    fold = plan.fold.value
    paper = plan.paper
    values = {
        "file": office_file,
        "paper": paper.name.capitalize() if paper.name != "a4" else "A4",
        "size": _paper_size(paper),
        "narrow": _fraction_inches(edition.design.fold_in_offset),
        # The brochure's own bleed (1/8 in in the US, 3 mm in Europe), never a number fixed in the sentences.
        "bleed": _fraction_inches(edition.design.bleed),
        "back": panel_map(plan.fold).reading_number(panel_map(plan.fold).back),
    }
    colors = edition.design.colors
    page_width, page_height = paper.height, paper.width  # portrait
    buffer = io.BytesIO()
    family = edition.design.type.font
    canvas = Canvas(
        buffer,
        pagesize=(page_width, page_height),
        invariant=1,
        pageCompression=1,
        initialFontName=face(family).name,  # type: ignore[arg-type]  # a font name: the stubs say float
        lang=edition.language,
    )
    canvas.setTitle(f"{edition.title}: {text['title']}")
    canvas.setAuthor(edition.design.author)
    canvas.setSubject(text["title"])
    canvas.setViewerPreference("DisplayDocTitle", "true")
    tags = StructureBuilder(canvas, edition.language)
    keys = count()
    column = page_width - 2 * MARGIN
    y = page_height - MARGIN

    def paragraph(
        words: str,
        size: float,
        bold: bool = False,
        color: Color = colors["text"],
        indent: float = 0.0,
        after: float = 4.0,
        role: str = "P",
        element: Element | None = None,
    ) -> None:
        """Set `words`; they are the content of `element`, or of a new `role` element of the document."""
        nonlocal y
        style = Style(face(family, bold=bold), size, color)
        with tags.content(element or tags.child(tags.root, next(keys), role)):
            for line in wrap([Piece(words, style)], column - indent).lines:
                y -= size * 1.3
                for fragment in line.fragments:
                    canvas.setFont(fragment.style.face.name, size)
                    canvas.setFillColor(rl_color(fragment.style.color))
                    canvas.drawString(MARGIN + indent + fragment.x, y, fragment.text)
        y -= after

    def steps(items: list[str]) -> None:
        numbered = tags.child(tags.root, next(keys), "L")
        for number, item in enumerate(items, start=1):
            entry = tags.child(numbered, number, "LI")
            with tags.content(tags.child(entry, "label", "Lbl")):
                canvas.setFont(face(family, bold=True).name, 11)
                canvas.setFillColor(rl_color(colors["accent"]))
                canvas.drawString(MARGIN, y - 11 * 1.3, f"{number}.")
            paragraph(item.format(**values), 11, indent=18, element=tags.child(entry, "body", "LBody"))

    paragraph(edition.title, 12, bold=True, color=colors["accent"], after=0)
    paragraph(text["title"], 22, bold=True, color=colors["brand"], after=12, role="H1")
    paragraph(text["print_heading"], 14, bold=True, color=colors["brand"], after=2, role="H2")
    steps(text["print_steps"])
    paragraph(text["check"].format(**values), 11, after=12)
    figure = tags.child(tags.root, next(keys), "Figure")
    figure.alt = _diagram_alt(plan, text)
    with tags.content(figure):
        y = _diagram(canvas, plan, text, colors, family, y)
    paragraph(text["fold_heading"], 14, bold=True, color=colors["brand"], after=2, role="H2")
    steps(text["fold_steps"][fold])
    y -= 8
    paragraph(text["press_heading"], 14, bold=True, color=colors["brand"], after=2, role="H2")
    paragraph(text["press_text"][fold].format(**values), 11)
    if y < MARGIN / 2:
        raise BrochureError(
            [
                Finding(
                    Severity.ERROR,
                    "the print instructions do not fit on one page",
                    Location(display_path(MESSAGES)),
                    hint="shorten the sentences for this language",
                )
            ]
        )
    canvas.showPage()
    tags.next_page()
    tags.finish(document(canvas).info.title)
    canvas.save()
    return pack_objects(buffer.getvalue()), warnings


def _diagram_alt(plan: FoldPlan, text: Sentences) -> str:
    """The diagram in words, from the sheet's own translated labels: which panel number is where, and the folds."""
    sides = []
    for side, caption in zip(plan.sides, (text["diagram_outside"], text["diagram_inside"])):
        numbers = (str(panel_map(plan.fold).reading_number(panel.role)) for panel in side.panels)
        sides.append(f"{caption} " + " | ".join(numbers))
    folds = ", ".join(f"{text['diagram_fold']} {n}" for n in range(1, len(plan.sides[-1].folds) + 1))
    return "; ".join(sides) + f"; {folds}"


def _diagram(
    canvas: Canvas, plan: FoldPlan, text: Sentences, colors: dict[str, Color], family: FontFamily, y: float
) -> float:
    """Both sides of the sheet to scale, side by side: panels numbered in reading order, folds dashed and numbered.

    Fold lines are numbered on the inside in the order they are made; a fold made backwards (the Z fold's
    first) is drawn dash-dot, as a mountain fold usually is, the others dashed.
    """
    folds = panel_map(plan.fold)
    gap = 24.0
    side_width = (plan.paper.height - 2 * MARGIN - gap) / 2  # the portrait column holds two sheets
    scale = side_width / plan.paper.width
    height = plan.paper.height * scale
    label = face(family, bold=True).name
    top = y - 20
    bottom = top - height
    for column, (side, caption) in enumerate(zip(plan.sides, (text["diagram_outside"], text["diagram_inside"]))):
        x0 = MARGIN + column * (side_width + gap)
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
