"""Every number dials, in every country: numbers are read in their contact's country, linked as E.164
(short numbers as their digits, extensions as ;ext=), and preflight reads every tel: link back."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from helpers import CT_DIALLED, edit, errors_of, line_of, run

from brochure.draw import draw
from brochure.fold import OutputKind
from brochure.layout import TextRun
from brochure.load import load_edition
from brochure.model import ContactBlock, PanelRole, plain_text
from brochure.phones import PhoneProblem, link_for_printed, look_alikes, read_number
from brochure.pipeline import Job, lay_out_job, render
from brochure.preflight import preflight


def links_of(rendered) -> set[str]:
    from brochure.pdffacts import PdfFacts

    facts = PdfFacts(rendered.pdf)
    return {link.uri for page in (1, 2) for link in facts.links(page)}


def messages(findings) -> str:
    return "\n".join(f.format() for f in findings)


# ---------------------------------------------------------------- item 20: links in the brochure's country


@pytest.mark.parametrize(
    "region, written, link",
    [
        ("US", "1-888-373-7888", "tel:+18883737888"),
        ("US", "(860) 550-6632", "tel:+18605506632"),
        ("US", "911", "tel:911"),
        ("US", "211", "tel:211"),
        ("GB", "0808 800 4444", "tel:+448088004444"),
        ("GB", "020 7946 0958", "tel:+442079460958"),
        ("GB", "999", "tel:999"),
        ("GB", "111", "tel:111"),
        ("GB", "116 123", "tel:116123"),
        ("DE", "030 901820", "tel:+4930901820"),
        ("DE", "0800 1110111", "tel:+498001110111"),
        ("DE", "110", "tel:110"),
        ("DE", "112", "tel:112"),
        ("FR", "01 40 20 50 50", "tel:+33140205050"),
        ("FR", "3919", "tel:3919"),
        ("FR", "15", "tel:15"),
        ("BR", "(61) 3411-1000", "tel:+556134111000"),
        ("BR", "0800 61 0101", "tel:+55800610101"),
        ("BR", "190", "tel:190"),
        ("AU", "000", "tel:000"),
        # written with + and its country code: read in its own country, whatever the brochure's region
        ("US", "+44 20 7946 0958", "tel:+442079460958"),
        ("DE", "+1 888-373-7888", "tel:+18883737888"),
        ("GB", "+33 1 40 20 50 50", "tel:+33140205050"),
    ],
)
def test_a_number_links_as_dialled_in_its_region(region, written, link):
    assert read_number(written, region).link == link


@pytest.mark.parametrize(
    "region, written",
    [("GB", "0808 800 444"), ("DE", "030 9"), ("US", "020 7946 0958"), ("FR", "01 40 20 50"), ("BR", "(61) 3411")],
)
def test_a_number_that_is_not_valid_in_its_region_is_refused(region, written):
    with pytest.raises(PhoneProblem, match=f"is not a valid phone number in region {region}"):
        read_number(written, region)


def test_a_short_number_of_another_country_is_refused():
    with pytest.raises(PhoneProblem, match="'999' is not a valid phone number in region US"):
        read_number("999", "US")
    with pytest.raises(PhoneProblem, match="'911' is not a valid phone number in region DE"):
        read_number("911", "DE")


def _make_british(folder: Path, ext_label: str | None = "ext.") -> None:
    """The seed brochure as a Bristol organisation would write it: region GB, British numbers."""
    contacts = folder / "contacts.yaml"
    for old, new in (
        ("region: US", "region: GB"),
        ('phone: "911"', 'phone: "999"'),
        ("phone: 1-888-373-7888", "phone: 0808 800 4444"),
        ("phone: 1-866-347-2423", "phone: 0800 555 111"),
        ("phone: 1-866-872-4973", "phone: 0300 303 3500"),
        ("phone: 860-550-6632", 'phone: 0117 496 0456\n    ext: "12"'),
        ("toll_free: 1-888-771-3126", "toll_free: 0808 802 9999"),
        ("fax: 860-560-7065", "fax: 0117 496 0999"),
    ):
        edit(contacts, old, new)
    if ext_label:
        edit(folder / "en.yaml", '  fax: "Fax:"\n', f'  fax: "Fax:"\n  ext: "{ext_label}"\n')


def test_a_british_brochure_links_british_numbers(brochure_copy):
    _make_british(brochure_copy)
    rendered = render(Job(brochure_copy / "en.yaml", "letter"))
    assert rendered.preflight.errors == [], messages(rendered.preflight.errors)
    links = links_of(rendered)
    assert {
        "tel:999",
        "tel:+448088004444",
        "tel:+44800555111",
        "tel:+443003033500",
        "tel:+441174960456;ext=12",
        "tel:+448088029999",
    } <= links
    assert not any(link.startswith("tel:+1") for link in links)
    assert rendered.preflight.facts["numbers_checked"] == 7  # 999, the hotline twice, four more


def test_a_contact_may_have_its_own_region(brochure_copy):
    edit(
        brochure_copy / "contacts.yaml",
        "  unodc:\n",
        "  uk_line:\n    region: GB\n    phone: 0808 800 4444\n  unodc:\n",
    )
    edit(brochure_copy / "en.yaml", "      - contact: unodc\n", "      - contact: uk_line\n      - contact: unodc\n")
    edition, _ = load_edition(brochure_copy / "en.yaml")
    assert edition.contacts["uk_line"].region == "GB" and edition.contacts["national_hotline"].region == "US"
    rendered = render(Job(brochure_copy / "en.yaml", "letter"), edition)
    assert rendered.preflight.errors == []
    assert "tel:+448088004444" in links_of(rendered)


def test_a_number_written_with_plus_dials_its_own_country_in_a_us_brochure(brochure_copy):
    edit(brochure_copy / "contacts.yaml", "phone: 1-866-347-2423", "phone: +33 1 40 20 50 50")
    rendered = render(Job(brochure_copy / "en.yaml", "letter"))
    assert rendered.preflight.errors == []
    assert "tel:+33140205050" in links_of(rendered) and "tel:+18663472423" not in links_of(rendered)


def test_preflight_catches_a_number_linked_as_if_it_were_american(brochure_copy, monkeypatch):
    """The original fault: a GB brochure whose numbers were linked by reading them as US numbers."""
    import phonenumbers

    from brochure import contacts as contacts_module

    _make_british(brochure_copy)
    resolve = contacts_module.resolve_field

    def as_if_american(contact, name, labels):
        resolved = resolve(contact, name, labels)
        if resolved.link and resolved.link.startswith("tel:+"):
            number = phonenumbers.parse(contact.fields[name], "US")
            resolved = replace(resolved, link="tel:" + phonenumbers.format_number(number, 0))
        return resolved

    monkeypatch.setattr(contacts_module, "resolve_field", as_if_american)
    report = render(Job(brochure_copy / "en.yaml", "letter")).preflight
    text = messages(report.errors)
    assert (
        "page 1: '0808 800 4444' is linked to tel:+108088004444, but read as a number of GB it dials "
        "tel:+448088004444" in text
    )
    assert text.count("is linked to tel:+1") >= 4


def test_preflight_catches_a_link_to_another_number(office_letter):
    """A hand-made layout whose hotline run links one digit off: the PDF's own text convicts it."""
    layout = office_letter.layout
    panels = []
    for panel in layout.panels:
        blocks = []
        for block in panel.blocks:
            runs = tuple(
                replace(run, link="tel:+18883737889") if run.link == "tel:+18883737888" else run for run in block.runs
            )
            blocks.append(replace(block, runs=runs))
        panels.append(replace(panel, blocks=tuple(blocks)))
    wrong = replace(layout, panels=tuple(panels))
    report = preflight(wrong, draw(wrong))
    assert (
        "'1-888-373-7888' is linked to tel:+18883737889, but read as a number of US it dials tel:+18883737888"
        in messages(report.errors)
    )


def test_the_seed_brochure_links_stay_exactly_the_same(office_letter):
    assert office_letter.preflight.facts["numbers_checked"] == 7
    assert CT_DIALLED <= links_of(office_letter)


def test_link_for_printed_reads_the_extension_after_the_label():
    assert link_for_printed("0117 496 0456 ext. 12", "GB", "tel", "ext.") == "tel:+441174960456;ext=12"
    assert link_for_printed("0117 496 0456 Durchwahl 12", "GB", "tel", "Durchwahl") == "tel:+441174960456;ext=12"
    assert link_for_printed("233733", "US", "sms") == "sms:233733"
    assert link_for_printed("Call us", "US") is None


# ---------------------------------------------------------------- item 21: extensions


@pytest.mark.parametrize(
    "written", ["0117 496 0456 ext. 12", "0117 496 0456 #12", "0117 496 0456, 12", "01174960456x12"]
)
def test_an_extension_inside_the_number_is_refused_and_points_to_ext(written):
    with pytest.raises(PhoneProblem) as caught:
        read_number(written, "GB")
    assert caught.value.message == f"'{written}' has an extension written into the number"
    assert "phone: 0117 496 0456 and ext: 12" in caught.value.hint


def test_an_extension_is_printed_with_the_editions_label_and_linked(brochure_copy):
    _make_british(brochure_copy, ext_label="ext.")
    edition, _ = load_edition(brochure_copy / "en.yaml")
    advocate = edition.panel(PanelRole.BACK_COVER).blocks[-1]
    assert isinstance(advocate, ContactBlock)
    [phone] = [s for line in advocate.lines for s in line if s.link and s.link.startswith("tel:+44117")]
    assert phone.text == "0117 496 0456 ext. 12" and phone.link == "tel:+441174960456;ext=12"
    assert phone.unbreakable


def test_an_extension_needs_the_editions_label(brochure_copy):
    _make_british(brochure_copy, ext_label=None)
    [message] = [m for m in errors_of(brochure_copy / "en.yaml") if ": error: " in m]
    assert "contact 'ct_victim_advocate' has an extension (ext: 12), but labels.ext is not set" in message


def test_an_extension_must_be_digits_and_belong_to_a_phone(brochure_copy):
    contacts = brochure_copy / "contacts.yaml"
    edit(contacts, "    url: www.unodc.org\n", '    url: www.unodc.org\n    ext: "12"\n')
    edit(contacts, "phone: 1-866-347-2423", "phone: 1-866-347-2423\n    ext: 12a")
    joined = "\n".join(errors_of(brochure_copy / "en.yaml"))
    assert "contact 'unodc' has an extension but no phone" in joined
    assert f"{contacts}:{line_of(contacts, 'ext: 12a')}:" in joined and "'12a' is not an extension" in joined


def test_hints_give_an_example_of_the_brochures_own_region():
    with pytest.raises(PhoneProblem) as caught:
        read_number("0117 496 FOUR", "GB")
    assert "contains letters" in caught.value.message
    assert "0121 234 5678" in caught.value.hint and "555" not in caught.value.hint
    with pytest.raises(PhoneProblem) as caught:
        read_number("030 9", "DE")
    assert "030 123456" in caught.value.hint


# ---------------------------------------------------------------- item 22: wording, fiction


def test_no_hint_speaks_of_victims():
    for written, region, kind in [
        ("1-888-373-788", "US", "phone"),
        ("0808 800 444", "GB", "phone"),
        ("860-550-6632", "US", "toll_free"),
        ("1-800-FLOWERS", "US", "phone"),
        ("0117 496 0456 ext. 12", "GB", "phone"),
        ("1-888-373-7888 or 860-550-6632", "US", "phone"),
        ("+44 20 7946 09", "US", "phone"),
        ("nothing", "FR", "phone"),
    ]:
        with pytest.raises(PhoneProblem) as caught:
            read_number(written, region, kind)
        assert "victim" not in (caught.value.message + caught.value.hint).lower()


@pytest.mark.parametrize(
    "region, written",
    [("US", "860-555-0142"), ("GB", "020 7946 0958"), ("GB", "0117 496 0456"), ("GB", "01632 960 123")],
)
def test_numbers_kept_for_fiction_are_accepted_alike_and_flagged(region, written):
    number = read_number(written, region)
    assert number.fictional and number.link.startswith("tel:+")


def test_a_fictional_number_warns_at_load_and_fails_strict(brochure_copy, tmp_path):
    contacts = brochure_copy / "contacts.yaml"
    edit(contacts, "phone: 1-866-347-2423", "phone: 860-555-0142")
    _, warnings = load_edition(brochure_copy / "en.yaml")
    assert "'860-555-0142' is a number kept for fiction: it reaches no one" in messages(warnings)
    status, _, err = run(brochure_copy / "en.yaml", "-o", tmp_path / "a.pdf")
    assert status == 0 and err.count("is a number kept for fiction") == 1  # load and preflight: said once
    status, _, err = run(brochure_copy / "en.yaml", "--strict", "-o", tmp_path / "b.pdf")
    assert status == 1 and "is a number kept for fiction" in err and not (tmp_path / "b.pdf").exists()


# ---------------------------------------------------------------- item 23: typed numbers and addresses


def test_look_alikes_find_numbers_and_addresses_but_not_years_or_amounts():
    found = look_alikes(
        "Call 860-555-0199 or +44 20 7946 0958, see www.example.org or ICE.gov/tips, mail info@example.org. "
        "In 2012, 27 million people; 50% are children; 911.",
        "US",
    )
    assert [(f.text, f.what) for f in found] == [
        ("860-555-0199", "phone number"),
        ("+44 20 7946 0958", "phone number"),
        ("www.example.org", "web address"),
        ("ICE.gov/tips", "web address"),
        ("info@example.org", "e-mail address"),
    ]
    assert [f.text for f in look_alikes("Ring 020 7946 0958 today", "GB")] == ["020 7946 0958"]


def test_a_number_typed_into_a_paragraph_is_a_located_error(brochure_copy):
    en = brochure_copy / "en.yaml"
    edit(en, "Works excessively.", "Works excessively. Call 860-555-0199 or see www.example.org.")
    joined = "\n".join(errors_of(en))
    line = line_of(en, "860-555-0199")
    assert f"{en}:{line}:" in joined
    assert "'860-555-0199' looks like a phone number typed into the text" in joined
    assert "'www.example.org' looks like a web address typed into the text" in joined
    assert "add a contact with phone: 860-555-0199 to contacts.yaml and write {its name} here" in joined


def test_words_cannot_hide_a_phone_number(brochure_copy):
    en = brochure_copy / "en.yaml"
    edit(en, "Hotline at {national_hotline}", "Hotline, [call now](national_hotline)")
    [message] = errors_of(en)
    assert "[words](national_hotline) links words to a web or e-mail address" in message


def test_preflight_refuses_an_unlinked_number_in_a_hand_made_layout(office_letter):
    """What the loader refuses could still reach the PDF through a layout bug: preflight catches it."""
    layout = office_letter.layout
    panel = layout.panel(PanelRole.INSIDE_LEFT)
    first = panel.blocks[0]
    model = first.runs[0]
    typed = TextRun(model.x, model.y - 200, "Call 860-555-0199 or www.example.org", model.font, 9.5, model.color, 150)
    changed = replace(panel, blocks=(replace(first, runs=first.runs + (typed,)),) + panel.blocks[1:])
    wrong = replace(layout, panels=tuple(changed if p is panel else p for p in layout.panels))
    text = messages(preflight(wrong, draw(wrong)).errors)
    assert "page 2: '860-555-0199' looks like a phone number but is not a link" in text
    assert "page 2: 'www.example.org' looks like a web address but is not a link" in text


def test_a_fax_number_stays_unlinked_on_purpose(office_letter):
    assert not any(uri.startswith("tel:+1860560") for uri in links_of(office_letter))
    assert office_letter.preflight.errors == []


# ---------------------------------------------------------------- item 16: two numbers in one field


def test_two_numbers_in_one_field_are_a_located_error(brochure_copy):
    contacts = brochure_copy / "contacts.yaml"
    edit(contacts, "phone: 1-888-373-7888", "phone: 1-888-373-7888 or 860-550-6632")
    [message] = errors_of(brochure_copy / "en.yaml")
    assert message.startswith(f"{contacts}:{line_of(contacts, '7888 or')}:")
    assert "holds 2 phone numbers (1-888-373-7888, 860-550-6632)" in message


def test_a_british_press_edition_on_a4_passes_preflight(brochure_copy):
    _make_british(brochure_copy)
    _, _, layout, _ = lay_out_job(Job(brochure_copy / "en.yaml", "a4", OutputKind.PRESS))
    report = preflight(layout, draw(layout))
    assert report.errors == []
    advocate = layout.edition.panel(PanelRole.BACK_COVER).blocks[-1]
    assert "0117 496 0456 ext. 12" in [plain_text(line) for line in advocate.lines]
