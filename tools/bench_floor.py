"""The floor any ReportLab renderer pays: the same text in six frames with stock platypus, nothing else.

Run by tools/bench.py in a fresh process. It reads the English edition with plain
yaml.safe_load, collects every string, registers the same two TrueType fonts and
flows the strings into six frames on two landscape Letter pages. No validation,
no fitting, no contact resolution: only what cannot be avoided.
"""

import sys
from pathlib import Path

import yaml
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Frame, Paragraph

ROOT = Path(__file__).resolve().parent.parent


def strings(node):
    if isinstance(node, str):
        yield node
    elif isinstance(node, dict):
        for value in node.values():
            yield from strings(value)
    elif isinstance(node, list):
        for value in node:
            yield from strings(value)


def main(out: str) -> None:
    data = yaml.safe_load((ROOT / "data/ct-human-trafficking/en.yaml").read_text(encoding="utf-8"))
    fonts = ROOT / "fonts/noto-sans"
    pdfmetrics.registerFont(TTFont("Body", str(fonts / "NotoSans-Regular.ttf")))
    pdfmetrics.registerFont(TTFont("Bold", str(fonts / "NotoSans-Bold.ttf")))
    body = ParagraphStyle("body", fontName="Body", fontSize=11, leading=15.4)
    panels = [
        [Paragraph(text.replace("&", "&amp;").replace("<", "&lt;"), body) for text in strings(panel)]
        for panel in data["panels"].values()
    ]
    canvas = Canvas(out, pagesize=(792, 612), invariant=1, initialFontName="Body")
    for page in range(2):
        for column in range(3):
            frame = Frame(27 + column * 265.5, 27, 211, 558, showBoundary=0)
            frame.addFromList(panels[page * 3 + column], canvas)
        canvas.showPage()
    canvas.save()


if __name__ == "__main__":
    main(sys.argv[1])
