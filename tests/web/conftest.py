"""Fixtures for the front door: a seeded store, an in-process client, and a real server."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

pytest.importorskip("litestar", reason="the web extra is not installed (pip install '.[web]')")

from litestar.testing import TestClient

from pelayanan.web.app import create_app
from tests.web.support import seed


@pytest.fixture(autouse=True)
def cheap_password_hashing(monkeypatch: pytest.MonkeyPatch) -> None:
    """argon2's cheapest parameters: the same code path, without 0.5 s per hash."""
    from argon2.profiles import CHEAPEST

    from pelayanan import accounts

    monkeypatch.setattr(accounts, "HASH_PARAMETERS", CHEAPEST)


@pytest.fixture
def web_store(store_url: str) -> tuple[str, dict[str, str]]:
    """A seeded store on each backend and its accounts' tokens."""
    return store_url, seed(store_url)


@pytest.fixture
def sqlite_store(tmp_path: object) -> tuple[str, dict[str, str]]:
    db = str(tmp_path / "web.db")  # type: ignore[operator]
    return db, seed(db)


@pytest.fixture
def client(sqlite_store: tuple[str, dict[str, str]]) -> Iterator[TestClient]:  # type: ignore[type-arg]
    db, _ = sqlite_store
    with TestClient(create_app(db, secret=b"test secret")) as test_client:
        yield test_client


@pytest.fixture
def tokens(sqlite_store: tuple[str, dict[str, str]]) -> dict[str, str]:
    return sqlite_store[1]
