"""Measures between the examination and the decree (PP 94/2021): pembebasan sementara and the
pay stop, with the reinstatement of pay.

- *Pembebasan sementara*: a PNS likely to get a berat punishment may be freed from duties by the
  atasan from the examination until the decree; an acting official (Plh) is appointed and the
  PNS keeps their rights. Which levels allow it is the ``pp94.temporary_release_levels``
  parameter; it was read only in a digest of the regulation, so the rule is unverified.
- *Pay stop*: after 10 consecutive working days absent without valid reason, pay stops from the
  next month (PP 94/2021 Pasal 15 ayat (2) as secondary material cites it); the budget holder
  may stop it before the decree, and reinstates it when the PNS returns (BKPSDM material). The
  threshold is the ``pp94.pay_stop_consecutive_days`` parameter.

The functions answer from facts the caller passes; :mod:`pelayanan.policy.procedure` reads them
off a case, for the service and the decisions audit alike.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import attrs

from pelayanan.domain.values import LegalBasis, Level, RuleGrounds, parse_enum, require_date
from pelayanan.policy.parameters import (
    DEFAULT_SETTINGS,
    PAY_STOP_CONSECUTIVE_DAYS,
    PP94_ENACTED,
    TEMPORARY_RELEASE_LEVELS,
    PolicySettings,
    show_value,
)
from pelayanan.policy.result import RuleResult
from pelayanan.policy.rule import Rule, in_force
from pelayanan.policy.sources import read_in

TEMPORARY_RELEASE = Rule(
    id="pp94.temporary_release",
    version=1,
    title="Pembebasan sementara: a PNS likely to get a berat punishment may be freed from duties "
    "from the examination until the decree, with an acting official (Plh) and rights kept",
    valid_from=PP94_ENACTED,
    valid_to=None,
    citation=LegalBasis("PP 94/2021", verified=False,
                        source=read_in("disiplin-pns-digest", note="article number not read")),
    verified=False,
    sources=("disiplin-pns-digest", "pp-94-2021"),
    parameters=(TEMPORARY_RELEASE_LEVELS,),
    notes="Read only in a digest of PP 94/2021 [secondary]; the article was not read. The atasan "
    "frees the PNS; the examination has begun when its date (the first summons's) has come or "
    "the examination is recorded. It ends when the decree is set, or when the case closes "
    "without one.",
)

PAY_STOP = Rule(
    id="pp94.pay_stop",
    version=1,
    title="Pay stops from the next month after 10 consecutive working days absent; the budget "
    "holder may stop it before the decree",
    valid_from=PP94_ENACTED,
    valid_to=None,
    citation=PAY_STOP_CONSECUTIVE_DAYS.values[0].citation,
    verified=False,
    sources=("pp-94-2021", "bkpsdm-material"),
    parameters=(PAY_STOP_CONSECUTIVE_DAYS,),
    notes="Pasal 15 ayat (2) was not read; the article number and the budget holder's stop "
    "before the decree are from secondary material (BKPSDM pages). 'The next month' is counted "
    "from the month of the budget holder's order, which comes after the run of absence.",
)

PAY_REINSTATEMENT = Rule(
    id="pp94.pay_reinstatement",
    version=1,
    title="Pay stopped before the decree is reinstated when the PNS returns to work",
    valid_from=PP94_ENACTED,
    valid_to=None,
    citation=LegalBasis("PP 94/2021", verified=False,
                        source=read_in("bkpsdm-material", note="described by BKPSDM pages; the "
                                       "article was not read")),
    verified=False,
    sources=("bkpsdm-material", "pp-94-2021"),
    notes="Secondary (BKPSDM pages): the article and from when pay resumes were not read; the "
    "record keeps the day the PNS returned.",
)


@attrs.frozen(kw_only=True)
class _Grounded(RuleResult):
    def to_grounds(self) -> RuleGrounds:
        """The value the domain records in its events."""
        return RuleGrounds(self.rule, self.citation, self.verified, self.explanation)


@attrs.frozen(kw_only=True)
class ReleaseOutcome(_Grounded):
    """May a PNS expected to get a punishment of ``expected`` be freed from duties?"""

    expected: Level | None
    levels: frozenset[Level]

    @property
    def allowed(self) -> bool:
        return self.expected in self.levels

    def _fields(self) -> dict[str, Any]:
        return {"expected": self.expected, "levels": sorted(lv.value for lv in self.levels),
                "allowed": self.allowed}


def temporary_release(
    expected: Level | str | None, on: date, settings: PolicySettings = DEFAULT_SETTINGS
) -> ReleaseOutcome:
    """Whether the level of punishment ``expected`` (None: the rules name none) allows a
    pembebasan sementara on ``on``. The examination's having begun is the case's to say."""
    level = None if expected is None else parse_enum(Level, expected)
    rule = in_force([TEMPORARY_RELEASE], TEMPORARY_RELEASE.id, require_date("on", on))
    levels = settings.resolve(TEMPORARY_RELEASE_LEVELS, on)
    allowed = level in levels.value
    shown = "no level (the rules name none for this breach)" if level is None else level.value
    verdict = "may" if allowed else "may not"
    return ReleaseOutcome(
        rule=rule.ref,
        citation=rule.citation,
        verified=rule.verified and levels.verified,
        explanation=(
            f"The punishment expected is {shown}; levels allowing a pembebasan sementara: "
            f"{show_value(levels.value)} ({levels.describe()}). The atasan {verdict} free the PNS "
            "from duties from the examination until the decree; an acting official (Plh) is "
            "appointed and the PNS keeps their rights."
        ),
        expected=level,
        levels=levels.value,
    )


@attrs.frozen(kw_only=True)
class PayStopOutcome(_Grounded):
    """Does a run of ``consecutive_days`` absent allow the pay stop, and from when."""

    consecutive_days: int
    threshold: int
    ordered_on: date
    stops_from: date

    @property
    def allowed(self) -> bool:
        return self.consecutive_days >= self.threshold

    def _fields(self) -> dict[str, Any]:
        return {"consecutive_days": self.consecutive_days, "threshold": self.threshold,
                "ordered_on": self.ordered_on, "stops_from": self.stops_from,
                "allowed": self.allowed}


def next_month(day: date) -> date:
    """The first day of the month after ``day``'s."""
    return date(day.year + 1, 1, 1) if day.month == 12 else date(day.year, day.month + 1, 1)


def pay_stop(
    consecutive_days: int,
    ordered_on: date,
    on: date | None = None,
    settings: PolicySettings = DEFAULT_SETTINGS,
) -> PayStopOutcome:
    """Whether a recorded run of ``consecutive_days`` working days absent allows the budget
    holder's pay stop ordered on ``ordered_on``, and the day pay stops (the next month's first)."""
    require_date("ordered_on", ordered_on)
    when = ordered_on if on is None else require_date("on", on)
    rule = in_force([PAY_STOP], PAY_STOP.id, when)
    threshold = settings.resolve(PAY_STOP_CONSECUTIVE_DAYS, when)
    stops_from = next_month(ordered_on)
    allowed = consecutive_days >= threshold.value
    verdict = (
        f"pay stops from {stops_from.isoformat()}, the first day of the month after the order"
        if allowed
        else "the pay stop is not allowed"
    )
    return PayStopOutcome(
        rule=rule.ref,
        citation=rule.citation,
        verified=rule.verified and threshold.verified,
        explanation=(
            f"{consecutive_days} consecutive working day(s) absent are recorded; the threshold "
            f"is {threshold.describe()}: {verdict}."
        ),
        consecutive_days=consecutive_days,
        threshold=threshold.value,
        ordered_on=ordered_on,
        stops_from=stops_from,
    )


@attrs.frozen(kw_only=True)
class ReinstatementOutcome(_Grounded):
    returned_on: date

    def _fields(self) -> dict[str, Any]:
        return {"returned_on": self.returned_on}


def pay_reinstatement(returned_on: date, on: date | None = None) -> ReinstatementOutcome:
    """The rule reinstating pay stopped before the decree, for a PNS back on ``returned_on``."""
    require_date("returned_on", returned_on)
    rule = in_force([PAY_REINSTATEMENT], PAY_REINSTATEMENT.id, on or returned_on)
    return ReinstatementOutcome(
        rule=rule.ref,
        citation=rule.citation,
        verified=rule.verified,
        explanation=(
            f"The PNS returned to work on {returned_on.isoformat()}: pay stopped before the "
            "decree is reinstated."
        ),
        returned_on=returned_on,
    )


RULES: tuple[Rule, ...] = (TEMPORARY_RELEASE, PAY_STOP, PAY_REINSTATEMENT)
