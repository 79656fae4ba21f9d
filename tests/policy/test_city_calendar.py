"""A city's own days off, set by decree, move the deadlines the service records, on both
backends."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest

from pelayanan import ComplianceService, LocalDay, PolicySettings
from pelayanan.clock import ManualClock
from pelayanan.domain.values import Actor
from pelayanan.policy.calendar import DayKind
from pelayanan.policy.deadlines import DeadlineKind, deadline

JODIPAN = "35.73.01.1011"
CLOSURE = LocalDay(date(2024, 4, 30), DayKind.OFFICE_CLOSURE, "Balai Kota closed",
                   "SE Wali Kota Malang (example)")


@pytest.fixture
def city(store_url: str, clock: ManualClock) -> Iterator[ComplianceService]:
    app = ComplianceService.open(store_url, clock=clock,
                                 policy=PolicySettings(local_days=(CLOSURE,)))
    yield app
    app.close()


def _file(app: ComplianceService, clerk: Actor) -> date:
    app.register_office(JODIPAN, name="Jodipan", kecamatan="Blimbing", actor=clerk)
    cid = app.file_complaint("LAPOR-2404-29001", office_code=JODIPAN, channel="social_media",
                             subject="Kantor kelurahan kosong", description="Tidak ada petugas",
                             actor=clerk)
    deadline = app.get_complaint(cid).response_deadline
    assert deadline is not None
    return deadline.due


def test_an_office_closure_by_decree_moves_the_recorded_deadline(
    city: ComplianceService, clerk: Actor
) -> None:
    # Filed Mon 29 Apr 2024; 3 working days; 1 May (Hari Buruh) is a holiday: Fri 3 May...
    without = deadline(DeadlineKind.COMPLAINT_STATUS_RESPONSE, date(2024, 4, 29))
    assert without.due == date(2024, 5, 3)
    # ...but the city also closed its offices on Tue 30 Apr by decree: one more day.
    assert _file(city, clerk) == date(2024, 5, 6)
