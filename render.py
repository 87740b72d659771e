#!/usr/bin/env python3
"""Render tri-fold brochures: `python render.py --help`."""

import gc

# The imports make objects that live as long as the process: the collector, running some sixty times while
# they are made, would walk them again and again and free nothing (about 20 ms of a cold render, measured
# with gc.callbacks). It is paused until they are all in place.
gc.disable()
try:
    from brochure.cli import command_line
finally:
    gc.enable()

if __name__ == "__main__":
    # What the imports made lives as long as the process: kept out of the collector's reach, the collections
    # a render triggers stop walking it again and again (and --all's forked workers leave it unwritten).
    gc.freeze()
    command_line()
