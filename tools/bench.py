"""Benchmark: `make bench`. Prints how long rendering takes; not a test, so it never fails on a slow machine.

Measures, each as the median of several runs:
1. one edition in a fresh process (`python render.py en.yaml -o ...`): what a person waits for;
2. the floor: a bare ReportLab script placing the same text in six frames (tools/bench_floor.py),
   also in a fresh process: the cost no ReportLab renderer can avoid;
3. every edition, paper and kind (office and press) rendered in one process, after warm-up.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

RUNS = 7


def fresh_process(args: list[str]) -> float:
    times = []
    for _ in range(RUNS):
        started = time.perf_counter()
        subprocess.run([sys.executable, *args], cwd=ROOT, check=True, capture_output=True)
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


def main() -> None:
    with tempfile.TemporaryDirectory() as scratch:
        ours = fresh_process(["render.py", "data/ct-human-trafficking/en.yaml", "-o", f"{scratch}/en.pdf"])
        floor = fresh_process(["tools/bench_floor.py", f"{scratch}/floor.pdf"])
        python = fresh_process(["-c", "pass"])
    total, count = all_in_one_process()
    print(f"one edition, fresh process (render.py en.yaml):   {ours * 1000:7.0f} ms")
    print(f"floor, fresh process (bare ReportLab, 6 frames):  {floor * 1000:7.0f} ms")
    print(f"python interpreter start-up alone:                {python * 1000:7.0f} ms")
    print(f"ratio to the floor:                               {ours / floor:7.2f} x  (target <= 1.5 x)")
    print(f"all {count} PDFs (editions x papers x office/press), one process: {total:.2f} s, "
          f"{total / count * 1000:.0f} ms each")


if __name__ == "__main__":
    main()
