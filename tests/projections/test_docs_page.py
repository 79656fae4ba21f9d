"""docs/projections.md prints what it says it prints (tests/test_docs.py only runs it)."""

from __future__ import annotations

import contextlib
import io
import re
from pathlib import Path

import pytest

PAGE = Path(__file__).resolve().parents[2] / "docs" / "projections.md"
CODE = re.compile(r"^```python\n(.*?)^```", re.DOTALL | re.MULTILINE)
# What the page promises, in order: "prints" + a text block, or "prints `...`" inline.
PROMISED = re.compile(r"^prints\n\n```text\n(.*?)^```|prints `(.*?)`", re.DOTALL | re.MULTILINE)


def test_the_projections_page_prints_what_it_promises(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = PAGE.read_text(encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    namespace: dict[str, object] = {"__name__": "__doc__"}
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        for block in CODE.findall(text):
            exec(compile(block, str(PAGE), "exec"), namespace)
    promised = []
    for block, inline in PROMISED.findall(text):
        promised.extend(block.splitlines() if block else [inline])
    assert out.getvalue().splitlines() == promised
