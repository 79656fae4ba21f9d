"""``pelayanan serve``: the HTTP API and the web pages, under uvicorn.

Needs the ``web`` extra (``pip install 'pelayanan[web]'``). Several workers (``--workers``)
share the store through the database, SQLite or PostgreSQL (on SQLite their writes take turns);
put a TLS-terminating reverse proxy in front (docs/web.md). The web stack is imported only when
this command runs.
"""

from __future__ import annotations

import argparse
import os
import secrets
from typing import Any

from pelayanan.cli.common import (
    CliUsageError,
    add_common_arguments,
    city_config,
    echo,
    positive_arg,
)


def register(subparsers: Any) -> None:
    serve = subparsers.add_parser(
        "serve", help="run the HTTP API and web pages (needs the web extra)"
    )
    add_common_arguments(serve, json_out=False, config=True)
    serve.add_argument("--host", default="127.0.0.1", help="address to listen on (%(default)s)")
    serve.add_argument("--port", type=positive_arg, default=8000, help="port (%(default)s)")
    serve.add_argument(
        "--workers", type=positive_arg, default=1, help="worker processes (%(default)s)"
    )
    serve.add_argument(
        "--secure-cookies",
        action="store_true",
        help="mark cookies Secure (behind TLS; automatic when the proxy says https)",
    )
    serve.add_argument(
        "--forwarded-allow-ips",
        metavar="IPS",
        help="trust X-Forwarded-* headers from these proxy addresses (e.g. 127.0.0.1)",
    )
    serve.set_defaults(handler=_serve)


def _serve(args: argparse.Namespace) -> int:
    try:
        import uvicorn
    except ImportError:
        raise CliUsageError(
            "pelayanan serve: the web extra is not installed (pip install 'pelayanan[web]')"
        ) from None
    from pelayanan.service import ComplianceService
    from pelayanan.web.app import DB_ENV, SECRET_ENV, SECURE_ENV

    # Refuse a missing or foreign store, or a configuration that cannot be used, here, with the
    # usual one-line message, before uvicorn. The configuration is recorded as the settings in
    # force if it differs from them; the workers then open the store with those settings.
    ComplianceService.open(args.db, must_exist=True, config=city_config(args)).close()
    os.environ[DB_ENV] = args.db
    os.environ[SECURE_ENV] = "1" if args.secure_cookies else "0"
    if args.workers > 1 and not os.environ.get(SECRET_ENV):
        # Workers must agree on the session secret; one made here lasts until the server stops.
        os.environ[SECRET_ENV] = secrets.token_hex(32)
        echo(
            f"pelayanan serve: {SECRET_ENV} is not set; sessions end when the server stops",
            err=True,
        )
    if not args.quiet:
        echo(f"pelayanan serve: http://{args.host}:{args.port}/ (Ctrl-C stops)", err=True)
    uvicorn.run(
        "pelayanan.web.app:app_from_env",
        factory=True,
        host=args.host,
        port=args.port,
        workers=args.workers,
        proxy_headers=args.forwarded_allow_ips is not None,
        forwarded_allow_ips=args.forwarded_allow_ips,
        log_level="info",
        server_header=False,
    )
    return 0
