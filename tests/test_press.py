"""The press edition paints in CMYK for a print shop; the office and screen editions stay sRGB.

Each preflight rule of the press edition is broken on purpose here, and must be reported.
"""

from __future__ import annotations

import io
import re

import pytest
from helpers import EN, ROOT, edit, run
from PIL import Image
from pypdf import PdfReader
from pypdf.generic import ContentStream
from reportlab.lib.utils import ImageReader

from brochure import draw as draw_module
from brochure.draw import draw
from brochure.fold import OutputKind
from brochure.images import embeddable
from brochure.inks import BUNDLED_CONDITION, cmyk_to_srgb, is_near_black, lightness_chroma, press_cmyk
from brochure.model import Color
from brochure.paint import Paint
from brochure.pdffile import PdfDocument
from brochure.pdfobjects import dictionary, stream
from brochure.pipeline import Job, render
from brochure.pressflight import image_pixels
from brochure.proofs import render_sides

COLOUR_OPERATORS = {b"rg", b"RG", b"k", b"K", b"g", b"G", b"cs", b"CS", b"sc", b"SC", b"scn", b"SCN"}


def operations(pdf: bytes):
    """(page number, operands, operator) of every content stream operation."""
    reader = PdfReader(io.BytesIO(pdf))
    for number, page in enumerate(reader.pages, start=1):
        for operands, operator in ContentStream(page.get_contents(), reader).operations:
            yield number, operands, operator


def messages(report) -> str:
    return "\n".join(f.format() for f in report.findings)


def test_press_paints_in_cmyk_only_and_office_and_screen_in_rgb_only(office_letter, press_letter):
    press = {op for _, _, op in operations(press_letter.pdf) if op in COLOUR_OPERATORS}
    assert press == {b"k", b"K"}
    office = {op for _, _, op in operations(office_letter.pdf) if op in COLOUR_OPERATORS}
    assert office == {b"rg"}
    screen = render(Job(EN, "letter", OutputKind.SCREEN))
    assert {op for _, _, op in operations(screen.pdf) if op in COLOUR_OPERATORS} == {b"rg"}
    for rendered in (office_letter, screen):
        reader = PdfReader(io.BytesIO(rendered.pdf))
        assert "/OutputIntents" not in reader.trailer["/Root"]
        assert all("/ExtGState" not in page["/Resources"] for page in reader.pages)  # no overprint, nothing


def test_office_colours_are_the_hex_values_as_before(office_letter):
    fills = {tuple(float(v) for v in operands) for _, operands, op in operations(office_letter.pdf) if op == b"rg"}
    navy = tuple(round(int("14365D"[i : i + 2], 16) / 255, 6) for i in (0, 2, 4))
    assert any(all(abs(a - b) < 1e-4 for a, b in zip(fill, navy)) for fill in fills)


def test_near_black_body_text_prints_in_black_ink_alone_and_overprints(press_letter):
    reader = PdfReader(io.BytesIO(press_letter.pdf))
    states = reader.pages[1]["/Resources"]["/ExtGState"]
    fill = overprint = mode = None
    black_text = 0
    for page, operands, op in operations(press_letter.pdf):
        if page != 2:
            continue
        if op == b"k":
            fill = tuple(float(v) for v in operands)
        elif op == b"gs":
            state = states[operands[0]]
            overprint = state.get("/op", overprint)
            mode = state.get("/OPM", mode)
        elif op == b"Tj" and fill == (0, 0, 0, 1):
            black_text += 1
            assert bool(overprint) and mode == 1
    assert black_text > 50  # the body text of the inside
    assert press_cmyk(Color("#1A1A1A"), text=True) == (0, 0, 0, 1)


def test_near_black_is_dark_and_nearly_grey():
    assert is_near_black(Color("#1A1A1A")) and is_near_black(Color("#333333")) and is_near_black(Color("#000000"))
    assert not is_near_black(Color("#444444"))  # L* 28.9: a dark grey, printed as grey
    assert not is_near_black(Color("#14365D"))  # the brand navy is a colour
    assert not is_near_black(Color("#2A1010"))  # a very dark red is still red
    lightness, chroma = lightness_chroma(Color("#FFFFFF"))
    assert abs(lightness - 100) < 0.01 and chroma < 0.05


def test_colours_without_cmyk_go_through_the_profile_and_given_cmyk_is_used_as_written(brochure_copy):
    navy = press_cmyk(Color("#14365D"))
    assert navy == (0.8, 0.53, 0.08, 0.58)  # LittleCMS through the bundled profile, whole percent
    assert press_cmyk(Color("#FFFFFF")) == (0, 0, 0, 0)
    assert sum(press_cmyk(Color("#000000"))) * 100 <= 300  # the profile's own ink limit
    edit(brochure_copy / "brochure.yaml", 'brand: "#14365D"', 'brand: {rgb: "#14365D", cmyk: [100, 75, 20, 30]}')
    rendered = render(Job(brochure_copy / "en.yaml", "letter", OutputKind.PRESS))
    fills = {tuple(float(v) for v in operands) for _, operands, op in operations(rendered.pdf) if op == b"k"}
    assert (1, 0.75, 0.2, 0.3) in fills and (0.8, 0.53, 0.08, 0.58) not in fills
    office = render(Job(brochure_copy / "en.yaml", "letter"))
    assert office.edition.design.colors["brand"].hex == "#14365D"  # the office edition keeps the hex


def test_the_press_file_carries_an_output_intent_with_the_bundled_profile(press_letter):
    reader = PdfReader(io.BytesIO(press_letter.pdf))
    [intent] = reader.trailer["/Root"]["/OutputIntents"]
    intent = intent.get_object()
    assert intent["/S"] == "/GTS_PDFX" and intent["/OutputConditionIdentifier"] == "CGATS TR 001"
    assert intent["/RegistryName"] == "http://www.color.org"
    profile = intent["/DestOutputProfile"].get_object()
    assert profile["/N"] == 4 and profile.get_data() == BUNDLED_CONDITION.profile.read_bytes()
    # No PDF/X claim: the file is not checked against all of PDF/X-4, so it must not say it is.
    assert "/GTS_PDFXVersion" not in reader.trailer["/Info"] and b"pdfxid" not in press_letter.pdf
    assert press_letter.preflight.facts["output_intent"] == "CGATS TR 001"


def test_crop_and_fold_marks_are_in_registration_colour(press_letter):
    strokes = {tuple(float(v) for v in operands) for _, operands, op in operations(press_letter.pdf) if op == b"K"}
    assert strokes == {(1, 1, 1, 1)}


def test_the_seed_press_edition_is_within_the_ink_limit(press_letter):
    facts = press_letter.preflight.facts
    assert facts["rgb_operations"] == 0 and facts["ink_limit_percent"] == 300
    assert 150 < facts["max_ink_percent"] <= 300


# ---------------------------------------------------------------- each rule, broken


def test_rgb_in_the_press_file_is_an_error(monkeypatch):
    monkeypatch.setattr(Paint, "color", lambda self, color, text=False: draw_module.rl_color(color))
    text = messages(render(Job(EN, "letter", OutputKind.PRESS)).preflight)
    assert "RGB colour in the press file (page 1: 0.078431 0.211765 0.364706 rg)" in text


def test_a_fill_over_the_ink_limit_is_an_error(brochure_copy):
    edit(brochure_copy / "brochure.yaml", "bleed: 0.125in", "bleed: 0.125in\nink_limit: 250%")
    edit(
        brochure_copy / "en.yaml",
        "      - spacer: 5pt\n        background: accent\n",
        '      - spacer: 5pt\n        background: "#000000"\n',
    )
    report = render(Job(brochure_copy / "en.yaml", "letter", OutputKind.PRESS)).preflight
    assert "page 1: a fill in C/M/Y/K 69/62/59/94 = 284% ink is over the ink limit of 250%" in messages(report)
    assert report.facts["max_ink_percent"] == 284


def test_black_text_that_knocks_out_is_an_error(monkeypatch):
    monkeypatch.setattr(Paint, "overprints", lambda self, color: False)
    text = messages(render(Job(EN, "letter", OutputKind.PRESS)).preflight)
    assert re.search(r"\d+ pieces of black text do not overprint", text)


def test_a_press_file_without_output_intent_is_an_error(monkeypatch):
    monkeypatch.setattr(draw_module, "add_output_intent", lambda canvas, condition: None)
    text = messages(render(Job(EN, "letter", OutputKind.PRESS)).preflight)
    assert "the press file has no output intent with a CMYK profile" in text


def test_small_text_in_one_ink_gives_no_warning(brochure_copy):
    edit(brochure_copy / "brochure.yaml", 'brand: "#14365D"', 'brand: {rgb: "#14365D", cmyk: [100, 0, 0, 0]}')
    edit(brochure_copy / "brochure.yaml", 'accent: "#C4262E"', 'accent: {rgb: "#C4262E", cmyk: [0, 100, 0, 0]}')
    report = render(Job(brochure_copy / "en.yaml", "letter", OutputKind.PRESS)).preflight
    assert report.errors == [] and report.warnings == []


def _with_image(folder, image: Image.Image, name: str):
    image.save(folder / name, dpi=(300, 300))
    edit(
        folder / "en.yaml",
        "      - spacer: 5pt\n        background: accent\n",
        f"      - image: {name}\n        alt: A test picture\n        width: 0.5in\n",
    )


def test_an_rgb_image_is_converted_to_cmyk_with_its_transparency(brochure_copy):
    picture = Image.new("RGBA", (150, 150), (20, 54, 93, 255))
    picture.paste((0, 0, 0, 0), (0, 0, 75, 150))  # the left half transparent
    _with_image(brochure_copy, picture, "logo.png")
    rendered = render(Job(brochure_copy / "en.yaml", "letter", OutputKind.PRESS))
    assert rendered.preflight.errors == [] and rendered.preflight.facts["press_images"] == 1
    reader = PdfReader(io.BytesIO(rendered.pdf))
    images = [x.get_object() for page in reader.pages for x in page["/Resources"].get("/XObject", {}).values()]
    [image] = [x for x in images if x["/Subtype"] == "/Image"]
    assert image["/ColorSpace"] == "/DeviceCMYK" and "/SMask" in image
    # The same image read by brochure's own reader, which preflight uses: its pixels, the mask not applied.
    ours = [
        stream(x)
        for page in PdfDocument(rendered.pdf).pages
        for x in dictionary(dictionary(page.get("/Resources")).get("/XObject")).values()
    ]
    [own] = [x for x in ours if x is not None and x.get("/Subtype") == "/Image"]
    assert own.data == image.get_data()
    pixel = image_pixels(own).getpixel((140, 10))
    # The same transform as the colours (which are then rounded to whole percent).
    assert all(abs(a - round(b * 255)) <= 2 for a, b in zip(pixel, press_cmyk(Color("#14365D")))), pixel


def test_an_rgb_image_left_in_the_press_file_is_an_error(brochure_copy, monkeypatch):
    _with_image(brochure_copy, Image.new("RGB", (150, 150), (20, 54, 93)), "logo.png")
    monkeypatch.setattr(
        Paint, "image", lambda self, data: ImageReader(embeddable(data))
    )  # the sRGB pixels, unconverted
    text = messages(render(Job(brochure_copy / "en.yaml", "letter", OutputKind.PRESS)).preflight)
    assert "RGB colour in the press file (page 1: an image in /DeviceRGB)" in text


def test_a_cmyk_image_over_the_ink_limit_is_an_error(brochure_copy):
    _with_image(brochure_copy, Image.new("CMYK", (150, 150), (255, 255, 255, 255)), "dark.jpg")
    text = messages(render(Job(brochure_copy / "en.yaml", "letter", OutputKind.PRESS)).preflight)
    assert "page 1: an image with pixels of 400% ink is over the ink limit of 300%" in text


def test_a_greyscale_image_stays_greyscale(brochure_copy):
    _with_image(brochure_copy, Image.new("L", (150, 150), 128), "grey.png")
    rendered = render(Job(brochure_copy / "en.yaml", "letter", OutputKind.PRESS))
    assert rendered.preflight.errors == []
    assert b"/DeviceGray" in rendered.pdf and rendered.preflight.facts["max_ink_percent"] >= 49.8


# ---------------------------------------------------------------- soft proof


def test_the_press_proof_shows_the_inks_through_the_profile(press_letter):
    proof = draw(press_letter.layout, soft_proof=True)
    assert {op for _, _, op in operations(proof) if op in COLOUR_OPERATORS} == {b"rg", b"RG"}
    [outside, _] = render_sides(proof, 36)
    plan = press_letter.layout.plan
    cover = plan.sides[0].panels[-1].rect  # front cover: the navy panel
    pixel = outside.getpixel((round((cover.x0 + 20) / 2), round((plan.page_height - cover.y0 - 20) / 2)))
    expected = tuple(round(v * 255) for v in cmyk_to_srgb(press_cmyk(Color("#14365D"))))
    assert all(abs(a - b) <= 2 for a, b in zip(pixel, expected)), (pixel, expected)
    assert pixel != (0x14, 0x36, 0x5D)  # not the screen colour: the press's
    assert proof != press_letter.pdf and b"/OutputIntents" not in proof


@pytest.mark.parametrize("paper", ["letter", "a4"])
def test_press_proof_pngs_on_the_command_line(tmp_path, paper):
    status, _, err = run(EN, "--press", "--paper", paper, "--png", "-o", tmp_path / "shop.pdf")
    assert status == 0, err
    assert (tmp_path / "shop-outside.png").exists() and (tmp_path / "shop-folded.png").exists()


def test_the_press_edition_is_byte_identical_in_a_fresh_process(press_letter):
    """The ICC transforms (LittleCMS) and the converted images are as deterministic as the rest."""
    import hashlib
    import os
    import subprocess
    import sys

    script = (
        "import sys, hashlib; sys.path.insert(0, '.');"
        "from brochure.pipeline import Job, render; from brochure.fold import OutputKind;"
        f"print(hashlib.sha256(render(Job(__import__('pathlib').Path({str(EN)!r}), 'letter', OutputKind.PRESS))"
        ".pdf).hexdigest())"
    )
    env = dict(os.environ, PYTHONHASHSEED="54321")
    fresh = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True, check=True
    )
    assert fresh.stdout.strip() == hashlib.sha256(press_letter.pdf).hexdigest()


# ---------------------------------------------------------------- a shop's own printing condition


def test_a_shop_profile_and_condition_replace_the_bundled_ones(brochure_copy):
    shop = brochure_copy / "fogra39-shop.icc"
    shop.write_bytes(BUNDLED_CONDITION.profile.read_bytes())  # any CMYK printer profile will do here
    edit(
        brochure_copy / "brochure.yaml",
        "bleed: 0.125in",
        "bleed: 0.125in\npress_profile: fogra39-shop.icc\nprinting_condition: FOGRA39",
    )
    rendered = render(Job(brochure_copy / "en.yaml", "a4", OutputKind.PRESS))
    assert rendered.preflight.errors == [] and rendered.preflight.facts["output_intent"] == "FOGRA39"
    [intent] = PdfReader(io.BytesIO(rendered.pdf)).trailer["/Root"]["/OutputIntents"]
    intent = intent.get_object()
    assert intent["/OutputConditionIdentifier"] == "FOGRA39" and intent["/RegistryName"] == "http://www.color.org"
    assert "fogra39-shop.icc" in intent["/Info"]
    assert intent["/DestOutputProfile"].get_object().get_data() == shop.read_bytes()


def test_an_unregistered_condition_names_no_registry(brochure_copy):
    (brochure_copy / "shop.icc").write_bytes(BUNDLED_CONDITION.profile.read_bytes())
    edit(brochure_copy / "brochure.yaml", "bleed: 0.125in", "bleed: 0.125in\npress_profile: shop.icc")
    rendered = render(Job(brochure_copy / "en.yaml", "letter", OutputKind.PRESS))
    [intent] = PdfReader(io.BytesIO(rendered.pdf)).trailer["/Root"]["/OutputIntents"]
    assert intent.get_object()["/OutputConditionIdentifier"] == "Custom"
    assert "/RegistryName" not in intent.get_object()


def test_profiles_that_cannot_be_the_press_profile(tmp_path):
    from PIL import ImageCms

    from brochure.inks import profile_problem

    srgb = tmp_path / "srgb.icc"
    srgb.write_bytes(ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes())
    assert profile_problem(srgb) == "is a profile for RGB, not for CMYK printing"
    text = tmp_path / "notes.icc"
    text.write_text("not a profile")
    assert profile_problem(text) == "is not an ICC colour profile"
    assert profile_problem(BUNDLED_CONDITION.profile) == ""


def test_a_printing_condition_without_a_profile_is_an_error(brochure_copy):
    edit(brochure_copy / "brochure.yaml", "bleed: 0.125in", "bleed: 0.125in\nprinting_condition: FOGRA39")
    status, _, err = run(brochure_copy / "en.yaml", "--check")
    assert status == 1
    assert "brochure.yaml:8:21: error: printing_condition needs press_profile:" in err, err


def test_colour_spaces_other_than_cmyk_and_grey_count_as_rgb():
    from brochure.pressflight import CMYK_SPACES, _describe_space

    assert _describe_space("/DeviceCMYK") in CMYK_SPACES
    assert _describe_space(["/ICCBased", {"/N": 4}]) == "/DeviceCMYK"
    assert _describe_space(["/ICCBased", {"/N": 3}]) == "/ICCBased with 3 components"
    assert _describe_space(["/Indexed", "/DeviceRGB", 255, b""]) == "/Indexed on /DeviceRGB"
    assert _describe_space(["/Indexed", "/DeviceCMYK", 255, b""]) == "/DeviceCMYK"
    assert _describe_space(["/Separation", "/Gold", "/DeviceCMYK", {}]) == "/Separation"
    assert _describe_space(["/Separation", "/Gold", "/DeviceRGB", {}]) == "/Separation on /DeviceRGB"
    assert _describe_space(["/CalRGB", {}]) == "/CalRGB" and "/CalRGB" not in CMYK_SPACES
