"""The standard projections: given these commands (so these events), then this view.

One scenario, Kelurahan Jodipan in the week of 29 April 2024, runs on SQLite and PostgreSQL.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

import pytest

from pelayanan.clock import ManualClock
from pelayanan.domain.discipline import Breach, BreachKind, CaseSource, SourceKind
from pelayanan.domain.inspection import Observation, Team, TeamMember
from pelayanan.domain.values import WIB, Actor, InspectorUnit, Nip
from pelayanan.projections import ReadModelRunner
from pelayanan.projections.standard import (
    STANDARD,
    discipline_register,
    kecamatan_board,
    office_board,
    open_complaints,
    overdue_complaints,
    service_levels,
    timeline,
)
from pelayanan.service import ComplianceService

JODIPAN, KOTALAMA = "35.73.01.1011", "35.73.03.1001"
LURAH = Nip("197805052005011002")
KASI = Nip("198811212012012001")
INSPECTOR = Actor(name="Ketua Satgas", role="inspektorat")
OFFICIAL = Actor(name="Sekretaris Daerah", role="pejabat yang berwenang menghukum")


def at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2024, 4 if day > 20 else 5, day, hour, minute, tzinfo=WIB)


@pytest.fixture
def scenario(service: ComplianceService, clock: ManualClock, clerk: Actor) -> dict[str, Any]:
    return play(service, clock, clerk)


def play(service: ComplianceService, clock: ManualClock, clerk: Actor) -> dict[str, Any]:
    """Mon 29 Apr: Jodipan found empty at 09.30; complaints; a case against the Kasi."""
    service.register_office(JODIPAN, name="Jodipan", kecamatan="Blimbing", actor=clerk)
    service.register_office(KOTALAMA, name="Kotalama", kecamatan="Kedungkandang", actor=clerk)
    service.assign_staff(JODIPAN, nip=LURAH, name="Lurah Jodipan", role="lurah", actor=clerk)
    service.assign_staff(JODIPAN, nip=KASI, name="Kasi Trantib", role="kasi", actor=clerk)
    clock.set(at(29, 10))
    team = Team((TeamMember(name="Inspektur Pembantu", unit=InspectorUnit.INSPEKTORAT),))
    sidak = service.start_inspection(
        "ST/SIDAK/2024/001", office_code=JODIPAN, team=team, actor=INSPECTOR, occurred_at=at(29, 9)
    )
    empty = dict(office_open=False, counter_staffed=False, absent=(LURAH, KASI))
    service.record_observation(sidak, Observation(at=at(29, 9, 30), **empty), actor=INSPECTOR)
    clock.set(at(29, 13))
    # 12.30 is the lunch break: an empty office then is no vacancy in service hours.
    service.record_observation(sidak, Observation(at=at(29, 12, 30), **empty), actor=INSPECTOR)
    service.record_finding(
        sidak, kind="office_vacant", severity="high", description="kosong", actor=INSPECTOR
    )
    service.record_finding(
        sidak, kind="standard_not_displayed", severity="low", description="-", actor=INSPECTOR
    )
    service.conclude_inspection(sidak, summary="kantor kosong", actor=INSPECTOR)
    service.amend_finding(sidak, 2, reason="standar terpasang", withdraw=True, actor=INSPECTOR)
    mid = clock.now()

    clock.set(at(29, 14))
    open_one = service.file_complaint(
        "LAPOR-001",
        office_code=JODIPAN,
        channel="social_media",
        subject="kosong",
        description="tidak ada petugas",
        actor=clerk,
    )
    service.classify_complaint(open_one, "complaint", actor=clerk)
    done = service.file_complaint(
        "LAPOR-002",
        office_code=JODIPAN,
        channel="phone",
        subject="antre",
        description="lama",
        actor=clerk,
    )
    clock.set(at(30, 10))
    service.acknowledge_complaint(done, message="diterima", actor=clerk)
    service.classify_complaint(done, "information_request", actor=clerk)
    service.respond_to_complaint(done, response="dijawab", actor=clerk)
    clock.set(at(30, 14))
    service.resolve_complaint(done, resolution="selesai", actor=clerk)

    case = service.open_case(
        "BKPSDM/2024/001",
        nip=KASI,
        name="Kasi Trantib",
        office_code=JODIPAN,
        actor=clerk,
        source=CaseSource(SourceKind.FINDING, "ST/SIDAK/2024/001#1", sidak),
        breach=Breach(BreachKind.ATTENDANCE, "tidak masuk tanpa alasan sah", days_absent=5),
    )
    service.request_clarification(
        case, letter_date=date(2024, 4, 30), examination_date=date(2024, 5, 3), actor=clerk
    )
    clock.set(at(3, 10))
    service.receive_clarification(case, statement="panitia pernikahan", actor=clerk)
    service.record_examination(
        case, bap_reference="BAP", signed_by_subject=True, examiners="atasan", actor=clerk
    )
    service.decide_case(
        case,
        outcome="punishment",
        punishment="teguran_lisan",
        reason="ringan",
        decided_by=OFFICIAL,
    )
    return {"sidak": sidak, "open": open_one, "done": done, "case": case, "mid": mid}


def run(service: ComplianceService, page_size: int = 1000) -> ReadModelRunner:
    runner = ReadModelRunner(service, STANDARD, page_size=page_size)
    runner.catch_up()
    return runner


def test_office_board_per_office_and_per_kecamatan(
    service: ComplianceService, scenario: dict[str, Any]
) -> None:
    runner = run(service)
    due = service.get_complaint(scenario["open"]).deadline
    assert due is not None
    before, after = due.due, due.due + timedelta(days=1)

    jodipan, kotalama = office_board(runner.reader("office_board"), before)
    assert jodipan == {
        "code": JODIPAN,
        "name": "Jodipan",
        "kecamatan": "Blimbing",
        "inspections": 1,
        "concluded_inspections": 1,
        "findings": {"office_vacant": 1},  # the withdrawn finding no longer counts
        "findings_by_severity": {"high": 1},
        "vacancies_in_service_hours": 1,  # 09.30 counts, 12.30 (break) does not
        "complaints": 2,
        "open_complaints": 1,
        "overdue_complaints": 0,
        "open_cases": 1,
        # Every sidak found it vacant (-40), one high finding per sidak (-30), one open case.
        "score": 100 - 40 - 30 - 3,
        "zone": "merah",  # 27: below 51.00
    }
    assert (kotalama["score"], kotalama["zone"]) == (100, "hijau")

    late = office_board(runner.reader("office_board"), after)[0]
    assert (late["overdue_complaints"], late["score"], late["zone"]) == (1, 22, "merah")
    blimbing, kedungkandang = kecamatan_board(runner.reader("office_board"), after)
    assert (blimbing["kecamatan"], blimbing["offices"], blimbing["score"]) == ("Blimbing", 1, 22)
    assert (kedungkandang["score"], kedungkandang["zone"]) == (100, "hijau")


def test_the_score_judges_rates_not_how_often_an_office_was_inspected() -> None:
    from pelayanan.projections.standard.office_board import score

    day = date(2024, 4, 29)
    seldom = {"inspections": 2, "vacancies": 1, "severities": {"high": 1}, "open_cases": {}}
    often = {"inspections": 200, "vacancies": 1, "severities": {"high": 1}, "open_cases": {}}
    assert score(seldom, 0, day).score == 100 - 40 * 0.5 - 30 * 0.5
    assert score(often, 0, day).score == round(100 - 40 * 0.005 - 30 * 0.005, 2)
    busy = {**often, "open_cases": {"a": 1}}
    assert score(busy, 2, day).score == round(score(often, 0, day).score - 13, 2)
    never = {"inspections": 0, "vacancies": 0, "severities": {}, "open_cases": {}}
    assert score(never, 0, day).score == 100


def test_complaint_tracker_deadlines_overdue_and_times(
    service: ComplianceService, scenario: dict[str, Any]
) -> None:
    runner = run(service)
    view = runner.reader("complaint_sla")
    due = service.get_complaint(scenario["open"]).deadline
    assert due is not None

    (row,) = open_complaints(view, due.due)
    assert row["reference"] == "LAPOR-001" and row["deadline"]["due"] == due.due.isoformat()
    assert row["deadline"]["rule"] == str(due.rule) and not row["overdue"]
    assert overdue_complaints(view, due.due) == []
    (late,) = overdue_complaints(view, due.due + timedelta(days=2))
    assert late["days_overdue"] == 2
    levels = service_levels(view)
    # LAPOR-002: filed Mon 14.00, answered Tue 10.00 (20 h), resolved Tue 14.00 (24 h).
    assert levels["time_to_response"] == {"count": 1, "mean_hours": 20.0, "median_hours": 20.0}
    assert levels["time_to_resolution"]["mean_hours"] == 24.0


def test_discipline_register_cases_decisions_absence_and_next_step(
    service: ComplianceService, scenario: dict[str, Any]
) -> None:
    runner = run(service)
    (entry,) = discipline_register(runner.reader("discipline_register"), date(2024, 5, 6))

    assert (entry["nip"], entry["name"], entry["open_cases"]) == (KASI.value, "Kasi Trantib", 1)
    (case,) = entry["cases"]
    decision = case["decision"]
    assert decision["punishment"] == "teguran_lisan"
    assert case["punishment"] == "teguran_lisan" and "standing" not in case  # one name
    assert decision["required"] == "teguran_tertulis"  # 4-6 days: the ladder asks for more
    assert decision["assessment"] == "lighter" and decision["flagged_lighter"]
    assert decision["rule"] and decision["legal_basis"]
    assert case["next_step"].startswith("deliver the decision")
    assert entry["absence_days_this_year"] == 5
    assert entry["attendance_rule"]["punishment"] == "teguran_tertulis"
    assert entry["punishments_in_effect"] == []
    next_year = discipline_register(runner.reader("discipline_register"), date(2025, 1, 2))[0]
    assert next_year["absence_days_this_year"] == 0 and next_year["attendance_rule"] is None


def test_audit_trail_per_aggregate_and_per_office(
    service: ComplianceService, scenario: dict[str, Any]
) -> None:
    runner = run(service)
    view = runner.reader("audit_trail")

    case_line = timeline(view, aggregate_id=scenario["case"])
    assert [e["event"] for e in case_line] == [
        "Opened",
        "ClarificationRequested",
        "ClarificationReceived",
        "ExaminationRecorded",
        "Decided",
    ]
    decided = case_line[-1]
    assert decided["actor"] == "Sekretaris Daerah" and decided["office"] == JODIPAN
    assert decided["legal_basis"] and decided["rules"]
    sidak_line = timeline(view, aggregate_id=scenario["sidak"])
    observed = sidak_line[1]  # business time is the observation's, recorded time the clock's
    assert datetime.fromisoformat(observed["occurred_at"]) == at(29, 9, 30)
    assert datetime.fromisoformat(observed["recorded_at"]) == at(29, 10)

    office_line = timeline(view, office=JODIPAN)
    assert len(office_line) == service.head() - 1  # all but Kotalama's registration
    assert [e["position"] for e in office_line] == sorted(e["position"] for e in office_line)
    assert {e["aggregate"] for e in office_line} == {
        "Office",
        "Inspection",
        "Complaint",
        "DisciplinaryCase",
    }


def test_every_standard_view_rebuilt_from_zero_equals_the_live_one(
    service: ComplianceService, clock: ManualClock, clerk: Actor
) -> None:
    runner = ReadModelRunner(service, STANDARD, page_size=5)
    # Built live: a catch-up after every step of the scenario.
    steps = iter(range(1000))
    original = service.save

    def save_and_follow(*args: Any, **kwargs: Any) -> Any:
        result = original(*args, **kwargs)
        if next(steps) % 3 == 0:
            runner.catch_up()
        return result

    service.save = save_and_follow  # type: ignore[method-assign]
    play(service, clock, clerk)
    service.save = original  # type: ignore[method-assign]
    runner.catch_up()
    live = {name: views(runner, name) for name in runner.projections}

    runner.rebuild()

    assert {name: views(runner, name) for name in runner.projections} == live
    assert len(live["audit_trail"][1]) == service.head()


def views(runner: ReadModelRunner, name: str) -> tuple[Any, Any]:
    reader = runner.reader(name)
    rows = (
        reader.query("SELECT * FROM {entries} ORDER BY position")
        if reader.projection.tables
        else []
    )
    return reader.items(), rows


def test_a_board_as_of_a_recorded_time_shows_only_what_was_recorded_by_then(
    service: ComplianceService, scenario: dict[str, Any]
) -> None:
    runner = run(service)
    with runner.as_of("office_board", recorded_at=scenario["mid"]) as then:
        jodipan = office_board(then, date(2024, 4, 29))[0]
    assert (jodipan["complaints"], jodipan["open_cases"], jodipan["findings"]) == (
        0,
        0,
        {"office_vacant": 1},
    )
    assert office_board(runner.reader("office_board"), date(2024, 4, 29))[0]["complaints"] == 2
