#!/usr/bin/env python3
"""Render tri-fold brochures: `python render.py --help`."""

import sys

from brochure.cli import main

if __name__ == "__main__":
    import gc

    # What the imports made lives as long as the process: kept out of the collector's reach, the collections
    # a render triggers stop walking it again and again (and --all's forked workers leave it unwritten).
    gc.freeze()
    sys.exit(main())
