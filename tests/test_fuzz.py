"""Property and fuzz tests: whatever people type, the renderer makes a complete PDF or says clearly why not.

For every generated input the pipeline either produces a PDF whose text holds every
string of the input, in its panel, or raises `BrochureError` with located findings.
Any other exception fails the test. The default run is short, for CI; set
BROCHURE_FUZZ_EXAMPLES (e.g. 2000) for a longer one.
"""

from __future__ import annotations

import os
import shutil
import string
import tempfile
from pathlib import Path

from helpers import DATA, assert_every_string_in_its_panel
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from brochure.diagnostics import BrochureError, Severity
from brochure.fold import OutputKind
from brochure.inline import parse_inline
from brochure.model import PanelRole, plain_text
from brochure.pipeline import Job, render

EXAMPLES = int(os.environ.get("BROCHURE_FUZZ_EXAMPLES", "25"))
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=not os.environ.get("BROCHURE_FUZZ_EXAMPLES"),
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture, HealthCheck.data_too_large],
)

# Printable text of the kinds people paste in: Latin with accents, Vietnamese, Chinese, symbols,
# markup characters, non-breaking spaces, and characters no bundled font has (emoji, Arabic, Devanagari).
ALPHABET = st.one_of(
    st.sampled_from(string.ascii_letters + string.digits + " .,;:!?-()'\"/%&#@+=*{}[]\\_"),
    st.sampled_from("áéíóúñçãõàâêôüłśżźćńąęĂăÂâĐđÊêÔôƠơƯưệộữ€£§°«»“”‘’–—…\u00a0"),
    st.characters(min_codepoint=0x4E00, max_codepoint=0x4FFF),
    st.sampled_from("🚨😀مرحباनमस्ते"),
)
TEXT = st.text(ALPHABET, min_size=1, max_size=120).filter(lambda t: t.strip())


def _yaml_string(text: str) -> str:
    """A YAML double-quoted scalar that reads back as exactly `text`."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _check_outcome(path: Path, kind: OutputKind = OutputKind.OFFICE, paper: str = "letter") -> None:
    """Render; on success every string of the edition is in its panel; on failure, clean located findings."""
    try:
        rendered = render(Job(path, paper, kind))
    except BrochureError as error:
        assert error.findings and all(f.severity in (Severity.ERROR, Severity.WARNING) for f in error.findings)
        assert any(f.severity == Severity.ERROR for f in error.findings)
        for finding in error.findings:
            assert finding.message and finding.format()
        return
    assert_every_string_in_its_panel(rendered.pdf, rendered.edition, rendered.edition.design.fold.value, kind)
    assert not rendered.preflight.errors, rendered.preflight.summary()


def _copy() -> Path:
    folder = Path(tempfile.mkdtemp(prefix="brochure-fuzz-")) / "ct-human-trafficking"
    folder.mkdir()
    for name in ("brochure.yaml", "contacts.yaml", "en.yaml"):
        shutil.copy(DATA / name, folder / name)
    return folder


@FUZZ
@given(heading=TEXT, paragraph=TEXT)
def test_random_text_in_headings_and_paragraphs(heading, paragraph):
    folder = _copy()
    try:
        en = folder / "en.yaml"
        source = en.read_text(encoding="utf-8")
        source = source.replace(
            "      - heading: What is human trafficking?\n",
            f"      - heading: {_yaml_string(heading)}\n      - paragraph: {_yaml_string(paragraph)}\n",
        )
        en.write_text(source, encoding="utf-8")
        _check_outcome(en)
    finally:
        shutil.rmtree(folder.parent)


@FUZZ
@given(text=st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="*{}[]\\"), max_size=200))
def test_text_without_markup_reads_back_exactly(text):
    import unicodedata

    spans, errors = parse_inline(text, lambda *a: None)
    assert errors == []
    assert plain_text(spans) == text
    assert unicodedata.normalize("NFC", text) == unicodedata.normalize("NFC", plain_text(spans))


@FUZZ
@given(
    bullets=st.lists(
        st.lists(
            st.sampled_from(
                [
                    "victim",
                    "trafficking",
                    "hotline",
                    "Connecticut",
                    "law",
                    "a",
                    "of",
                    "protection",
                    "§53a-192a",
                    "U-visa",
                    "exploitation",
                    "{national_hotline}",
                    "[help](ct_dcf)",
                    "**urgent**",
                    "*note*",
                ]
            ),
            min_size=1,
            max_size=40,
        ).map(" ".join),
        min_size=1,
        max_size=12,
    ),
    role=st.sampled_from([r.value for r in PanelRole]),
    paper=st.sampled_from(["letter", "a4", "legal"]),
    fold=st.sampled_from(["roll", "z"]),
    body=st.sampled_from(["9.5pt", "10pt", "11pt", "12pt"]),
    kind=st.sampled_from([OutputKind.OFFICE, OutputKind.PRESS, OutputKind.SCREEN]),
)
def test_random_panel_contents_and_sizes(bullets, role, paper, fold, body, kind):
    folder = _copy()
    try:
        design = folder / "brochure.yaml"
        settings_text = design.read_text(encoding="utf-8").replace("fold: roll", f"fold: {fold}")
        settings_text = settings_text.replace("body_size: 11pt", f"body_size: {body}").replace(
            "min_body_size: 9.5pt", f"min_body_size: {min(float(body[:-2]), 9.5)}pt"
        )
        design.write_text(settings_text, encoding="utf-8")
        en = folder / "en.yaml"
        source = en.read_text(encoding="utf-8")
        marker = f"  {role}:\n"
        start = source.index(marker)
        blocks_at = source.index("    blocks:\n", start) + len("    blocks:\n")
        items = "".join(f"          - {_yaml_string(b)}\n" for b in bullets)
        source = source[:blocks_at] + f"      - bullets:\n{items}" + source[blocks_at:]
        en.write_text(source, encoding="utf-8")
        _check_outcome(en, kind, paper)
    finally:
        shutil.rmtree(folder.parent)


MUTATIONS = st.sampled_from(["delete", "duplicate", "swap", "indent", "dedent", "insert", "truncate", "colon"])


@FUZZ
@given(
    mutations=st.lists(
        st.tuples(MUTATIONS, st.integers(0, 10_000), st.integers(0, 10_000), ALPHABET), min_size=1, max_size=4
    )
)
def test_random_structural_corruption_of_a_valid_file(mutations):
    folder = _copy()
    try:
        en = folder / "en.yaml"
        lines = en.read_text(encoding="utf-8").splitlines(keepends=True)
        for kind, a, b, char in mutations:
            if not lines:
                break
            i, j = a % len(lines), b % len(lines)
            if kind == "delete":
                del lines[i]
            elif kind == "duplicate":
                lines.insert(i, lines[i])
            elif kind == "swap":
                lines[i], lines[j] = lines[j], lines[i]
            elif kind == "indent":
                lines[i] = "  " + lines[i]
            elif kind == "dedent":
                lines[i] = lines[i][2:] if lines[i].startswith("  ") else lines[i]
            elif kind == "insert":
                position = b % (len(lines[i]) or 1)
                lines[i] = lines[i][:position] + char + lines[i][position:]
            elif kind == "truncate":
                lines = lines[: i + 1]
            elif kind == "colon":
                lines[i] = lines[i].replace(" ", ": ", 1)
        en.write_text("".join(lines), encoding="utf-8")
        _check_outcome(en)
    finally:
        shutil.rmtree(folder.parent)
