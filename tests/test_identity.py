"""One identity per person, office and case: natural keys have exact ASCII forms.

A NIP, an office code, a case number, a complaint reference or a sidak letter number becomes an
aggregate id (uuid5 of the key). Two spellings of one key would be two records: a second id for
one civil servant, a second case with the same number. So each key is accepted only in its exact
form; a trailing space or newline, or digits from another script, are refused with the value
shown, never silently stripped.
"""

from __future__ import annotations

import re
from datetime import datetime
from uuid import UUID

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pelayanan import (
    WIB,
    Actor,
    AlreadyExists,
    Breach,
    BreachKind,
    CaseSource,
    ComplianceService,
    InvalidValue,
    Nip,
    Observation,
    OfficeCode,
    RuleRef,
    SourceKind,
    Team,
    TeamMember,
    case_id,
    complaint_id,
    inspection_id,
    office_id,
)
from pelayanan.domain.values import InspectorUnit, require_key, require_text

PROPERTY = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
NIP = "198503122010012003"
ARABIC_INDIC = "".join(chr(0x0660 + int(d)) for d in NIP)
FULLWIDTH = "".join(chr(0xFF10 + int(d)) for d in NIP)


# --------------------------------------------------------------------------- NIP and office code


@pytest.mark.parametrize(
    "spelling",
    [NIP + "\n", NIP + " ", " " + NIP, NIP + "\t", ARABIC_INDIC, FULLWIDTH, "\u0661" + NIP[1:]],
)
def test_a_nip_in_any_but_its_exact_form_is_refused_naming_the_value(spelling: str) -> None:
    with pytest.raises(InvalidValue, match="NIP must be 18 digits") as refused:
        Nip(spelling)
    assert repr(spelling) in str(refused.value)


def test_the_printed_grouping_of_a_nip_is_the_same_person() -> None:
    assert Nip("19850312 201001 2 003") == Nip(NIP)
    with pytest.raises(InvalidValue):
        Nip("19850312  201001 2 003")  # two spaces: not the printed form


@pytest.mark.parametrize(
    "spelling",
    ["35.73.01.1011\n", "35.73.01.1011 ", "\u0663\u0665.73.01.1011", "\uff135.73.01.1011"],
)
def test_an_office_code_in_any_but_its_exact_form_is_refused(spelling: str) -> None:
    with pytest.raises(InvalidValue, match="office code must look like") as refused:
        OfficeCode(spelling)
    assert repr(spelling) in str(refused.value)


# --------------------------------------------------------------------------- references


@pytest.mark.parametrize(
    "key",
    ["BKPSDM/800/2024/JDP-01", "ST/700/2024/IRBAN-I/029", "LAPOR-2024-0001", "B-12/Kw.13_1/04"],
)
def test_references_in_key_form_are_accepted(key: str) -> None:
    assert require_key("case_number", key) == key


@pytest.mark.parametrize(
    "spelling",
    ["K-1\n", "K-1 ", " K-1", "K 1", "K--1", "K-1/", "K-\u0661", "\uff2b-1", "", "K\u20131"],
)
def test_references_in_any_other_form_are_refused_naming_the_value(spelling: str) -> None:
    with pytest.raises(InvalidValue, match="not in key form") as refused:
        require_key("case_number", spelling)
    assert repr(spelling) in str(refused.value)


# A key and the perturbations a clerk's keyboard, a spreadsheet or a copy-paste produce.
KEYS = st.from_regex(r"[A-Z0-9]{1,6}(?:[/.\-_][A-Za-z0-9]{1,6}){0,4}", fullmatch=True)
NIP_DIGITS = st.sampled_from([NIP, "197505102000121001", "199001012015031003"])
WHITESPACE = st.sampled_from([" ", "\n", "\t", "\r\n", "\u00a0", "\u3000", "\u200b"])


def _unicode_digit(ascii_digit: str, script: int) -> str:
    zeros = [0x0660, 0x06F0, 0x0966, 0x09E6, 0xFF10, 0x1D7CE]
    return chr(zeros[script % len(zeros)] + int(ascii_digit))


@st.composite
def spellings(draw: st.DrawFn, base: st.SearchStrategy[str]) -> tuple[str, str]:
    """(the exact key, one way of typing it): as is, padded, or with a digit from another
    script."""
    key = draw(base)
    how = draw(st.sampled_from(["exact", "before", "after", "digit"]))
    if how == "before":
        return key, draw(WHITESPACE) + key
    if how == "after":
        return key, key + draw(WHITESPACE)
    if how == "digit" and any(c.isdigit() for c in key):
        i = draw(st.sampled_from([i for i, c in enumerate(key) if c.isdigit()]))
        return key, key[:i] + _unicode_digit(key[i], draw(st.integers(0, 5))) + key[i + 1 :]
    return key, key


@PROPERTY
@given(spellings(KEYS), spellings(KEYS))
def test_any_accepted_reference_round_trips_to_exactly_one_id(
    first: tuple[str, str], second: tuple[str, str]
) -> None:
    ids = []
    for key, typed in (first, second):
        try:
            accepted = require_key("reference", typed)
        except InvalidValue:
            assert typed != key, f"the exact key {key!r} was refused"
            continue
        assert accepted == key, f"{typed!r} accepted as a second spelling of {key!r}"
        ids.append((key, complaint_id(accepted), case_id(Nip(NIP), accepted)))
    if len(ids) == 2:
        (k1, c1, d1), (k2, c2, d2) = ids
        assert (c1 == c2) == (k1 == k2) and (d1 == d2) == (k1 == k2)


@PROPERTY
@given(spellings(NIP_DIGITS))
def test_any_accepted_nip_round_trips_to_exactly_one_id(spelling: tuple[str, str]) -> None:
    digits, typed = spelling
    try:
        nip = Nip(typed)
    except InvalidValue:
        assert typed != digits
        return
    assert nip.value == digits and nip == Nip(str(nip))
    assert case_id(nip, "K-1") == case_id(Nip(digits), "K-1")


@PROPERTY
@given(st.text(max_size=24))
def test_any_text_accepted_as_a_nip_is_18_ascii_digits_or_their_printed_grouping(
    text: str,
) -> None:
    try:
        nip = Nip(text)
    except InvalidValue:
        return
    assert nip.value.isascii() and nip.value.isdigit() and len(nip.value) == 18
    v = nip.value
    assert text in (v, f"{v[:8]} {v[8:14]} {v[14]} {v[15:]}")


# --------------------------------------------------------------------------- through the service


def _case(service: ComplianceService, clerk: Actor, number: str, nip: str = NIP) -> UUID:
    return service.open_case(
        number,
        nip=nip,
        name="Dewi",
        source=CaseSource(SourceKind.OTHER, "laporan"),
        breach=Breach(BreachKind.ATTENDANCE, "tidak masuk", days_absent=3),
        actor=clerk,
    )


@pytest.mark.parametrize(
    ("number", "nip"),
    [("BKPSDM/2024/017\n", NIP), ("BKPSDM/2024/017 ", NIP), ("BKPSDM/2024/017", NIP + "\n")],
)
def test_a_second_case_with_the_same_number_cannot_be_opened_by_spelling(
    service: ComplianceService, clerk: Actor, number: str, nip: str
) -> None:
    _case(service, clerk, "BKPSDM/2024/017")
    head = service.head()
    with pytest.raises(InvalidValue, match=re.escape(repr(number if nip == NIP else nip))):
        _case(service, clerk, number, nip)
    assert service.head() == head
    with pytest.raises(AlreadyExists):
        _case(service, clerk, "BKPSDM/2024/017", "19850312 201001 2 003")


def test_an_office_cannot_be_registered_twice_by_spelling(
    service: ComplianceService, clerk: Actor
) -> None:
    service.register_office("35.73.01.1011", name="Jodipan", kecamatan="Blimbing", actor=clerk)
    head = service.head()
    for spelling in ("35.73.01.1011\n", "\u06635.73.01.1011"):
        with pytest.raises(InvalidValue, match="office code"):
            service.register_office(spelling, name="Jodipan", kecamatan="Blimbing", actor=clerk)
    assert service.head() == head
    assert office_id(OfficeCode("35.73.01.1011")) == service.get_office("35.73.01.1011").id


def test_complaint_and_sidak_references_have_one_form(
    service: ComplianceService, clerk: Actor
) -> None:
    service.register_office("35.73.01.1011", name="Jodipan", kecamatan="Blimbing", actor=clerk)
    head = service.head()
    with pytest.raises(InvalidValue, match="reference 'LAPOR-2024-0001 '"):
        service.file_complaint(
            "LAPOR-2024-0001 ",
            office_code="35.73.01.1011",
            channel="walk_in",
            subject="antre",
            description="lama",
            actor=clerk,
        )
    team = Team((TeamMember("Bambang", InspectorUnit.INSPEKTORAT),))
    with pytest.raises(InvalidValue, match="reference 'ST/700/2024/029\\\\n'"):
        service.start_inspection(
            "ST/700/2024/029\n", office_code="35.73.01.1011", team=team, actor=clerk
        )
    assert service.head() == head
    assert inspection_id("ST/700/2024/029") != inspection_id("ST/700/2024/029\n")


# --------------------------------------------------------------------------- text and numbers


@pytest.mark.parametrize("text", ["a\ud800", "\udfffb", "ok \udc80 ok"])
def test_a_lone_surrogate_is_refused_where_the_text_enters(text: str) -> None:
    with pytest.raises(InvalidValue, match="lone surrogate"):
        require_text("subject", text)


def test_a_lone_surrogate_in_a_batch_refuses_that_command_only(
    service: ComplianceService, clerk: Actor
) -> None:
    # Before: the batch accepted the text and failed at its end, while encoding: all was lost.
    with service.batch():
        service.register_office(
            "35.73.01.1011", name="Jodipan", kecamatan="Blimbing", actor=clerk
        )
        with pytest.raises(InvalidValue, match="subject contains a lone surrogate"):
            service.file_complaint(
                "LAPOR-2024-0001",
                office_code="35.73.01.1011",
                channel="walk_in",
                subject="antre \ud800",
                description="lama",
                actor=clerk,
            )
    assert service.get_office("35.73.01.1011").name == "Jodipan"


@pytest.mark.parametrize(
    "build",
    [
        lambda: Breach(BreachKind.ATTENDANCE, "x", days_absent=10**30),
        lambda: Breach(BreachKind.ATTENDANCE, "x", days_absent=367),
        lambda: Breach(BreachKind.ATTENDANCE, "x", late_minutes=10**20),
        lambda: Breach(BreachKind.ATTENDANCE, "x", days_absent=True),
        lambda: RuleRef("pp94.attendance", 10**30),
        lambda: RuleRef("pp94.attendance", 0),
        lambda: Observation(
            at=datetime(2024, 4, 29, 10, tzinfo=WIB),
            office_open=True,
            counter_staffed=True,
            citizens_waiting=10**30,
        ),
    ],
)
def test_huge_or_impossible_whole_numbers_are_refused_by_name(build: object) -> None:
    with pytest.raises(InvalidValue) as refused:
        build()  # type: ignore[operator]
    assert "must be" in str(refused.value)
    assert len(str(refused.value)) < 200, "the message shows a huge number in full"


def test_a_huge_version_is_refused_by_name_not_by_the_database(
    service: ComplianceService, clerk: Actor
) -> None:
    service.register_office("35.73.01.1011", name="Jodipan", kecamatan="Blimbing", actor=clerk)
    for version in (10**30, 2**63):
        with pytest.raises(InvalidValue, match="version must be at most"):
            service.get_office("35.73.01.1011", version=version)
