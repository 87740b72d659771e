"""Command line: `python render.py FILE.yaml [options]` and `python render.py --all`.

`main(argv, stdout, stderr)` returns the exit status (0 done, 1 a content problem,
2 a usage mistake, 130 Ctrl-C, 143 SIGTERM) so the tests run it in process. Content
problems are printed as `file:line:column: error: message [where]` with a hint, never as
a traceback. Making the products of an edition is `products.py`'s business (in worker
processes with `--all`: `workers.py`); writing them is `output.py`'s, and only this
process writes; a run over many editions (which, where they may write, the summary) is `run.py`'s.
This module parses the arguments and prints.
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
from pathlib import Path
from typing import NoReturn, TextIO

from .buildstate import STATE_FILE, BuildState, signature_of
from .diagnostics import BrochureError
from .model import PAPERS, Fold
from .products import Options
from .run import Lines, Run, Stream, discover_editions, prepare_to_write, unique_editions
from .workers import Terminated, sigterm_raises

__all__ = ["discover_editions", "main"]  # discover_editions: for tools/bench.py and the tests

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
        "  python render.py --all --changed  only the editions whose data changed since the last --changed run\n"
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
        "--changed",
        action="store_true",
        help=f"make only the editions whose files, options or code changed since the last --changed run into "
        f"the output folder (recorded in {STATE_FILE} there); the others print 'up to date' and their warnings",
    )
    parser.add_argument(
        "--jobs", type=int, default=os.cpu_count() or 1, help="editions rendered in parallel (default: all cores)"
    )
    return parser


def command_line() -> NoReturn:
    """The `brochure` command and render.py: run `main` on the command line's arguments and exit with its status.

    After Ctrl-C or SIGTERM the process ends at once (`os._exit`), once `main` has stopped the workers, left
    each edition whole or unwritten and printed its last line. Python's normal exit would first wait for the
    process pool's manager thread, which can block for ever reading a result that a stopped worker had only
    half written (the pool's result pipe is never closed at our end).
    """
    status = main()
    if status in (EXIT_INTERRUPTED, EXIT_TERMINATED):
        for stream in (sys.stdout, sys.stderr):
            with contextlib.suppress(OSError, ValueError):
                stream.flush()
        os._exit(status)
    sys.exit(status)


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
    if args.changed and (args.check or args.output):
        other = "--check" if args.check else "-o"
        return _usage(stderr, f"--changed compares with what the last run wrote into --out-dir: not with {other}")

    if args.all:
        editions = discover_editions(args.data)
        if not editions:
            print(f"error: no editions found under {args.data}/ (expected {args.data}/NAME/LANG.yaml)", file=stderr)
            return 1
    else:
        editions = unique_editions(args.editions)

    if args.review:
        if args.press or args.screen or args.instructions or args.png or args.bundle or args.paper:
            return _usage(stderr, "--review makes review sheets only: make the other files in a separate run")
        if args.output and len(editions) != 1:
            return _usage(stderr, "-o names one output file: give exactly one edition")
        if not args.check and not _ready_to_write(Options.from_args(args), editions, stderr):
            return 1
        if args.changed:
            from .run import review_changed

            return review_changed(editions, args, stdout, stderr, _state(args.out_dir, "review", stderr))
        from .review_sheet import run_review  # draws with ReportLab: only when asked for

        return run_review(editions, args, stdout, stderr)

    options = Options.from_args(args)
    # --json and --preflight print what the checks find: every edition is checked (and recorded) again.
    run = Run(options, None, skip=not (args.json or args.preflight))
    progress = stderr if args.json else stdout
    started = time.perf_counter()
    try:
        with sigterm_raises():
            if not args.check and not _ready_to_write(run.options, editions, stderr):
                return 1
            if args.changed:
                run.state = _state(args.out_dir, signature_of(options), stderr)
            run.editions(editions, args.jobs, lambda lines: _show(lines, progress, stderr))
    except (KeyboardInterrupt, Terminated) as stop:
        print(run.interrupted_line(editions), file=stderr)
        return EXIT_TERMINATED if isinstance(stop, Terminated) else EXIT_INTERRUPTED

    if args.json:
        # \uXXXX rather than characters the console cannot show
        json.dump(run.json_report(), stdout, indent=2, ensure_ascii=not _speaks_utf8(stdout))
        stdout.write("\n")
    if args.all:
        for message in run.brochure_warnings():
            print(message, file=stderr)
    if len(run.done) > 1 or args.all:
        print(run.summary_line(time.perf_counter() - started), file=progress)
    return 1 if run.failed else 0


def _show(lines: Lines, progress: TextIO, stderr: TextIO) -> None:
    """Print one finished edition's lines, each to its stream, as soon as it is done."""
    for stream, line in lines.lines:
        print(line, file=progress if stream == Stream.PROGRESS else stderr)
    progress.flush()
    stderr.flush()


def _ready_to_write(options: Options, editions: list[Path], stderr: TextIO) -> bool:
    """Check where the run will write before anything is rendered, printing what is wrong."""
    problem = prepare_to_write(options, editions)
    if problem:
        print(problem, file=stderr)
    return problem is None


def _state(out_dir: Path, signature: str, stderr: TextIO) -> BuildState:
    """The record of `out_dir` for a run making `signature`; a record it cannot read is said in one line."""
    state = BuildState(out_dir, signature)
    if state.problem:
        print(state.problem, file=stderr)
    return state


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


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
