"""The events the public record tells, woven into the simulated year (2024 only).

- Mon 29 April 2024: Kelurahan Jodipan found empty in service hours (its staff were the
  committee of the Kasi Trantib's wedding); a complaint on social media; a verification visit.
- Tue 30 April 2024: the Sekda calls it a light violation, met with a teguran tertulis.
- From then on: the satgas (Inspektorat, BKPSDM, Asisten I) makes unannounced inspections.
- Mon 6 May 2024: the lurah and seklur of all 57 kelurahan attend the *Pembinaan dan Evaluasi
  Pelayanan Publik* at Balai Kota (recorded as their dinas luar that morning).

Which law the Sekda's teguran tertulis was given under, the news does not say. Under PP 94/2021
a JPT Pratama imposes a ringan punishment only one tier below, and the lurah here is a pengawas,
two tiers below (an assumption of :mod:`~pelayanan.scenarios.positions`): the authority rule
refuses the Sekda. So the demo records it on the track a Sekda may use, a UU 25/2009 Pasal 54
sanction on the provider's pelaksana (the lurah as head of the office; 3 months to fix the
failure, fixed with the piket roster after the 6 May pembinaan, assumed). The disciplinary case
the finding opened follows PP 94/2021 beside it: the camat, the lurah's atasan langsung, examines
and, holding authority for a ringan punishment on the lurah, decides it (the demo's assumption:
the record of that decision is not public). Each sanction says which track it was given under.

The Jodipan part uses the same references, staff and times as ``examples/jodipan.py``, so a reader
can follow that script line by line and find each of its facts in the demo's store. Names and
NIPs are the script's assumptions, not the real people's.
"""

from __future__ import annotations

from datetime import date, datetime

from pelayanan.domain.discipline import Breach, BreachKind, CaseSource, SourceKind
from pelayanan.domain.inspection import Observation, Team, TeamMember
from pelayanan.domain.organisation import Official
from pelayanan.domain.values import (
    WIB,
    Actor,
    FindingKind,
    Impact,
    InspectorUnit,
    Nip,
    PermissionKind,
    Role,
)
from pelayanan.scenarios import positions
from pelayanan.scenarios.casework import CaseDesk
from pelayanan.scenarios.context import ADMIN, BKPSDM, LAPOR_DESK, Scenario
from pelayanan.scenarios.people import Person
from pelayanan.scenarios.world import Episode, OfficeState

STORY_YEAR = 2024
INCIDENT = date(2024, 4, 29)
DECISION = date(2024, 4, 30)
SATGAS_FROM = date(2024, 5, 6)
PEMBINAAN = date(2024, 5, 6)

# The staff examples/jodipan.py assumes (the real names were not published).
JODIPAN_STAFF = (
    Person(Nip("197805052005011002"), "Agus Prasetyo", Role.LURAH),
    Person(Nip("198002142006042001"), "Rina Wulandari", Role.SEKLUR),
    Person(Nip("198811212012011001"), "Bambang Hermawan", Role.KASI),  # the Kasi Trantib, groom
    Person(Nip("198507072010012002"), "Sri Lestari", Role.KASI),
    Person(Nip("199203032019031001"), "Eko Saputra", Role.STAFF),
)
GROOM = JODIPAN_STAFF[2]
COMPLAINT_REF = "SOSMED-2024-0429-001"
SIDAK_REF = "ST/700/2024/IRBAN-I/029"
CASE_REF = "BKPSDM/800/2024/JDP-01"
TEGURAN_REF = "800/TEG/SETDA/2024/JDP-01"
FIXED = date(2024, 5, 6)


def at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=WIB)


class Story:
    def __init__(self, sim: Scenario, cases: CaseDesk, jodipan: OfficeState) -> None:
        self.sim = sim
        self.cases = cases
        self.office = jodipan

    def schedule(self) -> None:
        if self.sim.year != STORY_YEAR:
            return
        self.sim.at(date(2024, 4, 22), 8, 0, self._groom_leave)
        self.sim.at(INCIDENT, 10, 5, self._complaint)
        self.sim.at(INCIDENT, 11, 30, self._verification)
        self.sim.at(INCIDENT, 13, 5, self._case)
        self.sim.at(DECISION, 10, 0, self._clarification)
        self.sim.at(DECISION, 14, 0, self._provider_sanction)
        self.sim.at(DECISION, 15, 0, self._decision)
        self.sim.at(PEMBINAAN, 7, 0, self._pembinaan)
        self.sim.at(FIXED, 13, 0, self._fixed)

    def incident_day(self, office: OfficeState) -> None:
        """The truth of 29 April at Jodipan: everyone at the wedding through the morning."""
        office.episode = Episode(
            at(INCIDENT, 8, 30),
            at(INCIDENT, 13, 30),
            "Pintu terbuka, tidak ada petugas; staf menjadi panitia pernikahan rekan.",
        )

    def _groom_leave(self) -> None:
        service = self.sim.service
        start, end = at(INCIDENT, 0), at(DECISION, 0)
        service.record_permission(
            self.office.code,
            nip=GROOM.nip,
            kind="cuti",
            start=start,
            end=end,
            reason="cuti menikah (assumed)",
            actor=ADMIN,
        )
        self.office.staff[GROOM.nip.value].permissions.append((start, end, PermissionKind.CUTI))

    def _complaint(self) -> None:
        service = self.sim.service
        self.complaint = service.file_complaint(
            COMPLAINT_REF,
            office_code=self.office.code,
            channel="social_media",
            subject="Kantor Kelurahan Jodipan kosong pada jam layanan",
            description="Warga datang pukul 09.30 dan tidak ada satu pun petugas di kantor.",
            occurred_at=at(INCIDENT, 9, 45),
            actor=LAPOR_DESK,
        )
        service.acknowledge_complaint(
            self.complaint, message="Pengaduan diterima.", actor=LAPOR_DESK
        )
        service.classify_complaint(self.complaint, "complaint", actor=LAPOR_DESK)
        self.office.complaints += 1
        self.sim.count("complaints.filed")

    def _verification(self) -> None:
        sim, service, office = self.sim, self.sim.service, self.office
        inspector = Actor(name="Inspektur Pembantu Wilayah I", role="inspektorat")
        team = Team(
            (
                TeamMember(name="Inspektur Pembantu Wilayah I", unit=InspectorUnit.INSPEKTORAT),
                TeamMember(name="Analis Kepegawaian", unit=InspectorUnit.BKPSDM),
            )
        )
        self.sidak = service.start_inspection(
            SIDAK_REF,
            office_code=office.code,
            team=team,
            occurred_at=at(INCIDENT, 10, 40),
            actor=inspector,
        )
        seen = at(INCIDENT, 10, 45)
        present, absent, excused = office.whereabouts(seen)
        service.record_observation(
            self.sidak,
            Observation(
                at=seen,
                office_open=True,
                counter_staffed=False,
                present=tuple(present),
                absent=tuple(absent),
                absent_with_permission=tuple(excused),
                citizens_waiting=4,
                note=office.episode.reason if office.episode else None,
            ),
            actor=inspector,
        )
        self.finding = service.record_finding(
            self.sidak,
            kind=FindingKind.OFFICE_VACANT,
            severity="high",
            description="Kantor kosong pada jam layanan: tidak ada petugas yang melayani warga.",
            subjects=tuple(absent),
            observation=1,
            occurred_at=at(INCIDENT, 10, 50),
            actor=inspector,
        )
        service.conclude_inspection(
            self.sidak,
            summary="Kantor kosong pada jam layanan.",
            occurred_at=at(INCIDENT, 11),
            actor=inspector,
        )
        service.escalate_complaint(self.complaint, inspection=self.sidak, actor=inspector)
        office.inspections += 1
        sim.count("inspections")
        sim.count("findings.office_vacant")

    def _case(self) -> None:
        service, office = self.sim.service, self.office
        lurah = JODIPAN_STAFF[0]
        self.case = service.open_case(
            CASE_REF,
            nip=lurah.nip,
            name=lurah.name,
            office_code=office.code,
            source=CaseSource(SourceKind.FINDING, f"{SIDAK_REF} temuan 1", self.sidak),
            breach=Breach(
                BreachKind.OTHER_OBLIGATION,
                # The news does not name who was summoned: the lurah, as head of the office,
                # is an assumption of the demo, said so in the record.
                "Meninggalkan kantor kosong pada jam layanan (asumsi demo: ditujukan kepada "
                "lurah sebagai kepala kantor)",
                impact=Impact.UNIT_KERJA,
            ),
            occurred_at=at(INCIDENT, 13),
            actor=BKPSDM,
        )
        office.vacancy_cases += 1
        self.sim.count("cases.vacancy")
        service.refer_finding(
            self.sidak, self.finding, target="disciplinary_case", target_id=self.case, actor=BKPSDM
        )
        # The camat, the lurah's atasan langsung, summons and examines.
        service.request_clarification(
            self.case, letter_date=INCIDENT, examination_date=DECISION, actor=self._camat().actor
        )

    def _clarification(self) -> None:
        self.sim.service.receive_clarification(
            self.case,
            statement="Seluruh staf menjadi panitia pernikahan rekan kami; kantor tidak dijaga.",
            occurred_at=at(DECISION, 9),
            actor=BKPSDM,
        )
        # A clarification is not an examination: the atasan langsung examines before a
        # punishment is decided, and the BAP records it.
        self.sim.service.record_examination(
            self.case,
            bap_reference="BAP/800/2024/JDP-01",
            signed_by_subject=True,
            examiners="Camat Blimbing (atasan langsung)",
            occurred_at=at(DECISION, 10),
            actor=self._camat().actor,
        )

    def _camat(self) -> Official:
        org = self.sim.service.organisation
        assert org is not None
        return positions.official(org, positions.camat_id(self.office.kelurahan.kecamatan.name))

    def _provider_sanction(self) -> None:
        """The Sekda's teguran tertulis, on the UU 25/2009 Pasal 54 track (not PP 94/2021)."""
        org = self.sim.service.organisation
        assert org is not None
        sekda = positions.official(org, positions.SEKDA.id)
        self.sim.service.sanction_provider(
            self.office.code,
            reference=TEGURAN_REF,
            nip=JODIPAN_STAFF[0].nip,
            reason="Pelanggaran ringan: kantor ditinggalkan kosong pada jam layanan; pelayanan "
            "berhenti (asumsi demo: sanksi UU 25/2009 Pasal 54 kepada lurah sebagai kepala "
            "kantor).",
            occurred_at=at(DECISION, 14),
            actor=sekda.actor,
        )
        self.sim.count("sanctions.provider")

    def _fixed(self) -> None:
        """After the pembinaan, the office's piket roster (assumed): the failure is fixed."""
        self.sim.service.record_provider_fix(
            self.office.code,
            reference=TEGURAN_REF,
            fixed_on=FIXED,
            note="Jadwal piket disusun; kantor tidak lagi ditinggalkan kosong (asumsi demo).",
            actor=_actor_of_lurah(),
        )
        self.sim.count("sanctions.provider_fixed")

    def _decision(self) -> None:
        sim, service = self.sim, self.sim.service
        # PP 94/2021: the camat may impose a ringan punishment on the lurah (a pengawas, one
        # tier below); the Sekda may not (the authority rule would refuse it).
        decision = service.decide_case(
            self.case,
            outcome="punishment",
            punishment="teguran_tertulis",
            reason="Pelanggaran ringan: kantor ditinggalkan kosong pada jam layanan (hukuman "
            "disiplin PP 94/2021 oleh atasan langsung; asumsi demo).",
            decided_by=self._camat(),
            occurred_at=at(DECISION, 14, 30),
        )
        sim.count("cases.decided")
        if decision.flagged:
            sim.count("cases.flagged")
        service.deliver_decision(self.case, delivered_on=DECISION, actor=BKPSDM)
        service.respond_to_complaint(
            self.complaint,
            response="Pegawai telah dijatuhi teguran tertulis; satgas sidak dibentuk.",
            actor=LAPOR_DESK,
        )
        service.resolve_complaint(
            self.complaint, resolution="Ditindaklanjuti dengan teguran tertulis.", actor=LAPOR_DESK
        )
        sim.count("complaints.resolved")
        lurah = self.office.staff[JODIPAN_STAFF[0].nip.value]
        self.cases.take_effect_later(self.case, lurah)

    def _pembinaan(self) -> None:
        """All 57 lurah and seklur at Balai Kota: their recorded dinas luar for the morning."""
        sim = self.sim
        start, end = at(PEMBINAAN, 7, 30), at(PEMBINAAN, 12, 0)
        for office in sim.offices.values():
            for role in (Role.LURAH, Role.SEKLUR):
                member = office.holder(role)
                if member is None:
                    continue
                sim.service.record_permission(
                    office.code,
                    nip=member.nip,
                    kind="dinas_luar",
                    start=start,
                    end=end,
                    reason="Pembinaan dan Evaluasi Pelayanan Publik, Balai Kota Malang",
                    reference="Und. Sekda 005/2024 (assumed)",
                    actor=ADMIN,
                )
                member.permissions.append((start, end, PermissionKind.DINAS_LUAR))
                sim.count("permissions")


def _actor_of_lurah() -> Actor:
    lurah = JODIPAN_STAFF[0]
    return Actor(name=lurah.name, role="lurah", nip=lurah.nip)


def satgas_active(day: date, year: int) -> bool:
    """The satgas sidak regime: from 6 May 2024; in other years, all year (it stayed)."""
    return year != STORY_YEAR or day >= SATGAS_FROM
