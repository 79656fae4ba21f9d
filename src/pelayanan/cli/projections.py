"""``pelayanan projections ACTION [NAME]`` (status, catch-up, rebuild, dead-letters, follow) and
``pelayanan board``.

The projections are the standard ones, those registered in code, and those installed through
the ``pelayanan.projections`` entry point. Views live in the event store named by ``--db``.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import attrs

from pelayanan.cli.common import (
    CliUsageError,
    ProgressLine,
    add_common_arguments,
    date_arg,
    echo,
    note,
    open_service,
    print_json,
)
from pelayanan.clock import SystemClock
from pelayanan.domain.values import local_date
from pelayanan.i18n import LANGUAGES, WORDS, decimal
from pelayanan.projections import Progress, ReadModelRunner, default_registry
from pelayanan.projections.standard import kecamatan_board, office_board


def register(subparsers: Any) -> None:
    group = subparsers.add_parser(
        "projections", help="status, catch-up and rebuild of the read models (views)"
    )
    actions = group.add_subparsers(dest="action", metavar="ACTION", parser_class=type(group))
    for action, func, help_text in (
        ("status", _status, "position, head, lag, dead letters and last error of each view"),
        ("catch-up", _catch_up, "process new events into the views (rebuilds changed versions)"),
        ("rebuild", _rebuild, "build views from zero; each replaces the old one when caught up"),
        ("dead-letters", _dead_letters, "list the events a view could not process"),
        ("follow", _follow, "keep the views up to date until interrupted (Ctrl-C)"),
    ):
        parser = actions.add_parser(action, help=help_text)
        parser.add_argument("name", nargs="?", metavar="NAME", help="one projection (default: all)")
        add_common_arguments(parser)
        if action == "dead-letters":
            parser.add_argument("--retry", action="store_true", help="apply them again")
        parser.set_defaults(handler=func)
    group.set_defaults(handler=lambda args: _usage(group))

    board = subparsers.add_parser("board", help="the office compliance board (score and zone)")
    add_common_arguments(board)
    board.add_argument(
        "--today", type=date_arg, metavar="YYYY-MM-DD", help="judge deadlines as of this day"
    )
    board.add_argument("--kecamatan", action="store_true", help="one line per kecamatan")
    board.add_argument(
        "--no-catch-up",
        action="store_true",
        help="read the stored view as it is, even if it is behind the log",
    )
    board.add_argument("--lang", choices=LANGUAGES, default="id", help="language of the labels")
    board.set_defaults(handler=_board)


def _usage(parser: argparse.ArgumentParser) -> int:
    parser.print_help()
    return 2


@contextmanager
def _runner(args: argparse.Namespace, *, read_only: bool = False) -> Iterator[ReadModelRunner]:
    with open_service(args, read_only=read_only) as service:
        yield ReadModelRunner(service, default_registry().all())


def _name(args: argparse.Namespace) -> str | None:
    """The projection named, checked before the store is opened (opening may create tables)."""
    name: str | None = getattr(args, "name", None)
    projections = {cls.name for cls in default_registry().all()}
    if name is not None and name not in projections:
        known = ", ".join(sorted(projections))
        raise CliUsageError(f"pelayanan projections: no projection {name!r} (known: {known})")
    return name


def _progress_bar(args: argparse.Namespace) -> Callable[[Progress], None] | None:
    """One redrawn line per projection, on a terminal only (common.ProgressLine)."""
    line = ProgressLine(args, "projections")
    if not line:
        return None

    def show(p: Progress) -> None:
        line.projection(p)
        if p.remaining == 0:
            line.done()

    return show


def _status(args: argparse.Namespace) -> int:
    name = _name(args)
    with _runner(args, read_only=True) as runner:
        statuses = runner.status(name)
    if args.json:
        print_json([s.to_dict() for s in statuses])
        return 0
    echo(f"{'projection':<24} {'ver':>4} {'gen':>4} {'position':>9} {'head':>9} {'lag':>7} dead")
    for s in statuses:
        version = f"{s.version}" + ("*" if s.needs_rebuild else "")
        echo(
            f"{s.name:<24} {version:>4} {s.generation or '-':>4} {s.position:>9} {s.head:>9} "
            f"{s.lag:>7} {s.dead_letters:>4}"
        )
        if s.last_error:
            echo(f"  stopped at {s.error_position}: {s.last_error}")
    if any(s.needs_rebuild for s in statuses):
        echo("* version changed: the next catch-up rebuilds that view")
    return 0


def _positions(args: argparse.Namespace, positions: dict[str, int]) -> int:
    if args.json:
        print_json(positions)
    else:
        for name, position in positions.items():
            echo(f"{name}: processed up to {position}")
    return 0


def _catch_up(args: argparse.Namespace) -> int:
    name = _name(args)
    with _runner(args) as runner:
        positions = runner.catch_up(name, progress=_progress_bar(args))
    return _positions(args, positions)


def _rebuild(args: argparse.Namespace) -> int:
    name = _name(args)
    with _runner(args) as runner:
        positions = runner.rebuild(name, progress=_progress_bar(args))
    return _positions(args, positions)


def _follow(args: argparse.Namespace) -> int:
    from pelayanan.projections import Follower

    name = _name(args)
    with _runner(args) as runner:
        follower = Follower(runner, name, progress=_progress_bar(args))
        if not args.quiet:
            echo(f"following {', '.join(sorted(runner.projections))}; Ctrl-C stops", err=True)
        follower.run()  # returns only on an error; KeyboardInterrupt is handled by the CLI
    return 0


def _dead_letters(args: argparse.Namespace) -> int:
    name = _name(args)
    with _runner(args) as runner:
        names = [name] if name is not None else sorted(runner.projections)
        if args.retry:
            resolved: list[int] = []
            failing: list[int] = []
            for each in names:
                result = runner.retry_dead_letters(each)
                resolved += result.resolved
                failing += result.still_failing
            if args.json:
                print_json({"resolved": resolved, "still_failing": failing})
            else:
                echo(f"resolved: {resolved}; still failing: {failing}")
            return 0 if not failing else 1
        letters = [letter for each in names for letter in runner.dead_letters(each)]
    if args.json:
        print_json([attrs.asdict(letter) for letter in letters])
    else:
        for letter in letters:
            shown = "" if name is not None else f"{letter.projection} "
            echo(f"{shown}{letter.position} {letter.topic} x{letter.attempts}: {letter.error}")
        if not letters:
            echo("no dead letters")
    return 0


def _note(args: argparse.Namespace) -> Callable[[str], None]:
    return lambda line: note(args, line)


def _board(args: argparse.Namespace) -> int:
    today = args.today or local_date(SystemClock().now())
    board = kecamatan_board if args.kecamatan else office_board
    with _runner(args, read_only=True) as runner:
        if args.no_catch_up:
            rows = board(runner.reader("office_board"), today)
        else:
            with runner.current("office_board", note=_note(args)) as view:
                rows = board(view, today)
    if args.json:
        print_json({"today": today.isoformat(), "rows": rows})
        return 0
    words = WORDS[args.lang]
    label = words["board.kecamatan" if args.kecamatan else "board.office"]
    echo(words["board.as_of"].format(day=today.isoformat()))
    echo(
        f"{label:<28} {words['board.sidak']:>5} {words['board.vacant']:>6} "
        f"{words['board.findings']:>8} {words['board.open']:>4} {words['board.late']:>4} "
        f"{words['board.cases']:>5} {words['board.score']:>6} {words['board.zone']}"
    )
    for row in rows:
        title = row["kecamatan"] if args.kecamatan else f"{row['code']} {row['name']}"
        echo(
            f"{title[:28]:<28} {row['inspections']:>5} {row['vacancies_in_service_hours']:>6} "
            f"{sum(row['findings'].values()):>8} {row['open_complaints']:>4} "
            f"{row['overdue_complaints']:>4} {row['open_cases']:>5} "
            f"{decimal(row['score'], args.lang):>6} {words[row['zone']]}"
        )
    if not rows:
        echo(words["board.empty"])
    return 0
