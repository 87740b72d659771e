"""Load stage: an edition's `panels:` -> the six `Panel`s, their blocks, footers and backgrounds.

In:  the `panels:` node and the `BlockContext`. Out: the panels in reading order (each with its
blocks, the indexes of its edition-only blocks, its background colour or photo and alignment);
missing panels, empty panels and contradictory keys are reported.
"""

from __future__ import annotations

import re

import yaml

from .block_context import BlockContext
from .blocks import is_local, read_block
from .converters import convert, read_keys
from .fields import describe
from .model import BackgroundImage, Block, Color, ImageData, Panel, PanelRole, VerticalAlign
from .schema import PANEL, PANELS
from .source_files import average_color, image_file


def read_panels(bc: BlockContext, node: yaml.Node | None) -> tuple[Panel, ...]:
    """The six panels of `panels:`; each missing one is reported (once, together)."""
    ctx = bc.reader
    roles = [role.value for role in PanelRole]
    values = read_keys(ctx, node, "panels", PANELS)
    missing = [role for role in roles if role not in values]
    if isinstance(node, yaml.MappingNode) and missing:
        ctx.error(
            node,
            "panels",
            f"panel{'s' * (len(missing) > 1)} missing: {', '.join(missing)}",
            hint="a tri-fold has six panels: " + ", ".join(roles),
        )
    return tuple(_panel(bc, role, values[role.value]) for role in PanelRole if role.value in values)


def _panel(bc: BlockContext, role: PanelRole, node: yaml.Node) -> Panel:
    ctx = bc.reader
    path = f"panels.{role.value}"
    values = read_keys(ctx, node, path, PANEL, what=f"panel '{role.value}'")
    plain = convert(bc, values, path, PANEL, skip=("valign", "align"))
    blank = plain["blank"] is True
    if "blocks" not in values and not blank and isinstance(node, yaml.MappingNode):
        ctx.error(
            node,
            path,
            f"missing key 'blocks' in panel '{role.value}'",
            hint="give it blocks:, or write blank: true for a panel left empty on purpose",
        )
    block_nodes = ctx.sequence(values.get("blocks"), f"{path}.blocks")
    if blank and (block_nodes or "footer" in values):
        ctx.error(
            values["blank"],
            f"{path}.blank",
            f"panel '{role.value}' is blank: true but has blocks",
            hint="remove blank: true, or remove the blocks",
        )
    elif "blocks" in values and not block_nodes and not blank:
        ctx.error(
            values["blocks"],
            f"{path}.blocks",
            f"panel '{role.value}' is empty",
            hint="give it at least one block, or write blank: true if it is meant to be empty",
        )
    local: set[int] = set()
    blocks = _blocks(bc, block_nodes, f"{path}.blocks", local, first=0)
    footer_nodes = ctx.sequence(values.get("footer"), f"{path}.footer")
    footer = _blocks(bc, footer_nodes, f"{path}.footer", local, first=len(blocks))  # indexes run on (all_blocks)
    shrink = plain["shrink"]
    assert shrink is None or isinstance(shrink, float)
    background, background_image = _background(bc, values, path)
    return Panel(
        role=role,
        blocks=tuple(blocks),
        source=ctx.loc(node),
        background=background,
        background_image=background_image,
        align=_valign(bc, values, path),
        shrink_to=shrink,
        local_blocks=frozenset(local),
        footer=tuple(footer),
        blank=blank,
    )


def _blocks(bc: BlockContext, nodes: list[yaml.Node], path: str, local: set[int], first: int) -> list[Block]:
    """The blocks of a list; the index (counted from `first`) of each edition-only one goes into `local`."""
    blocks: list[Block] = []
    for i, block_node in enumerate(nodes):
        block = read_block(bc, block_node, f"{path}[{i}]")
        if block is not None:
            if is_local(bc, block_node, f"{path}[{i}]"):
                local.add(first + len(blocks))
            blocks.append(block)
    return blocks


def _valign(bc: BlockContext, values: dict[str, yaml.Node], path: str) -> VerticalAlign:
    """`valign:`, or `align:`, its older name (the first editions say `align: center`), never both."""
    if "valign" in values and "align" in values:
        bc.reader.error(
            values["align"],
            f"{path}.align",
            "give valign: or align: (its older name), not both",
            hint="delete align:",
        )
    key = "valign" if "valign" in values else "align"
    return bc.reader.choice(values.get(key), f"{path}.{key}", VerticalAlign) or VerticalAlign.TOP


def _background(
    bc: BlockContext, values: dict[str, yaml.Node], path: str
) -> tuple[Color | None, BackgroundImage | None]:
    """`background:` is a colour, or a photo file (`photo.jpg`) that fills the panel; `overlay:` tints it."""
    ctx = bc.reader
    node = values.get("background")
    overlay_node = values.get("overlay")
    if isinstance(node, yaml.ScalarNode) and re.search(r"\.(jpe?g|png)$", node.value, re.IGNORECASE):
        found = image_file(ctx, node, f"{path}.background", node.value, bc.folder, allow_svg=False)
        overlay, opacity = _overlay(bc, overlay_node, f"{path}.overlay")
        if found is None:
            return None, None
        image_path, data = found
        if not isinstance(data, ImageData):  # allow_svg=False: never an SVG
            return None, None
        return None, BackgroundImage(image_path, data, average_color(data), ctx.loc(node), overlay, opacity)
    if overlay_node is not None:
        ctx.error(
            overlay_node,
            f"{path}.overlay",
            "overlay: tints a background photo, but this panel has none",
            hint="give the panel background: photo.jpg, or remove overlay:",
        )
    return ctx.color(node, f"{path}.background", bc.colors), None


def _overlay(bc: BlockContext, node: yaml.Node | None, path: str) -> tuple[Color | None, float]:
    """`overlay: brand 60%`: a colour of the brochure and how much of it covers the photo (default 50%)."""
    if node is None:
        return None, 0.0
    words = node.value.split() if isinstance(node, yaml.ScalarNode) else []
    opacity = 0.5
    if len(words) == 2 and re.fullmatch(r"\d{1,3}%", words[1]) and 0 < int(words[1][:-1]) <= 100:
        opacity = int(words[1][:-1]) / 100
    elif len(words) != 1:
        bc.reader.error(
            node,
            path,
            f"expected a colour and a percentage such as 'brand 60%', got {describe(node)}",
            hint="the percentage (1% to 100%) is how much of the colour covers the photo",
        )
        return None, 0.0
    color_node = yaml.ScalarNode("tag:yaml.org,2002:str", words[0], node.start_mark, node.end_mark)
    return bc.reader.color(color_node, path, bc.colors), opacity
