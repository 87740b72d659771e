"""SVG logos as vector drawings: an SVG file -> a ReportLab `Drawing` the draw stage paints as paths.

In:  the path of an .svg file in the brochure's folder.
Out: `check_svg(path)`: the problems that keep it from printing as drawn (a list of `SvgProblem`, empty
     when it is fine); `svg_facts(path)`: its size and version, read at load; `svg_drawing(path, digest)`:
     the drawing of that version, for the draw stage.

Why svglib (2.3.2): it turns SVG into ReportLab's own graphics, so a logo is painted into the PDF as
paths and fills, never through a bitmap, with no native library. (CairoSVG draws through Cairo into a
separate PDF that would have to be merged in; svgelements only parses.) svglib is lenient: it reads
broken XML in "recover" mode and skips what it does not support with a log message. A logo that
silently loses its text or its filter would print wrong, so the file is parsed strictly first, the
elements are checked against what svglib draws faithfully, and any warning svglib logs while
converting is a problem too.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from .model import VectorData

if TYPE_CHECKING:  # ReportLab's graphics are imported only when a logo is drawn; lxml only when one is checked
    from lxml import etree
    from reportlab.graphics.shapes import Drawing

# What svglib draws faithfully. `metadata` is skipped whole (editors put their own XML in it).
SUPPORTED = {
    "svg",
    "g",
    "path",
    "rect",
    "circle",
    "ellipse",
    "line",
    "polyline",
    "polygon",
    "defs",
    "title",
    "desc",
    "metadata",
    "use",
    "symbol",
    "clipPath",
    "linearGradient",
    "radialGradient",
    "stop",
    "style",
}
# What to tell a person who used one of the rest.
ADVICE = {
    "text": "convert the text to outlines (Inkscape: Path > Object to Path; Illustrator: Create Outlines)",
    "tspan": "convert the text to outlines (Inkscape: Path > Object to Path; Illustrator: Create Outlines)",
    "image": "a logo must be drawn as vector: replace the embedded picture by paths, or use a PNG instead",
    "filter": "remove the filter effect (blur, shadow): it cannot be printed as vector",
    "mask": "remove the mask, or flatten it into paths",
    "pattern": "replace the pattern fill by plain fills",
}
SVG_NAMESPACE = "{http://www.w3.org/2000/svg}"


@dataclass(frozen=True)
class SvgProblem:
    message: str
    hint: str = ""


def is_svg(path: Path) -> bool:
    return path.suffix.lower() == ".svg"


def check_svg(path: Path) -> list[SvgProblem]:
    """Everything in the file that would not print as drawn; empty when the logo is fine."""
    from lxml import etree  # ~6 ms to import: only for a brochure that has an SVG

    name = path.name
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, remove_comments=True)
    try:
        root = etree.parse(str(path), parser).getroot()
    except etree.XMLSyntaxError as error:
        line = error.lineno or 0
        return [
            SvgProblem(
                f"'{name}' is not a readable SVG file (line {line}: {error.msg})",
                "export it again from the drawing program (Plain SVG), or use a PNG",
            )
        ]
    if _local(root.tag) != "svg":
        return [SvgProblem(f"'{name}' is not an SVG drawing (it starts with <{_local(root.tag)}>)")]
    problems: dict[str, SvgProblem] = {}
    for element in _elements(root):
        tag = _local(element.tag)
        if tag not in SUPPORTED and tag not in problems:
            line = element.sourceline or 0
            problems[tag] = SvgProblem(
                f"'{name}' uses <{tag}> (line {line}), which cannot be drawn as vector here",
                ADVICE.get(tag, "remove it, or flatten the drawing into plain paths"),
            )
        for attribute in ("filter", "mask"):
            if element.get(attribute) and attribute not in problems:
                line = element.sourceline or 0
                problems[attribute] = SvgProblem(
                    f"'{name}' uses {attribute}= (line {line}), which cannot be drawn as vector here",
                    ADVICE[attribute],
                )
    if problems:
        return list(problems.values())
    try:
        drawing, warnings = _convert(path, _digest(path))
    except Exception as error:  # svglib raises assorted errors on odd input: each one is a problem of the file
        return [SvgProblem(f"'{name}' cannot be drawn: {error}", "export it again as Plain SVG, or use a PNG")]
    found = [SvgProblem(f"'{name}': {warning}", "simplify the drawing, or use a PNG") for warning in warnings]
    if drawing is None:
        found.append(SvgProblem(f"'{name}' cannot be drawn", "export it again as Plain SVG, or use a PNG"))
    elif drawing.width <= 0 or drawing.height <= 0:
        found.append(SvgProblem(f"'{name}' has no size", 'give the <svg> a viewBox, e.g. viewBox="0 0 200 100"'))
    return found


def svg_facts(path: Path) -> VectorData:
    """The size and version of a logo that `check_svg` found fine: what the later stages need of it."""
    digest = _digest(path)
    drawing = svg_drawing(path, digest)
    return VectorData(float(drawing.width), float(drawing.height), digest)


def svg_drawing(path: Path, digest: str) -> Drawing:
    """The logo as a ReportLab Drawing: the version of the file (`digest`) checked with `check_svg` at load,
    converted once per process (a file changed since is converted again, and its new size would show)."""
    drawing, _ = _convert(path, digest)
    assert drawing is not None, f"{path} was not checked with check_svg"  # which reports a file svglib cannot draw
    return drawing


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@cache
def _convert(path: Path, digest: str) -> tuple[Drawing | None, tuple[str, ...]]:
    """(drawing, svglib's warnings) for one version of a file (`digest`: a changed file is converted again)."""
    from svglib.svglib import svg2rlg

    records: list[str] = []

    class Collect(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            records.append(record.getMessage())

    logger = logging.getLogger("svglib")
    handler = Collect(level=logging.WARNING)
    logger.addHandler(handler)
    propagate = logger.propagate
    logger.propagate = False  # reported as located problems, not printed by the logging module
    try:
        drawing = svg2rlg(str(path), resolve_entities=False, external_reference_root=str(path.parent))
    finally:
        logger.removeHandler(handler)
        logger.propagate = propagate
    return drawing, tuple(records)


def _elements(root: etree._Element) -> Iterator[etree._Element]:
    """Every element, skipping comments, processing instructions and the insides of <metadata>."""
    stack = [root]
    while stack:
        element = stack.pop()
        if not isinstance(element.tag, str):
            continue
        yield element
        if _local(element.tag) == "metadata":
            continue
        stack.extend(reversed(list(element)))


def _local(tag: object) -> str:
    """An element's name without its namespace; elements of other namespaces (editors' own) are kept apart."""
    if not isinstance(tag, str):
        return ""
    if tag.startswith(SVG_NAMESPACE):
        return tag[len(SVG_NAMESPACE) :]
    if tag.startswith("{"):
        return "metadata"  # sodipodi:namedview and the like: editor settings, not drawn
    return tag
