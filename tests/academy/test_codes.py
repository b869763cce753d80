from __future__ import annotations

import re

import pytest

from duta.academy.codes import ALPHABET, code_new, code_normalize

GROUPED = re.compile(r"^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$")


def test_the_alphabet_is_crockfords() -> None:
    assert len(ALPHABET) == 32
    assert not set("ILOU") & set(ALPHABET)


def test_a_new_code_is_twelve_crockford_characters_in_three_groups() -> None:
    codes = {code_new() for _ in range(200)}
    assert len(codes) == 200
    assert all(GROUPED.match(code) for code in codes)


def test_a_new_code_normalizes_to_itself() -> None:
    code = code_new()
    assert code_normalize(code) == code


@pytest.mark.parametrize(
    "typed",
    [
        "7KQ2-M9XD-4RTA",
        "7kq2-m9xd-4rta",
        "7KQ2M9XD4RTA",
        " 7kq2 m9xd 4rta ",
        "7KQ2 – M9XD – 4RTA",
        "7KQ2-M9XD-4RTA\n",
        "https://duta.example.go.id/verify/7KQ2-M9XD-4RTA/",
        "https://duta.example.go.id/verify/7kq2m9xd4rta",
    ],
)
def test_what_a_person_types_or_a_qr_code_gives_normalizes(typed: str) -> None:
    assert code_normalize(typed) == "7KQ2-M9XD-4RTA"


def test_lookalike_letters_read_as_digits() -> None:
    assert code_normalize("OOOO-IIII-LLLL") == "0000-1111-1111"
    assert code_normalize("o0o0-i1l1-abcd") == "0000-1111-ABCD"


@pytest.mark.parametrize(
    "typed",
    [
        "",
        "   ",
        "7KQ2-M9XD-4RT",  # 11
        "7KQ2-M9XD-4RTAB",  # 13
        "7KQ2-M9XD-4RTU",  # U is not in the alphabet
        "7KQ2_M9XD_4RTA",
        "7KQ2-M9XD-4RT!",
        "https://duta.example.go.id/verify/",
    ],
)
def test_anything_else_is_refused(typed: str) -> None:
    assert code_normalize(typed) is None
