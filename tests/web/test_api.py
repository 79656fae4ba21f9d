"""The JSON API: authentication first, then roles, then the library's own answers as HTTP.

Given a seeded store (two offices, one account per role), when a client calls the API, then:
every write without credentials is 401, every role it lacks is 403, bad input is 400/422,
unknown records 404, conflicts and due-process refusals 409, and the actor recorded is the
signed-in account whatever the request says.
"""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta
from typing import Any

import pytest
from litestar.testing import TestClient

from pelayanan.domain.account import AccountRole
from pelayanan.domain.values import WIB
from pelayanan.service import ComplianceService
from tests.web.support import LURAH, OFFICE, OTHER_OFFICE, ROLE_ACCOUNTS, STAFF, bearer

SIDAK = {"reference": "SIDAK-API-1", "office_code": OFFICE, "team": [{"name": "Tim A"}]}
COMPLAINT = {
    "reference": "LAPOR-1",
    "office_code": OFFICE,
    "channel": "walk_in",
    "subject": "pelayanan KTP lambat",
    "description": "rahasia-deskripsi-123",
    "complainant_name": "Warga Rahasia",
}
CASE = {
    "case_number": "BKPSDM/001",
    "nip": STAFF,
    "name": "Eko Saputra",
    "office_code": OFFICE,
    "source_kind": "finding",
    "source_reference": "SIDAK-API-1",
    "breach_kind": "attendance",
    "description": "tidak masuk kerja tanpa keterangan",
    "days_absent": 4,
}


def _post(client: TestClient, token: str, path: str, body: Any, **headers: str) -> Any:  # type: ignore[type-arg]
    return client.post(path, json=body, headers={**bearer(token), **headers})


def _records(client: TestClient, tokens: dict[str, str]) -> dict[str, str]:  # type: ignore[type-arg]
    """A sidak, a complaint and a case, created by the roles that may create them."""
    sidak = _post(client, tokens["satgas1"], "/api/inspections", SIDAK)
    complaint = _post(client, tokens["pengaduan1"], "/api/complaints", COMPLAINT)
    case = _post(client, tokens["analis1"], "/api/cases", CASE)
    assert (sidak.status_code, complaint.status_code, case.status_code) == (201, 201, 201)
    return {
        "inspection": sidak.json()["id"],
        "complaint": complaint.json()["id"],
        "case": case.json()["id"],
    }


def _write_paths(client: TestClient) -> list[str]:  # type: ignore[type-arg]
    paths = client.get("/openapi.json").json()["paths"]
    return sorted(p for p, ops in paths.items() if "post" in ops)


def _concrete(path: str) -> str:
    return (
        path.replace("{code}", OFFICE)
        .replace("{name}", "satgas1")
        .replace("{inspection}", str(uuid.uuid4()))
        .replace("{complaint}", str(uuid.uuid4()))
        .replace("{case}", str(uuid.uuid4()))
        .replace("{record}", str(uuid.uuid4()))
        .replace("{subject}", str(uuid.uuid4()))
        .replace("{number}", "1")
    )


def test_health_openapi_and_docs_are_served(client: TestClient) -> None:  # type: ignore[type-arg]
    assert client.get("/healthz").json()["status"] == "ok"
    schema = client.get("/openapi.json").json()
    assert schema["openapi"].startswith("3.")
    assert "/api/inspections" in schema["paths"]
    body = schema["paths"]["/api/inspections"]["post"]["requestBody"]
    assert body["content"]["application/json"]["schema"]
    assert client.get("/docs/swagger").status_code == 200


def test_every_write_without_credentials_is_401(client: TestClient) -> None:  # type: ignore[type-arg]
    paths = _write_paths(client)
    assert len(paths) >= 20
    for path in paths:
        response = client.post(_concrete(path), json={})
        assert response.status_code == 401, path
        assert response.json()["error"] == "NotAuthenticated"


@pytest.mark.parametrize(
    "authorization",
    ["Bearer pel.nonsense", "Bearer " + "pel." + "0" * 32 + ".abcd.secret", "Basic YWRtaW46eA=="],
)
def test_every_write_with_bad_credentials_is_401(
    client: TestClient,  # type: ignore[type-arg]
    authorization: str,
) -> None:
    for path in _write_paths(client):
        response = client.post(_concrete(path), json={}, headers={"Authorization": authorization})
        assert response.status_code == 401, path


def test_every_read_without_credentials_is_401(client: TestClient) -> None:  # type: ignore[type-arg]
    paths = client.get("/openapi.json").json()["paths"]
    reads = [p for p, ops in paths.items() if "get" in ops]
    assert len(reads) >= 10
    for path in reads:
        response = client.get(_concrete(path))
        assert response.status_code == 401, path


def test_a_session_cookie_alone_cannot_write_through_the_api(
    client: TestClient,  # type: ignore[type-arg]
) -> None:
    from tests.web.support import PASSWORD, csrf_field

    token = csrf_field(client.get("/login").text)
    client.post("/login", data={"name": "satgas1", "password": PASSWORD, "_csrf_token": token})
    assert client.get("/api/me").json()["name"] == "satgas1"
    response = client.post("/api/inspections", json=SIDAK)
    assert response.status_code == 401
    assert "Bearer" in response.json()["message"]


# Which roles may call each command; every other role must get 403.
ALLOWED: dict[str, set[AccountRole]] = {
    "/api/offices": {AccountRole.ADMIN},
    "/api/offices/{code}/staff": {AccountRole.OPERATOR},
    "/api/offices/{code}/permissions": {AccountRole.OPERATOR},
    "/api/offices/{code}/staff/reassignments": {AccountRole.OPERATOR},
    "/api/offices/{code}/staff/removals": {AccountRole.OPERATOR},
    "/api/offices/{code}/service-hours": {AccountRole.OPERATOR},
    "/api/offices/{code}/service-standards": {AccountRole.OPERATOR},
    "/api/offices/{code}/provider-sanctions": {AccountRole.PEJABAT},
    "/api/offices/{code}/provider-sanctions/fixes": {AccountRole.PEJABAT},
    "/api/inspections": {AccountRole.SATGAS},
    "/api/inspections/{inspection}/observations": {AccountRole.SATGAS},
    "/api/inspections/{inspection}/findings": {AccountRole.SATGAS},
    "/api/inspections/{inspection}/conclusion": {AccountRole.SATGAS},
    "/api/inspections/{inspection}/findings/{number}/amendments": {AccountRole.SATGAS},
    "/api/inspections/{inspection}/findings/{number}/referral": {AccountRole.SATGAS},
    "/api/complaints": {AccountRole.COMPLAINT_OFFICER},
    "/api/complaints/{complaint}/acknowledgement": {AccountRole.COMPLAINT_OFFICER},
    "/api/complaints/{complaint}/classification": {AccountRole.COMPLAINT_OFFICER},
    "/api/complaints/{complaint}/response": {AccountRole.COMPLAINT_OFFICER},
    "/api/complaints/{complaint}/resolution": {AccountRole.COMPLAINT_OFFICER},
    "/api/complaints/{complaint}/rejection": {AccountRole.COMPLAINT_OFFICER},
    "/api/complaints/{complaint}/forwarding": {AccountRole.COMPLAINT_OFFICER},
    "/api/complaints/{complaint}/escalation": {AccountRole.COMPLAINT_OFFICER},
    "/api/complaints/{complaint}/reopening": {AccountRole.COMPLAINT_OFFICER},
    "/api/cases": {AccountRole.ANALYST},
    "/api/cases/{case}/summons": {AccountRole.ATASAN},
    "/api/cases/{case}/examination": {AccountRole.ATASAN, AccountRole.TIM_PEMERIKSA},
    "/api/cases/{case}/decision": {AccountRole.PEJABAT},
    "/api/cases/{case}/clarification": {AccountRole.ATASAN, AccountRole.TIM_PEMERIKSA},
    "/api/cases/{case}/no-show": {AccountRole.ATASAN, AccountRole.TIM_PEMERIKSA},
    "/api/cases/{case}/tim-pemeriksa": {AccountRole.PEJABAT},
    "/api/cases/{case}/statements": {AccountRole.ATASAN, AccountRole.TIM_PEMERIKSA},
    "/api/cases/{case}/bap-copy": {AccountRole.ATASAN, AccountRole.TIM_PEMERIKSA},
    "/api/cases/{case}/bap-report": {AccountRole.ATASAN, AccountRole.TIM_PEMERIKSA},
    "/api/cases/{case}/delivery": {AccountRole.PEJABAT, AccountRole.ANALYST},
    "/api/cases/{case}/temporary-release": {AccountRole.ATASAN},
    "/api/cases/{case}/pay-stop": {AccountRole.PEJABAT, AccountRole.ANALYST},
    "/api/cases/{case}/pay-reinstatement": {AccountRole.PEJABAT, AccountRole.ANALYST},
    "/api/cases/{case}/decree": {AccountRole.PEJABAT},
    "/api/cases/{case}/decree/summons": {AccountRole.PEJABAT, AccountRole.ANALYST},
    "/api/cases/{case}/decree/sending": {AccountRole.PEJABAT, AccountRole.ANALYST},
    "/api/cases/{case}/objection": {AccountRole.ANALYST},
    "/api/cases/{case}/objection/decision": {AccountRole.PEJABAT},
    "/api/cases/{case}/punishment/start": {AccountRole.ANALYST},
    "/api/cases/{case}/punishment/completion": {AccountRole.ANALYST},
    "/api/cases/{case}/closure": {AccountRole.ANALYST},
    "/api/subjects/{subject}/erasure": {AccountRole.ADMIN},
    "/api/accounts": {AccountRole.ADMIN},
    "/api/accounts/{name}/grants": {AccountRole.ADMIN},
    "/api/accounts/{name}/revocations": {AccountRole.ADMIN},
    "/api/accounts/{name}/disable": {AccountRole.ADMIN},
    "/api/accounts/{name}/position": {AccountRole.ADMIN},
}

BODIES: dict[str, dict[str, Any]] = {
    "/api/offices": {"code": "35.73.05.1001", "name": "Baru", "kecamatan": "Sukun"},
    "/api/offices/{code}/staff": {"nip": "199001012015011001", "name": "Dewi", "role": "staff"},
    "/api/offices/{code}/permissions": {
        "nip": STAFF,
        "kind": "izin",
        "start": "2024-05-01T08:00:00+07:00",
        "end": "2024-05-01T12:00:00+07:00",
        "reason": "keperluan keluarga",
    },
    "/api/offices/{code}/staff/reassignments": {"nip": STAFF, "role": "kasi"},
    "/api/offices/{code}/staff/removals": {"nip": STAFF, "reason": "pensiun"},
    "/api/offices/{code}/service-hours": {
        "days": [{"weekday": 0, "opens": "08:00:00", "closes": "15:00:00"}],
        "reason": "jam pelayanan baru",
    },
    "/api/offices/{code}/service-standards": {
        "document": "SP-JODIPAN-2024",
        "components": ["persyaratan", "jangka_waktu"],
        "maklumat": "Kami sanggup melayani sesuai standar.",
    },
    "/api/offices/{code}/provider-sanctions": {
        "reference": "800/TEG/2024/01",
        "nip": LURAH,
        "reason": "kantor kosong pada jam layanan",
    },
    "/api/offices/{code}/provider-sanctions/fixes": {
        "reference": "800/TEG/2024/01",
        "fixed_on": "2024-05-06",
        "note": "jadwal piket",
    },
    "/api/inspections": {**SIDAK, "reference": "SIDAK-API-2"},
    "/api/inspections/{inspection}/observations": {
        "at": "2024-05-02T09:00:00+07:00",
        "office_open": True,
        "counter_staffed": True,
    },
    "/api/inspections/{inspection}/findings": {
        "kind": "counter_unstaffed",
        "severity": "medium",
        "description": "loket kosong",
    },
    "/api/inspections/{inspection}/conclusion": {"summary": "selesai"},
    "/api/inspections/{inspection}/findings/{number}/amendments": {
        "reason": "salah catat",
        "severity": "low",
    },
    "/api/inspections/{inspection}/findings/{number}/referral": {
        "target": "complaint",
        "target_id": str(uuid.UUID(int=7)),
    },
    "/api/complaints": {**COMPLAINT, "reference": "LAPOR-2"},
    "/api/complaints/{complaint}/acknowledgement": {"text": "diterima"},
    "/api/complaints/{complaint}/classification": {"classification": "ordinary"},
    "/api/complaints/{complaint}/response": {"text": "sedang ditangani"},
    "/api/complaints/{complaint}/resolution": {"text": "selesai"},
    "/api/complaints/{complaint}/rejection": {"text": "bukan kewenangan"},
    "/api/complaints/{complaint}/forwarding": {"to_unit": "Dispendukcapil"},
    "/api/complaints/{complaint}/escalation": {"inspection": str(uuid.UUID(int=8))},
    "/api/complaints/{complaint}/reopening": {"text": "warga belum puas"},
    "/api/cases": {**CASE, "case_number": "BKPSDM/002"},
    "/api/cases/{case}/summons": {"letter_date": "2024-05-02", "examination_date": "2024-05-06"},
    "/api/cases/{case}/examination": {
        "bap_reference": "BAP/1",
        "signed_by_subject": True,
        "examiners": "Lurah",
    },
    "/api/cases/{case}/decision": {"outcome": "dismissed", "reason": "tidak terbukti"},
    "/api/cases/{case}/clarification": {"statement": "saya sakit tetapi tidak memberi kabar"},
    "/api/cases/{case}/no-show": {"occurred_at": "2024-05-06T09:00:00+07:00"},
    "/api/cases/{case}/tim-pemeriksa": {"decree": "SK/TIM/1", "members": "Lurah, Inspektorat"},
    "/api/cases/{case}/statements": {"given_by": "rekan kerja", "reference": "KET/1"},
    "/api/cases/{case}/bap-copy": {"given_on": "2024-05-07"},
    "/api/cases/{case}/bap-report": {},
    "/api/cases/{case}/delivery": {"delivered_on": "2024-05-08"},
    "/api/cases/{case}/temporary-release": {
        "released_from": "2024-05-06",
        "acting_official": "Sekretaris Kelurahan (Plh)",
    },
    "/api/cases/{case}/pay-stop": {"ordered_on": "2024-05-06"},
    "/api/cases/{case}/pay-reinstatement": {"returned_on": "2024-05-07"},
    "/api/cases/{case}/decree": {
        "number": "800/1/2024",
        "set_on": "2024-05-08",
        "copies_to": ["Wali Kota Malang", "Kepala BKPSDM"],
    },
    "/api/cases/{case}/decree/summons": {"letter_date": "2024-05-08", "receive_on": "2024-05-10"},
    "/api/cases/{case}/decree/sending": {"sent_on": "2024-05-11", "dispatch_reference": "POS/1"},
    "/api/cases/{case}/objection": {
        "kind": "keberatan",
        "filed_on": "2024-05-09",
        "grounds": "hukuman terlalu berat",
    },
    "/api/cases/{case}/objection/decision": {"outcome": "upheld", "reason": "sesuai aturan"},
    "/api/cases/{case}/punishment/start": {"effective_from": "2024-05-10"},
    "/api/cases/{case}/punishment/completion": {"completed_on": "2024-06-10"},
    "/api/cases/{case}/closure": {"reason": "selesai"},
    "/api/subjects/{subject}/erasure": {"reason": "permintaan warga"},
    "/api/accounts": {"name": "baru", "password": "kata sandi panjang", "role": "satgas"},
    "/api/accounts/{name}/grants": {"role": "tim_pemeriksa"},
    "/api/accounts/{name}/revocations": {"role": "satgas"},
    "/api/accounts/{name}/disable": {"reason": "pindah tugas"},
    "/api/accounts/{name}/position": {"position": "sekda"},
}


def test_every_command_is_refused_with_403_for_every_role_that_lacks_it(
    client: TestClient,  # type: ignore[type-arg]
    tokens: dict[str, str],
) -> None:
    records = _records(client, tokens)
    assert set(ALLOWED) == set(_write_paths(client)), "a new command needs its row here"
    for template, allowed in ALLOWED.items():
        path = (
            template.replace("{code}", OFFICE)
            .replace("{name}", "satgas1")
            .replace("{inspection}", records["inspection"])
            .replace("{complaint}", records["complaint"])
            .replace("{case}", records["case"])
            .replace("{number}", "1")
            .replace("{subject}", str(uuid.uuid4()))
        )
        for role, (account, _) in ROLE_ACCOUNTS.items():
            if role in allowed:
                continue
            response = _post(client, tokens[account], path, BODIES[template])
            assert response.status_code == 403, (template, role)
            assert response.json()["error"] == "Forbidden"


def test_office_scoped_roles_act_only_for_their_own_office(
    client: TestClient,  # type: ignore[type-arg]
    tokens: dict[str, str],
) -> None:
    staff = BODIES["/api/offices/{code}/staff"]
    own = _post(client, tokens["operator1"], f"/api/offices/{OFFICE}/staff", staff)
    other = _post(client, tokens["operator1"], f"/api/offices/{OTHER_OFFICE}/staff", staff)
    assert own.status_code == 201
    assert other.status_code == 403
    assert OTHER_OFFICE in other.json()["message"]


def test_the_actor_recorded_is_the_signed_in_account_not_a_name_in_the_request(
    client: TestClient,  # type: ignore[type-arg]
    tokens: dict[str, str],
) -> None:
    forged = {**SIDAK, "actor": {"name": "Kepala Dinas", "role": "admin"}}
    created = _post(client, tokens["satgas1"], "/api/inspections", forged)
    assert created.status_code == 201
    trail = client.get(
        f"/api/records/{created.json()['id']}/timeline", headers=bearer(tokens["auditor1"])
    ).json()
    assert [(e["actor"], e["actor_role"]) for e in trail] == [("satgas1", "satgas")]


def test_errors_are_json_with_a_name_and_a_message_and_the_right_status(
    client: TestClient,  # type: ignore[type-arg]
    tokens: dict[str, str],
) -> None:
    satgas = tokens["satgas1"]
    bad_office = _post(client, satgas, "/api/inspections", {**SIDAK, "office_code": "nope"})
    assert (bad_office.status_code, bad_office.json()["error"]) == (422, "InvalidValue")
    assert "nope" in bad_office.json()["message"]
    missing = _post(client, satgas, "/api/inspections", {"reference": "X"})
    assert (missing.status_code, missing.json()["error"]) == (400, "BadRequest")
    assert "office_code" in missing.json()["message"]
    garbage = client.post(
        "/api/inspections",
        content=b"{not json",
        headers={**bearer(satgas), "content-type": "application/json"},
    )
    assert garbage.status_code == 400
    unknown = _post(
        client,
        satgas,
        f"/api/inspections/{uuid.uuid4()}/findings",
        BODIES["/api/inspections/{inspection}/findings"],
    )
    assert (unknown.status_code, unknown.json()["error"]) == (404, "NotFound")
    first = _post(client, satgas, "/api/inspections", SIDAK)
    again = _post(client, satgas, "/api/inspections", SIDAK)
    assert first.status_code == 201
    assert (again.status_code, again.json()["error"]) == (409, "AlreadyExists")
    not_found = client.get(f"/api/cases/{uuid.uuid4()}", headers=bearer(satgas))
    assert not_found.status_code == 404
    assert client.get("/api/no-such-thing", headers=bearer(satgas)).status_code == 404


def test_a_due_process_refusal_is_409_with_the_reason(
    client: TestClient,  # type: ignore[type-arg]
    tokens: dict[str, str],
) -> None:
    case = _post(client, tokens["analis1"], "/api/cases", CASE).json()["id"]
    decided = _post(
        client,
        tokens["sekda"],
        f"/api/cases/{case}/decision",
        {"outcome": "punishment", "punishment": "teguran_lisan", "reason": "terbukti"},
    )
    assert decided.status_code == 409
    assert decided.json()["error"] in ("DueProcessViolation", "CommandRefused")


def test_a_command_sent_twice_with_one_idempotency_key_is_recorded_once(
    client: TestClient,  # type: ignore[type-arg]
    tokens: dict[str, str],
    sqlite_store: tuple[str, dict[str, str]],
) -> None:
    satgas = tokens["satgas1"]
    inspection = _post(client, satgas, "/api/inspections", SIDAK).json()["id"]
    path = f"/api/inspections/{inspection}/findings"
    body = BODIES["/api/inspections/{inspection}/findings"]
    first = _post(client, satgas, path, body, **{"Idempotency-Key": "phone-1"})
    second = _post(client, satgas, path, body, **{"Idempotency-Key": "phone-1"})
    assert first.status_code == second.status_code == 201
    assert first.json() == second.json() == {"inspection": inspection, "finding": 1}
    assert second.headers.get("idempotent-replayed") == "true"
    reused = _post(
        client, satgas, path, {**body, "description": "lain"}, **{"Idempotency-Key": "phone-1"}
    )
    assert (reused.status_code, reused.json()["error"]) == (422, "InvalidValue")
    service = ComplianceService.open(sqlite_store[0])
    try:
        assert len(service.get_inspection(uuid.UUID(inspection)).findings) == 1
    finally:
        service.close()


def test_a_refused_command_releases_its_idempotency_key(
    client: TestClient,  # type: ignore[type-arg]
    tokens: dict[str, str],
) -> None:
    satgas = tokens["satgas1"]
    refused = _post(
        client,
        satgas,
        "/api/inspections",
        {**SIDAK, "office_code": "35.73.09.9999"},
        **{"Idempotency-Key": "k"},
    )
    assert refused.status_code == 404
    fixed = _post(
        client,
        satgas,
        "/api/inspections",
        {**SIDAK, "office_code": "35.73.09.9999"},
        **{"Idempotency-Key": "k"},
    )
    assert fixed.status_code == 404  # run again, not replayed from a stored answer
    assert fixed.headers.get("idempotent-replayed") is None


def test_a_disabled_account_and_a_revoked_token_stop_working_at_once(
    client: TestClient,  # type: ignore[type-arg]
    tokens: dict[str, str],
) -> None:
    assert client.get("/api/me", headers=bearer(tokens["satgas1"])).status_code == 200
    disabled = _post(client, tokens["admin"], "/api/accounts/satgas1/disable", {"reason": "mutasi"})
    assert disabled.status_code == 200
    assert client.get("/api/me", headers=bearer(tokens["satgas1"])).status_code == 401
    revoked = _post(
        client, tokens["admin"], "/api/accounts/tim1/revocations", {"role": "tim_pemeriksa"}
    )
    assert revoked.status_code == 201
    # Signed in, but with no role left: every read and write is 403.
    assert client.get("/api/me", headers=bearer(tokens["tim1"])).status_code == 403
    assert client.get("/api/board", headers=bearer(tokens["tim1"])).status_code == 403


def test_an_auditor_sees_personal_data_only_after_an_explicit_recorded_grant(
    client: TestClient,  # type: ignore[type-arg]
    tokens: dict[str, str],
) -> None:
    complaint = _post(client, tokens["pengaduan1"], "/api/complaints", COMPLAINT).json()["id"]
    path = f"/api/complaints/{complaint}/personal"
    assert client.get(path, headers=bearer(tokens["auditor1"])).status_code == 403
    officer = client.get(path, headers=bearer(tokens["pengaduan1"])).json()
    assert officer["complainant"]["name"] == "Warga Rahasia"
    granted = _post(client, tokens["admin"], "/api/accounts/auditor1/grants", {"role": "reveal"})
    assert granted.status_code == 201
    revealed = client.get(path, headers=bearer(tokens["auditor1"]))
    assert revealed.status_code == 200
    assert revealed.json()["description"] == "rahasia-deskripsi-123"
    # The grant is itself an event: who granted whom what, and no hash in sight.
    history = client.get("/api/accounts/auditor1/history", headers=bearer(tokens["auditor1"]))
    assert history.status_code == 200
    rows = history.json()
    assert [r["event"] for r in rows][-1] == "RoleGranted"
    assert (rows[-1]["actor"], rows[-1]["details"]) == ("admin", {"role": "reveal", "office": None})
    assert "argon2" not in history.text and "token_hash" not in history.text
    assert (
        client.get("/api/accounts/admin/history", headers=bearer(tokens["satgas1"])).status_code
        == 403
    )
    listing = client.get("/api/accounts", headers=bearer(tokens["admin"])).json()
    auditor = next(a for a in listing if a["name"] == "auditor1")
    assert {"role": "reveal", "office": None} in auditor["roles"]


def test_reads_come_from_the_views_and_show_a_command_at_once(
    client: TestClient,  # type: ignore[type-arg]
    tokens: dict[str, str],
) -> None:
    auditor = bearer(tokens["auditor1"])
    before = client.get("/api/board", headers=auditor).json()["rows"]
    assert next(r for r in before if r["code"] == OFFICE)["inspections"] == 0
    _post(client, tokens["satgas1"], "/api/inspections", SIDAK)
    after = client.get("/api/board", headers=auditor).json()["rows"]
    assert next(r for r in after if r["code"] == OFFICE)["inspections"] == 1
    kecamatan = client.get("/api/board?by=kecamatan", headers=auditor).json()["rows"]
    assert {r["kecamatan"] for r in kecamatan} == {"Blimbing", "Klojen"}
    assert client.get("/api/board?by=desa", headers=auditor).status_code == 422
    office = client.get(f"/api/offices/{OFFICE}", headers=auditor).json()
    assert office["office"]["name"] == "Jodipan"
    assert office["timeline"][0]["event"] == "Started"


def test_a_case_moves_through_summons_examination_and_decision_by_the_right_officials(
    client: TestClient,  # type: ignore[type-arg]
    tokens: dict[str, str],
) -> None:
    case = _post(client, tokens["analis1"], "/api/cases", CASE).json()["id"]
    page = client.get(f"/api/cases/{case}", headers=bearer(tokens["auditor1"])).json()
    assert page["next_step"].startswith("summon")
    today = datetime.now(WIB).date()
    summoned = _post(
        client,
        tokens["lurah1"],
        f"/api/cases/{case}/summons",
        # The letter is written today (not before the case was opened), the examination soon.
        {
            "letter_date": today.isoformat(),
            "examination_date": (today + timedelta(days=2)).isoformat(),
        },
    )
    assert summoned.status_code == 201, summoned.json()
    examined = _post(
        client,
        tokens["tim1"],
        f"/api/cases/{case}/examination",
        BODIES["/api/cases/{case}/examination"],
    )
    assert examined.status_code == 201, examined.json()
    decided = _post(
        client,
        tokens["sekda"],
        f"/api/cases/{case}/decision",
        {"outcome": "punishment", "punishment": "teguran_lisan", "reason": "terbukti"},
    )
    assert decided.status_code == 201, decided.json()
    page = client.get(f"/api/cases/{case}", headers=bearer(tokens["auditor1"])).json()
    assert page["next_step"].startswith("deliver")
    assert [e["actor"] for e in page["timeline"]] == ["analis1", "lurah1", "tim1", "sekda"]
    register = client.get("/api/cases", headers=bearer(tokens["auditor1"])).json()["rows"]
    assert [r["nip"] for r in register] == [STAFF]
    assert LURAH not in {r["nip"] for r in register}


def test_rules_catalogue_evaluation_and_integrity(
    client: TestClient,  # type: ignore[type-arg]
    tokens: dict[str, str],
) -> None:
    auditor = bearer(tokens["auditor1"])
    catalogue = client.get("/api/rules", headers=auditor).json()
    assert catalogue and {"rule_id", "citation", "verified"} <= set(catalogue[0])
    ladder = client.get("/api/rules/attendance?days=11&on=2024-06-03", headers=auditor).json()
    assert ladder["punishment"] and ladder["citation"].startswith("PP 94/2021")
    assert client.get("/api/rules/attendance?days=-1", headers=auditor).status_code == 400
    assert (
        client.get("/api/rules/attendance?days=2&consecutive=3", headers=auditor).status_code == 422
    )
    due = client.get(
        "/api/rules/deadline?kind=summons_examination&start=2024-06-03", headers=auditor
    )
    assert due.status_code == 200 and due.json()["due"]
    assert (
        client.get("/api/rules/deadline?kind=nope&start=2024-06-03", headers=auditor).status_code
        == 422
    )
    report = client.get("/api/integrity", headers=auditor).json()
    assert report["intact"] is True and report["events"] == report["head"]
    assert client.get("/api/integrity", headers=bearer(tokens["satgas1"])).status_code == 403


BAD_VALUES: list[Any] = [
    None,
    "",
    -1,
    10**30,
    "x" * 5000,
    "2024-13-45",
    [],
    {},
    True,
    "2024-05-01T09:00:00",
]


def test_no_bad_input_to_any_command_is_answered_with_a_500(
    client: TestClient,  # type: ignore[type-arg]
    tokens: dict[str, str],
) -> None:
    """Each field of each command's body replaced by values of the wrong kind, size or shape:
    every answer is a 4xx naming the problem, never a 500."""
    records = _records(client, tokens)
    by_role = {role: name for role, (name, _) in ROLE_ACCOUNTS.items()}
    seen = set()
    for template, allowed in ALLOWED.items():
        if template.endswith("/disable"):
            continue  # would lock out the accounts the rest of this test uses
        token = tokens[by_role[sorted(allowed, key=lambda r: r.value)[0]]]
        path = (
            template.replace("{code}", OFFICE)
            .replace("{name}", "analis1")
            .replace("{inspection}", records["inspection"])
            .replace("{complaint}", records["complaint"])
            .replace("{case}", records["case"])
            .replace("{number}", "1")
            .replace("{subject}", str(uuid.uuid4()))
        )
        for field in BODIES[template]:
            for value in BAD_VALUES:
                body = {**BODIES[template], field: value}
                response = _post(client, token, path, body)
                seen.add(response.status_code)
                assert response.status_code < 500, (template, field, value, response.text)
                if response.status_code >= 400:
                    assert set(response.json()) == {"error", "message"}, response.text
    assert seen & {400, 422}
