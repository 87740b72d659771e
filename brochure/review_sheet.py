"""Review sheet (draw side): a translation beside its source, block by block, to mark up on paper.

In:  the path of a translation (an edition with `source:`).
Out: `ReviewSheet`: PDF bytes (portrait pages of the brochure's first paper) and the
     findings of the translation checks; or `BrochureError` when an edition cannot be
     read, is a source edition, or does not match its source block for block.

The sheet shows, panel by panel in reading order, one row per block: the block
number and kind, the source text and the translation side by side, each bullet on
its own line with its line number in the YAML file. Term warnings are printed
under the block they concern. Then come the term list (this language's approved
renderings), the open questions for the brochure's owner and a sign-off box. Text
is set with the brochure's own fonts and line breaker (Chinese rules, numbers never
broken); ReportLab's invariant mode makes the bytes the same on every run.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from reportlab.pdfgen.canvas import Canvas

from .consistency import BlockPair, check_translation, paired_blocks
from .diagnostics import BrochureError, Finding, Location, Severity, display_path
from .draw import rl_color
from .fold import OutputKind, fold_sheet
from .fonts import face
from .linebreak import Line, Piece, Style, wrap
from .load import load_edition
from .model import (
    Block,
    BulletItem,
    BulletList,
    Color,
    Edition,
    FontFamily,
    PanelRole,
    Text,
    block_kind,
    block_texts,
)
from .output import OutFile, commit
from .products import source_files
from .terms import TermList, load_terms

if TYPE_CHECKING:
    import argparse

MARGIN = 40.0
SIZE = 9.5  # body text: small enough for long blocks, large enough to read and mark
LEADING = 1.4
SMALL = 7.0  # line numbers, captions
NUMBER_COLUMN = 34.0  # the block number
GUTTER = 20.0  # the YAML line numbers, at the left of each text column
GAP = 10.0
BULLET_INDENT = 9.0
PAD = 5.0  # above and below the text of a row: room for marks

GREY = Color("#6B6B6B")
RULE = Color("#B8B8B8")
WARN = Color("#C4262E")
POSITION_NAMES = ("left", "middle", "right")


@dataclass(frozen=True)
class ReviewSheet:
    """A rendered review sheet and what the checks found (warnings; errors stop it being made)."""

    edition: Edition
    source: Edition
    pdf: bytes
    pages: int
    terms: int  # how many terms of the list this language has
    questions: int
    findings: tuple[Finding, ...]


def review_sheet_name(edition: Edition) -> str:
    """The sheet's file name, e.g. ct-human-trafficking-es-review.pdf."""
    return f"{edition.name}-review.pdf"


def make_review_sheet(path: Path | str) -> ReviewSheet:
    """Load a translation and its source, check them, and draw the sheet. Raises BrochureError."""
    translation, warnings = load_edition(path)
    if not translation.source_edition:
        raise BrochureError(
            [
                Finding(
                    Severity.ERROR,
                    "this is a source edition: a review sheet is made for a translation (an edition with source:)",
                    Location(translation.path),
                    hint="give a translation, e.g. data/ct-human-trafficking/es.yaml, or --all",
                )
            ]
        )
    source_path = translation.path.parent / f"{translation.source_edition}.yaml"
    if not source_path.exists():
        raise BrochureError(
            [Finding(Severity.ERROR, f"source edition not found: {display_path(source_path)}", where="source")]
        )
    source, _ = load_edition(source_path)
    findings = warnings + check_translation(source, translation)
    if any(f.severity == Severity.ERROR for f in findings):
        raise BrochureError(findings)
    terms, _ = load_terms(translation.path.parent, source.code)  # its problems are among `findings`
    pdf, pages = _draw(source, translation, terms, [f for f in findings if f.location])
    listed = len(terms.for_language(translation.code)) if terms else 0
    return ReviewSheet(translation, source, pdf, pages, listed, len(terms.questions) if terms else 0, tuple(findings))


# ---------------------------------------------------------------- drawing


@dataclass(frozen=True)
class _Unit:
    """One run of text in a cell: a heading, a paragraph, a bullet (depth 1, 2) or a contact line."""

    line: int  # in the YAML file; 0: the same line as the unit above
    text: Text
    depth: int = 0
    bold: bool = False


def _units(block: Block | None) -> list[_Unit]:
    if block is None:
        return []
    if isinstance(block, BulletList):
        units: list[_Unit] = []

        def walk(items: tuple[BulletItem, ...], depth: int) -> None:
            for item in items:
                units.append(_Unit(item.source.line, item.text, depth))
                walk(item.children, depth + 1)

        walk(block.items, 1)
        return units
    kind = block_kind(block)
    texts = block_texts(block)
    bold_first = kind in ("heading", "statistic", "contact")
    return [_Unit(block.source.line if i == 0 else 0, text, 0, bold_first and i == 0) for i, text in enumerate(texts)]


class _Page:
    """A canvas with a cursor: text is set with the brochure's line breaker, pages break between rows."""

    def __init__(self, source: Edition, translation: Edition):
        paper = translation.design.papers[0]
        self.width, self.height = paper.height, paper.width  # portrait
        self.buffer = io.BytesIO()
        self.source, self.translation = source, translation
        self.latin = source.design.type.font
        self.canvas = Canvas(
            self.buffer,
            pagesize=(self.width, self.height),
            invariant=1,
            pageCompression=1,
            initialFontName=face(self.latin).name,  # type: ignore[arg-type]  # a font name: the stubs say float
            lang=translation.language,
        )
        self.canvas.setTitle(f"Review sheet: {translation.title} ({translation.language})")
        self.canvas.setAuthor(translation.design.author)
        self.canvas.setSubject(f"{display_path(translation.path)} beside {display_path(source.path)}, block by block")
        self.canvas.setCreator("brochure: review sheet (render.py --review)")
        self.page = 0
        self.y = 0.0
        self.column = (self.width - 2 * MARGIN - NUMBER_COLUMN - GAP) / 2
        self.new_page()

    # -- text

    def lines(
        self,
        text: Text | str,
        family: FontFamily,
        size: float,
        width: float,
        bold: bool = False,
        color: Color | None = None,
    ) -> tuple[Line, ...]:
        """The wrapped lines of a text (spans keep their bold and italic; numbers stay whole)."""
        ink = color or self.translation.design.colors["text"]
        if isinstance(text, str):
            pieces = [Piece(text, Style(face(family, bold=bold), size, ink))]
        else:
            pieces = [
                Piece(
                    span.text.replace("\n", " "),  # a forced line break of the brochure: a space here
                    Style(face(family, bold=bold or span.bold, italic=span.italic), size, ink),
                    span.unbreakable,
                )
                for span in text
                if span.text
            ]
        return wrap(pieces, width).lines if pieces else ()

    def draw_lines(self, lines: tuple[Line, ...], x: float, y: float, size: float) -> float:
        for line in lines:
            y -= size * LEADING
            for fragment in line.fragments:
                self.canvas.setFont(fragment.style.face.name, fragment.style.size)
                self.canvas.setFillColor(rl_color(fragment.style.color))
                self.canvas.drawString(x + fragment.x, y + size * 0.25, fragment.text)
        return y

    def paragraph(
        self,
        text: str,
        size: float = SIZE,
        bold: bool = False,
        color: Color | None = None,
        family: FontFamily | None = None,
        indent: float = 0.0,
        after: float = 3.0,
    ) -> None:
        lines = self.lines(text, family or self.latin, size, self.width - 2 * MARGIN - indent, bold, color)
        self.room(len(lines) * size * LEADING)
        self.y = self.draw_lines(lines, MARGIN + indent, self.y, size) - after

    # -- pages

    def room(self, height: float) -> bool:
        """Start a new page unless `height` points fit above the bottom margin; True if it did."""
        if self.y - height >= MARGIN + 14:
            return False
        self.new_page()
        return True

    def new_page(self) -> None:
        if self.page:
            self.canvas.showPage()
        self.page += 1
        c = self.canvas
        c.setFont(face(self.latin).name, SMALL)
        c.setFillColor(rl_color(GREY))
        t = self.translation
        c.drawString(
            MARGIN,
            self.height - MARGIN + 12,
            f"Review sheet · {t.brochure} · {t.code} ({t.language}) · status: {t.review.status.value}",
        )
        c.drawRightString(self.width - MARGIN, self.height - MARGIN + 12, f"page {self.page}")
        c.drawString(
            MARGIN,
            MARGIN - 16,
            f"left: {self.source.path.name}, right: {t.path.name}; grey numbers: lines of the YAML files",
        )
        c.drawRightString(self.width - MARGIN, MARGIN - 16, "Reviewer's initials: ________")
        self.y = self.height - MARGIN

    def rule(self, color: Color = RULE, width: float = 0.5) -> None:
        self.canvas.setStrokeColor(rl_color(color))
        self.canvas.setLineWidth(width)
        self.canvas.line(MARGIN, self.y, self.width - MARGIN, self.y)

    def finish(self) -> bytes:
        self.canvas.showPage()
        self.canvas.save()
        return self.buffer.getvalue()


@dataclass(frozen=True)
class _Laid:
    """A unit set in a column: its YAML line (0: none shown), bullet depth, indent and wrapped lines."""

    line: int
    depth: int
    indent: float
    lines: tuple[Line, ...]

    @property
    def height(self) -> float:
        return len(self.lines) * SIZE * LEADING


def _cell(page: _Page, units: list[_Unit], family: FontFamily) -> list[_Laid]:
    """The units of one side of a row, wrapped to the text column (right of the line-number gutter)."""
    laid: list[_Laid] = []
    for unit in units:
        indent = BULLET_INDENT * unit.depth
        lines = page.lines(unit.text, family, SIZE, page.column - GUTTER - indent, unit.bold)
        laid.append(_Laid(unit.line, unit.depth, indent, tuple(lines)))
    return laid


def _remark(page: _Page, words: str, color: Color) -> list[_Laid]:
    """A cell holding only a remark in the sheet's own words, e.g. '(missing in the translation)'."""
    return [_Laid(0, 0, 0.0, tuple(page.lines(words, page.latin, SIZE, page.column - GUTTER, color=color)))]


def _draw_cell(page: _Page, laid: list[_Laid], x: float, y: float) -> None:
    c = page.canvas
    for unit in laid:
        baseline = y - SIZE * LEADING + SIZE * 0.25
        if unit.line:
            c.setFont(face(page.latin).name, SMALL)
            c.setFillColor(rl_color(GREY))
            c.drawRightString(x + GUTTER - 5, baseline, str(unit.line))
        if unit.depth:
            c.setFillColor(rl_color(page.translation.design.colors["accent"]))
            c.setFont(face(page.latin).name, SIZE)
            c.drawString(x + GUTTER + unit.indent - BULLET_INDENT, baseline, "•" if unit.depth == 1 else "–")
        page.draw_lines(unit.lines, x + GUTTER + unit.indent, y, SIZE)
        y -= unit.height


def _row(page: _Page, pair: BlockPair, notes: list[Finding]) -> None:
    """One block: its number and kind, the source (left), the translation and its term warnings (right)."""
    left_x = MARGIN + NUMBER_COLUMN
    right_x = left_x + page.column + GAP
    left = _cell(page, _units(pair.source), page.latin)
    right = _cell(page, _units(pair.block), page.translation.design.type.font)
    note_lines = [page.lines(_note(f), page.latin, SMALL + 0.5, page.column - GUTTER, color=WARN) for f in notes]
    if pair.source is None:
        left = _remark(page, "(only in this edition: local: true)", GREY)
    if pair.block is None:
        right = _remark(page, "(missing in the translation)", WARN)
    notes_height = sum(len(lines) * (SMALL + 0.5) * LEADING for lines in note_lines)
    label = SIZE * LEADING + SMALL * 1.6  # the block number and its kind, in the first column
    height = max(label, sum(u.height for u in left), sum(u.height for u in right) + notes_height) + 2 * PAD
    page.room(height)
    top = page.y
    c = page.canvas
    number = str(pair.index + 1) if pair.index is not None else "–"
    c.setFont(face(page.latin, bold=True).name, SIZE + 1)
    c.setFillColor(rl_color(page.translation.design.colors["brand"]))
    c.drawString(MARGIN, top - PAD - SIZE * LEADING + SIZE * 0.25, number)
    c.setFont(face(page.latin).name, SMALL)
    c.setFillColor(rl_color(GREY))
    shown = pair.block if pair.block is not None else pair.source
    assert shown is not None, "a pair has a block on one side at least"
    kind = block_kind(shown)
    c.drawString(MARGIN, top - PAD - SIZE * LEADING - SMALL * 1.2, kind)
    _draw_cell(page, left, left_x, top - PAD)
    _draw_cell(page, right, right_x, top - PAD)
    y = top - PAD - sum(u.height for u in right)
    for lines in note_lines:
        y = page.draw_lines(lines, right_x + GUTTER, y, SMALL + 0.5)
    page.y = top - height
    page.rule()


def _note(finding: Finding) -> str:
    """A term warning, short enough for the margin of its row."""
    message = finding.message.split("): ", 1)[-1]
    return f"Check: {message}"


def _panel_place(translation: Edition) -> dict[PanelRole, str]:
    """Where each panel is on the printed sheet: 'outside, right'."""
    design = translation.design
    plan = fold_sheet(
        design.papers[0], design.fold, design.fold_in_offset, design.margins, OutputKind.OFFICE, design.bleed, False
    )
    return {
        panel.role: f"{panel.side.value}, {POSITION_NAMES[panel.index]}" for side in plan.sides for panel in side.panels
    }


def _draw(source: Edition, translation: Edition, terms: TermList | None, findings: list[Finding]) -> tuple[bytes, int]:
    """The sheet's PDF and its number of pages."""
    page = _Page(source, translation)
    colors = translation.design.colors
    family = translation.design.type.font
    t_file, s_file = display_path(translation.path), display_path(source.path)
    page.paragraph(f"Review sheet: {translation.title}", 16, bold=True, color=colors["brand"], family=family, after=2)
    page.paragraph(
        f"{translation.language} translation ({t_file}) of the {source.language} source ({s_file}). "
        f"Status: {translation.review.status.value}.",
        after=6,
    )
    page.paragraph(
        "How to review: read each block of the translation (right) against the source (left), in reading order. "
        "Write corrections on the right, beside the text; the grey numbers are the lines of the YAML files where "
        "the text is, block numbers are as in the messages of render.py --check. Lines in red are what the "
        "term check found. Then check the term list and the open questions on the last pages, and sign off.",
        after=8,
    )
    notes_at: dict[tuple[str, int], list[Finding]] = {}
    for finding in findings:
        if finding.location and finding.location.file == t_file:
            notes_at.setdefault((finding.where, finding.location.line), []).append(finding)
    places = _panel_place(translation)
    pairs = paired_blocks(source, translation)
    for number, panel in enumerate(translation.panels, start=1):
        rows = [p for p in pairs if p.role == panel.role and _units(p.source or p.block)]
        page.room(3 * SIZE * LEADING + 40)
        page.y -= 6
        page.paragraph(
            f"Panel {number} of {len(translation.panels)}: {panel.role.value} ({places.get(panel.role, '')})",
            11,
            bold=True,
            color=colors["brand"],
            after=2,
        )
        _column_heads(page, source, translation)
        for pair in rows:
            where = f"panel '{panel.role.value}'"
            lines = {u.line for u in _units(pair.block)} if pair.block is not None else set()
            notes = [f for (w, line), fs in sorted(notes_at.items()) if w == where and line in lines for f in fs]
            if page.room(0):
                _column_heads(page, source, translation)
            _row(page, pair, notes)
    _term_list(page, translation, terms)
    _questions(page, terms)
    _sign_off(page, translation)
    return page.finish(), page.page


def _column_heads(page: _Page, source: Edition, translation: Edition) -> None:
    page.room(SIZE * LEADING * 3)
    c = page.canvas
    left_x = MARGIN + NUMBER_COLUMN
    right_x = left_x + page.column + GAP
    c.setFont(face(page.latin, bold=True).name, SMALL + 1)
    c.setFillColor(rl_color(GREY))
    y = page.y - SMALL * 1.6
    c.drawString(MARGIN, y, "block")
    c.drawString(left_x, y, f"source: {source.language}, {source.path.name}")
    c.drawString(right_x, y, f"translation: {translation.language}, {translation.path.name}")
    page.y = y - 4
    page.rule(GREY, 0.8)


def _term_list(page: _Page, translation: Edition, terms: TermList | None) -> None:
    colors = translation.design.colors
    page.room(80)
    page.y -= 10
    page.paragraph("Term list", 13, bold=True, color=colors["brand"], after=2)
    if terms is None:
        page.paragraph("This brochure has no term list (review/terms.yaml).", color=GREY)
        return
    listed = terms.for_language(translation.code)
    page.paragraph(
        f"From {display_path(terms.path)}: each term must be rendered this way throughout the {translation.code} "
        "edition. Tick the box of each rendering you approve; write another beside it if you do not.",
        after=6,
    )
    family = translation.design.type.font
    term_width = 130.0
    box = 8.0
    text_x = MARGIN + box + 8
    rendering_x = text_x + term_width + 10
    width = page.width - MARGIN - rendering_x
    for term, rendering in listed:
        left = page.lines(term.term, page.latin, SIZE, term_width, bold=True)
        note = f"{term.note}. " if term.note else ""
        avoid = f"Not: {'; '.join(rendering.avoid)}. " if rendering.avoid else ""
        forms = f"Also as: {'; '.join(rendering.forms[1:])}. " if len(rendering.forms) > 1 else ""
        right = page.lines(rendering.approved, family, SIZE, width, bold=True)
        extra = page.lines(
            f"{forms}{avoid}{note}(line {rendering.source.line})", family, SMALL + 0.5, width, color=GREY
        )
        height = max(len(left) * SIZE * LEADING, len(right) * SIZE * LEADING + len(extra) * (SMALL + 0.5) * LEADING)
        page.room(height + 2 * PAD)
        top = page.y - PAD
        page.canvas.setStrokeColor(rl_color(GREY))
        page.canvas.setLineWidth(0.8)
        page.canvas.rect(MARGIN, top - SIZE * LEADING + 1, box, box, stroke=1, fill=0)
        page.draw_lines(left, text_x, top, SIZE)
        y = page.draw_lines(right, rendering_x, top, SIZE)
        page.draw_lines(extra, rendering_x, y, SMALL + 0.5)
        page.y = top - height - PAD
        page.rule()


def _questions(page: _Page, terms: TermList | None) -> None:
    if terms is None or not terms.questions:
        return
    colors = page.translation.design.colors
    page.room(80)
    page.y -= 10
    page.paragraph("Open questions for the brochure's owner", 13, bold=True, color=colors["brand"], after=2)
    page.paragraph(
        f"Recorded in {display_path(terms.path)}. They concern the English source, which only its owner changes; "
        "note anything the translation should do meanwhile.",
        after=6,
    )
    for number, question in enumerate(terms.questions, start=1):
        lines = page.lines(question.text, page.latin, SIZE, page.width - 2 * MARGIN - 18)
        page.room(len(lines) * SIZE * LEADING + 3 * SIZE * LEADING)
        page.canvas.setFont(face(page.latin, bold=True).name, SIZE)
        page.canvas.setFillColor(rl_color(colors["accent"]))
        page.canvas.drawString(MARGIN, page.y - SIZE * LEADING + SIZE * 0.25, f"{number}.")
        page.y = page.draw_lines(lines, MARGIN + 18, page.y, SIZE)
        for _ in range(2):  # room to answer
            page.y -= SIZE * LEADING
            page.canvas.setStrokeColor(rl_color(RULE))
            page.canvas.setLineWidth(0.5)
            page.canvas.line(MARGIN + 18, page.y, page.width - MARGIN, page.y)
        page.y -= 6


def _sign_off(page: _Page, translation: Edition) -> None:
    colors = translation.design.colors
    page.room(150)
    page.y -= 12
    page.paragraph("Sign-off", 13, bold=True, color=colors["brand"], after=2)
    page.paragraph(
        f"When every correction is made in {display_path(translation.path)}, write in that file "
        "review: status: reviewed, reviewer: (your name) and date: (YYYY-MM-DD). The draft notice then "
        "disappears from the next render.",
        after=10,
    )
    c = page.canvas
    c.setFont(face(page.latin).name, SIZE)
    c.setFillColor(rl_color(colors["text"]))
    c.setStrokeColor(rl_color(GREY))
    for label in ("Reviewer (name)", "Date", "Signature"):
        page.y -= 24
        c.drawString(MARGIN, page.y + 3, label)
        c.line(MARGIN + 90, page.y, page.width - MARGIN, page.y)


# ---------------------------------------------------------------- the command line's part


def run_review(editions: list[Path], args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """`render.py --review FILE...` or `--review --all`: write one sheet per translation; the exit status.

    With --all, source editions are skipped (they have nothing to review); named on the
    command line, one is an error. Problems are printed like every other finding; an
    edition with errors gets no sheet, and the last one written stays.
    """
    failed = written = 0
    for path in editions:
        try:
            if args.all and not load_edition(path)[0].source_edition:
                continue
            sheet = make_review_sheet(path)
        except BrochureError as error:
            failed += 1
            for finding in error.findings:
                print(finding.format(), file=err)
            print(f"FAILED  {display_path(path)}: no review sheet written for it", file=err)
            continue
        for finding in sheet.findings:
            print(finding.format(), file=err)
        target = args.output or args.out_dir / review_sheet_name(sheet.edition)
        if not args.check:
            committed = commit([OutFile(target, sheet.pdf)], source_files(path))  # never over an input
            if committed.problem:
                failed += 1
                problem = Finding(Severity.ERROR, committed.problem.message, hint=committed.problem.hint)
                print(problem.format(), file=err)
                print(f"FAILED  {display_path(path)}: no review sheet written for it", file=err)
                continue
        written += 1
        print(
            f"ok  {display_path(target) if not args.check else display_path(path)}  review sheet, {sheet.pages} pages, "
            f"{len(sheet.pdf) / 1024:.0f} KB: {sheet.edition.code} beside {sheet.source.code}, "
            f"{sheet.terms} terms, {sheet.questions} open questions",
            file=out,
        )
    if len(editions) > 1:
        verb = "checked" if args.check else "written"
        print(
            f"{written} review sheet{'s' * (written != 1)} {verb}" + (f", {failed} failed" if failed else ""), file=out
        )
    return 1 if failed else 0
