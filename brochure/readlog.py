"""What making an edition read: every data file opened and every folder listed, whichever module did it.

In:  a piece of work run inside `reading()` (making one edition, or its review sheet).
Out: `Reads`: each file opened for reading with the digest of its bytes *before* it was read,
     and each folder listed with the digest of its names. `buildstate.py` keeps them, so a later
     run can tell whether anything the edition was made from has changed.

The files are seen through Python's audit events ("open", "os.listdir", "os.scandir"), so the
list is the one the load actually read (YAML, fonts, images, SVG logos, the press profile, the
term list, the source edition and what it read), not a list kept by hand beside the loader.
Python's own files and brochure's code are left out (the code is digested as a whole by
`buildstate.code_digest`), and so is the font cache (it only saves time). A file is digested
when it is first opened, before the opener reads it: if it changes afterwards, during the run,
the digest kept is the old one, so the next run sees the change and makes the edition again.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

ABSENT = "-"  # the digest of a file or folder that is not there


@dataclass(frozen=True)
class Reads:
    """Absolute paths of the files and folders a piece of work read, each with its digest."""

    files: dict[str, str]
    folders: dict[str, str]


class _Log:
    """What the running piece of work has opened so far (paths and digests)."""

    def __init__(self, excluded: tuple[str, ...]):
        self.excluded = excluded
        # Python's import system lists the folders of sys.path to find a module imported for the first time:
        # that is not the work reading them.
        self.import_folders = frozenset(os.path.abspath(entry or ".") for entry in sys.path)
        self.files: dict[str, str] = {}
        self.folders: dict[str, str] = {}
        self.busy = False  # digesting: our own opens are not the work's


_log: _Log | None = None
_hooked = False


def _hook(event: str, args: tuple[object, ...]) -> None:
    """Python's audit hook: note the data files the running work opens for reading, and the folders it lists."""
    log = _log
    if log is None or log.busy or event not in ("open", "os.listdir", "os.scandir"):
        return
    target = args[0] if args else None
    if target is None and event != "open":
        target = "."
    if not isinstance(target, str | bytes | os.PathLike):
        return  # a file descriptor: its file was noted when it was opened
    if event == "open" and not _for_reading(args):
        return
    path = os.path.abspath(os.fsdecode(target))
    known = log.folders if event != "open" else log.files
    if path in known or path.startswith(log.excluded) or (event != "open" and path in log.import_folders):
        return
    log.busy = True
    try:
        known[path] = folder_digest(path) if event != "open" else file_digest(path)
    finally:
        log.busy = False


def _for_reading(args: tuple[object, ...]) -> bool:
    mode, flags = (args[1], args[2]) if len(args) >= 3 else ("r", 0)
    if isinstance(mode, str):
        return not any(letter in mode for letter in "wax+")
    return isinstance(flags, int) and flags & (os.O_WRONLY | os.O_RDWR) == 0


@contextlib.contextmanager
def reading(excluded: Iterable[Path] = ()) -> Iterator[_Log]:
    """Note what the work inside reads; `excluded` folders (and Python's and brochure's own) are left out."""
    global _log, _hooked
    if not _hooked:
        sys.addaudithook(_hook)  # a process keeps its audit hooks; it does nothing outside `reading`
        _hooked = True
    package = Path(__file__).resolve().parent
    roots = {sys.prefix, sys.base_prefix, sys.exec_prefix, str(package), "/proc", "/sys", "/dev"}
    roots.update(str(Path(folder).absolute()) for folder in excluded)
    previous, _log = _log, _Log(tuple(root.rstrip(os.sep) + os.sep for root in sorted(roots)))
    try:
        yield _log
    finally:
        _log = previous


def reads_of(log: _Log, also: Iterable[Path] = (), folders: Iterable[Path] = ()) -> Reads:
    """What `log` saw, plus files (`also`) and folders a run depends on even when nothing opened
    them this time: a file kept parsed from an earlier edition, a folder whose new file would be found."""
    files = dict(log.files)
    for path in also:
        files.setdefault(os.path.abspath(path), file_digest(path))
    listed = dict(log.folders)
    for folder in folders:
        listed.setdefault(os.path.abspath(folder), folder_digest(folder))
    return Reads(files, listed)


def file_digest(path: str | Path) -> str:
    """SHA-256 of a regular file's bytes; ABSENT if it is not one (missing, a folder)."""
    try:
        with open(path, "rb") as file:
            return hashlib.file_digest(file, "sha256").hexdigest()
    except OSError:
        return ABSENT


def folder_digest(path: str | Path) -> str:
    """SHA-256 of a folder's entry names, sorted; ABSENT if it is not a folder."""
    try:
        names = sorted(os.listdir(path))
    except OSError:
        return ABSENT
    return hashlib.sha256("\0".join(names).encode("utf-8", "surrogateescape")).hexdigest()
