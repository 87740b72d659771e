"""Entries of the PDF's document catalog that ReportLab does not write on its own.

In:  a ReportLab canvas (before `save()`), and what the catalog should carry.
Out: nothing; the entries appear in the /Catalog of the saved file.

ReportLab's `Canvas.setCatalogEntry` sets an attribute on its `PDFCatalog`, but the
catalog writes only the keys listed in `PDFCatalog.__NoDefault__` (e.g. StructTreeRoot,
MarkInfo, Metadata): anything else, such as /OutputIntents, is silently dropped.
`set_catalog_entry` adds the key to this one document's list first. Every catalog
entry brochure adds goes through here, so there is one place to look.
"""

from __future__ import annotations

import zlib
from functools import cache
from pathlib import Path

from reportlab.pdfbase.pdfdoc import PDFArray, PDFDictionary, PDFName, PDFStream, PDFString
from reportlab.pdfgen.canvas import Canvas

from .model import PrintingCondition


def set_catalog_entry(canvas: Canvas, key: str, value) -> None:
    """Put `/key value` into the document catalog, even where ReportLab would drop it."""
    catalog = canvas._doc.Catalog
    written = list(catalog.__NoDefault__)
    if key not in written:
        # An instance attribute: other documents keep ReportLab's own list.
        catalog.__NoDefault__ = written + [key]
    canvas.setCatalogEntry(key, value)


def add_output_intent(canvas: Canvas, condition: PrintingCondition) -> None:
    """An /OutputIntents entry (GTS_PDFX): the printing condition the CMYK values were made for,
    with its ICC profile embedded as /DestOutputProfile (compressed).

    This says which press and paper the file expects. It is not a claim of PDF/X conformance:
    that would need /GTS_PDFXVersion in the document info and XMP, which brochure does not write.
    """
    # Compressed once per profile: every press PDF (and its preflight redraw) embeds the same bytes.
    profile = PDFStream(
        PDFDictionary({"N": 4, "Filter": PDFName("FlateDecode")}), _compressed(str(condition.profile)), filters=[]
    )
    entries = {
        "Type": PDFName("OutputIntent"),
        "S": PDFName("GTS_PDFX"),
        "OutputConditionIdentifier": PDFString(condition.identifier),
        "OutputCondition": PDFString(condition.info),
        "Info": PDFString(condition.info),
        "DestOutputProfile": canvas._doc.Reference(profile),
    }
    if condition.registry:  # only a registered condition names its registry
        entries["RegistryName"] = PDFString(condition.registry)
    intent = PDFDictionary(entries)
    set_catalog_entry(canvas, "OutputIntents", PDFArray([intent]))


@cache
def _compressed(path: str) -> bytes:
    return zlib.compress(Path(path).read_bytes())
