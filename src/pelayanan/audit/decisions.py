"""Decisions and deadlines re-checked against the rules.

For every recorded decision (``DisciplinaryCase.Decided``) and every recorded deadline, the rule
is evaluated again on the facts the record held just before that event (the aggregate at the
previous version) and on the event's business date, which selects the rule version in force
then. Reported as *findings*: a cited rule version that was not in force on that date (or does
not exist), a different result from the cited version (another required punishment, another
due date), and a decision lighter than the rule required that was not flagged so when it was
recorded. Reported *separately*: decisions flagged as lighter when they were recorded whose
re-check agrees (the record is consistent; the deciding official's liability is known), and what
the rule versions in force today would decide differently, which is information, not a fault.

Each event is re-checked under the settings that were in force when it was recorded: the city's
settings changes are events too (``CitySettings.SettingsChanged``, from its configuration file),
so the settings of the latest change recorded before an event (in the log's order, the order of
recording) are the ones its rules ran under, read from the store without the auditor supplying
them. Before the first recorded change the law's own values were in force, unless the caller
says otherwise (``settings``); a store with no settings change at all is checked under
``settings`` or, by default, the service's own. The "today" comparison uses the settings in
force now (the latest change). A time let pass is judged the same way, under the settings in
force when it began to run: the authorised official's wait for a decision under those in force
when what made the case ready for decision was recorded (its examination, the BAP's report up or
the second no-show, whichever ``procedure.ready_for_decision`` counts from), the time for a
second summons under those in force when the no-show was recorded.

The organisation (who is whose superior, who holds which position) is part of the same record: a
settings change holds the city's positions, so the organisation in force where the log is read
is found the same way, with the settings. The authority recorded with a punishment and the body
that decided an objection are checked against the organisation in force when the decision was
recorded, and whether a BAP had to be reported up (and by when) against the organisation and
settings in force when the examination was recorded. Where the record holds no organisation:
in a store whose record names none at all, the service's own is used, as it always was; before
the first change naming positions in a store that records them, no organisation is known (not
the later one, which is what gave false flags). An ``organisation`` given by the caller is used
for every event instead of the record's. Without any, those checks are skipped.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date, datetime
from typing import Any

import attrs
from eventsourcing.application import Application
from eventsourcing.utils import get_topic

from pelayanan.audit.asof import aggregate_as_of
from pelayanan.audit.order import time_order_findings
from pelayanan.domain.complaint import Complaint
from pelayanan.domain.discipline import DisciplinaryCase
from pelayanan.domain.errors import InvalidValue, NotFound, WrongAppealBody
from pelayanan.domain.office import Office
from pelayanan.domain.organisation import Organisation, UnknownPosition
from pelayanan.domain.settings import CitySettings
from pelayanan.domain.values import WIB, Assessment, Deadline, RuleRef, local_date
from pelayanan.policy import appeals, authority, procedure
from pelayanan.policy.catalogue import rule_version
from pelayanan.policy.config import CityConfig, config_from_content
from pelayanan.policy.deadlines import DeadlineOutcome
from pelayanan.policy.parameters import PolicySettings
from pelayanan.policy.rule import RuleNotFound

PAGE = 1000


@attrs.frozen
class Discrepancy:
    """One disagreement between a record and the rules.

    ``kind``: ``rule_not_in_force``, ``rule_unknown``, ``rule_version_differs``,
    ``required_differs``, ``assessment_differs``, ``lighter_than_required``, ``deadline_differs``,
    ``time_order`` (an event out of the order of time, :mod:`pelayanan.audit.order`),
    ``punished_without_examination``, ``tim_pemeriksa_missing``, ``no_authority`` (the
    recorded deciding position held no authority over the punishment under the organisation in
    force), ``authority_differs`` (it did, by another grant or over another position than the
    one recorded, or that organisation lacks a position it names), ``superior_liability`` (an
    examination date or a second summons let pass, the time for the second counted under the
    settings in force when the no-show was recorded), ``bap_not_reported`` (an atasan langsung
    without authority over the punishment expected who did not report the BAP up in time),
    ``decision_not_taken`` (an authorised official who did not decide a case ready for decision
    within the waiting time in force when it became ready), ``provider_fix_overdue`` (a UU
    25/2009 teguran tertulis whose time to fix passed with neither the fix nor pembebasan dari
    jabatan recorded),
    ``pay_stop_below_threshold``, ``pay_stop_date_differs``, ``temporary_release_not_allowed``,
    ``effective_before_rule``, ``not_appealable``, ``objection_late_differs``,
    ``objection_undecided``, ``objection_made_heavier`` (a heavier change the settings do not
    allow), ``objection_body_differs`` (findings), ``flagged_at_recording`` (a lighter decision
    recorded as lighter and still found so: consistent), ``objection_decided_late`` and
    ``objection_made_heavier`` (recorded late, or made heavier where allowed: consistent) or
    ``today_differs`` (the separate lists).
    """

    kind: str
    aggregate_id: str
    version: int
    event: str
    on: str
    message: str
    recorded: str | None = None
    recomputed: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return attrs.asdict(self)


@attrs.frozen
class DecisionAudit:
    decisions: int
    deadlines: int
    findings: tuple[Discrepancy, ...]
    today: tuple[Discrepancy, ...]
    today_date: str
    flagged: tuple[Discrepancy, ...] = ()
    """Decisions recorded as lighter than required and re-checked so: consistent, not findings."""

    @property
    def clean(self) -> bool:
        """No inconsistency (flagged decisions that the re-check confirms are consistent)."""
        return not self.findings

    def to_dict(self) -> dict[str, Any]:
        return {
            "decisions": self.decisions,
            "deadlines": self.deadlines,
            "clean": self.clean,
            "findings": [f.to_dict() for f in self.findings],
            "flagged_at_recording": [f.to_dict() for f in self.flagged],
            "today_date": self.today_date,
            "today_would_differ": [f.to_dict() for f in self.today],
        }


# Which facts each event's recorded deadlines are computed from: the event's own fields and the
# record just before it (None for a record's first event). The computing itself is
# policy.procedure's, the very functions the service calls when it records the event.
Recheck = Callable[[Any, Any, date, PolicySettings], Any]


def _filed(event: Any, before: Any, on: date, policy: PolicySettings) -> Any:
    return procedure.complaint_filed(event.occurred_at, settings=policy, on=on)


def _classified(event: Any, complaint: Any, on: date, policy: PolicySettings) -> Any:
    if complaint is None:
        return None
    return procedure.complaint_classified(complaint, event.classification, on=on, settings=policy)


def _summoned(event: Any, case: Any, on: date, policy: PolicySettings) -> Any:
    return procedure.clarification_requested(case, event.letter_date, on=on, settings=policy)


def _delivered(event: Any, case: Any, on: date, policy: PolicySettings) -> Any:
    return procedure.decision_delivered(case, event.delivered_on, on=on, settings=policy)


def _sanctioned(event: Any, office: Any, on: date, policy: PolicySettings) -> Any:
    # The day to fix by counts from the teguran's own date, whichever day the rules are read on.
    return procedure.provider_sanctioned(
        event.sanction, local_date(event.occurred_at), settings=policy
    )


def _objected(event: Any, case: Any, on: date, policy: PolicySettings) -> Any:
    return procedure.objection_filed(event.objection.value, event.filed_on, on=on, settings=policy)


def _objection_decided(event: Any, case: Any, on: date, policy: PolicySettings) -> Any:
    if case is None:
        return None
    return procedure.objection_decided(
        _standing_after(event, case), local_date(event.occurred_at), on=on, settings=policy
    )


def _standing_after(event: Any, case: Any) -> Any:
    """The punishment that stands after an objection decision."""
    outcome = event.outcome.value
    if outcome == "upheld":
        return case.punishment
    return event.punishment if outcome == "changed" else None


RECHECKED: dict[type, tuple[type, Recheck]] = {
    Complaint.Filed: (procedure.FilingDeadlines, _filed),
    Complaint.Classified: (procedure.ClassificationDeadlines, _classified),
    DisciplinaryCase.ClarificationRequested: (procedure.SummonsDeadlines, _summoned),
    DisciplinaryCase.DecisionDelivered: (procedure.DeliveryDeadlines, _delivered),
    Office.ProviderSanctioned: (procedure.ProviderSanctionTerms, _sanctioned),
    DisciplinaryCase.ObjectionFiled: (procedure.ObjectionDeadlines, _objected),
    DisciplinaryCase.ObjectionDecided: (procedure.ObjectionDecisionDeadlines, _objection_decided),
}
"""Each event class with recorded deadlines: the procedure result naming its deadline fields,
and how to ask the procedure for them again."""

DEADLINE_FIELDS: tuple[tuple[type, str], ...] = tuple(
    (cls, field.name) for cls, (result, _) in RECHECKED.items() for field in attrs.fields(result)
)
"""Every (event class, field) holding a recorded deadline that is re-checked."""


READY: tuple[type, ...] = (
    DisciplinaryCase.ExaminationRecorded,
    DisciplinaryCase.BapReported,
    DisciplinaryCase.NoShowRecorded,
)
"""Events from which a case may be ready for decision (``procedure.ready_for_decision``)."""


MEASURES: tuple[type, ...] = (
    DisciplinaryCase.Decided,
    DisciplinaryCase.PayStopped,
    DisciplinaryCase.TemporarilyReleased,
    DisciplinaryCase.PunishmentTookEffect,
)
"""Events whose rule is re-checked on the facts before them (besides recorded deadlines)."""


def audit_decisions(
    app: Application[Any],
    *,
    settings: PolicySettings | None = None,
    today: date | None = None,
    progress: Callable[[int], None] | None = None,
    organisation: Organisation | None = None,
) -> DecisionAudit:
    """Re-check every decision and deadline in the log (streamed, in notification order), each
    under the settings in force when it was recorded (see the module's docstring; ``settings``
    are those before the first recorded settings change), and flag, as of ``today``, the
    liability of officials who let a time pass, each time counted under the settings in force
    when it began to run.

    ``organisation``: check every event under this organisation instead of the one on the
    record when it was recorded (to ask what another organisation would have made of the
    record). Without it, each event is checked under the organisation of the latest settings
    change recorded before it (none before the first), and in a store whose settings changes
    name no organisation at all under the service's own.

    ``progress`` is told the notification id reached after each page read."""
    history = settings_history(app)
    if settings is not None:
        before = settings
    elif history:
        before = PolicySettings()
    else:
        before = getattr(app, "policy", None) or PolicySettings()
    now = today or datetime.now(WIB).date()
    checker = _Checker(
        app, before, now, history, organisation, getattr(app, "organisation", None)
    )
    topics = sorted(
        {get_topic(cls) for cls in MEASURES}
        | {get_topic(cls) for cls in READY}
        | {get_topic(Office.ProviderSanctioned)}
        | {get_topic(cls) for cls, _ in DEADLINE_FIELDS}
    )
    for position, event in _events(app, topics, progress):
        checker.at(position)
        checker.check(event)
    checker.at(None)
    checker.examinations_missed()
    checker.officials_liable()
    checker.provider_fixes_overdue()
    checker.objections_undecided()
    out_of_order = tuple(Discrepancy(**found) for found in time_order_findings(app))
    return DecisionAudit(
        checker.decisions,
        checker.deadlines,
        (*checker.findings, *out_of_order),
        tuple(checker.today),
        now.isoformat(),
        tuple(checker.flagged),
    )


def settings_history(app: Application[Any]) -> list[tuple[int, CityConfig]]:
    """Each recorded change of the city's settings: its log position and the configuration it
    put in force (its settings and its organisation), in the order recorded."""
    topic = get_topic(CitySettings.SettingsChanged)
    return [
        (position, config_from_content(event.content))
        for position, event in _events(app, [topic])
    ]


def _events(
    app: Application[Any], topics: list[str], progress: Callable[[int], None] | None = None
) -> Iterator[tuple[int, Any]]:
    start = 1
    while True:
        page = app.recorder.select_notifications(start, limit=PAGE, topics=topics)
        for notification in page:
            yield notification.id, app.mapper.to_domain_event(notification)
        if progress is not None and page:
            progress(page[-1].id)
        if len(page) < PAGE:
            return
        start = page[-1].id + 1


class _Checker:
    def __init__(
        self,
        app: Application[Any],
        before: PolicySettings,
        today: date,
        history: list[tuple[int, CityConfig]],
        given: Organisation | None = None,
        own: Organisation | None = None,
    ) -> None:
        self.app = app
        self.before = before
        self.history = history
        self.given = given  # the caller's: used everywhere instead of the record's
        # The service's own organisation stands in only for a record that names none at all:
        # before the first one a record names, which organisation was used is not known.
        self.own = None if any(c.organisation for _, c in history) else own
        self.policy = before  # the settings in force where the log is being read
        self.organisation = given or self.own  # the organisation in force there
        self.current = history[-1][1].settings if history else before  # in force now
        # Each examined case: the settings and organisation in force when its latest
        # examination was recorded, under which a BAP report up was or was not due.
        self.examined_under: dict[Any, tuple[PolicySettings, Organisation | None]] = {}
        # Each case, by each day it may have become ready for decision from (an examination,
        # the BAP's report up, a second no-show's examination date): the settings in force when
        # that was recorded (the later recorded of one day's), under which the authorised
        # official's wait ran.
        self.ready_under: dict[Any, dict[date, PolicySettings]] = {}
        # Each case with a no-show: the settings in force when its latest no-show was recorded.
        self.no_show_under: dict[Any, PolicySettings] = {}
        self.sanctioned: dict[Any, None] = {}  # office ids with UU 25/2009 sanctions
        self.today_date = today
        self.findings: list[Discrepancy] = []
        self.flagged: list[Discrepancy] = []
        self.today: list[Discrepancy] = []
        self.decisions = 0
        self.deadlines = 0
        # Case ids, in log order: the examination date of each case's latest summons.
        self.summoned: dict[Any, date] = {}
        self.objected: dict[Any, None] = {}  # case ids with an objection filed, in log order

    def at(self, position: int | None) -> None:
        """Read on at log ``position`` (None: past the end): the settings and organisation in
        force there are those of the latest change recorded before it."""
        policy, organisation = self.before, None
        for changed, config in self.history:
            if position is not None and changed > position:
                break
            policy, organisation = config.settings, config.organisation
        self.policy = policy
        self.organisation = self.given or organisation or self.own

    def _before(self, event: Any) -> Any:
        if event.originator_version <= 1:
            return None
        return aggregate_as_of(
            self.app, event.originator_id, version=event.originator_version - 1
        ).aggregate

    def _finding(self, kind: str, event: Any, on: date, message: str, **values: Any) -> Discrepancy:
        return Discrepancy(
            kind,
            str(event.originator_id),
            event.originator_version,
            type(event).__qualname__,
            on.isoformat(),
            message,
            **{k: None if v is None else str(v) for k, v in values.items()},
        )

    def _cited_rule(self, event: Any, cited: RuleRef, on: date, what: str) -> bool:
        """Is the cited version known and in force on ``on``? Records a finding if not."""
        try:
            rule = rule_version(cited.rule_id, cited.version)
        except RuleNotFound:
            self.findings.append(
                self._finding(
                    "rule_unknown",
                    event,
                    on,
                    f"{what} cites {cited}, which no rule catalogue version defines",
                    recorded=cited,
                )
            )
            return False
        if not rule.in_force(on):
            self.findings.append(
                self._finding(
                    "rule_not_in_force",
                    event,
                    on,
                    f"{what} cites {cited}, in force {rule.period}, not on {on}",
                    recorded=cited,
                )
            )
            return False
        return True

    # ------------------------------------------------------------------ events

    def examinations_missed(self) -> None:
        """Superior liability: a summons whose examination date passed before ``today`` with no
        examination, no-show or decision recorded, or a no-show followed by no second summons
        within the time in force when the no-show was recorded. The atasan langsung who does not
        examine is liable (superior liability; docs/sources.md#bpk-handbook)."""
        for case_id in self.summoned:
            case: Any = self.app.repository.get(case_id)
            if case.closed or case.decision is not None or not case.summonses:
                continue
            exam = case.summonses[-1]
            if case.examined or exam >= self.today_date:
                continue
            if not case.no_show_pending:
                missed = f"the examination date {exam} passed with no examination, no-show or"
            elif len(case.summonses) == 1:
                # The time for the second summons ran from the no-show: under the settings in
                # force when the no-show was recorded, as every event is checked under those of
                # its recording (in the log's order). The examination date that passed is a
                # business date, by which the audit never picks settings; it still picks the
                # rule version (``on``), as for every deadline.
                policy = self.no_show_under.get(case_id, self.policy)
                due = procedure.clarification_requested(
                    case, exam, on=exam, settings=policy
                ).letter_deadline
                if due is None or due.due >= self.today_date:
                    continue
                missed = f"after the no-show on {exam}, no second summons by {due.due} and no"
            else:
                continue  # two no-shows: the decision on the evidence has no time limit
            self.findings.append(
                Discrepancy(
                    "superior_liability",
                    str(case.id),
                    case.version,
                    "DisciplinaryCase",
                    self.today_date.isoformat(),
                    f"case {case.case_number}: {missed} decision recorded; the atasan langsung "
                    "who does not summon or examine is liable (superior liability)",
                    recorded=exam.isoformat(),
                )
            )

    def _liable(self, kind: str, record: Any, message: str, recorded: Any) -> None:
        self.findings.append(
            Discrepancy(
                kind,
                str(record.id),
                record.version,
                type(record).__name__,
                self.today_date.isoformat(),
                message,
                recorded=None if recorded is None else str(recorded),
            )
        )

    def officials_liable(self) -> None:
        """An atasan langsung who did not report the BAP up in time (``perbkn6.bap_report``), and
        an authorised official who did not decide in time (``pp94.authorised_decision``, the wait
        in force when the case became ready for decision), as of ``today``: both are punished by
        their own superior (PP 94/2021)."""
        for case_id in self.summoned:
            case: Any = self.app.repository.get(case_id)
            reported = getattr(case, "bap_reported_on", None)
            policy, organisation = self.examined_under.get(
                case_id, (self.policy, self.organisation)
            )
            report = procedure.bap_report_due(case, organisation, settings=policy)
            if report is not None and report.due < self.today_date and (
                reported is None or reported > report.due
            ):
                when = "was not reported" if reported is None else f"was reported on {reported}"
                self._liable(
                    "bap_not_reported",
                    case,
                    f"case {case.case_number}: the BAP of {case.examined_on} {when}, after "
                    f"{report.due}, the latest day to report it up ({report.rule}); the atasan "
                    "langsung lacks authority over the punishment expected and is liable "
                    "(superior liability)",
                    report.due,
                )
            # The wait ran from the day the case became ready for decision: under the settings
            # in force when what made it ready was recorded.
            ready = procedure.ready_for_decision(case)
            under = self.ready_under.get(case_id, {})
            waited = self.policy if ready is None else under.get(ready, self.policy)
            due = procedure.decision_due(case, settings=waited)
            if due is None or due.due >= self.today_date:
                continue
            if case.decision is not None and case.decided_on <= due.due:
                continue
            when = (
                "no decision was recorded"
                if case.decision is None
                else f"the decision came on {case.decided_on}"
            )
            self._liable(
                "decision_not_taken",
                case,
                f"case {case.case_number}: ready for decision, and by {due.due} ({due.rule}, a "
                f"waiting time the sources do not set [unverified]) {when}; the authorised "
                "official who does not decide is liable (superior liability)",
                due.due,
            )

    def provider_fixes_overdue(self) -> None:
        """A UU 25/2009 teguran tertulis whose day to fix passed before ``today`` with neither a
        recorded fix nor pembebasan dari jabatan (``uu25.provider_sanction``)."""
        for office_id in self.sanctioned:
            office: Any = self.app.repository.get(office_id)
            for reference, sanction in office.provider_sanctions.items():
                fix_by = sanction["fix_by"]
                if fix_by is None or fix_by >= self.today_date:
                    continue
                fixed = sanction["fixed_on"]
                if sanction["followed_by"] is not None or (fixed is not None and fixed <= fix_by):
                    continue
                when = "no fix was recorded" if fixed is None else f"the fix came on {fixed}"
                self._liable(
                    "provider_fix_overdue",
                    office,
                    f"{office.name}: the teguran tertulis {reference} (UU 25/2009 Pasal 54) gave "
                    f"until {fix_by} to fix the failure; {when} and no pembebasan dari jabatan "
                    "followed",
                    fix_by,
                )
    def objections_undecided(self) -> None:
        """A keberatan or banding still pending after the deciding body's window: flagged (no
        consequence of the body's silence was read in PP 79/2021, so none is applied)."""
        for case_id in self.objected:
            case: Any = self.app.repository.get(case_id)
            due = getattr(case, "objection_decision_deadline", None)
            if not case.objection_pending or due is None or due.due >= self.today_date:
                continue
            self.findings.append(
                Discrepancy(
                    "objection_undecided",
                    str(case.id),
                    case.version,
                    "DisciplinaryCase",
                    self.today_date.isoformat(),
                    f"case {case.case_number}: the {case.objection.value} filed on "
                    f"{case.objection_filed_on} was not decided by {due.due} ({due.rule})",
                    recorded=due.due.isoformat(),
                )
            )

    def _objection(self, event: Any) -> None:
        """Re-check a recorded objection or its decision through policy.procedure: the route the
        rule in force opened, who decided, the deciding body's lateness, a heavier change."""
        on = local_date(event.occurred_at)
        case = self._before(event)
        if case is None:
            return
        if isinstance(event, DisciplinaryCase.ObjectionFiled):
            self.objected.setdefault(event.originator_id, None)
            route = procedure.objection_route(case.punishment, on=on, settings=self.policy)
            if route is not None and not route.admissible:
                self.findings.append(self._finding(
                    "not_appealable", event, on,
                    f"a {event.objection.value} was recorded against {_v(case.punishment)}, "
                    f"which the rule in force on {on} does not open to it ({route.rule})",
                    recorded=event.objection.value,
                ))
            return
        due = getattr(case, "objection_decision_deadline", None)
        late = due is not None and on > due.due
        if late != event.late:
            self.findings.append(self._finding(
                "objection_late_differs", event, on,
                f"decided on {on}, recorded as late={event.late}; the window closed on "
                f"{due.due if due else None}",
                recorded=event.late, recomputed=late,
            ))
        elif late:
            # Recorded late and found late: consistent, listed apart like a flagged decision.
            self.flagged.append(self._finding(
                "objection_decided_late", event, on,
                f"the {_v(case.objection)} was decided on {on}, after its window closed on "
                f"{due.due if due else None} ({due.rule if due else None}); flagged, no "
                "consequence applied",
                recorded=on,
            ))
        if event.body is not None and case.objection is not None:
            expected = self._expected_body(case)
            if expected is not None and expected != event.body:
                self.findings.append(self._finding(
                    "objection_body_differs", event, on,
                    f"decided by {event.body}; the rule names {expected}",
                    recorded=event.body, recomputed=expected,
                ))
        if event.outcome.value == "changed" and case.punishment and event.punishment:
            change = appeals.objection_change(
                case.punishment, event.punishment, on=on, settings=self.policy
            )
            if change.direction is appeals.Direction.HEAVIER:
                # Allowed by the settings: flagged, consistent; not allowed: a finding.
                (self.flagged if change.allowed else self.findings).append(self._finding(
                    "objection_made_heavier", event, on,
                    f"{_v(case.punishment)} was changed on objection to the heavier "
                    f"{_v(event.punishment)}: {change.explanation}",
                    recorded=_v(event.punishment), recomputed=_v(case.punishment),
                ))

    def _expected_body(self, case: Any) -> str | None:
        """The body the rule names for the case's objection under the organisation in force
        (None where it cannot be known: no organisation, or one without the punisher's
        position)."""
        organisation = self.organisation
        try:
            return procedure.objection_body(
                case.objection.value, case, official=None, organisation=organisation
            )
        except WrongAppealBody:
            # A keberatan needs a named official; the one the rule names is the superior.
            assert organisation is not None and case.authority is not None
            punisher = organisation.position(case.authority.official_position)
            return (organisation.direct_superior(punisher.id) or punisher).id
        except UnknownPosition:
            return None

    def _ready(self, event: Any) -> None:
        """Note the settings in force where ``event`` is recorded under the day it makes its
        case ready for decision from, as ``procedure.ready_for_decision`` counts it: the day of
        an examination or a report up, the examination date of a second summons not attended."""
        if isinstance(event, DisciplinaryCase.NoShowRecorded):
            ready = self.summoned.get(event.originator_id) if event.summons >= 2 else None
        else:
            ready = local_date(event.occurred_at)
        if ready is not None:
            self.ready_under.setdefault(event.originator_id, {})[ready] = self.policy

    def check(self, event: Any) -> None:
        if isinstance(event, Office.ProviderSanctioned):
            self.sanctioned.setdefault(event.originator_id, None)
        if isinstance(event, DisciplinaryCase.ClarificationRequested):
            self.summoned[event.originator_id] = event.examination_date
        if isinstance(event, DisciplinaryCase.ExaminationRecorded):
            self.examined_under[event.originator_id] = (self.policy, self.organisation)
        if isinstance(event, DisciplinaryCase.NoShowRecorded):
            self.no_show_under[event.originator_id] = self.policy
        if isinstance(event, READY):
            self._ready(event)
        if isinstance(event, DisciplinaryCase.ObjectionFiled | DisciplinaryCase.ObjectionDecided):
            self._objection(event)
        if isinstance(event, DisciplinaryCase.Decided):
            self.decisions += 1
            self._decision(event)
        elif isinstance(event, DisciplinaryCase.PayStopped):
            self._pay_stop(event)
        elif isinstance(event, DisciplinaryCase.TemporarilyReleased):
            self._release(event)
        elif isinstance(event, DisciplinaryCase.PunishmentTookEffect):
            self._took_effect(event)
        entry = RECHECKED.get(type(event))
        if entry is None:
            return
        result, recheck = entry
        on = local_date(event.occurred_at)
        rechecked: list[Any] = []  # (on the event's date, today), computed when first needed
        for field in attrs.fields(result):
            recorded: Deadline | None = getattr(event, field.name, None)
            if recorded is None:
                continue
            self.deadlines += 1
            what = f"the {field.name.replace('_', ' ')}"
            if not self._cited_rule(event, recorded.rule, on, what):
                continue
            if not rechecked:
                before = self._before(event)
                rechecked = [
                    recheck(event, before, on, self.policy),
                    recheck(event, before, self.today_date, self.current),
                ]
            then, now = rechecked
            if then is not None:  # None: the record before the event is missing
                self._deadline(
                    event, what, on, recorded, getattr(then, field.name), getattr(now, field.name)
                )

    def _pay_stop(self, event: Any) -> None:
        """A pay stop below the threshold of the rule in force then, or from another day."""
        on = local_date(event.occurred_at)
        if not self._cited_rule(event, event.grounds.rule, on, "the pay stop"):
            return
        case = self._before(event)
        if case is None:
            return
        again = procedure.pay_stop(case, event.ordered_on, on=on, settings=self.policy)
        if not again.allowed:
            self.findings.append(
                self._finding(
                    "pay_stop_below_threshold",
                    event,
                    on,
                    f"pay was stopped on a run of {again.consecutive_days} consecutive working "
                    f"days absent; {again.rule} requires {again.threshold}",
                    recorded=again.consecutive_days,
                    recomputed=again.threshold,
                )
            )
        if again.stops_from != event.stops_from:
            self.findings.append(
                self._finding(
                    "pay_stop_date_differs",
                    event,
                    on,
                    f"pay was recorded as stopping from {event.stops_from}; {again.rule} stops "
                    f"it from {again.stops_from}",
                    recorded=event.stops_from,
                    recomputed=again.stops_from,
                )
            )

    def _release(self, event: Any) -> None:
        """A pembebasan sementara the rule did not allow: the level expected, or before the
        examination had begun."""
        on = local_date(event.occurred_at)
        if not self._cited_rule(event, event.grounds.rule, on, "the pembebasan sementara"):
            return
        case = self._before(event)
        if case is None:
            return
        again = procedure.temporary_release(case, on=on, settings=self.policy)
        problems = []
        if not again.allowed:
            expected = _v(again.expected) or "no level"
            problems.append(f"the punishment expected is {expected}, which {again.rule} does not "
                            "allow")
        if not case.examination_begun(event.released_from):
            problems.append(f"the examination had not begun by {event.released_from}")
        if problems:
            self.findings.append(
                self._finding(
                    "temporary_release_not_allowed",
                    event,
                    on,
                    "pembebasan sementara recorded although " + "; ".join(problems),
                    recorded=_v(event.expected_level),
                    recomputed=_v(again.expected),
                )
            )

    def _took_effect(self, event: Any) -> None:
        """A punishment in effect before the day the rule sets: from receipt of the decree, or
        from the decision on an objection filed against it (one rule home,
        :func:`procedure.earliest_effect`, as the case uses)."""
        on = local_date(event.occurred_at)
        case = self._before(event)
        if case is None:
            return
        earliest = procedure.earliest_effect(case, on=on, settings=self.policy)
        if earliest is None or event.effective_from >= earliest.due:
            return
        counted_from = (
            f"the decree was received on {case.delivered_on}" if case.objection is None
            else f"the {case.objection.value} was decided on {case.objection_decided_on}"
        )
        self.findings.append(
            self._finding(
                "effective_before_rule",
                event,
                on,
                f"the punishment took effect on {event.effective_from}, before "
                f"{earliest.due} ({earliest.rule}: day {earliest.days} after {counted_from}, "
                f"{earliest.unit.value.replace('_', ' ')})",
                recorded=event.effective_from,
                recomputed=earliest.due,
            )
        )

    def _review(
        self, case: Any, punishment: Any, on: date, policy: PolicySettings | None = None
    ) -> procedure.DecisionReview:
        return procedure.review_decision(
            case.breach, punishment, on=on, settings=policy or self.policy
        )

    def _due_process(self, event: Any, case: Any, punishment: Any, on: date) -> None:
        """A punishment recorded without the examination the procedure requires: possible in a
        store written before the service refused it, so it is flagged here, never refused on
        load."""
        if punishment is None:
            return
        examined = getattr(case, "examined", False)
        if not examined and case.no_shows < 2:
            self.findings.append(
                self._finding(
                    "punished_without_examination",
                    event,
                    on,
                    f"{_v(punishment)} was decided with no examination (BAP) and fewer than two "
                    "no-shows recorded; a clarification is not an examination "
                    "(perbkn6.examination)",
                    recorded=_v(punishment),
                )
            )
        elif examined and not getattr(case, "examined_by_tim", False) and procedure.tim_required(
            punishment, on=on, settings=self.policy
        ):
            self.findings.append(
                self._finding(
                    "tim_pemeriksa_missing",
                    event,
                    on,
                    f"{_v(punishment)} was decided after an examination by the atasan alone; "
                    "its level needs a tim pemeriksa (perbkn6.examination)",
                    recorded=_v(punishment),
                )
            )

    def _authority(self, event: Any, case: Any, punishment: Any, on: date) -> None:
        """The authority recorded with a decision (``pp94.punishing_authority``), asked again of
        the organisation and settings in force when it was recorded. A decision recorded without
        an authority (no organisation known to its service) is not checked."""
        recorded = getattr(case, "authority", None)
        organisation = self.organisation
        if recorded is None or punishment is None or organisation is None:
            return
        official = recorded.official_position
        try:
            subject = organisation.held_by(case.nip).id
            outcome = authority.who_may_punish(
                punishment, subject, organisation, on=on, official=official, settings=self.policy
            )
        except (NotFound, InvalidValue) as exc:
            self.findings.append(self._finding(
                "authority_differs", event, on,
                f"the decision records the authority of {official} over "
                f"{recorded.subject_position}; in the organisation in force then: {exc}",
                recorded=official,
            ))
            return
        if not outcome.granted:
            may = "; ".join(a.describe() for a in outcome.authorised) or "nobody"
            self.findings.append(self._finding(
                "no_authority", event, on,
                f"{official} decided {_v(punishment)}, over which the organisation in force "
                f"on {on} gives it no authority ({outcome.rule}); may impose it: {may}",
                recorded=official,
            ))
            return
        again = outcome.authority()
        if (again.subject_position, again.grant, again.rule) != (
            recorded.subject_position, recorded.grant, recorded.rule
        ):
            self.findings.append(self._finding(
                "authority_differs", event, on,
                f"the decision records {official}'s authority over "
                f"{recorded.subject_position} by '{recorded.grant}' ({recorded.rule}); "
                f"re-checked: over {again.subject_position} by '{again.grant}' ({again.rule})",
                recorded=recorded.grant, recomputed=again.grant,
            ))

    def _decision(self, event: Any) -> None:
        decision = event.decision
        on = local_date(event.occurred_at)
        case = self._before(event)
        if decision.rule is not None and not self._cited_rule(
            event, decision.rule, on, "the decision"
        ):
            return
        if case is None:
            return
        self._due_process(event, case, decision.punishment, on)
        self._authority(event, case, decision.punishment, on)
        review = self._review(case, decision.punishment, on)
        required = review.requirement
        if required is None:
            return
        if decision.rule is not None and review.rule != decision.rule:
            self.findings.append(
                self._finding(
                    "rule_version_differs",
                    event,
                    on,
                    f"the decision cites {decision.rule}; the rule in force on {on} is "
                    f"{review.rule}",
                    recorded=decision.rule,
                    recomputed=review.rule,
                )
            )
        need = review.required
        if decision.required != need:
            self.findings.append(
                self._finding(
                    "required_differs",
                    event,
                    on,
                    f"recorded as requiring {_v(decision.required)}; {review.rule} on the "
                    f"facts then requires {_v(need)}",
                    recorded=_v(decision.required),
                    recomputed=_v(need),
                )
            )
        if decision.assessment is not None and decision.assessment != review.assessment:
            self.findings.append(
                self._finding(
                    "assessment_differs",
                    event,
                    on,
                    f"recorded as {_v(decision.assessment)}; re-checked: {_v(review.assessment)}",
                    recorded=_v(decision.assessment),
                    recomputed=_v(review.assessment),
                )
            )
        if review.assessment is Assessment.LIGHTER:
            # Recorded as lighter, and still lighter: the record says what it is (consistent).
            flagged = decision.assessment is Assessment.LIGHTER
            decided = _v(decision.punishment)
            needed = _v(need) or f"a {_v(review.level)} punishment"
            (self.flagged if flagged else self.findings).append(
                self._finding(
                    "flagged_at_recording" if flagged else "lighter_than_required",
                    event,
                    on,
                    f"{'decided ' + decided if decided else 'no punishment was decided'} where "
                    f"{review.rule} requires {needed}: lighter than required"
                    + (", flagged when recorded" if flagged else "")
                    + "; the official who decided is liable (superior liability)",
                    recorded=decided,
                    recomputed=_v(need),
                )
            )
        current = self._review(case, decision.punishment, self.today_date, self.current)
        if current.requirement is not None and (
            current.required != need or current.level != review.level
        ):
            self.today.append(
                self._finding(
                    "today_differs",
                    event,
                    self.today_date,
                    f"{current.rule} (in force {self.today_date}) would require "
                    f"{_v(current.required) or _v(current.level)} instead "
                    f"of {_v(need) or _v(review.level)}",
                    recorded=_v(need),
                    recomputed=_v(current.required),
                )
            )

    def _deadline(
        self,
        event: Any,
        what: str,
        on: date,
        recorded: Deadline,
        again: DeadlineOutcome | None,
        today: DeadlineOutcome | None,
    ) -> None:
        if again is None:  # the facts before the event do not call for this deadline
            return
        if again.rule != recorded.rule or again.due != recorded.due:
            self.findings.append(
                self._finding(
                    "deadline_differs",
                    event,
                    on,
                    f"{what} was recorded as {recorded.due} ({recorded.rule}); recomputed: "
                    f"{again.due} ({again.rule})",
                    recorded=recorded.due,
                    recomputed=again.due,
                )
            )
        if today is not None and today.due != again.due:
            self.today.append(
                self._finding(
                    "today_differs",
                    event,
                    self.today_date,
                    f"{what}: {today.rule} (in force {self.today_date}) would set {today.due} "
                    f"instead of {again.due}",
                    recorded=again.due,
                    recomputed=today.due,
                )
            )


def _v(value: Any) -> str | None:
    if value is None:
        return None
    return str(getattr(value, "value", value))
