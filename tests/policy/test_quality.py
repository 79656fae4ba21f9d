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
