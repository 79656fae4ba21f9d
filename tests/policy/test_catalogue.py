"""The catalogue: stable ids, versions by date, honest status, and docs generated from code."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from pelayanan.domain.errors import InvalidValue, NotFound
from pelayanan.domain.values import LegalBasis
from pelayanan.policy import RuleNotFound, all_parameters, all_rules, docgen, rule, rule_version
from pelayanan.policy.rule import Rule, in_force
from pelayanan.policy.sources import SOURCES, cited_ids

ROOT = Path(__file__).parents[2]
DOCS = ROOT / "docs"


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
                citation=LegalBasis("Example 1/2024"), verified=True, sources=("pp-94-2021",))


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
    (tmp_path / docgen.SOURCES_FILE).write_text("stale", encoding="utf-8")
    assert not docgen.is_current(tmp_path)
    docgen.write(tmp_path)
    (tmp_path / docgen.FILE_NAME).write_text("stale", encoding="utf-8")
    assert not docgen.is_current(tmp_path)


def test_docs_list_every_rule_and_parameter() -> None:
    text = docgen.render()
    for r in all_rules():
        assert f"`{r.id}`" in text
    for p in all_parameters():
        assert f"`{p.id}`" in text


def test_a_rule_names_only_sources_the_registry_holds() -> None:
    with pytest.raises(InvalidValue, match="no source 'nowhere'"):
        Rule(id="example.rule", version=1, title="t", valid_from=date(2024, 1, 1), valid_to=None,
             citation=LegalBasis("Example 1/2024"), verified=True, sources=("nowhere",))
    with pytest.raises(InvalidValue, match="names no source"):
        Rule(id="example.rule", version=1, title="t", valid_from=date(2024, 1, 1), valid_to=None,
             citation=LegalBasis("Example 1/2024"), verified=True, sources=())
    for r in all_rules():
        assert r.sources, r.id
        for source_id in r.sources:
            assert SOURCES[source_id].id == source_id


def test_a_rule_and_its_citation_have_one_status() -> None:
    with pytest.raises(InvalidValue, match="is verified but its citation"):
        Rule(id="example.rule", version=1, title="t", valid_from=date(2024, 1, 1), valid_to=None,
             citation=LegalBasis("Example 1/2024", verified=False, source="x"), verified=True,
             sources=("pp-94-2021",))
    for r in all_rules():
        assert r.verified == r.citation.verified, r.id


def test_every_citation_says_where_it_was_read_by_source_anchor() -> None:
    citations = [r.citation for r in all_rules()]
    citations += [v.citation for p in all_parameters() for v in p.values]
    for c in citations:
        assert c.source and "docs/sources.md#" in c.source, c.cite()
        assert cited_ids(c.source), c.cite()
        for anchor in cited_ids(c.source):
            assert anchor in SOURCES, (c.cite(), anchor)


def test_the_sources_page_has_an_anchor_for_every_source_and_lists_its_status() -> None:
    page = docgen.render_sources()
    for s in SOURCES.values():
        assert f'<a id="{s.id}"></a>' in page
        assert f"Status: **{s.status.value}**" in page
    assert "http" not in page  # no address was recorded for any source: none is invented


_REFERENCE = re.compile(r"(?<![\w/.-])((?:\.\./|\./)?[\w./-]*\w\.md)(#[\w-]+)?")
"""Any Markdown file named in the text, with its anchor."""
_REPO_PATH = re.compile(
    r"(?<![\w/.-])((?:src|docs|tests|examples|benchmarks)/[\w./-]*\w"
    r"\.(?:py|json|csv|txt|toml|yml|yaml|sql|html))\b"
)
"""Any other file named by its path from the repository root."""
_OUTPUTS = frozenset({"benchmarks/results/latest.json"})
"""Files the docs name as something a command writes; they are not committed."""


def _resolves(reference: str, anchor: str | None, citing: Path) -> bool:
    # Text in src/ may be a link written into docs/ or docs/policy/ (the generated pages).
    candidates = [citing.parent / reference, ROOT / reference, DOCS / reference,
                  DOCS / "policy" / reference]
    found = next((c for c in candidates if c.is_file()), None)
    if found is None:
        return False
    if anchor and found.resolve() == (DOCS / "sources.md").resolve():
        return anchor[1:] in SOURCES
    return True


def test_src_and_docs_cite_only_files_the_repository_holds() -> None:
    missing = []
    files = [*ROOT.joinpath("src").rglob("*.py"), *DOCS.rglob("*.md")]
    for path in files:
        text = path.read_text(encoding="utf-8")
        for reference, anchor in _REFERENCE.findall(text):
            if not _resolves(reference, anchor or None, path):
                missing.append(f"{path.relative_to(ROOT)}: {reference}{anchor}")
        for reference in _REPO_PATH.findall(text):
            if reference not in _OUTPUTS and not (ROOT / reference).is_file():
                missing.append(f"{path.relative_to(ROOT)}: {reference}")
    assert not missing, missing


def test_the_reference_check_catches_a_missing_file(tmp_path: Path) -> None:
    citing = tmp_path / "page.md"
    assert not _resolves("NOWHERE.md", None, citing)
    assert not _resolves("docs/sources.md", "#no-such-source", citing)
    assert _resolves("docs/sources.md", "#pp-94-2021", citing)
    assert _REFERENCE.findall("see NOWHERE.md and [x](../sources.md#pp-94-2021)") == [
        ("NOWHERE.md", ""), ("../sources.md", "#pp-94-2021")]
    assert _REPO_PATH.findall("run tests/support/postgres.py, not holidays/groups/x.py") == [
        "tests/support/postgres.py"]
