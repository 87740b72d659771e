"""Load stage: the generic parts of the schema: fields, specs, converters and the one driver.

A `Spec` lists a mapping's keys, each a `Field` (key, converter, default, one-line doc).
`read_keys` checks any mapping against its spec (unknown keys with a did-you-mean, duplicate
and missing keys); `convert` runs each field's converter. A converter turns one YAML node
into a value and reports its own problems, through the `Scope` it is given (the file's
`Reader`, the brochure's colours, inline markup). The specs themselves are in schema.py.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import Enum
from typing import Protocol

import yaml

from .diagnostics import did_you_mean
from .fields import Reader, describe
from .model import Color, Text

# ---------------------------------------------------------------- converters


class Scope(Protocol):
    """What converters read values with: the file's reader, the brochure's colours, inline markup."""

    @property
    def reader(self) -> Reader: ...

    @property
    def colors(self) -> Mapping[str, Color]: ...

    def markup(self, node: yaml.Node, path: str) -> Text: ...


# eq=False on the classes of this module that are never compared or hashed (identity is all they need):
# dataclass then builds no __eq__ and __hash__ for them, a measurable part of the start-up of every render.
@dataclass(frozen=True, eq=False)
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


@dataclass(frozen=True, eq=False)
class Str:
    """Text as written (NFC), never empty unless `allow_empty`."""

    allow_empty: bool = False
    shows: str = "text"

    def __call__(self, scope: Scope, node: yaml.Node, path: str) -> str | None:
        return scope.reader.string(node, path, allow_empty=self.allow_empty)


@dataclass(frozen=True, eq=False)
class Markup:
    """Text with inline markup and contact references (`**bold**`, `{hotline}`), as spans."""

    shows: str = "text with markup"

    def __call__(self, scope: Scope, node: yaml.Node, path: str) -> Text:
        return scope.markup(node, path)


@dataclass(frozen=True, eq=False)
class Length:
    """A length with a unit (`0.25in`, `6mm`, `9pt`) in points, within [low, high]."""

    low: float
    high: float
    shows: str = "a length"

    def __call__(self, scope: Scope, node: yaml.Node, path: str) -> float | None:
        return scope.reader.length(node, path, low=self.low, high=self.high)


@dataclass(frozen=True, eq=False)
class Number:
    """A plain number within [low, high]."""

    low: float
    high: float
    shows: str = "a number"

    def __call__(self, scope: Scope, node: yaml.Node, path: str) -> float | None:
        return scope.reader.number(node, path, low=self.low, high=self.high)


@dataclass(frozen=True, eq=False)
class Flag:
    """true or false (yes/no, on/off)."""

    shows: str = "true or false"

    def __call__(self, scope: Scope, node: yaml.Node, path: str) -> bool | None:
        return scope.reader.boolean(node, path)


@dataclass(frozen=True, eq=False)
class Choice:
    """One of an enum's values."""

    enum: type[Enum]

    @property
    def shows(self) -> str:
        return "one of " + ", ".join(str(member.value) for member in self.enum)

    def __call__(self, scope: Scope, node: yaml.Node, path: str) -> Enum | None:
        return scope.reader.choice(node, path, self.enum)


@dataclass(frozen=True, eq=False)
class ColourRef:
    """A colour of the brochure by name (`brand`), or a hex value ("#14365D")."""

    shows: str = "a colour name or hex"

    def __call__(self, scope: Scope, node: yaml.Node, path: str) -> Color | None:
        return scope.reader.color(node, path, scope.colors)


@dataclass(frozen=True, eq=False)
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


@dataclass(frozen=True, eq=False)
class MappingOf:
    """A nested mapping of its own spec; the value is its fields by key (absent keys: their defaults)."""

    spec: Spec

    @property
    def shows(self) -> str:
        return f"a mapping ({self.spec.name})"

    def __call__(self, scope: Scope, node: yaml.Node, path: str) -> dict[str, object]:
        return convert(scope, read_keys(scope.reader, node, path, self.spec), path, self.spec)


@dataclass(frozen=True, eq=False)
class Tagged:
    """A block as read by `TaggedBlock`: its kind, its node and its values by key (checked, not converted)."""

    kind: str
    node: yaml.MappingNode
    values: dict[str, yaml.Node]


@dataclass(frozen=True, eq=False)
class TaggedBlock:
    """A mapping whose one key out of `kinds` says what it is (`- heading: ...`); its other keys are that
    kind's options. None when there is no kind, or several (reported)."""

    kinds: Mapping[str, Spec]
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
        return Tagged(kinds[0], node, read_keys(ctx, node, path, self.kinds[kinds[0]]))


@dataclass(frozen=True, eq=False)
class Nested:
    """A nested mapping of its own spec, read by the code that owns it (its keys depend on each other)."""

    spec: Spec

    @property
    def shows(self) -> str:
        return f"a mapping ({self.spec.name})"

    def __call__(self, scope: Scope, node: yaml.Node, path: str) -> yaml.Node:
        return node


@dataclass(frozen=True, eq=False)
class Custom:
    """A key read by the code that owns it (several keys together, files, lists with rules of their own)."""

    shows: str

    def __call__(self, scope: Scope, node: yaml.Node, path: str) -> yaml.Node:
        return node


# ---------------------------------------------------------------- fields, specs and the driver


@dataclass(frozen=True, eq=False)
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


@dataclass(frozen=True, eq=False)
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
