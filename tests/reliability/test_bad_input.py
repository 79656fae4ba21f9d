"""Malformed input to every public command is refused with a named error, and nothing is stored.

Hypothesis corrupts one argument of a valid command at a time: NIPs, office codes, dates, naive
and far-future datetimes, empty, huge and NUL-bearing strings, unknown enum values, wrong types.
Every refusal must be a ``PelayananError``; the store's head and every aggregate's version stay
as they were.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date, datetime, timedelta
from typing import Any
from uuid import UUID

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pelayanan import (
    WIB,
    Actor,
    Breach,
    BreachKind,
    CaseSource,
    ComplianceService,
    InspectorUnit,
    ManualClock,
    Observation,
    PelayananError,
    SourceKind,
    Team,
    TeamMember,
)
from tests.reliability.conftest import Figure

NOW = datetime(2024, 5, 6, 10, 0, tzinfo=WIB)
CODE = "35.73.02.1004"
NIP = "198001012005011001"
CLERK = Actor(name="Operator", role="admin")

texts_bad = st.one_of(
    st.just(""),
    st.just("   "),
    st.just("a\x00b"),
    st.integers(min_value=10_001, max_value=30_000).map(lambda n: "x" * n),
    st.integers(),
    st.none(),
    st.binary(min_size=1, max_size=5),
)
nips_bad = st.one_of(
    st.text(max_size=30).filter(lambda s: not (s.isdigit() and len(s) == 18)),
    st.from_regex(r"\A\d{8}(0[1-9]|1[0-2])\d{4}[3-9]\d{3}\Z"),  # bad sex digit
    st.from_regex(r"\A\d{4}1[3-9]\d{2}\d{6}[12]\d{3}\Z"),  # month 13-19 in birth date
    st.integers(),
)
codes_bad = st.one_of(
    st.text(max_size=20).filter(lambda s: not _looks_like_code(s)), st.integers(), st.none()
)
datetimes_bad = st.one_of(
    st.datetimes(min_value=datetime(2001, 1, 1), max_value=datetime(2100, 1, 1)),  # naive
    st.datetimes(
        min_value=datetime(2030, 1, 1), max_value=datetime(2190, 1, 1), timezones=st.just(WIB)
    ),  # far future of the recording clock
    st.dates(),
    st.text(max_size=10),
    st.integers(),
)
dates_bad = st.one_of(
    st.datetimes(),
    st.text(max_size=10),
    st.integers(),
    st.dates(max_value=date(1999, 12, 31)),
    st.dates(min_value=date(2201, 1, 1)),
)
enums_bad = st.one_of(
    st.text(max_size=30).filter(lambda s: s not in _ALL_ENUM_VALUES), st.integers(), st.none()
)

_ALL_ENUM_VALUES = {
    "lurah",
    "seklur",
    "kasi",
    "staff",
    "izin",
    "cuti",
    "dinas_luar",
    "sakit",
    "high",
    "low",
    "medium",
    "office_vacant",
    "sp4n_lapor",
    "walk_in",
    "phone",
    "social_media",
    "letter",
    "complaint",
    "information_request",
    "dispute",
    "dispute_field_check",
    "dismissed",
    "punishment",
    "administrative_warning",
    "teguran_lisan",
    "teguran_tertulis",
    "staff_absent_without_permission",
    "counter_unstaffed",
    "standard_not_displayed",
    "office_closed_early",
    "other",
    "keberatan",
    "banding",
    "upheld",
    "changed",
    "annulled",
    "disciplinary_case",
}


def _looks_like_code(s: str) -> bool:
    import re

    return re.fullmatch(r"\d{2}\.\d{2}\.\d{2}\.\d{4}", s) is not None


@pytest.fixture
def world(tmp_path: Any) -> Iterator[tuple[ComplianceService, dict[str, UUID]]]:
    service = ComplianceService.open(str(tmp_path / "bad.db"), clock=ManualClock(NOW))
    service.register_office(
        CODE,
        name="Kiduldalem",
        kecamatan="Klojen",
        actor=CLERK,
        occurred_at=NOW - timedelta(days=30),
    )
    service.assign_staff(CODE, nip=NIP, name="Staf", role="staff", actor=CLERK)
    sidak = service.start_inspection(
        "ST/1",
        office_code=CODE,
        actor=CLERK,
        team=Team((TeamMember(name="Irban", unit=InspectorUnit.INSPEKTORAT),)),
    )
    complaint = service.file_complaint(
        "C-1", office_code=CODE, channel="walk_in", subject="s", description="d", actor=CLERK
    )
    case = service.open_case(
        "K-1",
        nip=NIP,
        name="Staf",
        actor=CLERK,
        source=CaseSource(SourceKind.ATTENDANCE_REPORT, "rekap"),
        breach=Breach(BreachKind.ATTENDANCE, "alpa", days_absent=4),
    )
    ready = service.open_case(
        "K-3",
        nip=NIP,
        name="Staf",
        actor=CLERK,
        source=CaseSource(SourceKind.ATTENDANCE_REPORT, "rekap"),
        breach=Breach(BreachKind.ATTENDANCE, "alpa", days_absent=5),
    )
    service.request_clarification(
        ready, letter_date=date(2024, 5, 6), examination_date=date(2024, 5, 6), actor=CLERK
    )
    service.receive_clarification(ready, statement="penjelasan", actor=CLERK)
    service.record_examination(
        ready, bap_reference="BAP", signed_by_subject=True, examiners="atasan", actor=CLERK
    )
    try:
        yield service, {"sidak": sidak, "complaint": complaint, "case": case, "ready": ready}
    finally:
        service.close()


Command = Callable[[ComplianceService, dict[str, UUID], dict[str, Any]], object]


def _commands() -> dict[str, tuple[Command, dict[str, Any], dict[str, st.SearchStrategy[Any]]]]:
    """name -> (call, valid arguments, a strategy of bad values for each argument)."""
    return {
        "register_office": (
            lambda s, ids, a: s.register_office(
                a["code"],
                name=a["name"],
                kecamatan=a["kecamatan"],
                actor=CLERK,
                occurred_at=a["occurred_at"],
            ),
            {"code": "35.73.02.1009", "name": "Bareng", "kecamatan": "Klojen", "occurred_at": NOW},
            {
                "code": codes_bad,
                "name": texts_bad,
                "kecamatan": texts_bad,
                "occurred_at": datetimes_bad,
            },
        ),
        "assign_staff": (
            lambda s, ids, a: s.assign_staff(
                CODE, nip=a["nip"], name=a["name"], role=a["role"], actor=CLERK
            ),
            {"nip": "199002022015022002", "name": "Ani", "role": "staff"},
            {"nip": nips_bad, "name": texts_bad, "role": enums_bad},
        ),
        "record_permission": (
            lambda s, ids, a: s.record_permission(
                CODE,
                nip=NIP,
                kind=a["kind"],
                start=a["start"],
                end=a["end"],
                reason=a["reason"],
                actor=CLERK,
            ),
            {"kind": "izin", "start": NOW, "end": NOW + timedelta(hours=2), "reason": "rapat"},
            {
                "kind": enums_bad,
                "start": datetimes_bad,
                "end": st.just(NOW - timedelta(hours=1)),
                "reason": texts_bad,
            },
        ),
        "record_finding": (
            lambda s, ids, a: s.record_finding(
                ids["sidak"],
                kind=a["kind"],
                severity=a["severity"],
                description=a["description"],
                actor=CLERK,
            ),
            {"kind": "office_vacant", "severity": "high", "description": "kosong"},
            {"kind": enums_bad, "severity": enums_bad, "description": texts_bad},
        ),
        "record_observation": (
            lambda s, ids, a: s.record_observation(
                ids["sidak"],
                Observation(
                    at=a["at"],
                    office_open=True,
                    counter_staffed=True,
                    citizens_waiting=a["waiting"],
                ),
                actor=CLERK,
            ),
            {"at": NOW, "waiting": 1},
            {
                "at": st.one_of(st.datetimes(), st.text(max_size=5)),
                "waiting": st.integers(max_value=-1),
            },
        ),
        "file_complaint": (
            lambda s, ids, a: s.file_complaint(
                a["reference"],
                office_code=a["office"],
                channel=a["channel"],
                subject=a["subject"],
                description="d",
                actor=CLERK,
                service_date=a["service_date"],
            ),
            {
                "reference": "C-2",
                "office": CODE,
                "channel": "phone",
                "subject": "antrian",
                "service_date": date(2024, 5, 1),
            },
            {
                "reference": texts_bad,
                "office": codes_bad,
                "channel": enums_bad,
                "subject": texts_bad,
                "service_date": dates_bad,
            },
        ),
        "classify_complaint": (
            lambda s, ids, a: s.classify_complaint(
                ids["complaint"], a["classification"], actor=CLERK
            ),
            {"classification": "complaint"},
            {"classification": enums_bad},
        ),
        "open_case": (
            lambda s, ids, a: s.open_case(
                a["number"],
                nip=a["nip"],
                name=a["name"],
                actor=CLERK,
                source=CaseSource(SourceKind.OTHER, "x"),
                breach=Breach(BreachKind.ATTENDANCE, "alpa"),
            ),
            {"number": "K-2", "nip": NIP, "name": "Staf"},
            {"number": texts_bad, "nip": nips_bad, "name": texts_bad},
        ),
        "request_clarification": (
            lambda s, ids, a: s.request_clarification(
                ids["case"], letter_date=a["letter"], examination_date=a["exam"], actor=CLERK
            ),
            {"letter": date(2024, 5, 6), "exam": date(2024, 5, 8)},
            {"letter": dates_bad, "exam": dates_bad},
        ),
        "decide_case": (
            lambda s, ids, a: s.decide_case(
                ids["case"],
                outcome=a["outcome"],
                punishment=a["punishment"],
                reason=a["reason"],
                decided_by=CLERK,
            ),
            {"outcome": "punishment", "punishment": "teguran_tertulis", "reason": "r"},
            {
                "outcome": enums_bad,
                "punishment": enums_bad.filter(lambda v: v is not None),
                "reason": texts_bad,
            },
        ),
    }


COMMANDS = _commands()


@pytest.mark.parametrize("name", sorted(COMMANDS))
@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_a_malformed_argument_is_refused_and_nothing_is_stored(
    name: str,
    data: st.DataObject,
    world: tuple[ComplianceService, dict[str, UUID]],
    figure: Figure,
) -> None:
    service, ids = world
    call, valid, bad = COMMANDS[name]
    field = data.draw(st.sampled_from(sorted(bad)), label="argument")
    args = {**valid, field: data.draw(bad[field], label=field)}
    head = service.head()
    versions = {k: service.repository.get(v).version for k, v in ids.items()}

    with pytest.raises(PelayananError):
        call(service, ids, args)

    assert service.head() == head
    assert {k: service.repository.get(v).version for k, v in ids.items()} == versions
    figure("malformed commands refused", 1)


def test_the_valid_arguments_are_accepted(
    world: tuple[ComplianceService, dict[str, UUID]],
) -> None:
    """The baseline of each table row is valid, so each refusal above is the corruption's doing."""
    service, ids = world
    for name in [
        "register_office",
        "assign_staff",
        "record_permission",
        "record_finding",
        "record_observation",
        "file_complaint",
        "classify_complaint",
        "open_case",
        "request_clarification",
    ]:
        call, valid, _ = COMMANDS[name]
        call(service, ids, valid)
