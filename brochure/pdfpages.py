"""One PDFium reading of a PDF, shared by preflight's checks: each page, its text and its glyph boxes read once.

In:  the PDF bytes.
Out: for a page number (1-based), PDFium's page, its text page, and its `Glyphs` (the page's text
     with each character's tight box), each made on first use and kept until `close()`.

Loading a page and extracting its text cost PDFium a parse each time; the checks used to do it
per panel and per check (about twenty page loads for a two-page PDF). The values are the same
as each check read them before: only the repetition is gone.
"""

from __future__ import annotations

from ctypes import byref, c_double, c_void_p, cast
from dataclasses import dataclass
from typing import Any

import pypdfium2
from pypdfium2 import PdfiumError

Box = tuple[float, float, float, float]  # left, bottom, right, top in PDF points


@dataclass(frozen=True)
class Glyphs:
    """A page's characters as PDFium extracts them: `text[i]` has the box `boxes[i]` (None: PDFium had none)."""

    text: str
    boxes: tuple[Box | None, ...]

    def box(self, index: int) -> Box:
        """The box of character `index`; raises PdfiumError where PDFium has none (as its own accessor does)."""
        found = self.boxes[index]
        if found is None:
            raise PdfiumError("Failed to get charbox.")
        return found


def _unchecked(function: Any) -> Any:
    """A PDFium function of pypdfium2's bindings, to be called without ctypes checking and converting each
    argument against the declared types: the same function (address and calling convention), its result
    type kept. Converting the four double pointers of FPDFText_GetCharBox took longer than PDFium's work,
    and a page has thousands of characters. Only for calls whose arguments already are exactly the C types:
    a text page's own pointer, a Python int for a C int, `byref` of a c_double for a double*.
    """
    plain = type(function)(cast(function, c_void_p).value)
    plain.restype = function.restype
    return plain


_CHAR_BOX = _unchecked(pypdfium2.raw.FPDFText_GetCharBox)  # (text page, int index, double* l, r, b, t) -> bool
_FONT_SIZE = _unchecked(pypdfium2.raw.FPDFText_GetFontSize)  # (text page, int index) -> double


class PdfPages:
    """The pages of one PDF in PDFium, each loaded once. Use as a context manager, or call `close()`."""

    def __init__(self, pdf: bytes) -> None:
        self.document = pypdfium2.PdfDocument(pdf)
        self._pages: dict[int, pypdfium2.PdfPage] = {}
        self._textpages: dict[int, pypdfium2.PdfTextPage] = {}
        self._glyphs: dict[int, Glyphs] = {}

    def __enter__(self) -> PdfPages:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def page(self, number: int) -> pypdfium2.PdfPage:
        if number not in self._pages:
            self._pages[number] = self.document[number - 1]
        return self._pages[number]

    def textpage(self, number: int) -> pypdfium2.PdfTextPage:
        if number not in self._textpages:
            self._textpages[number] = self.page(number).get_textpage()
        return self._textpages[number]

    def glyphs(self, number: int) -> Glyphs:
        """Every character of page `number` with its tight box, as `get_text_range` and `get_charbox` give them."""
        if number not in self._glyphs:
            textpage = self.textpage(number)
            count = textpage.count_chars()
            text = textpage.get_text_range(0, count)
            # The raw call with four reused doubles: the helper makes four new ones per character.
            left, right, bottom, top = c_double(), c_double(), c_double(), c_double()
            pointers = (byref(left), byref(right), byref(bottom), byref(top))  # PDFium's order: l, r, b, t
            raw, char_box = textpage.raw, _CHAR_BOX
            boxes = [
                (left.value, bottom.value, right.value, top.value) if char_box(raw, index, *pointers) else None
                for index in range(min(count, len(text)))
            ]
            self._glyphs[number] = Glyphs(text, tuple(boxes))
        return self._glyphs[number]

    def font_sizes(self, number: int, indices: list[int]) -> list[float]:
        """The size PDFium reports for each character of `indices` on page `number` (font size times text scale).

        One list comprehension calling PDFium directly: a page has a few thousand characters."""
        raw, size_of = self.textpage(number).raw, _FONT_SIZE
        return [float(size_of(raw, index)) for index in indices]

    def close(self) -> None:
        for textpage in self._textpages.values():
            textpage.close()
        for page in self._pages.values():
            page.close()
        self.document.close()
        self._textpages.clear()
        self._pages.clear()
