"""The review sheet (`render.py --review`): read back, the source on the left, the translation on the right."""

from __future__ import annotations

from functools import cache

import pytest
from helpers import DATA, EN, edit, run

from brochure.consistency import paired_blocks
from brochure.load import load_edition
from brochure.model import block_texts, plain_text
from brochure.pdffacts import PdfFacts, squash
from brochure.review_sheet import make_review_sheet
from brochure.terms import load_terms

TRANSLATIONS = ["es", "pt", "pl", "ht", "vi", "zh-Hans"]


@cache
def sheet(code: str):
    return make_review_sheet(DATA / f"{code}.yaml")


def _columns(facts: PdfFacts) -> tuple[str, str]:
    """All text of the source column (between the block numbers and the page's middle), and all text
    right of the middle, over every page."""
    middle = facts.box(1, "MediaBox")[2] / 2
    left = right = ""
    for number in range(1, len(facts.pages) + 1):
        left += facts.text_in(number, 60, middle)
        right += facts.text_in(number, middle, 10_000)
    return squash(left), squash(right)


@pytest.mark.parametrize("code", TRANSLATIONS)
def test_every_block_is_on_the_sheet_source_left_translation_right(code):
    result = sheet(code)
    facts = PdfFacts(result.pdf)
    left, right = _columns(facts)
    source, _ = load_edition(DATA / "en.yaml")
    translation, _ = load_edition(DATA / f"{code}.yaml")
    for pair in paired_blocks(source, translation):
        for text in block_texts(pair.source) if pair.source else []:
            assert squash(plain_text(text)) in left, (code, plain_text(text))
        for text in block_texts(pair.block) if pair.block else []:
            assert squash(plain_text(text)) in right, (code, plain_text(text))
    assert all(f.embedded and f.subset for f in facts.fonts())
    assert facts.catalog["/Lang"] == translation.language
    assert result.findings == ()


def test_block_numbers_panel_names_and_yaml_lines_are_printed():
    facts = PdfFacts(sheet("es").pdf)
    pieces = [p for n in range(1, len(facts.pages) + 1) for p in facts.texts(n)]
    texts = [p.text for p in pieces]
    assert "Panel 5 of 6: fold_in_back (outside, left)" in texts
    assert "Panel 2 of 6: inside_left (inside, left)" in texts
    # es.yaml line 142 is the Spanish-only text-message block: its line number in the right column's gutter,
    # and "local: true" opposite it in the source column.
    middle = facts.box(1, "MediaBox")[2] / 2
    assert any(p.text == "142" and middle < p.x < middle + 30 for p in pieces)
    assert "(only in this edition: local: true)" in texts


def test_the_term_list_and_the_open_questions_are_on_the_sheet():
    terms, _ = load_terms(DATA)
    text = squash("".join(p.text for n in range(1, 6) for p in PdfFacts(sheet("vi").pdf).texts(n)))
    assert terms.for_language("vi") and terms.questions
    for term, rendering in terms.for_language("vi"):
        assert squash(term.term) in text and squash(rendering.approved) in text, term.term
    for question in terms.questions:
        assert squash(question.text) in text
    assert "Sign-off" in text and "status:reviewed" in text


def test_a_term_warning_is_printed_under_its_block(translation_copy):
    folder = translation_copy
    edit(folder / "es.yaml", "Llame a la Línea Nacional", "Llame a la Línea Directa Nacional")
    result = make_review_sheet(folder / "es.yaml")
    assert len(result.findings) == 2
    right = _columns(PdfFacts(result.pdf))[1]
    assert squash('Check: "Línea Directa Nacional" is another rendering of') in right
    assert squash("Check: the source says 'National Human Trafficking Hotline'") in right


def test_the_sheet_is_the_same_bytes_every_time():
    assert make_review_sheet(DATA / "zh-Hans.yaml").pdf == sheet("zh-Hans").pdf


def test_cli_writes_one_sheet_per_translation(tmp_path):
    status, out, err = run("--review", "--all", "--out-dir", tmp_path)
    assert status == 0, err
    names = sorted(p.name for p in tmp_path.iterdir())
    expected = [f"ct-human-trafficking-{code}-review.pdf" for code in TRANSLATIONS] + ["eastside-renters-pl-review.pdf"]
    assert names == sorted(expected)
    assert "7 review sheets written" in out
    # The only warnings: the second example brochure's made-up numbers (kept for fiction, on purpose).
    warnings = [line for line in err.splitlines() if ": warning: " in line]
    assert len(warnings) == 3
    assert all("eastside-renters/contacts.yaml" in w and "kept for fiction" in w for w in warnings)


def test_cli_review_of_one_file_and_its_mistakes(tmp_path):
    status, out, _ = run("--review", DATA / "es.yaml", "-o", tmp_path / "es.pdf")
    assert status == 0 and (tmp_path / "es.pdf").read_bytes().startswith(b"%PDF-")
    assert "review sheet, " in out and "es beside en, 8 terms, 4 open questions" in out
    status, _, err = run("--review", EN, "--out-dir", tmp_path)
    assert status == 1 and "en.yaml: error: this is a source edition" in err
    assert run("--review", "--all", "--press")[0] == 2
    status, out, _ = run("--review", "--all", "--check", "--out-dir", tmp_path / "none")
    assert status == 0 and "7 review sheets checked" in out and not (tmp_path / "none").exists()
