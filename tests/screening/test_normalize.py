from __future__ import annotations

import pytest

from duta.screening.text import SHIPPED_SLANG, Normalizer, clean, normalize

SLANG = {"gak": "tidak", "bgt": "banget", "gpp": "tidak apa-apa", "yg": "yang", "lu": "kamu"}
VOCABULARY = {"banget", "maaf", "tetap", "anjing", "sakit", "keren", "kamu", "kata", "saat"}


@pytest.fixture
def normalizer() -> Normalizer:
    return Normalizer(SLANG, frozenset(VOCABULARY))


@pytest.mark.parametrize(
    ("text", "tokens"),
    [
        ("Selamat PAGI", ["selamat", "pagi"]),
        ("lihat https://t.co/abc123 dan www.contoh.com/x", ["lihat", "url", "dan", "url"]),
        ("@budi_s halo @ani", ["user", "halo", "user"]),
        ("USER USER kata URL", ["user", "user", "kata", "url"]),
        ("[USERNAME] [USERNAME] kata [URL]", ["user", "user", "kata", "url"]),
        ("#GantiPresiden2019 #sidangahok", ["ganti", "presiden", "2019", "sidangahok"]),
        ("baris satu\\nbaris dua", ["baris", "satu", "baris", "dua"]),
        ("tom &amp; jerry 100% ampuh", ["tom", "jerry", "100", "ampuh"]),
        ("keren bangeeet", ["keren", "banget"]),
        ("maaaaf ya", ["maaf", "ya"]),
        ("sakiiit kamuuu", ["sakit", "kamu"]),
        ("t3tap anj1ng 2019", ["tetap", "anjing", "2019"]),
        ("covid19 k212", ["covid19", "k212"]),
        ("gak papa gpp", ["tidak", "papa", "tidak", "apa-apa"]),
        ("lu yg bgt", ["kamu", "yang", "banget"]),
        ("kata2 hati2", ["kata-kata", "hati-hati"]),
        ("wkwkwkwk hahahaha hehehe", ["wkwk", "haha", "hehe"]),
        ("[QUOTE=abc;5a50]kutipan[/QUOTE] balasan", ["kutipan", "balasan"]),
        ("apa!!!!!!! ...", ["apa", "!", "!", "!", ".", ".", "."]),
        ("RT USER: halo", ["rt", "user", ":", "halo"]),
    ],
)
def test_it_normalizes(normalizer: Normalizer, text: str, tokens: list[str]) -> None:
    assert normalizer.normalize(text) == tokens


@pytest.mark.parametrize(
    ("text", "tokens"),
    [
        ("lucu 😂😂", ["lucu", "emoji_tawa", "emoji_tawa"]),
        ("awas 😡", ["awas", "emoji_marah"]),
        ("sayang ❤", ["sayang", "emoji_cinta"]),
        ("bendera 🏳 saja", ["bendera", "saja"]),  # an emoji without a class is dropped
        ("ya \\xf0\\x9f\\x98\\x82", ["ya", "emoji_tawa"]),  # re_dataset's escaped UTF-8 bytes
        ("oke :) :( xD <3", ["oke", "emoji_senyum", "emoji_sedih", "emoji_tawa", "emoji_cinta"]),
    ],
)
def test_it_turns_emoji_into_coarse_tokens(normalizer: Normalizer, text: str, tokens: list[str]) -> None:
    assert normalizer.normalize(text) == tokens


def test_it_keeps_legit_doubles(normalizer: Normalizer) -> None:
    assert normalizer.normalize("saat maaf") == ["saat", "maaf"]


def test_it_never_maps_its_own_tokens() -> None:
    normalizer = Normalizer({"user": "pengguna", "url": "tautan"}, frozenset())
    assert normalizer.normalize("@budi http://x.id") == ["user", "url"]


def test_clean_lowercases_and_marks() -> None:
    assert clean("Halo @Budi #JalanSehat") == "halo  user   jalan sehat "


def test_the_cache_gives_the_same_tokens(normalizer: Normalizer) -> None:
    first = normalizer.normalize("gak keren bangeeet")
    assert normalizer.normalize("gak keren bangeeet") == first == ["tidak", "keren", "banget"]


def test_the_shipped_dictionary_maps_common_slang() -> None:
    assert SHIPPED_SLANG.exists()
    assert normalize("Gw gak suka bgt sm yg kyk gitu!!!") == [
        "gue", "tidak", "suka", "banget", "sama", "yang", "kayak", "begitu", "!", "!", "!",
    ]  # fmt: skip


def test_the_shipped_dictionary_keeps_acronyms_and_names() -> None:
    assert normalize("PKS HTI BCA sby") == ["pks", "hti", "bca", "sby"]
