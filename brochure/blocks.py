"""Load stage: one block of a panel (`- heading: ...`) -> its model object, by a table of builders.

In:  the block's node, its key path and the `BlockContext`. Out: a block (`Heading`, `Table`, ...)
     or None with the problems reported. `schema.TAGGED_BLOCK` finds the kind and checks the keys;
     a kind whose `BlockSpec` names a model class is built from its converted fields with no
     code here; the others have a builder in BUILDERS.
"""

from __future__ import annotations

from collections.abc import Callable

import yaml

from .block_context import BlockContext
from .contact_block import contact_block
from .converters import Tagged, convert, read_keys, value_of
from .media_blocks import image_block, qr_block
from .model import Block, BulletItem, BulletList, Color, Statistic, Table, Text
from .schema import BLOCKS, BULLET, TABLE, TAGGED_BLOCK

MIN_TABLE_COLUMNS, MAX_TABLE_COLUMNS = 2, 4

# builder(context, the block as tagged, its key path, its background colour) -> the block, or None (reported)
Builder = Callable[[BlockContext, Tagged, str, "Color | None"], Block | None]


def read_block(bc: BlockContext, node: yaml.Node, path: str) -> Block | None:
    """A block node -> its model object; None when its kind or its content is wrong (reported)."""
    tagged = TAGGED_BLOCK(bc, node, path)
    if not isinstance(tagged, Tagged):
        return None
    spec = BLOCKS[tagged.kind]
    background = value_of(bc, tagged.values, path, spec.spec, "background")
    assert background is None or isinstance(background, Color)
    if spec.model is not None:
        fields = convert(bc, tagged.values, path, spec.spec, main=spec.kind, skip=("background", "local"))
        attrs = {f.attr or f.key: fields[f.key] for f in (spec.main,) + spec.options}
        return spec.model(**attrs, source=bc.reader.loc(tagged.node), background=background)
    return BUILDERS[tagged.kind](bc, tagged, path, background)


def is_local(bc: BlockContext, node: yaml.Node, path: str) -> bool:
    """`local: true`: a block only this edition has, e.g. the hotline's Spanish text line."""
    for key, value in node.value if isinstance(node, yaml.MappingNode) else ():
        if key.value == "local":
            return bool(bc.reader.boolean(value, f"{path}.local"))
    return False


def _statistic(bc: BlockContext, block: Tagged, path: str, background: Color | None) -> Statistic:
    values = block.values
    if "text" not in values:
        bc.reader.error(block.node, path, "a statistic needs 'text': the rest of the sentence after the figure")
    figure = bc.markup(values["statistic"], path)
    text = bc.markup(values["text"], f"{path}.text") if "text" in values else ()
    return Statistic(figure, text, bc.reader.loc(block.node), background)


def _bullets(bc: BlockContext, block: Tagged, path: str, background: Color | None) -> BulletList:
    main = block.values["bullets"]
    items = _bullet_items(bc, main, path, depth=0)
    if not items and isinstance(main, yaml.SequenceNode):
        bc.reader.error(main, path, "a bullet list needs at least one item")
    return BulletList(tuple(items), bc.reader.loc(block.node), background)


def _bullet_items(bc: BlockContext, node: yaml.Node | None, path: str, depth: int) -> list[BulletItem]:
    """A list of bullets: each text, or {text:, items:} with sub-bullets (two levels at most)."""
    items = []
    for i, item_node in enumerate(bc.reader.sequence(node, path)):
        item_path = f"{path}[{i}]"
        if not isinstance(item_node, yaml.MappingNode):
            items.append(BulletItem(bc.markup(item_node, item_path), bc.reader.loc(item_node)))
            continue
        values = read_keys(bc.reader, item_node, item_path, BULLET)
        children: list[BulletItem] = []
        if depth >= 1 and "items" in values:
            bc.reader.error(values["items"], f"{item_path}.items", "bullets nest two levels deep at most")
        else:
            children = _bullet_items(bc, values.get("items"), f"{item_path}.items", depth + 1)
        text = value_of(bc, values, item_path, BULLET, "text")
        assert isinstance(text, tuple)
        items.append(BulletItem(text, bc.reader.loc(item_node), tuple(children)))
    return items


def _table(bc: BlockContext, block: Tagged, path: str, background: Color | None) -> Table | None:
    """`table: {header: [...], rows: [[...], ...]}`: rows of 2 to 4 cells, all as wide as the first."""
    parts = read_keys(bc.reader, block.values["table"], path, TABLE)
    if not parts:
        return None
    header = _row(bc, parts["header"], f"{path}.header") if "header" in parts else ()
    sources = [bc.reader.loc(parts["header"])] if header else []
    rows = []
    row_nodes = bc.reader.sequence(parts.get("rows"), f"{path}.rows")
    if "rows" in parts and not row_nodes and isinstance(parts["rows"], yaml.SequenceNode):
        bc.reader.error(parts["rows"], f"{path}.rows", "a table needs at least one row")
    width = len(header) if header else None
    for i, row_node in enumerate(row_nodes):
        cells = _row(bc, row_node, f"{path}.rows[{i}]")
        if cells is None:
            continue
        if width is None:
            width = len(cells)
        elif len(cells) != width:
            bc.reader.error(
                row_node,
                f"{path}.rows[{i}]",
                f"this table row has {len(cells)} cells, the {'header' if header else 'first row'} has {width}",
                hint="give every row the same number of cells, in the same order (write - for an empty one)",
            )
            continue
        rows.append(cells)
        sources.append(bc.reader.loc(row_node))
    if header is None:
        return None
    return Table(header, tuple(rows), bc.reader.loc(block.node), background, tuple(sources))


def _row(bc: BlockContext, node: yaml.Node, path: str) -> tuple[Text, ...] | None:
    """One row of a table: 2 to 4 cells, none empty; None when it is not (reported)."""
    cells = bc.reader.sequence(node, path)
    if not isinstance(node, yaml.SequenceNode):
        return None
    if not MIN_TABLE_COLUMNS <= len(cells) <= MAX_TABLE_COLUMNS:
        bc.reader.error(
            node,
            path,
            f"a table row has {MIN_TABLE_COLUMNS} to {MAX_TABLE_COLUMNS} cells, this one has {len(cells)}",
            hint="write each row as [first cell, second cell], e.g. [Monday, 9am-5pm]",
        )
        return None
    for i, cell in enumerate(cells):
        if isinstance(cell, yaml.ScalarNode) and not cell.value.strip():
            bc.reader.error(
                cell,
                f"{path}[{i}]",
                "an empty table cell",
                hint="write - (or a word such as 'closed') so the row reads across",
            )
            return None
    return tuple(bc.markup(cell, f"{path}[{i}]") for i, cell in enumerate(cells))


# The builders of the kinds that need code (cross-field rules, files, contacts); the others are
# built from their BlockSpec alone.
BUILDERS: dict[str, Builder] = {
    "bullets": _bullets,
    "statistic": _statistic,
    "contact": contact_block,
    "image": image_block,
    "qr": qr_block,
    "table": _table,
}
