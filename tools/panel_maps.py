"""Draw the README's panel-map pictures: docs/panel-map-roll.png and docs/panel-map-z.png.

Run after changing a fold's panel map (brochure/fold.py); tests/test_zfold.py fails
while the committed pictures differ from what this draws.
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from brochure.model import Fold  # noqa: E402
from brochure.proofs import panel_map_picture  # noqa: E402

DOCS = ROOT / "docs"


def picture_path(fold: Fold) -> Path:
    return DOCS / f"panel-map-{fold.value}.png"


def main() -> int:
    DOCS.mkdir(exist_ok=True)
    for fold in Fold:
        buffer = io.BytesIO()
        panel_map_picture(fold).save(buffer, format="PNG", optimize=False)
        picture_path(fold).write_bytes(buffer.getvalue())
        print(f"wrote {picture_path(fold).relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
