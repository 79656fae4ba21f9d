"""AES-256-GCM from the ``cryptography`` package, imported only when personal data is sealed.

The core install stays lean: ``cryptography`` comes with the ``crypto`` extra. Without it, a
service that is asked to seal or reveal raises :class:`CryptoUnavailable` with the install hint;
everything else (loading, projecting, verifying) works, since sealed values are plain JSON.
"""

from __future__ import annotations

import os
from typing import Any

from pelayanan.domain.errors import PelayananError

KEY_BYTES = 32  # AES-256
NONCE_BYTES = 12  # the GCM standard nonce; random per encryption, never reused with a key


class CryptoUnavailable(PelayananError):
    """Sealing personal data needs the ``crypto`` extra: ``pip install 'pelayanan[crypto]'``."""


class Undecryptable(PelayananError):
    """A sealed value does not open with its subject's key: it was altered or mislabelled."""


def _aesgcm() -> Any:
    try:
        from cryptography.hazmat.primitives.ciphers.aead import AESGCM
    except ImportError:
        raise CryptoUnavailable(
            "sealing personal data needs the 'cryptography' package: "
            "pip install 'pelayanan[crypto]'"
        ) from None
    return AESGCM


def new_key() -> bytes:
    _aesgcm()  # fail before a key is stored that nothing could use
    return os.urandom(KEY_BYTES)


def encrypt(key: bytes, plaintext: bytes, associated: bytes) -> tuple[bytes, bytes]:
    """Return ``(nonce, ciphertext)``; the ciphertext ends with the 16-byte GCM tag."""
    nonce = os.urandom(NONCE_BYTES)
    return nonce, bytes(_aesgcm()(key).encrypt(nonce, plaintext, associated))


def decrypt(key: bytes, nonce: bytes, ciphertext: bytes, associated: bytes) -> bytes:
    aesgcm = _aesgcm()
    from cryptography.exceptions import InvalidTag

    try:
        return bytes(aesgcm(key).decrypt(nonce, ciphertext, associated))
    except InvalidTag:
        raise Undecryptable("the sealed value does not open with its subject's key") from None
