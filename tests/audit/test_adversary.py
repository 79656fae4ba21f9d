# ruff: noqa: F811 - the evidence and story fixtures are imported by name, so pytest finds them
"""Attacks from an adversarial review after issue 12's first fixes: each is a way to make a
checking command crash, or pass, on a store edited behind pelayanan's back. Each test is named
after its attack; storage attacks run on SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from uuid import UUID

import pytest

from pelayanan.cli import main
from pelayanan.clock import ManualClock
from pelayanan.domain.discipline import case_id
from pelayanan.domain.values import Actor, Nip
from pelayanan.service import ComplianceService
from tests.audit.conftest import JODIPAN, Story, story  # noqa: F401
from tests.audit.tamper import Tamperer
from tests.audit.test_checking_never_writes import _select_only_role
from tests.audit.test_threats import APP, Evidence, _drop_seals, evidence  # noqa: F401
from tests.fixtures.make_v1_store import STAFF, at, record_office, record_sealed_case

# SQLite keeps a value's storage class per row, so a hand edit can store TEXT that is not UTF-8;
# Python's sqlite3 refuses to read such a value. PostgreSQL's text columns refuse to store it.
NOT_UTF8 = {
    # column: (SQL set clause, what verify names on SQLite)
    "topic": ("topic = CAST(X'ff3a41' AS TEXT)", "event_malformed"),
    "state": ("state = CAST(X'ff7b7d' AS TEXT)", "event_changed"),
    "originator-id": ("originator_id = CAST(X'ff' AS TEXT)", "aggregate_id_malformed"),
}


@pytest.mark.parametrize("column", list(NOT_UTF8))
def test_text_that_is_not_utf8_in_an_event_row_is_named_not_a_traceback(
    evidence: Evidence, column: str, capsys: pytest.CaptureFixture[str]
) -> None:
    clause, kind = NOT_UTF8[column]
    nid = evidence.tamper.notification_of(evidence.a, 3)
    statement = f"UPDATE {evidence.events} SET {clause} WHERE {evidence.nid} = ?"
    if evidence.backend == "postgres":
        import psycopg

        with pytest.raises(psycopg.Error):  # no such value can be stored there
            evidence.sql(
                statement.replace("X'ff", "convert_from('\\xff").replace(
                    "' AS", "'::bytea, 'UTF8') AS"
                ),
                nid,
            )
        return
    evidence.sql(statement, nid)
    report = evidence.verify("witness")
    assert report.first_problem is not None
    assert (report.first_problem.kind, report.first_problem.notification_id) == (kind, nid)
    assert main(["verify", "--db", evidence.url, *APP]) == 1
    out, err = capsys.readouterr()
    assert kind in out and "Traceback" not in out + err
    if kind == "event_malformed":  # and the sealer refuses to bless it, with one line
        _drop_seals(evidence)
        assert main(["seal", "--db", evidence.url, *APP]) == 3  # refused: could not run
        err = capsys.readouterr().err
        assert f"notification {nid}" in err and "Traceback" not in err


def test_a_checkpoint_body_that_is_not_utf8_is_named_not_a_traceback(
    evidence: Evidence, capsys: pytest.CaptureFixture[str]
) -> None:
    statement = "UPDATE pelayanan_checkpoints SET body = CAST(X'ff7b7d' AS TEXT) WHERE seq = 1"
    if evidence.backend == "postgres":
        import psycopg

        with pytest.raises(psycopg.Error):
            evidence.sql(statement.replace("X'ff7b7d'", "convert_from('\\xff7b7d'::bytea, 'UTF8')"))
        return
    evidence.sql(statement)
    report = evidence.verify("log")
    assert report.first_problem is not None and report.first_problem.kind.startswith("checkpoint")
    assert main(["verify", "--db", evidence.url, *APP]) == 1
    out, err = capsys.readouterr()
    assert "BROKEN" in out and "Traceback" not in out + err


# --------------------------------------------------------------------------- the key table


def _record_sealed_case(store_url: str) -> UUID:
    """A case whose clarification is sealed with its subject's key; returns the case's id."""

    clock = ManualClock(at(4, 29, 8))
    service = ComplianceService.open(store_url, clock=clock, vault="store")
    try:
        record_office(service, clock)
        record_sealed_case(service, clock)
    finally:
        service.close()
    return case_id(Nip(STAFF), "BKPSDM/800/2024/JDP-02")


@pytest.fixture
def sealed_personal_data(store_url: str) -> str:
    """A store holding a clarification sealed with its subject's key, then its key table
    dropped (the store was copied without it, or someone removed it)."""
    _record_sealed_case(store_url)
    tamper = Tamperer(store_url, "ComplianceService")
    try:
        tamper.sql("DROP TABLE pelayanan_subject_keys")
    finally:
        tamper.close()
    return store_url


def test_reveal_on_a_store_without_its_key_table_is_one_named_line(
    sealed_personal_data: str, capsys: pytest.CaptureFixture[str]
) -> None:
    case = case_id(Nip(STAFF), "BKPSDM/800/2024/JDP-02")
    argv = ["timeline", str(case), "--db", sealed_personal_data]
    assert main(argv) == 0  # without --reveal the sealed statement reads as sealed
    assert "Anak saya sakit" not in capsys.readouterr().out
    assert main([*argv, "--reveal"]) == 3
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    assert err.count("\n") == 1 and "cannot reveal personal data" in err, err
    assert "pelayanan_subject_keys" in err


def test_a_forged_erasure_of_a_subjects_key_is_a_stated_limit(
    store_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """Threat row ``key-erasure-forged``. Keys live outside the log so that they can be
    destroyed (crypto-shredding): whoever writes the database can destroy one and write any
    who, when and why beside it. The sealed events are untouched, so verify passes, and the
    timeline shows the statement as erased."""
    case = _record_sealed_case(store_url)
    assert main(["seal", "--db", store_url]) == 0
    tamper = Tamperer(store_url, "ComplianceService")
    try:
        tamper.sql(
            "UPDATE pelayanan_subject_keys SET key = NULL, erased_at = ?, erased_by = ?, "
            "reason = ?",
            "2024-07-05T00:00:00+07:00",
            "Someone Else (bkpsdm)",
            "a request that was never made",
        )
    finally:
        tamper.close()
    capsys.readouterr()
    assert main(["verify", "--db", store_url]) == 0
    assert "INTACT" in capsys.readouterr().out
    assert main(["timeline", str(case), "--db", store_url, "--reveal", "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert "Anak saya sakit" not in out and "[erased" in out


def test_a_key_replaced_by_another_does_not_reveal_forged_data(
    store_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """Each value is sealed (AES-GCM) with its own subject's key: a key replaced by another
    one opens nothing, and the timeline says so in one line instead of showing anything."""
    import base64
    import os

    case = _record_sealed_case(store_url)
    tamper = Tamperer(store_url, "ComplianceService")
    try:
        tamper.sql(
            "UPDATE pelayanan_subject_keys SET key = ?", base64.b64encode(os.urandom(32)).decode()
        )
    finally:
        tamper.close()
    capsys.readouterr()
    assert main(["timeline", str(case), "--db", store_url, "--reveal"]) == 3
    out, err = capsys.readouterr()
    assert "Anak saya sakit" not in out + err and "Traceback" not in out + err
    assert err.count("\n") == 1 and "does not open" in err


# --------------------------------------------------------------------------- unreadable rows

# Rows eventsourcing itself cannot read: SQLite lets a hand edit store anything in any column;
# PostgreSQL's uuid column refuses a non-UUID aggregate id (the attack does not exist there).
UNREADABLE = {
    "id-not-a-uuid": "originator_id = 'zz'",
    "state-text-not-utf8": "state = CAST(X'ff7b7d' AS TEXT)",
}


def _checking_commands(db: str, tmp_path: Path) -> list[list[str]]:
    return [
        ["verify", "--db", db],
        ["replay", "--db", db],
        ["replay", "--db", db, "--as-of", "2024-04-24T12:00+07:00"],
        ["audit", "decisions", "--db", db],
        ["timeline", JODIPAN, "--db", db],
        ["timeline", JODIPAN, "--db", db, "--reveal"],
        ["board", "--db", db, "--today", "2024-04-30"],
        ["projections", "status", "--db", db],
    ]


@pytest.mark.parametrize("attack", list(UNREADABLE))
def test_a_row_eventsourcing_cannot_read_makes_no_checking_command_crash(
    story: Story, attack: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    story.service.close()
    assert main(["seal", "--db", story.url]) == 0
    tamper = Tamperer(story.url, "ComplianceService")
    try:
        statement = f"UPDATE {tamper.table} SET {UNREADABLE[attack]} WHERE {tamper.id} = 2"
        if not tamper.sqlite:
            import psycopg

            with pytest.raises(psycopg.Error):
                tamper.sql(statement.replace("CAST(X'ff7b7d' AS TEXT)", "'zz'::text"))
            return
        tamper.sql(statement)
    finally:
        tamper.close()
    for argv in _checking_commands(story.url, tmp_path):
        code = main(argv)
        out, err = capsys.readouterr()
        assert "Traceback" not in out + err, argv
        assert code in (0, 1, 3), (argv, code, err)
        assert err.count("\n") <= 1, (argv, err)
    assert main(["verify", "--db", story.url]) == 1  # and verify names the row
    assert "notification 2" in capsys.readouterr().out


def test_report_on_a_row_eventsourcing_cannot_read_is_one_named_line(
    tmp_path: Path, clerk: Actor, capsys: pytest.CaptureFixture[str]
) -> None:
    """SQLite only: PostgreSQL's uuid column cannot hold the attack (see the test above)."""
    db = str(tmp_path / "store.db")
    service = ComplianceService.open(db)
    service.register_office(JODIPAN, name="Jodipan", kecamatan="Blimbing", actor=clerk)
    service.close()
    tamper = Tamperer(db, "ComplianceService")
    tamper.sql("UPDATE stored_events SET originator_id = 'zz' WHERE rowid = 1")
    tamper.close()
    try:
        code = main(["report", "--db", db, "--report", str(tmp_path / "r.html")])
    except ValueError:
        raise AssertionError("a traceback") from None
    _, err = capsys.readouterr()
    assert code == 3 and err.count("\n") == 1


# --------------------------------------------------------------------------- who reads what


@pytest.fixture
def tamper(story: Story) -> Iterator[Tamperer]:
    t = Tamperer(story.url, "ComplianceService")
    yield t
    t.close()


def test_rows_hidden_from_the_auditor_by_the_database_are_named(
    story: Story, tamper: Tamperer, capsys: pytest.CaptureFixture[str]
) -> None:
    """The database shows the auditor other rows than the service: a forged next version of
    an office, hidden from every reader but the table's owner. On PostgreSQL by row-level
    security (the auditor connects with a SELECT-only role, as docs/audit.md advises); on
    SQLite by an event table replaced with a view (every reader sees the view)."""
    service = story.service
    office = service.get_office(JODIPAN)
    nid = tamper.notification_of(office.id, office.version)
    _, _, topic, state = tamper.row(nid)
    forged = tamper.sql(f"SELECT MAX({tamper.id}) FROM {tamper.table}")[0][0] + 1
    if tamper.sqlite:
        tamper.sql("ALTER TABLE stored_events RENAME TO real_events")
        tamper.sql(f"CREATE VIEW stored_events AS SELECT * FROM real_events WHERE rowid < {nid}")
        db = story.url
    else:
        tamper.sql(
            f"INSERT INTO {tamper.table} (originator_id, originator_version, topic, state) "
            "VALUES (?, ?, ?, ?)",
            office.id,
            office.version + 1,
            topic,
            state,
        )
        tamper.sql(f"ALTER TABLE {tamper.table} ENABLE ROW LEVEL SECURITY")
        tamper.sql(
            f"CREATE POLICY hide ON {tamper.table} FOR SELECT "
            f"USING (current_user = 'postgres' OR {tamper.id} < {forged})"
        )
        db = _select_only_role(story.url)
        fresh = ComplianceService.open(story.url, warm_aggregates=0)
        try:  # what the service, connecting as the owner, now shows
            assert fresh.get_office(JODIPAN).version == office.version + 1
        finally:
            fresh.close()
    code = main(["verify", "--db", db])
    out, err = capsys.readouterr()
    # PostgreSQL: a finding; SQLite: a view in the table's place is refused on opening.
    assert code == (3 if tamper.sqlite else 1) and "Traceback" not in out + err, out + err
    assert "INTACT" not in out
    if not tamper.sqlite:
        assert "rows_filtered" in out and tamper.table in out
    else:
        assert "no stored_events table" in err
