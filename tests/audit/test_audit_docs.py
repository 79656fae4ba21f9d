"""docs/audit.md's PostgreSQL walk-through, executed: the SELECT-only role it tells the
administrator to create, and the checking commands it tells the auditor to run as that role."""

from __future__ import annotations

import re
import shlex
import uuid
from datetime import datetime
from pathlib import Path

import pytest

from pelayanan.cli import main
from pelayanan.clock import ManualClock
from pelayanan.domain.values import WIB, Actor
from pelayanan.service import ComplianceService
from tests.audit.conftest import JODIPAN, Story
from tests.audit.test_checking_never_writes import _caught_up_and_sealed, _postgres_snapshot

PAGE = Path(__file__).resolve().parents[2] / "docs" / "audit.md"


def _block(language: str, containing: str) -> str:
    blocks = re.findall(rf"^```{language}\n(.*?)^```", PAGE.read_text(), re.DOTALL | re.MULTILINE)
    (found,) = [b for b in blocks if containing in b]
    return str(found)


@pytest.mark.postgres
def test_the_select_only_walkthrough_runs_and_writes_nothing(
    postgres_url: str, clerk: Actor, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import psycopg

    service = ComplianceService.open(postgres_url)
    service.register_office(JODIPAN, name="Jodipan", kecamatan="Blimbing", actor=clerk)
    story = Story(service, postgres_url, ManualClock(datetime(2024, 4, 29, tzinfo=WIB)))
    _caught_up_and_sealed(story)
    story.service.close()
    dbname = story.url.rsplit("/", 1)[1]
    role = f"auditor_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(story.url, autocommit=True) as conn:
        for statement in _block("sql", "GRANT SELECT").split(";"):
            if statement.strip():
                conn.execute(
                    statement.replace("auditor", role).replace(
                        "DATABASE pelayanan", f'DATABASE "{dbname}"'
                    )
                )
    snapshot = _postgres_snapshot(story.url)
    before = snapshot()
    auditor_url = story.url.replace("postgresql://postgres@", f"postgresql://{role}@", 1)
    commands = [
        line.removeprefix("$ ")
        for line in _block("console", "auditor@db.example").splitlines()
        if line.startswith("$ pelayanan ")
    ]
    assert len(commands) == 7
    for command in commands:
        argv = shlex.split(
            command.replace("postgresql://auditor@db.example/pelayanan", auditor_url).replace(
                "audit.html", str(tmp_path / "audit.html")
            )
        )[1:]
        assert main(argv) == 0, (argv, capsys.readouterr().err)
        assert snapshot() == before, argv
