"""SKM/IKM (PermenPAN-RB 14/2017) and the Ombudsman 2013-2021 compliance zones."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from fractions import Fraction

import pytest

from pelayanan.domain.errors import InvalidValue, NotFound
from pelayanan.policy import ikm, ombudsman_zone


def test_weights_are_exactly_one_ninth() -> None:
    # With the often-printed 0.111 weight, nine 4s would give 99.90.
    assert ikm([4] * 9).score == Decimal("100.00")
    assert ikm([1] * 9).score == Decimal("25.00")
    outcome = ikm([3, 3, 3, 3, 3, 3, 3, 3, 4])
    assert outcome.exact == Fraction(700, 9)
    assert outcome.score == Decimal("77.78")


@pytest.mark.parametrize(
    ("average", "score", "grade"),
    [("3.5324", "88.31", "A"), ("3.532", "88.30", "B"), ("3.0644", "76.61", "B"),
     ("3.064", "76.60", "C"), ("2.6", "65.00", "C"), ("2.5996", "64.99", "D")],
)
def test_grade_bounds(average: str, score: str, grade: str) -> None:
    outcome = ikm([Decimal(average)] * 9)
    assert (outcome.score, outcome.grade) == (Decimal(score), grade)
    assert not outcome.verified  # the bounds are from a secondary source


@pytest.mark.parametrize("scores", [[3] * 8, [3] * 10, [0.5] + [3] * 8, [4.01] + [3] * 8,
                                    ["x"] + [3] * 8, [True] + [3] * 8])
def test_bad_scores_are_refused(scores: list[object]) -> None:
    with pytest.raises(InvalidValue):
        ikm(scores)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("score", "zone"),
    [(100, "hijau"), ("81.00", "hijau"), ("80.99", "kuning"), ("51.00", "kuning"),
     ("50.99", "merah"), (0, "merah"), (80.995, "hijau")],
)
def test_ombudsman_zones(score: object, zone: str) -> None:
    outcome = ombudsman_zone(score)  # type: ignore[arg-type]
    assert outcome.zone == zone and outcome.verified


def test_zones_are_not_law_after_2021() -> None:
    assert ombudsman_zone(90, on=date(2021, 12, 31)).zone == "hijau"
    with pytest.raises(NotFound):
        ombudsman_zone(90, on=date(2022, 1, 1))
    with pytest.raises(InvalidValue):
        ombudsman_zone(101)


def test_the_board_band_applies_in_any_year_while_the_ombudsman_zone_keeps_its_period() -> None:
    from pelayanan.policy import RuleNotFound
    from pelayanan.policy.quality import board_band

    with pytest.raises(RuleNotFound):
        ombudsman_zone(90, on=date(2024, 4, 29))
    band = board_band(90, on=date(2024, 4, 29))
    assert band.band == "hijau" and band.rule.rule_id == "board.compliance_score"
    assert band.verified is False and "not an Ombudsman zone" in band.explanation
    assert [board_band(s, on=date(2024, 1, 1)).band for s in (81, 80.99, 51, 50.99)] == [
        "hijau", "kuning", "kuning", "merah"]


def test_the_board_weights_and_bands_are_overridable_parameters() -> None:
    from pelayanan import PolicySettings
    from pelayanan.policy.quality import board_score

    facts = {"inspections": 2, "vacancies": 1, "severities": {"high": 1}, "overdue": 0,
             "open_cases": 0}
    default = board_score(**facts, on=date(2024, 4, 29))
    assert default.score == 100 - 40 * 0.5 - 30 * 0.5 and default.band == "kuning"
    lenient = PolicySettings(overrides={
        "board.weights": {"vacancy_rate": 10, "finding_rate": 10, "overdue": 5, "case": 3,
                          "high": 8, "medium": 4, "low": 1, "full_finding_penalty": 8},
        "board.bands": [90, 60]})
    mine = board_score(**facts, on=date(2024, 4, 29), settings=lenient)
    assert mine.score == 90 and mine.band == "hijau"
    with pytest.raises(InvalidValue, match=r"board\.bands"):
        PolicySettings(overrides={"board.bands": [50, 60]})


def test_the_skm_grade_bounds_are_an_overridable_secondary_parameter() -> None:
    from pelayanan import PolicySettings

    scores = [3.6] * 9  # IKM 90.00
    assert ikm(scores).grade == "A"
    strict = PolicySettings(overrides={"skm.grade_bounds": [
        ["95", "A", "sangat baik"], ["80", "B", "baik"], ["65", "C", "kurang baik"],
        ["25", "D", "tidak baik"]]})
    graded = ikm(scores, settings=strict)
    assert graded.grade == "B" and "set in settings" in graded.explanation
    with pytest.raises(InvalidValue, match="best first"):
        PolicySettings(overrides={"skm.grade_bounds": [["25", "D", "x"], ["95", "A", "y"]]})
