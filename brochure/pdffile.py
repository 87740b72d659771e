"""Read a PDF file that brochure wrote: its cross-reference, its objects (lazily) and its pages (ISO 32000-1 §7.5).

In:  the bytes of a PDF: ReportLab's output re-packed by `pdfpack.py` (one Flate object stream for
     the non-stream objects, a cross-reference stream; streams top-level), or ReportLab's plain file
     with a classic cross-reference table.
Out: `PdfDocument`: the trailer, the catalog, the information dictionary, the pages (inherited
     attributes filled in), and any object by number, parsed only when it is first asked for (preflight
     reads a small part of each file). Values are those of `pdfobjects`. A file that cannot be read
     raises `PdfError`, saying what is wrong and at which byte.
"""

from __future__ import annotations

import re
import struct
from dataclasses import dataclass
from functools import cached_property
from typing import NamedTuple

from .pdfobjects import (
    REGULAR,
    PdfError,
    Reference,
    Stream,
    array,
    describe,
    dictionary,
    integer,
    parse,
    resolve,
    stream,
)

_OBJECT_HEADER = re.compile(
    rb"[\x00\t\n\x0c\r ]*(\d+)[\x00\t\n\x0c\r ]+(\d+)[\x00\t\n\x0c\r ]+obj(?!" + REGULAR + rb")"
)
_STREAM_START = re.compile(rb"\r?\n")
_STREAM_END = re.compile(rb"[\x00\t\n\x0c\r ]*endstream")
_STARTXREF = re.compile(rb"startxref[\x00\t\n\x0c\r ]+(\d+)")
_TABLE = re.compile(rb"[\x00\t\n\x0c\r ]*xref(?!" + REGULAR + rb")")
_SUBSECTION = re.compile(rb"[\x00\t\n\x0c\r ]*(\d+)[ ]+(\d+)[\x00\t\n\x0c\r ]*")
_ENTRY = re.compile(rb"(\d{10})[ ](\d{5})[ ]([nf])[\x00\t\n\x0c\r ]*")
_TRAILER = re.compile(rb"[\x00\t\n\x0c\r ]*trailer(?!" + REGULAR + rb")")


class _Location(NamedTuple):
    """Where an object is: at a byte offset of the file, or the index-th object of an object stream."""

    offset: int = -1
    in_stream: int = 0
    position: int = 0  # in the object stream: the object is its position-th


@dataclass(frozen=True)
class Page:
    """A page: its object number, and its dictionary with the inherited attributes filled in."""

    number: int
    fields: dict[str, object]

    def get(self, key: str, default: object = None) -> object:
        return self.fields.get(key, default)

    def contents(self) -> bytes:
        """The page's content, its streams joined (§7.8.2), filters undone."""
        value = resolve(self.fields.get("/Contents"))
        parts = value if isinstance(value, list) else [value] if value is not None else []
        found = [stream(part) for part in parts]
        return b"\n".join(part.data for part in found if part is not None)


_INHERITED = ("/Resources", "/MediaBox", "/CropBox", "/Rotate")


class PdfDocument:
    """A PDF's objects, each parsed when it is first asked for (see the module docstring)."""

    def __init__(self, data: bytes) -> None:
        self.data = data
        self._where: dict[int, _Location] = {}
        self._objects: dict[int, object] = {}
        self._object_streams: dict[int, tuple[bytes, list[tuple[int, int]]]] = {}
        self._ends: dict[int, dict[int, int]] = {}  # object stream -> start of an object -> its end
        self.trailer = self._read_cross_reference()

    @property
    def size(self) -> int:
        """One more than the highest object number (the trailer's /Size)."""
        return integer(self.trailer.get("/Size"))

    @property
    def catalog(self) -> dict[str, object]:
        return dictionary(self.trailer.get("/Root"))

    @property
    def info(self) -> dict[str, object]:
        """The document information dictionary (title, author, ...); empty when there is none."""
        return dictionary(self.trailer.get("/Info"))

    def numbers(self) -> list[int]:
        """The number of every object the cross-reference lists as in use."""
        return sorted(self._where)

    def mentioning(self, word: bytes) -> list[int]:
        """The numbers of the objects whose bytes may hold `word` (a name as written, e.g. b"/Font"): every
        object in an object stream whose bytes hold it, or hold a #-escape (a name may be written escaped),
        and every top-level object. Lets a search skip parsing objects that cannot match."""
        found = []
        for number_, where in sorted(self._where.items()):
            if where.offset < 0:
                data, start, end = self._packed_bytes(number_, where)
                if data.find(word, start, end) < 0 and data.find(b"#", start, end) < 0:
                    continue
            found.append(number_)
        return found

    def get(self, number: int) -> object:
        """Object `number`, parsed on first use; None (the null object) when the file has no such object."""
        if number in self._objects:
            return self._objects[number]
        where = self._where.get(number)
        if where is None:
            return None
        self._objects[number] = None  # an object whose value refers to itself reads as null, not forever
        value = self._read_at(number, where.offset) if where.offset >= 0 else self._read_packed(number, where)
        self._objects[number] = value
        return value

    @cached_property
    def pages(self) -> list[Page]:
        """Every page in order, inheritable attributes (§7.7.3.4) taken from the page tree when the page lacks them."""
        found: list[Page] = []
        seen: set[int] = set()

        def visit(reference: object, inherited: dict[str, object]) -> None:
            if isinstance(reference, Reference):
                if reference.number in seen:
                    raise PdfError(f"the page tree refers to object {reference.number} twice")
                seen.add(reference.number)
            node = dictionary(reference)
            fields = {key: node[key] for key in _INHERITED if key in node}
            values = inherited | fields
            if node.get("/Type") == "/Pages" or "/Kids" in node:
                for kid in array(node.get("/Kids")):
                    visit(kid, values)
            else:
                number_ = reference.number if isinstance(reference, Reference) else 0
                found.append(Page(number_, values | node))

        visit(self.catalog.get("/Pages"), {})
        return found

    # ---------------------------------------------------------------- reading

    def _read_cross_reference(self) -> dict[str, object]:
        """Every object's location, from the cross-reference sections newest first (/Prev); the newest trailer."""
        found = list(_STARTXREF.finditer(self.data, max(0, len(self.data) - 1024)))
        if not found:
            raise PdfError("no startxref at the end: the file is cut short or not a PDF")
        offset: object = int(found[-1].group(1))
        trailer: dict[str, object] | None = None
        visited: set[int] = set()
        while offset is not None:
            if type(offset) is not int or offset in visited or not 0 <= offset < len(self.data):
                raise PdfError(f"the cross-reference offset {offset!r} points outside the file or in a loop")
            visited.add(offset)
            table = _TABLE.match(self.data, offset)
            section = self._read_table(table.end()) if table else self._read_xref_stream(offset)
            trailer = trailer or section
            offset = section.get("/Prev")
        assert trailer is not None
        if "/Root" not in trailer or "/Size" not in trailer:
            raise PdfError("the trailer has no /Root or no /Size")
        return trailer

    def _read_table(self, pos: int) -> dict[str, object]:
        """A classic cross-reference table from just after "xref", and its trailer dictionary."""
        while header := _SUBSECTION.match(self.data, pos):
            first, count = int(header.group(1)), int(header.group(2))
            pos = header.end()
            for number_ in range(first, first + count):
                entry = _ENTRY.match(self.data, pos)
                if entry is None:
                    raise PdfError(f"the cross-reference table has a broken entry at byte {pos}")
                pos = entry.end()
                if entry.group(3) == b"n" and number_:
                    self._where.setdefault(number_, _Location(offset=int(entry.group(1))))
        trailer = _TRAILER.match(self.data, pos)
        if trailer is None:
            raise PdfError(f"the cross-reference table has no trailer at byte {pos}")
        values, _, _ = next(parse(self.data, trailer.end(), len(self.data), self))
        if not values or not isinstance(values[0], dict):
            raise PdfError(f"the trailer at byte {trailer.end()} is not a dictionary")
        return values[0]

    def _read_xref_stream(self, offset: int) -> dict[str, object]:
        """A cross-reference stream (§7.5.8) at `offset`: its dictionary is the trailer."""
        header = _OBJECT_HEADER.match(self.data, offset)
        if header is None:
            raise PdfError(f"startxref points at byte {offset}, where there is no cross-reference")
        xref = self._read_at(int(header.group(1)), offset)
        if not isinstance(xref, Stream) or xref.get("/Type") != "/XRef":
            raise PdfError(f"the object at byte {offset} is not a cross-reference stream")
        widths = [integer(w) for w in array(xref.get("/W"))]
        if len(widths) != 3 or min(widths) < 0:
            raise PdfError(f"the cross-reference stream's /W {widths} is not three field widths")
        index = [integer(i) for i in array(xref.get("/Index"))] or [0, integer(xref.get("/Size"))]
        numbers = [n for first, count in zip(index[0::2], index[1::2]) for n in range(first, first + count)]
        for number_, (kind, field, index_) in zip(numbers, _rows(xref.data, widths, len(numbers))):
            if kind == 1 and number_:
                self._where.setdefault(number_, _Location(offset=field))
            elif kind == 2:
                self._where.setdefault(number_, _Location(in_stream=field, position=index_))
        return dict(xref)

    def _read_at(self, number_: int, offset: int) -> object:
        """The object written as `number 0 obj ... endobj` at `offset`: a value, or a stream."""
        header = _OBJECT_HEADER.match(self.data, offset)
        if header is None or int(header.group(1)) != number_:
            raise PdfError(f"object {number_} is not at byte {offset}, where the cross-reference puts it")
        values, keyword, pos = next(parse(self.data, header.end(), len(self.data), self))
        if keyword not in (b"endobj", b"stream") or len(values) != 1:
            raise PdfError(f"object {number_} (byte {offset}) is not one value followed by endobj or stream")
        if keyword == b"endobj":
            return values[0]
        fields = values[0]
        if not isinstance(fields, dict):
            raise PdfError(f"object {number_} (byte {offset}) has a stream but no dictionary")
        start = _STREAM_START.match(self.data, pos)
        if start is None:
            raise PdfError(f"object {number_}: the keyword stream is not followed by a line end")
        length = resolve(fields.get("/Length"))
        if type(length) is not int or length < 0:
            raise PdfError(f"object {number_}: the stream's /Length is {describe(length)}, not a length")
        end = start.end() + length
        if end > len(self.data) or not _STREAM_END.match(self.data, end):
            raise PdfError(f"object {number_}: no endstream after the {length} bytes its /Length gives")
        return Stream(fields, self.data[start.end() : end])

    def _packed_bytes(self, number_: int, where: _Location) -> tuple[bytes, int, int]:
        """The data of the object stream that holds object `number_`, and where the object starts and ends in it."""
        data, offsets = self._object_stream(where.in_stream)
        if where.position >= len(offsets) or offsets[where.position][0] != number_:
            raise PdfError(f"object {number_} is not object {where.position} of object stream {where.in_stream}")
        start = offsets[where.position][1]
        ends = self._ends[where.in_stream]
        return data, start, ends.get(start, len(data))

    def _read_packed(self, number_: int, where: _Location) -> object:
        """The index-th object of an object stream (§7.5.7)."""
        data, start, end = self._packed_bytes(number_, where)
        values, keyword, _ = next(parse(data, start, end, self))
        if keyword or len(values) != 1:
            raise PdfError(f"object {number_} in object stream {where.in_stream} is not one value")
        return values[0]

    def _object_stream(self, number_: int) -> tuple[bytes, list[tuple[int, int]]]:
        """An object stream's data and its (object number, position) pairs, read once."""
        if number_ not in self._object_streams:
            packed = stream(self.get(number_))
            if packed is None or packed.get("/Type") != "/ObjStm":
                raise PdfError(f"object {number_} is not an object stream")
            count, first, data = integer(packed.get("/N")), integer(packed.get("/First")), packed.data
            header = data[:first].split()
            if len(header) != 2 * count or not all(token.isdigit() for token in header):
                raise PdfError(f"object stream {number_}: its header does not list /N {count} objects")
            pairs = [int(token) for token in header]
            objects = [(pairs[i], first + pairs[i + 1]) for i in range(0, len(pairs), 2)]
            self._object_streams[number_] = (data, objects)
            starts = sorted({start for _, start in objects})
            self._ends[number_] = dict(zip(starts, starts[1:]))  # an object ends where the next one starts
        return self._object_streams[number_]


_FIELD_CODES = {0: "", 1: "B", 2: "H", 4: "I", 8: "Q"}  # struct codes of the usual field widths


def _rows(data: bytes, widths: list[int], count: int) -> list[tuple[int, int, int]]:
    """The first `count` rows of a cross-reference stream as (type, field 2, field 3); a field of width 0
    takes its default (§7.5.8.2: type 1, the others 0)."""
    if len(data) < count * sum(widths):
        raise PdfError("the cross-reference stream is shorter than its /Index says")
    if all(width in _FIELD_CODES for width in widths):  # the usual case, [1 4 2] from pdfpack: unpacked in C
        layout = struct.Struct(">" + "".join(_FIELD_CODES[width] for width in widths))
        found = list(layout.iter_unpack(data[: count * layout.size])) if layout.size else [()] * count
    else:
        offsets = [sum(widths[:i]) for i in range(3)]
        row = sum(widths)
        found = [
            tuple(int.from_bytes(data[r * row + o : r * row + o + w], "big") for o, w in zip(offsets, widths) if w)
            for r in range(count)
        ]
    rows = []
    for values in found:
        fields = iter(values)
        rows.append(
            (
                next(fields) if widths[0] else 1,
                next(fields) if widths[1] else 0,
                next(fields) if widths[2] else 0,
            )
        )
    return rows
