from __future__ import annotations

import pytest
from django.test import Client

from duta.academy.models import Attempt, AttemptGrant, Completion, Lesson, LessonDone
from duta.organizations.models import Membership, Organization
from duta.programs.models import Stage
from tests.academy.builders import candidacy, course_make, right_answers, wrong_answer
from tests.factories import ProgramFactory

pytestmark = pytest.mark.django_db


def _url(member: Membership, rest: str = "") -> str:
    return f"/o/{member.organization.slug}/academy/{rest}"


def _read_everything(client: Client, member: Membership, course) -> None:
    for lesson in Lesson.objects.filter(module__course=course):
        assert client.post(_url(member, f"courses/{course.slug}/lessons/{lesson.pk}/done/")).status_code == 302


class TestCourses:
    def test_the_list_puts_required_courses_first(self, client_for, org: Organization, ambassador: Membership) -> None:
        program = ProgramFactory(organization=org, name="Duta Digital")
        required = course_make(org, slug="wajib")
        required.required_for.add(program)
        course_make(org, slug="pilihan")
        course_make(org, slug="draf", published=False)
        candidacy(ambassador, program)
        response = client_for(ambassador).get(_url(ambassador))
        assert response.status_code == 200
        assert [status.course.slug for status in response.context["required"]] == ["wajib"]
        assert [status.course.slug for status in response.context["others"]] == ["pilihan"]  # no draft
        assert "Duta Digital" in response.content.decode()

    def test_an_unpublished_course_is_404_for_learners_but_the_pr_team_previews_it(
        self, client_for, org: Organization, ambassador: Membership, pr_admin: Membership
    ) -> None:
        course_make(org, slug="draf", published=False)
        assert client_for(ambassador).get(_url(ambassador, "courses/draf/")).status_code == 404
        assert client_for(pr_admin).get(_url(pr_admin, "courses/draf/")).status_code == 200

    def test_another_organization_gets_404(self, client_for, org: Organization, outsider_admin: Membership) -> None:
        course = course_make(org)
        lesson = Lesson.objects.filter(module__course=course).first()
        client = client_for(outsider_admin)
        for path in ("", f"courses/{course.slug}/", f"courses/{course.slug}/lessons/{lesson.pk}/"):
            assert client.get(f"/o/{org.slug}/academy/{path}").status_code == 404
        assert client.post(f"/o/{org.slug}/academy/courses/{course.slug}/quiz/").status_code == 404

    def test_the_lesson_renders_its_markdown_and_leads_on(
        self, client_for, org: Organization, ambassador: Membership
    ) -> None:
        course = course_make(org, lessons=2)
        first, second = Lesson.objects.filter(module__course=course).order_by("position")
        client = client_for(ambassador)
        response = client.get(_url(ambassador, f"courses/{course.slug}/lessons/{first.pk}/"))
        assert "<strong>1</strong>" in response.content.decode()
        done = client.post(_url(ambassador, f"courses/{course.slug}/lessons/{first.pk}/done/"))
        assert done.url == _url(ambassador, f"courses/{course.slug}/lessons/{second.pk}/")
        last = client.post(_url(ambassador, f"courses/{course.slug}/lessons/{second.pk}/done/"))
        assert last.url == _url(ambassador, f"courses/{course.slug}/")
        assert LessonDone.objects.filter(member=ambassador).count() == 2

    def test_a_lesson_of_another_course_is_404(self, client_for, org: Organization, ambassador: Membership) -> None:
        course_make(org, slug="satu")
        other = course_make(org, slug="dua")
        lesson = Lesson.objects.filter(module__course=other).first()
        assert client_for(ambassador).get(_url(ambassador, f"courses/satu/lessons/{lesson.pk}/")).status_code == 404

    def test_marking_a_lesson_needs_the_csrf_token(self, org: Organization, ambassador: Membership, password) -> None:
        course = course_make(org)
        lesson = Lesson.objects.filter(module__course=course).first()
        client = Client(enforce_csrf_checks=True)
        client.force_login(ambassador.user)
        assert client.post(_url(ambassador, f"courses/{course.slug}/lessons/{lesson.pk}/done/")).status_code == 403
        assert not LessonDone.objects.exists()


class TestQuiz:
    def test_answers_are_marked_at_once_and_a_pass_gives_the_certificate(
        self, client_for, org: Organization, ambassador: Membership
    ) -> None:
        program = ProgramFactory(organization=org)
        course = course_make(org, questions=4)
        course.required_for.add(program)
        candidate = candidacy(ambassador, program)
        client = client_for(ambassador)
        assert client.post(_url(ambassador, f"courses/{course.slug}/quiz/")).status_code == 302
        assert not Attempt.objects.exists()  # lessons first
        _read_everything(client, ambassador, course)
        started = client.post(_url(ambassador, f"courses/{course.slug}/quiz/"))
        assert started.url == _url(ambassador, f"courses/{course.slug}/quiz/1/")
        attempt = Attempt.objects.get()
        questions = {question.pk: question for question in course.questions.all()}
        for index, row in enumerate(attempt.layout):
            question = questions[row[0]]
            chosen = wrong_answer(question) if index == 0 else right_answers(question)
            response = client.post(
                _url(ambassador, f"courses/{course.slug}/quiz/1/questions/{question.pk}/"),
                {"choice": chosen},
                headers={"HX-Request": "true"},
            )
            assert response.status_code == 200
            page = response.content.decode()
            assert question.explanation in page  # explained right after the answer
            assert ("is-wrong" in page) == (index == 0)
        assert 'hx-swap-oob="true"' in page
        assert "75%" in page
        completion = Completion.objects.get(member=ambassador, course=course)
        assert completion.code in page
        candidate.refresh_from_db()
        assert candidate.stage == Stage.ACTIVE

    def test_without_script_the_answer_reloads_the_page_at_the_question(
        self, client_for, org: Organization, ambassador: Membership
    ) -> None:
        course = course_make(org)
        client = client_for(ambassador)
        _read_everything(client, ambassador, course)
        client.post(_url(ambassador, f"courses/{course.slug}/quiz/"))
        question = course.questions.first()
        response = client.post(
            _url(ambassador, f"courses/{course.slug}/quiz/1/questions/{question.pk}/"), {"choice": "x"}
        )
        assert response.url.endswith(f"/quiz/1/#q-{question.pk}")
        assert Attempt.objects.get().answers == {}  # "x" is no answer
        page = client.get(response.url.split("#")[0]).content.decode()
        assert f'id="q-{question.pk}"' in page

    def test_someone_elses_attempt_is_404(
        self, client_for, org: Organization, ambassador: Membership, other_unit_member: Membership
    ) -> None:
        course = course_make(org)
        client = client_for(ambassador)
        _read_everything(client, ambassador, course)
        client.post(_url(ambassador, f"courses/{course.slug}/quiz/"))
        question = course.questions.first()
        other = client_for(other_unit_member)
        assert other.get(_url(ambassador, f"courses/{course.slug}/quiz/1/")).status_code == 404
        answer = _url(ambassador, f"courses/{course.slug}/quiz/1/questions/{question.pk}/")
        assert other.post(answer, {"choice": right_answers(question)}).status_code == 404


class TestOtherOrganizationsIds:
    """Through one's own organization's address, another organization's course, lesson or attempt is not found."""

    def test_a_course_of_another_organization_is_404_under_ones_own_slug(
        self, client_for, org: Organization, ambassador: Membership, outsider_admin: Membership
    ) -> None:
        theirs = course_make(org, slug="milik-mereka")
        lesson = Lesson.objects.filter(module__course=theirs).first()
        mine = course_make(outsider_admin.organization, slug="milik-kami")
        client = client_for(outsider_admin)
        assert client.get(_url(outsider_admin, "courses/milik-mereka/")).status_code == 404
        assert client.get(_url(outsider_admin, f"courses/milik-kami/lessons/{lesson.pk}/")).status_code == 404
        assert client.post(_url(outsider_admin, f"courses/milik-kami/lessons/{lesson.pk}/done/")).status_code == 404
        assert not LessonDone.objects.exists()
        _read_everything(client_for(ambassador), ambassador, theirs)
        client_for(ambassador).post(_url(ambassador, f"courses/{theirs.slug}/quiz/"))
        question = theirs.questions.first()
        assert client.get(f"/o/{org.slug}/academy/courses/{theirs.slug}/quiz/1/").status_code == 404
        assert client.get(_url(outsider_admin, f"courses/{mine.slug}/quiz/1/")).status_code == 404
        answer = _url(outsider_admin, f"courses/{mine.slug}/quiz/1/questions/{question.pk}/")
        assert client.post(answer, {"choice": right_answers(question)}).status_code == 404
        assert Attempt.objects.get().answers == {}


class TestAttemptGrantView:
    def test_the_pr_team_gives_a_stuck_learner_one_more_attempt(
        self, client_for, org: Organization, ambassador: Membership, pr_admin: Membership
    ) -> None:
        program = ProgramFactory(organization=org)
        course = course_make(org, questions=2, max_attempts=1)
        course.required_for.add(program)
        candidacy(ambassador, program)
        learner = client_for(ambassador)
        _read_everything(learner, ambassador, course)
        learner.post(_url(ambassador, f"courses/{course.slug}/quiz/"))
        for question in course.questions.all():
            learner.post(
                _url(ambassador, f"courses/{course.slug}/quiz/1/questions/{question.pk}/"),
                {"choice": wrong_answer(question)},
            )
        admin = client_for(pr_admin)
        page = admin.get(_url(pr_admin, "progress/people/?show=stuck"))
        assert page.context["count"] == 1
        assert page.context["page"].object_list[0].out_of_attempts == [course]
        back = _url(pr_admin, "progress/people/?show=stuck")
        response = admin.post(
            _url(pr_admin, "progress/grant/"), {"learner": ambassador.pk, "course": course.pk, "next": back}
        )
        assert response.url == back
        assert AttemptGrant.objects.filter(member=ambassador, course=course).count() == 1
        assert admin.get(back).context["count"] == 0
        assert learner.get(_url(ambassador, f"courses/{course.slug}/")).context["status"].attempts_allowed == 2
        assert learner.post(_url(ambassador, f"courses/{course.slug}/quiz/")).url.endswith("/quiz/2/")

    def test_only_the_pr_team_grants_and_only_in_its_organization(
        self, client_for, org: Organization, ambassador: Membership, coordinator: Membership, outsider_admin
    ) -> None:
        course = course_make(org, max_attempts=1)
        data = {"learner": ambassador.pk, "course": course.pk, "next": "https://example.com/"}
        assert client_for(coordinator).post(_url(coordinator, "progress/grant/"), data).status_code == 403
        assert client_for(outsider_admin).post(_url(outsider_admin, "progress/grant/"), data).status_code == 404
        assert not AttemptGrant.objects.exists()

    def test_it_never_redirects_off_site(self, client_for, org: Organization, ambassador, pr_admin) -> None:
        course = course_make(org, max_attempts=1)
        data = {"learner": ambassador.pk, "course": course.pk, "next": "https://example.com/"}
        response = client_for(pr_admin).post(_url(pr_admin, "progress/grant/"), data)
        assert response.url == _url(pr_admin, "progress/people/")
