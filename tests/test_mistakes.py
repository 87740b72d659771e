"""Every mistake a person editing the YAML can make: the message it produces and exit status 1, never a traceback.

MISTAKES is the source of the troubleshooting table in README.md: a test checks that
every row of that table is one of these cases, word for word, and the other way round.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import ROOT
from test_cli import run
from test_load import edit


@dataclass(frozen=True)
class Mistake:
    what: str  # the mistake, as the README names it
    make: Callable[[Path], None]  # does it to a copy of the brochure folder
    message: str  # what the person reads (a part of the message)
    status: int = 1
    args: tuple[str, ...] = ("--check",)


def _replace(name, old, new):
    return lambda folder: edit(folder / name, old, new)


def _write(name, data: bytes):
    return lambda folder: (folder / name).write_bytes(data)


def _image(content: bytes, name="logo.png"):
    def make(folder):
        (folder / name).write_bytes(content)
        edit(
            folder / "en.yaml",
            "      - spacer: 5pt\n        background: accent\n",
            f"      - image: {name}\n        alt: Logo\n",
        )

    return make


PNG_1PX = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010802000000907753de0000000c4944415408d763f8ffff3f0005fe02fe"
    "a7d6a4f40000000049454e44ae426082"
)
LONG_WORD = "Pneumonoultramicroscopicsilicovolcanoconiosisandmuchmorebesides"

MISTAKES = [
    Mistake(
        "Tab characters used to indent",
        _replace("en.yaml", "  front_cover:\n    background", "  front_cover:\n\tbackground"),
        "YAML indents with spaces only",
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
    ),
    Mistake(
        "A list where a mapping belongs",
        _replace("en.yaml", "  inside_left:\n    blocks:", "  inside_left:\n    - blocks:"),
        "expected a mapping (key: value lines) for panel 'inside_left', got a list",
    ),
    Mistake("An empty file", _write("en.yaml", b"\n"), "the file is empty"),
    Mistake(
        "A file with only comments",
        _write("en.yaml", b"# Stop Human Trafficking\n"),
        "the file has only comments, no settings or text",
    ),
    Mistake(
        "A file that is not UTF-8",
        _write("en.yaml", "language: en\ntitle: Caf\u00e9\n".encode("latin-1")),
        "not UTF-8 text: byte 0xE9 cannot be read",
    ),
    Mistake("A huge file", _write("en.yaml", b"# " + b"x" * 1_100_000), "a brochure file is at most 1,000,000"),
    Mistake(
        "A misspelt key",
        _replace("en.yaml", "    background: brand\n", "    backgrund: brand\n"),
        "unknown key 'backgrund' in panel 'front_cover' (did you mean 'background'?)",
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
        "A negative bleed",
        _replace("brochure.yaml", "bleed: 0.125in", "bleed: -0.125in"),
        "-0.125in is out of range: allowed 0 pt to 36 pt",
    ),
    Mistake(
        "A type size of 0",
        _replace("brochure.yaml", "body_size: 11pt", "body_size: 0pt"),
        "0pt is out of range: allowed 6 pt to 96 pt",
    ),
    Mistake(
        "An unknown paper",
        _replace("brochure.yaml", "papers: [letter, a4]", "papers: [letter, tabloid]"),
        "unknown paper 'tabloid'",
    ),
    Mistake(
        "A key written twice",
        _replace("en.yaml", "title: Stop Human Trafficking\n", "title: Stop Human Trafficking\ntitle: Stop\n"),
        "duplicate key 'title' (first at line",
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
        "A misspelt contact name",
        _replace("en.yaml", "Hotline at {national_hotline}", "Hotline at {national_hotlne}"),
        "no contact 'national_hotlne' in contacts.yaml (did you mean 'national_hotline'?)",
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
    ),
    Mistake(
        "A toll-free number that is not toll-free",
        _replace("contacts.yaml", "toll_free: 1-888-771-3126", "toll_free: 860-550-6632"),
        "'860-550-6632' is not a toll-free number",
    ),
    Mistake(
        "A malformed web address",
        _replace("contacts.yaml", "url: www.unodc.org", "url: www unodc org"),
        "'www unodc org' is not a web address",
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
        "A missing image",
        _replace("en.yaml", "      - spacer: 5pt\n        background: accent\n", "      - image: logo.png\n"),
        "image not found: logo.png",
    ),
    Mistake(
        "An image outside the brochure's folder",
        _replace("en.yaml", "      - spacer: 5pt\n        background: accent\n", "      - image: ../../etc/passwd\n"),
        "image '../../etc/passwd' is outside the brochure's folder",
    ),
    Mistake("A file that is not an image", _image(b"GIF89a not really"), "'logo.png' is not a PNG or JPEG image"),
    Mistake(
        "An image without alt text",
        lambda folder: (
            (folder / "logo.png").write_bytes(PNG_1PX),
            edit(folder / "en.yaml", "      - spacer: 5pt\n        background: accent\n", "      - image: logo.png\n"),
        ),
        "image logo.png needs alt text",
    ),
    Mistake("An image too small for print", _image(PNG_1PX), "image logo.png prints at 0 ppi (below 150)", args=()),
    Mistake(
        "An output folder that does not exist",
        lambda folder: None,
        "output folder 'missing/folder' does not exist",
        args=("-o", "missing/folder/x.pdf"),
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
    ),
    Mistake(
        "A word wider than its column",
        _replace("en.yaml", "Works excessively.", f"Works {LONG_WORD}."),
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
]


def _drop_panel(folder: Path, role: str) -> None:
    text = (folder / "en.yaml").read_text(encoding="utf-8")
    (folder / "en.yaml").write_text(text[: text.index(f"  {role}:")], encoding="utf-8")


def _lengthen(folder: Path) -> None:
    from test_layout import _lengthen as lengthen

    lengthen(folder / "en.yaml", 14)


@pytest.mark.parametrize("mistake", MISTAKES, ids=[m.what for m in MISTAKES])
def test_mistake_gives_a_clear_message_and_no_traceback(mistake, brochure_copy, monkeypatch):
    mistake.make(brochure_copy)
    monkeypatch.chdir(brochure_copy)
    if "--all" in mistake.args:
        data = brochure_copy.parent
        status, out, err = run("--data", data, *mistake.args)
    else:
        status, out, err = run(brochure_copy / "en.yaml", *mistake.args)
    assert mistake.message in err, err
    assert status == mistake.status
    assert "Traceback" not in err + out and "internal error" not in err
    if status == 1:
        assert not list(brochure_copy.glob("*.pdf"))
    if not mistake.message.startswith("output folder"):  # every other problem is located in a data file
        assert re.search(r"^\S+\.yaml(:\d+(:\d+)?)?: (error|warning): ", err, re.MULTILINE), err


def test_bom_and_windows_line_endings_are_accepted(brochure_copy):
    path = brochure_copy / "en.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_text(encoding="utf-8").replace("\n", "\r\n").encode("utf-8"))
    assert run(path, "--check")[0] == 0


@pytest.mark.skipif(os.geteuid() == 0, reason="root can write to any folder, so an unwritable folder cannot be made")
def test_unwritable_output_folder(tmp_path):
    from conftest import EN

    folder = tmp_path / "locked"
    folder.mkdir(mode=0o500)
    status, _, err = run(EN, "-o", folder / "x.pdf")
    assert status == 1 and "cannot write to folder" in err


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
