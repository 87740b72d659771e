"""A small brochure that uses every block and panel option of issue 11 §2, written into a folder for tests.

It is not about trafficking and has its own contacts, so the tests of these blocks do not lean on the
seed brochure. `write(folder)` returns the edition's path.
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw

BROCHURE = """\
author: Riverside Food Pantry
papers: [letter]
colors:
  brand: "#1F4E3D"
  accent: "#D9822B"
type:
  body_size: 10.5pt
"""

CONTACTS = """\
region: US
contacts:
  pantry:
    phone: 860-550-6632
    url: www.riversidepantry.org/hours
  pantry_text:
    text: "233733"
  county:
    url: https://www.example.org/county-help
"""

LOGO = """\
<?xml version="1.0" encoding="UTF-8"?>
<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 120 60" width="120" height="60">
  <title>Riverside Food Pantry</title>
  <rect x="0" y="0" width="120" height="60" rx="8" fill="#FFFFFF"/>
  <circle cx="30" cy="30" r="20" fill="#D9822B"/>
  <path d="M60 45 L75 15 L90 45 Z" fill="#1F4E3D"/>
  <path d="M95 45 L105 25 L115 45 Z" fill="#1F4E3D"/>
</svg>
"""

EDITION = """\
language: en-US
title: Riverside Food Pantry
subject: Free groceries, every week.
review:
  status: source
panels:
  front_cover:
    background: cover.jpg
    overlay: brand 60%
    valign: bottom
    blocks:
      - image: logo.svg
        alt: Riverside Food Pantry logo
        width: 1.2in
      - heading: "Riverside\\nFood Pantry"
        level: title
      - paragraph: Free groceries for every family in the county.
  inside_left:
    blocks:
      - heading: Opening hours
      - table:
          header: [Day, Hours]
          rows:
            - [Monday, 9am to 5pm]
            - [Wednesday, 9am to 7pm]
            - [Saturday, "10am to 2pm, except on public holidays and the first Saturday of the month"]
      - paragraph: |-
          Riverside Food Pantry
          12 Mill Street
  inside_middle:
    valign: spread
    blocks:
      - heading: Scan to see this week's hours
      - qr: pantry
        caption: Opens our web site
        align: center
      - heading: Text us
      - qr: pantry_text
        size: 0.8in
  inside_right:
    blocks:
      - image: photo.png
        alt: Volunteers sorting tins and boxes of food on shelves
        width: 1.6in
        align: right
        caption: Volunteers sorting donations.
        link: county
    footer:
      - paragraph: Call {pantry} to volunteer.
  fold_in_back:
    blank: true
  back_cover:
    background: brand
    blocks:
      - heading: Where to find us
      - table:
          rows:
            - [North, 12 Mill Street, "Mon, Wed"]
            - [South, 3 Elm Avenue, Sat]
      - qr: pantry
        field: phone
        caption: Scan to call us
"""


def cover_photo(width: int = 1200, height: int = 2700) -> Image.Image:
    """A made-up photo for the cover: sky, field and sun; about 320 ppi on a letter cover panel."""
    photo = Image.new("RGB", (width, height), "#A7C7E7")
    pen = ImageDraw.Draw(photo)
    pen.rectangle((0, height * 0.55, width, height), fill="#6E8B3D")
    pen.ellipse((width * 0.55, height * 0.12, width * 0.85, height * 0.25), fill="#F6D55C")
    for i in range(0, width, 60):
        pen.line((i, height * 0.55, i + 200, height), fill="#5A7431", width=12)
    return photo


def write(folder: Path, edition: str = EDITION) -> Path:
    """Write the brochure (design, contacts, edition and a photo) into `folder`; return the edition's path."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "brochure.yaml").write_text(BROCHURE, encoding="utf-8")
    (folder / "contacts.yaml").write_text(CONTACTS, encoding="utf-8")
    photo = Image.new("RGB", (600, 400), "#8FB996")
    pen = ImageDraw.Draw(photo)
    pen.rectangle((60, 80, 540, 340), fill="#D9822B")
    pen.ellipse((220, 120, 380, 280), fill="#1F4E3D")
    photo.save(folder / "photo.png")
    (folder / "logo.svg").write_text(LOGO, encoding="utf-8")
    cover_photo().save(folder / "cover.jpg", quality=85)
    path = folder / "en.yaml"
    path.write_text(edition, encoding="utf-8")
    return path
