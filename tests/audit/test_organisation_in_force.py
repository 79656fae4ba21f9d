"""The decisions audit re-checks each event under the organisation in force when it was recorded,
read from the store with the settings: a city that later moves a position under another superior
gets no false flag on what was decided before, and a flag earned under the old organisation is
not lost because the new one would have made it look fine. On both backends."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any
from uuid import UUID

import attrs
import pytest

from pelayanan import ComplianceService
from pelayanan.audit.decisions import audit_decisions, settings_history
from pelayanan.cli import main
from pelayanan.clock import ManualClock
from pelayanan.domain.organisation import Organisation
from pelayanan.policy import procedure
from pelayanan.policy.config import parse_config, with_organisation
from pelayanan.policy.parameters import PolicySettings
from tests.test_appeals import _file, _on, _punished
from tests.test_due_process import CAMAT, CLERK, KASI, LURAH_OFFICIAL, MALANG, _case, _examine


def _moved(position: str, superior: str) -> Organisation:
    """MALANG with ``position`` reporting to ``superior`` instead."""
    return Organisation(
        tuple(attrs.evolve(p, superior=superior) if p.id == position else p
              for p in MALANG.positions)
    )


# The lurah of Jodipan under the Sekda rather than the camat: a keberatan against the lurah's
# punishment is then the Sekda's to decide, not the camat's.
LURAH_UNDER_SEKDA = _moved("lurah-jodipan", "sekda")
# The kasi under the camat rather than the lurah: its atasan langsung (an administrator) may
# impose a sedang punishment itself, so no BAP is reported up.
KASI_UNDER_CAMAT = _moved("kasi-jodipan", "camat-blimbing")


def _record(service: ComplianceService, organisation: Organisation, decree: str) -> None:
    """The city records ``organisation`` as a settings change (the rest kept)."""
    assert service.apply_config(with_organisation(
        service.settings_in_force(), organisation, decree=decree, changed_by="Kepala BKPSDM",
        role="pengelola konfigurasi",
    ))


@pytest.fixture
def city(store_url: str, clock: ManualClock) -> Iterator[ComplianceService]:
    """A store whose organisation (MALANG) is on the record, by Perwal 1/2024."""
    app = ComplianceService.open(store_url, clock=clock)
    _record(app, MALANG, "Perwal 1/2024")
    yield app
    app.close()


def _auditor(store_url: str) -> ComplianceService:
    return ComplianceService.open(store_url, read_only=True)  # given no organisation


def _kinds(service: ComplianceService, today: date, **given: Any) -> list[str]:
    return [f.kind for f in audit_decisions(service, today=today, **given).findings]


def test_a_keberatan_decided_by_the_superior_then_is_no_flag_after_a_reorganisation(
    city: ComplianceService, clock: ManualClock, store_url: str,
    capsys: pytest.CaptureFixture[str],
) -> None:
    case = _punished(city, decided_by=LURAH_OFFICIAL)  # the lurah punished the kasi
    _file(city, case)
    _on(clock, date(2024, 5, 20))
    city.decide_objection(case, outcome="upheld", reason="r", actor=CLERK,
                          decided_by=CAMAT)  # the camat: the lurah's superior then
    _on(clock, date(2024, 6, 3))
    _record(city, LURAH_UNDER_SEKDA, "Perwal 2/2024")
    city.close()
    auditor = _auditor(store_url)
    try:
        assert auditor.organisation == LURAH_UNDER_SEKDA  # the latest on the record
        assert [c.organisation for _, c in settings_history(auditor)] == [
            MALANG, LURAH_UNDER_SEKDA
        ]
        assert _kinds(auditor, date(2024, 6, 30)) == []
        # Under the organisation in force now, the same record would have been flagged.
        (flag,) = audit_decisions(auditor, today=date(2024, 6, 30),
                                  organisation=LURAH_UNDER_SEKDA).findings
        assert flag.kind == "objection_body_differs" and flag.aggregate_id == str(case)
        assert (flag.recorded, flag.recomputed) == ("camat-blimbing", "sekda")
    finally:
        auditor.close()
    assert main(["audit", "decisions", "--db", store_url, "--json", "--quiet"]) == 0
    assert "objection_body_differs" not in capsys.readouterr().out


def test_a_punishment_is_re_checked_under_the_organisation_that_granted_authority(
    city: ComplianceService, clock: ManualClock, store_url: str
) -> None:
    """The lurah punished the kasi under its authority then; the kasi was later moved under the
    camat, where the lurah has none over it."""
    case = _punished(city, decided_by=LURAH_OFFICIAL)
    _on(clock, date(2024, 6, 3))
    _record(city, KASI_UNDER_CAMAT, "Perwal 2/2024")
    city.close()
    auditor = _auditor(store_url)
    try:
        assert auditor.get_case(case).authority.official_position == "lurah-jodipan"
        assert _kinds(auditor, date(2024, 6, 30)) == []
        (flag,) = audit_decisions(auditor, today=date(2024, 6, 30),
                                  organisation=KASI_UNDER_CAMAT).findings
        assert flag.kind == "no_authority" and flag.event == "DisciplinaryCase.Decided"
        assert "lurah-jodipan decided teguran_tertulis" in flag.message
        assert "Camat Blimbing" in flag.message  # who may, under that organisation
    finally:
        auditor.close()


def test_a_punishment_without_authority_then_is_flagged_though_a_later_one_grants_it(
    city: ComplianceService, clock: ManualClock, store_url: str
) -> None:
    """A decision the organisation on the record did not allow (written by a service that used
    another, unrecorded, organisation), followed by a reorganisation that would allow it."""
    city.use_organisation(KASI_UNDER_CAMAT)  # in this process only: nothing recorded
    case = _punished(city, decided_by=CAMAT)
    assert city.get_case(case).authority.official_position == "camat-blimbing"
    _on(clock, date(2024, 6, 3))
    _record(city, KASI_UNDER_CAMAT, "Perwal 2/2024")
    city.close()
    auditor = _auditor(store_url)
    try:
        (flag,) = audit_decisions(auditor, today=date(2024, 6, 30)).findings
        assert flag.kind == "no_authority" and flag.aggregate_id == str(case)
        assert "camat-blimbing decided teguran_tertulis" in flag.message
        assert "Lurah Jodipan" in flag.message
        # Under the organisation in force now, it looks fine.
        assert _kinds(auditor, date(2024, 6, 30), organisation=KASI_UNDER_CAMAT) == []
    finally:
        auditor.close()


def test_a_grant_over_another_position_than_the_records_is_a_finding(
    city: ComplianceService, store_url: str
) -> None:
    """Decided by an organisation that named the kasi's position otherwise than the record."""
    renamed = Organisation(
        tuple(attrs.evolve(p, id="staf-jodipan") if p.id == "kasi-jodipan" else p
              for p in MALANG.positions)
    )
    city.use_organisation(renamed)  # in this process only
    case = _punished(city, decided_by=LURAH_OFFICIAL)
    city.close()
    auditor = _auditor(store_url)
    try:
        (flag,) = audit_decisions(auditor, today=date(2024, 6, 30)).findings
        assert flag.kind == "authority_differs" and flag.aggregate_id == str(case)
        assert "over staf-jodipan" in flag.message and "over kasi-jodipan" in flag.message
    finally:
        auditor.close()


def _examined_not_reported(service: ComplianceService) -> UUID:
    """A kasi's case of 12 days absent (a sedang punishment expected), examined on 3 May 2024
    and never reported up."""
    case = _case(service, KASI, days=12)
    _examine(service, case)
    return case


@pytest.mark.parametrize(
    ("then", "later", "flagged"),
    [
        # Under the lurah (a pengawas), the BAP had to go up; it did not: still flagged after
        # the kasi moved under the camat, who would have decided it itself.
        (MALANG, KASI_UNDER_CAMAT, True),
        # Under the camat, nothing was to be reported: no flag after the kasi moved under the
        # lurah, under whom it would have been due.
        (KASI_UNDER_CAMAT, MALANG, False),
    ],
    ids=["flag-kept", "no-false-flag"],
)
def test_a_bap_report_is_due_under_the_organisation_of_the_examination(
    store_url: str, clock: ManualClock, then: Organisation, later: Organisation, flagged: bool
) -> None:
    service = ComplianceService.open(store_url, clock=clock)
    try:
        _record(service, then, "Perwal 1/2024")
        case = _examined_not_reported(service)
        _on(clock, date(2024, 6, 3))
        _record(service, later, "Perwal 2/2024")
    finally:
        service.close()
    auditor = _auditor(store_url)
    try:
        assert auditor.organisation == later
        found = [f for f in audit_decisions(auditor, today=date(2024, 12, 31)).findings
                 if f.kind == "bap_not_reported"]
        assert [f.aggregate_id for f in found] == ([str(case)] if flagged else [])
        # The organisation in force now says the opposite.
        now = _kinds(auditor, date(2024, 12, 31), organisation=later)
        assert ("bap_not_reported" in now) is not flagged
    finally:
        auditor.close()


def test_a_bap_report_is_due_by_the_settings_in_force_at_the_examination(
    city: ComplianceService, clock: ManualClock, store_url: str
) -> None:
    case = _examined_not_reported(city)  # 3 May: 7 working days to report it up
    _on(clock, date(2024, 5, 6))
    longer = parse_config({
        "change": {"decree": "Perwal 3/2024", "by": "Kepala BKPSDM"},
        "parameters": {"perbkn6.bap_report_working_days": 20},
    })
    assert city.apply_config(with_organisation(longer, MALANG, decree="Perwal 3/2024",
                                               changed_by="Kepala BKPSDM", role="pengelola"))
    city.close()
    auditor = _auditor(store_url)
    try:
        (flag,) = [f for f in audit_decisions(auditor, today=date(2024, 5, 20)).findings
                   if f.kind == "bap_not_reported"]
        record = auditor.get_case(case)
        then = procedure.bap_report_due(record, MALANG, settings=PolicySettings())
        assert then is not None and flag.recorded == then.due.isoformat()
        # Counted under the settings in force now (20 working days) it would not be due yet.
        now = procedure.bap_report_due(record, MALANG, settings=auditor.policy)
        assert now is not None and now.due > date(2024, 5, 20)
    finally:
        auditor.close()


def test_where_the_record_holds_no_organisation_the_services_own_is_used(
    store_url: str, clock: ManualClock
) -> None:
    """As before organisations were recorded: settings on the record without positions, and an
    organisation the service was given in Python."""
    service = ComplianceService.open(store_url, clock=clock, organisation=MALANG)
    try:
        service.apply_config(parse_config({
            "change": {"decree": "Perwal 1/2024", "by": "Kepala BKPSDM"},
            "parameters": {"sp4n.complaint_days": 7},
        }))
        assert service.organisation is MALANG
        _examined_not_reported(service)
        [(_, recorded)] = settings_history(service)
        assert recorded.organisation is None
        assert "bap_not_reported" in _kinds(service, date(2024, 12, 31))  # MALANG, its own
        given = _kinds(service, date(2024, 12, 31), organisation=KASI_UNDER_CAMAT)
        assert "bap_not_reported" not in given
    finally:
        service.close()
    auditor = _auditor(store_url)  # knows no organisation: the check is skipped
    try:
        assert auditor.organisation is None
        assert "bap_not_reported" not in _kinds(auditor, date(2024, 12, 31))
    finally:
        auditor.close()


def test_before_the_first_organisation_on_the_record_none_is_known(
    store_url: str, clock: ManualClock
) -> None:
    """Examined by a service given an organisation in Python only (the kasi under the camat,
    who decides itself: nothing to report up); the city recorded MALANG afterwards. Which
    organisation the examination was under is not on the record, and the later one is not
    assumed: under it the report up would have been due, a false flag."""
    service = ComplianceService.open(store_url, clock=clock, organisation=KASI_UNDER_CAMAT)
    try:
        _examined_not_reported(service)
        _on(clock, date(2024, 6, 3))
        _record(service, MALANG, "Perwal 1/2024")
    finally:
        service.close()
    auditor = _auditor(store_url)
    try:
        assert auditor.organisation == MALANG
        assert "bap_not_reported" not in _kinds(auditor, date(2024, 12, 31))
        assert "bap_not_reported" in _kinds(auditor, date(2024, 12, 31), organisation=MALANG)
    finally:
        auditor.close()
