"""The outermost check: a write without any credentials is refused with 401 before anything
else looks at it (CSRF, body parsing), so the answer to "who are you?" comes first."""

from __future__ import annotations

import json
from typing import Any

from litestar.types import ASGIApp, Receive, Scope, Send

from pelayanan.web.auth import SESSION_COOKIE

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
OPEN_PATHS = frozenset({"/login"})


def _has_credentials(scope: Scope) -> bool:
    for name, value in scope.get("headers", ()):
        if name == b"authorization":
            return True
        if name == b"cookie" and f"{SESSION_COOKIE}=".encode() in value:
            return True
    return False


def credentials_gate(app: ASGIApp) -> ASGIApp:
    async def gate(scope: Scope, receive: Receive, send: Send) -> None:
        raw: Any = scope
        if (
            raw["type"] == "http"
            and raw["method"] not in SAFE_METHODS
            and scope["path"] not in OPEN_PATHS
            and not _has_credentials(scope)
        ):
            body = json.dumps(
                {
                    "error": "NotAuthenticated",
                    "message": "sign in first (a session, or 'Authorization: Bearer <token>')",
                }
            ).encode()
            start: Any = {
                "type": "http.response.start",
                "status": 401,
                "headers": [
                    (b"content-type", b"application/json"),
                    (b"content-length", str(len(body)).encode()),
                    (b"www-authenticate", b"Bearer"),
                ],
            }
            end: Any = {"type": "http.response.body", "body": body}
            await send(start)
            await send(end)
            return
        await app(scope, receive, send)

    return gate
