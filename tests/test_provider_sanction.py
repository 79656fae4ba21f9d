"""The UU 25/2009 Pasal 54 track, on both backends: a teguran tertulis on a public-service
provider's pelaksana with the day to fix the failure by, then pembebasan dari jabatan only when
that day passed unfixed; each refusal named and nothing written; ``audit decisions`` flags a
teguran whose day to fix passed with neither recorded. Not a PP 94/2021 punishment."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from pelayanan import ComplianceService, ProviderSanction, SanctionTrack
from pelayanan.audit.decisions import audit_decisions
from pelayanan.clock import ManualClock
from pelayanan.domain.errors import (
    CommandRefused,
    InvalidValue,
    NotFound,
    ProviderSanctionRefused,
    UnknownStaff,
)
from pelayanan.domain.office import Office
from pelayanan.domain.values import WIB, Actor, Nip, Role
from pelayanan.policy.parameters import PolicySettings
from pelayanan.policy.provider import add_months, provider_sanction

CODE = "35.73.01.1011"
LURAH = Nip("197805052005011002")
SEKLUR = Nip("198002142006042001")
SEKDA = Actor(name="Sekretaris Daerah Kota Malang", role="sekretaris daerah")
ADMIN = Actor(name="Bagian Organisasi", role="admin")


@pytest.fixture
def office(service: ComplianceService, clock: ManualClock) -> ComplianceService:
    clock.set(datetime(2024, 4, 29, 8, tzinfo=WIB))
    service.register_office(CODE, name="Jodipan", kecamatan="Blimbing", actor=ADMIN)
    service.assign_staff(CODE, nip=LURAH, name="Agus Prasetyo", role=Role.LURAH, actor=ADMIN)
    service.assign_staff(CODE, nip=SEKLUR, name="Rina Wulandari", role=Role.SEKLUR, actor=ADMIN)
    clock.set(datetime(2024, 4, 30, 15, tzinfo=WIB))
    return service


def _teguran(service: ComplianceService, reference: str = "800/TEG/2024/01") -> date:
    due = service.sanction_provider(
        CODE, reference=reference, nip=LURAH, reason="Kantor kosong pada jam layanan.",
        actor=SEKDA,
    )
    assert due is not None
    return due.due


def test_a_teguran_records_its_track_and_the_day_to_fix_by(office: ComplianceService) -> None:
    due = _teguran(office)
    assert due == date(2024, 7, 30)
    record = office.get_office(CODE)
    (event,) = [e for e in office.repository.event_store.get(record.id)
                if isinstance(e, Office.ProviderSanctioned)]
    assert event.track is SanctionTrack.UU25_PROVIDER
    assert event.sanction is ProviderSanction.TEGURAN_TERTULIS
    assert str(event.rule) == "uu25.provider_sanction@v1"
    assert event.legal_basis.cite() == "UU 25/2009 Pasal 54"
    assert record.provider_sanctions["800/TEG/2024/01"]["fix_by"] == date(2024, 7, 30)


def test_the_three_months_are_a_parameter_counted_in_calendar_months() -> None:
    assert add_months(date(2024, 11, 30), 3) == date(2025, 2, 28)
    two = PolicySettings(overrides={"uu25.provider_fix_months": 2})
    outcome = provider_sanction("teguran_tertulis", date(2024, 4, 30), two)
    assert outcome.fix_by == date(2024, 6, 30) and not outcome.verified


def test_pembebasan_only_after_the_day_to_fix_passed_unfixed(
    office: ComplianceService, clock: ManualClock
) -> None:
    _teguran(office)
    head = office.head()

    def release(follows: str | None, nip: Nip = LURAH) -> None:
        office.sanction_provider(CODE, reference="800/PEMB/2024/01", nip=nip,
                                 sanction="pembebasan_dari_jabatan", follows=follows,
                                 reason="Tidak diperbaiki.", actor=SEKDA)

    with pytest.raises(ProviderSanctionRefused, match="follows a teguran tertulis"):
        release(None)
    with pytest.raises(ProviderSanctionRefused, match="has until 2024-07-30"):
        release("800/TEG/2024/01")
    clock.set(datetime(2024, 7, 31, 9, tzinfo=WIB))
    with pytest.raises(ProviderSanctionRefused, match="given to NIP 197805052005011002"):
        release("800/TEG/2024/01", SEKLUR)
    assert office.head() == head
    release("800/TEG/2024/01")
    with pytest.raises(ProviderSanctionRefused, match="followed by pembebasan"):
        office.record_provider_fix(CODE, reference="800/TEG/2024/01", fixed_on=date(2024, 7, 31),
                                   note="n", actor=SEKDA)


def test_a_fixed_failure_cannot_be_followed_by_pembebasan(
    office: ComplianceService, clock: ManualClock
) -> None:
    _teguran(office)
    clock.set(datetime(2024, 5, 6, 12, tzinfo=WIB))
    office.record_provider_fix(CODE, reference="800/TEG/2024/01", fixed_on=date(2024, 5, 6),
                               note="Jadwal piket disusun.", actor=SEKDA)
    clock.set(datetime(2024, 8, 1, 9, tzinfo=WIB))
    with pytest.raises(ProviderSanctionRefused, match="fixed on 2024-05-06"):
        office.sanction_provider(CODE, reference="800/PEMB/2024/01", nip=LURAH,
                                 sanction="pembebasan_dari_jabatan", follows="800/TEG/2024/01",
                                 reason="r", actor=SEKDA)
    with pytest.raises(ProviderSanctionRefused, match="was fixed on"):
        office.record_provider_fix(CODE, reference="800/TEG/2024/01", fixed_on=date(2024, 8, 1),
                                   note="n", actor=SEKDA)


def test_other_refusals_name_what_was_passed(office: ComplianceService) -> None:
    _teguran(office)
    head = office.head()
    record = office.get_office(CODE)
    terms = provider_sanction("teguran_tertulis", date(2024, 4, 30))
    with pytest.raises(InvalidValue, match="decided in a disciplinary case"):
        record.sanction_provider(
            reference="X-1", sanction="teguran_tertulis", nip=LURAH, reason="r",
            rule=terms.rule, legal_basis=terms.citation, fix_by=terms.fix_deadline(),
            occurred_at=datetime(2024, 4, 30, 15, tzinfo=WIB), actor=SEKDA,
            track=SanctionTrack.PP94_DISCIPLINE,
        )
    with pytest.raises(CommandRefused, match="already recorded"):
        _teguran(office)
    with pytest.raises(UnknownStaff):
        office.sanction_provider(CODE, reference="X-2", nip=Nip("199001012015011001"),
                                 reason="r", actor=SEKDA)
    with pytest.raises(InvalidValue, match="follows none"):
        office.sanction_provider(CODE, reference="X-3", nip=LURAH, reason="r", actor=SEKDA,
                                 follows="800/TEG/2024/01")
    with pytest.raises(NotFound, match="no sanction 'X-9'"):
        office.record_provider_fix(CODE, reference="X-9", fixed_on=date(2024, 4, 30), note="n",
                                   actor=SEKDA)
    with pytest.raises(ProviderSanctionRefused, match="before the teguran"):
        office.record_provider_fix(CODE, reference="800/TEG/2024/01",
                                   fixed_on=date(2024, 4, 29), note="n", actor=SEKDA)
    with pytest.raises(ProviderSanctionRefused, match="after it was recorded"):
        office.record_provider_fix(CODE, reference="800/TEG/2024/01",
                                   fixed_on=date(2024, 5, 2), note="n", actor=SEKDA)
    assert office.head() == head


def test_a_teguran_left_unfixed_past_its_day_is_flagged(
    office: ComplianceService, clock: ManualClock
) -> None:
    _teguran(office)
    kinds = [f.kind for f in audit_decisions(office, today=date(2024, 7, 30)).findings]
    assert "provider_fix_overdue" not in kinds
    (flag,) = [f for f in audit_decisions(office, today=date(2024, 7, 31)).findings
               if f.kind == "provider_fix_overdue"]
    assert "until 2024-07-30" in flag.message and flag.event == "Office"
    clock.set(datetime(2024, 7, 31, 9, tzinfo=WIB))
    office.sanction_provider(CODE, reference="800/PEMB/2024/01", nip=LURAH,
                             sanction="pembebasan_dari_jabatan", follows="800/TEG/2024/01",
                             reason="Tidak diperbaiki.", actor=SEKDA)
    kinds = [f.kind for f in audit_decisions(office, today=date(2024, 12, 31)).findings]
    assert "provider_fix_overdue" not in kinds


def test_a_fix_in_time_is_not_flagged_and_a_late_one_is(
    office: ComplianceService, clock: ManualClock
) -> None:
    _teguran(office)
    _teguran(office, "800/TEG/2024/02")
    clock.set(datetime(2024, 6, 3, 9, tzinfo=WIB))
    office.record_provider_fix(CODE, reference="800/TEG/2024/01", fixed_on=date(2024, 6, 3),
                               note="Jadwal piket.", actor=SEKDA)
    clock.set(datetime(2024, 8, 5, 9, tzinfo=WIB))
    office.record_provider_fix(CODE, reference="800/TEG/2024/02", fixed_on=date(2024, 8, 5),
                               note="Terlambat.", actor=SEKDA)
    (flag,) = [f for f in audit_decisions(office, today=date(2024, 12, 31)).findings
               if f.kind == "provider_fix_overdue"]
    assert "800/TEG/2024/02" in flag.message and "the fix came on 2024-08-05" in flag.message
