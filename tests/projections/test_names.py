"""The read-model API's names, and the stored names that stay as they are.

docs/projections.md and CHANGELOG.md promise: the classes are ``ReadModel`` and
``ReadModelRunner`` (not eventsourcing's ``Projection``/``ProjectionRunner``, and no alias for
the old names), while the stored table names and tracking keys keep the word "projection".
"""

from __future__ import annotations

from typing import Any

import eventsourcing.projection
from eventsourcing.application import Application

import pelayanan
import pelayanan.projections
from pelayanan.projections import ReadModelRunner
from pelayanan.projections.store import GENERATIONS
from tests.projections.support import Totals, record


def test_the_read_model_classes_are_not_eventsourcings_and_the_old_names_are_gone() -> None:
    for module in (pelayanan, pelayanan.projections):
        assert module.ReadModel is not eventsourcing.projection.Projection
        assert module.ReadModelRunner is not eventsourcing.projection.ProjectionRunner
        for old in ("Projection", "ProjectionRunner", "ProjectionStatus", "ProjectionError"):
            assert not hasattr(module, old), f"{module.__name__}.{old}"
            assert old not in module.__all__


def test_stored_names_keep_the_word_projection(app: Application[Any]) -> None:
    record(app, counters=2, bumps=2)
    runner = ReadModelRunner(app, [Totals])
    runner.catch_up()
    assert GENERATIONS == "pelayanan_projections"
    assert runner.store.has_table("pelayanan_projections")
    assert runner.store.has_table("pelayanan_totals_g1")
    assert runner.store.tracking_key("totals", 1) == f"{app.name}/totals/g1"
    assert runner.store.position("totals", 1) == app.recorder.max_notification_id()
