"""Where the stages meet: edition file -> load -> fold -> lay out -> draw -> PDF bytes.

In:  the path of an edition file and what to make of it (`Job`).
Out: `Rendered` (the bytes, the layout, the warnings, the preflight report), or
     `BrochureError`. A PDF whose preflight found errors is returned too: the
     caller decides not to write it.
Writing files is the command line's business (see `output.py`), so this stays
pure and testable in memory.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from .diagnostics import BrochureError, Finding, Severity
from .draw import draw
from .fold import OutputKind, fold_sheet, screen_pages
from .layout import Layout, lay_out
from .layoutcheck import check_layout
from .load import load_edition
from .model import PAPERS, Edition, Fold, Paper
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
    fold: Fold | None = None  # None: the brochure's first configured fold


@dataclass(frozen=True)
class Rendered:
    edition: Edition
    paper: Paper
    kind: OutputKind
    layout: Layout
    pdf: bytes
    warnings: tuple[Finding, ...]
    preflight: PreflightReport


def output_name(edition: Edition, paper: Paper, kind: OutputKind | None, fold: Fold = Fold.ROLL) -> str:
    """The file name of a rendered edition, e.g. ct-human-trafficking-en-letter-press.pdf.

    A fold other than the usual roll fold is named (`...-en-letter-z-press.pdf`), so the
    files of one folder made in both folds never overwrite each other. `kind` None is the
    print-instructions sheet.
    """
    suffix = {OutputKind.OFFICE: "", OutputKind.PRESS: "-press", OutputKind.SCREEN: "-screen", None: "-instructions"}[
        kind
    ]
    folded = "" if fold == Fold.ROLL else f"-{fold.value}"
    return f"{edition.name}-{paper.name}{folded}{suffix}.pdf"


def paper_for(edition: Edition, paper: str | None) -> Paper:
    return PAPERS[paper] if paper else edition.design.papers[0]


def fold_for(edition: Edition, fold: Fold | None) -> Fold:
    return fold or edition.design.folds[0]


def lay_out_job(
    job: Job, edition: Edition | None = None, *, strict: bool = False
) -> tuple[Edition, Paper, Layout, list[Finding]]:
    """Load (unless given), lay out and check the layout, without drawing: what --check needs.

    Raises `BrochureError` for anything that stops a render before its PDF exists;
    with `strict`, also for the layout's warnings that preflight would repeat (and
    `--strict` fail on), so `--check --strict` and `--strict` agree.
    """
    warnings: list[Finding] = []
    if edition is None:
        edition, warnings = load_edition(job.edition_path)
    paper = paper_for(edition, job.paper)
    fold = fold_for(edition, job.fold)
    design = edition.design
    if job.kind == OutputKind.SCREEN:
        plan = screen_pages(paper, fold, design.fold_in_offset, design.margins)
    else:
        plan = fold_sheet(paper, fold, design.fold_in_offset, design.margins, job.kind, design.bleed, job.marks)
    layout = lay_out(edition, plan)
    # What the layout decides is judged here, so --check and a render reach the same verdict on it.
    findings = check_layout(layout)
    if strict:
        # Preflight repeats the loader's warnings about numbers kept for fiction, and a render with --strict
        # fails on them: so must --check --strict (printed once: the loader's copy is word for word the same).
        from .load import fictional_numbers

        findings += [f for contact in edition.contacts.values() for f in fictional_numbers(contact)]
    if any(f.severity == Severity.ERROR for f in findings) or (strict and findings):
        raise BrochureError(warnings + list(layout.warnings) + findings)
    problems = readability_findings(layout)  # headings in order, contrast: what a reader needs
    if problems:
        raise BrochureError(problems)
    return edition, paper, layout, warnings + list(layout.warnings) + findings


@contextmanager
def _collector_paused() -> Iterator[None]:
    """The garbage collector off for a lazy import (and back as it was): what the import makes lives as long
    as the process, so the collections it would trigger walk it a few dozen times and free nothing (~4 ms)."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()


def render(job: Job, edition: Edition | None = None) -> Rendered:
    """Run every stage for one job, preflight included, and return the PDF in memory."""
    with _collector_paused():  # PDFium and PIL cost ~70 ms to import: only when a PDF is checked
        from .preflight import preflight

    edition, paper, layout, warnings = lay_out_job(job, edition)
    pdf = draw(layout)
    name = output_name(edition, paper, job.kind, layout.plan.fold)
    # No second draw to prove the bytes deterministic on every render (it cost as much as the draw): the tests
    # render editions of every script, kind and fold again in fresh processes with other hash seeds and compare.
    report = preflight(layout, pdf, name=name)
    return Rendered(edition, paper, job.kind, layout, pdf, tuple(warnings), report)
