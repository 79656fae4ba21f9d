"""The caller's choices where the law leaves room: :class:`PolicySettings`.

The class lives with the parameters it overrides (:mod:`pelayanan.policy.parameters`), which it
validates against; this module is the short import path for users and the service layer.
"""

from __future__ import annotations

from pelayanan.policy.parameters import DEFAULT_SETTINGS, DayUnit, PolicySettings, SedangRegime

__all__ = ["DEFAULT_SETTINGS", "DayUnit", "PolicySettings", "SedangRegime"]
