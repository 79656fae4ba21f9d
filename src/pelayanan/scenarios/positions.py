"""The positions of the simulated Kota Malang: who is whose superior, and who holds what.

The Wali Kota is the PPK, the Sekda a JPT Pratama, each camat an administrator under the Sekda;
in each kelurahan the lurah reports to the camat, and the seklur, kasi and staff to the lurah.
Which class a city gives a lurah and a seklur differs between regulations and cities, and Kota
Malang's own organisation of its kelurahan was not read [unverified]: the classes below
(``KELURAHAN_CLASSES``: the lurah a pengawas, everyone else a pelaksana) are this demo's
assumption, data that a real deployment replaces with the city's own.

The service checks every punishment against these positions
(:func:`pelayanan.policy.authority.who_may_punish`), so the simulation asks the same rule who
decides, and the atasan langsung reports the BAP up where the punishment expected is beyond it.
"""

from __future__ import annotations

from collections.abc import Iterable

from pelayanan.domain.organisation import Official, Organisation, Position, PositionClass
from pelayanan.domain.values import Nip, Role
from pelayanan.scenarios.world import OfficeState

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


def official(org: Organisation, position_id: str, name: str | None = None) -> Official:
    """The official acting from ``position_id``: its holder's name where known."""
    position = org.position(position_id)
    return Official(name or position.title, position, position.holder)
