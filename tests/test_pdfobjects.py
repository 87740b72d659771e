"""brochure's own PDF reader (pdfobjects, pdffile, pdftext): every kind of token, the file structures our
writer produces, clear errors for files it cannot read, and a cross-check against pypdf, an independent
reader, on every object of representative editions."""

from __future__ import annotations

import io
import subprocess
import sys
import zlib

import pytest
from helpers import DATA, EN, ROOT
from pypdf import PdfReader
from pypdf import generic as pypdf_objects

from brochure.fold import OutputKind
from brochure.pdffacts import PdfFacts
from brochure.pdffile import PdfDocument
from brochure.pdfobjects import (
    Name,
    PdfError,
    Reference,
    Stream,
    String,
    array,
    dictionary,
    integer,
    number,
    operations,
    parse,
    resolve,
    stream,
)
from brochure.pdftext import page_texts
from brochure.pipeline import Job, render


def value(text: bytes) -> object:
    """The one value `text` holds, parsed as in a file (references allowed)."""
    document = PdfDocument(_file([b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [] /Count 0 >>"]))
    values, keyword, _ = next(parse(text, 0, len(text), document))
    assert keyword == b"", keyword
    assert len(values) == 1, values
    return values[0]


def _file(bodies: list[bytes], table: bool = True) -> bytes:
    """A PDF of the given object bodies (numbered from 1; object 1 is the catalog), with a classic table."""
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number_, body in enumerate(bodies, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number_, body)
    start = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(bodies) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(bodies) + 1, start)
    return bytes(out)


# ---------------------------------------------------------------- tokens (§7.2, §7.3)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (b"0", 0),
        (b"123", 123),
        (b"+17", 17),
        (b"-98", -98),
        (b"34.5", 34.5),
        (b"-3.62", -3.62),
        (b"+123.6", 123.6),
        (b"4.", 4.0),
        (b"-.002", -0.002),
        (b".5", 0.5),
        (b"0.0", 0.0),
        (b"true", True),
        (b"false", False),
        (b"null", None),
    ],
)
def test_numbers_booleans_and_null(text, expected):
    found = value(text)
    assert found == expected and type(found) is type(expected)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (b"/Name1", "/Name1"),
        (b"/A;Name_With-Various***Characters?", "/A;Name_With-Various***Characters?"),
        (b"/1.2", "/1.2"),
        (b"/$$", "/$$"),
        (b"/@pattern", "/@pattern"),
        (b"/.notdef", "/.notdef"),
        (b"/Lime#20Green", "/Lime Green"),
        (b"/paired#28#29parentheses", "/paired()parentheses"),
        (b"/The_Key_of_F#23_Minor", "/The_Key_of_F#_Minor"),
        (b"/A#42", "/AB"),
        (b"/", "/"),  # the empty name is a valid name
        (b"/Caf#C3#A9", "/Café"),  # UTF-8 in #xx escapes
    ],
)
def test_names_with_escapes(text, expected):
    found = value(text)
    assert found == expected and type(found) is Name


@pytest.mark.parametrize(
    ("text", "raw"),
    [
        (b"(This is a string)", b"This is a string"),
        (b"(Strings may contain newlines\nand such.)", b"Strings may contain newlines\nand such."),
        (b"(balanced (nested) parentheses () and ((deep)))", b"balanced (nested) parentheses () and ((deep))"),
        (b"(special *!&}^% characters)", b"special *!&}^% characters"),
        (b"()", b""),
        (b"(\\n\\r\\t\\b\\f\\(\\)\\\\)", b"\n\r\t\b\f()\\"),
        (b"(\\0053)", b"\x053"),  # three octal digits at most
        (b"(\\053)", b"+"),
        (b"(\\53)", b"+"),
        (b"(\\5x)", b"\x05x"),
        (b"(\\377\\400)", b"\xff\x00"),  # high-order overflow is ignored
        (b"(a \\q b)", b"a q b"),  # an unknown escape: the backslash is ignored
        (b"(These \\\ntwo strings \\\r\nare the same.)", b"These two strings are the same."),
        (b"(line\r\nend and\rcarriage)", b"line\nend and\ncarriage"),  # any line end reads as \n
        (b"(unescaped \\(open)", b"unescaped (open"),
        (b"<901FA3>", b"\x90\x1f\xa3"),
        (b"<901FA>", b"\x90\x1f\xa0"),  # a missing last digit is 0
        (b"< 90 1f\na3 >", b"\x90\x1f\xa3"),
        (b"<>", b""),
    ],
)
def test_literal_and_hexadecimal_strings(text, raw):
    found = value(text)
    assert type(found) is String and found.raw == raw


def test_text_strings_decode_utf16_utf8_and_pdfdocencoding():
    assert value(b"<FEFF00E9 4E2D 6587>") == "é中文"
    assert value(b"(\xfe\xff\x00A\xd8=\xde\x00)") == "A\U0001f600"  # a surrogate pair
    assert value(b"(\xef\xbb\xbfcaf\xc3\xa9)") == "café"
    assert value(b"(\x80 \x84 \x8d\x8e \x92 \xa0 \xe9)") == "\u2022 \u2014 \u201c\u201d \u2122 \u20ac é"
    assert value(b"(\x18\x1f)") == "\u02d8\u02dc"


def test_arrays_and_dictionaries_nest_and_may_be_empty():
    assert value(b"[]") == [] and value(b"<<>>") == {}
    assert value(b"[549 3.14 false (Ralph) /SomeName]") == [549, 3.14, False, "Ralph", "/SomeName"]
    assert value(b"[[1 [2]] [] << >> [<<>>]]") == [[1, [2]], [], {}, [{}]]
    found = value(
        b"<< /Type /Example /Subtype /DictionaryExample /Version 0.01 /IntegerItem 12 /StringItem (a string) "
        b"/Subdictionary << /Item1 0.4 /Item2 true /LastItem (not !) /VeryLastItem (OK) >> >>"
    )
    assert found == {
        "/Type": "/Example",
        "/Subtype": "/DictionaryExample",
        "/Version": 0.01,
        "/IntegerItem": 12,
        "/StringItem": "a string",
        "/Subdictionary": {"/Item1": 0.4, "/Item2": True, "/LastItem": "not !", "/VeryLastItem": "OK"},
    }
    assert all(type(key) is Name for key in found)
    assert value(b"<</A/B/C[1 2]/D<</E(f)>>>>") == {"/A": "/B", "/C": [1, 2], "/D": {"/E": "f"}}  # no spaces
    assert value(b"[1%a comment ] [\n2]") == [1, 2]  # a comment ends at the line end


def test_indirect_references_and_their_resolution():
    found = value(b"[1 0 R 12 0 R 3 4]")
    assert isinstance(found, list)
    assert found[2:] == [3, 4]
    first, missing = found[0], found[1]
    assert isinstance(first, Reference) and (first.number, first.generation) == (1, 0)
    assert first == Reference(1, 0, first.document) and hash(first) == hash((1, 0))
    assert dictionary(first)["/Type"] == "/Catalog"
    assert resolve(missing) is None  # a reference to an object that does not exist is null (§7.3.10)
    assert value(b"<< /Pages 2 0 R >>") == {"/Pages": Reference(2, 0, first.document)}


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (b"[1 2", "the array that starts at byte 0 never ends"),
        (b"<< /A 1", "the dictionary that starts at byte 0 never ends"),
        (b"[1 >>", "an unexpected >> at byte 3"),
        (b"<< /A >>", "has a key without a value"),
        (b"<< (key) 1 >>", "has a key that is not a name"),
        (b"(unterminated", "the string that starts at byte 0 never ends"),
        (b"(ends in a backslash\\", "never ends"),
        (b"<12G4>", "is not hexadecimal or never ends"),
        (b"[1 R]", "an R without an object and generation number at byte 3"),
        (b"[1 obj]", "an unexpected 'obj' at byte 3, inside the array that starts at byte 0"),
        (b"{1}", "an unexpected { at byte 0"),
        (b")", "an unexpected byte b')' at byte 0"),
    ],
)
def test_broken_values_are_clear_errors(text, message):
    with pytest.raises(PdfError, match=message.replace("(", r"\(").replace(")", r"\)").replace("[", r"\[")):
        value(text)


def test_typed_access_resolves_and_checks():
    assert dictionary(None) == {} and array(None) == [] and stream(None) is None
    assert integer(7) == 7 and number(7) == 7.0 and number(-0.5) == -0.5
    with pytest.raises(PdfError, match="an integer was expected, not a real number"):
        integer(7.5)
    with pytest.raises(PdfError, match="an integer was expected, not a boolean"):
        integer(True)
    with pytest.raises(PdfError, match="a dictionary was expected, not an array"):
        dictionary([1])
    with pytest.raises(PdfError, match="an array was expected, not a name"):
        array(Name("/X"))
    with pytest.raises(PdfError, match="a number was expected, not a string"):
        number(String(b"1"))


# ---------------------------------------------------------------- content streams (§7.8.2)


def test_content_stream_operations_with_every_kind_of_operand():
    content = (
        b"q 1 0 0 1 72 -7.5 cm /GS1 gs BT /F1+0 12 Tf (Hello \\(world\\)) Tj [(A) -250 (B)] TJ ET\n"
        b"/Span <</MCID 3 /ActualText <FEFF0041>>> BDC EMC /Artifact BMC EMC % a comment\n"
        b"0.2 0.4 0.6 rg true false null d0 Q"
    )
    assert list(operations(content)) == [
        ([], b"q"),
        ([1, 0, 0, 1, 72, -7.5], b"cm"),
        (["/GS1"], b"gs"),
        ([], b"BT"),
        (["/F1+0", 12], b"Tf"),
        ([b"Hello (world)"], b"Tj"),
        ([[b"A", -250, b"B"]], b"TJ"),
        ([], b"ET"),
        (["/Span", {"/MCID": 3, "/ActualText": b"\xfe\xff\x00A"}], b"BDC"),
        ([], b"EMC"),
        (["/Artifact"], b"BMC"),
        ([], b"EMC"),
        ([0.2, 0.4, 0.6], b"rg"),
        ([True, False, None], b"d0"),
        ([], b"Q"),
    ]
    assert list(operations(b"")) == [] and list(operations(b"  % only a comment")) == []


def test_an_inline_image_is_one_operation_and_its_data_is_skipped():
    content = b"q BI /W 2 /H 1 /CS /RGB /BPC 8 ID \x00EI\xff)(\x01 EI Q 1 g"
    assert list(operations(content)) == [
        ([], b"q"),
        ([{"/W": 2, "/H": 1, "/CS": "/RGB", "/BPC": 8}], b"BI"),
        ([], b"Q"),
        ([1], b"g"),
    ]


def test_broken_content_streams_are_clear_errors():
    with pytest.raises(PdfError, match="ends with operands and no operator"):
        list(operations(b"1 0 0 rg 0.5"))
    with pytest.raises(PdfError, match="never ends"):
        list(operations(b"BT (unterminated Tj ET"))
    with pytest.raises(PdfError, match="never ends \\(no EI\\)"):
        list(operations(b"BI /W 1 ID \x00\x00"))


# ---------------------------------------------------------------- files (§7.4, §7.5)


def test_a_classic_file_with_a_stream_whose_length_is_an_indirect_object():
    data = _file(
        [
            b"<< /Type /Catalog /Pages 2 0 R /Lang (en) >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 /MediaBox [0 0 612 792] /Resources << /Font << >> >> >>",
            b"<< /Type /Page /Parent 2 0 R /Contents 4 0 R >>",
            b"<< /Length 5 0 R >>\nstream\nBT ET\nendstream",
            b"5",
        ]
    )
    document = PdfDocument(data)
    assert document.catalog["/Lang"] == "en" and document.size == 6
    [page] = document.pages
    assert page.number == 3
    assert page.get("/MediaBox") == [0, 0, 612, 792]  # inherited from the page tree
    assert page.get("/Resources") == {"/Font": {}}
    assert page.contents() == b"BT ET"
    assert document.numbers() == [1, 2, 3, 4, 5]


def test_filters_flate_ascii85_and_ascii_hex_are_undone():
    text = b"0 0 1 rg 1 2 3 4 re f"
    import base64

    streams = {
        b"/FlateDecode": zlib.compress(text),
        b"[/ASCII85Decode /FlateDecode]": base64.a85encode(zlib.compress(text)) + b"~>",
        b"/ASCIIHexDecode": text.hex().encode() + b">",
    }
    for filters, raw in streams.items():
        data = _file(
            [
                b"<< /Type /Catalog /Pages 2 0 R >>",
                b"<< /Type /Pages /Kids [] /Count 0 >>",
                b"<< /Filter %s /Length %d >>\nstream\n%s\nendstream" % (filters, len(raw), raw),
            ]
        )
        found = stream(PdfDocument(data).get(3))
        assert found is not None and found.data == text, filters


def test_an_unknown_filter_or_broken_compressed_data_is_a_clear_error():
    for fields, raw, message in [
        (b"/Filter /LZWDecode", b"xx", "the filter /LZWDecode, which this reader cannot undo"),
        (b"/Filter /FlateDecode", b"not zlib", "a stream's /FlateDecode data is broken"),
        (b"/Filter /FlateDecode /DecodeParms << /Predictor 12 >>", b"xx", "uses a predictor"),
    ]:
        data = _file(
            [
                b"<< /Type /Catalog /Pages 2 0 R >>",
                b"<< /Type /Pages /Kids [] /Count 0 >>",
                b"<< %s /Length %d >>\nstream\n%s\nendstream" % (fields, len(raw), raw),
            ]
        )
        found = stream(PdfDocument(data).get(3))
        assert found is not None
        with pytest.raises(PdfError, match=message.replace("(", r"\(")):
            _ = found.data


@pytest.mark.parametrize(
    ("damage", "message"),
    [
        (lambda pdf: pdf[: len(pdf) // 2], "no startxref at the end"),
        (lambda pdf: pdf[:-40] + b"startxref\n999999\n%%EOF\n", "points outside the file"),
        (lambda pdf: pdf.replace(b"/Type /XRef", b"/Type /Junk"), "is not a cross-reference stream"),
        (lambda pdf: _garbage_rows(pdf), "object \\d+ is not"),
        (lambda pdf: pdf.replace(b"startxref\n", b"startxref\n1"), "points"),
        (lambda pdf: b"%PDF-1.5\ngarbage\nstartxref\n9\n%%EOF", "no cross-reference"),
    ],
)
def test_a_truncated_or_garbage_file_is_a_clear_error(office_letter, damage, message):
    with pytest.raises(PdfError, match=message):
        document = PdfDocument(damage(office_letter.pdf))
        for number_ in document.numbers():
            document.get(number_)
        for page in document.pages:
            page.contents()


def _garbage_rows(pdf: bytes) -> bytes:
    """The cross-reference stream's rows replaced by others of the same length, all pointing at byte 9."""
    document = PdfDocument(pdf)
    xref_at = int(pdf.rsplit(b"startxref", 1)[1].split()[0])
    rows = bytes([1, 0, 0, 0, 9, 0, 0]) * integer(document.trailer["/Size"])
    packed = zlib.compress(rows, 9)
    head, tail = pdf[:xref_at], pdf[xref_at:]
    old = tail[tail.index(b"stream\n") + 7 : tail.index(b"\nendstream")]
    tail = tail.replace(old, packed).replace(b"/Length %d " % len(old), b"/Length %d " % len(packed))
    return head + tail.replace(b"startxref\n%d" % xref_at, b"startxref\n%d" % len(head))


def test_a_file_preflight_cannot_read_is_one_clear_error_naming_the_file(office_letter):
    from brochure.preflight import preflight

    broken = office_letter.pdf[: len(office_letter.pdf) // 2]
    report = preflight(office_letter.layout, broken, name="ct-human-trafficking-en-letter.pdf")
    [error] = report.errors
    assert error.message.startswith("the PDF ct-human-trafficking-en-letter.pdf cannot be read back: no startxref")
    assert error.location is not None and str(error.location.file).endswith("en.yaml")


def test_a_sheet_that_cannot_be_read_back_is_one_clear_error():
    from brochure.pdfua import rule_findings

    [finding] = rule_findings(b"%PDF-1.5\nnothing else", None, "x-instructions.pdf")
    assert finding.message.startswith("the PDF x-instructions.pdf cannot be read back: no startxref at the end")


# ---------------------------------------------------------------- text (§9.4, §9.10)


def test_text_pieces_start_where_their_first_glyph_starts():
    resources = {"/Font": {"/F1": {"/Type": "/Font", "/Subtype": "/TrueType", "/FirstChar": 65, "/Widths": [500, 600]}}}
    content = b"1 0 0 1 10 20 cm BT 1 0 0 1 100 200 Tm /F1 10 Tf 12 TL (AB) Tj (A) Tj /F1 20 Tf (B) Tj T* (AA) Tj ET"
    pieces = page_texts(content, resources)
    # No ToUnicode map: each code reads as U+FFFD, so a missing mapping shows.
    assert [(p.text, p.x, p.y, p.size) for p in pieces] == [
        ("\ufffd" * 3, 110, 220, 10),
        ("\ufffd", 110 + 5 + 6 + 5, 220, 20),  # after A, B, A at 10 pt
        ("\ufffd" * 2, 110, 208, 20),  # T*: the next line, at the start of the line
    ]


# ---------------------------------------------------------------- a second reader agrees: pypdf


def _same(ours: object, theirs: object, where: str) -> None:
    """Our value equals pypdf's, deep: same types of PDF object, same decoded values."""
    if isinstance(theirs, pypdf_objects.IndirectObject):
        assert isinstance(ours, Reference) and (ours.number, ours.generation) == (theirs.idnum, theirs.generation)
    elif isinstance(theirs, pypdf_objects.StreamObject):
        assert isinstance(ours, Stream), where
        assert ours.data == theirs.get_data(), where
        assert len(ours.raw) == resolve(ours["/Length"]), where  # pypdf drops /Length once it has read the data
        _same({k: v for k, v in ours.items() if k != "/Length"}, dict(dict.items(theirs)), where)
    elif isinstance(theirs, dict):
        assert type(ours) is dict and set(ours) == set(theirs), (where, set(ours) ^ set(theirs))
        for key in theirs:
            _same(ours[key], dict.__getitem__(theirs, key), f"{where} {key}")  # pypdf's [] would resolve
    elif isinstance(theirs, list):
        assert type(ours) is list and len(ours) == len(theirs), where
        for index, (mine, other) in enumerate(zip(ours, list.__iter__(theirs))):
            _same(mine, other, f"{where}[{index}]")
    elif isinstance(theirs, pypdf_objects.NameObject):
        assert type(ours) is Name and ours == theirs, where
    elif isinstance(theirs, pypdf_objects.ByteStringObject):
        assert type(ours) is String and ours.raw == bytes(theirs), where
    elif isinstance(theirs, pypdf_objects.TextStringObject):
        assert type(ours) is String and str(ours) == str(theirs), where
    elif isinstance(theirs, pypdf_objects.BooleanObject):
        assert type(ours) is bool and ours == theirs.value, where  # (pypdf's BooleanObject(False) is truthy)
    elif isinstance(theirs, pypdf_objects.FloatObject):
        assert type(ours) is float and ours == float(theirs), where
    elif isinstance(theirs, pypdf_objects.NumberObject):
        assert type(ours) is int and ours == int(theirs), where
    else:
        assert theirs is None or isinstance(theirs, pypdf_objects.NullObject), (where, type(theirs))
        assert ours is None, where


def _cross_check(pdf: bytes) -> None:
    ours, theirs = PdfDocument(pdf), PdfReader(io.BytesIO(pdf))
    assert ours.size == theirs.trailer["/Size"]
    for number_ in range(1, ours.size):
        _same(ours.get(number_), theirs.get_object(number_), f"object {number_}")
    _same({key: ours.trailer[key] for key in theirs.trailer}, dict(dict.items(theirs.trailer)), "trailer")
    assert [page.number for page in ours.pages] == [page.indirect_reference.idnum for page in theirs.pages]
    facts = PdfFacts(pdf)
    assert facts.metadata == {key: str(v) for key, v in (theirs.metadata or {}).items()}
    for number_, page in enumerate(theirs.pages, start=1):
        assert list(operations(ours.pages[number_ - 1].contents())) == [
            (_plain(operands), operator)
            for operands, operator in pypdf_objects.ContentStream(page.get_contents(), theirs).operations
        ]
        # The same text, piece by piece, on the same baselines (pypdf places a piece after a font change at
        # the start of its line; ours where its first glyph is drawn).
        pieces: list[tuple[str, float]] = []

        def visit(text, cm, tm, font, size, pieces=pieces):
            if text.strip("\n"):
                pieces.append((text.replace("\n", ""), round(tm[4] * cm[1] + tm[5] * cm[3] + cm[5], 2)))

        page.extract_text(visitor_text=visit)
        assert [(p.text, round(p.y, 2)) for p in facts.texts(number_)] == pieces


def _plain(value: object) -> object:
    """A content stream operand of pypdf as plain Python, as ours are (strings are their bytes)."""
    if isinstance(value, pypdf_objects.TextStringObject):
        return value.get_original_bytes()
    if isinstance(value, pypdf_objects.BooleanObject):
        return value.value
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_plain(item) for item in value]
    if isinstance(value, pypdf_objects.FloatObject):
        return float(value)
    if isinstance(value, pypdf_objects.NumberObject):
        return int(value)
    if isinstance(value, bytes):
        return bytes(value)
    return value


@pytest.mark.parametrize(
    ("edition", "paper", "kind"),
    [
        ("en", "letter", OutputKind.OFFICE),
        ("en", "a4", OutputKind.PRESS),  # ICC output intent, overprint states, CMYK
        ("es", "letter", OutputKind.SCREEN),
        ("zh-Hans", "letter", OutputKind.OFFICE),  # fonts switched within a line, UTF-16 strings
    ],
)
def test_every_object_equals_what_pypdf_reads(edition, paper, kind):
    _cross_check(render(Job(DATA / f"{edition}.yaml", paper, kind)).pdf)


def test_an_unpacked_file_with_a_classic_table_reads_the_same(monkeypatch):
    from brochure import draw as draw_module
    from brochure.pipeline import lay_out_job

    monkeypatch.setattr(draw_module, "pack_objects", lambda pdf: pdf)
    _, _, layout, _ = lay_out_job(Job(EN, "letter", OutputKind.OFFICE))
    plain = draw_module.draw(layout)
    assert plain.startswith(b"%PDF-1.4") and b"\nxref\n" in plain
    _cross_check(plain)


def test_a_render_does_not_import_pypdf(tmp_path):
    """The preflight reads back with brochure's own reader: pypdf is for the tests only."""
    script = (
        "import sys\n"
        "from brochure.cli import main\n"
        f"status = main([{str(EN)!r}, '--office', '--press', '--instructions', '--out-dir', {str(tmp_path)!r}])\n"
        "print(status, sorted(name for name in sys.modules if name.split('.')[0] == 'pypdf'))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=300, check=True
    )
    assert done.stdout.splitlines()[-1] == "0 []"
    assert len(list(tmp_path.glob("*.pdf"))) >= 3
