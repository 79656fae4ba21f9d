"""Sanctions on a public-service provider under UU 25/2009 Pasal 54: a legal track of its own.

The same lapse (an office left empty in service hours) can be met two ways. As a PP 94/2021
discipline punishment, it is a disciplinary case's decision: examined first, and imposed by an
official the authority table (``pp94.punishing_authority``) allows. As a UU 25/2009 Pasal 54
sanction on the provider (pelaksana) who failed the service, it is a teguran tertulis, then
pembebasan dari jabatan when the failure is not fixed within 3 months; it is not a PP 94/2021
punishment, and neither the authority table nor the examination applies to it. The record says
which track each sanction was given under (:class:`~pelayanan.domain.values.SanctionTrack`).
Which track a given lapse belongs on is an interpretation the sources leave open [unverified].
"""

from __future__ import annotations

import calendar
from datetime import date
from typing import Any

import attrs

from pelayanan.domain.values import Deadline, LegalBasis, ProviderSanction, parse_enum, require_date
from pelayanan.policy.parameters import (
    DEFAULT_SETTINGS,
    PROVIDER_FIX_MONTHS,
    UU25_FROM,
    PolicySettings,
)
from pelayanan.policy.result import RuleResult
from pelayanan.policy.rule import Rule, in_force
from pelayanan.policy.sources import read_in

PROVIDER_SANCTION = Rule(
    id="uu25.provider_sanction",
    version=1,
    title="A public-service provider who fails the service gets a teguran tertulis; not fixed "
    "within 3 months, pembebasan dari jabatan (not a PP 94/2021 punishment)",
    valid_from=UU25_FROM,
    valid_to=None,
    citation=LegalBasis("UU 25/2009", article="54", verified=True, source=read_in("uu-25-2009")),
    verified=True,
    sources=("uu-25-2009",),
    parameters=(PROVIDER_FIX_MONTHS,),
    notes="A track of its own beside PP 94/2021 discipline: no authority table, no examination; "
    "each sanction records its track. Whether a given lapse belongs on this track or on PP "
    "94/2021's is an interpretation [unverified]. UU 25/2009's date of effect is approximated "
    "to the start of 2009; how the 3 months are counted was not read.",
)


def add_months(day: date, months: int) -> date:
    """The same day ``months`` calendar months later (the month's last day where it is shorter)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


@attrs.frozen(kw_only=True)
class ProviderSanctionOutcome(RuleResult):
    """What a ``sanction`` given on ``on`` carries: for a teguran tertulis, the day by which the
    failure must be fixed (after it, pembebasan dari jabatan may follow)."""

    sanction: ProviderSanction
    on: date
    fix_by: date | None

    def _fields(self) -> dict[str, Any]:
        return {"sanction": self.sanction, "on": self.on, "fix_by": self.fix_by}

    @property
    def due(self) -> date:
        """The day to fix the failure by (what the record keeps as the deadline's due date)."""
        if self.fix_by is None:
            raise ValueError("pembebasan dari jabatan has no day to fix by")
        return self.fix_by

    def fix_deadline(self) -> Deadline | None:
        """The deadline the record keeps (None for pembebasan dari jabatan, the last step)."""
        if self.fix_by is None:
            return None
        return Deadline(self.fix_by, self.rule, self.citation, self.explanation)


def provider_sanction(
    sanction: ProviderSanction | str, on: date, settings: PolicySettings = DEFAULT_SETTINGS
) -> ProviderSanctionOutcome:
    """The terms of a UU 25/2009 Pasal 54 ``sanction`` given on ``on``."""
    chosen = parse_enum(ProviderSanction, sanction)
    require_date("on", on)
    rule = in_force([PROVIDER_SANCTION], PROVIDER_SANCTION.id, on)
    months = settings.resolve(PROVIDER_FIX_MONTHS, on)
    if chosen is ProviderSanction.TEGURAN_TERTULIS:
        fix_by: date | None = add_months(on, months.value)
        explanation = (
            f"a teguran tertulis on {on}: the failure is to be fixed by {fix_by} "
            f"({months.describe()}); if it is not, pembebasan dari jabatan follows"
        )
    else:
        fix_by = None
        explanation = (
            "pembebasan dari jabatan: the failure named in a teguran tertulis was not fixed "
            f"within {months.describe()}"
        )
    return ProviderSanctionOutcome(
        rule=rule.ref,
        citation=rule.citation,
        verified=rule.verified and months.verified,
        explanation=explanation + "; a UU 25/2009 sanction, not a PP 94/2021 punishment.",
        sanction=chosen,
        on=on,
        fix_by=fix_by,
    )


RULES: tuple[Rule, ...] = (PROVIDER_SANCTION,)
