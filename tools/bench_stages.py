"""Where the time of one warm render goes, stage by stage: part of `make bench` (tools/bench.py).
(And `warm_renders`: renders timed in this process, for target 5's table.)

In:  an edition file; how many renders to time. Out: the median milliseconds of each stage, and of
the whole render, for `brochure.pipeline.render(Job(edition))` (load, lay out, draw, preflight),
run in this process after a warm-up render (imports and font files already paid).

Nothing in brochure/ is changed for this: while the renders run, the functions that start each stage
are wrapped where the package's modules refer to them, and so are all the functions and methods of
the tagging modules. Time goes to the innermost stage running (a stage's figure excludes the stages
it calls), so the figures add up to the render, less what no stage covers ("other"). A stage called
inside preflight (the second drawing that proves the output deterministic) is shown as part of it.
"""

from __future__ import annotations

import functools
import importlib
import statistics
import sys
import time
import types
from collections.abc import Callable, Iterator
from contextlib import contextmanager, nullcontext
from pathlib import Path
from typing import Any

# The stage each function starts: (module, function) -> stage name. A module named with function None
# counts all its functions and methods (tagging is spread over many small ones, some called by ReportLab).
STAGES: dict[tuple[str, str | None], str] = {
    ("brochure.load", "load_edition"): "load (YAML, model, fonts)",
    ("brochure.pipeline", "lay_out_job"): "lay out and check",
    ("brochure.draw", "draw"): "draw",
    ("brochure.tagging", None): "tagging (structure tree)",
    ("brochure.pdfpack", None): "tagging (structure tree)",
    ("brochure.preflight", "preflight"): "preflight",
    ("brochure.pdfstructure", None): "tag checks (read back)",
    ("brochure.pdfua", None): "tag checks (read back)",
}
PREFLIGHT = "preflight"


class _Clock:
    """Exclusive time per stage: the innermost stage running is billed."""

    def __init__(self) -> None:
        self.stack: list[tuple[str, float]] = []  # (stage, time it was last resumed)
        self.spent: dict[str, float] = {}

    def enter(self, stage: str) -> None:
        now = time.perf_counter()
        if self.stack:
            outer, resumed = self.stack[-1]
            self.spent[outer] = self.spent.get(outer, 0.0) + now - resumed
        if any(name == PREFLIGHT for name, _ in self.stack) and stage != PREFLIGHT:
            stage = f"{PREFLIGHT}: {stage}"
        self.stack.append((stage, now))

    def leave(self) -> None:
        now = time.perf_counter()
        stage, resumed = self.stack.pop()
        self.spent[stage] = self.spent.get(stage, 0.0) + now - resumed
        if self.stack:
            self.stack[-1] = (self.stack[-1][0], now)


def _timed(function: Callable[..., Any], stage: str, clock: _Clock) -> Callable[..., Any]:
    @functools.wraps(function)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        clock.enter(stage)
        try:
            return function(*args, **kwargs)
        finally:
            clock.leave()

    return wrapper


def _targets(clock: _Clock) -> tuple[dict[int, Callable[..., Any]], list[tuple[type, str, Any]]]:
    """The wrapper of each stage function (by the id of the original), and the class methods to wrap."""
    wrappers: dict[int, Callable[..., Any]] = {}
    methods: list[tuple[type, str, Any]] = []
    for (module_name, function_name), stage in STAGES.items():
        try:
            module = importlib.import_module(module_name)
        except ImportError:
            continue  # a module renamed since: its stage is shown as missing
        if function_name is not None:
            function = getattr(module, function_name, None)
            if isinstance(function, types.FunctionType):
                wrappers[id(function)] = _timed(function, stage, clock)
            continue
        for value in vars(module).values():
            if isinstance(value, types.FunctionType) and value.__module__ == module_name:
                wrappers[id(value)] = _timed(value, stage, clock)
            elif isinstance(value, type) and value.__module__ == module_name:
                for name, member in vars(value).items():
                    if isinstance(member, types.FunctionType):
                        methods.append((value, name, _timed(member, stage, clock)))
    return wrappers, methods


@contextmanager
def _instrumented(clock: _Clock) -> Iterator[None]:
    """Wrap the stage functions wherever a brochure module refers to them; put everything back after."""
    wrappers, methods = _targets(clock)
    replaced: list[tuple[object, str, Any]] = []
    for module in [m for name, m in sys.modules.items() if name.startswith("brochure") and m is not None]:
        for name, value in list(vars(module).items()):
            if isinstance(value, types.FunctionType) and id(value) in wrappers:
                replaced.append((module, name, value))
                setattr(module, name, wrappers[id(value)])
    for owner, name, wrapper in methods:
        replaced.append((owner, name, vars(owner)[name]))
        setattr(owner, name, wrapper)
    try:
        yield
    finally:
        for owner, name, original in reversed(replaced):
            setattr(owner, name, original)


OTHER = "other (no stage: the render's own code, wrappers)"


def _render_afresh(job: Any) -> None:
    """One render as the first of its edition in a warm process (imports done, fonts parsed): without the
    editions and line breaks a process keeps for the next render of the same edition, which --all never
    makes, so that the load and layout stages show what they cost."""
    from brochure.load import forget_loaded
    from brochure.pipeline import render
    from brochure.typeset import forget_texts

    forget_loaded()
    forget_texts()
    render(job)


def stage_times(edition: Path, runs: int) -> tuple[dict[str, float], float, float]:
    """Median seconds per stage over `runs` instrumented renders (OTHER: the rest of each render), their
    median total, and the median of as many renders without the wrappers, alternating with them (the
    difference is what the wrappers cost)."""
    from brochure.pipeline import Job

    job = Job(edition)
    _render_afresh(job)  # warm-up: imports, fonts
    plain: list[float] = []
    totals: list[float] = []
    per_stage: dict[str, list[float]] = {}
    for index in range(runs):
        clock = _Clock()
        for instrumented in (False, True) if index % 2 == 0 else (True, False):
            with _instrumented(clock) if instrumented else nullcontext():
                started = time.perf_counter()
                _render_afresh(job)
                (totals if instrumented else plain).append(time.perf_counter() - started)
        for stage, spent in clock.spent.items():
            per_stage.setdefault(stage, []).append(spent)
        per_stage.setdefault(OTHER, []).append(totals[-1] - sum(clock.spent.values()))
    medians = {stage: statistics.median(values + [0.0] * (runs - len(values))) for stage, values in per_stage.items()}
    return medians, statistics.median(totals), statistics.median(plain)


def warm_renders(editions: dict[int, Path], runs: int) -> dict[int, list[float]]:
    """Seconds of `runs` warm renders of each edition in this process, the order alternating each round:
    what a render costs without start-up, imports and font parsing (the fixed cost hides the rest)."""
    from brochure.pipeline import Job

    for path in editions.values():
        _render_afresh(Job(path))  # warm-up
    timed: dict[int, list[float]] = {key: [] for key in editions}
    for index in range(runs):
        for key in sorted(editions, reverse=index % 2 == 1):
            started = time.perf_counter()
            _render_afresh(Job(editions[key]))
            timed[key].append(time.perf_counter() - started)
    return timed


def _place(stage: str, order: list[str]) -> tuple[int, int]:
    """Stages in the order of STAGES, each part of preflight right after preflight itself; OTHER last."""
    if stage == OTHER:
        return len(order), 0
    within = stage.removeprefix(f"{PREFLIGHT}: ")
    if within != stage:
        return order.index(PREFLIGHT), 1 + order.index(within)
    return order.index(stage), 0


def print_stages(edition: Path, runs: int) -> None:
    stages, total, plain = stage_times(edition, runs)
    order = list(dict.fromkeys(STAGES.values()))
    for stage in sorted(stages, key=lambda stage: _place(stage, order)):
        print(f"    {stage:<56}{stages[stage] * 1000:8.1f} ms")
    for stage in order:
        if stage not in stages and f"{PREFLIGHT}: {stage}" not in stages:
            print(f"    {stage:<56}{'-':>8}    (not reached: renamed or moved?)")
    print(f"    {'one warm render, timed by stage':<56}{total * 1000:8.1f} ms", end="")
    print(f"  (without the timers: {plain * 1000:.1f} ms)")
