"""The store's failures, said in pelayanan's words: :class:`StorageError`, never the driver's.

A message names the store by its redacted location and never carries the password, even if a
driver were to put it in its own message.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator, Mapping

from eventsourcing.persistence import IntegrityError, MapperDeserialisationError, PersistenceError

from pelayanan.domain.errors import StorageError


def scrub(error: BaseException, env: Mapping[str, str]) -> str:
    """The error's first line, with the password cut out should a driver ever include it."""
    text = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
    password = env.get("POSTGRES_PASSWORD", "")
    return text.replace(password, "***") if password else text


@contextlib.contextmanager
def storage_errors(display: str, env: Mapping[str, str], doing: str) -> Iterator[None]:
    """Turn the driver's failures (server down, connection lost) into :class:`StorageError`.

    An :class:`IntegrityError` passes through: the caller knows whether it means a record that
    already exists or a concurrent change. A save that fails otherwise was almost always not
    stored; if the connection broke just as the commit was acknowledged it was, and repeating a
    creation then reports :class:`AlreadyExists`.
    """
    try:
        yield
    except IntegrityError:
        raise
    except MapperDeserialisationError as exc:
        raise StorageError(
            f"stored events in {display} cannot be read (a wrong or missing "
            f"CIPHER_KEY, or events this version does not know): {scrub(exc, env)}"
        ) from None
    except PersistenceError as exc:
        raise StorageError(
            f"event store {display} unavailable while {doing}: "
            f"{scrub(exc, env)}; try again when it is back"
        ) from None
