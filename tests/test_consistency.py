"""How a translated block that differs from its source block is described (consistency._difference)."""

from __future__ import annotations

from brochure.consistency import _difference
from brochure.diagnostics import Location
from brochure.model import Spacer


def test_a_spacer_of_another_height_is_described_not_a_crash():
    # The last item of a spacer's signature is its height, not the contacts it mentions: reading it as
    # contacts raised TypeError ('int' object is not iterable) before mypy pointed at it.
    source, translation = Spacer(10, Location("en.yaml", 3)), Spacer(20, Location("es.yaml", 3))
    assert _difference(source, translation) == "its options differ (level, style or contact)"
