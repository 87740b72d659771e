"""Command line: `python render.py FILE.yaml [options]` and `python render.py --all`.

`main(argv, stdout, stderr)` returns the exit status (0 done, 1 a content problem,
2 a usage mistake) so the tests run it in process. Content problems are printed
as `file:line:column: error: message [where]` with a hint, never as a traceback.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

from .consistency import compare_with_source, unused_contacts
from .diagnostics import BrochureError, Finding, Severity, display_path
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
    parser.add_argument("--press", action="store_true", help="print-shop edition: bleed, TrimBox/BleedBox, crop and fold marks")
    parser.add_argument("--office", action="store_true", help="with --all: only office editions")
    parser.add_argument("--no-marks", action="store_true", help="press edition without crop and fold marks")
    parser.add_argument("--paper", choices=sorted(PAPERS), help="paper size (default: the brochure's first)")
    parser.add_argument("-o", "--output", type=Path, help="output PDF (one edition only)")
    parser.add_argument("--out-dir", type=Path, default=OUT_DIR, help="folder for output PDFs (default: out)")
    parser.add_argument("--check", action="store_true", help="validate and lay out, write nothing")
    parser.add_argument("--preflight", action="store_true", help="print the preflight report of each PDF")
    parser.add_argument("--json", action="store_true", help="print the preflight reports as JSON on standard output")
    parser.add_argument("--strict", action="store_true", help="preflight warnings fail the render too")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="editions rendered in parallel (default: all cores)")
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

    if args.all and args.editions:
        return _usage(stderr, "give edition files or --all, not both")
    if not args.all and not args.editions:
        return _usage(stderr, "which edition? e.g. python render.py data/ct-human-trafficking/en.yaml (or --all)")
    if args.output and (args.all or len(args.editions) != 1):
        return _usage(stderr, "-o names one output file: give exactly one edition")
    if args.output and not args.check:
        folder = args.output.parent if str(args.output.parent) else Path(".")
        if not folder.is_dir():
            print(f"error: output folder '{folder}' does not exist\n    hint: create it first, or choose another -o path",
                  file=stderr)
            return 1
        if not os.access(folder, os.W_OK):
            print(f"error: cannot write to folder '{folder}'\n    hint: choose an -o path in a folder you can write to", file=stderr)
            return 1

    if args.all:
        editions = discover_editions(args.data)
        if not editions:
            print(f"error: no editions found under {args.data}/ (expected {args.data}/NAME/LANG.yaml)", file=stderr)
            return 1
    else:
        editions = args.editions

    kinds = _kinds(args)
    tasks = [(path, kinds, args) for path in editions]
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
        json.dump({"ok": not failed, "pdfs": sorted(reports, key=lambda r: r["file"]),
                   "failed": sorted(o.edition for o in failed)}, stdout, indent=2, ensure_ascii=False)
        stdout.write("\n")
    if args.all:
        for message in _brochure_warnings(outcomes):
            print(message, file=stderr)
    if len(outcomes) > 1 or args.all:
        verb = "checked" if args.check else "written"
        total = sum(o.written for o in outcomes)
        print(
            f"{len(outcomes) - len(failed)} of {len(outcomes)} editions ok, {total} PDF{'s' if total != 1 else ''} {verb}"
            f" in {time.perf_counter() - started:.1f} s"
            + (f"; failed: {', '.join(sorted(o.edition for o in failed))}" if failed else ""),
            file=stderr if args.json else stdout,
        )
    return 1 if failed else 0


def _usage(stderr: TextIO, message: str) -> int:
    print(f"render.py: error: {message}", file=stderr)
    return 2


def _kinds(args: argparse.Namespace) -> list[OutputKind]:
    if args.all and not args.press and not args.office:
        return [OutputKind.OFFICE, OutputKind.PRESS]
    return [OutputKind.PRESS] if args.press else [OutputKind.OFFICE]


def discover_editions(data: Path) -> list[Path]:
    """Every edition file: data/<brochure>/<code>.yaml beside a brochure.yaml."""
    found = []
    for settings in sorted(data.glob(f"*/{BROCHURE_FILE}")):
        for path in sorted(settings.parent.glob("*.yaml")):
            if path.name not in (BROCHURE_FILE, CONTACTS_FILE):
                found.append(path)
    return found


def _run_edition(path: Path, kinds: list[OutputKind], args: argparse.Namespace) -> _Outcome:
    """Render (or check) one edition file on each wanted paper and kind; never raises for content problems."""
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
    papers = [args.paper] if args.paper else ([p.name for p in edition.design.papers] if args.all else [None])
    reported: set[str] = set()
    for paper in papers:
        for kind in kinds:
            job = Job(path, paper, kind, marks=not args.no_marks)
            started = time.perf_counter()
            try:
                if args.check:
                    _, paper_used, layout, job_warnings = lay_out_job(job, edition)
                    target, size, pages = None, 0, 2
                    outcome.written += 1
                else:
                    rendered = render(job, edition)
                    paper_used, layout, job_warnings = rendered.paper, rendered.layout, list(rendered.warnings)
                    checked = rendered.preflight
                    outcome.reports.append(checked.as_dict())
                    if args.preflight:
                        outcome.lines.append(checked.summary())
                    if checked.errors or (args.strict and checked.warnings):
                        raise BrochureError(checked.findings)
                    job_warnings += checked.warnings
                    target = args.output or args.out_dir / output_name(edition, paper_used, kind)
                    if not args.output:
                        target.parent.mkdir(parents=True, exist_ok=True)
                    write_atomically(target, rendered.pdf)
                    size, pages = len(rendered.pdf), 2
                    outcome.written += 1
            except BrochureError as error:
                outcome.failed = True
                for finding in error.findings:
                    text = finding.format()
                    if text not in reported:
                        reported.add(text)
                        outcome.problems.append(text)
                continue
            except OSError as error:
                outcome.failed = True
                outcome.problems.append(f"error: cannot write {error.filename or ''}: {error.strerror}")
                continue
            for finding in job_warnings:
                text = finding.format()
                if text not in reported:
                    reported.add(text)
                    outcome.problems.append(text)
            seconds = time.perf_counter() - started
            what = f"{paper_used.name} {kind.value}"
            where = display_path(target) if target else f"{display_path(path)} ({what})"
            detail = f"{pages} pages, {size / 1024:.0f} KB, " if target else "fits, "
            type_scale = edition.design.type
            fitted = layout.body_size < type_scale.body_size or layout.leading < type_scale.leading
            set_in = f"{layout.body_size:g} pt body, leading {layout.leading:.2f}" + (", hyphenated" if layout.hyphenated else "") + (
                f" (fitted; design {type_scale.body_size:g} pt, {type_scale.leading:.2f})" if fitted else "")
            shrunk = [f"{p.role.value} at {p.body_size:g} pt" for p in layout.panels if p.body_size < layout.body_size]
            if shrunk:
                set_in += f", shrunk: {', '.join(shrunk)}"
            outcome.lines.append(f"ok  {where}  {detail}{set_in}, {seconds:.2f} s")
    return outcome


def _compare_with_source(edition) -> list[Finding]:
    """A translation is checked against its source edition (`source: en`) every time it is rendered."""
    if not edition.source_edition:
        return []
    source_path = edition.path.parent / f"{edition.source_edition}.yaml"
    if not source_path.exists():
        return [Finding(Severity.ERROR, f"source edition '{edition.source_edition}' not found: {display_path(source_path)}",
                        where="source", hint="'source:' names the file (without .yaml) this edition translates")]
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
