"""Without the ``crypto`` extra, sealing is refused with the install hint and nothing is written;
a store holding sealed values still loads."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from pelayanan import ComplianceService
from tests.privacy.support import clock, record

SCRIPT = """
import sys
sys.modules["cryptography"] = None  # as if the package were not installed
from pelayanan import Complainant, ComplianceService, ManualClock
from pelayanan.privacy import CryptoUnavailable
from tests.privacy.support import CLERK, clock

service = ComplianceService.open(sys.argv[1], clock=clock(), vault="store")
head = service.head()
try:
    service.file_complaint(
        "LAPOR-2024-0100", office_code="35.73.01.1011", channel="phone", subject="s",
        description="d", complainant=Complainant("Ani"), actor=CLERK,
    )
except CryptoUnavailable as exc:
    assert "pelayanan[crypto]" in str(exc), exc
else:
    raise AssertionError("sealed without cryptography")
assert service.head() == head
plain = ComplianceService.open(sys.argv[1])
assert plain.get_complaint("LAPOR-2024-0001").reference == "LAPOR-2024-0001"
print("ok")
"""


def test_sealing_without_cryptography_is_refused_clearly(tmp_path: Path) -> None:
    db = str(tmp_path / "store.db")
    the_clock = clock()
    service = ComplianceService.open(db, clock=the_clock, vault="store")
    record(service, the_clock)
    service.close()
    root = Path(__file__).resolve().parents[2]
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT, db], capture_output=True, text=True, cwd=root, check=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ok"
