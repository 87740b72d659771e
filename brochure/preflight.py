"""Preflight stage: read the produced PDF back and check it against the layout that made it.

In:  the `Layout` and the PDF bytes the draw stage produced from it.
Out: a `PreflightReport`: findings (errors stop the file from being written;
     warnings do not, unless --strict) and the measured facts, printable as a
     short report or as JSON.

The file is judged the way a print shop's software or a reader's phone sees it:
structure, text, fonts and links through pypdf; glyph boxes and ink through
PDFium (pypdfium2). It does not trust the layout's intentions: a string that the
layout placed but the PDF does not show is an error here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import pypdfium2

from .diagnostics import Finding, Location, Report, Severity, display_path
from .fold import FOLD_SAFETY, OFFICE_UNPRINTABLE, TRIM_SAFETY, Edge, FoldPlan, OutputKind
from .layout import Layout
from .model import block_texts, plain_text
from .pdffacts import PdfFacts, squash
from .pdfstructure import read_structure
from .pdfua import RULES, check_rules, panel_texts, tree_panel_texts

READABLE_FLOOR = 8.5  # pt: nothing a reader must read is smaller (a shrunk panel's floor)
MIN_PPI_WARNING = 300
MIN_PPI_ERROR = 150
BORDER_RASTER_SCALE = 1.0  # one pixel per point is enough to see ink in a 1/4 inch border
_PHONE = re.compile(r"(?<![\w.-])(?:\+?1[-. ]?)?\(?\d{3}\)?[-. ]\d{3}[-. ]\d{4}(?![\w-])|(?<![\w-])911(?![\w-])")
_URL = re.compile(r"(?:https?://|www\.)\S+|\b[\w-]+(?:\.[\w-]+)*\.(?:org|gov|com|net|edu)(?:/\S*)?", re.I)


@dataclass
class PreflightReport(Report):
    """What preflight found in one PDF: the findings, and the facts it measured."""

    name: str = ""
    facts: dict[str, object] = field(default_factory=dict)

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
            f"{facts.get('strings')} strings in their panels; {facts.get('links')} links",
            f"  language {facts.get('language')!r}, title {facts.get('title')!r}, "
            f"deterministic: {facts.get('deterministic')}",
            f"  tagged PDF/UA-1: {facts.get('pdfua_rules_checked')} rules checked, failed: "
            f"{', '.join(facts.get('pdfua_rules_failed') or []) or 'none'}; "
            f"reading order of the fold: {'ok' if facts.get('reading_order') else 'WRONG'}",
        ]
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


def preflight(layout: Layout, pdf: bytes, redraw=None, name: str = "") -> PreflightReport:
    """Check `pdf` against `layout`. `redraw()` (optional) draws again, to prove the output deterministic."""
    plan = layout.plan
    edition = layout.edition
    report = PreflightReport(name=name or edition.name)
    facts = PdfFacts(pdf)
    source = Location(display_path(edition.path))

    def error(message: str, where: str = "", hint: str = "", location: Location | None = source) -> None:
        report.findings.append(Finding(Severity.ERROR, message, location, where, hint))

    def warning(message: str, where: str = "", hint: str = "", location: Location | None = source) -> None:
        report.findings.append(Finding(Severity.WARNING, message, location, where, hint))

    _check_pages_and_boxes(plan, facts, report, error)
    _check_fonts(facts, pdf, report, error)
    document = pypdfium2.PdfDocument(pdf)
    try:
        _check_strings(layout, document, facts, report, error)
        sizes = _check_positions(plan, document, report, error)
        if plan.kind == OutputKind.OFFICE:
            _check_unprintable_border(plan, document, error)
        _check_links(layout, facts, document, report, error)
    finally:
        document.close()
    _check_type_sizes(sizes, report, error, warning, layout)
    _check_images(layout, report, error, warning)
    _check_metadata(layout, facts, report, error)
    _check_accessibility(layout, pdf, facts, report, error)
    if redraw is not None:
        deterministic = redraw() == pdf
        report.facts["deterministic"] = deterministic
        if not deterministic:
            error(
                "drawing the same layout twice gave different bytes", hint="this is a bug in brochure: please report it"
            )
    report.facts["kind"] = plan.kind.value
    return report


def _check_pages_and_boxes(plan: FoldPlan, facts: PdfFacts, report: PreflightReport, error) -> None:
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


def _check_fonts(facts: PdfFacts, pdf: bytes, report: PreflightReport, error) -> None:
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
    layout: Layout, document: pypdfium2.PdfDocument, facts: PdfFacts, report: PreflightReport, error
) -> None:
    plan = layout.plan
    expected = found = 0
    for panel in layout.edition.panels:
        rect = plan.panel(panel.role).rect
        page = layout.plan.page_of(panel.role)
        textpage = document[page - 1].get_textpage()
        # PDFium is fast and joins words broken by a soft hyphen, as a reader's copy-paste does ...
        in_panel = squash(textpage.get_text_bounded(rect.x0, rect.y0, rect.x1, rect.y1))
        textpage.close()
        exact = None
        for block in panel.blocks:
            for text in block_texts(block):
                expected += 1
                words = plain_text(text)
                if squash(words) in in_panel:
                    found += 1
                    continue
                # ... but it also takes a real hyphen at a line end ("U-" / "visa") for a soft one and drops
                # it, so a miss is checked again in pypdf's exact extraction before it is reported.
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


def _check_positions(plan: FoldPlan, document: pypdfium2.PdfDocument, report: PreflightReport, error) -> list[float]:
    """Every glyph inside its panel's safe area: clear of the folds and of the trim (or the office border).

    Returns the type size of every glyph, for the size check.
    """
    near = 0
    sizes: list[float] = []
    for side in plan.sides:
        textpage = document[side.page_number - 1].get_textpage()
        count = textpage.count_chars()
        text = textpage.get_text_range(0, count)
        for index in range(min(count, len(text))):
            if text[index].isspace():
                continue
            left, bottom, right, top = textpage.get_charbox(index)
            if right - left <= 0:
                continue
            sizes.append(pypdfium2.raw.FPDFText_GetFontSize(textpage.raw, index))
            centre = (left + right) / 2
            panel = next((p for p in side.panels if p.rect.x0 <= centre < p.rect.x1), None)
            if panel is None:
                error(f"page {side.page_number}: text at x={left:.1f} pt lies outside every panel")
                continue
            safe = panel.safe
            if left < safe.x0 - 0.01 or right > safe.x1 + 0.01 or bottom < safe.y0 - 0.01 or top > safe.y1 + 0.01:
                near += 1
                if near <= 5:
                    edge = (
                        "a fold"
                        if (left < safe.x0 and panel.left_edge == Edge.FOLD)
                        or (right > safe.x1 and panel.right_edge == Edge.FOLD)
                        else "the edge"
                    )
                    error(
                        f"page {side.page_number}: '{text[index]}' at "
                        f"({left:.1f}, {bottom:.1f}) pt is too close to {edge}",
                        f"panel '{panel.role.value}'",
                        hint=f"text must stay {FOLD_SAFETY / 72:.3g} in from folds and "
                        f"{(OFFICE_UNPRINTABLE if plan.kind == OutputKind.OFFICE else TRIM_SAFETY) / 72:.3g} in "
                        "from the edge: widen margins in brochure.yaml",
                    )
        textpage.close()
    report.facts["glyphs_outside_safe_area"] = near
    return sizes


def _check_unprintable_border(plan: FoldPlan, document: pypdfium2.PdfDocument, error) -> None:
    """Office printers cannot print the outer 1/4 in: any ink there would be cut off."""
    border = int(OFFICE_UNPRINTABLE * BORDER_RASTER_SCALE) - 1
    for side in plan.sides:
        image = document[side.page_number - 1].render(scale=BORDER_RASTER_SCALE).to_pil().convert("L")
        width, height = image.size
        strips = [
            (0, 0, width, border),
            (0, height - border, width, height),
            (0, 0, border, height),
            (width - border, 0, width, height),
        ]
        inked = sum(sum(image.crop(strip).histogram()[:250]) for strip in strips)
        if inked:
            error(
                f"page {side.page_number}: {inked} pixels of ink within 1/4 in of the sheet edge",
                hint="office printers cannot print there; keep backgrounds and images inside the margins",
            )


def _check_type_sizes(sizes: list[float], report: PreflightReport, error, warning, layout: Layout) -> None:
    smallest = round(min(sizes), 2) if sizes else 0.0
    report.facts["smallest_type_pt"] = smallest
    report.facts["body_type_pt"] = layout.body_size
    if sizes and smallest < READABLE_FLOOR - 0.01:
        error(f"text set at {smallest:g} pt, below the readable floor of {READABLE_FLOOR:g} pt")
    if layout.body_size < layout.edition.design.type.min_body_size - 0.01:
        warning(f"body text at {layout.body_size:g} pt is below the design's minimum")


def _check_images(layout: Layout, report: PreflightReport, error, warning) -> None:
    from PIL import Image as PILImage

    resolutions = []
    for panel in layout.panels:
        for block in panel.blocks:
            for image in block.images:
                with PILImage.open(image.path) as opened:
                    pixels = opened.size[0]
                ppi = pixels / (image.rect.width / 72)
                resolutions.append(round(ppi))
                where = f"panel '{panel.role.value}'"
                name = Path(image.path).name
                if ppi < MIN_PPI_ERROR:
                    error(
                        f"image {name} prints at {ppi:.0f} ppi (below {MIN_PPI_ERROR})",
                        where,
                        location=block.source,
                        hint="use a larger image or place it smaller",
                    )
                elif ppi < MIN_PPI_WARNING:
                    warning(
                        f"image {name} prints at {ppi:.0f} ppi (below {MIN_PPI_WARNING})",
                        where,
                        location=block.source,
                        hint="it may look soft in print",
                    )
    report.facts["image_ppi"] = resolutions


def _check_links(
    layout: Layout, facts: PdfFacts, document: pypdfium2.PdfDocument, report: PreflightReport, error
) -> None:
    """Every run the layout linked has a link annotation with its target, over its text;
    every phone number or web address in the PDF's text is linked, unless the layout left it unlinked (a fax)."""
    count = 0
    annotations = {page: facts.links(page) for page in range(1, len(facts.pages) + 1)}
    unlinked_on_purpose: set[str] = set()

    def covered(links, x: float, y: float) -> list:
        return [a for a in links if a.rect[0] - 0.5 <= x <= a.rect[2] + 0.5 and a.rect[1] - 0.5 <= y <= a.rect[3] + 0.5]

    for panel in layout.panels:
        page = layout.plan.page_of(panel.role)
        for block in panel.blocks:
            for run in block.runs:
                if not run.link:
                    unlinked_on_purpose.add(run.text.strip())
                    continue
                count += 1
                if not any(a.uri == run.link for a in covered(annotations.get(page, []), run.x + 0.5, run.y)):
                    error(
                        f"'{run.text}' should link to {run.link}, but no such link covers it",
                        f"panel '{panel.role.value}'",
                        location=block.source,
                    )
    for page, links in annotations.items():
        textpage = document[page - 1].get_textpage()
        text = textpage.get_text_range(0, textpage.count_chars())
        for pattern in (_PHONE, _URL):
            for match in pattern.finditer(text):
                if match.group(0) in unlinked_on_purpose or any(match.group(0) in u for u in unlinked_on_purpose):
                    continue
                left, bottom, right, top = textpage.get_charbox(match.start())
                if not covered(links, (left + right) / 2, (bottom + top) / 2):
                    error(f"page {page}: '{match.group(0)}' looks like a phone number or web address but is not a link")
        textpage.close()
    report.facts["links"] = count


def _check_metadata(layout: Layout, facts: PdfFacts, report: PreflightReport, error) -> None:
    edition = layout.edition
    language = str(facts.catalog.get("/Lang", ""))
    title = facts.metadata.get("/Title", "")
    report.facts["language"] = language
    report.facts["title"] = title
    if language != edition.language:
        error(f"document language is {language!r}, expected {edition.language!r}")
    if title != edition.title:
        error(f"document title is {title!r}, expected {edition.title!r}")


def _check_accessibility(layout: Layout, pdf: bytes, facts: PdfFacts, report: PreflightReport, error) -> None:
    """PDF/UA-1 rules, and the reading order of the structure tree against the fold's.

    (Heading levels and contrast, which a person can get wrong, are checked at the layout: readability.py.)
    """
    structure = read_structure(pdf, facts.reader)
    failures = check_rules(structure)
    for failure in failures:
        error(
            f"PDF/UA-1 rule {failure.rule} ({RULES[failure.rule]}) fails: {failure.message}",
            hint="this is a bug in brochure: please report it",
        )
    expected = panel_texts(layout)
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
    report.facts["reading_order"] = in_order


def _close(box, expected, tolerance: float = 0.01) -> bool:
    return box is not None and all(abs(a - b) <= tolerance for a, b in zip(box, expected))


def _contains(outer, inner) -> bool:
    return (
        outer[0] <= inner[0] + 0.01
        and outer[1] <= inner[1] + 0.01
        and outer[2] >= inner[2] - 0.01
        and outer[3] >= inner[3] - 0.01
    )


def _rounded(box) -> list[float]:
    return [round(v, 2) for v in box]
