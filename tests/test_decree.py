"""Between the examination and the decree, and the decree's life (PP 94/2021, PerBKN 6/2022),
through the service on both backends: pembebasan sementara with its Plh, the pay stop and its
reinstatement, the decree set, the summons to receive it, sending it when the PNS does not come,
delivery and the day it takes effect. Given events, when a command, then new events or a named
error and nothing written.
"""

from __future__ import annotations

from datetime import date, timedelta
from uuid import UUID

import pytest

from pelayanan import ComplianceService
from pelayanan.clock import ManualClock
from pelayanan.domain.discipline import (
    Breach,
    BreachKind,
    CaseSource,
    DeliveryMethod,
    DisciplinaryCase,
    ReleaseEnd,
    SourceKind,
)
from pelayanan.domain.errors import (
    AlreadyDecided,
    CommandRefused,
    DecreeRequired,
    DueProcessViolation,
    InvalidValue,
    PayStopRefused,
    SendingRefused,
    TemporaryReleaseRefused,
)
from pelayanan.domain.values import WIB, Actor, Level, RuleRef
from pelayanan.policy.parameters import PolicySettings
from tests.test_due_process import KASI, LURAH_OFFICIAL, MALANG, _case, _examine

WALI_KOTA = Actor(name="Wali Kota Malang", role="pejabat yang berwenang menghukum")
BUDGET = Actor(name="Kepala BKAD", role="pengguna anggaran")
PLH = "Sekretaris Kelurahan Jodipan (Plh Lurah)"


def _events(service: ComplianceService, case: UUID) -> list[object]:
    return [service.mapper.to_domain_event(r) for r in service.recorder.select_events(case)]


def _new_events(service: ComplianceService, case: UUID, since: int) -> list[type]:
    return [type(e) for e in _events(service, case)[since:]]


def _refused(service: ComplianceService, error: type[Exception], match: str, command: object,
             **kwargs: object) -> None:
    """``command(**kwargs)`` raises ``error`` and writes nothing."""
    head = service.head()
    with pytest.raises(error, match=match):
        command(**kwargs)  # type: ignore[operator]
    assert service.head() == head


def _berat_decided(service: ComplianceService, clerk: Actor, *, release: bool = True) -> UUID:
    """A case expected to end in a berat punishment (22 days absent), released on the
    examination day, examined by a tim pemeriksa and decided."""
    case = _case(service, KASI, days=22)
    if release:
        service.release_temporarily(case, released_from=_today(service), acting_official=PLH,
                                    actor=clerk)
    service.form_tim_pemeriksa(case, decree="Kep. Wali Kota 800/2024", members="Camat; "
                               "Inspektorat; BKPSDM", actor=clerk)
    _examine(service, case)
    service.decide_case(case, outcome="punishment", punishment="penurunan_jabatan_12_bulan",
                        reason="22 hari tidak masuk kerja", decided_by=WALI_KOTA)
    return case


def _today(service: ComplianceService) -> date:
    return service.clock.now().astimezone(WIB).date()


def _later(service: ComplianceService, days: int) -> date:
    clock = service.clock
    assert isinstance(clock, ManualClock)
    clock.advance(timedelta(days=days))
    return _today(service)


def _absent(service: ComplianceService, run: int, number: str = "1") -> UUID:
    return service.open_case(
        f"BKPSDM/2024/ALPA/{number}", nip=KASI, name="Pegawai", actor=BUDGET,
        source=CaseSource(SourceKind.ATTENDANCE_REPORT, "rekap absensi April 2024"),
        breach=Breach(BreachKind.ATTENDANCE, "tidak masuk kerja berturut-turut",
                      days_absent=run, consecutive_days=run),
    )


# ------------------------------------------------------------------ pembebasan sementara


def test_a_release_where_the_punishment_expected_is_not_berat_is_refused(
    service: ComplianceService, clerk: Actor
) -> None:
    case = _case(service, KASI, days=5)  # ringan: a written reprimand
    _refused(service, TemporaryReleaseRefused, r"pp94\.temporary_release@v1.*expected is ringan",
             service.release_temporarily, case=case, released_from=_today(service),
             acting_official=PLH, actor=clerk)


def test_a_release_before_the_examination_has_begun_is_refused(
    service: ComplianceService, clerk: Actor
) -> None:
    case = _case(service, KASI, days=22)  # summoned for 3 May; the clock is on 3 May
    _refused(service, TemporaryReleaseRefused, "has not begun by 2024-05-02",
             service.release_temporarily, case=case, released_from=date(2024, 5, 2),
             acting_official=PLH, actor=clerk)
    unsummoned = service.open_case(
        "BKPSDM/2024/BARU", nip=KASI, name="Pegawai", actor=clerk,
        source=CaseSource(SourceKind.ATTENDANCE_REPORT, "rekap"),
        breach=Breach(BreachKind.ATTENDANCE, "alpa", days_absent=22),
    )
    _refused(service, TemporaryReleaseRefused, "no summons names its date",
             service.release_temporarily, case=unsummoned, released_from=_today(service),
             acting_official=PLH, actor=clerk)


def test_a_release_records_the_plh_and_the_rights_kept_and_ends_with_the_decree(
    service: ComplianceService, clerk: Actor
) -> None:
    case = _berat_decided(service, clerk)
    released = next(e for e in _events(service, case)
                    if isinstance(e, DisciplinaryCase.TemporarilyReleased))
    assert released.acting_official == PLH and released.rights_kept is True
    assert released.expected_level is Level.BERAT
    assert released.grounds.rule == RuleRef("pp94.temporary_release", 1)
    assert released.grounds.verified is False  # read only in a digest
    # Freed until the decree: no delivery before the decree is recorded.
    _refused(service, DecreeRequired, "freed from duties until the decree",
             service.deliver_decision, case=case, delivered_on=_today(service), actor=clerk)
    version = service.get_case(case).version
    service.set_decree(case, number="800/17/35.73.401/2024", set_on=_today(service), actor=clerk)
    assert _new_events(service, case, version) == [
        DisciplinaryCase.DecreeSet, DisciplinaryCase.TemporaryReleaseEnded,
    ]
    ended = _events(service, case)[-1]
    assert isinstance(ended, DisciplinaryCase.TemporaryReleaseEnded)
    assert ended.because is ReleaseEnd.DECREE_SET and ended.ended_on == _today(service)
    assert service.get_case(case).released_from is None


def test_a_release_after_the_decision_is_refused(
    service: ComplianceService, clerk: Actor
) -> None:
    case = _berat_decided(service, clerk, release=False)
    _refused(service, AlreadyDecided, "exactly one decision", service.release_temporarily,
             case=case, released_from=_today(service), acting_official=PLH, actor=clerk)


def test_a_release_ends_when_the_case_closes_without_a_decree(
    service: ComplianceService, clerk: Actor
) -> None:
    case = _case(service, KASI, days=22)
    service.release_temporarily(case, released_from=_today(service), acting_official=PLH,
                                actor=clerk)
    _refused(service, CommandRefused, "freed from duties since 2024-05-03",
             service.release_temporarily, case=case, released_from=_today(service),
             acting_official=PLH, actor=clerk)
    version = service.get_case(case).version
    service.close_case(case, reason="terperiksa meninggal dunia", actor=clerk)
    assert _new_events(service, case, version) == [
        DisciplinaryCase.TemporaryReleaseEnded, DisciplinaryCase.Closed,
    ]
    ended = _events(service, case)[-2]
    assert isinstance(ended, DisciplinaryCase.TemporaryReleaseEnded)
    assert ended.because is ReleaseEnd.CASE_CLOSED


def test_a_city_may_allow_a_release_for_sedang_by_setting_the_parameter(
    store_url: str, clock: ManualClock, clerk: Actor
) -> None:
    settings = PolicySettings(overrides={"pp94.temporary_release_levels": ["sedang", "berat"]})
    service = ComplianceService.open(store_url, clock=clock, policy=settings)
    try:
        case = _case(service, KASI, days=12)  # sedang
        service.release_temporarily(case, released_from=_today(service), acting_official=PLH,
                                    actor=clerk)
        released = _events(service, case)[-1]
        assert isinstance(released, DisciplinaryCase.TemporarilyReleased)
        assert released.expected_level is Level.SEDANG
        assert "set in settings" in released.grounds.explanation
    finally:
        service.close()


# ------------------------------------------------------------------ pay stop


def test_a_pay_stop_under_the_threshold_is_refused_and_nothing_written(
    service: ComplianceService,
) -> None:
    case = _absent(service, 9)
    _refused(service, PayStopRefused, r"after 10 consecutive working days.*records 9",
             service.stop_pay, case=case, ordered_on=date(2024, 4, 29), actor=BUDGET)
    other = service.open_case(
        "BKPSDM/2024/LAIN", nip=KASI, name="Pegawai", actor=BUDGET,
        source=CaseSource(SourceKind.FINDING, "temuan"),
        breach=Breach(BreachKind.OTHER_OBLIGATION, "tidak melayani"),
    )
    _refused(service, PayStopRefused, "records 0", service.stop_pay, case=other,
             ordered_on=date(2024, 4, 29), actor=BUDGET)


def test_a_pay_stop_records_its_rule_and_stops_from_the_next_month(
    service: ComplianceService,
) -> None:
    case = _absent(service, 10)
    assert service.stop_pay(case, ordered_on=date(2024, 4, 29), actor=BUDGET) == date(2024, 5, 1)
    stopped = _events(service, case)[-1]
    assert isinstance(stopped, DisciplinaryCase.PayStopped)
    assert stopped.stops_from == date(2024, 5, 1) and stopped.consecutive_days == 10
    assert stopped.grounds.rule == RuleRef("pp94.pay_stop", 1)
    assert stopped.grounds.citation.cite() == "PP 94/2021 Pasal 15 ayat (2) [unverified]"
    assert stopped.grounds.verified is False
    assert stopped.actor == BUDGET
    _refused(service, PayStopRefused, "already stopped from 2024-05-01", service.stop_pay,
             case=case, ordered_on=date(2024, 4, 29), actor=BUDGET)


def test_pay_is_reinstated_only_when_stopped(service: ComplianceService) -> None:
    case = _absent(service, 10)
    _refused(service, PayStopRefused, "pay is not stopped", service.reinstate_pay, case=case,
             returned_on=date(2024, 4, 29), actor=BUDGET)
    service.stop_pay(case, ordered_on=date(2024, 4, 29), actor=BUDGET)
    service.reinstate_pay(case, returned_on=date(2024, 4, 29), actor=BUDGET)
    back = _events(service, case)[-1]
    assert isinstance(back, DisciplinaryCase.PayReinstated)
    assert back.grounds.rule == RuleRef("pp94.pay_reinstatement", 1)
    assert service.get_case(case).pay_stopped_from is None


def test_the_pay_stop_threshold_is_a_parameter_a_city_can_set(
    store_url: str, clock: ManualClock
) -> None:
    service = ComplianceService.open(
        store_url, clock=clock,
        policy=PolicySettings(overrides={"pp94.pay_stop_consecutive_days": 12}),
    )
    try:
        case = _absent(service, 10)
        _refused(service, PayStopRefused, "after 12 consecutive", service.stop_pay, case=case,
                 ordered_on=date(2024, 4, 29), actor=BUDGET)
    finally:
        service.close()


def test_a_pay_stop_after_the_decree_is_refused(
    service: ComplianceService, clerk: Actor
) -> None:
    case = _berat_decided(service, clerk, release=False)
    service.set_decree(case, number="800/18/2024", set_on=_today(service), actor=clerk)
    _refused(service, PayStopRefused, "comes before the decree", service.stop_pay, case=case,
             ordered_on=_today(service), actor=BUDGET)


# ------------------------------------------------------------------ the decree's life


def test_a_decree_sets_a_decided_punishment_only(
    service: ComplianceService, clerk: Actor
) -> None:
    case = _case(service, KASI)
    _refused(service, DueProcessViolation, "none is decided", service.set_decree, case=case,
             number="800/1/2024", set_on=_today(service), actor=clerk)
    service.receive_clarification(case, statement="Saya sakit.", actor=clerk)
    service.decide_case(case, outcome="dismissed", reason="ada surat dokter", decided_by=clerk)
    _refused(service, DueProcessViolation, "none is decided", service.set_decree, case=case,
             number="800/1/2024", set_on=_today(service), actor=clerk)


def test_the_decree_records_number_date_signer_copies_and_the_authority(
    store_url: str, clock: ManualClock, clerk: Actor
) -> None:
    city = ComplianceService.open(store_url, clock=clock, organisation=MALANG)
    try:
        case = _case(city, KASI)
        _examine(city, case)
        city.decide_case(case, outcome="punishment", punishment="teguran_tertulis", reason="r",
                         decided_by=LURAH_OFFICIAL)
        copies = ["Wali Kota Malang", "Kepala BKPSDM Kota Malang", "Camat Blimbing"]
        city.set_decree(case, number="800/5/35.73.01.1011/2024", set_on=_today(city),
                        copies_to=copies, actor=clerk)
        decree = city.get_case(case).decree
        assert decree is not None and decree.number == "800/5/35.73.01.1011/2024"
        assert decree.set_by == LURAH_OFFICIAL.actor  # the official who decided
        assert list(decree.copies_to) == copies
        assert decree.authority == city.get_case(case).authority is not None
        _refused(city, CommandRefused, "was set on", city.set_decree, case=case,
                 number="800/6/2024", set_on=_today(city), actor=clerk)
    finally:
        city.close()


def test_summoning_or_sending_before_the_decree_is_refused(
    service: ComplianceService, clerk: Actor
) -> None:
    case = _berat_decided(service, clerk, release=False)
    _refused(service, DecreeRequired, "before the decree is set", service.summon_to_receive_decree,
             case=case, letter_date=_today(service), receive_on=_today(service), actor=clerk)
    _refused(service, DecreeRequired, "before the decree is set", service.send_decree, case=case,
             sent_on=_today(service), dispatch_reference="POS/1", actor=clerk)


def test_the_decree_is_sent_only_after_the_pns_did_not_come_when_summoned(
    service: ComplianceService, clerk: Actor
) -> None:
    case = _berat_decided(service, clerk, release=False)
    service.set_decree(case, number="800/19/2024", set_on=_today(service), actor=clerk)
    _refused(service, SendingRefused, "no summons to receive it", service.send_decree, case=case,
             sent_on=_today(service), dispatch_reference="POS/1", actor=clerk)
    letter = _today(service)
    service.summon_to_receive_decree(case, letter_date=letter,
                                     receive_on=letter + timedelta(days=3), actor=clerk)
    _refused(service, SendingRefused, "the summons named 2024-05-06", service.send_decree,
             case=case, sent_on=letter + timedelta(days=2), dispatch_reference="POS/1",
             actor=clerk)
    _refused(service, SendingRefused, "no sending", service.deliver_decision, case=case,
             delivered_on=letter, method="sent", actor=clerk)
    sent = _later(service, 4)  # 7 May: the PNS did not come on 6 May
    service.send_decree(case, sent_on=sent, dispatch_reference="POS/800/19", actor=clerk)
    received = _later(service, 30)  # received long after: lateness is judged on the sending
    service.deliver_decision(case, delivered_on=received, method=DeliveryMethod.SENT,
                             actor=clerk)
    delivered = _events(service, case)[-1]
    assert isinstance(delivered, DisciplinaryCase.DecisionDelivered)
    assert delivered.method is DeliveryMethod.SENT and delivered.late is False
    assert delivered.effective is not None
    assert delivered.effective.due == received + timedelta(days=15)  # calendar days, flagged


def test_the_delivery_limit_counts_from_the_day_the_decree_was_set(
    service: ComplianceService, clerk: Actor
) -> None:
    case = _berat_decided(service, clerk, release=False)  # decided on Fri 3 May 2024
    set_on = _later(service, 14)  # Fri 17 May
    service.set_decree(case, number="800/20/2024", set_on=set_on, actor=clerk)
    service.deliver_decision(case, delivered_on=set_on, actor=clerk)
    delivered = _events(service, case)[-1]
    assert isinstance(delivered, DisciplinaryCase.DecisionDelivered)
    assert delivered.method is DeliveryMethod.IN_PERSON
    assert delivered.delivery_deadline is not None
    # 14 working days after 17 May, skipping weekends, Hari Raya Waisak (23 May) and its cuti
    # bersama (24 May): Monday 10 June (from the decision's day it would be 24 May).
    assert delivered.delivery_deadline.due == date(2024, 6, 10)
    assert "perbkn6.decision_delivery_unit" in delivered.delivery_deadline.explanation


def test_a_decree_after_the_delivery_is_refused(
    service: ComplianceService, clerk: Actor
) -> None:
    case = _berat_decided(service, clerk, release=False)
    service.deliver_decision(case, delivered_on=_today(service), actor=clerk)
    _refused(service, DueProcessViolation, "recorded before it is delivered", service.set_decree,
             case=case, number="800/21/2024", set_on=_today(service), actor=clerk)
    _refused(service, CommandRefused, "was delivered on", service.summon_to_receive_decree,
             case=case, letter_date=_today(service), receive_on=_today(service), actor=clerk)


def test_an_unknown_delivery_method_is_refused_naming_it(
    service: ComplianceService, clerk: Actor
) -> None:
    case = _berat_decided(service, clerk, release=False)
    _refused(service, InvalidValue, "by_pigeon", service.deliver_decision, case=case,
             delivered_on=_today(service), method="by_pigeon", actor=clerk)


def test_the_examination_day_is_the_first_summons_date(
    service: ComplianceService, clerk: Actor
) -> None:
    case = _case(service, KASI, days=22)
    record = service.get_case(case)
    first = record.summonses[0]
    assert not record.examination_begun(first - timedelta(days=1))
    assert record.examination_begun(first)


def record_every_decree_event(service: ComplianceService, clerk: Actor) -> None:
    """One of each event this part of the case adds (the fast JSON encoder's coverage test)."""
    case = _berat_decided(service, clerk)
    service.set_decree(case, number="800/30/2024", set_on=_today(service), actor=clerk,
                       copies_to=["Wali Kota Malang", "Kepala BKPSDM"])
    letter = _today(service)
    service.summon_to_receive_decree(case, letter_date=letter, receive_on=letter, actor=clerk)
    sent = _later(service, 1)
    service.send_decree(case, sent_on=sent, dispatch_reference="POS/800/30", actor=clerk)
    service.deliver_decision(case, delivered_on=_later(service, 2), method="sent", actor=clerk)
    closed = _case(service, KASI, days=22, number="2")
    service.release_temporarily(closed, released_from=_today(service), acting_official=PLH,
                                actor=clerk)
    service.close_case(closed, reason="terperiksa pensiun", actor=clerk)
    pay = _absent(service, 10, number="9")
    service.stop_pay(pay, ordered_on=_today(service), actor=BUDGET)
    service.reinstate_pay(pay, returned_on=_today(service), actor=BUDGET)


def test_every_decree_event_is_recorded_once_by_the_coverage_helper(
    service: ComplianceService, clerk: Actor
) -> None:
    record_every_decree_event(service, clerk)
    notifications = service.recorder.select_notifications(start=1, limit=10_000)
    kinds = {type(service.mapper.to_domain_event(n)) for n in notifications}
    assert {
        DisciplinaryCase.TemporarilyReleased, DisciplinaryCase.TemporaryReleaseEnded,
        DisciplinaryCase.PayStopped, DisciplinaryCase.PayReinstated, DisciplinaryCase.DecreeSet,
        DisciplinaryCase.DecreeReceiptSummoned, DisciplinaryCase.DecreeSent,
        DisciplinaryCase.DecisionDelivered,
    } <= kinds
