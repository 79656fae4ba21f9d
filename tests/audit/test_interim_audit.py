"""``audit decisions`` re-checks the interim measures and the day a punishment takes effect
through the same policy/procedure.py functions the service uses: a pay stop under the threshold
or from another day, a pembebasan sementara the rule did not allow, and a punishment in effect
before the day the rule sets. The service refuses each of these; the records are made here the
way an older or a hand-edited store would hold them, straight through the aggregate.
"""

from __future__ import annotations

from datetime import date, timedelta

from pelayanan import ComplianceService
from pelayanan.audit.decisions import audit_decisions
from pelayanan.domain.values import Actor, Level, local_date
from pelayanan.policy import procedure
from pelayanan.policy.parameters import PolicySettings
from tests.test_decree import (
    BUDGET,
    _absent,
    _berat_decided,
    _today,
    record_every_decree_event,
)
from tests.test_due_process import KASI, _case

TODAY = date(2024, 12, 31)


def _kinds(service: ComplianceService) -> list[str]:
    return [f.kind for f in audit_decisions(service, today=TODAY).findings]


def test_the_measures_the_service_records_re_check_clean(
    service: ComplianceService, clerk: Actor
) -> None:
    record_every_decree_event(service, clerk)
    assert _kinds(service) == []


def test_a_pay_stop_under_the_threshold_is_a_finding(service: ComplianceService) -> None:
    case = _absent(service, 8)
    record = service.get_case(case)
    at = service.clock.now()
    check = procedure.pay_stop(record, date(2024, 4, 29), on=local_date(at),
                               settings=PolicySettings())
    # As a store written under a threshold of 5 would hold it.
    record.stop_pay(ordered_on=date(2024, 4, 29), stops_from=date(2024, 6, 1), threshold=5,
                    grounds=check.to_grounds(), occurred_at=at, actor=BUDGET)
    service.save(record)
    findings = audit_decisions(service, today=TODAY).findings
    (below,) = [f for f in findings if f.kind == "pay_stop_below_threshold"]
    assert "run of 8" in below.message and "requires 10" in below.message
    (moved,) = [f for f in findings if f.kind == "pay_stop_date_differs"]
    assert (moved.recorded, moved.recomputed) == ("2024-06-01", "2024-05-01")


def test_a_release_the_rule_did_not_allow_is_a_finding(
    service: ComplianceService, clerk: Actor
) -> None:
    case = _case(service, KASI, days=5)  # ringan expected
    record = service.get_case(case)
    at = service.clock.now()
    check = procedure.temporary_release(record, on=local_date(at), settings=PolicySettings())
    record.release_temporarily(
        released_from=_today(service), acting_official="Seklur",
        expected_level=Level.BERAT, allowed=True, grounds=check.to_grounds(), occurred_at=at,
        actor=clerk,
    )
    service.save(record)
    (found,) = [f for f in audit_decisions(service, today=TODAY).findings
                if f.kind == "temporary_release_not_allowed"]
    assert "expected is ringan" in found.message
    assert (found.recorded, found.recomputed) == ("berat", "ringan")


def test_a_punishment_in_effect_before_the_rules_day_is_a_finding(
    service: ComplianceService, clerk: Actor
) -> None:
    case = _berat_decided(service, clerk, release=False)
    record = service.get_case(case)
    at = service.clock.now()
    delivered = _today(service)
    # Delivered as an older store recorded it, without the day it takes effect.
    record.deliver_decision(delivered_on=delivered, occurred_at=at, actor=clerk)
    record.start_punishment(effective_from=delivered + timedelta(days=1), occurred_at=at,
                            actor=clerk)
    service.save(record)
    (early,) = [f for f in audit_decisions(service, today=TODAY).findings
                if f.kind == "effective_before_rule"]
    assert early.recomputed == (delivered + timedelta(days=15)).isoformat()
    assert "pp94.punishment_effective@v1" in early.message and "calendar days" in early.message


def test_a_punishment_in_effect_on_the_rules_day_is_not_a_finding(
    service: ComplianceService, clerk: Actor
) -> None:
    case = _berat_decided(service, clerk, release=False)
    service.deliver_decision(case, delivered_on=_today(service), actor=clerk)
    effective = service.get_case(case).effective
    assert effective is not None
    service.start_punishment(case, effective_from=effective.due, actor=clerk)
    assert "effective_before_rule" not in _kinds(service)
