"""Rebuild-and-diff: stored views are compared with a scratch replay of the log."""

from __future__ import annotations

import json

from pelayanan.audit.replay import rebuild_and_diff, views_as_of
from pelayanan.projections.registry import default_registry
from pelayanan.projections.runner import ProjectionRunner
from tests.audit.conftest import JODIPAN, KASIN, Story, wib
from tests.audit.tamper import Tamperer


def caught_up(story: Story) -> ProjectionRunner:
    runner = ProjectionRunner(story.service, default_registry(plugins=False).all())
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
    runner = ProjectionRunner(story.service, default_registry(plugins=False).all())
    runner.catch_up(until=2)
    report = rebuild_and_diff(story.service)
    assert report.matches
    assert {v.behind for v in report.views} == {2}


def test_all_views_as_of_a_recorded_time(story: Story) -> None:
    views = views_as_of(story.service, recorded_at=wib(23, 12))
    board = views["office_board"]
    assert f"office:{JODIPAN}" in board and f"office:{KASIN}" not in board
