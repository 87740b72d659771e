"""`render.py new`: a new brochure folder that renders at once, uses every block kind once, is marked as a
template, never writes over a folder; and the README's "Make your own brochure" commands, run literally."""

from __future__ import annotations

import re
import shlex
import subprocess
import sys
import tomllib
from fnmatch import fnmatch

import pytest
from helpers import ROOT, run

from brochure.fold import OutputKind
from brochure.model import BLOCK_KINDS, Block, PanelRole
from brochure.pdffacts import PdfFacts, squash
from brochure.pipeline import Job, render
from brochure.starter import TEMPLATES

NOTICE = {
    "en": "Template: replace this text before printing",
    "es": "Plantilla: sustituya este texto antes de imprimir",
}


def _kinds(edition) -> list[type]:
    blocks: list[Block] = [b for panel in edition.panels for b in panel.all_blocks]
    return [type(b) for b in blocks]


@pytest.mark.parametrize(
    ("options", "lang", "name"),
    [
        ([], "en", "t-en-letter.pdf"),
        (["--paper", "a4", "--fold", "z"], "en", "t-en-a4-z.pdf"),
        (["--lang", "es"], "es", "t-es-letter.pdf"),
        (["--paper", "legal", "--fold", "z", "--lang", "es"], "es", "t-es-legal-z.pdf"),
    ],
)
def test_a_new_brochure_renders_at_once_with_every_block_kind_once_and_a_template_notice(tmp_path, options, lang, name):
    status, out, err = run("new", "t", "--data", tmp_path / "data", *options)
    assert status == 0, err
    folder = tmp_path / "data" / "t"
    names = ["brochure.yaml", "contacts.yaml", f"{lang}.yaml", "logo.svg"]
    assert sorted(p.name for p in folder.iterdir()) == sorted(names)
    assert f"ok  {folder}/" in out and f"python render.py {folder / f'{lang}.yaml'}" in out
    status, out, err = run(folder / f"{lang}.yaml", "--out-dir", tmp_path / "out")
    assert status == 0, err
    assert "kept for fiction" in err  # the sample numbers warn until they are replaced
    pdf = (tmp_path / "out" / name).read_bytes()
    rendered = render(Job(folder / f"{lang}.yaml", None, OutputKind.OFFICE))
    assert rendered.preflight.errors == [] and rendered.pdf == pdf
    kinds = [BLOCK_KINDS[k] for k in _kinds(rendered.edition)]
    assert set(kinds) == set(BLOCK_KINDS.values())  # every kind of block ...
    assert all(kinds.count(k) == 1 for k in set(kinds) - {"heading", "paragraph", "contact"}), kinds  # the rest once
    # The notice is printed on the back cover, alone: a template is not a "draft translation".
    back = rendered.layout.panel(PanelRole.BACK_COVER).geometry.rect
    page = rendered.layout.plan.page_of(PanelRole.BACK_COVER)
    text = squash(PdfFacts(pdf).text_in(page, back.x0, back.x1))
    assert squash(NOTICE[lang]) in text and "Drafttranslation" not in text


def test_a_language_without_a_template_gets_the_english_text_and_a_note(tmp_path):
    status, out, err = run("new", "t", "--data", tmp_path, "--lang", "fr", "--paper", "a4")
    assert status == 0, err
    assert "note: there is no 'fr' template yet (en, es exist)" in out
    edition = tmp_path / "t" / "fr.yaml"
    assert "\nlanguage: fr " in edition.read_text(encoding="utf-8")
    rendered = render(Job(edition))
    assert rendered.preflight.errors == [] and rendered.edition.language == "fr"
    assert rendered.edition.region == "GB"  # A4: sample numbers of a country that uses it


def test_new_never_writes_over_a_folder(tmp_path):
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "en.yaml").write_text("mine\n", encoding="utf-8")
    status, out, err = run("new", "mine", "--data", tmp_path)
    assert status == 1 and out == ""
    assert err.startswith(f"{folder}: error: this folder exists already: render.py new never writes over a brochure")
    assert "hint: choose another name" in err
    assert [p.name for p in folder.iterdir()] == ["en.yaml"] and (folder / "en.yaml").read_text() == "mine\n"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["My Pantry"], "'My Pantry' cannot be a brochure's name: use lower-case letters, digits and hyphens"),
        (["../up"], "'../up' cannot be a brochure's name"),
        (["ok", "--lang", "../x"], "'../x' is not a language code"),
    ],
)
def test_a_bad_name_or_language_is_refused_and_nothing_is_written(tmp_path, args, message):
    status, out, err = run("new", *args, "--data", tmp_path)
    assert status == 1 and message in err and "hint: " in err
    assert list(tmp_path.iterdir()) == []


def test_a_mistake_in_the_command_is_a_usage_error(tmp_path):
    assert run("new", "--data", tmp_path)[0] == 2  # no name
    assert run("new", "x", "--paper", "a5", "--data", tmp_path)[0] == 2
    assert list(tmp_path.iterdir()) == []


def test_the_templates_are_package_data_of_the_wheel():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    patterns = config["tool"]["setuptools"]["package-data"]["brochure"]
    files = sorted(p.relative_to(TEMPLATES.parent).as_posix() for p in TEMPLATES.iterdir())
    names = ["brochure.yaml", "contacts.yaml", "en.yaml", "es.yaml", "logo.svg"]
    assert files == [f"templates/{name}" for name in names]
    assert all(any(fnmatch(f, pattern) for pattern in patterns) for f in files)


def _readme_commands() -> list[str]:
    """The commands of the README's "Make your own brochure" section, from its first shell block."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("\n## Make your own brochure\n", 1)[1].split("\n## ", 1)[0]
    block = re.search(r"```sh\n(.*?)```", section, re.S).group(1)
    return [line for line in block.splitlines() if line.strip()]


def test_the_readme_section_make_your_own_brochure_works_as_written(tmp_path):
    commands = _readme_commands()
    assert commands[0].startswith("python render.py new ") and len(commands) >= 4
    for command in commands:
        words = shlex.split(command)
        assert words[:2] == ["python", "render.py"], command
        done = subprocess.run(
            [sys.executable, str(ROOT / "render.py"), *words[2:]], cwd=tmp_path, capture_output=True, text=True
        )
        assert done.returncode == 0, (command, done.stderr)
        assert "Traceback" not in done.stderr
    out = tmp_path / "out"
    written = sorted(p.name for p in out.iterdir())
    assert written == sorted(
        f"riverside-pantry-en-letter{end}"
        for end in (".pdf", "-outside.png", "-inside.png", "-folded.png", "-press.pdf", "-instructions.pdf")
    )
