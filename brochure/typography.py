"""Typographic quotes, apostrophes and dashes, by language: what a keyboard types -> what a printer sets.

In:  one string of a data file as typed (straight quotes " and ', " - ", "--") and the edition's
     language tag (BCP 47, e.g. "fr-CA").
Out: the same string with the language's quotation marks (English “ ” ‘ ’, French « » with narrow
     no-break spaces inside, German „ “, Polish „ ”, ...), ’ for an apostrophe, an en dash for a
     spaced hyphen or "--" and an em dash for "---". Characters already typographic are left alone,
     so running it twice changes nothing.

Straight double quotes pair up: the first opens, the next closes. A single straight quote opens when it
starts the text or follows a space or opening punctuation; between letters, or closing when none is
open, it is an apostrophe (it's, students'). Hyphens without spaces (numbers, "well-known") are never touched.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class QuoteStyle:
    """A language's quotation marks: primary (double) and secondary (single) pairs."""

    open_double: str
    close_double: str
    open_single: str
    close_single: str
    inner_space: str = ""  # set inside the marks (French: a narrow no-break space)


ENGLISH = QuoteStyle("“", "”", "‘", "’")
FRENCH = QuoteStyle("«", "»", "“", "”", "\u202f")
GERMAN = QuoteStyle("„", "“", "‚", "‘")
POLISH = QuoteStyle("„", "”", "«", "»")
GUILLEMETS = QuoteStyle("«", "»", "“", "”")  # Spanish (RAE), European Portuguese, Russian, ...
SWISS = QuoteStyle("«", "»", "‹", "›")

# By primary language subtag; a full tag (pt-PT, de-CH) is looked up first. Others use English marks,
# which is also what Chinese uses (set full-width by the Chinese font), Vietnamese and Haitian Creole.
STYLES = {
    "en": ENGLISH,
    "fr": FRENCH,
    "de": GERMAN,
    "de-ch": SWISS,
    "pl": POLISH,
    "cs": GERMAN,
    "sk": GERMAN,
    "es": GUILLEMETS,
    "pt": ENGLISH,  # Brazilian usage
    "pt-pt": GUILLEMETS,
    "it": GUILLEMETS,
    "ru": GUILLEMETS,
    "uk": GUILLEMETS,
}
APOSTROPHE = "’"
OPENING_CONTEXT = set(" \t\n\u00a0\u202f([{<“‘«‹„‚—–-/")
NO_DASHES = ("zh", "ja", "ko")  # their dashes are their own; a spaced hyphen stays as typed


def style_for(language: str) -> QuoteStyle:
    """The quotation marks of a BCP 47 language tag."""
    tag = language.lower()
    parts = tag.split("-")
    for key in ("-".join(parts[:2]), parts[0]):
        if key in STYLES:
            return STYLES[key]
    return ENGLISH


def smarten(text: str, language: str) -> str:
    """`text` with straight quotes, apostrophes and typed dashes made typographic for `language`."""
    style = style_for(language)
    if not language.lower().startswith(NO_DASHES):
        text = text.replace("---", "—").replace("--", "–").replace(" - ", " – ")
    if '"' not in text and "'" not in text:
        return text  # the walk below changes only straight quotes (and spaces inside them)
    out: list[str] = []
    single_open = double_open = False
    for i, char in enumerate(text):
        before = text[i - 1] if i else " "
        after = text[i + 1] if i + 1 < len(text) else " "
        opening = before in OPENING_CONTEXT
        if char == '"':
            # Double quotes come in pairs: the first opens, the next closes, whatever surrounds them
            # (Chinese has no space before a quote; French may have typed one inside).
            if not double_open:
                out.append(style.open_double + style.inner_space)
            else:
                _drop_space(out, style)
                out.append(style.inner_space + style.close_double)
            double_open = not double_open
        elif char == "'":
            if before.isalnum() and after.isalnum():
                out.append(APOSTROPHE)  # it's, l'eau
            elif opening and not after.isspace():
                out.append(style.open_single)
                single_open = True
            elif single_open:
                out.append(style.close_single)
                single_open = double_open = False
            else:
                out.append(APOSTROPHE)  # the students' rights
        elif char == " " and style.inner_space and out and out[-1].endswith(style.open_double + style.inner_space):
            continue  # « texte »: the typed space is replaced by the narrow no-break space
        else:
            out.append(char)
    return "".join(out)


def _drop_space(out: list[str], style: QuoteStyle) -> None:
    """Before a closing mark with its own inner space, a typed space is one too many."""
    if style.inner_space and out and out[-1] == " ":
        out.pop()
