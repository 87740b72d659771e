"""Readability checks on a layout, before anything is drawn: WCAG 2.1 contrast and heading levels.

In:  a `Layout`.
Out: `Finding`s located at the block of the data file that causes them (errors:
     the PDF is not made). These are design or data problems a person can fix,
     so they are found where --check finds them too, not only in preflight.
"""

from __future__ import annotations

from .diagnostics import Finding, Severity
from .fold import Rect, reading_order
from .layout import Layout, TextRun
from .model import Color


def readability_findings(layout: Layout) -> list[Finding]:
    """Every heading-level and contrast problem of a layout."""
    return heading_findings(layout) + contrast_findings(layout)


def relative_luminance(color: Color) -> float:
    """WCAG 2.1 relative luminance of an sRGB colour."""

    def channel(value: float) -> float:
        return value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(v) for v in color.rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast_ratio(a: Color, b: Color) -> float:
    """(L1 + 0.05) / (L2 + 0.05), the lighter colour's luminance on top: 1 to 21."""
    first, second = sorted((relative_luminance(a), relative_luminance(b)), reverse=True)
    return (first + 0.05) / (second + 0.05)


def is_large(size: float, bold: bool) -> bool:
    """WCAG's large text: 18 pt, or 14 pt bold."""
    return size >= 18 - 1e-6 or (bold and size >= 14 - 1e-6)


PAPER = Color("#FFFFFF", "paper")


def contrast_findings(layout: Layout) -> list[Finding]:
    """A located error for every block whose text is too faint against what lies under it (WCAG 2.1 1.4.3)."""
    findings: list[Finding] = []
    photos = {panel.role: panel.background_image for panel in layout.edition.panels}
    for panel in layout.panels:
        photo = photos.get(panel.role)
        # A background photo counts as its average colour, blended with its overlay: what the eye sees around text.
        ground = photo.seen_as if photo is not None else (panel.background or PAPER)
        for block in panel.blocks:
            reported: set[tuple[str, str]] = set()
            for run in block.runs:
                # What lies under a run: the block's own box if it has one, else the panel, else white paper.
                behind = next((fill.color for fill in reversed(block.fills) if _under(fill.rect, run)), ground)
                ratio = contrast_ratio(run.color, behind)
                large = is_large(run.size, "Bold" in run.font)
                needed = 3.0 if large else 4.5
                pair = (run.color.hex, behind.hex)
                if ratio + 1e-9 >= needed or pair in reported:
                    continue
                reported.add(pair)
                findings.append(
                    Finding(
                        Severity.ERROR,
                        f"text in colour {_color_name(run.color)} on {_color_name(behind)} has a contrast of "
                        f"{ratio:.2f}:1, below the {needed:g}:1 that {'large' if large else 'body'} text needs",
                        block.source,
                        where=f"panel '{panel.role.value}'",
                        hint="darken the text colour or lighten the background in brochure.yaml colors: "
                        "(WCAG 2.1 asks 4.5:1 for body text, 3:1 from 18 pt or 14 pt bold)",
                    )
                )
    return findings


def _under(rect: Rect, run: TextRun) -> bool:
    return rect.x0 - 0.5 <= run.x <= rect.x1 + 0.5 and rect.y0 - 0.5 <= run.y <= rect.y1 + 0.5


def _color_name(color: Color) -> str:
    return f"'{color.name}' ({color.hex})" if color.name else color.hex


def heading_findings(layout: Layout) -> list[Finding]:
    """A located error for a heading that skips a level in reading order (PDF/UA-1 7.4.2-1, in the data's words).

    A reader moving by headings expects the title (H1) first, then sections (H2),
    then subsections (H3) inside them; a subsection with no section before it
    sounds like a missing part.
    """
    names = {"H1": "title", "H2": "section", "H3": "subsection"}
    findings: list[Finding] = []
    previous = 0
    for role in reading_order(layout.plan.fold):
        panel = layout.panel(role)
        for block in panel.blocks:
            heading = next((run.tag[0].role for run in block.runs if run.tag and run.tag[0].role in names), None)
            if heading is None:
                continue
            level = int(heading[1])
            if level > previous + 1:
                expected = [name for tag, name in names.items() if int(tag[1]) <= previous + 1]
                findings.append(
                    Finding(
                        Severity.ERROR,
                        f"heading level '{names[heading]}' skips a level: a screen reader's list of headings "
                        f"expects {' or '.join(repr(e) for e in expected)} here",
                        block.source,
                        where=f"panel '{role.value}'",
                        hint="give the front cover a `level: title` heading, and use `level: subsection` only "
                        "after a section heading",
                    )
                )
            previous = level
    return findings
