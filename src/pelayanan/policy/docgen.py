"""Generate the rule catalogue's and the sources' documentation from the code, so they cannot
drift.

``python -m pelayanan.policy.docgen`` writes ``docs/policy/catalogue.md`` and ``docs/sources.md``;
``python -m pelayanan.policy.docgen --check`` exits 1 when either is out of date (the test suite
does the same check).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterable, Sequence
from enum import Enum
from pathlib import Path
from typing import Any

from pelayanan.domain.values import Level, Punishment
from pelayanan.policy.catalogue import all_parameters, all_rules
from pelayanan.policy.parameters import (
    CONSECUTIVE_DAYS_FOR_DISMISSAL,
    PP94_ENACTED,
    Parameter,
    show_value,
)
from pelayanan.policy.punishment import ATTENDANCE_LADDER, SEDANG_PUNISHMENTS, allowed_punishments
from pelayanan.policy.rule import Rule
from pelayanan.policy.sources import SOURCES, Source, cited_ids

FILE_NAME = "policy/catalogue.md"
"""The catalogue, relative to the docs directory."""
SOURCES_FILE = "sources.md"
"""The sources page, relative to the docs directory."""


def _cell(value: object) -> str:
    text = value.value if isinstance(value, Enum) else str(value)
    return text.replace("|", "\\|").replace("\n", " ")


def _table(header: Sequence[str], rows: Iterable[Sequence[object]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(_cell(c) for c in row) + " |" for row in rows]
    return lines


def _status(verified: bool) -> str:
    return "verified" if verified else "**unverified**"


def _parameter_rows(parameters: Iterable[Parameter[Any]]) -> list[list[object]]:
    rows: list[list[object]] = []
    for p in parameters:
        for v in p.values:
            shown = f"{show_value(v.value)} {p.unit}".strip()
            rows.append([f"`{p.id}`", v.start.isoformat(), shown, v.citation.cite(),
                         _status(v.verified), v.note or p.description])
    return rows


def _rule_section(r: Rule) -> list[str]:
    lines = [
        f"### `{r.id}` v{r.version}: {r.title}",
        "",
        f"- In force: {r.period}",
        f"- Citation: {r.citation.cite()}",
        f"- Status: {_status(r.verified)}; sources: {_source_links(r.sources)}",
    ]
    if r.notes:
        lines.append(f"- Notes: {r.notes}")
    if r.parameters:
        lines += ["", "Parameters:", ""]
        lines += _table(
            ["parameter", "from", "value", "citation", "status", "note"],
            _parameter_rows(r.parameters.values()),
        )
    return [*lines, ""]


def _ladder() -> list[str]:
    regimes = list(SEDANG_PUNISHMENTS)
    header = ["days absent (year)", "level", *[f"punishment ({g.value})" for g in regimes],
              "citation"]
    rows = []
    for row in ATTENDANCE_LADDER:
        cells: list[object] = [row.days_text, row.level.value]
        for regime in regimes:
            # Ringan and berat lists do not change within PP 94's period: any date in it will do.
            if row.level is Level.SEDANG:
                cells.append(SEDANG_PUNISHMENTS[regime][row.step - 1].value)
            else:
                steps = allowed_punishments(row.level, PP94_ENACTED)
                cells.append(steps[row.step - 1].value)
        cells.append(row.citation.cite())
        rows.append(cells)
    run = CONSECUTIVE_DAYS_FOR_DISMISSAL.at(PP94_ENACTED)
    pdh = Punishment.PDH.value
    rows.append([f"{run.value} consecutive working days", Level.BERAT.value, pdh, pdh,
                 run.citation.cite()])
    return _table(header, rows)


_SETTINGS = [
    "## A city's settings",
    "",
    "A city sets its choices once, in a `PolicySettings` it passes to the rule functions (and "
    "to `ComplianceService.open(..., policy=...)`): any parameter below by its id in "
    "`overrides`, and its own days off by decree in `local_days`, each with the decree it comes "
    "from. Deadlines and coverage count those days like the national ones.",
    "",
    "```python",
    "from datetime import date",
    "",
    "from pelayanan import LocalDay, PolicySettings",
    "from pelayanan.policy import DayKind, DeadlineKind, deadline",
    "",
    "closure = LocalDay(date(2024, 4, 30), DayKind.OFFICE_CLOSURE, \"Balai Kota closed\",",
    "                   \"SE Wali Kota Malang (example)\")",
    "malang = PolicySettings(overrides={\"sp4n.status_response_days\": 3}, local_days=(closure,))",
    "due = deadline(DeadlineKind.COMPLAINT_STATUS_RESPONSE, date(2024, 4, 29), settings=malang)",
    "assert due.due == date(2024, 5, 6)  # 30 April closed by decree, 1 May a holiday",
    "assert not due.verified  # an overridden value is a choice, never reported as law",
    "```",
    "",
]


_APPEALS = [
    "## Upaya administratif (PP 79/2021)",
    "",
    "What is read and what is not, for objections and appeals against a punishment. Read in "
    "PP 79/2021 Pasal 1 angka 4 and 5 and official summaries: a *keberatan* lies against any "
    "punishment other than dismissal and is decided by the superior of the official who imposed "
    "it; a *banding administratif* lies against a dismissal and is decided by BPASN "
    "(`pp79.upaya_administratif`). Everything else is an unverified, overridable parameter:",
    "",
    "| question | what the library does | parameter or rule | status |",
    "|---|---|---|---|",
    "| filing window | 14 working days from receipt of the decree; a later filing is refused "
    "(`FilingWindowClosed`), nothing written | `pp79.objection_working_days`, "
    "`pp79.appeal_working_days` | secondary |",
    "| levels open to keberatan | every level (PP 53/2010 excluded ringan; PP 79/2021 not read "
    "on it); a closed level is refused (`NotAppealable`) | `pp79.appealable_levels` | "
    "unverified |",
    "| who decides | a keberatan: the position directly above the punishing official's, checked "
    "against the organisation (the PPK itself where the PPK punished, assumed); a banding: "
    "BPASN, never a city official (`WrongAppealBody`) | `pp79.upaya_administratif` | read; the "
    "PPK case unverified |",
    "| decision window | 21 working days from the filing, for either body; a later decision is "
    "recorded with `late`, and the audit flags it and any objection still pending after it; no "
    "consequence of the body's silence was read, so none is applied | "
    "`pp79.objection_decision_working_days`, `pp79.appeal_decision_working_days` | unverified |",
    "| outcomes | upheld, changed (stored as `changed`: to a lighter punishment, or a heavier one "
    "while allowed, always flagged by the audit), annulled | `pp79.heavier_change_allowed` | "
    "unverified |",
    "| effect | the punishment that stands takes effect as the decision on the objection says, "
    "never before that decision's day (whatever the first decree's receipt); an annulled one "
    "never takes effect, and one already in effect stops on the decision's day | "
    "`pp94.effect_after_objection`, `pp94.effective_days_after_objection` (0 days) | "
    "secondary |",
    "",
    "```python",
    "from datetime import date",
    "",
    "from pelayanan import PolicySettings",
    "from pelayanan.policy.appeals import Body, Direction, Route, appeal_route, "
    "objection_change",
    "",
    "on = date(2024, 5, 3)",
    "dismissal = appeal_route(\"pemberhentian_dengan_hormat_tidak_atas_permintaan_sendiri\", "
    "on=on)",
    "assert (dismissal.route, dismissal.body) == (Route.BANDING, Body.BPASN)",
    "reprimand = appeal_route(\"teguran_tertulis\", on=on)",
    "assert reprimand.route is Route.KEBERATAN and reprimand.admissible",
    "assert not reprimand.verified  # the levels open to keberatan were not read",
    "strict = PolicySettings(overrides={\"pp79.appealable_levels\": [\"sedang\", \"berat\"]})",
    "assert not appeal_route(\"teguran_tertulis\", on=on, settings=strict).admissible",
    "lighter = objection_change(\"teguran_tertulis\", \"teguran_lisan\", on=on)",
    "assert lighter.direction is Direction.LIGHTER and lighter.allowed",
    "```",
    "",
]


def render() -> str:
    """The catalogue as Markdown."""
    rules = all_rules()
    lines = [
        "# Policy rule catalogue",
        "",
        "<!-- Generated by `python -m pelayanan.policy.docgen`; do not edit by hand. -->",
        "",
        "Every rule the library applies, with its version, the period it is in force (it is "
        "never applied outside it), its citation, whether it is verified, and the "
        "[sources](../sources.md) it was read in. **unverified** means the fact comes from a "
        "secondary source, was not found, or is this library's own convention: its numbers are "
        "parameters you can override through `PolicySettings`, and it is never presented as "
        "law. A rule and its citation always have the same status; a result of a rule is "
        "verified only when the rule, the citation it gives (e.g. a ladder row's article) and "
        "every parameter it used are.",
        "",
        *_SETTINGS,
        "## Rules",
        "",
        *_table(
            ["rule", "version", "in force", "title", "citation", "status"],
            ([f"`{r.id}`", r.version, r.period, r.title, r.citation.cite(), _status(r.verified)]
             for r in rules),
        ),
        "",
        "## PP 94/2021 attendance ladder",
        "",
        "Days absent without valid reason, cumulative per calendar year (breach of Pasal 4 "
        "huruf f). Lateness and early leave add up at 7.5 hours = 1 day "
        "(`pp94.minutes_per_absent_day`, secondary source). The sedang column that applies is "
        "chosen by the `pp94.sedang_regime` parameter. A run of consecutive working days is "
        "judged on its own, even when it crosses 1 January.",
        "",
        *_ladder(),
        "",
        *_APPEALS,
        "## Rule details",
        "",
    ]
    for r in rules:
        lines += _rule_section(r)
    lines += [
        "## All parameters",
        "",
        *_table(["parameter", "from", "value", "citation", "status", "note"],
                _parameter_rows(all_parameters())),
        "",
    ]
    return "\n".join(lines)


def _source_links(ids: Iterable[str]) -> str:
    return ", ".join(f"[{i}](../{SOURCES_FILE}#{i})" for i in ids)


def _source_section(s: Source, users: Sequence[Rule]) -> list[str]:
    lines = [
        f'<a id="{s.id}"></a>',
        "",
        f"### {s.title}",
        "",
        f"- Id: `{s.id}`",
        f"- Issued by: {s.issuer}; date: {s.date}",
        f"- Status: **{s.status.value}**; read in: {s.read_in}",
        f"- Relied on for: {s.used_for}",
    ]
    if s.caveats:
        lines.append(f"- Caveats: {s.caveats}")
    cited = sorted({f"`{r.id}`" for r in users})
    relying = ", ".join(cited) if cited else "none"
    lines.append(f"- Rules relying on it (directly or through a parameter): {relying}")
    return [*lines, ""]


def _cites(r: Rule, s: Source) -> bool:
    """Does the rule name ``s`` among its sources, or cite it for one of its parameters?"""
    cited = [r.citation, *(v.citation for p in r.parameters.values() for v in p.values)]
    return s.id in r.sources or any(s.id in cited_ids(c.source or "") for c in cited)


def render_sources() -> str:
    """The sources page as Markdown."""
    rules = all_rules()
    lines = [
        "# Sources",
        "",
        "<!-- Generated by `python -m pelayanan.policy.docgen` from "
        "`pelayanan.policy.sources`; do not edit by hand. -->",
        "",
        "Every legal or factual source the rules and the demo rely on. Each has a stable id, "
        "which is its anchor on this page: rules name their sources by these ids (see the "
        "[policy catalogue](policy/catalogue.md)), and citations say where they were read as "
        "`docs/sources.md#<id>`.",
        "",
        "A status says how a source's facts were read, not how likely they are to be true:",
        "",
        "- **verified**: read in the regulation's text or an official or reputable summary of it;",
        "- **secondary**: read only in a secondary source (a blog, someone's code, a regulation "
        "that copies another, a third-party data package);",
        "- **unverified**: not read; a working assumption, kept overridable.",
        "",
        "A rule resting on a secondary or unverified fact is marked unverified, its numbers are "
        "parameters a city can override through `PolicySettings`, and it is never presented as "
        "law. No web addresses are given: none were recorded when the facts were read.",
        "",
        *_table(["id", "source", "status"],
                ([f"[{s.id}](#{s.id})", s.title, s.status.value] for s in SOURCES.values())),
        "",
        "## Details",
        "",
    ]
    for s in SOURCES.values():
        lines += _source_section(s, [r for r in rules if _cites(r, s)])
    return "\n".join(lines)


def _pages() -> dict[str, str]:
    return {FILE_NAME: render(), SOURCES_FILE: render_sources()}


def write(directory: Path) -> list[Path]:
    """Write the catalogue and the sources page under the docs ``directory``; returns the
    files written."""
    written = []
    for name, text in _pages().items():
        target = directory / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
        written.append(target)
    return written


def is_current(directory: Path) -> bool:
    """Does the docs ``directory`` hold both pages exactly as the code would generate them?"""
    return all(
        (directory / name).exists() and (directory / name).read_text(encoding="utf-8") == text
        for name, text in _pages().items()
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m pelayanan.policy.docgen",
        description="Generate docs/policy/catalogue.md and docs/sources.md from the code.")
    parser.add_argument("directory", nargs="?", default="docs", type=Path,
                        help="the docs directory (default: docs)")
    parser.add_argument("--check", action="store_true",
                        help="exit 1 if the docs are out of date instead of writing them")
    args = parser.parse_args(argv)
    if args.check:
        if is_current(args.directory):
            return 0
        print(f"{args.directory / FILE_NAME} or {args.directory / SOURCES_FILE} is out of date: "
              "run python -m pelayanan.policy.docgen", file=sys.stderr)
        return 1
    for path in write(args.directory):
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
