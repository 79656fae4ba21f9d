"""The API routes of the interim measures and the decree's life: each records its fact with the
signed-in account as the actor, and a step the procedure forbids is a 409 naming the error,
with nothing recorded."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from litestar.testing import TestClient

from pelayanan.domain.values import WIB
from tests.web.test_api import CASE, _post
from tests.web.test_api_commands import _refused, _summon, _timeline


def test_release_pay_stop_and_the_decree_through_the_api(
    client: TestClient,  # type: ignore[type-arg]
    tokens: dict[str, str],
) -> None:
    today = datetime.now(WIB).date().isoformat()
    opened = _post(client, tokens["analis1"], "/api/cases", {
        **CASE, "case_number": "BKPSDM/SK/1", "days_absent": 22, "consecutive_days": 10,
    })
    assert opened.status_code == 201, opened.text
    case = opened.json()["id"]
    base = f"/api/cases/{case}"

    def post(account: str, step: str, body: dict[str, Any]) -> Any:
        return _post(client, tokens[account], f"{base}/{step}", body)

    def refused(account: str, step: str, body: dict[str, Any], error: str) -> None:
        before = len(_timeline(client, tokens, case))
        assert _refused(post(account, step, body)) == error
        assert len(_timeline(client, tokens, case)) == before

    stopped = post("analis1", "pay-stop", {"ordered_on": today})
    assert stopped.status_code == 201, stopped.text
    assert stopped.json()["stops_from"] > today
    release = {"released_from": today, "acting_official": "Sekretaris Kelurahan (Plh)"}
    refused("lurah1", "temporary-release", release, "TemporaryReleaseRefused")
    _summon(client, tokens, case, days=0)  # the examination is today
    assert post("lurah1", "temporary-release", release).status_code == 201
    assert post("analis1", "pay-reinstatement", {"returned_on": today}).status_code == 201
    assert post("sekda", "tim-pemeriksa", {"decree": "SK/TIM/SK1", "members": "Lurah, "
                                           "Inspektorat, BKPSDM"}).status_code == 201
    exam = {"bap_reference": "BAP/SK1", "signed_by_subject": False, "examiners": "Tim"}
    assert post("tim1", "examination", exam).status_code == 201
    decision = {"outcome": "punishment", "punishment": "penurunan_jabatan_12_bulan",
                "reason": "22 hari tidak masuk kerja"}
    assert post("sekda", "decision", decision).status_code == 201, "decision"

    refused("analis1", "delivery", {"delivered_on": today}, "DecreeRequired")
    receipt = {"letter_date": today, "receive_on": today}
    refused("analis1", "decree/summons", receipt, "DecreeRequired")
    decree = {"number": "800/SK/1", "set_on": today, "copies_to": ["Wali Kota Malang"]}
    assert post("sekda", "decree", decree).status_code == 201
    sending = {"sent_on": today, "dispatch_reference": "POS/SK/1"}
    refused("analis1", "decree/sending", sending, "SendingRefused")
    assert post("analis1", "decree/summons", receipt).status_code == 201
    assert post("analis1", "decree/sending", sending).status_code == 201
    delivered = post("analis1", "delivery", {"delivered_on": today, "method": "sent"})
    assert delivered.status_code == 201, delivered.text

    actors = [(e["event"], e["actor"]) for e in _timeline(client, tokens, case)]
    for event, account in (
        ("PayStopped", "analis1"),
        ("TemporarilyReleased", "lurah1"),
        ("PayReinstated", "analis1"),
        ("DecreeSet", "sekda"),
        ("TemporaryReleaseEnded", "sekda"),
        ("DecreeReceiptSummoned", "analis1"),
        ("DecreeSent", "analis1"),
        ("DecisionDelivered", "analis1"),
    ):
        assert (event, account) in actors, (event, actors)
