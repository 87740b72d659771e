"""Where the stages meet: edition file -> load -> fold -> lay out -> draw -> PDF bytes.

In:  the path of an edition file and what to make of it (`Job`).
Out: `Rendered` (the bytes, the layout, the warnings, the preflight report), or
     `BrochureError`. A PDF whose preflight found errors is returned too: the
     caller decides not to write it.
Writing files is the command line's business (see `output.py`), so this stays
pure and testable in memory.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from .diagnostics import BrochureError, Finding
from .draw import draw
from .fold import OutputKind, fold_sheet, screen_pages
from .layout import Layout, lay_out
from .load import load_edition
from .model import PAPERS, Edition, Paper
from .readability import readability_findings

if TYPE_CHECKING:
    from .preflight import PreflightReport


@dataclass(frozen=True)
class Job:
    """One PDF to make: which edition, on which paper, for whom."""

    edition_path: Path
    paper: str | None = None  # None: the brochure's first configured paper
    kind: OutputKind = OutputKind.OFFICE
    marks: bool = True  # press only: crop and fold marks


@dataclass(frozen=True)
class Rendered:
    edition: Edition
    paper: Paper
    kind: OutputKind
    layout: Layout
    pdf: bytes
    warnings: tuple[Finding, ...]
    preflight: PreflightReport


def output_name(edition: Edition, paper: Paper, kind: OutputKind) -> str:
    """The file name of a rendered edition, e.g. ct-human-trafficking-en-letter-press.pdf."""
    suffix = {OutputKind.OFFICE: "", OutputKind.PRESS: "-press", OutputKind.SCREEN: "-screen"}[kind]
    return f"{edition.name}-{paper.name}{suffix}.pdf"


def paper_for(edition: Edition, paper: str | None) -> Paper:
    return PAPERS[paper] if paper else edition.design.papers[0]


def lay_out_job(job: Job, edition: Edition | None = None) -> tuple[Edition, Paper, Layout, list[Finding]]:
    """Load (unless given) and lay out, without drawing: what --check needs."""
    warnings: list[Finding] = []
    if edition is None:
        edition, warnings = load_edition(job.edition_path)
    paper = paper_for(edition, job.paper)
    design = edition.design
    if job.kind == OutputKind.SCREEN:
        plan = screen_pages(paper, design.fold, design.fold_in_offset, design.margins)
    else:
        plan = fold_sheet(paper, design.fold, design.fold_in_offset, design.margins, job.kind, design.bleed, job.marks)
    layout = lay_out(edition, plan)
    problems = readability_findings(layout)
    if problems:
        raise BrochureError(problems)
    return edition, paper, layout, warnings + list(layout.warnings)


def render(job: Job, edition: Edition | None = None) -> Rendered:
    """Run every stage for one job, preflight included, and return the PDF in memory."""
    from .preflight import preflight  # pypdf and PDFium cost ~130 ms to import: only when a PDF is checked

    edition, paper, layout, warnings = lay_out_job(job, edition)
    pdf = draw(layout)
    report = preflight(layout, pdf, redraw=lambda: draw(layout), name=output_name(edition, paper, job.kind))
    return Rendered(edition, paper, job.kind, layout, pdf, tuple(warnings), report)
