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
the design's leading and then slightly tighter leading (down to `min_leading`);
the first candidate at which every panel fits wins, and the choice is reported
with the panels that refused the larger candidates (`Layout.refused`,
`fit_explanation`). One size for all panels keeps the spread consistent;
shrinking one panel alone would look like a mistake. Failing is fast: a panel
that needs more room than even a solid block of its text at the readable floor
is refused before any candidate is set, and after the first candidate misses
the smallest is tried, so a hopeless edition costs two layouts, not twenty-two.
When nothing fits, the error is a `PanelOverflow`: it carries the overflowing
panels as set, for the overflow picture, and its hint names the panels that
still have room.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import pyphen
import segno

from .diagnostics import BrochureError, Finding, Location, Report, Severity, display_path
from .fold import FoldPlan, PanelGeometry, Rect
from .fonts import FontFace, face, style_name
from .limits import READABLE_FLOOR
from .linebreak import BREAKING_SPACES, SOFT_HYPHEN, Hyphenator, Piece, Style, TooWide, Wrapped, is_wide, wrap
from .model import (
    PURE_BLACK,
    BackgroundImage,
    Block,
    BulletItem,
    BulletList,
    Color,
    ContactBlock,
    ContactStyle,
    Edition,
    Heading,
    HeadingLevel,
    HorizontalAlign,
    Hyphenation,
    Image,
    ImageData,
    Panel,
    PanelRole,
    Paragraph,
    QrCode,
    ReviewStatus,
    Spacer,
    Span,
    Statistic,
    Table,
    Text,
    VerticalAlign,
    block_kind,
    block_texts,
)
from .vector import svg_size

SIZE_STEP = 0.25
LEADING_STEP = 0.05  # the fit tightens the leading in these steps, down to type.min_leading
DEFAULT_LEADING_GIVE = 0.1  # without type.min_leading, the fit may go this much tighter than the design ...
MIN_LEADING = 1.2  # ... but never below this
DRAFT_NOTICE_EN = "Draft translation - not reviewed"
_STYLE_WORDS = {"Regular": "regular", "Bold": "bold", "Italic": "italic", "BoldItalic": "bold italic"}
CAPTION_FLOOR = 8.5  # pt: a caption is smaller than the body, but never below what preflight calls readable
QR_QUIET_MODULES = 4  # blank modules around a QR code, as the standard requires for a reliable scan
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
    data: ImageData | None  # the decoded pixels the draw stage embeds; None: an SVG logo, drawn as vector
    alt: str = ""  # its text equivalent; "" for a decorative image (an artifact)


@dataclass(frozen=True)
class PlacedCode:
    """A QR code: `quiet` is the code with its quiet zone (kept blank: painted white), `modules` its dark
    modules, merged into one rectangle per run of neighbours in a row, in `color` (pure black)."""

    quiet: Rect
    modules: tuple[Rect, ...]
    color: Color
    payload: str


@dataclass(frozen=True)
class PlacedLink:
    """An area that is a link (a QR code, a linked image), beside the links of text runs."""

    rect: Rect
    target: str


@dataclass(frozen=True)
class PlacedBlock:
    """One block of the data file where it landed: `rect` bounds all it draws."""

    source: Location
    kind: str
    rect: Rect
    runs: tuple[TextRun, ...]
    fills: tuple[Fill, ...] = ()
    images: tuple[PlacedImage, ...] = ()
    codes: tuple[PlacedCode, ...] = ()
    links: tuple[PlacedLink, ...] = ()


@dataclass(frozen=True)
class PlacedBackground:
    """A panel's background photo: drawn at `rect` (its aspect kept, covering the panel), clipped to `clip`
    (the panel's paint area, into the bleed in the press edition), under `overlay` at `opacity`."""

    rect: Rect
    clip: Rect
    path: Path
    data: ImageData  # the decoded pixels the draw stage embeds
    overlay: Color | None
    opacity: float
    source: Location  # where the data file names the photo


@dataclass(frozen=True)
class PanelLayout:
    role: PanelRole
    geometry: PanelGeometry
    background: Color | None
    blocks: tuple[PlacedBlock, ...]
    used_height: float  # height the content needs
    available_height: float  # height of the content area
    body_size: float  # the body size this panel was set in (smaller than the edition's if it shrank)
    background_image: PlacedBackground | None = None


@dataclass(frozen=True)
class Overrun:
    """A panel that did not fit at one fit candidate, and by how much."""

    role: PanelRole
    over: float  # points too long
    size: float  # the body size tried
    leading: float  # the leading tried
    hyphenated: bool

    @property
    def lines(self) -> int:
        """The overrun in lines of body text, rounded up."""
        return max(1, math.ceil(self.over / (self.size * self.leading) - 1e-9))


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
    refused: tuple[Overrun, ...] = ()  # the panels that did not fit at each larger candidate, in the order tried

    def panel(self, role: PanelRole) -> PanelLayout:
        return next(p for p in self.panels if p.role == role)

    def panels_on_page(self, page_number: int) -> tuple[PanelLayout, ...]:
        roles = [panel.role for panel in self.plan.sides[page_number - 1].panels]
        return tuple(p for p in self.panels if p.role in roles)


class PanelOverflow(BrochureError):
    """Some panel does not fit even at the smallest type the design allows.

    `panels` are the overflowing panels as set at that size (text running on below the
    panel), so a picture can show a person what to cut.
    """

    def __init__(self, findings: list[Finding], panels: tuple[PanelLayout, ...]):
        super().__init__(findings)
        self.panels = panels


# ---------------------------------------------------------------- entry point


def lay_out(edition: Edition, plan: FoldPlan) -> Layout:
    """Set every panel of the edition on the plan at the largest type size that fits."""
    type_scale = edition.design.type
    # Fail fast: a panel that could not hold its text even as one dense block at the smallest size is
    # reported before any candidate is laid out (a 1 MB paragraph would otherwise be set 22 times).
    hopeless = [finding for panel in edition.panels if (finding := _hopeless(edition, plan, panel)) is not None]
    if hopeless:
        raise BrochureError(hopeless)
    candidates = _fit_candidates(
        type_scale.body_size,
        type_scale.min_body_size,
        type_scale.leading,
        edition.design.hyphenate,
        min_leading(type_scale.leading, type_scale.min_leading),
    )
    overflowing: list[tuple[Panel, PanelLayout]] = []
    panels: list[PanelLayout] = []
    refused: list[Overrun] = []  # the panels that refused each candidate tried, for `fit_explanation`
    smallest = len(candidates) - 1
    resume: int | None = None  # where to go on once the smallest candidate, tried early, has fitted
    index = 0
    while index < len(candidates):
        current = index
        size, leading, hyphenate = candidates[current]
        index += 1
        setter = _Setter(edition, size, leading, hyphenate)
        report = Report()
        panels = [setter.panel(panel, plan.panel(panel.role), report) for panel in edition.panels]
        if report.errors and not hyphenate and setter.needs_hyphenation and any(c[2] for c in candidates[index:]):
            continue  # a word too wide for its column may fit once hyphenation is allowed: try that, once
        # A missing glyph or an unbreakable number wider than its column does not get better at a smaller size.
        report.raise_if_errors()
        fonts = set(setter.fonts_used)
        overflowing = [(panel, placed) for panel, placed in zip(edition.panels, panels) if not _fits(placed)]
        for panel, placed in list(overflowing):
            shrunk = _shrink_panel(edition, plan, panel, size, leading, hyphenate, fonts)
            if shrunk is not None:
                panels[edition.panels.index(panel)] = shrunk
                overflowing.remove((panel, placed))
        refused += [
            Overrun(panel.role, placed.used_height - placed.available_height, size, leading, hyphenate)
            for panel, placed in overflowing
        ]
        if overflowing and resume is None and current < smallest:
            # Fail fast: after the first miss, try the smallest, tightest candidate. If it does not fit,
            # none between does (smaller type never takes more lines), and the search ends there.
            resume, index = index, smallest
            continue
        if not overflowing and resume is not None and resume < smallest and current == smallest:
            index, resume = resume, smallest + 1  # it fits at the smallest: now find the largest that fits
            continue
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
                refused=tuple(refused),
            )
    roomy = [placed for placed in panels if _fits(placed)]
    raise PanelOverflow(
        [_overflow(panel, placed, placed.body_size, leading, roomy) for panel, placed in overflowing],
        tuple(placed for _, placed in overflowing),
    )


def min_leading(leading: float, setting: float | None) -> float:
    """The tightest leading the fit may use: `type.min_leading`, or by default 0.1 below the design's
    (never below 1.2). The default keeps the fit as it was before the setting existed."""
    if setting is not None:
        return setting
    return round(max(MIN_LEADING, leading - DEFAULT_LEADING_GIVE), 3)


def fit_explanation(layout: Layout) -> str:
    """Which panel forced the fit off the design's size and leading, and by how much; "" if nothing did.

    E.g. "forced by inside_middle: 38.2 pt (3 lines) too long at 11 pt, leading 1.40; still 2.1 pt
    at 10.75 pt, leading 1.35": the first part is the design's candidate, the second the last candidate
    refused before the one chosen.
    """
    if not layout.refused:
        return ""

    def candidate(overrun: Overrun) -> str:
        return f"{overrun.size:g} pt, leading {overrun.leading:.2f}" + (", hyphenated" if overrun.hyphenated else "")

    def key(overrun: Overrun) -> tuple[float, float, bool]:
        return (overrun.size, overrun.leading, overrun.hyphenated)

    first = [o for o in layout.refused if key(o) == key(layout.refused[0])]
    last = [o for o in layout.refused if key(o) == key(layout.refused[-1])]
    worst = sorted(first, key=lambda o: -o.over)
    text = "forced by " + ", ".join(
        f"{o.role.value}: {o.over:.1f} pt ({o.lines} line{'s' * (o.lines > 1)}) too long" for o in worst
    )
    text += f" at {candidate(first[0])}"
    if key(last[0]) != key(first[0]):
        still = ", ".join(f"{o.role.value} {o.over:.1f} pt" for o in sorted(last, key=lambda o: -o.over))
        text += f"; still {still} at {candidate(last[0])}"
    return text


# A lower bound of the width text takes, as a share of its width in the regular face: other faces
# (bold, italic, a fallback font) may be a little narrower, never by this much.
_NARROWEST_FACE = 0.75
_INK = re.compile("[ \u3000\n\u00ad]")


def _hopeless(edition: Edition, plan: FoldPlan, panel: Panel) -> Finding | None:
    """The overflow error for a panel whose text cannot fit at any allowed size; None if it might.

    A cheap lower bound of the height the panel needs: every text at the readable
    floor, one line per piece of text at the least, each line as high as the type,
    its words filling the full column without a gap. Only a panel over even that
    is refused here; every other overflow is found by setting the real text.
    """
    geometry = plan.panel(panel.role)
    width, available = geometry.content.width, geometry.content.height
    regular = face(edition.design.type.font, False, False)
    size = READABLE_FLOOR
    lines = 0
    for block in panel.blocks:
        for text in block_texts(block):
            if not any(span.text for span in text):
                continue  # draws no line
            # Spaces may fall at line ends, where they take no room; soft hyphens are not drawn.
            ink = sum(regular.width(_INK.sub("", span.text), size) for span in text) * _NARROWEST_FACE
            lines += max(1, math.ceil(ink / width))
    over = lines * size - available
    if over <= 0:
        return None
    return Finding(
        Severity.ERROR,
        f"panel '{panel.role.value}' does not fit: at least {over:.0f} pt too long "
        f"(about {math.ceil(over / size)} lines of {size:g} pt text) even at the smallest size",
        panel.source,
        where=f"panel '{panel.role.value}'",
        hint="shorten the text, or move blocks to another panel: this is far more than a panel holds",
    )


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


def _overflow(panel: Panel, placed: PanelLayout, size: float, leading: float, roomy: list[PanelLayout]) -> Finding:
    """The error for a panel that does not fit even with the smallest type the design allows.

    Its hint names the panels that still have room for a line or more (`roomy`), the roomiest first.
    """
    over = placed.used_height - placed.available_height
    lines = max(1, math.ceil(over / (size * leading)))
    rooms = []
    for other in sorted(roomy, key=lambda p: p.used_height - p.available_height):
        spare = int((other.available_height - other.used_height) / (other.body_size * leading) + 1e-9)
        if spare >= 1:
            rooms.append(f"{other.role.value} about {spare} line{'s' * (spare > 1)}")
    move = f"move a block to a panel with room ({', '.join(rooms)})" if rooms else "no other panel has a line to spare"
    return Finding(
        Severity.ERROR,
        f"panel '{panel.role.value}' does not fit: {over:.1f} pt too long "
        f"(about {lines} line{'s' if lines > 1 else ''} of {size:g} pt text) at the smallest allowed size",
        panel.source,
        where=f"panel '{panel.role.value}'",
        hint=f"shorten the text, {move}, or lower type.min_body_size (8.5 pt at the least)",
    )


def _fit_candidates(
    body: float, minimum: float, leading: float, hyphenation: Hyphenation, tightest: float
) -> list[tuple[float, float, bool]]:
    """(size, leading, hyphenate) from most to least preferred.

    Hyphenation comes before any change to the type: a few hyphens are less
    noticeable than tighter lines, and tighter lines less than smaller type.
    The leading goes down in steps of 0.05 to `tightest` (the design's own
    leading is always tried).
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
    leadings = [round(leading, 3)]
    while round(leadings[-1] - LEADING_STEP, 3) >= tightest - 1e-9:
        leadings.append(round(leadings[-1] - LEADING_STEP, 3))
    for size in sizes:
        for candidate in leadings:
            candidates.append((size, candidate, hyphenate))
    return candidates


# ---------------------------------------------------------------- setting blocks


@dataclass
class _Draft:
    """A block being set: items relative to its top-left corner, y growing downwards."""

    runs: list[tuple[float, float, object, _Reading]]
    fills: list[tuple[float, float, float, float, Color]]
    images: list[tuple[float, float, float, float, Image]]
    height: float = 0.0
    # (x, y, width of the code with its quiet zone, dark module rectangles (x, y, w, h), payload)
    codes: list[tuple[float, float, float, list[tuple[float, float, float, float]], str]] = field(default_factory=list)
    links: list[tuple[float, float, float, float, str]] = field(default_factory=list)


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
        self.needs_hyphenation = False  # a word was too wide for its column while hyphenation was off

    def _scaled(self, size: float) -> float:
        """A design size stepped down with the body, never below the readable floor the loader promised."""
        return max(READABLE_FLOOR, size * self.scale)

    # -- panels

    def panel(self, panel: Panel, geometry: PanelGeometry, report: Report) -> PanelLayout:
        photo = panel.background_image
        palette = self._palette(photo.seen_as if photo else panel.background)
        width = geometry.content.width
        body = self._stack(panel.blocks, width, palette, report, panel.role)
        footer = self._stack(panel.footer, width, palette, report, panel.role)
        notice = self._draft_notice(width, palette, report) if panel.role == PanelRole.BACK_COVER else None

        total = body[-1][2] + body[-1][1].height if body else 0.0
        footer_total = footer[-1][2] + footer[-1][1].height if footer else 0.0
        notice_height = notice.height + self.body if notice else 0.0
        # At least a line of space between the body and a footer, so they never touch.
        footer_height = footer_total + (self.body if body and footer else 0.0)
        available = geometry.content.height
        used = total + footer_height + notice_height
        spare = max(available - used, 0.0)
        offset = {VerticalAlign.CENTER: spare / 2, VerticalAlign.BOTTOM: spare}.get(panel.align, 0.0)
        # `spread`: the spare height goes equally into the gaps between blocks (top and bottom stay put),
        # except after a heading: a heading stays with what it introduces.
        stretch = [i for i in range(1, len(body)) if not isinstance(body[i - 1][0], Heading)]
        gap = spare / len(stretch) if panel.align == VerticalAlign.SPREAD and stretch else 0.0
        top = geometry.content.y1 - offset
        placed = [
            self._place(
                block.source,
                block_kind(block),
                draft,
                geometry.content.x0,
                top - block_top - gap * sum(1 for j in stretch if j <= i),
            )
            for i, (block, draft, block_top) in enumerate(body)
        ]
        # The footer hangs from the bottom of the content area (above the draft notice, if any).
        footer_top = geometry.content.y0 + notice_height + footer_total
        placed += [
            self._place(block.source, block_kind(block), draft, geometry.content.x0, footer_top - block_top)
            for block, draft, block_top in footer
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
        return PanelLayout(
            panel.role,
            geometry,
            panel.background,
            tuple(placed),
            used,
            available,
            self.body,
            _background(photo, geometry.paint) if photo else None,
        )

    def _stack(
        self, blocks: tuple[Block, ...], width: float, palette: _Palette, report: Report, role: PanelRole
    ) -> list[tuple[Block, _Draft, float]]:
        """Set blocks one under another: (block, draft, distance of its top below the first block's top)."""
        stacked: list[tuple[Block, _Draft, float]] = []
        total = 0.0
        previous_after = 0.0
        for i, block in enumerate(blocks):
            draft = self._block(block, width, palette, report, role)
            before, after = self._spacing(block)
            if i:
                total += max(before, previous_after)  # the larger of the two neighbours' spacing
            stacked.append((block, draft, total))
            total += draft.height
            previous_after = after
        return stacked

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
            size = self._scaled(self.type.statistic_size)
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
            y = self._image(block, draft, pad, y, inner, palette, report, where)
        elif isinstance(block, QrCode):
            y = self._qr(block, draft, pad, y, inner, palette, report, where)
        elif isinstance(block, Table):
            y = self._table(block, draft, pad, y, inner, palette, report, where)
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
                palette.heading, size=self._scaled(self.type.heading_size), bold=True, leading=1.2, hyphenate=False
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
            style = Style(title_face, size, self.design.colors["text"])
            # Judged before any rebalancing: a title that would leave a character alone is set smaller instead.
            # Each line of a title with forced line breaks is judged on its own.
            wrapped = [wrap([Piece(part, style)], width, keep_last_line_company=False) for part in words.split("\n")]
            lines = [line for part in wrapped for line in part.lines]
            lone = any(len(line.text.strip()) == 1 and is_wide(line.text.strip()) for line in lines)
            if not any(part.too_wide for part in wrapped) and not lone:
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
                    palette.accent, size=self._scaled(self.type.prominent_size), bold=True, leading=1.2, hyphenate=False
                )
            else:
                style = self._style(palette.text)
            y = self._text(draft, line, x, y, width, style, report, block.source, where, tag=(Tag("P", index),))
        return y

    def _image(self, block: Image, draft, x, y, width, palette, report, where) -> float:
        # An SVG logo is sized by its own width and height (or viewBox); a bitmap by its pixels (read at load).
        if block.data is None:
            pixel_width, pixel_height = svg_size(block.path)
        else:
            pixel_width, pixel_height = block.data.width, block.data.height
        shown_width = min(block.width or width, width)
        shown_height = shown_width * pixel_height / pixel_width
        left = x + _aligned(block.options.align, width, shown_width)
        draft.images.append((left, y, shown_width, shown_height, block))
        if block.options.link:
            draft.links.append((left, y, shown_width, shown_height, block.options.link))
        y += shown_height
        return self._caption(block.options.caption, block.options.align, draft, x, y, width, palette, report, block)

    def _caption(self, caption: Text, align: HorizontalAlign, draft, x, y, width, palette, report, block) -> float:
        """A caption under a picture: smaller than the body, never below the readable floor."""
        if not caption:
            return y
        style = self._style(palette.text, size=max(CAPTION_FLOOR, round(0.85 * self.body, 2)), leading=1.25)
        where = f"{block_kind(block)} caption"
        return self._text(draft, caption, x, y + 0.3 * self.body, width, style, report, block.source, where, align)

    def _qr(self, block: QrCode, draft, x, y, width, palette, report, where) -> float:
        """A QR code of the contact's link target, drawn as vector rectangles inside its quiet zone.

        Its size is fixed (it does not shrink with the type: a smaller code scans worse); error correction M
        survives a crease or a smudge of up to 15 % of the code.
        """
        code = _qr_matrix(block.payload)
        modules = len(code)
        module = block.size / modules
        quiet = QR_QUIET_MODULES * module
        total = block.size + 2 * quiet
        if total > width + 1e-6:
            report.error(
                f"the QR code is {total / 72:.2f} in wide with its quiet zone, but the column is {width / 72:.2f} in",
                block.source,
                where=where,
                hint=f"give it a smaller size: (at most {(width - 8 * module) / 72:.2f}in)",
            )
        left = x + _aligned(block.align, width, total)
        dark = []
        for row, values in enumerate(code):
            column = 0
            while column < modules:
                if not values[column]:
                    column += 1
                    continue
                start = column
                while column < modules and values[column]:
                    column += 1
                # Runs of dark modules in a row are one rectangle: a few hundred instead of a thousand.
                run = (left + quiet + start * module, y + quiet + row * module, (column - start) * module, module)
                dark.append(run)
        draft.codes.append((left, y, total, dark, block.payload))
        draft.links.append((left + quiet, y + quiet, block.size, block.size, block.payload))
        y += total
        return self._caption(block.caption, block.align, draft, x, y, width, palette, report, block)

    def _table(self, block: Table, draft, x, y, width, palette, report, where) -> float:
        """Rows of cells in aligned columns: widths from the content, each cell wrapped in its column."""
        rows = ([(block.header, True)] if block.header else []) + [(row, False) for row in block.rows]
        if not rows:
            return y
        count = len(rows[0][0])
        gap = 0.8 * self.body
        body_style = self._style(palette.text)
        head_style = self._style(palette.heading, bold=True, hyphenate=False)
        natural = [0.0] * count
        narrowest = [0.0] * count
        for cells, head in rows:
            for i, cell in enumerate(cells):
                # Measured on a scratch report: the cells are checked (and any problem reported) when set below.
                pieces = self._pieces(cell, head_style if head else body_style, Report(), block.source, where)
                natural[i] = max(natural[i], max((line.width for line in wrap(pieces, 1e9).lines), default=0.0))
                words = wrap(pieces, 0.0)
                narrowest[i] = max(
                    [narrowest[i]]
                    + [line.width for line in words.lines]
                    + [too_wide.width for too_wide in words.too_wide]
                )
        widths = _column_widths(natural, narrowest, width - gap * (count - 1))
        lefts = [x + sum(widths[:i]) + gap * i for i in range(count)]
        pad = 0.25 * self.body
        for number, (cells, head) in enumerate(rows):
            bottom = y
            source = block.row_sources[number] if number < len(block.row_sources) else block.source
            for i, cell in enumerate(cells):
                style = head_style if head else body_style
                below = self._text(draft, cell, lefts[i], y + pad, widths[i], style, report, source, where)
                bottom = max(bottom, below)
            y = bottom + pad
            if number < len(rows) - 1:
                # A rule under each row, stronger under the header, so a reader's eye follows the row.
                thickness = 0.9 if head else 0.4
                draft.fills.append((x, y - thickness / 2, width, thickness, palette.heading))
        return y

    def _draft_notice(self, width, palette, report) -> _Draft | None:
        edition = self.edition
        if edition.review.status != ReviewStatus.DRAFT:
            return None
        local = edition.labels.get("draft_notice", "")
        # Italic by design, not by markup: a family without an italic face sets it upright.
        # The English half is tagged as English; the translated half reads in the edition's language.
        text = (Span(DRAFT_NOTICE_EN, lang="en"),) + ((Span(" / " + local),) if local else ())
        if local and not edition.source_edition:
            # A draft that translates nothing (a new brochure's template) is not a "draft translation".
            text = (Span(local),)
        draft = _Draft([], [], [])
        pad = 0.4 * self.body
        size = self.type.min_body_size
        tint = self.design.colors["tint"]
        # The notice sits in its own tint box: its text takes the colours for that box, not for the panel
        # (on a dark back cover the panel's light text would vanish on the light tint).
        style = self._style(self._palette(tint).text, size=size, leading=1.25, italic=True)
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
        draft.fills.insert(0, (0.0, 0.0, width, draft.height, tint))
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
        align: HorizontalAlign = HorizontalAlign.LEFT,
        tag: tuple[Tag, ...] = (Tag("P"),),
    ) -> float:
        """Wrap `text` into `width` starting at `y` (top); add its runs; return the y below it.

        A line break in the text (a newline from a `|` block in the YAML) starts a new line.

        `tag` is the structure path every run of the text gets (a paragraph by default).
        """
        pieces = self._pieces(text, style, report, source, where)
        hyphenator = self.hyphenator if style.hyphenate else None
        lines = []
        too_wide = []
        for part in _split_lines(pieces):
            wrapped = wrap(part, width, hyphenator, self.clinging)
            lines.extend(wrapped.lines)
            too_wide.extend(wrapped.too_wide)
        wrapped = Wrapped(tuple(lines), tuple(too_wide))
        for too_wide in wrapped.too_wide:
            if not too_wide.unbreakable and style.hyphenate and self.hyphenator is None:
                self.needs_hyphenation = True
            report.error(
                f"'{too_wide.text}' is {too_wide.width:.1f} pt wide but the column is {too_wide.available:.1f} pt; "
                "it cannot be broken",
                source,
                where=where,
                hint=self._too_wide_hint(too_wide, style),
            )
        baseline = self._baseline(style)
        lines = wrapped.lines
        spaced = _broken_at_spaces("".join(piece.text for piece in pieces), lines)
        for number, line in enumerate(lines):
            shift = _aligned(align, width, line.width)
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
                draft.runs.append((x + shift + fragment.x, y + baseline, fragment, reading))
            y += style.line_height
        return y

    def _too_wide_hint(self, too_wide: TooWide, style: _TextStyle) -> str:
        """What to do about a piece wider than its column: depends on what it is and what was tried."""
        if too_wide.unbreakable:
            return (
                "a phone number or web address must stay on one line: shorten it (e.g. drop 'http://'), "
                "or set it as a contact block where it has a line of its own"
            )
        hint = "shorten the word, or break it with a space or a hyphen"
        if not style.hyphenate:
            return hint + " (headings, names and figures are never hyphenated)"
        if self.design.hyphenate == Hyphenation.NEVER:
            return hint + ", or allow hyphenation (hyphenate: auto in brochure.yaml)"
        if _hyphenator(self.edition.language) is None:
            return hint + f" (there is no hyphenation dictionary for '{self.edition.language}')"
        return hint + " (hyphenation found no break that fits)"

    def _pieces(self, text: Text, style: _TextStyle, report: Report, source: Location, where: str) -> list[Piece]:
        """Spans -> pieces in concrete faces; characters the font lacks come from a fallback font or are reported."""
        pieces: list[Piece] = []
        families = (self.type.font,) + self.type.fallback_fonts
        reported: set[tuple[str, str]] = set()
        for span in text:
            bold = style.bold or span.bold or span.kind.dials
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
                        f"character '{char}' (U+{ord(char):04X}) is in no font of this edition "
                        f"({', '.join(f.name for f in families)})",
                        source,
                        where=where,
                        hint="replace or remove it, or add a font that has it as type.fallback",
                    )
                    continue
                if chosen is not run_face:
                    self._check_emphasis(span, chosen, report, source, where, reported)
                if chosen is not run_face and run:
                    pieces.append(self._piece("".join(run), run_face, style, span))
                    run = []
                run_face = chosen
                run.append(char)
            if run:
                pieces.append(self._piece("".join(run), run_face, style, span))
        return pieces

    def _check_emphasis(
        self, span: Span, chosen: FontFace, report: Report, source: Location, where: str, reported: set
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

    def _piece(self, text: str, run_face: FontFace, style: _TextStyle, span: Span) -> Piece:
        self.fonts_used.add(run_face.name)
        return Piece(text, Style(run_face, style.size, style.color, span.link, span.lang), span.unbreakable)

    # -- placing

    def _place(self, source: Location, kind: str, draft: _Draft, left: float, top: float) -> PlacedBlock:
        runs = []
        link_count = 0  # Link elements so far: each link (even over two lines) is one
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
                        link_count += 1
                    tag = tag + (Tag("Link", link_count),)
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
            PlacedImage(
                Rect(left + x, top - y - h, left + x + w, top - y),
                image.path,
                image.data,
                "" if image.decorative else image.alt,
            )
            for x, y, w, h, image in draft.images
        )

        def rect(x: float, y: float, w: float, h: float) -> Rect:
            return Rect(left + x, top - y - h, left + x + w, top - y)

        codes = tuple(
            PlacedCode(rect(x, y, w, w), tuple(rect(*module) for module in dark), PURE_BLACK, payload)
            for x, y, w, dark, payload in draft.codes
        )
        links = tuple(PlacedLink(rect(x, y, w, h), target) for x, y, w, h, target in draft.links)
        width = max(
            [r.x + r.width for r in runs]
            + [f.rect.x1 for f in fills]
            + [i.rect.x1 for i in images]
            + [c.quiet.x1 for c in codes]
            + [left]
        )
        bounds = Rect(left, top - draft.height, max(width, left), top)
        return PlacedBlock(source, kind, bounds, tuple(runs), fills, images, codes, links)


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
        # A forced line break (a newline in the data) reads as a space too.
        result.append(cursor < len(source) and source[cursor] in BREAKING_SPACES + "\n")
    if result:
        result[-1] = False
    return result


@dataclass(frozen=True)
class _RunSpec:
    """A single run set outside the line breaker (a bullet mark)."""

    text: str
    style: _TextStyle
    width: float


def _background(photo: BackgroundImage, paint: Rect) -> PlacedBackground:
    """The photo scaled to cover the paint area (nothing left bare), centred; the excess is clipped."""
    pixel_width, pixel_height = photo.data.width, photo.data.height
    scale = max(paint.width / pixel_width, paint.height / pixel_height)
    width, height = pixel_width * scale, pixel_height * scale
    x0 = paint.x0 + (paint.width - width) / 2
    y0 = paint.y0 + (paint.height - height) / 2
    rect = Rect(x0, y0, x0 + width, y0 + height)
    return PlacedBackground(rect, paint, photo.path, photo.data, photo.overlay, photo.opacity, photo.source)


def _aligned(align: HorizontalAlign, width: float, used: float) -> float:
    """How far from the column's left edge something `used` points wide starts."""
    if align == HorizontalAlign.CENTER:
        return max(width - used, 0.0) / 2
    if align == HorizontalAlign.RIGHT:
        return max(width - used, 0.0)
    return 0.0


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


@cache
def _qr_matrix(payload: str) -> tuple[tuple[bool, ...], ...]:
    """The modules of the QR code of `payload` (True is dark), without the quiet zone.

    segno picks the smallest version that holds the payload at error level M; `boost_error=False` keeps the
    level at M rather than raising it when there is room, so a code's look does not change with its text.
    """
    code = segno.make(payload, error="m", micro=False, boost_error=False)
    return tuple(tuple(bool(v) for v in row) for row in code.matrix_iter(border=0))


def _column_widths(natural: list[float], narrowest: list[float], available: float) -> list[float]:
    """Column widths that fit `available`: each column's natural width when all fit, else the narrowest
    (longest word) plus a share of the rest in proportion to how much more it would like; the last
    column takes what is left over, so the rules run the width of the column."""
    if sum(natural) <= available:
        widths = list(natural)
    elif sum(narrowest) < available and sum(natural) > sum(narrowest):
        share = (available - sum(narrowest)) / (sum(natural) - sum(narrowest))
        widths = [low + (high - low) * share for low, high in zip(narrowest, natural)]
    else:
        # Not even the longest words fit: share by them; the line breaker reports the word that is too wide.
        widths = [available * low / sum(narrowest) for low in narrowest] if sum(narrowest) else natural
    widths[-1] += max(available - sum(widths), 0.0)
    return widths
