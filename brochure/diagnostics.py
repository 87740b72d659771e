"""Diagnostics shared by every stage: where a problem is, what it is, what to do.

A stage that finds problems in the user's content collects them as `Finding`s
and, when it cannot go on, raises `BrochureError` carrying all of them, so a
person fixing a file sees every problem of one run at once. Programming errors
stay ordinary exceptions: they are bugs, not findings.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, order=True, init=False)
class Location:
    """A place in a source file: its path, 1-based line and column (0 when unknown).

    The path is kept as given (absolute or not); it is made relative to the
    working folder only when printed (`file`, `str()`), so a stage can still
    open the file it names.
    """

    path: Path
    line: int = 0
    column: int = 0

    def __init__(self, path: Path | str, line: int = 0, column: int = 0) -> None:
        # A frozen dataclass: set once here. A str is taken as a path (some callers pass one already shown);
        # a relative path is fixed against today's working folder, so it prints the same if that changes.
        given = Path(path)
        object.__setattr__(self, "path", given if given.is_absolute() or not str(path) else given.absolute())
        object.__setattr__(self, "line", line)
        object.__setattr__(self, "column", column)

    @property
    def file(self) -> str:
        """The path as printed in messages: relative to the working folder when inside it; "" when unknown."""
        return display_path(self.path) if self.path != Path() else ""

    def __str__(self) -> str:
        text = self.file
        if self.line:
            text += f":{self.line}"
            if self.column:
                text += f":{self.column}"
        return text


@dataclass(frozen=True)
class Finding:
    """One problem for a person to fix.

    `where` names the part of the brochure (for example "panel 'inside_left'")
    so a message reads well even for problems found after loading.
    """

    severity: Severity
    message: str
    location: Location | None = None
    where: str = ""
    hint: str = ""

    def format(self) -> str:
        prefix = f"{self.location}: " if self.location else ""
        where = f" [{self.where}]" if self.where else ""
        text = f"{prefix}{self.severity.value}: {self.message}{where}"
        if self.hint:
            text += f"\n    hint: {self.hint}"
        return text

    def sort_key(self) -> tuple[str, int, int, bool, str]:
        """Findings sort by the printed file name, then line and column; errors before warnings."""
        loc = self.location or Location("")
        return (loc.file, loc.line, loc.column, self.severity != Severity.ERROR, self.message)


class BrochureError(Exception):
    """Raised when content problems stop a stage; carries every finding of it."""

    def __init__(self, findings: list[Finding]):
        self.findings = sorted(findings, key=Finding.sort_key)
        super().__init__("\n".join(f.format() for f in self.findings))


@dataclass
class Report:
    """Collects findings while a stage runs; `raise_if_errors` ends the stage."""

    findings: list[Finding] = field(default_factory=list)

    def error(self, message: str, location: Location | None = None, *, where: str = "", hint: str = "") -> None:
        self.findings.append(Finding(Severity.ERROR, message, location, where, hint))

    def warning(self, message: str, location: Location | None = None, *, where: str = "", hint: str = "") -> None:
        self.findings.append(Finding(Severity.WARNING, message, location, where, hint))

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == Severity.ERROR]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == Severity.WARNING]

    def raise_if_errors(self) -> None:
        if self.errors:
            raise BrochureError(self.findings)


def did_you_mean(word: str, choices: list[str] | tuple[str, ...]) -> str:
    """Return " (did you mean 'x'?)" for the closest choice, or ""."""
    import difflib  # only once something is misspelt: not on the start-up path

    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""


def display_path(path: Path | str) -> str:
    """A path as a person in the project folder would type it."""
    path = Path(path)
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)
