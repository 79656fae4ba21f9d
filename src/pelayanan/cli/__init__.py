"""The ``pelayanan`` command.

Each command group lives in its own module (``cli/rules.py``, ``cli/store.py``, ...) exposing
``register(subparsers)``; the group adds its parser and sets ``handler`` to a function
``(args) -> int``. Usage errors exit 2 with one line on stderr, library errors exit 1 with the
error's message; a traceback is a bug.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from pelayanan.cli.common import CliUsageError, echo
from pelayanan.domain.errors import PelayananError
from pelayanan.storage.outputs import OutputRefused

# Order is the order shown in --help.
_GROUPS = (
    "pelayanan.cli.demo",
    "pelayanan.cli.rules",
    "pelayanan.cli.projections",
    "pelayanan.cli.audit",
)


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        raise CliUsageError(f"{self.prog}: {message}")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="pelayanan",
        description=(
            "Event-sourced public-service compliance: offices, sidak, complaints and "
            "PP 94/2021 discipline, with a verifiable audit trail."
        ),
    )
    from pelayanan import __version__

    parser.add_argument("--version", action="version", version=f"pelayanan {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for name in _GROUPS:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name != name:
                raise
            continue
        module.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
        handler = getattr(args, "handler", None)
        if handler is None:
            parser.print_help()
            return 2
        code: int = handler(args)
        return code
    except CliUsageError as exc:
        echo(str(exc), err=True)
        return 2
    except OutputRefused as exc:
        # An output path that would destroy an input is the caller's mistake: a usage error.
        echo(f"pelayanan: {exc}", err=True)
        return 2
    except PelayananError as exc:
        echo(f"pelayanan: {exc}", err=True)
        return 1
    except BrokenPipeError:
        # `pelayanan board --json | head`: the reader left; that is not an error.
        return 0
    except KeyboardInterrupt:
        echo("pelayanan: interrupted", err=True)
        return 130


def run() -> None:
    sys.exit(main())
