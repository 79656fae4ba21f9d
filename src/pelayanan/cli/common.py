"""Arguments and helpers shared by the command modules."""

from __future__ import annotations

import argparse
import contextlib
import json
import sys
from collections.abc import Iterator
from datetime import date, datetime
from typing import TYPE_CHECKING, Any, Literal

from pelayanan.domain.errors import InvalidValue
from pelayanan.domain.values import require_date

if TYPE_CHECKING:
    from pelayanan.service import ComplianceService


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


@contextlib.contextmanager
def open_service(
    args: argparse.Namespace,
    *,
    must_exist: bool = True,
    vault: Literal["store"] | None = None,
    read_only: bool = False,
) -> Iterator[ComplianceService]:
    """The store named by ``--db``, checked (missing, corrupt or foreign files are refused);
    ``read_only`` for checking commands: nothing can be written."""
    from pelayanan.service import ComplianceService

    service = ComplianceService.open(
        args.db, must_exist=must_exist, vault=vault, read_only=read_only
    )
    try:
        yield service
    finally:
        service.close()


def print_json(data: Any) -> None:
    json.dump(data, sys.stdout, ensure_ascii=False, indent=2, default=str)
    sys.stdout.write("\n")


# argparse ``type=`` converters: a bad value becomes a one-line usage error (exit 2).


def _whole_number(text: str, minimum: int) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
    if value < minimum:
        raise argparse.ArgumentTypeError(f"must be {minimum} or more, got {value}")
    return value


def count_arg(text: str) -> int:
    """A whole number of at least 0."""
    return _whole_number(text, 0)


def positive_arg(text: str) -> int:
    """A whole number of at least 1."""
    return _whole_number(text, 1)


def date_arg(text: str) -> date:
    """``YYYY-MM-DD`` within the years the library accepts."""
    try:
        return require_date("date", date.fromisoformat(text))
    except ValueError as exc:
        # InvalidValue is a ValueError too: a year outside 2000..2200 is a usage error here.
        detail = str(exc) if isinstance(exc, InvalidValue) else "expected YYYY-MM-DD"
        raise argparse.ArgumentTypeError(f"bad date {text!r}: {detail}") from None


def moment_arg(text: str) -> datetime:
    """An ISO 8601 time with a UTC offset."""
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"bad time {text!r}: expected ISO 8601, e.g. 2024-05-06T17:00+07:00"
        ) from None
    if moment.tzinfo is None:
        raise argparse.ArgumentTypeError(f"time {text!r} needs a UTC offset, e.g. +07:00 (WIB)")
    return moment
