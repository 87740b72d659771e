"""Limits that protect the reader, the printer and the machine: one place, read by every stage.

The loader refuses a value outside these limits at the line that gives it, so a
later stage (layout, preflight) never meets a problem it cannot locate. The
README documents each of them.
"""

from __future__ import annotations

# -- the machine: hostile or mistaken input is refused before it costs memory or time
MAX_FILE_BYTES = 1_000_000  # a brochure file is a few kB; anything this big is a mistake
MAX_YAML_NODES = 50_000  # values in one file, counting every alias as the values it repeats
MAX_YAML_DEPTH = 40  # lists and mappings nested in each other; a brochure needs fewer than 10

# -- the reader: nothing a reader must read is set smaller than this
READABLE_FLOOR = 8.5  # pt; also the smallest size a panel may shrink to (`shrink:`)
MAX_TEXT_SIZE = 96.0  # pt; a one-inch cap height is more than any cover needs

# -- the printer: the fold plan keeps text this far in, preflight checks it, the loader refuses smaller margins
OFFICE_UNPRINTABLE = 0.25 * 72  # office printers leave 4-6 mm blank at the sheet edge
TRIM_SAFETY = 0.125 * 72  # a cutter may wander this much: keep text further in
FOLD_SAFETY = 0.125 * 72  # a fold may wander this much: keep text further away
MIN_EDGE_MARGIN = OFFICE_UNPRINTABLE  # margins.edge: text inset from the sheet edge
MIN_FOLD_MARGIN = FOLD_SAFETY  # margins.fold: text inset from each fold
