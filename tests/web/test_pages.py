"""The pages: sign-in with CSRF and throttling, session cookies, role-aware actions, and the
sidak recorded from forms exactly once however often the form is sent."""

from __future__ import annotations

import logging
import re
import uuid
from datetime import datetime

import pytest
from litestar.testing import TestClient

from pelayanan.domain.values import WIB
from pelayanan.web.app import create_app
from tests.web.support import OFFICE, PASSWORD, STAFF, bearer, csrf_field

PAGES = [
    "/board",
    "/board?by=kecamatan",
    f"/offices/{OFFICE}",
    "/sidak",
    "/complaints",
    "/cases",
    "/rules",
]


def sign_in(client: TestClient, name: str, password: str = PASSWORD) -> object:  # type: ignore[type-arg]
    token = csrf_field(client.get("/login").text)
    return client.post(
        "/login",
        data={"name": name, "password": password, "_csrf_token": token, "next": "/board"},
        follow_redirects=False,
    )


def test_pages_need_a_session_and_send_the_visitor_to_sign_in(client: TestClient) -> None:  # type: ignore[type-arg]
    for page in [*PAGES, "/integrity", f"/cases/{uuid.uuid4()}"]:
        response = client.get(page, follow_redirects=False)
        assert response.status_code in (302, 303), page
        assert response.headers["location"].startswith("/login")
    form_post = client.post("/sidak", data={"reference": "x"})
    assert form_post.status_code == 401


def test_sign_in_sets_an_httponly_samesite_session_cookie(client: TestClient) -> None:  # type: ignore[type-arg]
    response = sign_in(client, "satgas1")
    assert response.status_code == 303  # type: ignore[attr-defined]
    cookie = response.headers["set-cookie"]  # type: ignore[attr-defined]
    assert "pelayanan_session=" in cookie and "HttpOnly" in cookie and "SameSite=lax" in cookie
    assert "Secure" not in cookie
    for page in PAGES:
        assert client.get(page).status_code == 200, page


def test_cookies_are_secure_behind_tls(sqlite_store: tuple[str, dict[str, str]]) -> None:
    app = create_app(sqlite_store[0], secure_cookies=True)
    with TestClient(app, base_url="https://testserver.local") as secure:
        response = sign_in(secure, "satgas1")
        assert "Secure" in response.headers["set-cookie"]  # type: ignore[attr-defined]


def test_sign_in_needs_the_csrf_token_and_refuses_wrong_passwords(client: TestClient) -> None:  # type: ignore[type-arg]
    client.get("/login")
    no_token = client.post("/login", data={"name": "satgas1", "password": PASSWORD})
    assert no_token.status_code == 403
    wrong = sign_in(client, "satgas1", "salah sekali kata sandi")
    assert wrong.status_code == 401  # type: ignore[attr-defined]
    assert "pelayanan_session" not in wrong.headers.get("set-cookie", "")  # type: ignore[attr-defined]


def test_sign_in_attempts_are_throttled_per_name(client: TestClient) -> None:  # type: ignore[type-arg]
    for _ in range(5):
        assert sign_in(client, "sekda", "bukan kata sandinya").status_code == 401  # type: ignore[attr-defined]
    blocked = sign_in(client, "sekda", PASSWORD)
    assert blocked.status_code == 429  # type: ignore[attr-defined]
    # Another account from the same address (an office behind one router) still signs in.
    assert sign_in(client, "satgas1").status_code == 303  # type: ignore[attr-defined]


def test_sign_in_attempts_are_throttled_per_address_more_loosely(client: TestClient) -> None:  # type: ignore[type-arg]
    for i in range(30):
        sign_in(client, f"tebakan{i}", "bukan kata sandinya")
    assert sign_in(client, "satgas1").status_code == 429  # type: ignore[attr-defined]


def test_a_forged_or_foreign_session_cookie_is_refused(client: TestClient) -> None:  # type: ignore[type-arg]
    sign_in(client, "satgas1")
    value = client.cookies.get("pelayanan_session")
    assert value
    _account, expires, mac = value.split(".")
    forged = f"{'0' * 32}.{expires}.{mac}"
    client.cookies.set("pelayanan_session", forged)
    assert client.get("/board", follow_redirects=False).status_code == 302


def test_the_next_address_after_sign_in_stays_on_this_site(client: TestClient) -> None:  # type: ignore[type-arg]
    token = csrf_field(client.get("/login").text)
    response = client.post(
        "/login",
        data={
            "name": "satgas1",
            "password": PASSWORD,
            "_csrf_token": token,
            "next": "//evil.example/",
        },
        follow_redirects=False,
    )
    assert response.headers["location"] == "/board"


def _form(client: TestClient, page: str, action: str) -> dict[str, str]:  # type: ignore[type-arg]
    html = client.get(page).text
    form = html[html.index(f'action="{action}"') :]
    form = form[: form.index("</form>")]
    return dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', form))


def test_a_sidak_is_recorded_from_the_forms_once_however_often_they_are_sent(
    client: TestClient,  # type: ignore[type-arg]
    tokens: dict[str, str],
) -> None:
    sign_in(client, "satgas1")
    hidden = _form(client, "/sidak", "/sidak")
    start = {
        **hidden,
        "reference": "SIDAK-FORM-1",
        "office_code": OFFICE,
        "team_name": "Tim",
        "team_unit": "inspektorat",
    }
    first = client.post("/sidak", data=start, follow_redirects=False)
    again = client.post("/sidak", data=start, follow_redirects=False)  # a double tap
    assert first.status_code == again.status_code == 303
    page = first.headers["location"]
    assert again.headers["location"] == page
    inspection = page.rsplit("/", 1)[1]
    observe = {
        **_form(client, page, f"/sidak/{inspection}/observation"),
        "office_open": "on",
        "absent": STAFF,
        "citizens_waiting": "3",
    }
    for _ in range(2):
        assert (
            client.post(
                f"/sidak/{inspection}/observation", data=observe, follow_redirects=False
            ).status_code
            == 303
        )
    finding = {
        **_form(client, page, f"/sidak/{inspection}/finding"),
        "kind": "counter_unstaffed",
        "severity": "high",
        "description": "loket kosong jam 09.00",
    }
    client.post(f"/sidak/{inspection}/finding", data=finding)
    conclude = {**_form(client, page, f"/sidak/{inspection}/conclusion"), "summary": "selesai"}
    client.post(f"/sidak/{inspection}/conclusion", data=conclude)
    trail = client.get(
        f"/api/records/{inspection}/timeline", headers=bearer(tokens["auditor1"])
    ).json()
    assert [e["event"] for e in trail] == [
        "Started",
        "ObservationRecorded",
        "FindingRecorded",
        "Concluded",
    ]
    assert {e["actor"] for e in trail} == {"satgas1"}
    board = client.get("/board").text
    row = board[board.index(f'data-code="{OFFICE}"') :]
    assert '<td class="inspections">1</td>' in row[: row.index("</tr>")]


def test_a_form_refused_by_the_domain_shows_the_reason(client: TestClient) -> None:  # type: ignore[type-arg]
    sign_in(client, "satgas1")
    hidden = _form(client, "/sidak", "/sidak")
    bad = {**hidden, "reference": "S-1", "office_code": "35.73.09.9999", "team_name": "Tim"}
    response = client.post("/sidak", data=bad)
    assert response.status_code == 404
    assert "NotFound" in response.text and "office" in response.text


def _offered(client: TestClient, name: str, case: str) -> list[str]:  # type: ignore[type-arg]
    client.cookies.clear()
    sign_in(client, name)
    return sorted(re.findall(r'action="/cases/[^/]+/([\w-]+)"', client.get(f"/cases/{case}").text))


def test_a_case_page_offers_each_official_only_the_actions_of_their_role(
    client: TestClient,  # type: ignore[type-arg]
    tokens: dict[str, str],
) -> None:
    from tests.web.test_api import CASE

    case = client.post("/api/cases", json=CASE, headers=bearer(tokens["analis1"])).json()["id"]
    officials = ("lurah1", "tim1", "sekda", "analis1", "auditor1")
    assert {name: _offered(client, name, case) for name in officials} == {
        "lurah1": ["summons"],
        "tim1": [],
        "sekda": ["decision", "tim-pemeriksa"],
        "analis1": ["closure"],
        "auditor1": [],
    }
    today = datetime.now(WIB).date()
    summons = {"letter_date": today.isoformat(), "examination_date": today.isoformat()}
    summoned = client.post(
        f"/api/cases/{case}/summons", json=summons, headers=bearer(tokens["lurah1"])
    )
    assert summoned.status_code == 201
    examination = ["clarification", "examination", "no-show", "statements"]
    assert {name: _offered(client, name, case) for name in officials} == {
        "lurah1": sorted([*examination, "summons"]),
        "tim1": examination,
        "sekda": ["decision", "tim-pemeriksa"],
        "analis1": ["closure"],
        "auditor1": [],
    }


def test_an_official_outside_the_role_cannot_post_the_form_either(
    client: TestClient,  # type: ignore[type-arg]
    tokens: dict[str, str],
) -> None:
    sign_in(client, "auditor1")
    hidden = _form(client, "/sidak", "/sidak")
    response = client.post(
        "/sidak", data={**hidden, "reference": "S-2", "office_code": OFFICE, "team_name": "x"}
    )
    assert response.status_code == 403
    assert "satgas" in response.text


def test_pages_are_indonesian_by_default_and_english_on_request(client: TestClient) -> None:  # type: ignore[type-arg]
    sign_in(client, "auditor1")
    assert "Papan kepatuhan" in client.get("/board").text
    assert "Compliance board" in client.get("/board?lang=en").text
    assert "Compliance board" in client.get("/board").text  # remembered in a cookie
    assert "Log utuh" in client.get("/integrity?lang=id").text


def test_personal_data_never_reaches_the_logs(
    client: TestClient,  # type: ignore[type-arg]
    tokens: dict[str, str],
    caplog: pytest.LogCaptureFixture,
) -> None:
    from tests.web.test_api import COMPLAINT

    caplog.set_level(logging.DEBUG)
    client.post("/api/complaints", json=COMPLAINT, headers=bearer(tokens["pengaduan1"]))
    client.post(
        "/api/complaints",
        json={**COMPLAINT, "office_code": "salah"},
        headers=bearer(tokens["pengaduan1"]),
    )
    sign_in(client, "satgas1", "kata-sandi-rahasia-salah")
    text = caplog.text
    assert "Warga Rahasia" not in text and "rahasia-deskripsi-123" not in text
    assert "kata-sandi-rahasia-salah" not in text and PASSWORD not in text


def test_a_complaint_officer_works_a_complaint_from_the_inbox(
    client: TestClient,  # type: ignore[type-arg]
    tokens: dict[str, str],
) -> None:
    from tests.web.test_api import COMPLAINT

    complaint = client.post(
        "/api/complaints", json=COMPLAINT, headers=bearer(tokens["pengaduan1"])
    ).json()["id"]
    sign_in(client, "auditor1")
    inbox = client.get("/complaints").text
    assert f'href="/complaints/{complaint}"' in inbox
    assert "action=" not in client.get(f"/complaints/{complaint}").text.split("<main>")[1]
    client.cookies.clear()
    sign_in(client, "pengaduan1")
    page = f"/complaints/{complaint}"
    ack = {**_form(client, page, f"{page}/acknowledgement"), "text": "Pengaduan diterima"}
    assert (
        client.post(f"{page}/acknowledgement", data=ack, follow_redirects=False).status_code == 303
    )
    classify = {**_form(client, page, f"{page}/classification"), "classification": "complaint"}
    assert (
        client.post(f"{page}/classification", data=classify, follow_redirects=False).status_code
        == 303
    )
    html = client.get(page).text
    assert "digolongkan" in html  # the status, in Indonesian
    trail = client.get(
        f"/api/records/{complaint}/timeline", headers=bearer(tokens["auditor1"])
    ).json()
    assert [(e["event"], e["actor"]) for e in trail] == [
        ("Filed", "pengaduan1"),
        ("Acknowledged", "pengaduan1"),
        ("Classified", "pengaduan1"),
    ]
    assert "Warga Rahasia" not in html and "rahasia-deskripsi-123" not in html
