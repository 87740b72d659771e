"""The line breaker: numbers and URLs never split, nothing lost, Chinese punctuation rules kept."""

from __future__ import annotations

import pytest

from brochure.fonts import face
from brochure.linebreak import NO_LINE_END, NO_LINE_START, SOFT_HYPHEN, Piece, Style, wrap
from brochure.model import Color

BLACK = Color("#000000")
LATIN = Style(face("noto-sans"), 10.0, BLACK)
LATIN_BOLD = Style(face("noto-sans", bold=True), 10.0, BLACK, "tel:+18883737888")
CJK = Style(face("noto-sans-sc"), 10.0, BLACK)
CJK_BOLD = Style(face("noto-sans-sc", bold=True), 10.0, BLACK, "tel:+18883737888")

HOTLINE = [
    Piece("Call the National Human Trafficking Hotline at ", LATIN),
    Piece("1-888-373-7888", LATIN_BOLD, unbreakable=True),
    Piece(".", LATIN),
]
CHINESE = [
    Piece("拨打全国人口贩运热线", CJK),
    Piece("1-888-373-7888", CJK_BOLD, unbreakable=True),
    Piece(
        "。约2700万成年人和1300万儿童目前在世界各地遭受奴役，奴役人数之多，在世界历史上前所未有。"
        "访问网站（www.unodc.org）了解更多：“人口贩运”是一种现代形式的奴役！",
        CJK,
    ),
]
WIDTHS = [w / 2 for w in range(60, 600, 7)]  # 30 pt to 300 pt


def lines_of(pieces, width, hyphenator=None):
    return [line.text for line in wrap(pieces, width, hyphenator).lines]


def joined(lines: list[str], separator: str = " ") -> str:
    text = separator.join(lines)
    return text.replace(SOFT_HYPHEN + separator, "").replace(SOFT_HYPHEN, "")


@pytest.mark.parametrize("width", WIDTHS)
def test_phone_number_is_never_split_and_nothing_is_lost(width):
    wrapped = wrap(HOTLINE, width)
    texts = [line.text for line in wrapped.lines]
    assert sum("1-888-373-7888" in t for t in texts) == 1
    assert joined(texts) == "Call the National Human Trafficking Hotline at 1-888-373-7888."
    narrow = [t for t in wrapped.too_wide]
    if LATIN_BOLD.face.width("1-888-373-7888", 10) > width:
        assert "1-888-373-7888." in [t.text for t in narrow]  # the unit that cannot break: number and full stop
    for line in wrapped.lines:
        if "1-888-373-7888" not in line.text and not any(t.text in line.text for t in narrow):
            assert line.width <= width + 1e-6


def test_a_number_wider_than_the_column_is_reported_not_split():
    wrapped = wrap(HOTLINE, 50)
    assert [(t.text, round(t.available)) for t in wrapped.too_wide] == [("1-888-373-7888.", 50)]
    assert "1-888-373-7888." in [line.text for line in wrapped.lines]


def test_breaks_after_a_hyphen_only_between_letters():
    pieces = [Piece("Some victims may qualify for a U-visa or T-visa; §53a-192a makes it a felony.", LATIN)]
    for width in WIDTHS:
        texts = lines_of(pieces, width)
        assert not any(t.endswith("§53a-") or t.endswith("53a-") for t in texts)
        assert joined(texts).replace("- ", "-") == pieces[0].text


def test_no_break_space_holds():
    pieces = [Piece("Más del 50\u00a0% de las víctimas", LATIN)]
    for width in WIDTHS:
        assert all(not t.startswith("%") for t in lines_of(pieces, width))


def test_long_words_are_hyphenated_with_a_soft_hyphen_that_extracts_away():
    import pyphen

    hyphenator = pyphen.Pyphen(lang="en_US", left=4, right=4).positions
    pieces = [Piece("Labor trafficking occurs when people work as indentured servants in exploitation.", LATIN)]
    hyphenated_somewhere = False
    for width in WIDTHS[5:]:
        texts = lines_of(pieces, width, hyphenator)
        hyphenated_somewhere |= any(t.endswith(SOFT_HYPHEN) for t in texts)
        assert joined(texts) == pieces[0].text
    assert hyphenated_somewhere


@pytest.mark.parametrize("width", WIDTHS)
def test_chinese_lines_respect_kinsoku_and_keep_numbers_whole(width):
    wrapped = wrap(CHINESE, width)
    texts = [line.text for line in wrapped.lines]
    source = "".join(p.text for p in CHINESE)
    assert "".join(texts) == source
    for number, line in enumerate(texts):
        if number:
            assert line[0] not in NO_LINE_START, (width, texts)
        if number < len(texts) - 1:
            assert line[-1] not in NO_LINE_END, (width, texts)
    for whole in ("1-888-373-7888", "2700", "1300", "www.unodc.org"):
        assert sum(whole in t for t in texts) == 1, (whole, width, texts)


def test_chinese_lines_fill_the_column():
    texts = lines_of(CHINESE, 120)
    widths = [line.width for line in wrap(CHINESE, 120).lines]
    assert all(w <= 120 + 1e-6 for w in widths)
    assert len(texts) > 5


def test_polish_one_letter_words_do_not_end_a_line():
    pieces = [Piece("Zadzwoń na Krajową Infolinię w sprawie handlu ludźmi i zgłoś podejrzaną sytuację z pracy.", LATIN)]
    for width in WIDTHS[10:]:
        texts = lines_of_clinging(pieces, width)
        assert not any(t.endswith((" w", " i", " z")) for t in texts), texts
        assert joined(texts) == pieces[0].text
    assert any(t.endswith(" w") for width in WIDTHS[10:] for t in lines_of(pieces, width))  # without the rule


def lines_of_clinging(pieces, width):
    return [line.text for line in wrap(pieces, width, clinging="aiouwzAIOUWZ").lines]


def test_a_chinese_character_is_never_left_alone_on_the_last_line():
    pieces = [Piece("约2700万成年人和1300万儿童", CJK)]
    alone_somewhere = False
    for width in WIDTHS:
        plain = wrap(pieces, width, keep_last_line_company=False).lines
        alone_somewhere |= len(plain) > 1 and len(plain[-1].text) == 1
        wrapped = wrap(pieces, width)
        lines = wrapped.lines
        assert "".join(line.text for line in lines) == pieces[0].text
        if len(lines) > 1:
            assert len(lines[-1].text) > 1, [line.text for line in lines]
        if not wrapped.too_wide:
            assert all(line.width <= width + 1e-6 for line in lines)
    assert alone_somewhere  # the rule had something to do


def test_a_lone_character_with_its_full_stop_also_takes_company():
    pieces = [Piece("名美国儿童随时面临遭受商业性性剥削的风险。", CJK)]
    broken = 0
    for width in WIDTHS:
        lines = [line.text for line in wrap(pieces, width).lines]
        if len(lines) > 1:
            assert len(lines[-1].rstrip("。")) > 1, lines
            broken += 1
    assert broken  # some widths break the sentence
