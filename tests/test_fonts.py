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
from helpers import DATA, EN, NOTO, ROOT, add_family, edit, errors_of, line_of, run, truncated
from hypothesis import given, settings
from hypothesis import strategies as st

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


# ---------------------------------------------------------------- the parsed-font cache (fontcache.py)


def _face_state(face) -> dict:
    state = {name: value for name, value in vars(face).items() if name != "_pdfScale"}
    return state | {
        "_pdfScale(1234)": face._pdfScale(1234),
        "ustr": {k: getattr(v, "ustr", None) for k, v in state.items()},
    }


def test_a_face_from_the_cache_is_the_parsed_face_attribute_for_attribute(tmp_path, monkeypatch):
    from brochure import fontcache

    monkeypatch.setenv("BROCHURE_CACHE_DIR", str(tmp_path))
    for path in (NOTO / "NotoSans-Regular.ttf", ROOT / "fonts" / "noto-sans-sc" / "NotoSansSC-Bold.ttf"):
        data = path.read_bytes()
        parsed = fontcache.parsed_face(path, data)  # parsed, and stored
        assert len(list((tmp_path / "fonts").glob(f"*-{path.stem}.bin"))) == 1
        restored = fontcache.parsed_face(path, data)
        assert restored is not parsed and _face_state(restored) == _face_state(parsed)
        monkeypatch.setenv("BROCHURE_FONT_CACHE", "0")
        assert _face_state(fontcache.parsed_face(path, data)) == _face_state(parsed)
        monkeypatch.delenv("BROCHURE_FONT_CACHE")


@pytest.mark.parametrize(
    "spoil",
    [
        lambda raw, other: raw[: len(raw) // 2],  # cut short
        lambda raw, other: raw[:-10] + bytes(10),  # damaged: the checksum no longer matches
        lambda raw, other: b"garbage",
        lambda raw, other: other,  # another font's entry under this one's name
        lambda raw, other: b"",
    ],
    ids=["cut-short", "damaged", "garbage", "another-font", "empty"],
)
def test_a_spoilt_cache_entry_is_ignored_and_rebuilt(spoil, tmp_path, monkeypatch):
    from brochure import fontcache

    monkeypatch.setenv("BROCHURE_CACHE_DIR", str(tmp_path))
    regular, bold = NOTO / "NotoSans-Regular.ttf", NOTO / "NotoSans-Bold.ttf"
    expected = _face_state(fontcache.parsed_face(regular, regular.read_bytes()))
    fontcache.parsed_face(bold, bold.read_bytes())
    entry = next((tmp_path / "fonts").glob("*-NotoSans-Regular.bin"))
    other = next((tmp_path / "fonts").glob("*-NotoSans-Bold.bin")).read_bytes()
    entry.write_bytes(spoil(entry.read_bytes(), other))
    assert _face_state(fontcache.parsed_face(regular, regular.read_bytes())) == expected
    assert fontcache._restore(entry, fontcache._key(regular, regular.read_bytes()), regular, regular.read_bytes())


def test_a_cache_folder_that_cannot_be_written_costs_only_the_parse(tmp_path, monkeypatch):
    from brochure import fontcache

    blocked = tmp_path / "file"
    blocked.write_text("not a folder")
    monkeypatch.setenv("BROCHURE_CACHE_DIR", str(blocked))
    regular = NOTO / "NotoSans-Regular.ttf"
    assert fontcache.parsed_face(regular, regular.read_bytes()).unitsPerEm == 1000


def test_the_cache_lives_in_the_users_cache_folder_and_can_be_turned_off(monkeypatch, tmp_path):
    from brochure import fontcache

    monkeypatch.delenv("BROCHURE_CACHE_DIR", raising=False)
    monkeypatch.delenv("BROCHURE_FONT_CACHE", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert fontcache.cache_folder() == tmp_path / "brochure" / "fonts"
    monkeypatch.delenv("XDG_CACHE_HOME")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert fontcache.cache_folder() == tmp_path / "home" / ".cache" / "brochure" / "fonts"
    monkeypatch.setenv("BROCHURE_FONT_CACHE", "0")
    assert fontcache.cache_folder() is None


def test_the_pdf_is_byte_identical_without_the_cache_with_a_cold_one_and_a_warm_one(tmp_path):
    """Each render in a fresh process, as a person runs it: the cache must change nothing but the time."""
    pdfs = []
    for name, setting in (("off", "0"), ("cold", "1"), ("warm", "1")):
        env = dict(os.environ, BROCHURE_CACHE_DIR=str(tmp_path / "cache"), BROCHURE_FONT_CACHE=setting)
        target = tmp_path / f"{name}.pdf"
        for edition in (EN, DATA / "zh-Hans.yaml"):
            subprocess.run(
                [sys.executable, "render.py", str(edition), "-o", str(target.with_stem(f"{name}-{edition.stem}"))],
                cwd=ROOT,
                env=env,
                capture_output=True,
                check=True,
            )
        pdfs.append(
            [target.with_stem(f"{name}-{edition.stem}").read_bytes() for edition in (EN, DATA / "zh-Hans.yaml")]
        )
        if name == "off":
            assert not (tmp_path / "cache").exists()
    assert pdfs[0] == pdfs[1] == pdfs[2]
    assert {p.name.split("-", 1)[1] for p in (tmp_path / "cache" / "fonts").iterdir()} >= {
        "NotoSans-Regular.bin",
        "NotoSansSC-Regular.bin",
    }


# ---------------------------------------------------------------- fallback runs


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from("ab é\n\u00ad-中文。🚨ŁżĂ\u0301"), max_size=24))
def test_a_text_splits_into_face_runs_as_the_first_face_with_each_character_says(text):
    """The runs a text is set in (typeset's shortcut when the first face has every character included) are
    what taking each character from the first face that has it gives: a line break with the first face, a
    character no face has alone, soft hyphens dropped."""
    from brochure.typeset import _runs_in_faces

    faces = (fonts.face("noto-sans"), fonts.face("noto-sans-sc"))
    expected: list[tuple[str, fonts.FontFace | None]] = []
    for char in text.replace("\u00ad", ""):
        chosen = next((face for face in faces if char == "\n" or face.has_glyph(char)), None)
        if chosen is not None and expected and expected[-1][1] is chosen:
            expected[-1] = (expected[-1][0] + char, chosen)
        else:
            expected.append((char, chosen))
    assert _runs_in_faces(text.replace("\u00ad", ""), faces) == tuple(expected)
    assert "".join(run for run, _ in _runs_in_faces(text.replace("\u00ad", ""), faces)) == text.replace("\u00ad", "")
