"""``pelayanan demo``: build the Kota Malang year into a store, check it, show it, report it.

Steps: simulate the year (batched saves, one transaction per month), catch up every projection,
seal the log and verify its integrity, print the compliance board for the 5 kecamatan and the 10
weakest offices, and write the HTML report. ``pelayanan report`` writes the report again from an
existing store (e.g. in English).
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import Any

from pelayanan.cli.common import (
    FINDINGS,
    CliUsageError,
    ProgressLine,
    add_common_arguments,
    city_config,
    date_arg,
    echo,
    note,
    print_json,
    progress_callback,
)
from pelayanan.clock import ManualClock
from pelayanan.domain.errors import PelayananError
from pelayanan.domain.values import WIB
from pelayanan.i18n import LANGUAGES, WORDS, number
from pelayanan.report import ReportData, check_report_path, collect, write_report
from pelayanan.report.board import board_day, board_header, board_heading, board_line, row_title
from pelayanan.scenarios.malang import SimulationSettings, simulate
from pelayanan.service import ComplianceService
from pelayanan.storage.outputs import require_pelayanan_store
from pelayanan.storage.settings import parse_location

DEFAULT_REPORT = "pelayanan-report.html"


def _scale(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number, got {text!r}") from None
    if not 0.001 <= value <= 50:
        raise argparse.ArgumentTypeError(f"must be between 0.001 and 50, got {value}")
    return value


def _year(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a year, got {text!r}") from None
    if not 2022 <= value <= 2030:
        raise argparse.ArgumentTypeError(f"year must be 2022..2030, got {value}")
    return value


def _seed(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None


def register(subparsers: Any) -> None:
    demo = subparsers.add_parser(
        "demo",
        help="build a simulated year of Kota Malang's 57 kelurahan and report on it",
        description=__doc__.splitlines()[0] if __doc__ else None,
    )
    add_common_arguments(demo, config=True)
    demo.add_argument("--seed", type=_seed, default=2024, help="random seed (default %(default)s)")
    demo.add_argument("--year", type=_year, default=2024, help="year (default %(default)s)")
    demo.add_argument(
        "--scale",
        type=_scale,
        default=1.0,
        help="multiply the sidak, permission and complaint rates (default 1)",
    )
    demo.add_argument(
        "--report",
        default=DEFAULT_REPORT,
        metavar="PATH",
        help="where to write the HTML report (default %(default)s)",
    )
    demo.add_argument(
        "--lang", choices=LANGUAGES, default="id", help="language of the report and the board"
    )
    demo.add_argument(
        "--fresh",
        action="store_true",
        help="delete an existing SQLite pelayanan store first (never any other file)",
    )
    demo.set_defaults(handler=demo_command)

    report = subparsers.add_parser("report", help="write the HTML compliance report of a store")
    add_common_arguments(report, config=True)
    report.add_argument(
        "--report",
        default=DEFAULT_REPORT,
        metavar="PATH",
        help="where to write the HTML report (default %(default)s); an existing file is "
        "replaced only if it is an earlier pelayanan report",
    )
    report.add_argument(
        "--lang", choices=LANGUAGES, default="id", help="language of the report (default id)"
    )
    report.add_argument(
        "--as-of",
        "--today",
        dest="today",
        type=date_arg,
        metavar="YYYY-MM-DD",
        default=None,
        help="the day the board is judged on (default: the end of the data, the latest "
        "business time recorded, as `pelayanan board`)",
    )
    report.set_defaults(handler=report_command)


def _say(args: argparse.Namespace) -> Callable[[str], None]:
    def say(line: str) -> None:
        if not args.quiet:
            echo(line, err=True)

    return say


def _prepare_store(db: str, fresh: bool) -> None:
    location = parse_location(db)
    if location.is_sqlite:
        name = location.env["SQLITE_DBNAME"]
        if name == ":memory:":
            raise CliUsageError("pelayanan demo: --db must name a file or a PostgreSQL database")
        path = Path(name)
        if fresh and path.exists():
            require_pelayanan_store(path)
            for suffix in ("", "-wal", "-shm", "-journal"):
                Path(f"{path}{suffix}").unlink(missing_ok=True)
    probe = ComplianceService.open(db)
    try:
        head = probe.head()
    finally:
        probe.close()
    if head:
        hint = "--fresh deletes it" if location.is_sqlite else "use an empty database"
        raise PelayananError(
            f"the store {location.display} already holds {head} events; the demo does not "
            f"write into a used store ({hint})"
        )


def demo_command(args: argparse.Namespace) -> int:
    say = _say(args)
    check_report_path(args.report, db=args.db)  # before a year is simulated, not after
    config = city_config(args)
    _prepare_store(args.db, args.fresh)
    settings = SimulationSettings(seed=args.seed, year=args.year, scale=args.scale)
    clock = ManualClock(datetime(settings.year, 1, 1, tzinfo=WIB))
    service = ComplianceService.open(args.db, clock=clock, config=config)
    try:
        say(
            f"simulating {settings.year} in Kota Malang's 57 kelurahan (seed {settings.seed}, "
            f"scale {settings.scale:g}) into {parse_location(args.db).display}"
        )

        line = ProgressLine(args, "simulating", target=12)

        def progress(day: date, events: int) -> None:
            line(day.month, label=f"{settings.year} {events:,} events")

        result = simulate(service, clock, settings, progress=progress)
        line.done()
        say(
            f"recorded {result.events:,} events in {result.seconds:.1f} s "
            f"({result.events_per_second:,.0f} events/s)"
        )
        today, _ = board_day(service, None)  # the end of the data, as `pelayanan board`
        board, kecamatan, positions = _projections(service, today, say, args)
        integrity = _integrity(args, say, service)
        data = _collect(service, args, board)
        path = write_report(data, args.report, lang=args.lang, db=args.db)
    finally:
        service.close()
    summary = {
        "events": result.events,
        "seconds": round(result.seconds, 2),
        "events_per_second": round(result.events_per_second),
        "counts": dict(result.counts),
        "projections": positions,
        "integrity": integrity,
        "kecamatan": kecamatan,
        "weakest": weakest(board),
        "report": str(path),
    }
    if args.json:
        print_json(summary)
    else:
        words = WORDS[args.lang]
        print_board(kecamatan, weakest(board), today, args.lang, end_of_data=True)
        verdict = words["summary.intact" if integrity["verdict"] == "INTACT" else "summary.broken"]
        echo()
        echo(
            words["summary.integrity"].format(
                verdict=verdict,
                events=number(integrity["events"], args.lang),
                checkpoints=integrity["checkpoints"],
            )
        )
        echo(words["summary.flagged"].format(flagged=len(data.flagged), decisions=data.decisions))
        echo(words["summary.report"].format(path=path))
    return 0 if integrity["verdict"] == "INTACT" else FINDINGS


def report_command(args: argparse.Namespace) -> int:
    check_report_path(args.report, db=args.db)  # before the log is read, not after
    service = ComplianceService.open(args.db, read_only=True, config=city_config(args))
    try:
        today, end = board_day(service, args.today)
        data = _collect(service, args)
        data.board = _current_board(service, today, args)
        path = write_report(data, args.report, lang=args.lang, db=args.db)
    finally:
        service.close()
    if args.json:
        print_json(
            {
                "report": str(path),
                "lang": args.lang,
                "today": today.isoformat(),
                "end_of_data": end,
                "events": data.events,
                "offices": len(data.board),
                "decisions": data.decisions,
                "flagged": len(data.flagged),
            }
        )
    elif not args.quiet:
        echo(board_heading(today, args.lang, end_of_data=end))
        echo(f"report: {path}")
    return 0


def _collect(
    service: ComplianceService,
    args: argparse.Namespace,
    board: list[dict[str, Any]] | None = None,
) -> ReportData:
    """The report's numbers, read from the whole log: a progress line on a terminal."""
    line = ProgressLine(args, "report", target=service.head)
    data = collect(service, board=board or (), progress=progress_callback(line))
    line.finish()
    return data


def _current_board(
    service: ComplianceService, today: date, args: argparse.Namespace
) -> list[dict[str, Any]]:
    """The office board as of the log's head, read without writing the store."""
    from pelayanan.projections import ReadModelRunner, default_registry
    from pelayanan.projections.standard import office_board

    runner = ReadModelRunner(service, default_registry().all())
    with runner.current("office_board", note=lambda line: note(args, line)) as view:
        return office_board(view, today, service.policy)


def _projections(
    service: ComplianceService,
    today: date,
    say: Callable[[str], None],
    args: argparse.Namespace,
) -> tuple[list[dict[str, Any]], list[dict[str, Any]], dict[str, int]]:
    from pelayanan.projections import ReadModelRunner, default_registry
    from pelayanan.projections.standard import kecamatan_board, office_board

    runner = ReadModelRunner(service, default_registry().all())
    began = time.perf_counter()
    line = ProgressLine(args, "projections")
    positions = runner.catch_up(progress=line.projection if line else None)
    line.done()
    say(
        f"projections caught up in {time.perf_counter() - began:.1f} s: "
        + ", ".join(f"{name}@{pos}" for name, pos in positions.items())
    )
    view = runner.reader("office_board")
    policy = service.policy
    return office_board(view, today, policy), kecamatan_board(view, today, policy), positions


def _integrity(
    args: argparse.Namespace, say: Callable[[str], None], service: ComplianceService
) -> dict[str, Any]:
    from pelayanan.audit import open_log, seal, verify
    from pelayanan.audit.snapshots import snapshot_check

    began = time.perf_counter()
    log = open_log(args.db, read_only=False)
    try:
        # The checkpoints vouch for the year's snapshots, so a later verify need not rebuild them.
        sealed = seal(log, snapshots=snapshot_check(service))
    finally:
        log.close()
    log = open_log(args.db, read_only=True)
    try:
        line = ProgressLine(args, "verify", target=log.max_notification_id)
        log.progress = progress_callback(line)
        report = verify(log)
        line.finish()
    finally:
        log.close()
    say(
        f"sealed {len(sealed.checkpoints)} checkpoint(s) and verified in "
        f"{time.perf_counter() - began:.1f} s"
    )
    # verify without the domain code does not rebuild the snapshots the sealer refused.
    problems = len(report.problems) + len(sealed.refused)
    return {
        "verdict": "BROKEN" if problems else "INTACT",
        "events": report.events,
        "checkpoints": report.checkpoints,
        "problems": problems,
    }


def weakest(board: list[dict[str, Any]], n: int = 10) -> list[dict[str, Any]]:
    """The ``n`` lowest scores; ties (e.g. several at 0) go to the office with more vacancies,
    then more findings, so the list still ranks when the score bottoms out."""

    def key(row: dict[str, Any]) -> tuple[float, int, int, str]:
        findings = row.get("findings", {})
        total = sum(findings.values()) if isinstance(findings, dict) else 0
        return (row["score"], -row["vacancies_in_service_hours"], -total, row["code"])

    return sorted(board, key=key)[:n]


def print_board(
    kecamatan: list[dict[str, Any]],
    weakest: list[dict[str, Any]],
    today: date,
    lang: str,
    *,
    end_of_data: bool = False,
) -> None:
    """The compliance board per kecamatan and its weakest offices, labelled in ``lang``, with
    the columns of `pelayanan board` (pelayanan.report.board)."""
    words = WORDS[lang]
    echo(board_heading(today, lang, end_of_data=end_of_data))
    echo()
    echo(board_header(words["board.kecamatan"], lang))
    for row in kecamatan:
        echo(board_line(row_title(row), row, lang))
    echo()
    echo(board_header(words["board.weakest"], lang))
    for row in weakest:
        echo(board_line(row_title(row), row, lang))
