"""Child process for test_writer_crash: saves office-with-staff batches until it is killed."""

from __future__ import annotations

import sys
from datetime import datetime

from pelayanan import WIB, Actor, ComplianceService, ManualClock

STAFF_PER_OFFICE = 9


def main() -> None:
    url, first = sys.argv[1], int(sys.argv[2])
    service = ComplianceService.open(url, clock=ManualClock(datetime(2024, 1, 2, tzinfo=WIB)))
    clerk = Actor(name="Importer", role="system")
    print("ready", flush=True)
    n = first
    while True:
        code = f"35.73.{n // 9000 + 1:02d}.{1000 + n % 9000:04d}"
        with service.batch():
            service.register_office(code, name=f"Kantor {n}", kecamatan="Sukun", actor=clerk)
            for s in range(STAFF_PER_OFFICE):
                service.assign_staff(
                    code,
                    nip=f"199001012015011{s:03d}",
                    name=f"Staf {s}",
                    role="staff",
                    actor=clerk,
                )
        n += 1


if __name__ == "__main__":
    main()
