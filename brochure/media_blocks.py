"""Load stage: the blocks that name a file or a contact to open: `- image:` and `- qr:`.

In:  the block as tagged by the schema and the `BlockContext`. Out: an `Image` (its file
checked and decoded, its alt text required unless decorative, an optional caption and link)
or a `QrCode` (the contact's link, at a size that scans); None with the problem reported.
"""

from __future__ import annotations

from dataclasses import replace

from .block_context import BlockContext
from .converters import Tagged, value_of
from .model import QR_MIN_SIZE, Color, HorizontalAlign, Image, ImageData, ImageOptions, QrCode
from .schema import BLOCKS, QR_DEFAULT_SIZE, QR_FIELDS, QrField
from .source_files import image_file

LINK_FIELDS = QR_FIELDS  # a linked image opens what the contact's QR code would
_IMAGE = BLOCKS["image"].spec
_QR = BLOCKS["qr"].spec


def image_block(bc: BlockContext, block: Tagged, path: str, background: Color | None) -> Image | None:
    """The image file, checked; alt text (or decorative: true); then its caption, alignment and link."""
    ctx, values = bc.reader, block.values
    main = values["image"]
    relative = ctx.string(main, path)
    width = value_of(bc, values, path, _IMAGE, "width")
    if relative is None:
        return None
    alt = value_of(bc, values, path, _IMAGE, "alt")
    decorative = value_of(bc, values, path, _IMAGE, "decorative") is True
    found = image_file(ctx, main, path, relative, bc.folder, allow_svg=True)
    if found is None:
        return None  # what is wrong with the file is reported; alt text comes after
    if not decorative and not str(alt or "").strip():
        # A screen reader would say nothing, or the file name: the picture is lost to the person listening.
        ctx.error(
            main,
            path,
            f"image {relative} needs alt text",
            hint="add `alt:` saying what the picture shows (e.g. alt: Logo of the Office of the Victim "
            "Advocate), or `decorative: true` if it adds nothing to the text",
        )
        return None
    assert width is None or isinstance(width, float)
    text = str(alt or "").strip() if not decorative else ""
    image_path, facts = found
    pixels, vector = (facts, None) if isinstance(facts, ImageData) else (None, facts)
    image = Image(
        image_path, pixels, width, ctx.loc(block.node), background, alt=text, decorative=decorative, vector=vector
    )
    return replace(image, options=_image_options(bc, block, path))


def _image_options(bc: BlockContext, block: Tagged, path: str) -> ImageOptions:
    values = block.values
    caption = value_of(bc, values, path, _IMAGE, "caption")
    align = value_of(bc, values, path, _IMAGE, "align")
    assert isinstance(caption, tuple) and isinstance(align, HorizontalAlign)
    target = bc.link_target(values["link"], f"{path}.link", LINK_FIELDS) if "link" in values else None
    return ImageOptions(
        caption=caption,
        align=align,
        link=target.link if target else None,
        link_contact=target.contact_id if target else None,
    )


def qr_block(bc: BlockContext, block: Tagged, path: str, background: Color | None) -> QrCode | None:
    """A QR code of the contact's link (`field:` picks which), at least QR_MIN_SIZE wide."""
    ctx, values = bc.reader, block.values
    main = values["qr"]
    named = main.value if isinstance(main.value, str) else None
    if named is not None and named in bc.contacts:
        bc.used_contacts.add(named)  # used, even if a mistake below stops this block
    fields: tuple[str, ...] = QR_FIELDS
    if "field" in values:
        field_name = ctx.choice(values["field"], f"{path}.field", QrField)
        if field_name is None:
            return None
        fields = (field_name.value,)
        contact = bc.contacts.get(named) if named is not None else None
        if contact is not None and field_name.value not in contact.fields:
            ctx.error(
                values["field"],
                f"{path}.field",
                f"contact '{named}' has no '{field_name.value}'",
                hint=f"it has: {', '.join(contact.fields)}",
            )
            return None
    size_node = values.get("size")
    size: float | None = QR_DEFAULT_SIZE
    if size_node is not None:
        size = ctx.length(size_node, f"{path}.size", low=0, high=8 * 72)
        if size is not None and size < QR_MIN_SIZE - 1e-6:
            ctx.error(
                size_node,
                f"{path}.size",
                f"a QR code of {size_node.value} is too small to scan: at least 0.8in",
                hint="give size: 0.8in or more (1in scans well from arm's length)",
            )
            return None
        if size is None:
            return None
    target = bc.link_target(main, path, fields)
    if target is None or size is None:
        return None
    caption = value_of(bc, values, path, _QR, "caption")
    align = value_of(bc, values, path, _QR, "align")
    assert isinstance(caption, tuple) and isinstance(align, HorizontalAlign)
    return QrCode(target.contact_id, target.field, target.link, size, caption, align, ctx.loc(block.node), background)
