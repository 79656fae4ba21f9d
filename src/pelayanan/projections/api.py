"""The read-model API: what a user writes to get a view.

A read model is a ``ReadModel`` subclass with a ``name``, a ``version`` and one handler per
event type::

    class StaffCount(ReadModel):
        name = "staff_count"
        version = 1

        @handles(Office.Registered)
        def registered(self, event: Office.Registered, view: View) -> None:
            view.put(event.code.value, {"name": event.name, "staff": 0})

        @handles(Office.StaffAssigned)
        def assigned(self, event: Office.StaffAssigned, view: View) -> None:
            view.update(code_of(event), lambda d: {**d, "staff": d["staff"] + 1})

Handlers fold one event into the view and must be deterministic (a rebuild replays them).
The common case needs no SQL: ``view`` is a JSON document store keyed by text. A read model that
wants its own tables declares them in ``tables`` and writes SQL through ``view.execute``.
Bump ``version`` whenever a handler changes what it writes: the runner then rebuilds the view
from zero, blue/green.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Any, ClassVar, Protocol, TypeVar

from eventsourcing.utils import get_topic

from pelayanan.domain.errors import InvalidValue, PelayananError

NAME_PATTERN = re.compile(r"^[a-z][a-z0-9_]{0,40}$")
"""Read-model names (and so table names) are this, and nothing else reaches the SQL text."""

TABLE_PATTERN = re.compile(r"^[a-z][a-z0-9_]{0,11}$")

Json = Any
"""A JSON-compatible value: dict, list, str, int, float, bool or None."""

F = TypeVar("F", bound=Callable[..., None])

_HANDLES_ATTR = "__pelayanan_handles__"


class ReadModelError(PelayananError):
    """A projection is badly declared, unknown, or its view cannot be used."""


class HandlerFailed(ReadModelError):
    """A handler raised on an event; the runner stopped before it (nothing was skipped)."""

    def __init__(self, projection: str, position: int, topic: str, error: BaseException) -> None:
        self.projection = projection
        self.position = position
        self.topic = topic
        self.error = error
        super().__init__(
            f"projection {projection} stopped at notification {position} ({topic}): "
            f"{type(error).__name__}: {error}; fix the handler and run it again, or let the "
            "projection record dead letters"
        )


class View(Protocol):
    """What a handler writes to: a document store, plus SQL for projections with tables."""

    position: int
    """The notification position of the event being handled."""

    def get(self, key: str) -> Json | None: ...

    def require(self, key: str) -> Json: ...

    def put(self, key: str, doc: Json) -> None: ...

    def update(
        self, key: str, change: Callable[[Json], Json], default: Json | None = None
    ) -> Json: ...

    def delete(self, key: str) -> None: ...

    def items(self, prefix: str = "") -> Iterator[tuple[str, Json]]: ...

    def execute(self, sql: str, params: Sequence[Any] = ()) -> None: ...

    def defer(self, sql: str, params: Sequence[Any]) -> None: ...

    def query(self, sql: str, params: Sequence[Any] = ()) -> list[dict[str, Any]]: ...


def handles(*event_classes: type) -> Callable[[F], F]:
    """Mark a method as the handler of these event classes (``Office.StaffAssigned``, ...)."""
    if not event_classes or not all(isinstance(c, type) for c in event_classes):
        raise ReadModelError("@handles needs one or more event classes")

    def mark(method: F) -> F:
        setattr(method, _HANDLES_ATTR, (*getattr(method, _HANDLES_ATTR, ()), *event_classes))
        return method

    return mark


Handler = Callable[[Any, Any, View], None]


class ReadModel:
    """Base class of every read model; see the module docstring for the shape of one.

    Class attributes:

    - ``name``: lower-case identifier, unique per database; it names the view's tables.
    - ``version``: bump it when handlers change; the view is then rebuilt from zero.
    - ``dead_letters``: when True, an event whose handler raises is recorded as a dead letter
      (with the error) and processing goes on; when False (the default) the runner stops there.
    - ``tables``: optional own tables, ``{"cases": "id TEXT PRIMARY KEY, n INTEGER"}``; handlers
      write them with ``view.execute("INSERT INTO {cases} ...")``, or, for rows nothing in
      the same batch reads back, ``view.defer(...)``: kept until the batch ends and inserted in
      one ``executemany``.
    - ``indexes``: optional ``{"by_office": "{cases} (office)"}`` for those tables.
    - ``index_after_build``: when True, a rebuilt (or as-of) generation gets its indexes once
      it has caught up, not while its rows go in; for handlers that never query their tables.
    """

    name: ClassVar[str] = ""
    version: ClassVar[int] = 1
    dead_letters: ClassVar[bool] = False
    tables: ClassVar[Mapping[str, str]] = {}
    indexes: ClassVar[Mapping[str, str]] = {}
    index_after_build: ClassVar[bool] = False
    handlers: ClassVar[Mapping[type, Handler]] = {}
    topics: ClassVar[tuple[str, ...]] = ()

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        found: dict[type, Handler] = {}
        for klass in reversed(cls.__mro__):
            for attr in vars(klass).values():
                for event_class in getattr(attr, _HANDLES_ATTR, ()):
                    found[event_class] = attr
        cls.handlers = found
        cls.topics = tuple(sorted(get_topic(c) for c in found))

    @classmethod
    def check(cls) -> None:
        """Refuse a badly declared projection with a message saying what to fix."""
        if not isinstance(cls.name, str) or not NAME_PATTERN.match(cls.name):
            raise ReadModelError(
                f"{cls.__qualname__}.name must match {NAME_PATTERN.pattern}, got {cls.name!r}"
            )
        if not isinstance(cls.version, int) or isinstance(cls.version, bool) or cls.version < 1:
            raise ReadModelError(f"{cls.name}: version must be a whole number >= 1")
        if not cls.handlers:
            raise ReadModelError(f"{cls.name}: no @handles methods; it would never change")
        for table in cls.tables:
            if not TABLE_PATTERN.match(table):
                raise ReadModelError(
                    f"{cls.name}: table name {table!r} must match {TABLE_PATTERN.pattern}"
                )
        for index in cls.indexes:
            if not TABLE_PATTERN.match(index):
                raise ReadModelError(f"{cls.name}: index name {index!r} is not allowed")


P = TypeVar("P", bound=type[ReadModel])


def as_read_model(candidate: object) -> type[ReadModel]:
    """Accept a ReadModel subclass (what entry points and ``register`` take), checked."""
    if isinstance(candidate, type) and issubclass(candidate, ReadModel):
        candidate.check()
        return candidate
    raise InvalidValue(f"{candidate!r} is not a ReadModel subclass")
