"""The direction of imports between pelayanan's parts (docs/architecture.md, "Layers").

Each module of src/pelayanan belongs to one part; a part may import only the parts listed for it
here (and itself). Imports inside functions count too: a lazy import is still a dependency.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parent.parent / "src"

VALUES = (
    "pelayanan.domain.values",
    "pelayanan.domain.errors",
    "pelayanan.domain.organisation",
    "pelayanan.clock",
    "pelayanan.privacy.sealed",
    "pelayanan._lazy",
)
"""The vocabulary every part shares: value types, the error family, the clock (and the helper
by which packages import their names on first use)."""

ALLOWED: dict[str, set[str]] = {
    "values": set(),
    "policy": {"values"},
    "domain": {"values", "policy"},
    "storage": {"values", "domain"},
    "i18n": {"values", "domain"},
    "privacy": {"values", "domain", "storage"},
    "service": {"values", "policy", "domain", "storage", "privacy"},
    "projections": {"values", "policy", "domain", "storage"},
    "audit": {"values", "policy", "domain", "privacy", "storage", "projections", "i18n"},
    "scenarios": {"values", "policy", "domain", "privacy", "storage", "service", "i18n"},
    "report": {
        "values",
        "policy",
        "domain",
        "storage",
        "service",
        "projections",
        "audit",
        "i18n",
    },
    "api": {"values", "policy", "domain", "privacy", "storage", "service", "projections"},
    # The front door (the web extra): account commands beside the service, and the web layer.
    "accounts": {"values", "domain", "service"},
    "web": {
        "values",
        "policy",
        "domain",
        "privacy",
        "storage",
        "service",
        "projections",
        "audit",
        "i18n",
        "api",
        "accounts",
    },
    "cli": {
        "values",
        "policy",
        "domain",
        "privacy",
        "storage",
        "service",
        "projections",
        "audit",
        "report",
        "scenarios",
        "i18n",
        "api",
        "accounts",
        "web",
    },
}


def part(module: str) -> str:
    if module in VALUES:
        return "values"
    if module == "pelayanan":
        return "api"
    if module in ("pelayanan.service", "pelayanan.i18n"):
        return module.split(".")[1]
    return module.split(".")[1]


def modules() -> dict[str, Path]:
    found = {}
    for path in sorted((SRC / "pelayanan").rglob("*.py")):
        name = ".".join(path.relative_to(SRC).with_suffix("").parts)
        found[name.removesuffix(".__init__")] = path
    return found


MODULES = modules()


def imports(module: str, path: Path) -> set[str]:
    """Every pelayanan module ``module`` imports, with ``from package import submodule``
    resolved to the submodule."""
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.startswith("pelayanan"))
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*parent, base] if base else parent)
            if not base.startswith("pelayanan"):
                continue
            for alias in node.names:
                sub = f"{base}.{alias.name}"
                found.add(sub if sub in MODULES else base)
    return found


def test_every_module_belongs_to_a_known_part() -> None:
    assert {part(m) for m in MODULES} <= set(ALLOWED)


@pytest.mark.parametrize("module", sorted(MODULES))
def test_imports_go_only_in_the_allowed_directions(module: str) -> None:
    mine = part(module)
    wrong = sorted(
        f"{target} ({part(target)})"
        for target in imports(module, MODULES[module])
        if part(target) != mine and part(target) not in ALLOWED[mine]
    )
    assert not wrong, f"{module} ({mine}) may not import {', '.join(wrong)}"


def test_the_check_sees_a_wrong_direction() -> None:
    """The rules are not vacuous: the domain importing the service would be caught."""
    assert part("pelayanan.domain.office") == "domain"
    assert "service" not in ALLOWED["domain"]
    assert "pelayanan.service" in imports("pelayanan.report.data", MODULES["pelayanan.report.data"])
