"""The sidak: the satgas arrives unannounced, observes who is there, records its findings.

What the team sees comes from the simulated truth (:mod:`pelayanan.scenarios.world`); what it
*finds* comes from the real rule: :func:`pelayanan.policy.office_coverage` decides whether the
office was vacant in service hours and which absences were excused by a recorded permission.
A vacancy finding is referred to a disciplinary case against the lurah.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from uuid import UUID

from pelayanan.domain.inspection import Observation, Team, TeamMember
from pelayanan.domain.values import Actor, FindingKind, InspectorUnit, Role
from pelayanan.policy.coverage import office_coverage
from pelayanan.scenarios.casework import CaseDesk
from pelayanan.scenarios.context import Scenario
from pelayanan.scenarios.world import OfficeState


def satgas_team(kecamatan: str) -> tuple[Team, Actor]:
    """The task force formed after Jodipan: Inspektorat, BKPSDM and Asisten I."""
    team = Team(
        (
            TeamMember(
                name=f"Auditor Inspektorat (wilayah {kecamatan})", unit=InspectorUnit.INSPEKTORAT
            ),
            TeamMember(name="Analis SDM Aparatur BKPSDM", unit=InspectorUnit.BKPSDM),
            TeamMember(name="Staf Asisten Pemerintahan (Asisten I)", unit=InspectorUnit.ASISTEN),
        )
    )
    return team, Actor(name=f"Ketua Satgas Sidak wilayah {kecamatan}", role="satgas sidak")


def routine_team(kecamatan: str) -> tuple[Team, Actor]:
    """Before the satgas: the Inspektorat's own, rarer, monitoring visits."""
    team = Team(
        (
            TeamMember(
                name=f"Inspektur Pembantu wilayah {kecamatan}", unit=InspectorUnit.INSPEKTORAT
            ),
        )
    )
    return team, Actor(name=f"Inspektur Pembantu wilayah {kecamatan}", role="inspektorat")


class InspectionDesk:
    def __init__(self, sim: Scenario, cases: CaseDesk) -> None:
        self.sim = sim
        self.cases = cases

    def schedule(
        self,
        office: OfficeState,
        start: datetime,
        *,
        satgas: bool,
        complaint: UUID | None = None,
    ) -> None:
        """Plan a sidak starting at ``start``; it is recorded when the team has finished."""
        sim = self.sim
        first = start + timedelta(minutes=sim.rng.randint(3, 10))
        # The satgas looks again before it leaves; the older monitoring visits mostly did not.
        again = sim.chance(0.9 if satgas else 0.3)
        second = first + timedelta(minutes=sim.rng.randint(40, 80)) if again else None
        end = (second or first) + timedelta(minutes=sim.rng.randint(10, 25))
        sim.at_time(end, lambda: self._visit(office, start, first, second, end, satgas, complaint))

    def _visit(
        self,
        office: OfficeState,
        start: datetime,
        first: datetime,
        second: datetime | None,
        end: datetime,
        satgas: bool,
        complaint: UUID | None,
    ) -> None:
        sim = self.sim
        service = sim.service
        kecamatan = office.kelurahan.kecamatan.name
        team, leader = (satgas_team if satgas else routine_team)(kecamatan)
        series = "SATGAS" if satgas else "IRBAN"
        reference = f"ST/700/{sim.year}/{series}/{sim.next_number('sidak'):05d}"
        inspection = service.start_inspection(
            reference, office_code=office.code, team=team, actor=leader, occurred_at=start
        )
        office.inspections += 1
        sim.count("inspections")
        present, absent, excused = office.whereabouts(first)
        counter = bool(present) and not sim.chance(office.culture.counter_lapse)
        displayed = not sim.chance(office.culture.standard_lapse)
        waiting = sim.rng.randint(0, 6)
        service.record_observation(
            inspection,
            Observation(
                at=first,
                office_open=bool(present) or sim.chance(0.7),
                counter_staffed=counter,
                present=tuple(present),
                absent=tuple(absent),
                absent_with_permission=tuple(excused),
                standard_displayed=displayed,
                citizens_waiting=waiting,
                note=office.episode.reason
                if office.episode and office.episode.covers(first)
                else None,
            ),
            actor=leader,
        )
        coverage = office_coverage(
            office.hours,
            first,
            present,
            [s.nip for s in office.staff.values()],
            excused,
            calendar=sim.calendar,
            settings=service.policy,
        )
        at = first + timedelta(minutes=5)
        vacancy: int | None = None
        if coverage.vacant:
            vacancy = service.record_finding(
                inspection,
                kind=FindingKind.OFFICE_VACANT,
                severity="high",
                description="Kantor kosong pada jam layanan: tidak ada petugas yang melayani.",
                subjects=coverage.unexcused,
                observation=1,
                occurred_at=at,
                actor=leader,
            )
            sim.count("findings.office_vacant")
        elif coverage.unexcused:
            service.record_finding(
                inspection,
                kind=FindingKind.STAFF_ABSENT_WITHOUT_PERMISSION,
                severity="medium" if len(coverage.unexcused) > 1 else "low",
                description=f"{len(coverage.unexcused)} pegawai tidak hadir tanpa izin.",
                subjects=coverage.unexcused,
                observation=1,
                occurred_at=at,
                actor=leader,
            )
            sim.count("findings.staff_absent")
        if coverage.in_service_hours and present and not counter:
            service.record_finding(
                inspection,
                kind=FindingKind.COUNTER_UNSTAFFED,
                severity="low",
                description="Loket pelayanan tidak dijaga walaupun pegawai ada di kantor.",
                observation=1,
                occurred_at=at,
                actor=leader,
            )
            sim.count("findings.counter_unstaffed")
        if not displayed:
            service.record_finding(
                inspection,
                kind=FindingKind.STANDARD_NOT_DISPLAYED,
                severity="low",
                description="Standar pelayanan dan maklumat tidak dipajang di ruang layanan.",
                observation=1,
                occurred_at=at,
                actor=leader,
            )
            sim.count("findings.standard_not_displayed")
        if second is not None:
            later_present, later_absent, later_excused = office.whereabouts(second)
            service.record_observation(
                inspection,
                Observation(
                    at=second,
                    office_open=bool(later_present) or sim.chance(0.7),
                    counter_staffed=bool(later_present),
                    present=tuple(later_present),
                    absent=tuple(later_absent),
                    absent_with_permission=tuple(later_excused),
                    standard_displayed=displayed,
                    citizens_waiting=sim.rng.randint(0, 4),
                    note="Pemeriksaan ulang.",
                ),
                actor=leader,
            )
        summary = (
            "Kantor kosong pada jam layanan."
            if vacancy
            else (
                "Pelayanan berjalan; temuan dicatat."
                if coverage.unexcused
                else "Pelayanan berjalan."
            )
        )
        service.conclude_inspection(inspection, summary=summary, occurred_at=end, actor=leader)
        # A complaint resolved while the sidak ran is not escalated: only an open one can be.
        if complaint is not None and service.get_complaint(complaint).status.is_open:
            service.escalate_complaint(complaint, inspection=inspection, actor=leader)
        lurah = office.holder(Role.LURAH)
        if vacancy is not None and lurah is not None:
            self.cases.vacancy_case(office, inspection, reference, vacancy, lurah)
