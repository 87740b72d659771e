"""Fit for the layout stage: the largest type at which every panel of an edition fits, or why none does.

In:  an `Edition` and its `FoldPlan`.
Out: `Fitted`: the panels as set at the chosen candidate, the candidate, the fonts drawn
     with, the warnings, and the panels that refused the larger candidates. Or
     `BrochureError` (a panel hopeless at any size, a glyph no font has, a word wider than
     its column) or `PanelOverflow` (some panel does not fit at the smallest allowed type).

The whole edition uses one body size. The search tries the design's size first,
then smaller sizes down to `min_body_size` in quarter points, each with the design's
leading and then slightly tighter leading (down to `min_leading`); the first
candidate at which every panel fits wins, and the choice is reported with the panels
that refused the larger candidates (`fit_explanation`). One size for all panels keeps
the spread consistent; shrinking one panel alone would look like a mistake, unless
the panel opted in (`shrink:`). Failing is fast: a panel that needs more room than
even a solid block of its text at the readable floor is refused before any candidate
is set, and after the first candidate misses the smallest is tried, so a hopeless
edition costs two layouts, not twenty-two. When nothing fits, the error's hint names
the panels that still have room.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import NamedTuple

from .compose import set_panel
from .diagnostics import BrochureError, Finding, Report, Severity
from .fold import FoldPlan
from .fonts import face
from .frames import Layout, Overrun, PanelLayout, PanelOverflow
from .limits import READABLE_FLOOR
from .model import Edition, Hyphenation, Panel, block_texts
from .typeset import Typesetter

SIZE_STEP = 0.25
LEADING_STEP = 0.05  # the fit tightens the leading in these steps, down to type.min_leading
DEFAULT_LEADING_GIVE = 0.1  # without type.min_leading, the fit may go this much tighter than the design ...
MIN_LEADING = 1.2  # ... but never below this


class Candidate(NamedTuple):
    """One try of the fit: the body size, the leading (a multiple of it), and whether body text may hyphenate."""

    size: float
    leading: float
    hyphenate: bool


@dataclass(frozen=True)
class Fitted:
    """The edition set at the first candidate where every panel fits."""

    panels: tuple[PanelLayout, ...]
    candidate: Candidate
    hyphenated: bool  # hyphenation was allowed and a dictionary for the language exists
    fonts: tuple[str, ...]
    warnings: tuple[Finding, ...]
    refused: tuple[Overrun, ...]


@dataclass(frozen=True)
class _Attempt:
    """The edition set at one candidate: its panels (the opted-in ones shrunk where that helped),
    those that still overflow, and the typesetter that set them."""

    panels: list[PanelLayout]
    overflowing: list[tuple[Panel, PanelLayout]]
    setter: Typesetter
    report: Report


def fit(edition: Edition, plan: FoldPlan) -> Fitted:
    """Set every panel of the edition on the plan at the largest type size that fits."""
    type_scale = edition.design.type
    # Fail fast: a panel that could not hold its text even as one dense block at the smallest size is
    # reported before any candidate is laid out (a 1 MB paragraph would otherwise be set 22 times).
    hopeless = [finding for panel in edition.panels if (finding := _hopeless(edition, plan, panel)) is not None]
    if hopeless:
        raise BrochureError(hopeless)
    candidates = fit_candidates(
        type_scale.body_size,
        type_scale.min_body_size,
        type_scale.leading,
        edition.design.hyphenate,
        min_leading(type_scale.leading, type_scale.min_leading),
    )
    refused: list[Overrun] = []  # the panels that refused each candidate tried, for `fit_explanation`
    smallest = len(candidates) - 1
    resume: int | None = None  # where to go on once the smallest candidate, tried early, has fitted
    index = 0
    attempt: _Attempt | None = None
    leading = type_scale.leading
    while index < len(candidates):
        current = index
        index += 1
        size, leading, hyphenate = candidates[current]
        attempt = _attempt(edition, plan, candidates[current], retry=any(c.hyphenate for c in candidates[index:]))
        if attempt is None:
            continue  # a word too wide for its column may fit once hyphenation is allowed: try that, once
        refused += [
            Overrun(panel.role, placed.used_height - placed.available_height, size, leading, hyphenate)
            for panel, placed in attempt.overflowing
        ]
        if attempt.overflowing and resume is None and current < smallest:
            # Fail fast: after the first miss, try the smallest, tightest candidate. If it does not fit,
            # none between does (smaller type never takes more lines), and the search ends there.
            resume, index = index, smallest
            continue
        if not attempt.overflowing and resume is not None and resume < smallest and current == smallest:
            index, resume = resume, smallest + 1  # it fits at the smallest: now find the largest that fits
            continue
        if not attempt.overflowing:
            return Fitted(
                tuple(attempt.panels),
                candidates[current],
                hyphenate and attempt.setter.hyphenator is not None,
                tuple(sorted(attempt.setter.fonts_used)),
                tuple(attempt.report.warnings),
                tuple(refused),
            )
    assert attempt is not None  # the last candidate tried is the smallest: never one retried with hyphenation
    roomy = [placed for placed in attempt.panels if _fits(placed)]
    raise PanelOverflow(
        [_overflow(panel, placed, placed.body_size, leading, roomy) for panel, placed in attempt.overflowing],
        tuple(placed for _, placed in attempt.overflowing),
    )


def _attempt(edition: Edition, plan: FoldPlan, candidate: Candidate, retry: bool) -> _Attempt | None:
    """The edition set at one candidate; None when a word was too wide without hyphenation and a later
    candidate allows it (`retry`). Raises the errors a smaller size would not mend (a missing glyph,
    a number wider than its column)."""
    size, leading, hyphenate = candidate
    setter = Typesetter(edition, size, leading, hyphenate)
    report = Report()
    panels = [set_panel(setter, panel, plan.panel(panel.role), report) for panel in edition.panels]
    if report.errors and not hyphenate and setter.needs_hyphenation and retry:
        return None
    report.raise_if_errors()
    overflowing = [(panel, placed) for panel, placed in zip(edition.panels, panels) if not _fits(placed)]
    for panel, placed in list(overflowing):
        shrunk = _shrink_panel(edition, plan, panel, candidate, setter.fonts_used)
        if shrunk is not None:
            panels[edition.panels.index(panel)] = shrunk
            overflowing.remove((panel, placed))
    return _Attempt(panels, overflowing, setter, report)


def min_leading(leading: float, setting: float | None) -> float:
    """The tightest leading the fit may use: `type.min_leading`, or by default 0.1 below the design's
    (never below 1.2). The default keeps the fit as it was before the setting existed."""
    if setting is not None:
        return setting
    return round(max(MIN_LEADING, leading - DEFAULT_LEADING_GIVE), 3)


def fit_explanation(layout: Layout) -> str:
    """Which panel forced the fit off the design's size and leading, and by how much; "" if nothing did.

    E.g. "forced by inside_middle: 38.2 pt (3 lines) too long at 11 pt, leading 1.40; still 2.1 pt
    at 10.75 pt, leading 1.35": the first part is the design's candidate, the second the last candidate
    refused before the one chosen.
    """
    if not layout.refused:
        return ""

    def candidate(overrun: Overrun) -> str:
        return f"{overrun.size:g} pt, leading {overrun.leading:.2f}" + (", hyphenated" if overrun.hyphenated else "")

    def key(overrun: Overrun) -> tuple[float, float, bool]:
        return (overrun.size, overrun.leading, overrun.hyphenated)

    first = [o for o in layout.refused if key(o) == key(layout.refused[0])]
    last = [o for o in layout.refused if key(o) == key(layout.refused[-1])]
    worst = sorted(first, key=lambda o: -o.over)
    text = "forced by " + ", ".join(
        f"{o.role.value}: {o.over:.1f} pt ({o.lines} line{'s' * (o.lines > 1)}) too long" for o in worst
    )
    text += f" at {candidate(first[0])}"
    if key(last[0]) != key(first[0]):
        still = ", ".join(f"{o.role.value} {o.over:.1f} pt" for o in sorted(last, key=lambda o: -o.over))
        text += f"; still {still} at {candidate(last[0])}"
    return text


# A lower bound of the width text takes, as a share of its width in the regular face: other faces
# (bold, italic, a fallback font) may be a little narrower, never by this much.
_NARROWEST_FACE = 0.75
_INK = re.compile("[ \u3000\n\u00ad]")


def _hopeless(edition: Edition, plan: FoldPlan, panel: Panel) -> Finding | None:
    """The overflow error for a panel whose text cannot fit at any allowed size; None if it might.

    A cheap lower bound of the height the panel needs: every text at the readable
    floor, one line per piece of text at the least, each line as high as the type,
    its words filling the full column without a gap. Only a panel over even that
    is refused here; every other overflow is found by setting the real text.
    """
    geometry = plan.panel(panel.role)
    width, available = geometry.content.width, geometry.content.height
    regular = face(edition.design.type.font, False, False)
    size = READABLE_FLOOR
    lines = 0
    for block in panel.blocks:
        for text in block_texts(block):
            if not any(span.text for span in text):
                continue  # draws no line
            # Spaces may fall at line ends, where they take no room; soft hyphens are not drawn.
            ink = sum(regular.width(_INK.sub("", span.text), size) for span in text) * _NARROWEST_FACE
            lines += max(1, math.ceil(ink / width))
    over = lines * size - available
    if over <= 0:
        return None
    return Finding(
        Severity.ERROR,
        f"panel '{panel.role.value}' does not fit: at least {over:.0f} pt too long "
        f"(about {math.ceil(over / size)} lines of {size:g} pt text) even at the smallest size",
        panel.source,
        where=f"panel '{panel.role.value}'",
        hint="shorten the text, or move blocks to another panel: this is far more than a panel holds",
    )


def _fits(placed: PanelLayout) -> bool:
    return placed.used_height <= placed.available_height + 1e-6


def _shrink_panel(
    edition: Edition, plan: FoldPlan, panel: Panel, candidate: Candidate, fonts: set[str]
) -> PanelLayout | None:
    """Set one opted-in panel (`shrink: 8.5pt`) alone in smaller type, down to its floor; None if it never fits."""
    if panel.shrink_to is None:
        return None
    size, leading, hyphenate = candidate
    smaller = size - SIZE_STEP
    while smaller >= panel.shrink_to - 1e-9:
        setter = Typesetter(edition, round(smaller, 2), leading, hyphenate)
        placed = set_panel(setter, panel, plan.panel(panel.role), Report())
        if _fits(placed):
            fonts |= setter.fonts_used
            return placed
        smaller -= SIZE_STEP
    return None


def _overflow(panel: Panel, placed: PanelLayout, size: float, leading: float, roomy: list[PanelLayout]) -> Finding:
    """The error for a panel that does not fit even with the smallest type the design allows.

    Its hint names the panels that still have room for a line or more (`roomy`), the roomiest first.
    """
    over = placed.used_height - placed.available_height
    lines = max(1, math.ceil(over / (size * leading)))
    rooms = []
    for other in sorted(roomy, key=lambda p: p.used_height - p.available_height):
        spare = int((other.available_height - other.used_height) / (other.body_size * leading) + 1e-9)
        if spare >= 1:
            rooms.append(f"{other.role.value} about {spare} line{'s' * (spare > 1)}")
    move = f"move a block to a panel with room ({', '.join(rooms)})" if rooms else "no other panel has a line to spare"
    return Finding(
        Severity.ERROR,
        f"panel '{panel.role.value}' does not fit: {over:.1f} pt too long "
        f"(about {lines} line{'s' if lines > 1 else ''} of {size:g} pt text) at the smallest allowed size",
        panel.source,
        where=f"panel '{panel.role.value}'",
        hint=f"shorten the text, {move}, or lower type.min_body_size (8.5 pt at the least)",
    )


def fit_candidates(
    body: float, minimum: float, leading: float, hyphenation: Hyphenation, tightest: float
) -> list[Candidate]:
    """Candidates from most to least preferred.

    Hyphenation comes before any change to the type: a few hyphens are less
    noticeable than tighter lines, and tighter lines less than smaller type.
    The leading goes down in steps of 0.05 to `tightest` (the design's own
    leading is always tried).
    """
    sizes = []
    size = body
    while size >= minimum - 1e-9:
        sizes.append(round(size, 2))
        size -= SIZE_STEP
    candidates = []
    hyphenate = hyphenation != Hyphenation.NEVER
    if hyphenation == Hyphenation.AUTO:
        candidates.append(Candidate(body, leading, False))
    leadings = [round(leading, 3)]
    while round(leadings[-1] - LEADING_STEP, 3) >= tightest - 1e-9:
        leadings.append(round(leadings[-1] - LEADING_STEP, 3))
    for size in sizes:
        for each in leadings:
            candidates.append(Candidate(size, each, hyphenate))
    return candidates
