"""The objects of a PDF (ISO 32000-1 §7.2-7.3) and the operations of a content stream (§7.8.2), parsed.

In:  bytes: part of a PDF file (`pdffile.PdfDocument` asks for one object at a time), or a content stream.
Out: the values (below); `operations(content)`: a content stream as (operands, operator) pairs.
     Bytes that cannot be parsed raise `PdfError`, whose message says what is wrong and at which byte.

Values are plain Python: int, float, bool, None, `Name` ("/Type", slash included, as written),
`String` (the text of a PDF string, with its bytes in `.raw`), list, dict (keys are `Name`s),
`Stream` (a dict with its bytes), and `Reference` (resolved with `resolve`). In content streams,
strings stay bytes: they are character codes of a font, not text.

Why our own reader: preflight reads back every PDF it has just written. pypdf cost ~60 ms to import
and ~30 ms to parse each file; this reads only what is asked, with one regular expression per token.
The tests keep pypdf as a second, independent reader that cross-checks this one (tests/test_pdfobjects.py).
"""

from __future__ import annotations

import re
import struct
import zlib
from collections.abc import Iterator
from functools import cached_property
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .pdffile import PdfDocument


class PdfError(ValueError):
    """A PDF this reader cannot read: the message says what is wrong, and where."""


class Name(str):
    """A PDF name, with its slash: "/Type". (#xx escapes are undone.)"""

    __slots__ = ()


class String(str):
    """A PDF string as text (UTF-16 with its byte order mark, UTF-8 with its mark, or PDFDocEncoding);
    its bytes, as written, in `raw` (for strings that are not text, e.g. a file identifier)."""

    raw: bytes

    def __new__(cls, raw: bytes) -> String:
        string = super().__new__(cls, _decode_text(raw))
        string.raw = raw
        return string


class Reference:
    """An indirect reference `number generation R`; equal references name the same object.

    (A plain class, not a frozen dataclass: a file holds hundreds, and a frozen dataclass is slower to make.)
    """

    __slots__ = ("document", "generation", "number")

    def __init__(self, number: int, generation: int, document: PdfDocument) -> None:
        self.number = number
        self.generation = generation
        self.document = document

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Reference) and (other.number, other.generation) == (self.number, self.generation)

    def __hash__(self) -> int:
        return hash((self.number, self.generation))

    def __repr__(self) -> str:
        return f"Reference({self.number}, {self.generation})"

    def target(self) -> object:
        return self.document.get(self.number)


class Stream(dict[str, object]):
    """A stream: its dictionary, its bytes as written (`raw`), and `data`, its bytes with the filters undone."""

    def __init__(self, fields: dict[str, object], raw: bytes) -> None:
        super().__init__(fields)
        self.raw = raw

    @cached_property
    def data(self) -> bytes:
        return _decode(self)


# ---------------------------------------------------------------- typed access to values


def resolve(value: object) -> object:
    """A value, its target when it is an indirect reference."""
    while isinstance(value, Reference):
        value = value.target()
    return value


def dictionary(value: object) -> dict[str, object]:
    """A dictionary (or stream), resolved; an empty one when it is missing (None)."""
    target = resolve(value)
    if target is None:
        return {}
    if not isinstance(target, dict):
        raise PdfError(f"a dictionary was expected, not {describe(target)}")
    return target


def array(value: object) -> list[object]:
    """An array, resolved; an empty one when it is missing (None)."""
    target = resolve(value)
    if target is None:
        return []
    if not isinstance(target, list):
        raise PdfError(f"an array was expected, not {describe(target)}")
    return target


def integer(value: object) -> int:
    """An integer, resolved."""
    target = resolve(value)
    if type(target) is not int:
        raise PdfError(f"an integer was expected, not {describe(target)}")
    return target


def number(value: object) -> float:
    """A number (integer or real), resolved."""
    target = resolve(value)
    if type(target) not in (int, float):
        raise PdfError(f"a number was expected, not {describe(target)}")
    return float(target)  # type: ignore[arg-type]  # an int or a float, checked above


def stream(value: object) -> Stream | None:
    """A stream, resolved; None when it is missing."""
    target = resolve(value)
    if target is not None and not isinstance(target, Stream):
        raise PdfError(f"a stream was expected, not {describe(target)}")
    return target


def describe(value: object) -> str:
    names = {bool: "a boolean", int: "an integer", float: "a real number", Name: "a name", String: "a string"}
    names.update({list: "an array", dict: "a dictionary", Stream: "a stream", type(None): "null", bytes: "bytes"})
    return names.get(type(value), type(value).__name__)


# ---------------------------------------------------------------- tokens and values (§7.2, §7.3)

REGULAR = rb"[^\x00\t\n\x0c\r ()<>\[\]{}/%]"
# White space and comments, then one token, told apart by the group that matched (`lastindex`): an integer,
# a real, a name, an opening [ or <<, ], >>, a literal or a hexadecimal string's start, a keyword, a brace;
# no group at the end of the data or at a byte no token starts with (a stray ")" or ">").
_TOKEN = re.compile(
    rb"(?:[\x00\t\n\x0c\r ]+|%[^\r\n]*)*"
    rb"(?:([+-]?\d+)(?!" + REGULAR + rb")"
    rb"|([+-]?(?:\d+\.\d*|\.\d+))(?!" + REGULAR + rb")"
    rb"|/(" + REGULAR + rb"*)"
    rb"|(<<|\[)|(\])|(>>)|(\()|(<)"
    rb"|(" + REGULAR + rb"+)"
    rb"|([{}]))?"
)
_INTEGER, _REAL, _NAME, _OPEN, _CLOSE_ARRAY, _CLOSE_DICTIONARY, _LITERAL, _HEXADECIMAL, _KEYWORD, _BRACE = range(1, 11)
_LITERAL_SPECIAL = re.compile(rb"[()\\\r]")
_OCTAL = re.compile(rb"[0-7]{1,3}")
_ESCAPES = {b"n": b"\n", b"r": b"\r", b"t": b"\t", b"b": b"\b", b"f": b"\f"}
_HEX = re.compile(rb"[0-9A-Fa-f\x00\t\n\x0c\r ]*>")
_NAMES: dict[bytes, Name] = {}
_CONSTANTS: dict[bytes, object] = {b"true": True, b"false": False, b"null": None}

# A run of values ends at a keyword that is not a value: an operator in a content stream, or obj/endobj/stream.
Operation = tuple[list[object], bytes]


def parse(data: bytes, pos: int, end: int, document: PdfDocument | None) -> Iterator[tuple[list[object], bytes, int]]:
    """Parse data[pos:end]: yield (values, keyword, position after it) at each top-level keyword that is not a
    value, and (values, b"", end) at the end. With a `document`, strings are `String`s and `n g R` a
    `Reference`; without (a content stream), strings are bytes and R is an operator like any other."""
    stack: list[list[object]] = []
    opened: list[tuple[bytes, int]] = []  # the delimiter of each open array or dictionary, and where
    current: list[object] = []
    match_token = _TOKEN.match
    while True:
        match = match_token(data, pos, end)
        assert match is not None  # the pattern can match nothing
        kind, pos = match.lastindex, match.end()
        if kind == _NAME:
            current.append(_NAMES.get(match[kind]) or _name(match[kind]))
        elif kind == _INTEGER:
            current.append(int(match[kind]))
        elif kind == _KEYWORD:
            word = match[kind]
            if word == b"R" and document is not None:
                if len(current) < 2 or type(current[-1]) is not int or type(current[-2]) is not int:
                    raise PdfError(f"an R without an object and generation number at byte {match.start(kind)}")
                generation, number_ = current.pop(), current.pop()
                current.append(Reference(number_, generation, document))  # type: ignore[arg-type]
            elif word in _CONSTANTS:
                current.append(_CONSTANTS[word])
            elif opened:
                raise PdfError(
                    f"an unexpected {word.decode('latin-1')!r} at byte {match.start(kind)}, inside the "
                    f"{'array' if opened[-1][0] == b'[' else 'dictionary'} that starts at byte {opened[-1][1]}"
                )
            else:
                yield current, word, pos
                current = []
        elif kind == _REAL:
            current.append(float(match[kind]))
        elif kind == _OPEN:
            stack.append(current)
            opened.append((match[kind], match.start(kind)))
            current = []
        elif kind == _CLOSE_ARRAY or kind == _CLOSE_DICTIONARY:
            token = match[kind]
            if not opened or opened[-1][0] != (b"[" if kind == _CLOSE_ARRAY else b"<<"):
                raise PdfError(f"an unexpected {token.decode()} at byte {match.start(kind)}")
            opened.pop()
            value = current if kind == _CLOSE_ARRAY else _pairs(current, match.start(kind))
            current = stack.pop()
            current.append(value)
        elif kind == _LITERAL or kind == _HEXADECIMAL:
            raw, pos = _literal(data, pos, end) if kind == _LITERAL else hex_string(data, pos, end)
            current.append(String(raw) if document is not None else raw)
        elif kind == _BRACE:
            raise PdfError(f"an unexpected {match[kind].decode()} at byte {match.start(kind)}")
        elif pos < end:
            raise PdfError(f"an unexpected byte {data[pos : pos + 1]!r} at byte {pos}")
        else:
            if opened:
                what = "array" if opened[-1][0] == b"[" else "dictionary"
                raise PdfError(f"the {what} that starts at byte {opened[-1][1]} never ends (the data ends at {end})")
            yield current, b"", end
            return


def _name(raw: bytes) -> Name:
    name = _NAMES.get(raw)
    if name is None:
        unescaped = re.sub(rb"#([0-9A-Fa-f]{2})", lambda m: bytes([int(m.group(1), 16)]), raw)
        try:
            text = unescaped.decode("utf-8")
        except UnicodeDecodeError:
            text = unescaped.decode("latin-1")
        name = _NAMES[raw] = Name("/" + text)
    return name


def _pairs(values: list[object], at: int) -> dict[str, object]:
    if len(values) % 2:
        raise PdfError(f"the dictionary that ends at byte {at} has a key without a value")
    keys = values[0::2]
    for key in keys:
        if not isinstance(key, Name):
            raise PdfError(f"the dictionary that ends at byte {at} has a key that is not a name: {key!r}")
    return dict(zip(keys, values[1::2]))  # type: ignore[arg-type]  # every key is a Name, checked above


def _literal(data: bytes, pos: int, end: int) -> tuple[bytes, int]:
    """A literal string's bytes (§7.3.4.2: escapes, nested parentheses, line ends), from just after its "("."""
    out = bytearray()
    depth = 1
    start = pos - 1
    while True:
        match = _LITERAL_SPECIAL.search(data, pos, end)
        if match is None:
            raise PdfError(f"the string that starts at byte {start} never ends")
        at = match.start()
        out += data[pos:at]
        char = data[at : at + 1]
        pos = at + 1
        if char == b"\\":
            escaped = data[pos : pos + 1]
            if not escaped or pos >= end:
                raise PdfError(f"the string that starts at byte {start} never ends")
            if escaped in b"01234567":
                digits = _OCTAL.match(data, pos, min(end, pos + 3))
                assert digits is not None
                out.append(int(digits.group(), 8) & 0xFF)
                pos = digits.end()
            elif escaped == b"\r":  # a backslash before a line end continues the line
                pos += 2 if data[pos + 1 : pos + 2] == b"\n" else 1
            elif escaped == b"\n":
                pos += 1
            else:
                out += _ESCAPES.get(escaped, escaped)  # an unknown escape is the character itself
                pos += 1
        elif char == b"\r":  # any line end in a string reads as one \n
            out += b"\n"
            pos += 1 if data[pos : pos + 1] == b"\n" else 0
        elif char == b"(":
            depth += 1
            out += char
        else:
            depth -= 1
            if not depth:
                return bytes(out), pos
            out += char


def hex_string(data: bytes, pos: int, end: int) -> tuple[bytes, int]:
    """A hexadecimal string's bytes (§7.3.4.3: white space ignored, a missing last digit is 0)."""
    match = _HEX.match(data, pos, end)
    if match is None:
        raise PdfError(f"the hexadecimal string that starts at byte {pos - 1} is not hexadecimal or never ends")
    digits = re.sub(rb"[\x00\t\n\x0c\r ]", b"", data[pos : match.end() - 1])
    if len(digits) % 2:
        digits += b"0"
    return bytes.fromhex(digits.decode("ascii")), match.end()


# PDFDocEncoding (ISO 32000-1 Annex D): Latin-1 but for these; 0x7F, 0x9F and 0xAD are undefined.
_PDFDOC = (
    dict(enumerate("\u02d8\u02c7\u02c6\u02d9\u02dd\u02db\u02da\u02dc", start=0x18))
    | dict(
        enumerate(
            "\u2022\u2020\u2021\u2026\u2014\u2013\u0192\u2044\u2039\u203a\u2212\u2030\u201e\u201c\u201d\u2018\u2019"
            "\u201a\u2122\ufb01\ufb02\u0141\u0152\u0160\u0178\u017d\u0131\u0142\u0153\u0161\u017e",
            start=0x80,
        )
    )
    | {0xA0: "\u20ac"}
)


def _decode_text(raw: bytes) -> str:
    if raw[:2] == b"\xfe\xff":
        return raw[2:].decode("utf-16-be", "replace")
    if raw[:3] == b"\xef\xbb\xbf":
        return raw[3:].decode("utf-8", "replace")
    return raw.decode("latin-1").translate(_PDFDOC)


def operations(content: bytes, start: int = 0) -> Iterator[Operation]:
    """A content stream's operations in order: (operands, operator). Strings are bytes; an inline image
    is one operation (its dictionary, b"BI"), its data skipped."""
    values = parse(content, start, len(content), None)
    for operands, operator, pos in values:
        if operator == b"BI":
            fields, keyword, pos = next(values)
            if keyword != b"ID":
                raise PdfError(f"an inline image without ID at byte {pos}")
            image_end = _INLINE_END.search(content, pos + 1)
            if image_end is None:
                raise PdfError(f"the inline image before byte {pos} never ends (no EI)")
            yield [_pairs(fields, pos)], b"BI"
            yield from operations(content, image_end.end())  # the rest, parsed afresh after the image's data
            return
        if operator:
            yield operands, operator
        elif operands:
            raise PdfError(f"the content stream ends with operands and no operator: {operands[:3]!r}")


_INLINE_END = re.compile(rb"[\x00\t\n\x0c\r ]EI(?![^\x00\t\n\x0c\r ()<>\[\]{}/%])")


IMAGE_FILTERS = {"/DCTDecode", "/JPXDecode", "/CCITTFaxDecode", "/JBIG2Decode"}  # image data stays as written


def _decode(data: Stream) -> bytes:
    """A stream's bytes with its filters undone: Flate, ASCII85 and ASCIIHex; image codecs stay as written."""
    filters = resolve(data.get("/Filter"))
    names = [resolve(f) for f in (filters if isinstance(filters, list) else [filters] if filters else [])]
    parameters = resolve(data.get("/DecodeParms"))
    for item in parameters if isinstance(parameters, list) else [parameters]:
        if isinstance(item, dict) and integer(item.get("/Predictor", 1)) > 1:
            raise PdfError("a stream uses a predictor (/DecodeParms /Predictor), which this reader cannot undo")
    raw = data.raw
    for name in names:
        if name in IMAGE_FILTERS:
            break
        try:
            if name in ("/FlateDecode", "/Fl"):
                raw = zlib.decompress(raw)
            elif name in ("/ASCII85Decode", "/A85"):
                raw = _ascii85(raw)
            elif name in ("/ASCIIHexDecode", "/AHx"):
                raw, _ = hex_string(raw.rstrip() + (b"" if raw.rstrip().endswith(b">") else b">"), 0, len(raw) + 1)
            else:
                raise PdfError(f"a stream uses the filter {name}, which this reader cannot undo")
        except (zlib.error, ValueError) as problem:
            if isinstance(problem, PdfError):
                raise
            raise PdfError(f"a stream's {name} data is broken: {problem}") from None
    return raw


_WHITE = re.compile(rb"[\x00\t\n\x0c\r ]")


def _ascii85(data: bytes) -> bytes:
    """ASCII base-85 data decoded (§7.4.3): groups of five digits ("!" to "u") make four bytes, "z" four zeros,
    a last group of n digits n-1 bytes; "~>" ends it. (The standard library's decoder is a Python loop per
    byte, ten times slower: a page's content stream is written in ASCII85.)"""
    text = _WHITE.sub(b"", data)
    text = text[: text.index(b"~>")] if b"~>" in text else text
    text = text.replace(b"z", b"!!!!!")
    if text.translate(None, bytes(range(33, 118))):
        raise PdfError("a stream's /ASCII85Decode data holds a byte that is not a base-85 digit")
    padding = -len(text) % 5
    if padding == 4:
        raise PdfError("a stream's /ASCII85Decode data ends with a single digit")
    digits = (text + b"u" * padding).translate(_FROM_ASCII85)
    groups = zip(digits[0::5], digits[1::5], digits[2::5], digits[3::5], digits[4::5])
    words = [(((a * 85 + b) * 85 + c) * 85 + d) * 85 + e for a, b, c, d, e in groups]
    try:
        decoded = struct.pack(f">{len(words)}I", *words)
    except struct.error:
        raise PdfError("a stream's /ASCII85Decode data holds a group over 2^32 - 1") from None
    return decoded[: len(decoded) - padding] if padding else decoded


_FROM_ASCII85 = bytes(max(0, b - 33) for b in range(256))  # "!" is 0, "u" is 84
