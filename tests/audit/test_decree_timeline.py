"""The timeline tells the interim measures and the decree's life in Indonesian and English, with
the rules that allowed them, and passes the demo's language checks."""

from __future__ import annotations

from pelayanan import ComplianceService
from pelayanan.audit.timeline import build_timeline
from pelayanan.domain.values import Actor
from tests.scenarios.test_language import problems
from tests.test_decree import record_every_decree_event


def _cases(service: ComplianceService) -> list[str]:
    found: dict[str, None] = {}
    for n in service.recorder.select_notifications(start=1, limit=10_000):
        found.setdefault(str(n.originator_id), None)
    return list(found)


def test_the_decree_and_the_measures_read_in_both_languages(
    service: ComplianceService, clerk: Actor
) -> None:
    record_every_decree_event(service, clerk)
    texts = {
        lang: "\n".join(build_timeline(service, case, lang=lang).render()
                        for case in _cases(service))
        for lang in ("id", "en")
    }
    indonesian, english = texts["id"], texts["en"]
    for phrase in (
        "membebaskan sementara terperiksa dari tugas jabatannya",
        "pelaksana harian (Plh): Sekretaris Kelurahan Jodipan (Plh Lurah)",
        "hak-haknya tetap diberikan: ya",
        "mengakhiri pembebasan sementara pada 2024-05-03: keputusan hukuman ditetapkan",
        "kasus ditutup tanpa keputusan hukuman",
        "menghentikan pembayaran gaji mulai 2024-06-01",
        "membayarkan kembali gaji",
        "tembusan: Wali Kota Malang, Kepala BKPSDM",
        "untuk menerima keputusan hukuman pada 2024-05-03",
        "mengirim keputusan hukuman ke alamat terakhir yang diketahui pada 2024-05-04",
        "cara penyampaian: melalui kiriman ke alamat terakhir yang diketahui",
        "pp94.temporary_release@v1",
        "pp94.pay_stop@v1",
    ):
        assert phrase in indonesian, phrase
    for phrase in (
        "freed the civil servant from duties", "rights kept: yes", "copies to: Wali Kota Malang",
        "sent the decree to the last known address", "delivered: by post to the last known",
        "stopped the pay from 2024-06-01", "reinstated the pay",
    ):
        assert phrase in english, phrase
    assert problems(indonesian, "id") == []
    assert problems(english, "en", quotes_records=True) == []
