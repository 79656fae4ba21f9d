"""PP 94/2021 who may punish whom: the authority table (tables/authority.csv), passing up where
the official of the right tier is missing, overrides, and the named refusal."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import pytest

from pelayanan import PolicySettings
from pelayanan.domain.errors import DueProcessViolation, InvalidValue, NoAuthority
from pelayanan.domain.organisation import (
    Official,
    Organisation,
    Position,
    PositionClass,
    UnknownPosition,
)
from pelayanan.domain.values import Nip, Punishment
from pelayanan.policy import rule
from pelayanan.policy.authority import (
    AUTHORITY,
    chain_of_classes,
    require_authority,
    who_may_punish,
)
from pelayanan.policy.parameters import PUNISHING_AUTHORITY

ON = date(2024, 5, 1)
TABLE = Path(__file__).parent / "tables" / "authority.csv"


def _rows() -> list[dict[str, str]]:
    with TABLE.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


@pytest.mark.parametrize("row", _rows(), ids=lambda r: f"{r['position']}:{r['why']}")
def test_authority_table(row: dict[str, str]) -> None:
    superiors = tuple(row["superiors"].split()) if row["superiors"] else None
    org = chain_of_classes(PositionClass(row["position"]), superiors)
    official = None
    if row["official"]:
        official = next(
            p.id for p in org.superiors("subject") if p.position_class.value == row["official"]
        )
    outcome = who_may_punish(row["punishment"], "subject", org, on=ON, official=official)
    assert [a.position for a in outcome.authorised] == row["authorised"].split()
    if official is not None:
        assert outcome.granted is (row["granted"] == "yes")
    assert outcome.rule == AUTHORITY.ref and not outcome.verified
    assert "[unverified]" in outcome.citation.cite()


def _kelurahan() -> Organisation:
    """Kota Malang as the demo models it: the lurah classed pengawas is a city's choice."""
    return Organisation(
        (
            Position("walikota", "Wali Kota Malang", PositionClass.PPK),
            Position("sekda", "Sekretaris Daerah", PositionClass.JPT_PRATAMA, "walikota"),
            Position("camat", "Camat Blimbing", PositionClass.ADMINISTRATOR, "sekda"),
            Position("lurah", "Lurah Jodipan", PositionClass.PENGAWAS, "camat"),
            Position("kasi", "Kasi Trantib Jodipan", PositionClass.PELAKSANA, "lurah"),
        )
    )


def test_passing_up_names_the_missing_official_and_the_grant() -> None:
    org = chain_of_classes(PositionClass.PELAKSANA, ("administrator", "jpt_pratama", "ppk"))
    outcome = who_may_punish(Punishment.TEGURAN_TERTULIS, "subject", org, on=ON)
    (entry,) = outcome.authorised
    assert entry.passed_up_from is PositionClass.PENGAWAS
    assert "next higher official" in outcome.explanation
    assert "no pengawas holds the position" in outcome.explanation


def test_a_decision_without_authority_is_refused_naming_the_rule_and_who_may() -> None:
    org = _kelurahan()
    with pytest.raises(NoAuthority) as refused:
        require_authority("sekda", Punishment.TEGURAN_TERTULIS, "kasi", org, on=ON)
    message = str(refused.value)
    assert isinstance(refused.value, DueProcessViolation)
    assert "Sekretaris Daerah" in message and "pp94.punishing_authority@v1" in message
    assert "Lurah Jodipan" in message and "[unverified]" in message
    granted = require_authority("lurah", Punishment.TEGURAN_TERTULIS, "kasi", org, on=ON)
    assert granted.grant_of("lurah") is not None and granted.granted


def test_the_sekda_may_reprimand_only_one_tier_below() -> None:
    """The Jodipan case under PP 94: a JPT Pratama imposes ringan only one tier below."""
    org = _kelurahan()
    assert who_may_punish("teguran_tertulis", "camat", org, on=ON, official="sekda").granted
    assert not who_may_punish("teguran_tertulis", "lurah", org, on=ON, official="sekda").granted


def test_a_city_overrides_the_table() -> None:
    # A city reading 'administrator and below' as including ringan for the PPK.
    own = [*PUNISHING_AUTHORITY.values[0].value,
           {"official": "ppk", "levels": ["ringan"], "subjects": ["pelaksana"]}]
    settings = PolicySettings(overrides={"pp94.punishing_authority": own})
    org = _kelurahan()
    default = who_may_punish("teguran_lisan", "kasi", org, on=ON)
    assert [a.position for a in default.authorised] == ["lurah"]
    overridden = who_may_punish("teguran_lisan", "kasi", org, on=ON, settings=settings)
    assert [a.position for a in overridden.authorised] == ["lurah", "walikota"]
    assert "set in settings for pp94.punishing_authority" in overridden.explanation


@pytest.mark.parametrize(
    "bad",
    [
        [],
        "ppk",
        [{"official": "ppk", "levels": ["ringan"]}],
        [{"official": "ppk", "levels": ["ringan"], "subjects": ["pelaksana"], "below": 1}],
        [{"official": "ppk", "levels": [], "subjects": ["pelaksana"]}],
        [{"official": "raja", "levels": ["ringan"], "subjects": ["pelaksana"]}],
        [{"official": "pengawas", "levels": ["ringan"], "below": 0}],
        [{"official": "fungsional_ahli_muda", "levels": ["ringan"], "below": 1}],
        [{"official": "ppk", "levels": ["ringan"], "subjects": ["pelaksana"], "who": 1}],
    ],
)
def test_a_malformed_table_is_refused_where_it_enters(bad: object) -> None:
    with pytest.raises(InvalidValue, match="punishing_authority"):
        PolicySettings(overrides={"pp94.punishing_authority": bad})


def test_the_rule_is_in_the_catalogue_unverified_from_pp_94() -> None:
    found = rule("pp94.punishing_authority", ON)
    assert found is AUTHORITY and not found.verified
    assert "disiplin-pns-digest" in found.sources
    with pytest.raises(Exception, match="no version in force"):
        who_may_punish("teguran_lisan", "subject", chain_of_classes(PositionClass.PELAKSANA),
                       on=date(2021, 8, 30))


def test_the_ppk_is_not_a_subject_and_unknown_positions_are_named() -> None:
    org = _kelurahan()
    with pytest.raises(InvalidValue, match="is the PPK"):
        who_may_punish("teguran_lisan", "walikota", org, on=ON)
    with pytest.raises(UnknownPosition, match="'nobody'"):
        who_may_punish("teguran_lisan", "nobody", org, on=ON)
    with pytest.raises(UnknownPosition, match="'nobody'"):
        who_may_punish("teguran_lisan", "kasi", org, on=ON, official="nobody")


def test_positions_are_found_by_id_and_holder_in_each_organisation_of_its_own() -> None:
    lurah = Nip("197805052005011002")
    for holder in (lurah, None, lurah):  # built in turn: each answers from its own positions
        org = Organisation(
            (
                Position("walikota", "Wali Kota Malang", PositionClass.PPK),
                Position("lurah", "Lurah", PositionClass.PENGAWAS, "walikota", holder=holder),
            )
        )
        assert org.position("lurah").holder == holder
        if holder is None:
            with pytest.raises(UnknownPosition, match="held by NIP"):
                org.held_by(lurah)
        else:
            assert org.held_by(lurah).id == "lurah"
        with pytest.raises(UnknownPosition, match="'Lurah'"):
            org.position("Lurah")
        with pytest.raises(UnknownPosition):
            org.position(["lurah"])  # type: ignore[arg-type]


def test_an_organisation_refuses_duplicates_dangling_superiors_and_cycles() -> None:
    top = Position("a", "A", PositionClass.PPK)
    with pytest.raises(InvalidValue, match="twice"):
        Organisation((top, top))
    with pytest.raises(InvalidValue, match="lacks"):
        Organisation((Position("b", "B", PositionClass.PELAKSANA, "x"),))
    with pytest.raises(InvalidValue, match="cycle"):
        Organisation(
            (
                Position("b", "B", PositionClass.PENGAWAS, "c"),
                Position("c", "C", PositionClass.ADMINISTRATOR, "b"),
            )
        )
    with pytest.raises(InvalidValue, match="itself"):
        Position("b", "B", PositionClass.PENGAWAS, "b")
    with pytest.raises(InvalidValue, match="designated"):
        Position("b", "B", PositionClass.PENGAWAS, designated=True)


def test_an_official_is_the_actor_events_record() -> None:
    lurah = _kelurahan().position("lurah")
    official = Official("Bu Lurah", lurah)
    assert official.actor.role == "Lurah Jodipan" and official.actor.name == "Bu Lurah"
    assert _kelurahan().direct_superior("kasi") == lurah
    assert _kelurahan().direct_superior("walikota") is None
