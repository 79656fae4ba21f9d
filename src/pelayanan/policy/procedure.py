"""Which rule, deadline and assessment apply to a fact: decided here, and nowhere else.

The service calls these functions when it records a fact; the decisions audit
(:mod:`pelayanan.audit.decisions`) calls the very same functions when it re-checks the record,
on the facts the record held just before the event and on the event's business date. So the
two cannot disagree about which rule applies, only about what the rules said then and now.

Each result is named after the event it fills in, and its fields are named after that event's
fields: ``DeliveryDeadlines.objection_deadline`` is what ``DecisionDelivered.objection_deadline``
records. A field that is ``None`` is one the facts do not call for (no punishment, no objection
window).

The functions take the record as it stood before the fact through small protocols rather than
the aggregates themselves: the aggregates use the rules, so the rules cannot import them.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from enum import Enum
from typing import Protocol

import attrs

from pelayanan.domain.errors import (
    HeavierOnAppealRefused,
    InvalidValue,
    NoAuthority,
    NotAppealable,
    NotFound,
    NotTheAtasan,
    ReportNotNeeded,
    WrongAppealBody,
)
from pelayanan.domain.organisation import Authority, Official, Organisation
from pelayanan.domain.values import (
    Assessment,
    ComplaintClass,
    LegalBasis,
    Level,
    Nip,
    ProviderSanction,
    Punishment,
    RuleRef,
    local_date,
)
from pelayanan.policy import appeals, authority, deadlines, interim, provider
from pelayanan.policy.appeals import Body, ChangeOutcome, Direction, Route, RouteOutcome
from pelayanan.policy.deadlines import DeadlineKind, DeadlineOutcome
from pelayanan.policy.examination import examination_requirement
from pelayanan.policy.interim import PayStopOutcome, ReinstatementOutcome, ReleaseOutcome
from pelayanan.policy.parameters import PanelRequirement, PolicySettings
from pelayanan.policy.punishment import LevelOutcome, PunishmentOutcome, check_decision

Requirement = PunishmentOutcome | LevelOutcome
"""What a discipline rule requires for a breach: a punishment, or a level to choose within."""


class HasRequirement(Protocol):
    """A breach: it knows which discipline rule applies to it on a date."""

    def required(self, on: date, settings: PolicySettings) -> Requirement | None: ...


class _DecidedPunishment(Protocol):
    @property
    def punishment(self) -> Punishment | None: ...


class _SetDecree(Protocol):
    @property
    def set_on(self) -> date: ...


class _Breach(HasRequirement, Protocol):
    @property
    def consecutive_days(self) -> int | None: ...


class CaseSoFar(Protocol):
    """A disciplinary case as it stood before the fact."""

    @property
    def summonses(self) -> Sequence[date]: ...

    @property
    def decided_on(self) -> date | None: ...

    @property
    def decision(self) -> _DecidedPunishment | None: ...

    @property
    def decree(self) -> _SetDecree | None: ...


class CaseFacts(Protocol):
    """What the interim measures read off a case: its breach, and its delivery."""

    @property
    def breach(self) -> _Breach: ...

    @property
    def delivered_on(self) -> date | None: ...

    @property
    def standing(self) -> Punishment | None: ...


class ComplaintSoFar(Protocol):
    """A complaint as it stood before the fact."""

    @property
    def filed_at(self) -> datetime: ...


# ---------------------------------------------------------------------------------- complaints


@attrs.frozen
class FilingDeadlines:
    """For ``Complaint.Filed``: the first response is due from the day of filing."""

    response_deadline: DeadlineOutcome


def complaint_filed(
    filed_at: datetime, *, settings: PolicySettings, on: date | None = None
) -> FilingDeadlines:
    day = local_date(filed_at)
    return FilingDeadlines(
        deadlines.deadline(
            DeadlineKind.COMPLAINT_STATUS_RESPONSE, day, settings=settings, on=on or day
        )
    )


@attrs.frozen
class ClassificationDeadlines:
    """For ``Complaint.Classified``: the class's service-level deadline, from the filing day."""

    deadline: DeadlineOutcome


def complaint_classified(
    complaint: ComplaintSoFar,
    classification: ComplaintClass,
    *,
    on: date,
    settings: PolicySettings,
) -> ClassificationDeadlines:
    return ClassificationDeadlines(
        deadlines.complaint_deadline(
            classification, local_date(complaint.filed_at), settings=settings, on=on
        )
    )


# ---------------------------------------------------------------------------------- providers


@attrs.frozen
class ProviderSanctionTerms:
    """For ``Office.ProviderSanctioned``: for a teguran tertulis, the day to fix the failure by
    (``uu25.provider_sanction``); None for pembebasan dari jabatan, the last step."""

    fix_by: provider.ProviderSanctionOutcome | None


def provider_sanctioned(
    sanction: ProviderSanction | str, on: date, *, settings: PolicySettings
) -> ProviderSanctionTerms:
    terms = provider.provider_sanction(sanction, on, settings)
    return ProviderSanctionTerms(terms if terms.fix_by is not None else None)


# ---------------------------------------------------------------------------------- discipline


@attrs.frozen
class SummonsDeadlines:
    """For ``DisciplinaryCase.ClarificationRequested``: the latest examination date after the
    letter, and for a second summons the latest date of its letter after the first
    examination date."""

    deadline: DeadlineOutcome
    letter_deadline: DeadlineOutcome | None


def clarification_requested(
    case: CaseSoFar | None, letter_date: date, *, on: date, settings: PolicySettings
) -> SummonsDeadlines:
    letter = None
    if case is not None and case.summonses:
        letter = deadlines.deadline(
            DeadlineKind.SECOND_SUMMONS, case.summonses[-1], settings=settings, on=on
        )
    examination = deadlines.deadline(
        DeadlineKind.SUMMONS_EXAMINATION, letter_date, settings=settings, on=on
    )
    return SummonsDeadlines(examination, letter)


@attrs.frozen
class DeliveryDeadlines:
    """For ``DisciplinaryCase.DecisionDelivered``: was it delivered in time, and, for a
    punishment, the objection window (an appeal for a dismissal) and the day it takes effect."""

    delivery_deadline: DeadlineOutcome | None
    objection_deadline: DeadlineOutcome | None
    effective: DeadlineOutcome | None


def decision_delivered(
    case: CaseSoFar | None, delivered_on: date, *, on: date, settings: PolicySettings
) -> DeliveryDeadlines:
    delivery = objection = effective = None
    # Counted from the day the decree was set; where none was recorded, the decision's day.
    set_on = None if case is None or case.decree is None else case.decree.set_on
    start = set_on or (None if case is None else case.decided_on)
    if start is not None:
        delivery = deadlines.deadline(DeadlineKind.DECISION_DELIVERY, start, settings=settings,
                                      on=on)
    punishment = None if case is None or case.decision is None else case.decision.punishment
    if punishment is not None:
        window = DeadlineKind.APPEAL if punishment is Punishment.PDH else DeadlineKind.OBJECTION
        objection = deadlines.deadline(window, delivered_on, settings=settings, on=on)
        effective = deadlines.deadline(
            DeadlineKind.PUNISHMENT_EFFECTIVE, delivered_on, settings=settings, on=on
        )
    return DeliveryDeadlines(delivery, objection, effective)


@attrs.frozen
class DecisionReview:
    """What the rules in force on a date say of a decision on a breach.

    ``requirement`` is None when the rules are silent on the breach; then nothing is assessed.
    """

    requirement: Requirement | None
    assessment: Assessment | None

    @property
    def rule(self) -> RuleRef | None:
        return None if self.requirement is None else self.requirement.rule

    @property
    def required(self) -> Punishment | None:
        """The punishment the rule requires (None for a rule that sets only a level)."""
        return getattr(self.requirement, "punishment", None)

    @property
    def level(self) -> Level | None:
        return getattr(self.requirement, "level", None)

    def legal_basis(self, punishment: Punishment | None) -> LegalBasis | None:
        """The citation a punishment decision rests on when the official names none."""
        if self.requirement is None or punishment is None:
            return None
        return self.requirement.citation


def review_decision(
    breach: HasRequirement,
    punishment: Punishment | None,
    *,
    on: date,
    settings: PolicySettings,
) -> DecisionReview:
    requirement = breach.required(on, settings)
    if requirement is None:
        return DecisionReview(None, None)
    check = check_decision(requirement, punishment, on=on, settings=settings)
    return DecisionReview(requirement, check.assessment)


@attrs.frozen
class DecisionConditions:
    """For ``DisciplinaryCase.Decided``: must a tim pemeriksa have examined (its level needs
    one, ``perbkn6.examination``), and which grant gave the deciding official authority
    (``pp94.punishing_authority``; None for no punishment, or where no organisation is known)."""

    tim_required: bool
    authority: Authority | None


def decision_conditions(
    punishment: Punishment | None,
    *,
    nip: Nip,
    official: Official | None,
    organisation: Organisation | None,
    on: date,
    settings: PolicySettings,
) -> DecisionConditions:
    """Raises :class:`NoAuthority` naming the rule when the official may not impose it."""
    if punishment is None:
        return DecisionConditions(False, None)
    tim = tim_required(punishment, on=on, settings=settings)
    if organisation is None:
        if official is not None:
            raise InvalidValue(
                f"{official.name} decides from {official.position.title}, but no organisation "
                "is known to check that position's authority: open the service with one"
            )
        return DecisionConditions(tim, None)
    if official is None:
        raise NoAuthority(
            f"a punishment is decided by an official whose authority is checked "
            f"({authority.AUTHORITY.ref}): name the official deciding, not only an actor"
        )
    known = organisation.position(official.position.id)
    if known != official.position:
        raise InvalidValue(
            f"{official.name}'s position {official.position.id!r} differs from the "
            "organisation's record of it"
        )
    subject = organisation.held_by(nip)
    granted = authority.require_authority(
        known.id, punishment, subject.id, organisation, on=on, settings=settings
    )
    return DecisionConditions(tim, granted.authority())


def tim_required(punishment: Punishment, *, on: date, settings: PolicySettings) -> bool:
    """Must a tim pemeriksa have examined before ``punishment`` is decided (by its level)?"""
    needs = examination_requirement(punishment.level, on, settings)
    return needs.panel is PanelRequirement.REQUIRED


# ---------------------------------------------------------------------- between examination
# and decree, and after the delivery


def expected_level(breach: HasRequirement, *, on: date, settings: PolicySettings) -> Level | None:
    """The level of punishment the rules in force on ``on`` require for ``breach`` (None where
    they are silent): the punishment expected."""
    requirement = breach.required(on, settings)
    if requirement is None:
        return None
    if isinstance(requirement, PunishmentOutcome):
        return None if requirement.punishment is None else requirement.punishment.level
    return requirement.level


def temporary_release(
    case: CaseFacts, *, on: date, settings: PolicySettings
) -> ReleaseOutcome:
    """For ``DisciplinaryCase.TemporarilyReleased``: does ``pp94.temporary_release`` allow it for
    the punishment the case's breach is expected to get? (Whether the examination has begun is
    the case's own ``examination_begun``.)"""
    level = expected_level(case.breach, on=on, settings=settings)
    return interim.temporary_release(level, on, settings)


def pay_stop(
    case: CaseFacts, ordered_on: date, *, on: date, settings: PolicySettings
) -> PayStopOutcome:
    """For ``DisciplinaryCase.PayStopped``: the threshold of ``pp94.pay_stop`` against the run of
    consecutive working days absent the case records, and the day pay stops."""
    run = case.breach.consecutive_days or 0
    return interim.pay_stop(run, ordered_on, on, settings)


def pay_reinstated(returned_on: date, *, on: date) -> ReinstatementOutcome:
    """For ``DisciplinaryCase.PayReinstated``: the rule reinstating pay."""
    return interim.pay_reinstatement(returned_on, on)


class EffectFacts(CaseFacts, Protocol):
    """What the day a punishment takes effect depends on: the delivery, and any objection."""

    @property
    def objection(self) -> Enum | None: ...  # keberatan or banding, once filed

    @property
    def objection_decided_on(self) -> date | None: ...


def effect_after_objection(
    decided_on: date, *, on: date, settings: PolicySettings
) -> DeadlineOutcome:
    """The earliest day a punishment objected to takes effect (``pp94.effect_after_objection``,
    from the day the objection was decided)."""
    return deadlines.deadline(
        DeadlineKind.EFFECT_AFTER_OBJECTION, decided_on, settings=settings, on=on
    )


def earliest_effect(
    case: EffectFacts, *, on: date, settings: PolicySettings
) -> DeadlineOutcome | None:
    """For ``DisciplinaryCase.PunishmentTookEffect``: the earliest day a delivered punishment takes
    effect. Without an objection it counts from the day of receipt (``pp94.punishment_effective``);
    once a keberatan or banding was filed, from the day it was decided
    (:func:`effect_after_objection`). None when no punishment was delivered, or the objection is
    not decided yet (the case refuses the start meanwhile)."""
    if case.delivered_on is None or case.standing is None:
        return None
    if case.objection is not None:
        if case.objection_decided_on is None:
            return None
        return effect_after_objection(case.objection_decided_on, on=on, settings=settings)
    return deadlines.deadline(
        DeadlineKind.PUNISHMENT_EFFECTIVE, case.delivered_on, settings=settings, on=on
    )
# ---------------------------------------------------------------------------------- liability


class ExaminedCase(Protocol):
    """A disciplinary case as the liability checks read it."""

    @property
    def nip(self) -> Nip: ...

    @property
    def breach(self) -> HasRequirement: ...

    @property
    def examined_on(self) -> date | None: ...

    @property
    def bap_reported_on(self) -> date | None: ...

    @property
    def no_shows(self) -> int: ...

    @property
    def summonses(self) -> Sequence[date]: ...


def expected_punishment(
    breach: HasRequirement, on: date, settings: PolicySettings
) -> Punishment | None:
    """The punishment a breach is expected to get on ``on``: the one its rule requires, or the
    lightest of the level it sets; None where the rules are silent."""
    requirement = breach.required(on, settings)
    if requirement is None:
        return None
    named: Punishment | None = getattr(requirement, "punishment", None)
    if named is not None:
        return named
    allowed: tuple[Punishment, ...] = getattr(requirement, "allowed", ())
    return allowed[0] if allowed else None


@attrs.frozen
class BapReport:
    """For ``DisciplinaryCase.BapReported``: the atasan langsung who reports the BAP up, the
    official it goes to (the nearest holding authority over the punishment expected), and the
    authority rule that shows the atasan lacks it."""

    reported_by: str
    reported_to: str | None
    expected: Punishment
    rule: RuleRef


def bap_report(
    nip: Nip,
    expected: Punishment,
    *,
    official: Official,
    organisation: Organisation | None,
    on: date,
    settings: PolicySettings,
) -> BapReport:
    """Raises :class:`NotTheAtasan` unless ``official`` is the PNS's atasan langsung, and
    :class:`ReportNotNeeded` where that atasan may impose ``expected`` itself."""
    if organisation is None:
        raise InvalidValue(
            "reporting the BAP up needs the organisation (who is whose superior): open the "
            "service with one"
        )
    known = organisation.position(official.position.id)
    if known != official.position:
        raise InvalidValue(
            f"{official.name}'s position {official.position.id!r} differs from the "
            "organisation's record of it"
        )
    subject = organisation.held_by(nip)
    atasan = organisation.direct_superior(subject.id)
    if atasan is None or atasan.id != known.id:
        expected_by = "nobody" if atasan is None else f"{atasan.title} ({atasan.id})"
        raise NotTheAtasan(
            f"{official.name} ({known.title}) is not the atasan langsung of {subject.title}; "
            f"the BAP is reported up by the atasan langsung who examined: {expected_by}"
        )
    outcome = authority.who_may_punish(
        expected, subject.id, organisation, on=on, official=known.id, settings=settings
    )
    if outcome.granted:
        raise ReportNotNeeded(
            f"{known.title} may impose {expected.value} on {subject.title} itself "
            f"({outcome.rule}): the atasan decides, there is no BAP to report up"
        )
    to = next((a.position for a in outcome.authorised), None)
    return BapReport(known.id, to, expected, outcome.rule)


def bap_report_due(
    case: ExaminedCase,
    organisation: Organisation | None,
    *,
    settings: PolicySettings,
) -> DeadlineOutcome | None:
    """The latest day the atasan langsung reports the case's BAP up (``perbkn6.bap_report``);
    None where no report is due: not examined, no organisation, no position known, or the
    atasan holds authority over the punishment expected."""
    examined = case.examined_on
    if examined is None or organisation is None:
        return None
    expected = expected_punishment(case.breach, examined, settings)
    if expected is None:
        return None
    try:
        subject = organisation.held_by(case.nip)
    except NotFound:
        return None
    atasan = organisation.direct_superior(subject.id)
    if atasan is None or atasan.vacant:
        return None
    outcome = authority.who_may_punish(
        expected, subject.id, organisation, on=examined, official=atasan.id, settings=settings
    )
    if outcome.granted:
        return None
    return deadlines.deadline(DeadlineKind.BAP_REPORT, examined, settings=settings)


def ready_for_decision(case: ExaminedCase) -> date | None:
    """The day a case became ready for decision: its examination, the BAP's report up or the
    examination date of the second summons the civil servant did not attend, whichever is
    last; None when it is not ready."""
    ready = [d for d in (case.examined_on, case.bap_reported_on) if d is not None]
    if case.no_shows >= 2 and case.summonses:
        ready.append(case.summonses[-1])
    return max(ready, default=None)


def decision_due(case: ExaminedCase, *, settings: PolicySettings) -> DeadlineOutcome | None:
    """The day after which an undecided case ready for decision is flagged
    (``pp94.authorised_decision``), counted from :func:`ready_for_decision`; None when the case
    is not ready for decision."""
    ready = ready_for_decision(case)
    if ready is None:
        return None
    return deadlines.deadline(DeadlineKind.AUTHORISED_DECISION, ready, settings=settings)


# ---------------------------------------------------------------------- upaya administratif


class ObjectionCaseSoFar(Protocol):
    """A disciplinary case as it stood before an objection was filed or decided."""

    @property
    def punishment(self) -> Punishment | None: ...

    @property
    def authority(self) -> Authority | None: ...


def objection_route(
    punishment: Punishment | None, *, on: date, settings: PolicySettings
) -> RouteOutcome | None:
    """Which upaya administratif lies against ``punishment`` (None: no punishment stands)."""
    if punishment is None:
        return None
    return appeals.appeal_route(punishment, on=on, settings=settings)


def require_appealable(
    punishment: Punishment | None, *, on: date, settings: PolicySettings
) -> RouteOutcome | None:
    """:func:`objection_route`, raising :class:`NotAppealable` naming the rule where the levels
    in force close it."""
    route = objection_route(punishment, on=on, settings=settings)
    if route is not None and not route.admissible:
        raise NotAppealable(
            f"a {route.punishment.level.value} punishment is not open to keberatan under the "
            f"settings in force ({route.rule}, {route.citation}): {route.explanation}"
        )
    return route


@attrs.frozen
class ObjectionDeadlines:
    """For ``DisciplinaryCase.ObjectionFiled``: the deciding body's window, from the filing."""

    decision_deadline: DeadlineOutcome | None


def objection_filed(
    kind: str, filed_on: date, *, on: date, settings: PolicySettings
) -> ObjectionDeadlines:
    """``kind`` is the stored value of the objection's kind: ``keberatan`` or ``banding``."""
    window = (
        DeadlineKind.APPEAL_DECISION if kind == Route.BANDING.value
        else DeadlineKind.OBJECTION_DECISION
    )
    return ObjectionDeadlines(deadlines.deadline(window, filed_on, settings=settings, on=on))


@attrs.frozen
class ObjectionDecisionDeadlines:
    """For ``DisciplinaryCase.ObjectionDecided``: the earliest day the punishment that stands
    takes effect, counted from the decision on the objection (None when it was annulled)."""

    effective: DeadlineOutcome | None


def objection_decided(
    standing: Punishment | None, decided_on: date, *, on: date, settings: PolicySettings
) -> ObjectionDecisionDeadlines:
    if standing is None:
        return ObjectionDecisionDeadlines(None)
    return ObjectionDecisionDeadlines(effect_after_objection(decided_on, on=on, settings=settings))


def objection_body(
    kind: str,
    case: ObjectionCaseSoFar,
    *,
    official: Official | None,
    organisation: Organisation | None,
) -> str | None:
    """Who may decide the objection: what ``ObjectionDecided.body`` records.

    A banding administratif is decided by BPASN (``bpasn``); naming a city official is refused.
    A keberatan is decided by the superior of the official who imposed the punishment: with an
    organisation and the punishing official's position recorded, ``official`` must hold the
    position directly above it (the PPK itself where the PPK punished [unverified]); without
    them, the official's position is recorded unchecked (None without an official). Raises
    :class:`WrongAppealBody`.
    """
    if kind == Route.BANDING.value:
        if official is not None:
            raise WrongAppealBody(
                f"a banding administratif is decided by BPASN (PP 79/2021), not by "
                f"{official.name} ({official.position.title})"
            )
        return Body.BPASN.value
    punished_by = case.authority
    if organisation is None or punished_by is None:
        return None if official is None else official.position.id
    punisher = organisation.position(punished_by.official_position)
    superior = organisation.direct_superior(punisher.id) or punisher
    if official is None:
        raise WrongAppealBody(
            f"a keberatan is decided by the superior of the punishing official "
            f"({appeals.ROUTE.ref}): name the official deciding, {superior.title}"
        )
    if official.position.id != superior.id:
        raise WrongAppealBody(
            f"{official.name} ({official.position.title}) may not decide this keberatan: it is "
            f"decided by {superior.title}, the superior of {punisher.title} who imposed the "
            f"punishment ({appeals.ROUTE.ref}, {appeals.ROUTE.citation})"
        )
    return superior.id


def objection_change(
    original: Punishment, changed: Punishment, *, on: date, settings: PolicySettings
) -> ChangeOutcome:
    """How the change compares with the punishment objected to; raises
    :class:`HeavierOnAppealRefused` for a heavier one the settings in force do not allow."""
    outcome = appeals.objection_change(original, changed, on=on, settings=settings)
    if outcome.direction is Direction.HEAVIER and not outcome.allowed:
        raise HeavierOnAppealRefused(
            f"{changed.value} is heavier than {original.value}; a heavier change on objection is "
            f"not allowed under the settings in force ({outcome.rule}): {outcome.explanation}"
        )
    return outcome
