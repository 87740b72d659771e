"""Load stage: what every block of an edition is read with, as one frozen object.

`BlockContext` replaces the loose (ctx, design, contacts, labels, used_contacts) parameters:
the file's reader, the design (its colours), the contacts and the edition's labels, the
collector of the contacts the edition uses, and how text is read (smart quotes, region).
`markup` turns one node into spans; `link_target` finds the contact an image or QR code opens.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .contacts import CONTACTS_FILE_NAME, field_link, no_such_contact, reference_resolver
from .fields import Reader, visible
from .inline import parse_inline
from .model import Color, Contact, Design, Text
from .phones import look_alikes
from .typography import smarten

_LOOK_ALIKE_FIELDS = {"phone number": "phone", "web address": "url", "e-mail address": "email"}


@dataclass(frozen=True)
class LinkTarget:
    """The contact field an image or QR code opens, and the link itself."""

    contact_id: str
    field: str
    link: str


@dataclass(frozen=True)
class BlockContext:
    """The edition's surroundings while its blocks are read. `used_contacts` collects (it is the one
    mutable part): every contact a block or a reference names, for the check of unused contacts."""

    reader: Reader
    design: Design
    contacts: Mapping[str, Contact]
    labels: Mapping[str, str]
    folder: Path  # the brochure's folder: images are found there
    region: str = "US"  # text is read as prose of this country (numbers typed into it)
    smart_quotes_language: str | None = None  # the language whose quotes text gets; None: as typed
    used_contacts: set[str] = field(default_factory=set)

    @property
    def colors(self) -> Mapping[str, Color]:
        return self.design.colors

    def markup(self, node: yaml.Node, path: str) -> Text:
        """One text value with inline markup -> spans; () when it is not text (reported)."""
        raw = self.reader.string(node, path)
        if raw is None:
            return ()
        if self.smart_quotes_language:
            raw = smarten(raw, self.smart_quotes_language)
        spans, errors = parse_inline(raw, reference_resolver(self.contacts, self.labels, self.used_contacts))
        for error in errors:
            self.reader.error(node, path, str(error), hint=error.hint)
        # Markup around nothing ("** **") draws nothing; text with nothing visible was reported when it was read.
        if not errors and visible(raw) and not any(visible(span.text) for span in spans):
            self.reader.error(node, path, "the text has nothing visible to print", hint="write the text, or remove it")
        self._typed_contacts(node, path, spans)
        return spans

    def _typed_contacts(self, node: yaml.Node, path: str, spans: Text) -> None:
        """A number or address typed into the text would be printed unchecked and unlinked: it belongs in
        contacts.yaml, where it is checked once and linked everywhere it is used."""
        for span in spans:
            if span.contact:
                continue  # filled in from contacts.yaml (or words linked to a contact)
            for found in look_alikes(span.text, self.region):
                self.reader.error(
                    node,
                    path,
                    f"'{found.text}' looks like a {found.what} typed into the text",
                    hint=f"add a contact with {_LOOK_ALIKE_FIELDS[found.what]}: {found.text} to {CONTACTS_FILE_NAME} "
                    "and write {its name} here: it is then checked, linked, and changed in one place",
                )

    def contact(self, node: yaml.Node, path: str, contact_id: str) -> Contact | None:
        """The contact `contact_id` named at `node`, marked used; None (reported) when there is none."""
        contact = self.contacts.get(contact_id)
        if contact is None:
            message, hint = no_such_contact(contact_id, self.contacts)
            self.reader.error(node, path, message, hint=hint)
            return None
        self.used_contacts.add(contact_id)
        return contact

    def link_target(self, node: yaml.Node, path: str, fields: tuple[str, ...]) -> LinkTarget | None:
        """The contact named by `node` and its first field of `fields` that it has, with the link."""
        contact_id = self.reader.string(node, path)
        contact = self.contact(node, path, contact_id) if contact_id is not None else None
        if contact is None:
            return None
        field_name = next((f for f in fields if f in contact.fields), None)
        if field_name is None:
            self.reader.error(
                node,
                path,
                f"contact '{contact.id}' has nothing to link to (no {', '.join(fields)})",
                hint=f"it has: {', '.join(contact.fields)}",
            )
            return None
        # The same target a tap on the contact's number or address follows in the text.
        link = field_link(contact, field_name)
        if link is None:
            return None  # a number that failed its check: already reported at its line in contacts.yaml
        return LinkTarget(contact.id, field_name, link)
