r"""Arguments and helpers shared by the command modules.

Everything a command prints goes through :func:`echo` (text), :func:`print_json` or
:func:`redraw` (a progress line): stored text can hold anything a person or a program typed,
and a terminal obeys some characters instead of showing them. ANSI escape sequences recolour or
rewrite the screen, bidi overrides (U+202A..U+202E, U+2066..U+2069) reorder what is shown, a
newline forges a line of its own, zero-width characters make two different names look the same.
So every control, format and line/paragraph separator character is printed as a visible escape
(``\x1b``, ``\u202e``, ``\n``); in JSON as the equivalent ``\uXXXX`` escape, so the data a
program reads back is exactly what is stored. Stored data itself is never changed.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import sys
import time
import unicodedata
from collections.abc import Callable, Iterator
from datetime import date, datetime
from typing import TYPE_CHECKING, Any, Literal

from pelayanan.domain.errors import InvalidValue
from pelayanan.domain.values import require_date

if TYPE_CHECKING:
    from pelayanan.policy.config import CityConfig
    from pelayanan.projections import Progress
    from pelayanan.service import ComplianceService


# The exit codes (docs/cli.md's table): 0 done and every check passed, and these.
FINDINGS = 1
"""A check ran and found a problem (its report says which)."""
USAGE = 2
"""The command line is wrong; nothing was read or written."""
COULD_NOT_RUN = 3
"""The work could not be done: the store cannot be opened or read, the record is not recorded,
the rules refuse the command, an output cannot be written. The reason is on stderr."""


class CliUsageError(Exception):
    """Bad command-line usage: printed as one line, exit code 2 (:data:`USAGE`)."""


DEFAULT_DB = "pelayanan.db"


def add_common_arguments(
    parser: argparse.ArgumentParser, *, db: bool = True, json_out: bool = True, config: bool = False
) -> None:
    """``--db`` and ``--json`` where asked for, ``--quiet`` on every command; ``config`` adds
    ``--config``, for the commands whose result depends on the city's settings
    (docs/configuration.md)."""
    if db:
        parser.add_argument(
            "--db",
            default=DEFAULT_DB,
            type=db_arg,
            metavar="URL",
            help="SQLite file path or postgresql:// URL (default: %(default)s)",
        )
    if config:
        parser.add_argument(
            "--config",
            metavar="FILE",
            help="the city's configuration file (TOML, docs/configuration.md; default: the file "
            "PELAYANAN_CONFIG names, if set)",
        )
    if json_out:
        parser.add_argument("--json", action="store_true", help="print JSON instead of text")
    add_quiet(parser)


def add_quiet(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--quiet",
        action="store_true",
        help="no progress and no notes on stderr (errors are still printed)",
    )


def db_arg(text: str) -> str:
    """A ``--db`` value that names a store (whether the store exists is checked on opening)."""
    from pelayanan.domain.errors import PelayananError
    from pelayanan.storage.settings import parse_location

    try:
        parse_location(text)
    except PelayananError as exc:
        raise argparse.ArgumentTypeError(str(exc).removeprefix("--db ")) from None
    return text


def note(args: argparse.Namespace, line: str) -> None:
    """A non-essential line on stderr (``note: ...``), unless ``--quiet``."""
    if not getattr(args, "quiet", False):
        echo(f"note: {line}", err=True)


class ProgressLine:
    """A progress bar on stderr, redrawn in place: only on a terminal and without ``--quiet``.

    A program reading the output (stderr not a TTY) gets none, so logs hold no carriage returns.
    Call it with the notification position reached (and the target, once known); ``done()``
    ends the line. Redrawn at most ten times a second. ``target`` may be a function (the log's
    head): it is asked only when a line is shown, so a piped run pays no extra query.
    """

    def __init__(
        self, args: argparse.Namespace, label: str, target: int | Callable[[], int] = 0
    ) -> None:
        self.enabled = not getattr(args, "quiet", False) and sys.stderr.isatty()
        self.label = label
        self._target = target
        self._started = time.monotonic()
        self._shown = 0.0
        self._drawn = False

    def __bool__(self) -> bool:
        return self.enabled

    def __call__(self, position: int, target: int | None = None, label: str | None = None) -> None:
        if not self.enabled:
            return
        if target is not None:
            self._target = target
        if label is not None and label != self.label:
            self.done()
            self.label = label
        now = time.monotonic()
        if now - self._shown < 0.1 and position < self.target:
            return
        self._shown = now
        goal = self.target
        done = 1.0 if goal <= 0 else min(1.0, position / goal)
        bar = "#" * int(done * 30)
        elapsed = now - self._started
        redraw(f"{self.label:<24} [{bar:<30}] {position}/{goal} {elapsed:.0f} s")
        self._drawn = True

    @property
    def target(self) -> int:
        if callable(self._target):
            self._target = self._target()
        return self._target

    def projection(self, p: Progress) -> None:
        """For the projection runner's callbacks (one line per projection)."""
        self(p.position, p.target, label=p.projection)

    def finish(self) -> None:
        """Draw the bar full (the log read to its end, even if no page matched) and end it."""
        if self.enabled:
            self._shown = 0.0
            self(self.target)
        self.done()

    def done(self) -> None:
        if self._drawn:
            echo(err=True)
            self._drawn = False
        self._started = time.monotonic()


def progress_callback(line: ProgressLine) -> Callable[[int], None] | None:
    """``line`` as a library's ``progress`` argument; None when nothing is shown (no cost)."""
    return line if line else None


def city_config(args: argparse.Namespace) -> CityConfig | None:
    """The configuration file ``--config`` (or ``PELAYANAN_CONFIG``) names, checked; a file that
    cannot be used is a usage error, before anything is opened."""
    import os

    from pelayanan.policy.config import CONFIG_ENV, ConfigError, load_config

    if not hasattr(args, "config"):
        return None  # a command whose result does not depend on the settings
    path = args.config or os.environ.get(CONFIG_ENV) or None
    if path is None:
        return None
    try:
        return load_config(path)
    except ConfigError as exc:
        raise CliUsageError(f"pelayanan: {exc}") from None


@contextlib.contextmanager
def open_service(
    args: argparse.Namespace,
    *,
    must_exist: bool = True,
    vault: Literal["store"] | None = None,
    read_only: bool = False,
) -> Iterator[ComplianceService]:
    """The store named by ``--db``, checked (missing, corrupt or foreign files are refused);
    ``read_only`` for checking commands: nothing can be written. With a configuration file, its
    settings are used, and recorded as the settings in force unless ``read_only``."""
    from pelayanan.service import ComplianceService

    config = city_config(args)
    service = ComplianceService.open(
        args.db, must_exist=must_exist, vault=vault, read_only=read_only, config=config
    )
    try:
        if config is not None and read_only:
            record = service.settings_record()
            if record is None or record.digest != config.digest:
                note(
                    args,
                    "the configuration file's settings are not the settings in force on the "
                    "record; `pelayanan settings apply` records them",
                )
        yield service
    finally:
        service.close()


_UNSAFE = frozenset({"Cc", "Cf", "Cs", "Zl", "Zp"})
"""Unicode categories a terminal may act on rather than show: controls (ESC, CR, newline),
formats (bidi overrides and isolates, zero-width characters), lone surrogates and separators."""


def _unsafe(char: str) -> bool:
    return unicodedata.category(char) in _UNSAFE


def terminal_safe(text: str) -> str:
    """``text`` as one line that shows what it holds: each unsafe character as an escape."""
    if text.isprintable():  # the common case: nothing to do (printable excludes all of _UNSAFE)
        return text
    return "".join(
        char.encode("unicode_escape").decode("ascii") if _unsafe(char) else char for char in text
    )


def _json_escape(char: str) -> str:
    units = char.encode("utf-16-be", "surrogatepass")
    return "".join(f"\\u{units[i]:02x}{units[i + 1]:02x}" for i in range(0, len(units), 2))


def echo(text: str = "", *, err: bool = False) -> None:
    """Print one line (on stderr with ``err``), made safe by :func:`terminal_safe`."""
    stream = sys.stderr if err else sys.stdout
    stream.write(terminal_safe(text) + "\n")
    if err:
        stream.flush()


def redraw(text: str) -> None:
    """Overwrite the current stderr line (a progress bar), made safe by :func:`terminal_safe`."""
    sys.stderr.write("\r" + terminal_safe(text))
    sys.stderr.flush()


def print_json(data: Any) -> None:
    """``data`` as JSON; characters a terminal would act on are written as ``\\uXXXX``."""
    text = json.dumps(data, ensure_ascii=False, indent=2, default=str)
    if not text.replace("\n", "").isprintable():
        # Outside strings JSON text is ASCII, so every such character is inside a string,
        # where its \uXXXX escape decodes to the very same character.
        text = "".join(_json_escape(c) if c != "\n" and _unsafe(c) else c for c in text)
    sys.stdout.write(text + "\n")


# argparse ``type=`` converters: a bad value becomes a one-line usage error (exit 2).


def _whole_number(text: str, minimum: int) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
    if value < minimum:
        raise argparse.ArgumentTypeError(f"must be {minimum} or more, got {value}")
    return value


def count_arg(text: str) -> int:
    """A whole number of at least 0."""
    return _whole_number(text, 0)


def positive_arg(text: str) -> int:
    """A whole number of at least 1."""
    return _whole_number(text, 1)


def date_arg(text: str) -> date:
    """``YYYY-MM-DD`` within the years the library accepts."""
    try:
        return require_date("date", date.fromisoformat(text))
    except ValueError as exc:
        # InvalidValue is a ValueError too: a year outside 2000..2200 is a usage error here.
        detail = str(exc) if isinstance(exc, InvalidValue) else "expected YYYY-MM-DD"
        raise argparse.ArgumentTypeError(f"bad date {text!r}: {detail}") from None


def moment_arg(text: str) -> datetime:
    """An ISO 8601 time with a UTC offset."""
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"bad time {text!r}: expected ISO 8601, e.g. 2024-05-06T17:00+07:00"
        ) from None
    if moment.tzinfo is None:
        raise argparse.ArgumentTypeError(f"time {text!r} needs a UTC offset, e.g. +07:00 (WIB)")
    return moment
