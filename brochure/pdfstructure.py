"""Read a tagged PDF's structure back, as a screen reader does (with brochure's own reader, pdffile).

In:  PDF bytes.
Out: `read_structure(data)`: the structure tree as `Node`s in tree order, each
     with the text of its own marked content (decoded through each font's
     ToUnicode map, /ActualText taking the place of what it covers), and the
     marked-content facts of every page: which MCIDs exist, and how many
     text-showing or painting operators lie outside both tagged content and
     artifacts (PDF/UA-1 7.1-3 forbids any).

Preflight and the tests judge tagging by this reading of the file, not by what
the draw stage meant to write.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from .pdffile import Page, PdfDocument
from .pdfobjects import Reference, dictionary, integer, resolve
from .pdftext import unicode_map

PAINT_OPERATORS = {b"f", b"F", b"f*", b"B", b"B*", b"b", b"b*", b"S", b"s", b"Do", b"sh"}
TEXT_OPERATORS = {b"Tj", b"TJ", b"'", b'"'}


@dataclass
class Node:
    """One structure element: its type, attributes, and kids (Nodes, or text read from marked content)."""

    role: str
    lang: str = ""
    alt: str = ""
    actual_text: str = ""
    kids: list[Node | str | Annotation] = field(default_factory=list)
    parent: Node | None = None

    def text(self, skip: tuple[str, ...] = ()) -> str:
        """All text below this element in tree order; elements whose role is in `skip` are left out."""
        parts: list[str] = []
        for kid in self.kids:
            if isinstance(kid, Node):
                if kid.role not in skip:
                    parts.append(kid.text(skip))
            elif isinstance(kid, str):
                parts.append(kid)
        return "".join(parts)

    def walk(self) -> Iterator[Node]:
        """This node and every node below it, in tree order."""
        yield self
        for kid in self.kids:
            if isinstance(kid, Node):
                yield from kid.walk()


@dataclass(frozen=True)
class Annotation:
    """An annotation a structure element owns through an OBJR."""

    subtype: str
    contents: str
    struct_parent: int | None


@dataclass
class PageMarks:
    """What the marked content of one page holds."""

    texts: dict[int, str] = field(default_factory=dict)  # MCID -> its text
    untagged: int = 0  # text or paint operators neither in tagged content nor in an artifact
    artifact_operators: int = 0
    artifact_in_tagged: int = 0  # an Artifact sequence inside tagged content
    tagged_in_artifact: int = 0  # tagged content inside an Artifact sequence
    unmapped: int = 0  # character codes shown in tagged content that the font's ToUnicode map lacks


@dataclass
class Structure:
    root: Node | None  # the StructTreeRoot's kids under one node (role "StructTreeRoot"), or None if untagged
    pages: list[PageMarks]
    referenced: set[tuple[int, int]]  # (page index, MCID) pairs the tree points at
    catalog: dict[str, object]
    document: PdfDocument


_cmap = unicode_map  # a font's code -> Unicode map (by this name, so that a test can take it away)


def _text_of(value: object) -> str:
    """A PDF text string as Python text (the reader decodes PDFDocEncoding and UTF-16 with BOM)."""
    value = resolve(value)
    return str(value) if value is not None else ""


_STRING = rb"\((?:\\.|[^\\()])*\)|<[0-9A-Fa-f\s]*>"  # ReportLab escapes every parenthesis inside a string
# Only the operations that matter here, found by one regular expression: the numbers that make up most of a
# content stream are skipped by the regex engine instead of a Python loop (ten times faster).
_OPERATION = re.compile(
    rb"/(?P<tag>[^\s/<>\[\]()]+)\s*(?:<<(?P<props>.*?)>>\s*BDC|BMC)"
    rb"|(?<![\w/])(?P<emc>EMC)(?!\w)"
    rb"|/(?P<font>[^\s/<>\[\]()]+)\s+[-+\d.]+\s+Tf"
    rb"|(?P<string>" + _STRING + rb")\s*(?:Tj|'|\")"
    rb"|\[(?P<array>(?:" + _STRING + rb"|[^\]()<>])*)\]\s*TJ"
    rb"|(?<![\w/.*])(?P<paint>f\*?|F|B\*?|b\*?|S|s|Do|sh)(?![\w*])",
    re.S,
)
_PROPERTY = re.compile(rb"/(MCID|ActualText)\s*(\d+|" + _STRING + rb")", re.S)
_ESCAPES = {b"n": b"\n", b"r": b"\r", b"t": b"\t", b"b": b"\b", b"f": b"\f"}


def _literal(token: bytes) -> bytes:
    """The bytes of a literal string token, escapes undone."""
    if b"\\" not in token:  # most strings have no escape: nothing to undo
        return token[1:-1]

    def undo(match: re.Match[bytes]) -> bytes:
        escaped = match.group(1)
        if escaped[:1].isdigit():
            return bytes([int(escaped, 8) & 0xFF])
        escaped_bytes: bytes = escaped
        return _ESCAPES.get(escaped_bytes, escaped_bytes)

    return re.sub(rb"\\([0-7]{1,3}|.)", undo, token[1:-1], flags=re.S)


def _string(token: bytes) -> bytes:
    if token.startswith(b"("):
        return _literal(token)
    return bytes.fromhex(re.sub(rb"\s", b"", token[1:-1]).decode("ascii"))


def _text_string(raw: bytes) -> str:
    if raw.startswith(b"\xfe\xff"):
        return raw[2:].decode("utf-16-be")
    return raw.decode("latin-1")


_STRINGS = re.compile(_STRING)
# A font's ToUnicode map as the text of each of the 256 one-byte codes (U+FFFD for a code it lacks): a string is
# decoded by indexing, without a dictionary look-up and a default per character.
CodeTable = list[str]


_NO_FONT: CodeTable = ["\ufffd"] * 256  # before any Tf, or a font the page's resources lack


def _code_table(font: object) -> CodeTable:
    if font is None:
        return _NO_FONT
    mapping = _cmap(font)
    return [mapping.get(code, "\ufffd") for code in range(256)]


def _page_marks(page: Page, cmaps: dict[int, CodeTable]) -> PageMarks:
    """Decode one page's content stream: the text of each MCID, and content outside marked content.

    One regular expression (`_OPERATION`) finds only the operations that matter here: a full parse
    of the operators (pdfobjects.operations) would spend its time on the numbers between them.
    """
    marks = PageMarks()
    fonts = dictionary(dictionary(page.get("/Resources")).get("/Font"))
    font_map = _NO_FONT
    font_tables: dict[bytes, CodeTable] = {}  # this page's font names as written (/F1+0) -> their tables
    # The state inside each open marked-content sequence, innermost last: (the MCID whose content this is,
    # inside an artifact, inside an /ActualText that replaces the glyphs). Outside all: (None, False, False).
    stack: list[tuple[int | None, bool, bool]] = [(None, False, False)]
    for match in _OPERATION.finditer(page.contents()):
        kind = match.lastgroup
        if kind in ("tag", "props"):
            tag = match.group("tag").decode("latin-1")
            properties = dict(_PROPERTY.findall(match.group("props") or b""))
            mcid = int(properties[b"MCID"]) if b"MCID" in properties else None
            actual = _text_string(_string(properties[b"ActualText"])) if b"ActualText" in properties else None
            if mcid is not None:
                marks.texts.setdefault(mcid, "")
            owner, in_artifact, replaced = stack[-1]
            if tag == "Artifact" and owner is not None:
                marks.artifact_in_tagged += 1
            if mcid is not None and in_artifact:
                marks.tagged_in_artifact += 1
            if actual is not None and owner is not None and not replaced:
                marks.texts[owner] += actual
            stack.append(
                (mcid if mcid is not None else owner, in_artifact or tag == "Artifact", replaced or actual is not None)
            )
        elif kind == "emc":
            if len(stack) > 1:
                stack.pop()
        elif kind == "font":
            written = match.group("font")
            if written not in font_tables:
                font = resolve(fonts.get("/" + written.decode("latin-1")))
                if id(font) not in cmaps:  # each font's map read once for the file (None: no such font, no map)
                    cmaps[id(font)] = _code_table(font)
                font_tables[written] = cmaps[id(font)]
            font_map = font_tables[written]
        else:
            mcid, artifact, replaced = stack[-1]
            if artifact:
                marks.artifact_operators += 1
            elif mcid is None:
                marks.untagged += 1
            elif kind != "paint" and not replaced:
                strings = [match.group("string")] if kind == "string" else _STRINGS.findall(match.group("array"))
                for item in strings:
                    decoded = "".join([font_map[code] for code in _string(item)])
                    marks.unmapped += decoded.count("\ufffd")
                    marks.texts[mcid] += decoded
    return marks


def read_structure(data: bytes, document: PdfDocument | None = None) -> Structure:
    """The structure tree and marked content of a PDF (see the module docstring); `document` if already open."""
    document = document or PdfDocument(data)
    catalog = document.catalog
    page_numbers = {page.number: index for index, page in enumerate(document.pages)}
    cmaps: dict[int, CodeTable] = {}  # by the id of a font's dictionary (the document keeps each one)
    pages = [_page_marks(page, cmaps) for page in document.pages]
    tree = resolve(catalog.get("/StructTreeRoot"))
    referenced: set[tuple[int, int]] = set()
    if tree is None:
        return Structure(None, pages, referenced, catalog, document)

    def page_of(owner: dict[str, object], default: int | None) -> int | None:
        reference = owner.get("/Pg")
        if isinstance(reference, Reference):
            return page_numbers.get(reference.number, default)
        return default

    def build(kid: object, parent: Node | None, page: int | None) -> Node:
        element = dictionary(kid)
        node = Node(
            _text_of(element.get("/S")).lstrip("/"),
            _text_of(element.get("/Lang")),
            _text_of(element.get("/Alt")),
            _text_of(element.get("/ActualText")),
            parent=parent,
        )
        page = page_of(element, page)
        kids = resolve(element.get("/K"))
        if kids is None:
            kids = []
        elif not isinstance(kids, list):
            kids = [kids]
        for kid in kids:
            target = resolve(kid)
            if type(target) is int:
                if page is not None:
                    referenced.add((page, target))
                    node.kids.append(pages[page].texts.get(target, ""))
            elif isinstance(target, dict) and target.get("/Type") == "/MCR":
                mcr_page = page_of(target, page)
                if mcr_page is not None:
                    mcid = integer(target.get("/MCID"))
                    referenced.add((mcr_page, mcid))
                    node.kids.append(pages[mcr_page].texts.get(mcid, ""))
            elif isinstance(target, dict) and target.get("/Type") == "/OBJR":
                annotation = dictionary(target.get("/Obj"))
                parent_key = annotation.get("/StructParent")
                node.kids.append(
                    Annotation(
                        _text_of(annotation.get("/Subtype")).lstrip("/"),
                        _text_of(annotation.get("/Contents")),
                        integer(parent_key) if parent_key is not None else None,
                    )
                )
            elif isinstance(target, dict):
                node.kids.append(build(kid, node, page))
        return node

    root = Node("StructTreeRoot")
    kids = resolve(dictionary(tree).get("/K"))
    for kid in kids if isinstance(kids, list) else [kids] if kids is not None else []:
        root.kids.append(build(kid, root, None))
    return Structure(root, pages, referenced, catalog, document)
