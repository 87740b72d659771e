"""The printed summary of a preflight report (PreflightReport.summary) says what the facts say."""

from __future__ import annotations

from brochure.preflight import PreflightFacts, PreflightReport


def _summary(tags_in_order: bool) -> str:
    facts: PreflightFacts = {
        "page_size_pt": [792.0, 612.0],
        "reading_order": ["front_cover"],
        "tags_in_reading_order": tags_in_order,
    }
    return PreflightReport(name="brochure.pdf", facts=facts).summary()


def test_the_reading_order_line_follows_the_tags_not_the_list_of_panels():
    # It read the fold's list of panels (never empty), so it said "ok" even for tags out of order.
    assert "reading order of the fold: ok" in _summary(True)
    assert "reading order of the fold: WRONG" in _summary(False)
