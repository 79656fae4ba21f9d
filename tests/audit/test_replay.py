"""Rebuild-and-diff: stored views are compared with a scratch replay of the log."""

from __future__ import annotations

import json

import pytest

from pelayanan.audit.replay import rebuild_and_diff, views_as_of
from pelayanan.projections.registry import default_registry
from pelayanan.projections.runner import ReadModelRunner
from tests.audit.conftest import JODIPAN, KASIN, Story, wib
from tests.audit.tamper import Tamperer


def caught_up(story: Story) -> ReadModelRunner:
    runner = ReadModelRunner(story.service, default_registry(plugins=False).all())
    runner.catch_up()
    return runner


def test_views_built_from_the_log_match_a_replay(story: Story) -> None:
    caught_up(story)
    report = rebuild_and_diff(story.service)
    assert report.matches, report.differences
    assert {v.projection for v in report.views} >= {"office_board", "audit_trail"}
    assert all(v.behind == 0 for v in report.views)


def test_a_view_row_edited_by_hand_is_reported(story: Story) -> None:
    runner = caught_up(story)
    generation = runner.status("office_board")[0].generation
    key = f"office:{JODIPAN}"
    doc = runner.reader("office_board").get(key)
    assert doc is not None
    edited = dict(doc, name="Jodipan (edited)")
    tamper = Tamperer(story.url, "ComplianceService")
    tamper.sql(
        f"UPDATE pelayanan_office_board_g{generation} SET doc = ? WHERE key = ?",
        json.dumps(edited),
        key,
    )
    tamper.close()
    report = rebuild_and_diff(story.service)
    assert [(d.projection, d.key) for d in report.differences] == [("office_board", key)]
    assert report.differences[0].stored == edited
    assert report.differences[0].rebuilt == doc


def test_a_view_that_is_only_behind_is_not_different(story: Story) -> None:
    runner = ReadModelRunner(story.service, default_registry(plugins=False).all())
    runner.catch_up(until=2)
    report = rebuild_and_diff(story.service)
    assert report.matches
    assert {v.behind for v in report.views} == {2}


def test_all_views_as_of_a_recorded_time(story: Story) -> None:
    views = views_as_of(story.service, recorded_at=wib(23, 12))
    board = views["office_board"]
    assert f"office:{JODIPAN}" in board and f"office:{KASIN}" not in board


def _tracking(story: Story) -> str:
    return "tracking" if story.url.endswith(".db") else "pelayanan_tracking"


def _move_position(story: Story, projection: str, position: int) -> None:
    generation = caught_up(story).status(projection)[0].generation
    tamper = Tamperer(story.url, "ComplianceService")
    tamper.sql(
        f"UPDATE {_tracking(story)} SET notification_id = ? WHERE application_name = ?",
        position,
        f"ComplianceService/{projection}/g{generation}",
    )
    tamper.close()


def test_an_audit_trail_row_edited_or_removed_by_hand_is_reported(story: Story) -> None:
    runner = caught_up(story)
    generation = runner.status("audit_trail")[0].generation
    table = f"pelayanan_audit_trail__entries_g{generation}"
    tamper = Tamperer(story.url, "ComplianceService")
    tamper.sql(f"UPDATE {table} SET actor = ? WHERE position = ?", "Someone Else", 2)
    tamper.sql(f"DELETE FROM {table} WHERE position = ?", 3)
    tamper.close()
    report = rebuild_and_diff(story.service)
    found = {d.key: d for d in report.differences}
    assert set(found) == {"entries:[2]", "entries:[3]"}
    assert found["entries:[2]"].stored["actor"] == "Someone Else"  # type: ignore[index]
    assert found["entries:[2]"].rebuilt["actor"] == "Siti Rahayu"  # type: ignore[index]
    assert found["entries:[3]"].stored is None and found["entries:[3]"].rebuilt is not None


def test_a_tracking_position_moved_back_is_a_finding_and_catch_up_names_it(
    story: Story,
) -> None:
    from pelayanan.projections.runner import PositionMoved

    _move_position(story, "audit_trail", 2)
    report = rebuild_and_diff(story.service)
    assert not report.matches
    assert {d.key for d in report.differences} >= {"entries:[3]", "entries:[4]"}
    with pytest.raises(PositionMoved, match="moved back"):
        ReadModelRunner(story.service, default_registry(plugins=False).all()).catch_up(
            "audit_trail"
        )


def test_a_tracking_position_moved_past_the_log_is_a_finding_and_catch_up_names_it(
    story: Story,
) -> None:
    from pelayanan.projections.runner import PositionMoved

    _move_position(story, "office_board", 99)
    report = rebuild_and_diff(story.service)
    assert [(p.kind, p.projection) for p in report.problems] == [("position_ahead", "office_board")]
    assert not report.matches
    with pytest.raises(PositionMoved, match="the log ends at 4"):
        ReadModelRunner(story.service, default_registry(plugins=False).all()).catch_up(
            "office_board"
        )


def test_the_cli_names_a_moved_position_in_one_line(
    story: Story, capsys: pytest.CaptureFixture[str]
) -> None:
    from pelayanan.cli import main

    _move_position(story, "audit_trail", 1)
    assert main(["projections", "catch-up", "audit_trail", "--db", story.url]) == 3
    err = capsys.readouterr().err
    assert "tracking row was moved back" in err and err.count("\n") == 1
    assert main(["replay", "--db", story.url]) == 1
    assert "entries:[2]" in capsys.readouterr().out


def test_a_report_on_a_store_with_an_undecodable_event_is_one_line(
    story: Story, tmp_path: object, capsys: pytest.CaptureFixture[str]
) -> None:
    from pathlib import Path

    from pelayanan.cli import main

    tamper = Tamperer(story.url, "ComplianceService")
    tamper.change_state(2, b"{", b"[")  # no longer the JSON object an event is
    tamper.close()
    report = Path(str(tmp_path)) / "r.html"
    assert main(["report", "--db", story.url, "--report", str(report)]) == 3
    err = capsys.readouterr().err
    assert err.startswith("pelayanan: notification 2 (") and "cannot be read" in err
    assert err.count("\n") == 1 and "Traceback" not in err
    assert not report.exists()
