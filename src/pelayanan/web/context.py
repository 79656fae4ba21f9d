"""What every request handler shares: the service, the accounts, the views, and who is asking."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any, TypeVar

from litestar import Request

from pelayanan.accounts import Accounts
from pelayanan.domain.account import AccountRole
from pelayanan.projections import ReadModelRunner, default_registry
from pelayanan.projections.reader import ViewReader
from pelayanan.service import ComplianceService
from pelayanan.web.auth import SESSION_COOKIE, NotAuthenticated, Principal, read_session
from pelayanan.web.idempotency import IdempotencyKeys
from pelayanan.web.throttle import LoginThrottle

T = TypeVar("T")
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


class WebContext:
    """One per server process."""

    def __init__(
        self, service: ComplianceService, db: str, *, secret: bytes, secure_cookies: bool
    ) -> None:
        self.service = service
        self.db = db
        self.secret = secret
        self.secure_cookies = secure_cookies
        self.accounts = Accounts(service)
        self.runner = ReadModelRunner(service, default_registry().all())
        self.idempotency = IdempotencyKeys(self.runner.store)
        self.throttle = LoginThrottle(self.runner.store)
        # Per view: the head it was last brought to here, and a lock so one thread catches up.
        self._seen: dict[str, int] = {}
        self._locks = {name: threading.Lock() for name in self.runner.projections}
        self._integrity: tuple[int, dict[str, Any]] | None = None
        self._integrity_lock = threading.Lock()

    # ------------------------------------------------------------------ views

    def catch_up(self, name: str | None = None) -> None:
        """Bring one view (or all) up to the log's head, if it moved since that view last
        caught up here: one cheap query when it did not.

        Every read calls this for the view it reads, so a command's effect shows on the next
        page load, whichever worker recorded it: the head is the shared database's.
        """
        head = self.runner.store.head()
        names = [name] if name is not None else list(self.runner.projections)
        for view in names:
            if self._seen.get(view) == head:
                continue
            with self._locks[view]:
                if self._seen.get(view) == head:
                    continue
                self.runner.catch_up(view)
                self._seen[view] = head

    def view(self, name: str) -> ViewReader:
        self.catch_up(name)
        return self.runner.reader(name)

    # ------------------------------------------------------------------ who is asking

    def principal(self, request: Request[Any, Any, Any], *, api: bool) -> Principal:
        """The signed-in account, or :class:`NotAuthenticated` saying why not."""
        header = request.headers.get("authorization")
        if header is not None:
            scheme, _, token = header.partition(" ")
            if scheme.lower() != "bearer" or not token.strip():
                raise NotAuthenticated("the Authorization header must be 'Bearer <token>'")
            account = self.accounts.by_token(token.strip())
            if account is None:
                raise NotAuthenticated(
                    "this token is not valid: unknown, revoked, or its account is disabled"
                )
            return Principal(account, "token")
        cookie = request.cookies.get(SESSION_COOKIE)
        if cookie:
            ident = read_session(self.secret, cookie)
            account = None if ident is None else self.accounts.by_id(ident)
            if account is not None and not account.disabled:
                if api and request.method not in SAFE_METHODS:
                    # Pages post forms (with CSRF tokens); API writes carry a bearer token.
                    raise NotAuthenticated("API commands need 'Authorization: Bearer <token>'")
                return Principal(account, "session")
            raise NotAuthenticated("your session has ended; sign in again")
        raise NotAuthenticated("sign in first (a session, or 'Authorization: Bearer <token>')")

    def integrity(self) -> dict[str, Any]:
        """The verify report of the whole log, recomputed only when the head moved."""
        from pelayanan.audit.store import open_log
        from pelayanan.audit.verify import verify

        head = self.runner.store.head()
        with self._integrity_lock:
            if self._integrity is not None and self._integrity[0] == head:
                return self._integrity[1]
            log = open_log(self.db, read_only=True)
            try:
                report = verify(log).to_dict()
            finally:
                log.close()
            report["head"] = head
            self._integrity = (head, report)
            return report

    def run(self, call: Callable[[], T]) -> T:
        """A command through the service. The views are not caught up here: each read brings
        the view it reads up to date first, so the next page shows the command anyway."""
        return call()


def is_admin(principal: Principal) -> bool:
    return principal.account.has(AccountRole.ADMIN)
