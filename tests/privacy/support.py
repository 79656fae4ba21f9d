"""A small store with personal data: one office, two complaints, one case with statements."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from uuid import UUID

import attrs

from pelayanan import (
    WIB,
    Actor,
    Breach,
    BreachKind,
    CaseSource,
    Complainant,
    ComplianceService,
    ManualClock,
    SourceKind,
)

CLERK = Actor(name="Siti Rahayu", role="admin kelurahan")
NAME = "Budi Santoso"
CONTACT = "0812-3456-7890"
DESCRIPTION = "Kantor kosong pukul 10.00; saya Budi dari RT 04 RW 02 Jodipan."
STATEMENT = "Saya menjadi panitia pernikahan Kasi Trantib; rumah saya di Jl. Ir. Juanda 7."
PERSONAL = (NAME, CONTACT, DESCRIPTION, STATEMENT)
"""Every piece of personal data the scenario records: none may appear in plain bytes."""


@attrs.frozen
class Scenario:
    complaint: UUID
    other_complaint: UUID
    case: UUID


def clock() -> ManualClock:
    return ManualClock(datetime(2024, 4, 29, 9, 0, tzinfo=WIB))


def record(service: ComplianceService, clock: ManualClock) -> Scenario:
    service.register_office("35.73.01.1011", name="Jodipan", kecamatan="Blimbing", actor=CLERK)
    service.assign_staff(
        "35.73.01.1011", nip="198001012005011001", name="Agus", role="staff", actor=CLERK
    )
    complaint = service.file_complaint(
        "LAPOR-2024-0001",
        office_code="35.73.01.1011",
        channel="sp4n_lapor",
        subject="Kantor kelurahan kosong",
        description=DESCRIPTION,
        complainant=Complainant(NAME, CONTACT),
        actor=CLERK,
    )
    other = service.file_complaint(
        "LAPOR-2024-0002",
        office_code="35.73.01.1011",
        channel="sp4n_lapor",
        subject="Antrean lama",
        description="Antrean KTP lebih dari dua jam.",
        actor=CLERK,
    )
    service.acknowledge_complaint(complaint, message="Diterima", actor=CLERK)
    case = service.open_case(
        "BKPSDM/2024/001",
        nip="198001012005011001",
        name="Agus",
        office_code="35.73.01.1011",
        source=CaseSource(SourceKind.COMPLAINT, "LAPOR-2024-0001", complaint),
        breach=Breach(BreachKind.ATTENDANCE, "alpa", days_absent=3),
        actor=CLERK,
    )
    service.request_clarification(
        case, letter_date=date(2024, 4, 29), examination_date=date(2024, 5, 2), actor=CLERK
    )
    clock.advance(timedelta(days=3))
    service.receive_clarification(case, statement=STATEMENT, actor=CLERK)
    service.receive_clarification(case, statement="Tambahan: saya minta maaf.", actor=CLERK)
    return Scenario(complaint, other, case)
