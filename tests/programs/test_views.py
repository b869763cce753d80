from __future__ import annotations

import io
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from PIL import Image

from duta.core.models import AuditEvent
from duta.people.models import CountSource, Employee, FollowerSnapshot, SocialAccount
from duta.programs import services
from duta.programs.models import Candidate, CohortSelection, Consent, Program, Stage, StageChange
from duta.programs.rules import parse_rules, rules_to_json
from duta.programs.texts import rules_in_words
from tests.factories import CandidateFactory, EmployeeFactory, ProgramFactory, SocialAccountFactory
from tests.organizations.helpers import assert_audited
from tests.support import login_client

HTMX = {"HX-Request": "true"}
KOMINFO_RULES = {"min_followers": {"facebook": 500, "x": 500, "instagram": 500}, "cohort_size": 2}


def url(name: str, *args) -> str:
    return reverse(f"programs:{name}", args=["contoh", *args])


def html(response) -> str:
    return response.content.decode()


def png(size: tuple[int, int] = (60, 30)) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", size, "white").save(buffer, format="PNG")
    return SimpleUploadedFile("profil.png", buffer.getvalue(), content_type="image/png")


def speak(membership, language: str) -> None:
    membership.user.language = language
    membership.user.save(update_fields=["language"])


def indonesian(client_for, membership):
    """A client of a member who reads the pages in Bahasa Indonesia (the default language)."""
    client = client_for(membership)
    speak(membership, "id")
    return client


@pytest.fixture
def client_for():
    """Clients of members who read the pages in English, so that assertions read the source texts."""

    def make(membership):
        speak(membership, "en")
        return login_client(membership.user)

    return make


@pytest.fixture
def program(org):
    return ProgramFactory(organization=org, slug="duta-2025", name="Duta Digital 2025", rules=KOMINFO_RULES)


def employee_with_followers(org, unit, name: str, followers: int, **kwargs) -> Employee:
    employee = EmployeeFactory(organization=org, unit=unit, name=name, **kwargs)
    for platform in ("instagram", "facebook", "x"):
        SocialAccountFactory(employee=employee, platform=platform, handle=f"{name.split()[0].lower()}{platform}")
    SocialAccount.objects.filter(employee=employee).update(followers=followers)
    return employee


@pytest.fixture
def employee_media(org, unit_media):
    return employee_with_followers(org, unit_media, "Ayu Media", 900)


@pytest.fixture
def employee_ditjen(org, unit_ditjen):
    return employee_with_followers(org, unit_ditjen, "Budi Ditjen", 100)


@pytest.fixture
def candidate(program, employee_media):
    return CandidateFactory(program=program, employee=employee_media, stage=Stage.APPLIED)


@pytest.fixture
def ditjen_candidate(program, employee_ditjen):
    return CandidateFactory(program=program, employee=employee_ditjen, stage=Stage.APPLIED)


@pytest.fixture
def ambassador_employee(org, unit_media, ambassador):
    """The ambassador persona on the HR roster, found by their e-mail."""
    return EmployeeFactory(organization=org, unit=unit_media, name="Putri Duta", email="duta@contoh.test")


@pytest.fixture
def program_pages(program, candidate):
    return [
        ("get", url("program_list")),
        ("post", url("program_list")),
        ("get", url("program_detail", program.slug)),
        ("post", url("program_detail", program.slug)),
        ("get", url("program_edit", program.slug)),
        ("post", url("program_edit", program.slug)),
        ("get", url("program_rules_export", program.slug)),
        ("get", url("program_evaluation", program.slug)),
        ("get", url("candidate_list", program.slug)),
        ("get", url("candidate_detail", program.slug, candidate.pk)),
        ("post", url("candidate_detail", program.slug, candidate.pk)),
        ("get", url("candidate_nominate", program.slug)),
        ("post", url("candidate_nominate", program.slug)),
        ("get", url("program_apply", program.slug)),
        ("post", url("program_apply", program.slug)),
        ("get", url("program_withdraw", program.slug)),
        ("post", url("program_withdraw", program.slug)),
        ("get", url("cohort", program.slug)),
        ("post", url("cohort", program.slug)),
    ]


class TestProgramPagesForOutsiders:
    def test_a_member_of_another_organization_gets_404_everywhere(self, client_for, outsider_admin, program_pages):
        client = client_for(outsider_admin)
        data = {"action": "evaluate", "stage": "eligible", "reason": "x", "slug": "x", "name": "x", "confirm": "yes"}

        for method, page in program_pages:
            response = getattr(client, method)(page, data if method == "post" else None)
            assert response.status_code == 404, (method, page)

        assert Program.objects.count() == 1
        assert Candidate.objects.get().stage == Stage.APPLIED
        assert not AuditEvent.objects.exists()

    def test_an_anonymous_visitor_is_sent_to_log_in(self, client, program_pages):
        for method, page in program_pages:
            response = getattr(client, method)(page)
            assert response.status_code == 302, (method, page)
            assert response.url.startswith(reverse("accounts:login"))

    def test_programs_and_candidates_of_another_organization_are_404_under_one_s_own_slug(
        self, client_for, pr_admin, outsider_admin, program, candidate
    ):
        foreign = ProgramFactory(organization=outsider_admin.organization, slug="asing")
        foreign_candidate = CandidateFactory(program=foreign)
        client = client_for(pr_admin)

        assert client.get(url("program_detail", "asing")).status_code == 404
        assert client.get(url("candidate_detail", program.slug, foreign_candidate.pk)).status_code == 404
        assert client.get(url("candidate_detail", "asing", candidate.pk)).status_code == 404


ADMIN_ONLY = [
    ("get", "program_edit"),
    ("post", "program_edit"),
    ("get", "program_rules_export"),
    ("post", "program_detail"),
    ("get", "cohort"),
    ("post", "cohort"),
    ("post", "program_list"),
]
STAFF_ONLY = [
    ("get", "program_evaluation"),
    ("get", "candidate_list"),
    ("get", "candidate_detail"),
    ("get", "candidate_nominate"),
    ("post", "candidate_nominate"),
]


class TestProgramPagesByRole:
    @pytest.fixture
    def pages(self, program, candidate):
        args = {"candidate_detail": (program.slug, candidate.pk), "program_list": ()}
        return lambda name: url(name, *args.get(name, (program.slug,)))

    @pytest.mark.parametrize(("method", "page"), ADMIN_ONLY + STAFF_ONLY)
    def test_an_ambassador_gets_403_on_staff_pages(self, client_for, ambassador, pages, method, page):
        response = getattr(client_for(ambassador), method)(pages(page), {"action": "evaluate"})
        assert response.status_code == 403
        assert not AuditEvent.objects.exists()

    @pytest.mark.parametrize(("method", "page"), ADMIN_ONLY)
    def test_a_viewer_and_a_coordinator_get_403_on_admin_pages(
        self, client_for, viewer, coordinator, pages, method, page
    ):
        for membership in (viewer, coordinator):
            response = getattr(client_for(membership), method)(pages(page), {"action": "evaluate"})
            assert response.status_code == 403, membership.role

    def test_a_viewer_reads_candidates_but_cannot_move_or_nominate(self, client_for, viewer, program, candidate):
        client = client_for(viewer)

        assert client.get(url("candidate_list", program.slug)).status_code == 200
        assert client.get(url("program_evaluation", program.slug)).status_code == 200
        detail = client.get(url("candidate_detail", program.slug, candidate.pk))
        assert detail.status_code == 200
        assert detail.context["form"] is None
        moved = client.post(
            url("candidate_detail", program.slug, candidate.pk), {"stage": "eligible", "reason": "Bagus"}
        )
        assert moved.status_code == 403
        assert client.get(url("candidate_nominate", program.slug)).status_code == 403
        candidate.refresh_from_db()
        assert candidate.stage == Stage.APPLIED

    def test_a_coordinator_sees_only_candidates_of_their_units(
        self, client_for, coordinator, program, candidate, ditjen_candidate
    ):
        client = client_for(coordinator)

        listed = client.get(url("candidate_list", program.slug))
        assert [c.pk for c in listed.context["page"].object_list] == [candidate.pk]
        assert client.get(url("candidate_detail", program.slug, candidate.pk)).status_code == 200
        assert client.get(url("candidate_detail", program.slug, ditjen_candidate.pk)).status_code == 404
        moved = client.post(
            url("candidate_detail", program.slug, ditjen_candidate.pk), {"stage": "rejected", "reason": "Tidak"}
        )
        assert moved.status_code == 404
        ditjen_candidate.refresh_from_db()
        assert ditjen_candidate.stage == Stage.APPLIED


class TestProgramList:
    def test_staff_see_every_program_with_its_candidate_count(self, client_for, viewer, org, program, candidate):
        ProgramFactory(organization=org, name="Program Tertutup", open_for_applications=False)

        response = client_for(viewer).get(url("program_list"))

        body = html(response)
        assert "Duta Digital 2025" in body
        assert "Program Tertutup" in body
        assert "1 candidate" in body
        assert response.context["form"] is None

    def test_an_ambassador_sees_the_open_programs_with_an_apply_link(self, client_for, ambassador, org, program):
        ProgramFactory(organization=org, name="Program Tertutup", open_for_applications=False)

        response = client_for(ambassador).get(url("program_list"))

        body = html(response)
        assert "Duta Digital 2025" in body
        assert "Program Tertutup" not in body
        assert url("program_apply", program.slug) in body
        assert "candidate" not in body
        assert response.context["form"] is None

    def test_an_admin_gets_the_create_form_with_an_example(self, client_for, pr_admin):
        response = client_for(pr_admin).get(url("program_list"))

        body = html(response)
        assert 'enctype="multipart/form-data"' in body
        assert "&quot;min_followers&quot;" in body  # the example in the placeholder
        assert '<label for="id_rules">' in body
        assert '<label for="id_rules_file">' in body


class TestProgramCreate:
    def test_an_admin_creates_a_program_from_typed_json(self, client_for, pr_admin, org):
        response = client_for(pr_admin).post(
            url("program_list"),
            {
                "name": "Duta Digital 2025",
                "slug": "duta-2025",
                "description": "Duta media sosial internal.",
                "rules": json.dumps({"min_followers": {"twitter": 500}, "cohort_size": 20}),
            },
        )

        program = Program.objects.get(organization=org, slug="duta-2025")
        assert response.status_code == 302
        assert response.url == url("program_detail", "duta-2025")
        assert program.rules == rules_to_json(parse_rules({"min_followers": {"x": 500}, "cohort_size": 20}))
        assert program.created_by == pr_admin.user
        assert_audited("program.create", actor=pr_admin.user, organization=org, target=program)

    def test_an_admin_creates_a_program_from_an_uploaded_file(self, client_for, pr_admin, org):
        upload = SimpleUploadedFile(
            "aturan.json", json.dumps({"min_followers": {"instagram": 1000}}).encode(), "application/json"
        )

        response = client_for(pr_admin).post(
            url("program_list"), {"name": "Digitroops", "slug": "digitroops", "rules": "", "rules_file": upload}
        )

        assert response.status_code == 302
        assert Program.objects.get(slug="digitroops").rules["min_followers"] == {"instagram": 1000}

    def test_every_problem_of_the_rules_is_shown_in_words_on_the_rules_field(self, client_for, pr_admin):
        response = client_for(pr_admin).post(
            url("program_list"),
            {
                "name": "Salah",
                "slug": "salah",
                "rules": json.dumps({"min_followers": {"myspace": 5}, "cohort_size": 0, "warna": "biru"}),
            },
        )

        assert response.status_code == 200
        errors = response.context["form"].errors["rules"]
        assert len(errors) == 3
        assert any("warna" in error for error in errors)
        assert any("min_followers.myspace" in error for error in errors)
        assert any("cohort_size" in error for error in errors)
        assert "min_followers.myspace" in html(response)
        assert not Program.objects.exists()

    def test_broken_json_is_explained_with_its_place(self, client_for, pr_admin):
        response = client_for(pr_admin).post(
            url("program_list"), {"name": "Salah", "slug": "salah", "rules": '{"cohort_size": 20,,}'}
        )

        [error] = response.context["form"].errors["rules"]
        assert "line 1, column 20" in error
        assert not Program.objects.exists()

    def test_a_file_too_large_or_not_json_is_refused(self, client_for, pr_admin):
        client = client_for(pr_admin)
        big = SimpleUploadedFile("aturan.json", b" " * (100 * 1024 + 1), "application/json")
        text = SimpleUploadedFile("aturan.txt", b"{}", "text/plain")

        for upload, message in ((big, "larger than 100 KB"), (text, ".json")):
            response = client.post(url("program_list"), {"name": "X", "slug": "x", "rules_file": upload})
            [error] = response.context["form"].errors["rules_file"]
            assert message in error
        assert not Program.objects.exists()

    def test_a_taken_short_name_is_refused_on_its_field(self, client_for, pr_admin, program):
        response = client_for(pr_admin).post(url("program_list"), {"name": "Lagi", "slug": program.slug, "rules": ""})

        assert "already exists" in response.context["form"].errors["slug"][0]
        assert Program.objects.count() == 1


class TestRulesInWords:
    def test_the_kominfo_rule_in_english(self):
        rules = parse_rules(
            {"min_followers": {"facebook": 500, "x": 500, "instagram": 500}, "birth_year": {"min": 1981}}
        )

        with translation.override("en"):
            eligibility, selection = rules_in_words(rules)

        assert eligibility[0] == "At least 500 followers on each of: Instagram, Facebook, X"
        assert "Born in 1981 or later" in eligibility
        assert selection[0] == "No set cohort size: everyone eligible may be chosen."

    def test_any_platform_with_numbers_in_the_active_language(self):
        rules = parse_rules(
            {"min_followers": {"instagram": 1000, "tiktok": 1000}, "followers_mode": "any", "cohort_size": 20}
        )

        with translation.override("en"):
            english, english_selection = rules_in_words(rules)
        with translation.override("id"):
            indonesian, _selection = rules_in_words(rules)

        assert english[0] == "At least 1,000 followers on any of: Instagram, TikTok"
        assert "1.000" in indonesian[0]
        assert english_selection[0] == "A cohort of 20 people"

    def test_different_minimums_and_the_other_rules(self):
        rules = parse_rules(
            {
                "min_followers": {"instagram": 1000, "facebook": 0},
                "count_source": "verified",
                "min_tenure_months": 1,
                "units_excluded": ["Inspektorat"],
                "require_code_of_conduct": True,
                "max_per_unit": 3,
                "unit_level": 1,
                "generation_mix": {"millennial": 0.7, "gen_z": 0.3},
            }
        )

        with translation.override("en"):
            eligibility, selection = rules_in_words(rules)

        assert eligibility[:3] == [
            "At least 1,000 followers on Instagram",
            "An account on Facebook",
            "Only follower counts verified by a coordinator count.",
        ]
        assert "At least 1 month of service" in eligibility
        assert "Not open to employees of: Inspektorat" in eligibility
        assert "Accepts the social media code of conduct" in eligibility
        assert "At most 3 people per unit at level 2 of the unit tree (1 is the top)" in selection
        assert "At most, by generation: 70% millennials, 30% Gen Z" in selection

    def test_no_rules_means_open_to_everyone(self):
        with translation.override("en"):
            eligibility, _selection = rules_in_words(parse_rules({}))
        assert eligibility == ["Open to every employee on the roster."]


class TestProgramDetail:
    def test_the_page_shows_the_rules_in_words_and_the_stage_counts(
        self, client_for, pr_admin, program, candidate, ditjen_candidate
    ):
        speak(pr_admin, "en")

        response = client_for(pr_admin).get(url("program_detail", program.slug))

        body = html(response)
        assert "At least 500 followers on each of: Instagram, Facebook, X" in body
        assert "A cohort of 2 people" in body
        assert f'{url("candidate_list", program.slug)}?stage=applied">Applied</a>' in body
        assert ("applied", "Applied", 2) in response.context["stage_counts"]
        for name in ("program_edit", "program_rules_export", "cohort"):
            assert url(name, program.slug) in body
        assert 'value="evaluate"' in body

    def test_a_coordinator_counts_only_their_units_and_has_no_admin_buttons(
        self, client_for, coordinator, program, candidate, ditjen_candidate
    ):
        response = client_for(coordinator).get(url("program_detail", program.slug))

        assert response.context["candidate_total"] == 1
        body = html(response)
        assert url("program_edit", program.slug) not in body
        assert url("candidate_nominate", program.slug) in body

    def test_an_ambassador_reads_the_rules_and_may_apply(self, client_for, ambassador, program, candidate):
        response = client_for(ambassador).get(url("program_detail", program.slug))

        assert response.status_code == 200
        assert response.context["stage_counts"] == []
        assert url("program_apply", program.slug) in html(response)
        assert url("candidate_list", program.slug) not in html(response)

    def test_an_admin_evaluates_the_candidates(self, client_for, pr_admin, org, program, candidate, ditjen_candidate):
        response = client_for(pr_admin).post(url("program_detail", program.slug), {"action": "evaluate"}, follow=True)

        candidate.refresh_from_db()
        ditjen_candidate.refresh_from_db()
        assert candidate.stage == Stage.ELIGIBLE
        assert ditjen_candidate.stage == Stage.NOT_ELIGIBLE
        # the reason is kept in the language of the admin who evaluated
        assert "Instagram followers 100 < 500" in ditjen_candidate.stage_reason
        assert "1 eligible, 1 not eligible" in html(response)
        assert AuditEvent.objects.filter(action="candidate.move").count() == 2


class TestProgramEdit:
    def test_the_form_is_filled_with_the_pretty_rules(self, client_for, pr_admin, program):
        response = client_for(pr_admin).get(url("program_edit", program.slug))

        form = response.context["form"]
        assert form["rules"].value() == json.dumps(program.rules, indent=2, ensure_ascii=False)
        assert form["name"].value() == "Duta Digital 2025"
        assert 'enctype="multipart/form-data"' in html(response)

    def test_an_admin_saves_new_rules_and_closes_applications(self, client_for, pr_admin, org, program):
        response = client_for(pr_admin).post(
            url("program_edit", program.slug),
            {"name": "Duta Digital 2025", "description": "Baru", "rules": '{"min_followers": {"tiktok": 1000}}'},
        )

        program.refresh_from_db()
        assert response.status_code == 302
        assert program.rules["min_followers"] == {"tiktok": 1000}
        assert program.open_for_applications is False
        assert program.description == "Baru"
        event = assert_audited("program.update", actor=pr_admin.user, organization=org, target=program)
        assert set(event.changes) == {"description", "rules", "open_for_applications"}

    def test_every_problem_is_shown_on_the_rules_field(self, client_for, pr_admin, program):
        before = program.rules
        response = client_for(pr_admin).post(
            url("program_edit", program.slug),
            {"name": "X", "rules": json.dumps({"birth_year": {"min": 2000, "max": 1990}, "followers_mode": "some"})},
        )

        errors = response.context["form"].errors["rules"]
        assert len(errors) == 2
        assert any("birth_year.min (2000)" in error for error in errors)
        assert any("followers_mode" in error for error in errors)
        program.refresh_from_db()
        assert program.rules == before

    def test_the_rules_export_is_a_json_download(self, client_for, pr_admin, program):
        response = client_for(pr_admin).get(url("program_rules_export", program.slug))

        assert response.status_code == 200
        assert response["Content-Type"].startswith("application/json")
        assert response["Content-Disposition"] == 'attachment; filename="duta-2025-rules.json"'
        assert json.loads(response.content) == program.rules


class TestProgramEvaluation:
    def test_every_employee_with_the_reasons_in_english(
        self, client_for, pr_admin, program, employee_media, employee_ditjen
    ):
        speak(pr_admin, "en")

        response = client_for(pr_admin).get(url("program_evaluation", program.slug))

        rows = {row["employee"].pk: row for row in response.context["rows"]}
        assert rows[employee_media.pk]["eligible"] is True
        assert rows[employee_ditjen.pk]["eligible"] is False
        assert {reason["text"] for reason in rows[employee_ditjen.pk]["reasons"]} == {
            "Instagram followers 100 < 500",
            "Facebook followers 100 < 500",
            "X followers 100 < 500",
        }
        body = html(response)
        assert "✓" in body
        assert "✗" in body
        assert "Instagram followers 900 ≥ 500" in body

    def test_the_reasons_in_indonesian_by_default(self, client_for, pr_admin, program, employee_ditjen):
        response = indonesian(client_for, pr_admin).get(url("program_evaluation", program.slug))

        assert "Pengikut Instagram 100 &lt; 500" in html(response)

    def test_the_filter_answers_with_the_rows_only(
        self, client_for, pr_admin, program, employee_media, employee_ditjen
    ):
        response = client_for(pr_admin).get(
            url("program_evaluation", program.slug), {"eligible": "no"}, headers={**HTMX, "HX-Target": "rows"}
        )

        body = html(response)
        assert "<html" not in body
        assert 'id="rows"' in body
        assert "Budi Ditjen" in body
        assert "Ayu Media" not in body

    def test_a_coordinator_sees_only_their_units(
        self, client_for, coordinator, program, employee_media, employee_ditjen
    ):
        response = client_for(coordinator).get(url("program_evaluation", program.slug))

        assert [row["employee"].pk for row in response.context["rows"]] == [employee_media.pk]

    def test_fifty_per_page(self, client_for, pr_admin, org, program, unit_media):
        EmployeeFactory.create_batch(55, organization=org, unit=unit_media)
        client = client_for(pr_admin)

        first = client.get(url("program_evaluation", program.slug))
        second = client.get(url("program_evaluation", program.slug), {"page": 2})

        assert len(first.context["rows"]) == 50
        assert len(second.context["rows"]) == 5

    def test_the_page_does_not_grow_with_the_roster(
        self, client_for, pr_admin, org, program, unit_media, unit_ditjen, django_assert_max_num_queries
    ):
        client = client_for(pr_admin)
        employee_with_followers(org, unit_media, "Satu Media", 700)
        client.get(url("program_evaluation", program.slug))
        with CaptureQueriesContext(connection) as few:
            client.get(url("program_evaluation", program.slug))

        for number in range(40):
            employee_with_followers(
                org, unit_ditjen if number % 2 else unit_media, f"Pegawai{number} Contoh", number * 30
            )
        with django_assert_max_num_queries(12):
            response = client.get(url("program_evaluation", program.slug))
        assert len(response.context["rows"]) == 41
        with CaptureQueriesContext(connection) as many:
            client.get(url("program_evaluation", program.slug))
        assert len(many) == len(few)


class TestCandidates:
    def test_the_list_filters_by_stage(self, client_for, pr_admin, program, candidate, ditjen_candidate):
        ditjen_candidate.stage = Stage.NOT_ELIGIBLE
        ditjen_candidate.save()
        client = client_for(pr_admin)

        everyone = client.get(url("candidate_list", program.slug))
        applied = client.get(
            url("candidate_list", program.slug), {"stage": "applied"}, headers={**HTMX, "HX-Target": "rows"}
        )

        assert everyone.context["page"].paginator.count == 2
        assert [c.pk for c in applied.context["page"].object_list] == [candidate.pk]
        assert "<html" not in html(applied)

    def test_the_detail_shows_the_facts_accounts_history_and_next_stages(
        self, client_for, pr_admin, program, candidate, employee_media
    ):
        services.candidate_move(member=pr_admin, candidate=candidate, to_stage="eligible", reason="Memenuhi syarat")
        speak(pr_admin, "en")

        response = client_for(pr_admin).get(url("candidate_detail", program.slug, candidate.pk))

        body = html(response)
        assert employee_media.employee_id in body
        assert "Sekretariat Jenderal / Biro Humas / Bagian Media" in body
        assert "ayuinstagram" in body
        assert "900" in body
        assert "Memenuhi syarat" in body
        assert "Rina Humas" in body
        assert reverse("people:employee_detail", args=["contoh", employee_media.pk]) in body
        choices = [value for value, _label in response.context["form"].fields["stage"].choices]
        assert choices == ["not_eligible", "screening", "rejected", "withdrawn"]

    def test_an_admin_moves_a_candidate_with_a_reason(self, client_for, pr_admin, org, program, candidate):
        response = client_for(pr_admin).post(
            url("candidate_detail", program.slug, candidate.pk), {"stage": "rejected", "reason": "Akun tidak aktif"}
        )

        candidate.refresh_from_db()
        assert response.status_code == 302
        assert candidate.stage == Stage.REJECTED
        change = StageChange.objects.get(candidate=candidate)
        assert (change.from_stage, change.to_stage, change.reason, change.actor) == (
            "applied",
            "rejected",
            "Akun tidak aktif",
            pr_admin.user,
        )
        assert_audited("candidate.move", actor=pr_admin.user, organization=org, target=candidate)

    def test_a_move_needs_a_reason_and_an_allowed_stage(self, client_for, pr_admin, program, candidate):
        client = client_for(pr_admin)

        no_reason = client.post(url("candidate_detail", program.slug, candidate.pk), {"stage": "rejected"})
        bad_stage = client.post(url("candidate_detail", program.slug, candidate.pk), {"stage": "active", "reason": "x"})

        assert "reason" in no_reason.context["form"].errors
        assert "stage" in bad_stage.context["form"].errors
        candidate.refresh_from_db()
        assert candidate.stage == Stage.APPLIED

    def test_a_coordinator_moves_a_candidate_of_their_units(self, client_for, coordinator, program, candidate):
        response = client_for(coordinator).post(
            url("candidate_detail", program.slug, candidate.pk), {"stage": "eligible", "reason": "Cek manual"}
        )

        assert response.status_code == 302
        candidate.refresh_from_db()
        assert candidate.stage == Stage.ELIGIBLE


class TestNominate:
    def test_a_coordinator_nominates_an_employee_of_their_units(
        self, client_for, coordinator, org, program, employee_media
    ):
        response = client_for(coordinator).post(
            url("candidate_nominate", program.slug), {"employee": employee_media.pk, "reason": "Aktif di Instagram"}
        )

        candidate = Candidate.objects.get(program=program, employee=employee_media)
        assert response.status_code == 302
        assert response.url == url("candidate_detail", program.slug, candidate.pk)
        assert (candidate.stage, candidate.source, candidate.nominated_by) == (
            Stage.NOMINATED,
            Candidate.Source.NOMINATED,
            coordinator.user,
        )
        assert candidate.stage_reason == "Aktif di Instagram"
        assert_audited("candidate.move", actor=coordinator.user, organization=org, target=candidate)

    def test_a_coordinator_cannot_nominate_outside_their_units(
        self, client_for, coordinator, program, employee_media, employee_ditjen
    ):
        client = client_for(coordinator)

        search = client.get(url("candidate_nominate", program.slug), {"q": "Budi"})
        refused = client.post(
            url("candidate_nominate", program.slug), {"employee": employee_ditjen.pk, "reason": "Coba"}
        )

        assert search.context["matches"] == []
        assert refused.status_code == 200
        assert refused.context["form"].errors["employee"]
        assert not Candidate.objects.exists()
        assert not AuditEvent.objects.exists()

    def test_an_admin_nominates_anyone_and_sees_who_is_a_candidate_already(
        self, client_for, pr_admin, program, candidate, employee_ditjen
    ):
        client = client_for(pr_admin)

        search = client.get(url("candidate_nominate", program.slug), headers={**HTMX, "HX-Target": "matches"})
        nominated = client.post(
            url("candidate_nominate", program.slug), {"employee": employee_ditjen.pk, "reason": "Penulis yang baik"}
        )
        again = client.post(url("candidate_nominate", program.slug), {"employee": candidate.employee.pk, "reason": "x"})

        body = html(search)
        assert "<html" not in body
        assert "Budi Ditjen" in body
        assert "already a candidate" in body
        assert nominated.status_code == 302
        assert Candidate.objects.get(employee=employee_ditjen).stage == Stage.NOMINATED
        assert "already a candidate" in again.context["form"].non_field_errors()[0]

    def test_the_search_narrows_the_list(self, client_for, pr_admin, program, employee_media, employee_ditjen):
        response = client_for(pr_admin).get(url("candidate_nominate", program.slug), {"q": "ayu"})

        assert [employee.pk for employee, _stage in response.context["matches"]] == [employee_media.pk]
        assert '<label for="employee-' in html(response)


def apply_data(**extra) -> dict:
    return {
        "instagram_handle": "@putri.duta",
        "instagram_followers": "1,2rb",
        "instagram_evidence": png(),
        "x_handle": "https://x.com/putriduta",
        "x_followers": "850",
        "consent": "on",
        **extra,
    }


class TestApply:
    def test_without_a_roster_entry_the_page_explains_what_to_do(self, client_for, ambassador, program):
        response = client_for(ambassador).get(url("program_apply", program.slug))

        assert response.status_code == 200
        assert "duta@contoh.test" in html(response)
        assert "roster" in html(response)
        assert response.context.get("form") is None

    def test_the_form_is_phone_first_with_the_consent_in_full(
        self, client_for, ambassador, ambassador_employee, program
    ):
        response = indonesian(client_for, ambassador).get(url("program_apply", program.slug))

        body = html(response)
        assert 'enctype="multipart/form-data"' in body
        assert 'accept="image/*"' in body
        assert body.index('name="instagram_handle"') < body.index('<details class="more-platforms"')
        assert body.index('<details class="more-platforms"') < body.index('name="youtube_handle"')
        assert services.consent_text(program).split(",")[0] in body
        assert '<label for="id_consent">' in body
        assert 'name="code_of_conduct"' not in body

    def test_an_ambassador_applies_with_accounts_counts_and_a_screenshot(
        self, client_for, ambassador, ambassador_employee, org, program
    ):
        response = indonesian(client_for, ambassador).post(url("program_apply", program.slug), apply_data())

        assert response.status_code == 302
        candidate = Candidate.objects.get(program=program, employee=ambassador_employee)
        assert (candidate.stage, candidate.source) == (Stage.APPLIED, Candidate.Source.APPLIED)
        consent = Consent.objects.get(program=program, employee=ambassador_employee)
        with translation.override("id"):
            assert consent.text == services.consent_text(program)
        assert (consent.given_by, consent.withdrawn_at) == (ambassador.user, None)
        instagram = SocialAccount.objects.get(employee=ambassador_employee, platform="instagram")
        x = SocialAccount.objects.get(employee=ambassador_employee, platform="x")
        assert (instagram.handle, instagram.followers, instagram.followers_source) == ("putri.duta", 1200, "evidence")
        assert (x.handle, x.followers, x.followers_source) == ("putriduta", 850, "declared")
        snapshot = FollowerSnapshot.objects.get(account=instagram)
        assert snapshot.source == CountSource.EVIDENCE
        assert snapshot.evidence.name.startswith("evidence/")
        assert not FollowerSnapshot.objects.get(account=x).evidence
        ambassador_employee.refresh_from_db()
        assert ambassador_employee.user == ambassador.user
        assert_audited("consent.give", actor=ambassador.user, organization=org, target=consent)
        assert_audited("candidate.move", actor=ambassador.user, organization=org, target=candidate)
        assert AuditEvent.objects.filter(action="account.declare").count() == 2
        assert AuditEvent.objects.filter(action="followers.record").count() == 2

    def test_after_applying_the_page_shows_the_stage_and_the_withdraw_button(
        self, client_for, ambassador, ambassador_employee, program
    ):
        client = client_for(ambassador)
        client.post(url("program_apply", program.slug), apply_data())

        response = client.get(url("program_apply", program.slug))

        body = html(response)
        assert response.context["form"] is None
        assert 'class="badge stage-applied"' in body
        assert f'action="{url("program_withdraw", program.slug)}"' in body

    def test_mistakes_are_shown_on_their_fields_and_nothing_is_saved(
        self, client_for, ambassador, ambassador_employee, program
    ):
        response = client_for(ambassador).post(
            url("program_apply", program.slug),
            apply_data(instagram_followers="banyak", x_handle="", facebook_handle="ada spasi!", consent=""),
        )

        errors = response.context["form"].errors
        assert response.status_code == 200
        assert "instagram_followers" in errors
        assert "x_followers" in errors  # a count without an account
        assert "facebook_handle" in errors
        assert "consent" in errors
        assert not Candidate.objects.exists()
        assert not SocialAccount.objects.exists()
        assert not AuditEvent.objects.exists()

    def test_a_screenshot_must_be_an_image_and_come_with_a_count(
        self, client_for, ambassador, ambassador_employee, program
    ):
        not_an_image = SimpleUploadedFile("profil.png", b"bukan gambar", content_type="image/png")

        response = client_for(ambassador).post(
            url("program_apply", program.slug),
            apply_data(instagram_evidence=not_an_image, tiktok_handle="@putri", tiktok_evidence=png()),
        )

        errors = response.context["form"].errors
        assert "instagram_evidence" in errors
        assert "tiktok_followers" in errors
        assert not Candidate.objects.exists()

    def test_the_code_of_conduct_is_asked_when_the_rules_require_it(
        self, client_for, ambassador, ambassador_employee, org
    ):
        program = ProgramFactory(organization=org, slug="etik", rules={"require_code_of_conduct": True})
        client = client_for(ambassador)

        missing = client.post(url("program_apply", program.slug), apply_data())
        accepted = client.post(url("program_apply", program.slug), apply_data(code_of_conduct="on"))

        assert 'name="code_of_conduct"' in html(missing)
        assert "code_of_conduct" in missing.context["form"].errors
        assert accepted.status_code == 302
        ambassador_employee.refresh_from_db()
        assert ambassador_employee.code_of_conduct_accepted_at is not None

    def test_a_closed_program_takes_no_applications(self, client_for, ambassador, ambassador_employee, org):
        program = ProgramFactory(organization=org, slug="tutup", open_for_applications=False)
        client = client_for(ambassador)

        page = client.get(url("program_apply", program.slug))
        post = client.post(url("program_apply", program.slug), apply_data())

        assert page.context["form"] is None
        assert post.status_code == 302
        assert not Candidate.objects.exists()

    def test_a_nominated_employee_gives_their_consent(
        self, client_for, coordinator, ambassador, ambassador_employee, program
    ):
        services.candidate_nominate(member=coordinator, program=program, employee=ambassador_employee, reason="Aktif")
        client = client_for(ambassador)

        page = client.get(url("program_apply", program.slug))
        response = client.post(url("program_apply", program.slug), apply_data())

        assert page.context["form"] is not None
        assert "nominated you" in html(page)
        assert response.status_code == 302
        assert Candidate.objects.get().stage == Stage.NOMINATED
        assert Consent.objects.filter(withdrawn_at__isnull=True).count() == 1
        assert client.get(url("program_apply", program.slug)).context["form"] is None


class TestWithdraw:
    def test_withdrawing_asks_first_then_takes_them_out_and_deletes_their_accounts(
        self, client_for, ambassador, ambassador_employee, org, program, django_capture_on_commit_callbacks
    ):
        client = client_for(ambassador)
        client.post(url("program_apply", program.slug), apply_data())
        assert SocialAccount.objects.filter(employee=ambassador_employee).count() == 2

        asked = client.post(url("program_withdraw", program.slug))
        assert asked.status_code == 200
        assert "3 x 24" in html(asked)
        assert 'name="confirm" value="yes"' in html(asked)
        assert Consent.objects.get().withdrawn_at is None

        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(url("program_withdraw", program.slug), {"confirm": "yes"})

        assert response.status_code == 302
        assert response.url == url("program_apply", program.slug)
        candidate = Candidate.objects.get()
        assert candidate.stage == Stage.WITHDRAWN
        assert Consent.objects.get().withdrawn_at is not None
        assert not SocialAccount.objects.filter(employee=ambassador_employee).exists()
        assert not FollowerSnapshot.objects.exists()
        assert Employee.objects.filter(pk=ambassador_employee.pk).exists()
        assert_audited("consent.withdraw", actor=ambassador.user, organization=org, target=ambassador_employee)
        assert_audited("employee.social_data_erase", actor=None, organization=org, target=ambassador_employee)
        again = client.get(url("program_apply", program.slug))
        assert again.context["form"] is not None  # they may apply again

    def test_without_a_consent_there_is_nothing_to_withdraw(self, client_for, ambassador, ambassador_employee, program):
        response = client_for(ambassador).post(url("program_withdraw", program.slug), {"confirm": "yes"})

        assert response.status_code == 302
        assert not AuditEvent.objects.exists()

    def test_someone_off_the_roster_gets_404(self, client_for, ambassador, program):
        assert client_for(ambassador).get(url("program_withdraw", program.slug)).status_code == 404


class TestCohort:
    @pytest.fixture
    def pool(self, org, unit_media, unit_ditjen, program):
        """Three eligible employees (one already a candidate) and one who is not."""
        big = employee_with_followers(org, unit_media, "Besar Media", 50_000)
        middle = employee_with_followers(org, unit_ditjen, "Tengah Ditjen", 5_000)
        small = employee_with_followers(org, unit_media, "Kecil Media", 600)
        employee_with_followers(org, unit_ditjen, "Sedikit Ditjen", 10)
        CandidateFactory(program=program, employee=middle, stage=Stage.ELIGIBLE)
        return big, middle, small

    def test_the_size_defaults_to_the_rules(self, client_for, pr_admin, program):
        response = client_for(pr_admin).get(url("cohort", program.slug))

        assert response.context["form"]["size"].value() == 2
        assert response.context["selection"] is None

    def test_an_admin_proposes_then_confirms_a_cohort(self, client_for, pr_admin, org, program, pool):
        big, middle, small = pool
        client = client_for(pr_admin)
        speak(pr_admin, "en")

        proposed = client.post(url("cohort", program.slug), {"action": "propose", "size": "2"})
        assert proposed.status_code == 302
        selection = CohortSelection.objects.get()
        page = client.get(url("cohort", program.slug))

        chosen, others = page.context["chosen"], page.context["others"]
        assert [(row["rank"], row["employee"]) for row in chosen] == [(1, big), (2, middle)]
        assert chosen[0]["reach"] > 0
        assert chosen[0]["unit"] == "Sekretariat Jenderal / Biro Humas / Bagian Media"
        assert chosen[0]["reason"].startswith("Chosen: score")
        assert [row["employee"] for row in others] == [small]
        assert others[0]["reason"] == "Not chosen: the cohort already has 2 people"
        body = html(page)
        assert "reach" in body
        assert "Confirm this cohort" in body

        confirmed = client.post(url("cohort", program.slug), {"action": "confirm", "selection": selection.pk})

        assert confirmed.status_code == 302
        stages = dict(Candidate.objects.values_list("employee__name", "stage"))
        assert stages == {"Besar Media": Stage.SCREENING, "Tengah Ditjen": Stage.SCREENING}
        selection.refresh_from_db()
        assert selection.confirmed_at is not None
        assert_audited("cohort.confirm", actor=pr_admin.user, organization=org, target=selection)
        after = client.get(url("cohort", program.slug))
        assert "Confirmed on" in html(after)
        assert 'value="confirm"' not in html(after)

    def test_a_stale_proposal_is_not_confirmed(self, client_for, pr_admin, program, pool):
        client = client_for(pr_admin)
        client.post(url("cohort", program.slug), {"action": "propose", "size": "1"})
        first = CohortSelection.objects.get()
        client.post(url("cohort", program.slug), {"action": "propose", "size": "2"})

        response = client.post(url("cohort", program.slug), {"action": "confirm", "selection": first.pk}, follow=True)

        assert "newer proposal" in html(response)
        assert not CohortSelection.objects.filter(confirmed_at__isnull=False).exists()
        assert not Candidate.objects.filter(stage=Stage.SCREENING).exists()

    def test_a_bad_size_is_shown_on_its_field(self, client_for, pr_admin, program):
        response = client_for(pr_admin).post(url("cohort", program.slug), {"action": "propose", "size": "0"})

        assert "size" in response.context["form"].errors
        assert not CohortSelection.objects.exists()
