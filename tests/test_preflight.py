"""Preflight reads the PDF back and catches what a print shop or a reader would catch."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest
from helpers import EN, run, with_image

from brochure import draw as draw_module
from brochure.diagnostics import BrochureError
from brochure.draw import draw
from brochure.fold import OutputKind, fold_sheet
from brochure.layout import lay_out
from brochure.load import load_edition
from brochure.model import PanelRole, Paragraph, Span
from brochure.pipeline import Job, lay_out_job, render
from brochure.preflight import preflight


def messages(report) -> str:
    return "\n".join(f.format() for f in report.findings)


def test_the_seed_brochure_passes_with_its_facts_measured(office_letter, press_letter):
    for rendered, kind in ((office_letter, "office"), (press_letter, "press")):
        report = rendered.preflight
        assert report.errors == []
        if kind == "office":
            assert report.warnings == []
        else:
            # The seed sets 11 pt contact names in navy and bullets in red: several inks on small text.
            assert [(f.where, f.location.line) for f in report.warnings] == [
                ("colors.accent", 11),
                ("colors.brand", 10),
            ]
        facts = report.facts
        assert facts["pages"] == 2 and facts["kind"] == kind
        assert facts["fonts"] == facts["fonts_embedded"] == 3
        assert facts["strings"] == facts["strings_found"] == 64
        assert facts["smallest_type_pt"] == 11.0 and facts["links"] == 14
        assert facts["language"] == "en-US" and "deterministic" not in facts  # proved in tests/test_render.py
        assert facts["glyphs_outside_safe_area"] == 0
    assert press_letter.preflight.facts["trim_box"] == [31.5, 31.5, 823.5, 643.5]


def test_unembedded_font_ink_in_the_border_and_tiny_text_are_errors(monkeypatch):
    original = draw_module._draw_panel

    def careless(canvas, panel, *rest):
        original(canvas, panel, *rest)
        canvas.setFont("Helvetica", 6)
        canvas.drawString(4, 4, "printed where no office printer reaches")

    monkeypatch.setattr(draw_module, "_draw_panel", careless)
    report = render(Job(EN, "letter")).preflight
    text = messages(report)
    assert "refers to the standard font /Helvetica, which is never embedded" in text
    assert "font /Helvetica is not embedded" in text
    assert "pixels of ink within 1/4 in of the sheet edge" in text
    assert "text set at 6 pt, below the readable floor of 8.5 pt" in text
    assert "is too close to the edge" in text


def test_a_missing_link_is_an_error(monkeypatch):
    from brochure.tagging import StructureBuilder

    monkeypatch.setattr(StructureBuilder, "link", lambda *args, **kwargs: None)
    text = messages(render(Job(EN, "letter")).preflight)
    assert "'1-888-373-7888' should link to tel:+18883737888, but no such link covers it" in text
    assert "page 1: 'www.ct.gov/ova' looks like a web address but is not a link" in text
    assert "page 1: '1-888-373-7888' looks like a phone number but is not a link" in text


def test_text_language_title_and_boxes_are_checked_against_the_layout(office_letter, press_letter):
    layout = office_letter.layout
    edition = layout.edition
    inside_left = edition.panel(PanelRole.INSIDE_LEFT)
    extra = Paragraph((Span("A sentence the PDF does not contain."),), inside_left.source)
    changed = replace(
        edition,
        language="fr",
        title="Autre titre",
        panels=tuple(replace(p, blocks=p.blocks + (extra,)) if p is inside_left else p for p in edition.panels),
    )
    report = preflight(replace(layout, edition=changed), office_letter.pdf)
    text = messages(report)
    assert "document language is 'en-US', expected 'fr'" in text
    assert "document title is 'Stop Human Trafficking', expected 'Autre titre'" in text
    assert 'text not found in the PDF: "A sentence the PDF does not contain."' in text
    boxes = messages(preflight(press_letter.layout, office_letter.pdf))
    assert "page 1: MediaBox (0.0, 0.0, 792.0, 612.0) should be [0.0, 0.0, 855.0, 675.0]" in boxes
    assert "TrimBox None should be [31.5, 31.5, 823.5, 643.5]" in boxes


def test_output_that_changes_between_draws_is_an_error(office_letter):
    report = preflight(office_letter.layout, office_letter.pdf, redraw=lambda: office_letter.pdf + b"\n")
    assert "drawing the same layout twice gave different bytes" in messages(report)
    assert report.facts["deterministic"] is False


@pytest.mark.parametrize(
    "pixels, severity, message",
    [
        (100, "error", "image logo.png prints at 100 ppi (below 150)"),
        (200, "warning", "image logo.png prints at 200 ppi (below 300)"),
    ],
)
def test_image_resolution_at_placed_size(brochure_copy, pixels, severity, message):
    with_image(brochure_copy, pixels)
    edition, _ = load_edition(brochure_copy / "en.yaml")
    design = edition.design
    plan = fold_sheet(design.papers[0], design.fold, design.fold_in_offset, design.margins, OutputKind.OFFICE)
    layout = lay_out(edition, plan)  # the layout alone: lay_out_job would stop at the error before drawing
    report = preflight(layout, draw(layout))
    found = report.errors if severity == "error" else report.warnings
    assert any(message in f.message and f.location.line for f in found), messages(report)
    assert report.facts["image_ppi"] == [pixels]
    if severity == "error":  # a render stops before drawing, as --check does
        with pytest.raises(BrochureError, match=r"prints at 100 ppi"):
            render(Job(brochure_copy / "en.yaml", "letter"))


def test_preflight_and_json_on_the_command_line(tmp_path):
    status, out, _ = run(EN, "--preflight", "-o", tmp_path / "en.pdf")
    assert status == 0
    assert "preflight ct-human-trafficking-en-letter.pdf: ok (0 errors, 0 warnings)" in out
    assert "64/64 strings in their panels; 14 links" in out
    status, out, err = run(EN, "--press", "--json", "-o", tmp_path / "press.pdf")
    assert status == 0
    data = json.loads(out)
    assert data["ok"] is True and data["failed"] == []
    [pdf] = data["pdfs"]
    assert pdf["file"] == "ct-human-trafficking-en-letter-press.pdf" and pdf["facts"]["bleed_box"]
    assert "ok  " in err  # progress goes to stderr so that stdout is pure JSON


def test_warnings_fail_only_with_strict(brochure_copy, tmp_path):
    with_image(brochure_copy, 200)
    assert run(brochure_copy / "en.yaml", "-o", tmp_path / "a.pdf")[0] == 0
    status, _, err = run(brochure_copy / "en.yaml", "--strict", "-o", tmp_path / "b.pdf")
    assert status == 1 and "prints at 200 ppi" in err
    assert not (tmp_path / "b.pdf").exists()


def test_a_preflight_error_writes_nothing(monkeypatch, tmp_path):
    from brochure.tagging import StructureBuilder

    target = tmp_path / "en.pdf"
    target.write_bytes(b"%PDF-1.7 previous")
    monkeypatch.setattr(StructureBuilder, "link", lambda *args, **kwargs: None)
    status, _, err = run(EN, "-o", target)
    assert status == 1 and "should link to" in err
    assert target.read_bytes() == b"%PDF-1.7 previous"


def test_check_against_the_layout_that_made_it():
    _, _, layout, _ = lay_out_job(Job(EN, "a4", OutputKind.PRESS))
    report = preflight(layout, draw(layout), redraw=lambda: draw(layout))
    assert report.errors == [] and report.facts["deterministic"]


@pytest.mark.parametrize("size", [(612.0, 792.0), (595.2756, 841.8898), (595.3, 420.9)], ids=["letter", "a4", "a5"])
def test_the_border_strips_count_the_pixels_a_whole_page_render_counts(size):
    """The office border check renders four strips instead of the page; they must see the very same pixels,
    antialiased edges included, whatever the page size (issue 14)."""
    import io
    import math
    import random

    import pypdfium2
    from reportlab.pdfgen.canvas import Canvas

    from brochure.preflight import _border_strips

    border = 17
    shapes = random.Random(14)
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=size)
    for _ in range(40):
        canvas.setFillGray(shapes.random())
        x, y = shapes.uniform(-5, size[0]), shapes.uniform(-5, size[1])
        canvas.rect(x, y, shapes.uniform(0.1, 40), shapes.uniform(0.1, 40), stroke=shapes.random() < 0.5, fill=1)
    canvas.showPage()
    canvas.save()
    page = pypdfium2.PdfDocument(buffer.getvalue())[0]
    whole = page.render(scale=1).to_pil().convert("L")
    width, height = whole.size
    assert (width, height) == (math.ceil(size[0]), math.ceil(size[1]))
    boxes = [(0, 0, width, border), (0, height - border, width, height), (0, 0, border, height)]
    boxes.append((width - border, 0, width, height))
    expected = [whole.crop(box).histogram() for box in boxes]
    assert [strip.histogram() for strip in _border_strips(page, border)] == expected
    assert sum(sum(h[:250]) for h in expected) > 0  # the shapes did reach the border


def test_the_glyphs_and_sizes_read_quickly_are_those_of_pypdfium2s_own_accessors(office_letter):
    """PdfPages calls PDFium without ctypes' argument checks: the boxes and sizes must be what the helpers give."""
    import pypdfium2

    from brochure.pdfpages import PdfPages

    with PdfPages(office_letter.pdf) as document:
        for number in (1, 2):
            glyphs = document.glyphs(number)
            textpage = document.textpage(number)
            assert glyphs.text == textpage.get_text_range(0, textpage.count_chars()) and len(glyphs.boxes) > 500
            for index in range(len(glyphs.boxes)):
                left, bottom, right, top = textpage.get_charbox(index)
                assert glyphs.boxes[index] == (left, bottom, right, top)
            every = list(range(len(glyphs.boxes)))
            raw = textpage.raw
            assert document.font_sizes(number, every) == [pypdfium2.raw.FPDFText_GetFontSize(raw, i) for i in every]


def test_the_characters_inside_a_link_are_found_by_height_in_text_order(office_letter):
    """The number check's index gives what testing every character of the page gives, edges included."""
    from brochure.linkcheck import _CharsByHeight
    from brochure.pdffacts import PdfFacts
    from brochure.pdfpages import PdfPages

    facts = PdfFacts(office_letter.pdf)
    with PdfPages(office_letter.pdf) as document:
        for number in (1, 2):
            glyphs = document.glyphs(number)
            centres = [
                (char, (box[0] + box[2]) / 2, (box[1] + box[3]) / 2)
                for char, box in zip(glyphs.text, glyphs.boxes)
                if box is not None
            ]
            index = _CharsByHeight(glyphs)
            rects = [link.rect for link in facts.links(number)]
            rects += [(x, y, x + 40, y) for _, x, y in centres[::97]]  # a rectangle of no height: its edge counts
            assert rects
            for x0, y0, x1, y1 in rects:
                expected = "".join(c for c, x, y in centres if x0 <= x <= x1 and y0 <= y <= y1)
                assert index.inside((x0, y0, x1, y1)) == expected


def test_text_by_a_fold_or_off_every_panel_is_an_error(office_letter):
    """Each glyph is placed in its panel by its centre; one inside a panel but within the fold's margin, or in
    no panel at all, is an error naming the fold or the place (at most five near misses are listed)."""
    import io

    from reportlab.pdfgen import canvas as pdf_canvas

    from brochure.pdfpages import PdfPages
    from brochure.preflight import PreflightReport, _check_positions

    plan = office_letter.layout.plan
    out = io.BytesIO()
    sheet = pdf_canvas.Canvas(out, pagesize=(plan.page_width, plan.page_height))
    for side in plan.sides:
        sheet.setFont("Helvetica", 9)
        for panel in side.panels[1:]:
            sheet.drawString(panel.rect.x0 + 2, 300, "W")  # inside the panel, in the fold's margin
        sheet.drawString(-30, 200, "off")
        sheet.showPage()
    sheet.save()
    errors: list[str] = []
    report = PreflightReport(name="folds.pdf")
    with PdfPages(out.getvalue()) as document:
        sizes = _check_positions(plan, document, report, lambda message, *rest, **more: errors.append(message))
    near = [e for e in errors if "too close to a fold" in e]
    assert len(near) == 4 and report.facts["glyphs_outside_safe_area"] == 4
    assert near[0].startswith("page 1: 'W' at (") and sum("lies outside every panel" in e for e in errors) == 6
    assert sizes == [9.0] * 10  # every glyph that prints is sized, in no panel too
