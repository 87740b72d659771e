import pytest

from brochure.units import LengthError, format_length, parse_length


@pytest.mark.parametrize(
    "text, points",
    [
        ("1in", 72.0),
        ("0.125in", 9.0),
        ("1/16in", 4.5),
        ("1/8 in", 9.0),
        ("25.4mm", 72.0),
        ("2.54cm", 72.0),
        ("9pt", 9.0),
        ("9", 9.0),
        (" 3 MM ", 3 * 72 / 25.4),
        (".5in", 36.0),
        (12, 12.0),
        (0.5, 0.5),
    ],
)
def test_lengths_become_points(text, points):
    assert parse_length(text) == pytest.approx(points)


@pytest.mark.parametrize(
    "text, message",
    [
        ("", "expected a length"),
        ("in", "expected a length"),
        ("3 furlongs", "unknown unit 'furlongs'"),
        ("1/0in", "division by zero"),
        ("one inch", "expected a length"),
        (True, "expected a length"),
    ],
)
def test_bad_lengths_say_what_a_length_looks_like(text, message):
    with pytest.raises(LengthError, match=message):
        parse_length(text)


def test_format_length_reads_in_three_units():
    assert format_length(9) == "9 pt (0.125 in, 3.2 mm)"
