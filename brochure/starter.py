"""`render.py new NAME`: a new brochure folder from the templates, ready to render and to edit.

In:  the brochure's name, the folder of brochures (`data/` unless `--data`), a paper, a fold and a
     language code.
Out: `NAME/` holding a commented brochure.yaml, contacts.yaml, `<lang>.yaml` (an edition that uses
     every kind of block once and is marked as a draft, so a "Template" notice is printed until the
     text is final) and logo.svg, written from the templates in brochure/templates/ (package data,
     so an installed copy has them). Nothing else is touched.

A mistake (a name that is not a plain folder name, a folder that exists) is a `BrochureError` with a
located finding; nothing is written then.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from .diagnostics import BrochureError, Finding, Location, Severity
from .model import PAPERS, Fold

TEMPLATE_LANGUAGES = ("en", "es")  # the languages an edition template is written in
# A name is one folder: letters, digits and hyphens, so it is also a clean part of every file name.
_NAME = re.compile(r"^[a-z0-9][a-z0-9-]*$")
_LANG = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$")  # a BCP 47 tag such as es, pt-BR, zh-Hans
# Made-up numbers that pass the number checks and reach no one (the ranges kept for fiction), and an
# address of the same country, so the new brochure renders at once and warns until they are replaced.
_REGIONS = {
    "US": {
        "@PHONE@": "860-555-0142",
        "@HELPLINE@": "1-800-555-0199",
        "@ADDRESS1@": "123 Main Street",
        "@ADDRESS2@": "Springfield, CT 06000",
    },
    "GB": {
        "@PHONE@": "020 7946 0142",
        "@HELPLINE@": "0117 496 0199",
        "@ADDRESS1@": "12 High Street",
        "@ADDRESS2@": "Bristol BS1 1AA",
    },
}


@dataclass(frozen=True)
class NewBrochure:
    """What `new_brochure` wrote: the folder, its files (in the order written) and notes for the person."""

    folder: Path
    files: tuple[Path, ...]
    edition: Path
    notes: tuple[str, ...]


TEMPLATES = Path(__file__).resolve().parent / "templates"  # package data: an installed wheel carries them


def _template(name: str) -> str:
    return (TEMPLATES / name).read_text(encoding="utf-8")


def _refuse(message: str, where: Path, hint: str) -> BrochureError:
    return BrochureError([Finding(Severity.ERROR, message, Location(str(where)), hint=hint)])


def new_brochure(name: str, data: Path, paper: str = "letter", fold: str = "roll", lang: str = "en") -> NewBrochure:
    """Write the folder `data/name` from the templates; return what was written.

    `paper` is a key of PAPERS, `fold` a Fold value (the command line has checked both). A language
    without a template gets the English one, with `language:` set to it and a note saying so.
    Raises BrochureError when the name is not a plain folder name or the folder exists already.
    """
    folder = data / name
    if not _NAME.match(name):
        raise _refuse(
            f"'{name}' cannot be a brochure's name: use lower-case letters, digits and hyphens",
            folder,
            "for example: render.py new riverside-food-pantry (the name starts every output file's name)",
        )
    if folder.exists() or folder.is_symlink():
        raise _refuse(
            "this folder exists already: render.py new never writes over a brochure",
            folder,
            "choose another name, or remove or rename that folder first",
        )
    if not _LANG.match(lang):
        raise _refuse(
            f"'{lang}' is not a language code",
            folder,
            "give a code such as en, es, pl or pt-BR: it names the edition file (es.yaml)",
        )
    assert paper in PAPERS and fold in {f.value for f in Fold}, (paper, fold)
    notes = []
    source = lang if lang in TEMPLATE_LANGUAGES else "en"
    if source != lang:
        notes.append(
            f"note: there is no '{lang}' template yet ({', '.join(TEMPLATE_LANGUAGES)} exist): "
            f"{lang}.yaml has the English text, with language: {lang}; translate it"
        )
    # The sample numbers are of a country that uses the paper: US for Letter and Legal, GB for A4.
    region = "US" if paper in ("letter", "legal") else "GB"
    values = {
        "@PAPER@": paper,
        "@FOLD@": fold,
        "@BLEED@": "0.125in" if region == "US" else "3mm",
        "@REGION@": region,
        "@EDITION@": str(folder / f"{lang}.yaml"),
        **_REGIONS[region],
    }
    edition_text = _template(f"{source}.yaml")
    if source != lang:
        edition_text = edition_text.replace("language: en ", f"language: {lang} ", 1)
    texts = {
        "brochure.yaml": _template("brochure.yaml"),
        "contacts.yaml": _template("contacts.yaml"),
        f"{lang}.yaml": edition_text,
        "logo.svg": _template("logo.svg"),
    }
    folder.mkdir(parents=True)
    written = []
    for file_name, text in texts.items():
        for key, value in values.items():
            text = text.replace(key, value)
        path = folder / file_name
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return NewBrochure(folder, tuple(written), folder / f"{lang}.yaml", tuple(notes))
