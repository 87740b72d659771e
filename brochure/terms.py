"""The term list of a brochure (load stage): source terms -> the approved rendering per language.

In:  a brochure folder. Its term list lives in `review/terms.yaml` (a subfolder, so
     `--all` never mistakes it for an edition):

         terms:
           - term: duress                      # as the source edition writes it
             note: legal term                  # optional, for the reviewer
             es: coacción (duress)             # the approved rendering
             pl:                               # or: the rendering, its other
               use: [Krajowa Infolinia, Krajową Infolinię]   # grammatical forms,
               avoid: [Infolinia Krajowa]      # and renderings not to use
         questions:                            # open questions for the brochure's owner
           - Which is meant by "indentured servants"?

Out: a `TermList` (or None when the brochure has none) and findings: unknown keys,
     a language no edition of the brochure has, a term given twice, each located
     at its file:line:column. The checks against the editions are in `consistency`.

Text is compared by `comparable`: NFC, case-folded, any run of spaces (non-breaking
ones included) as one space, soft hyphens dropped, so a term matches however the
YAML folded or the layout hyphenated it.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import yaml

from .diagnostics import Finding, Location, Report
from .fields import Reader
from .load import BROCHURE_FILE, CONTACTS_FILE
from .yamlsource import read_yaml

TERMS_FILE = Path("review") / "terms.yaml"
TERM_KEYS = ("term", "note")
RENDERING_KEYS = ("use", "avoid")


@dataclass(frozen=True)
class Rendering:
    """How one language renders a term: `forms[0]` is the approved rendering, the rest its other
    grammatical forms (a Polish noun changes its ending); `avoid` lists known renderings not to use."""

    forms: tuple[str, ...]
    avoid: tuple[str, ...]
    source: Location

    @property
    def approved(self) -> str:
        return self.forms[0]


@dataclass(frozen=True)
class Term:
    """A source term and its renderings by edition code ("es", "zh-Hans")."""

    term: str
    note: str
    renderings: dict[str, Rendering]
    source: Location


@dataclass(frozen=True)
class Question:
    """An open question for the brochure's owner, shown on every review sheet."""

    text: str
    source: Location


@dataclass(frozen=True)
class TermList:
    path: Path
    terms: tuple[Term, ...]
    questions: tuple[Question, ...]

    def for_language(self, code: str) -> list[tuple[Term, Rendering]]:
        """The terms this edition has an approved rendering for, in the list's order."""
        return [(term, term.renderings[code]) for term in self.terms if code in term.renderings]


# Typographic quotes and apostrophes compare equal to the straight ones a term list may be typed with.
_STRAIGHT = str.maketrans({"‘": "'", "’": "'", "‚": "'", "“": '"', "”": '"', "„": '"', "«": '"', "»": '"'})


def comparable(text: str) -> str:
    """Text as terms are compared: NFC, case-folded, one space for any run of white space."""
    text = unicodedata.normalize("NFC", text).replace("\u00ad", "").translate(_STRAIGHT)
    return re.sub(r"\s+", " ", text).casefold().strip()


def edition_codes(folder: Path) -> list[str]:
    """The codes of the editions in a brochure folder (file stems), sorted."""
    return sorted(p.stem for p in folder.glob("*.yaml") if p.name not in (BROCHURE_FILE, CONTACTS_FILE))


def load_terms(folder: Path, source_code: str = "en") -> tuple[TermList | None, list[Finding]]:
    """Read and validate `review/terms.yaml` of a brochure folder; (None, []) if there is none.

    Language keys must name a translation in the folder (`source_code` is the source edition:
    its words are the terms themselves). Never raises for content problems: they are findings.
    """
    path = folder / TERMS_FILE
    if not path.exists():
        return None, []
    report = Report()
    root = read_yaml(path, report)
    if root is None:
        return None, report.findings
    ctx = Reader(path.absolute(), report)
    top = ctx.mapping(root, "", allowed=("terms", "questions"), what="the term list")
    codes = tuple(code for code in edition_codes(folder) if code != source_code)
    terms: list[Term] = []
    seen: dict[str, Location] = {}
    for i, node in enumerate(ctx.sequence(top.get("terms"), "terms")):
        term = _term(ctx, node, f"terms[{i}]", codes)
        if term is None:
            continue
        key = comparable(term.term)
        if key in seen:
            ctx.error(
                node,
                f"terms[{i}]",
                f"term '{term.term}' is listed twice (first at line {seen[key].line})",
                hint="keep one entry per term, with every language in it",
            )
            continue
        seen[key] = term.source
        terms.append(term)
    questions = []
    for i, node in enumerate(ctx.sequence(top.get("questions"), "questions")):
        text = ctx.string(node, f"questions[{i}]")
        if text:
            questions.append(Question(_one_line(text), ctx.loc(node)))
    return TermList(path, tuple(terms), tuple(questions)), report.findings


def _term(ctx: Reader, node: yaml.Node, path: str, codes: tuple[str, ...]) -> Term | None:
    name = ""
    if isinstance(node, yaml.MappingNode):  # the term's words name it in messages about its other keys
        name = next((v.value for k, v in node.value if getattr(k, "value", None) == "term"), "")
    values = ctx.mapping(
        node, path, allowed=TERM_KEYS + codes, required=("term",), what=f"term '{name}'" if name else "a term"
    )
    term = ctx.string(values.get("term"), f"{path}.term")
    if not term:
        return None
    note = ctx.string(values.get("note"), f"{path}.note") or ""
    renderings = {}
    for code in codes:
        if code in values:
            rendering = _rendering(ctx, values[code], f"{path}.{code}", term)
            if rendering is not None:
                renderings[code] = rendering
    return Term(_one_line(term), _one_line(note), renderings, ctx.loc(node))


def _rendering(ctx: Reader, node: yaml.Node, path: str, term: str) -> Rendering | None:
    """`es: text`, or `es: {use: text or [forms], avoid: [texts]}`."""
    if isinstance(node, yaml.ScalarNode):
        text = ctx.string(node, path)
        return Rendering((text,), (), ctx.loc(node)) if text else None
    values = ctx.mapping(node, path, allowed=RENDERING_KEYS, required=("use",), what=f"the rendering of '{term}'")
    use = values.get("use")
    nodes = ctx.sequence(use, f"{path}.use") if isinstance(use, yaml.SequenceNode) else [use] if use else []
    forms = tuple(t for t in (ctx.string(n, f"{path}.use") for n in nodes) if t)
    avoid_nodes = ctx.sequence(values.get("avoid"), f"{path}.avoid")
    avoid = tuple(t for t in (ctx.string(n, f"{path}.avoid") for n in avoid_nodes) if t)
    if not forms:
        return None
    return Rendering(tuple(_one_line(f) for f in forms), tuple(_one_line(a) for a in avoid), ctx.loc(node))


def _one_line(text: str) -> str:
    """Folded YAML text on one line; non-breaking spaces are kept (they matter in print)."""
    return re.sub(r"[ \t\n]+", " ", text).strip()
