#!/usr/bin/env python3
"""Render tri-fold brochures: `python render.py --help`."""

import sys

from brochure.cli import main

if __name__ == "__main__":
    sys.exit(main())
