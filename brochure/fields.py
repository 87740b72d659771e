"""Load stage: the converters of single YAML nodes into values, each reporting its own problems.

In:  a node of a file's tree and its key path (`panels.front_cover.blocks[2]`).
Out: the value (text, a length in points, a number, a flag, a choice of an enum, a colour), or
     None with an error at the node's file:line:column, the key path and a hint.

`Reader` is one file's converter; `schema.py` says which key takes which converter.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path
from typing import TypeVar

import yaml

from .diagnostics import Location, Report, did_you_mean
from .model import Color
from .units import LengthError, parse_length

# Every character but printable ASCII and the line feed: only these need a closer look (fast for long text).
_NOT_PLAIN_ASCII = re.compile("[^\x20-\x7e\n]")

T = TypeVar("T", bound=Enum)


@dataclass
class Reader:
    """Converts nodes of one file into values, reporting problems with their location and key path."""

    file: Path
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
            self.error(
                node, path, f"expected a mapping (key: value lines){what and ' for ' + what}, got {describe(node)}"
            )
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
            self.error(node, path, f"expected a list (lines starting with '- '), got {describe(node)}")
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
                f"expected text, got {describe(node)}",
                hint="quote the value if it contains ': ' or starts with - [ {",
            )
            return None
        if node.tag == "tag:yaml.org,2002:null" or (not node.value.strip() and not allow_empty):
            if allow_empty:
                return ""
            self.error(node, path, "empty value", hint="write the text after the colon, or remove the key")
            return None
        text = unicodedata.normalize("NFC", node.value)
        if not self._check_characters(node, path, text) and text and not visible(text):
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
        invisible = next(((char, problem) for char in unusual if (problem := invisible_char(char))), None)
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
            self.error(node, path, f"expected a length such as 0.25in, got {describe(node)}")
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
            self.error(node, path, f"expected a number, got {describe(node)}")
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
        self.error(node, path, f"expected true or false, got {describe(node)}")
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
                f"expected one of ({', '.join(choices)}), got {describe(node)}{did_you_mean(str(value), choices)}",
            )
            return None
        return enum(value)

    def color(self, node: yaml.Node | None, path: str, palette: Mapping[str, Color]) -> Color | None:
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
            f"unknown colour {describe(node)}{did_you_mean(value, list(palette))}",
            hint=f'use a colour of the brochure ({", ".join(palette)}) or a hex value such as "#14365D"',
        )
        return None


def flow(node: yaml.Node) -> str:
    """A list node as the person wrote it, e.g. [100, 75, 20]."""
    if isinstance(node, yaml.SequenceNode):
        return "[" + ", ".join(flow(item) for item in node.value) + "]"
    return describe(node).strip("'")


# Bidirectional controls: brochure sets left-to-right text only, where they do nothing or harm.
_BIDI_CONTROLS = "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
# Joiners are needed in scripts that brochure cannot set yet (Persian, Indic scripts); in the scripts it
# sets they only change what a reader copies, or break the search for a word.
_JOINERS = "\u200c\u200d"
_SCRIPT_NAMES = {"NKO": "N'Ko"}  # where the first word of the letters' Unicode names is not the script's name


def invisible_char(char: str) -> tuple[str, str] | None:
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


def describe(node: yaml.Node) -> str:
    """A node as messages quote it: 'the value', "a mapping", "a list", "nothing"."""
    if isinstance(node, yaml.MappingNode):
        return "a mapping"
    if isinstance(node, yaml.SequenceNode):
        return "a list"
    return f"'{node.value}'" if node.value else "nothing"


# Letters that draw as blank space (Hangul fillers, the blank Braille pattern).
_BLANK_LETTERS = "\u115f\u1160\u3164\uffa0\u2800"


def visible(text: str) -> bool:
    """Whether the text draws anything: not only spaces, soft hyphens, format characters or blank letters."""
    return any(
        not char.isspace() and char not in _BLANK_LETTERS and unicodedata.category(char) not in ("Cc", "Cf", "Zs")
        for char in text
    )
