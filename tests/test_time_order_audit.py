"""`audit decisions` flags stored events that break the order of time.

Stores written before the aggregates enforced the rules may hold such events. Here they are
written with the rules switched off (as the code before them behaved), then audited.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime, timedelta
from uuid import UUID

import pytest

from pelayanan import (
    Actor,
    Breach,
    BreachKind,
    CaseSource,
    ComplianceService,
    ManualClock,
    Outcome,
    SourceKind,
)
from pelayanan.audit.decisions import audit_decisions
from pelayanan.audit.order import time_order_findings
from pelayanan.cli import main
from pelayanan.domain.base import ComplianceAggregate
from pelayanan.domain.complaint import Complaint
from pelayanan.domain.values import WIB
from tests.support.clocks import SteppedClock


@pytest.fixture
def clock() -> SteppedClock:
    """A server clock that can be stepped back: these tests check what the service does then."""
    return SteppedClock(datetime(2024, 4, 29, 8, 0, tzinfo=WIB))


JODIPAN = "35.73.01.1011"


def wib(month: int, day: int, hour: int = 9) -> datetime:
    return datetime(2024, month, day, hour, tzinfo=WIB)


@contextmanager
def rules_off() -> Iterator[None]:
    """The aggregates as they were before the time-order rules: nothing is checked."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(ComplianceAggregate, "time_order_problems", lambda self, *a: [])
        for cls in (ComplianceAggregate, Complaint):
            patch.setattr(cls, "creation_time_problems", classmethod(lambda c, *a: []))
        yield


def a_case(service: ComplianceService, clerk: Actor, number: str) -> UUID:
    return service.open_case(
        number,
        nip="199001012015031003",
        name="Dewi",
        source=CaseSource(SourceKind.OTHER, "laporan"),
        breach=Breach(BreachKind.ATTENDANCE, "tidak masuk", days_absent=3),
        actor=clerk,
    )


def an_orderly_case(service: ComplianceService, clerk: Actor, clock: ManualClock) -> UUID:
    case = a_case(service, clerk, "BKPSDM/2024/001")
    clock.set(wib(4, 30))
    service.request_clarification(
        case, letter_date=date(2024, 4, 30), examination_date=date(2024, 5, 3), actor=clerk
    )
    clock.set(wib(5, 3))
    service.receive_clarification(case, statement="saya sakit", actor=clerk)
    clock.set(wib(5, 10))
    service.decide_case(case, outcome=Outcome.DISMISSED, reason="sakit", decided_by=clerk)
    clock.set(wib(5, 13))
    service.deliver_decision(case, delivered_on=date(2024, 5, 13), actor=clerk)
    return case


def test_an_orderly_store_has_no_time_order_findings(
    service: ComplianceService, clerk: Actor, clock: ManualClock
) -> None:
    an_orderly_case(service, clerk, clock)
    assert list(time_order_findings(service)) == []
    audit = audit_decisions(service, today=date(2024, 6, 1))
    assert audit.decisions == 1 and not [f for f in audit.findings if f.kind == "time_order"]


def test_events_stored_out_of_order_are_flagged_by_the_decisions_audit(
    service: ComplianceService, clerk: Actor, clock: ManualClock
) -> None:
    with rules_off():
        service.register_office(JODIPAN, name="Jodipan", kecamatan="Blimbing", actor=clerk)
        case = a_case(service, clerk, "BKPSDM/2024/002")  # opened 29 April 08:00
        clock.set(wib(5, 2))
        service.request_clarification(  # a letter dated in 2190
            case, letter_date=date(2190, 1, 1), examination_date=date(2190, 1, 2), actor=clerk
        )
        service.receive_clarification(  # a statement before the case was opened
            case, statement="saya sakit", actor=clerk, occurred_at=wib(4, 20)
        )
        clock.set(wib(5, 1))  # the clock set back a day
        service.decide_case(case, outcome=Outcome.DISMISSED, reason="sakit", decided_by=clerk)
        clock.set(wib(5, 20))
        service.deliver_decision(case, delivered_on=date(2024, 4, 1), actor=clerk)  # too early
        complaint = service.file_complaint(
            "LAPOR-2024-0001",
            office_code=JODIPAN,
            channel="walk_in",
            subject="antre",
            description="lama",
            actor=clerk,
            service_date=date(2024, 6, 1),  # a service after its complaint
        )

    audit = audit_decisions(service, today=date(2024, 6, 1))
    flagged = {
        (f.aggregate_id, f.version): f.message for f in audit.findings if f.kind == "time_order"
    }
    assert set(flagged) == {
        (str(case), 2),
        (str(case), 3),
        (str(case), 4),
        (str(case), 5),
        (str(complaint), 1),
    }
    assert "letter_date 2190-01-01 is after the day it is recorded" in flagged[(str(case), 2)]
    assert "before the case began" in flagged[(str(case), 3)]
    assert "the clock was set back" in flagged[(str(case), 4)]
    assert "delivered_on 2024-04-01 is before the decision" in flagged[(str(case), 5)]
    assert "after the complaint was filed" in flagged[(str(complaint), 1)]
    assert not audit.clean


def test_the_audit_asks_the_same_rule_the_command_asks(
    service: ComplianceService, clerk: Actor, clock: ManualClock
) -> None:
    # One home: the message the audit reports is the refusal the command would give today.
    with rules_off():
        case = a_case(service, clerk, "BKPSDM/2024/003")
        clock.advance(timedelta(hours=1))
        service.request_clarification(
            case, letter_date=date(2024, 4, 29), examination_date=date(2024, 4, 20), actor=clerk
        )
    [finding] = time_order_findings(service)
    assert finding["message"] == (
        "examination_date 2024-04-20 is before the summons letter (2024-04-29)"
    )


def test_the_cli_exits_1_on_a_time_order_finding(
    store_url: str,
    clerk: Actor,
    clock: ManualClock,
    capsys: pytest.CaptureFixture[str],
) -> None:
    service = ComplianceService.open(store_url, clock=clock)
    with rules_off():
        case = a_case(service, clerk, "BKPSDM/2024/004")
        clock.set(wib(4, 28))
        service.request_clarification(
            case, letter_date=date(2024, 4, 28), examination_date=date(2024, 4, 30), actor=clerk
        )
    service.close()
    assert main(["audit", "decisions", "--db", store_url]) == 1
    out = capsys.readouterr().out
    assert "time_order: DisciplinaryCase.ClarificationRequested" in out
    assert "clock was set back" in out
