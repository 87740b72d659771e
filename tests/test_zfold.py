"""One data folder, both folds: the Z fold's PDFs, proofs, instructions and screen edition follow its panel map."""

from __future__ import annotations

import pytest
from helpers import DATA, EN, ROOT, assert_every_string_in_its_panel, edit, line_of, panel_spans, run
from PIL import Image, ImageChops

from brochure.fold import OutputKind, reading_order
from brochure.load import load_edition
from brochure.model import Fold, PanelRole, block_texts, plain_text
from brochure.pdffacts import PdfFacts, squash
from brochure.pipeline import Job, output_name, render
from brochure.proofs import folded_frames_placed, make_proofs

NAVY = (20, 54, 93)


@pytest.fixture()
def both_folds(brochure_copy):
    """The seed brochure with `folds: [roll, z]`."""
    edit(brochure_copy / "brochure.yaml", "fold: roll", "folds: [roll, z]")
    return brochure_copy


@pytest.fixture(scope="module")
def z_letter():
    return render(Job(EN, "letter", OutputKind.OFFICE, fold=Fold.Z))


def _texts(edition, role):
    return [squash(plain_text(text)) for block in edition.panel(role).blocks for text in block_texts(block)]


def test_z_fold_pdf_puts_every_panel_where_the_map_says(z_letter):
    assert z_letter.preflight.errors == []
    assert assert_every_string_in_its_panel(z_letter.pdf, z_letter.edition, "z") > 60
    # ... where the layout put them too: the Z fold's panels are equal thirds.
    for role, (page, x0, x1) in panel_spans(792, "z", z_letter.edition.design.fold_in_offset).items():
        geometry = z_letter.layout.panel(PanelRole(role)).geometry
        assert (geometry.rect.x0, geometry.rect.x1) == pytest.approx((x0, x1)) and x1 - x0 == pytest.approx(792 / 3)
        assert geometry.side.value == ("outside" if page == 1 else "inside")


FRAMES = {
    Fold.ROLL: [
        ("1  Cover", (PanelRole.FRONT_COVER,)),
        ("2  Cover opened", (PanelRole.INSIDE_LEFT, PanelRole.FOLD_IN_BACK)),
        ("3  Fully opened", (PanelRole.INSIDE_LEFT, PanelRole.INSIDE_MIDDLE, PanelRole.INSIDE_RIGHT)),
        ("4  Back cover", (PanelRole.BACK_COVER,)),
    ],
    Fold.Z: [
        ("1  Cover", (PanelRole.FRONT_COVER,)),
        ("2  Cover opened", (PanelRole.INSIDE_LEFT, PanelRole.INSIDE_MIDDLE)),
        ("3  Fully opened", (PanelRole.INSIDE_LEFT, PanelRole.INSIDE_MIDDLE, PanelRole.INSIDE_RIGHT)),
        ("4  Turned over", (PanelRole.FOLD_IN_BACK, PanelRole.BACK_COVER, PanelRole.FRONT_COVER)),
        ("5  Back, folded", (PanelRole.INSIDE_RIGHT,)),
    ],
}


@pytest.mark.parametrize("fold", Fold)
def test_folded_proof_shows_each_stage_of_unfolding(fold, z_letter, office_letter):
    rendered = z_letter if fold == Fold.Z else office_letter
    proofs = make_proofs(rendered.pdf, rendered.layout.plan)
    frames, size = folded_frames_placed(rendered.layout.plan)
    assert proofs.folded.size == size
    assert [(frame.title, tuple(role for role, _ in frame.panels)) for frame in frames] == FRAMES[fold]
    # Each pasted picture is exactly that panel cut from its side of the sheet.
    scale = 110 / 72
    for frame in frames:
        for role, box in frame.panels:
            geometry = rendered.layout.panel(role).geometry
            side = proofs.sides[0 if geometry.side.value == "outside" else 1]
            rect = geometry.rect
            expected = side.crop(
                (round(rect.x0 * scale), round((612 - rect.y1) * scale), round(rect.x1 * scale), round(612 * scale))
            )
            shown = proofs.folded.crop(box)
            assert shown.size == expected.size
            assert ImageChops.difference(shown, expected).getbbox() is None, (frame.title, role)
    # The navy cover comes first; the back of the folded leaflet (the last frame) is white paper.
    cover_box = frames[0].panels[0][1]
    assert proofs.folded.getpixel((cover_box[0] + 40, cover_box[3] - 40)) == NAVY
    back_box = frames[-1].panels[0][1]
    assert proofs.folded.getpixel((back_box[0] + 40, back_box[3] - 40)) == (255, 255, 255)


def test_z_screen_edition_is_six_equal_pages_in_reading_order():
    rendered = render(Job(DATA / "es.yaml", "letter", OutputKind.SCREEN, fold=Fold.Z))
    facts = PdfFacts(rendered.pdf)
    assert len(facts.pages) == 6
    # README, "The panel map": a Z fold is read in the same order as a roll fold.
    order = ["front_cover", "inside_left", "inside_middle", "inside_right", "fold_in_back", "back_cover"]
    for number, role in enumerate(map(PanelRole, order), start=1):
        assert facts.box(number, "MediaBox")[2] == pytest.approx(264.0)
        page_text = squash(facts.text_in(number, 0, 1000))
        texts = _texts(rendered.edition, role)
        assert texts and all(text in page_text for text in texts), (number, role)
    assert rendered.preflight.errors == []


@pytest.mark.parametrize("code", ["en", "es", "pt", "pl", "ht", "vi", "zh-Hans"])
def test_z_instructions_describe_a_z_fold_in_every_language(tmp_path, code):
    target = tmp_path / "instructions.pdf"
    status, out, err = run(DATA / f"{code}.yaml", "--instructions", "--fold", "z", "-o", target)
    assert status == 0, err
    assert "roll fold" not in err and "warning" not in err
    from brochure.instructions import messages_for

    messages, _ = messages_for(code.split("-")[0])
    text = squash(PdfFacts(target.read_bytes()).text_in(1, 0, 1000))
    for step in messages["fold_steps"]["z"]:
        assert squash(step.format(back=4)) in text  # inside_right, panel 4, is the back of a folded Z fold
    assert squash(messages["press_text"]["z"].format(bleed="1/8 in")) in text  # the seed brochure's bleed
    assert squash(messages["fold_steps"]["roll"][1].format(narrow="1/16 in")) not in text
    assert squash(f"ct-human-trafficking-{code}-letter-z.pdf") in text


def test_z_instructions_number_panels_in_reading_order_and_folds_in_folding_order(tmp_path):
    target = tmp_path / "instructions.pdf"
    assert run(EN, "--instructions", "--fold", "z", "-o", target)[0] == 0
    facts = PdfFacts(target.read_bytes())
    # The diagram: outside 5 6 1, inside 2 3 4 (reading order); fold 1 is the inside's right fold line.
    column = (612 - 2 * 54 - 24) / 2
    outside = squash(facts.text_in(1, 54, 54 + column))
    inside = squash(facts.text_in(1, 54 + column + 24, 612 - 54))
    assert "561" in outside and "234" in inside
    assert inside.index("fold2") < inside.index("fold1")


def test_folds_list_makes_both_folds_with_distinct_names(both_folds, tmp_path):
    out_dir = tmp_path / "out"
    status, out, err = run(both_folds / "en.yaml", "--bundle", "--out-dir", out_dir)
    assert status == 0, err
    names = sorted(p.name for p in out_dir.iterdir())
    for fold in ("", "-z"):
        for paper in ("letter", "a4"):
            stem = f"ct-human-trafficking-en-{paper}{fold}"
            for suffix in (".pdf", "-press.pdf", "-instructions.pdf", "-outside.png", "-inside.png", "-folded.png"):
                assert stem + suffix in names
    # the screen edition is made once: its pages follow the reading order, the same for both folds
    assert [n for n in names if "screen" in n] == ["ct-human-trafficking-en-letter-screen.pdf"]
    roll = PdfFacts((out_dir / "ct-human-trafficking-en-letter.pdf").read_bytes())
    z = PdfFacts((out_dir / "ct-human-trafficking-en-letter-z.pdf").read_bytes())
    assert roll.pages and z.pages
    assert (out_dir / "ct-human-trafficking-en-letter.pdf").read_bytes() == render(Job(EN, "letter")).pdf


def test_default_fold_is_the_first_listed_and_fold_option_chooses(both_folds, tmp_path):
    edit(both_folds / "brochure.yaml", "folds: [roll, z]", "folds: [z, roll]")
    out_dir = tmp_path / "out"
    status, out, err = run(both_folds / "en.yaml", "--out-dir", out_dir)
    assert status == 0, err
    assert sorted(p.name for p in out_dir.iterdir()) == ["ct-human-trafficking-en-letter-z.pdf"]
    status, out, err = run(both_folds / "en.yaml", "--fold", "roll", "--out-dir", out_dir)
    assert status == 0, err
    assert (out_dir / "ct-human-trafficking-en-letter.pdf").exists()
    edition, _ = load_edition(both_folds / "en.yaml")
    assert edition.design.folds == (Fold.Z, Fold.ROLL) and edition.design.fold == Fold.Z


def test_seed_brochure_keeps_its_file_names():
    edition, _ = load_edition(EN)
    assert edition.design.folds == (Fold.ROLL,)
    for kind, name in (
        (OutputKind.OFFICE, "ct-human-trafficking-en-letter.pdf"),
        (OutputKind.PRESS, "ct-human-trafficking-en-letter-press.pdf"),
        (OutputKind.SCREEN, "ct-human-trafficking-en-letter-screen.pdf"),
        (None, "ct-human-trafficking-en-letter-instructions.pdf"),
    ):
        assert output_name(edition, edition.design.papers[0], kind) == name
    assert output_name(edition, edition.design.papers[0], OutputKind.PRESS, Fold.Z) == (
        "ct-human-trafficking-en-letter-z-press.pdf"
    )


@pytest.mark.parametrize(
    "setting, message",
    [
        ("fold: roll\nfolds: [roll, z]", "give 'folds:' or 'fold:', not both"),
        ("folds: [roll, roll]", "fold 'roll' is listed twice"),
        ("folds: [roll, zz]", "expected one of (roll, z), got 'zz'"),
        ("folds: []", "the list of folds is empty"),
    ],
)
def test_folds_mistakes_are_located(brochure_copy, setting, message):
    edit(brochure_copy / "brochure.yaml", "fold: roll", setting)
    status, _, err = run(brochure_copy / "en.yaml", "--check")
    assert status == 1
    line = line_of(brochure_copy / "brochure.yaml", setting.splitlines()[0])
    assert f"brochure.yaml:{line}:" in err and message in err


def test_unknown_fold_on_the_command_line_is_a_usage_error():
    status, _, _ = run(EN, "--fold", "accordion", "--check")
    assert status == 2  # argparse names the choices on standard error


def test_check_names_the_fold(both_folds):
    status, out, err = run(both_folds / "en.yaml", "--check", "--fold", "z")
    assert status == 0, err
    assert "(letter z fold office)  fits" in out


def test_the_same_png_proof_is_made_for_z_from_the_command_line(tmp_path):
    status, out, err = run(EN, "--fold", "z", "--png", "-o", tmp_path / "z.pdf")
    assert status == 0, err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["z-folded.png", "z-inside.png", "z-outside.png", "z.pdf"]
    outside = Image.open(tmp_path / "z-outside.png").convert("RGB")
    # the cover is the navy right third (exactly a third wide on a Z fold)
    third = outside.width / 3
    assert outside.getpixel((round(2 * third + 40), 60)) == NAVY
    assert outside.getpixel((round(2 * third - 40), 60)) != NAVY


def test_preflight_holds_the_pdf_to_the_fold_map(z_letter):
    from dataclasses import replace

    from brochure.preflight import preflight

    assert z_letter.preflight.facts["fold"] == "z"
    assert z_letter.preflight.facts["reading_order"] == [role.value for role in reading_order(Fold.Z)]
    plan = z_letter.layout.plan
    outside = plan.sides[0]
    left, middle, right = outside.panels
    swapped = replace(outside, panels=(replace(left, role=middle.role), replace(middle, role=left.role), right))
    report = preflight(replace(z_letter.layout, plan=replace(plan, sides=(swapped, plan.sides[1]))), z_letter.pdf)
    text = "\n".join(f.format() for f in report.errors)
    assert "panel 'back_cover' is printed on the outside at position 1, not where the z fold's panel map" in text


@pytest.mark.parametrize("fold", Fold)
def test_readme_panel_map_pictures_are_the_ones_the_tool_draws(fold):
    from brochure.proofs import panel_map_picture

    committed = Image.open(ROOT / "docs" / f"panel-map-{fold.value}.png").convert("RGB")
    drawn = panel_map_picture(fold)
    assert committed.size == drawn.size
    assert ImageChops.difference(committed, drawn).getbbox() is None, "run: make docs (tools/panel_maps.py)"
    assert f"panel-map-{fold.value}.png" in (ROOT / "README.md").read_text(encoding="utf-8")


def test_the_two_panel_map_pictures_differ_where_the_folds_differ():
    from brochure.proofs import panel_map_picture

    roll, z = panel_map_picture(Fold.ROLL), panel_map_picture(Fold.Z)
    assert ImageChops.difference(roll, z).getbbox() is not None
    # "back when folded" is under back_cover (outside middle) for a roll fold, under inside_right for a Z fold
    note = (0, 195, 1080, 215)
    assert ImageChops.difference(roll.crop(note), z.crop(note)).getbbox() is not None
