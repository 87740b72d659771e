"""Layout stage: an `Edition` on a `FoldPlan` -> a `Layout` of positioned text runs, fills and images.

In:  a validated `Edition` and the `FoldPlan` of the sheet it is printed on.
Out: a `Layout`: for each of the six panels, its blocks with every line of text at
     a fixed position (page coordinates), in which font, size, colour, and with
     which link. The draw stage paints exactly this and decides nothing.
     Or `BrochureError` when content cannot be set without losing any of it: a
     panel that does not fit even at the smallest allowed type, a number or URL
     wider than its column, a character no bundled font has.

Fit: the whole edition uses one body size. The layout tries the design's size
first, then smaller sizes down to `min_body_size` in quarter points, each with
the design's leading and then slightly tighter leading; the first candidate at
which every panel fits wins, and the choice is reported. One size for all panels
keeps the spread consistent; shrinking one panel alone would look like a mistake.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pyphen
from reportlab.lib.utils import ImageReader

from .diagnostics import BrochureError, Finding, Location, Report, Severity, display_path
from .fold import FoldPlan, PanelGeometry, Rect
from .fonts import FontFace, face
from .linebreak import BREAKING_SPACES, SOFT_HYPHEN, Hyphenator, Piece, Style, is_wide, wrap
from .model import (
    Block,
    BulletItem,
    BulletList,
    Color,
    ContactBlock,
    ContactStyle,
    Edition,
    Heading,
    HeadingLevel,
    Hyphenation,
    Image,
    Panel,
    PanelRole,
    Paragraph,
    ReviewStatus,
    Spacer,
    Span,
    Statistic,
    Text,
    VerticalAlign,
    block_kind,
)

SIZE_STEP = 0.25
LEADING_STEPS = (0.0, 0.05, 0.1)  # how much tighter than the design's leading the fit may go
MIN_LEADING = 1.2
DRAFT_NOTICE_EN = "Draft translation - not reviewed"
# One-letter words that typographic custom keeps off the end of a line, by language.
CLINGING_WORDS = {"pl": "aiouwzAIOUWZ", "cs": "aiouvkszAIOUVKSZ", "sk": "aiouvkszAIOUVKSZ"}


# ---------------------------------------------------------------- the output


@dataclass(frozen=True)
class Tag:
    """One step of where a run sits in the PDF structure tree, below its block.

    `role` is a standard structure type of ISO 32000-1 §14.8.4 (H1, P, L, LI, Lbl,
    LBody, Link, Span, Figure); `index` tells siblings of the same role apart (the
    third bullet is LI 2); `lang` is a BCP 47 tag when the text is in another
    language than the edition's. The layout decides these, because it knows what
    each run is; the draw stage only writes them down.
    """

    role: str
    index: int = 0
    lang: str = ""


HEADING_ROLES = {HeadingLevel.TITLE: "H1", HeadingLevel.SECTION: "H2", HeadingLevel.SUBSECTION: "H3"}


@dataclass(frozen=True)
class TextRun:
    """Text drawn from baseline point (x, y) in one font; `width` in points.

    `tag` is its path in the structure tree below its block (empty: an artifact).
    A word broken at the line end by a soft hyphen is read back whole: the run
    that ends with its first part carries the whole word in `joined`, and the run
    on the next line starts with `continues` characters that are read as nothing.
    `space_after`: the line ends here where the text had a space, which the line
    break took away; the draw stage writes it back (invisible), so words on
    either side of a line end are not read as one.
    """

    x: float
    y: float
    text: str
    font: str
    size: float
    color: Color
    width: float
    link: str | None = None
    tag: tuple[Tag, ...] = ()
    joined: str = ""
    continues: int = 0
    space_after: bool = False


@dataclass(frozen=True)
class Fill:
    rect: Rect
    color: Color


@dataclass(frozen=True)
class PlacedImage:
    """An image where it lands; `alt` is its text equivalent, "" for a decorative image (an artifact)."""

    rect: Rect
    path: Path
    alt: str = ""


@dataclass(frozen=True)
class PlacedBlock:
    """One block of the data file where it landed: `rect` bounds all it draws."""

    source: Location
    kind: str
    rect: Rect
    runs: tuple[TextRun, ...]
    fills: tuple[Fill, ...] = ()
    images: tuple[PlacedImage, ...] = ()


@dataclass(frozen=True)
class PanelLayout:
    role: PanelRole
    geometry: PanelGeometry
    background: Color | None
    blocks: tuple[PlacedBlock, ...]
    used_height: float  # height the content needs
    available_height: float  # height of the content area
    body_size: float  # the body size this panel was set in (smaller than the edition's if it shrank)


@dataclass(frozen=True)
class Layout:
    edition: Edition
    plan: FoldPlan
    panels: tuple[PanelLayout, ...]
    body_size: float
    leading: float  # multiple of the body size actually used
    hyphenated: bool  # whether body text was allowed to hyphenate
    fonts: tuple[str, ...]  # every registered font name drawn with
    warnings: tuple[Finding, ...] = ()

    def panel(self, role: PanelRole) -> PanelLayout:
        return next(p for p in self.panels if p.role == role)

    def panels_on_page(self, page_number: int) -> tuple[PanelLayout, ...]:
        roles = [panel.role for panel in self.plan.sides[page_number - 1].panels]
        return tuple(p for p in self.panels if p.role in roles)


# ---------------------------------------------------------------- entry point


def lay_out(edition: Edition, plan: FoldPlan) -> Layout:
    """Set every panel of the edition on the plan at the largest type size that fits."""
    type_scale = edition.design.type
    candidates = _fit_candidates(
        type_scale.body_size, type_scale.min_body_size, type_scale.leading, edition.design.hyphenate
    )
    overflowing: list[tuple[Panel, PanelLayout]] = []
    for size, leading, hyphenate in candidates:
        setter = _Setter(edition, size, leading, hyphenate)
        report = Report()
        panels = [setter.panel(panel, plan.panel(panel.role), report) for panel in edition.panels]
        # A missing glyph or an unbreakable number wider than its column does not get better at a smaller size.
        report.raise_if_errors()
        fonts = set(setter.fonts_used)
        overflowing = [(panel, placed) for panel, placed in zip(edition.panels, panels) if not _fits(placed)]
        for panel, placed in list(overflowing):
            shrunk = _shrink_panel(edition, plan, panel, size, leading, hyphenate, fonts)
            if shrunk is not None:
                panels[edition.panels.index(panel)] = shrunk
                overflowing.remove((panel, placed))
        if not overflowing:
            return Layout(
                edition=edition,
                plan=plan,
                panels=tuple(panels),
                body_size=size,
                leading=leading,
                hyphenated=hyphenate and setter.hyphenator is not None,
                fonts=tuple(sorted(fonts)),
                warnings=tuple(report.warnings),
            )
    raise BrochureError([_overflow(panel, placed, placed.body_size, leading) for panel, placed in overflowing])


def _fits(placed: PanelLayout) -> bool:
    return placed.used_height <= placed.available_height + 1e-6


def _shrink_panel(
    edition: Edition, plan: FoldPlan, panel: Panel, size: float, leading: float, hyphenate: bool, fonts: set[str]
) -> PanelLayout | None:
    """Set one opted-in panel (`shrink: 8.5pt`) alone in smaller type, down to its floor; None if it never fits."""
    if panel.shrink_to is None:
        return None
    smaller = size - SIZE_STEP
    placed = None
    while smaller >= panel.shrink_to - 1e-9:
        setter = _Setter(edition, round(smaller, 2), leading, hyphenate)
        placed = setter.panel(panel, plan.panel(panel.role), Report())
        if _fits(placed):
            fonts |= setter.fonts_used
            return placed
        smaller -= SIZE_STEP
    return None


def _overflow(panel: Panel, placed: PanelLayout, size: float, leading: float) -> Finding:
    """The error for a panel that does not fit even with the smallest type the design allows."""
    over = placed.used_height - placed.available_height
    lines = max(1, math.ceil(over / (size * leading)))
    return Finding(
        Severity.ERROR,
        f"panel '{panel.role.value}' does not fit: {over:.1f} pt too long "
        f"(about {lines} line{'s' if lines > 1 else ''} of {size:g} pt text) at the smallest allowed size",
        panel.source,
        where=f"panel '{panel.role.value}'",
        hint="shorten the text, move a block to a panel with room, or lower type.min_body_size (8.5 pt at the least)",
    )


def _fit_candidates(
    body: float, minimum: float, leading: float, hyphenation: Hyphenation
) -> list[tuple[float, float, bool]]:
    """(size, leading, hyphenate) from most to least preferred.

    Hyphenation comes before any change to the type: a few hyphens are less
    noticeable than tighter lines, and tighter lines less than smaller type.
    """
    sizes = []
    size = body
    while size >= minimum - 1e-9:
        sizes.append(round(size, 2))
        size -= SIZE_STEP
    candidates = []
    hyphenate = hyphenation != Hyphenation.NEVER
    if hyphenation == Hyphenation.AUTO:
        candidates.append((body, leading, False))
    for size in sizes:
        for step in LEADING_STEPS:
            candidate = round(leading - step, 3)
            if candidate >= MIN_LEADING or step == 0:
                candidates.append((size, candidate, hyphenate))
    return candidates


# ---------------------------------------------------------------- setting blocks


@dataclass
class _Draft:
    """A block being set: items relative to its top-left corner, y growing downwards."""

    runs: list[tuple[float, float, object, _Reading]]
    fills: list[tuple[float, float, float, float, Color]]
    images: list[tuple[float, float, float, float, Path, str]]
    height: float = 0.0


@dataclass(frozen=True)
class _Palette:
    text: Color
    heading: Color
    accent: Color


def _is_dark(color: Color) -> bool:
    r, g, b = color.rgb
    return 0.2126 * r + 0.7152 * g + 0.0722 * b < 0.45


@cache
def _hyphenator(language: str) -> Hyphenator | None:
    found = pyphen.language_fallback(language.replace("-", "_"))
    if not found:
        return None
    dictionary = pyphen.Pyphen(lang=found, left=4, right=4)
    return dictionary.positions


class _Setter:
    """Sets blocks for one edition at one candidate (body size, leading)."""

    def __init__(self, edition: Edition, body: float, leading: float, hyphenate: bool):
        self.edition = edition
        self.design = edition.design
        self.type = edition.design.type
        self.body = body
        self.scale = body / self.type.body_size
        self.leading = leading
        self.hyphenator = _hyphenator(edition.language) if hyphenate else None
        self.clinging = CLINGING_WORDS.get(edition.language.split("-")[0].lower(), "")
        self.fonts_used: set[str] = set()

    # -- panels

    def panel(self, panel: Panel, geometry: PanelGeometry, report: Report) -> PanelLayout:
        palette = self._palette(panel.background)
        width = geometry.content.width
        drafts: list[tuple[Block, _Draft, float, float]] = []
        for block in panel.blocks:
            draft = self._block(block, width, palette, report, panel.role)
            before, after = self._spacing(block)
            drafts.append((block, draft, before, after))
        notice = self._draft_notice(width, palette, report) if panel.role == PanelRole.BACK_COVER else None

        total = 0.0
        tops = []
        for i, (_, draft, before, _) in enumerate(drafts):
            if i:
                total += max(before, drafts[i - 1][3])  # the larger of the two neighbours' spacing
            tops.append(total)
            total += draft.height
        notice_height = notice.height + self.body if notice else 0.0
        available = geometry.content.height
        used = total + notice_height
        offset = (available - used) / 2 if panel.align == VerticalAlign.CENTER and used < available else 0.0
        top = geometry.content.y1 - offset
        placed = [
            self._place(block.source, block_kind(block), draft, geometry.content.x0, top - block_top)
            for (block, draft, _, _), block_top in zip(drafts, tops)
        ]
        if notice:
            placed.append(
                self._place(
                    Location(display_path(self.edition.path)),
                    "draft_notice",
                    notice,
                    geometry.content.x0,
                    geometry.content.y0 + notice.height,
                )
            )
        return PanelLayout(panel.role, geometry, panel.background, tuple(placed), used, available, self.body)

    def _palette(self, background: Color | None) -> _Palette:
        colors = self.design.colors
        if background is not None and _is_dark(background):
            light = colors["on_brand"]
            return _Palette(light, light, light)
        return _Palette(colors["text"], colors["brand"], colors["accent"])

    def _spacing(self, block: Block) -> tuple[float, float]:
        """Space (before, after) a block, in points; the larger of two neighbours' wins."""
        b = self.body
        if isinstance(block, Heading):
            if block.level == HeadingLevel.TITLE:
                return 0.0, 0.5 * b
            return 1.1 * b, 0.4 * b
        if isinstance(block, Statistic):
            return 0.3 * b, 0.6 * b
        if isinstance(block, ContactBlock):
            return 0.5 * b, 0.9 * b
        if isinstance(block, Spacer):
            return 0.0, 0.0
        return 0.3 * b, 0.5 * b

    # -- blocks

    def _block(self, block: Block, width: float, palette: _Palette, report: Report, role: PanelRole) -> _Draft:
        draft = _Draft([], [], [])
        pad = 0.6 * self.body if block.background is not None and not isinstance(block, Spacer) else 0.0
        inner = width - 2 * pad
        if block.background is not None and _is_dark(block.background):
            palette = self._palette(block.background)
        y = pad
        where = f"panel '{role.value}'"
        if isinstance(block, Heading):
            y = self._heading(block, draft, pad, y, inner, palette, report, where)
        elif isinstance(block, Paragraph):
            y = self._text(draft, block.text, pad, y, inner, self._style(palette.text), report, block.source, where)
        elif isinstance(block, BulletList):
            y = self._bullets(
                draft, block.items, pad, y, inner, palette, report, block.source, where, depth=0, tag=(Tag("L"),)
            )
        elif isinstance(block, Statistic):
            size = self.type.statistic_size * self.scale
            y = self._text(
                draft,
                block.value,
                pad,
                y,
                inner,
                self._style(palette.accent, size=size, bold=True, leading=1.15, hyphenate=False),
                report,
                block.source,
                where,
            )
            y += 0.15 * self.body
            y = self._text(draft, block.text, pad, y, inner, self._style(palette.text), report, block.source, where)
        elif isinstance(block, ContactBlock):
            y = self._contact(block, draft, pad, y, inner, palette, report, where)
        elif isinstance(block, Spacer):
            y += block.height * self.scale
        elif isinstance(block, Image):
            y = self._image(block, draft, pad, y, inner)
        draft.height = y + pad
        if block.background is not None:
            draft.fills.insert(0, (0.0, 0.0, width, draft.height, block.background))
        return draft

    def _heading(self, block, draft, x, y, width, palette, report, where) -> float:
        if block.level == HeadingLevel.TITLE:
            size = self._title_size(block.text, width)
            style = self._style(palette.heading, size=size, bold=True, leading=1.08, hyphenate=False)
        elif block.level == HeadingLevel.SECTION:
            style = self._style(
                palette.heading, size=self.type.heading_size * self.scale, bold=True, leading=1.2, hyphenate=False
            )
        else:
            style = self._style(palette.heading, size=self.body * 1.1, bold=True, leading=1.25, hyphenate=False)
        tag = (Tag(HEADING_ROLES[block.level]),)
        return self._text(draft, block.text, x, y, width, style, report, block.source, where, tag=tag)

    def _title_size(self, text: Text, width: float) -> float:
        """The design's title size, or smaller until no word is too wide and no line is a lone character.

        A cover title is set large, so a word that does not fit, or (in Chinese) one
        character left alone on the last line, would be the first thing a reader sees.
        """
        size = self.type.title_size
        floor = self.type.heading_size * 1.4
        title_face = face(self.type.font, bold=True)
        words = "".join(span.text for span in text)
        while size > floor:
            pieces = [Piece(words, Style(title_face, size, self.design.colors["text"]))]
            # Judged before any rebalancing: a title that would leave a character alone is set smaller instead.
            wrapped = wrap(pieces, width, keep_last_line_company=False)
            lone = any(len(line.text.strip()) == 1 and is_wide(line.text.strip()) for line in wrapped.lines)
            if not wrapped.too_wide and not lone:
                break
            size -= 1.0
        return size

    def _bullets(
        self, draft, items: tuple[BulletItem, ...], x, y, width, palette, report, source, where, depth, tag
    ) -> float:
        """Set a list; `tag` is the path of its L element (a sub-list sits in its item's LBody)."""
        indent = 1.0 * self.body
        mark = "•" if depth == 0 else "–"
        for i, item in enumerate(items):
            if i:
                y += 0.25 * self.body
            style = self._style(palette.text)
            mark_style = self._style(palette.accent, bold=True)
            first_baseline = self._baseline(style)
            mark_face = mark_style.face
            item_tag = tag + (Tag("LI", i),)
            draft.runs.append(
                (
                    x + 0.1 * self.body,
                    y + first_baseline,
                    _RunSpec(mark, mark_style, mark_face.width(mark, mark_style.size)),
                    _Reading(item_tag + (Tag("Lbl"),)),
                )
            )
            body = item_tag + (Tag("LBody"),)
            y = self._text(draft, item.text, x + indent, y, width - indent, style, report, item.source, where, tag=body)
            if item.children:
                y += 0.2 * self.body
                y = self._bullets(
                    draft,
                    item.children,
                    x + indent,
                    y,
                    width - indent,
                    palette,
                    report,
                    source,
                    where,
                    depth + 1,
                    body + (Tag("L"),),
                )
        return y

    def _contact(self, block: ContactBlock, draft, x, y, width, palette, report, where) -> float:
        """The name and each line are paragraphs of their own: a screen reader pauses between them."""
        if block.name:
            y = self._text(
                draft,
                block.name,
                x,
                y,
                width,
                self._style(palette.heading, bold=True, hyphenate=False),
                report,
                block.source,
                where,
                tag=(Tag("P"),),
            )
        for index, line in enumerate(block.lines, start=1 if block.name else 0):
            if block.style == ContactStyle.PROMINENT:
                style = self._style(
                    palette.accent, size=self.type.prominent_size * self.scale, bold=True, leading=1.2, hyphenate=False
                )
            else:
                style = self._style(palette.text)
            y = self._text(draft, line, x, y, width, style, report, block.source, where, tag=(Tag("P", index),))
        return y

    def _image(self, block: Image, draft, x, y, width) -> float:
        pixel_width, pixel_height = ImageReader(str(block.path)).getSize()
        shown_width = min(block.width or width, width)
        shown_height = shown_width * pixel_height / pixel_width
        draft.images.append((x, y, shown_width, shown_height, block.path, "" if block.decorative else block.alt))
        return y + shown_height

    def _draft_notice(self, width, palette, report) -> _Draft | None:
        edition = self.edition
        if edition.review.status != ReviewStatus.DRAFT:
            return None
        local = edition.labels.get("draft_notice", "")
        # The English half is tagged as English; the translated half reads in the edition's language.
        text = (Span(DRAFT_NOTICE_EN, italic=True, lang="en"),) + ((Span(" / " + local, italic=True),) if local else ())
        draft = _Draft([], [], [])
        pad = 0.4 * self.body
        size = self.type.min_body_size
        style = self._style(palette.text, size=size, leading=1.25)
        y = self._text(
            draft,
            text,
            pad,
            pad,
            width - 2 * pad,
            style,
            report,
            Location(display_path(edition.path)),
            "panel 'back_cover' (draft notice)",
        )
        draft.height = y + pad
        draft.fills.insert(0, (0.0, 0.0, width, draft.height, self.design.colors["tint"]))
        return draft

    # -- text

    def _style(
        self,
        color: Color,
        *,
        size: float | None = None,
        bold: bool = False,
        italic: bool = False,
        leading: float | None = None,
        hyphenate: bool = True,
    ) -> _TextStyle:
        size = size if size is not None else self.body
        return _TextStyle(
            face(self.type.font, bold, italic),
            size,
            color,
            bold,
            italic,
            size * (leading if leading is not None else self.leading),
            hyphenate,
        )

    def _baseline(self, style: _TextStyle) -> float:
        """Distance from the top of a line box to its baseline: the glyphs sit centred in the leading."""
        return (style.line_height - style.size) / 2 + 0.8 * style.size

    def _text(
        self,
        draft: _Draft,
        text: Text,
        x: float,
        y: float,
        width: float,
        style: _TextStyle,
        report: Report,
        source: Location,
        where: str,
        tag: tuple[Tag, ...] = (Tag("P"),),
    ) -> float:
        """Wrap `text` into `width` starting at `y` (top); add its runs; return the y below it.

        `tag` is the structure path every run of the text gets (a paragraph by default).
        """
        pieces = self._pieces(text, style, report, source, where)
        wrapped = wrap(pieces, width, self.hyphenator if style.hyphenate else None, self.clinging)
        for too_wide in wrapped.too_wide:
            report.error(
                f"'{too_wide.text}' is {too_wide.width:.1f} pt wide but the column is {too_wide.available:.1f} pt; "
                "it cannot be broken",
                source,
                where=where,
                hint="a phone number or web address must stay on one line: shorten it (e.g. drop 'http://'), "
                "or set it as a contact block where it has a line of its own",
            )
        baseline = self._baseline(style)
        lines = wrapped.lines
        spaced = _broken_at_spaces("".join(piece.text for piece in pieces), lines)
        for number, line in enumerate(lines):
            for index, fragment in enumerate(line.fragments):
                joined, continues = "", 0
                following = lines[number + 1].fragments if number + 1 < len(lines) else ()
                if index == len(line.fragments) - 1 and fragment.text.endswith(SOFT_HYPHEN) and following:
                    # Only ever one style per hyphenated word, so its tail opens the next line's first fragment.
                    tail = following[0].text.split(" ", 1)[0]
                    joined = fragment.text.rsplit(" ", 1)[-1][:-1] + tail
                if index == 0 and number and lines[number - 1].fragments[-1].text.endswith(SOFT_HYPHEN):
                    continues = len(fragment.text.split(" ", 1)[0])
                run_tag = tag + ((Tag("Span", lang=fragment.style.lang),) if fragment.style.lang else ())
                space = spaced[number] and index == len(line.fragments) - 1
                reading = _Reading(run_tag, joined, continues, space)
                draft.runs.append((x + fragment.x, y + baseline, fragment, reading))
            y += style.line_height
        return y

    def _pieces(self, text: Text, style: _TextStyle, report: Report, source: Location, where: str) -> list[Piece]:
        """Spans -> pieces in concrete faces; characters the font lacks come from a fallback font or are reported."""
        pieces: list[Piece] = []
        families = (self.type.font,) + self.type.fallback_fonts
        for span in text:
            bold = style.bold or span.bold or bool(span.link and span.link.startswith(("tel:", "sms:")))
            italic = style.italic or span.italic
            faces = [face(family, bold, italic) for family in families]
            run_face: FontFace | None = None
            run: list[str] = []
            for char in span.text:
                if char == "\u00ad":
                    continue
                chosen = next((f for f in faces if f.has_glyph(char) or char in "\n"), None)
                if chosen is None:
                    report.error(
                        f"character '{char}' (U+{ord(char):04X}) is in no font of this edition ({', '.join(families)})",
                        source,
                        where=where,
                        hint="replace or remove it, or add a font that has it as type.fallback",
                    )
                    continue
                if chosen is not run_face and run:
                    pieces.append(self._piece("".join(run), run_face, style, span))
                    run = []
                run_face = chosen
                run.append(char)
            if run:
                pieces.append(self._piece("".join(run), run_face, style, span))
        return pieces

    def _piece(self, text: str, run_face: FontFace, style: _TextStyle, span: Span) -> Piece:
        self.fonts_used.add(run_face.name)
        return Piece(
            text.replace("\n", " "), Style(run_face, style.size, style.color, span.link, span.lang), span.unbreakable
        )

    # -- placing

    def _place(self, source: Location, kind: str, draft: _Draft, left: float, top: float) -> PlacedBlock:
        runs = []
        links = 0
        previous: tuple[tuple[Tag, ...], str | None] = ((), None)
        for dx, dy, item, reading in draft.runs:
            if isinstance(item, _RunSpec):
                runs.append(
                    TextRun(
                        left + dx,
                        top - dy,
                        item.text,
                        item.style.face.name,
                        item.style.size,
                        item.style.color,
                        item.width,
                        tag=reading.tag,
                    )
                )
                self.fonts_used.add(item.style.face.name)
                previous = (reading.tag, None)
            else:
                s = item.style
                tag = reading.tag
                if s.link:
                    # Consecutive runs of one link (a link broken over two lines) are one Link element.
                    if previous != (reading.tag, s.link):
                        links += 1
                    tag = tag + (Tag("Link", links),)
                previous = (reading.tag, s.link)
                runs.append(
                    TextRun(
                        left + dx,
                        top - dy,
                        item.text,
                        s.face.name,
                        s.size,
                        s.color,
                        item.width,
                        s.link,
                        tag,
                        reading.joined,
                        reading.continues,
                        reading.space_after,
                    )
                )
        fills = tuple(
            Fill(Rect(left + x, top - y - h, left + x + w, top - y), color) for x, y, w, h, color in draft.fills
        )
        images = tuple(
            PlacedImage(Rect(left + x, top - y - h, left + x + w, top - y), path, alt)
            for x, y, w, h, path, alt in draft.images
        )
        width = max([r.x + r.width for r in runs] + [f.rect.x1 for f in fills] + [i.rect.x1 for i in images] + [left])
        rect = Rect(left, top - draft.height, max(width, left), top)
        return PlacedBlock(source, kind, rect, tuple(runs), fills, images)


@dataclass(frozen=True)
class _TextStyle:
    face: FontFace
    size: float
    color: Color
    bold: bool
    italic: bool
    line_height: float
    hyphenate: bool = True  # body text only: a hyphenated heading or figure reads badly


@dataclass(frozen=True)
class _Reading:
    """How a run being set will be read: its structure path and hyphenation (see `TextRun`)."""

    tag: tuple[Tag, ...]
    joined: str = ""
    continues: int = 0
    space_after: bool = False


def _broken_at_spaces(source: str, lines) -> list[bool]:
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
        result.append(cursor < len(source) and source[cursor] in BREAKING_SPACES)
    if result:
        result[-1] = False
    return result


@dataclass(frozen=True)
class _RunSpec:
    """A single run set outside the line breaker (a bullet mark)."""

    text: str
    style: _TextStyle
    width: float
