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

import datetime
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from enum import Enum
from pathlib import Path
from typing import TypeVar

import phonenumbers
import yaml
from yaml.composer import Composer
from yaml.constructor import SafeConstructor
from yaml.resolver import Resolver

from . import fonts
from .diagnostics import Finding, Location, Report, Severity, did_you_mean, display_path
from .files import kind_of
from .images import ImageProblem, read_image
from .inline import MarkupError, Resolved, parse_inline
from .limits import (
    MAX_FILE_BYTES,
    MAX_TEXT_SIZE,
    MAX_YAML_DEPTH,
    MAX_YAML_NODES,
    MIN_EDGE_MARGIN,
    MIN_FOLD_MARGIN,
    READABLE_FLOOR,
)
from .model import (
    PAPERS,
    QR_MIN_SIZE,
    BackgroundImage,
    BulletItem,
    BulletList,
    Color,
    Contact,
    ContactBlock,
    ContactStyle,
    Design,
    Edition,
    Fold,
    FontFamily,
    Heading,
    HeadingLevel,
    HorizontalAlign,
    Hyphenation,
    Image,
    ImageData,
    ImageOptions,
    Margins,
    Panel,
    PanelRole,
    Paper,
    Paragraph,
    PrintingCondition,
    QrCode,
    Review,
    ReviewStatus,
    Spacer,
    Span,
    Statistic,
    Table,
    Text,
    TypeScale,
    VerticalAlign,
)
from .phones import PhoneNumber, PhoneProblem, check_extension, look_alikes, read_number
from .typography import smarten
from .units import LengthError, parse_length
from .vector import check_svg, is_svg

BROCHURE_FILE = "brochure.yaml"
CONTACTS_FILE = "contacts.yaml"
FONTS_DIR_HINT = "fonts/ in the brochure's folder (or fonts/ beside the data folder, for every brochure)"
# Stands in for a family that was not found, so loading goes on to report every other problem too.
_MISSING_FAMILY = FontFamily("", Path(), ())

CONTACT_FIELDS = ("address", "phone", "toll_free", "fax", "text", "email", "url")
# Keys of a contact that are not printed on a line of their own: the phone's extension, the country
# its numbers are read in.
CONTACT_KEYS = CONTACT_FIELDS + ("ext", "region")
# Fields whose value needs a word in front of it ("Fax: ..."); each edition gives it in its language.
LABELLED_FIELDS = ("toll_free", "fax", "text")
LABEL_KEYS = CONTACT_FIELDS + ("ext", "draft_notice")

DEFAULT_COLORS = {
    "brand": "#14365D",
    "accent": "#C4262E",
    "text": "#1A1A1A",
    "tint": "#E9EFF6",
    "on_brand": "#FFFFFF",
}
REQUIRED_COLORS = tuple(DEFAULT_COLORS)
# Printing conditions of the ICC's characterization data registry that shops name most (US and Europe).
REGISTERED_CONDITIONS = frozenset(
    ("CGATS TR 001", "CGATS TR 003", "CGATS TR 005", "CGATS TR 006", "CGATS21-2-CRPC5", "CGATS21-2-CRPC6")
    + ("CGATS21-2-CRPC7", "FOGRA27", "FOGRA29", "FOGRA39", "FOGRA47", "FOGRA51", "FOGRA52")
)
DEFAULT_INK_LIMIT = 300.0  # % total area coverage, the usual limit for coated paper
MIN_INK_LIMIT = 200.0  # below this not even a dark brand colour prints dark

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
    "image": ("alt", "decorative", "width", "caption", "align", "link", "background", "local"),
    "spacer": ("background", "local"),
    "qr": ("field", "size", "caption", "align", "background", "local"),
    "table": ("background", "local"),
}
PANEL_KEYS = ("background", "overlay", "valign", "align", "shrink", "blocks", "footer", "blank")
# A QR code or linked image goes to the contact's web address first: a scan or a tap opens it;
# then to the numbers, which a phone offers to call or text.
QR_FIELDS = ("url", "phone", "toll_free", "text", "email")
LINK_FIELDS = QR_FIELDS
QR_DEFAULT_SIZE = 1.0 * 72
MIN_TABLE_COLUMNS, MAX_TABLE_COLUMNS = 2, 4


class _QrField(str, Enum):
    URL = "url"
    PHONE = "phone"
    TOLL_FREE = "toll_free"
    TEXT = "text"
    EMAIL = "email"


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
    """Parse one file into a node tree, reporting unreadable files, YAML syntax errors and exceeded limits.

    The file is looked at before it is read: only a regular file of at most
    MAX_FILE_BYTES is opened, so a FIFO cannot hang the run and a huge or endless
    file (a sparse file, /dev/zero) costs no memory.
    """
    shown = display_path(path)
    try:
        info = path.stat()
    except FileNotFoundError:
        report.error(f"file not found: {shown}", Location(shown), hint="check the path and the file name")
        return None
    except OSError as error:
        report.error(f"cannot read {shown}: {error.strerror}", Location(shown))
        return None
    kind = file_type(info.st_mode)
    if kind:
        report.error(
            f"not a data file: this is {kind}",
            Location(shown),
            hint="give the path of a .yaml file, e.g. data/ct-human-trafficking/en.yaml",
        )
        return None
    limit = f"a brochure file is at most {MAX_FILE_BYTES:,} bytes"
    if info.st_size > MAX_FILE_BYTES:
        report.error(f"file is {info.st_size:,} bytes; {limit}", Location(shown), hint="is this the right file?")
        return None
    try:
        with path.open("rb") as stream:
            data = stream.read(MAX_FILE_BYTES + 1)  # never more, even if the file grows meanwhile
    except OSError as error:
        report.error(f"cannot read {shown}: {error.strerror}", Location(shown))
        return None
    if len(data) > MAX_FILE_BYTES:
        report.error(
            f"file is more than {MAX_FILE_BYTES:,} bytes; {limit}", Location(shown), hint="is this the right file?"
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
    # Control characters, and the Unicode line and paragraph separators: YAML counts the latter as line
    # breaks that no editor shows, so every later line number would be wrong. Found before YAML reads them.
    controls = [(match.start(), match.group()) for match in _RAW_CONTROLS.finditer(text)]
    for index, char in controls[:5]:
        line = text.count("\n", 0, index) + 1
        column = index - (text.rfind("\n", 0, index) + 1) + 1
        name = unicodedata.name(char, "control character")
        report.error(
            f"invisible character U+{ord(char):04X} ({name}) in the text",
            Location(shown, line, column),
            hint="replace it with a space or a new line"
            if char in SEPARATORS
            else "delete it (it often comes from copying out of a word processor or PDF)",
        )
    if controls:
        return None
    try:
        root = yaml.compose(text, Loader=_LimitedLoader)
        if root is None:
            report.error(
                "the file has only comments, no settings or text",
                Location(shown),
                hint="copy an existing edition as a starting point",
            )
        return root
    except _YamlLimit as error:
        report.error(error.message, Location(shown, error.mark.line + 1, error.mark.column + 1), hint=error.hint)
        return None
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark else 0
        column = mark.column + 1 if mark else 0
        lines = text.splitlines()
        quoted = lines[line - 1] if 0 < line <= len(lines) else ""
        problem = (error.problem or "syntax error").strip()
        hint = _yaml_hint(problem, quoted, lines[: max(line - 1, 0)], error.context or "")
        if "invalid Unicode character escape" in problem:  # libyaml's words for "\ud800"
            problem, hint = _SURROGATE_PROBLEM, _SURROGATE_HINT
        message = f"YAML syntax: {problem}"
        if quoted:
            shown_line, caret = _excerpt(quoted, max(column - 1, 0))
            message += f"\n    | {shown_line}\n    | {' ' * caret}^"
        report.error(message, Location(shown, line, column), hint=hint)
        return None
    except yaml.YAMLError as error:  # pragma: no cover - PyYAML raises marked errors for text input
        report.error(f"YAML syntax: {error}", Location(shown))
        return None


SEPARATORS = "\u2028\u2029"  # LINE SEPARATOR, PARAGRAPH SEPARATOR
# The control characters (Unicode category Cc: U+0000-U+001F, U+007F-U+009F) but tab and line ends, and the
# separators; a regular expression, because a file may have a million characters.
_RAW_CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f" + SEPARATORS + "]")
# Every character but printable ASCII and the line feed: only these need a closer look (fast for long text).
_NOT_PLAIN_ASCII = re.compile("[^\x20-\x7e\n]")
_SURROGATE = re.compile("[\ud800-\udfff]")
_SURROGATE_PROBLEM = "an escape such as \\ud800 stands for half of a character (a surrogate), not a character"
_SURROGATE_HINT = "write the character itself, or the escape of the whole character (\\U0001F600)"


def file_type(mode: int) -> str:
    """'' for a regular file; otherwise what the path is, as a person would name it ("a folder")."""
    kind = kind_of(mode)
    if kind == "file":
        return ""
    return kind if kind == "not a regular file" else f"a {kind}"


class _YamlLimit(Exception):
    """A file the loader refuses before building it: too many values, nested too deep, a broken escape."""

    def __init__(self, message: str, mark: yaml.Mark, hint: str):
        super().__init__(message)
        self.message = message
        self.mark = mark
        self.hint = hint


class _Limits:
    """Limits checked while the node tree is built (a mixin for the loaders below).

    Every node counts as the number of values it stands for: an alias (`*name`)
    counts as every value of what it repeats, so 20 kB of aliases that would
    expand to a million values is refused at the alias that crosses the limit,
    in microseconds, instead of being expanded by later stages. Nesting is
    limited before Python's recursion limit is reached.
    """

    def _start_counting(self) -> None:
        self._values = 0  # values so far, aliases expanded
        self._sizes: dict[int, int] = {}  # id(finished node) -> values it stands for
        self._depth = 0

    def compose_node(self, parent: yaml.Node | None, index: object) -> yaml.Node:
        if self.check_event(yaml.AliasEvent):
            mark = self.peek_event().start_mark
            node = super().compose_node(parent, index)
            size = self._sizes.get(id(node))
            if size is None:  # the anchored node is not finished: the alias is inside what it repeats
                raise _YamlLimit(
                    "this alias repeats the list or mapping it is part of, which would never end",
                    mark,
                    "remove the alias (*name), or write the values out",
                )
            self._count(size, mark, alias=True)
            return node
        start = self.peek_event().start_mark
        self._depth += 1
        if self._depth > MAX_YAML_DEPTH:
            raise _YamlLimit(
                f"lists and mappings are nested more than {MAX_YAML_DEPTH} levels deep here",
                start,
                "a brochure needs a few levels: check the brackets [ ] { } and the indentation",
            )
        before = self._values
        try:
            node = super().compose_node(parent, index)
        finally:
            self._depth -= 1
        if isinstance(node, yaml.ScalarNode) and _SURROGATE.search(node.value):
            raise _YamlLimit(_SURROGATE_PROBLEM, node.start_mark, _SURROGATE_HINT)
        self._count(1, node.start_mark, alias=False)
        self._sizes[id(node)] = self._values - before
        return node

    def _count(self, values: int, mark: yaml.Mark, *, alias: bool) -> None:
        self._values += values
        if self._values > MAX_YAML_NODES:
            raise _YamlLimit(
                f"the file has more than {MAX_YAML_NODES:,} values"
                + (", counting each alias (*name) as the values it repeats" if alias else ""),
                mark,
                "a brochure needs a few hundred: check the aliases (*name) and anchors (&name)"
                if alias
                else "is this the right file?",
            )


class _PythonLoader(_Limits, yaml.SafeLoader):
    """PyYAML's own safe loader, in Python, with the limits: used when PyYAML was built without libyaml."""

    def __init__(self, stream: str):
        super().__init__(stream)
        self._start_counting()


_LimitedLoader: type = _PythonLoader
if yaml.__with_libyaml__:  # the usual case: PyYAML's wheels include libyaml
    from yaml._yaml import CParser

    class _LibyamlLoader(_Limits, Composer, CParser, SafeConstructor, Resolver):
        """libyaml's parser (ten times faster than PyYAML's own) with PyYAML's composer, so the limits apply.

        The composer is PyYAML's, in Python, so that every node passes through
        `_Limits.compose_node`; libyaml only turns the text into events.
        """

        def __init__(self, stream: str):
            CParser.__init__(self, stream)
            Composer.__init__(self)
            SafeConstructor.__init__(self)
            Resolver.__init__(self)
            self._start_counting()

    _LimitedLoader = _LibyamlLoader


def _excerpt(line: str, column: int, room: int = 100) -> tuple[str, int]:
    """The part of a long line around `column` (0-based), and the caret's column in it.

    A line of a megabyte would otherwise be printed whole in the message.
    """
    if len(line) <= room:
        return line, column
    start = max(0, min(column - room // 2, len(line) - room))
    part = line[start : start + room]
    prefix = "…" if start else ""
    return prefix + part + ("…" if start + room < len(line) else ""), column - start + len(prefix)


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
    if any(text in problem for text in ("could not find expected ':'", "expected <block end>", "expected key")):
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
    right_to_left: set[str] = field(default_factory=set)  # scripts already reported in this file

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
        if not self._check_characters(node, path, text) and text and not _visible(text):
            # Only soft hyphens or blank letters: it would be an empty space on the page, or an empty label.
            self.error(node, path, "the text has nothing visible to print", hint="write the text, or remove it")
        return text

    def _check_characters(self, node: yaml.Node, path: str, text: str) -> bool:
        """Report the first invisible character of a value, and right-to-left text (once per script and file).

        Invisible characters would go into the PDF unseen: a reader who copies the
        number or the word gets something else than what is printed. See `_invisible`.
        Returns whether an invisible character was reported.
        """
        unusual = list(dict.fromkeys(_NOT_PLAIN_ASCII.findall(text)))  # each once, in order of appearance
        invisible = next(((char, problem) for char in unusual if (problem := _invisible(char))), None)
        if invisible:
            char, (name, hint) = invisible
            self.error(node, path, f"invisible character U+{ord(char):04X} ({name}) in the text", hint)
        for char in unusual:
            if unicodedata.bidirectional(char) in ("R", "AL") and unicodedata.category(char) != "Cf":
                script = _script_name(char)
                if script not in self.right_to_left:
                    self.right_to_left.add(script)
                    self.error(
                        node,
                        path,
                        f"right-to-left text ({script}) is not supported yet",
                        hint="brochure sets left-to-right scripts only; this file cannot be made into a brochure yet",
                    )
        return invisible is not None

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


def _flow(node: yaml.Node) -> str:
    """A list node as the person wrote it, e.g. [100, 75, 20]."""
    if isinstance(node, yaml.SequenceNode):
        return "[" + ", ".join(_flow(item) for item in node.value) + "]"
    return _kind(node).strip("'")


# Bidirectional controls: brochure sets left-to-right text only, where they do nothing or harm.
_BIDI_CONTROLS = "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
# Joiners are needed in scripts that brochure cannot set yet (Persian, Indic scripts); in the scripts it
# sets they only change what a reader copies, or break the search for a word.
_JOINERS = "\u200c\u200d"
_SCRIPT_NAMES = {"NKO": "N'Ko"}  # where the first word of the letters' Unicode names is not the script's name


def _invisible(char: str) -> tuple[str, str] | None:
    """(name, hint) for a character that would go into the PDF without drawing anything; None otherwise.

    Every control and format character is refused, except the soft hyphen (U+00AD), which is taken
    out: the layout hyphenates where it needs to. The decision per character, with its reason, is
    in the README ("Text markup").
    """
    if char in "\n\u00ad":
        return None
    category = unicodedata.category(char)
    if category not in ("Cc", "Cf"):
        return None
    name = unicodedata.name(char, "control character")
    if char in _BIDI_CONTROLS or category == "Cc":
        return name, "delete it (it often comes from copying out of a word processor or PDF)"
    if char in _JOINERS:
        return name, "delete it: it is only needed in scripts brochure cannot set yet (Persian, Indic scripts)"
    if char == "\u200b":
        return name, "delete it, or write a space where the line may break"
    return name, "delete it (it often comes from copying out of a web page, word processor or PDF)"


def _script_name(char: str) -> str:
    """The script a letter belongs to, from its Unicode name: 'Arabic', 'Hebrew', "N'Ko"."""
    first = unicodedata.name(char, "RIGHT-TO-LEFT").split()[0]
    return _SCRIPT_NAMES.get(first, first.title())


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
    region: str = "US"  # contacts.yaml's region: text of the editions is read as prose of this country
    smart_quotes_language: str | None = None  # the language whose quotes text gets; None: as typed

    def load(self) -> Edition | None:
        folder = self.path.parent
        design = self._load_design(folder / BROCHURE_FILE)
        contacts, region = self._load_contacts(folder / CONTACTS_FILE)
        self.region = region
        root = _read_yaml(self.path, self.report)
        if root is None or design is None:
            return None
        ctx = _Context(display_path(self.path), self.report)
        top = ctx.mapping(
            root,
            "",
            allowed=(
                "language",
                "source",
                "title",
                "subject",
                "keywords",
                "review",
                "labels",
                "type",
                "smart_quotes",
                "panels",
            ),
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
        smart_quotes = ctx.boolean(top.get("smart_quotes"), "smart_quotes")
        if smart_quotes if smart_quotes is not None else design.smart_quotes:
            self.smart_quotes_language = language
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
            source_edition=self._source(ctx, top.get("source")),
            labels=labels,
            panels=panels,
            design=design,
            contacts=contacts,
            contacts_used=frozenset(used_contacts),
            region=region,
        )

    def _source(self, ctx: _Context, node: yaml.Node | None) -> str:
        """`source: en`: the code of an edition beside this one; never a path (it could leave the folder)."""
        code = ctx.string(node, "source") or ""
        if code and not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9_-]*", code):
            ctx.error(
                node,
                "source",
                f"source '{code}' is not the name of an edition in this folder",
                hint="write the file name of the source edition without .yaml, e.g. source: en",
            )
            return ""
        return code

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
            allowed=(
                "author",
                "papers",
                "folds",
                "fold",
                "fold_in_offset",
                "bleed",
                "ink_limit",
                "press_profile",
                "printing_condition",
                "colors",
                "type",
                "margins",
                "hyphenate",
                "smart_quotes",
            ),
            what="brochure settings",
        )
        papers: list[Paper] = []
        for i, paper_node in enumerate(ctx.sequence(top.get("papers"), "papers")):
            name = ctx.string(paper_node, f"papers[{i}]")
            if name is None:
                continue
            if name.lower() in PAPERS and PAPERS[name.lower()] in papers:
                ctx.error(
                    paper_node,
                    f"papers[{i}]",
                    f"paper '{name}' is listed twice",
                    hint="delete one: each paper is rendered once",
                )
            elif name.lower() not in PAPERS:
                ctx.error(
                    paper_node,
                    f"papers[{i}]",
                    f"unknown paper '{name}'{did_you_mean(name.lower(), list(PAPERS))}",
                    hint=f"choose from {', '.join(PAPERS)}",
                )
            else:
                papers.append(PAPERS[name.lower()])
        ink_limit = self._ink_limit(ctx, top.get("ink_limit"))
        palette = {name: Color(hex_value, name) for name, hex_value in DEFAULT_COLORS.items()}
        color_nodes = ctx.mapping(top.get("colors"), "colors", allowed=None)
        for name, value_node in color_nodes.items():
            color = self._palette_color(ctx, name, value_node, ink_limit)
            if color is not None:
                palette[name] = color
        margin_nodes = ctx.mapping(top.get("margins"), "margins", allowed=("edge", "fold"))
        edge = ctx.length(margin_nodes.get("edge"), "margins.edge", low=MIN_EDGE_MARGIN, high=72)
        fold_margin = ctx.length(margin_nodes.get("fold"), "margins.fold", low=MIN_FOLD_MARGIN, high=72)
        type_scale = self._type_scale(ctx, top.get("type"), "type", base=None)
        fold_in = ctx.length(top.get("fold_in_offset"), "fold_in_offset", low=0, high=18)
        bleed = ctx.length(top.get("bleed"), "bleed", low=0, high=36)
        folds = self._folds(ctx, top)
        return Design(
            papers=tuple(papers) or (PAPERS["letter"],),
            fold=folds[0],
            folds=folds,
            fold_in_offset=fold_in if fold_in is not None else 72 / 16,
            bleed=bleed if bleed is not None else 9.0,
            colors=palette,
            type=type_scale or self._default_type(ctx, None),
            margins=Margins(edge if edge is not None else 27.0, fold_margin if fold_margin is not None else 21.6),
            hyphenate=ctx.choice(top.get("hyphenate"), "hyphenate", Hyphenation) or Hyphenation.AUTO,
            author=ctx.string(top.get("author"), "author") or "",
            source=Location(ctx.file),
            ink_limit=ink_limit,
            printing=self._printing(ctx, path.parent, top.get("press_profile"), top.get("printing_condition")),
            smart_quotes=ctx.boolean(top.get("smart_quotes"), "smart_quotes") is not False,
        )

    def _printing(
        self, ctx: _Context, folder: Path, profile_node: yaml.Node | None, condition_node: yaml.Node | None
    ) -> PrintingCondition | None:
        """`press_profile: shop.icc` (a CMYK printer profile in the brochure's folder, usually from the
        print shop) and `printing_condition: FOGRA39` (its name); None: the bundled CGATS TR 001 profile."""
        from .inks import profile_problem  # LittleCMS: only when a profile is named

        condition = ctx.string(condition_node, "printing_condition")
        if profile_node is None:
            if condition_node is not None:
                ctx.error(
                    condition_node,
                    "printing_condition",
                    "printing_condition needs press_profile: the bundled profile is made for CGATS TR 001 only",
                    hint="add press_profile: with the ICC profile of that condition (ask the shop for it)",
                )
            return None
        relative = ctx.string(profile_node, "press_profile")
        if relative is None:
            return None
        folder = folder.resolve()
        profile_path = (folder / relative).resolve()
        if folder not in profile_path.parents:
            ctx.error(
                profile_node,
                "press_profile",
                f"press profile '{relative}' is outside the brochure's folder",
                hint=f"copy the profile into {display_path(folder)} and give its name",
            )
            return None
        if not profile_path.is_file():
            ctx.error(
                profile_node,
                "press_profile",
                f"press profile not found: {relative}",
                hint=f"put the shop's .icc file in {display_path(folder)}",
            )
            return None
        problem = profile_problem(profile_path)
        if problem:
            ctx.error(
                profile_node,
                "press_profile",
                f"press profile '{relative}' {problem}",
                hint="ask the print shop for the CMYK ICC profile of its press and paper (e.g. a FOGRA39 or "
                "GRACoL profile), or remove press_profile to use the bundled one",
            )
            return None
        from PIL import ImageCms

        description = ImageCms.getProfileDescription(ImageCms.getOpenProfile(str(profile_path))).strip()
        return PrintingCondition(
            identifier=condition or "Custom",
            # Only a condition in the ICC's registry (FOGRA39, CGATS21-2-CRPC6, ...) names the registry.
            registry="http://www.color.org" if condition in REGISTERED_CONDITIONS else "",
            info=f"{condition or 'the shop'}'s condition, profile {profile_path.name} ({description})",
            profile=profile_path,
        )

    def _ink_limit(self, ctx: _Context, node: yaml.Node | None) -> float:
        """`ink_limit: 300%`: the most total ink the press edition may put anywhere (the shop's figure)."""
        if node is None:
            return DEFAULT_INK_LIMIT
        text = node.value.strip() if isinstance(node, yaml.ScalarNode) else ""
        match = re.fullmatch(r"(\d+(?:\.\d+)?)\s*%?", text)
        value = float(match.group(1)) if match else None
        if value is None or not MIN_INK_LIMIT <= value <= 400:
            ctx.error(
                node,
                "ink_limit",
                f"ink_limit {_kind(node)} is not a total ink coverage between {MIN_INK_LIMIT:g}% and 400%",
                hint="ask the print shop for its limit; 300% is usual for coated paper, 260% for uncoated",
            )
            return DEFAULT_INK_LIMIT
        return value

    def _palette_color(self, ctx: _Context, name: str, node: yaml.Node, ink_limit: float) -> Color | None:
        """A colour of `colors:`, either "#14365D" or {rgb: "#14365D", cmyk: [100, 75, 20, 30]}."""
        path = f"colors.{name}"
        cmyk = None
        if isinstance(node, yaml.MappingNode):
            values = ctx.mapping(node, path, allowed=("rgb", "cmyk"), required=("rgb",), what=f"colour '{name}'")
            hex_node = values.get("rgb")
            if "cmyk" in values:
                cmyk = self._cmyk(ctx, values["cmyk"], f"{path}.cmyk", ink_limit)
                if cmyk is None:
                    return None
            if hex_node is None:
                return None
        else:
            hex_node = node
        value = hex_node.value if isinstance(hex_node, yaml.ScalarNode) else ""
        if not re.fullmatch(r"#[0-9A-Fa-f]{6}", value):
            ctx.error(
                hex_node,
                path,
                f'expected a colour such as "#14365D", got {_kind(hex_node)}',
                hint="write the hex value in quotes: YAML reads # as the start of a comment",
            )
            return None
        return Color(value.upper(), name, cmyk, ctx.loc(node))

    def _cmyk(
        self, ctx: _Context, node: yaml.Node, path: str, ink_limit: float
    ) -> tuple[float, float, float, float] | None:
        """`cmyk: [c, m, y, k]` in percent, each 0 to 100, together within the ink limit."""
        items = ctx.sequence(node, path)
        if not isinstance(node, yaml.SequenceNode):
            return None
        numbers = []
        for item in items:
            try:
                number = float(item.value) if isinstance(item, yaml.ScalarNode) else None
            except ValueError:
                number = None
            if number is None or not 0 <= number <= 100:
                numbers = None
                break
            numbers.append(number)
        if numbers is None or len(numbers) != 4:
            ctx.error(
                node,
                path,
                f"cmyk needs four numbers from 0 to 100 (cyan, magenta, yellow, black in %), got {_flow(node)}",
                hint="e.g. cmyk: [100, 75, 20, 30], as the print shop or the brand guide gives them",
            )
            return None
        total = sum(numbers)
        if total > ink_limit + 1e-9:
            ctx.error(
                node,
                path,
                f"cmyk {_flow(node)} adds up to {total:g}% of ink, over the ink limit of {ink_limit:g}%",
                hint="lower the values (a shop's rich black is e.g. [60, 40, 40, 100]), or raise ink_limit",
            )
            return None
        return tuple(round(v / 100, 4) for v in numbers)  # type: ignore[return-value]

    def _folds(self, ctx: _Context, top: dict[str, yaml.Node]) -> tuple[Fold, ...]:
        """`folds: [roll, z]` (every fold --all makes, the first the default) or `fold: z` (one fold)."""
        if "fold" in top and "folds" in top:
            ctx.error(
                top["fold"],
                "fold",
                "give 'folds:' or 'fold:', not both",
                hint="write every fold in one list, e.g. folds: [roll, z]",
            )
        if "folds" not in top:
            return (ctx.choice(top.get("fold"), "fold", Fold) or Fold.ROLL,)
        folds: list[Fold] = []
        for i, node in enumerate(ctx.sequence(top["folds"], "folds")):
            fold = ctx.choice(node, f"folds[{i}]", Fold)
            if fold in folds:
                ctx.error(node, f"folds[{i}]", f"fold '{fold.value}' is listed twice", hint="list each fold once")
            elif fold is not None:
                folds.append(fold)
        if isinstance(top["folds"], yaml.SequenceNode) and not top["folds"].value:
            ctx.error(top["folds"], "folds", "the list of folds is empty", hint="e.g. folds: [roll, z]")
        return tuple(folds) or (Fold.ROLL,)

    def _type_scale(self, ctx: _Context, node: yaml.Node | None, path: str, base: TypeScale | None) -> TypeScale | None:
        if node is None:
            return None
        keys = tuple(DEFAULT_TYPE) + ("min_leading", "fallback")
        values = ctx.mapping(node, path, allowed=keys, what="type settings")
        current = dict(base.__dict__) if base else {**DEFAULT_TYPE, "fallback_fonts": ()}
        if "font" in values:
            font = ctx.string(values["font"], f"{path}.font")
            family = self._font_family(ctx, values["font"], f"{path}.font", font) if font else None
            current["font"] = family or _MISSING_FAMILY
        elif base is None:
            current["font"] = self._default_type(ctx, node).font
        if "fallback" in values:
            fallbacks = []
            for i, item in enumerate(ctx.sequence(values["fallback"], f"{path}.fallback")):
                name = ctx.string(item, f"{path}.fallback[{i}]")
                family = self._font_family(ctx, item, f"{path}.fallback[{i}]", name) if name else None
                if family is not None:
                    fallbacks.append(family)
            current["fallback_fonts"] = tuple(fallbacks)
        for key in ("body_size", "min_body_size", "heading_size", "title_size", "statistic_size", "prominent_size"):
            if key in values:
                size = ctx.length(values[key], f"{path}.{key}", low=READABLE_FLOOR, high=MAX_TEXT_SIZE)
                if size is not None:
                    current[key] = size
        if "leading" in values:
            leading = ctx.number(values["leading"], f"{path}.leading", low=1.0, high=2.5)
            if leading is not None:
                current["leading"] = leading
        if "min_leading" in values:
            tightest = ctx.number(values["min_leading"], f"{path}.min_leading", low=1.0, high=2.5)
            if tightest is not None:
                current["min_leading"] = tightest
        if current.get("min_leading") is not None and current["min_leading"] > current["leading"] + 1e-9:
            ctx.error(
                values.get("min_leading", node),
                f"{path}.min_leading",
                f"min_leading ({current['min_leading']:g}) is larger than leading ({current['leading']:g})",
                hint="min_leading is the tightest the fit may set the lines: at most the leading itself",
            )
        if current["min_body_size"] > current["body_size"]:
            ctx.error(
                node,
                path,
                f"min_body_size ({current['min_body_size']:g} pt) is larger than "
                f"body_size ({current['body_size']:g} pt)",
            )
        return TypeScale(**current)

    def _default_type(self, ctx: _Context, node: yaml.Node | None) -> TypeScale:
        """The default type scale, its font found on the search path like any other."""
        family = self._font_family(ctx, node, "type.font", DEFAULT_TYPE["font"])
        return TypeScale(**{**DEFAULT_TYPE, "font": family or _MISSING_FAMILY})

    def _font_family(self, ctx: _Context, node: yaml.Node | None, path: str, name: str) -> FontFamily | None:
        """The family `name` from the font search path, its files checked; problems are reported at `node`."""
        search = fonts.search_path(self.path.parent)
        family = fonts.find_family(name, search)
        where = Location(ctx.file) if node is None else ctx.loc(node)
        if family is None:
            available = fonts.family_names(search)
            self.report.error(
                f"no font '{name}' in fonts/{did_you_mean(name, available)}",
                where,
                where=path,
                hint=f"fonts found: {', '.join(available) or 'none'}; to add one, put a folder {name}/ holding "
                f"its TrueType files (<Name>-Regular.ttf ...) and licence in {FONTS_DIR_HINT}",
            )
            return None
        problems = fonts.check_family(family)
        for problem in problems:
            self.report.error(problem.message, where, where=path, hint=problem.hint)
        if not family.bundled and not fonts.has_licence(family.folder):
            # Every PDF embeds the font and is handed out: its licence must allow that, so keep it beside it.
            self.report.warning(
                f"font '{name}' has no licence file in {display_path(family.folder)}",
                where,
                where=path,
                hint="copy the licence that came with the font (OFL.txt, LICENSE.txt) into its folder, and check "
                "that it allows embedding the font in a PDF (the SIL Open Font License does)",
            )
        return None if problems else family

    # -- contacts.yaml

    def _load_contacts(self, path: Path) -> tuple[dict[str, Contact], str]:
        if not path.exists():
            return {}, "US"
        node = _read_yaml(path, self.report)
        if node is None:
            return {}, "US"
        ctx = _Context(display_path(path), self.report)
        top = ctx.mapping(node, "", allowed=("region", "contacts"), required=("contacts",), what="the contacts file")
        region = _region(ctx, top.get("region"), "region", "US")
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
            values = ctx.mapping(value_node, cpath, allowed=CONTACT_KEYS, what=f"contact '{contact_id}'")
            contact_region = _region(ctx, values.get("region"), f"{cpath}.region", region)
            extension = ctx.string(values.get("ext"), f"{cpath}.ext") or ""
            if extension:
                try:
                    check_extension(extension)
                except PhoneProblem as problem:
                    ctx.error(values["ext"], f"{cpath}.ext", problem.message, hint=problem.hint)
                    extension = ""
                if "phone" not in values:
                    ctx.error(
                        values["ext"],
                        f"{cpath}.ext",
                        f"contact '{contact_id}' has an extension but no phone",
                        hint="ext: is the extension of the contact's phone: add phone:, or remove ext:",
                    )
            fields: dict[str, object] = {}
            numbers: dict[str, PhoneNumber] = {}
            for name, field_node in values.items():
                fpath = f"{cpath}.{name}"
                if name in ("ext", "region"):
                    continue
                if name == "address":
                    lines = [ctx.string(n, fpath) for n in ctx.sequence(field_node, fpath)]
                    if lines and all(lines):
                        fields[name] = tuple(lines)
                    continue
                value = ctx.string(field_node, fpath)
                if value is None:
                    continue
                if name in ("url", "email") and value != value.strip():
                    # A link with a space or line break in it does not open; decided: refused, not trimmed.
                    ctx.error(
                        field_node,
                        fpath,
                        f"'{value.strip()}' has a space or a line break before or after it",
                        hint="write the address on one line, without spaces (check for a \\n in quotes)",
                    )
                    fields[name] = value.strip()
                    continue
                # Kept even when it is wrong, so that references to it do not add a second, misleading error;
                # a number that failed has no entry in `numbers`, so nothing links to it.
                fields[name] = value
                if name in ("phone", "toll_free", "fax", "text"):
                    try:
                        number = read_number(value, contact_region, name, extension if name == "phone" else "")
                    except PhoneProblem as problem:
                        ctx.error(field_node, fpath, problem.message, hint=problem.hint)
                        continue
                    numbers[name] = number
                    continue
                problem = _check_address(name, value)
                if problem:
                    ctx.error(field_node, fpath, problem[0], hint=problem[1])
            if not set(values) - {"ext", "region"} and isinstance(value_node, yaml.MappingNode):
                ctx.error(value_node, cpath, f"contact '{contact_id}' has no phone, address, e-mail or web address")
            sources = {name: ctx.loc(node) for name, node in values.items()}
            contact = Contact(contact_id, fields, ctx.loc(value_node), contact_region, numbers, sources)
            self.report.findings.extend(fictional_numbers(contact))
            contacts[contact_id] = contact
        return contacts, region

    # -- edition parts

    def _review(self, ctx: _Context, node: yaml.Node | None) -> Review:
        if node is None:
            return Review(ReviewStatus.SOURCE)
        values = ctx.mapping(node, "review", allowed=("status", "reviewer", "date"), required=("status",))
        status = ctx.choice(values.get("status"), "review.status", ReviewStatus) or ReviewStatus.DRAFT
        reviewer = ctx.string(values.get("reviewer"), "review.reviewer") or ""
        date = ctx.string(values.get("date"), "review.date") or ""
        if date and not _is_date(date):
            ctx.error(
                values["date"],
                "review.date",
                f"'{date}' is not a date",
                hint="write the day of the review as YYYY-MM-DD, e.g. 2026-12-01",
            )
        if status == ReviewStatus.REVIEWED:
            for key, value in (("reviewer", reviewer), ("date", date)):
                if not value:
                    ctx.error(
                        node,
                        "review",
                        f"a reviewed edition needs review.{key}",
                        hint="say who reviewed the translation and when, e.g. reviewer: Ana Díaz, date: 2026-12-01",
                    )
        return Review(status, reviewer, date)

    def _labels(self, ctx: _Context, node: yaml.Node | None, review: Review) -> dict[str, str]:
        labels: dict[str, str] = {}
        for key, value_node in ctx.mapping(node, "labels", allowed=LABEL_KEYS, what="labels").items():
            value = ctx.string(value_node, f"labels.{key}", allow_empty=True)
            if value is not None and _MARKUP.search(value):
                # A label is printed as written, before a contact's field; markup there would print literally.
                ctx.error(
                    value_node,
                    f"labels.{key}",
                    "labels are printed as written, without markup",
                    hint="remove the * { [ \\ characters: a label is set in the style of the field it names",
                )
            elif value is not None:
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
                allowed=PANEL_KEYS,
                what=f"panel '{role.value}'",
            )
            blank = bool(ctx.boolean(panel_values.get("blank"), f"{path}.blank"))
            if "blocks" not in panel_values and not blank and isinstance(panel_node, yaml.MappingNode):
                ctx.error(
                    panel_node,
                    path,
                    f"missing key 'blocks' in panel '{role.value}'",
                    hint="give it blocks:, or write blank: true for a panel left empty on purpose",
                )
            block_nodes = ctx.sequence(panel_values.get("blocks"), f"{path}.blocks")
            if blank and (block_nodes or "footer" in panel_values):
                ctx.error(
                    panel_values["blank"],
                    f"{path}.blank",
                    f"panel '{role.value}' is blank: true but has blocks",
                    hint="remove blank: true, or remove the blocks",
                )
            elif "blocks" in panel_values and not block_nodes and not blank:
                ctx.error(
                    panel_values["blocks"],
                    f"{path}.blocks",
                    f"panel '{role.value}' is empty",
                    hint="give it at least one block, or write blank: true if it is meant to be empty",
                )
            blocks = []
            local: set[int] = set()
            for i, block_node in enumerate(block_nodes):
                block = self._block(ctx, block_node, f"{path}.blocks[{i}]", design, contacts, labels, used_contacts)
                if block is not None:
                    if _is_local(ctx, block_node, f"{path}.blocks[{i}]"):
                        local.add(len(blocks))
                    blocks.append(block)
            footer = []
            for i, block_node in enumerate(ctx.sequence(panel_values.get("footer"), f"{path}.footer")):
                block = self._block(ctx, block_node, f"{path}.footer[{i}]", design, contacts, labels, used_contacts)
                if block is not None:
                    if _is_local(ctx, block_node, f"{path}.footer[{i}]"):
                        local.add(len(blocks) + len(footer))  # indexes run on from the body (Panel.all_blocks)
                    footer.append(block)
            shrink = ctx.length(panel_values.get("shrink"), f"{path}.shrink", low=READABLE_FLOOR, high=MAX_TEXT_SIZE)
            background, background_image = self._panel_background(ctx, panel_values, path, design)
            panels.append(
                Panel(
                    role=role,
                    blocks=tuple(blocks),
                    source=ctx.loc(panel_node),
                    background=background,
                    background_image=background_image,
                    align=self._valign(ctx, panel_values, path),
                    shrink_to=shrink,
                    local_blocks=frozenset(local),
                    footer=tuple(footer),
                    blank=blank,
                )
            )
        return tuple(panels)

    def _valign(self, ctx, values, path) -> VerticalAlign:
        """`valign:`, or `align:`, its older name (the first editions say `align: center`), never both."""
        if "valign" in values and "align" in values:
            ctx.error(
                values["align"],
                f"{path}.align",
                "give valign: or align: (its older name), not both",
                hint="delete align:",
            )
        key = "valign" if "valign" in values else "align"
        return ctx.choice(values.get(key), f"{path}.{key}", VerticalAlign) or VerticalAlign.TOP

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
            image = self._image(ctx, main, values, path, loc, background)
            if image is None:
                return None
            return replace(image, options=self._image_options(ctx, values, path, contacts, used_contacts, text))
        if kind == "qr":
            return self._qr(ctx, main, values, path, loc, background, contacts, used_contacts, text)
        if kind == "table":
            return self._table(ctx, main, path, loc, background, text)
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
        alt = ctx.string(values.get("alt"), f"{path}.alt") if "alt" in values else None
        decorative = bool(ctx.boolean(values.get("decorative"), f"{path}.decorative"))
        found = self._image_file(ctx, main, path, relative, allow_svg=True)
        if found is None:
            return None  # what is wrong with the file is reported; alt text comes after
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
        text = (alt or "").strip() if not decorative else ""
        return Image(found[0], found[1], width, loc, background, alt=text, decorative=decorative)

    def _image_file(self, ctx, main, path, relative: str, allow_svg: bool) -> tuple[Path, ImageData | None] | None:
        """An image file named in the data, checked: inside the folder, a regular file, a PNG or JPEG decoded
        to its last pixel (or an SVG, checked, with no pixels: None). None when it is not usable (reported)."""
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
        try:
            kind = file_type(image_path.stat().st_mode)
        except OSError:
            ctx.error(main, path, f"image not found: {relative}", hint=f"put the file in {display_path(folder)}")
            return None
        if kind:
            ctx.error(main, path, f"'{relative}' is {kind}, not an image", hint="give the name of a PNG or JPEG file")
            return None
        if is_svg(image_path) and allow_svg:
            problems = check_svg(image_path)
            for problem in problems:
                ctx.error(main, path, problem.message, hint=problem.hint)
            return None if problems else (image_path, None)
        try:
            data = read_image(image_path, relative)  # decoded to the last pixel: a damaged file is an error here
        except ImageProblem as problem:
            ctx.error(main, path, str(problem), hint=problem.hint)
            return None
        return image_path, data

    def _panel_background(self, ctx, values, path, design) -> tuple[Color | None, BackgroundImage | None]:
        """`background:` is a colour, or a photo file (`photo.jpg`) that fills the panel; `overlay:` tints it."""
        node = values.get("background")
        overlay_node = values.get("overlay")
        if isinstance(node, yaml.ScalarNode) and re.search(r"\.(jpe?g|png)$", node.value, re.IGNORECASE):
            found = self._image_file(ctx, node, f"{path}.background", node.value, allow_svg=False)
            overlay, opacity = self._overlay(ctx, overlay_node, f"{path}.overlay", design)
            if found is None or found[1] is None:
                return None, None
            image_path, data = found
            return None, BackgroundImage(image_path, data, _average_color(data), ctx.loc(node), overlay, opacity)
        if overlay_node is not None:
            ctx.error(
                overlay_node,
                f"{path}.overlay",
                "overlay: tints a background photo, but this panel has none",
                hint="give the panel background: photo.jpg, or remove overlay:",
            )
        return ctx.color(node, f"{path}.background", design.colors), None

    def _overlay(self, ctx, node, path, design) -> tuple[Color | None, float]:
        """`overlay: brand 60%`: a colour of the brochure and how much of it covers the photo (default 50%)."""
        if node is None:
            return None, 0.0
        words = node.value.split() if isinstance(node, yaml.ScalarNode) else []
        opacity = 0.5
        if len(words) == 2 and re.fullmatch(r"\d{1,3}%", words[1]) and 0 < int(words[1][:-1]) <= 100:
            opacity = int(words[1][:-1]) / 100
        elif len(words) != 1:
            ctx.error(
                node,
                path,
                f"expected a colour and a percentage such as 'brand 60%', got {_kind(node)}",
                hint="the percentage (1% to 100%) is how much of the colour covers the photo",
            )
            return None, 0.0
        color_node = yaml.ScalarNode("tag:yaml.org,2002:str", words[0], node.start_mark, node.end_mark)
        return ctx.color(color_node, path, design.colors), opacity

    def _link_target(self, ctx, node, path, contacts, used_contacts, fields) -> tuple[str, str, str] | None:
        """(contact id, field, link target) of the contact named by `node`, using its first field of `fields`."""
        contact_id = ctx.string(node, path)
        if contact_id is None:
            return None
        contact = contacts.get(contact_id)
        if contact is None:
            ctx.error(
                node,
                path,
                f"no contact '{contact_id}' in {CONTACTS_FILE}{did_you_mean(contact_id, list(contacts))}",
                hint=f"add it to {CONTACTS_FILE} or correct the name",
            )
            return None
        used_contacts.add(contact_id)
        field_name = next((f for f in fields if f in contact.fields), None)
        if field_name is None:
            ctx.error(
                node,
                path,
                f"contact '{contact_id}' has nothing to link to (no {', '.join(fields)})",
                hint=f"it has: {', '.join(contact.fields)}",
            )
            return None
        # The same target a tap on the contact's number or address follows in the text.
        link = field_link(contact, field_name)
        if link is None:
            return None  # a number that failed its check: already reported at its line in contacts.yaml
        return contact_id, field_name, link

    def _image_options(self, ctx, values, path, contacts, used_contacts, text) -> ImageOptions:
        caption = text(values.get("caption"), f"{path}.caption") if "caption" in values else ()
        align = ctx.choice(values.get("align"), f"{path}.align", HorizontalAlign) or HorizontalAlign.LEFT
        target = None
        if "link" in values:
            target = self._link_target(ctx, values["link"], f"{path}.link", contacts, used_contacts, LINK_FIELDS)
        return ImageOptions(
            caption=caption,
            align=align,
            link=target[2] if target else None,
            link_contact=target[0] if target else None,
        )

    def _qr(self, ctx, main, values, path, loc, background, contacts, used_contacts, text) -> QrCode | None:
        if isinstance(main, yaml.ScalarNode) and main.value in contacts:
            used_contacts.add(main.value)  # used, even if a mistake below stops this block
        fields = QR_FIELDS
        if "field" in values:
            field_name = ctx.choice(values["field"], f"{path}.field", _QrField)
            if field_name is None:
                return None
            fields = (field_name.value,)
            contact = contacts.get(main.value) if isinstance(main, yaml.ScalarNode) else None
            if contact is not None and field_name.value not in contact.fields:
                ctx.error(
                    values["field"],
                    f"{path}.field",
                    f"contact '{main.value}' has no '{field_name.value}'",
                    hint=f"it has: {', '.join(contact.fields)}",
                )
                return None
        size_node = values.get("size")
        size = QR_DEFAULT_SIZE
        if size_node is not None:
            size = ctx.length(size_node, f"{path}.size", low=0, high=8 * 72)
            if size is not None and size < QR_MIN_SIZE - 1e-6:
                ctx.error(
                    size_node,
                    f"{path}.size",
                    f"a QR code of {size_node.value} is too small to scan: at least 0.8in",
                    hint="give size: 0.8in or more (1in scans well from arm's length)",
                )
                return None
            if size is None:
                return None
        target = self._link_target(ctx, main, path, contacts, used_contacts, fields)
        if target is None:
            return None
        caption = text(values.get("caption"), f"{path}.caption") if "caption" in values else ()
        align = ctx.choice(values.get("align"), f"{path}.align", HorizontalAlign) or HorizontalAlign.LEFT
        contact_id, field_name, link = target
        return QrCode(contact_id, field_name, link, size, caption, align, loc, background)

    def _table(self, ctx, main, path, loc, background, text) -> Table | None:
        values = ctx.mapping(main, path, allowed=("header", "rows"), required=("rows",), what="a table")
        if not values:
            return None

        def row(node, row_path) -> tuple[Text, ...] | None:
            cells = ctx.sequence(node, row_path)
            if not isinstance(node, yaml.SequenceNode):
                return None
            if not MIN_TABLE_COLUMNS <= len(cells) <= MAX_TABLE_COLUMNS:
                ctx.error(
                    node,
                    row_path,
                    f"a table row has {MIN_TABLE_COLUMNS} to {MAX_TABLE_COLUMNS} cells, this one has {len(cells)}",
                    hint="write each row as [first cell, second cell], e.g. [Monday, 9am-5pm]",
                )
                return None
            for i, cell in enumerate(cells):
                if isinstance(cell, yaml.ScalarNode) and not cell.value.strip():
                    ctx.error(
                        cell,
                        f"{row_path}[{i}]",
                        "an empty table cell",
                        hint="write - (or a word such as 'closed') so the row reads across",
                    )
                    return None
            return tuple(text(cell, f"{row_path}[{i}]") for i, cell in enumerate(cells))

        header = row(values["header"], f"{path}.header") if "header" in values else ()
        sources = [ctx.loc(values["header"])] if header else []
        rows = []
        row_nodes = ctx.sequence(values.get("rows"), f"{path}.rows")
        if "rows" in values and not row_nodes and isinstance(values["rows"], yaml.SequenceNode):
            ctx.error(values["rows"], f"{path}.rows", "a table needs at least one row")
        width = len(header) if header else None
        for i, row_node in enumerate(row_nodes):
            cells = row(row_node, f"{path}.rows[{i}]")
            if cells is None:
                continue
            if width is None:
                width = len(cells)
            elif len(cells) != width:
                ctx.error(
                    row_node,
                    f"{path}.rows[{i}]",
                    f"this table row has {len(cells)} cells, the {'header' if header else 'first row'} has {width}",
                    hint="give every row the same number of cells, in the same order (write - for an empty one)",
                )
                continue
            rows.append(cells)
            sources.append(ctx.loc(row_node))
        if header is None:
            return None
        return Table(header, tuple(rows), loc, background, tuple(sources))

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
            try:
                resolved = _resolve_field(contact, name, labels)
            except MarkupError as error:
                ctx.error(values["contact"], path, str(error), hint=error.hint)
                continue
            number = Span(resolved.text, link=resolved.link, unbreakable=True, contact=contact_id)
            lines.append((Span(label + " "), number) if label else (number,))
        name_text = text(values.get("name"), f"{path}.name") if "name" in values else ()
        style = ctx.choice(values.get("style"), f"{path}.style", ContactStyle) or ContactStyle.NORMAL
        return ContactBlock(contact_id, name_text, tuple(lines), style, loc, background)

    def _inline(self, ctx, node, path, raw, contacts, labels, used_contacts) -> Text:
        if self.smart_quotes_language:
            raw = smarten(raw, self.smart_quotes_language)

        def resolve(contact_id: str, field_name: str | None, as_link: bool) -> Resolved:
            contact = contacts.get(contact_id)
            if contact is None:
                raise MarkupError(
                    f"no contact '{contact_id}' in {CONTACTS_FILE}{did_you_mean(contact_id, list(contacts))}",
                    f"add it to {CONTACTS_FILE} or correct the name",
                )
            used_contacts.add(contact_id)
            if field_name is None:
                if as_link:
                    # Words linked to a phone would hide the number from everyone reading the paper copy,
                    # and preflight could not check the link against a number printed there.
                    field_name = next((f for f in ("url", "email") if f in contact.fields), None)
                    if field_name is None:
                        raise MarkupError(
                            f"[words]({contact_id}) links words to a web or e-mail address, "
                            f"but contact '{contact_id}' has neither",
                            f"print its number itself: write {{{contact_id}}}",
                        )
                    return _resolve_field(contact, field_name, labels)
                primary = ("phone", "url", "email", "text")
                field_name = next((f for f in primary if f in contact.fields), None)
                if field_name is None:
                    raise MarkupError(f"contact '{contact_id}' has no phone number or address to print here")
            elif field_name not in contact.fields:
                raise MarkupError(
                    f"contact '{contact_id}' has no '{field_name}'{did_you_mean(field_name, list(contact.fields))}",
                    f"it has: {', '.join(contact.fields)}",
                )
            return _resolve_field(contact, field_name, labels)

        spans, errors = parse_inline(raw, resolve)
        for error in errors:
            ctx.error(node, path, str(error), hint=error.hint)
        # Markup around nothing ("** **") draws nothing; text with nothing visible was reported when it was read.
        if not errors and _visible(raw) and not any(_visible(span.text) for span in spans):
            ctx.error(node, path, "the text has nothing visible to print", hint="write the text, or remove it")
        self._typed_contacts(ctx, node, path, spans)
        return spans

    def _typed_contacts(self, ctx: _Context, node: yaml.Node, path: str, spans: Text) -> None:
        """A number or address typed into the text would be printed unchecked and unlinked: it belongs in
        contacts.yaml, where it is checked once and linked everywhere it is used."""
        for span in spans:
            if span.contact:
                continue  # filled in from contacts.yaml (or words linked to a contact)
            for found in look_alikes(span.text, self.region):
                field_name = {"phone number": "phone", "web address": "url", "e-mail address": "email"}[found.what]
                ctx.error(
                    node,
                    path,
                    f"'{found.text}' looks like a {found.what} typed into the text",
                    hint=f"add a contact with {field_name}: {found.text} to {CONTACTS_FILE} and write {{its name}} "
                    "here: it is then checked, linked, and changed in one place",
                )


# Letters that draw as blank space (Hangul fillers, the blank Braille pattern).
_BLANK_LETTERS = "\u115f\u1160\u3164\uffa0\u2800"


def _visible(text: str) -> bool:
    """Whether the text draws anything: not only spaces, soft hyphens, format characters or blank letters."""
    return any(
        not char.isspace() and char not in _BLANK_LETTERS and unicodedata.category(char) not in ("Cc", "Cf", "Zs")
        for char in text
    )


_MARKUP = re.compile(r"[*{}\[\]\\]")


def _is_date(text: str) -> bool:
    """Whether `text` is a real day written YYYY-MM-DD (2026-13-45 is not)."""
    try:
        datetime.date.fromisoformat(text)
    except ValueError:
        return False
    return bool(re.fullmatch(r"\d{4}-\d{2}-\d{2}", text))


def _average_color(data: ImageData) -> Color:
    """The mean colour of a photo: what the eye takes as the colour text is set on."""
    from PIL import Image as PILImage

    from .images import pil_image

    # One pixel is the average of all of them (box filter); converting first drops any alpha.
    r, g, b = pil_image(data).convert("RGB").resize((1, 1), PILImage.Resampling.BOX).getpixel((0, 0))
    return Color(f"#{r:02X}{g:02X}{b:02X}")


def _is_local(ctx: _Context, node: yaml.Node, path: str) -> bool:
    """`local: true`: a block only this edition has, e.g. the hotline's Spanish text line."""
    for key, value in node.value if isinstance(node, yaml.MappingNode) else ():
        if key.value == "local":
            return bool(ctx.boolean(value, f"{path}.local"))
    return False


def _fake_node() -> yaml.Node:
    mark = yaml.Mark("", 0, 0, 0, None, None)
    return yaml.ScalarNode("tag:yaml.org,2002:null", "", mark, mark)


# ---------------------------------------------------------------- contact facts

_URL = re.compile(r"^(https?://)?([A-Za-z0-9-]+\.)+[A-Za-z]{2,}(:\d+)?(/[^\s]*)?$")
_EMAIL = re.compile(r"^[^@\s]+@([A-Za-z0-9-]+\.)+[A-Za-z]{2,}$")


def _check_address(name: str, value: str) -> tuple[str, str] | None:
    """Return (message, hint) when a URL or e-mail address is malformed (numbers: see phones.py)."""
    if name == "url" and not _URL.fullmatch(value):
        return (
            f"'{value}' is not a web address",
            "write it as printed, e.g. www.ct.gov/ova or https://example.org/page",
        )
    if name == "email" and not _EMAIL.fullmatch(value):
        return (f"'{value}' is not an e-mail address", "e.g. info@example.org")
    return None


def _region(ctx: _Context, node: yaml.Node | None, path: str, default: str) -> str:
    """A country code (ISO 3166, as phonenumbers knows them) for reading phone numbers."""
    if node is None:
        return default
    region = (ctx.string(node, path) or default).upper()
    if region not in phonenumbers.SUPPORTED_REGIONS:
        known = sorted(phonenumbers.SUPPORTED_REGIONS)
        ctx.error(
            node,
            path,
            f"unknown country code '{region}'{did_you_mean(region, known) if region != 'UK' else ''}",
            hint="the United Kingdom is GB"
            if region == "UK"
            else "a two-letter ISO 3166 country code such as US, CA, GB, DE, FR, BR",
        )
        return default
    return region


def fictional_numbers(contact: Contact) -> list[Finding]:
    """A warning for each of the contact's numbers that lies in a range kept for fiction.

    Made the same way by the loader and by preflight (which makes `--strict` refuse them), so that a
    run that reports both prints it once.
    """
    return [
        Finding(
            Severity.WARNING,
            f"'{number.text}' is a number kept for fiction: it reaches no one",
            contact.field_sources.get(name, contact.source),
            f"contacts.{contact.id}.{name}",
            "fine in a sample; put the organisation's real number here before printing (--strict refuses it)",
        )
        for name, number in contact.numbers.items()
        if number.fictional
    ]


def _resolve_field(contact: Contact, name: str, labels: dict[str, str]) -> Resolved:
    """The printed text of one contact field and the link a reader's phone or browser follows.

    A number that failed its check (already reported) is printed without a link. Raises MarkupError
    when the phone has an extension and the edition has no word to print before it.
    """
    value = contact.fields[name]
    if name == "address":
        return Resolved(", ".join(value), None)  # type: ignore[arg-type]
    number = contact.numbers.get(name)
    if name in ("phone", "toll_free") and number is not None:
        if number.extension and not labels.get("ext"):
            raise MarkupError(
                f"contact '{contact.id}' has an extension (ext: {number.extension}), but labels.ext is not set",
                "add under labels: ext: <the word printed before an extension in this edition's language, e.g. ext.>",
            )
        return Resolved(number.printed(labels.get("ext", "")), number.link)
    return Resolved(str(value), field_link(contact, name))


def field_link(contact: Contact, name: str) -> str | None:
    """The link target of one contact field: what a tap on it (or a scan of its QR code) opens.

    None for a fax and a postal address (printed, not linked: a phone cannot call a fax usefully),
    and for a number that failed its check (already reported)."""
    value = contact.fields[name]
    number = contact.numbers.get(name)
    if name in ("phone", "toll_free"):
        return number.link if number is not None else None
    if name == "text":
        return number.sms_link if number else None
    if name == "email":
        return "mailto:" + str(value)
    if name == "url":
        text = str(value)
        return text if re.match(r"https?://", text) else "https://" + text
    return None
