"""Inline markup of the load stage: one string of a data file -> a tuple of styled `Span`s.

The markup is deliberately small, so staff can write it without a manual:

    **bold**   *italic*   {contact}   {contact.field}   [words](contact)   [words](lang:en)
    \\* \\{ (a literal * or {)

`{national_hotline}` puts the contact's number (or web address) into the
sentence as an unbreakable, linked run; `[USA Today](statistics_source)` links
the words to the contact's address; `[duress](lang:en)` marks words in another
language than the edition's, so a screen reader says them in that language (the
PDF tags them with their own /Lang). References are resolved by a callback so
this module knows nothing of contacts files.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace

from .model import Span, SpanKind

_REFERENCE = re.compile(r"\{([A-Za-z_][\w-]*)(?:\.([A-Za-z_]+))?\}")
_LINK = re.compile(r"\[([^\]\[]+)\]\(([A-Za-z_][\w-]*)\)")
_LANGUAGE = re.compile(r"\[([^\]\[]+)\]\(lang:([^)]*)\)")
# A BCP 47 tag as people write them: a language, then optional script, region or variant subtags.
LANGUAGE_TAG = re.compile(r"[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*")


@dataclass(frozen=True)
class Resolved:
    """What a contact reference stands for: the text to print and where it links."""

    text: str
    link: str | None
    kind: SpanKind = SpanKind.PLAIN  # what the link does (PLAIN: no link)


class MarkupError(ValueError):
    """A problem in one string's markup; `hint` says how to fix it."""

    def __init__(self, message: str, hint: str = ""):
        super().__init__(message)
        self.hint = hint


Resolver = Callable[[str, str | None, bool], Resolved]
"""resolve(contact_id, field or None, as_link_target) -> Resolved, or raises MarkupError."""


def parse_inline(source: str, resolve: Resolver) -> tuple[tuple[Span, ...], list[MarkupError]]:
    """Parse one string; return its spans and every markup problem found in it."""
    spans: list[Span] = []
    errors: list[MarkupError] = []
    bold = italic = False
    buffer: list[str] = []

    def flush() -> None:
        if buffer:
            spans.append(Span("".join(buffer), bold=bold, italic=italic))
            buffer.clear()

    i = 0
    while i < len(source):
        char = source[i]
        if char == "\\" and i + 1 < len(source) and source[i + 1] in "\\*{}[]":
            buffer.append(source[i + 1])
            i += 2
            continue
        if source.startswith("**", i):
            flush()
            bold = not bold
            i += 2
            continue
        if char == "*":
            flush()
            italic = not italic
            i += 1
            continue
        if char == "{":
            match = _REFERENCE.match(source, i)
            if not match:
                errors.append(
                    MarkupError(
                        f"'{{' does not start a contact reference: {source[i : i + 20]!r}",
                        "write {contact_name} or {contact_name.field}; for a literal brace write \\{",
                    )
                )
                buffer.append(char)
                i += 1
                continue
            flush()
            try:
                resolved = resolve(match.group(1), match.group(2), False)
                spans.append(
                    Span(
                        resolved.text,
                        bold=bold,
                        italic=italic,
                        link=resolved.link,
                        unbreakable=True,
                        contact=match.group(1),
                        kind=resolved.kind,
                    )
                )
            except MarkupError as error:
                errors.append(error)
            i = match.end()
            continue
        if char == "[" and (language := _LANGUAGE.match(source, i)):
            flush()
            tag = language.group(2)
            if LANGUAGE_TAG.fullmatch(tag):
                spans.append(Span(language.group(1), bold=bold, italic=italic, lang=tag))
            else:
                errors.append(
                    MarkupError(
                        f"'{tag}' is not a language tag",
                        "write the language's code after lang:, e.g. [duress](lang:en) or [merci](lang:fr)",
                    )
                )
                buffer.append(language.group(1))
            i = language.end()
            continue
        if char == "[":
            match = _LINK.match(source, i)
            if match:
                flush()
                try:
                    target = resolve(match.group(2), None, True)
                    spans.append(
                        Span(
                            match.group(1),
                            bold=bold,
                            italic=italic,
                            link=target.link,
                            contact=match.group(2),
                            kind=target.kind,
                        )
                    )
                except MarkupError as error:
                    errors.append(error)
                i = match.end()
                continue
        if char == "}":
            errors.append(MarkupError("'}' without a matching '{'", "for a literal brace write \\}"))
        buffer.append(char)
        i += 1
    flush()
    if bold:
        errors.append(MarkupError("'**' (bold) is opened but never closed", "close it with another **"))
    if italic:
        errors.append(
            MarkupError("'*' (italic) is opened but never closed", "close it with another *, or write \\* for a star")
        )
    return tuple(_merge(spans)), errors


def _merge(spans: list[Span]) -> list[Span]:
    """Join neighbouring spans of the same style so the layout sees fewer pieces."""
    merged: list[Span] = []
    for span in spans:
        if not span.text:
            continue
        last = merged[-1] if merged else None
        if (
            last
            and not last.unbreakable
            and not span.unbreakable
            and (last.bold, last.italic, last.link, last.contact, last.lang, last.kind)
            == (span.bold, span.italic, span.link, span.contact, span.lang, span.kind)
        ):
            merged[-1] = replace(last, text=last.text + span.text)  # every other field is equal: keep them all
        else:
            merged.append(span)
    return merged
