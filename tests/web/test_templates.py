"""The pages' Jinja environment reads dict rows by item first: the same answers as Jinja's own."""

from __future__ import annotations

import jinja2
import pytest

from pelayanan.web.app import _templates

TEMPLATES = [
    "{{ d.zone }}|{{ d.missing }}|{{ d.items() | list | length }}|{{ d.values }}",
    "{% for k, v in d.items() %}{{ k }}={{ v }};{% endfor %}",
    "{{ d.nested.code }}|{{ d.get('zone') }}|{{ d.keys is defined }}|{{ d.nope is defined }}",
    "{{ o.real }}|{{ s.upper() }}",
]


@pytest.mark.parametrize("source", TEMPLATES)
def test_rows_read_as_jinja_reads_them(source: str) -> None:
    values = {
        "d": {"zone": "<hijau>", "items": "x", "values": 3, "nested": {"code": "35.73"}},
        "o": 7,
        "s": "kota",
    }
    ours = _templates().from_string(source).render(values)
    jinjas = jinja2.Environment(autoescape=True).from_string(source).render(values)
    assert ours == jinjas


def test_the_templates_are_read_once_not_on_every_page() -> None:
    """They ship inside the package: no file is looked at again when a page renders."""
    assert _templates().auto_reload is False
