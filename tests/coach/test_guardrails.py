"""Guardrails: the blocklist and the election rules, their hits and the false positives they must avoid."""

from __future__ import annotations

import pytest

from duta.coach import ElectionRules, blocklist_hits, election_hits

RULES = ElectionRules(
    candidates=("Budi Santoso",),
    parties=("Partai Maju", "PMJ"),
    numbers=("02",),
    hashtags=("BudiMenang", "#Coblos02"),
)


class TestBlocklist:
    @pytest.mark.parametrize(
        "text",
        [
            "Jalan di depan puskesmas rusak.",
            "RUSAK!!! parah",
            "Jembatan itu rusaknya sudah lama",  # a particle is the same word
            "Foto: #rusak",
            "ru.sak semua",  # dotted apart
            "r u s a k",  # spaced apart
            "rusaaak",  # repeated letters
        ],
    )
    def test_it_finds_a_blocked_word_however_it_is_written(self, text: str) -> None:
        assert blocklist_hits(text, ["rusak"]) == ["rusak"]

    @pytest.mark.parametrize("text", ["Perusakan fasilitas umum dilarang.", "Kerusakan jalan sudah diperbaiki."])
    def test_a_longer_word_built_on_it_is_another_word(self, text: str) -> None:
        assert blocklist_hits(text, ["rusak"]) == []

    def test_hits_come_in_text_order_each_once_as_listed(self) -> None:
        text = "Ini HOAKS. Jalan rusak, katanya hoaks lagi, dan rusak lagi."

        assert blocklist_hits(text, ["rusak", "Hoaks", "banjir"]) == ["Hoaks", "rusak"]

    def test_phrases_match_across_spaces_and_punctuation(self) -> None:
        assert blocklist_hits("Ini   berita-bohong  belaka", ["berita bohong"]) == ["berita bohong"]
        assert blocklist_hits("#BeritaBohong", ["berita bohong"]) == ["berita bohong"]
        assert blocklist_hits("Berita yang bohong", ["berita bohong"]) == []

    def test_nothing_listed_finds_nothing(self) -> None:
        assert blocklist_hits("apa saja", []) == []
        assert blocklist_hits("apa saja", ["", "  "]) == []


class TestElectionNames:
    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("Dukung #BudiSantoso!", ["Budi Santoso"]),
            ("#budisantoso pasti menang", ["Budi Santoso"]),
            ("Kata budi   santoso kemarin", ["Budi Santoso"]),
            ("B.u.d.i S.a.n.t.o.s.o hebat", ["Budi Santoso"]),
            ("Budiii Santosooo", ["Budi Santoso"]),
            ("budi sant0so", ["Budi Santoso"]),
            ("#DukungBudiSantoso2024", ["Budi Santoso"]),
            ("Bersama Partai-Maju", ["Partai Maju"]),
            ("PMJ mantap", ["PMJ"]),
            ("anti-PMJnya", ["PMJ"]),
            ("P. M. J.", ["PMJ"]),
            ("#budimenang", ["#BudiMenang"]),
            ("Budi menang!", ["#BudiMenang"]),
        ],
    )
    def test_it_finds_names_parties_and_campaign_hashtags(self, text: str, expected: list[str]) -> None:
        assert election_hits(text, RULES) == expected

    @pytest.mark.parametrize("text", ["PMJA mantap", "Pak Budi datang", "Santoso Budi", "Partai lain maju terus"])
    def test_it_leaves_other_words_alone(self, text: str) -> None:
        assert election_hits(text, RULES) == []

    def test_hits_are_in_text_order(self) -> None:
        assert election_hits("PMJ bersama Budi Santoso, coblos no 2", RULES) == ["PMJ", "Budi Santoso", "coblos no 2"]

    def test_empty_rules_find_nothing(self) -> None:
        assert election_hits("Budi Santoso nomor urut 2", ElectionRules()) == []


class TestBallotNumbers:
    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("Ingat nomor urut 2!", "nomor urut 2"),
            ("no. urut 02", "no. urut 02"),
            ("pokoknya no 2", "no 2"),
            ("paslon 01 atau paslon 02", "paslon 02"),
            ("capres nomor 2", "capres nomor 2"),
            ("Coblos 2 ya", "Coblos 2"),
            ("pilih nomor 2", "pilih nomor 2"),
            ("nomor urut dua", "nomor urut dua"),
            ("paslon2 hebat", "paslon2"),
            ("#02", "#02"),
            ("#coblos02", "#Coblos02"),  # also a listed campaign hashtag: named as listed
            ("#paslon2", "#paslon2"),
        ],
    )
    def test_a_number_in_a_ballot_context_matches(self, text: str, expected: str) -> None:
        assert election_hits(text, RULES) == [expected]

    @pytest.mark.parametrize(
        "text",
        [
            "Vaksinasi 2 Januari di balai desa",
            "Bantuan Rp 2 juta untuk UMKM",
            "Sesuai UU No. 2 Tahun 2024",
            "Perpres No 2/2024 sudah terbit",
            "Kantor kami di Jl. Melati Indah No. 2",
            "Silakan ke loket nomor 2",
            "Juara nomor 2 lomba desa",
            "Antre 2 jam, sekarang 15 menit",
            "2",
            "pilih 2 menu",
        ],
    )
    def test_dates_amounts_regulations_and_addresses_do_not(self, text: str) -> None:
        assert election_hits(text, RULES) == []

    def test_a_campaign_hashtag_of_digits_matches_only_as_a_hashtag(self) -> None:
        rules = ElectionRules(hashtags=("02",))

        assert election_hits("Dukung #02", rules) == ["#02"]
        assert election_hits("Buka pukul 02.00 dini hari", rules) == []

    def test_only_the_listed_numbers_count(self) -> None:
        assert election_hits("nomor urut 3", RULES) == []
        assert election_hits("nomor urut 3", ElectionRules(numbers=("3",))) == ["nomor urut 3"]
