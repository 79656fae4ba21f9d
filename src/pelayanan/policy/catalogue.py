"""The rule catalogue: every rule in every version, looked up by id and date.

Rules are declared next to the functions that apply them (:mod:`~pelayanan.policy.punishment`,
:mod:`~pelayanan.policy.authority`, :mod:`~pelayanan.policy.appeals`,
:mod:`~pelayanan.policy.examination`, :mod:`~pelayanan.policy.interim`,
:mod:`~pelayanan.policy.deadlines`, :mod:`~pelayanan.policy.coverage`,
:mod:`~pelayanan.policy.quality`, :mod:`~pelayanan.policy.provider`); this module only gathers
them.
"""

from __future__ import annotations

from typing import Any

from pelayanan.policy import (
    appeals,
    authority,
    coverage,
    deadlines,
    examination,
    interim,
    provider,
    punishment,
    quality,
)
from pelayanan.policy.parameters import PARAMETERS, Parameter, ParameterValue
from pelayanan.policy.rule import Rule, RuleNotFound, in_force

__all__ = [
    "Parameter",
    "ParameterValue",
    "Rule",
    "RuleNotFound",
    "all_parameters",
    "all_rules",
    "rule",
    "rule_version",
]

_RULES: tuple[Rule, ...] = (
    *punishment.RULES,
    *authority.RULES,
    *appeals.RULES,
    *examination.RULES,
    *interim.RULES,
    *deadlines.RULES,
    *coverage.RULES,
    *quality.RULES,
    *provider.RULES,
)


def all_rules() -> list[Rule]:
    """Every version of every rule, sorted by id then version."""
    return sorted(_RULES, key=lambda r: (r.id, r.version))


def rule(rule_id: str, on: Any) -> Rule:
    """The version of ``rule_id`` in force on the date ``on``; raises :class:`RuleNotFound`."""
    return in_force(_RULES, rule_id, on)


def rule_version(rule_id: str, version: int) -> Rule:
    """A specific version of a rule, e.g. to re-evaluate a recorded decision; raises
    :class:`RuleNotFound`."""
    for r in _RULES:
        if r.id == rule_id and r.version == version:
            return r
    raise RuleNotFound(f"no rule {rule_id!r} version {version}")


def all_parameters() -> list[Parameter[Any]]:
    """Every parameter, sorted by id."""
    return [PARAMETERS[k] for k in sorted(PARAMETERS)]
