"""Arguments and helpers shared by the command modules."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any


class CliUsageError(Exception):
    """Bad command-line usage: printed as one line, exit code 2."""


DEFAULT_DB = "pelayanan.db"


def add_common_arguments(
    parser: argparse.ArgumentParser, *, db: bool = True, json_out: bool = True
) -> None:
    if db:
        parser.add_argument(
            "--db",
            default=DEFAULT_DB,
            metavar="URL",
            help="SQLite file path or postgresql:// URL (default: %(default)s)",
        )
    if json_out:
        parser.add_argument("--json", action="store_true", help="print JSON instead of text")


def print_json(data: Any) -> None:
    json.dump(data, sys.stdout, ensure_ascii=False, indent=2, default=str)
    sys.stdout.write("\n")
