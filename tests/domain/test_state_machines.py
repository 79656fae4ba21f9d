"""Random command sequences never leave an aggregate in a state its own events cannot rebuild.

Each machine issues valid and invalid commands in any order. After every step:

- a refused command raised a :class:`PelayananError` (never a ``TypeError`` or the like), added
  no event and changed nothing;
- replaying stored copies of every event so far (through the real JSON mapper and our
  transcodings) from nothing rebuilds an aggregate equal to the live one;
- a snapshot of the live aggregate, stored and loaded the same way, is equal to it too.
"""

from __future__ import annotations

import copy
import uuid
from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from typing import Any

from eventsourcing.domain import Aggregate, Snapshot
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule

from pelayanan.domain.complaint import Complaint, ComplaintStatus
from pelayanan.domain.discipline import (
    Breach,
    BreachKind,
    CaseSource,
    Decision,
    DisciplinaryCase,
    ObjectionKind,
    ObjectionOutcome,
    Outcome,
    SourceKind,
)
from pelayanan.domain.errors import PelayananError
from pelayanan.domain.inspection import Inspection, Observation, ReferralTarget, Team, TeamMember
from pelayanan.domain.office import Office, Permission, ServiceStandard, StaffMember
from pelayanan.domain.values import (
    WIB,
    Channel,
    ComplaintClass,
    DaySchedule,
    FindingKind,
    InspectorUnit,
    Period,
    PermissionKind,
    Punishment,
    Role,
    ServiceComponent,
    ServiceHours,
    Severity,
    TimeRange,
)
from tests.domain.support import (
    CLERK,
    JODIPAN,
    LURAH_NIP,
    SEKLUR_NIP,
    STAFF_NIP,
    deadline,
    legal_basis,
    rebuild,
    round_trip,
    state,
)

MACHINE_SETTINGS = settings(
    max_examples=50,
    stateful_step_count=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)

BASE_DAY = date(2024, 5, 1)
NIPS = st.sampled_from([LURAH_NIP, SEKLUR_NIP, STAFF_NIP])
# Mostly valid, sometimes empty or whitespace only, so that commands get far enough to matter.
TEXT = st.sampled_from(["alasan yang jelas"] * 4 + ["", "   "])
DAYS = st.integers(min_value=-3, max_value=40)
TARGETS = st.sampled_from([uuid.UUID(int=1), uuid.UUID(int=2)])


def day(offset: int) -> date:
    return BASE_DAY + timedelta(days=offset)


def moment(offset: int, naive: bool = False) -> datetime:
    at = datetime.combine(day(offset), time(9))
    return at if naive else at.replace(tzinfo=WIB)


class AggregateMachine(RuleBasedStateMachine):
    """Keeps the live aggregate and every event it produced; checks the invariants."""

    def __init__(self) -> None:
        super().__init__()
        self.aggregate: Any = None
        self.history: list[Any] = []

    def started(self, aggregate: Aggregate) -> None:
        self.aggregate = aggregate

    def attempt(self, command: Callable[[], object]) -> None:
        before = copy.deepcopy(state(self.aggregate))
        pending = len(self.aggregate.pending_events)
        try:
            command()
        except PelayananError:
            assert len(self.aggregate.pending_events) == pending, "refused but recorded"
            assert state(self.aggregate) == before, "refused but changed"

    def after(self, moment: datetime) -> datetime:
        """``moment``, or the record's latest business time if that is later: the ordinary steps
        of ``progress`` follow whatever the random rules recorded before them."""
        latest = self.aggregate.latest_at
        return moment if latest is None else max(moment, latest)

    @invariant()
    def its_events_rebuild_it(self) -> None:
        if self.aggregate is None:
            return
        self.history.extend(self.aggregate.collect_events())
        assert state(rebuild(self.history)) == state(self.aggregate)

    @invariant()
    def its_snapshot_restores_it(self) -> None:
        if self.aggregate is None:
            return
        snapshot = round_trip(Snapshot.take(self.aggregate))
        assert state(snapshot.mutate(None)) == state(self.aggregate)


# --------------------------------------------------------------------------- office

HOURS = st.sampled_from(
    [
        ServiceHours.perpres_21_2023(),
        ServiceHours(
            tuple(
                DaySchedule(d, TimeRange(time(8), time(15)), (TimeRange(time(12), time(12, 30)),))
                for d in range(5)
            )
        ),
    ]
)
STANDARDS = st.sampled_from(
    [
        ServiceStandard("SK 1/2024", tuple(ServiceComponent), "maklumat"),
        ServiceStandard("SK 2/2024", (ServiceComponent.PERSYARATAN,), "maklumat baru"),
    ]
)


class OfficeMachine(AggregateMachine):
    @initialize(hours=HOURS)
    def register(self, hours: ServiceHours) -> None:
        self.started(
            Office.register(
                code=JODIPAN,
                name="Kelurahan Jodipan",
                kecamatan="Blimbing",
                occurred_at=moment(0),
                actor=CLERK,
                service_hours=hours,
            )
        )

    @rule(nip=NIPS, role=st.sampled_from(Role), name=TEXT, naive=st.booleans())
    def assign(self, nip: Any, role: Role, name: str, naive: bool) -> None:
        self.attempt(
            lambda: self.aggregate.assign_staff(
                StaffMember(nip, name, role), occurred_at=moment(1, naive), actor=CLERK
            )
        )

    @rule(nip=NIPS, role=st.sampled_from([*Role, "camat"]))
    def reassign(self, nip: Any, role: Any) -> None:
        self.attempt(
            lambda: self.aggregate.reassign_staff(nip, role, occurred_at=moment(2), actor=CLERK)
        )

    @rule(nip=NIPS, reason=TEXT)
    def remove(self, nip: Any, reason: str) -> None:
        self.attempt(
            lambda: self.aggregate.remove_staff(
                nip, reason=reason, occurred_at=moment(3), actor=CLERK
            )
        )

    @rule(hours=HOURS, reason=TEXT)
    def set_hours(self, hours: ServiceHours, reason: str) -> None:
        self.attempt(
            lambda: self.aggregate.set_service_hours(
                hours, reason=reason, occurred_at=moment(4), actor=CLERK
            )
        )

    @rule(standard=STANDARDS)
    def publish(self, standard: ServiceStandard) -> None:
        self.attempt(
            lambda: self.aggregate.publish_standard(standard, occurred_at=moment(5), actor=CLERK)
        )

    @rule(
        nip=NIPS,
        kind=st.sampled_from(PermissionKind),
        start=DAYS,
        hours=st.integers(min_value=-2, max_value=48),
    )
    def permit(self, nip: Any, kind: PermissionKind, start: int, hours: int) -> None:
        def command() -> None:
            begin = moment(start)
            permission = Permission(nip, kind, Period(begin, begin + timedelta(hours=hours)), "r")
            self.aggregate.record_permission(permission, occurred_at=moment(0), actor=CLERK)

        self.attempt(command)


# --------------------------------------------------------------------------- inspection


OBSERVATIONS: list[dict[str, Any]] = [
    {"office_open": False, "counter_staffed": False, "absent": (LURAH_NIP, STAFF_NIP)},
    {"office_open": True, "counter_staffed": True, "present": [STAFF_NIP],
     "absent_with_permission": [str(LURAH_NIP)], "citizens_waiting": 2},
    {"office_open": True, "counter_staffed": False, "standard_displayed": False},
    # invalid: a NIP twice, staff present in a closed office, negative queue
    {"office_open": True, "counter_staffed": True, "present": [STAFF_NIP], "absent": [STAFF_NIP]},
    {"office_open": False, "counter_staffed": False, "present": [STAFF_NIP]},
    {"office_open": True, "counter_staffed": True, "citizens_waiting": -1},
]  # fmt: skip


class InspectionMachine(AggregateMachine):
    @initialize()
    def start(self) -> None:
        self.started(
            Inspection.start(
                reference="ST/094/2024",
                office_id=uuid.UUID(int=7),
                office_code=JODIPAN,
                team=Team((TeamMember("Bambang", InspectorUnit.INSPEKTORAT),)),
                occurred_at=moment(0),
                actor=CLERK,
            )
        )

    @rule(
        shape=st.sampled_from(OBSERVATIONS),
        hours=st.integers(min_value=-1, max_value=6),
        naive=st.booleans(),
    )
    def observe(self, shape: dict[str, Any], hours: int, naive: bool) -> None:
        def command() -> None:
            at = moment(0, naive) + timedelta(hours=hours)
            self.aggregate.record_observation(Observation(at=at, **shape), actor=CLERK)

        self.attempt(command)

    @rule()
    def progress(self) -> None:
        """The next step of an ordinary sidak, so that random runs reach the late stages."""
        sidak: Inspection = self.aggregate
        if sidak.is_concluded:
            return
        if not sidak.findings:
            sidak.record_finding(
                kind=FindingKind.OFFICE_VACANT,
                severity=Severity.HIGH,
                description="kantor kosong",
                subjects=(STAFF_NIP,),
                occurred_at=moment(0),
                actor=CLERK,
            )
        else:
            sidak.conclude(summary="selesai", occurred_at=self.after(moment(0)), actor=CLERK)

    @rule(
        kind=st.sampled_from([*FindingKind, "vacant"]),
        severity=st.sampled_from(Severity),
        description=TEXT,
        observation=st.none() | st.integers(min_value=0, max_value=3),
        subjects=st.lists(NIPS, max_size=2),
    )
    def find(
        self,
        kind: Any,
        severity: Severity,
        description: str,
        observation: int | None,
        subjects: list[Any],
    ) -> None:
        self.attempt(
            lambda: self.aggregate.record_finding(
                kind=kind,
                severity=severity,
                description=description,
                subjects=tuple(subjects),
                observation=observation,
                occurred_at=moment(0) + timedelta(hours=1),
                actor=CLERK,
            )
        )

    @rule(summary=TEXT, hours=st.integers(min_value=-2, max_value=6), naive=st.booleans())
    def conclude(self, summary: str, hours: int, naive: bool) -> None:
        self.attempt(
            lambda: self.aggregate.conclude(
                summary=summary,
                occurred_at=moment(0, naive) + timedelta(hours=hours),
                actor=CLERK,
            )
        )

    @rule(
        number=st.integers(min_value=0, max_value=3),
        severity=st.none() | st.sampled_from([*Severity, "critical"]),
        description=st.none() | TEXT,
        withdraw=st.booleans(),
        reason=TEXT,
    )
    def amend(
        self,
        number: int,
        severity: Any,
        description: str | None,
        withdraw: bool,
        reason: str,
    ) -> None:
        self.attempt(
            lambda: self.aggregate.amend_finding(
                number,
                reason=reason,
                severity=severity,
                description=description,
                withdraw=withdraw,
                occurred_at=moment(2),
                actor=CLERK,
            )
        )

    @rule(
        number=st.integers(min_value=0, max_value=3),
        to=st.sampled_from(ReferralTarget),
        target_id=TARGETS,
    )
    def refer(self, number: int, to: ReferralTarget, target_id: uuid.UUID) -> None:
        self.attempt(
            lambda: self.aggregate.refer_finding(
                number, target=to, target_id=target_id, occurred_at=moment(3), actor=CLERK
            )
        )


# --------------------------------------------------------------------------- complaint


class ComplaintMachine(AggregateMachine):
    @initialize(service_day=st.none() | st.integers(min_value=-40, max_value=0))
    def file(self, service_day: int | None) -> None:
        self.started(
            Complaint.file(
                reference="LAPOR-1",
                channel=Channel.SP4N_LAPOR,
                office_id=uuid.UUID(int=7),
                office_code=JODIPAN,
                subject="kantor kosong",
                description="tidak ada petugas",
                occurred_at=moment(0),
                actor=CLERK,
                service_date=None if service_day is None else day(service_day),
                response_deadline=deadline(day(3)),
            )
        )

    @rule()
    def progress(self) -> None:
        """The next step of an ordinary complaint, so that random runs reach the late stages."""
        complaint: Complaint = self.aggregate
        steps = {
            ComplaintStatus.FILED: lambda: complaint.acknowledge(
                message="diterima", occurred_at=self.after(moment(1)), actor=CLERK
            ),
            ComplaintStatus.ACKNOWLEDGED: lambda: complaint.classify(
                ComplaintClass.COMPLAINT,
                deadline=deadline(day(5)),
                occurred_at=self.after(moment(1)),
                actor=CLERK,
            ),
            ComplaintStatus.CLASSIFIED: lambda: complaint.forward(
                to_unit="Kecamatan", occurred_at=self.after(moment(2)), actor=CLERK
            ),
            ComplaintStatus.FORWARDED: lambda: complaint.respond(
                response="ditindak", occurred_at=self.after(moment(3)), actor=CLERK
            ),
            ComplaintStatus.RESPONDED: lambda: complaint.resolve(
                resolution="selesai", occurred_at=self.after(moment(4)), actor=CLERK
            ),
        }
        if complaint.status in steps:
            steps[complaint.status]()

    @rule(message=TEXT)
    def acknowledge(self, message: str) -> None:
        self.attempt(
            lambda: self.aggregate.acknowledge(message=message, occurred_at=moment(1), actor=CLERK)
        )

    @rule(
        classification=st.sampled_from([*ComplaintClass, "gossip"]),
        due=st.none() | st.integers(min_value=1, max_value=60),
    )
    def classify(self, classification: Any, due: int | None) -> None:
        self.attempt(
            lambda: self.aggregate.classify(
                classification,
                deadline=None if due is None else deadline(day(due)),
                occurred_at=moment(1),
                actor=CLERK,
            )
        )

    @rule(unit=TEXT)
    def forward(self, unit: str) -> None:
        self.attempt(
            lambda: self.aggregate.forward(to_unit=unit, occurred_at=moment(2), actor=CLERK)
        )

    @rule(response=TEXT)
    def respond(self, response: str) -> None:
        self.attempt(
            lambda: self.aggregate.respond(response=response, occurred_at=moment(3), actor=CLERK)
        )

    @rule(resolution=TEXT)
    def resolve(self, resolution: str) -> None:
        self.attempt(
            lambda: self.aggregate.resolve(
                resolution=resolution, occurred_at=moment(4), actor=CLERK
            )
        )

    @rule(reason=TEXT)
    def reject(self, reason: str) -> None:
        self.attempt(
            lambda: self.aggregate.reject(reason=reason, occurred_at=moment(4), actor=CLERK)
        )

    @rule(sidak=TARGETS)
    def escalate(self, sidak: uuid.UUID) -> None:
        self.attempt(
            lambda: self.aggregate.escalate_to_inspection(sidak, occurred_at=moment(2), actor=CLERK)
        )

    @rule(reason=TEXT)
    def reopen(self, reason: str) -> None:
        self.attempt(
            lambda: self.aggregate.reopen(reason=reason, occurred_at=moment(5), actor=CLERK)
        )


# --------------------------------------------------------------------------- disciplinary case

SEKDA = CLERK
TEGURAN = Decision(
    outcome=Outcome.PUNISHMENT,
    reason="r",
    decided_by=SEKDA,
    punishment=Punishment.TEGURAN_TERTULIS,
    legal_basis=legal_basis(),
)
DECISIONS = st.sampled_from(
    [
        TEGURAN,
        Decision(
            outcome=Outcome.PUNISHMENT,
            reason="r",
            decided_by=SEKDA,
            punishment=Punishment.PDH,
            legal_basis=legal_basis("11"),
        ),
        Decision(outcome=Outcome.DISMISSED, reason="izin ada", decided_by=SEKDA),
    ]
)
# Offsets in days from the date a step builds on (the letter, the examination, the decision, the
# delivery): mostly forward, sometimes one day too early.
AFTER = st.integers(min_value=-1, max_value=10)
OPTIONAL_AFTER = st.none() | AFTER


class CaseMachine(AggregateMachine):
    @initialize()
    def open(self) -> None:
        self.started(
            DisciplinaryCase.open(
                case_number="C-1",
                nip=STAFF_NIP,
                name="Dewi",
                source=CaseSource(SourceKind.FINDING, "ST/094 finding 1"),
                breach=Breach(BreachKind.ATTENDANCE, "absent", days_absent=1),
                occurred_at=moment(0),
                actor=CLERK,
            )
        )

    @property
    def case(self) -> DisciplinaryCase:
        return self.aggregate  # type: ignore[no-any-return]

    def last_exam(self) -> date:
        return self.case.summonses[-1] if self.case.summonses else BASE_DAY

    def due(self, base: date, offset: int | None) -> Any:
        return None if offset is None else deadline(base + timedelta(days=offset))

    @rule(letter=AFTER, gap=AFTER, due=OPTIONAL_AFTER, letter_due=OPTIONAL_AFTER)
    def summon(self, letter: int, gap: int, due: int | None, letter_due: int | None) -> None:
        letter_on = self.last_exam() + timedelta(days=letter)
        exam_on = letter_on + timedelta(days=gap)
        self.attempt(
            lambda: self.case.request_clarification(
                letter_date=letter_on,
                examination_date=exam_on,
                deadline=self.due(letter_on, due),
                letter_deadline=self.due(self.last_exam(), letter_due),
                occurred_at=at(letter_on),
                actor=CLERK,
            )
        )

    @rule(statement=TEXT)
    def clarify(self, statement: str) -> None:
        self.attempt(
            lambda: self.case.receive_clarification(
                statement=statement, occurred_at=at(self.last_exam()), actor=CLERK
            )
        )

    @rule(on=AFTER, naive=st.booleans())
    def no_show(self, on: int, naive: bool) -> None:
        when = at(self.last_exam() + timedelta(days=on))
        self.attempt(
            lambda: self.case.record_no_show(
                occurred_at=when.replace(tzinfo=None) if naive else when, actor=CLERK
            )
        )

    @rule(bap=TEXT, signed=st.booleans())
    def examine(self, bap: str, signed: bool) -> None:
        self.attempt(
            lambda: self.case.record_examination(
                bap_reference=bap,
                signed_by_subject=signed,
                examiners="atasan langsung",
                occurred_at=at(self.last_exam()),
                actor=CLERK,
            )
        )

    @rule(decision=DECISIONS, on=AFTER)
    def decide(self, decision: Decision, on: int) -> None:
        when = at(self.last_exam() + timedelta(days=on))
        self.attempt(lambda: self.case.decide(decision, occurred_at=when, actor=SEKDA))

    @rule(on=AFTER, due=OPTIONAL_AFTER, objection_due=OPTIONAL_AFTER, effective=OPTIONAL_AFTER)
    def deliver(
        self, on: int, due: int | None, objection_due: int | None, effective: int | None
    ) -> None:
        delivered = (self.case.decided_on or BASE_DAY) + timedelta(days=on)
        self.attempt(
            lambda: self.case.deliver_decision(
                delivered_on=delivered,
                delivery_deadline=self.due(delivered, due),
                objection_deadline=self.due(delivered, objection_due),
                effective=self.due(delivered, effective),
                occurred_at=at(delivered),
                actor=CLERK,
            )
        )

    @rule(kind=st.sampled_from([*ObjectionKind, "appeal"]), on=AFTER, grounds=TEXT)
    def object(self, kind: Any, on: int, grounds: str) -> None:
        filed = (self.case.delivered_on or BASE_DAY) + timedelta(days=on)
        self.attempt(
            lambda: self.case.file_objection(
                kind=kind, filed_on=filed, grounds=grounds, occurred_at=at(filed), actor=CLERK
            )
        )

    @rule(
        outcome=st.sampled_from([*ObjectionOutcome, "quashed"]),
        punishment=st.none() | st.sampled_from([Punishment.TEGURAN_LISAN, "teguran_keras"]),
    )
    def decide_objection(self, outcome: Any, punishment: Any) -> None:
        self.attempt(
            lambda: self.case.decide_objection(
                outcome=outcome,
                punishment=punishment,
                reason="r",
                occurred_at=moment(30),
                actor=SEKDA,
            )
        )

    @rule(start=AFTER, length=st.none() | st.integers(min_value=-1, max_value=365))
    def take_effect(self, start: int, length: int | None) -> None:
        begin = (self.case.delivered_on or BASE_DAY) + timedelta(days=start)
        self.attempt(
            lambda: self.case.start_punishment(
                effective_from=begin,
                until=None if length is None else begin + timedelta(days=length),
                occurred_at=at(begin),
                actor=CLERK,
            )
        )

    @rule(on=st.integers(min_value=-1, max_value=400))
    def complete(self, on: int) -> None:
        done = (self.case.in_effect_from or BASE_DAY) + timedelta(days=on)
        self.attempt(
            lambda: self.case.complete_punishment(
                completed_on=done, occurred_at=at(done), actor=CLERK
            )
        )

    @rule(reason=TEXT)
    def close(self, reason: str) -> None:
        self.attempt(lambda: self.case.close(reason=reason, occurred_at=moment(9), actor=CLERK))

    @rule(awkward=st.booleans())
    def progress(self, awkward: bool) -> None:
        """The next step of an ordinary case, so that random runs reach the late stages.

        ``awkward``: the civil servant does not show up, or objects to the punishment.
        """
        case = self.case
        if case.closed:
            return
        exam = self.last_exam()
        if case.delivered_on is not None:
            self.progress_after_delivery(case, case.delivered_on, awkward)
        elif case.decided_on is not None:
            case.deliver_decision(
                delivered_on=case.decided_on,
                objection_deadline=deadline(case.decided_on + timedelta(days=14)),
                effective=deadline(case.decided_on + timedelta(days=15)),
                occurred_at=self.after(at(case.decided_on)),
                actor=CLERK,
            )
        elif not case.summonses or (case.no_show_pending and len(case.summonses) == 1):
            case.request_clarification(
                letter_date=exam + timedelta(days=1),
                examination_date=exam + timedelta(days=5),
                occurred_at=self.after(at(exam + timedelta(days=1))),
                actor=CLERK,
            )
        elif case.may_punish:
            case.decide(TEGURAN, occurred_at=self.after(at(exam)), actor=SEKDA)
        elif awkward and not case.examined:
            case.record_no_show(occurred_at=self.after(at(exam)), actor=CLERK)
        else:
            case.record_examination(
                bap_reference="BAP",
                signed_by_subject=True,
                examiners="atasan",
                occurred_at=self.after(at(exam)),
                actor=CLERK,
            )

    def progress_after_delivery(
        self, case: DisciplinaryCase, delivered: date, objecting: bool
    ) -> None:
        later = self.after(at(delivered + timedelta(days=20)))
        if case.objection_pending:
            case.decide_objection(
                outcome=ObjectionOutcome.UPHELD, reason="r", occurred_at=later, actor=SEKDA
            )
        elif (
            objecting
            and case.objection is None
            and case.punishment is not None
            and (case.objection_deadline is None or delivered <= case.objection_deadline.due)
        ):
            kind = (
                ObjectionKind.BANDING
                if case.punishment is Punishment.PDH
                else ObjectionKind.KEBERATAN
            )
            case.file_objection(
                kind=kind,
                filed_on=delivered,
                grounds="g",
                occurred_at=self.after(at(delivered)),
                actor=CLERK,
            )
        elif case.punishment is not None and case.in_effect_from is None:
            case.start_punishment(
                effective_from=delivered + timedelta(days=20),
                until=delivered + timedelta(days=200),
                occurred_at=later,
                actor=CLERK,
            )
        elif case.in_effect_from is not None and case.completed_on is None:
            case.complete_punishment(
                completed_on=delivered + timedelta(days=200), occurred_at=later, actor=CLERK
            )
        else:
            case.close(reason="selesai", occurred_at=later, actor=CLERK)


def at(on: date) -> datetime:
    return datetime.combine(on, time(9), tzinfo=WIB)


TestOfficeMachine = MACHINE_SETTINGS(OfficeMachine).TestCase
TestInspectionMachine = MACHINE_SETTINGS(InspectionMachine).TestCase
TestComplaintMachine = MACHINE_SETTINGS(ComplaintMachine).TestCase
TestCaseMachine = MACHINE_SETTINGS(CaseMachine).TestCase
