"""Fonts: the search path (brochure folder, beside the data, bundled), from any working directory and from an
installed wheel; damaged font files named at the `font:` line; emphasis a family cannot print is an error."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from helpers import DATA, EN, ROOT, add_family, edit, errors_of, line_of, run, truncated

from brochure import fonts
from brochure.load import load_edition
from brochure.pipeline import Job, render


def project(tmp_path: Path) -> Path:
    """A project of another organisation: project/data/pantry/ with the seed's three files. Returns en.yaml."""
    folder = tmp_path / "project" / "data" / "pantry"
    folder.mkdir(parents=True)
    for name in ("brochure.yaml", "contacts.yaml", "en.yaml"):
        shutil.copy(DATA / name, folder / name)
    return folder / "en.yaml"


def use_font(edition: Path, name: str) -> None:
    edit(edition.parent / "brochure.yaml", "font: noto-sans", f"font: {name}")


# ---------------------------------------------------------------- the search path


def test_the_seed_renders_from_another_working_directory(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    status, out, err = run(EN, "--check")
    assert status == 0, err
    edition, _ = load_edition(EN)
    assert edition.design.type.font.folder == fonts.BUNDLED_FONTS.resolve() / "noto-sans"


def test_a_family_beside_the_data_folder_is_found_from_any_working_directory(tmp_path, monkeypatch):
    edition = project(tmp_path)
    add_family(tmp_path / "project" / "fonts", "house-sans")
    use_font(edition, "house-sans")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    status, _, err = run(edition, "--check")
    assert status == 0, err
    loaded, _ = load_edition(edition)
    assert loaded.design.type.font.folder == (tmp_path / "project" / "fonts" / "house-sans").resolve()


def test_the_brochures_own_fonts_come_first_then_beside_the_data_then_the_bundled(tmp_path):
    edition = project(tmp_path)
    folder = edition.parent
    search = fonts.search_path(folder)
    assert search == (
        folder.resolve() / "fonts",
        (tmp_path / "project" / "fonts").resolve(),
        fonts.BUNDLED_FONTS.resolve(),
    )
    add_family(tmp_path / "project" / "fonts", "noto-sans")  # shadows the bundled family of that name
    assert fonts.find_family("noto-sans", search).folder == search[1] / "noto-sans"
    add_family(folder / "fonts", "noto-sans")  # and the brochure's own shadows both
    assert fonts.find_family("noto-sans", search).folder == search[0] / "noto-sans"
    assert not fonts.find_family("noto-sans", search).bundled
    assert fonts.find_family("noto-sans-sc", search).bundled


def test_two_families_of_one_name_never_replace_each_other(tmp_path):
    edition = project(tmp_path)
    add_family(edition.parent / "fonts", "noto-sans", styles=("Regular",))
    own, _ = load_edition(edition)
    bundled, _ = load_edition(EN)
    own_face = fonts.face(own.design.type.font)
    bundled_face = fonts.face(bundled.design.type.font, bold=True)
    assert own_face.name != "noto-sans-Regular" and bundled_face.name == "noto-sans-Bold"
    assert fonts.face(own.design.type.font, bold=True).name == own_face.name  # no bold: the regular face


def test_an_installed_wheel_finds_its_fonts_outside_the_checkout(tmp_path):
    # What `pip install` from a built wheel gives, without the network for the dependencies: the wheel's files
    # unpacked into a folder of their own, run from another folder, with this environment's dependencies.
    source = tmp_path / "source"  # setuptools builds in the source folder: keep the checkout clean
    source.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, source / name)
    for name in ("brochure", "fonts"):
        shutil.copytree(ROOT / name, source / name, ignore=shutil.ignore_patterns("__pycache__"))
    built = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(tmp_path / "dist"), str(source)],
        capture_output=True,
        text=True,
    )
    assert built.returncode == 0, built.stderr
    (wheel,) = (tmp_path / "dist").glob("brochure-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
        archive.extractall(tmp_path / "site")
    for family in ("noto-sans/NotoSans-Regular.ttf", "noto-sans/OFL.txt", "noto-sans-sc/OFL.txt", "README.md"):
        assert f"brochure/bundled_fonts/{family}" in names
    data = tmp_path / "elsewhere" / "data"
    shutil.copytree(DATA, data / "ct-human-trafficking")
    script = (
        "import sys, brochure.fonts as f; from brochure.cli import main;"
        "assert f.__file__.startswith(sys.argv[1]), f.__file__;"
        "sys.exit(main(['--check', 'data/ct-human-trafficking/en.yaml', 'data/ct-human-trafficking/zh-Hans.yaml']))"
    )
    env = {**os.environ, "PYTHONPATH": str(tmp_path / "site")}
    result = subprocess.run(
        [sys.executable, "-c", script, str(tmp_path / "site")],
        cwd=data.parent,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "ok  data/ct-human-trafficking/zh-Hans.yaml" in result.stdout


# ---------------------------------------------------------------- font files that cannot be used


@pytest.mark.parametrize(
    "damage, message",
    [
        (truncated, "is cut short (damaged, or not copied completely)"),
        (lambda path: path.write_bytes(b""), "is empty"),
        (lambda path: path.write_bytes(b"OTTO" + path.read_bytes()[4:]), "has PostScript (CFF) outlines"),
        (lambda path: (path.unlink(), path.mkdir()), "is a folder, not a font file"),
        (lambda path: path.write_bytes(b"<html>not a font</html>"), "is not a TrueType font"),
        (lambda path: path.write_bytes(path.read_bytes()[:40]), "is cut short"),
    ],
    ids=["truncated", "empty", "CFF", "folder", "not a font", "header only"],
)
@pytest.mark.parametrize("style", ["Regular", "Italic"])
def test_a_damaged_font_file_is_named_at_the_font_line(damage, message, style, tmp_path):
    edition = project(tmp_path)
    family = add_family(edition.parent / "fonts", "house-sans")
    damage(family / f"House-{style}.ttf")
    use_font(edition, "house-sans")
    errors = errors_of(edition)
    line = line_of(edition.parent / "brochure.yaml", "font: house-sans")
    shown = f"House-{style}.ttf"
    assert any(f"brochure.yaml:{line}:" in e and shown in e and message in e for e in errors), errors
    status, out, err = run(edition, "--check")
    assert status == 1 and "Traceback" not in err + out and "internal error" not in err


def test_a_family_folder_without_a_regular_face_is_named(tmp_path):
    edition = project(tmp_path)
    add_family(edition.parent / "fonts", "house-sans", styles=("Bold",))
    use_font(edition, "house-sans")
    assert any("font 'house-sans' has no regular face" in e for e in errors_of(edition))


def test_a_folder_with_fonts_but_no_regular_face_says_so_not_no_font(tmp_path):
    edition = project(tmp_path)
    add_family(edition.parent / "fonts", "house-sans", styles=("Bold", "Italic"))
    use_font(edition, "house-sans")
    errors = errors_of(edition)
    line = line_of(edition.parent / "brochure.yaml", "font: house-sans")
    folder = fonts.display_path(edition.parent / "fonts" / "house-sans")
    assert any(
        f"brochure.yaml:{line}:" in e
        and f"font 'house-sans' has no regular face: no file named <Name>-Regular.ttf in {folder}" in e
        for e in errors
    ), errors
    assert not any("no font 'house-sans'" in e for e in errors)  # the folder exists: it is not "no font"


def test_a_licence_file_of_any_usual_name_is_enough(tmp_path):
    # Checked on the folder alone: loading a family parses (and caches) its fonts, which these cases do not need.
    for number, name in enumerate(["OFL.txt", "LICENSE", "licence.md", "COPYING.txt", "UFL.txt", "Ofl.TXT"]):
        folder = tmp_path / str(number)
        folder.mkdir()
        (folder / "House-Regular.ttf").write_bytes(b"")
        assert not fonts.has_licence(folder)
        (folder / name).write_text("the licence\n", encoding="utf-8")
        assert fonts.has_licence(folder), name
    (tmp_path / "x" / "LICENSE").mkdir(parents=True)  # a folder named like a licence is not one
    assert not fonts.has_licence(tmp_path / "x")


def test_a_brochures_own_font_without_a_licence_file_is_a_warning_at_its_font_line(tmp_path):
    edition = project(tmp_path)
    family = add_family(edition.parent / "fonts", "house-sans", licence=False)
    (family / "README.md").write_text("not a licence\n", encoding="utf-8")
    use_font(edition, "house-sans")
    _, warnings = load_edition(edition)
    line = line_of(edition.parent / "brochure.yaml", "font: house-sans")
    found = [w for w in warnings if "licence" in w.message]
    assert len(found) == 1 and found[0].location.line == line
    assert found[0].message == f"font 'house-sans' has no licence file in {fonts.display_path(family)}"
    status, out, err = run(edition, "--check")
    assert status == 0 and "warning: font 'house-sans' has no licence file" in err


def test_a_damaged_fallback_font_is_named_at_its_line(tmp_path):
    edition = project(tmp_path)
    truncated(add_family(edition.parent / "fonts", "house-sans") / "House-Regular.ttf")
    edit(edition.parent / "brochure.yaml", "  font: noto-sans", "  font: noto-sans\n  fallback: [house-sans]")
    line = line_of(edition.parent / "brochure.yaml", "fallback: [house-sans]")
    assert any(f"brochure.yaml:{line}:" in e and "is cut short" in e for e in errors_of(edition))


# ---------------------------------------------------------------- emphasis a family cannot print


def test_italic_markup_in_a_family_without_italic_is_an_error_at_its_block(tmp_path):
    edition = project(tmp_path)
    add_family(edition.parent / "fonts", "house-sans", styles=("Regular", "Bold"))
    use_font(edition, "house-sans")
    status, _, err = run(edition, "--check")
    assert status == 1
    line = line_of(edition, "*Source: [USA Today")
    assert f"en.yaml:{line}:" in err
    assert "font 'house-sans' has no italic face: 'Source:' would print in its regular face" in err
    assert err.count("has no italic face") == 1  # one error for the text, not one per span of it
    assert "remove the * marks around it" in err and "<Name>-Italic.ttf" in err


def test_bold_markup_in_a_family_without_bold_is_an_error(tmp_path):
    edition = project(tmp_path)
    add_family(edition.parent / "fonts", "house-sans", styles=("Regular", "Italic"))
    use_font(edition, "house-sans")
    edit(edition, "Works excessively.", "Works **excessively**.")
    status, _, err = run(edition, "--check")
    assert status == 1
    assert "font 'house-sans' has no bold face: 'excessively' would print in its regular face" in err
    assert "remove the ** marks around it" in err


def test_bold_italic_markup_in_a_family_with_bold_and_italic_but_no_bold_italic_is_an_error(tmp_path):
    edition = project(tmp_path)
    add_family(edition.parent / "fonts", "house-sans", styles=("Regular", "Bold", "Italic"))
    use_font(edition, "house-sans")
    edit(edition, "Works excessively.", "Works ***excessively***.")
    status, _, err = run(edition, "--check")
    assert status == 1
    assert "font 'house-sans' has no bold italic face: 'excessively' would print in its bold face" in err


def test_design_bold_and_the_italic_draft_notice_fall_back_quietly(tmp_path):
    # Headings are bold and the draft notice italic by design, not by the text's markup: no error for them.
    edition = project(tmp_path)
    add_family(edition.parent / "fonts", "house-sans", styles=("Regular",))
    use_font(edition, "house-sans")
    edit(edition, "*Source: [USA Today, June 2012](statistics_source)*", "Source: [USA Today](statistics_source)")
    edit(edition, "review:\n  status: source", "review:\n  status: draft")
    edit(edition, "labels:\n", "labels:\n  draft_notice: Draft\n")
    rendered = render(Job(edition, "letter"))
    assert not rendered.preflight.errors
    assert {name.split("+")[-1] for name in rendered.preflight.facts["font_names"]} == {"NotoSans-Regular"}
