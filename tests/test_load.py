"""Loading: every mistake a person can make in the YAML is reported with file:line:column, the key and a hint.

The mistakes of the README's Troubleshooting table are tests/test_mistakes.py's; these are the others, and what
loads right."""

from __future__ import annotations

import unicodedata

import pytest
from helpers import EN, edit, errors_of, layout_of, line_of

from brochure.load import load_edition
from brochure.model import ContactBlock, Heading, PanelRole, Statistic, plain_text


def test_the_seed_edition_loads_with_all_six_panels():
    edition, warnings = load_edition(EN)
    assert warnings == []
    assert [p.role for p in edition.panels] == list(PanelRole)
    cover = edition.panel(PanelRole.FRONT_COVER)
    assert isinstance(cover.blocks[0], Heading) and plain_text(cover.blocks[0].text) == "Stop Human Trafficking"
    assert edition.language == "en-US"
    assert edition.design.papers[0].name == "letter"


def test_contact_reference_inside_a_sentence_becomes_a_linked_unbreakable_number():
    edition, _ = load_edition(EN)
    bullets = edition.panel(PanelRole.FRONT_COVER).blocks[3]
    spans = bullets.items[1].text
    assert plain_text(spans) == "Call the National Human Trafficking Hotline at 1-888-373-7888."
    number = next(s for s in spans if s.text == "1-888-373-7888")
    assert number.unbreakable and number.link == "tel:+18883737888"


def test_contact_block_lines_come_from_the_contacts_file_with_the_edition_labels():
    edition, _ = load_edition(EN)
    advocate = edition.panel(PanelRole.BACK_COVER).blocks[-1]
    assert isinstance(advocate, ContactBlock)
    assert [plain_text(line) for line in advocate.lines] == [
        "505 Hudson Street, 5th Floor",
        "Hartford, CT, 06106",
        "860-550-6632",
        "Toll Free 1-888-771-3126",
        "Fax: 860-560-7065",
        "www.ct.gov/ova",
    ]
    links = [s.link for line in advocate.lines for s in line if s.link]
    assert links == ["tel:+18605506632", "tel:+18887713126", "https://www.ct.gov/ova"]


def test_statistic_keeps_figure_and_sentence():
    edition, _ = load_edition(EN)
    stat = next(b for b in edition.panel(PanelRole.INSIDE_LEFT).blocks if isinstance(b, Statistic))
    assert plain_text(stat.value) + " " + plain_text(stat.text) == "Over 50% of human trafficking victims are children."


def test_contact_block_naming_a_missing_contact(brochure_copy):
    en = brochure_copy / "en.yaml"
    edit(en, "- contact: unodc", "- contact: un_odc")
    [message] = errors_of(en)
    assert "no contact 'un_odc' in contacts.yaml (did you mean 'unodc'?)" in message


def test_wrong_type_and_out_of_range_values(brochure_copy):
    edit(brochure_copy / "brochure.yaml", "bleed: 0.125in", "bleed: -1in")
    edit(brochure_copy / "brochure.yaml", "body_size: 11pt", "body_size: 0pt")
    edit(brochure_copy / "brochure.yaml", "papers: [letter, a4]", "papers: [letter, a5]")
    edit(brochure_copy / "en.yaml", "  inside_left:\n    blocks:", "  inside_left:\n    align: middle\n    blocks:")
    edit(
        brochure_copy / "en.yaml",
        "keywords: [human trafficking, Connecticut, hotline, victims' rights]",
        "keywords: {a: b}\ntitle:\n  - Stop",
    )
    messages = "\n".join(errors_of(brochure_copy / "en.yaml"))
    assert "-1in is out of range: allowed 0 pt to 36 pt" in messages
    assert "0pt is out of range: allowed 8.5 pt to 96 pt" in messages
    assert "unknown paper 'a5' [papers[1]]\n    hint: choose from letter, legal, a4" in messages
    assert "expected one of (top, center, bottom, spread), got 'middle' [panels.inside_left.align]" in messages
    assert "expected a list (lines starting with '- '), got a mapping [keywords]" in messages


def test_all_problems_are_reported_together_in_file_order(brochure_copy):
    en = brochure_copy / "en.yaml"
    edit(en, "language: en-US", "langauge: en-US")
    edit(en, "{emergency}", "{emergncy}")
    edit(en, "- statistic: Over 50%", "- statistc: Over 50%")
    messages = errors_of(en)
    assert len(messages) >= 4  # unknown key, missing language, missing contact, unknown block type
    lines = [int(m.split(":")[1]) for m in messages if m.startswith(str(en))]
    assert lines == sorted(lines)
    joined = "\n".join(messages)
    assert "unknown key 'langauge'" in joined and "(did you mean 'language'?)" in joined
    assert "missing key 'language'" in joined
    assert "no contact 'emergncy'" in joined
    assert "unknown block type 'statistc' (did you mean 'statistic'?)" in joined


def test_byte_order_mark_and_windows_line_endings_are_accepted(brochure_copy):
    en = brochure_copy / "en.yaml"
    text = en.read_text(encoding="utf-8")
    en.write_bytes(b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8"))
    edition, _ = load_edition(en)
    assert edition.title == "Stop Human Trafficking"


def test_text_is_normalised_to_nfc(brochure_copy):
    en = brochure_copy / "en.yaml"
    decomposed = unicodedata.normalize("NFD", "Tráfico")
    edit(en, "title: Stop Human Trafficking", f"title: {decomposed}")
    edition, _ = load_edition(en)
    assert edition.title == "Tráfico" and len(edition.title) == 7


def test_bold_left_open_is_an_error(brochure_copy):
    en = brochure_copy / "en.yaml"
    edit(en, "Works excessively.", "Works **excessively.")
    [message] = errors_of(en)
    assert "'**' (bold) is opened but never closed" in message


def test_margins_closer_than_the_printer_allows_are_refused(brochure_copy):
    edit(brochure_copy / "brochure.yaml", "edge: 0.375in", "edge: 0.1in")
    edit(brochure_copy / "brochure.yaml", "fold: 0.3in ", "fold: 0.05in ")
    joined = "\n".join(errors_of(brochure_copy / "en.yaml"))
    assert "0.1in is out of range: allowed 18 pt to 72 pt" in joined
    assert "0.05in is out of range: allowed 9 pt to 72 pt" in joined


def test_label_missing_for_a_shown_field(brochure_copy):
    en = brochure_copy / "en.yaml"
    edit(en, '  fax: "Fax:"\n', "")
    [message] = errors_of(en)
    assert "contact 'ct_victim_advocate' shows its 'fax', but labels.fax is not set" in message


@pytest.mark.parametrize(
    "field, value, problem",
    [
        ("phone", '"911"', None),
        ("phone", '"211"', None),
        ("text", '"233733"', None),
        ("text", '"56789"', None),
        ("text", "860-550-6632", None),
        ("phone", '"91"', "is not a valid phone number in region US"),
        ("fax", '"911"', "is not a valid phone number in region US"),
        ("toll_free", "1-888-771-3126", None),
        ("toll_free", "860-550-6632", "is not a toll-free number"),
        ("phone", "1-800-FLOWERS", "contains letters"),
        ("email", "help@example.org", None),
        ("url", "https://example.org/a?b=c", None),
    ],
)
def test_short_codes_and_number_kinds_are_handled_deliberately(brochure_copy, field, value, problem):
    contacts = brochure_copy / "contacts.yaml"
    edit(contacts, "  unodc:\n", f"  extra:\n    {field}: {value}\n  unodc:\n")
    if problem is None:
        load_edition(brochure_copy / "en.yaml")
    else:
        [message] = errors_of(brochure_copy / "en.yaml")
        assert problem in message and "[contacts.extra." in message


@pytest.mark.parametrize(
    "name, old, new",
    [
        ("en.yaml", "title: Stop Human Trafficking", 'title: "Stop \\ud800 Human Trafficking"'),
        ("en.yaml", "keywords: [human trafficking,", 'keywords: ["\\udc80", human trafficking,'),
        ("brochure.yaml", "author: Connecticut", 'author: "\\ud83d" # Connecticut'),
    ],
)
def test_a_surrogate_escape_is_a_located_error(brochure_copy, name, old, new):
    """`"\\ud800"` is half of a character: it would fail when the PDF's metadata is written."""
    edit(brochure_copy / name, old, new)
    [message] = [m for m in errors_of(brochure_copy / "en.yaml") if "surrogate" in m]
    line = line_of(brochure_copy / name, new.split(":")[0] + ":")
    assert f"{brochure_copy / name}:{line}:" in message
    assert "stands for half of a character (a surrogate)" in message


@pytest.mark.parametrize("separator", ["\u2028", "\u2029"])
def test_a_line_separator_is_reported_on_its_own_line_and_later_lines_stay_right(brochure_copy, separator):
    en = brochure_copy / "en.yaml"
    edit(en, "subject: >-", f"subject: >-{separator}")
    edit(en, "    background: brand\n", "    backgrund: brand\n")
    messages = errors_of(en)
    line = line_of(en, "subject: >-")
    assert f"{en}:{line}:12: error: invisible character U+{ord(separator):04X}" in messages[0]
    assert len(messages) == 1  # the file is not read further, so no later line can be numbered wrongly


@pytest.mark.parametrize(
    "text",
    ["\u200b", "\u00ad\u00ad", "\u200d\u200c", " \u2060 ", "\ufeff"],
    ids=["zero-width space", "soft hyphens", "joiners", "word joiner", "byte-order mark"],
)
def test_a_heading_that_draws_nothing_is_an_error(brochure_copy, text):
    en = brochure_copy / "en.yaml"
    edit(en, "      - heading: What is human trafficking?", f'      - heading: "{text}"')
    messages = "\n".join(errors_of(en))
    line = line_of(en, f'      - heading: "{text}"')
    assert f"{en}:{line}:" in messages
    assert "invisible character" in messages or "the text has nothing visible to print" in messages


def test_a_soft_hyphen_inside_a_word_is_accepted_and_taken_out(brochure_copy):
    en = brochure_copy / "en.yaml"
    edit(en, "Works excessively.", "Works exces\u00adsively.")
    runs = [run.text for panel in layout_of(en).panels for block in panel.blocks for run in block.runs]
    assert "Works excessively." in runs and not any("\u00ad" in text for text in runs)


@pytest.mark.parametrize(
    "name, old, new",
    [
        ("en.yaml", "Works excessively.", '"\\u00ad \\u00ad"'),
        ("en.yaml", "Works excessively.", '"** **"'),
        ("en.yaml", 'fax: "Fax:"', 'fax: "\\u00ad"'),
        ("contacts.yaml", "      - 505 Hudson Street, 5th Floor", '      - "\\u3164"'),
    ],
    ids=["soft hyphens", "markup around nothing", "a label", "an address line"],
)
def test_text_that_draws_nothing_is_one_located_error_wherever_it_is(brochure_copy, name, old, new):
    edit(brochure_copy / name, old, new)
    messages = [m for m in errors_of(brochure_copy / "en.yaml") if "nothing visible to print" in m]
    assert len(messages) == 1, messages
    line = line_of(brochure_copy / name, new.strip().split(":")[0])
    assert messages[0].startswith(f"{brochure_copy / name}:{line}:")


# ---------------------------------------------------------------- loaded once per process, never stale


def test_an_edition_loaded_again_unchanged_is_the_one_loaded_before(translation_copy, monkeypatch):
    """--all loads a translation's source edition for its own render and again for each translation."""
    from brochure import load

    reads = []
    real_load = load._load
    monkeypatch.setattr(load, "_load", lambda path, report: reads.append(path) or real_load(path, report))
    first, warnings = load_edition(translation_copy / "en.yaml")
    again, warnings_again = load_edition(translation_copy / "en.yaml")
    assert again is first and warnings_again == warnings and warnings_again is not warnings
    assert reads == [translation_copy / "en.yaml"]


def test_an_edited_edition_is_loaded_again_even_within_one_clock_tick(brochure_copy):
    """The YAML files are compared by content: an edit of the same length in the same instant is seen."""
    en = brochure_copy / "en.yaml"
    before, _ = load_edition(en)
    assert before.title == "Stop Human Trafficking"
    edit(en, "title: Stop Human Trafficking", "title: Stop Human Traffickinq")  # same size
    after, _ = load_edition(en)
    assert after.title == "Stop Human Traffickinq"


@pytest.mark.parametrize("changed", ["brochure.yaml", "contacts.yaml", "logo.png"])
def test_an_edition_is_loaded_again_when_a_file_beside_it_changes(brochure_copy, changed):
    en = brochure_copy / "en.yaml"
    before, _ = load_edition(en)
    target = brochure_copy / changed
    target.write_bytes((target.read_bytes() if target.exists() else b"") + b"\n# changed\n")
    after, _ = load_edition(en)
    assert after is not before


def test_an_edition_with_errors_is_never_kept(brochure_copy):
    """Its errors are found again, word for word, each time it is loaded."""
    from brochure.diagnostics import BrochureError

    en = brochure_copy / "en.yaml"
    edit(en, "language: en-US", "language: 'e n'")
    messages = []
    for _ in range(2):
        with pytest.raises(BrochureError) as caught:
            load_edition(en)
        messages.append([f.message for f in caught.value.findings])
    assert messages[0] == messages[1] and "'e n' is not a language tag" in messages[0]
