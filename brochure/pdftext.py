"""The text a page shows, piece by piece, with where each piece starts (ISO 32000-1 §9.4, §9.10).

In:  a page's content stream (bytes) and its resources dictionary.
Out: `page_texts(...)`: `TextPiece`s in the order the stream shows them; `unicode_map(font)`: a font's
     character code -> text map, read from its ToUnicode CMap.

A piece is the text shown from one text position in one font: it ends where the text is positioned
again (BT, ET, Tm, Td, TD, T*, ' and "), where the font changes (Tf), at a change of the transformation
(cm, q, Q) and at a form or image (Do). Its point is where its first glyph starts (the text matrix
advanced by the widths of the glyphs shown before it, as a viewer places them), in page space; its
size the font size scaled as the text matrix and the CTM scale it horizontally. A code the font's
ToUnicode map lacks reads as U+FFFD, so a missing mapping is seen, not guessed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from .pdfobjects import Stream, array, dictionary, number, operations, resolve, stream

Matrix = tuple[float, float, float, float, float, float]
IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
# In a TJ array, a shift of more than this (thousandths of an em, leftwards) is a word space, not kerning.
WORD_GAP = 200


@dataclass(frozen=True)
class TextPiece:
    text: str
    x: float
    y: float
    font: str  # base font name without the subset tag, e.g. "noto-sans-Bold"
    size: float


def unicode_map(font: object) -> dict[int, str]:
    """A font's code -> Unicode map from its ToUnicode CMap (bfchar and bfrange); empty without one."""
    cmap = stream(dictionary(font).get("/ToUnicode"))
    if cmap is None:
        return {}
    data = cmap.data.decode("latin-1")
    mapping: dict[int, str] = {}
    for block in re.findall(r"beginbfchar(.*?)endbfchar", data, re.S):
        for code, uni in re.findall(r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block):
            mapping[int(code, 16)] = bytes.fromhex(uni).decode("utf-16-be")
    for block in re.findall(r"beginbfrange(.*?)endbfrange", data, re.S):
        for low, high, start in re.findall(r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block):
            base = int(start, 16)
            for offset, code in enumerate(range(int(low, 16), int(high, 16) + 1)):
                mapping[code] = chr(base + offset)
    return mapping


@dataclass(frozen=True)
class _Font:
    """What reading text needs of a font: its name, code width (1 or 2 bytes), text and glyph widths."""

    name: str
    code_bytes: int
    text: dict[int, str]
    widths: dict[int, float]  # code -> width in thousandths of an em
    default_width: float

    @staticmethod
    def read(value: object) -> _Font:
        font = dictionary(value)
        name = re.sub(r"^/?([A-Z]{6}\+)?", "", str(resolve(font.get("/BaseFont", ""))))
        widths: dict[int, float] = {}
        if font.get("/Subtype") == "/Type0":
            descendant = dictionary(array(font.get("/DescendantFonts"))[0])
            entries = array(descendant.get("/W"))
            index = 0
            while index < len(entries):  # §9.7.4.3: c [w1 w2 ...] or c_first c_last w
                first = int(number(entries[index]))
                following = resolve(entries[index + 1])
                if isinstance(following, list):
                    widths.update({first + i: number(w) for i, w in enumerate(following)})
                    index += 2
                else:
                    widths.update(dict.fromkeys(range(first, int(number(following)) + 1), number(entries[index + 2])))
                    index += 3
            return _Font(name, 2, unicode_map(font), widths, number(descendant.get("/DW", 1000)))
        first = int(number(font.get("/FirstChar", 0)))
        widths = {first + i: number(w) for i, w in enumerate(array(font.get("/Widths")))}
        missing = number(dictionary(font.get("/FontDescriptor")).get("/MissingWidth", 0))
        return _Font(name, 1, unicode_map(font), widths, missing)


@dataclass(frozen=True)
class _State:
    """The graphics and text state the text depends on (§8.4, §9.3); saved by q, restored by Q."""

    ctm: Matrix = IDENTITY
    font: _Font | None = None
    size: float = 0.0
    char_spacing: float = 0.0
    word_spacing: float = 0.0
    scale: float = 1.0  # Tz / 100
    leading: float = 0.0


def _times(a: Matrix, b: Matrix) -> Matrix:
    """The matrix product a × b (apply a, then b)."""
    return (
        a[0] * b[0] + a[1] * b[2],
        a[0] * b[1] + a[1] * b[3],
        a[2] * b[0] + a[3] * b[2],
        a[2] * b[1] + a[3] * b[3],
        a[4] * b[0] + a[5] * b[2] + b[4],
        a[4] * b[1] + a[5] * b[3] + b[5],
    )


class _Reader:
    """Walks a content stream (and the forms it paints), collecting the pieces."""

    def __init__(self) -> None:
        self.pieces: list[TextPiece] = []
        self.fonts: dict[int, _Font] = {}  # by id() of the font dictionary: each read once
        self.text: list[str] = []
        self.start: tuple[float, float, str, float] = (0.0, 0.0, "", 0.0)

    def flush(self) -> None:
        text = "".join(self.text)
        if text.strip("\n"):
            x, y, font, size = self.start
            self.pieces.append(TextPiece(text.replace("\n", ""), x, y, font, size))
        self.text = []

    def font(self, resources: dict[str, object], name: object) -> _Font | None:
        value = resolve(dictionary(resources.get("/Font")).get(str(name)))
        if value is None:
            return None
        key = id(value)
        if key not in self.fonts:
            self.fonts[key] = _Font.read(value)
        return self.fonts[key]

    def read(self, content: bytes, resources: dict[str, object], state: _State, depth: int = 0) -> None:
        """One content stream, operator by operator; `depth` counts the forms it is inside (a loop stops at 8)."""
        stack: list[_State] = []
        matrix = line = IDENTITY  # the text matrix and the text line matrix
        for operands, operator in operations(content):
            if operator in (b"Tj", b"'", b'"', b"TJ"):
                if operator in (b"'", b'"'):
                    if operator == b'"':
                        state = replace(state, word_spacing=number(operands[0]), char_spacing=number(operands[1]))
                    self.flush()
                    matrix = line = _times((1, 0, 0, 1, 0, -state.leading), line)
                items = array(operands[-1]) if operator == b"TJ" else operands[-1:]
                for item in items:
                    if isinstance(item, bytes):
                        matrix = self.show(item, state, matrix)
                    elif not isinstance(item, bool) and isinstance(item, int | float):
                        if -item > WORD_GAP and self.text and not self.text[-1].endswith(" "):
                            self.text.append(" ")
                        matrix = _times((1, 0, 0, 1, -item / 1000 * state.size * state.scale, 0), matrix)
                continue
            if operator in (b"BT", b"ET", b"Tm", b"Td", b"TD", b"T*", b"Tf", b"cm", b"q", b"Q", b"Do"):
                self.flush()
            if operator == b"BT":
                matrix = line = IDENTITY
            elif operator == b"Tm":
                a, b, c, d, e, f = (number(v) for v in operands[:6])
                matrix = line = (a, b, c, d, e, f)
            elif operator in (b"Td", b"TD"):
                tx, ty = number(operands[0]), number(operands[1])
                if operator == b"TD":
                    state = replace(state, leading=-ty)
                matrix = line = _times((1, 0, 0, 1, tx, ty), line)
            elif operator == b"T*":
                matrix = line = _times((1, 0, 0, 1, 0, -state.leading), line)
            elif operator == b"Tf":
                state = replace(state, font=self.font(resources, operands[0]), size=number(operands[1]))
            elif operator == b"TL":
                state = replace(state, leading=number(operands[0]))
            elif operator == b"Tc":
                state = replace(state, char_spacing=number(operands[0]))
            elif operator == b"Tw":
                state = replace(state, word_spacing=number(operands[0]))
            elif operator == b"Tz":
                state = replace(state, scale=number(operands[0]) / 100)
            elif operator == b"cm":
                a, b, c, d, e, f = (number(v) for v in operands[:6])
                state = replace(state, ctm=_times((a, b, c, d, e, f), state.ctm))
            elif operator == b"q":
                stack.append(state)
            elif operator == b"Q" and stack:
                state = stack.pop()
            elif operator == b"Do" and depth < 8:
                self.form(resources, operands[0], state, depth)
        self.flush()

    def form(self, resources: dict[str, object], name: object, state: _State, depth: int) -> None:
        """The text of a form XObject painted by Do (an image has none)."""
        xobject = stream(dictionary(resources.get("/XObject")).get(str(name)))
        if not isinstance(xobject, Stream) or xobject.get("/Subtype") != "/Form":
            return
        values = [number(v) for v in array(xobject.get("/Matrix"))] or list(IDENTITY)
        a, b, c, d, e, f = values[:6]
        inner = dictionary(xobject.get("/Resources")) or resources
        self.read(xobject.data, inner, replace(state, ctm=_times((a, b, c, d, e, f), state.ctm)), depth + 1)

    def show(self, codes: bytes, state: _State, matrix: Matrix) -> Matrix:
        """Add a string's text to the piece (starting one if none is open); the text matrix after its glyphs."""
        font = state.font
        step = font.code_bytes if font else 1
        values = [int.from_bytes(codes[i : i + step], "big") for i in range(0, len(codes), step)]
        if not self.text:
            x, y = _point(matrix, state.ctm)
            size = state.size * matrix[0] * state.ctm[0] if matrix[0] else state.size
            self.start = (x, y, font.name if font else "", size)
        self.text.append("".join(font.text.get(code, "\ufffd") for code in values) if font else "\ufffd" * len(values))
        advance = 0.0
        for code in values:
            width = font.widths.get(code, font.default_width) if font else 0.0
            advance += width / 1000 * state.size + state.char_spacing
            if step == 1 and code == 32:
                advance += state.word_spacing
        return _times((1, 0, 0, 1, advance * state.scale, 0), matrix) if advance else matrix


def _point(matrix: Matrix, ctm: Matrix) -> tuple[float, float]:
    """The text space origin in page space."""
    x, y = matrix[4], matrix[5]
    return x * ctm[0] + y * ctm[2] + ctm[4], x * ctm[1] + y * ctm[3] + ctm[5]


def page_texts(content: bytes, resources: dict[str, object]) -> list[TextPiece]:
    """Every piece of text a page shows (see the module docstring), in the order of its content stream."""
    reader = _Reader()
    reader.read(content, resources, _State())
    return reader.pieces
