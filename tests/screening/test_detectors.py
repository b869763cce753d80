"""The lexicon and pattern detectors: true positives, and the traps that must stay quiet."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date

import pytest
from django.utils import translation

from duta.screening.detectors import Detectors, detectors_for, mask_number, nik_check, nip_check
from duta.screening.detectors import lexicons as lex
from duta.screening.detectors.detector import SHIPPED
from duta.screening.detectors.matching import PhraseIndex, spellings
from duta.screening.findings import Category, Finding, OrganizationTerms, Source
from duta.screening.text import normalize

TODAY = date(2026, 11, 23)
NIK_WOMAN = "3174 0552 0590 0001"  # DKI Jakarta, 12 May 1990, woman
NIP_WOMAN = "19900512 201503 2 001"  # born 12 May 1990, appointed March 2015, woman


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    with translation.override("en"):
        yield


@pytest.fixture(scope="module")
def detectors() -> Detectors:
    return Detectors()


def detect(detectors: Detectors, text: str, raw: str | None = None) -> list[Finding]:
    """Findings for a hand-written token list; ``raw`` defaults to the tokens themselves."""
    return detectors.detect(text if raw is None else raw, words(text))


def words(text: str) -> list[str]:
    """A hand-written token list."""
    return text.split()


def by_rule(findings: list[Finding]) -> dict[str, Finding]:
    return {finding.rule: finding for finding in findings}


def rules_of(findings: list[Finding]) -> list[str]:
    return [finding.rule for finding in findings]


class TestPolitical:
    def test_a_ballot_number_after_an_election_verb_is_campaigning(self, detectors: Detectors) -> None:
        (finding,) = detect(detectors, "ayo coblos nomor 2")
        assert finding.category == Category.POLITICAL
        assert finding.source == Source.LEXICON
        assert finding.rule == "lexicon.political.campaign"
        assert finding.evidence == ("coblos", "nomor 2")
        assert finding.confidence == 1.0
        assert "neutral" in finding.detail

    def test_an_endorsement_of_a_party_or_candidate_is_campaigning(self, detectors: Detectors) -> None:
        (finding,) = detect(detectors, "mari dukung pdip di pemilu nanti")
        assert finding.evidence == ("dukung", "pdip")
        (finding,) = detect(detectors, "jangan pilih anies , pilih prabowo-gibran")
        assert finding.evidence == ("jangan pilih", "anies", "pilih", "prabowo-gibran")

    def test_spellings_of_party_names_match(self, detectors: Detectors) -> None:
        for party in ("pdi-p", "pdi p", "partai banteng moncong putih", "partai nasdem", "partai aceh"):
            assert rules_of(detect(detectors, f"ayo pilih {party}")) == ["lexicon.political.campaign"], party

    def test_a_slogan_counts_on_either_side_of_the_name(self, detectors: Detectors) -> None:
        assert detect(detectors, "prabowo-gibran all in")[0].evidence == ("prabowo-gibran", "all in")
        assert detect(detectors, "lanjutkan pak jokowi")[0].evidence == ("lanjutkan", "jokowi")
        assert detect(detectors, "prabowo-gibran nomor urut 2")[0].evidence == ("prabowo-gibran", "nomor urut 2")
        assert detect(detectors, "dukung 02 sampai menang")[0].evidence == ("dukung", "02")

    def test_belonging_to_a_camp(self, detectors: Detectors) -> None:
        assert detect(detectors, "saya relawan ganjar sejak awal")[0].evidence == ("relawan", "ganjar")
        assert detect(detectors, "relawan bencana banjir bertemu ganjar") == []

    def test_a_party_or_candidate_named_without_campaign_words_is_nothing(self, detectors: Detectors) -> None:
        assert detect(detectors, "pdip menggelar rapat kerja nasional di jakarta hari ini") == []
        assert detect(detectors, "prabowo menghadiri upacara di istana bersama ganjar dan anies") == []

    def test_supporting_the_government_is_not_campaigning(self, detectors: Detectors) -> None:
        assert detect(detectors, "mari dukung program presiden prabowo makan bergizi gratis") == []
        assert detect(detectors, "lanjutkan kebijakan pemerintah jokowi") == []
        assert detect(detectors, "mari dukung pak prabowo")[0].evidence == ("dukung", "prabowo")

    def test_reports_about_a_campaign_are_nothing(self, detectors: Detectors) -> None:
        assert detect(detectors, "kpu menetapkan prabowo-gibran nomor urut 2") == []
        assert detect(detectors, "golkar dukung prabowo di pilpres") == []  # a headline: the party is the subject

    def test_ordinary_words_that_are_also_party_names_need_partai(self, detectors: Detectors) -> None:
        assert detect(detectors, "ayo dukung garuda di piala asia") == []
        assert detect(detectors, "dukung buruh yang sedang mogok") == []
        assert detect(detectors, "mari dukung partai garuda")[0].evidence == ("dukung", "partai garuda")

    def test_a_quiz_answer_is_not_a_ballot(self, detectors: Detectors) -> None:
        assert detect(detectors, "pilih nomor 2 untuk jawaban yang benar") == []

    def test_kahlil_gibran_is_not_the_candidate(self, detectors: Detectors) -> None:
        assert detect(detectors, "pilihlah cinta kata kahlil gibran") == []

    def test_a_campaign_hashtag_alone_counts_as_written(self, detectors: Detectors) -> None:
        raw = "Semangat pagi semua #PrabowoGibran2024"
        (finding,) = detectors.detect(raw, normalize(raw))
        assert finding.rule == "lexicon.political.hashtag"
        assert finding.evidence == ("#PrabowoGibran2024",)

    def test_amin_is_a_ticket_only_as_a_hashtag(self, detectors: Detectors) -> None:
        assert detect(detectors, "semoga lancar ujiannya amin ya allah") == []
        assert detect(detectors, "semoga lancar amin", raw="semoga lancar #AMIN")[0].evidence == ("#AMIN",)

    def test_a_standalone_slogan_counts(self, detectors: Detectors) -> None:
        assert detect(detectors, "2019 ganti presiden")[0].rule == "lexicon.political.campaign"

    def test_partisan_slurs(self, detectors: Detectors) -> None:
        assert by_rule(detect(detectors, "dasar kadrun"))["lexicon.political.slur"].evidence == ("kadrun",)
        assert detect(detectors, "cebong dan kampret sama saja")[0].evidence == ("cebong", "kampret")
        slur = by_rule(detect(detectors, "para cebong pendukung capres itu"))["lexicon.political.slur"]
        assert slur.evidence == ("cebong",)

    def test_ambiguous_slurs_without_election_context_are_not_political(self, detectors: Detectors) -> None:
        assert detect(detectors, "ada cebong di kolam belakang rumah") == []
        assert "lexicon.political.slur" not in rules_of(detect(detectors, "kampret macet lagi"))

    def test_organization_terms_extend_candidates_and_hashtags(self) -> None:
        terms = OrganizationTerms(political=("Bima Arya", "#BogorBeriman2024"))
        local = Detectors(terms)
        assert detect(local, "mari dukung bima arya")[0].evidence == ("dukung", "bima arya")
        assert detect(local, "ayo", raw="ayo #bogorberiman2024")[0].evidence == ("#bogorberiman2024",)
        shipped = Detectors()
        assert detect(shipped, "ayo dukung bima arya") == []
        assert detect(shipped, "ayo", raw="ayo #bogorberiman2024") == []


class TestHoax:
    def test_each_kind_of_pattern_is_its_own_rule(self, detectors: Detectors) -> None:
        findings = by_rule(
            detect(detectors, "info a1 dari grup sebelah obat ajaib menyembuhkan kanker sebarkan sebelum dihapus")
        )
        assert findings["pattern.hoax.chain"].evidence == ("dari grup sebelah", "sebarkan sebelum dihapus")
        assert findings["pattern.hoax.health"].evidence == ("obat ajaib", "menyembuhkan kanker")
        assert findings["pattern.hoax.urgency"].evidence == ("sebelum dihapus",)
        assert findings["pattern.hoax.authority"].evidence == ("info a1",)
        assert all(
            finding.source == Source.PATTERN and finding.category == Category.HOAX for finding in findings.values()
        )
        assert all("not proof" in finding.detail for finding in findings.values())

    def test_chain_messages(self, detectors: Detectors) -> None:
        assert detect(detectors, "tolong viralkan")[0].evidence == ("viralkan",)
        assert detect(detectors, "share sebanyak-banyaknya ya")[0].evidence == ("share sebanyak-banyaknya",)
        assert detect(detectors, "jangan berhenti di kamu")[0].rule == "pattern.hoax.chain"

    def test_ordinary_sharing_is_nothing(self, detectors: Detectors) -> None:
        assert detect(detectors, "materi rapat sudah dibagikan ke semua peserta terima kasih") == []
        assert detect(detectors, "dokter bilang saya sudah sembuh dari demam") == []


class TestPersonalNumbers:
    def test_a_valid_nik_is_reported_masked(self, detectors: Detectors) -> None:
        raw = f"tolong bantu daftarkan NIK saya {NIK_WOMAN} ya"
        (finding,) = detectors.detect(raw, normalize(raw))
        assert finding.category == Category.LEAK
        assert finding.source == Source.PATTERN
        assert finding.rule == "pattern.leak.nik"
        assert finding.evidence == ("3174********0001",)
        assert finding.detail == "valid NIK (DKI Jakarta, born 12 May 1990, woman)"
        assert re.search(r"\d{5,}", repr(finding)) is None

    def test_separators_and_several_numbers(self, detectors: Detectors) -> None:
        raw = "NIK 3201-0112-0590-0002 dan 3174.0552.0590.0001, lagi 3201011205900002"
        (finding,) = detect(detectors, "nik", raw=raw)
        assert finding.evidence == ("3201********0002", "3174********0001")
        assert finding.detail == (
            "valid NIK (Jawa Barat, born 12 May 1990, man); valid NIK (DKI Jakarta, born 12 May 1990, woman)"
        )

    def test_numbers_that_fail_the_checks_are_nothing(self, detectors: Detectors) -> None:
        for raw in (
            "3174 0512 1390 0001",  # month 13
            "1234567890123456",  # a bank account: day 78
            "9701011205900001",  # 97 is no Kemendagri province
            "3100011205900001",  # regency 00
            "3174052902900001",  # 29 February 1990
            "3174051205900000",  # serial 0000
            "31740552059000011",  # 17 digits
            "3174055205900001 2",  # part of a longer number
        ):
            assert detect(detectors, "nomor", raw=raw) == [], raw

    def test_nik_check(self) -> None:
        info = nik_check("3174055205900001", today=TODAY)
        assert info is not None
        assert (info.province_code, info.province, info.regency_code, info.district_code) == (
            "31",
            "DKI Jakarta",
            "74",
            "05",
        )
        assert (info.birth_date, info.female, info.serial) == (date(1990, 5, 12), True, "0001")
        assert nik_check("9601012902000001", today=TODAY).birth_date == date(2000, 2, 29)  # type: ignore[union-attr]
        assert nik_check("3174051205300001", today=TODAY).birth_date == date(1930, 5, 12)  # type: ignore[union-attr]
        assert nik_check("3174051205250001", today=TODAY).birth_date == date(2025, 5, 12)  # type: ignore[union-attr]
        assert nik_check("3174057205900001") is None  # day 72
        assert nik_check("317405120590000") is None
        assert nik_check("31740512059000a1") is None

    def test_a_valid_nip_is_reported_masked(self, detectors: Detectors) -> None:
        (finding,) = detect(detectors, "nip", raw=f"NIP: {NIP_WOMAN}")
        assert finding.rule == "pattern.leak.nip"
        assert finding.evidence == ("1990**********2001",)
        assert finding.detail == "valid NIP (born 12 May 1990, appointed March 2015, woman)"

    def test_nip_check(self) -> None:
        info = nip_check("199005122015031001", today=TODAY)
        assert info is not None
        assert (info.birth_date, info.appointed, info.female, info.serial) == (
            date(1990, 5, 12),
            date(2015, 3, 1),
            False,
            "001",
        )
        assert nip_check("199005122008051001", today=TODAY) is not None  # the month of the 18th birthday
        assert nip_check("199005122008041001", today=TODAY) is None  # appointed before the 18th birthday
        assert nip_check("199005122027011001", today=TODAY) is None  # appointed in the future
        assert nip_check("199005122015131001", today=TODAY) is None  # month 13
        assert nip_check("199005122015033001", today=TODAY) is None  # gender 3
        assert nip_check("199005122015031000", today=TODAY) is None  # serial 000
        assert nip_check("193005122015031001", today=TODAY) is None  # implausible birth year
        assert nip_check("199002302015031001", today=TODAY) is None  # 30 February

    def test_a_nip_with_tmt_before_the_18th_birthday_is_nothing(self, detectors: Detectors) -> None:
        assert detect(detectors, "nip", raw="NIP 19900512 200701 1 001") == []

    def test_mask_number(self) -> None:
        assert mask_number("3174055205900001") == "3174********0001"
        assert mask_number("3174 0552-0590.0001") == "3174********0001"
        assert mask_number("199005122015032001") == "1990**********2001"
        assert mask_number("12345678") == "12****78"
        assert mask_number("123") == "***"


class TestDocumentLeaks:
    def test_secret_and_internal_markings(self, detectors: Detectors) -> None:
        (finding,) = detect(detectors, "ini dokumen internal jangan disebarluaskan ya")
        assert (finding.category, finding.rule) == (Category.LEAK, "lexicon.leak.document")
        assert finding.evidence == ("dokumen internal", "jangan disebarluaskan")
        assert detect(detectors, "screenshot grup internal kemarin")[0].evidence == ("grup internal",)

    def test_organization_leak_terms(self) -> None:
        local = Detectors(OrganizationTerms(leak=("Proyek Garuda Biru",)))
        findings = by_rule(detect(local, "bocoran dokumen proyek garuda biru"))
        assert findings["lexicon.leak.document"].evidence == ("bocoran dokumen",)
        assert findings["lexicon.leak.organization"].evidence == ("proyek garuda biru",)

    def test_ordinary_office_talk_is_nothing(self, detectors: Detectors) -> None:
        assert detect(detectors, "rapat internal tim humas berjalan lancar hari ini") == []
        assert detect(detectors, "atap kantor bocor , bocoran air di mana-mana") == []
        assert detect(detectors, "bocoran spesifikasi ponsel baru") == []


class TestEmployer:
    def test_the_employer_near_hostile_words(self) -> None:
        local = Detectors(OrganizationTerms(employer_names=("Kominfo",)))
        findings = by_rule(detect(local, "kominfo brengsek tidak becus urus internet"))
        employer = findings["lexicon.employer.hostile"]
        assert employer.category == Category.EMPLOYER
        assert employer.evidence == ("kominfo", "brengsek", "tidak becus")
        assert findings["lexicon.abusive.profanity"].evidence == ("brengsek",)

    def test_generic_words_for_the_employer(self, detectors: Detectors) -> None:
        assert detect(detectors, "atasan saya tidak becus")[0].evidence == ("atasan", "tidak becus")
        assert detect(detectors, "kantor neraka")[0].evidence == ("kantor", "neraka")
        assert detect(detectors, "muak kerja di sini")[0].evidence == ("muak kerja di",)
        assert detect(detectors, "banyak yang makan gaji buta")[0].evidence == ("makan gaji buta",)

    def test_the_employer_without_hostility_is_nothing(self) -> None:
        local = Detectors(OrganizationTerms(employer_names=("Kominfo",)))
        assert detect(local, "saya bangga bekerja di kominfo") == []
        assert detect(local, "kantor kami dibobol maling tadi malam") == []

    def test_mentions_employer_names_only_the_organization(self) -> None:
        local = Detectors(
            OrganizationTerms(employer_names=("Kominfo", "Kementerian Komunikasi dan Informatika", "Komdigi"))
        )
        tokens = words("kementerian komunikasi dan informatika atau kominfo kantor saya , kominfo lagi")
        assert local.mentions_employer(tokens) == ("kementerian komunikasi dan informatika", "kominfo")
        assert local.mentions_employer(words("kantor dan atasan saya")) == ()
        assert Detectors().mentions_employer(tokens) == ()


class TestAbusive:
    def test_profanity(self, detectors: Detectors) -> None:
        (finding,) = detect(detectors, "bangsat memang , goblok")
        assert (finding.category, finding.rule) == (Category.ABUSIVE, "lexicon.abusive.profanity")
        assert finding.evidence == ("bangsat", "goblok")

    def test_an_ambiguous_word_aimed_at_a_person(self, detectors: Detectors) -> None:
        assert detect(detectors, "dasar anjing")[0].evidence == ("dasar", "anjing")
        assert detect(detectors, "kamu babi")[0].evidence == ("kamu", "babi")
        assert detect(detectors, "anjing kau")[0].evidence == ("anjing", "kau")
        assert detect(detectors, "dasar anjing")[0].rule == "lexicon.abusive.insult"

    def test_animals_are_animals(self, detectors: Detectors) -> None:
        assert detect(detectors, "anjing saya lucu sekali") == []
        assert detect(detectors, "anjing kamu lucu sekali") == []  # "your dog"
        assert detect(detectors, "pelatihan dasar anjing pelacak") == []
        assert detect(detectors, "makan daging babi itu haram bagi muslim") == []


class TestSara:
    def test_slurs_against_groups(self, detectors: Detectors) -> None:
        (finding,) = detect(detectors, "dasar cina babi")
        assert (finding.category, finding.rule) == (Category.SARA, "lexicon.sara.slur")
        assert finding.evidence == ("dasar", "cina", "babi")
        assert detect(detectors, "dasar antek aseng")[0].evidence == ("antek aseng",)
        assert detect(detectors, "kafir laknat")[0].evidence == ("kafir", "laknat")

    def test_slur_words_that_are_also_names_need_dasar(self, detectors: Detectors) -> None:
        assert detect(detectors, "atas nama budi keling kelet jepara") == []
        assert detect(detectors, "dasar keling")[0].evidence == ("dasar", "keling")

    def test_groups_named_neutrally_are_nothing(self, detectors: Detectors) -> None:
        assert detect(detectors, "sekolah dasar kristen di kupang") == []
        assert detect(detectors, "restoran cina di dekat kantor enak sekali") == []


class TestHate:
    def test_calls_for_violence_or_removal(self, detectors: Detectors) -> None:
        (finding,) = detect(detectors, "orang seperti itu pantas mati")
        assert (finding.category, finding.rule) == (Category.HATE, "lexicon.hate.phrase")
        assert finding.evidence == ("pantas mati",)
        assert detect(detectors, "usir mereka dari kampung")[0].evidence == ("usir", "mereka")
        assert detect(detectors, "usir dari indonesia")[0].evidence == ("usir dari indonesia",)

    def test_violence_against_things_or_negated_is_nothing(self, detectors: Detectors) -> None:
        assert detect(detectors, "musnahkan narkoba dari bumi indonesia") == []
        assert detect(detectors, "dia tidak pantas mati semuda itu") == []


class TestRadicalism:
    def test_radical_phrases(self, detectors: Detectors) -> None:
        (finding,) = detect(detectors, "lawan negara thaghut")
        assert (finding.category, finding.rule) == (Category.RADICALISM, "lexicon.radicalism.phrase")
        assert finding.evidence == ("negara thaghut",)
        assert detect(detectors, "tegakkan khilafah")[0].evidence == ("tegakkan khilafah",)

    def test_violence_against_unbelievers_is_radicalism_not_hate(self, detectors: Detectors) -> None:
        (finding,) = detect(detectors, "bunuh kafir")
        assert finding.category == Category.RADICALISM
        assert finding.evidence == ("bunuh", "kafir")

    def test_jihad_only_with_violence(self, detectors: Detectors) -> None:
        assert detect(detectors, "jihad melawan hawa nafsu itu yang terberat") == []
        assert detect(detectors, "jihad bukan perang") == []
        assert detect(detectors, "jihad dengan bom")[0].evidence == ("jihad", "bom")

    def test_suicide_bombing_only_when_praised(self, detectors: Detectors) -> None:
        assert detect(detectors, "bom bunuh diri di makassar melukai warga") == []
        assert detect(detectors, "bom bunuh diri itu tidak masuk surga") == []
        assert detect(detectors, "bom bunuh diri itu mati syahid")[0].evidence == ("bom bunuh diri", "mati syahid")

    def test_religious_talk_is_nothing(self, detectors: Detectors) -> None:
        assert detect(detectors, "kajian sejarah khilafah dalam islam") == []
        assert detect(detectors, "indonesia bukan negara thaghut") == []


class TestPornography:
    def test_terms(self, detectors: Detectors) -> None:
        (finding,) = detect(detectors, "open bo malam ini , ada link video syur juga")
        assert (finding.category, finding.rule) == (Category.PORNOGRAPHY, "lexicon.pornography.term")
        assert finding.evidence == ("open bo", "link video syur")


class TestOrganizationTerms:
    def test_extra_terms_count_for_their_category(self) -> None:
        local = Detectors(OrganizationTerms(extra={"pornography": ("Konten Premium",), "hate": ("kaum x",)}))
        findings = detect(local, "beli konten premium dari kaum x")
        assert [(finding.category, finding.rule, finding.evidence) for finding in findings] == [
            (Category.HATE, "lexicon.hate.organization", ("kaum x",)),
            (Category.PORNOGRAPHY, "lexicon.pornography.organization", ("konten premium",)),
        ]

    def test_an_unknown_category_is_refused(self) -> None:
        with pytest.raises(ValueError, match="not a category"):
            Detectors(OrganizationTerms(extra={"gossip": ("x",)}))


class TestFindings:
    def test_one_finding_per_rule_in_category_order(self, detectors: Detectors) -> None:
        tokens = "bokep ! dukung pdip dan pilih ganjar , dasar bangsat , sebarkan sebelum dihapus"
        findings = detect(detectors, tokens, raw=f"{tokens} NIK {NIK_WOMAN}")
        assert [(finding.category, finding.rule) for finding in findings] == [
            (Category.ABUSIVE, "lexicon.abusive.profanity"),
            (Category.PORNOGRAPHY, "lexicon.pornography.term"),
            (Category.POLITICAL, "lexicon.political.campaign"),
            (Category.HOAX, "pattern.hoax.chain"),
            (Category.HOAX, "pattern.hoax.urgency"),
            (Category.LEAK, "pattern.leak.nik"),
        ]
        assert findings[2].evidence == ("dukung", "pdip", "pilih", "ganjar")
        assert findings == detect(detectors, tokens, raw=f"{tokens} NIK {NIK_WOMAN}")

    def test_an_empty_post(self, detectors: Detectors) -> None:
        assert detectors.detect("", []) == []

    def test_details_are_translated(self, detectors: Detectors) -> None:
        with translation.override("id"):
            (finding,) = detect(detectors, "nik", raw=NIK_WOMAN)
        assert "Mei" in finding.detail


class TestCache:
    def test_the_same_terms_share_detectors(self) -> None:
        assert detectors_for(None) is detectors_for(OrganizationTerms())
        first = detectors_for(
            OrganizationTerms(employer_names=("Kominfo", " kominfo "), extra={"a": (), "hate": ("x",)})
        )
        second = detectors_for(OrganizationTerms(employer_names=("kominfo",), extra={"hate": ("X",)}))
        assert first is second
        assert detectors_for(OrganizationTerms(employer_names=("komdigi",))) is not first

    def test_cached_detectors_use_the_terms(self) -> None:
        terms = OrganizationTerms(employer_names=("Kominfo",), political=("#BogorBeriman",), extra={"hate": ("x y",)})
        local = detectors_for(terms)
        assert local.mentions_employer(["kominfo"]) == ("kominfo",)
        assert rules_of(local.detect("#BogorBeriman", ["bogor", "beriman"])) == ["lexicon.political.hashtag"]
        assert rules_of(local.detect("x y", ["x", "y"])) == ["lexicon.hate.organization"]


class TestLexicons:
    def test_entries_are_lower_case_phrases_of_at_most_four_words(self) -> None:
        for tag, terms in SHIPPED:
            for term in terms:
                assert term == term.lower().strip(), (tag, term)
                assert "  " not in term, (tag, term)
                assert 1 <= len(term.split()) <= 4, (tag, term)
        assert PhraseIndex((term, tag) for tag, terms in SHIPPED for term in terms).longest() <= 4
        assert all(name == name.lower() and name.isalnum() for name in lex.CAMPAIGN_HASHTAGS)

    def test_spellings(self) -> None:
        assert spellings("PDI-P") == ("pdi-p", "pdi p", "pdip")
        assert spellings("ma'ruf amin") == ("ma'ruf amin", "ma ruf amin", "maruf amin")

    # The normalizer squeezes "ppp" (the party) to "p"; the full name still matches.
    NORMALIZER_LOSES = frozenset({"ppp", "partai ppp"})

    def test_every_entry_survives_the_normalizer(self) -> None:
        """A term written in a post and normalized still carries its tag (the contract with the normalizer)."""
        index = PhraseIndex((term, tag) for tag, terms in SHIPPED for term in terms)
        lost = [
            (tag, term)
            for tag, terms in SHIPPED
            for term in terms
            if term not in self.NORMALIZER_LOSES and not any(tag in index.scan(normalize(s)) for s in spellings(term))
        ]
        assert lost == []
