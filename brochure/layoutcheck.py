"""Checks of a finished layout that need no PDF: one verdict for `--check` and for a render.

In:  a `Layout`.
Out: findings (errors and warnings), each located at the block of the data file
     whose value caused it, so a person knows which line to change.

Preflight reads the PDF back and checks what only the PDF can show; what the
layout already decides (type sizes, image resolution) is judged here, once, and
both `--check` and a render call it, so `--check` can never say "ok" for an
edition a render would refuse for these reasons.
"""

from __future__ import annotations

from pathlib import Path

from .diagnostics import Finding, Severity
from .layout import Layout, PlacedBlock
from .limits import READABLE_FLOOR

MIN_PPI_WARNING = 300
MIN_PPI_ERROR = 150


def check_layout(layout: Layout) -> list[Finding]:
    """Every finding about `layout` that does not need the PDF bytes."""
    return type_size_findings(layout) + image_findings(layout)[0]


def smallest_text(layout: Layout) -> tuple[float, PlacedBlock, str] | None:
    """(size, block, panel name) of the smallest text the layout sets; None if it sets none."""
    found = None
    for panel in layout.panels:
        for block in panel.blocks:
            for run in block.runs:
                if run.text.strip() and (found is None or run.size < found[0]):
                    found = (run.size, block, panel.role.value)
    return found


def below_floor(size: float, block: PlacedBlock, panel: str) -> Finding:
    """The error for text set smaller than anyone should be asked to read, at the block that has it."""
    return Finding(
        Severity.ERROR,
        f"text set at {size:g} pt, below the readable floor of {READABLE_FLOOR:g} pt",
        block.source,
        where=f"panel '{panel}'",
        hint=f"raise the type sizes in brochure.yaml (type:) to {READABLE_FLOOR:g} pt at least",
    )


def type_size_findings(layout: Layout) -> list[Finding]:
    smallest = smallest_text(layout)
    if smallest is None or smallest[0] >= READABLE_FLOOR - 0.01:
        return []
    return [below_floor(round(smallest[0], 2), smallest[1], smallest[2])]


def image_findings(layout: Layout) -> tuple[list[Finding], list[int]]:
    """Each placed image's resolution at its printed size: (findings, the resolutions in ppi)."""
    findings: list[Finding] = []
    resolutions = []
    for panel in layout.panels:
        for block in panel.blocks:
            for image in block.images:
                if image.data is None:
                    continue  # an SVG logo: vector, sharp at any size
                ppi = image.data.width / (image.rect.width / 72)  # pixels read once, at load
                resolutions.append(round(ppi))
                where = f"panel '{panel.role.value}'"
                name = Path(image.path).name
                if ppi < MIN_PPI_ERROR:
                    findings.append(
                        Finding(
                            Severity.ERROR,
                            f"image {name} prints at {ppi:.0f} ppi (below {MIN_PPI_ERROR})",
                            block.source,
                            where,
                            hint="use a larger image or place it smaller",
                        )
                    )
                elif ppi < MIN_PPI_WARNING:
                    findings.append(
                        Finding(
                            Severity.WARNING,
                            f"image {name} prints at {ppi:.0f} ppi (below {MIN_PPI_WARNING})",
                            block.source,
                            where,
                            hint="it may look soft in print",
                        )
                    )
    for panel in layout.panels:
        photo = panel.background_image
        if photo is None:
            continue
        # Judged at the size it is painted (scaled up to cover the panel), not at the size of the panel.
        ppi = photo.data.width / (photo.rect.width / 72)
        resolutions.append(round(ppi))
        name = Path(photo.path).name
        where = f"panel '{panel.role.value}' (background)"
        if ppi < MIN_PPI_ERROR:
            findings.append(
                Finding(
                    Severity.ERROR,
                    f"image {name} prints at {ppi:.0f} ppi (below {MIN_PPI_ERROR})",
                    photo.source,
                    where,
                    hint="a background photo fills the panel: it needs about 1200 x 2600 pixels for a letter panel",
                )
            )
        elif ppi < MIN_PPI_WARNING:
            findings.append(
                Finding(
                    Severity.WARNING,
                    f"image {name} prints at {ppi:.0f} ppi (below {MIN_PPI_WARNING})",
                    photo.source,
                    where,
                    hint="it may look soft in print",
                )
            )
    return findings, resolutions
