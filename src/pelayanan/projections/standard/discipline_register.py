"""Discipline register: per civil servant (NIP), every case and where it stands.

What a reader gets from :func:`register_entry` (or :func:`discipline_register` for everyone):
the cases with their decision (outcome, punishment, what the rule required, the assessment, the
rule and legal basis as recorded), the punishments in effect on ``today``, the cumulative days of
absence without valid reason in ``today``'s year (from attendance cases opened that year), what
the PP 94/2021 attendance ladder requires for that total (from the policy layer, with its rule
and citation), and the next procedural step of each open case (PerBKN 6/2022, with the time
limits of the deadline rules in force on ``today``).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from pelayanan.domain.discipline import BreachKind, DisciplinaryCase
from pelayanan.policy.deadlines import DeadlineKind, deadline, time_limit
from pelayanan.projections.api import Json, ReadModel, View, handles
from pelayanan.projections.reader import ViewReader
from pelayanan.projections.standard.common import cite, deadline_json, iso, rule_text


class DisciplineRegister(ReadModel):
    name = "discipline_register"
    version = 2  # 2: each case keeps its latest examination date (the register's due dates)

    @handles(DisciplinaryCase.Opened)
    def opened(self, event: DisciplinaryCase.Opened, view: View) -> None:
        nip = event.nip.value
        breach = event.breach
        case = {
            "case_number": event.case_number,
            "office": None if event.office_code is None else event.office_code.value,
            "opened_on": event.occurred_at.date().isoformat(),
            "source": event.source.kind.value,
            "breach": breach.kind.value,
            "days_absent": breach.days_absent if breach.kind is BreachKind.ATTENDANCE else None,
            "summonses": 0,
            "examination_date": None,
            "no_shows": 0,
            "no_show_pending": False,
            "clarified": False,
            "examined": False,
            "decision": None,
            "delivered_on": None,
            "objection": None,
            "objection_pending": False,
            "standing": None,  # the punishment that stands; a stored key, read as "punishment"
            "in_effect_from": None,
            "in_effect_until": None,
            "completed_on": None,
            "closed": False,
        }

        def add(doc: dict[str, Any]) -> None:
            doc["name"] = event.name
            doc["cases"][str(event.originator_id)] = case

        view.update(f"nip:{nip}", add, default={"nip": nip, "name": event.name, "cases": {}})
        view.put(f"case:{event.originator_id}", {"nip": nip})

    @handles(DisciplinaryCase.ClarificationRequested)
    def summoned(self, event: DisciplinaryCase.ClarificationRequested, view: View) -> None:
        self._case(
            view,
            event,
            lambda c: c.update(
                summonses=event.summons,
                examination_date=iso(event.examination_date),
                no_show_pending=False,
            ),
        )

    @handles(DisciplinaryCase.ClarificationReceived)
    def clarified(self, event: DisciplinaryCase.ClarificationReceived, view: View) -> None:
        self._case(view, event, lambda c: c.update(clarified=True))

    @handles(DisciplinaryCase.NoShowRecorded)
    def no_show(self, event: DisciplinaryCase.NoShowRecorded, view: View) -> None:
        self._case(
            view, event, lambda c: c.update(no_shows=c["no_shows"] + 1, no_show_pending=True)
        )

    @handles(DisciplinaryCase.ExaminationRecorded)
    def examined(self, event: DisciplinaryCase.ExaminationRecorded, view: View) -> None:
        self._case(view, event, lambda c: c.update(examined=True))

    @handles(DisciplinaryCase.Decided)
    def decided(self, event: DisciplinaryCase.Decided, view: View) -> None:
        d = event.decision
        decision = {
            "decided_on": event.occurred_at.date().isoformat(),
            "outcome": d.outcome.value,
            "punishment": None if d.punishment is None else d.punishment.value,
            "level": None if d.level is None else d.level.value,
            "required": None if d.required is None else d.required.value,
            "assessment": None if d.assessment is None else d.assessment.value,
            "flagged_lighter": d.flagged,
            "rule": rule_text(d.rule),
            "legal_basis": cite(d.legal_basis),
            "decree": d.decree,
            "decided_by": d.decided_by.name,
            "without_examination": event.without_examination,
        }
        self._case(
            view,
            event,
            lambda c: c.update(decision=decision, standing=d.punishment and d.punishment.value),
        )

    @handles(DisciplinaryCase.DecisionDelivered)
    def delivered(self, event: DisciplinaryCase.DecisionDelivered, view: View) -> None:
        self._case(
            view,
            event,
            lambda c: c.update(
                delivered_on=iso(event.delivered_on),
                delivered_late=event.late,
                objection_deadline=deadline_json(event.objection_deadline),
                effective=deadline_json(event.effective),
            ),
        )

    @handles(DisciplinaryCase.ObjectionFiled)
    def objected(self, event: DisciplinaryCase.ObjectionFiled, view: View) -> None:
        objection = {
            "kind": event.objection.value,
            "filed_on": iso(event.filed_on),
            "outcome": None,
        }
        self._case(view, event, lambda c: c.update(objection=objection, objection_pending=True))

    @handles(DisciplinaryCase.ObjectionDecided)
    def objection_decided(self, event: DisciplinaryCase.ObjectionDecided, view: View) -> None:
        def change(c: dict[str, Any]) -> None:
            c["objection"]["outcome"] = event.outcome.value
            c["objection_pending"] = False
            if event.outcome.value != "upheld":
                c["standing"] = None if event.punishment is None else event.punishment.value

        self._case(view, event, change)

    @handles(DisciplinaryCase.PunishmentTookEffect)
    def took_effect(self, event: DisciplinaryCase.PunishmentTookEffect, view: View) -> None:
        self._case(
            view,
            event,
            lambda c: c.update(
                in_effect_from=iso(event.effective_from), in_effect_until=iso(event.until)
            ),
        )

    @handles(DisciplinaryCase.PunishmentCompleted)
    def completed(self, event: DisciplinaryCase.PunishmentCompleted, view: View) -> None:
        self._case(view, event, lambda c: c.update(completed_on=iso(event.completed_on)))

    @handles(DisciplinaryCase.Closed)
    def closed(self, event: DisciplinaryCase.Closed, view: View) -> None:
        self._case(view, event, lambda c: c.update(closed=True))

    def _case(self, view: View, event: Any, change: Any) -> None:
        case_id = str(event.originator_id)
        nip = view.require(f"case:{case_id}")["nip"]
        view.update(f"nip:{nip}", lambda doc: change(doc["cases"][case_id]))


def _within(kind: DeadlineKind, today: date, policy: Any, text: str) -> str:
    limit = time_limit(kind, on=today, **({} if policy is None else {"settings": policy}))
    return "" if limit is None else " (" + text.format(limit=limit) + ")"


STEPS = (
    "summon",
    "second_summons",
    "decide_on_evidence",
    "decide",
    "examine",
    "deliver",
    "decide_objection",
    "record_effect",
    "record_completion",
    "close",
)
"""The next procedural steps :func:`step_kind` names (words ``step.*`` of pelayanan.i18n)."""


def step_kind(case: Json) -> str | None:
    """Which of :data:`STEPS` comes next for a case (PerBKN 6/2022), None when it is closed."""
    if case["closed"]:
        return None
    if case["decision"] is None:
        if case["summonses"] == 0:
            return "summon"
        if case["no_show_pending"]:
            return "decide_on_evidence" if case["no_shows"] >= 2 else "second_summons"
        if case["clarified"] or case["examined"]:
            return "decide"
        return "examine"
    if case["delivered_on"] is None:
        return "deliver"
    if case["objection_pending"]:
        return "decide_objection"
    if case["standing"] is not None and case["in_effect_from"] is None:
        return "record_effect"
    if case["in_effect_from"] is not None and case["completed_on"] is None and case[
        "in_effect_until"
    ]:
        return "record_completion"
    return "close"


def next_step(case: Json, today: date, policy: Any = None) -> str | None:
    """The next procedural step of a case, or None when it is closed; time limits are those of
    the deadline rules in force on ``today`` (none is shown where no rule is in force)."""
    kind = step_kind(case)
    if kind == "summon":
        return "summon in writing" + _within(
            DeadlineKind.SUMMONS_EXAMINATION, today, policy,
            "examination within {limit} of the letter")
    if kind == "second_summons":
        return "send a second summons" + _within(
            DeadlineKind.SECOND_SUMMONS, today, policy,
            "within {limit} of the first examination date")
    if kind == "deliver":
        return "deliver the decision privately" + _within(
            DeadlineKind.DECISION_DELIVERY, today, policy, "within {limit} of the decision")
    if kind == "record_completion":
        return f"record completion of the punishment (runs until {case['in_effect_until']})"
    return None if kind is None else _STEP_TEXT[kind]


_STEP_TEXT = {
    "decide_on_evidence": "decide on the evidence available, without examination",
    "decide": "decide",
    "examine": "examine the civil servant or receive the clarification",
    "decide_objection": "decide the objection",
    "record_effect": "record when the punishment takes effect",
    "close": "close the case",
}


def next_due(case: Json, today: date, policy: Any = None) -> date | None:
    """The day by which the next step is due, None where no time limit binds it: the
    examination date a summons set, the latest second summons after a no-show, the latest
    delivery of a decision (each by the deadline rule in force on the day its time began)."""
    kind = step_kind(case)
    settings = {} if policy is None else {"settings": policy}
    examination = case.get("examination_date")  # None in a view built before version 2
    if kind == "examine" and examination is not None:
        return date.fromisoformat(examination)
    if kind == "second_summons" and examination is not None:
        start, limit = date.fromisoformat(examination), DeadlineKind.SECOND_SUMMONS
    elif kind == "deliver":
        start = date.fromisoformat(case["decision"]["decided_on"])
        limit = DeadlineKind.DECISION_DELIVERY
    else:
        return None
    if time_limit(limit, on=start, **settings) is None:
        return None
    return deadline(limit, start, **settings).due


def open_cases(view: ViewReader, today: date, *, policy: Any = None) -> list[dict[str, Any]]:
    """Every open case with its next step and the day it is due, the overdue first (most days
    late first), then by due day; cases whose step has no time limit last."""
    rows = []
    for _, doc in view.items("nip:"):
        for case_id, case in doc["cases"].items():
            kind = step_kind(case)
            if kind is None:
                continue
            due = next_due(case, today, policy)
            rows.append(
                {
                    "id": case_id,
                    "case_number": case["case_number"],
                    "nip": doc["nip"],
                    "name": doc["name"],
                    "office": case["office"],
                    "opened_on": case["opened_on"],
                    "step": kind,
                    "next_step": next_step(case, today, policy),
                    "due": None if due is None else due.isoformat(),
                    "overdue": due is not None and today > due,
                    "days_overdue": 0 if due is None else max(0, (today - due).days),
                }
            )
    return sorted(
        rows,
        key=lambda r: (not r["overdue"], r["due"] is None, -r["days_overdue"], r["due"] or "",
                       r["case_number"]),
    )


def _in_effect(case: Json, today: date) -> bool:
    start, until, done = case["in_effect_from"], case["in_effect_until"], case["completed_on"]
    if start is None or case["standing"] is None or date.fromisoformat(start) > today:
        return False
    if done is not None and date.fromisoformat(done) <= today:
        return False
    return until is None or date.fromisoformat(until) > today


def register_entry(doc: Json, today: date, *, policy: Any = None) -> dict[str, Any]:
    """One civil servant's line, as of ``today``; ``policy`` is a PolicySettings (optional)."""
    cases = []
    in_effect = []
    absence = 0
    for case_id, case in sorted(doc["cases"].items(), key=lambda kv: kv[1]["opened_on"]):
        if case["days_absent"] and date.fromisoformat(case["opened_on"]).year == today.year:
            absence += case["days_absent"]
        shown = {key: value for key, value in case.items() if key != "standing"}
        cases.append(
            {
                "id": case_id,
                **shown,
                "punishment": case["standing"],
                "next_step": next_step(case, today, policy),
            }
        )
        if _in_effect(case, today):
            in_effect.append(
                {
                    "case_number": case["case_number"],
                    "punishment": case["standing"],
                    "until": case["in_effect_until"],
                }
            )
    return {
        "nip": doc["nip"],
        "name": doc["name"],
        "cases": cases,
        "open_cases": sum(1 for c in cases if not c["closed"]),
        "punishments_in_effect": in_effect,
        "absence_days_this_year": absence,
        "attendance_rule": _attendance_rule(absence, today, policy),
    }


def _attendance_rule(days: int, today: date, policy: Any) -> dict[str, Any] | None:
    """What PP 94/2021's attendance ladder requires for ``days`` (None with no absences)."""
    if days == 0:
        return None
    from pelayanan.policy.punishment import attendance

    kwargs = {} if policy is None else {"settings": policy}
    result: dict[str, Any] = attendance(days, on=today, **kwargs).to_dict()
    return result


def discipline_register(
    view: ViewReader, today: date, *, policy: Any = None
) -> list[dict[str, Any]]:
    return [register_entry(doc, today, policy=policy) for _, doc in view.items("nip:")]
