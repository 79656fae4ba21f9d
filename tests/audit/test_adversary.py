# ruff: noqa: F811 - the evidence and story fixtures are imported by name, so pytest finds them
"""Attacks from an adversarial review after issue 12's first fixes: each is a way to make a
checking command crash, or pass, on a store edited behind pelayanan's back. Each test is named
after its attack; storage attacks run on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest

from pelayanan.cli import main
from tests.audit.test_threats import APP, Evidence, _drop_seals, evidence  # noqa: F401

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
        assert main(["seal", "--db", evidence.url, *APP]) == 1
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


@pytest.fixture
def sealed_personal_data(store_url: str) -> str:
    """A store holding a clarification sealed with its subject's key, then its key table
    dropped (the store was copied without it, or someone removed it)."""
    from pelayanan.clock import ManualClock
    from pelayanan.service import ComplianceService
    from tests.fixtures.make_v1_store import at, record_office, record_sealed_case

    clock = ManualClock(at(4, 29, 8))
    service = ComplianceService.open(store_url, clock=clock, vault="store")
    try:
        record_office(service, clock)
        record_sealed_case(service, clock)
    finally:
        service.close()
    from tests.audit.tamper import Tamperer

    tamper = Tamperer(store_url, "ComplianceService")
    try:
        tamper.sql("DROP TABLE pelayanan_subject_keys")
    finally:
        tamper.close()
    return store_url


def test_reveal_on_a_store_without_its_key_table_is_one_named_line(
    sealed_personal_data: str, capsys: pytest.CaptureFixture[str]
) -> None:
    from pelayanan.domain.discipline import case_id
    from pelayanan.domain.values import Nip
    from tests.fixtures.make_v1_store import STAFF

    case = case_id(Nip(STAFF), "BKPSDM/800/2024/JDP-02")
    argv = ["timeline", str(case), "--db", sealed_personal_data]
    assert main(argv) == 0  # without --reveal the sealed statement reads as sealed
    assert "Anak saya sakit" not in capsys.readouterr().out
    assert main([*argv, "--reveal"]) == 1
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    assert err.count("\n") == 1 and "cannot reveal personal data" in err, err
    assert "pelayanan_subject_keys" in err
