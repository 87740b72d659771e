"""Colour resolution for the draw stage: a design colour or image, for one kind of output, as what to paint.

In:  a design `Color` (or an image's decoded `ImageData`) and the kind of PDF being drawn.
Out: a ReportLab colour (or image) to paint with, and whether text overprints.

Office and screen editions: the sRGB hex, exactly as always. Press edition:
DeviceCMYK from `inks` (the designer's `cmyk:`, black ink alone for near-black
text, otherwise the ICC conversion). Soft proof: the sRGB the profile predicts
for those inks. Kept apart from `draw` so that drawing and colour change apart.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from PIL import Image
from reportlab.lib.colors import CMYKColor
from reportlab.lib.colors import Color as RLColor
from reportlab.lib.utils import ImageReader

from .fold import OutputKind
from .images import embeddable, pil_image
from .inks import BUNDLED_CONDITION, K_ONLY_BLACK, PressImage, cmyk_to_srgb, press_cmyk, press_image, proof_image
from .model import Color, ImageData, PrintingCondition


@dataclass(frozen=True)
class Paint:
    """Colour resolution: a design colour, for one kind of output, as the ReportLab colour to paint.

    Office and screen: the sRGB hex, exactly as always. Press: DeviceCMYK from `inks.press_cmyk`
    (text flag: near-black text is black ink alone). Soft proof: the sRGB those inks give on press.
    """

    kind: OutputKind
    soft_proof: bool = False
    condition: PrintingCondition = BUNDLED_CONDITION  # press: the profile colours are converted through

    @property
    def press(self) -> bool:
        return self.kind == OutputKind.PRESS

    def color(self, color: Color, *, text: bool = False) -> RLColor:
        if not self.press:
            r, g, b = color.rgb
            return RLColor(r, g, b)
        cmyk = press_cmyk(color, text=text, condition=self.condition)
        if self.soft_proof:
            return RLColor(*cmyk_to_srgb(cmyk, self.condition))
        return CMYKColor(*cmyk)

    def overprints(self, color: Color) -> bool:
        """Text in 100 % black ink alone overprints: the colours under it are not knocked out, so a
        slightly misregistered plate leaves no white hairline around the letters."""
        if not self.press or self.soft_proof:
            return False
        return press_cmyk(color, text=True, condition=self.condition) == K_ONLY_BLACK

    def image(self, data: ImageData) -> ImageReader:
        """The image to place, from its pixels decoded at load (never the file again): as embedded for
        sRGB editions; for press its CMYK (or greyscale) conversion, as sRGB again for a soft proof."""
        if not self.press:
            return ImageReader(embeddable(data))
        converted = _press_image(data, self.condition)
        picture = proof_image(converted.picture, self.condition) if self.soft_proof else converted.picture
        return _ImageWithAlpha(picture, converted.alpha)


@cache
def _press_image(data: ImageData, condition: PrintingCondition) -> PressImage:
    """Cached per image and condition: the same picture is converted once per process, not once per draw."""
    return press_image(pil_image(data), condition)


class _ImageWithAlpha(ImageReader):
    """A PIL image with its transparency kept apart: ReportLab reads alpha only from LA/RGBA
    images, and there is no CMYK-with-alpha mode, so the soft mask is handed over here."""

    def __init__(self, picture: Image.Image, alpha: Image.Image | None) -> None:
        super().__init__(picture)
        self._alpha = alpha

    def getRGBData(self) -> bytes:
        data: bytes = super().getRGBData()  # type: ignore[no-untyped-call]  # untyped in types-reportlab
        if self._alpha is not None:
            self._dataA = ImageReader(self._alpha)
        return data
