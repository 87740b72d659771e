"""Benchmark: `make bench` (`tools/bench.py [--quick]`). Prints the five targets of issue 14, each measured
figure beside the reference it is paired with, the ratio and the target, marked met or missed.

Not a test: a slow or busy machine makes targets missed, never the build fail. It exits 1 only when a
command it times fails (a broken renderer cannot be measured), after printing everything else.

How it measures, so that figures taken on a shared machine mean something:
- every timed command runs in a fresh process, as a person runs it, with Python's compiled bytecode
  kept between runs (as on a user's machine) and one untimed warm-up run first;
- a figure and its reference run in pairs, in alternating order (ABBAAB...), so load that comes and
  goes hits both alike; each ratio is the median of the per-pair ratios, shown with its spread;
- CPU time (of all of a run's processes) is shown beside wall time: other load moves it less;
- peak memory is the kernel's maximum resident set (wait4, /proc VmHWM), per process, never a sum.

1. One edition, cold (`render.py en.yaml -o x.pdf`, preflight and tagging included) against the floor,
   a bare ReportLab script placing the same text (tools/bench_floor.py): target <= 1.3x.
2. `render.py --all --office` against Typst compiling the same brochure once per PDF, one process each
   (tools/bench_typst/, typst-py from the `bench` extra): target <= 1x. And `make` (`render.py --all`
   then `render.py --review --all`, both --changed) from an empty folder: target < 2 s; for information,
   `make` again with nothing changed, and with one byte of one translation changed.
3. Peak memory: one edition <= 64 MiB; `--all` <= 100 MiB in every process (parent and each worker).
4. PDF size of the English Letter office edition against the floor's PDF (which embeds the same three
   faces: the font subsets are most of both files): target <= 1.2x.
5. Cost against length of text: editions 1x to 4x as long, all fitting (see `scaling_editions` for why),
   in CPU time: 4x text in <= 4x time. The English edition repeated, which overflows, for information.
Then where the time of one warm render goes, stage by stage (tools/bench_stages.py). How processes are
run, paired and measured is tools/bench_runs.py.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import yaml
from bench_runs import (
    ROOT,
    CommandFailed,
    Paired,
    Run,
    Spread,
    batch,
    environment,
    in_sequence,
    paired,
    peaks_per_process,
    process,
    repeated,
)

EDITION = "data/ct-human-trafficking/en.yaml"
MIB = 1024 * 1024


@dataclass(frozen=True)
class Rounds:
    """How many times each thing is measured: pairs of the paired targets, runs of the others."""

    one_edition: int
    batch: int
    bundle: int
    scaling: int
    stages: int
    extras: bool  # figures for information beside the targets: start-up and imports, Typst in parallel


FULL = Rounds(one_edition=9, batch=5, bundle=3, scaling=5, stages=7, extras=True)
QUICK = Rounds(one_edition=3, batch=2, bundle=1, scaling=2, stages=3, extras=False)


# -- printing ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Verdict:
    """One target's line in the summary."""

    target: str
    figure: str
    limit: str
    met: bool | None  # None: not measured


VERDICTS: list[Verdict] = []


def verdict(target: str, value: float, limit: float, shown: Callable[[float], str]) -> str:
    met = value <= limit
    VERDICTS.append(Verdict(target, shown(value), shown(limit), met))
    return f"target <= {shown(limit)}: {'met' if met else 'MISSED'}"


def not_measured(target: str, why: str) -> None:
    VERDICTS.append(Verdict(target, "-", "-", None))
    print(f"    not measured: {why}")


def ms(spread: Spread) -> str:
    return f"{spread.median * 1000:.0f} ms ({spread.low * 1000:.0f}-{spread.high * 1000:.0f})"


def seconds(spread: Spread) -> str:
    return f"{spread.median:.2f} s ({spread.low:.2f}-{spread.high:.2f})"


def secs(value: float) -> str:
    return f"{value:.2f} s"


def times(value: float) -> str:
    return f"{value:.2f}x"


def mib(value: float) -> str:
    return f"{value / MIB:.1f} MiB"


def ratio_line(ratio: Spread) -> str:
    return f"ratio {ratio.median:.2f}x ({ratio.low:.2f}-{ratio.high:.2f} over {ratio.count} pairs)"


def heading(text: str) -> None:
    print(f"\n{text}", flush=True)


# -- the targets ------------------------------------------------------------------------------------------


def one_edition(scratch: Path, rounds: Rounds) -> Paired | None:
    """Target 1: one edition, cold, against the floor. Also returns the runs for targets 3 and 4."""
    heading("1. One edition, cold: render.py en.yaml -o x.pdf (preflight, tagging) vs the floor (bare ReportLab)")
    ours = process("render.py", EDITION, "-o", str(scratch / "en.pdf"))
    floor = process("tools/bench_floor.py", str(scratch / "floor.pdf"))
    try:
        runs = paired(ours, floor, rounds.one_edition)
    except CommandFailed as error:
        not_measured("1 one edition / floor", str(error))
        return None
    mine, theirs = runs.seconds()
    print(f"    wall: ours {ms(mine)}   floor {ms(theirs)}   {ratio_line(runs.ratio())}")
    print(f"    {verdict('1 one edition / floor', runs.ratio().median, 1.3, times)}")
    mine, theirs = runs.cpu()
    print(f"    CPU, less moved by other load: ours {ms(mine)}   floor {ms(theirs)}   {ratio_line(runs.cpu_ratio())}")
    if rounds.extras:
        start_up = repeated(process("-c", "pass"), rounds.one_edition)
        imports = process("-c", "import brochure.cli, brochure.pipeline, brochure.preflight")
        print(
            f"    for reference: Python start-up alone {ms(Spread.of([r.seconds for r in start_up]))}; start-up and "
            f"importing brochure {ms(Spread.of([r.seconds for r in repeated(imports, rounds.one_edition)]))}"
        )
    return runs


def office_batch(scratch: Path, rounds: Rounds) -> None:
    """Target 2: every office PDF against Typst compiling the same brochure once per PDF."""
    heading("2. render.py --all --office vs Typst compiling the brochure once per PDF, one process each")
    out = scratch / "office"
    ours = process("render.py", "--all", "--office", "--out-dir", str(out))
    try:
        ours()  # warm-up, which tells how many PDFs it makes
    except CommandFailed as error:
        return not_measured("2 --all --office / Typst", str(error))
    pdfs = sorted(out.glob("*.pdf"))
    try:
        import typst  # noqa: F401 - only whether the bench extra is installed
    except ImportError:
        return not_measured("2 --all --office / Typst", "Typst is missing: pip install -e '.[bench]' (make bench does)")
    compiles: list[Sequence[str]] = [
        ("tools/bench_typst/compile.py", str(scratch / f"typst-{n}.pdf")) for n in range(len(pdfs))
    ]
    try:
        runs = paired(ours, batch(compiles, jobs=1), rounds.batch, ours_warm=True)
        parallel = repeated(batch(compiles, jobs=os.cpu_count() or 1), rounds.batch) if rounds.extras else []
    except CommandFailed as error:
        return not_measured("2 --all --office / Typst", str(error))
    mine, theirs = runs.seconds()
    alone = mine.median
    print(f"    ours ({len(pdfs)} PDFs, {os.cpu_count()} workers) {seconds(mine)}")
    print(f"    Typst, {len(pdfs)} processes one after the other {seconds(theirs)}   {ratio_line(runs.ratio())}")
    print(f"    {verdict('2 --all --office / Typst', runs.ratio().median, 1.0, times)}")
    mine, theirs = runs.cpu()
    print(f"    CPU, all processes: ours {seconds(mine)}   Typst {seconds(theirs)}   {ratio_line(runs.cpu_ratio())}")
    if not parallel:
        return None
    spread = Spread.of([r.seconds for r in parallel])
    print(
        f"    stricter, for information: Typst {os.cpu_count()} processes at a time {seconds(spread)}, "
        f"ours {alone / spread.median:.2f}x that (not paired)"
    )


@dataclass(frozen=True)
class Peaks:
    """Peak memory of the processes of one `render.py --all`: the largest (kernel), each one's (sampled)."""

    largest: int
    parent: int | None
    workers: tuple[int, ...]


def bundle(scratch: Path, rounds: Rounds) -> Peaks | None:
    """Target 2, second part: `make`, the whole bundle, against 2 s, from an empty output folder (the honest
    figure: every file made). Beside it, for information, what `make` takes again (its --changed makes
    only what changed): with nothing changed, and with one byte of one translation changed. Its untimed
    warm-up run of `render.py --all` samples each process's memory for target 3 (returned)."""
    heading("2. make: render.py --all --changed, then render.py --review --all --changed (the whole bundle)")
    data = scratch / "bundle-data"  # a copy, so that one translation can be changed
    shutil.copytree(ROOT / "data", data)
    out = scratch / "bundle"
    everything = process("render.py", "--all", "--changed", "--data", str(data), "--out-dir", str(out))
    reviews = process("render.py", "--review", "--all", "--changed", "--data", str(data), "--out-dir", str(out))
    make = in_sequence(everything, reviews)

    def from_empty() -> Run:
        shutil.rmtree(out, ignore_errors=True)  # not timed: each run makes every file
        return make()

    translation = data / "ct-human-trafficking" / "es.yaml"
    original = translation.read_bytes()
    edits = 0

    def one_changed() -> Run:
        nonlocal edits
        edits += 1  # a byte more, then back: each run finds the file changed since the run before
        translation.write_bytes(original + b"#" * (edits % 2))
        return make()

    try:
        warm_up, sampled, parent = peaks_per_process(("render.py", "--all", "--out-dir", str(out)))
        reviews()
        runs = [from_empty() for _ in range(rounds.bundle)]
        unchanged = repeated(make, max(3, rounds.bundle))
        changed = repeated(one_changed, max(3, rounds.bundle))
    except CommandFailed as error:
        not_measured("2 make (bundle)", str(error))
        return None
    finally:
        translation.write_bytes(original)
    files = sum(1 for path in out.iterdir() if path.is_file() and not path.name.startswith("."))
    spread = Spread.of([r.seconds for r in runs])
    print(f"    {files} files, from an empty folder: wall {seconds(spread)} over {len(runs)} runs   ", end="")
    print(verdict("2 make (bundle, from empty)", spread.median, 2.0, secs))
    print(f"    CPU, all processes: {seconds(Spread.of([r.cpu for r in runs]))}")
    for name, figures in (("nothing changed", unchanged), ("es.yaml changed", changed)):
        spread = Spread.of([r.seconds for r in figures])
        cpu = Spread.of([r.cpu for r in figures])
        print(f"    make again, {name}: wall {seconds(spread)}, CPU {seconds(cpu)} over {len(figures)} runs   ", end="")
        print(verdict(f"2 make again, {name}", spread.median, 2.0, secs) + " (for information)")
    workers = tuple(peak for pid, peak in sampled.items() if pid != parent)
    # the kernel's figure at exit and the samples can differ by a few pages: the larger counts
    return Peaks(max([warm_up.peak, *sampled.values()]), sampled.get(parent), workers)


def memory(first: Paired | None, every: Peaks | None) -> None:
    """Target 3: peak memory of one edition (from target 1's runs) and of every process of `--all` (from
    the bundle's warm-up run)."""
    heading("3. Peak memory (maximum resident set of each process)")
    if first is None:
        not_measured("3 memory, one edition", "target 1 was not measured")
    else:
        ours = Spread.of([r.peak for r in first.ours])
        floor = Spread.of([r.peak for r in first.reference])
        print(
            f"    one edition {mib(ours.median)} (floor {mib(floor.median)}, {ours.median / floor.median:.2f}x)   "
            f"{verdict('3 memory, one edition', ours.median, 64 * MIB, mib)}"
        )
    if every is None:
        return not_measured("3 memory, --all per process", "render.py --all did not run")
    if every.parent is None:
        print("    render.py --all: no per-process samples (no /proc?): only the largest process is known")
    else:
        shown = ", ".join(mib(peak) for peak in every.workers) or "none"
        print(f"    render.py --all: parent {mib(every.parent)}, workers {shown} (sampled every few ms)")
    print(f"    largest process {mib(every.largest)}   ", end="")
    print(verdict("3 memory, --all per process", every.largest, 100 * MIB, mib))


# -- size and length --------------------------------------------------------------------------------------


def pdf_size(scratch: Path) -> None:
    """Target 4: the English Letter office PDF (from target 1's runs) against the floor's PDF."""
    heading("4. PDF size: the English Letter office edition vs the floor's PDF (same text, same three faces)")
    ours, floor, typst = (scratch / name for name in ("en.pdf", "floor.pdf", "typst-0.pdf"))
    if not (ours.exists() and floor.exists()):
        return not_measured("4 PDF size / floor", "target 1 made no PDF")
    size, reference = ours.stat().st_size, floor.stat().st_size
    print(f"    ours {_kib_and_fonts(ours)}   floor {_kib_and_fonts(floor)}")
    if typst.exists():
        print(f"    for information, Typst's {_kib_and_fonts(typst)}")
    print(f"    ratio {size / reference:.2f}x   {verdict('4 PDF size / floor', size / reference, 1.2, times)}")


def _kib_and_fonts(path: Path) -> str:
    """A PDF's size, and how much of it is embedded font programs (the font subsets)."""
    try:
        fonts = _font_program_bytes(path)
    except Exception as error:  # noqa: BLE001 - the share of fonts is information only
        return f"{path.stat().st_size / 1024:.1f} KiB (fonts not read: {type(error).__name__})"
    return f"{path.stat().st_size / 1024:.1f} KiB ({fonts / 1024:.1f} KiB of it font programs)"


def _font_program_bytes(path: Path) -> int:
    """Bytes of the embedded font files (FontFile, FontFile2, FontFile3) as stored, each counted once."""
    import pypdf

    seen: dict[int, int] = {}
    for page in pypdf.PdfReader(path).pages:
        fonts = page.get("/Resources", {}).get("/Font", {})
        for font in (value.get_object() for value in fonts.values()):
            for face in [font, *(d.get_object() for d in font.get("/DescendantFonts", []))]:
                descriptor = face.get("/FontDescriptor")
                for key in ("/FontFile", "/FontFile2", "/FontFile3"):
                    if descriptor is not None and key in descriptor.get_object():
                        reference = descriptor.get_object().raw_get(key)
                        # as stored (compressed): pypdf keeps those bytes, and drops /Length once read
                        seen[reference.idnum] = len(reference.get_object()._data)
    return sum(seen.values())


UNIT_WORDS = 24  # words of text per unit: four units, each with its heading, fill a Letter panel at 11 pt


def scaling_editions(folder: Path) -> dict[int, tuple[Path, int]]:
    """Editions of the Connecticut brochure's design with 0 to 4 units of text per panel: {units: (file, chars)}.

    Why not en.yaml repeated: 2x its text no longer fits, so the render stops after the fit search
    with the overflow error while 1x draws and preflights: the times would compare different work.
    No paper or type size lets 4x the English edition fit (the readable floor is 8.5 pt, the
    largest paper legal), so each length is made to fit at the design's 11 pt: every panel gets
    N units of a heading and a paragraph of UNIT_WORDS words, the English edition's own words in
    order, its markup removed. 4 units fill the panels; 0 units (a heading alone per panel, the
    cover's title) is the fixed cost of a render, to tell the part that grows with text.
    """
    source = yaml.safe_load((ROOT / EDITION).read_text(encoding="utf-8"))
    words = " ".join(_strings(source["panels"]))
    words = re.sub(r"\[([^\]]+)\]\([a-z_]+\)", r"\1", words).replace("*", "").split()
    folder.mkdir()
    for name in ("brochure.yaml", "contacts.yaml"):
        shutil.copy(ROOT / "data/ct-human-trafficking" / name, folder / name)
    editions = {}
    for units in range(5):
        position = 0
        panels = {}
        for role in source["panels"]:
            blocks: list[dict[str, str]] = [{"heading": "Part 1"}] if units == 0 else []
            if role == "front_cover":
                blocks.insert(0, {"heading": "Stop Human Trafficking", "level": "title"})
            for unit in range(units):
                text = " ".join(words[(position + n) % len(words)] for n in range(UNIT_WORDS))
                position += UNIT_WORDS
                blocks += [{"heading": f"Part {unit + 1}"}, {"paragraph": text}]
            panels[role] = {"blocks": blocks}
        edition = {"language": "en-US", "title": "Stop Human Trafficking", "review": {"status": "source"}}
        edition |= {"labels": source["labels"], "panels": panels}
        path = folder / f"x{units}.yaml"
        path.write_text(yaml.safe_dump(edition, allow_unicode=True, sort_keys=False, width=100), encoding="utf-8")
        editions[units] = (path, sum(len(text) for text in _strings(panels)))
    return editions


def _strings(node: object) -> list[str]:
    """The text of a panel tree: every string but the names of styles, levels and contacts."""
    if isinstance(node, str):
        return [node]
    if isinstance(node, dict):
        skip = {"background", "align", "level", "style", "contact", "spacer"}
        return [text for key, value in node.items() if key not in skip for text in _strings(value)]
    if isinstance(node, list):
        return [text for value in node for text in _strings(value)]
    return []


def scaling(scratch: Path, rounds: Rounds) -> None:
    """Target 5: time against length of text, each length in fresh processes, the order alternating.

    Judged on CPU time: one render is one process, so on an idle machine its wall time is its CPU
    time, and CPU time is what other load on a shared machine moves least (wall time is shown too).
    Warm renders in this process are timed too: without the fixed cost of a fresh process (start-up,
    imports, fonts), the part that grows with text shows.
    """
    heading("5. Time against length of text: editions 0x-4x long, each fitting at 11 pt (see scaling_editions)")
    editions = scaling_editions(scratch / "scaling")
    work = {
        units: process("render.py", str(path), "-o", str(scratch / f"x{units}.pdf"))
        for units, (path, _) in editions.items()
    }
    timed: dict[int, list[Run]] = {units: [] for units in editions}
    try:
        for workload in work.values():
            workload()  # warm-up
        for index in range(rounds.scaling):
            for units in sorted(work, reverse=index % 2 == 1):
                timed[units].append(work[units]())
    except CommandFailed as error:
        return not_measured("5 4x text / 1x time", str(error))
    from bench_stages import warm_renders  # imports brochure into this process

    warm = {
        units: Spread.of(values)
        for units, values in warm_renders({u: p for u, (p, _) in editions.items()}, rounds.scaling * 2).items()
    }
    cpu = {units: Spread.of([r.cpu for r in runs]) for units, runs in timed.items()}
    wall = {units: Spread.of([r.seconds for r in runs]) for units, runs in timed.items()}
    chars = {units: count for units, (_, count) in editions.items()}
    print(f"    {'':13}{'fresh process':<31}{'warm render, in process':<36}")
    print(
        f"    {'text':<6}{'chars':>6}  {'CPU (range)':<21}{'per char':>9}   "
        f"{'time (range)':<20}{'per char':>9}{'above 0x':>10}"
    )
    for units in editions:
        print(
            f"    {units}x{'':<4}{chars[units]:>6}  {ms(cpu[units]):<21}{_relative(units, cpu, chars):>9}   "
            f"{ms(warm[units]):<20}{_relative(units, warm, chars):>9}{_relative(units, warm, chars, above=0):>10}"
        )
    ratio = cpu[4].median / cpu[1].median
    print(f"    4x text takes {ratio:.2f}x the CPU time of 1x (wall {wall[4].median / wall[1].median:.2f}x)   ", end="")
    print(verdict("5 4x text / 1x time", ratio, 4.0, times))
    print(
        f"    warm, in process: 4x takes {warm[4].median / warm[1].median:.2f}x the time of 1x. Per char: time per "
        "character relative to 1x\n    (1.00: linear); above 0x: the time above 0x (a heading per panel: the fixed "
        "cost of a render) per character, relative to 1x."
    )
    made = subprocess.run(
        [sys.executable, "render.py", str(editions[4][0]), "-o", str(scratch / "x4.pdf")],
        cwd=ROOT,
        env=environment(),
        capture_output=True,
        text=True,
    )
    print(f"    the 4x edition: {(made.stdout.strip().splitlines() or [made.stderr.strip()])[-1]}")
    overflowing(scratch, rounds)


def _relative(units: int, spreads: dict[int, Spread], chars: dict[int, int], above: int | None = None) -> str:
    """Time per character of `units`, relative to 1x; with `above`, of the time above that edition's."""
    if units == 0 or (above is not None and units == above):
        return "-"
    base = spreads[above].median if above is not None else 0.0
    base_chars = chars[above] if above is not None else 0
    one = (spreads[1].median - base) / (chars[1] - base_chars)
    if one <= 0:
        return "(noise)"  # noise larger than what 1x adds: no figure rather than a wrong one
    return f"{(spreads[units].median - base) / (chars[units] - base_chars) / one:.2f}"


def overflowing(scratch: Path, rounds: Rounds) -> None:
    """Beside target 5, for information: en.yaml with each panel's blocks repeated 2-4 times. That cannot
    fit, so the run ends with the overflow error after the fit search (issue 6: failing fast): other work
    than the 1x edition's, which is drawn and preflighted. CPU time, fresh processes, alternating order."""
    folder = scratch / "overflow"
    folder.mkdir()
    for name in ("brochure.yaml", "contacts.yaml"):
        shutil.copy(ROOT / "data/ct-human-trafficking" / name, folder / name)
    source = yaml.safe_load((ROOT / EDITION).read_text(encoding="utf-8"))
    work = {1: process("render.py", EDITION, "-o", str(folder / "en1.pdf"))}
    for copies in (2, 3, 4):
        panels = {role: {**panel, "blocks": panel["blocks"] * copies} for role, panel in source["panels"].items()}
        path = folder / f"en{copies}.yaml"
        path.write_text(yaml.safe_dump({**source, "panels": panels}, allow_unicode=True, sort_keys=False), "utf-8")
        work[copies] = process("render.py", str(path), "-o", str(folder / f"en{copies}.pdf"), expect=1)
    timed: dict[int, list[float]] = {copies: [] for copies in work}
    try:
        for workload in work.values():
            workload()  # warm-up
        for index in range(rounds.scaling):
            for copies in sorted(work, reverse=index % 2 == 1):
                timed[copies].append(work[copies]().cpu)
    except CommandFailed as error:
        return print(f"    en.yaml repeated: {error}")
    one = statistics.median(timed[1])
    shown = [
        f"{copies}x {ms(Spread.of(values))} = {statistics.median(values) / one:.2f}x"
        + (f", {len(list(folder.glob(f'en{copies}-overflow-*.png')))} overflow pictures" if copies > 1 else "")
        for copies, values in timed.items()
    ]
    print("    for information: en.yaml's panels repeated, which overflow (the run ends with the error), CPU:")
    print(f"    {'; '.join(shown[:2])};\n    {'; '.join(shown[2:])}")


# -- the whole run ----------------------------------------------------------------------------------------


def summary() -> None:
    heading("Summary (issue 14's targets)")
    for line in VERDICTS:
        state = {True: "met", False: "MISSED", None: "not measured"}[line.met]
        print(f"    {line.target:<32}{line.figure:>12}   target <= {line.limit:<10} {state}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], prog="tools/bench.py")
    parser.add_argument("--quick", action="store_true", help="fewer runs: for quick iteration, noisier figures")
    rounds = QUICK if parser.parse_args(argv).quick else FULL
    load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
    print(
        f"make bench: {'quick, ' if rounds is QUICK else ''}{os.cpu_count()} cores, load average {load}. "
        "Times are wall clock in fresh processes, medians with (min-max);\n"
        "figures move with what else runs on the machine: compare ratios of pairs, taken under the same load."
    )
    with tempfile.TemporaryDirectory(prefix="bench-") as folder:
        scratch = Path(folder)
        first = one_edition(scratch, rounds)
        office_batch(scratch, rounds)
        peaks = bundle(scratch, rounds)
        memory(first, peaks)
        pdf_size(scratch)
        scaling(scratch, rounds)
    heading(f"Where one warm render of {EDITION} goes (in process, median of {rounds.stages})")
    try:
        from bench_stages import print_stages  # imports brochure into this process: last

        print_stages(ROOT / EDITION, rounds.stages)
    except Exception as error:  # noqa: BLE001 - the stage table is information; the targets are printed anyway
        print(f"    not measured: {type(error).__name__}: {error}")
    summary()
    return 1 if any(line.met is None for line in VERDICTS) else 0


if __name__ == "__main__":
    sys.exit(main())
