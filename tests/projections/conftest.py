"""Fixtures for the projection specifications: a plain eventsourcing application on each backend."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from eventsourcing.application import Application

from pelayanan.storage.settings import parse_location


@pytest.fixture
def app(store_url: str) -> Iterator[Application[Any]]:
    application: Application[Any] = Application(env=parse_location(store_url).env)
    yield application
    application.close()
