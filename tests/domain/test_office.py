"""Office: registration, staff, service hours, the service standard and permissions."""

from __future__ import annotations

from datetime import datetime, time, timedelta

import pytest

from pelayanan.domain.errors import CommandRefused, InvalidValue, UnknownStaff
from pelayanan.domain.office import (
    Office,
    Permission,
    ServiceStandard,
    StaffMember,
    office_id,
)
from pelayanan.domain.values import (
    WIB,
    DaySchedule,
    Nip,
    OfficeCode,
    Period,
    PermissionKind,
    Role,
    ServiceComponent,
    ServiceHours,
    TimeRange,
    parse_enum,
)
from tests.domain.support import (
    CLERK,
    JODIPAN,
    LURAH_NIP,
    SEKLUR_NIP,
    STAFF_NIP,
    new_events,
    refused,
    the_event,
    wib,
)


def registered() -> Office:
    office = Office.register(
        code=JODIPAN,
        name="Kelurahan Jodipan",
        kecamatan="Blimbing",
        occurred_at=wib(1, 2),
        actor=CLERK,
    )
    office.collect_events()
    return office


def with_staff() -> Office:
    office = registered()
    office.assign_staff(
        StaffMember(LURAH_NIP, "Agus", Role.LURAH), occurred_at=wib(1, 3), actor=CLERK
    )
    office.assign_staff(
        StaffMember(STAFF_NIP, "Dewi", Role.STAFF), occurred_at=wib(1, 3), actor=CLERK
    )
    office.collect_events()
    return office


def short_week() -> ServiceHours:
    day = TimeRange(time(8), time(15))
    return ServiceHours(
        tuple(DaySchedule(d, day, (TimeRange(time(12), time(12, 30)),)) for d in range(5))
    )


def standard(*components: ServiceComponent) -> ServiceStandard:
    return ServiceStandard(
        document="SK Lurah 12/2024",
        components=components or tuple(ServiceComponent),
        maklumat="Kami sanggup melayani sesuai standar",
    )


# --------------------------------------------------------------------------- register


def test_register_records_the_office_with_default_perpres_hours() -> None:
    office = Office.register(
        code=JODIPAN,
        name="Kelurahan Jodipan",
        kecamatan="Blimbing",
        occurred_at=wib(1, 2),
        actor=CLERK,
        recorded_at=wib(1, 2, 10),
    )
    event = the_event(office, Office.Registered)
    assert event.code == JODIPAN
    assert event.name == "Kelurahan Jodipan"
    assert event.service_hours == ServiceHours.perpres_21_2023()
    assert event.occurred_at == wib(1, 2)
    assert event.timestamp == wib(1, 2, 10)
    assert event.actor == CLERK
    assert office.id == office_id(JODIPAN) == office_id("35.73.01.1011")
    assert office.staff == {} and office.standard is None and office.permissions == []


def test_register_keeps_the_hours_given() -> None:
    office = Office.register(
        code=JODIPAN,
        name="Jodipan",
        kecamatan="Blimbing",
        occurred_at=wib(1, 2),
        actor=CLERK,
        service_hours=short_week(),
    )
    assert the_event(office, Office.Registered).service_hours == short_week()
    assert office.service_hours.weekly_minutes == 5 * 390


@pytest.mark.parametrize(
    ("overrides", "error"),
    [
        ({"code": "35.73.01.1011"}, InvalidValue),
        ({"name": "   "}, InvalidValue),
        ({"kecamatan": ""}, InvalidValue),
        ({"occurred_at": datetime(2024, 1, 2, 9)}, InvalidValue),
        ({"actor": "Siti"}, InvalidValue),
        ({"service_hours": "07:30-16:00"}, InvalidValue),
        ({"recorded_at": wib(1, 1)}, InvalidValue),  # business time in the future of recording
    ],
)
def test_register_refuses_bad_input(overrides: dict[str, object], error: type[Exception]) -> None:
    args: dict[str, object] = {
        "code": JODIPAN,
        "name": "Jodipan",
        "kecamatan": "Blimbing",
        "occurred_at": wib(1, 2),
        "actor": CLERK,
    }
    with pytest.raises(error):
        Office.register(**args | overrides)  # type: ignore[arg-type]


def test_business_time_may_run_ahead_of_recording_by_the_clock_skew_only() -> None:
    Office.register(
        code=JODIPAN,
        name="J",
        kecamatan="B",
        occurred_at=wib(1, 2, 9, 4),
        actor=CLERK,
        recorded_at=wib(1, 2, 9),
    )
    with pytest.raises(InvalidValue, match="future"):
        Office.register(
            code=JODIPAN,
            name="J",
            kecamatan="B",
            occurred_at=wib(1, 2, 9, 6),
            actor=CLERK,
            recorded_at=wib(1, 2, 9),
        )


@pytest.mark.parametrize(
    "code", ["35.73.01.101", "35.73.1.1011", "35-73-01-1011", "3573011011", "35.73.01.1011 ", ""]
)
def test_office_code_must_be_in_kemendagri_format(code: str) -> None:
    with pytest.raises(InvalidValue, match="Kemendagri"):
        OfficeCode(code)


def test_office_code_parts() -> None:
    assert (JODIPAN.regency, JODIPAN.district) == ("35.73", "35.73.01")


# --------------------------------------------------------------------------- NIP


@pytest.mark.parametrize(
    ("nip", "message"),
    [
        ("19850312201001200", "18 digits"),
        ("1985031220100120031", "18 digits"),
        ("19850312201001200a", "18 digits"),
        ("19850312 201001 2 003x", "18 digits"),
        ("198502302010012003", "valid birth date"),  # 30 February
        ("198513012010012003", "valid birth date"),  # birth month 13
        ("198503122010132003", "appointment month 13"),
        ("198503122010002003", "appointment month 00"),
        ("198503121990012003", "implausible appointment year 1990"),  # appointed aged 4
        ("198503122010013003", "sex digit 3"),
        ("198503122010010003", "sex digit 0"),
    ],
)
def test_malformed_nip_is_refused(nip: str, message: str) -> None:
    with pytest.raises(InvalidValue, match=message):
        Nip(nip)


def test_nip_tolerates_the_spaces_printed_on_id_cards() -> None:
    nip = Nip("19850312 201001 2 003")
    assert nip == Nip("198503122010012003")
    assert nip.birth_date.isoformat() == "1985-03-12"
    assert nip.appointed == (2010, 1)


def test_nip_must_be_text() -> None:
    with pytest.raises(InvalidValue):
        Nip(198503122010012003)  # type: ignore[arg-type]


# --------------------------------------------------------------------------- service hours


def test_set_service_hours() -> None:
    office = registered()
    office.set_service_hours(
        short_week(), reason="Ramadan circular", occurred_at=wib(3, 11), actor=CLERK
    )
    event = the_event(office, Office.ServiceHoursSet)
    assert (event.service_hours, event.reason) == (short_week(), "Ramadan circular")
    assert office.service_hours == short_week()


def test_set_service_hours_refuses_bad_input() -> None:
    office = registered()
    with refused(office, InvalidValue):
        office.set_service_hours(
            "08-15",
            reason="x",
            occurred_at=wib(3, 11),  # type: ignore[arg-type]
            actor=CLERK,
        )
    with refused(office, InvalidValue):
        office.set_service_hours(short_week(), reason=" \n", occurred_at=wib(3, 11), actor=CLERK)
    with refused(office, InvalidValue):
        office.set_service_hours(
            short_week(), reason="r", occurred_at=datetime(2024, 3, 11), actor=CLERK
        )


def test_service_hour_values_refuse_end_before_start_and_bad_breaks() -> None:
    with pytest.raises(InvalidValue):
        TimeRange(time(15), time(8))
    with pytest.raises(InvalidValue):
        TimeRange(time(8, tzinfo=WIB), time(15))
    with pytest.raises(InvalidValue, match="outside"):
        DaySchedule(0, TimeRange(time(8), time(12)), (TimeRange(time(12), time(13)),))
    with pytest.raises(InvalidValue):
        DaySchedule(7, TimeRange(time(8), time(12)))
    day = DaySchedule(0, TimeRange(time(8), time(12)))
    with pytest.raises(InvalidValue, match="twice"):
        ServiceHours((day, day))
    with pytest.raises(InvalidValue, match="time zone"):
        ServiceHours((day,), timezone="Asia/Malang")


def test_perpres_default_week_is_37_and_a_half_hours() -> None:
    hours = ServiceHours.perpres_21_2023()
    assert hours.weekly_minutes == 37 * 60 + 30
    assert hours.in_service(wib(4, 29, 10))  # Monday
    assert not hours.in_service(wib(4, 29, 12, 30))  # lunch break
    assert not hours.in_service(wib(4, 27, 10))  # Saturday


# --------------------------------------------------------------------------- staff


def test_assign_staff() -> None:
    office = registered()
    member = StaffMember(LURAH_NIP, "Agus", Role.LURAH)
    office.assign_staff(member, occurred_at=wib(1, 3), actor=CLERK)
    assert the_event(office, Office.StaffAssigned).member == member
    assert office.member(LURAH_NIP) == member
    assert office.holder_of(Role.LURAH) == member


def test_assign_staff_refusals() -> None:
    office = with_staff()
    with refused(office, CommandRefused):  # already on the staff
        office.assign_staff(
            StaffMember(STAFF_NIP, "Dewi", Role.KASI), occurred_at=wib(1, 4), actor=CLERK
        )
    with refused(office, CommandRefused):  # one lurah per office
        office.assign_staff(
            StaffMember(SEKLUR_NIP, "Rina", Role.LURAH), occurred_at=wib(1, 4), actor=CLERK
        )
    with refused(office, InvalidValue):
        office.assign_staff(SEKLUR_NIP, occurred_at=wib(1, 4), actor=CLERK)  # type: ignore[arg-type]
    with refused(office, InvalidValue):
        office.assign_staff(
            StaffMember(SEKLUR_NIP, "Rina", Role.SEKLUR),
            occurred_at=datetime(2024, 1, 4),
            actor=CLERK,
        )


def test_staff_member_parses_its_role_and_refuses_unknown_roles_and_empty_names() -> None:
    assert StaffMember(SEKLUR_NIP, "Rina", "seklur").role is Role.SEKLUR
    with pytest.raises(InvalidValue, match="'camat_muda' is not a known Role"):
        StaffMember(SEKLUR_NIP, "Rina", "camat_muda")
    with pytest.raises(InvalidValue):
        StaffMember(SEKLUR_NIP, "  ", Role.SEKLUR)


def test_reassign_staff_records_old_and_new_role() -> None:
    office = with_staff()
    office.reassign_staff(
        STAFF_NIP,
        "kasi",
        occurred_at=wib(2, 1),  # type: ignore[arg-type]
        actor=CLERK,
    )
    event = the_event(office, Office.StaffReassigned)
    assert (event.nip, event.role, event.previous_role) == (STAFF_NIP, Role.KASI, Role.STAFF)
    assert office.member(STAFF_NIP).role is Role.KASI


def test_reassign_staff_refusals() -> None:
    office = with_staff()
    with refused(office, UnknownStaff):
        office.reassign_staff(SEKLUR_NIP, Role.KASI, occurred_at=wib(2, 1), actor=CLERK)
    with refused(office, CommandRefused):  # same role
        office.reassign_staff(STAFF_NIP, Role.STAFF, occurred_at=wib(2, 1), actor=CLERK)
    with refused(office, CommandRefused):  # the lurah post is taken
        office.reassign_staff(STAFF_NIP, Role.LURAH, occurred_at=wib(2, 1), actor=CLERK)
    with refused(
        office,
        InvalidValue,
    ):
        office.reassign_staff(
            STAFF_NIP,
            "camat",
            occurred_at=wib(2, 1),  # type: ignore[arg-type]
            actor=CLERK,
        )


def test_remove_staff() -> None:
    office = with_staff()
    office.remove_staff(STAFF_NIP, reason="mutasi", occurred_at=wib(2, 1), actor=CLERK)
    event = the_event(office, Office.StaffRemoved)
    assert (event.nip, event.reason) == (STAFF_NIP, "mutasi")
    with pytest.raises(UnknownStaff):
        office.member(STAFF_NIP)


def test_remove_staff_refusals() -> None:
    office = with_staff()
    with refused(office, UnknownStaff):
        office.remove_staff(SEKLUR_NIP, reason="mutasi", occurred_at=wib(2, 1), actor=CLERK)
    with refused(office, InvalidValue):
        office.remove_staff(STAFF_NIP, reason="", occurred_at=wib(2, 1), actor=CLERK)
    with refused(office, InvalidValue):
        office.remove_staff(
            "199001012015031003",
            reason="mutasi",  # type: ignore[arg-type]
            occurred_at=wib(2, 1),
            actor=CLERK,
        )


def test_a_removed_lurah_frees_the_post() -> None:
    office = with_staff()
    office.remove_staff(LURAH_NIP, reason="pensiun", occurred_at=wib(2, 1), actor=CLERK)
    office.reassign_staff(STAFF_NIP, Role.LURAH, occurred_at=wib(2, 2), actor=CLERK)
    assert [type(e) for e in new_events(office)] == [Office.StaffRemoved, Office.StaffReassigned]
    assert office.holder_of(Role.LURAH) == StaffMember(STAFF_NIP, "Dewi", Role.LURAH)


# --------------------------------------------------------------------------- service standard


def test_publish_standard_counts_revisions() -> None:
    office = registered()
    first = standard(ServiceComponent.PERSYARATAN)
    office.publish_standard(first, occurred_at=wib(2, 1), actor=CLERK)
    office.publish_standard(standard(), occurred_at=wib(3, 1), actor=CLERK)
    events = new_events(office)
    assert [(e.standard, e.revision) for e in events] == [(first, 1), (standard(), 2)]
    assert office.standard == standard() and office.standard_revision == 2
    assert first.missing_components == tuple(ServiceComponent)[1:]


def test_publish_standard_refusals() -> None:
    office = registered()
    office.publish_standard(standard(), occurred_at=wib(2, 1), actor=CLERK)
    office.collect_events()
    with refused(office, CommandRefused):
        office.publish_standard(standard(), occurred_at=wib(3, 1), actor=CLERK)
    with refused(office, InvalidValue):
        office.publish_standard("SK 12", occurred_at=wib(3, 1), actor=CLERK)  # type: ignore[arg-type]


def test_service_standard_components_are_parsed_from_stable_strings() -> None:
    parsed = ServiceStandard(document="SK", components=["persyaratan", "biaya_tarif"], maklumat="m")
    assert parsed.components == (ServiceComponent.PERSYARATAN, ServiceComponent.BIAYA)
    with pytest.raises(InvalidValue, match="ServiceComponent"):
        ServiceStandard(document="SK", components=["fees"], maklumat="m")


# --------------------------------------------------------------------------- permissions


def izin(nip: Nip = STAFF_NIP) -> Permission:
    return Permission(
        nip=nip,
        kind=PermissionKind.IZIN,
        period=Period(wib(4, 29, 8), wib(4, 29, 16)),
        reason="hajatan keluarga",
    )


def test_record_permission() -> None:
    office = with_staff()
    office.record_permission(izin(), occurred_at=wib(4, 26), actor=CLERK)
    assert the_event(office, Office.PermissionRecorded).permission == izin()
    assert office.permission_for(STAFF_NIP, wib(4, 29, 10)) == izin()
    assert office.permission_for(STAFF_NIP, wib(4, 29, 16)) is None  # closed-open period
    assert office.permission_for(LURAH_NIP, wib(4, 29, 10)) is None


def test_permissions_long_ended_leave_the_state_but_not_the_history() -> None:
    office = with_staff()
    office.record_permission(izin(), occurred_at=wib(4, 26), actor=CLERK)
    later = Permission(
        nip=STAFF_NIP,
        kind=PermissionKind.CUTI,
        period=Period(wib(6, 3, 8), wib(6, 3, 16)),
        reason="cuti tahunan",
    )
    office.record_permission(later, occurred_at=wib(5, 29), actor=CLERK)
    assert office.permission_for(STAFF_NIP, wib(4, 29, 10)) == izin()  # ended 30 days before

    office.record_permission(later, occurred_at=wib(5, 31), actor=CLERK)
    assert office.permission_for(STAFF_NIP, wib(4, 29, 10)) is None  # 32 days: forgotten
    recorded = [
        e.permission for e in office.collect_events() if isinstance(e, Office.PermissionRecorded)
    ]
    assert izin() in recorded


def test_record_permission_refusals() -> None:
    office = with_staff()
    with refused(office, UnknownStaff):
        office.record_permission(izin(SEKLUR_NIP), occurred_at=wib(4, 26), actor=CLERK)
    with refused(office, InvalidValue):
        office.record_permission(None, occurred_at=wib(4, 26), actor=CLERK)  # type: ignore[arg-type]


def test_period_refuses_end_before_start_and_naive_times() -> None:
    with pytest.raises(InvalidValue, match="before"):
        Period(wib(4, 29, 16), wib(4, 29, 8))
    with pytest.raises(InvalidValue, match="before"):
        Period(wib(4, 29, 8), wib(4, 29, 8))
    with pytest.raises(InvalidValue, match="time zone"):
        Period(datetime(2024, 4, 29, 8), wib(4, 29, 16))
    assert Period(wib(4, 29, 8), wib(4, 29, 8) + timedelta(minutes=1)).covers(wib(4, 29, 8))


@pytest.mark.parametrize("kind", [Role, PermissionKind, ServiceComponent])
def test_unknown_enum_strings_are_refused_with_the_allowed_values(kind: type) -> None:
    with pytest.raises(InvalidValue, match=f"not a known {kind.__name__}"):
        parse_enum(kind, "no-such-value")
    member = next(iter(kind))
    assert parse_enum(kind, member.value) is member
    assert parse_enum(kind, member) is member
