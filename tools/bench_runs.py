"""How `make bench` runs what it times (tools/bench.py): fresh processes, pairs, medians, peak memory.

In:  `python ARGS` command lines, run from the repository. Out: `Run`s (wall and CPU seconds, peak
resident memory), grouped as `Paired` (a figure and its reference, alternating) or repeated, and
summed up as `Spread`s (median and range). A command that exits other than expected raises
`CommandFailed` with the end of what it printed.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


# -- running commands -------------------------------------------------------------------------------------


class CommandFailed(Exception):
    """A timed command exited other than expected: what it was and the end of what it printed."""


@dataclass(frozen=True)
class Run:
    """One timed run: wall seconds; CPU seconds (user and system, of all its processes), which other
    load on the machine moves much less; the largest peak resident memory among its processes (bytes)."""

    seconds: float
    cpu: float
    peak: int


Workload = Callable[[], Run]


def environment() -> dict[str, str]:
    # As on a person's machine, Python keeps compiled bytecode between runs (some sandboxes switch that
    # off with PYTHONDONTWRITEBYTECODE, which would bill every run for compiling the package again).
    return {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}


def run_python(args: Sequence[str], expect: int = 0, on_start: Callable[[int], None] | None = None) -> Run:
    """Run `python ARGS` from the repository in a fresh process; its time and the peak of its process tree.

    wait4 gives the maximum resident set of the process and of every descendant it waited for (the
    largest one, not a sum): for `--all`, the largest of the parent and its workers.
    """
    with tempfile.TemporaryFile() as printed:
        started = time.perf_counter()
        process = subprocess.Popen(
            [sys.executable, *args], cwd=ROOT, env=environment(), stdout=printed, stderr=subprocess.STDOUT
        )
        if on_start:
            on_start(process.pid)
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        if process.returncode != expect:
            printed.seek(0)
            tail = printed.read().decode("utf-8", "replace").strip().splitlines()[-6:]
            raise CommandFailed(f"`python {' '.join(args)}` exited {process.returncode}:\n    " + "\n    ".join(tail))
    peak = usage.ru_maxrss * (1 if sys.platform == "darwin" else 1024)  # KiB on Linux, bytes on macOS
    return Run(seconds, usage.ru_utime + usage.ru_stime, peak)


def process(*args: str, expect: int = 0) -> Workload:
    return lambda: run_python(args, expect)


def in_sequence(*workloads: Workload) -> Workload:
    """One after the other, as `make` runs its two commands: the sum of the times, the largest peak."""

    def run() -> Run:
        runs = [workload() for workload in workloads]
        return Run(sum(r.seconds for r in runs), sum(r.cpu for r in runs), max(r.peak for r in runs))

    return run


def batch(commands: list[Sequence[str]], jobs: int) -> Workload:
    """Every command in its own process, `jobs` at a time: the wall time of the whole batch."""

    def run() -> Run:
        started = time.perf_counter()
        with ThreadPoolExecutor(jobs) as pool:
            runs = list(pool.map(run_python, commands))
        return Run(time.perf_counter() - started, sum(r.cpu for r in runs), max(r.peak for r in runs))

    return run


# -- pairing and statistics -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Spread:
    """The median of some figures and their range."""

    median: float
    low: float
    high: float
    count: int

    @classmethod
    def of(cls, values: Sequence[float]) -> Spread:
        return cls(statistics.median(values), min(values), max(values), len(values))


@dataclass(frozen=True)
class Paired:
    """Figures of a workload and of its reference, measured in alternating pairs."""

    ours: list[Run]
    reference: list[Run]

    def seconds(self) -> tuple[Spread, Spread]:
        return Spread.of([r.seconds for r in self.ours]), Spread.of([r.seconds for r in self.reference])

    def cpu(self) -> tuple[Spread, Spread]:
        return Spread.of([r.cpu for r in self.ours]), Spread.of([r.cpu for r in self.reference])

    def ratio(self) -> Spread:
        """The median of the per-pair ratios of wall time: each pair ran under the same load."""
        return Spread.of([a.seconds / b.seconds for a, b in zip(self.ours, self.reference)])

    def cpu_ratio(self) -> Spread:
        """The same for CPU time."""
        return Spread.of([a.cpu / b.cpu for a, b in zip(self.ours, self.reference)])


def paired(ours: Workload, reference: Workload, pairs: int, ours_warm: bool = False) -> Paired:
    """Run each once untimed (bytecode, disk cache; not `ours` if already `ours_warm`), then `pairs`
    pairs, the order alternating."""
    if not ours_warm:
        ours()
    reference()
    mine: list[Run] = []
    theirs: list[Run] = []
    for index in range(pairs):
        if index % 2 == 0:
            mine.append(ours())
            theirs.append(reference())
        else:
            theirs.append(reference())
            mine.append(ours())
    return Paired(mine, theirs)


def repeated(workload: Workload, runs: int) -> list[Run]:
    workload()  # warm-up, untimed
    return [workload() for _ in range(runs)]


# -- memory -----------------------------------------------------------------------------------------------


def _children() -> dict[int, list[int]]:
    """Every process's children, from /proc/PID/stat (the kernel here has no /proc/PID/task/TID/children)."""
    children: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if entry.name.isdigit():
            try:
                with open(f"/proc/{entry.name}/stat", encoding="ascii", errors="replace") as stat:
                    parent = int(stat.read().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue  # ended meanwhile
            children.setdefault(parent, []).append(int(entry.name))
    return children


def _high_water(pid: int) -> int | None:
    """A process's peak resident memory so far (VmHWM, bytes), or None once it has ended."""
    try:
        with open(f"/proc/{pid}/status", encoding="ascii", errors="replace") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError):
        return None
    return None


def peaks_per_process(args: Sequence[str]) -> tuple[Run, dict[int, int], int]:
    """Run `python ARGS`; its exact largest peak (wait4), each process's own peak (sampled), its pid.

    A thread reads VmHWM (which only grows) of the process and of all its descendants every few
    milliseconds, so each figure is what the process had reached by its last sample: growth in its
    last milliseconds can be missed. The largest, from the kernel at exit, is exact.
    """
    peaks: dict[int, int] = {}
    started: list[int] = []
    done = threading.Event()

    def sample() -> None:
        while not done.is_set():
            if started:
                children = _children()
                pending = [started[0]]
                while pending:
                    pid = pending.pop()
                    pending += children.get(pid, [])
                    peak = _high_water(pid)
                    if peak is not None:
                        peaks[pid] = max(peak, peaks.get(pid, 0))
            time.sleep(0.003)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    try:
        run = run_python(args, on_start=started.append)
    finally:
        done.set()
        sampler.join()
    return run, peaks, started[0]
