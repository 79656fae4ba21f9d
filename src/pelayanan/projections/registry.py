"""Which read models exist: registered in code, or plugged in by another package.

A third-party package plugs a read model in through the ``pelayanan.projections`` entry-point
group, in its own ``pyproject.toml``::

    [project.entry-points."pelayanan.projections"]
    kecamatan_heatmap = "my_package.projections:KecamatanHeatmap"

The entry point's value is a :class:`~pelayanan.projections.api.ReadModel` subclass; its name
must equal the class's ``name``. A broken plug-in is reported by name, never ignored.
"""

from __future__ import annotations

from collections.abc import Iterable
from importlib.metadata import entry_points

from pelayanan.projections.api import P, ReadModel, ReadModelError, as_read_model

ENTRY_POINT_GROUP = "pelayanan.projections"


class Registry:
    """An ordered set of projections by name."""

    def __init__(self, projections: Iterable[type[ReadModel]] = ()) -> None:
        self._projections: dict[str, type[ReadModel]] = {}
        for projection in projections:
            self.add(projection)

    def add(self, projection: type[ReadModel]) -> type[ReadModel]:
        cls = as_read_model(projection)
        existing = self._projections.get(cls.name)
        if existing is not None and existing is not cls:
            raise ReadModelError(
                f"projection name {cls.name!r} is taken by {existing.__module__}."
                f"{existing.__qualname__}"
            )
        self._projections[cls.name] = cls
        return cls

    def register(self, projection: P) -> P:
        """Class decorator: ``@registry.register`` above a ReadModel subclass."""
        self.add(projection)
        return projection

    def discover(self, group: str = ENTRY_POINT_GROUP) -> list[str]:
        """Add every projection installed under the entry-point group; return their names."""
        added = []
        for entry in entry_points(group=group):
            try:
                loaded = entry.load()
            except Exception as exc:
                raise ReadModelError(
                    f"projection plug-in {entry.name!r} ({entry.value}) failed to load: {exc}"
                ) from exc
            cls = as_read_model(loaded)
            if cls.name != entry.name:
                raise ReadModelError(
                    f"entry point {entry.name!r} names a projection called {cls.name!r}; "
                    "they must match"
                )
            self.add(cls)
            added.append(cls.name)
        return added

    def get(self, name: str) -> type[ReadModel]:
        try:
            return self._projections[name]
        except KeyError:
            raise ReadModelError(f"no projection named {name!r}") from None

    def names(self) -> list[str]:
        return list(self._projections)

    def all(self) -> list[type[ReadModel]]:
        return list(self._projections.values())

    def __contains__(self, name: object) -> bool:
        return name in self._projections

    def __len__(self) -> int:
        return len(self._projections)


registry = Registry()
"""The process-wide registry: ``@registry.register`` puts a read model here."""


def default_registry(*, plugins: bool = True) -> Registry:
    """The standard projections, those registered in code, and (by default) the plug-ins."""
    from pelayanan.projections.standard import STANDARD

    found = Registry(STANDARD)
    for projection in registry.all():
        found.add(projection)
    if plugins:
        found.discover()
    return found
