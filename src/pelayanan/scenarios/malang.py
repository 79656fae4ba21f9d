"""A seeded year of compliance in Kota Malang's 57 kelurahan, recorded through the service.

``simulate(service, clock, SimulationSettings(seed=..., year=..., scale=...))`` records, day by
simulated day: the offices, their rosters and published standards; Ramadan service hours; staff
permissions (dinas luar, izin, sakit, cuti); absences without permission (never recorded as such:
a sidak observes them, the monthly e-absensi recap counts them); sidak, rare before 6 May 2024 and
most working days after it; complaints through five channels with SP4N-LAPOR! service levels;
disciplinary cases from the attendance ladder, from vacancy findings and from verified illegal-fee
complaints, through the whole procedure; a July rotation; and the Jodipan story.

Deterministic: one ``random.Random(seed)``, a :class:`ManualClock` moved by the agenda, uuid5
identities from references. The same settings give the same events, byte for byte, except the
store's own notification ids and the aggregate snapshots. ``scale`` multiplies the rates of the
high-volume streams (sidak, permissions, complaints); rosters, absences and the discipline they
lead to stay as in life.

Everything about people is simulated: names, NIPs, who is absent when, each office's culture.
"""

from __future__ import annotations

import functools
import math
import time as timer
from collections.abc import Callable, Mapping
from datetime import date, datetime, time, timedelta
from random import Random
from types import MappingProxyType

import attrs

from pelayanan.clock import ManualClock
from pelayanan.domain.errors import InvalidValue
from pelayanan.domain.office import ServiceStandard
from pelayanan.domain.values import (
    WIB,
    Actor,
    Channel,
    DaySchedule,
    PermissionKind,
    Role,
    ServiceComponent,
    ServiceHours,
    TimeRange,
)
from pelayanan.i18n import month_year
from pelayanan.policy.punishment import ATTENDANCE_LADDER
from pelayanan.scenarios import positions, story
from pelayanan.scenarios.agenda import Agenda
from pelayanan.scenarios.casework import CaseDesk
from pelayanan.scenarios.complaints import EMPTY_OFFICE, ComplaintDesk
from pelayanan.scenarios.context import ADMIN, Scenario
from pelayanan.scenarios.inspections import InspectionDesk
from pelayanan.scenarios.kelurahan import JODIPAN, KELURAHAN
from pelayanan.scenarios.people import PeopleFactory
from pelayanan.scenarios.world import (
    CULTURES,
    Episode,
    OfficeState,
    StaffState,
    draw_absence_rate,
    wib,
)
from pelayanan.service import ComplianceService

# --------------------------------------------------------------------------- rates
# Per office per working day, before scaling.
SIDAK_BEFORE_SATGAS = 0.1  # Inspektorat monitoring: about once in two weeks
SIDAK_WITH_SATGAS = 0.95  # "possibly daily": nearly every working day
WEAK_OFFICE_REVISITS = 1.35  # the satgas goes back to weak offices in the afternoon
VACANCY_AFTER_PEMBINAAN = 0.35  # offices learned: episodes become rarer
COMPLAINT_ABOUT_EMPTY_OFFICE = 0.35  # a citizen who finds the office empty complains
# Per staff member per working day, before scaling: (kind, chance, reason).
PERMISSIONS: tuple[tuple[PermissionKind, float, str], ...] = (
    (PermissionKind.DINAS_LUAR, 0.28, "Tugas lapangan: posyandu, rapat RT/RW, verifikasi data"),
    (PermissionKind.IZIN, 0.06, "Keperluan keluarga"),
    (PermissionKind.SAKIT, 0.012, "Sakit, surat keterangan dokter"),
    (PermissionKind.CUTI, 0.008, "Cuti tahunan"),
)
EPISODE_REASONS = (
    "Seluruh staf melayat (takziah) ke rumah warga.",
    "Staf menjadi panitia hajatan pernikahan rekan kerja.",
    "Seluruh staf mengikuti kegiatan di luar kantor tanpa petugas piket.",
    "Staf menjenguk rekan yang sakit bersama-sama.",
)

ProgressCallback = Callable[[date, int], None]
"""Called after each simulated month with its last day and the events recorded so far."""


@attrs.frozen
class SimulationSettings:
    seed: int = attrs.field(default=2024)
    year: int = attrs.field(default=2024)
    scale: float = attrs.field(default=1.0)

    @seed.validator
    def _seed(self, attribute: attrs.Attribute[int], value: object) -> None:
        if isinstance(value, bool) or not isinstance(value, int):
            raise InvalidValue(f"seed must be a whole number, got {value!r}")

    @year.validator
    def _year(self, attribute: attrs.Attribute[int], value: object) -> None:
        if isinstance(value, bool) or not isinstance(value, int) or not 2022 <= value <= 2030:
            raise InvalidValue(f"year must be 2022..2030 (PP 94/2021 in force), got {value!r}")

    @scale.validator
    def _scale(self, attribute: attrs.Attribute[float], value: object) -> None:
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise InvalidValue(f"scale must be a number, got {value!r}")
        if not 0.001 <= value <= 50:
            raise InvalidValue(f"scale must be between 0.001 and 50, got {value}")


@attrs.frozen
class SimulationResult:
    settings: SimulationSettings
    events: int
    seconds: float
    counts: Mapping[str, int]

    @property
    def events_per_second(self) -> float:
        return self.events / self.seconds if self.seconds > 0 else 0.0


def simulate(
    service: ComplianceService,
    clock: ManualClock,
    settings: SimulationSettings | None = None,
    *,
    progress: ProgressCallback | None = None,
) -> SimulationResult:
    """Record the simulated year into ``service``; ``clock`` must be the service's clock."""
    settings = settings or SimulationSettings()
    if service.clock is not clock:
        raise InvalidValue("simulate() needs the ManualClock the service was opened with")
    began = timer.perf_counter()
    first_event = service.head()
    year = settings.year
    clock.set(max(clock.now(), datetime(year, 1, 1, tzinfo=WIB)))
    sim = Scenario(
        service=service,
        rng=Random(settings.seed),
        agenda=Agenda(service, clock),
        year=year,
        scale=settings.scale,
    )
    _Year(sim).run(progress)
    return SimulationResult(
        settings=settings,
        events=service.head() - first_event,
        seconds=timer.perf_counter() - began,
        counts=MappingProxyType(
            {k: v for k, v in sorted(sim.counters.items()) if not k.startswith("seq:")}
        ),
    )


def _poisson(sim: Scenario, mean: float) -> int:
    # Knuth's method: fine for the small means used here.
    limit, k, p = math.exp(-mean), 0, 1.0
    while True:
        p *= sim.rng.random()
        if p <= limit:
            return k
        k += 1


def ramadan_hours() -> ServiceHours:
    """Kota Malang's Ramadan circulars: Mon-Thu 08.00-15.00 (break 12.00-12.30), Fri 07.30-15.00
    (break 11.30-12.30)."""

    def rng(a: str, b: str) -> TimeRange:
        return TimeRange(time.fromisoformat(a), time.fromisoformat(b))

    days = [DaySchedule(d, rng("08:00", "15:00"), (rng("12:00", "12:30"),)) for d in range(4)]
    days.append(DaySchedule(4, rng("07:30", "15:00"), (rng("11:30", "12:30"),)))
    return ServiceHours(tuple(days))


class _Year:
    def __init__(self, sim: Scenario) -> None:
        self.sim = sim
        self.cases = CaseDesk(sim)
        self.inspections = InspectionDesk(sim, self.cases)
        self.complaints = ComplaintDesk(sim)
        self.people = PeopleFactory(sim.rng, appointed_by=sim.year - 1)
        self.story: story.Story | None = None
        self.absconder: tuple[StaffState, date] | None = None

    # ------------------------------------------------------------------ the year

    def run(self, progress: ProgressCallback | None) -> None:
        sim = self.sim
        self._build_offices()
        # The register opens at the first minute of the year, before anything can refer to it.
        sim.at(date(sim.year, 1, 1), 0, 0, self._register_all)
        self._schedule_ramadan()
        self._schedule_rotation()
        self._schedule_recaps()
        assert self.story is not None
        self.story.schedule()
        day = date(sim.year, 1, 1)
        while day.year == sim.year:
            sim.at(day, 0, 1, functools.partial(self._plan_day, day))
            day += timedelta(days=1)
        # One transaction per simulated month: the aggregates a month touches stay loaded for
        # all its commands (reloading them is what costs time), and a crash loses one month.
        for month in range(1, 13):
            end = datetime(sim.year, month, 1, tzinfo=WIB) + timedelta(days=32)
            end = end.replace(day=1)
            sim.agenda.run_until(end)
            if progress is not None:
                progress((end - timedelta(days=1)).date(), sim.service.head())

    # ------------------------------------------------------------------ offices and staff

    def _build_offices(self) -> None:
        sim = self.sim
        names = ["baik"] * 17 + ["sedang"] * 30 + ["lemah"] * 10
        sim.rng.shuffle(names)
        for person in story.JODIPAN_STAFF:
            self.people.reserve(person.nip)
        for kelurahan, culture_name in zip(KELURAHAN, names, strict=True):
            culture = CULTURES[culture_name]
            if kelurahan.code == JODIPAN:
                culture = CULTURES["sedang"]  # one bad day, not a bad office
            office = OfficeState(kelurahan, culture, ServiceHours.perpres_21_2023())
            size = sim.rng.randint(6, 12)
            roles = [Role.LURAH, Role.SEKLUR, Role.KASI, Role.KASI, Role.KASI]
            roles += [Role.STAFF] * (size - len(roles))
            people = [self.people.person(role) for role in roles]
            if kelurahan.code == JODIPAN and sim.year == story.STORY_YEAR:
                people = [
                    *story.JODIPAN_STAFF,
                    self.people.person(Role.KASI),
                    *(self.people.person(Role.STAFF) for _ in range(2)),
                ]
            for person in people:
                office.staff[person.nip.value] = StaffState(
                    person, draw_absence_rate(sim.rng, culture)
                )
            sim.offices[office.code] = office
        jodipan = sim.offices[JODIPAN.value]
        self.story = story.Story(sim, self.cases, jodipan)
        # One civil servant simply stops coming for a fortnight in August: the consecutive-days
        # row of the ladder (dismissal) exists for this, and an auditor will look for it.
        habitual = [
            s
            for o in sim.offices.values()
            for s in o.staff.values()
            if s.absence_rate > 0.03 and s.person.role is Role.STAFF
        ]
        if habitual:
            who = sim.rng.choice(habitual)
            start = sim.add_working_days(date(sim.year, 8, 1), sim.rng.randint(0, 10))
            self.absconder = (who, start)

    def _register_all(self) -> None:
        sim = self.sim
        # Every punishment is authority-checked against the city's positions as they stand,
        # recorded as the city records them: a settings change (the demo's own decree).
        positions.record(
            sim.service,
            sim.offices.values(),
            f"Keputusan Wali Kota Malang tentang susunan jabatan tahun {sim.year} (simulasi)",
        )
        day = sim.working_days()[0]
        for office in sim.offices.values():
            k = office.kelurahan
            sim.service.register_office(
                k.code,
                name=k.name,
                kecamatan=k.kecamatan.name,
                service_hours=office.hours,
                actor=ADMIN,
            )
            for member in office.staff.values():
                p = member.person
                sim.service.assign_staff(k.code, nip=p.nip, name=p.name, role=p.role, actor=ADMIN)
            publish = sim.add_working_days(day, sim.rng.randint(0, 9))
            sim.at(publish, 9, sim.rng.randint(0, 59), functools.partial(self._publish, office))

    def _publish(self, office: OfficeState, *, complete: bool = False) -> None:
        sim = self.sim
        components = list(ServiceComponent)
        low, high = office.culture.missing_components
        missing = 0 if complete else sim.rng.randint(low, high)
        for _ in range(missing):
            components.pop(sim.rng.randrange(1, len(components)))
        revision = "revisi " if complete else ""
        standard = ServiceStandard(
            document=f"Standar Pelayanan Kelurahan {office.kelurahan.name} {revision}{sim.year}",
            components=tuple(components),
            maklumat="Kami sanggup menyelenggarakan pelayanan sesuai standar pelayanan yang "
            "telah ditetapkan dan apabila tidak menepati kami siap menerima sanksi sesuai "
            "peraturan perundang-undangan yang berlaku.",
        )
        lurah = office.holder(Role.LURAH)
        sim.service.publish_service_standard(
            office.code, standard, actor=ADMIN if lurah is None else _actor_of(lurah, "lurah")
        )
        sim.count("standards.published")
        if not complete and missing and sim.chance(0.7):
            # After the pembinaan's call to improve SOPs, most incomplete standards are revised.
            revise = sim.add_working_days(date(sim.year, 6, 3), sim.rng.randint(0, 60))
            sim.at(revise, 9, 0, lambda: self._publish(office, complete=True))

    def _schedule_ramadan(self) -> None:
        sim = self.sim
        fitri = sim.holidays_named("Idul Fitri")
        if not fitri:
            return
        idul_fitri = fitri[0]
        start, back = idul_fitri - timedelta(days=29), idul_fitri + timedelta(days=2)
        if start <= sim.working_days()[0]:
            return
        back = sim.add_working_days(back, 1)
        ramadan, normal = ramadan_hours(), ServiceHours.perpres_21_2023()

        def switch(hours: ServiceHours, reason: str) -> None:
            for office in sim.offices.values():
                sim.service.set_service_hours(office.code, hours, reason=reason, actor=ADMIN)
                office.hours = hours

        sim.at(
            start - timedelta(days=1),
            16,
            0,
            lambda: switch(ramadan, "Surat Edaran Wali Kota: jam kerja bulan Ramadan"),
        )
        sim.at(back, 6, 30, lambda: switch(normal, "Jam kerja normal setelah Idul Fitri"))

    def _schedule_rotation(self) -> None:
        """A July rotation (mutasi): kasi and staff move between kelurahan."""
        sim = self.sim
        day = sim.add_working_days(date(sim.year, 7, 1), 0)

        def rotate() -> None:
            codes = sorted(sim.offices)
            for _ in range(14):
                source = sim.offices[sim.rng.choice(codes)]
                target = sim.offices[sim.rng.choice(codes)]
                movable = [
                    s
                    for s in source.staff.values()
                    if s.person.role in (Role.KASI, Role.STAFF) and not s.case_open
                ]
                if (
                    source is target
                    or len(source.staff) <= 6
                    or len(target.staff) >= 12
                    or not movable
                ):
                    continue
                member = sim.rng.choice(movable)
                p = member.person
                sim.service.remove_staff(
                    source.code,
                    nip=p.nip,
                    actor=ADMIN,
                    reason=f"Mutasi ke Kelurahan {target.kelurahan.name}",
                )
                del source.staff[p.nip.value]
                sim.service.assign_staff(
                    target.code, nip=p.nip, name=p.name, role=p.role, actor=ADMIN
                )
                target.staff[p.nip.value] = member
                sim.count("staff.rotated")
                kasi = [s for s in source.staff.values() if s.person.role is Role.KASI]
                staff = [s for s in source.staff.values() if s.person.role is Role.STAFF]
                if p.role is Role.KASI and len(kasi) < 3 and staff:
                    promoted = sim.rng.choice(staff)
                    sim.service.reassign_staff(
                        source.code, nip=promoted.nip, role="kasi", actor=ADMIN
                    )
                    promoted.person = attrs.evolve(promoted.person, role=Role.KASI)
                    sim.count("staff.promoted")
            positions.record(
                sim.service,
                sim.offices.values(),
                f"Keputusan Wali Kota Malang tentang mutasi pegawai Juli {sim.year} (simulasi)",
            )

        sim.at(day, 7, 0, rotate)

    # ------------------------------------------------------------------ attendance recap

    def _schedule_recaps(self) -> None:
        sim = self.sim
        for month in range(2, 13):
            day = sim.add_working_days(date(sim.year, month, 1), 0)
            # Indonesian text in the record, whatever the machine's locale: "Januari 2024".
            label = month_year(date(sim.year, month, 1) - timedelta(days=1), "id")
            sim.at(day, 8, 0, functools.partial(self._recap, label))

    def _recap(self, month: str) -> None:
        sim = self.sim
        for office in sim.offices.values():
            for member in list(office.staff.values()):
                days = len(member.unexcused)
                run = member.longest_run(sim.next_working)
                if member.case_open or days < ATTENDANCE_LADDER[0].from_days:
                    continue
                if _row(days, run) > _row(member.ladder_days_charged, 0):
                    self.cases.attendance_case(office, member, days, run, month)

    # ------------------------------------------------------------------ one day

    def _plan_day(self, day: date) -> None:
        sim = self.sim
        working = sim.is_working(day)
        satgas = story.satgas_active(day, sim.year)
        incident = sim.year == story.STORY_YEAR and day == story.INCIDENT
        for office in sim.offices.values():
            office.absent_today = set()
            office.episode = None
            if not working:
                self._complaints(office, day, online_only=True)
                continue
            for member in office.staff.values():
                self._staff_day(office, member, day)
            is_jodipan_story = incident and office.kelurahan.code == JODIPAN
            if is_jodipan_story:
                assert self.story is not None
                self.story.incident_day(office)
                continue
            self._maybe_empty(office, day, satgas)
            sidak_rate = (SIDAK_WITH_SATGAS if satgas else SIDAK_BEFORE_SATGAS) * sim.scale
            if satgas and office.culture.name == "lemah":
                sidak_rate *= WEAK_OFFICE_REVISITS
            for _ in range(_count(sim, sidak_rate)):
                self.inspections.schedule(office, self._service_moment(office, day), satgas=satgas)
            self._complaints(office, day, online_only=False)

    def _staff_day(self, office: OfficeState, member: StaffState, day: date) -> None:
        sim = self.sim
        opening = wib(day, 7, 30)
        if member.permission_at(wib(day, 10, 0)) is not None:
            return
        if self.absconder is not None and self.absconder[0] is member and self.absconder[1] == day:
            member.run_left = 11
            member.unexcused.append(day)
            office.absent_today.add(member.nip.value)
            return
        if member.run_left > 0:
            member.run_left -= 1
            member.unexcused.append(day)
            office.absent_today.add(member.nip.value)
            return
        if sim.chance(member.absence_rate):
            member.unexcused.append(day)
            office.absent_today.add(member.nip.value)
            if member.absence_rate > 0.03 and sim.chance(0.3):
                member.run_left = sim.rng.randint(1, 2)
            return
        for kind, rate, reason in PERMISSIONS:
            if not sim.chance(rate * sim.scale):
                continue
            start, end = self._permission_period(kind, day)
            member.permissions.append((start, end, kind))
            recorded = min(start, opening) - timedelta(minutes=sim.rng.randint(5, 60))
            sim.at_time(
                recorded,
                functools.partial(self._permit, office, member, kind, start, end, reason),
            )
            break
        # Keep the list short: permissions that ended are of no further use to the truth.
        if len(member.permissions) > 8:
            member.permissions = [p for p in member.permissions if p[1] > opening]

    def _permission_period(self, kind: PermissionKind, day: date) -> tuple[datetime, datetime]:
        sim = self.sim
        if kind is PermissionKind.DINAS_LUAR or kind is PermissionKind.IZIN:
            start = wib(day, sim.rng.randint(8, 12), sim.rng.choice((0, 30)))
            return start, start + timedelta(hours=sim.rng.randint(1, 4))
        days = sim.rng.randint(1, 3) if kind is PermissionKind.SAKIT else sim.rng.randint(1, 5)
        last = sim.add_working_days(day, days - 1)
        return wib(day, 0, 0), wib(last, 23, 59)

    def _permit(
        self,
        office: OfficeState,
        member: StaffState,
        kind: PermissionKind,
        start: datetime,
        end: datetime,
        reason: str,
    ) -> None:
        if member.nip.value not in office.staff:
            return  # rotated away before the permission's day: the other office records it
        lurah = office.holder(Role.LURAH)
        actor = ADMIN if lurah is None else _actor_of(lurah, "lurah")
        self.sim.service.record_permission(
            office.code,
            nip=member.nip,
            kind=kind,
            start=start,
            end=end,
            reason=reason,
            actor=actor,
        )
        self.sim.count("permissions")

    def _maybe_empty(self, office: OfficeState, day: date, satgas: bool) -> None:
        sim = self.sim
        rate = office.culture.vacancy_rate * (VACANCY_AFTER_PEMBINAAN if satgas else 1.0)
        if not sim.chance(rate):
            return
        start = wib(day, sim.rng.randint(9, 13), sim.rng.choice((0, 15, 30, 45)))
        end = start + timedelta(minutes=sim.rng.randint(50, 180))
        office.episode = Episode(start, end, sim.rng.choice(EPISODE_REASONS))
        sim.count("truth.vacancy_episodes")
        if not sim.chance(COMPLAINT_ABOUT_EMPTY_OFFICE):
            return
        filed = start + timedelta(minutes=sim.rng.randint(15, 45))

        def complain() -> None:
            complaint, topic = self.complaints.file(office, filed, topic=EMPTY_OFFICE)
            self.complaints.handle(office, complaint, topic, filed)
            visit = filed + timedelta(minutes=sim.rng.randint(20, 70))
            self.inspections.schedule(office, visit, satgas=satgas, complaint=complaint)

        sim.at_time(filed, complain)

    def _complaints(self, office: OfficeState, day: date, *, online_only: bool) -> None:
        sim = self.sim
        mean = office.culture.complaints_per_month * 12 / 365 * sim.scale
        for _ in range(_poisson(sim, mean * (0.4 if online_only else 1.0))):
            channel = self.complaints.channel()
            when = self.complaints.filing_time(day, channel)
            if when is None:
                continue

            sim.at_time(when, functools.partial(self._complain, office, when, channel))

    def _complain(self, office: OfficeState, when: datetime, channel: Channel) -> None:
        sim = self.sim
        complaint, topic = self.complaints.file(office, when, channel=channel)
        self.complaints.handle(office, complaint, topic, when)
        if topic.subject.startswith("Pungutan") and sim.chance(0.1):
            # A few fee complaints are verified and become a case against a staff member.
            suspects = [
                s for s in office.staff.values() if s.person.role is Role.STAFF and not s.case_open
            ]
            if suspects:
                self.cases.prohibition_case(
                    office, sim.rng.choice(suspects), complaint, f"Pengaduan {when:%d-%m-%Y}"
                )

    def _service_moment(self, office: OfficeState, day: date) -> datetime:
        """A random moment in the office's service hours on ``day`` (breaks excluded)."""
        sim = self.sim
        schedule = office.hours.schedule_on(day.weekday())
        if schedule is None:
            return wib(day, 9, 0)
        while True:
            opens = schedule.hours.start.hour * 60 + schedule.hours.start.minute
            closes = schedule.hours.end.hour * 60 + schedule.hours.end.minute - 60
            minute = sim.rng.randint(opens, max(opens, closes))
            moment = wib(day, minute // 60, minute % 60)
            if schedule.in_service(moment.time().replace(tzinfo=None)):
                return moment


def _row(days: int, run: int) -> int:
    """The ladder row (1-based) that ``days`` reaches; 0 below the ladder, 99 for dismissal."""
    if run >= 10:
        return 99
    return next((i + 1 for i, r in enumerate(ATTENDANCE_LADDER) if r.covers(days)), 0)


def _count(sim: Scenario, rate: float) -> int:
    """How many times something with an expected ``rate`` per day happens today."""
    whole, fraction = int(rate), rate - int(rate)
    return whole + (1 if sim.chance(fraction) else 0)


def _actor_of(member: StaffState, role: str) -> Actor:
    return Actor(name=member.person.name, role=role, nip=member.nip)
