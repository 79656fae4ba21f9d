"""What an event cites: the legal bases, rule versions and deadlines carried in its fields.

One reading for every output that shows them (the audit timeline, the audit-trail projection),
so that a new kind of cited value is picked up everywhere or nowhere.
"""

from __future__ import annotations

from typing import Any

import attrs

from pelayanan.domain.discipline import Decision
from pelayanan.domain.values import Deadline, LegalBasis, RuleGrounds, RuleRef

_CITED = frozenset((Decision, Deadline, LegalBasis, RuleGrounds, RuleRef))


@attrs.frozen
class Citations:
    """In field order. ``deadlines`` pairs each deadline with the name of its field."""

    bases: tuple[LegalBasis, ...] = ()
    rules: tuple[RuleRef, ...] = ()
    deadlines: tuple[tuple[str, Deadline], ...] = ()


NONE = Citations()


def citations(event: Any) -> Citations:
    """The values ``event`` cites. A deadline's own basis and rule stay with the deadline."""
    fields = vars(event)
    if _CITED.isdisjoint(map(type, fields.values())):  # most events cite nothing: one C pass
        return NONE
    bases: list[LegalBasis] = []
    rules: list[RuleRef] = []
    deadlines: list[tuple[str, Deadline]] = []
    for name, value in fields.items():
        if type(value) not in _CITED:  # as the fast path: exact types, never subclasses
            continue
        if isinstance(value, Decision):
            if value.legal_basis is not None:
                bases.append(value.legal_basis)
            if value.rule is not None:
                rules.append(value.rule)
        elif isinstance(value, RuleGrounds):  # the rule that allowed a measure
            bases.append(value.citation)
            rules.append(value.rule)
        elif isinstance(value, Deadline):
            deadlines.append((name, value))
        elif isinstance(value, LegalBasis):
            bases.append(value)
        elif isinstance(value, RuleRef):
            rules.append(value)
    return Citations(tuple(bases), tuple(rules), tuple(deadlines))
