"""One Typst compile of the brochure in its own process: the peer `make bench` pairs `--all --office` against.

In:  the PDF to write (argument 1). Out: that PDF, compiled from tools/bench_typst/brochure.typ
with typst-py (the `typst` package of the `bench` extra), the repository as Typst's root (the
source reads data/ct-human-trafficking/*.yaml) and the bundled fonts/ as its only font folder.
"""

import sys
from pathlib import Path

import typst

ROOT = Path(__file__).resolve().parent.parent.parent


def main(out: str) -> None:
    typst.compile(
        str(ROOT / "tools/bench_typst/brochure.typ"),
        output=out,
        root=str(ROOT),
        font_paths=[str(ROOT / "fonts")],
        ignore_system_fonts=True,
    )


if __name__ == "__main__":
    main(sys.argv[1])
