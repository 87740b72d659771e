"""Answers about phone numbers kept between runs, so that a render whose numbers were all checked before
never imports phonenumbers (about 35 ms of a cold start, more than the checks themselves).

In:  a question (a tuple of strings: what is asked, then its inputs exactly as given), the function that
     answers it with phonenumbers, and a test of an answer's shape.
Out: the answer: from the cache when this question was answered before by this phonenumbers version and
     this phones.py, else computed (and stored for the next run). Answers are plain data (tuples, strings,
     numbers, booleans, frozensets): `phones.py` makes its results and messages from them.

Where: phones.bin in fontcache's cache folder ($BROCHURE_CACHE_DIR, else $XDG_CACHE_HOME/brochure, else
~/.cache/brochure). Safe to delete at any time; BROCHURE_FONT_CACHE=0 turns it off with the font cache.

Never trusted blindly, like the font cache: the file starts with a magic line and the SHA-256 of what
follows; what follows names phonenumbers' version, the Python version, this format and the SHA-256 of
phones.py (whose messages and fictional ranges are part of every answer), all compared with the running
ones; and each answer must have the shape its question expects. Anything else is ignored and recomputed.
Written whole to a temporary file renamed into place; two runs at once at worst lose each other's new
answers, which are then computed again.
"""

from __future__ import annotations

import hashlib
import marshal
import os
import re
import sys
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

FORMAT = 1  # bump when what is stored changes
MAGIC = b"brochure phone cache\n"
FILE_NAME = "phones.bin"
MAX_ENTRIES = 20_000  # a few hundred bytes each: the file stays well under a few MB however many edits
_VERSION = re.compile(rb"""^__version__\s*=\s*["']([^"']+)["']""", re.M)

Key = tuple[str, ...]
_answers: dict[Path, dict[Key, Any]] = {}  # this process's view of the file, read on its first question


def remembered(question: Key, answer: Callable[[], Any], valid: Callable[[Any], bool]) -> Any:
    """The answer to `question`: stored, if it was stored and passes `valid`, else `answer()` (stored)."""
    folder = _folder()
    if folder is None:
        return answer()
    path = folder / FILE_NAME
    if path not in _answers:
        _answers[path] = _read(path) or {}
    known = _answers[path].get(question)
    if known is not None and valid(known):
        return known
    result = answer()
    _answers[path][question] = result
    _write(path, question, result)
    return result


def forget() -> None:
    """Drop this process's copy of the stored answers (the file is read again on the next question)."""
    _answers.clear()


def _folder() -> Path | None:
    """fontcache's folder, or None when caching is off: worked out again only when the environment changed."""
    names = ("BROCHURE_FONT_CACHE", "BROCHURE_CACHE_DIR", "XDG_CACHE_HOME", "HOME")
    return _folder_for(tuple(os.environ.get(name) for name in names))


@cache
def _folder_for(environment: tuple[str | None, ...]) -> Path | None:
    from .fontcache import cache_root  # its folder and switch: one cache, one place, one switch

    return cache_root()


@cache
def _key() -> tuple[str, str, int, str]:
    """What a stored answer was computed by: phonenumbers' version, Python, this format, phones.py itself.

    phonenumbers' version is read from its __init__.py rather than by importing it (the point of the cache).
    """
    from importlib.util import find_spec

    spec = find_spec("phonenumbers")
    origin = spec.origin if spec else None
    found = _VERSION.search(Path(origin).read_bytes()) if origin else None
    version = found.group(1).decode() if found else "?"
    phones = hashlib.sha256((Path(__file__).parent / "phones.py").read_bytes()).hexdigest()
    return (version, f"{sys.version_info[0]}.{sys.version_info[1]}", FORMAT, phones)


def _read(path: Path) -> dict[Key, Any] | None:
    """The answers stored in `path`, or None when there are none or the file fails a check."""
    from .fontcache import unsealed

    try:
        body = unsealed(path.read_bytes(), MAGIC)
    except OSError:
        return None
    if body is None:
        return None
    try:
        stored_key, answers = marshal.loads(body)
    except (EOFError, ValueError, TypeError):
        return None
    if tuple(stored_key) != _key() or not isinstance(answers, dict):
        return None
    return {key: value for key, value in answers.items() if isinstance(key, tuple)}


def _write(path: Path, question: Key, result: Any) -> None:
    """Store one new answer beside those on disk now (another run may have added some since we read)."""
    from .fontcache import sealed, write_entry

    answers = _read(path) or {}
    answers.pop(question, None)
    answers[question] = result  # last: the newest are kept when the file is trimmed
    if len(answers) > MAX_ENTRIES:
        answers = dict(list(answers.items())[-MAX_ENTRIES:])
    try:
        body = marshal.dumps((_key(), answers))
    except ValueError:  # an answer marshal cannot hold: not stored, computed again next time
        return
    write_entry(path, sealed(body, MAGIC))
