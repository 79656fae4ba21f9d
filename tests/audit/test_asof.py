"""As-of reconstruction, checked against expectations built by hand from the story's events."""

from __future__ import annotations

import pytest

from pelayanan.audit.asof import aggregate_as_of, documents_as_of
from pelayanan.domain.errors import InvalidValue, NotFound
from pelayanan.domain.office import office_id
from pelayanan.domain.values import OfficeCode
from tests.audit.conftest import JODIPAN, KASI_NIP, KASIN, LURAH_NIP, Story, wib

JODIPAN_ID = office_id(OfficeCode(JODIPAN))


def staff(story: Story, **when: object) -> tuple[int, set[str], tuple[int, ...]]:
    found = aggregate_as_of(story.service, JODIPAN_ID, **when)  # type: ignore[arg-type]
    names = set() if found.aggregate is None else set(found.aggregate.staff)  # type: ignore[attr-defined]
    return found.version, names, found.later_backdated


def test_at_a_version(story: Story) -> None:
    assert staff(story, version=2) == (2, {LURAH_NIP}, ())
    assert staff(story, version=3) == (3, {LURAH_NIP, KASI_NIP}, ())


def test_at_a_recorded_time(story: Story) -> None:
    assert staff(story, recorded_at=wib(22, 7)) == (0, set(), ())
    assert staff(story, recorded_at=wib(24, 23)) == (2, {LURAH_NIP}, ())
    assert staff(story, recorded_at=wib(25, 11)) == (3, {LURAH_NIP, KASI_NIP}, ())


def test_at_a_business_time_stops_before_the_first_later_fact(story: Story) -> None:
    # 22 Apr 18:00: the kasi (back-dated to 22 Apr 13:00) was there, but she was recorded after
    # the lurah's assignment of 23 Apr: the prefix stops at v1 and names v3 as left out.
    assert staff(story, occurred_at=wib(22, 18)) == (1, set(), (3,))
    assert staff(story, occurred_at=wib(23, 9)) == (3, {LURAH_NIP, KASI_NIP}, ())


def test_exactly_one_moment_and_an_existing_version(story: Story) -> None:
    with pytest.raises(InvalidValue):
        aggregate_as_of(story.service, JODIPAN_ID)
    with pytest.raises(InvalidValue):
        aggregate_as_of(story.service, JODIPAN_ID, version=1, recorded_at=wib(23, 0))
    with pytest.raises(NotFound):
        aggregate_as_of(story.service, JODIPAN_ID, version=4)


def test_a_projection_as_of_a_position_and_a_recorded_time(story: Story) -> None:
    by_position = documents_as_of(story.service, "office_board", position=2)
    offices = {k for k in by_position if k.startswith("office:")}
    assert offices == {f"office:{JODIPAN}"}
    by_time = documents_as_of(story.service, "office_board", recorded_at=wib(24, 10))
    assert {k for k in by_time if k.startswith("office:")} == {
        f"office:{JODIPAN}",
        f"office:{KASIN}",
    }
