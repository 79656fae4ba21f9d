"""Following the log live: catch up, wait for new events, repeat; survive database outages.

On PostgreSQL the wait is LISTEN on the channel eventsourcing NOTIFYs after every insert (with a
periodic check of the head as a safety net); on SQLite, whose recorder cannot notify, it polls
the head. A lost connection or a restarted server is retried with growing pauses, forever: the
position is in the database, so nothing is lost or applied twice across a reconnect. A handler
that raises stops the follower (see :class:`~pelayanan.projections.api.HandlerFailed`); it is
not retried in a loop, and ``status`` shows the error.
"""

from __future__ import annotations

import logging
import threading
from typing import Any

from eventsourcing.persistence import InterfaceError, OperationalError

from pelayanan.projections.api import ReadModelError
from pelayanan.projections.runner import ProgressCallback, ReadModelRunner

log = logging.getLogger(__name__)


def _transient_errors() -> tuple[type[BaseException], ...]:
    errors: tuple[type[BaseException], ...] = (OperationalError, InterfaceError, OSError)
    try:
        import psycopg
    except ImportError:  # SQLite-only installation
        return errors
    return (*errors, psycopg.OperationalError, psycopg.InterfaceError)


TRANSIENT = _transient_errors()


class Follower:
    """Keeps projections up to date in a background thread (or in ``run()``)."""

    def __init__(
        self,
        runner: ReadModelRunner,
        name: str | None = None,
        *,
        poll_interval: float = 0.5,
        max_backoff: float = 5.0,
        progress: ProgressCallback | None = None,
    ) -> None:
        if poll_interval <= 0 or max_backoff <= 0:
            raise ReadModelError("poll_interval and max_backoff must be positive")
        if name is not None:
            runner.projection(name)
        self.runner = runner
        self.name = name
        self.poll_interval = poll_interval
        self.max_backoff = max_backoff
        self.progress = progress
        self.reconnects = 0
        self.last_error: str | None = None
        self.error: BaseException | None = None
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    # ------------------------------------------------------------------ thread control

    def start(self) -> Follower:
        if self._thread is not None:
            raise ReadModelError("this follower is already running")
        self._thread = threading.Thread(target=self._run_in_thread, name="pelayanan-follower")
        self._thread.daemon = True
        self._thread.start()
        return self

    def stop(self, timeout: float = 10.0) -> None:
        """Stop and join; re-raise what stopped the thread, if it was an error."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None
        if self.error is not None:
            error, self.error = self.error, None
            raise error

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def __enter__(self) -> Follower:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def _run_in_thread(self) -> None:
        try:
            self.run()
        except BaseException as exc:
            self.error = exc

    # ------------------------------------------------------------------ the loop

    def run(self) -> None:
        """Follow until :meth:`stop` is called (from another thread)."""
        backoff = min(0.1, self.max_backoff)
        seen = -1
        while not self._stop.is_set():
            try:
                positions = self.runner.catch_up(self.name, progress=self.progress)
                seen = min(positions.values(), default=0)
                backoff = min(0.1, self.max_backoff)
                self._wait(seen)
            except TRANSIENT as exc:
                self.reconnects += 1
                self.last_error = f"{type(exc).__name__}: {exc}"
                log.warning("projections: database unavailable (%s); retrying", self.last_error)
                self._stop.wait(backoff)
                backoff = min(backoff * 2, self.max_backoff)

    def _wait(self, seen: int) -> None:
        if self.runner.store.engine == "postgres":
            self._listen(seen)
            return
        while not self._stop.is_set() and self.runner.store.head() <= seen:
            self._stop.wait(self.poll_interval)

    def _listen(self, seen: int) -> None:
        from psycopg.sql import SQL, Identifier

        recorder: Any = self.runner.app.recorder
        with recorder.datastore.get_connection() as conn:
            conn.execute(SQL("LISTEN {0}").format(Identifier(recorder.channel_name)))
            try:
                # Checked after LISTEN: an insert between the catch-up and here is not missed.
                while not self._stop.is_set() and self.runner.store.head() <= seen:
                    for _ in conn.notifies(timeout=self.poll_interval, stop_after=1):
                        return
            finally:
                if not conn.closed:
                    conn.execute("UNLISTEN *")
