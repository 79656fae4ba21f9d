"""Runnable scenarios: the 57 kelurahan of Kota Malang and a seeded year of their compliance.

``pelayanan demo`` runs :func:`pelayanan.scenarios.malang.simulate`; the data of the offices is in
:mod:`pelayanan.scenarios.kelurahan`. Everything a scenario records goes through the public
:class:`~pelayanan.ComplianceService` commands, exactly as a real integration would.
"""

from __future__ import annotations

from pelayanan.scenarios.kelurahan import (
    KECAMATAN,
    KELURAHAN,
    Kecamatan,
    Kelurahan,
    by_code,
    lookup,
)
from pelayanan.scenarios.malang import SimulationResult, SimulationSettings, simulate

__all__ = [
    "KECAMATAN",
    "KELURAHAN",
    "Kecamatan",
    "Kelurahan",
    "SimulationResult",
    "SimulationSettings",
    "by_code",
    "lookup",
    "simulate",
]
