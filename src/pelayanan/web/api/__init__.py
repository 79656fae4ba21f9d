"""The JSON API: one route per command and per read model, each a few lines of translation.

Every write goes through :class:`~pelayanan.service.ComplianceService` (or
:class:`~pelayanan.accounts.Accounts`) with the signed-in account as the actor; every read comes
from a projection. Nothing here decides a rule, a deadline or a procedural step.

One module per area, each with its ``HANDLERS``; this module puts them under ``/api``.
"""

from __future__ import annotations

from litestar import Router

from pelayanan.web.api import (
    accounts,
    case_effects,
    cases,
    complaints,
    decrees,
    offices,
    privacy,
    reads,
    rules,
    sidak,
)
from pelayanan.web.api.common import authenticated, ctx_of, run_command
from pelayanan.web.api.reads import case_doc, office_data
from pelayanan.web.api.rules import rule_rows

__all__ = ["case_doc", "ctx_of", "office_data", "router", "rule_rows", "run_command"]

router = Router(
    path="/api",
    guards=[authenticated],
    route_handlers=[
        *accounts.HANDLERS,
        *offices.HANDLERS,
        *sidak.HANDLERS,
        *complaints.HANDLERS,
        *cases.HANDLERS,
        *case_effects.HANDLERS,
        *decrees.HANDLERS,
        *privacy.HANDLERS,
        *reads.HANDLERS,
        *rules.HANDLERS,
    ],
)
