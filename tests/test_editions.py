"""Every language on every paper: fits, complete, in its panels, with its fonts, language and notice."""

from __future__ import annotations

import re
from functools import cache

import pytest
from helpers import CODES, DATA, assert_every_string_in_its_panel, edit

from brochure.consistency import compare_with_source, unused_contacts
from brochure.diagnostics import Severity
from brochure.fold import OutputKind
from brochure.layout import DRAFT_NOTICE_EN
from brochure.linebreak import NO_LINE_START
from brochure.load import load_edition
from brochure.model import ReviewStatus
from brochure.pdffacts import PdfFacts, squash
from brochure.pipeline import Job, render

LANGUAGES = {"en": "en-US", "es": "es-US", "pt": "pt-BR", "pl": "pl", "ht": "ht", "vi": "vi", "zh-Hans": "zh-Hans"}


@cache
def rendered(code: str, paper: str):
    return render(Job(DATA / f"{code}.yaml", paper, OutputKind.OFFICE))


def test_the_seven_languages_are_all_there():
    found = sorted(p.stem for p in DATA.glob("*.yaml") if p.stem not in ("brochure", "contacts"))
    assert found == sorted(CODES)


@pytest.mark.parametrize("paper", ["letter", "a4"])
@pytest.mark.parametrize("code", CODES)
def test_edition_renders_complete_in_its_panels(code, paper):
    result = rendered(code, paper)
    facts = PdfFacts(result.pdf)
    assert result.layout.body_size >= 9.5
    assert assert_every_string_in_its_panel(result.pdf, result.edition, "roll", (code, paper)) > 60
    fonts = facts.fonts()
    assert fonts and all(f.embedded and f.subset for f in fonts)
    assert not any("Helvetica" in f.name for f in fonts)
    assert facts.catalog["/Lang"] == LANGUAGES[code] == result.edition.language
    assert facts.metadata["/Title"] == result.edition.title


@pytest.mark.parametrize("code", CODES)
def test_every_character_is_drawn_from_a_font_that_has_it(code):
    """What the reader's software extracts is exactly the text: no replacement characters, no lost marks."""
    result = rendered(code, "letter")
    facts = PdfFacts(result.pdf)
    text = "".join(p.text for page in (1, 2) for p in facts.texts(page))
    assert "\ufffd" not in text
    if code == "vi":
        assert "ệ" in text or "ộ" in text  # stacked marks survive as precomposed characters


def _pdf_lines(result) -> list[str]:
    """Every printed line of an edition's PDF, panel by panel, as the reader's software extracts it."""
    facts = PdfFacts(result.pdf)
    found = []
    for side in result.layout.plan.sides:
        pieces = facts.texts(side.page_number)
        for panel in side.panels:
            lines: dict[float, list] = {}
            for piece in pieces:
                if panel.rect.x0 <= piece.x < panel.rect.x1:
                    lines.setdefault(round(piece.y, 1), []).append(piece)
            for y in sorted(lines, reverse=True):
                found.append("".join(p.text for p in sorted(lines[y], key=lambda p: p.x)).strip())
    return found


def test_chinese_lines_never_start_with_closing_punctuation_in_the_pdf():
    # Bullet marks start their lines by design; every other line starts with text.
    lines = [line for line in _pdf_lines(rendered("zh-Hans", "letter")) if line and line[0] not in ("•", "–")]
    for line in lines:
        assert line[0] not in NO_LINE_START, line
    assert len(lines) > 50


@pytest.mark.parametrize("paper", ["letter", "a4"])
def test_no_chinese_line_starts_with_de_or_ming(paper):
    """Issue 13: the line under a statistic must not start with 的 or 名 (a figure stands on its own line)."""
    lines = _pdf_lines(rendered("zh-Hans", paper))
    under_figures = [lines[i + 1] for i, line in enumerate(lines[:-1]) if line in ("超过50%", "10万至30万")]
    assert len(under_figures) == 2, lines
    # Only under a figure: elsewhere 的 may start a line (it is no punctuation), as in "...的情况。" on A4.
    assert [line[:1] for line in under_figures] == ["人", "美"], under_figures


@pytest.mark.parametrize("code", [c for c in CODES if c != "en"])
def test_translation_matches_the_source_edition(code):
    source, _ = load_edition(DATA / "en.yaml")
    translation, _ = load_edition(DATA / f"{code}.yaml")
    assert translation.source_edition == "en"
    assert compare_with_source(source, translation) == []


def test_every_contact_is_used_by_some_edition():
    editions = [load_edition(DATA / f"{code}.yaml")[0] for code in CODES]
    assert unused_contacts(editions) == []
    assert unused_contacts(editions[:1])[0].message == "contact 'national_hotline_text' is not used by any edition"


def _compare(folder, code="es"):
    source, _ = load_edition(folder / "en.yaml")
    translation, _ = load_edition(folder / f"{code}.yaml")
    return compare_with_source(source, translation)


def test_a_missing_block_is_reported_by_panel_and_block(translation_copy):
    edit(translation_copy / "es.yaml", "          - Trabaja en exceso.\n", "")
    edit(translation_copy / "es.yaml", "      - heading: Las estadísticas\n", "")
    findings = _compare(translation_copy)
    messages = [f.format() for f in findings]
    assert any(
        "missing here: block 3 of" in m and 'heading "The Statistics", line' in m and "[panel 'inside_left']" in m
        for m in messages
    ), messages
    assert any(
        'block 3 (bullets "Recibe poco o ningún pago por su trabajo...") does not match the source: '
        "7 bullets here, 8 in the source"
        in m
        and "[panel 'inside_middle']" in m
        for m in messages
    ), messages
    assert all(f.severity == Severity.ERROR for f in findings)


def test_an_extra_block_is_an_error_unless_marked_local(translation_copy):
    es = translation_copy / "es.yaml"
    edit(es, "        local: true\n", "")
    [finding] = _compare(translation_copy)
    assert "block 3 (contact 'national_hotline_text') is not in the source edition" in finding.message
    assert finding.where == "panel 'fold_in_back'" and "local: true" in finding.hint


def test_a_changed_contact_reference_is_reported(translation_copy):
    edit(translation_copy / "pt.yaml", "{emergency}", "{national_hotline}")
    [finding] = _compare(translation_copy, "pt")
    assert finding.where == "panel 'front_cover'"
    assert "does not match the source: it mentions {national_hotline}, the source {emergency}" in finding.message


def test_an_untranslated_block_is_a_warning(translation_copy):
    es = translation_copy / "es.yaml"
    text = es.read_text(encoding="utf-8")
    original = re.search(r"      - heading: (.*Cómo se puede ayudar.*)\n", text).group(1)
    edit(es, original, "How can one help a victim of trafficking?")
    [finding] = _compare(translation_copy)
    assert finding.severity == Severity.WARNING
    assert 'looks untranslated: "How can one help a victim of trafficking?"' in finding.message


def test_the_draft_notice_is_on_drafts_and_gone_once_reviewed(translation_copy):
    def notice_text(code):
        result = render(Job(translation_copy / f"{code}.yaml", "letter"))
        facts = PdfFacts(result.pdf)
        back = result.layout.plan.panel(result.edition.panels[-1].role)
        return result.edition, squash(facts.text_in(1, back.rect.x0, back.rect.x1))

    edition, text = notice_text("es")
    assert edition.review.status == ReviewStatus.DRAFT
    assert squash(DRAFT_NOTICE_EN) in text and squash("Traducción preliminar – sin revisar") in text
    edit(
        translation_copy / "es.yaml",
        "review:\n  status: draft",
        "review:\n  status: reviewed\n  reviewer: Ana Díaz\n  date: 2026-12-01",
    )
    edition, text = notice_text("es")
    assert edition.review.status == ReviewStatus.REVIEWED
    assert squash(DRAFT_NOTICE_EN) not in text and squash("Traducción preliminar") not in text
    _, english = notice_text("en")
    assert squash(DRAFT_NOTICE_EN) not in english


def test_one_number_changed_in_contacts_changes_every_edition_and_nothing_else(translation_copy):
    before = {code: render(Job(translation_copy / f"{code}.yaml", "letter")).pdf for code in CODES}
    contacts = translation_copy / "contacts.yaml"
    edit(contacts, "phone: 860-550-6632", "phone: 860-550-6699")
    for code in CODES:
        after = render(Job(translation_copy / f"{code}.yaml", "letter")).pdf
        old, new = PdfFacts(before[code]), PdfFacts(after)
        for page in (1, 2):
            old_text = [p.text for p in old.texts(page)]
            new_text = [p.text for p in new.texts(page)]
            assert [t.replace("860-550-6632", "860-550-6699") for t in old_text] == new_text, code
        assert "860-550-6699" in "".join(p.text for p in new.texts(1))
        assert "tel:+18605506699" in {link.uri for link in new.links(1)}
