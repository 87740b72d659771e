"""The command line as staff use it: exit status, messages, and files written or left alone."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import DATA, EN, ROOT, edit, lengthen, line_of, run

from brochure import output


def test_renders_one_edition_to_the_default_name(tmp_path):
    status, out, err = run(EN, "--out-dir", tmp_path)
    assert status == 0, err
    target = tmp_path / "ct-human-trafficking-en-letter.pdf"
    assert target.read_bytes().startswith(b"%PDF-")
    assert out.startswith(f"ok  {target}  2 pages, ") and "11 pt body, leading 1.40" in out
    assert err == ""


def test_press_edition_to_a_named_file(tmp_path):
    status, out, _ = run(EN, "--press", "-o", tmp_path / "shop.pdf")
    assert status == 0
    assert (tmp_path / "shop.pdf").exists()
    assert list(tmp_path.iterdir()) == [tmp_path / "shop.pdf"]


def test_overflow_exits_1_names_the_panel_writes_nothing_and_keeps_the_previous_pdf(brochure_copy, tmp_path):
    (tmp_path / "out").mkdir()
    target = tmp_path / "out" / "brochure.pdf"
    assert run(brochure_copy / "en.yaml", "-o", target)[0] == 0
    previous = target.read_bytes()
    lengthen(brochure_copy / "en.yaml", 14)
    status, out, err = run(brochure_copy / "en.yaml", "-o", target)
    assert status == 1
    assert "error: panel 'inside_middle' does not fit" in err
    assert "pt too long (about" in err
    assert "Traceback" not in err and out == ""
    assert target.read_bytes() == previous
    # beside it only the picture of the panel that runs over (tests/test_fit.py looks at it)
    assert sorted(p.name for p in target.parent.iterdir()) == ["brochure-overflow-inside_middle.png", "brochure.pdf"]


def test_validation_errors_exit_1_with_file_and_line(brochure_copy, tmp_path):
    edit(brochure_copy / "en.yaml", "    background: brand\n", "    colour: brand\n")
    status, _, err = run(brochure_copy / "en.yaml", "--out-dir", tmp_path / "out")
    assert status == 1
    line = line_of(brochure_copy / "en.yaml", "colour: brand")
    assert f"{brochure_copy / 'en.yaml'}:{line}:5: error: unknown key 'colour' in panel 'front_cover'" in err
    assert "FAILED" in err and not (tmp_path / "out").exists()


def test_check_writes_nothing(tmp_path):
    status, out, _ = run(EN, "--check", "--out-dir", tmp_path)
    assert status == 0 and "fits" in out
    assert not any(tmp_path.iterdir())


def test_output_folder_that_does_not_exist(tmp_path):
    status, _, err = run(EN, "-o", tmp_path / "missing" / "x.pdf")
    assert status == 1
    assert f"error: output folder '{tmp_path / 'missing'}' does not exist" in err


def test_usage_mistakes_exit_2():
    assert run()[0] == 2
    assert run("--all", EN)[0] == 2
    assert run("--all", "-o", "x.pdf")[0] == 2
    assert run(EN, "--paper", "a5")[0] == 2


def test_all_renders_the_good_editions_and_reports_the_bad(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(DATA, data / "ct-human-trafficking")
    bad = data / "ct-human-trafficking" / "xx.yaml"
    bad.write_text(
        (DATA / "en.yaml").read_text(encoding="utf-8").replace("{emergency}", "{emergencyy}"), encoding="utf-8"
    )
    out_dir = tmp_path / "out"
    status, out, err = run("--all", "--data", data, "--out-dir", out_dir, "--jobs", "2")
    assert status == 1
    assert "no contact 'emergencyy'" in err and "FAILED" in err
    editions = sorted(p.stem for p in (data / "ct-human-trafficking").glob("*.yaml"))
    good = [e for e in editions if e not in ("brochure", "contacts", "xx")]
    # per good edition and paper: office, press, instructions; once: screen; office PNG proofs; a preflight report
    assert len(list(out_dir.glob("*-letter.pdf")) + list(out_dir.glob("*-a4.pdf"))) == len(good) * 2
    assert len(list(out_dir.glob("*-press.pdf"))) == len(good) * 2
    assert len(list(out_dir.glob("*-instructions.pdf"))) == len(good) * 2
    assert len(list(out_dir.glob("*-screen.pdf"))) == len(good)
    assert len(list(out_dir.glob("*-folded.png"))) == len(good) * 2
    assert len(list(out_dir.glob("*-preflight.json"))) == len(good)
    assert not list(out_dir.glob("*xx*"))
    assert f"{len(good)} of {len(good) + 1} editions ok" in out and "failed: " in out
    assert f", {len(list(out_dir.iterdir()))} files written in " in out  # the summary counts every file, reports too


def test_an_interrupted_write_leaves_the_old_file_and_no_temporary(tmp_path, monkeypatch):
    target = tmp_path / "brochure.pdf"
    target.write_bytes(b"%PDF-old")

    def interrupted(source, destination):
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "replace", interrupted)
    with pytest.raises(KeyboardInterrupt):
        output.commit([output.OutFile(target, b"%PDF-new")], {})
    assert target.read_bytes() == b"%PDF-old"
    assert [p.name for p in tmp_path.iterdir()] == ["brochure.pdf"]


def test_render_py_is_the_entry_point():
    import subprocess
    import sys

    root = Path(__file__).resolve().parent.parent
    result = subprocess.run([sys.executable, "render.py", "--help"], cwd=root, capture_output=True, text=True)
    assert result.returncode == 0 and "--press" in result.stdout


# Imported only on the paths that need them (issue 14: a cold render pays for every import): the term list
# for translations, lxml for SVG logos, Pillow's plugins and LittleCMS for images and CMYK conversion.
LAZY_MODULES = (
    "brochure.terms",
    "lxml.etree",
    "PIL.ImageCms",
    "PIL.ImageOps",
    "PIL.JpegImagePlugin",
    "PIL.PngImagePlugin",
)


def test_an_office_render_of_an_edition_without_images_imports_none_of_the_lazy_modules(tmp_path):
    script = (
        "import sys\n"
        "from brochure.cli import main\n"
        f"status = main([{str(EN)!r}, '-o', {str(tmp_path / 'x.pdf')!r}])\n"
        f"print(status, sorted(name for name in {LAZY_MODULES!r} if name in sys.modules))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=180, check=True
    )
    assert done.stdout.splitlines()[-1] == "0 []"
