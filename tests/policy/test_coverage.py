"""Office coverage: a permission excuses the person, never the vacancy."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from pelayanan import PolicySettings
from pelayanan.domain.errors import InvalidValue
from pelayanan.domain.values import WIB, Nip, PermissionKind, ServiceHours
from pelayanan.policy import office_coverage

HOURS = ServiceHours.perpres_21_2023()
LURAH = Nip("197805122005011003")
SEKLUR = Nip("198001012006042001")
KASI = Nip("198503152010011002")
STAFF = [LURAH, SEKLUR, KASI]
JODIPAN_MORNING = datetime(2024, 4, 29, 10, 0, tzinfo=WIB)  # Monday 29 April 2024


def test_everyone_away_with_permission_still_leaves_the_office_vacant() -> None:
    permissions = {n: PermissionKind.IZIN for n in STAFF}
    outcome = office_coverage(HOURS, JODIPAN_MORNING, present=[], staff=STAFF,
                              permissions=permissions)
    assert outcome.in_service_hours and outcome.vacant
    assert dict(outcome.excused) == permissions and outcome.unexcused == ()
    assert "never the vacancy" in outcome.explanation


def test_one_person_present_staffs_the_office_and_absences_are_sorted_out() -> None:
    outcome = office_coverage(HOURS, JODIPAN_MORNING, present=[KASI], staff=STAFF,
                              permissions={SEKLUR: "cuti"})
    assert not outcome.vacant
    assert dict(outcome.excused) == {SEKLUR: PermissionKind.CUTI}
    assert outcome.unexcused == (LURAH,)


def test_a_visitor_does_not_staff_the_office() -> None:
    visitor = Nip("199001012015031001")
    outcome = office_coverage(HOURS, JODIPAN_MORNING, present=[visitor], staff=STAFF)
    assert outcome.vacant and outcome.present == ()


@pytest.mark.parametrize(
    "moment",
    [datetime(2024, 4, 29, 12, 30, tzinfo=WIB),  # lunch break
     datetime(2024, 4, 29, 17, 0, tzinfo=WIB),  # after hours
     datetime(2024, 4, 27, 10, 0, tzinfo=WIB),  # Saturday
     datetime(2024, 4, 10, 10, 0, tzinfo=WIB)],  # Idul Fitri
)
def test_outside_service_hours_nothing_is_vacant_or_unexcused(moment: datetime) -> None:
    outcome = office_coverage(HOURS, moment, present=[], staff=STAFF)
    assert not outcome.in_service_hours and not outcome.vacant
    assert outcome.unexcused == () and not outcome.excused


def test_cuti_bersama_is_a_day_off_unless_settings_say_otherwise() -> None:
    moment = datetime(2024, 4, 8, 10, 0, tzinfo=WIB)
    assert not office_coverage(HOURS, moment, present=[], staff=STAFF).in_service_hours
    open_day = office_coverage(HOURS, moment, present=[], staff=STAFF,
                               settings=PolicySettings(cuti_bersama_are_working_days=True))
    assert open_day.vacant


def test_the_moment_is_read_in_the_offices_time_zone() -> None:
    # 03:00 UTC is 10:00 WIB: in service hours in Malang.
    outcome = office_coverage(HOURS, datetime(2024, 4, 29, 3, 0, tzinfo=ZoneInfo("UTC")),
                              present=[], staff=STAFF)
    assert outcome.vacant
    assert "10:00" in outcome.explanation


def test_bad_input_is_refused() -> None:
    with pytest.raises(InvalidValue):
        office_coverage(HOURS, datetime(2024, 4, 29, 10, 0), present=[], staff=STAFF)
    with pytest.raises(InvalidValue):
        office_coverage(HOURS, JODIPAN_MORNING, present=[], staff=[])
    with pytest.raises(InvalidValue):
        office_coverage(HOURS, JODIPAN_MORNING, present=[], staff=STAFF,
                        permissions={LURAH: "holiday"})
