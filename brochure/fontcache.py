"""Parsed TrueType faces kept between runs, so a font file is parsed by ReportLab once, not in every process.

In:  a font file's path and bytes (already read and checked by `fonts.py`).
Out: ReportLab's parsed `TTFontFace`, restored from the cache when an entry for exactly these bytes,
     this file name and this ReportLab version exists and passes its checks, else parsed from the
     bytes (and the entry written for the next run).

Where: $BROCHURE_CACHE_DIR, else $XDG_CACHE_HOME/brochure, else ~/.cache/brochure; one file per face
under fonts/. Safe to delete at any time. BROCHURE_FONT_CACHE=0 turns the cache off (parse every time).

An entry is never trusted blindly: it starts with a magic line and the SHA-256 of what follows; what
follows names the font's own SHA-256, its file name, the ReportLab and Python versions and this
module's format, all compared with the font in hand; and the restored face must hold every attribute
drawing relies on, of the right type. Anything else (cut short, written by another version, edited,
another font's entry) is ignored and the entry rebuilt. It is written to a temporary file renamed into
place, so a run stopped half-way or two runs at once never leave a torn entry. The output does not
depend on the cache: a restored face is the parsed face, attribute for attribute (tests/test_fonts.py
renders with and without it and compares the bytes).

Why marshal: it reads the face's plain dicts and lists (about 3,000 glyphs each) roughly ten times
faster than ReportLab parses the font, and unlike pickle it never calls code while reading.
"""

from __future__ import annotations

import gc
import hashlib
import marshal
import os
import sys
import tempfile
from pathlib import Path
from typing import Any

from reportlab import Version as REPORTLAB_VERSION
from reportlab.pdfbase.ttfonts import TTFNameBytes, TTFontFace

FORMAT = 1  # bump when what is stored changes
MAGIC = b"brochure font cache\n"
DIGEST_SIZE = 32
# Set by the parser from the file itself, or not picklable (`_pdfScale` is a lambda): restored by hand.
NOT_STORED = frozenset({"_ttf_data", "filename", "_pdfScale"})
# What drawing and measuring read from a face, with the type each must have: an entry without them is refused.
REQUIRED: dict[str, type | tuple[type, ...]] = {
    "name": bytes,
    "charToGlyph": dict,
    "glyphToChar": dict,
    "charWidths": dict,
    "hmetrics": list,
    "glyphPos": list,
    "table": dict,
    "tables": list,
    "unitsPerEm": int,
    "numGlyphs": int,
    "defaultWidth": int,
    "ascent": int,
    "descent": int,
    "flags": int,
    "bbox": list,
}
_NAME = "__ttf_name__"  # marks a TTFNameBytes (bytes that also carry their decoded text) in a stored entry


def cache_root() -> Path | None:
    """The folder of every cache brochure keeps (fonts/ here, phones.bin: `phonecache.py`), or None when
    caching is turned off (BROCHURE_FONT_CACHE=0: one switch for all of them)."""
    if os.environ.get("BROCHURE_FONT_CACHE", "1").strip().lower() in ("0", "no", "off", "false"):
        return None
    explicit = os.environ.get("BROCHURE_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "brochure"


def cache_folder() -> Path | None:
    """Where font entries are kept, or None when the cache is turned off (BROCHURE_FONT_CACHE=0)."""
    root = cache_root()
    return None if root is None else root / "fonts"


def parsed_face(path: Path, data: bytes) -> TTFontFace:
    """ReportLab's parsed face of the font file at `path`, whose bytes are `data`.

    Raises what ReportLab raises for a font it cannot parse (a broken font is never cached).
    """
    folder = cache_folder()
    if folder is None:
        return _parse(path, data)
    key = _key(path, data)
    entry = folder / f"{key[0][:32]}-{_safe(path.stem)}.bin"
    face = _restore(entry, key, path, data)
    if face is None:
        face = _parse(path, data)
        _store(entry, key, face)
    return face


def _key(path: Path, data: bytes) -> tuple[str, str, str, str, int]:
    # The file name is part of it: ReportLab reads it (whether subsetting is allowed, a missing name's fallback).
    python = f"{sys.version_info[0]}.{sys.version_info[1]}"
    return (hashlib.sha256(data).hexdigest(), path.name, REPORTLAB_VERSION, python, FORMAT)


def _safe(stem: str) -> str:
    return "".join(c if c.isalnum() or c in "-_" else "_" for c in stem)[:40]


def _parse(path: Path, data: bytes) -> TTFontFace:
    """Parse with ReportLab, from the bytes in hand (the file is not opened again)."""
    import io

    stream = io.BytesIO(data)
    stream.name = str(path)  # ReportLab takes a stream's name as the face's file name
    return TTFontFace(stream)


def _restore(entry: Path, key: tuple[str, str, str, str, int], path: Path, data: bytes) -> TTFontFace | None:
    """The face stored in `entry` for this font, or None if there is none or it fails a check."""
    try:
        raw = entry.read_bytes()
    except OSError:
        return None
    body = unsealed(raw, MAGIC)
    if body is None:
        return None
    # marshal makes some 20,000 dicts, lists and tuples, none in a cycle: the collector, left on, would walk
    # everything imported so far several times over while they are made (three quarters of the time).
    collecting = gc.isenabled()
    gc.disable()
    try:
        stored_key, state = marshal.loads(body)
    except (EOFError, ValueError, TypeError):
        return None
    finally:
        if collecting:
            gc.enable()
    if tuple(stored_key) != key or not isinstance(state, dict):
        return None
    attributes = {name: _decoded(value) for name, value in state.items()}
    if any(not isinstance(attributes.get(name), kind) for name, kind in REQUIRED.items()):
        return None
    face: TTFontFace = TTFontFace.__new__(TTFontFace)
    face.__dict__.update(attributes)
    # What the parser sets from the file in hand rather than from what it read (see NOT_STORED).
    face.__dict__.update(filename=str(path), _ttf_data=data, _pdfScale=_scale(attributes["unitsPerEm"]))
    return face


def _store(entry: Path, key: tuple[str, str, str, str, int], face: TTFontFace) -> None:
    """Write the entry for the next run; a cache that cannot be written only costs the parse again."""
    state = {name: _encoded(value) for name, value in vars(face).items() if name not in NOT_STORED}
    try:
        body = marshal.dumps((key, state))
    except ValueError:  # an attribute of a type marshal cannot hold (another ReportLab): no cache then
        return
    write_entry(entry, sealed(body, MAGIC))


def sealed(body: bytes, magic: bytes) -> bytes:
    """An entry as stored: the magic line, the SHA-256 of the body, the body."""
    return magic + hashlib.sha256(body).digest() + body


def unsealed(raw: bytes, magic: bytes) -> bytes | None:
    """The body of a stored entry, or None when it lacks the magic line or its checksum fails."""
    body = raw[len(magic) + DIGEST_SIZE :]
    if not raw.startswith(magic) or raw[len(magic) : len(magic) + DIGEST_SIZE] != hashlib.sha256(body).digest():
        return None
    return body


def write_entry(entry: Path, data: bytes) -> None:
    """Write a cache entry through a temporary file renamed into place (never torn); a cache that cannot be
    written only costs the work again next time."""
    try:
        entry.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=entry.parent, prefix=".", suffix=".tmp")
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(data)
            os.replace(temporary, entry)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
    except OSError:
        return


def _encoded(value: Any) -> Any:
    if isinstance(value, TTFNameBytes):
        return (_NAME, bytes(value), value.ustr)
    return value


def _decoded(value: Any) -> Any:
    if isinstance(value, tuple) and len(value) == 3 and value[0] == _NAME:
        name = TTFNameBytes(value[1])
        name.ustr = value[2]
        return name
    return value


def _scale(units_per_em: int) -> Any:
    """The face's design units -> PDF's 1/1000 em, as ReportLab's parser sets it (`_pdfScale`)."""
    if units_per_em == 1000:
        return lambda x: x
    factor = 1000 / units_per_em
    return lambda x: x * factor
