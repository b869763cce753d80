"""The pure rules engine of programs: parsing, eligibility, scoring and cohort selection (no database)."""

from __future__ import annotations

import json
import math
import random
from datetime import date

import pytest
from django.utils import translation

from duta.programs import rules
from duta.programs.rules import (
    Decision,
    FollowerFact,
    PersonFacts,
    ProgramRules,
    RulesError,
    evaluate,
    generation_of,
    parse_rules,
    rules_to_json,
    score,
    select_cohort,
)

TODAY = date(2025, 6, 30)

# Kemenkominfo: at least 500 followers on EACH of Facebook, Twitter (X) and Instagram.
KOMINFO = {"min_followers": {"facebook": 500, "twitter": 500, "instagram": 500}}

# Bio Farma "Digitroops": 20 millennials from various units, at least 1000 followers.
DIGITROOPS = {
    "min_followers": {"instagram": 1000, "facebook": 1000, "x": 1000, "tiktok": 1000},
    "followers_mode": "any",
    "birth_year": {"min": 1981, "max": 1996},
    "cohort_size": 20,
    "max_per_unit": 2,
}

HUMAS = ("Sekretariat Jenderal", "Biro Humas")


def fact(count: int | None, verified: int | None = None) -> FollowerFact:
    return FollowerFact(count=count, verified_count=verified)


def person(
    employee_id: str = "E1",
    *,
    unit: tuple[str, ...] = HUMAS,
    born: date | None = date(1990, 5, 17),
    joined: date | None = date(2015, 1, 5),
    code_of_conduct: bool = False,
    **followers: FollowerFact,
) -> PersonFacts:
    return PersonFacts(
        employee_id=employee_id,
        name=f"Pegawai {employee_id}",
        unit_path=unit,
        birth_date=born,
        joined_on=joined,
        followers=dict(followers),
        code_of_conduct_accepted=code_of_conduct,
    )


def reason_for(evaluation: rules.Evaluation, rule: str) -> rules.Reason:
    (found,) = [reason for reason in evaluation.reasons if reason.rule == rule]
    return found


def errors_of(data: object) -> list[str]:
    with translation.override("en"), pytest.raises(RulesError) as caught:
        parse_rules(data)
    return caught.value.messages


# --- constants and small helpers ---------------------------------------------------------------


class TestGenerationOf:
    @pytest.mark.parametrize(
        ("year", "expected"),
        [
            (1945, None),
            (1946, "boomer"),
            (1964, "boomer"),
            (1965, "gen_x"),
            (1980, "gen_x"),
            (1981, "millennial"),
            (1996, "millennial"),
            (1997, "gen_z"),
            (2012, "gen_z"),
            (2013, None),
        ],
    )
    def test_it_maps_birth_years_to_generations_at_the_boundaries(self, year, expected):
        assert generation_of(year) == expected

    def test_it_lists_the_platforms_and_generations_in_a_stable_order(self):
        assert rules.PLATFORMS == ("instagram", "facebook", "x", "tiktok", "youtube", "linkedin", "threads")
        assert list(rules.GENERATIONS) == ["boomer", "gen_x", "millennial", "gen_z"]


class TestFormatNumber:
    @pytest.mark.parametrize(
        ("value", "decimals", "text_id", "text_en"),
        [
            (0, 0, "0", "0"),
            (430, 0, "430", "430"),
            (1200, 0, "1.200", "1,200"),
            (1234567, 0, "1.234.567", "1,234,567"),
            (72.5, 1, "72,5", "72.5"),
            (1234.5, 1, "1.234,5", "1,234.5"),
        ],
    )
    def test_it_writes_numbers_the_indonesian_and_the_english_way(self, value, decimals, text_id, text_en):
        assert rules.format_number(value, "id", decimals=decimals) == text_id
        assert rules.format_number(value, "en", decimals=decimals) == text_en


class TestTenureMonths:
    @pytest.mark.parametrize(
        ("joined", "today", "months"),
        [
            (date(2024, 10, 30), date(2025, 6, 30), 8),
            (date(2024, 6, 30), date(2025, 6, 30), 12),
            (date(2024, 7, 1), date(2025, 6, 30), 11),
            (date(2025, 1, 31), date(2025, 2, 28), 1),
            (date(2024, 1, 31), date(2024, 2, 28), 0),
            (date(2024, 1, 31), date(2024, 2, 29), 1),
            (date(2025, 6, 30), date(2025, 6, 30), 0),
            (date(2025, 7, 1), date(2025, 6, 30), 0),
            (date(2000, 12, 15), date(2025, 6, 30), 294),
        ],
    )
    def test_it_counts_whole_months(self, joined, today, months):
        assert rules.tenure_months(joined, today) == months


class TestUnitWithin:
    def test_it_counts_a_unit_as_within_itself_and_its_ancestors(self):
        assert rules.unit_within(HUMAS, "Sekretariat Jenderal / Biro Humas")
        assert rules.unit_within(HUMAS, "Sekretariat Jenderal")
        assert rules.unit_within((*HUMAS, "Bagian Media"), "Sekretariat Jenderal / Biro Humas")

    def test_it_excludes_parents_and_siblings_of_the_named_unit(self):
        assert not rules.unit_within(("Sekretariat Jenderal",), "Sekretariat Jenderal / Biro Humas")
        assert not rules.unit_within(("Sekretariat Jenderal", "Biro Hukum"), "Sekretariat Jenderal / Biro Humas")
        assert not rules.unit_within(("Direktorat Jenderal A",), "Sekretariat Jenderal")

    def test_it_compares_whole_names_not_text_prefixes(self):
        assert not rules.unit_within(HUMAS, "Sekretariat")
        assert not rules.unit_within(HUMAS, "Sekretariat Jenderal / Biro")

    def test_it_reads_a_single_name_at_any_depth_but_a_path_from_the_top(self):
        assert rules.unit_within(HUMAS, "Biro Humas")
        assert not rules.unit_within(("Direktorat Jenderal A", *HUMAS), "Sekretariat Jenderal / Biro Humas")

    def test_it_ignores_case_and_extra_spaces(self):
        assert rules.unit_within(HUMAS, "  sekretariat   jenderal/BIRO HUMAS ")

    def test_it_is_false_for_a_person_without_a_unit(self):
        assert not rules.unit_within((), "Sekretariat Jenderal")


# --- parse_rules --------------------------------------------------------------------------------


class TestParseRules:
    def test_it_reads_the_kominfo_rules(self):
        parsed = parse_rules(KOMINFO)

        assert parsed == ProgramRules(min_followers={"instagram": 500, "facebook": 500, "x": 500})
        assert parsed.followers_mode == "all"
        assert parsed.count_source == "declared"

    def test_it_reads_the_digitroops_rules(self):
        parsed = parse_rules(DIGITROOPS)

        assert parsed.followers_mode == "any"
        assert (parsed.birth_year_min, parsed.birth_year_max) == (1981, 1996)
        assert parsed.cohort_size == 20
        assert parsed.max_per_unit == 2

    def test_it_reads_an_empty_document_as_no_rules(self):
        assert parse_rules({}) == ProgramRules(min_followers={})

    def test_it_reads_every_key(self):
        parsed = parse_rules(
            {
                "min_followers": {"tiktok": 0, "instagram": 1000},
                "followers_mode": "any",
                "count_source": "verified",
                "birth_year": {"min": 1981},
                "min_tenure_months": 12,
                "units_included": ["Sekretariat Jenderal", "Direktorat Jenderal A"],
                "units_excluded": ["Sekretariat Jenderal / Biro Humas"],
                "require_code_of_conduct": True,
                "cohort_size": 20,
                "max_per_unit": 2,
                "unit_level": 1,
                "generation_mix": {"gen_z": 0.3, "millennial": 1},
            }
        )

        assert parsed == ProgramRules(
            min_followers={"instagram": 1000, "tiktok": 0},
            followers_mode="any",
            count_source="verified",
            birth_year_min=1981,
            birth_year_max=None,
            min_tenure_months=12,
            units_included=("Sekretariat Jenderal", "Direktorat Jenderal A"),
            units_excluded=("Sekretariat Jenderal / Biro Humas",),
            require_code_of_conduct=True,
            cohort_size=20,
            max_per_unit=2,
            unit_level=1,
            generation_mix={"millennial": 1.0, "gen_z": 0.3},
        )

    def test_it_reads_twitter_as_x(self):
        assert parse_rules({"min_followers": {"twitter": 500}}).min_followers == {"x": 500}

    def test_it_accepts_platform_names_in_any_case(self):
        assert parse_rules({"min_followers": {"Instagram": 500}}).min_followers == {"instagram": 500}

    def test_it_orders_platforms_canonically(self):
        parsed = parse_rules(KOMINFO)

        assert list(parsed.min_followers) == ["instagram", "facebook", "x"]

    def test_it_reads_null_as_no_rule(self):
        parsed = parse_rules(
            {
                "min_followers": None,
                "followers_mode": None,
                "birth_year": {"min": None, "max": None},
                "min_tenure_months": None,
                "cohort_size": None,
                "require_code_of_conduct": None,
            }
        )

        assert parsed == ProgramRules(min_followers={})

    def test_it_tidies_unit_paths(self):
        parsed = parse_rules({"units_included": ["  Sekretariat   Jenderal/Biro Humas "]})

        assert parsed.units_included == ("Sekretariat Jenderal / Biro Humas",)


class TestParseRulesErrors:
    @pytest.mark.parametrize("data", [[], "min_followers", None, 500, True])
    def test_it_rejects_a_document_that_is_not_an_object(self, data):
        (message,) = errors_of(data)

        assert message.startswith("Program rules must be a JSON object, got ")

    def test_it_names_unknown_keys_and_lists_the_known_ones(self):
        (message,) = errors_of({"min_follower": {"x": 500}, "kuota": 20})

        assert message.startswith('Unknown keys "min_follower", "kuota"; known keys: min_followers, followers_mode,')
        assert "generation_mix" in message

    def test_it_says_key_in_the_singular_for_one_unknown_key(self):
        (message,) = errors_of({"kuota": 20})

        assert message.startswith('Unknown key "kuota"; known keys:')

    def test_it_rejects_an_unknown_platform(self):
        (message,) = errors_of({"min_followers": {"friendster": 500}})

        assert message == (
            "min_followers.friendster is not a known platform; known platforms: "
            "instagram, facebook, x, tiktok, youtube, linkedin, threads (twitter is accepted for x)."
        )

    def test_it_rejects_a_follower_count_written_in_words(self):
        assert errors_of({"min_followers": {"instagram": "lima ratus"}}) == [
            'min_followers.instagram must be a whole number of at least 0, got "lima ratus".'
        ]

    @pytest.mark.parametrize(("value", "shown"), [(True, "true"), (-1, "-1"), (500.0, "500.0"), (None, "null")])
    def test_it_rejects_follower_minimums_that_are_not_whole_numbers_of_at_least_0(self, value, shown):
        assert errors_of({"min_followers": {"x": value}}) == [
            f"min_followers.x must be a whole number of at least 0, got {shown}."
        ]

    def test_it_rejects_twitter_and_x_together(self):
        assert errors_of({"min_followers": {"x": 500, "twitter": 500}}) == [
            "min_followers.twitter and min_followers.x name the same platform; keep one."
        ]

    def test_it_rejects_min_followers_that_is_not_an_object(self):
        (message,) = errors_of({"min_followers": [500, 500]})

        assert message == 'min_followers must be an object such as {"instagram": 500}, got [500, 500].'

    @pytest.mark.parametrize(
        ("key", "value", "minimum"),
        [
            ("min_tenure_months", -1, 0),
            ("min_tenure_months", True, 0),
            ("cohort_size", 0, 1),
            ("cohort_size", "20", 1),
            ("cohort_size", 20.5, 1),
            ("max_per_unit", 0, 1),
            ("max_per_unit", False, 1),
            ("unit_level", -1, 0),
        ],
    )
    def test_it_rejects_numbers_that_are_out_of_range_or_of_the_wrong_type(self, key, value, minimum):
        (message,) = errors_of({key: value})

        assert message == f"{key} must be a whole number of at least {minimum}, got {json.dumps(value)}."

    @pytest.mark.parametrize("value", ["semua", "ALL", 1, True])
    def test_it_rejects_a_followers_mode_other_than_all_or_any(self, value):
        assert errors_of({"followers_mode": value}) == [
            f'followers_mode must be one of "all", "any", got {json.dumps(value)}.'
        ]

    def test_it_rejects_a_count_source_other_than_declared_or_verified(self):
        assert errors_of({"count_source": "api"}) == ['count_source must be one of "declared", "verified", got "api".']

    def test_it_rejects_a_birth_year_minimum_above_the_maximum(self):
        assert errors_of({"birth_year": {"min": 1996, "max": 1981}}) == [
            "birth_year.min (1996) must not be greater than birth_year.max (1981)."
        ]

    @pytest.mark.parametrize("value", [-1981, 198, "1981", True, 1981.0])
    def test_it_rejects_birth_years_that_are_not_plausible_years(self, value):
        assert errors_of({"birth_year": {"max": value}}) == [
            f"birth_year.max must be a year from 1900 to 2100, got {json.dumps(value)}."
        ]

    def test_it_rejects_a_birth_year_that_is_not_an_object_or_has_unknown_keys(self):
        assert errors_of({"birth_year": 1981}) == [
            'birth_year must be an object such as {"min": 1981, "max": 1996}, got 1981.'
        ]
        assert errors_of({"birth_year": {"from": 1981}}) == [
            "birth_year.from is not a known key; known keys: min, max."
        ]

    def test_it_rejects_unit_lists_that_are_not_lists_of_paths(self):
        assert errors_of({"units_included": "Sekretariat Jenderal"}) == [
            "units_included must be a list of unit paths such as "
            '["Sekretariat Jenderal / Biro Humas"], got "Sekretariat Jenderal".'
        ]
        assert errors_of({"units_excluded": ["Biro Humas", "", "Sekretariat Jenderal / / Biro Humas", 7]}) == [
            'units_excluded[1] must be a unit path such as "Sekretariat Jenderal / Biro Humas", got "".',
            'units_excluded[2] must be a unit path such as "Sekretariat Jenderal / Biro Humas", '
            'got "Sekretariat Jenderal / / Biro Humas".',
            'units_excluded[3] must be a unit path such as "Sekretariat Jenderal / Biro Humas", got 7.',
        ]

    def test_it_rejects_a_code_of_conduct_flag_that_is_not_a_boolean(self):
        assert errors_of({"require_code_of_conduct": "ya"}) == [
            'require_code_of_conduct must be true or false, got "ya".'
        ]

    @pytest.mark.parametrize(
        ("share", "shown"), [(0, "0"), (-0.1, "-0.1"), (1.5, "1.5"), (True, "true"), ("0.5", '"0.5"')]
    )
    def test_it_rejects_generation_shares_outside_0_to_1(self, share, shown):
        assert errors_of({"generation_mix": {"millennial": share}}) == [
            f"generation_mix.millennial must be a share greater than 0 and at most 1, got {shown}."
        ]

    def test_it_rejects_an_unknown_generation(self):
        assert errors_of({"generation_mix": {"gen_alpha": 0.1}}) == [
            "generation_mix.gen_alpha is not a known generation; known generations: boomer, gen_x, millennial, gen_z."
        ]

    def test_it_rejects_a_generation_mix_that_is_not_an_object(self):
        (message,) = errors_of({"generation_mix": [0.7, 0.3]})

        assert message.startswith("generation_mix must be an object such as")

    def test_it_collects_every_problem_at_once(self):
        messages = errors_of(
            {
                "min_followers": {"instagram": "lima ratus", "friendster": 1, "x": True},
                "followers_mode": "sebagian",
                "birth_year": {"min": 1996, "max": 1981},
                "cohort_size": 0,
                "max_per_unit": -2,
                "generation_mix": {"millennial": 2},
                "warna": "biru",
            }
        )

        assert len(messages) == 9
        assert messages[0].startswith('Unknown key "warna"')
        assert 'min_followers.instagram must be a whole number of at least 0, got "lima ratus".' in messages
        assert any(message.startswith("min_followers.friendster is not a known platform") for message in messages)
        assert "min_followers.x must be a whole number of at least 0, got true." in messages
        assert 'followers_mode must be one of "all", "any", got "sebagian".' in messages
        assert "birth_year.min (1996) must not be greater than birth_year.max (1981)." in messages
        assert "cohort_size must be a whole number of at least 1, got 0." in messages
        assert "max_per_unit must be a whole number of at least 1, got -2." in messages
        assert "generation_mix.millennial must be a share greater than 0 and at most 1, got 2." in messages

    def test_it_is_a_value_error_whose_text_joins_the_messages(self):
        with translation.override("en"), pytest.raises(ValueError, match="cohort_size") as caught:
            parse_rules({"cohort_size": 0, "max_per_unit": 0})

        assert isinstance(caught.value, RulesError)
        assert str(caught.value) == " ".join(caught.value.messages)


class TestRulesToJson:
    @pytest.mark.parametrize(
        "document",
        [
            {},
            KOMINFO,
            DIGITROOPS,
            {
                "min_followers": {"youtube": 0, "threads": 10, "linkedin": 300},
                "count_source": "verified",
                "birth_year": {"max": 1996},
                "min_tenure_months": 0,
                "units_included": ["Sekretariat Jenderal"],
                "units_excluded": ["Sekretariat Jenderal / Biro Humas"],
                "require_code_of_conduct": True,
                "unit_level": 0,
                "generation_mix": {"gen_z": 0.25, "millennial": 1, "boomer": 0.05},
            },
        ],
    )
    def test_it_round_trips_through_parse_rules(self, document):
        parsed = parse_rules(document)

        assert parse_rules(rules_to_json(parsed)) == parsed
        assert parse_rules(json.loads(json.dumps(rules_to_json(parsed)))) == parsed

    def test_it_writes_every_key_in_a_canonical_form(self):
        assert rules_to_json(parse_rules(KOMINFO)) == {
            "min_followers": {"instagram": 500, "facebook": 500, "x": 500},
            "followers_mode": "all",
            "count_source": "declared",
            "birth_year": {"min": None, "max": None},
            "min_tenure_months": None,
            "units_included": [],
            "units_excluded": [],
            "require_code_of_conduct": False,
            "cohort_size": None,
            "max_per_unit": None,
            "unit_level": None,
            "generation_mix": {},
        }
        assert list(rules_to_json(parse_rules(KOMINFO))) == list(rules.KNOWN_KEYS)

    def test_it_writes_twitter_as_x(self):
        assert rules_to_json(parse_rules({"min_followers": {"twitter": 500}}))["min_followers"] == {"x": 500}

    def test_it_round_trips_rules_built_in_code(self):
        built = ProgramRules(min_followers={"x": 1, "instagram": 2}, generation_mix={"gen_z": 0.5, "gen_x": 0.5})

        assert parse_rules(rules_to_json(built)) == built


# --- evaluate -----------------------------------------------------------------------------------


class TestEvaluateFollowers:
    def test_it_admits_a_kominfo_civil_servant_with_500_on_each_platform(self):
        evaluation = evaluate(
            person(instagram=fact(500), facebook=fact(800), x=fact(12000)), parse_rules(KOMINFO), today=TODAY
        )

        assert evaluation.eligible
        assert [reason.rule for reason in evaluation.reasons] == [
            "min_followers.instagram",
            "min_followers.facebook",
            "min_followers.x",
        ]
        assert all(reason.passed and reason.decisive for reason in evaluation.reasons)
        assert evaluation.failed_reasons == ()

    def test_it_refuses_a_kominfo_civil_servant_short_on_one_platform(self):
        evaluation = evaluate(
            person(instagram=fact(430), facebook=fact(1200), x=fact(800)), parse_rules(KOMINFO), today=TODAY
        )

        assert not evaluation.eligible
        instagram = reason_for(evaluation, "min_followers.instagram")
        assert not instagram.passed
        assert instagram.text_id == "Pengikut Instagram 430 < 500"
        assert instagram.text_en == "Instagram followers 430 < 500"
        assert evaluation.failed_reasons == (instagram,)

    def test_it_writes_thousands_the_indonesian_and_the_english_way(self):
        evaluation = evaluate(
            person(instagram=fact(1200), facebook=fact(1_234_567), x=fact(500)), parse_rules(KOMINFO), today=TODAY
        )

        assert reason_for(evaluation, "min_followers.instagram").text_id == "Pengikut Instagram 1.200 ≥ 500"
        assert reason_for(evaluation, "min_followers.instagram").text_en == "Instagram followers 1,200 ≥ 500"
        assert reason_for(evaluation, "min_followers.facebook").text_id == "Pengikut Facebook 1.234.567 ≥ 500"

    @pytest.mark.parametrize("language", ["id", "en"])
    def test_it_writes_both_languages_whatever_language_is_active(self, language):
        with translation.override(language):
            evaluation = evaluate(person(instagram=fact(430)), parse_rules(KOMINFO), today=TODAY)

        reason = reason_for(evaluation, "min_followers.instagram")
        assert (reason.text_id, reason.text_en) == ("Pengikut Instagram 430 < 500", "Instagram followers 430 < 500")

    def test_it_fails_a_platform_without_an_account_or_a_count(self):
        evaluation = evaluate(person(instagram=fact(900), x=fact(None)), parse_rules(KOMINFO), today=TODAY)

        facebook = reason_for(evaluation, "min_followers.facebook")
        assert not facebook.passed
        assert facebook.text_id == "Akun Facebook atau jumlah pengikutnya tidak tercatat"
        assert facebook.text_en == "No Facebook account or follower count recorded"
        assert not reason_for(evaluation, "min_followers.x").passed
        assert not evaluation.eligible

    def test_it_reads_a_minimum_of_0_as_having_an_account(self):
        parsed = parse_rules({"min_followers": {"tiktok": 0}})

        assert evaluate(person(tiktok=fact(0)), parsed, today=TODAY).eligible
        assert not evaluate(person(), parsed, today=TODAY).eligible

    def test_it_uses_the_verified_count_when_no_other_count_is_recorded(self):
        parsed = parse_rules({"min_followers": {"x": 500}})

        assert evaluate(person(x=fact(None, 700)), parsed, today=TODAY).eligible


class TestEvaluateFollowersAnyMode:
    RULES = parse_rules(
        {"min_followers": {"instagram": 1000, "facebook": 1000, "tiktok": 1000}, "followers_mode": "any"}
    )

    def test_it_admits_a_person_who_meets_one_minimum_despite_failing_the_others(self):
        evaluation = evaluate(person(instagram=fact(400), tiktok=fact(25_000)), self.RULES, today=TODAY)

        assert evaluation.eligible
        assert [(reason.rule, reason.passed, reason.decisive) for reason in evaluation.reasons] == [
            ("min_followers.instagram", False, False),
            ("min_followers.facebook", False, False),
            ("min_followers.tiktok", True, False),
            ("followers_mode", True, True),
        ]
        overall = reason_for(evaluation, "followers_mode")
        assert overall.text_id == "Minimal pengikut terpenuhi di TikTok"
        assert overall.text_en == "Follower minimum met on TikTok"
        assert evaluation.failed_reasons == ()

    def test_it_names_every_platform_that_meets_its_minimum(self):
        evaluation = evaluate(person(instagram=fact(1000), tiktok=fact(1001)), self.RULES, today=TODAY)

        assert reason_for(evaluation, "followers_mode").text_en == "Follower minimum met on Instagram, TikTok"

    def test_it_refuses_a_person_who_meets_no_minimum(self):
        evaluation = evaluate(person(instagram=fact(999), facebook=fact(10)), self.RULES, today=TODAY)

        assert not evaluation.eligible
        overall = reason_for(evaluation, "followers_mode")
        assert not overall.passed
        assert overall.text_id == "Minimal pengikut tidak terpenuhi di platform mana pun"
        assert overall.text_en == "Follower minimum not met on any platform"
        assert evaluation.failed_reasons == (overall,)

    def test_it_adds_no_overall_reason_in_all_mode_or_without_a_follower_rule(self):
        assert "followers_mode" not in [r.rule for r in evaluate(person(), parse_rules(KOMINFO), today=TODAY).reasons]
        assert evaluate(person(), parse_rules({"followers_mode": "any"}), today=TODAY).reasons == ()


class TestEvaluateCountSource:
    RULES = parse_rules({"min_followers": {"instagram": 500}, "count_source": "verified"})

    def test_it_fails_a_count_that_is_only_declared_as_not_verified_yet(self):
        evaluation = evaluate(person(instagram=fact(1200)), self.RULES, today=TODAY)

        reason = reason_for(evaluation, "min_followers.instagram")
        assert not evaluation.eligible
        assert reason.text_id == "Pengikut Instagram 1.200 belum diverifikasi"
        assert reason.text_en == "Instagram followers 1,200 not verified yet"

    def test_it_admits_a_verified_count_at_the_minimum(self):
        evaluation = evaluate(person(instagram=fact(1300, 1200)), self.RULES, today=TODAY)

        reason = reason_for(evaluation, "min_followers.instagram")
        assert evaluation.eligible
        assert reason.text_id == "Pengikut Instagram 1.200 ≥ 500 (terverifikasi)"
        assert reason.text_en == "Instagram followers 1,200 ≥ 500 (verified)"

    def test_it_fails_a_verified_count_below_the_minimum(self):
        evaluation = evaluate(person(instagram=fact(430, 430)), self.RULES, today=TODAY)

        assert not evaluation.eligible
        assert (
            reason_for(evaluation, "min_followers.instagram").text_id == "Pengikut Instagram 430 < 500 (terverifikasi)"
        )

    def test_it_says_when_a_newer_count_would_pass_but_is_not_verified_yet(self):
        evaluation = evaluate(person(instagram=fact(1200, 430)), self.RULES, today=TODAY)

        reason = reason_for(evaluation, "min_followers.instagram")
        assert not reason.passed
        assert reason.text_id == "Pengikut Instagram terverifikasi 430 < 500; 1.200 belum diverifikasi"
        assert reason.text_en == "Instagram verified followers 430 < 500; 1,200 not verified yet"

    def test_it_fails_a_missing_account_as_not_recorded(self):
        reason = reason_for(evaluate(person(), self.RULES, today=TODAY), "min_followers.instagram")

        assert reason.text_en == "No Instagram account or follower count recorded"

    def test_it_counts_declared_counts_in_declared_mode(self):
        parsed = parse_rules({"min_followers": {"instagram": 500}, "count_source": "declared"})

        assert evaluate(person(instagram=fact(1200)), parsed, today=TODAY).eligible


class TestEvaluateBirthYear:
    RULES = parse_rules({"birth_year": {"min": 1981, "max": 1996}})

    @pytest.mark.parametrize("year", [1981, 1990, 1996])
    def test_it_admits_birth_years_in_the_range(self, year):
        evaluation = evaluate(person(born=date(year, 12, 31)), self.RULES, today=TODAY)

        assert evaluation.eligible
        assert reason_for(evaluation, "birth_year").text_id == f"Tahun lahir {year} dalam rentang 1981–1996"
        assert reason_for(evaluation, "birth_year").text_en == f"Birth year {year} within 1981–1996"

    @pytest.mark.parametrize("year", [1980, 1997])
    def test_it_refuses_birth_years_outside_the_range(self, year):
        evaluation = evaluate(person(born=date(year, 1, 1)), self.RULES, today=TODAY)

        assert not evaluation.eligible
        assert reason_for(evaluation, "birth_year").text_id == f"Tahun lahir {year} di luar rentang 1981–1996"

    def test_it_fails_a_missing_birth_date_in_words(self):
        evaluation = evaluate(person(born=None), self.RULES, today=TODAY)

        reason = reason_for(evaluation, "birth_year")
        assert not evaluation.eligible
        assert (reason.text_id, reason.text_en) == ("Tanggal lahir tidak tercatat", "Birth date not recorded")

    def test_it_checks_a_minimum_alone(self):
        parsed = parse_rules({"birth_year": {"min": 1981}})

        assert reason_for(evaluate(person(born=date(2001, 1, 1)), parsed, today=TODAY), "birth_year").text_id == (
            "Tahun lahir 2001 ≥ 1981"
        )
        refused = evaluate(person(born=date(1975, 1, 1)), parsed, today=TODAY)
        assert not refused.eligible
        assert reason_for(refused, "birth_year").text_en == "Birth year 1975 < 1981"

    def test_it_checks_a_maximum_alone(self):
        parsed = parse_rules({"birth_year": {"max": 1996}})

        assert reason_for(evaluate(person(born=date(1970, 1, 1)), parsed, today=TODAY), "birth_year").text_en == (
            "Birth year 1970 ≤ 1996"
        )
        refused = evaluate(person(born=date(2000, 1, 1)), parsed, today=TODAY)
        assert not refused.eligible
        assert reason_for(refused, "birth_year").text_id == "Tahun lahir 2000 > 1996"


class TestEvaluateTenure:
    RULES = parse_rules({"min_tenure_months": 12})

    def test_it_refuses_a_person_with_too_short_a_tenure(self):
        evaluation = evaluate(person(joined=date(2024, 10, 30)), self.RULES, today=TODAY)

        reason = reason_for(evaluation, "min_tenure_months")
        assert not evaluation.eligible
        assert reason.text_id == "Masa kerja 8 bulan < 12 bulan"
        assert reason.text_en == "Tenure 8 months < 12 months"

    def test_it_admits_a_person_on_the_day_the_tenure_is_reached(self):
        evaluation = evaluate(person(joined=date(2024, 6, 30)), self.RULES, today=TODAY)

        assert evaluation.eligible
        assert reason_for(evaluation, "min_tenure_months").text_id == "Masa kerja 12 bulan ≥ 12 bulan"

    def test_it_refuses_a_person_one_day_short(self):
        assert not evaluate(person(joined=date(2024, 7, 1)), self.RULES, today=TODAY).eligible

    def test_it_writes_one_month_in_the_singular(self):
        evaluation = evaluate(person(joined=date(2025, 5, 30)), self.RULES, today=TODAY)

        assert reason_for(evaluation, "min_tenure_months").text_en == "Tenure 1 month < 12 months"

    def test_it_fails_a_missing_start_date_in_words(self):
        evaluation = evaluate(person(joined=None), self.RULES, today=TODAY)

        reason = reason_for(evaluation, "min_tenure_months")
        assert not evaluation.eligible
        assert (reason.text_id, reason.text_en) == ("Tanggal mulai bekerja tidak tercatat", "Start date not recorded")

    def test_it_treats_a_start_date_in_the_future_as_no_tenure(self):
        evaluation = evaluate(person(joined=date(2025, 9, 1)), self.RULES, today=TODAY)

        assert reason_for(evaluation, "min_tenure_months").text_en == "Tenure 0 months < 12 months"


class TestEvaluateUnits:
    def test_it_admits_a_person_inside_an_included_unit(self):
        parsed = parse_rules({"units_included": ["Direktorat Jenderal A", "Sekretariat Jenderal"]})

        evaluation = evaluate(person(unit=HUMAS), parsed, today=TODAY)

        reason = reason_for(evaluation, "units_included")
        assert evaluation.eligible
        assert reason.text_id == "Unit Sekretariat Jenderal / Biro Humas termasuk Sekretariat Jenderal"
        assert reason.text_en == "Unit Sekretariat Jenderal / Biro Humas is within Sekretariat Jenderal"

    def test_it_refuses_a_person_outside_the_included_units(self):
        parsed = parse_rules({"units_included": ["Sekretariat Jenderal / Biro Humas", "Direktorat Jenderal B"]})

        evaluation = evaluate(person(unit=("Sekretariat Jenderal", "Biro Hukum")), parsed, today=TODAY)

        assert not evaluation.eligible
        assert reason_for(evaluation, "units_included").text_en == (
            "Unit Sekretariat Jenderal / Biro Hukum is outside the included units: "
            "Sekretariat Jenderal / Biro Humas; Direktorat Jenderal B"
        )

    def test_it_refuses_a_person_in_the_parent_of_an_included_unit(self):
        parsed = parse_rules({"units_included": ["Sekretariat Jenderal / Biro Humas"]})

        assert not evaluate(person(unit=("Sekretariat Jenderal",)), parsed, today=TODAY).eligible

    def test_it_refuses_a_person_without_a_unit_when_units_are_included(self):
        evaluation = evaluate(person(unit=()), parse_rules({"units_included": ["Sekretariat Jenderal"]}), today=TODAY)

        assert not evaluation.eligible
        assert reason_for(evaluation, "units_included").text_id == "Unit kerja tidak tercatat"

    def test_it_refuses_a_person_inside_an_excluded_unit(self):
        parsed = parse_rules({"units_excluded": ["Sekretariat Jenderal"]})

        evaluation = evaluate(person(unit=(*HUMAS, "Bagian Media")), parsed, today=TODAY)

        reason = reason_for(evaluation, "units_excluded")
        assert not evaluation.eligible
        assert reason.text_id == (
            "Unit Sekretariat Jenderal / Biro Humas / Bagian Media termasuk unit yang dikecualikan: "
            "Sekretariat Jenderal"
        )

    def test_it_admits_a_person_outside_the_excluded_units_or_without_a_unit(self):
        parsed = parse_rules({"units_excluded": ["Sekretariat Jenderal / Biro Humas"]})

        elsewhere = evaluate(person(unit=("Sekretariat Jenderal", "Biro Hukum")), parsed, today=TODAY)
        nowhere = evaluate(person(unit=()), parsed, today=TODAY)

        assert elsewhere.eligible
        assert reason_for(elsewhere, "units_excluded").text_en == (
            "Unit Sekretariat Jenderal / Biro Hukum is not within an excluded unit"
        )
        assert nowhere.eligible

    def test_it_lets_an_exclusion_carve_a_unit_out_of_an_included_one(self):
        parsed = parse_rules(
            {"units_included": ["Sekretariat Jenderal"], "units_excluded": ["Sekretariat Jenderal / Biro Humas"]}
        )

        assert evaluate(person(unit=("Sekretariat Jenderal", "Biro Hukum")), parsed, today=TODAY).eligible
        refused = evaluate(person(unit=(*HUMAS, "Bagian Media")), parsed, today=TODAY)
        assert not refused.eligible
        assert [reason.rule for reason in refused.failed_reasons] == ["units_excluded"]


class TestEvaluateCodeOfConduct:
    RULES = parse_rules({"require_code_of_conduct": True})

    def test_it_refuses_a_person_who_has_not_accepted_the_code_of_conduct(self):
        evaluation = evaluate(person(code_of_conduct=False), self.RULES, today=TODAY)

        assert not evaluation.eligible
        assert reason_for(evaluation, "code_of_conduct").text_id == "Kode etik bermedia sosial belum disetujui"

    def test_it_admits_a_person_who_has(self):
        evaluation = evaluate(person(code_of_conduct=True), self.RULES, today=TODAY)

        assert evaluation.eligible
        assert reason_for(evaluation, "code_of_conduct").text_en == "Social media code of conduct accepted"

    def test_it_does_not_check_when_not_required(self):
        assert evaluate(person(code_of_conduct=False), ProgramRules(min_followers={}), today=TODAY).reasons == ()


class TestEvaluate:
    def test_it_admits_everyone_when_no_rule_is_set(self):
        evaluation = evaluate(person(unit=(), born=None, joined=None), ProgramRules(min_followers={}), today=TODAY)

        assert evaluation == rules.Evaluation(employee_id="E1", eligible=True, reasons=())

    def test_it_gives_one_reason_per_rule_in_a_stable_order(self):
        parsed = parse_rules(
            {
                "require_code_of_conduct": True,
                "units_excluded": ["Direktorat Jenderal A"],
                "units_included": ["Sekretariat Jenderal"],
                "min_tenure_months": 6,
                "birth_year": {"min": 1981},
                "followers_mode": "any",
                "min_followers": {"x": 1000, "instagram": 1000},
            }
        )

        evaluation = evaluate(person(instagram=fact(2000)), parsed, today=TODAY)

        assert [reason.rule for reason in evaluation.reasons] == [
            "min_followers.instagram",
            "min_followers.x",
            "followers_mode",
            "birth_year",
            "min_tenure_months",
            "units_included",
            "units_excluded",
            "code_of_conduct",
        ]
        assert [reason.rule for reason in evaluation.failed_reasons] == ["code_of_conduct"]
        assert evaluation.employee_id == "E1"


# --- score --------------------------------------------------------------------------------------


class TestScore:
    def test_it_gives_0_to_a_person_without_followers(self):
        assert score(person()) == (0.0, {"reach": 0.0, "verification": 0.0})

    @pytest.mark.parametrize(
        ("total", "reach"),
        [(9, 11.7), (99, 23.3), (999, 35.0), (1200, 35.9), (999_999, 70.0), (5_000_000, 70.0)],
    )
    def test_it_grows_reach_on_a_log_scale_up_to_a_million_followers(self, total, reach):
        assert score(person(instagram=fact(total)))[1]["reach"] == reach

    def test_it_adds_followers_over_platforms(self):
        _, parts = score(person(instagram=fact(500), tiktok=fact(499), facebook=fact(None)))

        assert parts["reach"] == 35.0

    def test_it_gives_verification_for_the_share_of_verified_counts(self):
        assert score(person(instagram=fact(999, 999)))[1]["verification"] == 30.0
        assert score(person(instagram=fact(500, 500), x=fact(499)))[1]["verification"] == 15.0
        assert score(person(instagram=fact(500), x=fact(499), tiktok=fact(None, None)))[1]["verification"] == 0.0

    def test_it_adds_up_its_parts_to_the_score(self):
        total, parts = score(person(instagram=fact(1200, 1000), x=fact(345), youtube=fact(77, 77)))

        assert parts == {"reach": 37.5, "verification": 20.0}
        assert total == 57.5
        assert math.isclose(sum(parts.values()), total)

    def test_it_rounds_to_one_decimal_and_stays_within_0_and_100(self):
        total, parts = score(person(instagram=fact(10_000_000, 10_000_000)))

        assert total == 100.0
        assert parts == {"reach": 70.0, "verification": 30.0}
        assert score(person(x=fact(99)))[0] == 23.3


# --- select_cohort ------------------------------------------------------------------------------


DIRECTORATES = (
    "Direktorat Produksi",
    "Direktorat Pemasaran",
    "Direktorat Keuangan",
    "Direktorat SDM",
    "Direktorat Riset",
    "Direktorat Transformasi",
    "Direktorat Operasi",
    "Sekretariat Perusahaan",
)


def digitroops_staff(count: int = 60, *, seed: int = 2022) -> list[PersonFacts]:
    """People spread over the 8 units (directorates), each person in one of two sections of theirs."""
    rng = random.Random(seed)
    staff = []
    for index in range(count):
        directorate = DIRECTORATES[index % len(DIRECTORATES)]
        section = f"Bagian {1 + (index // len(DIRECTORATES)) % 2}"
        followers = {
            platform: fact(declared, declared if rng.random() < 0.5 else None)
            for platform in ("instagram", "facebook", "x", "tiktok")
            if rng.random() < 0.7
            for declared in [int(10 ** rng.uniform(2, 5))]
        }
        staff.append(
            PersonFacts(
                employee_id=f"BF{index:03d}",
                name=f"Pegawai {index}",
                unit_path=(directorate, section),
                birth_date=date(rng.randint(1977, 2000), rng.randint(1, 12), rng.randint(1, 28)),
                joined_on=date(2015, 1, 1),
                followers=followers,
            )
        )
    return staff


def ranked_key(decision: Decision) -> tuple[float, float, str]:
    return (-decision.score, -decision.score_parts["verification"], decision.employee_id)


class TestSelectCohortDigitroops:
    RULES = parse_rules(DIGITROOPS)

    def eligible_staff(self) -> list[PersonFacts]:
        staff = digitroops_staff()
        eligible = [p for p in staff if evaluate(p, self.RULES, today=TODAY).eligible]
        assert 30 <= len(eligible) < len(staff)  # the data exercises both the rules and the limits
        return eligible

    def test_it_chooses_20_millennials_with_at_most_2_per_unit_in_score_order(self):
        eligible = self.eligible_staff()

        decisions = select_cohort(eligible, self.RULES)

        chosen = [decision for decision in decisions if decision.chosen]
        assert len(chosen) == 20
        assert decisions[:20] == chosen
        assert all(decision.generation == "millennial" for decision in chosen)
        per_unit = {unit: sum(1 for d in chosen if d.unit == unit) for unit in {d.unit for d in chosen}}
        assert max(per_unit.values()) <= 2
        assert len({unit.split(" / ")[0] for unit in per_unit}) == 8  # from various work units
        assert chosen == sorted(chosen, key=ranked_key)
        assert [decision.reason_id.rsplit(" ", 1)[1] for decision in chosen] == [str(n) for n in range(1, 21)]

    def test_it_gives_every_person_one_decision_and_every_other_person_a_reason(self):
        eligible = self.eligible_staff()

        decisions = select_cohort(eligible, self.RULES)

        assert sorted(d.employee_id for d in decisions) == sorted(p.employee_id for p in eligible)
        others = decisions[20:]
        assert others
        assert others == sorted(others, key=ranked_key)
        for decision in others:
            assert not decision.chosen
            assert decision.reason_id.startswith("Tidak terpilih: ")
            assert decision.reason_en.startswith("Not chosen: ")
        assert any(d.reason_id.startswith("Tidak terpilih: unit ") for d in others)
        assert any(d.reason_id == "Tidak terpilih: angkatan sudah 20 orang" for d in others)
        assert any(d.reason_en == "Not chosen: the cohort already has 20 people" for d in others)

    def test_it_passes_over_a_unit_that_is_full_for_a_lower_score_elsewhere(self):
        eligible = self.eligible_staff()

        decisions = select_cohort(eligible, self.RULES)

        unit_full = next(d for d in decisions if d.reason_id.startswith("Tidak terpilih: unit "))
        assert unit_full.reason_id == f"Tidak terpilih: unit {unit_full.unit} sudah 2 orang (maksimum 2)"
        assert unit_full.reason_en == f"Not chosen: unit {unit_full.unit} already has 2 people (maximum 2)"
        assert any(d.chosen and d.score <= unit_full.score for d in decisions)

    def test_it_counts_the_limit_per_top_level_unit_with_unit_level_0(self):
        level_0 = ProgramRules(**{**self.RULES.__dict__, "unit_level": 0})

        decisions = select_cohort(self.eligible_staff(), level_0)

        chosen = [decision for decision in decisions if decision.chosen]
        assert len(chosen) == 16  # 8 units x 2: the cohort cannot fill up
        assert {decision.unit for decision in chosen} == set(DIRECTORATES)
        assert all(decision.unit in DIRECTORATES for decision in decisions)
        assert not any(d.reason_id.startswith("Tidak terpilih: angkatan") for d in decisions)


class TestSelectCohort:
    def test_it_writes_the_rank_and_score_in_both_languages(self):
        decisions = select_cohort(
            [person("A", instagram=fact(99)), person("B", instagram=fact(999, 999))], ProgramRules()
        )

        assert [(d.employee_id, d.reason_id, d.reason_en) for d in decisions] == [
            ("B", "Terpilih: skor 65,0, peringkat 1", "Chosen: score 65.0, rank 1"),
            ("A", "Terpilih: skor 23,3, peringkat 2", "Chosen: score 23.3, rank 2"),
        ]
        assert decisions[0].score_parts == {"reach": 35.0, "verification": 30.0}

    def test_it_chooses_everyone_without_a_size(self):
        people = [person(f"E{n}", instagram=fact(n * 100)) for n in range(1, 6)]

        decisions = select_cohort(people, ProgramRules())

        assert all(decision.chosen for decision in decisions)
        assert [decision.employee_id for decision in decisions] == ["E5", "E4", "E3", "E2", "E1"]

    def test_it_lets_the_size_argument_override_the_cohort_size(self):
        people = [person(f"E{n}", instagram=fact(n * 100)) for n in range(1, 6)]

        assert sum(d.chosen for d in select_cohort(people, ProgramRules(cohort_size=4), size=2)) == 2
        assert sum(d.chosen for d in select_cohort(people, ProgramRules(cohort_size=4))) == 4
        assert not any(d.chosen for d in select_cohort(people, ProgramRules(cohort_size=4), size=0))

    def test_it_breaks_ties_by_verification_then_employee_id(self):
        people = [
            person("E1", instagram=fact(19_300)),  # reach 50.0 + verification 0.0
            person("E2", instagram=fact(19_300)),
            person("E9", instagram=fact(500, 500), x=fact(499)),  # reach 35.0 + verification 15.0
        ]
        assert {score(p)[0] for p in people} == {50.0}

        decisions = select_cohort(list(reversed(people)), ProgramRules(), size=2)

        assert [(d.employee_id, d.chosen) for d in decisions] == [("E9", True), ("E1", True), ("E2", False)]

    def test_it_is_deterministic_whatever_the_input_order(self):
        people = digitroops_staff(30)
        parsed = parse_rules(DIGITROOPS)

        assert select_cohort(people, parsed) == select_cohort(list(reversed(people)), parsed)

    def test_it_gives_people_without_a_unit_one_shared_limit(self):
        people = [person(f"E{n}", unit=(), instagram=fact(n * 100)) for n in range(1, 4)]

        decisions = select_cohort(people, ProgramRules(max_per_unit=2))

        assert [d.chosen for d in decisions] == [True, True, False]
        assert decisions[2].unit == ""
        assert decisions[2].reason_id == "Tidak terpilih: sudah 2 orang tanpa unit kerja (maksimum 2)"
        assert decisions[2].reason_en == "Not chosen: already 2 people without a work unit (maximum 2)"

    def test_it_counts_a_person_above_the_unit_level_against_their_own_unit(self):
        people = [
            person("E1", unit=("Sekretariat Jenderal",), instagram=fact(900)),
            person("E2", unit=HUMAS, instagram=fact(800)),
            person("E3", unit=(*HUMAS, "Bagian Media"), instagram=fact(700)),
        ]

        decisions = select_cohort(people, ProgramRules(max_per_unit=1, unit_level=1))

        assert [(d.employee_id, d.chosen, d.unit) for d in decisions] == [
            ("E1", True, "Sekretariat Jenderal"),
            ("E2", True, "Sekretariat Jenderal / Biro Humas"),
            ("E3", False, "Sekretariat Jenderal / Biro Humas"),
        ]
        assert (
            decisions[2].reason_en
            == "Not chosen: unit Sekretariat Jenderal / Biro Humas already has 1 person (maximum 1)"
        )

    def test_it_treats_unit_names_alike_whatever_their_case(self):
        people = [
            person("E1", unit=("Biro Humas",), instagram=fact(900)),
            person("E2", unit=("biro  humas",), instagram=fact(800)),
        ]

        assert [d.chosen for d in select_cohort(people, ProgramRules(max_per_unit=1))] == [True, False]

    def test_it_returns_nothing_for_nobody(self):
        assert select_cohort([], parse_rules(DIGITROOPS)) == []

    def test_it_refuses_a_negative_size_or_the_same_person_twice(self):
        with pytest.raises(ValueError, match="at least 0"):
            select_cohort([person()], ProgramRules(), size=-1)
        with pytest.raises(ValueError, match="duplicate"):
            select_cohort([person("E1"), person("E1")], ProgramRules())


class TestSelectCohortGenerationMix:
    def people(self, *, best: str = "millennial") -> list[PersonFacts]:
        """Ten millennials and ten of Gen Z; the generation ``best`` has the higher scores."""
        high, low = (10_000, 5_000) if best == "millennial" else (5_000, 10_000)
        millennials = [person(f"M{n:02d}", born=date(1990, 1, 1), instagram=fact(high - n)) for n in range(10)]
        gen_z = [person(f"Z{n:02d}", born=date(2000, 1, 1), instagram=fact(low - n)) for n in range(10)]
        return millennials + gen_z

    def test_it_caps_each_generation_at_its_share_of_the_cohort(self):
        parsed = parse_rules({"generation_mix": {"millennial": 0.7, "gen_z": 0.3}})

        decisions = select_cohort(self.people(), parsed, size=10)

        chosen = [d for d in decisions if d.chosen]
        assert [d.generation for d in chosen].count("millennial") == 7
        assert [d.generation for d in chosen].count("gen_z") == 3
        refused = next(d for d in decisions if not d.chosen and d.generation == "millennial")
        assert refused.reason_id == "Tidak terpilih: kuota generasi milenial penuh"
        assert refused.reason_en == "Not chosen: the millennial quota is full"
        refused_z = next(d for d in decisions if not d.chosen and d.generation == "gen_z")
        assert refused_z.reason_id == "Tidak terpilih: angkatan sudah 10 orang"

    def test_it_leaves_the_cohort_short_rather_than_break_a_quota(self):
        parsed = parse_rules({"generation_mix": {"millennial": 0.5, "gen_z": 0.2}})

        decisions = select_cohort(self.people(), parsed, size=10)

        assert sum(d.chosen for d in decisions) == 7
        assert {d.reason_en for d in decisions if not d.chosen} == {
            "Not chosen: the millennial quota is full",
            "Not chosen: the Gen Z quota is full",
        }

    def test_it_leaves_generations_outside_the_mix_unlimited(self):
        parsed = parse_rules({"generation_mix": {"gen_z": 0.2}})

        chosen = [d for d in select_cohort(self.people(best="gen_z"), parsed, size=10) if d.chosen]

        assert [d.generation for d in chosen].count("millennial") == 8
        assert [d.generation for d in chosen].count("gen_z") == 2

    def test_it_allows_at_least_one_person_for_a_small_share(self):
        parsed = parse_rules({"generation_mix": {"gen_z": 0.01, "millennial": 1}})

        chosen = [d for d in select_cohort(self.people(best="gen_z"), parsed, size=10) if d.chosen]

        assert [d.generation for d in chosen].count("gen_z") == 1
        assert len(chosen) == 10

    def test_it_writes_other_generations_by_their_names(self):
        people = [person("X1", born=date(1970, 1, 1)), person("X2", born=date(1971, 1, 1))]

        decisions = select_cohort(people, parse_rules({"generation_mix": {"gen_x": 0.5}}), size=2)

        assert decisions[1].reason_id == "Tidak terpilih: kuota generasi X penuh"
        assert decisions[1].reason_en == "Not chosen: the Gen X quota is full"

    @pytest.mark.parametrize(
        ("mix", "size", "quotas"),
        [
            ({"millennial": 0.7, "gen_z": 0.3}, 20, {"millennial": 14, "gen_z": 6}),
            ({"millennial": 0.29}, 100, {"millennial": 29}),
            ({"gen_z": 0.01}, 20, {"gen_z": 1}),
            ({"boomer": 1.0}, 7, {"boomer": 7}),
        ],
    )
    def test_it_computes_quotas_as_floor_of_share_times_size_at_least_1(self, mix, size, quotas):
        assert rules.generation_quotas(mix, size) == quotas
