"""Complaint service levels (`complaint_sla`): each complaint against its SP4N-LAPOR! deadlines.

What a reader gets: :func:`open_complaints` lists open complaints with the deadline that binds
now (the classification deadline once classified, else the first-response deadline until the
first response) and whether it is overdue on ``today``; :func:`overdue_complaints` only those
past due; :func:`service_levels` the hours from filing to first response and to resolution.
The deadlines are the ones the policy rules computed when the events were recorded (with the
rule and citation), so the view never re-derives law.
"""

from __future__ import annotations

from datetime import date, datetime
from statistics import mean, median
from typing import Any

from pelayanan.domain.complaint import Complaint
from pelayanan.projections.api import Json, ReadModel, View, handles
from pelayanan.projections.reader import ViewReader
from pelayanan.projections.standard.common import deadline_json, iso


class ComplaintSla(ReadModel):
    name = "complaint_sla"
    version = 1

    @handles(Complaint.Filed)
    def filed(self, event: Complaint.Filed, view: View) -> None:
        # The complainant's identity is personal data: it never enters this view.
        view.put(
            f"complaint:{event.originator_id}",
            {
                "reference": event.reference,
                "office": event.office_code.value,
                "channel": event.channel.value,
                "subject": event.subject,
                "filed_at": iso(event.occurred_at),
                "late_filing": event.late_filing,
                "status": "filed",
                "classification": None,
                "response_deadline": deadline_json(event.response_deadline),
                "deadline": None,
                "acknowledged_at": None,
                "first_response_at": None,
                "closed_at": None,
                "reopened": 0,
            },
        )

    @handles(Complaint.Acknowledged)
    def acknowledged(self, event: Complaint.Acknowledged, view: View) -> None:
        self._set(view, event, status="acknowledged", acknowledged_at=iso(event.occurred_at))

    @handles(Complaint.Classified)
    def classified(self, event: Complaint.Classified, view: View) -> None:
        self._set(
            view,
            event,
            status="classified",
            classification=event.classification.value,
            deadline=deadline_json(event.deadline),
        )

    @handles(Complaint.Forwarded)
    def forwarded(self, event: Complaint.Forwarded, view: View) -> None:
        self._set(view, event, status="forwarded")

    @handles(Complaint.Responded)
    def responded(self, event: Complaint.Responded, view: View) -> None:
        doc = view.require(self._key(event))
        first = doc["first_response_at"] or iso(event.occurred_at)
        self._set(view, event, status="responded", first_response_at=first)

    @handles(Complaint.Resolved)
    def resolved(self, event: Complaint.Resolved, view: View) -> None:
        self._set(view, event, status="resolved", closed_at=iso(event.occurred_at))

    @handles(Complaint.Rejected)
    def rejected(self, event: Complaint.Rejected, view: View) -> None:
        self._set(view, event, status="rejected", closed_at=iso(event.occurred_at))

    @handles(Complaint.Reopened)
    def reopened(self, event: Complaint.Reopened, view: View) -> None:
        doc = view.require(self._key(event))
        status = (
            "forwarded"
            if doc["status"] == "forwarded"
            else ("classified" if doc["classification"] else "filed")
        )
        self._set(view, event, status=status, closed_at=None, reopened=doc["reopened"] + 1)

    @staticmethod
    def _key(event: Any) -> str:
        return f"complaint:{event.originator_id}"

    def _set(self, view: View, event: Any, **changes: Any) -> None:
        view.update(self._key(event), lambda d: d.update(changes))


def binding_deadline(doc: Json) -> dict[str, Any] | None:
    """The deadline that binds an open complaint now (as ``Complaint.is_overdue``)."""
    if doc["deadline"] is not None:
        return dict(doc["deadline"])
    if doc["first_response_at"] is None and doc["response_deadline"] is not None:
        return dict(doc["response_deadline"])
    return None


def _row(key: str, doc: Json, today: date) -> dict[str, Any]:
    deadline = binding_deadline(doc)
    late = 0 if deadline is None else (today - date.fromisoformat(deadline["due"])).days
    return {
        "id": key.removeprefix("complaint:"),
        "reference": doc["reference"],
        "office": doc["office"],
        "status": doc["status"],
        "classification": doc["classification"],
        "filed_at": doc["filed_at"],
        "deadline": deadline,
        "overdue": late > 0,
        "days_overdue": max(0, late),
    }


def open_complaints(view: ViewReader, today: date) -> list[dict[str, Any]]:
    return [
        _row(key, doc, today)
        for key, doc in view.items("complaint:")
        if doc["status"] not in ("resolved", "rejected")
    ]


def overdue_complaints(view: ViewReader, today: date) -> list[dict[str, Any]]:
    return [row for row in open_complaints(view, today) if row["overdue"]]


def _hours(start: str, end: str | None) -> float | None:
    if end is None:
        return None
    delta = datetime.fromisoformat(end) - datetime.fromisoformat(start)
    return round(delta.total_seconds() / 3600, 2)


def service_levels(view: ViewReader) -> dict[str, Any]:
    """Hours from filing to first response and to resolution: count, mean and median."""
    response, resolution = [], []
    for _, doc in view.items("complaint:"):
        first = _hours(doc["filed_at"], doc["first_response_at"])
        if first is not None:
            response.append(first)
        if doc["status"] == "resolved":
            done = _hours(doc["filed_at"], doc["closed_at"])
            if done is not None:
                resolution.append(done)

    def summary(values: list[float]) -> dict[str, Any]:
        if not values:
            return {"count": 0, "mean_hours": None, "median_hours": None}
        return {
            "count": len(values),
            "mean_hours": round(mean(values), 2),
            "median_hours": round(median(values), 2),
        }

    return {"time_to_response": summary(response), "time_to_resolution": summary(resolution)}
