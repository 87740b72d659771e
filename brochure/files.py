"""What a path is, in the words a person uses: the one place that tells file types apart.

In:  a file mode (`os.stat(...).st_mode`).
Out: "file", "folder", "named pipe (FIFO)", "device", "socket" or "not a regular file".

Both ends of the pipeline ask it: the loader before it reads an input (a FIFO would hang
the run, a device would never end), and the writer before it replaces an output (a device
or a folder must never be written over).
"""

from __future__ import annotations

import stat


def kind_of(mode: int) -> str:
    """The kind of file `mode` describes, as a message names it."""
    if stat.S_ISREG(mode):
        return "file"
    if stat.S_ISDIR(mode):
        return "folder"
    if stat.S_ISFIFO(mode):
        return "named pipe (FIFO)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "device"
    if stat.S_ISSOCK(mode):
        return "socket"
    return "not a regular file"
