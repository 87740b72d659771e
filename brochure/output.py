"""Writing files so that a failed or interrupted run never damages what is already there.

In:  the files one edition makes (`OutFile`: a path and its bytes) and the input files of
     the run (which must never be written over).
Out: `Committed`: which files were written and, if something went wrong, what and where.

Rules, in the order they are checked (README, "What a run writes"):
- a target must be a regular file or not exist yet: never a folder, a device, a named pipe
  or a socket;
- never an input of the run (the edition, brochure.yaml, contacts.yaml, the source edition,
  an image, a font), however it is reached (another spelling, a symbolic or hard link);
- an existing file is written over only if it is of the kind we write there (a PDF for
  .pdf, a PNG for .png, a preflight report for .json) or empty;
- a symbolic link is followed: the file it points to is written and the link stays.

Writing is two-phase, so that an edition is all or nothing: every file goes to a hidden
temporary file beside its target (same file system, so the rename is atomic) and is
flushed to disk; only when all of them are there are they renamed over the targets.
A full disk therefore leaves every old file. Ctrl-C and SIGTERM are held back while an
edition is written (then they take effect), and a SIGKILL can at worst leave hidden
temporary files, which the next run removes (`remove_stale_temporaries`).
Our temporary files are named `.brochure-<pid>-<random>.tmp`; messages always name the
target, never them.
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import re
import signal
import stat
import tempfile
import threading
import time
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from types import FrameType

from .diagnostics import display_path
from .files import kind_of

TEMP_PREFIX = ".brochure-"
TEMP_SUFFIX = ".tmp"
_TEMP_NAME = re.compile(r"^\.brochure-(\d+)-[A-Za-z0-9_]+\.tmp$")
STALE_AFTER = 3600.0  # seconds: older temporary files are stale even if their pid is alive again (pid reuse)
_HEAD = 1024  # bytes read to recognise an existing file


@dataclass(frozen=True)
class OutFile:
    """One file to write: where, and its complete contents."""

    path: Path
    data: bytes


@dataclass(frozen=True)
class Problem:
    """Why a path cannot be written, for a person: the message and what to do."""

    message: str
    hint: str


@dataclass(frozen=True)
class Committed:
    """What `commit` did: the files written (in order) and, if it stopped, why."""

    written: tuple[Path, ...]
    not_written: tuple[Path, ...] = ()
    problem: Problem | None = None

    @property
    def ok(self) -> bool:
        return self.problem is None


def file_kind(path: Path) -> str:
    """What is at `path`, following symbolic links: "missing", "file", "folder", "device",
    "named pipe (FIFO)", "socket" or "not a regular file" (see `files.kind_of`). Every output check
    asks here (tests monkeypatch it to stand in for a device)."""
    try:
        mode = os.stat(path).st_mode
    except (FileNotFoundError, NotADirectoryError):  # the latter: a file stands where a folder of the path would
        return "missing"
    return kind_of(mode)


def real_target(path: Path) -> Path:
    """The file a write to `path` changes: `path` itself, or the file its symbolic link(s) point to."""
    return Path(os.path.realpath(path)) if path.is_symlink() else path


def folder_problem(folder: Path, option: str) -> Problem | None:
    """Why files cannot be written into `folder`, or None.

    `option` names the command-line option that chose it: `-o` needs an existing folder,
    `--out-dir` is created if missing (then the nearest existing folder above it counts).
    Checked before anything is rendered, so a wrong folder costs no time.
    """
    shown = display_path(folder)
    kind = file_kind(folder)
    existing = folder
    if kind == "missing":
        if folder.is_symlink():
            return Problem(f"output folder '{shown}' is a symbolic link to nothing", "fix the link or remove it")
        if option == "-o":
            return Problem(f"output folder '{shown}' does not exist", "create it first, or choose another -o path")
        while file_kind(existing) == "missing" and existing != existing.parent:
            existing = existing.parent
        above = file_kind(existing)
        if above != "folder":
            return Problem(
                f"output folder '{shown}' cannot be made: '{display_path(existing)}' is a {above}",
                f"choose another {option} folder",
            )
    elif kind != "folder":
        return Problem(f"output folder '{shown}' is a {kind}, not a folder", f"choose another {option} folder")
    # os.access answers for root too when the file system is mounted read-only (EROFS)
    if not os.access(existing, os.W_OK | os.X_OK):
        hint = f"choose an {option} path in a folder you can write to"
        return Problem(f"cannot write to folder '{display_path(existing)}'", hint)
    return None


def target_problem(path: Path, inputs: Mapping[Path, str]) -> Problem | None:
    """Why `path` must not be written, or None.

    `inputs` maps each input file of the run to what it is ("the edition", "an image of
    the edition", ...); a target that is one of them, by any name, is refused.
    """
    shown = display_path(path)
    if path.is_symlink() and not path.exists():
        return Problem(
            f"'{shown}' is a symbolic link to '{os.readlink(path)}', which does not exist",
            "fix the link or remove it; a link is followed, and the file it points to is written",
        )
    real = real_target(path)
    kind = file_kind(real)
    if kind == "missing":
        return None
    if kind != "file":
        hint = "give the name of a file, e.g. brochure.pdf" + (" (or use --out-dir)" if kind == "folder" else "")
        return Problem(f"will not write to '{shown}': it is a {kind}, not a file", hint)
    role = _input_role(real, inputs)
    if role:
        return Problem(
            f"will not write over '{shown}': it is {role}",
            "a run never writes over a file it reads: choose another output name (without -o, files go to out/)",
        )
    expected = _expected_kind(real)
    if not _is_kind(real, expected):
        return Problem(
            f"will not write over '{shown}': it is not {expected}",
            "choose another output name, or move that file away if it really is to be replaced",
        )
    return None


def _input_role(real: Path, inputs: Mapping[Path, str]) -> str:
    """What `real` is among the inputs ("" if none), compared as files on disk: a hard link or another
    spelling of an input is that input."""
    try:
        status = os.stat(real)
    except OSError:
        return ""
    for path, role in inputs.items():
        with contextlib.suppress(OSError):
            other = os.stat(path)
            if (other.st_dev, other.st_ino) == (status.st_dev, status.st_ino):
                return role
    return ""


def _expected_kind(path: Path) -> str:
    """What a file of ours with this name holds (anything we write that is not a PNG or a report is a PDF)."""
    return {".pdf": "a PDF", ".png": "a PNG image", ".json": "a preflight report"}.get(path.suffix.lower(), "a PDF")


def _is_kind(path: Path, expected: str) -> bool:
    """Whether the existing file at `path` is one we may replace: of the expected kind, or empty."""
    try:
        with open(path, "rb") as stream:
            head = stream.read(_HEAD)
            if not head:
                return True
            if expected == "a PDF":
                return b"%PDF-" in head
            if expected == "a PNG image":
                return head.startswith(b"\x89PNG\r\n\x1a\n")
            stream.seek(0)
            report = json.loads(stream.read(50_000_000))
            return isinstance(report, list) and all(isinstance(r, dict) and "file" in r for r in report)
    except (OSError, ValueError):
        return False


def commit(files: Iterable[OutFile], inputs: Mapping[Path, str]) -> Committed:
    """Write every file, or none if any cannot be written; never raises OSError.

    Each target is checked (`target_problem`), then every file is written to a temporary
    file beside its target and flushed; only then are they renamed over the targets. If a
    rename fails (rare: the data are already on disk), the files renamed before it are
    listed in `written`, the rest in `not_written`.
    """
    files = list(files)
    paths = tuple(f.path for f in files)
    for item in files:
        problem = target_problem(item.path, inputs)
        if problem:
            return Committed((), paths, problem)
    staged: list[tuple[Path, str]] = []  # (target, temporary) in the order of `files`
    done = 0
    with signals_held():
        try:
            for item in files:
                real = real_target(item.path)
                try:
                    real.parent.mkdir(parents=True, exist_ok=True)
                    staged.append((real, _stage(real, item.data)))
                except OSError as error:
                    return Committed((), paths, _write_problem(item.path, error))
            for real, temporary in staged:
                try:
                    os.replace(temporary, real)
                except OSError as error:
                    return Committed(paths[:done], paths[done:], _write_problem(paths[done], error))
                done += 1
        finally:
            for _, temporary in staged[done:]:  # whatever was not renamed, however we leave
                with contextlib.suppress(OSError):
                    os.unlink(temporary)
    for folder in {real.parent for real, _ in staged}:
        _sync_folder(folder)
    return Committed(paths)


def _write_problem(path: Path, error: OSError) -> Problem:
    """The message for a failed write: always the target's name, never our temporary file's."""
    reason = error.strerror or str(error)
    if error.errno == errno.ENOSPC:
        hint = "free some space on that disk, or choose another --out-dir or -o"
    elif error.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        hint = "choose an output folder you can write to"
    else:
        hint = "check the disk and the folder, then run again"
    return Problem(f"cannot write '{display_path(path)}': {reason}", hint)


def _stage(real: Path, data: bytes) -> str:
    """Write `data` to a new temporary file beside `real`, flushed to disk; return its name.

    The temporary file gets the mode the target will keep: the existing file's, or the one
    the umask gives a new file (mkstemp's 0600 would otherwise stick).
    """
    handle, temporary = tempfile.mkstemp(dir=real.parent, prefix=f"{TEMP_PREFIX}{os.getpid()}-", suffix=TEMP_SUFFIX)
    try:
        try:
            _write_bytes(handle, data)
            os.fsync(handle)
        finally:
            os.close(handle)
        _keep_owner_and_mode(real, temporary)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
    return temporary


def _write_bytes(handle: int, data: bytes) -> None:
    """Write all of `data` to the open file `handle` (a seam for the full-disk tests)."""
    view = memoryview(data)
    while view:
        view = view[os.write(handle, view) :]


def _keep_owner_and_mode(real: Path, temporary: str) -> None:
    """Give the temporary file the mode (and, where allowed, the owner and group) of the file it
    replaces; a new file gets the mode the umask gives, as if it had been created directly."""
    try:
        old = os.stat(real)
    except FileNotFoundError:
        os.chmod(temporary, 0o666 & ~_umask())
        return
    with contextlib.suppress(OSError, AttributeError):  # only root may give a file away
        if (old.st_uid, old.st_gid) != (os.getuid(), os.getgid()):
            os.chown(temporary, old.st_uid, old.st_gid)
    os.chmod(temporary, stat.S_IMODE(old.st_mode))  # after chown, which may clear set-id bits


def _umask() -> int:
    """The process's umask. Reading it means setting it, so it is set straight back (no files are
    created in between: the only threads of ours do not create files)."""
    current = os.umask(0o022)
    os.umask(current)
    return current


def _sync_folder(folder: Path) -> None:
    """Flush a folder's entries to disk, so the renames survive a power cut (best effort)."""
    with contextlib.suppress(OSError, AttributeError):
        handle = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
        try:
            os.fsync(handle)
        finally:
            os.close(handle)


@contextlib.contextmanager
def signals_held() -> Iterator[None]:
    """Hold back Ctrl-C and SIGTERM while an edition is committed (and recorded), so it is never half-written.

    A signal that arrives meanwhile is only noted, and raised again at the end, where its usual
    handler runs (KeyboardInterrupt for Ctrl-C). Python handlers rather than a signal mask,
    because the kernel may hand a signal to any thread (the process pool has some), while
    Python runs every handler in the main thread. Elsewhere than the main thread: no shield.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    pending: list[int] = []

    def note(signum: int, frame: FrameType | None) -> None:
        pending.append(signum)

    previous = {number: signal.signal(number, note) for number in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, signal.SIG_DFL if handler is None else handler)  # None: not set from Python
        if pending:
            signal.raise_signal(pending[0])


def remove_stale_temporaries(folder: Path) -> list[Path]:
    """Remove our temporary files left in `folder` by a run that was killed; return them.

    A temporary file is stale when the process that made it (its pid is in the name) is
    gone, or when it is older than an hour. Other files are never touched.
    """
    removed: list[Path] = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return removed
    for entry in entries:
        match = _TEMP_NAME.match(entry.name)
        if not match or not entry.is_file(follow_symlinks=False):
            continue
        pid = int(match.group(1))
        with contextlib.suppress(OSError):
            old = time.time() - entry.stat(follow_symlinks=False).st_mtime > STALE_AFTER
            if pid != os.getpid() and (old or not _alive(pid)):
                os.unlink(entry.path)
                removed.append(Path(entry.path))
    return removed


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process
        return True
    return True
