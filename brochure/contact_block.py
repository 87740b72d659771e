"""Load stage: a `- contact: id` block -> a `ContactBlock` of printed lines.

Presentation decided at load, once: which fields are shown (all, or `show:`), in the order
of CONTACT_FIELDS; each field a line of spans, the edition's label before it ("Fax:"), its
number unbreakable and linked with its kind (so the layout sets numbers bold without
looking at the link).
"""

from __future__ import annotations

from collections.abc import Mapping

import yaml

from . import contacts
from .block_context import BlockContext
from .converters import Tagged, value_of
from .diagnostics import did_you_mean
from .inline import MarkupError
from .model import Color, Contact, ContactBlock, ContactStyle, Span, Text
from .schema import BLOCKS, CONTACT_FIELDS

# Fields whose value needs a word in front of it ("Fax: ..."); each edition gives it in its language.
LABELLED_FIELDS = ("toll_free", "fax", "text")
_SPEC = BLOCKS["contact"].spec


def contact_block(bc: BlockContext, block: Tagged, path: str, background: Color | None) -> ContactBlock | None:
    """The block's contact, its shown fields as lines, its name (`name:`) and style; None when the
    contact does not exist (reported)."""
    ctx = bc.reader
    values = block.values
    main = values["contact"]
    contact_id = ctx.string(main, path)
    contact = bc.contact(main, path, contact_id) if contact_id is not None else None
    if contact is None:
        return None
    shown = _shown_fields(bc, contact, values, path)
    lines: list[Text] = []
    for name in shown:
        value = contact.fields[name]
        if name == "address":
            assert isinstance(value, tuple)
            lines.extend((Span(line, contact=contact.id),) for line in value)
            continue
        label = bc.labels.get(name, "")
        if name in LABELLED_FIELDS and not label:
            ctx.error(
                main,
                path,
                f"contact '{contact.id}' shows its '{name}', but labels.{name} is not set",
                hint=f"add under labels: {name}: <the word printed before it, in this edition's language>",
            )
        try:
            resolved = contacts.resolve_field(contact, name, bc.labels)  # by module: tests replace it
        except MarkupError as error:
            ctx.error(main, path, str(error), hint=error.hint)
            continue
        number = Span(resolved.text, link=resolved.link, unbreakable=True, contact=contact.id, kind=resolved.kind)
        lines.append((Span(label + " "), number) if label else (number,))
    name_text = value_of(bc, values, path, _SPEC, "name")
    style = value_of(bc, values, path, _SPEC, "style")
    assert isinstance(name_text, tuple) and isinstance(style, ContactStyle)
    return ContactBlock(contact.id, name_text, tuple(lines), style, ctx.loc(block.node), background)


def _shown_fields(bc: BlockContext, contact: Contact, values: Mapping[str, yaml.Node], path: str) -> list[str]:
    """The fields `show:` names (each checked), or all the contact has; in the order of CONTACT_FIELDS."""
    shown = list(contact.fields)
    if "show" in values:
        shown = []
        for i, field_node in enumerate(bc.reader.sequence(values["show"], f"{path}.show")):
            name = bc.reader.string(field_node, f"{path}.show[{i}]")
            if name is None:
                continue
            if name not in contact.fields:
                bc.reader.error(
                    field_node,
                    f"{path}.show[{i}]",
                    f"contact '{contact.id}' has no '{name}'{did_you_mean(name, list(contact.fields))}",
                    hint=f"it has: {', '.join(contact.fields)}",
                )
            else:
                shown.append(name)
    shown.sort(key=CONTACT_FIELDS.index)
    return shown
