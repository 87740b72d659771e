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
from typing import TYPE_CHECKING, Protocol, TypedDict

import pypdfium2

from .diagnostics import Finding, Location, Report, Severity, display_path
from .fold import Edge, FoldPlan, OutputKind, PanelPlace, panel_map
from .inks import condition_of
from .layout import Layout, PanelLayout, PlacedBlock, PlacedImage
from .layoutcheck import below_floor, image_findings, smallest_text
from .limits import FOLD_SAFETY, OFFICE_UNPRINTABLE, READABLE_FLOOR, TRIM_SAFETY
from .load import fictional_numbers
from .model import Color, Contact, PrintingCondition, Table, block_texts, plain_text
from .pdffacts import Link, PdfFacts, squash
from .pdfstructure import read_structure
from .pdfua import RULES, check_rules, panel_texts, tree_panel_texts
from .phones import link_for_printed, look_alikes

if TYPE_CHECKING:
    from collections.abc import Callable

    from PIL import Image as PILImage

AREA_NAMES = {"qr": "QR code"}  # how a linked area is named in a message
# A placed image is compared with its file on a grid of at most COMPARE_GRID x COMPARE_GRID cell averages,
# rendered at about COMPARE_PIXELS on its long side. A faithful image differs by 1-3 of 255 (resampling, edges);
# a blank, grey or clipped box by 40 or more.
COMPARE_GRID = 16
COMPARE_PIXELS = 128
MAX_IMAGE_DIFFERENCE = 16.0
BORDER_RASTER_SCALE = 1.0  # one pixel per point is enough to see ink in a 1/4 inch border

WHITE_PAPER = Color("#FFFFFF")  # under an image with no box or background: the paper


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
            f"  language {facts.get('language')!r}, title {facts.get('title')!r}, "
            f"deterministic: {facts.get('deterministic')}",
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
    _check_panel_map(plan, report, error)
    _check_fonts(facts, pdf, report, error)
    document = pypdfium2.PdfDocument(pdf)
    try:
        _check_strings(layout, document, facts, report, error)
        sizes = _check_positions(plan, document, report, error)
        if plan.kind == OutputKind.OFFICE:
            _check_unprintable_border(plan, document, error)
        _check_links(layout, facts, document, report, error)
        _check_numbers(layout, facts, document, report, error)
        _check_image_pixels(layout, document, report, error)
    finally:
        document.close()
    _check_type_sizes(sizes, report, error, warning, layout)
    _check_images(layout, report)
    _check_metadata(layout, facts, report, error)
    if plan.kind == OutputKind.PRESS:
        from .pressflight import check_press

        report.facts.update(check_press(layout, facts, error, warning))
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
    layout: Layout, document: pypdfium2.PdfDocument, facts: PdfFacts, report: PreflightReport, error: ReportProblem
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


def _check_positions(
    plan: FoldPlan, document: pypdfium2.PdfDocument, report: PreflightReport, error: ReportProblem
) -> list[float]:
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


def _check_unprintable_border(plan: FoldPlan, document: pypdfium2.PdfDocument, error: ReportProblem) -> None:
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


def _check_images(layout: Layout, report: PreflightReport) -> None:
    findings, resolutions = image_findings(layout)
    report.findings.extend(findings)
    report.facts["image_ppi"] = resolutions


def _check_image_pixels(
    layout: Layout, document: pypdfium2.PdfDocument, report: PreflightReport, error: ReportProblem
) -> None:
    """Every placed image looks, in the PDF as PDFium draws it, like the picture decoded from its file.

    Both are reduced to a coarse grid of cell averages, which hides resampling and edge
    differences but not a blank, grey, clipped or posterised box (what a mis-embedded 16-bit
    PNG or a cut-short JPEG used to print, with exit status 0).
    """
    differences: list[float] = []
    press = condition_of(layout.edition.design.printing) if layout.plan.kind == OutputKind.PRESS else None
    for panel in layout.panels:
        page = document[layout.plan.page_of(panel.role) - 1]
        for block in panel.blocks:
            for image in block.images:
                if image.data is None:
                    continue  # an SVG logo: vector, drawn from its paths, no pixels to compare
                difference = image_difference(page, image, _backdrop(panel, block, image), press)
                differences.append(round(difference, 1))
                if difference > MAX_IMAGE_DIFFERENCE:
                    error(
                        f"image {Path(image.path).name} does not print as it looks: the PDF differs from the file "
                        f"by {difference:.0f} of 255 on average",
                        f"panel '{panel.role.value}'",
                        location=block.source,
                        hint="save the image again as an 8-bit RGB PNG and render again; "
                        "this is a bug in brochure: please report it with the image attached",
                    )
    report.facts["image_difference"] = differences


def image_difference(
    page: pypdfium2.PdfPage, image: PlacedImage, backdrop: Color, press: PrintingCondition | None = None
) -> float:
    """Mean absolute difference (0-255) between the image as drawn on `page` and its decoded pixels,
    laid over `backdrop` (the colour under it, for transparent parts), over a grid of cell averages.

    For the press edition (`press`: its printing condition) the pixels are expected as the press conversion makes them
    (CMYK or greyscale, composited over the backdrop's inks) and as PDFium shows those inks, which
    it does with its own CMYK formula: so the expectation is painted as vector swatches and rendered
    by PDFium too. That path shares nothing with how images are embedded, so it still catches a
    blank, grey or posterised box."""
    from PIL import Image as PILImage

    from .images import pil_image

    rect = image.rect
    scale = min(4.0, max(0.25, COMPARE_PIXELS / max(rect.width, rect.height)))
    page_width, page_height = page.get_size()
    shown = (
        page.render(scale=scale, crop=(rect.x0, rect.y0, page_width - rect.x1, page_height - rect.y1))
        .to_pil()
        .convert("RGB")
    )
    if image.data is None:
        raise ValueError(f"{image.path} is an SVG logo: it has no pixels to compare")
    picture = pil_image(image.data)
    columns = max(1, min(COMPARE_GRID, shown.width // 4))
    rows = max(1, min(COMPARE_GRID, shown.height // 4))
    drawn: bytes = shown.resize((columns, rows), PILImage.Resampling.BOX).tobytes()
    if press is not None:
        wanted = _press_swatches(picture, backdrop, columns, rows, press)
    else:
        under = PILImage.new("RGB", picture.size, tuple(round(c * 255) for c in backdrop.rgb))
        if picture.mode in ("LA", "RGBA"):
            under.paste(picture.convert("RGBA"), mask=picture.getchannel("A"))
            expected = under
        else:
            expected = picture.convert("RGB")
        wanted = expected.resize((columns, rows), PILImage.Resampling.BOX).tobytes()
    return sum(abs(a - b) for a, b in zip(drawn, wanted)) / len(drawn)


def _press_swatches(
    picture: PILImage.Image, backdrop: Color, columns: int, rows: int, condition: PrintingCondition
) -> bytes:
    """The press expectation of an image as RGB cell averages: the draw stage paints its press inks as
    swatches (`draw.press_swatches`), rendered here by PDFium, the renderer that read the page."""
    from .draw import SWATCH, press_swatches  # the painting is the draw stage's; only when a press PDF has images

    pdf = press_swatches(picture, backdrop, columns, rows, condition)
    rendered = pypdfium2.PdfDocument(pdf)[0].render(scale=1).to_pil().convert("RGB")
    middle = SWATCH // 2
    return bytes(
        channel
        for row in range(rows)
        for column in range(columns)
        for channel in rendered.getpixel((column * SWATCH + middle, row * SWATCH + middle))
    )


def _backdrop(panel: PanelLayout, block: PlacedBlock, image: PlacedImage) -> Color:
    """The colour drawn under an image: its block's box, else its panel's background, else white paper."""
    for fill in reversed(block.fills):
        if fill.rect.contains(image.rect):
            return fill.color
    return panel.background if panel.background is not None else WHITE_PAPER


def _check_links(
    layout: Layout, facts: PdfFacts, document: pypdfium2.PdfDocument, report: PreflightReport, error: ReportProblem
) -> None:
    """Every run the layout linked has a link annotation with its target, over its text; and every phone
    number, web or e-mail address in the PDF's text is a link, unless it is a contact's field printed on
    purpose without one (a fax number, a postal address). Text typed into a sentence is never excused:
    the loader refuses it, and this catches whatever gets past the loader."""
    count = 0
    annotations = {page: facts.links(page) for page in range(1, len(facts.pages) + 1)}
    unlinked_on_purpose = {
        span.text.strip()
        for panel in layout.edition.panels
        for block in panel.blocks
        for text in block_texts(block)
        for span in text
        if span.contact and not span.link
    }

    for panel in layout.panels:
        page = layout.plan.page_of(panel.role)
        for block in panel.blocks:
            for area in block.links:  # a QR code or a linked image
                count += 1
                middle_x, middle_y = (area.rect.x0 + area.rect.x1) / 2, (area.rect.y0 + area.rect.y1) / 2
                if not any(a.uri == area.target for a in _covering(annotations.get(page, []), middle_x, middle_y)):
                    error(
                        f"the {AREA_NAMES.get(block.kind, block.kind)} should link to {area.target}, "
                        "but no such link covers it",
                        f"panel '{panel.role.value}'",
                        location=block.source,
                    )
            for run in block.runs:
                if not run.link:
                    continue
                count += 1
                if not any(a.uri == run.link for a in _covering(annotations.get(page, []), run.x + 0.5, run.y)):
                    error(
                        f"'{run.text}' should link to {run.link}, but no such link covers it",
                        f"panel '{panel.role.value}'",
                        location=block.source,
                    )
    for page, links in annotations.items():
        textpage = document[page - 1].get_textpage()
        text = textpage.get_text_range(0, textpage.count_chars())
        for found in look_alikes(text, layout.edition.region):
            if any(found.text in excused for excused in unlinked_on_purpose):
                continue
            left, bottom, right, top = textpage.get_charbox(found.start)
            if not _covering(links, (left + right) / 2, (bottom + top) / 2):
                error(
                    f"page {page}: '{found.text}' looks like a {found.what} but is not a link",
                    hint="put it in contacts.yaml and write {name} where it is printed; only a contact's "
                    "fax and postal address are printed without a link",
                )
        textpage.close()
    report.facts["links"] = count


def _check_numbers(
    layout: Layout, facts: PdfFacts, document: pypdfium2.PdfDocument, report: PreflightReport, error: ReportProblem
) -> None:
    """Every tel: and sms: link dials the number printed under it.

    The printed text is read back from the PDF and parsed again, in the country of the contact it came
    from (the brochure's region when no contact prints that text with that link), independently of how
    the link was made: a number linked as if it were of another country cannot pass. A QR code or a
    linked picture prints no number: its link is checked against its contact's in `_check_links`.
    """
    edition = layout.edition
    pictures: dict[int, list[tuple[float, float, float, float]]] = {}
    for panel in layout.panels:
        for block in panel.blocks:
            for area in block.links:
                pictures.setdefault(layout.plan.page_of(panel.role), []).append(area.rect.as_tuple())
    ext_label = edition.labels.get("ext", "")
    origins: dict[tuple[str, str], list[Contact]] = {}  # (printed text, link) -> the contacts that print it
    for contact in edition.contacts.values():
        for name, number in contact.numbers.items():
            printed, link = (
                (number.text, number.sms_link) if name == "text" else (number.printed(ext_label), number.link)
            )
            origins.setdefault((squash(printed), link), []).append(contact)
    checked = 0
    for page in range(1, len(facts.pages) + 1):
        dialling = [
            a
            for a in facts.links(page)
            if a.uri.startswith(("tel:", "sms:"))
            and not any(
                _inside(picture, (a.rect[0] + a.rect[2]) / 2, (a.rect[1] + a.rect[3]) / 2)
                for picture in pictures.get(page, [])
            )
        ]
        if not dialling:
            continue
        chars = _chars(document[page - 1])
        for annotation in dialling:
            printed = "".join(c for c, x, y in chars if _inside(annotation.rect, x, y)).strip()
            sources = origins.get((squash(printed), annotation.uri), [])
            regions = sorted({contact.region for contact in sources}) or [edition.region]
            checked += 1
            for region in regions:
                expected = link_for_printed(printed, region, annotation.uri.split(":", 1)[0], ext_label)
                if expected != annotation.uri:
                    report.error(
                        f"page {page}: '{printed}' is linked to {annotation.uri}, but read as a number of {region} "
                        f"it dials {expected or 'nothing'}",
                        sources[0].source if sources else Location(display_path(edition.path)),
                        hint="this is a bug in brochure: please report it",
                    )
    report.facts["numbers_checked"] = checked
    # The loader's warnings about numbers kept for fiction, repeated here (word for word, so a run prints
    # them once) because preflight's warnings are what --strict refuses.
    for contact in edition.contacts.values():
        report.findings.extend(fictional_numbers(contact))


def _chars(page: pypdfium2.PdfPage) -> list[tuple[str, float, float]]:
    """Every character of a page with the centre of its box."""
    textpage = page.get_textpage()
    count = textpage.count_chars()
    text = textpage.get_text_range(0, count)
    chars: list[tuple[str, float, float]] = []
    for index in range(min(count, len(text))):
        left, bottom, right, top = textpage.get_charbox(index)
        chars.append((text[index], (left + right) / 2, (bottom + top) / 2))
    textpage.close()
    return chars


def _inside(rect: Box, x: float, y: float) -> bool:
    return rect[0] <= x <= rect[2] and rect[1] <= y <= rect[3]


def _covering(links: list[Link], x: float, y: float) -> list[Link]:
    """The link annotations over a point (half a point of slack for rounding)."""
    return [a for a in links if a.rect[0] - 0.5 <= x <= a.rect[2] + 0.5 and a.rect[1] - 0.5 <= y <= a.rect[3] + 0.5]


def _check_metadata(layout: Layout, facts: PdfFacts, report: PreflightReport, error: ReportProblem) -> None:
    edition = layout.edition
    language = str(facts.catalog.get("/Lang", ""))
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
    structure = read_structure(pdf, facts.reader)
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
