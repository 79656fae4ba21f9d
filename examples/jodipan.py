"""The Jodipan incident, Kota Malang, April-May 2024, told through pelayanan's public API.

What the public record says (see docs/tutorial.md for sources): on Monday 29 April 2024 citizens
found the office of Kelurahan Jodipan (Kecamatan Blimbing) empty during service hours; its staff
were away as the committee of a colleague's wedding (the Kasi Trantib's). The complaint spread on
social media. On Tuesday 30 April the city's Sekda called it a light violation, to be met with a
written reprimand (teguran tertulis). A task force was formed for unannounced inspections, and on
Monday 6 May 2024 the lurah and seklur of all 57 kelurahan attended a coaching session.

What the record does not say, and this script makes up (marked "assumed"): the staff's names and
NIPs, the times of day, who verified the complaint, and whom the reprimand was addressed to.

Run it:  python examples/jodipan.py [--db PATH]
"""

from __future__ import annotations

import argparse
from datetime import date, datetime
from uuid import UUID

from pelayanan import (
    WIB,
    Actor,
    Breach,
    BreachKind,
    CaseSource,
    ComplianceService,
    FindingKind,
    Impact,
    InspectorUnit,
    ManualClock,
    Observation,
    ReferralTarget,
    SourceKind,
    Team,
    TeamMember,
)

JODIPAN = "35.73.01.1011"

# Assumed staff of the office (the real names were not published).
LURAH = ("197805052005011002", "Agus Prasetyo")
SEKLUR = ("198002142006042001", "Rina Wulandari")
KASI_TRANTIB = ("198811212012011001", "Bambang Hermawan")  # the groom
KASI_PEM = ("198507072010012002", "Sri Lestari")
STAFF = ("199203032019031001", "Eko Saputra")


def at(day: int, hour: int, minute: int = 0, month: int = 4) -> datetime:
    """A moment in 2024, Malang time."""
    return datetime(2024, month, day, hour, minute, tzinfo=WIB)


def tell(line: str) -> None:
    print(line)


def run(service: ComplianceService, clock: ManualClock) -> dict[str, UUID]:
    admin = Actor(name="Admin Kecamatan Blimbing", role="admin")

    # --- The office as it was before the incident ---------------------------------------------
    clock.set(at(1, 8))
    service.register_office(JODIPAN, name="Jodipan", kecamatan="Blimbing", actor=admin)
    for (nip, name), role in [
        (LURAH, "lurah"),
        (SEKLUR, "seklur"),
        (KASI_TRANTIB, "kasi"),
        (KASI_PEM, "kasi"),
        (STAFF, "staff"),
    ]:
        service.assign_staff(JODIPAN, nip=nip, name=name, role=role, actor=admin)
    tell("Kelurahan Jodipan registered with 5 staff and the Perpres 21/2023 service hours.")

    # The groom took leave for his own wedding: a recorded permission excuses him alone.
    service.record_permission(
        JODIPAN,
        nip=KASI_TRANTIB[0],
        kind="cuti",
        start=at(29, 0),
        end=at(30, 0),
        reason="cuti menikah (assumed)",
        actor=admin,
    )

    # --- Monday 29 April: the office is empty ---------------------------------------------------
    clock.set(at(29, 10, 5))
    citizen_desk = Actor(name="Pengelola SP4N-LAPOR! Kota Malang", role="admin pengaduan")
    complaint = service.file_complaint(
        "SOSMED-2024-0429-001",
        office_code=JODIPAN,
        channel="social_media",
        subject="Kantor Kelurahan Jodipan kosong pada jam layanan",
        description="Warga datang pukul 09.30 dan tidak ada satu pun petugas di kantor.",
        occurred_at=at(29, 9, 45),
        actor=citizen_desk,
    )
    due = service.get_complaint(complaint).response_deadline
    assert due is not None
    tell(f"29 Apr 09:45  complaint filed; first response due {due.due} ({due.rule}).")

    service.acknowledge_complaint(complaint, message="Pengaduan diterima.", actor=citizen_desk)
    classified = service.classify_complaint(complaint, "complaint", actor=citizen_desk)
    tell(f"29 Apr 10:05  classified as a complaint; to be settled by {classified.due}.")

    # Assumed: the Inspektorat verified the complaint on the spot the same morning.
    clock.set(at(29, 11, 30))
    inspector = Actor(name="Inspektur Pembantu Wilayah I", role="inspektorat")
    team = Team(
        (
            TeamMember(name="Inspektur Pembantu Wilayah I", unit=InspectorUnit.INSPEKTORAT),
            TeamMember(name="Analis Kepegawaian", unit=InspectorUnit.BKPSDM),
        )
    )
    sidak = service.start_inspection(
        "ST/700/2024/IRBAN-I/029",
        office_code=JODIPAN,
        team=team,
        occurred_at=at(29, 10, 40),
        actor=inspector,
    )
    service.record_observation(
        sidak,
        Observation(
            at=at(29, 10, 45),
            office_open=True,
            counter_staffed=False,
            absent=(LURAH[0], SEKLUR[0], KASI_PEM[0], STAFF[0]),
            absent_with_permission=(KASI_TRANTIB[0],),
            citizens_waiting=4,
            note="Pintu terbuka, tidak ada petugas; staf menjadi panitia pernikahan rekan.",
        ),
        actor=inspector,
    )
    vacancy = service.record_finding(
        sidak,
        kind=FindingKind.OFFICE_VACANT,
        severity="high",
        description="Kantor kosong pada jam layanan: tidak ada petugas yang melayani warga.",
        subjects=(LURAH[0], SEKLUR[0], KASI_PEM[0], STAFF[0]),
        observation=1,
        occurred_at=at(29, 10, 50),
        actor=inspector,
    )
    service.conclude_inspection(
        sidak, summary="Kantor kosong pada jam layanan.", occurred_at=at(29, 11), actor=inspector
    )
    service.escalate_complaint(complaint, inspection=sidak, actor=inspector)
    tell("29 Apr 10:45  verification visit: office vacant in service hours; the groom's leave")
    tell("              excuses him, not the vacancy.")

    # --- The case: clarification, then the Sekda's decision ------------------------------------
    clock.set(at(29, 13, 5))
    bkpsdm = Actor(name="Kepala BKPSDM Kota Malang", role="bkpsdm")
    case = service.open_case(
        "BKPSDM/800/2024/JDP-01",
        nip=LURAH[0],
        name=LURAH[1],
        office_code=JODIPAN,
        source=CaseSource(SourceKind.FINDING, "ST/700/2024/IRBAN-I/029 temuan 1", sidak),
        breach=Breach(
            BreachKind.OTHER_OBLIGATION,
            "Meninggalkan kantor kosong pada jam layanan (assumed: addressed to the "
            "lurah as head of the office)",
            impact=Impact.UNIT_KERJA,
        ),
        occurred_at=at(29, 13),
        actor=bkpsdm,
    )
    service.refer_finding(
        sidak, vacancy, target=ReferralTarget.DISCIPLINARY_CASE, target_id=case, actor=inspector
    )
    service.request_clarification(
        case, letter_date=date(2024, 4, 29), examination_date=date(2024, 4, 30), actor=bkpsdm
    )
    clock.set(at(30, 10))
    service.receive_clarification(
        case,
        statement="Seluruh staf menjadi panitia pernikahan rekan kami; kantor tidak dijaga.",
        occurred_at=at(30, 9),
        actor=bkpsdm,
    )
    # A clarification is not an examination: the atasan langsung examines before a punishment.
    service.record_examination(
        case,
        bap_reference="BAP/800/2024/JDP-01",
        signed_by_subject=True,
        examiners="Camat Blimbing (atasan langsung)",
        occurred_at=at(30, 10),
        actor=bkpsdm,
    )
    sekda = Actor(name="Sekretaris Daerah Kota Malang", role="pejabat yang berwenang menghukum")
    clock.set(at(30, 15))
    decision = service.decide_case(
        case,
        outcome="punishment",
        punishment="teguran_tertulis",
        reason="Pelanggaran ringan: kantor ditinggalkan kosong pada jam layanan.",
        decided_by=sekda,
        occurred_at=at(30, 14),
    )
    tell(
        f"30 Apr 14:00  Sekda decides: {decision.punishment.value if decision.punishment else '-'}"
        f" (rule {decision.rule}, {decision.assessment.value if decision.assessment else '-'};"
        f" basis {decision.legal_basis})."
    )
    service.deliver_decision(case, delivered_on=date(2024, 4, 30), actor=bkpsdm)

    service.respond_to_complaint(
        complaint,
        response="Pegawai telah dijatuhi teguran tertulis; satgas sidak dibentuk.",
        actor=citizen_desk,
    )
    service.resolve_complaint(
        complaint, resolution="Ditindaklanjuti dengan teguran tertulis.", actor=citizen_desk
    )
    tell("30 Apr 15:00  complaint answered and resolved.")

    # 6 May: the pembinaan of all 57 lurah and seklur is a meeting, not a recorded fact about
    # Jodipan; the Malang example (examples/malang) records the satgas' daily sidak after it.
    tell(" 6 May        pembinaan for the lurah and seklur of all 57 kelurahan at Balai Kota.")
    return {
        "office": service.get_office(JODIPAN).id,
        "complaint": complaint,
        "sidak": sidak,
        "case": case,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", default=":memory:", help="SQLite path or postgresql:// URL")
    args = parser.parse_args()
    clock = ManualClock(at(1, 8))
    service = ComplianceService.open(args.db, clock=clock)
    try:
        ids = run(service, clock)
        print(f"\n{service.head()} events recorded; case {ids['case']}.")
    finally:
        service.close()


if __name__ == "__main__":
    main()
