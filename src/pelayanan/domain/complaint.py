"""A citizen's complaint (pengaduan) from filing to resolution: UU 25/2009, SP4N-LAPOR!."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from enum import Enum
from uuid import UUID

import attrs

from pelayanan.domain import order
from pelayanan.domain.base import (
    ComplianceAggregate,
    Fields,
    check_actor,
    found,
    natural_id,
    refuse,
)
from pelayanan.domain.errors import ComplaintStateError, InvalidValue
from pelayanan.domain.values import (
    Actor,
    Channel,
    ComplaintClass,
    Deadline,
    OfficeCode,
    local_date,
    optional_text,
    parse_enum,
    require_aware,
    require_date,
    require_key,
    require_text,
)
from pelayanan.domain.values import non_empty_text as text
from pelayanan.privacy.sealed import Sealed

FILING_WINDOW = timedelta(days=30)
"""UU 25/2009 Pasal 42: a complaint is filed within 30 days of the service [verified]."""


@attrs.frozen
class Complainant:
    """Who complained. Personal data: kept out of every projection when ``confidential``."""

    name: str = attrs.field(validator=text(200))
    contact: str | None = attrs.field(default=None, validator=optional_text(200))


class ComplaintStatus(Enum):
    FILED = "filed"
    ACKNOWLEDGED = "acknowledged"
    CLASSIFIED = "classified"
    FORWARDED = "forwarded"
    RESPONDED = "responded"
    RESOLVED = "resolved"
    REJECTED = "rejected"

    @property
    def is_open(self) -> bool:
        return self not in (ComplaintStatus.RESOLVED, ComplaintStatus.REJECTED)


def complaint_id(reference: str) -> UUID:
    """Aggregate id: uuid5 of the complaint's reference (e.g. the SP4N-LAPOR! tracking number)."""
    return natural_id("complaint", reference)


class Complaint(ComplianceAggregate):
    """Penerimaan, pemilahan, distribusi, penyelesaian (Perpres 76/2013), with service levels."""

    kind = "complaint"

    class Filed(ComplianceAggregate.Created):
        reference: str
        channel: Channel
        office_id: UUID
        office_code: OfficeCode
        subject: str
        # Personal data: sealed with the complainant's own key when the service has a vault.
        description: str | Sealed
        complainant: Complainant | Sealed | None
        confidential: bool
        service_date: date | None
        late_filing: bool
        response_deadline: Deadline | None

    class Acknowledged(ComplianceAggregate.Event):
        message: str

        def apply(self, complaint: Complaint) -> None:
            complaint.status = ComplaintStatus.ACKNOWLEDGED
            complaint.acknowledged_at = self.occurred_at

    class Classified(ComplianceAggregate.Event):
        classification: ComplaintClass
        deadline: Deadline | None

        def apply(self, complaint: Complaint) -> None:
            complaint.status = ComplaintStatus.CLASSIFIED
            complaint.classification = self.classification
            complaint.deadline = self.deadline

    class Forwarded(ComplianceAggregate.Event):
        to_unit: str

        def apply(self, complaint: Complaint) -> None:
            complaint.status = ComplaintStatus.FORWARDED
            complaint.forwarded_to = self.to_unit

    class Responded(ComplianceAggregate.Event):
        response: str

        def apply(self, complaint: Complaint) -> None:
            complaint.status = ComplaintStatus.RESPONDED
            if complaint.responded_at is None:
                complaint.responded_at = self.occurred_at

    class Resolved(ComplianceAggregate.Event):
        resolution: str

        def apply(self, complaint: Complaint) -> None:
            complaint.status = ComplaintStatus.RESOLVED
            complaint.closed_at = self.occurred_at

    class Rejected(ComplianceAggregate.Event):
        reason: str

        def apply(self, complaint: Complaint) -> None:
            complaint.status = ComplaintStatus.REJECTED
            complaint.closed_at = self.occurred_at

    class EscalatedToInspection(ComplianceAggregate.Event):
        inspection_id: UUID

        def apply(self, complaint: Complaint) -> None:
            complaint.inspections.append(self.inspection_id)

    class Reopened(ComplianceAggregate.Event):
        reason: str

        def apply(self, complaint: Complaint) -> None:
            # Back to the furthest step reached; an acknowledged complaint is not acknowledged
            # again, which would overwrite the first-response time the service level measures.
            if complaint.forwarded_to:
                complaint.status = ComplaintStatus.FORWARDED
            elif complaint.classification:
                complaint.status = ComplaintStatus.CLASSIFIED
            elif complaint.acknowledged_at is not None:
                complaint.status = ComplaintStatus.ACKNOWLEDGED
            else:
                complaint.status = ComplaintStatus.FILED
            complaint.closed_at = None
            complaint.reopened += 1

    def __init__(
        self,
        reference: str,
        channel: Channel | str,
        office_id: UUID,
        office_code: OfficeCode,
        subject: str,
        confidential: bool,
        occurred_at: datetime,
        response_deadline: Deadline | None,
    ) -> None:
        self.reference = reference
        self.channel = channel
        self.office_id = office_id
        self.office_code = office_code
        self.subject = subject
        self.confidential = confidential
        self.filed_at = occurred_at
        self.response_deadline = response_deadline
        self.status = ComplaintStatus.FILED
        self.classification: ComplaintClass | None = None
        self.deadline: Deadline | None = None
        self.forwarded_to: str | None = None
        self.acknowledged_at: datetime | None = None
        self.responded_at: datetime | None = None
        self.closed_at: datetime | None = None
        self.inspections: list[UUID] = []
        self.reopened = 0

    @classmethod
    def file(
        cls,
        *,
        reference: str,
        channel: Channel | str,
        office_id: UUID,
        office_code: OfficeCode,
        subject: str,
        description: str | Sealed,
        occurred_at: datetime,
        actor: Actor,
        complainant: Complainant | Sealed | None = None,
        confidential: bool = False,
        service_date: date | None = None,
        response_deadline: Deadline | None = None,
        recorded_at: datetime | None = None,
    ) -> Complaint:
        require_key("reference", reference)
        channel = parse_enum(Channel, channel)
        if not isinstance(office_code, OfficeCode):
            raise InvalidValue(f"office_code must be an OfficeCode, got {office_code!r}")
        require_text("subject", subject, 300)
        # A sealed value was checked as plaintext by the service before it was sealed.
        if not isinstance(description, Sealed):
            require_text("description", description, 20000)
        if complainant is not None and not isinstance(complainant, Complainant | Sealed):
            raise InvalidValue(f"complainant must be a Complainant or None, got {complainant!r}")
        if not isinstance(confidential, bool):
            raise InvalidValue("confidential must be True or False")
        if response_deadline is not None and not isinstance(response_deadline, Deadline):
            raise InvalidValue("response_deadline must be a Deadline")
        check_actor(actor)
        filed = require_aware("occurred_at", occurred_at)
        late = False
        if service_date is not None:
            require_date("service_date", service_date)
            late = local_date(filed) - service_date > FILING_WINDOW
        refuse(
            *cls.creation_time_problems(filed, recorded_at, {"service_date": service_date})
        )
        return cls._create(
            cls.Filed,
            id=complaint_id(reference),
            timestamp=recorded_at,
            reference=reference,
            channel=channel,
            office_id=office_id,
            office_code=office_code,
            subject=subject,
            description=description,
            complainant=complainant,
            confidential=confidential,
            service_date=service_date,
            late_filing=late,
            response_deadline=response_deadline,
            occurred_at=occurred_at,
            actor=actor,
        )

    @classmethod
    def creation_time_problems(
        cls, occurred_at: datetime, recorded_at: datetime | None, fields: Fields
    ) -> list[str]:
        service_date = fields.get("service_date")
        return [
            *super().creation_time_problems(occurred_at, recorded_at, fields),
            *found(
                None
                if service_date is None
                else order.dated_after(
                    "service_date", service_date, "the complaint was filed", local_date(occurred_at)
                )
            ),
        ]

    def _require(self, *allowed: ComplaintStatus, doing: str) -> None:
        if self.status not in allowed:
            raise ComplaintStateError(
                f"complaint {self.reference} is {self.status.value}; cannot {doing} it now"
            )

    def acknowledge(
        self,
        *,
        message: str,
        occurred_at: datetime,
        actor: Actor,
        recorded_at: datetime | None = None,
    ) -> None:
        self._require(ComplaintStatus.FILED, doing="acknowledge")
        require_text("message", message)
        self._record(
            self.Acknowledged,
            message=message,
            occurred_at=occurred_at,
            actor=actor,
            recorded_at=recorded_at,
        )

    def classify(
        self,
        classification: ComplaintClass,
        *,
        occurred_at: datetime,
        actor: Actor,
        deadline: Deadline | None = None,
        recorded_at: datetime | None = None,
    ) -> None:
        """Sort the complaint (pemilahan); the deadline comes from the service-level rule."""
        self._require(
            ComplaintStatus.FILED,
            ComplaintStatus.ACKNOWLEDGED,
            ComplaintStatus.CLASSIFIED,
            doing="classify",
        )
        classification = parse_enum(ComplaintClass, classification)
        if deadline is not None and not isinstance(deadline, Deadline):
            raise InvalidValue("deadline must be a Deadline")
        self._record(
            self.Classified,
            classification=classification,
            deadline=deadline,
            occurred_at=occurred_at,
            actor=actor,
            recorded_at=recorded_at,
        )

    def forward(
        self,
        *,
        to_unit: str,
        occurred_at: datetime,
        actor: Actor,
        recorded_at: datetime | None = None,
    ) -> None:
        """Distribute the complaint to the unit that must settle it (distribusi)."""
        self._require(ComplaintStatus.CLASSIFIED, ComplaintStatus.FORWARDED, doing="forward")
        require_text("to_unit", to_unit, 200)
        self._record(
            self.Forwarded,
            to_unit=to_unit,
            occurred_at=occurred_at,
            actor=actor,
            recorded_at=recorded_at,
        )

    def respond(
        self,
        *,
        response: str,
        occurred_at: datetime,
        actor: Actor,
        recorded_at: datetime | None = None,
    ) -> None:
        self._require(
            ComplaintStatus.ACKNOWLEDGED,
            ComplaintStatus.CLASSIFIED,
            ComplaintStatus.FORWARDED,
            ComplaintStatus.RESPONDED,
            doing="respond to",
        )
        require_text("response", response, 20000)
        self._record(
            self.Responded,
            response=response,
            occurred_at=occurred_at,
            actor=actor,
            recorded_at=recorded_at,
        )

    def resolve(
        self,
        *,
        resolution: str,
        occurred_at: datetime,
        actor: Actor,
        recorded_at: datetime | None = None,
    ) -> None:
        self._require(
            ComplaintStatus.CLASSIFIED,
            ComplaintStatus.FORWARDED,
            ComplaintStatus.RESPONDED,
            doing="resolve",
        )
        require_text("resolution", resolution, 20000)
        self._record(
            self.Resolved,
            resolution=resolution,
            occurred_at=occurred_at,
            actor=actor,
            recorded_at=recorded_at,
        )

    def reject(
        self,
        *,
        reason: str,
        occurred_at: datetime,
        actor: Actor,
        recorded_at: datetime | None = None,
    ) -> None:
        if not self.status.is_open:
            self._require(doing="reject")
        require_text("reason", reason)
        self._record(
            self.Rejected,
            reason=reason,
            occurred_at=occurred_at,
            actor=actor,
            recorded_at=recorded_at,
        )

    def escalate_to_inspection(
        self,
        inspection_id: UUID,
        *,
        occurred_at: datetime,
        actor: Actor,
        recorded_at: datetime | None = None,
    ) -> None:
        if not self.status.is_open:
            self._require(doing="escalate")
        if not isinstance(inspection_id, UUID):
            raise InvalidValue("inspection_id must be a UUID")
        if inspection_id in self.inspections:
            raise ComplaintStateError("the complaint is already escalated to that sidak")
        self._record(
            self.EscalatedToInspection,
            inspection_id=inspection_id,
            occurred_at=occurred_at,
            actor=actor,
            recorded_at=recorded_at,
        )

    def reopen(
        self,
        *,
        reason: str,
        occurred_at: datetime,
        actor: Actor,
        recorded_at: datetime | None = None,
    ) -> None:
        self._require(ComplaintStatus.RESOLVED, ComplaintStatus.REJECTED, doing="reopen")
        require_text("reason", reason)
        self._record(
            self.Reopened,
            reason=reason,
            occurred_at=occurred_at,
            actor=actor,
            recorded_at=recorded_at,
        )

    def is_overdue(self, today: date) -> bool:
        """Open past its classification deadline (or past the first-response deadline)."""
        if not self.status.is_open:
            return False
        deadline = self.deadline or (None if self.responded_at else self.response_deadline)
        return deadline is not None and today > deadline.due
