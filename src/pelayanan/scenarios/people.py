"""Generated civil servants: names and NIPs that look real and are not.

Every name and NIP here is made up by a seeded random generator. A NIP follows the real layout
(birth date ``YYYYMMDD``, appointment ``YYYYMM`` at least 18 years after birth, sex digit 1 or 2,
3-digit sequence), so it passes :class:`~pelayanan.Nip` validation, but it belongs to nobody.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

import attrs

from pelayanan.domain.values import Nip, Role

_MALE_FIRST = (
    "Agus",
    "Ahmad",
    "Andi",
    "Arif",
    "Bambang",
    "Bayu",
    "Budi",
    "Dedi",
    "Didik",
    "Dwi",
    "Eko",
    "Fajar",
    "Gunawan",
    "Hadi",
    "Hari",
    "Hendra",
    "Heru",
    "Imam",
    "Joko",
    "Muhammad",
    "Nanang",
    "Purnomo",
    "Rizky",
    "Rudi",
    "Slamet",
    "Sugeng",
    "Sutrisno",
    "Teguh",
    "Wahyu",
    "Yoga",
    "Yudi",
    "Zainal",
)
_FEMALE_FIRST = (
    "Anik",
    "Anis",
    "Diah",
    "Dewi",
    "Eka",
    "Endang",
    "Erna",
    "Fitri",
    "Ika",
    "Indah",
    "Kartika",
    "Lilik",
    "Mega",
    "Novi",
    "Nur",
    "Puji",
    "Ratna",
    "Retno",
    "Rina",
    "Santi",
    "Siti",
    "Sri",
    "Tri",
    "Umi",
    "Wulan",
    "Yuni",
    "Yuliana",
)
_MALE_LAST = (
    "Prasetyo",
    "Wibowo",
    "Santoso",
    "Hidayat",
    "Setiawan",
    "Susanto",
    "Kurniawan",
    "Saputra",
    "Hermawan",
    "Nugroho",
    "Hartono",
    "Sulistyo",
    "Utomo",
    "Firmansyah",
    "Pratama",
    "Permana",
    "Kusuma",
    "Maulana",
    "Ramadhan",
    "Hakim",
    "Wijaya",
    "Suprapto",
    "Haryanto",
    "Sudarmaji",
)
_FEMALE_LAST = (
    "Wulandari",
    "Lestari",
    "Rahmawati",
    "Purnamasari",
    "Handayani",
    "Sari",
    "Anggraini",
    "Puspitasari",
    "Safitri",
    "Rahayu",
    "Susanti",
    "Kusumawati",
    "Setyaningsih",
    "Wahyuni",
    "Nurhayati",
    "Fitriani",
    "Maharani",
    "Pertiwi",
)

# Birth years by role: a lurah is a senior official, staff can be young.
_BIRTH_YEARS: dict[Role, tuple[int, int]] = {
    Role.LURAH: (1967, 1982),
    Role.SEKLUR: (1970, 1986),
    Role.KASI: (1970, 1990),
    Role.STAFF: (1972, 1999),
}


@attrs.frozen
class Person:
    nip: Nip
    name: str
    role: Role

    @property
    def female(self) -> bool:
        return self.nip.value[14] == "2"


class PeopleFactory:
    """Makes unique generated civil servants from one seeded random generator."""

    def __init__(self, rng: random.Random, *, appointed_by: int) -> None:
        self._rng = rng
        self._appointed_by = appointed_by
        self._taken: set[str] = set()

    def reserve(self, nip: Nip) -> None:
        """Keep a NIP used elsewhere (e.g. the Jodipan script's staff) from being generated."""
        self._taken.add(nip.value)

    def person(self, role: Role) -> Person:
        rng = self._rng
        female = rng.random() < 0.45
        first = rng.choice(_FEMALE_FIRST if female else _MALE_FIRST)
        last = rng.choice(_FEMALE_LAST if female else _MALE_LAST)
        low, high = _BIRTH_YEARS[role]
        high = min(high, self._appointed_by - 19)
        born = date(rng.randint(low, high), 1, 1) + timedelta(days=rng.randint(0, 364))
        # CPNS are appointed at 18 at the earliest, usually in their twenties.
        earliest = born.year + max(18, rng.randint(21, 27))
        year = min(self._appointed_by, rng.randint(earliest, earliest + 8))
        month = rng.choice((1, 3, 4, 12))
        while True:
            digits = (
                f"{born:%Y%m%d}{year:04d}{month:02d}{2 if female else 1}{rng.randint(1, 999):03d}"
            )
            if digits not in self._taken:
                self._taken.add(digits)
                return Person(Nip(digits), f"{first} {last}", role)
