"""Read a PDF back the way a print shop or a reader's software does, with pypdf only.

Preflight and the tests judge the product by what is in the file, not by what the
code meant to put there: text with its position and font, page boxes, fonts and
whether they are embedded, link annotations, metadata and viewer preferences.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass

from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject


@dataclass(frozen=True)
class TextPiece:
    text: str
    x: float
    y: float
    font: str  # base font name without the subset tag, e.g. "noto-sans-Bold"
    size: float


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


# Reading a file, a value's PDF type is known only when it is read: pypdf's dictionaries and arrays hold `Any`.
# These turn a value into the type the caller expects, resolving indirect references; a missing value (None)
# becomes an empty dictionary or array, and a value of another type is a file we cannot read (TypeError).


def resolve(obj: object) -> object:
    """A PDF object, its target when it is an indirect reference."""
    return obj.get_object() if isinstance(obj, IndirectObject) else obj


def dictionary(obj: object) -> DictionaryObject:
    """A dictionary (resolved); an empty one when it is missing."""
    target = resolve(obj)
    if target is None:
        return DictionaryObject()
    if not isinstance(target, DictionaryObject):
        raise TypeError(f"a PDF dictionary was expected, not {type(target).__name__}")
    return target


def array(obj: object) -> ArrayObject:
    """An array (resolved); an empty one when it is missing."""
    target = resolve(obj)
    if target is None:
        return ArrayObject()
    if not isinstance(target, ArrayObject):
        raise TypeError(f"a PDF array was expected, not {type(target).__name__}")
    return target


def integer(obj: object) -> int:
    """An integer (resolved)."""
    value = resolve(obj)
    if not isinstance(value, int):
        raise TypeError(f"a PDF integer was expected, not {type(value).__name__}")
    return int(value)


class PdfFacts:
    def __init__(self, data: bytes):
        self.data = data
        self.reader = PdfReader(io.BytesIO(data))
        self.pages = self.reader.pages
        self._texts: dict[int, list[TextPiece]] = {}

    def texts(self, page_number: int) -> list[TextPiece]:
        """Every shown string of a page (1-based) with its start point."""
        if page_number in self._texts:
            return self._texts[page_number]
        pieces: list[TextPiece] = []

        def visit(
            text: str, cm: list[float], tm: list[float], font_dict: DictionaryObject | None, font_size: float
        ) -> None:
            if not text or not text.strip("\n"):
                return
            x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
            y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
            name = str(dictionary(font_dict).get("/BaseFont", "")) if font_dict else ""
            name = re.sub(r"^/?([A-Z]{6}\+)?", "", name)
            size = font_size * tm[0] * cm[0] if tm[0] else font_size
            pieces.append(TextPiece(text.replace("\n", ""), x, y, name, size))

        self.pages[page_number - 1].extract_text(visitor_text=visit)
        self._texts[page_number] = pieces
        return pieces

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
        x0, y0, x1, y1 = (float(v) for v in array(value))
        return x0, y0, x1, y1

    def fonts(self) -> list[FontInfo]:
        """Every font object in the file, wherever it is referenced."""
        found: list[FontInfo] = []
        for number in range(1, integer(self.reader.trailer["/Size"])):
            obj = self.reader.get_object(number)
            if not isinstance(obj, DictionaryObject) or obj.get("/Type") != "/Font":
                continue
            subtype = str(obj.get("/Subtype"))
            name = str(obj.get("/BaseFont", ""))
            descriptor = obj.get("/FontDescriptor")
            if subtype == "/Type0":
                descriptor = dictionary(array(obj["/DescendantFonts"])[0]).get("/FontDescriptor")
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
            x0, y0, x1, y1 = (float(v) for v in array(annotation["/Rect"]))
            links.append(Link(str(action.get("/URI", "")), (x0, y0, x1, y1)))
        return links

    @property
    def metadata(self) -> dict[str, str]:
        return {k: str(v) for k, v in (self.reader.metadata or {}).items()}

    @property
    def catalog(self) -> DictionaryObject:
        return dictionary(self.reader.trailer["/Root"])


def squash(text: str) -> str:
    """Text without whitespace and soft hyphens: compares content across line breaks in any script.

    (PDFium reports a soft hyphen that ends a line as U+0002; pypdf as U+00AD.)
    """
    return re.sub(r"[\s\u00ad\u0002]+", "", text)
