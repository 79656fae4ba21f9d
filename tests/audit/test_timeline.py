"""Timelines a lurah or an auditor can read: every event kind has a sentence in both languages."""

from __future__ import annotations

import pytest

from pelayanan.audit.narrative import PHRASES
from pelayanan.audit.timeline import build_timeline
from pelayanan.domain.errors import NotFound
from pelayanan.projections.standard.audit_trail import event_classes
from tests.audit.conftest import JODIPAN, Cases, Story


def test_every_domain_event_has_a_sentence_in_both_languages() -> None:
    missing = [cls.__qualname__ for cls in event_classes() if cls not in PHRASES]
    assert missing == []
    assert all(len(pair) == 2 and all(pair) for pair in PHRASES.values())


def test_an_office_timeline_in_indonesian_shows_business_and_recorded_times(story: Story) -> None:
    text = build_timeline(story.service, JODIPAN).render()
    lines = text.splitlines()
    assert lines[0].startswith("Riwayat kantor ")
    assert lines[1] == (
        "  1. 2024-04-22 08:00 WIB (dicatat 2024-04-22 08:00 WIB): Siti Rahayu (admin kelurahan) "
        f"mendaftarkan kantor Jodipan ({JODIPAN}), Kecamatan Blimbing."
    )
    # the back-dated assignment: happened 22 Apr 13:00, recorded 25 Apr 11:00
    assert lines[3].startswith("  3. 2024-04-22 13:00 WIB (dicatat 2024-04-25 11:00 WIB)")
    assert "menugaskan Bu Kasi (NIP 198002022005012002) sebagai kepala seksi." in lines[3]


def test_a_case_timeline_in_english_cites_legal_bases_and_rule_versions(
    story: Story, cases: Cases
) -> None:
    timeline = build_timeline(story.service, str(cases.lighter), lang="en")
    text = timeline.render()
    assert text.startswith("Timeline of disciplinary case ")
    decided = next(e for e in timeline.entries if e.text.startswith("decided"))
    assert decided.actor == "Sekretaris Daerah (pejabat yang berwenang menghukum)"
    assert decided.text.startswith(
        "decided disciplinary punishment: oral reprimand (required by the rule: written reprimand; "
        "assessment: lighter than the rule requires)"
    )
    assert decided.rules == ("pp94.attendance@v1",)
    assert decided.bases and decided.bases[0].startswith("PP 94/2021")
    assert "rule: pp94.attendance@v1" in text
    delivered = next(e for e in timeline.entries if e.text.startswith("delivered"))
    assert any(d.startswith("objection or appeal filing due ") for d in delivered.deadlines)


def test_the_indonesian_timeline_names_the_punishment_and_its_deadlines_in_indonesian(
    story: Story, cases: Cases
) -> None:
    timeline = build_timeline(story.service, str(cases.lighter))
    decided = next(e for e in timeline.entries if e.text.startswith("memutuskan"))
    assert decided.text.startswith(
        "memutuskan hukuman disiplin: teguran lisan (diwajibkan aturan: teguran tertulis; "
        "penilaian: lebih ringan dari yang diwajibkan aturan)"
    )
    delivered = next(e for e in timeline.entries if e.text.startswith("menyampaikan"))
    objection = next(d for d in delivered.deadlines if d.startswith("tenggat pengajuan keberatan"))
    # the policy's English explanation of the count is left to the English timeline
    assert "working days" not in objection and "aturan pp79.objection@v1" in objection


def test_an_unknown_id_is_not_found(story: Story) -> None:
    with pytest.raises(NotFound):
        build_timeline(story.service, "SIDAK/NONE")
