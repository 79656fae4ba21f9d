"""``pelayanan settings``: the city's settings on the record, and recording a new file.

``settings show`` lists every change of the settings in force (when it was recorded, who
recorded it, on which decree, its digest) and what is in force now; ``settings apply --config
FILE`` records the file's settings as the settings in force when they differ (what ``serve``
does at start). The file's format is in docs/configuration.md.
"""

from __future__ import annotations

import argparse
from typing import Any

from pelayanan.cli.common import (
    USAGE,
    CliUsageError,
    add_common_arguments,
    city_config,
    echo,
    open_service,
    print_json,
)


def register(subparsers: Any) -> None:
    group = subparsers.add_parser(
        "settings", help="the city's settings in force and their changes; record a new file"
    )
    actions = group.add_subparsers(dest="action", metavar="ACTION", parser_class=type(group))
    show = actions.add_parser(
        "show", help="every change of the settings in force: when, who, decree, digest"
    )
    add_common_arguments(show)
    show.set_defaults(handler=_show)
    apply = actions.add_parser(
        "apply", help="record the configuration file's settings as in force, if they differ"
    )
    add_common_arguments(apply, config=True)
    apply.set_defaults(handler=_apply)
    group.set_defaults(handler=lambda args: _usage(group))


def _usage(parser: argparse.ArgumentParser) -> int:
    parser.print_help()
    return USAGE


def _show(args: argparse.Namespace) -> int:
    from pelayanan.domain.settings import CitySettings, settings_id

    with open_service(args, read_only=True) as service:
        changes = [
            event
            for event in service.events.get(settings_id())
            if isinstance(event, CitySettings.SettingsChanged)
        ]
    rows: list[dict[str, Any]] = [
        {
            "recorded_at": event.timestamp.isoformat(),
            "by": event.actor.name,
            "role": event.actor.role,
            "decree": event.decree,
            "digest": event.digest,
            "content": event.content,
        }
        for event in changes
    ]
    if args.json:
        print_json({"changes": rows, "in_force": rows[-1] if rows else None})
        return 0
    if not rows:
        echo("no settings change is recorded: the law's own values are in force")
        return 0
    for row in rows:
        echo(f"{row['recorded_at']}  {row['digest'][:12]}  {row['decree']}  ({row['by']})")
    content = rows[-1]["content"]
    parameters = content.get("parameters", {})
    echo(f"in force: {rows[-1]['digest'][:12]}, {len(parameters)} parameter override(s), "
         f"{len(content.get('days', []))} day(s) off by decree, "
         f"{len(content.get('positions', []))} position(s)")
    for key, value in sorted(parameters.items()):
        echo(f"  {key} = {value}")
    return 0


def _apply(args: argparse.Namespace) -> int:
    from pelayanan.service import ComplianceService

    config = city_config(args)
    if config is None:
        raise CliUsageError("pelayanan settings apply: name the file with --config FILE")
    service = ComplianceService.open(args.db, must_exist=True)
    try:
        recorded = service.apply_config(config)
    finally:
        service.close()
    what = "recorded as the settings in force" if recorded else "already the settings in force"
    echo(f"{config.digest[:12]} ({config.decree}): {what}")
    return 0
