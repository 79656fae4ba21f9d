"""Whole-store encryption at rest (eventsourcing's AES cipher): the raw tables hold no plain
text, and the store still loads, projects and verifies, on SQLite and PostgreSQL."""

from __future__ import annotations

from pathlib import Path

import pytest
from eventsourcing.cryptography import AESCipher

from pelayanan import ComplianceService, StorageError
from pelayanan.audit import open_log, rebuild_and_diff, seal, verify
from pelayanan.projections import ReadModelRunner, default_registry
from tests.privacy.support import PERSONAL, clock, record


def cipher_env() -> dict[str, str]:
    return {
        "CIPHER_TOPIC": "eventsourcing.cryptography:AESCipher",
        "CIPHER_KEY": AESCipher.create_key(32),
    }


def test_an_encrypted_store_holds_no_plain_text_and_still_works(store_url: str) -> None:
    env = cipher_env()
    the_clock = clock()
    service = ComplianceService.open(store_url, clock=the_clock, env=env)
    try:
        scenario = record(service, the_clock)  # no vault: personal data only store-encrypted
        raw = b"".join(
            n.state for n in service.recorder.select_notifications(start=1, limit=100_000)
        )
        for text in (*PERSONAL, "Jodipan", "Kantor kelurahan kosong", "35.73.01.1011"):
            assert text.encode() not in raw
        if not store_url.startswith("postgresql"):
            assert b"Jodipan" not in Path(store_url).read_bytes()

        log = open_log(store_url, read_only=False)
        try:
            assert len(seal(log).checkpoints) >= 1
            assert verify(log).intact  # hashes cover the ciphertext: no key needed
        finally:
            log.close()
        runner = ReadModelRunner(service, default_registry(plugins=False).all())
        runner.catch_up()
        assert rebuild_and_diff(service).matches
    finally:
        service.close()

    reopened = ComplianceService.open(store_url, clock=the_clock, env=env)
    try:
        assert reopened.get_case(scenario.case).clarified
        assert reopened.get_office("35.73.01.1011").name == "Jodipan"
    finally:
        reopened.close()


def test_an_encrypted_store_opened_with_the_wrong_key_fails_cleanly(store_url: str) -> None:
    the_clock = clock()
    service = ComplianceService.open(store_url, clock=the_clock, env=cipher_env())
    try:
        scenario = record(service, the_clock)
    finally:
        service.close()
    wrong = ComplianceService.open(store_url, clock=the_clock, env=cipher_env())
    try:
        with pytest.raises(StorageError, match="cannot be read"):
            wrong.get_case(scenario.case)
    finally:
        wrong.close()
