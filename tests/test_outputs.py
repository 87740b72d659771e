"""The other things staff get from one command: PNG proofs, the screen edition, the instructions sheet."""

from __future__ import annotations

import pypdfium2
import pytest
from helpers import DATA, EN, panel_spans, run
from PIL import Image, ImageChops

from brochure.fold import OutputKind
from brochure.instructions import messages_for
from brochure.model import Fold, PanelRole, block_texts, plain_text
from brochure.pdffacts import PdfFacts, squash
from brochure.pdfobjects import dictionary
from brochure.pipeline import Job, render
from brochure.proofs import PROOF_DPI, folded_frames, folded_frames_placed


def test_png_proofs_beside_the_pdf(tmp_path):
    status, out, err = run(EN, "--png", "-o", tmp_path / "en.pdf")
    assert status == 0, err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["en-folded.png", "en-inside.png", "en-outside.png", "en.pdf"]
    outside = Image.open(tmp_path / "en-outside.png").convert("RGB")
    assert outside.size == (round(792 * PROOF_DPI / 72), round(612 * PROOF_DPI / 72))
    # the cover is the navy right third of the outside
    assert outside.getpixel((int(outside.width * 0.83), int(outside.height * 0.15))) == (20, 54, 93)
    folded = Image.open(tmp_path / "en-folded.png").convert("RGB")
    panel_width = 265.5 * PROOF_DPI / 72
    panels_shown = sum(len(roles) for _, roles in folded_frames(Fold.ROLL))
    assert folded.width > panels_shown * panel_width and folded.height < 1.2 * outside.height


def test_folded_view_shows_the_panels_in_reading_order(tmp_path, office_letter):
    run(EN, "--png", "-o", tmp_path / "en.pdf")
    folded = Image.open(tmp_path / "en-folded.png").convert("RGB")
    y = folded.height - 60  # low on the panels: the navy cover, blank paper elsewhere
    navy = [x for x in range(folded.width) if folded.getpixel((x, y)) == (20, 54, 93)]
    assert navy and max(navy) < folded.width * 0.2  # the cover comes first, at the left
    frames, size = folded_frames_placed(office_letter.layout.plan)
    assert folded.size == size
    assert [(frame.title, [role.value for role, _ in frame.panels]) for frame in frames] == [
        ("1  Cover", ["front_cover"]),
        ("2  Cover opened", ["inside_left", "fold_in_back"]),
        ("3  Fully opened", ["inside_left", "inside_middle", "inside_right"]),
        ("4  Back cover", ["back_cover"]),
    ]
    # Each picture in the folded view is that panel of the written outside or inside proof, which are
    # cut here from the sheet's width alone (tests/helpers.py), not from the fold plan.
    sides = {
        page: Image.open(tmp_path / f"en-{name}.png").convert("RGB") for page, name in ((1, "outside"), (2, "inside"))
    }
    scale = PROOF_DPI / 72
    spans = panel_spans(792, "roll", office_letter.edition.design.fold_in_offset)
    for frame in frames:
        for role, box in frame.panels:
            page, x0, x1 = spans[role.value]
            expected = sides[page].crop((round(x0 * scale), 0, round(x1 * scale), round(612 * scale)))
            shown = folded.crop(box)
            assert shown.size == expected.size and ImageChops.difference(shown, expected).getbbox() is None, (
                frame.title,
                role,
            )


def test_guides_draw_folds_and_safe_areas(tmp_path):
    run(EN, "--png", "-o", tmp_path / "plain.pdf")
    run(EN, "--png", "--guides", "-o", tmp_path / "guides.pdf")
    plain = Image.open(tmp_path / "plain-inside.png").convert("RGB")
    guided = Image.open(tmp_path / "guides-inside.png").convert("RGB")
    fold_x = round(265.5 * PROOF_DPI / 72)
    assert guided.getpixel((fold_x, guided.height // 2)) == (255, 140, 0)
    assert plain.getpixel((fold_x, plain.height // 2)) == (255, 255, 255)


def test_screen_edition_is_one_page_per_panel_in_reading_order(tmp_path):
    target = tmp_path / "screen.pdf"
    status, _, err = run(DATA / "es.yaml", "--screen", "-o", target)
    assert status == 0, err
    rendered = render(Job(DATA / "es.yaml", "letter", OutputKind.SCREEN))
    assert target.read_bytes() == rendered.pdf
    facts = PdfFacts(rendered.pdf)
    assert len(facts.pages) == 6
    # README, "The panel map": the roll fold is read cover, the three inside panels, the fold-in panel, the back.
    order = ["front_cover", "inside_left", "inside_middle", "inside_right", "fold_in_back", "back_cover"]
    for number, role in enumerate(map(PanelRole, order), start=1):
        width = facts.box(number, "MediaBox")[2]
        assert width == pytest.approx(261.0 if role in (PanelRole.INSIDE_RIGHT, PanelRole.FOLD_IN_BACK) else 265.5)
        page_text = squash(facts.text_in(number, 0, 1000))
        texts = [
            squash(plain_text(text)) for block in rendered.edition.panel(role).blocks for text in block_texts(block)
        ]
        assert texts and all(text in page_text for text in texts), (number, role)
    assert "tel:+18883737888" in {link.uri for link in facts.links(1)}
    assert all(f.embedded for f in facts.fonts())
    assert rendered.preflight.errors == []
    assert "/Duplex" not in dictionary(facts.catalog.get("/ViewerPreferences"))


def test_screen_lines_break_as_on_paper():
    paper = render(Job(EN, "letter"))
    screen = render(Job(EN, "letter", OutputKind.SCREEN))
    for role in PanelRole:
        assert screen.layout.panel(role).geometry.content.width == pytest.approx(
            paper.layout.panel(role).geometry.content.width
        )
        paper_lines = [run.text for block in paper.layout.panel(role).blocks for run in block.runs]
        screen_lines = [run.text for block in screen.layout.panel(role).blocks for run in block.runs]
        assert paper_lines == screen_lines


@pytest.mark.parametrize("code, phrase_key", [("en", "title"), ("es", "title"), ("zh-Hans", "title")])
def test_instructions_sheet_in_the_editions_language(tmp_path, code, phrase_key):
    target = tmp_path / "instructions.pdf"
    status, out, err = run(DATA / f"{code}.yaml", "--instructions", "-o", target)
    assert status == 0, err
    facts = PdfFacts(target.read_bytes())
    assert len(facts.pages) == 1
    x0, y0, x1, y1 = facts.box(1, "MediaBox")
    assert (x1, y1) == pytest.approx((612, 792))  # portrait Letter
    text = squash(facts.text_in(1, 0, 1000))
    language = {"en": "en", "es": "es", "zh-Hans": "zh"}[code]
    messages, warnings = messages_for(language)
    assert warnings == [] and squash(messages[phrase_key]) in text
    assert squash(f"ct-human-trafficking-{code}-letter.pdf") in text
    assert squash("1/16 in") in text
    assert all(f.embedded for f in facts.fonts())


def test_instructions_for_a_language_without_messages_fall_back_to_english_with_a_warning():
    messages, warnings = messages_for("fr-CA")
    assert messages["title"] == "How to print and fold this brochure"
    assert "no print instructions in 'fr-CA' yet: English used" in warnings[0].message


def test_every_language_has_every_instruction_sentence():
    english, _ = messages_for("en")
    assert any(isinstance(value, list) for value in english.values())
    assert any(
        isinstance(value, dict) and any(isinstance(v, list) for v in value.values()) for value in english.values()
    )
    for language in ("es", "pt", "pl", "ht", "vi", "zh"):
        messages, warnings = messages_for(language)
        assert warnings == [] and set(messages) == set(english)
        for key, value in english.items():
            if isinstance(value, list):
                assert len(messages[key]) == len(value), (language, key)
            if isinstance(value, dict):  # given per fold
                assert set(messages[key]) == set(value) == {"roll", "z"}, (language, key)
                for fold in value:
                    if isinstance(value[fold], list):
                        assert len(messages[key][fold]) == len(value[fold]), (language, key, fold)
            for placeholder in ("{file}", "{paper}", "{size}", "{narrow}", "{back}"):
                assert (placeholder in str(value)) == (placeholder in str(messages[key])), (language, key, placeholder)


def test_screen_pdf_renders_in_a_viewer():
    pdf = render(Job(EN, "letter", OutputKind.SCREEN)).pdf
    document = pypdfium2.PdfDocument(pdf)
    assert len(document) == 6
    image = document[0].render(scale=0.5).to_pil().convert("RGB")
    assert image.getpixel((image.width // 2, 10)) == (20, 54, 93)  # the cover's navy runs to the page edge
