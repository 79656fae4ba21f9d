"""Who may use pelayanan through its front door: accounts, the roles granted to them, API tokens.

Accounts are recorded as events in the same store as everything else, so "who gave whom the
right to decide cases, and when" is in the audit trail and covered by ``verify``.

What an account's events hold, and what they never hold:

- the argon2id hash of the password (never the password): the store is the only place several
  server processes share, and argon2id is built to make an offline guess expensive. The hash is
  in ``PasswordSet`` events only, and the web layer never shows those fields (see
  :data:`SECRET_FIELDS`).
- the SHA-256 digest of each API token (never the token): a token is 32 random bytes, so its
  digest cannot be reversed by guessing, and a slow hash would only slow every API call.
"""

from __future__ import annotations

import re
from datetime import datetime
from enum import Enum
from typing import Any
from uuid import UUID

from pelayanan.domain.base import ComplianceAggregate, check_actor, check_business_time, natural_id
from pelayanan.domain.errors import CommandRefused, InvalidValue
from pelayanan.domain.values import Actor, OfficeCode, require_text

NAME_PATTERN = re.compile(r"^[a-z][a-z0-9._-]{1,39}$")
"""Account names: lower case, 2 to 40 characters; they appear as the actor of what they do."""

SECRET_FIELDS = frozenset({"password_hash", "token_hash"})
"""Event fields that are never shown (pages, API, logs); they are still hashed by the seal."""


class AccountRole(Enum):
    """What an account may do; the values are stored and never renamed."""

    SATGAS = "satgas"  # records sidak
    OPERATOR = "operator"  # records staff and permissions for its office
    COMPLAINT_OFFICER = "complaint_officer"  # handles complaints
    ATASAN = "atasan"  # atasan langsung: summons and examines the staff of its office
    TIM_PEMERIKSA = "tim_pemeriksa"  # examination team
    PEJABAT = "pejabat"  # pejabat yang berwenang menghukum: decides
    ANALYST = "analyst"  # BKPSDM analyst: opens and follows cases
    AUDITOR = "auditor"  # reads everything but personal data
    REVEAL = "reveal"  # may see personal data (granted to an auditor explicitly)
    ADMIN = "admin"  # manages accounts

    @property
    def office_scoped(self) -> bool:
        """Roles that act for one office and need ``--office``."""
        return self in (AccountRole.OPERATOR, AccountRole.ATASAN)


def account_id(name: str) -> UUID:
    return natural_id("account", name)


def check_name(name: object) -> str:
    if not isinstance(name, str) or not NAME_PATTERN.match(name):
        raise InvalidValue(
            f"account name must be 2-40 lower-case letters, digits, '.', '_' or '-' starting "
            f"with a letter, got {name!r}"
        )
    return name


def parse_role(role: object) -> AccountRole:
    if isinstance(role, AccountRole):
        return role
    try:
        return AccountRole(role)
    except ValueError:
        known = ", ".join(r.value for r in AccountRole)
        raise InvalidValue(f"unknown role {role!r}; known roles: {known}") from None


def grant_key(role: AccountRole, office: OfficeCode | None) -> str:
    return role.value if office is None else f"{role.value}@{office.value}"


class Account(ComplianceAggregate):
    """One person's (or one service's) login, its roles and its tokens."""

    kind = "account"

    class Created(ComplianceAggregate.Created):
        name: str

    class PasswordSet(ComplianceAggregate.Event):
        password_hash: str

        def apply(self, account: Account) -> None:
            account.password_hash = self.password_hash

    class RoleGranted(ComplianceAggregate.Event):
        role: str
        office: str | None

        def apply(self, account: Account) -> None:
            account.grants.add(_key(self.role, self.office))

    class RoleRevoked(ComplianceAggregate.Event):
        role: str
        office: str | None

        def apply(self, account: Account) -> None:
            account.grants.discard(_key(self.role, self.office))

    class Disabled(ComplianceAggregate.Event):
        reason: str

        def apply(self, account: Account) -> None:
            account.disabled = True

    class Enabled(ComplianceAggregate.Event):
        def apply(self, account: Account) -> None:
            account.disabled = False

    class TokenIssued(ComplianceAggregate.Event):
        token_id: str
        token_hash: str
        label: str

        def apply(self, account: Account) -> None:
            account.tokens[self.token_id] = {"hash": self.token_hash, "label": self.label}

    class TokenRevoked(ComplianceAggregate.Event):
        token_id: str

        def apply(self, account: Account) -> None:
            account.tokens.pop(self.token_id, None)

    class PositionAssigned(ComplianceAggregate.Event):
        """The account acts from this position of the organisation (its id): with an
        organisation, what it decides is decided by the official holding that position."""

        position: str

        def apply(self, account: Account) -> None:
            account.position = self.position

    class PositionCleared(ComplianceAggregate.Event):
        def apply(self, account: Account) -> None:
            account.position = None

    def __init__(self, name: str) -> None:
        self.name = name
        self.position: str | None = None
        self.password_hash: str | None = None
        self.grants: set[str] = set()
        self.disabled = False
        self.tokens: dict[str, dict[str, str]] = {}

    # ----------------------------------------------------------------- reads

    def roles(self) -> list[tuple[AccountRole, OfficeCode | None]]:
        """The granted roles, each with its office (or None), sorted."""
        found = []
        for key in sorted(self.grants):
            role, _, office = key.partition("@")
            found.append((AccountRole(role), OfficeCode(office) if office else None))
        return found

    def has(self, role: AccountRole, office: OfficeCode | None = None) -> bool:
        return grant_key(role, office) in self.grants

    def actor(self, role: AccountRole) -> Actor:
        """The actor recorded on what this account does in ``role``."""
        return Actor(name=self.name, role=role.value)

    # ----------------------------------------------------------------- commands

    @classmethod
    def create(
        cls, *, name: str, occurred_at: datetime, actor: Actor, recorded_at: datetime | None
    ) -> Account:
        check_name(name)
        check_actor(actor)
        check_business_time(occurred_at, recorded_at)
        return cls._create(
            cls.Created,
            id=account_id(name),
            timestamp=recorded_at,
            name=name,
            occurred_at=occurred_at,
            actor=actor,
        )

    def set_password(
        self, password_hash: str, *, occurred_at: datetime, actor: Actor, recorded_at: datetime
    ) -> None:
        require_text("password_hash", password_hash, 500)
        if not password_hash.startswith("$argon2"):
            # A plain password must never reach an event, even by a caller's mistake.
            raise InvalidValue("password_hash must be an argon2 hash, not a password")
        self._record(
            self.PasswordSet,
            password_hash=password_hash,
            occurred_at=occurred_at,
            actor=actor,
            recorded_at=recorded_at,
        )

    def grant(
        self,
        role: AccountRole,
        office: OfficeCode | None,
        *,
        occurred_at: datetime,
        actor: Actor,
        recorded_at: datetime,
    ) -> None:
        _check_scope(role, office)
        if self.has(role, office):
            raise CommandRefused(f"{self.name} already has role {grant_key(role, office)}")
        self._record(
            self.RoleGranted,
            role=role.value,
            office=None if office is None else office.value,
            occurred_at=occurred_at,
            actor=actor,
            recorded_at=recorded_at,
        )

    def revoke(
        self,
        role: AccountRole,
        office: OfficeCode | None,
        *,
        occurred_at: datetime,
        actor: Actor,
        recorded_at: datetime,
    ) -> None:
        if not self.has(role, office):
            raise CommandRefused(f"{self.name} does not have role {grant_key(role, office)}")
        self._record(
            self.RoleRevoked,
            role=role.value,
            office=None if office is None else office.value,
            occurred_at=occurred_at,
            actor=actor,
            recorded_at=recorded_at,
        )

    def disable(
        self, reason: str, *, occurred_at: datetime, actor: Actor, recorded_at: datetime
    ) -> None:
        require_text("reason", reason, 500)
        if self.disabled:
            raise CommandRefused(f"account {self.name} is already disabled")
        self._record(
            self.Disabled,
            reason=reason,
            occurred_at=occurred_at,
            actor=actor,
            recorded_at=recorded_at,
        )

    def enable(self, *, occurred_at: datetime, actor: Actor, recorded_at: datetime) -> None:
        if not self.disabled:
            raise CommandRefused(f"account {self.name} is not disabled")
        self._record(self.Enabled, occurred_at=occurred_at, actor=actor, recorded_at=recorded_at)

    def assign_position(
        self, position: str, *, occurred_at: datetime, actor: Actor, recorded_at: datetime
    ) -> None:
        require_text("position", position, 100)
        if self.position == position:
            raise CommandRefused(f"{self.name} already holds position {position}")
        self._record(
            self.PositionAssigned,
            position=position,
            occurred_at=occurred_at,
            actor=actor,
            recorded_at=recorded_at,
        )

    def clear_position(self, *, occurred_at: datetime, actor: Actor, recorded_at: datetime) -> None:
        if self.position is None:
            raise CommandRefused(f"{self.name} holds no position")
        self._record(
            self.PositionCleared, occurred_at=occurred_at, actor=actor, recorded_at=recorded_at
        )

    def issue_token(
        self,
        token_id: str,
        token_hash: str,
        label: str,
        *,
        occurred_at: datetime,
        actor: Actor,
        recorded_at: datetime,
    ) -> None:
        require_text("label", label, 200)
        if not re.fullmatch(r"[0-9a-f]{64}", token_hash):
            raise InvalidValue("token_hash must be a SHA-256 hex digest, not a token")
        if token_id in self.tokens:
            raise CommandRefused(f"token {token_id} is already issued")
        self._record(
            self.TokenIssued,
            token_id=token_id,
            token_hash=token_hash,
            label=label,
            occurred_at=occurred_at,
            actor=actor,
            recorded_at=recorded_at,
        )

    def revoke_token(
        self, token_id: str, *, occurred_at: datetime, actor: Actor, recorded_at: datetime
    ) -> None:
        if token_id not in self.tokens:
            raise CommandRefused(f"{self.name} has no token {token_id}")
        self._record(
            self.TokenRevoked,
            token_id=token_id,
            occurred_at=occurred_at,
            actor=actor,
            recorded_at=recorded_at,
        )


def position_record_id(position: str) -> UUID:
    return natural_id("position", position)


class PositionTaking(ComplianceAggregate):
    """Which accounts took one position of the organisation, in order: what makes "one enabled
    account per position" hold between server processes.

    Who holds a position is the accounts' own state (the enabled account whose ``position`` it
    is). Checking that, then recording the account's change, are two steps, and two
    administrators may both check before either records. So every command that gives an
    enabled account a position (assigning it, creating an account with it, enabling an account
    that has it) reads this record first, checks, and records a ``Taken`` here in the same
    transaction as the account's change: of two such commands at once, the second writes this
    record's same next version, the store's unique key refuses it, and nothing of it is written.
    """

    kind = "position"
    # Takings are dated by the commands' clock; the record adds no order of its own.
    ordered = False

    class Created(ComplianceAggregate.Created):
        position: str

    class Taken(ComplianceAggregate.Event):
        account: str

        def apply(self, record: PositionTaking) -> None:
            record.taken_by = self.account

    def __init__(self, position: str) -> None:
        self.position = position
        self.taken_by: str | None = None

    @classmethod
    def open(
        cls, *, position: str, occurred_at: datetime, actor: Actor, recorded_at: datetime
    ) -> PositionTaking:
        require_text("position", position, 100)
        check_actor(actor)
        check_business_time(occurred_at, recorded_at)
        return cls._create(
            cls.Created,
            id=position_record_id(position),
            timestamp=recorded_at,
            position=position,
            occurred_at=occurred_at,
            actor=actor,
        )

    def take(
        self, account: str, *, occurred_at: datetime, actor: Actor, recorded_at: datetime
    ) -> None:
        check_name(account)
        self._record(
            self.Taken,
            account=account,
            occurred_at=occurred_at,
            actor=actor,
            recorded_at=recorded_at,
        )


def _key(role: str, office: str | None) -> str:
    return role if office is None else f"{role}@{office}"


def _check_scope(role: AccountRole, office: OfficeCode | None) -> None:
    if role.office_scoped and office is None:
        raise InvalidValue(f"role {role.value} acts for one office: give the office code")
    if not role.office_scoped and office is not None:
        raise InvalidValue(f"role {role.value} is not tied to an office; leave the office out")


def describe(event: Any) -> dict[str, Any]:
    """An account event's fields without its secrets, for pages and the API."""
    return {k: v for k, v in vars(event).items() if k not in SECRET_FIELDS}
