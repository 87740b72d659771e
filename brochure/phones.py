"""Phone numbers: read as written in a country, checked, and linked so that they dial from any phone.

Pure Python on top of phonenumbers (Google's libphonenumber data); no ReportLab, no YAML.

In:  a number as a person wrote it in contacts.yaml ("020 7946 0958"), the country it is read in
     (an ISO 3166 code such as "GB": the contact's `region:`, else the brochure's) and what kind of
     field it is (phone, toll_free, fax, text).
Out: a `PhoneNumber` that knows what it dials and its link (RFC 3966 `tel:`), or a `PhoneProblem`
     with a message and a hint that speak to any organisation in any country.

What "valid" means here (the README says the same):
- a full number must be valid for its country in phonenumbers' data (`is_valid_number`): right
  length and an allocated prefix. A number written with `+` is read in its own country, whatever
  the region; any other is read in the region.
- a short number (911, 999, 112, 116 123) is accepted for `phone:` when phonenumbers' short-number
  data knows it in the region (`shortnumberinfo.is_valid_short_number_for_region`). It exists only
  inside its country, so it is linked as its digits, `tel:999`: a `+44` in front would dial nothing.
- numbers that regulators keep for fiction (US 555-0100 to 555-0199 in any area code, and the UK
  drama ranges Ofcom publishes) reach no one. They are accepted, so sample brochures work, and
  flagged `fictional`: the loader warns, and `--strict` refuses them.
- an extension is never part of the number text: it is given as `ext:` and linked as `;ext=12`.

`look_alikes` finds phone numbers, web and e-mail addresses typed into running text, which would
otherwise be printed without a link and without a check.

What phonenumbers answers is kept between runs (`phonecache.py`): it is imported only when a number,
a stretch of prose or the list of regions has not been asked about before by this phonenumbers and this
file. A kept answer is the answer phonenumbers gave, message for message (tests/test_phonecache.py).
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .phonecache import remembered

if TYPE_CHECKING:
    import phonenumbers

KINDS = ("phone", "toll_free", "fax", "text")  # the contact fields that hold a number

# National significant numbers (no trunk 0) that are kept for fiction, by country calling code.
# phonenumbers has no data for these; they are short, fixed lists published by the regulators.
_FICTIONAL_GB = tuple(f"{area}4960" for area in (113, 114, 115, 116, 117, 118, 121, 131, 141, 151, 161)) + (
    "2079460",  # 020 7946 0000-0999, London
    "1914980",  # 0191 498 0000-0999, Tyneside
    "2896496",  # 028 9649 6000-6999, Northern Ireland
    "2920180",  # 029 2018 0000-0999, Cardiff
    "1632960",  # 01632 960000-960999, no area
    "7700900",  # 07700 900000-900999, mobile
    "8081570",  # 08081 570000-570999, freephone
    "9098790",  # 0909 879 0000-0999, premium rate
    "3069990",  # 03069 990000-990999, UK-wide
)
_SMS_SHORT_CODE = re.compile(r"\d{5,6}")  # US-style SMS short codes; no public registry to check them against
_EXTENSION = re.compile(r"\d{1,10}")
_LETTER = re.compile(r"[^\W\d_]")
_MAX_WRITTEN = 60  # characters: the longest number with spaces and a country code is about 25


@dataclass(frozen=True)
class PhoneNumber:
    """A checked number.

    `text` is printed as written; `dialled` is what a phone dials: E.164 (`+442079460958`) for a full
    number, the bare digits (`999`) for a short number or SMS short code.
    """

    text: str
    region: str
    dialled: str
    extension: str = ""
    fictional: bool = False

    @property
    def short(self) -> bool:
        return not self.dialled.startswith("+")

    @property
    def link(self) -> str:
        """The tel: URI (RFC 3966): `tel:+441174960456;ext=12`, `tel:999`."""
        return f"tel:{self.dialled}" + (f";ext={self.extension}" if self.extension else "")

    @property
    def sms_link(self) -> str:
        """The sms: URI (RFC 5724): `sms:233733`, `sms:+447700900123`."""
        return f"sms:{self.dialled}"

    def printed(self, ext_label: str) -> str:
        """The text printed for it: the number, and the extension after the edition's label."""
        return f"{self.text} {ext_label} {self.extension}" if self.extension else self.text


class PhoneProblem(ValueError):
    """Why a number cannot be used; `hint` says what to do."""

    def __init__(self, message: str, hint: str = ""):
        super().__init__(message)
        self.message = message
        self.hint = hint


def read_number(text: str, region: str, kind: str = "phone", extension: str = "") -> PhoneNumber:
    """Check one number of a contact and say what it dials.

    `text` as written, `region` the country it is read in, `kind` one of KINDS, `extension` the
    contact's `ext:` (digits; only for a phone). Raises `PhoneProblem`.
    """
    if kind not in KINDS:
        raise ValueError(f"not a kind of number: {kind}")
    answer = remembered(
        ("read", text, region, kind, extension), lambda: _answer(text, region, kind, extension), _is_answer
    )
    if answer[0] == "problem":
        raise PhoneProblem(answer[1], answer[2])
    return PhoneNumber(text, region, *answer[1:])


def supported_regions() -> frozenset[str]:
    """Every region (ISO 3166 code) phonenumbers has data for."""
    return frozenset(remembered(("regions",), _regions, _is_regions))


def _regions() -> frozenset[str]:
    import phonenumbers

    return frozenset(phonenumbers.SUPPORTED_REGIONS)


def _is_regions(answer: Any) -> bool:
    return isinstance(answer, frozenset) and all(isinstance(region, str) for region in answer)


def _answer(text: str, region: str, kind: str, extension: str) -> tuple[Any, ...]:
    """`_read_number`'s outcome as plain data: ("number", dialled, extension, fictional) or
    ("problem", message, hint)."""
    try:
        number = _read_number(text, region, kind, extension)
    except PhoneProblem as problem:
        return ("problem", problem.message, problem.hint)
    return ("number", number.dialled, number.extension, number.fictional)


def _is_answer(answer: Any) -> bool:
    shapes = {"number": (str, str, bool), "problem": (str, str)}
    return (
        isinstance(answer, tuple)
        and len(answer) > 0
        and answer[0] in shapes
        and len(answer) == len(shapes[answer[0]]) + 1
        and all(isinstance(value, kind) for value, kind in zip(answer[1:], shapes[answer[0]]))
    )


def _read_number(text: str, region: str, kind: str, extension: str) -> PhoneNumber:
    """`read_number` itself, with phonenumbers."""
    import phonenumbers
    from phonenumbers import Leniency, NumberParseException, PhoneNumberFormat, PhoneNumberType, shortnumberinfo

    written, extension = text.strip(), extension.strip()
    if len(written) > _MAX_WRITTEN:
        raise PhoneProblem(f"'{written[:30]}...' is too long for a phone number", "one number per field")
    if kind == "text" and _SMS_SHORT_CODE.fullmatch(written):
        return PhoneNumber(text, region, written)
    found = [match.raw_string for match in phonenumbers.PhoneNumberMatcher(written, region, Leniency.POSSIBLE)]
    if len(found) > 1:
        raise PhoneProblem(
            f"'{text}' holds {len(found)} phone numbers ({', '.join(found)})",
            "one number per field: give the other its own contact, or its own field (toll_free:, fax:)",
        )
    try:
        number = phonenumbers.parse(written, region)
    except NumberParseException:
        raise PhoneProblem(f"'{text}' is not a phone number", f"write it as printed, e.g. {example(region)}") from None
    if number.extension:
        bare = phonenumbers.PhoneNumber(country_code=number.country_code, national_number=number.national_number)
        bare.italian_leading_zero = number.italian_leading_zero
        style = PhoneNumberFormat.INTERNATIONAL if written.startswith("+") else PhoneNumberFormat.NATIONAL
        core = phonenumbers.format_number(bare, style)
        raise PhoneProblem(
            f"'{text}' has an extension written into the number",
            f"write the number alone and the extension as ext: on a line of its own, e.g. {kind}: {core} "
            f"and ext: {number.extension}"
            + ("" if kind == "phone" else " (only phone: takes an extension; list this number as phone:)"),
        )
    if _LETTER.search(written):
        raise PhoneProblem(
            f"'{text}' contains letters", f"write the digits as they are dialled, e.g. {example(region)}"
        )
    fictional = is_fictional(number)
    if phonenumbers.is_valid_number(number) or fictional:
        if kind == "toll_free" and phonenumbers.number_type(number) != PhoneNumberType.TOLL_FREE:
            raise PhoneProblem(
                f"'{text}' is not a toll-free number",
                f"check the digits, or list it as phone: (toll-free numbers in {region} look like "
                f"{example(region, PhoneNumberType.TOLL_FREE)})",
            )
        if extension and kind == "phone":
            check_extension(extension)
        dialled = phonenumbers.format_number(number, PhoneNumberFormat.E164)
        return PhoneNumber(text, region, dialled, extension if kind == "phone" else "", fictional)
    international = written.startswith("+")
    if kind == "phone" and not international and shortnumberinfo.is_valid_short_number_for_region(number, region):
        if extension:
            raise PhoneProblem(f"'{text}' is a short number: it has no extension", "remove ext: from this contact")
        return PhoneNumber(text, region, phonenumbers.national_significant_number(number))
    where = f"with country code +{number.country_code}" if international else f"in region {region}"
    raise PhoneProblem(
        f"'{text}' is not a valid phone number {where}",
        "check every digit against the organisation's own listing"
        + (
            ""
            if international
            else f"; numbers in {region} look like {example(region)}. A number of another country is "
            "written with + and its country code, or its contact gets region: (e.g. region: GB)"
        ),
    )


def check_extension(extension: str) -> None:
    """An extension is digits only (RFC 3966 allows nothing else a reader could type)."""
    if not _EXTENSION.fullmatch(extension.strip()):
        raise PhoneProblem(f"'{extension}' is not an extension", "write its digits only, e.g. ext: 12")


def is_fictional(number: phonenumbers.PhoneNumber) -> bool:
    """Whether a number lies in a range kept for films, books and samples (it reaches no one)."""
    import phonenumbers

    national = phonenumbers.national_significant_number(number)
    if number.country_code == 1:
        return len(national) == 10 and "5550100" <= national[3:] <= "5550199"
    if number.country_code == 44:
        return len(national) == 10 and national.startswith(_FICTIONAL_GB)
    return False


def example(region: str, kind: int | None = None) -> str:
    """phonenumbers' example number of that kind (a `PhoneNumberType` int; None: fixed line) for the region,
    as printed there."""
    import phonenumbers
    from phonenumbers import PhoneNumberFormat, PhoneNumberType

    kind = PhoneNumberType.FIXED_LINE if kind is None else kind
    number = phonenumbers.example_number_for_type(region, kind) or phonenumbers.example_number(region)
    if number is None:
        return "+44 20 7946 0958"
    return phonenumbers.format_number(number, PhoneNumberFormat.NATIONAL)


def link_for_printed(printed: str, region: str, scheme: str = "tel", ext_label: str = "") -> str | None:
    """The link a printed number calls for, read independently of how it was made (for preflight).

    `printed` is the text a reader sees ("0117 496 0456 ext. 12"), `region` the country it is read in,
    `ext_label` the edition's word before an extension. Returns None when the text is no usable number.
    """
    text, extension = printed.strip(), ""
    if ext_label and ext_label in text:
        text, _, extension = text.rpartition(ext_label)
        text, extension = text.strip(), extension.strip()
    try:
        number = read_number(text, region, "text" if scheme == "sms" else "phone", extension)
    except PhoneProblem:
        return None
    return number.sms_link if scheme == "sms" else number.link


# ---------------------------------------------------------------- contact-like text in prose

_TLDS = "com|org|net|edu|gov|int|info|biz|io|eu|us|uk|de|fr|br|es|it|nl|be|ch|at|ca|au|mx|pt|pl|ie|nz|in|ht|vn|cn"
_WEB = re.compile(
    rf"(?<![\w.@/-])(?:https?://\S+|www\.\S+|[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.(?:{_TLDS})\b(?:/\S*)?)", re.I
)
_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")
# Stretches of text that could hold a phone number: only these are given to phonenumbers' matcher, which
# costs microseconds per character of prose (seconds for a 1 MB paragraph) but nothing per stretch.
_DIGITS = re.compile(r"\+?[\d(][\d\s().\-/]*\d")
_MIN_DIGITS = 5
_MAX_INVALID = 1000  # the matcher gives up after this many number-like groups that are no number
_SEPARATOR = "\n~\n"  # between stretches: no number spans it


@dataclass(frozen=True)
class LookAlike:
    """Text in a sentence that a reader would take for a number or an address to use."""

    text: str
    start: int
    what: str  # "phone number", "web address", "e-mail address"


def look_alikes(text: str, region: str) -> list[LookAlike]:
    """Every phone number, web or e-mail address in `text`, read as prose of `region`, in order.

    A phone number counts when phonenumbers finds a valid one (or one kept for fiction); years,
    amounts and postcodes do not. Short numbers such as 112 are not looked for: in prose they are
    as often counts ("112 victims").
    """
    found = [LookAlike(m.group(0), m.start(), "e-mail address") for m in _EMAIL.finditer(text)]
    taken = [(m.start, m.start + len(m.text)) for m in found]
    for match in _WEB.finditer(text):
        if not any(start <= match.start() < end for start, end in taken):
            found.append(LookAlike(match.group(0).rstrip(".,;:!?)»”’'\""), match.start(), "web address"))
    stretches = [m for m in _DIGITS.finditer(text) if sum(c.isdigit() for c in m.group(0)) >= _MIN_DIGITS]
    # One matcher over the stretches joined by a separator no number can span; `starts` maps back.
    joined: list[str] = []
    bases: list[int] = []
    offset = 0
    for stretch in stretches:
        bases.append(offset)
        joined.append(stretch.group(0))
        offset += len(stretch.group(0)) + len(_SEPARATOR)
    for raw_string, at in _numbers_in(_SEPARATOR.join(joined), region) if joined else ():
        index = bisect.bisect_right(bases, at) - 1
        start = stretches[index].start() + at - bases[index]
        found.append(LookAlike(raw_string, start, "phone number"))
    return sorted(found, key=lambda item: item.start)


def _numbers_in(text: str, region: str) -> tuple[tuple[str, int], ...]:
    """Each valid (or fictional) number phonenumbers' matcher finds in `text`, as written, with where it starts."""

    def find() -> tuple[tuple[str, int], ...]:
        import phonenumbers
        from phonenumbers import Leniency

        return tuple(
            (phone.raw_string, phone.start)
            for phone in phonenumbers.PhoneNumberMatcher(text, region, Leniency.POSSIBLE, _MAX_INVALID)
            if phonenumbers.is_valid_number(phone.number) or is_fictional(phone.number)
        )

    return tuple(remembered(("find", text, region), find, _are_numbers_in))


def _are_numbers_in(answer: Any) -> bool:
    return isinstance(answer, tuple) and all(
        isinstance(item, tuple) and len(item) == 2 and isinstance(item[0], str) and isinstance(item[1], int)
        for item in answer
    )
