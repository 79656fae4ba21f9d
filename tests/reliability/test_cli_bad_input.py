"""Malformed command lines: a one-line usage error, exit code 2, and the store untouched.

Every subcommand of ``pelayanan`` is given arguments Hypothesis corrupts (bad numbers, dates,
times, enum choices, unknown options, unicode junk). A corrupt or foreign file given as --db
is refused with a clear message (exit 1), never a traceback.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pelayanan import WIB, Actor, ComplianceService, ManualClock
from pelayanan.cli import main

CLERK = Actor(name="Operator", role="admin")

junk = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"),
    min_size=1,
    max_size=12,
).filter(lambda s: not s.strip().lstrip("-").isdigit() and not s.startswith("-"))
bad_number = st.one_of(junk, st.integers(max_value=-1).map(str), st.just("1.5"))
bad_date = st.one_of(junk, st.just("2024-13-01"), st.just("1999-12-31"), st.just("31/12/2024"))
bad_time = st.one_of(junk, st.just("2024-05-06T17:00"), st.just("2024-02-30T10:00+07:00"))

# (argv with {} for the corrupted value, strategy of bad values); --db is appended.
TEMPLATES: list[tuple[list[str], st.SearchStrategy[str]]] = [
    (["rules", "eval", "attendance", "--days", "{}"], bad_number),
    (["rules", "eval", "attendance", "--days", "3", "--consecutive", "{}"], bad_number),
    (["rules", "eval", "attendance", "--days", "3", "--late-minutes", "{}"], bad_number),
    (["rules", "eval", "attendance", "--days", "3", "--on", "{}"], bad_date),
    (["rules", "eval", "deadline", "--kind", "{}", "--from", "2024-05-06"], junk),
    (["rules", "eval", "deadline", "--kind", "objection", "--from", "{}"], bad_date),
    (["rules", "--on", "{}"], bad_date),
    (["board", "--today", "{}"], bad_date),
    (["projections", "{}"], junk),
    (["seal", "--every", "{}"], bad_number),
    (["replay", "--as-of", "{}"], bad_time),
    (["timeline", "x", "--lang", "{}"], junk),
    (["audit", "{}"], junk),
    (["checkpoints", "{}"], junk),
    (["demo", "--seed", "{}"], junk),
    (["demo", "--lang", "{}"], junk),
    (["report", "--lang", "{}"], junk),
    (["{}"], junk),
]


@pytest.fixture
def store(tmp_path: Path) -> Iterator[str]:
    path = str(tmp_path / "store.db")
    service = ComplianceService.open(path, clock=ManualClock(datetime(2024, 5, 6, tzinfo=WIB)))
    service.register_office("35.73.01.1011", name="Jodipan", kecamatan="Blimbing", actor=CLERK)
    service.close()
    yield path


def _fingerprint(path: str) -> tuple[int, list[str]]:
    with sqlite3.connect(path) as conn:
        count = conn.execute("SELECT count(*) FROM stored_events").fetchone()[0]
        tables = sorted(r[0] for r in conn.execute("SELECT name FROM sqlite_master"))
    return count, tables


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_a_malformed_command_line_is_a_one_line_usage_error(
    data: st.DataObject, store: str, capsys: pytest.CaptureFixture[str]
) -> None:
    template, values = data.draw(st.sampled_from(TEMPLATES), label="command")
    value = data.draw(values, label="value")
    argv = [part.replace("{}", value) for part in template]
    if argv[0] not in ("rules",):
        argv += ["--db", store]
    before = _fingerprint(store)
    capsys.readouterr()

    code = main(argv)

    out = capsys.readouterr()
    assert code == 2, (argv, out)
    assert len(out.err.strip().splitlines()) == 1, out.err
    assert "Traceback" not in out.err
    assert _fingerprint(store) == before


@pytest.mark.parametrize(
    "argv",
    [
        ["board"],
        ["projections", "status"],
        ["verify"],
        ["replay"],
        ["audit", "decisions"],
        ["timeline", "35.73.01.1011"],
        ["seal"],
        ["report"],
    ],
    ids=lambda argv: " ".join(argv),
)
@pytest.mark.parametrize(
    "content", [b"not a database at all\n" * 10, b"SQLite format 3\x00" + b"\xff" * 4000, "foreign"]
)
def test_a_corrupt_or_foreign_file_gets_a_clear_error(
    argv: list[str], content: bytes | str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "given.db"
    if content == "foreign":
        with sqlite3.connect(path) as conn:
            conn.execute("CREATE TABLE invoices (id INTEGER PRIMARY KEY, total REAL)")
    else:
        assert isinstance(content, bytes)
        path.write_bytes(content)
    before = path.read_bytes()

    code = main([*argv, "--db", str(path)])

    err = capsys.readouterr().err
    assert code in (2, 3), err
    assert err.startswith("pelayanan") and "Traceback" not in err
    assert len(err.strip().splitlines()) == 1, err
    assert path.read_bytes() == before


def test_a_missing_store_is_not_created_by_a_reading_command(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "nothing-here.db"
    for argv in (["board"], ["verify"], ["replay"], ["timeline", "x"]):
        assert main([*argv, "--db", str(path)]) == 3
        assert not path.exists()
    assert "no event store" in capsys.readouterr().err
