"""Service-quality measures: the community satisfaction index (SKM/IKM), the Ombudsman's
2013-2021 compliance zones, and this library's own office compliance score and colour band.

Arithmetic is exact: the nine SKM elements weigh exactly 1/9 each (not the 0.111 often printed),
computed with :class:`fractions.Fraction`, and only the final score is rounded, to two decimals,
half up, because the published grade bounds have two decimals.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from typing import Any

import attrs

from pelayanan.domain.errors import InvalidValue
from pelayanan.domain.values import LegalBasis
from pelayanan.policy.parameters import (
    BOARD_BANDS,
    BOARD_CITATION,
    BOARD_FROM,
    BOARD_WEIGHTS,
    DEFAULT_SETTINGS,
    SKM_GRADE_BOUNDS,
    PolicySettings,
)
from pelayanan.policy.result import RuleResult
from pelayanan.policy.rule import Rule, in_force
from pelayanan.policy.sources import read_in

ELEMENTS = 9
_SCALE = 25
_CENT = Decimal("0.01")


def _to_fraction(name: str, value: object) -> Fraction:
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal | Fraction | str):
        raise InvalidValue(f"{name} must be a number, got {value!r}")
    try:
        # Via str for floats, so 3.1 means 31/10 and not its binary approximation.
        return Fraction(str(value)) if isinstance(value, float | str) else Fraction(value)
    except (ValueError, ZeroDivisionError):
        raise InvalidValue(f"{name} must be a number, got {value!r}") from None


def _two_decimals(value: Fraction) -> Decimal:
    return (Decimal(value.numerator) / Decimal(value.denominator)).quantize(
        _CENT, rounding=ROUND_HALF_UP
    )


# --------------------------------------------------------------------------- SKM / IKM

IKM = Rule(
    id="skm.ikm",
    version=1,
    title="Community satisfaction index (IKM): nine elements, weight 1/9 each, x25, grades A-D",
    valid_from=date(2017, 1, 1),
    valid_to=None,
    citation=LegalBasis("PermenPAN-RB 14/2017", verified=False,
                        source=read_in("permenpanrb-14-2017")),
    verified=False,
    sources=("permenpanrb-14-2017",),
    parameters=(SKM_GRADE_BOUNDS,),
    notes="Grade bounds A 88.31-100, B 76.61-88.30, C 65.00-76.60, D 25.00-64.99. "
    "Effective date approximated to the start of 2017.",
)

@attrs.frozen(kw_only=True)
class IkmOutcome(RuleResult):
    """An IKM: the exact value, the score rounded to two decimals, and the grade."""

    exact: Fraction
    score: Decimal
    grade: str
    label: str

    def _fields(self) -> dict[str, Any]:
        return {"exact": self.exact, "score": str(self.score), "grade": self.grade,
                "label": self.label}


def ikm(scores: Sequence[int | float | Decimal | Fraction | str], *,
        on: date | None = None, settings: PolicySettings = DEFAULT_SETTINGS) -> IkmOutcome:
    """The IKM from the nine per-element average scores (each between 1 and 4).

    IKM = (sum of the averages x 1/9) x 25. ``on`` picks the rule version (default: the newest).
    """
    values = [_to_fraction(f"score {i + 1}", s) for i, s in enumerate(scores)]
    if len(values) != ELEMENTS:
        raise InvalidValue(f"SKM has {ELEMENTS} elements; got {len(values)} scores")
    for i, v in enumerate(values):
        if not 1 <= v <= 4:
            raise InvalidValue(f"score {i + 1} must be between 1 and 4, got {float(v):g}")
    when = on or IKM.valid_from
    rule = in_force([IKM], IKM.id, when)
    exact = sum(values, Fraction(0)) * Fraction(1, ELEMENTS) * _SCALE
    score = _two_decimals(exact)
    bounds = settings.resolve(SKM_GRADE_BOUNDS, when)
    grade, label = next(((g, lab) for bound, g, lab in bounds.value if score >= bound),
                        ("-", "no grade"))
    whose = ("set in settings" if bounds.overridden
             else "PermenPAN-RB 14/2017, from a secondary source")
    return IkmOutcome(
        rule=rule.ref, citation=rule.citation, verified=rule.verified,
        explanation=(
            f"the {ELEMENTS} element averages ({', '.join(_show(v) for v in values)}), each "
            f"weighted exactly 1/9, summed and x {_SCALE} = {float(exact):.6g}, rounded half up "
            f"to {score}; "
            f"grade {grade} ({label}) by the skm.grade_bounds ({whose})."
        ),
        exact=exact, score=score, grade=grade, label=label,
    )


def _show(value: Fraction) -> str:
    return str(value.numerator) if value.denominator == 1 else f"{float(value):g}"


# --------------------------------------------------------------------------- Ombudsman zones

OMBUDSMAN_ZONE = Rule(
    id="ombudsman.compliance_zone",
    version=1,
    title="Ombudsman service-standard compliance zones (hijau / kuning / merah)",
    valid_from=date(2013, 1, 1),
    valid_to=date(2021, 12, 31),
    citation=LegalBasis("Ombudsman RI, Penilaian Kepatuhan Standar Pelayanan Publik",
                        verified=True, source=read_in("ombudsman-compliance-assessment")),
    verified=True,
    sources=("ombudsman-compliance-assessment",),
    notes="Since 2022 the Ombudsman grades A-E on input, process, output and complaint handling; "
    "those boundaries are not confirmed [unverified], so no rule is in force from 2022.",
)

_ZONES: tuple[tuple[Decimal, str], ...] = (
    (Decimal("81.00"), "hijau"),
    (Decimal("51.00"), "kuning"),
    (Decimal("0.00"), "merah"),
)
"""Lower bound of each zone, best first: the only place these cut-offs are written."""


@attrs.frozen(kw_only=True)
class ZoneOutcome(RuleResult):
    """An Ombudsman compliance zone for a score."""

    score: Decimal
    zone: str

    def _fields(self) -> dict[str, Any]:
        return {"score": str(self.score), "zone": self.zone}


def ombudsman_zone(score: int | float | Decimal | Fraction | str, *,
                   on: date | None = None) -> ZoneOutcome:
    """The zone of a compliance score (0-100): hijau 81.00-100, kuning 51.00-80.99, merah
    0-50.99.

    The zones applied to assessments from 2013 to 2021; ``on`` (default: the last day of that
    period) outside it raises :class:`~pelayanan.policy.rule.RuleNotFound`. The score is rounded
    to two decimals, half up, before it is placed.
    """
    value = _two_decimals(_to_fraction("score", score))
    if not Decimal(0) <= value <= Decimal(100):
        raise InvalidValue(f"score must be between 0 and 100, got {score}")
    assert OMBUDSMAN_ZONE.valid_to is not None
    rule = in_force([OMBUDSMAN_ZONE], OMBUDSMAN_ZONE.id, on or OMBUDSMAN_ZONE.valid_to)
    zone = next(z for bound, z in _ZONES if value >= bound)
    return ZoneOutcome(
        rule=rule.ref, citation=rule.citation, verified=rule.verified,
        explanation=f"score {value}: zona {zone} (hijau 81.00-100, kuning 51.00-80.99, "
        f"merah 0-50.99; Ombudsman 2013-2021).",
        score=value, zone=zone,
    )


# --------------------------------------------------------------------------- the office board

BOARD_SCORE = Rule(
    id="board.compliance_score",
    version=1,
    title="The office board's compliance score (0-100) and its colour band (not law)",
    valid_from=BOARD_FROM,
    valid_to=None,
    citation=BOARD_CITATION,
    verified=False,
    sources=("pelayanan-conventions", "ombudsman-compliance-assessment"),
    parameters=(BOARD_WEIGHTS, BOARD_BANDS),
    notes="A yardstick of this library that judges rates, so an office inspected daily is not "
    "punished for being inspected often: 100 minus weighted vacancy and finding rates, overdue "
    "complaints and open cases, floored at 0. The colours borrow the Ombudsman's 2013-2021 zone "
    "cut-offs but are not Ombudsman zones, and apply in any year.",
)


@attrs.frozen(kw_only=True)
class BoardScore(RuleResult):
    """An office's (or a kecamatan's) board score and colour band."""

    score: float
    band: str

    def _fields(self) -> dict[str, Any]:
        return {"score": self.score, "band": self.band}


def board_band(score: float, *, on: date,
               settings: PolicySettings = DEFAULT_SETTINGS) -> BoardScore:
    """The colour band (hijau / kuning / merah) of a board score on ``on``."""
    rule = in_force([BOARD_SCORE], BOARD_SCORE.id, on)
    value = float(_to_fraction("score", score))
    if not 0 <= value <= 100:
        raise InvalidValue(f"score must be between 0 and 100, got {score}")
    bands = settings.resolve(BOARD_BANDS, on)
    hijau, kuning = bands.value
    band = "hijau" if value >= hijau else "kuning" if value >= kuning else "merah"
    return BoardScore(
        rule=rule.ref, citation=rule.citation, verified=False,
        explanation=f"board score {value:g}: {band} (hijau from {hijau:g}, kuning from "
        f"{kuning:g}; {bands.describe()}); this library's yardstick, not an Ombudsman zone.",
        score=value, band=band,
    )


def board_score(
    *,
    inspections: int,
    vacancies: int,
    severities: Mapping[str, int],
    overdue: int,
    open_cases: int,
    on: date,
    settings: PolicySettings = DEFAULT_SETTINGS,
) -> BoardScore:
    """An office's board score on ``on``, rounded to two decimals, and its colour band.

    ``severities`` counts findings by severity (``high``, ``medium``, ``low``); ``overdue`` the
    complaints overdue on ``on``; rates are per sidak held (at least one).
    """
    rule = in_force([BOARD_SCORE], BOARD_SCORE.id, on)
    w = settings.resolve(BOARD_WEIGHTS, on).value
    sidak = max(inspections, 1)
    vacancy_rate = min(1.0, vacancies / sidak)
    points = sum(w[level] * n for level, n in severities.items())
    finding_rate = min(1.0, points / sidak / w["full_finding_penalty"]) if points else 0.0
    penalty = (w["vacancy_rate"] * vacancy_rate + w["finding_rate"] * finding_rate
               + w["overdue"] * overdue + w["case"] * open_cases)
    score = round(max(0.0, 100.0 - penalty), 2)
    band = board_band(score, on=on, settings=settings)
    return BoardScore(
        rule=rule.ref, citation=rule.citation, verified=False,
        explanation=f"100 - {w['vacancy_rate']:g} x vacancy rate {vacancy_rate:.2f} - "
        f"{w['finding_rate']:g} x finding rate {finding_rate:.2f} - {w['overdue']:g} x "
        f"{overdue} overdue - {w['case']:g} x {open_cases} open case(s) = {score:g}; "
        + band.explanation,
        score=score, band=band.band,
    )


RULES: tuple[Rule, ...] = (IKM, OMBUDSMAN_ZONE, BOARD_SCORE)
