"""Subset Noto Sans SC (Simplified Chinese) for bundling with the brochure tool.

In:  the static TrueType (glyf-outline) Noto Sans SC Regular (400) and Bold
     (700) files, as shipped by the npm package `@expo-google-fonts/noto-sans-sc`
     (400Regular/NotoSansSC_400Regular.ttf, 700Bold/NotoSansSC_700Bold.ttf).
Out: fonts/noto-sans-sc/NotoSansSC-Regular.ttf and NotoSansSC-Bold.ttf, small
     enough to keep in the repository and loadable by ReportLab's TTFont
     (which needs TrueType outlines, not CFF).

Character set kept (only the characters the source font actually maps):
  * every character of GB 2312 (each valid 2-byte code decoded with Python's
    'gb2312' codec);
  * printable ASCII U+0020-007E and Latin-1 Supplement U+00A0-00FF (includes
    U+00A0 no-break space, U+00A7 section sign, U+00AD soft hyphen);
  * General Punctuation U+2000-206F (U+2011 non-breaking hyphen, dashes,
    curly quotes, bullets ...);
  * CJK Symbols and Punctuation U+3000-303F;
  * Halfwidth and Fullwidth Forms U+FF00-FFEF;
  * every character in data/**/zh*.yaml (so a new translation that uses a
    character outside GB 2312 is covered after re-running this script).

Only the tables ReportLab reads are kept (cmap, glyf, loca, hmtx, hhea, head,
maxp, name, OS/2, post); hinting, OpenType layout, vertical metrics and glyph
names are dropped. The whole name table (copyright, licence, licence URL ...)
is kept. The output is deterministic: the head.modified timestamp is the
source's, so re-running on the same inputs gives byte-identical files.

Usage (fontTools from PyPI, e.g. `pip install fonttools==4.68.0`):

    mkdir -p /tmp/noto-sans-sc && cd /tmp/noto-sans-sc && \\
        npm pack @expo-google-fonts/noto-sans-sc@0.4.3 && \\
        tar xzf expo-google-fonts-noto-sans-sc-0.4.3.tgz && cd -
    python tools/subset_cjk_font.py \\
        /tmp/noto-sans-sc/package/400Regular/NotoSansSC_400Regular.ttf \\
        /tmp/noto-sans-sc/package/700Bold/NotoSansSC_700Bold.ttf

The recipe, with the sha256 of the source files, is in fonts/README.md.
"""

from __future__ import annotations

import argparse
import hashlib
import sys
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTFont

REPO = Path(__file__).resolve().parent.parent
DEFAULT_OUT_DIR = REPO / "fonts" / "noto-sans-sc"
DEFAULT_DATA_DIR = REPO / "data"

OUTPUT_NAMES = ("NotoSansSC-Regular.ttf", "NotoSansSC-Bold.ttf")

# sha256 of the files in @expo-google-fonts/noto-sans-sc 0.4.3 (Noto Sans SC
# version 2.004-H2). A different source is accepted but reported.
EXPECTED_SOURCE_SHA256 = {
    "d45f67f0a7c0ca3f256950777ce6a61cc7ce5f9696d02900cbbaac25f8aa7d16": "NotoSansSC_400Regular.ttf 0.4.3",
    "9a38ae0ab28cd5a256f9ea8e00dedc688aac17f7915fcb000572990afa956b96": "NotoSansSC_700Bold.ttf 0.4.3",
}

KEEP_TABLES = {"cmap", "glyf", "loca", "hmtx", "hhea", "head", "maxp", "name", "OS/2", "post"}

# Characters wanted whatever the script's ranges say (documentation as much as data).
EXTRA_CHARS = "\u00a0\u00a7\u00ad\u2011\u2013\u2014\u2018\u2019\u201c\u201d\u2022"


def gb2312_chars() -> set[int]:
    """Every character of GB 2312: all valid 2-byte EUC-CN codes (0xA1A1-0xFEFE)."""
    chars: set[int] = set()
    for high in range(0xA1, 0xFF):
        for low in range(0xA1, 0xFF):
            try:
                text = bytes((high, low)).decode("gb2312")
            except UnicodeDecodeError:
                continue
            chars.update(ord(c) for c in text)
    return chars


def range_chars() -> set[int]:
    """The fixed Unicode ranges: ASCII, Latin-1, punctuation, CJK symbols, full/halfwidth."""
    chars: set[int] = set(range(0x20, 0x7F))  # printable ASCII
    chars.update(range(0xA0, 0x100))  # Latin-1 Supplement
    chars.update(range(0x2000, 0x2070))  # General Punctuation
    chars.update(range(0x3000, 0x3040))  # CJK Symbols and Punctuation
    chars.update(range(0xFF00, 0xFFF0))  # Halfwidth and Fullwidth Forms
    chars.update(ord(c) for c in EXTRA_CHARS)
    return chars


def data_chars(data_dir: Path) -> tuple[set[int], list[Path]]:
    """Every character (no C0 controls) in data/**/zh*.yaml, and the files read."""
    files = sorted(p for p in data_dir.rglob("zh*.yaml") if p.is_file()) if data_dir.is_dir() else []
    chars: set[int] = set()
    for path in files:
        chars.update(ord(c) for c in path.read_text(encoding="utf-8") if ord(c) >= 0x20)
    return chars, files


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def subset_one(source: Path, target: Path, wanted: set[int]) -> tuple[int, int]:
    """Write the subset of `source` to `target`; return (characters kept, glyphs)."""
    font = TTFont(str(source), recalcTimestamp=False)
    if "glyf" not in font:
        raise SystemExit(f"{source}: no 'glyf' table (CFF outlines?); ReportLab needs TrueType outlines")
    cmap = font.getBestCmap()
    unicodes = sorted(wanted & set(cmap))

    options = subset.Options()
    options.drop_tables = sorted(set(font.keys()) - KEEP_TABLES - {"GlyphOrder"})
    options.hinting = False  # drop glyph instructions, fpgm, prep, cvt
    options.glyph_names = False  # post table format 3
    options.legacy_kern = False
    options.name_IDs = ["*"]  # keep copyright (0), licence (13), licence URL (14) ...
    options.name_languages = ["*"]
    options.name_legacy = True
    options.notdef_outline = True
    options.recalc_bounds = True
    options.recalc_timestamp = False

    subsetter = subset.Subsetter(options=options)
    subsetter.populate(unicodes=unicodes)
    subsetter.subset(font)

    extra = set(font.keys()) - KEEP_TABLES - {"GlyphOrder"}
    if extra:
        raise SystemExit(f"{target}: unexpected tables left after subsetting: {sorted(extra)}")
    target.parent.mkdir(parents=True, exist_ok=True)
    font.save(str(target))
    return len(unicodes), len(font.getGlyphOrder())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("regular", type=Path, help="source NotoSansSC_400Regular.ttf")
    parser.add_argument("bold", type=Path, help="source NotoSansSC_700Bold.ttf")
    parser.add_argument(
        "--out-dir", type=Path, default=DEFAULT_OUT_DIR, help=f"where to write the subsets (default {DEFAULT_OUT_DIR})"
    )
    parser.add_argument(
        "--data-dir", type=Path, default=DEFAULT_DATA_DIR, help=f"searched for zh*.yaml (default {DEFAULT_DATA_DIR})"
    )
    args = parser.parse_args(argv)

    extra_chars, zh_files = data_chars(args.data_dir)
    wanted = gb2312_chars() | range_chars() | extra_chars
    print(f"characters requested: {len(wanted)} ({len(extra_chars)} from {len(zh_files)} zh*.yaml file(s))")
    for path in zh_files:
        print(f"  read {path}")

    for source, name in zip((args.regular, args.bold), OUTPUT_NAMES):
        digest = sha256(source)
        known = EXPECTED_SOURCE_SHA256.get(digest)
        print(f"{source}\n  sha256 {digest} ({known or 'NOT the recorded source: update fonts/README.md'})")
        cmap = set(TTFont(str(source), lazy=True).getBestCmap())
        missing_zh = sorted(extra_chars - cmap)
        if missing_zh:
            shown = "".join(chr(c) for c in missing_zh[:40])
            print(f"  warning: {len(missing_zh)} character(s) of zh*.yaml not in the font: {shown}", file=sys.stderr)
        target = args.out_dir / name
        kept, glyphs = subset_one(source, target, wanted)
        print(
            f"  -> {target}: {kept} characters, {glyphs} glyphs, {target.stat().st_size} bytes, sha256 {sha256(target)}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
