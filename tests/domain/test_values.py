"""The text and time checks every value and command goes through: their fast paths accept and
refuse exactly what the plain definitions do."""

from __future__ import annotations

import unicodedata
from datetime import UTC, datetime, timedelta, timezone, tzinfo
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pelayanan.domain.errors import InvalidValue
from pelayanan.domain.values import WIB, require_aware, require_text


def visible(text: str) -> bool:
    """The definition: some character that is not a space, a control or a format character."""
    return any(not c.isspace() and unicodedata.category(c) not in ("Cc", "Cf") for c in text)


@given(st.text(max_size=20))
def test_text_is_accepted_exactly_when_something_in_it_is_visible(text: str) -> None:
    if "\x00" in text or any(0xD800 <= ord(c) <= 0xDFFF for c in text):
        return  # refused for another reason, with its own message
    if visible(text):
        assert require_text("name", text) is text
    else:
        with pytest.raises(InvalidValue, match="name must be non-empty text"):
            require_text("name", text)


@pytest.mark.parametrize(
    "text", ["\u200bAmin", " Amin", "\tAmin", "\u00a0Amin", "\u202eAmin", "\x7fAmin", "Ámin"]
)
def test_text_starting_with_an_invisible_or_non_ascii_character_is_looked_through(
    text: str,
) -> None:
    assert require_text("name", text) == text


@pytest.mark.parametrize("text", ["", " ", "\u200b\u200c", "\x7f", " \u2060\ufeff "])
def test_text_with_nothing_visible_is_refused(text: str) -> None:
    with pytest.raises(InvalidValue, match="name must be non-empty text"):
        require_text("name", text)


class NoOffset(tzinfo):
    def utcoffset(self, dt: datetime | None) -> timedelta | None:
        return None


class ZoneWithoutOffset(ZoneInfo):
    def utcoffset(self, dt: datetime | None) -> timedelta | None:
        return None


@pytest.mark.parametrize("zone", [WIB, UTC, timezone(timedelta(hours=8))])
def test_a_datetime_in_a_zone_or_at_a_fixed_offset_is_aware(zone: tzinfo) -> None:
    moment = datetime(2024, 3, 4, 9, tzinfo=zone)
    assert require_aware("occurred_at", moment) is moment


@pytest.mark.parametrize("zone", [None, NoOffset(), ZoneWithoutOffset("Asia/Jakarta")])
def test_a_datetime_without_an_offset_is_naive_whatever_its_tzinfo(zone: tzinfo | None) -> None:
    with pytest.raises(InvalidValue, match="occurred_at must carry a time zone"):
        require_aware("occurred_at", datetime(2024, 3, 4, 9, tzinfo=zone))
