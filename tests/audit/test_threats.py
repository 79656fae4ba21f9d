"""The threat model of docs/integrity.md, row by row: each kind of tampering or loss, made
directly in the SQLite file or the PostgreSQL tables, and whether `verify` detects and names it
with the log alone, with the sealer's public key, and with a witness file.

``THREATS`` is the table; its ids are the ids of the document's rows, and
``test_every_row_of_the_documented_table_has_a_case`` keeps the two the same. A "no" is a claim
too: the test proves that the limit the document states is real, not a missed detection.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, ClassVar
from uuid import UUID, uuid4

import attrs
import pytest

from pelayanan.audit.checkpoints import write_checkpoint_file
from pelayanan.audit.seal import SealResult, seal
from pelayanan.audit.signing import Signer
from pelayanan.audit.snapshots import snapshot_check
from pelayanan.audit.store import LogStore, open_log
from pelayanan.audit.verify import VerifyReport, verify
from pelayanan.cli import main
from pelayanan.projections.store import ViewStore
from tests.audit.ledger import Ledger, LedgerApp
from tests.audit.tamper import Tamperer

DOC = Path(__file__).parents[2] / "docs" / "integrity.md"
APP = ["--application", LedgerApp.name]


class SnapshottingLedgerApp(LedgerApp):
    name = LedgerApp.name  # the same tables and tracking names
    snapshotting_intervals: ClassVar[dict[type[Any], int]] = {Ledger: 5}


@attrs.define
class Evidence:
    """A signed, sealed store, the witness's copy of its checkpoints, and a tamperer.

    notifications: 1-5 A v1-5 | 6 B v1, 7 B v2, 8 A v6 (sealed in checkpoints of 4: 1-4, 5-8)
    || 9 B v3 (unsealed). A has a snapshot at v5, which checkpoint 2 vouches for.
    """

    url: str
    app: LedgerApp
    a: UUID
    b: UUID
    witness: Path
    public_key: bytes
    signer: Signer
    tamper: Tamperer
    backend: str

    def log(self, *, read_only: bool = True) -> LogStore:
        return open_log(self.url, read_only=read_only, application=LedgerApp.name)

    def verify(self, mode: str) -> VerifyReport:
        log = self.log()
        try:
            return verify(
                log,
                witness=list(_witness(self.witness)) if mode == "witness" else None,
                public_key=self.public_key if mode == "key" else None,
                application=LedgerApp.name,
                snapshots=snapshot_check(self.app),
            )
        finally:
            log.close()

    def seal(self, signer: Signer | None = None) -> SealResult:
        log = self.log(read_only=False)
        try:
            return seal(log, every=4, signer=signer, snapshots=snapshot_check(self.app))
        finally:
            log.close()

    def sql(self, statement: str, *params: Any) -> list[Any]:
        return self.tamper.sql(statement, *params)

    @property
    def events(self) -> str:
        return self.tamper.table

    @property
    def nid(self) -> str:
        return self.tamper.id


def _witness(path: Path) -> Iterator[Any]:
    from pelayanan.audit.checkpoints import read_checkpoint_file

    return read_checkpoint_file(path)


@pytest.fixture
def evidence(store_url: str, tmp_path: Path) -> Iterator[Evidence]:
    app = SnapshottingLedgerApp(_env(store_url))
    a = app.open_ledger("A", notes=4)
    b = app.open_ledger("B", notes=1)
    app.note(a, "A late")
    views = ViewStore(app)  # a projection's tracking row, as the runner writes it
    with views.transaction() as cursor:
        views.track(cursor, "board", 1, 8)
    signer = Signer.generate()
    e = Evidence(
        store_url,
        app,
        a,
        b,
        tmp_path / "witness.jsonl",
        signer.public_key,
        signer,
        Tamperer(store_url, LedgerApp.name),
        "sqlite" if "://" not in store_url else "postgres",
    )
    e.seal(signer)
    app.note(b, "B unsealed")
    log = e.log()
    write_checkpoint_file(e.witness, log.checkpoints())
    log.close()
    yield e
    e.tamper.close()
    app.close()


def _env(url: str) -> dict[str, str]:
    from pelayanan.storage.settings import parse_location

    return parse_location(url).env


# --------------------------------------------------------------------------- the attacks


def edit_sealed_event(e: Evidence) -> None:
    e.tamper.change_state(e.tamper.notification_of(e.a, 2), b"A note 1", b"A note X")


def edit_unsealed_event(e: Evidence) -> None:
    e.tamper.change_state(e.tamper.notification_of(e.b, 3), b"B unsealed", b"B forged!!")


def delete_event(e: Evidence) -> None:
    e.tamper.delete(e.tamper.notification_of(e.a, 3))


def delete_unsealed_tail(e: Evidence) -> None:
    e.tamper.delete(e.tamper.notification_of(e.b, 3))


def insert_in_sealed_range(e: Evidence) -> None:
    _, _, topic, state = e.tamper.row(1)
    e.tamper.insert_after(2, uuid4(), 1, topic, state)


def _forge_next_version(e: Evidence, notification_id: int) -> None:
    """A copy of A's last event as A's next version, at ``notification_id``."""
    originator, _, topic, state = e.tamper.row(e.tamper.notification_of(e.a, 6))
    e.sql(
        f"INSERT INTO {e.events} ({e.nid}, originator_id, originator_version, topic, state) "
        "VALUES (?, ?, ?, ?, ?)",
        notification_id,
        originator,
        7,
        topic,
        state,
    )


def insert_at_id_zero(e: Evidence) -> None:
    _forge_next_version(e, 0)


def insert_at_negative_id(e: Evidence) -> None:
    _forge_next_version(e, -1)


def append_forged_event(e: Evidence) -> None:
    _forge_next_version(e, 100)


def reorder_events(e: Evidence) -> None:
    e.tamper.swap(e.tamper.notification_of(e.a, 6), e.tamper.notification_of(e.b, 2))


def _snapshots(e: Evidence) -> str:
    return "stored_snapshots" if e.backend == "sqlite" else "ledgerapp_snapshots"


def delete_snapshot(e: Evidence) -> None:
    e.sql(f"DELETE FROM {_snapshots(e)}")


def _note_a(e: Evidence, *texts: str) -> None:
    for text in texts:
        e.app.note(e.a, text)


def delete_unsealed_snapshot(e: Evidence) -> None:
    """A's next snapshot (v10), not yet sealed, deleted: the service replays from v5."""
    _note_a(e, "A 7", "A 8", "A 9", "A 10")
    e.sql(f"DELETE FROM {_snapshots(e)} WHERE originator_version = ?", 10)


def delete_sealed_snapshot(e: Evidence) -> None:
    e.sql(f"DELETE FROM {_snapshots(e)} WHERE originator_version = ?", 5)


def _edit_snapshot_state(e: Evidence, version: int) -> None:
    table = _snapshots(e)
    [(state,)] = e.sql(f"SELECT state FROM {table} WHERE originator_version = ?", version)
    e.sql(
        f"UPDATE {table} SET state = ? WHERE originator_version = ?",
        bytes(state).replace(b'"A"', b'"Z"'),
        version,
    )


def edit_unsealed_snapshot(e: Evidence) -> None:
    """A snapshot no checkpoint vouches for yet, edited: verify rebuilds it."""
    _note_a(e, "A 7", "A 8", "A 9", "A 10")
    _edit_snapshot_state(e, 10)


def edit_snapshot_before_sealing(e: Evidence) -> None:
    """Edited before the sealer saw it: the sealer seals the events (notifications 9-13) and
    refuses to vouch for the snapshot, so verify rebuilds it."""
    edit_unsealed_snapshot(e)
    result = e.seal(e.signer)
    assert [s.checkpoint.last_notification_id for s in result.checkpoints] == [12, 13]
    [refused] = result.refused
    assert (refused.kind, refused.version) == ("snapshot_changed", 10)
    assert "title" in refused.message


def add_wrong_snapshot_after_sealing(e: Evidence) -> None:
    """A forged snapshot of A at v6 (A's sealed head) added after sealing, with a false title."""
    table = _snapshots(e)
    [(originator, topic, state)] = e.sql(
        f"SELECT originator_id, topic, state FROM {table} WHERE originator_version = ?", 5
    )
    forged = bytes(state).replace(b'"A"', b'"Z"').replace(b'"_version":5', b'"_version":6')
    assert forged != bytes(state)
    e.sql(
        f"INSERT INTO {table} (originator_id, originator_version, topic, state) "
        "VALUES (?, ?, ?, ?)",
        originator,
        6,
        topic,
        forged,
    )


def edit_sealed_snapshot_and_its_seal_record(e: Evidence) -> None:
    """The snapshot edited and its leaf in the sealer's table made to match."""
    from pelayanan.audit.encoding import snapshot_leaf

    _edit_snapshot_state(e, 5)
    [(originator, topic, state)] = e.sql(
        f"SELECT originator_id, topic, state FROM {_snapshots(e)} WHERE originator_version = ?", 5
    )
    raw = UUID(originator).bytes if isinstance(originator, str) else originator.bytes
    e.sql(
        "UPDATE pelayanan_sealed_snapshots SET leaf = ? WHERE originator_version = ?",
        snapshot_leaf(raw, 5, topic, bytes(state)),
        5,
    )


def reseal_with_an_edited_snapshot(e: Evidence) -> None:
    """The snapshot edited, the seals removed, and the store sealed again by a sealer that
    skips the snapshot check (the forger's own code), without the key."""
    _edit_snapshot_state(e, 5)
    _drop_seals(e, keep_snapshots=True)
    log = e.log(read_only=False)
    try:
        seal(log, every=4, snapshots=_blind)
    finally:
        log.close()


def plant_a_starting_point_for_the_sealer(e: Evidence) -> None:
    """A forged snapshot at a sealed version, given a row in the sealer's table under a
    checkpoint that never vouched for it (the forger cannot sign one). The service loads it, so
    the aggregate's next snapshot carries the forgery; a sealer that took the row at its word
    would rebuild that next snapshot from it, find it equal and vouch for it under the key. The
    planted snapshot and row are removed after the seal."""
    from pelayanan.audit.encoding import snapshot_leaf

    add_wrong_snapshot_after_sealing(e)
    table = _snapshots(e)
    [(originator, topic, state)] = e.sql(
        f"SELECT originator_id, topic, state FROM {table} WHERE originator_version = ?", 6
    )
    raw = UUID(originator).bytes if isinstance(originator, str) else originator.bytes
    e.sql(
        "INSERT INTO pelayanan_sealed_snapshots (originator_id, originator_version, leaf, seq) "
        "VALUES (?, ?, ?, ?)",
        raw,
        6,
        snapshot_leaf(raw, 6, topic, bytes(state)),
        999,
    )
    _note_a(e, "A 7", "A 8", "A 9", "A 10")  # loaded from the forgery: its v10 carries it
    e.seal(e.signer)
    e.sql(f"DELETE FROM {table} WHERE originator_version = ?", 6)
    e.sql("DELETE FROM pelayanan_sealed_snapshots WHERE seq = ?", 999)


def vouch_with_an_appended_checkpoint(e: Evidence) -> None:
    """A forged snapshot at a sealed version, then a checkpoint appended (over the unsealed
    event) by a sealer that skips the snapshot check and has no key: it vouches for the forgery."""
    add_wrong_snapshot_after_sealing(e)
    log = e.log(read_only=False)
    try:
        [checkpoint] = _sealed(seal(log, every=4, snapshots=_blind))
    finally:
        log.close()
    assert checkpoint.checkpoint.snapshots_count == 1


def _sealed(result: Any) -> list[Any]:
    return list(getattr(result, "checkpoints", result))


def _blind(reader: object, tasks: Any) -> Iterator[Any]:
    """A forger's snapshot "check" that finds everything equal."""
    from pelayanan.audit.verify import SNAPSHOT_CHECKED, Problem

    for originator, _, rows in tasks:
        for row in rows:
            yield Problem(SNAPSHOT_CHECKED, "", None, str(UUID(bytes=originator)), row[1])


def _drop_seals(e: Evidence, above: int = 0, *, keep_snapshots: bool = False) -> None:
    # A careful forger removes the snapshots and projection positions too: one beyond the
    # cut would show it (snapshot_changed, tracking_ahead).
    if not keep_snapshots:
        delete_snapshot(e)
    e.sql(f"DELETE FROM {_tracking(e)} WHERE application_name LIKE ?", "LedgerApp/%")
    e.sql("DELETE FROM pelayanan_checkpoints WHERE seq > ?", above)
    e.sql("DELETE FROM pelayanan_sealed_snapshots WHERE seq > ?", above)
    e.sql("DELETE FROM pelayanan_chain_heads")
    last = e.sql("SELECT MAX(last_notification_id) FROM pelayanan_checkpoints")[0][0] or 0
    e.sql("DELETE FROM pelayanan_sealed_events WHERE notification_id > ?", last)


def truncate_to_a_checkpoint(e: Evidence) -> None:
    """Cut the log back to checkpoint 1: its later events and checkpoints removed."""
    e.sql(f"DELETE FROM {e.events} WHERE {e.nid} > 4")
    _drop_seals(e, above=1)


def empty_the_store(e: Evidence) -> None:
    e.sql(f"DELETE FROM {e.events}")
    _drop_seals(e)


def reseal(e: Evidence) -> None:
    """Change a sealed event, remove every seal and seal again (without the sealer's key)."""
    edit_sealed_event(e)
    _drop_seals(e)
    e.seal()


def edit_checkpoint(e: Evidence) -> None:
    body = e.sql("SELECT body FROM pelayanan_checkpoints WHERE seq = 2")[0][0]
    e.sql(
        "UPDATE pelayanan_checkpoints SET body = ? WHERE seq = 2",
        body.replace('"event_count":4', '"event_count":3'),
    )


def delete_checkpoint(e: Evidence) -> None:
    e.sql("DELETE FROM pelayanan_checkpoints WHERE seq = 1")


def malformed_checkpoint(e: Evidence) -> None:
    e.sql("UPDATE pelayanan_checkpoints SET body = ? WHERE seq = 2", "{not json")


def edit_snapshot(e: Evidence) -> None:
    """The snapshot checkpoint 2 vouches for, edited after sealing."""
    _edit_snapshot_state(e, 5)


def _respell_id(e: Evidence, spelling: Callable[[UUID], str]) -> None:
    nid = e.tamper.notification_of(e.a, 6)
    if e.backend == "postgres":
        # The uuid column stores one value whatever the spelling: the attack cannot be made.
        e.sql(f"UPDATE {e.events} SET originator_id = ? WHERE {e.nid} = ?", spelling(e.a), nid)
        assert e.tamper.notification_of(e.a, 6) == nid
        return
    e.sql(f"UPDATE {e.events} SET originator_id = ? WHERE {e.nid} = ?", spelling(e.a), nid)


def id_in_upper_case(e: Evidence) -> None:
    _respell_id(e, lambda u: u.hex.upper())


def id_with_dashes(e: Evidence) -> None:
    _respell_id(e, str)


def _tracking(e: Evidence) -> str:
    return "tracking" if e.backend == "sqlite" else "pelayanan_tracking"


def tracking_ahead(e: Evidence) -> None:
    e.sql(
        f"UPDATE {_tracking(e)} SET notification_id = 1000 WHERE application_name LIKE ?",
        "LedgerApp/%",
    )


@attrs.frozen
class Threat:
    attack: Callable[[Evidence], None]
    kind: str | None  # what verify names; None when it cannot be detected at all
    log: bool  # detected with the log alone
    key: bool  # ... with the sealer's public key
    witness: bool  # ... with a witness file
    postgres_kind: str | None = "same"  # where PostgreSQL itself refuses or normalises the edit
    key_kind: str | None = None  # what the public key names, when not ``kind``
    rebuilt: bool = False  # found by rebuilding a snapshot: needs the application's domain code


THREATS: dict[str, Threat] = {
    "edit-sealed": Threat(edit_sealed_event, "event_changed", True, True, True),
    "edit-unsealed": Threat(edit_unsealed_event, None, False, False, False),
    "delete": Threat(delete_event, "event_deleted", True, True, True),
    "delete-unsealed-tail": Threat(delete_unsealed_tail, None, False, False, False),
    "insert": Threat(insert_in_sealed_range, "event_inserted", True, True, True),
    "insert-id-0": Threat(insert_at_id_zero, "event_outside_log", True, True, True),
    "insert-id-negative": Threat(insert_at_negative_id, "event_outside_log", True, True, True),
    "append-unsealed": Threat(append_forged_event, None, False, False, False),
    "reorder": Threat(reorder_events, "event_moved", True, True, True),
    "truncate-to-checkpoint": Threat(
        truncate_to_a_checkpoint, "checkpoint_missing", False, False, True
    ),
    "empty": Threat(empty_the_store, "checkpoint_missing", False, True, True),
    "reseal": Threat(reseal, "checkpoint_changed", False, True, True, key_kind="signature_missing"),
    "checkpoint-edit": Threat(edit_checkpoint, "checkpoint_changed", True, True, True),
    "checkpoint-delete": Threat(delete_checkpoint, "checkpoint_chain_broken", True, True, True),
    "checkpoint-malformed": Threat(malformed_checkpoint, "checkpoint_malformed", True, True, True),
    "snapshot-edit": Threat(edit_snapshot, "snapshot_changed", True, True, True),
    "snapshot-edit-unsealed": Threat(
        edit_unsealed_snapshot, "snapshot_changed", True, True, True, rebuilt=True
    ),
    "snapshot-edit-before-sealing": Threat(
        edit_snapshot_before_sealing, "snapshot_changed", True, True, True, rebuilt=True
    ),
    "snapshot-add-wrong": Threat(
        add_wrong_snapshot_after_sealing, "snapshot_changed", True, True, True, rebuilt=True
    ),
    "snapshot-delete-sealed": Threat(delete_sealed_snapshot, "snapshot_deleted", True, True, True),
    "snapshot-delete": Threat(delete_unsealed_snapshot, None, False, False, False),
    "snapshot-seal-edit": Threat(
        edit_sealed_snapshot_and_its_seal_record, "sealed_snapshots_changed", True, True, True
    ),
    "snapshot-planted-seal-row": Threat(
        plant_a_starting_point_for_the_sealer,
        "snapshot_changed",
        True,
        True,
        True,
        rebuilt=True,
    ),
    "snapshot-vouched-by-appended-checkpoint": Threat(
        vouch_with_an_appended_checkpoint,
        "snapshot_changed",
        False,
        True,
        True,
        key_kind="signature_missing",
        rebuilt=True,
    ),
    "snapshot-reseal": Threat(
        reseal_with_an_edited_snapshot,
        "checkpoint_changed",
        False,
        True,
        True,
        key_kind="signature_missing",
    ),
    "id-upper-case": Threat(
        id_in_upper_case, "aggregate_id_malformed", True, True, True, postgres_kind=None
    ),
    "id-other-spelling": Threat(
        id_with_dashes, "aggregate_id_malformed", True, True, True, postgres_kind=None
    ),
    "tracking-ahead": Threat(tracking_ahead, "tracking_ahead", True, True, True),
}

EXPECTED_ELSEWHERE = {
    "malformed-row": "test_a_malformed_row_is_a_named_finding_not_a_crash",
    "witness-malformed": "test_a_malformed_witness_file_is_a_finding",
    "view-edit": "tests/cli/test_audit_cli.py::test_replay_exits_0_when_views_match_and_1_na...",
    # tests/audit/test_adversary.py
    "text-not-utf8": "test_text_that_is_not_utf8_in_an_event_row_is_named_not_a_traceback",
    "rows-filtered": "test_rows_hidden_from_the_auditor_by_the_database_are_named",
    "key-erasure-forged": "test_a_forged_erasure_of_a_subjects_key_is_a_stated_limit",
}


@pytest.mark.parametrize("threat_id", list(THREATS))
def test_each_threat_is_detected_where_the_document_says(
    evidence: Evidence, threat_id: str
) -> None:
    threat = THREATS[threat_id]
    assert evidence.verify("log").intact and evidence.verify("witness").intact
    threat.attack(evidence)
    kind = threat.kind
    if evidence.backend == "postgres" and threat.postgres_kind != "same":
        kind = threat.postgres_kind
    for mode, detected in (("log", threat.log), ("key", threat.key), ("witness", threat.witness)):
        report = evidence.verify(mode)
        if kind is None or not detected:
            assert report.intact, (mode, report.problems)
            assert report.limits, "an undetectable loss must be stated as a limit"
        else:
            named = threat.key_kind if mode == "key" and threat.key_kind else kind
            assert not report.intact, f"{threat_id} went unnoticed with {mode}"
            assert named in {p.kind for p in report.problems}, (mode, report.problems)


# A rebuild needs the domain code, and the CLI has only pelayanan's own service's: the rebuilt
# rows are run through the CLI below and in test_forgeries.py.
@pytest.mark.parametrize(
    "threat_id", [t for t, threat in THREATS.items() if threat.witness and not threat.rebuilt]
)
def test_the_cli_names_each_detected_threat_with_exit_1_and_no_traceback(
    evidence: Evidence, threat_id: str, capsys: pytest.CaptureFixture[str]
) -> None:
    threat = THREATS[threat_id]
    if evidence.backend == "postgres" and threat.postgres_kind is None:
        return  # PostgreSQL itself refuses or normalises the edit: no attack to name
    threat.attack(evidence)
    code = main(["verify", "--db", evidence.url, *APP, "--checkpoints", str(evidence.witness)])
    out, err = capsys.readouterr()
    assert code == 1 and "Traceback" not in out + err
    assert f"{threat.kind}" in out


def test_every_row_of_the_documented_table_has_a_case() -> None:
    text = DOC.read_text(encoding="utf-8")
    section = text.split("## 6. Threat model", 1)[1].split("\n## ", 1)[0]
    documented = re.findall(r"^\| `([a-z0-9-]+)` \|", section, flags=re.MULTILINE)
    assert documented, "the threat table is missing from docs/integrity.md"
    assert sorted(documented) == sorted([*THREATS, *EXPECTED_ELSEWHERE])
    for row in re.findall(r"^\| `([a-z0-9-]+)` \|(.*)$", section, flags=re.MULTILINE):
        threat_id, cells = row
        if threat_id in THREATS:
            threat = THREATS[threat_id]
            marks = [c.strip() for c in cells.split("|")][1:4]
            expected = [
                "yes" if found and threat.kind else "no"
                for found in (threat.log, threat.key, threat.witness)
            ]
            assert marks == expected, (threat_id, marks, expected)


# --------------------------------------------------------------------------- malformed rows


MALFORMED = {
    # name: (SQL set clause, what PostgreSQL's column types make of it)
    "version-null": ("originator_version = NULL", "refused"),
    "version-text": ("originator_version = 'three'", "refused"),
    "version-negative": ("originator_version = -3", "event_malformed"),
    "version-huge": ("originator_version = 99999999999999999999", "refused"),
    # PostgreSQL: a bit string, stored in the text column as the text of its digits
    "topic-blob": ("topic = X'00ff'", "event_changed"),
    "topic-null": ("topic = NULL", "event_malformed"),
    "state-null": ("state = NULL", "event_malformed"),
}


@pytest.mark.parametrize("case", list(MALFORMED))
def test_a_malformed_row_is_a_named_finding_not_a_crash(
    evidence: Evidence, case: str, capsys: pytest.CaptureFixture[str]
) -> None:
    clause, on_postgres = MALFORMED[case]
    nid = evidence.tamper.notification_of(evidence.a, 3)
    statement = f"UPDATE {evidence.events} SET {clause} WHERE {evidence.nid} = ?"
    kind = on_postgres if evidence.backend == "postgres" else "event_malformed"
    if kind == "refused":
        import psycopg

        with pytest.raises(psycopg.Error):
            evidence.sql(statement, nid)
        return
    evidence.sql(statement, nid)
    report = evidence.verify("witness")
    assert report.first_problem is not None
    assert (report.first_problem.kind, report.first_problem.notification_id) == (kind, nid)
    assert main(["verify", "--db", evidence.url, *APP]) == 1
    out, err = capsys.readouterr()
    assert kind in out and "Traceback" not in out + err
    if kind == "event_malformed":  # the sealer refuses to bless it, with one line
        _drop_seals(evidence)
        assert main(["seal", "--db", evidence.url, *APP]) == 3  # refused: could not run
        err = capsys.readouterr().err
        assert f"notification {nid}" in err and "Traceback" not in err


# --------------------------------------------------------------------------- witness files


@pytest.mark.parametrize(
    "content",
    [b"", b"\xff\xfe not ascii\n", b"[1, 2]\n", b'{"body": {"seq": "1"}, "hash": 3}\n'],
    ids=["empty", "not-ascii", "not-an-object", "wrong-types"],
)
def test_a_malformed_witness_file_is_a_finding(
    evidence: Evidence, content: bytes, capsys: pytest.CaptureFixture[str]
) -> None:
    evidence.witness.write_bytes(content)
    code = main(["verify", "--db", evidence.url, *APP, "--checkpoints", str(evidence.witness)])
    out, err = capsys.readouterr()
    assert code == 1 and "Traceback" not in out + err
    assert ("witness_empty" if not content else "witness_malformed") in out


def test_with_the_log_alone_verify_says_how_many_snapshots_it_took_on_the_stores_word(
    evidence: Evidence,
) -> None:
    vouch_with_an_appended_checkpoint(evidence)
    report = evidence.verify("log")
    assert report.intact and report.snapshots_sealed == 2
    assert any(
        limit.startswith("2 snapshot(s) were taken on the word of the store's own checkpoints")
        for limit in report.limits
    ), report.limits
    for mode in ("key", "witness"):
        assert not any("on the word of" in limit for limit in evidence.verify(mode).limits)
