"""What the CLI prints cannot steer the terminal: stored text holding ANSI escape sequences,
bidi overrides, newlines or other control and format characters is shown with those characters
as visible escapes (``\\x1b``, ``\\u202e``), in JSON as ``\\uXXXX``, while the stored events keep
them verbatim. Every print path in ``cli/`` goes through ``cli/common.py``.
"""

from __future__ import annotations

import ast
import json
import tempfile
import unicodedata
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pelayanan.cli import common
from pelayanan.cli import main as cli
from pelayanan.clock import ManualClock
from pelayanan.domain.errors import InvalidValue
from pelayanan.domain.values import Actor
from pelayanan.service import ComplianceService

CLI = Path(common.__file__).parent
UNSAFE = frozenset({"Cc", "Cf", "Cs", "Zl", "Zp"})
HOSTILE_CHARACTERS = (
    "\x1b",  # ESC: starts ANSI sequences (colour, cursor moves, clear screen, window title)
    "\x9b",  # CSI: the one-character ESC [
    "\x07",
    "\x08",
    "\r",
    "\n",
    "\t",
    "\x7f",
    "\u202a",
    "\u202b",
    "\u202c",
    "\u202d",
    "\u202e",  # bidi embeddings and overrides
    "\u2066",
    "\u2067",
    "\u2068",
    "\u2069",  # bidi isolates
    "\u200b",
    "\u200c",
    "\u200d",
    "\u2060",
    "\ufeff",  # zero-width
    "\u2028",
    "\u2029",  # line and paragraph separators
    "\U000e0041",  # a tag character
)
HOSTILE = (
    "Kantor \x1b[31mMERAH\x1b[0m\x1b[2J",
    "Kiduldalem\u202e lanoisivorp\u202c",
    "Klojen\u2066\u2067 \u2069\u2069",
    "Sukun\r\nFORGED\n\x1b]0;judul\x07",
    "Oro\u200bOro\u200dDowo\ufeff\x9b31m",
)
ALLOWED_IN_OUTPUT = {"\n"}  # the line breaks between printed lines, nothing else


def unsafe_in(text: str) -> set[str]:
    return {c for c in text if unicodedata.category(c) in UNSAFE} - ALLOWED_IN_OUTPUT


# --------------------------------------------------------------------------- the helper


hostile_text = st.text(
    alphabet=st.one_of(st.sampled_from(HOSTILE_CHARACTERS), st.characters()), max_size=60
)


@given(hostile_text)
def test_terminal_safe_text_is_one_line_with_nothing_a_terminal_acts_on(text: str) -> None:
    shown = common.terminal_safe(text)
    assert not unsafe_in(shown) and "\n" not in shown
    if not {c for c in text if unicodedata.category(c) in UNSAFE}:
        assert shown == text  # ordinary text, Indonesian or not, is shown as it is


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("\x1b[31mmerah", "\\x1b[31mmerah"),
        ("a\u202eb", "a\\u202eb"),
        ("x\ny\r", "x\\ny\\r"),
        ("\u200b", "\\u200b"),
        ("\U000e0041", "\\U000e0041"),
        ("\ud800", "\\ud800"),  # a lone surrogate is shown, not a UnicodeEncodeError
        ("Dinas Kependudukan \u2013 café ½ 日本", "Dinas Kependudukan \u2013 café ½ 日本"),
    ],
)
def test_unsafe_characters_become_visible_escapes(text: str, shown: str) -> None:
    assert common.terminal_safe(text) == shown


@given(st.recursive(hostile_text, lambda inner: st.dictionaries(hostile_text, inner, max_size=3)))
def test_json_output_reads_back_exactly_and_shows_nothing_raw(data: Any) -> None:
    with pytest.MonkeyPatch.context() as patch:
        out: list[str] = []
        patch.setattr("sys.stdout", _Writer(out))
        common.print_json(data)
    text = "".join(out)
    assert not unsafe_in(text)
    assert json.loads(text) == data


def test_every_print_in_the_cli_goes_through_the_common_helpers() -> None:
    """No ``print(...)`` and no ``sys.stdout/stderr.write`` outside cli/common.py."""
    found = []
    for path in sorted(CLI.glob("*.py")):
        if path.name == "common.py":
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            if isinstance(func, ast.Name) and func.id == "print":
                found.append(f"{path.name}:{node.lineno} print")
            if isinstance(func, ast.Attribute) and func.attr in ("write", "writelines"):
                owner = ast.unparse(func.value)
                if owner.startswith("sys."):
                    found.append(f"{path.name}:{node.lineno} {owner}.{func.attr}")
    assert found == []


class _Writer:
    def __init__(self, out: list[str]) -> None:
        self.out = out

    def write(self, text: str) -> int:
        text.encode("utf-8")  # what a UTF-8 terminal would do: a lone surrogate would fail here
        self.out.append(text)
        return len(text)

    def flush(self) -> None:
        pass


# --------------------------------------------------------------------------- the commands

CODE = "35.73.02.1004"
REFERENCE = "LAPOR-1"  # a natural key has one plain ASCII form; hostile text goes elsewhere


def _hostile_store(url: str, names: tuple[str, ...] = HOSTILE) -> None:
    service = ComplianceService.open(url, clock=_clock())
    try:
        actor = Actor(name=names[3], role=names[1])
        service.register_office(CODE, name=names[0], kecamatan=names[1], actor=actor)
        service.register_office("35.73.02.1005", name=names[2], kecamatan=names[4], actor=actor)
        service.file_complaint(
            REFERENCE,
            office_code=CODE,
            channel="phone",
            subject=names[4],
            description=names[3],
            actor=actor,
        )
    finally:
        service.close()


def _clock() -> ManualClock:
    from datetime import datetime

    from pelayanan.domain.values import WIB

    return ManualClock(datetime(2024, 5, 6, 9, tzinfo=WIB))


TEXT_COMMANDS = (
    ["board", "--today", "2024-05-31"],
    ["board", "--today", "2024-05-31", "--kecamatan"],
    ["timeline", CODE, "--lang", "en"],
    ["timeline", REFERENCE],
    ["replay", "--as-of", "2024-12-31T00:00+07:00"],
    ["projections", "status"],
    ["projections", "catch-up"],
    ["audit", "decisions"],
    ["seal"],
    ["verify"],
)
JSON_COMMANDS = (
    ["board", "--today", "2024-05-31"],
    ["timeline", CODE],
    ["timeline", REFERENCE, "--lang", "en"],
    ["replay", "--as-of", "2024-12-31T00:00+07:00"],
)


def test_stored_hostile_text_is_shown_escaped_and_kept_verbatim(
    store_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    _hostile_store(store_url)
    shown = ""
    for command in TEXT_COMMANDS:
        assert cli([*command, "--db", store_url]) == 0, command
        out, err = capsys.readouterr()
        assert not unsafe_in(out + err), (command, out, err)
        shown += out
    # What was escaped is still there to read, as escapes.
    for escape in ("\\x1b[31mMERAH", "\\u202e", "\\u2066", "\\r\\nFORGED\\n", "\\u200b", "\\x9b"):
        assert escape in shown, escape
    assert "\nFORGED" not in shown  # the stored newline did not forge a line of its own
    read_back = ""
    for command in JSON_COMMANDS:
        assert cli([*command, "--db", store_url, "--json"]) == 0, command
        out, err = capsys.readouterr()
        assert not unsafe_in(out + err), (command, out, err)
        read_back += json.dumps(json.loads(out), ensure_ascii=False)
    for name in HOSTILE:  # JSON decodes to the stored text, every character of it
        assert json.dumps(name, ensure_ascii=False)[1:-1] in read_back, name
    service = ComplianceService.open(store_url, clock=_clock())
    try:
        office = service.get_office(CODE)
        assert (office.name, office.kecamatan) == (HOSTILE[0], HOSTILE[1])  # events unaltered
    finally:
        service.close()


@settings(max_examples=15, deadline=None)
@given(st.lists(hostile_text, min_size=5, max_size=5))
def test_any_stored_text_is_shown_safely_by_board_and_timeline(texts: list[str]) -> None:
    # Something visible, no NUL and no lone surrogate, so that the domain accepts it.
    names = tuple(
        "N" + "".join(c for c in text if c != "\x00" and unicodedata.category(c) != "Cs")
        for text in texts
    )
    with tempfile.TemporaryDirectory() as folder, pytest.MonkeyPatch.context() as patch:
        out: list[str] = []
        patch.setattr("sys.stdout", _Writer(out))
        patch.setattr("sys.stderr", _Writer(out))
        url = str(Path(folder) / "store.db")
        _hostile_store(url, names)
        for command in (["board", "--today", "2024-05-31"], ["timeline", CODE]):
            assert cli([*command, "--db", url]) == 0
            assert cli([*command, "--db", url, "--json"]) == 0
        text = "".join(out)
    assert not unsafe_in(text)


@pytest.mark.parametrize(
    "argv",
    [
        ["timeline", "\x1b[2J\u202eNO-SUCH"],
        ["board", "--today", "2024-13-\x1b[31m01"],
        ["board", "--db", "sqlite\x1b[31m://x"],
        ["timeline", "x", "--lang", "\u202een"],
        ["projections", "status", "\x1b]0;title\x07"],
        ["rules", "eval", "deadline", "--kind", "\x1b[5m", "--from", "2024-01-01"],
    ],
)
def test_errors_that_repeat_what_was_typed_show_it_escaped(
    argv: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = str(tmp_path / "store.db")
    _hostile_store(db)
    args = argv if "--db" in argv or argv[0] == "rules" else [*argv, "--db", db]
    assert cli(args) in (2, 3)
    out, err = capsys.readouterr()
    assert err.count("\n") == 1 and not unsafe_in(out + err), err


def test_a_file_name_with_escapes_is_shown_escaped(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = str(tmp_path / "store.db")
    _hostile_store(db)
    assert cli(["seal", "--db", db]) == 0
    target = tmp_path / "cp\x1b[31m\u202e.jsonl"
    assert cli(["checkpoints", "export", str(target), "--db", db]) == 0
    out, err = capsys.readouterr()
    assert target.exists() and "cp\\x1b[31m\\u202e.jsonl" in out
    assert not unsafe_in(out + err)
    folder = tmp_path / "dir\x1b[2J"
    folder.mkdir()
    assert cli(["board", "--db", str(folder)]) == 2  # a directory is no store: a usage error
    err = capsys.readouterr().err
    assert "dir\\x1b[2J" in err and not unsafe_in(err)


# --------------------------------------------------------------------------- the domain


@pytest.mark.parametrize(
    "name", ["\u200b", "\u200b\u200c\u200d", " \u2060\ufeff ", "\u202e", "\x1b"]
)
def test_a_name_with_nothing_visible_in_it_is_empty(name: str, service: ComplianceService) -> None:
    """Zero-width or control characters alone make no name: two such offices would look alike."""
    with pytest.raises(InvalidValue, match="must be non-empty text"):
        service.register_office(CODE, name=name, kecamatan="Klojen", actor=Actor("Op", "admin"))
    assert service.head() == 0


def test_a_name_that_is_not_valid_unicode_is_refused(service: ComplianceService) -> None:
    """A lone surrogate cannot be stored as UTF-8: a named error, not an encoding traceback."""
    with pytest.raises(InvalidValue, match="name contains a lone surrogate"):
        service.register_office(CODE, name="Oro\ud800", kecamatan="Klojen", actor=Actor("Op", "a"))
    assert service.head() == 0


def test_a_name_with_something_visible_keeps_its_invisible_characters(
    service: ComplianceService,
) -> None:
    name = "Oro\u200bOro\u200dDowo"
    service.register_office(CODE, name=name, kecamatan="Klojen", actor=Actor("Op", "admin"))
    assert service.get_office(CODE).name == name
