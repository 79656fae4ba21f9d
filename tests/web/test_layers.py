"""The front door is an extra: nothing in the core imports it or its libraries."""

from __future__ import annotations

import re
from pathlib import Path

SRC = Path(__file__).resolve().parents[2] / "src" / "pelayanan"
WEB_LIBRARIES = re.compile(
    r"^\s*(?:from|import)\s+(litestar|uvicorn|jinja2|pelayanan\.web)\b", re.M
)
# The two modules of the extra outside web/: the serve command imports uvicorn lazily.
ALLOWED = {SRC / "cli" / "serve.py"}


def test_no_core_module_imports_the_web_stack() -> None:
    offenders = [
        str(path.relative_to(SRC))
        for path in SRC.rglob("*.py")
        if "web" not in path.relative_to(SRC).parts[:1]
        and path not in ALLOWED
        and WEB_LIBRARIES.search(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []


def test_the_web_layer_writes_only_through_the_service_and_accounts() -> None:
    """No route builds or saves an aggregate itself: no repository, recorder or save() calls."""
    for path in (SRC / "web").rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        for forbidden in (".save(", "repository.", "recorder.insert", "trigger_event("):
            assert forbidden not in text, f"{path.name} uses {forbidden}"
