"""The term list (review/terms.yaml) and the term checks: the reviewer's findings of issue 13 as tests."""

from __future__ import annotations

import pytest
from helpers import DATA, edit

from brochure.consistency import check_translation, paired_blocks
from brochure.diagnostics import Severity
from brochure.load import load_edition
from brochure.terms import TERMS_FILE, comparable, load_terms

TRANSLATIONS = ["es", "pt", "pl", "ht", "vi", "zh-Hans"]


def _check(folder, code="es"):
    source, _ = load_edition(folder / "en.yaml")
    translation, _ = load_edition(folder / f"{code}.yaml")
    return [f.format() for f in check_translation(source, translation)]


def test_the_seed_term_list_has_the_reviewed_terms_and_the_owners_questions():
    terms, findings = load_terms(DATA)
    assert findings == []
    names = [t.term for t in terms.terms]
    for wanted in (
        "affirmative defense",
        "duress",
        "Class B felony",
        "§53a-192a",
        "Immigration and Customs Enforcement",
    ):
        assert wanted in names
    for term in terms.terms[:3]:  # the legal terms: translated, then the English in brackets, in every edition
        assert sorted(term.renderings) == sorted(TRANSLATIONS)
        assert all(term.term in r.approved for r in term.renderings.values()), term.term
    assert len(terms.questions) == 4 and "Indentured servants" in terms.questions[0].text


@pytest.mark.parametrize("code", TRANSLATIONS)
def test_every_translation_uses_the_approved_terms(code):
    assert _check(DATA, code) == []


def test_the_old_spanish_ice_name_is_reported_twice_over(translation_copy):
    """es had 'Inmigración y Control de Aduanas (ICE)' on the fold-in panel, 'Servicio de ...' on the back."""
    edit(
        translation_copy / "es.yaml",
        "          Servicio de Inmigración y Control de Aduanas (ICE), línea para\n          denunciar",
        "          Inmigración y Control de Aduanas (ICE), línea para\n          denunciar",
    )
    messages = _check(translation_copy)
    assert len(messages) == 2, messages
    missing, doubled = sorted(messages, key=lambda m: "is another rendering" in m)
    assert "es.yaml:145:9: warning: block 4 (contact 'ice_tip_line'): " in missing
    assert (
        "the source says 'Immigration and Customs Enforcement' but the approved rendering "
        '"Servicio de Inmigración y Control de Aduanas" is not here'
    ) in missing
    assert (
        "\"Inmigración y Control de Aduanas\" is another rendering of 'Immigration and Customs Enforcement'" in doubled
    )
    assert "(as at line 149)" in doubled and "[panel 'fold_in_back']" in doubled
    assert "review/terms.yaml:" in doubled


def test_the_old_spanish_hotline_name_is_reported(translation_copy):
    edit(translation_copy / "es.yaml", "Llame a la Línea Nacional", "Llame a la Línea Directa Nacional")
    messages = _check(translation_copy)
    assert len(messages) == 2, messages
    assert all("es.yaml:43:13: warning: block 4 (bullets" in m and "[panel 'front_cover']" in m for m in messages)
    assert any(
        "\"Línea Directa Nacional\" is another rendering of 'National Human Trafficking Hotline'" in m for m in messages
    )


def test_the_old_section_wording_is_reported_in_chinese(translation_copy):
    edit(translation_copy / "zh-Hans.yaml", "根据§\u00a053a-192a，", "根据§53a-192a条，")
    messages = _check(translation_copy, "zh-Hans")
    assert any("the source says '§53a-192a' but the approved rendering" in m for m in messages), messages
    assert any('"§53a-192a" is another rendering of' in m for m in messages), messages


def test_a_legal_term_without_its_english_is_reported(translation_copy):
    edit(translation_copy / "pt.yaml", "coação ([duress](lang:en))", "coação")
    messages = _check(translation_copy, "pt")
    assert len(messages) == 1 and "the source says 'duress'" in messages[0] and "pt.yaml:106:13" in messages[0]


def test_any_listed_grammatical_form_counts(translation_copy):
    """Polish says Krajową Infolinię in a sentence, Krajowa Infolinia as a name: both are listed."""
    assert _check(translation_copy, "pl") == []
    edit(
        translation_copy / TERMS_FILE,
        "use: [Krajowa Infolinia ds. Handlu Ludźmi, Krajową Infolinię ds. Handlu Ludźmi]",
        "use: [Krajowa Infolinia ds. Handlu Ludźmi]",
    )
    messages = _check(translation_copy, "pl")
    assert len(messages) == 1 and "[panel 'front_cover']" in messages[0], messages


def test_no_term_list_no_term_checks(translation_copy):
    edit(translation_copy / "es.yaml", "Llame a la Línea Nacional", "Llame a la Línea Directa Nacional")
    (translation_copy / TERMS_FILE).unlink()
    assert load_terms(translation_copy) == (None, [])
    assert _check(translation_copy) == []


def test_term_list_mistakes_are_located(translation_copy):
    edit(translation_copy / TERMS_FILE, "    note: DCF\n", "    notes: DCF\n    fr: Département\n")
    edit(translation_copy / TERMS_FILE, "  - term: duress\n", "  - term: duresss\n")
    edit(translation_copy / TERMS_FILE, "  - term: Class B felony\n", "  - term: affirmative defense\n")
    terms, findings = load_terms(translation_copy)
    messages = [f.format() for f in findings]
    assert any(
        "terms.yaml:" in m
        and "error: unknown key 'notes' in term 'Department of Children and Families' (did you mean 'note'?)" in m
        for m in messages
    ), messages
    assert any("unknown key 'fr' in term 'Department of Children and Families'" in m for m in messages), messages
    assert any("term 'affirmative defense' is listed twice (first at line" in m for m in messages), messages
    assert all(f.severity == Severity.ERROR and f.location.line for f in findings)
    # Errors in the list are errors of every translation's check; the term checks wait for a valid list.
    assert any("unknown key 'fr'" in m for m in _check(translation_copy))


def test_a_term_the_source_never_says_is_a_warning(translation_copy):
    edit(translation_copy / TERMS_FILE, "  - term: duress\n", "  - term: duresss\n")
    messages = _check(translation_copy)
    assert any("terms.yaml:" in m and "warning: term 'duresss' does not appear in" in m for m in messages), messages


def test_comparison_ignores_case_folding_and_non_breaking_spaces():
    assert comparable("Línea  Nacional\ncontra") == comparable("línea nacional contra")
    assert comparable("§\u00a053a-192a") == comparable("§ 53a-192a") != comparable("§53a-192a")
    assert comparable("defen\u00adsa") == "defensa"


def test_blocks_are_paired_with_the_local_block_in_its_place():
    source, _ = load_edition(DATA / "en.yaml")
    es, _ = load_edition(DATA / "es.yaml")
    pairs = [p for p in paired_blocks(source, es) if p.role.value == "fold_in_back"]
    assert [(p.source_index, p.index) for p in pairs] == [(0, 0), (1, 1), (None, 2), (2, 3), (3, 4)]
    assert len(paired_blocks(source, es)) == sum(len(p.blocks) for p in es.panels)
