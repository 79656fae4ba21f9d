"""Complaint: filing (with the UU 25/2009 Pasal 42 late flag) and its state machine."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import date, datetime, timedelta
from typing import Any

import pytest

from pelayanan.domain.complaint import (
    Complainant,
    Complaint,
    ComplaintStatus,
    complaint_id,
)
from pelayanan.domain.errors import ComplaintStateError, InvalidValue
from pelayanan.domain.office import office_id
from pelayanan.domain.values import Channel, ComplaintClass
from tests.domain.support import CLERK, JODIPAN, deadline, new_events, refused, the_event, wib

SIDAK_ID = uuid.UUID("00000000-0000-4000-8000-0000000000aa")
FILED_AT = wib(4, 29, 10)


def filed(**overrides: Any) -> Complaint:
    args: dict[str, Any] = {
        "reference": "LAPOR-2024-0429-001",
        "channel": Channel.SOCIAL_MEDIA,
        "office_id": office_id(JODIPAN),
        "office_code": JODIPAN,
        "subject": "Kantor kelurahan kosong",
        "description": "Pukul 10.00 tidak ada petugas di kantor kelurahan",
        "occurred_at": FILED_AT,
        "actor": CLERK,
    }
    complaint = Complaint.file(**args | overrides)
    complaint.collect_events()
    return complaint


# Each command, applied with valid arguments. The state machine decides whether it is allowed.
COMMANDS: dict[str, Callable[[Complaint], None]] = {
    "acknowledge": lambda c: c.acknowledge(message="diterima", occurred_at=wib(5, 1), actor=CLERK),
    "classify": lambda c: c.classify(
        ComplaintClass.COMPLAINT, occurred_at=wib(5, 1), actor=CLERK, deadline=None
    ),
    "forward": lambda c: c.forward(
        to_unit="Kecamatan Blimbing", occurred_at=wib(5, 1), actor=CLERK
    ),
    "respond": lambda c: c.respond(response="sudah ditindak", occurred_at=wib(5, 1), actor=CLERK),
    "resolve": lambda c: c.resolve(resolution="selesai", occurred_at=wib(5, 1), actor=CLERK),
    "reject": lambda c: c.reject(reason="bukan kewenangan", occurred_at=wib(5, 1), actor=CLERK),
    "escalate": lambda c: c.escalate_to_inspection(SIDAK_ID, occurred_at=wib(5, 1), actor=CLERK),
    "reopen": lambda c: c.reopen(reason="belum selesai", occurred_at=wib(5, 1), actor=CLERK),
}

EVENT_OF = {
    "acknowledge": Complaint.Acknowledged,
    "classify": Complaint.Classified,
    "forward": Complaint.Forwarded,
    "respond": Complaint.Responded,
    "resolve": Complaint.Resolved,
    "reject": Complaint.Rejected,
    "escalate": Complaint.EscalatedToInspection,
    "reopen": Complaint.Reopened,
}

# How to reach each status from FILED.
PATHS: dict[ComplaintStatus, list[str]] = {
    ComplaintStatus.FILED: [],
    ComplaintStatus.ACKNOWLEDGED: ["acknowledge"],
    ComplaintStatus.CLASSIFIED: ["acknowledge", "classify"],
    ComplaintStatus.FORWARDED: ["acknowledge", "classify", "forward"],
    ComplaintStatus.RESPONDED: ["acknowledge", "classify", "forward", "respond"],
    ComplaintStatus.RESOLVED: ["acknowledge", "classify", "forward", "respond", "resolve"],
    ComplaintStatus.REJECTED: ["reject"],
}

S = ComplaintStatus
# status -> {command: status after}; commands not listed are refused with ComplaintStateError.
ALLOWED: dict[ComplaintStatus, dict[str, ComplaintStatus]] = {
    S.FILED: {"acknowledge": S.ACKNOWLEDGED, "classify": S.CLASSIFIED, "reject": S.REJECTED,
              "escalate": S.FILED},
    S.ACKNOWLEDGED: {"classify": S.CLASSIFIED, "respond": S.RESPONDED, "reject": S.REJECTED,
                     "escalate": S.ACKNOWLEDGED},
    S.CLASSIFIED: {"classify": S.CLASSIFIED, "forward": S.FORWARDED, "respond": S.RESPONDED,
                   "resolve": S.RESOLVED, "reject": S.REJECTED, "escalate": S.CLASSIFIED},
    S.FORWARDED: {"forward": S.FORWARDED, "respond": S.RESPONDED, "resolve": S.RESOLVED,
                  "reject": S.REJECTED, "escalate": S.FORWARDED},
    S.RESPONDED: {"respond": S.RESPONDED, "resolve": S.RESOLVED, "reject": S.REJECTED,
                  "escalate": S.RESPONDED},
    S.RESOLVED: {"reopen": S.FORWARDED},
    S.REJECTED: {"reopen": S.FILED},
}  # fmt: skip


def in_status(status: ComplaintStatus) -> Complaint:
    complaint = filed()
    for step in PATHS[status]:
        COMMANDS[step](complaint)
    complaint.collect_events()
    assert complaint.status is status
    return complaint


@pytest.mark.parametrize("status", list(ComplaintStatus))
@pytest.mark.parametrize("command", list(COMMANDS))
def test_state_machine(status: ComplaintStatus, command: str) -> None:
    complaint = in_status(status)
    if command in ALLOWED[status]:
        COMMANDS[command](complaint)
        assert [type(e) for e in new_events(complaint)] == [EVENT_OF[command]]
        assert complaint.status is ALLOWED[status][command]
    else:
        with refused(complaint, ComplaintStateError):
            COMMANDS[command](complaint)


# --------------------------------------------------------------------------- filing


def test_file_records_the_complaint() -> None:
    complainant = Complainant(name="Warga Jodipan", contact="0812-0000-0000")
    complaint = Complaint.file(
        reference="LAPOR-1",
        channel="sp4n_lapor",  # type: ignore[arg-type]
        office_id=office_id(JODIPAN),
        office_code=JODIPAN,
        subject="s",
        description="d",
        occurred_at=FILED_AT,
        actor=CLERK,
        complainant=complainant,
        confidential=True,
        service_date=date(2024, 4, 29),
        response_deadline=deadline(date(2024, 5, 2)),
        recorded_at=FILED_AT + timedelta(minutes=3),
    )
    event = the_event(complaint, Complaint.Filed)
    assert event.channel is Channel.SP4N_LAPOR
    assert (event.complainant, event.confidential, event.late_filing) == (complainant, True, False)
    assert event.response_deadline.due == date(2024, 5, 2)
    assert complaint.id == complaint_id("LAPOR-1")
    assert complaint.status is ComplaintStatus.FILED and complaint.filed_at == FILED_AT


@pytest.mark.parametrize(
    ("service_date", "late"),
    [
        (date(2024, 4, 29), False),
        (date(2024, 3, 30), False),  # exactly 30 days before: still within Pasal 42
        (date(2024, 3, 29), True),  # 31 days before: filed late, but still recorded
        (None, False),
    ],
)
def test_late_filing_is_flagged_not_refused(service_date: date | None, late: bool) -> None:
    complaint = Complaint.file(
        reference="L",
        channel=Channel.WALK_IN,
        office_id=office_id(JODIPAN),
        office_code=JODIPAN,
        subject="s",
        description="d",
        occurred_at=FILED_AT,
        actor=CLERK,
        service_date=service_date,
    )
    assert the_event(complaint, Complaint.Filed).late_filing is late


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"reference": ""}, "reference"),
        ({"channel": "whatsapp"}, "not a known Channel"),
        ({"office_code": "35.73.1.1011"}, "OfficeCode"),
        ({"subject": "   "}, "subject"),
        ({"description": "\n"}, "description"),
        ({"description": "x" * 20001}, "at most"),
        ({"complainant": "Warga"}, "Complainant"),
        ({"confidential": "yes"}, "True or False"),
        ({"service_date": date(2024, 4, 30)}, "after the complaint"),
        ({"service_date": datetime(2024, 4, 1, tzinfo=None)}, "not a datetime"),
        ({"response_deadline": date(2024, 5, 2)}, "Deadline"),
        ({"occurred_at": datetime(2024, 4, 29, 10)}, "time zone"),
        ({"recorded_at": wib(4, 29, 9)}, "future"),
        ({"actor": "clerk"}, "Actor"),
    ],
)
def test_file_refuses_bad_input(overrides: dict[str, Any], message: str) -> None:
    with pytest.raises(InvalidValue, match=message):
        filed(**overrides)


def test_complainant_needs_a_name() -> None:
    with pytest.raises(InvalidValue):
        Complainant(name=" ")


# --------------------------------------------------------------------------- steps in detail


def test_classify_sets_the_service_level_deadline_and_may_be_corrected() -> None:
    complaint = in_status(ComplaintStatus.ACKNOWLEDGED)
    five_days = deadline(date(2024, 5, 6), rule="sp4n.complaint")
    complaint.classify(
        ComplaintClass.COMPLAINT, deadline=five_days, occurred_at=wib(5, 2), actor=CLERK
    )
    complaint.classify(
        "dispute_field_check",  # type: ignore[arg-type]
        deadline=deadline(date(2024, 7, 24)),
        occurred_at=wib(5, 2, 11),
        actor=CLERK,
    )
    first, second = new_events(complaint)
    assert (first.classification, first.deadline) == (ComplaintClass.COMPLAINT, five_days)
    assert second.classification is ComplaintClass.DISPUTE_FIELD_CHECK
    assert complaint.deadline is not None and complaint.deadline.due == date(2024, 7, 24)


def test_classify_refuses_unknown_classes_and_non_deadlines() -> None:
    complaint = in_status(ComplaintStatus.FILED)
    with refused(complaint, InvalidValue):
        complaint.classify("gossip", occurred_at=wib(4, 30), actor=CLERK)  # type: ignore[arg-type]
    with refused(complaint, InvalidValue):
        complaint.classify(
            ComplaintClass.COMPLAINT,
            deadline=date(2024, 5, 6),  # type: ignore[arg-type]
            occurred_at=wib(4, 30),
            actor=CLERK,
        )


@pytest.mark.parametrize(
    ("status", "command"),
    [
        (ComplaintStatus.FILED, lambda c: c.acknowledge(message=" ", occurred_at=wib(5, 1),
                                                        actor=CLERK)),
        (ComplaintStatus.CLASSIFIED, lambda c: c.forward(to_unit="", occurred_at=wib(5, 1),
                                                         actor=CLERK)),
        (ComplaintStatus.CLASSIFIED, lambda c: c.respond(response="", occurred_at=wib(5, 1),
                                                         actor=CLERK)),
        (ComplaintStatus.CLASSIFIED, lambda c: c.resolve(resolution="\t", occurred_at=wib(5, 1),
                                                         actor=CLERK)),
        (ComplaintStatus.FILED, lambda c: c.reject(reason="", occurred_at=wib(5, 1), actor=CLERK)),
        (ComplaintStatus.RESOLVED, lambda c: c.reopen(reason=" ", occurred_at=wib(5, 1),
                                                      actor=CLERK)),
        (ComplaintStatus.FILED, lambda c: c.escalate_to_inspection(
            "sidak-1", occurred_at=wib(5, 1), actor=CLERK)),
        (ComplaintStatus.FILED, lambda c: c.acknowledge(
            message="m", occurred_at=datetime(2024, 5, 1), actor=CLERK)),
        (ComplaintStatus.FILED, lambda c: c.acknowledge(
            message="m", occurred_at=wib(5, 1, 10), actor=CLERK, recorded_at=wib(5, 1, 9))),
    ],
)  # fmt: skip
def test_steps_refuse_bad_input(
    status: ComplaintStatus, command: Callable[[Complaint], None]
) -> None:
    complaint = in_status(status)
    with refused(complaint, InvalidValue):
        command(complaint)


def test_escalation_to_the_same_sidak_twice_is_refused() -> None:
    complaint = in_status(ComplaintStatus.FILED)
    COMMANDS["escalate"](complaint)
    assert the_event(complaint, Complaint.EscalatedToInspection).inspection_id == SIDAK_ID
    assert complaint.inspections == [SIDAK_ID]
    with refused(complaint, ComplaintStateError):
        COMMANDS["escalate"](complaint)


def test_first_response_time_is_kept_across_later_responses() -> None:
    complaint = in_status(ComplaintStatus.ACKNOWLEDGED)
    complaint.respond(response="kami cek", occurred_at=wib(5, 2), actor=CLERK)
    complaint.respond(response="sudah ditegur", occurred_at=wib(5, 3), actor=CLERK)
    assert complaint.responded_at == wib(5, 2)
    assert [e.response for e in new_events(complaint)] == ["kami cek", "sudah ditegur"]


@pytest.mark.parametrize(
    ("path", "back_to"),
    [
        (["acknowledge", "classify", "forward", "resolve"], ComplaintStatus.FORWARDED),
        (["acknowledge", "classify", "resolve"], ComplaintStatus.CLASSIFIED),
        (["acknowledge", "classify", "reject"], ComplaintStatus.CLASSIFIED),
        (["acknowledge", "respond", "reject"], ComplaintStatus.ACKNOWLEDGED),
        (["reject"], ComplaintStatus.FILED),
    ],
)
def test_reopen_returns_to_the_last_step_reached(path: list[str], back_to: ComplaintStatus) -> None:
    complaint = filed()
    for step in path:
        COMMANDS[step](complaint)
    acknowledged_at = complaint.acknowledged_at
    complaint.collect_events()
    COMMANDS["reopen"](complaint)
    assert the_event(complaint, Complaint.Reopened).reason == "belum selesai"
    assert complaint.status is back_to
    assert complaint.closed_at is None and complaint.reopened == 1
    assert complaint.acknowledged_at == acknowledged_at


def test_closing_sets_closed_at() -> None:
    complaint = in_status(ComplaintStatus.CLASSIFIED)
    complaint.resolve(resolution="selesai", occurred_at=wib(5, 3), actor=CLERK)
    assert complaint.closed_at == wib(5, 3) and not complaint.status.is_open


def test_overdue_on_the_first_response_deadline_until_responded() -> None:
    complaint = filed(response_deadline=deadline(date(2024, 5, 2)))
    assert not complaint.is_overdue(date(2024, 5, 2))
    assert complaint.is_overdue(date(2024, 5, 3))
    complaint.acknowledge(message="m", occurred_at=wib(4, 29, 11), actor=CLERK)
    complaint.respond(response="r", occurred_at=wib(4, 30), actor=CLERK)
    assert not complaint.is_overdue(date(2024, 5, 3))


def test_overdue_on_the_classification_deadline_until_closed() -> None:
    complaint = in_status(ComplaintStatus.ACKNOWLEDGED)
    complaint.classify(
        ComplaintClass.COMPLAINT,
        deadline=deadline(date(2024, 5, 6)),
        occurred_at=wib(5, 1),
        actor=CLERK,
    )
    assert not complaint.is_overdue(date(2024, 5, 6))
    assert complaint.is_overdue(date(2024, 5, 7))
    complaint.resolve(resolution="done", occurred_at=wib(5, 8), actor=CLERK)
    assert not complaint.is_overdue(date(2024, 5, 9))
