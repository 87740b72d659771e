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
"""

from __future__ import annotations

from reportlab.pdfgen.canvas import Canvas


def _extend(obj, key: str, value) -> None:
    keys = list(obj.__NoDefault__)
    if key not in keys:
        obj.__NoDefault__ = keys + [key]
    setattr(obj, key, value)


def add_catalog_entry(canvas: Canvas, key: str, value) -> None:
    """Set /key in the document catalog (an indirect object when ReportLab's catalog lists it as one)."""
    _extend(canvas._doc.Catalog, key, value)


def pages(canvas: Canvas) -> list:
    """The `PDFPage` objects of the pages shown so far, in order."""
    return canvas._doc.Pages.pages


def add_page_entry(page, key: str, value) -> None:
    """Set /key in one page dictionary (a `PDFPage` from `pages`)."""
    _extend(page, key, value)
