"""Inline markup: spans keep every field they were made with, through the merging of neighbours."""

from __future__ import annotations

import pytest

from brochure.inline import Resolved, parse_inline
from brochure.model import Span


def resolve(contact_id: str, field: str | None, as_link: bool) -> Resolved:
    return Resolved(f"<{contact_id}>", f"https://{contact_id}.example.org")


def test_two_links_to_the_same_contact_merge_into_one_span_that_keeps_the_contact():
    spans, errors = parse_inline("[a](x)[b](x)", resolve)
    assert errors == []
    assert spans == (Span("ab", link="https://x.example.org", contact="x"),)


@pytest.mark.parametrize("markup", ["*[a](x)[b](x)*", "**[a](x)[b](x)**"])
def test_merged_links_keep_their_style_and_contact(markup):
    spans, _ = parse_inline(markup, resolve)
    assert len(spans) == 1
    span = spans[0]
    assert (span.text, span.link, span.contact) == ("ab", "https://x.example.org", "x")
    assert span.italic == markup.startswith("*[") and span.bold == markup.startswith("**")


def test_links_to_different_contacts_stay_apart():
    spans, _ = parse_inline("[a](x)[b](y)", resolve)
    assert [(s.text, s.contact) for s in spans] == [("a", "x"), ("b", "y")]
