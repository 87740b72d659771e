"""Cross-edition checks (load stage): does a translation say everything its source says?

In:  loaded `Edition`s of one brochure.
Out: findings: a block the translation is missing or has extra (errors: a dropped
     block is text lost), a block identical to the source in another language
     (warning: probably not translated yet), a contact no edition uses (warning),
     a term of the brochure's term list not rendered as approved (warning, see
     `check_terms`); and the blocks of both editions side by side (`paired_blocks`)
     for the review sheet.

Blocks are compared by their shape, not their words: kind, heading level, which
contact a block shows or mentions, how many bullets. A block marked `local: true`
belongs to one edition only (the hotline's Spanish text line) and is not compared.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .diagnostics import Finding, Location, Severity, display_path
from .model import (
    Block,
    BulletItem,
    BulletList,
    ContactBlock,
    Edition,
    Heading,
    Image,
    Panel,
    PanelRole,
    QrCode,
    Spacer,
    Table,
    block_kind,
    block_texts,
    plain_text,
)

if TYPE_CHECKING:  # the term list is read only for a translation (check_translation): every render needs the rest
    from .terms import Rendering, TermList

# A list's shape: one entry per bullet, each the shape of its sub-list.
BulletShape = tuple["BulletShape", ...]


def _bullet_shape(items: tuple[BulletItem, ...]) -> BulletShape:
    return tuple(_bullet_shape(item.children) for item in items)


def _contact_refs(block: Block) -> tuple[str, ...]:
    """The contacts a block's text mentions, sorted."""
    return tuple(sorted({span.contact for text in block_texts(block) for span in text if span.contact}))


def signature(block: Block) -> tuple[object, ...]:
    """What must match between a block and its translation."""
    kind = block_kind(block)
    refs = _contact_refs(block)
    if isinstance(block, Heading):
        return (kind, block.level.value, refs)
    if isinstance(block, BulletList):
        return (kind, _bullet_shape(block.items), refs)
    if isinstance(block, ContactBlock):
        return (kind, block.contact_id, block.style.value, bool(block.name), refs)
    if isinstance(block, Image):
        return (kind, block.path.name)
    if isinstance(block, Spacer):
        return (kind, round(block.height, 2))
    if isinstance(block, QrCode):
        return (kind, block.contact_id, block.field, bool(block.caption))
    if isinstance(block, Table):
        return (kind, bool(block.header), len(block.rows), len(block.rows[0]) if block.rows else 0, refs)
    return (kind, refs)


def describe(block: Block) -> str:
    kind = block_kind(block)
    if isinstance(block, ContactBlock):
        return f"contact '{block.contact_id}'"
    texts = block_texts(block)
    if texts:
        words = plain_text(texts[0]).replace("\n", " ")
        return f'{kind} "{words[:40]}{"..." if len(words) > 40 else ""}"'
    return kind


def _compared(panel: Panel) -> list[tuple[int, Block]]:
    return [(i, block) for i, block in enumerate(panel.all_blocks) if i not in panel.local_blocks]


def compare_with_source(source: Edition, translation: Edition) -> list[Finding]:
    """Every structural difference between a translation and its source, by panel and block."""
    findings: list[Finding] = []
    source_file = display_path(source.path)
    same_language = source.language.split("-")[0].lower() == translation.language.split("-")[0].lower()
    for source_panel in source.panels:
        panel = translation.panel(source_panel.role)
        where = f"panel '{panel.role.value}'"
        theirs = _compared(source_panel)
        ours = _compared(panel)
        import difflib  # translations only: not on the start-up path of every render

        matcher = difflib.SequenceMatcher(
            None, [signature(b) for _, b in theirs], [signature(b) for _, b in ours], autojunk=False
        )
        for tag, i1, i2, j1, j2 in matcher.get_opcodes():
            if tag == "equal":
                if not same_language:
                    findings.extend(_untranslated(theirs[i1:i2], ours[j1:j2], source_file, where))
                continue
            if tag == "replace" and i2 - i1 == j2 - j1:
                for (index, block), (_, source_block) in zip(ours[j1:j2], theirs[i1:i2]):
                    findings.append(
                        Finding(
                            Severity.ERROR,
                            f"block {index + 1} ({describe(block)}) does not match the source: "
                            f"{_difference(source_block, block)} (see {source_file}:{source_block.source.line})",
                            block.source,
                            where,
                            hint="a translation keeps the source's block types, contacts and number of bullets",
                        )
                    )
                continue
            for index, block in theirs[i1:i2]:
                at = ours[j1][1].source if j1 < len(ours) else panel.source
                findings.append(
                    Finding(
                        Severity.ERROR,
                        f"missing here: block {index + 1} of {source_file} "
                        f"({describe(block)}, line {block.source.line})",
                        at,
                        where,
                        hint="translate it here, in the same order as the source edition",
                    )
                )
            for index, block in ours[j1:j2]:
                findings.append(
                    Finding(
                        Severity.ERROR,
                        f"block {index + 1} ({describe(block)}) is not in the source edition {source_file}",
                        block.source,
                        where,
                        hint="remove it, or mark it 'local: true' if it belongs to this language only",
                    )
                )
    return findings


def _difference(source: Block, block: Block) -> str:
    """In words, how a translated block differs in shape from its source block."""
    theirs, ours = signature(source), signature(block)
    if theirs[0] != ours[0]:
        return f"the source has a {theirs[0]} here"
    if isinstance(source, BulletList) and isinstance(block, BulletList):
        their_shape, our_shape = _bullet_shape(source.items), _bullet_shape(block.items)
        if their_shape != our_shape:
            return f"{_count(our_shape)} bullets here, {_count(their_shape)} in the source"
    # The contacts mentioned, not the signature's last item: an image, spacer or QR code signs without them.
    their_refs, our_refs = _contact_refs(source), _contact_refs(block)
    if their_refs != our_refs:

        def names(refs: tuple[str, ...]) -> str:
            return ", ".join("{" + ref + "}" for ref in refs) or "no contact"

        return f"it mentions {names(our_refs)}, the source {names(their_refs)}"
    return "its options differ (level, style or contact)"


def _count(shape: BulletShape) -> int:
    return len(shape) + sum(_count(child) for child in shape)


def _untranslated(
    theirs: list[tuple[int, Block]], ours: list[tuple[int, Block]], source_file: str, where: str
) -> list[Finding]:
    findings: list[Finding] = []
    for (_, source_block), (index, block) in zip(theirs, ours):
        for source_text, text in zip(block_texts(source_block), block_texts(block)):
            words = plain_text(text).replace("\n", " ")  # a forced line break: one line in a message
            prose = "".join(span.text for span in text if not span.contact)
            if words == plain_text(source_text).replace("\n", " ") and len(re.findall(r"[^\W\d_]{3,}", prose)) >= 2:
                findings.append(
                    Finding(
                        Severity.WARNING,
                        f'block {index + 1} looks untranslated: "{words[:50]}" is word for word as in {source_file}',
                        block.source,
                        where,
                        hint="translate it, unless it is a name that stays in English",
                    )
                )
                break
    return findings


def unused_contacts(editions: list[Edition]) -> list[Finding]:
    """Contacts of a brochure that none of its editions shows or mentions."""
    return list(unused_contacts_by_id(editions).values())


def unused_contacts_by_id(editions: list[Edition]) -> dict[str, Finding]:
    """`unused_contacts`, each warning keyed by its contact's id (in the order of contacts.yaml)."""
    if not editions:
        return {}
    used = set().union(*(edition.contacts_used for edition in editions))
    return {
        contact.id: Finding(
            Severity.WARNING,
            f"contact '{contact.id}' is not used by any edition",
            contact.source,
            hint="remove it, or refer to it as {" + contact.id + "} or with a contact block",
        )
        for contact in editions[0].contacts.values()
        if contact.id not in used
    }


# ---------------------------------------------------------------- blocks side by side, and the term list


@dataclass(frozen=True)
class BlockPair:
    """A source block and its translation in one panel; either side is None when the other has no
    counterpart (a `local: true` block, or a block the structural check reports as missing or extra).
    Indexes are 0-based positions in the panel, as the block numbers of messages (plus one)."""

    role: PanelRole
    source_index: int | None
    source: Block | None
    index: int | None
    block: Block | None


def paired_blocks(source: Edition, translation: Edition) -> list[BlockPair]:
    """Every block of both editions, panel by panel in reading order, matched as `compare_with_source` matches them."""
    pairs: list[BlockPair] = []
    for source_panel in source.panels:
        panel = translation.panel(source_panel.role)
        theirs, ours = _compared(source_panel), _compared(panel)
        import difflib  # review sheets only

        matcher = difflib.SequenceMatcher(
            None, [signature(b) for _, b in theirs], [signature(b) for _, b in ours], autojunk=False
        )
        matched: list[BlockPair] = []
        for tag, i1, i2, j1, j2 in matcher.get_opcodes():
            if tag == "equal" or (tag == "replace" and i2 - i1 == j2 - j1):
                for (si, sb), (ti, tb) in zip(theirs[i1:i2], ours[j1:j2]):
                    matched.append(BlockPair(panel.role, si, sb, ti, tb))
                continue
            matched += [BlockPair(panel.role, si, sb, None, None) for si, sb in theirs[i1:i2]]
            matched += [BlockPair(panel.role, None, None, ti, tb) for ti, tb in ours[j1:j2]]
        for i in sorted(panel.local_blocks):  # where it stands in the translation
            at = next((n for n, p in enumerate(matched) if p.index is not None and p.index > i), len(matched))
            matched.insert(at, BlockPair(panel.role, None, None, i, panel.all_blocks[i]))
        pairs += matched
    return pairs


def text_units(block: Block) -> list[tuple[Location, str]]:
    """A block's text in the pieces a term is looked for in: each bullet on its own, other blocks whole."""
    if isinstance(block, BulletList):
        units: list[tuple[Location, str]] = []

        def walk(items: tuple[BulletItem, ...]) -> None:
            for item in items:
                units.append((item.source, plain_text(item.text)))
                walk(item.children)

        walk(block.items)
        return units
    texts = block_texts(block)
    return [(block.source, " ".join(plain_text(t) for t in texts))] if texts else []


def check_terms(source: Edition, translation: Edition, terms: TermList) -> list[Finding]:
    """Warnings where a translation does not use the term list's renderings.

    - A source block (a bullet, for bullet lists) says a term, and its translation has
      none of the approved forms of that term.
    - A block of the translation uses a rendering the list says to avoid (once the
      approved forms are taken out of the text): the edition renders one term two ways.
    """
    from .terms import comparable

    listed = terms.for_language(translation.code)
    if not listed:
        return []
    list_file = display_path(terms.path)
    findings: list[Finding] = []
    for pair in paired_blocks(source, translation):
        if pair.source is None or pair.block is None or pair.index is None:  # the index is None with the block
            continue
        theirs, ours = text_units(pair.source), text_units(pair.block)
        if len(theirs) != len(ours):  # bullets that differ are reported by compare_with_source
            theirs = [(pair.source.source, " ".join(t for _, t in theirs))]
            ours = [(pair.block.source, " ".join(t for _, t in ours))]
        for (_, source_text), (location, text) in zip(theirs, ours):
            said, here = comparable(source_text), comparable(text)
            for term, rendering in listed:
                if comparable(term.term) in said and not any(comparable(f) in here for f in rendering.forms):
                    findings.append(
                        Finding(
                            Severity.WARNING,
                            f"block {pair.index + 1} ({describe(pair.block)}): the source says '{term.term}' "
                            f'but the approved rendering "{rendering.approved}" is not here',
                            location,
                            f"panel '{pair.role.value}'",
                            hint=f"use the rendering of the term list ({list_file}:{rendering.source.line}), "
                            "or change the list if the reviewer approves another",
                        )
                    )
    for term, rendering in listed:
        if not rendering.avoid:
            continue
        approved_at = [loc for loc, text in _all_units(translation) if _has_form(text, rendering)]
        for panel in translation.panels:
            for index, block in enumerate(panel.all_blocks):
                for location, text in text_units(block):
                    rest = comparable(text)
                    for form in sorted(rendering.forms, key=len, reverse=True):
                        rest = rest.replace(comparable(form), "\0")
                    for variant in rendering.avoid:
                        if comparable(variant) in rest:
                            elsewhere = [at for at in approved_at if at != location]
                            also = f" (as at line {elsewhere[0].line})" if elsewhere else ""
                            findings.append(
                                Finding(
                                    Severity.WARNING,
                                    f'block {index + 1} ({describe(block)}): "{variant}" is another rendering of '
                                    f"'{term.term}': this edition should say \"{rendering.approved}\"{also}",
                                    location,
                                    f"panel '{panel.role.value}'",
                                    hint=f"one term, one rendering per edition (see {list_file}:"
                                    f"{rendering.source.line})",
                                )
                            )
                            break
    return findings


def _has_form(text: str, rendering: Rendering) -> bool:
    from .terms import comparable

    here = comparable(text)
    return any(comparable(f) in here for f in rendering.forms)


def _all_units(edition: Edition) -> list[tuple[Location, str]]:
    return [unit for panel in edition.panels for block in panel.all_blocks for unit in text_units(block)]


def unused_terms(source: Edition, terms: TermList) -> list[Finding]:
    """Terms of the list that the source edition never says: a misspelling, or a term the owner removed."""
    from .terms import comparable

    said = comparable(" ".join(text for _, text in _all_units(source)))
    return [
        Finding(
            Severity.WARNING,
            f"term '{term.term}' does not appear in {display_path(source.path)}",
            term.source,
            hint="write the term as the source edition does (case does not matter), or remove it",
        )
        for term in terms.terms
        if comparable(term.term) not in said
    ]


def check_translation(source: Edition, translation: Edition) -> list[Finding]:
    """Everything checked between a translation and its source: structure, then the brochure's term list."""
    from .terms import load_terms

    findings = compare_with_source(source, translation)
    terms, problems = load_terms(translation.path.parent, source.code)
    findings += problems
    if terms is not None and not any(f.severity == Severity.ERROR for f in problems):
        findings += unused_terms(source, terms)
        findings += sorted(check_terms(source, translation, terms), key=Finding.sort_key)
    return findings
