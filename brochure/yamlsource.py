"""Load stage, first step: one data file -> a YAML node tree that keeps every value's line.

In:  a path. Out: the root `yaml.Node`, or None with the problem reported to a `Report`
(file missing or not a regular file, too large, not UTF-8, invisible characters, YAML
syntax with an excerpt of the line and a caret, too many values or too deep).

Only the safe loader is used, and the tree is composed, never constructed into Python
objects, so scalars stay the text as typed (`phone: 911`, `title: yes`).
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path
from typing import TYPE_CHECKING, cast

import yaml
from yaml.composer import Composer
from yaml.constructor import SafeConstructor
from yaml.resolver import Resolver

from .diagnostics import Location, Report, display_path
from .files import kind_of
from .limits import MAX_FILE_BYTES, MAX_YAML_DEPTH, MAX_YAML_NODES


def read_yaml(path: Path, report: Report, loader: type | None = None) -> yaml.Node | None:
    """Parse one file into a node tree, reporting unreadable files, YAML syntax errors and exceeded limits.

    The file is looked at before it is read: only a regular file of at most
    MAX_FILE_BYTES is opened, so a FIFO cannot hang the run and a huge or endless
    file (a sparse file, /dev/zero) costs no memory. `loader` is the YAML reader class (default:
    libyaml's when PyYAML has it, see DEFAULT_LOADER).
    """
    data = _read_bytes(path, report)
    text = _decode(path, data, report) if data is not None else None
    if text is None:
        return None
    try:
        root = yaml.compose(text, Loader=loader or DEFAULT_LOADER)
        if root is None:
            report.error(
                "the file has only comments, no settings or text",
                Location(path),
                hint="copy an existing edition as a starting point",
            )
        return root
    except _YamlLimit as error:
        report.error(error.message, Location(path, error.mark.line + 1, error.mark.column + 1), hint=error.hint)
        return None
    except yaml.MarkedYAMLError as error:
        _syntax_error(path, text, error, report)
        return None
    except yaml.YAMLError as error:  # pragma: no cover - PyYAML raises marked errors for text input
        report.error(f"YAML syntax: {error}", Location(path))
        return None


def _read_bytes(path: Path, report: Report) -> bytes | None:
    """The bytes of a regular file of at most MAX_FILE_BYTES; None when it is not one (reported)."""
    shown = display_path(path)
    try:
        info = path.stat()
    except FileNotFoundError:
        report.error(f"file not found: {shown}", Location(path), hint="check the path and the file name")
        return None
    except OSError as error:
        report.error(f"cannot read {shown}: {error.strerror}", Location(path))
        return None
    kind = file_type(info.st_mode)
    if kind:
        report.error(
            f"not a data file: this is {kind}",
            Location(path),
            hint="give the path of a .yaml file, e.g. data/ct-human-trafficking/en.yaml",
        )
        return None
    limit = f"a brochure file is at most {MAX_FILE_BYTES:,} bytes"
    if info.st_size > MAX_FILE_BYTES:
        report.error(f"file is {info.st_size:,} bytes; {limit}", Location(path), hint="is this the right file?")
        return None
    try:
        with path.open("rb") as stream:
            data = stream.read(MAX_FILE_BYTES + 1)  # never more, even if the file grows meanwhile
    except OSError as error:
        report.error(f"cannot read {shown}: {error.strerror}", Location(path))
        return None
    if len(data) > MAX_FILE_BYTES:
        report.error(
            f"file is more than {MAX_FILE_BYTES:,} bytes; {limit}", Location(path), hint="is this the right file?"
        )
        return None
    return data


def _decode(path: Path, data: bytes, report: Report) -> str | None:
    """The file's text: UTF-8, not empty, without control characters; None when not (reported)."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        column = error.start - (data.rfind(b"\n", 0, error.start) + 1) + 1
        report.error(
            f"not UTF-8 text: byte 0x{data[error.start]:02X} cannot be read",
            Location(path, line, column),
            hint="save the file as UTF-8 (in most editors: Save As, Encoding: UTF-8)",
        )
        return None
    if not text.strip():
        report.error("the file is empty", Location(path), hint="copy an existing edition as a starting point")
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
            Location(path, line, column),
            hint="replace it with a space or a new line"
            if char in SEPARATORS
            else "delete it (it often comes from copying out of a word processor or PDF)",
        )
    return None if controls else text


def _syntax_error(path: Path, text: str, error: yaml.MarkedYAMLError, report: Report) -> None:
    """A YAML syntax error: the problem, the line with a caret under the place, and a likely cause."""
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
    report.error(message, Location(path, line, column), hint=hint)


SEPARATORS = "\u2028\u2029"  # LINE SEPARATOR, PARAGRAPH SEPARATOR
# The control characters (Unicode category Cc: U+0000-U+001F, U+007F-U+009F) but tab and line ends, and the
# separators; a regular expression, because a file may have a million characters.
_RAW_CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f" + SEPARATORS + "]")
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

    def __init__(self, message: str, mark: yaml.Mark, hint: str) -> None:
        super().__init__(message)
        self.message = message
        self.mark = mark
        self.hint = hint


if TYPE_CHECKING:  # the mixin is used on loaders: it calls their parser and composer
    _LoaderBase = yaml.SafeLoader
else:
    _LoaderBase = object


class _Limits(_LoaderBase):
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

    def _next_mark(self) -> yaml.Mark:
        """Where the next event starts (PyYAML's own methods are not annotated)."""
        event = self.peek_event()  # type: ignore[no-untyped-call]
        return cast(yaml.Mark, event.start_mark)

    def _compose(self, parent: yaml.Node | None, index: object) -> yaml.Node:
        """The loader's own composition of the next node (never None inside a document)."""
        return cast(yaml.Node, super().compose_node(parent, index))  # type: ignore[arg-type]  # int or node

    def compose_node(self, parent: yaml.Node | None, index: object) -> yaml.Node:
        if self.check_event(yaml.AliasEvent):
            mark = self._next_mark()
            node = self._compose(parent, index)
            size = self._sizes.get(id(node))
            if size is None:  # the anchored node is not finished: the alias is inside what it repeats
                raise _YamlLimit(
                    "this alias repeats the list or mapping it is part of, which would never end",
                    mark,
                    "remove the alias (*name), or write the values out",
                )
            self._count(size, mark, alias=True)
            return node
        start = self._next_mark()
        self._depth += 1
        if self._depth > MAX_YAML_DEPTH:
            raise _YamlLimit(
                f"lists and mappings are nested more than {MAX_YAML_DEPTH} levels deep here",
                start,
                "a brochure needs a few levels: check the brackets [ ] { } and the indentation",
            )
        before = self._values
        try:
            node = self._compose(parent, index)
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


class PythonLoader(_Limits, yaml.SafeLoader):
    """PyYAML's own safe loader, in Python, with the limits: used when PyYAML was built without libyaml."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self._start_counting()


# The YAML readers by name; the first is the one used (tests run the limits with each).
LOADERS: dict[str, type] = {"python": PythonLoader}
if yaml.__with_libyaml__:  # the usual case: PyYAML's wheels include libyaml
    from yaml._yaml import CParser

    class LibyamlLoader(_Limits, Composer, CParser, SafeConstructor, Resolver):
        """libyaml's parser (ten times faster than PyYAML's own) with PyYAML's composer, so the limits apply.

        The composer is PyYAML's, in Python, so that every node passes through
        `_Limits.compose_node`; libyaml only turns the text into events.
        """

        def __init__(self, stream: str) -> None:
            CParser.__init__(self, stream)
            Composer.__init__(self)
            SafeConstructor.__init__(self)
            Resolver.__init__(self)
            self._start_counting()

    LOADERS = {"libyaml": LibyamlLoader, **LOADERS}
DEFAULT_LOADER: type = next(iter(LOADERS.values()))


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
