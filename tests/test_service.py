"""ComplianceService, specified through its commands, on SQLite and on PostgreSQL.

Each test: given what is recorded, when a command is issued, then these events are stored (or this
named error is raised and nothing is stored).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, datetime, timedelta
from uuid import UUID, uuid4

import pytest

from pelayanan.clock import ManualClock
from pelayanan.domain.complaint import ComplaintStatus
from pelayanan.domain.discipline import (
    Assessment,
    Breach,
    BreachKind,
    CaseSource,
    Impact,
    SourceKind,
)
from pelayanan.domain.errors import (
    AlreadyDecided,
    AlreadyExists,
    ConcurrencyConflict,
    DueProcessViolation,
    InvalidValue,
    NotFound,
    UnknownStaff,
)
from pelayanan.domain.inspection import Observation, ReferralTarget, Team, TeamMember
from pelayanan.domain.office import Office
from pelayanan.domain.values import WIB, Actor, FindingKind, InspectorUnit, Nip, Punishment
from pelayanan.service import ComplianceService, retry_on_conflict

JODIPAN = "35.73.01.1011"
LURAH = Nip("197805052005011002")
KASI = Nip("198811212012012001")


@pytest.fixture
def office(service: ComplianceService, clerk: Actor) -> str:
    service.register_office(JODIPAN, name="Jodipan", kecamatan="Blimbing", actor=clerk)
    service.assign_staff(JODIPAN, nip=LURAH, name="Lurah Jodipan", role="lurah", actor=clerk)
    service.assign_staff(JODIPAN, nip=KASI, name="Kasi Trantib", role="kasi", actor=clerk)
    return JODIPAN


def stored_types(service: ComplianceService, aggregate_id: object) -> list[str]:
    return [type(e).__qualname__ for e in service.events.get(aggregate_id)]


def head(service: ComplianceService) -> int:
    return service.head()


# ---------------------------------------------------------------------------- offices


def test_registering_an_office_stores_registered_with_default_service_hours(
    service: ComplianceService, clerk: Actor
) -> None:
    oid = service.register_office(JODIPAN, name="Jodipan", kecamatan="Blimbing", actor=clerk)

    office = service.get_office(JODIPAN)
    assert office.id == oid
    assert stored_types(service, oid) == ["Office.Registered"]
    assert office.service_hours.weekly_minutes == 37 * 60 + 30


def test_an_office_code_is_registered_once(
    service: ComplianceService, office: str, clerk: Actor
) -> None:
    before = head(service)
    with pytest.raises(AlreadyExists):
        service.register_office(JODIPAN, name="Jodipan", kecamatan="Blimbing", actor=clerk)
    assert head(service) == before


def test_a_malformed_office_code_is_refused_and_nothing_is_stored(
    service: ComplianceService, clerk: Actor
) -> None:
    with pytest.raises(InvalidValue, match=r"35\.73\.01\.1011"):
        service.register_office("35-73-01-1011", name="Jodipan", kecamatan="Blimbing", actor=clerk)
    assert head(service) == 0


def test_recorded_time_comes_from_the_injected_clock_and_business_time_from_the_caller(
    service: ComplianceService, clock: ManualClock, clerk: Actor
) -> None:
    business = datetime(2024, 4, 1, 9, 0, tzinfo=WIB)
    oid = service.register_office(
        JODIPAN, name="Jodipan", kecamatan="Blimbing", actor=clerk, occurred_at=business
    )
    (event,) = service.events.get(oid)
    assert isinstance(event, Office.Registered)
    assert event.occurred_at == business
    assert event.timestamp == clock.now()


def test_a_permission_for_someone_not_on_the_staff_is_refused(
    service: ComplianceService, office: str, clerk: Actor
) -> None:
    before = head(service)
    with pytest.raises(UnknownStaff):
        service.record_permission(
            office,
            nip="199001012015011001",
            kind="izin",
            start=datetime(2024, 4, 29, 8, tzinfo=WIB),
            end=datetime(2024, 4, 29, 12, tzinfo=WIB),
            reason="keperluan keluarga",
            actor=clerk,
        )
    assert head(service) == before


def test_office_at_a_past_version(service: ComplianceService, office: str, clerk: Actor) -> None:
    service.remove_staff(office, nip=KASI, reason="mutasi", actor=clerk)
    assert KASI.value not in service.get_office(office).staff
    assert KASI.value in service.get_office(office, version=3).staff
    with pytest.raises(NotFound):
        service.get_office(office, version=99)


# ---------------------------------------------------------------------------- sidak


def _team() -> Team:
    return Team(
        (
            TeamMember(name="Inspektur Pembantu", unit=InspectorUnit.INSPEKTORAT),
            TeamMember(name="Analis SDM", unit=InspectorUnit.BKPSDM),
        )
    )


def test_a_sidak_at_an_unregistered_office_is_refused_naming_the_office(
    service: ComplianceService, office: str, clerk: Actor
) -> None:
    before = head(service)
    with pytest.raises(NotFound, match=r"^no office 35\.73\.05\.1009 is recorded$"):
        service.start_inspection(
            "ST/SIDAK/2024/404", office_code="35.73.05.1009", team=_team(), actor=clerk
        )
    assert head(service) == before


def test_a_sidak_checks_its_office_exists_without_loading_the_office(
    store_url: str, office: str, clerk: Actor, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The office's first stored event is enough: neither its events nor its snapshot are read,
    whether the office is warm in this service or not (here: a service opened afresh)."""
    fresh = ComplianceService.open(store_url, must_exist=True)
    try:

        def no_loading(*args: object, **kwargs: object) -> None:
            raise AssertionError("the office was loaded")

        monkeypatch.setattr(fresh.repository, "get", no_loading)
        sidak = fresh.start_inspection(
            "ST/SIDAK/2024/777", office_code=office, team=_team(), actor=clerk
        )
        monkeypatch.undo()
        assert fresh.get_inspection(sidak).office_code.value == office
    finally:
        fresh.close()


def test_a_record_of_another_kind_is_refused_where_a_sidak_is_needed(
    service: ComplianceService, office: str, clerk: Actor
) -> None:
    """Escalating a complaint to a sidak names what the given id is when it is no sidak."""
    complaint = service.file_complaint(
        "ADU/2024/0404",
        office_code=office,
        channel="social_media",
        subject="Loket kosong",
        description="Tidak ada petugas",
        actor=clerk,
    )
    office_uuid = service.get_office(office).id
    before = head(service)
    with pytest.raises(NotFound, match=f"^{office_uuid} is a Office, not a inspection$"):
        service.escalate_complaint(complaint, inspection=office_uuid, actor=clerk)
    assert head(service) == before


def test_a_sidak_records_observation_finding_and_referral_to_a_case(
    service: ComplianceService, office: str, clerk: Actor, clock: ManualClock
) -> None:
    inspector = Actor(name="Ketua Satgas", role="inspektorat")
    sidak = service.start_inspection(
        "ST/SIDAK/2024/001", office_code=office, team=_team(), actor=inspector
    )
    seen = Observation(
        at=clock.now(),
        office_open=False,
        counter_staffed=False,
        absent=(LURAH, KASI),
        citizens_waiting=3,
    )
    service.record_observation(sidak, seen, actor=inspector)
    number = service.record_finding(
        sidak,
        kind=FindingKind.OFFICE_VACANT,
        severity="high",
        description="kantor kosong pada jam layanan",
        subjects=(LURAH, KASI),
        observation=1,
        actor=inspector,
    )
    service.conclude_inspection(sidak, summary="kantor kosong", actor=inspector)
    case = service.open_case(
        "BKPSDM/2024/017",
        nip=KASI,
        name="Kasi Trantib",
        office_code=office,
        actor=inspector,
        source=CaseSource(SourceKind.FINDING, "ST/SIDAK/2024/001#1", sidak),
        breach=Breach(BreachKind.OTHER_OBLIGATION, "meninggalkan kantor", impact=Impact.UNIT_KERJA),
    )
    service.refer_finding(
        sidak, number, target=ReferralTarget.DISCIPLINARY_CASE, target_id=case, actor=inspector
    )

    assert stored_types(service, sidak) == [
        "Inspection.Started",
        "Inspection.ObservationRecorded",
        "Inspection.FindingRecorded",
        "Inspection.Concluded",
        "Inspection.FindingReferred",
    ]


def test_an_unknown_enum_string_is_refused_by_name_and_nothing_is_stored(
    service: ComplianceService, office: str, clerk: Actor
) -> None:
    """The strings parse once, in the domain values; the service passes them through."""
    sidak = service.start_inspection(
        "ST/SIDAK/2024/003", office_code=office, team=_team(), actor=clerk
    )
    moment = datetime(2024, 4, 1, 8, tzinfo=WIB)
    commands = {
        "'wakil_lurah' is not a known Role": lambda: service.assign_staff(
            office, nip=Nip("199001012015011001"), name="X", role="wakil_lurah", actor=clerk
        ),
        "'libur' is not a known PermissionKind": lambda: service.record_permission(
            office,
            nip=LURAH,
            kind="libur",
            start=moment,
            end=moment + timedelta(hours=2),
            reason="r",
            actor=clerk,
        ),
        "'vacant' is not a known FindingKind": lambda: service.record_finding(
            sidak, kind="vacant", severity="high", description="d", actor=clerk
        ),
        "'grave' is not a known Severity": lambda: service.record_finding(
            sidak, kind="office_vacant", severity="grave", description="d", actor=clerk
        ),
    }
    before = head(service)
    for message, command in commands.items():
        with pytest.raises(InvalidValue, match=message):
            command()
    assert head(service) == before


def test_a_referral_to_an_unknown_case_is_refused(
    service: ComplianceService, office: str, clerk: Actor
) -> None:
    sidak = service.start_inspection(
        "ST/SIDAK/2024/002", office_code=office, team=_team(), actor=clerk
    )
    service.record_finding(
        sidak, kind="office_vacant", severity="high", description="kosong", actor=clerk
    )
    before = head(service)
    with pytest.raises(NotFound):
        service.refer_finding(sidak, 1, target="disciplinary_case", target_id=uuid4(), actor=clerk)
    assert head(service) == before


# ---------------------------------------------------------------------------- complaints


def test_a_complaint_gets_its_response_and_service_level_deadlines_from_the_rules(
    service: ComplianceService, office: str, clerk: Actor
) -> None:
    cid = service.file_complaint(
        "LAPOR-2404-29001",
        office_code=office,
        channel="social_media",
        subject="Kantor kelurahan kosong",
        description="Tidak ada petugas pukul 09.30",
        actor=clerk,
    )
    complaint = service.get_complaint(cid)
    assert complaint.response_deadline is not None
    assert complaint.response_deadline.rule.rule_id
    # Mon 29 Apr 2024 + 3 working days = Fri 3 May: 1 May (Hari Buruh) is skipped.
    assert complaint.response_deadline.due == date(2024, 5, 3)

    due = service.classify_complaint(cid, "complaint", actor=clerk)
    assert due.due > complaint.response_deadline.due
    service.forward_complaint(cid, to_unit="Kelurahan Jodipan", actor=clerk)
    service.respond_to_complaint(cid, response="Sudah ditindaklanjuti", actor=clerk)
    service.resolve_complaint(cid, resolution="Teguran tertulis", actor=clerk)

    assert service.get_complaint(cid).status is ComplaintStatus.RESOLVED
    assert stored_types(service, cid) == [
        "Complaint.Filed",
        "Complaint.Classified",
        "Complaint.Forwarded",
        "Complaint.Responded",
        "Complaint.Resolved",
    ]


def test_a_complaint_about_an_unregistered_office_is_refused(
    service: ComplianceService, clerk: Actor
) -> None:
    with pytest.raises(NotFound):
        service.file_complaint(
            "LAPOR-1",
            office_code=JODIPAN,
            channel="phone",
            subject="x",
            description="y",
            actor=clerk,
        )
    assert head(service) == 0


# ---------------------------------------------------------------------------- discipline


def _open_case(service: ComplianceService, clerk: Actor, *, days: int = 5) -> UUID:
    return service.open_case(
        "BKPSDM/2024/001",
        nip=KASI,
        name="Kasi Trantib",
        office_code=JODIPAN,
        actor=clerk,
        source=CaseSource(SourceKind.ATTENDANCE_REPORT, "rekap absensi April 2024"),
        breach=Breach(
            BreachKind.ATTENDANCE, "tidak masuk kerja tanpa alasan sah", days_absent=days
        ),
    )


def test_a_case_decided_lighter_than_the_ladder_is_recorded_and_flagged(
    service: ComplianceService, office: str, clerk: Actor, clock: ManualClock
) -> None:
    case = _open_case(service, clerk, days=5)
    service.request_clarification(
        case, letter_date=date(2024, 4, 29), examination_date=date(2024, 5, 3), actor=clerk
    )
    clock.advance(timedelta(days=4))
    service.receive_clarification(
        case, statement="Saya menjadi panitia pernikahan rekan.", actor=clerk
    )
    service.record_examination(
        case, bap_reference="BAP/001", signed_by_subject=True, examiners="atasan", actor=clerk
    )
    official = Actor(name="Sekretaris Daerah", role="pejabat yang berwenang menghukum")
    decision = service.decide_case(
        case, outcome="punishment", punishment="teguran_lisan", reason="ringan", decided_by=official
    )

    # 4-6 days absent: teguran tertulis is required; teguran lisan is lighter.
    assert decision.required is Punishment.TEGURAN_TERTULIS
    assert decision.assessment is Assessment.LIGHTER
    assert decision.rule is not None and decision.legal_basis is not None
    assert service.get_case(case).decision == decision


def test_no_decision_before_clarification_and_nothing_is_stored(
    service: ComplianceService, office: str, clerk: Actor
) -> None:
    case = _open_case(service, clerk)
    before = head(service)
    with pytest.raises(DueProcessViolation):
        service.decide_case(case, outcome="dismissed", reason="x", decided_by=clerk)
    assert head(service) == before


def test_an_examination_later_than_seven_working_days_is_refused(
    service: ComplianceService, office: str, clerk: Actor
) -> None:
    case = _open_case(service, clerk)
    with pytest.raises(DueProcessViolation, match="latest the rule allows"):
        service.request_clarification(
            case, letter_date=date(2024, 4, 29), examination_date=date(2024, 5, 31), actor=clerk
        )


def test_second_decision_is_refused(
    service: ComplianceService, office: str, clerk: Actor, clock: ManualClock
) -> None:
    case = _open_case(service, clerk)
    service.request_clarification(
        case, letter_date=date(2024, 4, 29), examination_date=date(2024, 4, 30), actor=clerk
    )
    clock.advance(timedelta(days=1))
    service.receive_clarification(case, statement="penjelasan", actor=clerk)
    service.decide_case(case, outcome="dismissed", reason="alasan sah", decided_by=clerk)
    with pytest.raises(AlreadyDecided):
        service.decide_case(case, outcome="dismissed", reason="lagi", decided_by=clerk)


# ---------------------------------------------------------------------------- batches and conflicts


def _creations(service: ComplianceService, clerk: Actor) -> dict[str, Callable[[], object]]:
    """A creation of each kind of record at the office fixture, named as the caller names it."""
    return {
        "office 35.73.01.1011": lambda: service.register_office(
            JODIPAN, name="Jodipan", kecamatan="Blimbing", actor=clerk
        ),
        "inspection ST/SIDAK/2024/009": lambda: service.start_inspection(
            "ST/SIDAK/2024/009", office_code=JODIPAN, team=_team(), actor=clerk
        ),
        "complaint LAPOR-2404-29009": lambda: service.file_complaint(
            "LAPOR-2404-29009",
            office_code=JODIPAN,
            channel="social_media",
            subject="Kantor kosong",
            description="Tidak ada petugas",
            actor=clerk,
        ),
        f"disciplinary case BKPSDM/2024/001 (NIP {KASI.masked})": lambda: _open_case(
            service, clerk
        ),
    }


CREATED = [
    "office 35.73.01.1011",
    "inspection ST/SIDAK/2024/009",
    "complaint LAPOR-2404-29009",
    f"disciplinary case BKPSDM/2024/001 (NIP {KASI.masked})",
]


@pytest.mark.parametrize("name", CREATED)
def test_a_record_created_twice_is_refused_naming_what_the_caller_passed_and_nothing_is_written(
    service: ComplianceService, office: str, clerk: Actor, name: str
) -> None:
    create = _creations(service, clerk)[name]
    if not name.startswith("office"):  # the office fixture registered the office
        create()
    before = head(service)
    with pytest.raises(AlreadyExists, match=f"^{re.escape(name)} is already recorded$"):
        create()
    assert head(service) == before


@pytest.mark.parametrize("name", CREATED)
def test_in_a_batch_a_record_created_twice_refuses_the_whole_batch_at_its_save(
    store_url: str,
    service: ComplianceService,
    office: str,
    clerk: Actor,
    clock: ManualClock,
    name: str,
) -> None:
    create = _creations(service, clerk)[name]
    if not name.startswith("office"):
        create()
    fresh = ComplianceService.open(store_url, clock=clock)  # nothing warm: only the store knows
    try:
        before = fresh.head()
        refused = f"^{re.escape(name)} is already recorded$"
        with pytest.raises(AlreadyExists, match=refused), fresh.batch():
            fresh.register_office(
                "35.73.01.1012", name="Polehan", kecamatan="Blimbing", actor=clerk
            )
            _creations(fresh, clerk)[name]()
        assert fresh.head() == before
        with pytest.raises(NotFound):
            fresh.get_office("35.73.01.1012")
    finally:
        fresh.close()


def test_a_batch_is_saved_all_or_nothing(service: ComplianceService, clerk: Actor) -> None:
    with pytest.raises(AlreadyExists), service.batch():
        service.register_office(JODIPAN, name="Jodipan", kecamatan="Blimbing", actor=clerk)
        service.assign_staff(JODIPAN, nip=LURAH, name="Lurah", role="lurah", actor=clerk)
        service.register_office(JODIPAN, name="Jodipan", kecamatan="Blimbing", actor=clerk)
    assert head(service) == 0

    with service.batch():
        service.register_office(JODIPAN, name="Jodipan", kecamatan="Blimbing", actor=clerk)
        service.assign_staff(JODIPAN, nip=LURAH, name="Lurah", role="lurah", actor=clerk)
    assert head(service) == 2


def test_a_stale_write_raises_concurrency_conflict_and_retry_reloads(
    store_url: str, clock: ManualClock, office: str, clerk: Actor, service: ComplianceService
) -> None:
    other = ComplianceService.open(store_url, clock=clock)
    try:
        stale = other.get_office(office)
        service.remove_staff(office, nip=KASI, reason="mutasi", actor=clerk)
        stale.remove_staff(LURAH, reason="pensiun", occurred_at=clock.now(), actor=clerk)
        with pytest.raises(ConcurrencyConflict):
            other._save(stale)

        retry_on_conflict(
            lambda: other.remove_staff(office, nip=LURAH, reason="pensiun", actor=clerk)
        )
        assert service.get_office(office).staff == {}
    finally:
        other.close()


def test_state_survives_reopening_the_store(
    store_url: str, clock: ManualClock, clerk: Actor
) -> None:
    first = ComplianceService.open(store_url, clock=clock)
    first.register_office(JODIPAN, name="Jodipan", kecamatan="Blimbing", actor=clerk)
    first.close()
    again = ComplianceService.open(store_url, clock=clock, must_exist=True)
    try:
        assert again.get_office(JODIPAN).name == "Jodipan"
        assert again.head() == 1
    finally:
        again.close()


def test_complaint_type_is_checked_when_loading(service: ComplianceService, office: str) -> None:
    with pytest.raises(NotFound, match="not a complaint"):
        service.get_complaint(service.get_office(office).id)


@pytest.mark.parametrize("attempts", ["3", 0, 2.5, True])
def test_retry_on_conflict_names_a_bad_number_of_attempts(attempts: object) -> None:
    with pytest.raises(InvalidValue, match="attempts"):
        retry_on_conflict(lambda: None, attempts=attempts)  # type: ignore[arg-type]
