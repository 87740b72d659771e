"""Inks: what a design colour or an image becomes on a printing press (four-colour CMYK).

In:  a design `Color` (sRGB hex, optionally with the CMYK values the designer chose),
     or an image file.
Out: CMYK as fractions 0..1 (c, m, y, k), a CMYK or greyscale PIL image, and for soft
     proofs the sRGB that the profile predicts for given inks.

Where the designer gave no CMYK, the colour goes through a real ICC transform
(LittleCMS, through Pillow's ImageCms) from sRGB to a CMYK profile: the bundled one
for CGATS TR 001 (SWOP coated, see brochure/profiles/README.md), or the shop's own
named by `press_profile:` (a `PrintingCondition`; every function takes one).
The transform is relative colorimetric with black point compensation: flat
brand colours keep their hue, and the darkest sRGB maps onto the press's darkest.

Only the press edition uses this module; the office and screen editions stay sRGB.
No ReportLab here: `draw` turns these numbers into paint.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from PIL import Image

from .model import Color, PrintingCondition

if TYPE_CHECKING:  # LittleCMS is imported only when a colour or an image is converted, or a profile checked
    from PIL import ImageCms

PROFILES_DIR = Path(__file__).resolve().parent / "profiles"

Cmyk = tuple[float, float, float, float]  # fractions 0..1
K_ONLY_BLACK: Cmyk = (0.0, 0.0, 0.0, 1.0)

# Near black: a text colour darker than this and this close to grey is printed in black ink alone.
# #1A1A1A (L* 9.5) and #333333 (L* 21.2) qualify; the brand navy #14365D (L* 22.6, chroma 25) does not.
NEAR_BLACK_LIGHTNESS = 25.0  # CIE L*, 0 (black) .. 100 (white)
NEAR_BLACK_CHROMA = 8.0  # CIE C*ab: how far from grey
SMALL_TEXT = 12.0  # pt: text smaller than this should use one ink (misregistration shows on it)


BUNDLED_CONDITION = PrintingCondition(
    identifier="CGATS TR 001",
    registry="http://www.color.org",
    info="SWOP coated (CGATS TR 001), made with brochure's bundled profile, total ink limit 300%",
    profile=PROFILES_DIR / "brochure-cmyk-cgats-tr001.icc",
)


def condition_of(printing: PrintingCondition | None) -> PrintingCondition:
    """The printing condition a design asks for: its own (a shop's profile) or the bundled one."""
    return printing or BUNDLED_CONDITION


def press_cmyk(color: Color, *, text: bool = False, condition: PrintingCondition = BUNDLED_CONDITION) -> Cmyk:
    """The CMYK a colour prints in: the designer's values if given; black ink alone for
    near-black text; otherwise the ICC conversion of its hex value (rounded to whole percent)."""
    if color.cmyk is not None:
        return color.cmyk
    if text and is_near_black(color):
        return K_ONLY_BLACK
    return _converted(color.hex.upper(), str(condition.profile))


def profile_problem(path: Path) -> str:
    """Why an ICC profile cannot be the press edition's, or "" if it can: it must be a CMYK
    profile that converts colours *to* CMYK (a printer profile), which LittleCMS can open."""
    from PIL import ImageCms

    try:
        profile = ImageCms.getOpenProfile(str(path))
    except (ImageCms.PyCMSError, OSError):
        return "is not an ICC colour profile"
    space = profile.profile.xcolor_space.strip()
    if space != "CMYK":
        return f"is a profile for {space}, not for CMYK printing"
    if ImageCms.isIntentSupported(profile, ImageCms.Intent.RELATIVE_COLORIMETRIC, ImageCms.Direction.OUTPUT) != 1:
        return "cannot convert colours to CMYK (it is an input-only profile)"
    return ""


def total_coverage(cmyk: Cmyk) -> float:
    """Total area coverage in percent (100 % of each of four inks is 400 %)."""
    return round(sum(cmyk) * 100, 1)


def inks_used(cmyk: Cmyk) -> int:
    """How many of the four plates carry this colour."""
    return sum(1 for v in cmyk if v > 0.005)


def lightness_chroma(color: Color) -> tuple[float, float]:
    """CIE L* and C*ab of an sRGB colour (D65), computed directly: no profile needed."""

    def linear(v: float) -> float:
        return v / 12.92 if v <= 0.04045 else ((v + 0.055) / 1.055) ** 2.4

    r, g, b = (linear(v) for v in color.rgb)
    x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047
    y = 0.2126 * r + 0.7152 * g + 0.0722 * b
    z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883

    def f(t: float) -> float:
        return t ** (1 / 3) if t > 216 / 24389 else (24389 / 27 * t + 16) / 116

    lightness = 116 * f(y) - 16
    a = 500 * (f(x) - f(y))
    b_ = 200 * (f(y) - f(z))
    return lightness, (a * a + b_ * b_) ** 0.5


def is_near_black(color: Color) -> bool:
    """A dark, nearly neutral colour: as text it is meant as black, so it prints in black ink only."""
    lightness, chroma = lightness_chroma(color)
    return lightness <= NEAR_BLACK_LIGHTNESS and chroma <= NEAR_BLACK_CHROMA


@dataclass(frozen=True)
class PressImage:
    """An image as the press prints it: `picture` is CMYK, or greyscale ("L": black ink only);
    `alpha` its transparency ("L"), apart because Pillow has no CMYK-with-alpha mode."""

    picture: Image.Image
    alpha: Image.Image | None


def press_image(picture: Image.Image, condition: PrintingCondition = BUNDLED_CONDITION) -> PressImage:
    """An image (decoded at load: L, LA, RGB or RGBA) for the press: greyscale stays greyscale,
    anything else goes through the same ICC transform as the colours. Transparency is kept apart."""
    alpha = None
    if picture.mode in ("LA", "RGBA"):
        alpha = picture.getchannel("A")
        picture = picture.convert(picture.mode[:-1])
    if picture.mode == "L":
        converted = picture.copy()
    elif picture.mode == "CMYK":
        converted = picture.copy()
    else:
        converted = _transformed(picture.convert("RGB"), _to_cmyk(str(condition.profile)))
    return PressImage(converted, alpha)


def proof_image(picture: Image.Image, condition: PrintingCondition = BUNDLED_CONDITION) -> Image.Image:
    """A press image (CMYK or greyscale) as sRGB, as the profile says the press gives it (soft proof)."""
    if picture.mode == "L":
        # Greyscale prints in black ink alone: white is no ink, black is 100 % K.
        black = picture.point(lambda v: 255 - v)
        empty = Image.new("L", picture.size, 0)
        picture = Image.merge("CMYK", (empty, empty, empty, black))
    return _transformed(picture, _from_cmyk(str(condition.profile)))


def cmyk_to_srgb(cmyk: Cmyk, condition: PrintingCondition = BUNDLED_CONDITION) -> tuple[float, float, float]:
    """What CMYK ink looks like, as sRGB fractions, according to the profile (for soft proofs)."""
    pixel = Image.new("CMYK", (1, 1), tuple(round(v * 255) for v in cmyk))
    r, g, b = _pixel(_transformed(pixel, _from_cmyk(str(condition.profile))))
    return r / 255, g / 255, b / 255


@cache
def _converted(hex_value: str, profile: str) -> Cmyk:
    value = hex_value.lstrip("#")
    rgb = tuple(int(value[i : i + 2], 16) for i in (0, 2, 4))
    c, m, y, k = _pixel(_transformed(Image.new("RGB", (1, 1), rgb), _to_cmyk(profile)))
    # Whole percent: what a person compares with a swatch book, and stable text in the PDF.
    return _whole_percent(c), _whole_percent(m), _whole_percent(y), _whole_percent(k)


def _whole_percent(channel: int) -> float:
    """An 8-bit ink channel as a fraction rounded to whole percent."""
    return round(channel / 255 * 100) / 100


def _transformed(picture: Image.Image, transform: ImageCms.ImageCmsTransform) -> Image.Image:
    """`picture` through an ICC transform, as a new image (Pillow returns None only when asked to work in place)."""
    from PIL import ImageCms

    converted = ImageCms.applyTransform(picture, transform)
    assert converted is not None
    return converted


def _pixel(picture: Image.Image) -> tuple[int, ...]:
    """The channels of the top left pixel of a multi-channel 8-bit image."""
    value = picture.getpixel((0, 0))
    assert isinstance(value, tuple)
    return value


@cache
def _cmyk_profile(profile: str) -> ImageCms.ImageCmsProfile:
    from PIL import ImageCms

    return ImageCms.getOpenProfile(profile)


@cache
def _to_cmyk(profile: str) -> ImageCms.ImageCmsTransform:
    from PIL import ImageCms

    return ImageCms.buildTransform(
        ImageCms.createProfile("sRGB"),
        _cmyk_profile(profile),
        "RGB",
        "CMYK",
        renderingIntent=ImageCms.Intent.RELATIVE_COLORIMETRIC,
        flags=ImageCms.Flags.BLACKPOINTCOMPENSATION,
    )


@cache
def _from_cmyk(profile: str) -> ImageCms.ImageCmsTransform:
    from PIL import ImageCms

    return ImageCms.buildTransform(
        _cmyk_profile(profile),
        ImageCms.createProfile("sRGB"),
        "CMYK",
        "RGB",
        renderingIntent=ImageCms.Intent.RELATIVE_COLORIMETRIC,
        flags=ImageCms.Flags.BLACKPOINTCOMPENSATION,
    )
