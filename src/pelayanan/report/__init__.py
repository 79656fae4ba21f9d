"""The compliance report: one self-contained HTML file (inline CSS, SVG and script, no network).

``collect(service, board=...)`` reads what the report needs in one pass over the notification log
(plus the office board's rows for the zones); ``render(data, lang="id")`` returns the HTML.
"""

from __future__ import annotations

from pelayanan.i18n import LANGUAGES
from pelayanan.report.data import ReportData, collect
from pelayanan.report.html import check_report_path, render, write_report

__all__ = ["LANGUAGES", "ReportData", "check_report_path", "collect", "render", "write_report"]
