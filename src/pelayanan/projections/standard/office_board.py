"""Office compliance board: how each kantor kelurahan (and each kecamatan) is doing.

What a reader gets per office, from :func:`office_board`: sidak held and concluded, findings by
kind and by severity (withdrawn findings do not count, amendments do), vacancies during service
hours (observations during the office's own service hours that found it closed or the counter
unstaffed), open and overdue complaints, open disciplinary cases, a compliance score and its zone.
:func:`kecamatan_board` adds the offices of each kecamatan up.

The score is this library's own yardstick, not law. It judges an office by *rates*, so that an
office inspected daily is not punished for being inspected often: 100, minus 40 times the share
of sidak that found it vacant in service hours (at most 1), minus 30 times its finding severity
per sidak (8 / 4 / 1 points per high / medium / low finding, divided by 8 per sidak, at most 1),
minus 5 per complaint overdue today and 3 per open case; floored at 0. The zone uses the
Ombudsman RI's 2013-2021 bands (hijau 81.00-100, kuning 51.00-80.99, merah 0-50.99).
"Overdue" depends on the day asked about, so the board is computed for a ``today`` you pass
in: the stored view holds the facts, never a judgement that goes stale.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from pelayanan.domain.complaint import Complaint
from pelayanan.domain.discipline import DisciplinaryCase
from pelayanan.domain.inspection import Inspection
from pelayanan.domain.office import Office
from pelayanan.domain.values import Deadline
from pelayanan.projections.api import Json, Projection, View, handles
from pelayanan.projections.reader import ViewReader
from pelayanan.projections.standard.common import hours_json, in_service, zone

WEIGHTS = {"vacancy_rate": 40.0, "finding_rate": 30.0, "overdue": 5.0, "case": 3.0}
"""Points off 100; see the module docstring."""

SEVERITY_POINTS = {"high": 8.0, "medium": 4.0, "low": 1.0}
FULL_FINDING_PENALTY = 8.0
"""Severity points per sidak at which the finding rate costs all its weight (one high finding)."""


def score(doc: Json, overdue: int) -> float:
    """The office's compliance score: this library's own yardstick (module docstring)."""
    sidak = max(int(doc["inspections"]), 1)
    vacancy_rate = min(1.0, int(doc["vacancies"]) / sidak)
    points = sum(SEVERITY_POINTS[level] * n for level, n in doc["severities"].items())
    finding_rate = min(1.0, points / sidak / FULL_FINDING_PENALTY)
    penalty = (
        WEIGHTS["vacancy_rate"] * vacancy_rate
        + WEIGHTS["finding_rate"] * finding_rate
        + WEIGHTS["overdue"] * overdue
        + WEIGHTS["case"] * len(doc["open_cases"])
    )
    return round(max(0.0, 100.0 - float(penalty)), 2)


def _inc(counts: dict[str, int], key: str, by: int = 1) -> None:
    counts[key] = counts.get(key, 0) + by
    if counts[key] == 0:
        del counts[key]


class OfficeBoard(Projection):
    name = "office_board"
    version = 1

    # ---------------------------------------------------------------- offices

    @handles(Office.Registered)
    def registered(self, event: Office.Registered, view: View) -> None:
        view.put(
            f"office:{event.code.value}",
            {
                "code": event.code.value,
                "name": event.name,
                "kecamatan": event.kecamatan,
                "hours": hours_json(event.service_hours),
                "inspections": 0,
                "concluded": 0,
                "observations": 0,
                "vacancies": 0,
                "findings": {},
                "severities": {},
                "complaints": 0,
                "open_complaints": {},
                "open_cases": [],
            },
        )
        view.put(f"owner:{event.originator_id}", {"office": event.code.value})

    @handles(Office.ServiceHoursSet)
    def hours_set(self, event: Office.ServiceHoursSet, view: View) -> None:
        self._office(view, event, lambda d: d.update(hours=hours_json(event.service_hours)))

    # ---------------------------------------------------------------- sidak

    @handles(Inspection.Started)
    def started(self, event: Inspection.Started, view: View) -> None:
        code = event.office_code.value
        view.put(f"owner:{event.originator_id}", {"office": code, "findings": {}})
        view.update(f"office:{code}", lambda d: d.update(inspections=d["inspections"] + 1))

    @handles(Inspection.ObservationRecorded)
    def observed(self, event: Inspection.ObservationRecorded, view: View) -> None:
        seen = event.observation
        vacant = not seen.office_open or not seen.counter_staffed

        def change(doc: dict[str, Any]) -> None:
            doc["observations"] += 1
            if vacant and in_service(doc["hours"], seen.at):
                doc["vacancies"] += 1

        self._office(view, event, change)

    @handles(Inspection.FindingRecorded)
    def found(self, event: Inspection.FindingRecorded, view: View) -> None:
        finding = event.finding
        owner = view.require(f"owner:{event.originator_id}")
        owner["findings"][str(finding.number)] = [finding.kind.value, finding.severity.value]
        view.put(f"owner:{event.originator_id}", owner)

        def change(doc: dict[str, Any]) -> None:
            _inc(doc["findings"], finding.kind.value)
            _inc(doc["severities"], finding.severity.value)

        self._office(view, event, change)

    @handles(Inspection.FindingAmended)
    def amended(self, event: Inspection.FindingAmended, view: View) -> None:
        finding = event.finding
        owner = view.require(f"owner:{event.originator_id}")
        old = owner["findings"].get(str(finding.number))
        new = None if finding.withdrawn else [finding.kind.value, finding.severity.value]
        if new is None:
            owner["findings"].pop(str(finding.number), None)
        else:
            owner["findings"][str(finding.number)] = new
        view.put(f"owner:{event.originator_id}", owner)

        def change(doc: dict[str, Any]) -> None:
            if old is not None:
                _inc(doc["findings"], old[0], -1)
                _inc(doc["severities"], old[1], -1)
            if new is not None:
                _inc(doc["findings"], new[0])
                _inc(doc["severities"], new[1])

        self._office(view, event, change)

    @handles(Inspection.Concluded)
    def concluded(self, event: Inspection.Concluded, view: View) -> None:
        self._office(view, event, lambda d: d.update(concluded=d["concluded"] + 1))

    # ---------------------------------------------------------------- complaints

    @handles(Complaint.Filed)
    def filed(self, event: Complaint.Filed, view: View) -> None:
        cid = str(event.originator_id)
        due = _due(event.response_deadline)
        view.put(
            f"owner:{cid}",
            {"office": event.office_code.value, "response_due": due, "due": None, "open": True},
        )

        def change(doc: dict[str, Any]) -> None:
            doc["complaints"] += 1
            doc["open_complaints"][cid] = due

        self._office(view, event, change, key=event.office_code.value)

    @handles(Complaint.Classified)
    def classified(self, event: Complaint.Classified, view: View) -> None:
        self._complaint(view, event, due=_due(event.deadline))

    @handles(Complaint.Responded)
    def responded(self, event: Complaint.Responded, view: View) -> None:
        # As Complaint.is_overdue: once answered, only a classification deadline still binds.
        self._complaint(view, event, response_due=None)

    @handles(Complaint.Resolved, Complaint.Rejected)
    def closed(self, event: Complaint.Resolved | Complaint.Rejected, view: View) -> None:
        self._complaint(view, event, open=False)

    @handles(Complaint.Reopened)
    def reopened(self, event: Complaint.Reopened, view: View) -> None:
        self._complaint(view, event, open=True)

    def _complaint(self, view: View, event: Any, **changes: Any) -> None:
        cid = str(event.originator_id)
        complaint = view.require(f"owner:{cid}")
        complaint.update(changes)
        view.put(f"owner:{cid}", complaint)

        def change(doc: dict[str, Any]) -> None:
            if complaint["open"]:
                doc["open_complaints"][cid] = complaint["due"] or complaint["response_due"]
            else:
                doc["open_complaints"].pop(cid, None)

        self._office(view, event, change, key=complaint["office"])

    # ---------------------------------------------------------------- cases

    @handles(DisciplinaryCase.Opened)
    def case_opened(self, event: DisciplinaryCase.Opened, view: View) -> None:
        if event.office_code is None:
            return  # a case not tied to an office stays off the board
        code = event.office_code.value
        view.put(f"owner:{event.originator_id}", {"office": code})
        view.update(f"office:{code}", lambda d: d["open_cases"].append(str(event.originator_id)))

    @handles(DisciplinaryCase.Closed)
    def case_closed(self, event: DisciplinaryCase.Closed, view: View) -> None:
        if view.get(f"owner:{event.originator_id}") is None:
            return
        self._office(view, event, lambda d: d["open_cases"].remove(str(event.originator_id)))

    # ---------------------------------------------------------------- helpers

    def _office(self, view: View, event: Any, change: Any, key: str | None = None) -> None:
        code = key or view.require(f"owner:{event.originator_id}")["office"]
        view.update(f"office:{code}", change)


def _due(deadline: Deadline | None) -> str | None:
    return None if deadline is None else deadline.due.isoformat()


def office_row(doc: Json, today: date) -> dict[str, Any]:
    """One office's line on the board, as of ``today``."""
    due = [d for d in doc["open_complaints"].values() if d is not None]
    overdue = sum(1 for d in due if today > date.fromisoformat(d))
    sev = doc["severities"]
    points = score(doc, overdue)
    return {
        "code": doc["code"],
        "name": doc["name"],
        "kecamatan": doc["kecamatan"],
        "inspections": doc["inspections"],
        "concluded_inspections": doc["concluded"],
        "findings": dict(sorted(doc["findings"].items())),
        "findings_by_severity": dict(sorted(sev.items())),
        "vacancies_in_service_hours": doc["vacancies"],
        "complaints": doc["complaints"],
        "open_complaints": len(doc["open_complaints"]),
        "overdue_complaints": overdue,
        "open_cases": len(doc["open_cases"]),
        "score": points,
        "zone": zone(points),
    }


def office_board(view: ViewReader, today: date) -> list[dict[str, Any]]:
    """Every office's line, by office code."""
    return [office_row(doc, today) for _, doc in view.items("office:")]


def kecamatan_board(view: ViewReader, today: date) -> list[dict[str, Any]]:
    """Offices added up per kecamatan; the score is the mean of its offices' scores."""
    groups: dict[str, list[dict[str, Any]]] = {}
    for row in office_board(view, today):
        groups.setdefault(row["kecamatan"], []).append(row)
    result = []
    for kecamatan, rows in sorted(groups.items()):
        findings: dict[str, int] = {}
        for row in rows:
            for kind, n in row["findings"].items():
                findings[kind] = findings.get(kind, 0) + n
        score = round(sum(r["score"] for r in rows) / len(rows), 2)
        total = {
            key: sum(r[key] for r in rows)
            for key in (
                "inspections",
                "vacancies_in_service_hours",
                "complaints",
                "open_complaints",
                "overdue_complaints",
                "open_cases",
            )
        }
        result.append(
            {
                "kecamatan": kecamatan,
                "offices": len(rows),
                **total,
                "findings": dict(sorted(findings.items())),
                "score": score,
                "zone": zone(score),
            }
        )
    return result
