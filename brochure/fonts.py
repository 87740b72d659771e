"""Fonts for the layout stage: the bundled TrueType families, registered with ReportLab once.

In:  a family name (a folder of fonts/, e.g. "noto-sans") and a style.
Out: the registered font name to draw with, its glyph coverage, and widths.

Only TrueType outlines are bundled: ReportLab embeds them as subsets, so every
font in a PDF is embedded. A family folder holds <Anything>-Regular.ttf and,
optionally, -Bold, -Italic and -BoldItalic; a missing style falls back to the
nearest one the family has (a Chinese family has no italic).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from reportlab.pdfbase import pdfmetrics

from .load import FONTS_DIR
from .tagging import TaggedSubsetFont

STYLES = ("Regular", "Bold", "Italic", "BoldItalic")
_STYLE_FALLBACK = {
    "Regular": ("Regular",),
    "Bold": ("Bold", "Regular"),
    "Italic": ("Italic", "Regular"),
    "BoldItalic": ("BoldItalic", "Bold", "Italic", "Regular"),
}


def style_name(bold: bool, italic: bool) -> str:
    return ("Bold" if bold else "") + ("Italic" if italic else "") or "Regular"


@dataclass(frozen=True)
class FontFace:
    """One registered font: `name` is what the canvas draws with."""

    family: str
    style: str
    name: str
    path: Path

    def has_glyph(self, char: str) -> bool:
        return ord(char) in _coverage(self.name)

    def width(self, text: str, size: float) -> float:
        return pdfmetrics.stringWidth(text, self.name, size)


@cache
def _coverage(name: str) -> frozenset[int]:
    return frozenset(pdfmetrics.getFont(name).face.charToGlyph)


@cache
def family_files(family: str, fonts_dir: Path = FONTS_DIR) -> dict[str, Path]:
    """The style -> file map of a bundled family; raises FileNotFoundError if it has no Regular."""
    folder = fonts_dir / family
    files: dict[str, Path] = {}
    for style in STYLES:
        matches = sorted(folder.glob(f"*-{style}.ttf"))
        if matches:
            files[style] = matches[0]
    if "Regular" not in files:
        raise FileNotFoundError(f"no *-Regular.ttf in {folder}")
    return files


@cache
def face(family: str, bold: bool = False, italic: bool = False) -> FontFace:
    """The registered face of a family nearest to the wanted style."""
    files = family_files(family)
    wanted = style_name(bold, italic)
    style = next(s for s in _STYLE_FALLBACK[wanted] if s in files)
    name = f"{family}-{style}"
    if name not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TaggedSubsetFont(name, str(files[style])))
    return FontFace(family, style, name, files[style])
