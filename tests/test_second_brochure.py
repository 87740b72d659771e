"""The second example brochure, data/eastside-renters/ (a UK tenants' union: A4, Z fold, English and a
draft Polish edition, region GB), read back from its PDFs like the first: every string in its panel on
its page, the Z fold's panel order, links, the decoded QR payload, the SVG logo, the draft notice.

It exists so the code cannot quietly depend on the first brochure (US, Letter, roll fold, trafficking)."""

from __future__ import annotations

from pathlib import Path

import pytest
import zxingcpp
from helpers import ROOT, assert_every_string_in_its_panel, panel_spans, run

from brochure.cli import discover_editions
from brochure.fold import OutputKind, panel_map, reading_order
from brochure.model import Fold, Image, PanelRole, QrCode, block_texts, plain_text
from brochure.pdffacts import PdfFacts, squash
from brochure.pipeline import Job, output_name, render
from brochure.proofs import PROOF_DPI, render_sides

EAST = ROOT / "data" / "eastside-renters"
A4_WIDTH = 841.89  # the outside and inside are A4 landscape

OFFICE_LINKS = {
    "tel:999",  # a short number: its digits, no country code
    "tel:+441174960123;ext=2",  # the office, with the drop-in desk's extension (RFC 3966)
    "tel:+441174960456",
    "sms:+447700900123",
    "mailto:hello@eastsiderenters.org.uk",
    "https://www.eastsiderenters.org.uk",
    "https://www.eastsiderenters.org.uk/join",
}


@pytest.fixture(scope="module", params=[("en", OutputKind.OFFICE), ("en", OutputKind.PRESS), ("pl", OutputKind.OFFICE)])
def rendered(request):
    code, kind = request.param
    result = render(Job(EAST / f"{code}.yaml", None, kind))
    assert result.preflight.errors == []
    return result


def _texts(edition, role: PanelRole) -> list[str]:
    return [squash(plain_text(t)) for block in edition.panel(role).all_blocks for t in block_texts(block)]


def test_make_finds_both_editions_and_they_are_a4_z_fold():
    editions = discover_editions(ROOT / "data")
    assert {EAST / "en.yaml", EAST / "pl.yaml"} <= set(editions)
    rendered = render(Job(EAST / "en.yaml"))
    assert rendered.layout.plan.fold == Fold.Z and rendered.edition.design.papers[0].name == "a4"
    assert output_name(rendered.edition, rendered.edition.design.papers[0], OutputKind.OFFICE, Fold.Z) == (
        "eastside-renters-en-a4-z.pdf"
    )


def test_every_string_is_in_its_panel_where_the_z_fold_map_puts_it(rendered):
    assert rendered.layout.plan.fold == Fold.Z
    trim = rendered.layout.plan.trim  # the press edition's sheet sits inside its bleed and marks
    assert (trim.x1 - trim.x0, trim.y1 - trim.y0) == pytest.approx((A4_WIDTH, 595.28), abs=0.1)
    assert assert_every_string_in_its_panel(rendered.pdf, rendered.edition, "z") > 40
    for role, (page, x0, x1) in panel_spans(A4_WIDTH, "z", rendered.edition.design.fold_in_offset).items():
        geometry = rendered.layout.panel(PanelRole(role)).geometry
        assert (geometry.rect.x0, geometry.rect.x1) == pytest.approx((trim.x0 + x0, trim.x0 + x1), abs=0.01)
        assert x1 - x0 == pytest.approx(A4_WIDTH / 3)  # equal thirds
        assert geometry.side.value == ("outside" if page == 1 else "inside")


def test_the_z_fold_puts_the_cover_outside_right_and_the_drop_in_panel_on_the_back():
    places = {p.role: (p.side.value, p.index) for p in panel_map(Fold.Z).places}
    assert places[PanelRole.FRONT_COVER] == ("outside", 2)
    assert places[PanelRole.INSIDE_RIGHT] == ("inside", 2)
    edition = render(Job(EAST / "en.yaml")).edition
    # The back of the folded leaflet (inside_right in a Z fold) is where a reader finds the opening hours.
    assert squash("Drop-in advice") in _texts(edition, PanelRole.INSIDE_RIGHT)
    assert reading_order(Fold.Z)[0] == PanelRole.FRONT_COVER


def test_phone_numbers_e_mail_and_web_addresses_are_links_in_international_form():
    facts = PdfFacts(render(Job(EAST / "en.yaml")).pdf)
    uris = {link.uri for page in (1, 2) for link in facts.links(page)}
    assert OFFICE_LINKS <= uris
    assert not any(uri.startswith("tel:0") for uri in uris)  # never the national form


def test_the_qr_code_decodes_to_the_union_s_web_site_on_the_back_panel(rendered):
    scale = PROOF_DPI / 72
    found = []
    for number, image in enumerate(render_sides(rendered.pdf), start=1):
        for result in zxingcpp.read_barcodes(image):
            centre_x = (result.position.top_left.x + result.position.bottom_right.x) / 2 / scale
            found.append((number, result.text, centre_x))
    assert [(page, text) for page, text, _ in found] == [(2, "https://www.eastsiderenters.org.uk")]
    back = rendered.layout.panel(PanelRole.INSIDE_RIGHT).geometry.rect
    assert back.x0 < found[0][2] < back.x1
    qr = [b for b in rendered.edition.panel(PanelRole.INSIDE_RIGHT).footer if isinstance(b, QrCode)]
    assert len(qr) == 1 and qr[0].contact_id == "office"


def test_the_svg_logo_is_vector_and_the_one_bitmap_is_the_photo_with_its_caption(rendered):
    pdf = rendered.pdf
    assert pdf.count(b"/Subtype /Image") == 1  # terrace.png; the logo is drawn as paths
    images = [b for p in rendered.edition.panels for b in p.all_blocks if isinstance(b, Image)]
    assert sorted(Path(str(i.path)).name for i in images) == ["logo.svg", "terrace.png"]
    caption = next(i for i in images if Path(str(i.path)).name == "terrace.png").options.caption
    assert caption and squash(plain_text(caption)) in _texts(rendered.edition, PanelRole.FOLD_IN_BACK)


def test_the_polish_draft_carries_its_notice_on_the_back_cover():
    rendered = render(Job(EAST / "pl.yaml"))
    facts = PdfFacts(rendered.pdf)
    back = rendered.layout.panel(PanelRole.BACK_COVER).geometry.rect
    text = squash(facts.text_in(1, back.x0, back.x1))
    assert squash("Tłumaczenie robocze – niezweryfikowane") in text
    assert facts.catalog["/Lang"] == "pl"
    # The extension, in the edition's own word.
    assert squash("0117 496 0123 wewn. 2") in squash(facts.text_in(2, 0, A4_WIDTH))


def test_the_fictional_numbers_warn_and_strict_refuses_them(tmp_path):
    status, out, err = run(EAST / "en.yaml", "--check")
    assert status == 0, err
    assert err.count("is a number kept for fiction") == 3  # office, advice line, text line; not 999
    # --check --strict reaches the render's verdict: refused.
    for check in (["--check"], ["--out-dir", tmp_path]):
        status, out, err = run(EAST / "en.yaml", "--strict", *check)
        assert status == 1 and "is a number kept for fiction" in err, (check, err)
    assert not list(tmp_path.iterdir())


def test_the_photo_is_made_by_its_script_byte_for_byte(tmp_path):
    import importlib.util

    spec = importlib.util.spec_from_file_location("eastside_images", ROOT / "tools" / "eastside_images.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    target = tmp_path / "terrace.png"
    module.terrace().save(target, optimize=True)
    assert target.read_bytes() == (EAST / "terrace.png").read_bytes()


@pytest.mark.parametrize(("code", "words"), [("en", "it has 3 mm bleed"), ("pl", "ma spad 3 mm")])
def test_the_instructions_give_this_brochure_s_bleed_not_the_first_one_s(tmp_path, code, words):
    target = tmp_path / "instructions.pdf"
    status, out, err = run(EAST / f"{code}.yaml", "--instructions", "-o", target)
    assert status == 0, err
    text = squash(PdfFacts(target.read_bytes()).text_in(1, 0, 1000))
    assert squash(words) in text and "1/8" not in text
    assert "Z" in text and squash("210 mm") in text  # a Z fold, on A4


def test_the_press_edition_has_the_brochure_s_3_mm_bleed():
    facts = PdfFacts(render(Job(EAST / "en.yaml", None, OutputKind.PRESS)).pdf)
    trim, bleed = facts.box(1, "TrimBox"), facts.box(1, "BleedBox")
    assert trim[0] - bleed[0] == pytest.approx(3 * 72 / 25.4, abs=0.01)
