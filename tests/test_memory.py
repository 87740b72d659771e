"""Memory (issue 14): what is made to use less memory makes exactly what it made before."""

from __future__ import annotations

import io

import pytest
from helpers import EN

from brochure import fonts, workers
from brochure.fold import OutputKind
from brochure.model import Fold
from brochure.pipeline import Job, render
from brochure.products import Options
from brochure.proofs import encoded_proofs, make_proofs, reading_marks


def _png(image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=False)
    return buffer.getvalue()


@pytest.mark.parametrize("fold", Fold)
@pytest.mark.parametrize("guides", [False, True])
def test_proofs_made_one_side_at_a_time_are_the_proofs_made_at_once(fold, guides):
    rendered = render(Job(EN, "letter", OutputKind.OFFICE, fold=fold))
    plan = rendered.layout.plan
    marks = reading_marks(rendered.layout) if guides else ()
    at_once = make_proofs(rendered.pdf, plan, guides=guides, marks=marks)
    expected = tuple(_png(image) for image in (*at_once.sides, at_once.folded))
    assert encoded_proofs(rendered.pdf, plan, _png, guides=guides, marks=marks) == expected


def test_faces_released_and_parsed_again_draw_the_same_bytes():
    before = render(Job(EN, "letter", OutputKind.OFFICE)).pdf
    fonts.release_faces()
    assert fonts._parsed.cache_info().currsize == 0
    assert render(Job(EN, "letter", OutputKind.OFFICE)).pdf == before


def test_a_worker_grown_past_its_budget_releases_what_editions_kept(monkeypatch, tmp_path):
    monkeypatch.setattr(workers, "RELEASE_ABOVE_WITHOUT_PROOFS", 0)  # --check makes no proofs
    result = workers._make_in_worker(EN, Options(check=True, out_dir=tmp_path))
    assert not result.failed
    assert fonts._parsed.cache_info().currsize == 0  # released after the edition
