"""Fonts: families found on the font search path, checked when the data is loaded, registered with ReportLab once.

In:  a family name as `type: font:` gives it (a folder name, e.g. "noto-sans") and the brochure's folder.
Out: a `FontFamily` (where its files are), the problems of its files (for the loader to report at the
     `font:` line), and for the layout the registered face to draw with, its glyph coverage and widths.

The search path, first folder holding a folder of that name wins:
  1. `fonts/` in the brochure's folder (data/<brochure>/fonts/): fonts only this brochure uses;
  2. `fonts/` beside the data folder (for data/<brochure>/en.yaml, the project's own fonts/): shared by all;
  3. the fonts bundled with brochure: fonts/ of the source checkout, which an installed copy carries as
     the package data brochure/bundled_fonts/ (see pyproject.toml), so it works from any folder.

Only TrueType outlines can be used: ReportLab embeds them as subsets, so every font in a PDF is
embedded. A family folder holds <Anything>-Regular.ttf and, optionally, -Bold, -Italic and
-BoldItalic. Where the design asks for a style the family lacks (a bold heading in a family with
no bold) the nearest face is used; where the text's own markup asks for it (`*italic*`) the
layout reports an error instead, since the emphasis would be lost silently.
"""

from __future__ import annotations

import hashlib
import struct
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, cast

from reportlab.pdfbase import pdfmetrics

from .diagnostics import display_path
from .fontcache import parsed_face
from .model import FontFamily
from .tagging import TaggedSubsetFont

STYLES = ("Regular", "Bold", "Italic", "BoldItalic")
_STYLE_FALLBACK = {
    "Regular": ("Regular",),
    "Bold": ("Bold", "Regular"),
    "Italic": ("Italic", "Regular"),
    "BoldItalic": ("BoldItalic", "Bold", "Italic", "Regular"),
}
FONTS_FOLDER = "fonts"
TRUETYPE_VERSIONS = (b"\x00\x01\x00\x00", b"true")  # the first four bytes of a TrueType-outline font


def _bundled_fonts() -> Path:
    """The bundled fonts: package data when installed from a wheel, else fonts/ of the source checkout."""
    here = Path(__file__).resolve().parent
    installed = here / "bundled_fonts"  # brochure is a plain (namespace) package on disk, never zipped
    return installed if installed.is_dir() else here.parent / FONTS_FOLDER


BUNDLED_FONTS = _bundled_fonts()


def search_path(brochure_folder: Path) -> tuple[Path, ...]:
    """The folders searched for a family, in order: the brochure's fonts/, fonts/ beside the data, the bundled."""
    folder = brochure_folder.resolve()
    found: list[Path] = []
    for candidate in (folder / FONTS_FOLDER, folder.parent.parent / FONTS_FOLDER, BUNDLED_FONTS.resolve()):
        if candidate not in found:
            found.append(candidate)
    return tuple(found)


def family_names(search: tuple[Path, ...]) -> list[str]:
    """Every family on the search path (a folder holding a *-Regular.ttf), sorted."""
    names: set[str] = set()
    for folder in search:
        if folder.is_dir():
            names.update(p.name for p in folder.iterdir() if p.is_dir() and any(p.glob("*-Regular.ttf")))
    return sorted(names)


def find_family(name: str, search: tuple[Path, ...]) -> FontFamily | None:
    """The family of that folder name, from the first folder of the search path that has it; None if none has."""
    for root in search:
        folder = root / name
        if folder.is_dir():
            faces = []
            for style in STYLES:
                matches = sorted(folder.glob(f"*-{style}.ttf"))
                if matches:
                    faces.append((style, matches[0]))
            return FontFamily(name, folder, tuple(faces), bundled=root == BUNDLED_FONTS.resolve())
    return None


@dataclass(frozen=True)
class FontProblem:
    """Why a family cannot be used, for the person: `message` names the file, `hint` says what to do."""

    message: str
    hint: str


def check_family(family: FontFamily) -> list[FontProblem]:
    """Every problem of a family's files; none means every face can be registered and embedded.

    Each file is read completely and parsed here, once a process, so a damaged font is reported at
    the `font:` line that chose it rather than as a crash while drawing.
    """
    if not family.has("Regular"):
        return [
            FontProblem(
                f"font '{family.name}' has no regular face: no file named <Name>-Regular.ttf in "
                f"{display_path(family.folder)}",
                "add the family's regular TrueType file, named like NotoSans-Regular.ttf",
            )
        ]
    problems = []
    for style, path in family.faces:
        problem = _check_file(path, _registered_name(family, style))
        if problem is not None:
            problems.append(problem)
    return problems


# A font's licence, as font publishers name it: OFL.txt (SIL Open Font License), LICENSE.txt, LICENCE,
# COPYING, UFL.txt (Ubuntu Font Licence), in any case and with any extension.
LICENCE_NAMES = ("ofl", "license", "licence", "copying", "ufl")


def has_licence(folder: Path) -> bool:
    """Whether a family folder holds a licence file (a font is shared and embedded under its licence)."""
    return any(p.is_file() and p.name.lower().startswith(LICENCE_NAMES) for p in folder.iterdir())


def _check_file(path: Path, name: str) -> FontProblem | None:
    shown = display_path(path)
    replace = "replace it with a good copy of the TrueType (.ttf) file, or remove it from the folder"
    if path.is_dir():
        return FontProblem(f"font file {shown} is a folder, not a font file", "rename or remove that folder")
    try:
        data = path.read_bytes()
    except OSError as error:
        return FontProblem(f"cannot read font file {shown}: {error.strerror}", "check that the file can be opened")
    if not data:
        return FontProblem(f"font file {shown} is empty", replace)
    version = data[:4]
    if version == b"OTTO":
        return FontProblem(
            f"font file {shown} has PostScript (CFF) outlines, which cannot be embedded",
            "use the TrueType version of the font (most families publish one: .ttf with TrueType outlines)",
        )
    if version == b"ttcf":
        return FontProblem(
            f"font file {shown} is a font collection (.ttc)", "use the single TrueType (.ttf) file of each face"
        )
    if version not in TRUETYPE_VERSIONS:
        return FontProblem(f"font file {shown} is not a TrueType font", replace)
    if not _tables_inside(data):
        return FontProblem(f"font file {shown} is cut short (damaged, or not copied completely)", replace)
    try:
        _parsed(name, path)
    except Exception as error:  # noqa: BLE001 - ReportLab raises TTFError, struct.error, IndexError... on bad fonts
        reason = str(error).split('"')[-1].strip(" :") or type(error).__name__  # without ReportLab's copy of the path
        return FontProblem(f"font file {shown} cannot be used: {reason}", replace)
    return None


def _tables_inside(data: bytes) -> bool:
    """Whether the file holds every table its directory lists (a cut-short file does not)."""
    if len(data) < 12:
        return False
    (count,) = struct.unpack_from(">H", data, 4)
    if len(data) < 12 + 16 * count:
        return False
    for index in range(count):
        _, _, offset, length = struct.unpack_from(">4sIII", data, 12 + 16 * index)
        if offset + length > len(data):
            return False
    return True


@cache
def _parsed(name: str, path: Path) -> TaggedSubsetFont:
    """The font registered as `name`, parsed once a process (and from the cache across runs: fontcache.py)."""
    parsed = parsed_face(path, path.read_bytes())
    # Made by the parser only to build the character maps, then read only by ReportLab's HarfBuzz shaping,
    # which brochure never asks for: about 1.2 MiB per Chinese face (a list per glyph). Deleted rather than
    # emptied, so a shaping path would fail loudly instead of mapping characters wrongly.
    parsed.__dict__.pop("glyphToChar", None)
    # Each subset gets a tag of its own (ISO 32000-1 9.6.4): ReportLab's TTFont names them all AAAAAA+.
    return TaggedSubsetFont.from_face(name, parsed)


def _registered_name(family: FontFamily, style: str) -> str:
    """The name a face is registered with ReportLab under; unique per folder, so two families of one name
    (a brochure's own 'noto-sans' and the bundled one) never replace each other in one process."""
    if family.bundled:
        return f"{family.name}-{style}"
    return f"{family.name}-{style}-{hashlib.sha256(str(family.folder).encode()).hexdigest()[:8]}"


def style_name(bold: bool, italic: bool) -> str:
    return ("Bold" if bold else "") + ("Italic" if italic else "") or "Regular"


@dataclass(frozen=True)
class FontFace:
    """One registered font: `name` is what the canvas draws with; `style` is the face the family had."""

    family: str
    style: str
    name: str
    path: Path

    def has_glyph(self, char: str) -> bool:
        return ord(char) in _coverage(self.name)

    def has_glyphs(self, text: str) -> bool:
        """Whether the face has a glyph for every character of `text`."""
        return _coverage(self.name).issuperset(map(ord, text))

    def width(self, text: str, size: float) -> float:
        """The advance width of `text` at `size` pt, exactly as ReportLab's stringWidth computes it."""
        # ReportLab sums the glyphs' advances in Python, per call; the fit search measures the same words at
        # every candidate size, so the sum (an integer: exact) is kept per text and only scaled here.
        advances = _advances(self.name)
        units = advances.get(text)
        if units is None:
            units = advances[text] = _advance_units(self.name, text)
        return 0.001 * size * units


@cache
def _advances(name: str) -> dict[str, int]:
    """Text -> the sum of its glyphs' advances in 1/1000 em, for the registered font `name` (filled as measured)."""
    return {}


def _advance_units(name: str, text: str) -> int:
    # ReportLab's own sum (reportlab.lib.rl_accel, instanceStringWidthTTF): a missing glyph counts the default width.
    font_face = cast(TaggedSubsetFont, pdfmetrics.getFont(name)).face  # registered by `face` below: a TrueType font
    widths, default = font_face.charWidths, font_face.defaultWidth
    return sum(widths.get(ord(char), default) for char in text)


@cache
def _coverage(name: str) -> frozenset[int]:
    return frozenset(cast(TaggedSubsetFont, pdfmetrics.getFont(name)).face.charToGlyph)


def bundled_family(name: str) -> FontFamily:
    """A family bundled with brochure, by name; raises KeyError if there is none of that name."""
    family = find_family(name, (BUNDLED_FONTS.resolve(),))
    if family is None:
        raise KeyError(f"no bundled font '{name}' in {BUNDLED_FONTS}")
    return family


@cache
def face(family: FontFamily | str, bold: bool = False, italic: bool = False) -> FontFace:
    """The registered face of a family nearest to the wanted style (the family was checked when loaded).

    A plain name means the bundled family of that name (for the proofs' labels and the tests).
    """
    if isinstance(family, str):
        family = bundled_family(family)
    wanted = style_name(bold, italic)
    style = next(s for s in _STYLE_FALLBACK[wanted] if family.has(s))
    name = _registered_name(family, style)
    if name not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(_parsed(name, family.file(style)))
    return FontFace(family.name, style, name, family.file(style))


def release_faces() -> None:
    """Forget every face parsed and registered here (ReportLab's registry of them included), so that their
    memory can be freed; the next `face` parses its font again (from the font cache: milliseconds).

    For a worker of `--all` between editions: a Chinese family's two faces alone hold about 15 MiB, which
    every later edition of that worker would otherwise carry. Nothing drawn depends on the registration's
    history: a face registered again is the same font with the same subset tags (`subset_tag`).
    """
    ours = {name for name, font in _registry().items() if isinstance(font, TaggedSubsetFont)}
    registry, by_face = _registry(), _registry("_dynFaceNames")
    for name in ours:
        dropped = cast(TaggedSubsetFont, registry.pop(name))
        face_name = dropped.face.name
        if by_face.get(face_name) is dropped:
            del by_face[face_name]
    for cached in (_parsed, face, _coverage, _advances):
        cached.cache_clear()


def _registry(name: str = "_fonts") -> dict[str, Any]:
    """One of ReportLab's font registries (pdfmetrics keeps them as module dicts: name -> font)."""
    return cast(dict[str, Any], getattr(pdfmetrics, name))
