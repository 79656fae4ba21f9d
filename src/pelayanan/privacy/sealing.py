"""Seal personal data with its subject's key before it enters an event; open it again.

The plaintext is UTF-8 JSON (a string, or a complainant's fields) encrypted with AES-256-GCM.
The associated data binds the ciphertext to its subject and form, so a sealed value moved to
another subject's record, or relabelled, does not open.
"""

from __future__ import annotations

import base64
import json
from uuid import UUID

# A module reference, not ``from ... import Complainant``: the domain imports this package for
# :class:`Sealed`, so the complaint module may still be initialising when this one is imported.
import pelayanan.domain.complaint as complaint_module
from pelayanan.domain.errors import InvalidValue
from pelayanan.privacy import crypto
from pelayanan.privacy.sealed import Erased, Sealed
from pelayanan.privacy.vault import KeyVault


def _associated(subject: UUID, form: str) -> bytes:
    return b"pelayanan-sealed-v1|" + subject.bytes + b"|" + form.encode()


def seal(key: bytes, subject: UUID, value: str | complaint_module.Complainant) -> Sealed:
    if isinstance(value, complaint_module.Complainant):
        form, data = "complainant", json.dumps({"name": value.name, "contact": value.contact})
    elif isinstance(value, str):
        form, data = "text", json.dumps(value)
    else:
        raise InvalidValue(f"only text or a Complainant can be sealed, got {type(value).__name__}")
    nonce, ciphertext = crypto.encrypt(key, data.encode(), _associated(subject, form))
    return Sealed(
        subject=subject,
        form=form,
        nonce=base64.b64encode(nonce).decode(),
        ciphertext=base64.b64encode(ciphertext).decode(),
    )


def open_sealed(key: bytes, sealed: Sealed) -> str | complaint_module.Complainant:
    data = json.loads(
        crypto.decrypt(
            key,
            base64.b64decode(sealed.nonce),
            base64.b64decode(sealed.ciphertext),
            _associated(sealed.subject, sealed.form),
        )
    )
    if sealed.form == "complainant":
        # Built without validators, like every stored value: the fact was valid when recorded.
        return complaint_module.Complainant(name=data["name"], contact=data["contact"])
    return str(data)


def reveal(vault: KeyVault, value: object) -> object:
    """``value`` unchanged unless it is :class:`Sealed`: then its plaintext, or :class:`Erased`."""
    if not isinstance(value, Sealed):
        return value
    key = vault.key(value.subject)
    if key is None:
        erasure = vault.erasure(value.subject)
        return Erased(value.subject, None if erasure is None else erasure.erased_at)
    return open_sealed(key, value)
