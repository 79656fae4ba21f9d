"""Every word the library shows people, in Indonesian (the default) and English.

One home for the labels of the timeline, the HTML report and the compliance board: the keyed
words per language (``WORDS``), the display labels of the domain's enums (``label``; the enum
values themselves are stable stored strings and are never shown), month names and legal
citations. Indonesian uses the legal names of PP 94/2021 and one term per concept (*kasus
disiplin*, *pengaduan*, *sidak*, *tenggat*, *hukuman*); tests/scenarios/test_language.py reads the
demo's outputs in both languages for English words, raw enum values and snake_case.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from enum import Enum
from types import MappingProxyType

import attrs

from pelayanan.domain.complaint import ComplaintStatus
from pelayanan.domain.discipline import (
    BreachKind,
    DeliveryMethod,
    ObjectionKind,
    ObjectionOutcome,
    Outcome,
    ReleaseEnd,
    SourceKind,
)
from pelayanan.domain.errors import InvalidValue
from pelayanan.domain.inspection import ReferralTarget
from pelayanan.domain.values import (
    Assessment,
    Channel,
    ComplaintClass,
    FindingKind,
    Impact,
    InspectorUnit,
    LegalBasis,
    Level,
    PermissionKind,
    ProviderSanction,
    Punishment,
    Role,
    SanctionTrack,
    ServiceComponent,
    Severity,
)

LANGUAGES: tuple[str, ...] = ("id", "en")

_ID = {
    # ------------------------------------------------------------------ report
    "title": "Laporan Kepatuhan Pelayanan Publik Kelurahan",
    "city": "Kota Malang",
    "generated": "Dibuat dari {events} peristiwa tercatat (tahun {year}).",
    "simulated": "Data simulasi: nama, NIP dan kejadian dibangkitkan oleh skenario demo; "
    "kelurahan, aturan dan kisah Jodipan adalah nyata.",
    "offices": "Kantor kelurahan",
    "inspections": "Sidak",
    "complaints": "Pengaduan",
    "cases": "Kasus disiplin",
    "flagged": "Keputusan lebih ringan dari yang diwajibkan aturan",
    "map": "Peta zona kepatuhan (57 kantor per kecamatan)",
    "zone_note": "Warna: kelompok skor papan kepatuhan (hijau 81-100, kuning 51-80,99, merah "
    "0-50,99); batasnya meminjam zona Ombudsman 2013-2021, tetapi skor ini bukan penilaian "
    "Ombudsman.",
    "hijau": "hijau",
    "kuning": "kuning",
    "merah": "merah",
    "trends": "Tren bulanan",
    "vacancies": "Kantor kosong (temuan)",
    "findings": "Temuan sidak",
    "sla": "Kinerja layanan pengaduan (SP4N-LAPOR!)",
    "first_response": "Tanggapan pertama tepat waktu",
    "class": "Klasifikasi",
    "filed": "Masuk",
    "closed": "Selesai",
    "on_time": "Tepat waktu",
    "late": "Terlambat",
    "open": "Terbuka",
    "mean_days": "Rata-rata hari",
    "channels": "Kanal pengaduan",
    "discipline": "Gambaran disiplin (PP 94/2021)",
    "by_level": "Keputusan menurut tingkat hukuman",
    "ringan": "ringan",
    "sedang": "sedang",
    "berat": "berat",
    "none": "tanpa hukuman",
    "punishment": "Hukuman",
    "count": "Jumlah",
    "flagged_list": "Keputusan yang ditandai (lebih ringan dari yang diwajibkan aturan)",
    "case": "Kasus",
    "office": "Kantor",
    "name": "Nama",
    "date": "Tanggal",
    "required": "Diwajibkan aturan",
    "decided": "Diputuskan",
    "by": "Oleh",
    "objections": "Keberatan/banding administratif",
    "sources": "Sumber kasus",
    "timeline": "Linimasa kantor",
    "choose": "Pilih kantor",
    "when": "Waktu",
    "what": "Jenis",
    "detail": "Uraian",
    "score": "Skor",
    "zone": "Zona",
    "board": "Papan kepatuhan: 10 kantor terlemah",
    "board_vacant": "Tutup/loket kosong (pengamatan)",
    # ------------------------------------------------------------------ report timeline rows
    "kind.office": "kantor",
    "kind.staff": "pegawai",
    "kind.hours": "jam pelayanan",
    "kind.standard": "standar pelayanan",
    "kind.finding": "temuan",
    "kind.complaint": "pengaduan",
    "kind.case": "kasus",
    "kind.decision": "keputusan",
    "note.registered": "kantor didaftarkan",
    "note.assigned": "+ {name} ({role})",
    "note.removed": "- NIP {nip}: {reason}",
    "note.reassigned": "NIP {nip}: {previous} menjadi {role}",
    "note.hours": "{reason}",
    "note.standard": "revisi {revision}: {document} ({complete}/14 komponen)",
    "note.finding": "{finding} (tingkat {severity}): {description}",
    "note.complaint": "{reference} [{channel}] {subject}",
    "note.closed_late": "{outcome} terlambat (tenggat {due})",
    "note.reopened": "dibuka kembali: {reason}",
    "note.opened": "{number}: {name}, pelanggaran {breach}",
    "note.decided": "{number}: {decided}",
    "note.decided_flagged": "{number}: {decided} [DITANDAI: lebih ringan dari yang diwajibkan "
    "aturan]",
    "note.delivered_late": "{number}: keputusan terlambat disampaikan",
    "note.objection_filed": "{number}: {objection} diajukan",
    "note.objection_decided": "{number}: {objection} diputus, {outcome}",
    "note.case_closed": "{number}: kasus ditutup",
    # ------------------------------------------------------------------ timeline
    "timeline.title": "Riwayat {kind} {id}",
    "timeline.recorded": "dicatat",
    "timeline.basis": "dasar hukum",
    "timeline.rule": "aturan",
    "timeline.dates": "tanggal menurut aturan",
    "timeline.estimated": "perkiraan",
    "timeline.unknown": "peristiwa {topic} (belum ada uraian)",
    "timeline.kind.Office": "kantor",
    "timeline.kind.Inspection": "sidak",
    "timeline.kind.Complaint": "pengaduan",
    "timeline.kind.DisciplinaryCase": "kasus disiplin",
    "timeline.kind.Account": "akun",
    "timeline.kind.PositionTaking": "jabatan",
    "timeline.Complaint.response_deadline": "tenggat tanggapan pertama",
    "timeline.Complaint.deadline": "tenggat penyelesaian pengaduan",
    "timeline.DisciplinaryCase.deadline": "tenggat pemeriksaan",
    "timeline.DisciplinaryCase.letter_deadline": "tenggat surat panggilan kedua",
    "timeline.Office.fix_by": "tenggat perbaikan sebelum pembebasan dari jabatan",
    "timeline.DisciplinaryCase.delivery_deadline": "tenggat penyampaian keputusan",
    "timeline.DisciplinaryCase.objection_deadline": "tenggat pengajuan keberatan atau banding",
    "timeline.DisciplinaryCase.decision_deadline": "tenggat putusan keberatan atau banding",
    "timeline.DisciplinaryCase.effective": "hukuman mulai berlaku",
    "yes": "ya",
    "no": "tidak",
    "nothing": "-",
    "sealed": "[data pribadi disegel]",
    "erased": "[dihapus]",
    "unverified": "belum diverifikasi",
    # ------------------------------------------------------------------ the demo's summary
    "board.as_of": "Papan kepatuhan per {day}",
    "board.as_of_end": "Papan kepatuhan per {day} (akhir data)",
    "register.heading": "Register disiplin per {day}{end}: {count} kasus terbuka, {overdue} lewat "
    "tenggat",
    "register.case_number": "nomor kasus",
    "register.name": "nama",
    "register.next_step": "langkah berikutnya",
    "register.due": "tenggat",
    "register.overdue": "LEWAT TENGGAT",
    "register.empty": "(tidak ada kasus terbuka)",
    "complaints.heading": "Pengaduan terbuka per {day}{end}: {count}, {overdue} lewat tenggat",
    "complaints.overdue_heading": "Pengaduan lewat tenggat per {day}{end}: {count}",
    "complaints.reference": "nomor pengaduan",
    "complaints.office": "kantor",
    "complaints.status": "status",
    "complaints.due": "tenggat",
    "complaints.days_late": "hari terlambat",
    "complaints.empty": "(tidak ada)",
    "data_end": " (akhir data)",
    "step.summon": "panggil secara tertulis",
    "step.second_summons": "kirim panggilan kedua",
    "step.decide_on_evidence": "putuskan berdasarkan bukti yang ada, tanpa pemeriksaan",
    "step.decide": "putuskan",
    "step.examine": "periksa PNS atau terima klarifikasinya",
    "step.deliver": "sampaikan keputusan secara tertutup",
    "step.decide_objection": "putuskan keberatan",
    "step.record_effect": "catat mulai berlakunya hukuman",
    "step.record_completion": "catat selesainya hukuman",
    "step.close": "tutup kasus",
    "board.kecamatan": "Kecamatan",
    "board.weakest": "10 kantor terlemah",
    "board.office": "Kantor",
    "board.open": "terbuka",
    "board.empty": "(belum ada kantor tercatat)",
    "board.sidak": "sidak",
    "board.vacant": "kosong",
    "board.findings": "temuan",
    "board.complaints": "pengaduan",
    "board.late": "terlambat",
    "board.cases": "kasus",
    "board.score": "skor",
    "board.zone": "zona",
    "summary.integrity": "integritas: {verdict} ({events} peristiwa diperiksa, {checkpoints} "
    "titik periksa)",
    "summary.intact": "UTUH",
    "summary.broken": "RUSAK",
    "summary.flagged": "keputusan lebih ringan dari yang diwajibkan aturan (ditandai): {flagged} "
    "dari {decisions}",
    "summary.report": "laporan: {path}",
}

_EN = {
    # ------------------------------------------------------------------ report
    "title": "Kelurahan Public-Service Compliance Report",
    "city": "Kota Malang",
    "generated": "Built from {events} recorded events (year {year}).",
    "simulated": "Simulated data: names, NIPs and incidents are generated by the demo scenario; "
    "the kelurahan, the rules and the Jodipan story are real.",
    "offices": "Kelurahan offices",
    "inspections": "Sidak (inspections)",
    "complaints": "Complaints",
    "cases": "Disciplinary cases",
    "flagged": "Decisions lighter than the rule requires",
    "map": "Compliance zones (57 offices by kecamatan)",
    "zone_note": "Colour: band of this library's compliance board score (green 81-100, yellow "
    "51-80.99, red 0-50.99; cut-offs borrowed from the Ombudsman's 2013-2021 zones, not an "
    "Ombudsman assessment).",
    "hijau": "green",
    "kuning": "yellow",
    "merah": "red",
    "trends": "Monthly trends",
    "vacancies": "Office vacant (findings)",
    "findings": "Sidak findings",
    "sla": "Complaint service levels (SP4N-LAPOR!)",
    "first_response": "First response on time",
    "class": "Classification",
    "filed": "Filed",
    "closed": "Closed",
    "on_time": "On time",
    "late": "Late",
    "open": "Open",
    "mean_days": "Mean days",
    "channels": "Complaint channels",
    "discipline": "Discipline (PP 94/2021)",
    "by_level": "Decisions by punishment level",
    "ringan": "light",
    "sedang": "medium",
    "berat": "heavy",
    "none": "no punishment",
    "punishment": "Punishment",
    "count": "Count",
    "flagged_list": "Flagged decisions (lighter than the rule requires)",
    "case": "Case",
    "office": "Office",
    "name": "Name",
    "date": "Date",
    "required": "Required by the rule",
    "decided": "Decided",
    "by": "By",
    "objections": "Objections/administrative appeals",
    "sources": "Case sources",
    "timeline": "Office timeline",
    "choose": "Choose an office",
    "when": "When",
    "what": "Kind",
    "detail": "Detail",
    "score": "Score",
    "zone": "Zone",
    "board": "Compliance board: the 10 weakest offices",
    "board_vacant": "Closed/counter unstaffed (observations)",
    # ------------------------------------------------------------------ report timeline rows
    "kind.office": "office",
    "kind.staff": "staff",
    "kind.hours": "service hours",
    "kind.standard": "service standard",
    "kind.finding": "finding",
    "kind.complaint": "complaint",
    "kind.case": "case",
    "kind.decision": "decision",
    "note.registered": "office registered",
    "note.assigned": "+ {name} ({role})",
    "note.removed": "- NIP {nip}: {reason}",
    "note.reassigned": "NIP {nip}: {previous} to {role}",
    "note.hours": "{reason}",
    "note.standard": "revision {revision}: {document} ({complete}/14 components)",
    "note.finding": "{finding} (severity {severity}): {description}",
    "note.complaint": "{reference} [{channel}] {subject}",
    "note.closed_late": "{outcome} late (deadline {due})",
    "note.reopened": "reopened: {reason}",
    "note.opened": "{number}: {name}, breach of {breach}",
    "note.decided": "{number}: {decided}",
    "note.decided_flagged": "{number}: {decided} [FLAGGED: lighter than the rule requires]",
    "note.delivered_late": "{number}: decision delivered late",
    "note.objection_filed": "{number}: {objection} filed",
    "note.objection_decided": "{number}: {objection} decided, {outcome}",
    "note.case_closed": "{number}: case closed",
    # ------------------------------------------------------------------ timeline
    "timeline.title": "Timeline of {kind} {id}",
    "timeline.recorded": "recorded",
    "timeline.basis": "legal basis",
    "timeline.rule": "rule",
    "timeline.dates": "dates set by rules",
    "timeline.estimated": "estimated",
    "timeline.unknown": "event {topic} (no narrative yet)",
    "timeline.kind.Office": "office",
    "timeline.kind.Inspection": "inspection",
    "timeline.kind.Complaint": "complaint",
    "timeline.kind.DisciplinaryCase": "disciplinary case",
    "timeline.kind.Account": "account",
    "timeline.kind.PositionTaking": "position",
    "timeline.Complaint.response_deadline": "first response due",
    "timeline.Complaint.deadline": "resolution due",
    "timeline.DisciplinaryCase.deadline": "examination due",
    "timeline.DisciplinaryCase.letter_deadline": "second summons letter due",
    "timeline.Office.fix_by": "failure to be fixed by (else release from office)",
    "timeline.DisciplinaryCase.delivery_deadline": "decision delivery due",
    "timeline.DisciplinaryCase.objection_deadline": "objection or appeal filing due",
    "timeline.DisciplinaryCase.decision_deadline": "objection or appeal decision due",
    "timeline.DisciplinaryCase.effective": "punishment takes effect",
    "yes": "yes",
    "no": "no",
    "nothing": "-",
    "sealed": "[sealed personal data]",
    "erased": "[erased]",
    "unverified": "unverified",
    # ------------------------------------------------------------------ the demo's summary
    "board.as_of": "Compliance board as of {day}",
    "board.as_of_end": "Compliance board as of {day} (the end of the data)",
    "register.heading": "Discipline register as of {day}{end}: {count} open cases, {overdue} "
    "overdue",
    "register.case_number": "case number",
    "register.name": "name",
    "register.next_step": "next step",
    "register.due": "due",
    "register.overdue": "OVERDUE",
    "register.empty": "(no open cases)",
    "complaints.heading": "Open complaints as of {day}{end}: {count}, {overdue} overdue",
    "complaints.overdue_heading": "Overdue complaints as of {day}{end}: {count}",
    "complaints.reference": "reference",
    "complaints.office": "office",
    "complaints.status": "status",
    "complaints.due": "due",
    "complaints.days_late": "days late",
    "complaints.empty": "(none)",
    "data_end": " (the end of the data)",
    "step.summon": "summon in writing",
    "step.second_summons": "send a second summons",
    "step.decide_on_evidence": "decide on the evidence available, without examination",
    "step.decide": "decide",
    "step.examine": "examine the civil servant or receive the clarification",
    "step.deliver": "deliver the decision privately",
    "step.decide_objection": "decide the objection",
    "step.record_effect": "record when the punishment takes effect",
    "step.record_completion": "record completion of the punishment",
    "step.close": "close the case",
    "board.kecamatan": "Kecamatan",
    "board.weakest": "10 weakest offices",
    "board.office": "Office",
    "board.open": "open",
    "board.empty": "(no offices recorded)",
    "board.sidak": "sidak",
    "board.vacant": "vacant",
    "board.findings": "findings",
    "board.complaints": "complaints",
    "board.late": "late",
    "board.cases": "cases",
    "board.score": "score",
    "board.zone": "zone",
    "summary.integrity": "integrity: {verdict} ({events} events checked, {checkpoints} "
    "checkpoint(s))",
    "summary.intact": "INTACT",
    "summary.broken": "BROKEN",
    "summary.flagged": "decisions lighter than the rule requires (flagged): {flagged} of "
    "{decisions}",
    "summary.report": "report: {path}",
}

WORDS: Mapping[str, Mapping[str, str]] = MappingProxyType(
    {"id": MappingProxyType(_ID), "en": MappingProxyType(_EN)}
)
"""The keyed words of each language; both languages have the same keys (a test checks)."""

_MONTHS = {
    "id": (
        "Januari", "Februari", "Maret", "April", "Mei", "Juni",
        "Juli", "Agustus", "September", "Oktober", "November", "Desember",
    ),
    "en": (
        "January", "February", "March", "April", "May", "June",
        "July", "August", "September", "October", "November", "December",
    ),
}  # fmt: skip

_SHORT_MONTHS = {
    "id": ("Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov", "Des"),
    "en": ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"),
}

# (Indonesian, English) for every member of every enum an output can show. PP 94/2021 names
# the punishments; the English is a translation for readers, not a legal name.
_LABELS: dict[Enum, tuple[str, str]] = {
    Punishment.TEGURAN_LISAN: ("teguran lisan", "oral reprimand"),
    Punishment.TEGURAN_TERTULIS: ("teguran tertulis", "written reprimand"),
    Punishment.PERNYATAAN_TIDAK_PUAS: (
        "pernyataan tidak puas secara tertulis",
        "written statement of dissatisfaction",
    ),
    Punishment.TUKIN_25_6: (
        "pemotongan tunjangan kinerja sebesar 25% selama 6 bulan",
        "performance allowance cut by 25% for 6 months",
    ),
    Punishment.TUKIN_25_9: (
        "pemotongan tunjangan kinerja sebesar 25% selama 9 bulan",
        "performance allowance cut by 25% for 9 months",
    ),
    Punishment.TUKIN_25_12: (
        "pemotongan tunjangan kinerja sebesar 25% selama 12 bulan",
        "performance allowance cut by 25% for 12 months",
    ),
    Punishment.PP53_PENUNDAAN_KGB: (
        "penundaan kenaikan gaji berkala selama 1 tahun",
        "periodic salary increase postponed for 1 year",
    ),
    Punishment.PP53_PENUNDAAN_PANGKAT: (
        "penundaan kenaikan pangkat selama 1 tahun",
        "promotion in rank postponed for 1 year",
    ),
    Punishment.PP53_PENURUNAN_PANGKAT: (
        "penurunan pangkat setingkat lebih rendah selama 1 tahun",
        "demotion by one rank for 1 year",
    ),
    Punishment.PENURUNAN_JABATAN: (
        "penurunan jabatan setingkat lebih rendah selama 12 bulan",
        "demotion to a position one level lower for 12 months",
    ),
    Punishment.PEMBEBASAN_JABATAN: (
        "pembebasan dari jabatannya menjadi jabatan pelaksana selama 12 bulan",
        "release from the position to an executive position for 12 months",
    ),
    Punishment.PDH: (
        "pemberhentian dengan hormat tidak atas permintaan sendiri sebagai PNS",
        "honourable dismissal as a civil servant, not at own request",
    ),
    Level.RINGAN: ("ringan", "light"),
    Level.SEDANG: ("sedang", "medium"),
    Level.BERAT: ("berat", "heavy"),
    SanctionTrack.PP94_DISCIPLINE: (
        "hukuman disiplin menurut PP 94/2021",
        "a discipline punishment under PP 94/2021",
    ),
    SanctionTrack.UU25_PROVIDER: (
        "sanksi bagi pelaksana pelayanan publik menurut UU 25/2009 Pasal 54",
        "a sanction on a public-service provider under UU 25/2009 Pasal 54",
    ),
    ProviderSanction.TEGURAN_TERTULIS: ("teguran tertulis", "written reprimand"),
    ProviderSanction.PEMBEBASAN_DARI_JABATAN: (
        "pembebasan dari jabatan",
        "release from office",
    ),
    Outcome.DISMISSED: ("tidak dijatuhi hukuman", "no punishment"),
    Outcome.ADMINISTRATIVE_WARNING: ("peringatan administratif", "administrative warning"),
    Outcome.PUNISHMENT: ("hukuman disiplin", "disciplinary punishment"),
    Assessment.LIGHTER: (
        "lebih ringan dari yang diwajibkan aturan",
        "lighter than the rule requires",
    ),
    Assessment.WITHIN: ("sesuai aturan", "as the rule requires"),
    Assessment.HEAVIER: (
        "lebih berat dari yang diwajibkan aturan",
        "heavier than the rule requires",
    ),
    ObjectionKind.KEBERATAN: ("keberatan", "objection"),
    ObjectionKind.BANDING: ("banding administratif", "administrative appeal"),
    ObjectionOutcome.UPHELD: ("keputusan dikuatkan", "decision upheld"),
    ObjectionOutcome.CHANGED: ("keputusan diubah", "decision changed"),
    ObjectionOutcome.ANNULLED: ("keputusan dibatalkan", "decision annulled"),
    DeliveryMethod.IN_PERSON: ("secara langsung", "in person"),
    DeliveryMethod.SENT: (
        "melalui kiriman ke alamat terakhir yang diketahui",
        "by post to the last known address",
    ),
    ReleaseEnd.DECREE_SET: ("keputusan hukuman ditetapkan", "the decree was set"),
    ReleaseEnd.CASE_CLOSED: (
        "kasus ditutup tanpa keputusan hukuman",
        "the case closed without a decree",
    ),
    SourceKind.FINDING: ("temuan sidak", "sidak finding"),
    SourceKind.COMPLAINT: ("pengaduan", "complaint"),
    SourceKind.ATTENDANCE_REPORT: ("rekap kehadiran", "attendance report"),
    SourceKind.OTHER: ("lainnya", "other"),
    BreachKind.ATTENDANCE: (
        "kewajiban masuk kerja dan menaati jam kerja",
        "the duty to come to work and keep working hours",
    ),
    BreachKind.OTHER_OBLIGATION: ("kewajiban lain", "another duty"),
    BreachKind.PROHIBITION: ("larangan", "a prohibition"),
    Impact.UNIT_KERJA: ("unit kerja", "the work unit"),
    Impact.INSTANSI: ("instansi", "the agency"),
    Impact.NEGARA: ("negara", "the state"),
    ReferralTarget.DISCIPLINARY_CASE: ("kasus disiplin", "disciplinary case"),
    ReferralTarget.COMPLAINT: ("pengaduan", "complaint"),
    Role.LURAH: ("lurah", "lurah"),
    Role.SEKLUR: ("sekretaris kelurahan", "kelurahan secretary"),
    Role.KASI: ("kepala seksi", "section head"),
    Role.STAFF: ("staf", "staff"),
    InspectorUnit.INSPEKTORAT: ("Inspektorat", "Inspektorat"),
    InspectorUnit.BKPSDM: ("BKPSDM", "BKPSDM"),
    InspectorUnit.ASISTEN: ("Asisten I", "Asisten I"),
    InspectorUnit.OTHER: ("unit lain", "another unit"),
    PermissionKind.IZIN: ("izin", "permission"),
    PermissionKind.CUTI: ("cuti", "leave"),
    PermissionKind.DINAS_LUAR: ("dinas luar", "official duty outside the office"),
    PermissionKind.SAKIT: ("sakit", "sick leave"),
    FindingKind.OFFICE_VACANT: ("kantor kosong", "office vacant"),
    FindingKind.STAFF_ABSENT_WITHOUT_PERMISSION: (
        "pegawai tidak hadir tanpa izin",
        "staff absent without permission",
    ),
    FindingKind.COUNTER_UNSTAFFED: ("loket tidak dijaga", "counter unstaffed"),
    FindingKind.STANDARD_NOT_DISPLAYED: (
        "standar pelayanan tidak dipajang",
        "service standard not displayed",
    ),
    FindingKind.OFFICE_CLOSED_EARLY: ("kantor tutup lebih awal", "office closed early"),
    FindingKind.OTHER: ("lainnya", "other"),
    Severity.LOW: ("rendah", "low"),
    Severity.MEDIUM: ("sedang", "medium"),
    Severity.HIGH: ("tinggi", "high"),
    Channel.SP4N_LAPOR: ("SP4N-LAPOR!", "SP4N-LAPOR!"),
    Channel.WALK_IN: ("datang langsung", "in person"),
    Channel.PHONE: ("telepon", "phone"),
    Channel.SOCIAL_MEDIA: ("media sosial", "social media"),
    Channel.LETTER: ("surat", "letter"),
    ComplaintClass.INFORMATION_REQUEST: ("permintaan informasi", "information request"),
    ComplaintClass.COMPLAINT: ("pengaduan", "complaint"),
    ComplaintClass.DISPUTE: (
        "sengketa tanpa peninjauan lapangan",
        "dispute without a field check",
    ),
    ComplaintClass.DISPUTE_FIELD_CHECK: (
        "sengketa dengan peninjauan lapangan",
        "dispute with a field check",
    ),
    ComplaintStatus.FILED: ("diterima", "filed"),
    ComplaintStatus.ACKNOWLEDGED: ("tanda terima diberikan", "acknowledged"),
    ComplaintStatus.CLASSIFIED: ("digolongkan", "classified"),
    ComplaintStatus.FORWARDED: ("diteruskan", "forwarded"),
    ComplaintStatus.RESPONDED: ("ditanggapi", "responded"),
    ComplaintStatus.RESOLVED: ("diselesaikan", "resolved"),
    ComplaintStatus.REJECTED: ("ditolak", "rejected"),
    ServiceComponent.PERSYARATAN: ("persyaratan", "requirements"),
    ServiceComponent.PROSEDUR: (
        "sistem, mekanisme dan prosedur",
        "system, mechanism and procedure",
    ),
    ServiceComponent.JANGKA_WAKTU: ("jangka waktu pelayanan", "service time"),
    ServiceComponent.BIAYA: ("biaya/tarif", "cost/tariff"),
    ServiceComponent.PRODUK: ("produk pelayanan", "service product"),
    ServiceComponent.PENGADUAN: (
        "penanganan pengaduan, saran dan masukan",
        "handling of complaints, suggestions and feedback",
    ),
    ServiceComponent.DASAR_HUKUM: ("dasar hukum", "legal basis"),
    ServiceComponent.SARANA: ("sarana dan prasarana", "facilities and infrastructure"),
    ServiceComponent.KOMPETENSI: ("kompetensi pelaksana", "staff competence"),
    ServiceComponent.PENGAWASAN: ("pengawasan internal", "internal supervision"),
    ServiceComponent.JUMLAH_PELAKSANA: ("jumlah pelaksana", "number of staff"),
    ServiceComponent.JAMINAN_PELAYANAN: ("jaminan pelayanan", "service guarantee"),
    ServiceComponent.JAMINAN_KEAMANAN: (
        "jaminan keamanan dan keselamatan pelayanan",
        "security and safety guarantee",
    ),
    ServiceComponent.EVALUASI: ("evaluasi kinerja pelaksana", "staff performance evaluation"),
}

LABELLED: tuple[type[Enum], ...] = tuple(dict.fromkeys(type(member) for member in _LABELS))
"""The enums whose members have display labels (a test checks that every member has one)."""


def check_language(lang: str) -> str:
    """``lang`` if it is one of :data:`LANGUAGES`, else :class:`InvalidValue` naming it."""
    if lang not in WORDS:
        raise InvalidValue(f"language must be one of {', '.join(LANGUAGES)}, got {lang!r}")
    return lang


def label(member: Enum, lang: str) -> str:
    """The display label of an enum member, e.g. ``Punishment.TEGURAN_LISAN`` -> "teguran lisan".

    A member without a label reads as its value with spaces (a test keeps that from happening
    for any enum in :data:`LABELLED`).
    """
    pair = _LABELS.get(member)
    if pair is None:
        return str(member.value).replace("_", " ")
    return pair[LANGUAGES.index(check_language(lang))]


def month_year(day: date, lang: str) -> str:
    """``Januari 2024`` / ``January 2024``."""
    return f"{_MONTHS[check_language(lang)][day.month - 1]} {day.year}"


def short_month(month: int, lang: str) -> str:
    """``Agu`` / ``Aug`` for month 8, for chart axes."""
    return _SHORT_MONTHS[check_language(lang)][month - 1]


def number(value: int, lang: str) -> str:
    """A whole number with thousands grouped as ``lang`` writes them: 4.737 / 4,737."""
    grouped = f"{value:,}"
    return grouped.replace(",", ".") if check_language(lang) == "id" else grouped


def decimal(value: float, lang: str, places: int = 2) -> str:
    """A decimal as ``lang`` writes it: 82,50 / 82.50."""
    text = f"{value:.{places}f}"
    return text.replace(".", ",") if check_language(lang) == "id" else text


def cite(basis: LegalBasis, lang: str) -> str:
    """A legal citation in Indonesian style, with the "unverified" mark in ``lang``."""
    text = attrs.evolve(basis, verified=True).cite()
    return text if basis.verified else f"{text} [{WORDS[check_language(lang)]['unverified']}]"
