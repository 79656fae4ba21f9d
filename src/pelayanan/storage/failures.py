"""The store's failures, said in pelayanan's words: :class:`StorageError`, never the driver's.

A message names the store by its redacted location and never carries the password, even if a
driver were to put it in its own message.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from types import TracebackType

from eventsourcing.persistence import IntegrityError, MapperDeserialisationError, PersistenceError

from pelayanan.domain.errors import StorageError
from pelayanan.storage.connection import connection_cause


class StorageErrors:
    """``with StorageErrors(where, env, "reading"):`` turns the driver's failures (server down,
    connection lost, events that cannot be decoded) into :class:`StorageError`.

    ``where`` gives the store's redacted location, asked only when something failed. An
    :class:`IntegrityError` passes through: the caller knows whether it means a record that
    already exists or a concurrent change. A save that fails otherwise was almost always not
    stored; if the connection broke just as the commit was acknowledged it was, and repeating a
    creation then reports :class:`AlreadyExists`. One instance serves any number of ``with``
    blocks (commands use one per application instead of making one per read).
    """

    __slots__ = ("_doing", "_env", "_where")

    def __init__(self, where: Callable[[], str], env: Mapping[str, str], doing: str) -> None:
        self._where = where
        self._env = env
        self._doing = doing

    def __enter__(self) -> None:
        return None

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        if error is None or isinstance(error, IntegrityError):
            return
        if isinstance(error, MapperDeserialisationError):
            raise StorageError(
                f"stored events in {self._where()} cannot be read (a wrong or missing "
                "CIPHER_KEY, or events this version does not know): "
                f"{connection_cause(self._env, error)}"
            ) from None
        if isinstance(error, PersistenceError):
            raise StorageError(
                f"event store {self._where()} unavailable while {self._doing}: "
                f"{connection_cause(self._env, error)}; try again when it is back"
            ) from None
