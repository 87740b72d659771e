"""Which editions are up to date (`--changed`): what each was made from and what it wrote, kept between runs.

In:  the output folder, what the run makes (`signature`: its options, or "review"), and, for
     each edition made, what it read (`readlog.Reads`) and the files it wrote.
Out: for an edition file, its `Entry` when making it again would change nothing, else None.

An edition is up to date when every file it read (`readlog`: the edition, brochure.yaml,
contacts.yaml, the source edition and what that read, images, logos, fonts, the press profile,
the term list; and the folders it listed, the font search path) has the same bytes as when it
was made (digests, never times), every file it wrote is still there with the same bytes, the
same products were asked for, and the code is the same (`code_digest`: brochure's own files,
the installed packages, Python). The record is one JSON file in the output folder
(`STATE_FILE`), written whole to a temporary file and renamed over the old one, and updated
after each edition is written; a failed edition is taken out of it, so it is made next time.
A damaged or foreign file counts as empty: everything is made again.
"""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import hashlib
import json
import os
import platform
import sys
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .diagnostics import display_path
from .load import BROCHURE_FILE, CONTACTS_FILE
from .output import TEMP_PREFIX, TEMP_SUFFIX
from .products import EditionResult, Options, make_edition, source_files
from .readlog import ABSENT, Reads, file_digest, folder_digest, reading, reads_of

STATE_FILE = ".brochure-state.json"
FORMAT = "brochure-state 1"
# What only changes what is printed, or where: not what an edition's files contain.
_NOT_IN_SIGNATURE = frozenset(("check", "preflight", "strict", "output", "out_dir"))


@dataclass(frozen=True)
class Entry:
    """One edition as made: what it read and wrote, and what it printed (replayed while it is up to date)."""

    signature: str
    files: dict[str, str]  # absolute path -> digest (readlog.ABSENT: must still be missing)
    folders: dict[str, str]
    outputs: dict[str, str]  # file name in the output folder -> digest
    problems: tuple[str, ...] = ()  # its warnings, formatted, as printed
    folder: str = ""  # the brochure's folder and its contacts, for the per-brochure warnings
    contacts_used: tuple[str, ...] = ()
    unused_contacts: dict[str, str] = dataclasses.field(default_factory=dict)  # contact id -> formatted warning

    @classmethod
    def from_json(cls, data: Any) -> Entry:
        """Raises ValueError (or TypeError, KeyError) for anything that is not an entry we wrote."""
        return cls(
            signature=str(data["signature"]),
            files=_digests(data["files"]),
            folders=_digests(data["folders"]),
            outputs=_digests(data["outputs"]),
            problems=tuple(str(p) for p in data["problems"]),
            folder=str(data["folder"]),
            contacts_used=tuple(str(c) for c in data["contacts_used"]),
            unused_contacts={str(k): str(v) for k, v in dict(data["unused_contacts"]).items()},
        )


def _digests(data: Any) -> dict[str, str]:
    if not isinstance(data, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in data.items()):
        raise ValueError("not a table of digests")
    return dict(data)


def signature_of(options: object) -> str:
    """What a run makes of each edition, from its options (a dataclass): the fields that change the files."""
    assert dataclasses.is_dataclass(options)
    chosen = {f.name: repr(getattr(options, f.name)) for f in dataclasses.fields(options)}
    return json.dumps({k: v for k, v in chosen.items() if k not in _NOT_IN_SIGNATURE}, sort_keys=True)


@functools.cache
def code_digest() -> str:
    """A digest of what makes the files besides the data: brochure's own files (code, messages, profiles,
    templates), the names and versions of the installed packages (brochure's own among them, when it is
    installed: its dist-info folder is named after its version), Python's version and the machine."""
    digest = hashlib.sha256(f"{FORMAT}\n{sys.version}\n{sys.platform}\n{platform.machine()}\n".encode())
    package = Path(__file__).resolve().parent
    for file in sorted(package.rglob("*")):
        if "__pycache__" not in file.parts and file.is_file():
            digest.update(f"{file.relative_to(package).as_posix()} {file_digest(file)}\n".encode())
    installed: set[str] = set()  # the installed distributions, by name and version: pins and upgrades alike
    for entry in sys.path:
        with contextlib.suppress(OSError):
            installed.update(name for name in os.listdir(entry or ".") if name.endswith(".dist-info"))
    digest.update(" ".join(sorted(installed)).encode())
    return digest.hexdigest()


class BuildState:
    """The record of one output folder for one kind of run; `problem` says why an old record was not used."""

    def __init__(self, folder: Path, signature: str):
        self.path = folder / STATE_FILE
        self.signature = signature
        self.problem: str | None = None
        self._files: dict[str, str] = {}  # digests taken during this run, each file once
        self._folders: dict[str, str] = {}
        entries = self._read()
        self._entries = entries or {}
        if entries is None:
            self.problem = (
                f"note: {display_path(self.path)} is not a record brochure can read (damaged, or from another "
                "program): every edition is made again"
            )

    def _read(self) -> dict[str, Entry] | None:
        """The entries of the record (none if there is none, or it is from other code); None if damaged."""
        try:
            text = self.path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return {}
        except (OSError, UnicodeDecodeError):
            return None
        try:
            data = json.loads(text)
            if not isinstance(data, dict) or data.get("format") != FORMAT:
                return None
            if data.get("code") != code_digest():
                return {}  # brochure, a package or Python changed: every edition is made again
            return {str(key): Entry.from_json(value) for key, value in dict(data["editions"]).items()}
        except (ValueError, TypeError, KeyError, AttributeError):
            return None

    def _key(self, edition: Path) -> str:
        return f"{self.signature}\n{edition.resolve()}"

    def up_to_date(self, edition: Path, strict: bool = False) -> Entry | None:
        """The entry of `edition` if making it again would write the same files, else None.

        With `strict`, an edition that had warnings is made again: --strict then fails on them, as
        it would have when the edition was made (one without warnings passes --strict unchanged).
        """
        entry = self._entries.get(self._key(edition))
        if entry is None or entry.signature != self.signature or (strict and entry.problems):
            return None
        for path, digest in entry.files.items():
            if self._files.setdefault(path, file_digest(path)) != digest:
                return None
        for path, digest in entry.folders.items():
            if self._folders.setdefault(path, folder_digest(path)) != digest:
                return None
        folder = self.path.parent
        if any(file_digest(folder / name) != digest for name, digest in entry.outputs.items()):
            return None
        return entry

    def record(self, edition: Path, entry: Entry) -> None:
        """Keep `entry` for `edition`, once all its files are written."""
        self._update(edition, entry)

    def forget(self, edition: Path) -> None:
        """Take `edition` out of the record: it failed, or what it read could not be digested."""
        self._update(edition, None)

    def _update(self, edition: Path, entry: Entry | None) -> None:
        # Read again first: another run into this folder may have recorded its editions meanwhile.
        entries = self._read() or {}
        key = self._key(edition)
        if entry is None and key not in entries:
            return
        entries.pop(key, None)
        if entry is not None:
            entries[key] = entry
        data = {
            "format": FORMAT,
            "code": code_digest(),
            "editions": {k: dataclasses.asdict(v) for k, v in sorted(entries.items())},
        }
        _write_atomically(self.path, json.dumps(data, indent=1, ensure_ascii=False) + "\n")


def new_entry(signature: str, reads: Reads, outputs: Mapping[Path, bytes], out_dir: Path, **facts: Any) -> Entry:
    """An entry from what an edition read and the bytes of the files it wrote into `out_dir`; `facts`:
    the other fields of `Entry` (its warnings, its brochure's folder and contacts)."""
    return Entry(
        signature=signature,
        files=dict(reads.files),
        folders=dict(reads.folders),
        outputs={os.path.relpath(path, out_dir): hashlib.sha256(data).hexdigest() for path, data in outputs.items()},
        **facts,
    )


@dataclass(frozen=True)
class RecordedResult(EditionResult):
    """An edition's result with what making it read (None: it failed, nothing to keep)."""

    reads: Reads | None = None


def make_recorded(path: Path, options: Options) -> EditionResult:
    """`make_edition`, noting what it reads (in a worker of --all, or in this process)."""
    with reading(excluded=state_caches()) as log:
        result = make_edition(path, options)
    if result.failed:
        return result
    # The files the loaded edition names, in case one was kept parsed from an earlier edition of this
    # process and so not opened again; not the other editions of the folder, which it only lists.
    listed = source_files(path)
    own = {path, path.parent / BROCHURE_FILE, path.parent / CONTACTS_FILE}
    named = [p for p, what in result.inputs.items() if p in own or listed.get(p) != what]
    reads = reads_of(log, also=[*named, *probed_files(path)], folders=probed_folders(path))
    fields = {f.name: getattr(result, f.name) for f in dataclasses.fields(result)}
    return RecordedResult(**fields, reads=reads)


def probed_files(edition: Path) -> list[Path]:
    """Files whose mere presence changes what an edition makes, looked for whether or not they are there
    (a missing file opens nothing, so `readlog` cannot see it): the brochure's term list."""
    from .terms import TERMS_FILE

    return [edition.parent / TERMS_FILE]


def probed_folders(edition: Path) -> list[Path]:
    """Folders where a new file would change what is found: the font search path (a family added to the
    brochure's fonts/ is chosen before the bundled one of the same name)."""
    from .fonts import search_path

    return list(search_path(edition.parent))


def state_caches() -> list[Path]:
    """Folders of files read only to save time (parsed fonts, phone answers, hyphenation patterns): never an
    input."""
    from .fontcache import cache_root

    folder = cache_root()
    return [folder] if folder is not None else []


def _write_atomically(path: Path, text: str) -> None:
    """Write to a temporary file beside `path` (named like output.py's, so a killed run's is cleaned up),
    then rename it over `path`. A record that cannot be written is not an error: the next run makes more."""
    try:
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f"{TEMP_PREFIX}{os.getpid()}-", suffix=TEMP_SUFFIX)
    except OSError:
        return
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as file:
            file.write(text)
        os.replace(temporary, path)
    except OSError:
        with contextlib.suppress(OSError):
            os.unlink(temporary)


__all__ = ["ABSENT", "STATE_FILE", "BuildState", "Entry", "RecordedResult", "code_digest", "make_recorded", "new_entry"]
