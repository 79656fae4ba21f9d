"""Disciplinary cases as the procedure runs them (PP 94/2021, PerBKN 6/2022).

Summons in writing (examination within 7 working days of the letter); the civil servant comes
and clarifies, usually with a closed examination and its BAP, or does not come; after a no-show a
second summons within 7 working days; after a second no-show the official decides on the
evidence, without examination. The decision is delivered (within 14 working days, mostly), may be
met by keberatan (banding against dismissal), and then takes effect.

What the rule requires is asked of the service (:meth:`ComplianceService.required_punishment`),
so the simulated official knows the law; a small, seeded share of officials decides more lightly,
and the service records those decisions as flagged. Who decides is asked of the authority rule
(``pp94.punishing_authority``) on the city's positions (:mod:`pelayanan.scenarios.positions`):
the nearest official in the PNS's chain of superiors who may impose the punishment chosen. Where
the punishment expected is beyond the atasan langsung who examined, the atasan reports the BAP up
on the next working day, before the decision.
"""

from __future__ import annotations

from datetime import date
from uuid import UUID

from pelayanan.domain.discipline import (
    Breach,
    BreachKind,
    CaseSource,
    DisciplinaryCase,
    ObjectionKind,
    ObjectionOutcome,
    Outcome,
    SourceKind,
)
from pelayanan.domain.organisation import Official
from pelayanan.domain.values import Actor, Impact, Level, Nip, Punishment, Role
from pelayanan.policy import procedure
from pelayanan.policy.authority import who_may_punish
from pelayanan.policy.punishment import LevelOutcome, PunishmentOutcome, allowed_punishments
from pelayanan.scenarios import positions
from pelayanan.scenarios.context import BKPSDM, SEKDA, Scenario, camat
from pelayanan.scenarios.world import OfficeState, StaffState

LIGHTER_CHANCE = {Level.RINGAN: 0.09, Level.SEDANG: 0.2, Level.BERAT: 0.12}
"""How often the simulated official decides below the rule: the decisions the audit flags."""

_MONTHS = {
    Punishment.TUKIN_25_6: 6,
    Punishment.TUKIN_25_9: 9,
    Punishment.TUKIN_25_12: 12,
    Punishment.PP53_PENUNDAAN_KGB: 12,
    Punishment.PP53_PENUNDAAN_PANGKAT: 12,
    Punishment.PP53_PENURUNAN_PANGKAT: 12,
    Punishment.PENURUNAN_JABATAN: 12,
    Punishment.PEMBEBASAN_JABATAN: 12,
}


def _add_months(day: date, months: int) -> date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return date(year, month, min(day.day, 28))


class CaseDesk:
    """Opens cases and moves each through the procedure on the agenda."""

    def __init__(self, sim: Scenario) -> None:
        self.sim = sim

    # ------------------------------------------------------------------ opening

    def attendance_case(
        self, office: OfficeState, staff: StaffState, days: int, longest_run: int, month: str
    ) -> None:
        """BKPSDM's monthly e-absensi recap shows a new step of the attendance ladder."""
        sim = self.sim
        number = f"BKPSDM/800/{sim.year}/ABS-{sim.next_number('case'):04d}"
        case = sim.service.open_case(
            number,
            nip=staff.nip,
            name=staff.person.name,
            office_code=office.code,
            source=CaseSource(SourceKind.ATTENDANCE_REPORT, f"Rekap e-absensi {month}"),
            breach=Breach(
                BreachKind.ATTENDANCE,
                f"Tidak masuk kerja tanpa alasan yang sah {days} hari kerja dalam tahun "
                f"{sim.year} (rekap e-absensi s.d. {month}).",
                days_absent=days,
                consecutive_days=longest_run,
            ),
            actor=BKPSDM,
        )
        staff.case_open = True
        staff.ladder_days_charged = days
        sim.count("cases.attendance")
        self._summon(case, staff, self._summoner(office, staff), first=True)

    def vacancy_case(
        self,
        office: OfficeState,
        inspection: UUID,
        reference: str,
        finding: int,
        lurah: StaffState,
        impact: Impact = Impact.UNIT_KERJA,
    ) -> UUID:
        """A sidak found the office empty in service hours: the lurah answers for it."""
        sim = self.sim
        number = f"BKPSDM/800/{sim.year}/VAC-{sim.next_number('case'):04d}"
        office.vacancy_cases += 1
        case = sim.service.open_case(
            number,
            nip=lurah.nip,
            name=lurah.person.name,
            office_code=office.code,
            source=CaseSource(SourceKind.FINDING, f"{reference} temuan {finding}", inspection),
            breach=Breach(
                BreachKind.OTHER_OBLIGATION,
                f"Kantor Kelurahan {office.kelurahan.name} kosong pada jam layanan; lurah "
                "bertanggung jawab atas kehadiran pelayanan.",
                impact=impact,
            ),
            actor=BKPSDM,
        )
        sim.service.refer_finding(
            inspection, finding, target="disciplinary_case", target_id=case, actor=BKPSDM
        )
        sim.count("cases.vacancy")
        self._summon(case, lurah, camat(office.kelurahan.kecamatan.name), first=True)
        return case

    def prohibition_case(
        self, office: OfficeState, staff: StaffState, complaint: UUID, reference: str
    ) -> None:
        """A verified complaint of an illegal fee (pungutan liar): harm to the agency."""
        sim = self.sim
        number = f"BKPSDM/800/{sim.year}/PGL-{sim.next_number('case'):04d}"
        case = sim.service.open_case(
            number,
            nip=staff.nip,
            name=staff.person.name,
            office_code=office.code,
            source=CaseSource(SourceKind.COMPLAINT, reference, complaint),
            breach=Breach(
                BreachKind.PROHIBITION,
                "Meminta imbalan di luar ketentuan untuk surat pengantar (pungutan liar).",
                impact=Impact.INSTANSI,
            ),
            actor=BKPSDM,
        )
        staff.case_open = True
        sim.count("cases.prohibition")
        self._summon(case, staff, self._summoner(office, staff), first=True)

    def _summoner(self, office: OfficeState, staff: StaffState) -> Actor:
        lurah = office.holder(Role.LURAH)
        if lurah is None or lurah is staff:
            return camat(office.kelurahan.kecamatan.name)
        return Actor(name=lurah.person.name, role="lurah (atasan langsung)", nip=lurah.nip)

    # ------------------------------------------------------------------ procedure

    def _summon(self, case: UUID, staff: StaffState, superior: Actor, *, first: bool) -> None:
        sim = self.sim
        today = sim.today()
        letter = sim.add_working_days(today, sim.rng.randint(0, 2) if first else 0)
        exam = sim.add_working_days(letter, sim.rng.randint(2, 6))

        def send() -> None:
            sim.service.request_clarification(
                case, letter_date=letter, examination_date=exam, actor=superior
            )
            sim.at(exam, 10, sim.rng.randint(0, 59), lambda: self._examination_day(case, staff))

        sim.at(letter, 9, sim.rng.randint(0, 59), send)

    def _examination_day(self, case: UUID, staff: StaffState) -> None:
        sim = self.sim
        current = sim.service.get_case(case)
        second = len(current.summonses) == 2
        if sim.chance(0.35 if staff.absence_rate > 0.03 else 0.12):
            sim.service.record_no_show(case, actor=BKPSDM)
            sim.count("cases.no_show")
            if second:
                decide_on = sim.add_working_days(sim.today(), sim.rng.randint(2, 6))
                sim.at(decide_on, 14, 0, lambda: self._decide(case, staff))
                return
            self._second_summons(case, staff)
            return
        sim.service.receive_clarification(
            case, statement=self._statement(current.breach.kind), actor=BKPSDM
        )
        # A clarification is not an examination: every case is examined before its decision,
        # by the atasan alone or, in most cases, with Inspektorat and BKPSDM sitting in.
        # (The draws are those of the demo before this rule, so its year stays the same.)
        examiners, signed = "Atasan langsung", True
        panel = sim.chance(0.75)
        if panel:
            examiners, signed = "Atasan langsung; Inspektorat; BKPSDM", sim.chance(0.95)
        # A berat punishment expected: the tim pemeriksa must examine (perbkn6.examination).
        expected = _required_level(sim.service.required_punishment(current, sim.today()))
        if panel or expected is Level.BERAT:
            examiners = "Atasan langsung; Inspektorat; BKPSDM"
            sim.service.form_tim_pemeriksa(
                case, decree=f"Kep/TIM/{current.case_number}", members=examiners, actor=BKPSDM
            )
        if examiners != "Atasan langsung":
            sim.service.record_statement(
                case,
                given_by="atasan langsung (keterangan)",
                reference=f"BAK/{current.case_number}",
                actor=BKPSDM,
            )
        sim.service.record_examination(
            case,
            bap_reference=f"BAP/{current.case_number}",
            signed_by_subject=signed,
            examiners=examiners,
            actor=BKPSDM,
        )
        sim.service.give_bap_copy(case, given_on=sim.today(), actor=BKPSDM)
        decide_on = sim.add_working_days(sim.today(), sim.rng.randint(2, 8))
        minute = sim.rng.randint(0, 59)
        self._report_if_beyond_the_atasan(case, staff.nip)
        sim.at(decide_on, 14, minute, lambda: self._decide(case, staff))

    def _report_if_beyond_the_atasan(self, case: UUID, nip: Nip) -> None:
        """The punishment expected is beyond the atasan langsung's authority: it reports the
        BAP up on the next working day (``perbkn6.bap_report``); no draw, so the year's other
        draws stay as they were."""
        sim = self.sim
        org = sim.service.organisation
        assert org is not None
        current = sim.service.get_case(case)
        expected = procedure.expected_punishment(current.breach, sim.today(), sim.service.policy)
        subject = org.held_by(nip)
        atasan = org.direct_superior(subject.id)
        if expected is None or atasan is None:
            return
        if who_may_punish(expected, subject.id, org, on=sim.today(), official=atasan.id).granted:
            return
        reporter = self._official(atasan.id)
        day = sim.add_working_days(sim.today(), 1)

        def report() -> None:
            sim.service.report_bap(case, reported_by=reporter)
            sim.count("cases.bap_reported")

        sim.at(day, 9, 0, report)

    def _second_summons(self, case: UUID, staff: StaffState) -> None:
        sim = self.sim
        letter = sim.add_working_days(sim.today(), sim.rng.randint(1, 4))
        exam = sim.add_working_days(letter, sim.rng.randint(2, 5))

        def send() -> None:
            sim.service.request_clarification(
                case, letter_date=letter, examination_date=exam, actor=BKPSDM
            )
            sim.at(exam, 10, sim.rng.randint(0, 59), lambda: self._examination_day(case, staff))

        sim.at(letter, 9, sim.rng.randint(0, 59), send)

    @staticmethod
    def _statement(kind: BreachKind) -> str:
        if kind is BreachKind.ATTENDANCE:
            return "Saya mengakui tidak masuk kerja tanpa izin karena urusan keluarga."
        if kind is BreachKind.PROHIBITION:
            return "Saya menerima uang dari warga; saya mengira itu ucapan terima kasih."
        return "Staf meninggalkan kantor bersama-sama; saya tidak menunjuk petugas piket."

    def _decide(self, case: UUID, staff: StaffState) -> None:
        sim = self.sim
        current = sim.service.get_case(case)
        today = sim.today()
        required = sim.service.required_punishment(current, today)
        chosen, outcome = self._choose(required, current.breach.kind, staff)
        official = self._decider(current.nip, chosen, required)
        decision = sim.service.decide_case(
            case,
            outcome=outcome,
            punishment=chosen,
            reason=self._reason(outcome, chosen),
            decided_by=official,
            decree=f"SK/{current.case_number}",
        )
        sim.count("cases.decided")
        if decision.flagged:
            sim.count("cases.flagged")
        if outcome is Outcome.DISMISSED or outcome is Outcome.ADMINISTRATIVE_WARNING:
            staff.case_open = False
        late = sim.chance(0.05)
        days = sim.rng.randint(15, 20) if late else sim.rng.randint(1, 10)
        delivered = sim.add_working_days(today, days)
        sim.at(delivered, 10, sim.rng.randint(0, 59), lambda: self._deliver(case, staff, delivered))

    def _choose(
        self,
        required: PunishmentOutcome | LevelOutcome | None,
        kind: BreachKind,
        staff: StaffState,
    ) -> tuple[Punishment | None, Outcome]:
        sim = self.sim
        if required is None:
            return None, Outcome.DISMISSED
        if isinstance(required, LevelOutcome):
            allowed = required.allowed
            # A first vacancy is met the way the Sekda met Jodipan's; a repeat more firmly.
            want = allowed[min(1, len(allowed) - 1)]
            if kind is BreachKind.PROHIBITION:
                want = allowed[sim.rng.randint(0, len(allowed) - 1)]
            if sim.chance(LIGHTER_CHANCE[required.level]):
                return None, Outcome.ADMINISTRATIVE_WARNING
            return want, Outcome.PUNISHMENT
        wanted = required.punishment
        if wanted is None:
            return None, Outcome.DISMISSED
        if sim.chance(LIGHTER_CHANCE[wanted.level]):
            ladder = _in_force(sim)
            index = ladder.index(wanted)
            if index == 0:
                return None, Outcome.ADMINISTRATIVE_WARNING
            return ladder[index - 1], Outcome.PUNISHMENT
        return wanted, Outcome.PUNISHMENT

    def _official(self, position_id: str) -> Official:
        """The official acting from a position, by its holder's name where one is known."""
        org = self.sim.service.organisation
        assert org is not None
        holder = org.position(position_id).holder
        name = None
        if holder is not None:
            name = next(
                (o.staff[holder.value].person.name for o in self.sim.offices.values()
                 if holder.value in o.staff),
                None,
            )
        return positions.official(org, position_id, name)

    def _decider(
        self,
        nip: Nip,
        chosen: Punishment | None,
        required: PunishmentOutcome | LevelOutcome | None,
    ) -> Official:
        """Who decides: the nearest superior the authority rule lets impose the punishment
        chosen (for no punishment, the one who could impose the lightest expected), else the
        atasan langsung."""
        sim = self.sim
        org = sim.service.organisation
        assert org is not None
        subject = org.held_by(nip)
        punishment = chosen
        if punishment is None and required is not None:
            punishment = getattr(required, "punishment", None) or next(
                iter(getattr(required, "allowed", ())), None
            )
        if punishment is not None:
            allowed = who_may_punish(punishment, subject.id, org, on=sim.today()).authorised
            if allowed:
                return self._official(allowed[0].position)
        atasan = org.direct_superior(subject.id)
        assert atasan is not None
        return self._official(atasan.id)

    @staticmethod
    def _reason(outcome: Outcome, punishment: Punishment | None) -> str:
        if outcome is Outcome.PUNISHMENT and punishment is not None:
            return f"Terbukti melanggar; dijatuhi {punishment.value.replace('_', ' ')}."
        if outcome is Outcome.ADMINISTRATIVE_WARNING:
            return "Dipertimbangkan keadaan yang meringankan; diberi peringatan administratif."
        return "Tidak cukup bukti pelanggaran."

    def _deliver(self, case: UUID, staff: StaffState, delivered: date) -> None:
        sim = self.sim
        sim.service.deliver_decision(case, delivered_on=delivered, actor=BKPSDM)
        current = sim.service.get_case(case)
        punishment = current.punishment
        if punishment is None:
            sim.at(delivered, 15, 0, lambda: self._close(case, staff, "Keputusan disampaikan."))
            return
        objection = punishment is Punishment.PDH or sim.chance(0.09)
        if objection and current.objection_deadline is not None:
            filed = sim.add_working_days(delivered, sim.rng.randint(2, 9))
            filed = min(filed, current.objection_deadline.due)
            sim.at(filed, 11, 0, lambda: self._object(case, staff, filed))
            return
        self._schedule_effect(case, staff)

    def _object(self, case: UUID, staff: StaffState, filed: date) -> None:
        sim = self.sim
        current = sim.service.get_case(case)
        kind = (
            ObjectionKind.BANDING
            if current.punishment is Punishment.PDH
            else (ObjectionKind.KEBERATAN)
        )
        sim.service.file_objection(
            case,
            kind=kind,
            filed_on=filed,
            grounds="Hukuman terlalu berat dibanding kesalahan; mohon dipertimbangkan kembali.",
            actor=Actor(name=staff.person.name, role="PNS yang dijatuhi hukuman", nip=staff.nip),
        )
        sim.count("cases.objections")
        decided = sim.add_working_days(filed, sim.rng.randint(10, 25))
        sim.at(decided, 13, 0, lambda: self._decide_objection(case, staff))

    def _objection_decider(self, current: DisciplinaryCase) -> tuple[Official | None, Actor]:
        """A keberatan is decided by the superior of the official who punished (PP 79/2021); a
        banding by BPASN, which names no city official."""
        org = self.sim.service.organisation
        punished_by = current.authority
        if org is None or punished_by is None or current.objection is ObjectionKind.BANDING:
            return None, SEKDA
        punisher = org.position(punished_by.official_position)
        superior = org.direct_superior(punisher.id) or punisher
        decider = self._official(superior.id)
        return decider, Actor(name=decider.name, role=SEKDA.role)

    def _decide_objection(self, case: UUID, staff: StaffState) -> None:
        sim = self.sim
        current = sim.service.get_case(case)
        decided_by, by = self._objection_decider(current)
        roll = sim.rng.random()
        punishment = current.punishment
        ladder = _in_force(sim) if punishment is not None else []
        if roll < 0.2 and punishment is not None and ladder.index(punishment) > 0:
            lighter = ladder[ladder.index(punishment) - 1]
            sim.service.decide_objection(
                case,
                outcome=ObjectionOutcome.CHANGED,
                punishment=lighter,
                reason="Keberatan diterima sebagian; hukuman diubah.",
                actor=by,
                decided_by=decided_by,
            )
        elif roll < 0.27:
            sim.service.decide_objection(
                case,
                outcome=ObjectionOutcome.ANNULLED,
                reason="Keberatan diterima; keputusan dibatalkan.",
                actor=by,
                decided_by=decided_by,
            )
            sim.at(
                sim.today(),
                15,
                0,
                lambda: self._close(case, staff, "Keputusan dibatalkan atas keberatan."),
            )
            return
        else:
            sim.service.decide_objection(
                case,
                outcome=ObjectionOutcome.UPHELD,
                reason="Keberatan ditolak; keputusan dikuatkan.",
                actor=by,
                decided_by=decided_by,
            )
        self._schedule_effect(case, staff)

    def take_effect_later(self, case: UUID, staff: StaffState) -> None:
        """For a decision delivered outside this desk (the Jodipan story): let it take effect."""
        self._schedule_effect(case, staff)

    def _schedule_effect(self, case: UUID, staff: StaffState) -> None:
        sim = self.sim
        current = sim.service.get_case(case)
        start = sim.today()
        # From receipt without an objection; from the objection's decision after one.
        earliest = current.effective if current.objection is None else (
            current.effective_after_objection
        )
        if earliest is not None:
            start = max(start, earliest.due)
        punishment = current.punishment
        if punishment is None:
            return
        months = _MONTHS.get(punishment)
        until = _add_months(start, months) if months else None

        def take_effect() -> None:
            sim.service.start_punishment(case, effective_from=start, until=until, actor=BKPSDM)
            if until is None:
                sim.at(start, 15, 30, lambda: self._close(case, staff, "Hukuman dilaksanakan."))
            else:
                sim.at(until, 9, 0, lambda: self._complete(case, staff, until))

        sim.at(start, 8, 30, take_effect)

    def _complete(self, case: UUID, staff: StaffState, until: date) -> None:
        self.sim.service.complete_punishment(case, completed_on=until, actor=BKPSDM)
        self._close(case, staff, "Masa hukuman selesai.")

    def _close(self, case: UUID, staff: StaffState, reason: str) -> None:
        self.sim.service.close_case(case, reason=reason, actor=BKPSDM)
        staff.case_open = False
        self.sim.count("cases.closed")


def _required_level(
    required: PunishmentOutcome | LevelOutcome | None,
) -> Level | None:
    return None if required is None else required.level


def _in_force(sim: Scenario) -> list[Punishment]:
    """Every punishment in force, lightest first (the sedang regime as the settings say)."""
    on = sim.today()
    settings = sim.service.policy
    return [p for level in Level for p in allowed_punishments(level, on, settings)]
