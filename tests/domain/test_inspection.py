"""Inspection (sidak): observations and findings while open; amendments and referrals after."""

from __future__ import annotations

import uuid
from datetime import datetime

import pytest

from pelayanan.domain.errors import (
    CommandRefused,
    InspectionConcluded,
    InspectionNotConcluded,
    InvalidValue,
)
from pelayanan.domain.inspection import (
    Finding,
    Inspection,
    Observation,
    Referral,
    ReferralTarget,
    Team,
    TeamMember,
    inspection_id,
)
from pelayanan.domain.office import office_id
from pelayanan.domain.values import FindingKind, InspectorUnit, Severity, parse_enum
from tests.domain.support import (
    INSPECTOR,
    JODIPAN,
    LURAH_NIP,
    SEKLUR_NIP,
    STAFF_NIP,
    new_events,
    refused,
    the_event,
    wib,
)

TEAM = Team(
    (
        TeamMember("Bambang Sutrisno", InspectorUnit.INSPEKTORAT),
        TeamMember("Rina Wulandari", InspectorUnit.BKPSDM),
    )
)
CASE_ID = uuid.UUID("00000000-0000-4000-8000-000000000001")


def started() -> Inspection:
    sidak = Inspection.start(
        reference="ST/094/35.73/2024",
        office_id=office_id(JODIPAN),
        office_code=JODIPAN,
        team=TEAM,
        occurred_at=wib(4, 29, 9),
        actor=INSPECTOR,
    )
    sidak.collect_events()
    return sidak


def vacant(at: datetime | None = None) -> Observation:
    return Observation(
        at=at or wib(4, 29, 9, 5),
        office_open=False,
        counter_staffed=False,
        absent=(LURAH_NIP, STAFF_NIP),
        citizens_waiting=3,
    )


def with_finding() -> Inspection:
    sidak = started()
    sidak.record_observation(vacant(), actor=INSPECTOR)
    sidak.record_finding(
        kind=FindingKind.OFFICE_VACANT,
        severity=Severity.HIGH,
        description="kantor kosong pada jam layanan",
        subjects=(LURAH_NIP, STAFF_NIP),
        observation=1,
        occurred_at=wib(4, 29, 9, 10),
        actor=INSPECTOR,
    )
    sidak.collect_events()
    return sidak


def concluded() -> Inspection:
    sidak = with_finding()
    sidak.conclude(summary="kantor kosong", occurred_at=wib(4, 29, 9, 30), actor=INSPECTOR)
    sidak.collect_events()
    return sidak


# --------------------------------------------------------------------------- start


def test_start_records_the_team_and_office() -> None:
    sidak = Inspection.start(
        reference="ST/094/35.73/2024",
        office_id=office_id(JODIPAN),
        office_code=JODIPAN,
        team=TEAM,
        occurred_at=wib(4, 29, 9),
        actor=INSPECTOR,
        recorded_at=wib(4, 29, 9, 1),
    )
    event = the_event(sidak, Inspection.Started)
    assert (event.reference, event.office_code, event.team) == ("ST/094/35.73/2024", JODIPAN, TEAM)
    assert sidak.id == inspection_id("ST/094/35.73/2024")
    assert sidak.started_at == wib(4, 29, 9)
    assert not sidak.is_concluded
    assert TEAM.units == (InspectorUnit.BKPSDM, InspectorUnit.INSPEKTORAT)


@pytest.mark.parametrize(
    "overrides",
    [
        {"reference": " "},
        {"office_code": "35.73.01.1011"},
        {"team": (TeamMember("B", InspectorUnit.OTHER),)},
        {"occurred_at": datetime(2024, 4, 29, 9)},
        {"recorded_at": wib(4, 29, 8)},
        {"actor": None},
    ],
)
def test_start_refuses_bad_input(overrides: dict[str, object]) -> None:
    args: dict[str, object] = {
        "reference": "ST/1",
        "office_id": office_id(JODIPAN),
        "office_code": JODIPAN,
        "team": TEAM,
        "occurred_at": wib(4, 29, 9),
        "actor": INSPECTOR,
    }
    with pytest.raises(InvalidValue):
        Inspection.start(**args | overrides)  # type: ignore[arg-type]


def test_a_team_has_at_least_one_member_of_a_known_unit() -> None:
    with pytest.raises(InvalidValue, match="at least one"):
        Team(())
    with pytest.raises(InvalidValue):
        TeamMember("B", "satpol_pp")  # type: ignore[arg-type]
    with pytest.raises(InvalidValue, match="not a known InspectorUnit"):
        parse_enum(InspectorUnit, "satpol_pp")


# --------------------------------------------------------------------------- observations


def test_record_observation_numbers_them_and_uses_their_time() -> None:
    sidak = started()
    assert sidak.record_observation(vacant(), actor=INSPECTOR) == 1
    later = Observation(
        at=wib(4, 29, 10), office_open=True, counter_staffed=True, present=(STAFF_NIP,)
    )
    assert sidak.record_observation(later, actor=INSPECTOR) == 2
    events = new_events(sidak)
    assert [(e.number, e.observation, e.occurred_at) for e in events] == [
        (1, vacant(), wib(4, 29, 9, 5)),
        (2, later, wib(4, 29, 10)),
    ]
    assert sidak.observations == [vacant(), later]


def test_an_observation_in_the_future_of_recording_is_refused() -> None:
    sidak = started()
    with refused(sidak, InvalidValue):
        sidak.record_observation(
            vacant(wib(4, 29, 11)), actor=INSPECTOR, recorded_at=wib(4, 29, 10)
        )


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"present": (STAFF_NIP,), "absent": (STAFF_NIP,)}, "twice"),
        ({"absent": (STAFF_NIP, STAFF_NIP)}, "twice"),
        ({"absent": (STAFF_NIP,), "absent_with_permission": (STAFF_NIP,)}, "twice"),
        ({"office_open": False, "present": (STAFF_NIP,)}, "closed"),
        ({"citizens_waiting": -1}, "at least 0"),
        ({"at": datetime(2024, 4, 29, 9)}, "time zone"),
        ({"note": "  "}, "non-empty"),
        ({"absent": ("198503122010013003",)}, "sex digit"),
        ({"office_open": "yes"}, "bool"),
    ],
)
def test_observation_validation(fields: dict[str, object], message: str) -> None:
    base: dict[str, object] = {"at": wib(4, 29, 9), "office_open": True, "counter_staffed": True}
    with pytest.raises(InvalidValue, match=message):
        Observation(**base | fields)  # type: ignore[arg-type]


def test_observation_accepts_nip_strings() -> None:
    seen = Observation(
        at=wib(4, 29, 9), office_open=True, counter_staffed=True, present=[str(SEKLUR_NIP)]
    )
    assert seen.present == (SEKLUR_NIP,)


# --------------------------------------------------------------------------- findings


def test_record_finding() -> None:
    sidak = started()
    sidak.record_observation(vacant(), actor=INSPECTOR)
    sidak.collect_events()
    number = sidak.record_finding(
        kind=FindingKind.OFFICE_VACANT,
        severity=Severity.HIGH,
        description="kantor kosong",
        subjects=(LURAH_NIP,),
        observation=1,
        occurred_at=wib(4, 29, 9, 10),
        actor=INSPECTOR,
    )
    event = the_event(sidak, Inspection.FindingRecorded)
    assert number == 1
    assert event.finding == Finding(
        1, FindingKind.OFFICE_VACANT, Severity.HIGH, "kantor kosong", (LURAH_NIP,), 1
    )
    assert sidak.finding_versions == {"1": event.originator_version}


def test_record_finding_refusals() -> None:
    sidak = started()
    common: dict[str, object] = {
        "severity": Severity.LOW,
        "occurred_at": wib(4, 29, 9),
        "actor": INSPECTOR,
    }
    with refused(sidak, InvalidValue):  # no such observation
        sidak.record_finding(
            kind=FindingKind.OTHER,
            description="d",
            observation=1,
            **common,  # type: ignore[arg-type]
        )
    with refused(sidak, InvalidValue):
        sidak.record_finding(kind=FindingKind.OTHER, description="\t", **common)  # type: ignore[arg-type]
    with refused(sidak, InvalidValue):
        sidak.record_finding(kind="vacant", description="d", **common)  # type: ignore[arg-type]


# --------------------------------------------------------------------------- conclusion


def test_conclude() -> None:
    sidak = with_finding()
    sidak.conclude(summary="kantor kosong", occurred_at=wib(4, 29, 9, 30), actor=INSPECTOR)
    assert the_event(sidak, Inspection.Concluded).summary == "kantor kosong"
    assert sidak.is_concluded and sidak.concluded_at == wib(4, 29, 9, 30)


def test_conclude_refusals() -> None:
    sidak = with_finding()
    with refused(sidak, InvalidValue):
        sidak.conclude(summary="s", occurred_at=wib(4, 29, 8), actor=INSPECTOR)  # before start
    with refused(sidak, InvalidValue):
        sidak.conclude(summary="", occurred_at=wib(4, 29, 10), actor=INSPECTOR)
    with refused(sidak, InvalidValue):  # naive: refused as bad input, not a TypeError
        sidak.conclude(summary="s", occurred_at=datetime(2024, 4, 29, 10), actor=INSPECTOR)


def test_a_concluded_sidak_is_immutable() -> None:
    sidak = concluded()
    with refused(sidak, InspectionConcluded):
        sidak.record_observation(vacant(), actor=INSPECTOR)
    with refused(sidak, InspectionConcluded):
        sidak.record_finding(
            kind=FindingKind.OTHER,
            severity=Severity.LOW,
            description="d",
            occurred_at=wib(4, 29, 10),
            actor=INSPECTOR,
        )
    with refused(sidak, InspectionConcluded):
        sidak.conclude(summary="again", occurred_at=wib(4, 29, 10), actor=INSPECTOR)


# --------------------------------------------------------------------------- amendments


def test_amend_finding_cites_the_version_of_the_event_it_corrects() -> None:
    sidak = with_finding()
    recorded_at_version = sidak.finding_versions["1"]
    sidak.conclude(summary="s", occurred_at=wib(4, 29, 9, 30), actor=INSPECTOR)
    sidak.collect_events()
    sidak.amend_finding(
        1,
        reason="lurah was on dinas luar",
        severity=Severity.MEDIUM,
        occurred_at=wib(4, 30),
        actor=INSPECTOR,
    )
    first = the_event(sidak, Inspection.FindingAmended)
    assert first.corrects == recorded_at_version
    assert first.finding.severity is Severity.MEDIUM
    assert first.finding.description == "kantor kosong pada jam layanan"

    sidak.amend_finding(
        1, reason="duplicate", withdraw=True, occurred_at=wib(5, 1), actor=INSPECTOR
    )
    second = the_event(sidak, Inspection.FindingAmended)
    assert second.corrects == first.originator_version  # the latest correction, not the original
    assert second.finding.withdrawn and second.finding.severity is Severity.MEDIUM
    assert sidak.finding(1) == second.finding and sidak.amendments == 2


def test_amend_finding_refusals() -> None:
    open_sidak = with_finding()
    with refused(open_sidak, InspectionNotConcluded):
        open_sidak.amend_finding(
            1, reason="r", severity=Severity.LOW, occurred_at=wib(4, 30), actor=INSPECTOR
        )
    sidak = concluded()
    with refused(sidak, CommandRefused):  # changes nothing
        sidak.amend_finding(
            1, reason="r", severity=Severity.HIGH, occurred_at=wib(4, 30), actor=INSPECTOR
        )
    with refused(sidak, InvalidValue):
        sidak.amend_finding(
            2, reason="r", severity=Severity.LOW, occurred_at=wib(4, 30), actor=INSPECTOR
        )
    with refused(sidak, InvalidValue):
        sidak.amend_finding(
            1, reason=" ", severity=Severity.LOW, occurred_at=wib(4, 30), actor=INSPECTOR
        )
    with refused(sidak, InvalidValue):
        sidak.amend_finding(
            1,
            reason="r",
            severity="critical",  # type: ignore[arg-type]
            occurred_at=wib(4, 30),
            actor=INSPECTOR,
        )
    with refused(sidak, InvalidValue):
        sidak.amend_finding(1, reason="r", description="", occurred_at=wib(4, 30), actor=INSPECTOR)


# --------------------------------------------------------------------------- referrals


def test_refer_finding_after_conclusion() -> None:
    sidak = concluded()
    sidak.refer_finding(
        1,
        target=ReferralTarget.DISCIPLINARY_CASE,
        target_id=CASE_ID,
        occurred_at=wib(4, 30),
        actor=INSPECTOR,
    )
    referral = Referral(1, ReferralTarget.DISCIPLINARY_CASE, CASE_ID)
    assert the_event(sidak, Inspection.FindingReferred).referral == referral
    assert sidak.referrals == [referral]


def test_refer_finding_while_open() -> None:
    sidak = with_finding()
    sidak.refer_finding(
        1,
        target=ReferralTarget.COMPLAINT,
        target_id=CASE_ID,
        occurred_at=wib(4, 29, 9, 20),
        actor=INSPECTOR,
    )
    assert the_event(sidak, Inspection.FindingReferred).referral.target is ReferralTarget.COMPLAINT


def test_refer_finding_refusals() -> None:
    sidak = concluded()
    refer = {"occurred_at": wib(4, 30), "actor": INSPECTOR}
    sidak.refer_finding(
        1,
        target=ReferralTarget.DISCIPLINARY_CASE,
        target_id=CASE_ID,
        **refer,  # type: ignore[arg-type]
    )
    sidak.collect_events()
    with refused(sidak, CommandRefused):  # already referred there
        sidak.refer_finding(
            1,
            target=ReferralTarget.DISCIPLINARY_CASE,
            target_id=CASE_ID,
            **refer,  # type: ignore[arg-type]
        )
    with refused(sidak, InvalidValue):
        sidak.refer_finding(
            9,
            target=ReferralTarget.DISCIPLINARY_CASE,
            target_id=CASE_ID,
            **refer,  # type: ignore[arg-type]
        )
    with refused(sidak, InvalidValue):
        sidak.refer_finding(
            1,
            target=ReferralTarget.COMPLAINT,
            target_id="case-1",  # type: ignore[arg-type]
            **refer,  # type: ignore[arg-type]
        )
    sidak.amend_finding(1, reason="r", withdraw=True, occurred_at=wib(5, 1), actor=INSPECTOR)
    sidak.collect_events()
    with refused(sidak, CommandRefused):  # withdrawn
        sidak.refer_finding(
            1,
            target=ReferralTarget.COMPLAINT,
            target_id=CASE_ID,
            **refer,  # type: ignore[arg-type]
        )
