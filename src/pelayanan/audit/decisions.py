"""Decisions and deadlines re-checked against the rules.

For every recorded decision (``DisciplinaryCase.Decided``) and every recorded deadline, the rule
is evaluated again on the facts the record held just before that event (the aggregate at the
previous version) and on the event's business date, which selects the rule version in force
then. Reported as *findings*: a cited rule version that was not in force on that date (or does
not exist), a different result from the cited version (another required punishment, another
due date), and a decision lighter than the rule required. Reported *separately*: what the rule
versions in force today would decide differently, which is information, not a fault.

Policy parameters overridden in a deployment are not recorded in events; the re-check uses the
``PolicySettings`` it is given (by default, the service's own).
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
from pelayanan.domain.values import WIB, Deadline, Punishment, RuleRef, local_date
from pelayanan.policy import deadlines
from pelayanan.policy.catalogue import rule_version
from pelayanan.policy.parameters import PolicySettings
from pelayanan.policy.punishment import check_decision
from pelayanan.policy.rule import RuleNotFound

PAGE = 1000


@attrs.frozen
class Discrepancy:
    """One disagreement between a record and the rules.

    ``kind``: ``rule_not_in_force``, ``rule_unknown``, ``rule_version_differs``,
    ``required_differs``, ``assessment_differs``, ``lighter_than_required``, ``deadline_differs``,
    ``time_order`` (an event out of the order of time, :mod:`pelayanan.audit.order`) (findings),
    or ``today_differs`` (the separate list).
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

    @property
    def clean(self) -> bool:
        return not self.findings

    def to_dict(self) -> dict[str, Any]:
        return {
            "decisions": self.decisions,
            "deadlines": self.deadlines,
            "clean": self.clean,
            "findings": [f.to_dict() for f in self.findings],
            "today_date": self.today_date,
            "today_would_differ": [f.to_dict() for f in self.today],
        }


# How each recorded deadline field is computed again, given the event and the record just before
# it: the same choices the service makes when recording. ``None`` when the facts are missing.
Recompute = Callable[[date], deadlines.DeadlineOutcome]
DeadlineSpec = Callable[[Any, Any], Recompute | None]
K = deadlines.DeadlineKind


def _limit(kind: K, start: date | None, policy: PolicySettings) -> Recompute | None:
    if start is None:
        return None
    return lambda on: deadlines.deadline(kind, start, settings=policy, on=on)


def _specs(policy: PolicySettings) -> dict[tuple[type, str], DeadlineSpec]:
    def objection(event: Any, case: Any) -> Recompute | None:
        punishment = None if case is None or case.decision is None else case.decision.punishment
        if punishment is None:
            return None
        kind = K.APPEAL if punishment is Punishment.PDH else K.OBJECTION
        return _limit(kind, event.delivered_on, policy)

    def classified(event: Any, complaint: Any) -> Recompute | None:
        if complaint is None:
            return None
        filed = local_date(complaint.filed_at)
        return lambda on: deadlines.complaint_deadline(
            event.classification, filed, settings=policy, on=on
        )

    return {
        (Complaint.Filed, "response_deadline"): lambda e, _: _limit(
            K.COMPLAINT_STATUS_RESPONSE, local_date(e.occurred_at), policy
        ),
        (Complaint.Classified, "deadline"): classified,
        (DisciplinaryCase.ClarificationRequested, "deadline"): lambda e, _: _limit(
            K.SUMMONS_EXAMINATION, e.letter_date, policy
        ),
        (DisciplinaryCase.ClarificationRequested, "letter_deadline"): lambda e, c: _limit(
            K.SECOND_SUMMONS, c.summonses[-1] if c is not None and c.summonses else None, policy
        ),
        (DisciplinaryCase.DecisionDelivered, "delivery_deadline"): lambda e, c: _limit(
            K.DECISION_DELIVERY, None if c is None else c.decided_on, policy
        ),
        (DisciplinaryCase.DecisionDelivered, "objection_deadline"): objection,
        (DisciplinaryCase.DecisionDelivered, "effective"): lambda e, _: _limit(
            K.PUNISHMENT_EFFECTIVE, e.delivered_on, policy
        ),
    }


DEADLINE_FIELDS: tuple[tuple[type, str], ...] = tuple(_specs(PolicySettings()))
"""Every (event class, field) holding a recorded deadline that is re-checked."""


def audit_decisions(
    app: Application[Any],
    *,
    settings: PolicySettings | None = None,
    today: date | None = None,
) -> DecisionAudit:
    """Re-check every decision and deadline in the log (streamed, in notification order)."""
    policy = settings or getattr(app, "policy", None) or PolicySettings()
    now = today or datetime.now(WIB).date()
    checker = _Checker(app, policy, now)
    topics = sorted(
        {get_topic(DisciplinaryCase.Decided)} | {get_topic(cls) for cls, _ in DEADLINE_FIELDS}
    )
    for event in _events(app, topics):
        checker.check(event)
    out_of_order = tuple(Discrepancy(**found) for found in time_order_findings(app))
    return DecisionAudit(
        checker.decisions,
        checker.deadlines,
        (*checker.findings, *out_of_order),
        tuple(checker.today),
        now.isoformat(),
    )


def _events(app: Application[Any], topics: list[str]) -> Iterator[Any]:
    start = 1
    while True:
        page = app.recorder.select_notifications(start, limit=PAGE, topics=topics)
        for notification in page:
            yield app.mapper.to_domain_event(notification)
        if len(page) < PAGE:
            return
        start = page[-1].id + 1


class _Checker:
    def __init__(self, app: Application[Any], policy: PolicySettings, today: date) -> None:
        self.app = app
        self.policy = policy
        self.today_date = today
        self.findings: list[Discrepancy] = []
        self.today: list[Discrepancy] = []
        self.decisions = 0
        self.deadlines = 0
        self.specs = _specs(policy)

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

    def check(self, event: Any) -> None:
        if isinstance(event, DisciplinaryCase.Decided):
            self.decisions += 1
            self._decision(event)
        for (cls, field), spec in self.specs.items():
            if type(event) is cls and getattr(event, field, None) is not None:
                self.deadlines += 1
                self._deadline(event, field, spec)

    def _required(self, case: Any, on: date) -> Any:
        return case.breach.required(on, self.policy)

    def _decision(self, event: Any) -> None:
        decision = event.decision
        on = local_date(event.occurred_at)
        case = self._before(event)
        if decision.rule is not None and not self._cited_rule(
            event, decision.rule, on, "the decision"
        ):
            return
        required = self._required(case, on) if case is not None else None
        if required is None:
            return
        if decision.rule is not None and required.rule != decision.rule:
            self.findings.append(
                self._finding(
                    "rule_version_differs",
                    event,
                    on,
                    f"the decision cites {decision.rule}; the rule in force on {on} is "
                    f"{required.rule}",
                    recorded=decision.rule,
                    recomputed=required.rule,
                )
            )
        need = getattr(required, "punishment", None)
        if decision.required != need:
            self.findings.append(
                self._finding(
                    "required_differs",
                    event,
                    on,
                    f"recorded as requiring {_v(decision.required)}; {required.rule} on the "
                    f"facts then requires {_v(need)}",
                    recorded=_v(decision.required),
                    recomputed=_v(need),
                )
            )
        check = check_decision(
            required, decision.punishment, on=on, settings=self.policy
        )
        if decision.assessment is not None and decision.assessment != check.assessment:
            self.findings.append(
                self._finding(
                    "assessment_differs",
                    event,
                    on,
                    f"recorded as {_v(decision.assessment)}; re-checked: {_v(check.assessment)}",
                    recorded=_v(decision.assessment),
                    recomputed=_v(check.assessment),
                )
            )
        if check.assessment.value == "lighter":
            self.findings.append(
                self._finding(
                    "lighter_than_required",
                    event,
                    on,
                    f"{_v(decision.punishment) or 'no punishment'} is lighter than "
                    f"{_v(need) or _v(getattr(required, 'level', None))} required by "
                    f"{required.rule}; the official who decided is liable (superior liability)",
                    recorded=_v(decision.punishment),
                    recomputed=_v(need),
                )
            )
        current = self._required(case, self.today_date)
        if current is not None and (
            getattr(current, "punishment", None) != need
            or getattr(current, "level", None) != getattr(required, "level", None)
        ):
            self.today.append(
                self._finding(
                    "today_differs",
                    event,
                    self.today_date,
                    f"{current.rule} (in force {self.today_date}) would require "
                    f"{_v(getattr(current, 'punishment', None)) or _v(current.level)} instead "
                    f"of {_v(need) or _v(getattr(required, 'level', None))}",
                    recorded=_v(need),
                    recomputed=_v(getattr(current, "punishment", None)),
                )
            )

    def _deadline(self, event: Any, field: str, spec: DeadlineSpec) -> None:
        recorded: Deadline = getattr(event, field)
        on = local_date(event.occurred_at)
        what = f"the {field.replace('_', ' ')}"
        if not self._cited_rule(event, recorded.rule, on, what):
            return
        recompute = spec(event, self._before(event))
        if recompute is None:
            return
        again = recompute(on)
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
        today = recompute(self.today_date)
        if today.due != again.due:
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
