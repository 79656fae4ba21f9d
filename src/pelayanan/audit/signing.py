"""Ed25519 signatures over checkpoints, with the ``cryptography`` package (extra ``crypto``).

Imported lazily: the core install seals and verifies unsigned checkpoints without it, and only
asking for a signature (or for a signature check) needs the package.
"""

from __future__ import annotations

import base64
import hashlib
from pathlib import Path
from typing import Any

from pelayanan.domain.errors import InvalidValue, PelayananError
from pelayanan.storage.outputs import write_output


class SigningUnavailable(PelayananError):
    """Signing or checking a signature needs ``pip install pelayanan[crypto]``."""


def _ed25519() -> Any:
    try:
        from cryptography.hazmat.primitives.asymmetric import ed25519
    except ImportError:
        raise SigningUnavailable(
            "Ed25519 signatures need the 'cryptography' package: pip install 'pelayanan[crypto]'"
        ) from None
    return ed25519


def key_id(public_key: bytes) -> str:
    """A short name for a public key: the first 16 hex digits of SHA-256 of its 32 raw bytes."""
    return hashlib.sha256(public_key).hexdigest()[:16]


class Signer:
    """Holds an Ed25519 private key; signs a checkpoint's canonical bytes."""

    def __init__(self, private_key: Any) -> None:
        self._key = private_key
        from cryptography.hazmat.primitives import serialization

        self.public_key: bytes = private_key.public_key().public_bytes(
            serialization.Encoding.Raw, serialization.PublicFormat.Raw
        )
        self.key_id = key_id(self.public_key)

    @classmethod
    def generate(cls) -> Signer:
        return cls(_ed25519().Ed25519PrivateKey.generate())

    @classmethod
    def from_pem_file(cls, path: str | Path) -> Signer:
        ed25519 = _ed25519()
        from cryptography.hazmat.primitives import serialization

        try:
            key = serialization.load_pem_private_key(Path(path).read_bytes(), password=None)
        except OSError as exc:
            reason = exc.strerror or type(exc).__name__
            raise InvalidValue(f"cannot read a private key from {path}: {reason}") from None
        except (ValueError, TypeError):
            # cryptography's message points at its FAQ; the caller needs to know what to give.
            raise InvalidValue(
                f"{path} is not an unencrypted PEM private key (make one with "
                "`pelayanan checkpoints keygen`)"
            ) from None
        if not isinstance(key, ed25519.Ed25519PrivateKey):
            raise InvalidValue(f"{path} holds a key that is not Ed25519")
        return cls(key)

    def write_pem_file(self, path: str | Path) -> None:
        from cryptography.hazmat.primitives import serialization

        pem = self._key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
        # Never over an existing key: FileExistsError, and the old key stays.
        write_output(
            path,
            [pem.decode("ascii")],
            kind="signing key",
            mode=0o600,
            encoding="ascii",
            exclusive=True,
        )

    def sign(self, message: bytes) -> str:
        return base64.b64encode(self._key.sign(message)).decode("ascii")


def parse_public_key(value: str) -> bytes:
    """A public key given as 64 hex digits, or the path of a file holding them."""
    text = value.strip()
    path = Path(text)
    if len(text) != 64 and path.is_file():
        text = path.read_text(encoding="ascii").strip()
    try:
        raw = bytes.fromhex(text)
    except ValueError:
        raw = b""
    if len(raw) != 32:
        raise InvalidValue("a public key is 64 hex digits (32 raw Ed25519 bytes)")
    return raw


def signature_valid(public_key: bytes, message: bytes, signature: str) -> bool:
    ed25519 = _ed25519()
    from cryptography.exceptions import InvalidSignature

    try:
        raw = base64.b64decode(signature, validate=True)
        ed25519.Ed25519PublicKey.from_public_bytes(public_key).verify(raw, message)
    except (InvalidSignature, ValueError):
        return False
    return True
