"""Hostile and mistaken input that costs time or memory: every case is answered quickly, located, without a traceback.

Each case runs the real command line in a child process with a time limit, so a
regression (a hang, a run of minutes) fails the test instead of hanging the suite.
The bounds are generous, since the CI machine has two cores shared with other work,
but far below what the unguarded code took (minutes, or forever).
"""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest
from helpers import ROOT, edit

from brochure.limits import MAX_FILE_BYTES, MAX_YAML_DEPTH, MAX_YAML_NODES
from brochure.load import file_type

SECONDS = 20.0  # the promise is 5 s on a free machine; this bound allows for a loaded CI runner


def check(path: Path, timeout: float = SECONDS) -> tuple[int, str, float, int]:
    """Run `render.py --check path` in a child process: (status, stderr, seconds, peak memory in MB)."""
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", _OWN_PEAK, str(ROOT / "render.py"), "--check", str(path)],
        capture_output=True,
        text=True,
        timeout=timeout,
        cwd=path.parent.parent,
    )
    seconds = time.perf_counter() - started
    # The child's own peak: RUSAGE_CHILDREN would be the largest child this test process ever waited for.
    stderr, _, peak = done.stderr.rpartition("\npeak-kb ")
    assert "Traceback" not in stderr and "internal error" not in stderr, stderr
    return done.returncode, stderr, seconds, int(peak) // 1024


# Runs render.py as __main__ and, however it ends, writes its own peak resident memory last on stderr:
# VmHWM belongs to the process's address space, made anew by exec (getrusage's ru_maxrss is carried across
# exec, so a child started from a 400 MB test process would report 400 MB).
_OWN_PEAK = (
    "import re, runpy, sys\n"
    "sys.argv = sys.argv[1:]\n"
    "try:\n"
    "    runpy.run_path(sys.argv[0], run_name='__main__')\n"
    "finally:\n"
    "    status = open('/proc/self/status').read()\n"
    "    sys.stderr.write('\\npeak-kb ' + re.search(r'VmHWM:\\s*(\\d+)', status).group(1))\n"
)


def _insert_block(path: Path, block: str) -> None:
    edit(path, "      - spacer: 5pt\n        background: accent\n", block)


# ---------------------------------------------------------------- item 13: aliases


def test_an_alias_bomb_is_refused_at_the_alias(brochure_copy):
    # 13 kB: a thousand bullets, each with the same thousand sub-bullets: a million values.
    en = brochure_copy / "en.yaml"
    flat = "[&t {text: b}, " + ", ".join(["*t"] * 999) + "]"
    bomb = "[&p {text: x, items: &f " + flat + "}, " + ", ".join(["*p"] * 999) + "]"
    _insert_block(en, f"      - bullets: {bomb}\n")
    status, err, seconds, _ = check(en)
    assert status == 1
    line = next(n for n, text in enumerate(en.read_text().splitlines(), 1) if "&p" in text)
    assert f"en.yaml:{line}:" in err
    assert f"the file has more than {MAX_YAML_NODES:,} values, counting each alias (*name)" in err
    assert seconds < SECONDS


def test_an_alias_inside_what_it_repeats_is_refused(brochure_copy):
    en = brochure_copy / "en.yaml"
    edit(en, "keywords: [human trafficking", "keywords: &k [*k, human trafficking")
    status, err, _, _ = check(en)
    assert status == 1 and "en.yaml:12:" in err
    assert "this alias repeats the list or mapping it is part of" in err


def test_ordinary_aliases_still_work(brochure_copy):
    en = brochure_copy / "en.yaml"
    edit(en, "keywords: [human trafficking", "keywords: [&k human trafficking, *k")
    status, err, _, _ = check(en)
    assert status == 0, err


# ---------------------------------------------------------------- item 16: nesting


@pytest.mark.parametrize("name", ["en.yaml", "contacts.yaml"])
def test_deep_nesting_is_refused_in_the_file_that_has_it(brochure_copy, name):
    path = brochure_copy / name
    with path.open("a", encoding="utf-8") as stream:
        stream.write("deep: " + "[" * 20_000 + "]" * 20_000 + "\n")
    line = len(path.read_text().splitlines())
    status, err, seconds, _ = check(brochure_copy / "en.yaml")
    assert status == 1
    # The top-level mapping is level 1; the 40th '[' (level 41) is at column 6 + 40.
    assert f"/{name}:{line}:{6 + MAX_YAML_DEPTH}: error: lists and mappings are nested more than" in err
    [nested] = [text for text in err.splitlines() if "nested more than" in text]  # never blamed on another file
    assert f"/{name}:" in nested
    assert seconds < SECONDS


# ---------------------------------------------------------------- item 15: what is read


def test_a_fifo_given_as_the_edition_does_not_hang(brochure_copy):
    fifo = brochure_copy / "fr.yaml"
    os.mkfifo(fifo)
    status, err, _, _ = check(fifo, timeout=SECONDS)  # unguarded, this waited forever for a writer
    assert status == 1
    assert "fr.yaml: error: not a data file: this is a named pipe (FIFO)" in err


def test_a_folder_given_as_the_edition(brochure_copy):
    folder = brochure_copy / "fr.yaml"
    folder.mkdir()
    status, err, _, _ = check(folder)
    assert status == 1 and "fr.yaml: error: not a data file: this is a folder" in err


def test_a_huge_sparse_file_is_refused_without_reading_it(brochure_copy):
    huge = brochure_copy / "fr.yaml"
    with huge.open("wb") as stream:
        stream.truncate(3 * 1024**3)  # 3 GB that take no disk space
    status, err, seconds, peak = check(huge)
    assert status == 1
    assert f"file is 3,221,225,472 bytes; a brochure file is at most {MAX_FILE_BYTES:,} bytes" in err
    assert seconds < SECONDS
    assert peak < 500  # MB; reading it would take 3 GB


def test_a_device_is_refused_before_it_is_opened(brochure_copy, monkeypatch):
    """/dev/zero would be read for ever: a device is refused by its type, which is all the loader looks at."""
    from brochure.diagnostics import BrochureError
    from brochure.load import load_edition

    zero = brochure_copy / "fr.yaml"
    zero.write_text("language: fr\n")
    real_stat = Path.stat

    def device_stat(self, *args, **kwargs):
        result = real_stat(self, *args, **kwargs)
        if self.name == "fr.yaml":
            return os.stat_result((stat.S_IFCHR | 0o666,) + tuple(result)[1:])
        return result

    def no_open(self, *args, **kwargs):
        raise AssertionError(f"{self} was opened")

    monkeypatch.setattr(Path, "stat", device_stat)
    monkeypatch.setattr(
        Path, "open", lambda self, *a, **k: no_open(self) if self.name == "fr.yaml" else open(self, *a, **k)
    )
    with pytest.raises(BrochureError) as caught:
        load_edition(zero)
    assert "fr.yaml: error: not a data file: this is a device" in str(caught.value)


def test_file_types_are_named_as_a_person_would():
    assert file_type(stat.S_IFREG) == ""
    assert file_type(stat.S_IFDIR) == "a folder"
    assert file_type(stat.S_IFIFO) == "a named pipe (FIFO)"
    assert file_type(stat.S_IFCHR) == "a device"


def test_a_fifo_named_like_an_image(brochure_copy):
    en = brochure_copy / "en.yaml"
    os.mkfifo(brochure_copy / "logo.png")
    _insert_block(en, "      - image: logo.png\n")
    status, err, _, _ = check(en)
    assert status == 1 and "'logo.png' is a named pipe (FIFO), not an image" in err


# ---------------------------------------------------------------- item 14: slow failures


def test_a_huge_paragraph_is_refused_quickly(brochure_copy):
    # 990 kB in one paragraph: it was laid out at all 22 fit candidates (4 min 17 s) before it was refused.
    en = brochure_copy / "en.yaml"
    _insert_block(en, "      - paragraph: " + "word " * 198_000 + "\n")
    assert MAX_FILE_BYTES - 10_000 < en.stat().st_size <= MAX_FILE_BYTES
    status, err, seconds, _ = check(en)
    assert status == 1 and "panel 'front_cover' does not fit: at least" in err
    line = next(n for n, text in enumerate(en.read_text().splitlines(), 1) if text.startswith("  front_cover:"))
    assert f"en.yaml:{line + 1}:5: error: " in err  # the panel's first line
    assert seconds < SECONDS


def test_a_huge_chinese_paragraph_is_refused_quickly(brochure_copy):
    en = brochure_copy / "en.yaml"
    _insert_block(en, "      - paragraph: " + "人口贩运是一种犯罪行为。" * 27_000 + "\n")
    status, err, seconds, _ = check(en)
    assert status == 1 and "panel 'front_cover' does not fit: at least" in err
    assert seconds < SECONDS


def test_tens_of_thousands_of_bullets_are_refused_quickly(brochure_copy):
    # 100,000 bullets took 83 s and 278 MB. Just under the value limit, they are a layout question.
    en = brochure_copy / "en.yaml"
    _insert_block(en, "      - bullets:\n" + "          - a b\n" * (MAX_YAML_NODES - 1_000))
    status, err, seconds, peak = check(en)
    assert status == 1 and "panel 'front_cover' does not fit: at least" in err
    assert seconds < SECONDS
    assert peak < 400, peak  # MB


def test_more_values_than_the_limit_are_refused_at_the_value_that_crosses_it(brochure_copy):
    en = brochure_copy / "en.yaml"
    _insert_block(en, "      - bullets:\n" + "          - a b\n" * MAX_YAML_NODES)
    status, err, seconds, _ = check(en)
    assert status == 1 and f"the file has more than {MAX_YAML_NODES:,} values" in err
    assert seconds < SECONDS


# ---------------------------------------------------------------- both YAML readers keep the limits


@pytest.mark.parametrize("reader", ["_PythonLoader", "_LibyamlLoader"])
@pytest.mark.parametrize(
    "text, message, line",
    [
        ("a: &x [1, 2]\nb: [" + ", ".join(["*x"] * (MAX_YAML_NODES // 2)) + "]\n", "counting each alias", 2),
        ("a: &x [1, *x]\n", "this alias repeats the list or mapping it is part of", 1),
        ("a:\n  b: " + "[" * 5_000 + "]" * 5_000 + "\n", f"nested more than {MAX_YAML_DEPTH} levels", 2),
        ('a: 1\nb: "x \\ud800"\n', "stands for half of a character (a surrogate)", 2),
    ],
    ids=["alias bomb", "alias in itself", "deep nesting", "surrogate"],
)
def test_the_yaml_limits_hold_with_either_reader(tmp_path, monkeypatch, reader, text, message, line):
    from brochure import load
    from brochure.diagnostics import Report

    if not hasattr(load, reader):
        pytest.skip("PyYAML was built without libyaml")
    monkeypatch.setattr(load, "_LimitedLoader", getattr(load, reader))
    path = tmp_path / "x.yaml"
    path.write_text(text, encoding="utf-8")
    report = Report()
    started = time.perf_counter()
    assert load._read_yaml(path, report) is None
    assert time.perf_counter() - started < SECONDS
    [error] = report.errors
    assert message in error.message and error.location.line == line


def test_a_syntax_error_in_a_long_line_quotes_only_the_part_around_it(brochure_copy):
    en = brochure_copy / "en.yaml"
    edit(en, "title: Stop Human Trafficking", "title: " + "word " * 100_000 + "[oops: ]")
    status, err, _, _ = check(en)
    assert status == 1 and "YAML syntax:" in err
    quoted = [line for line in err.splitlines() if line.startswith("    | ")]
    assert len(quoted) == 2 and all(len(line) < 120 for line in quoted), quoted
    assert quoted[0][quoted[1].index("^")] in "[:]"  # the caret still points into the mistake
