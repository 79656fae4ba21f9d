"""The stored-event encoder with orjson (the ``fast`` extra) writing the JSON text.

:class:`CompiledJSONTranscoder` writes the very bytes eventsourcing's ``JSONTranscoder`` writes,
as :class:`~pelayanan.storage.fastjson.FastJSONTranscoder` does, with the text itself written by
orjson's compiled encoder. orjson has its own ideas about enums, UUIDs, dates and floats, so it
is never handed one: a pass in Python turns each event into plain JSON values first, by exact
type, and gives orjson only

- ``str``, ``int``, ``bool`` and ``None`` (orjson writes them as ``json`` does: the same
  escapes, non-ASCII kept; tests/storage/test_compiledjson.py checks any string, hostile ones
  included);
- ``dict`` with ``str`` keys, ``list`` and ``tuple``, converted item by item;
- ``orjson.Fragment``: text already written, for a registered type's whole wrapper
  ``{"_type_":..,"_data_":..}`` where the pure-Python writer knows it (an enum member's text is
  computed once per member, a date or time is its ``isoformat()``);
- for an attrs value, the wrapper as a ``dict`` whose data is its fields, converted.

Anything else (a float, a subclass of a plain type, an unregistered type, a key that is not a
``str``, an integer beyond 64 bits, a lone surrogate, a cycle) makes orjson or the pass fail,
and the object is encoded whole by the pure-Python path, which gives the reference's bytes or
the reference's error. Decoding is eventsourcing's, unchanged.

Without orjson installed, :func:`best_transcoder` gives the pure-Python encoder: the bytes are
the same either way (docs/performance.md says what each costs).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date, datetime, time
from enum import Enum
from json.encoder import encode_basestring
from operator import attrgetter
from typing import Any

from eventsourcing.persistence import DatetimeAsISO, JSONTranscoder, Transcoding

from pelayanan.storage.fastjson import FastJSONTranscoder
from pelayanan.storage.transcodings import AttrsTranscoding, DateAsISO, EnumTranscoding, TimeAsISO

try:
    import orjson
except ImportError:  # pragma: no cover - the extra is installed wherever the tests run
    orjson = None  # type: ignore[assignment]

_Plain = Callable[[Any], Any]
_ISO = {DatetimeAsISO: datetime, DateAsISO: date, TimeAsISO: time}
# Written by orjson as ``json`` writes them; everything else goes through a converter.
_PASS = frozenset({str, int, bool, type(None)})
# Types orjson or ``json`` treat natively even when a transcoding is registered: never ours.
_NATIVE = (str, int, float, list, tuple, dict)


def compiled_available() -> bool:
    """Is orjson installed (the ``fast`` extra)?"""
    return orjson is not None


def loads(text: str | bytes) -> Any:
    """JSON text read as ``json.loads`` reads it, by orjson when installed (several times
    faster on the view documents every page reads). What orjson refuses and ``json`` takes
    (``NaN``, integers beyond 64 bits) is read by ``json``."""
    if orjson is not None:
        try:
            return orjson.loads(text)
        except orjson.JSONDecodeError:
            pass
    return json.loads(text)


def best_transcoder() -> JSONTranscoder:
    """The compiled encoder when orjson is installed, else the pure-Python one (same bytes)."""
    return CompiledJSONTranscoder() if orjson is not None else FastJSONTranscoder()


class _Unsupported(Exception):
    """Not a value the compiled path converts: the pure-Python path encodes the whole object."""


class CompiledJSONTranscoder(FastJSONTranscoder):
    """:class:`FastJSONTranscoder` with orjson writing the text (see the module docstring)."""

    def __init__(self) -> None:
        if orjson is None:
            raise ImportError("orjson is not installed: pip install 'pelayanan[fast]'")
        super().__init__()
        self._plain = _Converters(self)

    def register(self, transcoding: Transcoding) -> None:
        super().register(transcoding)
        self._plain = _Converters(self)  # a converter may exist for the type's old transcoding

    def encode(self, obj: Any) -> bytes:
        try:
            t = type(obj)
            return orjson.dumps(obj if t in _PASS else self._plain[t](obj))
        except Exception:  # the pure-Python path: the reference's bytes or its error
            return super().encode(obj)


class _Converters(dict[type, _Plain]):
    """type -> the function turning its values into what orjson may be handed; built on first
    use. Containers test each item's type inline, so a plain item costs no Python call."""

    def __init__(self, transcoder: FastJSONTranscoder) -> None:
        super().__init__()
        self._transcoder = transcoder

    def __missing__(self, t: type) -> _Plain:
        convert = self
        passing = _PASS
        converter: _Plain
        if t is dict:

            def converter(o: dict[Any, Any]) -> dict[Any, Any]:
                # A key that is not exactly a ``str`` (one orjson would write otherwise, or
                # refuse) sends the whole object to the pure-Python path.
                return {
                    (k if type(k) is str else _refuse(k)): (
                        v if type(v) in passing else convert[type(v)](v)
                    )
                    for k, v in o.items()
                }

        elif t is list or t is tuple:

            def converter(o: list[Any] | tuple[Any, ...]) -> list[Any]:
                return [v if type(v) in passing else convert[type(v)](v) for v in o]

        else:
            transcoding = self._transcoder.types.get(t)
            if transcoding is None or issubclass(t, _NATIVE):
                raise _Unsupported(t)
            converter = _transcoded(t, transcoding, self, self._transcoder)
        self[t] = converter
        return converter


def _refuse(key: object) -> str:
    raise _Unsupported(type(key))


def _transcoded(
    t: type, transcoding: Transcoding, convert: _Converters, transcoder: FastJSONTranscoder
) -> _Plain:
    fragment = orjson.Fragment
    kind = type(transcoding)
    if kind in _ISO and t is _ISO[kind]:
        prefix = '{"_type_":' + encode_basestring(transcoding.name) + ',"_data_":"'

        def iso(o: Any) -> Any:
            return fragment((prefix + o.isoformat() + '"}').encode())

        return iso
    if kind is EnumTranscoding and issubclass(t, Enum):
        # The member's whole text as the pure-Python writer writes it, once per member; ids of
        # members are stable keys (they live as long as their class).
        members = {id(m): fragment(FastJSONTranscoder.encode(transcoder, m)) for m in t}

        def member(o: Any) -> Any:
            return members[id(o)]

        return member
    name = transcoding.name
    if kind is AttrsTranscoding:
        names = [f.name for f in transcoding._fields]  # type: ignore[attr-defined]
        if not names:
            return lambda o: {"_type_": name, "_data_": {}}
        get = attrgetter(*names)
        passing = _PASS
        if len(names) == 1:
            (only,) = names

            def field(o: Any) -> Any:
                v = get(o)
                return {
                    "_type_": name,
                    "_data_": {only: v if type(v) in passing else convert[type(v)](v)},
                }

            return field

        def fields(o: Any) -> Any:
            return {
                "_type_": name,
                "_data_": {
                    n: v if type(v) in passing else convert[type(v)](v)
                    for n, v in zip(names, get(o), strict=True)
                },
            }

        return fields
    encode = transcoding.encode

    def other(o: Any) -> Any:
        data = encode(o)
        plain = data if type(data) in _PASS else convert[type(data)](data)
        return {"_type_": name, "_data_": plain}

    return other
