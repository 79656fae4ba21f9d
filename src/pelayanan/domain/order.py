"""The order of time: pure rules shared by the aggregates and the audit.

Every fact carries a business time (``occurred_at``, and dated fields such as a summons letter's
date) and a recorded time (the store timestamp, from the service's clock). Three rules hold for
every record:

* a fact is not recorded before it happened: its business time (and any date it states as a
  fact) is not after its recorded time, give or take :data:`CLOCK_SKEW` for business times;
* recorded time never goes backwards within a record (a clock set back is refused), give or
  take :data:`RECORDING_SKEW`;
* a fact does not happen before the facts it depends on (nothing on a record before the record
  began; each step of a complaint or case not before the step it follows; a clarification not
  before its summons letter; a delivery not before the decision; an objection not before the
  delivery).

Each rule is a function returning a message when it is broken, ``None`` when it holds. The
aggregates raise :class:`~pelayanan.domain.errors.TimeOrderViolation` with the message; the
decisions audit reports the same message for events stored before the rules existed.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from pelayanan.domain.values import local_date

CLOCK_SKEW = timedelta(minutes=5)
"""How far a business time may run ahead of its recorded time: a clerk's watch and the server's
clock disagree by a few minutes. Anything further ahead is a typo (or a clock that is wrong)."""

RECORDING_SKEW = timedelta(seconds=1)
"""How far a record's recorded time may step back: two servers' clocks, synchronised, disagree
by milliseconds. A clock set back further is refused until it is put right. The same tolerance
applies to a step's business time against the latest step before it, since a command without an
explicit ``occurred_at`` takes its business time from the same clock."""


def after_recording(name: str, moment: datetime, recorded_at: datetime | None) -> str | None:
    """A business time later than the recording clock (beyond :data:`CLOCK_SKEW`)."""
    if recorded_at is not None and moment > recorded_at + CLOCK_SKEW:
        return (
            f"{name} {moment.isoformat()} is in the future of the recording time "
            f"{recorded_at.isoformat()}; record facts after they happen"
        )
    return None


def dated_after_recording(name: str, day: date, recorded_at: datetime | None) -> str | None:
    """A date stated as a fact (a letter's date, a delivery) later than the day it is recorded."""
    if recorded_at is not None and day > local_date(recorded_at):
        return (
            f"{name} {day.isoformat()} is after the day it is recorded "
            f"({local_date(recorded_at).isoformat()}); record facts after they happen"
        )
    return None


def recorded_backwards(previous: datetime | None, recorded_at: datetime | None) -> str | None:
    """A recorded time earlier than the record's last one (beyond :data:`RECORDING_SKEW`)."""
    if previous is not None and recorded_at is not None and recorded_at < previous - RECORDING_SKEW:
        return (
            f"the recording clock reads {recorded_at.isoformat()}, before this record's last "
            f"recorded time {previous.isoformat()}: the clock was set back; fix it, then retry"
        )
    return None


def before(
    name: str,
    moment: datetime,
    what: str,
    earlier: datetime | None,
    tolerance: timedelta = timedelta(0),
) -> str | None:
    """A business time before the business time of a fact it depends on (beyond ``tolerance``)."""
    if earlier is not None and moment < earlier - tolerance:
        return f"{name} {moment.isoformat()} is before {what} ({earlier.isoformat()})"
    return None


def dated_before(name: str, day: date, what: str, earlier: date | None) -> str | None:
    """A date before the date of a fact it depends on (compared as WIB calendar days)."""
    if earlier is not None and day < earlier:
        return f"{name} {day.isoformat()} is before {what} ({earlier.isoformat()})"
    return None


def dated_after(name: str, day: date, what: str, later: date) -> str | None:
    """A date after the date of a fact that depends on it (a service after its complaint)."""
    if day > later:
        return f"{name} {day.isoformat()} is after {what} ({later.isoformat()})"
    return None
