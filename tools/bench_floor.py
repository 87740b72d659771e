"""The floor any ReportLab renderer pays: the same text in six frames with stock platypus, nothing else.

Run by tools/bench.py in a fresh process. It reads the English edition with plain
yaml.safe_load, collects every string, registers the same TrueType faces the edition
prints with (regular; bold for headings, statistics and **bold**; italic for *italic*),
so that the same fonts are embedded, and flows the strings into six frames on two
landscape Letter pages. No validation, no fitting, no contact resolution, no tagging:
only what cannot be avoided.
"""

import re
import sys
from pathlib import Path

import yaml
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Frame, Paragraph

ROOT = Path(__file__).resolve().parent.parent
BOLD_KEYS = ("heading", "statistic")


def strings(node, key=""):
    """Every string of a panel, with the key it was written under."""
    if isinstance(node, str):
        yield key, node
    elif isinstance(node, dict):
        for name, value in node.items():
            yield from strings(value, name)
    elif isinstance(node, list):
        for value in node:
            yield from strings(value, key)


def markup(text: str) -> str:
    """**bold** and *italic* as ReportLab's paragraph markup; the rest as it is written."""
    text = text.replace("&", "&amp;").replace("<", "&lt;")
    return re.sub(r"\*(.+?)\*", r"<i>\1</i>", re.sub(r"\*\*(.+?)\*\*", r"<b>\1</b>", text))


def main(out: str) -> None:
    data = yaml.safe_load((ROOT / "data/ct-human-trafficking/en.yaml").read_text(encoding="utf-8"))
    fonts = ROOT / "fonts/noto-sans"
    for name, face in (("Body", "Regular"), ("Bold", "Bold"), ("Italic", "Italic")):
        pdfmetrics.registerFont(TTFont(name, str(fonts / f"NotoSans-{face}.ttf")))
    pdfmetrics.registerFontFamily("Body", normal="Body", bold="Bold", italic="Italic", boldItalic="Bold")
    body = ParagraphStyle("body", fontName="Body", fontSize=11, leading=15.4)
    bold = ParagraphStyle("bold", parent=body, fontName="Bold")
    panels = [
        [Paragraph(markup(text), bold if key in BOLD_KEYS else body) for key, text in strings(panel)]
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
