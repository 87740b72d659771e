"""Read a PDF back the way a print shop or a reader's software does (with brochure's own reader, pdfobjects).

Preflight and the tests judge the product by what is in the file, not by what the
code meant to put there: text with its position and font, page boxes, fonts and
whether they are embedded, link annotations, metadata and viewer preferences.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .pdffile import PdfDocument
from .pdfobjects import array, dictionary, number, resolve
from .pdftext import TextPiece, page_texts

__all__ = ["FontInfo", "Link", "PdfFacts", "TextPiece", "squash"]


@dataclass(frozen=True)
class Link:
    uri: str
    rect: tuple[float, float, float, float]


@dataclass(frozen=True)
class FontInfo:
    name: str
    subtype: str
    embedded: bool
    subset: bool


class PdfFacts:
    """One PDF, read back: its pages, text, boxes, fonts, links, metadata and catalog (`document` for the rest)."""

    def __init__(self, data: bytes):
        self.data = data
        self.document = PdfDocument(data)
        self.pages = self.document.pages
        self._texts: dict[int, list[TextPiece]] = {}

    def texts(self, page_number: int) -> list[TextPiece]:
        """Every piece of text a page (1-based) shows, with its start point (see `pdftext.page_texts`)."""
        if page_number not in self._texts:
            page = self.pages[page_number - 1]
            self._texts[page_number] = page_texts(page.contents(), dictionary(page.get("/Resources")))
        return self._texts[page_number]

    def text_in(self, page_number: int, x0: float, x1: float) -> str:
        """The text whose start lies between x0 and x1, in reading order (top to bottom, left to right)."""
        pieces = [p for p in self.texts(page_number) if x0 - 0.01 <= p.x <= x1 + 0.01]
        pieces.sort(key=lambda p: (-round(p.y, 1), p.x))
        return "".join(p.text for p in pieces)

    def box(self, page_number: int, name: str) -> tuple[float, float, float, float] | None:
        page = self.pages[page_number - 1]
        value = page.get(f"/{name}")
        if value is None:
            return None
        x0, y0, x1, y1 = (number(v) for v in array(value))
        return x0, y0, x1, y1

    def fonts(self) -> list[FontInfo]:
        """Every font object in the file, wherever it is referenced (objects that cannot be one are not parsed)."""
        found: list[FontInfo] = []
        for object_number in self.document.mentioning(b"/Font"):
            obj = self.document.get(object_number)
            if not isinstance(obj, dict) or obj.get("/Type") != "/Font":
                continue
            subtype = str(obj.get("/Subtype"))
            name = str(obj.get("/BaseFont", ""))
            descriptor = obj.get("/FontDescriptor")
            if subtype == "/Type0":
                descriptor = dictionary(array(obj.get("/DescendantFonts"))[0]).get("/FontDescriptor")
            fields = dictionary(descriptor)
            embedded = any(k in fields for k in ("/FontFile", "/FontFile2", "/FontFile3"))
            found.append(FontInfo(name, subtype, embedded, bool(re.match(r"^/[A-Z]{6}\+", name))))
        return found

    def links(self, page_number: int) -> list[Link]:
        page = self.pages[page_number - 1]
        links: list[Link] = []
        for item in array(page.get("/Annots")):
            annotation = dictionary(item)
            if annotation.get("/Subtype") != "/Link":
                continue
            action = dictionary(annotation.get("/A"))
            x0, y0, x1, y1 = (number(v) for v in array(annotation.get("/Rect")))
            links.append(Link(str(action.get("/URI", "")), (x0, y0, x1, y1)))
        return links

    @property
    def metadata(self) -> dict[str, str]:
        """The document information dictionary, as text: {"/Title": ..., "/Author": ...}."""
        return {key: str(resolve(value)) for key, value in self.document.info.items()}

    @property
    def catalog(self) -> dict[str, object]:
        return self.document.catalog


def squash(text: str) -> str:
    """Text without whitespace and soft hyphens: compares content across line breaks in any script.

    (PDFium reports a soft hyphen that ends a line as U+0002; the font's ToUnicode map as U+00AD.)
    """
    return re.sub(r"[\s\u00ad\u0002]+", "", text)
