"""A small Kota Malang store for the as-of, replay, decision and timeline specifications."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, timedelta
from uuid import UUID

import attrs
import pytest

from pelayanan.clock import ManualClock
from pelayanan.domain.discipline import (
    Assessment,
    Breach,
    BreachKind,
    CaseSource,
    Decision,
    Outcome,
    SourceKind,
)
from pelayanan.domain.values import WIB, Actor, LegalBasis, Punishment, RuleRef
from pelayanan.service import ComplianceService

JODIPAN, KASIN = "35.73.01.1011", "35.73.02.1006"
LURAH_NIP, KASI_NIP = "197001011995031001", "198002022005012002"


def wib(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2024, 4, day, hour, minute, tzinfo=WIB)


@attrs.define
class Story:
    """Events, with (business time -> recorded time):

    Jodipan v1 registered 22 Apr 08:00 -> 22 Apr 08:00
    Jodipan v2 lurah assigned 23 Apr 09:00 -> 23 Apr 09:00
    Kasin   v1 registered 24 Apr 10:00 -> 24 Apr 10:00
    Jodipan v3 kasi assigned 22 Apr 13:00 (back-dated) -> 25 Apr 11:00
    """

    service: ComplianceService
    url: str
    clock: ManualClock


@pytest.fixture
def story(store_url: str, clerk: Actor) -> Iterator[Story]:
    clock = ManualClock(wib(22, 8))
    service = ComplianceService.open(store_url, clock=clock)
    service.register_office(JODIPAN, name="Jodipan", kecamatan="Blimbing", actor=clerk)
    clock.set(wib(23, 9))
    service.assign_staff(JODIPAN, nip=LURAH_NIP, name="Pak Lurah", role="lurah", actor=clerk)
    clock.set(wib(24, 10))
    service.register_office(KASIN, name="Kasin", kecamatan="Klojen", actor=clerk)
    clock.set(wib(25, 11))
    service.assign_staff(
        JODIPAN,
        nip=KASI_NIP,
        name="Bu Kasi",
        role="kasi",
        actor=clerk,
        occurred_at=wib(22, 13),
    )
    clock.advance(timedelta(minutes=1))
    yield Story(service, store_url, clock)
    service.close()


@attrs.define
class Cases:
    """Two attendance cases against Jodipan's kasi (5 days absent: teguran tertulis required).

    ``lighter``: decided teguran lisan through the service (recorded, flagged lighter).
    ``stale_rule``: decided through the domain citing ombudsman.compliance_zone@v1, a rule
    version in force 2013..2021, on 6 May 2024.
    """

    lighter: UUID
    stale_rule: UUID


def _case(story: Story, number: str, clerk: Actor) -> UUID:
    service = story.service
    case = service.open_case(
        number,
        nip=KASI_NIP,
        name="Bu Kasi",
        office_code=JODIPAN,
        actor=clerk,
        source=CaseSource(SourceKind.ATTENDANCE_REPORT, "rekap absensi April 2024"),
        breach=Breach(BreachKind.ATTENDANCE, "tidak masuk kerja tanpa alasan sah", days_absent=5),
    )
    service.request_clarification(
        case, letter_date=date(2024, 4, 29), examination_date=date(2024, 5, 3), actor=clerk
    )
    return case


@pytest.fixture
def cases(story: Story, clerk: Actor) -> Cases:
    service, clock = story.service, story.clock
    clock.set(datetime(2024, 4, 29, 9, 0, tzinfo=WIB))
    lighter = _case(story, "BKPSDM/2024/001", clerk)
    stale = _case(story, "BKPSDM/2024/002", clerk)
    clock.set(datetime(2024, 5, 3, 10, 0, tzinfo=WIB))
    for case in (lighter, stale):
        service.receive_clarification(
            case, statement="Saya menjadi panitia pernikahan.", actor=clerk
        )
        service.record_examination(
            case, bap_reference="BAP", signed_by_subject=True, examiners="atasan", actor=clerk
        )
    clock.set(datetime(2024, 5, 6, 14, 0, tzinfo=WIB))
    service.decide_case(
        lighter,
        outcome="punishment",
        punishment="teguran_lisan",
        reason="ringan",
        decided_by=SEKDA,
    )
    record = service.get_case(stale)
    record.decide(
        Decision(
            outcome=Outcome.PUNISHMENT,
            reason="teguran tertulis",
            decided_by=SEKDA,
            punishment=Punishment.TEGURAN_TERTULIS,
            legal_basis=LegalBasis("PP 94/2021", article="8"),
            rule=RuleRef("ombudsman.compliance_zone", 1),
            required=Punishment.TEGURAN_TERTULIS,
            assessment=Assessment.WITHIN,
        ),
        occurred_at=clock.now(),
        actor=SEKDA,
        recorded_at=clock.now(),
    )
    service.save(record)
    clock.set(datetime(2024, 5, 7, 9, 0, tzinfo=WIB))
    service.deliver_decision(lighter, delivered_on=date(2024, 5, 7), actor=clerk)
    return Cases(lighter, stale)


SEKDA = Actor(name="Sekretaris Daerah", role="pejabat yang berwenang menghukum")
