"""``pelayanan rules``: the policy catalogue and rule evaluation from the command line.

pelayanan rules [--on DATE] [--json]
pelayanan rules eval attendance --days N [--consecutive N] [--late-minutes N] [--on DATE]
                                [--sedang-regime REGIME] [--json]
pelayanan rules eval deadline --kind KIND --from DATE [--on DATE]
                              [--cuti-bersama-working-days] [--json]
pelayanan rules eval authority --punishment P --position CLASS [--superiors C1,C2,...]
                               [--official CLASS] [--on DATE] [--json]
"""

from __future__ import annotations

import argparse
from datetime import date, datetime
from typing import Any

from pelayanan.cli.common import (
    CliUsageError,
    add_quiet,
    count_arg,
    date_arg,
    echo,
    print_json,
)
from pelayanan.domain.errors import InvalidValue
from pelayanan.domain.organisation import PositionClass
from pelayanan.domain.values import WIB, Punishment
from pelayanan.policy import authority, catalogue, deadlines, punishment
from pelayanan.policy.parameters import PolicySettings, SedangRegime
from pelayanan.policy.result import RuleResult


def _today() -> date:
    # The office's calendar day, not the machine's: Malang is in WIB.
    return datetime.now(WIB).date()


def register(subparsers: Any) -> None:
    """Add the ``rules`` command group."""
    rules = subparsers.add_parser(
        "rules",
        help="list the policy rules, or evaluate one",
        description="List the policy rule catalogue, or evaluate a rule.",
    )
    rules.add_argument(
        "--on",
        type=date_arg,
        metavar="YYYY-MM-DD",
        help="list only the rule versions in force on this date",
    )
    rules.add_argument("--json", action="store_true", help="print JSON instead of text")
    add_quiet(rules)
    rules.set_defaults(handler=list_rules)
    commands = rules.add_subparsers(dest="rules_command", metavar="COMMAND")
    evaluate = commands.add_parser("eval", help="evaluate a rule on given facts")
    rule_kinds = evaluate.add_subparsers(dest="rule", metavar="RULE", required=True)

    attend = rule_kinds.add_parser(
        "attendance", help="PP 94/2021 attendance ladder: days absent -> punishment"
    )
    attend.add_argument(
        "--days",
        type=count_arg,
        required=True,
        metavar="N",
        help="days absent without valid reason in the calendar year",
    )
    attend.add_argument(
        "--consecutive",
        type=count_arg,
        default=0,
        metavar="N",
        help="longest run of consecutive working days absent (may cross 1 January, so it may "
        "exceed --days)",
    )
    attend.add_argument(
        "--late-minutes",
        type=count_arg,
        default=0,
        metavar="N",
        help="minutes of lateness and early leave in the year, added up",
    )
    attend.add_argument(
        "--on",
        type=date_arg,
        metavar="YYYY-MM-DD",
        help="date the rule is applied (default: today in WIB)",
    )
    attend.add_argument(
        "--sedang-regime",
        choices=[r.value for r in SedangRegime],
        help="override which sedang punishments apply",
    )
    attend.add_argument("--json", action="store_true", help="print JSON instead of text")
    add_quiet(attend)
    attend.set_defaults(handler=eval_attendance)

    due = rule_kinds.add_parser("deadline", help="a procedure or complaint time limit")
    due.add_argument(
        "--kind",
        required=True,
        choices=[k.value for k in deadlines.DeadlineKind],
        metavar="KIND",
        help="one of: " + ", ".join(k.value for k in deadlines.DeadlineKind),
    )
    due.add_argument(
        "--from",
        dest="start",
        type=date_arg,
        required=True,
        metavar="YYYY-MM-DD",
        help="the date the time limit starts from (not itself counted)",
    )
    due.add_argument(
        "--on",
        type=date_arg,
        metavar="YYYY-MM-DD",
        help="date whose rule version applies (default: the start date)",
    )
    due.add_argument(
        "--cuti-bersama-working-days",
        action="store_true",
        help="count cuti bersama as working days",
    )
    due.add_argument("--json", action="store_true", help="print JSON instead of text")
    add_quiet(due)
    due.set_defaults(handler=eval_deadline)

    who = rule_kinds.add_parser(
        "authority", help="PP 94/2021: who may impose a punishment on a PNS in a position"
    )
    who.add_argument(
        "--punishment",
        required=True,
        choices=[p.value for p in Punishment],
        metavar="P",
        help="one of: " + ", ".join(p.value for p in Punishment),
    )
    who.add_argument(
        "--position",
        required=True,
        choices=[c.value for c in PositionClass if c is not PositionClass.PPK],
        metavar="CLASS",
        help="the PNS's position class: "
        + ", ".join(c.value for c in PositionClass if c is not PositionClass.PPK),
    )
    who.add_argument(
        "--superiors",
        metavar="C1,C2,...",
        help="the PNS's superiors' classes, nearest first, each optionally =vacant or "
        "=designated (default: every structural tier above, up to the PPK)",
    )
    who.add_argument(
        "--official",
        metavar="CLASS",
        help="also answer whether the (nearest) superior of this class has authority",
    )
    who.add_argument(
        "--on",
        type=date_arg,
        metavar="YYYY-MM-DD",
        help="date the rule is applied (default: today in WIB)",
    )
    who.add_argument("--json", action="store_true", help="print JSON instead of text")
    add_quiet(who)
    who.set_defaults(handler=eval_authority)


def list_rules(args: argparse.Namespace) -> int:
    """Print the catalogue (all versions, or those in force on ``--on``)."""
    rules = catalogue.all_rules()
    if args.on is not None:
        rules = [r for r in rules if r.in_force(args.on)]
    if args.json:
        print_json(
            [
                {
                    "rule_id": r.id,
                    "rule_version": r.version,
                    "title": r.title,
                    "valid_from": r.valid_from.isoformat(),
                    "valid_to": r.valid_to.isoformat() if r.valid_to else None,
                    "citation": r.citation.cite(),
                    "verified": r.verified,
                    "sources": list(r.sources),
                    "parameters": sorted(r.parameters),
                }
                for r in rules
            ]
        )
        return 0
    width = max((len(f"{r.id}@v{r.version}") for r in rules), default=0)
    for r in rules:
        status = "verified" if r.verified else "UNVERIFIED"
        echo(
            f"{r.id + '@v' + str(r.version):<{width}}  {r.period:<24}  {status:<10}  "
            f"{r.title} [{r.citation.cite()}]"
        )
    return 0


def _print(outcome: RuleResult, headline: list[str], as_json: bool) -> int:
    if as_json:
        print_json(outcome.to_dict())
        return 0
    for line in headline:
        echo(line)
    echo(f"rule: {outcome.rule}")
    echo(f"citation: {outcome.citation.cite()}")
    echo(f"verified: {'yes' if outcome.verified else 'no'}")
    echo(f"explanation: {outcome.explanation}")
    return 0


def eval_attendance(args: argparse.Namespace) -> int:
    """Evaluate the attendance ladder on the given counts."""
    settings = PolicySettings(sedang_regime=args.sedang_regime)
    outcome = punishment.attendance(
        args.days,
        consecutive_days=args.consecutive,
        late_minutes=args.late_minutes,
        on=args.on or _today(),
        settings=settings,
    )
    if outcome.punishment is None:
        headline = ["punishment: none"]
    else:
        level = outcome.level.value if outcome.level else "?"
        headline = [f"punishment: {outcome.punishment.value} ({level})"]
    return _print(outcome, headline, args.json)


def eval_deadline(args: argparse.Namespace) -> int:
    """Compute a time limit and show how it was counted."""
    settings = PolicySettings(cuti_bersama_are_working_days=args.cuti_bersama_working_days)
    outcome = deadlines.deadline(args.kind, args.start, settings=settings, on=args.on)
    headline = [
        f"due: {outcome.due.isoformat()} ({outcome.due.strftime('%a')})"
        + (" ESTIMATED" if outcome.estimated else ""),
        f"kind: {outcome.kind.value}; {outcome.days} {outcome.unit.value} from "
        f"{outcome.start.isoformat()}",
    ]
    return _print(outcome, headline, args.json)


def eval_authority(args: argparse.Namespace) -> int:
    """Who may impose the punishment on the PNS, along a chain of superiors."""
    superiors = None
    if args.superiors is not None:
        superiors = tuple(s.strip() for s in args.superiors.split(",") if s.strip())
    try:
        org = authority.chain_of_classes(PositionClass(args.position), superiors)
    except InvalidValue as exc:
        raise CliUsageError(f"--superiors: {exc}") from None
    official = None
    if args.official is not None:
        official = next(
            (p.id for p in org.superiors("subject") if p.position_class.value == args.official),
            None,
        )
        if official is None:
            raise CliUsageError(f"--official {args.official!r} is not among the superiors")
    outcome = authority.who_may_punish(
        args.punishment, "subject", org, on=args.on or _today(), official=official
    )
    headline = [
        f"punishment: {outcome.punishment.value} ({outcome.punishment.level.value}) on a "
        f"{outcome.subject_class.value}",
        "may impose it: "
        + (", ".join(a.position for a in outcome.authorised) or "nobody in this chain"),
    ]
    if official is not None:
        headline.append(f"{args.official}: {'authorised' if outcome.granted else 'not authorised'}")
    return _print(outcome, headline, args.json)
