"""The core install seals and verifies without the `cryptography` package."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

SCRIPT = """
import sys
sys.modules["cryptography"] = None  # as if the package were not installed
from pelayanan.audit import SigningUnavailable, Signer, open_log, seal, verify
from tests.audit.ledger import ledger_app

app = ledger_app(sys.argv[1])
app.open_ledger("A", notes=2)
app.close()
log = open_log(sys.argv[1], read_only=False, application="LedgerApp")
assert len(seal(log).checkpoints) == 1
assert verify(log).intact
log.close()
try:
    Signer.generate()
except SigningUnavailable as exc:
    assert "pelayanan[crypto]" in str(exc)
else:
    raise AssertionError("signing worked without cryptography")
print("ok")
"""


def test_sealing_and_verifying_need_no_cryptography(tmp_path: Path) -> None:
    root = Path(__file__).resolve().parents[2]
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(tmp_path / "store.db")],
        capture_output=True,
        text=True,
        cwd=root,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ok"
