"""Text setting for the layout stage: spans of a block -> positioned runs in a `Frame`.

In:  an `Edition` and one fit candidate (body size, leading, whether to hyphenate);
     then, per call, a `Text`, a column (x, top, width) in a frame and a `TextStyle`.
Out: `TextRun`s in the frame, each in a concrete font face, with its structure path;
     the y below the text. Problems go to the `Report`: a character no font of the
     edition has, bold or italic markup a family has no face for, a word or number
     wider than its column (with a hint that fits the case).

Faces: each character is set in the edition's font, or else the first fallback
font that has it. Sizes and spacings come from the design's `StyleSheet`, scaled
with the body size of the candidate.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from .diagnostics import Location, Report, display_path
from .fonts import FontFace, face, style_name
from .frames import Frame, FrameRun, Tag
from .limits import READABLE_FLOOR
from .linebreak import BREAKING_SPACES, SOFT_HYPHEN, Hyphenator, Line, Piece, Style, TooWide, wrap
from .model import Color, Edition, HorizontalAlign, Hyphenation, Span, Text
from .stylesheet import StyleSheet

_STYLE_WORDS = {"Regular": "regular", "Bold": "bold", "Italic": "italic", "BoldItalic": "bold italic"}
# One-letter words that typographic custom keeps off the end of a line, by language.
CLINGING_WORDS = {"pl": "aiouwzAIOUWZ", "cs": "aiouvkszAIOUVKSZ", "sk": "aiouvkszAIOUVKSZ"}


@dataclass(frozen=True)
class TextStyle:
    face: FontFace
    size: float
    color: Color
    bold: bool
    italic: bool
    line_height: float
    hyphenate: bool = True  # body text only: a hyphenated heading or figure reads badly


@dataclass(frozen=True)
class Palette:
    """The colours text is set in on one ground: body text, headings, accents (figures, bullet marks)."""

    text: Color
    heading: Color
    accent: Color


def is_dark(color: Color) -> bool:
    r, g, b = color.rgb
    return 0.2126 * r + 0.7152 * g + 0.0722 * b < 0.45


@cache
def hyphenator(language: str) -> Hyphenator | None:
    import pyphen  # only once a fit candidate hyphenates: most editions fit without (a few ms of start-up)

    found = pyphen.language_fallback(language.replace("-", "_"))
    if not found:
        return None
    path = pyphen.LANGUAGES[found]
    if path not in pyphen.hdcache:  # parsed once, then kept between runs (a dictionary takes 10-120 ms)
        from .hyphencache import parsed_dictionary

        pyphen.hdcache[path] = parsed_dictionary(path)
    dictionary = pyphen.Pyphen(lang=found, left=4, right=4)
    positions: Hyphenator = dictionary.positions
    return positions


class Typesetter:
    """Sets text for one edition at one fit candidate (body size, leading, hyphenation).

    It remembers what the fit search needs to know afterwards: every font face drawn with
    (`fonts_used`), and whether a word was too wide while hyphenation was off.
    """

    def __init__(self, edition: Edition, body: float, leading: float, hyphenate: bool, sheet: StyleSheet | None = None):
        self.edition = edition
        self.design = edition.design
        self.type = edition.design.type
        self.sheet = sheet or edition.design.style  # another sheet for another product (the instructions)
        self.body = body
        self.scale = body / self.type.body_size
        self.leading = leading
        self.hyphenator = hyphenator(edition.language) if hyphenate else None
        self.clinging = CLINGING_WORDS.get(edition.language.split("-")[0].lower(), "")
        self.fonts_used: set[str] = set()
        self._families = (self.type.font,) + self.type.fallback_fonts  # the fonts a character is looked up in
        self._faces_by_style: dict[tuple[bool, bool], tuple[FontFace, ...]] = {}
        self._primary: dict[tuple[bool, bool], FontFace] = {}
        # The families as plain strings, for the memo's key (comparing families compares paths: slow).
        self.fonts_key = tuple((f.name, str(f.folder), tuple(map(str, f.faces))) for f in self._families)
        _keep_texts_of(edition)
        self.needs_hyphenation = False  # a word was too wide for its column while hyphenation was off

    def scaled(self, size: float) -> float:
        """A design size stepped down with the body, never below the readable floor the loader promised."""
        return max(READABLE_FLOOR, size * self.scale)

    def palette(self, background: Color | None) -> Palette:
        """The text colours on a ground: light on a dark one, the design's own otherwise."""
        colors = self.design.colors
        if background is not None and is_dark(background):
            light = colors["on_brand"]
            return Palette(light, light, light)
        return Palette(colors["text"], colors["brand"], colors["accent"])

    def style(
        self,
        color: Color,
        *,
        size: float | None = None,
        bold: bool = False,
        italic: bool = False,
        leading: float | None = None,
        hyphenate: bool = True,
    ) -> TextStyle:
        """A style in the edition's font: the body size and leading unless told otherwise."""
        size = size if size is not None else self.body
        primary = self._primary.get((bold, italic))
        if primary is None:  # `face` compares families (their paths: slow), so once per typesetter and style
            primary = self._primary[bold, italic] = face(self.type.font, bold, italic)
        return TextStyle(
            primary,
            size,
            color,
            bold,
            italic,
            size * (leading if leading is not None else self.leading),
            hyphenate,
        )

    def baseline(self, style: TextStyle) -> float:
        """Distance from the top of a line box to its baseline: the glyphs sit centred in the leading."""
        return (style.line_height - style.size) / 2 + self.sheet.ascent * style.size

    def mark(
        self,
        frame: Frame,
        text: str,
        x: float,
        baseline: float,
        style: TextStyle,
        tag: tuple[Tag, ...],
        source: Location,
    ) -> None:
        """One run set outside the line breaker (a bullet mark), at `baseline` below the frame's top."""
        self.fonts_used.add(style.face.name)
        width = style.face.width(text, style.size)
        run = FrameRun(x, baseline, text, style.face.name, style.size, style.color, width, None, tag, source)
        frame.runs.append(run)

    def text(
        self,
        frame: Frame,
        text: Text,
        x: float,
        y: float,
        width: float,
        style: TextStyle,
        report: Report,
        source: Location,
        where: str,
        align: HorizontalAlign = HorizontalAlign.LEFT,
        tag: tuple[Tag, ...] = (Tag("P"),),
    ) -> float:
        """Wrap `text` into `width` starting at `y` (top); add its runs to `frame`; return the y below it.

        A line break in the text (a newline from a `|` block in the YAML) starts a new line.
        `tag` is the structure path every run of the text gets (a paragraph by default).
        """
        broken = _broken(self, text, style, width, report, source, where)
        lines = broken.lines
        for piece in broken.too_wide:
            if not piece.unbreakable and style.hyphenate and self.hyphenator is None:
                self.needs_hyphenation = True
            report.error(
                f"'{piece.text}' is {piece.width:.1f} pt wide but the column is {piece.available:.1f} pt; "
                "it cannot be broken",
                source,
                where=where,
                hint=too_wide_hint(self, piece, style),
            )
        baseline = self.baseline(style)
        spaced = broken.spaced
        for number, line in enumerate(lines):
            shift = aligned(align, width, line.width)
            following = lines[number + 1].fragments if number + 1 < len(lines) else ()
            last = len(line.fragments) - 1
            for index, fragment in enumerate(line.fragments):
                joined, continues = "", 0
                if index == last and fragment.text.endswith(SOFT_HYPHEN) and following:
                    # Only ever one style per hyphenated word, so its tail opens the next line's first fragment.
                    tail = following[0].text.split(" ", 1)[0]
                    joined = fragment.text.rsplit(" ", 1)[-1][:-1] + tail
                if index == 0 and number and lines[number - 1].fragments[-1].text.endswith(SOFT_HYPHEN):
                    continues = len(fragment.text.split(" ", 1)[0])
                s = fragment.style
                run_tag = tag + ((Tag("Span", lang=s.lang),) if s.lang else ())
                frame.runs.append(
                    FrameRun(
                        x + shift + fragment.x,
                        y + baseline,
                        fragment.text,
                        s.face.name,
                        s.size,
                        s.color,
                        fragment.width,
                        s.link,
                        run_tag,
                        source,
                        joined,
                        continues,
                        spaced[number] and index == last,
                    )
                )
            y += style.line_height
        return y

    def pieces(self, text: Text, style: TextStyle, report: Report, source: Location, where: str) -> list[Piece]:
        """Spans -> pieces in concrete faces; characters the font lacks come from a fallback font or are reported."""
        pieces: list[Piece] = []
        reported: set[tuple[str, str]] = set()
        for span in text:
            faces = self.faces(span, style)
            run_face: FontFace | None = None
            run: list[str] = []
            for chunk, chosen in _face_runs(span.text, faces):
                if chosen is None:  # one character
                    report.error(
                        f"character '{chunk}' (U+{ord(chunk):04X}) is in no font of this edition "
                        f"({', '.join(f.name for f in self._families)})",
                        source,
                        where=where,
                        hint="replace or remove it, or add a font that has it as type.fallback",
                    )
                    continue
                if chosen is not run_face:
                    check_emphasis(span, chosen, report, source, where, reported)
                if run_face is not None and chosen is not run_face and run:
                    pieces.append(self._piece("".join(run), run_face, style, span))
                    run = []
                run_face = chosen
                run.append(chunk)
            if run and run_face is not None:
                pieces.append(self._piece("".join(run), run_face, style, span))
        return pieces

    def faces(self, span: Span, style: TextStyle) -> tuple[FontFace, ...]:
        """The faces a span's characters are looked up in, in order: the edition's font, then its fallbacks."""
        return self._faces_in(style.bold or span.bold or span.kind.dials, style.italic or span.italic)

    def _faces_in(self, bold: bool, italic: bool) -> tuple[FontFace, ...]:
        """The edition's font and its fallbacks in one style. Looked up once per typesetter: `face` finds its
        faces by family, and comparing families compares their paths (slow); the first lookup here registers
        the faces again if `fonts.release_faces` dropped them, as each typesetter does its first."""
        faces = self._faces_by_style.get((bold, italic))
        if faces is None:
            faces = self._faces_by_style[bold, italic] = tuple(face(family, bold, italic) for family in self._families)
        return faces

    def _piece(self, text: str, run_face: FontFace, style: TextStyle, span: Span) -> Piece:
        self.fonts_used.add(run_face.name)
        return Piece(text, Style(run_face, style.size, style.color, span.link, span.lang), span.unbreakable)


@dataclass(frozen=True)
class _Broken:
    """A text broken into lines, before it is placed: the lines, the pieces wider than the column,
    whether each line ended at a space (`_broken_at_spaces`), and the names of the faces it is set in."""

    lines: tuple[Line, ...]
    too_wide: tuple[TooWide, ...]
    spaced: tuple[bool, ...]
    faces: frozenset[str]


# Texts broken before in this process, by everything that decides their lines (see `_broken`).
_BROKEN: dict[tuple[object, ...], _Broken] = {}
_BROKEN_LIMIT = 4096
_BROKEN_OWNER: list[str] = []  # the path of the edition whose texts `_BROKEN` holds


def _broken(
    setter: Typesetter, text: Text, style: TextStyle, width: float, report: Report, source: Location, where: str
) -> _Broken:
    """`text` in `style` broken into lines of `width` by `setter`: from `_BROKEN` when it was broken so before.

    The fit search sets every text again at each candidate, though one of the same size (only the
    leading differs) breaks it into the same lines. Only a text whose pieces reported nothing is kept,
    so every finding is made again wherever it belongs; what the lines are does not depend on the
    leading, the position or the tag, which are left out of the key.
    """
    hyphenate = setter.hyphenator if style.hyphenate else None
    key = (text, style.size, style.color, style.bold, style.italic, hyphenate, width, setter.clinging, setter.fonts_key)
    broken = _BROKEN.get(key)
    if broken is not None:
        for span in text:
            setter.faces(span, style)  # registered again if `fonts.release_faces` dropped them since
        setter.fonts_used |= broken.faces
        return broken
    reported = len(report.findings)
    pieces = setter.pieces(text, style, report, source, where)
    lines: list[Line] = []
    too_wide: list[TooWide] = []
    for part in _split_lines(pieces):
        wrapped = wrap(part, width, hyphenate, setter.clinging)
        lines.extend(wrapped.lines)
        too_wide.extend(wrapped.too_wide)
    spaced = _broken_at_spaces("".join(piece.text for piece in pieces), lines)
    broken = _Broken(tuple(lines), tuple(too_wide), tuple(spaced), frozenset(p.style.face.name for p in pieces))
    if len(report.findings) == reported:
        if len(_BROKEN) >= _BROKEN_LIMIT:
            _BROKEN.clear()  # a long-lived process keeps the latest texts only
        _BROKEN[key] = broken
    return broken


def forget_texts() -> None:
    """Drop the texts kept broken into lines, and their face runs: the next edition sets every text afresh."""
    _BROKEN.clear()
    _FACE_RUNS.clear()
    _BROKEN_OWNER.clear()


def _keep_texts_of(edition: Edition) -> None:
    """Empty the memos when another edition is set: it shares almost no text with the last, and a worker
    of `--all` must not carry every edition's texts (it stays under 100 MiB)."""
    if _BROKEN_OWNER[:1] != [str(edition.path)]:
        forget_texts()
        _BROKEN_OWNER.append(str(edition.path))


def _face_runs(text: str, faces: tuple[FontFace, ...]) -> tuple[tuple[str, FontFace | None], ...]:
    """`text` (soft hyphens dropped) in the runs the first face that has each character makes: each run
    a stretch of characters in one face, or one character no face has (None). Kept per text and faces:
    every candidate of the fit search looks the same characters up again."""
    key = (text, tuple((f.name, str(f.path)) for f in faces))  # strings: comparing faces compares paths, slowly
    runs = _FACE_RUNS.get(key)
    if runs is None:
        if len(_FACE_RUNS) >= _BROKEN_LIMIT:
            _FACE_RUNS.clear()
        runs = _FACE_RUNS[key] = _runs_in_faces(text.replace("\u00ad", ""), faces)
    return runs


def _runs_in_faces(text: str, faces: tuple[FontFace, ...]) -> tuple[tuple[str, FontFace | None], ...]:
    """`_face_runs` worked out: a line break goes with the first face; a character no face has is a
    run of its own."""
    if text and faces and faces[0].has_glyphs(text.replace("\n", "")):
        return ((text, faces[0]),)  # the usual case, one test: the first face has every character
    found: list[tuple[str, FontFace | None]] = []
    for char in text:
        chosen = next((f for f in faces if f.has_glyph(char) or char in "\n"), None)
        if chosen is not None and found and found[-1][1] is chosen:
            found[-1] = (found[-1][0] + char, chosen)
        else:
            found.append((char, chosen))
    return tuple(found)


_FACE_RUNS: dict[tuple[str, tuple[tuple[str, str], ...]], tuple[tuple[str, FontFace | None], ...]] = {}


def too_wide_hint(setter: Typesetter, too_wide: TooWide, style: TextStyle) -> str:
    """What to do about a piece wider than its column: depends on what it is and what was tried."""
    if too_wide.unbreakable:
        return (
            "a phone number or web address must stay on one line: shorten it (e.g. drop 'http://'), "
            "or set it as a contact block where it has a line of its own"
        )
    hint = "shorten the word, or break it with a space or a hyphen"
    if not style.hyphenate:
        return hint + " (headings, names and figures are never hyphenated)"
    if setter.design.hyphenate == Hyphenation.NEVER:
        return hint + ", or allow hyphenation (hyphenate: auto in brochure.yaml)"
    if hyphenator(setter.edition.language) is None:
        return hint + f" (there is no hyphenation dictionary for '{setter.edition.language}')"
    return hint + " (hyphenation found no break that fits)"


def check_emphasis(
    span: Span, chosen: FontFace, report: Report, source: Location, where: str, reported: set[tuple[str, str]]
) -> None:
    """Bold or italic the text's own markup asks for must be in the face it is set in: printed
    upright (or regular) instead, the emphasis would be lost without a word. One error per text and face."""
    missing = [
        marks
        for marks, wanted, has in (("**", span.bold, "Bold"), ("*", span.italic, "Italic"))
        if wanted and has not in chosen.style
    ]
    wanted_style = style_name(span.bold, span.italic)
    if not missing or (chosen.family, wanted_style) in reported:
        return
    reported.add((chosen.family, wanted_style))
    report.error(
        f"font '{chosen.family}' has no {_STYLE_WORDS[wanted_style]} face: '{span.text.strip()[:40]}' "
        f"would print in its {_STYLE_WORDS[chosen.style]} face",
        source,
        where=where,
        hint=f"remove the {' and '.join(missing)} marks around it, or add the family's "
        f"{_STYLE_WORDS[wanted_style]} file (<Name>-{wanted_style}.ttf) to {display_path(chosen.path.parent)}",
    )


def aligned(align: HorizontalAlign, width: float, used: float) -> float:
    """How far from the column's left edge something `used` points wide starts."""
    if align == HorizontalAlign.CENTER:
        return max(width - used, 0.0) / 2
    if align == HorizontalAlign.RIGHT:
        return max(width - used, 0.0)
    return 0.0


def _broken_at_spaces(source: str, lines: Sequence[Line]) -> list[bool]:
    """For each wrapped line, whether the text went on after a space the line break removed.

    (False after a hyphen, a soft hyphen, between Chinese characters, and on the last line.)
    """
    result = []
    cursor = 0
    for line in lines:
        visible = line.text.replace(SOFT_HYPHEN, "")
        found = source.find(visible, cursor) if visible else -1
        if found < 0:
            result.append(False)
            continue
        cursor = found + len(visible)
        # A forced line break (a newline in the data) reads as a space too.
        result.append(cursor < len(source) and source[cursor] in BREAKING_SPACES + "\n")
    if result:
        result[-1] = False
    return result


def _split_lines(pieces: list[Piece]) -> list[list[Piece]]:
    """Pieces cut at every line break ("\\n"): each part is wrapped on its own, starting a new line."""
    parts: list[list[Piece]] = [[]]
    for piece in pieces:
        chunks = piece.text.split("\n")
        for i, chunk in enumerate(chunks):
            if i:
                parts.append([])
            if chunk:
                parts[-1].append(Piece(chunk, piece.style, piece.unbreakable))
    return parts
