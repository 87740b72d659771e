"""Preflight, links: every linked run has its annotation, every number dials what it prints.

In:  the `Layout`, the PDF's link annotations (`PdfFacts`), its glyphs as PDFium reads them
     (`PdfPages`), the preflight report.
Out: findings in the report and the facts `links` and `numbers_checked`.

Links are checked from the reader's side: an annotation must cover the text or picture it belongs
to, every phone number, web or e-mail address in the PDF's text must be a link (unless printed on
purpose without one), and the number printed under each `tel:`/`sms:` link, read again in its
contact's region, must dial the link's number.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from operator import itemgetter
from typing import TYPE_CHECKING

from .diagnostics import Location
from .layout import Layout
from .load import fictional_numbers
from .model import Contact, block_texts
from .pdffacts import Link, PdfFacts, squash
from .pdfpages import Glyphs, PdfPages
from .phones import link_for_printed, look_alikes

if TYPE_CHECKING:
    from .pdfpages import Box
    from .preflight import PreflightReport, ReportProblem


AREA_NAMES = {"qr": "QR code"}  # how a linked area is named in a message


def check_links(
    layout: Layout, facts: PdfFacts, document: PdfPages, report: PreflightReport, error: ReportProblem
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
        textpage = document.textpage(page)
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
    report.facts["links"] = count


def check_numbers(
    layout: Layout, facts: PdfFacts, document: PdfPages, report: PreflightReport, error: ReportProblem
) -> None:
    """Every tel: and sms: link dials the number printed under it.

    The printed text is read back from the PDF and parsed again, in the country of the contact it came
    from (the brochure's region when no contact prints that text with that link), independently of how
    the link was made: a number linked as if it were of another country cannot pass. A QR code or a
    linked picture prints no number: its link is checked against its contact's in `check_links`.
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
        chars = _CharsByHeight(document.glyphs(page))
        for annotation in dialling:
            printed = chars.inside(annotation.rect).strip()
            sources = origins.get((squash(printed), annotation.uri), [])
            regions = sorted({contact.region for contact in sources}) or [edition.region]
            checked += 1
            for region in regions:
                expected = link_for_printed(printed, region, annotation.uri.split(":", 1)[0], ext_label)
                if expected != annotation.uri:
                    report.error(
                        f"page {page}: '{printed}' is linked to {annotation.uri}, but read as a number of {region} "
                        f"it dials {expected or 'nothing'}",
                        sources[0].source if sources else Location(edition.path),
                        hint="this is a bug in brochure: please report it",
                    )
    report.facts["numbers_checked"] = checked
    # The loader's warnings about numbers kept for fiction, repeated here (word for word, so a run prints
    # them once) because preflight's warnings are what --strict refuses.
    for contact in edition.contacts.values():
        report.findings.extend(fictional_numbers(contact))


class _CharsByHeight:
    """A page's characters with the centres of their boxes, sorted by height: the characters inside a link's
    rectangle are found by bisection of the band it spans, not by testing every character of the page."""

    def __init__(self, glyphs: Glyphs) -> None:
        chars: list[tuple[float, int, str, float]] = []  # (centre y, index on the page, character, centre x)
        for index, (char, box) in enumerate(zip(glyphs.text, glyphs.boxes)):
            left, bottom, right, top = box if box is not None else glyphs.box(index)  # (which raises)
            chars.append(((bottom + top) / 2, index, char, (left + right) / 2))
        chars.sort()
        self.chars = chars
        self.heights = [y for y, _, _, _ in chars]

    def inside(self, rect: Box) -> str:
        """The characters whose centre lies inside `rect` (edges included), in the page's text order."""
        x0, y0, x1, y1 = rect
        band = self.chars[bisect_left(self.heights, y0) : bisect_right(self.heights, y1)]
        return "".join(char for _, _, char, x in sorted(band, key=itemgetter(1)) if x0 <= x <= x1)


def _inside(rect: Box, x: float, y: float) -> bool:
    return rect[0] <= x <= rect[2] and rect[1] <= y <= rect[3]


def _covering(links: list[Link], x: float, y: float) -> list[Link]:
    """The link annotations over a point (half a point of slack for rounding)."""
    return [a for a in links if a.rect[0] - 0.5 <= x <= a.rect[2] + 0.5 and a.rect[1] - 0.5 <= y <= a.rect[3] + 0.5]
