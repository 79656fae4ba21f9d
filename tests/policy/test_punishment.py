"""PP 94/2021: punishments by level, the attendance ladder's edges, impact levels, repeat and
concurrent offences, and the decision check."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pelayanan import PolicySettings
from pelayanan.domain.errors import InvalidValue, NotFound
from pelayanan.domain.values import Level, Punishment
from pelayanan.policy import (
    Assessment,
    Impact,
    allowed_punishments,
    attendance,
    check_decision,
    combine,
    impact_level,
)
from pelayanan.policy.punishment import severity

ON = date(2024, 5, 1)
TUKIN = PolicySettings(sedang_regime="tunjangan_kinerja")


def test_ringan_and_berat_punishments_follow_pasal_8() -> None:
    assert allowed_punishments(Level.RINGAN, ON) == (
        Punishment.TEGURAN_LISAN, Punishment.TEGURAN_TERTULIS, Punishment.PERNYATAAN_TIDAK_PUAS)
    assert allowed_punishments("berat", ON) == (
        Punishment.PENURUNAN_JABATAN, Punishment.PEMBEBASAN_JABATAN, Punishment.PDH)


def test_sedang_punishments_are_a_switchable_regime() -> None:
    assert allowed_punishments(Level.SEDANG, ON) == (
        Punishment.PP53_PENUNDAAN_KGB, Punishment.PP53_PENUNDAAN_PANGKAT,
        Punishment.PP53_PENURUNAN_PANGKAT)
    assert allowed_punishments(Level.SEDANG, ON, TUKIN) == (
        Punishment.TUKIN_25_6, Punishment.TUKIN_25_9, Punishment.TUKIN_25_12)
    via_override = PolicySettings(overrides={"pp94.sedang_regime": "tunjangan_kinerja"})
    assert allowed_punishments(Level.SEDANG, ON, via_override) == allowed_punishments(
        Level.SEDANG, ON, TUKIN)


def test_rules_are_not_in_force_before_pp_94() -> None:
    with pytest.raises(NotFound):
        attendance(5, on=date(2021, 8, 30))
    assert attendance(5, on=date(2021, 8, 31)).punishment is Punishment.TEGURAN_TERTULIS


def test_ten_consecutive_days_is_pdh_and_says_pay_stops() -> None:
    outcome = attendance(10, consecutive_days=10, on=ON)
    assert outcome.punishment is Punishment.PDH
    assert outcome.citation.cite() == "PP 94/2021 Pasal 11 ayat (2) huruf d angka 4"
    assert "Pasal 15 ayat (2)" in outcome.explanation


def test_twenty_eight_days_cites_angka_3() -> None:
    assert attendance(28, on=ON).citation.cite() == "PP 94/2021 Pasal 11 ayat (2) huruf d angka 3"


def test_lateness_is_converted_at_seven_and_a_half_hours_and_flagged() -> None:
    outcome = attendance(2, late_minutes=500, on=ON)
    assert outcome.days_counted == 3
    assert not outcome.verified
    assert "500 minute(s)" in outcome.explanation
    assert "50 minute(s) left over" in outcome.explanation
    custom = PolicySettings(overrides={"pp94.minutes_per_absent_day": 480})
    assert attendance(2, late_minutes=479, on=ON, settings=custom).punishment is None


@pytest.mark.parametrize(
    "kwargs",
    [{"days_absent": -1}, {"days_absent": 3, "consecutive_days": -1},
     {"days_absent": 3, "late_minutes": -5}, {"days_absent": True}, {"days_absent": 2.5}],
)
def test_bad_counts_are_refused(kwargs: dict[str, object]) -> None:
    with pytest.raises(InvalidValue):
        attendance(on=ON, **kwargs)  # type: ignore[arg-type]


def _rank(p: Punishment | None) -> tuple[int, int]:
    return (0, 0) if p is None else severity(p)


@given(days=st.integers(0, 60), more=st.integers(0, 20), tukin=st.booleans())
def test_the_ladder_is_monotone_in_days(days: int, more: int, tukin: bool) -> None:
    settings = TUKIN if tukin else PolicySettings()
    fewer = attendance(days, on=ON, settings=settings).punishment
    many = attendance(days + more, on=ON, settings=settings).punishment
    assert _rank(fewer) <= _rank(many)


@given(days=st.integers(0, 40), minutes=st.integers(0, 5000))
def test_lateness_never_lightens_a_punishment(days: int, minutes: int) -> None:
    assert _rank(attendance(days, on=ON).punishment) <= _rank(
        attendance(days, late_minutes=minutes, on=ON).punishment)


@pytest.mark.parametrize(
    ("impact", "level"),
    [(Impact.UNIT_KERJA, Level.RINGAN), ("instansi", Level.SEDANG), (Impact.NEGARA, Level.BERAT)],
)
def test_impact_sets_the_level_and_lists_allowed_punishments(impact: Impact | str,
                                                            level: Level) -> None:
    outcome = impact_level(impact, ON)
    assert outcome.level is level
    assert outcome.allowed == allowed_punishments(level, ON)
    assert not outcome.verified  # the articles were not read
    assert "not verified" in outcome.explanation


def test_concurrent_offences_get_one_punishment_the_heaviest() -> None:
    outcome = combine([Punishment.TEGURAN_LISAN, attendance(14, on=ON), None], on=ON)
    assert outcome.punishment is Punishment.PP53_PENUNDAAN_PANGKAT
    assert outcome.level is Level.SEDANG
    assert not outcome.verified


def test_a_repeat_offence_is_punished_heavier_than_the_last() -> None:
    repeat = combine([Punishment.TEGURAN_LISAN], previous=Punishment.TEGURAN_TERTULIS, on=ON)
    assert repeat.punishment is Punishment.PERNYATAAN_TIDAK_PUAS
    across_levels = combine([Punishment.TEGURAN_LISAN],
                            previous=Punishment.PERNYATAAN_TIDAK_PUAS, on=ON)
    assert across_levels.punishment is Punishment.PP53_PENUNDAAN_KGB
    # A previous punishment from the other sedang regime is compared step by step.
    assert combine([], previous=Punishment.TUKIN_25_9, on=ON).punishment is (
        Punishment.PP53_PENURUNAN_PANGKAT)
    assert combine([Punishment.PDH], previous=Punishment.TEGURAN_LISAN, on=ON).punishment is (
        Punishment.PDH)
    assert combine([], previous=Punishment.PDH, on=ON).punishment is Punishment.PDH
    assert combine([], on=ON).punishment is None


@pytest.mark.parametrize(
    ("days", "proposed", "assessment"),
    [
        (4, Punishment.TEGURAN_LISAN, Assessment.LIGHTER),
        (4, None, Assessment.LIGHTER),
        (4, Punishment.TEGURAN_TERTULIS, Assessment.WITHIN),
        (4, Punishment.PERNYATAAN_TIDAK_PUAS, Assessment.HEAVIER),
        (2, None, Assessment.WITHIN),
        (2, Punishment.TEGURAN_LISAN, Assessment.HEAVIER),
        (11, Punishment.TUKIN_25_6, Assessment.WITHIN),
        (28, Punishment.PEMBEBASAN_JABATAN, Assessment.LIGHTER),
    ],
)
def test_decision_check_against_the_ladder(days: int, proposed: Punishment | None,
                                           assessment: Assessment) -> None:
    check = check_decision(attendance(days, on=ON), proposed, on=ON)
    assert check.assessment is assessment
    assert check.official_liable is (assessment is Assessment.LIGHTER)
    if assessment is Assessment.LIGHTER:
        assert "liable" in check.explanation


def test_decision_check_flags_a_punishment_from_the_regime_not_in_force() -> None:
    check = check_decision(attendance(11, on=ON), Punishment.TUKIN_25_6, on=ON)
    assert check.assessment is Assessment.WITHIN and not check.allowed_in_force
    assert "not among the punishments in force" in check.explanation


@pytest.mark.parametrize(
    ("proposed", "assessment"),
    [(Punishment.TEGURAN_LISAN, Assessment.LIGHTER), (Punishment.PP53_PENUNDAAN_KGB,
     Assessment.WITHIN), (Punishment.PP53_PENURUNAN_PANGKAT, Assessment.WITHIN),
     (Punishment.PENURUNAN_JABATAN, Assessment.HEAVIER)],
)
def test_decision_check_against_a_level(proposed: Punishment, assessment: Assessment) -> None:
    check = check_decision(impact_level(Impact.INSTANSI, ON), proposed, on=ON)
    assert check.assessment is assessment


def test_outcomes_serialise_for_events_and_json() -> None:
    data = attendance(3, on=ON).to_dict()
    assert data["punishment"] == "teguran_lisan" and data["level"] == "ringan"
    assert data["rule_id"] == "pp94.attendance" and data["rule_version"] == 1
    assert data["citation"].startswith("PP 94/2021")
    assert set(data) >= {"verified", "explanation", "legal_basis"}


@pytest.mark.parametrize(("days", "angka"), [(3, "1"), (5, "2"), (8, "3")])
def test_ringan_rows_cite_pasal_9_ayat_2_huruf_b_unverified(days: int, angka: str) -> None:
    result = attendance(days, on=ON)
    assert result.citation.cite() == (
        f"PP 94/2021 Pasal 9 ayat (2) huruf b angka {angka} [unverified]")
    assert result.verified is False  # the row's article parts were not read
    assert "were not read" in result.explanation


@pytest.mark.parametrize(("days", "cited"), [
    (22, "PP 94/2021 Pasal 11 ayat (2) huruf d"),
    (26, "PP 94/2021 Pasal 11 ayat (2) huruf d"),
    (30, "PP 94/2021 Pasal 11 ayat (2) huruf d angka 3"),
])
def test_berat_rows_cite_pasal_11_ayat_2_huruf_d_verified(days: int, cited: str) -> None:
    result = attendance(days, on=ON)
    assert result.citation.cite() == cited
    assert result.verified is True


def test_a_run_of_ten_days_across_1_january_counts_in_full() -> None:
    result = attendance(5, consecutive_days=10, on=date(2025, 1, 10))
    assert result.punishment is Punishment.PDH
    assert result.citation.cite() == "PP 94/2021 Pasal 11 ayat (2) huruf d angka 4"
    assert "crosses 1 January" in result.explanation


def test_the_sedang_regime_cites_bkn_and_pp_53_not_pasal_8() -> None:
    from pelayanan.policy.parameters import SEDANG_REGIME

    citation = SEDANG_REGIME.values[0].citation
    assert "Pasal 8" not in citation.cite()
    assert "BKN" in citation.regulation
    assert citation.source is not None
    assert "docs/sources.md#bkn-sedang-transition" in citation.source
    assert "docs/sources.md#pp-53-2010" in citation.source


def test_impact_levels_are_per_obligation_and_overridable() -> None:
    general = impact_level("instansi", ON)
    assert general.level is Level.SEDANG and general.verified is False
    assert "any obligation" in general.explanation
    own = PolicySettings(overrides={"pp94.impact_levels": {
        "*": {"unit_kerja": "ringan", "instansi": "sedang", "negara": "berat"},
        "Pasal 4 huruf a": {"unit_kerja": "sedang", "instansi": "berat", "negara": "berat"},
    }})
    assert impact_level("unit_kerja", ON, own, obligation="Pasal 4 huruf a").level is Level.SEDANG
    assert impact_level("unit_kerja", ON, own, obligation="Pasal 5 huruf b").level is Level.RINGAN
    partial = PolicySettings(overrides={"pp94.impact_levels": {"*": {"negara": "berat"}}})
    with pytest.raises(InvalidValue, match="impact unit_kerja has no level"):
        impact_level("unit_kerja", ON, partial)
    with pytest.raises(InvalidValue, match=r"override for pp94\.impact_levels"):
        PolicySettings(overrides={"pp94.impact_levels": {"Pasal 4": {"negara": "berat"}}})
