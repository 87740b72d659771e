"""Load stage: data files (YAML) -> a validated `Edition`.

In:  the path of an edition file, e.g. data/ct-human-trafficking/en.yaml. Beside it
     live `brochure.yaml` (design shared by all editions) and `contacts.yaml`
     (phone numbers, web and postal addresses, each written once).
Out: an `Edition` and the warnings found; or `BrochureError` with every problem
     found in all three files, each with file:line:column, the key path and a hint.

YAML is read with the safe loader only, as a node tree so every value keeps its
line; duplicate keys are refused (PyYAML would silently keep the last one) and so
are unknown keys (a misspelt key would otherwise drop text silently). Scalars are
taken as written (`phone: 911`, `title: yes` stay the text the person typed).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path
from typing import TypeVar

import phonenumbers
import yaml
from phonenumbers import shortnumberinfo

from .diagnostics import Finding, Location, Report, did_you_mean, display_path
from .inline import MarkupError, Resolved, parse_inline
from .model import (
    PAPERS,
    BulletItem,
    BulletList,
    Color,
    Contact,
    ContactBlock,
    ContactStyle,
    Design,
    Edition,
    Fold,
    Heading,
    HeadingLevel,
    Hyphenation,
    Image,
    Margins,
    Panel,
    PanelRole,
    Paper,
    Paragraph,
    Review,
    ReviewStatus,
    Spacer,
    Span,
    Statistic,
    Text,
    TypeScale,
    VerticalAlign,
)
from .units import LengthError, parse_length

FONTS_DIR = Path(__file__).resolve().parent.parent / "fonts"
BROCHURE_FILE = "brochure.yaml"
CONTACTS_FILE = "contacts.yaml"
MAX_FILE_BYTES = 1_000_000  # a brochure is a few kB; anything this big is a mistake

# Limits that protect the reader and the printer, checked when the file is read.
MIN_TEXT_SIZE = 6.0
MIN_EDGE_MARGIN = 0.25 * 72  # office printers cannot print closer to the sheet edge
MIN_FOLD_MARGIN = 0.125 * 72  # text nearer a fold is cut or creased

CONTACT_FIELDS = ("address", "phone", "toll_free", "fax", "text", "email", "url")
# Fields whose value needs a word in front of it ("Fax: ..."); each edition gives it in its language.
LABELLED_FIELDS = ("toll_free", "fax", "text")
LABEL_KEYS = CONTACT_FIELDS + ("draft_notice",)

DEFAULT_COLORS = {
    "brand": "#14365D",
    "accent": "#C4262E",
    "text": "#1A1A1A",
    "tint": "#E9EFF6",
    "on_brand": "#FFFFFF",
}
REQUIRED_COLORS = tuple(DEFAULT_COLORS)

DEFAULT_TYPE = {
    "font": "noto-sans",
    "body_size": 10.0,
    "min_body_size": 9.5,
    "leading": 1.4,
    "heading_size": 13.0,
    "title_size": 34.0,
    "statistic_size": 15.0,
    "prominent_size": 18.0,
}

BLOCK_OPTIONS: dict[str, tuple[str, ...]] = {
    "heading": ("level", "background", "local"),
    "paragraph": ("background", "local"),
    "bullets": ("background", "local"),
    "contact": ("name", "show", "style", "background", "local"),
    "statistic": ("text", "background", "local"),
    "image": ("alt", "decorative", "width", "background", "local"),
    "spacer": ("background", "local"),
}
MIN_SHRINK_SIZE = 8.5  # a panel that may shrink alone never goes below this body size


def load_edition(path: Path | str) -> tuple[Edition, list[Finding]]:
    """Read and validate one edition with its brochure's design and contacts.

    Returns the edition and its warnings; raises `BrochureError` with all errors.
    """
    path = Path(path)
    loader = _Loader(path)
    edition = loader.load()
    loader.report.raise_if_errors()
    assert edition is not None
    return edition, loader.report.warnings


# ---------------------------------------------------------------- YAML with locations


def _read_yaml(path: Path, report: Report) -> yaml.Node | None:
    """Parse one file into a node tree, reporting unreadable files and YAML syntax errors."""
    shown = display_path(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        report.error(f"file not found: {shown}", Location(shown), hint="check the path and the file name")
        return None
    except OSError as error:
        report.error(f"cannot read {shown}: {error.strerror}", Location(shown))
        return None
    if len(data) > MAX_FILE_BYTES:
        report.error(
            f"file is {len(data):,} bytes; a brochure file is at most {MAX_FILE_BYTES:,}",
            Location(shown),
            hint="is this the right file?",
        )
        return None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        column = error.start - (data.rfind(b"\n", 0, error.start) + 1) + 1
        report.error(
            f"not UTF-8 text: byte 0x{data[error.start]:02X} cannot be read",
            Location(shown, line, column),
            hint="save the file as UTF-8 (in most editors: Save As, Encoding: UTF-8)",
        )
        return None
    if not text.strip():
        report.error("the file is empty", Location(shown), hint="copy an existing edition as a starting point")
        return None
    controls = [(i, c) for i, c in enumerate(text) if unicodedata.category(c) == "Cc" and c not in "\t\n\r"]
    for index, char in controls[:5]:
        line = text.count("\n", 0, index) + 1
        column = index - (text.rfind("\n", 0, index) + 1) + 1
        report.error(
            f"invisible character U+{ord(char):04X} (control character) in the text",
            Location(shown, line, column),
            hint="delete it (it often comes from copying out of a word processor or PDF)",
        )
    if controls:
        return None
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
        if root is None:
            report.error(
                "the file has only comments, no settings or text",
                Location(shown),
                hint="copy an existing edition as a starting point",
            )
        return root
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark else 0
        column = mark.column + 1 if mark else 0
        lines = text.splitlines()
        quoted = lines[line - 1] if 0 < line <= len(lines) else ""
        problem = (error.problem or "syntax error").strip()
        hint = _yaml_hint(problem, quoted, lines[: max(line - 1, 0)], error.context or "")
        message = f"YAML syntax: {problem}"
        if quoted:
            message += f"\n    | {quoted}\n    | {' ' * max(column - 1, 0)}^"
        report.error(message, Location(shown, line, column), hint=hint)
        return None
    except yaml.YAMLError as error:  # pragma: no cover - PyYAML raises marked errors for text input
        report.error(f"YAML syntax: {error}", Location(shown))
        return None


def _yaml_hint(problem: str, line: str, before: list[str], context: str) -> str:
    """What a person most likely did, from PyYAML's description of the problem."""
    if "\t" in line or "tab" in problem:
        return "YAML indents with spaces only: replace the tab characters with spaces"
    unclosed = _unclosed_quote(before + [line])
    if unclosed or "quoted scalar" in context:
        where = f"line {unclosed}" if unclosed else "a line above"
        return f"{where} opens a quote that is never closed: add the closing quote"
    if "mapping values are not allowed" in problem:
        return "a value containing ': ' must be quoted, e.g. heading: \"Report it: it's the law\""
    if "could not find expected ':'" in problem or "expected <block end>" in problem:
        return "check the indentation of this line against the lines above: items of one list line up"
    return "check this line against the examples in README.md"


def _unclosed_quote(lines: list[str]) -> int:
    """The number of the last line whose value opens a double quote it does not close, or 0."""
    found = 0
    for number, text in enumerate(lines, start=1):
        value = text.split(": ", 1)[1] if ": " in text else text.lstrip(" -")
        if value.startswith('"') and (value.count('"') - value.count('\\"')) % 2 == 1:
            found = number
    return found


T = TypeVar("T", bound=Enum)


@dataclass
class _Context:
    """Converts nodes of one file into values, reporting problems with their location and key path."""

    file: str
    report: Report

    def loc(self, node: yaml.Node) -> Location:
        return Location(self.file, node.start_mark.line + 1, node.start_mark.column + 1)

    def error(self, node: yaml.Node, path: str, message: str, hint: str = "") -> None:
        self.report.error(message, self.loc(node), where=path, hint=hint)

    def mapping(
        self,
        node: yaml.Node | None,
        path: str,
        allowed: Iterable[str] | None,
        required: Iterable[str] = (),
        what: str = "",
    ) -> dict[str, yaml.Node]:
        """A mapping's values by key; duplicate, unknown and missing keys are reported."""
        if node is None:
            return {}
        if not isinstance(node, yaml.MappingNode):
            self.error(node, path, f"expected a mapping (key: value lines){what and ' for ' + what}, got {_kind(node)}")
            return {}
        allowed = tuple(allowed) if allowed is not None else None
        values: dict[str, yaml.Node] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                self.error(key_node, path, "a key must be a plain word")
                continue
            key = key_node.value
            if key in values:
                first = values[key]
                self.error(
                    key_node,
                    path,
                    f"duplicate key '{key}' (first at line {first.start_mark.line + 1})",
                    hint="YAML keeps only one of them: delete or rename one",
                )
                continue
            if allowed is not None and key not in allowed:
                self.error(
                    key_node,
                    path,
                    f"unknown key '{key}'{(' in ' + what) if what else ''}{did_you_mean(key, allowed)}",
                    hint=f"allowed here: {', '.join(allowed)}",
                )
                continue
            values[key] = value_node
        for key in required:
            if key not in values:
                self.error(node, path, f"missing key '{key}'{(' in ' + what) if what else ''}")
        return values

    def sequence(self, node: yaml.Node | None, path: str) -> list[yaml.Node]:
        if node is None:
            return []
        if not isinstance(node, yaml.SequenceNode):
            self.error(node, path, f"expected a list (lines starting with '- '), got {_kind(node)}")
            return []
        return list(node.value)

    def string(self, node: yaml.Node | None, path: str, *, allow_empty: bool = False) -> str | None:
        """The text as written, NFC-normalised (decomposed accents draw badly)."""
        if node is None:
            return None
        if not isinstance(node, yaml.ScalarNode):
            self.error(
                node,
                path,
                f"expected text, got {_kind(node)}",
                hint="quote the value if it contains ': ' or starts with - [ {",
            )
            return None
        if node.tag == "tag:yaml.org,2002:null" or (not node.value.strip() and not allow_empty):
            if allow_empty:
                return ""
            self.error(node, path, "empty value", hint="write the text after the colon, or remove the key")
            return None
        text = unicodedata.normalize("NFC", node.value)
        self._check_characters(node, path, text)
        return text

    def _check_characters(self, node: yaml.Node, path: str, text: str) -> None:
        for char in text:
            category = unicodedata.category(char)
            if char in "\n" or char == "\u00ad":
                continue
            if category == "Cc" or char in "\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069":
                name = unicodedata.name(char, "control character")
                self.error(
                    node,
                    path,
                    f"invisible character U+{ord(char):04X} ({name}) in the text",
                    hint="delete it (it often comes from copying out of a word processor or PDF)",
                )
                return

    def length(self, node: yaml.Node | None, path: str, *, low: float, high: float) -> float | None:
        if node is None:
            return None
        if not isinstance(node, yaml.ScalarNode):
            self.error(node, path, f"expected a length such as 0.25in, got {_kind(node)}")
            return None
        try:
            value = parse_length(node.value)
        except LengthError as error:
            self.error(node, path, str(error))
            return None
        if not low <= value <= high:
            self.error(
                node,
                path,
                f"{node.value} is out of range: allowed {low:g} pt to {high:g} pt "
                f"({low / 72:.3g} in to {high / 72:.3g} in)",
            )
            return None
        return value

    def number(self, node: yaml.Node | None, path: str, *, low: float, high: float) -> float | None:
        if node is None:
            return None
        try:
            value = float(node.value) if isinstance(node, yaml.ScalarNode) else None
        except ValueError:
            value = None
        if value is None:
            self.error(node, path, f"expected a number, got {_kind(node)}")
            return None
        if not low <= value <= high:
            self.error(node, path, f"{node.value} is out of range: allowed {low:g} to {high:g}")
            return None
        return value

    def boolean(self, node: yaml.Node | None, path: str) -> bool | None:
        if node is None:
            return None
        value = node.value.lower() if isinstance(node, yaml.ScalarNode) else None
        if value in ("true", "yes", "on"):
            return True
        if value in ("false", "no", "off"):
            return False
        self.error(node, path, f"expected true or false, got {_kind(node)}")
        return None

    def choice(self, node: yaml.Node | None, path: str, enum: type[T]) -> T | None:
        if node is None:
            return None
        choices = [member.value for member in enum]
        value = node.value if isinstance(node, yaml.ScalarNode) else None
        if value not in choices:
            self.error(
                node,
                path,
                f"expected one of ({', '.join(choices)}), got {_kind(node)}{did_you_mean(str(value), choices)}",
            )
            return None
        return enum(value)

    def color(self, node: yaml.Node | None, path: str, palette: dict[str, Color]) -> Color | None:
        if node is None:
            return None
        value = node.value if isinstance(node, yaml.ScalarNode) else ""
        if value in palette:
            return palette[value]
        if re.fullmatch(r"#[0-9A-Fa-f]{6}", value):
            return Color(value.upper())
        self.error(
            node,
            path,
            f"unknown colour {_kind(node)}{did_you_mean(value, list(palette))}",
            hint=f'use a colour of the brochure ({", ".join(palette)}) or a hex value such as "#14365D"',
        )
        return None


def _kind(node: yaml.Node) -> str:
    if isinstance(node, yaml.MappingNode):
        return "a mapping"
    if isinstance(node, yaml.SequenceNode):
        return "a list"
    return f"'{node.value}'" if node.value else "nothing"


# ---------------------------------------------------------------- the three files


@dataclass
class _Loader:
    path: Path
    report: Report = field(default_factory=Report)

    def load(self) -> Edition | None:
        folder = self.path.parent
        design = self._load_design(folder / BROCHURE_FILE)
        contacts, region = self._load_contacts(folder / CONTACTS_FILE)
        root = _read_yaml(self.path, self.report)
        if root is None or design is None:
            return None
        ctx = _Context(display_path(self.path), self.report)
        top = ctx.mapping(
            root,
            "",
            allowed=("language", "source", "title", "subject", "keywords", "review", "labels", "type", "panels"),
            required=("language", "title", "panels"),
            what="an edition",
        )
        language = ctx.string(top.get("language"), "language") or "en"
        if "language" in top and not re.fullmatch(r"[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*", language):
            ctx.error(
                top["language"],
                "language",
                f"'{language}' is not a language tag",
                hint="e.g. en-US, es, pt-BR, zh-Hans",
            )
        review = self._review(ctx, top.get("review"))
        labels = self._labels(ctx, top.get("labels"), review)
        type_scale = self._type_scale(ctx, top.get("type"), "type", base=design.type)
        if type_scale is not None:
            design = Design(**{**design.__dict__, "type": type_scale})
        used_contacts: set[str] = set()
        panels = self._panels(ctx, top.get("panels"), design, contacts, labels, used_contacts)
        keywords = tuple(
            k for k in (ctx.string(n, "keywords") for n in ctx.sequence(top.get("keywords"), "keywords")) if k
        )
        return Edition(
            path=self.path,
            brochure=folder.resolve().name,
            code=self.path.stem,
            language=language,
            title=ctx.string(top.get("title"), "title") or "",
            subject=ctx.string(top.get("subject"), "subject") or "",
            keywords=keywords,
            review=review,
            source_edition=ctx.string(top.get("source"), "source") or "",
            labels=labels,
            panels=panels,
            design=design,
            contacts=contacts,
            contacts_used=frozenset(used_contacts),
        )

    # -- brochure.yaml

    def _load_design(self, path: Path) -> Design | None:
        if not path.exists():
            node = None
            ctx = _Context(display_path(path), self.report)
        else:
            node = _read_yaml(path, self.report)
            if node is None:
                return None
            ctx = _Context(display_path(path), self.report)
        top = ctx.mapping(
            node,
            "",
            allowed=("author", "papers", "fold", "fold_in_offset", "bleed", "colors", "type", "margins", "hyphenate"),
            what="brochure settings",
        )
        papers: list[Paper] = []
        for i, paper_node in enumerate(ctx.sequence(top.get("papers"), "papers")):
            name = ctx.string(paper_node, f"papers[{i}]")
            if name is None:
                continue
            if name.lower() not in PAPERS:
                ctx.error(
                    paper_node,
                    f"papers[{i}]",
                    f"unknown paper '{name}'{did_you_mean(name.lower(), list(PAPERS))}",
                    hint=f"choose from {', '.join(PAPERS)}",
                )
            else:
                papers.append(PAPERS[name.lower()])
        palette = {name: Color(hex_value, name) for name, hex_value in DEFAULT_COLORS.items()}
        color_nodes = ctx.mapping(top.get("colors"), "colors", allowed=None)
        for name, value_node in color_nodes.items():
            value = value_node.value if isinstance(value_node, yaml.ScalarNode) else ""
            if not re.fullmatch(r"#[0-9A-Fa-f]{6}", value):
                ctx.error(
                    value_node,
                    f"colors.{name}",
                    f'expected a colour such as "#14365D", got {_kind(value_node)}',
                    hint="write the hex value in quotes: YAML reads # as the start of a comment",
                )
                continue
            palette[name] = Color(value.upper(), name)
        margin_nodes = ctx.mapping(top.get("margins"), "margins", allowed=("edge", "fold"))
        edge = ctx.length(margin_nodes.get("edge"), "margins.edge", low=MIN_EDGE_MARGIN, high=72)
        fold_margin = ctx.length(margin_nodes.get("fold"), "margins.fold", low=MIN_FOLD_MARGIN, high=72)
        type_scale = self._type_scale(ctx, top.get("type"), "type", base=None)
        fold_in = ctx.length(top.get("fold_in_offset"), "fold_in_offset", low=0, high=18)
        bleed = ctx.length(top.get("bleed"), "bleed", low=0, high=36)
        return Design(
            papers=tuple(papers) or (PAPERS["letter"],),
            fold=ctx.choice(top.get("fold"), "fold", Fold) or Fold.ROLL,
            fold_in_offset=fold_in if fold_in is not None else 72 / 16,
            bleed=bleed if bleed is not None else 9.0,
            colors=palette,
            type=type_scale or _default_type(),
            margins=Margins(edge if edge is not None else 27.0, fold_margin if fold_margin is not None else 21.6),
            hyphenate=ctx.choice(top.get("hyphenate"), "hyphenate", Hyphenation) or Hyphenation.AUTO,
            author=ctx.string(top.get("author"), "author") or "",
            source=Location(ctx.file),
        )

    def _type_scale(self, ctx: _Context, node: yaml.Node | None, path: str, base: TypeScale | None) -> TypeScale | None:
        if node is None:
            return None
        keys = tuple(DEFAULT_TYPE) + ("fallback",)
        values = ctx.mapping(node, path, allowed=keys, what="type settings")
        current = dict(base.__dict__) if base else {**DEFAULT_TYPE, "fallback_fonts": ()}
        families = _font_families()
        if "font" in values:
            font = ctx.string(values["font"], f"{path}.font")
            if font is not None and font not in families:
                ctx.error(
                    values["font"],
                    f"{path}.font",
                    f"no font '{font}' in fonts/{did_you_mean(font, families)}",
                    hint=f"bundled fonts: {', '.join(families)}",
                )
            elif font:
                current["font"] = font
        if "fallback" in values:
            fallbacks = []
            for i, item in enumerate(ctx.sequence(values["fallback"], f"{path}.fallback")):
                name = ctx.string(item, f"{path}.fallback[{i}]")
                if name is not None and name not in families:
                    ctx.error(
                        item, f"{path}.fallback[{i}]", f"no font '{name}' in fonts/{did_you_mean(name, families)}"
                    )
                elif name:
                    fallbacks.append(name)
            current["fallback_fonts"] = tuple(fallbacks)
        for key in ("body_size", "min_body_size", "heading_size", "title_size", "statistic_size", "prominent_size"):
            if key in values:
                size = ctx.length(values[key], f"{path}.{key}", low=MIN_TEXT_SIZE, high=96)
                if size is not None:
                    current[key] = size
        if "leading" in values:
            leading = ctx.number(values["leading"], f"{path}.leading", low=1.0, high=2.5)
            if leading is not None:
                current["leading"] = leading
        if current["min_body_size"] > current["body_size"]:
            ctx.error(
                node,
                path,
                f"min_body_size ({current['min_body_size']:g} pt) is larger than "
                f"body_size ({current['body_size']:g} pt)",
            )
        return TypeScale(**current)

    # -- contacts.yaml

    def _load_contacts(self, path: Path) -> tuple[dict[str, Contact], str]:
        if not path.exists():
            return {}, "US"
        node = _read_yaml(path, self.report)
        if node is None:
            return {}, "US"
        ctx = _Context(display_path(path), self.report)
        top = ctx.mapping(node, "", allowed=("region", "contacts"), required=("contacts",), what="the contacts file")
        region = (ctx.string(top.get("region"), "region") or "US").upper()
        if region not in phonenumbers.SUPPORTED_REGIONS:
            ctx.error(
                top["region"],
                "region",
                f"unknown country code '{region}'",
                hint="a two-letter country code such as US, CA, GB",
            )
            region = "US"
        contacts: dict[str, Contact] = {}
        for contact_id, value_node in ctx.mapping(top.get("contacts"), "contacts", allowed=None).items():
            cpath = f"contacts.{contact_id}"
            if not re.fullmatch(r"[A-Za-z_][\w-]*", contact_id):
                ctx.error(
                    value_node,
                    cpath,
                    f"'{contact_id}' cannot be used as a contact name",
                    hint="use letters, digits and _ only",
                )
                continue
            values = ctx.mapping(value_node, cpath, allowed=CONTACT_FIELDS, what=f"contact '{contact_id}'")
            fields: dict[str, object] = {}
            for name, field_node in values.items():
                fpath = f"{cpath}.{name}"
                if name == "address":
                    lines = [ctx.string(n, fpath) for n in ctx.sequence(field_node, fpath)]
                    if lines and all(lines):
                        fields[name] = tuple(lines)
                    continue
                value = ctx.string(field_node, fpath)
                if value is None:
                    continue
                problem = _check_contact_value(name, value, region)
                if problem:
                    ctx.error(field_node, fpath, problem[0], hint=problem[1])
                    # Kept so that references to it do not add a second, misleading error.
                    fields[name] = value
                    continue
                fields[name] = value
            if not values and isinstance(value_node, yaml.MappingNode):
                ctx.error(value_node, cpath, f"contact '{contact_id}' has no phone, address, e-mail or web address")
            contacts[contact_id] = Contact(contact_id, fields, ctx.loc(value_node))
        return contacts, region

    # -- edition parts

    def _review(self, ctx: _Context, node: yaml.Node | None) -> Review:
        if node is None:
            return Review(ReviewStatus.SOURCE)
        values = ctx.mapping(node, "review", allowed=("status", "reviewer", "date"), required=("status",))
        status = ctx.choice(values.get("status"), "review.status", ReviewStatus) or ReviewStatus.DRAFT
        reviewer = ctx.string(values.get("reviewer"), "review.reviewer") or ""
        date = ctx.string(values.get("date"), "review.date") or ""
        if status == ReviewStatus.REVIEWED:
            for key, value in (("reviewer", reviewer), ("date", date)):
                if not value:
                    ctx.error(
                        node,
                        "review",
                        f"a reviewed edition needs review.{key}",
                        hint="say who reviewed the translation and when, e.g. reviewer: Ana Díaz, date: 2026-12-01",
                    )
            if date and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", date):
                ctx.error(values["date"], "review.date", f"expected a date as YYYY-MM-DD, got '{date}'")
        return Review(status, reviewer, date)

    def _labels(self, ctx: _Context, node: yaml.Node | None, review: Review) -> dict[str, str]:
        labels: dict[str, str] = {}
        for key, value_node in ctx.mapping(node, "labels", allowed=LABEL_KEYS, what="labels").items():
            value = ctx.string(value_node, f"labels.{key}", allow_empty=True)
            if value is not None:
                labels[key] = value
        if review.status == ReviewStatus.DRAFT and not labels.get("draft_notice"):
            ctx.error(
                node or _fake_node(),
                "labels.draft_notice",
                "a draft translation needs labels.draft_notice: 'Draft translation - not reviewed' in its language",
                hint="it is printed on the back cover until review.status is 'reviewed'",
            )
        return labels

    def _panels(self, ctx, node, design, contacts, labels, used_contacts) -> tuple[Panel, ...]:
        roles = [role.value for role in PanelRole]
        values = ctx.mapping(node, "panels", allowed=roles, what="panels")
        missing = [role for role in roles if role not in values]
        if isinstance(node, yaml.MappingNode) and missing:
            ctx.error(
                node,
                "panels",
                f"panel{'s' * (len(missing) > 1)} missing: {', '.join(missing)}",
                hint="a tri-fold has six panels: " + ", ".join(roles),
            )
        panels = []
        for role in PanelRole:
            panel_node = values.get(role.value)
            if panel_node is None:
                continue
            path = f"panels.{role.value}"
            panel_values = ctx.mapping(
                panel_node,
                path,
                allowed=("background", "align", "shrink", "blocks"),
                required=("blocks",),
                what=f"panel '{role.value}'",
            )
            block_nodes = ctx.sequence(panel_values.get("blocks"), f"{path}.blocks")
            if "blocks" in panel_values and not block_nodes:
                ctx.error(
                    panel_values["blocks"],
                    f"{path}.blocks",
                    f"panel '{role.value}' is empty",
                    hint="give it at least one block, or move content into it from a fuller panel",
                )
            blocks = []
            local: set[int] = set()
            for i, block_node in enumerate(block_nodes):
                block = self._block(ctx, block_node, f"{path}.blocks[{i}]", design, contacts, labels, used_contacts)
                if block is not None:
                    if _is_local(ctx, block_node, f"{path}.blocks[{i}]"):
                        local.add(len(blocks))
                    blocks.append(block)
            shrink = ctx.length(panel_values.get("shrink"), f"{path}.shrink", low=MIN_SHRINK_SIZE, high=96)
            panels.append(
                Panel(
                    role=role,
                    blocks=tuple(blocks),
                    source=ctx.loc(panel_node),
                    background=ctx.color(panel_values.get("background"), f"{path}.background", design.colors),
                    align=ctx.choice(panel_values.get("align"), f"{path}.align", VerticalAlign) or VerticalAlign.TOP,
                    shrink_to=shrink,
                    local_blocks=frozenset(local),
                )
            )
        return tuple(panels)

    def _block(self, ctx, node, path, design, contacts, labels, used_contacts):
        if not isinstance(node, yaml.MappingNode):
            if isinstance(node, yaml.ScalarNode):
                ctx.error(node, path, f"a block must say what it is, e.g. '- paragraph: {node.value[:30]}'")
            else:
                ctx.error(node, path, f"expected a block (heading:, paragraph:, bullets:, ...), got {_kind(node)}")
            return None
        keys = [k.value for k, _ in node.value if isinstance(k, yaml.ScalarNode)]
        kinds = [k for k in keys if k in BLOCK_OPTIONS]
        if len(kinds) != 1:
            if not kinds:
                unknown = keys[0] if keys else ""
                ctx.error(
                    node,
                    path,
                    f"unknown block type '{unknown}'{did_you_mean(unknown, list(BLOCK_OPTIONS))}",
                    hint=f"a block starts with one of: {', '.join(BLOCK_OPTIONS)}",
                )
            else:
                ctx.error(
                    node,
                    path,
                    f"one block has several types ({', '.join(kinds)})",
                    hint="start a new block with '- ' for each",
                )
            return None
        kind = kinds[0]
        values = ctx.mapping(node, path, allowed=(kind,) + BLOCK_OPTIONS[kind], what=f"a {kind} block")
        loc = ctx.loc(node)
        background = ctx.color(values.get("background"), f"{path}.background", design.colors)

        def text(value_node, text_path) -> Text:
            raw = ctx.string(value_node, text_path)
            if raw is None:
                return ()
            return self._inline(ctx, value_node, text_path, raw, contacts, labels, used_contacts)

        main = values.get(kind)
        if kind == "heading":
            level = ctx.choice(values.get("level"), f"{path}.level", HeadingLevel) or HeadingLevel.SECTION
            return Heading(text(main, path), level, loc, background)
        if kind == "paragraph":
            return Paragraph(text(main, path), loc, background)
        if kind == "statistic":
            if "text" not in values:
                ctx.error(node, path, "a statistic needs 'text': the rest of the sentence after the figure")
            return Statistic(
                text(main, path), text(values.get("text"), f"{path}.text") if "text" in values else (), loc, background
            )
        if kind == "bullets":
            items = self._bullet_items(ctx, main, path, text, depth=0)
            if not items and isinstance(main, yaml.SequenceNode):
                ctx.error(main, path, "a bullet list needs at least one item")
            return BulletList(tuple(items), loc, background)
        if kind == "spacer":
            height = ctx.length(main, path, low=0, high=4 * 72)
            return Spacer(height or 0.0, loc, background)
        if kind == "image":
            return self._image(ctx, main, values, path, loc, background)
        return self._contact_block(ctx, node, values, path, loc, background, contacts, labels, used_contacts, text)

    def _bullet_items(self, ctx, node, path, text, depth) -> list[BulletItem]:
        items = []
        for i, item_node in enumerate(ctx.sequence(node, path)):
            item_path = f"{path}[{i}]"
            if isinstance(item_node, yaml.MappingNode):
                values = ctx.mapping(
                    item_node, item_path, allowed=("text", "items"), required=("text",), what="a bullet"
                )
                if depth >= 1 and "items" in values:
                    ctx.error(values["items"], f"{item_path}.items", "bullets nest two levels deep at most")
                    children = []
                else:
                    children = self._bullet_items(ctx, values.get("items"), f"{item_path}.items", text, depth + 1)
                items.append(
                    BulletItem(text(values.get("text"), f"{item_path}.text"), ctx.loc(item_node), tuple(children))
                )
            else:
                items.append(BulletItem(text(item_node, item_path), ctx.loc(item_node)))
        return items

    def _image(self, ctx, main, values, path, loc, background) -> Image | None:
        relative = ctx.string(main, path)
        width = ctx.length(values.get("width"), f"{path}.width", low=9, high=11 * 72)
        if relative is None:
            return None
        folder = self.path.parent.resolve()
        image_path = (folder / relative).resolve()
        if folder not in image_path.parents:
            ctx.error(
                main,
                path,
                f"image '{relative}' is outside the brochure's folder",
                hint=f"copy the image into {display_path(folder)} and give its name",
            )
            return None
        if not image_path.is_file():
            ctx.error(main, path, f"image not found: {relative}", hint=f"put the file in {display_path(folder)}")
            return None
        head = image_path.read_bytes()[:8]
        if not (head.startswith(b"\x89PNG\r\n\x1a\n") or head.startswith(b"\xff\xd8\xff")):
            ctx.error(main, path, f"'{relative}' is not a PNG or JPEG image")
            return None
        alt = ctx.string(values.get("alt"), f"{path}.alt") if "alt" in values else None
        decorative = bool(ctx.boolean(values.get("decorative"), f"{path}.decorative"))
        if not decorative and not (alt or "").strip():
            # A screen reader would say nothing, or the file name: the picture is lost to the person listening.
            ctx.error(
                main,
                path,
                f"image {relative} needs alt text",
                hint="add `alt:` saying what the picture shows (e.g. alt: Logo of the Office of the Victim "
                "Advocate), or `decorative: true` if it adds nothing to the text",
            )
            return None
        return Image(
            image_path, width, loc, background, alt=(alt or "").strip() if not decorative else "", decorative=decorative
        )

    def _contact_block(self, ctx, node, values, path, loc, background, contacts, labels, used_contacts, text):
        contact_id = ctx.string(values.get("contact"), path)
        if contact_id is None:
            return None
        contact = contacts.get(contact_id)
        if contact is None:
            ctx.error(
                values["contact"],
                path,
                f"no contact '{contact_id}' in {CONTACTS_FILE}{did_you_mean(contact_id, list(contacts))}",
                hint=f"add it to {CONTACTS_FILE} or correct the name",
            )
            return None
        used_contacts.add(contact_id)
        shown = list(contact.fields)
        if "show" in values:
            shown = []
            for i, field_node in enumerate(ctx.sequence(values["show"], f"{path}.show")):
                name = ctx.string(field_node, f"{path}.show[{i}]")
                if name is None:
                    continue
                if name not in contact.fields:
                    ctx.error(
                        field_node,
                        f"{path}.show[{i}]",
                        f"contact '{contact_id}' has no '{name}'{did_you_mean(name, list(contact.fields))}",
                        hint=f"it has: {', '.join(contact.fields)}",
                    )
                else:
                    shown.append(name)
        shown.sort(key=CONTACT_FIELDS.index)
        lines: list[Text] = []
        for name in shown:
            value = contact.fields[name]
            if name == "address":
                lines.extend((Span(line, contact=contact_id),) for line in value)  # type: ignore[union-attr]
                continue
            label = labels.get(name, "")
            if name in LABELLED_FIELDS and not label:
                ctx.error(
                    values["contact"],
                    path,
                    f"contact '{contact_id}' shows its '{name}', but labels.{name} is not set",
                    hint=f"add under labels: {name}: <the word printed before it, in this edition's language>",
                )
            resolved = _resolve_field(contact, name)
            number = Span(resolved.text, link=resolved.link, unbreakable=True, contact=contact_id)
            lines.append((Span(label + " "), number) if label else (number,))
        name_text = text(values.get("name"), f"{path}.name") if "name" in values else ()
        style = ctx.choice(values.get("style"), f"{path}.style", ContactStyle) or ContactStyle.NORMAL
        return ContactBlock(contact_id, name_text, tuple(lines), style, loc, background)

    def _inline(self, ctx, node, path, raw, contacts, labels, used_contacts) -> Text:
        def resolve(contact_id: str, field_name: str | None, as_link: bool) -> Resolved:
            contact = contacts.get(contact_id)
            if contact is None:
                raise MarkupError(
                    f"no contact '{contact_id}' in {CONTACTS_FILE}{did_you_mean(contact_id, list(contacts))}",
                    f"add it to {CONTACTS_FILE} or correct the name",
                )
            used_contacts.add(contact_id)
            if field_name is None:
                primary = ("url", "email", "phone") if as_link else ("phone", "url", "email", "text")
                field_name = next((f for f in primary if f in contact.fields), None)
                if field_name is None:
                    raise MarkupError(f"contact '{contact_id}' has no phone number or address to print here")
            elif field_name not in contact.fields:
                raise MarkupError(
                    f"contact '{contact_id}' has no '{field_name}'{did_you_mean(field_name, list(contact.fields))}",
                    f"it has: {', '.join(contact.fields)}",
                )
            return _resolve_field(contact, field_name)

        spans, errors = parse_inline(raw, resolve)
        for error in errors:
            ctx.error(node, path, str(error), hint=error.hint)
        if not spans and not errors:
            ctx.error(node, path, "the text is empty")
        return spans


def _is_local(ctx: _Context, node: yaml.Node, path: str) -> bool:
    """`local: true`: a block only this edition has, e.g. the hotline's Spanish text line."""
    for key, value in node.value if isinstance(node, yaml.MappingNode) else ():
        if key.value == "local":
            return bool(ctx.boolean(value, f"{path}.local"))
    return False


def _fake_node() -> yaml.Node:
    mark = yaml.Mark("", 0, 0, 0, None, None)
    return yaml.ScalarNode("tag:yaml.org,2002:null", "", mark, mark)


def _default_type() -> TypeScale:
    return TypeScale(**DEFAULT_TYPE)


def _font_families() -> list[str]:
    """Font families bundled in fonts/: a folder holding <Family>-Regular.ttf."""
    if not FONTS_DIR.is_dir():
        return []
    return sorted(p.name for p in FONTS_DIR.iterdir() if p.is_dir() and any(p.glob("*-Regular.ttf")))


# ---------------------------------------------------------------- contact facts

_URL = re.compile(r"^(https?://)?([A-Za-z0-9-]+\.)+[A-Za-z]{2,}(:\d+)?(/[^\s]*)?$")
_EMAIL = re.compile(r"^[^@\s]+@([A-Za-z0-9-]+\.)+[A-Za-z]{2,}$")


def _check_contact_value(name: str, value: str, region: str) -> tuple[str, str] | None:
    """Return (message, hint) when a phone number, URL or e-mail address is malformed."""
    if name == "text" and re.fullmatch(r"\d{5,6}", value.strip()):
        return None  # an SMS short code (5 or 6 digits in the US); no public registry to check it against
    if name in ("phone", "toll_free", "fax", "text"):
        try:
            number = phonenumbers.parse(value, region)
        except phonenumbers.NumberParseException:
            return (f"'{value}' is not a phone number", "write it as printed, e.g. 1-888-373-7888")
        if re.search(r"[A-Za-z]", value):
            return (f"'{value}' contains letters", "write the digits, e.g. 1-888-373-7888")
        if phonenumbers.is_valid_number(number):
            if name == "toll_free" and phonenumbers.number_type(number) != phonenumbers.PhoneNumberType.TOLL_FREE:
                return (f"'{value}' is not a toll-free number", "check the digits, or list it as phone:")
            return None
        if name == "phone" and shortnumberinfo.is_valid_short_number(number):
            return None  # 911, 211, 311: dialled as they are
        return (
            f"'{value}' is not a valid phone number in region {region}",
            "check every digit (a wrong number in a victim's hand is the worst mistake this brochure can make)",
        )
    if name == "url" and not _URL.match(value):
        return (
            f"'{value}' is not a web address",
            "write it as printed, e.g. www.ct.gov/ova or https://example.org/page",
        )
    if name == "email" and not _EMAIL.match(value):
        return (f"'{value}' is not an e-mail address", "e.g. info@example.org")
    return None


def _resolve_field(contact: Contact, name: str) -> Resolved:
    """The printed text of one contact field and the link a reader's phone or browser follows."""
    value = contact.fields[name]
    if name == "address":
        return Resolved(", ".join(value), None)  # type: ignore[arg-type]
    text = str(value)
    if name in ("phone", "toll_free"):
        return Resolved(text, _tel_link(text))
    if name == "text":
        return Resolved(text, "sms:" + re.sub(r"\D", "", text))
    if name == "email":
        return Resolved(text, "mailto:" + text)
    if name == "url":
        return Resolved(text, text if re.match(r"https?://", text) else "https://" + text)
    return Resolved(text, None)  # fax: printed, not linked (a phone cannot call a fax usefully)


def _tel_link(text: str) -> str:
    digits = re.sub(r"\D", "", text)
    if len(digits) <= 6:  # short codes such as 911 are dialled as they are
        return "tel:" + digits
    number = phonenumbers.parse(text, "US")
    return "tel:" + phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
