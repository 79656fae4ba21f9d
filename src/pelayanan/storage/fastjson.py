"""A faster encoder for stored events that writes the same bytes as eventsourcing's JSONTranscoder.

The hash chain hashes stored bytes, so the bytes are the contract, not just the decoded values:
an event must encode exactly as eventsourcing's ``JSONTranscoder`` (compact separators, non-ASCII
kept) would encode it, in a new store as in an old one. :class:`FastJSONTranscoder` is that
transcoder with one method replaced: ``encode`` builds the JSON text itself instead of letting
``json`` call back into Python for every value object (most of the cost of saving an event).

It writes a value itself only where the reference output is known exactly:

- ``str`` (with ``json``'s own escaping function), ``int``, ``bool``, ``None``, ``dict`` with
  ``str`` keys, ``list`` and ``tuple``;
- a registered type whose transcoding is one of the project's own (attrs values, enums, dates
  and times) or eventsourcing's ``DatetimeAsISO``: the wrapper ``{"_type_":..,"_data_":..}`` with
  the transcoding's data written by the same rules;
- any other registered transcoding through its own ``encode``.

Anything else (a float, a ``str`` subclass, a key that is not a ``str``, an unregistered type, a
value ``json`` refuses) is encoded by the reference encoder, whole, so the result or the error
is the reference's own. Decoding is eventsourcing's, unchanged. tests/storage/test_fastjson.py
checks byte equality against the reference for every event type and hostile strings.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, time, timezone
from enum import Enum
from json.encoder import encode_basestring
from typing import Any
from uuid import UUID
from zoneinfo import ZoneInfo

from eventsourcing.persistence import DatetimeAsISO, JSONTranscoder, Transcoding, UUIDAsHex

from pelayanan.storage.codegen import fields_writer, member_keys
from pelayanan.storage.transcodings import (
    AttrsTranscoding,
    DateAsISO,
    EnumTranscoding,
    TimeAsISO,
)

_Writer = Callable[[Any], str]

# Transcodings whose encode is an ``isoformat()``: the text never needs escaping.
_ISO = {DatetimeAsISO: datetime, DateAsISO: date, TimeAsISO: time}
# Time zones whose offsets depend only on the moment asked about (the standard library's).
_STEADY_ZONES = frozenset({type(None), ZoneInfo, timezone})
# An enum member's value of one of these types is written once, for good.
_IMMUTABLE = frozenset({str, int, bool, type(None)})
# Types ``json`` writes natively even when a transcoding is registered for them (a str or int
# subclass is written as a plain str or number): never ours to write.
_NATIVE = (str, int, float, list, tuple, dict)


class _Unsupported(Exception):
    """Not a value the fast path writes: the reference encoder writes the whole object."""


class FastJSONTranscoder(JSONTranscoder):
    """eventsourcing's JSON transcoder, encoding without per-value callbacks into ``json``."""

    def __init__(self) -> None:
        super().__init__()
        # type -> the function writing its text; replaced whenever a transcoding is registered
        # (storage/mapper.py's generated writers call it, and notice the replacement).
        self.writers: dict[type, _Writer] = _Writers(self)

    def register(self, transcoding: Transcoding) -> None:
        super().register(transcoding)
        self.writers = _Writers(self)  # a writer may exist for the type's old transcoding

    def encode(self, obj: Any) -> bytes:
        try:
            text = self.writers[type(obj)](obj)
        except Exception:  # the reference's result, or the reference's own error
            return super().encode(obj)
        return text.encode("utf8")


class _Writers(dict[type, _Writer]):
    """type -> the function writing its JSON text; built on first use.

    Containers look their items' writers up inline (``writers[type(v)](v)``) and the writers of
    the plain types are C functions, so a string or a number costs no Python call.
    """

    def __init__(self, transcoder: JSONTranscoder) -> None:
        super().__init__(
            {
                str: encode_basestring,
                int: int.__repr__,
                bool: {True: "true", False: "false"}.__getitem__,
                type(None): "null".format,  # format ignores its unused argument: "null"
            }
        )
        self._transcoder = transcoder

    def __missing__(self, t: type) -> _Writer:
        writers = self
        keys = _KEYS
        writer: _Writer
        if t is dict:

            def writer(o: dict[Any, Any]) -> str:
                return (
                    "{"
                    + ",".join([keys[type(k)](k) + ":" + writers[type(v)](v) for k, v in o.items()])
                    + "}"
                )

        elif t is list or t is tuple:

            def writer(o: list[Any] | tuple[Any, ...]) -> str:
                return "[" + ",".join([writers[type(v)](v) for v in o]) + "]"

        else:
            transcoding = self._transcoder.types.get(t)
            if transcoding is None or issubclass(t, _NATIVE):
                raise _Unsupported(t)
            writer = _transcoded(t, transcoding, self)
        self[t] = writer
        return writer


class _Keys(dict[type, _Writer]):
    """A dict key's writer: ``str`` keys only (``json`` converts others its own way)."""

    def __missing__(self, t: type) -> _Writer:
        raise _Unsupported(t)


_KEYS = _Keys({str: encode_basestring})


def _transcoded(t: type, transcoding: Transcoding, writers: _Writers) -> _Writer:
    """The writer of ``{"_type_":name,"_data_":data}`` for values of type ``t``."""
    prefix = '{"_type_":' + encode_basestring(transcoding.name) + ',"_data_":'
    kind = type(transcoding)
    if kind in _ISO and t is _ISO[kind]:
        iso_prefix = prefix + '"'
        # The same moment object often comes several times in a row (an event's recording time
        # and business time, one command's clock): its text is kept beside it, by identity.
        # The pair is replaced whole, so no thread sees one moment's text with another; only a
        # value whose text cannot change is kept (a time zone of the standard library's, or
        # none: another's offset may depend on anything).
        last: list[tuple[object, str]] = [(None, "")]
        zones = _STEADY_ZONES

        def iso(o: Any) -> str:
            seen, text = last[0]
            if seen is o:
                return text
            iso_text: str = o.isoformat()
            text = iso_prefix + iso_text + '"}'
            if type(getattr(o, "tzinfo", None)) in zones:
                last[0] = (o, text)
            return text

        return iso
    if kind is EnumTranscoding and issubclass(t, Enum):
        # Members are singletons that live as long as their class: their ids are stable keys
        # (an Enum's own __hash__ is a Python call). Only a value that cannot change is written
        # once (a member's value may be a list, changed later).
        members = {
            id(m): prefix + writers[type(m.value)](m.value) + "}"
            for m in t
            if type(m.value) in _IMMUTABLE
        }

        def member(o: Any) -> str:
            text = members.get(id(o))
            if text is None:
                value = o.value
                text = prefix + writers[type(value)](value) + "}"
            return text

        return member
    if kind is AttrsTranscoding:
        names = [f.name for f in transcoding._fields]  # type: ignore[attr-defined]
        if not names:
            empty = prefix + "{}}"
            return lambda o: empty
        first, *rest = member_keys(names)
        return fields_writer(names, [prefix + first, *rest, "}}"], writers, by_key=False)
    if kind is UUIDAsHex and t is UUID:
        hex_prefix = prefix + '"'

        def uuid_hex(o: UUID) -> str:
            return hex_prefix + o.hex + '"}'

        return uuid_hex
    encode = transcoding.encode

    def other(o: Any) -> str:
        data = encode(o)
        return prefix + writers[type(data)](data) + "}"

    return other
