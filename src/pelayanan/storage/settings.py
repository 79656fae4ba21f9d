"""Where events are stored: one ``--db`` string, a SQLite file path or a PostgreSQL location.

The string is turned into eventsourcing's persistence settings here, and nowhere else. A
PostgreSQL location is written the ways libpq accepts: a ``postgresql://`` URL (the password in
``user:password@`` or in ``?password=``) or a ``key=value`` string (``host=... password=...``).
Without a password there, it comes from ``POSTGRES_PASSWORD``, ``PGPASSWORD`` or a password file
(``passfile=``, ``PGPASSFILE`` or ``~/.pgpass``), in that order. A parameter pelayanan cannot pass
on to the driver (``sslmode``, say) is refused rather than silently ignored.

The password is used and never shown: a location is shown as :attr:`StoreLocation.display`, a
URL rebuilt from its parts with ``***`` where a password is in use, and :func:`redact` is what a
message shows of a string that could not be parsed.
"""

from __future__ import annotations

import os
import re
import sqlite3
import stat
from collections.abc import Mapping
from pathlib import Path
from urllib.parse import parse_qsl, quote, unquote, urlsplit, urlunsplit

import attrs

from pelayanan.domain.errors import StorageError

SQLITE_MAGIC = b"SQLite format 3\x00"

SQL_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]{0,50}$")
"""What a schema or application name must look like: it becomes part of SQL table names."""

PARAMETERS = ("host", "port", "dbname", "user", "password", "passfile", "connect_timeout", "schema")
"""The connection parameters pelayanan passes on; ``schema`` is its own (the tables' schema)."""

_LIBPQ_KEYWORDS = frozenset(
    {
        "host",
        "hostaddr",
        "port",
        "dbname",
        "user",
        "password",
        "passfile",
        "require_auth",
        "channel_binding",
        "connect_timeout",
        "client_encoding",
        "options",
        "application_name",
        "fallback_application_name",
        "keepalives",
        "keepalives_idle",
        "keepalives_interval",
        "keepalives_count",
        "tcp_user_timeout",
        "replication",
        "gssencmode",
        "sslmode",
        "requiressl",
        "sslcompression",
        "sslcert",
        "sslkey",
        "sslpassword",
        "sslcertmode",
        "sslrootcert",
        "sslcrl",
        "sslcrldir",
        "sslsni",
        "requirepeer",
        "ssl_min_protocol_version",
        "ssl_max_protocol_version",
        "krbsrvname",
        "gsslib",
        "gssdelegation",
        "service",
        "target_session_attrs",
        "load_balance_hosts",
        "schema",
    }
)
"""Every keyword libpq knows: a ``--db`` starting with one of them and ``=`` is a key=value
connection string, never a SQLite file name."""

_DSN_START = re.compile(r"^\s*([A-Za-z_]+)\s*=")


def require_sql_name(what: str, value: str) -> str:
    """Refuse a name that would not be a plain SQL identifier (no quoting tricks)."""
    if not isinstance(value, str) or not SQL_NAME.match(value):
        raise StorageError(f"{what} must be letters, digits and underscores, got {value!r}")
    return value


@attrs.frozen
class StoreLocation:
    """A parsed ``--db`` value."""

    engine: str  # "sqlite" or "postgres"
    env: dict[str, str] = attrs.field(repr=False)
    display: str

    @property
    def is_sqlite(self) -> bool:
        return self.engine == "sqlite"


def redact(url: str) -> str:
    """The URL with any password (``user:password@`` or ``password=``) replaced by ``***``."""
    hidden = re.sub(r"(?i)(password\s*=\s*)('(?:[^'\\]|\\.)*'?|[^\s&;]*)", r"\1***", url)
    try:
        parts = urlsplit(hidden)
        password = parts.password
    except ValueError:  # not a URL at all: hide everything after the scheme
        return hidden.split("://", 1)[0] + "://***" if "://" in hidden else "***"
    if password is None:
        return hidden
    netloc = parts.netloc.rsplit("@", 1)
    user = (parts.username or "") + ":***"
    return urlunsplit(parts._replace(netloc=f"{user}@{netloc[1]}"))


def parse_location(db: str) -> StoreLocation:
    """Parse a ``--db`` value; raise :class:`StorageError` with a clear message if it is bad."""
    if not isinstance(db, str) or not db.strip():
        raise StorageError("--db must be a SQLite file path or a postgresql:// URL")
    if db.startswith(("postgresql://", "postgres://")):
        return _postgres(_url_parameters(db))
    keyword = _DSN_START.match(db)
    if keyword and keyword.group(1).lower() in _LIBPQ_KEYWORDS:
        return _postgres(_dsn_parameters(db))
    if "://" in db:
        raise StorageError(f"unsupported database URL scheme in {redact(db)!r}")
    if db == ":memory:":
        return StoreLocation(
            "sqlite",
            {"PERSISTENCE_MODULE": "eventsourcing.sqlite", "SQLITE_DBNAME": ":memory:"},
            db,
        )
    path = Path(db)
    if path.is_dir():
        raise StorageError(f"{db} is a directory, not a database file")
    return StoreLocation(
        "sqlite",
        {"PERSISTENCE_MODULE": "eventsourcing.sqlite", "SQLITE_DBNAME": str(path)},
        str(path),
    )


def location_from_env(env: Mapping[str, str]) -> StoreLocation:
    """The location an application's persistence settings name, without looking anything up
    (the persistence module may be eventsourcing's or a read-only one of storage.readonly)."""
    if "postgres" in str(env.get("PERSISTENCE_MODULE", "")).lower():
        settings = {k: v for k, v in env.items() if k.startswith("POSTGRES_")}
        settings["PERSISTENCE_MODULE"] = "eventsourcing.postgres"
        return StoreLocation("postgres", settings, _display(settings))
    name = str(env.get("SQLITE_DBNAME", ":memory:"))
    return StoreLocation(
        "sqlite", {"PERSISTENCE_MODULE": "eventsourcing.sqlite", "SQLITE_DBNAME": name}, name
    )


def _url_parameters(url: str) -> dict[str, str]:
    """The parameters of a ``postgresql://`` URL: its parts, then its query (which wins)."""
    try:
        parts = urlsplit(url)
        port = parts.port
        password = parts.password
    except ValueError:
        raise StorageError(f"{redact(url)} is not a valid postgresql:// URL") from None
    found: dict[str, str] = {}
    if parts.hostname:
        found["host"] = unquote(parts.hostname)
    if port is not None:
        found["port"] = str(port)
    if parts.username:
        found["user"] = unquote(parts.username)
    if password is not None:
        found["password"] = unquote(password)
    if parts.path.lstrip("/"):
        found["dbname"] = unquote(parts.path.lstrip("/"))
    try:
        query = parse_qsl(parts.query, keep_blank_values=True, strict_parsing=bool(parts.query))
    except ValueError:
        raise StorageError(f"{redact(url)} has a malformed query (?key=value&...)") from None
    found.update(query)
    return found


def _dsn_parameters(dsn: str) -> dict[str, str]:
    """The parameters of a libpq ``key=value`` string: values plain or in single quotes, with
    backslash escaping a quote or a backslash. Errors never repeat the string (a password)."""
    found: dict[str, str] = {}
    pos, end = 0, len(dsn)
    while True:
        while pos < end and dsn[pos].isspace():
            pos += 1
        if pos == end:
            return found
        key = re.compile(r"([A-Za-z_]+)\s*=\s*").match(dsn, pos)
        if key is None:
            raise StorageError(
                f"malformed key=value connection string at character {pos + 1} "
                "(expected keyword=value)"
            )
        pos = key.end()
        value: list[str] = []
        quoted = pos < end and dsn[pos] == "'"
        pos += quoted
        while pos < end and (quoted or not dsn[pos].isspace()):
            char = dsn[pos]
            if char == "\\" and pos + 1 < end:
                pos += 1
                char = dsn[pos]
            elif quoted and char == "'":
                break
            value.append(char)
            pos += 1
        if quoted:
            if pos == end:
                raise StorageError(
                    f"malformed key=value connection string: the quoted value of "
                    f"{key.group(1)!r} is not closed"
                )
            pos += 1
        found[key.group(1).lower()] = "".join(value)


def _postgres(given: dict[str, str]) -> StoreLocation:
    unsupported = sorted(set(given) - set(PARAMETERS))
    if unsupported:
        raise StorageError(
            f"connection parameter {', '.join(map(repr, unsupported))} is not supported: "
            f"pelayanan passes only {', '.join(PARAMETERS)} to PostgreSQL"
        )
    host = given.get("host") or os.environ.get("PGHOST", "localhost")
    port = given.get("port") or "5432"
    user = given.get("user") or os.environ.get("PGUSER", "postgres")
    dbname = given.get("dbname", "")
    shown = _display({"POSTGRES_HOST": host, "POSTGRES_PORT": port, "POSTGRES_USER": user})
    if not dbname:
        raise StorageError(f"{shown} names no database (postgresql://host/DBNAME or dbname=...)")
    if not port.isdigit() or not 0 < int(port) < 65536:
        raise StorageError(f"{shown} has an invalid port {port!r}")
    timeout = given.get("connect_timeout") or "5"
    if not timeout.isdigit() or int(timeout) < 1:
        raise StorageError(f"connect_timeout must be a whole number of seconds, got {timeout!r}")
    password = given.get("password")
    if password is None:
        password = os.environ.get("POSTGRES_PASSWORD", os.environ.get("PGPASSWORD"))
    if password is None:
        passfile = given.get("passfile") or os.environ.get("PGPASSFILE")
        password = password_from_file(
            Path(passfile) if passfile else Path.home() / ".pgpass", host, port, dbname, user
        )
    env = {
        "PERSISTENCE_MODULE": "eventsourcing.postgres",
        "POSTGRES_DBNAME": dbname,
        "POSTGRES_HOST": host,
        "POSTGRES_PORT": port,
        "POSTGRES_USER": user,
        "POSTGRES_PASSWORD": password or "",
        "POSTGRES_CONNECT_TIMEOUT": timeout,
    }
    if "schema" in given:
        env["POSTGRES_SCHEMA"] = require_sql_name("schema", given["schema"])
    return StoreLocation("postgres", env, _display(env))


def _display(env: Mapping[str, str]) -> str:
    """``postgresql://user[:***]@host:port/dbname[?schema=...]``: every part percent-encoded
    (so nothing in it can steer a terminal), the password never."""
    host = env.get("POSTGRES_HOST", "")
    host = f"[{host}]" if ":" in host else quote(host, safe=".-_~")
    secret = ":***" if env.get("POSTGRES_PASSWORD") else ""
    shown = (
        f"postgresql://{quote(env.get('POSTGRES_USER', ''), safe='')}{secret}@{host}:"
        f"{quote(env.get('POSTGRES_PORT', ''), safe='')}"
    )
    if "POSTGRES_DBNAME" in env:
        shown += f"/{quote(env['POSTGRES_DBNAME'], safe='')}"
    if env.get("POSTGRES_SCHEMA"):
        shown += f"?schema={env['POSTGRES_SCHEMA']}"
    return shown


def password_from_file(path: Path, host: str, port: str, dbname: str, user: str) -> str | None:
    """The password a libpq password file gives for this connection, if any.

    Lines are ``hostname:port:database:username:password``; ``*`` matches anything, ``\\:`` and
    ``\\\\`` stand for ``:`` and ``\\``, the first matching line wins. As libpq does, a file
    that others may read (or that is not a regular file) is not used.
    """
    try:
        mode = path.stat().st_mode
        if not stat.S_ISREG(mode) or mode & (stat.S_IRWXG | stat.S_IRWXO):
            return None
        text = path.read_bytes().decode("utf-8")  # lines end at \n only, as libpq reads them
        lines = [line.removesuffix("\r") for line in text.split("\n")]
    except (OSError, UnicodeDecodeError):
        return None
    wanted = ("localhost" if host.startswith("/") else host, port, dbname, user)
    for line in lines:
        if not line.strip() or line.startswith("#"):
            continue
        fields = _passfile_fields(line)
        if len(fields) == 5 and all(f in ("*", w) for f, w in zip(fields, wanted, strict=False)):
            return fields[4]
    return None


def _passfile_fields(line: str) -> list[str]:
    fields: list[str] = []
    current: list[str] = []
    escaped = False
    for char in line:
        if escaped:
            current.append(char)
            escaped = False
        elif char == "\\":
            escaped = True
        elif char == ":" and len(fields) < 4:
            fields.append("".join(current))
            current = []
        else:
            current.append(char)
    fields.append("".join(current))
    return fields


def check_sqlite_file(path: str, *, must_exist: bool, whole_file: bool = True) -> None:
    """Refuse a missing (when required), corrupt or foreign SQLite file with a clear message.

    ``whole_file``: also run SQLite's ``quick_check``, which reads every page of the file. A
    reader that reads every row it needs anyway and names a page it cannot read (the audit's
    log scan) passes False: on the demo year's 200 MB file the check alone costs a third of a
    bare read of the log."""
    if path == ":memory:" or "mode=memory" in path:
        return
    file = Path(path)
    if not file.exists():
        if must_exist:
            raise StorageError(f"no event store at {path}")
        return
    if file.stat().st_size == 0:
        return
    with file.open("rb") as fh:
        header = fh.read(16)
    if header != SQLITE_MAGIC:
        raise StorageError(f"{path} is not a SQLite database")
    try:
        from pelayanan.storage.readonly import read_only_uri  # leaves no -wal/-shm behind

        conn = sqlite3.connect(read_only_uri(file), uri=True)
        try:
            tables = {
                r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")
            }
            if whole_file:
                conn.execute("PRAGMA quick_check").fetchone()
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        raise StorageError(f"{path} is not a readable SQLite database: {exc}") from None
    if tables and "stored_events" not in tables:
        raise StorageError(
            f"{path} is a SQLite database of something else (no stored_events table); "
            "pelayanan will not write into it"
        )
