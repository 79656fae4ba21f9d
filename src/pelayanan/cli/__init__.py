"""The ``pelayanan`` command.

Each command group lives in its own module under ``cli/`` (``_GROUPS`` lists them), exposing
``register(subparsers)``; the group adds its parser and sets ``handler`` to a function
``(args) -> int``: 0, or 1 when a check it ran found a problem. Usage errors exit 2 with one
line on stderr; anything that stops the work (a library error, an output that cannot be
written) exits 3 (``COULD_NOT_RUN`` in :mod:`pelayanan.cli.common`) with the error's message,
so a scheduled job tells "the check found something" from "the check did not run" (docs/cli.md's
exit code table); a traceback is a bug.

Only the group that owns the command being run is imported: ``pelayanan --help`` and
``pelayanan --version`` list the commands from :data:`_COMMANDS` without importing any group (a
group imports the domain, the policy calendar, storage drivers), so they start about as fast as
eventsourcing itself (docs/performance.md). tests/cli/test_lazy.py keeps the table equal to what
the groups register.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import importlib.util
import sys
from collections.abc import Sequence

from pelayanan.cli.common import COULD_NOT_RUN, USAGE, CliUsageError, echo
from pelayanan.domain.errors import PelayananError
from pelayanan.storage.outputs import OutputRefused

# Order is the order shown in --help.
_GROUPS = (
    "pelayanan.cli.demo",
    "pelayanan.cli.rules",
    "pelayanan.cli.projections",
    "pelayanan.cli.audit",
    "pelayanan.cli.settings",
    "pelayanan.cli.users",
    "pelayanan.cli.serve",
)

# Each command -> (the group module that registers it, its line in --help).
_COMMANDS: dict[str, tuple[str, str]] = {
    "demo": (
        "pelayanan.cli.demo",
        "build a simulated year of Kota Malang's 57 kelurahan and report on it",
    ),
    "report": ("pelayanan.cli.demo", "write the HTML compliance report of a store"),
    "rules": ("pelayanan.cli.rules", "list the policy rules, or evaluate one"),
    "projections": (
        "pelayanan.cli.projections",
        "status, catch-up and rebuild of the read models (views)",
    ),
    "board": ("pelayanan.cli.projections", "the office compliance board (score and zone)"),
    "register": (
        "pelayanan.cli.projections",
        "open discipline cases, their next step and due date, the overdue first",
    ),
    "complaints": (
        "pelayanan.cli.projections",
        "open complaints and their service-level due dates (--overdue: only those past due)",
    ),
    "seal": ("pelayanan.cli.audit", "seal new events into checkpoints (integrity)"),
    "checkpoints": ("pelayanan.cli.audit", "export checkpoints, make a signing key"),
    "verify": ("pelayanan.cli.audit", "check that nothing stored was changed or removed"),
    "replay": (
        "pelayanan.cli.audit",
        "rebuild the views from the log and compare them with the stored ones",
    ),
    "audit": ("pelayanan.cli.audit", "re-check recorded decisions against the rules"),
    "timeline": (
        "pelayanan.cli.audit",
        "the story of an office, sidak, complaint or case, in plain words",
    ),
    "settings": (
        "pelayanan.cli.settings",
        "the city's settings in force and their changes; record a new file",
    ),
    "users": ("pelayanan.cli.users", "accounts and roles for `pelayanan serve`"),
    "serve": ("pelayanan.cli.serve", "run the HTTP API and web pages (needs the web extra)"),
}


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        raise CliUsageError(f"{self.prog}: {message}")


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The parser; with ``command``, its group registers its full parsers, others are listed.

    Without a command every group registers (tests and documentation read the whole tree).
    """
    parser = _Parser(
        prog="pelayanan",
        description=(
            "Event-sourced public-service compliance: offices, sidak, complaints and "
            "PP 94/2021 discipline, with a verifiable audit trail."
        ),
        epilog="exit status: 0 done, 1 a check found a problem, 2 usage error, 3 could not run "
        "(docs/cli.md)",
    )
    from pelayanan import __version__

    parser.add_argument("--version", action="version", version=f"pelayanan {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    if command is None:
        for name in _GROUPS:
            _register(name, sub)
        return parser
    owner = _COMMANDS[command][0] if command in _COMMANDS else None
    registered = False
    for name, (group, help_text) in _COMMANDS.items():
        if not _installed(group):
            continue
        if group != owner:
            # Listed only: its arguments are parsed once its own group is loaded.
            sub.add_parser(name, help=help_text, add_help=False)
        elif not registered:
            registered = _register(group, sub)
    return parser


def _installed(group: str) -> bool:
    """Whether this installation has the group (an optional one may be left out)."""
    return importlib.util.find_spec(group) is not None


def _register(name: str, sub: argparse._SubParsersAction[_Parser]) -> bool:
    try:
        module = importlib.import_module(name)
    except ModuleNotFoundError as exc:
        if exc.name != name:
            raise
        return False
    module.register(sub)
    return True


def _command(argv: Sequence[str]) -> str:
    """The command word in ``argv`` ("" when there is none, as in ``--help``)."""
    return next((word for word in argv if not word.startswith("-")), "")


def main(argv: Sequence[str] | None = None) -> int:
    words = sys.argv[1:] if argv is None else list(argv)
    try:
        parser = build_parser(_command(words))
        args = parser.parse_args(words)
        handler = getattr(args, "handler", None)
        if handler is None:
            parser.print_help()
            return USAGE
        code: int = handler(args)
        sys.stdout.flush()  # a full disk or a closed pipe shows here, not after main returns
        return code
    except CliUsageError as exc:
        echo(str(exc), err=True)
        return USAGE
    except OutputRefused as exc:
        # An output path that would destroy an input is the caller's mistake: a usage error.
        echo(f"pelayanan: {exc}", err=True)
        return USAGE
    except PelayananError as exc:
        echo(f"pelayanan: {exc}", err=True)
        return COULD_NOT_RUN
    except BrokenPipeError:
        # `pelayanan board --json | head`: the reader left; that is not an error.
        _drop_stdout()
        return 0
    except OSError as exc:
        # The output could not be written (`> /dev/full`, a disk that filled up): one line.
        _drop_stdout()
        where = f" {exc.filename}" if exc.filename else " standard output"
        echo(f"pelayanan: cannot write{where}: {exc.strerror or type(exc).__name__}", err=True)
        return COULD_NOT_RUN
    except KeyboardInterrupt:
        echo("pelayanan: interrupted", err=True)
        return 130


def _drop_stdout() -> None:
    """Send what is left of standard output nowhere, so the interpreter's final flush does not
    fail a second time (and print a traceback of its own) on the way out."""
    import os

    with contextlib.suppress(OSError, ValueError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())


def run() -> None:
    sys.exit(main())
