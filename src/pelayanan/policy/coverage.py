"""Office coverage: at an inspection moment, is the office staffed during service hours, and which
absences are excused?

The rule comes from Kota Malang's instruction after the Jodipan incident (29 April 2024): staff may
attend social obligations, but the office must never be left empty during service hours. So a
permission (izin, cuti, dinas luar, sakit) excuses the *person*, never the *vacancy*: an office
where everyone is away with permission is still vacant.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from datetime import date, datetime
from typing import Any

import attrs

from pelayanan.domain.errors import InvalidValue
from pelayanan.domain.values import (
    LegalBasis,
    Nip,
    PermissionKind,
    ServiceHours,
    parse_enum,
    require_aware,
)
from pelayanan.policy.calendar import WorkingCalendar
from pelayanan.policy.parameters import DEFAULT_SETTINGS, PolicySettings
from pelayanan.policy.result import RuleResult
from pelayanan.policy.rule import Rule, in_force
from pelayanan.policy.sources import read_in

OFFICE_COVERAGE = Rule(
    id="malang.office_coverage",
    version=1,
    title="An office is never left empty during service hours; permission excuses the person only",
    # The Sekda applied the duty to the 29 April 2024 incident itself, so the rule reaches back
    # to the service duty it rests on (UU 25/2009), approximated to the start of 2009.
    valid_from=date(2009, 1, 1),
    valid_to=None,
    citation=LegalBasis(
        "Arahan Sekda Kota Malang, Pembinaan dan Evaluasi Pelayanan Publik (6 Mei 2024)",
        verified=True,
        source=read_in("jodipan-news", "malang-pembinaan-2024"),
    ),
    verified=True,
    sources=("malang-pembinaan-2024", "jodipan-news", "uu-25-2009"),
    notes="A local instruction, not a regulation article; it applies the UU 25/2009 duty to "
    "deliver service to standard (effective date approximated to the start of 2009). Service "
    "hours are the office's own setting.",
)


@attrs.frozen(kw_only=True)
class CoverageOutcome(RuleResult):
    """Who was where at an inspection moment, and what follows.

    ``vacant`` is True only during service hours with no staff member present. ``excused`` maps
    each absent staff member with a permission to its kind; ``unexcused`` lists those without.
    Outside service hours nobody is required, so both are empty.
    """

    at: datetime
    working_day: bool
    in_service_hours: bool
    vacant: bool
    present: tuple[Nip, ...]
    excused: Mapping[Nip, PermissionKind] = attrs.field(hash=False)
    unexcused: tuple[Nip, ...]

    def _fields(self) -> dict[str, Any]:
        return {
            "at": self.at.isoformat(),
            "working_day": self.working_day,
            "in_service_hours": self.in_service_hours,
            "vacant": self.vacant,
            "present": [str(n) for n in self.present],
            "excused": {str(n): k.value for n, k in self.excused.items()},
            "unexcused": [str(n) for n in self.unexcused],
        }


def office_coverage(
    service_hours: ServiceHours,
    at: datetime,
    present: Collection[Nip],
    staff: Collection[Nip],
    permissions: Mapping[Nip, PermissionKind | str] | None = None,
    *,
    calendar: WorkingCalendar | None = None,
    settings: PolicySettings = DEFAULT_SETTINGS,
) -> CoverageOutcome:
    """Assess an office at the moment ``at`` (time-zone-aware).

    ``present`` are the NIPs found in the office, ``staff`` the office's staff list, and
    ``permissions`` the permissions recorded for that moment (NIP to kind). The moment is in
    service hours when it falls in ``service_hours`` (in the office's own time zone) on a working
    day of ``calendar`` (default: Indonesian holidays, cuti bersama off per ``settings``).
    People present but not on the staff list do not staff the office and are ignored.
    """
    moment = require_aware("at", at)
    local = moment.astimezone(service_hours.zone)
    rule = in_force([OFFICE_COVERAGE], OFFICE_COVERAGE.id, local.date())
    granted = {_nip(n): parse_enum(PermissionKind, k) for n, k in (permissions or {}).items()}
    roster = sorted({_nip(n) for n in staff})
    if not roster:
        raise InvalidValue("an office with no staff cannot be assessed for coverage")
    here = sorted({_nip(n) for n in present} & set(roster))
    cuti = settings.cuti_bersama_are_working_days
    cal = calendar or WorkingCalendar(timezone=service_hours.timezone)
    if cuti is not None:
        cal = attrs.evolve(cal, cuti_bersama_are_working_days=cuti)
    if settings.local_days:
        cal = attrs.evolve(cal, local_days=(*cal.local_days, *settings.local_days))
    day = cal.classify(local.date())
    in_hours = day.is_working and service_hours.in_service(moment)

    absent = [n for n in roster if n not in here]
    excused = {n: granted[n] for n in absent if n in granted} if in_hours else {}
    unexcused = tuple(n for n in absent if n not in granted) if in_hours else ()
    vacant = in_hours and not here

    when = local.strftime("%a %Y-%m-%d %H:%M %Z")
    facts = [f"at {when}"]
    if not day.is_working:
        facts.append(f"not a working day: {day.describe()}")
    elif not in_hours:
        facts.append("outside service hours (or in a break)")
    else:
        facts.append("during service hours")
    facts.append(f"{len(here)} of {len(roster)} staff present")
    if in_hours:
        if vacant:
            facts.append("the office is VACANT: nobody on the staff list is present")
            if excused:
                facts.append(
                    f"{len(excused)} absence(s) are excused by permission, but a permission "
                    "excuses the person, never the vacancy"
                )
        if excused:
            facts.append(
                "excused: " + ", ".join(f"{n} ({k.value})" for n, k in excused.items())
            )
        if unexcused:
            facts.append("absent without permission: " + ", ".join(str(n) for n in unexcused))
    else:
        facts.append("nobody is required to be present, so no absence is assessed")
    return CoverageOutcome(
        rule=rule.ref, citation=rule.citation, verified=rule.verified,
        explanation="; ".join(facts) + ".", at=moment, working_day=day.is_working,
        in_service_hours=in_hours, vacant=vacant, present=tuple(here), excused=excused,
        unexcused=unexcused,
    )


def _nip(value: object) -> Nip:
    return value if isinstance(value, Nip) else Nip(value)


RULES: tuple[Rule, ...] = (OFFICE_COVERAGE,)
