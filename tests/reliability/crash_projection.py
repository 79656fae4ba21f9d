"""Child process for test_projection_crash: catches up the views until it is killed.

``Tally`` counts office events and refuses an event at or before the last one it counted: an
event applied twice (after a kill) would make it raise, and one skipped would leave the count
short of the number of office events in the log.
"""

from __future__ import annotations

import sys

from pelayanan import ComplianceService, Office
from pelayanan.projections import ReadModel, ReadModelRunner, View, handles
from pelayanan.projections.standard import STANDARD

PAGE_SIZE = 20


class Tally(ReadModel):
    name = "tally"
    version = 1

    @handles(Office.Registered, Office.StaffAssigned)
    def counted(self, event: object, view: View) -> None:
        tally = view.get("tally") or {"n": 0, "last": 0}
        if view.position <= tally["last"]:
            raise AssertionError(f"event {view.position} applied again (last {tally['last']})")
        view.put("tally", {"n": tally["n"] + 1, "last": view.position})


PROJECTIONS = (*STANDARD, Tally)


def main() -> None:
    service = ComplianceService.open(sys.argv[1], must_exist=True)
    runner = ReadModelRunner(service, PROJECTIONS, page_size=PAGE_SIZE)
    print("ready", flush=True)
    # One line per committed batch lets the parent pick a random batch to kill in.
    runner.catch_up(progress=lambda p: print(f"batch {p.projection} {p.position}", flush=True))
    print("done", flush=True)


if __name__ == "__main__":
    main()
