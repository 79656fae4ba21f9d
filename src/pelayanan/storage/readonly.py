"""Opening a store so that nothing can be written: what every checking command uses.

SQLite: the file is opened with SQLite's read-only URI (``mode=ro``), never switched to WAL and
never given tables. A WAL-mode file that no program has open (no ``-wal`` file beside it) is
read as ``immutable=1``: a plain ``mode=ro`` reader would leave a new ``-wal`` and ``-shm``
file behind (SQLite needs them to read a WAL database, and a read-only connection cannot remove
them). ``immutable`` takes no locks: a program that starts writing the file while a check runs
could make the check read a mixture (and fail); an auditor checks a copy. A file that is in use
(its ``-wal`` is there) or is in rollback-journal mode is read with ``mode=ro`` alone, taking
SQLite's shared locks as any reader does.

PostgreSQL: no tables are created and every transaction is ``READ ONLY``
(``default_transaction_read_only``), so a role that could write still writes nothing, and a
role granted only ``SELECT`` works.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import quote

from pelayanan.storage.settings import StoreLocation

# The eventsourcing factories live apart, so that reading the URI (``verify``) imports no
# eventsourcing and no PostgreSQL driver.
_FACTORIES = "pelayanan.storage.readonly_factories"
_WAL_MODE = 2  # byte 18 (and 19) of a SQLite header: 1 rollback journal, 2 WAL


def read_only_uri(path: str | Path) -> str:
    """The SQLite URI that reads ``path`` without creating, changing or leaving any file."""
    file = Path(path).resolve()
    uri = f"file:{quote(str(file))}?mode=ro"
    wal = Path(f"{file}-wal")
    try:
        with file.open("rb") as fh:
            header = fh.read(20)
    except OSError:
        return uri
    if len(header) == 20 and header[18] == _WAL_MODE and not wal.exists():
        # Nothing has the file open (a WAL database's last connection removes its -wal), so
        # every committed change is in the file itself.
        return uri + "&immutable=1"
    return uri


def read_only_env(location: StoreLocation) -> dict[str, str]:
    """eventsourcing settings that open ``location`` read-only (see the module docstring)."""
    env = dict(location.env)
    env["CREATE_TABLE"] = "no"
    if location.is_sqlite:
        env["PERSISTENCE_MODULE"] = f"{_FACTORIES}:ReadOnlySQLiteFactory"
    else:
        env["PERSISTENCE_MODULE"] = f"{_FACTORIES}:ReadOnlyPostgresFactory"
    return env


def is_read_only(app: Any) -> bool:
    """Was ``app`` (an eventsourcing application) opened with :func:`read_only_env`?"""
    return getattr(getattr(app, "factory", None), "read_only", False) is True
