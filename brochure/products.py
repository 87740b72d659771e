"""Every product of one edition, made in memory: PDFs, PNG proofs, the preflight report.

In:  an edition file and `Options` (what to make, from the command line).
Out: `EditionResult`: the files to write with the line to print for each product, the
     problems found, the preflight reports and the edition's input files. Nothing is
     written here: the caller writes all files of an edition or none (`output.commit`),
     so a product that fails (say the Letter PDF, after the A4 one was made) leaves every
     old file of the edition as it was. Workers of `--all` run this and return the result
     to the parent, which alone writes.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, TypedDict, Unpack

from .consistency import check_translation, unused_contacts_by_id
from .diagnostics import BrochureError, Finding, Location, Severity, display_path
from .fold import OutputKind
from .layout import Layout, PanelOverflow, fit_explanation
from .load import BROCHURE_FILE, CONTACTS_FILE, load_edition
from .model import Edition, Fold, Image
from .output import OutFile
from .pipeline import Job, fold_for, lay_out_job, output_name, paper_for, render

if TYPE_CHECKING:
    import PIL.Image  # proofs import Pillow only when asked for

@dataclass(frozen=True)
class Options:
    """What to make of each edition: the command line's choices, picklable for the workers."""

    office: bool = False
    press: bool = False
    screen: bool = False
    instructions: bool = False
    png: bool = False
    guides: bool = False
    every_paper: bool = False  # --all or --bundle: every paper of brochure.yaml
    paper: str | None = None
    fold: str | None = None  # --fold: roll or z; None: every fold of brochure.yaml (--all), else the first
    marks: bool = True
    check: bool = False
    preflight: bool = False
    strict: bool = False
    output: Path | None = None
    out_dir: Path = Path("out")

    @classmethod
    def from_args(cls, args: argparse.Namespace) -> Options:
        return cls(
            office=args.office,
            press=args.press,
            screen=args.screen,
            instructions=args.instructions,
            png=args.png or args.guides,  # guides are drawn on the proofs
            guides=args.guides,
            every_paper=args.all or args.bundle,
            paper=args.paper,
            fold=args.fold,
            marks=not args.no_marks,
            check=args.check,
            preflight=args.preflight,
            strict=args.strict,
            output=args.output,
            out_dir=args.out_dir,
        )

@dataclass(frozen=True)
class Product:
    """One thing to make from an edition: a PDF of some kind (None: the print-instructions sheet)."""

    paper: str | None
    kind: OutputKind | None
    proofs: bool = False
    fold: Fold | None = None  # None: the brochure's first fold

@dataclass(frozen=True)
class Made:
    """One product made in memory: its files and the line printed once they are written."""

    line: str
    files: tuple[OutFile, ...] = ()

class _EditionFacts(TypedDict, total=False):
    """What a loaded edition adds to its result (the EditionResult fields of the same names)."""

    folder: str
    contacts_used: frozenset[str]
    unused_contacts: dict[str, Finding]
    inputs: dict[Path, str]

@dataclass(frozen=True)
class EditionResult:
    """Everything one edition file produced; `failed` means nothing of it may be written."""

    edition: str  # the edition file as the person typed it
    made: tuple[Made, ...] = ()
    notes: tuple[str, ...] = ()  # lines printed whatever happens (preflight summaries)
    problems: tuple[str, ...] = ()  # formatted findings: errors and warnings
    failed: bool = False
    reports: tuple[dict[str, object], ...] = ()  # preflight reports, for --json
    folder: str = ""  # the brochure's folder, for the per-brochure warnings
    contacts_used: frozenset[str] = frozenset()
    # Per brochure, each keyed by its contact's id; printed once by the parent if no edition uses the contact.
    unused_contacts: dict[str, Finding] = field(default_factory=dict)
    inputs: dict[Path, str] = field(default_factory=dict)  # input file -> what it is; never written over
    # A failed edition writes nothing but these: a picture of each panel that did not fit, to see what to cut.
    overflow_pictures: tuple[OutFile, ...] = ()

    @property
    def files(self) -> tuple[OutFile, ...]:
        return tuple(f for m in self.made for f in m.files)

def source_files(path: Path) -> dict[Path, str]:
    """The files of an edition's brochure known from its path alone (before loading), and what each is."""
    folder = path.parent
    files = {other: "another edition of this brochure" for other in sorted(folder.glob("*.yaml"))}
    files[folder / BROCHURE_FILE] = f"this brochure's design ({BROCHURE_FILE})"
    files[folder / CONTACTS_FILE] = f"this brochure's contacts ({CONTACTS_FILE})"
    files[path] = "the edition being rendered"
    return files

def output_stem(path: Path) -> str:
    """The start of every output file name of an edition (`Edition.name`), known before loading."""
    return f"{path.parent.resolve().name}-{path.stem}"

def edition_inputs(edition: Edition) -> dict[Path, str]:
    """Every file a render of `edition` reads: its YAML files, its source edition, images, fonts, press profile."""
    inputs = source_files(edition.path)
    if edition.source_edition:
        inputs[edition.path.parent / f"{edition.source_edition}.yaml"] = "the source edition of this translation"
    for panel in edition.panels:
        if panel.background_image is not None:
            inputs[panel.background_image.path] = "an image of this edition"
        for block in panel.blocks:
            if isinstance(block, Image):
                inputs[block.path] = "an image of this edition"
    type_scale = edition.design.type
    for family in (type_scale.font, *type_scale.fallback_fonts):
        inputs.update({path: "a font of this edition" for _, path in family.faces})  # found and checked at load
    if edition.design.printing is not None:  # read by LittleCMS and kept by the press edition: named here
        inputs[edition.design.printing.profile] = "the press profile of this brochure"
    return inputs


def products_for(options: Options, edition: Edition) -> list[Product]:
    """The products the options ask for, in the order they are made and printed."""
    chosen = [
        kind
        for kind, wanted in (
            (OutputKind.OFFICE, options.office),
            (OutputKind.PRESS, options.press),
            (OutputKind.SCREEN, options.screen),
        )
        if wanted
    ]
    everything = not chosen and not options.instructions and options.every_paper
    if options.paper:
        papers: list[str | None] = [options.paper]
    else:
        papers = [p.name for p in edition.design.papers] if options.every_paper else [None]
    folds: list[Fold | None]
    if options.fold:
        folds = [Fold(options.fold)]
    else:
        folds = list(edition.design.folds) if options.every_paper else [None]
    products: list[Product] = []
    for index, (fold, paper) in enumerate([(fold, paper) for fold in folds for paper in papers]):
        if everything:
            products += [
                Product(paper, OutputKind.OFFICE, proofs=True, fold=fold),
                Product(paper, OutputKind.PRESS, options.png, fold=fold),
                Product(paper, None, fold=fold),
            ]
            # The screen edition is read on phones: one paper's proportions are enough, and its pages
            # follow the reading order, which is the same for every fold.
            if index == 0:
                products.append(Product(paper, OutputKind.SCREEN, fold=fold))
            continue
        kinds = chosen or ([] if options.instructions else [OutputKind.OFFICE])
        products += [
            Product(paper, kind, proofs=options.png and kind != OutputKind.SCREEN, fold=fold) for kind in kinds
        ]
        if options.instructions:
            products.append(Product(paper, None, fold=fold))
    return products

def make_edition(path: Path, options: Options) -> EditionResult:
    """Make (or with `check`, lay out) every product of one edition file, in memory; never raises.

    Content problems are findings. Anything else is a bug in brochure: it is reported as
    one, without a traceback (`BROCHURE_DEBUG=1` shows it), and the edition fails, so
    nothing half-made is written.
    """
    try:
        return _Maker(path, options).run()
    except Exception as error:  # noqa: BLE001 - the last line of defence for a person at a terminal
        if os.environ.get("BROCHURE_DEBUG"):
            raise
        shown = display_path(path)
        return EditionResult(
            shown,
            problems=(
                f"{shown}: internal error: {type(error).__name__}: {error}\n"
                "    hint: this is a bug in brochure, not in your file: please report it with this file attached "
                "(BROCHURE_DEBUG=1 shows the details)",
            ),
            failed=True,
        )

class _Maker:
    """Collects what one edition makes; `run` returns it as an `EditionResult`."""

    def __init__(self, path: Path, options: Options):
        self.path = path
        self.options = options
        self.made: list[Made] = []
        self.notes: list[str] = []
        self.problems: list[str] = []
        self.reports: list[dict[str, object]] = []
        self.failed = False
        self.pictures: dict[Path, OutFile] = {}  # overflow pictures, each panel once

    def report(self, findings: Iterable[Finding]) -> None:
        for finding in findings:
            text = finding.format()
            if text not in self.problems:
                self.problems.append(text)

    def result(self, **known: Unpack[_EditionFacts]) -> EditionResult:
        return EditionResult(
            display_path(self.path),
            made=tuple(self.made),
            notes=tuple(self.notes),
            problems=tuple(self.problems),
            failed=self.failed,
            reports=tuple(self.reports),
            overflow_pictures=tuple(self.pictures.values()),
            **known,
        )

    def run(self) -> EditionResult:
        try:
            edition, warnings = load_edition(self.path)
        except BrochureError as error:
            self.failed = True
            self.report(error.findings)
            return self.result()
        self.report(warnings)
        known: _EditionFacts = {
            "folder": str(self.path.parent.resolve()),
            "contacts_used": edition.contacts_used,
            "unused_contacts": unused_contacts_by_id([edition]),
            "inputs": edition_inputs(edition),
        }
        source_findings = _compare_with_source(edition)
        self.report(source_findings)
        if any(f.severity == Severity.ERROR for f in source_findings):
            self.failed = True
            return self.result(**known)
        products = products_for(self.options, edition)
        if self.options.output and len(products) != 1:
            self.failed = True
            self.problems.append("error: -o names one file, but these options make several; drop -o or --png")
            return self.result(**known)
        for product in products:
            if self.options.check and product.kind is None:
                continue
            started = time.perf_counter()
            try:
                made = self._make(product, edition)
            except PanelOverflow as error:
                self.failed = True
                self.report(error.findings)
                if not self.options.check:
                    self._picture_overflow(error, product, edition)
                continue
            except BrochureError as error:
                self.failed = True
                self.report(error.findings)
                continue
            self.made.append(Made(f"{made.line}, {time.perf_counter() - started:.2f} s", made.files))
        if self.options.every_paper and self.reports and not self.options.check and not self.options.output:
            report = json.dumps(self.reports, indent=2, ensure_ascii=False).encode("utf-8") + b"\n"
            self.made.append(Made("", (OutFile(self.options.out_dir / f"{edition.name}-preflight.json", report),)))
        return self.result(**known)

    def _target(self, name: str) -> Path:
        return self.options.output or self.options.out_dir / name

    def _make(self, product: Product, edition: Edition) -> Made:
        """Make one product in memory. Raises BrochureError."""
        if product.kind is None:
            return self._make_instructions(product, edition)
        options = self.options
        job = Job(edition.path, product.paper, product.kind, marks=options.marks, fold=product.fold)
        if options.check:
            _, paper, layout, warnings = lay_out_job(job, edition, strict=options.strict)
            self.report(warnings)
            fold = "" if layout.plan.fold == Fold.ROLL else f" {layout.plan.fold.value} fold"
            return Made(
                f"ok  {display_path(edition.path)} ({paper.name}{fold} {product.kind.value})  "
                f"fits, {type_summary(edition, layout)}"
            )
        rendered = render(job, edition)
        checked = rendered.preflight
        self.reports.append(checked.as_dict())
        if options.preflight:
            self.notes.append(checked.summary())
        if checked.errors or (options.strict and checked.warnings):
            raise BrochureError(checked.findings)
        self.report(list(rendered.warnings) + checked.warnings)
        target = self._target(output_name(edition, rendered.paper, product.kind, rendered.layout.plan.fold))
        files = [OutFile(target, rendered.pdf)]
        pages = len(rendered.layout.plan.sides)
        line = (
            f"ok  {display_path(target)}  {pages} pages, {len(rendered.pdf) / 1024:.0f} KB, "
            f"{type_summary(edition, rendered.layout)}"
        )
        if product.proofs:
            from .proofs import encoded_proofs, reading_marks  # PIL drawing: only when proofs are asked for

            pdf = rendered.pdf
            if product.kind == OutputKind.PRESS:
                from .draw import draw

                # A soft proof: the press file's inks shown as the CMYK profile says the press prints them
                # (a viewer's own CMYK-to-screen conversion is a guess).
                pdf = draw(rendered.layout, soft_proof=True)
            marks = reading_marks(rendered.layout) if options.guides else ()
            # Encoded one side at a time, so an edition never holds every picture at once (memory in --all).
            pngs = encoded_proofs(pdf, rendered.layout.plan, _png, guides=options.guides, marks=marks)
            for png, name in zip(pngs, ("outside", "inside", "folded")):
                files.append(OutFile(target.with_name(f"{target.stem}-{name}.png"), png))
            line += ", PNG proofs"
        return Made(line, tuple(files))

    def _picture_overflow(self, error: PanelOverflow, product: Product, edition: Edition) -> None:
        """A PNG of each panel that does not fit, beside where its PDF would go: NAME-overflow-PANEL.png.

        The office, press and screen editions of one paper and fold overflow alike, so each panel is
        pictured once, named after the office PDF (or the -o file). No PDF is written.
        """
        from .proofs import overflow_picture  # PIL and PDFium: only when a panel overflowed

        paper, fold = paper_for(edition, product.paper), fold_for(edition, product.fold)
        pdf = self._target(output_name(edition, paper, OutputKind.OFFICE, fold))
        for panel in error.panels:
            target = pdf.with_name(f"{pdf.stem}-overflow-{panel.role.value}.png")
            if target in self.pictures:
                continue
            self.pictures[target] = OutFile(target, _png(overflow_picture(panel, edition)))
            self.problems.append(
                f"    see {display_path(target)}: panel '{panel.role.value}' as set, the text running on below its edge"
            )

    def _make_instructions(self, product: Product, edition: Edition) -> Made:
        from .instructions import draw_instructions  # only when the sheet is asked for

        job = Job(edition.path, product.paper, OutputKind.OFFICE, fold=product.fold)
        _, paper, layout, _ = lay_out_job(job, edition)
        fold = layout.plan.fold
        pdf, warnings = draw_instructions(edition, layout.plan, output_name(edition, paper, OutputKind.OFFICE, fold))
        self.report(warnings)
        from .instructions import MESSAGES
        from .pdfua import rule_findings  # reads the sheet back: pypdf, only when the sheet is made

        problems = rule_findings(pdf, Location(MESSAGES))
        if problems:
            raise BrochureError(problems)
        target = self._target(output_name(edition, paper, None, fold))
        return Made(
            f"ok  {display_path(target)}  1 page, {len(pdf) / 1024:.0f} KB, print instructions in {edition.language}",
            (OutFile(target, pdf),),
        )

def _png(image: PIL.Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=False)
    return buffer.getvalue()

def type_summary(edition: Edition, layout: Layout) -> str:
    """'11 pt body, leading 1.40' plus what the fit had to do, and which panel made it."""
    type_scale = edition.design.type
    fitted = layout.body_size < type_scale.body_size or layout.leading < type_scale.leading
    text = f"{layout.body_size:g} pt body, leading {layout.leading:.2f}"
    if layout.hyphenated:
        text += ", hyphenated"
    notes = [f"fitted; design {type_scale.body_size:g} pt, {type_scale.leading:.2f}"] if fitted else []
    if layout.refused:
        notes.append(fit_explanation(layout))
    if notes:
        text += f" ({'; '.join(notes)})"
    shrunk = [f"{p.role.value} at {p.body_size:g} pt" for p in layout.panels if p.body_size < layout.body_size]
    if shrunk:
        text += f", shrunk: {', '.join(shrunk)}"
    return text

def _compare_with_source(edition: Edition) -> list[Finding]:
    """A translation is checked against its source edition (`source: en`) every time it is rendered."""
    if not edition.source_edition:
        return []
    source_path = edition.path.parent / f"{edition.source_edition}.yaml"
    if not source_path.exists():
        return [
            Finding(
                Severity.ERROR,
                f"source edition '{edition.source_edition}' not found: {display_path(source_path)}",
                where="source",
                hint="'source:' names the file (without .yaml) this edition translates",
            )
        ]
    try:
        source, _ = load_edition(source_path)
    except BrochureError:
        return [Finding(Severity.ERROR, f"the source edition {display_path(source_path)} has errors; fix it first")]
    return check_translation(source, edition)  # structure, then the brochure's term list
