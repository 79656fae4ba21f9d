"""Rules as code: PP 94/2021 discipline, procedure deadlines in working days, complaint service
levels, office coverage and service-quality indices; each dated, cited and explained.

The policy layer is pure: it imports the standard library, attrs, ``holidays`` and the domain's
value objects, never the aggregates or the event store. Every rule function returns an outcome
carrying the rule id and version, the citation, whether the facts used are verified, and a
plain-language explanation; the catalogue (``python -m pelayanan.policy.docgen``) documents them.
"""

from __future__ import annotations

from pelayanan.domain.values import Assessment, Impact
from pelayanan.policy.calendar import CalendarDay, DayKind, WorkingCalendar, WorkingDayCount
from pelayanan.policy.catalogue import (
    Parameter,
    ParameterValue,
    Rule,
    RuleNotFound,
    all_parameters,
    all_rules,
    rule,
    rule_version,
)
from pelayanan.policy.coverage import CoverageOutcome, office_coverage
from pelayanan.policy.deadlines import (
    DeadlineKind,
    DeadlineOutcome,
    complaint_deadline,
    deadline,
)
from pelayanan.policy.punishment import (
    DecisionCheck,
    LevelOutcome,
    PunishmentOutcome,
    allowed_punishments,
    attendance,
    check_decision,
    combine,
    impact_level,
)
from pelayanan.policy.quality import IkmOutcome, ZoneOutcome, ikm, ombudsman_zone
from pelayanan.policy.result import RuleResult

__all__ = [
    "Assessment",
    "CalendarDay",
    "CoverageOutcome",
    "DayKind",
    "DeadlineKind",
    "DeadlineOutcome",
    "DecisionCheck",
    "IkmOutcome",
    "Impact",
    "LevelOutcome",
    "Parameter",
    "ParameterValue",
    "PunishmentOutcome",
    "Rule",
    "RuleNotFound",
    "RuleResult",
    "WorkingCalendar",
    "WorkingDayCount",
    "ZoneOutcome",
    "all_parameters",
    "all_rules",
    "allowed_punishments",
    "attendance",
    "check_decision",
    "combine",
    "complaint_deadline",
    "deadline",
    "ikm",
    "impact_level",
    "office_coverage",
    "ombudsman_zone",
    "rule",
    "rule_version",
]
