"""``pelayanan users``: accounts for the front door (``pelayanan serve``).

Whoever can run this command can open the store itself, so it acts as the system, and every
change is recorded as an event with that actor. Passwords are read from standard input only
(never an argument: arguments are visible to every user of the machine).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from pelayanan.cli.common import (
    USAGE,
    CliUsageError,
    add_common_arguments,
    echo,
    open_service,
    print_json,
)
from pelayanan.domain.values import Actor

ACTOR = Actor.system("pelayanan users")


def register(subparsers: Any) -> None:
    group = subparsers.add_parser("users", help="accounts and roles for `pelayanan serve`")
    actions = group.add_subparsers(dest="action", metavar="ACTION", parser_class=type(group))

    add = actions.add_parser("add", help="create an account with a role (password on stdin)")
    add.add_argument("name", metavar="NAME")
    add.add_argument("--role", required=True, metavar="ROLE", help=_roles_help())
    add.add_argument("--office", metavar="CODE", help="office code (operator, atasan)")
    add.add_argument("--password-stdin", action="store_true", help="read the password from stdin")
    add.add_argument("--position", metavar="ID", help=_POSITION_HELP)
    add.set_defaults(handler=_add)

    position = actions.add_parser(
        "position", help="the position of the organisation an account acts from"
    )
    position.add_argument("name", metavar="NAME")
    position.add_argument("position", metavar="ID", nargs="?", help=_POSITION_HELP)
    position.add_argument("--clear", action="store_true", help="the account holds no position")
    position.set_defaults(handler=_position)

    listing = actions.add_parser("list", help="accounts, their roles and state")
    listing.set_defaults(handler=_list)

    for name, func, text in (
        ("grant", _grant, "give an account a role"),
        ("revoke", _revoke, "take a role away"),
    ):
        parser = actions.add_parser(name, help=text)
        parser.add_argument("name", metavar="NAME")
        parser.add_argument("role", metavar="ROLE", help=_roles_help())
        parser.add_argument("--office", metavar="CODE", help="office code (operator, atasan)")
        parser.set_defaults(handler=func)

    disable = actions.add_parser("disable", help="stop an account from signing in")
    disable.add_argument("name", metavar="NAME")
    disable.add_argument("--reason", required=True)
    disable.set_defaults(handler=_disable)

    enable = actions.add_parser("enable", help="let a disabled account sign in again")
    enable.add_argument("name", metavar="NAME")
    enable.set_defaults(handler=_enable)

    password = actions.add_parser("password", help="set a new password (read from stdin)")
    password.add_argument("name", metavar="NAME")
    password.add_argument("--password-stdin", action="store_true", help="read it from stdin")
    password.set_defaults(handler=_password)

    token = actions.add_parser("token", help="issue an API token (printed once)")
    token.add_argument("name", metavar="NAME")
    token.add_argument("--label", required=True, help="what the token is for")
    token.set_defaults(handler=_token)

    untoken = actions.add_parser("revoke-token", help="revoke an API token by its id")
    untoken.add_argument("name", metavar="NAME")
    untoken.add_argument("token_id", metavar="TOKEN_ID")
    untoken.set_defaults(handler=_revoke_token)

    for parser in actions.choices.values():
        add_common_arguments(parser, json_out=parser is listing)
    group.set_defaults(handler=lambda args: _usage(group))


_POSITION_HELP = (
    "position id in the organisation (the city configuration file); with an organisation, "
    "the account decides as the official holding it"
)


def _roles_help() -> str:
    from pelayanan.domain.account import AccountRole

    return "one of: " + ", ".join(r.value for r in AccountRole)


def _usage(parser: argparse.ArgumentParser) -> int:
    parser.print_help()
    return USAGE


def _accounts(service: Any) -> Any:
    from pelayanan.accounts import Accounts

    return Accounts(service)


def _read_password(args: argparse.Namespace) -> str:
    if not args.password_stdin:
        raise CliUsageError(
            f"pelayanan users {args.action}: give --password-stdin and pipe the password in"
        )
    line = sys.stdin.readline().rstrip("\r\n")
    if not line:
        raise CliUsageError(f"pelayanan users {args.action}: no password on standard input")
    return line


@contextmanager
def _known_position(action: str) -> Iterator[None]:
    """A position the organisation lacks is the caller's mistake: a usage error, exit 2."""
    from pelayanan.domain.organisation import UnknownPosition

    try:
        yield
    except UnknownPosition as exc:
        raise CliUsageError(f"pelayanan users {action}: {exc}") from None


def _add(args: argparse.Namespace) -> int:
    # The store is opened first: a store that cannot be opened is reported before waiting on stdin.
    with open_service(args, must_exist=False) as service:
        accounts = _accounts(service)
        if args.position is not None:
            with _known_position("add"):
                accounts._check_position(args.position, args.name)
        password = _read_password(args)
        with _known_position("add"):
            accounts.add(
                args.name,
                password=password,
                role=args.role,
                office=args.office,
                position=args.position,
                actor=ACTOR,
            )
    echo(f"account {args.name} created with role {args.role}")
    return 0


def _position(args: argparse.Namespace) -> int:
    if args.clear == (args.position is not None):
        raise CliUsageError("pelayanan users position: give a position ID or --clear (not both)")
    with open_service(args) as service, _known_position("position"):
        _accounts(service).set_position(args.name, args.position, actor=ACTOR)
    echo(f"{args.name}: " + ("no position" if args.clear else f"position {args.position}"))
    return 0


def _list(args: argparse.Namespace) -> int:
    with open_service(args) as service:
        accounts = _accounts(service)
        rows = []
        for name in accounts.names():
            account = accounts.get(name)
            rows.append(
                {
                    "name": name,
                    "roles": [
                        role.value + (f"@{office.value}" if office else "")
                        for role, office in account.roles()
                    ],
                    "position": account.position,
                    "disabled": account.disabled,
                    "tokens": sorted(account.tokens),
                }
            )
    if args.json:
        print_json(rows)
        return 0
    for row in rows:
        state = " (disabled)" if row["disabled"] else ""
        where = f" [position {row['position']}]" if row["position"] else ""
        echo(f"{row['name']}{state}: {', '.join(row['roles']) or '-'}{where}")
    if not rows:
        echo(
            "no accounts; create the first with: pelayanan users add NAME --role admin "
            "--password-stdin"
        )
    return 0


def _grant(args: argparse.Namespace) -> int:
    with open_service(args) as service:
        _accounts(service).grant(args.name, args.role, args.office, actor=ACTOR)
    echo(f"{args.name}: granted {args.role}")
    return 0


def _revoke(args: argparse.Namespace) -> int:
    with open_service(args) as service:
        _accounts(service).revoke(args.name, args.role, args.office, actor=ACTOR)
    echo(f"{args.name}: revoked {args.role}")
    return 0


def _disable(args: argparse.Namespace) -> int:
    with open_service(args) as service:
        _accounts(service).disable(args.name, reason=args.reason, actor=ACTOR)
    echo(f"{args.name}: disabled")
    return 0


def _enable(args: argparse.Namespace) -> int:
    with open_service(args) as service:
        _accounts(service).enable(args.name, actor=ACTOR)
    echo(f"{args.name}: enabled")
    return 0


def _password(args: argparse.Namespace) -> int:
    with open_service(args) as service:
        password = _read_password(args)
        _accounts(service).set_password(args.name, password, actor=ACTOR)
    echo(f"{args.name}: password set")
    return 0


def _token(args: argparse.Namespace) -> int:
    with open_service(args) as service:
        token = _accounts(service).issue_token(args.name, label=args.label, actor=ACTOR)
    # The one time the token is shown: it is stored only as a digest.
    echo(token)
    return 0


def _revoke_token(args: argparse.Namespace) -> int:
    with open_service(args) as service:
        _accounts(service).revoke_token(args.name, args.token_id, actor=ACTOR)
    echo(f"{args.name}: token {args.token_id} revoked")
    return 0
