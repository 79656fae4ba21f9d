"""Reading every stored event back, for specifications that check the log itself."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from pelayanan import ComplianceService


def events(service: ComplianceService) -> Iterator[Any]:
    position, head = 0, service.head()
    while position < head:
        page = service.recorder.select_notifications(position + 1, 5000, stop=head)
        for notification in page:
            yield service.mapper.to_domain_event(notification)
        position = page[-1].id
