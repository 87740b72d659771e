"""Cross-edition checks (load stage): does a translation say everything its source says?

In:  loaded `Edition`s of one brochure.
Out: findings: a block the translation is missing or has extra (errors: a dropped
     block is text lost), a block identical to the source in another language
     (warning: probably not translated yet), a contact no edition uses (warning).

Blocks are compared by their shape, not their words: kind, heading level, which
contact a block shows or mentions, how many bullets. A block marked `local: true`
belongs to one edition only (the hotline's Spanish text line) and is not compared.
"""

from __future__ import annotations

import difflib
import re

from .diagnostics import Finding, Severity, display_path
from .model import (
    Block,
    BulletItem,
    BulletList,
    ContactBlock,
    Edition,
    Heading,
    Image,
    Panel,
    Spacer,
    block_kind,
    block_texts,
    plain_text,
)


def _bullet_shape(items: tuple[BulletItem, ...]) -> tuple:
    return tuple(_bullet_shape(item.children) for item in items)


def signature(block: Block) -> tuple:
    """What must match between a block and its translation."""
    kind = block_kind(block)
    refs = tuple(sorted({span.contact for text in block_texts(block) for span in text if span.contact}))
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
    return (kind, refs)


def describe(block: Block) -> str:
    kind = block_kind(block)
    if isinstance(block, ContactBlock):
        return f"contact '{block.contact_id}'"
    texts = block_texts(block)
    if texts:
        words = plain_text(texts[0])
        return f'{kind} "{words[:40]}{"..." if len(words) > 40 else ""}"'
    return kind


def _compared(panel: Panel) -> list[tuple[int, Block]]:
    return [(i, block) for i, block in enumerate(panel.blocks) if i not in panel.local_blocks]


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
    if isinstance(source, BulletList) and isinstance(block, BulletList) and theirs[1] != ours[1]:
        return f"{_count(ours[1])} bullets here, {_count(theirs[1])} in the source"
    if theirs[-1] != ours[-1]:

        def names(refs):
            return ", ".join("{" + ref + "}" for ref in refs) or "no contact"

        return f"it mentions {names(ours[-1])}, the source {names(theirs[-1])}"
    return "its options differ (level, style or contact)"


def _count(shape: tuple) -> int:
    return len(shape) + sum(_count(child) for child in shape)


def _untranslated(theirs, ours, source_file: str, where: str) -> list[Finding]:
    findings = []
    for (_, source_block), (index, block) in zip(theirs, ours):
        for source_text, text in zip(block_texts(source_block), block_texts(block)):
            words = plain_text(text)
            prose = "".join(span.text for span in text if not span.contact)
            if words == plain_text(source_text) and len(re.findall(r"[^\W\d_]{3,}", prose)) >= 2:
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
    if not editions:
        return []
    used = set().union(*(edition.contacts_used for edition in editions))
    return [
        Finding(
            Severity.WARNING,
            f"contact '{contact.id}' is not used by any edition",
            contact.source,
            hint="remove it, or refer to it as {" + contact.id + "} or with a contact block",
        )
        for contact in editions[0].contacts.values()
        if contact.id not in used
    ]
