"""Figures of the reliability tests (commands tried, conflicts seen, kills survived, bad inputs
tried), shown at the end of the run and kept in pytest's cache for docs/reliability.md:
``pytest tests/reliability`` prints them; ``pytest --cache-show 'pelayanan/*'`` shows the last.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable

import pytest

_FIGURES: dict[str, int] = defaultdict(int)

Figure = Callable[[str, int], None]


@pytest.fixture
def figure(request: pytest.FixtureRequest) -> Figure:
    """``figure("kills survived", 12)`` adds 12 to that figure, per backend."""
    backend = ""
    callspec = getattr(request.node, "callspec", None)
    if callspec is not None and "store_url" in callspec.params:
        backend = f" [{callspec.params['store_url']}]"

    def add(name: str, value: int) -> None:
        _FIGURES[f"{request.node.module.__name__.rsplit('.', 1)[-1]}: {name}{backend}"] += value

    return add


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if not _FIGURES:
        return
    terminalreporter.section("reliability figures")
    for name in sorted(_FIGURES):
        terminalreporter.write_line(f"{name}: {_FIGURES[name]}")
    config = terminalreporter.config
    if getattr(config, "cache", None) is not None:  # absent with -p no:cacheprovider
        config.cache.set("pelayanan/reliability-figures", dict(sorted(_FIGURES.items())))
