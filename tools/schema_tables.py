"""Print the reference of the data format, one Markdown table per mapping, from brochure/schema.py.

    .venv/bin/python tools/schema_tables.py > /tmp/keys.md

Each row is a key, what its value is, its default and its one-line doc, in the order the
loader's messages list the keys ("allowed here: ..."). The README's examples are tested
against the same schema (tests/test_schema.py); this prints the whole of it in one place.
"""

from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from brochure.converters import Length, Spec  # noqa: E402
from brochure.schema import ALL_SPECS  # noqa: E402


def shown_default(value: object, is_length: bool, key: str) -> str:
    """A default as a person would write it in the YAML: type sizes in points, other lengths in inches."""
    if value is None or value == () or value == "":
        return ""
    if isinstance(value, Enum):
        return str(value.value)
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, float) and is_length:
        return f"{value:g}pt" if key.endswith("size") else f"{value / 72:g}in"
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, tuple):
        return "[" + ", ".join(str(item) for item in value) + "]"
    if isinstance(value, dict):
        return ", ".join(value)
    return str(value)


def table(spec: Spec) -> str:
    """One mapping's keys as a Markdown table."""
    lines = [f"### {spec.name}", "", "| key | value | default | what it does |", "|---|---|---|---|"]
    for field in spec.fields:
        required = " (required)" if field.required else ""
        default = shown_default(field.default, isinstance(field.convert, Length), field.key)
        lines.append(f"| `{field.key}` | {field.convert.shows}{required} | {default} | {field.doc} |")
    return "\n".join(lines)


def main() -> int:
    print("\n\n".join(table(spec) for spec in ALL_SPECS))
    return 0


if __name__ == "__main__":
    sys.exit(main())
