"""A real headless Chromium, phone-sized: sign in, record a sidak from the form, see it on the
board. Uses the system Chromium (no browser download). Without it the test is skipped with the
reason, unless PELAYANAN_REQUIRE_CHROMIUM=1 (CI), where it fails. Screenshots go to docs/img/
when PELAYANAN_SCREENSHOTS=1."""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any

import pytest

from tests.web.support import OFFICE, PASSWORD, running_server

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
