"""The 57 kelurahan of Kota Malang, as docs/sources.md#kemendagri-kelurahan-codes describes them."""

from __future__ import annotations

from collections import Counter

import pytest

from pelayanan import NotFound
from pelayanan.scenarios.kelurahan import KECAMATAN, KELURAHAN, by_code, in_kecamatan, lookup


def test_there_are_57_kelurahan_in_5_kecamatan_with_unique_codes() -> None:
    assert len(KELURAHAN) == 57
    assert len({k.code for k in KELURAHAN}) == 57
    counts = Counter(k.kecamatan.name for k in KELURAHAN)
    assert counts == {
        "Blimbing": 11,
        "Klojen": 11,
        "Kedungkandang": 12,
        "Sukun": 11,
        "Lowokwaru": 12,
    }
    assert [k.name for k in KECAMATAN] == [
        "Blimbing",
        "Klojen",
        "Kedungkandang",
        "Sukun",
        "Lowokwaru",
    ]


def test_codes_follow_the_kemendagri_pattern_of_their_kecamatan() -> None:
    for k in KELURAHAN:
        assert k.code.value.startswith(k.kecamatan.code + ".1")


@pytest.mark.parametrize(
    ("spelling", "official"),
    [
        ("Gadingkasri", "Gading Kasri"),
        ("Tasik Madu", "Tasikmadu"),
        ("Ksatrian", "Kesatrian"),
        ("oro oro dowo", "Oro-oro Dowo"),
        ("JODIPAN", "Jodipan"),
        ("35.73.01.1011", "Jodipan"),
    ],
)
def test_variant_spellings_find_the_official_kelurahan(spelling: str, official: str) -> None:
    assert lookup(spelling).name == official


def test_an_unknown_name_or_code_is_refused_by_name() -> None:
    with pytest.raises(NotFound, match="Atlantis"):
        lookup("Atlantis")
    with pytest.raises(NotFound, match=r"35\.73\.09\.1001"):
        by_code("35.73.09.1001")


def test_in_kecamatan_lists_its_kelurahan_in_code_order() -> None:
    sukun = in_kecamatan("Sukun")
    assert [k.name for k in sukun][:3] == ["Ciptomulyo", "Gadang", "Kebonsari"]
