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

# -- the printer
MIN_EDGE_MARGIN = 0.25 * 72  # office printers cannot print closer to the sheet edge
MIN_FOLD_MARGIN = 0.125 * 72  # text nearer a fold is cut or creased
