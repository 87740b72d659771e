"""The rendered seed brochure, read back like a reader's software and a print shop would."""

from __future__ import annotations

import hashlib
import os
import re
import subprocess
import sys

import pypdfium2
import pytest
from helpers import CT_DIALLED, DATA, EN, ROOT, SEED, assert_every_string_in_its_panel
from reportlab.pdfbase import pdfmetrics

from brochure.draw import draw
from brochure.fold import FOLD_SAFETY, OFFICE_UNPRINTABLE, OutputKind
from brochure.pdffacts import PdfFacts, squash
from brochure.pdfobjects import dictionary
from brochure.pipeline import Job, render

IN = 72.0


def facts_of(rendered) -> PdfFacts:
    return PdfFacts(rendered.pdf)


@pytest.fixture(params=["office", "press"])
def rendered(request, office_letter, press_letter):
    return office_letter if request.param == "office" else press_letter


def page_of(plan, role) -> int:
    geometry = plan.panel(role)
    return next(s.page_number for s in plan.sides if s.side == geometry.side)


def test_every_string_of_the_edition_is_in_its_panel_on_its_page(rendered):
    assert assert_every_string_in_its_panel(rendered.pdf, rendered.edition, "roll") > 60


def _ps_widths(rendered):
    """Measure extracted text with the same font metrics the PDF embeds, up to its last glyph.

    (A line broken at a space ends with that space, written back for readers; it draws nothing, so the
    column's edge is measured to the last glyph, not to the space's advance.)
    """
    names = {pdfmetrics.getFont(n).face.name.decode(): n for n in rendered.layout.fonts}
    return lambda piece: pdfmetrics.stringWidth(piece.text.rstrip(" "), names[piece.font], piece.size)


def test_all_text_lies_inside_its_panels_text_area_clear_of_folds_and_edges(rendered):
    facts = facts_of(rendered)
    plan = rendered.layout.plan
    width_of = _ps_widths(rendered)
    assert len(plan.sides) == 2
    for side in plan.sides:
        assert len(side.folds) == 2  # the text keeps clear of both
        pieces = facts.texts(side.page_number)
        assert pieces
        for piece in pieces:
            panel = next(p for p in side.panels if p.rect.x0 <= piece.x < p.rect.x1)
            right = piece.x + width_of(piece)
            assert panel.content.x0 - 0.01 <= piece.x and right <= panel.content.x1 + 0.01, piece
            assert panel.content.y0 <= piece.y <= panel.content.y1, piece
            for fold in side.folds:
                assert min(abs(piece.x - fold), abs(right - fold)) >= FOLD_SAFETY, piece
            assert piece.x - plan.trim.x0 >= OFFICE_UNPRINTABLE and plan.trim.x1 - right >= OFFICE_UNPRINTABLE


def test_body_type_is_at_least_9_5_pt(office_letter):
    sizes = {round(p.size, 2) for page in (1, 2) for p in facts_of(office_letter).texts(page)}
    assert min(sizes) >= 9.5
    assert 11.0 in sizes  # the design's body size: the seed fits without shrinking


def _seed_lines() -> list[str]:
    text = next(SEED.glob("*.txt")).read_text(encoding="utf-8")
    return [line.strip() for line in text.splitlines() if line.strip()]


def test_all_of_the_seed_text_is_in_the_english_pdf(office_letter):
    facts = facts_of(office_letter)
    plan = office_letter.layout.plan
    everything = "".join(
        squash(facts.text_in(side.page_number, panel.rect.x0, panel.rect.x1))
        for side in plan.sides
        for panel in side.panels
    )
    links = {link.uri for page in (1, 2) for link in facts.links(page)}

    def site(url: str) -> str:
        return re.sub(r"^(https?://)?(www\.)?", "", url).rstrip("/")

    missing = []
    for line in _seed_lines():
        if line.startswith("http://") and site(line) not in {site(u) for u in links}:
            missing.append(line)  # the original's link annotations: must be links here too
        elif not line.startswith("http://") or line == "http://www.jud.ct.gov/crimevictim/":
            if squash(line) not in everything:
                missing.append(line)
    assert missing == []


def test_contact_block_and_inline_reference_both_print_the_number_from_contacts(brochure_copy):
    contacts = brochure_copy / "contacts.yaml"
    text = contacts.read_text(encoding="utf-8")
    assert text.count("1-888-373-7888") == 1
    contacts.write_text(text.replace("1-888-373-7888", "1-888-373-7999"), encoding="utf-8")
    rendered = render(Job(brochure_copy / "en.yaml", "letter"))
    facts = facts_of(rendered)
    plan = rendered.layout.plan
    for role_name in ("front_cover", "fold_in_back"):  # inline reference; contact block
        geometry = next(p for p in plan.panels if p.role.value == role_name)
        panel_text = squash(facts.text_in(1, geometry.rect.x0, geometry.rect.x1))
        assert "1-888-373-7999" in panel_text and "1-888-373-7888" not in panel_text
    assert {"tel:+18883737999"} <= {link.uri for link in facts.links(1)}


def test_the_hotline_is_written_once_in_the_data_folder():
    hits = [p for p in DATA.rglob("*.yaml") if "373-7888" in p.read_text(encoding="utf-8")]
    assert [p.name for p in hits] == ["contacts.yaml"]


def test_office_page_size_and_viewer_preferences(office_letter):
    facts = facts_of(office_letter)
    assert len(facts.pages) == 2
    for page in (1, 2):
        assert facts.box(page, "MediaBox") == (0, 0, 792, 612)
        assert facts.box(page, "TrimBox") is None and facts.box(page, "BleedBox") is None
    preferences = dictionary(facts.catalog["/ViewerPreferences"])
    assert preferences["/Duplex"] == "/DuplexFlipShortEdge"
    assert preferences["/PrintScaling"] == "/None"


@pytest.mark.parametrize("paper, size", [("a4", (841.89, 595.28)), ("legal", (1008, 612))])
def test_other_papers(paper, size):
    facts = PdfFacts(render(Job(EN, paper)).pdf)
    assert facts.box(1, "MediaBox")[2:] == pytest.approx(size, abs=0.01)


def test_press_edition_has_trim_and_bleed_boxes_on_both_pages(press_letter):
    facts = facts_of(press_letter)
    plan = press_letter.layout.plan
    slug = plan.trim.x0
    for page in (1, 2):
        assert facts.box(page, "MediaBox") == pytest.approx((0, 0, 792 + 2 * slug, 612 + 2 * slug))
        assert facts.box(page, "TrimBox") == pytest.approx((slug, slug, slug + 792, slug + 612))
        assert facts.box(page, "BleedBox") == pytest.approx((slug - 9, slug - 9, slug + 801, slug + 621))


def _dark_pixels(pdf: bytes, page: int, box_points, scale: float = 2.0) -> int:
    """Count non-white pixels inside a rectangle given in PDF points."""
    document = pypdfium2.PdfDocument(pdf)
    image = document[page - 1].render(scale=scale).to_pil().convert("L")
    height_points = document[page - 1].get_height()
    x0, y0, x1, y1 = box_points
    crop = image.crop(
        (int(x0 * scale), int((height_points - y1) * scale), int(x1 * scale), int((height_points - y0) * scale))
    )
    return sum(crop.histogram()[:250])


def test_press_background_runs_into_the_bleed_and_marks_sit_outside_it(press_letter):
    plan = press_letter.layout.plan
    trim, bleed = plan.trim, plan.bleed
    # the cover's navy runs past the right trim into the bleed
    assert _dark_pixels(press_letter.pdf, 1, (trim.x1 + 1, trim.y0 + 50, bleed.x1 - 1, trim.y1 - 50)) > 100
    # crop marks in the slug at the bottom left corner, nothing inside the bleed corner itself
    assert _dark_pixels(press_letter.pdf, 1, (0, trim.y0 - 1, bleed.x0 - 1, trim.y0 + 1)) > 10
    assert _dark_pixels(press_letter.pdf, 2, (bleed.x0, bleed.y0, trim.x0 - 0.5, trim.y0 - 0.5)) == 0
    # a dashed fold mark above each fold on the inside
    assert len(plan.sides[1].folds) == 2
    for fold in plan.sides[1].folds:
        assert _dark_pixels(press_letter.pdf, 2, (fold - 1, bleed.y1 + 1, fold + 1, plan.page_height)) > 0


def test_press_without_marks_has_no_slug():
    rendered = render(Job(EN, "letter", OutputKind.PRESS, marks=False))
    facts = facts_of(rendered)
    assert facts.box(1, "MediaBox") == pytest.approx((0, 0, 810, 630))
    assert facts.box(1, "MediaBox") == facts.box(1, "BleedBox")


def test_office_edition_leaves_the_unprintable_border_blank(office_letter):
    border = OFFICE_UNPRINTABLE - 0.5
    for page in (1, 2):
        for box in ((0, 0, 792, border), (0, 612 - border, 792, 612), (0, 0, border, 612), (792 - border, 0, 792, 612)):
            assert _dark_pixels(office_letter.pdf, page, box) == 0, (page, box)


def test_every_font_is_embedded_and_subset_and_helvetica_is_nowhere(rendered):
    facts = facts_of(rendered)
    fonts = facts.fonts()
    assert fonts and all(f.embedded and f.subset and f.subtype == "/TrueType" for f in fonts), fonts
    assert b"Helvetica" not in rendered.pdf and b"Times" not in rendered.pdf


def test_phone_numbers_and_web_addresses_are_links(office_letter):
    facts = facts_of(office_letter)
    outside = {link.uri for link in facts.links(1)}
    inside = {link.uri for link in facts.links(2)}
    assert CT_DIALLED | {
        "https://www.ct.gov/ova",
        "https://www.unodc.org",
        "https://www.ice.gov",
        "http://www.jud.ct.gov/crimevictim/",
        "https://ctcoalitionagainsttrafficking.org",
        "https://www.ct.gov/dcf",
    } <= outside
    assert (
        "http://content.usatoday.com/communities/theoval/post/2012/06/hillary-clinton-27-million-people-in-slavery/1#.UoDi65TtgxU"
        in inside
    )
    assert not any(uri.startswith("tel:+1860560") for uri in outside)  # a fax number is not a link


def test_link_areas_cover_their_text(office_letter):
    facts = facts_of(office_letter)
    pieces = facts.texts(1)
    hotline = [link for link in facts.links(1) if link.uri == "tel:+18883737888"]
    assert len(hotline) == 2  # the front cover's sentence and the fold-in panel's contact block
    for link in hotline:
        x0, y0, x1, y1 = link.rect
        covered = [p for p in pieces if x0 - 0.1 <= p.x <= x1 and y0 <= p.y <= y1]
        assert any(p.text == "1-888-373-7888" for p in covered), link


def test_metadata_and_language(office_letter):
    facts = facts_of(office_letter)
    assert facts.metadata["/Title"] == "Stop Human Trafficking"
    assert facts.metadata["/Author"] == "Connecticut Office of the Victim Advocate"
    assert facts.metadata["/Subject"].startswith("How to recognize human trafficking")
    assert "hotline" in facts.metadata["/Keywords"]
    assert facts.catalog["/Lang"] == "en-US"


def test_same_input_gives_identical_bytes_even_in_a_fresh_process(office_letter, tmp_path):
    again = render(Job(EN, "letter", OutputKind.OFFICE))
    assert again.pdf == office_letter.pdf
    script = (
        "import sys, hashlib; sys.path.insert(0, '.');"
        "from brochure.pipeline import Job, render;"
        f"print(hashlib.sha256(render(Job(__import__('pathlib').Path({str(EN)!r}), 'letter')).pdf).hexdigest())"
    )
    env = dict(os.environ, PYTHONHASHSEED="12345")
    fresh = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True, check=True
    )
    assert fresh.stdout.strip() == hashlib.sha256(office_letter.pdf).hexdigest()


# One edition of each kind of input: Latin with hyphenation and a fitted size, Chinese (a second font, CJK line
# breaking), and the second brochure (a Z fold, an SVG logo, a PNG photo), each as office, press and screen PDF.
DETERMINISM_EDITIONS = (DATA / "es.yaml", DATA / "zh-Hans.yaml", ROOT / "data" / "eastside-renters" / "en.yaml")


def test_every_kind_of_edition_gives_the_same_bytes_in_this_process_and_in_fresh_ones():
    """What the preflight's second draw used to prove on every render (issue 14 moved it here): the same
    layout drawn again in this process, and the same input rendered in fresh processes with other hash
    seeds, gives identical bytes."""
    jobs = [(path, kind) for path in DETERMINISM_EDITIONS for kind in ("office", "press", "screen")]
    script = (
        "import sys, hashlib, pathlib; sys.path.insert(0, '.');"
        "from brochure.pipeline import Job, render; from brochure.fold import OutputKind;"
        f"jobs = {[(str(path), kind) for path, kind in jobs]!r};"
        "print(' '.join(hashlib.sha256(render(Job(pathlib.Path(p), None, OutputKind(k))).pdf).hexdigest()"
        " for p, k in jobs))"
    )
    here = []
    for path, kind in jobs:
        rendered = render(Job(path, None, OutputKind(kind)))
        assert rendered.preflight.errors == []
        assert draw(rendered.layout) == rendered.pdf, f"{path.name} {kind}: a second draw differs"
        here.append(hashlib.sha256(rendered.pdf).hexdigest())
    for seed in ("1", "4242"):
        env = dict(os.environ, PYTHONHASHSEED=seed)
        fresh = subprocess.run(
            [sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True, check=True
        )
        assert fresh.stdout.split() == here, f"PYTHONHASHSEED={seed}"
