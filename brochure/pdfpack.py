"""Pack a finished ReportLab PDF's small objects into one compressed object stream (PDF 1.5, ISO 32000-1 §7.5.7).

In:  the bytes ReportLab wrote: `N 0 obj ... endobj` objects, a classic xref
     table and trailer.
Out: the same objects, with every non-stream object (pages, fonts, link
     annotations, the structure tree, the parent tree) moved into one
     Flate-compressed object stream, and a cross-reference stream in place of the
     table. Streams (page content, fonts, images, the XMP packet, which must stay
     readable as it is) are copied byte for byte.

Why: the structure tree of a tagged brochure is some 150 small dictionaries;
written plainly they would add about a third to the file. Compressed together
they cost a few kilobytes, which keeps tagging within its size budget. Pure
bytes in, bytes out, deterministic, and a few milliseconds; ReportLab cannot
write object streams itself, and a second library (pikepdf) would cost more
time to import than the whole draw stage takes.
"""

from __future__ import annotations

import re
import zlib

_XREF = re.compile(rb"\nxref\n0 (\d+)\n")
_TRAILER = re.compile(rb"trailer\s*<<(.*?)>>\s*startxref", re.S)


def pack_objects(pdf: bytes) -> bytes:
    """The PDF with its non-stream objects in one object stream; unchanged if it is not ReportLab's plain layout."""
    found = _XREF.search(pdf)
    trailer = _TRAILER.search(pdf, found.end() if found else 0)
    if not found or not trailer:
        return pdf
    count = int(found.group(1))
    table = pdf[found.end() : found.end() + 20 * count]
    offsets = [int(table[20 * i : 20 * i + 10]) for i in range(count)]
    ends = sorted(offsets[1:]) + [found.start() + 1]
    end_of = {start: end for start, end in zip(sorted(offsets[1:]), ends[1:])}
    objects: dict[int, bytes] = {}
    for number in range(1, count):
        raw = pdf[offsets[number] : end_of[offsets[number]]]
        header = f"{number} 0 obj".encode()
        if not raw.startswith(header) or not raw.rstrip().endswith(b"endobj"):
            return pdf
        objects[number] = raw[len(header) : raw.rstrip().rfind(b"endobj")].strip()

    # Streams stay top-level objects; everything else goes into the object stream.
    packed = [n for n, body in objects.items() if not body.endswith(b"endstream")]
    kept = [n for n in objects if n not in packed]
    index: list[bytes] = []
    bodies: list[bytes] = []
    position = 0
    for number in packed:
        index.append(f"{number} {position}".encode())
        body = objects[number] + b"\n"
        bodies.append(body)
        position += len(body)
    head = b" ".join(index) + b"\n"
    stream_data = zlib.compress(head + b"".join(bodies), 9)
    stream_number = count
    xref_number = count + 1

    out = bytearray(b"%PDF-1.5\n%\x93\x8c\x8b\x9e\n")
    entries: dict[int, tuple[int, int, int]] = {0: (0, 0, 0xFFFF)}
    for number in kept:
        entries[number] = (1, len(out), 0)
        out += f"{number} 0 obj\n".encode() + objects[number] + b"\nendobj\n"
    for position, number in enumerate(packed):
        entries[number] = (2, stream_number, position)
    entries[stream_number] = (1, len(out), 0)
    out += (
        f"{stream_number} 0 obj\n<< /Type /ObjStm /N {len(packed)} /First {len(head)} /Filter /FlateDecode "
        f"/Length {len(stream_data)} >>\nstream\n".encode()
        + stream_data
        + b"\nendstream\nendobj\n"
    )
    entries[xref_number] = (1, len(out), 0)
    rows = b"".join(
        bytes([kind]) + first.to_bytes(4, "big") + second.to_bytes(2, "big")
        for kind, first, second in (entries[n] for n in range(xref_number + 1))
    )
    xref_data = zlib.compress(rows, 9)
    keys = trailer.group(1)
    keys = re.sub(rb"%[^\n]*\n", b"\n", keys)  # ReportLab's comment inside the trailer
    keys = re.sub(rb"/Size\s+\d+", b"", keys)
    out += (
        f"{xref_number} 0 obj\n<< /Type /XRef /Size {xref_number + 1} /W [ 1 4 2 ] /Filter /FlateDecode "
        f"/Length {len(xref_data)} ".encode()
        + b" ".join(keys.split())
        + b" >>\nstream\n"
        + xref_data
        + f"\nendstream\nendobj\nstartxref\n{entries[xref_number][1]}\n%%EOF\n".encode()
    )
    return bytes(out)
