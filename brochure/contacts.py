"""Load stage: contacts.yaml -> `Contact`s, and what a reference to a contact stands for.

In:  contacts.yaml (each phone number, web and postal address written once) and, later,
     the references editions make to it (`{hotline}`, `{hotline.fax}`, `[words](hotline)`).
Out: the checked contacts (numbers read with the phonenumbers data of their region) and,
     per reference, the printed text, its link and its `SpanKind`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, MutableSet
from pathlib import Path

import yaml

from .converters import read_keys
from .diagnostics import Finding, Report, Severity, did_you_mean
from .fields import Reader
from .inline import MarkupError, Resolved, Resolver
from .model import Contact, SpanKind
from .phones import PhoneNumber, PhoneProblem, check_extension, read_number, supported_regions
from .schema import CONTACT, CONTACTS_FILE
from .yamlsource import read_yaml

CONTACTS_FILE_NAME = "contacts.yaml"
NUMBER_FIELDS = ("phone", "toll_free", "fax", "text")
# What a tap on each field does; a fax and a postal address are printed, not linked.
FIELD_KINDS = {"phone": SpanKind.PHONE, "toll_free": SpanKind.PHONE, "text": SpanKind.SMS}
FIELD_KINDS |= {"email": SpanKind.EMAIL, "url": SpanKind.URL}
_URL = re.compile(r"^(https?://)?([A-Za-z0-9-]+\.)+[A-Za-z]{2,}(:\d+)?(/[^\s]*)?$")
_EMAIL = re.compile(r"^[^@\s]+@([A-Za-z0-9-]+\.)+[A-Za-z]{2,}$")


def load_contacts(path: Path, report: Report) -> tuple[dict[str, Contact], str]:
    """contacts.yaml at `path` -> the contacts by id and the file's region ("US" when absent)."""
    if not path.exists():
        return {}, "US"
    node = read_yaml(path, report)
    if node is None:
        return {}, "US"
    ctx = Reader(path.absolute(), report)
    top = read_keys(ctx, node, "", CONTACTS_FILE)
    region = region_of(ctx, top.get("region"), "region", "US")
    contacts: dict[str, Contact] = {}
    for contact_id, value_node in ctx.mapping(top.get("contacts"), "contacts", allowed=None).items():
        if not re.fullmatch(r"[A-Za-z_][\w-]*", contact_id):
            ctx.error(
                value_node,
                f"contacts.{contact_id}",
                f"'{contact_id}' cannot be used as a contact name",
                hint="use letters, digits and _ only",
            )
            continue
        contact = _contact(ctx, contact_id, value_node, region)
        report.findings.extend(fictional_numbers(contact))
        contacts[contact_id] = contact
    return contacts, region


def _contact(ctx: Reader, contact_id: str, node: yaml.Node, file_region: str) -> Contact:
    """One contact: its fields as written (kept even when wrong, so references to it add no second,
    misleading error) and its numbers that passed their check (only those are linked)."""
    cpath = f"contacts.{contact_id}"
    values = read_keys(ctx, node, cpath, CONTACT, what=f"contact '{contact_id}'")
    region = region_of(ctx, values.get("region"), f"{cpath}.region", file_region)
    extension = _extension(ctx, contact_id, values, cpath)
    fields: dict[str, object] = {}
    numbers: dict[str, PhoneNumber] = {}
    for name, field_node in values.items():
        fpath = f"{cpath}.{name}"
        if name in ("ext", "region"):
            continue
        if name == "address":
            lines = [ctx.string(n, fpath) for n in ctx.sequence(field_node, fpath)]
            if lines and all(lines):
                fields[name] = tuple(lines)
            continue
        value = ctx.string(field_node, fpath)
        if value is None:
            continue
        if name in ("url", "email") and value != value.strip():
            # A link with a space or line break in it does not open; decided: refused, not trimmed.
            ctx.error(
                field_node,
                fpath,
                f"'{value.strip()}' has a space or a line break before or after it",
                hint="write the address on one line, without spaces (check for a \\n in quotes)",
            )
            fields[name] = value.strip()
            continue
        fields[name] = value
        if name in NUMBER_FIELDS:
            try:
                numbers[name] = read_number(value, region, name, extension if name == "phone" else "")
            except PhoneProblem as problem:
                ctx.error(field_node, fpath, problem.message, hint=problem.hint)
            continue
        malformed = _check_address(name, value)
        if malformed:
            ctx.error(field_node, fpath, malformed[0], hint=malformed[1])
    if not set(values) - {"ext", "region"} and isinstance(node, yaml.MappingNode):
        ctx.error(node, cpath, f"contact '{contact_id}' has no phone, address, e-mail or web address")
    sources = {name: ctx.loc(value) for name, value in values.items()}
    return Contact(contact_id, fields, ctx.loc(node), region, numbers, sources)


def _extension(ctx: Reader, contact_id: str, values: dict[str, yaml.Node], cpath: str) -> str:
    """`ext: "12"`: the phone's extension, checked; "" when absent or wrong (reported)."""
    extension = ctx.string(values.get("ext"), f"{cpath}.ext") or ""
    if not extension:
        return ""
    try:
        check_extension(extension)
    except PhoneProblem as problem:
        ctx.error(values["ext"], f"{cpath}.ext", problem.message, hint=problem.hint)
        extension = ""
    if "phone" not in values:
        ctx.error(
            values["ext"],
            f"{cpath}.ext",
            f"contact '{contact_id}' has an extension but no phone",
            hint="ext: is the extension of the contact's phone: add phone:, or remove ext:",
        )
    return extension


def _check_address(name: str, value: str) -> tuple[str, str] | None:
    """Return (message, hint) when a URL or e-mail address is malformed (numbers: see phones.py)."""
    if name == "url" and not _URL.fullmatch(value):
        return (
            f"'{value}' is not a web address",
            "write it as printed, e.g. www.ct.gov/ova or https://example.org/page",
        )
    if name == "email" and not _EMAIL.fullmatch(value):
        return (f"'{value}' is not an e-mail address", "e.g. info@example.org")
    return None


def region_of(ctx: Reader, node: yaml.Node | None, path: str, default: str) -> str:
    """A country code (ISO 3166, as phonenumbers knows them) for reading phone numbers."""
    if node is None:
        return default
    region = (ctx.string(node, path) or default).upper()
    if region not in supported_regions():
        known = sorted(supported_regions())
        ctx.error(
            node,
            path,
            f"unknown country code '{region}'{did_you_mean(region, known) if region != 'UK' else ''}",
            hint="the United Kingdom is GB"
            if region == "UK"
            else "a two-letter ISO 3166 country code such as US, CA, GB, DE, FR, BR",
        )
        return default
    return region


def fictional_numbers(contact: Contact) -> list[Finding]:
    """A warning for each of the contact's numbers that lies in a range kept for fiction.

    Made the same way by the loader and by preflight (which makes `--strict` refuse them), so that a
    run that reports both prints it once.
    """
    return [
        Finding(
            Severity.WARNING,
            f"'{number.text}' is a number kept for fiction: it reaches no one",
            contact.field_sources.get(name, contact.source),
            f"contacts.{contact.id}.{name}",
            "fine in a sample; put the organisation's real number here before printing (--strict refuses it)",
        )
        for name, number in contact.numbers.items()
        if number.fictional
    ]


def no_such_contact(contact_id: str, contacts: Mapping[str, Contact]) -> tuple[str, str]:
    """(message, hint) for a reference to a contact contacts.yaml does not have."""
    return (
        f"no contact '{contact_id}' in {CONTACTS_FILE_NAME}{did_you_mean(contact_id, list(contacts))}",
        f"add it to {CONTACTS_FILE_NAME} or correct the name",
    )


def resolve_field(contact: Contact, name: str, labels: Mapping[str, str]) -> Resolved:
    """The printed text of one contact field, the link a reader's phone or browser follows, and its kind.

    A number that failed its check (already reported) is printed without a link. Raises MarkupError
    when the phone has an extension and the edition has no word to print before it.
    """
    value = contact.fields[name]
    if name == "address":
        assert isinstance(value, tuple)
        return Resolved(", ".join(value), None)
    number = contact.numbers.get(name)
    if name in ("phone", "toll_free") and number is not None:
        if number.extension and not labels.get("ext"):
            raise MarkupError(
                f"contact '{contact.id}' has an extension (ext: {number.extension}), but labels.ext is not set",
                "add under labels: ext: <the word printed before an extension in this edition's language, e.g. ext.>",
            )
        return Resolved(number.printed(labels.get("ext", "")), number.link, SpanKind.PHONE)
    link = field_link(contact, name)
    return Resolved(str(value), link, FIELD_KINDS.get(name, SpanKind.PLAIN) if link else SpanKind.PLAIN)


def field_link(contact: Contact, name: str) -> str | None:
    """The link target of one contact field: what a tap on it (or a scan of its QR code) opens.

    None for a fax and a postal address (printed, not linked: a phone cannot call a fax usefully),
    and for a number that failed its check (already reported)."""
    value = contact.fields[name]
    number = contact.numbers.get(name)
    if name in ("phone", "toll_free"):
        return number.link if number is not None else None
    if name == "text":
        return number.sms_link if number else None
    if name == "email":
        return "mailto:" + str(value)
    if name == "url":
        text = str(value)
        return text if re.match(r"https?://", text) else "https://" + text
    return None


def reference_resolver(contacts: Mapping[str, Contact], labels: Mapping[str, str], used: MutableSet[str]) -> Resolver:
    """The resolver inline markup calls for `{id}`, `{id.field}` and `[words](id)`; marks each contact used."""

    def resolve(contact_id: str, field_name: str | None, as_link: bool) -> Resolved:
        contact = contacts.get(contact_id)
        if contact is None:
            raise MarkupError(*no_such_contact(contact_id, contacts))
        used.add(contact_id)
        if field_name is None:
            if as_link:
                # Words linked to a phone would hide the number from everyone reading the paper copy,
                # and preflight could not check the link against a number printed there.
                field_name = next((f for f in ("url", "email") if f in contact.fields), None)
                if field_name is None:
                    raise MarkupError(
                        f"[words]({contact_id}) links words to a web or e-mail address, "
                        f"but contact '{contact_id}' has neither",
                        f"print its number itself: write {{{contact_id}}}",
                    )
                return resolve_field(contact, field_name, labels)
            primary = ("phone", "url", "email", "text")
            field_name = next((f for f in primary if f in contact.fields), None)
            if field_name is None:
                raise MarkupError(f"contact '{contact_id}' has no phone number or address to print here")
        elif field_name not in contact.fields:
            raise MarkupError(
                f"contact '{contact_id}' has no '{field_name}'{did_you_mean(field_name, list(contact.fields))}",
                f"it has: {', '.join(contact.fields)}",
            )
        return resolve_field(contact, field_name, labels)

    return resolve
