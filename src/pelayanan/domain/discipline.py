"""A disciplinary case against one civil servant, under PP 94/2021 and PerBKN 6/2022.

Due process is enforced here, not by callers: summons before any decision; a punishment only
after the examination (its BAP) or two recorded no-shows, and after a tim pemeriksa's examination
where its level requires one; a dismissal or an administrative warning also on a clarification;
one decision per case; objections only within their window; nothing after the case is closed.
A clarification is a request for an explanation, never a substitute for the examination.
"""

from __future__ import annotations

from datetime import date, datetime
from enum import Enum
from typing import Any
from uuid import UUID

import attrs
from eventsourcing.domain import Aggregate

from pelayanan.domain import order
from pelayanan.domain.base import (
    ComplianceAggregate,
    Fields,
    check_actor,
    check_business_time,
    natural_id,
)
from pelayanan.domain.errors import (
    AlreadyDecided,
    CaseClosed,
    CommandRefused,
    DecreeRequired,
    DueProcessViolation,
    ExaminationRequired,
    FilingWindowClosed,
    InvalidValue,
    NotAppealable,
    PayStopRefused,
    SendingRefused,
    TemporaryReleaseRefused,
    TimPemeriksaRequired,
    WrongAppealRoute,
)
from pelayanan.domain.organisation import Authority
from pelayanan.domain.values import (
    Actor,
    Assessment,
    Deadline,
    Impact,
    LegalBasis,
    Level,
    Nip,
    OfficeCode,
    Punishment,
    RuleGrounds,
    RuleRef,
    count,
    instance_of,
    local_date,
    optional_text,
    parse_enum,
    require_date,
    require_key,
    require_text,
    to_tuple,
)
from pelayanan.domain.values import non_empty_text as text
from pelayanan.policy import punishment as punishment_rules
from pelayanan.policy.parameters import PolicySettings
from pelayanan.privacy.sealed import Sealed


class SourceKind(Enum):
    FINDING = "finding"
    COMPLAINT = "complaint"
    ATTENDANCE_REPORT = "attendance_report"
    OTHER = "other"


class BreachKind(Enum):
    """Which obligation was breached: attendance (Pasal 4 huruf f) or another one."""

    ATTENDANCE = "attendance"
    OTHER_OBLIGATION = "other_obligation"
    PROHIBITION = "prohibition"


class Outcome(Enum):
    DISMISSED = "dismissed"
    ADMINISTRATIVE_WARNING = "administrative_warning"
    PUNISHMENT = "punishment"


class ObjectionKind(Enum):
    """PP 79/2021 upaya administratif: keberatan, or banding administratif against dismissal."""

    KEBERATAN = "keberatan"
    BANDING = "banding"


class ObjectionOutcome(Enum):
    """What the body deciding a keberatan or banding decided.

    ``CHANGED`` (stored as "changed") names a new punishment: a lighter one (reduced), or a
    heavier one where the settings allow it (``pp79.heavier_change_allowed``, flagged).
    """

    UPHELD = "upheld"
    CHANGED = "changed"
    ANNULLED = "annulled"


class DeliveryMethod(Enum):
    """How the decree reached the PNS: handed over in person, or sent to the last known address
    after the PNS did not come to receive it."""

    IN_PERSON = "in_person"
    SENT = "sent"


class ReleaseEnd(Enum):
    """Why a pembebasan sementara ended."""

    DECREE_SET = "decree_set"
    CASE_CLOSED = "case_closed"


DAYS_IN_YEAR = 366
MINUTES_IN_YEAR = DAYS_IN_YEAR * 24 * 60


def _optional_count(maximum: int) -> Any:
    """A yearly count: absent, or a whole number from 0 to what one year can hold."""
    check = count(0, maximum)

    def optional(instance: object, attribute: attrs.Attribute[int | None], value: object) -> None:
        if value is not None:
            check(instance, attribute, value)

    return optional


@attrs.frozen
class CaseSource:
    """What started the case: a sidak finding, a complaint, an attendance report."""

    kind: SourceKind = attrs.field(validator=instance_of(SourceKind))
    reference: str = attrs.field(validator=text(200))
    source_id: UUID | None = attrs.field(default=None, validator=instance_of((UUID, type(None))))


@attrs.frozen
class Breach:
    """The alleged breach, with the facts the rules need."""

    kind: BreachKind = attrs.field(validator=instance_of(BreachKind))
    description: str = attrs.field(validator=text(4000))
    days_absent: int | None = attrs.field(default=None, validator=_optional_count(DAYS_IN_YEAR))
    consecutive_days: int | None = attrs.field(
        default=None, validator=_optional_count(DAYS_IN_YEAR)
    )
    late_minutes: int | None = attrs.field(default=None, validator=_optional_count(MINUTES_IN_YEAR))
    impact: Impact | None = attrs.field(default=None, validator=instance_of((Impact, type(None))))

    def required(
        self, on: date, settings: PolicySettings
    ) -> punishment_rules.PunishmentOutcome | punishment_rules.LevelOutcome | None:
        """What the rules in force on ``on`` require for this breach; None when they are silent.

        Attendance breaches go by the PP 94/2021 attendance ladder; other breaches by their
        impact (unit kerja, instansi, negara).
        """
        if self.kind is BreachKind.ATTENDANCE:
            return punishment_rules.attendance(
                self.days_absent or 0,
                consecutive_days=self.consecutive_days or 0,
                late_minutes=self.late_minutes or 0,
                on=on,
                settings=settings,
            )
        if self.impact is not None:
            return punishment_rules.impact_level(self.impact, on, settings=settings)
        return None


@attrs.frozen
class Decision:
    """The authorised official's decision, with what the rule required and the comparison."""

    outcome: Outcome = attrs.field(validator=instance_of(Outcome))
    reason: str = attrs.field(validator=text(4000))
    decided_by: Actor = attrs.field(validator=instance_of(Actor))
    punishment: Punishment | None = attrs.field(
        default=None, validator=instance_of((Punishment, type(None)))
    )
    legal_basis: LegalBasis | None = attrs.field(
        default=None, validator=instance_of((LegalBasis, type(None)))
    )
    rule: RuleRef | None = attrs.field(default=None, validator=instance_of((RuleRef, type(None))))
    required: Punishment | None = attrs.field(
        default=None, validator=instance_of((Punishment, type(None)))
    )
    assessment: Assessment | None = attrs.field(
        default=None, validator=instance_of((Assessment, type(None)))
    )
    decree: str | None = attrs.field(default=None, validator=optional_text(200))
    def __attrs_post_init__(self) -> None:
        if self.outcome is Outcome.PUNISHMENT:
            if self.punishment is None or self.legal_basis is None:
                raise InvalidValue("a punishment decision names the punishment and its legal basis")
        elif self.punishment is not None:
            raise InvalidValue(f"a {self.outcome.value} decision carries no punishment")

    @property
    def level(self) -> Level | None:
        return None if self.punishment is None else self.punishment.level

    @property
    def flagged(self) -> bool:
        """Lighter than the rule requires: the deciding official is liable (PP 94/2021)."""
        return self.assessment is Assessment.LIGHTER


def _copies(instance: object, attribute: attrs.Attribute[tuple[str, ...]], value: object) -> None:
    if not isinstance(value, tuple):
        raise InvalidValue(f"copies_to must be a sequence of recipients, got {value!r}")
    for recipient in value:
        require_text("a copy's recipient", recipient, 200)


@attrs.frozen
class Decree:
    """The decree (surat keputusan) setting a punishment: its number, the day it was set, who set
    it, the authority recorded for the decision, and to whom copies (tembusan) go."""

    number: str = attrs.field(validator=text(200))
    set_on: date = attrs.field(validator=instance_of(date))
    set_by: Actor = attrs.field(validator=instance_of(Actor))
    copies_to: tuple[str, ...] = attrs.field(default=(), converter=to_tuple, validator=_copies)
    authority: Authority | None = attrs.field(
        default=None, validator=instance_of((Authority, type(None)))
    )


def case_id(nip: Nip, case_number: str) -> UUID:
    """Aggregate id: uuid5 of the civil servant's NIP and the case number."""
    return natural_id("case", nip.value, case_number)


class DisciplinaryCase(ComplianceAggregate):
    kind = "case"

    class Opened(ComplianceAggregate.Created):
        case_number: str
        nip: Nip
        name: str
        office_id: UUID | None
        office_code: OfficeCode | None
        source: CaseSource
        breach: Breach

    class ClarificationRequested(ComplianceAggregate.Event):
        """A written summons (panggilan) naming the examination date."""

        summons: int
        letter_date: date
        examination_date: date
        deadline: Deadline | None
        letter_deadline: Deadline | None = None

        def apply(self, case: DisciplinaryCase) -> None:
            case.summonses.append(self.examination_date)
            case.letter_dated = self.letter_date
            case.no_show_pending = False

    class ClarificationReceived(ComplianceAggregate.Event):
        """The civil servant's clarification, answering summons number ``summons``.

        Version 2 added ``summons``: an auditor sees whether the statement came on the first
        summons or only on the second. Version 1 events did not record it: upcast to None.
        """

        class_version = 2

        # Personal data: sealed with the civil servant's key for this case when the service has
        # a vault, so it can be erased without touching the record that a clarification came.
        statement: str | Sealed
        summons: int | None = None

        @staticmethod
        def upcast_v1_v2(state: dict[str, Any]) -> None:
            state["summons"] = None

        def apply(self, case: DisciplinaryCase) -> None:
            case.clarified = True

    class NoShowRecorded(ComplianceAggregate.Event):
        summons: int

        def apply(self, case: DisciplinaryCase) -> None:
            case.no_shows += 1
            case.no_show_pending = True

    class ExaminationRecorded(ComplianceAggregate.Event):
        """The closed examination; its result is a berita acara pemeriksaan (BAP)."""

        bap_reference: str
        signed_by_subject: bool
        examiners: str

        def apply(self, case: DisciplinaryCase) -> None:
            case.examined = True
            case.examined_by_tim = case.tim_decree is not None
            case.examined_on = local_date(self.occurred_at)

    class TimPemeriksaFormed(ComplianceAggregate.Event):
        """A tim pemeriksa formed by decree of the PPK or an official it appointed."""

        decree: str
        members: str

        def apply(self, case: DisciplinaryCase) -> None:
            case.tim_decree = self.decree

    class StatementRecorded(ComplianceAggregate.Event):
        """A statement taken from another party (a witness, the complainant): who, by role, and
        where the statement is kept; its text stays in that document."""

        given_by: str
        reference: str

    class BapCopyGiven(ComplianceAggregate.Event):
        """The PNS received a copy of the BAP."""

        given_on: date

        def apply(self, case: DisciplinaryCase) -> None:
            case.bap_copy_given_on = self.given_on

    class BapReported(ComplianceAggregate.Event):
        """The atasan langsung who examined, lacking authority over the punishment expected,
        reported the BAP up the hierarchy: positions by id, and the authority rule that showed
        the atasan lacks it."""

        reported_by: str
        reported_to: str | None
        expected: Punishment
        rule: RuleRef

        def apply(self, case: DisciplinaryCase) -> None:
            case.bap_reported_on = local_date(self.occurred_at)

    class AuthorityRecorded(ComplianceAggregate.Event):
        """Which rule gave the deciding official authority: recorded with the decision it
        precedes, where authority was checked (a service with an organisation)."""

        authority: Authority

        def apply(self, case: DisciplinaryCase) -> None:
            case.authority = self.authority

    class Decided(ComplianceAggregate.Event):
        decision: Decision
        without_examination: bool

        def apply(self, case: DisciplinaryCase) -> None:
            case.decision = self.decision
            case.decided_on = local_date(self.occurred_at)
            case.standing = self.decision.punishment

    class DecisionDelivered(ComplianceAggregate.Event):
        """The PNS received the decree on ``delivered_on``, from which the objection window and
        the day it takes effect count.

        Version 2 added ``method`` (in person, or sent to the last known address, then
        ``delivered_on`` is the day it was received and lateness is judged on the day it was
        sent). Version 1 events did not record it: upcast to None.
        """

        class_version = 2

        delivered_on: date
        delivery_deadline: Deadline | None
        late: bool
        objection_deadline: Deadline | None
        effective: Deadline | None
        method: DeliveryMethod | None = None

        @staticmethod
        def upcast_v1_v2(state: dict[str, Any]) -> None:
            state["method"] = None

        def apply(self, case: DisciplinaryCase) -> None:
            case.delivered_on = self.delivered_on
            case.objection_deadline = self.objection_deadline
            case.effective = self.effective

    class TemporarilyReleased(ComplianceAggregate.Event):
        """Pembebasan sementara: the atasan frees the PNS from duties from ``released_from``
        until the decree; ``acting_official`` (the Plh) takes the post, and the PNS keeps their
        rights. ``grounds``: the rule that allowed it for the level of punishment expected."""

        released_from: date
        acting_official: str
        rights_kept: bool
        expected_level: Level
        grounds: RuleGrounds

        def apply(self, case: DisciplinaryCase) -> None:
            case.released_from = self.released_from
            case.acting_official = self.acting_official

    class TemporaryReleaseEnded(ComplianceAggregate.Event):
        """The pembebasan sementara ended: the decree was set, or the case closed without one."""

        ended_on: date
        because: ReleaseEnd

        def apply(self, case: DisciplinaryCase) -> None:
            case.released_from = None
            case.acting_official = None

    class PayStopped(ComplianceAggregate.Event):
        """The budget holder stopped the PNS's pay from ``stops_from`` (the month after the
        order) on a run of ``consecutive_days`` working days absent; ``grounds``: the rule."""

        ordered_on: date
        stops_from: date
        consecutive_days: int
        grounds: RuleGrounds

        def apply(self, case: DisciplinaryCase) -> None:
            case.pay_stopped_from = self.stops_from

    class PayReinstated(ComplianceAggregate.Event):
        """Pay stopped before the decree is reinstated: the PNS returned on ``returned_on``."""

        returned_on: date
        grounds: RuleGrounds

        def apply(self, case: DisciplinaryCase) -> None:
            case.pay_stopped_from = None

    class DecreeSet(ComplianceAggregate.Event):
        """The decree setting the punishment decided: number, date, who set it, copies."""

        decree: Decree

        def apply(self, case: DisciplinaryCase) -> None:
            case.decree = self.decree

    class DecreeReceiptSummoned(ComplianceAggregate.Event):
        """The PNS is summoned in writing to receive the decree on ``receive_on``."""

        letter_date: date
        receive_on: date

        def apply(self, case: DisciplinaryCase) -> None:
            case.receipt_summoned_for = self.receive_on

    class DecreeSent(ComplianceAggregate.Event):
        """The PNS did not come to receive the decree: it was sent to the last known address on
        ``sent_on``; ``dispatch_reference`` names the dispatch record (the address itself is
        not recorded here)."""

        sent_on: date
        dispatch_reference: str

        def apply(self, case: DisciplinaryCase) -> None:
            case.decree_sent_on = self.sent_on

    class ObjectionFiled(ComplianceAggregate.Event):
        """A keberatan or banding administratif, filed within its window.

        Version 2 added ``decision_deadline``, the deciding body's window (from the filing);
        version 1 events did not record it: upcast to None.
        """

        class_version = 2

        objection: ObjectionKind
        filed_on: date
        grounds: str
        decision_deadline: Deadline | None = None

        @staticmethod
        def upcast_v1_v2(state: dict[str, Any]) -> None:
            state["decision_deadline"] = None

        def apply(self, case: DisciplinaryCase) -> None:
            case.objection = self.objection
            case.objection_pending = True
            case.objection_filed_on = self.filed_on
            case.objection_decision_deadline = self.decision_deadline

    class ObjectionDecided(ComplianceAggregate.Event):
        """The deciding body's decision on the objection or appeal.

        Version 2 added who decided (``body``: the superior's position id, ``bpasn``, or None
        where no organisation was known), whether it decided after its window (``late``), the
        earliest day the punishment that stands takes effect (``effective``, counted from this
        decision), and the day a punishment already in effect stops (``stops_on``, when it is
        annulled or changed). Version 1 events did not record them: upcast to None / False.
        """

        class_version = 2

        outcome: ObjectionOutcome
        punishment: Punishment | None
        reason: str
        body: str | None = None
        late: bool = False
        effective: Deadline | None = None
        stops_on: date | None = None

        @staticmethod
        def upcast_v1_v2(state: dict[str, Any]) -> None:
            state.update(body=None, late=False, effective=None, stops_on=None)

        def apply(self, case: DisciplinaryCase) -> None:
            case.objection_pending = False
            case.objection_decided_on = local_date(self.occurred_at)
            if self.outcome is not ObjectionOutcome.UPHELD:
                case.standing = self.punishment
            if self.effective is not None:
                case.effective_after_objection = self.effective
            if self.stops_on is not None:
                # The punishment in effect stops; a changed one takes effect anew.
                case.stopped_on = self.stops_on
                case.in_effect_from = None
                case.in_effect_until = None

    class PunishmentTookEffect(ComplianceAggregate.Event):
        effective_from: date
        until: date | None

        def apply(self, case: DisciplinaryCase) -> None:
            case.in_effect_from = self.effective_from
            case.in_effect_until = self.until

    class PunishmentCompleted(ComplianceAggregate.Event):
        completed_on: date

        def apply(self, case: DisciplinaryCase) -> None:
            case.completed_on = self.completed_on

    class Closed(ComplianceAggregate.Event):
        reason: str

        def apply(self, case: DisciplinaryCase) -> None:
            case.closed = True

    # The latest summons letter's date; a class default for snapshots taken before it was kept.
    letter_dated: date | None = None

    def __init__(
        self,
        case_number: str,
        nip: Nip,
        name: str,
        office_id: UUID | None,
        office_code: OfficeCode | None,
        source: CaseSource,
        breach: Breach,
        occurred_at: datetime,
    ) -> None:
        self.case_number = case_number
        self.nip = nip
        self.name = name
        self.office_id = office_id
        self.office_code = office_code
        self.source = source
        self.breach = breach
        self.opened_at = occurred_at
        self.summonses: list[date] = []
        self.no_shows = 0
        self.no_show_pending = False
        self.clarified = False
        self.examined = False
        self.decision: Decision | None = None
        self.decided_on: date | None = None
        self.delivered_on: date | None = None
        self.objection_deadline: Deadline | None = None
        self.effective: Deadline | None = None
        self.objection: ObjectionKind | None = None
        self.objection_pending = False
        self.standing: Punishment | None = None
        self.in_effect_from: date | None = None
        self.in_effect_until: date | None = None
        self.completed_on: date | None = None
        self.closed = False

    # Class defaults: snapshots taken before these were kept still load.
    tim_decree: str | None = None
    examined_by_tim = False
    bap_copy_given_on: date | None = None
    examined_on: date | None = None
    authority: Authority | None = None
    released_from: date | None = None
    acting_official: str | None = None
    pay_stopped_from: date | None = None
    decree: Decree | None = None
    receipt_summoned_for: date | None = None
    decree_sent_on: date | None = None
    bap_reported_on: date | None = None
    objection_filed_on: date | None = None
    objection_decision_deadline: Deadline | None = None
    objection_decided_on: date | None = None
    effective_after_objection: Deadline | None = None
    stopped_on: date | None = None

    # ----------------------------------------------------------------- commands

    @classmethod
    def open(
        cls,
        *,
        case_number: str,
        nip: Nip,
        name: str,
        source: CaseSource,
        breach: Breach,
        occurred_at: datetime,
        actor: Actor,
        office_id: UUID | None = None,
        office_code: OfficeCode | None = None,
        recorded_at: datetime | None = None,
    ) -> DisciplinaryCase:
        require_key("case_number", case_number)
        if not isinstance(nip, Nip):
            raise InvalidValue(f"nip must be a Nip, got {nip!r}")
        require_text("name", name, 200)
        if not isinstance(source, CaseSource):
            raise InvalidValue(f"source must be a CaseSource, got {source!r}")
        if not isinstance(breach, Breach):
            raise InvalidValue(f"breach must be a Breach, got {breach!r}")
        if office_code is not None and not isinstance(office_code, OfficeCode):
            raise InvalidValue(f"office_code must be an OfficeCode, got {office_code!r}")
        check_actor(actor)
        check_business_time(occurred_at, recorded_at)
        return cls._create(
            cls.Opened,
            id=case_id(nip, case_number),
            timestamp=recorded_at,
            case_number=case_number,
            nip=nip,
            name=name,
            office_id=office_id,
            office_code=office_code,
            source=source,
            breach=breach,
            occurred_at=occurred_at,
            actor=actor,
        )

    # ----------------------------------------------------------------- the order of time

    def dated_problems(
        self,
        event_class: type[Aggregate.Event],
        occurred_at: datetime,
        recorded_at: datetime | None,
        fields: Fields,
    ) -> list[str | None]:
        """The dates a case's events state, against the facts they follow.

        Dates stated as facts (a letter's date, a delivery, an objection's filing, a completion)
        are not after the day they are recorded; the dates a summons or a decree schedules (the
        examination date, the start and end of a punishment) may lie ahead, within the deadlines
        the rules set.
        """
        day = local_date(occurred_at)
        if event_class is self.ClarificationRequested:
            letter, exam = fields["letter_date"], fields["examination_date"]
            previous_exam = self.summonses[-1] if self.summonses else None
            return [
                order.dated_before("letter_date", letter, "the case was opened", self.opened_on),
                order.dated_after_recording("letter_date", letter, recorded_at),
                order.dated_before(
                    "letter_date", letter, "the examination date it follows", previous_exam
                ),
                order.dated_before("examination_date", exam, "the summons letter", letter),
            ]
        if event_class in (self.ClarificationReceived, self.ExaminationRecorded):
            what = "the clarification" if event_class is self.ClarificationReceived else "the BAP"
            return [order.dated_before(what, day, "the summons letter", self.letter_dated)]
        if event_class is self.StatementRecorded:
            return [order.dated_before("the statement", day, "the summons letter",
                                       self.letter_dated)]
        if event_class is self.BapCopyGiven:
            given = fields["given_on"]
            return [
                order.dated_before("given_on", given, "the examination", self.examined_on),
                order.dated_after_recording("given_on", given, recorded_at),
            ]
        if event_class is self.BapReported:
            return [order.dated_before("the BAP's report up", day, "the examination",
                                       self.examined_on)]
        if event_class is self.NoShowRecorded:
            exam = self.summonses[-1] if self.summonses else None
            return [order.dated_before("a no-show", day, "the examination date", exam)]
        if event_class is self.DecisionDelivered:
            delivered = fields["delivered_on"]
            set_on = None if self.decree is None else self.decree.set_on
            return [
                order.dated_before("delivered_on", delivered, "the decision", self.decided_on),
                order.dated_before("delivered_on", delivered, "the decree", set_on),
                order.dated_before("delivered_on", delivered, "its sending", self.decree_sent_on),
                order.dated_after_recording("delivered_on", delivered, recorded_at),
            ]
        if event_class is self.TemporarilyReleased:
            return [order.dated_before("released_from", fields["released_from"],
                                       "the case was opened", self.opened_on)]
        if event_class is self.PayStopped:
            ordered = fields["ordered_on"]
            return [
                order.dated_before("ordered_on", ordered, "the case was opened", self.opened_on),
                order.dated_after_recording("ordered_on", ordered, recorded_at),
            ]
        if event_class is self.PayReinstated:
            back = fields["returned_on"]
            return [order.dated_after_recording("returned_on", back, recorded_at)]
        if event_class is self.DecreeSet:
            set_on = fields["decree"].set_on
            return [
                order.dated_before("set_on", set_on, "the decision", self.decided_on),
                order.dated_after_recording("set_on", set_on, recorded_at),
            ]
        if event_class is self.DecreeReceiptSummoned:
            letter, receive = fields["letter_date"], fields["receive_on"]
            set_on = None if self.decree is None else self.decree.set_on
            return [
                order.dated_before("letter_date", letter, "the decree", set_on),
                order.dated_after_recording("letter_date", letter, recorded_at),
                order.dated_before("receive_on", receive, "the summons letter", letter),
            ]
        if event_class is self.DecreeSent:
            sent = fields["sent_on"]
            return [order.dated_after_recording("sent_on", sent, recorded_at)]
        if event_class is self.ObjectionFiled:
            filed = fields["filed_on"]
            return [
                order.dated_before("filed_on", filed, "the delivery", self.delivered_on),
                order.dated_after_recording("filed_on", filed, recorded_at),
            ]
        if event_class is self.ObjectionDecided:
            return [
                order.dated_before("the objection decision", day, "its filing",
                                   self.objection_filed_on),
            ]
        if event_class is self.PunishmentTookEffect:
            start = fields["effective_from"]
            return [order.dated_before("effective_from", start, "the delivery", self.delivered_on)]
        if event_class is self.PunishmentCompleted:
            done = fields["completed_on"]
            return [
                order.dated_before("completed_on", done, "its taking effect", self.in_effect_from),
                order.dated_after_recording("completed_on", done, recorded_at),
            ]
        return []

    @property
    def opened_on(self) -> date:
        return local_date(self.opened_at)

    def _active(self) -> None:
        if self.closed:
            raise CaseClosed(f"case {self.case_number} ({self.nip}) is closed")

    def _undecided(self) -> None:
        self._active()
        if self.decision is not None:
            raise AlreadyDecided(
                f"case {self.case_number} was decided on {self.decided_on}; "
                "a case gets exactly one decision (changes go through an objection)"
            )

    def request_clarification(
        self,
        *,
        letter_date: date,
        examination_date: date,
        occurred_at: datetime,
        actor: Actor,
        deadline: Deadline | None = None,
        letter_deadline: Deadline | None = None,
        recorded_at: datetime | None = None,
    ) -> int:
        """Summon the civil servant in writing. Returns the summons number (1 or 2).

        ``deadline`` is the latest examination date the procedure rule allows (7 working days
        after the letter); ``letter_deadline``, for a second summons, the latest date of its
        letter (7 working days after the first examination date). Later dates are refused.
        """
        self._undecided()
        require_date("letter_date", letter_date)
        require_date("examination_date", examination_date)
        number = len(self.summonses) + 1
        if number == 2 and not self.no_show_pending:
            raise DueProcessViolation(
                "a second summons follows only a recorded no-show on the first one"
            )
        if number > 2:
            raise DueProcessViolation(
                "two summonses were sent; after a second no-show the official decides on the "
                "evidence available, without examination"
            )
        if deadline is not None:
            if not isinstance(deadline, Deadline):
                raise InvalidValue("deadline must be a Deadline")
            if examination_date > deadline.due:
                raise DueProcessViolation(
                    f"the examination date {examination_date} is later than {deadline.due}, "
                    f"the latest the rule allows ({deadline.rule}: {deadline.basis})"
                )
        if letter_deadline is not None:
            if not isinstance(letter_deadline, Deadline):
                raise InvalidValue("letter_deadline must be a Deadline")
            if letter_date > letter_deadline.due:
                raise DueProcessViolation(
                    f"the second summons is dated {letter_date}, later than "
                    f"{letter_deadline.due}, the latest the rule allows "
                    f"({letter_deadline.rule}: {letter_deadline.basis})"
                )
        self._record(
            self.ClarificationRequested,
            summons=number,
            letter_date=letter_date,
            examination_date=examination_date,
            deadline=deadline,
            letter_deadline=letter_deadline,
            occurred_at=occurred_at,
            actor=actor,
            recorded_at=recorded_at,
        )
        return number

    def require_summons(self, doing: str) -> None:
        """Raise :class:`DueProcessViolation` unless the case is undecided and the civil servant
        was summoned: what receiving a clarification, a no-show or an examination needs."""
        self._undecided()
        if not self.summonses:
            raise DueProcessViolation(f"cannot {doing} before a clarification is requested")

    def receive_clarification(
        self,
        *,
        statement: str | Sealed,
        occurred_at: datetime,
        actor: Actor,
        recorded_at: datetime | None = None,
    ) -> None:
        self.require_summons("receive a clarification")
        if not isinstance(statement, Sealed):  # a sealed one was checked before sealing
            require_text("statement", statement, 20000)
        self._record(
            self.ClarificationReceived,
            statement=statement,
            summons=len(self.summonses),
            occurred_at=occurred_at,
            actor=actor,
            recorded_at=recorded_at,
        )

    def record_no_show(
        self, *, occurred_at: datetime, actor: Actor, recorded_at: datetime | None = None
    ) -> None:
        self.require_summons("record a no-show")
        if self.no_show_pending:
            raise DueProcessViolation("the no-show on this summons is already recorded")
        if self.examined:
            # Someone who was examined did appear: a later no-show would contradict the BAP and
            # open the way to a second summons the procedure does not allow.
            raise DueProcessViolation("the civil servant was examined; a no-show cannot follow")
        self._record(
            self.NoShowRecorded,
            summons=len(self.summonses),
            occurred_at=occurred_at,
            actor=actor,
            recorded_at=recorded_at,
        )

    def record_examination(
        self,
        *,
        bap_reference: str,
        signed_by_subject: bool,
        examiners: str,
        occurred_at: datetime,
        actor: Actor,
        recorded_at: datetime | None = None,
    ) -> None:
        """Record the examination and its BAP. A refusal to sign does not stop the case."""
        self.require_summons("examine")
        if self.no_show_pending:
            raise DueProcessViolation(
                "the civil servant did not appear; send a second summons or decide without "
                "examination after a second no-show"
            )
        require_text("bap_reference", bap_reference, 200)
        require_text("examiners", examiners, 2000)
        if not isinstance(signed_by_subject, bool):
            raise InvalidValue("signed_by_subject must be True or False")
        self._record(
            self.ExaminationRecorded,
            bap_reference=bap_reference,
            signed_by_subject=signed_by_subject,
            examiners=examiners,
            occurred_at=occurred_at,
            actor=actor,
            recorded_at=recorded_at,
        )

    def form_tim_pemeriksa(
        self,
        *,
        decree: str,
        members: str,
        occurred_at: datetime,
        actor: Actor,
        recorded_at: datetime | None = None,
    ) -> None:
        """Record the decree forming a tim pemeriksa; examinations from now on are the tim's (one
        recorded before it was formed is the atasan's alone)."""
        self._undecided()
        if self.tim_decree is not None:
            raise CommandRefused(f"a tim pemeriksa was formed by {self.tim_decree}")
        require_text("decree", decree, 200)
        require_text("members", members, 2000)
        self._record(
            self.TimPemeriksaFormed,
            decree=decree,
            members=members,
            occurred_at=occurred_at,
            actor=actor,
            recorded_at=recorded_at,
        )

    def record_statement(
        self,
        *,
        given_by: str,
        reference: str,
        occurred_at: datetime,
        actor: Actor,
        recorded_at: datetime | None = None,
    ) -> None:
        """Record that a statement was taken from another party, and where it is kept."""
        self.require_summons("take a statement")
        require_text("given_by", given_by, 200)
        require_text("reference", reference, 200)
        self._record(
            self.StatementRecorded,
            given_by=given_by,
            reference=reference,
            occurred_at=occurred_at,
            actor=actor,
            recorded_at=recorded_at,
        )

    def give_bap_copy(
        self,
        *,
        given_on: date,
        occurred_at: datetime,
        actor: Actor,
        recorded_at: datetime | None = None,
    ) -> None:
        """The PNS receives a copy of the BAP (signed or not)."""
        self._active()
        if not self.examined:
            raise DueProcessViolation("there is no BAP before the examination")
        if self.bap_copy_given_on is not None:
            raise CommandRefused(f"the BAP copy was given on {self.bap_copy_given_on}")
        require_date("given_on", given_on)
        self._record(
            self.BapCopyGiven,
            given_on=given_on,
            occurred_at=occurred_at,
            actor=actor,
            recorded_at=recorded_at,
        )

    def report_bap(
        self,
        *,
        reported_by: str,
        reported_to: str | None,
        expected: Punishment,
        rule: RuleRef,
        occurred_at: datetime,
        actor: Actor,
        recorded_at: datetime | None = None,
    ) -> None:
        """The atasan langsung reports the BAP up: once, after the examination, before the
        decision. Whether the atasan must (and is the one to) is the service's question, asked
        of ``policy.procedure.bap_report``."""
        self._undecided()
        if not self.examined:
            raise DueProcessViolation("there is no BAP to report up before the examination")
        if self.bap_reported_on is not None:
            raise CommandRefused(f"the BAP was reported up on {self.bap_reported_on}")
        require_text("reported_by", reported_by, 100)
        if reported_to is not None:
            require_text("reported_to", reported_to, 100)
        if not isinstance(expected, Punishment):
            raise InvalidValue(f"expected must be a Punishment, got {expected!r}")
        if not isinstance(rule, RuleRef):
            raise InvalidValue(f"rule must be a RuleRef, got {rule!r}")
        self._record(
            self.BapReported,
            reported_by=reported_by,
            reported_to=reported_to,
            expected=expected,
            rule=rule,
            occurred_at=occurred_at,
            actor=actor,
            recorded_at=recorded_at,
        )

    @property
    def may_decide(self) -> bool:
        """May any decision be recorded: a dismissal or a warning after a clarification too."""
        return bool(self.summonses) and (self.clarified or self.examined or self.no_shows >= 2)

    @property
    def may_punish(self) -> bool:
        """May a punishment be decided: after the examination, or on the evidence after two
        no-shows. A clarification alone is not enough."""
        return bool(self.summonses) and (self.examined or self.no_shows >= 2)

    def decide(
        self,
        decision: Decision,
        *,
        occurred_at: datetime,
        actor: Actor,
        tim_required: bool = False,
        authority: Authority | None = None,
        recorded_at: datetime | None = None,
    ) -> None:
        """Record the decision. One lighter than the rule requires is recorded, and flagged.

        ``tim_required`` says the punishment's level needs a tim pemeriksa's examination
        (``perbkn6.examination``); a decision on the evidence after two no-shows needs none.
        ``authority``: the grant that gave the deciding official authority, recorded first.
        """
        self._undecided()
        if not isinstance(decision, Decision):
            raise InvalidValue(f"decision must be a Decision, got {decision!r}")
        if not self.may_decide:
            raise DueProcessViolation(
                "no decision before a clarification request and then a clarification, an "
                "examination, or two recorded no-shows"
            )
        if decision.outcome is Outcome.PUNISHMENT:
            if not self.may_punish:
                raise ExaminationRequired(
                    f"case {self.case_number}: a punishment is decided after the examination "
                    "(its BAP) or two recorded no-shows; a clarification is a request for an "
                    "explanation, not an examination"
                )
            if tim_required and self.examined and not self.examined_by_tim:
                level = decision.level.value if decision.level else "this"
                raise TimPemeriksaRequired(
                    f"case {self.case_number}: a {level} punishment needs an examination by a "
                    "tim pemeriksa (perbkn6.examination); form one and examine again"
                )
        if authority is not None:
            if not isinstance(authority, Authority):
                raise InvalidValue(f"authority must be an Authority, got {authority!r}")
            self._record(
                self.AuthorityRecorded,
                authority=authority,
                occurred_at=occurred_at,
                actor=actor,
                recorded_at=recorded_at,
            )
        self._record(
            self.Decided,
            decision=decision,
            without_examination=not self.examined,
            occurred_at=occurred_at,
            actor=actor,
            recorded_at=recorded_at,
        )

    # ----------------------------------------------------------------- interim measures

    def examination_begun(self, on: date) -> bool:
        """Has the examination begun by ``on``: recorded, or the first summons's examination
        date come."""
        return self.examined or (bool(self.summonses) and on >= self.summonses[0])

    def release_temporarily(
        self,
        *,
        released_from: date,
        acting_official: str,
        expected_level: Level | None,
        allowed: bool,
        grounds: RuleGrounds,
        occurred_at: datetime,
        actor: Actor,
        recorded_at: datetime | None = None,
    ) -> None:
        """Pembebasan sementara: free the PNS from duties from ``released_from`` until the
        decree, with ``acting_official`` (the Plh) in the post; the PNS keeps their rights.

        ``allowed`` says whether ``pp94.temporary_release`` allows it for the level expected
        (``grounds``); refused too before the examination has begun.
        """
        self._undecided()
        if self.released_from is not None:
            raise CommandRefused(
                f"the PNS is freed from duties since {self.released_from} (Plh: "
                f"{self.acting_official})"
            )
        require_date("released_from", released_from)
        require_text("acting_official", acting_official, 200)
        if not isinstance(grounds, RuleGrounds):
            raise InvalidValue(f"grounds must be RuleGrounds, got {grounds!r}")
        if not allowed or expected_level is None:
            expected = "not named by the rules" if expected_level is None else (
                expected_level.value
            )
            raise TemporaryReleaseRefused(
                f"case {self.case_number}: a pembebasan sementara is for a PNS likely to get a "
                f"punishment of a level the rule allows ({grounds.rule}: {grounds.citation}); "
                f"the punishment expected is {expected}"
            )
        if not self.examination_begun(released_from):
            first = self.summonses[0] if self.summonses else None
            when = f"its date is {first}" if first else "no summons names its date"
            raise TemporaryReleaseRefused(
                f"case {self.case_number}: a pembebasan sementara runs from the examination, "
                f"which has not begun by {released_from} ({when})"
            )
        self._record(
            self.TemporarilyReleased,
            released_from=released_from,
            acting_official=acting_official,
            rights_kept=True,
            expected_level=expected_level,
            grounds=grounds,
            occurred_at=occurred_at,
            actor=actor,
            recorded_at=recorded_at,
        )

    def _end_release(
        self, ended_on: date, because: ReleaseEnd, occurred_at: datetime, actor: Actor,
        recorded_at: datetime | None,
    ) -> None:
        if self.released_from is not None:
            self._record(
                self.TemporaryReleaseEnded,
                ended_on=ended_on,
                because=because,
                occurred_at=occurred_at,
                actor=actor,
                recorded_at=recorded_at,
            )

    def stop_pay(
        self,
        *,
        ordered_on: date,
        stops_from: date,
        threshold: int,
        grounds: RuleGrounds,
        occurred_at: datetime,
        actor: Actor,
        recorded_at: datetime | None = None,
    ) -> None:
        """The budget holder stops pay before the decree, on the run of consecutive working days
        absent the case records; refused where it is under ``threshold`` (``grounds``' rule)."""
        self._active()
        if self.decree is not None:
            raise PayStopRefused(
                f"case {self.case_number}: the decree {self.decree.number} was set on "
                f"{self.decree.set_on}; the budget holder's stop comes before the decree"
            )
        if self.pay_stopped_from is not None:
            raise PayStopRefused(f"pay is already stopped from {self.pay_stopped_from}")
        require_date("ordered_on", ordered_on)
        require_date("stops_from", stops_from)
        if not isinstance(grounds, RuleGrounds):
            raise InvalidValue(f"grounds must be RuleGrounds, got {grounds!r}")
        run = self.breach.consecutive_days or 0
        if run < threshold:
            raise PayStopRefused(
                f"case {self.case_number}: pay stops after {threshold} consecutive working days "
                f"absent ({grounds.rule}: {grounds.citation}); the case records {run}"
            )
        self._record(
            self.PayStopped,
            ordered_on=ordered_on,
            stops_from=stops_from,
            consecutive_days=run,
            grounds=grounds,
            occurred_at=occurred_at,
            actor=actor,
            recorded_at=recorded_at,
        )

    def reinstate_pay(
        self,
        *,
        returned_on: date,
        grounds: RuleGrounds,
        occurred_at: datetime,
        actor: Actor,
        recorded_at: datetime | None = None,
    ) -> None:
        """Pay stopped before the decree is reinstated: the PNS returned on ``returned_on``."""
        self._active()
        if self.pay_stopped_from is None:
            raise PayStopRefused(f"case {self.case_number}: pay is not stopped; nothing to "
                                 "reinstate")
        require_date("returned_on", returned_on)
        if not isinstance(grounds, RuleGrounds):
            raise InvalidValue(f"grounds must be RuleGrounds, got {grounds!r}")
        self._record(
            self.PayReinstated,
            returned_on=returned_on,
            grounds=grounds,
            occurred_at=occurred_at,
            actor=actor,
            recorded_at=recorded_at,
        )

    # ----------------------------------------------------------------- the decree's life

    def set_decree(
        self,
        *,
        number: str,
        set_on: date,
        set_by: Actor,
        occurred_at: datetime,
        actor: Actor,
        copies_to: tuple[str, ...] | list[str] = (),
        recorded_at: datetime | None = None,
    ) -> None:
        """Record the decree setting the punishment decided, with the authority recorded for the
        decision; a pembebasan sementara ends with it."""
        self._active()
        if self.decision is None or self.decision.outcome is not Outcome.PUNISHMENT:
            raise DueProcessViolation(
                f"case {self.case_number}: a decree sets a decided punishment, and none is decided"
            )
        if self.decree is not None:
            raise CommandRefused(
                f"the decree {self.decree.number} was set on {self.decree.set_on}"
            )
        if self.delivered_on is not None:
            raise DueProcessViolation(
                f"the decision was delivered on {self.delivered_on}; its decree is recorded "
                "before it is delivered"
            )
        require_date("set_on", set_on)
        decree = Decree(number, set_on, set_by, copies_to, self.authority)
        self._record(
            self.DecreeSet,
            decree=decree,
            occurred_at=occurred_at,
            actor=actor,
            recorded_at=recorded_at,
        )
        self._end_release(set_on, ReleaseEnd.DECREE_SET, occurred_at, actor, recorded_at)

    def _undelivered_decree(self, doing: str) -> None:
        self._active()
        if self.delivered_on is not None:
            raise CommandRefused(f"the decree was delivered on {self.delivered_on}")
        if self.decree is None:
            raise DecreeRequired(
                f"case {self.case_number}: cannot {doing} before the decree is set (set_decree)"
            )

    def summon_to_receive(
        self,
        *,
        letter_date: date,
        receive_on: date,
        occurred_at: datetime,
        actor: Actor,
        recorded_at: datetime | None = None,
    ) -> None:
        """Summon the PNS in writing to receive the decree on ``receive_on``."""
        self._undelivered_decree("summon the PNS to receive the decree")
        require_date("letter_date", letter_date)
        require_date("receive_on", receive_on)
        self._record(
            self.DecreeReceiptSummoned,
            letter_date=letter_date,
            receive_on=receive_on,
            occurred_at=occurred_at,
            actor=actor,
            recorded_at=recorded_at,
        )

    def send_decree(
        self,
        *,
        sent_on: date,
        dispatch_reference: str,
        occurred_at: datetime,
        actor: Actor,
        recorded_at: datetime | None = None,
    ) -> None:
        """The PNS did not come to receive the decree: send it to the last known address."""
        self._undelivered_decree("send the decree")
        if self.decree_sent_on is not None:
            raise CommandRefused(f"the decree was sent on {self.decree_sent_on}")
        require_date("sent_on", sent_on)
        require_text("dispatch_reference", dispatch_reference, 200)
        summoned = self.receipt_summoned_for
        if summoned is None or sent_on < summoned:
            why = (
                "no summons to receive it is recorded" if summoned is None
                else f"the summons named {summoned}"
            )
            raise SendingRefused(
                f"case {self.case_number}: the decree is sent to the last known address when the "
                f"PNS did not come on the day a summons named; {why}"
            )
        self._record(
            self.DecreeSent,
            sent_on=sent_on,
            dispatch_reference=dispatch_reference,
            occurred_at=occurred_at,
            actor=actor,
            recorded_at=recorded_at,
        )

    def deliver_decision(
        self,
        *,
        delivered_on: date,
        occurred_at: datetime,
        actor: Actor,
        delivery_deadline: Deadline | None = None,
        objection_deadline: Deadline | None = None,
        effective: Deadline | None = None,
        method: DeliveryMethod | str = DeliveryMethod.IN_PERSON,
        recorded_at: datetime | None = None,
    ) -> None:
        """The PNS received the decree on ``delivered_on``: in person, or, ``method="sent"``,
        by the post sent to the last known address (late is then judged on the day it was sent).
        A late delivery is recorded as late."""
        self._active()
        if self.decision is None:
            raise DueProcessViolation("there is no decision to deliver")
        if self.delivered_on is not None:
            raise CommandRefused(f"the decision was delivered on {self.delivered_on}")
        how = parse_enum(DeliveryMethod, method)
        require_date("delivered_on", delivered_on)
        if self.released_from is not None and self.decree is None:
            raise DecreeRequired(
                f"case {self.case_number}: the PNS is freed from duties until the decree; record "
                "the decree (set_decree) before its delivery"
            )
        if how is DeliveryMethod.SENT and self.decree_sent_on is None:
            raise SendingRefused(
                f"case {self.case_number}: no sending of the decree is recorded (send_decree)"
            )
        for d in (delivery_deadline, objection_deadline, effective):
            if d is not None and not isinstance(d, Deadline):
                raise InvalidValue("deadlines must be Deadline values")
        handed = self.decree_sent_on if how is DeliveryMethod.SENT else delivered_on
        assert handed is not None
        late = delivery_deadline is not None and handed > delivery_deadline.due
        self._record(
            self.DecisionDelivered,
            delivered_on=delivered_on,
            delivery_deadline=delivery_deadline,
            late=late,
            objection_deadline=objection_deadline,
            effective=effective,
            method=how,
            occurred_at=occurred_at,
            actor=actor,
            recorded_at=recorded_at,
        )

    def file_objection(
        self,
        *,
        kind: ObjectionKind | str,
        filed_on: date,
        grounds: str,
        occurred_at: datetime,
        actor: Actor,
        decision_deadline: Deadline | None = None,
        recorded_at: datetime | None = None,
    ) -> None:
        """Record a keberatan or banding administratif (PP 79/2021) against the delivered
        punishment. A filing after its window is not accepted: :class:`FilingWindowClosed`.

        ``decision_deadline``: the deciding body's window, from the filing (``pp79.*_decision``).
        """
        self._active()
        kind = parse_enum(ObjectionKind, kind)
        decision = self.decision
        if decision is None or self.delivered_on is None:
            raise NotAppealable(
                f"case {self.case_number}: an objection is filed against a delivered decision"
            )
        if decision.outcome is not Outcome.PUNISHMENT:
            raise NotAppealable(
                f"case {self.case_number}: only a disciplinary punishment can be objected to"
            )
        if self.objection is not None:
            raise NotAppealable(
                f"case {self.case_number}: a {self.objection.value} was already filed "
                f"on {self.objection_filed_on}"
            )
        dismissal = decision.punishment is Punishment.PDH
        if dismissal and kind is not ObjectionKind.BANDING:
            raise WrongAppealRoute(
                "a dismissal (PDH) is appealed by banding administratif to BPASN "
                "(PP 79/2021 Pasal 1 angka 5), not by keberatan"
            )
        if not dismissal and kind is not ObjectionKind.KEBERATAN:
            raise WrongAppealRoute(
                "a punishment other than dismissal is objected to by keberatan to the superior "
                "of the punishing official (PP 79/2021 Pasal 1 angka 4), not by banding"
            )
        require_date("filed_on", filed_on)
        require_text("grounds", grounds, 20000)
        if decision_deadline is not None and not isinstance(decision_deadline, Deadline):
            raise InvalidValue("decision_deadline must be a Deadline")
        if self.objection_deadline is not None and filed_on > self.objection_deadline.due:
            raise FilingWindowClosed(
                f"case {self.case_number}: the {kind.value} window closed on "
                f"{self.objection_deadline.due} ({self.objection_deadline.rule}); a {kind.value} "
                f"filed on {filed_on} is not accepted"
            )
        self._record(
            self.ObjectionFiled,
            objection=kind,
            filed_on=filed_on,
            grounds=grounds,
            decision_deadline=decision_deadline,
            occurred_at=occurred_at,
            actor=actor,
            recorded_at=recorded_at,
        )

    def decide_objection(
        self,
        *,
        outcome: ObjectionOutcome | str,
        reason: str,
        occurred_at: datetime,
        actor: Actor,
        punishment: Punishment | str | None = None,
        body: str | None = None,
        effective: Deadline | None = None,
        recorded_at: datetime | None = None,
    ) -> None:
        """Record the decision on the pending objection or appeal.

        A decision after the deciding body's window is recorded and flagged ``late`` (no
        consequence of lateness was read in the regulation). An annulled or changed punishment
        already in effect stops on the decision's day; the punishment that stands takes effect
        from ``effective`` (computed from this decision), never before.
        """
        self._active()
        if not self.objection_pending:
            raise CommandRefused(
                f"case {self.case_number}: there is no pending objection to decide"
            )
        outcome = parse_enum(ObjectionOutcome, outcome)
        if outcome is ObjectionOutcome.CHANGED and punishment is None:
            raise InvalidValue("a changed punishment must be named")
        if outcome is not ObjectionOutcome.CHANGED and punishment is not None:
            raise InvalidValue(f"an objection {outcome.value} names no new punishment")
        if punishment is not None:
            punishment = parse_enum(Punishment, punishment)
            if punishment == self.standing:
                raise InvalidValue(
                    f"{punishment.value} is the punishment objected to: that is upholding it, "
                    "not a change"
                )
        require_text("reason", reason)
        if body is not None:
            require_text("body", body, 100)
        if effective is not None and not isinstance(effective, Deadline):
            raise InvalidValue("effective must be a Deadline")
        day = local_date(occurred_at)
        due = self.objection_decision_deadline
        in_effect = self.in_effect_from is not None and self.completed_on is None
        self._record(
            self.ObjectionDecided,
            outcome=outcome,
            punishment=punishment,
            reason=reason,
            body=body,
            late=due is not None and day > due.due,
            effective=effective,
            stops_on=day if in_effect and outcome is not ObjectionOutcome.UPHELD else None,
            occurred_at=occurred_at,
            actor=actor,
            recorded_at=recorded_at,
        )

    @property
    def punishment(self) -> Punishment | None:
        """The punishment that stands, after any objection decision."""
        return self.standing

    def start_punishment(
        self,
        *,
        effective_from: date,
        occurred_at: datetime,
        actor: Actor,
        until: date | None = None,
        recorded_at: datetime | None = None,
    ) -> None:
        self._active()
        if self.delivered_on is None or self.punishment is None:
            raise DueProcessViolation("only a delivered punishment can take effect")
        if self.objection_pending:
            raise DueProcessViolation("the punishment takes effect after the objection is decided")
        if self.in_effect_from is not None:
            raise CommandRefused(f"the punishment is in effect since {self.in_effect_from}")
        require_date("effective_from", effective_from)
        # Without an objection the effect counts from receipt; after one, from its decision.
        earliest = self.effective if self.objection is None else self.effective_after_objection
        if earliest is not None and effective_from < earliest.due:
            raise DueProcessViolation(
                f"the punishment takes effect on {earliest.due} at the earliest "
                f"({earliest.rule}: {earliest.basis})"
            )
        if until is not None:
            require_date("until", until)
            if until <= effective_from:
                raise InvalidValue("a punishment ends after it starts")
        self._record(
            self.PunishmentTookEffect,
            effective_from=effective_from,
            until=until,
            occurred_at=occurred_at,
            actor=actor,
            recorded_at=recorded_at,
        )

    def complete_punishment(
        self,
        *,
        completed_on: date,
        occurred_at: datetime,
        actor: Actor,
        recorded_at: datetime | None = None,
    ) -> None:
        self._active()
        if self.in_effect_from is None:
            raise CommandRefused("the punishment never took effect")
        if self.completed_on is not None:
            raise CommandRefused("the punishment is already completed")
        require_date("completed_on", completed_on)
        self._record(
            self.PunishmentCompleted,
            completed_on=completed_on,
            occurred_at=occurred_at,
            actor=actor,
            recorded_at=recorded_at,
        )

    def close(
        self,
        *,
        reason: str,
        occurred_at: datetime,
        actor: Actor,
        recorded_at: datetime | None = None,
    ) -> None:
        self._active()
        require_text("reason", reason)
        if self.objection_pending:
            raise DueProcessViolation(
                "an objection is pending; record its decision before closing the case"
            )
        if (
            self.in_effect_from is not None
            and self.completed_on is None
            and self.in_effect_until is not None
        ):
            raise CommandRefused(
                f"the punishment runs until {self.in_effect_until}; record its completion first"
            )
        self._end_release(
            local_date(occurred_at), ReleaseEnd.CASE_CLOSED, occurred_at, actor, recorded_at
        )
        self._record(
            self.Closed,
            reason=reason,
            occurred_at=occurred_at,
            actor=actor,
            recorded_at=recorded_at,
        )
