"""The interim measures as rules: pembebasan sementara by the level expected, the pay stop's
threshold and its first day, the reinstatement; each dated, cited, and flagged unverified."""

from __future__ import annotations

from datetime import date

import pytest

from pelayanan.domain.errors import InvalidValue, NotFound
from pelayanan.domain.values import Level
from pelayanan.policy.catalogue import rule
from pelayanan.policy.interim import (
    next_month,
    pay_reinstatement,
    pay_stop,
    temporary_release,
)
from pelayanan.policy.parameters import PolicySettings

ON = date(2024, 5, 3)


@pytest.mark.parametrize(("expected", "allowed"), [
    (Level.RINGAN, False), (Level.SEDANG, False), (Level.BERAT, True), (None, False),
])
def test_a_release_is_allowed_where_a_berat_punishment_is_expected(
    expected: Level | None, allowed: bool
) -> None:
    outcome = temporary_release(expected, ON)
    assert outcome.allowed is allowed
    assert str(outcome.rule) == "pp94.temporary_release@v1"
    assert not outcome.verified and "[unverified]" in outcome.citation.cite()
    assert "Plh" in outcome.explanation and "rights" in outcome.explanation


def test_the_release_levels_are_a_parameter_and_a_bad_setting_is_refused() -> None:
    sedang = PolicySettings(overrides={"pp94.temporary_release_levels": "sedang"})
    assert temporary_release("sedang", ON, sedang).allowed
    assert not temporary_release("berat", ON, sedang).allowed
    with pytest.raises(InvalidValue, match=r"pp94\.temporary_release_levels"):
        PolicySettings(overrides={"pp94.temporary_release_levels": []})


def test_the_rules_are_not_applied_before_pp_94() -> None:
    with pytest.raises(NotFound, match="no version in force on 2021-08-30"):
        temporary_release("berat", date(2021, 8, 30))
    with pytest.raises(NotFound):
        pay_stop(10, date(2021, 8, 30))


@pytest.mark.parametrize(("run", "allowed"), [(0, False), (9, False), (10, True), (23, True)])
def test_pay_stops_after_ten_consecutive_working_days(run: int, allowed: bool) -> None:
    outcome = pay_stop(run, date(2024, 4, 29))
    assert outcome.allowed is allowed and outcome.threshold == 10
    assert outcome.citation.cite() == "PP 94/2021 Pasal 15 ayat (2) [unverified]"
    assert not outcome.verified


def test_pay_stops_from_the_first_day_of_the_next_month() -> None:
    assert pay_stop(10, date(2024, 4, 29)).stops_from == date(2024, 5, 1)
    assert pay_stop(10, date(2024, 12, 31)).stops_from == date(2025, 1, 1)
    assert next_month(date(2024, 1, 31)) == date(2024, 2, 1)


def test_the_reinstatement_cites_its_secondary_source() -> None:
    outcome = pay_reinstatement(date(2024, 5, 6))
    assert str(outcome.rule) == "pp94.pay_reinstatement@v1" and not outcome.verified
    assert "bkpsdm-material" in (outcome.citation.source or "")


def test_the_catalogue_holds_the_interim_rules() -> None:
    for rule_id in ("pp94.temporary_release", "pp94.pay_stop", "pp94.pay_reinstatement"):
        assert rule(rule_id, ON).id == rule_id
    assert temporary_release("berat", ON).to_dict()["allowed"] is True
