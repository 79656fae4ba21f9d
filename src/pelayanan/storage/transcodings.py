"""JSON transcodings for every value type that appears in events and snapshots.

eventsourcing's JSON transcoder knows UUID, Decimal and datetime only. Each other type gets a
transcoding with a *stable name*: the name is stored in every event, so it must never change even
if the class is renamed or moved. :data:`VALUE_TYPES` is that contract; a test pins it.

attrs values are decoded without running their validators, like aggregates are reconstructed
without ``__init__``: a stored fact stays loadable even if a later version validates more
strictly. Converters do run, so tuples that JSON turned into lists become tuples again, and a
field added later takes its default when an old event lacks it.
"""

from __future__ import annotations

from datetime import date, time
from enum import Enum
from typing import Any

import attrs
from eventsourcing.persistence import JSONTranscoder, Transcoding

from pelayanan.domain import complaint, discipline, inspection, office, organisation, values
from pelayanan.privacy import sealed


class AttrsTranscoding(Transcoding):
    def __init__(self, cls: type, name: str) -> None:
        self.type = cls
        self.name = name
        self._fields = attrs.fields(cls)

    def encode(self, obj: Any) -> dict[str, Any]:
        return {f.name: getattr(obj, f.name) for f in self._fields}

    def decode(self, data: dict[str, Any]) -> Any:
        obj: Any = object.__new__(self.type)
        for f in self._fields:
            if f.name in data:
                value = data[f.name]
                if f.converter is not None:
                    value = f.converter(value)
            elif isinstance(f.default, attrs.Factory):  # type: ignore[arg-type]
                value = f.default.factory()
            elif f.default is not attrs.NOTHING:
                value = f.default
            else:
                msg = f"stored {self.name} lacks required field {f.name!r}; add an upcaster"
                raise ValueError(msg)
            object.__setattr__(obj, f.name, value)
        return obj


class EnumTranscoding(Transcoding):
    def __init__(self, cls: type[Enum], name: str) -> None:
        self.type = cls
        self.name = name
        self._cls = cls

    def encode(self, obj: Enum) -> Any:
        return obj.value

    def decode(self, data: Any) -> Enum:
        return self._cls(data)


class DateAsISO(Transcoding):
    type = date
    name = "date_iso"

    def encode(self, obj: date) -> str:
        return obj.isoformat()

    def decode(self, data: str) -> date:
        return date.fromisoformat(data)


class TimeAsISO(Transcoding):
    type = time
    name = "time_iso"

    def encode(self, obj: time) -> str:
        return obj.isoformat()

    def decode(self, data: str) -> time:
        return time.fromisoformat(data)


class FrozensetAsList(Transcoding):
    type = frozenset
    name = "frozenset"

    def encode(self, obj: frozenset[Any]) -> list[Any]:
        return sorted(obj, key=repr)

    def decode(self, data: list[Any]) -> frozenset[Any]:
        return frozenset(data)


VALUE_TYPES: dict[str, type] = {
    # values
    "nip": values.Nip,
    "office_code": values.OfficeCode,
    "actor": values.Actor,
    "legal_basis": values.LegalBasis,
    "rule_ref": values.RuleRef,
    "deadline": values.Deadline,
    "rule_grounds": values.RuleGrounds,
    "period": values.Period,
    "time_range": values.TimeRange,
    "day_schedule": values.DaySchedule,
    "service_hours": values.ServiceHours,
    "role": values.Role,
    "inspector_unit": values.InspectorUnit,
    "permission_kind": values.PermissionKind,
    "service_component": values.ServiceComponent,
    "finding_kind": values.FindingKind,
    "severity": values.Severity,
    "channel": values.Channel,
    "complaint_class": values.ComplaintClass,
    "level": values.Level,
    "punishment": values.Punishment,
    "sanction_track": values.SanctionTrack,
    "provider_sanction": values.ProviderSanction,
    # office
    "staff_member": office.StaffMember,
    "permission": office.Permission,
    "service_standard": office.ServiceStandard,
    # inspection
    "team_member": inspection.TeamMember,
    "team": inspection.Team,
    "observation": inspection.Observation,
    "finding": inspection.Finding,
    "referral_target": inspection.ReferralTarget,
    "referral": inspection.Referral,
    # complaint
    "complainant": complaint.Complainant,
    "complaint_status": complaint.ComplaintStatus,
    # discipline
    "source_kind": discipline.SourceKind,
    "breach_kind": discipline.BreachKind,
    "impact": values.Impact,
    "outcome": discipline.Outcome,
    "assessment": values.Assessment,
    "objection_kind": discipline.ObjectionKind,
    "objection_outcome": discipline.ObjectionOutcome,
    "case_source": discipline.CaseSource,
    "breach": discipline.Breach,
    "decision": discipline.Decision,
    "delivery_method": discipline.DeliveryMethod,
    "release_end": discipline.ReleaseEnd,
    "decree": discipline.Decree,
    # organisation
    "position_class": organisation.PositionClass,
    "authority": organisation.Authority,
    # privacy
    "sealed": sealed.Sealed,
}
"""Stable transcoding name -> type. Names are stored in events: never rename one."""


def transcodings() -> list[Transcoding]:
    found: list[Transcoding] = [DateAsISO(), TimeAsISO(), FrozensetAsList()]
    for name, cls in VALUE_TYPES.items():
        if issubclass(cls, Enum):
            found.append(EnumTranscoding(cls, name))
        elif attrs.has(cls):
            found.append(AttrsTranscoding(cls, name))
        else:  # pragma: no cover - guarded by tests
            raise TypeError(f"no transcoding strategy for {cls}")
    return found


def register_all(transcoder: JSONTranscoder) -> None:
    for transcoding in transcodings():
        transcoder.register(transcoding)
