"""Upaya administratif against a disciplinary punishment (PP 79/2021, PP 94/2021).

Read in PP 79/2021 itself (Pasal 1 angka 3 to 5): a *keberatan* lies against a decision other
than dismissal and is decided by the superior of the official who decided it; a *banding
administratif* lies against a PPK's decision to dismiss a PNS and is decided by BPASN. Official
summaries (BPHN, a BKN regional office) say the same.

Not read, and therefore dated, overridable parameters flagged unverified, never presented as law:
whether every level of punishment is open to keberatan (``pp79.appealable_levels``, PP 53/2010
excluded ringan), whether the superior may make the punishment heavier
(``pp79.heavier_change_allowed``), the deciding bodies' windows (``policy.deadlines``), and what
follows when a body does not decide in time (only flagged here). A keberatan against a decision of
the PPK, which has no superior in a city's organisation, is taken to be decided by the PPK
[unverified].
"""

from __future__ import annotations

from datetime import date
from enum import Enum
from typing import Any

import attrs

from pelayanan.domain.values import LegalBasis, Punishment, parse_enum
from pelayanan.policy.parameters import (
    APPEALABLE_LEVELS,
    DEFAULT_SETTINGS,
    HEAVIER_CHANGE_ALLOWED,
    PP94_ENACTED,
    PolicySettings,
)
from pelayanan.policy.punishment import severity
from pelayanan.policy.result import RuleResult
from pelayanan.policy.rule import Rule, in_force
from pelayanan.policy.sources import read_in


class Route(Enum):
    """The two kinds of upaya administratif; the values are those the domain stores."""

    KEBERATAN = "keberatan"
    BANDING = "banding"


class Body(Enum):
    """Who decides: the superior of the punishing official, or BPASN."""

    SUPERIOR = "superior"
    BPASN = "bpasn"


class Direction(Enum):
    """How a changed punishment compares with the one objected to."""

    LIGHTER = "lighter"
    SAME = "same"
    HEAVIER = "heavier"


_PP79_DEFINITIONS = LegalBasis(
    "PP 79/2021", article="1", angka="4 dan 5", verified=True,
    source=read_in("pp-79-2021", "bphn-pp79-summary", "bkn-upaya-administratif"),
)

ROUTE = Rule(
    id="pp79.upaya_administratif",
    version=1,
    title="Which upaya administratif lies against a punishment, and who decides it",
    valid_from=PP94_ENACTED,
    valid_to=None,
    citation=attrs.evolve(_PP79_DEFINITIONS, verified=False),
    verified=False,
    sources=("pp-79-2021", "bphn-pp79-summary", "bkn-upaya-administratif", "pp-53-2010"),
    parameters=(APPEALABLE_LEVELS,),
    notes="Read (PP 79/2021 Pasal 1 angka 4 and 5, official summaries): dismissal by banding "
    "administratif to BPASN, any other punishment by keberatan to the superior of the punishing "
    "official. Unverified: which levels are open to keberatan (a parameter, every level by "
    "default) and who decides a keberatan against the PPK's own decision (the PPK, assumed). "
    "Dated from PP 94/2021, whose punishments it applies to.",
)

CHANGE = Rule(
    id="pp79.objection_change",
    version=1,
    title="What the body deciding an objection may do: uphold, lighten, annul, make heavier",
    valid_from=PP94_ENACTED,
    valid_to=None,
    citation=LegalBasis("PP 79/2021", verified=False,
                        source=read_in("pp-79-2021", note="the powers of the deciding body "
                                       "were not read")),
    verified=False,
    sources=("pp-79-2021", "pp-53-2010"),
    parameters=(HEAVIER_CHANGE_ALLOWED,),
    notes="Upheld, changed to a lighter punishment, or annulled are the outcomes the project "
    "records; a heavier change is allowed while pp79.heavier_change_allowed is true (PP 53/2010 "
    "allowed it; PP 79/2021 was not read on this) and is always flagged. A change to the same "
    "punishment is not a change.",
)


@attrs.frozen(kw_only=True)
class RouteOutcome(RuleResult):
    """The upaya administratif that lies against ``punishment``: its route, who decides it,
    and whether the levels in force open it at all."""

    punishment: Punishment
    route: Route
    body: Body
    admissible: bool

    def _fields(self) -> dict[str, Any]:
        return {
            "punishment": self.punishment,
            "level": self.punishment.level,
            "route": self.route,
            "body": self.body,
            "admissible": self.admissible,
        }


def appeal_route(
    punishment: Punishment | str, *, on: date, settings: PolicySettings = DEFAULT_SETTINGS
) -> RouteOutcome:
    """Which upaya administratif lies against ``punishment`` on ``on``, and who decides it."""
    chosen = parse_enum(Punishment, punishment)
    rule = in_force([ROUTE], ROUTE.id, on)
    if chosen is Punishment.PDH:
        return RouteOutcome(
            rule=rule.ref, citation=rule.citation, verified=False,
            explanation=f"{chosen.value} is a dismissal: a banding administratif to BPASN "
            "(PP 79/2021 Pasal 1 angka 5, read).",
            punishment=chosen, route=Route.BANDING, body=Body.BPASN, admissible=True,
        )
    levels = settings.resolve(APPEALABLE_LEVELS, on)
    admissible = chosen.level in levels.value
    open_to = ", ".join(level.value for level in levels.value) or "no level"
    return RouteOutcome(
        rule=rule.ref, citation=rule.citation, verified=False,
        explanation=f"{chosen.value} is {chosen.level.value}, not a dismissal: a keberatan to "
        "the superior of the punishing official (PP 79/2021 Pasal 1 angka 4, read); levels open "
        f"to keberatan: {open_to} ({levels.describe()}) [unverified]; "
        + ("admissible." if admissible else f"a {chosen.level.value} punishment is not."),
        punishment=chosen, route=Route.KEBERATAN, body=Body.SUPERIOR, admissible=admissible,
    )


@attrs.frozen(kw_only=True)
class ChangeOutcome(RuleResult):
    """How a punishment changed on objection compares with the original, and whether the
    settings in force allow it."""

    original: Punishment
    changed: Punishment
    direction: Direction
    allowed: bool

    def _fields(self) -> dict[str, Any]:
        return {
            "original": self.original,
            "changed": self.changed,
            "direction": self.direction,
            "allowed": self.allowed,
        }


def objection_change(
    original: Punishment | str,
    changed: Punishment | str,
    *,
    on: date,
    settings: PolicySettings = DEFAULT_SETTINGS,
) -> ChangeOutcome:
    """Is changing ``original`` to ``changed`` on objection lighter, heavier or no change, and is
    it allowed on ``on``?"""
    before = parse_enum(Punishment, original)
    after = parse_enum(Punishment, changed)
    rule = in_force([CHANGE], CHANGE.id, on)
    heavier_ok = settings.resolve(HEAVIER_CHANGE_ALLOWED, on)
    if severity(after) < severity(before):
        direction, allowed = Direction.LIGHTER, True
    elif after == before:
        direction, allowed = Direction.SAME, False
    else:
        direction, allowed = Direction.HEAVIER, bool(heavier_ok.value)
    why = {
        Direction.LIGHTER: "a lighter punishment: allowed",
        Direction.SAME: "the same punishment: that is upholding, not a change",
        Direction.HEAVIER: f"a heavier punishment: {'allowed' if allowed else 'not allowed'} "
        f"({heavier_ok.describe()}) [unverified], and flagged",
    }[direction]
    return ChangeOutcome(
        rule=rule.ref, citation=rule.citation, verified=False,
        explanation=f"{before.value} changed to {after.value} is {why}.",
        original=before, changed=after, direction=direction, allowed=allowed,
    )


RULES: tuple[Rule, ...] = (ROUTE, CHANGE)
