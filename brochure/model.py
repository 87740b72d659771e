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


class PanelRole(str, Enum):
    """A panel by what it is for, in reading order; its position depends on the fold."""

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
    """An sRGB colour from "#RRGGBB"; `name` is the palette name it was chosen by, if any."""

    hex: str
    name: str = ""

    @property
    def rgb(self) -> tuple[float, float, float]:
        value = self.hex.lstrip("#")
        return tuple(int(value[i : i + 2], 16) / 255 for i in (0, 2, 4))  # type: ignore[return-value]


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
    text: Text
    level: HeadingLevel
    source: Location
    background: Color | None = None


@dataclass(frozen=True)
class Paragraph:
    text: Text
    source: Location
    background: Color | None = None


@dataclass(frozen=True)
class BulletItem:
    text: Text
    source: Location
    children: tuple[BulletItem, ...] = ()


@dataclass(frozen=True)
class BulletList:
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
class Image:
    """A picture; `alt` is what a screen reader says instead ("" only when `decorative`: then it is skipped)."""

    path: Path
    width: float | None
    source: Location
    background: Color | None = None
    alt: str = ""
    decorative: bool = False


@dataclass(frozen=True)
class Spacer:
    height: float
    source: Location
    background: Color | None = None


Block = Heading | Paragraph | BulletList | ContactBlock | Statistic | Image | Spacer


BLOCK_KINDS = {
    Heading: "heading",
    Paragraph: "paragraph",
    BulletList: "bullets",
    ContactBlock: "contact",
    Statistic: "statistic",
    Image: "image",
    Spacer: "spacer",
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


@dataclass(frozen=True)
class Panel:
    role: PanelRole
    blocks: tuple[Block, ...]
    source: Location
    background: Color | None = None
    align: VerticalAlign = VerticalAlign.TOP
    shrink_to: float | None = None  # opt-in: this panel alone may go down to this body size to fit
    local_blocks: frozenset[int] = frozenset()  # indexes of blocks only this edition has (`local: true`)


@dataclass(frozen=True)
class TypeScale:
    """Type sizes in points; `leading` is a multiple of the size."""

    font: str
    body_size: float
    min_body_size: float
    leading: float
    heading_size: float
    title_size: float
    statistic_size: float
    prominent_size: float
    fallback_fonts: tuple[str, ...] = ()


@dataclass(frozen=True)
class Margins:
    """Text inset, in points, from the sheet edge (and top and bottom) and from each fold."""

    edge: float
    fold: float


@dataclass(frozen=True)
class Design:
    """Brochure-wide settings shared by every edition (an edition may override `type`)."""

    papers: tuple[Paper, ...]
    fold: Fold
    fold_in_offset: float
    bleed: float
    colors: dict[str, Color]
    type: TypeScale
    margins: Margins
    hyphenate: Hyphenation
    author: str
    source: Location


class ReviewStatus(str, Enum):
    SOURCE = "source"  # the original the translations are made from
    DRAFT = "draft"  # a translation nobody fluent has checked yet
    REVIEWED = "reviewed"


@dataclass(frozen=True)
class Review:
    status: ReviewStatus
    reviewer: str = ""
    date: str = ""


@dataclass(frozen=True)
class Contact:
    """One organisation's facts, as written once in contacts.yaml."""

    id: str
    fields: dict[str, object]  # field name -> str, or tuple of str for an address
    source: Location


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

    def panel(self, role: PanelRole) -> Panel:
        for panel in self.panels:
            if panel.role == role:
                return panel
        raise KeyError(role)

    @property
    def name(self) -> str:
        return f"{self.brochure}-{self.code}"
