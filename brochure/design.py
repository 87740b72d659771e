"""Load stage: brochure.yaml -> `Design` (papers, folds, colours, type, margins, press settings).

In:  the brochure's folder and the report. Out: the `Design`, every key checked against
`schema.DESIGN`; a missing brochure.yaml gives the defaults. `type_scale` also reads an
edition's own `type:`, on top of the brochure's.
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from .converters import FileScope, convert, read_keys
from .diagnostics import Location, Report, did_you_mean
from .fields import Reader, describe, flow
from .model import PAPERS, Color, Design, Fold, FontFamily, Hyphenation, Margins, Paper, TypeScale
from .schema import COLOR, DEFAULT_COLORS, DEFAULT_INK_LIMIT, DESIGN, MARGINS, MIN_INK_LIMIT, TYPE
from .source_files import font_family, printing_condition
from .yamlsource import read_yaml

# Stands in for a family that was not found, so loading goes on to report every other problem too.
MISSING_FAMILY = FontFamily("", Path(), ())
DEFAULT_TYPE: dict[str, object] = {f.key: f.default for f in TYPE.fields if f.key not in ("min_leading", "fallback")}
_SIZES = ("body_size", "min_body_size", "heading_size", "title_size", "statistic_size", "prominent_size")


def load_design(path: Path, report: Report) -> Design | None:
    """brochure.yaml at `path` (absent: every default) -> the Design; None when the file cannot be read."""
    node = None
    if path.exists():
        node = read_yaml(path, report)
        if node is None:
            return None
    ctx = Reader(path.absolute(), report)
    top = read_keys(ctx, node, "", DESIGN)
    plain = convert(FileScope(ctx, {}), top, "", DESIGN)
    ink_limit = _ink_limit(ctx, top.get("ink_limit"))
    palette = {name: Color(hex_value, name) for name, hex_value in DEFAULT_COLORS.items()}
    for name, value_node in ctx.mapping(top.get("colors"), "colors", allowed=None).items():
        color = _palette_color(ctx, name, value_node, ink_limit)
        if color is not None:
            palette[name] = color
    margins = plain["margins"] or convert(FileScope(ctx, {}), {}, "margins", MARGINS)
    assert isinstance(margins, dict)
    type_scale = type_scale_of(ctx, top.get("type"), "type", None, path.parent)
    folds = _folds(ctx, top)
    return Design(
        papers=_papers(ctx, top.get("papers")) or (PAPERS["letter"],),
        fold=folds[0],
        folds=folds,
        fold_in_offset=_float(plain["fold_in_offset"]),
        bleed=_float(plain["bleed"]),
        colors=palette,
        type=type_scale or _default_type(ctx, None, path.parent),
        margins=Margins(_float(margins["edge"]), _float(margins["fold"])),
        hyphenate=plain["hyphenate"] if isinstance(plain["hyphenate"], Hyphenation) else Hyphenation.AUTO,
        author=str(plain["author"]),
        source=Location(ctx.file),
        ink_limit=ink_limit,
        printing=printing_condition(ctx, path.parent, top.get("press_profile"), top.get("printing_condition")),
        smart_quotes=plain["smart_quotes"] is not False,
    )


def _float(value: object) -> float:
    assert isinstance(value, float | int)
    return float(value)


def _papers(ctx: Reader, node: yaml.Node | None) -> tuple[Paper, ...]:
    """`papers: [letter, a4]`: each known, each once."""
    papers: list[Paper] = []
    for i, paper_node in enumerate(ctx.sequence(node, "papers")):
        name = ctx.string(paper_node, f"papers[{i}]")
        if name is None:
            continue
        if name.lower() in PAPERS and PAPERS[name.lower()] in papers:
            ctx.error(
                paper_node,
                f"papers[{i}]",
                f"paper '{name}' is listed twice",
                hint="delete one: each paper is rendered once",
            )
        elif name.lower() not in PAPERS:
            ctx.error(
                paper_node,
                f"papers[{i}]",
                f"unknown paper '{name}'{did_you_mean(name.lower(), list(PAPERS))}",
                hint=f"choose from {', '.join(PAPERS)}",
            )
        else:
            papers.append(PAPERS[name.lower()])
    return tuple(papers)


def _ink_limit(ctx: Reader, node: yaml.Node | None) -> float:
    """`ink_limit: 300%`: the most total ink the press edition may put anywhere (the shop's figure)."""
    if node is None:
        return DEFAULT_INK_LIMIT
    text = node.value.strip() if isinstance(node, yaml.ScalarNode) else ""
    match = re.fullmatch(r"(\d+(?:\.\d+)?)\s*%?", text)
    value = float(match.group(1)) if match else None
    if value is None or not MIN_INK_LIMIT <= value <= 400:
        ctx.error(
            node,
            "ink_limit",
            f"ink_limit {describe(node)} is not a total ink coverage between {MIN_INK_LIMIT:g}% and 400%",
            hint="ask the print shop for its limit; 300% is usual for coated paper, 260% for uncoated",
        )
        return DEFAULT_INK_LIMIT
    return value


def _palette_color(ctx: Reader, name: str, node: yaml.Node, ink_limit: float) -> Color | None:
    """A colour of `colors:`, either "#14365D" or {rgb: "#14365D", cmyk: [100, 75, 20, 30]}."""
    path = f"colors.{name}"
    cmyk = None
    hex_node: yaml.Node | None = node
    if isinstance(node, yaml.MappingNode):
        values = read_keys(ctx, node, path, COLOR, what=f"colour '{name}'")
        hex_node = values.get("rgb")
        if "cmyk" in values:
            cmyk = _cmyk(ctx, values["cmyk"], f"{path}.cmyk", ink_limit)
            if cmyk is None:
                return None
        if hex_node is None:
            return None
    assert hex_node is not None
    value = hex_node.value if isinstance(hex_node, yaml.ScalarNode) else ""
    if not re.fullmatch(r"#[0-9A-Fa-f]{6}", value):
        ctx.error(
            hex_node,
            path,
            f'expected a colour such as "#14365D", got {describe(hex_node)}',
            hint="write the hex value in quotes: YAML reads # as the start of a comment",
        )
        return None
    return Color(value.upper(), name, cmyk, ctx.loc(node))


def _cmyk(ctx: Reader, node: yaml.Node, path: str, ink_limit: float) -> tuple[float, float, float, float] | None:
    """`cmyk: [c, m, y, k]` in percent, each 0 to 100, together within the ink limit."""
    items = ctx.sequence(node, path)
    if not isinstance(node, yaml.SequenceNode):
        return None
    numbers = [_percentage(item) for item in items]
    if None in numbers or len(numbers) != 4:
        ctx.error(
            node,
            path,
            f"cmyk needs four numbers from 0 to 100 (cyan, magenta, yellow, black in %), got {flow(node)}",
            hint="e.g. cmyk: [100, 75, 20, 30], as the print shop or the brand guide gives them",
        )
        return None
    c, m, y, k = (n or 0.0 for n in numbers)
    total = c + m + y + k
    if total > ink_limit + 1e-9:
        ctx.error(
            node,
            path,
            f"cmyk {flow(node)} adds up to {total:g}% of ink, over the ink limit of {ink_limit:g}%",
            hint="lower the values (a shop's rich black is e.g. [60, 40, 40, 100]), or raise ink_limit",
        )
        return None
    return round(c / 100, 4), round(m / 100, 4), round(y / 100, 4), round(k / 100, 4)


def _percentage(node: yaml.Node) -> float | None:
    """A number from 0 to 100, or None."""
    try:
        number = float(node.value) if isinstance(node, yaml.ScalarNode) else None
    except ValueError:
        return None
    return number if number is not None and 0 <= number <= 100 else None


def _folds(ctx: Reader, top: dict[str, yaml.Node]) -> tuple[Fold, ...]:
    """`folds: [roll, z]` (every fold --all makes, the first the default) or `fold: z` (one fold)."""
    if "fold" in top and "folds" in top:
        ctx.error(
            top["fold"],
            "fold",
            "give 'folds:' or 'fold:', not both",
            hint="write every fold in one list, e.g. folds: [roll, z]",
        )
    if "folds" not in top:
        return (ctx.choice(top.get("fold"), "fold", Fold) or Fold.ROLL,)
    folds: list[Fold] = []
    for i, node in enumerate(ctx.sequence(top["folds"], "folds")):
        fold = ctx.choice(node, f"folds[{i}]", Fold)
        if fold in folds:
            assert fold is not None
            ctx.error(node, f"folds[{i}]", f"fold '{fold.value}' is listed twice", hint="list each fold once")
        elif fold is not None:
            folds.append(fold)
    if isinstance(top["folds"], yaml.SequenceNode) and not top["folds"].value:
        ctx.error(top["folds"], "folds", "the list of folds is empty", hint="e.g. folds: [roll, z]")
    return tuple(folds) or (Fold.ROLL,)


def type_scale_of(
    ctx: Reader, node: yaml.Node | None, path: str, base: TypeScale | None, folder: Path
) -> TypeScale | None:
    """A `type:` mapping on top of `base` (brochure.yaml's scale, or the defaults when None); None when
    absent. Fonts are looked for on the search path of `folder`."""
    if node is None:
        return None
    values = read_keys(ctx, node, path, TYPE)
    current: dict[str, object] = dict(base.__dict__) if base else {**DEFAULT_TYPE, "fallback_fonts": ()}
    if "font" in values:
        font = ctx.string(values["font"], f"{path}.font")
        family = font_family(ctx, values["font"], f"{path}.font", font, folder) if font else None
        current["font"] = family or MISSING_FAMILY
    elif base is None:
        current["font"] = _default_type(ctx, node, folder).font
    if "fallback" in values:
        fallbacks = []
        for i, item in enumerate(ctx.sequence(values["fallback"], f"{path}.fallback")):
            name = ctx.string(item, f"{path}.fallback[{i}]")
            family = font_family(ctx, item, f"{path}.fallback[{i}]", name, folder) if name else None
            if family is not None:
                fallbacks.append(family)
        current["fallback_fonts"] = tuple(fallbacks)
    # The sizes and leadings: converted by the schema; a value that failed keeps the one below it.
    given = convert(FileScope(ctx, {}), values, path, TYPE, defaults=False)
    current.update({key: value for key, value in given.items() if value is not None})
    _check_type(ctx, node, values, path, current)
    return TypeScale(**current)  # type: ignore[arg-type]  # every key is TypeScale's, checked above


def _check_type(
    ctx: Reader, node: yaml.Node, values: dict[str, yaml.Node], path: str, scale: dict[str, object]
) -> None:
    """The rules between keys: min_leading at most leading, min_body_size at most body_size."""
    tightest, leading = scale.get("min_leading"), scale["leading"]
    assert isinstance(leading, float)
    if isinstance(tightest, float) and tightest > leading + 1e-9:
        ctx.error(
            values.get("min_leading", node),
            f"{path}.min_leading",
            f"min_leading ({tightest:g}) is larger than leading ({leading:g})",
            hint="min_leading is the tightest the fit may set the lines: at most the leading itself",
        )
    smallest, body = scale["min_body_size"], scale["body_size"]
    assert isinstance(smallest, float) and isinstance(body, float)
    if smallest > body:
        ctx.error(node, path, f"min_body_size ({smallest:g} pt) is larger than body_size ({body:g} pt)")


def _default_type(ctx: Reader, node: yaml.Node | None, folder: Path) -> TypeScale:
    """The default type scale, its font found on the search path like any other."""
    family = font_family(ctx, node, "type.font", str(DEFAULT_TYPE["font"]), folder)
    return TypeScale(**{**DEFAULT_TYPE, "font": family or MISSING_FAMILY})  # type: ignore[arg-type]
