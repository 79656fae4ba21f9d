"""A plug-in projection: who is on the staff of each office, by role."""

from __future__ import annotations

from pelayanan.domain.office import Office
from pelayanan.projections import ReadModel, View, handles


class StaffRoster(ReadModel):
    name = "staff_roster"
    version = 1

    @handles(Office.Registered)
    def registered(self, event: Office.Registered, view: View) -> None:
        view.put(f"office:{event.originator_id}", {"code": event.code.value, "staff": {}})

    @handles(Office.StaffAssigned)
    def assigned(self, event: Office.StaffAssigned, view: View) -> None:
        member = event.member
        view.update(
            f"office:{event.originator_id}",
            lambda d: d["staff"].update({member.nip.value: member.role.value}),
        )

    @handles(Office.StaffRemoved)
    def removed(self, event: Office.StaffRemoved, view: View) -> None:
        view.update(f"office:{event.originator_id}", lambda d: d["staff"].pop(event.nip.value))
