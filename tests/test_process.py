"""The run as a process: what it writes, what it refuses to write, and what it leaves when it fails or is stopped.

Mistakes in data files and options are in test_mistakes.py (with the README's table); here are the
cases about files, folders, disks, signals and consoles. Every subprocess has a timeout and is
killed in `finally`. A device is only ever faked, or made inside a private mount namespace on a
tmpfs of its own: the machine's /dev is never touched.
"""

from __future__ import annotations

import errno
import functools
import os
import shlex
import shutil
import signal
import stat
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
from helpers import DATA, EN, ROOT, edit, run

from brochure import output
from brochure.diagnostics import display_path
from brochure.load import load_edition
from brochure.output import OutFile
from brochure.products import edition_inputs

OLD_PDF = b"%PDF-1.7\n% the last good brochure\n"
TIMEOUT = 180  # seconds for any one subprocess: the machine may be busy


def _tree(folder: Path) -> dict[str, bytes]:
    """Every file under `folder` (hidden ones too) with its contents."""
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def _image(folder: Path, name: str) -> None:
    """A 300 ppi image at 1 inch, placed on the back cover of en.yaml in place of the accent bar."""
    from PIL import Image

    Image.new("RGB", (300, 300), (20, 54, 93)).save(folder / name)
    edit(
        folder / "en.yaml",
        "      - spacer: 5pt\n        background: accent\n",
        f"      - image: {name}\n        alt: A test picture\n        width: 1in\n",
    )


# --- 1. never write over an input, a non-PDF, a device, a folder or a FIFO ----------------------------------


@pytest.mark.parametrize(
    "name, role",
    [
        ("en.yaml", "the edition being rendered"),
        ("contacts.yaml", "this brochure's contacts (contacts.yaml)"),
        ("brochure.yaml", "this brochure's design (brochure.yaml)"),
    ],
)
def test_never_writes_over_an_input_file(brochure_copy, name, role):
    before = _tree(brochure_copy)
    status, out, err = run(brochure_copy / "en.yaml", "-o", brochure_copy / name)
    assert status == 1 and out == ""
    assert f"error: will not write over '{brochure_copy / name}': it is {role}" in err
    assert "hint: a run never writes over a file it reads" in err
    assert _tree(brochure_copy) == before


def test_a_review_sheet_never_writes_over_the_edition_it_reviews(brochure_copy):
    shutil.copy(DATA / "es.yaml", brochure_copy / "es.yaml")
    before = _tree(brochure_copy)
    status, _, err = run(brochure_copy / "es.yaml", "--review", "-o", brochure_copy / "en.yaml")
    assert status == 1 and f"will not write over '{brochure_copy / 'en.yaml'}': it is another edition" in err
    assert _tree(brochure_copy) == before


def test_a_link_to_an_input_file_is_refused_like_the_file(brochure_copy, tmp_path):
    os.link(brochure_copy / "en.yaml", tmp_path / "hard.pdf")
    (tmp_path / "soft.pdf").symlink_to(brochure_copy / "contacts.yaml")
    before = _tree(brochure_copy)
    status, _, err = run(brochure_copy / "en.yaml", "-o", tmp_path / "hard.pdf")
    assert status == 1 and "it is the edition being rendered" in err
    status, _, err = run(brochure_copy / "en.yaml", "-o", tmp_path / "soft.pdf")
    assert status == 1 and "it is this brochure's contacts (contacts.yaml)" in err
    assert _tree(brochure_copy) == before and (tmp_path / "soft.pdf").is_symlink()


def test_a_proof_that_would_replace_an_image_of_the_edition_writes_nothing(brochure_copy, tmp_path):
    _image(brochure_copy, "proof-outside.png")  # --png -o proof.pdf makes proof-outside.png beside it
    before = _tree(brochure_copy)
    status, out, err = run(brochure_copy / "en.yaml", "--png", "-o", brochure_copy / "proof.pdf")
    assert status == 1 and out == ""
    assert f"will not write over '{brochure_copy / 'proof-outside.png'}': it is an image of this edition" in err
    assert "FAILED" in err and "nothing written for it" in err
    assert _tree(brochure_copy) == before  # the PDF was made and fine, but the edition is all or nothing


def test_the_inputs_of_an_edition_are_its_files_its_source_its_images_and_its_fonts(brochure_copy):
    shutil.copy(DATA / "es.yaml", brochure_copy / "es.yaml")
    spanish, _ = load_edition(brochure_copy / "es.yaml")
    assert edition_inputs(spanish)[brochure_copy / "en.yaml"] == "the source edition of this translation"
    _image(brochure_copy, "logo.png")
    english, _ = load_edition(brochure_copy / "en.yaml")
    inputs = edition_inputs(english)
    assert inputs[(brochure_copy / "logo.png").resolve()] == "an image of this edition"
    fonts = [path for path, role in inputs.items() if role == "a font of this edition"]
    assert any(path.name == "NotoSans-Regular.ttf" for path in fonts)
    problem = output.target_problem(fonts[0], inputs)
    assert problem and problem.message.endswith("it is a font of this edition")


def test_a_file_that_is_not_a_pdf_is_never_written_over(tmp_path):
    notes = tmp_path / "notes.pdf"
    notes.write_text("Board meeting notes, not a PDF at all", encoding="utf-8")
    status, _, err = run(EN, "-o", notes)
    assert status == 1 and f"will not write over '{notes}': it is not a PDF" in err
    assert notes.read_text(encoding="utf-8").startswith("Board meeting notes")


def test_an_existing_pdf_keeps_its_permissions_and_a_new_file_gets_the_umasks(tmp_path):
    old = tmp_path / "old.pdf"
    old.write_bytes(OLD_PDF)
    old.chmod(0o604)
    previous = os.umask(0o027)
    try:
        committed = output.commit([OutFile(old, b"%PDF-new"), OutFile(tmp_path / "new.pdf", b"%PDF-new")], {})
    finally:
        os.umask(previous)
    assert committed.ok and committed.written == (old, tmp_path / "new.pdf")
    assert old.read_bytes() == b"%PDF-new" and stat.S_IMODE(old.stat().st_mode) == 0o604
    assert stat.S_IMODE((tmp_path / "new.pdf").stat().st_mode) == 0o640


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="only root may give a file away")
def test_a_file_replaced_by_root_keeps_its_owner(tmp_path):
    shared = tmp_path / "shared.pdf"
    shared.write_bytes(OLD_PDF)
    os.chown(shared, 1234, 5678)
    assert output.commit([OutFile(shared, b"%PDF-new")], {}).ok
    assert (shared.stat().st_uid, shared.stat().st_gid) == (1234, 5678) and shared.read_bytes() == b"%PDF-new"


def test_o_through_a_symbolic_link_writes_the_file_it_points_to_and_keeps_the_link(tmp_path):
    (tmp_path / "shared").mkdir()
    real = tmp_path / "shared" / "brochure.pdf"
    real.write_bytes(OLD_PDF)
    link = tmp_path / "latest.pdf"
    link.symlink_to(real)
    status, out, err = run(EN, "-o", link)
    assert status == 0, err
    assert link.is_symlink() and real.read_bytes().startswith(b"%PDF-") and real.read_bytes() != OLD_PDF
    assert sorted(p.name for p in tmp_path.iterdir()) == ["latest.pdf", "shared"]
    dangling = tmp_path / "dangling.pdf"
    dangling.symlink_to(tmp_path / "nowhere" / "x.pdf")
    status, _, err = run(EN, "-o", dangling)
    assert status == 1 and f"'{dangling}' is a symbolic link to '{tmp_path / 'nowhere' / 'x.pdf'}'" in err
    assert "which does not exist" in err and not (tmp_path / "nowhere").exists()


def test_a_device_is_never_written(tmp_path, monkeypatch):
    device = tmp_path / "printer.pdf"  # stands in for /dev/null or a printer: the file type check says so
    real_kind = output.file_kind
    monkeypatch.setattr(output, "file_kind", lambda path: "device" if Path(path) == device else real_kind(path))
    status, out, err = run(EN, "-o", device)
    assert status == 1 and out == ""
    assert f"error: will not write to '{device}': it is a device, not a file" in err
    assert not device.exists()


def test_a_folder_or_a_named_pipe_is_never_written(tmp_path):
    pipe = tmp_path / "pipe.pdf"
    os.mkfifo(pipe)
    status, _, err = run(EN, "-o", pipe)  # opening a FIFO to write would hang: it must not even be opened
    assert status == 1 and f"will not write to '{pipe}': it is a named pipe (FIFO), not a file" in err
    assert stat.S_ISFIFO(os.stat(pipe).st_mode)
    status, _, err = run(EN, "-o", tmp_path)
    assert status == 1 and f"'{tmp_path}' is a folder: -o names the PDF to write" in err


@functools.cache
def _private_mounts() -> bool:
    """Whether this machine lets us mount a tmpfs in a private mount namespace (root, and not forbidden)."""
    if not sys.platform.startswith("linux") or not shutil.which("unshare"):
        return False
    with tempfile.TemporaryDirectory() as folder:
        try:
            probe = subprocess.run(
                ["unshare", "-m", "--propagation", "private", "mount", "-t", "tmpfs", "tmpfs", folder],
                capture_output=True,
                timeout=30,
            )
        except (OSError, subprocess.SubprocessError):
            return False
        return probe.returncode == 0


def _in_private_mounts(script: str) -> subprocess.CompletedProcess:
    """Run a shell script in a mount namespace of its own: its mounts vanish with it, the host's are untouched."""
    if not _private_mounts():
        pytest.skip("needs a private mount namespace (unshare -m, as root)")
    return subprocess.run(
        ["unshare", "-m", "--propagation", "private", "sh", "-c", script],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
    )


def _render_command(*args) -> str:
    return shlex.join([sys.executable, str(ROOT / "render.py"), *map(str, args)])


def test_a_real_device_node_is_left_alone(tmp_path):
    folder = tmp_path / "dev"
    folder.mkdir()
    device = folder / "null.pdf"
    result = _in_private_mounts(
        f"mount -t tmpfs tmpfs {folder} && mknod {device} c 1 3 || exit 77; "
        f"{_render_command(EN, '-o', device)}; echo status=$?; stat -c %F {device}"
    )
    if result.returncode == 77:
        pytest.skip("this machine does not let us make a device node, even on a private tmpfs")
    assert "status=1" in result.stdout and "character special file" in result.stdout, result.stderr
    assert f"will not write to '{device}': it is a device, not a file" in result.stderr


# --- 2. every edition is all or nothing; a failed write says exactly what was written ------------------------


def test_an_edition_that_fits_letter_but_not_a4_writes_nothing_at_all(brochure_copy, tmp_path):
    # with 13 short bullets more, the edition fits Letter but not A4's narrower panels (measured)
    bullet = "          - Works excessively.\n"
    edit(brochure_copy / "en.yaml", bullet, bullet + "          - Is afraid.\n" * 13)
    out = tmp_path / "out"
    out.mkdir()
    for name in ("ct-human-trafficking-en-letter.pdf", "ct-human-trafficking-en-letter-press.pdf"):
        (out / name).write_bytes(OLD_PDF)
    (out / "ct-human-trafficking-en-preflight.json").write_text('[{"file": "old"}]', encoding="utf-8")
    before = _tree(out)
    status, stdout, err = run(brochure_copy / "en.yaml", "--bundle", "--press", "--out-dir", out)
    assert status == 1
    assert "panel 'inside_middle' does not fit" in err
    assert (
        f"FAILED  {brochure_copy / 'en.yaml'}: no PDF written for it, only the overflow picture; "
        "the previous PDFs are untouched" in err
    )
    assert "ok  " not in stdout  # no line may claim a file that was not written
    # The Letter PDFs and the report stay as they were: only the picture of the A4 panel that runs over is new.
    picture = "ct-human-trafficking-en-a4-overflow-inside_middle.png"
    after = _tree(out)
    assert set(after) - set(before) == {picture}
    assert {name: after[name] for name in before} == before


def test_a_full_disk_writes_nothing_names_the_file_and_leaves_no_temporary_file(tmp_path, monkeypatch):
    out = tmp_path / "out"
    out.mkdir()
    (out / "ct-human-trafficking-en-letter-press.pdf").write_bytes(OLD_PDF)
    files = []
    real_write = output._write_bytes

    def write(handle, data):
        files.append(data)
        if len(files) == 3:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        real_write(handle, data)

    monkeypatch.setattr(output, "_write_bytes", write)
    status, stdout, err = run(EN, "--press", "--png", "--out-dir", out)
    assert status == 1 and "ok  " not in stdout
    third = out / "ct-human-trafficking-en-letter-press-inside.png"  # the PDF, then outside, inside, folded
    assert f"error: cannot write '{third}': No space left on device" in err
    assert "free some space on that disk" in err
    assert "nothing written for it; the previous files are untouched" in err
    assert ".brochure-" not in err and ".tmp" not in err
    assert _tree(out) == {"ct-human-trafficking-en-letter-press.pdf": OLD_PDF}


def test_a_write_that_fails_part_way_lists_exactly_the_files_written(tmp_path, monkeypatch):
    out = tmp_path / "out"
    renamed: list[Path] = []
    real_replace = os.replace

    def replace(source, target):
        if len(renamed) == 2:
            raise OSError(errno.EIO, os.strerror(errno.EIO))
        real_replace(source, target)
        renamed.append(Path(target))

    monkeypatch.setattr(os, "replace", replace)
    status, stdout, err = run(EN, "--press", "--png", "--out-dir", out)
    monkeypatch.undo()
    assert status == 1 and "ok  " not in stdout
    stem = out / "ct-human-trafficking-en-letter-press"
    written = [f"{stem}.pdf", f"{stem}-outside.png"]
    missing = [f"{stem}-inside.png", f"{stem}-folded.png"]
    assert sorted(str(p) for p in out.iterdir()) == sorted(written)  # and no temporary file
    assert [str(p) for p in renamed] == written
    assert f"cannot write '{missing[0]}': Input/output error" in err
    failed = f"FAILED  {display_path(EN)}: written: {', '.join(written)}; "
    assert failed + f"NOT written (the previous versions stay): {', '.join(missing)}" in err


def test_a_real_full_disk(tmp_path):
    folder = tmp_path / "small"
    folder.mkdir()
    result = _in_private_mounts(
        f"mount -t tmpfs -o size=300k tmpfs {folder} && "
        f"{_render_command(EN, '--bundle', '--out-dir', folder / 'out')}; echo status=$?; ls -A {folder / 'out'}"
    )
    assert result.stdout.splitlines() == ["status=1"], (result.stdout, result.stderr)  # and out/ is empty
    assert f"error: cannot write '{folder / 'out'}/ct-human-trafficking-en-" in result.stderr
    assert "No space left on device" in result.stderr and ".brochure-" not in result.stderr


# --- 3. stopping a run: workers end with the parent; one line; no temporary file ---------------------------


def _data_with_editions(tmp_path: Path, count: int) -> Path:
    """A brochure on Letter only with `count` copies of the English edition: a run of a few seconds."""
    folder = tmp_path / "data" / "ct"
    folder.mkdir(parents=True)
    for name in ("brochure.yaml", "contacts.yaml"):
        shutil.copy(DATA / name, folder / name)
    edit(folder / "brochure.yaml", "papers: [letter, a4]", "papers: [letter]")
    for index in range(count):
        shutil.copy(DATA / "en.yaml", folder / f"e{index}.yaml")
    return folder.parent


def _start_all(tmp_path: Path, count: int = 4) -> tuple[subprocess.Popen, Path]:
    data = _data_with_editions(tmp_path, count)
    log = tmp_path / "log"
    log.mkdir()
    with open(log / "stdout", "w") as stdout, open(log / "stderr", "w") as stderr:  # the child keeps its copies
        process = subprocess.Popen(
            [sys.executable, str(ROOT / "render.py"), "--all", "--data", str(data), "--out-dir", "out", "--jobs", "2"],
            cwd=tmp_path,
            stdout=stdout,
            stderr=stderr,
            start_new_session=True,  # its own process group, as a terminal's foreground job
        )
    return process, log


def _children(pid: int) -> list[int]:
    """The processes whose parent is `pid` (Linux /proc)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except (OSError, IndexError):
                continue
            if int(fields[1]) == pid:
                found.append(int(entry.name))
    return found


def _running(pid: int) -> bool:
    try:
        state = (Path("/proc") / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state != "Z"  # a zombie has ended; it only waits to be reaped


def _wait_for(condition, seconds: float = TIMEOUT) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return False


def _stop(process: subprocess.Popen, workers: list[int]) -> None:
    """Leave nothing running, whatever the test found."""
    for pid in [process.pid, *workers]:
        if _running(pid):
            os.kill(pid, signal.SIGKILL)
    process.wait(timeout=30)


needs_proc = pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="finds the workers in /proc (Linux)")


@needs_proc
def test_killing_the_parent_ends_the_workers_and_nothing_more_is_written(tmp_path):
    process, _ = _start_all(tmp_path)
    workers: list[int] = []
    try:
        assert _wait_for(lambda: len(_children(process.pid)) >= 2), "the workers never started"
        workers = _children(process.pid)
        process.kill()
        process.wait(timeout=30)
        written = _tree(tmp_path / "out") if (tmp_path / "out").exists() else {}
        assert _wait_for(lambda: not any(_running(pid) for pid in workers), 10), "workers outlived their parent"
        time.sleep(1)
        assert (_tree(tmp_path / "out") if (tmp_path / "out").exists() else {}) == written
    finally:
        _stop(process, workers)


def _interrupt(tmp_path: Path, send) -> tuple[int, str, str, list[int]]:
    """Start --all, wait until the first edition is written, `send` a signal, and return what happened."""
    process, log = _start_all(tmp_path)
    workers: list[int] = []
    try:
        assert _wait_for(lambda: "ok  " in (log / "stdout").read_text()), (log / "stderr").read_text()
        workers = _children(process.pid)
        send(process)
        status = process.wait(timeout=60)
        assert _wait_for(lambda: not any(_running(pid) for pid in workers), 10), "workers outlived the run"
    finally:
        _stop(process, workers)
    return status, (log / "stdout").read_text(), (log / "stderr").read_text(), workers


def _assert_each_edition_all_or_nothing(out: Path, interrupted_line: str) -> None:
    files = [p.name for p in out.iterdir()]
    assert not [name for name in files if name.startswith(".")], files  # no temporary file left
    for index in range(4):
        mine = [name for name in files if name.startswith(f"ct-e{index}-")]
        # office PDF and its 3 proofs, press, instructions, screen, preflight report
        assert len(mine) in (0, 8), mine
        assert (f"e{index}.yaml" in interrupted_line.split("; nothing written for")[0]) == bool(mine)


@needs_proc
def test_sigterm_stops_the_run_with_one_line_and_143(tmp_path):
    status, stdout, stderr, workers = _interrupt(tmp_path, lambda process: process.send_signal(signal.SIGTERM))
    assert status == 143, stderr
    assert "Traceback" not in stderr and len(workers) == 2
    [line] = [line for line in stderr.splitlines() if line.startswith("interrupted")]
    assert stderr.rstrip().endswith(line)
    assert "files written for" in line and "nothing written for" in line
    _assert_each_edition_all_or_nothing(tmp_path / "out", line)


@needs_proc
def test_ctrl_c_stops_the_run_with_one_line_and_130(tmp_path):
    # a terminal sends Ctrl-C to the whole foreground process group: the parent and its workers
    status, stdout, stderr, _ = _interrupt(tmp_path, lambda process: os.killpg(process.pid, signal.SIGINT))
    assert status == 130, stderr
    assert "Traceback" not in stderr and "KeyboardInterrupt" not in stderr
    [line] = [line for line in stderr.splitlines() if line.startswith("interrupted")]
    assert stderr.rstrip().endswith(line)
    _assert_each_edition_all_or_nothing(tmp_path / "out", line)


def test_ctrl_c_while_an_edition_is_written_takes_effect_once_it_is_complete(tmp_path, monkeypatch):
    real_replace = os.replace

    def replace(source, target):
        signal.raise_signal(signal.SIGINT)  # Ctrl-C between two renames
        real_replace(source, target)

    monkeypatch.setattr(os, "replace", replace)
    files = [OutFile(tmp_path / f"{index}.pdf", b"%PDF-new") for index in range(3)]
    with pytest.raises(KeyboardInterrupt):
        output.commit(files, {})
    assert sorted(p.name for p in tmp_path.iterdir()) == ["0.pdf", "1.pdf", "2.pdf"]


def test_the_next_run_removes_stale_temporary_files_of_a_killed_run(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    ended = subprocess.Popen([sys.executable, "-c", "pass"])
    ended.wait(timeout=TIMEOUT)
    alive = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(120)"])
    try:
        stale = out / f".brochure-{ended.pid}-abcd1234.tmp"  # its run was killed
        busy = out / f".brochure-{alive.pid}-abcd1234.tmp"  # another run, still writing
        old = out / f".brochure-{alive.pid}-old12345.tmp"  # its pid was reused since
        someone_elses = out / ".notes.tmp"
        for path in (stale, busy, old, someone_elses):
            path.write_bytes(b"half a PDF")
        hour_ago = time.time() - 2 * output.STALE_AFTER
        os.utime(old, (hour_ago, hour_ago))
        status, _, err = run(EN, "--out-dir", out)
        assert status == 0, err
        assert not stale.exists() and not old.exists()
        assert busy.exists() and someone_elses.exists()
    finally:
        alive.kill()
        alive.wait(timeout=30)


# --- 4. two editions with the same output names ----------------------------------------------------------


def test_editions_whose_outputs_collide_are_refused_naming_both(tmp_path):
    data = tmp_path / "data"
    for brochure, edition in (("ct", "x-en.yaml"), ("ct-x", "en.yaml")):
        (data / brochure).mkdir(parents=True)
        for name in ("brochure.yaml", "contacts.yaml"):
            shutil.copy(DATA / name, data / brochure / name)
        shutil.copy(DATA / "en.yaml", data / brochure / edition)
    shutil.copy(DATA / "en.yaml", data / "ct" / "en.yaml")  # no collision: rendered
    status, stdout, err = run("--all", "--data", data, "--out-dir", tmp_path / "out", "--jobs", "1")
    assert status == 1
    first, second = data / "ct" / "x-en.yaml", data / "ct-x" / "en.yaml"
    assert f"{first}: error: its output files would have the same names as those of {second} (ct-x-en-...)" in err
    assert f"{second}: error: its output files would have the same names as those of {first} (ct-x-en-...)" in err
    assert not list((tmp_path / "out").glob("ct-x-*"))
    assert len(list((tmp_path / "out").glob("ct-en-*"))) > 0
    assert "1 of 3 editions ok" in stdout and stdout.count("ok  ") == len(list((tmp_path / "out").glob("*.pdf")))


# --- 17. a console that is not UTF-8 -------------------------------------------------------------------------


def test_a_console_that_is_not_utf8_gets_escapes_not_a_traceback(tmp_path):
    target = tmp_path / "手册.pdf"
    env = {**os.environ, "PYTHONIOENCODING": "cp1252"}
    command = [sys.executable, "render.py", str(EN), "-o", str(target)]
    result = subprocess.run(command, cwd=ROOT, capture_output=True, env=env, timeout=TIMEOUT)
    assert result.returncode == 0 and b"Traceback" not in result.stderr, result.stderr
    assert target.read_bytes().startswith(b"%PDF-")
    assert "\\u624b\\u518c.pdf  2 pages" in result.stdout.decode("cp1252")
    command[-1] = str(tmp_path / "文件夹" / "x.pdf")
    result = subprocess.run(command, cwd=ROOT, capture_output=True, env=env, timeout=TIMEOUT)
    assert result.returncode == 1 and b"Traceback" not in result.stderr
    assert "\\u6587\\u4ef6\\u5939' does not exist" in result.stderr.decode("cp1252")


# --- 18 and 27. the output folder is checked before anything is rendered -------------------------------------


def test_an_out_dir_that_is_a_file_is_refused_before_rendering(tmp_path, monkeypatch):
    import brochure.run

    monkeypatch.setattr(brochure.run, "make_edition", lambda *args: pytest.fail("rendered before checking"))
    (tmp_path / "out").write_text("a file", encoding="utf-8")
    status, _, err = run("--all", "--out-dir", tmp_path / "out")
    assert status == 1 and f"error: output folder '{tmp_path / 'out'}' is a file, not a folder" in err
    status, _, err = run("--all", "--out-dir", tmp_path / "out" / "sub")
    assert status == 1 and f"output folder '{tmp_path / 'out' / 'sub'}' cannot be made: '{tmp_path / 'out'}'" in err
    assert "internal error" not in err


def test_a_read_only_folder_refuses_even_root(tmp_path):
    folder = tmp_path / "readonly"
    folder.mkdir()
    result = _in_private_mounts(
        f"mount -t tmpfs -o ro tmpfs {folder} && {_render_command(EN, '-o', folder / 'x.pdf')}; echo status=$?"
    )
    assert "status=1" in result.stdout
    assert f"error: cannot write to folder '{folder}'" in result.stderr


@pytest.mark.parametrize("status", [130, 143])
def test_an_interrupted_run_ends_even_if_a_thread_would_hold_up_the_exit(status):
    """After Ctrl-C or SIGTERM the command ends at once, with its status and its last line printed: a thread
    that never ends (as the process pool's manager thread can, blocked on a result a stopped worker had only
    half written) does not keep it alive. The same thread holds up a normal exit, which is why this is needed."""
    script = (
        "import threading, sys\n"
        "from brochure import cli\n"
        "threading.Thread(target=threading.Event().wait).start()  # never ends, not a daemon\n"
        f"def main():\n    print('interrupted', file=sys.stderr)\n    return {status}\n"
        "cli.main = main\n"
        "cli.command_line()\n"
    )
    ended = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=TIMEOUT)
    assert ended.returncode == status and ended.stderr == "interrupted\n"
    normal = script.replace(f"return {status}", "return 0")
    with pytest.raises(subprocess.TimeoutExpired):  # the check above would fail without os._exit
        subprocess.run([sys.executable, "-c", normal], cwd=ROOT, capture_output=True, timeout=3)
