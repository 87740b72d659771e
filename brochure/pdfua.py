"""Accessibility checks for preflight: the machine-checkable PDF/UA-1 rules, reading order, contrast.

In:  the `Structure` read back from a PDF (`pdfstructure.read_structure`) and the
     `Layout` that made it.
Out: lists of `RuleFailure` (a PDF/UA-1 rule, named clause-test as in veraPDF's
     PDFUA-1 profile, and what is wrong), and the text of each panel as the
     layout means it and as the structure tree reads it. (Problems a person
     causes, a heading level skipped or text too faint, are found earlier, at
     the layout, by `readability.py`.)

`RULES` lists the rules checked; README's Accessibility section lists them too,
and the rules of the profile that cannot apply to what brochure draws (tables,
forms, formulas, notes, optional content, embedded files, encryption, media,
CID fonts).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from .diagnostics import Finding, Location, Severity
from .fold import reading_order
from .layout import Layout
from .pdfobjects import PdfError, Stream, array, dictionary, integer, resolve
from .pdfstructure import Annotation, Node, Structure, read_structure

# ISO 32000-1 §14.8.4: the standard structure types (brochure uses a few; any other would need a RoleMap).
STANDARD_TYPES = set(
    "Document Part Art Sect Div BlockQuote Caption TOC TOCI Index NonStruct Private P H H1 H2 H3 H4 H5 H6 L LI Lbl "
    "LBody Table TR TH TD THead TBody TFoot Span Quote Note Reference BibEntry Code Link Annot Ruby RB RT RP Warichu "
    "WT WP Figure Formula Form".split()
)
LANGUAGE_TAG = re.compile(r"^[a-zA-Z]{1,8}(-[a-zA-Z0-9]{1,8})*$")

# clause-test -> what it asks (veraPDF PDF_UA/PDFUA-1.xml, ISO 14289-1).
RULES = {
    "5-1": "XMP metadata carries the PDF/UA identification schema",
    "5-2": "pdfuaid:part is 1",
    "6.2-1": "the catalog has /MarkInfo with /Marked true",
    "7.1-1": "no Artifact inside tagged content",
    "7.1-2": "no tagged content inside an Artifact",
    "7.1-3": "all content is tagged (marked content in the structure tree) or an Artifact",
    "7.1-5": "every structure type is a standard one (no role map needed)",
    "7.1-8": "the catalog has a /Metadata stream",
    "7.1-9": "the metadata has dc:title",
    "7.1-10": "ViewerPreferences /DisplayDocTitle is true",
    "7.1-11": "the catalog has a /StructTreeRoot",
    "7.2-1": "every font has a ToUnicode map",
    "7.2-17": "LI is inside L",
    "7.2-18": "LBody is inside LI",
    "7.2-19": "L holds only L, LI and a first Caption",
    "7.2-20": "LI holds only Lbl and LBody",
    "7.2-29": "every /Lang is a language tag",
    "7.2-33": "the document language is set (catalog /Lang)",
    "7.3-1": "every Figure has /Alt",
    "7.4.2-1": "headings start at H1 and skip no level",
    "7.4.4-2": "no mix of H and H1-H6",
    "7.18.3-1": "every page with annotations has /Tabs /S",
    "7.18.5-1": "every link annotation belongs to a Link structure element",
    "7.18.5-2": "every link annotation has /Contents",
    "7.21.4.1-1": "every font is embedded",
    "7.21.7-1": "every character code shown maps to Unicode",
}


@dataclass(frozen=True)
class RuleFailure:
    rule: str  # clause-test, e.g. "7.1-3"
    message: str


def check_rules(structure: Structure) -> list[RuleFailure]:
    """Every rule of `RULES` against the file; an empty list when it meets them all."""
    failures: list[RuleFailure] = []

    def fail(rule: str, message: str) -> None:
        failures.append(RuleFailure(rule, message))

    catalog = structure.catalog
    mark_info = dictionary(catalog.get("/MarkInfo"))
    if not mark_info or resolve(mark_info.get("/Marked")) is not True:
        fail("6.2-1", "no /MarkInfo << /Marked true >> in the catalog")
    metadata = resolve(catalog.get("/Metadata"))
    xmp = metadata.data.decode("utf-8", "replace") if isinstance(metadata, Stream) else ""
    if metadata is None:
        fail("7.1-8", "the catalog has no /Metadata stream")
    part = re.search(r"<pdfuaid:part>\s*(\d+)\s*</pdfuaid:part>", xmp)
    if not part:
        fail("5-1", "the XMP metadata has no pdfuaid:part")
    elif part.group(1) != "1":
        fail("5-2", f"pdfuaid:part is {part.group(1)}, not 1")
    if not re.search(r"<dc:title>.*?<rdf:li[^>]*>[^<]+</rdf:li>", xmp, re.S):
        fail("7.1-9", "the XMP metadata has no dc:title")
    preferences = dictionary(catalog.get("/ViewerPreferences"))
    if resolve(preferences.get("/DisplayDocTitle")) is not True:
        fail("7.1-10", "ViewerPreferences /DisplayDocTitle is not true")
    language = str(resolve(catalog.get("/Lang", "")))
    if not language:
        fail("7.2-33", "the catalog has no /Lang")
    elif not LANGUAGE_TAG.match(language):
        fail("7.2-29", f"catalog /Lang {language!r} is not a language tag")
    _check_fonts(structure, fail)

    for number, page in enumerate(structure.pages, start=1):
        if page.untagged:
            fail("7.1-3", f"page {number}: {page.untagged} text or paint operations are neither tagged nor artifacts")
        if page.artifact_in_tagged:
            fail("7.1-1", f"page {number}: {page.artifact_in_tagged} artifacts inside tagged content")
        if page.tagged_in_artifact:
            fail("7.1-2", f"page {number}: {page.tagged_in_artifact} tagged sequences inside artifacts")
        if page.unmapped:
            fail("7.21.7-1", f"page {number}: {page.unmapped} character codes have no Unicode mapping")
        orphans = [mcid for mcid in page.texts if (number - 1, mcid) not in structure.referenced]
        if orphans:
            fail("7.1-3", f"page {number}: marked content {orphans[:5]} belongs to no structure element")

    if structure.root is None:
        fail("7.1-11", "the catalog has no /StructTreeRoot")
        return failures
    _check_tree(structure.root, fail)
    _check_annotations(structure, structure.root, fail)
    return failures


def rule_findings(pdf: bytes, location: Location | None, name: str = "the sheet") -> list[Finding]:
    """The rules as errors at `location`, for a PDF checked on its own (the instructions sheet); a file that
    cannot be read back is one error naming it (`name`)."""
    hint = "this is a bug in brochure: please report it"
    try:
        failures = check_rules(read_structure(pdf))
    except PdfError as problem:
        return [Finding(Severity.ERROR, f"the PDF {name} cannot be read back: {problem}", location, hint=hint)]
    return [
        Finding(
            Severity.ERROR,
            f"PDF/UA-1 rule {failure.rule} ({RULES[failure.rule]}) fails: {failure.message}",
            location,
            hint=hint,
        )
        for failure in failures
    ]


# How a check reports a failed rule: fail(rule, message).
Fail = Callable[[str, str], None]


def _check_fonts(structure: Structure, fail: Fail) -> None:
    seen: set[int] = set()
    for page in structure.document.pages:
        resources = dictionary(page.get("/Resources"))
        for reference in dictionary(resources.get("/Font")).values():
            font = dictionary(reference)
            if id(font) in seen:  # the same font object, used on several pages
                continue
            seen.add(id(font))
            name = str(resolve(font.get("/BaseFont", "")))
            if "/ToUnicode" not in font:
                fail("7.2-1", f"font {name} has no ToUnicode map")
            descriptor = resolve(font.get("/FontDescriptor"))
            if descriptor is None and "/DescendantFonts" in font:
                descriptor = resolve(dictionary(array(font.get("/DescendantFonts"))[0]).get("/FontDescriptor"))
            if not isinstance(descriptor, dict) or not any(
                k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")
            ):
                fail("7.21.4.1-1", f"font {name} is not embedded")


def _check_tree(root: Node, fail: Fail) -> None:
    previous_level = 0
    uses_h = uses_hn = False
    for node in root.walk():
        if node is root:
            continue
        role = node.role
        parent = node.parent.role if node.parent else ""
        kid_roles = [kid.role for kid in node.kids if isinstance(kid, Node)]
        if role not in STANDARD_TYPES:
            fail("7.1-5", f"structure type /{role} is not a standard type")
        if node.lang and not LANGUAGE_TAG.match(node.lang):
            fail("7.2-29", f"/{role} has /Lang {node.lang!r}, not a language tag")
        if role == "LI" and parent != "L":
            fail("7.2-17", f"LI inside {parent}")
        if role == "LBody" and parent != "LI":
            fail("7.2-18", f"LBody inside {parent}")
        if role == "L":
            body = kid_roles[1:] if kid_roles[:1] == ["Caption"] else kid_roles
            if any(kid not in ("L", "LI") for kid in body):
                fail("7.2-19", f"L holds {kid_roles}")
        if role == "LI" and any(kid not in ("Lbl", "LBody") for kid in kid_roles):
            fail("7.2-20", f"LI holds {kid_roles}")
        if role == "Figure" and not (node.alt or node.actual_text):
            fail("7.3-1", "a Figure has no /Alt")
        if role == "H":
            uses_h = True
        if re.fullmatch(r"H[1-6]", role):
            uses_hn = True
            level = int(role[1])
            if level > previous_level + 1:
                fail("7.4.2-1", f"heading H{level} follows H{previous_level or '(none)'}: a level is skipped")
            previous_level = level
    if uses_h and uses_hn:
        fail("7.4.4-2", "the tree uses both H and H1-H6")


def _check_annotations(structure: Structure, root: Node, fail: Fail) -> None:
    owned = {
        kid.struct_parent
        for node in root.walk()
        if node.role == "Link"
        for kid in node.kids
        if isinstance(kid, Annotation)
    }
    for number, page in enumerate(structure.document.pages, start=1):
        annotations = [dictionary(a) for a in array(page.get("/Annots"))]
        if annotations and resolve(page.get("/Tabs")) != "/S":
            fail("7.18.3-1", f"page {number} has annotations but no /Tabs /S")
        for annotation in annotations:
            if annotation.get("/Subtype") != "/Link":
                continue
            if annotation.get("/StructParent") is None or integer(annotation.get("/StructParent")) not in owned:
                fail("7.18.5-1", f"page {number}: a link annotation belongs to no Link element")
            if not str(resolve(annotation.get("/Contents", ""))).strip():
                fail("7.18.5-2", f"page {number}: a link annotation has no /Contents")


# ---------------------------------------------------------------- reading order


def panel_texts(layout: Layout) -> list[tuple[str, str]]:
    """(panel name, the text a reader should hear) for every panel, in the fold's reading order.

    Built from the layout's runs: each word broken at a line end is whole, and
    bullet marks (Lbl) are left out, as `Node.text(skip=("Lbl",))` leaves them out.
    """
    texts = []
    for role in reading_order(layout.plan.fold):
        panel = layout.panel(role)
        parts = []
        for block in panel.blocks:
            for run in block.runs:
                if not run.tag or run.tag[-1].role == "Lbl":
                    continue
                text = run.text[run.continues :]
                if run.joined:
                    head = text.rsplit(" ", 1)[-1]
                    text = text[: len(text) - len(head)] + run.joined
                parts.append(text)
        texts.append((role.value, "".join(parts)))
    return texts


def tree_panel_texts(structure: Structure) -> list[str]:
    """The text of each Sect under Document, in tree order, bullet labels left out."""
    if structure.root is None or not structure.root.kids:
        return []
    document = structure.root.kids[0]
    if not isinstance(document, Node):
        return []
    return [kid.text(skip=("Lbl",)) for kid in document.kids if isinstance(kid, Node) and kid.role == "Sect"]
