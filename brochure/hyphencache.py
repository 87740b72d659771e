"""Hyphenation patterns kept between runs, so a language's dictionary is parsed by Pyphen once, not per process.

In:  the path of one of Pyphen's dictionaries (hyph_*.dic, as `pyphen.LANGUAGES` names it).
Out: Pyphen's parsed `HyphDict` for it: restored from the cache when an entry for exactly these bytes, this
     Pyphen version and this format exists and passes its checks, else parsed by Pyphen (and stored).

Pyphen parses a dictionary line by line in Python: 10-120 ms a language (English 120, Spanish 70, Polish
50), paid in every process that hyphenates, and again in an `--all` worker after it lets its caches go.
The parsed table (pattern -> offset and values) is plain strings and integers: marshal reads it back in a
few milliseconds. Same folder and switch as the font cache (`fontcache.cache_root`,
BROCHURE_FONT_CACHE=0), the same sealed entries (magic line and SHA-256), written whole and renamed.
A dictionary with nonstandard hyphenation (values that are not plain integers) is never stored; an entry
that is cut short, edited, of another Pyphen or another dictionary is ignored and rebuilt. The restored
dictionary is the parsed one, attribute for attribute (tests/test_fonts.py).
"""

from __future__ import annotations

import gc
import hashlib
import marshal
import sys
from pathlib import Path

import pyphen

from .fontcache import cache_root, sealed, unsealed, write_entry

FORMAT = 1  # bump when what is stored changes
MAGIC = b"brochure hyphenation cache\n"


def parsed_dictionary(path: Path) -> pyphen.HyphDict:
    """Pyphen's `HyphDict` of the dictionary at `path`."""
    root = cache_root()
    try:
        data = path.read_bytes()
    except OSError:
        return pyphen.HyphDict(path)  # Pyphen reports it as it would
    if root is None:
        return pyphen.HyphDict(path)
    key = (hashlib.sha256(data).hexdigest(), path.name, pyphen.VERSION, f"{sys.version_info[:2]}", FORMAT)
    entry = root / "hyphenation" / f"{key[0][:32]}-{path.stem}.bin"
    restored = _restore(entry, key)
    if restored is not None:
        return restored
    parsed = pyphen.HyphDict(path)
    try:
        body = marshal.dumps((key, parsed.patterns, parsed.maxlen))
    except ValueError:  # nonstandard hyphenation: its values are objects marshal cannot hold
        return parsed
    write_entry(entry, sealed(body, MAGIC))
    return parsed


def _restore(entry: Path, key: tuple[object, ...]) -> pyphen.HyphDict | None:
    """The stored dictionary, or None when there is none or it fails a check."""
    collecting = gc.isenabled()
    gc.disable()  # ~11,000 small tuples at once: collections while reading them would free nothing
    try:
        body = unsealed(entry.read_bytes(), MAGIC)
        stored = marshal.loads(body) if body is not None else None
    except (OSError, ValueError, EOFError, TypeError):
        return None
    finally:
        if collecting:
            gc.enable()
    if not (isinstance(stored, tuple) and len(stored) == 3 and stored[0] == key):
        return None
    _, patterns, maxlen = stored
    # The seal (SHA-256 of the body) and the key (the dictionary's own SHA-256, Pyphen's version) vouch for
    # the values; checking each of ~11,000 patterns' types would cost more than parsing a small dictionary.
    if not (isinstance(patterns, dict) and patterns and maxlen == max(len(pattern) for pattern in patterns)):
        return None
    dictionary: pyphen.HyphDict = pyphen.HyphDict.__new__(pyphen.HyphDict)  # its __init__ would parse the file
    dictionary.patterns, dictionary.cache, dictionary.maxlen = patterns, {}, maxlen
    return dictionary


