"""Office compliance board: how each kantor kelurahan (and each kecamatan) is doing.

What a reader gets per office, from :func:`office_board`: sidak held and concluded, findings by
kind and by severity (withdrawn findings do not count, amendments do), vacancies during service
hours (observations during the office's own service hours that found it closed or the counter
unstaffed), open and overdue complaints, open disciplinary cases, a compliance score and its
colour band (the row's ``zone``).
:func:`kecamatan_board` adds the offices of each kecamatan up.

The score and its colour band are this library's own yardstick, not law and not an Ombudsman
assessment: the policy rule ``board.compliance_score`` computes them (its weights and band
cut-offs are overridable parameters, documented in the policy catalogue). It judges an office by
*rates*, so that an office inspected daily is not punished for being inspected often.
"Overdue" depends on the day asked about, so the board is computed for a ``today`` you pass
in: the stored view holds the facts, never a judgement that goes stale.
"""

from __future__ import annotations

import functools
from datetime import date
from typing import Any

from pelayanan.domain.complaint import Complaint
from pelayanan.domain.discipline import DisciplinaryCase
from pelayanan.domain.inspection import Inspection
from pelayanan.domain.office import Office
from pelayanan.domain.values import Deadline
from pelayanan.policy.quality import BoardScore, board_band, board_score
from pelayanan.projections.api import Json, ReadModel, View, handles
from pelayanan.projections.reader import ViewReader
from pelayanan.projections.standard.common import hours_json, in_service


def score(doc: Json, overdue: int, today: date, policy: Any = None) -> BoardScore:
    """The office's compliance score and band on ``today`` (policy rule board.compliance_score)."""
    facts = (
        int(doc["inspections"]),
        int(doc["vacancies"]),
        tuple(sorted(doc["severities"].items())),
        overdue,
        len(doc["open_cases"]),
        today,
    )
    if policy is None:
        return _default_score(facts)
    return _score(facts, {"settings": policy})


Facts = tuple[int, int, tuple[tuple[str, int], ...], int, int, date]


@functools.lru_cache(maxsize=4096)
def _default_score(facts: Facts) -> BoardScore:
    # The rule is pure and its result immutable: a board page asks for the same few dozen
    # combinations of counts on every load, and working each out costs more than the page's
    # queries.
    return _score(facts, {})


def _score(facts: Facts, settings: dict[str, Any]) -> BoardScore:
    inspections, vacancies, severities, overdue, open_cases, today = facts
    return board_score(
        inspections=inspections,
        vacancies=vacancies,
        severities=dict(severities),
        overdue=overdue,
        open_cases=open_cases,
        on=today,
        **settings,
    )


def _inc(counts: dict[str, int], key: str, by: int = 1) -> None:
    counts[key] = counts.get(key, 0) + by
    if counts[key] == 0:
        del counts[key]


class OfficeBoard(ReadModel):
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


def office_row(doc: Json, today: date, policy: Any = None) -> dict[str, Any]:
    """One office's line on the board, as of ``today``."""
    due = [d for d in doc["open_complaints"].values() if d is not None]
    overdue = sum(1 for d in due if today > date.fromisoformat(d))
    sev = doc["severities"]
    result = score(doc, overdue, today, policy)
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
        "score": result.score,
        "zone": result.band,
    }


def office_board(view: ViewReader, today: date, policy: Any = None) -> list[dict[str, Any]]:
    """Every office's line, by office code."""
    return [office_row(doc, today, policy) for _, doc in view.items("office:")]


def kecamatan_board(view: ViewReader, today: date, policy: Any = None) -> list[dict[str, Any]]:
    """Offices added up per kecamatan; the score is the mean of its offices' scores."""
    groups: dict[str, list[dict[str, Any]]] = {}
    for row in office_board(view, today, policy):
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
                "zone": board_band(
                    score, on=today, **({} if policy is None else {"settings": policy})
                ).band,
            }
        )
    return result
