"""The compliance board's columns, defined once for every place that shows the board.

``pelayanan board``, the board ``pelayanan demo`` prints and the board table of the HTML report
show the same columns under the same labels (words of :mod:`pelayanan.i18n`), in this order, so
a reader comparing two of them compares like with like. Rows are those of
:func:`~pelayanan.projections.standard.office_board` or
:func:`~pelayanan.projections.standard.kecamatan_board`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date, datetime
from typing import Any

import attrs
from eventsourcing.application import Application

from pelayanan.domain.values import WIB, local_date
from pelayanan.i18n import WORDS, decimal
from pelayanan.storage.extent import latest_business_time


def _findings(row: Mapping[str, Any]) -> int:
    findings = row.get("findings", {})
    return sum(findings.values()) if isinstance(findings, Mapping) else int(findings)


@attrs.frozen
class Column:
    """One column: the i18n word of its label, its width in text, and its cell."""

    word: str
    width: int
    cell: Callable[[Mapping[str, Any], str], str]
    numeric: bool = True


BOARD_COLUMNS: tuple[Column, ...] = (
    Column("board.sidak", 6, lambda row, lang: str(row["inspections"])),
    Column("board.vacant", 6, lambda row, lang: str(row["vacancies_in_service_hours"])),
    Column("board.findings", 8, lambda row, lang: str(_findings(row))),
    Column("board.open", 8, lambda row, lang: str(row["open_complaints"])),
    Column("board.late", 9, lambda row, lang: str(row["overdue_complaints"])),
    Column("board.cases", 5, lambda row, lang: str(row["open_cases"])),
    Column("board.score", 6, lambda row, lang: decimal(row["score"], lang)),
    Column("board.zone", 0, lambda row, lang: WORDS[lang][row["zone"]], numeric=False),
)
"""The board's columns after the first (the office or the kecamatan), in order."""

TITLE_WIDTH = 30


def board_heading(day: date, lang: str, *, end_of_data: bool) -> str:
    """The board's first line: the day it is judged on, and whether that is the end of the data
    (the default) or a day the caller chose."""
    words = WORDS[lang]
    return words["board.as_of_end" if end_of_data else "board.as_of"].format(day=day.isoformat())


def _cells(cells: list[tuple[Column, str]]) -> str:
    return " ".join(
        text.rjust(column.width) if column.numeric else text for column, text in cells
    )


def board_header(first: str, lang: str) -> str:
    """The header line: ``first`` (the title column's label), then every column's label."""
    words = WORDS[lang]
    return f"{first[:TITLE_WIDTH]:<{TITLE_WIDTH}} " + _cells(
        [(column, words[column.word]) for column in BOARD_COLUMNS]
    )


def board_line(title: str, row: Mapping[str, Any], lang: str) -> str:
    """One row as a line of text under :func:`board_header`."""
    return f"{title[:TITLE_WIDTH]:<{TITLE_WIDTH}} " + _cells(
        [(column, column.cell(row, lang)) for column in BOARD_COLUMNS]
    )


def board_labels(lang: str) -> list[str]:
    """The columns' labels in ``lang`` (what an HTML table heads its columns with)."""
    return [WORDS[lang][column.word] for column in BOARD_COLUMNS]


def board_cells(row: Mapping[str, Any], lang: str) -> list[str]:
    """One row's cells, as shown (an HTML table's cells)."""
    return [column.cell(row, lang) for column in BOARD_COLUMNS]


def row_title(row: Mapping[str, Any]) -> str:
    """What the first column shows: the kecamatan, or the office's code and name."""
    if "code" in row:
        return f"{row['code']} {row['name']}"
    return str(row["kecamatan"])


def end_of_data(app: Application[Any]) -> date | None:
    """The local (WIB) day of the latest business time recorded; None for an empty store."""
    latest = latest_business_time(app)
    return None if latest is None else local_date(latest)


def board_day(app: Application[Any], as_of: date | None) -> tuple[date, bool]:
    """The day a board (or register, or list of complaints) is judged on, and whether it is the
    end of the data: ``as_of`` when given, else the end of the data (today for an empty store)."""
    if as_of is not None:
        return as_of, False
    end = end_of_data(app)
    if end is None:
        return local_date(datetime.now(WIB)), False
    return end, True
