"""Every kind of record pelayanan keeps, and the name a clerk calls it by: listed once.

The service, the audit timeline and the audit-trail projection all go through this list, so a
new kind of record is added in one place.
"""

from __future__ import annotations

from pelayanan.domain.base import ComplianceAggregate
from pelayanan.domain.complaint import Complaint
from pelayanan.domain.discipline import DisciplinaryCase
from pelayanan.domain.inspection import Inspection
from pelayanan.domain.office import Office

RECORDS: dict[type[ComplianceAggregate], str] = {
    Office: "office",
    Inspection: "inspection",
    Complaint: "complaint",
    DisciplinaryCase: "disciplinary case",
}
"""Each aggregate class, in the order a newcomer meets them, with its name in messages."""


def record_name(kind: type) -> str:
    """What a message calls a record of this class ("disciplinary case")."""
    return RECORDS.get(kind, kind.__name__)
