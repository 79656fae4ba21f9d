"""``pelayanan projections ACTION [NAME]`` (status, catch-up, rebuild, dead-letters, follow),
``pelayanan board``, ``pelayanan register`` and ``pelayanan complaints``.

The board, the register and the complaints are judged on one day: ``--as-of``, or by default
the end of the data (the latest business time recorded), said on their first line.

The projections are the standard ones, those registered in code, and those installed through
the ``pelayanan.projections`` entry point. Views live in the event store named by ``--db``.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime, time, timedelta
from typing import Any

import attrs

from pelayanan.cli.common import (
    FINDINGS,
    USAGE,
    CliUsageError,
    ProgressLine,
    add_common_arguments,
    date_arg,
    echo,
    note,
    open_service,
    print_json,
)
from pelayanan.domain.complaint import ComplaintStatus
from pelayanan.domain.values import WIB
from pelayanan.i18n import LANGUAGES, WORDS, label
from pelayanan.projections import Progress, ReadModelRunner, default_registry
from pelayanan.projections.standard import (
    kecamatan_board,
    office_board,
    open_cases,
    open_complaints,
)
from pelayanan.report.board import (
    board_day,
    board_header,
    board_heading,
    board_line,
    end_of_data,
    row_title,
)


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
    add_common_arguments(board, config=True)
    _as_of_argument(board, "judge the board on this day, with the facts recorded by its end")
    board.add_argument("--kecamatan", action="store_true", help="one line per kecamatan")
    board.add_argument(
        "--no-catch-up",
        action="store_true",
        help="read the stored view as it is, even if it is behind the log",
    )
    board.add_argument("--lang", choices=LANGUAGES, default="id", help="language of the labels")
    board.set_defaults(handler=_board)

    register_ = subparsers.add_parser(
        "register",
        help="open discipline cases, their next step and due date, the overdue first",
        description="Open discipline cases with their next step and the day it is due, the "
        "overdue first. Exit status 1 when a step is overdue, 0 when none is, 3 when the store "
        "cannot be read.",
    )
    add_common_arguments(register_, config=True)
    _as_of_argument(register_, "judge due dates on this day")
    register_.add_argument("--lang", choices=LANGUAGES, default="id", help="language of the text")
    register_.set_defaults(handler=_register_command)

    complaints = subparsers.add_parser(
        "complaints",
        help="open complaints and their service-level due dates (--overdue: only those past due)",
        description="Open complaints with the service-level deadline that binds each. Exit "
        "status 1 when one is past due, 0 when none is, 3 when the store cannot be read.",
    )
    add_common_arguments(complaints, config=True)
    _as_of_argument(complaints, "judge due dates on this day")
    complaints.add_argument(
        "--overdue", action="store_true", help="only complaints past their due date"
    )
    complaints.add_argument("--lang", choices=LANGUAGES, default="id", help="language of the text")
    complaints.set_defaults(handler=_complaints_command)


def _as_of_argument(parser: argparse.ArgumentParser, what: str) -> None:
    parser.add_argument(
        "--as-of",
        "--today",
        dest="as_of",
        type=date_arg,
        metavar="YYYY-MM-DD",
        help=f"{what} (default: the end of the data, the latest business time recorded)",
    )


def _usage(parser: argparse.ArgumentParser) -> int:
    parser.print_help()
    return USAGE


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
            return 0 if not failing else FINDINGS
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
    board = kecamatan_board if args.kecamatan else office_board
    with open_service(args, read_only=True) as service:
        runner = ReadModelRunner(service, default_registry().all())
        today, end = board_day(service, args.as_of)
        data_end = today if end else end_of_data(service)
        if data_end is not None and today < data_end:
            # A day before the end of the data: the facts recorded by the end of that day.
            cut = datetime.combine(today + timedelta(days=1), time(), tzinfo=WIB)
            with runner.as_of("office_board", recorded_at=cut) as view:
                rows = board(view, today, service.policy)
        elif args.no_catch_up:
            rows = board(runner.reader("office_board"), today, service.policy)
        else:
            with runner.current("office_board", note=_note(args)) as view:
                rows = board(view, today, service.policy)
    if args.json:
        print_json({"today": today.isoformat(), "end_of_data": end, "rows": rows})
        return 0
    words = WORDS[args.lang]
    echo(board_heading(today, args.lang, end_of_data=end))
    echo(board_header(words["board.kecamatan" if args.kecamatan else "board.office"], args.lang))
    for row in rows:
        echo(board_line(row_title(row), row, args.lang))
    if not rows:
        echo(words["board.empty"])
    return 0


def _register_command(args: argparse.Namespace) -> int:
    with open_service(args, read_only=True) as service:
        runner = ReadModelRunner(service, default_registry().all())
        today, end = board_day(service, args.as_of)
        with runner.current("discipline_register", note=_note(args)) as view:
            rows = open_cases(view, today, policy=service.policy)
    overdue = sum(1 for row in rows if row["overdue"])
    if args.json:
        print_json({"today": today.isoformat(), "end_of_data": end, "cases": rows})
        return FINDINGS if overdue else 0
    words = WORDS[args.lang]
    echo(
        words["register.heading"].format(
            day=today.isoformat(), end=words["data_end"] if end else "", count=len(rows),
            overdue=overdue,
        )
    )
    if rows:
        echo(
            f"{words['register.case_number']:<28} {'NIP':<18} {words['register.name']:<24} "
            f"{words['register.due']:<10} {words['register.next_step']}"
        )
    for row in rows:
        late = f" {words['register.overdue']} ({row['days_overdue']})" if row["overdue"] else ""
        echo(
            f"{row['case_number'][:28]:<28} {row['nip']:<18} {row['name'][:24]:<24} "
            f"{row['due'] or '-':<10} {words['step.' + row['step']]}{late}"
        )
    if not rows:
        echo(words["register.empty"])
    return FINDINGS if overdue else 0


def _complaints_command(args: argparse.Namespace) -> int:
    with open_service(args, read_only=True) as service:
        runner = ReadModelRunner(service, default_registry().all())
        today, end = board_day(service, args.as_of)
        with runner.current("complaint_sla", note=_note(args)) as view:
            rows = open_complaints(view, today)
    overdue = [row for row in rows if row["overdue"]]
    shown = sorted(
        overdue if args.overdue else rows,
        key=lambda r: (-r["days_overdue"], (r["deadline"] or {}).get("due") or "9999",
                       r["reference"]),
    )
    if args.json:
        print_json({"today": today.isoformat(), "end_of_data": end, "complaints": shown})
        return FINDINGS if overdue else 0
    words = WORDS[args.lang]
    ending = words["data_end"] if end else ""
    if args.overdue:
        heading = words["complaints.overdue_heading"].format(
            day=today.isoformat(), end=ending, count=len(overdue))
    else:
        heading = words["complaints.heading"].format(
            day=today.isoformat(), end=ending, count=len(rows), overdue=len(overdue))
    echo(heading)
    if shown:
        echo(
            f"{words['complaints.reference']:<24} {words['complaints.office']:<14} "
            f"{words['complaints.status']:<16} {words['complaints.due']:<10} "
            f"{words['complaints.days_late']}"
        )
    for row in shown:
        due = (row["deadline"] or {}).get("due") or "-"
        status = label(ComplaintStatus(row["status"]), args.lang)
        echo(
            f"{row['reference'][:24]:<24} {row['office']:<14} {status[:16]:<16} {due:<10} "
            f"{row['days_overdue'] or ''}"
        )
    if not shown:
        echo(words["complaints.empty"])
    return FINDINGS if overdue else 0
