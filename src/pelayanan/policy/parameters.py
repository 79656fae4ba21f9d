"""The numbers of the law, as dated parameters with their citations (the OpenFisca idea).

A :class:`Parameter` is a named value that can change over time: each :class:`ParameterValue`
starts on a date and carries the citation it was read in and whether that reading is verified.
A user changes a parameter only through an immutable :class:`PolicySettings` passed into the
rule functions: there is no global mutable state, so two cities can evaluate the same rule with
different settings in one process.

Facts read only in a secondary source, or not read at all (see ``docs/sources.md``), are
parameters with ``verified=False`` and a note saying why, so they can be overridden and are never
presented as law.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date
from decimal import Decimal
from enum import Enum
from types import MappingProxyType
from typing import Any, Generic, TypeVar

import attrs

from pelayanan.domain.errors import InvalidValue
from pelayanan.domain.organisation import PositionClass
from pelayanan.domain.values import (
    Impact,
    LegalBasis,
    Level,
    Punishment,
    parse_enum,
    require_date,
    to_tuple,
)
from pelayanan.policy.calendar import LocalDay, local_days_arg
from pelayanan.policy.sources import read_in

T = TypeVar("T")


class DayUnit(Enum):
    """How a time limit counts days."""

    WORKING = "working_days"
    CALENDAR = "calendar_days"


class SedangRegime(Enum):
    """Which *sedang* punishments apply under PP 94/2021 (see ``pp94.sedang_regime``)."""

    TUNJANGAN_KINERJA = "tunjangan_kinerja"
    """PP 94/2021 Pasal 8: tunjangan kinerja cut 25% for 6, 9 or 12 months."""
    PP53_TRANSITIONAL = "pp53_transitional"
    """PP 53/2010 punishments, applied (BKN) until the PP on PNS pay is in force."""


# --------------------------------------------------------------------------- model


@attrs.frozen
class ParameterValue(Generic[T]):
    """One dated value of a parameter, from ``start`` until the next value starts."""

    start: date
    value: T
    citation: LegalBasis
    verified: bool
    note: str = ""


@attrs.frozen
class Parameter(Generic[T]):
    """A named, dated, cited value a rule depends on.

    ``check`` turns a user's override into a value of the right type or raises
    :class:`InvalidValue`, so a bad setting is refused where it enters.
    """

    id: str
    description: str
    unit: str
    values: tuple[ParameterValue[T], ...]
    check: Callable[[object], T] = attrs.field(eq=False, repr=False)

    def __attrs_post_init__(self) -> None:
        starts = [v.start for v in self.values]
        if not starts or starts != sorted(set(starts)):
            raise InvalidValue(
                f"parameter {self.id} needs values in strictly increasing date order"
            )

    def at(self, on: date) -> ParameterValue[T]:
        """The value in force on ``on``; raises :class:`InvalidValue` before the first value."""
        require_date("on", on)
        current = [v for v in self.values if v.start <= on]
        if not current:
            raise InvalidValue(
                f"parameter {self.id} has no value before {self.values[0].start} (asked for {on})"
            )
        return current[-1]


@attrs.frozen
class Resolved(Generic[T]):
    """A parameter's value as a rule used it: from the law, or overridden by settings."""

    parameter: Parameter[T]
    value: T
    citation: LegalBasis
    verified: bool
    overridden: bool
    note: str

    def describe(self) -> str:
        """One phrase for explanations, e.g. ``7 working days (pp94.x, PP 94/2021 Pasal 4)``."""
        # Prose, not a settings value: an enum reads "calendar days", not "calendar_days".
        shown = show_value(self.value).replace("_", " ")
        amount = " ".join(x for x in (shown, self.parameter.unit) if x)
        if self.overridden:
            return f"{amount} (set in settings for {self.parameter.id})"
        return f"{amount} ({self.parameter.id}, {self.citation})"


def show_value(value: object) -> str:
    """A parameter value as text: an enum by its value, a table as ``key: value; ...``."""
    if isinstance(value, Enum):
        return str(value.value)
    if isinstance(value, Mapping):
        return "; ".join(f"{show_value(k)}: {show_value(v)}" if not isinstance(v, Mapping)
                         else f"{show_value(k)}: {{{show_value(v)}}}" for k, v in value.items())
    if isinstance(value, tuple):
        return "[" + ", ".join(show_value(v) for v in value) + "]"
    if isinstance(value, frozenset):
        return "[" + ", ".join(sorted(show_value(v) for v in value)) + "]"
    return str(value)


# --------------------------------------------------------------------------- checks


def _count(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise InvalidValue(f"expected a whole number of at least 0, got {value!r}")
    return value


def _positive(value: object) -> int:
    count = _count(value)
    if count == 0:
        raise InvalidValue("expected a whole number of at least 1, got 0")
    return count


def _flag(value: object) -> bool:
    if not isinstance(value, bool):
        raise InvalidValue(f"expected true or false, got {value!r}")
    return value


def _day_unit(value: object) -> DayUnit:
    return parse_enum(DayUnit, value)


def _regime(value: object) -> SedangRegime:
    return parse_enum(SedangRegime, value)


# --------------------------------------------------------------------------- the parameters

PP94_ENACTED = date(2021, 8, 31)
"""PP 94/2021 was set and promulgated on 31 August 2021 and is in force from promulgation."""

PERBKN6_FROM = date(2022, 1, 1)
"""PerBKN 6/2022's date of effect was not recorded: the start of the year in its number."""

_PP94 = "PP 94/2021"
_PERBKN = "PerBKN 6/2022"


def _one(
    id: str,
    description: str,
    unit: str,
    start: date,
    value: T,
    citation: LegalBasis,
    check: Callable[[object], T],
    *,
    note: str = "",
) -> Parameter[T]:
    return Parameter(
        id,
        description,
        unit,
        (ParameterValue(start, value, citation, citation.verified, note),),
        check,
    )


CUTI_BERSAMA_ARE_WORKING_DAYS = _one(
    "calendar.cuti_bersama_are_working_days",
    "Count cuti bersama (joint leave days) as working days when computing time limits",
    "",
    date(2000, 1, 1),
    False,
    LegalBasis("SKB 3 Menteri on libur nasional dan cuti bersama", verified=False,
               source=read_in("skb-cuti-bersama", note="unsettled for legal deadlines")),
    _flag,
    note="Whether cuti bersama count as working days for legal deadlines is unsettled "
    "[unverified]; the default treats them as days off, as offices are closed.",
)

SEDANG_REGIME = _one(
    "pp94.sedang_regime",
    "Which sedang punishments apply: PP 94 tunjangan kinerja cuts, or PP 53/2010 transitional",
    "",
    PP94_ENACTED,
    SedangRegime.PP53_TRANSITIONAL,
    LegalBasis("BKN explanation of PP 94/2021 sedang punishments", verified=True,
               source=read_in("bkn-sedang-transition", "pp-53-2010",
                              note="the tunjangan kinerja cuts apply once the PP on PNS pay is in "
                              "force; until then agencies apply the PP 53/2010 sedang "
                              "punishments")),
    _regime,
    note="Switch to tunjangan_kinerja (a new dated value or a setting) when the PP on PNS pay "
    "comes into force; its date is not known.",
)

MINUTES_PER_ABSENT_DAY = _one(
    "pp94.minutes_per_absent_day",
    "Minutes of lateness or early leave, added up, that count as one day absent",
    "minutes",
    PP94_ENACTED,
    450,
    LegalBasis("Kemenkeu guideline on PP 94/2021", verified=False,
               source=read_in("kemenkeu-pp94-guideline", "pp-53-2010",
                              note="7.5 hours = 1 day; not found in PP 94/2021 itself")),
    _positive,
    note="Secondary source: 7.5 hours = 1 day is not in PP 94/2021 itself.",
)

CONSECUTIVE_DAYS_FOR_DISMISSAL = _one(
    "pp94.consecutive_days_for_dismissal",
    "Consecutive working days absent without valid reason that lead to PDH",
    "working days",
    PP94_ENACTED,
    10,
    LegalBasis(_PP94, article="11", ayat="2", huruf="d", angka="4", verified=True,
               source=read_in("pp-94-2021")),
    _positive,
)

SUMMONS_WORKING_DAYS = _one(
    "perbkn6.summons_working_days",
    "Most working days between a summons letter and the examination date",
    "working days",
    PERBKN6_FROM,
    7,
    LegalBasis(_PERBKN, verified=True,
               source=read_in("perbkn-6-2022", note="article number not verified")),
    _positive,
)

SECOND_SUMMONS_WORKING_DAYS = _one(
    "perbkn6.second_summons_working_days",
    "Latest second summons after a no-show, counted from the first examination date",
    "working days",
    PERBKN6_FROM,
    7,
    LegalBasis(_PERBKN, verified=True,
               source=read_in("perbkn-6-2022", note="article number not verified")),
    _positive,
)

DECISION_DELIVERY_WORKING_DAYS = _one(
    "perbkn6.decision_delivery_working_days",
    "Days within which a punishment decree is delivered after it is set (the unit: "
    "perbkn6.decision_delivery_unit)",
    "days",
    PERBKN6_FROM,
    14,
    LegalBasis(_PERBKN, verified=True,
               source=read_in("perbkn-6-2022", "bkn-regional-office",
                              note="article number not verified")),
    _positive,
)

DECISION_DELIVERY_UNIT = _one(
    "perbkn6.decision_delivery_unit",
    "Whether the 14 days for delivering a punishment decree are working or calendar days",
    "",
    PERBKN6_FROM,
    DayUnit.WORKING,
    LegalBasis(_PERBKN, verified=False,
               source=read_in("bkn-regional-office", "disiplin-pns-digest",
                              note="the digest says 14 'hari'; a BKN regional office says "
                              "working days")),
    _day_unit,
    note="The regulation's text says 'hari' as read in the digest; working days follows a BKN "
    "regional office [secondary]: override it if the city reads calendar days.",
)

PUNISHMENT_EFFECTIVE_DAYS = _one(
    "pp94.punishment_effective_days",
    "A punishment is in effect from this day after the PNS receives the decree",
    "days",
    PP94_ENACTED,
    15,
    LegalBasis(_PP94, verified=False,
               source=read_in("pp94-secondary-summaries", "disiplin-pns-digest")),
    _positive,
    note="Secondary source; the date is reckoned from receipt, or from the appeal decision "
    "if an appeal is filed.",
)

PUNISHMENT_EFFECTIVE_UNIT = _one(
    "pp94.punishment_effective_unit",
    "Whether the 15 days before a punishment takes effect are working or calendar days",
    "",
    PP94_ENACTED,
    DayUnit.CALENDAR,
    LegalBasis(_PP94, verified=False,
               source=read_in("pp94-secondary-summaries", note="the unit is not stated")),
    _day_unit,
    note="Working vs calendar days is not verified; calendar days is a guess, override it.",
)

OBJECTION_WORKING_DAYS = _one(
    "pp79.objection_working_days",
    "Window for filing a keberatan (objection) after receiving the decision",
    "working days",
    PP94_ENACTED,
    14,
    LegalBasis("PP 79/2021", verified=False,
               source=read_in("pp-79-2021", note="the 14 working days are from secondary "
                              "summaries")),
    _positive,
    note="Likely 14 working days.",
)

APPEAL_WORKING_DAYS = _one(
    "pp79.appeal_working_days",
    "Window for filing a banding administratif to BPASN against a dismissal",
    "working days",
    PP94_ENACTED,
    14,
    LegalBasis("PP 79/2021", verified=False,
               source=read_in("pp-79-2021", "permenkumham-24-2023",
                              note="the 14 working days from receipt are read in a ministry "
                              "regulation repeating the rule, not in PP 79/2021")),
    _positive,
    note="14 working days from receipt of the decree, as a ministry regulation implementing "
    "PP 94/2021 repeats it (secondary for PP 79/2021 itself).",
)

EFFECTIVE_DAYS_AFTER_OBJECTION = _one(
    "pp94.effective_days_after_objection",
    "Days after the decision on a keberatan or banding from which the punishment that stands "
    "takes effect",
    "days",
    PP94_ENACTED,
    0,
    LegalBasis(_PP94, verified=False,
               source=read_in("disiplin-pns-digest", "pp94-secondary-summaries",
                              note="a decree objected to takes effect as the decision on the "
                              "objection says; no count of days was read")),
    _count,
    note="The digest says a punishment objected to takes effect as the decision on the "
    "objection says: 0 means no earlier than that decision's day. A city reading it as day 15 "
    "after the decision is received sets 15 (counted in pp94.punishment_effective_unit).",
)

_PP79_UNREAD = LegalBasis(
    "PP 79/2021", verified=False,
    source=read_in("pp-79-2021", note="this provision was not read in any source"),
)


def _level_list(value: object) -> tuple[Level, ...]:
    if isinstance(value, str) or not isinstance(value, tuple | list):
        raise InvalidValue(f"expected a list of levels (ringan, sedang, berat), got {value!r}")
    levels = tuple(parse_enum(Level, v) for v in value)
    if len(set(levels)) != len(levels):
        raise InvalidValue(f"a level is listed twice in {value!r}")
    return levels


OBJECTION_DECISION_WORKING_DAYS = _one(
    "pp79.objection_decision_working_days",
    "Working days the superior of the punishing official has to decide a keberatan, from its "
    "filing",
    "working days",
    PP94_ENACTED,
    21,
    _PP79_UNREAD,
    _positive,
    note="Not read in any source [unverified]: 21 working days is the window PP 53/2010 was "
    "remembered to give, not a reading of PP 79/2021. Set it from the regulation.",
)

APPEAL_DECISION_WORKING_DAYS = _one(
    "pp79.appeal_decision_working_days",
    "Working days BPASN has to decide a banding administratif, from its filing",
    "working days",
    PP94_ENACTED,
    21,
    _PP79_UNREAD,
    _positive,
    note="Not read in any source [unverified]: a placeholder equal to the keberatan window, "
    "so that a banding left undecided is flagged at all. Set it from the regulation.",
)

APPEALABLE_LEVELS = _one(
    "pp79.appealable_levels",
    "Levels of punishment a keberatan lies against (a dismissal goes by banding administratif)",
    "",
    PP94_ENACTED,
    _level_list((Level.RINGAN, Level.SEDANG, Level.BERAT)),
    LegalBasis("PP 79/2021", article="1", ayat=None, huruf=None, angka="4", verified=False,
               source=read_in("pp-79-2021", "pp-53-2010",
                              note="Pasal 1 angka 4 defines keberatan against any decision "
                              "other than dismissal; whether a ringan punishment is excluded "
                              "was not read")),
    _level_list,
    note="PP 79/2021 Pasal 1 angka 4 (read) defines keberatan against every decision other "
    "than dismissal; PP 53/2010 excluded ringan punishments, and whether PP 94/2021 or PP 79/2021 "
    "keeps any exclusion was not read [unverified]. Every level is open by default, so no "
    "filing the law may allow is refused; a city can narrow the list.",
)

HEAVIER_CHANGE_ALLOWED = _one(
    "pp79.heavier_change_allowed",
    "May the body deciding a keberatan change the punishment to a heavier one",
    "",
    PP94_ENACTED,
    True,
    _PP79_UNREAD,
    _flag,
    note="Not read [unverified]: PP 53/2010 let the superior strengthen, lighten, make heavier "
    "or annul a punishment on keberatan (remembered, not read); whether PP 79/2021 keeps the "
    "heavier change was not found. Allowed by default so that a recorded decision is never "
    "refused for a power the body may have; every heavier change is flagged.",
)

# --------------------------------------------------------------------------- interim measures


def _levels(value: object) -> frozenset[Level]:
    if isinstance(value, str | Level):
        value = (value,)
    if not isinstance(value, tuple | list | set | frozenset) or not value:
        raise InvalidValue(f"expected one or more levels (ringan, sedang, berat), got {value!r}")
    return frozenset(parse_enum(Level, v) for v in value)


TEMPORARY_RELEASE_LEVELS = _one(
    "pp94.temporary_release_levels",
    "Levels of punishment expected for which the atasan may free a PNS from duties "
    "(pembebasan sementara) from the examination until the decree",
    "",
    PP94_ENACTED,
    frozenset({Level.BERAT}),
    LegalBasis(_PP94, verified=False,
               source=read_in("disiplin-pns-digest", note="article number not read")),
    _levels,
    note="Read only in a digest of PP 94/2021 [secondary]: a PNS likely to get a berat "
    "punishment.",
)

PAY_STOP_CONSECUTIVE_DAYS = _one(
    "pp94.pay_stop_consecutive_days",
    "Consecutive working days absent without valid reason after which pay stops from the next "
    "month",
    "working days",
    PP94_ENACTED,
    10,
    LegalBasis(_PP94, article="15", ayat="2", verified=False,
               source=read_in("pp-94-2021", "bkpsdm-material",
                              note="the article was not read; its number is from secondary "
                              "material")),
    _positive,
    note="Pasal 15 ayat (2) as secondary material cites it [secondary].",
)

_SP4N_START = date(2018, 1, 1)
_SP4N = LegalBasis("SP4N-LAPOR! (KemenPANRB, 2018)", verified=True,
                   source=read_in("sp4n-lapor-service-levels"))
_SP4N_NOTE = "Effective date approximated to the start of 2018."


def _sp4n(id: str, description: str, days: int) -> Parameter[int]:
    return _one(id, description, "days", _SP4N_START, days, _SP4N, _positive, note=_SP4N_NOTE)


SP4N_STATUS_RESPONSE_DAYS = _sp4n(
    "sp4n.status_response_days", "First status response to a complaint", 3)
SP4N_INFORMATION_REQUEST_DAYS = _sp4n(
    "sp4n.information_request_days", "Answer to an information request", 5)
SP4N_COMPLAINT_DAYS = _sp4n("sp4n.complaint_days", "Resolution of a complaint", 5)
SP4N_DISPUTE_DAYS = _sp4n(
    "sp4n.dispute_days", "Resolution of a dispute without field check", 14)
SP4N_DISPUTE_FIELD_CHECK_DAYS = _sp4n(
    "sp4n.dispute_field_check_days", "Resolution of a dispute with field check", 60)

SP4N_DAY_UNIT = _one(
    "sp4n.day_unit",
    "Whether SP4N-LAPOR! service levels count working or calendar days",
    "",
    _SP4N_START,
    DayUnit.WORKING,
    LegalBasis("SP4N-LAPOR! (KemenPANRB, 2018)", verified=False,
               source=read_in("sp4n-lapor-service-levels", "kelurahan-sop-example",
                              note="the official levels say 'days'; a kelurahan SOP example uses "
                              "working days")),
    _day_unit,
    note="The unit is not stated in the source read; working days follows the kelurahan SOP "
    "example.",
)

ANY_OBLIGATION = "*"
"""The key of :data:`IMPACT_LEVELS`' mapping that applies to an obligation with no entry of its
own."""


def _impact_levels(value: object) -> Mapping[str, Mapping[Impact, Level]]:
    if not isinstance(value, Mapping) or ANY_OBLIGATION not in value:
        raise InvalidValue(
            f"impact levels must map obligations (and {ANY_OBLIGATION!r} for the rest) to "
            f"{{impact: level}}, got {value!r}"
        )
    checked: dict[str, Mapping[Impact, Level]] = {}
    for obligation, levels in value.items():
        if not isinstance(obligation, str) or not obligation.strip():
            raise InvalidValue(f"an obligation must be named by a non-empty text, got "
                               f"{obligation!r}")
        if not isinstance(levels, Mapping):
            raise InvalidValue(f"impact levels for {obligation!r} must be a mapping, got "
                               f"{levels!r}")
        checked[obligation] = MappingProxyType(
            {parse_enum(Impact, i): parse_enum(Level, lv) for i, lv in levels.items()}
        )
    return MappingProxyType(checked)


IMPACT_LEVELS = _one(
    "pp94.impact_levels",
    "Level of punishment by the impact of a breach, per obligation ('*': any other obligation)",
    "",
    PP94_ENACTED,
    _impact_levels({ANY_OBLIGATION: {"unit_kerja": "ringan", "instansi": "sedang",
                                     "negara": "berat"}}),
    LegalBasis(_PP94, verified=False,
               source=read_in("pp-94-2021", note="the impact-to-level mapping per obligation "
                              "and its articles were not read")),
    _impact_levels,
    note="Only the general pattern (work unit -> ringan, agency -> sedang, state -> berat) is "
    "known, from material whose articles were not read [unverified]; it applies to every "
    "obligation until a city sets an obligation's own mapping (an override keyed by the "
    "obligation, e.g. 'Pasal 4 huruf a', plus '*').",
)

PERPRES76_RESOLUTION_DAYS = _one(
    "perpres76.resolution_days",
    "Resolution of a complaint after its file is complete",
    "days",
    date(2013, 1, 1),
    60,
    LegalBasis("Perpres 76/2013", verified=True, source=read_in("perpres-76-2013")),
    _positive,
    note="Effective date approximated to the start of 2013.",
)

PERPRES76_DAY_UNIT = _one(
    "perpres76.day_unit",
    "Whether the Perpres 76/2013 resolution period counts working or calendar days",
    "",
    date(2013, 1, 1),
    DayUnit.WORKING,
    LegalBasis("Perpres 76/2013", verified=False,
               source=read_in("perpres-76-2013", note="the unit is not stated in what was read")),
    _day_unit,
    note="The unit is not verified; working days matches the SP4N-LAPOR! default.",
)

# --------------------------------------------------------------------------- examination


class PanelRequirement(Enum):
    """Whether a tim pemeriksa examines, for a punishment level expected."""

    REQUIRED = "required"
    OPTIONAL = "optional"
    NOT_NEEDED = "not_needed"


def _panel_levels(value: object) -> Mapping[Level, PanelRequirement]:
    if not isinstance(value, Mapping) or not value:
        raise InvalidValue(f"tim pemeriksa levels must map levels to required, optional or "
                           f"not_needed, got {value!r}")
    checked = {parse_enum(Level, k): parse_enum(PanelRequirement, v) for k, v in value.items()}
    missing = [lv.value for lv in Level if lv not in checked]
    if missing:
        raise InvalidValue(f"tim pemeriksa levels must give every level; missing: "
                           f"{', '.join(missing)}")
    return MappingProxyType(checked)


TIM_PEMERIKSA_LEVELS = _one(
    "perbkn6.tim_pemeriksa_levels",
    "Whether a tim pemeriksa examines, by the level of punishment expected",
    "",
    PERBKN6_FROM,
    _panel_levels({"ringan": "not_needed", "sedang": "optional", "berat": "required"}),
    LegalBasis(_PERBKN, verified=True,
               source=read_in("perbkn-6-2022", "disiplin-pns-digest",
                              note="article number not verified")),
    _panel_levels,
)


# --------------------------------------------------------------------------- liability

UU25_FROM = date(2009, 1, 1)
"""UU 25/2009's date of effect was not recorded: approximated to the start of 2009."""

DECISION_WAIT_WORKING_DAYS = _one(
    "pp94.decision_wait_working_days",
    "Working days the authorised official may take to decide a case ready for decision (after "
    "the examination, the BAP's report up, or a second no-show) before not deciding is flagged",
    "working days",
    PP94_ENACTED,
    20,
    LegalBasis(_PP94, verified=False,
               source=read_in("pp-94-2021", "bpk-handbook",
                              note="the sources set no time limit; this waiting time is the "
                              "library's own")),
    _positive,
    note="No deadline in the sources [unverified]: PP 94/2021 punishes an authorised official "
    "who does not punish a proven breach, but names no time. 20 working days (about a month) "
    "is this library's choice for when to flag it; set the city's own.",
)

BAP_REPORT_WORKING_DAYS = _one(
    "perbkn6.bap_report_working_days",
    "Working days after the examination within which an atasan langsung without authority "
    "over the punishment expected reports the BAP up the hierarchy",
    "working days",
    PERBKN6_FROM,
    7,
    LegalBasis(_PERBKN, verified=False,
               source=read_in("perbkn-6-2022", "disiplin-pns-digest",
                              note="the duty to report is read; no time limit was found")),
    _positive,
    note="No time limit in the sources read [unverified]: 7 working days, as for a summons, is "
    "this library's choice; set the city's own.",
)

PROVIDER_FIX_MONTHS = _one(
    "uu25.provider_fix_months",
    "Months a public-service provider sanctioned with a teguran tertulis has to fix the failure "
    "before pembebasan dari jabatan",
    "months",
    UU25_FROM,
    3,
    LegalBasis("UU 25/2009", article="54", verified=True, source=read_in("uu-25-2009")),
    _positive,
    note="Counted in calendar months from the teguran's date (the same day of the month, or "
    "the month's last day); how the law counts the months was not read [unverified].",
)


# --------------------------------------------------------------------------- who may punish

@attrs.frozen
class Grant:
    """One row of the authority table.

    The official of class ``official`` (a designated one only, when ``designated``) may impose
    punishments of ``levels`` (minus ``excluding``) on PNS in its area who are either of a class
    in ``subjects`` or, when ``below`` is set, structural PNS that many tiers below it.
    A designated functional official ``stands_in_for`` the class of the unit head it replaces.
    """

    official: PositionClass
    levels: tuple[Level, ...] = attrs.field(converter=to_tuple)
    subjects: tuple[PositionClass, ...] = attrs.field(default=(), converter=to_tuple)
    below: int | None = None
    excluding: tuple[Punishment, ...] = attrs.field(default=(), converter=to_tuple)
    designated: bool = False
    stands_in_for: PositionClass | None = None

    def __attrs_post_init__(self) -> None:
        if (self.below is None) == (not self.subjects):
            raise InvalidValue(
                f"an authority grant for {self.official.value} names either the subject "
                "classes or how many tiers below, not both or neither"
            )
        if self.below is not None and self.tier is None:
            raise InvalidValue(
                f"a {self.official.value} has no tier to count 'tingkat di bawahnya' from"
            )
        if self.designated and self.stands_in_for is None:
            raise InvalidValue("a designated official's grant says whom it stands in for")

    @property
    def tier(self) -> int | None:
        """The tier the official acts at: its own, or that of the head it stands in for."""
        return (self.stands_in_for or self.official).tier

    def covers(self, punishment: Punishment) -> bool:
        return punishment.level in self.levels and punishment not in self.excluding

    def __str__(self) -> str:
        who = self.official.value + (
            f" designated in place of a missing {self.stands_in_for.value}"
            if self.designated and self.stands_in_for
            else ""
        )
        whom = (
            f"PNS {self.below} tier(s) below"
            if self.below is not None
            else ", ".join(s.value for s in self.subjects)
        )
        what = "/".join(level.value for level in self.levels)
        if self.excluding:
            what += " except " + ", ".join(p.value for p in self.excluding)
        return f"{who}: {what} on {whom} in its area"


def _grant(value: object) -> Grant:
    if isinstance(value, Grant):
        return value
    if not isinstance(value, Mapping):
        raise InvalidValue(f"an authority grant is a mapping of its fields, got {value!r}")
    unknown = set(value) - {f.name for f in attrs.fields(Grant)}
    if unknown:
        raise InvalidValue(f"an authority grant has no field {sorted(unknown)[0]!r}")
    below = value.get("below")
    if below is not None and (isinstance(below, bool) or not isinstance(below, int) or below < 1):
        raise InvalidValue(f"'below' counts tiers, at least 1, got {below!r}")
    stands_in = value.get("stands_in_for")
    return Grant(
        official=parse_enum(PositionClass, value.get("official")),
        levels=tuple(parse_enum(Level, x) for x in _items(value.get("levels"), "levels")),
        subjects=tuple(parse_enum(PositionClass, x) for x in value.get("subjects", ()) or ()),
        below=below,
        excluding=tuple(parse_enum(Punishment, x) for x in value.get("excluding", ()) or ()),
        designated=bool(value.get("designated", False)),
        stands_in_for=None if stands_in is None else parse_enum(PositionClass, stands_in),
    )


def _items(value: object, name: str) -> tuple[object, ...]:
    if not isinstance(value, list | tuple) or not value:
        raise InvalidValue(f"an authority grant's {name} must be a non-empty list, got {value!r}")
    return tuple(value)


def _table(value: object) -> tuple[Grant, ...]:
    if isinstance(value, str | bytes) or not isinstance(value, list | tuple) or not value:
        raise InvalidValue(f"the authority table must be a non-empty list of grants, got {value!r}")
    return tuple(_grant(v) for v in value)


_C = PositionClass
_ALL_LEVELS = (Level.RINGAN, Level.SEDANG, Level.BERAT)
_STRUCTURAL_UNDER_ADMIN = (_C.ADMINISTRATOR, _C.PENGAWAS, _C.PELAKSANA)
_OTHER_FUNCTIONAL = (_C.AHLI_MADYA, _C.AHLI_MUDA, _C.AHLI_PERTAMA, _C.KETERAMPILAN)
_ALL_FUNCTIONAL = (_C.AHLI_UTAMA, *_OTHER_FUNCTIONAL)

KOTA_AUTHORITY_TABLE: tuple[Grant, ...] = (
    Grant(_C.PPK, _ALL_LEVELS, subjects=(_C.JPT_PRATAMA,)),
    Grant(_C.PPK, _ALL_LEVELS, subjects=(_C.AHLI_UTAMA,), excluding=(Punishment.PDH,)),
    Grant(_C.PPK, (Level.SEDANG, Level.BERAT), subjects=_STRUCTURAL_UNDER_ADMIN),
    Grant(_C.PPK, (Level.BERAT,), subjects=_OTHER_FUNCTIONAL),
    Grant(_C.JPT_PRATAMA, (Level.RINGAN,), below=1),
    Grant(_C.JPT_PRATAMA, (Level.SEDANG,), below=2),
    Grant(_C.JPT_PRATAMA, (Level.RINGAN, Level.SEDANG), subjects=_ALL_FUNCTIONAL),
    Grant(_C.ADMINISTRATOR, (Level.RINGAN,), below=1),
    Grant(_C.ADMINISTRATOR, (Level.SEDANG,), below=2),
    Grant(_C.ADMINISTRATOR, (Level.RINGAN, Level.SEDANG), subjects=_OTHER_FUNCTIONAL),
    Grant(_C.PENGAWAS, (Level.RINGAN,), below=1),
    Grant(_C.AHLI_MADYA, (Level.RINGAN,), below=1, designated=True,
          stands_in_for=_C.ADMINISTRATOR),
    Grant(_C.AHLI_MUDA, (Level.RINGAN,), below=1, designated=True, stands_in_for=_C.PENGAWAS),
)
"""The PP 94/2021 table for a kabupaten/kota as the secondary sources give it."""

_CITATION = LegalBasis(
    "PP 94/2021",
    verified=False,
    source=read_in(
        "disiplin-pns-digest",
        "bkpsdm-material",
        "kemenkeu-pp94-guideline",
        note="who may punish whom, as digested; the articles were not read",
    ),
)

PUNISHING_AUTHORITY: Parameter[tuple[Grant, ...]] = _one(
    "pp94.punishing_authority",
    "Who may impose which punishment on whom in a kabupaten/kota (pejabat yang berwenang "
    "menghukum): one grant per row",
    "",
    PP94_ENACTED,
    KOTA_AUTHORITY_TABLE,
    _CITATION,
    _table,
    note="Secondary sources only (an educational digest, BKPSDM and Kemenkeu material); the "
    "article numbers were not read. Whether the PPK's 'administrator and below' includes "
    "ringan, and whether the ahli utama's berat excludes only PDH, follow the digest. Override "
    "with the city's own reading: a list of grants {official, levels, subjects | below, "
    "excluding, designated, stands_in_for}.",
)

# --------------------------------------------------------------------------- SKM


def _grade_bounds(value: object) -> tuple[tuple[Decimal, str, str], ...]:
    rows = list(value) if isinstance(value, list | tuple) else None
    if not rows:
        raise InvalidValue(f"grade bounds must be [lowest score, grade, label] rows, got "
                           f"{value!r}")
    checked = []
    for row in rows:
        if (not isinstance(row, list | tuple) or len(row) != 3
                or not all(isinstance(x, str) and x.strip() for x in row[1:])):
            raise InvalidValue(f"a grade bound is [lowest score, grade, label], got {row!r}")
        try:
            bound = Decimal(str(row[0]))
        except ArithmeticError:
            raise InvalidValue(f"a grade's lowest score must be a number, got {row[0]!r}") from None
        checked.append((bound, str(row[1]), str(row[2])))
    bounds = [b for b, _, _ in checked]
    if bounds != sorted(bounds, reverse=True) or len(set(bounds)) != len(bounds):
        raise InvalidValue("grade bounds must be listed best first, each lower than the last")
    return tuple(checked)


SKM_GRADE_BOUNDS = _one(
    "skm.grade_bounds",
    "Lowest IKM score of each SKM grade, best first (below the last: no grade)",
    "",
    date(2017, 1, 1),
    _grade_bounds([("88.31", "A", "sangat baik"), ("76.61", "B", "baik"),
                   ("65.00", "C", "kurang baik"), ("25.00", "D", "tidak baik")]),
    LegalBasis("PermenPAN-RB 14/2017", verified=False, source=read_in("permenpanrb-14-2017")),
    _grade_bounds,
    note="Secondary source: the grade bounds were read in summaries, not in the regulation.",
)


# --------------------------------------------------------------------------- the board

BOARD_CITATION = LegalBasis(
    "pelayanan office compliance board (this library's convention, not law)",
    verified=False, source=read_in("pelayanan-conventions"),
)
BOARD_FROM = date(2009, 1, 1)
_BOARD_NOTE = "This library's own choice, not law: override it to suit the city."


def _weights(value: object) -> Mapping[str, float]:
    if not isinstance(value, Mapping) or set(value) != set(_WEIGHT_KEYS):
        raise InvalidValue(f"board weights must give exactly {', '.join(_WEIGHT_KEYS)}, "
                           f"got {value!r}")
    checked = {}
    for key in _WEIGHT_KEYS:
        weight = value[key]
        if isinstance(weight, bool) or not isinstance(weight, int | float) or weight < 0:
            raise InvalidValue(f"board weight {key} must be a number of at least 0, got "
                               f"{weight!r}")
        checked[key] = float(weight)
    return MappingProxyType(checked)


def _bands(value: object) -> tuple[float, float]:
    if (not isinstance(value, list | tuple) or len(value) != 2
            or not all(isinstance(v, int | float) and not isinstance(v, bool) for v in value)
            or not 0 <= value[1] <= value[0] <= 100):
        raise InvalidValue(f"board bands must be [hijau from, kuning from] with 100 >= hijau >= "
                           f"kuning >= 0, got {value!r}")
    return float(value[0]), float(value[1])


_WEIGHT_KEYS = ("vacancy_rate", "finding_rate", "overdue", "case", "high", "medium", "low",
                "full_finding_penalty")

BOARD_WEIGHTS = Parameter(
    "board.weights",
    "Points off 100: vacancy_rate and finding_rate weights (each rate at most 1), per overdue "
    "complaint and per open case; severity points per high/medium/low finding; severity points "
    "per sidak that cost the full finding weight",
    "",
    (ParameterValue(BOARD_FROM, _weights({
        "vacancy_rate": 40, "finding_rate": 30, "overdue": 5, "case": 3,
        "high": 8, "medium": 4, "low": 1, "full_finding_penalty": 8}), BOARD_CITATION, False,
        _BOARD_NOTE),),
    _weights,
)

BOARD_BANDS = Parameter(
    "board.bands",
    "Lowest score of the hijau and kuning colour bands of the board (below: merah)",
    "points",
    (ParameterValue(BOARD_FROM, (81.0, 51.0), BOARD_CITATION, False,
                    "The Ombudsman's 2013-2021 zone cut-offs, borrowed as a colour scale; the "
                    "board's score is not an Ombudsman assessment. " + _BOARD_NOTE),),
    _bands,
)


PARAMETERS: Mapping[str, Parameter[Any]] = MappingProxyType(
    {
        p.id: p
        for p in (
            CUTI_BERSAMA_ARE_WORKING_DAYS,
            SEDANG_REGIME,
            MINUTES_PER_ABSENT_DAY,
            CONSECUTIVE_DAYS_FOR_DISMISSAL,
            SUMMONS_WORKING_DAYS,
            SECOND_SUMMONS_WORKING_DAYS,
            DECISION_DELIVERY_WORKING_DAYS,
            DECISION_DELIVERY_UNIT,
            PUNISHMENT_EFFECTIVE_DAYS,
            PUNISHMENT_EFFECTIVE_UNIT,
            OBJECTION_WORKING_DAYS,
            APPEAL_WORKING_DAYS,
            OBJECTION_DECISION_WORKING_DAYS,
            APPEAL_DECISION_WORKING_DAYS,
            EFFECTIVE_DAYS_AFTER_OBJECTION,
            APPEALABLE_LEVELS,
            HEAVIER_CHANGE_ALLOWED,
            SP4N_STATUS_RESPONSE_DAYS,
            SP4N_INFORMATION_REQUEST_DAYS,
            SP4N_COMPLAINT_DAYS,
            SP4N_DISPUTE_DAYS,
            SP4N_DISPUTE_FIELD_CHECK_DAYS,
            SP4N_DAY_UNIT,
            PERPRES76_RESOLUTION_DAYS,
            PERPRES76_DAY_UNIT,
            IMPACT_LEVELS,
            PUNISHING_AUTHORITY,
            TIM_PEMERIKSA_LEVELS,
            TEMPORARY_RELEASE_LEVELS,
            PAY_STOP_CONSECUTIVE_DAYS,
            DECISION_WAIT_WORKING_DAYS,
            BAP_REPORT_WORKING_DAYS,
            PROVIDER_FIX_MONTHS,
            BOARD_WEIGHTS,
            BOARD_BANDS,
            SKM_GRADE_BOUNDS,
        )
    }
)
"""Every parameter, by id."""


# --------------------------------------------------------------------------- settings


def _overrides(value: object) -> Mapping[str, object]:
    if not isinstance(value, Mapping):
        raise InvalidValue(f"overrides must be a mapping of parameter id to value, got {value!r}")
    checked: dict[str, object] = {}
    for key, raw in value.items():
        parameter = PARAMETERS.get(key)
        if parameter is None:
            known = ", ".join(sorted(PARAMETERS))
            raise InvalidValue(f"no parameter {key!r} to override; known: {known}")
        try:
            checked[key] = parameter.check(raw)
        except InvalidValue as exc:
            raise InvalidValue(f"override for {key}: {exc}") from None
    return MappingProxyType(checked)


def _optional_flag(value: object) -> bool | None:
    return None if value is None else _flag(value)


def _optional_regime(value: object) -> SedangRegime | None:
    return None if value is None else _regime(value)


@attrs.frozen
class PolicySettings:
    """A caller's choices where the law leaves room or is not verified.

    The two most common choices are named fields; any parameter can be set through
    ``overrides`` (parameter id to value). ``None`` means "use the dated value from the law".
    ``local_days`` are the city's own days off by decree
    (:class:`~pelayanan.policy.calendar.LocalDay`), each with its source: every deadline and
    coverage check counts them.
    An override applies on every date: a setting describes how one city works now.
    """

    cuti_bersama_are_working_days: bool | None = attrs.field(
        default=None, converter=_optional_flag
    )
    sedang_regime: SedangRegime | None = attrs.field(default=None, converter=_optional_regime)
    overrides: Mapping[str, object] = attrs.field(
        factory=dict, converter=_overrides, hash=False
    )
    local_days: tuple[LocalDay, ...] = attrs.field(default=(), converter=local_days_arg)

    def _override(self, parameter_id: str) -> object | None:
        named = {
            CUTI_BERSAMA_ARE_WORKING_DAYS.id: self.cuti_bersama_are_working_days,
            SEDANG_REGIME.id: self.sedang_regime,
        }.get(parameter_id)
        return named if named is not None else self.overrides.get(parameter_id)

    def resolve(self, parameter: Parameter[T], on: date) -> Resolved[T]:
        """The value of ``parameter`` on ``on`` under these settings."""
        law = parameter.at(on)
        override = self._override(parameter.id)
        if override is None:
            return Resolved(parameter, law.value, law.citation, law.verified, False, law.note)
        # A setting is the caller's choice, not law: it is never reported as verified.
        return Resolved(
            parameter, parameter.check(override), law.citation, False, True,
            f"set in settings (the law's value on {on} is {show_value(law.value)})",
        )


DEFAULT_SETTINGS = PolicySettings()
"""The law's own values, nothing overridden."""
