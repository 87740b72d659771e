"""Every PDF is tagged (PDF/UA-1) and reads in the order of the folded brochure.

The structure tree is read back from the file (brochure.pdfstructure, on pypdf)
and, as a second opinion, with pdfminer.six's own parser and fonts; the text
read in tree order is compared with the edition's own text in the fold's
reading order, which the tests write out independently of the code.
"""

from __future__ import annotations

import io
import re
from functools import cache

import pytest
from helpers import CODES, DATA, edit, run
from pypdf import PdfReader

from brochure import tagging
from brochure.diagnostics import BrochureError
from brochure.fold import OutputKind, reading_order
from brochure.layout import DRAFT_NOTICE_EN, lay_out
from brochure.load import load_edition
from brochure.model import Color, Fold, PanelRole, ReviewStatus, block_texts, plain_text
from brochure.pdffacts import PdfFacts, squash
from brochure.pdfobjects import dictionary, stream
from brochure.pdfstructure import Node, read_structure
from brochure.pdfua import RULES, check_rules, tree_panel_texts
from brochure.pipeline import Job, lay_out_job, render
from brochure.readability import contrast_ratio

# The order a reader meets the panels of a roll-folded brochure, written out here rather than taken from the code.
ROLL_ORDER = ["front_cover", "inside_left", "inside_middle", "inside_right", "fold_in_back", "back_cover"]
KINDS = [OutputKind.OFFICE, OutputKind.PRESS, OutputKind.SCREEN]


@cache
def drawn(code: str, paper: str, kind: OutputKind):
    """(edition, layout, pdf) without preflight: the tests here read the file themselves."""
    from brochure.draw import draw

    edition, _, layout, _ = lay_out_job(Job(DATA / f"{code}.yaml", paper, kind))
    return edition, layout, draw(layout)


def expected_panels(edition) -> list[tuple[str, str]]:
    """The edition's words per panel, in reading order, as the data file has them (draft notice included)."""
    texts = []
    for name in ROLL_ORDER:
        panel = edition.panel(PanelRole(name))
        words = "".join(plain_text(text) for block in panel.blocks for text in block_texts(block))
        if name == "back_cover" and edition.review.status == ReviewStatus.DRAFT:
            words += DRAFT_NOTICE_EN + " / " + edition.labels["draft_notice"]
        texts.append((name, words))
    return texts


def spaced(text: str) -> str:
    """Text with every run of white space as one space: line ends compare equal to the spaces they replaced."""
    return re.sub(r"\s+", " ", text).strip()


def document(structure) -> Node:
    assert structure.root is not None, "no structure tree"
    [doc] = structure.root.kids
    assert doc.role == "Document"
    return doc


# ---------------------------------------------------------------- reading order


def test_reading_order_of_the_folds():
    assert [role.value for role in reading_order(Fold.ROLL)] == ROLL_ORDER
    # The Z fold is read in the same order today; when its map changes, this line says so.
    assert [role.value for role in reading_order(Fold.Z)] == ROLL_ORDER


@pytest.mark.parametrize("kind", KINDS, ids=lambda k: k.value)
@pytest.mark.parametrize("paper", ["letter", "a4"])
@pytest.mark.parametrize("code", CODES)
def test_structure_tree_reads_the_edition_in_the_folds_order(code, paper, kind):
    edition, _, pdf = drawn(code, paper, kind)
    structure = read_structure(pdf)
    sections = document(structure).kids
    assert [s.role for s in sections] == ["Sect"] * 6
    read = [section.text(skip=("Lbl",)) for section in sections]
    for (name, words), got in zip(expected_panels(edition), read):
        # Word for word: a word broken at a line end reads whole, and the words either side of a line end
        # stay apart (a space where the line broke), exactly as the data file has them.
        assert spaced(got) == spaced(words), (code, paper, kind.value, name)
        assert "\u00ad" not in got, "a hyphenated word must read back whole"
    # Every piece of marked content is in the tree, and nothing is drawn untagged.
    assert check_rules(structure) == []


def test_z_fold_is_tagged_in_its_own_reading_order(brochure_copy):
    edit(brochure_copy / "brochure.yaml", "fold: roll", "fold: z")
    edition, _ = load_edition(brochure_copy / "en.yaml")
    for kind in KINDS:
        result = render(Job(brochure_copy / "en.yaml", "letter", kind), edition)
        assert not result.preflight.errors, result.preflight.errors
        read = tree_panel_texts(read_structure(result.pdf))
        assert [squash(t) for t in read] == [squash(w) for _, w in expected_panels(edition)]


def test_office_sections_follow_the_fold_not_the_page():
    """Page 1 prints fold_in_back, back_cover, front_cover left to right; the tree still starts with the cover."""
    edition, layout, pdf = drawn("en", "letter", OutputKind.OFFICE)
    first = document(read_structure(pdf)).kids[0]
    assert first.kids[0].role == "H1"
    assert squash(first.kids[0].text()) == squash(edition.title)


# ---------------------------------------------------------------- the elements


def roles(node: Node) -> list[str]:
    return [n.role for n in node.walk()]


def test_headings_lists_links_and_paragraphs():
    _, _, pdf = drawn("es", "letter", OutputKind.OFFICE)
    tree = document(read_structure(pdf))
    found = roles(tree)
    assert found.count("H1") == 1
    assert "H2" in found and "P" in found
    headings = [n.role for n in tree.walk() if re.fullmatch(r"H\d", n.role)]
    assert headings[0] == "H1"
    lists = [node for node in tree.walk() if node.role == "L"]
    items = [node for node in tree.walk() if node.role == "LI"]
    assert lists and items
    for node in lists:
        assert all(k.role == "LI" for k in node.kids if isinstance(k, Node))
    for node in items:
        assert [k.role for k in node.kids] == ["Lbl", "LBody"]
        assert node.kids[0].text() in ("•", "–")
    nested = [n for n in tree.walk() if n.role == "L" and n.parent.role == "LBody"]
    assert nested, "sub-bullets are a list inside their item's body"
    links = [n for n in tree.walk() if n.role == "Link"]
    contents = [kid.contents for link in links for kid in link.kids if not isinstance(kid, (str, Node))]
    assert "Llamar al 1-888-373-7888" in contents
    assert "Sitio web www.ice.gov" in contents
    assert len(contents) == sum(len(PdfFacts(pdf).links(page)) for page in (1, 2))


def test_link_contents_say_where_they_go():
    assert tagging.link_contents("tel:+18883737888", "1-888-373-7888", "en-US") == "Call 1-888-373-7888"
    assert tagging.link_contents("https://www.ice.gov", "www.ice.gov", "en-US") == "Web site www.ice.gov"
    assert tagging.link_contents("mailto:a@b.org", "a@b.org", "xx") == "E-mail a@b.org"


@pytest.mark.parametrize("code", [c for c in CODES if c != "en"])
def test_english_in_a_translation_carries_its_own_language(code):
    """The draft notice's English half and the English legal terms in brackets, written [duress](lang:en),
    are Spans with /Lang en; nothing else in the translation claims another language."""
    _, _, pdf = drawn(code, "letter", OutputKind.OFFICE)
    spans = [(n.role, n.lang, squash(n.text())) for n in document(read_structure(pdf)).walk() if n.lang]
    english = ["Class B felony", "affirmative defense", "duress", DRAFT_NOTICE_EN]
    assert sorted(spans) == sorted(("Span", "en", squash(text)) for text in english)


def test_words_marked_in_another_language_are_a_span_of_that_language():
    from brochure.inline import parse_inline

    spans, errors = parse_inline("la défense [duress](lang:en) **et** [merci](lang:fr-CA)", lambda *a: None)
    assert errors == [] and [(s.text, s.lang) for s in spans if s.lang] == [("duress", "en"), ("merci", "fr-CA")]
    _, errors = parse_inline("[duress](lang:en us)", lambda *a: None)
    assert [str(e) for e in errors] == ["'en us' is not a language tag"]


def test_hyphenated_words_read_back_whole_with_pypdf_and_pdfminer():
    """sospe- / chosa: the soft hyphen is drawn, the word is read whole through /ActualText."""
    _, layout, pdf = drawn("es", "letter", OutputKind.OFFICE)
    assert any(run.joined == "sospechosa" for panel in layout.panels for block in panel.blocks for run in block.runs)
    tree_text = "".join(t for t in tree_panel_texts(read_structure(pdf)))
    assert "actividad sospechosa llamando" in tree_text.replace("\n", " ")
    # pypdf's plain extraction shows what is drawn: the head with its soft hyphen and the tail on the next line.
    reader = PdfReader(io.BytesIO(pdf))
    plain = reader.pages[0].extract_text() + reader.pages[1].extract_text()
    assert "sospe\u00ad" in plain
    # pdfminer, reading the marked content itself, finds the whole word in the ActualText over the pieces.
    texts = pdfminer_marked_content(pdf)
    assert any("sospechosa" in text for page in texts for text in page.values())
    assert not any("sospe\u00ad" in text for page in texts for text in page.values())
    # PDFium (Chrome's viewer, copy and paste) honours the /ActualText too: the word once, not "sospechosachosa".
    import pypdfium2

    document = pypdfium2.PdfDocument(pdf)
    pdfium = "".join(document[i].get_textpage().get_text_range() for i in range(len(document)))
    assert "actividad sospechosa llamando" in spaced(pdfium)
    assert "chosachosa" not in squash(pdfium)


# ---------------------------------------------------------------- a second opinion: pdfminer


def pdfminer_marked_content(pdf: bytes) -> list[dict[int, str]]:
    """Per page, MCID -> text, decoded by pdfminer's own font machinery; /ActualText replaces what it covers."""
    from pdfminer.pdfdevice import PDFTextDevice
    from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager
    from pdfminer.pdfpage import PDFPage

    class Marked(PDFTextDevice):
        def __init__(self, manager):
            super().__init__(manager)
            self.stack: list[tuple[int | None, str | None]] = []
            self.texts: dict[int, str] = {}

        def _owner(self):
            mcid = next((m for m, _ in reversed(self.stack) if m is not None), None)
            replaced = any(a is not None for _, a in self.stack)
            return mcid, replaced

        def begin_tag(self, tag, props=None):
            props = props if isinstance(props, dict) else {}
            mcid = props.get("MCID")
            actual = props.get("ActualText")
            if isinstance(actual, bytes):
                actual = actual[2:].decode("utf-16-be") if actual.startswith(b"\xfe\xff") else actual.decode("latin-1")
            owner, replaced = self._owner()
            if actual is not None and owner is not None and not replaced:
                self.texts[owner] = self.texts.get(owner, "") + actual
            if mcid is not None:
                self.texts.setdefault(mcid, "")
            self.stack.append((mcid, actual))

        def end_tag(self):
            self.stack.pop()

        def render_string(self, textstate, seq, ncs, graphicstate):
            owner, replaced = self._owner()
            if owner is None or replaced:
                return
            font = textstate.font
            for item in seq:
                if isinstance(item, bytes):
                    self.texts[owner] += "".join(font.to_unichr(cid) for cid in font.decode(item))

    manager = PDFResourceManager()
    pages = []
    for page in PDFPage.get_pages(io.BytesIO(pdf)):
        device = Marked(manager)
        PDFPageInterpreter(manager, device).process_page(page)
        pages.append(device.texts)
    return pages


def pdfminer_tree_order(pdf: bytes) -> list[list[tuple[int, int]]]:
    """Per Sect, the (page, MCID) of its content in tree order, walking the tree with pdfminer's parser."""
    from pdfminer.pdfdocument import PDFDocument
    from pdfminer.pdfpage import PDFPage
    from pdfminer.pdfparser import PDFParser
    from pdfminer.pdftypes import resolve1

    parser = PDFParser(io.BytesIO(pdf))
    doc = PDFDocument(parser)
    page_ids = [page.pageid for page in PDFPage.create_pages(doc)]

    def walk(element, page, out):
        element = resolve1(element)
        if isinstance(element, int):
            out.append((page, element))
            return
        if not isinstance(element, dict):
            return
        if "Pg" in element:
            page = page_ids.index(element["Pg"].objid)
        if element.get("Type") is not None and element["Type"].name == "OBJR":
            return
        if "MCID" in element:
            out.append((page, element["MCID"]))
            return
        kids = resolve1(element.get("K"))
        for kid in kids if isinstance(kids, list) else [kids] if kids is not None else []:
            target = resolve1(kid)
            if isinstance(target, dict) and target.get("S") is not None and target["S"].name == "Lbl":
                continue
            walk(kid, page, out)

    root = resolve1(doc.catalog["StructTreeRoot"])
    [document_element] = resolve1(root["K"])
    sections = []
    for section in resolve1(resolve1(document_element)["K"]):
        order: list[tuple[int, int]] = []
        walk(section, None, order)
        sections.append(order)
    return sections


@pytest.mark.parametrize("kind", [OutputKind.OFFICE, OutputKind.SCREEN], ids=lambda k: k.value)
@pytest.mark.parametrize("code", ["en", "es", "zh-Hans"])
def test_pdfminer_reads_headings_and_first_words_of_each_panel_in_order(code, kind):
    edition, _, pdf = drawn(code, "letter", kind)
    texts = pdfminer_marked_content(pdf)
    read = ["".join(texts[page][mcid] for page, mcid in section) for section in pdfminer_tree_order(pdf)]
    assert len(read) == 6
    for (name, words), got in zip(expected_panels(edition), read):
        panel = edition.panel(PanelRole(name))
        first = plain_text(block_texts(panel.blocks[0])[0])
        assert squash(got).startswith(squash(first)), (name, got[:60])
        assert squash(got) == squash(words)
    headings = [
        squash(plain_text(b.text))
        for r in ROLL_ORDER
        for b in edition.panel(PanelRole(r)).blocks
        if type(b).__name__ == "Heading"
    ]
    joined = squash("".join(read))
    positions = [joined.find(h) for h in headings]
    assert -1 not in positions and positions == sorted(positions)


def test_pdfminer_extracts_the_screen_edition_page_by_page_in_order():
    """The plain, untagged-aware extraction of the screen edition also gives panel after panel."""
    from pdfminer.high_level import extract_text

    edition, _, pdf = drawn("en", "letter", OutputKind.SCREEN)
    text = squash(extract_text(io.BytesIO(pdf)))
    starts = [squash(plain_text(block_texts(edition.panel(PanelRole(n)).blocks[0])[0]))[:20] for n in ROLL_ORDER]
    positions = [text.find(s) for s in starts]
    assert -1 not in positions and positions == sorted(positions)


# ---------------------------------------------------------------- catalog, metadata, fonts


def test_catalog_pages_and_metadata():
    result = render(Job(DATA / "en.yaml", "letter", OutputKind.OFFICE))
    facts = PdfFacts(result.pdf)
    catalog = facts.catalog
    assert dictionary(catalog["/MarkInfo"])["/Marked"] is True
    assert "/ParentTree" in dictionary(catalog["/StructTreeRoot"])
    assert dictionary(catalog["/ViewerPreferences"])["/DisplayDocTitle"] is True
    metadata = stream(catalog["/Metadata"])
    assert metadata is not None
    xmp = metadata.data.decode("utf-8")
    assert "<pdfuaid:part>1</pdfuaid:part>" in xmp
    assert f'<rdf:li xml:lang="x-default">{result.edition.title}</rdf:li>' in xmp
    assert "<rdf:li>en-US</rdf:li>" in xmp
    assert "2000-01-01T00:00:00" in xmp  # the Info dictionary's fixed date, so the bytes stay reproducible
    assert all(page.get("/Annots") for page in facts.pages)  # links on both sides
    for number, page in enumerate(facts.pages):
        assert page.get("/StructParents") == number
        assert page.get("/Tabs") == "/S"
    assert result.preflight.facts["pdfua_rules_failed"] == []
    assert result.preflight.facts["pdfua_rules_checked"] == len(RULES)
    assert result.preflight.facts["tags_in_reading_order"] is True


def test_every_font_subset_has_its_own_tag():
    _, _, pdf = drawn("zh-Hans", "letter", OutputKind.OFFICE)  # CJK text needs two subsets of one font
    names = [f.name for f in PdfFacts(pdf).fonts()]
    tags = [re.match(r"/([A-Z]{6})\+", name).group(1) for name in names]
    assert len({name.split("+")[1] for name in names}) < len(names), "two subsets of one font"
    assert len(set(tags)) == len(tags), names
    assert "AAAAAA" not in tags


def test_the_instructions_sheet_is_tagged_too():
    from brochure.instructions import draw_instructions

    edition, _, layout, _ = lay_out_job(Job(DATA / "es.yaml", "letter", OutputKind.OFFICE))
    pdf, _ = draw_instructions(edition, layout.plan, "x.pdf")
    structure = read_structure(pdf)
    assert check_rules(structure) == []
    tree = document(structure)
    found = roles(tree)
    assert found.count("H1") == 1 and found.count("H2") == 3 and found.count("L") == 2
    [figure] = [n for n in tree.walk() if n.role == "Figure"]
    assert "1" in figure.alt and "|" in figure.alt  # the panels' reading numbers, side by side


# ---------------------------------------------------------------- the checks can fail


def test_untagged_content_fails_rule_7_1_3(monkeypatch):
    from contextlib import nullcontext

    from brochure.draw import draw

    monkeypatch.setattr(tagging.StructureBuilder, "artifact", lambda self: nullcontext())
    _, layout, _ = drawn("en", "letter", OutputKind.OFFICE)
    failures = check_rules(read_structure(draw(layout)))
    assert {f.rule for f in failures} == {"7.1-3"}


def test_a_link_without_contents_fails_rule_7_18_5_2(monkeypatch):
    from brochure import draw as draw_module

    monkeypatch.setattr(draw_module, "link_contents", lambda target, shown, language: "")
    _, layout, _ = drawn("en", "letter", OutputKind.OFFICE)
    assert "7.18.5-2" in {f.rule for f in check_rules(read_structure(draw_module.draw(layout)))}


def test_panels_in_the_wrong_order_fail_preflight(monkeypatch):
    from brochure import draw as draw_module

    monkeypatch.setattr(draw_module, "reading_order", lambda fold: tuple(reversed(PanelRole)))
    result = render(Job(DATA / "en.yaml", "letter", OutputKind.OFFICE))
    assert any("reading order" in f.message for f in result.preflight.errors)


def test_an_untagged_pdf_fails_the_rules_the_issue_found():
    """The pre-tagging file (no tags, no metadata) fails exactly what a hand run of veraPDF found."""
    from reportlab.pdfgen.canvas import Canvas

    buffer = io.BytesIO()
    canvas = Canvas(buffer, invariant=1, lang="en-US")
    canvas.setViewerPreference("DisplayDocTitle", "true")
    canvas.rect(10, 10, 20, 20, fill=1)
    canvas.linkURL("https://example.org", (10, 10, 30, 30), relative=0)
    canvas.showPage()
    canvas.save()
    rules = {f.rule for f in check_rules(read_structure(buffer.getvalue()))}
    assert {"5-1", "6.2-1", "7.1-3", "7.1-8", "7.1-9", "7.1-11"} <= rules


# ---------------------------------------------------------------- contrast and headings, located


def test_contrast_ratio_matches_wcag():
    assert contrast_ratio(Color("#000000"), Color("#FFFFFF")) == pytest.approx(21.0)
    assert contrast_ratio(Color("#C4262E"), Color("#FFFFFF")) == pytest.approx(5.7, abs=0.1)
    assert contrast_ratio(Color("#777777"), Color("#FFFFFF")) == pytest.approx(4.48, abs=0.01)


def test_faint_text_is_a_located_error_naming_the_colours(brochure_copy):
    edit(brochure_copy / "brochure.yaml", 'text: "#1A1A1A"', 'text: "#999999"')
    with pytest.raises(BrochureError) as caught:
        render(Job(brochure_copy / "en.yaml", "letter", OutputKind.OFFICE))
    errors = [f for f in caught.value.findings if "contrast" in f.message]
    assert errors
    assert "'text' (#999999)" in errors[0].message and "4.5:1" in errors[0].message
    assert errors[0].location.line and errors[0].location.file.endswith("en.yaml")
    # Large bold type needs only 3:1: the same grey passes as a heading colour.
    assert not [f for f in errors if "large" in f.message]


def test_a_skipped_heading_level_is_a_located_error(brochure_copy):
    edit(brochure_copy / "en.yaml", "level: title", "level: subsection")
    with pytest.raises(BrochureError) as caught:
        lay_out_job(Job(brochure_copy / "en.yaml", "letter", OutputKind.OFFICE))
    [error] = caught.value.findings
    assert "skips a level" in error.message and error.location.line


def test_every_edition_passes_contrast_and_rules_in_preflight():
    for code in CODES:
        result = render(Job(DATA / f"{code}.yaml", "a4", OutputKind.PRESS))
        assert not result.preflight.errors, (code, result.preflight.errors)
        assert result.preflight.facts["pdfua_rules_failed"] == []


def test_lay_out_gives_every_visible_run_a_role():
    edition, _ = load_edition(DATA / "en.yaml")
    from brochure.fold import fold_sheet

    design = edition.design
    layout = lay_out(edition, fold_sheet(design.papers[0], design.fold, design.fold_in_offset, design.margins))
    runs = [(block, placed) for panel in layout.panels for block in panel.blocks for placed in block.runs]
    assert len(runs) > 60
    for block, placed in runs:
        assert placed.tag, block.kind


# ---------------------------------------------------------------- packing the small objects


def test_packing_keeps_every_object_and_shrinks_the_file(monkeypatch):
    """The object stream holds the same objects: same pages, text, tree and metadata; fewer bytes."""
    from brochure import draw as draw_module

    _, layout, packed = drawn("en", "letter", OutputKind.OFFICE)
    monkeypatch.setattr(draw_module, "pack_objects", lambda pdf: pdf)
    plain = draw_module.draw(layout)
    assert packed.startswith(b"%PDF-1.5") and plain.startswith(b"%PDF-1.4")
    assert len(packed) < 0.8 * len(plain)
    a, b = PdfFacts(packed), PdfFacts(plain)
    assert a.metadata == b.metadata
    assert [a.text_in(n, 0, 10_000) for n in (1, 2)] == [b.text_in(n, 0, 10_000) for n in (1, 2)]
    # and by pypdf, a second reader
    pages_a, pages_b = PdfReader(io.BytesIO(packed)).pages, PdfReader(io.BytesIO(plain)).pages
    assert [p.extract_text() for p in pages_a] == [p.extract_text() for p in pages_b]
    assert tree_panel_texts(read_structure(packed)) == tree_panel_texts(read_structure(plain))
    assert [f.name for f in a.fonts()] == [f.name for f in b.fonts()]


# ---------------------------------------------------------------- guides: the reading order, by eye


def test_guides_number_the_tagged_blocks_in_reading_order():
    from brochure.proofs import GUIDE_COLORS, make_proofs, reading_marks

    edition, layout, pdf = drawn("en", "letter", OutputKind.OFFICE)
    marks = reading_marks(layout)
    assert [m.number for m in marks] == list(range(1, len(marks) + 1))
    cover = layout.plan.panel(PanelRole.FRONT_COVER)
    first = marks[0]
    assert first.page == layout.plan.page_of(PanelRole.FRONT_COVER) and cover.rect.x0 <= first.x <= cover.rect.x1
    # Blocks with something to read get a number; the spacer bar does not.
    readable = sum(1 for p in layout.panels for b in p.blocks if b.kind not in ("spacer",))
    assert len(marks) == readable
    proofs = make_proofs(pdf, layout.plan, guides=True, marks=marks)
    plain = make_proofs(pdf, layout.plan, guides=True)
    purple = GUIDE_COLORS["reading"]
    assert purple in {c for _, c in proofs.sides[0].getcolors(1 << 20)}
    assert purple not in {c for _, c in plain.sides[0].getcolors(1 << 20)}


def test_catalog_entries_reportlab_does_not_know_can_be_added():
    """The shared mechanism (brochure/catalog.py), e.g. for a press edition's /OutputIntents."""
    from pypdf import PdfReader
    from reportlab.pdfbase.pdfdoc import PDFArray, PDFDictionary, PDFName
    from reportlab.pdfgen.canvas import Canvas

    from brochure.catalog import add_catalog_entry

    buffer = io.BytesIO()
    canvas = Canvas(buffer, invariant=1)
    canvas.showPage()
    add_catalog_entry(canvas, "OutputIntents", PDFArray([PDFDictionary({"S": PDFName("GTS_PDFX")})]))
    canvas.save()
    catalog = PdfReader(io.BytesIO(buffer.getvalue())).trailer["/Root"]
    assert catalog["/OutputIntents"][0]["/S"] == "/GTS_PDFX"
    # Only that document's catalog: a new canvas writes no such key.
    other = io.BytesIO()
    Canvas(other, invariant=1).save()
    assert "/OutputIntents" not in PdfReader(io.BytesIO(other.getvalue())).trailer["/Root"]


def test_a_character_without_unicode_mapping_fails_rule_7_21_7_1(monkeypatch):
    from brochure import pdfstructure

    _, _, pdf = drawn("en", "letter", OutputKind.OFFICE)
    monkeypatch.setattr(pdfstructure, "_cmap", lambda font: {})
    assert "7.21.7-1" in {f.rule for f in check_rules(read_structure(pdf))}


def test_an_untagged_instructions_sheet_is_not_written(monkeypatch, tmp_path):
    monkeypatch.setattr(tagging.StructureBuilder, "finish", lambda self, title: None)
    status, _, err = run(DATA / "en.yaml", "--instructions", "--out-dir", tmp_path)
    assert status == 1
    assert "instructions.yaml: error: PDF/UA-1 rule 7.1-11" in err
    assert not list(tmp_path.glob("*.pdf"))
