"""Personal data in events: sealed per data subject, erased by destroying the subject's key.

See docs/privacy.md for what is personal data under UU 27/2022, how to switch sealing on
(``ComplianceService(..., vault="store")``) and how to encrypt the whole store at rest.
"""

from __future__ import annotations

from pelayanan.privacy.crypto import CryptoUnavailable, Undecryptable
from pelayanan.privacy.sealed import Erased, Sealed
from pelayanan.privacy.sealing import reveal
from pelayanan.privacy.vault import Erasure, KeyVault, SubjectKeys

__all__ = [
    "CryptoUnavailable",
    "Erased",
    "Erasure",
    "KeyVault",
    "Sealed",
    "SubjectKeys",
    "Undecryptable",
    "reveal",
]
