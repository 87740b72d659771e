"""The blocks of issue 11 §2 (QR code, table, image options) and the panel options (valign, footer, blank),
read back from the rendered PDF and its PNG proofs: positions inside the panel, text in order, link
targets, and QR codes decoded by a real decoder (zxing-cpp)."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pypdfium2
import pytest
import zxingcpp
from helpers import PANTRY_EDITION, cover_photo, edit, errors_of, layout_of, line_of, run, write_pantry
from pypdf import PdfReader

from brochure.fold import OutputKind
from brochure.layout import PanelLayout, PlacedBlock
from brochure.load import field_link, load_edition
from brochure.model import PURE_BLACK, PanelRole, QrCode, plain_text
from brochure.pdffacts import PdfFacts, squash
from brochure.pipeline import Job, render
from brochure.proofs import PROOF_DPI, _pixels, render_sides

IN = 72.0


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("pantry") / "pantry"
    write_pantry(path)
    return path


@pytest.fixture(scope="module", params=[OutputKind.OFFICE, OutputKind.PRESS], ids=["office", "press"])
def rendered(request, folder):
    result = render(Job(folder / "en.yaml", "letter", request.param))
    assert not result.preflight.errors, result.preflight.errors
    return result


@pytest.fixture(scope="module")
def office(folder):
    return render(Job(folder / "en.yaml", "letter", OutputKind.OFFICE))


def _blocks(rendered, role: PanelRole, kind: str) -> list[PlacedBlock]:
    return [b for b in rendered.layout.panel(role).blocks if b.kind == kind]


def _panel(rendered, role: PanelRole) -> PanelLayout:
    return rendered.layout.panel(role)


def _page(rendered, role: PanelRole) -> int:
    return rendered.layout.plan.page_of(role)


# ---------------------------------------------------------------- QR codes


def _decoded(rendered) -> list[tuple[int, str, tuple[float, float]]]:
    """Every QR code a real decoder finds in the PNG proofs: (page, payload, centre in PDF points)."""
    found = []
    scale = PROOF_DPI / 72
    for number, (side, image) in enumerate(zip(rendered.layout.plan.sides, render_sides(rendered.pdf)), start=1):
        for result in zxingcpp.read_barcodes(image):
            assert result.format == zxingcpp.BarcodeFormat.QRCode
            corners = [result.position.top_left, result.position.bottom_right]
            cx = sum(p.x for p in corners) / 2 / scale
            cy = side.media.height - sum(p.y for p in corners) / 2 / scale
            found.append((number, result.text, (cx, cy)))
    return found


def test_every_qr_code_decodes_to_its_contacts_link_target(rendered):
    edition = rendered.edition
    expected = []
    for panel in edition.panels:
        for block in panel.all_blocks:
            if isinstance(block, QrCode):
                # The same function that makes the contact's tap-to-call and web links.
                target = field_link(edition.contacts[block.contact_id], block.field)
                expected.append((_page(rendered, panel.role), target))
    assert sorted(expected) == [
        (1, "tel:+18605506632"),
        (2, "https://www.riversidepantry.org/hours"),
        (2, "sms:233733"),
    ]
    decoded = _decoded(rendered)
    assert sorted((page, text) for page, text, _ in decoded) == sorted(expected)
    # ... and each is found where the layout put it, inside its panel.
    for page, text, (cx, cy) in decoded:
        code = next(
            c
            for p in rendered.layout.panels
            if rendered.layout.plan.page_of(p.role) == page
            for b in p.blocks
            for c in b.codes
            if c.payload == text
        )
        assert code.quiet.x0 < cx < code.quiet.x1 and code.quiet.y0 < cy < code.quiet.y1


def test_a_qr_code_is_a_link_to_the_same_target(rendered):
    facts = PdfFacts(rendered.pdf)
    codes = [(panel, code) for panel in rendered.layout.panels for block in panel.blocks for code in block.codes]
    assert len(codes) == 3
    for panel, code in codes:
        page = _page(rendered, panel.role)
        links = [link for link in facts.links(page) if link.uri == code.payload]
        inner = code.modules
        left = min(m.x0 for m in inner)
        bottom = min(m.y0 for m in inner)
        assert any(abs(link.rect[0] - left) < 0.5 and abs(link.rect[1] - bottom) < 0.5 for link in links), (
            code.payload,
            links,
        )


def test_a_qr_code_prints_in_black_ink_alone_on_press(folder):
    """Issue 12: a code printed in four inks blurs when the plates shift; its modules are 0/0/0/100 K."""
    press = render(Job(folder / "en.yaml", "letter", OutputKind.PRESS))
    (block,) = _blocks(press, PanelRole.BACK_COVER, "qr")
    (code,) = block.codes
    page = PdfFacts(press.pdf).pages[_page(press, PanelRole.BACK_COVER) - 1]
    stream = page.contents().decode("latin-1")
    # The modules are one path of rectangles, filled once: the colour set just before that path.
    paths = re.findall(r"([\d. ]+) k\n(n [^\n]*)\n", stream)
    colour, rectangles = max(paths, key=lambda found: found[1].count(" re"))
    assert rectangles.count(" re") == len(code.modules)
    assert [float(v) for v in colour.split()] == [0, 0, 0, 1]


def test_a_qr_code_is_vector_pure_black_merged_into_runs_with_a_clear_quiet_zone(office):
    panel = _panel(office, PanelRole.BACK_COVER)  # a dark panel: the quiet zone must be painted white
    (block,) = _blocks(office, PanelRole.BACK_COVER, "qr")
    (code,) = block.codes
    assert code.color == PURE_BLACK and code.color.hex == "#000000"
    modules = code.modules
    module = modules[0].height
    # 4 modules of quiet zone on each side of the code.
    assert min(m.x0 for m in modules) - code.quiet.x0 == pytest.approx(4 * module)
    assert code.quiet.y1 - max(m.y1 for m in modules) == pytest.approx(4 * module)
    # At least the default size, 1 in, without the quiet zone.
    assert max(m.x1 for m in modules) - min(m.x0 for m in modules) == pytest.approx(1.0 * IN)
    # Runs of dark modules are one rectangle each: fewer rectangles than dark modules.
    dark_modules = sum(round(m.width / module) for m in modules)
    assert len(modules) < 0.7 * dark_modules
    # No bitmap: the only picture on the page is the cover's background photo.
    page = PdfReader(io.BytesIO(office.pdf)).pages[_page(office, PanelRole.BACK_COVER) - 1]
    assert [image.image.size for image in page.images] == [(1200, 2700)]
    # In the proof, the quiet zone is white paper although the panel is dark, and the modules are pure black.
    side = office.layout.plan.sides[_page(office, PanelRole.BACK_COVER) - 1]
    image = render_sides(office.pdf)[side.page_number - 1]
    scale = PROOF_DPI / 72
    x0, y0, x1, y1 = _pixels(code.quiet, side.media.height, scale)
    quiet_margin = int(3 * module * scale)
    strip = image.crop((x0 + 2, y0 + 2, x1 - 2, y0 + quiet_margin))
    assert strip.getcolors() == [(strip.width * strip.height, (255, 255, 255))]
    outside = image.getpixel((x0 - 4, (y0 + y1) // 2))
    assert outside == tuple(round(c * 255) for c in panel.background.rgb)
    first = modules[0]
    px = _pixels(first, side.media.height, scale)
    assert image.getpixel(((px[0] + px[2]) // 2, (px[1] + px[3]) // 2)) == (0, 0, 0)


def test_a_qr_code_caption_is_below_it_and_smaller(office):
    (block,) = [b for b in _blocks(office, PanelRole.INSIDE_MIDDLE, "qr") if b.runs]
    (code,) = block.codes
    caption = [run for run in block.runs]
    assert "".join(r.text for r in caption) == "Opens our web site"
    assert all(r.y < code.quiet.y0 for r in caption)
    assert all(8.5 <= r.size < office.layout.body_size for r in caption)
    # align: center: the code and its caption are centred in the column.
    content = _panel(office, PanelRole.INSIDE_MIDDLE).geometry.content
    assert (code.quiet.x0 + code.quiet.x1) / 2 == pytest.approx((content.x0 + content.x1) / 2)
    left, right = caption[0].x, caption[-1].x + caption[-1].width
    assert (left + right) / 2 == pytest.approx((content.x0 + content.x1) / 2, abs=0.5)


def test_qr_codes_render_the_same_bytes_twice(folder):
    first = render(Job(folder / "en.yaml", "letter", OutputKind.PRESS)).pdf
    assert render(Job(folder / "en.yaml", "letter", OutputKind.PRESS)).pdf == first


# ---------------------------------------------------------------- tables


def _rows(block: PlacedBlock) -> list[list]:
    """The runs of a table grouped by line (same baseline), top to bottom, left to right."""
    lines: dict[float, list] = {}
    for piece in block.runs:
        lines.setdefault(round(piece.y, 2), []).append(piece)
    return [sorted(lines[y], key=lambda r: r.x) for y in sorted(lines, reverse=True)]


def test_table_columns_align_and_the_header_is_bold(office):
    (table,) = _blocks(office, PanelRole.INSIDE_LEFT, "table")
    lines = _rows(table)
    assert [r.text for r in lines[0]] == ["Day", "Hours"]
    assert all(r.font.endswith("Bold") for r in lines[0])
    assert not any(r.font.endswith("Bold") for line in lines[1:] for r in line)
    # Every row's second cell starts at the same x, right of the longest first cell.
    second_column = {round(line[1].x, 2) for line in lines[:4]}
    assert len(second_column) == 1
    widest_day = max(line[0].x + line[0].width for line in lines[:4])
    assert second_column.pop() > widest_day
    # Rules between the rows, the width of the column.
    content = _panel(office, PanelRole.INSIDE_LEFT).geometry.content
    assert len(table.fills) == 3
    assert all(f.rect.x0 == pytest.approx(content.x0) and f.rect.x1 == pytest.approx(content.x1) for f in table.fills)


def test_a_long_cell_wraps_within_its_column_and_the_text_reads_in_order(office):
    (table,) = _blocks(office, PanelRole.INSIDE_LEFT, "table")
    content = _panel(office, PanelRole.INSIDE_LEFT).geometry.content
    lines = _rows(table)
    column_x = lines[1][1].x
    wrapped = [r for line in lines[3:] for r in line if r.x >= column_x - 0.01]
    assert len({round(r.y, 2) for r in wrapped}) >= 2  # the long cell took more than one line
    assert all(r.x >= column_x - 0.01 and r.x + r.width <= content.x1 + 0.01 for r in wrapped)
    # In the PDF, row by row: Day Hours Monday 9am to 5pm ...
    facts = PdfFacts(office.pdf)
    text = squash(facts.text_in(_page(office, PanelRole.INSIDE_LEFT), content.x0, content.x1))
    assert squash("DayHoursMonday9am to 5pmWednesday9am to 7pmSaturday10am to 2pm, except on") in text


def test_a_table_of_three_columns_on_a_dark_panel(office):
    (table,) = _blocks(office, PanelRole.BACK_COVER, "table")
    lines = _rows(table)
    assert [[r.text for r in line] for line in lines] == [
        ["North", "12 Mill Street", "Mon, Wed"],
        ["South", "3 Elm Avenue", "Sat"],
    ]
    assert lines[0][1].x == pytest.approx(lines[1][1].x) and lines[0][2].x == pytest.approx(lines[1][2].x)
    assert lines[0][0].color.hex == "#FFFFFF"  # light text on the dark panel


# ---------------------------------------------------------------- images


def test_an_image_aligned_right_with_a_caption_and_a_link(rendered):
    (block,) = _blocks(rendered, PanelRole.INSIDE_RIGHT, "image")
    (image,) = block.images
    content = _panel(rendered, PanelRole.INSIDE_RIGHT).geometry.content
    assert image.rect.x1 == pytest.approx(content.x1)
    assert image.rect.width == pytest.approx(1.6 * IN)
    assert "".join(r.text for r in block.runs) == "Volunteers sorting donations."
    assert all(r.y < image.rect.y0 and r.size < rendered.layout.body_size for r in block.runs)
    assert block.runs[-1].x + block.runs[-1].width == pytest.approx(content.x1, abs=0.5)
    links = PdfFacts(rendered.pdf).links(_page(rendered, PanelRole.INSIDE_RIGHT))
    over = [link for link in links if link.uri == "https://www.example.org/county-help"]
    assert len(over) == 1
    assert over[0].rect == pytest.approx(image.rect.as_tuple(), abs=0.01)


# ---------------------------------------------------------------- panels


def test_valign_bottom_sets_the_content_on_the_panel_foot(office):
    panel = _panel(office, PanelRole.FRONT_COVER)
    assert min(b.rect.y0 for b in panel.blocks) == pytest.approx(panel.geometry.content.y0, abs=0.01)
    assert max(b.rect.y1 for b in panel.blocks) < panel.geometry.content.y1 - 3 * IN


def test_valign_spread_shares_the_room_but_keeps_a_heading_with_its_block(office):
    panel = _panel(office, PanelRole.INSIDE_MIDDLE)
    blocks = panel.blocks
    content = panel.geometry.content
    assert blocks[0].rect.y1 == pytest.approx(content.y1)
    assert blocks[-1].rect.y0 == pytest.approx(content.y0, abs=0.01)
    gaps = [above.rect.y0 - below.rect.y1 for above, below in zip(blocks, blocks[1:])]
    kinds = [b.kind for b in blocks]
    assert kinds == ["heading", "qr", "heading", "qr"]
    assert gaps[0] < 12 and gaps[2] < 12  # heading -> its code: the usual spacing
    assert gaps[1] > 1 * IN  # the room went between the two groups


def test_a_footer_sits_on_the_panel_bottom(office):
    panel = _panel(office, PanelRole.INSIDE_RIGHT)
    footer = panel.blocks[-1]
    assert footer.kind == "paragraph"
    assert footer.rect.y0 == pytest.approx(panel.geometry.content.y0, abs=0.01)
    assert "".join(r.text for r in footer.runs) == "Call 860-550-6632 to volunteer."
    assert any(r.link == "tel:+18605506632" for r in footer.runs)


def test_a_blank_panel_is_left_empty(rendered):
    panel = _panel(rendered, PanelRole.FOLD_IN_BACK)
    assert panel.blocks == ()
    facts = PdfFacts(rendered.pdf)
    rect = panel.geometry.rect
    assert facts.text_in(_page(rendered, PanelRole.FOLD_IN_BACK), rect.x0, rect.x1) == ""


def test_a_line_break_in_the_data_starts_a_new_line(office, folder):
    title = _blocks(office, PanelRole.FRONT_COVER, "heading")[0]
    assert [r.text.strip() for r in title.runs] == ["Riverside", "Food Pantry"]
    assert title.runs[0].y > title.runs[1].y and title.runs[0].x == title.runs[1].x
    # Each line is judged on its own for the title size: the design's size, not shrunk as one long word.
    assert {r.size for r in title.runs} == {office.edition.design.type.title_size}
    address = _blocks(office, PanelRole.INSIDE_LEFT, "paragraph")[0]
    assert [r.text.strip() for r in address.runs] == ["Riverside Food Pantry", "12 Mill Street"]
    edition, _ = load_edition(folder / "en.yaml")
    assert plain_text(edition.panel(PanelRole.INSIDE_LEFT).blocks[2].text) == "Riverside Food Pantry\n12 Mill Street"


# ---------------------------------------------------------------- mistakes in these blocks


def _edited(tmp_path: Path, old: str, new: str) -> Path:
    assert old in PANTRY_EDITION
    return write_pantry(tmp_path / "pantry", PANTRY_EDITION.replace(old, new, 1))


def _line(path: Path, needle: str) -> int:
    return next(n for n, line in enumerate(path.read_text().splitlines(), 1) if needle in line)


@pytest.mark.parametrize(
    ("old", "new", "needle", "message"),
    [
        ("        size: 0.8in\n", "        size: 0.5in\n", "size: 0.5in", "a QR code of 0.5in is too small to scan"),
        ("        size: 0.8in\n", "        size: 3.5in\n", "qr: pantry_text", "wide with its quiet zone"),
        ("      - qr: pantry_text\n", "      - qr: pantri\n", "qr: pantri", "no contact 'pantri'"),
        ("        field: phone\n", "        field: text\n", "field: text", "contact 'pantry' has no 'text'"),
        ("        field: phone\n", "        field: fax\n", "field: fax", "expected one of (url, phone"),
        ("            - [Monday, 9am to 5pm]\n", "            - [Monday]\n", "[Monday]", "this one has 1"),
        ("            - [South, 3 Elm Avenue, Sat]\n", "            - [South, Sat]\n", "[South, Sat]", "has 2 cells"),
        ("            - [Monday, 9am to 5pm]\n", '            - [Monday, ""]\n', "[Monday", "an empty table cell"),
        ("        link: county\n", "        link: countie\n", "link: countie", "did you mean 'county'"),
        ("        align: right\n", "        align: middle\n", "align: middle", "expected one of (left, center, right)"),
        ("    blank: true\n", "    blank: true\n    blocks:\n      - paragraph: x\n", "blank: true", "is blank: true"),
        ("    blank: true\n", "    blocks: []\n", "blocks: []", "panel 'fold_in_back' is empty"),
        ("    valign: spread\n", "    valign: spread\n    align: center\n", "align: center", "not both"),
        ("            - [Monday, 9am to 5pm]\n", '            - [Monday, "🚨"]\n', "[Monday", "U+1F6A8"),
    ],
)
def test_a_mistake_in_a_new_block_is_a_located_error(tmp_path, old, new, needle, message):
    path = _edited(tmp_path, old, new)
    status, out, err = run(path, "--check")
    assert status == 1, err
    assert message in err, err
    assert "Traceback" not in err
    located = re.search(rf"{re.escape(path.name)}:(\d+):\d+: error: [^\n]*{re.escape(message)}", err)
    assert located, err
    assert int(located.group(1)) in (_line(path, needle), _line(path, needle) - 1), err


def test_a_table_that_does_not_fit_is_the_usual_overflow_error(tmp_path):
    rows = "".join(f"            - [Row {i}, Some opening hours that take room]\n" for i in range(40))
    path = _edited(tmp_path, "            - [Monday, 9am to 5pm]\n", rows)
    status, _, err = run(path, "--check")
    assert status == 1 and "panel 'inside_left' does not fit" in err, err


def test_preflight_checks_the_link_over_a_qr_code_and_an_image(office):
    from dataclasses import replace

    from brochure.preflight import preflight

    def retarget(block):
        return replace(block, links=tuple(replace(link, target="https://wrong.example") for link in block.links))

    layout = office.layout
    wrong = replace(layout, panels=tuple(replace(p, blocks=tuple(map(retarget, p.blocks))) for p in layout.panels))
    messages = [e.message for e in preflight(wrong, office.pdf).errors]
    assert sum("should link to https://wrong.example" in m for m in messages) == 4, messages
    assert any(m.startswith("the QR code should link") for m in messages)
    assert any(m.startswith("the image should link") for m in messages)
    assert not preflight(layout, office.pdf).errors


# ---------------------------------------------------------------- SVG logos


def test_an_svg_logo_is_drawn_as_vector_where_the_layout_put_it(rendered):
    (block,) = _blocks(rendered, PanelRole.FRONT_COVER, "image")
    (logo,) = block.images
    assert logo.path.name == "logo.svg"
    assert logo.rect.width == pytest.approx(1.2 * IN) and logo.rect.height == pytest.approx(0.6 * IN)
    page = _page(rendered, PanelRole.FRONT_COVER)
    # The only picture on the page is the cover's background photo: the logo is not a bitmap.
    assert [image.image.size for image in PdfReader(io.BytesIO(rendered.pdf)).pages[page - 1].images] == [(1200, 2700)]
    # The logo's orange disc is painted where the layout placed the logo (the circle: centre 1/4 across).
    side = rendered.layout.plan.sides[page - 1]
    image = render_sides(rendered.pdf)[page - 1]
    scale = PROOF_DPI / 72
    x = logo.rect.x0 + logo.rect.width / 4
    y = logo.rect.y0 + logo.rect.height / 2
    pixel = image.getpixel((round(x * scale), round((side.media.height - y) * scale)))
    # The press edition paints the orange in CMYK (through the profile): as close as a round trip allows.
    assert max(abs(a - b) for a, b in zip(pixel, (0xD9, 0x82, 0x2B))) <= 3, pixel


@pytest.mark.parametrize(
    ("svg", "message"),
    [
        ('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><rect', "is not a readable SVG file (line 1"),
        (
            '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10">\n<text x="1" y="5">Hi</text></svg>',
            "uses <text> (line 2), which cannot be drawn as vector here",
        ),
        (
            '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><image href="a.png"/></svg>',
            "uses <image>",
        ),
        (
            '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><rect filter="url(#f)"/></svg>',
            "uses filter=",
        ),
        ("<html><body/></html>", "is not an SVG drawing"),
    ],
)
def test_a_broken_or_unsupported_svg_is_a_located_error(tmp_path, svg, message):
    path = write_pantry(tmp_path / "pantry")
    (path.parent / "logo.svg").write_text(svg, encoding="utf-8")
    status, _, err = run(path, "--check")
    assert status == 1 and "Traceback" not in err, err
    line = _line(path, "image: logo.svg")
    assert re.search(rf"en\.yaml:{line}:\d+: error: 'logo\.svg' [^\n]*{re.escape(message)}", err), err


# ---------------------------------------------------------------- panel background photos


def test_a_background_photo_covers_the_panel_and_runs_into_the_bleed_in_press(folder):
    office = render(Job(folder / "en.yaml", "letter", OutputKind.OFFICE))
    press = render(Job(folder / "en.yaml", "letter", OutputKind.PRESS))
    for rendered in (office, press):
        panel = _panel(rendered, PanelRole.FRONT_COVER)
        photo = panel.background_image
        assert photo is not None and photo.clip == panel.geometry.paint
        # Cropped to cover: the photo is at least as large as the panel both ways, its aspect kept (1200 x 2700).
        assert photo.rect.x0 <= photo.clip.x0 + 1e-6 and photo.rect.x1 >= photo.clip.x1 - 1e-6
        assert photo.rect.y0 <= photo.clip.y0 + 1e-6 and photo.rect.y1 >= photo.clip.y1 - 1e-6
        assert photo.rect.width / photo.rect.height == pytest.approx(1200 / 2700)
        # The overlay made the panel dark: its text is light.
        assert {r.color.hex for b in panel.blocks for r in b.runs} == {"#FFFFFF"}
    trim = press.layout.plan.trim
    paint = _panel(press, PanelRole.FRONT_COVER).geometry.paint
    assert paint.x1 > trim.x1 and paint.y0 < trim.y0 and paint.y1 > trim.y1  # into the bleed
    # In the press proof, the bleed beyond the trim is painted with the tinted photo, not left white.
    side = press.layout.plan.sides[_page(press, PanelRole.FRONT_COVER) - 1]
    image = render_sides(press.pdf)[side.page_number - 1]
    scale = PROOF_DPI / 72
    x = (trim.x1 + paint.x1) / 2
    y = (trim.y0 + paint.y0) / 2
    r, g, b = image.getpixel((round(x * scale), round((side.media.height - y) * scale)))
    assert (r, g, b) != (255, 255, 255) and g > r  # the green field under the brand tint
    assert "image_ppi" in press.preflight.facts and min(press.preflight.facts["image_ppi"]) >= 150


def test_a_background_photo_too_small_for_its_painted_size_is_an_error(tmp_path):
    path = write_pantry(tmp_path / "pantry")
    cover_photo(200, 450).save(path.parent / "cover.jpg")
    status, _, err = run(path, "--out-dir", tmp_path)
    assert status == 1, err
    line = _line(path, "background: cover.jpg")
    assert re.search(rf"en\.yaml:{line}:\d+: error: image cover\.jpg prints at \d+ ppi \(below 150\)", err), err


@pytest.mark.parametrize(
    ("old", "new", "needle", "message"),
    [
        ("    overlay: brand 60%\n", "    overlay: brand lots\n", "overlay:", "expected a colour and a percentage"),
        ("    overlay: brand 60%\n", "    overlay: brnd\n", "overlay:", "unknown colour"),
        ("    background: cover.jpg\n", "    background: brand\n", "overlay:", "this panel has none"),
        ("    background: cover.jpg\n", "    background: covers.jpg\n", "covers.jpg", "image not found: covers.jpg"),
    ],
)
def test_a_mistake_in_a_background_photo_is_located(tmp_path, old, new, needle, message):
    path = _edited(tmp_path, old, new)
    status, _, err = run(path, "--check")
    assert status == 1 and message in err, err
    assert f"en.yaml:{_line(path, needle)}:" in err, err


# ---------------------------------------------------------------- translations of the new blocks


def _spanish(edition: str) -> str:
    return (
        edition.replace("language: en-US\n", "language: es-US\nsource: en\n")
        .replace("review:\n  status: source\n", "review:\n  status: draft\nlabels:\n  draft_notice: Borrador\n")
        .replace("[Day, Hours]", "[Día, Horario]")
        .replace("Opens our web site", "Abre nuestra web")
        .replace("Volunteers sorting donations.", "Voluntarios con las donaciones.")
    )


def test_a_translation_keeps_the_tables_qr_codes_and_footer_of_its_source(tmp_path):
    path = write_pantry(tmp_path / "pantry")
    spanish = path.parent / "es.yaml"
    spanish.write_text(_spanish(PANTRY_EDITION), encoding="utf-8")
    status, _, err = run(spanish, "--check")
    assert status == 0, err
    # A footer block only the translation has (`local: true`) is not a mismatch.
    local = "      - paragraph: Se habla español.\n        local: true\n"
    footer = "    footer:\n      - paragraph: Call {pantry} to volunteer.\n"
    spanish.write_text(_spanish(PANTRY_EDITION.replace(footer, footer + local)), encoding="utf-8")
    status, _, err = run(spanish, "--check")
    assert status == 0 and "Se habla" not in err, err
    status, _, err = run(spanish, "--review", "--out-dir", tmp_path)  # the review sheet sets every cell
    assert status == 0 and (tmp_path / "pantry-es-review.pdf").exists(), err
    review = PdfFacts((tmp_path / "pantry-es-review.pdf").read_bytes())
    text = squash("".join(review.text_in(n, 0, 10_000) for n in range(1, len(review.pages) + 1)))
    assert "Día" in text and "Horario" in text and squash("Abre nuestra web") in text
    # A row left out of a table, a QR code of another field, a footer dropped: each is named.
    for old, new, message in [
        ("            - [Wednesday, 9am to 7pm]\n", "", "does not match the source"),
        ("        field: phone\n", "        field: url\n", "does not match the source"),
        ("    footer:\n      - paragraph: Call {pantry} to volunteer.\n", "", "missing here"),
    ]:
        assert old in PANTRY_EDITION
        spanish.write_text(_spanish(PANTRY_EDITION.replace(old, new)), encoding="utf-8")
        status, _, err = run(spanish, "--check")
        assert status == 1 and message in err, (old, err)


def _with_divider(folder: Path, options: str) -> Path:
    """The CT brochure's English edition with a divider under the inside-left panel's heading."""
    en = folder / "en.yaml"
    edit(en, "      - heading: What is human trafficking?\n", "      - heading: What is human trafficking?\n" + options)
    return en


def test_a_divider_is_a_rule_of_its_weight_colour_width_and_place(brochure_copy):
    options = "      - divider: 2pt\n        color: brand\n        width: 1in\n        align: center\n"
    en = _with_divider(brochure_copy, options)
    result = render(Job(en, "letter", OutputKind.OFFICE))
    assert not result.preflight.errors, result.preflight.errors  # tagged as an artifact, inside the panel, ...
    panel = result.layout.panel(PanelRole.INSIDE_LEFT)
    heading, divider = panel.blocks[0], panel.blocks[1]
    assert (heading.kind, divider.kind) == ("heading", "divider")
    assert divider.source.line == line_of(en, "- divider: 2pt")
    (rule,) = divider.rules
    content = panel.geometry.content
    assert rule.rect.x1 - rule.rect.x0 == pytest.approx(IN) and rule.rect.y1 - rule.rect.y0 == pytest.approx(2.0)
    assert (rule.rect.x0 + rule.rect.x1) / 2 == pytest.approx((content.x0 + content.x1) / 2)  # centred
    assert rule.rect.y1 < heading.rect.y0  # under the heading
    # Read back from the PDF's pixels: brand navy across the rule's middle, paper beside it.
    scale = 4
    page = pypdfium2.PdfDocument(result.pdf)[1]  # the inside of the sheet
    image = page.render(scale=scale).to_pil().convert("RGB")
    height = page.get_height()
    y = round((height - (rule.rect.y0 + rule.rect.y1) / 2) * scale)
    middle = round((rule.rect.x0 + rule.rect.x1) / 2 * scale)
    assert image.getpixel((middle, y)) == (0x14, 0x36, 0x5D)
    assert image.getpixel((round((rule.rect.x0 - 6) * scale), y)) == (255, 255, 255)
    assert image.getpixel((round((rule.rect.x1 + 6) * scale), y)) == (255, 255, 255)


def test_a_divider_defaults_to_the_accent_colour_across_the_column_and_its_mistakes_are_located(brochure_copy):
    en = _with_divider(brochure_copy, "      - divider: 1pt\n")
    layout = layout_of(en)
    panel = layout.panel(PanelRole.INSIDE_LEFT)
    (rule,) = panel.blocks[1].rules
    assert rule.color == layout.edition.design.colors["accent"]
    content = panel.geometry.content
    assert rule.rect.x0 == pytest.approx(content.x0) and rule.rect.x1 == pytest.approx(content.x1)
    edit(en, "      - divider: 1pt\n", "      - divider: 9pt\n        colour: brand\n")
    errors = errors_of(en)
    assert any("divider" in e and "9pt" in e and f":{line_of(en, 'divider: 9pt')}:" in e for e in errors), errors
    assert any("unknown key 'colour'" in e and "did you mean 'color'" in e for e in errors), errors


def test_an_svg_logo_is_measured_once_at_load_and_drawn_as_checked(tmp_path):
    """The layout and draw stages use the logo's size and version read at load, never the file again."""
    folder = tmp_path / "pantry"
    write_pantry(folder)
    job = Job(folder / "en.yaml", "letter", OutputKind.OFFICE)
    edition, _ = load_edition(job.edition_path)
    logo = folder / "logo.svg"
    logo.write_text(logo.read_text(encoding="utf-8").replace('viewBox="0 0 120 60"', 'viewBox="0 0 120 120"'))
    layout = render(job, edition).layout
    [placed] = [i for p in layout.panels for b in p.blocks for i in b.images if i.path.name == "logo.svg"]
    assert placed.vector is not None and (placed.vector.width, placed.vector.height) == (90.0, 45.0)  # 120 x 60 px
    assert placed.rect.height == pytest.approx(placed.rect.width / 2)  # the proportions checked at load
    assert load_edition(job.edition_path)[0] != edition  # a new load reads the changed file
