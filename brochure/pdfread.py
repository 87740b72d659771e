"""pypdf, the reader of the PDFs' objects (structure tree, fonts, links, content streams), imported without
its encryption support.

In:  nothing. Out: the pypdf names the read-back modules use (`PdfReader`, the generic objects).

brochure reads back only the PDFs it has just drawn, and never encrypts them. pypdf, on import, loads
the `cryptography` package for decryption whenever it is installed (it often is, for other programs):
that alone cost about 35 ms and 20 MiB per process. Marking pypdf's cryptography provider as absent
makes pypdf choose its built-in fallback instead, which is all an unencrypted file needs; pypdf would
raise its own clear error for an encrypted file, never misread one. This works only if pypdf is first
imported here, which is why every module of brochure imports pypdf through this one.
"""

from __future__ import annotations

import sys

if "pypdf" not in sys.modules:
    sys.modules.setdefault("pypdf._crypt_providers._cryptography", None)  # type: ignore[arg-type]

from pypdf import PageObject, PdfReader  # noqa: E402
from pypdf.generic import (  # noqa: E402
    ArrayObject,
    ContentStream,
    DictionaryObject,
    IndirectObject,
    StreamObject,
)

__all__ = [
    "ArrayObject",
    "ContentStream",
    "DictionaryObject",
    "IndirectObject",
    "PageObject",
    "PdfReader",
    "StreamObject",
]
