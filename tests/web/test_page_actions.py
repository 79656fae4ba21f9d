"""The pages' actions: each official works a case, a complaint or an office from the forms the
page offers, through the same service commands as the API, recorded as the signed-in account.

Given a seeded store, when an official posts a form the page showed (with its CSRF token and
idempotency key), then the fact is in the record's timeline with that account as the actor; a
step the procedure refuses answers with the error page naming the reason, and records nothing.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

import pytest
from litestar.testing import TestClient

from pelayanan.domain.values import WIB
from pelayanan.i18n import LANGUAGES
from pelayanan.web.actions import CASE_ACTIONS, COMPLAINT_ACTIONS, OFFICE_ACTIONS
from pelayanan.web.words import WORDS
from tests.web.support import OFFICE, OTHER_OFFICE, STAFF, bearer
from tests.web.test_api import CASE, COMPLAINT, SIDAK
from tests.web.test_pages import _form, sign_in


def _as(client: TestClient, name: str) -> None:  # type: ignore[type-arg]
    client.cookies.clear()
    sign_in(client, name)


def _send(client: TestClient, page: str, action: str, fields: dict[str, str]) -> Any:  # type: ignore[type-arg]
    """Post the form of ``action`` as shown on ``page``, with these fields filled in."""
    return client.post(
        action, data={**_form(client, page, action), **fields}, follow_redirects=False
    )


def _trail(client: TestClient, tokens: dict[str, str], record: str) -> list[tuple[str, str]]:  # type: ignore[type-arg]
    rows = client.get(f"/api/records/{record}/timeline", headers=bearer(tokens["auditor1"]))
    return [(e["event"], e["actor"]) for e in rows.json()]


def test_every_action_has_its_words_in_both_languages() -> None:
    for actions in (CASE_ACTIONS, COMPLAINT_ACTIONS, OFFICE_ACTIONS):
        for action in actions.values():
            for word in (action.title, *(f.name for f in action.fields)):
                assert word in WORDS, (action.step, word)
                assert len(WORDS[word]) == len(LANGUAGES) and all(WORDS[word]), word


def test_a_case_is_worked_from_its_page_by_each_official_in_turn(
    client: TestClient,  # type: ignore[type-arg]
    tokens: dict[str, str],
) -> None:
    case = client.post("/api/cases", json=CASE, headers=bearer(tokens["analis1"])).json()["id"]
    page = f"/cases/{case}"
    today = datetime.now(WIB).date().isoformat()
    steps = [
        ("lurah1", "summons", {"letter_date": today, "examination_date": today}),
        ("lurah1", "clarification", {"statement": "saya sakit dan lupa memberi kabar"}),
        ("tim1", "statements", {"given_by": "rekan kerja", "reference": "KET/9"}),
        ("tim1", "examination", {"bap_reference": "BAP/9", "signed": "on", "examiners": "Tim"}),
        ("tim1", "bap-copy", {"given_on": today}),
        (
            "sekda",
            "decision",
            {"outcome": "punishment", "punishment": "teguran_lisan", "reason": "terbukti"},
        ),
        ("sekda", "delivery", {"delivered_on": today}),
        ("analis1", "objection", {"kind": "keberatan", "filed_on": today, "grounds": "berat"}),
        ("sekda", "objection-decision", {"outcome": "upheld", "reason": "sesuai aturan"}),
        ("analis1", "punishment-start", {"effective_from": today}),
        ("analis1", "punishment-completion", {"completed_on": today}),
        ("analis1", "closure", {"reason": "selesai dijalani"}),
    ]
    for account, step, fields in steps:
        _as(client, account)
        response = _send(client, page, f"{page}/{step}", fields)
        assert response.status_code == 303, (step, response.text)
        assert response.headers["location"] == page
    trail = _trail(client, tokens, case)
    assert trail[0] == ("Opened", "analis1")
    for event, actor in (
        ("ClarificationRequested", "lurah1"),
        ("ClarificationReceived", "lurah1"),
        ("StatementRecorded", "tim1"),
        ("ExaminationRecorded", "tim1"),
        ("BapCopyGiven", "tim1"),
        ("Decided", "sekda"),
        ("DecisionDelivered", "sekda"),
        ("ObjectionFiled", "analis1"),
        ("ObjectionDecided", "sekda"),
        ("PunishmentTookEffect", "analis1"),
        ("PunishmentCompleted", "analis1"),
        ("Closed", "analis1"),
    ):
        assert (event, actor) in trail, (event, trail)
    # A closed case offers nobody anything.
    assert 'action="/cases/' not in client.get(page).text


def test_a_refused_case_step_shows_the_reason_and_records_nothing(
    client: TestClient,  # type: ignore[type-arg]
    tokens: dict[str, str],
) -> None:
    case = client.post("/api/cases", json=CASE, headers=bearer(tokens["analis1"])).json()["id"]
    page = f"/cases/{case}"
    _as(client, "sekda")
    decided = _send(
        client,
        page,
        f"{page}/decision",
        {"outcome": "punishment", "punishment": "teguran_lisan", "reason": "terbukti"},
    )
    assert decided.status_code == 409
    assert "ExaminationRequired" in decided.text or "DueProcessViolation" in decided.text
    assert _trail(client, tokens, case) == [("Opened", "analis1")]
    # A form the page did not offer cannot be posted by a role without it either.
    hidden = _form(client, page, f"{page}/decision")
    refused = client.post(f"{page}/closure", data={**hidden, "reason": "x"})
    assert refused.status_code == 403 and "analyst" in refused.text
    unknown = client.post(f"{page}/no-such-step", data={**hidden})
    assert unknown.status_code == 404


def test_the_complaint_officer_forwards_escalates_rejects_and_reopens_from_the_page(
    client: TestClient,  # type: ignore[type-arg]
    tokens: dict[str, str],
) -> None:
    officer = bearer(tokens["pengaduan1"])
    complaint = client.post("/api/complaints", json=COMPLAINT, headers=officer).json()["id"]
    client.post("/api/inspections", json=SIDAK, headers=bearer(tokens["satgas1"]))
    page = f"/complaints/{complaint}"
    _as(client, "pengaduan1")

    def offered() -> list[str]:
        return sorted(re.findall(r'action="/complaints/[^/]+/([\w-]+)"', client.get(page).text))

    assert offered() == ["acknowledgement", "classification", "escalation", "rejection"]
    for step, fields in (
        ("acknowledgement", {"text": "Pengaduan diterima"}),
        ("classification", {"classification": "complaint"}),
        ("forwarding", {"to_unit": "Dispendukcapil"}),
        ("escalation", {"sidak_reference": SIDAK["reference"]}),
        ("rejection", {"text": "bukan kewenangan kelurahan"}),
    ):
        response = _send(client, page, f"{page}/{step}", fields)
        assert response.status_code == 303, (step, response.text)
    assert offered() == ["reopening"]
    assert _send(client, page, f"{page}/reopening", {"text": "warga keberatan"}).status_code == 303
    assert "reopening" not in offered()
    events = _trail(client, tokens, complaint)
    for event in ("Forwarded", "EscalatedToInspection", "Rejected", "Reopened"):
        assert (event, "pengaduan1") in events, events
    # Escalating to a sidak nobody recorded is refused with the reason.
    hidden = _form(client, page, f"{page}/escalation")
    ghost = client.post(f"{page}/escalation", data={**hidden, "sidak_reference": "TIDAK-ADA"})
    assert ghost.status_code == 404


def test_the_operator_records_staff_and_permissions_for_its_own_office_only(
    client: TestClient,  # type: ignore[type-arg]
    tokens: dict[str, str],
) -> None:
    page = f"/offices/{OFFICE}"
    _as(client, "operator1")
    forms = sorted(re.findall(r'action="/offices/[^/]+/([\w-]+)"', client.get(page).text))
    assert forms == ["permission", "reassignment", "removal", "staff"]
    assert 'action="/offices/' not in client.get(f"/offices/{OTHER_OFFICE}").text
    new_nip = "199001012015011001"
    for step, fields in (
        ("staff", {"nip": new_nip, "name": "Dewi Lestari", "role": "staff"}),
        ("reassignment", {"nip": new_nip, "role": "kasi"}),
        (
            "permission",
            {
                "nip": STAFF,
                "kind": "sakit",
                "start": "2024-05-02T07:30",
                "end": "2024-05-02T16:00",
                "reason": "surat dokter",
            },
        ),
        ("removal", {"nip": new_nip, "reason": "mutasi ke kecamatan"}),
    ):
        response = _send(client, page, f"{page}/{step}", fields)
        assert response.status_code == 303, (step, response.text)
    office = client.get(page, headers=bearer(tokens["auditor1"]))
    assert office.status_code == 200
    trail = client.get(f"/api/offices/{OFFICE}", headers=bearer(tokens["auditor1"])).json()
    events = [(e["event"], e["actor"]) for e in trail["timeline"]]
    for event in ("StaffAssigned", "StaffReassigned", "PermissionRecorded", "StaffRemoved"):
        assert (event, "operator1") in events, events
    hidden = _form(client, page, f"{page}/staff")
    other = client.post(
        f"/offices/{OTHER_OFFICE}/staff",
        data={**hidden, "nip": new_nip, "name": "Dewi", "role": "staff"},
    )
    assert other.status_code == 403 and OTHER_OFFICE in other.text
    bad = client.post(f"{page}/permission", data={**hidden, "nip": STAFF, "start": "kemarin"})
    assert bad.status_code == 422 and "start" in bad.text


@pytest.mark.parametrize(("lang", "title"), [("id", "Tutup kasus"), ("en", "Close the case")])
def test_the_forms_speak_the_page_language(
    client: TestClient,  # type: ignore[type-arg]
    tokens: dict[str, str],
    lang: str,
    title: str,
) -> None:
    case = client.post("/api/cases", json=CASE, headers=bearer(tokens["analis1"])).json()["id"]
    _as(client, "analis1")
    html = client.get(f"/cases/{case}?lang={lang}").text
    assert title in html


PAGE_BAD_VALUES = ["", "x" * 5000, "2024-13-45", "-1", "\u0000"]


def test_no_form_input_is_answered_with_a_500(
    client: TestClient,  # type: ignore[type-arg]
    tokens: dict[str, str],
) -> None:
    """Every field of every action's form, empty or of the wrong kind or size: a 4xx page (or
    the step recorded, where the value happens to be acceptable), never a 500."""
    from pelayanan.web.auth import PERMISSIONS
    from tests.web.support import ROLE_ACCOUNTS, csrf_field

    case = client.post("/api/cases", json=CASE, headers=bearer(tokens["analis1"])).json()["id"]
    complaint = client.post(
        "/api/complaints", json=COMPLAINT, headers=bearer(tokens["pengaduan1"])
    ).json()["id"]
    bases = {
        id(CASE_ACTIONS): f"/cases/{case}",
        id(COMPLAINT_ACTIONS): f"/complaints/{complaint}",
        id(OFFICE_ACTIONS): f"/offices/{OFFICE}",
    }
    seen = set()
    for actions in (CASE_ACTIONS, COMPLAINT_ACTIONS, OFFICE_ACTIONS):
        for action in actions.values():
            role = sorted(PERMISSIONS[action.permission], key=lambda r: r.value)[0]
            _as(client, ROLE_ACCOUNTS[role][0])
            token = csrf_field(client.get("/login").text)
            for field in action.fields:
                for value in PAGE_BAD_VALUES:
                    response = client.post(
                        f"{bases[id(actions)]}/{action.step}",
                        data={"_csrf_token": token, field.name: value},
                        follow_redirects=False,
                    )
                    assert response.status_code < 500, (action.step, field.name, value)
                    seen.add(response.status_code)
    assert {409, 422} <= seen  # the forms reached the service, past CSRF and the roles
