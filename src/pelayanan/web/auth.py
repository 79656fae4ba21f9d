"""Who is asking, and may they: sessions, bearer tokens and roles (sign-in limits: throttle.py).

A session is a signed cookie (HMAC-SHA256 over the account id and an expiry) and nothing on the
server: any worker with the same secret accepts it, and the account itself is read on every
request, so a disabled account or a revoked role takes effect at once. The API also takes
``Authorization: Bearer <token>`` (tokens from ``pelayanan users token``).

Which role may do what is :data:`PERMISSIONS`; the procedure's own refusals (a decision before
the examination, ...) stay in the domain and come back as 409.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import time
from typing import Any
from uuid import UUID

import attrs

from pelayanan.domain.account import Account, AccountRole
from pelayanan.domain.discipline import ObjectionKind
from pelayanan.domain.errors import PelayananError
from pelayanan.domain.organisation import Official, Organisation, UnknownPosition
from pelayanan.domain.values import Actor, OfficeCode

SESSION_COOKIE = "pelayanan_session"
SESSION_SECONDS = 8 * 3600  # one working day


class NotAuthenticated(PelayananError):
    """No valid session or token: sign in (401)."""


class Forbidden(PelayananError):
    """Signed in, but this account's roles do not allow this (403)."""


class TooManyAttempts(PelayananError):
    """Too many failed sign-ins for this name or address; wait and try again (429)."""


# What each action needs: any of these roles. Office-scoped roles (operator, atasan) must also
# hold the role for the office concerned; the route checks that with Principal.require(office=).
PERMISSIONS: dict[str, frozenset[AccountRole]] = {
    "read": frozenset(AccountRole) - {AccountRole.REVEAL},
    "office.register": frozenset({AccountRole.ADMIN}),
    "office.staff": frozenset({AccountRole.OPERATOR}),
    "office.permission": frozenset({AccountRole.OPERATOR}),
    # Service hours and the published service standard are the office's own (UU 25/2009).
    "office.standards": frozenset({AccountRole.OPERATOR}),
    # A UU 25/2009 Pasal 54 sanction on the provider, and its fix, by the official above it.
    "office.sanction": frozenset({AccountRole.PEJABAT}),
    "sidak": frozenset({AccountRole.SATGAS}),
    "complaint": frozenset({AccountRole.COMPLAINT_OFFICER}),
    "case.open": frozenset({AccountRole.ANALYST}),
    "case.summon": frozenset({AccountRole.ATASAN}),
    "case.examine": frozenset({AccountRole.ATASAN, AccountRole.TIM_PEMERIKSA}),
    "case.decide": frozenset({AccountRole.PEJABAT}),
    # The tim pemeriksa is formed by the PPK or an official it appoints (PP 94/2021).
    "case.tim": frozenset({AccountRole.PEJABAT}),
    # Delivering the decree: the deciding official, or BKPSDM following the case for it.
    "case.deliver": frozenset({AccountRole.PEJABAT, AccountRole.ANALYST}),
    # Pembebasan sementara: the atasan frees the PNS from duties (of the case's office).
    "case.release": frozenset({AccountRole.ATASAN}),
    # The pay stop is the budget holder's order, recorded by its official or by BKPSDM.
    "case.pay": frozenset({AccountRole.PEJABAT, AccountRole.ANALYST}),
    # The decree is set by the authorised official.
    "case.decree": frozenset({AccountRole.PEJABAT}),
    # After the decision BKPSDM follows the case: objections lodged, punishment served, closed.
    "case.follow": frozenset({AccountRole.ANALYST}),
    # An objection is decided by the official above the punishing one (or BPASN), recorded by
    # a pejabat account.
    "case.objection": frozenset({AccountRole.PEJABAT}),
    "integrity": frozenset({AccountRole.AUDITOR, AccountRole.ADMIN}),
    "accounts": frozenset({AccountRole.ADMIN}),
    "privacy.erase": frozenset({AccountRole.ADMIN}),
}


@attrs.frozen
class Principal:
    """The signed-in account, as this request sees it."""

    account: Account
    via: str  # "session" or "token"

    @property
    def name(self) -> str:
        return self.account.name

    def roles_for(self, action: str) -> list[AccountRole]:
        allowed = PERMISSIONS[action]
        return [role for role, _ in self.account.roles() if role in allowed]

    def may(self, action: str, office: OfficeCode | None = None) -> bool:
        return self._role(action, office) is not None

    def _role(self, action: str, office: OfficeCode | None) -> AccountRole | None:
        for role, scope in self.account.roles():
            if role not in PERMISSIONS[action]:
                continue
            if role.office_scoped and action != "read" and (office is None or scope != office):
                continue
            return role
        return None

    def require(self, action: str, office: OfficeCode | None = None) -> Actor:
        """The actor to record for ``action``, or :class:`Forbidden` naming what is missing."""
        role = self._role(action, office)
        if role is None:
            needed = ", ".join(sorted(r.value for r in PERMISSIONS[action]))
            where = f" for office {office.value}" if office is not None else ""
            raise Forbidden(f"{self.name} may not do this{where}: it needs the role {needed}")
        return self.account.actor(role)

    def official(self, organisation: Organisation | None) -> Official | None:
        """The official this account acts as: its name, the position it holds (``pelayanan
        users position``) and that position's holder. None where the service has no
        organisation (the actor is recorded as it is); :class:`Forbidden` when the account holds
        no position of the organisation in force. Whether the official may decide is the
        service's judgement alone (its authority check), never the web's."""
        if organisation is None:
            return None
        held = self.account.position
        if held is None:
            raise Forbidden(
                f"{self.name} holds no position in the organisation: a position is needed to "
                "decide as an official (pelayanan users position NAME ID)"
            )
        try:
            position = organisation.position(held)
        except UnknownPosition:
            raise Forbidden(
                f"{self.name} holds position {held!r}, which the organisation in force lacks: "
                "a position is needed to decide as an official"
            ) from None
        return Official(name=self.name, position=position, nip=position.holder)

    def objection_official(
        self, organisation: Organisation | None, case: dict[str, Any]
    ) -> Official | None:
        """The official deciding the pending objection of ``case`` (a register entry): a
        keberatan is decided by a city official, a banding by BPASN (no official named)."""
        objection = case.get("objection")
        if objection is None or objection.get("kind") != ObjectionKind.KEBERATAN.value:
            return None
        return self.official(organisation)

    @property
    def sees_personal_data(self) -> bool:
        # Auditors read everything but personal data, unless granted "reveal"; the roles that
        # handle complaints and cases see what they handle.
        return any(
            role
            in (
                AccountRole.REVEAL,
                AccountRole.COMPLAINT_OFFICER,
                AccountRole.ATASAN,
                AccountRole.TIM_PEMERIKSA,
                AccountRole.PEJABAT,
                AccountRole.ANALYST,
            )
            for role, _ in self.account.roles()
        )


# --------------------------------------------------------------------------- session cookies


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def sign_session(secret: bytes, account: UUID, *, now: float | None = None) -> str:
    expires = int((now if now is not None else time.time()) + SESSION_SECONDS)
    body = f"{account.hex}.{expires}"
    mac = hmac.new(secret, body.encode("ascii"), hashlib.sha256).digest()
    return f"{body}.{_b64(mac)}"


def read_session(secret: bytes, value: str, *, now: float | None = None) -> UUID | None:
    """The account id of a valid, unexpired session cookie, else None."""
    parts = value.split(".")
    if len(parts) != 3:
        return None
    body = f"{parts[0]}.{parts[1]}"
    expected = _b64(hmac.new(secret, body.encode("ascii"), hashlib.sha256).digest())
    if not hmac.compare_digest(expected, parts[2]):
        return None
    try:
        account, expires = UUID(hex=parts[0]), int(parts[1])
    except ValueError:
        return None
    if expires < (now if now is not None else time.time()):
        return None
    return account
