"""Account commands and sign-in checks, over the service's store.

Kept beside :class:`~pelayanan.service.ComplianceService` rather than in it: accounts belong to
the front door (the ``web`` extra), and the core needs none of this. Every change is an event
(:mod:`pelayanan.domain.account`) made the way the service's own commands are (load, call, save
through :mod:`pelayanan.storage.application`: warm aggregates, the same conflict errors), so it
is in the same log, chain and seal as everything else.

Passwords are hashed with argon2id (argon2-cffi, part of the ``web`` extra); tokens are 32
random bytes shown once, stored as their SHA-256 digest.
"""

from __future__ import annotations

import copy
import hashlib
import hmac
import secrets
import threading
from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING, Any, TypeVar, cast
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError
from eventsourcing.utils import get_topic

from pelayanan.domain.account import (
    Account,
    AccountRole,
    PositionTaking,
    account_id,
    check_name,
    parse_role,
    position_record_id,
)
from pelayanan.domain.errors import (
    AlreadyExists,
    ConcurrencyConflict,
    InvalidValue,
    NotFound,
    PositionHeld,
)
from pelayanan.domain.values import Actor, OfficeCode

if TYPE_CHECKING:
    from pelayanan.service import ComplianceService

T = TypeVar("T")
MIN_PASSWORD = 10
TOKEN_PREFIX = "pel"


HASH_PARAMETERS: Any = None
"""argon2 parameters for new hashes; None is argon2-cffi's default (RFC 9106's low-memory
profile: argon2id, 64 MiB, 3 passes). Tests lower it to keep a seeded store fast; a hash
records its own parameters, so verifying never depends on this."""


def _hasher() -> Any:
    try:
        from argon2 import PasswordHasher
    except ImportError:  # pragma: no cover - the web extra brings it
        raise InvalidValue("accounts need the web extra: pip install 'pelayanan[web]'") from None
    if HASH_PARAMETERS is None:
        return PasswordHasher()
    return PasswordHasher.from_parameters(HASH_PARAMETERS)


def check_password(password: object) -> str:
    if not isinstance(password, str) or len(password) < MIN_PASSWORD:
        raise InvalidValue(f"a password needs at least {MIN_PASSWORD} characters")
    if len(password) > 1000:
        raise InvalidValue("a password may have at most 1000 characters")
    return password


def token_digest(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


class Accounts:
    """Accounts in one store: add, grant, revoke, disable, tokens, and sign-in checks."""

    def __init__(self, service: ComplianceService) -> None:
        self.service = service
        self._cache: dict[UUID, Account] = {}
        self._lock = threading.Lock()
        # Checked against a throwaway hash when the account does not exist, so that a wrong
        # name takes as long as a wrong password (no probing for names by timing).
        self._dummy = _hasher().hash(secrets.token_hex(16))

    # ------------------------------------------------------------------ commands

    def add(
        self,
        name: str,
        *,
        password: str,
        role: AccountRole | str,
        office: OfficeCode | str | None = None,
        position: str | None = None,
        actor: Actor,
    ) -> UUID:
        """Create an account with a password, its first role and, optionally, the position of
        the organisation it acts from (one transaction)."""
        check_name(name)
        check_password(password)
        grant = parse_role(role)
        code = _office(office)
        if position is not None:
            self._check_position(position, name)
        password_hash = _hasher().hash(password)

        def create() -> None:
            when = self.service.clock.now()
            account = Account.create(name=name, occurred_at=when, actor=actor, recorded_at=when)
            account.set_password(password_hash, occurred_at=when, actor=actor, recorded_at=when)
            account.grant(grant, code, occurred_at=when, actor=actor, recorded_at=when)
            if position is not None:
                account.assign_position(position, occurred_at=when, actor=actor, recorded_at=when)
            self.service._create(account)

        try:
            self._taking(name, actor, create, creates=True)
        except AlreadyExists:
            raise AlreadyExists(f"account {name} already exists") from None
        return account_id(name)

    def set_password(self, name: str, password: str, *, actor: Actor) -> None:
        check_password(password)
        digest = _hasher().hash(password)
        self._change(
            name, lambda a, w: a.set_password(digest, occurred_at=w, actor=actor, recorded_at=w)
        )

    def grant(
        self, name: str, role: AccountRole | str, office: OfficeCode | str | None, *, actor: Actor
    ) -> None:
        grant, code = parse_role(role), _office(office)
        self._change(
            name, lambda a, w: a.grant(grant, code, occurred_at=w, actor=actor, recorded_at=w)
        )

    def revoke(
        self, name: str, role: AccountRole | str, office: OfficeCode | str | None, *, actor: Actor
    ) -> None:
        grant, code = parse_role(role), _office(office)
        self._change(
            name, lambda a, w: a.revoke(grant, code, occurred_at=w, actor=actor, recorded_at=w)
        )

    def set_position(self, name: str, position: str | None, *, actor: Actor) -> None:
        """The position of the organisation ``name`` acts from (None: none any more)."""
        if position is None:
            self._change(
                name, lambda a, w: a.clear_position(occurred_at=w, actor=actor, recorded_at=w)
            )
            return
        self.get(name)  # an unknown account is named before the position is judged
        self._check_position(position, name)
        self._taking(
            name,
            actor,
            lambda: self._change(
                name,
                lambda a, w: a.assign_position(position, occurred_at=w, actor=actor, recorded_at=w),
            ),
        )

    def _check_position(self, position: str, name: str) -> None:
        """Refuse a position the organisation in force lacks (unchecked without one), and one
        another enabled account holds (:class:`PositionHeld`)."""
        organisation = self.service.organisation
        if not isinstance(position, str) or not position.strip():
            raise InvalidValue(f"a position is the id of a position, got {position!r}")
        if organisation is not None:
            organisation.position(position)  # UnknownPosition names it
        self._refuse_held(position, name)

    def _refuse_held(self, position: str, name: str) -> None:
        # One position, one official: a second account holding it would decide as the same
        # official, recorded under the position holder's NIP. Accounts are few (tens).
        holder = next(
            (
                other
                for other in self.names()
                if other != name
                and (account := self.get(other)).position == position
                and not account.disabled
            ),
            None,
        )
        if holder is not None:
            raise PositionHeld(
                f"position {position} is already held by account {holder}: clear it there "
                f"first (pelayanan users position {holder} --clear) or disable that account"
            )

    def _taking(
        self,
        name: str,
        actor: Actor,
        change: Callable[[], None],
        *,
        creates: bool = False,
    ) -> None:
        """Call ``change`` on account ``name`` and save it, in one transaction with a
        ``Taken`` on its position's record (:class:`PositionTaking`) when the account is left
        enabled in a position; refused (:class:`PositionHeld`) while another enabled account
        holds that position. ``creates``: ``change`` creates the account.

        The position is the one the account has in this transaction (its version pins it until
        the save), and its record is read before the check: a command that gave the position to
        another account after that read has written the record's next version, so this save is
        refused whole by the store's unique key; asked again, the check names the holder.
        Inside a batch of the caller's, that batch saves it all at once, and is refused whole.
        """
        if self.service._work is not None:
            self._change_and_take(name, actor, change)
            return
        for attempt in range(2):
            try:
                with self.service.batch():
                    self._change_and_take(name, actor, change)
                return
            except (ConcurrencyConflict, AlreadyExists):
                if creates and self.service._exists(account_id(name)):
                    raise AlreadyExists(f"account {name} already exists") from None
                if attempt:
                    raise ConcurrencyConflict(
                        f"account {name}, or the position it takes, was changed by someone "
                        "else at the same moment; try again"
                    ) from None

    def _change_and_take(self, name: str, actor: Actor, change: Callable[[], None]) -> None:
        change()
        account = self.get(name)  # the batch's own: as the change left it
        position = account.position
        if position is not None and not account.disabled:
            self._note_taking(position, name, actor)
            self._refuse_held(position, name)

    def _note_taking(self, position: str, name: str, actor: Actor) -> None:
        ident = position_record_id(position)
        try:
            with self.service._changing(ident, PositionTaking, None) as (record, at):
                record.take(name, occurred_at=at.occurred, actor=actor, recorded_at=at.recorded)
        except NotFound:  # the position's first taking since positions were recorded
            when = self.service.clock.now()
            record = PositionTaking.open(
                position=position, occurred_at=when, actor=actor, recorded_at=when
            )
            record.take(name, occurred_at=when, actor=actor, recorded_at=when)
            self.service._create(record)

    def disable(self, name: str, *, reason: str, actor: Actor) -> None:
        self._change(
            name, lambda a, w: a.disable(reason, occurred_at=w, actor=actor, recorded_at=w)
        )

    def enable(self, name: str, *, actor: Actor) -> None:
        """Enable ``name`` again; refused (:class:`PositionHeld`) while another enabled account
        holds the position it holds."""
        self._taking(
            name,
            actor,
            lambda: self._change(
                name, lambda a, w: a.enable(occurred_at=w, actor=actor, recorded_at=w)
            ),
        )

    def issue_token(self, name: str, *, label: str, actor: Actor) -> str:
        """A new API token for ``name``; the text returned is shown once and never stored."""
        token_id = secrets.token_hex(4)
        secret = secrets.token_urlsafe(32)
        digest = token_digest(secret)
        self._change(
            name,
            lambda a, w: a.issue_token(
                token_id, digest, label, occurred_at=w, actor=actor, recorded_at=w
            ),
        )
        return f"{TOKEN_PREFIX}.{account_id(name).hex}.{token_id}.{secret}"

    def revoke_token(self, name: str, token_id: str, *, actor: Actor) -> None:
        self._change(
            name, lambda a, w: a.revoke_token(token_id, occurred_at=w, actor=actor, recorded_at=w)
        )

    def _change(self, name: str, call: Callable[[Account, datetime], None]) -> None:
        ident = account_id(check_name(name))
        try:
            with self.service._changing(ident, Account, None) as (account, at):
                call(account, at.recorded)
        except NotFound:
            raise NotFound(f"no account {name}") from None
        except ConcurrencyConflict:
            raise ConcurrencyConflict(
                f"account {name} was changed by someone else first; try again"
            ) from None

    # ------------------------------------------------------------------ reads

    def get(self, name: str) -> Account:
        return self._load(account_id(check_name(name)), name)

    def by_id(self, ident: UUID) -> Account | None:
        """The account, brought up to date with a cheap read of its newer events, or None.

        Called on every authenticated request: one query for events after the cached version.
        An account once returned is never changed afterwards (other requests' threads may be
        reading it): newer events are applied to a copy.
        """
        with self._lock:
            cached = self._cache.get(ident)
        found: Any
        try:
            if cached is None:
                found = self.service.repository.get(ident)
            else:
                found = cached
                newer = list(self.service.events.get(ident, gt=cached.version))
                if newer:
                    found = copy.deepcopy(cached)
                for event in newer:
                    found = cast(Any, event).mutate(found)
        except AggregateNotFoundError:
            return None
        if not isinstance(found, Account):
            return None
        with self._lock:
            current = self._cache.get(ident)
            if current is None or current.version <= found.version:  # never back in time
                self._cache[ident] = found
        return found

    def names(self) -> list[str]:
        """Every account name, in the order created (read from the log, by topic)."""
        topic = get_topic(Account.Created)
        names: list[str] = []
        start = 1
        recorder = self.service.recorder
        while True:
            page = recorder.select_notifications(start, 500, topics=[topic])
            for notification in page:
                event: Any = self.service.mapper.to_domain_event(notification)
                names.append(event.name)
            if len(page) < 500:
                return names
            start = page[-1].id + 1

    def _load(self, ident: UUID, name: str) -> Account:
        try:
            return self.service._get(ident, Account, None)
        except NotFound:
            raise NotFound(f"no account {name}") from None

    # ------------------------------------------------------------------ sign-in

    def authenticate(self, name: str, password: str) -> Account | None:
        """The enabled account whose password this is, or None (the same answer either way)."""
        from argon2.exceptions import VerificationError

        hasher = _hasher()
        account = None
        try:
            account = self.by_id(account_id(check_name(name)))
        except InvalidValue:
            account = None
        stored = account.password_hash if account is not None else None
        try:
            hasher.verify(stored or self._dummy, password)
        except (VerificationError, InvalidValue, ValueError):
            return None
        except Exception:  # argon2's InvalidHashError and the like: refuse, never crash
            return None
        if account is None or stored is None or account.disabled:
            return None
        return account

    def by_token(self, token: str) -> Account | None:
        """The enabled account a bearer token belongs to, or None."""
        parts = token.split(".")
        if len(parts) != 4 or parts[0] != TOKEN_PREFIX:
            return None
        try:
            ident = UUID(hex=parts[1])
        except ValueError:
            return None
        account = self.by_id(ident)
        if account is None or account.disabled:
            return None
        issued = account.tokens.get(parts[2])
        if issued is None or not hmac.compare_digest(issued["hash"], token_digest(parts[3])):
            return None
        return account


def _office(office: OfficeCode | str | None) -> OfficeCode | None:
    if office is None or isinstance(office, OfficeCode):
        return office
    return OfficeCode(office)
