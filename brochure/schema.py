"""Load stage: the data format, declared once as data, and the one driver that checks any mapping.

Every mapping of the three data files (brochure.yaml and its `type:`, `margins:` and colours;
contacts.yaml and each contact; an edition, its review, labels, panels; each block kind) is
a `Spec`: its keys in the order messages list them, each a `Field` with its converter, its
default and a one-line doc. `read_keys` checks a mapping against its spec (unknown keys with
a did-you-mean, duplicate and missing keys); `convert` turns the plain fields into values,
each converter reporting its own problems. Keys whose meaning spans several values (folds,
colours, the press profile) are `Custom`: declared here, read by the module that owns them.

README.md documents the same keys; tests/test_schema.py holds the two together, and
tools/schema_tables.py prints the reference tables from here.

Adding a key: one `Field` line in its spec (and one line in the README's example).
Adding a block kind: one `BlockSpec` in BLOCKS; a block of plain fields is then built by
`blocks.py` without more code (its model class takes the fields by `attr`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from enum import Enum
from typing import Protocol

import yaml

from .diagnostics import did_you_mean
from .fields import Reader, describe
from .limits import MAX_TEXT_SIZE, MIN_EDGE_MARGIN, MIN_FOLD_MARGIN, READABLE_FLOOR
from .model import (
    Color,
    ContactStyle,
    Heading,
    HeadingLevel,
    HorizontalAlign,
    Hyphenation,
    PanelRole,
    Paragraph,
    ReviewStatus,
    Spacer,
    Text,
    VerticalAlign,
)

# ---------------------------------------------------------------- converters


class Scope(Protocol):
    """What converters read values with: the file's reader, the brochure's colours, inline markup."""

    @property
    def reader(self) -> Reader: ...

    @property
    def colors(self) -> Mapping[str, Color]: ...

    def markup(self, node: yaml.Node, path: str) -> Text: ...


@dataclass(frozen=True)
class FileScope:
    """A scope for a file without inline markup or colour names of its own (brochure.yaml, contacts.yaml)."""

    reader: Reader
    colors: Mapping[str, Color]

    def markup(self, node: yaml.Node, path: str) -> Text:
        raise TypeError(f"{path}: no inline markup in this file")  # a schema mistake, not the user's


class Converter(Protocol):
    """Turns one YAML node into a value, or reports the problem and returns None."""

    @property
    def shows(self) -> str: ...  # what the value is, for the reference tables ("a length", "true or false")

    def __call__(self, scope: Scope, node: yaml.Node, path: str) -> object: ...


@dataclass(frozen=True)
class Str:
    """Text as written (NFC), never empty unless `allow_empty`."""

    allow_empty: bool = False
    shows: str = "text"

    def __call__(self, scope: Scope, node: yaml.Node, path: str) -> str | None:
        return scope.reader.string(node, path, allow_empty=self.allow_empty)


@dataclass(frozen=True)
class Markup:
    """Text with inline markup and contact references (`**bold**`, `{hotline}`), as spans."""

    shows: str = "text with markup"

    def __call__(self, scope: Scope, node: yaml.Node, path: str) -> Text:
        return scope.markup(node, path)


@dataclass(frozen=True)
class Length:
    """A length with a unit (`0.25in`, `6mm`, `9pt`) in points, within [low, high]."""

    low: float
    high: float
    shows: str = "a length"

    def __call__(self, scope: Scope, node: yaml.Node, path: str) -> float | None:
        return scope.reader.length(node, path, low=self.low, high=self.high)


@dataclass(frozen=True)
class Number:
    """A plain number within [low, high]."""

    low: float
    high: float
    shows: str = "a number"

    def __call__(self, scope: Scope, node: yaml.Node, path: str) -> float | None:
        return scope.reader.number(node, path, low=self.low, high=self.high)


@dataclass(frozen=True)
class Flag:
    """true or false (yes/no, on/off)."""

    shows: str = "true or false"

    def __call__(self, scope: Scope, node: yaml.Node, path: str) -> bool | None:
        return scope.reader.boolean(node, path)


@dataclass(frozen=True)
class Choice:
    """One of an enum's values."""

    enum: type[Enum]

    @property
    def shows(self) -> str:
        return "one of " + ", ".join(str(member.value) for member in self.enum)

    def __call__(self, scope: Scope, node: yaml.Node, path: str) -> Enum | None:
        return scope.reader.choice(node, path, self.enum)


@dataclass(frozen=True)
class ColourRef:
    """A colour of the brochure by name (`brand`), or a hex value ("#14365D")."""

    shows: str = "a colour name or hex"

    def __call__(self, scope: Scope, node: yaml.Node, path: str) -> Color | None:
        return scope.reader.color(node, path, scope.colors)


@dataclass(frozen=True)
class ListOf:
    """A list whose items each take `item`; items that failed (reported) are left out.

    An item's problems are reported at `path[i]`, or at `path` itself when not `indexed`."""

    item: Converter
    indexed: bool = True

    @property
    def shows(self) -> str:
        return f"a list of {self.item.shows}"

    def __call__(self, scope: Scope, node: yaml.Node, path: str) -> tuple[object, ...]:
        nodes = scope.reader.sequence(node, path)
        items = (self.item(scope, n, f"{path}[{i}]" if self.indexed else path) for i, n in enumerate(nodes))
        return tuple(value for value in items if value)


@dataclass(frozen=True)
class MappingOf:
    """A nested mapping of its own spec; the value is its fields by key (absent keys: their defaults)."""

    spec: Spec

    @property
    def shows(self) -> str:
        return f"a mapping ({self.spec.name})"

    def __call__(self, scope: Scope, node: yaml.Node, path: str) -> dict[str, object]:
        return convert(scope, read_keys(scope.reader, node, path, self.spec), path, self.spec)


@dataclass(frozen=True)
class Tagged:
    """A block as read by `TaggedBlock`: its kind, its node and its values by key (checked, not converted)."""

    kind: str
    node: yaml.MappingNode
    values: dict[str, yaml.Node]


@dataclass(frozen=True)
class TaggedBlock:
    """A mapping whose one key out of `kinds` says what it is (`- heading: ...`); its other keys are that
    kind's options. None when there is no kind, or several (reported)."""

    kinds: Mapping[str, BlockSpec]
    shows: str = "a block"

    def __call__(self, scope: Scope, node: yaml.Node, path: str) -> Tagged | None:
        ctx = scope.reader
        if not isinstance(node, yaml.MappingNode):
            if isinstance(node, yaml.ScalarNode):
                ctx.error(node, path, f"a block must say what it is, e.g. '- paragraph: {node.value[:30]}'")
            else:
                ctx.error(node, path, f"expected a block (heading:, paragraph:, bullets:, ...), got {describe(node)}")
            return None
        keys = [k.value for k, _ in node.value if isinstance(k, yaml.ScalarNode)]
        kinds = [k for k in keys if k in self.kinds]
        if not kinds:
            unknown = keys[0] if keys else ""
            ctx.error(
                node,
                path,
                f"unknown block type '{unknown}'{did_you_mean(unknown, list(self.kinds))}",
                hint=f"a block starts with one of: {', '.join(self.kinds)}",
            )
            return None
        if len(kinds) > 1:
            ctx.error(
                node,
                path,
                f"one block has several types ({', '.join(kinds)})",
                hint="start a new block with '- ' for each",
            )
            return None
        spec = self.kinds[kinds[0]].spec
        return Tagged(kinds[0], node, read_keys(ctx, node, path, spec))


@dataclass(frozen=True)
class Nested:
    """A nested mapping of its own spec, read by the code that owns it (its keys depend on each other)."""

    spec: Spec

    @property
    def shows(self) -> str:
        return f"a mapping ({self.spec.name})"

    def __call__(self, scope: Scope, node: yaml.Node, path: str) -> yaml.Node:
        return node


@dataclass(frozen=True)
class Custom:
    """A key read by the code that owns it (several keys together, files, lists with rules of their own)."""

    shows: str

    def __call__(self, scope: Scope, node: yaml.Node, path: str) -> yaml.Node:
        return node


# ---------------------------------------------------------------- fields, specs and the driver


@dataclass(frozen=True)
class Field:
    """One key of a mapping: its converter, its default (when absent or wrong), its one-line doc.

    `attr` is the model attribute it fills when a block is built generically (default: the key).
    """

    key: str
    convert: Converter
    default: object = None
    doc: str = ""
    required: bool = False
    attr: str = ""


@dataclass(frozen=True)
class Spec:
    """A mapping's keys. `what` names it in messages ("unknown key 'x' in a heading block");
    `open_keys`: any key is allowed, each taking `fields[0]` (colours, contacts)."""

    name: str
    fields: tuple[Field, ...]
    what: str = ""
    open_keys: bool = False

    @property
    def keys(self) -> tuple[str, ...]:
        return tuple(f.key for f in self.fields)

    def field(self, key: str) -> Field:
        return next(f for f in self.fields if f.key == key)


def value_of(scope: Scope, values: Mapping[str, yaml.Node], path: str, spec: Spec, key: str) -> object:
    """One field of `spec` converted (its default when absent or wrong): for builders that read their
    options one by one, in an order of their own (a caption only once the image itself is good)."""
    return convert(scope, values, path, Spec(spec.name, (spec.field(key),)))[key]


def read_keys(reader: Reader, node: yaml.Node | None, path: str, spec: Spec, what: str = "") -> dict[str, yaml.Node]:
    """A mapping's value nodes by key, checked against `spec`: unknown keys (with did-you-mean), duplicate
    and missing keys are reported. `what` overrides the spec's name in messages (e.g. "contact 'x'")."""
    required = () if spec.open_keys else tuple(f.key for f in spec.fields if f.required)
    allowed = None if spec.open_keys else spec.keys
    return reader.mapping(node, path, allowed=allowed, required=required, what=what or spec.what)


def convert(
    scope: Scope,
    values: Mapping[str, yaml.Node],
    path: str,
    spec: Spec,
    *,
    main: str = "",
    skip: tuple[str, ...] = (),
    defaults: bool = True,
) -> dict[str, object]:
    """Every field of `spec` but Custom, Nested and `skip` ones, converted; a key absent, or wrong (reported),
    gets its default (None when not `defaults`). `main` is a key reported at `path` itself (a block's own
    key: `- heading: ...`)."""
    result: dict[str, object] = {}
    for item in spec.fields:
        if isinstance(item.convert, Custom | Nested) or item.key in skip:
            continue
        node = values.get(item.key)
        value = None
        if node is not None:
            key_path = f"{path}.{item.key}" if path else item.key  # a top-level key is its own path
            value = item.convert(scope, node, path if item.key == main else key_path)
        result[item.key] = item.default if value is None and defaults else value
    return result


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
    model: Callable[..., object] | None = None

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
                Field("size", Custom("a length"), 72.0, "at least 0.8in"),
                _CAPTION,
                _ALIGN,
            ),
        ),
        BlockSpec(Field("table", Custom("a mapping"), None, "header: and rows:")),
    )
}
TAGGED_BLOCK = TaggedBlock(BLOCKS)

# Every mapping, by the name the README's reference uses for it.
ALL_SPECS: tuple[Spec, ...] = (DESIGN, TYPE, MARGINS, COLOR, CONTACTS_FILE, CONTACT, EDITION, REVIEW, LABELS)
ALL_SPECS += (PANEL, BULLET, TABLE) + tuple(block.spec for block in BLOCKS.values())
