"""Lengths: the only place where "0.125in", "3mm", "1/16in" or "9pt" become points.

In:  a string (or a bare number, taken as points) as written in a data file.
Out: a float in PostScript points (72 per inch).
"""

from __future__ import annotations

import re
from fractions import Fraction

POINTS_PER_UNIT = {
    "pt": 1.0,
    "in": 72.0,
    "mm": 72.0 / 25.4,
    "cm": 72.0 / 2.54,
}

_LENGTH = re.compile(
    r"""^\s*
    (?P<number>[+-]?(\d+(\.\d*)?|\.\d+)(\s*/\s*\d+)?)   # 0.125  3  .5  1/16
    \s*(?P<unit>[a-z]+)?\s*$""",
    re.VERBOSE,
)


class LengthError(ValueError):
    """The text is not a length; the message says what a length looks like."""


def parse_length(value: str | int | float) -> float:
    """Convert a length with a unit to points. A bare number is points."""
    if isinstance(value, bool):
        raise LengthError(f"expected a length such as 0.25in, 6mm or 9pt, got {value!r}")
    if isinstance(value, (int, float)):
        return float(value)
    match = _LENGTH.match(str(value).strip().lower())
    if not match:
        raise LengthError(f"expected a length such as 0.25in, 6mm or 9pt, got '{value}'")
    unit = match.group("unit") or "pt"
    if unit not in POINTS_PER_UNIT:
        raise LengthError(f"unknown unit '{unit}' in '{value}': use in, mm, cm or pt")
    number_text = match.group("number").replace(" ", "")
    try:
        number = float(Fraction(number_text))
    except ZeroDivisionError:
        raise LengthError(f"division by zero in '{value}'") from None
    return number * POINTS_PER_UNIT[unit]


def format_length(points: float) -> str:
    """Points as a person reads them: '9 pt (0.125 in, 3.2 mm)'."""
    return f"{points:g} pt ({points / 72:.3g} in, {points * 25.4 / 72:.2g} mm)"
