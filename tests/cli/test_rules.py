"""``pelayanan rules``: the catalogue and rule evaluation, driven by the same rule tables."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from pelayanan.cli import main
from pelayanan.policy import all_rules

TABLES = Path(__file__).parents[1] / "policy" / "tables"


def _rows(name: str) -> list[dict[str, str]]:
    with (TABLES / f"{name}.csv").open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def _id(row: dict[str, str]) -> str:
    return ",".join(v for k, v in row.items() if k != "why")


def _json(capsys: pytest.CaptureFixture[str], argv: list[str]) -> object:
    assert main(argv) == 0
    return json.loads(capsys.readouterr().out)


def test_rules_lists_the_catalogue(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["rules"]) == 0
    out = capsys.readouterr().out
    for r in all_rules():
        assert f"{r.id}@v{r.version}" in out
    assert "UNVERIFIED" in out


def test_rules_json_and_on_date(capsys: pytest.CaptureFixture[str]) -> None:
    listed = _json(capsys, ["rules", "--json"])
    assert isinstance(listed, list) and len(listed) == len(all_rules())
    in_2024 = _json(capsys, ["rules", "--on", "2024-04-29", "--json"])
    assert isinstance(in_2024, list)
    ids = {r["rule_id"] for r in in_2024}
    assert "pp94.attendance" in ids and "ombudsman.compliance_zone" not in ids


@pytest.mark.parametrize("row", _rows("attendance"), ids=_id)
def test_eval_attendance_table(capsys: pytest.CaptureFixture[str], row: dict[str, str]) -> None:
    argv = ["rules", "eval", "attendance", "--days", row["days"], "--consecutive",
            row["consecutive"], "--late-minutes", row["late_minutes"], "--on", row["on"], "--json"]
    if row["sedang_regime"]:
        argv += ["--sedang-regime", row["sedang_regime"]]
    data = _json(capsys, argv)
    assert isinstance(data, dict)
    assert (data["punishment"] or "") == row["punishment"]
    assert (data["level"] or "") == row["level"]
    assert data["verified"] is (row["verified"] == "yes")
    assert data["rule_id"] == "pp94.attendance" and data["rule_version"] == 1
    assert data["citation"] and data["explanation"]


def test_eval_attendance_text(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["rules", "eval", "attendance", "--days", "3", "--on", "2024-05-01"]) == 0
    out = capsys.readouterr().out
    assert "punishment: teguran_lisan (ringan)" in out
    assert "rule: pp94.attendance@v1" in out


@pytest.mark.parametrize("row", _rows("deadlines"), ids=_id)
def test_eval_deadline_table(capsys: pytest.CaptureFixture[str], row: dict[str, str]) -> None:
    argv = ["rules", "eval", "deadline", "--kind", row["kind"], "--from", row["start"], "--json"]
    if row["cuti_bersama_are_working_days"] == "yes":
        argv.append("--cuti-bersama-working-days")
    data = _json(capsys, argv)
    assert isinstance(data, dict)
    assert data["due"] == row["due"]
    assert data["estimated"] is (row["estimated"] == "yes")
    assert data["kind"] == row["kind"]


def test_eval_deadline_text_shows_how_it_was_counted(capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["rules", "eval", "deadline", "--kind", "summons_examination", "--from", "2024-04-05"]
    assert main(argv) == 0
    out = capsys.readouterr().out
    assert out.startswith("due: 2024-04-24 (Wed)")
    assert "Skipped 12 non-working day(s)" in out


@pytest.mark.parametrize(
    "argv",
    [
        ["rules", "eval", "attendance", "--days", "-1"],
        ["rules", "eval", "attendance", "--days", "three"],
        ["rules", "eval", "attendance", "--days", "3", "--consecutive", "-4"],
        ["rules", "eval", "attendance", "--days", "3", "--on", "2024-02-30"],
        ["rules", "eval", "attendance", "--days", "3", "--on", "1999-01-01"],
        ["rules", "eval", "attendance", "--days", "3", "--sedang-regime", "other"],
        ["rules", "eval", "attendance"],
        ["rules", "eval", "deadline", "--kind", "nope", "--from", "2024-04-05"],
        ["rules", "eval", "deadline", "--kind", "objection", "--from", "05/04/2024"],
        ["rules", "eval", "deadline", "--kind", "objection"],
        ["rules", "eval", "bogus"],
    ],
)
def test_bad_arguments_exit_2_with_one_line(capsys: pytest.CaptureFixture[str],
                                            argv: list[str]) -> None:
    assert main(argv) == 2
    err = capsys.readouterr().err.strip()
    assert err and "\n" not in err and "Traceback" not in err


def test_a_rule_not_in_force_is_a_library_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["rules", "eval", "attendance", "--days", "3", "--on", "2020-01-01"]) == 3
    assert "no version in force" in capsys.readouterr().err


def test_a_run_across_1_january_is_valid_input(capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["rules", "eval", "attendance", "--consecutive", "10", "--days", "5",
            "--on", "2025-01-10"]
    assert main(argv) == 0
    out = capsys.readouterr().out
    assert out.startswith("punishment: pemberhentian_dengan_hormat")
    assert "crosses 1 January" in out


def _listed(capsys: pytest.CaptureFixture[str]) -> dict[str, str]:
    assert main(["rules"]) == 0
    rows = {}
    for line in capsys.readouterr().out.splitlines():
        ref = line.partition("  ")[0]
        rows[ref.split("@")[0]] = line
    return rows


@pytest.mark.parametrize(("argv", "rule_id", "expected"), [
    (["attendance", "--days", "3"], "pp94.attendance", "no"),  # ringan row: article not read
    (["attendance", "--days", "22"], "pp94.attendance", "yes"),
    (["attendance", "--days", "5", "--consecutive", "10"], "pp94.attendance", "yes"),
    (["deadline", "--kind", "summons_examination", "--from", "2024-06-03"],
     "perbkn6.summons_examination", "yes"),
    (["deadline", "--kind", "objection", "--from", "2024-06-03"], "pp79.objection", "no"),
    (["deadline", "--kind", "complaint_dispute", "--from", "2024-06-03"], "sp4n.dispute", "no"),
])
def test_one_status_in_the_listing_the_evaluation_and_the_citation(
        capsys: pytest.CaptureFixture[str], argv: list[str], rule_id: str,
        expected: str) -> None:
    listing = _listed(capsys)[rule_id]
    listed_verified = "  verified  " in listing
    assert listed_verified == ("[unverified]" not in listing)
    assert main(["rules", "eval", *argv, "--on", "2024-06-03"]) == 0
    out = dict(line.split(": ", 1) for line in capsys.readouterr().out.splitlines()
               if ": " in line)
    assert out["verified"] == expected
    if "[unverified]" in out["citation"] or not listed_verified:
        assert out["verified"] == "no"  # a result is never more certain than what it cites


@pytest.mark.parametrize("row", _rows("authority"), ids=_id)
def test_eval_authority_table(capsys: pytest.CaptureFixture[str], row: dict[str, str]) -> None:
    argv = ["rules", "eval", "authority", "--punishment", row["punishment"], "--position",
            row["position"], "--on", "2024-05-01", "--json"]
    if row["superiors"]:
        argv += ["--superiors", ",".join(row["superiors"].split())]
    if row["official"]:
        argv += ["--official", row["official"]]
    data = _json(capsys, argv)
    assert isinstance(data, dict)
    assert [a["position"] for a in data["authorised"]] == row["authorised"].split()
    if row["official"]:
        assert data["granted"] is (row["granted"] == "yes")
    assert data["rule_id"] == "pp94.punishing_authority" and data["verified"] is False
    assert data["explanation"] and data["level"]


def test_eval_authority_text_explains(capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["rules", "eval", "authority", "--punishment", "teguran_tertulis", "--position",
            "pelaksana", "--superiors", "pengawas=vacant,administrator,jpt_pratama,ppk",
            "--official", "administrator", "--on", "2024-05-01"]
    assert main(argv) == 0
    out = capsys.readouterr().out
    assert "may impose it: administrator" in out
    assert "administrator: authorised" in out
    assert "no pengawas holds the position" in out and "verified: no" in out


@pytest.mark.parametrize(
    "extra",
    [
        ["--superiors", "raja,ppk"],
        ["--superiors", "pengawas=acting"],
        ["--official", "jpt_pratama", "--superiors", "pengawas,ppk"],
        ["--punishment", "hukuman_mati"],
        ["--position", "ppk"],
    ],
)
def test_eval_authority_usage_errors(capsys: pytest.CaptureFixture[str], extra: list[str]) -> None:
    argv = ["rules", "eval", "authority", "--punishment", "teguran_lisan", "--position",
            "pelaksana", *extra]
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err
