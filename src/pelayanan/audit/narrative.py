"""How each kind of event is told to a reader, in Indonesian and English: one entry per event.

Each entry is a pair of ``str.format`` templates over the event's own fields (``{member.name}``,
``{decision.outcome}``); the actor opens the sentence and the times, legal bases, rule versions
and deadlines are added by :mod:`pelayanan.audit.timeline` for every event alike. Enum fields read
as their labels in :mod:`pelayanan.i18n`; the timeline ends each sentence with one full stop.
Adding an event class to the domain means adding one entry here; a test fails until it is added.
"""

from __future__ import annotations

from pelayanan.domain.account import Account, PositionTaking
from pelayanan.domain.complaint import Complaint
from pelayanan.domain.discipline import DisciplinaryCase
from pelayanan.domain.inspection import Inspection
from pelayanan.domain.office import Office

Phrase = tuple[str, str]
"""(Indonesian, English)."""

PHRASES: dict[type, Phrase] = {
    # ---------------------------------------------------------------- office
    Office.Registered: (
        "mendaftarkan kantor {name} ({code}), Kecamatan {kecamatan}",
        "registered the office {name} ({code}), kecamatan {kecamatan}",
    ),
    Office.ServiceHoursSet: (
        "menetapkan jam pelayanan baru; alasan: {reason}",
        "set new service hours; reason: {reason}",
    ),
    Office.StaffAssigned: (
        "menugaskan {member.name} (NIP {member.nip}) sebagai {member.role}",
        "assigned {member.name} (NIP {member.nip}) as {member.role}",
    ),
    Office.StaffReassigned: (
        "memindahkan NIP {nip} dari {previous_role} menjadi {role}",
        "moved NIP {nip} from {previous_role} to {role}",
    ),
    Office.StaffRemoved: (
        "mencatat NIP {nip} tidak lagi bertugas; alasan: {reason}",
        "recorded that NIP {nip} no longer works here; reason: {reason}",
    ),
    Office.ServiceStandardPublished: (
        "menerbitkan standar pelayanan revisi {revision} ({standard.document})",
        "published service standard revision {revision} ({standard.document})",
    ),
    Office.PermissionRecorded: (
        "mencatat {permission.kind} untuk NIP {permission.nip}; alasan: {permission.reason}",
        "recorded {permission.kind} for NIP {permission.nip}; reason: {permission.reason}",
    ),
    Office.ProviderSanctioned: (
        "memberikan {sanction} ({reference}) kepada NIP {nip}, sebagai {track}; alasan: "
        "{reason}",
        "gave a {sanction} ({reference}) to NIP {nip}, as {track}; reason: {reason}",
    ),
    Office.ProviderFailureFixed: (
        "mencatat perbaikan atas {reference} pada {fixed_on}: {note}",
        "recorded that the failure named in {reference} was fixed on {fixed_on}: {note}",
    ),
    # ---------------------------------------------------------------- inspection (sidak)
    Inspection.Started: (
        "memulai sidak {reference} di kantor {office_code}",
        "started the sidak (unannounced inspection) {reference} at office {office_code}",
    ),
    Inspection.ObservationRecorded: (
        "mencatat pengamatan ke-{number} pada {observation.at}: kantor buka "
        "{observation.office_open}, loket terisi {observation.counter_staffed}",
        "recorded observation {number} at {observation.at}: office open "
        "{observation.office_open}, counter staffed {observation.counter_staffed}",
    ),
    Inspection.FindingRecorded: (
        "mencatat temuan ke-{finding.number} ({finding.kind}, tingkat {finding.severity}): "
        "{finding.description}",
        "recorded finding {finding.number} ({finding.kind}, severity {finding.severity}): "
        "{finding.description}",
    ),
    Inspection.Concluded: (
        "menutup sidak; ringkasan: {summary}",
        "concluded the sidak; summary: {summary}",
    ),
    Inspection.FindingAmended: (
        "mengoreksi temuan ke-{corrects}; alasan: {reason}",
        "corrected finding {corrects}; reason: {reason}",
    ),
    Inspection.FindingReferred: (
        "meneruskan temuan ke-{referral.finding} sebagai {referral.target} baru",
        "referred finding {referral.finding} as a new {referral.target}",
    ),
    # ---------------------------------------------------------------- complaint
    Complaint.Filed: (
        "menerima pengaduan {reference} melalui {channel} tentang kantor {office_code}: {subject}",
        "received complaint {reference} via {channel} about office {office_code}: {subject}",
    ),
    Complaint.Acknowledged: (
        "memberi tanda terima pengaduan: {message}",
        "acknowledged the complaint: {message}",
    ),
    Complaint.Classified: (
        "menggolongkan pengaduan sebagai {classification}",
        "classified the complaint as {classification}",
    ),
    Complaint.Forwarded: (
        "meneruskan pengaduan ke {to_unit}",
        "forwarded the complaint to {to_unit}",
    ),
    Complaint.Responded: ("menanggapi: {response}", "responded: {response}"),
    Complaint.Resolved: (
        "menyelesaikan pengaduan: {resolution}",
        "resolved the complaint: {resolution}",
    ),
    Complaint.Rejected: (
        "menolak pengaduan; alasan: {reason}",
        "rejected the complaint; reason: {reason}",
    ),
    Complaint.EscalatedToInspection: (
        "meningkatkan pengaduan menjadi sidak {inspection_id}",
        "escalated the complaint to sidak {inspection_id}",
    ),
    Complaint.Reopened: (
        "membuka kembali pengaduan; alasan: {reason}",
        "reopened the complaint; reason: {reason}",
    ),
    # ---------------------------------------------------------------- disciplinary case
    DisciplinaryCase.Opened: (
        "membuka kasus disiplin {case_number} atas {name} (NIP {nip}), kantor {office_code}, "
        "sumber: {source.kind}; pelanggaran {breach.kind}: {breach.description}",
        "opened disciplinary case {case_number} against {name} (NIP {nip}), office {office_code}, "
        "source: {source.kind}; breach of {breach.kind}: {breach.description}",
    ),
    DisciplinaryCase.ClarificationRequested: (
        "memanggil secara tertulis (panggilan ke-{summons}, surat tanggal {letter_date}) untuk "
        "pemeriksaan pada {examination_date}",
        "summoned in writing (summons {summons}, letter of {letter_date}) for examination on "
        "{examination_date}",
    ),
    DisciplinaryCase.ClarificationReceived: (
        "menerima klarifikasi: {statement}",
        "received the clarification: {statement}",
    ),
    DisciplinaryCase.NoShowRecorded: (
        "mencatat ketidakhadiran pada panggilan ke-{summons}",
        "recorded a no-show at summons {summons}",
    ),
    DisciplinaryCase.ExaminationRecorded: (
        "mencatat pemeriksaan, berita acara {bap_reference} (ditandatangani terperiksa: "
        "{signed_by_subject})",
        "recorded the examination, BAP (examination report) {bap_reference} (signed by the "
        "civil servant examined: {signed_by_subject})",
    ),
    DisciplinaryCase.TimPemeriksaFormed: (
        "mencatat pembentukan tim pemeriksa dengan keputusan {decree} (anggota: {members})",
        "recorded the tim pemeriksa (examining team) formed by decree {decree} (members: "
        "{members})",
    ),
    DisciplinaryCase.StatementRecorded: (
        "mencatat keterangan dari {given_by}, tersimpan di {reference}",
        "recorded a statement from {given_by}, kept in {reference}",
    ),
    DisciplinaryCase.BapReported: (
        "melaporkan berita acara pemeriksaan kepada atasan (jabatan {reported_to}) karena "
        "hukuman yang diperkirakan, {expected}, di luar kewenangan atasan langsung",
        "reported the BAP up (to position {reported_to}) because the punishment expected, "
        "{expected}, is beyond the atasan langsung's authority",
    ),
    DisciplinaryCase.AuthorityRecorded: (
        "mencatat kewenangan pejabat yang memutus (aturan {authority.rule})",
        "recorded the deciding official's authority (rule {authority.rule})",
    ),
    DisciplinaryCase.BapCopyGiven: (
        "mencatat salinan berita acara pemeriksaan diterima terperiksa pada {given_on}",
        "recorded that the civil servant received a copy of the BAP on {given_on}",
    ),
    DisciplinaryCase.Decided: (
        "memutuskan {decision} (diwajibkan aturan: {decision.required}; penilaian: "
        "{decision.assessment}); alasan: {decision.reason}",
        "decided {decision} (required by the rule: {decision.required}; assessment: "
        "{decision.assessment}); reason: {decision.reason}",
    ),
    DisciplinaryCase.DecisionDelivered: (
        "menyampaikan keputusan pada {delivered_on} (cara penyampaian: {method}; terlambat: "
        "{late})",
        "delivered the decision on {delivered_on} (delivered: {method}; late: {late})",
    ),
    DisciplinaryCase.TemporarilyReleased: (
        "membebaskan sementara terperiksa dari tugas jabatannya sejak {released_from} sampai "
        "keputusan hukuman ditetapkan (hukuman yang diperkirakan: {expected_level}); pelaksana "
        "harian (Plh): {acting_official}; hak-haknya tetap diberikan: {rights_kept}",
        "freed the civil servant from duties from {released_from} until the decree (punishment "
        "expected: {expected_level}); acting official (Plh): {acting_official}; rights kept: "
        "{rights_kept}",
    ),
    DisciplinaryCase.TemporaryReleaseEnded: (
        "mengakhiri pembebasan sementara pada {ended_on}: {because}",
        "ended the temporary release from duties on {ended_on}: {because}",
    ),
    DisciplinaryCase.PayStopped: (
        "menghentikan pembayaran gaji mulai {stops_from} (perintah tanggal {ordered_on}) karena "
        "tidak masuk kerja {consecutive_days} hari kerja berturut-turut",
        "stopped the pay from {stops_from} (order of {ordered_on}) after {consecutive_days} "
        "consecutive working days absent",
    ),
    DisciplinaryCase.PayReinstated: (
        "membayarkan kembali gaji karena terperiksa kembali bekerja pada {returned_on}",
        "reinstated the pay: the civil servant returned to work on {returned_on}",
    ),
    DisciplinaryCase.DecreeSet: (
        "mencatat keputusan hukuman disiplin nomor {decree.number} yang ditetapkan pada "
        "{decree.set_on} oleh {decree.set_by.name}; tembusan: {decree.copies_to}",
        "recorded the punishment decree {decree.number}, set on {decree.set_on} by "
        "{decree.set_by.name}; copies to: {decree.copies_to}",
    ),
    DisciplinaryCase.DecreeReceiptSummoned: (
        "memanggil terperiksa secara tertulis (surat tanggal {letter_date}) untuk menerima "
        "keputusan hukuman pada {receive_on}",
        "summoned the civil servant in writing (letter of {letter_date}) to receive the decree "
        "on {receive_on}",
    ),
    DisciplinaryCase.DecreeSent: (
        "mengirim keputusan hukuman ke alamat terakhir yang diketahui pada {sent_on} karena "
        "terperiksa tidak hadir untuk menerimanya (bukti pengiriman {dispatch_reference})",
        "sent the decree to the last known address on {sent_on}, as the civil servant did not "
        "come to receive it (dispatch record {dispatch_reference})",
    ),
    DisciplinaryCase.ObjectionFiled: (
        "mencatat {objection} yang diajukan pada {filed_on}: {grounds}",
        "recorded an {objection} filed on {filed_on}: {grounds}",
    ),
    DisciplinaryCase.ObjectionDecided: (
        "memutus upaya administratif: {outcome}; hukuman pengganti: {punishment}; melewati "
        "tenggat putusan: {late}; hukuman yang telah berlaku dihentikan pada: {stops_on}; "
        "alasan: {reason}",
        "decided the administrative objection or appeal: {outcome}; new punishment: "
        "{punishment}; after the decision window: {late}; punishment in effect stopped on: "
        "{stops_on}; reason: {reason}",
    ),
    DisciplinaryCase.PunishmentTookEffect: (
        "mencatat hukuman berlaku sejak {effective_from} sampai {until}",
        "recorded that the punishment took effect from {effective_from} until {until}",
    ),
    DisciplinaryCase.PunishmentCompleted: (
        "mencatat hukuman selesai dijalani pada {completed_on}",
        "recorded that the punishment was completed on {completed_on}",
    ),
    DisciplinaryCase.Closed: (
        "menutup kasus; alasan: {reason}",
        "closed the case; reason: {reason}",
    ),
    # ---------------------------------------------------------------- account (the front door)
    # Never the password hash or a token's digest: only that they were set or issued.
    Account.Created: (
        "membuat akun {name}",
        "created the account {name}",
    ),
    Account.PasswordSet: (
        "menetapkan kata sandi akun",
        "set the account's password",
    ),
    Account.RoleGranted: (
        "memberikan peran {role} (kantor: {office})",
        "granted the role {role} (office: {office})",
    ),
    Account.RoleRevoked: (
        "mencabut peran {role} (kantor: {office})",
        "revoked the role {role} (office: {office})",
    ),
    Account.Disabled: (
        "menonaktifkan akun; alasan: {reason}",
        "disabled the account; reason: {reason}",
    ),
    Account.Enabled: (
        "mengaktifkan kembali akun",
        "enabled the account again",
    ),
    Account.TokenIssued: (
        "menerbitkan token API {token_id} ({label})",
        "issued the API token {token_id} ({label})",
    ),
    Account.TokenRevoked: (
        "mencabut token API {token_id}",
        "revoked the API token {token_id}",
    ),
    Account.PositionAssigned: (
        "menetapkan jabatan akun: {position}",
        "gave the account the position {position}",
    ),
    Account.PositionCleared: (
        "mencabut jabatan akun",
        "cleared the account's position",
    ),
    # Who took a position through an account (what keeps one enabled account per position).
    PositionTaking.Created: (
        "mulai mencatat pemegang jabatan {position}",
        "began the record of who takes the position {position}",
    ),
    PositionTaking.Taken: (
        "mencatat jabatan ini diambil oleh akun {account}",
        "recorded that the account {account} took this position",
    ),
}
