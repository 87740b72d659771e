"""A run over edition files: which editions, where they may write, writing each one, what happened.

In:  edition files (or a data folder for `--all`), `Options`, how many editions to make at once.
Out: for each edition as it ends, `Lines` to print (in order, each for standard output or
     standard error); at the end the JSON report, the per-brochure warnings and the summary
     line, all as data. Nothing here prints: the command line does (`cli.py`). Making an
     edition's products is `products.py`'s business; writing them, `output.py`'s.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path
from typing import Any, TextIO

from .buildstate import (
    BuildState,
    Entry,
    RecordedResult,
    make_recorded,
    new_entry,
    probed_files,
    probed_folders,
    state_caches,
)
from .diagnostics import Finding, Severity, display_path
from .load import BROCHURE_FILE, CONTACTS_FILE
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
from .readlog import reading, reads_of
from .workers import make_in_parallel


def discover_editions(data: Path) -> list[Path]:
    """Every edition file: data/<brochure>/<code>.yaml beside a brochure.yaml."""
    found = []
    for settings in sorted(data.glob(f"*/{BROCHURE_FILE}")):
        for path in sorted(settings.parent.glob("*.yaml")):
            if path.name not in (BROCHURE_FILE, CONTACTS_FILE):
                found.append(path)
    return found


def unique_editions(paths: list[Path]) -> list[Path]:
    """The edition files in the order given, each once (the same file named twice is made once)."""
    seen: set[Path] = set()
    unique = []
    for path in paths:
        key = path.resolve()
        if key not in seen:
            seen.add(key)
            unique.append(path)
    return unique


def prepare_to_write(options: Options, editions: list[Path]) -> str | None:
    """Before anything is rendered: what is wrong with where the run will write (a formatted
    error), or None once the stale temporary files a killed run left there are removed."""
    problem = _output_problem(options, editions)
    if problem:
        return problem
    for folder in _output_folders(options):
        remove_stale_temporaries(folder)
    return None


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


class Stream(Enum):
    """Where a line goes: progress (standard output, or standard error under --json) or errors."""

    PROGRESS = "progress"
    ERRORS = "errors"


@dataclass(frozen=True)
class Lines:
    """The lines one finished edition prints, in order."""

    lines: tuple[tuple[Stream, str], ...]


@dataclass(frozen=True)
class Done:
    """What happened to one edition, as far as the summary lines need it."""

    edition: str
    failed: bool
    files: int  # written, or checked with --check
    result: EditionResult
    unused_contacts: dict[str, str] = field(default_factory=dict)  # contact id -> formatted warning
    up_to_date: bool = False  # not made: nothing it was made from changed (--changed)


class Run:
    """Makes the editions (in parallel if asked), writes each one's files and records what happened.

    With a `state` (--changed), an edition that is up to date in it is not made (unless `skip` is
    False: it is then made, and recorded, all the same), and each edition written is recorded there.
    """

    def __init__(self, options: Options, state: BuildState | None = None, skip: bool = True):
        self.options = options
        self.state = state
        self.skip = skip
        self.done: list[Done] = []

    def editions(self, paths: list[Path], jobs: int, show: Callable[[Lines], None]) -> None:
        """Make, write and `show` each edition, in the order they end."""

        def finish(result: EditionResult) -> None:
            show(self.finish(result))

        collisions = _collisions(paths)
        for path in paths:
            if path in collisions:
                finish(EditionResult(display_path(path), problems=(collisions[path],), failed=True))
        paths = [p for p in paths if p not in collisions]
        if self.state is not None and self.skip:
            entries = {path: self.state.up_to_date(path, self.options.strict) for path in paths}
            for path, entry in entries.items():
                if entry is not None:
                    show(self.replay(path, entry))
            paths = [path for path, entry in entries.items() if entry is None]
        make = make_edition if self.state is None else make_recorded
        if len(paths) > 1 and jobs > 1:
            make_in_parallel(paths, self.options, min(jobs, len(paths)), finish, make)
        else:
            for path in paths:
                finish(make(path, self.options))

    def replay(self, path: Path, entry: Entry) -> Lines:
        """An edition that is up to date: its line, and the warnings it had when it was made."""
        shown = display_path(path)
        result = EditionResult(shown, folder=entry.folder, contacts_used=frozenset(entry.contacts_used))
        self.done.append(Done(shown, False, 0, result, dict(entry.unused_contacts), up_to_date=True))
        count = len(entry.outputs)
        line = f"up to date  {shown}: its {count} file{'s' if count != 1 else ''} unchanged, not made again"
        return Lines(((Stream.PROGRESS, line), *((Stream.ERRORS, problem) for problem in entry.problems)))

    def finish(self, result: EditionResult) -> Lines:
        """Write an edition's files (all or none) and record it for the summary; return its lines."""
        committed = None
        with signals_held():  # a Ctrl-C now is raised after the edition is written and recorded, not between
            if not result.failed and not self.options.check:
                committed = commit(result.files, result.inputs)
            elif result.overflow_pictures and not self.options.check:
                # A failed edition writes no PDF: only the pictures of the panels that did not fit.
                committed = commit(result.overflow_pictures, result.inputs)
            failed = result.failed or bool(committed and not committed.ok)
            count = len(result.made) if self.options.check else len(committed.written) if committed else 0
            unused = {contact: finding.format() for contact, finding in result.unused_contacts.items()}
            self.done.append(Done(result.edition, failed, count, result, unused))
            if self.state is not None:
                self._record(result, failed)
        return Lines(tuple(self._lines(result, committed, failed)))

    def _record(self, result: EditionResult, failed: bool) -> None:
        """Keep in the state what a written edition read and wrote; a failed one is taken out (made next time)."""
        assert self.state is not None
        path = Path(result.edition)
        if failed or not isinstance(result, RecordedResult) or result.reads is None:
            self.state.forget(path)
            return
        entry = new_entry(
            self.state.signature,
            result.reads,
            {f.path: f.data for f in result.files},
            self.options.out_dir,
            problems=result.problems,
            folder=result.folder,
            contacts_used=tuple(sorted(result.contacts_used)),
            unused_contacts={contact: finding.format() for contact, finding in result.unused_contacts.items()},
        )
        self.state.record(path, entry)

    def _lines(self, result: EditionResult, committed: Committed | None, failed: bool) -> list[tuple[Stream, str]]:
        lines = [(Stream.PROGRESS, note) for note in result.notes]
        written = set(committed.written) if committed else set()
        for made in result.made:
            if made.line and (self.options.check or (made.files and written.issuperset(f.path for f in made.files))):
                lines.append((Stream.PROGRESS, made.line))
        lines += [(Stream.ERRORS, problem) for problem in result.problems]
        if committed and committed.problem:
            lines.append((Stream.ERRORS, _error(committed.problem.message, committed.problem.hint)))
        if failed and result.overflow_pictures and committed and committed.ok:
            lines.append(
                (
                    Stream.ERRORS,
                    f"FAILED  {result.edition}: no PDF written for it, only the overflow picture; the previous PDFs "
                    "are untouched",
                )
            )
        elif failed:
            lines.append((Stream.ERRORS, f"FAILED  {result.edition}: {_what_was_written(committed)}"))
        return lines

    @property
    def failed(self) -> list[str]:
        """The editions that failed, sorted."""
        return sorted(d.edition for d in self.done if d.failed)

    def interrupted_line(self, editions: list[Path]) -> str:
        """The one line printed on Ctrl-C or SIGTERM: what was written, what was not."""
        if self.options.check:
            return f"interrupted: {len(self.done)} of {len(editions)} editions checked; --check writes nothing"
        written = [d for d in self.done if d.files]
        files = sum(d.files for d in written)
        kept = {d.edition for d in self.done if d.up_to_date}
        rest = [display_path(p) for p in editions if display_path(p) not in {d.edition for d in written} | kept]
        text = "interrupted: "
        if written:
            text += f"{files} file{'s' if files != 1 else ''} written for {', '.join(d.edition for d in written)}; "
        if kept:
            text += f"{len(kept)} up to date; "
        return text + (f"nothing written for {', '.join(rest)}" if rest else "nothing left to write")

    def json_report(self) -> dict[str, Any]:
        """`--json`: whether the run is ok, every PDF's preflight report and the failed editions."""
        reports = [report for d in self.done for report in d.result.reports]
        return {"ok": not self.failed, "pdfs": sorted(reports, key=lambda r: r["file"]), "failed": self.failed}

    def summary_line(self, seconds: float) -> str:
        """'2 of 3 editions ok, 14 files written in 9.1 s; failed: ...'."""
        verb = "checked" if self.options.check else "written"
        total = sum(d.files for d in self.done)
        failed = self.failed
        kept = sum(d.up_to_date for d in self.done)
        return (
            f"{len(self.done) - len(failed)} of {len(self.done)} editions ok"
            + (f" ({kept} up to date)" if kept else "")
            + ", "
            f"{total} file{'s' if total != 1 else ''} {verb}"
            f" in {seconds:.1f} s" + (f"; failed: {', '.join(failed)}" if failed else "")
        )

    def brochure_warnings(self) -> list[str]:
        """Contacts that no edition of a brochure uses (known only once every edition has been read)."""
        messages = []
        for folder in sorted({d.result.folder for d in self.done if d.result.folder}):
            group = [d for d in self.done if d.result.folder == folder]
            used: set[str] = set().union(*(d.result.contacts_used for d in group))
            messages += [text for contact, text in group[0].unused_contacts.items() if contact not in used]
        return messages


def _what_was_written(committed: Committed | None) -> str:
    if committed is None or not committed.written:
        return "nothing written for it; the previous files are untouched"
    written = ", ".join(display_path(p) for p in committed.written)
    missing = ", ".join(display_path(p) for p in committed.not_written)
    return f"written: {written}; NOT written (the previous versions stay): {missing}"


def review_changed(editions: list[Path], args: Any, out: TextIO, err: TextIO, state: BuildState) -> int:
    """`--review --changed`: `review_sheet.run_review` for each edition that is not up to date in `state`;
    for the others their line and the warnings they had. Prints what run_review prints; the exit status."""
    from .review_sheet import run_review  # draws with ReportLab: only when asked for

    written = failed = kept = 0
    for path in editions:
        entry = None if args.json or args.preflight else state.up_to_date(path, args.strict)
        if entry is not None:
            kept += bool(entry.outputs)  # a source edition has no sheet, and printed nothing
            if entry.outputs:
                print(f"up to date  {display_path(path)}: its review sheet unchanged, not made again", file=out)
            for problem in entry.problems:
                print(problem, file=err)
            continue
        lines, problems = io.StringIO(), io.StringIO()
        # The output folder is not read from: run_review looks at the sheet it replaces (is it a PDF?).
        with reading(excluded=[*state_caches(), args.out_dir]) as log:
            status = run_review([path], args, lines, problems)
        out.write(lines.getvalue())
        err.write(problems.getvalue())
        sheet = args.out_dir / f"{output_stem(path)}-review.pdf"
        made = bool(lines.getvalue())  # run_review prints a line for a sheet written, nothing for a source edition
        if status != 0:
            failed += 1
            state.forget(path)
            continue
        written += made
        folder = path.parent
        reads = reads_of(
            log,
            also=[path, folder / BROCHURE_FILE, folder / CONTACTS_FILE, *probed_files(path)],
            folders=probed_folders(path),
        )
        outputs = {sheet: sheet.read_bytes()} if made else {}
        printed = problems.getvalue().rstrip("\n")
        entry = new_entry(state.signature, reads, outputs, args.out_dir, problems=(printed,) * bool(printed))
        state.record(path, entry)
    if len(editions) > 1:
        verb = "checked" if args.check else "written"
        print(
            f"{written} review sheet{'s' * (written != 1)} {verb}"
            + (f", {failed} failed" if failed else "")
            + (f", {kept} up to date" if kept else ""),
            file=out,
        )
    return 1 if failed else 0
