"""Benchmark: `make bench`. Prints how long rendering takes; not a test, so it never fails on a slow machine.

Measures, each as the median of several runs:
1. one edition in a fresh process (`python render.py en.yaml -o ...`): what a person waits for;
2. the floor: a bare ReportLab script placing the same text in six frames (tools/bench_floor.py),
   also in a fresh process: the cost no ReportLab renderer can avoid;
3. every edition, paper and kind (office and press) rendered in one process, after warm-up;
4. each stage of one warm render, to show where the time goes.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

RUNS = 7
# The stages the floor also does (load, lay out, draw), without the CLI and preflight.
RENDER_WITHOUT_PREFLIGHT = (
    "import sys, pathlib; from brochure.pipeline import Job, lay_out_job; from brochure.draw import draw;"
    "layout = lay_out_job(Job(pathlib.Path('data/ct-human-trafficking/en.yaml'), 'letter'))[2];"
    "pathlib.Path(sys.argv[1]).write_bytes(draw(layout))"
)


def fresh_process(args: list[str]) -> float:
    # As on a person's machine, Python keeps compiled bytecode between runs (some sandboxes switch
    # that off with PYTHONDONTWRITEBYTECODE, which would bill every run for compiling the package).
    env = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}
    subprocess.run([sys.executable, *args], cwd=ROOT, check=True, capture_output=True, env=env)  # warm-up
    times = []
    for _ in range(RUNS):
        started = time.perf_counter()
        subprocess.run([sys.executable, *args], cwd=ROOT, check=True, capture_output=True, env=env)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def all_in_one_process() -> tuple[float, int]:
    from brochure.cli import discover_editions
    from brochure.fold import OutputKind
    from brochure.load import load_edition
    from brochure.pipeline import Job, render

    editions = discover_editions(ROOT / "data")

    def once() -> int:
        count = 0
        for path in editions:
            edition, _ = load_edition(path)
            for paper in edition.design.papers:
                for kind in OutputKind:
                    render(Job(path, paper.name, kind), edition)
                    count += 1
        return count

    once()  # warm-up: imports, font parsing
    times = []
    for _ in range(3):
        started = time.perf_counter()
        count = once()
        times.append(time.perf_counter() - started)
    return statistics.median(times), count


def stages() -> dict[str, float]:
    """Median in-process time of each stage for the English Letter office edition."""
    from brochure.draw import draw
    from brochure.fold import fold_sheet
    from brochure.layout import lay_out
    from brochure.load import load_edition
    from brochure.preflight import preflight

    path = ROOT / "data/ct-human-trafficking/en.yaml"
    timings: dict[str, list[float]] = {"load": [], "fold + lay out": [], "draw": [], "preflight": []}
    for _ in range(7):
        started = time.perf_counter()
        edition, _ = load_edition(path)
        loaded = time.perf_counter()
        design = edition.design
        layout = lay_out(edition, fold_sheet(design.papers[0], design.fold, design.fold_in_offset, design.margins))
        laid = time.perf_counter()
        pdf = draw(layout)
        drawn = time.perf_counter()
        preflight(layout, pdf, redraw=lambda layout=layout: draw(layout))
        checked = time.perf_counter()
        for key, value in zip(timings, (loaded - started, laid - loaded, drawn - laid, checked - drawn)):
            timings[key].append(value)
    return {key: statistics.median(values[1:]) for key, values in timings.items()}


def main() -> None:
    with tempfile.TemporaryDirectory() as scratch:
        ours = fresh_process(["render.py", "data/ct-human-trafficking/en.yaml", "-o", f"{scratch}/en.pdf"])
        floor = fresh_process(["tools/bench_floor.py", f"{scratch}/floor.pdf"])
        stages_only = fresh_process(["-c", RENDER_WITHOUT_PREFLIGHT, f"{scratch}/stages.pdf"])
        python = fresh_process(["-c", "pass"])
    total, count = all_in_one_process()
    stage_times = stages()
    print(f"one edition, fresh process (render.py en.yaml):   {ours * 1000:7.0f} ms")
    print(f"floor, fresh process (bare ReportLab, 6 frames):  {floor * 1000:7.0f} ms")
    print(f"python interpreter start-up alone:                {python * 1000:7.0f} ms")
    print(f"ratio to the floor:                               {ours / floor:7.2f} x  (preflight included)")
    print(
        f"load + lay out + draw only, fresh process:        {stages_only * 1000:7.0f} ms = "
        f"{stages_only / floor:.2f} x the floor (target <= 1.5 x)"
    )
    print(
        f"all {count} PDFs (editions x papers x office/press), one process: {total:.2f} s, "
        f"{total / count * 1000:.0f} ms each"
    )
    for stage, seconds in stage_times.items():
        print(f"  stage {stage:<16} (en, Letter, warm): {seconds * 1000:6.1f} ms")


if __name__ == "__main__":
    main()
