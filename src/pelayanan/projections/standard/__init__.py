"""The standard projections shipped with pelayanan, and the functions that read them."""

from __future__ import annotations

from pelayanan.projections.api import ReadModel
from pelayanan.projections.standard.audit_trail import AuditTrail, timeline
from pelayanan.projections.standard.complaint_sla import (
    ComplaintSla,
    open_complaints,
    overdue_complaints,
    service_levels,
)
from pelayanan.projections.standard.discipline_register import (
    DisciplineRegister,
    discipline_register,
    next_due,
    next_step,
    open_cases,
    register_entry,
    step_kind,
)
from pelayanan.projections.standard.office_board import (
    OfficeBoard,
    kecamatan_board,
    office_board,
    office_row,
)

STANDARD: tuple[type[ReadModel], ...] = (
    OfficeBoard,
    DisciplineRegister,
    ComplaintSla,
    AuditTrail,
)

__all__ = [
    "STANDARD",
    "AuditTrail",
    "ComplaintSla",
    "DisciplineRegister",
    "OfficeBoard",
    "discipline_register",
    "kecamatan_board",
    "next_due",
    "next_step",
    "office_board",
    "office_row",
    "open_cases",
    "open_complaints",
    "overdue_complaints",
    "register_entry",
    "service_levels",
    "step_kind",
    "timeline",
]
