"""Load stage: the data format, declared once as data.

Every mapping of the three data files (brochure.yaml and its `type:`, `margins:` and colours;
contacts.yaml and each contact; an edition, its review, labels, panels; each block kind) is
a `Spec`: its keys in the order messages list them, each a `Field` with its converter, its
default and a one-line doc. One driver (converters.py: `read_keys`, `convert`) checks and
converts any of them. Keys whose meaning spans several values (folds, colours, the press
profile) are `Custom` or `Nested`: declared here, read by the module that owns them.

README.md documents the same keys; tests/test_schema.py holds the two together, and
tools/schema_tables.py prints the reference tables from here.

Adding a key: one `Field` line in its spec (and one line in the README's example).
Adding a block kind: one `BlockSpec` in BLOCKS; a block of plain fields is then built by
`blocks.py` without more code (its model class takes the fields by `attr`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum

from .converters import (
    Choice,
    ColourRef,
    Custom,
    Field,
    Flag,
    Length,
    ListOf,
    MappingOf,
    Markup,
    Nested,
    Number,
    Spec,
    Str,
    TaggedBlock,
)
from .limits import MAX_TEXT_SIZE, MIN_EDGE_MARGIN, MIN_FOLD_MARGIN, READABLE_FLOOR
from .model import (
    Block,
    ContactStyle,
    Divider,
    Heading,
    HeadingLevel,
    HorizontalAlign,
    Hyphenation,
    PanelRole,
    Paragraph,
    ReviewStatus,
    Spacer,
    VerticalAlign,
)

# ---------------------------------------------------------------- brochure.yaml

DEFAULT_COLORS = {
    "brand": "#14365D",
    "accent": "#C4262E",
    "text": "#1A1A1A",
    "tint": "#E9EFF6",
    "on_brand": "#FFFFFF",
}
REQUIRED_COLORS = tuple(DEFAULT_COLORS)
DEFAULT_INK_LIMIT = 300.0  # % total area coverage, the usual limit for coated paper
MIN_INK_LIMIT = 200.0  # below this not even a dark brand colour prints dark
_SIZE = Length(READABLE_FLOOR, MAX_TEXT_SIZE)

MARGINS = Spec(
    "margins",
    (
        Field("edge", Length(MIN_EDGE_MARGIN, 72), 27.0, "text inset from the sheet edges"),
        Field("fold", Length(MIN_FOLD_MARGIN, 72), 21.6, "text inset from each fold"),
    ),
)
TYPE = Spec(
    "type",
    (
        Field("font", Custom("a font family"), "noto-sans", "a font family: a folder of fonts/"),
        Field("body_size", _SIZE, 10.0, "the type size of the text"),
        Field("min_body_size", _SIZE, 9.5, "the layout may step down to this to fit, never below"),
        Field("leading", Number(1.0, 2.5), 1.4, "line height as a multiple of the type size"),
        Field("heading_size", _SIZE, 13.0, "section headings"),
        Field("title_size", _SIZE, 34.0, "the cover title"),
        Field("statistic_size", _SIZE, 15.0, "the figure of a statistic"),
        Field("prominent_size", _SIZE, 18.0, "a contact with style: prominent"),
        Field("min_leading", Number(1.0, 2.5), None, "the fit may tighten the lines to this, never below"),
        Field("fallback", Custom("a list of font families"), (), "fonts tried for characters the font lacks"),
    ),
    what="type settings",
)
COLOR = Spec(
    "a colour",
    (
        Field("rgb", Custom("a hex colour"), None, "the hex value, for the office and screen editions", True),
        Field("cmyk", Custom("four percentages"), None, "[c, m, y, k] for the press edition"),
    ),
)
COLORS = Spec(
    "colors", (Field("<name>", Custom("a colour"), None, "a colour, by the name blocks use"),), open_keys=True
)
DESIGN = Spec(
    "brochure.yaml",
    (
        Field("author", Str(), "", "the PDF's author (metadata)"),
        Field("papers", Custom("a list of papers"), ("letter",), "letter, a4, legal; the first is the default"),
        Field("folds", Custom("a list of folds"), ("roll",), "roll and/or z; the first is the default"),
        Field("fold", Custom("a fold"), None, "the same as folds: with one fold"),
        Field("fold_in_offset", Length(0, 18), 4.5, "how much narrower the fold-in panel is (roll fold)"),
        Field("bleed", Length(0, 36), 9.0, "press edition only"),
        Field("ink_limit", Custom("a percentage"), DEFAULT_INK_LIMIT, "the most total ink of any fill or image"),
        Field("press_profile", Custom("a file"), None, "the shop's CMYK profile (default: the bundled one)"),
        Field("printing_condition", Custom("text"), None, "the condition press_profile describes"),
        Field("colors", Nested(COLORS), DEFAULT_COLORS, "names used by background:"),
        Field("type", Nested(TYPE), None, "fonts and type sizes"),
        Field("margins", MappingOf(MARGINS), None, "text insets"),
        Field("hyphenate", Choice(Hyphenation), Hyphenation.AUTO, "when words may be hyphenated"),
        Field("smart_quotes", Flag(), True, "straight quotes and typed dashes set typographically"),
    ),
    what="brochure settings",
)

# ---------------------------------------------------------------- contacts.yaml

CONTACT_FIELDS = ("address", "phone", "toll_free", "fax", "text", "email", "url")
_NUMBER = Custom("a phone number")
CONTACT = Spec(
    "a contact",
    (
        Field("address", Custom("a list of lines"), None, "the postal address, one line per entry"),
        Field("phone", _NUMBER, None, "printed as written; links as tel:"),
        Field("toll_free", _NUMBER, None, "must be a toll-free number"),
        Field("fax", _NUMBER, None, "printed, not linked"),
        Field("text", _NUMBER, None, "an SMS short code, or a number; links as sms:"),
        Field("email", Custom("an e-mail address"), None, "links as mailto:"),
        Field("url", Custom("a web address"), None, "printed as written; links to https://"),
        Field("ext", Custom("digits"), None, "the phone's extension"),
        Field("region", Custom("a country code"), None, "the country this contact's numbers are read in"),
    ),
)
CONTACTS = Spec(
    "contacts", (Field("<name>", Custom("a contact"), None, "a contact, by the name editions use"),), open_keys=True
)
CONTACTS_FILE = Spec(
    "contacts.yaml",
    (
        Field("region", Custom("a country code"), "US", "the country phone numbers are read in"),
        Field("contacts", Nested(CONTACTS), None, "the contacts by name", True),
    ),
    what="the contacts file",
)

# ---------------------------------------------------------------- an edition

REVIEW = Spec(
    "review",
    (
        Field("status", Choice(ReviewStatus), ReviewStatus.DRAFT, "source, draft or reviewed", True),
        Field("reviewer", Str(), "", "who reviewed the translation; required when reviewed"),
        Field("date", Str(), "", "the day of the review, YYYY-MM-DD; required when reviewed"),
    ),
)
_LABEL = Str(allow_empty=True)
LABELS = Spec(
    "labels",
    tuple(Field(name, _LABEL, "", f"the word printed before a contact's {name}") for name in CONTACT_FIELDS)
    + (
        Field("ext", _LABEL, "", "the word printed before a phone's extension"),
        Field("draft_notice", _LABEL, "", "'Draft translation - not reviewed' in the edition's language"),
    ),
    what="labels",
)
PANELS = Spec(
    "panels", tuple(Field(role.value, Custom("a panel"), None, "a panel") for role in PanelRole), what="panels"
)
_BLOCKS = Custom("a list of blocks")
PANEL = Spec(
    "a panel",
    (
        Field("background", Custom("a colour or a photo"), None, "a colour, or a photo that fills the panel"),
        Field("overlay", Custom("a colour and a percentage"), None, "tints a background photo (brand 60%)"),
        Field("valign", Choice(VerticalAlign), VerticalAlign.TOP, "where the blocks sit when they leave room"),
        Field("align", Choice(VerticalAlign), VerticalAlign.TOP, "the older name of valign"),
        Field("shrink", _SIZE, None, "this panel alone may be set smaller to fit"),
        Field("blocks", _BLOCKS, (), "the blocks, top to bottom"),
        Field("footer", _BLOCKS, (), "blocks set on the panel's bottom edge"),
        Field("blank", Flag(), False, "a panel left empty on purpose"),
    ),
)
EDITION = Spec(
    "an edition",
    (
        Field("language", Str(), "en", "BCP 47 tag written into the PDF", True),
        Field("source", Custom("an edition's code"), "", "translations: the edition they translate"),
        Field("title", Str(), "", "the PDF's title", True),
        Field("subject", Str(), "", "the PDF's subject"),
        Field("keywords", ListOf(Str(), indexed=False), (), "the PDF's keywords"),
        Field("review", Nested(REVIEW), None, "the translation's review"),
        Field("labels", Nested(LABELS), None, "words printed before contact fields"),
        Field("type", Nested(TYPE), None, "override any key of brochure.yaml's type:"),
        Field("smart_quotes", Flag(), None, "override brochure.yaml's smart_quotes"),
        Field("panels", Nested(PANELS), None, "the six panels", True),
    ),
    what="an edition",
)

# ---------------------------------------------------------------- blocks

# A QR code or linked image goes to the contact's web address first: a scan or a tap opens it;
# then to the numbers, which a phone offers to call or text.
QR_FIELDS = ("url", "phone", "toll_free", "text", "email")
QR_DEFAULT_SIZE = 1.0 * 72  # 1in scans well from arm's length


class QrField(str, Enum):
    URL = "url"
    PHONE = "phone"
    TOLL_FREE = "toll_free"
    TEXT = "text"
    EMAIL = "email"


BULLET = Spec(
    "a bullet",
    (
        Field("text", Markup(), (), "the item's text", True),
        Field("items", Custom("a list of bullets"), (), "sub-bullets (one level)"),
    ),
    what="a bullet",
)
TABLE = Spec(
    "a table",
    (
        Field("header", Custom("a row"), (), "one row, set bold"),
        Field("rows", Custom("a list of rows"), (), "rows of 2 to 4 cells", True),
    ),
    what="a table",
)


@dataclass(frozen=True)
class BlockSpec:
    """A block kind: its own key (`main`, e.g. `heading: text`), its options, and the model class a
    block of plain fields is built into (None: `blocks.py` has a builder for it)."""

    main: Field
    options: tuple[Field, ...] = ()
    model: Callable[..., Block] | None = None

    @property
    def kind(self) -> str:
        return self.main.key

    @property
    def spec(self) -> Spec:
        return Spec(self.kind, (self.main,) + self.options + COMMON_OPTIONS, what=f"a {self.kind} block")


COMMON_OPTIONS = (
    Field("background", ColourRef(), None, "a colour drawn as a box behind the block"),
    Field("local", Flag(), False, "the block belongs to this edition only"),
)
_CAPTION = Field("caption", Markup(), (), "text set smaller under it")
_ALIGN = Field("align", Choice(HorizontalAlign), HorizontalAlign.LEFT, "left, center or right")
BLOCKS: dict[str, BlockSpec] = {
    spec.kind: spec
    for spec in (
        BlockSpec(
            Field("heading", Markup(), (), "the heading's text", attr="text"),
            (Field("level", Choice(HeadingLevel), HeadingLevel.SECTION, "title, section or subsection"),),
            model=Heading,
        ),
        BlockSpec(Field("paragraph", Markup(), (), "the text", attr="text"), model=Paragraph),
        BlockSpec(Field("bullets", Custom("a list of bullets"), (), "the items")),
        BlockSpec(
            Field("contact", Str(), None, "the contact's name in contacts.yaml"),
            (
                Field("name", Markup(), (), "printed above, in the edition's language"),
                Field("show", ListOf(Str()), None, "the fields printed (default: every one)"),
                Field("style", Choice(ContactStyle), ContactStyle.NORMAL, "prominent: the number set large"),
            ),
        ),
        BlockSpec(
            Field("statistic", Markup(), (), "the figure, set large", attr="value"),
            (Field("text", Markup(), (), "the rest of the sentence after the figure"),),
        ),
        BlockSpec(
            Field("image", Custom("a file"), None, "a PNG, JPEG or SVG in the brochure's folder"),
            (
                Field("alt", Str(), None, "what a screen reader says instead"),
                Field("decorative", Flag(), False, "the picture adds nothing to the text"),
                Field("width", Length(9, 11 * 72), None, "default: the column width"),
                _CAPTION,
                _ALIGN,
                Field("link", Custom("a contact"), None, "a tap on the picture opens the contact"),
            ),
        ),
        BlockSpec(Field("spacer", Length(0, 4 * 72), 0.0, "the height", attr="height"), model=Spacer),
        BlockSpec(
            Field("qr", Custom("a contact"), None, "a QR code of the contact's link"),
            (
                Field("field", Choice(QrField), None, "the field it encodes (default: the first it has)"),
                Field("size", Custom("a length"), QR_DEFAULT_SIZE, "at least 0.8in"),
                _CAPTION,
                _ALIGN,
            ),
        ),
        BlockSpec(Field("table", Custom("a mapping"), None, "header: and rows:")),
        BlockSpec(
            Field("divider", Length(0.25, 6), 1.0, "the line's weight", attr="weight"),
            (
                Field("color", ColourRef(), None, "the line's colour (default: the accent colour)"),
                Field("width", Length(9, 11 * 72), None, "default: the column width"),
                _ALIGN,
            ),
            model=Divider,
        ),
    )
}
TAGGED_BLOCK = TaggedBlock({kind: block.spec for kind, block in BLOCKS.items()})

# Every mapping, by the name the README's reference uses for it.
ALL_SPECS: tuple[Spec, ...] = (DESIGN, TYPE, MARGINS, COLOR, CONTACTS_FILE, CONTACT, EDITION, REVIEW, LABELS)
ALL_SPECS += (PANEL, BULLET, TABLE) + tuple(block.spec for block in BLOCKS.values())
