"""The declarative schema (brochure/schema.py) and the README's reference of the data format agree.

Every key of a mapping in the schema is documented in the README's example or table for that
mapping, and every key the README documents exists in the schema; where the README states a
default, it is the schema's. Also: the typed boundaries of the load stage (a Location keeps its
path and prints it relative; a span knows its kind).
"""

from __future__ import annotations

import os
import re
from enum import Enum
from pathlib import Path

import pytest

from brochure.converters import Spec
from brochure.diagnostics import Location
from brochure.model import ContactBlock, SpanKind
from brochure.schema import (
    BLOCKS,
    COMMON_OPTIONS,
    CONTACT,
    CONTACTS_FILE,
    DEFAULT_COLORS,
    DESIGN,
    EDITION,
    LABELS,
    MARGINS,
    PANEL,
    PANELS,
    REVIEW,
    TABLE,
    TYPE,
)
from brochure.units import parse_length

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
URI_SCHEMES = {"sms", "tel", "mailto", "http", "https"}  # written `sms:` in the README, never a key


def section(title: str) -> str:
    """The text of a README section, from its heading to the next one (## to ####: a `# ` line is a comment)."""
    start = README.index(f"\n{title}\n")
    following = re.search(r"\n#{2,4} ", README[start + len(title) + 2 :])
    return README[start : start + len(title) + 2 + (following.start() if following else len(README))]


def yaml_block(text: str, after: str = "") -> str:
    """The first ```yaml block of `text` (after `after`)."""
    text = text[text.index(after) :] if after else text
    return text.split("```yaml\n", 1)[1].split("```", 1)[0]


def documented_keys(block: str) -> dict[str, dict[str, str]]:
    """Keys of a README YAML example by their parent's path ("" for the top), with the value as written.

    A commented-out `# key: value` line documents its key as well (with no value: it is not the
    default), and so does a comment of the form `# a, b, c: ...` (keys the example leaves out)."""
    keys: dict[str, dict[str, str]] = {}
    parents: list[tuple[int, str]] = []
    for line in block.splitlines():
        match = re.match(r"^(\s*)(-\s+)?(# ?)?([a-z_]+(?:, [a-z_]+)*):(?:\s+(.*))?$", line)
        if not match or (match.group(3) and not match.group(5) and "," not in match.group(4)):
            continue
        indent = len(match.group(1)) + len(match.group(2) or "")
        value = re.sub(r"(^|\s+)#.*$", "", match.group(5) or "").strip()  # without its comment
        if match.group(3):
            value = ""  # a commented-out example documents the key, not its default
        while parents and parents[-1][0] >= indent:
            parents.pop()
        parent = ".".join(name for _, name in parents)
        names = match.group(4).split(", ")
        for name in names:
            keys.setdefault(parent, {})[name] = value
        if not match.group(3) and len(names) == 1 and not value:
            parents.append((indent, names[0]))
    return keys


def spec_keys(spec: Spec) -> set[str]:
    return set(spec.keys)


def same_value(spec: Spec, key: str, written: str) -> bool:
    """Whether the README's `written` value is the field's default."""
    default = spec.field(key).default
    if isinstance(default, Enum):
        return written == default.value
    if isinstance(default, bool):
        return written == str(default).lower()
    if isinstance(default, float):
        return abs(parse_length(written.rstrip("%")) - default) < 1e-9
    if isinstance(default, tuple):
        return written == "[" + ", ".join(default) + "]"
    return written == str(default)


BROCHURE = documented_keys(yaml_block(section("### brochure.yaml")))
CONTACTS = documented_keys(yaml_block(section("### contacts.yaml")))
AN_EDITION = documented_keys(yaml_block(section("### An edition (en.yaml)")))
A_PANEL = documented_keys(yaml_block(section("### The panel map"), after="A panel:"))
A_TABLE = documented_keys(yaml_block(section("### Blocks"), after="A table:"))


def test_the_brochure_yaml_example_has_every_key_of_the_schema_and_no_other():
    # `fold:` is the one-fold spelling of `folds:`, named in the comment beside it.
    assert set(BROCHURE[""]) | {"fold"} == spec_keys(DESIGN)
    assert "`fold: z` is the same as `folds: [z]`" in section("### brochure.yaml")
    assert set(BROCHURE["type"]) == spec_keys(TYPE)
    assert set(BROCHURE["margins"]) == spec_keys(MARGINS)
    assert set(BROCHURE["colors"]) == set(DEFAULT_COLORS)


def test_the_brochure_yaml_example_shows_the_defaults_except_where_it_says():
    text = section("### brochure.yaml")
    sentence = text[text.index("Every key is optional") :].split(". ", 1)[0]
    excepted = set(re.findall(r"`([a-z_]+)`", sentence))
    stated = dict(re.findall(r"`([a-z_]+): ([^`]+)`", sentence))  # "(defaults: `body_size: 10pt`, ...)"
    assert {"papers", "author", "min_leading"} <= excepted | set(stated)
    for spec, values in ((DESIGN, BROCHURE[""]), (TYPE, BROCHURE["type"]), (MARGINS, BROCHURE["margins"])):
        for key, written in values.items():
            if key in stated:
                assert same_value(spec, key, stated[key]), (key, stated[key], spec.field(key).default)
            elif key not in excepted and written and key not in ("colors", "type", "margins"):
                assert same_value(spec, key, written), (key, written, spec.field(key).default)
    for name, written in BROCHURE["colors"].items():
        assert written.strip('"') == DEFAULT_COLORS[name]


def test_the_contacts_yaml_example_has_every_key_of_the_schema_and_no_other():
    assert set(CONTACTS[""]) == spec_keys(CONTACTS_FILE)
    contact_keys = set().union(*(CONTACTS[parent] for parent in CONTACTS if parent.startswith("contacts.")))
    assert contact_keys == spec_keys(CONTACT)
    assert CONTACTS[""]["region"] == CONTACTS_FILE.field("region").default


def test_the_edition_example_has_every_key_of_the_schema_and_no_other():
    assert set(AN_EDITION[""]) == spec_keys(EDITION)
    assert set(AN_EDITION["review"]) == spec_keys(REVIEW)
    assert set(AN_EDITION["labels"]) == spec_keys(LABELS)
    assert set(AN_EDITION["panels"]) == spec_keys(PANELS)


def test_the_panel_example_and_table_have_every_panel_key_and_no_other():
    text = section("### The panel map")
    table = text[text.index("| panel key |") :]
    rows = {re.match(r"\| `([a-z_]+):?[^`]*` \|", line).group(1): line for line in table.splitlines()[2:] if line}
    mentioned = set(re.findall(r"`([a-z_]+):", table))
    (panel,) = (keys for parent, keys in A_PANEL.items() if parent.count(".") == 0 and parent)
    assert set(panel) | set(rows) <= spec_keys(PANEL)
    assert spec_keys(PANEL) <= set(panel) | set(rows) | mentioned
    assert "`top` (default)" in rows["valign"] and PANEL.field("valign").default.value == "top"


def block_rows() -> dict[str, str]:
    text = section("### Blocks")
    table = text[text.index("| block |") :].split("\n\n", 1)[0]
    return {line.split("|")[1].strip(): line for line in table.splitlines()[2:]}


def test_the_blocks_table_has_every_block_kind_and_no_other():
    assert list(block_rows()) == list(BLOCKS)


@pytest.mark.parametrize("kind", list(BLOCKS))
def test_the_blocks_table_names_every_option_of_a_block_and_no_other(kind):
    row = block_rows()[kind]
    options = {f.key for f in BLOCKS[kind].options}
    named = set(re.findall(r"`\{?([a-z_]+):", row)) - URI_SCHEMES - {kind}
    if kind == "bullets":  # an item's own keys
        named -= {"text", "items"}
    assert options <= named, f"{kind}: {options - named} not in the README's row"
    assert named <= options | {f.key for f in COMMON_OPTIONS}, f"{kind}: {named - options} not in the schema"
    for key, written in re.findall(r"`([a-z_]+): ([^`]+)` \(default\)", row):
        assert written == BLOCKS[kind].spec.field(key).default.value
    for key, written in re.findall(r"`([a-z_]+): [^`]+` \(default ([0-9.]+in)", row):
        assert parse_length(written) == BLOCKS[kind].spec.field(key).default


def test_the_options_every_block_takes_are_named_under_the_table():
    text = section("### Blocks")
    assert "Every block also takes `background:` (a colour)" in text and "`local: true`" in text
    assert [f.key for f in COMMON_OPTIONS] == ["background", "local"]


def test_the_table_example_has_the_keys_of_a_table():
    (keys,) = (values for parent, values in A_TABLE.items() if parent.endswith("table"))
    assert set(keys) == spec_keys(TABLE)


def test_every_block_lists_its_own_key_first_and_the_common_options_last():
    """The order of "allowed here: ..." in messages: the kind, its options, then background and local."""
    for kind, block in BLOCKS.items():
        keys = block.spec.keys
        assert keys[0] == kind and keys[-2:] == ("background", "local")


# ---------------------------------------------------------------- typed boundaries


def test_a_location_keeps_its_path_and_prints_it_relative(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    location = Location(tmp_path / "data" / "en.yaml", 3, 7)
    assert location.path == tmp_path / "data" / "en.yaml"
    assert str(location) == os.path.join("data", "en.yaml") + ":3:7" and location.file == "data/en.yaml"
    assert Location("data/en.yaml", 3) == Location(tmp_path / "data" / "en.yaml", 3)  # a relative path is fixed
    monkeypatch.chdir(tmp_path / "..")
    assert str(location) == os.path.join(tmp_path.name, "data", "en.yaml") + ":3:7"
    assert str(Location("")) == "" and Location("").file == ""


def test_a_loaded_location_holds_the_absolute_path():
    from helpers import EN

    from brochure.load import load_edition

    edition, _ = load_edition(EN)
    assert edition.panels[0].source.path == EN
    assert edition.design.source.path == EN.parent / "brochure.yaml"


def test_spans_know_their_kind_from_the_contact_field_they_were_filled_in_from():
    from helpers import EN

    from brochure.load import load_edition

    edition, _ = load_edition(EN)
    kinds = {}
    for panel in edition.panels:
        for block in panel.all_blocks:
            if isinstance(block, ContactBlock):
                for line in block.lines:
                    for span in line:
                        if span.link:
                            kinds[span.link.split(":", 1)[0]] = span.kind
    assert kinds["tel"] == SpanKind.PHONE and kinds["https"] == SpanKind.URL
    assert all(kind.dials == (scheme in ("tel", "sms")) for scheme, kind in kinds.items())
    assert not SpanKind.PLAIN.dials and not SpanKind.EMAIL.dials and SpanKind.SMS.dials


def test_the_reference_tables_list_every_key_of_every_mapping():
    import subprocess
    import sys

    from brochure.schema import ALL_SPECS

    printed = subprocess.run(
        [sys.executable, str(ROOT / "tools" / "schema_tables.py")], capture_output=True, text=True, check=True
    ).stdout
    for spec in ALL_SPECS:
        table = printed.split(f"### {spec.name}\n", 1)[1].split("\n### ", 1)[0]
        assert [line.split("`")[1] for line in table.splitlines() if line.startswith("| `")] == list(spec.keys)
    assert "| `bleed` | a length | 0.125in |" in printed and "| `body_size` | a length | 10pt |" in printed


# ---------------------------------------------------------------- adding a block kind


def test_a_block_kind_of_plain_fields_needs_only_its_schema_entry(brochure_copy, monkeypatch):
    """A kind whose BlockSpec names a model class is read, checked and built with no loader code:
    its keys are checked, its fields converted, its source and background set."""
    from dataclasses import dataclass

    from brochure import blocks
    from brochure.converters import Field, Length, TaggedBlock
    from brochure.diagnostics import BrochureError
    from brochure.load import load_edition
    from brochure.model import Color, PanelRole
    from brochure.schema import BlockSpec

    @dataclass(frozen=True)
    class Rule:
        weight: float
        source: Location
        background: Color | None = None

    rule = BlockSpec(Field("rule", Length(0, 9), 1.0, "the line's weight", attr="weight"), model=Rule)
    kinds = {**blocks.BLOCKS, "rule": rule}
    monkeypatch.setattr(blocks, "BLOCKS", kinds)
    monkeypatch.setattr(blocks, "TAGGED_BLOCK", TaggedBlock({kind: spec.spec for kind, spec in kinds.items()}))
    en = brochure_copy / "en.yaml"
    text = en.read_text(encoding="utf-8")
    en.write_text(
        text.replace("  inside_left:\n    blocks:\n", "  inside_left:\n    blocks:\n      - rule: 2pt\n"), "utf-8"
    )
    edition, _ = load_edition(en)
    first = edition.panel(PanelRole.INSIDE_LEFT).blocks[0]
    assert isinstance(first, Rule) and first.weight == 2.0 and first.source.line > 0
    en.write_text(
        text.replace(
            "  inside_left:\n    blocks:\n", "  inside_left:\n    blocks:\n      - rule: 2pt\n        wieght: 1\n"
        ),
        "utf-8",
    )
    with pytest.raises(BrochureError) as caught:
        load_edition(en)
    message = "unknown key 'wieght' in a rule block [panels.inside_left.blocks[0]]"
    assert f"{message}\n    hint: allowed here: rule, background, local" in str(caught.value)
