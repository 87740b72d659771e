"""Every mistake a person editing the YAML can make: the message it produces and exit status 1, never a traceback.

MISTAKES is the source of the troubleshooting table in README.md: a test checks that
every row of that table is one of these cases, word for word, and the other way round.
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from helpers import (
    DATA,
    EN,
    LONG_WORD,
    PNG_1PX,
    ROOT,
    add_family,
    edit,
    encoded,
    gradient,
    lengthen,
    png_header_only,
    run,
    truncated,
)

from brochure.fonts import STYLES


@dataclass(frozen=True)
class Mistake:
    what: str  # the mistake, as the README names it
    make: Callable[[Path], None]  # does it to a copy of the brochure folder
    message: str  # what the person reads (a part of the message)
    status: int = 1
    args: tuple[str, ...] = ("--check",)
    in_data_file: bool = True  # the message is located in a .yaml file (not: a problem with where to write)
    file: str = "en.yaml"  # the edition the command is run on
    # More of what the person reads than the README shows: the [where], the hint, the exact location.
    details: tuple[str, ...] = ()
    at: tuple[str, str, int] | None = None  # (file, text, column): the message is at the line holding text
    alone: bool = False  # the only finding of the run


def _replace(name, old, new):
    return lambda folder: edit(folder / name, old, new)


def _write(name, data: bytes):
    return lambda folder: (folder / name).write_bytes(data)


def _translated(name, old, new):
    """The whole seed brochure (every edition and review/terms.yaml), then one edit."""

    def make(folder):
        for path in DATA.glob("*.yaml"):
            shutil.copy(path, folder / path.name)
        shutil.copytree(DATA / "review", folder / "review")
        edit(folder / name, old, new)

    return make


TERMS = "review/terms.yaml"


def _image(content: bytes, name="logo.png"):
    def make(folder):
        (folder / name).write_bytes(content)
        edit(
            folder / "en.yaml",
            "      - spacer: 5pt\n        background: accent\n",
            f"      - image: {name}\n        alt: Logo\n",
        )

    return make


SPACER = "      - spacer: 5pt\n        background: accent\n"  # the cover's red bar: a place to put a block


def _png_bytes() -> bytes:
    return encoded(gradient())


MISTAKES = [
    Mistake(
        "Tab characters used to indent",
        _replace("en.yaml", "  front_cover:\n    background", "  front_cover:\n\tbackground"),
        "YAML indents with spaces only",
        alone=True,
    ),
    Mistake(
        "A quote opened and never closed",
        _replace("en.yaml", "title: Stop Human Trafficking", 'title: "Stop Human Trafficking'),
        "opens a quote that is never closed",
    ),
    Mistake(
        "A line indented wrongly",
        _replace(
            "en.yaml",
            "      - heading: What is human trafficking?\n",
            "      - heading: What is human trafficking?\n     - paragraph: x\n",
        ),
        "check the indentation of this line against the lines above",
    ),
    Mistake(
        "Unquoted text containing `: `",
        _replace(
            "en.yaml",
            'heading: "Report human trafficking: It’s the law!"',
            "heading: Report human trafficking: It’s the law!",
        ),
        "a value containing ': ' must be quoted",
        details=(
            "YAML syntax: mapping values are not allowed",
            "| " + "      - heading: Report human trafficking: It’s the law!",
        ),
        at=("en.yaml", "heading: Report human trafficking:", 0),
        alone=True,
    ),
    Mistake(
        "A list where a mapping belongs",
        _replace("en.yaml", "  inside_left:\n    blocks:", "  inside_left:\n    - blocks:"),
        "expected a mapping (key: value lines) for panel 'inside_left', got a list",
    ),
    Mistake(
        "An empty file",
        _write("en.yaml", b"   \n"),
        "the file is empty",
        details=("en.yaml: error: the file is empty\n    hint: copy an existing edition as a starting point",),
        alone=True,
    ),
    Mistake(
        "A file with only comments",
        _write("en.yaml", b"# Stop Human Trafficking\n"),
        "the file has only comments, no settings or text",
    ),
    Mistake(
        "A file that is not UTF-8",
        _write("en.yaml", "language: en\ntitle: Caf\u00e9\n".encode("latin-1")),
        "not UTF-8 text: byte 0xE9 cannot be read",
        details=("en.yaml:2:11: error: not UTF-8 text: byte 0xE9 cannot be read",),
        alone=True,
    ),
    Mistake("A huge file", _write("en.yaml", b"# " + b"x" * 1_100_000), "a brochure file is at most 1,000,000"),
    Mistake(
        "A misspelt key",
        _replace("en.yaml", "    background: brand\n", "    backgrund: brand\n"),
        "unknown key 'backgrund' in panel 'front_cover' (did you mean 'background'?)",
        details=(
            "(did you mean 'background'?) [panels.front_cover]\n"
            "    hint: allowed here: background, overlay, valign, align, shrink, blocks, footer, blank",
        ),
        at=("en.yaml", "backgrund", 5),
        alone=True,
    ),
    Mistake(
        "A required key left out", _replace("en.yaml", "title: Stop Human Trafficking\n", ""), "missing key 'title'"
    ),
    Mistake(
        "A value of the wrong type",
        _replace(
            "en.yaml", "keywords: [human trafficking, Connecticut, hotline, victims' rights]", "keywords: hotline"
        ),
        "expected a list (lines starting with '- '), got 'hotline'",
    ),
    Mistake(
        "A line separator pasted from a web page",
        _replace("en.yaml", "Works excessively.", "Works\u2028excessively."),
        "invisible character U+2028 (LINE SEPARATOR)",
    ),
    Mistake(
        "A broken escape in quotes",
        _replace("en.yaml", "title: Stop Human Trafficking", 'title: "Stop Human Trafficking \\ud800"'),
        "stands for half of a character (a surrogate)",
    ),
    Mistake(
        "A negative bleed",
        _replace("brochure.yaml", "bleed: 0.125in", "bleed: -0.125in"),
        "-0.125in is out of range: allowed 0 pt to 36 pt",
    ),
    Mistake(
        "A type size of 0",
        _replace("brochure.yaml", "body_size: 11pt", "body_size: 0pt"),
        "0pt is out of range: allowed 8.5 pt to 96 pt",
    ),
    Mistake(
        "An unknown paper",
        _replace("brochure.yaml", "papers: [letter, a4]", "papers: [letter, tabloid]"),
        "unknown paper 'tabloid'",
        details=("unknown paper 'tabloid' [papers[1]]\n    hint: choose from letter, legal, a4",),
        at=("brochure.yaml", "tabloid", 0),
    ),
    Mistake(
        "CMYK values that are not four percentages",
        _replace("brochure.yaml", 'brand: "#14365D"', 'brand: {rgb: "#14365D", cmyk: [100, 75, 20]}'),
        "cmyk needs four numbers from 0 to 100 (cyan, magenta, yellow, black in %), got [100, 75, 20]",
    ),
    Mistake(
        "CMYK values over the ink limit",
        _replace("brochure.yaml", 'text: "#1A1A1A"', 'text: {rgb: "#1A1A1A", cmyk: [75, 68, 67, 100]}'),
        "cmyk [75, 68, 67, 100] adds up to 310% of ink, over the ink limit of 300%",
    ),
    Mistake(
        "An ink limit that is not a percentage",
        _replace("brochure.yaml", "bleed: 0.125in", "bleed: 0.125in\nink_limit: 3000"),
        "ink_limit '3000' is not a total ink coverage between 200% and 400%",
    ),
    Mistake(
        "A press profile that is not in the folder",
        _replace("brochure.yaml", "bleed: 0.125in", "bleed: 0.125in\npress_profile: shop.icc"),
        "press profile not found: shop.icc",
    ),
    Mistake(
        "A press profile that cannot make CMYK",
        lambda folder: _input_only_profile(folder),
        "press profile 'scanner.icc' cannot convert colours to CMYK (it is an input-only profile)",
    ),
    Mistake(
        "A paper listed twice",
        _replace("brochure.yaml", "papers: [letter, a4]", "papers: [letter, a4, letter]"),
        "paper 'letter' is listed twice",
    ),
    Mistake(
        "Both `fold:` and `folds:`",
        _replace("brochure.yaml", "fold: roll\n", "fold: roll\nfolds: [roll, z]\n"),
        "give 'folds:' or 'fold:', not both",
    ),
    Mistake(
        "A min_leading above the leading",
        _replace("brochure.yaml", "  leading: 1.4 ", "  leading: 1.4\n  min_leading: 1.6 "),
        "is larger than leading",
    ),
    Mistake(
        "A key written twice",
        _replace("en.yaml", "title: Stop Human Trafficking\n", "title: Stop Human Trafficking\ntitle: Stop\n"),
        "duplicate key 'title' (first at line",
        details=("YAML keeps only one of them",),
        at=("en.yaml", "title: Stop\n", 1),
        alone=True,
    ),
    Mistake(
        "An unknown panel",
        _replace("en.yaml", "  inside_middle:\n", "  inside_centre:\n"),
        "unknown key 'inside_centre' in panels",
    ),
    Mistake(
        "A panel used twice",
        _replace("en.yaml", "  inside_right:\n", "  inside_middle:\n"),
        "duplicate key 'inside_middle' (first at line",
    ),
    Mistake("A panel left out", lambda folder: _drop_panel(folder, "back_cover"), "panel missing: back_cover"),
    Mistake(
        "An empty panel",
        _replace(
            "en.yaml",
            "  fold_in_back:\n    align: center\n    blocks:\n",
            "  fold_in_back:\n    align: center\n    blocks: []\n  unused:\n    blocks:\n",
        ),
        "panel 'fold_in_back' is empty",
    ),
    Mistake(
        "An overlay on a panel without a photo",
        _replace(
            "en.yaml",
            "  front_cover:\n    background: brand\n",
            "  front_cover:\n    background: brand\n    overlay: brand\n",
        ),
        "overlay: tints a background photo, but this panel has none",
    ),
    Mistake(
        "A blank panel that has blocks",
        _replace("en.yaml", "  fold_in_back:\n    align: center\n", "  fold_in_back:\n    blank: true\n"),
        "panel 'fold_in_back' is blank: true but has blocks",
    ),
    Mistake(
        "Both `valign:` and `align:` in a panel",
        _replace(
            "en.yaml",
            "  fold_in_back:\n    align: center\n",
            "  fold_in_back:\n    valign: top\n    align: center\n",
        ),
        "give valign: or align: (its older name), not both",
    ),
    Mistake(
        "A misspelt contact name",
        _replace("en.yaml", "Hotline at {national_hotline}", "Hotline at {national_hotlne}"),
        "no contact 'national_hotlne' in contacts.yaml (did you mean 'national_hotline'?)",
        details=("(did you mean 'national_hotline'?) [panels.front_cover.blocks[3][1]]",),
        at=("en.yaml", "{national_hotlne}", 0),
        alone=True,
    ),
    Mistake(
        "A contact no edition uses",
        _replace("contacts.yaml", "  unodc:\n", "  old_office:\n    phone: 860-550-6632\n  unodc:\n"),
        "contact 'old_office' is not used by any edition",
        status=0,
        args=("--check", "--all"),
    ),
    Mistake(
        "A phone number with a digit missing",
        _replace("contacts.yaml", "phone: 1-888-373-7888", "phone: 1-888-373-788"),
        "'1-888-373-788' is not a valid phone number in region US",
        at=("contacts.yaml", "1-888-373-788", 0),
        alone=True,
    ),
    Mistake(
        "A toll-free number that is not toll-free",
        _replace("contacts.yaml", "toll_free: 1-888-771-3126", "toll_free: 860-550-6632"),
        "'860-550-6632' is not a toll-free number",
    ),
    Mistake(
        "A number of another country",
        _replace("contacts.yaml", "phone: 1-888-373-7888", "phone: 020 7946 0958"),
        "'020 7946 0958' is not a valid phone number in region US",
    ),
    Mistake(
        "Two numbers in one field",
        _replace("contacts.yaml", "phone: 1-888-373-7888", "phone: 1-888-373-7888 or 860-550-6632"),
        "'1-888-373-7888 or 860-550-6632' holds 2 phone numbers",
    ),
    Mistake(
        "An extension written into the number",
        _replace("contacts.yaml", "phone: 860-550-6632", "phone: 860-550-6632 ext. 12"),
        "'860-550-6632 ext. 12' has an extension written into the number",
    ),
    Mistake(
        "An extension without its label",
        _replace("contacts.yaml", "phone: 860-550-6632", 'phone: 860-550-6632\n    ext: "12"'),
        "has an extension (ext: 12), but labels.ext is not set",
    ),
    Mistake(
        "A number kept for fiction",
        _replace("contacts.yaml", "phone: 1-866-347-2423", "phone: 860-555-0142"),
        "'860-555-0142' is a number kept for fiction: it reaches no one",
        status=0,
    ),
    Mistake(
        "An unknown country code",
        _replace("contacts.yaml", "region: US", "region: UK"),
        "unknown country code 'UK'",
    ),
    Mistake(
        "A phone number typed into the text",
        _replace("en.yaml", "Works excessively.", "Works excessively. Call 860-555-0199."),
        "'860-555-0199' looks like a phone number typed into the text",
    ),
    Mistake(
        "A web address typed into the text",
        _replace("en.yaml", "Works excessively.", "Works excessively. See www.example.org."),
        "'www.example.org' looks like a web address typed into the text",
    ),
    Mistake(
        "Words linked to a phone number",
        _replace("en.yaml", "Hotline at {national_hotline}", "Hotline, [call now](national_hotline)"),
        "[words](national_hotline) links words to a web or e-mail address",
    ),
    Mistake(
        "A malformed web address",
        _replace("contacts.yaml", "url: www.unodc.org", "url: www unodc org"),
        "'www unodc org' is not a web address",
        at=("contacts.yaml", "www unodc org", 0),
        alone=True,
    ),
    Mistake(
        "A web address with a line break",
        _replace("contacts.yaml", "url: www.ice.gov", 'url: "www.ice.gov\\n"'),
        "'www.ice.gov' has a space or a line break before or after it",
    ),
    Mistake(
        "A malformed e-mail address",
        _replace("contacts.yaml", "    url: www.unodc.org", "    url: www.unodc.org\n    email: info(at)unodc.org"),
        "'info(at)unodc.org' is not an e-mail address",
    ),
    Mistake(
        "A font that is not bundled",
        _replace("brochure.yaml", "font: noto-sans", "font: arial"),
        "no font 'arial' in fonts/",
    ),
    Mistake(
        "A font file cut short",
        lambda folder: _font(folder, damage=truncated),
        "font file fonts/house-sans/House-Regular.ttf is cut short",
    ),
    Mistake(
        "An empty font file",
        lambda folder: _font(folder, damage=lambda path: path.write_bytes(b"")),
        "font file fonts/house-sans/House-Regular.ttf is empty",
    ),
    Mistake(
        "An OpenType font with PostScript outlines",
        lambda folder: _font(folder, damage=lambda path: path.write_bytes(b"OTTO" + path.read_bytes()[4:])),
        "has PostScript (CFF) outlines, which cannot be embedded",
    ),
    Mistake(
        "A folder named like a font file",
        lambda folder: _font(folder, damage=lambda path: (path.unlink(), path.mkdir())),
        "is a folder, not a font file",
    ),
    Mistake(
        "Italic text in a font without italic",
        lambda folder: _font(folder, styles=("Regular", "Bold")),
        "font 'house-sans' has no italic face",
    ),
    Mistake(
        "A font folder without a regular face",
        lambda folder: _font(folder, styles=("Bold", "Italic")),
        "font 'house-sans' has no regular face: no file named <Name>-Regular.ttf",
    ),
    Mistake(
        "A brochure's own font without its licence",
        lambda folder: (_font(folder), (folder / "fonts" / "house-sans" / "OFL.txt").unlink()),
        "font 'house-sans' has no licence file in",
        status=0,
    ),
    Mistake(
        "A missing image",
        _replace("en.yaml", "      - spacer: 5pt\n        background: accent\n", "      - image: logo.png\n"),
        "image not found: logo.png",
    ),
    Mistake(
        "An image outside the brochure's folder",
        _replace("en.yaml", "      - spacer: 5pt\n        background: accent\n", "      - image: ../../etc/passwd\n"),
        "image '../../etc/passwd' is outside the brochure's folder",
    ),
    Mistake(
        "A folder where an image belongs",
        lambda folder: (_image(b"")(folder), (folder / "logo.png").unlink(), (folder / "logo.png").mkdir()),
        "'logo.png' is a folder, not an image",
    ),
    Mistake("A file that is not an image", _image(b"GIF89a not really"), "'logo.png' is not a PNG or JPEG image"),
    Mistake(
        "An image that is damaged or cut short",
        lambda folder: _image(_png_bytes()[: len(_png_bytes()) // 2])(folder),
        "image logo.png is damaged or incomplete",
    ),
    Mistake(
        "An image over the pixel limit",
        lambda folder: _image(png_header_only(12_000, 12_000))(folder),
        "image logo.png is too large",
    ),
    Mistake("An image too small for print", _image(PNG_1PX), "image logo.png prints at 0 ppi (below 150)"),
    Mistake(
        "An SVG logo with text not converted to outlines",
        _image(b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 9 9"><text>Hi</text></svg>', "logo.svg"),
        "uses <text> (line 1), which cannot be drawn as vector here",
    ),
    Mistake(
        "A broken SVG file",
        _image(b'<svg xmlns="http://www.w3.org/2000/svg"><rect', "logo.svg"),
        "is not a readable SVG file",
    ),
    Mistake(
        "A QR code too small to scan",
        _replace("en.yaml", SPACER, "      - qr: ct_victim_advocate\n        size: 0.5in\n"),
        "a QR code of 0.5in is too small to scan: at least 0.8in",
    ),
    Mistake(
        "A QR code wider than its column",
        _replace("en.yaml", SPACER, "      - qr: ct_victim_advocate\n        size: 3.5in\n"),
        "wide with its quiet zone, but the column is",
    ),
    Mistake(
        "A QR code of a field the contact does not have",
        _replace("en.yaml", SPACER, "      - qr: national_hotline\n        field: url\n"),
        "contact 'national_hotline' has no 'url'",
    ),
    Mistake(
        "An empty table cell",
        _replace("en.yaml", SPACER, '      - table:\n          rows:\n            - [Sunday, ""]\n'),
        "an empty table cell",
    ),
    Mistake(
        "A table row with one cell or more than four",
        _replace("en.yaml", SPACER, "      - table:\n          rows:\n            - [Monday]\n"),
        "a table row has 2 to 4 cells, this one has 1",
    ),
    Mistake(
        "Table rows of different lengths",
        _replace(
            "en.yaml",
            SPACER,
            "      - table:\n          header: [Day, Hours]\n          rows:\n            - [Monday, 9am, 5pm]\n",
        ),
        "this table row has 3 cells, the header has 2",
    ),
    Mistake(
        "An image without alt text",
        lambda folder: (
            (folder / "logo.png").write_bytes(PNG_1PX),
            edit(folder / "en.yaml", "      - spacer: 5pt\n        background: accent\n", "      - image: logo.png\n"),
        ),
        "image logo.png needs alt text",
    ),
    Mistake(
        "An output folder that does not exist",
        lambda folder: None,
        "output folder 'missing/folder' does not exist",
        args=("-o", "missing/folder/x.pdf"),
        in_data_file=False,
    ),
    Mistake(
        "`-o` naming the edition itself",
        lambda folder: None,
        "will not write over 'en.yaml': it is the edition being rendered",
        args=("-o", "en.yaml"),
        in_data_file=False,
    ),
    Mistake(
        "`-o` naming a file that is not a PDF",
        _write("notes.txt", b"Minutes of the board meeting"),
        "will not write over 'notes.txt': it is not a PDF",
        args=("-o", "notes.txt"),
        in_data_file=False,
    ),
    Mistake(
        "`-o` naming a folder",
        lambda folder: (folder / "proofs").mkdir(),
        "'proofs' is a folder: -o names the PDF to write",
        args=("-o", "proofs"),
        in_data_file=False,
    ),
    Mistake(
        "`-o` naming a named pipe or a device",
        lambda folder: os.mkfifo(folder / "pipe"),
        "will not write to 'pipe': it is a named pipe (FIFO), not a file",
        args=("-o", "pipe"),
        in_data_file=False,
    ),
    Mistake(
        "`--out-dir` naming a file",
        lambda folder: None,
        "output folder 'contacts.yaml' is a file, not a folder",
        args=("--all", "--out-dir", "contacts.yaml"),
        in_data_file=False,
    ),
    Mistake(
        "Two editions whose output files have the same names",
        lambda folder: _colliding_brochure(folder),
        "its output files would have the same names as those of",
        args=("--check", "--all"),
    ),
    Mistake(
        "A character no bundled font has",
        _replace("en.yaml", "Works excessively.", "Works excessively 🚨."),
        "character '🚨' (U+1F6A8) is in no font of this edition",
    ),
    Mistake(
        "An invisible control character",
        _replace("en.yaml", "Works excessively.", "Works\u0007 excessively."),
        "invisible character U+0007 (control character)",
    ),
    Mistake(
        "A right-to-left mark in left-to-right text",
        _replace("en.yaml", "Works excessively.", "Works\u200f excessively."),
        "invisible character U+200F (RIGHT-TO-LEFT MARK)",
        at=("en.yaml", "Works\u200f", 0),
        alone=True,
    ),
    Mistake(
        "A zero-width character inside a word",
        _replace("en.yaml", "Works excessively.", "Works exces\u200dsively."),
        "invisible character U+200D (ZERO WIDTH JOINER)",
    ),
    Mistake(
        "Text that draws nothing",
        _replace("en.yaml", "Works excessively.", "\u00ad\u00ad\u00ad"),
        "the text has nothing visible to print",
    ),
    Mistake(
        "Right-to-left text",
        _replace(
            "en.yaml",
            "Works excessively.",
            "Works excessively. \u0627\u0644\u0639\u0645\u0644 \u05e2\u05d1\u05d5\u05d3\u05d4 \u0627",
        ),
        "right-to-left text (Arabic) is not supported yet",
    ),
    Mistake(
        "A word wider than its column",
        lambda folder: (
            _replace("brochure.yaml", "fold: roll", "fold: roll\nhyphenate: never")(folder),
            _replace("en.yaml", "Works excessively.", f"Works {LONG_WORD}.")(folder),
        ),
        "it cannot be broken",
    ),
    Mistake(
        "A web address wider than its column",
        _replace(
            "contacts.yaml",
            "url: www.ice.gov",
            "url: www.ice.gov/about-ice/homeland-security-investigations/victim-assistance-program",
        ),
        "pt wide but the column is",
    ),
    Mistake("Text that does not fit its panel", lambda folder: _lengthen(folder), "panel 'inside_middle' does not fit"),
    Mistake(
        "Text too faint against its background",
        _replace("brochure.yaml", 'text: "#1A1A1A"', 'text: "#999999"'),
        "text in colour 'text' (#999999) on 'paper' (#FFFFFF) has a contrast of 2.85:1",
    ),
    Mistake(
        "A heading that skips a level",
        _replace("en.yaml", "level: title", "level: subsection"),
        "heading level 'subsection' skips a level",
    ),
    Mistake(
        "A draft translation without its notice",
        _replace("en.yaml", "review:\n  status: source", "review:\n  status: draft"),
        "a draft translation needs labels.draft_notice",
    ),
    Mistake(
        "A reviewed translation without reviewer",
        _replace("en.yaml", "review:\n  status: source", "review:\n  status: reviewed"),
        "a reviewed edition needs review.reviewer",
    ),
    Mistake(
        "A misspelt key in the term list",
        _translated(TERMS, "    note: DCF\n", "    notes: DCF\n"),
        "unknown key 'notes' in term 'Department of Children and Families' (did you mean 'note'?)",
        file="es.yaml",
    ),
    Mistake(
        "A term-list language that has no edition",
        _translated(TERMS, "    note: DCF\n", "    note: DCF\n    fr: Département des enfants\n"),
        "unknown key 'fr' in term 'Department of Children and Families'",
        file="es.yaml",
    ),
    Mistake(
        "A term listed twice",
        _translated(TERMS, "  - term: Class B felony\n", "  - term: duress\n"),
        "term 'duress' is listed twice",
        file="es.yaml",
    ),
    Mistake(
        "A term the source edition never says",
        _translated(TERMS, "  - term: duress\n", "  - term: duresss\n"),
        "term 'duresss' does not appear in en.yaml",
        status=0,
        file="es.yaml",
    ),
    Mistake(
        "A translated block without a term's approved rendering",
        _translated("es.yaml", "coacción ([duress](lang:en))", "coacción"),
        "the source says 'duress' but the approved rendering \"coacción (duress)\" is not here",
        status=0,
        file="es.yaml",
    ),
    Mistake(
        "One term rendered two ways in one edition",
        _translated("es.yaml", "Llame a la Línea Nacional", "Llame a la Línea Directa Nacional"),
        "\"Línea Directa Nacional\" is another rendering of 'National Human Trafficking Hotline'",
        status=0,
        file="es.yaml",
    ),
    Mistake(
        "A review sheet asked of the source edition",
        lambda folder: None,
        "this is a source edition: a review sheet is made for a translation",
        args=("--review",),
    ),
    Mistake(
        "A review date that does not exist",
        _replace("en.yaml", "review:\n  status: source", "review:\n  status: source\n  date: 2026-13-45"),
        "'2026-13-45' is not a date",
    ),
    Mistake(
        "A source edition given as a path",
        _replace("en.yaml", "review:\n  status: source", "source: ../other/en\nreview:\n  status: source"),
        "source '../other/en' is not the name of an edition in this folder",
    ),
    Mistake(
        "Markup in a label",
        _replace("en.yaml", 'fax: "Fax:"', 'fax: "**Fax:**"'),
        "labels are printed as written, without markup",
    ),
    Mistake(
        "`render.py new` with the name of an existing brochure",
        lambda folder: None,
        "this folder exists already: render.py new never writes over a brochure",
        args=("new", "ct-human-trafficking"),
        in_data_file=False,  # located at the folder itself
    ),
    Mistake(
        "`render.py new` with a name that cannot be a folder",
        lambda folder: None,
        "'Food Pantry' cannot be a brochure's name: use lower-case letters, digits and hyphens",
        args=("new", "Food Pantry"),
        in_data_file=False,
    ),
    Mistake(
        "`render.py new` with a language code that is not one",
        lambda folder: None,
        "'spanish!' is not a language code",
        args=("new", "pantry", "--lang", "spanish!"),
        in_data_file=False,
    ),
    Mistake(
        "Words in another language marked with a wrong code",
        _replace("en.yaml", "based on affirmative defense", "based on [affirmative defense](lang:english)"),
        "'english' is not a language tag",
    ),
]


def _input_only_profile(folder: Path) -> None:
    (folder / "scanner.icc").write_bytes((ROOT / "tools" / "cmyk-profile" / "CGATS001Compat-v2-micro.icc").read_bytes())
    edit(folder / "brochure.yaml", "bleed: 0.125in", "bleed: 0.125in\npress_profile: scanner.icc")


def _font(folder: Path, damage=None, styles=STYLES) -> None:
    """The brochure set in its own family fonts/house-sans/ (Noto Sans copies), its regular face damaged."""
    family = add_family(folder / "fonts", "house-sans", styles)
    if damage is not None:
        damage(family / "House-Regular.ttf")
    edit(folder / "brochure.yaml", "font: noto-sans", "font: house-sans")


def _drop_panel(folder: Path, role: str) -> None:
    text = (folder / "en.yaml").read_text(encoding="utf-8")
    (folder / "en.yaml").write_text(text[: text.index(f"  {role}:")], encoding="utf-8")


def _colliding_brochure(folder: Path) -> None:
    """Brochure `ct-human-trafficking` with `x-en.yaml` and brochure `ct-human-trafficking-x` with `en.yaml`."""
    (folder / "x-en.yaml").write_bytes((folder / "en.yaml").read_bytes())
    other = folder.parent / f"{folder.name}-x"
    other.mkdir()
    for name in ("brochure.yaml", "contacts.yaml", "en.yaml"):
        (other / name).write_bytes((folder / name).read_bytes())


def _lengthen(folder: Path) -> None:
    lengthen(folder / "en.yaml", 14)


@pytest.mark.parametrize("mistake", MISTAKES, ids=[m.what for m in MISTAKES])
def test_mistake_gives_a_clear_message_and_no_traceback(mistake, brochure_copy, monkeypatch):
    mistake.make(brochure_copy)
    monkeypatch.chdir(brochure_copy)
    if mistake.args[0] == "new":  # the command that starts a brochure, in the folder of brochures
        before = sorted(p.name for p in brochure_copy.parent.iterdir())
        status, out, err = run(*mistake.args, "--data", brochure_copy.parent)
        assert sorted(p.name for p in brochure_copy.parent.iterdir()) == before  # nothing written
    elif "--all" in mistake.args:
        data = brochure_copy.parent
        status, out, err = run("--data", data, *mistake.args)
    else:
        status, out, err = run(brochure_copy / mistake.file, *mistake.args)
    assert mistake.message in err, err
    for detail in mistake.details:
        assert detail in err, err
    if mistake.at:
        name, text, column = mistake.at
        lines = (brochure_copy / name).read_text(encoding="utf-8").splitlines(keepends=True)
        number = next(n for n, whole in enumerate(lines, start=1) if text in whole)
        place = re.escape(f"{name}:{number}:") + (f"{column}:" if column else r"(\d+:)?")
        assert re.search(rf"^{place} (error|warning): ", err, re.MULTILINE), err
    if mistake.alone:
        assert len(re.findall(r"^(\S+: )?(error|warning): ", err, re.MULTILINE)) == 1, err
    assert status == mistake.status
    assert "Traceback" not in err + out and "internal error" not in err
    if status == 1:
        assert not list(brochure_copy.glob("*.pdf"))
    if mistake.in_data_file:
        assert re.search(r"^\S+\.yaml(:\d+(:\d+)?)?: (error|warning): ", err, re.MULTILINE), err


def test_bom_and_windows_line_endings_are_accepted(brochure_copy):
    path = brochure_copy / "en.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_text(encoding="utf-8").replace("\n", "\r\n").encode("utf-8"))
    assert run(path, "--check")[0] == 0


def test_unwritable_output_folder(tmp_path, monkeypatch):
    folder = tmp_path / "locked"
    folder.mkdir(mode=0o500)
    if os.geteuid() == 0:  # root may write anyway: stand in for a read-only disk (test_process has a real one)
        access = os.access
        monkeypatch.setattr(
            os, "access", lambda path, mode, **kw: not (mode & os.W_OK and Path(path) == folder) and access(path, mode)
        )
    status, _, err = run(EN, "-o", folder / "x.pdf")
    assert status == 1 and f"error: cannot write to folder '{folder}'" in err
    assert not list(folder.iterdir())


def _readme_rows() -> list[tuple[str, str]]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    table = text[text.index("## Troubleshooting") :]
    table = table[: table.index("\n## ")]
    rows = []
    for line in table.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) >= 3 and cells[1].startswith("`"):
            rows.append((cells[0], cells[1].strip("`")))
    return rows


def test_the_readme_troubleshooting_table_is_these_cases():
    rows = _readme_rows()
    assert [what for what, _ in rows] == [m.what for m in MISTAKES]
    for (what, message), mistake in zip(rows, MISTAKES):
        assert message == mistake.message, what
