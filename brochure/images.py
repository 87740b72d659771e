"""Images of the load stage: a PNG or JPEG file -> `ImageData`, decoded completely, or an `ImageProblem`.

In:  the path of an image a block names (already known to be inside the brochure's folder).
Out: `ImageData`: the pixel size as printed, the file's own mode, and the pixels normalised to a form
     ReportLab embeds faithfully; or `ImageProblem` with a message and hint for the person.

Every image is decoded to its last pixel here, once, so a damaged or cut-short file is an error
at its `image:` line instead of a grey or blank box in print. ReportLab mis-embeds several
things a PNG or JPEG may legally hold, so they are converted first:
  - 16-bit greyscale ("I;16"): ReportLab (and Pillow's own convert) clips it to white; it is scaled to 8 bits;
  - a palette or a single colour marked transparent: becomes an alpha channel (ReportLab's SMask);
  - an EXIF orientation (phone photos): the pixels are turned so the picture stands as it is seen;
  - a CMYK JPEG: ReportLab would embed its own bytes with an inverted Decode array; its decoded pixels are
    kept as CMYK (the press edition embeds them as they are), and the sRGB editions get them as RGB.
A complete greyscale or RGB JPEG needing no turn is embedded as its own bytes (small, and exactly
what the file holds). Everything here is deterministic: the same file gives the same `ImageData`.
"""

from __future__ import annotations

import io
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from PIL import Image

from .model import ImageData

if TYPE_CHECKING:  # Pillow's format plugins are imported only when an image file is read
    from PIL import JpegImagePlugin, PngImagePlugin

# The largest image accepted, in pixels. Decoding takes about 4 bytes a pixel (160 MB at the limit) and a
# second or two; a whole letter sheet at 300 ppi is 8.4 megapixels, so this leaves room for any photo.
MAX_IMAGE_PIXELS = 40_000_000
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
JPEG_SIGNATURE = b"\xff\xd8\xff"
EMBEDDED_MODES = ("L", "LA", "RGB", "RGBA", "CMYK")  # what ReportLab embeds as it is (CMYK: press only)
_EXIF_ORIENTATION = 0x0112


class ImageProblem(ValueError):
    """An image a person gave that cannot be printed faithfully; `hint` says what to do."""

    def __init__(self, message: str, hint: str = ""):
        super().__init__(message)
        self.hint = hint


def read_image(path: Path, name: str) -> ImageData:
    """Decode the image at `path` completely; `name` is how the person wrote it (for messages).

    Raises `ImageProblem` for a file that is not a PNG or JPEG, is larger than MAX_IMAGE_PIXELS,
    or cannot be decoded to its end.
    """
    from PIL import JpegImagePlugin, PngImagePlugin  # ~7 ms: only for a brochure with images

    try:
        with path.open("rb") as file:
            head = file.read(8)
            file.seek(0)
            kind: type[PngImagePlugin.PngImageFile | JpegImagePlugin.JpegImageFile]
            if head.startswith(PNG_SIGNATURE):
                kind = PngImagePlugin.PngImageFile
            elif head.startswith(JPEG_SIGNATURE):
                kind = JpegImagePlugin.JpegImageFile
            else:
                raise ImageProblem(f"'{name}' is not a PNG or JPEG image", "save it as PNG or JPEG")
            # The plugin classes read the header only, and (unlike Image.open) apply no decompression-bomb
            # check of their own: the size is checked here, before a single pixel is decoded.
            try:
                opened = kind(file)
            except Exception as error:  # noqa: BLE001 - Pillow raises many types for a malformed header
                raise _damaged(name) from error
            _check_size(opened.size, name)
            try:
                opened.load()
            except Exception as error:  # noqa: BLE001 - truncated data is OSError, a broken chunk SyntaxError, ...
                raise _damaged(name) from error
            file.seek(0)
            original = file.read() if kind is JpegImagePlugin.JpegImageFile else b""
    except OSError as error:
        message = f"cannot read image {name}: {error.strerror}"
        raise ImageProblem(message, "check that the file can be opened") from error
    return _image_data(opened, original)


def pil_image(data: ImageData) -> Image.Image:
    """The normalised pixels of `data` as a Pillow image (mode `data.mode`)."""
    return Image.frombytes(data.mode, (data.width, data.height), data.pixels)


def _check_size(size: tuple[int, int], name: str) -> None:
    width, height = size
    if width * height > MAX_IMAGE_PIXELS:
        raise ImageProblem(
            f"image {name} is too large: {width:,} x {height:,} pixels, "
            f"more than {MAX_IMAGE_PIXELS / 1e6:g} megapixels",
            "scale it down in an image editor: 300 ppi at its printed size is enough "
            "(a whole panel is about 1,100 x 2,550 pixels at 300 ppi)",
        )


def _damaged(name: str) -> ImageProblem:
    return ImageProblem(
        f"image {name} is damaged or incomplete: it cannot be read to the end",
        "copy the file again from where it came from, or open it in an image editor and save it again as PNG or JPEG",
    )


def _image_data(opened: Image.Image, original: bytes) -> ImageData:
    file_mode = opened.mode
    orientation = opened.getexif().get(_EXIF_ORIENTATION, 1)
    if orientation != 1:
        from PIL import ImageOps

        upright = ImageOps.exif_transpose(opened)
    else:
        upright = opened
    pixels = normalize(upright)
    # A plain JPEG is embedded as it is: recompressing it losslessly would make the PDF many times larger.
    keep_jpeg = original and file_mode in ("L", "RGB") and orientation == 1 and pixels.mode == file_mode
    return ImageData(
        format=opened.format or "",
        file_mode=file_mode,
        width=pixels.width,
        height=pixels.height,
        mode=pixels.mode,
        pixels=pixels.tobytes(),
        jpeg=original if keep_jpeg else b"",
    )


@cache
def _sixteen_to_eight() -> list[int]:
    """The 16-bit to 8-bit lookup table, rounded (65535 -> 255); built on first use: 65,536 entries cost
    several milliseconds, which every process would pay at import for the rare 16-bit image."""
    return [(value * 255 + 32767) // 65535 for value in range(65536)]


def normalize(image: Image.Image) -> Image.Image:
    """A decoded image in one of EMBEDDED_MODES, looking the same: 8 bits a channel, transparency as alpha."""
    mode = image.mode
    transparency = image.info.get("transparency")
    if mode.startswith("I"):  # 16-bit greyscale: scale to 8 bits (a lookup table over 0..65535), never clip
        wide = image.convert("I")
        image = wide.point(_sixteen_to_eight(), "L")
        if isinstance(transparency, int):
            image.putalpha(wide.point([0 if value == transparency else 255 for value in range(65536)], "L"))
    elif mode == "1":
        image = image.convert("L")
    elif mode in ("P", "PA"):
        image = image.convert("RGBA" if mode == "PA" or transparency is not None else "RGB")
    elif mode in ("L", "RGB") and transparency is not None:  # one colour marked transparent (a tRNS chunk)
        image = image.convert("LA" if mode == "L" else "RGBA")
    elif mode == "CMYK":
        pass  # kept for the press edition, which prints a designer's separations as they are (see embeddable)
    elif mode not in EMBEDDED_MODES:
        image = image.convert("RGBA")
    if image.mode in ("LA", "RGBA") and image.getchannel("A").getextrema() == (255, 255):
        image = image.convert(image.mode[:-1])  # fully opaque: an alpha channel would only add a soft mask
    return image


def embeddable(data: ImageData) -> io.BytesIO | Image.Image:
    """What the draw stage hands ReportLab for an sRGB edition: the JPEG's own bytes, or the normalised
    pixels. CMYK pixels become RGB here: PDFium and print drivers each turn DeviceCMYK into screen colours
    their own way, while as RGB the picture looks the same everywhere and preflight can compare it."""
    if data.jpeg:
        return io.BytesIO(data.jpeg)
    picture = pil_image(data)
    return picture.convert("RGB") if picture.mode == "CMYK" else picture
