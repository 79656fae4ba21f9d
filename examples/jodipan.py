"""The Jodipan incident, Kota Malang, April-May 2024, told through pelayanan's public API.

What the public record says (see docs/tutorial.md for sources): on Monday 29 April 2024 citizens
found the office of Kelurahan Jodipan (Kecamatan Blimbing) empty during service hours; its staff
were away as the committee of a colleague's wedding (the Kasi Trantib's). The complaint spread on
social media. On Tuesday 30 April the city's Sekda called it a light violation, to be met with a
written reprimand (teguran tertulis). A task force was formed for unannounced inspections, and on
Monday 6 May 2024 the lurah and seklur of all 57 kelurahan attended a coaching session.

What the record does not say, and this script makes up (marked "assumed"): the staff's names and
NIPs, the times of day, who verified the complaint, whom the reprimand was addressed to, the
classes of the kelurahan's positions, who decided the discipline case, and the fix after 6 May.

Which law the Sekda's teguran tertulis was given under, the news does not say either. Under PP
94/2021 a Sekda (JPT Pratama) imposes a ringan punishment only one tier below, and the lurah here is
a pengawas, two tiers below: the service refuses it. So the script records it as what a Sekda
may give, a UU 25/2009 Pasal 54 sanction on the provider (3 months to fix the failure), and runs
the discipline case under PP 94/2021 beside it: the camat examines and decides.

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
    Nip,
    Observation,
    ReferralTarget,
    SourceKind,
    Team,
    TeamMember,
)
from pelayanan.domain.errors import NoAuthority
from pelayanan.domain.organisation import Official, Organisation, Position, PositionClass

JODIPAN = "35.73.01.1011"

# Assumed staff of the office (the real names were not published).
LURAH = ("197805052005011002", "Agus Prasetyo")
SEKLUR = ("198002142006042001", "Rina Wulandari")
KASI_TRANTIB = ("198811212012011001", "Bambang Hermawan")  # the groom
KASI_PEM = ("198507072010012002", "Sri Lestari")
STAFF = ("199203032019031001", "Eko Saputra")


def organisation() -> Organisation:
    """Kota Malang's positions above and in Kelurahan Jodipan (the classes are assumed)."""
    pelaksana = [
        Position(f"pns-{nip}", title, PositionClass.PELAKSANA, "lurah-jodipan", holder=Nip(nip))
        for (nip, _), title in [
            (SEKLUR, "Sekretaris Kelurahan Jodipan"),
            (KASI_TRANTIB, "Kasi Trantib Jodipan"),
            (KASI_PEM, "Kasi Pemerintahan Jodipan"),
            (STAFF, "Pelaksana Kelurahan Jodipan"),
        ]
    ]
    return Organisation(
        (
            Position("walikota", "Wali Kota Malang", PositionClass.PPK),
            Position("sekda", "Sekretaris Daerah Kota Malang", PositionClass.JPT_PRATAMA,
                     "walikota"),
            Position("camat-blimbing", "Camat Blimbing", PositionClass.ADMINISTRATOR, "sekda"),
            Position("lurah-jodipan", "Lurah Jodipan", PositionClass.PENGAWAS,
                     "camat-blimbing", holder=Nip(LURAH[0])),
            *pelaksana,
        )
    )


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

    # --- The case: summons, examination, and the two legal tracks ------------------------------
    org = service.organisation
    assert org is not None
    camat = Official("Camat Blimbing", org.position("camat-blimbing"))
    sekda = Official("Sekretaris Daerah Kota Malang", org.position("sekda"))
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
    # The camat, the lurah's atasan langsung, summons and examines.
    service.request_clarification(
        case, letter_date=date(2024, 4, 29), examination_date=date(2024, 4, 30), actor=camat.actor
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
        actor=camat.actor,
    )
    tell("30 Apr 10:00  the camat examines the lurah; the BAP is signed.")

    clock.set(at(30, 15))
    try:  # PP 94/2021: a Sekda imposes ringan only one tier below; the lurah is two below.
        service.decide_case(
            case, outcome="punishment", punishment="teguran_tertulis", reason="Ringan.",
            decided_by=sekda, occurred_at=at(30, 14),
        )
    except NoAuthority:
        tell("30 Apr 14:00  as a PP 94/2021 punishment, the Sekda's teguran is refused: the")
        tell("              camat holds that authority over a lurah (pp94.punishing_authority).")
    fix_by = service.sanction_provider(
        JODIPAN,
        reference="800/TEG/SETDA/2024/JDP-01",
        nip=LURAH[0],
        reason="Kantor kosong pada jam layanan; pelayanan berhenti (assumed: to the lurah).",
        occurred_at=at(30, 14),
        actor=sekda.actor,
    )
    assert fix_by is not None
    tell(f"30 Apr 14:00  Sekda: teguran tertulis under UU 25/2009 Pasal 54 ({fix_by.rule}); the")
    tell(f"              failure is to be fixed by {fix_by.due}, else pembebasan dari jabatan.")
    decision = service.decide_case(
        case,
        outcome="punishment",
        punishment="teguran_tertulis",
        reason="Pelanggaran ringan: kantor ditinggalkan kosong pada jam layanan.",
        decided_by=camat,
        occurred_at=at(30, 14, 30),
    )
    granted = service.get_case(case).authority
    tell(
        f"30 Apr 14:30  camat decides under PP 94/2021: "
        f"{decision.punishment.value if decision.punishment else '-'} (rule {decision.rule}, "
        f"{decision.assessment.value if decision.assessment else '-'}; authority "
        f"{granted.rule if granted else '-'})."
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

    # 6 May: the pembinaan of all 57 lurah and seklur at Balai Kota; after it the office keeps a
    # piket roster (assumed), which fixes the failure the Sekda's teguran named.
    tell(" 6 May        pembinaan for the lurah and seklur of all 57 kelurahan at Balai Kota.")
    clock.set(at(6, 13, month=5))
    service.record_provider_fix(
        JODIPAN,
        reference="800/TEG/SETDA/2024/JDP-01",
        fixed_on=date(2024, 5, 6),
        note="Jadwal piket disusun; kantor tidak lagi ditinggalkan kosong (assumed).",
        actor=Actor(name=LURAH[1], role="lurah", nip=Nip(LURAH[0])),
    )
    tell(" 6 May        the office's piket roster: the failure is recorded as fixed.")
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
    service = ComplianceService.open(args.db, clock=clock, organisation=organisation())
    try:
        ids = run(service, clock)
        print(f"\n{service.head()} events recorded; case {ids['case']}.")
    finally:
        service.close()


if __name__ == "__main__":
    main()
