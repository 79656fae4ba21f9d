"""Accounts are events: who granted whom what, when; no password or token is ever stored.

Given a store, when accounts are added, granted, revoked, disabled and given tokens (through
:class:`Accounts` or ``pelayanan users``), then each change is an event with its actor, and the
stored log holds an argon2 hash and token digests, never a password or a token.
"""

from __future__ import annotations

import contextlib
import io
import subprocess
import sys
from collections.abc import Callable, Iterator

import pytest

from pelayanan.accounts import Accounts
from pelayanan.cli import main
from pelayanan.domain.account import Account, AccountRole, account_id
from pelayanan.domain.errors import (
    AlreadyExists,
    CommandRefused,
    InvalidValue,
    NotFound,
    PositionHeld,
)
from pelayanan.domain.values import Actor, OfficeCode
from pelayanan.service import ComplianceService
from tests.web.support import OFFICE

ADMIN = Actor(name="admin", role="admin")
PASSWORD = "sebuah kata sandi rahasia"


@pytest.fixture
def accounts(service: ComplianceService) -> Accounts:
    service.register_office(OFFICE, name="Jodipan", kecamatan="Blimbing", actor=ADMIN)
    return Accounts(service)


def _stored_bytes(service: ComplianceService) -> bytes:
    notifications = service.recorder.select_notifications(1, 10_000)
    return b"".join(n.state for n in notifications)


def test_an_account_is_created_with_a_hashed_password_and_its_first_role(
    accounts: Accounts, service: ComplianceService
) -> None:
    accounts.add("lurah1", password=PASSWORD, role="atasan", office=OFFICE, actor=ADMIN)
    account = accounts.get("lurah1")
    assert account.roles() == [(AccountRole.ATASAN, OfficeCode(OFFICE))]
    assert account.password_hash is not None and account.password_hash.startswith("$argon2id$")
    events = list(service.events.get(account_id("lurah1")))
    assert [type(e).__name__ for e in events] == ["Created", "PasswordSet", "RoleGranted"]
    assert {e.actor for e in events} == {ADMIN}
    assert PASSWORD.encode() not in _stored_bytes(service)
    assert accounts.authenticate("lurah1", PASSWORD) is not None
    assert accounts.authenticate("lurah1", PASSWORD + "x") is None
    assert accounts.authenticate("nobody", PASSWORD) is None
    assert accounts.names() == ["lurah1"]


def test_bad_accounts_are_refused_and_nothing_is_written(
    accounts: Accounts, service: ComplianceService
) -> None:
    head = service.recorder.max_notification_id()
    with pytest.raises(InvalidValue, match="at least 10"):
        accounts.add("pendek", password="short", role="satgas", actor=ADMIN)
    with pytest.raises(InvalidValue, match="account name"):
        accounts.add("Bad Name", password=PASSWORD, role="satgas", actor=ADMIN)
    with pytest.raises(InvalidValue, match="unknown role 'raja'"):
        accounts.add("raja", password=PASSWORD, role="raja", actor=ADMIN)
    with pytest.raises(InvalidValue, match="acts for one office"):
        accounts.add("op", password=PASSWORD, role="operator", actor=ADMIN)
    with pytest.raises(InvalidValue, match="not tied to an office"):
        accounts.add("sat", password=PASSWORD, role="satgas", office=OFFICE, actor=ADMIN)
    assert service.recorder.max_notification_id() == head
    accounts.add("sat", password=PASSWORD, role="satgas", actor=ADMIN)
    with pytest.raises(AlreadyExists):
        accounts.add("sat", password=PASSWORD, role="satgas", actor=ADMIN)
    with pytest.raises(NotFound):
        accounts.grant("ghost", "satgas", None, actor=ADMIN)


def test_an_event_refuses_a_plain_password_or_a_plain_token() -> None:
    from datetime import UTC, datetime

    now = datetime.now(UTC)
    account = Account.create(name="x1", occurred_at=now, actor=ADMIN, recorded_at=now)
    with pytest.raises(InvalidValue, match="argon2 hash, not a password"):
        account.set_password(PASSWORD, occurred_at=now, actor=ADMIN, recorded_at=now)
    with pytest.raises(InvalidValue, match="digest, not a token"):
        account.issue_token("t1", "pel.secret", "x", occurred_at=now, actor=ADMIN, recorded_at=now)


def test_grants_revocations_and_disabling_are_recorded_with_who_did_them(
    accounts: Accounts, service: ComplianceService
) -> None:
    accounts.add("auditor1", password=PASSWORD, role="auditor", actor=ADMIN)
    boss = Actor(name="admin2", role="admin")
    accounts.grant("auditor1", "reveal", None, actor=boss)
    with pytest.raises(CommandRefused, match="already has role reveal"):
        accounts.grant("auditor1", "reveal", None, actor=boss)
    accounts.revoke("auditor1", "reveal", None, actor=ADMIN)
    accounts.disable("auditor1", reason="pindah tugas", actor=boss)
    assert accounts.authenticate("auditor1", PASSWORD) is None
    accounts.enable("auditor1", actor=ADMIN)
    assert accounts.authenticate("auditor1", PASSWORD) is not None
    trail = [(type(e).__name__, e.actor.name) for e in service.events.get(account_id("auditor1"))]
    assert trail[3:] == [
        ("RoleGranted", "admin2"),
        ("RoleRevoked", "admin"),
        ("Disabled", "admin2"),
        ("Enabled", "admin"),
    ]


def test_a_token_is_shown_once_stored_as_a_digest_and_can_be_revoked(
    accounts: Accounts, service: ComplianceService
) -> None:
    accounts.add("bot", password=PASSWORD, role="satgas", actor=ADMIN)
    token = accounts.issue_token("bot", label="aplikasi lapangan", actor=ADMIN)
    assert token.startswith("pel.")
    found = accounts.by_token(token)
    assert found is not None and found.name == "bot"
    secret = token.rsplit(".", 1)[1]
    assert secret.encode() not in _stored_bytes(service)
    assert accounts.by_token(token[:-1] + ("A" if token[-1] != "A" else "B")) is None
    token_id = token.split(".")[2]
    accounts.revoke_token("bot", token_id, actor=ADMIN)
    assert accounts.by_token(token) is None


def test_the_users_command_manages_accounts_with_the_password_on_stdin(
    tmp_path: object, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from argon2.profiles import CHEAPEST

    from pelayanan import accounts as module

    monkeypatch.setattr(module, "HASH_PARAMETERS", CHEAPEST)
    db = str(tmp_path / "users.db")  # type: ignore[operator]
    monkeypatch.setattr(sys, "stdin", io.StringIO(PASSWORD + "\n"))
    assert main(["users", "add", "admin", "--role", "admin", "--password-stdin", "--db", db]) == 0
    assert main(["users", "add", "x", "--role", "admin", "--db", db]) == 2
    assert "--password-stdin" in capsys.readouterr().err
    assert main(["users", "grant", "admin", "auditor", "--db", db]) == 0
    assert main(["users", "grant", "admin", "raja", "--db", db]) == 3
    assert "unknown role 'raja'" in capsys.readouterr().err
    assert main(["users", "token", "admin", "--label", "ci", "--db", db]) == 0
    token = capsys.readouterr().out.strip().splitlines()[-1]
    assert token.startswith("pel.")
    assert main(["users", "revoke", "admin", "auditor", "--db", db]) == 0
    assert main(["users", "disable", "admin", "--reason", "uji", "--db", db]) == 0
    capsys.readouterr()
    assert main(["users", "list", "--json", "--db", db]) == 0
    listing = capsys.readouterr().out
    assert '"name": "admin"' in listing and '"disabled": true' in listing
    assert PASSWORD not in listing and token not in listing
    service = ComplianceService.open(db)
    try:
        stored = _stored_bytes(service)
    finally:
        service.close()
    assert PASSWORD.encode() not in stored and token.encode() not in stored


def test_pelayanan_help_does_not_import_the_web_stack() -> None:
    code = (
        "import sys; from pelayanan.cli import build_parser; build_parser(); "
        "print(sorted(m for m in ('litestar', 'uvicorn', 'argon2', 'jinja2') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_the_audit_trail_says_who_granted_whom_what_and_when_without_secrets(
    accounts: Accounts,
    service: ComplianceService,
    store_url: str,
    capsys: pytest.CaptureFixture[str],
) -> None:
    from pelayanan.audit.timeline import build_timeline
    from pelayanan.projections import ReadModelRunner
    from pelayanan.projections.standard import STANDARD, AuditTrail, timeline

    accounts.add("lurah1", password=PASSWORD, role="atasan", office=OFFICE, actor=ADMIN)
    accounts.grant("lurah1", "operator", OFFICE, actor=ADMIN)
    accounts.revoke("lurah1", "atasan", OFFICE, actor=ADMIN)
    token = accounts.issue_token("lurah1", label="kantor", actor=ADMIN)
    accounts.set_password("lurah1", PASSWORD + " baru", actor=ADMIN)
    accounts.disable("lurah1", reason="pindah tugas", actor=ADMIN)
    runner = ReadModelRunner(service, STANDARD)
    runner.catch_up()
    view = runner.reader(AuditTrail.name)

    line = timeline(view, aggregate_id=account_id("lurah1"))
    assert [(e["event"], e["actor"], e["subject"], e["detail"]) for e in line] == [
        ("Created", "admin", "lurah1", None),
        ("PasswordSet", "admin", "lurah1", None),
        ("RoleGranted", "admin", "lurah1", f"role=atasan; office={OFFICE}"),
        ("RoleGranted", "admin", "lurah1", f"role=operator; office={OFFICE}"),
        ("RoleRevoked", "admin", "lurah1", f"role=atasan; office={OFFICE}"),
        ("TokenIssued", "admin", "lurah1", f"token_id={token.split('.')[2]}; label=kantor"),
        ("PasswordSet", "admin", "lurah1", None),
        ("Disabled", "admin", "lurah1", "reason=pindah tugas"),
    ]
    assert all(e["aggregate"] == "Account" and e["recorded_at"] for e in line)
    # A grant for an office is in that office's trail too.
    office_grants = [e for e in timeline(view, office=OFFICE) if e["aggregate"] == "Account"]
    assert [e["event"] for e in office_grants] == ["RoleGranted", "RoleGranted", "RoleRevoked"]
    # Neither the password hash nor the token (or its digest) is anywhere in the view.
    account = accounts.get("lurah1")
    digest = account.tokens[token.split(".")[2]]["hash"]
    everything = repr(view.query("SELECT * FROM {entries}")) + repr(view.items())
    assert account.password_hash is not None and "$argon2" not in everything
    for secret in (account.password_hash, token.split(".")[3], digest):
        assert secret not in everything
    # The plain-language timeline names the account too, in both languages.
    told = build_timeline(service, "lurah1", lang="en").render()
    assert "admin (admin) granted the role operator" in told and "$argon2" not in told
    assert "menonaktifkan akun" in build_timeline(service, "lurah1", lang="id").render()
    capsys.readouterr()
    assert main(["timeline", "lurah1", "--db", store_url, "--lang", "en"]) == 0
    printed = capsys.readouterr().out
    assert "granted the role operator" in printed and "$argon2" not in printed


def test_verify_detects_a_tampered_account_event(
    accounts: Accounts, service: ComplianceService, store_url: str
) -> None:
    """A grant edited in the database (pejabat instead of satgas) is named by verify."""
    from pelayanan.audit.seal import seal
    from pelayanan.audit.store import DEFAULT_APPLICATION, open_log
    from pelayanan.audit.verify import verify
    from tests.audit.tamper import Tamperer

    accounts.add("sari", password=PASSWORD, role="satgas", actor=ADMIN)
    log = open_log(store_url, read_only=False)
    try:
        seal(log)
        assert verify(log).intact
    finally:
        log.close()
    tamper = Tamperer(store_url, DEFAULT_APPLICATION)
    try:
        granted = tamper.notification_of(account_id("sari"), 3)
        tamper.change_state(granted, b'"satgas"', b'"pejabat"')
    finally:
        tamper.close()
    log = open_log(store_url, read_only=True)
    try:
        report = verify(log)
    finally:
        log.close()
    assert not report.intact
    problem = report.first_problem
    assert problem is not None
    assert (problem.kind, problem.notification_id, problem.aggregate_id, problem.version) == (
        "event_changed",
        granted,
        str(account_id("sari")),
        3,
    )


def test_an_accounts_timeline_is_read_through_the_api_without_secrets(
    client: object, tokens: dict[str, str]
) -> None:
    """GET /api/records/{account id}/timeline: who created the account and granted its role."""
    response = client.get(  # type: ignore[attr-defined]
        f"/api/records/{account_id('sekda')}/timeline",
        headers={"Authorization": f"Bearer {tokens['auditor1']}"},
    )
    assert response.status_code == 200
    entries = response.json()
    assert [(e["event"], e["subject"], e["detail"]) for e in entries][:3] == [
        ("Created", "sekda", None),
        ("PasswordSet", "sekda", None),
        ("RoleGranted", "sekda", "role=pejabat"),
    ]
    assert entries[0]["actor"] == "test setup" and "$argon2" not in response.text
    assert tokens["sekda"].split(".")[3] not in response.text


def test_the_users_command_gives_an_account_a_position_of_the_organisation_in_force(
    tmp_path: object, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from argon2.profiles import CHEAPEST

    from pelayanan import accounts as module
    from pelayanan.policy.config import parse_config
    from tests.storage.test_fastjson import CITY

    monkeypatch.setattr(module, "HASH_PARAMETERS", CHEAPEST)
    db = str(tmp_path / "users.db")  # type: ignore[operator]
    positions = [
        *CITY["positions"],
        {
            "id": "sekda",
            "title": "Sekretaris Daerah",
            "class": "jpt_pratama",
            "superior": "walikota",
        },
    ]
    ComplianceService.open(db, config=parse_config({**CITY, "positions": positions})).close()

    def head() -> int:
        service = ComplianceService.open(db)
        try:
            return service.head()
        finally:
            service.close()

    monkeypatch.setattr(sys, "stdin", io.StringIO(PASSWORD + "\n"))
    # An unknown position: one line naming it, exit 2, nothing written (not even the account).
    before = head()
    add = ["users", "add", "sekda1", "--role", "pejabat", "--password-stdin", "--db", db]
    assert main([*add, "--position", "kepala-dinas"]) == 2
    err = capsys.readouterr().err
    assert "'kepala-dinas'" in err and len(err.strip().splitlines()) == 1
    assert head() == before
    assert main([*add, "--position", "sekda"]) == 0
    assert main(["users", "list", "--json", "--db", db]) == 0
    assert '"position": "sekda"' in capsys.readouterr().out
    before = head()
    assert main(["users", "position", "sekda1", "camat", "--db", db]) == 2
    assert "'camat'" in capsys.readouterr().err and head() == before
    assert main(["users", "position", "sekda1", "--db", db]) == 2
    assert main(["users", "position", "sekda1", "walikota", "--clear", "--db", db]) == 2
    assert main(["users", "position", "sekda1", "walikota", "--db", db]) == 0
    assert main(["users", "position", "sekda1", "--clear", "--db", db]) == 0
    assert main(["users", "position", "sekda1", "--clear", "--db", db]) == 3  # holds none
    service = ComplianceService.open(db)
    try:
        account = Accounts(service).get("sekda1")
        assert account.position is None
        events = [type(e).__name__ for e in service.events.get(account_id("sekda1"))]
    finally:
        service.close()
    assert events.count("PositionAssigned") == 2 and events[-1] == "PositionCleared"


def test_a_position_is_unchecked_without_an_organisation(accounts: Accounts) -> None:
    accounts.add("sekda1", password=PASSWORD, role="pejabat", position="sekda", actor=ADMIN)
    assert accounts.get("sekda1").position == "sekda"
    with pytest.raises(CommandRefused, match="already holds position sekda"):
        accounts.set_position("sekda1", "sekda", actor=ADMIN)
    with pytest.raises(InvalidValue):
        accounts.set_position("sekda1", " ", actor=ADMIN)


def test_an_account_handed_to_a_request_is_never_changed_by_a_later_one(
    accounts: Accounts,
) -> None:
    """Requests read accounts from other threads: a newer event gives a new account object,
    and the one handed out before keeps what it said."""
    accounts.add("satgas1", password=PASSWORD, role="satgas", actor=ADMIN)
    ident = account_id("satgas1")
    before = accounts.by_id(ident)
    assert before is not None and not before.disabled
    assert accounts.by_id(ident) is before  # nothing newer: the cached account itself
    accounts.disable("satgas1", reason="left the satgas", actor=ADMIN)
    after = accounts.by_id(ident)
    assert after is not None and after.disabled and after.version == before.version + 1
    assert not before.disabled and before is not after
    assert accounts.by_id(ident) is after


def test_a_position_is_held_by_one_enabled_account_at_a_time(
    accounts: Accounts, service: ComplianceService
) -> None:
    """Two accounts holding one position would decide as the same official (under its
    holder's NIP): a second is refused, naming the position and the account holding it."""
    accounts.add("sekda1", password=PASSWORD, role="pejabat", position="sekda", actor=ADMIN)
    head = service.head()
    held = "position sekda is already held by account sekda1"
    with pytest.raises(PositionHeld, match=held):
        accounts.add("sekda2", password=PASSWORD, role="pejabat", position="sekda", actor=ADMIN)
    assert service.head() == head and accounts.names() == ["sekda1"]
    accounts.add("sekda2", password=PASSWORD, role="pejabat", actor=ADMIN)
    head = service.head()
    with pytest.raises(PositionHeld, match=held):
        accounts.set_position("sekda2", "sekda", actor=ADMIN)
    assert service.head() == head and accounts.get("sekda2").position is None
    # A disabled account decides nothing: its position may be given to another.
    accounts.disable("sekda1", reason="pensiun", actor=ADMIN)
    accounts.set_position("sekda2", "sekda", actor=ADMIN)
    # Enabling the first again would make two: refused until one of them lets it go.
    head = service.head()
    with pytest.raises(PositionHeld, match="already held by account sekda2"):
        accounts.enable("sekda1", actor=ADMIN)
    assert service.head() == head and accounts.get("sekda1").disabled
    accounts.set_position("sekda2", None, actor=ADMIN)
    accounts.enable("sekda1", actor=ADMIN)
    assert not accounts.get("sekda1").disabled


def test_the_users_command_refuses_a_position_another_account_holds(
    tmp_path: object, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from argon2.profiles import CHEAPEST

    from pelayanan import accounts as module

    monkeypatch.setattr(module, "HASH_PARAMETERS", CHEAPEST)
    db = str(tmp_path / "users.db")  # type: ignore[operator]
    monkeypatch.setattr(sys, "stdin", io.StringIO(f"{PASSWORD}\n{PASSWORD}\n"))
    add = ["users", "add", "--role", "pejabat", "--password-stdin", "--db", db]
    assert main([*add[:2], "sekda1", *add[2:], "--position", "sekda"]) == 0
    assert main([*add[:2], "sekda2", *add[2:]]) == 0
    capsys.readouterr()
    service = ComplianceService.open(db)
    head = service.head()
    service.close()
    # Refused by the rules (exit 3), one line naming the position and the account; checked
    # before the password is read, and nothing written.
    for command in (
        ["users", "position", "sekda2", "sekda", "--db", db],
        [*add[:2], "sekda3", *add[2:], "--position", "sekda"],
    ):
        assert main(command) == 3
        err = capsys.readouterr().err.strip()
        assert len(err.splitlines()) == 1 and "Traceback" not in err
        assert "position sekda is already held by account sekda1" in err
    service = ComplianceService.open(db)
    try:
        assert service.head() == head
    finally:
        service.close()


# ------------------------------------------------------------------ two administrators at once


@contextlib.contextmanager
def another_administrator(
    monkeypatch: pytest.MonkeyPatch,
    accounts: Accounts,
    store_url: str,
    does: Callable[[Accounts], None],
) -> Iterator[None]:
    """Another administrator, with a service of its own on the same store (as another server
    process), ``does`` its commands in the middle of the next command ``accounts`` runs: after
    that command found, in its transaction, that nobody else holds the position, and before its
    save. Only the store can refuse it then."""
    check = Accounts._refuse_held
    elsewhere = ComplianceService.open(store_url, clock=accounts.service.clock)
    pending = [lambda: does(Accounts(elsewhere))]

    def refuse_held(self: Accounts, position: str, name: str) -> None:
        check(self, position, name)
        if self is accounts and self.service._work is not None and pending:
            pending.pop()()

    monkeypatch.setattr(Accounts, "_refuse_held", refuse_held)
    try:
        yield
        assert not pending, "the other administrator's commands never ran"
    finally:
        elsewhere.close()


def _takings(service: ComplianceService, position: str) -> list[str]:
    from pelayanan.domain.account import PositionTaking, position_record_id

    record = service.repository.get(position_record_id(position))
    assert isinstance(record, PositionTaking)
    return [e.account for e in service.events.get(record.id) if isinstance(e, PositionTaking.Taken)]


@pytest.mark.parametrize("taken_before", [False, True], ids=["first", "again"])
def test_two_administrators_giving_one_position_at_once_give_it_to_one_account(
    accounts: Accounts,
    service: ComplianceService,
    store_url: str,
    taken_before: bool,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Each checks that nobody holds it, then records: the second to save is refused by the
    store (the position's record moved on), asked again, and told who holds it now."""
    for name in ("sekda1", "sekda2", "sekda0"):
        accounts.add(name, password=PASSWORD, role="pejabat", actor=ADMIN)
    if taken_before:  # the position's record exists already
        accounts.set_position("sekda0", "sekda", actor=ADMIN)
        accounts.set_position("sekda0", None, actor=ADMIN)
    with (
        another_administrator(
            monkeypatch,
            accounts,
            store_url,
            lambda a: a.set_position("sekda2", "sekda", actor=ADMIN),
        ),
        pytest.raises(PositionHeld, match="position sekda is already held by account sekda2"),
    ):
        accounts.set_position("sekda1", "sekda", actor=ADMIN)
    assert accounts.get("sekda1").position is None
    assert accounts.get("sekda2").position == "sekda"
    taken = [*(["sekda0"] if taken_before else []), "sekda2"]
    assert _takings(service, "sekda") == taken
    # The takings are in the audit trail, with the administrator who gave the position.
    from pelayanan.domain.account import position_record_id
    from pelayanan.projections import ReadModelRunner
    from pelayanan.projections.standard import STANDARD, AuditTrail, timeline

    runner = ReadModelRunner(service, STANDARD)
    runner.catch_up()
    line = timeline(runner.reader(AuditTrail.name), aggregate_id=position_record_id("sekda"))
    assert [(e["aggregate"], e["event"], e["actor"], e["detail"]) for e in line] == [
        ("PositionTaking", "Created", "admin", "position=sekda"),
        *[("PositionTaking", "Taken", "admin", f"account={name}") for name in taken],
    ]


def test_an_account_created_with_a_position_given_meanwhile_is_not_created(
    accounts: Accounts, service: ComplianceService, store_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    accounts.add("sekda1", password=PASSWORD, role="pejabat", actor=ADMIN)
    with (
        another_administrator(
            monkeypatch,
            accounts,
            store_url,
            lambda a: a.set_position("sekda1", "sekda", actor=ADMIN),
        ),
        pytest.raises(PositionHeld, match="already held by account sekda1"),
    ):
        accounts.add("sekda2", password=PASSWORD, role="pejabat", position="sekda", actor=ADMIN)
    assert accounts.names() == ["sekda1"]  # nothing of sekda2 written: one transaction
    assert _takings(service, "sekda") == ["sekda1"]


def test_an_account_enabled_while_its_position_is_given_to_another_stays_disabled(
    accounts: Accounts, service: ComplianceService, store_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    accounts.add("sekda1", password=PASSWORD, role="pejabat", position="sekda", actor=ADMIN)
    accounts.add("sekda2", password=PASSWORD, role="pejabat", actor=ADMIN)
    accounts.disable("sekda1", reason="cuti di luar tanggungan negara", actor=ADMIN)
    with (
        another_administrator(
            monkeypatch,
            accounts,
            store_url,
            lambda a: a.set_position("sekda2", "sekda", actor=ADMIN),
        ),
        pytest.raises(PositionHeld, match="already held by account sekda2"),
    ):
        accounts.enable("sekda1", actor=ADMIN)
    assert accounts.get("sekda1").disabled
    assert _takings(service, "sekda") == ["sekda1", "sekda2"]


def test_an_account_added_again_with_a_position_is_refused_as_existing(
    accounts: Accounts, service: ComplianceService
) -> None:
    accounts.add("sekda1", password=PASSWORD, role="pejabat", position="sekda", actor=ADMIN)
    head = service.head()
    with pytest.raises(AlreadyExists, match="account sekda1 already exists"):
        accounts.add("sekda1", password=PASSWORD, role="pejabat", position="sekda", actor=ADMIN)
    assert service.head() == head


def test_an_account_enabled_while_it_is_moved_to_a_position_another_then_takes_stays_disabled(
    accounts: Accounts, service: ComplianceService, store_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The position checked is the one the account has in the enabling's own transaction: moved
    meanwhile (and that position given to another), the enabling is refused, not applied."""
    accounts.add("kabag1", password=PASSWORD, role="pejabat", position="kabag", actor=ADMIN)
    accounts.add("sekda2", password=PASSWORD, role="pejabat", actor=ADMIN)
    accounts.disable("kabag1", reason="cuti", actor=ADMIN)

    def move_then_give(other: Accounts) -> None:
        other.set_position("kabag1", "sekda", actor=ADMIN)  # disabled: it may
        other.set_position("sekda2", "sekda", actor=ADMIN)  # kabag1 is disabled: it may

    with (
        another_administrator(monkeypatch, accounts, store_url, move_then_give),
        pytest.raises(PositionHeld, match="position sekda is already held by account sekda2"),
    ):
        accounts.enable("kabag1", actor=ADMIN)
    assert accounts.get("kabag1").disabled and accounts.get("kabag1").position == "sekda"


def test_a_position_is_given_inside_a_batch_of_the_callers_all_at_once(
    accounts: Accounts, service: ComplianceService
) -> None:
    accounts.add("sekda1", password=PASSWORD, role="pejabat", actor=ADMIN)
    accounts.add("sekda2", password=PASSWORD, role="pejabat", actor=ADMIN)
    with service.batch():
        accounts.set_position("sekda1", "sekda", actor=ADMIN)
        accounts.disable("sekda1", reason="pensiun", actor=ADMIN)
        accounts.set_position("sekda2", "sekda", actor=ADMIN)
    assert accounts.get("sekda2").position == "sekda" and accounts.get("sekda1").disabled
    assert _takings(service, "sekda") == ["sekda1", "sekda2"]
    head = service.head()
    with pytest.raises(PositionHeld, match="already held by account sekda1"), service.batch():
        accounts.set_position("sekda2", None, actor=ADMIN)
        accounts.enable("sekda1", actor=ADMIN)  # fine so far: sekda2 let it go
        accounts.set_position("sekda2", "sekda", actor=ADMIN)  # but sekda1 holds it again
    assert service.head() == head  # the caller's batch: nothing of it written
