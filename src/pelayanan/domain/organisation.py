"""Who holds which position, and who is whose superior: the data the authority rule reads.

PP 94/2021 gives the power to punish by position (jabatan), not by person: a Wali Kota as PPK, a
JPT Pratama (a Sekda, a kepala dinas), an administrator (a camat), a pengawas, and functional
officials. Which class a city gives a lurah or a seklur differs between regulations and cities
[unverified], so every position's class is data here, never code.

An :class:`Official` is the seam with whoever acts: a command names the official deciding, and a
logged-in account can later be mapped to one without the rules knowing about accounts.
"""

from __future__ import annotations

import threading
from enum import Enum
from typing import NamedTuple

import attrs

from pelayanan.domain.errors import InvalidValue, NotFound
from pelayanan.domain.values import (
    Actor,
    LegalBasis,
    Nip,
    RuleRef,
    instance_of,
    to_tuple,
    tuple_of,
)
from pelayanan.domain.values import non_empty_text as text


class PositionClass(Enum):
    """The classes of position PP 94/2021's authority table speaks of."""

    PPK = "ppk"
    """Pejabat Pembina Kepegawaian: in a kota, the Wali Kota."""
    JPT_PRATAMA = "jpt_pratama"
    ADMINISTRATOR = "administrator"
    PENGAWAS = "pengawas"
    PELAKSANA = "pelaksana"
    AHLI_UTAMA = "fungsional_ahli_utama"
    AHLI_MADYA = "fungsional_ahli_madya"
    AHLI_MUDA = "fungsional_ahli_muda"
    AHLI_PERTAMA = "fungsional_ahli_pertama"
    KETERAMPILAN = "fungsional_keterampilan"

    @property
    def functional(self) -> bool:
        return self.value.startswith("fungsional_")

    @property
    def tier(self) -> int | None:
        """The structural tier (PPK 5 .. pelaksana 1) that "n tingkat di bawahnya" counts in;
        None for a functional position, which the table names by class instead."""
        return _TIERS.get(self)


_TIERS = {
    PositionClass.PPK: 5,
    PositionClass.JPT_PRATAMA: 4,
    PositionClass.ADMINISTRATOR: 3,
    PositionClass.PENGAWAS: 2,
    PositionClass.PELAKSANA: 1,
}


class UnknownPosition(NotFound):
    """No position with that id in the organisation."""


@attrs.frozen
class Position:
    """One position (jabatan) in the organisation and the position it reports to.

    ``designated`` marks a functional official the PPK designated to punish in place of a missing
    administrator or pengawas; ``vacant`` a position nobody holds, whose authority passes up;
    ``holder`` the NIP of the PNS who holds it, where known.
    """

    id: str = attrs.field(validator=text(100))
    title: str = attrs.field(validator=text(200))
    position_class: PositionClass = attrs.field(validator=instance_of(PositionClass))
    superior: str | None = attrs.field(default=None, validator=instance_of((str, type(None))))
    designated: bool = attrs.field(default=False, validator=instance_of(bool))
    vacant: bool = attrs.field(default=False, validator=instance_of(bool))
    holder: Nip | None = attrs.field(default=None, validator=instance_of((Nip, type(None))))

    def __attrs_post_init__(self) -> None:
        if self.vacant and self.holder is not None:
            raise InvalidValue(f"position {self.id} is vacant but names a holder")
        if self.designated and self.position_class not in (
            PositionClass.AHLI_MADYA,
            PositionClass.AHLI_MUDA,
        ):
            raise InvalidValue(
                f"position {self.id}: only an ahli madya or ahli muda functional official is "
                f"designated to punish, not a {self.position_class.value}"
            )
        if self.superior == self.id:
            raise InvalidValue(f"position {self.id} cannot report to itself")


@attrs.frozen
class Organisation:
    """The positions of a city on a date, each naming its superior; one top (the PPK)."""

    positions: tuple[Position, ...] = attrs.field(converter=to_tuple, validator=tuple_of(Position))

    def __attrs_post_init__(self) -> None:
        ids = [p.id for p in self.positions]
        if len(set(ids)) != len(ids):
            twice = sorted({i for i in ids if ids.count(i) > 1})
            raise InvalidValue(f"the organisation lists position {twice[0]!r} twice")
        known = set(ids)
        for p in self.positions:
            if p.superior is not None and p.superior not in known:
                raise InvalidValue(
                    f"position {p.id} reports to {p.superior!r}, which the organisation lacks"
                )
        for p in self.positions:
            self.superiors(p.id)  # refuses a cycle
        holders = [p.holder for p in self.positions if p.holder is not None]
        if len(set(holders)) != len(holders):
            raise InvalidValue("the organisation gives one PNS two positions")

    def position(self, position_id: str) -> Position:
        found = _index(self).by_id.get(position_id) if isinstance(position_id, str) else None
        if found is None:
            raise UnknownPosition(f"no position {position_id!r} in the organisation")
        return found

    def superiors(self, position_id: str) -> tuple[Position, ...]:
        """The chain of superiors of ``position_id``, nearest (the atasan langsung) first."""
        chain: list[Position] = []
        current = self.position(position_id)
        while current.superior is not None:
            current = self.position(current.superior)
            if current.id == position_id or current in chain:
                raise InvalidValue(f"the positions above {position_id!r} form a cycle")
            chain.append(current)
        return tuple(chain)

    def held_by(self, nip: Nip) -> Position:
        """The position the PNS with ``nip`` holds; :class:`UnknownPosition` when none."""
        found = _index(self).by_holder.get(nip.value) if type(nip) is Nip else None
        if found is None:
            raise UnknownPosition(f"no position in the organisation is held by NIP {nip}")
        return found

    def direct_superior(self, position_id: str) -> Position | None:
        """The atasan langsung of ``position_id`` (None for the top)."""
        chain = self.superiors(position_id)
        return chain[0] if chain else None


class _Index(NamedTuple):
    organisation: Organisation  # held, so that its id is not reused while indexed
    by_id: dict[str, Position]
    by_holder: dict[str, Position]


_INDEXES: dict[int, _Index] = {}
_INDEXES_LOCK = threading.Lock()


def _index(organisation: Organisation) -> _Index:
    """Its positions by id and by holder's NIP: a city's organisation has hundreds, and each
    punishment decided asks several times (built once per organisation, which is immutable)."""
    found = _INDEXES.get(id(organisation))
    if found is not None and found.organisation is organisation:
        return found
    by_holder = {p.holder.value: p for p in organisation.positions if p.holder is not None}
    built = _Index(organisation, {p.id: p for p in organisation.positions}, by_holder)
    with _INDEXES_LOCK:
        if len(_INDEXES) >= 64:  # organisations are few (one a city, one per rotation)
            _INDEXES.clear()
        _INDEXES[id(organisation)] = built
    return built


@attrs.frozen
class Official:
    """A person acting from a position: who decides, summons or examines."""

    name: str = attrs.field(validator=text(200))
    position: Position = attrs.field(validator=instance_of(Position))
    nip: Nip | None = attrs.field(default=None, validator=instance_of((Nip, type(None))))

    @property
    def actor(self) -> Actor:
        """The actor events record for this official."""
        return Actor(name=self.name, role=self.position.title, nip=self.nip)


@attrs.frozen
class Authority:
    """Which rule gave the deciding official authority over the PNS: recorded with a decision."""

    official_position: str = attrs.field(validator=text(100))
    official_class: PositionClass = attrs.field(validator=instance_of(PositionClass))
    subject_position: str = attrs.field(validator=text(100))
    subject_class: PositionClass = attrs.field(validator=instance_of(PositionClass))
    grant: str = attrs.field(validator=text(1000))
    rule: RuleRef = attrs.field(validator=instance_of(RuleRef))
    citation: LegalBasis = attrs.field(validator=instance_of(LegalBasis))
    passed_up_from: PositionClass | None = attrs.field(
        default=None, validator=instance_of((PositionClass, type(None)))
    )
