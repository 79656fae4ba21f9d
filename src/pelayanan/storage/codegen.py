"""Writers generated for one shape of value: each field read and written by a line of its own.

A generic writer of a record (an attrs value, an event's state) loops over its field names,
fetches each value through a tuple and joins a list of pieces: per field, a few Python-level
steps that cost more than writing the value itself. :func:`fields_writer` writes, once per
shape, the function a person would write for it by hand::

    def write(o):
        v = o.nip
        x0 = E(v) if (t := type(v)) is str else W[t](v)
        ...
        return f"{S0}{x0}{S1}{x1}{S2}"

and compiles it (once per process for each source: a new service reuses the compiled code
with writers and texts of its own). Nothing a caller passes becomes source text except a field
name that is a plain ASCII identifier, read as ``o.name`` (the fastest read; a non-ASCII name
is not pasted, since Python would read the NFKC-normalised name instead); every other name,
every key and every static text (keys, wrappers) is an argument of the enclosing function. The
caller checks what the writer may be handed (the writers of :mod:`pelayanan.storage.fastjson`,
which raise for anything they do not write exactly as eventsourcing's ``JSONTranscoder`` does).
"""

from __future__ import annotations

import functools
import keyword
from collections.abc import Callable, Mapping, Sequence
from json.encoder import encode_basestring
from typing import Any

Writer = Callable[[Any], str]


def fields_writer(
    names: Sequence[str],
    statics: Sequence[str],
    writers: Mapping[type, Writer],
    *,
    by_key: bool,
) -> Writer:
    """``statics[0] + text(o.names[0]) + statics[1] + ... + statics[-1]`` (``o[name]`` when
    ``by_key``), each value's text ``encode_basestring`` for an exact ``str`` and
    ``writers[type(value)]`` otherwise."""
    if len(statics) != len(names) + 1:
        raise ValueError("one static text before each field and one after the last")
    if not all(type(n) is str for n in [*names, *statics]):
        raise ValueError("names and static texts must be exactly str")
    arguments: dict[str, Any] = {"E": encode_basestring, "W": writers}
    arguments |= {f"S{i}": text for i, text in enumerate(statics)}
    lines = ["    def write(o):"]
    for i, name in enumerate(names):
        if by_key:
            read = f"o[K{i}]"
        elif _plain(name):
            read = f"o.{name}"
        else:
            read = f"getattr(o, K{i})"
        if read.startswith(("o[K", "getattr")):
            arguments[f"K{i}"] = name
        lines += [
            f"        v = {read}",
            f"        x{i} = E(v) if (t := type(v)) is str else W[t](v)",
        ]
    pieces = "".join(f"{{S{i}}}{{x{i}}}" for i in range(len(names)))
    lines += [f'        return f"{pieces}{{S{len(names)}}}"', "    return write"]
    lines.insert(0, f"def make({', '.join(arguments)}):")
    write: Writer = _compiled("\n".join(lines), len(names))(**arguments)
    return write


@functools.lru_cache(maxsize=1024)
def _compiled(source: str, fields: int) -> Callable[..., Writer]:
    """The function making writers from this source, compiled once per process: each service
    (each transcoder) makes its own writers from it, bound to its own writers and texts."""
    namespace: dict[str, Any] = {}
    exec(compile(source, f"<writer of {fields} fields>", "exec"), namespace)
    make: Callable[..., Writer] = namespace["make"]
    return make


def member_keys(names: Sequence[str]) -> list[str]:
    """The text before each member's value in a JSON object with these names, as ``json``
    writes it compactly: ``{"a":``, ``,"b":``, ..."""
    return [("," if i else "{") + encode_basestring(n) + ":" for i, n in enumerate(names)]


def _plain(name: str) -> bool:
    """Is ``o.<name>`` in source exactly ``getattr(o, name)``?"""
    return name.isascii() and name.isidentifier() and not keyword.iskeyword(name)
