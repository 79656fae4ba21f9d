"""A city's configuration file: read and checked at start, with one-line errors and nothing
written; its settings recorded as the settings in force when they change."""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path

import pytest

from pelayanan import WIB, ComplianceService, ManualClock
from pelayanan.cli import main
from pelayanan.domain.errors import CommandRefused
from pelayanan.domain.organisation import Organisation, PositionClass
from pelayanan.domain.settings import CitySettings
from pelayanan.policy.calendar import DayKind, WorkingCalendar
from pelayanan.policy.config import (
    ConfigError,
    config_from_content,
    load_config,
    parse_config,
    with_organisation,
)
from pelayanan.policy.parameters import PARAMETERS, PolicySettings
from tests.test_docs import file_blocks

EXAMPLE = file_blocks("docs/configuration.md")["city.toml"]
CHANGE = '[change]\ndecree = "Perwal 1/2024"\nby = "Kepala BKPSDM"\n'


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "city.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_the_documented_example_is_a_valid_configuration(tmp_path: Path) -> None:
    config = load_config(write(tmp_path, EXAMPLE))
    on = date(2024, 4, 1)
    assert config.settings.resolve(PARAMETERS["sp4n.complaint_days"], on).value == 7
    assert config.settings.resolve(PARAMETERS["board.bands"], on).value == (80.0, 50.0)
    assert config.settings.resolve(PARAMETERS["sp4n.complaint_days"], on).overridden
    (closure,) = config.settings.local_days
    assert (closure.day, closure.kind) == (on, DayKind.OFFICE_CLOSURE)
    assert WorkingCalendar(local_days=config.settings.local_days).classify(on).kind is (
        DayKind.OFFICE_CLOSURE
    )
    assert config.organisation is not None
    assert config.organisation.position("camat-blimbing").position_class is (
        PositionClass.ADMINISTRATOR
    )
    assert [p.id for p in config.organisation.superiors("camat-blimbing")] == ["sekda", "walikota"]
    assert (config.decree, config.changed_by, config.role) == (
        "Perwal Kota Malang Nomor 12 Tahun 2024", "Kepala BKPSDM Kota Malang", "bkpsdm")


def test_the_digest_is_of_what_takes_effect(tmp_path: Path) -> None:
    config = load_config(write(tmp_path, EXAMPLE))
    reworded = EXAMPLE.replace("# Who records", "# Whoever records").replace(
        'by = "Kepala BKPSDM Kota Malang"', 'by = "Sekretaris BKPSDM"'
    )
    assert load_config(write(tmp_path, reworded)).digest == config.digest
    changed = EXAMPLE.replace('"sp4n.complaint_days" = 7', '"sp4n.complaint_days" = 8')
    assert load_config(write(tmp_path, changed)).digest != config.digest


def test_new_positions_keep_the_rest_of_the_settings_in_force(tmp_path: Path) -> None:
    config = load_config(write(tmp_path, EXAMPLE))
    assert config.organisation is not None
    walikota, sekda, _camat = config.organisation.positions
    smaller = Organisation((walikota, sekda))
    changed = with_organisation(config, smaller, decree="Kep 2/2024", changed_by="BKPSDM",
                                role="bkpsdm")
    assert changed.organisation == smaller and changed.settings == config.settings
    assert changed.content["days"] == config.content["days"]
    assert (changed.decree, changed.changed_by, changed.role) == ("Kep 2/2024", "BKPSDM", "bkpsdm")
    assert changed.digest != config.digest
    # Read back from what is recorded, the same configuration.
    assert config_from_content(changed.content).digest == changed.digest
    law = with_organisation(None, smaller, decree="Kep 1/2024", changed_by="B", role="r")
    assert law.settings == PolicySettings() and law.organisation == smaller
    with pytest.raises(ConfigError, match="must be an Organisation"):
        with_organisation(config, "sekda", decree="d", changed_by="b", role="r")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (CHANGE + "[parametres]\n", "unknown key 'parametres' (expected change, parameters"),
        (CHANGE + '[[days]]\nday = "2024-02-30"\nkind = "office_closure"\nname = "x"\n'
         'source = "SE 1"\n', "days[0]: bad date '2024-02-30': expected YYYY-MM-DD"),
        (CHANGE + '[[days]]\nday = 1999-01-01\nkind = "office_closure"\nname = "x"\n'
         'source = "SE 1"\n', "days[0]: bad date"),
        (CHANGE + '[[days]]\nday = 2024-05-01\nkind = "holiday"\nname = "x"\nsource = "SE"\n',
         "days[0]: kind must be one of public_holiday, cuti_bersama, office_closure"),
        (CHANGE + '[[days]]\nday = 2024-05-01\nkind = "office_closure"\nname = "x"\n',
         "days[0]: source (the decree that sets the day) must be a non-empty text"),
        (CHANGE + '[parameters]\n"sp4n.complaint_dayz" = 7\n',
         "unknown parameter 'sp4n.complaint_dayz' (did you mean 'sp4n.complaint_days'?"),
        (CHANGE + '[parameters]\n"sp4n.complaint_days" = 0\n',
         "parameter sp4n.complaint_days: expected a whole number of at least 1, got 0"),
        (CHANGE + '[parameters]\n"board.bands" = [40, 60]\n', "parameter board.bands: board"),
        (CHANGE + '[parameters]\n"sp4n.day_unit" = "weeks"\n', "parameter sp4n.day_unit:"),
        (CHANGE + '[[positions]]\nid = "a"\ntitle = "A"\nclass = "ppk"\nsuperior = "b"\n',
         "positions: position a reports to 'b', which the organisation lacks"),
        (CHANGE + '[[positions]]\nid = "a"\ntitle = "A"\nclass = "raja"\n',
         "positions[0] ('a'): 'raja' is not a known PositionClass"),
        ('[change]\ndecree = "Perwal 1/2024"\n', "[change] by must be a non-empty text"),
        ("[change\n", "not valid TOML"),
    ],
)
def test_a_file_that_cannot_be_used_is_one_line_naming_the_place(
    tmp_path: Path, text: str, message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(tmp_path, text)
    with pytest.raises(ConfigError) as raised:
        load_config(path)
    assert str(path) in str(raised.value) and message in str(raised.value)
    assert "\n" not in str(raised.value)

    # At the command line: a usage error, one line, before any store is opened or written.
    db = tmp_path / "store.db"
    ComplianceService.open(str(db)).close()
    before = db.read_bytes()
    assert main(["board", "--db", str(db), "--config", str(path)]) == 2
    assert main(["settings", "apply", "--db", str(db), "--config", str(path)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 2 and message in err and "Traceback" not in err
    assert db.read_bytes() == before


def test_a_missing_file_is_a_usage_error(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    db = str(tmp_path / "store.db")
    ComplianceService.open(db).close()
    monkeypatch.setenv("PELAYANAN_CONFIG", str(tmp_path / "nowhere.toml"))
    assert main(["register", "--db", db]) == 2
    assert capsys.readouterr().err == (
        f"pelayanan: configuration file {tmp_path / 'nowhere.toml'} does not exist\n"
    )


def test_settings_are_recorded_when_they_change_and_only_then(store_url: str,
                                                             tmp_path: Path) -> None:
    clock = ManualClock(datetime(2024, 3, 1, 8, tzinfo=WIB))
    config = load_config(write(tmp_path, EXAMPLE))
    service = ComplianceService.open(store_url, clock=clock, config=config)
    try:
        record = service.settings_record()
        assert record is not None and (record.changes, record.digest) == (1, config.digest)
        assert record.decree == "Perwal Kota Malang Nomor 12 Tahun 2024"
        events = [service.mapper.to_domain_event(n)
                  for n in service.recorder.select_notifications(1, 10)]
        established, changed = events
        assert isinstance(established, CitySettings.Established)
        assert isinstance(changed, CitySettings.SettingsChanged)
        assert changed.actor.name == "Kepala BKPSDM Kota Malang"
        assert changed.timestamp == clock.now() and changed.content == dict(config.content)
        assert changed.content["parameters"]["sp4n.complaint_days"] == 7
        assert not service.apply_config(config)  # already in force: nothing recorded
        with pytest.raises(CommandRefused):
            record.change(dict(config.content), digest=config.digest, decree="x",
                          occurred_at=clock.now(), actor=changed.actor, recorded_at=clock.now())
    finally:
        service.close()

    # Opened again without a file, the store is read under the settings on the record.
    plain = ComplianceService.open(store_url, clock=clock)
    try:
        assert plain.head() == 2
        assert plain.policy == config.settings and plain.organisation == config.organisation
        other = parse_config({"change": {"decree": "Perwal 2/2024", "by": "Sekda"}})
        assert plain.apply_config(other)
        assert plain.settings_record().changes == 2  # type: ignore[union-attr]
        assert plain.policy == other.settings
    finally:
        plain.close()


def test_a_reading_command_records_nothing_and_settings_apply_records(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "store.db"
    ComplianceService.open(str(db)).close()
    path = write(tmp_path, EXAMPLE)
    assert main(["register", "--db", str(db), "--config", str(path)]) == 0
    assert "not the settings in force on the record" in capsys.readouterr().err
    reader = ComplianceService.open(str(db), read_only=True)
    try:
        assert reader.head() == 0 and reader.settings_record() is None
    finally:
        reader.close()
    assert main(["settings", "show", "--db", str(db)]) == 0
    assert capsys.readouterr().out == (
        "no settings change is recorded: the law's own values are in force\n"
    )

    digest = load_config(path).digest
    assert main(["settings", "apply", "--db", str(db), "--config", str(path)]) == 0
    assert capsys.readouterr().out == (
        f"{digest[:12]} (Perwal Kota Malang Nomor 12 Tahun 2024): recorded as the settings in "
        "force\n"
    )
    assert main(["settings", "apply", "--db", str(db), "--config", str(path)]) == 0
    assert "already the settings in force" in capsys.readouterr().out
    assert main(["register", "--db", str(db), "--config", str(path)]) == 0
    assert "not the settings" not in capsys.readouterr().err
    assert main(["settings", "show", "--db", str(db), "--json"]) == 0
    shown = json.loads(capsys.readouterr().out)
    (change,) = shown["changes"]
    assert (change["by"], change["role"], change["digest"]) == (
        "Kepala BKPSDM Kota Malang", "bkpsdm", digest)
    assert shown["in_force"]["content"]["parameters"]["sp4n.complaint_days"] == 7
    assert main(["settings", "show", "--db", str(db)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].endswith(f"{digest[:12]}  Perwal Kota Malang Nomor 12 Tahun 2024  "
                             "(Kepala BKPSDM Kota Malang)")
    assert lines[1] == (f"in force: {digest[:12]}, 3 parameter override(s), 1 day(s) off by "
                        "decree, 3 position(s)")
    assert main(["settings", "apply", "--db", str(db)]) == 2  # which file?


def test_serve_checks_the_file_and_records_it_before_the_server_starts(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    uvicorn = pytest.importorskip("uvicorn")
    started: list[str] = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **options: started.append(app))
    for name in ("PELAYANAN_WEB_DB", "PELAYANAN_WEB_SECURE_COOKIES"):
        monkeypatch.setenv(name, "")  # serve sets them for its workers: restored after
    db = str(tmp_path / "store.db")
    ComplianceService.open(db).close()
    bad = tmp_path / "bad.toml"
    bad.write_text(CHANGE + '[parameters]\n"sp4n.complaint_days" = -1\n', encoding="utf-8")
    assert main(["serve", "--db", db, "--config", str(bad)]) == 2
    assert "sp4n.complaint_days" in capsys.readouterr().err and started == []

    assert main(["serve", "--db", db, "--config", str(write(tmp_path, EXAMPLE))]) == 0
    assert started == ["pelayanan.web.app:app_from_env"]
    worker = ComplianceService.open(db, read_only=True)  # as a worker opens it: no file
    try:
        assert worker.settings_record() is not None
        assert worker.policy == load_config(tmp_path / "city.toml").settings
    finally:
        worker.close()


def test_two_processes_starting_with_one_file_record_it_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = str(tmp_path / "store.db")
    config = load_config(write(tmp_path, EXAMPLE))
    first, second = ComplianceService.open(db), ComplianceService.open(db)
    try:
        unseen = iter([None])  # the second read the record before the first wrote it
        real = second.settings_record
        monkeypatch.setattr(second, "settings_record", lambda: next(unseen, None) or real())
        assert first.apply_config(config)
        assert not second.apply_config(config)
        assert second.head() == 2 and second.policy == config.settings
    finally:
        first.close()
        second.close()
