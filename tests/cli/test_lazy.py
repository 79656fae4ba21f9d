"""Starting the command line imports only what the command run needs (docs/performance.md).

``pelayanan --help`` and ``--version`` list the commands from a table in cli/__init__.py
without importing any command group; a command imports its own group only. The table must say
exactly what the groups register, and ``from pelayanan import X`` must keep working although
the package imports its names on first use.
"""

from __future__ import annotations

import argparse
import importlib
import json
import subprocess
import sys
import types
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

import pelayanan
from pelayanan import WIB, Actor, ComplianceService, ManualClock, audit, cli

# Modules that make start-up slow; none is needed to print help or the version.
HEAVY = [
    "eventsourcing.application",
    "holidays",
    "psycopg",
    "pelayanan.service",
    "pelayanan.domain.office",
    "pelayanan.policy.calendar",
    "pelayanan.audit",
    "pelayanan.projections",
]


def modules_after(code: str) -> set[str]:
    """The modules a fresh interpreter has imported after running ``code``."""
    script = f"import json, sys\n{code}\nprint(json.dumps(sorted(sys.modules)))"
    out = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    ).stdout
    return set(json.loads(out.strip().splitlines()[-1]))


def run_cli(*words: str) -> str:
    return (
        "from pelayanan.cli import main\n"
        "try:\n"
        f"    main({list(words)!r})\n"
        "except SystemExit:\n"
        "    pass"
    )


@pytest.mark.parametrize("flag", ["--help", "--version"])
def test_help_and_version_import_no_command_group(flag: str) -> None:
    loaded = modules_after(run_cli(flag))
    groups = {group for group, _ in cli._COMMANDS.values()}
    assert loaded & groups == set()
    assert loaded & set(HEAVY) == set()


def test_a_command_imports_its_own_group_only() -> None:
    loaded = modules_after(run_cli("rules", "--json"))
    assert "pelayanan.cli.rules" in loaded
    others = {group for group, _ in cli._COMMANDS.values()} - {"pelayanan.cli.rules"}
    assert loaded & others == set()


def registered(group: str) -> dict[str, str]:
    """Command -> help line, as the group itself registers them."""
    parser = argparse.ArgumentParser()
    sub = parser.add_subparsers()
    importlib.import_module(group).register(sub)
    return {action.dest: action.help or "" for action in sub._choices_actions}


def test_the_command_table_says_what_each_group_registers() -> None:
    installed = [g for g in cli._GROUPS if cli._installed(g)]
    from_groups = {
        name: (group, help_text)
        for group in installed
        for name, help_text in registered(group).items()
    }
    table = {name: row for name, row in cli._COMMANDS.items() if cli._installed(row[0])}
    assert table == from_groups
    assert {group for group, _ in cli._COMMANDS.values()} == set(cli._GROUPS)


def subcommands(parser: argparse.ArgumentParser) -> dict[str, Any]:
    (sub,) = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    return dict(sub.choices)


def test_each_command_parses_as_with_every_group_loaded() -> None:
    everything = subcommands(cli.build_parser())
    for name in everything:
        alone = subcommands(cli.build_parser(name))
        assert alone.keys() == everything.keys()
        assert alone[name].format_help() == everything[name].format_help()


def test_importing_the_package_imports_nothing_heavy() -> None:
    assert modules_after("import pelayanan") & set(HEAVY) == set()


def test_every_public_name_is_the_object_its_module_defines() -> None:
    for name in pelayanan.__all__:
        if name == "__version__":
            continue
        module = importlib.import_module(pelayanan._EXPORTS[name])
        assert getattr(pelayanan, name) is getattr(module, name)
    assert set(pelayanan._EXPORTS) == set(pelayanan.__all__) - {"__version__"}
    assert set(pelayanan.__all__) <= set(dir(pelayanan))


def test_an_unknown_name_is_an_attribute_error() -> None:
    with pytest.raises(AttributeError, match="no_such_name"):
        pelayanan.no_such_name  # noqa: B018
    with pytest.raises(ImportError):
        from pelayanan import no_such_name  # type: ignore[attr-defined]  # noqa: F401


def test_verify_without_the_snapshot_check_imports_no_domain_code(tmp_path: Path) -> None:
    """The integrity scan hashes stored bytes: it needs neither eventsourcing nor the domain,
    policy or projection code (docs/performance.md, verify end to end)."""
    store = tmp_path / "year.db"
    clock = ManualClock(datetime(2024, 1, 2, tzinfo=WIB))
    service = ComplianceService.open(str(store), clock=clock)
    service.register_office("35.73.01.1011", name="Jodipan", kecamatan="Blimbing",
                            actor=Actor(name="clerk", role="system"))
    service.close()
    loaded = modules_after(run_cli("verify", "--no-snapshots", "--db", str(store)))
    assert "pelayanan.audit.verify" in loaded
    heavy = set(HEAVY) - {"pelayanan.audit"}  # the package itself, which imports on first use
    heavy |= {"eventsourcing.persistence", "pelayanan.audit.decisions", "pelayanan.audit.replay"}
    assert loaded & heavy == set()


def test_every_audit_name_is_the_object_its_module_defines() -> None:
    for name in audit.__all__:
        value = getattr(audit, name)
        assert not isinstance(value, types.ModuleType), name
        if name in audit._EXPORTS:
            assert value is getattr(importlib.import_module(audit._EXPORTS[name]), name)
    assert set(audit._EXPORTS) < set(audit.__all__)
    with pytest.raises(AttributeError, match="no_such_name"):
        audit.no_such_name  # noqa: B018


def test_seal_and_verify_stay_functions_whichever_is_imported_first() -> None:
    """Importing the submodule ``pelayanan.audit.verify`` binds ``verify`` in the package."""
    code = (
        "import pelayanan.audit.seal, pelayanan.audit.verify\n"
        "from pelayanan.audit import seal, verify\n"
        "import pelayanan.audit as a\n"
        "print(callable(seal), callable(verify), callable(a.seal), callable(a.verify))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["True"] * 4
