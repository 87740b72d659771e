"""Typographic quotes, apostrophes and dashes by language; the opt-out; URL display text."""

from __future__ import annotations

import glob
from pathlib import Path

import pytest
from helpers import DATA, PANTRY_EDITION, write_pantry
from hypothesis import given
from hypothesis import strategies as st

from brochure.fold import OutputKind
from brochure.load import load_edition
from brochure.model import PanelRole, block_texts, plain_text
from brochure.pdffacts import PdfFacts, squash
from brochure.pipeline import Job, render
from brochure.typography import smarten


@pytest.mark.parametrize(
    ("language", "typed", "set"),
    [
        ("en-US", '"Report it: it\'s the law!"', "“Report it: it’s the law!”"),
        (
            "en",
            "the students' rights, 'in short' - and more -- or --- this",
            "the students’ rights, ‘in short’ – and more – or — this",
        ),
        ("fr-CA", 'Il a dit "bonjour" à l\'agent', "Il a dit «\u202fbonjour\u202f» à l’agent"),
        ("fr", '" déjà espacé "', "«\u202fdéjà espacé\u202f»"),
        ("de", "Er sagt \"Hallo\" und 'ja'", "Er sagt „Hallo“ und ‚ja‘"),
        ("de-CH", '"Grüezi"', "«Grüezi»"),
        ("pl", 'Zadzwoń na "Infolinię"', "Zadzwoń na „Infolinię”"),
        ("es-US", 'La "trata" de personas', "La «trata» de personas"),
        ("pt-BR", 'O "tráfico" de pessoas', "O “tráfico” de pessoas"),
        ("pt-PT", 'O "tráfico"', "O «tráfico»"),
        ("zh-Hans", '他说"你好"', "他说“你好”"),
        ("vi", '"Xin chào"', "“Xin chào”"),
    ],
)
def test_quotes_and_dashes_by_language(language, typed, set):
    assert smarten(typed, language) == set


def test_numbers_hyphenated_words_and_typographic_text_are_left_alone():
    for text in ("Call 1-888-373-7888 or 911.", "well-known 9-5 hours", "It’s “already” typographic – fine."):
        assert smarten(text, "en-US") == text
    assert smarten("中文 - 文本", "zh-Hans") == "中文 - 文本"  # Chinese dashes are its own


@given(st.text(alphabet=st.sampled_from(list("ab \"'-—(«")), max_size=30), st.sampled_from(["en", "fr", "de", "pl"]))
def test_smartening_twice_changes_nothing_and_keeps_every_letter(text, language):
    once = smarten(text, language)
    assert smarten(once, language) == once
    assert [c for c in once if c.isalpha()] == [c for c in text if c.isalpha()]


def _texts(path: Path) -> list[str]:
    edition, _ = load_edition(path)
    return [plain_text(t) for panel in edition.panels for block in panel.all_blocks for t in block_texts(block)]


def test_the_ct_editions_text_is_unchanged_by_smart_quotes(tmp_path):
    """They were written with typographic characters already: turning the conversion off changes nothing."""
    for path in sorted(glob.glob(str(DATA / "*.yaml"))):
        if Path(path).name in ("brochure.yaml", "contacts.yaml"):
            continue
        off = tmp_path / Path(path).name
        off.write_text(Path(path).read_text(encoding="utf-8") + "smart_quotes: false\n", encoding="utf-8")
        for name in ("brochure.yaml", "contacts.yaml"):
            (tmp_path / name).write_bytes((DATA / name).read_bytes())
        assert _texts(Path(path)) == _texts(off), path


QUOTED = '      - paragraph: "The volunteers\' motto: \\"nobody leaves hungry\\" - since 1998."\n'


def test_straight_quotes_in_the_data_are_set_typographically_in_the_pdf(tmp_path):
    edition = PANTRY_EDITION.replace("    footer:\n", QUOTED + "    footer:\n")
    path = write_pantry(tmp_path / "pantry", edition)
    rendered = render(Job(path, "letter", OutputKind.OFFICE))
    rect = rendered.layout.plan.panel(PanelRole.INSIDE_RIGHT).rect
    text = squash(PdfFacts(rendered.pdf).text_in(2, rect.x0, rect.x1))
    assert squash("The volunteers’ motto: “nobody leaves hungry” – since 1998.") in text


@pytest.mark.parametrize("where", ["brochure.yaml", "en.yaml"])
def test_smart_quotes_false_keeps_the_text_as_typed(tmp_path, where):
    edition = PANTRY_EDITION.replace("    footer:\n", QUOTED + "    footer:\n")
    path = write_pantry(tmp_path / "pantry", edition)
    with (path.parent / where).open("a", encoding="utf-8") as file:
        file.write("smart_quotes: false\n")
    assert 'The volunteers\' motto: "nobody leaves hungry" - since 1998.' in _texts(path)


def test_link_text_shows_a_short_address_and_links_the_full_one(tmp_path):
    edition = PANTRY_EDITION.replace(
        "    footer:\n", "      - paragraph: Hours at [riversidepantry.org](pantry).\n    footer:\n"
    )
    path = write_pantry(tmp_path / "pantry", edition)
    rendered = render(Job(path, "letter", OutputKind.OFFICE))
    (block,) = [b for b in rendered.layout.panel(PanelRole.INSIDE_RIGHT).blocks if "Hours" in b.runs[0].text]
    linked = [r for r in block.runs if r.link]
    assert "".join(r.text for r in linked) == "riversidepantry.org"
    assert {r.link for r in linked} == {"https://www.riversidepantry.org/hours"}
    links = PdfFacts(rendered.pdf).links(2)
    assert any(link.uri == "https://www.riversidepantry.org/hours" for link in links)
