"""Each check of the coach, in both directions, read through the public ``coach()``."""

from __future__ import annotations

import pytest
from django.utils import translation

from duta.coach import BLOCKED, FAIL, OK, SKIPPED, WARN, Check, CoachBrief, ElectionRules, Verdict, coach
from tests.coach.samples import BRIEF, STRONG, check_of

STORY = "Saya perawat di Puskesmas Sukamaju. Pagi itu antrean panjang. Kini antre 15 menit. Yuk daftar online."


@pytest.fixture(autouse=True)
def _english() -> None:
    translation.activate("en")


def run(text: str, platform: str = "instagram", brief: CoachBrief | None = None) -> Verdict:
    return coach(text, platform, brief, use_classifiers=False)


def check(text: str, code: str, platform: str = "instagram", brief: CoachBrief | None = None) -> Check:
    found = run(text, platform, brief).check(code)
    assert found is not None
    return found


class TestHook:
    @pytest.mark.parametrize(
        "first",
        [
            "Pernah antre tiga jam hanya untuk berobat?",
            "06.30, antrean sudah sampai parkiran.",
            "🙌 Antre di puskesmas kini cuma sebentar.",
            "Pagi itu Bu Sumi datang paling awal.",
        ],
    )
    def test_a_question_a_number_an_emoji_or_a_scene_is_a_good_first_line(self, first: str) -> None:
        found = check(first + "\nSaya perawat di sana.", "hook")

        assert (found.status, found.points, found.possible) == (OK, 15, 15)

    @pytest.mark.parametrize(
        ("text", "opener"),
        [
            ("Selamat pagi.\nHari ini ada vaksinasi.", "selamat pagi"),
            ("Assalamualaikum wr. wb.\nPukul 07.00 ada vaksinasi.", "assalamualaikum"),
            ("Berikut ini jadwal vaksinasi pekan depan.", "berikut ini"),
            ("Dalam rangka Hari Kesehatan Nasional, telah dilaksanakan senam bersama.", "dalam rangka"),
            ("Selamat pagi, sobat Duta!", "selamat pagi"),
        ],
    )
    def test_a_greeting_or_an_announcement_is_weak(self, text: str, opener: str) -> None:
        verdict = run(text)
        found = verdict.check("hook")

        assert found is not None
        assert (found.status, found.points) == (FAIL, 0)
        assert f"“{opener}”" in found.reason
        first_line = text.splitlines()[0]
        assert any(f"“{first_line}”" in suggestion for suggestion in verdict.suggestions)

    def test_a_greeting_before_a_strong_sentence_only_loses_some_points(self) -> None:
        verdict = run("Assalamualaikum. Pernah antre tiga jam di puskesmas?")
        found = verdict.check("hook")

        assert found is not None
        assert found.status == WARN
        assert 0 < found.points < found.possible
        assert any("Pernah antre tiga jam" in suggestion for suggestion in verdict.suggestions)

    def test_an_all_caps_line_is_shouting(self) -> None:
        found = check("PUSKESMAS KAMI BUKA LAGI HARI INI\nSaya senang.", "hook")

        assert found.status == WARN
        assert "capitals" in found.reason

    def test_a_plain_statement_is_a_warning(self) -> None:
        found = check("Layanan puskesmas tersedia untuk warga.", "hook")

        assert found.status == WARN
        assert found.points < 15

    def test_a_strong_opening_that_runs_long_is_a_warning(self) -> None:
        long = (
            "Pukul 06.30 antrean di Puskesmas Sukamaju sudah sampai ke parkiran motor dan pasien lansia duduk di "
            "trotoar menunggu giliran"
        )
        found = check(long, "hook")

        assert found.status == WARN
        assert "characters" in found.reason

    def test_no_text_fails(self) -> None:
        assert check("", "hook").status == FAIL


class TestPersonAndMoment:
    def test_a_person_at_a_moment_is_ok(self) -> None:
        found = check("Kemarin sore saya menemani pasien.", "person")

        assert found.status == OK
        assert "“saya”" in found.reason
        assert "“kemarin sore”" in found.reason

    @pytest.mark.parametrize(
        ("text", "named"),
        [
            ("Pukul 07.00 loket dibuka.", "07.00"),
            ("Acara di Puskesmas Sukamaju berjalan baik.", "di Puskesmas"),
            ("Tanggal 12/3 layanan dibuka.", "12/3"),
        ],
    )
    def test_a_moment_without_a_person_is_a_warning(self, text: str, named: str) -> None:
        found = check(text, "person")

        assert found.status == WARN
        assert named in found.reason

    def test_a_person_without_a_moment_is_a_warning(self) -> None:
        found = check("Bu Sari, perawat yang ramah, melayani dengan sabar.", "person")

        assert found.status == WARN
        assert "Bu Sari" in found.reason

    def test_neither_fails(self) -> None:
        assert check("Informasi layanan tersedia lengkap.", "person").status == FAIL


class TestProblemAndResolution:
    def test_problem_then_resolution_is_ok(self) -> None:
        found = check("Dulu antrean panjang sekali. Akhirnya pendaftaran online berhasil.", "story")

        assert found.status == OK
        assert "“antrean”" in found.reason
        assert "“akhirnya”" in found.reason

    def test_the_resolution_before_the_problem_is_a_warning(self) -> None:
        found = check("Kini semuanya lancar. Dulu antrean panjang.", "story")

        assert found.status == WARN
        assert "before" in found.reason

    def test_a_problem_alone_is_a_warning(self) -> None:
        verdict = run("Jalan menuju desa rusak dan banjir.")

        assert check_of(verdict, "story").status == WARN
        assert any("“rusak”" in suggestion for suggestion in verdict.suggestions)

    def test_a_resolution_alone_is_a_warning(self) -> None:
        assert check("Program ini berhasil.", "story").status == WARN

    def test_neither_fails(self) -> None:
        assert check("Senam pagi bersama warga.", "story").status == FAIL


class TestCallToAction:
    def test_an_action_at_the_end_is_ok(self) -> None:
        found = check("Saya perawat.\nAntrean kini singkat.\nYuk, daftar lewat aplikasi: link di bio.", "cta")

        assert found.status == OK

    def test_an_action_in_the_middle_is_a_warning(self) -> None:
        text = "Yuk simak cerita ini.\nSaya perawat.\nAntrean dulu panjang.\nKini hanya 15 menit.\nTerima kasih."
        found = check(text, "cta")

        assert found.status == WARN
        assert "“yuk simak”" in found.reason or "“yuk”" in found.reason

    def test_no_action_fails(self) -> None:
        assert check("Saya perawat. Antrean kini singkat.", "cta").status == FAIL


class TestVoice:
    def test_the_first_person_is_ok(self) -> None:
        assert check("Aku ikut membantu pagi itu.", "voice").status == OK

    def test_kami_alone_is_institutional(self) -> None:
        found = check("Kami membuka layanan baru.", "voice")

        assert (found.status, found.points) == (WARN, 5)

    def test_a_press_release_fails_and_says_why(self) -> None:
        found = check("Dalam rangka HUT, telah dilaksanakan senam yang dihadiri oleh jajaran pimpinan.", "voice")

        assert found.status == FAIL
        assert "“dalam rangka”" in found.reason


class TestLength:
    def test_over_the_limit_fails_with_by_how_much(self) -> None:
        found = check("Saya " + "a" * 296, "length", platform="x")

        assert (found.status, found.points) == (FAIL, 0)
        assert "301" in found.reason
        assert "21 over" in found.reason

    def test_x_counts_links_as_23(self) -> None:
        text = "Saya perawat. " + "Antrean kini singkat. " * 10 + "https://example.com/" + "x" * 100
        assert check(text, "length", platform="x").status == OK

    def test_too_short_is_a_warning(self) -> None:
        found = check("Saya perawat.", "length")

        assert found.status == WARN
        assert "short" in found.reason

    def test_long_for_instagram_is_a_warning(self) -> None:
        found = check("Saya perawat di puskesmas. " * 60, "length")

        assert found.status == WARN
        assert "1300" in found.reason

    def test_within_the_habit_is_ok(self) -> None:
        assert check(STORY, "length").status == OK


class TestHashtags:
    @pytest.mark.parametrize(
        ("platform", "count", "status"),
        [
            ("instagram", 0, WARN),
            ("instagram", 4, OK),
            ("instagram", 12, WARN),
            ("instagram", 31, FAIL),
            ("x", 1, OK),
            ("x", 3, WARN),
            ("threads", 1, OK),
            ("threads", 2, WARN),
            ("tiktok", 4, OK),
            ("whatsapp", 0, OK),
        ],
    )
    def test_the_count_per_platform(self, platform: str, count: int, status: str) -> None:
        tags = " ".join(f"#tag{index}" for index in range(count))
        assert check(f"{STORY}\n{tags}", "hashtags", platform=platform).status == status

    def test_the_brief_hashtags_must_be_there(self) -> None:
        brief = CoachBrief(hashtags=("#SehatBersama", "AntreOnline"))
        found = check(f"{STORY}\n#sehatbersama #PuskesmasKita #Sukamaju", "hashtags", brief=brief)

        assert found.status == WARN
        assert "#AntreOnline" in found.reason
        assert "#SehatBersama" not in found.reason

        assert check(f"{STORY}\n#SehatBersama #AntreOnline #Sukamaju", "hashtags", brief=brief).status == OK


class TestKeyMessages:
    def test_affixed_forms_cover_a_key_message(self) -> None:
        brief = CoachBrief(key_messages=("Pendaftaran online mempersingkat antrean",))
        text = "Saya mendaftar online kemarin, dan antreannya jauh lebih singkat."

        assert check(text, "key_messages", brief=brief).status == OK

    def test_a_missing_key_message_is_named(self) -> None:
        brief = CoachBrief(key_messages=("Pendaftaran online mempersingkat antrean", "Vaksin aman untuk lansia"))
        verdict = run("Saya mendaftar online, antreannya singkat.", brief=brief)
        found = verdict.check("key_messages")

        assert found is not None
        assert (found.status, found.points, found.possible) == (WARN, 5, 10)
        assert "“Vaksin aman untuk lansia”" in found.reason
        assert any("Vaksin aman untuk lansia" in suggestion for suggestion in verdict.suggestions)

    def test_none_covered_fails_and_no_brief_skips(self) -> None:
        brief = CoachBrief(key_messages=("Vaksin aman untuk lansia",))
        assert check("Saya perawat.", "key_messages", brief=brief).status == FAIL
        found = check("Saya perawat.", "key_messages")
        assert (found.status, found.possible) == (SKIPPED, 0)


class TestDisclosure:
    @pytest.mark.parametrize(
        ("tag", "text"),
        [
            ("#DutaBioFarma", "Cerita saya. #dutabiofarma"),
            ("#DutaBioFarma", "Cerita saya. #Duta BioFarma"),
            ("Pegawai Kementerian X", "Cerita saya.\npegawai  kementerian   x"),
        ],
    )
    def test_it_is_found_whatever_the_case_and_spacing(self, tag: str, text: str) -> None:
        assert check(text, "disclosure", brief=CoachBrief(disclosure_tag=tag)).status == OK

    def test_a_missing_disclosure_fails_and_is_named(self) -> None:
        verdict = run("Cerita saya.", brief=CoachBrief(disclosure_tag="#DutaBioFarma"))

        assert check_of(verdict, "disclosure").status == FAIL
        assert any("#DutaBioFarma" in suggestion for suggestion in verdict.suggestions)

    def test_no_tag_skips(self) -> None:
        assert check("Cerita saya.", "disclosure").status == SKIPPED


class TestGuardrails:
    def test_a_blocked_word_blocks_and_caps_the_score(self) -> None:
        verdict = run(STRONG.replace("parkiran", "parkiran yang rusak"), brief=BRIEF)
        found = verdict.check("guardrails")

        assert found is not None
        assert found.status == BLOCKED
        assert "“rusak”" in found.reason
        assert verdict.blocked
        assert verdict.score <= 20
        assert len(verdict.blocked_reasons) == 1
        assert "rusak" in verdict.suggestions[0]

    def test_election_content_blocks(self) -> None:
        verdict = run(STRONG + "\nJangan lupa coblos no. urut 02 #BudiSantoso", brief=BRIEF)

        assert verdict.blocked
        assert verdict.score <= 20
        [reason] = verdict.blocked_reasons
        assert "“coblos no. urut 02”" in reason
        assert "“Budi Santoso”" in reason

    def test_a_clean_text_passes(self) -> None:
        verdict = run(STRONG, brief=BRIEF)

        assert not verdict.blocked
        assert check_of(verdict, "guardrails").status == OK

    def test_without_rules_it_is_skipped(self) -> None:
        brief = CoachBrief(blocklist=(), election=ElectionRules())
        assert check(STRONG, "guardrails", brief=brief).status == SKIPPED
