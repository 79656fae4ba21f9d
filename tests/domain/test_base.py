"""What every record shares: an event recorded by a command is the one eventsourcing's
``trigger_event`` would make, and applying events leaves the state eventsourcing's own ``mutate``
would leave (the same attributes in the same order: snapshots store them as they are)."""

from __future__ import annotations

import copy
import dataclasses
from datetime import timedelta
from typing import Any

import pytest
from eventsourcing.domain import Aggregate, CanMutateAggregate, OriginatorVersionError

import pelayanan.service  # noqa: F401  (every kind of record defined)
from pelayanan.domain import base
from pelayanan.domain.base import ComplianceAggregate, natural_id
from pelayanan.domain.office import Office, Permission, StaffMember
from pelayanan.domain.values import Period, PermissionKind, Role
from tests.domain.support import CLERK, JODIPAN, STAFF_NIP, wib


def every_record_class() -> list[type[ComplianceAggregate]]:
    found: list[type[ComplianceAggregate]] = []
    pending = [ComplianceAggregate]
    while pending:
        cls = pending.pop()
        found.append(cls)
        pending.extend(cls.__subclasses__())
    return found


def test_no_record_declares_an_explicit_topic() -> None:
    # ComplianceAggregate._record skips trigger_event's per-event look for one.
    classes = every_record_class()
    assert len(classes) > 5
    assert [c for c in classes if getattr(c, "TOPIC", None)] == []


def office(keep: bool = False) -> Office:
    o = Office.register(
        code=JODIPAN,
        name="Jodipan",
        kecamatan="Blimbing",
        occurred_at=wib(1, 2),
        actor=CLERK,
        recorded_at=wib(1, 2),
    )
    member = StaffMember(STAFF_NIP, "Budi", Role.STAFF)
    o.assign_staff(member, occurred_at=wib(1, 3), actor=CLERK, recorded_at=wib(1, 3))
    if not keep:
        o.collect_events()
    return o


def state(aggregate: Aggregate) -> list[tuple[str, Any]]:
    return [(k, v) for k, v in vars(aggregate).items() if k != "_pending_events"]


def permission(day: int) -> Permission:
    return Permission(
        nip=STAFF_NIP,
        kind=PermissionKind.IZIN,
        period=Period(wib(2, day, 8), wib(2, day, 12)),
        reason="rapat koordinasi",
    )


@pytest.mark.parametrize("recorded", [True, False])
def test_a_recorded_event_is_the_one_trigger_event_makes(recorded: bool) -> None:
    ours = office()
    theirs = copy.deepcopy(ours)
    at = wib(2, 5, 13)
    recorded_at = at + timedelta(minutes=1) if recorded else None
    ours.record_permission(permission(5), occurred_at=at, actor=CLERK, recorded_at=recorded_at)
    theirs.trigger_event(
        Office.PermissionRecorded,
        timestamp=recorded_at,
        occurred_at=at,
        actor=CLERK,
        permission=permission(5),
    )
    (mine,), (made,) = ours.collect_events(), theirs.collect_events()
    assert type(mine) is type(made)
    if not recorded:  # the event class's own clock, read a moment apart
        assert mine.timestamp.tzinfo is not None and made.timestamp >= mine.timestamp
        object.__setattr__(made, "timestamp", mine.timestamp)
        theirs._modified_on = mine.timestamp  # type: ignore[misc]
    assert list(vars(mine).items()) == list(vars(made).items())
    assert state(ours) == state(theirs)


def reference_mutate(event: Any, aggregate: Any) -> Any:
    """eventsourcing's own mutate, then the latest business time as the order rules keep it."""
    if aggregate is None:
        return event.mutate(None)  # creation: eventsourcing's, not rewritten
    aggregate = CanMutateAggregate.mutate(event, aggregate)
    if aggregate.ordered and (
        aggregate._latest_at is None or event.occurred_at > aggregate._latest_at
    ):
        aggregate._latest_at = event.occurred_at
    return aggregate


def test_applying_events_leaves_the_state_eventsourcings_mutate_leaves() -> None:
    o = office(keep=True)
    for day in range(1, 20):
        o.record_permission(permission(day), occurred_at=wib(2, day, 13), actor=CLERK)
    events = o.collect_events()
    ours: Any = None
    theirs: Any = None
    for event in events:
        ours = event.mutate(ours)
        theirs = reference_mutate(event, theirs)
        assert state(ours) == state(theirs)


def test_an_event_out_of_sequence_is_refused() -> None:
    o = office()
    o.record_permission(permission(1), occurred_at=wib(2, 1, 13), actor=CLERK)
    (event,) = o.collect_events()
    with pytest.raises(OriginatorVersionError):
        event.mutate(o)  # already applied: the record is at its version


def every_event_class() -> list[type[ComplianceAggregate.Event]]:
    """Every kind of event a command records (a record's creation is eventsourcing's)."""
    found: list[type[ComplianceAggregate.Event]] = []
    pending: list[type[ComplianceAggregate.Event]] = [ComplianceAggregate.Event]
    while pending:
        cls = pending.pop()
        if cls not in found and not issubclass(cls, Aggregate.Created):
            found.append(cls)
            pending.extend(cls.__subclasses__())
    return [c for c in found[1:] if c.__module__.startswith("pelayanan.")]  # not the tests'


def own_fields(event_class: type) -> list[str]:
    return [f.name for f in dataclasses.fields(event_class)][len(base._COMMON) :]


def test_every_kind_of_event_is_made_as_its_class_makes_it() -> None:
    """Each field set in the class's order, whatever the order the command named them in."""
    classes = every_event_class()
    assert len(classes) > 40
    made_here = [c for c in classes if base._plain_event(c)]
    assert made_here == classes  # every kind takes the fast way: the comparison below is real
    uid = natural_id("test", "maker")
    at = wib(2, 5, 13)
    for event_class in classes:
        values = {name: object() for name in reversed(own_fields(event_class))}
        ours = base._maker(event_class)(uid, 4, at, at, CLERK, values)
        theirs = event_class(  # type: ignore[call-arg]
            originator_id=uid,
            originator_version=4,
            timestamp=at,
            occurred_at=at,
            actor=CLERK,
            **values,
        )
        assert type(ours) is event_class
        assert list(vars(ours).items()) == list(vars(theirs).items())
        assert ours == theirs
        with pytest.raises(dataclasses.FrozenInstanceError):
            ours.actor = CLERK  # type: ignore[misc]


@pytest.mark.parametrize(
    "fields",
    [
        {},  # the permission missing
        {"permission": None, "colour": "blue"},  # a field the event does not have
    ],
)
def test_an_event_given_other_fields_than_its_own_is_refused_as_its_class_refuses(
    fields: dict[str, Any],
) -> None:
    make = base._maker(Office.PermissionRecorded)
    with pytest.raises(TypeError, match=r"Can't construct event .*PermissionRecorded.*argument"):
        make(natural_id("test", "maker"), 2, wib(2, 5), wib(2, 5), CLERK, fields)


def test_an_event_of_a_record_whose_id_is_not_a_uuid_is_refused_as_eventsourcing_refuses() -> None:
    make = base._maker(Office.PermissionRecorded)
    with pytest.raises(TypeError, match="non-UUID originator_id: 'office-1'"):
        make("office-1", 2, wib(2, 5), wib(2, 5), CLERK, {"permission": permission(5)})  # type: ignore[arg-type]


class Checked(Office.Event):
    """Refuses an empty note when made."""

    note: str

    def __post_init__(self) -> None:
        super().__post_init__()
        if not self.note:
            raise ValueError("a note is required")


class OwnInit(Office.Event):
    """Made by an ``__init__`` of its own, taking exactly the fields, which refuses an empty
    note."""

    note: str

    def __init__(
        self,
        originator_id: Any,
        originator_version: Any,
        timestamp: Any,
        occurred_at: Any,
        actor: Any,
        note: str,
    ) -> None:
        if not note:
            raise ValueError("a note is required")
        for name, value in locals().items():
            if name != "self":
                object.__setattr__(self, name, value)


class OwnNew(Office.Event):
    """Made by a ``__new__`` of its own, which refuses an empty note."""

    note: str

    def __new__(cls, *args: Any, **fields: Any) -> Any:
        if not fields.get("note"):
            raise ValueError("a note is required")
        return super().__new__(cls)


class WithInitVar(Office.Event):
    """Takes an argument that is not a field (an ``InitVar``): only its class makes it."""

    note: str
    hint: dataclasses.InitVar[str] = ""


@pytest.mark.parametrize("event_class", [Checked, OwnInit, OwnNew])
def test_an_event_class_that_does_more_when_made_is_made_by_its_class(
    event_class: type[ComplianceAggregate.Event],
) -> None:
    assert not base._plain_event(event_class)
    with pytest.raises(ValueError, match="a note is required"):
        base._maker(event_class)(
            natural_id("test", "maker"), 2, wib(2, 5), wib(2, 5), CLERK, {"note": ""}
        )


def test_an_event_class_taking_an_argument_that_is_no_field_is_made_by_its_class() -> None:
    assert not base._plain_event(WithInitVar)
    with pytest.raises(TypeError, match="Can't construct event"):
        base._maker(WithInitVar)(
            natural_id("test", "maker"), 2, wib(2, 5), wib(2, 5), CLERK, {"note": "n"}
        )
