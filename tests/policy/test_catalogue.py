"""The catalogue: stable ids, versions by date, honest status, and docs generated from code."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from pelayanan.domain.errors import InvalidValue, NotFound
from pelayanan.domain.values import LegalBasis
from pelayanan.policy import RuleNotFound, all_parameters, all_rules, docgen, rule, rule_version
from pelayanan.policy.rule import Rule, in_force

DOCS = Path(__file__).parents[2] / "docs" / "policy"


def test_ids_and_versions_are_unique_and_versions_never_overlap() -> None:
    rules = all_rules()
    keys = [(r.id, r.version) for r in rules]
    assert len(keys) == len(set(keys))
    for a in rules:
        for b in rules:
            if a.id == b.id and a.version < b.version:
                assert a.valid_to is not None and a.valid_to < b.valid_from


def test_every_unverified_fact_says_why() -> None:
    for r in all_rules():
        if not r.verified or not r.citation.verified:
            assert r.notes or r.citation.source, r.id
    for p in all_parameters():
        for v in p.values:
            if not v.verified:
                assert v.note, p.id


def test_rule_lookup_by_date_and_version() -> None:
    assert rule("pp94.attendance", date(2024, 4, 29)).version == 1
    assert rule_version("pp94.attendance", 1).ref.rule_id == "pp94.attendance"
    with pytest.raises(RuleNotFound):
        rule("pp94.attendance", date(2020, 1, 1))
    with pytest.raises(NotFound):
        rule("no.such.rule", date(2024, 1, 1))
    with pytest.raises(NotFound):
        rule_version("pp94.attendance", 99)


def _version(n: int, start: date, end: date | None) -> Rule:
    return Rule(id="example.rule", version=n, title=f"v{n}", valid_from=start, valid_to=end,
                citation=LegalBasis("Example 1/2024"), verified=True, source="test")


def test_the_version_in_force_on_the_date_is_returned() -> None:
    versions = [_version(1, date(2020, 1, 1), date(2022, 12, 31)),
                _version(2, date(2023, 1, 1), None)]
    assert in_force(versions, "example.rule", date(2022, 12, 31)).version == 1
    assert in_force(versions, "example.rule", date(2023, 1, 1)).version == 2
    with pytest.raises(RuleNotFound, match=r"v1: 2020-01-01 \.\. 2022-12-31"):
        in_force(versions, "example.rule", date(2019, 12, 31))
    with pytest.raises(InvalidValue):
        _version(3, date(2024, 1, 1), date(2023, 1, 1))


def test_generated_docs_are_up_to_date() -> None:
    assert docgen.is_current(DOCS), "run: python -m pelayanan.policy.docgen"


def test_docs_check_fails_when_stale(tmp_path: Path) -> None:
    assert docgen.main([str(tmp_path), "--check"]) == 1
    docgen.write(tmp_path)
    assert docgen.main([str(tmp_path), "--check"]) == 0
    (tmp_path / docgen.FILE_NAME).write_text("stale", encoding="utf-8")
    assert not docgen.is_current(tmp_path)


def test_docs_list_every_rule_and_parameter() -> None:
    text = docgen.render()
    for r in all_rules():
        assert f"`{r.id}`" in text
    for p in all_parameters():
        assert f"`{p.id}`" in text
