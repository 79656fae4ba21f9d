"""Why a PostgreSQL store could not be reached, in one line and without the password.

eventsourcing connects through a pool that retries in the background; when the server refuses
(wrong password, no such database, nothing listening) the caller only learns "couldn't get a
connection after 5.00 sec". :func:`connection_cause` then connects once itself, with the same
settings, to find out what the server says.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

_NOISE = (
    re.compile(r"^connection failed:\s*"),
    # The location is already in the message: ``connection to server at "h" (ip), port N failed:``
    re.compile(r'^connection to server (?:at|on) "[^"]*"(?: \([^)]*\))?(?:, port \d+)? failed:\s*'),
    re.compile(r"^(?:FATAL|ERROR):\s+"),
)

_PLAIN = {
    "fe_sendauth: no password supplied": (
        "the server asks for a password and none was given (in --db, PGPASSWORD or a password file)"
    ),
}


def connection_cause(env: Mapping[str, str], error: BaseException) -> str:
    """The error in one line, the pool's timeout replaced by what the server itself says.

    ``env`` holds the persistence settings (``POSTGRES_*``); the password is cut out of the
    result should a driver ever include it.
    """
    text = _plain(error)
    if "POSTGRES_HOST" in env and _pool_timed_out(error):
        text = _probe(env) or text
    password = env.get("POSTGRES_PASSWORD", "")
    return text.replace(password, "***") if password else text


def _first_line(error: BaseException) -> str:
    text = str(error).strip()
    return text.splitlines()[0].strip() if text else type(error).__name__


def _pool_timed_out(error: BaseException) -> bool:
    seen: BaseException | None = error
    while seen is not None:
        if type(seen).__name__ == "PoolTimeout" or str(seen).startswith(
            "couldn't get a connection"
        ):
            return True
        seen = seen.__cause__ or seen.__context__
    return False


def _probe(env: Mapping[str, str]) -> str | None:
    """Connect once as the pool would; what the server says, or None if it now answers."""
    try:
        import psycopg
    except ImportError:  # pragma: no cover - the pool itself needs psycopg
        return None
    settings: dict[str, Any] = {
        "host": env.get("POSTGRES_HOST"),
        "port": env.get("POSTGRES_PORT"),
        "dbname": env.get("POSTGRES_DBNAME"),
        "user": env.get("POSTGRES_USER"),
        "password": env.get("POSTGRES_PASSWORD") or None,
        "connect_timeout": env.get("POSTGRES_CONNECT_TIMEOUT") or "5",
    }
    try:
        psycopg.connect(**settings).close()
    except psycopg.Error as exc:
        return _plain(exc)
    return None


def _plain(error: BaseException) -> str:
    """The first line, without libpq's parts that repeat the location or the severity."""
    text = _first_line(error)
    for noise in _NOISE:
        text = noise.sub("", text)
    text = re.sub(r"\s{2,}", " ", text).strip()
    return _PLAIN.get(text, text) or type(error).__name__
