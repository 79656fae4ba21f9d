"""Every output of the demo's year reads as correct Indonesian (the default) or English.

Read: the timeline of every office, sidak, complaint and disciplinary case, the HTML report and
the compliance board the demo prints, in both languages. Indonesian output may carry no English
word from a curated list, no snake_case and no doubled full stop; English output no snake_case, no
Indonesian month where it writes the month itself, and no doubled full stop. Rule and parameter
references of the policy catalogue (``pp94.attendance@v1``, ``perbkn6.summons_working_days``) are
identifiers, cited alike in both languages, and are the only dotted names let through.
"""

from __future__ import annotations

import contextlib
import io
import json
import re
import shutil
from collections.abc import Iterator
from datetime import date
from enum import Enum
from html.parser import HTMLParser
from pathlib import Path
from uuid import UUID

import pytest
from eventsourcing.utils import get_topic

import pelayanan.domain.complaint
import pelayanan.domain.discipline
import pelayanan.domain.inspection
import pelayanan.domain.office
import pelayanan.domain.values
from pelayanan import ComplianceService
from pelayanan.audit.timeline import build_timeline
from pelayanan.cli import main
from pelayanan.cli.demo import print_board, weakest
from pelayanan.domain.complaint import Complaint
from pelayanan.domain.discipline import DisciplinaryCase
from pelayanan.domain.inspection import Inspection
from pelayanan.domain.office import Office
from pelayanan.i18n import LABELLED, LANGUAGES, WORDS, label, month_year, short_month
from pelayanan.projections import ReadModelRunner, default_registry
from pelayanan.projections.standard import kecamatan_board, office_board
from pelayanan.projections.standard.audit_trail import event_classes
from pelayanan.scenarios.malang import SimulationResult

_ENGLISH = """
    a an the and or of to for by with from at on in into after before until since about as is
    are was were be not no yes none other another new
    punishment punishments punished deadline deadlines due within lighter heavier light heavy
    medium low high case cases office offices complaint complaints decision decisions decided
    opened closed open filed resolved rejected acknowledged classified forwarded responded
    reopened escalated referred registered assigned moved removed published recorded delivered
    upheld changed annulled dismissed warning administrative disciplinary reprimand oral written
    statement dissatisfaction allowance demotion dismissal release promotion salary increase
    postponed examination summons summoned letter objection appeal clarification report
    finding findings inspection inspections observation staff staffed counter vacant severity
    reason summary source breach duty attendance working work hours service standard revision
    rule rules legal basis estimated unverified sealed erased personal timeline score
    zone green yellow red late count kind detail when what choose decree effect effective
    took completed examined subject signed required assessment rank position months month
    days day year years weekend holiday public leave permission sick phone walk person
    january february march may june july august october december
    monday tuesday wednesday thursday friday saturday sunday
    mon tue wed thu fri sat
"""
ENGLISH = frozenset(_ENGLISH.split())
"""English words that must not appear in Indonesian output (April, September and November are
spelled alike in Indonesian and are left out)."""

_MONTHS = "januari februari maret mei juni juli agustus oktober desember agu okt des"
INDONESIAN_MONTHS = frozenset(_MONTHS.split())

UUID_TEXT = re.compile(r"\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b")
CATALOGUE_REFERENCE = re.compile(r"\b[a-z][a-z0-9_]+(?:\.[a-z0-9_]+)+(?:@v\d+)?")
SNAKE_CASE = re.compile(r"\b\w+_\w+\b")
DOUBLED_STOP = re.compile(r"(?<!\.)\.\.(?!\.)")


def problems(text: str, lang: str, *, quotes_records: bool = False) -> list[str]:
    """What is wrong with ``text`` as output in ``lang``, each with its context.

    ``quotes_records``: the text quotes what people recorded (a reason, a description), which an
    English timeline shows as written, here in Indonesian: its months are not checked.
    """
    found: list[str] = []
    plain = CATALOGUE_REFERENCE.sub(" ", UUID_TEXT.sub(" ", text))
    for match in SNAKE_CASE.finditer(plain):
        found.append(f"snake_case {match.group()!r} in {_around(plain, match)}")
    for match in DOUBLED_STOP.finditer(text):
        found.append(f"doubled full stop in {_around(text, match)}")
    banned = ENGLISH if lang == "id" else frozenset() if quotes_records else INDONESIAN_MONTHS
    for match in re.finditer(r"[A-Za-z]+", plain):
        if match.group().lower() in banned:
            found.append(f"{match.group()!r} in {_around(plain, match)}")
    return found


def _around(text: str, match: re.Match[str]) -> str:
    return repr(text[max(0, match.start() - 60) : match.end() + 60])


class _VisibleText(HTMLParser):
    """The words a reader sees: text outside style and script, plus the timeline's rows."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._in: str | None = None
        self._timeline = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("style", "script"):
            self._in = tag
            self._timeline = ("id", "timeline-data") in attrs

    def handle_endtag(self, tag: str) -> None:
        if tag == self._in:
            self._in, self._timeline = None, False

    def handle_data(self, data: str) -> None:
        if self._in is None:
            self.parts.append(data)
        elif self._timeline:
            for rows in json.loads(data).values():
                self.parts.extend(cell for row in rows for cell in row)


def visible(page: str) -> str:
    parser = _VisibleText()
    parser.feed(page)
    return "\n".join(parser.parts)


@pytest.fixture(scope="module")
def outputs(
    small_year: tuple[Path, SimulationResult], tmp_path_factory: pytest.TempPathFactory
) -> Iterator[dict[str, dict[str, str]]]:
    """Each output of the demo's year, per language: timelines, report, board."""
    folder = tmp_path_factory.mktemp("language")
    db = folder / "year.db"  # a copy: the report's projections write into the store they read
    shutil.copy(small_year[0], db)
    found: dict[str, dict[str, str]] = {lang: {} for lang in LANGUAGES}
    for lang in LANGUAGES:
        page = folder / f"report-{lang}.html"
        assert main(["report", "--db", str(db), "--report", str(page), "--lang", lang]) == 0
        found[lang]["report"] = visible(page.read_text(encoding="utf-8"))
    for lang in LANGUAGES:  # `pelayanan board`, per office and per kecamatan
        printed = io.StringIO()
        with contextlib.redirect_stdout(printed):
            for scope in ([], ["--kecamatan"]):
                board_command = ["board", "--db", str(db), "--today", "2024-12-31", *scope]
                assert main([*board_command, "--lang", lang]) == 0
        found[lang]["board command"] = printed.getvalue()
    service = ComplianceService.open(str(db), must_exist=True)
    try:
        today = date(2024, 12, 31)
        runner = ReadModelRunner(service, default_registry().all())
        runner.catch_up()
        view = runner.reader("office_board")
        board = office_board(view, today)
        for lang in LANGUAGES:
            printed = io.StringIO()
            with contextlib.redirect_stdout(printed):
                print_board(kecamatan_board(view, today), weakest(board), today, lang)
            found[lang]["board"] = printed.getvalue()
        ids = _aggregates(service)
        for lang in LANGUAGES:
            found[lang]["timelines"] = "\n".join(
                build_timeline(service, ident, lang=lang).render()
                for created in ids.values()
                for ident in created
            )
        found["count"] = {cls.__qualname__: str(len(created)) for cls, created in ids.items()}
        yield found
    finally:
        service.close()


def _aggregates(service: ComplianceService) -> dict[type, list[UUID]]:
    """Every office, sidak, complaint and disciplinary case of the year, by how it was created."""
    created = (Office.Registered, Inspection.Started, Complaint.Filed, DisciplinaryCase.Opened)
    return {
        cls: [
            n.originator_id
            for n in service.recorder.select_notifications(1, 1_000_000, topics=[get_topic(cls)])
        ]
        for cls in created
    }


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("output", ["timelines", "report", "board", "board command"])
def test_the_demo_outputs_read_correctly(
    outputs: dict[str, dict[str, str]], output: str, lang: str
) -> None:
    text = outputs[lang][output]
    assert text.strip(), f"the {output} in {lang} is empty"
    found = problems(text, lang, quotes_records=output == "timelines")
    assert found == [], f"{len(found)} problems in the {output} ({lang}); first: {found[:10]}"


def test_the_timelines_cover_every_case_of_the_year(outputs: dict[str, dict[str, str]]) -> None:
    count, timelines = outputs["count"], outputs["id"]["timelines"]
    assert int(count["DisciplinaryCase.Opened"]) > 100
    assert timelines.count("Riwayat kasus disiplin ") == int(count["DisciplinaryCase.Opened"])
    assert timelines.count("Riwayat pengaduan ") == int(count["Complaint.Filed"])
    assert timelines.count("Riwayat kantor ") == 57
    assert "Timeline of disciplinary case " in outputs["en"]["timelines"]


def test_the_indonesian_outputs_use_the_legal_names_and_indonesian_months(
    outputs: dict[str, dict[str, str]],
) -> None:
    timelines, report = outputs["id"]["timelines"], outputs["id"]["report"]
    assert "memutuskan hukuman disiplin: teguran tertulis" in timelines
    assert "penundaan kenaikan gaji berkala selama 1 tahun" in timelines + report
    assert re.search(r"rekap e-absensi s\.d\. (Januari|Februari|Maret|Mei|Juni) 2024", timelines)
    assert "Agu" in report and "Aug" not in report.split()
    assert "Aug" in outputs["en"]["report"].split()


def test_the_checks_catch_what_they_are_for() -> None:
    """The checker itself: each kind of mistake from the issue is caught."""
    assert problems("memutuskan: punishment, penilaian: within", "id")
    assert problems("tenggat: deadline 2024-01-29", "id")
    assert problems("rekap e-absensi s.d. January 2024", "id")
    assert problems("hukuman pp53_penundaan_kenaikan_gaji_berkala_1_tahun", "id")
    assert problems("alasan: Terbukti melanggar..", "id")
    assert problems("recorded in Januari 2024", "en")
    assert problems("classified as information_request", "en")
    assert problems("aturan: pp94.attendance@v1; dasar hukum: PP 94/2021 Pasal 9", "id") == []


DOMAIN_MODULES = (
    pelayanan.domain.values,
    pelayanan.domain.complaint,
    pelayanan.domain.discipline,
    pelayanan.domain.inspection,
    pelayanan.domain.office,
)


def _domain_enums() -> list[type[Enum]]:
    return [
        value
        for module in DOMAIN_MODULES
        for value in vars(module).values()
        if isinstance(value, type)
        and issubclass(value, Enum)
        and value.__module__ == module.__name__
    ]


def test_every_domain_enum_has_a_label_in_both_languages() -> None:
    """A raw stored value (``teguran_lisan``) is never shown: every member has its label."""
    assert set(_domain_enums()) <= set(LABELLED)
    for enum in _domain_enums():
        for member in enum:
            for lang in LANGUAGES:
                text = label(member, lang)
                assert text and "_" not in text, (member, lang)


def test_every_deadline_an_event_carries_has_a_name_in_both_languages() -> None:
    named = [
        f"timeline.{cls.__qualname__.split('.')[0]}.{field}"
        for cls in event_classes()
        for klass in cls.__mro__
        for field, hint in vars(klass).get("__annotations__", {}).items()
        if "Deadline" in str(hint)
    ]
    assert named, "the events carry deadlines"
    for lang in LANGUAGES:
        assert [key for key in named if key not in WORDS[lang]] == [], lang


def test_both_languages_have_the_same_words_and_their_months() -> None:
    assert set(WORDS["id"]) == set(WORDS["en"])
    assert month_year(date(2024, 1, 31), "id") == "Januari 2024"
    assert month_year(date(2024, 12, 1), "en") == "December 2024"
    assert [short_month(m, "id") for m in (5, 8, 10, 12)] == ["Mei", "Agu", "Okt", "Des"]
