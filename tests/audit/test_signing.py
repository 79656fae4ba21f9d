"""Signed checkpoints: a verifier holding the public key accepts only checkpoints signed by it."""

from __future__ import annotations

from pathlib import Path

import pytest

from pelayanan.audit.checkpoints import read_checkpoint_file, write_checkpoint_file
from pelayanan.audit.seal import seal
from pelayanan.audit.signing import Signer, parse_public_key
from pelayanan.audit.store import open_log
from pelayanan.audit.verify import verify
from tests.audit.ledger import LedgerApp, ledger_app


@pytest.fixture
def db(tmp_path: Path) -> str:
    url = str(tmp_path / "store.db")
    app = ledger_app(url)
    ledger = app.open_ledger("A", notes=4)
    app.note(ledger, "later")
    app.close()
    return url


def test_signed_checkpoints_verify_with_the_public_key(db: str, tmp_path: Path) -> None:
    signer = Signer.generate()
    signer.write_pem_file(tmp_path / "sealer.pem")
    reloaded = Signer.from_pem_file(tmp_path / "sealer.pem")
    log = open_log(db, read_only=False, application=LedgerApp.name)
    sealed = seal(log, every=2, signer=reloaded).checkpoints
    assert [s.key_id for s in sealed] == [signer.key_id] * 3
    write_checkpoint_file(tmp_path / "witness.jsonl", sealed)
    witness = list(read_checkpoint_file(tmp_path / "witness.jsonl"))
    report = verify(log, witness=witness, public_key=parse_public_key(signer.public_key.hex()))
    assert report.intact, report.problems
    assert (report.signatures_checked, report.witnessed_checkpoints) == (3, 3)
    other = Signer.generate().public_key
    kinds = {p.kind for p in verify(log, witness=witness, public_key=other).problems}
    assert kinds == {"signature_invalid"}
    log.close()


def test_unsigned_checkpoints_fail_a_signature_check(db: str) -> None:
    log = open_log(db, read_only=False, application=LedgerApp.name)
    seal(log)
    report = verify(log, public_key=Signer.generate().public_key)
    assert [p.kind for p in report.problems] == ["signature_missing"]
    log.close()


def test_a_public_key_must_be_32_bytes_of_hex() -> None:
    with pytest.raises(ValueError, match="64 hex digits"):
        parse_public_key("abcd")
