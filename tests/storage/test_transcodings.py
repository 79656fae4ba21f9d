"""Every value type survives storage: alone, inside events, and inside aggregate snapshots.

The transcoding names are a storage contract (they are written into every stored event), so they
are pinned here; a rename must fail this file, not a production replay.
"""

from __future__ import annotations

import base64
import json
import types
import typing
import uuid
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from enum import Enum
from typing import Any

import attrs
import pytest
from eventsourcing.domain import Aggregate, Snapshot
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pelayanan.domain import complaint, discipline, inspection, office, organisation, values
from pelayanan.domain.complaint import Complaint
from pelayanan.domain.discipline import DisciplinaryCase
from pelayanan.domain.errors import InvalidValue
from pelayanan.domain.inspection import Inspection
from pelayanan.domain.office import Office
from pelayanan.domain.values import WIB
from pelayanan.privacy.sealed import Sealed
from pelayanan.storage.transcodings import VALUE_TYPES, AttrsTranscoding, transcodings
from tests.domain.support import CLERK, rebuild, round_trip, state, transcoder

PROPERTY_SETTINGS = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
TRANSCODER = transcoder()


def stored(value: object) -> Any:
    """``value`` after a trip through the JSON the event store keeps."""
    return TRANSCODER.decode(TRANSCODER.encode({"value": value}))["value"]


# --------------------------------------------------------------------------- strategies


def _accepted(text: str) -> bool:
    """What the domain takes as text (something visible, no NUL, valid Unicode)."""
    try:
        values.require_text("text", text)
    except InvalidValue:
        return False
    return True


TEXT = st.text(min_size=1, max_size=20).filter(_accepted)
SHORT = st.text(min_size=1, max_size=8).filter(_accepted)
DATES = st.dates(min_value=date(2000, 1, 1), max_value=date(2200, 12, 31))
PERIOD_STARTS = st.datetimes(
    min_value=datetime(2000, 1, 2),
    max_value=datetime(2199, 1, 1),
    timezones=st.sampled_from([WIB, UTC]),
    allow_imaginary=False,
)
MOMENTS = st.datetimes(
    min_value=datetime(2000, 1, 2),
    max_value=datetime(2200, 12, 30),
    timezones=st.sampled_from([WIB, UTC]),
    allow_imaginary=False,
)


@st.composite
def nips(draw: st.DrawFn) -> values.Nip:
    born = draw(st.dates(min_value=date(1950, 1, 1), max_value=date(2005, 12, 31)))
    year = draw(st.integers(min_value=born.year + 15, max_value=2200))
    month = draw(st.integers(min_value=1, max_value=12))
    sex = draw(st.sampled_from("12"))
    sequence = draw(st.integers(min_value=1, max_value=999))
    return values.Nip(f"{born:%Y%m%d}{year:04d}{month:02d}{sex}{sequence:03d}")


def digits(n: int) -> st.SearchStrategy[str]:
    return st.integers(min_value=0, max_value=10**n - 1).map(lambda i: f"{i:0{n}d}")


OFFICE_CODES = st.builds(
    lambda *parts: values.OfficeCode(".".join(parts)), digits(2), digits(2), digits(2), digits(4)
)
RULE_REFS = st.builds(values.RuleRef, SHORT, st.integers(min_value=1, max_value=99))
LEGAL_BASES = st.builds(
    values.LegalBasis,
    regulation=TEXT,
    article=st.none() | SHORT,
    ayat=st.none() | SHORT,
    huruf=st.none() | SHORT,
    angka=st.none() | SHORT,
    verified=st.booleans(),
    source=st.none() | TEXT,
)
DEADLINES = st.builds(
    values.Deadline,
    due=DATES,
    rule=RULE_REFS,
    basis=LEGAL_BASES,
    explanation=TEXT,
    estimated=st.booleans(),
)
ACTORS = st.builds(values.Actor, name=TEXT, role=TEXT, nip=st.none() | nips())


@st.composite
def periods(draw: st.DrawFn) -> values.Period:
    start = draw(PERIOD_STARTS)
    length = draw(st.timedeltas(min_value=timedelta(seconds=1), max_value=timedelta(days=400)))
    return values.Period(start, start + length)


@st.composite
def time_ranges(draw: st.DrawFn, within: values.TimeRange | None = None) -> values.TimeRange:
    low = within.start if within else time(0)
    high = within.end if within else time(23, 59, 59)
    start, end = sorted(
        draw(st.lists(st.times(min_value=low, max_value=high), min_size=2, max_size=2,
                      unique=True))
    )  # fmt: skip
    return values.TimeRange(start, end)


@st.composite
def day_schedules(draw: st.DrawFn, weekday: int | None = None) -> values.DaySchedule:
    hours = draw(time_ranges())
    breaks = draw(st.lists(time_ranges(within=hours), max_size=2))
    day = draw(st.integers(min_value=0, max_value=6)) if weekday is None else weekday
    return values.DaySchedule(day, hours, breaks)


@st.composite
def service_hours(draw: st.DrawFn) -> values.ServiceHours:
    weekdays = draw(st.lists(st.integers(min_value=0, max_value=6), max_size=7, unique=True))
    days = [draw(day_schedules(weekday=d)) for d in weekdays]
    zone = draw(st.sampled_from(["Asia/Jakarta", "Asia/Makassar", "Asia/Jayapura"]))
    return values.ServiceHours(days, zone)


STAFF = st.builds(office.StaffMember, nips(), TEXT, st.sampled_from(values.Role))
PERMISSIONS = st.builds(
    office.Permission,
    nips(),
    st.sampled_from(values.PermissionKind),
    periods(),
    TEXT,
    st.none() | SHORT,
)
STANDARDS = st.builds(
    office.ServiceStandard,
    document=TEXT,
    components=st.lists(st.sampled_from(values.ServiceComponent), max_size=14),
    maklumat=TEXT,
)
TEAM_MEMBERS = st.builds(
    inspection.TeamMember, TEXT, st.sampled_from(values.InspectorUnit), st.none() | nips()
)
TEAMS = st.builds(inspection.Team, st.lists(TEAM_MEMBERS, min_size=1, max_size=4))


@st.composite
def observations(draw: st.DrawFn) -> inspection.Observation:
    people = draw(st.lists(nips(), max_size=6, unique=True))
    cut1, cut2 = sorted(draw(st.lists(st.integers(0, len(people)), min_size=2, max_size=2)))
    office_open = draw(st.booleans())
    return inspection.Observation(
        at=draw(MOMENTS),
        office_open=office_open,
        counter_staffed=draw(st.booleans()),
        present=people[:cut1] if office_open else [],
        absent=people[cut1:cut2],
        absent_with_permission=tuple(people[cut2:]),
        standard_displayed=draw(st.booleans()),
        citizens_waiting=draw(st.integers(min_value=0, max_value=500)),
        note=draw(st.none() | TEXT),
    )


FINDINGS = st.builds(
    inspection.Finding,
    number=st.integers(min_value=1, max_value=50),
    kind=st.sampled_from(values.FindingKind),
    severity=st.sampled_from(values.Severity),
    description=TEXT,
    subjects=st.lists(nips(), max_size=3),
    observation=st.none() | st.integers(min_value=1, max_value=9),
    withdrawn=st.booleans(),
)
REFERRALS = st.builds(
    inspection.Referral,
    st.integers(min_value=1, max_value=50),
    st.sampled_from(inspection.ReferralTarget),
    st.uuids(),
)
COMPLAINANTS = st.builds(complaint.Complainant, TEXT, st.none() | TEXT)
B64 = st.binary(min_size=1, max_size=64).map(lambda b: base64.b64encode(b).decode())
SEALED = st.builds(Sealed, st.uuids(), st.sampled_from(("text", "complainant")), B64, B64)
CASE_SOURCES = st.builds(
    discipline.CaseSource, st.sampled_from(discipline.SourceKind), TEXT, st.none() | st.uuids()
)
COUNTS = st.none() | st.integers(min_value=0, max_value=366)
BREACHES = st.builds(
    discipline.Breach,
    kind=st.sampled_from(discipline.BreachKind),
    description=TEXT,
    days_absent=COUNTS,
    consecutive_days=COUNTS,
    late_minutes=COUNTS,
    impact=st.none() | st.sampled_from(values.Impact),
)


@st.composite
def decisions(draw: st.DrawFn) -> discipline.Decision:
    outcome = draw(st.sampled_from(discipline.Outcome))
    punishing = outcome is discipline.Outcome.PUNISHMENT
    return discipline.Decision(
        outcome=outcome,
        reason=draw(TEXT),
        decided_by=draw(ACTORS),
        punishment=draw(st.sampled_from(values.Punishment)) if punishing else None,
        legal_basis=draw(LEGAL_BASES) if punishing else draw(st.none() | LEGAL_BASES),
        rule=draw(st.none() | RULE_REFS),
        required=draw(st.none() | st.sampled_from(values.Punishment)),
        assessment=draw(st.none() | st.sampled_from(values.Assessment)),
        decree=draw(st.none() | TEXT),
    )


AUTHORITIES = st.builds(
    organisation.Authority,
    official_position=TEXT,
    official_class=st.sampled_from(organisation.PositionClass),
    subject_position=TEXT,
    subject_class=st.sampled_from(organisation.PositionClass),
    grant=TEXT,
    rule=RULE_REFS,
    citation=LEGAL_BASES,
    passed_up_from=st.none() | st.sampled_from(organisation.PositionClass),
)

RULE_GROUNDS = st.builds(values.RuleGrounds, RULE_REFS, LEGAL_BASES, st.booleans(), TEXT)
DECREES = st.builds(
    discipline.Decree,
    number=TEXT,
    set_on=st.dates(),
    set_by=ACTORS,
    copies_to=st.lists(TEXT, max_size=3).map(tuple),
    authority=st.none() | AUTHORITIES,
)


ATTRS_STRATEGIES: dict[type, st.SearchStrategy[Any]] = {
    values.Nip: nips(),
    values.OfficeCode: OFFICE_CODES,
    values.Actor: ACTORS,
    values.LegalBasis: LEGAL_BASES,
    values.RuleRef: RULE_REFS,
    values.Deadline: DEADLINES,
    values.RuleGrounds: RULE_GROUNDS,
    values.Period: periods(),
    values.TimeRange: time_ranges(),
    values.DaySchedule: day_schedules(),
    values.ServiceHours: service_hours(),
    office.StaffMember: STAFF,
    office.Permission: PERMISSIONS,
    office.ServiceStandard: STANDARDS,
    inspection.TeamMember: TEAM_MEMBERS,
    inspection.Team: TEAMS,
    inspection.Observation: observations(),
    inspection.Finding: FINDINGS,
    inspection.Referral: REFERRALS,
    complaint.Complainant: COMPLAINANTS,
    discipline.CaseSource: CASE_SOURCES,
    discipline.Breach: BREACHES,
    discipline.Decision: decisions(),
    organisation.Authority: AUTHORITIES,
    discipline.Decree: DECREES,
    Sealed: SEALED,
}


def strategy_for(kind: type) -> st.SearchStrategy[Any]:
    if issubclass(kind, Enum):
        return st.sampled_from(kind)
    return ATTRS_STRATEGIES[kind]


ANY_VALUE = st.sampled_from(sorted(VALUE_TYPES)).flatmap(
    lambda name: strategy_for(VALUE_TYPES[name])
)


# --------------------------------------------------------------------------- value round trips


def test_every_value_type_has_a_strategy() -> None:
    missing = [
        name
        for name, kind in VALUE_TYPES.items()
        if not issubclass(kind, Enum) and kind not in ATTRS_STRATEGIES
    ]
    assert missing == []


@pytest.mark.parametrize("name", sorted(VALUE_TYPES))
def test_each_value_type_round_trips(name: str) -> None:
    @PROPERTY_SETTINGS
    @given(strategy_for(VALUE_TYPES[name]))
    def round_trips(value: Any) -> None:
        back = stored(value)
        assert type(back) is type(value)
        assert back == value

    round_trips()


@PROPERTY_SETTINGS
@given(st.lists(ANY_VALUE, max_size=4), st.dictionaries(SHORT, ANY_VALUE, max_size=3))
def test_values_round_trip_inside_containers(items: list[Any], mapping: dict[str, Any]) -> None:
    assert stored(items) == items
    assert stored(mapping) == mapping


def test_the_stored_form_names_the_type_by_its_stable_name() -> None:
    encoded = json.loads(TRANSCODER.encode(values.RuleRef("pp94.attendance", 2)))
    assert encoded == {"_type_": "rule_ref", "_data_": {"rule_id": "pp94.attendance", "version": 2}}
    assert json.loads(TRANSCODER.encode(values.Level.SEDANG)) == {
        "_type_": "level",
        "_data_": "sedang",
    }
    assert json.loads(TRANSCODER.encode(date(2024, 4, 29))) == {
        "_type_": "date_iso",
        "_data_": "2024-04-29",
    }


def test_plain_dates_times_and_frozensets_round_trip() -> None:
    for value in (date(2024, 4, 29), time(7, 30), frozenset({"b", "a"}), frozenset()):
        back = stored(value)
        assert (type(back), back) == (type(value), value)


# --------------------------------------------------------------------------- the stable names

PINNED_NAMES = {
    "nip": "Nip",
    "office_code": "OfficeCode",
    "actor": "Actor",
    "legal_basis": "LegalBasis",
    "rule_ref": "RuleRef",
    "deadline": "Deadline",
    "rule_grounds": "RuleGrounds",
    "period": "Period",
    "time_range": "TimeRange",
    "day_schedule": "DaySchedule",
    "service_hours": "ServiceHours",
    "role": "Role",
    "inspector_unit": "InspectorUnit",
    "permission_kind": "PermissionKind",
    "service_component": "ServiceComponent",
    "finding_kind": "FindingKind",
    "severity": "Severity",
    "channel": "Channel",
    "complaint_class": "ComplaintClass",
    "level": "Level",
    "punishment": "Punishment",
    "sanction_track": "SanctionTrack",
    "provider_sanction": "ProviderSanction",
    "staff_member": "StaffMember",
    "permission": "Permission",
    "service_standard": "ServiceStandard",
    "team_member": "TeamMember",
    "team": "Team",
    "observation": "Observation",
    "finding": "Finding",
    "referral_target": "ReferralTarget",
    "referral": "Referral",
    "complainant": "Complainant",
    "complaint_status": "ComplaintStatus",
    "source_kind": "SourceKind",
    "breach_kind": "BreachKind",
    "impact": "Impact",
    "outcome": "Outcome",
    "assessment": "Assessment",
    "objection_kind": "ObjectionKind",
    "objection_outcome": "ObjectionOutcome",
    "case_source": "CaseSource",
    "breach": "Breach",
    "decision": "Decision",
    "delivery_method": "DeliveryMethod",
    "release_end": "ReleaseEnd",
    "decree": "Decree",
    "position_class": "PositionClass",
    "authority": "Authority",
    "sealed": "Sealed",
}
"""Stored events name their values by these keys. Add new names; never change or drop one.

Only the key is stored, so a class may move between modules; the class it names may not change.
"""


def test_transcoding_names_are_pinned() -> None:
    current = {name: kind.__qualname__ for name, kind in VALUE_TYPES.items()}
    assert current == PINNED_NAMES
    names = [t.name for t in transcodings()]
    assert len(names) == len(set(names))
    assert {"date_iso", "time_iso", "frozenset"} <= set(names)


AGGREGATES = (Office, Inspection, Complaint, DisciplinaryCase)
JSON_NATIVE = {str, int, bool, float, type(None)}
BUILT_IN_TRANSCODED = {uuid.UUID, datetime, Decimal}


def event_classes() -> list[type]:
    return [
        member
        for aggregate in AGGREGATES
        for member in vars(aggregate).values()
        if isinstance(member, type) and issubclass(member, Aggregate.Event | Aggregate.Created)
    ]


def leaf_types(hint: object) -> set[object]:
    """The classes a type hint can hold: ``Deadline | None`` gives Deadline and NoneType."""
    if isinstance(hint, typing.TypeVar):
        return set()
    args = typing.get_args(hint)
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType, tuple, list, dict, typing.ClassVar):
        found: set[object] = {origin} if origin in (tuple, list, dict) else set()
        for arg in args:
            if arg is not Ellipsis:
                found |= leaf_types(arg)
        return found
    return {hint}


def reachable_from_events() -> tuple[set[type], list[str]]:
    """Every class reachable from an event field, and attrs tuple fields lacking a converter.

    JSON turns tuples into lists; only an attrs converter turns them back.
    """
    seen: set[type] = set()
    problems: list[str] = []
    todo: list[tuple[str, object]] = [
        (f"{event.__qualname__}.{field}", hint)
        for event in event_classes()
        for field, hint in typing.get_type_hints(event).items()
    ]
    while todo:
        _where, hint = todo.pop()
        for leaf in leaf_types(hint):
            if not isinstance(leaf, type) or leaf in seen:
                continue
            seen.add(leaf)
            if attrs.has(leaf):
                hints = typing.get_type_hints(leaf)
                for f in attrs.fields(leaf):
                    field_hint = hints[f.name]
                    if typing.get_origin(field_hint) is tuple and f.converter is None:
                        problems.append(f"{leaf.__qualname__}.{f.name}: tuple without converter")
                    todo.append((f"{leaf.__qualname__}.{f.name}", field_hint))
    return seen, problems


def test_every_class_reachable_from_an_event_has_a_transcoding() -> None:
    reachable, problems = reachable_from_events()
    registered = set(VALUE_TYPES.values())
    custom = {c for c in reachable if attrs.has(c) or issubclass(c, Enum)}
    assert custom - registered == set()
    assert custom, "the walk found no value classes at all"
    others = reachable - custom - JSON_NATIVE - BUILT_IN_TRANSCODED - {date, time, frozenset}
    # tuples appear only inside attrs values, whose converters restore them (checked below)
    assert others <= {list, dict, tuple}, f"event fields of types the store cannot keep: {others}"
    assert problems == []


def test_event_fields_hold_no_bare_tuples() -> None:
    reachable_types = {
        hint
        for event in event_classes()
        for hint in typing.get_type_hints(event).values()
        if typing.get_origin(hint) is tuple
    }
    assert reachable_types == set()


# --------------------------------------------------------------------------- schema evolution


def encoded_dict(value: object) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(TRANSCODER.encode(value))
    return data


def decode_dict(data: dict[str, Any]) -> Any:
    return TRANSCODER.decode(json.dumps(data).encode("utf8"))


def test_an_old_value_lacking_a_new_defaulted_field_decodes_with_the_default() -> None:
    basis = values.LegalBasis("PP 94/2021", article="8", verified=False, source="BKN")
    old = encoded_dict(basis)
    for later_field in ("source", "verified", "angka"):
        del old["_data_"][later_field]
    assert decode_dict(old) == values.LegalBasis("PP 94/2021", article="8")

    seen = inspection.Observation(
        at=datetime(2024, 4, 29, 9, tzinfo=WIB),
        office_open=True,
        counter_staffed=True,
        present=[values.Nip("198503122010012003")],
    )
    old = encoded_dict(seen)
    del old["_data_"]["note"], old["_data_"]["standard_displayed"], old["_data_"]["absent"]
    back = decode_dict(old)
    assert back == seen
    assert back.absent == () and back.standard_displayed is True


def test_an_old_value_lacking_a_required_field_asks_for_an_upcaster() -> None:
    old = encoded_dict(values.RuleRef("pp94.attendance", 1))
    del old["_data_"]["version"]
    with pytest.raises(ValueError, match="upcaster"):
        decode_dict(old)


def test_a_new_field_with_a_factory_default_gets_a_fresh_value() -> None:
    @attrs.frozen
    class Later:
        name: str
        tags: list[str] = attrs.field(factory=list)

    codec = AttrsTranscoding(Later, "test_later")
    first, second = codec.decode({"name": "a"}), codec.decode({"name": "b"})
    assert first == Later("a") and first.tags == []
    assert first.tags is not second.tags


def test_stored_values_are_not_revalidated() -> None:
    # A stored fact stays loadable even if a later version validates more strictly.
    old = encoded_dict(values.OfficeCode("35.73.01.1011"))
    old["_data_"]["value"] = "35.73.01.101"
    assert decode_dict(old).value == "35.73.01.101"


# --------------------------------------------------------------------------- aggregate snapshots


def assert_storable(aggregate: Aggregate) -> None:
    """Replaying the stored events and loading a stored snapshot both give the live aggregate."""
    events = list(aggregate.collect_events())
    assert state(rebuild(events)) == state(aggregate)
    snapshot = round_trip(Snapshot.take(aggregate))
    assert state(snapshot.mutate(None)) == state(aggregate)


WHEN = datetime(2024, 4, 29, 9, tzinfo=WIB)


@PROPERTY_SETTINGS
@given(
    code=OFFICE_CODES,
    hours=service_hours(),
    staff=st.lists(STAFF, max_size=4, unique_by=lambda m: m.nip),
    standard=st.none() | STANDARDS,
    permission=st.builds(
        lambda kind, period: (kind, period), st.sampled_from(values.PermissionKind), periods()
    ),
)
def test_office_snapshot_round_trip(
    code: values.OfficeCode,
    hours: values.ServiceHours,
    staff: list[office.StaffMember],
    standard: office.ServiceStandard | None,
    permission: tuple[values.PermissionKind, values.Period],
) -> None:
    kelurahan = Office.register(
        code=code, name="K", kecamatan="C", occurred_at=WHEN, actor=CLERK, service_hours=hours
    )
    for member in staff:
        if member.role not in (values.Role.LURAH, values.Role.SEKLUR) or not kelurahan.holder_of(
            member.role
        ):
            kelurahan.assign_staff(member, occurred_at=WHEN, actor=CLERK)
    if standard is not None:
        kelurahan.publish_standard(standard, occurred_at=WHEN, actor=CLERK)
    if kelurahan.staff:
        nip = next(iter(kelurahan.staff.values())).nip
        kind, period = permission
        kelurahan.record_permission(
            office.Permission(nip, kind, period, "r"), occurred_at=WHEN, actor=CLERK
        )
    assert_storable(kelurahan)


@PROPERTY_SETTINGS
@given(team=TEAMS, seen=observations(), subjects=st.lists(nips(), max_size=3))
def test_inspection_snapshot_round_trip(
    team: inspection.Team, seen: inspection.Observation, subjects: list[values.Nip]
) -> None:
    sidak = Inspection.start(
        reference="ST/1",
        office_id=uuid.uuid4(),
        office_code=values.OfficeCode("35.73.01.1011"),
        team=team,
        occurred_at=datetime(2000, 1, 1, tzinfo=UTC),
        actor=CLERK,
    )
    sidak.record_observation(seen, actor=CLERK)
    sidak.record_finding(
        kind=values.FindingKind.OTHER,
        severity=values.Severity.LOW,
        description="d",
        subjects=tuple(subjects),
        observation=1,
        occurred_at=WHEN,
        actor=CLERK,
    )
    after = max(WHEN, seen.at)  # a sidak concludes after everything it observed
    sidak.conclude(summary="s", occurred_at=after, actor=CLERK)
    sidak.amend_finding(1, reason="r", withdraw=True, occurred_at=after, actor=CLERK)
    assert_storable(sidak)


@PROPERTY_SETTINGS
@given(
    complainant=st.none() | COMPLAINANTS,
    response=st.none() | DEADLINES,
    classification=st.sampled_from(values.ComplaintClass),
    due=st.none() | DEADLINES,
)
def test_complaint_snapshot_round_trip(
    complainant: complaint.Complainant | None,
    response: values.Deadline | None,
    classification: values.ComplaintClass,
    due: values.Deadline | None,
) -> None:
    filed = Complaint.file(
        reference="L-1",
        channel=values.Channel.LETTER,
        office_id=uuid.uuid4(),
        office_code=values.OfficeCode("35.73.01.1011"),
        subject="s",
        description="d",
        occurred_at=WHEN,
        actor=CLERK,
        complainant=complainant,
        service_date=date(2024, 3, 1),
        response_deadline=response,
    )
    filed.classify(classification, deadline=due, occurred_at=WHEN, actor=CLERK)
    filed.escalate_to_inspection(uuid.uuid4(), occurred_at=WHEN, actor=CLERK)
    assert_storable(filed)


@PROPERTY_SETTINGS
@given(
    nip=nips(),
    source=CASE_SOURCES,
    breach=BREACHES,
    decision=decisions(),
    objection_due=st.none() | DEADLINES,
)
def test_case_snapshot_round_trip(
    nip: values.Nip,
    source: discipline.CaseSource,
    breach: discipline.Breach,
    decision: discipline.Decision,
    objection_due: values.Deadline | None,
) -> None:
    case = DisciplinaryCase.open(
        case_number="C-1",
        nip=nip,
        name="N",
        source=source,
        breach=breach,
        occurred_at=WHEN,
        actor=CLERK,
    )
    case.request_clarification(
        letter_date=date(2024, 4, 29),
        examination_date=date(2024, 5, 6),
        occurred_at=WHEN,
        actor=CLERK,
    )
    case.receive_clarification(statement="s", occurred_at=WHEN, actor=CLERK)
    case.record_examination(
        bap_reference="BAP-1", signed_by_subject=False, examiners="atasan", occurred_at=WHEN,
        actor=CLERK,
    )
    case.decide(decision, occurred_at=WHEN, actor=CLERK)
    case.deliver_decision(
        delivered_on=date(2024, 4, 30),
        objection_deadline=objection_due,
        occurred_at=WHEN,
        actor=CLERK,
    )
    assert_storable(case)
