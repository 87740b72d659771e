#!/bin/sh
# Rebuild brochure/profiles/brochure-cmyk-cgats-tr001.icc from the CC0 micro profile beside this script.
# Needs Argyll CMS (Debian: apt-get install argyll). Takes a few minutes; not part of the build:
# the result is committed. targen places patches pseudo-randomly, so a rebuild differs in the last digits.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
cd "$work"
targen -d4 -f1617 -G tr001                      # a 1617-patch CMYK target
fakeread "$here/CGATS001Compat-v2-micro.icc" tr001  # "print" it through the source profile: CMYK -> XYZ
colprof -qm -kp 0 0.1 1.0 1.0 0.6 -l300 -L95 \
    -D "brochure CMYK (CGATS TR 001 / SWOP), 300% TAC" -C "No copyright, CC0 1.0" \
    -A "brochure" -M "CGATS TR 001 (SWOP coated)" tr001
cp tr001.icc "$here/../../brochure/profiles/brochure-cmyk-cgats-tr001.icc"
echo "wrote brochure/profiles/brochure-cmyk-cgats-tr001.icc"
