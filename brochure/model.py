"""The brochure as data: frozen dataclasses produced by `load` and read by every later stage.

Nothing here knows about YAML or PDF. Every node that came from a data file
keeps its `Location`, so a problem found later (a panel that does not fit, a
glyph a font lacks) can still be reported at the line that caused it.
Lengths are points; colours are `Color`; text is a tuple of `Span`s with
contact references already resolved to their numbers and links.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path

from .diagnostics import Location
from .phones import PhoneNumber
from .stylesheet import StyleSheet


class PanelRole(str, Enum):
    """A panel of the sheet, named as in a roll fold; listed in reading order.

    Each keeps its place on the sheet in every fold; what it is for in a fold, and the order
    it is read in, are the fold's panel map (`fold.panel_map`, `fold.reading_order`).
    """

    FRONT_COVER = "front_cover"
    INSIDE_LEFT = "inside_left"
    INSIDE_MIDDLE = "inside_middle"
    INSIDE_RIGHT = "inside_right"
    FOLD_IN_BACK = "fold_in_back"
    BACK_COVER = "back_cover"


class Fold(str, Enum):
    ROLL = "roll"  # the usual tri-fold: the right inside panel folds in first
    Z = "z"  # accordion: three equal panels, nothing nests


@dataclass(frozen=True)
class Paper:
    """A sheet size, landscape: width > height, in points."""

    name: str
    width: float
    height: float


PAPERS: dict[str, Paper] = {
    "letter": Paper("letter", 11 * 72, 8.5 * 72),
    "legal": Paper("legal", 14 * 72, 8.5 * 72),
    "a4": Paper("a4", 297 * 72 / 25.4, 210 * 72 / 25.4),
}


@dataclass(frozen=True)
class Color:
    """An sRGB colour from "#RRGGBB"; `name` is the palette name it was chosen by, if any.

    `cmyk` (fractions 0..1) is what the designer chose for the press edition, if anything;
    without it the press edition converts the hex through the bundled CMYK profile (`inks`).
    """

    hex: str
    name: str = ""
    cmyk: tuple[float, float, float, float] | None = None
    source: Location | None = field(default=None, compare=False)  # where brochure.yaml defines it

    @property
    def rgb(self) -> tuple[float, float, float]:
        value = self.hex.lstrip("#")
        red, green, blue = (int(value[i : i + 2], 16) / 255 for i in (0, 2, 4))
        return red, green, blue


class SpanKind(str, Enum):
    """What a run of text is, decided where the span is made (from the contact field it was filled in
    from), so later stages never guess it from the link's prefix."""

    PLAIN = "plain"  # words, or a field printed but not linked (an address, a fax, a number that failed)
    PHONE = "phone"  # a linked phone or toll-free number (tel:)
    SMS = "sms"  # a linked text line (sms:)
    EMAIL = "email"  # a linked e-mail address (mailto:)
    URL = "url"  # a linked web address

    @property
    def dials(self) -> bool:
        """A number a reader's phone calls or texts: set bold so it stands out in the sentence."""
        return self in (SpanKind.PHONE, SpanKind.SMS)


@dataclass(frozen=True)
class Span:
    """A run of text in one style. `unbreakable` runs (numbers, URLs) never wrap."""

    text: str
    bold: bool = False
    italic: bool = False
    link: str | None = None
    unbreakable: bool = False
    contact: str | None = None  # the contact id this text was filled in from, if any
    lang: str = ""  # BCP 47 tag when this text is in another language than its edition's ("" = the edition's)
    kind: SpanKind = SpanKind.PLAIN


Text = tuple[Span, ...]


def plain_text(text: Text) -> str:
    """The characters a reader sees, without styling."""
    return "".join(span.text for span in text)


# ---------------------------------------------------------------- blocks


class HeadingLevel(str, Enum):
    TITLE = "title"  # the cover title
    SECTION = "section"  # a question heading
    SUBSECTION = "subsection"


class ContactStyle(str, Enum):
    NORMAL = "normal"
    PROMINENT = "prominent"  # the number set large, for the hotline


@dataclass(frozen=True)
class Heading:
    """A heading block: its text and level (cover title, section, subsection)."""

    text: Text
    level: HeadingLevel
    source: Location
    background: Color | None = None


@dataclass(frozen=True)
class Paragraph:
    """A paragraph block: running text with its inline styles and contacts."""

    text: Text
    source: Location
    background: Color | None = None


@dataclass(frozen=True)
class BulletItem:
    """One item of a bullet list, with the items nested under it."""

    text: Text
    source: Location
    children: tuple[BulletItem, ...] = ()


@dataclass(frozen=True)
class BulletList:
    """A bullet list block."""

    items: tuple[BulletItem, ...]
    source: Location
    background: Color | None = None


@dataclass(frozen=True)
class ContactBlock:
    """A contact as a block: its name, then one line per shown field (label and value)."""

    contact_id: str
    name: Text
    lines: tuple[Text, ...]
    style: ContactStyle
    source: Location
    background: Color | None = None


@dataclass(frozen=True)
class Statistic:
    """A call-out figure set large (`value`), read on into the rest of the sentence (`text`)."""

    value: Text
    text: Text
    source: Location
    background: Color | None = None


@dataclass(frozen=True)
class VectorData:
    """What the layout and draw stages need of an SVG logo, read once at load: its size in points and the
    digest of the file's bytes that were checked (the draw stage converts exactly that version)."""

    width: float
    height: float
    digest: str


@dataclass(frozen=True, eq=False)
class ImageData:
    """An image file as decoded, completely, once at load time (see images.py).

    `width` x `height` are its pixels as printed (after any EXIF rotation). `file_mode` is Pillow's
    mode of the file as read ("I;16" is 16-bit grey, "P" a palette); `pixels` are the decoded image
    in `mode`, one of L, LA, RGB, RGBA, CMYK: the form ReportLab embeds faithfully. `jpeg` holds the
    file's own bytes when they can be embedded unchanged (a complete grey or RGB JPEG), else b"".
    """

    format: str  # "PNG" or "JPEG"
    file_mode: str
    width: int
    height: int
    mode: str
    pixels: bytes = field(repr=False)
    jpeg: bytes = field(default=b"", repr=False)


@dataclass(frozen=True)
class Spacer:
    """A spacer block: empty space of a fixed height (points)."""

    height: float
    source: Location
    background: Color | None = None


class HorizontalAlign(str, Enum):
    """Where a narrower-than-the-column image, QR code or divider sits across the column."""

    LEFT = "left"
    CENTER = "center"
    RIGHT = "right"


@dataclass(frozen=True)
class Divider:
    """A horizontal line `weight` points thick between blocks; `color` None is the ground's accent colour,
    `width` None the column's width."""

    weight: float
    source: Location
    color: Color | None = None
    width: float | None = None
    align: HorizontalAlign = HorizontalAlign.LEFT
    background: Color | None = None


# The press edition prints a QR code in black ink only (one plate, nothing to misregister). The colour layer
# maps this name to 100 % K; in RGB it is plain black.
PURE_BLACK = Color("#000000", "pure_black")
QR_MIN_SIZE = 0.8 * 72  # smaller codes fail on older phone cameras at arm's length


@dataclass(frozen=True)
class QrCode:
    """A QR code of one contact's link target (`payload`, e.g. "https://..." or "tel:+1..."), `size` points wide.

    The size is the printed code without its quiet zone (4 modules of blank paper on each side, added
    around it by the layout); `caption` is set below it, smaller.
    """

    contact_id: str
    field: str  # the contact field encoded: url, phone, toll_free, text or email
    payload: str
    size: float
    caption: Text
    align: HorizontalAlign
    source: Location
    background: Color | None = None


@dataclass(frozen=True)
class ImageOptions:
    """What an image may have besides its file and width: a caption below it, its place across the column,
    and the contact it links to (`link` is the link target, `link_contact` the contact's name)."""

    caption: Text = ()
    align: HorizontalAlign = HorizontalAlign.LEFT
    link: str | None = None
    link_contact: str | None = None


@dataclass(frozen=True)
class Image:
    """A picture; `alt` is what a screen reader says instead ("" only when `decorative`: then it is skipped)."""

    path: Path
    data: ImageData | None  # decoded completely at load; None: an SVG logo (vector, checked at load)
    width: float | None  # as printed, in points; None: the column width
    source: Location
    background: Color | None = None
    options: ImageOptions = ImageOptions()
    alt: str = ""
    decorative: bool = False
    vector: VectorData | None = None  # an SVG logo's facts (then `data` is None)


@dataclass(frozen=True)
class Table:
    """Rows of 2 to 4 cells that line up in columns; `header` (possibly empty) is set bold above them.

    Every row has as many cells as the header (or the first row): checked when the file is read.
    """

    header: tuple[Text, ...]
    rows: tuple[tuple[Text, ...], ...]
    source: Location
    background: Color | None = None
    row_sources: tuple[Location, ...] = ()  # where each row is written (the header's first, if any)


Block = Heading | Paragraph | BulletList | ContactBlock | Statistic | Image | Spacer | QrCode | Table | Divider


BLOCK_KINDS = {
    Heading: "heading",
    Paragraph: "paragraph",
    BulletList: "bullets",
    ContactBlock: "contact",
    Statistic: "statistic",
    Image: "image",
    Spacer: "spacer",
    QrCode: "qr",
    Table: "table",
    Divider: "divider",
}


def block_kind(block: Block) -> str:
    """The block's type as written in a data file ("heading", "bullets", ...)."""
    return BLOCK_KINDS[type(block)]


def block_texts(block: Block) -> list[Text]:
    """Every run of visible text a block carries, in reading order."""
    if isinstance(block, (Heading, Paragraph)):
        return [block.text]
    if isinstance(block, Statistic):
        return [block.value, block.text]
    if isinstance(block, ContactBlock):
        return ([block.name] if block.name else []) + list(block.lines)
    if isinstance(block, QrCode):
        return [block.caption] if block.caption else []
    if isinstance(block, Image):
        return [block.options.caption] if block.options.caption else []
    if isinstance(block, Table):
        return [cell for row in (block.header, *block.rows) for cell in row]
    if isinstance(block, BulletList):
        texts: list[Text] = []

        def walk(items: tuple[BulletItem, ...]) -> None:
            for item in items:
                texts.append(item.text)
                walk(item.children)

        walk(block.items)
        return texts
    return []


# ---------------------------------------------------------------- panels and design


class Hyphenation(str, Enum):
    AUTO = "auto"  # only when an edition does not fit without it (before any smaller type)
    ALWAYS = "always"
    NEVER = "never"


class VerticalAlign(str, Enum):
    TOP = "top"
    CENTER = "center"
    BOTTOM = "bottom"
    SPREAD = "spread"  # the panel's spare height shared equally between its blocks


@dataclass(frozen=True)
class BackgroundImage:
    """A photo filling a panel (`background: photo.jpg`), cropped to cover it, under an optional `overlay`
    tint (`opacity` 0..1) that keeps text readable. `average` is the photo's mean colour: with the overlay
    it decides whether the panel's text is set light or dark."""

    path: Path
    data: ImageData  # decoded completely at load, like an image block's
    average: Color
    source: Location
    overlay: Color | None = None
    opacity: float = 0.0

    @property
    def seen_as(self) -> Color:
        """The colour the text sits on, on average: the photo's, blended with the overlay."""
        if self.overlay is None or self.opacity <= 0:
            return self.average
        mixed = [a * (1 - self.opacity) + o * self.opacity for a, o in zip(self.average.rgb, self.overlay.rgb)]
        return Color("#" + "".join(f"{round(c * 255):02X}" for c in mixed))


@dataclass(frozen=True)
class Panel:
    """One panel of the sheet (its role) and the blocks it holds, in reading order."""

    role: PanelRole
    blocks: tuple[Block, ...]
    source: Location
    background: Color | None = None
    align: VerticalAlign = VerticalAlign.TOP
    shrink_to: float | None = None  # opt-in: this panel alone may go down to this body size to fit
    local_blocks: frozenset[int] = frozenset()  # indexes of blocks only this edition has (`local: true`)
    footer: tuple[Block, ...] = ()  # blocks set at the panel's foot, whatever the `align`
    blank: bool = False  # intentionally empty (`blank: true`): a mailing panel or a colour-only back
    background_image: BackgroundImage | None = None  # a photo over the whole panel (into the bleed in press)

    @property
    def all_blocks(self) -> tuple[Block, ...]:
        """The blocks in reading order: the body, then the footer (indexes as in `local_blocks`)."""
        return self.blocks + self.footer


@dataclass(frozen=True)
class FontFamily:
    """A font family found on the font search path (see fonts.py): the name `type: font:` gives,
    the folder it was found in, and its TrueType files by style (Regular, Bold, Italic, BoldItalic)."""

    name: str
    folder: Path
    faces: tuple[tuple[str, Path], ...]  # (style, file) for each style the folder has
    bundled: bool = False  # one of the fonts that come with brochure

    def has(self, style: str) -> bool:
        return any(s == style for s, _ in self.faces)

    def file(self, style: str) -> Path:
        return next(path for s, path in self.faces if s == style)

    def __str__(self) -> str:
        return self.name


@dataclass(frozen=True)
class TypeScale:
    """Type sizes in points; `leading` is a multiple of the size."""

    font: FontFamily
    body_size: float
    min_body_size: float
    leading: float
    heading_size: float
    title_size: float
    statistic_size: float
    prominent_size: float
    fallback_fonts: tuple[FontFamily, ...] = ()
    min_leading: float | None = None  # the tightest leading the fit may use; None: 0.1 below `leading`, >= 1.2


@dataclass(frozen=True)
class Margins:
    """Text inset, in points, from the sheet edge (and top and bottom) and from each fold."""

    edge: float
    fold: float


@dataclass(frozen=True)
class PrintingCondition:
    """The press and paper the press edition's CMYK is made for, as its output intent names it.

    `identifier` is the condition's name (e.g. "CGATS TR 001", "FOGRA39"); `registry` the
    registry that defines it ("" for a shop's own condition); `profile` the CMYK ICC
    profile that describes it, through which colours are converted and which is embedded.
    """

    identifier: str
    registry: str
    info: str
    profile: Path


@dataclass(frozen=True)
class Design:
    """Brochure-wide settings shared by every edition (an edition may override `type`)."""

    papers: tuple[Paper, ...]
    fold: Fold  # the first of `folds`: what one edition file makes unless told otherwise
    fold_in_offset: float
    bleed: float
    colors: dict[str, Color]
    type: TypeScale
    margins: Margins
    hyphenate: Hyphenation
    author: str
    source: Location
    ink_limit: float = 300.0  # press edition: the most total ink (C+M+Y+K, in %) any fill or image may use
    printing: PrintingCondition | None = None  # press edition: None is the bundled condition (`inks`)
    folds: tuple[Fold, ...] = (Fold.ROLL,)  # every fold `--all` makes, in the order written
    smart_quotes: bool = True  # straight quotes and typed dashes in the text set typographically
    style: StyleSheet = StyleSheet()  # spacings and sizes the layout sets blocks with (the defaults: our look)


class ReviewStatus(str, Enum):
    SOURCE = "source"  # the original the translations are made from
    DRAFT = "draft"  # a translation nobody fluent has checked yet
    REVIEWED = "reviewed"


@dataclass(frozen=True)
class Review:
    """Where a translation's review stands: its status, who reviewed it and when."""

    status: ReviewStatus
    reviewer: str = ""
    date: str = ""


@dataclass(frozen=True)
class Contact:
    """One organisation's facts, as written once in contacts.yaml."""

    id: str
    fields: dict[str, object]  # field name -> str as written, or tuple of str for an address
    source: Location
    region: str = "US"  # the country its numbers are read in: its own `region:`, else the brochure's
    numbers: dict[str, PhoneNumber] = field(default_factory=dict)  # phone, toll_free, fax, text that passed
    field_sources: dict[str, Location] = field(default_factory=dict)  # where each field is written


@dataclass(frozen=True)
class Edition:
    """One language of one brochure: everything the layout needs, validated."""

    path: Path
    brochure: str  # the folder name, e.g. "ct-human-trafficking"
    code: str  # the file stem, e.g. "en", "zh-Hans"
    language: str  # BCP 47 tag for the PDF, e.g. "en-US"
    title: str
    subject: str
    keywords: tuple[str, ...]
    review: Review
    source_edition: str  # code of the edition this one translates ("" for the source)
    labels: dict[str, str]
    panels: tuple[Panel, ...]
    design: Design
    contacts: dict[str, Contact] = field(repr=False, default_factory=dict)
    contacts_used: frozenset[str] = frozenset()  # ids referred to anywhere in this edition
    region: str = "US"  # contacts.yaml's `region:`: the country numbers are read in unless a contact says otherwise

    def panel(self, role: PanelRole) -> Panel:
        for panel in self.panels:
            if panel.role == role:
                return panel
        raise KeyError(role)

    @property
    def name(self) -> str:
        return f"{self.brochure}-{self.code}"
