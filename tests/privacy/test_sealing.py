"""Personal data is sealed per data subject, revealed with the subject's key, and erased by
destroying that key, on SQLite and PostgreSQL; integrity checks and projections do not notice.
"""

from __future__ import annotations

from collections.abc import Iterator
from uuid import UUID, uuid4

import pytest

from pelayanan import Complainant, ComplianceService, InvalidValue, NotFound, PersonalDataUnsealed
from pelayanan.audit import build_timeline, open_log, rebuild_and_diff, seal, verify
from pelayanan.privacy import Erased, Sealed, Undecryptable
from pelayanan.projections import ReadModelRunner, default_registry
from tests.privacy.support import (
    CLERK,
    CONTACT,
    DESCRIPTION,
    NAME,
    PERSONAL,
    STATEMENT,
    Scenario,
    clock,
    record,
)

OFFICER = CLERK


@pytest.fixture
def service(store_url: str) -> Iterator[ComplianceService]:
    opened = ComplianceService.open(store_url, clock=clock(), vault="store")
    try:
        yield opened
    finally:
        opened.close()


@pytest.fixture
def scenario(service: ComplianceService) -> Scenario:
    assert isinstance(service.clock, type(clock()))
    return record(service, service.clock)  # type: ignore[arg-type]


def stored_bytes(service: ComplianceService) -> bytes:
    """Every event as the store holds it (before the mapper decodes anything)."""
    notifications = service.recorder.select_notifications(start=1, limit=100_000)
    return b"\n".join(n.state for n in notifications)


def filed(service: ComplianceService, complaint: UUID) -> object:
    return service.mapper.to_domain_event(service.recorder.select_events(complaint, limit=1)[0])


def statements(service: ComplianceService, case: UUID) -> list[object]:
    events = [service.mapper.to_domain_event(r) for r in service.recorder.select_events(case)]
    return [e.statement for e in events if type(e).__name__ == "ClarificationReceived"]


def test_personal_data_never_reaches_the_store_in_plain_text(
    service: ComplianceService, scenario: Scenario
) -> None:
    raw = stored_bytes(service)
    for text in PERSONAL:
        assert text.encode() not in raw
        assert text.encode("unicode_escape") not in raw
    assert b"Kantor kelurahan kosong" in raw  # what is not personal data stays readable


def test_the_service_reveals_sealed_values_with_the_subjects_key(
    service: ComplianceService, scenario: Scenario
) -> None:
    event = filed(service, scenario.complaint)
    assert isinstance(event.description, Sealed)  # type: ignore[attr-defined]
    assert service.reveal(event.description) == DESCRIPTION  # type: ignore[attr-defined]
    assert service.reveal(event.complainant) == Complainant(NAME, CONTACT)  # type: ignore[attr-defined]
    assert service.reveal("plain") == "plain"  # unsealed values pass through
    said = statements(service, scenario.case)
    assert [service.reveal(s) for s in said] == [STATEMENT, "Tambahan: saya minta maaf."]


def test_each_complaint_and_each_case_has_its_own_random_subject(
    service: ComplianceService, scenario: Scenario
) -> None:
    first = service.data_subjects(scenario.complaint)
    other = service.data_subjects(scenario.other_complaint)
    case = service.data_subjects(scenario.case)
    assert len(first) == len(other) == len(case) == 1  # both statements: the case's one key
    assert len({*first, *other, *case}) == 3
    assert all(s.version == 4 for s in (*first, *other, *case))  # uuid4: says nothing of anyone


def test_erasing_a_subject_leaves_its_records_loadable_and_the_data_erased(
    service: ComplianceService, scenario: Scenario
) -> None:
    [subject] = service.data_subjects(scenario.complaint)
    before = service.get_complaint(scenario.complaint)

    erasure = service.erase_subject(subject, actor=OFFICER, reason="permintaan subjek data")

    assert erasure.erased_by == "Siti Rahayu (admin kelurahan)"
    assert erasure.erased_at == service.clock.now()
    event = filed(service, scenario.complaint)
    for value in (event.description, event.complainant):  # type: ignore[attr-defined]
        revealed = service.reveal(value)
        assert isinstance(revealed, Erased)
        assert revealed.erased_at == erasure.erased_at
        assert revealed.label("id") == "[dihapus]" and revealed.label("en") == "[erased]"
    after = service.get_complaint(scenario.complaint)
    assert vars(after) == vars(before)
    # Only that subject is erased.
    other = filed(service, scenario.other_complaint)
    assert service.reveal(other.description) == "Antrean KTP lebih dari dua jam."  # type: ignore[attr-defined]
    assert service.reveal(statements(service, scenario.case)[0]) == STATEMENT
    # Commands go on working on the record.
    service.classify_complaint(scenario.complaint, classification="complaint", actor=CLERK)


def test_an_erased_statement_keeps_the_case_going(
    service: ComplianceService, scenario: Scenario
) -> None:
    [subject] = service.data_subjects(scenario.case)
    service.erase_subject(subject, actor=OFFICER, reason="retensi berakhir")
    assert all(isinstance(service.reveal(s), Erased) for s in statements(service, scenario.case))
    assert service.get_case(scenario.case).clarified
    # Erasure does not block due process: a later statement is sealed for a new subject.
    service.receive_clarification(scenario.case, statement="lagi", actor=CLERK)
    old, new = service.data_subjects(scenario.case)
    assert old == subject and new != subject
    *erased, latest = statements(service, scenario.case)
    assert all(isinstance(service.reveal(s), Erased) for s in erased)
    assert service.reveal(latest) == "lagi"
    service.receive_clarification(scenario.case, statement="dan lagi", actor=CLERK)
    assert service.data_subjects(scenario.case) == [old, new]


def test_erasure_verifies_projects_and_narrates_the_same(
    service: ComplianceService, scenario: Scenario, store_url: str
) -> None:
    log = open_log(store_url, read_only=False)
    try:
        seal(log)
        runner = ReadModelRunner(service, default_registry(plugins=False).all())
        runner.catch_up()
        views = {s.name: dict(runner.reader(s.name).items()) for s in runner.status()}

        for record_id in (scenario.complaint, scenario.case):
            for subject in service.data_subjects(record_id):
                service.erase_subject(subject, actor=OFFICER, reason="permintaan subjek data")

        report = verify(log)
        assert report.intact, report.first_problem
        assert report.unsealed_events == 0
        assert rebuild_and_diff(service).matches
        runner.rebuild()
        assert {s.name: dict(runner.reader(s.name).items()) for s in runner.status()} == views
        told = build_timeline(service, scenario.case, lang="en").render()
        assert STATEMENT not in told and "[sealed personal data]" in told
    finally:
        log.close()


def test_erasure_is_refused_twice_and_for_unknown_subjects(
    service: ComplianceService, scenario: Scenario
) -> None:
    [subject] = service.data_subjects(scenario.complaint)
    service.erase_subject(subject, actor=OFFICER, reason="permintaan")
    with pytest.raises(InvalidValue, match="erased"):
        service.erase_subject(subject, actor=OFFICER, reason="lagi")
    with pytest.raises(NotFound):
        service.erase_subject(uuid4(), actor=OFFICER, reason="tidak ada")
    with pytest.raises(InvalidValue):
        service.erase_subject(subject, actor=OFFICER, reason="")


def test_a_returning_citizen_can_file_under_the_same_subject(
    service: ComplianceService, scenario: Scenario
) -> None:
    [subject] = service.data_subjects(scenario.complaint)
    again = service.file_complaint(
        "LAPOR-2024-0003",
        office_code="35.73.01.1011",
        channel="phone",
        subject="Masih kosong",
        description="Hari ini kosong lagi.",
        complainant=Complainant(NAME, CONTACT),
        actor=CLERK,
        data_subject=subject,
    )
    assert service.data_subjects(again) == [subject]
    service.erase_subject(subject, actor=OFFICER, reason="permintaan subjek data")
    assert isinstance(service.reveal(filed(service, again).description), Erased)  # type: ignore[attr-defined]
    with pytest.raises(InvalidValue, match="erased"):
        service.file_complaint(
            "LAPOR-2024-0004",
            office_code="35.73.01.1011",
            channel="phone",
            subject="x",
            description="y",
            actor=CLERK,
            data_subject=subject,
        )


def test_a_refused_complaint_leaves_no_key_behind(
    service: ComplianceService, scenario: Scenario
) -> None:
    def keys() -> int:
        with service.recorder.datastore.transaction(commit=False) as c:  # type: ignore[attr-defined]
            c.execute("SELECT COUNT(*) AS n FROM pelayanan_subject_keys")
            return int(c.fetchone()["n"])

    before = keys()
    with pytest.raises(InvalidValue):
        service.file_complaint(
            "LAPOR-2024-0009",
            office_code="35.73.01.1011",
            channel="phone",
            subject="x",
            description="   ",
            actor=CLERK,
        )
    with pytest.raises(Exception, match="already"):
        service.file_complaint(
            "LAPOR-2024-0001",
            office_code="35.73.01.1011",
            channel="phone",
            subject="x",
            description="y",
            actor=CLERK,
        )
    assert keys() == before


def test_a_sealed_value_does_not_open_under_another_subject(
    service: ComplianceService, scenario: Scenario
) -> None:
    sealed = filed(service, scenario.complaint).description  # type: ignore[attr-defined]
    [other] = service.data_subjects(scenario.other_complaint)
    moved = Sealed(other, sealed.form, sealed.nonce, sealed.ciphertext)
    with pytest.raises(Undecryptable):
        service.reveal(moved)


def test_without_a_vault_sealed_values_stay_sealed(
    service: ComplianceService, scenario: Scenario, store_url: str
) -> None:
    plain = ComplianceService.open(store_url)
    try:
        event = filed(plain, scenario.complaint)
        assert isinstance(event.description, Sealed)  # type: ignore[attr-defined]
        with pytest.raises(InvalidValue, match="vault"):
            plain.reveal(event.description)  # type: ignore[attr-defined]
        assert plain.get_complaint(scenario.complaint).reference == "LAPOR-2024-0001"
    finally:
        plain.close()


def test_personal_data_is_not_recorded_in_clear_in_a_store_that_seals_it(
    service: ComplianceService, scenario: Scenario, store_url: str
) -> None:
    before = service.head()
    plain = ComplianceService.open(store_url, clock=clock())
    try:
        with pytest.raises(PersonalDataUnsealed, match='vault="store"'):
            plain.file_complaint(
                "LAPOR-2024-0099",
                office_code="35.73.01.1011",
                channel="sp4n_lapor",
                subject="Antrean lama",
                description=DESCRIPTION,
                complainant=Complainant(NAME, CONTACT),
                actor=CLERK,
            )
        with pytest.raises(PersonalDataUnsealed):
            plain.receive_clarification(scenario.case, statement=STATEMENT, actor=CLERK)
        assert plain.head() == before
        # Facts without personal data go on being recorded.
        plain.register_office("35.73.01.1012", name="Kidul Dalem", kecamatan="Klojen", actor=CLERK)
    finally:
        plain.close()


def test_a_timeline_shows_personal_data_only_when_asked_and_erased_data_never(
    service: ComplianceService, scenario: Scenario
) -> None:
    hidden = build_timeline(service, scenario.case, lang="en").render()
    assert STATEMENT not in hidden and "[sealed personal data]" in hidden

    shown = build_timeline(service, scenario.case, lang="en", reveal=service.reveal).render()
    assert STATEMENT in shown

    for subject in service.data_subjects(scenario.case):
        service.erase_subject(subject, actor=OFFICER, reason="permintaan subjek data")
    erased = build_timeline(service, scenario.case, lang="id", reveal=service.reveal).render()
    assert STATEMENT not in erased and "[dihapus]" in erased
