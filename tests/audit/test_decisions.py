"""Decisions and deadlines re-checked against the rule versions they cite."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from pelayanan.audit.decisions import audit_decisions
from pelayanan.domain.discipline import (
    Breach,
    BreachKind,
    CaseSource,
    Decision,
    Outcome,
    SourceKind,
)
from pelayanan.domain.values import WIB, Actor, Assessment, Deadline, local_date
from pelayanan.policy import catalogue
from tests.audit.conftest import JODIPAN, KASI_NIP, Cases, Story


def kinds(found: tuple[object, ...]) -> set[tuple[str, str]]:
    return {(f.kind, f.aggregate_id) for f in found}  # type: ignore[attr-defined]


def test_a_rule_version_not_in_force_is_a_finding_and_a_flagged_decision_is_listed_apart(
    story: Story, cases: Cases
) -> None:
    audit = audit_decisions(story.service, today=date(2024, 6, 1))
    assert audit.decisions == 2
    assert kinds(audit.findings) == {("rule_not_in_force", str(cases.stale_rule))}
    stale = next(f for f in audit.findings if f.kind == "rule_not_in_force")
    assert "ombudsman.compliance_zone@v1" in stale.message and "2024-05-06" in stale.message
    # Recorded as lighter and re-checked as lighter: consistent, listed, not a finding.
    (lighter,) = audit.flagged
    assert (lighter.kind, lighter.aggregate_id) == ("flagged_at_recording", str(cases.lighter))
    assert (lighter.recorded, lighter.recomputed) == ("teguran_lisan", "teguran_tertulis")
    assert lighter.message.startswith(
        "decided teguran_lisan where pp94.attendance@v1 requires teguran_tertulis: lighter than "
        "required, flagged when recorded"
    )
    assert audit.today == ()


def test_a_lighter_decision_not_flagged_when_recorded_is_a_finding(
    story: Story, clerk: Actor
) -> None:
    # Written through the domain, as an older store or another writer could: no punishment,
    # recorded as within the rule, where 5 days absent require a teguran tertulis.
    service = story.service
    case = service.open_case(
        "BKPSDM/2024/009",
        nip=KASI_NIP,
        name="Bu Kasi",
        office_code=JODIPAN,
        actor=clerk,
        source=CaseSource(SourceKind.OTHER, "laporan warga"),
        breach=Breach(BreachKind.ATTENDANCE, "tidak masuk kerja", days_absent=5),
    )
    story.clock.set(datetime(2024, 5, 7, 9, 0, tzinfo=WIB))
    service.request_clarification(
        case, letter_date=date(2024, 5, 7), examination_date=date(2024, 5, 8), actor=clerk
    )
    story.clock.set(datetime(2024, 5, 8, 9, 0, tzinfo=WIB))
    service.receive_clarification(case, statement="hadir", actor=clerk)
    service.record_examination(
        case, bap_reference="BAP", signed_by_subject=True, examiners="atasan", actor=clerk
    )
    record = service.get_case(case)
    record.decide(
        Decision(
            outcome=Outcome.ADMINISTRATIVE_WARNING,
            reason="cukup",
            decided_by=clerk,
            assessment=Assessment.WITHIN,
        ),
        occurred_at=story.clock.now(),
        actor=clerk,
        recorded_at=story.clock.now(),
    )
    service.save(record)
    audit = audit_decisions(service, today=date(2024, 6, 1))
    lighter = [f for f in audit.findings if f.kind == "lighter_than_required"]
    assert [f.aggregate_id for f in lighter] == [str(case)]
    assert lighter[0].message.startswith(
        "no punishment was decided where pp94.attendance@v1 requires teguran_tertulis: lighter "
        "than required; "
    )
    assert not audit.clean and not audit.flagged


def test_recorded_deadlines_are_recomputed_and_match(story: Story, cases: Cases) -> None:
    audit = audit_decisions(story.service, today=date(2024, 6, 1))
    # per case: the summons deadline; for the delivered case: delivery, objection, effect
    assert audit.deadlines == 5
    assert not [f for f in audit.findings if f.kind == "deadline_differs"]


def test_a_deadline_recorded_differently_is_reported(
    story: Story, cases: Cases, clerk: Actor
) -> None:
    # A summons recorded through the domain with a hand-typed deadline a week later than the
    # rule's 7 working days after the letter.
    service = story.service
    case = service.open_case(
        "BKPSDM/2024/003",
        nip=KASI_NIP,
        name="Bu Kasi",
        office_code=JODIPAN,
        actor=clerk,
        source=CaseSource(SourceKind.OTHER, "laporan warga"),
        breach=Breach(BreachKind.ATTENDANCE, "tidak masuk kerja", days_absent=3),
    )
    record = service.get_case(case)
    rule = catalogue.rule("perbkn6.summons_examination", date(2024, 5, 8))
    typed = Deadline(
        due=date(2024, 5, 24),
        rule=rule.ref,
        basis=rule.citation,
        explanation="diketik tangan",
    )
    now = story.clock.advance(timedelta(days=1))  # a letter is recorded on or after its date
    assert local_date(now) == date(2024, 5, 8)
    record.request_clarification(
        letter_date=date(2024, 5, 8),
        examination_date=date(2024, 5, 13),
        occurred_at=now,
        actor=clerk,
        deadline=typed,
        recorded_at=now,
    )
    service.save(record)
    audit = audit_decisions(service, today=date(2024, 6, 1))
    differs = [f for f in audit.findings if f.kind == "deadline_differs"]
    assert [(f.aggregate_id, f.recorded) for f in differs] == [(str(case), "2024-05-24")]
    # 7 working days after Wed 8 May 2024: 9 May is Kenaikan Isa Almasih and 10 May cuti
    # bersama (not working days by default), so 13, 14, 15, 16, 17, 20, 21 May.
    assert differs[0].recomputed == "2024-05-21"
