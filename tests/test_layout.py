"""Layout: blocks land in their panels; what does not fit is an error, never clipped or shrunk below the floor."""

from __future__ import annotations

import pytest
from helpers import EN, LONG_WORD, edit, layout_of, lengthen, line_of

from brochure.diagnostics import BrochureError
from brochure.model import PanelRole


def test_every_block_lands_inside_its_panels_text_area():
    layout = layout_of(EN)
    assert layout.body_size == 11.0 and layout.leading == 1.4
    for panel in layout.panels:
        assert len(panel.blocks) == len(layout.edition.panel(panel.role).blocks)
        for block in panel.blocks:
            assert panel.geometry.content.contains(block.rect, tolerance=0.01), (panel.role, block.source)
        assert panel.used_height <= panel.available_height


def test_blocks_keep_their_source_line_and_reading_order():
    layout = layout_of(EN)
    blocks = layout.panel(PanelRole.INSIDE_LEFT).blocks
    lines = [b.source.line for b in blocks]
    assert lines == sorted(lines)
    tops = [b.rect.y1 for b in blocks]
    assert tops == sorted(tops, reverse=True)


def test_the_cover_is_centred_vertically():
    panel = layout_of(EN).panel(PanelRole.FRONT_COVER)
    top_gap = panel.geometry.content.y1 - panel.blocks[0].rect.y1
    bottom_gap = panel.blocks[-1].rect.y0 - panel.geometry.content.y0
    assert top_gap > 50 and top_gap == pytest.approx(bottom_gap, abs=1.0)


def test_text_on_the_dark_cover_is_light():
    panel = layout_of(EN).panel(PanelRole.FRONT_COVER)
    assert {run.color.hex for block in panel.blocks for run in block.runs} == {"#FFFFFF"}


def test_a_panel_that_is_somewhat_too_long_is_fitted_at_a_smaller_size_and_says_so(brochure_copy):
    en = brochure_copy / "en.yaml"
    lengthen(en, 2)
    layout = layout_of(en)
    assert 9.5 <= layout.body_size < 11 or layout.leading < 1.4


def test_a_panel_that_cannot_fit_is_an_error_naming_panel_and_overflow(brochure_copy):
    en = brochure_copy / "en.yaml"
    lengthen(en, 14)
    with pytest.raises(BrochureError) as caught:
        layout_of(en)
    [finding] = caught.value.findings
    message = finding.format()
    assert message.startswith(f"{en}:")
    assert "error: panel 'inside_middle' does not fit: " in message
    assert "pt too long (about " in message and "lines of 9.5 pt text) at the smallest allowed size" in message
    assert "[panel 'inside_middle']" in message
    assert "hint: shorten the text, move a block to a panel with room" in message


def test_a_character_no_font_has_is_an_error_with_its_code_point(brochure_copy):
    en = brochure_copy / "en.yaml"
    edit(en, "Works excessively.", "Works excessively 🚨.")
    with pytest.raises(BrochureError) as caught:
        layout_of(en)
    [finding] = caught.value.findings
    assert "character '🚨' (U+1F6A8) is in no font of this edition (noto-sans)" in finding.message
    assert finding.where == "panel 'inside_middle'"
    assert finding.location.line == line_of(en, "Works excessively 🚨.")


def test_a_fallback_font_supplies_missing_characters(brochure_copy):
    en = brochure_copy / "en.yaml"
    edit(en, "Works excessively.", "Works excessively (过度工作).")
    edit(en, "labels:", "type:\n  fallback: [noto-sans-sc]\nlabels:")
    layout = layout_of(en)
    assert "noto-sans-sc-Regular" in layout.fonts


def test_a_web_address_wider_than_its_column_is_an_error(brochure_copy):
    contacts = brochure_copy / "contacts.yaml"
    edit(
        contacts,
        "url: www.ice.gov",
        "url: www.ice.gov/about-ice/homeland-security-investigations/victim-assistance-program",
    )
    with pytest.raises(BrochureError) as caught:
        layout_of(brochure_copy / "en.yaml")
    [finding] = caught.value.findings
    assert finding.message.startswith(
        "'www.ice.gov/about-ice/homeland-security-investigations/victim-assistance-program' is "
    )
    assert "it cannot be broken" in finding.message
    assert finding.where == "panel 'back_cover'"


def test_a_long_word_is_hyphenated_before_it_is_called_unbreakable(brochure_copy):
    """With hyphenate: auto the first fit candidate has no hyphenation; a word too wide for it is not an error."""
    edit(brochure_copy / "en.yaml", "Works excessively.", f"Works {LONG_WORD}.")
    layout = layout_of(brochure_copy / "en.yaml")
    assert layout.hyphenated
    lines = [run.text for panel in layout.panels for block in panel.blocks for run in block.runs]
    broken = [text for text in lines if text.endswith("\u00ad")]
    assert broken and "".join(t.replace("\u00ad", "") for t in lines).count(LONG_WORD) == 1


@pytest.mark.parametrize(
    "change, hint",
    [
        (("brochure.yaml", "fold: roll", "fold: roll\nhyphenate: never"), "allow hyphenation (hyphenate: auto"),
        (("en.yaml", "language: en-US", "language: ht"), "no hyphenation dictionary for 'ht'"),
        (("en.yaml", "Works Pneumono", "Works 0123456789012345678901234567890123456789 Pneumono"), "found no break"),
    ],
)
def test_the_hint_for_a_word_too_wide_fits_the_case(brochure_copy, change, hint):
    from brochure.diagnostics import BrochureError

    edit(brochure_copy / "en.yaml", "Works excessively.", f"Works {LONG_WORD}.")
    edit(brochure_copy / change[0], change[1], change[2])
    with pytest.raises(BrochureError) as caught:
        layout_of(brochure_copy / "en.yaml")
    [finding] = [f for f in caught.value.findings if "cannot be broken" in f.message]
    assert hint in finding.hint and "phone number" not in finding.hint


def test_the_fit_search_stops_when_the_smallest_size_does_not_fit(brochure_copy, monkeypatch):
    """After the first miss the smallest candidate is tried; when it misses too, the search ends there."""
    from brochure.typeset import Typesetter

    lengthen(brochure_copy / "en.yaml", 14)
    sizes = []
    original = Typesetter.__init__

    def counting(self, edition, body, leading, hyphenate):
        sizes.append(body)
        original(self, edition, body, leading, hyphenate)

    monkeypatch.setattr(Typesetter, "__init__", counting)
    with pytest.raises(BrochureError, match="panel 'inside_middle' does not fit"):
        layout_of(brochure_copy / "en.yaml")
    design = 11.0
    assert sizes == [design, 9.5], sizes  # of 22 candidates: the design's, then the smallest


def test_a_fit_found_after_the_early_smallest_try_is_still_the_largest(brochure_copy):
    lengthen(brochure_copy / "en.yaml", 2)
    fitted = layout_of(brochure_copy / "en.yaml")
    assert 9.5 < fitted.body_size < 11.0  # not the smallest, tried early: the largest size that fits


def test_a_word_that_hyphenation_cannot_break_is_reported_after_one_try_with_it(brochure_copy, monkeypatch):
    from brochure.typeset import Typesetter

    edit(brochure_copy / "en.yaml", "Works excessively.", "Works 0123456789012345678901234567890123456789.")
    tried = []
    original = Typesetter.__init__

    def counting(self, edition, body, leading, hyphenate):
        tried.append((body, hyphenate))
        original(self, edition, body, leading, hyphenate)

    monkeypatch.setattr(Typesetter, "__init__", counting)
    with pytest.raises(BrochureError, match="it cannot be broken"):
        layout_of(brochure_copy / "en.yaml")
    assert tried == [(11.0, False), (11.0, True)]  # not all 22 candidates


@pytest.mark.parametrize("code", ["en", "pl"])  # pl is fitted at 10.75 pt after seven candidates
def test_texts_set_from_the_memo_are_set_as_a_fresh_typesetter_sets_them(monkeypatch, code):
    """The fit search keeps each text's lines (by text, size, width, hyphenation, fonts): an edition laid out
    with the memo full is the same, run for run, as one laid out without it."""
    from brochure import typeset

    class Forgetful(dict):  # a memo that keeps nothing: every text is broken afresh
        def __setitem__(self, key, value):
            pass

    with monkeypatch.context() as patched:
        patched.setattr(typeset, "_BROKEN", Forgetful())
        patched.setattr(typeset, "_FACE_RUNS", Forgetful())
        fresh = layout_of(EN.parent / f"{code}.yaml")
    layout_of(EN.parent / f"{code}.yaml")
    assert typeset._BROKEN
    again = layout_of(EN.parent / f"{code}.yaml")  # every text from the memo
    assert repr(again.panels) == repr(fresh.panels)
    assert (again.body_size, again.leading, again.fonts) == (fresh.body_size, fresh.leading, fresh.fonts)


def test_a_text_from_the_memo_still_reports_its_problems_each_time(brochure_copy):
    """Only a text whose pieces reported nothing is kept: a missing character is reported at every layout."""
    en = brochure_copy / "en.yaml"
    edit(en, "Works excessively.", "Works excessively 🚨.")
    messages = []
    for _ in range(2):
        with pytest.raises(BrochureError) as caught:
            layout_of(en)
        messages.append([(f.message, f.location) for f in caught.value.findings])
    assert messages[0] == messages[1] and "U+1F6A8" in messages[0][0][0]
