"""policy/procedure.py is the one home of "which rule and deadline apply to a fact".

The service records with it and the decisions audit re-checks with it; these tests pin that every
deadline an event records is one the procedure computes and the audit re-checks.
"""

from __future__ import annotations

import typing
from datetime import date

from pelayanan import Complaint, DisciplinaryCase, Office
from pelayanan.audit.decisions import DEADLINE_FIELDS
from pelayanan.domain.inspection import Inspection
from pelayanan.domain.values import Deadline, Punishment
from pelayanan.policy import procedure
from pelayanan.policy.deadlines import DeadlineKind
from pelayanan.policy.parameters import PolicySettings


def _deadline_fields(aggregate: type) -> set[tuple[type, str]]:
    found = set()
    for value in vars(aggregate).values():
        if isinstance(value, type) and hasattr(value, "__annotations__"):
            for name, kind in typing.get_type_hints(value).items():
                if Deadline in (kind, *typing.get_args(kind)):
                    found.add((value, name))
    return found


def test_every_recorded_deadline_is_computed_by_the_procedure_and_rechecked_by_the_audit() -> None:
    recorded = set().union(
        *(_deadline_fields(a) for a in (Office, Inspection, Complaint, DisciplinaryCase))
    )
    assert recorded == set(DEADLINE_FIELDS)


class _Case:
    def __init__(self, punishment: Punishment | None) -> None:
        self.summonses = [date(2025, 3, 3)]
        self.decided_on = date(2025, 4, 1)
        self.decision = None if punishment is None else _Decided(punishment)
        self.decree = None


class _Decided:
    def __init__(self, punishment: Punishment) -> None:
        self.punishment = punishment


def test_a_dismissal_opens_an_appeal_window_other_punishments_an_objection() -> None:
    settings = PolicySettings()
    on = date(2025, 4, 7)
    pdh = procedure.decision_delivered(
        _Case(Punishment.PDH), on, on=on, settings=settings
    ).objection_deadline
    reprimand = procedure.decision_delivered(
        _Case(Punishment.TEGURAN_LISAN), on, on=on, settings=settings
    ).objection_deadline
    assert pdh is not None and pdh.kind is DeadlineKind.APPEAL
    assert reprimand is not None and reprimand.kind is DeadlineKind.OBJECTION


def test_no_punishment_no_objection_window_and_no_effective_date() -> None:
    on = date(2025, 4, 7)
    due = procedure.decision_delivered(_Case(None), on, on=on, settings=PolicySettings())
    assert due.delivery_deadline is not None
    assert (due.objection_deadline, due.effective) == (None, None)


def test_a_second_summons_has_a_letter_deadline_a_first_one_none() -> None:
    on = date(2025, 3, 10)
    settings = PolicySettings()
    first = procedure.clarification_requested(None, on, on=on, settings=settings)
    second = procedure.clarification_requested(_Case(None), on, on=on, settings=settings)
    assert first.letter_deadline is None
    assert second.letter_deadline is not None
    assert second.letter_deadline.kind is DeadlineKind.SECOND_SUMMONS
