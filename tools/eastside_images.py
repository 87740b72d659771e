"""Draw the made-up photo of the Eastside Renters' Union example brochure (data/eastside-renters/).

Run `python tools/eastside_images.py` to write data/eastside-renters/terrace.png again. The picture is
drawn from shapes only, with no randomness, so the file is the same byte for byte on every machine
(Pillow is pinned). It stands in for a real photo: a row of Bristol terraced houses in pastel colours.
Out:  data/eastside-renters/terrace.png, 900 x 600 pixels (about 330 ppi at the 2.7 in it is printed).
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw

OUT = Path(__file__).resolve().parent.parent / "data" / "eastside-renters" / "terrace.png"
WIDTH, HEIGHT = 900, 600
# The painted fronts of a Bristol terrace (Totterdown, Cliftonwood): one colour per house.
FRONTS = ["#E7A4A0", "#F2D27A", "#9CC6B4", "#A9BEDF", "#F0B97D", "#C9A9D6"]


def terrace() -> Image.Image:
    """The picture: sky, a hill of six houses stepping down to the right, a pavement; returned, not saved."""
    image = Image.new("RGB", (WIDTH, HEIGHT), "#CFE3EE")
    pen = ImageDraw.Draw(image)
    pen.ellipse((690, 40, 790, 140), fill="#FBEBB5")  # a pale sun
    house = WIDTH // len(FRONTS)
    for i, colour in enumerate(FRONTS):
        x0, x1 = i * house, (i + 1) * house
        top = 170 + i * 22  # the street runs downhill
        pen.polygon([(x0, top), (x1, top), (x1, top - 26), (x0, top - 26)], fill="#5D5A66")  # roof
        pen.rectangle((x0 + 54, top - 60, x0 + 74, top - 26), fill="#7A6F6A")  # chimney
        pen.rectangle((x0, top, x1, 520), fill=colour)
        pen.line((x0, top, x0, 520), fill="#FFFFFF", width=3)
        for row in (top + 40, top + 150):  # two floors of sash windows
            pen.rectangle((x0 + 22, row, x0 + 68, row + 70), fill="#FFFFFF")
            pen.rectangle((x0 + 27, row + 5, x0 + 63, row + 65), fill="#43607A")
            pen.line((x0 + 27, row + 35, x0 + 63, row + 35), fill="#FFFFFF", width=3)
        pen.rectangle((x0 + 92, 520 - 120, x0 + 130, 520), fill="#2F4858")  # the front door
        pen.rectangle((x0 + 92, 520 - 120, x0 + 130, 520 - 104), fill="#FFFFFF")  # its fanlight
    pen.rectangle((0, 520, WIDTH, HEIGHT), fill="#9A9A94")  # pavement
    pen.line((0, 540, WIDTH, 540), fill="#BDBDB6", width=4)
    return image


def main() -> None:
    """Write terrace.png into the brochure's folder."""
    terrace().save(OUT, optimize=True)
    print(f"wrote {OUT} ({OUT.stat().st_size // 1024} KB)")


if __name__ == "__main__":
    main()
