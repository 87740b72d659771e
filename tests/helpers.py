"""Helpers shared by the test modules: one place, so that no test module imports another.

- paths of the seed brochure (ROOT, DATA, EN, SEED) and of the pantry brochure of the block tests;
- editing a copy of an edition (`edit`, `line_of`, `lengthen`) and loading it (`errors_of`, `layout_of`);
- running the command line in process (`run`);
- test fonts and images made on the spot (`add_family`, `truncated`, `encoded`, `gradient`, ...);
- the oracle "every string of the edition is in its panel" (`assert_every_string_in_its_panel`), written
  from the README's panel table and the paper's width alone, reading the PDF with pypdf: it shares no
  code with the fold and layout it checks.
"""

from __future__ import annotations

import io
import re
import shutil
import struct
import zlib
from pathlib import Path

import pytest
from PIL import Image as PILImage
from PIL import ImageDraw
from pypdf import PdfReader

from brochure import cli
from brochure.diagnostics import BrochureError
from brochure.fonts import STYLES
from brochure.load import load_edition
from brochure.model import Edition, block_texts, plain_text

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data" / "ct-human-trafficking"
EN = DATA / "en.yaml"
SEED = Path(__file__).resolve().parent / "fixtures"  # text extracted from the original two-page PDF
PANTRY = SEED / "pantry"  # a small brochure using every block and panel option of issue 11 §2
NOTO = ROOT / "fonts" / "noto-sans"

# The numbers the seed brochure dials, as its links must stay (the English edition, letter office).
CT_DIALLED = frozenset(
    {
        "tel:911",
        "tel:+18883737888",
        "tel:+18663472423",
        "tel:+18668724973",
        "tel:+18605506632",
        "tel:+18887713126",
    }
)
CODES = ["en", "es", "pt", "pl", "ht", "vi", "zh-Hans"]  # the seed brochure's editions
LONG_WORD = "Pneumonoultramicroscopicsilicovolcanoconiosisandmuchmorebesides"
PNG_1PX = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010802000000907753de0000000c4944415408d763f8ffff3f0005fe02fe"
    "a7d6a4f40000000049454e44ae426082"
)


# ---------------------------------------------------------------- editions: edit, load, run


def edit(path: Path, old: str, new: str, count: int = 1) -> None:
    """Replace `old` (which must be there `count` times at least) by `new` in a file."""
    text = path.read_text(encoding="utf-8")
    assert text.count(old) >= count, f"{old!r} not in {path.name}"
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def line_of(path: Path, needle: str) -> int:
    """The 1-based number of the first line of `path` holding `needle`."""
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if needle in line:
            return number
    raise AssertionError(needle)


def errors_of(path: Path) -> list[str]:
    """The formatted findings of loading an edition that must fail to load."""
    with pytest.raises(BrochureError) as caught:
        load_edition(path)
    return [f.format() for f in caught.value.findings]


def lengthen(en: Path, times: int) -> None:
    """Make the seed's fold-in panel longer by `times` bullets."""
    block = "          - Works excessively.\n"
    edit(
        en,
        block,
        block + "          - Has no contact with their family or friends, and does not know where to turn.\n" * times,
    )


def layout_of(path: Path, paper=None):
    """The office layout of an edition on `paper` (default: its first), with its first fold."""
    from brochure.fold import OutputKind, fold_sheet
    from brochure.layout import lay_out

    edition, _ = load_edition(path)
    design = edition.design
    plan = fold_sheet(paper or design.papers[0], design.fold, design.fold_in_offset, design.margins, OutputKind.OFFICE)
    return lay_out(edition, plan)


def run(*args: object) -> tuple[int, str, str]:
    """`render.py ARGS` in process: the exit status, standard output and standard error."""
    out, err = io.StringIO(), io.StringIO()
    status = cli.main([str(a) for a in args], out, err)
    return status, out.getvalue(), err.getvalue()


def with_image(folder: Path, pixels: int) -> None:
    """A square logo of `pixels` on the seed's front cover, 1 in wide."""
    PILImage.new("RGB", (pixels, pixels), (20, 54, 93)).save(folder / "logo.png")
    edit(
        folder / "en.yaml",
        "      - spacer: 5pt\n        background: accent\n",
        "      - image: logo.png\n        alt: Logo of the Office of the Victim Advocate\n        width: 1in\n",
    )


# ---------------------------------------------------------------- fonts and images made for a test


def add_family(fonts_folder: Path, name: str, styles=STYLES, licence: bool = True) -> Path:
    """A family folder holding copies of Noto Sans under another name, in the given styles, with its licence."""
    folder = fonts_folder / name
    folder.mkdir(parents=True)
    for style in styles:
        shutil.copy(NOTO / f"NotoSans-{style}.ttf", folder / f"House-{style}.ttf")
    if licence:
        shutil.copy(NOTO / "OFL.txt", folder / "OFL.txt")
    return folder


def truncated(path: Path) -> None:
    """Cut a font file short, as an interrupted copy does."""
    path.write_bytes(path.read_bytes()[:200_000])


def encoded(image: PILImage.Image, format: str = "PNG", **options) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format=format, **options)
    return buffer.getvalue()


def gradient(size=(400, 300)) -> PILImage.Image:
    """A picture with structure in both directions, so a blank, grey or shifted copy differs from it."""
    ramp = PILImage.linear_gradient("L").resize(size)
    return PILImage.merge("RGB", (ramp, ramp.transpose(PILImage.Transpose.ROTATE_180), ramp.rotate(90).resize(size)))


def png_header_only(width: int, height: int) -> bytes:
    """A PNG that claims `width` x `height` grey pixels but holds almost none: cheap to make, huge if decoded."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00" * 1000))
        + chunk(b"IEND", b"")
    )


# ---------------------------------------------------------------- the pantry brochure (tests/fixtures/pantry)

PANTRY_EDITION = (PANTRY / "en.yaml").read_text(encoding="utf-8")


def cover_photo(width: int = 1200, height: int = 2700) -> PILImage.Image:
    """A made-up photo for the cover: sky, field and sun; about 320 ppi on a letter cover panel."""
    photo = PILImage.new("RGB", (width, height), "#A7C7E7")
    pen = ImageDraw.Draw(photo)
    pen.rectangle((0, height * 0.55, width, height), fill="#6E8B3D")
    pen.ellipse((width * 0.55, height * 0.12, width * 0.85, height * 0.25), fill="#F6D55C")
    for i in range(0, width, 60):
        pen.line((i, height * 0.55, i + 200, height), fill="#5A7431", width=12)
    return photo


def write_pantry(folder: Path, edition: str = PANTRY_EDITION) -> Path:
    """Write the pantry brochure (design, contacts, logo, photos and `edition`) into `folder`; return en.yaml."""
    folder.mkdir(parents=True, exist_ok=True)
    for name in ("brochure.yaml", "contacts.yaml", "logo.svg"):
        shutil.copy(PANTRY / name, folder / name)
    photo = PILImage.new("RGB", (600, 400), "#8FB996")
    pen = ImageDraw.Draw(photo)
    pen.rectangle((60, 80, 540, 340), fill="#D9822B")
    pen.ellipse((220, 120, 380, 280), fill="#1F4E3D")
    photo.save(folder / "photo.png")
    cover_photo().save(folder / "cover.jpg", quality=85)
    path = folder / "en.yaml"
    path.write_text(edition, encoding="utf-8")
    return path


# ---------------------------------------------------------------- the oracle: every string in its panel

# README, "Where they are on the sheet": the same for both folds. Page 1 is the outside, page 2 the inside.
SHEET = {
    1: ("fold_in_back", "back_cover", "front_cover"),
    2: ("inside_left", "inside_middle", "inside_right"),
}
# README, "The panel map": the reading order, the same for both folds; the screen edition's pages.
READING_ORDER = ("front_cover", "inside_left", "inside_middle", "inside_right", "fold_in_back", "back_cover")


def squash(text: str) -> str:
    """Text without whitespace and soft hyphens, to compare across line breaks (pdfium's U+0002 is one too)."""
    return re.sub(r"[\s\u00ad\u0002]+", "", text)


def panel_spans(width: float, fold: str, fold_in_offset: float) -> dict[str, tuple[int, float, float]]:
    """Each panel's page and left and right edge from the trim's left edge, for a sheet `width` points wide.

    A Z fold cuts the sheet in equal thirds. A roll fold's fold-in panel (inside right, backed by the
    outside left) is narrower by `fold_in_offset` and the two others share what is left equally.
    """
    if fold == "z":
        widths = {1: (width / 3,) * 3, 2: (width / 3,) * 3}
    else:
        wide = (width + fold_in_offset) / 3
        widths = {1: (wide - fold_in_offset, wide, wide), 2: (wide, wide, wide - fold_in_offset)}
    spans = {}
    for page, roles in SHEET.items():
        left = 0.0
        for role, panel_width in zip(roles, widths[page]):
            spans[role] = (page, left, left + panel_width)
            left += panel_width
    return spans


def text_pieces(reader: PdfReader, page: int) -> list[tuple[float, float, str]]:
    """Every shown string of page `page` (1-based) with its start point, as pypdf reads it."""
    pieces: list[tuple[float, float, str]] = []

    def visit(text, cm, tm, font, size) -> None:
        if text.strip():
            pieces.append((tm[4] * cm[0] + tm[5] * cm[2] + cm[4], tm[4] * cm[1] + tm[5] * cm[3] + cm[5], text))

    reader.pages[page - 1].extract_text(visitor_text=visit)
    return pieces


def text_between(pieces: list[tuple[float, float, str]], x0: float, x1: float) -> str:
    """The squashed text of the pieces starting between x0 and x1, top to bottom and left to right."""
    inside = [(x, y, text) for x, y, text in pieces if x0 - 0.01 <= x <= x1 + 0.01]
    # A stable sort: pypdf gives pieces shown one after the other in a text object (a font change
    # within a line) the same start, and their order in the page is then the reading order.
    inside.sort(key=lambda piece: (-round(piece[1], 1), piece[0]))
    return squash("".join(text for *_, text in inside))


def assert_every_string_in_its_panel(pdf: bytes, edition: Edition, fold: str, context: object = "") -> int:
    """Every string of `edition` is printed in its panel of `pdf`, folded `fold` ("roll" or "z").

    A print PDF has two pages, the panels placed from the README's sheet table and the width of the
    trim box (the media box when there is none); the screen edition has a page per panel, in reading
    order. Returns how many strings were checked, which is never none.
    """
    reader = PdfReader(io.BytesIO(pdf))
    if len(reader.pages) == len(READING_ORDER):  # the screen edition
        places = {role: (page, 0.0, float("inf")) for page, role in enumerate(READING_ORDER, start=1)}
    else:
        assert len(reader.pages) == 2, context
        trim = reader.pages[0].trimbox  # pypdf falls back to the media box
        width = float(trim.right) - float(trim.left)
        spans = panel_spans(width, fold, edition.design.fold_in_offset)
        places = {role: (page, float(trim.left) + x0, float(trim.left) + x1) for role, (page, x0, x1) in spans.items()}
    pieces = {page: text_pieces(reader, page) for page in {page for page, _, _ in places.values()}}
    checked = 0
    for role, (page, x0, x1) in places.items():
        in_panel = text_between(pieces[page], x0, x1)
        panel = next(p for p in edition.panels if p.role.value == role)
        for block in panel.blocks:
            for text in block_texts(block):
                assert squash(plain_text(text)) in in_panel, (context, role, page, plain_text(text))
                checked += 1
    assert checked, context
    return checked
