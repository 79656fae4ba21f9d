"""The positions of the simulated Kota Malang: who is whose superior, and who holds what.

The Wali Kota is the PPK, the Sekda a JPT Pratama, each camat an administrator under the Sekda;
in each kelurahan the lurah reports to the camat, and the seklur, kasi and staff to the lurah.
Which class a city gives a lurah and a seklur differs between regulations and cities, and Kota
Malang's own organisation of its kelurahan was not read [unverified]: the classes below
(``KELURAHAN_CLASSES``: the lurah a pengawas, everyone else a pelaksana) are this demo's
assumption, data that a real deployment replaces with the city's own.

The positions are recorded as the city records its own (:func:`record`): a settings change
carrying them, so that a store built by the demo names its organisation to whoever reads it
later (``pelayanan audit decisions`` re-checks the BAP reports with it). The service checks every
punishment against these positions (:func:`pelayanan.policy.authority.who_may_punish`), so the
simulation asks the same rule who decides, and the atasan langsung reports the BAP up where the
punishment expected is beyond it.
"""

from __future__ import annotations

from collections.abc import Iterable

from pelayanan.domain.errors import InvalidValue
from pelayanan.domain.organisation import Official, Organisation, Position, PositionClass
from pelayanan.domain.values import Nip, Role
from pelayanan.policy.config import with_organisation
from pelayanan.policy.parameters import PolicySettings
from pelayanan.scenarios.context import BKPSDM
from pelayanan.scenarios.world import OfficeState
from pelayanan.service import ComplianceService

KELURAHAN_CLASSES: dict[Role, PositionClass] = {
    Role.LURAH: PositionClass.PENGAWAS,
    Role.SEKLUR: PositionClass.PELAKSANA,
    Role.KASI: PositionClass.PELAKSANA,
    Role.STAFF: PositionClass.PELAKSANA,
}
"""The class of each kelurahan role in the demo [unverified: the demo's assumption]."""

_TITLES = {
    Role.LURAH: "Lurah",
    Role.SEKLUR: "Sekretaris Kelurahan",
    Role.KASI: "Kepala Seksi Kelurahan",
    Role.STAFF: "Pelaksana Kelurahan",
}

WALI_KOTA = Position("walikota", "Wali Kota Malang", PositionClass.PPK)
SEKDA = Position(
    "sekda", "Sekretaris Daerah Kota Malang", PositionClass.JPT_PRATAMA, WALI_KOTA.id
)


def camat_id(kecamatan: str) -> str:
    return "camat-" + kecamatan.lower().replace(" ", "-")


def lurah_id(office: OfficeState) -> str:
    return f"lurah-{office.code}"


def staff_id(nip: Nip) -> str:
    return f"pns-{nip.value}"


def organisation(offices: Iterable[OfficeState]) -> Organisation:
    """The city's positions as the simulated offices stand now (rebuilt after a rotation)."""
    offices = list(offices)
    positions = [WALI_KOTA, SEKDA]
    for kecamatan in sorted({o.kelurahan.kecamatan.name for o in offices}):
        positions.append(
            Position(camat_id(kecamatan), f"Camat {kecamatan}", PositionClass.ADMINISTRATOR,
                     SEKDA.id)
        )
    for office in offices:
        name = office.kelurahan.name
        lurah = office.holder(Role.LURAH)
        head = Position(
            lurah_id(office), f"Lurah {name}", KELURAHAN_CLASSES[Role.LURAH],
            camat_id(office.kelurahan.kecamatan.name),
            vacant=lurah is None, holder=None if lurah is None else lurah.nip,
        )
        positions.append(head)
        for member in office.staff.values():
            role = member.person.role
            if role is Role.LURAH:
                continue
            positions.append(
                Position(staff_id(member.nip), f"{_TITLES[role]} {name}", KELURAHAN_CLASSES[role],
                         head.id, holder=member.nip)
            )
    return Organisation(tuple(positions))


def record(service: ComplianceService, offices: Iterable[OfficeState], decree: str) -> None:
    """Record the positions as the offices stand now as the settings in force, the rest of the
    settings in force kept: a ``CitySettings.SettingsChanged`` on ``decree``, by the BKPSDM.

    The settings the service runs under must be those on its record (given as ``config``, not
    as ``policy``): recording the positions records the settings in force with them, and settings
    the record does not hold would be silently replaced."""
    in_force = service.settings_in_force()
    if service.policy != (in_force.settings if in_force is not None else PolicySettings()):
        raise InvalidValue(
            "the simulation records the city's positions as a settings change, so the service "
            "must run under the settings on its record: give them as config "
            "(ComplianceService.open(..., config=...)), not as policy"
        )
    config = with_organisation(
        in_force,
        organisation(offices),
        decree=decree,
        changed_by=BKPSDM.name,
        role=BKPSDM.role,
    )
    service.apply_config(config)


def official(org: Organisation, position_id: str, name: str | None = None) -> Official:
    """The official acting from ``position_id``: its holder's name where known."""
    position = org.position(position_id)
    return Official(name or position.title, position, position.holder)
