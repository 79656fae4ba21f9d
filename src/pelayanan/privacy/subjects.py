"""Whose key seals a piece of personal data: the service's commands ask here.

A complaint gets a new random data subject (or the one a returning citizen already has); a
case's statements go under the subject its earlier sealed data names. Without a vault nothing is
sealed, except that a store which keeps subject keys refuses personal data in plain text.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from typing import Any, Literal
from uuid import UUID

from pelayanan.domain.complaint import Complainant
from pelayanan.domain.errors import InvalidValue, PersonalDataUnsealed
from pelayanan.privacy import sealing
from pelayanan.privacy.sealed import Sealed
from pelayanan.privacy.vault import KeyVault, SubjectKeys, keeps_subject_keys
from pelayanan.storage.application import PelayananApplication


class DataSubjects:
    """The data subjects of one application's records, and the vault holding their keys."""

    def __init__(
        self, app: PelayananApplication, vault: KeyVault | Literal["store"] | None
    ) -> None:
        if vault == "store":
            vault = SubjectKeys(app)
        elif vault is not None and not isinstance(vault, KeyVault):
            raise InvalidValue(f'vault must be a KeyVault, "store" or None, got {vault!r}')
        self.vault: KeyVault | None = vault
        self._app = app
        self._keys_elsewhere = vault is None and keeps_subject_keys(app)

    def require_vault(self) -> KeyVault:
        if self.vault is None:
            raise InvalidValue(
                'this service has no key vault; open it with vault="store" to reveal or erase'
            )
        return self.vault

    def refuse_plain_text(self, what: str) -> None:
        """Raise :class:`PersonalDataUnsealed` if this store seals what a vault-less service
        would write in plain text."""
        if self._keys_elsewhere:
            raise PersonalDataUnsealed(
                f"{self._app.location.display} keeps data subjects' keys, so {what} is recorded "
                'sealed: open the service with vault="store"'
            )

    def key(self, subject: UUID | None) -> tuple[bytes, UUID]:
        """The key of ``subject``, or of a new random subject when None."""
        vault = self.require_vault()
        if subject is None:
            # Random, not derived from the person: the id alone reveals nothing after erasure.
            subject = uuid.uuid4()
            return vault.create(subject), subject
        if not isinstance(subject, UUID):
            raise InvalidValue(f"data_subject must be a UUID, got {subject!r}")
        key = vault.key(subject)
        if key is None:
            raise InvalidValue(f"data subject {subject} was erased; record under a new subject")
        return key, subject

    def seal(self, key: bytes, subject: UUID, value: str | Complainant) -> Sealed:
        return sealing.seal(key, subject, value)

    def of(self, record: UUID, pending: Iterable[object] = ()) -> list[UUID]:
        """The subjects whose sealed data the record's events (stored, then ``pending``) carry."""
        app = self._app
        with app._reading:
            events = [app.mapper.to_domain_event(r) for r in app.recorder.select_events(record)]
        found: list[UUID] = []
        for event in [*events, *pending]:
            for value in vars(event).values():
                if isinstance(value, Sealed) and value.subject not in found:
                    found.append(value.subject)
        return found

    def reveal(self, value: Any) -> Any:
        if not isinstance(value, Sealed):
            return value
        return sealing.reveal(self.require_vault(), value)
