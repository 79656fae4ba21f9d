"""Who may punish whom (pejabat yang berwenang menghukum), PP 94/2021 for a kabupaten/kota.

The table was read only in secondary sources (a public educational digest of PP 94/2021, BKPSDM
and Kemenkeu material); its article numbers were not read. It is therefore the overridable
parameter ``pp94.punishing_authority``, flagged unverified, and the rule that reads it is never
presented as law.

The rule walks the subject's chain of superiors (an :class:`~pelayanan.domain.organisation.
Organisation`): a grant of the table applies to a superior of the named class, and, where the
superior of the right tier is missing or vacant, authority passes to the next higher official.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import attrs

from pelayanan.domain.errors import InvalidValue, NoAuthority
from pelayanan.domain.organisation import Authority, Organisation, Position, PositionClass
from pelayanan.domain.values import Punishment, parse_enum
from pelayanan.policy.parameters import (
    DEFAULT_SETTINGS,
    PP94_ENACTED,
    PUNISHING_AUTHORITY,
    Grant,
    PolicySettings,
)
from pelayanan.policy.result import RuleResult
from pelayanan.policy.rule import Rule, in_force

AUTHORITY = Rule(
    id="pp94.punishing_authority",
    version=1,
    title="Who may impose a punishment on a PNS: the authority table, passing up where the "
    "official of the right tier is missing",
    valid_from=PP94_ENACTED,
    valid_to=None,
    citation=PUNISHING_AUTHORITY.values[0].citation,
    verified=False,
    sources=("pp-94-2021", "disiplin-pns-digest", "bkpsdm-material", "kemenkeu-pp94-guideline"),
    parameters=(PUNISHING_AUTHORITY,),
    notes="Secondary sources; article numbers not verified. 'n tingkat di bawahnya' counts "
    "structural tiers (PPK, JPT Pratama, administrator, pengawas, pelaksana); a missing or "
    "vacant official of the right tier passes authority to the next higher official in the "
    "subject's chain of superiors. The table covers a kabupaten/kota PPK only.",
)


@attrs.frozen
class Authorised:
    """One official position holding authority, and the grant it holds it by."""

    position: str
    title: str
    position_class: PositionClass
    grant: str
    passed_up_from: PositionClass | None = None

    def describe(self) -> str:
        who = _title(self.title, self.position_class)
        if self.passed_up_from is None:
            return f"{who} by '{self.grant}'"
        return (
            f"{who}, the next higher official, as no {self.passed_up_from.value} holds the "
            f"position ('{self.grant}')"
        )


@attrs.frozen(kw_only=True)
class AuthorityOutcome(RuleResult):
    """Who may impose ``punishment`` on the PNS in ``subject``; ``official`` and ``granted``
    answer for one official when asked."""

    punishment: Punishment
    subject: str
    subject_class: PositionClass
    authorised: tuple[Authorised, ...]
    official: str | None = None
    granted: bool | None = None

    def _fields(self) -> dict[str, Any]:
        return {
            "punishment": self.punishment,
            "level": self.punishment.level,
            "subject": self.subject,
            "subject_class": self.subject_class,
            "authorised": self.authorised,
            "official": self.official,
            "granted": self.granted,
        }

    def grant_of(self, position_id: str) -> Authorised | None:
        return next((a for a in self.authorised if a.position == position_id), None)

    def authority(self) -> Authority:
        """The record a decision keeps of the grant ``official`` held (it must have one)."""
        entry = None if self.official is None else self.grant_of(self.official)
        if entry is None:
            raise InvalidValue(f"{self.official!r} holds no authority in this outcome")
        return Authority(
            official_position=entry.position,
            official_class=entry.position_class,
            subject_position=self.subject,
            subject_class=self.subject_class,
            grant=entry.grant,
            rule=self.rule,
            citation=self.citation,
            passed_up_from=entry.passed_up_from,
        )


def _authorised(
    grants: tuple[Grant, ...],
    punishment: Punishment,
    subject: Position,
    chain: tuple[Position, ...],
) -> list[Authorised]:
    found: dict[str, Authorised] = {}
    passed: dict[str, Authorised] = {}
    held = [p for p in chain if not p.vacant]
    own_tier = subject.position_class.tier
    for grant in grants:
        if not grant.covers(punishment):
            continue
        if grant.subjects:
            if subject.position_class not in grant.subjects:
                continue
            holder = next((p for p in held if p.position_class is grant.official), None)
            if holder is not None:
                found.setdefault(holder.id, _entry(holder, grant))
            continue
        if own_tier is None or grant.tier != own_tier + (grant.below or 0):
            continue
        target = grant.tier
        if grant.designated:
            if any(p.position_class is grant.stands_in_for for p in held):
                continue  # the head it would stand in for is there
            holder = next(
                (p for p in held if p.position_class is grant.official and p.designated), None
            )
        else:
            holder = next((p for p in held if p.position_class is grant.official), None)
        if holder is not None:
            found.setdefault(holder.id, _entry(holder, grant))
            continue
        if grant.designated or any(_acts_at(p, grants) == target for p in held):
            continue  # a designated stand-in is optional; another holder of that tier acts
        higher = next((p for p in held if (p.position_class.tier or 0) > (target or 0)), None)
        if higher is not None:
            passed.setdefault(higher.id, _entry(higher, grant, passed_from=grant.official))
    for position_id, entry in passed.items():
        found.setdefault(position_id, entry)
    order = {p.id: i for i, p in enumerate(chain)}
    return sorted(found.values(), key=lambda a: order[a.position])


def _acts_at(position: Position, grants: tuple[Grant, ...]) -> int | None:
    """The tier a position acts at: its own, or, designated, that of the head it replaces."""
    if position.designated:
        for grant in grants:
            if grant.designated and grant.official is position.position_class:
                return grant.tier
    return position.position_class.tier


def _title(title: str, position_class: PositionClass) -> str:
    return title if title == position_class.value else f"{title} ({position_class.value})"


def _named(position: Position) -> str:
    return _title(position.title, position.position_class)


def _entry(
    position: Position, grant: Grant, passed_from: PositionClass | None = None
) -> Authorised:
    return Authorised(
        position.id, position.title, position.position_class, str(grant), passed_from
    )


def who_may_punish(
    punishment: Punishment | str,
    subject: str,
    organisation: Organisation,
    *,
    on: date,
    official: str | None = None,
    settings: PolicySettings = DEFAULT_SETTINGS,
) -> AuthorityOutcome:
    """Which positions above ``subject`` may impose ``punishment`` on its holder, on ``on``.

    With ``official`` (a position id), ``granted`` says whether that position is among them.
    """
    chosen = parse_enum(Punishment, punishment)
    rule = in_force([AUTHORITY], AUTHORITY.id, on)
    table = settings.resolve(PUNISHING_AUTHORITY, on)
    person = organisation.position(subject)
    if person.position_class is PositionClass.PPK:
        raise InvalidValue(f"{_named(person)} is the PPK, not a PNS the table punishes")
    if official is not None:
        organisation.position(official)
    authorised = tuple(
        _authorised(table.value, chosen, person, organisation.superiors(subject))
    )
    facts = [
        f"{chosen.value} is {chosen.level.value}",
        f"the PNS holds {_named(person)}",
        f"table {table.describe()}" if table.overridden else "table as the secondary sources "
        "give it [unverified]",
    ]
    if authorised:
        facts.append("may impose it: " + "; ".join(a.describe() for a in authorised))
    else:
        facts.append("no official in this organisation holds authority under the table")
    granted = None
    if official is not None:
        granted = any(a.position == official for a in authorised)
        facts.append(
            f"{_named(organisation.position(official))} "
            + ("has authority" if granted else "has no authority")
        )
    return AuthorityOutcome(
        rule=rule.ref,
        citation=rule.citation,
        verified=False,
        explanation="; ".join(facts) + ".",
        punishment=chosen,
        subject=person.id,
        subject_class=person.position_class,
        authorised=authorised,
        official=official,
        granted=granted,
    )


def require_authority(
    official: str,
    punishment: Punishment | str,
    subject: str,
    organisation: Organisation,
    *,
    on: date,
    settings: PolicySettings = DEFAULT_SETTINGS,
) -> AuthorityOutcome:
    """The outcome granting ``official`` authority, or :class:`NoAuthority` citing the rule."""
    outcome = who_may_punish(
        punishment, subject, organisation, on=on, official=official, settings=settings
    )
    if not outcome.granted:
        who = organisation.position(official)
        may = "; ".join(a.describe() for a in outcome.authorised) or "nobody in the organisation"
        raise NoAuthority(
            f"{_named(who)} has no authority to impose {outcome.punishment.value} on "
            f"{_named(organisation.position(subject))} ({outcome.rule}, {outcome.citation}); "
            f"may impose it: {may}"
        )
    return outcome


def chain_of_classes(
    subject: PositionClass, superiors: tuple[str, ...] | None = None
) -> Organisation:
    """A one-line organisation: the PNS, then its superiors nearest first.

    ``superiors`` are class values, each optionally ``=vacant`` or ``=designated``; by default
    the structural classes above the subject (above an administrator for a functional one), up to
    the PPK. Position ids are ``subject`` and the class values (numbered when repeated).
    """
    if superiors is None:
        start = subject.tier or PositionClass.PENGAWAS.tier or 0
        superiors = tuple(
            c.value for c in sorted(_TIERED, key=lambda c: c.tier or 0) if (c.tier or 0) > start
        )
    positions = [Position("subject", subject.value, subject)]
    seen: dict[str, int] = {}
    for spec in superiors:
        name, _, flag = spec.partition("=")
        if flag not in ("", "vacant", "designated"):
            raise InvalidValue(
                f"a superior is CLASS, CLASS=vacant or CLASS=designated, got {spec!r}"
            )
        cls = parse_enum(PositionClass, name)
        seen[cls.value] = seen.get(cls.value, 0) + 1
        pid = cls.value if seen[cls.value] == 1 else f"{cls.value}{seen[cls.value]}"
        positions[-1] = attrs.evolve(positions[-1], superior=pid)
        positions.append(
            Position(pid, f"{cls.value}" + (" (vacant)" if flag == "vacant" else ""), cls,
                     designated=flag == "designated", vacant=flag == "vacant")
        )
    return Organisation(tuple(positions))


_TIERED = tuple(c for c in PositionClass if c.tier is not None)

RULES: tuple[Rule, ...] = (AUTHORITY,)
