"""Preflight, images: every placed image prints as its file looks, and at a resolution that prints well.

In:  the `Layout`, the PDF's pages as PDFium reads them (`PdfPages`), the preflight report.
Out: findings in the report and the facts `image_ppi` and `image_difference`.

A placed bitmap is rendered by PDFium from the PDF and compared with the pixels decoded at load, on a
coarse grid of cell averages: resampling and edges differ by 1-3 of 255, a blank, grey, clipped or
posterised box by 40 or more. The press edition's expectation is painted in its inks by the draw stage
and rendered by PDFium too, so both sides go through the same CMYK formula.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pypdfium2

from .fold import OutputKind
from .inks import condition_of
from .layout import Layout, PanelLayout, PlacedBlock, PlacedImage
from .layoutcheck import image_findings
from .model import Color, PrintingCondition
from .pdfpages import PdfPages

if TYPE_CHECKING:
    from PIL import Image as PILImage

    from .preflight import PreflightReport, ReportProblem


# A placed image is compared with its file on a grid of at most COMPARE_GRID x COMPARE_GRID cell averages,
# rendered at about COMPARE_PIXELS on its long side. A faithful image differs by 1-3 of 255 (resampling, edges);
# a blank, grey or clipped box by 40 or more.
COMPARE_GRID = 16
COMPARE_PIXELS = 128
MAX_IMAGE_DIFFERENCE = 16.0
WHITE_PAPER = Color("#FFFFFF")  # under an image with no box or background: the paper


def check_images(layout: Layout, report: PreflightReport) -> None:
    findings, resolutions = image_findings(layout)
    report.findings.extend(findings)
    report.facts["image_ppi"] = resolutions


def check_image_pixels(layout: Layout, document: PdfPages, report: PreflightReport, error: ReportProblem) -> None:
    """Every placed image looks, in the PDF as PDFium draws it, like the picture decoded from its file.

    Both are reduced to a coarse grid of cell averages, which hides resampling and edge
    differences but not a blank, grey, clipped or posterised box (what a mis-embedded 16-bit
    PNG or a cut-short JPEG used to print, with exit status 0).
    """
    differences: list[float] = []
    press = condition_of(layout.edition.design.printing) if layout.plan.kind == OutputKind.PRESS else None
    for panel in layout.panels:
        page = document.page(layout.plan.page_of(panel.role))
        for block in panel.blocks:
            for image in block.images:
                if image.data is None:
                    continue  # an SVG logo: vector, drawn from its paths, no pixels to compare
                difference = image_difference(page, image, backdrop(panel, block, image), press)
                differences.append(round(difference, 1))
                if difference > MAX_IMAGE_DIFFERENCE:
                    error(
                        f"image {Path(image.path).name} does not print as it looks: the PDF differs from the file "
                        f"by {difference:.0f} of 255 on average",
                        f"panel '{panel.role.value}'",
                        location=block.source,
                        hint="save the image again as an 8-bit RGB PNG and render again; "
                        "this is a bug in brochure: please report it with the image attached",
                    )
    report.facts["image_difference"] = differences


def image_difference(
    page: pypdfium2.PdfPage, image: PlacedImage, backdrop: Color, press: PrintingCondition | None = None
) -> float:
    """Mean absolute difference (0-255) between the image as drawn on `page` and its decoded pixels,
    laid over `backdrop` (the colour under it, for transparent parts), over a grid of cell averages.

    For the press edition (`press`: its printing condition) the pixels are expected as the press conversion makes them
    (CMYK or greyscale, composited over the backdrop's inks) and as PDFium shows those inks, which
    it does with its own CMYK formula: so the expectation is painted as vector swatches and rendered
    by PDFium too. That path shares nothing with how images are embedded, so it still catches a
    blank, grey or posterised box."""
    from PIL import Image as PILImage

    from .images import pil_image

    rect = image.rect
    scale = min(4.0, max(0.25, COMPARE_PIXELS / max(rect.width, rect.height)))
    page_width, page_height = page.get_size()
    shown = (
        page.render(scale=scale, crop=(rect.x0, rect.y0, page_width - rect.x1, page_height - rect.y1))
        .to_pil()
        .convert("RGB")
    )
    if image.data is None:
        raise ValueError(f"{image.path} is an SVG logo: it has no pixels to compare")
    picture = pil_image(image.data)
    columns = max(1, min(COMPARE_GRID, shown.width // 4))
    rows = max(1, min(COMPARE_GRID, shown.height // 4))
    drawn: bytes = shown.resize((columns, rows), PILImage.Resampling.BOX).tobytes()
    if press is not None:
        wanted = _press_swatches(picture, backdrop, columns, rows, press)
    else:
        under = PILImage.new("RGB", picture.size, tuple(round(c * 255) for c in backdrop.rgb))
        if picture.mode in ("LA", "RGBA"):
            under.paste(picture.convert("RGBA"), mask=picture.getchannel("A"))
            expected = under
        else:
            expected = picture.convert("RGB")
        wanted = expected.resize((columns, rows), PILImage.Resampling.BOX).tobytes()
    return sum(abs(a - b) for a, b in zip(drawn, wanted)) / len(drawn)


def _press_swatches(
    picture: PILImage.Image, backdrop: Color, columns: int, rows: int, condition: PrintingCondition
) -> bytes:
    """The press expectation of an image as RGB cell averages: the draw stage paints its press inks as
    swatches (`draw.press_swatches`), rendered here by PDFium, the renderer that read the page."""
    from .draw import SWATCH, press_swatches  # the painting is the draw stage's; only when a press PDF has images

    pdf = press_swatches(picture, backdrop, columns, rows, condition)
    rendered = pypdfium2.PdfDocument(pdf)[0].render(scale=1).to_pil().convert("RGB")
    middle = SWATCH // 2
    return bytes(
        channel
        for row in range(rows)
        for column in range(columns)
        for channel in rendered.getpixel((column * SWATCH + middle, row * SWATCH + middle))
    )


def backdrop(panel: PanelLayout, block: PlacedBlock, image: PlacedImage) -> Color:
    """The colour drawn under an image: its block's box, else its panel's background, else white paper."""
    for fill in reversed(block.fills):
        if fill.rect.contains(image.rect):
            return fill.color
    return panel.background if panel.background is not None else WHITE_PAPER
