"""Upaya administratif (PP 79/2021) through the service, on both backends: keberatan to the
superior of the punishing official, banding administratif to BPASN against dismissal, the filing
and decision windows, the outcomes and their effect on the punishment and its dates. Given events,
when a command, then new events or a named error and nothing written.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, time
from uuid import UUID

import pytest

from pelayanan import ComplianceService, PolicySettings
from pelayanan.audit import audit_decisions
from pelayanan.clock import ManualClock
from pelayanan.domain.discipline import DisciplinaryCase, ObjectionKind, ObjectionOutcome
from pelayanan.domain.errors import (
    DueProcessViolation,
    FilingWindowClosed,
    HeavierOnAppealRefused,
    InvalidValue,
    NotAppealable,
    WrongAppealBody,
    WrongAppealRoute,
)
from pelayanan.domain.values import WIB, Actor, Punishment
from tests.test_due_process import CAMAT, CLERK, KASI, LURAH_OFFICIAL, MALANG, SEKDA, _case

PDH = Punishment.PDH.value
PNS = Actor(name="Pegawai", role="PNS yang dijatuhi hukuman", nip=KASI)
# The first case of a test is delivered on Friday 3 May 2024: its keberatan window closes on
# 29 May 2024, and its punishment takes effect on 18 May without an objection.


def _on(clock: ManualClock, day: date, hour: int = 10) -> None:
    clock.set(datetime.combine(day, time(hour), tzinfo=WIB))


def _punished(
    service: ComplianceService,
    *,
    days: int = 5,
    punishment: str = "teguran_tertulis",
    decided_by: object = CLERK,
    number: str = "1",
) -> UUID:
    """A case decided and delivered on its examination day (3 May 2024 for the first case of
    a test), examined first, by a tim for a dismissal."""
    case = _case(service, KASI, days=days, number=number)
    if punishment == PDH:
        service.form_tim_pemeriksa(case, decree="Kep. 800/1", members="tim", actor=CLERK)
    service.record_examination(case, bap_reference="BAP/1", signed_by_subject=True,
                               examiners="atasan langsung", actor=CLERK)
    service.decide_case(case, outcome="punishment", punishment=punishment, reason="terbukti",
                        decided_by=decided_by)  # type: ignore[arg-type]
    service.deliver_decision(case, delivered_on=service.clock.now().date(), actor=CLERK)
    return case


def _file(service: ComplianceService, case: UUID, kind: str = "keberatan",
          filed_on: date = date(2024, 5, 8)) -> None:
    clock = service.clock
    assert isinstance(clock, ManualClock)
    if clock.now().date() < filed_on:  # recorded on the day filed, or later (never back)
        _on(clock, filed_on)
    service.file_objection(case, kind=kind, filed_on=filed_on, grounds="terlalu berat",
                           actor=PNS)


def _events(service: ComplianceService, case: UUID, cls: type) -> list[object]:
    return [e for e in service.events.get(case) if isinstance(e, cls)]


@pytest.fixture
def city(store_url: str, clock: ManualClock) -> Iterator[ComplianceService]:
    app = ComplianceService.open(store_url, clock=clock, organisation=MALANG)
    yield app
    app.close()


# --------------------------------------------------------------------------- filing


def test_a_keberatan_records_the_superiors_decision_window(
    service: ComplianceService, clock: ManualClock
) -> None:
    case = _punished(service)
    _file(service, case)
    [filed] = _events(service, case, DisciplinaryCase.ObjectionFiled)
    assert filed.decision_deadline.rule.rule_id == "pp79.objection_decision"  # type: ignore[attr-defined]
    # 21 working days after 8 May 2024, skipping the holidays and cuti bersama of May and June.
    assert filed.decision_deadline.due == date(2024, 6, 12)  # type: ignore[attr-defined]
    assert "[unverified]" in str(filed.decision_deadline.basis)  # type: ignore[attr-defined]


def test_a_late_filing_is_refused_and_nothing_written(
    service: ComplianceService, clock: ManualClock
) -> None:
    case = _punished(service)
    head = service.head()
    with pytest.raises(FilingWindowClosed, match=r"closed on 2024-05-29.*not accepted"):
        _file(service, case, filed_on=date(2024, 5, 30))
    assert service.head() == head and service.get_case(case).objection is None
    _file(service, case, filed_on=date(2024, 5, 29))  # the last day is still in time
    assert service.get_case(case).objection is ObjectionKind.KEBERATAN


def test_a_dismissal_goes_by_banding_and_anything_else_by_keberatan(
    service: ComplianceService, clock: ManualClock
) -> None:
    dismissed = _punished(service, days=28, punishment=PDH, number="2")
    warned = _punished(service, number="3")
    head = service.head()
    with pytest.raises(WrongAppealRoute, match="banding administratif to BPASN"):
        _file(service, dismissed, kind="keberatan")
    assert service.head() == head
    with pytest.raises(WrongAppealRoute, match="keberatan"):
        _file(service, warned, kind="banding")
    assert service.head() == head


def test_a_level_the_settings_close_is_not_appealable(
    store_url: str, clock: ManualClock
) -> None:
    closed = PolicySettings(overrides={"pp79.appealable_levels": ["sedang", "berat"]})
    service = ComplianceService.open(store_url, clock=clock, policy=closed)
    try:
        case = _punished(service)
        head = service.head()
        with pytest.raises(NotAppealable, match="ringan punishment is not open to keberatan"):
            _file(service, case)
        assert service.head() == head
    finally:
        service.close()


def test_only_one_objection_and_only_against_a_delivered_punishment(
    service: ComplianceService, clock: ManualClock
) -> None:
    case = _punished(service)
    _file(service, case)
    head = service.head()
    with pytest.raises(NotAppealable, match="already filed"):
        _file(service, case, filed_on=date(2024, 5, 9))
    assert service.head() == head


# --------------------------------------------------------------------------- who decides


def test_a_keberatan_is_decided_by_the_superior_of_the_punishing_official(
    city: ComplianceService, clock: ManualClock
) -> None:
    case = _punished(city, decided_by=LURAH_OFFICIAL)  # the lurah punished the kasi
    _file(city, case)
    _on(clock, date(2024, 5, 20))
    head = city.head()
    with pytest.raises(WrongAppealBody, match="decided by Camat Blimbing"):
        city.decide_objection(case, outcome="upheld", reason="r", actor=CLERK, decided_by=SEKDA)
    with pytest.raises(WrongAppealBody, match="name the official deciding"):
        city.decide_objection(case, outcome="upheld", reason="r", actor=CLERK)
    assert city.head() == head
    city.decide_objection(case, outcome="upheld", reason="r", actor=CLERK, decided_by=CAMAT)
    [decided] = _events(city, case, DisciplinaryCase.ObjectionDecided)
    assert decided.body == "camat-blimbing" and not decided.late  # type: ignore[attr-defined]


def test_a_banding_is_decided_by_bpasn_not_by_a_city_official(
    city: ComplianceService, clock: ManualClock
) -> None:
    case = _punished(city, days=28, punishment=PDH, decided_by=SEKDA.__class__(
        "Wali Kota Malang", MALANG.position("walikota")))
    _file(city, case, kind="banding")
    _on(clock, date(2024, 5, 20))
    head = city.head()
    with pytest.raises(WrongAppealBody, match="decided by BPASN"):
        city.decide_objection(case, outcome="upheld", reason="r", actor=CLERK, decided_by=CAMAT)
    assert city.head() == head
    city.decide_objection(case, outcome="upheld", reason="BPASN menguatkan", actor=CLERK)
    [decided] = _events(city, case, DisciplinaryCase.ObjectionDecided)
    assert decided.body == "bpasn"  # type: ignore[attr-defined]


# --------------------------------------------------------------------------- outcomes


def test_an_annulled_punishment_never_takes_effect(
    service: ComplianceService, clock: ManualClock
) -> None:
    case = _punished(service)
    _file(service, case)
    _on(clock, date(2024, 5, 20))
    service.decide_objection(case, outcome="annulled", reason="tidak terbukti", actor=CLERK)
    recorded = service.get_case(case)
    assert recorded.punishment is None and recorded.effective_after_objection is None
    head = service.head()
    with pytest.raises(DueProcessViolation, match="only a delivered punishment"):
        service.start_punishment(case, effective_from=date(2024, 6, 10), actor=CLERK)
    assert service.head() == head


def test_a_reduced_punishment_takes_effect_from_the_objection_decision(
    service: ComplianceService, clock: ManualClock
) -> None:
    case = _punished(service, days=8, punishment="pernyataan_tidak_puas_tertulis")
    _file(service, case)
    _on(clock, date(2024, 5, 20))
    service.decide_objection(case, outcome=ObjectionOutcome.CHANGED, reason="diperingan",
                             punishment="teguran_tertulis", actor=CLERK)
    recorded = service.get_case(case)
    assert recorded.punishment is Punishment.TEGURAN_TERTULIS
    # As the decision on the keberatan says: not before it, whatever the first decree's receipt.
    effect = recorded.effective_after_objection
    assert effect is not None and effect.due == date(2024, 5, 20)
    assert effect.rule.rule_id == "pp94.effect_after_objection"
    head = service.head()
    with pytest.raises(DueProcessViolation, match="2024-05-20 at the earliest"):
        service.start_punishment(case, effective_from=date(2024, 5, 18), actor=CLERK)
    assert service.head() == head
    service.start_punishment(case, effective_from=date(2024, 5, 20), actor=CLERK)
    assert service.get_case(case).in_effect_from == date(2024, 5, 20)


def test_a_city_can_count_days_from_the_objection_decision(
    store_url: str, clock: ManualClock
) -> None:
    later = PolicySettings(overrides={"pp94.effective_days_after_objection": 15})
    service = ComplianceService.open(store_url, clock=clock, policy=later)
    try:
        case = _punished(service)
        _file(service, case)
        _on(clock, date(2024, 5, 20))
        service.decide_objection(case, outcome="upheld", reason="r", actor=CLERK)
        effect = service.get_case(case).effective_after_objection
        assert effect is not None and effect.due == date(2024, 6, 4)
        with pytest.raises(DueProcessViolation, match="2024-06-04 at the earliest"):
            service.start_punishment(case, effective_from=date(2024, 5, 20), actor=CLERK)
    finally:
        service.close()


def test_a_punishment_in_effect_stops_when_annulled(
    service: ComplianceService, clock: ManualClock
) -> None:
    case = _punished(service, days=8, punishment="pernyataan_tidak_puas_tertulis")
    _on(clock, date(2024, 5, 18))
    service.start_punishment(case, effective_from=date(2024, 5, 18), actor=CLERK)
    _file(service, case, filed_on=date(2024, 5, 20))
    _on(clock, date(2024, 5, 27))
    service.decide_objection(case, outcome="annulled", reason="tidak terbukti", actor=CLERK)
    [decided] = _events(service, case, DisciplinaryCase.ObjectionDecided)
    assert decided.stops_on == date(2024, 5, 27)  # type: ignore[attr-defined]
    recorded = service.get_case(case)
    assert recorded.in_effect_from is None and recorded.stopped_on == date(2024, 5, 27)
    service.close_case(case, reason="dibatalkan atas keberatan", actor=CLERK)


def test_changing_to_the_same_punishment_is_not_a_change(
    service: ComplianceService, clock: ManualClock
) -> None:
    case = _punished(service)
    _file(service, case)
    head = service.head()
    with pytest.raises(InvalidValue, match="upholding it, not a change"):
        service.decide_objection(case, outcome="changed", punishment="teguran_tertulis",
                                 reason="r", actor=CLERK)
    assert service.head() == head


def test_a_heavier_change_is_refused_where_the_settings_forbid_it(
    store_url: str, clock: ManualClock
) -> None:
    strict = PolicySettings(overrides={"pp79.heavier_change_allowed": False})
    service = ComplianceService.open(store_url, clock=clock, policy=strict)
    try:
        case = _punished(service)
        _file(service, case)
        head = service.head()
        with pytest.raises(HeavierOnAppealRefused, match=r"pp79\.objection_change"):
            service.decide_objection(case, outcome="changed", reason="r", actor=CLERK,
                                     punishment="pernyataan_tidak_puas_tertulis")
        assert service.head() == head
    finally:
        service.close()


# --------------------------------------------------------------------------- the audit


def test_the_audit_flags_a_heavier_change_and_a_late_decision(
    service: ComplianceService, clock: ManualClock
) -> None:
    case = _punished(service)
    _file(service, case)
    _on(clock, date(2024, 6, 13))  # the superior's window closed on 12 June
    service.decide_objection(case, outcome="changed", punishment="pernyataan_tidak_puas_tertulis",
                             reason="diperberat", actor=CLERK)
    [decided] = _events(service, case, DisciplinaryCase.ObjectionDecided)
    assert decided.late  # type: ignore[attr-defined]
    audit = audit_decisions(service, today=date(2024, 7, 1))
    # Recorded late, and made heavier where the settings allow it: flagged, not inconsistent.
    assert audit.clean, audit.findings
    assert {f.kind for f in audit.flagged} == {"objection_decided_late", "objection_made_heavier"}


def test_the_audit_flags_an_objection_left_undecided_past_its_window(
    service: ComplianceService, clock: ManualClock
) -> None:
    case = _punished(service)
    _file(service, case)
    assert audit_decisions(service, today=date(2024, 6, 12)).clean
    late = audit_decisions(service, today=date(2024, 6, 13)).findings
    assert [f.kind for f in late] == ["objection_undecided"]
    assert "not decided by 2024-06-12" in late[0].message


def test_the_audit_rechecks_the_recorded_objection_dates(
    service: ComplianceService, clock: ManualClock
) -> None:
    case = _punished(service, days=8, punishment="pernyataan_tidak_puas_tertulis")
    _file(service, case)
    _on(clock, date(2024, 5, 20))
    service.decide_objection(case, outcome="changed", punishment="teguran_tertulis",
                             reason="diperingan", actor=CLERK)
    audit = audit_decisions(service, today=date(2024, 5, 21))
    assert audit.clean, audit.findings
    # The filing window, the decision window and the new effect date are all re-checked.
    assert audit.deadlines >= 5


def test_the_audit_flags_a_punishment_in_effect_before_the_objection_decision_allows(
    store_url: str, clock: ManualClock
) -> None:
    # The audit counts the effect after an objection from its decision, as the case does: with a
    # city's 15 days, a start recorded by an older store (no effect date on the decision, so
    # nothing refused it) on the decision's own day is a finding, counted from the decision.
    later = PolicySettings(overrides={"pp94.effective_days_after_objection": 15})
    service = ComplianceService.open(store_url, clock=clock, policy=later)
    try:
        case = _punished(service)
        _file(service, case)
        _on(clock, date(2024, 5, 20))
        record = service.get_case(case)
        at = clock.now()
        record.decide_objection(outcome="upheld", reason="r", occurred_at=at, actor=CLERK)
        record.start_punishment(effective_from=date(2024, 5, 20), occurred_at=at, actor=CLERK)
        service.save(record)
        (early,) = [f for f in audit_decisions(service, today=date(2024, 5, 21)).findings
                    if f.kind == "effective_before_rule"]
        assert early.recomputed == "2024-06-04"
        assert "pp94.effect_after_objection" in early.message
        assert "keberatan was decided on 2024-05-20" in early.message
    finally:
        service.close()


def test_a_punishment_started_on_the_objection_decisions_day_is_no_finding(
    service: ComplianceService, clock: ManualClock
) -> None:
    # Before the decree's own day 15 (18 May), but on the day the keberatan was decided: the
    # audit does not apply the receipt rule to a case with an objection.
    case = _punished(service)
    _file(service, case, filed_on=date(2024, 5, 6))
    _on(clock, date(2024, 5, 7))
    service.decide_objection(case, outcome="upheld", reason="r", actor=CLERK)
    service.start_punishment(case, effective_from=date(2024, 5, 7), actor=CLERK)
    audit = audit_decisions(service, today=date(2024, 5, 8))
    assert "effective_before_rule" not in {f.kind for f in audit.findings}, audit.findings
