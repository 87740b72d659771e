"""Preflight stage: read the produced PDF back and check it against the layout that made it.

In:  the `Layout` and the PDF bytes the draw stage produced from it.
Out: a `PreflightReport`: findings (errors stop the file from being written;
     warnings do not, unless --strict) and the measured facts, printable as a
     short report or as JSON.

The file is judged the way a print shop's software or a reader's phone sees it:
structure, text, fonts and links through our own reader (pdffile); glyph boxes and ink through
PDFium (pypdfium2). It does not trust the layout's intentions: a string that the
layout placed but the PDF does not show is an error here.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol, TypedDict

import pypdfium2

from .diagnostics import Finding, Location, Report, Severity
from .fold import Edge, FoldPlan, OutputKind, PanelGeometry, PanelPlace, panel_map
from .imagecheck import check_image_pixels, check_images
from .layout import Layout
from .layoutcheck import below_floor, smallest_text
from .limits import FOLD_SAFETY, OFFICE_UNPRINTABLE, READABLE_FLOOR, TRIM_SAFETY
from .linkcheck import check_links, check_numbers
from .model import Table, block_texts, plain_text
from .pdffacts import PdfFacts, squash
from .pdfobjects import PdfError, resolve
from .pdfpages import PdfPages
from .pdfstructure import read_structure
from .pdfua import RULES, check_rules, panel_texts, tree_panel_texts

if TYPE_CHECKING:
    from collections.abc import Callable

    from PIL import Image as PILImage

BORDER_RASTER_SCALE = 1.0  # one pixel per point is enough to see ink in a 1/4 inch border


class ReportProblem(Protocol):
    """How a check reports one problem: preflight's `error(...)` and `warning(...)`."""

    def __call__(self, message: str, where: str = "", hint: str = "", location: Location | None = ...) -> None: ...


# A page box as PDF writes it: x0, y0, x1, y1 in points.
Box = tuple[float, float, float, float]


class PreflightFacts(TypedDict, total=False):
    """What preflight measured in one PDF (the "facts" of the JSON report); a check fills in its own."""

    kind: str
    deterministic: bool
    pages: int
    page_size_pt: list[float]
    trim_box: list[float]
    bleed_box: list[float]
    fold: str
    reading_order: list[str]  # the fold's panel roles in reading order
    fonts: int
    fonts_embedded: int
    font_names: list[str]
    strings: int
    strings_found: int
    glyphs_outside_safe_area: int
    smallest_type_pt: float
    body_type_pt: float
    image_ppi: list[int]
    image_difference: list[float]
    links: int
    numbers_checked: int
    language: str
    title: str
    pdfua_rules_checked: int
    pdfua_rules_failed: list[str]
    tags_in_reading_order: bool
    # the press edition's (pressflight.check_press)
    max_ink_percent: float
    ink_limit_percent: float
    rgb_operations: int
    press_images: int
    output_intent: str


@dataclass


class PreflightReport(Report):
    """What preflight found in one PDF: the findings, and the facts it measured."""

    name: str = ""
    facts: PreflightFacts = field(default_factory=PreflightFacts)

    def as_dict(self) -> dict[str, object]:
        return {
            "file": self.name,
            "ok": not self.errors,
            "errors": [_finding_dict(f) for f in self.errors],
            "warnings": [_finding_dict(f) for f in self.warnings],
            "facts": self.facts,
        }

    def summary(self) -> str:
        facts = self.facts
        size = facts.get("page_size_pt", [0, 0])
        lines = [
            f"preflight {self.name}: {'ok' if not self.errors else 'FAILED'}"
            f" ({len(self.errors)} error{'s' * (len(self.errors) != 1)}, "
            f"{len(self.warnings)} warning{'s' * (len(self.warnings) != 1)})",
            f"  pages {facts.get('pages')}, {size[0]:g} x {size[1]:g} pt, {facts.get('kind')}"
            + (f", trim {facts.get('trim_box')}, bleed {facts.get('bleed_box')}" if facts.get("trim_box") else ""),
            f"  fonts {facts.get('fonts_embedded')}/{facts.get('fonts')} embedded and subset; "
            f"smallest type {facts.get('smallest_type_pt')} pt; {facts.get('strings_found')}/"
            f"{facts.get('strings')} strings in their panels; {facts.get('links')} links, "
            f"{facts.get('numbers_checked')} of them numbers read back and dialled in their country",
            f"  language {facts.get('language')!r}, title {facts.get('title')!r}"
            + (f", deterministic: {facts['deterministic']}" if "deterministic" in facts else ""),
            f"  tagged PDF/UA-1: {facts.get('pdfua_rules_checked')} rules checked, failed: "
            f"{', '.join(facts.get('pdfua_rules_failed') or []) or 'none'}; "
            f"reading order of the fold: {'ok' if facts.get('tags_in_reading_order') else 'WRONG'}",
        ]
        if "max_ink_percent" in facts:
            lines.append(
                f"  press colour: CMYK only ({facts.get('rgb_operations')} RGB), most ink "
                f"{facts.get('max_ink_percent')}% (limit {facts.get('ink_limit_percent'):g}%), "
                f"output intent {facts.get('output_intent')!r}"
            )
        lines.extend("  " + f.format().replace("\n", "\n  ") for f in self.findings)
        return "\n".join(lines)


def _finding_dict(finding: Finding) -> dict[str, object]:
    return {
        "message": finding.message,
        "where": finding.where,
        "hint": finding.hint,
        "file": finding.location.file if finding.location else None,
        "line": finding.location.line if finding.location else None,
    }


def preflight(
    layout: Layout, pdf: bytes, redraw: Callable[[], bytes] | None = None, name: str = ""
) -> PreflightReport:
    """Check `pdf` against `layout`. `redraw()` (optional) draws again, to prove the output deterministic.

    A render passes no `redraw`: determinism is proved by the tests, in fresh processes (tests/test_render.py).
    """
    plan = layout.plan
    edition = layout.edition
    report = PreflightReport(name=name or edition.name)
    source = Location(edition.path)

    def error(message: str, where: str = "", hint: str = "", location: Location | None = source) -> None:
        report.findings.append(Finding(Severity.ERROR, message, location, where, hint))

    def warning(message: str, where: str = "", hint: str = "", location: Location | None = source) -> None:
        report.findings.append(Finding(Severity.WARNING, message, location, where, hint))

    try:
        _check_file(layout, pdf, report, error, warning)
    except PdfError as problem:  # read lazily, a broken file can show anywhere in the checks: one clear error
        error(
            f"the PDF {report.name} cannot be read back: {problem}", hint="this is a bug in brochure: please report it"
        )
    if redraw is not None:
        deterministic = redraw() == pdf
        report.facts["deterministic"] = deterministic
        if not deterministic:
            error(
                "drawing the same layout twice gave different bytes", hint="this is a bug in brochure: please report it"
            )
    report.facts["kind"] = plan.kind.value
    return report


def _check_file(
    layout: Layout, pdf: bytes, report: PreflightReport, error: ReportProblem, warning: ReportProblem
) -> None:
    """Every check of the file read back (see `preflight`)."""
    plan = layout.plan
    facts = PdfFacts(pdf)
    _check_pages_and_boxes(plan, facts, report, error)
    _check_panel_map(plan, report, error)
    _check_fonts(facts, pdf, report, error)
    with PdfPages(pdf) as document:  # each page and its text read once by PDFium, for all the checks
        _check_strings(layout, document, facts, report, error)
        sizes = _check_positions(plan, document, report, error)
        if plan.kind == OutputKind.OFFICE:
            _check_unprintable_border(plan, document, error)
        check_links(layout, facts, document, report, error)
        check_numbers(layout, facts, document, report, error)
        check_image_pixels(layout, document, report, error)
    _check_type_sizes(sizes, report, error, warning, layout)
    check_images(layout, report)
    _check_metadata(layout, facts, report, error)
    if plan.kind == OutputKind.PRESS:
        from .pressflight import check_press

        report.facts.update(check_press(layout, facts, error, warning))
    _check_accessibility(layout, pdf, facts, report, error)


def _check_pages_and_boxes(plan: FoldPlan, facts: PdfFacts, report: PreflightReport, error: ReportProblem) -> None:
    pages = len(facts.pages)
    report.facts["pages"] = pages
    report.facts["page_size_pt"] = [round(plan.page_width, 2), round(plan.page_height, 2)]
    if pages != len(plan.sides):
        error(f"the PDF has {pages} pages, expected {len(plan.sides)}")
    for number in range(1, min(pages, len(plan.sides)) + 1):
        media = facts.box(number, "MediaBox")
        trim = facts.box(number, "TrimBox")
        bleed = facts.box(number, "BleedBox")
        expected_media = plan.sides[number - 1].media
        if not _close(media, expected_media.as_tuple()):
            error(f"page {number}: MediaBox {media} should be {_rounded(expected_media.as_tuple())}")
        if plan.kind == OutputKind.PRESS:
            if not _close(trim, plan.trim.as_tuple()):
                error(
                    f"page {number}: TrimBox {trim} should be {_rounded(plan.trim.as_tuple())}",
                    hint="print shops cut along the TrimBox",
                )
            if not _close(bleed, plan.bleed.as_tuple()):
                error(f"page {number}: BleedBox {bleed} should be {_rounded(plan.bleed.as_tuple())}")
            if trim and bleed and media and not (_contains(media, bleed) and _contains(bleed, trim)):
                error(f"page {number}: boxes do not nest (MediaBox contains BleedBox contains TrimBox)")
            report.facts["trim_box"] = _rounded(plan.trim.as_tuple())
            report.facts["bleed_box"] = _rounded(plan.bleed.as_tuple())
        elif trim is not None and not _close(trim, media):
            error(f"page {number}: an office edition should have no TrimBox apart from the page")


def _check_panel_map(plan: FoldPlan, report: PreflightReport, error: ReportProblem) -> None:
    """Every panel where the fold's panel map puts it; the screen edition's pages in its reading order.

    With the string check (each panel's text on its page, inside its rectangle) this proves the PDF
    itself follows the map, not just the plan.
    """
    mapping = panel_map(plan.fold)
    report.facts["fold"] = plan.fold.value
    report.facts["reading_order"] = [role.value for role in mapping.reading_order]
    if plan.kind == OutputKind.SCREEN:
        pages = tuple(side.panels[0].role for side in plan.sides)
        if pages != mapping.reading_order:
            error(
                f"the screen pages are in the order {', '.join(r.value for r in pages)}, not the reading order",
                hint="this is a bug in brochure: please report it",
            )
        return
    for side in plan.sides:
        for panel in side.panels:
            if mapping.place(panel.role) != PanelPlace(panel.role, side.side, panel.index):
                error(
                    f"panel '{panel.role.value}' is printed on the {side.side.value} at position {panel.index + 1}, "
                    f"not where the {plan.fold.value} fold's panel map puts it",
                    hint="this is a bug in brochure: please report it",
                )


def _check_fonts(facts: PdfFacts, pdf: bytes, report: PreflightReport, error: ReportProblem) -> None:
    fonts = facts.fonts()
    report.facts["fonts"] = len(fonts)
    good = [f for f in fonts if f.embedded and f.subset]
    report.facts["fonts_embedded"] = len(good)
    report.facts["font_names"] = sorted({f.name.lstrip("/") for f in fonts})
    for font in fonts:
        if not font.embedded:
            error(f"font {font.name} is not embedded", hint="print shops reject files with unembedded fonts")
        elif not font.subset:
            error(f"font {font.name} is embedded whole, not as a subset")
    # Read from the font objects, not the raw bytes: most objects sit in a compressed object stream.
    standard = re.compile(r"^/(Helvetica|Times|Courier|Symbol|ZapfDingbats)")
    for name in sorted({f.name for f in fonts if standard.match(f.name)}):
        error(f"the file refers to the standard font {name}, which is never embedded")


def _check_strings(
    layout: Layout, document: PdfPages, facts: PdfFacts, report: PreflightReport, error: ReportProblem
) -> None:
    plan = layout.plan
    expected = found = 0
    for panel in layout.edition.panels:
        rect = plan.panel(panel.role).rect
        page = layout.plan.page_of(panel.role)
        textpage = document.textpage(page)
        # PDFium is fast and joins words broken by a soft hyphen, as a reader's copy-paste does ...
        in_panel = squash(textpage.get_text_bounded(rect.x0, rect.y0, rect.x1, rect.y1))
        exact = None
        for block in panel.all_blocks:
            for text in block_texts(block):
                expected += 1
                words = plain_text(text)
                if squash(words) in in_panel:
                    found += 1
                    continue
                # A table cell that wraps shares its lines with its neighbours' cells: extracted line by line,
                # its words are interleaved with theirs, so each word is looked for on its own.
                if isinstance(block, Table) and all(squash(word) in in_panel for word in words.split()):
                    found += 1
                    continue
                # ... but it also takes a real hyphen at a line end ("U-" / "visa") for a soft one and drops
                # it, so a miss is checked again in the exact extraction (pdftext) before it is reported.
                if exact is None:
                    exact = squash(facts.text_in(page, rect.x0, rect.x1))
                if squash(words) in exact:
                    found += 1
                else:
                    error(
                        f'text not found in the PDF: "{words[:60]}"',
                        f"panel '{panel.role.value}'",
                        location=block.source,
                        hint="this is a bug in brochure: please report it",
                    )
    report.facts["strings"] = expected
    report.facts["strings_found"] = found


def _check_positions(plan: FoldPlan, document: PdfPages, report: PreflightReport, error: ReportProblem) -> list[float]:
    """Every glyph inside its panel's safe area: clear of the folds and of the trim (or the office border).

    Returns the type size of every glyph, for the size check.
    """
    near = 0
    sizes: list[float] = []
    for side in plan.sides:
        glyphs = document.glyphs(side.page_number)
        # Each panel's columns and its safe area with the 0.01 pt of slack, worked out once per page, not per glyph.
        columns = [
            (p.rect.x0, p.rect.x1, p, p.safe.x0 - 0.01, p.safe.x1 + 0.01, p.safe.y0 - 0.01, p.safe.y1 + 0.01)
            for p in side.panels
        ]
        shown: list[int] = []  # the glyphs that print: their sizes are asked of PDFium in one go
        for index, (char, box) in enumerate(zip(glyphs.text, glyphs.boxes)):
            if char.isspace():
                continue
            left, bottom, right, top = box if box is not None else glyphs.box(index)  # (which raises)
            if right - left <= 0:
                continue
            shown.append(index)
            centre = (left + right) / 2
            for column in columns:
                if column[0] <= centre < column[1]:
                    break
            else:
                error(f"page {side.page_number}: text at x={left:.1f} pt lies outside every panel")
                continue
            _, _, panel, safe_left, safe_right, safe_bottom, safe_top = column
            if left < safe_left or right > safe_right or bottom < safe_bottom or top > safe_top:
                near += 1
                if near <= 5:
                    _report_near(plan, side.page_number, char, (left, bottom, right, top), panel, error)
        sizes += document.font_sizes(side.page_number, shown)
    report.facts["glyphs_outside_safe_area"] = near
    return sizes


def _report_near(plan: FoldPlan, page: int, char: str, box: Box, panel: PanelGeometry, error: ReportProblem) -> None:
    """One glyph too close to a fold or an edge of its panel: which, and what to do."""
    left, bottom, right, _ = box
    safe = panel.safe
    edge = (
        "a fold"
        if (left < safe.x0 and panel.left_edge == Edge.FOLD) or (right > safe.x1 and panel.right_edge == Edge.FOLD)
        else "the edge"
    )
    error(
        f"page {page}: '{char}' at ({left:.1f}, {bottom:.1f}) pt is too close to {edge}",
        f"panel '{panel.role.value}'",
        hint=f"text must stay {FOLD_SAFETY / 72:.3g} in from folds and "
        f"{(OFFICE_UNPRINTABLE if plan.kind == OutputKind.OFFICE else TRIM_SAFETY) / 72:.3g} in "
        "from the edge: widen margins in brochure.yaml",
    )


def _check_unprintable_border(plan: FoldPlan, document: PdfPages, error: ReportProblem) -> None:
    """Office printers cannot print the outer 1/4 in: any ink there would be cut off."""
    border = int(OFFICE_UNPRINTABLE * BORDER_RASTER_SCALE) - 1
    for side in plan.sides:
        page = document.page(side.page_number)
        inked = sum(sum(strip.histogram()[:250]) for strip in _border_strips(page, border))
        if inked:
            error(
                f"page {side.page_number}: {inked} pixels of ink within 1/4 in of the sheet edge",
                hint="office printers cannot print there; keep backgrounds and images inside the margins",
            )


BORDER_OVERLAP = 8  # pixels rendered beyond each strip and then cut off: PDFium's edge antialiasing stays out


def _border_strips(page: pypdfium2.PdfPage, border: int) -> list[PILImage.Image]:
    """The top, bottom, left and right `border` pixels of the page as PIL greyscale images, each rendered on
    its own (a thirtieth of the page's pixels) on the very pixel grid of a whole-page render.

    A strip is rendered `BORDER_OVERLAP` pixels wider inward and cut back, so its pixels equal the whole
    page's: rendered exactly to its edge, antialiasing along the cut would differ by a few pixels.
    """
    scale = BORDER_RASTER_SCALE
    width, height = math.ceil(page.get_width() * scale), math.ceil(page.get_height() * scale)
    reach = border + BORDER_OVERLAP
    # (pixels cut away from the left, bottom, right, top of the page; the strip's box in what is left)
    cuts = [
        ((0, height - reach, 0, 0), (0, 0, width, border)),
        ((0, 0, 0, height - reach), (0, BORDER_OVERLAP, width, reach)),
        ((0, 0, width - reach, 0), (0, 0, border, height)),
        ((width - reach, 0, 0, 0), (BORDER_OVERLAP, 0, reach, height)),
    ]
    return [
        page.render(scale=scale, crop=tuple(c / scale for c in cut)).to_pil().convert("L").crop(box)
        for cut, box in cuts
    ]


def _check_type_sizes(
    sizes: list[float], report: PreflightReport, error: ReportProblem, warning: ReportProblem, layout: Layout
) -> None:
    smallest = round(min(sizes), 2) if sizes else 0.0
    report.facts["smallest_type_pt"] = smallest
    report.facts["body_type_pt"] = layout.body_size
    if sizes and smallest < READABLE_FLOOR - 0.01:
        # The PDF knows sizes, not the data file's lines: when the layout set that text, it is located at its block.
        found = smallest_text(layout)
        if found and found[0] < READABLE_FLOOR - 0.01:
            report.findings.append(below_floor(smallest, found[1], found[2]))
        else:
            error(
                f"text set at {smallest:g} pt, below the readable floor of {READABLE_FLOOR:g} pt",
                hint="the layout did not set text this small: this is a bug in brochure, please report it",
            )
    if layout.body_size < layout.edition.design.type.min_body_size - 0.01:
        warning(f"body text at {layout.body_size:g} pt is below the design's minimum")


def _check_metadata(layout: Layout, facts: PdfFacts, report: PreflightReport, error: ReportProblem) -> None:
    edition = layout.edition
    language = str(resolve(facts.catalog.get("/Lang", "")))
    title = facts.metadata.get("/Title", "")
    report.facts["language"] = language
    report.facts["title"] = title
    if language != edition.language:
        error(f"document language is {language!r}, expected {edition.language!r}")
    if title != edition.title:
        error(f"document title is {title!r}, expected {edition.title!r}")


def _check_accessibility(
    layout: Layout, pdf: bytes, facts: PdfFacts, report: PreflightReport, error: ReportProblem
) -> None:
    """PDF/UA-1 rules, and the reading order of the structure tree against the fold's.

    (Heading levels and contrast, which a person can get wrong, are checked at the layout: readability.py.)
    """
    structure = read_structure(pdf, facts.document)
    failures = check_rules(structure)
    for failure in failures:
        error(
            f"PDF/UA-1 rule {failure.rule} ({RULES[failure.rule]}) fails: {failure.message}",
            hint="this is a bug in brochure: please report it",
        )
    # A panel with nothing to read (blank: true, or only decoration) has no Sect in the tree.
    expected = [(name, text) for name, text in panel_texts(layout) if squash(text)]
    found = tree_panel_texts(structure)
    in_order = [squash(text) for _, text in expected] == [squash(text) for text in found]
    if not in_order:
        wrong = next(
            (name for (name, text), got in zip(expected, found) if squash(text) != squash(got)),
            f"{len(found)} sections for {len(expected)} panels",
        )
        error(
            f"the structure tree does not read the panels in the fold's reading order (first difference: {wrong})",
            hint="this is a bug in brochure: please report it",
        )
    report.facts["pdfua_rules_checked"] = len(RULES)
    report.facts["pdfua_rules_failed"] = sorted({f.rule for f in failures})
    report.facts["tags_in_reading_order"] = in_order


def _close(box: Box | None, expected: Box | None, tolerance: float = 0.01) -> bool:
    return box is not None and expected is not None and all(abs(a - b) <= tolerance for a, b in zip(box, expected))


def _contains(outer: Box, inner: Box) -> bool:
    return (
        outer[0] <= inner[0] + 0.01
        and outer[1] <= inner[1] + 0.01
        and outer[2] >= inner[2] - 0.01
        and outer[3] >= inner[3] - 0.01
    )


def _rounded(box: Box) -> list[float]:
    return [round(v, 2) for v in box]
