"""Block setters for the layout stage: one function per block kind, found through a table.

In:  a block of the model, the `Typesetter` of the fit candidate being tried, and the
     column it is set in (its width and the colours of its ground).
Out: a `Frame` of typed items relative to the block's top-left corner, and its height.

`SETTERS` maps each block type to its `BlockSetter`: the function that sets its
content, the space around it (from the design's `StyleSheet`), and two facts about
how it sits in a panel. `set_block` adds what every block shares: the padding and
the fill of a block with a background of its own, and light text on a dark one.

Adding a block kind: its schema entry in the loader, one function here registered
with `@setter(TheBlock)`, and a test.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import Any, TypeVar

from .diagnostics import Report
from .fonts import face
from .frames import HEADING_ROLES, Box, Frame, FrameCode, FrameFill, FrameImage, FrameLink, Tag
from .linebreak import Piece, Style, is_wide, wrap
from .model import (
    Block,
    BulletItem,
    BulletList,
    ContactBlock,
    ContactStyle,
    Divider,
    Heading,
    HeadingLevel,
    HorizontalAlign,
    Image,
    PanelRole,
    Paragraph,
    QrCode,
    Spacer,
    Statistic,
    Table,
    Text,
    block_kind,
)
from .stylesheet import Spacing, StyleSheet
from .typeset import Palette, Typesetter, aligned, is_dark


@dataclass(frozen=True)
class Column:
    """Where a block's content is set in its frame: from (x, y) down, `width` wide, in `palette`'s colours.
    `where` names the place in messages ("panel 'inside_left'")."""

    x: float
    y: float
    width: float
    palette: Palette
    where: str


B = TypeVar("B")
SetBlock = Callable[[Typesetter, B, Frame, Column, Report], float]  # -> the y below what it set


@dataclass(frozen=True)
class BlockSetter:
    """How one kind of block is set: `set` draws its content into the frame and returns the y below it."""

    set: SetBlock[Any]
    spacing: Callable[[StyleSheet, Any], Spacing]
    padded: bool = True  # a background of its own gets padding around the content (a spacer is only space)
    keeps_with_next: bool = False  # `align: spread` adds no space after it: a heading stays with its text


SETTERS: dict[type, BlockSetter] = {}


def _block_spacing(sheet: StyleSheet, block: object) -> Spacing:
    return sheet.block_spacing


def setter(
    kind: type[B],
    *,
    spacing: Callable[[StyleSheet, B], Spacing] = _block_spacing,
    padded: bool = True,
    keeps_with_next: bool = False,
) -> Callable[[SetBlock[B]], SetBlock[B]]:
    """Register the decorated function as the setter of blocks of type `kind`."""

    def register(function: SetBlock[B]) -> SetBlock[B]:
        SETTERS[kind] = BlockSetter(function, spacing, padded, keeps_with_next)
        return function

    return register


def set_block(ts: Typesetter, block: Block, width: float, palette: Palette, report: Report, role: PanelRole) -> Frame:
    """A block set in a column `width` wide on a ground of `palette`: its frame, with its height."""
    entry = SETTERS[type(block)]
    frame = Frame()
    pad = ts.sheet.box_padding * ts.body if block.background is not None and entry.padded else 0.0
    if block.background is not None and is_dark(block.background):
        palette = ts.palette(block.background)
    column = Column(pad, pad, width - 2 * pad, palette, f"panel '{role.value}'")
    y = entry.set(ts, block, frame, column, report)
    frame.height = y + pad
    if block.background is not None:
        frame.fills.insert(0, FrameFill(Box(0.0, 0.0, width, frame.height), block.background))
    return frame


def spacing(ts: Typesetter, block: Block) -> tuple[float, float]:
    """Space (before, after) a block, in points; the larger of two neighbours' wins."""
    space = SETTERS[type(block)].spacing(ts.sheet, block)
    return space.before * ts.body, space.after * ts.body


def keeps_with_next(block: Block) -> bool:
    return SETTERS[type(block)].keeps_with_next


# ---------------------------------------------------------------- one setter per block kind


def _heading_spacing(sheet: StyleSheet, block: Heading) -> Spacing:
    return sheet.title_spacing if block.level == HeadingLevel.TITLE else sheet.heading_spacing


@setter(Heading, spacing=_heading_spacing, keeps_with_next=True)
def set_heading(ts: Typesetter, block: Heading, frame: Frame, at: Column, report: Report) -> float:
    sheet, color = ts.sheet, at.palette.heading
    if block.level == HeadingLevel.TITLE:
        size = _title_size(ts, block.text, at.width)
        style = ts.style(color, size=size, bold=True, leading=sheet.title_leading, hyphenate=False)
    elif block.level == HeadingLevel.SECTION:
        size = ts.scaled(ts.type.heading_size)
        style = ts.style(color, size=size, bold=True, leading=sheet.section_leading, hyphenate=False)
    else:
        size = ts.body * sheet.subsection_size
        style = ts.style(color, size=size, bold=True, leading=sheet.subsection_leading, hyphenate=False)
    tag = (Tag(HEADING_ROLES[block.level]),)
    return ts.text(frame, block.text, at.x, at.y, at.width, style, report, block.source, at.where, tag=tag)


def _title_size(ts: Typesetter, text: Text, width: float) -> float:
    """The design's title size, or smaller until no word is too wide and no line is a lone character.

    A cover title is set large, so a word that does not fit, or (in Chinese) one
    character left alone on the last line, would be the first thing a reader sees.
    """
    size = ts.type.title_size
    floor = ts.type.heading_size * ts.sheet.title_floor
    title_face = face(ts.type.font, bold=True)
    words = "".join(span.text for span in text)
    while size > floor:
        style = Style(title_face, size, ts.design.colors["text"])
        # Judged before any rebalancing: a title that would leave a character alone is set smaller instead.
        # Each line of a title with forced line breaks is judged on its own.
        wrapped = [wrap([Piece(part, style)], width, keep_last_line_company=False) for part in words.split("\n")]
        lines = [line for part in wrapped for line in part.lines]
        lone = any(len(line.text.strip()) == 1 and is_wide(line.text.strip()) for line in lines)
        if not any(part.too_wide for part in wrapped) and not lone:
            break
        size -= ts.sheet.title_step
    return size


@setter(Paragraph)
def set_paragraph(ts: Typesetter, block: Paragraph, frame: Frame, at: Column, report: Report) -> float:
    style = ts.style(at.palette.text)
    return ts.text(frame, block.text, at.x, at.y, at.width, style, report, block.source, at.where)


@setter(BulletList)
def set_bullets(ts: Typesetter, block: BulletList, frame: Frame, at: Column, report: Report) -> float:
    return _bullets(ts, block.items, frame, at, report, 0, (Tag("L"),))


def _bullets(
    ts: Typesetter,
    items: tuple[BulletItem, ...],
    frame: Frame,
    at: Column,
    report: Report,
    depth: int,
    tag: tuple[Tag, ...],
) -> float:
    """Set a list from `at.y` down; `tag` is the path of its L element (a sub-list sits in its item's LBody)."""
    sheet = ts.sheet
    indent = sheet.bullet_indent * ts.body
    mark = sheet.bullet_marks[0] if depth == 0 else sheet.bullet_marks[1]
    y = at.y
    for i, item in enumerate(items):
        if i:
            y += sheet.bullet_gap * ts.body
        style = ts.style(at.palette.text)
        item_tag = tag + (Tag("LI", i),)
        mark_style = ts.style(at.palette.accent, bold=True)
        baseline = y + ts.baseline(style)
        ts.mark(
            frame,
            mark,
            at.x + sheet.bullet_mark_inset * ts.body,
            baseline,
            mark_style,
            item_tag + (Tag("Lbl"),),
            item.source,
        )
        body = item_tag + (Tag("LBody"),)
        inner = Column(at.x + indent, y, at.width - indent, at.palette, at.where)
        y = ts.text(frame, item.text, inner.x, y, inner.width, style, report, item.source, at.where, tag=body)
        if item.children:
            y += sheet.nested_list_gap * ts.body
            nested = Column(inner.x, y, inner.width, at.palette, at.where)
            y = _bullets(ts, item.children, frame, nested, report, depth + 1, body + (Tag("L"),))
    return y


def _statistic_spacing(sheet: StyleSheet, block: Statistic) -> Spacing:
    return sheet.statistic_spacing


@setter(Statistic, spacing=_statistic_spacing)
def set_statistic(ts: Typesetter, block: Statistic, frame: Frame, at: Column, report: Report) -> float:
    size = ts.scaled(ts.type.statistic_size)
    figure = ts.style(at.palette.accent, size=size, bold=True, leading=ts.sheet.statistic_leading, hyphenate=False)
    y = ts.text(frame, block.value, at.x, at.y, at.width, figure, report, block.source, at.where)
    y += ts.sheet.statistic_gap * ts.body
    return ts.text(frame, block.text, at.x, y, at.width, ts.style(at.palette.text), report, block.source, at.where)


def _contact_spacing(sheet: StyleSheet, block: ContactBlock) -> Spacing:
    return sheet.contact_spacing


@setter(ContactBlock, spacing=_contact_spacing)
def set_contact(ts: Typesetter, block: ContactBlock, frame: Frame, at: Column, report: Report) -> float:
    """The name and each line are paragraphs of their own: a screen reader pauses between them."""
    y = at.y
    if block.name:
        name = ts.style(at.palette.heading, bold=True, hyphenate=False)
        y = ts.text(frame, block.name, at.x, y, at.width, name, report, block.source, at.where, tag=(Tag("P"),))
    if block.style == ContactStyle.PROMINENT:
        size = ts.scaled(ts.type.prominent_size)
        style = ts.style(at.palette.accent, size=size, bold=True, leading=ts.sheet.prominent_leading, hyphenate=False)
    else:
        style = ts.style(at.palette.text)
    for index, line in enumerate(block.lines, start=1 if block.name else 0):
        y = ts.text(frame, line, at.x, y, at.width, style, report, block.source, at.where, tag=(Tag("P", index),))
    return y


def _spacer_spacing(sheet: StyleSheet, block: Spacer) -> Spacing:
    return sheet.spacer_spacing


@setter(Spacer, spacing=_spacer_spacing, padded=False)
def set_spacer(ts: Typesetter, block: Spacer, frame: Frame, at: Column, report: Report) -> float:
    return at.y + block.height * ts.scale


@setter(Divider)
def set_divider(ts: Typesetter, block: Divider, frame: Frame, at: Column, report: Report) -> float:
    # A rule like a table's: an artifact, painted as a thin fill; its weight is not scaled by the fit.
    width = min(block.width or at.width, at.width)
    left = at.x + aligned(block.align, at.width, width)
    frame.fills.append(FrameFill(Box(left, at.y, width, block.weight), block.color or at.palette.accent, rule=True))
    return at.y + block.weight


@setter(Image)
def set_image(ts: Typesetter, block: Image, frame: Frame, at: Column, report: Report) -> float:
    # An SVG logo is sized by its own width and height (or viewBox); a bitmap by its pixels (read at load).
    if block.data is None:
        assert block.vector is not None, "an SVG logo's size is read at load"
        pixel_width, pixel_height = block.vector.width, block.vector.height
    else:
        pixel_width, pixel_height = block.data.width, block.data.height
    shown_width = min(block.width or at.width, at.width)
    shown_height = shown_width * pixel_height / pixel_width
    box = Box(at.x + aligned(block.options.align, at.width, shown_width), at.y, shown_width, shown_height)
    frame.images.append(FrameImage(box, block))
    if block.options.link:
        frame.links.append(FrameLink(box, block.options.link))
    y = at.y + shown_height
    return _caption(ts, block.options.caption, block.options.align, frame, at, y, report, block)


def _caption(
    ts: Typesetter,
    caption: Text,
    align: HorizontalAlign,
    frame: Frame,
    at: Column,
    y: float,
    report: Report,
    block: Image | QrCode,
) -> float:
    """A caption under a picture: smaller than the body, never below the readable floor."""
    if not caption:
        return y
    sheet = ts.sheet
    size = max(sheet.caption_floor, round(sheet.caption_size * ts.body, 2))
    style = ts.style(at.palette.text, size=size, leading=sheet.caption_leading)
    where = f"{block_kind(block)} caption"
    top = y + sheet.caption_gap * ts.body
    return ts.text(frame, caption, at.x, top, at.width, style, report, block.source, where, align)


@setter(QrCode)
def set_qr(ts: Typesetter, block: QrCode, frame: Frame, at: Column, report: Report) -> float:
    """A QR code of the contact's link target, drawn as vector rectangles inside its quiet zone.

    Its size is fixed (it does not shrink with the type: a smaller code scans worse); error correction M
    survives a crease or a smudge of up to 15 % of the code.
    """
    code = _qr_matrix(block.payload)
    modules = len(code)
    module = block.size / modules
    quiet = ts.sheet.qr_quiet_modules * module
    total = block.size + 2 * quiet
    width = at.width
    if total > width + 1e-6:
        report.error(
            f"the QR code is {total / 72:.2f} in wide with its quiet zone, but the column is {width / 72:.2f} in",
            block.source,
            where=at.where,
            hint=f"give it a smaller size: (at most {(width - 2 * ts.sheet.qr_quiet_modules * module) / 72:.2f}in)",
        )
    left = at.x + aligned(block.align, width, total)
    y = at.y
    dark = []
    for row, values in enumerate(code):
        column = 0
        while column < modules:
            if not values[column]:
                column += 1
                continue
            start = column
            while column < modules and values[column]:
                column += 1
            # Runs of dark modules in a row are one rectangle: a few hundred instead of a thousand.
            dark.append(Box(left + quiet + start * module, y + quiet + row * module, (column - start) * module, module))
    # Its text equivalent says where it leads, as its link does ("QR code: +18605506632", "QR code: //ct.gov").
    alt = f"QR code: {block.payload.split(':', 1)[-1]}"
    frame.codes.append(FrameCode(Box(left, y, total, total), tuple(dark), block.payload, alt))
    frame.links.append(FrameLink(Box(left + quiet, y + quiet, block.size, block.size), block.payload))
    y += total
    return _caption(ts, block.caption, block.align, frame, at, y, report, block)


@setter(Table)
def set_table(ts: Typesetter, block: Table, frame: Frame, at: Column, report: Report) -> float:
    """Rows of cells in aligned columns: widths from the content, each cell wrapped in its column."""
    rows = ([(block.header, True)] if block.header else []) + [(row, False) for row in block.rows]
    if not rows:
        return at.y
    sheet = ts.sheet
    count = len(rows[0][0])
    gap = sheet.column_gap * ts.body
    body_style = ts.style(at.palette.text)
    head_style = ts.style(at.palette.heading, bold=True, hyphenate=False)
    natural = [0.0] * count
    narrowest = [0.0] * count
    for cells, head in rows:
        for i, cell in enumerate(cells):
            # Measured on a scratch report: the cells are checked (and any problem reported) when set below.
            pieces = ts.pieces(cell, head_style if head else body_style, Report(), block.source, at.where)
            natural[i] = max(natural[i], max((line.width for line in wrap(pieces, 1e9).lines), default=0.0))
            words = wrap(pieces, 0.0)
            narrowest[i] = max(
                [narrowest[i]] + [line.width for line in words.lines] + [too_wide.width for too_wide in words.too_wide]
            )
    widths = _column_widths(natural, narrowest, at.width - gap * (count - 1))
    lefts = [at.x + sum(widths[:i]) + gap * i for i in range(count)]
    pad = sheet.cell_padding * ts.body
    y = at.y
    for number, (cells, head) in enumerate(rows):
        bottom = y
        source = block.row_sources[number] if number < len(block.row_sources) else block.source
        style = head_style if head else body_style
        for i, cell in enumerate(cells):
            below = ts.text(frame, cell, lefts[i], y + pad, widths[i], style, report, source, at.where)
            bottom = max(bottom, below)
        y = bottom + pad
        if number < len(rows) - 1:
            # A rule under each row, stronger under the header, so a reader's eye follows the row.
            thickness = sheet.header_rule if head else sheet.row_rule
            frame.fills.append(
                FrameFill(Box(at.x, y - thickness / 2, at.width, thickness), at.palette.heading, rule=True)
            )
    return y


@cache
def _qr_matrix(payload: str) -> tuple[tuple[bool, ...], ...]:
    """The modules of the QR code of `payload` (True is dark), without the quiet zone.

    segno picks the smallest version that holds the payload at error level M; `boost_error=False` keeps the
    level at M rather than raising it when there is room, so a code's look does not change with its text.
    """
    import segno  # segno imports urllib, http, email and ssl: paid only by editions with a QR code

    code = segno.make(payload, error="m", micro=False, boost_error=False)
    return tuple(tuple(bool(v) for v in row) for row in code.matrix_iter(border=0))


def _column_widths(natural: list[float], narrowest: list[float], available: float) -> list[float]:
    """Column widths that fit `available`: each column's natural width when all fit, else the narrowest
    (longest word) plus a share of the rest in proportion to how much more it would like; the last
    column takes what is left over, so the rules run the width of the column."""
    if sum(natural) <= available:
        widths = list(natural)
    elif sum(narrowest) < available and sum(natural) > sum(narrowest):
        share = (available - sum(narrowest)) / (sum(natural) - sum(narrowest))
        widths = [low + (high - low) * share for low, high in zip(narrowest, natural)]
    else:
        # Not even the longest words fit: share by them; the line breaker reports the word that is too wide.
        widths = [available * low / sum(narrowest) for low in narrowest] if sum(narrowest) else natural
    widths[-1] += max(available - sum(widths), 0.0)
    return widths
