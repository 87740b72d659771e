"""`--changed` (what `make` runs): an edition is made again exactly when something it was made from changed.

Most runs here make the office PDFs of four editions (two brochures) into a scratch folder, in this process
(--jobs 1), and look at which editions printed "up to date" and which were made.
"""

from __future__ import annotations

import json
import os
import re
import shutil
from pathlib import Path

import pytest
from helpers import DATA, ROOT, edit, run
from PIL import Image as PILImage

from brochure import buildstate
from brochure.buildstate import STATE_FILE

EASTSIDE = ROOT / "data" / "eastside-renters"
EDITIONS = ("ct-human-trafficking/en", "ct-human-trafficking/es", "eastside-renters/en", "eastside-renters/pl")


@pytest.fixture()
def data(tmp_path: Path) -> Path:
    """Two brochures: the seed's English and Spanish editions (no term list), and the whole second brochure."""
    folder = tmp_path / "data"
    ct = folder / "ct-human-trafficking"
    ct.mkdir(parents=True)
    for name in ("brochure.yaml", "contacts.yaml", "en.yaml", "es.yaml"):
        shutil.copy(DATA / name, ct / name)
    shutil.copytree(EASTSIDE, folder / "eastside-renters")
    return folder


def changed(data: Path, *options: object) -> tuple[int, str, str]:
    out = data.parent / "out"
    return run("--all", "--office", "--changed", "--jobs", "1", "--data", data, "--out-dir", out, *options)


def up_to_date(stdout: str) -> set[str]:
    """The editions a run said were up to date, as 'brochure/code'."""
    return {f"{m[1]}/{m[2]}" for m in re.finditer(r"^up to date  .*?([\w-]+)/([\w-]+)\.yaml:", stdout, re.M)}


def made(stdout: str) -> set[str]:
    """The editions a run made (each 'ok' line names a PDF: out/<brochure>-<code>-<paper>...)."""
    names = {f"{b}-{c}": f"{b}/{c}" for b, c in (e.split("/") for e in EDITIONS)}
    found = set()
    for line in stdout.splitlines():
        if line.startswith("ok  "):
            file = Path(line.split()[1]).name
            found.update(edition for prefix, edition in names.items() if file.startswith(prefix + "-"))
    return found


def one_byte_more(path: Path) -> None:
    """A change that changes nothing printed: the run cannot know, so the editions reading it are made again."""
    path.write_bytes(path.read_bytes() + b"#")


def snapshot(folder: Path) -> dict[str, tuple[int, bytes]]:
    return {p.name: (p.stat().st_mtime_ns, p.read_bytes()) for p in sorted(folder.iterdir())}


def test_a_second_run_makes_nothing_and_writes_nothing(data: Path) -> None:
    status, first, _ = changed(data)
    assert status == 0 and made(first) == set(EDITIONS) and not up_to_date(first)
    before = snapshot(data.parent / "out")
    assert STATE_FILE in before
    status, second, _ = changed(data)
    assert status == 0
    assert up_to_date(second) == set(EDITIONS) and not made(second)
    assert "4 of 4 editions ok (4 up to date), 0 files written" in second
    assert snapshot(data.parent / "out") == before  # not one file written, not even the record


def test_touching_a_file_without_changing_it_makes_nothing(data: Path) -> None:
    changed(data)
    for path in data.rglob("*"):
        os.utime(path)
    status, stdout, _ = changed(data)
    assert status == 0 and up_to_date(stdout) == set(EDITIONS)


def test_a_phone_number_changed_in_contacts_yaml_makes_every_edition_using_it(data: Path) -> None:
    changed(data)
    edit(data / "eastside-renters" / "contacts.yaml", "0117 496 0123", "0117 496 0124")
    status, stdout, stderr = changed(data)
    assert status == 0
    assert made(stdout) == {"eastside-renters/en", "eastside-renters/pl"}
    assert up_to_date(stdout) == {"ct-human-trafficking/en", "ct-human-trafficking/es"}
    assert "'0117 496 0124' is a number kept for fiction" in stderr


def test_an_image_changed_makes_the_editions_showing_it(data: Path) -> None:
    changed(data)
    photo = data / "eastside-renters" / "terrace.png"
    image = PILImage.open(photo)
    image.load()
    pixel = image.getpixel((0, 0))
    assert isinstance(pixel, tuple)
    image.putpixel((0, 0), tuple((value + 1) % 256 for value in pixel))
    image.save(photo)
    status, stdout, _ = changed(data)
    assert status == 0
    assert made(stdout) == {"eastside-renters/en", "eastside-renters/pl"}
    assert up_to_date(stdout) == {"ct-human-trafficking/en", "ct-human-trafficking/es"}


def test_a_font_added_or_changed_makes_the_editions_set_in_it(data: Path) -> None:
    changed(data)
    # A family in the brochure's own fonts/ is chosen before the bundled one of the same name: nothing was
    # read from that folder before (it was not there), yet the editions must be made again with it.
    family = data / "eastside-renters" / "fonts" / "noto-sans"
    shutil.copytree(ROOT / "fonts" / "noto-sans", family)
    status, stdout, _ = changed(data)
    assert status == 0 and made(stdout) == {"eastside-renters/en", "eastside-renters/pl"}
    status, stdout, _ = changed(data)
    assert status == 0 and up_to_date(stdout) == set(EDITIONS)
    with (family / "NotoSans-Bold.ttf").open("ab") as font:
        font.write(b"\0")  # one byte more, after the last table: the font still reads the same
    status, stdout, _ = changed(data)
    assert status == 0 and made(stdout) == {"eastside-renters/en", "eastside-renters/pl"}


def test_brochure_yaml_changed_makes_its_editions(data: Path) -> None:
    changed(data)
    edit(data / "ct-human-trafficking" / "brochure.yaml", "Victim Advocate", "Victim Advocates")
    status, stdout, _ = changed(data)
    assert status == 0
    assert made(stdout) == {"ct-human-trafficking/en", "ct-human-trafficking/es"}
    assert up_to_date(stdout) == {"eastside-renters/en", "eastside-renters/pl"}


def test_a_source_edition_changed_makes_its_translations_and_a_translation_only_itself(data: Path) -> None:
    changed(data)
    one_byte_more(data / "eastside-renters" / "en.yaml")
    status, stdout, _ = changed(data)
    assert status == 0 and made(stdout) == {"eastside-renters/en", "eastside-renters/pl"}
    one_byte_more(data / "eastside-renters" / "pl.yaml")
    status, stdout, _ = changed(data)
    assert status == 0 and made(stdout) == {"eastside-renters/pl"}
    assert len(up_to_date(stdout)) == 3


@pytest.mark.parametrize("damage", ["delete", "edit"])
def test_an_output_deleted_or_edited_makes_its_edition_again(data: Path, damage: str) -> None:
    changed(data)
    pdf = data.parent / "out" / "ct-human-trafficking-es-a4.pdf"
    good = pdf.read_bytes()
    if damage == "delete":
        pdf.unlink()
    else:
        pdf.write_bytes(good[:100] + bytes([good[100] ^ 1]) + good[101:])  # one byte of the middle changed
    status, stdout, _ = changed(data)
    assert status == 0 and made(stdout) == {"ct-human-trafficking/es"}
    assert pdf.read_bytes() == good
    status, stdout, _ = changed(data)
    assert status == 0 and up_to_date(stdout) == set(EDITIONS)


def test_other_options_make_everything_and_each_set_is_kept(data: Path) -> None:
    out = data.parent / "out"
    changed(data)
    status, stdout, _ = changed(data, "--no-marks")  # the office edition has no marks: another set all the same
    assert status == 0 and made(stdout) == set(EDITIONS)
    status, stdout, _ = run("--all", "--press", "--changed", "--jobs", "1", "--data", data, "--out-dir", out)
    assert status == 0 and made(stdout) == set(EDITIONS)
    # Both runs wrote each edition's preflight report (...-preflight.json): the office run's was replaced.
    status, stdout, _ = changed(data)
    assert status == 0 and made(stdout) == set(EDITIONS)
    # Runs whose files are all their own keep their records side by side.
    en = data / "ct-human-trafficking" / "en.yaml"
    for options, kept in (([], False), (["--press"], False), ([], True), (["--press"], True)):
        status, stdout, _ = run(en, "--changed", "--out-dir", out, *options)
        assert status == 0 and ("up to date" in stdout) == kept


def test_a_new_version_of_brochure_makes_everything(data: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    changed(data)
    monkeypatch.setattr(buildstate, "code_digest", lambda: "another version")
    status, stdout, _ = changed(data)
    assert status == 0 and made(stdout) == set(EDITIONS)


@pytest.mark.parametrize(
    "record",
    [b"\x00\xff garbage", b'{"format": "brochure-state 1", "code": "', b'{"format": "x"}', b"[1, 2]", None],
    ids=["binary", "truncated", "foreign", "not-a-table", "wrong-types"],
)
def test_a_damaged_record_makes_everything_again_without_a_traceback(data: Path, record: bytes | None) -> None:
    changed(data)
    state = data.parent / "out" / STATE_FILE
    if record is None:
        content = json.loads(state.read_text(encoding="utf-8"))
        next(iter(content["editions"].values()))["files"] = ["not", "a", "table"]
        record = json.dumps(content).encode()
    state.write_bytes(record)
    status, stdout, stderr = changed(data)
    assert status == 0 and made(stdout) == set(EDITIONS)
    assert "Traceback" not in stderr
    notes = [line for line in stderr.splitlines() if STATE_FILE in line]
    assert len(notes) == 1 and "every edition is made again" in notes[0]
    status, stdout, _ = changed(data)  # the record was written anew
    assert status == 0 and up_to_date(stdout) == set(EDITIONS)


def test_a_failed_edition_keeps_its_last_good_files_and_is_made_next_time(data: Path) -> None:
    changed(data)
    es = data / "ct-human-trafficking" / "es.yaml"
    good_yaml = es.read_bytes()
    pdf = data.parent / "out" / "ct-human-trafficking-es-letter.pdf"
    good_pdf = pdf.read_bytes()
    edit(es, "subject: ", "subjekt: x\nsubject: ")
    status, stdout, stderr = changed(data)
    assert status == 1 and "FAILED  " in stderr and "es.yaml" in stderr
    assert pdf.read_bytes() == good_pdf
    es.write_bytes(good_yaml)  # back as it was when its files were made: still made again, and said so
    status, stdout, _ = changed(data)
    assert status == 0 and made(stdout) == {"ct-human-trafficking/es"}


def test_warnings_are_replayed_as_they_were_printed(data: Path) -> None:
    status, _, first = changed(data)
    assert status == 0 and "is a number kept for fiction" in first
    status, stdout, second = changed(data)
    assert status == 0 and up_to_date(stdout) == set(EDITIONS)
    assert second == first


def test_strict_fails_on_a_replayed_warning_as_on_a_made_one(data: Path) -> None:
    changed(data)
    out = data.parent / "out"
    before = snapshot(out)
    status, stdout, stderr = changed(data, "--strict")
    assert status == 1
    assert "FAILED  " in stderr and "eastside-renters/en.yaml" in stderr
    assert not up_to_date(stdout) & {"eastside-renters/en", "eastside-renters/pl"}
    assert {k: v for k, v in snapshot(out).items() if k != STATE_FILE} == {
        k: v for k, v in before.items() if k != STATE_FILE
    }
    fresh = data.parent / "fresh"
    plain = run("--all", "--office", "--strict", "--jobs", "1", "--data", data, "--out-dir", fresh)
    assert plain[0] == 1 and plain[2].count("FAILED  ") == stderr.count("FAILED  ")


def test_workers_record_what_they_read(data: Path) -> None:
    out = data.parent / "out"
    status, stdout, _ = run("--all", "--office", "--changed", "--jobs", "2", "--data", data, "--out-dir", out)
    assert status == 0 and made(stdout) == set(EDITIONS)
    edit(data / "eastside-renters" / "contacts.yaml", "0117 496 0123", "0117 496 0124")
    status, stdout, _ = run("--all", "--office", "--changed", "--jobs", "2", "--data", data, "--out-dir", out)
    assert status == 0 and made(stdout) == {"eastside-renters/en", "eastside-renters/pl"}


def test_json_and_preflight_check_every_edition_again(data: Path) -> None:
    changed(data)
    status, stdout, stderr = changed(data, "--json")
    report = json.loads(stdout)
    assert status == 0 and report["ok"] and len(report["pdfs"]) == 6
    assert not up_to_date(stderr) and made(stderr) == set(EDITIONS)


def test_review_sheets_up_to_date(data: Path) -> None:
    out = data.parent / "out"
    review = ("--review", "--all", "--changed", "--data", data, "--out-dir", out)
    status, stdout, first = run(*review)
    assert status == 0 and "2 review sheets written" in stdout
    sheet = out / "eastside-renters-pl-review.pdf"
    good = (sheet.stat().st_mtime_ns, sheet.read_bytes())
    status, stdout, second = run(*review)
    assert status == 0 and "0 review sheets written, 2 up to date" in stdout
    assert second == first and (sheet.stat().st_mtime_ns, sheet.read_bytes()) == good
    one_byte_more(data / "ct-human-trafficking" / "es.yaml")
    status, stdout, _ = run(*review)
    assert status == 0 and "1 review sheet written, 1 up to date" in stdout
    assert "ct-human-trafficking-es-review.pdf" in stdout
    status, stdout, _ = run(*review)  # the sheet it replaced was looked at, but is not what it was made from
    assert status == 0 and "0 review sheets written, 2 up to date" in stdout


@pytest.mark.parametrize("other", [["--check"], ["-o", "x.pdf"]])
def test_changed_needs_an_output_folder(other: list[str]) -> None:
    status, _, stderr = run(DATA / "en.yaml", "--changed", *other)
    assert status == 2 and "--changed compares with what the last run wrote into --out-dir" in stderr


def test_a_press_profile_changed_makes_every_press_edition_using_it(data: Path) -> None:
    # LittleCMS reads the profile itself and the press edition keeps its bytes from one edition to the next
    # in a process: the second edition made never opens it. Both must be made again all the same.
    from brochure.inks import BUNDLED_CONDITION

    ct = data / "ct-human-trafficking"
    profile = ct / "shop.icc"
    profile.write_bytes(BUNDLED_CONDITION.profile.read_bytes())
    edit(ct / "brochure.yaml", "bleed: 0.125in", "bleed: 0.125in\npress_profile: shop.icc")
    press = ("--all", "--press", "--changed", "--jobs", "1", "--data", data, "--out-dir", data.parent / "out")
    status, stdout, _ = run(*press)
    assert status == 0 and made(stdout) == set(EDITIONS)
    icc = bytearray(profile.read_bytes())
    icc[30] ^= 1  # the hour it was made, in the header: still the same profile to LittleCMS
    profile.write_bytes(bytes(icc))
    status, stdout, _ = run(*press)
    assert status == 0 and made(stdout) == {"ct-human-trafficking/en", "ct-human-trafficking/es"}
