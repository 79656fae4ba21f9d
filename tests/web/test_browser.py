"""A real headless Chromium, phone-sized: sign in, record a sidak from the form, see it on the
board; officials act on a case and a complaint from their pages, and decide a case by position
under an organisation. Uses the system Chromium (no browser download). Without it the test is
skipped with the reason, unless PELAYANAN_REQUIRE_CHROMIUM=1 (CI), where it fails. Screenshots
go to docs/img/ when PELAYANAN_SCREENSHOTS=1."""

from __future__ import annotations

import os
import shutil
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from pelayanan.domain.values import WIB
from tests.web.support import LURAH, OFFICE, PASSWORD, SETUP, STAFF, running_server

pytestmark = pytest.mark.slow
REQUIRE_CHROMIUM = os.environ.get("PELAYANAN_REQUIRE_CHROMIUM") == "1"
SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "img"
PHONE = {"width": 390, "height": 844}


def _chromium() -> str:
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found is None:
        if REQUIRE_CHROMIUM:
            pytest.fail("chromium is required here (PELAYANAN_REQUIRE_CHROMIUM=1)")
        pytest.skip(
            "chromium is not installed (apt-get install chromium); the browser test cannot run"
        )
    return found


def _shot(page: object, name: str) -> None:
    if os.environ.get("PELAYANAN_SCREENSHOTS") == "1":
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / f"web-{name}.png"), full_page=True)  # type: ignore[attr-defined]


def test_a_satgas_records_a_sidak_on_a_phone_and_sees_it_on_the_board(
    sqlite_store: tuple[str, dict[str, str]],
) -> None:
    chromium = _chromium()
    sync_api = pytest.importorskip("playwright.sync_api")
    db, _ = sqlite_store
    with running_server(db) as base, sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium, args=["--no-sandbox", "--disable-gpu"]
        )
        try:
            context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
            page = context.new_page()
            page.set_default_timeout(15_000)
            page.goto(base + "/board")
            assert "/login" in page.url
            _shot(page, "login")
            page.fill("#name", "satgas1")
            page.fill("#password", PASSWORD)
            page.click("button[type=submit]")
            page.wait_for_url("**/board")
            row = page.locator(f'tr[data-code="{OFFICE}"] td.inspections')
            assert row.inner_text() == "0"

            page.goto(base + f"/sidak?office={OFFICE}")
            page.fill("#reference", "SIDAK-HP-1")
            _shot(page, "sidak-start")
            page.click("#start")
            page.wait_for_url("**/sidak/*")
            page.uncheck("#counter_staffed")
            page.fill("#citizens_waiting", "4")
            page.click("#record_observation")
            page.wait_for_url("**/sidak/*")
            page.select_option("#kind", "counter_unstaffed")
            page.select_option("#severity", "high")
            page.fill("#description", "Loket kosong pukul 09.10, warga menunggu")
            page.click("#record_finding")
            page.wait_for_url("**/sidak/*")
            page.fill("#summary", "Loket tidak dijaga")
            page.click("#conclude")
            page.wait_for_url("**/sidak/*")
            _shot(page, "sidak")
            events = page.locator("table.timeline tbody tr").all_inner_texts()
            assert len(events) == 4 and "Concluded" in events[-1]

            page.goto(base + "/board")
            assert page.locator(f'tr[data-code="{OFFICE}"] td.inspections').inner_text() == "1"
            assert page.locator(f'tr[data-code="{OFFICE}"] td.findings').inner_text() == "1"
            # Usable on a phone: nothing wider than the screen but the scrolling table.
            width = page.evaluate("document.body.scrollWidth")
            assert width <= PHONE["width"] + 1
            _shot(page, "board")
        finally:
            browser.close()


def _sign_in(browser: object, base: str, name: str) -> object:
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)  # type: ignore[attr-defined]
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.goto(base + "/login")
    page.fill("#name", name)
    page.fill("#password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url("**/board")
    return page


def test_officials_act_on_a_case_and_a_complaint_from_a_phone(
    sqlite_store: tuple[str, dict[str, str]],
) -> None:
    """A lurah summons from the case page; a complaint officer acknowledges and forwards from
    the complaint page; each sees the step in the timeline, and the page fits the screen."""
    import httpx

    from tests.web.support import bearer
    from tests.web.test_api import CASE, COMPLAINT

    chromium = _chromium()
    sync_api = pytest.importorskip("playwright.sync_api")
    db, tokens = sqlite_store
    with running_server(db) as base, sync_api.sync_playwright() as playwright:
        case = httpx.post(base + "/api/cases", json=CASE, headers=bearer(tokens["analis1"]))
        complaint = httpx.post(
            base + "/api/complaints", json=COMPLAINT, headers=bearer(tokens["pengaduan1"])
        )
        assert (case.status_code, complaint.status_code) == (201, 201)
        browser = playwright.chromium.launch(
            executable_path=chromium, args=["--no-sandbox", "--disable-gpu"]
        )
        try:
            page: Any = _sign_in(browser, base, "lurah1")
            page.goto(base + f"/cases/{case.json()['id']}")
            page.click("#summons-submit")  # letter and examination dates default to today
            page.wait_for_url("**/cases/*")
            events = page.locator("table.timeline tbody tr").all_inner_texts()
            assert "ClarificationRequested" in events[-1]
            assert page.locator("#clarification-submit").count() == 1  # the next steps
            assert page.evaluate("document.body.scrollWidth") <= PHONE["width"] + 1
            _shot(page, "case")

            page = _sign_in(browser, base, "pengaduan1")
            page.goto(base + f"/complaints/{complaint.json()['id']}")
            page.fill("#acknowledgement-text", "Pengaduan Anda kami terima")
            page.click("#acknowledgement-submit")
            page.wait_for_url("**/complaints/*")
            page.select_option("#classification-classification", "complaint")
            page.click("#classification-submit")
            page.wait_for_url("**/complaints/*")
            page.fill("#forwarding-to_unit", "Dispendukcapil")
            page.click("#forwarding-submit")
            page.wait_for_url("**/complaints/*")
            events = page.locator("table.timeline tbody tr").all_inner_texts()
            assert "Forwarded" in events[-1]
            assert page.evaluate("document.body.scrollWidth") <= PHONE["width"] + 1
            _shot(page, "complaint")
        finally:
            browser.close()


# The organisation the server runs under: the lurah is the staff member's atasan langsung, who
# may give a teguran; the sekda, above the camat, may not decide a pelaksana's ringan case.
POSITIONS = [
    {"id": "walikota", "title": "Wali Kota Malang", "class": "ppk"},
    {"id": "sekda", "title": "Sekretaris Daerah", "class": "jpt_pratama", "superior": "walikota"},
    {"id": "camat-blimbing", "title": "Camat", "class": "administrator", "superior": "sekda"},
    {
        "id": "lurah-jodipan",
        "title": "Lurah Jodipan",
        "class": "pengawas",
        "superior": "camat-blimbing",
        "holder": LURAH,
    },
    {
        "id": "staf-jodipan",
        "title": "Staf Jodipan",
        "class": "pelaksana",
        "superior": "lurah-jodipan",
        "holder": STAFF,
    },
]


def _officials(db: str) -> None:
    """Record the organisation as the settings in force and give two pejabat accounts their
    positions (the server then runs under that organisation)."""
    from pelayanan.accounts import Accounts
    from pelayanan.policy.config import parse_config
    from pelayanan.service import ComplianceService

    config = parse_config(
        {"change": {"decree": "Perwal Malang 1/2024", "by": "BKPSDM"}, "positions": POSITIONS}
    )
    service = ComplianceService.open(db, config=config)
    try:
        accounts = Accounts(service)
        for name, position in (("lurah.jodipan", "lurah-jodipan"), ("sekda.kota", "sekda")):
            accounts.add(name, password=PASSWORD, role="pejabat", position=position, actor=SETUP)
    finally:
        service.close()


def _examined_case(base: str, tokens: dict[str, str]) -> str:
    """The staff member's case (4 days absent: a teguran tertulis), opened by the analyst,
    summoned and examined by the lurah's atasan account through the API; its id."""
    import httpx

    from tests.web.support import bearer
    from tests.web.test_api import CASE

    today = datetime.now(WIB).date().isoformat()
    opened = httpx.post(base + "/api/cases", json=CASE, headers=bearer(tokens["analis1"]))
    assert opened.status_code == 201, opened.text
    case = str(opened.json()["id"])
    for step, body in (
        ("summons", {"letter_date": today, "examination_date": today}),
        (
            "examination",
            {"bap_reference": "BAP/HP/1", "signed_by_subject": True, "examiners": "Lurah"},
        ),
    ):
        done = httpx.post(
            base + f"/api/cases/{case}/{step}", json=body, headers=bearer(tokens["lurah1"])
        )
        assert done.status_code == 201, done.text
    return case


def _decide_on_the_page(page: Any, base: str, case: str) -> Any:
    """Fill the case page's decision form (a teguran tertulis) and send it; the answer."""
    page.goto(base + f"/cases/{case}")
    page.select_option("#decision-outcome", "punishment")
    page.select_option("#decision-punishment", "teguran_tertulis")
    page.fill("#decision-reason", "empat hari tidak masuk kerja tanpa keterangan")
    with page.expect_response(lambda r: r.request.method == "POST") as answer:
        page.click("#decision-submit")
    page.wait_for_load_state()
    return answer.value


def test_an_official_decides_by_position_from_the_case_page_and_one_without_authority_is_told(
    sqlite_store: tuple[str, dict[str, str]],
) -> None:
    """With an organisation, the sekda (no authority over a pelaksana's ringan case) sees the
    service's NoAuthority refusal as a message on a page, not a 500, and nothing is recorded; the
    lurah (the atasan langsung) decides from the same form, recorded with the position's title."""
    chromium = _chromium()
    sync_api = pytest.importorskip("playwright.sync_api")
    db, tokens = sqlite_store
    _officials(db)
    with running_server(db) as base, sync_api.sync_playwright() as playwright:
        case = _examined_case(base, tokens)
        browser = playwright.chromium.launch(
            executable_path=chromium, args=["--no-sandbox", "--disable-gpu"]
        )
        try:
            page: Any = _sign_in(browser, base, "sekda.kota")
            page.goto(base + f"/cases/{case}")
            before = _rows(page)
            refused = _decide_on_the_page(page, base, case)
            assert refused.status == 409
            message = page.locator("p.error[role=alert]").inner_text()
            assert "NoAuthority" in message and "pp94.punishing_authority" in message
            assert page.evaluate("document.body.scrollWidth") <= PHONE["width"] + 1
            page.goto(base + f"/cases/{case}")
            assert _rows(page) == before  # nothing recorded

            page = _sign_in(browser, base, "lurah.jodipan")
            decided = _decide_on_the_page(page, base, case)
            assert decided.status == 303 and page.url == base + f"/cases/{case}"
            last = _rows(page)[-1]
            assert "Decided" in last and "lurah.jodipan" in last and "Lurah Jodipan" in last
            assert page.locator("#decision-submit").count() == 0  # decided: no second form
        finally:
            browser.close()


def _rows(page: Any) -> list[str]:
    rows: list[str] = page.locator("table.timeline tbody tr").all_inner_texts()
    return rows
