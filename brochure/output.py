"""Writing a finished PDF so that a failed or interrupted run never damages the previous one.

The bytes go to a temporary file in the target folder (same file system, so the
final rename is atomic), are flushed to disk, and only then replace the target.
Any failure, Ctrl-C included, removes the temporary file and leaves the old PDF.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def write_atomically(path: Path, data: bytes) -> None:
    """Replace `path` with `data` in one step; raises OSError with the file untouched on failure."""
    folder = path.parent
    handle, temporary = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except BaseException:
        try:
            os.unlink(temporary)
        except FileNotFoundError:
            pass
        raise
