"""Kota Malang's 57 kelurahan through one simulated year: the same as ``pelayanan demo``.

The simulation lives in the installed package (``pelayanan.scenarios.malang``) so that the
``pelayanan demo`` command can run it; this script is a convenience for readers of examples/.

Run it:  python examples/malang/run.py [--db PATH] [--seed N] [--year YYYY] [--scale X]
                                       [--report PATH] [--lang id|en] [--fresh]
"""

from __future__ import annotations

import sys

from pelayanan.cli import main

if __name__ == "__main__":
    sys.exit(main(["demo", *sys.argv[1:]]))
