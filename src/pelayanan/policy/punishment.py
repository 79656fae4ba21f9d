"""PP 94/2021 on civil-servant (PNS) discipline: the punishments, the attendance ladder, the level
by impact, repeat and concurrent offences, and a check of a proposed decision.

Each rule is declared next to the function that applies it, with its citation and the ids of its
sources (``docs/sources.md``). Where a fact was read only in a secondary source, or not read, the
rule or parameter says ``verified=False`` and why.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from types import MappingProxyType
from typing import Any

import attrs

from pelayanan.domain.errors import InvalidValue
from pelayanan.domain.values import (
    Assessment,
    Impact,
    LegalBasis,
    Level,
    Punishment,
    parse_enum,
    require_date,
)
from pelayanan.policy.parameters import (
    ANY_OBLIGATION,
    CONSECUTIVE_DAYS_FOR_DISMISSAL,
    DEFAULT_SETTINGS,
    IMPACT_LEVELS,
    MINUTES_PER_ABSENT_DAY,
    PP94_ENACTED,
    SEDANG_REGIME,
    PolicySettings,
    SedangRegime,
)
from pelayanan.policy.result import RuleResult
from pelayanan.policy.rule import Rule, in_force
from pelayanan.policy.sources import read_in

_PP94 = "PP 94/2021"

# --------------------------------------------------------------------------- punishments by level

_RINGAN = (Punishment.TEGURAN_LISAN, Punishment.TEGURAN_TERTULIS, Punishment.PERNYATAAN_TIDAK_PUAS)
_BERAT = (Punishment.PENURUNAN_JABATAN, Punishment.PEMBEBASAN_JABATAN, Punishment.PDH)
SEDANG_PUNISHMENTS: Mapping[SedangRegime, tuple[Punishment, ...]] = MappingProxyType(
    {
        SedangRegime.TUNJANGAN_KINERJA: (
            Punishment.TUKIN_25_6,
            Punishment.TUKIN_25_9,
            Punishment.TUKIN_25_12,
        ),
        SedangRegime.PP53_TRANSITIONAL: (
            Punishment.PP53_PENUNDAAN_KGB,
            Punishment.PP53_PENUNDAAN_PANGKAT,
            Punishment.PP53_PENURUNAN_PANGKAT,
        ),
    }
)
"""The three sedang punishments in order of severity, per regime.

The PP 53/2010 list is a secondary-source fact, and so is pairing it step by step with the
tunjangan kinerja cuts (6 months ~ penundaan KGB, 9 ~ penundaan pangkat, 12 ~ penurunan pangkat).
"""

_REGIME_VERIFIED = {SedangRegime.TUNJANGAN_KINERJA: True, SedangRegime.PP53_TRANSITIONAL: False}


def severity(punishment: Punishment) -> tuple[int, int]:
    """(level rank, step within the level): comparable across the two sedang regimes."""
    for steps in (_RINGAN, _BERAT, *SEDANG_PUNISHMENTS.values()):
        if punishment in steps:
            return punishment.level.rank, steps.index(punishment) + 1
    raise InvalidValue(f"{punishment} has no place in the PP 94/2021 order")  # pragma: no cover


PUNISHMENTS_BY_LEVEL = Rule(
    id="pp94.punishments_by_level",
    version=1,
    title="Punishments allowed at each level of discipline",
    valid_from=PP94_ENACTED,
    valid_to=None,
    citation=LegalBasis(_PP94, article="8", verified=True, source=read_in("pp-94-2021")),
    verified=True,
    sources=("pp-94-2021", "bkn-sedang-transition", "pp-53-2010"),
    parameters=(SEDANG_REGIME,),
    notes="Sedang: tunjangan kinerja cuts only once the PP on PNS pay is in force; until then "
    "the PP 53/2010 sedang punishments. The switch is the pp94.sedang_regime parameter.",
)


@attrs.frozen
class _Allowed:
    punishments: tuple[Punishment, ...]
    verified: bool
    note: str


def _allowed(level: Level, on: date, settings: PolicySettings) -> _Allowed:
    in_force([PUNISHMENTS_BY_LEVEL], PUNISHMENTS_BY_LEVEL.id, on)
    if level is Level.RINGAN:
        return _Allowed(_RINGAN, True, "")
    if level is Level.BERAT:
        return _Allowed(_BERAT, True, "")
    regime = settings.resolve(SEDANG_REGIME, on)
    verified = regime.verified and _REGIME_VERIFIED[regime.value]
    note = f"sedang regime {regime.describe()}"
    if not _REGIME_VERIFIED[regime.value]:
        note += "; the PP 53/2010 sedang punishments are a secondary-source fact (secondary source)"
    return _Allowed(SEDANG_PUNISHMENTS[regime.value], verified, note)


def allowed_punishments(
    level: Level | str, on: date, settings: PolicySettings = DEFAULT_SETTINGS
) -> tuple[Punishment, ...]:
    """The punishments allowed at ``level`` on ``on``, lightest first (PP 94/2021 Pasal 8).

    Which sedang punishments apply is the dated, overridable ``pp94.sedang_regime`` parameter.
    """
    return _allowed(parse_enum(Level, level), on, settings).punishments


def _all_in_force(on: date, settings: PolicySettings) -> tuple[Punishment, ...]:
    return tuple(p for level in Level for p in _allowed(level, on, settings).punishments)


# --------------------------------------------------------------------------- outcomes


@attrs.frozen(kw_only=True)
class PunishmentOutcome(RuleResult):
    """A punishment required by a rule (``None`` when the facts call for none)."""

    punishment: Punishment | None
    level: Level | None
    days_counted: int | None = None

    def _fields(self) -> dict[str, Any]:
        return {
            "punishment": self.punishment,
            "level": self.level,
            "days_counted": self.days_counted,
        }


@attrs.frozen(kw_only=True)
class LevelOutcome(RuleResult):
    """A level of punishment and the punishments allowed at it."""

    impact: Impact
    level: Level
    allowed: tuple[Punishment, ...]

    def _fields(self) -> dict[str, Any]:
        return {"impact": self.impact, "level": self.level, "allowed": self.allowed}


# --------------------------------------------------------------------------- attendance ladder


@attrs.frozen
class LadderRow:
    """One row of the attendance ladder: a range of days, the level and the step within it."""

    from_days: int
    to_days: int | None
    level: Level
    step: int
    citation: LegalBasis

    def covers(self, days: int) -> bool:
        return self.from_days <= days and (self.to_days is None or days <= self.to_days)

    @property
    def days_text(self) -> str:
        if self.to_days is None:
            return f"{self.from_days} or more"
        if self.to_days == self.from_days:
            return str(self.from_days)
        return f"{self.from_days}-{self.to_days}"


def _article(
    article: str,
    *,
    ayat: str | None = None,
    huruf: str | None = None,
    angka: str | None = None,
    verified: bool,
    source: str | None = None,
) -> LegalBasis:
    return LegalBasis(
        _PP94,
        article=article,
        ayat=ayat,
        huruf=huruf,
        angka=angka,
        verified=verified,
        source=source,
    )


_ROW_INFERRED = read_in(
    "pp-94-2021", note="the days and punishment were read; these article parts were not"
)
_READ = read_in("pp-94-2021")


def _ringan_row(angka: str) -> LegalBasis:
    return _article("9", ayat="2", huruf="b", angka=angka, verified=False, source=_ROW_INFERRED)


_SEDANG_ROW = _article("10", verified=False, source=_ROW_INFERRED)
_BERAT_ROW = _article("11", ayat="2", huruf="d", verified=True, source=_READ)

ATTENDANCE_LADDER: tuple[LadderRow, ...] = (
    LadderRow(3, 3, Level.RINGAN, 1, _ringan_row("1")),
    LadderRow(4, 6, Level.RINGAN, 2, _ringan_row("2")),
    LadderRow(7, 10, Level.RINGAN, 3, _ringan_row("3")),
    LadderRow(11, 13, Level.SEDANG, 1, _SEDANG_ROW),
    LadderRow(14, 16, Level.SEDANG, 2, _SEDANG_ROW),
    LadderRow(17, 20, Level.SEDANG, 3, _SEDANG_ROW),
    # The berat rows' ayat and huruf were read; the angka only for the last row (and for the
    # consecutive-days rule), so the first two cite no angka rather than a guessed one.
    LadderRow(21, 24, Level.BERAT, 1, _BERAT_ROW),
    LadderRow(25, 27, Level.BERAT, 2, _BERAT_ROW),
    LadderRow(
        28, None, Level.BERAT, 3,
        _article("11", ayat="2", huruf="d", angka="3", verified=True, source=_READ),
    ),
)
"""Cumulative days absent without valid reason in a calendar year -> level and step (1..3) in
that level's list of punishments. Breach of PP 94/2021 Pasal 4 huruf f."""

_CONSECUTIVE_CITATION = _article(
    "11", ayat="2", huruf="d", angka="4", verified=True, source=_READ
)
# The pay stop itself was read; the article number only in secondary material.
_PAY_STOPS = _article(
    "15", ayat="2", verified=False, source=read_in("pp-94-2021", "bkpsdm-material")
)

ATTENDANCE = Rule(
    id="pp94.attendance",
    version=1,
    title="Attendance ladder: days absent without valid reason -> punishment",
    valid_from=PP94_ENACTED,
    valid_to=None,
    citation=_article("4", huruf="f", verified=True, source=_READ),
    verified=True,
    sources=("pp-94-2021", "kemenkeu-pp94-guideline", "bkpsdm-material"),
    parameters=(MINUTES_PER_ABSENT_DAY, CONSECUTIVE_DAYS_FOR_DISMISSAL, SEDANG_REGIME),
    notes="The article parts cited for the ringan rows (Pasal 9 ayat (2) huruf b angka 1-3) and "
    "the sedang rows (Pasal 10) were not read, so a result on those rows is unverified; the "
    "berat rows cite Pasal 11 ayat (2) huruf d, read. Lateness and early leave convert to days "
    "at 7.5 hours a day (secondary). A run of consecutive working days is judged on its own, "
    "even when it crosses 1 January.",
)


def _count_arg(name: str, value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise InvalidValue(f"{name} must be a whole number of at least 0, got {value!r}")
    return value


def attendance(
    days_absent: int,
    *,
    consecutive_days: int = 0,
    late_minutes: int = 0,
    on: date,
    settings: PolicySettings = DEFAULT_SETTINGS,
) -> PunishmentOutcome:
    """The punishment for absence without valid reason (PP 94/2021 Pasal 4 huruf f).

    ``days_absent`` is the cumulative count of working days absent without valid reason in the
    calendar year; ``consecutive_days`` the longest unbroken run of working days absent, which is
    judged on its own: a run that crosses 1 January counts in full even though only part of it
    falls in the year's total, so it may exceed ``days_absent``; ``late_minutes`` the minutes of
    lateness and early leave in the year, added up and converted to whole days
    (``pp94.minutes_per_absent_day``, secondary).
    ``on`` is the date the rule is applied (the version in force then is used).

    Below 3 days the ladder sets no punishment: the outcome has ``punishment=None``.
    """
    days = _count_arg("days_absent", days_absent)
    consecutive = _count_arg("consecutive_days", consecutive_days)
    minutes = _count_arg("late_minutes", late_minutes)
    require_date("on", on)
    rule = in_force([ATTENDANCE], ATTENDANCE.id, on)
    per_day = settings.resolve(MINUTES_PER_ABSENT_DAY, on)
    threshold = settings.resolve(CONSECUTIVE_DAYS_FOR_DISMISSAL, on)

    from_minutes, leftover = divmod(minutes, per_day.value)
    total = days + from_minutes
    facts = [f"{days} day(s) absent without valid reason in the year"]
    verified = True
    if minutes:
        facts.append(
            f"{minutes} minute(s) of lateness/early leave = {from_minutes} day(s) at "
            f"{per_day.describe()} per day, {leftover} minute(s) left over "
            f"[{per_day.note or 'not verified'}]"
        )
        verified = verified and per_day.verified
    facts.append(f"{total} day(s) counted")
    if consecutive:
        facts.append(f"longest run {consecutive} consecutive working day(s)")
        if consecutive > days:
            facts.append("the run is longer than the year's count, so it crosses 1 January")

    row = next((r for r in ATTENDANCE_LADDER if r.covers(total)), None)
    dismissal = consecutive >= threshold.value

    if dismissal:
        facts.append(
            f"{consecutive} consecutive working days reaches {threshold.describe()}: "
            "pemberhentian dengan hormat tidak atas permintaan sendiri; pay stops from the "
            f"next month ({_PAY_STOPS})"
        )
        verified = verified and threshold.verified and _CONSECUTIVE_CITATION.verified
        return PunishmentOutcome(
            rule=rule.ref,
            citation=_CONSECUTIVE_CITATION,
            verified=verified,
            explanation="; ".join(facts) + ".",
            punishment=Punishment.PDH,
            level=Level.BERAT,
            days_counted=total,
        )
    if row is None:
        first = ATTENDANCE_LADDER[0].from_days
        facts.append(f"below the ladder's first row ({first} days): no punishment under this rule")
        return PunishmentOutcome(
            rule=rule.ref,
            citation=rule.citation,
            verified=verified,
            explanation="; ".join(facts) + ".",
            punishment=None,
            level=None,
            days_counted=total,
        )
    allowed = _allowed(row.level, on, settings)
    punishment = allowed.punishments[row.step - 1]
    facts.append(
        f"ladder row {row.days_text} days: {row.level.value}, step {row.step} of "
        f"{len(allowed.punishments)} = {punishment.value}"
    )
    if not row.citation.verified:
        facts.append(f"the row's article parts ({row.citation}) were not read")
    if allowed.note:
        facts.append(allowed.note)
    return PunishmentOutcome(
        rule=rule.ref,
        citation=row.citation,
        verified=verified and allowed.verified and row.citation.verified,
        explanation="; ".join(facts) + ".",
        punishment=punishment,
        level=row.level,
        days_counted=total,
    )


# --------------------------------------------------------------------------- level by impact

IMPACT_LEVEL = Rule(
    id="pp94.impact_level",
    version=1,
    title="Level of punishment by the impact of a breach of another obligation, per obligation",
    valid_from=PP94_ENACTED,
    valid_to=None,
    citation=IMPACT_LEVELS.values[0].citation,
    verified=False,
    sources=("pp-94-2021",),
    parameters=(IMPACT_LEVELS, SEDANG_REGIME),
    notes="Which impacts lead to which level is set per obligation in PP 94/2021; only the "
    "general pattern (work unit -> ringan, agency -> sedang, state -> berat) was found, and not "
    "its articles [unverified]. It is the default for every obligation; pp94.impact_levels sets "
    "an obligation's own mapping.",
)


def impact_level(
    impact: Impact | str,
    on: date,
    settings: PolicySettings = DEFAULT_SETTINGS,
    *,
    obligation: str | None = None,
) -> LevelOutcome:
    """The level of punishment for a breach of ``obligation`` (e.g. ``"Pasal 4 huruf a"``) whose
    impact fell on the work unit, the agency or the state, with the punishments allowed at that
    level. An obligation with no mapping of its own (or ``None``) uses the ``"*"`` mapping of
    ``pp94.impact_levels``; an impact that mapping does not list is refused."""
    kind = parse_enum(Impact, impact)
    rule = in_force([IMPACT_LEVEL], IMPACT_LEVEL.id, on)
    table = settings.resolve(IMPACT_LEVELS, on)
    key = obligation if obligation is not None and obligation in table.value else ANY_OBLIGATION
    levels = table.value[key]
    if kind not in levels:
        raise InvalidValue(
            f"impact {kind.value} has no level for obligation {obligation or ANY_OBLIGATION!r} "
            f"(known: {', '.join(i.value for i in levels)})"
        )
    level = levels[kind]
    allowed = _allowed(level, on, settings)
    which = (f"obligation {obligation}" if key != ANY_OBLIGATION
             else "any obligation without a mapping of its own")
    text = (f"impact on {kind.value} -> level {level.value} (mapping for {which}, "
            f"{'set in settings' if table.overridden else 'not verified'}); allowed: ")
    text += ", ".join(p.value for p in allowed.punishments)
    if allowed.note:
        text += f"; {allowed.note}"
    return LevelOutcome(
        rule=rule.ref,
        citation=rule.citation,
        verified=False,
        explanation=text + ".",
        impact=kind,
        level=level,
        allowed=allowed.punishments,
    )


# --------------------------------------------------------------------------- repeat / concurrent

REPEAT_AND_CONCURRENT = Rule(
    id="pp94.repeat_and_concurrent",
    version=1,
    title="Repeat offence: heavier than the last; concurrent offences: one punishment, "
    "the heaviest",
    valid_from=PP94_ENACTED,
    valid_to=None,
    citation=LegalBasis(_PP94, verified=False, source=read_in("pp94-secondary-summaries")),
    verified=False,
    sources=("pp94-secondary-summaries",),
    parameters=(SEDANG_REGIME,),
    notes="Secondary source; article numbers not verified.",
)


def combine(
    offences: Iterable[Punishment | PunishmentOutcome | None],
    *,
    previous: Punishment | None = None,
    on: date,
    settings: PolicySettings = DEFAULT_SETTINGS,
) -> PunishmentOutcome:
    """One punishment for offences found together, and heavier than ``previous`` on a repeat.

    ``offences`` are the punishments each offence calls for on its own (``None`` for one that
    calls for none). The result is the heaviest of them; when ``previous`` (the last punishment
    for an offence of the same kind) is given and the result is not heavier, the result becomes
    the lightest punishment in force that is heavier than ``previous``. Nothing is heavier than
    PDH, so a repeat after PDH stays PDH.
    """
    rule = in_force([REPEAT_AND_CONCURRENT], REPEAT_AND_CONCURRENT.id, on)
    required = [o.punishment if isinstance(o, PunishmentOutcome) else o for o in offences]
    given = [p for p in required if p is not None]
    for p in given:
        parse_enum(Punishment, p)
    facts: list[str] = []
    result = max(given, key=severity) if given else None
    if len(given) > 1:
        facts.append(
            f"{len(given)} offences found together ("
            + ", ".join(p.value for p in given)
            + f"): one punishment, the heaviest = {result.value if result else 'none'}"
        )
    elif result is not None:
        facts.append(f"the offence calls for {result.value}")
    else:
        facts.append("no offence calls for a punishment")
    verified = rule.verified
    if previous is not None:
        previous = parse_enum(Punishment, previous)
        if result is not None and severity(result) > severity(previous):
            facts.append(f"already heavier than the previous punishment {previous.value}")
        else:
            ladder = _all_in_force(on, settings)
            heavier = [p for p in ladder if severity(p) > severity(previous)]
            result = heavier[0] if heavier else Punishment.PDH
            facts.append(
                f"repeat of an offence last punished with {previous.value}: it must be heavier"
                + (f" -> {result.value}" if heavier else "; nothing is heavier than PDH")
            )
    if result is not None and result.level is Level.SEDANG:
        note = _allowed(Level.SEDANG, on, settings)
        verified = verified and note.verified
    return PunishmentOutcome(
        rule=rule.ref,
        citation=rule.citation,
        verified=verified,
        explanation="; ".join(facts) + ".",
        punishment=result,
        level=result.level if result else None,
    )


# --------------------------------------------------------------------------- decision check


@attrs.frozen(kw_only=True)
class DecisionCheck(RuleResult):
    """The result of checking a proposed punishment against the required one.

    ``official_liable`` is True when the proposal is lighter than required: under PP 94/2021 the
    official who punishes too lightly is himself liable (superior liability).
    """

    assessment: Assessment
    proposed: Punishment | None
    required: Punishment | None
    required_level: Level | None
    allowed_in_force: bool
    official_liable: bool

    def _fields(self) -> dict[str, Any]:
        return {
            "assessment": self.assessment,
            "proposed": self.proposed,
            "required": self.required,
            "required_level": self.required_level,
            "allowed_in_force": self.allowed_in_force,
            "official_liable": self.official_liable,
        }


DECISION_CHECK = Rule(
    id="pp94.decision_check",
    version=1,
    title="A proposed punishment is lighter than required, within range, or heavier",
    valid_from=PP94_ENACTED,
    valid_to=None,
    # Cites the regulation only: superior liability was read, its article number was not.
    citation=LegalBasis(
        _PP94,
        verified=True,
        source=read_in("bpk-handbook", "jpnn-superior-liability", note="article not read"),
    ),
    verified=True,
    sources=("pp-94-2021", "bpk-handbook", "jpnn-superior-liability"),
    parameters=(SEDANG_REGIME,),
    notes="An authorised official who fails to punish, or punishes wrongly, gets a heavier "
    "punishment; the article number is not verified.",
)


def _compare(
    proposed: Punishment | None, required: tuple[int, int] | None, upper: tuple[int, int] | None
) -> Assessment:
    if required is None:
        return Assessment.WITHIN if proposed is None else Assessment.HEAVIER
    if proposed is None or severity(proposed) < required:
        return Assessment.LIGHTER
    if upper is not None and severity(proposed) > upper:
        return Assessment.HEAVIER
    return Assessment.WITHIN


def check_decision(
    required: PunishmentOutcome | LevelOutcome,
    proposed: Punishment | str | None,
    *,
    on: date,
    settings: PolicySettings = DEFAULT_SETTINGS,
) -> DecisionCheck:
    """Compare a proposed punishment with what a rule requires.

    Against a :class:`PunishmentOutcome` the proposal must be that exact step (the two sedang
    regimes compare step by step); against a :class:`LevelOutcome` any punishment of that level
    is within range. ``None`` proposes no punishment.
    """
    rule = in_force([DECISION_CHECK], DECISION_CHECK.id, on)
    offered = None if proposed is None else parse_enum(Punishment, proposed)
    need: Punishment | None
    level: Level | None
    low: tuple[int, int] | None
    high: tuple[int, int] | None
    if isinstance(required, LevelOutcome):
        need, level = None, required.level
        low, high = (level.rank, 1), (level.rank, 3)
        allowed = required.allowed
        wanted = f"level {level.value} ({', '.join(p.value for p in allowed)})"
    else:
        need, level = required.punishment, required.level
        low = high = severity(need) if need else None
        allowed = _allowed(level, on, settings).punishments if level else ()
        wanted = need.value if need else "no punishment"
    assessment = _compare(offered, low, high)
    in_force_now = offered is None or offered in allowed or need is None
    text = f"required: {wanted} (from {required.rule}); proposed: "
    text += offered.value if offered else "no punishment"
    text += f" -> {assessment.value}"
    if assessment is Assessment.LIGHTER:
        text += (
            "; a lighter punishment than required makes the official authorised to punish "
            "liable to a punishment himself (superior liability)"
        )
    if offered is not None and not in_force_now:
        text += f"; {offered.value} is not among the punishments in force for its level on {on}"
    return DecisionCheck(
        rule=rule.ref,
        citation=rule.citation,
        verified=rule.verified and required.verified,
        explanation=text + ".",
        assessment=assessment,
        proposed=offered,
        required=need,
        required_level=level,
        allowed_in_force=in_force_now,
        official_liable=assessment is Assessment.LIGHTER,
    )


RULES: tuple[Rule, ...] = (
    PUNISHMENTS_BY_LEVEL,
    ATTENDANCE,
    IMPACT_LEVEL,
    REPEAT_AND_CONCURRENT,
    DECISION_CHECK,
)
