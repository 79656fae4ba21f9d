"""The values that stand in for personal data inside events: :class:`Sealed` and :class:`Erased`.

Pure values, no cryptography here: the domain imports them to accept a sealed field, and a store
without the ``crypto`` extra still loads events that carry them. Sealing and revealing is done by
:mod:`pelayanan.privacy.sealing` with a subject's key from a :class:`~.vault.KeyVault`.
"""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

import attrs

from pelayanan.domain.errors import InvalidValue

FORMS = ("text", "complainant")
"""What a sealed value holds once opened: a string, or a :class:`Complainant`."""


def _form(instance: object, attribute: attrs.Attribute[str], value: object) -> None:
    if value not in FORMS:
        raise InvalidValue(f"{attribute.name} must be one of {', '.join(FORMS)}, got {value!r}")


def _b64(instance: object, attribute: attrs.Attribute[str], value: object) -> None:
    if not isinstance(value, str) or not value:
        raise InvalidValue(f"{attribute.name} must be non-empty base64 text")


@attrs.frozen
class Sealed:
    """Personal data encrypted with its data subject's own key (AES-256-GCM).

    ``subject`` is a random id, not derived from anything about the person, so it says nothing
    once the key is gone. Nonce and ciphertext are base64 text so the stored JSON (and hence the
    audit's hashes) is the same on every backend. The ciphertext is bound to the subject and the
    form (GCM associated data): it cannot be copied under another subject's name and opened.
    """

    subject: UUID = attrs.field(validator=attrs.validators.instance_of(UUID))
    form: str = attrs.field(validator=_form)
    nonce: str = attrs.field(validator=_b64)
    ciphertext: str = attrs.field(validator=_b64, repr=False)

    def __str__(self) -> str:
        # A sealed value printed by a timeline or a log shows that something is there, never
        # the ciphertext (which is noise to a reader and would bloat every line).
        return "[sealed personal data]"


@attrs.frozen
class Erased:
    """What :meth:`ComplianceService.reveal` returns once the subject's key was destroyed."""

    subject: UUID
    erased_at: datetime | None = None

    def __str__(self) -> str:
        return "[dihapus/erased]"

    def label(self, lang: str = "id") -> str:
        return "[dihapus]" if lang == "id" else "[erased]"
