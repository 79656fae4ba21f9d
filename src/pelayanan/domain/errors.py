"""One exception family: every refused command raises a subclass of :class:`PelayananError`.

A refusal writes nothing. Messages are written for the clerk who issued the command: they say what
was refused and what to do instead.
"""

from __future__ import annotations


class PelayananError(Exception):
    """Base of every error this library raises on purpose."""


class InvalidValue(PelayananError, ValueError):
    """A value is malformed or out of range (bad NIP, naive datetime, empty statement, ...)."""


class NotFound(PelayananError, LookupError):
    """No office, inspection, complaint or case with that identity is recorded."""


class AmbiguousReference(NotFound):
    """The name given fits several records (a NIP with several cases); the message lists them."""


class AlreadyExists(PelayananError):
    """Something with that natural key (office code, complaint reference, case number) exists."""


class ConcurrencyConflict(PelayananError):
    """Someone else changed the same record first; reload and try the command again.

    :func:`pelayanan.retry_on_conflict` does this for you.
    """


class CommandRefused(PelayananError):
    """The command is well-formed but not allowed in the record's current state."""


class UnknownStaff(CommandRefused):
    """The NIP is not on the office's staff list."""


class InspectionConcluded(CommandRefused):
    """The inspection is concluded: corrections go through an amendment that cites what it fixes."""


class InspectionNotConcluded(CommandRefused):
    """Amendments are for concluded inspections; while open, record a new finding instead."""


class ComplaintStateError(CommandRefused):
    """The complaint is not in a state that allows this step."""


class CaseClosed(CommandRefused):
    """The disciplinary case is closed; nothing more can be recorded on it."""


class DueProcessViolation(CommandRefused):
    """A disciplinary step was attempted out of the order PP 94/2021 and PerBKN 6/2022 require."""


class AlreadyDecided(DueProcessViolation):
    """The case already has a decision; a case gets exactly one."""


class TimeOrderViolation(DueProcessViolation, InvalidValue):
    """A time is out of order: a fact dated before what it depends on, after it was recorded, or
    a recording clock set back.

    Both a malformed value and (in a disciplinary case) a step out of the order due process
    requires, so callers catching either :class:`InvalidValue` or :class:`DueProcessViolation`
    keep working.
    """


class ClockSetBack(TimeOrderViolation):
    """A :class:`~pelayanan.clock.ManualClock` was told to go back in time."""


class ExaminationRequired(DueProcessViolation):
    """A punishment is decided only after the examination (its BAP) or two recorded no-shows."""


class TimPemeriksaRequired(DueProcessViolation):
    """The punishment's level needs an examination by a tim pemeriksa, which did not examine."""


class NoAuthority(DueProcessViolation):
    """The official has no authority under the authority table to impose that punishment."""


class TemporaryReleaseRefused(DueProcessViolation):
    """A pembebasan sementara where the punishment expected does not allow one, or before the
    examination has begun (``pp94.temporary_release``)."""


class PayStopRefused(DueProcessViolation):
    """A pay stop where the recorded consecutive absence is under the threshold
    (``pp94.pay_stop``), or a reinstatement of pay that was not stopped."""


class DecreeRequired(DueProcessViolation):
    """A step of the decree's life (summons to receive it, sending it) before the decree is
    recorded as set."""


class SendingRefused(DueProcessViolation):
    """A decree is sent to the last known address only when the PNS did not come to receive it
    on the day a summons named."""


class DeadlinePassed(CommandRefused):
    """A time limit set by a rule has passed (e.g. the objection window)."""


class FilingWindowClosed(DeadlinePassed):
    """An objection or appeal (upaya administratif) filed after its filing window closed: it is
    not accepted (PP 79/2021), so nothing is recorded."""


class NotAppealable(DueProcessViolation):
    """The decision cannot be objected to or appealed: not a punishment, not delivered, already
    objected to, or a punishment the rule in force does not open to upaya administratif."""


class WrongAppealRoute(NotAppealable):
    """The wrong kind of upaya administratif: a dismissal goes by banding administratif to BPASN,
    every other punishment by keberatan."""


class WrongAppealBody(NoAuthority):
    """The objection or appeal was decided by someone other than the body the rule names: a
    keberatan by the superior of the punishing official, a banding administratif by BPASN."""


class HeavierOnAppealRefused(DueProcessViolation):
    """A change to a heavier punishment on objection, where the settings in force do not allow
    one (``pp79.heavier_change_allowed``)."""


class PersonalDataUnsealed(CommandRefused):
    """Personal data would be recorded in plain text in a store that seals it with data
    subjects' keys: the service was opened without the store's key vault."""


class StorageError(PelayananError):
    """The event store could not be opened or read (missing, corrupt or foreign database)."""


class NotTheAtasan(DueProcessViolation):
    """Only the PNS's atasan langsung (direct superior), who examined, reports the BAP up."""


class ReportNotNeeded(DueProcessViolation):
    """The atasan langsung holds authority over the punishment expected: it decides the case
    itself, and there is no BAP to report up."""


class PositionHeld(CommandRefused):
    """Another enabled account already holds that position of the organisation: two accounts
    holding one position would decide as the same official, under its holder's NIP."""


class ProviderSanctionRefused(CommandRefused):
    """A UU 25/2009 Pasal 54 sanction step out of its order: pembebasan dari jabatan only after a
    teguran tertulis whose time to fix the failure has passed unfixed."""
