"""Press preflight: the colour rules a print shop checks, judged from the press PDF's own content.

In:  the `Layout` the press PDF was drawn from (for the design's colour names and ink
     limit) and the file read back (`PdfFacts`).
Out: findings added to the preflight report, and facts (largest ink total, counts).

The content streams are read operator by operator, as a shop's preflight does:
- no RGB anywhere: no rg/RG, no RGB colour space, no RGB image;
- total area coverage (C+M+Y+K) of every fill and every image pixel within the
  ink limit (`ink_limit:`, 300 % by default); crop marks are strokes in registration
  colour outside the bleed and are not counted, as shops do not count them;
- text under 12 pt in more than one ink is a warning naming the design colour;
- black text (100 % K alone) overprints (/op true, /OPM 1), so it has no white halo;
- every image is CMYK or greyscale;
- an /OutputIntents entry (GTS_PDFX) with a four-colour profile.
"""

from __future__ import annotations

import io
import math
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from PIL import Image, ImageMath

from .inks import K_ONLY_BLACK, SMALL_TEXT, Cmyk, condition_of, inks_used, press_cmyk, total_coverage
from .layout import Layout
from .pdffacts import PdfFacts
from .pdfobjects import IMAGE_FILTERS, PdfError, Stream, array, dictionary, integer, number, operations, resolve

if TYPE_CHECKING:
    from .preflight import PreflightFacts, ReportProblem

FILL_OPERATORS = {b"f", b"F", b"f*", b"B", b"B*", b"b", b"b*"}
TEXT_OPERATORS = {b"Tj", b"TJ", b"'", b'"'}
CMYK_SPACES = {"/DeviceCMYK", "/DeviceGray", "/DeviceN", "/Separation", "/Pattern"}


@dataclass
class _State:
    """The part of the graphics state the rules need; copied on q, restored on Q."""

    fill_space: str = "/DeviceGray"
    fill: tuple[float, ...] = (0.0,)
    font_size: float = 0.0
    overprint: bool = False
    overprint_mode: int = 0
    text_scale: float = 1.0  # the text matrix's scale: the printed size is font_size times this

    def copy(self) -> _State:
        return _State(self.fill_space, self.fill, self.font_size, self.overprint, self.overprint_mode, self.text_scale)


@dataclass
class _Tally:
    """What the scan found across the file."""

    rgb: list[str] = field(default_factory=list)  # where RGB was used, e.g. "page 1: 0.2 0.4 0.6 rg"
    over_limit: list[str] = field(default_factory=list)
    small_text: dict[Cmyk, float] = field(default_factory=dict)  # CMYK -> smallest size
    black_knockout: int = 0
    max_ink: float = 0.0
    images: int = 0


def check_press(layout: Layout, facts: PdfFacts, error: ReportProblem, warning: ReportProblem) -> PreflightFacts:
    """Run the press colour rules on the file; report through `error(message, where, hint, location)`
    and `warning(...)`; return the measured facts."""
    limit = layout.edition.design.ink_limit
    tally = _Tally()
    for page_number, page in enumerate(facts.pages, start=1):
        _scan(page.contents(), dictionary(page.get("/Resources")), page_number, limit, tally)
    condition = _check_output_intent(facts, error)

    for where in tally.rgb[:5]:
        error(
            f"RGB colour in the press file ({where})",
            hint="the press edition must paint in CMYK only: this is a bug in brochure, please report it",
        )
    for where in tally.over_limit[:5]:
        error(
            f"{where} is over the ink limit of {limit:g}%",
            hint="give the colour cmyk: values within the limit in brochure.yaml, or ask the shop whether "
            "a higher ink_limit is fine for their paper",
        )
    if tally.black_knockout:
        error(
            f"{tally.black_knockout} pieces of black text do not overprint",
            hint="black text must overprint so that misregistration leaves no white edge: a bug in brochure",
        )
    names = _colour_names(layout)
    design = layout.edition.design
    for cmyk, size in sorted(tally.small_text.items(), key=lambda item: (names.get(item[0], "~"), item[0])):
        name = names.get(cmyk)
        label = f"colour '{name}'" if name else "a colour"
        source = design.colors[name].source if name else None
        inks = "/".join(f"{round(v * 100):g}" for v in cmyk)
        warning(
            f"text of {size:g} pt in {label} uses {inks_used(cmyk)} inks (C/M/Y/K {inks}); text under "
            f"{SMALL_TEXT:g} pt should use one ink",
            f"colors.{name}" if name else "",
            hint=f"give colors.{name or '...'} cmyk: values with one ink (or black), or set that text at "
            f"{SMALL_TEXT:g} pt or larger: a slightly misregistered plate blurs small text",
            location=source or design.source,
        )
    return {
        "max_ink_percent": round(tally.max_ink, 1),
        "ink_limit_percent": limit,
        "rgb_operations": len(tally.rgb),
        "press_images": tally.images,
        "output_intent": condition,
    }


def _colour_names(layout: Layout) -> dict[tuple[float, ...], str]:
    """The CMYK each design colour prints as text, back to its name in brochure.yaml."""
    names: dict[tuple[float, ...], str] = {}
    design = layout.edition.design
    for name, color in design.colors.items():
        names.setdefault(tuple(press_cmyk(color, text=True, condition=condition_of(design.printing))), name)
    return names


def _scan(
    contents: bytes, resources: dict[str, object], page: int, limit: float, tally: _Tally, depth: int = 0
) -> None:
    """One content stream (a page or a form; `depth` forms deep, a loop stops at 8), operator by operator."""
    state = _State()
    stack: list[_State] = []
    states = dictionary(resources.get("/ExtGState"))
    spaces = dictionary(resources.get("/ColorSpace"))
    xobjects = dictionary(resources.get("/XObject"))
    for operands, operator in operations(contents):
        if operator == b"q":
            stack.append(state.copy())
        elif operator == b"Q" and stack:
            state = stack.pop()
        elif operator in (b"rg", b"RG"):
            tally.rgb.append(f"page {page}: {' '.join(_num(v) for v in operands)} {operator.decode()}")
            if operator == b"rg":
                state.fill_space, state.fill = "/DeviceRGB", tuple(number(v) for v in operands)
        elif operator == b"k":
            state.fill_space, state.fill = "/DeviceCMYK", tuple(number(v) for v in operands)
        elif operator == b"g":
            state.fill_space, state.fill = "/DeviceGray", (number(operands[0]),)
        elif operator in (b"cs", b"CS"):
            space = _space_family(operands[0], spaces)
            if space not in CMYK_SPACES:
                tally.rgb.append(f"page {page}: colour space {operands[0]} ({space})")
            if operator == b"cs":
                state.fill_space = space
        elif operator in (b"sc", b"scn") and state.fill_space == "/DeviceCMYK":
            state.fill = tuple(number(v) for v in operands if not isinstance(v, str))
        elif operator == b"gs":
            gstate = dictionary(states.get(str(operands[0])))
            if "/op" in gstate:
                state.overprint = resolve(gstate["/op"]) is True
            if "/OPM" in gstate:
                state.overprint_mode = integer(gstate["/OPM"])
        elif operator == b"Tf":
            state.font_size = number(operands[1])
        elif operator == b"BT":
            state.text_scale = 1.0
        elif operator == b"Tm":
            state.text_scale = math.hypot(number(operands[0]), number(operands[1]))
        elif operator in FILL_OPERATORS:
            _count_ink(_cmyk_of(state), f"page {page}: a fill", limit, tally)
        elif operator in TEXT_OPERATORS:
            cmyk = _cmyk_of(state)
            if cmyk is not None:
                _count_ink(cmyk, f"page {page}: text", limit, tally)
                size = round(state.font_size * state.text_scale, 2)
                if size < SMALL_TEXT - 0.01 and inks_used(cmyk) > 1:
                    tally.small_text[cmyk] = min(tally.small_text.get(cmyk, size), size)
                if cmyk == K_ONLY_BLACK and not (state.overprint and state.overprint_mode == 1):
                    tally.black_knockout += 1
        elif operator == b"Do":
            xobject = resolve(xobjects.get(str(operands[0])))
            if not isinstance(xobject, Stream):
                continue
            if xobject.get("/Subtype") == "/Image":
                _check_image(xobject, page, limit, tally)
            elif xobject.get("/Subtype") == "/Form" and depth < 8:
                inner = dictionary(xobject.get("/Resources")) or resources
                _scan(xobject.data, inner, page, limit, tally, depth + 1)
        elif operator == b"BI":  # an inline image: its dictionary is the one operand
            fields = dictionary(operands[0])
            space = str(fields.get("/CS", fields.get("/ColorSpace", "/DeviceGray")))
            if space in ("/RGB", "/DeviceRGB"):
                tally.rgb.append(f"page {page}: an inline RGB image")


def _space_family(name: object, spaces: dict[str, object]) -> str:
    """A colour space operand as its family: /DeviceCMYK, /ICCBased-3, /Indexed-RGB, ..."""
    family = str(name)
    if family.startswith("/Device") or family == "/Pattern":
        return family
    space = resolve(spaces.get(family))
    if space is None:
        return family
    return _describe_space(space)


def _describe_space(value: object) -> str:
    space = resolve(value)
    if not isinstance(space, list):
        return str(space)
    family = str(space[0])
    if family == "/ICCBased":
        profile = resolve(space[1])  # a plain dict in the tests
        components = integer(profile.get("/N", 0)) if isinstance(profile, dict) else 0
        return {1: "/DeviceGray", 4: "/DeviceCMYK"}.get(components, f"/ICCBased with {components} components")
    if family == "/Indexed":
        base = _describe_space(space[1])
        return base if base in CMYK_SPACES else f"/Indexed on {base}"
    if family in ("/Separation", "/DeviceN"):
        alternate = _describe_space(space[2])
        return family if alternate in CMYK_SPACES else f"{family} on {alternate}"
    return family


def _cmyk_of(state: _State) -> Cmyk | None:
    """The fill colour as CMYK, when it is CMYK or grey (grey prints with black ink)."""
    if state.fill_space == "/DeviceCMYK" and len(state.fill) == 4:
        c, m, y, k = (round(v, 4) for v in state.fill)
        return c, m, y, k
    if state.fill_space == "/DeviceGray" and len(state.fill) == 1:
        return (0.0, 0.0, 0.0, round(1 - state.fill[0], 4))
    return None


def _count_ink(cmyk: Cmyk | None, what: str, limit: float, tally: _Tally) -> None:
    if cmyk is None:
        return
    ink = total_coverage(cmyk)
    tally.max_ink = max(tally.max_ink, ink)
    if ink > limit + 0.05:
        tally.over_limit.append(f"{what} in C/M/Y/K {'/'.join(f'{v * 100:g}' for v in cmyk)} = {ink:g}% ink")


def _check_image(image: Stream, page: int, limit: float, tally: _Tally) -> None:
    """An image must be CMYK or greyscale, and no pixel may carry more ink than the limit."""
    tally.images += 1
    space = _describe_space(image.get("/ColorSpace", "/DeviceGray"))
    if space not in ("/DeviceCMYK", "/DeviceGray"):
        tally.rgb.append(f"page {page}: an image in {space}")
        return
    pixels = image_pixels(image)
    if space == "/DeviceGray":
        darkest, _ = _extrema(pixels.convert("L"))
        ink = round((255 - darkest) / 255 * 100, 1)  # grey is black ink alone
    else:
        c, m, y, k = pixels.convert("CMYK").split()
        total = ImageMath.lambda_eval(lambda b: b["c"] + b["m"] + b["y"] + b["k"], c=c, m=m, y=y, k=k)
        ink = round(total.getextrema()[1] / 255 * 100, 1)
    tally.max_ink = max(tally.max_ink, ink)
    if ink > limit + 0.05:
        tally.over_limit.append(f"page {page}: an image with pixels of {ink:g}% ink")


def _extrema(band: Image.Image) -> tuple[float, float]:
    """The lowest and the highest value of a one-band image."""
    low, high = band.getextrema()
    assert isinstance(low, int | float) and isinstance(high, int | float), "a one-band image was expected"
    return low, high


def image_pixels(image: Stream) -> Image.Image:
    """An image XObject's own pixels ("CMYK" or "L"), without its soft mask applied (a mask is not ink)."""
    filters = resolve(image.get("/Filter", []))
    filters = [str(resolve(f)) for f in (filters if isinstance(filters, list) else [filters])]
    data = image.data
    if "/DCTDecode" in filters:
        return Image.open(io.BytesIO(data))
    if IMAGE_FILTERS.intersection(filters):
        raise PdfError(
            f"an image in {', '.join(sorted(IMAGE_FILTERS.intersection(filters)))}, which press preflight cannot read"
        )
    mode = "CMYK" if _describe_space(image.get("/ColorSpace")) == "/DeviceCMYK" else "L"
    return Image.frombytes(mode, (integer(image.get("/Width")), integer(image.get("/Height"))), data)


def _check_output_intent(facts: PdfFacts, error: ReportProblem) -> str:
    """The printing condition the file names, or "" (an error) when it has no usable output intent."""
    for item in array(facts.catalog.get("/OutputIntents")):
        intent = dictionary(item)
        profile = resolve(intent.get("/DestOutputProfile"))
        if (
            resolve(intent.get("/S")) == "/GTS_PDFX"
            and resolve(intent.get("/OutputConditionIdentifier"))
            and isinstance(profile, dict)
            and integer(profile.get("/N", 0)) == 4
        ):
            return str(resolve(intent.get("/OutputConditionIdentifier")))
    error(
        "the press file has no output intent with a CMYK profile",
        hint="the output intent tells the shop which printing condition the CMYK is made for: a bug in brochure",
    )
    return ""


def _num(value: object) -> str:
    return f"{number(value):g}"
