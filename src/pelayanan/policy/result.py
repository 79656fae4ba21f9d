"""What every rule function returns: the result, which rule decided it, on what law, and why.

The fields an event needs are plain values from :mod:`pelayanan.domain.values` (``rule`` is a
:class:`RuleRef`, ``citation`` a :class:`LegalBasis`, ``explanation`` a string), so the domain can
record a decision without knowing this module.
"""

from __future__ import annotations

from datetime import date
from enum import Enum
from fractions import Fraction
from typing import Any

import attrs

from pelayanan.domain.errors import InvalidValue
from pelayanan.domain.values import LegalBasis, RuleRef


@attrs.frozen(kw_only=True)
class RuleResult:
    """Base of every rule function's result (named apart from the domain's decision
    :class:`~pelayanan.domain.discipline.Outcome`).

    ``verified`` is True only when every fact the result rests on is verified, its citation
    included: a result citing an unverified article is unverified.
    """

    rule: RuleRef
    citation: LegalBasis
    verified: bool
    explanation: str

    def __attrs_post_init__(self) -> None:
        # A result resting on an unverified citation is itself unverified: what `pelayanan rules
        # eval` says about a result must agree with the citation it prints.
        if self.verified and not self.citation.verified:
            raise InvalidValue(
                f"{self.rule}: a result citing {self.citation.cite()} cannot be verified"
            )

    def _fields(self) -> dict[str, Any]:
        """The subclass's own result fields, JSON-able; overridden by each outcome."""
        return {}

    def to_dict(self) -> dict[str, Any]:
        """A JSON-able dict: the result fields, then the rule, citation and explanation."""
        data = {key: jsonable(value) for key, value in self._fields().items()}
        data.update(
            rule_id=self.rule.rule_id,
            rule_version=self.rule.version,
            citation=self.citation.cite(),
            legal_basis=legal_basis_dict(self.citation),
            verified=self.verified,
            explanation=self.explanation,
        )
        return data


def legal_basis_dict(basis: LegalBasis) -> dict[str, Any]:
    """A citation as a dict of its parts (``None`` where a part is not known)."""
    return {
        "regulation": basis.regulation,
        "article": basis.article,
        "ayat": basis.ayat,
        "huruf": basis.huruf,
        "angka": basis.angka,
        "verified": basis.verified,
        "source": basis.source,
    }


def jsonable(value: object) -> Any:
    """Turn result values (enums, dates, fractions, tuples, nested outcomes) into JSON types."""
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Fraction):
        return str(value)
    if isinstance(value, RuleResult):
        return value.to_dict()
    if isinstance(value, list | tuple | set | frozenset):
        items = [jsonable(v) for v in value]
        return sorted(items, key=str) if isinstance(value, set | frozenset) else items
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if attrs.has(type(value)):
        return {k: jsonable(v) for k, v in attrs.asdict(value, recurse=False).items()}  # type: ignore[arg-type]
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)
