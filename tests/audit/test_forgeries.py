# ruff: noqa: F811 - the audit story fixtures are imported by name, so pytest finds them here
"""The forgeries an attacker's review found against pelayanan's own service: each changes what
the service shows while the log, as verify read it, stayed intact. Now each is named."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from pelayanan.audit.seal import seal
from pelayanan.audit.snapshots import snapshot_check
from pelayanan.audit.store import open_log
from pelayanan.audit.verify import VerifyReport, verify
from pelayanan.cli import main
from pelayanan.domain.office import Office
from pelayanan.service import ComplianceService
from tests.audit.conftest import JODIPAN, LURAH_NIP, Cases, Story, cases, story  # noqa: F401
from tests.audit.tamper import Tamperer


@pytest.fixture
def tamper(story: Story) -> Iterator[Tamperer]:
    t = Tamperer(story.url, "ComplianceService")
    yield t
    t.close()


def _verify(url: str, service: ComplianceService) -> VerifyReport:
    log = open_log(url)
    try:
        return verify(log, snapshots=snapshot_check(service))
    finally:
        log.close()


def _seal(url: str) -> None:
    log = open_log(url, read_only=False)
    try:
        seal(log)
    finally:
        log.close()


def _kinds(report: VerifyReport) -> set[str]:
    return {p.kind for p in report.problems}


def test_a_decision_hidden_by_an_upper_case_id_is_named(
    story: Story, cases: Cases, tamper: Tamperer
) -> None:
    """The Decided event is the case's last: spelled in upper case, it hashes the same, but
    the service no longer finds it, so the case reads as undecided (and could be decided
    again)."""
    decided = story.service.get_case(cases.stale_rule)
    assert decided.decision is not None
    _seal(story.url)
    nid = tamper.notification_of(cases.stale_rule, decided.version)  # the Decided event
    tamper.sql(
        f"UPDATE {tamper.table} SET originator_id = ? WHERE {tamper.id} = ?",
        cases.stale_rule.hex.upper(),
        nid,
    )
    fresh = ComplianceService.open(story.url, warm_aggregates=0)
    try:
        shown = fresh.get_case(cases.stale_rule)
        report = _verify(story.url, fresh)
    finally:
        fresh.close()
    if not tamper.sqlite:
        # PostgreSQL's uuid column keeps one spelling: the case is still decided, nothing broke.
        assert shown.decision is not None
        assert report.intact, report.problems
        return
    assert shown.decision is None  # what the forgery achieves
    assert report.first_problem is not None
    assert (report.first_problem.kind, report.first_problem.notification_id) == (
        "aggregate_id_malformed",
        nid,
    )


@pytest.mark.parametrize("forged_at", [0, -1])
def test_an_event_forged_below_notification_1_is_named(
    story: Story, cases: Cases, tamper: Tamperer, forged_at: int
) -> None:
    """A copy of a real event, made the next version of another case, where the log never
    looks: the service loads it with the case; verify names it."""
    service = story.service
    _seal(story.url)
    target = service.get_case(cases.stale_rule)
    originator, _, topic, state = tamper.row(
        tamper.notification_of(cases.lighter, service.get_case(cases.lighter).version)
    )
    del originator
    tamper.sql(
        f"INSERT INTO {tamper.table} ({tamper.id}, originator_id, originator_version, topic, "
        "state) VALUES (?, ?, ?, ?, ?)",
        forged_at,
        cases.stale_rule.hex if tamper.sqlite else cases.stale_rule,
        target.version + 1,
        topic,
        state,
    )
    fresh = ComplianceService.open(story.url, warm_aggregates=0)
    try:
        assert fresh.get_case(cases.stale_rule).version == target.version + 1  # the forgery shows
        report = _verify(story.url, fresh)
    finally:
        fresh.close()
    assert report.first_problem is not None
    assert (report.first_problem.kind, report.first_problem.notification_id) == (
        "event_outside_log",
        forged_at,
    )
    assert report.events == len(tamper.sql(f"SELECT 1 FROM {tamper.table}"))


@pytest.fixture
def snapshotting(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(ComplianceService.snapshotting_intervals, Office, 2)


def test_an_office_name_edited_in_its_snapshot_is_named_by_the_cli(
    store_url: str,
    snapshotting: None,
    clerk: object,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
) -> None:
    service = ComplianceService.open(store_url)
    service.register_office(JODIPAN, name="Jodipan", kecamatan="Blimbing", actor=clerk)  # type: ignore[arg-type]
    service.assign_staff(JODIPAN, nip=LURAH_NIP, name="Pak Lurah", role="lurah", actor=clerk)  # type: ignore[arg-type]
    service.close()
    assert main(["seal", "--db", store_url]) == 0
    assert main(["verify", "--db", store_url]) == 0
    assert "snapshots checked: 1" in capsys.readouterr().out
    tamper = Tamperer(store_url, "ComplianceService")
    table = "stored_snapshots" if tamper.sqlite else "complianceservice_snapshots"
    [(state,)] = tamper.sql(f"SELECT state FROM {table}")
    tamper.sql(f"UPDATE {table} SET state = ?", bytes(state).replace(b"Jodipan", b"Jodipxn"))
    tamper.close()
    service = ComplianceService.open(store_url, warm_aggregates=0)
    assert service.get_office(JODIPAN).name == "Jodipxn"  # what the service now shows
    service.close()
    assert main(["verify", "--db", store_url]) == 1
    out, err = capsys.readouterr()
    assert "what broke: snapshot_changed" in out and "name" in out
    assert "Traceback" not in out + err
    assert main(["verify", "--db", store_url, "--no-snapshots"]) == 0  # and says so:
    assert "not checked: snapshots were not checked" in capsys.readouterr().out
