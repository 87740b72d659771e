"""Command line: `python render.py FILE.yaml [options]` and `python render.py --all`.

`main(argv, stdout, stderr)` returns the exit status (0 done, 1 a content problem,
2 a usage mistake, 130 Ctrl-C, 143 SIGTERM) so the tests run it in process. Content
problems are printed as `file:line:column: error: message [where]` with a hint, never as
a traceback. Making the products of an edition is `products.py`'s business (in worker
processes with `--all`: `workers.py`); writing them is `output.py`'s, and only this
process writes.
"""

from __future__ import annotations

import argparse
import codecs
import contextlib
import io
import json
import os
import signal
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from .diagnostics import BrochureError, Finding, Severity, display_path
from .load import BROCHURE_FILE, CONTACTS_FILE
from .model import PAPERS, Fold
from .output import (
    Committed,
    commit,
    file_kind,
    folder_problem,
    remove_stale_temporaries,
    signals_held,
    target_problem,
)
from .products import EditionResult, Options, make_edition, output_stem, source_files
from .workers import Terminated, make_in_parallel, sigterm_raises

DATA_DIR = Path("data")
OUT_DIR = Path("out")
EXIT_INTERRUPTED = 128 + signal.SIGINT  # 130, as shells report Ctrl-C
EXIT_TERMINATED = 128 + signal.SIGTERM  # 143


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="render.py",
        description="Render tri-fold brochure PDFs from YAML editions.",
        epilog="Examples:\n"
        "  python render.py data/ct-human-trafficking/en.yaml\n"
        "  python render.py data/ct-human-trafficking/en.yaml --press -o shop.pdf\n"
        "  python render.py --all            every edition, every paper, office and press\n"
        "  python render.py --check --all    validate and fit everything, write nothing\n"
        "  python render.py new NAME         start a new brochure in data/NAME (render.py new --help)",
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
    parser.add_argument(
        "--review",
        action="store_true",
        help="review sheet of each translation: source and translation side by side, term list, open questions",
    )
    parser.add_argument("--no-marks", action="store_true", help="press edition without crop and fold marks")
    parser.add_argument("--paper", choices=sorted(PAPERS), help="paper size (default: the brochure's first)")
    parser.add_argument(
        "--fold", choices=[f.value for f in Fold], help="roll or z (default: the first of the brochure's folds)"
    )
    parser.add_argument("-o", "--output", type=Path, help="output PDF (one edition only; a symbolic link is followed)")
    parser.add_argument("--out-dir", type=Path, default=OUT_DIR, help="folder for output PDFs (default: out)")
    parser.add_argument("--check", action="store_true", help="validate and lay out, write nothing")
    parser.add_argument("--preflight", action="store_true", help="print the preflight report of each PDF")
    parser.add_argument("--json", action="store_true", help="print the preflight reports as JSON on standard output")
    parser.add_argument("--strict", action="store_true", help="preflight warnings fail the render too")
    parser.add_argument(
        "--jobs", type=int, default=os.cpu_count() or 1, help="editions rendered in parallel (default: all cores)"
    )
    return parser


@dataclass(frozen=True)
class _Done:
    """What happened to one edition, as far as the summary lines need it."""

    edition: str
    failed: bool
    files: int  # written, or checked with --check
    result: EditionResult


def main(argv: list[str] | None = None, stdout: TextIO | None = None, stderr: TextIO | None = None) -> int:
    stdout = stdout or sys.stdout
    stderr = stderr or sys.stderr
    for stream in (stdout, stderr):
        _never_fail_on_encoding(stream)
    arguments = sys.argv[1:] if argv is None else argv
    if arguments[:1] == ["new"]:
        return _new(arguments[1:], stdout, stderr)
    parser = _parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exit_:
        return int(exit_.code or 0)

    if args.all and args.editions:
        return _usage(stderr, "give edition files or --all, not both")
    if not args.all and not args.editions:
        return _usage(stderr, "which edition? e.g. python render.py data/ct-human-trafficking/en.yaml (or --all)")
    if args.output and (args.all or args.bundle or len(args.editions) != 1):
        return _usage(stderr, "-o names one output file: give exactly one edition")

    if args.all:
        editions = discover_editions(args.data)
        if not editions:
            print(f"error: no editions found under {args.data}/ (expected {args.data}/NAME/LANG.yaml)", file=stderr)
            return 1
    else:
        editions = _unique(args.editions)

    if args.review:
        if args.press or args.screen or args.instructions or args.png or args.bundle or args.paper:
            return _usage(stderr, "--review makes review sheets only: make the other files in a separate run")
        if args.output and len(editions) != 1:
            return _usage(stderr, "-o names one output file: give exactly one edition")
        if not args.check and not _ready_to_write(Options.from_args(args), editions, stderr):
            return 1
        from .review_sheet import run_review  # draws with ReportLab: only when asked for

        return run_review(editions, args, stdout, stderr)

    options = Options.from_args(args)
    run = _Run(options, progress=stderr if args.json else stdout, stderr=stderr)
    started = time.perf_counter()
    try:
        with sigterm_raises():
            if not args.check and not _ready_to_write(options, editions, stderr):
                return 1
            run.editions(editions, args.jobs)
    except (KeyboardInterrupt, Terminated) as stop:
        print(run.interrupted_line(editions), file=stderr)
        return EXIT_TERMINATED if isinstance(stop, Terminated) else EXIT_INTERRUPTED

    failed = [d for d in run.done if d.failed]
    if args.json:
        reports = [report for d in run.done for report in d.result.reports]
        json.dump(
            {
                "ok": not failed,
                "pdfs": sorted(reports, key=lambda r: r["file"]),
                "failed": sorted(d.edition for d in failed),
            },
            stdout,
            indent=2,
            ensure_ascii=not _speaks_utf8(stdout),  # \uXXXX rather than characters the console cannot show
        )
        stdout.write("\n")
    if args.all:
        for message in _brochure_warnings([d.result for d in run.done]):
            print(message, file=stderr)
    if len(run.done) > 1 or args.all:
        verb = "checked" if args.check else "written"
        total = sum(d.files for d in run.done)
        print(
            f"{len(run.done) - len(failed)} of {len(run.done)} editions ok, "
            f"{total} file{'s' if total != 1 else ''} {verb}"
            f" in {time.perf_counter() - started:.1f} s"
            + (f"; failed: {', '.join(sorted(d.edition for d in failed))}" if failed else ""),
            file=stderr if args.json else stdout,
        )
    return 1 if failed else 0


def _new(argv: list[str], stdout: TextIO, stderr: TextIO) -> int:
    """`render.py new NAME [--paper a4] [--fold z] [--lang es] [--data DIR]`: a new brochure folder."""
    from .starter import new_brochure

    parser = argparse.ArgumentParser(
        prog="render.py new", description="Start a new brochure: a folder of commented files that renders at once."
    )
    parser.add_argument("name", help="the brochure's folder name, e.g. riverside-food-pantry")
    parser.add_argument("--paper", choices=sorted(PAPERS), default="letter", help="paper size (default: letter)")
    parser.add_argument("--fold", choices=[f.value for f in Fold], default="roll", help="roll or z (default: roll)")
    parser.add_argument("--lang", default="en", help="the first edition's language (default: en)")
    parser.add_argument("--data", type=Path, default=DATA_DIR, help="folder of brochures (default: data)")
    try:
        args = parser.parse_args(argv)
    except SystemExit as exit_:
        return int(exit_.code or 0)
    try:
        made = new_brochure(args.name, args.data, args.paper, args.fold, args.lang)
    except BrochureError as error:
        for finding in error.findings:
            print(finding.format(), file=stderr)
        return 1
    print(f"ok  {made.folder}/: {', '.join(p.name for p in made.files)}", file=stdout)
    for note in made.notes:
        print(note, file=stdout)
    print(
        f"next: edit {made.edition} and {made.folder / 'contacts.yaml'}, then: python render.py {made.edition}",
        file=stdout,
    )
    return 0


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


def _unique(paths: list[Path]) -> list[Path]:
    """The edition files in the order given, each once (the same file named twice is made once)."""
    seen: set[Path] = set()
    unique = []
    for path in paths:
        key = path.resolve()
        if key not in seen:
            seen.add(key)
            unique.append(path)
    return unique


def _ready_to_write(options: Options, editions: list[Path], stderr: TextIO) -> bool:
    """Before anything is rendered: check where the run will write (printing what is wrong), and
    remove the stale temporary files a killed run left there."""
    problem = _output_problem(options, editions)
    if problem:
        print(problem, file=stderr)
        return False
    for folder in _output_folders(options):
        remove_stale_temporaries(folder)
    return True


def _output_problem(options: Options, editions: list[Path]) -> str | None:
    """What is wrong with where the run would write, found before anything is rendered."""
    if options.output:
        output = options.output
        if file_kind(output) == "folder":
            return _error(
                f"'{display_path(output)}' is a folder: -o names the PDF to write",
                f"give a file name, e.g. {display_path(output / 'brochure.pdf')}, "
                f"or use --out-dir {display_path(output)}",
            )
        problem = folder_problem(output.parent, "-o") or target_problem(output, source_files(editions[0]))
    else:
        problem = folder_problem(options.out_dir, "--out-dir")
    return _error(problem.message, problem.hint) if problem else None


def _output_folders(options: Options) -> list[Path]:
    if options.output:
        return [options.output.parent]
    return [options.out_dir] if options.out_dir.is_dir() else []


def _error(message: str, hint: str) -> str:
    return Finding(Severity.ERROR, message, hint=hint).format()


def _collisions(editions: list[Path]) -> dict[Path, str]:
    """Editions whose output files would have the same names, each with the message naming the other(s).

    `ct/x-en.yaml` and `ct-x/en.yaml` both make `ct-x-en-letter.pdf`. Names are compared
    without case, as a Mac or Windows disk does.
    """
    groups: dict[str, list[Path]] = {}
    for path in editions:
        groups.setdefault(output_stem(path).casefold(), []).append(path)
    messages = {}
    for group in groups.values():
        for path in group if len(group) > 1 else ():
            others = ", ".join(display_path(p) for p in group if p is not path)
            messages[path] = Finding(
                Severity.ERROR,
                f"its output files would have the same names as those of {others} ({output_stem(path)}-...): "
                "neither is rendered",
                hint="rename one of the files or folders: outputs are named <brochure folder>-<edition file>",
            ).format()
    return {path: f"{display_path(path)}: {message}" for path, message in messages.items()}


class _Run:
    """Makes the editions (in parallel if asked), writes each one's files and prints what happened."""

    def __init__(self, options: Options, progress: TextIO, stderr: TextIO):
        self.options = options
        self.progress = progress
        self.stderr = stderr
        self.done: list[_Done] = []

    def editions(self, paths: list[Path], jobs: int) -> None:
        collisions = _collisions(paths)
        for path in paths:
            if path in collisions:
                self.finish(EditionResult(display_path(path), problems=(collisions[path],), failed=True))
        paths = [p for p in paths if p not in collisions]
        if len(paths) > 1 and jobs > 1:
            make_in_parallel(paths, self.options, min(jobs, len(paths)), self.finish)
        else:
            for path in paths:
                self.finish(make_edition(path, self.options))

    def finish(self, result: EditionResult) -> None:
        """Write an edition's files (all or none) and print its lines; record it for the summary."""
        committed = None
        with signals_held():  # a Ctrl-C now is raised after the edition is written and recorded, not between
            if not result.failed and not self.options.check:
                committed = commit(result.files, result.inputs)
            elif result.overflow_pictures and not self.options.check:
                # A failed edition writes no PDF: only the pictures of the panels that did not fit.
                committed = commit(result.overflow_pictures, result.inputs)
            failed = result.failed or bool(committed and not committed.ok)
            count = len(result.made) if self.options.check else len(committed.written) if committed else 0
            self.done.append(_Done(result.edition, failed, count, result))
        for note in result.notes:
            print(note, file=self.progress)
        written = set(committed.written) if committed else set()
        for made in result.made:
            if made.line and (self.options.check or (made.files and written.issuperset(f.path for f in made.files))):
                print(made.line, file=self.progress)
        for problem in result.problems:
            print(problem, file=self.stderr)
        if committed and committed.problem:
            print(_error(committed.problem.message, committed.problem.hint), file=self.stderr)
        if failed and result.overflow_pictures and committed and committed.ok:
            print(
                f"FAILED  {result.edition}: no PDF written for it, only the overflow picture; the previous PDFs "
                "are untouched",
                file=self.stderr,
            )
        elif failed:
            print(f"FAILED  {result.edition}: {_what_was_written(committed)}", file=self.stderr)
        self.progress.flush()
        self.stderr.flush()

    def interrupted_line(self, editions: list[Path]) -> str:
        """The one line printed on Ctrl-C or SIGTERM: what was written, what was not."""
        if self.options.check:
            return f"interrupted: {len(self.done)} of {len(editions)} editions checked; --check writes nothing"
        written = [d for d in self.done if d.files]
        files = sum(d.files for d in written)
        rest = [display_path(p) for p in editions if display_path(p) not in {d.edition for d in written}]
        text = "interrupted: "
        if written:
            text += f"{files} file{'s' if files != 1 else ''} written for {', '.join(d.edition for d in written)}; "
        return text + (f"nothing written for {', '.join(rest)}" if rest else "nothing left to write")


def _what_was_written(committed: Committed | None) -> str:
    if committed is None or not committed.written:
        return "nothing written for it; the previous files are untouched"
    written = ", ".join(display_path(p) for p in committed.written)
    missing = ", ".join(display_path(p) for p in committed.not_written)
    return f"written: {written}; NOT written (the previous versions stay): {missing}"


def _never_fail_on_encoding(stream: TextIO) -> None:
    """A console that cannot show a character (cp1252 and a Chinese file name) gets an escape, not a traceback."""
    if isinstance(stream, io.TextIOWrapper) and stream.errors == "strict":
        with contextlib.suppress(ValueError, OSError):
            stream.reconfigure(errors="backslashreplace")


def _speaks_utf8(stream: TextIO) -> bool:
    try:
        return codecs.lookup(getattr(stream, "encoding", None) or "utf-8").name == "utf-8"
    except LookupError:
        return False


def _brochure_warnings(results: list[EditionResult]) -> list[str]:
    """Contacts that no edition of a brochure uses (known only once every edition has been read)."""
    messages = []
    for folder in sorted({r.folder for r in results if r.folder}):
        group = [r for r in results if r.folder == folder]
        used = set().union(*(r.contacts_used for r in group))
        for finding in group[0].unused_warnings:
            if not any(f"'{contact}'" in finding.message for contact in used):
                messages.append(finding.format())
    return messages


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
