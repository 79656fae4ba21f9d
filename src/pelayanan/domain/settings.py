"""The city's settings on the record: every change of the settings in force, as an event.

A city's parameter overrides, its days off by decree and its positions come from its
configuration file (:mod:`pelayanan.policy.config`). Rules evaluated under other settings give
other results, so which settings were in force when a decision was recorded is a fact the audit
needs: each change is a :class:`CitySettings.SettingsChanged` event carrying the full effective
content (not a difference), its SHA-256 digest, the decree it follows and who recorded it. The
settings in force at any point of the log are those of the latest change before it.

One record per store (:func:`settings_id`): a store serves one city.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

from pelayanan.domain.base import ComplianceAggregate, check_actor, check_business_time, natural_id
from pelayanan.domain.errors import CommandRefused, InvalidValue
from pelayanan.domain.values import Actor, require_text


def settings_id() -> UUID:
    """The identity of a store's settings record."""
    return natural_id("city_settings", "in_force")


class CitySettings(ComplianceAggregate):
    """The settings in force in this store, and how they came to be."""

    kind = "city settings"

    class Established(ComplianceAggregate.Created):
        """The settings record begins (its first change follows in the same transaction)."""

    class SettingsChanged(ComplianceAggregate.Event):
        """The settings in force from now on: the whole content, its digest, the decree."""

        content: dict[str, Any]
        digest: str
        decree: str

        def apply(self, record: CitySettings) -> None:
            record.content = self.content
            record.digest = self.digest
            record.decree = self.decree
            record.changes += 1

    def __init__(self) -> None:
        self.content: dict[str, Any] = {}
        self.digest: str | None = None
        self.decree: str | None = None
        self.changes = 0

    @classmethod
    def establish(
        cls, *, occurred_at: datetime, actor: Actor, recorded_at: datetime | None
    ) -> CitySettings:
        check_actor(actor)
        check_business_time(occurred_at, recorded_at)
        return cls._create(
            cls.Established,
            id=settings_id(),
            timestamp=recorded_at,
            occurred_at=occurred_at,
            actor=actor,
        )

    def change(
        self,
        content: dict[str, Any],
        *,
        digest: str,
        decree: str,
        occurred_at: datetime,
        actor: Actor,
        recorded_at: datetime | None,
    ) -> None:
        """Record ``content`` as the settings in force; refused when it is already in force."""
        if not isinstance(content, dict):
            raise InvalidValue(f"settings content must be a mapping, got {content!r}")
        require_text("digest", digest, 64)
        require_text("decree", decree, 500)
        if digest == self.digest:
            raise CommandRefused(f"the settings {digest[:12]} are already in force")
        self._record(
            self.SettingsChanged,
            content=content,
            digest=digest,
            decree=decree,
            occurred_at=occurred_at,
            actor=actor,
            recorded_at=recorded_at,
        )
