"""Due process through the service (PP 94/2021, PerBKN 6/2022), on both backends: examination
before punishment, the tim pemeriksa where the level needs one, and the authority of the official
who decides. Given events, when a command, then new events or a named error and nothing written.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, time, timedelta
from uuid import UUID

import pytest

from pelayanan import ComplianceService
from pelayanan.clock import ManualClock
from pelayanan.domain.discipline import Breach, BreachKind, CaseSource, SourceKind
from pelayanan.domain.errors import (
    ExaminationRequired,
    InvalidValue,
    NoAuthority,
    TimPemeriksaRequired,
)
from pelayanan.domain.organisation import Official, Organisation, Position, PositionClass
from pelayanan.domain.values import WIB, Actor, Nip, Punishment

LURAH = Nip("197905152005011002")
KASI = Nip("198811212012012001")
CLERK = Actor(name="Siti Rahayu", role="BKPSDM")

MALANG = Organisation(
    (
        Position("walikota", "Wali Kota Malang", PositionClass.PPK),
        Position("sekda", "Sekretaris Daerah", PositionClass.JPT_PRATAMA, "walikota"),
        Position("camat-blimbing", "Camat Blimbing", PositionClass.ADMINISTRATOR, "sekda"),
        # The lurah's class is the city's choice; here pengawas.
        Position("lurah-jodipan", "Lurah Jodipan", PositionClass.PENGAWAS, "camat-blimbing",
                 holder=LURAH),
        Position("kasi-jodipan", "Kasi Trantib Jodipan", PositionClass.PELAKSANA,
                 "lurah-jodipan", holder=KASI),
    )
)
SEKDA = Official("Sekretaris Daerah Kota Malang", MALANG.position("sekda"))
CAMAT = Official("Camat Blimbing", MALANG.position("camat-blimbing"))
LURAH_OFFICIAL = Official("Lurah Jodipan", MALANG.position("lurah-jodipan"), LURAH)
WALIKOTA = Official("Wali Kota Malang", MALANG.position("walikota"))


@pytest.fixture
def city(store_url: str, clock: ManualClock) -> Iterator[ComplianceService]:
    app = ComplianceService.open(store_url, clock=clock, organisation=MALANG)
    yield app
    app.close()


def _case(service: ComplianceService, nip: Nip, days: int = 5, number: str = "1") -> UUID:
    case = service.open_case(
        f"BKPSDM/2024/{nip.value[-3:]}/{number}",
        nip=nip,
        name="Pegawai",
        actor=CLERK,
        source=CaseSource(SourceKind.ATTENDANCE_REPORT, "rekap absensi April 2024"),
        breach=Breach(BreachKind.ATTENDANCE, "tidak masuk kerja tanpa alasan sah",
                      days_absent=days),
    )
    clock = service.clock
    assert isinstance(clock, ManualClock)
    letter = clock.now().date()  # the summons goes out the day the case is opened
    exam = letter + timedelta(days=4)
    service.request_clarification(case, letter_date=letter, examination_date=exam, actor=CLERK)
    clock.set(datetime.combine(exam, time(10), tzinfo=WIB))  # the examination day
    return case


def _examine(service: ComplianceService, case: UUID) -> None:
    service.record_examination(
        case, bap_reference="BAP/1", signed_by_subject=True, examiners="atasan langsung",
        actor=CLERK,
    )


def test_a_punishment_on_a_clarification_alone_is_refused_and_nothing_written(
    service: ComplianceService, clerk: Actor
) -> None:
    case = _case(service, KASI)
    service.receive_clarification(case, statement="Saya sakit.", actor=clerk)
    head = service.head()
    with pytest.raises(ExaminationRequired, match="not an examination"):
        service.decide_case(case, outcome="punishment", punishment="teguran_tertulis",
                            reason="r", decided_by=clerk)
    assert service.head() == head and service.get_case(case).decision is None


def test_a_berat_punishment_needs_the_tim_pemeriksa(
    service: ComplianceService, clerk: Actor
) -> None:
    case = _case(service, KASI, days=22)
    _examine(service, case)  # the atasan alone
    head = service.head()
    with pytest.raises(TimPemeriksaRequired, match="tim pemeriksa"):
        service.decide_case(case, outcome="punishment", punishment="penurunan_jabatan_12_bulan",
                            reason="r", decided_by=clerk)
    assert service.head() == head
    service.form_tim_pemeriksa(
        case, decree="Kep. Wali Kota 800/2024", members="Camat; Inspektorat; BKPSDM",
        actor=clerk,
    )
    service.record_statement(case, given_by="saksi: rekan kerja", reference="BA saksi 1",
                             actor=clerk)
    _examine(service, case)
    service.give_bap_copy(case, given_on=date(2024, 5, 3), actor=clerk)
    decision = service.decide_case(case, outcome="punishment",
                                   punishment="penurunan_jabatan_12_bulan", reason="r",
                                   decided_by=clerk)
    assert decision.punishment is Punishment.PENURUNAN_JABATAN
    assert service.get_case(case).authority is None
    recorded = service.get_case(case)
    assert recorded.examined_by_tim and recorded.bap_copy_given_on == date(2024, 5, 3)


def test_an_official_without_authority_is_refused_naming_the_rule(
    city: ComplianceService,
) -> None:
    case = _case(city, KASI)
    _examine(city, case)
    head = city.head()
    with pytest.raises(NoAuthority, match=r"Sekretaris Daerah.*pp94\.punishing_authority@v1"):
        city.decide_case(case, outcome="punishment", punishment="teguran_tertulis",
                         reason="r", decided_by=SEKDA)
    with pytest.raises(NoAuthority, match="name the official"):
        city.decide_case(case, outcome="punishment", punishment="teguran_tertulis",
                         reason="r", decided_by=CLERK)
    assert city.head() == head and city.get_case(case).decision is None


def test_an_accepted_decision_records_the_grant(city: ComplianceService) -> None:
    case = _case(city, KASI)
    _examine(city, case)
    decision = city.decide_case(case, outcome="punishment", punishment="teguran_tertulis",
                                reason="r", decided_by=LURAH_OFFICIAL)
    assert decision.punishment is Punishment.TEGURAN_TERTULIS
    authority = city.get_case(case).authority
    assert authority is not None
    assert authority.official_position == "lurah-jodipan"
    assert authority.subject_position == "kasi-jodipan"
    assert authority.rule.rule_id == "pp94.punishing_authority"
    assert "pengawas: ringan" in authority.grant
    stored = city.get_case(case).decision
    assert stored is not None and stored.decided_by == LURAH_OFFICIAL.actor


def test_the_sekda_may_reprimand_a_camat_one_tier_below(
    city: ComplianceService, clerk: Actor
) -> None:
    # A camat holds no NIP in this organisation; add one holding the camat's position.
    camat_nip = Nip("197001011995031001")
    org = Organisation(
        tuple(
            p if p.id != "camat-blimbing" else Position(
                p.id, p.title, p.position_class, p.superior, holder=camat_nip)
            for p in MALANG.positions
        )
    )
    city.organisation = org
    case = _case(city, camat_nip)
    _examine(city, case)
    sekda = Official(SEKDA.name, org.position("sekda"))
    decision = city.decide_case(case, outcome="punishment", punishment="teguran_tertulis",
                                reason="r", decided_by=sekda)
    granted = city.get_case(case).authority
    assert decision.punishment is not None and granted is not None
    assert granted.official_class is PositionClass.JPT_PRATAMA


def test_an_official_is_refused_without_an_organisation_or_with_a_stale_position(
    service: ComplianceService, city: ComplianceService
) -> None:
    case = _case(service, KASI)
    _examine(service, case)
    with pytest.raises(InvalidValue, match="no organisation"):
        service.decide_case(case, outcome="punishment", punishment="teguran_tertulis",
                            reason="r", decided_by=LURAH_OFFICIAL)
    other = _case(city, KASI, days=4, number="2")
    _examine(city, other)
    moved = Official("Lurah", Position("lurah-jodipan", "Lurah (lama)", PositionClass.PENGAWAS))
    with pytest.raises(InvalidValue, match="differs from the organisation"):
        city.decide_case(other, outcome="punishment", punishment="teguran_tertulis",
                         reason="r", decided_by=moved)
    # A dismissal needs no authority check and no examination.
    city.decide_case(other, outcome="dismissed", reason="izin ada", decided_by=CLERK)
