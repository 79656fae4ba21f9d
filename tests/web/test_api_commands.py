"""Every command of the service has an API route, and each route does what its command does.

The coverage tests read ComplianceService itself: a public method that takes an ``actor`` (or a
``decided_by``, or any parameter typed ``Official``) is a command, and its route's OpenAPI
operationId is the command's name. A command added to the service without a route fails them.
Then, per route: given a seeded store, when the official with the role calls it, the fact is
recorded with the signed-in account as the actor; when the procedure forbids it, the answer is
a 4xx naming why and nothing is recorded. (401 for every route and 403 for every role that
lacks one are in test_api.py.)
"""

from __future__ import annotations

import inspect
import re
import uuid
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from litestar.testing import TestClient

from pelayanan.domain.office import office_id
from pelayanan.domain.values import WIB
from pelayanan.service import ComplianceService
from tests.web.support import LURAH, OFFICE, STAFF, bearer
from tests.web.test_api import CASE, COMPLAINT, SIDAK, _post

ACTOR_PARAMETERS = {"actor", "decided_by"}


def _is_command(method: Any) -> bool:
    """A method naming who acts: an ``actor`` or ``decided_by``, or any parameter typed
    ``Official`` (as ``report_bap(reported_by: Official)``)."""
    parameters = inspect.signature(method).parameters
    typed = [str(p.annotation) for p in parameters.values()]
    return bool(ACTOR_PARAMETERS & set(parameters)) or any(
        re.search(r"\bOfficial\b", t) for t in typed
    )


def service_commands() -> set[str]:
    return {
        name
        for name, method in inspect.getmembers(ComplianceService, inspect.isfunction)
        if not name.startswith("_") and _is_command(method)
    }


def _operations(client: TestClient) -> dict[str, tuple[str, str]]:  # type: ignore[type-arg]
    """operationId -> (method, path) of every operation in /openapi.json."""
    found = {}
    for path, operations in client.get("/openapi.json").json()["paths"].items():
        for method, operation in operations.items():
            found[operation["operationId"]] = (method, path)
    return found


def test_the_command_list_is_read_from_the_service_itself() -> None:
    commands = service_commands()
    # A sample from every area, so that an enumeration gone wrong cannot pass as empty.
    assert {"register_office", "start_inspection", "file_complaint", "close_case"} <= commands
    assert {"decide_case", "erase_subject", "report_bap"} <= commands
    assert not {"get_case", "reveal", "data_subjects", "open"} & commands
    assert len(commands) >= 38


def commands_without_a_route(operations: dict[str, tuple[str, str]]) -> list[str]:
    """The service's commands that no ``POST /api/...`` operation is named after."""
    return sorted(
        command
        for command in service_commands()
        if operations.get(command, ("", ""))[0] != "post"
        or operations[command][1].split("/")[1] != "api"
    )


def test_every_public_command_of_the_service_has_an_api_route(
    client: TestClient,  # type: ignore[type-arg]
) -> None:
    missing = commands_without_a_route(_operations(client))
    assert missing == [], f"ComplianceService commands without an API route: {missing}"


def test_the_route_check_names_a_command_whose_route_is_gone_or_misnamed(
    client: TestClient,  # type: ignore[type-arg]
) -> None:
    """The check above can fail: without the pay-stop route, or with it under another
    operationId or method, it names the command."""
    operations = _operations(client)
    route = operations.pop("stop_pay")
    assert commands_without_a_route(operations) == ["stop_pay"]
    assert commands_without_a_route({**operations, "stop_paying": route}) == ["stop_pay"]
    assert commands_without_a_route({**operations, "stop_pay": ("get", route[1])}) == ["stop_pay"]


def test_every_route_is_in_the_openapi_document(client: TestClient) -> None:  # type: ignore[type-arg]
    documented = {
        (method.upper(), path)
        for path, operations in client.get("/openapi.json").json()["paths"].items()
        for method in operations
    }
    served = set()
    for route in client.app.routes:
        if not route.path.startswith("/api"):
            continue
        path = re.sub(r"\{(\w+):\w+\}", r"{\1}", route.path)
        for handler in route.route_handlers:  # type: ignore[attr-defined]
            for method in handler.http_methods - {"HEAD", "OPTIONS"}:
                served.add((method, path))
    assert len(served) >= 55
    assert served - documented == set()
    assert {p for _, p in documented} - {p for _, p in served} == set()


def _timeline(client: TestClient, tokens: dict[str, str], record: str) -> list[Any]:  # type: ignore[type-arg]
    found: list[Any] = client.get(
        f"/api/records/{record}/timeline", headers=bearer(tokens["auditor1"])
    ).json()
    return found


def _refused(response: Any, status: int = 409) -> str:
    assert response.status_code == status, response.text
    body = response.json()
    assert set(body) == {"error", "message"} and body["message"]
    name: str = body["error"]
    return name


# --------------------------------------------------------------------------- offices


def test_a_pejabat_sanctions_a_provider_under_uu25_and_records_the_fix(
    client: TestClient,  # type: ignore[type-arg]
    tokens: dict[str, str],
) -> None:
    sekda = tokens["sekda"]
    base = f"/api/offices/{OFFICE}/provider-sanctions"
    teguran = {"reference": "800/TEG/2024/09", "nip": LURAH, "reason": "kantor kosong",
               "occurred_at": "2024-04-30T14:00:00+07:00"}
    given = _post(client, sekda, base, teguran)
    assert given.status_code == 201, given.text
    assert given.json()["fix_by"] == "2024-07-30"
    assert _refused(_post(client, sekda, base, teguran)) == "CommandRefused"
    early = _post(client, sekda, base, {**teguran, "reference": "800/PEMB/2024/09",
                                        "sanction": "pembebasan_dari_jabatan",
                                        "follows": "800/TEG/2024/09"})
    assert _refused(early) == "ProviderSanctionRefused"
    fix = {"reference": "800/TEG/2024/09", "fixed_on": "2024-05-06", "note": "jadwal piket",
           "occurred_at": "2024-05-06T13:00:00+07:00"}
    fixed = _post(client, sekda, base + "/fixes", fix)
    assert fixed.status_code == 201, fixed.text
    assert _refused(_post(client, sekda, base + "/fixes", fix)) == "ProviderSanctionRefused"
    events = [e["event"] for e in _timeline(client, tokens, str(office_id(OFFICE)))]
    assert "ProviderSanctioned" in events and "ProviderFailureFixed" in events



def test_the_operator_records_staff_changes_service_hours_and_the_standard(
    client: TestClient,  # type: ignore[type-arg]
    tokens: dict[str, str],
) -> None:
    operator = tokens["operator1"]
    base = f"/api/offices/{OFFICE}"
    moved = _post(client, operator, base + "/staff/reassignments", {"nip": STAFF, "role": "kasi"})
    assert moved.status_code == 201, moved.text
    same = _post(client, operator, base + "/staff/reassignments", {"nip": STAFF, "role": "kasi"})
    _refused(same)
    unknown = _post(
        client, operator, base + "/staff/removals", {"nip": "199909092020121001", "reason": "x"}
    )
    assert _refused(unknown) == "UnknownStaff"
    removed = _post(client, operator, base + "/staff/removals", {"nip": STAFF, "reason": "mutasi"})
    assert removed.status_code == 201, removed.text

    hours = {
        "days": [
            {
                "weekday": day,
                "opens": "08:00:00",
                "closes": "15:00:00",
                "breaks": [{"start": "12:00:00", "end": "13:00:00"}],
            }
            for day in range(5)
        ],
        "reason": "jam pelayanan baru sejak Mei",
    }
    set_hours = _post(client, operator, base + "/service-hours", hours)
    assert (set_hours.status_code, set_hours.json()["weekly_minutes"]) == (200, 5 * 6 * 60)
    twice = {**hours, "days": hours["days"] + hours["days"][:1]}
    assert _refused(_post(client, operator, base + "/service-hours", twice), 422) == "InvalidValue"

    standard = {
        "document": "SP-JODIPAN-2024",
        "components": ["persyaratan", "jangka_waktu"],
        "maklumat": "Kami sanggup melayani sesuai standar.",
    }
    published = _post(client, operator, base + "/service-standards", standard)
    assert published.status_code == 201, published.text
    assert "persyaratan" not in published.json()["missing_components"]
    wrong = {**standard, "components": ["bukan_komponen"]}
    refused = _post(client, operator, base + "/service-standards", wrong)
    assert _refused(refused, 422) == "InvalidValue"
    assert "bukan_komponen" in refused.json()["message"]

    office_events = [
        (e["event"], e["actor"])
        for e in client.get(f"/api/offices/{OFFICE}", headers=bearer(operator)).json()["timeline"]
    ]
    for event in ("StaffReassigned", "StaffRemoved", "ServiceHoursSet", "ServiceStandardPublished"):
        assert (event, "operator1") in office_events, office_events


# --------------------------------------------------------------------------- sidak


def test_a_finding_is_amended_with_a_reason_and_referred_to_a_complaint(
    client: TestClient,  # type: ignore[type-arg]
    tokens: dict[str, str],
) -> None:
    satgas = tokens["satgas1"]
    inspection = _post(client, satgas, "/api/inspections", SIDAK).json()["id"]
    finding = {"kind": "counter_unstaffed", "severity": "medium", "description": "loket kosong"}
    assert _post(client, satgas, f"/api/inspections/{inspection}/findings", finding).json() == {
        "inspection": inspection,
        "finding": 1,
    }
    base = f"/api/inspections/{inspection}/findings"
    correction = {"reason": "salah", "severity": "low"}
    early = _post(client, satgas, base + "/1/amendments", correction)
    assert _refused(early) == "InspectionNotConcluded"  # while open, a new finding instead
    concluded = _post(client, satgas, f"/api/inspections/{inspection}/conclusion", {"summary": "s"})
    assert concluded.status_code == 201
    amended = _post(client, satgas, base + "/1/amendments", correction)
    assert amended.status_code == 201, amended.text
    assert _refused(_post(client, satgas, base + "/9/amendments", {"reason": "x"}), 422)

    nowhere = {"target": "complaint", "target_id": str(uuid.uuid4())}
    assert _refused(_post(client, satgas, base + "/1/referral", nowhere), 404) == "NotFound"
    complaint = _post(client, tokens["pengaduan1"], "/api/complaints", COMPLAINT).json()["id"]
    referred = _post(
        client, satgas, base + "/1/referral", {"target": "complaint", "target_id": complaint}
    )
    assert referred.status_code == 201, referred.text
    events = [(e["event"], e["actor"]) for e in _timeline(client, tokens, inspection)]
    assert ("FindingAmended", "satgas1") in events and ("FindingReferred", "satgas1") in events


# --------------------------------------------------------------------------- complaints


def test_the_complaint_officer_forwards_escalates_and_reopens(
    client: TestClient,  # type: ignore[type-arg]
    tokens: dict[str, str],
) -> None:
    officer = tokens["pengaduan1"]
    complaint = _post(client, officer, "/api/complaints", COMPLAINT).json()["id"]
    inspection = _post(client, tokens["satgas1"], "/api/inspections", SIDAK).json()["id"]
    base = f"/api/complaints/{complaint}"

    reopen_open = _post(client, officer, base + "/reopening", {"text": "belum puas"})
    assert _refused(reopen_open) == "ComplaintStateError"
    unit = {"to_unit": "Dispendukcapil"}
    assert _refused(_post(client, officer, base + "/forwarding", unit)) == "ComplaintStateError"
    assert _post(client, officer, base + "/acknowledgement", {"text": "diterima"}).is_success
    classified = _post(client, officer, base + "/classification", {"classification": "complaint"})
    assert classified.status_code == 200, classified.text
    # The answer carries the service-level due date the classification set, as the inbox shows.
    inbox = client.get("/api/complaints", headers=bearer(officer)).json()["rows"]
    [row] = [r for r in inbox if r["id"] == complaint]
    assert row["deadline"]["due"] == classified.json()["due"], (classified.json(), row)
    key = {"Idempotency-Key": "forward-once"}
    forwarded = _post(client, officer, base + "/forwarding", unit, **key)
    assert forwarded.status_code == 200, forwarded.text
    retried = _post(client, officer, base + "/forwarding", unit, **key)  # a flaky connection
    assert (retried.status_code, retried.headers.get("idempotent-replayed")) == (200, "true")
    escalated = _post(client, officer, base + "/escalation", {"inspection": inspection})
    assert escalated.status_code == 200, escalated.text
    assert _refused(_post(client, officer, base + "/escalation", {"inspection": inspection}))
    ghost = _post(client, officer, base + "/escalation", {"inspection": str(uuid.uuid4())})
    assert _refused(ghost, 404) == "NotFound"
    assert _post(client, officer, base + "/rejection", {"text": "bukan kewenangan"}).is_success
    reopened = _post(client, officer, base + "/reopening", {"text": "warga belum puas"})
    assert reopened.status_code == 200, reopened.text
    events = [(e["event"], e["actor"]) for e in _timeline(client, tokens, complaint)]
    for event in ("Forwarded", "EscalatedToInspection", "Rejected", "Reopened"):
        assert (event, "pengaduan1") in events, events
    assert [e for e, _ in events].count("Forwarded") == 1


# --------------------------------------------------------------------------- discipline


def _open(client: TestClient, tokens: dict[str, str], number: str) -> str:  # type: ignore[type-arg]
    response = _post(client, tokens["analis1"], "/api/cases", {**CASE, "case_number": number})
    assert response.status_code == 201, response.text
    case: str = response.json()["id"]
    return case


def _summon(
    client: TestClient,  # type: ignore[type-arg]
    tokens: dict[str, str],
    case: str,
    *,
    days: int = 2,
) -> None:
    today = datetime.now(WIB).date()
    body = {
        "letter_date": today.isoformat(),
        "examination_date": (today + timedelta(days=days)).isoformat(),
    }
    assert _post(client, tokens["lurah1"], f"/api/cases/{case}/summons", body).status_code == 201


def test_a_case_goes_through_every_step_by_the_officials_the_procedure_names(
    client: TestClient,  # type: ignore[type-arg]
    tokens: dict[str, str],
) -> None:
    case = _open(client, tokens, "BKPSDM/100")
    today = datetime.now(WIB).date().isoformat()
    steps: list[tuple[str, str, dict[str, Any]]] = [
        ("lurah1", "summons", {}),
        ("lurah1", "clarification", {"statement": "saya sakit tetapi tidak memberi kabar"}),
        ("sekda", "tim-pemeriksa", {"decree": "SK/TIM/100", "members": "Lurah, Inspektorat"}),
        ("tim1", "statements", {"given_by": "rekan kerja", "reference": "KET/100"}),
        (
            "tim1",
            "examination",
            {"bap_reference": "BAP/100", "signed_by_subject": True, "examiners": "Tim pemeriksa"},
        ),
        ("tim1", "bap-copy", {"given_on": today}),
        (
            "sekda",
            "decision",
            {"outcome": "punishment", "punishment": "teguran_lisan", "reason": "terbukti"},
        ),
        ("analis1", "delivery", {"delivered_on": today}),
        (
            "analis1",
            "objection",
            {"kind": "keberatan", "filed_on": today, "grounds": "hukuman terlalu berat"},
        ),
        ("sekda", "objection/decision", {"outcome": "upheld", "reason": "sesuai aturan"}),
        ("analis1", "punishment/start", {"effective_from": today}),
        ("analis1", "punishment/completion", {"completed_on": today}),
        ("analis1", "closure", {"reason": "hukuman selesai dijalani"}),
    ]
    for account, step, body in steps:
        if step == "summons":
            _summon(client, tokens, case)
            continue
        response = _post(client, tokens[account], f"/api/cases/{case}/{step}", body)
        assert response.status_code == 201, (step, response.text)
        assert response.json()["case"] == case
    actors = [(e["event"], e["actor"]) for e in _timeline(client, tokens, case)]
    assert [a for _, a in actors][:1] == ["analis1"]
    for event, account in (
        ("ClarificationReceived", "lurah1"),
        ("TimPemeriksaFormed", "sekda"),
        ("StatementRecorded", "tim1"),
        ("BapCopyGiven", "tim1"),
        ("DecisionDelivered", "analis1"),
        ("ObjectionFiled", "analis1"),
        ("ObjectionDecided", "sekda"),
        ("PunishmentTookEffect", "analis1"),
        ("PunishmentCompleted", "analis1"),
        ("Closed", "analis1"),
    ):
        assert (event, account) in actors, (event, actors)
    closed = client.get(f"/api/cases/{case}", headers=bearer(tokens["auditor1"])).json()
    assert closed["closed"] is True
    again = _post(client, tokens["analis1"], f"/api/cases/{case}/closure", {"reason": "lagi"})
    assert _refused(again) == "CaseClosed"


@pytest.mark.parametrize(
    ("account", "step", "body", "error"),
    [
        ("lurah1", "clarification", {"statement": "penjelasan saya"}, "DueProcessViolation"),
        ("tim1", "no-show", {}, "DueProcessViolation"),
        ("tim1", "statements", {"given_by": "rekan", "reference": "K/1"}, "DueProcessViolation"),
        ("tim1", "bap-copy", {"given_on": "2024-05-07"}, "DueProcessViolation"),
        ("analis1", "delivery", {"delivered_on": "2024-05-08"}, "DueProcessViolation"),
        (
            "analis1",
            "objection",
            {"kind": "keberatan", "filed_on": "2024-05-09", "grounds": "berat"},
            "NotAppealable",
        ),
        ("sekda", "objection/decision", {"outcome": "upheld", "reason": "r"}, "CommandRefused"),
        ("analis1", "punishment/start", {"effective_from": "2024-05-10"}, "DueProcessViolation"),
        ("analis1", "punishment/completion", {"completed_on": "2024-06-10"}, "CommandRefused"),
    ],
)
def test_a_step_out_of_order_is_refused_with_409_and_records_nothing(
    client: TestClient,  # type: ignore[type-arg]
    tokens: dict[str, str],
    account: str,
    step: str,
    body: dict[str, Any],
    error: str,
) -> None:
    case = _open(client, tokens, "BKPSDM/200")
    before = len(_timeline(client, tokens, case))
    response = _post(client, tokens[account], f"/api/cases/{case}/{step}", body)
    assert _refused(response) == error
    assert len(_timeline(client, tokens, case)) == before


def test_a_no_show_is_recorded_and_a_second_tim_refused(
    client: TestClient,  # type: ignore[type-arg]
    tokens: dict[str, str],
) -> None:
    case = _open(client, tokens, "BKPSDM/300")
    _summon(client, tokens, case, days=0)  # a no-show is recorded on the examination day
    first = _post(client, tokens["lurah1"], f"/api/cases/{case}/no-show", {})
    assert first.status_code == 201, first.text
    assert _refused(_post(client, tokens["lurah1"], f"/api/cases/{case}/no-show", {}))
    tim = {"decree": "SK/TIM/300", "members": "Lurah, Inspektorat, BKPSDM"}
    assert _post(client, tokens["sekda"], f"/api/cases/{case}/tim-pemeriksa", tim).is_success
    again = _post(client, tokens["sekda"], f"/api/cases/{case}/tim-pemeriksa", tim)
    assert _refused(again) == "CommandRefused"
    with_pending = _post(client, tokens["analis1"], f"/api/cases/{case}/closure", {"reason": "x"})
    assert with_pending.status_code == 201  # nothing pending forbids closing an undecided case
    unknown = _post(
        client, tokens["analis1"], f"/api/cases/{uuid.uuid4()}/closure", {"reason": "x"}
    )
    assert _refused(unknown, 404) == "NotFound"


# --------------------------------------------------------------------------- personal data


def test_the_administrator_erases_a_complainants_key_once(
    client: TestClient,  # type: ignore[type-arg]
    tokens: dict[str, str],
    sqlite_store: tuple[str, dict[str, str]],
) -> None:
    admin = tokens["admin"]
    complaint = _post(client, tokens["pengaduan1"], "/api/complaints", COMPLAINT).json()["id"]
    listed = client.get(f"/api/records/{complaint}/subjects", headers=bearer(admin))
    assert (
        client.get(
            f"/api/records/{complaint}/subjects", headers=bearer(tokens["auditor1"])
        ).status_code
        == 403
    )
    [subject] = listed.json()["subjects"]
    erased = _post(client, admin, f"/api/subjects/{subject}/erasure", {"reason": "permintaan"})
    assert erased.status_code == 201, erased.text
    twice = _post(client, admin, f"/api/subjects/{subject}/erasure", {"reason": "lagi"})
    assert _refused(twice, 422) == "InvalidValue"
    ghost = _post(client, admin, f"/api/subjects/{uuid.uuid4()}/erasure", {"reason": "x"})
    assert _refused(ghost, 404) == "NotFound"
    officer = bearer(tokens["pengaduan1"])
    personal = client.get(f"/api/complaints/{complaint}/personal", headers=officer)
    assert personal.status_code == 200, personal.text
    assert "Warga Rahasia" not in personal.text and "rahasia-deskripsi" not in personal.text
    service = ComplianceService.open(sqlite_store[0], vault="store")
    try:
        assert service.vault is not None and service.vault.key(uuid.UUID(subject)) is None
    finally:
        service.close()


DOCS = Path(__file__).resolve().parents[2] / "docs" / "web.md"
ROW = re.compile(r"^\| `(/api/[^`]+)` \| `([\w.]+)` \| ([^|]+) \|$", re.M)


def test_the_route_table_in_the_docs_is_the_api(client: TestClient) -> None:  # type: ignore[type-arg]
    """docs/web.md's command table: every POST route, its command and exactly its roles."""
    from tests.web.test_api import ALLOWED

    rows = {path: (command, roles) for path, command, roles in ROW.findall(DOCS.read_text())}
    operations = {
        path: operation["operationId"]
        for path, ops in client.get("/openapi.json").json()["paths"].items()
        for method, operation in ops.items()
        if method == "post"
    }
    assert set(rows) == set(operations)
    for path, (command, roles) in rows.items():
        if "." not in command:
            assert operations[path] == command, path
        named = {r.split(" (")[0].strip() for r in roles.split(", ")}
        assert named == {r.value for r in ALLOWED[path]}, path
