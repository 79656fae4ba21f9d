"""The ASGI application: API, pages, OpenAPI, and one mapping from library errors to HTTP.

``create_app(db)`` opens the store, catches the views up, and returns a Litestar application;
``pelayanan serve`` runs it under uvicorn. Errors are JSON ``{"error": Name, "message": ...}``
on the API and a page on the site; a 500 means a bug in pelayanan, never bad input.
"""

from __future__ import annotations

import logging
import os
import secrets
from pathlib import Path
from typing import Any

import jinja2
from litestar import Litestar, MediaType, Request, Response, Router, get
from litestar.config.csrf import CSRFConfig
from litestar.exceptions import HTTPException, NotFoundException, ValidationException
from litestar.openapi import OpenAPIConfig
from litestar.openapi.plugins import SwaggerRenderPlugin
from litestar.plugins.jinja import JinjaTemplateEngine
from litestar.response import Redirect, Template
from litestar.static_files import create_static_files_router
from litestar.template.config import TemplateConfig

from pelayanan import __version__
from pelayanan.domain.errors import (
    AlreadyExists,
    CommandRefused,
    ConcurrencyConflict,
    InvalidValue,
    NotFound,
    PelayananError,
    StorageError,
)
from pelayanan.service import ComplianceService
from pelayanan.web import actions, api, pages
from pelayanan.web.auth import Forbidden, NotAuthenticated, TooManyAttempts
from pelayanan.web.context import WebContext
from pelayanan.web.gate import credentials_gate

log = logging.getLogger("pelayanan.web")
HERE = Path(__file__).parent
SECRET_ENV = "PELAYANAN_WEB_SECRET"

STATUS: tuple[tuple[type[PelayananError], int], ...] = (
    (NotAuthenticated, 401),
    (Forbidden, 403),
    (TooManyAttempts, 429),
    (NotFound, 404),
    (InvalidValue, 422),
    (AlreadyExists, 409),
    (ConcurrencyConflict, 409),
    (CommandRefused, 409),
    (StorageError, 503),
)


def status_of(error: PelayananError) -> int:
    for kind, status in STATUS:
        if isinstance(error, kind):
            return status
    return 400


def _wants_json(request: Request[Any, Any, Any]) -> bool:
    return request.url.path.startswith("/api") or request.url.path in ("/healthz",)


def _error(request: Request[Any, Any, Any], status: int, name: str, message: str) -> Response[Any]:
    if _wants_json(request):
        return Response({"error": name, "message": message}, status_code=status)
    if status == 401:
        return Redirect(f"/login?next={request.url.path}")
    return Template(
        "error.html",
        context=pages.page_context(request, None, status=status, name=name, message=message),
        status_code=status,
    )


def on_pelayanan_error(request: Request[Any, Any, Any], exc: Exception) -> Response[Any]:
    assert isinstance(exc, PelayananError)
    status = status_of(exc)
    if status == 503:
        log.warning("storage unavailable on %s %s", request.method, request.url.path)
    return _error(request, status, type(exc).__name__, str(exc))


def on_http_error(request: Request[Any, Any, Any], exc: Exception) -> Response[Any]:
    assert isinstance(exc, HTTPException)
    if isinstance(exc, ValidationException):
        # Litestar's message names the field; its extra says what was wrong with it.
        details = "; ".join(
            f"{e.get('key', '?')}: {e.get('message', '')}"
            for e in (exc.extra if isinstance(exc.extra, list) else [])
            if isinstance(e, dict)
        )
        message = f"{exc.detail}" + (f" ({details})" if details else "")
        return _error(request, 400, "BadRequest", message)
    if isinstance(exc, NotFoundException):
        return _error(request, 404, "NotFound", f"no such address: {request.url.path}")
    name = type(exc).__name__.removesuffix("Exception") or "HTTPError"
    return _error(request, exc.status_code, name, str(exc.detail))


def on_bug(request: Request[Any, Any, Any], exc: Exception) -> Response[Any]:
    # Only the kind of error and the route: messages may carry what a client sent.
    log.error("internal error %s on %s %s", type(exc).__name__, request.method, request.url.path)
    return _error(request, 500, "InternalError", "pelayanan failed on this request; this is a bug")


@get("/healthz", sync_to_thread=True, include_in_schema=False)
def healthz(request: Request[Any, Any, Any]) -> dict[str, Any]:
    ctx: WebContext = request.app.state.ctx
    return {"status": "ok", "head": ctx.runner.store.head(), "version": __version__}


@get("/openapi.json", sync_to_thread=False, include_in_schema=False, media_type=MediaType.JSON)
def openapi_json(request: Request[Any, Any, Any]) -> dict[str, Any]:
    schema: dict[str, Any] = request.app.openapi_schema.to_schema()
    return schema


_DICT_ATTRIBUTES = frozenset(dir(dict))


class _Templates(jinja2.Environment):
    """Jinja with one shortcut: ``row.zone`` on a dict is the dict's item, found first.

    Jinja tries the attribute first and takes the item after the ``AttributeError``; the pages
    read their rows (view documents, dicts) that way thousands of times, and the raised errors
    were a third of the board page's CPU. The answer is Jinja's own: a plain dict has exactly the
    attributes ``dir(dict)`` lists, and those still win."""

    def getattr(self, obj: Any, attribute: str) -> Any:
        if type(obj) is dict and attribute not in _DICT_ATTRIBUTES:
            try:
                return obj[attribute]
            except KeyError:
                return self.undefined(obj=obj, name=attribute)
        return super().getattr(obj, attribute)


def _templates() -> jinja2.Environment:
    # The templates ship with the package: no need to look at their files again on each page.
    return _Templates(
        loader=jinja2.FileSystemLoader(HERE / "templates"), autoescape=True, auto_reload=False
    )


def _secret() -> bytes:
    configured = os.environ.get(SECRET_ENV)
    if configured:
        return configured.encode("utf-8")
    # Without a configured secret, sessions last as long as this process: fine for one
    # process, but several workers must share PELAYANAN_WEB_SECRET (docs/web.md).
    return secrets.token_bytes(32)


def create_app(
    db: str,
    *,
    service: ComplianceService | None = None,
    secure_cookies: bool = False,
    secret: bytes | None = None,
) -> Litestar:
    """The application over the store ``db`` (opened here unless ``service`` is given)."""
    owned = service is None
    if service is None:
        service = ComplianceService.open(db, vault="store")
    key = secret or _secret()
    ctx = WebContext(service, db, secret=key, secure_cookies=secure_cookies)
    ctx.catch_up()

    def close() -> None:
        if owned:
            service.close()

    app = Litestar(
        route_handlers=[
            healthz,
            openapi_json,
            api.router,
            # Handlers sharing a path register together (one Router), each exactly once.
            Router(path="/", route_handlers=[*pages.HANDLERS, *actions.HANDLERS]),
            create_static_files_router(path="/static", directories=[HERE / "static"]),
        ],
        template_config=TemplateConfig(
            instance=JinjaTemplateEngine.from_environment(_templates())
        ),
        openapi_config=OpenAPIConfig(
            title="pelayanan",
            version=__version__,
            description=(
                "Public-service compliance: offices, sidak, complaints and PP 94/2021 "
                "discipline. Commands need 'Authorization: Bearer <token>' and accept an "
                "'Idempotency-Key' header; errors are {error, message}."
            ),
            path="/docs",
            render_plugins=[SwaggerRenderPlugin()],
        ),
        csrf_config=CSRFConfig(
            secret=key.hex(),
            cookie_name="pelayanan_csrf",
            cookie_secure=secure_cookies,
            cookie_samesite="strict",
            header_name="x-csrftoken",
            exclude=["/api", "/healthz", "/openapi.json", "/docs"],
        ),
        exception_handlers={
            PelayananError: on_pelayanan_error,
            HTTPException: on_http_error,
            Exception: on_bug,
        },
        after_request=_security_headers,
        middleware=[credentials_gate],
        on_shutdown=[close],
        debug=False,
    )
    app.state.ctx = ctx
    return app


async def _security_headers(response: Response[Any]) -> Response[Any]:
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["X-Frame-Options"] = "DENY"
    response.headers["Referrer-Policy"] = "same-origin"
    return response


DB_ENV = "PELAYANAN_WEB_DB"
SECURE_ENV = "PELAYANAN_WEB_SECURE_COOKIES"


def app_from_env() -> Litestar:
    """The factory uvicorn's workers call (``pelayanan serve`` sets the environment)."""
    db = os.environ.get(DB_ENV)
    if not db:
        raise InvalidValue(f"set {DB_ENV} to the store to serve")
    return create_app(db, secure_cookies=os.environ.get(SECURE_ENV) == "1")
