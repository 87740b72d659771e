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
_PLAIN = re.compile(r"[^\\*{}\[]+")  # characters that start no markup: read as one run, not one by one


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
    return _InlineParser(source, resolve).parse()


class _InlineParser:
    """Reads one string left to right, once: plain text, style toggles, references, links and language runs.

    Its one job is the walk; the state a walk needs (the style in force, the text not yet
    made into a span, the spans and problems so far) lives here rather than in locals
    shared by closures. Each `_read_*` method takes the position where its markup starts
    and returns the position after it.
    """

    def __init__(self, source: str, resolve: Resolver) -> None:
        self.source = source
        self.resolve = resolve
        self.spans: list[Span] = []
        self.errors: list[MarkupError] = []
        self.bold = False
        self.italic = False
        self.pending: list[str] = []  # plain characters in the current style, not yet a span

    def parse(self) -> tuple[tuple[Span, ...], list[MarkupError]]:
        """Walk the whole string; return its merged spans and the problems, in the order met."""
        position = 0
        while position < len(self.source):
            position = self._read_at(position)
        self._flush()
        self._report_unclosed_styles()
        return tuple(_merge(self.spans)), self.errors

    def _read_at(self, i: int) -> int:
        """Read the markup (or the one plain character) starting at `i`; return where the next read starts."""
        source, char = self.source, self.source[i]
        if plain := _PLAIN.match(source, i):
            self.pending.append(plain.group())
            return plain.end()
        if char == "\\" and i + 1 < len(source) and source[i + 1] in "\\*{}[]":
            self.pending.append(source[i + 1])
            return i + 2
        if source.startswith("**", i):
            self._flush()
            self.bold = not self.bold
            return i + 2
        if char == "*":
            self._flush()
            self.italic = not self.italic
            return i + 1
        if char == "{":
            return self._read_reference(i)
        if char == "[" and (language := _LANGUAGE.match(source, i)):
            return self._read_language(language)
        if char == "[" and (link := _LINK.match(source, i)):
            return self._read_link(link)
        if char == "}":
            self.errors.append(MarkupError("'}' without a matching '{'", "for a literal brace write \\}"))
        self.pending.append(char)
        return i + 1

    def _flush(self) -> None:
        """Make the pending plain characters one span, in the style in force now: call it before the style changes."""
        if self.pending:
            self.spans.append(Span("".join(self.pending), bold=self.bold, italic=self.italic))
            self.pending.clear()

    def _read_reference(self, i: int) -> int:
        """`{contact}` or `{contact.field}`: the contact's text as one unbreakable, linked span."""
        match = _REFERENCE.match(self.source, i)
        if not match:
            self.errors.append(
                MarkupError(
                    f"'{{' does not start a contact reference: {self.source[i : i + 20]!r}",
                    "write {contact_name} or {contact_name.field}; for a literal brace write \\{",
                )
            )
            self.pending.append("{")  # kept as text, so nothing the writer typed is lost
            return i + 1
        self._flush()
        try:
            resolved = self.resolve(match.group(1), match.group(2), False)
            self.spans.append(
                Span(
                    resolved.text,
                    bold=self.bold,
                    italic=self.italic,
                    link=resolved.link,
                    unbreakable=True,
                    contact=match.group(1),
                    kind=resolved.kind,
                )
            )
        except MarkupError as error:
            self.errors.append(error)
        return match.end()

    def _read_language(self, language: re.Match[str]) -> int:
        """`[words](lang:xx)`: the words as a span in that language, or as plain text if the tag is not one."""
        self._flush()
        tag = language.group(2)
        if LANGUAGE_TAG.fullmatch(tag):
            self.spans.append(Span(language.group(1), bold=self.bold, italic=self.italic, lang=tag))
        else:
            self.errors.append(
                MarkupError(
                    f"'{tag}' is not a language tag",
                    "write the language's code after lang:, e.g. [duress](lang:en) or [merci](lang:fr)",
                )
            )
            self.pending.append(language.group(1))
        return language.end()

    def _read_link(self, link: re.Match[str]) -> int:
        """`[words](contact)`: the words linked to the contact's address."""
        self._flush()
        try:
            target = self.resolve(link.group(2), None, True)
            self.spans.append(
                Span(
                    link.group(1),
                    bold=self.bold,
                    italic=self.italic,
                    link=target.link,
                    contact=link.group(2),
                    kind=target.kind,
                )
            )
        except MarkupError as error:
            self.errors.append(error)
        return link.end()

    def _report_unclosed_styles(self) -> None:
        """A style still on at the end of the string was opened and never closed."""
        if self.bold:
            self.errors.append(MarkupError("'**' (bold) is opened but never closed", "close it with another **"))
        if self.italic:
            self.errors.append(
                MarkupError(
                    "'*' (italic) is opened but never closed", "close it with another *, or write \\* for a star"
                )
            )


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
