"""What the report shows, gathered in one pass over the stored events.

The zones come from the office compliance board (the ``office_board`` projection), passed in as
its rows; everything else is counted here from the events themselves, so the report's numbers
can be checked against the log by anyone who can read it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping
from datetime import date, datetime
from typing import Any
from uuid import UUID

import attrs
from eventsourcing.utils import get_topic

from pelayanan.domain.complaint import Complaint, ComplaintStatus
from pelayanan.domain.discipline import DisciplinaryCase, ObjectionKind, Outcome, SourceKind
from pelayanan.domain.errors import StorageError
from pelayanan.domain.inspection import Inspection
from pelayanan.domain.office import Office
from pelayanan.domain.values import (
    WIB,
    Assessment,
    Channel,
    ComplaintClass,
    FindingKind,
    Punishment,
)
from pelayanan.service import ComplianceService

PAGE = 5000

_EVENTS: tuple[type, ...] = (
    Office.Registered,
    Office.ServiceHoursSet,
    Office.StaffAssigned,
    Office.StaffRemoved,
    Office.StaffReassigned,
    Office.ServiceStandardPublished,
    Inspection.Started,
    Inspection.FindingRecorded,
    Complaint.Filed,
    Complaint.Acknowledged,
    Complaint.Classified,
    Complaint.Resolved,
    Complaint.Rejected,
    Complaint.Reopened,
    Complaint.EscalatedToInspection,
    DisciplinaryCase.Opened,
    DisciplinaryCase.Decided,
    DisciplinaryCase.DecisionDelivered,
    DisciplinaryCase.ObjectionFiled,
    DisciplinaryCase.ObjectionDecided,
    DisciplinaryCase.Closed,
)
"""Only these topics are read: permissions and observations (half the log) are not needed."""


@attrs.define
class SlaRow:
    classification: ComplaintClass
    filed: int = 0
    closed: int = 0
    on_time: int = 0
    late: int = 0
    open: int = 0
    days_total: int = 0

    @property
    def on_time_share(self) -> float | None:
        done = self.on_time + self.late
        return None if done == 0 else self.on_time / done

    @property
    def mean_days(self) -> float | None:
        done = self.on_time + self.late
        return None if done == 0 else self.days_total / done


@attrs.define
class FlaggedDecision:
    case_number: str
    office: str | None
    name: str
    decided_on: str
    required: Punishment | None
    decided: Punishment | Outcome
    decided_by: str


@attrs.frozen
class Note:
    """One row of an office's timeline: when (WIB), what kind, and a message.

    ``message`` and ``kind`` name words in :mod:`pelayanan.i18n` (``note.*``, ``kind.*``); the
    ``fields`` fill the message, enums as their labels, when the page is rendered in a language.
    """

    at: str
    kind: str
    message: str
    fields: Mapping[str, Any] = attrs.field(factory=dict)


@attrs.define
class ReportData:
    year: int | None
    events: int
    offices: dict[str, dict[str, Any]] = attrs.field(factory=dict)
    board: list[dict[str, Any]] = attrs.field(factory=list)
    months: dict[str, Counter[str]] = attrs.field(factory=dict)
    findings_by_kind: Counter[FindingKind] = attrs.field(factory=Counter)
    inspections: int = 0
    complaints: int = 0
    channels: Counter[Channel] = attrs.field(factory=Counter)
    first_response_on_time: int = 0
    first_response_late: int = 0
    sla: dict[ComplaintClass, SlaRow] = attrs.field(factory=dict)
    cases: int = 0
    cases_by_source: Counter[SourceKind] = attrs.field(factory=Counter)
    decisions: int = 0
    punishments: Counter[Punishment] = attrs.field(factory=Counter)
    levels: Counter[str] = attrs.field(factory=Counter)
    outcomes: Counter[Outcome] = attrs.field(factory=Counter)
    flagged: list[FlaggedDecision] = attrs.field(factory=list)
    objections: int = 0
    timelines: dict[str, list[Note]] = attrs.field(factory=dict)

    @property
    def zones(self) -> Counter[str]:
        return Counter(str(row["zone"]) for row in self.board)

    @property
    def month_keys(self) -> list[str]:
        return sorted(self.months)


def _notifications(
    service: ComplianceService,
    topics: list[str],
    progress: Callable[[int], None] | None = None,
) -> Iterator[Any]:
    position = 0
    head = service.head()
    while position < head:
        try:
            page = service.recorder.select_notifications(
                position + 1, PAGE, stop=head, topics=topics
            )
        except ValueError as exc:
            # eventsourcing reads each row's aggregate id as a UUID: a row edited to hold
            # something else fails there, before _decode could name it.
            raise StorageError(
                f"the log after notification {position} holds a row that cannot be read "
                f"({str(exc)[:120]}); the report needs every event: `pelayanan verify` names it"
            ) from None
        if not page:
            return
        yield from page
        position = page[-1].id
        if progress is not None:
            progress(position)


def _decode(service: ComplianceService, notification: Any) -> Any:
    try:
        return service.mapper.to_domain_event(notification)
    except Exception as exc:  # any decoding failure: bad JSON, unknown topic, missing field...
        detail = (str(exc).splitlines() or [""])[0][:200]
        raise StorageError(
            f"notification {notification.id} ({notification.topic}) cannot be read "
            f"({type(exc).__name__}: {detail}); the report needs every event: "
            "`pelayanan verify` checks the log"
        ) from None


def _day(moment: datetime) -> date:
    return moment.astimezone(WIB).date()


def collect(
    service: ComplianceService,
    *,
    board: Iterable[Mapping[str, Any]] = (),
    progress: Callable[[int], None] | None = None,
) -> ReportData:
    """Read the report's numbers from the store; ``board`` are the office board's rows.

    ``progress`` is told the notification id reached after each page read."""
    data = ReportData(year=None, events=service.head())
    data.board = [dict(row) for row in board]
    inspection_office: dict[UUID, str] = {}
    complaint: dict[UUID, dict[str, Any]] = {}
    case: dict[UUID, dict[str, Any]] = {}
    office_of: dict[UUID, str] = {}
    topics = [get_topic(cls) for cls in _EVENTS]
    years: Counter[int] = Counter()

    def month(moment: datetime) -> Counter[str]:
        day = _day(moment)
        years[day.year] += 1
        return data.months.setdefault(f"{day:%Y-%m}", Counter())

    def note(code: str | None, moment: datetime, kind: str, message: str, **fields: Any) -> None:
        if code is not None:
            at = moment.astimezone(WIB).strftime("%Y-%m-%d %H:%M")
            data.timelines.setdefault(code, []).append(Note(at, kind, message, fields))

    for notification in _notifications(service, topics, progress):
        event = _decode(service, notification)
        at: datetime = event.occurred_at
        if isinstance(event, Office.Registered):
            code = event.code.value
            office_of[event.originator_id] = code
            data.offices[code] = {
                "code": code,
                "name": event.name,
                "kecamatan": event.kecamatan,
                "staff": 0,
            }
            note(code, at, "office", "registered")
        elif isinstance(event, Office.StaffAssigned):
            code = office_of[event.originator_id]
            data.offices[code]["staff"] += 1
            if data.offices[code]["staff"] > 0 and _day(at) != _day(_first(data, code)):
                note(code, at, "staff", "assigned", name=event.member.name, role=event.member.role)
        elif isinstance(event, Office.StaffRemoved):
            code = office_of[event.originator_id]
            data.offices[code]["staff"] -= 1
            note(code, at, "staff", "removed", nip=event.nip.value, reason=event.reason)
        elif isinstance(event, Office.StaffReassigned):
            note(
                office_of[event.originator_id],
                at,
                "staff",
                "reassigned",
                nip=event.nip.value,
                previous=event.previous_role,
                role=event.role,
            )
        elif isinstance(event, Office.ServiceHoursSet):
            note(office_of[event.originator_id], at, "hours", "hours", reason=event.reason)
        elif isinstance(event, Office.ServiceStandardPublished):
            missing = len(event.standard.missing_components)
            note(
                office_of[event.originator_id],
                at,
                "standard",
                "standard",
                revision=event.revision,
                document=event.standard.document,
                complete=14 - missing,
            )
        elif isinstance(event, Inspection.Started):
            inspection_office[event.originator_id] = event.office_code.value
            data.inspections += 1
            month(at)["inspections"] += 1
        elif isinstance(event, Inspection.FindingRecorded):
            inspected = inspection_office.get(event.originator_id)
            data.findings_by_kind[event.finding.kind] += 1
            bucket = month(at)
            bucket["findings"] += 1
            if event.finding.kind is FindingKind.OFFICE_VACANT:
                bucket["vacancies"] += 1
            note(
                inspected,
                at,
                "finding",
                "finding",
                finding=event.finding.kind,
                severity=event.finding.severity,
                description=event.finding.description,
            )
        elif isinstance(event, Complaint.Filed):
            code = event.office_code.value
            data.complaints += 1
            data.channels[event.channel] += 1
            month(at)["complaints"] += 1
            complaint[event.originator_id] = {
                "code": code,
                "filed": _day(at),
                "response": event.response_deadline.due if event.response_deadline else None,
                "class": None,
                "due": None,
                "closed": False,
            }
            note(
                code,
                at,
                "complaint",
                "complaint",
                reference=event.reference,
                channel=event.channel,
                subject=event.subject,
            )
        elif isinstance(event, Complaint.Acknowledged):
            info = complaint[event.originator_id]
            due = info["response"]
            if due is not None:
                if _day(at) <= due:
                    data.first_response_on_time += 1
                else:
                    data.first_response_late += 1
        elif isinstance(event, Complaint.Classified):
            info = complaint[event.originator_id]
            if info["class"] is None:
                row = data.sla.setdefault(event.classification, SlaRow(event.classification))
                row.filed += 1
                row.open += 1
            info["class"] = event.classification
            info["due"] = event.deadline.due if event.deadline else None
        elif isinstance(event, Complaint.Resolved | Complaint.Rejected):
            info = complaint[event.originator_id]
            outcome = (
                ComplaintStatus.RESOLVED
                if isinstance(event, Complaint.Resolved)
                else ComplaintStatus.REJECTED
            )
            if not info["closed"] and info["class"] is not None:
                row = data.sla[info["class"]]
                row.open -= 1
                row.closed += 1
                if info["due"] is not None:
                    if _day(at) <= info["due"]:
                        row.on_time += 1
                    else:
                        row.late += 1
                    row.days_total += (_day(at) - info["filed"]).days
                    late = _day(at) > info["due"]
                    if late:
                        note(
                            info["code"],
                            at,
                            "complaint",
                            "closed_late",
                            outcome=outcome,
                            due=info["due"].isoformat(),
                        )
            info["closed"] = True
        elif isinstance(event, Complaint.Reopened):
            note(
                complaint[event.originator_id]["code"],
                at,
                "complaint",
                "reopened",
                reason=event.reason,
            )
        elif isinstance(event, DisciplinaryCase.Opened):
            office = event.office_code.value if event.office_code else None
            case[event.originator_id] = {
                "code": office,
                "number": event.case_number,
                "name": event.name,
            }
            data.cases += 1
            data.cases_by_source[event.source.kind] += 1
            month(at)["cases"] += 1
            note(
                office,
                at,
                "case",
                "opened",
                number=event.case_number,
                name=event.name,
                breach=event.breach.kind,
            )
        elif isinstance(event, DisciplinaryCase.Decided):
            info = case[event.originator_id]
            decision = event.decision
            data.decisions += 1
            data.outcomes[decision.outcome] += 1
            decided = decision.punishment or decision.outcome
            if decision.outcome is Outcome.PUNISHMENT and decision.punishment is not None:
                data.punishments[decision.punishment] += 1
                data.levels[decision.punishment.level.value] += 1
            else:
                data.levels["none"] += 1
            flagged = decision.assessment is Assessment.LIGHTER
            if flagged:
                data.flagged.append(
                    FlaggedDecision(
                        case_number=info["number"],
                        office=info["code"],
                        name=info["name"],
                        decided_on=_day(at).isoformat(),
                        required=decision.required,
                        decided=decided,
                        decided_by=decision.decided_by.name,
                    )
                )
            note(
                info["code"],
                at,
                "decision",
                "decided_flagged" if flagged else "decided",
                number=info["number"],
                decided=decided,
            )
        elif isinstance(event, DisciplinaryCase.DecisionDelivered):
            info = case[event.originator_id]
            if event.late:
                note(info["code"], at, "case", "delivered_late", number=info["number"])
        elif isinstance(event, DisciplinaryCase.ObjectionFiled):
            info = case[event.originator_id]
            data.objections += 1
            note(
                info["code"],
                at,
                "case",
                "objection_filed",
                number=info["number"],
                objection=event.objection,
            )
            info["objection"] = event.objection
        elif isinstance(event, DisciplinaryCase.ObjectionDecided):
            info = case[event.originator_id]
            note(
                info["code"],
                at,
                "case",
                "objection_decided",
                number=info["number"],
                objection=info.get("objection", ObjectionKind.KEBERATAN),
                outcome=event.outcome,
            )
        elif isinstance(event, DisciplinaryCase.Closed):
            info = case[event.originator_id]
            note(info["code"], at, "case", "case_closed", number=info["number"])
    data.year = years.most_common(1)[0][0] if years else None
    return data


def _first(data: ReportData, code: str) -> datetime:
    first = data.timelines[code][0].at
    return datetime.strptime(first, "%Y-%m-%d %H:%M").replace(tzinfo=WIB)
