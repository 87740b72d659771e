"""Layout stage: an `Edition` on a `FoldPlan` -> a `Layout` of frames of typed placed items.

In:  a validated `Edition` and the `FoldPlan` of the sheet it is printed on.
Out: a `Layout`: for each of the six panels, its blocks as frames of typed items
     (text runs, fills, rules, images, QR codes, link areas) at fixed positions in
     page coordinates, each knowing its source and structure role; and the
     document facts the draw stage writes (`DocumentInfo`). The draw stage paints
     exactly this and decides nothing.
     Or `BrochureError` when content cannot be set without losing any of it: a
     panel that does not fit even at the smallest allowed type (`PanelOverflow`),
     a number or URL wider than its column, a character no bundled font has.

The stage in parts:
- `frames`: the output types and the `Frame` a block is set into;
- `typeset`: text into runs (faces, fallback fonts, glyph checks, line breaking);
- `setters`: one setter per block kind, in a table (`SETTERS`);
- `compose`: a panel's blocks stacked and placed in its content area;
- `fit`: the search for the largest type at which every panel fits, and its messages.
Spacing and sizes come from the design's `StyleSheet` (`Design.style`).
"""

from __future__ import annotations

from .compose import DRAFT_NOTICE_EN
from .fit import DEFAULT_LEADING_GIVE, MIN_LEADING, fit, fit_candidates, fit_explanation, min_leading
from .fit import _overflow as _overflow
from .fold import FoldPlan
from .frames import (
    HEADING_ROLES,
    DocumentInfo,
    Fill,
    Layout,
    Overrun,
    PanelLayout,
    PanelOverflow,
    PlacedBackground,
    PlacedBlock,
    PlacedCode,
    PlacedImage,
    PlacedLink,
    Rule,
    Tag,
    TextRun,
)
from .model import Edition

# The names the other stages and the tests import from here: the stage's output types and its fit facts.
__all__ = [
    "DEFAULT_LEADING_GIVE",
    "DRAFT_NOTICE_EN",
    "HEADING_ROLES",
    "MIN_LEADING",
    "DocumentInfo",
    "Fill",
    "Layout",
    "Overrun",
    "PanelLayout",
    "PanelOverflow",
    "PlacedBackground",
    "PlacedBlock",
    "PlacedCode",
    "PlacedImage",
    "PlacedLink",
    "Rule",
    "Tag",
    "TextRun",
    "fit_explanation",
    "lay_out",
    "min_leading",
]

_fit_candidates = fit_candidates  # the older name, still used by the tests


def lay_out(edition: Edition, plan: FoldPlan) -> Layout:
    """Set every panel of the edition on the plan at the largest type size that fits."""
    fitted = fit(edition, plan)
    return Layout(
        edition=edition,
        plan=plan,
        info=DocumentInfo.of(edition),
        panels=fitted.panels,
        body_size=fitted.candidate.size,
        leading=fitted.candidate.leading,
        hyphenated=fitted.hyphenated,
        fonts=fitted.fonts,
        warnings=fitted.warnings,
        refused=fitted.refused,
    )
