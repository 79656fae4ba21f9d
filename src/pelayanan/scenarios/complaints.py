"""Citizens' complaints through several channels, handled to the SP4N-LAPOR! service levels.

Each complaint is filed, acknowledged (first status response), classified (which sets its
service level), sometimes forwarded to the unit that can settle it, answered and resolved, or
rejected; a few are reopened. How quickly an office handles them depends on its culture: the
late ones are what the service-level table of the report shows.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import TypeVar
from uuid import UUID

import attrs

from pelayanan.domain.values import WIB, Actor, Channel, ComplaintClass
from pelayanan.scenarios.context import LAPOR_DESK, Scenario
from pelayanan.scenarios.world import OfficeState

T = TypeVar("T")


@attrs.frozen
class Topic:
    subject: str
    description: str
    classification: ComplaintClass
    forward_to: str | None = None


TOPICS: tuple[tuple[float, Topic], ...] = (
    (
        0.22,
        Topic(
            "Persyaratan surat pengantar tidak jelas",
            "Warga menanyakan persyaratan surat pengantar KTP/KK.",
            ComplaintClass.INFORMATION_REQUEST,
        ),
    ),
    (
        0.18,
        Topic(
            "Pelayanan surat keterangan lambat",
            "Surat keterangan domisili belum selesai lebih dari tiga hari.",
            ComplaintClass.COMPLAINT,
        ),
    ),
    (
        0.12,
        Topic(
            "Petugas tidak ramah",
            "Petugas loket berbicara kasar kepada warga lanjut usia.",
            ComplaintClass.COMPLAINT,
        ),
    ),
    (
        0.10,
        Topic(
            "Data kependudukan salah",
            "Nama di KK berbeda dengan akta kelahiran; warga diminta ke kelurahan.",
            ComplaintClass.COMPLAINT,
            "Dispendukcapil Kota Malang",
        ),
    ),
    (
        0.10,
        Topic(
            "Sampah menumpuk di jalan lingkungan",
            "Tumpukan sampah di gang RW tidak diangkut seminggu.",
            ComplaintClass.COMPLAINT,
            "DLH Kota Malang",
        ),
    ),
    (
        0.08,
        Topic(
            "Jalan lingkungan rusak",
            "Jalan paving RT rusak dan berlubang, membahayakan pengendara.",
            ComplaintClass.DISPUTE_FIELD_CHECK,
            "DPUPRPKP Kota Malang",
        ),
    ),
    (
        0.08,
        Topic(
            "Sengketa batas pekarangan",
            "Warga meminta mediasi kelurahan atas batas pekarangan dengan tetangga.",
            ComplaintClass.DISPUTE,
        ),
    ),
    (
        0.07,
        Topic(
            "Bantuan sosial tidak tepat sasaran",
            "Warga mampu terdaftar penerima bansos, warga miskin tidak.",
            ComplaintClass.DISPUTE_FIELD_CHECK,
            "Dinsos-P3AP2KB Kota Malang",
        ),
    ),
    (
        0.05,
        Topic(
            "Pungutan untuk surat pengantar",
            "Warga diminta membayar untuk surat pengantar yang seharusnya gratis.",
            ComplaintClass.COMPLAINT,
        ),
    ),
)

EMPTY_OFFICE = Topic(
    "Kantor kelurahan kosong pada jam layanan",
    "Warga datang pada jam layanan dan tidak ada satu pun petugas di kantor.",
    ComplaintClass.COMPLAINT,
)

# Online channels run day and night; the others only in office hours.
CHANNELS: tuple[tuple[float, Channel], ...] = (
    (0.45, Channel.SP4N_LAPOR),
    (0.20, Channel.WALK_IN),
    (0.12, Channel.PHONE),
    (0.18, Channel.SOCIAL_MEDIA),
    (0.05, Channel.LETTER),
)
_ONLINE = {Channel.SP4N_LAPOR, Channel.SOCIAL_MEDIA}
_PREFIX = {
    Channel.SP4N_LAPOR: "LAPOR",
    Channel.WALK_IN: "LOKET",
    Channel.PHONE: "TELP",
    Channel.SOCIAL_MEDIA: "SOSMED",
    Channel.LETTER: "SURAT",
}


def _pick(sim: Scenario, table: tuple[tuple[float, T], ...]) -> T:
    roll, total = sim.rng.random(), 0.0
    for weight, item in table:
        total += weight
        if roll < total:
            return item
    return table[-1][1]


class ComplaintDesk:
    def __init__(self, sim: Scenario) -> None:
        self.sim = sim

    def channel(self) -> Channel:
        return _pick(self.sim, CHANNELS)

    def filing_time(self, day: date, channel: Channel) -> datetime | None:
        """When a complaint through ``channel`` comes in on ``day`` (None: that channel is shut)."""
        sim = self.sim
        if channel in _ONLINE:
            minute = sim.rng.randint(6 * 60, 22 * 60)
        elif sim.is_working(day):
            minute = sim.rng.randint(8 * 60, 15 * 60)
        else:
            return None
        return datetime(day.year, day.month, day.day, tzinfo=WIB) + timedelta(minutes=minute)

    def file(
        self,
        office: OfficeState,
        when: datetime,
        *,
        topic: Topic | None = None,
        channel: Channel | None = None,
    ) -> tuple[UUID, Topic]:
        sim = self.sim
        topic = topic or _pick(sim, TOPICS)
        channel = channel or self.channel()
        reference = f"{_PREFIX[channel]}-{sim.year}-{sim.next_number('complaint'):06d}"
        complaint = sim.service.file_complaint(
            reference,
            office_code=office.code,
            channel=channel,
            subject=topic.subject,
            description=topic.description,
            confidential=sim.chance(0.3),
            service_date=when.date() - timedelta(days=sim.rng.randint(0, 10)),
            occurred_at=when,
            actor=LAPOR_DESK,
        )
        office.complaints += 1
        sim.count("complaints.filed")
        return complaint, topic

    def handle(self, office: OfficeState, complaint: UUID, topic: Topic, filed: datetime) -> None:
        """Schedule the complaint's handling: acknowledgement, classification and the rest."""
        sim = self.sim
        late = sim.chance(office.culture.late_reply)
        ack_day = sim.add_working_days(
            filed.date(), sim.rng.randint(4, 6) if late else sim.rng.randint(0, 2)
        )
        if ack_day == filed.date() and filed.hour >= 15:
            ack_day = sim.add_working_days(ack_day, 1)
        hour = 15 if ack_day == filed.date() else sim.rng.randint(8, 14)
        clerk = Actor(
            name=f"Admin Pengaduan Kelurahan {office.kelurahan.name}",
            role="admin pengaduan kelurahan",
        )
        sim.at(
            ack_day,
            hour,
            sim.rng.randint(0, 59),
            lambda: self._acknowledge(office, complaint, topic, clerk),
        )

    def _acknowledge(
        self, office: OfficeState, complaint: UUID, topic: Topic, clerk: Actor
    ) -> None:
        sim = self.sim
        sim.service.acknowledge_complaint(
            complaint, message="Pengaduan Anda telah diterima dan sedang diproses.", actor=clerk
        )
        if sim.chance(0.04):
            sim.service.classify_complaint(complaint, topic.classification, actor=clerk)
            sim.service.reject_complaint(
                complaint, reason="Bukan kewenangan kelurahan dan data tidak lengkap.", actor=clerk
            )
            sim.count("complaints.rejected")
            return
        due = sim.service.classify_complaint(complaint, topic.classification, actor=clerk)
        if topic.forward_to is not None:
            sim.service.forward_complaint(complaint, to_unit=topic.forward_to, actor=clerk)
        today = sim.today()
        budget = sim.working_days_between(today, due.due)
        if sim.chance(office.culture.late_reply):
            done = sim.add_working_days(due.due, sim.rng.randint(1, 8))
        else:
            done = sim.add_working_days(today, sim.rng.randint(0, max(0, budget)))
        respond = (
            done
            if done == today
            else sim.add_working_days(today, sim.rng.randint(0, max(0, min(budget, 3))))
        )
        respond = min(respond, done)
        sim.at(
            respond,
            sim.rng.randint(9, 11),
            sim.rng.randint(0, 59),
            lambda: sim.service.respond_to_complaint(
                complaint, response="Tindak lanjut sedang dikoordinasikan.", actor=clerk
            ),
        )
        # Longer cases get status updates on the way, as SP4N-LAPOR! asks of the handler.
        update = respond
        for _ in range(sim.rng.randint(0, 3) if budget > 5 else 0):
            update = sim.add_working_days(update, sim.rng.randint(2, 5))
            if update >= done:
                break
            sim.at(
                update,
                11,
                sim.rng.randint(0, 59),
                lambda: sim.service.respond_to_complaint(
                    complaint,
                    response="Perkembangan: tim sedang menindaklanjuti di lapangan.",
                    actor=clerk,
                ),
            )
        sim.at(done, 15, sim.rng.randint(0, 59), lambda: self._resolve(complaint, clerk))

    def _resolve(self, complaint: UUID, clerk: Actor) -> None:
        sim = self.sim
        sim.service.resolve_complaint(
            complaint,
            resolution="Permasalahan telah ditindaklanjuti dan diselesaikan.",
            actor=clerk,
        )
        sim.count("complaints.resolved")
        if sim.chance(0.03):
            reopen = sim.add_working_days(sim.today(), sim.rng.randint(1, 5))

            def again() -> None:
                sim.service.reopen_complaint(
                    complaint, reason="Pelapor menyatakan masalah belum selesai.", actor=LAPOR_DESK
                )
                sim.count("complaints.reopened")
                sim.at(
                    sim.add_working_days(sim.today(), sim.rng.randint(2, 6)),
                    14,
                    0,
                    lambda: self._resolve(complaint, clerk),
                )

            sim.at(reopen, 10, 0, again)
