"""The one place where brochure adds entries that ReportLab's catalog and page objects do not write by themselves.

In:  a ReportLab `Canvas` (or one of its `PDFPage`s), a key and a value built
     with ReportLab's own PDF object classes (PDFDictionary, PDFName, ...).
Out: nothing; the entry is written when the canvas saves.

ReportLab formats only the keys a catalog or page class lists in its
`__NoDefault__`; the catalog lists StructTreeRoot, MarkInfo and Metadata but not,
for example, OutputIntents, and a page lists neither StructParents nor Tabs.
Extending the list on the one object (not the class) keeps every other document
in the process as it was. Accessibility (structure tree, XMP) uses this; a press
edition's /OutputIntents should too.

It is also the one place that reads ReportLab's private attributes (the canvas's
document, its pages, its time stamp, its annotation call), each behind a typed function.
"""

from __future__ import annotations

from reportlab.lib.utils import TimeStamp
from reportlab.pdfbase.pdfdoc import PDFCatalog, PDFDictionary, PDFDocument, PDFObject, PDFObjectReference, PDFPage
from reportlab.pdfgen.canvas import Canvas
from reportlab.pdfgen.textobject import PDFTextObject

# What ReportLab writes as a PDF value: its own objects, and numbers and names (PDFName returns a str).
PdfValue = PDFObject | str | int | float

# The private ReportLab attributes used below are set in `Canvas.__init__` and `PDFDocument.__init__`;
# types-reportlab describes public names only, hence the targeted ignores, each in this module alone.


def document(canvas: Canvas) -> PDFDocument:
    """The `PDFDocument` a canvas writes into (ReportLab's private `Canvas._doc`)."""
    doc: PDFDocument = canvas._doc  # type: ignore[attr-defined]
    return doc


def time_stamp(doc: PDFDocument) -> TimeStamp:
    """The creation time ReportLab writes into the Info dictionary (its private `PDFDocument._timeStamp`)."""
    stamp: TimeStamp = doc._timeStamp  # type: ignore[attr-defined]
    return stamp


def reference(doc: PDFDocument, obj: PDFObject, name: str | None = None) -> PDFObjectReference:
    """Register `obj` as an indirect object of `doc` (named `name`, else numbered) and return its reference."""
    ref: PDFObjectReference = doc.Reference(obj, name)  # type: ignore[no-untyped-call]  # untyped in the stubs
    return ref


def _extend(obj: PDFCatalog, key: str, value: PdfValue) -> None:
    keys = list(obj.__NoDefault__)
    if key not in keys:
        obj.__NoDefault__ = keys + [key]
    setattr(obj, key, value)


def add_catalog_entry(canvas: Canvas, key: str, value: PdfValue) -> None:
    """Set /key in the document catalog (an indirect object when ReportLab's catalog lists it as one)."""
    catalog: PDFCatalog = document(canvas).Catalog  # type: ignore[attr-defined]
    _extend(catalog, key, value)


def pages(canvas: Canvas) -> list[PDFPage]:
    """The `PDFPage` objects of the pages shown so far, in order."""
    shown: list[PDFPage] = document(canvas).Pages.pages  # type: ignore[attr-defined]
    return shown


def add_page_entry(page: PDFPage, key: str, value: PdfValue) -> None:
    """Set /key in one page dictionary (a `PDFPage` from `pages`)."""
    _extend(page, key, value)


def font_name(canvas: Canvas) -> str:
    """The name of the canvas's current font (ReportLab's private `Canvas._fontname`)."""
    name: str = canvas._fontname  # type: ignore[attr-defined]
    return name


def add_text_operator(text: PDFTextObject, operator: str) -> None:
    """Write `operator` into a text object's stream as it is (its private `_code`, which `textOut` appends to)."""
    text._code.append(operator)  # type: ignore[attr-defined]


def add_annotation(canvas: Canvas, annotation: PDFDictionary, name: str) -> None:
    """Add `annotation` to the current page under `name` (ReportLab's private `Canvas._addAnnotation`)."""
    canvas._addAnnotation(annotation, name)  # type: ignore[attr-defined]
