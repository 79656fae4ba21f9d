# ruff: noqa: F811 - the audit story fixtures are imported by name, so pytest finds them here
"""Records found by what people call them (storage/lookup.py), in the Python API, the timeline
and its command; every not-found message names what the caller passed."""

from __future__ import annotations

import pytest

from pelayanan.audit.timeline import build_timeline
from pelayanan.cli import main
from pelayanan.domain.errors import AmbiguousReference, NotFound
from pelayanan.domain.values import Actor
from tests.audit.conftest import JODIPAN, KASI_NIP, Cases, Story, cases, story  # noqa: F401

MASKED = "*" * 14 + KASI_NIP[-4:]


def test_a_case_is_found_by_its_case_number(story: Story, cases: Cases) -> None:
    case = story.service.get_case("BKPSDM/2024/001")
    assert case.id == cases.lighter and case.case_number == "BKPSDM/2024/001"
    assert story.service.get_case(str(cases.lighter)).id == cases.lighter
    assert story.service.get_case(cases.lighter, version=1).version == 1
    assert story.service.get_case("BKPSDM/2024/001", version=1).version == 1


def test_a_nip_finds_all_its_cases_and_names_them_when_one_is_wanted(
    story: Story, cases: Cases
) -> None:
    found = story.service.find_cases(KASI_NIP)
    assert [c.id for c in found] == [cases.lighter, cases.stale_rule]
    assert found[0].label() == f"BKPSDM/2024/001 (NIP {MASKED}, {JODIPAN})"
    with pytest.raises(AmbiguousReference) as refused:
        story.service.get_case(KASI_NIP)
    message = str(refused.value)
    assert message.startswith(f"{KASI_NIP} names 2 disciplinary cases: BKPSDM/2024/001 (NIP ")
    assert "BKPSDM/2024/002" in message and str(cases.stale_rule) in message
    assert isinstance(refused.value, NotFound)  # callers catching NotFound keep working


def test_a_nip_with_one_case_names_that_case(story: Story, clerk: Actor) -> None:
    from tests.audit.conftest import _case

    story.clock.set(story.clock.now().replace(day=29))
    case = _case(story, "BKPSDM/2024/007", clerk)
    assert story.service.get_case(KASI_NIP).id == case
    assert story.service.find_cases("BKPSDM/2024/007")[0].id == case


@pytest.mark.parametrize(
    ("get", "name", "message"),
    [
        ("get_office", "35.73.09.9999", "no office 35.73.09.9999 is recorded"),
        ("get_complaint", "LAPOR-0000", "no complaint LAPOR-0000 is recorded"),
        ("get_inspection", "SIDAK-0000", "no inspection SIDAK-0000 is recorded"),
        (
            "get_case",
            "BKPSDM/800/2024/ABS-0043",
            "no disciplinary case BKPSDM/800/2024/ABS-0043 is recorded (by case number or NIP)",
        ),
        (
            "get_case",
            "199001012015031099",
            "no disciplinary case 199001012015031099 is recorded (by case number or NIP)",
        ),
    ],
)
def test_not_found_names_what_the_caller_passed(
    story: Story, get: str, name: str, message: str
) -> None:
    with pytest.raises(NotFound) as refused:
        getattr(story.service, get)(name)
    assert str(refused.value) == message


def test_a_command_on_an_office_that_is_not_recorded_names_its_code(
    story: Story, clerk: Actor
) -> None:
    with pytest.raises(NotFound, match=r"^no office 35\.73\.09\.9999 is recorded$"):
        story.service.assign_staff(
            "35.73.09.9999", nip=KASI_NIP, name="Bu Kasi", role="kasi", actor=clerk
        )


def test_timeline_headers_show_what_was_asked_for(story: Story, cases: Cases) -> None:
    office = build_timeline(story.service, JODIPAN)
    assert office.render().splitlines()[0] == f"Riwayat kantor {JODIPAN}"
    by_number = build_timeline(story.service, "BKPSDM/2024/001", lang="en")
    assert by_number.aggregate_id == cases.lighter
    header = f"Timeline of disciplinary case BKPSDM/2024/001 (NIP {MASKED}, {JODIPAN})"
    assert by_number.render().splitlines()[0] == header
    # Asked by its id, a record is still headed by its name.
    by_id = build_timeline(story.service, str(cases.lighter), lang="en")
    assert by_id.render().splitlines()[0] == header
    assert by_id.to_dict()["name"] == f"BKPSDM/2024/001 (NIP {MASKED}, {JODIPAN})"


def test_the_timeline_command_by_case_number_and_by_an_ambiguous_nip(
    story: Story, cases: Cases, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["timeline", "BKPSDM/2024/002", "--db", story.url, "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"Timeline of disciplinary case BKPSDM/2024/002 (NIP {MASKED}, ")
    assert main(["timeline", KASI_NIP, "--db", story.url]) == 3
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "names 2 disciplinary cases" in err
    assert main(["timeline", "35.73.09.9999", "--db", story.url]) == 3
    assert capsys.readouterr().err == "pelayanan: no office 35.73.09.9999 is recorded\n"
