"""The press edition's output intent: the printing condition its CMYK values were made for.

In:  a ReportLab canvas (before `save()`) and a `PrintingCondition`.
Out: nothing; /OutputIntents appears in the /Catalog of the saved file.

ReportLab silently drops an /OutputIntents set with `Canvas.setCatalogEntry`: the entry
goes through `catalog.add_catalog_entry`, the one place for catalog entries ReportLab
does not write by itself (the structure tree and XMP of a tagged PDF use it too).
"""

from __future__ import annotations

import zlib
from functools import cache
from pathlib import Path

from reportlab.pdfbase.pdfdoc import PDFArray, PDFDictionary, PDFName, PDFStream, PDFString
from reportlab.pdfgen.canvas import Canvas

from .catalog import add_catalog_entry, document, reference
from .model import PrintingCondition


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
        "DestOutputProfile": reference(document(canvas), profile),
    }
    if condition.registry:  # only a registered condition names its registry
        entries["RegistryName"] = PDFString(condition.registry)
    intent = PDFDictionary(entries)
    add_catalog_entry(canvas, "OutputIntents", PDFArray([intent]))


@cache
def _compressed(path: str) -> bytes:
    return zlib.compress(Path(path).read_bytes())
