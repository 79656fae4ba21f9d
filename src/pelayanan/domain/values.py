"""Value objects shared by the domain, the policy rules and the read side.

Every value is a frozen attrs class that validates itself where it enters: a bad NIP, a malformed
office code or a naive datetime is refused with an :class:`~pelayanan.domain.errors.InvalidValue`
before anything can be recorded. Collections are tuples (converted on the way in), so a value
decoded from JSON comes back equal to the one that was stored.

This module imports nothing but the standard library and attrs, so the policy layer can use it
without importing the aggregates.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime, time, timezone
from enum import Enum
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

import attrs

from pelayanan.domain.errors import InvalidValue

E = TypeVar("E", bound=Enum)

WIB = ZoneInfo("Asia/Jakarta")
"""Waktu Indonesia Barat (UTC+7): Kota Malang's time zone and the library's default."""


# --------------------------------------------------------------------------- validators


def non_empty_text(max_length: int) -> Any:
    def check(instance: Any, attribute: attrs.Attribute[Any], value: object) -> None:
        require_text(attribute.name, value, max_length)

    return check


def optional_text(max_length: int) -> Any:
    check = non_empty_text(max_length)

    def optional(instance: Any, attribute: attrs.Attribute[Any], value: object) -> None:
        if value is not None:
            check(instance, attribute, value)

    return optional


def instance_of(kind: type | tuple[type, ...]) -> Any:
    def check(instance: Any, attribute: attrs.Attribute[Any], value: object) -> None:
        if not isinstance(value, kind):
            kinds = (kind,) if isinstance(kind, type) else kind
            names = " or ".join(k.__name__ for k in kinds)
            raise InvalidValue(f"{attribute.name} must be {names}, got {value!r}")

    return check


def tuple_of(kind: type) -> Any:
    def check(instance: Any, attribute: attrs.Attribute[Any], value: object) -> None:
        if not isinstance(value, tuple) or not all(isinstance(v, kind) for v in value):
            raise InvalidValue(f"{attribute.name} must be a sequence of {kind.__name__}")

    return check


def to_tuple(value: Any) -> Any:
    if isinstance(value, list | tuple | frozenset | set):
        return tuple(value)
    return value


def require_text(name: str, value: object, max_length: int = 4000) -> str:
    """Return ``value`` if it is non-empty text of at most ``max_length`` characters, else raise.

    Text with nothing visible in it (only spaces, control characters and format characters such
    as zero-width spaces or bidi marks) is empty: two such names would look alike to everyone.
    """
    if not isinstance(value, str) or not (
        # Nearly all text starts with a printable ASCII character, which is visible: asked
        # first, it spares the character-by-character look (a generator per call).
        "!" <= value[:1] <= "~" or any(_visible(char) for char in value)
    ):
        raise InvalidValue(f"{name} must be non-empty text, got {value!r}")
    if len(value) > max_length:
        raise InvalidValue(f"{name} is {len(value)} characters long; at most {max_length} allowed")
    if "\x00" in value:
        raise InvalidValue(f"{name} must not contain NUL characters")
    if not value.isascii():
        try:
            value.encode("utf-8")
        except UnicodeEncodeError as exc:
            # A lone surrogate (from a broken decoder or a JSON "\\ud800") cannot be stored: refused
            # here, where the text enters, not when a batch is encoded at its end.
            raise InvalidValue(
                f"{name} contains a lone surrogate {value[exc.start]!r} at position {exc.start}; "
                "it is not valid Unicode text"
            ) from None
    return value


MAX_COUNT = 10**9
"""Ceiling on whole numbers in values (counts, numbers, versions): far above any real one, and
within every integer column and date arithmetic the store and the rules use."""


def require_count(name: str, value: object, *, minimum: int = 0, maximum: int = MAX_COUNT) -> int:
    """Return ``value`` if it is a whole number (not a bool) in ``minimum..maximum``, else raise.

    Huge numbers are refused here by name; unbounded, they surface later as an OverflowError
    from SQLite or from date arithmetic.
    """
    if not isinstance(value, int) or isinstance(value, bool) or value < minimum:
        raise InvalidValue(f"{name} must be a whole number of at least {minimum}, got {value!r}")
    if value > maximum:
        shown = repr(value) if len(str(value)) <= 30 else f"a {len(str(value))}-digit number"
        raise InvalidValue(f"{name} must be at most {maximum}, got {shown}")
    return value


def count(minimum: int = 0, maximum: int = MAX_COUNT) -> Any:
    """attrs validator: a whole number within ``minimum..maximum`` (see :func:`require_count`)."""

    def check(instance: Any, attribute: attrs.Attribute[Any], value: object) -> None:
        require_count(attribute.name, value, minimum=minimum, maximum=maximum)

    return check


_KEY = re.compile(r"[A-Za-z0-9]+(?:[./_-][A-Za-z0-9]+)*")


def require_key(name: str, value: object, max_length: int = 100) -> str:
    """Return ``value`` if it is a natural key in its one exact form, else raise.

    Case numbers, complaint references and sidak letter numbers become aggregate ids, so two
    spellings of one key would be two records. The one form: ASCII letters and digits, runs
    separated by single ``/ . - _``; no spaces, no other characters. A trailing space or newline
    is refused with the value shown, not stripped: the clerk sees and fixes the number.
    """
    if not isinstance(value, str):
        raise InvalidValue(f"{name} must be text, got {value!r}")
    if len(value) > max_length:
        raise InvalidValue(f"{name} is {len(value)} characters long; at most {max_length} allowed")
    if not (value.isascii() and _KEY.fullmatch(value)):
        raise InvalidValue(
            f"{name} {value!r} is not in key form: ASCII letters and digits separated by single "
            "/ . - or _ (no spaces, no other characters), e.g. BKPSDM/800/2024/JDP-01"
        )
    return value


def _visible(char: str) -> bool:
    return not char.isspace() and unicodedata.category(char) not in ("Cc", "Cf")


_ALWAYS_AWARE = (ZoneInfo, timezone)


def require_aware(name: str, value: object) -> datetime:
    """Return ``value`` if it is a time-zone-aware datetime, else raise :class:`InvalidValue`."""
    if not isinstance(value, datetime):
        raise InvalidValue(f"{name} must be a datetime, got {value!r}")
    zone = value.tzinfo
    # A ZoneInfo or a fixed timezone always has an offset; asking it (ZoneInfo looks up its
    # transitions) cost a quarter of a microsecond on every command.
    if zone is None or (type(zone) not in _ALWAYS_AWARE and value.utcoffset() is None):
        raise InvalidValue(
            f"{name} must carry a time zone (e.g. tzinfo=WIB), got the naive datetime {value}"
        )
    if not (2000 <= value.year <= 2200):
        raise InvalidValue(f"{name} year {value.year} is outside 2000..2200")
    return value


def local_date(moment: datetime) -> date:
    """The calendar date of ``moment`` in WIB, the library's legal time zone.

    Legal day counts are in local days: 23:30 UTC on 29 April is already 30 April in Malang.
    """
    return require_aware("moment", moment).astimezone(WIB).date()


def require_date(name: str, value: object) -> date:
    """Return ``value`` if it is a plain date in a plausible range, else raise."""
    if not isinstance(value, date) or isinstance(value, datetime):
        raise InvalidValue(f"{name} must be a date (not a datetime), got {value!r}")
    if not (2000 <= value.year <= 2200):
        raise InvalidValue(f"{name} year {value.year} is outside 2000..2200")
    return value


def _aware(instance: Any, attribute: attrs.Attribute[Any], value: object) -> None:
    require_aware(attribute.name, value)


def _a_date(instance: Any, attribute: attrs.Attribute[Any], value: object) -> None:
    require_date(attribute.name, value)


def parse_enum(kind: type[E], value: object) -> E:
    """Turn a stable string (or the member itself) into a member of ``kind``, or raise."""
    if isinstance(value, kind):
        return value
    try:
        return kind(value)
    except ValueError:
        allowed = ", ".join(str(m.value) for m in kind)
        raise InvalidValue(
            f"{value!r} is not a known {kind.__name__}; expected one of: {allowed}"
        ) from None


# --------------------------------------------------------------------------- identifiers


# The two exact forms of a NIP: 18 ASCII digits, or as printed on ID cards, in four groups
# (birth date, appointment, sex, sequence) separated by single spaces.
_NIP = re.compile(r"[0-9]{18}")
_NIP_PRINTED = re.compile(r"[0-9]{8} [0-9]{6} [0-9] [0-9]{3}")


def _nip_digits(value: object) -> object:
    if isinstance(value, str) and " " in value and _NIP_PRINTED.fullmatch(value):
        return value.replace(" ", "")
    return value


@attrs.frozen(order=True)
class Nip:
    """Nomor Induk Pegawai: a civil servant's 18-digit number.

    Layout: birth date ``YYYYMMDD``, appointment ``YYYYMM``, sex digit (1 male, 2 female) and a
    3-digit sequence. The grouping printed on ID cards (``19850312 201001 2 003``) is accepted
    and stored as the 18 digits; nothing else is: no other spaces, no newline, no non-ASCII digits
    (each would otherwise give one person a second identity).
    """

    value: str = attrs.field(converter=_nip_digits)

    @value.validator
    def _check(self, attribute: attrs.Attribute[str], value: object) -> None:
        if not isinstance(value, str) or not (value.isascii() and _NIP.fullmatch(value)):
            ascii_only = "" if not isinstance(value, str) or value.isascii() else " (ASCII 0-9)"
            raise InvalidValue(f"NIP must be 18 digits{ascii_only}, got {value!r}")
        try:
            born = date(int(value[0:4]), int(value[4:6]), int(value[6:8]))
        except ValueError:
            raise InvalidValue(f"NIP {value} does not start with a valid birth date") from None
        year, month = int(value[8:12]), int(value[12:14])
        if not 1 <= month <= 12:
            raise InvalidValue(f"NIP {value} has appointment month {month:02d}")
        if year < born.year + 15 or year > 2200:
            raise InvalidValue(f"NIP {value} has an implausible appointment year {year}")
        if value[14] not in "12":
            raise InvalidValue(f"NIP {value} has sex digit {value[14]}; expected 1 or 2")

    @property
    def birth_date(self) -> date:
        return date(int(self.value[0:4]), int(self.value[4:6]), int(self.value[6:8]))

    @property
    def appointed(self) -> tuple[int, int]:
        """Appointment (year, month) as encoded in the NIP."""
        return int(self.value[8:12]), int(self.value[12:14])

    @property
    def masked(self) -> str:
        """For lists and messages that identify a case but need not identify a person: the
        birth date and appointment hidden, the last four digits shown
        (``**************2001``)."""
        return "*" * 14 + self.value[14:]

    def __str__(self) -> str:
        return self.value


_OFFICE_CODE = re.compile(r"[0-9]{2}\.[0-9]{2}\.[0-9]{2}\.[0-9]{4}")


@attrs.frozen(order=True)
class OfficeCode:
    """Kemendagri administrative code of a kelurahan/desa: ``PP.KK.CC.NNNN``.

    ``35.73.01.1011`` is Jodipan: province 35 (Jawa Timur), kota 73 (Malang), kecamatan 01
    (Blimbing), kelurahan 1011 (a leading 1 marks a kelurahan, 2 a desa).
    """

    value: str = attrs.field()

    @value.validator
    def _check(self, attribute: attrs.Attribute[str], value: object) -> None:
        if not isinstance(value, str) or not (value.isascii() and _OFFICE_CODE.fullmatch(value)):
            raise InvalidValue(
                f"office code must look like 35.73.01.1011 (Kemendagri format), got {value!r}"
            )

    @property
    def regency(self) -> str:
        """Province and kabupaten/kota part, e.g. ``35.73``."""
        return self.value[:5]

    @property
    def district(self) -> str:
        """Kecamatan part, e.g. ``35.73.01``."""
        return self.value[:8]

    def __str__(self) -> str:
        return self.value


# --------------------------------------------------------------------------- vocabularies


class Role(Enum):
    """A staff member's role in a kelurahan office."""

    LURAH = "lurah"
    SEKLUR = "seklur"
    KASI = "kasi"
    STAFF = "staff"


class InspectorUnit(Enum):
    """The units that make up Kota Malang's sidak task force (satgas)."""

    INSPEKTORAT = "inspektorat"
    BKPSDM = "bkpsdm"
    ASISTEN = "asisten"
    OTHER = "other"


class PermissionKind(Enum):
    """Why a staff member is away with permission."""

    IZIN = "izin"
    CUTI = "cuti"
    DINAS_LUAR = "dinas_luar"
    SAKIT = "sakit"


class ServiceComponent(Enum):
    """The 14 components of a service standard (PermenPAN-RB 15/2014) [secondary source]."""

    PERSYARATAN = "persyaratan"
    PROSEDUR = "sistem_mekanisme_prosedur"
    JANGKA_WAKTU = "jangka_waktu"
    BIAYA = "biaya_tarif"
    PRODUK = "produk_pelayanan"
    PENGADUAN = "penanganan_pengaduan"
    DASAR_HUKUM = "dasar_hukum"
    SARANA = "sarana_prasarana"
    KOMPETENSI = "kompetensi_pelaksana"
    PENGAWASAN = "pengawasan_internal"
    JUMLAH_PELAKSANA = "jumlah_pelaksana"
    JAMINAN_PELAYANAN = "jaminan_pelayanan"
    JAMINAN_KEAMANAN = "jaminan_keamanan_keselamatan"
    EVALUASI = "evaluasi_kinerja_pelaksana"


class FindingKind(Enum):
    """What a sidak can find."""

    OFFICE_VACANT = "office_vacant"
    STAFF_ABSENT_WITHOUT_PERMISSION = "staff_absent_without_permission"
    COUNTER_UNSTAFFED = "counter_unstaffed"
    STANDARD_NOT_DISPLAYED = "standard_not_displayed"
    OFFICE_CLOSED_EARLY = "office_closed_early"
    OTHER = "other"


class Severity(Enum):
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"


class Channel(Enum):
    """Where a complaint came in."""

    SP4N_LAPOR = "sp4n_lapor"
    WALK_IN = "walk_in"
    PHONE = "phone"
    SOCIAL_MEDIA = "social_media"
    LETTER = "letter"


class ComplaintClass(Enum):
    """SP4N-LAPOR! classification, which sets the service level."""

    INFORMATION_REQUEST = "information_request"
    COMPLAINT = "complaint"
    DISPUTE = "dispute"
    DISPUTE_FIELD_CHECK = "dispute_field_check"


class Level(Enum):
    """PP 94/2021 Pasal 8: the three levels of disciplinary punishment."""

    RINGAN = "ringan"
    SEDANG = "sedang"
    BERAT = "berat"

    @property
    def rank(self) -> int:
        return _LEVEL_RANK[self]


_LEVEL_RANK = {Level.RINGAN: 1, Level.SEDANG: 2, Level.BERAT: 3}


class Punishment(Enum):
    """Disciplinary punishments, in order of severity.

    The PP 94/2021 Pasal 8 list, plus the three PP 53/2010 *sedang* punishments that agencies
    apply until the PP on PNS pay brings the tunjangan kinerja cuts into force (see the
    ``pp94.sedang_regime`` parameter in the policy catalogue).
    """

    TEGURAN_LISAN = "teguran_lisan"
    TEGURAN_TERTULIS = "teguran_tertulis"
    PERNYATAAN_TIDAK_PUAS = "pernyataan_tidak_puas_tertulis"
    TUKIN_25_6 = "pemotongan_tunjangan_kinerja_25_6_bulan"
    TUKIN_25_9 = "pemotongan_tunjangan_kinerja_25_9_bulan"
    TUKIN_25_12 = "pemotongan_tunjangan_kinerja_25_12_bulan"
    PP53_PENUNDAAN_KGB = "pp53_penundaan_kenaikan_gaji_berkala_1_tahun"
    PP53_PENUNDAAN_PANGKAT = "pp53_penundaan_kenaikan_pangkat_1_tahun"
    PP53_PENURUNAN_PANGKAT = "pp53_penurunan_pangkat_1_tahun"
    PENURUNAN_JABATAN = "penurunan_jabatan_12_bulan"
    PEMBEBASAN_JABATAN = "pembebasan_dari_jabatan_12_bulan"
    PDH = "pemberhentian_dengan_hormat_tidak_atas_permintaan_sendiri"

    @property
    def level(self) -> Level:
        return _PUNISHMENT_LEVEL[self]

    @property
    def rank(self) -> int:
        """Position in the overall order of severity (1 = lightest)."""
        return _PUNISHMENT_ORDER.index(self) + 1


_PUNISHMENT_ORDER = list(Punishment)
_PUNISHMENT_LEVEL = {
    Punishment.TEGURAN_LISAN: Level.RINGAN,
    Punishment.TEGURAN_TERTULIS: Level.RINGAN,
    Punishment.PERNYATAAN_TIDAK_PUAS: Level.RINGAN,
    Punishment.TUKIN_25_6: Level.SEDANG,
    Punishment.TUKIN_25_9: Level.SEDANG,
    Punishment.TUKIN_25_12: Level.SEDANG,
    Punishment.PP53_PENUNDAAN_KGB: Level.SEDANG,
    Punishment.PP53_PENUNDAAN_PANGKAT: Level.SEDANG,
    Punishment.PP53_PENURUNAN_PANGKAT: Level.SEDANG,
    Punishment.PENURUNAN_JABATAN: Level.BERAT,
    Punishment.PEMBEBASAN_JABATAN: Level.BERAT,
    Punishment.PDH: Level.BERAT,
}


class Impact(Enum):
    """Whom a breach of an obligation other than attendance affected; this sets the level.

    PP 94/2021: on the work unit -> ringan, on the agency -> sedang, on the state -> berat
    [article numbers unverified].
    """

    UNIT_KERJA = "unit_kerja"
    INSTANSI = "instansi"
    NEGARA = "negara"


class Assessment(Enum):
    """How a decided punishment compares with what the rule requires."""

    LIGHTER = "lighter"
    WITHIN = "within"
    HEAVIER = "heavier"


# --------------------------------------------------------------------------- people and law


@attrs.frozen
class Actor:
    """Who did something: a person (with NIP when a civil servant) acting in a role."""

    name: str = attrs.field(validator=non_empty_text(200))
    role: str = attrs.field(validator=non_empty_text(200))
    nip: Nip | None = attrs.field(default=None, validator=instance_of((Nip, type(None))))

    @classmethod
    def system(cls, what: str = "pelayanan") -> Actor:
        """An automated actor, e.g. an importer or a scheduled job."""
        return cls(name=what, role="system")


@attrs.frozen
class LegalBasis:
    """A citation: regulation, and article/ayat/huruf/angka where known.

    ``verified`` says whether the citation was read in the regulation itself (or an official
    summary); ``source`` says where it was read. An unverified citation is never presented as law.
    """

    regulation: str = attrs.field(validator=non_empty_text(200))
    article: str | None = attrs.field(default=None, validator=optional_text(50))
    ayat: str | None = attrs.field(default=None, validator=optional_text(20))
    huruf: str | None = attrs.field(default=None, validator=optional_text(20))
    angka: str | None = attrs.field(default=None, validator=optional_text(20))
    verified: bool = attrs.field(default=True, validator=instance_of(bool))
    source: str | None = attrs.field(default=None, validator=optional_text(500))

    def cite(self) -> str:
        """Indonesian citation style: ``PP 94/2021 Pasal 11 ayat (2) huruf d angka 3``."""
        parts = [self.regulation]
        if self.article:
            parts.append(f"Pasal {self.article}")
        if self.ayat:
            parts.append(f"ayat ({self.ayat})")
        if self.huruf:
            parts.append(f"huruf {self.huruf}")
        if self.angka:
            parts.append(f"angka {self.angka}")
        text = " ".join(parts)
        return text if self.verified else f"{text} [unverified]"

    def __str__(self) -> str:
        return self.cite()


@attrs.frozen
class RuleRef:
    """Which policy rule, in which version, produced a decision or a deadline."""

    rule_id: str = attrs.field(validator=non_empty_text(100))
    version: int = attrs.field(validator=count(1))

    def __str__(self) -> str:
        return f"{self.rule_id}@v{self.version}"


@attrs.frozen
class Deadline:
    """A due date set by a policy rule, with how it was computed."""

    due: date = attrs.field(validator=_a_date)
    rule: RuleRef = attrs.field(validator=instance_of(RuleRef))
    basis: LegalBasis = attrs.field(validator=instance_of(LegalBasis))
    explanation: str = attrs.field(validator=non_empty_text(4000))
    estimated: bool = attrs.field(default=False, validator=instance_of(bool))


@attrs.frozen
class RuleGrounds:
    """The rule that allowed a measure (a pay stop, a temporary release): its id and version,
    its citation, whether the facts it used are verified, and its explanation."""

    rule: RuleRef = attrs.field(validator=instance_of(RuleRef))
    citation: LegalBasis = attrs.field(validator=instance_of(LegalBasis))
    verified: bool = attrs.field(validator=instance_of(bool))
    explanation: str = attrs.field(validator=non_empty_text(4000))


# --------------------------------------------------------------------------- time


@attrs.frozen
class Period:
    """A closed-open span of business time ``[start, end)``, both time-zone-aware."""

    start: datetime = attrs.field(validator=_aware)
    end: datetime = attrs.field(validator=_aware)

    def __attrs_post_init__(self) -> None:
        if self.end <= self.start:
            raise InvalidValue(f"period ends ({self.end}) before or when it starts ({self.start})")

    def covers(self, moment: datetime) -> bool:
        return self.start <= moment < self.end


def _time(instance: Any, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, time) or value.tzinfo is not None:
        raise InvalidValue(f"{attribute.name} must be a local wall-clock time, got {value!r}")


@attrs.frozen
class TimeRange:
    """Wall-clock ``[start, end)`` within one day, in the office's local time."""

    start: time = attrs.field(validator=_time)
    end: time = attrs.field(validator=_time)

    def __attrs_post_init__(self) -> None:
        if self.end <= self.start:
            raise InvalidValue(f"time range ends ({self.end}) before it starts ({self.start})")

    def contains(self, moment: time) -> bool:
        return self.start <= moment < self.end

    @property
    def minutes(self) -> int:
        return (self.end.hour * 60 + self.end.minute) - (self.start.hour * 60 + self.start.minute)


@attrs.frozen
class DaySchedule:
    """Service hours on one weekday (0 = Monday): opening span minus breaks."""

    weekday: int = attrs.field(validator=instance_of(int))
    hours: TimeRange = attrs.field(validator=instance_of(TimeRange))
    breaks: tuple[TimeRange, ...] = attrs.field(
        default=(), converter=to_tuple, validator=tuple_of(TimeRange)
    )

    def __attrs_post_init__(self) -> None:
        if not 0 <= self.weekday <= 6:
            raise InvalidValue(f"weekday must be 0 (Monday) .. 6 (Sunday), got {self.weekday}")
        for b in self.breaks:
            if b.start < self.hours.start or b.end > self.hours.end:
                raise InvalidValue(f"break {b.start}-{b.end} lies outside opening hours")

    def in_service(self, moment: time) -> bool:
        return self.hours.contains(moment) and not any(b.contains(moment) for b in self.breaks)

    @property
    def service_minutes(self) -> int:
        return self.hours.minutes - sum(b.minutes for b in self.breaks)


@attrs.frozen
class ServiceHours:
    """An office's weekly schedule, in its local time zone."""

    days: tuple[DaySchedule, ...] = attrs.field(converter=to_tuple, validator=tuple_of(DaySchedule))
    timezone: str = attrs.field(default="Asia/Jakarta", validator=non_empty_text(64))

    def __attrs_post_init__(self) -> None:
        weekdays = [d.weekday for d in self.days]
        if len(set(weekdays)) != len(weekdays):
            raise InvalidValue("service hours name the same weekday twice")
        try:
            ZoneInfo(self.timezone)
        except Exception:
            raise InvalidValue(f"unknown time zone {self.timezone!r}") from None

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    def schedule_on(self, weekday: int) -> DaySchedule | None:
        for day in self.days:
            if day.weekday == weekday:
                return day
        return None

    def in_service(self, moment: datetime) -> bool:
        """Is ``moment`` (aware) within service hours on its weekday, breaks excluded?

        Holidays are not known here; the policy layer's calendar decides working days.
        """
        local = require_aware("moment", moment).astimezone(self.zone)
        day = self.schedule_on(local.weekday())
        return day is not None and day.in_service(local.time().replace(tzinfo=None))

    @property
    def weekly_minutes(self) -> int:
        return sum(d.service_minutes for d in self.days)

    @classmethod
    def perpres_21_2023(cls) -> ServiceHours:
        """Default week derived from Perpres 21/2023: Mon-Fri from 07.30, 37.5 h net.

        The Perpres fixes the weekly total, the 07.30 start and the breaks (60 min, Friday
        90 min); the daily end times here (16.00, Friday 16.30) are derived so the week adds up
        to 37 h 30 min. Kota Malang's normal-week hours were not found [unverified]: set each
        office's own hours where known.
        """

        def rng(a: str, b: str) -> TimeRange:
            return TimeRange(time.fromisoformat(a), time.fromisoformat(b))

        days = [DaySchedule(d, rng("07:30", "16:00"), (rng("12:00", "13:00"),)) for d in range(4)]
        days.append(DaySchedule(4, rng("07:30", "16:30"), (rng("11:30", "13:00"),)))
        return cls(tuple(days))


class SanctionTrack(Enum):
    """Under which law a sanction is given: the same lapse can fall under either.

    A PP 94/2021 punishment is a disciplinary case's decision (authority table, examination,
    decree); a UU 25/2009 Pasal 54 sanction is given to a public-service provider (pelaksana)
    for failing the service, and is not a PP 94/2021 punishment. Values are stored: never change.
    """

    PP94_DISCIPLINE = "pp94_2021"
    UU25_PROVIDER = "uu25_2009_pasal54"


class ProviderSanction(Enum):
    """UU 25/2009 Pasal 54 sanctions on a provider, in order: a teguran tertulis, then, when the
    failure is not fixed within the time allowed, pembebasan dari jabatan."""

    TEGURAN_TERTULIS = "teguran_tertulis"
    PEMBEBASAN_DARI_JABATAN = "pembebasan_dari_jabatan"
