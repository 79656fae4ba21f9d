"""A small Kota Malang store for the as-of, replay, decision and timeline specifications."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta

import attrs
import pytest

from pelayanan.clock import ManualClock
from pelayanan.domain.values import WIB, Actor
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
    yield Story(service, store_url)
    service.close()
