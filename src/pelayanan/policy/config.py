"""A city's configuration file: its parameter overrides, its days off by decree, its positions.

One TOML file (read with the standard library's ``tomllib``) says how a city works where the law
leaves room or is not verified (``docs/configuration.md`` shows a commented example)::

    [change]                      # who records these settings, on which decree
    decree = "Perwal Malang 12/2024"
    by = "Kepala BKPSDM Kota Malang"

    [parameters]                  # parameter id = value (docs/policy/catalogue.md)
    "sp4n.complaint_days" = 7

    [[days]]                      # a day off by decree, with its source
    day = 2024-05-20
    kind = "office_closure"       # public_holiday, cuti_bersama or office_closure
    name = "Hari jadi Kota Malang"
    source = "SE Wali Kota Malang 2024/12"

    [[positions]]                 # the organisation, each position naming its superior
    id = "walikota"
    title = "Wali Kota Malang"
    class = "ppk"

:func:`load_config` reads and checks the whole file before anything is opened: an unknown key,
a bad date, an unknown parameter or a value out of range is one :class:`ConfigError` naming the
file and the place. What the file says is kept in a canonical form (:attr:`CityConfig.content`,
plain JSON) with its SHA-256 digest: the service records that content as a settings change when
it differs from the settings on the record, and the audit rebuilds the settings in force from it
(:func:`config_from_content`). Comments, key order and the change's own metadata do not change
the digest; only what takes effect does.
"""

from __future__ import annotations

import difflib
import hashlib
import json
import tomllib
from collections.abc import Mapping
from datetime import date, datetime
from pathlib import Path
from typing import Any

import attrs

from pelayanan.domain.errors import InvalidValue
from pelayanan.domain.organisation import Organisation, Position, PositionClass
from pelayanan.domain.values import Nip, parse_enum, require_date
from pelayanan.policy.calendar import DayKind, LocalDay
from pelayanan.policy.parameters import PARAMETERS, PolicySettings

CONFIG_ENV = "PELAYANAN_CONFIG"
"""The environment variable naming the configuration file when ``--config`` is not given."""


class ConfigError(InvalidValue):
    """The configuration file cannot be used; the message names the file and the place."""


_TOP = ("change", "parameters", "days", "positions")
_CHANGE = ("decree", "by", "role")
_DAY = ("day", "kind", "name", "source")
_POSITION = ("id", "title", "class", "superior", "designated", "vacant", "holder")
_DAY_KINDS = ("public_holiday", "cuti_bersama", "office_closure")


@attrs.frozen
class CityConfig:
    """What a configuration file says, checked; ``content`` and ``digest`` are what is recorded.

    ``decree`` and ``changed_by`` (with ``role``) describe the change itself: the decree the
    settings follow and who records them.
    """

    settings: PolicySettings
    organisation: Organisation | None
    content: Mapping[str, Any] = attrs.field(repr=False)
    digest: str
    decree: str
    changed_by: str
    role: str


def digest_of(content: Mapping[str, Any]) -> str:
    """The SHA-256 of the canonical JSON of ``content`` (sorted keys, no spaces)."""
    text = json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def load_config(path: str | Path) -> CityConfig:
    """Read and check a configuration file; :class:`ConfigError` on anything wrong."""
    where = str(path)
    try:
        raw = Path(path).read_bytes()
    except FileNotFoundError:
        raise ConfigError(f"configuration file {where} does not exist") from None
    except IsADirectoryError:
        raise ConfigError(f"configuration file {where} is a directory") from None
    except OSError as exc:
        raise ConfigError(f"cannot read configuration file {where}: {exc.strerror}") from None
    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise ConfigError(f"{where}: not UTF-8 text") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{where}: not valid TOML: {exc}") from None
    return parse_config(data, where=where)


def parse_config(data: Mapping[str, Any], *, where: str = "configuration") -> CityConfig:
    """Check the tables of a configuration (as ``tomllib`` reads them)."""
    _known(data, _TOP, where)
    change = _table(data.get("change", {}), f"{where}: [change]")
    _known(change, _CHANGE, f"{where}: [change]")
    decree = _text(change.get("decree"), f"{where}: [change] decree")
    by = _text(change.get("by"), f"{where}: [change] by")
    role = _text(change.get("role", "pengelola konfigurasi"), f"{where}: [change] role")
    parameters = _table(data.get("parameters", {}), f"{where}: [parameters]")
    content = {
        "parameters": {str(k): _plain(v, f"{where}: parameter {k}") for k, v in parameters.items()},
        "days": [_day(d, f"{where}: days[{i}]") for i, d in enumerate(_list(data, "days", where))],
        "positions": [
            _position(p, f"{where}: positions[{i}]")
            for i, p in enumerate(_list(data, "positions", where))
        ],
    }
    settings, organisation = _build(content, where)
    return CityConfig(settings, organisation, content, digest_of(content), decree, by, role)


def config_from_content(
    content: Mapping[str, Any], *, decree: str = "", changed_by: str = "", role: str = ""
) -> CityConfig:
    """The configuration a recorded settings change holds (its ``content``), checked again."""
    settings, organisation = _build(content, "recorded settings")
    plain = {
        "parameters": dict(content.get("parameters", {})),
        "days": list(content.get("days", [])),
        "positions": list(content.get("positions", [])),
    }
    return CityConfig(settings, organisation, plain, digest_of(plain), decree, changed_by, role)


def with_organisation(
    base: CityConfig | None,
    organisation: Organisation,
    *,
    decree: str,
    changed_by: str,
    role: str,
) -> CityConfig:
    """``base`` (the settings in force; None: the law's own values) with its positions replaced
    by ``organisation``'s, as a change by ``changed_by`` on ``decree``: what a city records
    (:meth:`~pelayanan.service.ComplianceService.apply_config`) when its positions change."""
    if not isinstance(organisation, Organisation):
        raise ConfigError(f"organisation must be an Organisation, got {organisation!r}")
    content = dict(base.content) if base is not None else {}
    content["positions"] = [_position_content(p) for p in organisation.positions]
    return config_from_content(content, decree=decree, changed_by=changed_by, role=role)


def _position_content(position: Position) -> dict[str, Any]:
    """A position as a configuration file's ``[[positions]]`` entry holds it."""
    return {
        "id": position.id,
        "title": position.title,
        "class": position.position_class.value,
        "superior": position.superior,
        "designated": position.designated,
        "vacant": position.vacant,
        "holder": None if position.holder is None else position.holder.value,
    }


# --------------------------------------------------------------------------- checks


def _build(content: Mapping[str, Any], where: str) -> tuple[PolicySettings, Organisation | None]:
    overrides: dict[str, object] = {}
    for key, value in content.get("parameters", {}).items():
        parameter = PARAMETERS.get(key)
        if parameter is None:
            close = difflib.get_close_matches(key, PARAMETERS, n=1)
            hint = f"did you mean {close[0]!r}? " if close else ""
            raise ConfigError(
                f"{where}: unknown parameter {key!r} ({hint}the policy catalogue, "
                "docs/policy/catalogue.md, lists the parameters)"
            )
        try:
            parameter.check(value)
        except InvalidValue as exc:
            raise ConfigError(f"{where}: parameter {key}: {exc}") from None
        overrides[key] = value
    days = []
    for i, day in enumerate(content.get("days", [])):
        try:
            days.append(
                LocalDay(date.fromisoformat(day["day"]), DayKind(day["kind"]), day["name"],
                         day["source"])
            )
        except (InvalidValue, ValueError) as exc:
            raise ConfigError(f"{where}: days[{i}]: {exc}") from None
    positions = []
    for i, p in enumerate(content.get("positions", [])):
        try:
            positions.append(
                Position(
                    p["id"],
                    p["title"],
                    parse_enum(PositionClass, p["class"]),
                    p.get("superior"),
                    designated=bool(p.get("designated", False)),
                    vacant=bool(p.get("vacant", False)),
                    holder=None if p.get("holder") is None else Nip(p["holder"]),
                )
            )
        except InvalidValue as exc:
            raise ConfigError(f"{where}: positions[{i}] ({p.get('id')!r}): {exc}") from None
    try:
        organisation = Organisation(tuple(positions)) if positions else None
    except InvalidValue as exc:
        raise ConfigError(f"{where}: positions: {exc}") from None
    return PolicySettings(overrides=overrides, local_days=tuple(days)), organisation


def _known(table: Mapping[str, Any], known: tuple[str, ...], where: str) -> None:
    for key in table:
        if key not in known:
            raise ConfigError(f"{where}: unknown key {key!r} (expected {', '.join(known)})")


def _table(value: object, where: str) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        raise ConfigError(f"{where} must be a table, got {value!r}")
    return value


def _list(data: Mapping[str, Any], key: str, where: str) -> list[Mapping[str, Any]]:
    value = data.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, Mapping) for v in value):
        raise ConfigError(f"{where}: {key} must be an array of tables ([[{key}]])")
    return value


def _text(value: object, where: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ConfigError(f"{where} must be a non-empty text, got {value!r}")
    return value


def _flag(value: object, where: str) -> bool:
    if not isinstance(value, bool):
        raise ConfigError(f"{where} must be true or false, got {value!r}")
    return value


def _plain(value: object, where: str) -> Any:
    """A parameter value as JSON can hold it (a TOML date or time is no parameter value)."""
    if isinstance(value, Mapping):
        return {str(k): _plain(v, where) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v, where) for v in value]
    if isinstance(value, bool | int | float | str):
        return value
    raise ConfigError(f"{where}: a value is a number, text, true/false, array or table, "
                      f"got {value!r}")


def _day(entry: Mapping[str, Any], where: str) -> dict[str, Any]:
    _known(entry, _DAY, where)
    raw = entry.get("day")
    if isinstance(raw, datetime) or not isinstance(raw, date | str):
        raise ConfigError(f"{where}: bad date {raw!r}: expected YYYY-MM-DD")
    try:
        day = require_date("day", raw if isinstance(raw, date) else date.fromisoformat(raw))
    except ValueError as exc:
        detail = str(exc) if isinstance(exc, InvalidValue) else "expected YYYY-MM-DD"
        raise ConfigError(f"{where}: bad date {raw!r}: {detail}") from None
    kind = entry.get("kind")
    if kind not in _DAY_KINDS:
        raise ConfigError(f"{where}: kind must be one of {', '.join(_DAY_KINDS)}, got {kind!r}")
    return {
        "day": day.isoformat(),
        "kind": kind,
        "name": _text(entry.get("name"), f"{where}: name"),
        "source": _text(entry.get("source"), f"{where}: source (the decree that sets the day)"),
    }


def _position(entry: Mapping[str, Any], where: str) -> dict[str, Any]:
    _known(entry, _POSITION, where)
    superior = entry.get("superior")
    holder = entry.get("holder")
    return {
        "id": _text(entry.get("id"), f"{where}: id"),
        "title": _text(entry.get("title"), f"{where}: title"),
        "class": _text(entry.get("class"), f"{where}: class"),
        "superior": None if superior is None else _text(superior, f"{where}: superior"),
        "designated": _flag(entry.get("designated", False), f"{where}: designated"),
        "vacant": _flag(entry.get("vacant", False), f"{where}: vacant"),
        "holder": None if holder is None else _text(holder, f"{where}: holder"),
    }
