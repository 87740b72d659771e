"""What the layout stage produces: frames of typed placed items, and the `Layout` that holds them.

In:  nothing: these are the types the layout fills and every later stage reads.
Out: `Layout` (one `PanelLayout` per panel, each a tuple of `PlacedBlock` frames) and the
     document facts the draw stage writes (`DocumentInfo`), so that drawing needs the
     layout alone, never the `Edition`.

Every placed item is typed (a text run, a fill, a rule, an image, a QR code, a link
area, a background photo), is at its final position in page coordinates, and knows
where it came from: its block's `PlacedBlock.source`, and for a text run its own
`TextRun.source` (a bullet item, a table row) and its structure path (`TextRun.tag`).

`Frame` is the builder a block setter draws into: positions relative to the block's
top-left corner, y growing downwards, then `Frame.place` puts the whole frame on the
page in one step.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from pathlib import Path

from .diagnostics import BrochureError, Finding, Location
from .fold import FoldPlan, PanelGeometry, Rect
from .fonts import face
from .model import PURE_BLACK, Color, Edition, HeadingLevel, Image, ImageData, PanelRole, PrintingCondition, VectorData

# ---------------------------------------------------------------- placed items


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


# eq=False on the classes of this module that are never compared or hashed (identity is all they need):
# dataclass then builds no __eq__ and __hash__ for them, a measurable part of the start-up of every render.
@dataclass(frozen=True, eq=False)
class TextRun:
    """Text drawn from baseline point (x, y) in one font; `width` in points.

    `tag` is its path in the structure tree below its block (empty: an artifact).
    A word broken at the line end by a soft hyphen is read back whole: the run
    that ends with its first part carries the whole word in `joined`, and the run
    on the next line starts with `continues` characters that are read as nothing.
    `space_after`: the line ends here where the text had a space, which the line
    break took away; the draw stage writes it back (invisible), so words on
    either side of a line end are not read as one.
    `source`: where the text is written (a bullet item, a table row; None for text the layout adds).
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
    source: Location | None = field(default=None, compare=False)


@dataclass(frozen=True, eq=False)
class Fill:
    """A rectangle of colour: a block's own background box (an artifact)."""

    rect: Rect
    color: Color


@dataclass(frozen=True, eq=False)
class Rule(Fill):
    """A line drawn as a thin fill: the rule under a table row (an artifact, painted like any fill)."""


@dataclass(frozen=True, eq=False)
class PlacedImage:
    """An image where it lands; `alt` is its text equivalent, "" for a decorative image (an artifact)."""

    rect: Rect
    path: Path
    data: ImageData | None  # the decoded pixels the draw stage embeds; None: an SVG logo, drawn as vector
    alt: str = ""  # its text equivalent; "" for a decorative image (an artifact)
    vector: VectorData | None = None  # an SVG logo's size and checked version, read at load


@dataclass(frozen=True, eq=False)
class PlacedCode:
    """A QR code: `quiet` is the code with its quiet zone (kept blank: painted white), `modules` its dark
    modules, merged into one rectangle per run of neighbours in a row, in `color` (pure black)."""

    quiet: Rect
    modules: tuple[Rect, ...]
    color: Color
    payload: str
    alt: str = ""  # what a screen reader says for it: where the code leads


@dataclass(frozen=True, eq=False)
class PlacedLink:
    """An area that is a link (a QR code, a linked image), beside the links of text runs."""

    rect: Rect
    target: str


@dataclass(frozen=True, eq=False)
class PlacedBlock:
    """One block of the data file where it landed (a frame): `rect` bounds all it draws.

    Its items by type, each in the order they are painted: fills (its box, then rules), images,
    QR codes, text runs; `links` are the areas of its pictures that are links.
    """

    source: Location
    kind: str
    rect: Rect
    runs: tuple[TextRun, ...]
    fills: tuple[Fill, ...] = ()
    images: tuple[PlacedImage, ...] = ()
    codes: tuple[PlacedCode, ...] = ()
    links: tuple[PlacedLink, ...] = ()

    @property
    def rules(self) -> tuple[Rule, ...]:
        return tuple(fill for fill in self.fills if isinstance(fill, Rule))


@dataclass(frozen=True, eq=False)
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


@dataclass(frozen=True, eq=False)
class PanelLayout:
    """One panel laid out: its blocks placed, and the height they use of the height there is."""

    role: PanelRole
    geometry: PanelGeometry
    background: Color | None
    blocks: tuple[PlacedBlock, ...]
    used_height: float  # height the content needs
    available_height: float  # height of the content area
    body_size: float  # the body size this panel was set in (smaller than the edition's if it shrank)
    background_image: PlacedBackground | None = None


# ---------------------------------------------------------------- the whole layout


@dataclass(frozen=True, eq=False)
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


@dataclass(frozen=True, eq=False)
class DocumentInfo:
    """What the draw stage writes about the document rather than on its pages: metadata, language,
    the font the canvas starts in (registered name) and its size, and the press printing condition."""

    title: str
    author: str
    subject: str
    keywords: tuple[str, ...]
    language: str
    font: str
    body_size: float
    printing: PrintingCondition | None = None

    @classmethod
    def of(cls, edition: Edition) -> DocumentInfo:
        design = edition.design
        return cls(
            title=edition.title,
            author=design.author,
            subject=edition.subject,
            keywords=edition.keywords,
            language=edition.language,
            font=face(design.type.font).name,
            body_size=design.type.body_size,
            printing=design.printing,
        )


@dataclass(frozen=True, eq=False)
class Layout:
    """An edition set on a fold plan. The draw stage reads `info`, `plan` and the panels, never `edition`
    (kept for the checks after drawing: preflight compares the PDF with what the data file says)."""

    edition: Edition
    plan: FoldPlan
    info: DocumentInfo
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


# ---------------------------------------------------------------- the frame a block is set into


@dataclass(frozen=True, eq=False)
class Box:
    """A rectangle in a frame: from its top-left corner, y growing downwards, in points."""

    x: float
    y: float
    width: float
    height: float

    def on_page(self, left: float, top: float) -> Rect:
        """This box on the page, for a frame whose top-left corner is at (left, top)."""
        return Rect(left + self.x, top - self.y - self.height, left + self.x + self.width, top - self.y)


@dataclass(slots=True)  # not frozen: made by the thousand in every fit candidate, and never kept
class FrameRun:
    """A run of text in a frame: `x` from the frame's left, `baseline` below its top; the rest as `TextRun`.
    Its `Link` tag step is added when the frame is placed (runs of one link are one Link element)."""

    x: float
    baseline: float
    text: str
    font: str
    size: float
    color: Color
    width: float
    link: str | None
    tag: tuple[Tag, ...]
    source: Location
    joined: str = ""
    continues: int = 0
    space_after: bool = False


@dataclass(frozen=True, eq=False)
class FrameFill:
    """A filled box drawn on a frame: a block's background, or a table rule."""

    box: Box
    color: Color
    rule: bool = False  # a table rule rather than a box


@dataclass(frozen=True, eq=False)
class FrameImage:
    """An image placed on a frame, in its box."""

    box: Box
    image: Image


@dataclass(frozen=True, eq=False)
class FrameCode:
    """A QR code placed on a frame: its box with the quiet zone, its dark modules, what it encodes."""

    box: Box  # the code with its quiet zone
    modules: tuple[Box, ...]
    payload: str
    alt: str


@dataclass(frozen=True, eq=False)
class FrameLink:
    """A link area on a frame: the box a reader clicks and where it goes."""

    box: Box
    target: str


@dataclass
class Frame:
    """A block being set: its typed items relative to its top-left corner, and its height once set."""

    runs: list[FrameRun] = field(default_factory=list)
    fills: list[FrameFill] = field(default_factory=list)
    images: list[FrameImage] = field(default_factory=list)
    codes: list[FrameCode] = field(default_factory=list)
    links: list[FrameLink] = field(default_factory=list)
    height: float = 0.0

    def place(self, source: Location, kind: str, left: float, top: float) -> PlacedBlock:
        """The frame on the page with its top-left corner at (left, top): a `PlacedBlock`."""
        runs = _placed_runs(self.runs, left, top)
        fills = tuple((Rule if fill.rule else Fill)(fill.box.on_page(left, top), fill.color) for fill in self.fills)
        images = tuple(
            PlacedImage(
                item.box.on_page(left, top),
                item.image.path,
                item.image.data,
                "" if item.image.decorative else item.image.alt,
                item.image.vector,
            )
            for item in self.images
        )
        codes = tuple(
            PlacedCode(
                code.box.on_page(left, top),
                tuple(module.on_page(left, top) for module in code.modules),
                PURE_BLACK,
                code.payload,
                code.alt,
            )
            for code in self.codes
        )
        links = tuple(PlacedLink(link.box.on_page(left, top), link.target) for link in self.links)
        width = max(
            [r.x + r.width for r in runs]
            + [f.rect.x1 for f in fills]
            + [i.rect.x1 for i in images]
            + [c.quiet.x1 for c in codes]
            + [left]
        )
        bounds = Rect(left, top - self.height, max(width, left), top)
        return PlacedBlock(source, kind, bounds, runs, fills, images, codes, links)


def _placed_runs(runs: list[FrameRun], left: float, top: float) -> tuple[TextRun, ...]:
    """The frame's runs on the page; a link's runs get their Link step (one per link, even over two lines)."""
    placed = []
    link_count = 0  # Link elements so far
    previous: tuple[tuple[Tag, ...], str | None] = ((), None)
    for run in runs:
        tag = run.tag
        if run.link:
            # Consecutive runs of one link (a link broken over two lines) are one Link element.
            if previous != (run.tag, run.link):
                link_count += 1
            tag = tag + (Tag("Link", link_count),)
        previous = (run.tag, run.link)
        placed.append(
            TextRun(
                left + run.x,
                top - run.baseline,
                run.text,
                run.font,
                run.size,
                run.color,
                run.width,
                run.link,
                tag,
                run.joined,
                run.continues,
                run.space_after,
                run.source,
            )
        )
    return tuple(placed)
