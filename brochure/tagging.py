"""Tagged PDF (PDF/UA-1) for the draw stage: marked content, the structure tree, XMP metadata.

In:  a ReportLab `Canvas` being drawn on, and, as the page is painted, what each
     thing drawn is: content with its structure path (`layout.Tag`s, decided by
     the layout), or an artifact (backgrounds, rules, marks).
Out: on `finish()`, the document carries /MarkInfo, a /StructTreeRoot with its
     /ParentTree (Document > one Sect per panel in the fold's reading order >
     H1/H2/P/L/LI/Lbl/LBody/Link/Span/Figure), /StructParents on every page,
     /Tabs /S on pages with links, /StructParent and /Contents on every link,
     and an XMP metadata stream (dc:title, dc:language, pdfuaid:part 1) that
     repeats the Info dictionary.

ReportLab has no tagging API. Marked-content operators go into the page stream
with `Canvas.addLiteral`; the structure objects are ReportLab's own PDFDictionary
and PDFArray objects, registered by name so that the file stays deterministic.
No second pass over the file (pikepdf) is needed.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from reportlab.pdfbase import pdfdoc, ttfonts
from reportlab.pdfbase.pdfdoc import (
    PDFArray,
    PDFDictionary,
    PDFDocument,
    PDFName,
    PDFObjectReference,
    PDFStream,
    PDFString,
)
from reportlab.pdfgen.canvas import Canvas

from .catalog import PdfValue, add_annotation, add_catalog_entry, add_page_entry, document, pages, reference, time_stamp

# What a link does, in words a screen reader says before its text (/Contents of the annotation), by language.
LINK_WORDS = {
    "en": {"tel": "Call", "sms": "Text", "mailto": "E-mail", "web": "Web site"},
    "es": {"tel": "Llamar al", "sms": "Enviar un mensaje de texto al", "mailto": "Correo a", "web": "Sitio web"},
    "pt": {"tel": "Ligar para", "sms": "Enviar SMS para", "mailto": "E-mail para", "web": "Site"},
    "pl": {"tel": "Zadzwoń pod", "sms": "Wyślij SMS na", "mailto": "E-mail do", "web": "Strona"},
    "ht": {"tel": "Rele", "sms": "Voye tèks bay", "mailto": "Imèl bay", "web": "Sit entènèt"},
    "vi": {"tel": "Gọi", "sms": "Nhắn tin đến", "mailto": "Email đến", "web": "Trang web"},
    "zh": {"tel": "拨打", "sms": "发短信至", "mailto": "发电子邮件至", "web": "网站"},
}


def link_contents(target: str, shown: str, language: str) -> str:
    """The /Contents of a link annotation: what it does and where it goes ("Call 1-888-373-7888")."""
    words = LINK_WORDS.get(language.split("-")[0].lower(), LINK_WORDS["en"])
    scheme = target.split(":", 1)[0].lower()
    if scheme in ("tel", "sms", "mailto"):
        return f"{words[scheme]} {shown.strip()}"
    where = target.split("://", 1)[-1].rstrip("/")
    return f"{words['web']} {where}"


def text_string(text: str) -> PDFString:
    """A PDF text string: PDFDocEncoding when it can be, else UTF-16BE with its byte-order mark."""
    try:
        text.encode("latin-1")
        if all(ord(c) >= 32 for c in text):
            return PDFString(text)
    except UnicodeEncodeError:
        pass
    return PDFString(b"\xfe\xff" + text.encode("utf-16-be"), enc="raw")


def hex_text(text: str) -> str:
    """A text string for a marked-content property list, written out by us: UTF-16BE hex."""
    return "<FEFF" + text.encode("utf-16-be").hex().upper() + ">"


# ---------------------------------------------------------------- subset tags


def subset_tag(font_name: str, index: int, glyphs: tuple[int, ...]) -> str:
    """A six-letter subset tag (ISO 32000-1 §9.6.4) from the font, the subset number and its characters.

    Different subsets get different tags, and the same subset always the same one:
    the file stays byte-for-byte reproducible.
    """
    # Two CRCs give 64 bits, plenty for 26^6 tags (hashlib would cost 3 ms to import at every start).
    key = f"{font_name}/{index}/{glyphs}".encode()
    number = zlib.crc32(key) << 32 | zlib.crc32(key[::-1])
    letters = []
    for _ in range(6):
        number, letter = divmod(number, 26)
        letters.append(chr(ord("A") + letter))
    return "".join(letters)


class TaggedSubsetFont(ttfonts.TTFont):
    """ReportLab's TrueType font, with a distinct subset tag per subset (ReportLab writes AAAAAA+ for all)."""

    def addObjects(self, doc: PDFDocument) -> None:
        state = self.state[doc]
        original = ttfonts.SUBSETN

        def tag(n: int, table: object = None) -> bytes:
            return subset_tag(self.fontName, n, tuple(state.subsets[n])).encode("ascii")

        # ReportLab builds the name from this module function alone; it is swapped only while our objects are made.
        ttfonts.SUBSETN = tag
        try:
            super().addObjects(doc)
        finally:
            ttfonts.SUBSETN = original


# ---------------------------------------------------------------- the tree being built


@dataclass(eq=False)
class Element:
    """A structure element while the page is drawn; written out by `finish`."""

    role: str
    lang: str = ""
    alt: str = ""
    kids: list[Element | _Content | _LinkObject] = field(default_factory=list)
    children: dict[object, Element] = field(default_factory=dict)  # key -> Element, to find a path's element again


@dataclass(frozen=True)
class _Content:
    page: int  # 0-based
    mcid: int


@dataclass(frozen=True)
class _LinkObject:
    page: int
    name: str  # ReportLab's annotation name


class StructureBuilder:
    """Collects marked content and structure while a canvas is drawn; `finish()` writes the tree."""

    def __init__(self, canvas: Canvas, language: str):
        self.canvas = canvas
        self.language = language
        self.root = Element("Document")
        self.page = 0
        self.mcids: list[list[Element]] = [[]]  # per page: MCID -> the element that owns it
        self.links: list[tuple[_LinkObject, Element, PDFDictionary]] = []
        self.pages_with_links: set[int] = set()
        self.open: Element | None = None  # the element whose marked content is open (see `mark`)

    # -- while drawing

    def section(self, key: object) -> Element:
        """The Sect of a panel (created in the order of the calls: call in reading order first)."""
        return self.child(self.root, ("Sect", key), "Sect")

    @staticmethod
    def child(parent: Element, key: object, role: str, lang: str = "") -> Element:
        found = parent.children.get(key)
        if found is None:
            found = parent.children[key] = Element(role, lang)
            parent.kids.append(found)
        return found

    @contextmanager
    def artifact(self) -> Iterator[None]:
        """Everything drawn inside is an Artifact: decoration a screen reader skips."""
        self.close()
        self.canvas.addLiteral("/Artifact BMC")
        yield
        self.canvas.addLiteral("EMC")

    @contextmanager
    def content(self, element: Element) -> Iterator[None]:
        """Everything drawn inside is a marked-content sequence of its own belonging to `element`."""
        self.close()
        self._begin(element)
        yield
        self.canvas.addLiteral("EMC")

    def mark(self, element: Element) -> None:
        """What is drawn next belongs to `element`, until `close()` or another element's content.

        Consecutive runs of one element (the lines of a paragraph) share one
        marked-content sequence: fewer MCIDs, a smaller parent tree and file.
        """
        if self.open is element:
            return
        self.close()
        self._begin(element)
        self.open = element

    def close(self) -> None:
        """End the sequence `mark` opened, if any (before an artifact, at the end of a block or page)."""
        if self.open is not None:
            self.canvas.addLiteral("EMC")
            self.open = None

    def _begin(self, element: Element) -> None:
        mcid = len(self.mcids[self.page])
        self.mcids[self.page].append(element)
        element.kids.append(_Content(self.page, mcid))
        self.canvas.addLiteral(f"/{element.role} <</MCID {mcid}>> BDC")

    def link(self, element: Element, target: str, rect: tuple[float, float, float, float], contents: str) -> None:
        """A link annotation over `rect`, owned by the Link `element` (OBJR), saying `contents`."""
        annotation = PDFDictionary()
        annotation["Type"] = PDFName("Annot")
        annotation["Subtype"] = PDFName("Link")
        annotation["Rect"] = PDFArray(list(rect))
        annotation["Border"] = PDFArray([0, 0, 0])
        action = PDFDictionary()
        action["Type"] = PDFName("Action")
        action["S"] = PDFName("URI")
        action["URI"] = PDFString(target)
        annotation["A"] = action
        annotation["Contents"] = text_string(contents)
        name = f"link{len(self.links)}"
        add_annotation(self.canvas, annotation, name)
        item = _LinkObject(self.page, name)
        element.kids.append(item)
        self.links.append((item, element, annotation))
        self.pages_with_links.add(self.page)

    def next_page(self) -> None:
        """Call after each showPage (and `close()` before it)."""
        assert self.open is None, "marked content left open across a page"
        self.page += 1
        self.mcids.append([])

    # -- at the end

    def finish(self, title: str) -> None:
        """Write the structure tree, the page and catalog entries and the XMP metadata; call before save."""
        canvas = self.canvas
        doc = document(canvas)
        page_objects = pages(canvas)
        page_refs = [PDFObjectReference(f"Page{n + 1}") for n in range(len(page_objects))]
        references: dict[int, PDFObjectReference] = {}
        counter = iter(range(1, 1 << 30))

        def write(element: Element, parent_ref: PDFObjectReference) -> PDFObjectReference:
            name = f"StructElem{next(counter)}"
            ref = PDFObjectReference(name)
            references[id(element)] = ref
            entries: dict[str, PdfValue] = {"S": PDFName(element.role), "P": parent_ref}
            if element.lang:
                entries["Lang"] = text_string(element.lang)
            if element.alt:
                entries["Alt"] = text_string(element.alt)
            item_pages = {kid.page for kid in element.kids if isinstance(kid, _Content)}
            page = min(item_pages) if item_pages else None
            if page is not None:
                entries["Pg"] = page_refs[page]
            kids: list[PdfValue] = []
            dictionary = PDFDictionary(entries)
            reference(doc, dictionary, name)
            for kid in element.kids:
                if isinstance(kid, Element) and not _has_content(kid):
                    continue  # a panel of spacers only: nothing to read
                if isinstance(kid, Element):
                    kids.append(write(kid, ref))
                elif isinstance(kid, _Content):
                    if kid.page == page:
                        kids.append(kid.mcid)
                    else:  # a marked-content reference names its own page
                        mcr = {"Type": PDFName("MCR"), "Pg": page_refs[kid.page], "MCID": kid.mcid}
                        kids.append(PDFDictionary(mcr))
                else:
                    kids.append(
                        PDFDictionary(
                            {"Type": PDFName("OBJR"), "Pg": page_refs[kid.page], "Obj": doc.refAnnotation(kid.name)}
                        )
                    )
            dictionary["K"] = kids[0] if len(kids) == 1 and isinstance(kids[0], int) else _Array(kids)
            return ref

        tree_root = PDFDictionary({"Type": PDFName("StructTreeRoot")})
        tree_ref = reference(doc, tree_root, "StructTreeRoot")
        document_ref = write(self.root, tree_ref)
        numbers: list[PdfValue] = []
        for number, owners in enumerate(self.mcids[: len(page_objects)]):
            numbers += [number, _Array([references[id(owner)] for owner in owners])]
        next_key = len(page_objects)
        for _, element, annotation in self.links:
            annotation["StructParent"] = next_key
            numbers += [next_key, references[id(element)]]
            next_key += 1
        parent_tree = PDFDictionary({"Nums": _Array(numbers)})
        tree_root["K"] = PDFArray([document_ref])
        tree_root["ParentTree"] = reference(doc, parent_tree, "ParentTree")
        tree_root["ParentTreeNextKey"] = next_key
        for number, page in enumerate(page_objects):
            add_page_entry(page, "StructParents", number)
            if number in self.pages_with_links:
                add_page_entry(page, "Tabs", PDFName("S"))
        add_catalog_entry(canvas, "StructTreeRoot", tree_root)
        add_catalog_entry(canvas, "MarkInfo", PDFDictionary({"Marked": "true"}))
        add_catalog_entry(canvas, "Metadata", xmp_stream(doc, title, self.language))


class _Array(PDFArray):
    """A PDFArray whose integers are written directly: ReportLab's number formatting is a Python
    function per number, and the structure tree holds hundreds of MCIDs and references."""

    def format(self, document: PDFDocument, IND: bytes = b"\n ") -> bytes:
        parts = [str(item).encode() if type(item) is int else pdfdoc.format(item, document) for item in self.sequence]
        return b"[ " + b" ".join(parts) + b" ]"


def _has_content(element: Element) -> bool:
    return any(not isinstance(kid, Element) or _has_content(kid) for kid in element.kids)


# ---------------------------------------------------------------- XMP


def escape(text: str) -> str:
    """Text for XML character data. (xml.sax.saxutils.escape would import urllib and http: 30 ms at start-up.)"""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def xmp_stream(doc: pdfdoc.PDFDocument, title: str, language: str) -> PDFStream:
    """The XMP packet: the Info dictionary again (title, author, subject, keywords, dates), plus pdfuaid:part 1."""
    info = doc.info
    stamp = time_stamp(doc)
    year, month, day, hour, minute, second = stamp.YMDhms
    date = f"{year:04d}-{month:02d}-{day:02d}T{hour:02d}:{minute:02d}:{second:02d}{stamp.dhh:+03d}:{stamp.dmm:02d}"

    def alt(value: str) -> str:
        return f'<rdf:Alt><rdf:li xml:lang="x-default">{escape(value)}</rdf:li></rdf:Alt>'

    packet = f"""<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:pdf="http://ns.adobe.com/pdf/1.3/"
 xmlns:xmp="http://ns.adobe.com/xap/1.0/" xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/">
<dc:format>application/pdf</dc:format>
<dc:title>{alt(title)}</dc:title>
<dc:creator><rdf:Seq><rdf:li>{escape(info.author)}</rdf:li></rdf:Seq></dc:creator>
<dc:description>{alt(info.subject)}</dc:description>
<dc:language><rdf:Bag><rdf:li>{escape(language)}</rdf:li></rdf:Bag></dc:language>
<pdf:Keywords>{escape(info.keywords)}</pdf:Keywords>
<pdf:Producer>{escape(info.producer)}</pdf:Producer>
<xmp:CreatorTool>{escape(info.creator)}</xmp:CreatorTool>
<xmp:CreateDate>{date}</xmp:CreateDate>
<xmp:ModifyDate>{date}</xmp:ModifyDate>
<pdfuaid:part>1</pdfuaid:part>
</rdf:Description>
</rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>
"""
    return _PlainStream(PDFDictionary({"Type": PDFName("Metadata"), "Subtype": PDFName("XML")}), packet.encode())


class _PlainStream(PDFStream):
    """A stream written as it is, with no /Filter key: XMP readers that scan files for packets expect it plain.

    (ReportLab's PDFStream with no filters still writes an empty /Filter array.)
    """

    def format(self, document: PDFDocument) -> bytes:
        dictionary = PDFDictionary(dict(self.dictionary.dict, Length=len(self.content)))
        head: bytes = pdfdoc.format(dictionary, document)
        content: bytes = self.content
        return head + b"\nstream\n" + content + b"endstream\n"
