"""The layout's style sheet: every spacing and size it sets blocks with that the design file does not give.

In:  nothing (defaults: the brochure's look); a `Design` carries one as `Design.style`.
Out: frozen values the layout stage reads (`setters`, `panels`, `typeset`), never constants in its code.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Spacing:
    """Space before and after a block, as multiples of the body size; of two neighbours' the larger wins."""

    before: float
    after: float


@dataclass(frozen=True)
class StyleSheet:
    """Every spacing and size the layout sets blocks with that the design file does not give.

    Multiples of the body size unless the name says otherwise, so the whole sheet steps down with the body
    when the fit tries smaller type. The defaults are the brochure's look; a design carries one
    (`Design.style`), so a second look is a second value, not a change to the layout code.
    """

    # -- space between blocks (see `Spacing`)
    title_spacing: Spacing = Spacing(0.0, 0.5)
    heading_spacing: Spacing = Spacing(1.1, 0.4)
    statistic_spacing: Spacing = Spacing(0.3, 0.6)
    contact_spacing: Spacing = Spacing(0.5, 0.9)
    spacer_spacing: Spacing = Spacing(0.0, 0.0)
    block_spacing: Spacing = Spacing(0.3, 0.5)  # every other block
    box_padding: float = 0.6  # inside a block with a background of its own
    footer_gap: float = 1.0  # at least this between a panel's body and its footer, so they never touch
    # -- headings: leadings (multiples of their own size); a subsection is a little larger than the body
    title_leading: float = 1.08
    title_floor: float = 1.4  # a title too wide for its column shrinks down to this times the heading size ...
    title_step: float = 1.0  # ... in steps of this many points
    section_leading: float = 1.2
    subsection_size: float = 1.1
    subsection_leading: float = 1.25
    # -- figures, contacts
    statistic_leading: float = 1.15
    statistic_gap: float = 0.15  # between the figure and the sentence it starts
    prominent_leading: float = 1.2
    # -- lists
    bullet_marks: tuple[str, str] = ("•", "–")  # the top level's, then every level below
    bullet_indent: float = 1.0
    bullet_mark_inset: float = 0.1
    bullet_gap: float = 0.25  # between items
    nested_list_gap: float = 0.2  # between an item and its sub-list
    # -- captions (under images and QR codes)
    caption_size: float = 0.85
    caption_floor: float = 8.5  # pt: smaller than the body, but never below what preflight calls readable
    caption_leading: float = 1.25
    caption_gap: float = 0.3
    qr_quiet_modules: int = 4  # blank modules around a QR code, as the standard requires for a reliable scan
    # -- tables
    column_gap: float = 0.8
    cell_padding: float = 0.25
    header_rule: float = 0.9  # pt: a rule under each row, stronger under the header
    row_rule: float = 0.4  # pt
    # -- the draft notice on the back cover
    notice_padding: float = 0.4
    notice_leading: float = 1.25
    # -- text
    ascent: float = 0.8  # the baseline sits this far (times the size) below the top of the glyphs' box
