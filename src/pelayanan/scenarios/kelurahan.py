"""The 57 kelurahan of Kota Malang in its 5 kecamatan, with Kemendagri codes and name aliases.

Codes follow the Kemendagri pattern ``35.73.KK.1NNN`` (35 Jawa Timur, 73 Kota Malang, KK the
kecamatan, a leading 1 in the last part marks a kelurahan). The count (57) is verified; the
individual codes come from a secondary source (docs/sources.md#kemendagri-kelurahan-codes).
Spellings vary in letters, news and databases ("Gadingkasri", "Tasik Madu", "Ksatrian"), so
:func:`lookup` accepts the aliases.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from types import MappingProxyType

import attrs

from pelayanan.domain.errors import NotFound
from pelayanan.domain.values import OfficeCode


@attrs.frozen
class Kecamatan:
    number: str
    name: str

    @property
    def code(self) -> str:
        return f"35.73.{self.number}"


@attrs.frozen
class Kelurahan:
    code: OfficeCode
    name: str
    kecamatan: Kecamatan
    aliases: tuple[str, ...] = ()


KECAMATAN: tuple[Kecamatan, ...] = (
    Kecamatan("01", "Blimbing"),
    Kecamatan("02", "Klojen"),
    Kecamatan("03", "Kedungkandang"),
    Kecamatan("04", "Sukun"),
    Kecamatan("05", "Lowokwaru"),
)

# (kecamatan number, kelurahan number, official name, aliases)
_TABLE: tuple[tuple[str, str, str, tuple[str, ...]], ...] = (
    ("01", "1001", "Balearjosari", ("Balear Josari",)),
    ("01", "1002", "Arjosari", ("Arjo Sari",)),
    ("01", "1003", "Polowijen", ("Polowidjen",)),
    ("01", "1004", "Purwodadi", ("Purwo Dadi",)),
    ("01", "1005", "Blimbing", ()),
    ("01", "1006", "Pandanwangi", ("Pandan Wangi",)),
    ("01", "1007", "Purwantoro", ("Purwan Toro",)),
    ("01", "1008", "Bunulrejo", ("Bunul Rejo", "Bunul")),
    ("01", "1009", "Kesatrian", ("Ksatrian",)),
    ("01", "1010", "Polehan", ()),
    ("01", "1011", "Jodipan", ()),
    ("02", "1001", "Klojen", ()),
    ("02", "1002", "Rampal Celaket", ("Rampalcelaket", "Rampal Claket")),
    ("02", "1003", "Samaan", ()),
    ("02", "1004", "Kiduldalem", ("Kidul Dalem",)),
    ("02", "1005", "Sukoharjo", ("Suko Harjo",)),
    ("02", "1006", "Kasin", ()),
    ("02", "1007", "Kauman", ()),
    ("02", "1008", "Oro-oro Dowo", ("Oro Oro Dowo", "Orooro Dowo", "Oro-Oro Dowo")),
    ("02", "1009", "Bareng", ()),
    ("02", "1010", "Gading Kasri", ("Gadingkasri",)),
    ("02", "1011", "Penanggungan", ()),
    ("03", "1001", "Kotalama", ("Kota Lama",)),
    ("03", "1002", "Mergosono", ("Mergo Sono",)),
    ("03", "1003", "Bumiayu", ("Bumi Ayu",)),
    ("03", "1004", "Wonokoyo", ("Wono Koyo",)),
    ("03", "1005", "Buring", ()),
    ("03", "1006", "Kedungkandang", ("Kedung Kandang",)),
    ("03", "1007", "Lesanpuro", ("Lesan Puro",)),
    ("03", "1008", "Sawojajar", ("Sawo Jajar",)),
    ("03", "1009", "Madyopuro", ("Madyo Puro",)),
    ("03", "1010", "Cemorokandang", ("Cemoro Kandang",)),
    ("03", "1011", "Arjowinangun", ("Arjo Winangun",)),
    ("03", "1012", "Tlogowaru", ("Tlogo Waru",)),
    ("04", "1001", "Ciptomulyo", ("Cipto Mulyo",)),
    ("04", "1002", "Gadang", ()),
    ("04", "1003", "Kebonsari", ("Kebon Sari",)),
    ("04", "1004", "Bandungrejosari", ("Bandung Rejosari",)),
    ("04", "1005", "Sukun", ()),
    ("04", "1006", "Tanjungrejo", ("Tanjung Rejo",)),
    ("04", "1007", "Pisangcandi", ("Pisang Candi",)),
    ("04", "1008", "Bandulan", ()),
    ("04", "1009", "Karangbesuki", ("Karang Besuki",)),
    ("04", "1010", "Mulyorejo", ("Mulyo Rejo",)),
    ("04", "1011", "Bakalankrajan", ("Bakalan Krajan",)),
    ("05", "1001", "Tunggulwulung", ("Tunggul Wulung",)),
    ("05", "1002", "Merjosari", ("Merjo Sari",)),
    ("05", "1003", "Tlogomas", ("Tlogo Mas",)),
    ("05", "1004", "Dinoyo", ()),
    ("05", "1005", "Sumbersari", ("Sumber Sari",)),
    ("05", "1006", "Ketawanggede", ("Ketawang Gede",)),
    ("05", "1007", "Jatimulyo", ("Jati Mulyo",)),
    ("05", "1008", "Tunjungsekar", ("Tunjung Sekar",)),
    ("05", "1009", "Mojolangu", ("Mojo Langu",)),
    ("05", "1010", "Tulusrejo", ("Tulus Rejo",)),
    ("05", "1011", "Lowokwaru", ("Lowok Waru",)),
    ("05", "1012", "Tasikmadu", ("Tasik Madu",)),
)

_KECAMATAN_BY_NUMBER = {k.number: k for k in KECAMATAN}

KELURAHAN: tuple[Kelurahan, ...] = tuple(
    Kelurahan(OfficeCode(f"35.73.{kk}.{nnnn}"), name, _KECAMATAN_BY_NUMBER[kk], aliases)
    for kk, nnnn, name, aliases in _TABLE
)
"""All 57, in code order."""

JODIPAN = OfficeCode("35.73.01.1011")
"""The kelurahan of the 29 April 2024 incident."""


def _key(name: str) -> str:
    # Variants differ in spaces, hyphens and case ("Oro-oro Dowo" / "Orooro Dowo").
    return re.sub(r"[^a-z]", "", name.lower())


def _index() -> Mapping[str, Kelurahan]:
    found: dict[str, Kelurahan] = {}
    for k in KELURAHAN:
        for spelling in (k.name, *k.aliases, k.code.value):
            key = k.code.value if spelling == k.code.value else _key(spelling)
            if key in found and found[key] != k:  # pragma: no cover - a data error
                raise ValueError(f"alias {spelling!r} names two kelurahan")
            found[key] = k
    return MappingProxyType(found)


_BY_KEY = _index()


def by_code(code: OfficeCode | str) -> Kelurahan:
    """The kelurahan with this Kemendagri code."""
    found = _BY_KEY.get(str(code))
    if found is None:
        raise NotFound(f"no kelurahan of Kota Malang has the code {code}")
    return found


def lookup(name_or_code: str) -> Kelurahan:
    """Find a kelurahan by code, official name or a known variant spelling."""
    text = name_or_code.strip()
    found = _BY_KEY.get(text) or _BY_KEY.get(_key(text))
    if found is None:
        raise NotFound(f"{name_or_code!r} is not a kelurahan of Kota Malang (nor a known alias)")
    return found


def in_kecamatan(kecamatan: Kecamatan | str) -> tuple[Kelurahan, ...]:
    """The kelurahan of one kecamatan (by object or name), in code order."""
    name = kecamatan.name if isinstance(kecamatan, Kecamatan) else kecamatan
    return tuple(k for k in KELURAHAN if k.kecamatan.name.lower() == name.lower())
