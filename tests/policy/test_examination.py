"""PerBKN 6/2022: examination before punishment and when a tim pemeriksa must examine."""

from __future__ import annotations

from datetime import date

import pytest

from pelayanan import PolicySettings
from pelayanan.domain.errors import InvalidValue
from pelayanan.domain.values import Level
from pelayanan.policy import rule
from pelayanan.policy.examination import EXAMINATION, examination_requirement
from pelayanan.policy.parameters import PanelRequirement

ON = date(2024, 5, 1)


@pytest.mark.parametrize(
    ("level", "panel"),
    [
        (Level.RINGAN, PanelRequirement.NOT_NEEDED),
        (Level.SEDANG, PanelRequirement.OPTIONAL),
        (Level.BERAT, PanelRequirement.REQUIRED),
    ],
)
def test_a_tim_pemeriksa_is_required_for_berat_and_optional_for_sedang(
    level: Level, panel: PanelRequirement
) -> None:
    outcome = examination_requirement(level, ON)
    assert outcome.panel is panel and outcome.rule == EXAMINATION.ref and outcome.verified
    assert bool(outcome.members) is (panel is not PanelRequirement.NOT_NEEDED)
    assert "unless the PNS failed to appear twice" in outcome.explanation


def test_a_city_may_require_the_tim_for_sedang_too_and_is_then_unverified() -> None:
    settings = PolicySettings(
        overrides={"perbkn6.tim_pemeriksa_levels": {"ringan": "not_needed", "sedang": "required",
                                                    "berat": "required"}}
    )
    outcome = examination_requirement("sedang", ON, settings)
    assert outcome.panel is PanelRequirement.REQUIRED and not outcome.verified
    assert "set in settings" in outcome.explanation


@pytest.mark.parametrize("bad", [{}, {"ringan": "not_needed"}, {"berat": "maybe", "ringan": "x",
                                                                 "sedang": "optional"}, "berat"])
def test_a_malformed_tim_table_is_refused(bad: object) -> None:
    with pytest.raises(InvalidValue, match="tim_pemeriksa_levels"):
        PolicySettings(overrides={"perbkn6.tim_pemeriksa_levels": bad})


def test_the_rule_starts_with_perbkn_6() -> None:
    assert rule("perbkn6.examination", ON) is EXAMINATION
    with pytest.raises(Exception, match="no version in force"):
        examination_requirement("berat", date(2021, 12, 31))
