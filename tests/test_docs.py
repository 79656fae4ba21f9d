"""The documentation's code runs: every ```python block of these pages, in order, per page."""

from __future__ import annotations

import contextlib
import io
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXECUTED_PAGES = [
    "README.md",
    "docs/getting-started.md",
    "docs/tutorial.md",
    "docs/projections.md",
    "docs/audit.md",
    "docs/architecture.md",
    "docs/policy/catalogue.md",
    "docs/policy/decree.md",
    "docs/web.md",
    "docs/configuration.md",
]
BLOCK = re.compile(r"^```python\n(.*?)^```", re.DOTALL | re.MULTILINE)
FILE_BLOCK = re.compile(r"^```\w+ ([\w.-]+)\n(.*?)^```", re.DOTALL | re.MULTILINE)
"""A block whose info string names a file (```toml city.toml): the page's code reads it."""


def file_blocks(page: str) -> dict[str, str]:
    """The files a page shows (name -> text), as its code expects to find them."""
    return dict(FILE_BLOCK.findall((ROOT / page).read_text(encoding="utf-8")))


def python_blocks(page: str) -> list[str]:
    return BLOCK.findall((ROOT / page).read_text(encoding="utf-8"))


@pytest.mark.parametrize("page", [p for p in EXECUTED_PAGES if (ROOT / p).exists()])
def test_page_code_runs(page: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocks = python_blocks(page)
    assert blocks, f"{page} has no python code blocks"
    monkeypatch.chdir(tmp_path)
    for name, text in file_blocks(page).items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    namespace: dict[str, object] = {"__name__": "__doc__"}
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        for number, block in enumerate(blocks, start=1):
            try:
                exec(compile(block, f"{page} block {number}", "exec"), namespace)
            except Exception as exc:  # pragma: no cover - the failure message is the point
                raise AssertionError(f"{page}, code block {number} failed: {exc!r}") from exc


def _printed_blocks(page: str) -> list[str]:
    text = (ROOT / page).read_text(encoding="utf-8")
    return re.findall(r"^prints\n\n```text\n(.*?)^```", text, re.DOTALL | re.MULTILINE)


def test_tutorial_prints_what_it_says(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    namespace: dict[str, object] = {"__name__": "__doc__"}
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        for block in python_blocks("docs/tutorial.md"):
            exec(block, namespace)
    printed = out.getvalue()
    expected = _printed_blocks("docs/tutorial.md")
    assert len(expected) >= 3
    for block in expected:
        assert block in printed


def test_getting_started_prints_what_it_says() -> None:
    namespace: dict[str, object] = {"__name__": "__doc__"}
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        for block in python_blocks("docs/getting-started.md"):
            exec(block, namespace)
    lines = out.getvalue().splitlines()
    assert lines == [
        "2024-05-03",
        "NIP must be 18 digits, got '12345'",
        "Jodipan 2 1",
        "0",
    ]


def test_architecture_prints_what_it_says(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The command traced on the architecture page lands in the projection and the audit."""
    monkeypatch.chdir(tmp_path)
    namespace: dict[str, object] = {"__name__": "__doc__"}
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        for block in python_blocks("docs/architecture.md"):
            exec(block, namespace)
    (expected,) = _printed_blocks("docs/architecture.md")
    assert out.getvalue() == expected


def test_the_decree_page_prints_what_it_says(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The pay stop, the refusals, the Plh and a clean audit, as docs/policy/decree.md shows."""
    monkeypatch.chdir(tmp_path)
    namespace: dict[str, object] = {"__name__": "__doc__"}
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        for block in python_blocks("docs/policy/decree.md"):
            exec(block, namespace)
    (expected,) = _printed_blocks("docs/policy/decree.md")
    assert out.getvalue() == expected
