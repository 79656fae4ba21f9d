"""Decisions and deadlines re-checked against the rule versions they cite."""

from __future__ import annotations

from datetime import date, timedelta

from pelayanan.audit.decisions import audit_decisions
from pelayanan.domain.discipline import Breach, BreachKind, CaseSource, SourceKind
from pelayanan.domain.values import Actor, Deadline, local_date
from pelayanan.policy import catalogue
from tests.audit.conftest import JODIPAN, KASI_NIP, Cases, Story


def kinds(found: tuple[object, ...]) -> set[tuple[str, str]]:
    return {(f.kind, f.aggregate_id) for f in found}  # type: ignore[attr-defined]


def test_a_rule_version_not_in_force_and_a_lighter_decision_are_reported(
    story: Story, cases: Cases
) -> None:
    audit = audit_decisions(story.service, today=date(2024, 6, 1))
    assert audit.decisions == 2
    assert kinds(audit.findings) == {
        ("rule_not_in_force", str(cases.stale_rule)),
        ("lighter_than_required", str(cases.lighter)),
    }
    stale = next(f for f in audit.findings if f.kind == "rule_not_in_force")
    assert "ombudsman.compliance_zone@v1" in stale.message and "2024-05-06" in stale.message
    lighter = next(f for f in audit.findings if f.kind == "lighter_than_required")
    assert (lighter.recorded, lighter.recomputed) == ("teguran_lisan", "teguran_tertulis")
    assert audit.today == ()


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
