"""Time limits: the disciplinary procedure (PP 94/2021, PerBKN 6/2022, PP 79/2021) and complaint
service levels (SP4N-LAPOR!, Perpres 76/2013), counted in working or calendar days.

Every limit counts from the day *after* its start date (the start day itself is not counted),
which is how Indonesian regulations reckon "within N days of". Each outcome lists the days it
skipped and why, says whether it depends on an estimated holiday, and whether a cuti bersama in
the window made it depend on the unsettled cuti bersama setting.
"""

from __future__ import annotations

from datetime import date
from enum import Enum
from functools import lru_cache
from typing import Any

import attrs

from pelayanan.domain.values import (
    ComplaintClass,
    Deadline,
    LegalBasis,
    parse_enum,
    require_date,
)
from pelayanan.policy.calendar import CalendarDay, DayKind, WorkingCalendar
from pelayanan.policy.parameters import (
    APPEAL_DECISION_WORKING_DAYS,
    APPEAL_WORKING_DAYS,
    BAP_REPORT_WORKING_DAYS,
    CUTI_BERSAMA_ARE_WORKING_DAYS,
    DECISION_DELIVERY_UNIT,
    DECISION_DELIVERY_WORKING_DAYS,
    DECISION_WAIT_WORKING_DAYS,
    DEFAULT_SETTINGS,
    EFFECTIVE_DAYS_AFTER_OBJECTION,
    OBJECTION_DECISION_WORKING_DAYS,
    OBJECTION_WORKING_DAYS,
    PERBKN6_FROM,
    PERPRES76_DAY_UNIT,
    PERPRES76_RESOLUTION_DAYS,
    PP94_ENACTED,
    PUNISHMENT_EFFECTIVE_DAYS,
    PUNISHMENT_EFFECTIVE_UNIT,
    SECOND_SUMMONS_WORKING_DAYS,
    SP4N_COMPLAINT_DAYS,
    SP4N_DAY_UNIT,
    SP4N_DISPUTE_DAYS,
    SP4N_DISPUTE_FIELD_CHECK_DAYS,
    SP4N_INFORMATION_REQUEST_DAYS,
    SP4N_STATUS_RESPONSE_DAYS,
    SUMMONS_WORKING_DAYS,
    DayUnit,
    Parameter,
    PolicySettings,
)
from pelayanan.policy.result import RuleResult
from pelayanan.policy.rule import Rule, in_force
from pelayanan.policy.sources import read_in


class DeadlineKind(Enum):
    """The time limits this module computes. Values are stable strings."""

    SUMMONS_EXAMINATION = "summons_examination"
    SECOND_SUMMONS = "second_summons"
    DECISION_DELIVERY = "decision_delivery"
    PUNISHMENT_EFFECTIVE = "punishment_effective"
    OBJECTION = "objection"
    APPEAL = "appeal"
    AUTHORISED_DECISION = "authorised_decision"
    BAP_REPORT = "bap_report"
    OBJECTION_DECISION = "objection_decision"
    EFFECT_AFTER_OBJECTION = "effect_after_objection"
    APPEAL_DECISION = "appeal_decision"
    COMPLAINT_STATUS_RESPONSE = "complaint_status_response"
    COMPLAINT_INFORMATION_REQUEST = "complaint_information_request"
    COMPLAINT_COMPLAINT = "complaint_complaint"
    COMPLAINT_DISPUTE = "complaint_dispute"
    COMPLAINT_DISPUTE_FIELD_CHECK = "complaint_dispute_field_check"
    COMPLAINT_RESOLUTION = "complaint_resolution"


@attrs.frozen
class _Spec:
    """How one kind of deadline is computed: its rule, its day count and its day unit.

    ``unit`` is ``None`` where the source itself says working days.
    """

    rule: Rule
    days: Parameter[int]
    unit: Parameter[DayUnit] | None
    start_is: str
    due_is: str


def _rule(id: str, title: str, valid_from: date, citation: LegalBasis, sources: tuple[str, ...],
          days: Parameter[int], unit: Parameter[DayUnit] | None = None,
          *, notes: str = "") -> Rule:
    params = (days,) if unit is None else (days, unit)
    return Rule(id=id, version=1, title=title, valid_from=valid_from, valid_to=None,
                citation=citation, verified=citation.verified, sources=sources,
                parameters=(*params, CUTI_BERSAMA_ARE_WORKING_DAYS), notes=notes)


_PERBKN = LegalBasis("PerBKN 6/2022", verified=True,
                     source=read_in("perbkn-6-2022", note="article numbers not verified"))
_PERBKN_NOTES = ("In force from PerBKN 6/2022, whose date of effect was not recorded: the start "
                 "of 2022 is an approximation. Article numbers not verified.")
_PP79 = LegalBasis("PP 79/2021", verified=False,
                   source=read_in("pp-79-2021", note="the filing window is from secondary "
                                  "summaries"))
_PP79_UNREAD = LegalBasis("PP 79/2021", verified=False,
                          source=read_in("pp-79-2021", note="the deciding body's window was "
                                         "not read in any source"))
_SP4N = LegalBasis("SP4N-LAPOR! (KemenPANRB, 2018)", verified=True,
                   source=read_in("sp4n-lapor-service-levels"))
_SP4N_FROM = date(2018, 1, 1)
_SP4N_SOURCES = ("sp4n-lapor-service-levels", "kelurahan-sop-example")
_SP4N_NOTES = ("Read in KemenPANRB's official SP4N-LAPOR! material; the regulation setting the "
               "levels was not identified. Effective date approximated to the start of 2018; day "
               "unit not stated [unverified].")


_SPECS: dict[DeadlineKind, _Spec] = {
    DeadlineKind.SUMMONS_EXAMINATION: _Spec(
        _rule("perbkn6.summons_examination",
              "Latest examination date after a summons letter", PERBKN6_FROM, _PERBKN,
              ("perbkn-6-2022",), SUMMONS_WORKING_DAYS,
              notes="The superior summons in writing; at most 7 working days between the "
              "letter and the examination. " + _PERBKN_NOTES),
        SUMMONS_WORKING_DAYS, None, "summons letter date", "latest examination date"),
    DeadlineKind.SECOND_SUMMONS: _Spec(
        _rule("perbkn6.second_summons",
              "Latest second summons after a no-show at the first examination", PERBKN6_FROM,
              _PERBKN, ("perbkn-6-2022",), SECOND_SUMMONS_WORKING_DAYS, notes=_PERBKN_NOTES),
        SECOND_SUMMONS_WORKING_DAYS, None, "first examination date",
        "latest date of the second summons letter"),
    DeadlineKind.DECISION_DELIVERY: _Spec(
        _rule("perbkn6.decision_delivery",
              "Delivery of the punishment decree after it is set", PERBKN6_FROM, _PERBKN,
              ("perbkn-6-2022", "bkn-regional-office", "disiplin-pns-digest"),
              DECISION_DELIVERY_WORKING_DAYS, DECISION_DELIVERY_UNIT,
              notes="Delivered by the authorised official or one it appoints; a PNS who does "
              "not come when summoned to receive it is sent the decree at the last known "
              "address. Counted from the day the decree was set (the decision's day where no "
              "decree was recorded). The digest of PP 94/2021 says 14 'hari'; a BKN regional "
              "office says working days: the unit is the perbkn6.decision_delivery_unit "
              "parameter, unverified. " + _PERBKN_NOTES),
        DECISION_DELIVERY_WORKING_DAYS, DECISION_DELIVERY_UNIT, "date the decree was set",
        "latest delivery date"),
    DeadlineKind.PUNISHMENT_EFFECTIVE: _Spec(
        _rule("pp94.punishment_effective",
              "A punishment takes effect on day 15 after the decree is received", PP94_ENACTED,
              LegalBasis("PP 94/2021", verified=False,
                         source=read_in("pp94-secondary-summaries", "disiplin-pns-digest")),
              ("pp94-secondary-summaries", "disiplin-pns-digest"), PUNISHMENT_EFFECTIVE_DAYS,
              PUNISHMENT_EFFECTIVE_UNIT,
              notes="From receipt, or from the appeal decision if an appeal is filed (start "
              "from that date instead). Day 15 is counted as 15 days after the day of receipt "
              "(the day of receipt not counted). Working vs calendar days is not stated in what "
              "was read: the pp94.punishment_effective_unit parameter, unverified."),
        PUNISHMENT_EFFECTIVE_DAYS, PUNISHMENT_EFFECTIVE_UNIT,
        "date the decree was received (or the appeal decided)", "date the punishment takes effect"),
    DeadlineKind.OBJECTION: _Spec(
        _rule("pp79.objection", "Filing window for a keberatan (objection)", PP94_ENACTED,
              _PP79, ("pp-79-2021",), OBJECTION_WORKING_DAYS,
              notes="Against decisions other than dismissal (PP 79/2021 Pasal 1 angka 4); 14 "
              "working days is likely (secondary). A late keberatan is not accepted. Dated "
              "from PP 94/2021, whose decisions it applies to; PP 79/2021's own date of effect "
              "was not recorded."),
        OBJECTION_WORKING_DAYS, None, "date the decision was received",
        "last day to file the objection"),
    DeadlineKind.APPEAL: _Spec(
        _rule("pp79.appeal", "Filing window for a banding administratif to BPASN",
              PP94_ENACTED, _PP79, ("pp-79-2021", "permenkumham-24-2023"), APPEAL_WORKING_DAYS,
              notes="Against dismissal (PP 79/2021 Pasal 1 angka 5); 14 working days from "
              "receipt as a ministry regulation repeats it (secondary). A late banding is not "
              "accepted. Dated from PP 94/2021, whose decisions it applies to; PP 79/2021's own "
              "date of effect was not recorded."),
        APPEAL_WORKING_DAYS, None, "date the dismissal decision was received",
        "last day to file the appeal"),
    DeadlineKind.AUTHORISED_DECISION: _Spec(
        _rule("pp94.authorised_decision",
              "The authorised official decides a case ready for decision; one who does not is "
              "liable (flagged after a waiting time the sources do not set)", PP94_ENACTED,
              LegalBasis("PP 94/2021", verified=False,
                         source=read_in("pp-94-2021", "bpk-handbook",
                                        note="no time limit in the sources")),
              ("pp-94-2021", "bpk-handbook", "disiplin-pns-digest"), DECISION_WAIT_WORKING_DAYS,
              notes="The authorised official must punish a proven breach; one who does not is "
              "punished by its own superior. The sources give no deadline: the waiting time "
              "before the audit flags it is the unverified parameter "
              "pp94.decision_wait_working_days. Counted from the examination, the BAP's report "
              "up, or the second no-show, whichever is last."),
        DECISION_WAIT_WORKING_DAYS, None,
        "date the case became ready for decision (examination, report up or second no-show)",
        "date after which not deciding is flagged"),
    DeadlineKind.BAP_REPORT: _Spec(
        _rule("perbkn6.bap_report",
              "An atasan langsung without authority over the punishment expected reports the BAP "
              "up the hierarchy", PERBKN6_FROM,
              LegalBasis("PerBKN 6/2022", verified=False,
                         source=read_in("perbkn-6-2022", "disiplin-pns-digest",
                                        note="no time limit was found")),
              ("perbkn-6-2022", "disiplin-pns-digest", "bpk-handbook"), BAP_REPORT_WORKING_DAYS,
              notes="Where the punishment expected is within the atasan's own authority the "
              "atasan decides it; otherwise the atasan reports the BAP to the superior, and an "
              "atasan who does not report is liable. The time allowed is the unverified "
              "parameter perbkn6.bap_report_working_days. " + _PERBKN_NOTES),
        BAP_REPORT_WORKING_DAYS, None, "date of the examination (the BAP)",
        "latest date to report the BAP up"),
    DeadlineKind.EFFECT_AFTER_OBJECTION: _Spec(
        _rule("pp94.effect_after_objection",
              "A punishment objected to takes effect as the decision on the objection says",
              PP94_ENACTED,
              LegalBasis("PP 94/2021", verified=False,
                         source=read_in("disiplin-pns-digest", "pp94-secondary-summaries")),
              ("disiplin-pns-digest", "pp94-secondary-summaries"),
              EFFECTIVE_DAYS_AFTER_OBJECTION, PUNISHMENT_EFFECTIVE_UNIT,
              notes="Read only in a digest of PP 94/2021: the punishment takes effect as the "
              "decision on the keberatan or banding says, so by default no earlier than that "
              "decision's day; the decision may set a later day. Article not read."),
        EFFECTIVE_DAYS_AFTER_OBJECTION, PUNISHMENT_EFFECTIVE_UNIT,
        "date the objection or appeal was decided",
        "earliest date the punishment that stands takes effect"),
    DeadlineKind.OBJECTION_DECISION: _Spec(
        _rule("pp79.objection_decision",
              "Decision on a keberatan by the superior of the punishing official", PP94_ENACTED,
              _PP79_UNREAD, ("pp-79-2021", "pp-53-2010"), OBJECTION_DECISION_WORKING_DAYS,
              notes="The window was not read in any source: an unverified parameter. A "
              "keberatan left undecided past it is flagged; no consequence was read, so none is "
              "applied. Dated from PP 94/2021, whose decisions it applies to."),
        OBJECTION_DECISION_WORKING_DAYS, None, "date the keberatan was filed",
        "latest decision on the keberatan"),
    DeadlineKind.APPEAL_DECISION: _Spec(
        _rule("pp79.appeal_decision", "Decision on a banding administratif by BPASN",
              PP94_ENACTED, _PP79_UNREAD, ("pp-79-2021",), APPEAL_DECISION_WORKING_DAYS,
              notes="The window was not read in any source: an unverified placeholder. A "
              "banding left undecided past it is flagged; no consequence was read, so none is "
              "applied. Dated from PP 94/2021, whose decisions it applies to."),
        APPEAL_DECISION_WORKING_DAYS, None, "date the banding was filed",
        "latest decision on the banding"),
    DeadlineKind.COMPLAINT_STATUS_RESPONSE: _Spec(
        _rule("sp4n.status_response", "First status response to a complaint", _SP4N_FROM,
              _SP4N, _SP4N_SOURCES, SP4N_STATUS_RESPONSE_DAYS, SP4N_DAY_UNIT,
              notes=_SP4N_NOTES),
        SP4N_STATUS_RESPONSE_DAYS, SP4N_DAY_UNIT, "date the complaint was filed",
        "latest first status response"),
    DeadlineKind.COMPLAINT_INFORMATION_REQUEST: _Spec(
        _rule("sp4n.information_request", "Answer to an information request", _SP4N_FROM,
              _SP4N, _SP4N_SOURCES, SP4N_INFORMATION_REQUEST_DAYS,
              SP4N_DAY_UNIT, notes=_SP4N_NOTES),
        SP4N_INFORMATION_REQUEST_DAYS, SP4N_DAY_UNIT, "date the request was filed",
        "latest answer"),
    DeadlineKind.COMPLAINT_COMPLAINT: _Spec(
        _rule("sp4n.complaint", "Resolution of a complaint", _SP4N_FROM, _SP4N,
              _SP4N_SOURCES, SP4N_COMPLAINT_DAYS, SP4N_DAY_UNIT,
              notes=_SP4N_NOTES),
        SP4N_COMPLAINT_DAYS, SP4N_DAY_UNIT, "date the complaint was filed", "latest resolution"),
    DeadlineKind.COMPLAINT_DISPUTE: _Spec(
        _rule("sp4n.dispute", "Resolution of a dispute without field check", _SP4N_FROM,
              _SP4N, _SP4N_SOURCES, SP4N_DISPUTE_DAYS, SP4N_DAY_UNIT,
              notes=_SP4N_NOTES),
        SP4N_DISPUTE_DAYS, SP4N_DAY_UNIT, "date the dispute was filed", "latest resolution"),
    DeadlineKind.COMPLAINT_DISPUTE_FIELD_CHECK: _Spec(
        _rule("sp4n.dispute_field_check", "Resolution of a dispute with field check",
              _SP4N_FROM, _SP4N, _SP4N_SOURCES,
              SP4N_DISPUTE_FIELD_CHECK_DAYS, SP4N_DAY_UNIT, notes=_SP4N_NOTES),
        SP4N_DISPUTE_FIELD_CHECK_DAYS, SP4N_DAY_UNIT, "date the dispute was filed",
        "latest resolution"),
    DeadlineKind.COMPLAINT_RESOLUTION: _Spec(
        _rule("perpres76.complaint_resolution",
              "Resolution of a complaint after its file is complete", date(2013, 1, 1),
              LegalBasis("Perpres 76/2013", verified=True, source=read_in("perpres-76-2013")),
              ("perpres-76-2013",), PERPRES76_RESOLUTION_DAYS, PERPRES76_DAY_UNIT,
              notes="Effective date approximated to the start of 2013; day unit not verified."),
        PERPRES76_RESOLUTION_DAYS, PERPRES76_DAY_UNIT, "date the complaint file was complete",
        "latest resolution"),
}

_COMPLAINT_KINDS = {
    ComplaintClass.INFORMATION_REQUEST: DeadlineKind.COMPLAINT_INFORMATION_REQUEST,
    ComplaintClass.COMPLAINT: DeadlineKind.COMPLAINT_COMPLAINT,
    ComplaintClass.DISPUTE: DeadlineKind.COMPLAINT_DISPUTE,
    ComplaintClass.DISPUTE_FIELD_CHECK: DeadlineKind.COMPLAINT_DISPUTE_FIELD_CHECK,
}


@attrs.frozen(kw_only=True)
class DeadlineOutcome(RuleResult):
    """A due date and how it was computed.

    ``skipped`` are the non-working days passed over (empty for calendar days); ``estimated``
    says an estimated holiday lies in or next to the window (``estimated_days``), so the due date
    may still move; ``cuti_bersama`` lists the cuti bersama in the window.
    """

    kind: DeadlineKind
    start: date
    due: date
    days: int
    unit: DayUnit
    skipped: tuple[CalendarDay, ...]
    estimated: bool
    estimated_days: tuple[CalendarDay, ...]
    cuti_bersama: tuple[CalendarDay, ...]

    def to_deadline(self) -> Deadline:
        """The value the domain records in its events."""
        return Deadline(self.due, self.rule, self.citation, self.explanation, self.estimated)

    def _fields(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "start": self.start,
            "due": self.due,
            "days": self.days,
            "unit": self.unit,
            "skipped": [_day_dict(d) for d in self.skipped],
            "estimated": self.estimated,
            "estimated_days": [_day_dict(d) for d in self.estimated_days],
            "cuti_bersama": [d.day.isoformat() for d in self.cuti_bersama],
        }


def _day_dict(day: CalendarDay) -> dict[str, Any]:
    return {
        "date": day.day.isoformat(),
        "reason": day.kind.value,
        "holidays": [h.name for h in day.holidays],
        "estimated": day.estimated,
    }


def deadline_rule(kind: DeadlineKind | str) -> Rule:
    """The rule (latest version declared) behind a kind of deadline."""
    return _SPECS[parse_enum(DeadlineKind, kind)].rule


def time_limit(
    kind: DeadlineKind | str, *, on: date, settings: PolicySettings = DEFAULT_SETTINGS
) -> str | None:
    """A kind of deadline's time limit in force on ``on`` as text, e.g. ``7 working days``;
    ``None`` when its rule is not in force on ``on`` (a limit is never applied outside its
    period)."""
    spec = _SPECS[parse_enum(DeadlineKind, kind)]
    if not spec.rule.in_force(require_date("on", on)):
        return None
    days = settings.resolve(spec.days, on).value
    unit = settings.resolve(spec.unit, on).value if spec.unit else DayUnit.WORKING
    return f"{days} {'working' if unit is DayUnit.WORKING else 'calendar'} days"


def deadline(
    kind: DeadlineKind | str,
    start: date,
    *,
    settings: PolicySettings = DEFAULT_SETTINGS,
    on: date | None = None,
    calendar: WorkingCalendar | None = None,
) -> DeadlineOutcome:
    """The due date of a ``kind`` of time limit that starts on ``start``.

    ``on`` picks the rule version and parameter values (default: ``start``). ``calendar`` sets
    the office's weekend, time zone and holiday-name language; whether cuti bersama count as
    working days always comes from ``settings`` (the ``calendar.cuti_bersama_are_working_days``
    parameter), so one switch governs every deadline.
    """
    kind = parse_enum(DeadlineKind, kind)
    require_date("start", start)
    when = start if on is None else require_date("on", on)
    return _deadline(kind, start, settings, when, calendar)


@lru_cache(maxsize=4096)
def _deadline(
    kind: DeadlineKind,
    start: date,
    settings: PolicySettings,
    when: date,
    calendar: WorkingCalendar | None,
) -> DeadlineOutcome:
    # Pure in its arguments, and a service asks the same few questions all day long.
    spec = _SPECS[kind]
    rule = in_force([spec.rule], spec.rule.id, when)
    days = settings.resolve(spec.days, when)
    unit = settings.resolve(spec.unit, when) if spec.unit else None
    cuti = settings.resolve(CUTI_BERSAMA_ARE_WORKING_DAYS, when)
    base = calendar or WorkingCalendar()
    cal = attrs.evolve(base, cuti_bersama_are_working_days=cuti.value,
                       local_days=(*base.local_days, *settings.local_days))
    day_unit = unit.value if unit else DayUnit.WORKING
    counted = (
        cal.add_working_days(start, days.value)
        if day_unit is DayUnit.WORKING
        else cal.add_calendar_days(start, days.value)
    )

    verified = rule.verified and days.verified and (unit is None or unit.verified)
    unit_text = "working days" if day_unit is DayUnit.WORKING else "calendar days"
    lines = [
        f"{spec.due_is.capitalize()}: {days.value} {unit_text} after {_day(start)} "
        f"({spec.start_is}; the start day is not counted).",
        f"Days: {days.describe()}.",
    ]
    if unit is not None:
        lines.append(f"Unit: {unit.describe()}" + (f" [{unit.note}]." if unit.note else "."))
    if counted.skipped:
        lines.append(
            f"Skipped {len(counted.skipped)} non-working day(s): "
            + ", ".join(d.describe() for d in counted.skipped) + "."
        )
    elif day_unit is DayUnit.WORKING:
        lines.append("No non-working day in the window.")
    if counted.cuti_bersama and day_unit is DayUnit.WORKING:
        # The result depends on a setting the law has not settled, whichever way it is set.
        verified = False
        treated = "working days" if cuti.value else "days off"
        lines.append(
            f"Cuti bersama in the window counted as {treated} "
            f"(calendar.cuti_bersama_are_working_days = {str(cuti.value).lower()}; "
            "unsettled for legal deadlines [unverified])."
        )
    if day_unit is DayUnit.CALENDAR:
        due_day = cal.classify(counted.end)
        if not due_day.is_working:
            lines.append(
                f"The due date is not a working day: {due_day.describe()}; no rule moving it "
                "was found, so it is not moved."
            )
    if counted.estimated_days:
        lines.append(
            "ESTIMATED: depends on holiday date(s) not yet confirmed: "
            + ", ".join(d.describe() for d in counted.estimated_days) + "."
        )
    if counted.gaps:
        lines.append("ESTIMATED: the holiday data may be incomplete: " + "; ".join(counted.gaps)
                     + ".")
    lines.append(f"Due: {_day(counted.end)}.")
    return DeadlineOutcome(
        rule=rule.ref, citation=rule.citation, verified=verified, explanation=" ".join(lines),
        kind=kind, start=start, due=counted.end, days=days.value,
        unit=day_unit, skipped=counted.skipped, estimated=counted.estimated,
        estimated_days=counted.estimated_days, cuti_bersama=counted.cuti_bersama,
    )


def complaint_deadline(
    classification: ComplaintClass | str,
    filed_on: date,
    *,
    settings: PolicySettings = DEFAULT_SETTINGS,
    on: date | None = None,
    calendar: WorkingCalendar | None = None,
) -> DeadlineOutcome:
    """The SP4N-LAPOR! service level for a complaint of ``classification`` filed on ``filed_on``.

    The first status response (3 days) and the Perpres 76/2013 resolution limit are separate
    kinds: ask :func:`deadline` for ``COMPLAINT_STATUS_RESPONSE`` or ``COMPLAINT_RESOLUTION``.
    """
    kind = _COMPLAINT_KINDS[parse_enum(ComplaintClass, classification)]
    return deadline(kind, filed_on, settings=settings, on=on, calendar=calendar)


def _day(d: date) -> str:
    return d.strftime("%a %Y-%m-%d")


RULES: tuple[Rule, ...] = tuple(spec.rule for spec in _SPECS.values())

__all__ = [
    "DayKind",
    "DeadlineKind",
    "DeadlineOutcome",
    "complaint_deadline",
    "deadline",
    "deadline_rule",
    "time_limit",
]
