"""DisciplinaryCase: the due process of PP 94/2021 and PerBKN 6/2022, step by step.

The case used throughout: the Kasi of Kelurahan Jodipan, absent on Mon 29 Apr 2024. Summons on
Thu 2 May for an examination on Tue 7 May; a second summons, when needed, on Wed 8 May for
Mon 13 May; decision on Mon 20 May; delivery on Wed 22 May.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import Any

import pytest

from pelayanan.domain.discipline import (
    Breach,
    BreachKind,
    CaseSource,
    Decision,
    DisciplinaryCase,
    ObjectionKind,
    ObjectionOutcome,
    Outcome,
    SourceKind,
    case_id,
)
from pelayanan.domain.errors import (
    AlreadyDecided,
    CaseClosed,
    CommandRefused,
    DeadlinePassed,
    DueProcessViolation,
    ExaminationRequired,
    InvalidValue,
    TimeOrderViolation,
    TimPemeriksaRequired,
)
from pelayanan.domain.office import office_id
from pelayanan.domain.values import Actor, Assessment, Impact, Level, Nip, Punishment, RuleRef
from tests.domain.support import (
    CLERK,
    JODIPAN,
    STAFF_NIP,
    deadline,
    legal_basis,
    new_events,
    refused,
    the_event,
    wib,
)

SEKDA = Actor(name="Sekretaris Daerah", role="pejabat yang berwenang menghukum")
FINDING = CaseSource(SourceKind.FINDING, "ST/094/35.73/2024 finding 1", uuid.uuid4())
ABSENT = Breach(BreachKind.ATTENDANCE, "meninggalkan kantor pada jam layanan", days_absent=1)


def opened() -> DisciplinaryCase:
    case = DisciplinaryCase.open(
        case_number="BKPSDM/2024/017",
        nip=STAFF_NIP,
        name="Dewi",
        source=FINDING,
        breach=ABSENT,
        occurred_at=wib(4, 30),
        actor=CLERK,
        office_id=office_id(JODIPAN),
        office_code=JODIPAN,
    )
    case.collect_events()
    return case


def summon(case: DisciplinaryCase, second: bool = False, **extra: Any) -> int:
    if second:
        letter, exam = date(2024, 5, 8), date(2024, 5, 13)
    else:
        letter, exam = date(2024, 5, 2), date(2024, 5, 7)
    return case.request_clarification(
        letter_date=letter,
        examination_date=exam,
        occurred_at=datetime.combine(letter, wib(1, 1).timetz()),
        actor=CLERK,
        **extra,
    )


def no_show(case: DisciplinaryCase) -> None:
    exam = case.summonses[-1]
    case.record_no_show(occurred_at=datetime.combine(exam, wib(1, 1, 12).timetz()), actor=CLERK)


EXAMINED_AT = wib(5, 7, 10)


def examine(case: DisciplinaryCase, at: datetime = EXAMINED_AT, **extra: Any) -> None:
    case.record_examination(
        bap_reference="BAP/017/2024",
        signed_by_subject=True,
        examiners="atasan langsung; inspektorat; BKPSDM",
        occurred_at=at,
        actor=CLERK,
        **extra,
    )


def punishment(p: Punishment = Punishment.TEGURAN_TERTULIS, **extra: Any) -> Decision:
    fields: dict[str, Any] = {
        "outcome": Outcome.PUNISHMENT,
        "reason": "kantor ditinggalkan kosong pada jam layanan",
        "decided_by": SEKDA,
        "punishment": p,
        "legal_basis": legal_basis(),
        "rule": RuleRef("pp94.attendance", 1),
        "required": Punishment.TEGURAN_TERTULIS,
        "assessment": Assessment.WITHIN,
    }
    return Decision(**fields | extra)


DISMISSED = Decision(outcome=Outcome.DISMISSED, reason="izin was recorded", decided_by=SEKDA)


def examined() -> DisciplinaryCase:
    case = opened()
    summon(case)
    examine(case)
    case.collect_events()
    return case


def decided(decision: Decision | None = None) -> DisciplinaryCase:
    case = examined()
    case.decide(decision or punishment(), occurred_at=wib(5, 20), actor=SEKDA)
    case.collect_events()
    return case


OBJECTION_DUE = date(2024, 6, 11)
EFFECTIVE = date(2024, 6, 6)


def delivered(decision: Decision | None = None, **extra: Any) -> DisciplinaryCase:
    case = decided(decision)
    args: dict[str, Any] = {
        "objection_deadline": deadline(OBJECTION_DUE, rule="pp79.keberatan"),
        "effective": deadline(EFFECTIVE, rule="pp94.effective"),
    }
    case.deliver_decision(
        delivered_on=date(2024, 5, 22), occurred_at=wib(5, 22), actor=CLERK, **args | extra
    )
    case.collect_events()
    return case


def objected(decision: Decision | None = None) -> DisciplinaryCase:
    case = delivered(decision)
    kind = ObjectionKind.BANDING if case.punishment is Punishment.PDH else ObjectionKind.KEBERATAN
    case.file_objection(
        kind=kind,
        filed_on=date(2024, 6, 3),
        grounds="ada izin lisan",
        occurred_at=wib(6, 3),
        actor=CLERK,
    )
    case.collect_events()
    return case


def in_effect(until: date | None = date(2025, 6, 6)) -> DisciplinaryCase:
    case = delivered()
    case.start_punishment(effective_from=EFFECTIVE, until=until, occurred_at=wib(6, 6), actor=CLERK)
    case.collect_events()
    return case


# --------------------------------------------------------------------------- open


def test_open_records_subject_source_and_breach() -> None:
    case = DisciplinaryCase.open(
        case_number="BKPSDM/2024/017",
        nip=STAFF_NIP,
        name="Dewi",
        source=FINDING,
        breach=ABSENT,
        occurred_at=wib(4, 30),
        actor=CLERK,
        office_code=JODIPAN,
    )
    event = the_event(case, DisciplinaryCase.Opened)
    assert (event.nip, event.source, event.breach) == (STAFF_NIP, FINDING, ABSENT)
    assert case.id == case_id(STAFF_NIP, "BKPSDM/2024/017")
    assert case.summonses == [] and case.decision is None and not case.closed


@pytest.mark.parametrize(
    "overrides",
    [
        {"case_number": " "},
        {"nip": "199001012015031003"},
        {"name": ""},
        {"source": "finding"},
        {"breach": "absent"},
        {"office_code": "35.73.01.1011"},
        {"occurred_at": datetime(2024, 4, 30, 9)},
        {"recorded_at": wib(4, 29)},
        {"actor": None},
    ],
)
def test_open_refuses_bad_input(overrides: dict[str, Any]) -> None:
    args: dict[str, Any] = {
        "case_number": "C1",
        "nip": STAFF_NIP,
        "name": "Dewi",
        "source": FINDING,
        "breach": ABSENT,
        "occurred_at": wib(4, 30),
        "actor": CLERK,
    }
    with pytest.raises(InvalidValue):
        DisciplinaryCase.open(**args | overrides)


@pytest.mark.parametrize(
    "fields",
    [
        {"days_absent": -1},
        {"days_absent": True},
        {"late_minutes": 7.5},
        {"description": "  "},
        {"kind": "attendance"},
        {"impact": "negara"},
    ],
)
def test_breach_refuses_bad_facts(fields: dict[str, Any]) -> None:
    base: dict[str, Any] = {"kind": BreachKind.ATTENDANCE, "description": "d"}
    with pytest.raises(InvalidValue):
        Breach(**base | fields)


def test_decision_names_a_punishment_and_its_basis_exactly_when_it_punishes() -> None:
    with pytest.raises(InvalidValue, match="legal basis"):
        punishment(legal_basis=None)
    with pytest.raises(InvalidValue, match="legal basis"):
        punishment(punishment=None)
    with pytest.raises(InvalidValue, match="no punishment"):
        Decision(
            outcome=Outcome.DISMISSED,
            reason="r",
            decided_by=SEKDA,
            punishment=Punishment.TEGURAN_LISAN,
        )
    lighter = punishment(Punishment.TEGURAN_LISAN, assessment=Assessment.LIGHTER)
    assert lighter.flagged and lighter.level is Level.RINGAN
    assert not punishment().flagged and DISMISSED.level is None


# --------------------------------------------------------------------------- summons


def test_first_summons() -> None:
    case = opened()
    seven_days = deadline(date(2024, 5, 13), rule="perbkn6.summons")
    assert summon(case, deadline=seven_days) == 1
    event = the_event(case, DisciplinaryCase.ClarificationRequested)
    assert (event.summons, event.letter_date, event.examination_date) == (
        1,
        date(2024, 5, 2),
        date(2024, 5, 7),
    )
    assert event.deadline == seven_days and event.letter_deadline is None
    assert case.summonses == [date(2024, 5, 7)]


def test_examination_date_on_the_deadline_is_allowed_and_after_it_refused() -> None:
    case = opened()
    with refused(case, DueProcessViolation):
        summon(case, deadline=deadline(date(2024, 5, 6)))
    summon(case, deadline=deadline(date(2024, 5, 7)))
    assert case.summonses == [date(2024, 5, 7)]


def test_summons_refuses_bad_dates() -> None:
    case = opened()
    with refused(case, InvalidValue):  # examination before the letter
        case.request_clarification(
            letter_date=date(2024, 5, 7),
            examination_date=date(2024, 5, 2),
            occurred_at=wib(5, 7),
            actor=CLERK,
        )
    with refused(case, InvalidValue):
        case.request_clarification(
            letter_date=wib(5, 2),
            examination_date=date(2024, 5, 7),
            occurred_at=wib(5, 2),
            actor=CLERK,
        )
    with refused(case, InvalidValue):
        summon(case, deadline=date(2024, 5, 13))
    with refused(case, InvalidValue):
        case.request_clarification(
            letter_date=date(2024, 5, 2),
            examination_date=date(2024, 5, 7),
            occurred_at=datetime(2024, 5, 2, 9),
            actor=CLERK,
        )


def test_second_summons_only_after_a_no_show() -> None:
    case = opened()
    summon(case)
    case.collect_events()
    with refused(case, DueProcessViolation):
        summon(case, second=True)
    no_show(case)
    letter_due = deadline(date(2024, 5, 16), rule="perbkn6.second_summons")
    assert summon(case, second=True, letter_deadline=letter_due) == 2
    events = new_events(case)
    assert [type(e) for e in events] == [
        DisciplinaryCase.NoShowRecorded,
        DisciplinaryCase.ClarificationRequested,
    ]
    assert events[1].summons == 2 and events[1].letter_deadline == letter_due
    assert not case.no_show_pending and case.no_shows == 1


def test_second_summons_letter_after_its_deadline_is_refused() -> None:
    case = opened()
    summon(case)
    no_show(case)
    case.collect_events()
    with refused(case, DueProcessViolation):
        summon(case, second=True, letter_deadline=deadline(date(2024, 5, 7)))
    with refused(case, InvalidValue):
        summon(case, second=True, letter_deadline=date(2024, 5, 16))


def test_no_third_summons() -> None:
    case = opened()
    summon(case)
    no_show(case)
    summon(case, second=True)
    no_show(case)
    case.collect_events()
    with refused(case, DueProcessViolation):
        case.request_clarification(
            letter_date=date(2024, 5, 14),
            examination_date=date(2024, 5, 20),
            occurred_at=wib(5, 14),
            actor=CLERK,
        )


# ------------------------------------------------------------- clarification, no-show, examination


def test_receive_clarification() -> None:
    case = opened()
    summon(case)
    case.collect_events()
    case.receive_clarification(
        statement="saya menghadiri hajatan", occurred_at=wib(5, 3), actor=CLERK
    )
    assert the_event(case, DisciplinaryCase.ClarificationReceived).statement == (
        "saya menghadiri hajatan"
    )
    assert case.clarified and case.may_decide


def test_nothing_is_heard_or_examined_before_a_summons() -> None:
    case = opened()
    with refused(case, DueProcessViolation):
        case.receive_clarification(statement="s", occurred_at=wib(5, 3), actor=CLERK)
    with refused(case, DueProcessViolation):
        case.record_no_show(occurred_at=wib(5, 7), actor=CLERK)
    with refused(case, DueProcessViolation):
        examine(case)


@pytest.mark.parametrize("statement", ["", "   ", "\n\t", "x" * 20001, "a\x00b"])
def test_empty_or_malformed_statements_are_refused(statement: str) -> None:
    case = opened()
    summon(case)
    case.collect_events()
    with refused(case, InvalidValue):
        case.receive_clarification(statement=statement, occurred_at=wib(5, 3), actor=CLERK)


def test_no_show() -> None:
    case = opened()
    summon(case)
    case.collect_events()
    no_show(case)
    assert the_event(case, DisciplinaryCase.NoShowRecorded).summons == 1
    assert case.no_show_pending and case.no_shows == 1 and not case.may_decide


def test_no_show_refusals() -> None:
    case = opened()
    summon(case)
    case.collect_events()
    with refused(case, DueProcessViolation):  # before the examination date
        case.record_no_show(occurred_at=wib(5, 6, 16), actor=CLERK)
    with refused(case, InvalidValue):
        case.record_no_show(occurred_at=datetime(2024, 5, 7, 12), actor=CLERK)
    no_show(case)
    case.collect_events()
    with refused(case, DueProcessViolation):  # already recorded
        no_show(case)


def test_no_show_after_the_examination_is_refused() -> None:
    case = examined()
    with refused(case, DueProcessViolation):
        no_show(case)


def test_examination() -> None:
    case = opened()
    summon(case)
    case.collect_events()
    case.record_examination(
        bap_reference="BAP/017",
        signed_by_subject=False,
        examiners="atasan langsung",
        occurred_at=wib(5, 7, 10),
        actor=CLERK,
    )
    event = the_event(case, DisciplinaryCase.ExaminationRecorded)
    assert (event.bap_reference, event.signed_by_subject) == ("BAP/017", False)
    assert case.examined and case.may_decide  # a refusal to sign does not stop the case


def test_no_examination_while_a_no_show_is_pending() -> None:
    case = opened()
    summon(case)
    no_show(case)
    case.collect_events()
    with refused(case, DueProcessViolation):
        examine(case)
    summon(case, second=True)
    examine(case, at=wib(5, 13, 10))
    assert [type(e) for e in new_events(case)] == [
        DisciplinaryCase.ClarificationRequested,
        DisciplinaryCase.ExaminationRecorded,
    ]


@pytest.mark.parametrize(
    "extra",
    [{"bap_reference": " "}, {"examiners": ""}, {"signed_by_subject": "ya"}],
)
def test_examination_refuses_bad_input(extra: dict[str, Any]) -> None:
    case = opened()
    summon(case)
    case.collect_events()
    args: dict[str, Any] = {
        "bap_reference": "BAP",
        "signed_by_subject": True,
        "examiners": "atasan",
        "occurred_at": wib(5, 7),
        "actor": CLERK,
    }
    with refused(case, InvalidValue):
        case.record_examination(**args | extra)


# --------------------------------------------------------------------------- decision


def test_no_decision_without_a_summons() -> None:
    case = opened()
    with refused(case, DueProcessViolation):
        case.decide(punishment(), occurred_at=wib(5, 20), actor=SEKDA)


def test_no_decision_on_a_summons_alone_or_one_no_show() -> None:
    case = opened()
    summon(case)
    case.collect_events()
    with refused(case, DueProcessViolation):
        case.decide(punishment(), occurred_at=wib(5, 20), actor=SEKDA)
    no_show(case)
    summon(case, second=True)
    case.collect_events()
    with refused(case, DueProcessViolation):
        case.decide(punishment(), occurred_at=wib(5, 20), actor=SEKDA)


def build_clarified() -> DisciplinaryCase:
    case = opened()
    summon(case)
    case.receive_clarification(statement="s", occurred_at=wib(5, 3), actor=CLERK)
    return case


def build_two_no_shows() -> DisciplinaryCase:
    case = opened()
    summon(case)
    no_show(case)
    summon(case, second=True)
    no_show(case)
    return case


@pytest.mark.parametrize(
    ("given", "without_examination"),
    [(examined, False), (build_two_no_shows, True)],
)
def test_a_punishment_after_the_examination_or_two_no_shows(
    given: Callable[[], DisciplinaryCase], without_examination: bool
) -> None:
    case = given()
    case.collect_events()
    case.decide(punishment(), occurred_at=wib(5, 20), actor=SEKDA)
    event = the_event(case, DisciplinaryCase.Decided)
    assert event.decision == punishment()
    assert event.without_examination is without_examination
    assert case.decided_on == date(2024, 5, 20)
    assert case.punishment is Punishment.TEGURAN_TERTULIS


def test_exactly_one_decision() -> None:
    case = decided()
    with refused(case, AlreadyDecided):
        case.decide(DISMISSED, occurred_at=wib(5, 21), actor=SEKDA)
    with refused(case, AlreadyDecided):
        summon(case)
    with refused(case, AlreadyDecided):
        case.receive_clarification(statement="s", occurred_at=wib(5, 21), actor=CLERK)
    with refused(case, AlreadyDecided):
        case.record_no_show(occurred_at=wib(5, 21), actor=CLERK)
    with refused(case, AlreadyDecided):
        examine(case)


def test_decide_refuses_a_non_decision() -> None:
    case = examined()
    with refused(case, InvalidValue):
        case.decide("teguran tertulis", occurred_at=wib(5, 20), actor=SEKDA)  # type: ignore[arg-type]


# --------------------------------------------------------------------------- delivery


def test_delivery_records_deadlines_and_lateness() -> None:
    case = decided()
    case.deliver_decision(
        delivered_on=date(2024, 6, 14),
        delivery_deadline=deadline(date(2024, 6, 10), rule="bkn.delivery"),
        objection_deadline=deadline(OBJECTION_DUE),
        effective=deadline(EFFECTIVE),
        occurred_at=wib(6, 14),
        actor=CLERK,
    )
    event = the_event(case, DisciplinaryCase.DecisionDelivered)
    assert event.late and event.delivered_on == date(2024, 6, 14)
    assert case.objection_deadline == deadline(OBJECTION_DUE)
    assert case.effective == deadline(EFFECTIVE)


def test_delivery_on_the_deadline_is_on_time() -> None:
    case = decided()
    case.deliver_decision(
        delivered_on=date(2024, 6, 10),
        occurred_at=wib(6, 10),
        actor=CLERK,
        delivery_deadline=deadline(date(2024, 6, 10)),
    )
    assert not the_event(case, DisciplinaryCase.DecisionDelivered).late


def test_delivery_only_after_a_decision_and_only_once() -> None:
    case = examined()
    with refused(case, DueProcessViolation):
        case.deliver_decision(delivered_on=date(2024, 5, 22), occurred_at=wib(5, 22), actor=CLERK)
    case = delivered()
    with refused(case, CommandRefused):
        case.deliver_decision(delivered_on=date(2024, 5, 23), occurred_at=wib(5, 23), actor=CLERK)


def test_delivery_refuses_bad_dates() -> None:
    case = decided()
    with refused(case, InvalidValue):
        case.deliver_decision(delivered_on=date(2024, 5, 19), occurred_at=wib(5, 22), actor=CLERK)
    with refused(case, InvalidValue):
        case.deliver_decision(delivered_on=wib(5, 22), occurred_at=wib(5, 22), actor=CLERK)
    with refused(case, InvalidValue):
        case.deliver_decision(
            delivered_on=date(2024, 5, 22), occurred_at=wib(5, 22), actor=CLERK, effective=EFFECTIVE
        )  # type: ignore[arg-type]


# --------------------------------------------------------------------------- objection


def test_keberatan_against_a_delivered_punishment() -> None:
    case = delivered()
    case.file_objection(
        kind="keberatan",
        filed_on=date(2024, 6, 3),  # type: ignore[arg-type]
        grounds="ada izin lisan",
        occurred_at=wib(6, 3),
        actor=CLERK,
    )
    event = the_event(case, DisciplinaryCase.ObjectionFiled)
    assert (event.objection, event.filed_on) == (ObjectionKind.KEBERATAN, date(2024, 6, 3))
    assert case.objection_pending


def test_banding_against_dismissal() -> None:
    case = delivered(punishment(Punishment.PDH))
    with refused(case, CommandRefused):
        case.file_objection(
            kind=ObjectionKind.KEBERATAN,
            filed_on=date(2024, 6, 3),
            grounds="g",
            occurred_at=wib(6, 3),
            actor=CLERK,
        )
    case.file_objection(
        kind=ObjectionKind.BANDING,
        filed_on=date(2024, 6, 3),
        grounds="g",
        occurred_at=wib(6, 3),
        actor=CLERK,
    )
    assert the_event(case, DisciplinaryCase.ObjectionFiled).objection is ObjectionKind.BANDING


def test_banding_is_only_for_dismissal() -> None:
    case = delivered()
    with refused(case, CommandRefused):
        case.file_objection(
            kind=ObjectionKind.BANDING,
            filed_on=date(2024, 6, 3),
            grounds="g",
            occurred_at=wib(6, 3),
            actor=CLERK,
        )


def test_objection_only_against_a_delivered_punishment() -> None:
    undelivered = decided()
    with refused(undelivered, DueProcessViolation):
        undelivered.file_objection(
            kind=ObjectionKind.KEBERATAN,
            filed_on=date(2024, 5, 21),
            grounds="g",
            occurred_at=wib(5, 21),
            actor=CLERK,
        )
    dismissed = delivered(DISMISSED)
    with refused(dismissed, CommandRefused):
        dismissed.file_objection(
            kind=ObjectionKind.KEBERATAN,
            filed_on=date(2024, 6, 3),
            grounds="g",
            occurred_at=wib(6, 3),
            actor=CLERK,
        )


def test_objection_deadline() -> None:
    case = delivered()
    with refused(case, DeadlinePassed):
        case.file_objection(
            kind=ObjectionKind.KEBERATAN,
            filed_on=date(2024, 6, 12),
            grounds="g",
            occurred_at=wib(6, 12),
            actor=CLERK,
        )
    case.file_objection(
        kind=ObjectionKind.KEBERATAN,
        filed_on=OBJECTION_DUE,
        grounds="g",
        occurred_at=wib(6, 11),
        actor=CLERK,
    )
    assert the_event(case, DisciplinaryCase.ObjectionFiled).filed_on == OBJECTION_DUE


def test_one_objection_per_case() -> None:
    case = objected()
    with refused(case, CommandRefused):
        case.file_objection(
            kind=ObjectionKind.KEBERATAN,
            filed_on=date(2024, 6, 4),
            grounds="g",
            occurred_at=wib(6, 4),
            actor=CLERK,
        )


@pytest.mark.parametrize("extra", [{"kind": "appeal"}, {"grounds": " "}, {"filed_on": wib(6, 3)}])
def test_objection_refuses_bad_input(extra: dict[str, Any]) -> None:
    case = delivered()
    args: dict[str, Any] = {
        "kind": ObjectionKind.KEBERATAN,
        "filed_on": date(2024, 6, 3),
        "grounds": "g",
        "occurred_at": wib(6, 3),
        "actor": CLERK,
    }
    with refused(case, InvalidValue):
        case.file_objection(**args | extra)


@pytest.mark.parametrize(
    ("outcome", "new", "standing"),
    [
        (ObjectionOutcome.UPHELD, None, Punishment.TEGURAN_TERTULIS),
        (ObjectionOutcome.CHANGED, Punishment.TEGURAN_LISAN, Punishment.TEGURAN_LISAN),
        (ObjectionOutcome.ANNULLED, None, None),
    ],
)
def test_objection_decision_sets_the_standing_punishment(
    outcome: ObjectionOutcome, new: Punishment | None, standing: Punishment | None
) -> None:
    case = objected()
    case.decide_objection(
        outcome=outcome, punishment=new, reason="r", occurred_at=wib(6, 20), actor=SEKDA
    )
    event = the_event(case, DisciplinaryCase.ObjectionDecided)
    assert (event.outcome, event.punishment) == (outcome, new)
    assert case.punishment is standing and not case.objection_pending


def test_objection_decision_refusals() -> None:
    case = delivered()
    with refused(case, CommandRefused):  # nothing pending
        case.decide_objection(
            outcome=ObjectionOutcome.UPHELD, reason="r", occurred_at=wib(6, 20), actor=SEKDA
        )
    case = objected()
    for outcome, new in [
        (ObjectionOutcome.CHANGED, None),
        (ObjectionOutcome.UPHELD, Punishment.TEGURAN_LISAN),
        (ObjectionOutcome.ANNULLED, Punishment.TEGURAN_LISAN),
        ("quashed", None),
        (ObjectionOutcome.CHANGED, "teguran_keras"),
    ]:
        with refused(case, InvalidValue):
            case.decide_objection(
                outcome=outcome,
                punishment=new,
                reason="r",  # type: ignore[arg-type]
                occurred_at=wib(6, 20),
                actor=SEKDA,
            )
    with refused(case, InvalidValue):
        case.decide_objection(
            outcome=ObjectionOutcome.UPHELD, reason="", occurred_at=wib(6, 20), actor=SEKDA
        )


# --------------------------------------------------------------------------- taking effect


def test_punishment_takes_effect_on_the_effective_date() -> None:
    case = delivered()
    with refused(case, DueProcessViolation):
        case.start_punishment(effective_from=date(2024, 6, 5), occurred_at=wib(6, 5), actor=CLERK)
    case.start_punishment(
        effective_from=EFFECTIVE, until=date(2025, 6, 6), occurred_at=wib(6, 6), actor=CLERK
    )
    event = the_event(case, DisciplinaryCase.PunishmentTookEffect)
    assert (event.effective_from, event.until) == (EFFECTIVE, date(2025, 6, 6))
    assert case.in_effect_from == EFFECTIVE


def test_punishment_takes_effect_only_after_delivery() -> None:
    case = decided()
    with refused(case, DueProcessViolation):
        case.start_punishment(effective_from=EFFECTIVE, occurred_at=wib(6, 6), actor=CLERK)


def test_a_dismissed_case_has_nothing_to_take_effect() -> None:
    case = delivered(DISMISSED)
    with refused(case, DueProcessViolation):
        case.start_punishment(effective_from=EFFECTIVE, occurred_at=wib(6, 6), actor=CLERK)


def test_not_while_an_objection_is_pending() -> None:
    case = objected()
    with refused(case, DueProcessViolation):
        case.start_punishment(effective_from=date(2024, 6, 20), occurred_at=wib(6, 20), actor=CLERK)


def test_after_the_objection_decision_the_effective_date_no_longer_binds() -> None:
    case = objected()
    case.decide_objection(
        outcome=ObjectionOutcome.UPHELD, reason="r", occurred_at=wib(6, 4), actor=SEKDA
    )
    case.start_punishment(effective_from=date(2024, 6, 5), occurred_at=wib(6, 5), actor=CLERK)
    assert [type(e) for e in new_events(case)] == [
        DisciplinaryCase.ObjectionDecided,
        DisciplinaryCase.PunishmentTookEffect,
    ]
    assert case.in_effect_from == date(2024, 6, 5)


def test_an_annulled_punishment_never_takes_effect() -> None:
    case = objected()
    case.decide_objection(
        outcome=ObjectionOutcome.ANNULLED, reason="r", occurred_at=wib(6, 4), actor=SEKDA
    )
    case.collect_events()
    with refused(case, DueProcessViolation):
        case.start_punishment(effective_from=date(2024, 6, 5), occurred_at=wib(6, 5), actor=CLERK)


def test_start_punishment_refusals() -> None:
    case = delivered(effective=None)
    with refused(case, InvalidValue):  # before delivery
        case.start_punishment(effective_from=date(2024, 5, 21), occurred_at=wib(5, 22), actor=CLERK)
    with refused(case, InvalidValue):
        case.start_punishment(
            effective_from=EFFECTIVE, until=EFFECTIVE, occurred_at=wib(6, 6), actor=CLERK
        )
    with refused(case, InvalidValue):
        case.start_punishment(effective_from=wib(6, 6), occurred_at=wib(6, 6), actor=CLERK)
    case.start_punishment(effective_from=date(2024, 5, 22), occurred_at=wib(5, 22), actor=CLERK)
    case.collect_events()
    with refused(case, CommandRefused):
        case.start_punishment(effective_from=EFFECTIVE, occurred_at=wib(6, 6), actor=CLERK)


def test_complete_punishment() -> None:
    case = in_effect()
    with refused(case, InvalidValue):
        case.complete_punishment(completed_on=date(2024, 6, 5), occurred_at=wib(6, 6), actor=CLERK)
    case.complete_punishment(completed_on=date(2025, 6, 6), occurred_at=wib(6, 6), actor=CLERK)
    assert the_event(case, DisciplinaryCase.PunishmentCompleted).completed_on == date(2025, 6, 6)
    with refused(case, CommandRefused):
        case.complete_punishment(completed_on=date(2025, 6, 7), occurred_at=wib(6, 7), actor=CLERK)


def test_a_punishment_that_never_took_effect_cannot_complete() -> None:
    case = delivered()
    with refused(case, CommandRefused):
        case.complete_punishment(completed_on=date(2025, 6, 6), occurred_at=wib(6, 6), actor=CLERK)


# --------------------------------------------------------------------------- closing


def test_close_waits_for_a_running_punishment_to_complete() -> None:
    case = in_effect()
    with refused(case, CommandRefused):
        case.close(reason="selesai", occurred_at=wib(6, 7), actor=CLERK)
    case.complete_punishment(completed_on=date(2025, 6, 6), occurred_at=wib(6, 7), actor=CLERK)
    case.close(reason="selesai", occurred_at=wib(6, 7), actor=CLERK)
    assert [type(e) for e in new_events(case)][-1] is DisciplinaryCase.Closed
    assert case.closed


def test_close_refuses_an_empty_reason() -> None:
    case = opened()
    with refused(case, InvalidValue):
        case.close(reason=" ", occurred_at=wib(5, 1), actor=CLERK)


EVERY_COMMAND: dict[str, Callable[[DisciplinaryCase], object]] = {
    "summon": lambda c: summon(c),
    "clarify": lambda c: c.receive_clarification(statement="s", occurred_at=wib(6, 1), actor=CLERK),
    "no_show": lambda c: c.record_no_show(occurred_at=wib(6, 1), actor=CLERK),
    "examine": examine,
    "decide": lambda c: c.decide(DISMISSED, occurred_at=wib(6, 1), actor=SEKDA),
    "deliver": lambda c: c.deliver_decision(
        delivered_on=date(2024, 6, 1), occurred_at=wib(6, 1), actor=CLERK
    ),
    "object": lambda c: c.file_objection(
        kind=ObjectionKind.KEBERATAN,
        filed_on=date(2024, 6, 3),
        grounds="g",
        occurred_at=wib(6, 3),
        actor=CLERK,
    ),
    "decide_objection": lambda c: c.decide_objection(
        outcome=ObjectionOutcome.UPHELD, reason="r", occurred_at=wib(6, 3), actor=SEKDA
    ),
    "start": lambda c: c.start_punishment(
        effective_from=EFFECTIVE, occurred_at=wib(6, 6), actor=CLERK
    ),
    "complete": lambda c: c.complete_punishment(
        completed_on=date(2025, 6, 6), occurred_at=wib(6, 6), actor=CLERK
    ),
    "close": lambda c: c.close(reason="again", occurred_at=wib(6, 6), actor=CLERK),
}


@pytest.mark.parametrize("stage", [opened, decided, delivered, objected, in_effect])
@pytest.mark.parametrize("command", list(EVERY_COMMAND))
def test_nothing_after_closed(stage: Callable[[], DisciplinaryCase], command: str) -> None:
    case = stage()
    if case.in_effect_from is not None:
        case.complete_punishment(completed_on=date(2025, 6, 6), occurred_at=wib(6, 7), actor=CLERK)
    if case.objection_pending:
        case.decide_objection(
            outcome=ObjectionOutcome.UPHELD, reason="ditolak", occurred_at=wib(6, 7), actor=CLERK
        )
    case.close(reason="perkara ditutup", occurred_at=wib(6, 7), actor=CLERK)
    case.collect_events()
    with refused(case, CaseClosed):
        EVERY_COMMAND[command](case)


def test_the_decision_date_is_the_date_in_malang_not_in_the_callers_zone() -> None:
    case = examined()
    evening_utc = datetime(2024, 5, 20, 18, 30, tzinfo=UTC)  # 01:30 on 21 May in WIB
    case.decide(punishment(), occurred_at=evening_utc, actor=SEKDA)
    assert case.decided_on == date(2024, 5, 21)


def test_a_case_with_a_pending_objection_cannot_be_closed() -> None:
    case = objected()
    with refused(case, DueProcessViolation):
        case.close(reason="perkara ditutup", occurred_at=wib(6, 7), actor=CLERK)


def test_case_numbers_are_keyed_by_nip() -> None:
    other = Nip("198011232005012002")
    assert case_id(STAFF_NIP, "C1") != case_id(other, "C1")
    assert case_id(STAFF_NIP, "C1") == case_id(Nip(str(STAFF_NIP)), "C1")
    assert Impact("negara") is Impact.NEGARA


# --------------------------------------------------------------------------- examination


def test_a_clarification_is_not_an_examination_for_a_punishment() -> None:
    case = build_clarified()
    case.collect_events()
    with refused(case, ExaminationRequired):
        case.decide(punishment(), occurred_at=wib(5, 20), actor=SEKDA)
    # Not a punishment: dismissing the case on the explanation given is still possible.
    case.decide(DISMISSED, occurred_at=wib(5, 20), actor=SEKDA)
    assert the_event(case, DisciplinaryCase.Decided).without_examination is True


def test_a_berat_punishment_needs_the_tim_pemeriksa_to_have_examined() -> None:
    case = examined()  # by the atasan alone
    dismissal = punishment(Punishment.PEMBEBASAN_JABATAN)
    with refused(case, TimPemeriksaRequired):
        case.decide(dismissal, occurred_at=wib(5, 20), actor=SEKDA, tim_required=True)
    case.form_tim_pemeriksa(
        decree="SK Wali Kota 800/12/2024",
        members="Camat Blimbing (atasan langsung); Inspektorat; BKPSDM",
        occurred_at=wib(5, 8),
        actor=CLERK,
    )
    formed = the_event(case, DisciplinaryCase.TimPemeriksaFormed)
    assert formed.decree == "SK Wali Kota 800/12/2024" and case.tim_decree == formed.decree
    with refused(case, TimPemeriksaRequired):  # formed, but has not examined yet
        case.decide(dismissal, occurred_at=wib(5, 20), actor=SEKDA, tim_required=True)
    case.record_examination(bap_reference="BAP/017/2024-2", signed_by_subject=True,
                            examiners="tim pemeriksa", occurred_at=wib(5, 9, 10), actor=CLERK)
    assert case.examined_by_tim
    case.decide(dismissal, occurred_at=wib(5, 20), actor=SEKDA, tim_required=True)
    assert case.punishment is Punishment.PEMBEBASAN_JABATAN


def test_after_two_no_shows_the_official_decides_on_the_evidence_without_a_tim() -> None:
    case = build_two_no_shows()
    case.collect_events()
    case.decide(punishment(Punishment.PDH), occurred_at=wib(5, 20), actor=SEKDA,
                tim_required=True)
    assert the_event(case, DisciplinaryCase.Decided).without_examination


def test_one_tim_pemeriksa_and_not_after_the_decision() -> None:
    case = examined()
    case.form_tim_pemeriksa(decree="SK 1", members="a; b; c", occurred_at=wib(5, 8), actor=CLERK)
    case.collect_events()
    with refused(case, CommandRefused):
        case.form_tim_pemeriksa(decree="SK 2", members="a; b; c", occurred_at=wib(5, 8),
                                actor=CLERK)
    done = decided()
    with refused(done, AlreadyDecided):
        done.form_tim_pemeriksa(decree="SK 3", members="a; b; c", occurred_at=wib(5, 21),
                                actor=CLERK)
    fresh = examined()
    with refused(fresh, InvalidValue):
        fresh.form_tim_pemeriksa(decree="", members="a", occurred_at=wib(5, 8), actor=CLERK)


def test_statements_from_other_parties_are_recorded_by_reference() -> None:
    case = opened()
    with refused(case, DueProcessViolation):
        case.record_statement(given_by="saksi", reference="BA-saksi/1", occurred_at=wib(5, 3),
                              actor=CLERK)
    summon(case)
    case.collect_events()
    case.record_statement(given_by="saksi: warga pelapor", reference="BA keterangan saksi 1",
                          occurred_at=wib(5, 7, 11), actor=CLERK)
    event = the_event(case, DisciplinaryCase.StatementRecorded)
    assert event.given_by == "saksi: warga pelapor" and event.reference == "BA keterangan saksi 1"
    with refused(case, InvalidValue):
        case.record_statement(given_by=" ", reference="x", occurred_at=wib(5, 7), actor=CLERK)


def test_the_pns_gets_a_copy_of_the_bap_signed_or_not() -> None:
    case = opened()
    summon(case)
    case.collect_events()
    with refused(case, DueProcessViolation):
        case.give_bap_copy(given_on=date(2024, 5, 7), occurred_at=wib(5, 7), actor=CLERK)
    case.record_examination(bap_reference="BAP/017", signed_by_subject=False,
                            examiners="atasan langsung", occurred_at=wib(5, 7, 10), actor=CLERK)
    assert the_event(case, DisciplinaryCase.ExaminationRecorded).signed_by_subject is False
    case.give_bap_copy(given_on=date(2024, 5, 7), occurred_at=wib(5, 7, 11), actor=CLERK)
    assert the_event(case, DisciplinaryCase.BapCopyGiven).given_on == date(2024, 5, 7)
    with refused(case, CommandRefused):
        case.give_bap_copy(given_on=date(2024, 5, 8), occurred_at=wib(5, 8), actor=CLERK)


def test_a_bap_copy_is_not_dated_before_the_examination() -> None:
    case = examined()
    with refused(case, TimeOrderViolation):
        case.give_bap_copy(given_on=date(2024, 5, 6), occurred_at=wib(5, 8), actor=CLERK)
