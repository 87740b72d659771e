"""Load stage: files a data file names (fonts, images, the press profile), found and checked.

In:  the name as written in the data, its node (for the message's line) and the brochure's folder.
Out: the checked file (a `FontFamily`, an image's path and decoded pixels, a `PrintingCondition`),
     or None with every problem reported at the line that named it. A file outside the
     brochure's folder is refused: a data file must not reach elsewhere on the disk.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from . import fonts
from .diagnostics import Location, did_you_mean, display_path
from .fields import Reader
from .images import ImageProblem, read_image
from .model import Color, FontFamily, ImageData, PrintingCondition, VectorData
from .vector import check_svg, is_svg, svg_facts
from .yamlsource import file_type

FONTS_DIR_HINT = "fonts/ in the brochure's folder (or fonts/ beside the data folder, for every brochure)"
# Printing conditions of the ICC's characterization data registry that shops name most (US and Europe).
REGISTERED_CONDITIONS = frozenset(
    ("CGATS TR 001", "CGATS TR 003", "CGATS TR 005", "CGATS TR 006", "CGATS21-2-CRPC5", "CGATS21-2-CRPC6")
    + ("CGATS21-2-CRPC7", "FOGRA27", "FOGRA29", "FOGRA39", "FOGRA47", "FOGRA51", "FOGRA52")
)


def font_family(ctx: Reader, node: yaml.Node | None, path: str, name: str, folder: Path) -> FontFamily | None:
    """The family `name` from the font search path of `folder`, its files checked; problems are reported
    at `node` (at the file itself when None: the default font)."""
    search = fonts.search_path(folder)
    family = fonts.find_family(name, search)
    where = Location(ctx.file) if node is None else ctx.loc(node)
    if family is None:
        available = fonts.family_names(search)
        ctx.report.error(
            f"no font '{name}' in fonts/{did_you_mean(name, available)}",
            where,
            where=path,
            hint=f"fonts found: {', '.join(available) or 'none'}; to add one, put a folder {name}/ holding "
            f"its TrueType files (<Name>-Regular.ttf ...) and licence in {FONTS_DIR_HINT}",
        )
        return None
    problems = fonts.check_family(family)
    for problem in problems:
        ctx.report.error(problem.message, where, where=path, hint=problem.hint)
    if not family.bundled and not fonts.has_licence(family.folder):
        # Every PDF embeds the font and is handed out: its licence must allow that, so keep it beside it.
        ctx.report.warning(
            f"font '{name}' has no licence file in {display_path(family.folder)}",
            where,
            where=path,
            hint="copy the licence that came with the font (OFL.txt, LICENSE.txt) into its folder, and check "
            "that it allows embedding the font in a PDF (the SIL Open Font License does)",
        )
    return None if problems else family


def image_file(
    ctx: Reader, node: yaml.Node, path: str, relative: str, folder: Path, *, allow_svg: bool
) -> tuple[Path, ImageData | VectorData] | None:
    """An image file named in the data, checked: inside the folder, a regular file, a PNG or JPEG decoded
    to its last pixel (or an SVG, checked: its size and version). None when it is not usable (reported)."""
    folder = folder.resolve()
    image_path = (folder / relative).resolve()
    if folder not in image_path.parents:
        ctx.error(
            node,
            path,
            f"image '{relative}' is outside the brochure's folder",
            hint=f"copy the image into {display_path(folder)} and give its name",
        )
        return None
    try:
        kind = file_type(image_path.stat().st_mode)
    except OSError:
        ctx.error(node, path, f"image not found: {relative}", hint=f"put the file in {display_path(folder)}")
        return None
    if kind:
        ctx.error(node, path, f"'{relative}' is {kind}, not an image", hint="give the name of a PNG or JPEG file")
        return None
    if is_svg(image_path) and allow_svg:
        problems = check_svg(image_path)
        for problem in problems:
            ctx.error(node, path, problem.message, hint=problem.hint)
        return None if problems else (image_path, svg_facts(image_path))
    try:
        data = read_image(image_path, relative)  # decoded to the last pixel: a damaged file is an error here
    except ImageProblem as problem:
        ctx.error(node, path, str(problem), hint=problem.hint)
        return None
    return image_path, data


def average_color(data: ImageData) -> Color:
    """The mean colour of a photo: what the eye takes as the colour text is set on."""
    from PIL import Image as PILImage

    from .images import pil_image

    # One pixel is the average of all of them (box filter); converting first drops any alpha.
    pixel = pil_image(data).convert("RGB").resize((1, 1), PILImage.Resampling.BOX).getpixel((0, 0))
    assert isinstance(pixel, tuple)  # an RGB image's pixel: (r, g, b)
    r, g, b = pixel[:3]
    return Color(f"#{r:02X}{g:02X}{b:02X}")


def printing_condition(
    ctx: Reader, folder: Path, profile_node: yaml.Node | None, condition_node: yaml.Node | None
) -> PrintingCondition | None:
    """`press_profile: shop.icc` (a CMYK printer profile in the brochure's folder, usually from the
    print shop) and `printing_condition: FOGRA39` (its name); None: the bundled CGATS TR 001 profile."""
    from .inks import profile_problem  # LittleCMS: only when a profile is named

    condition = ctx.string(condition_node, "printing_condition")
    if profile_node is None:
        if condition_node is not None:
            ctx.error(
                condition_node,
                "printing_condition",
                "printing_condition needs press_profile: the bundled profile is made for CGATS TR 001 only",
                hint="add press_profile: with the ICC profile of that condition (ask the shop for it)",
            )
        return None
    relative = ctx.string(profile_node, "press_profile")
    if relative is None:
        return None
    folder = folder.resolve()
    profile_path = (folder / relative).resolve()
    if folder not in profile_path.parents:
        ctx.error(
            profile_node,
            "press_profile",
            f"press profile '{relative}' is outside the brochure's folder",
            hint=f"copy the profile into {display_path(folder)} and give its name",
        )
        return None
    if not profile_path.is_file():
        ctx.error(
            profile_node,
            "press_profile",
            f"press profile not found: {relative}",
            hint=f"put the shop's .icc file in {display_path(folder)}",
        )
        return None
    problem = profile_problem(profile_path)
    if problem:
        ctx.error(
            profile_node,
            "press_profile",
            f"press profile '{relative}' {problem}",
            hint="ask the print shop for the CMYK ICC profile of its press and paper (e.g. a FOGRA39 or "
            "GRACoL profile), or remove press_profile to use the bundled one",
        )
        return None
    from PIL import ImageCms

    description = ImageCms.getProfileDescription(ImageCms.getOpenProfile(str(profile_path))).strip()
    return PrintingCondition(
        identifier=condition or "Custom",
        # Only a condition in the ICC's registry (FOGRA39, CGATS21-2-CRPC6, ...) names the registry.
        registry="http://www.color.org" if condition in REGISTERED_CONDITIONS else "",
        info=f"{condition or 'the shop'}'s condition, profile {profile_path.name} ({description})",
        profile=profile_path,
    )
