"""Command line: `python render.py FILE.yaml [options]` and `python render.py --all`.

`main(argv, stdout, stderr)` returns the exit status (0 done, 1 a content problem,
2 a usage mistake) so the tests run it in process. Content problems are printed
as `file:line:column: error: message [where]` with a hint, never as a traceback.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

from .consistency import compare_with_source, unused_contacts
from .diagnostics import BrochureError, Finding, Location, Severity, display_path
from .fold import OutputKind
from .load import BROCHURE_FILE, CONTACTS_FILE, load_edition
from .model import PAPERS
from .output import write_atomically
from .pipeline import Job, lay_out_job, output_name, render

DATA_DIR = Path("data")
OUT_DIR = Path("out")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="render.py",
        description="Render tri-fold brochure PDFs from YAML editions.",
        epilog="Examples:\n"
        "  python render.py data/ct-human-trafficking/en.yaml\n"
        "  python render.py data/ct-human-trafficking/en.yaml --press -o shop.pdf\n"
        "  python render.py --all            every edition, every paper, office and press\n"
        "  python render.py --check --all    validate and fit everything, write nothing",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("editions", nargs="*", type=Path, metavar="FILE.yaml", help="edition files to render")
    parser.add_argument("--all", action="store_true", help=f"every edition under {DATA_DIR}/ (see --data)")
    parser.add_argument("--data", type=Path, default=DATA_DIR, help="folder of brochures for --all (default: data)")
    parser.add_argument(
        "--press", action="store_true", help="print-shop edition: bleed, TrimBox/BleedBox, crop and fold marks"
    )
    parser.add_argument("--office", action="store_true", help="office edition (the default for one file)")
    parser.add_argument(
        "--screen", action="store_true", help="screen edition: one page per panel, for e-mail and phones"
    )
    parser.add_argument("--instructions", action="store_true", help="one-page print and fold instructions")
    parser.add_argument("--png", action="store_true", help="PNG proofs beside each print PDF: outside, inside, folded")
    parser.add_argument(
        "--guides", action="store_true", help="PNG proofs with trim, bleed, safe area, folds and panel names drawn on"
    )
    parser.add_argument(
        "--bundle",
        action="store_true",
        help="everything for each edition: office and press PDFs on every paper, PNG proofs, "
        "screen PDF, instructions, preflight report (the default with --all)",
    )
    parser.add_argument("--no-marks", action="store_true", help="press edition without crop and fold marks")
    parser.add_argument("--paper", choices=sorted(PAPERS), help="paper size (default: the brochure's first)")
    parser.add_argument("-o", "--output", type=Path, help="output PDF (one edition only)")
    parser.add_argument("--out-dir", type=Path, default=OUT_DIR, help="folder for output PDFs (default: out)")
    parser.add_argument("--check", action="store_true", help="validate and lay out, write nothing")
    parser.add_argument("--preflight", action="store_true", help="print the preflight report of each PDF")
    parser.add_argument("--json", action="store_true", help="print the preflight reports as JSON on standard output")
    parser.add_argument("--strict", action="store_true", help="preflight warnings fail the render too")
    parser.add_argument(
        "--jobs", type=int, default=os.cpu_count() or 1, help="editions rendered in parallel (default: all cores)"
    )
    return parser


@dataclass
class _Outcome:
    """What happened to one edition file: printed by the parent process."""

    edition: str
    lines: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    failed: bool = False
    written: int = 0
    folder: str = ""
    reports: list[dict] = field(default_factory=list)
    contacts_used: frozenset[str] = frozenset()
    unused_warnings: list[Finding] = field(default_factory=list)  # per brochure; printed once by the parent


def main(argv: list[str] | None = None, stdout: TextIO | None = None, stderr: TextIO | None = None) -> int:
    stdout = stdout or sys.stdout
    stderr = stderr or sys.stderr
    parser = _parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exit_:
        return int(exit_.code or 0)

    args.png = args.png or args.guides  # guides are drawn on the proofs
    if args.all and args.editions:
        return _usage(stderr, "give edition files or --all, not both")
    if not args.all and not args.editions:
        return _usage(stderr, "which edition? e.g. python render.py data/ct-human-trafficking/en.yaml (or --all)")
    if args.output and (args.all or args.bundle or len(args.editions) != 1):
        return _usage(stderr, "-o names one output file: give exactly one edition")
    if args.output and not args.check:
        folder = args.output.parent if str(args.output.parent) else Path(".")
        if not folder.is_dir():
            print(
                f"error: output folder '{folder}' does not exist\n    hint: create it first, or choose another -o path",
                file=stderr,
            )
            return 1
        if not os.access(folder, os.W_OK):
            print(
                f"error: cannot write to folder '{folder}'\n    hint: choose an -o path in a folder you can write to",
                file=stderr,
            )
            return 1

    if args.all:
        editions = discover_editions(args.data)
        if not editions:
            print(f"error: no editions found under {args.data}/ (expected {args.data}/NAME/LANG.yaml)", file=stderr)
            return 1
    else:
        editions = args.editions

    tasks = [(path, args) for path in editions]
    started = time.perf_counter()
    outcomes: list[_Outcome] = []
    if len(tasks) > 1 and args.jobs > 1:
        from concurrent.futures import ProcessPoolExecutor, as_completed  # costs 15 ms: only when needed

        with ProcessPoolExecutor(max_workers=min(args.jobs, len(tasks))) as pool:
            futures = [pool.submit(_run_edition, *task) for task in tasks]
            for future in as_completed(futures):
                outcome = future.result()
                _print_outcome(outcome, stderr if args.json else stdout, stderr)
                outcomes.append(outcome)
    else:
        for task in tasks:
            outcome = _run_edition(*task)
            _print_outcome(outcome, stderr if args.json else stdout, stderr)
            outcomes.append(outcome)

    failed = [o for o in outcomes if o.failed]
    if args.json:
        reports = [report for o in outcomes for report in o.reports]
        json.dump(
            {
                "ok": not failed,
                "pdfs": sorted(reports, key=lambda r: r["file"]),
                "failed": sorted(o.edition for o in failed),
            },
            stdout,
            indent=2,
            ensure_ascii=False,
        )
        stdout.write("\n")
    if args.all:
        for message in _brochure_warnings(outcomes):
            print(message, file=stderr)
    if len(outcomes) > 1 or args.all:
        verb = "checked" if args.check else "written"
        total = sum(o.written for o in outcomes)
        print(
            f"{len(outcomes) - len(failed)} of {len(outcomes)} editions ok, "
            f"{total} file{'s' if total != 1 else ''} {verb}"
            f" in {time.perf_counter() - started:.1f} s"
            + (f"; failed: {', '.join(sorted(o.edition for o in failed))}" if failed else ""),
            file=stderr if args.json else stdout,
        )
    return 1 if failed else 0


def _usage(stderr: TextIO, message: str) -> int:
    print(f"render.py: error: {message}", file=stderr)
    return 2


def discover_editions(data: Path) -> list[Path]:
    """Every edition file: data/<brochure>/<code>.yaml beside a brochure.yaml."""
    found = []
    for settings in sorted(data.glob(f"*/{BROCHURE_FILE}")):
        for path in sorted(settings.parent.glob("*.yaml")):
            if path.name not in (BROCHURE_FILE, CONTACTS_FILE):
                found.append(path)
    return found


@dataclass(frozen=True)
class _Product:
    """One file to make from an edition: a PDF of some kind (None: the print-instructions sheet)."""

    paper: str | None
    kind: OutputKind | None
    proofs: bool = False


def _products(args: argparse.Namespace, edition) -> list[_Product]:
    chosen = [
        kind
        for kind, wanted in (
            (OutputKind.OFFICE, args.office),
            (OutputKind.PRESS, args.press),
            (OutputKind.SCREEN, args.screen),
        )
        if wanted
    ]
    everything = not chosen and not args.instructions and (args.all or args.bundle)
    many_papers = args.all or args.bundle
    papers = [args.paper] if args.paper else ([p.name for p in edition.design.papers] if many_papers else [None])
    products: list[_Product] = []
    for index, paper in enumerate(papers):
        if everything:
            products += [
                _Product(paper, OutputKind.OFFICE, proofs=True),
                _Product(paper, OutputKind.PRESS, args.png),
                _Product(paper, None),
            ]
            if index == 0:  # the screen edition is read on phones: one paper's proportions are enough
                products.append(_Product(paper, OutputKind.SCREEN))
            continue
        kinds = chosen or ([] if args.instructions else [OutputKind.OFFICE])
        products += [_Product(paper, kind, proofs=args.png and kind != OutputKind.SCREEN) for kind in kinds]
        if args.instructions:
            products.append(_Product(paper, None))
    return products


def _run_edition(path: Path, args: argparse.Namespace) -> _Outcome:
    """Make (or check) every product of one edition file; never raises.

    Content problems are findings. Anything else is a bug in brochure: it is
    reported as one, without a traceback (`BROCHURE_DEBUG=1` shows it), and
    the edition counts as failed so nothing half-made is written.
    """
    try:
        return _make_edition(path, args)
    except Exception as error:  # noqa: BLE001 - the last line of defence for a person at a terminal
        if os.environ.get("BROCHURE_DEBUG"):
            raise
        outcome = _Outcome(display_path(path), failed=True)
        outcome.problems.append(
            f"{display_path(path)}: internal error: {type(error).__name__}: {error}\n"
            "    hint: this is a bug in brochure, not in your file: please report it with this file attached "
            "(BROCHURE_DEBUG=1 shows the details)"
        )
        return outcome


def _make_edition(path: Path, args: argparse.Namespace) -> _Outcome:
    outcome = _Outcome(display_path(path))
    try:
        edition, warnings = load_edition(path)
    except BrochureError as error:
        outcome.failed = True
        outcome.problems.extend(f.format() for f in error.findings)
        return outcome
    outcome.problems.extend(f.format() for f in warnings)
    outcome.folder = str(path.parent.resolve())
    outcome.contacts_used = edition.contacts_used
    outcome.unused_warnings = unused_contacts([edition])
    source_findings = _compare_with_source(edition)
    outcome.problems.extend(f.format() for f in source_findings)
    if any(f.severity == Severity.ERROR for f in source_findings):
        outcome.failed = True
        return outcome
    products = _products(args, edition)
    if args.output and len(products) != 1:
        outcome.failed = True
        outcome.problems.append("error: -o names one file, but these options make several; drop -o or --png")
        return outcome
    reported: set[str] = set()

    def report(findings) -> None:
        for finding in findings:
            text = finding.format()
            if text not in reported:
                reported.add(text)
                outcome.problems.append(text)

    for product in products:
        if args.check and product.kind is None:
            continue
        started = time.perf_counter()
        try:
            line = _make(product, path, edition, args, outcome, report)
        except BrochureError as error:
            outcome.failed = True
            report(error.findings)
            continue
        except OSError as error:
            outcome.failed = True
            outcome.problems.append(f"error: cannot write {error.filename or ''}: {error.strerror}")
            continue
        outcome.lines.append(f"{line}, {time.perf_counter() - started:.2f} s")
    if (args.all or args.bundle) and outcome.reports and not args.check and not args.output:
        target = args.out_dir / f"{edition.name}-preflight.json"
        write_atomically(target, json.dumps(outcome.reports, indent=2, ensure_ascii=False).encode("utf-8") + b"\n")
    return outcome


def _make(product: _Product, path: Path, edition, args: argparse.Namespace, outcome: _Outcome, report) -> str:
    """Make one product; return its line for the progress output. Raises BrochureError or OSError."""
    if product.kind is None:
        return _make_instructions(product, path, edition, args, outcome, report)
    job = Job(path, product.paper, product.kind, marks=not args.no_marks)
    if args.check:
        _, paper, layout, warnings = lay_out_job(job, edition)
        report(warnings)
        outcome.written += 1
        return f"ok  {display_path(path)} ({paper.name} {product.kind.value})  fits, {_type_summary(edition, layout)}"
    rendered = render(job, edition)
    checked = rendered.preflight
    outcome.reports.append(checked.as_dict())
    if args.preflight:
        outcome.lines.append(checked.summary())
    if checked.errors or (args.strict and checked.warnings):
        raise BrochureError(checked.findings)
    report(list(rendered.warnings) + checked.warnings)
    target = _target(args, output_name(edition, rendered.paper, product.kind))
    write_atomically(target, rendered.pdf)
    outcome.written += 1
    pages = len(rendered.layout.plan.sides)
    line = (
        f"ok  {display_path(target)}  {pages} pages, {len(rendered.pdf) / 1024:.0f} KB, "
        f"{_type_summary(edition, rendered.layout)}"
    )
    if product.proofs:
        from .proofs import make_proofs, reading_marks  # PIL drawing: only when proofs are asked for

        marks = reading_marks(rendered.layout) if args.guides else ()
        proofs = make_proofs(rendered.pdf, rendered.layout.plan, guides=args.guides, marks=marks)
        names = ["outside", "inside"]
        for image, name in zip(proofs.sides, names):
            _write_png(target.with_name(f"{target.stem}-{name}.png"), image)
        _write_png(target.with_name(f"{target.stem}-folded.png"), proofs.folded)
        outcome.written += 3
        line += ", PNG proofs"
    return line


def _make_instructions(product: _Product, path: Path, edition, args, outcome: _Outcome, report) -> str:
    from .instructions import draw_instructions  # only when the sheet is asked for

    job = Job(path, product.paper, OutputKind.OFFICE)
    _, paper, layout, _ = lay_out_job(job, edition)
    pdf, warnings = draw_instructions(edition, layout.plan, output_name(edition, paper, OutputKind.OFFICE))
    report(warnings)
    from .instructions import MESSAGES
    from .pdfua import rule_findings  # reads the sheet back: pypdf, only when the sheet is made

    problems = rule_findings(pdf, Location(display_path(MESSAGES)))
    if problems:
        raise BrochureError(problems)
    target = _target(args, f"{edition.name}-{paper.name}-instructions.pdf")
    write_atomically(target, pdf)
    outcome.written += 1
    return f"ok  {display_path(target)}  1 page, {len(pdf) / 1024:.0f} KB, print instructions in {edition.language}"


def _target(args: argparse.Namespace, name: str) -> Path:
    if args.output:
        return args.output
    args.out_dir.mkdir(parents=True, exist_ok=True)
    return args.out_dir / name


def _write_png(path: Path, image) -> None:
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=False)
    write_atomically(path, buffer.getvalue())


def _type_summary(edition, layout) -> str:
    """'11 pt body, leading 1.40' plus what the fit had to do."""
    type_scale = edition.design.type
    fitted = layout.body_size < type_scale.body_size or layout.leading < type_scale.leading
    text = f"{layout.body_size:g} pt body, leading {layout.leading:.2f}"
    if layout.hyphenated:
        text += ", hyphenated"
    if fitted:
        text += f" (fitted; design {type_scale.body_size:g} pt, {type_scale.leading:.2f})"
    shrunk = [f"{p.role.value} at {p.body_size:g} pt" for p in layout.panels if p.body_size < layout.body_size]
    if shrunk:
        text += f", shrunk: {', '.join(shrunk)}"
    return text


def _compare_with_source(edition) -> list[Finding]:
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
    return compare_with_source(source, edition)


def _brochure_warnings(outcomes: list[_Outcome]) -> list[str]:
    """Contacts that no edition of a brochure uses (known only once every edition has been read)."""
    messages = []
    for folder in sorted({o.folder for o in outcomes if o.folder}):
        group = [o for o in outcomes if o.folder == folder]
        used = set().union(*(o.contacts_used for o in group))
        for finding in group[0].unused_warnings:
            if not any(f"'{contact}'" in finding.message for contact in used):
                messages.append(finding.format())
    return messages


def _print_outcome(outcome: _Outcome, stdout: TextIO, stderr: TextIO) -> None:
    for line in outcome.lines:
        print(line, file=stdout)
    for problem in outcome.problems:
        print(problem, file=stderr)
    if outcome.failed:
        print(f"FAILED  {outcome.edition}: nothing written for it; the previous PDFs are untouched", file=stderr)
    stdout.flush()
    stderr.flush()


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
