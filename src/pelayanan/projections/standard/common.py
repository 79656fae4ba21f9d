"""Small helpers shared by the standard projections: JSON forms of domain values."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from pelayanan.domain.values import Deadline, LegalBasis, RuleRef, ServiceHours


def iso(value: date | datetime | None) -> str | None:
    return None if value is None else value.isoformat()


def deadline_json(deadline: Deadline | None) -> dict[str, Any] | None:
    if deadline is None:
        return None
    return {
        "due": deadline.due.isoformat(),
        "rule": str(deadline.rule),
        "basis": deadline.basis.cite(),
        "estimated": deadline.estimated,
    }


def cite(basis: LegalBasis | None) -> str | None:
    return None if basis is None else basis.cite()


def rule_text(rule: RuleRef | None) -> str | None:
    return None if rule is None else str(rule)


def hours_json(hours: ServiceHours) -> dict[str, Any]:
    """ServiceHours as JSON, so a handler can later ask whether a moment was in service."""
    return {
        "timezone": hours.timezone,
        "days": [
            [
                d.weekday,
                d.hours.start.isoformat("minutes"),
                d.hours.end.isoformat("minutes"),
                [[b.start.isoformat("minutes"), b.end.isoformat("minutes")] for b in d.breaks],
            ]
            for d in hours.days
        ],
    }


def in_service(hours: dict[str, Any], moment: datetime) -> bool:
    """Was ``moment`` within the service hours stored by :func:`hours_json`?"""
    from zoneinfo import ZoneInfo

    local = moment.astimezone(ZoneInfo(hours["timezone"]))
    clock = local.strftime("%H:%M")
    for weekday, start, end, breaks in hours["days"]:
        if weekday == local.weekday() and start <= clock < end:
            return not any(b_start <= clock < b_end for b_start, b_end in breaks)
    return False
