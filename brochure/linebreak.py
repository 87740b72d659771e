"""Line breaking for the layout stage: styled pieces of text + a column width -> lines.

Our own breaker rather than ReportLab's Paragraph, because the brochure's
promises live here and must not depend on ReportLab internals:
- an unbreakable piece (a phone number, a URL) never wraps; if it is wider
  than the column that is reported (`TooWide`), never split or clipped;
- Latin text breaks after spaces and after a hyphen between letters, and long
  words may be hyphenated (the hyphen drawn is U+00AD, so extracted text and
  copy-paste give the word back whole);
- Chinese and other wide scripts break between wide characters, except before
  closing punctuation and after opening punctuation (kinsoku), and never inside
  a run of narrow characters such as a number.
Lines are filled greedily (first fit), the usual choice for ragged-right text.

In:  `Piece`s (text with its face, size, colour, link), a width in points, an
     optional hyphenator (word -> break positions).
Out: `Wrapped`: `Line`s of positioned `Fragment`s, and any `TooWide` pieces.
"""

from __future__ import annotations

import unicodedata
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache

from .fonts import FontFace
from .model import Color

SOFT_HYPHEN = "\u00ad"
BREAKING_SPACES = " \u3000"
# Characters a line must not start with (closing punctuation, CJK small marks) ...
NO_LINE_START = set(
    "!%),.:;?]}¢°·’”‰′″℃、。〃〉》」』】〕〗〙〛〞ゝゞヽヾーァィゥェォッャュョヮヵヶぁぃぅぇぉっゃゅょゎゕゖㇰㇱㇲㇳㇴㇵㇶㇷㇸㇹㇺㇻㇼㇽㇾㇿ々〻"
    "！％），．：；？］｝｡｣､･ｧｨｩｪｫｬｭｮｯｰﾞﾟ…‥—～"
)
# ... and must not end with (opening punctuation).
NO_LINE_END = set("$([{£¥‘“〈《「『【〔〖〘〝＄（［｛｢￡￥")


@dataclass(frozen=True)
class Style:
    """How a piece of text is drawn."""

    face: FontFace
    size: float
    color: Color
    link: str | None = None
    lang: str = ""  # text in another language than the edition's keeps its own fragments, to be tagged so


@dataclass(frozen=True)
class Piece:
    text: str
    style: Style
    unbreakable: bool = False


@dataclass(frozen=True)
class Fragment:
    """Text in one style at `x` points from the start of its line."""

    x: float
    text: str
    style: Style
    width: float


@dataclass(frozen=True)
class Line:
    fragments: tuple[Fragment, ...]
    width: float
    hyphenated: bool = False

    @property
    def text(self) -> str:
        return "".join(f.text for f in self.fragments)


@dataclass(frozen=True)
class TooWide:
    """A piece that cannot be broken and is wider than the column.

    `unbreakable`: it is a phone number or web address (never broken on purpose),
    rather than a word no break opportunity or hyphenation could split.
    """

    text: str
    width: float
    available: float
    unbreakable: bool = False


@dataclass(frozen=True)
class Wrapped:
    lines: tuple[Line, ...]
    too_wide: tuple[TooWide, ...]


Hyphenator = Callable[[str], list[int]]


def is_wide(char: str) -> bool:
    return unicodedata.east_asian_width(char) in ("W", "F")


@dataclass
class _Segment:
    """Text between two break opportunities: (text, style) runs and trailing spaces."""

    runs: list[tuple[str, Style]]
    unbreakable: bool
    # Its width with and without its trailing spaces, measured once: the breaker asks for both, again after a break.
    _widths: dict[bool, float] = field(default_factory=dict, repr=False, compare=False)

    @property
    def text(self) -> str:
        return "".join(text for text, _ in self.runs)

    def width(self, trailing: bool = True) -> float:
        known = self._widths.get(trailing)
        if known is not None:
            return known
        total = 0.0
        runs = self.runs if trailing else self._without_trailing_space()
        for text, style in runs:
            total += style.face.width(text, style.size)
        self._widths[trailing] = total
        return total

    def _without_trailing_space(self) -> list[tuple[str, Style]]:
        runs = list(self.runs)
        while runs:
            text, style = runs[-1]
            stripped = text.rstrip(BREAKING_SPACES)
            if stripped:
                runs[-1] = (stripped, style)
                break
            runs.pop()
        return runs


def _break_allowed(chars: str, owners: list[int], unbreakable: list[bool], i: int, clinging: str) -> bool:
    """May a line break before chars[i]?"""
    prev, cur = chars[i - 1], chars[i]
    if owners[i - 1] == owners[i] and unbreakable[owners[i]]:
        return False
    if cur in BREAKING_SPACES:
        return False
    if prev in BREAKING_SPACES:
        # Polish typesetting keeps one-letter words such as "w" or "i" off the end of a line.
        lone_letter = i >= 2 and chars[i - 2] in clinging and (i == 2 or chars[i - 3] in BREAKING_SPACES)
        return not lone_letter
    if cur in NO_LINE_START or prev in NO_LINE_END:
        return False
    if unbreakable[owners[i]] and owners[i - 1] != owners[i] and not is_wide(prev):
        return False  # "tel.1-888..." stays together unless a space or a wide character precedes
    if unbreakable[owners[i - 1]] and owners[i - 1] != owners[i] and not is_wide(cur):
        return False
    if is_wide(prev) or is_wide(cur):
        return True
    if prev == "-" and i >= 2 and chars[i - 2].isalpha() and cur.isalpha():
        return True  # after the hyphen of a compound word such as "U-visa"
    return False


# `_break_allowed` is only ever true after one of these, or next to a wide character (never ASCII).
_MAY_BREAK_AFTER = BREAKING_SPACES + "-"


def _segments(pieces: list[Piece], clinging: str) -> list[_Segment]:
    """The pieces' text cut at every break opportunity (`_break_positions`), each segment's runs merged by style."""
    texts = tuple(piece.text.replace(SOFT_HYPHEN, "") for piece in pieces)
    chars = "".join(texts)
    if not chars:
        return []
    piece_end: list[int] = []  # where each piece's text ends in `chars`
    for text in texts:
        piece_end.append((piece_end[-1] if piece_end else 0) + len(text))
    unbreakable = tuple(piece.unbreakable for piece in pieces)
    segments: list[_Segment] = []
    start = 0
    owner = 0
    for end in _break_positions(texts, unbreakable, clinging):
        runs: list[tuple[str, Style]] = []
        kept_whole = False
        j = start
        while j < end:  # one run per piece the segment spans, merged with the previous one in the same style
            while piece_end[owner] <= j:
                owner += 1
            k = min(end, piece_end[owner])
            text, style = chars[j:k], pieces[owner].style
            if runs and (runs[-1][1] is style or runs[-1][1] == style):
                runs[-1] = (runs[-1][0] + text, style)
            else:
                runs.append((text, style))
            kept_whole = kept_whole or unbreakable[owner]
            j = k
        segments.append(_Segment(runs, kept_whole))
        start = end
    return segments


@lru_cache(maxsize=4096)
def _break_positions(texts: tuple[str, ...], unbreakable: tuple[bool, ...], clinging: str) -> tuple[int, ...]:
    """Where a line may break in the pieces' texts joined (each position before a character), and their end.

    They do not depend on the type size, so the fit search, which wraps every paragraph at each size it
    tries, finds them once. A position no rule could break at (between two ASCII characters, the first
    no space or hyphen) is passed over without asking `_break_allowed`.
    """
    chars = "".join(texts)
    owners: list[int] = []
    for index, text in enumerate(texts):
        owners += [index] * len(text)
    unbreakables = list(unbreakable)
    breaks = [
        i
        for i in range(1, len(chars))
        if (chars[i - 1] in _MAY_BREAK_AFTER or not (chars[i - 1].isascii() and chars[i].isascii()))
        and _break_allowed(chars, owners, unbreakables, i, clinging)
    ]
    breaks.append(len(chars))
    return tuple(breaks)


def _hyphenate(segment: _Segment, room: float, hyphenator: Hyphenator | None) -> tuple[_Segment, _Segment] | None:
    """Split a one-style word so its first part plus a hyphen fits `room`; None if it cannot."""
    if hyphenator is None or segment.unbreakable or len(segment.runs) != 1:
        return None
    text, style = segment.runs[0]
    word = text.rstrip(BREAKING_SPACES)
    core = word.rstrip(".,;:!?)»”’\"'")
    if len(core) < 8 or not core.isalpha():
        return None
    for position in sorted(hyphenator(core), reverse=True):
        head = word[:position] + SOFT_HYPHEN
        if style.face.width(head, style.size) <= room:
            return _Segment([(head, style)], False), _Segment([(text[position:], style)], False)
    return None


def wrap(
    pieces: list[Piece],
    width: float,
    hyphenator: Hyphenator | None = None,
    clinging: str = "",
    keep_last_line_company: bool = True,
) -> Wrapped:
    """Break styled text into lines no wider than `width` (except reported `TooWide` pieces).

    `clinging`: one-letter words that must not end a line (a language's typographic rule).
    `keep_last_line_company`: never leave one Chinese character (with or without its closing
    punctuation) alone on the last line: it takes the previous character down with it.
    """
    pending = deque(_segments([p for p in pieces if p.text], clinging))  # popped from the left: linear time
    lines: list[tuple[list[_Segment], bool]] = []
    too_wide: list[TooWide] = []
    current: list[_Segment] = []
    current_width = 0.0
    hyphenated = False

    def finish() -> None:
        nonlocal current, current_width, hyphenated
        if current:
            lines.append((current, hyphenated))
        current, current_width, hyphenated = [], 0.0, False

    while pending:
        segment = pending.popleft()
        if current_width + segment.width(trailing=False) <= width + 1e-6:
            current.append(segment)
            current_width += segment.width()
            continue
        room = width - current_width
        # Hyphenate only when the line would otherwise be left noticeably short.
        split = _hyphenate(segment, room, hyphenator) if room > 0.25 * width or not current else None
        if split:
            current.append(split[0])
            hyphenated = True
            pending.appendleft(split[1])
            finish()
            continue
        if current:
            finish()
            pending.appendleft(segment)
            continue
        # Alone on a line and still too wide: never split it silently.
        too_wide.append(TooWide(segment.text.strip(), segment.width(trailing=False), width, segment.unbreakable))
        current.append(segment)
        finish()
    finish()
    if keep_last_line_company and len(lines) >= 2:
        (previous, previous_hyphenated), (last, last_hyphenated) = lines[-2], lines[-1]
        alone = "".join(char for seg in last for char in seg.text if char not in NO_LINE_START).strip()
        if len(alone) == 1 and is_wide(alone) and len(previous) >= 3:
            lines[-2:] = [(previous[:-1], previous_hyphenated), ([previous[-1], *last], last_hyphenated)]
    return Wrapped(tuple(_make_line(segments, flag) for segments, flag in lines), tuple(too_wide))


def _make_line(segments: list[_Segment], hyphenated: bool) -> Line:
    runs: list[tuple[str, Style]] = []
    for segment in segments:
        for text, style in segment.runs:
            if runs and (runs[-1][1] is style or runs[-1][1] == style):
                runs[-1] = (runs[-1][0] + text, style)
            else:
                runs.append((text, style))
    while runs and not runs[-1][0].rstrip(BREAKING_SPACES):
        runs.pop()
    if runs:
        runs[-1] = (runs[-1][0].rstrip(BREAKING_SPACES), runs[-1][1])
    fragments = []
    x = 0.0
    for text, style in runs:
        w = style.face.width(text, style.size)
        fragments.append(Fragment(x, text, style, w))
        x += w
    return Line(tuple(fragments), x, hyphenated)
