"""Panel composition for the layout stage: a panel's blocks, set, stacked and placed in its content area.

In:  a `Panel` of the edition, its `PanelGeometry` on the fold plan, and the `Typesetter`
     of one fit candidate.
Out: a `PanelLayout`: each block's frame placed on the page (body from the top, or
     centred, at the bottom, spread; the footer hung from the bottom), the draft
     notice of a translation nobody has reviewed, the background photo, and how much
     height the content needed against what the panel has (the fit decides on that).
"""

from __future__ import annotations

from dataclasses import dataclass

from .diagnostics import Location, Report
from .fold import PanelGeometry, Rect
from .frames import Box, Frame, FrameFill, PanelLayout, PlacedBackground, PlacedBlock
from .model import BackgroundImage, Block, Panel, PanelRole, ReviewStatus, Span, VerticalAlign, block_kind
from .setters import keeps_with_next, set_block, spacing
from .typeset import Palette, Typesetter

DRAFT_NOTICE_EN = "Draft translation - not reviewed"


@dataclass(frozen=True)
class Stacked:
    """A block set in a stack: its frame, and the distance of its top below the first block's top."""

    block: Block
    frame: Frame
    top: float


def set_panel(ts: Typesetter, panel: Panel, geometry: PanelGeometry, report: Report) -> PanelLayout:
    """Set every block of the panel and place them in its content area."""
    photo = panel.background_image
    palette = ts.palette(photo.seen_as if photo else panel.background)
    width = geometry.content.width
    body = _stack(ts, panel.blocks, width, palette, report, panel.role)
    footer = _stack(ts, panel.footer, width, palette, report, panel.role)
    notice = _draft_notice(ts, width, report) if panel.role == PanelRole.BACK_COVER else None

    total = body[-1].top + body[-1].frame.height if body else 0.0
    footer_total = footer[-1].top + footer[-1].frame.height if footer else 0.0
    notice_height = notice.height + ts.body if notice else 0.0
    # At least a line of space between the body and a footer, so they never touch.
    footer_height = footer_total + (ts.sheet.footer_gap * ts.body if body and footer else 0.0)
    available = geometry.content.height
    used = total + footer_height + notice_height
    spare = max(available - used, 0.0)
    offset = {VerticalAlign.CENTER: spare / 2, VerticalAlign.BOTTOM: spare}.get(panel.align, 0.0)
    # `spread`: the spare height goes equally into the gaps between blocks (top and bottom stay put),
    # except after a heading: a heading stays with what it introduces.
    stretch = [i for i in range(1, len(body)) if not keeps_with_next(body[i - 1].block)]
    gap = spare / len(stretch) if panel.align == VerticalAlign.SPREAD and stretch else 0.0
    top = geometry.content.y1 - offset
    left = geometry.content.x0
    placed = [
        _place(item, left, top - item.top - gap * sum(1 for j in stretch if j <= i)) for i, item in enumerate(body)
    ]
    # The footer hangs from the bottom of the content area (above the draft notice, if any).
    footer_top = geometry.content.y0 + notice_height + footer_total
    placed += [_place(item, left, footer_top - item.top) for item in footer]
    if notice:
        source = Location(ts.edition.path)
        placed.append(notice.place(source, "draft_notice", left, geometry.content.y0 + notice.height))
    return PanelLayout(
        panel.role,
        geometry,
        panel.background,
        tuple(placed),
        used,
        available,
        ts.body,
        _background(photo, geometry.paint) if photo else None,
    )


def _place(item: Stacked, left: float, top: float) -> PlacedBlock:
    return item.frame.place(item.block.source, block_kind(item.block), left, top)


def _stack(
    ts: Typesetter, blocks: tuple[Block, ...], width: float, palette: Palette, report: Report, role: PanelRole
) -> list[Stacked]:
    """Set blocks one under another, each `spacing` apart (the larger of two neighbours' spacing)."""
    stacked: list[Stacked] = []
    total = 0.0
    previous_after = 0.0
    for i, block in enumerate(blocks):
        frame = set_block(ts, block, width, palette, report, role)
        before, after = spacing(ts, block)
        if i:
            total += max(before, previous_after)
        stacked.append(Stacked(block, frame, total))
        total += frame.height
        previous_after = after
    return stacked


def _draft_notice(ts: Typesetter, width: float, report: Report) -> Frame | None:
    """The back cover's notice on a translation nobody fluent has reviewed yet; None when it is reviewed."""
    edition = ts.edition
    if edition.review.status != ReviewStatus.DRAFT:
        return None
    local = edition.labels.get("draft_notice", "")
    # Italic by design, not by markup: a family without an italic face sets it upright.
    # The English half is tagged as English; the translated half reads in the edition's language.
    text = (Span(DRAFT_NOTICE_EN, lang="en"),) + ((Span(" / " + local),) if local else ())
    if local and not edition.source_edition:
        # A draft that translates nothing (a new brochure's template) is not a "draft translation".
        text = (Span(local),)
    frame = Frame()
    sheet = ts.sheet
    pad = sheet.notice_padding * ts.body
    size = ts.type.min_body_size
    tint = ts.design.colors["tint"]
    # The notice sits in its own tint box: its text takes the colours for that box, not for the panel
    # (on a dark back cover the panel's light text would vanish on the light tint).
    style = ts.style(ts.palette(tint).text, size=size, leading=sheet.notice_leading, italic=True)
    source = Location(edition.path)
    where = "panel 'back_cover' (draft notice)"
    y = ts.text(frame, text, pad, pad, width - 2 * pad, style, report, source, where)
    frame.height = y + pad
    frame.fills.insert(0, FrameFill(Box(0.0, 0.0, width, frame.height), tint))
    return frame


def _background(photo: BackgroundImage, paint: Rect) -> PlacedBackground:
    """The photo scaled to cover the paint area (nothing left bare), centred; the excess is clipped."""
    pixel_width, pixel_height = photo.data.width, photo.data.height
    scale = max(paint.width / pixel_width, paint.height / pixel_height)
    width, height = pixel_width * scale, pixel_height * scale
    x0 = paint.x0 + (paint.width - width) / 2
    y0 = paint.y0 + (paint.height - height) / 2
    rect = Rect(x0, y0, x0 + width, y0 + height)
    return PlacedBackground(rect, paint, photo.path, photo.data, photo.overlay, photo.opacity, photo.source)
