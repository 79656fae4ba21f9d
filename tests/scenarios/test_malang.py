"""The simulated year: deterministic, real offices, real rules, the Jodipan story inside it."""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime
from pathlib import Path

import pytest

from pelayanan import (
    WIB,
    Assessment,
    ComplianceService,
    DisciplinaryCase,
    FindingKind,
    Inspection,
    InvalidValue,
    ManualClock,
    Nip,
    Office,
    Punishment,
    complaint_id,
)
from pelayanan.domain.values import ProviderSanction, SanctionTrack
from pelayanan.scenarios.malang import SimulationResult, SimulationSettings, simulate
from pelayanan.scenarios.story import CASE_REF, COMPLAINT_REF, JODIPAN_STAFF, TEGURAN_REF
from tests.scenarios.conftest import SMALL, build
from tests.scenarios.support import events


def _signature(path: Path) -> list[tuple[str, int, str]]:
    service = ComplianceService.open(str(path), must_exist=True)
    try:
        return [
            (str(e.originator_id), e.originator_version, type(e).__qualname__)
            for e in events(service)
        ]
    finally:
        service.close()


def test_the_same_seed_records_the_same_events(
    small_year: tuple[Path, SimulationResult], tmp_path: Path
) -> None:
    again = tmp_path / "again.db"
    result = build(again)
    assert result.events == small_year[1].events
    assert _signature(again) == _signature(small_year[0])


def test_another_seed_records_a_different_year(
    small_year: tuple[Path, SimulationResult], tmp_path: Path
) -> None:
    other = tmp_path / "other.db"
    build(other, SimulationSettings(seed=8, scale=SMALL.scale))
    assert _signature(other) != _signature(small_year[0])


def test_all_57_offices_are_registered_with_6_to_12_staff_and_a_standard(
    small_service: ComplianceService,
) -> None:
    registered = [e for e in events(small_service) if isinstance(e, Office.Registered)]
    assert len(registered) == 57
    for event in registered:
        office = small_service.get_office(event.code)
        assert 6 <= len(office.staff) <= 12, office.name
        assert office.standard is not None
        assert sum(m.role.value == "lurah" for m in office.staff.values()) == 1


def test_the_jodipan_story_is_recorded_as_the_public_record_tells_it(
    small_service: ComplianceService,
) -> None:
    complaint = small_service.get_complaint(complaint_id(COMPLAINT_REF))
    assert complaint.filed_at == datetime(2024, 4, 29, 9, 45, tzinfo=WIB)
    assert complaint.status.value == "resolved"
    assert complaint.inspections, "the complaint was escalated to the verification sidak"
    lurah = JODIPAN_STAFF[0]
    case = next(
        e
        for e in events(small_service)
        if isinstance(e, DisciplinaryCase.Opened) and e.case_number == CASE_REF
    )
    decided = small_service.get_case(case.originator_id)
    assert decided.nip == lurah.nip
    assert decided.decided_on == date(2024, 4, 30)
    assert decided.decision is not None
    assert decided.decision.punishment is Punishment.TEGURAN_TERTULIS
    assert decided.decision.assessment is Assessment.WITHIN


def test_the_sekdas_teguran_is_a_uu25_sanction_and_the_case_is_the_camats(
    small_service: ComplianceService,
) -> None:
    (sanctioned,) = [e for e in events(small_service) if isinstance(e, Office.ProviderSanctioned)]
    assert sanctioned.reference == TEGURAN_REF and sanctioned.nip == JODIPAN_STAFF[0].nip
    assert sanctioned.track is SanctionTrack.UU25_PROVIDER
    assert sanctioned.sanction is ProviderSanction.TEGURAN_TERTULIS
    assert sanctioned.actor.name == "Sekretaris Daerah Kota Malang"
    assert sanctioned.fix_by is not None and sanctioned.fix_by.due == date(2024, 7, 30)
    (fixed,) = [e for e in events(small_service) if isinstance(e, Office.ProviderFailureFixed)]
    assert fixed.reference == TEGURAN_REF and fixed.fixed_on == date(2024, 5, 6)
    case = next(
        e for e in events(small_service)
        if isinstance(e, DisciplinaryCase.Opened) and e.case_number == CASE_REF
    )
    decided = small_service.get_case(case.originator_id)
    assert decided.authority is not None
    assert decided.authority.official_position == "camat-blimbing"
    assert decided.decision is not None and decided.decision.decided_by.name == "Camat Blimbing"


def test_every_punishment_is_authority_checked_and_bap_reports_precede_decisions(
    small_service: ComplianceService,
) -> None:
    by_case: dict[object, list[object]] = {}
    for e in events(small_service):
        if type(e).__qualname__.startswith("DisciplinaryCase."):
            by_case.setdefault(e.originator_id, []).append(e)
    punished = reported = 0
    for steps in by_case.values():
        kinds = [type(e).__name__ for e in steps]
        for i, e in enumerate(steps):
            if isinstance(e, DisciplinaryCase.Decided) and e.decision.punishment is not None:
                punished += 1
                assert kinds[i - 1] == "AuthorityRecorded", kinds
            if isinstance(e, DisciplinaryCase.BapReported):
                reported += 1
                assert "ExaminationRecorded" in kinds[:i]
                assert "Decided" not in kinds[:i]
                assert e.reported_by.startswith(("lurah-", "camat-"))
    assert punished > 100 and reported > 5


def test_all_lurah_and_seklur_are_away_at_the_pembinaan_on_6_may(
    small_service: ComplianceService,
) -> None:
    pembinaan = [
        e
        for e in events(small_service)
        if isinstance(e, Office.PermissionRecorded)
        and e.permission.period.start == datetime(2024, 5, 6, 7, 30, tzinfo=WIB)
        and "Pembinaan" in e.permission.reason
    ]
    assert len(pembinaan) == 2 * 57


def test_a_vacancy_finding_is_recorded_exactly_when_nobody_on_the_staff_was_present(
    small_service: ComplianceService,
) -> None:
    observations: dict[object, list[Inspection.ObservationRecorded]] = {}
    vacant: set[object] = set()
    for e in events(small_service):
        if isinstance(e, Inspection.ObservationRecorded):
            observations.setdefault(e.originator_id, []).append(e)
        elif (
            isinstance(e, Inspection.FindingRecorded)
            and e.finding.kind is FindingKind.OFFICE_VACANT
        ):
            vacant.add(e.originator_id)
    assert vacant, "a year has vacancies"
    for sidak, seen in observations.items():
        first = seen[0].observation
        if sidak in vacant:
            assert not first.present
        elif first.at.hour in range(8, 12):  # surely in service hours, not a break
            assert first.present, f"sidak {sidak} saw nobody but found no vacancy"


def test_the_rules_decide_and_some_decisions_are_flagged_lighter(
    small_year: tuple[Path, SimulationResult],
    small_service: ComplianceService,
) -> None:
    decided = [e for e in events(small_service) if isinstance(e, DisciplinaryCase.Decided)]
    assessments = Counter(e.decision.assessment for e in decided)
    assert assessments[Assessment.WITHIN] > assessments[Assessment.LIGHTER] > 0
    assert all(e.decision.rule is not None for e in decided)
    assert assessments[Assessment.LIGHTER] == small_year[1].counts["cases.flagged"]


def test_attendance_cases_follow_the_ladder_and_repeat_offenders_exist(
    small_service: ComplianceService,
) -> None:
    opened = [
        e
        for e in events(small_service)
        if isinstance(e, DisciplinaryCase.Opened) and e.breach.kind.value == "attendance"
    ]
    assert all((e.breach.days_absent or 0) >= 3 for e in opened)
    per_person = Counter(e.nip for e in opened)
    assert max(per_person.values()) >= 2, "someone climbs the ladder more than once"


def test_every_generated_nip_is_valid_and_appointed_at_18_or_later(
    small_service: ComplianceService,
) -> None:
    nips = {e.member.nip for e in events(small_service) if isinstance(e, Office.StaffAssigned)}
    assert len(nips) >= 57 * 6
    for nip in nips:
        assert isinstance(nip, Nip)
        assert nip.appointed[0] >= nip.birth_date.year + 18


def test_recorded_time_never_precedes_business_time(small_service: ComplianceService) -> None:
    for e in events(small_service):
        assert e.timestamp >= e.occurred_at, type(e).__qualname__


@pytest.mark.parametrize("bad", [{"scale": 0}, {"scale": 100}, {"year": 2019}, {"seed": "x"}])
def test_bad_settings_are_refused(bad: dict[str, object]) -> None:
    with pytest.raises(InvalidValue):
        SimulationSettings(**bad)  # type: ignore[arg-type]


def test_simulate_needs_the_services_own_manual_clock(tmp_path: Path) -> None:
    service = ComplianceService.open(
        str(tmp_path / "x.db"), clock=ManualClock(datetime(2024, 1, 1, tzinfo=WIB))
    )
    try:
        with pytest.raises(InvalidValue, match="ManualClock"):
            simulate(service, ManualClock(datetime(2024, 1, 1, tzinfo=WIB)), SMALL)
    finally:
        service.close()
