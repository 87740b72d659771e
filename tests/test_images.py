"""Images: decoded completely at load, normalised before ReportLab sees them, and compared with the PDF by preflight.

Every test image is made here with Pillow, in a temporary folder: none is committed.
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pypdfium2
import pytest
from helpers import edit, encoded, errors_of, gradient, line_of, png_header_only
from PIL import Image as PILImage

from brochure import imagecheck, images
from brochure.fold import OutputKind
from brochure.images import MAX_IMAGE_PIXELS, normalize, pil_image, read_image
from brochure.load import load_edition
from brochure.model import Image, PanelRole
from brochure.pipeline import Job, render

SPACER = "      - spacer: 5pt\n        background: accent\n"


def place(folder: Path, picture: bytes, name: str = "logo.png", width: str = "1.5in") -> Path:
    """Write `picture` into the brochure copy and put it on the front cover, `width` wide; return the edition."""
    (folder / name).write_bytes(picture)
    edit(folder / "en.yaml", SPACER, f"      - image: {name}\n        alt: A test picture\n        width: {width}\n")
    return folder / "en.yaml"


def sixteen_bit_grey(size=(400, 300)) -> PILImage.Image:
    ramp = PILImage.linear_gradient("L").rotate(90).resize(size).convert("I")  # dark to light across
    return ramp.point(lambda value: value * 257).convert("I;16")  # 0..65535, as a 16-bit scanner writes it


def difference_in_pdf(rendered) -> float:
    """How far the image on the front cover of the PDF is from its decoded file (0-255, cell averages)."""
    panel = rendered.layout.panel(PanelRole.FRONT_COVER)
    block, image = next((block, image) for block in panel.blocks for image in block.images)
    document = pypdfium2.PdfDocument(rendered.pdf)
    try:
        page = document[rendered.layout.plan.page_of(PanelRole.FRONT_COVER) - 1]
        return imagecheck.image_difference(page, image, imagecheck.backdrop(panel, block, image))
    finally:
        document.close()


# ---------------------------------------------------------------- what ReportLab used to mis-embed


PICTURES = {
    "16-bit grey PNG": lambda: encoded(sixteen_bit_grey()),
    "8-bit RGB PNG": lambda: encoded(gradient()),
    "RGBA PNG": lambda: encoded(_with_alpha(gradient())),
    "palette PNG with a transparent colour": lambda: encoded(_palette_with_transparency()),
    "1-bit PNG": lambda: encoded(gradient().convert("1")),
    "grey JPEG": lambda: encoded(gradient().convert("L"), "JPEG", quality=95),
    "RGB JPEG": lambda: encoded(gradient(), "JPEG", quality=95),
    "CMYK JPEG": lambda: encoded(gradient().convert("CMYK"), "JPEG", quality=95),
    "JPEG turned by EXIF": lambda: _exif_rotated_jpeg(),
}


def _with_alpha(image: PILImage.Image) -> PILImage.Image:
    rgba = image.convert("RGBA")
    rgba.putalpha(PILImage.linear_gradient("L").resize(image.size).rotate(90).resize(image.size))
    return rgba


def _palette_with_transparency() -> PILImage.Image:
    palette = gradient().quantize(16)
    palette.info["transparency"] = 0
    return palette


def _exif_rotated_jpeg() -> bytes:
    # Stored lying on its side, with orientation 6 ("turn 90 degrees clockwise to show"), as phones do.
    stored = gradient().transpose(PILImage.Transpose.ROTATE_90)
    exif = PILImage.Exif()
    exif[0x0112] = 6
    return encoded(stored, "JPEG", quality=95, exif=exif.tobytes())


@pytest.mark.parametrize("kind", PICTURES)
def test_every_kind_of_image_prints_as_it_looks(kind, brochure_copy):
    edition = place(brochure_copy, PICTURES[kind]())
    rendered = render(Job(edition, "letter", OutputKind.OFFICE))
    assert not rendered.preflight.errors, [f.format() for f in rendered.preflight.errors]
    assert difference_in_pdf(rendered) < 6, kind
    assert rendered.preflight.facts["image_difference"] == [round(difference_in_pdf(rendered), 1)]


@pytest.mark.parametrize("kind", [OutputKind.PRESS, OutputKind.SCREEN])
def test_images_are_compared_in_the_press_and_screen_editions_too(kind, brochure_copy):
    edition = place(brochure_copy, encoded(_with_alpha(gradient())))
    rendered = render(Job(edition, "letter", kind))
    assert not rendered.preflight.errors, [f.format() for f in rendered.preflight.errors]
    (difference,) = rendered.preflight.facts["image_difference"]
    assert difference < 6


def test_sixteen_bit_grey_is_scaled_to_eight_bits_not_clipped():
    grey = normalize(sixteen_bit_grey((256, 1)))
    assert grey.mode == "L"
    values = sorted(grey.tobytes())
    assert values[0] == 0 and values[-1] == 255 and 120 <= values[128] <= 135  # the old convert gave 255 from 1


def test_exif_orientation_turns_the_pixels(tmp_path):
    path = tmp_path / "photo.jpg"
    path.write_bytes(_exif_rotated_jpeg())
    data = read_image(path, "photo.jpg")
    assert (data.width, data.height) == (400, 300)  # stored 300 x 400, shown as the camera saw it
    assert data.jpeg == b""  # turned pixels are embedded, not the file's bytes


def test_palette_transparency_becomes_an_alpha_channel(tmp_path):
    path = tmp_path / "logo.png"
    path.write_bytes(encoded(_palette_with_transparency()))
    data = read_image(path, "logo.png")
    assert data.file_mode == "P" and data.mode == "RGBA"
    assert pil_image(data).getchannel("A").getextrema() == (0, 255)


def test_a_plain_jpeg_is_embedded_as_its_own_bytes(tmp_path):
    path = tmp_path / "photo.jpg"
    path.write_bytes(encoded(gradient(), "JPEG", quality=90))
    data = read_image(path, "photo.jpg")
    assert data.jpeg == path.read_bytes()
    assert (data.format, data.file_mode, data.mode, data.width, data.height) == ("JPEG", "RGB", "RGB", 400, 300)


def test_image_facts_are_read_once_into_the_model(brochure_copy):
    edition, _ = load_edition(place(brochure_copy, encoded(sixteen_bit_grey())))
    image = next(b for b in edition.panel(PanelRole.FRONT_COVER).blocks if isinstance(b, Image))
    assert (image.data.width, image.data.height, image.data.file_mode, image.data.mode) == (400, 300, "I;16", "L")


# ---------------------------------------------------------------- preflight compares what it drew with the file


def test_preflight_fails_an_image_that_prints_as_a_blank_box(brochure_copy, monkeypatch):
    # The old behaviour: ReportLab given the raw 16-bit image clips it to white.
    monkeypatch.setattr(images, "embeddable", lambda data: pil_image(data).point(lambda v: 255))
    monkeypatch.setattr("brochure.paint.embeddable", images.embeddable)
    edition = place(brochure_copy, encoded(sixteen_bit_grey()))
    rendered = render(Job(edition, "letter", OutputKind.OFFICE))
    messages = [f.format() for f in rendered.preflight.errors]
    assert any("image logo.png does not print as it looks" in m for m in messages), messages
    line = line_of(edition, "- image: logo.png")
    assert any(f"en.yaml:{line}:" in m for m in messages), messages


def test_preflight_fails_an_image_whose_lower_part_prints_grey(brochure_copy, monkeypatch):
    # What a cut-short JPEG printed: the top as it is, the lower 60 % grey.
    def truncated(data):
        picture = pil_image(data).convert("RGB")
        picture.paste((128, 128, 128), (0, int(picture.height * 0.4), picture.width, picture.height))
        return picture

    monkeypatch.setattr("brochure.paint.embeddable", truncated)
    rendered = render(Job(place(brochure_copy, encoded(gradient())), "letter", OutputKind.OFFICE))
    assert any("does not print as it looks" in f.message for f in rendered.preflight.errors)


def test_preflight_fails_a_posterised_image(brochure_copy, monkeypatch):
    monkeypatch.setattr("brochure.paint.embeddable", lambda data: pil_image(data).convert("RGB").quantize(2))
    rendered = render(Job(place(brochure_copy, encoded(gradient())), "letter", OutputKind.OFFICE))
    assert any("does not print as it looks" in f.message for f in rendered.preflight.errors)


def test_images_are_embedded_deterministically(brochure_copy):
    edition = place(brochure_copy, encoded(_with_alpha(gradient())))
    first = render(Job(edition, "letter", OutputKind.OFFICE)).pdf
    second = render(Job(edition, "letter", OutputKind.OFFICE)).pdf  # loaded and decoded again
    assert first == second
    assert b"/SMask" in first  # the alpha channel went in as a soft mask
    script = (
        "import sys, hashlib, pathlib; sys.path.insert(0, sys.argv[2]);"
        "from brochure.pipeline import Job, render;"
        "print(hashlib.sha256(render(Job(pathlib.Path(sys.argv[1]), 'letter')).pdf).hexdigest())"
    )
    root = Path(__file__).resolve().parent.parent
    fresh = subprocess.run([sys.executable, "-c", script, str(edition), str(root)], capture_output=True, text=True)
    import hashlib

    assert fresh.stdout.strip() == hashlib.sha256(first).hexdigest(), fresh.stderr


# ---------------------------------------------------------------- files that cannot be printed faithfully


@pytest.mark.parametrize("side", [12_000, 30_000])
def test_an_image_over_the_pixel_limit_is_a_located_error_before_decoding(side, brochure_copy, recwarn):
    edition = place(brochure_copy, png_header_only(side, side))
    started = time.perf_counter()
    errors = errors_of(edition)
    assert time.perf_counter() - started < 5
    line = line_of(edition, "- image: logo.png")
    assert any(
        f"en.yaml:{line}:" in e and f"image logo.png is too large: {side:,} x {side:,} pixels" in e for e in errors
    ), errors
    assert not recwarn.list  # Pillow's DecompressionBombWarning used to reach the terminal


def test_the_pixel_limit_is_the_one_the_readme_gives():
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    assert f"{MAX_IMAGE_PIXELS / 1e6:g} megapixels" in readme


@pytest.mark.parametrize(
    "make",
    [
        lambda: encoded(gradient())[: len(encoded(gradient())) // 2],
        lambda: encoded(gradient(), "JPEG", quality=95)[: len(encoded(gradient(), "JPEG", quality=95)) * 2 // 5],
        lambda: png_header_only(400, 300),
        lambda: b"\x89PNG\r\n\x1a\n" + b"\x00" * 20,
        lambda: b"\xff\xd8\xff",
    ],
    ids=["PNG cut short", "JPEG cut short (60 % missing)", "PNG with too little data", "PNG header only", "JPEG SOI"],
)
def test_a_damaged_image_is_a_located_error_naming_it(make, brochure_copy):
    edition = place(brochure_copy, make())
    errors = errors_of(edition)
    line = line_of(edition, "- image: logo.png")
    assert any(f"en.yaml:{line}:" in e and "image logo.png is damaged or incomplete" in e for e in errors), errors
