"""Deciding through the front door as an official (PP 94/2021 authority by position).

With an organisation, the service decides a punishment only for an official whose position gives
authority over the PNS. An account holds a position of the organisation (``pelayanan users
position``); the web decides as that official, and the service's authority check is the only
judge: given an examined case, when an account with the authorised position decides, 201 and the
recorded authority names its position; a position without authority, 409 NoAuthority; no
position, 403 and nothing recorded. An administrator gives an account its position through the
API as through ``pelayanan users position``. On SQLite and PostgreSQL.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, time, timedelta
from typing import Any
from uuid import UUID

import pytest
from litestar.testing import TestClient

from pelayanan.accounts import Accounts
from pelayanan.clock import ManualClock
from pelayanan.domain.discipline import Breach, BreachKind, CaseSource, SourceKind
from pelayanan.domain.organisation import Organisation
from pelayanan.domain.values import WIB
from pelayanan.service import ComplianceService
from pelayanan.web.app import create_app
from tests.test_due_process import CLERK, KASI, LURAH_OFFICIAL, MALANG
from tests.web.support import OFFICE, PASSWORD, SETUP, bearer, seed

TEGURAN = {"outcome": "punishment", "punishment": "teguran_tertulis", "reason": "5 hari alpa"}


@pytest.fixture
def city(store_url: str) -> Iterator[tuple[ComplianceService, TestClient, dict[str, str]]]:  # type: ignore[type-arg]
    db = store_url
    tokens = seed(db)
    clock = ManualClock(datetime(2024, 4, 29, 8, tzinfo=WIB))
    service = ComplianceService.open(db, vault="store", clock=clock, organisation=MALANG)
    accounts = Accounts(service)
    for name, role, office, position in (
        ("lurah.jodipan", "pejabat", None, "lurah-jodipan"),
        ("sekda.kota", "pejabat", None, "sekda"),
        ("camat.blimbing", "pejabat", None, "camat-blimbing"),
        ("pejabat.baru", "pejabat", None, None),  # given a position through the API
    ):
        accounts.add(
            name, password=PASSWORD, role=role, office=office, position=position, actor=SETUP
        )
        tokens[name] = accounts.issue_token(name, label="tests", actor=SETUP)
    # The lurah is also the atasan langsung of the office's staff: one account, both roles (a
    # position is held by one account).
    accounts.grant("lurah.jodipan", "atasan", OFFICE, actor=SETUP)
    try:
        with TestClient(create_app(db, service=service, secret=b"test secret")) as client:
            yield service, client, tokens
    finally:
        service.close()


def _examined(service: ComplianceService, days: int) -> UUID:
    """A case of the kasi (a pelaksana under the lurah) of the office, examined."""
    case = service.open_case(
        f"BKPSDM/2024/{days}",
        nip=KASI,
        name="Pegawai",
        office_code=OFFICE,
        actor=CLERK,
        source=CaseSource(SourceKind.ATTENDANCE_REPORT, "rekap absensi April 2024"),
        breach=Breach(BreachKind.ATTENDANCE, "tidak masuk kerja", days_absent=days),
    )
    clock = service.clock
    assert isinstance(clock, ManualClock)
    letter = clock.now().date()
    exam = letter + timedelta(days=4)
    service.request_clarification(case, letter_date=letter, examination_date=exam, actor=CLERK)
    clock.set(datetime.combine(exam, time(10), tzinfo=WIB))
    service.record_examination(
        case, bap_reference="BAP/1", signed_by_subject=True, examiners="atasan", actor=CLERK
    )
    return case


def test_the_authorised_position_decides_a_punishment_through_the_api(city: tuple) -> None:  # type: ignore[type-arg]
    service, client, tokens = city
    case = _examined(service, days=5)
    answer = client.post(
        f"/api/cases/{case}/decision", json=TEGURAN, headers=bearer(tokens["lurah.jodipan"])
    )
    assert answer.status_code == 201, answer.text
    assert answer.json()["punishment"] == "teguran_tertulis"
    recorded = service.get_case(case)
    assert recorded.authority is not None
    assert recorded.authority.official_position == "lurah-jodipan"
    assert recorded.decision is not None
    assert recorded.decision.decided_by.name == "lurah.jodipan"
    assert recorded.decision.decided_by.role == "Lurah Jodipan"


def test_a_position_without_authority_is_refused_by_the_service(city: tuple) -> None:  # type: ignore[type-arg]
    service, client, tokens = city
    case = _examined(service, days=5)
    head = service.head()
    answer = client.post(
        f"/api/cases/{case}/decision", json=TEGURAN, headers=bearer(tokens["sekda.kota"])
    )
    assert answer.status_code == 409, answer.text
    assert answer.json()["error"] == "NoAuthority"
    assert "pp94.punishing_authority" in answer.json()["message"]
    assert service.head() == head and service.get_case(case).decision is None


def test_an_account_without_a_position_gets_403_naming_the_need(city: tuple) -> None:  # type: ignore[type-arg]
    service, client, tokens = city
    case = _examined(service, days=5)
    head = service.head()
    answer = client.post(
        f"/api/cases/{case}/decision", json=TEGURAN, headers=bearer(tokens["sekda"])
    )
    assert answer.status_code == 403, answer.text
    assert answer.json()["error"] == "Forbidden"
    assert "position is needed" in answer.json()["message"]
    assert service.head() == head


def test_the_atasan_reports_the_bap_up_through_the_api(city: tuple) -> None:  # type: ignore[type-arg]
    service, client, tokens = city
    # 12 days absent: a sedang punishment, beyond a pengawas's (the lurah's) authority.
    case = _examined(service, days=12)
    answer = client.post(
        f"/api/cases/{case}/bap-report", json={}, headers=bearer(tokens["lurah.jodipan"])
    )
    assert answer.status_code == 201, answer.text
    assert answer.json()["reported_to"] == "camat-blimbing"
    assert answer.json()["rule"] == "pp94.punishing_authority@v1"
    assert service.get_case(case).bap_reported_on is not None
    # An atasan account without a position cannot report as an official.
    again = _examined(service, days=13)
    refused = client.post(
        f"/api/cases/{again}/bap-report", json={}, headers=bearer(tokens["lurah1"])
    )
    assert refused.status_code == 403 and "position is needed" in refused.json()["message"]


def test_a_keberatan_is_decided_through_the_api_by_the_superior_s_position(city: tuple) -> None:  # type: ignore[type-arg]
    service, client, tokens = city
    case = _examined(service, days=5)
    service.decide_case(
        case,
        outcome="punishment",
        punishment="teguran_tertulis",
        reason="r",
        decided_by=LURAH_OFFICIAL,
    )
    service.deliver_decision(case, delivered_on=service.clock.now().date(), actor=CLERK)
    service.file_objection(
        case,
        kind="keberatan",
        filed_on=service.clock.now().date(),
        grounds="terlalu berat",
        actor=CLERK,
    )
    clock = service.clock
    assert isinstance(clock, ManualClock)
    clock.set(datetime.combine(date(2024, 5, 20), time(10), tzinfo=WIB))
    upheld = {"outcome": "upheld", "reason": "terbukti"}
    path = f"/api/cases/{case}/objection/decision"
    head = service.head()
    # The sekda is not the superior of the lurah who punished: the service refuses (409).
    wrong = client.post(path, json=upheld, headers=bearer(tokens["sekda.kota"]))
    assert wrong.status_code == 409 and wrong.json()["error"] == "WrongAppealBody", wrong.text
    assert client.post(path, json=upheld, headers=bearer(tokens["sekda"])).status_code == 403
    assert service.head() == head
    answer = client.post(path, json=upheld, headers=bearer(tokens["camat.blimbing"]))
    assert answer.status_code == 201, answer.text
    [decided] = [e for e in service.events.get(case) if type(e).__name__ == "ObjectionDecided"]
    assert decided.body == "camat-blimbing"  # type: ignore[attr-defined]


def test_without_an_organisation_the_signed_in_actor_decides(store_url: str) -> None:
    db = store_url
    tokens = seed(db)
    clock = ManualClock(datetime(2024, 4, 29, 8, tzinfo=WIB))
    service = ComplianceService.open(db, vault="store", clock=clock)
    try:
        case = _examined(service, days=5)
        with TestClient(create_app(db, service=service, secret=b"test secret")) as client:
            answer = client.post(
                f"/api/cases/{case}/decision", json=TEGURAN, headers=bearer(tokens["sekda"])
            )
        assert answer.status_code == 201, answer.text
        recorded = service.get_case(case)
        assert recorded.authority is None
        assert recorded.decision is not None and recorded.decision.decided_by.role == "pejabat"
    finally:
        service.close()


def test_a_position_the_organisation_in_force_lacks_gets_403(city: tuple) -> None:  # type: ignore[type-arg]
    service, client, tokens = city
    case = _examined(service, days=5)
    service.use_organisation(
        Organisation(tuple(p for p in MALANG.positions if p.id in ("walikota", "sekda")))
    )
    head = service.head()
    answer = client.post(
        f"/api/cases/{case}/decision", json=TEGURAN, headers=bearer(tokens["lurah.jodipan"])
    )
    assert answer.status_code == 403 and "'lurah-jodipan'" in answer.json()["message"]
    assert service.head() == head


def _history(client: TestClient, tokens: dict[str, str], name: str) -> list[dict[str, Any]]:  # type: ignore[type-arg]
    rows = client.get(f"/api/accounts/{name}/history", headers=bearer(tokens["admin"]))
    assert rows.status_code == 200, rows.text
    found: list[dict[str, Any]] = rows.json()
    return found


def test_the_administrator_sets_and_clears_a_position_through_the_api(city: tuple) -> None:  # type: ignore[type-arg]
    service, client, tokens = city
    path = "/api/accounts/pejabat.baru/position"
    admin = bearer(tokens["admin"])
    schema = client.get("/openapi.json").json()
    body = schema["paths"]["/api/accounts/{name}/position"]["post"]["requestBody"]
    assert body["content"]["application/json"]["schema"]["$ref"].endswith("/AccountPosition")
    assert "position" in schema["components"]["schemas"]["AccountPosition"]["properties"]
    first, second = _examined(service, days=5), _examined(service, days=6)
    decide, official = f"/api/cases/{first}/decision", bearer(tokens["pejabat.baru"])
    assert client.post(decide, json=TEGURAN, headers=official).status_code == 403
    # The lurah's own account holds the position: cleared there first (one account a position).
    freed = client.post("/api/accounts/lurah.jodipan/position", json={"position": None},
                        headers=admin)
    assert freed.status_code == 200, freed.text
    # A name in the body is not the actor: the signed-in administrator is.
    forged = {"position": "lurah-jodipan", "actor": {"name": "walikota", "role": "ppk"}}
    given = client.post(path, json=forged, headers=admin)
    assert given.status_code == 200, given.text
    assert given.json() == {"name": "pejabat.baru", "position": "lurah-jodipan"}
    last = _history(client, tokens, "pejabat.baru")[-1]
    assert (last["event"], last["actor"], last["actor_role"]) == (
        "PositionAssigned",
        "admin",
        "admin",
    )
    assert last["details"]["position"] == "lurah-jodipan"
    # The account now decides as the official holding that position.
    decided = client.post(decide, json=TEGURAN, headers=official)
    assert decided.status_code == 201, decided.text
    authority = service.get_case(first).authority
    assert authority is not None and authority.official_position == "lurah-jodipan"

    cleared = client.post(path, json={"position": None}, headers=admin)
    assert cleared.status_code == 200 and cleared.json()["position"] is None, cleared.text
    last = _history(client, tokens, "pejabat.baru")[-1]
    assert (last["event"], last["actor"]) == ("PositionCleared", "admin")
    again = client.post(f"/api/cases/{second}/decision", json=TEGURAN, headers=official)
    assert again.status_code == 403 and "position is needed" in again.json()["message"]


def test_setting_a_position_is_refused_with_a_named_error_and_nothing_written(
    city: tuple,  # type: ignore[type-arg]
) -> None:
    service, client, tokens = city
    path = "/api/accounts/pejabat.baru/position"
    admin = bearer(tokens["admin"])
    head = service.head()
    # No credentials: 401; any role but admin, the account itself included: 403.
    assert client.post(path, json={"position": "sekda"}).status_code == 401
    for name in ("pejabat.baru", "sekda.kota", "analis1", "auditor1"):
        refused = client.post(path, json={"position": "sekda"}, headers=bearer(tokens[name]))
        assert refused.status_code == 403, (name, refused.text)
        assert refused.json()["error"] == "Forbidden" and "admin" in refused.json()["message"]
    # A position the organisation lacks, an unknown account, a missing field.
    unknown = client.post(path, json={"position": "kepala-dinas"}, headers=admin)
    assert unknown.status_code == 404, unknown.text
    assert unknown.json()["error"] == "UnknownPosition"
    assert "'kepala-dinas'" in unknown.json()["message"]
    nobody = client.post(
        "/api/accounts/nobody/position", json={"position": "sekda"}, headers=admin
    )
    assert (nobody.status_code, nobody.json()["error"]) == (404, "NotFound")
    assert "nobody" in nobody.json()["message"]
    missing = client.post(path, json={}, headers=admin)
    assert (missing.status_code, missing.json()["error"]) == (400, "BadRequest")
    blank = client.post(path, json={"position": " "}, headers=admin)
    assert (blank.status_code, blank.json()["error"]) == (422, "InvalidValue")
    # Clearing a position the account does not hold is refused too.
    none_held = client.post(path, json={"position": None}, headers=admin)
    assert (none_held.status_code, none_held.json()["error"]) == (409, "CommandRefused")
    # A position another enabled account holds: refused, naming the position and that account.
    held = client.post(path, json={"position": "sekda"}, headers=admin)
    assert (held.status_code, held.json()["error"]) == (409, "PositionHeld"), held.text
    assert "position sekda is already held by account sekda.kota" in held.json()["message"]
    assert service.head() == head
