"""The order of time, through the service: given recorded events, when a command states a time
out of order, then :class:`TimeOrderViolation` and nothing is written.

Business time (``occurred_at`` and the dates a fact states) never precedes what it depends on and
never follows the recording; recorded time never goes backwards within a record.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date, datetime, timedelta
from uuid import UUID

import pytest

from pelayanan import (
    WIB,
    Actor,
    Breach,
    BreachKind,
    CaseSource,
    ClockSetBack,
    ComplianceService,
    DueProcessViolation,
    FindingKind,
    InvalidValue,
    ManualClock,
    Observation,
    Outcome,
    Punishment,
    ServiceHours,
    Severity,
    SourceKind,
    Team,
    TeamMember,
    TimeOrderViolation,
)
from pelayanan.domain.order import CLOCK_SKEW, RECORDING_SKEW
from pelayanan.domain.values import InspectorUnit
from tests.support.clocks import SteppedClock


@pytest.fixture
def clock() -> SteppedClock:
    """A server clock that can be stepped back: these tests check what the service does then."""
    return SteppedClock(datetime(2024, 4, 29, 8, 0, tzinfo=WIB))


JODIPAN = "35.73.01.1011"
STAFF_NIP = "199001012015031003"


def wib(month: int, day: int, hour: int = 9, minute: int = 0) -> datetime:
    return datetime(2024, month, day, hour, minute, tzinfo=WIB)


@contextmanager
def refused(service: ComplianceService, match: str) -> Iterator[None]:
    """The command in the block is refused as out of order, and writes nothing."""
    head = service.head()
    with pytest.raises(TimeOrderViolation, match=match):
        yield
    assert service.head() == head, "a refused command wrote an event"


@pytest.fixture
def office(service: ComplianceService, clerk: Actor) -> str:
    service.register_office(JODIPAN, name="Jodipan", kecamatan="Blimbing", actor=clerk)
    return JODIPAN


def open_case(service: ComplianceService, clerk: Actor, clock: ManualClock) -> UUID:
    return service.open_case(
        "BKPSDM/2024/017",
        nip=STAFF_NIP,
        name="Dewi",
        source=CaseSource(SourceKind.OTHER, "laporan"),
        breach=Breach(BreachKind.ATTENDANCE, "tidak masuk", days_absent=3),
        actor=clerk,
        occurred_at=clock.now(),
    )


def step(clock: ManualClock, to: datetime) -> datetime:
    clock.set(to)
    return to


def summoned(service: ComplianceService, clerk: Actor, clock: ManualClock) -> UUID:
    """A case opened on 29 April, summoned by a letter of 30 April for 3 May."""
    case = open_case(service, clerk, clock)
    step(clock, wib(4, 30))
    service.request_clarification(
        case, letter_date=date(2024, 4, 30), examination_date=date(2024, 5, 3), actor=clerk
    )
    return case


def clarified(service: ComplianceService, clerk: Actor, clock: ManualClock) -> UUID:
    """... answered on 3 May."""
    case = summoned(service, clerk, clock)
    step(clock, wib(5, 3, 10))
    service.receive_clarification(case, statement="saya sakit", actor=clerk)
    return case


def absent(service: ComplianceService, clerk: Actor, clock: ManualClock) -> UUID:
    """... and the PNS did not come on 3 May."""
    case = summoned(service, clerk, clock)
    step(clock, wib(5, 3, 14))
    service.record_no_show(case, actor=clerk)
    return case


def decided(service: ComplianceService, clerk: Actor, clock: ManualClock) -> UUID:
    """... clarified and examined on 3 May, decided on 10 May."""
    case = clarified(service, clerk, clock)
    service.record_examination(
        case, bap_reference="BAP/1", signed_by_subject=True, examiners="atasan", actor=clerk
    )
    step(clock, wib(5, 10))
    service.decide_case(
        case,
        outcome=Outcome.PUNISHMENT,
        punishment=Punishment.TEGURAN_TERTULIS,
        reason="terbukti",
        decided_by=clerk,
    )
    return case


def delivered(service: ComplianceService, clerk: Actor, clock: ManualClock) -> UUID:
    """... delivered on 13 May."""
    case = decided(service, clerk, clock)
    step(clock, wib(5, 13))
    service.deliver_decision(case, delivered_on=date(2024, 5, 13), actor=clerk)
    return case


def punishing(service: ComplianceService, clerk: Actor, clock: ManualClock) -> UUID:
    """... the punishment running from 28 May."""
    case = delivered(service, clerk, clock)
    step(clock, wib(5, 28))
    service.start_punishment(
        case, effective_from=date(2024, 5, 28), until=date(2024, 6, 28), actor=clerk
    )
    return case


def summoned_late(service: ComplianceService, clerk: Actor, clock: ManualClock) -> UUID:
    """A case opened on 29 April, its summons recorded on 2 May with a letter dated 2 May (the
    summons itself stated as of 30 April)."""
    case = open_case(service, clerk, clock)
    step(clock, wib(5, 2, 8))
    service.request_clarification(
        case,
        letter_date=date(2024, 5, 2),
        examination_date=date(2024, 5, 6),
        actor=clerk,
        occurred_at=wib(4, 30),
    )
    return case


# --------------------------------------------------------------------------- disciplinary cases

Given = Callable[[ComplianceService, Actor, ManualClock], UUID]
Command = Callable[[ComplianceService, UUID, Actor], object]

CASE_REFUSALS: dict[str, tuple[Given, datetime | None, Command, str]] = {
    # name: (the case so far, the recording time then (None: as it is), the command, the refusal)
    "a decision dated before the case was opened": (
        clarified,
        wib(5, 10),
        lambda s, case, a: s.decide_case(
            case, outcome=Outcome.DISMISSED, reason="tidak terbukti", decided_by=a,
            occurred_at=wib(4, 20),
        ),
        "before the case began",
    ),
    "a delivery before the decision": (
        decided,
        wib(5, 13),
        lambda s, case, a: s.deliver_decision(case, delivered_on=date(2024, 5, 9), actor=a),
        "delivered_on 2024-05-09 is before the decision",
    ),
    "a delivery stated as of a time before the decision": (
        decided,
        wib(5, 13),
        lambda s, case, a: s.deliver_decision(
            case, delivered_on=date(2024, 5, 10), actor=a, occurred_at=wib(5, 9)
        ),
        "before the case's latest step",
    ),
    "a delivery dated after the day it is recorded": (
        decided,
        wib(5, 13),
        lambda s, case, a: s.deliver_decision(case, delivered_on=date(2024, 5, 14), actor=a),
        "after the day it is recorded",
    ),
    "an objection before the delivery": (
        delivered,
        wib(5, 15),
        lambda s, case, a: s.file_objection(
            case, kind="keberatan", filed_on=date(2024, 5, 12), grounds="berat", actor=a
        ),
        "filed_on 2024-05-12 is before the delivery",
    ),
    "an objection dated after the day it is recorded": (
        delivered,
        wib(5, 15),
        lambda s, case, a: s.file_objection(
            case, kind="keberatan", filed_on=date(2024, 5, 16), grounds="berat", actor=a
        ),
        "after the day it is recorded",
    ),
    "a clarification before the summons": (
        summoned,
        wib(5, 3, 10),
        lambda s, case, a: s.receive_clarification(
            case, statement="saya sakit", actor=a, occurred_at=wib(4, 29, 15)
        ),
        "before the case's latest step",
    ),
    # A statement of 1 May cannot answer a letter of 2 May, though the summons was stated
    # as of 30 April.
    "a clarification before the summons letter": (
        summoned_late,
        None,
        lambda s, case, a: s.receive_clarification(
            case, statement="saya sakit", actor=a, occurred_at=wib(5, 1)
        ),
        "the clarification 2024-05-01 is before the summons letter",
    ),
    "a letter dated in 2190": (
        open_case,
        None,
        lambda s, case, a: s.request_clarification(
            case, letter_date=date(2190, 1, 1), examination_date=date(2190, 1, 3), actor=a
        ),
        "letter_date 2190-01-01 is after the day it is recorded",
    ),
    "a letter dated before the case was opened": (
        open_case,
        wib(4, 30),
        lambda s, case, a: s.request_clarification(
            case, letter_date=date(2024, 4, 26), examination_date=date(2024, 4, 30), actor=a
        ),
        "before the case was opened",
    ),
    "a second letter dated before the first examination": (
        absent,
        None,
        lambda s, case, a: s.request_clarification(
            case, letter_date=date(2024, 5, 2), examination_date=date(2024, 5, 8), actor=a
        ),
        "before the examination date it follows",
    ),
    "an examination date before its letter": (
        open_case,
        wib(5, 2),
        lambda s, case, a: s.request_clarification(
            case, letter_date=date(2024, 5, 2), examination_date=date(2024, 4, 30), actor=a
        ),
        "examination_date 2024-04-30 is before the summons letter",
    ),
    "a completion dated after the day it is recorded": (
        punishing,
        wib(6, 3),
        lambda s, case, a: s.complete_punishment(case, completed_on=date(2024, 6, 28), actor=a),
        "completed_on 2024-06-28 is after the day it is recorded",
    ),
}


@pytest.mark.parametrize("refusal", list(CASE_REFUSALS))
def test_a_case_step_out_of_order_is_refused(
    refusal: str, service: ComplianceService, clerk: Actor, clock: ManualClock
) -> None:
    given, at, command, match = CASE_REFUSALS[refusal]
    case = given(service, clerk, clock)
    if at is not None:
        step(clock, at)
    with refused(service, match):
        command(service, case, clerk)


def test_a_time_order_violation_is_both_a_bad_value_and_a_due_process_violation() -> None:
    # Callers that caught either before the rule had its own name keep working.
    assert issubclass(TimeOrderViolation, InvalidValue)
    assert issubclass(TimeOrderViolation, DueProcessViolation)


# --------------------------------------------------------------------------- every record


def test_a_business_time_after_the_recording_is_refused_beyond_the_clock_skew(
    service: ComplianceService, clerk: Actor, clock: ManualClock, office: str
) -> None:
    ahead = clock.now() + CLOCK_SKEW + timedelta(seconds=1)
    with refused(service, "in the future of the recording time"):
        service.set_service_hours(
            office, ServiceHours.perpres_21_2023(), reason="jam", actor=clerk, occurred_at=ahead
        )
    within = ahead - timedelta(seconds=2)  # a watch a few minutes fast is fine
    service.set_service_hours(
        office, ServiceHours.perpres_21_2023(), reason="jam", actor=clerk, occurred_at=within
    )


@pytest.mark.parametrize("kind", ["office", "inspection", "complaint", "case"])
def test_a_recording_clock_set_back_is_refused(
    service: ComplianceService, clerk: Actor, clock: ManualClock, office: str, kind: str
) -> None:
    command = _a_command(service, clerk, clock, office, kind)
    clock.advance(timedelta(hours=2))
    command()
    clock.set(clock.now() - RECORDING_SKEW - timedelta(seconds=1))
    with refused(service, "the clock was set back"):
        command()


def test_a_clock_stepping_back_within_the_recording_skew_is_accepted(
    service: ComplianceService, clerk: Actor, clock: ManualClock, office: str
) -> None:
    # Two synchronised servers disagree by milliseconds; that is not a clock set back.
    command = _a_command(service, clerk, clock, office, "complaint")
    clock.advance(timedelta(hours=2))
    command()
    clock.set(clock.now() - RECORDING_SKEW / 2)
    command()


def test_an_office_fact_may_predate_its_registration(
    service: ComplianceService, clerk: Actor, clock: ManualClock, office: str
) -> None:
    # An office worked before it was registered here: its staff and hours are independent
    # facts, not steps that follow the registration. Only the future and a clock set back are
    # refused for an office.
    service.set_service_hours(
        office,
        ServiceHours.perpres_21_2023(),
        reason="jam lama",
        actor=clerk,
        occurred_at=clock.now() - timedelta(days=365),
    )
    assert service.get_office(office).version == 2


def test_a_complaint_step_before_the_complaint_was_filed_is_refused(
    service: ComplianceService, clerk: Actor, clock: ManualClock, office: str
) -> None:
    complaint = _complaint(service, clerk, office)
    with refused(service, "before the complaint began"):
        service.acknowledge_complaint(
            complaint, message="diterima", actor=clerk, occurred_at=wib(4, 28)
        )


def test_a_service_date_after_the_complaint_is_refused(
    service: ComplianceService, clerk: Actor, office: str
) -> None:
    with refused(service, "service_date 2024-04-30 is after the complaint was filed"):
        service.file_complaint(
            "LAPOR-2024-0002",
            office_code=office,
            channel="walk_in",
            subject="antre",
            description="lama",
            actor=clerk,
            service_date=date(2024, 4, 30),
        )


def test_a_sidak_concludes_after_everything_it_recorded(
    service: ComplianceService, clerk: Actor, clock: ManualClock, office: str
) -> None:
    sidak = _sidak(service, clerk, clock, office)
    step(clock, wib(4, 29, 12))
    late, early = wib(4, 29, 10, 30), wib(4, 29, 10, 5)
    service.record_observation(
        sidak, Observation(at=late, office_open=True, counter_staffed=False), actor=clerk
    )
    # Observations may be written up in any order while the team is on site ...
    service.record_observation(
        sidak, Observation(at=early, office_open=True, counter_staffed=True), actor=clerk
    )
    # ... but the sidak does not conclude before what it observed.
    with refused(service, "before the inspection's latest step"):
        service.conclude_inspection(
            sidak, summary="selesai", actor=clerk, occurred_at=wib(4, 29, 10, 20)
        )
    with refused(service, "before the inspection began"):
        service.record_finding(
            sidak,
            kind=FindingKind.COUNTER_UNSTAFFED,
            severity=Severity.LOW,
            description="loket kosong",
            actor=clerk,
            occurred_at=wib(4, 29, 9),
        )


def test_an_amendment_before_the_conclusion_is_refused(
    service: ComplianceService, clerk: Actor, clock: ManualClock, office: str
) -> None:
    sidak = _sidak(service, clerk, clock, office)
    step(clock, wib(4, 29, 12))
    service.record_finding(
        sidak,
        kind=FindingKind.COUNTER_UNSTAFFED,
        severity=Severity.LOW,
        description="loket kosong",
        actor=clerk,
        occurred_at=wib(4, 29, 10, 30),
    )
    service.conclude_inspection(sidak, summary="selesai", actor=clerk, occurred_at=wib(4, 29, 11))
    with refused(service, "before the inspection's latest step"):
        service.amend_finding(
            sidak,
            1,
            reason="salah ketik",
            severity=Severity.MEDIUM,
            actor=clerk,
            occurred_at=wib(4, 29, 10, 45),
        )


# --------------------------------------------------------------------------- helpers


def _complaint(service: ComplianceService, clerk: Actor, office: str) -> UUID:
    return service.file_complaint(
        "LAPOR-2024-0001",
        office_code=office,
        channel="walk_in",
        subject="antre",
        description="lama",
        actor=clerk,
    )


def _sidak(service: ComplianceService, clerk: Actor, clock: ManualClock, office: str) -> UUID:
    step(clock, wib(4, 29, 10))
    return service.start_inspection(
        "ST/700/2024/029",
        office_code=office,
        team=Team((TeamMember("Bambang", InspectorUnit.INSPEKTORAT),)),
        actor=clerk,
    )


def _a_command(
    service: ComplianceService, clerk: Actor, clock: ManualClock, office: str, kind: str
) -> Callable[[], object]:
    """A command that may be repeated on one record of ``kind``, business time = recorded."""
    if kind == "office":
        return lambda: service.set_service_hours(
            office, ServiceHours.perpres_21_2023(), reason="jam", actor=clerk
        )
    if kind == "inspection":
        sidak = _sidak(service, clerk, clock, office)
        return lambda: service.record_finding(
            sidak,
            kind=FindingKind.OTHER,
            severity=Severity.LOW,
            description="catatan",
            actor=clerk,
        )
    if kind == "complaint":
        complaint = _complaint(service, clerk, office)
        service.acknowledge_complaint(complaint, message="diterima", actor=clerk)
        return lambda: service.respond_to_complaint(complaint, response="dicek", actor=clerk)
    case = open_case(service, clerk, clock)
    service.request_clarification(
        case, letter_date=clock.now().date(), examination_date=date(2024, 5, 3), actor=clerk
    )
    return lambda: service.receive_clarification(case, statement="pernyataan", actor=clerk)


def test_a_manual_clock_refuses_to_go_back() -> None:
    # A simulation or tutorial that sets its clock back by mistake is told so at once, instead
    # of recording later facts as recorded earlier.
    start = wib(5, 6, 9)
    clock = ManualClock(start)
    with pytest.raises(
        ClockSetBack,
        match=r"cannot go back from 2024-05-06T09:00:00\+07:00 to 2024-05-06T08:59:00\+07:00",
    ):
        clock.set(wib(5, 6, 8, 59))
    with pytest.raises(ClockSetBack, match="negative"):
        clock.advance(timedelta(seconds=-1))
    assert clock.now() == start
    clock.set(start)  # the same moment, or any later one, is fine
    assert clock.advance(timedelta(minutes=1)) == wib(5, 6, 9, 1)
    assert issubclass(ClockSetBack, TimeOrderViolation)
