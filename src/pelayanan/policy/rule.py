"""What a rule is: an identified, versioned, dated, cited piece of law turned into code.

The rule *functions* live next to their rules in :mod:`~pelayanan.policy.punishment`,
:mod:`~pelayanan.policy.deadlines` and friends; :mod:`~pelayanan.policy.catalogue` gathers them.
This module is kept apart so that those modules and the catalogue can share :class:`Rule` without
importing one another.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from types import MappingProxyType
from typing import Any

import attrs

from pelayanan.domain.errors import InvalidValue, NotFound
from pelayanan.domain.values import LegalBasis, RuleRef, require_date
from pelayanan.policy.parameters import Parameter
from pelayanan.policy.sources import source


def _ids(value: Iterable[str]) -> tuple[str, ...]:
    if isinstance(value, str):
        raise InvalidValue(f"sources must be a sequence of source ids, got the text {value!r}")
    return tuple(value)


def _status(verified: bool) -> str:
    return "verified" if verified else "unverified"


class RuleNotFound(NotFound):
    """No rule with that id, or no version of it in force on the date asked for."""


def _parameter_map(value: Any) -> Mapping[str, Parameter[Any]]:
    if isinstance(value, Mapping):
        return MappingProxyType(dict(value))
    # A plain sequence of parameters is keyed by their own ids: less to type, nothing to mistype.
    return MappingProxyType({p.id: p for p in value})


@attrs.frozen
class Rule:
    """One version of one rule.

    ``verified`` is True only when the substance of the rule was read in the regulation itself or
    an official summary, and then its citation must be verified too: a rule is listed, evaluated
    and cited with one status. ``sources`` are ids in :mod:`pelayanan.policy.sources` (anchors in
    ``docs/sources.md``) saying where it was read. ``notes`` records what is uncertain (an
    unverified article number, an approximated effective date), so that the generated catalogue
    states it next to the rule.
    """

    id: str
    version: int
    title: str
    valid_from: date
    valid_to: date | None
    citation: LegalBasis
    verified: bool
    sources: tuple[str, ...] = attrs.field(converter=_ids)
    parameters: Mapping[str, Parameter[Any]] = attrs.field(
        factory=dict, converter=_parameter_map, hash=False
    )
    notes: str = ""

    def __attrs_post_init__(self) -> None:
        if self.valid_to is not None and self.valid_to < self.valid_from:
            raise InvalidValue(f"rule {self.id} v{self.version} ends before it starts")
        if self.verified != self.citation.verified:
            raise InvalidValue(
                f"rule {self.id} v{self.version} is {_status(self.verified)} but its citation "
                f"{self.citation.cite()} is {_status(self.citation.verified)}"
            )
        if not self.sources:
            raise InvalidValue(f"rule {self.id} v{self.version} names no source")
        for source_id in self.sources:
            source(source_id)

    @property
    def ref(self) -> RuleRef:
        """The reference recorded in events: id and version."""
        return RuleRef(self.id, self.version)

    def in_force(self, on: date) -> bool:
        """Is this version in force on ``on`` (both ends of the period inclusive)?"""
        return self.valid_from <= on and (self.valid_to is None or on <= self.valid_to)

    @property
    def period(self) -> str:
        """The effective period as text, e.g. ``2021-08-31 ..`` or ``2013-01-01 .. 2021-12-31``."""
        end = self.valid_to.isoformat() if self.valid_to else ""
        return f"{self.valid_from.isoformat()} .. {end}".rstrip()


def in_force(rules: Iterable[Rule], rule_id: str, on: date) -> Rule:
    """The version of ``rule_id`` in force on ``on`` among ``rules``.

    Raises :class:`RuleNotFound` when the id is unknown or no version covers the date; the
    message says which periods exist, so the caller can tell the two apart.
    """
    require_date("on", on)
    versions = [r for r in rules if r.id == rule_id]
    if not versions:
        raise RuleNotFound(f"no rule with id {rule_id!r}")
    matching = [r for r in versions if r.in_force(on)]
    if not matching:
        periods = "; ".join(f"v{r.version}: {r.period}" for r in versions)
        raise RuleNotFound(f"rule {rule_id!r} has no version in force on {on} ({periods})")
    # Overlapping versions would be a catalogue bug; the catalogue test rules them out, and the
    # newest version wins here so a lookup never depends on declaration order.
    return max(matching, key=lambda r: r.version)
