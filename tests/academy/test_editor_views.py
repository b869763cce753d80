"""The course editor's pages: the PR team only (403 for other roles, 404 for other organizations), CSRF, audit
rows, uploads, the lesson file view that learners use too, the quiz form and the built-in courses button."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from duta.academy.models import Completion, Course, Lesson, LessonFile, Module, Question
from duta.academy.services.courses import lesson_file_add
from duta.academy.services.curriculum import builtin_courses
from duta.core.models import AuditEvent
from duta.organizations.models import Membership, Organization
from tests.academy.builders import course_make
from tests.academy.test_editor_services import MP4_HEAD, noise_png, pdf_bytes, png_bytes, upload
from tests.factories import ProgramFactory

ORG = "contoh"


def url(name: str, *args: Any, org: str = ORG) -> str:
    return reverse(f"academy:{name}", args=[org, *args])


def english(member: Membership) -> Membership:
    member.user.language = "en"
    member.user.save(update_fields=["language"])
    return member


@pytest.fixture
def course(org: Organization) -> Course:
    return course_make(org, slug="bercerita", lessons=2, questions=2)


@pytest.fixture
def lesson(course: Course) -> Lesson:
    found = Lesson.objects.filter(module__course=course).order_by("position").first()
    assert found is not None
    return found


@pytest.fixture
def admin(pr_admin: Membership, client_for: Any) -> Client:
    return client_for(english(pr_admin))


@pytest.fixture
def image(pr_admin: Membership, lesson: Lesson) -> LessonFile:
    return lesson_file_add(member=pr_admin, lesson=lesson, upload=upload(png_bytes(), "foto.png"))


@pytest.fixture
def pdf(pr_admin: Membership, lesson: Lesson) -> LessonFile:
    return lesson_file_add(member=pr_admin, lesson=lesson, upload=upload(pdf_bytes(), "modul.pdf"))


def editor_pages(course: Course, lesson: Lesson, image: LessonFile) -> list[str]:
    module = lesson.module
    question = course.questions.order_by("position").first()
    assert question is not None
    return [
        url("editor_course_list"),
        url("editor_course_create"),
        url("editor_course", course.slug),
        url("editor_course_delete", course.slug),
        url("editor_module_edit", course.slug, module.pk),
        url("editor_module_delete", course.slug, module.pk),
        url("editor_lesson_create", course.slug, module.pk),
        url("editor_lesson_edit", course.slug, lesson.pk),
        url("editor_lesson_delete", course.slug, lesson.pk),
        url("editor_file_delete", course.slug, image.pk),
        url("editor_question_create", course.slug),
        url("editor_question_edit", course.slug, question.pk),
        url("editor_question_delete", course.slug, question.pk),
    ]


def editor_posts(course: Course, lesson: Lesson) -> list[str]:
    question = course.questions.order_by("position").first()
    assert question is not None
    return [
        url("editor_curriculum_install"),
        url("editor_module_create", course.slug),
        url("editor_module_move", course.slug, lesson.module_id),
        url("editor_lesson_move", course.slug, lesson.pk),
        url("editor_lesson_preview", course.slug, lesson.pk),
        url("editor_preview", course.slug),
        url("editor_file_add", course.slug, lesson.pk),
        url("editor_question_move", course.slug, question.pk),
    ]


class TestAccess:
    def test_the_pr_team_opens_every_page(
        self, admin: Client, course: Course, lesson: Lesson, image: LessonFile
    ) -> None:
        for page in editor_pages(course, lesson, image):
            assert admin.get(page).status_code == 200, page

    @pytest.mark.parametrize("persona", ["ambassador", "coordinator", "viewer"])
    def test_other_roles_get_403_everywhere(
        self,
        request: pytest.FixtureRequest,
        client_for: Any,
        persona: str,
        course: Course,
        lesson: Lesson,
        image: LessonFile,
    ) -> None:
        client = client_for(request.getfixturevalue(persona))
        for page in editor_pages(course, lesson, image):
            assert client.get(page).status_code == 403, page
        for page in editor_posts(course, lesson):
            assert client.post(page, {"direction": "up", "title": "X", "body": "x"}).status_code == 403, page
        assert client.post(url("editor_course_delete", course.slug)).status_code == 403
        assert Course.objects.filter(pk=course.pk).exists()
        assert not AuditEvent.objects.filter(action__startswith="academy.module").exists()

    def test_a_member_of_another_organization_gets_404(
        self, outsider_admin: Membership, client_for: Any, course: Course, lesson: Lesson, image: LessonFile
    ) -> None:
        client = client_for(outsider_admin)
        for page in editor_pages(course, lesson, image):
            assert client.get(page).status_code == 404, page
        for page in editor_posts(course, lesson):
            assert client.post(page, {"direction": "up"}).status_code == 404, page
        assert client.post(url("editor_course_delete", course.slug)).status_code == 404
        assert Course.objects.filter(pk=course.pk).exists()

    def test_another_organizations_course_is_not_found_from_ones_own(
        self, outsider_admin: Membership, client_for: Any, course: Course, lesson: Lesson, image: LessonFile
    ) -> None:
        client = client_for(outsider_admin)
        assert client.get(url("editor_course_list", org="lain")).status_code == 200
        for page in editor_pages(course, lesson, image)[2:]:
            own = page.replace(f"/o/{ORG}/", "/o/lain/", 1)
            assert client.get(own).status_code == 404, own
        assert client.post(url("editor_course_delete", course.slug, org="lain")).status_code == 404

    def test_a_post_without_its_csrf_token_is_refused(self, pr_admin: Membership, course: Course) -> None:
        client = Client(enforce_csrf_checks=True)
        client.force_login(pr_admin.user)
        response = client.post(
            url("editor_course_create"), {"title": "Tanpa token", "minutes": 30, "passing_score": 75, "max_attempts": 3}
        )
        assert response.status_code == 403
        assert client.post(url("editor_course_delete", course.slug)).status_code == 403
        assert not Course.objects.filter(title="Tanpa token").exists()
        assert Course.objects.filter(pk=course.pk).exists()

    def test_post_only_views_refuse_a_get(self, admin: Client, course: Course, lesson: Lesson) -> None:
        for page in editor_posts(course, lesson):
            assert admin.get(page).status_code == 405, page


def course_form(**changes: Any) -> dict[str, Any]:
    return {
        "title": "Etika bermedia sosial",
        "title_en": "Social media ethics",
        "slug": "",
        "summary": "Ringkas.",
        "summary_en": "",
        "minutes": 40,
        "passing_score": 80,
        "max_attempts": 2,
        "shuffle_answers": "on",
        **changes,
    }


class TestCoursePages:
    def test_the_list_shows_every_course_with_its_counts(
        self, admin: Client, org: Organization, course: Course, django_assert_max_num_queries: Any
    ) -> None:
        program = ProgramFactory(organization=org, name="Duta Digital 2025")
        course.required_for.add(program)
        for index in range(5):
            course_make(org, slug=f"draf-{index}", published=False).required_for.add(program)
        with django_assert_max_num_queries(14):
            response = admin.get(url("editor_course_list"))
        content = response.content.decode()
        assert "Kursus bercerita" in content
        assert "Kursus draf-4" in content
        assert "Draft" in content
        assert "Duta Digital 2025" in content
        assert reverse("academy:editor_course", args=[ORG, "draf-0"]) in content

    def test_a_new_course_is_created_and_audited(self, admin: Client, org: Organization) -> None:
        response = admin.post(url("editor_course_create"), course_form())
        course = Course.objects.get(organization=org, slug="etika-bermedia-sosial")
        assert response.status_code == 302
        assert response["Location"] == url("editor_course", course.slug)
        assert (course.passing_score, course.max_attempts, course.is_published, course.shuffle_answers) == (
            80,
            2,
            False,
            True,
        )
        assert AuditEvent.objects.filter(action="academy.course.create", target_id=str(course.pk)).exists()

    def test_a_refused_short_name_shows_on_the_form(self, admin: Client, course: Course) -> None:
        response = admin.post(url("editor_course_create"), course_form(slug="bercerita"))
        assert response.status_code == 200
        assert "Another course has this short name already." in response.content.decode()
        assert Course.objects.count() == 1

    def test_the_course_page_shows_outline_quiz_settings_and_the_learners_view(
        self, admin: Client, course: Course
    ) -> None:
        content = admin.get(url("editor_course", course.slug)).content.decode()
        assert "Pelajaran 1" in content
        assert "Modul 1" in content
        assert "Pertanyaan 2?" in content
        assert "Penjelasan 1." in content
        assert reverse("academy:course_detail", args=[ORG, course.slug]) in content
        assert 'name="passing_score"' in content

    def test_settings_are_saved_and_a_new_short_name_moves_the_page(
        self, admin: Client, org: Organization, course: Course
    ) -> None:
        program = ProgramFactory(organization=org)
        data = course_form(slug="bercerita-2", is_published="on", required_for=[program.pk])
        response = admin.post(url("editor_course", course.slug), data)
        assert response.status_code == 302
        assert response["Location"] == url("editor_course", "bercerita-2") + "#settings"
        course.refresh_from_db()
        assert (course.slug, course.passing_score, course.is_published) == ("bercerita-2", 80, True)
        assert list(course.required_for.all()) == [program]
        assert AuditEvent.objects.filter(action="academy.course.update", target_id=str(course.pk)).exists()

    def test_a_program_of_another_organization_cannot_be_chosen(
        self, admin: Client, outsider_admin: Membership, course: Course
    ) -> None:
        foreign = ProgramFactory(organization=outsider_admin.organization)
        response = admin.post(url("editor_course", course.slug), course_form(required_for=[foreign.pk]))
        assert response.status_code == 200
        assert "Select a valid choice" in response.content.decode()
        assert not course.required_for.exists()
        assert not AuditEvent.objects.filter(action="academy.course.update").exists()

    def test_deleting_asks_first_and_keeps_certificates(
        self, admin: Client, org: Organization, ambassador: Membership, course: Course
    ) -> None:
        from django.utils import timezone

        completion = Completion.objects.create(
            organization=org,
            member=ambassador,
            course=course,
            code="ZXCV2345BNMK",
            holder_name="Putri Duta",
            course_title=course.title,
            completed_at=timezone.now(),
        )
        page = admin.get(url("editor_course_delete", course.slug))
        assert page.status_code == 200
        assert "1 certificate stays valid" in page.content.decode()
        assert Course.objects.filter(pk=course.pk).exists()
        response = admin.post(url("editor_course_delete", course.slug))
        assert response.status_code == 302
        assert response["Location"] == url("editor_course_list")
        assert not Course.objects.filter(pk=course.pk).exists()
        completion.refresh_from_db()
        assert completion.course is None
        assert completion.course_title == "Kursus bercerita"
        assert AuditEvent.objects.filter(action="academy.course.delete", target_id=str(course.pk)).exists()


class TestOutlinePages:
    def test_modules_are_added_moved_renamed_and_deleted(self, admin: Client, course: Course) -> None:
        response = admin.post(url("editor_module_create", course.slug), {"title": "Modul 2"})
        module = Module.objects.get(course=course, title="Modul 2")
        assert response["Location"] == url("editor_course", course.slug) + f"#module-{module.pk}"
        admin.post(url("editor_module_move", course.slug, module.pk), {"direction": "up"})
        assert list(course.modules.order_by("position").values_list("title", flat=True)) == ["Modul 2", "Modul 1"]
        admin.post(url("editor_module_edit", course.slug, module.pk), {"title": "Pengantar"})
        assert Module.objects.get(pk=module.pk).title == "Pengantar"
        admin.post(url("editor_module_delete", course.slug, module.pk))
        assert not Module.objects.filter(pk=module.pk).exists()
        actions = set(AuditEvent.objects.filter(action__startswith="academy.module").values_list("action", flat=True))
        assert actions == {
            "academy.module.create",
            "academy.module.move",
            "academy.module.update",
            "academy.module.delete",
        }

    def test_a_module_without_a_title_is_refused(self, admin: Client, course: Course) -> None:
        response = admin.post(url("editor_module_create", course.slug), {"title": ""}, follow=True)
        assert "Give the module a title." in response.content.decode()
        assert course.modules.count() == 1

    def test_a_lesson_is_written_then_edited(self, admin: Client, course: Course) -> None:
        module = course.modules.get()
        data = {
            "title": "Etika",
            "body": "## Isi\n\nTeks.",
            "summary_en": "",
            "video_url": "https://youtu.be/dQw4w9WgXcQ",
        }
        response = admin.post(url("editor_lesson_create", course.slug, module.pk), data)
        lesson = Lesson.objects.get(module=module, title="Etika")
        assert response["Location"] == url("editor_lesson_edit", course.slug, lesson.pk)
        page = admin.get(url("editor_lesson_edit", course.slug, lesson.pk)).content.decode()
        assert "The video link plays in the lesson." in page
        assert "<h3>Isi</h3>" in page
        admin.post(url("editor_lesson_edit", course.slug, lesson.pk), {**data, "body": "Baru", "video_url": ""})
        lesson.refresh_from_db()
        assert (lesson.body, lesson.video_url) == ("Baru", "")
        assert AuditEvent.objects.filter(action="academy.lesson.update", target_id=str(lesson.pk)).exists()

    @pytest.mark.parametrize("video_url", ["javascript:alert(1)", "ftp://contoh.go.id/video.mp4"])
    def test_a_video_link_must_be_a_web_address(self, admin: Client, lesson: Lesson, video_url: str) -> None:
        course = lesson.module.course
        data = {"title": lesson.title, "body": "", "summary_en": "", "video_url": video_url}
        response = admin.post(url("editor_lesson_edit", course.slug, lesson.pk), data)
        assert response.status_code == 200
        lesson.refresh_from_db()
        assert lesson.video_url == ""

    def test_the_preview_renders_the_text_safely_with_the_lessons_images(
        self, admin: Client, lesson: Lesson, image: LessonFile
    ) -> None:
        course = lesson.module.course
        body = "# Judul\n\n![Foto](foto.png)\n\n<script>alert(1)</script>\n\n![Luar](https://evil.example/x.png)"
        response = admin.post(
            url("editor_lesson_preview", course.slug, lesson.pk),
            {"body": body, "video_url": "https://contoh.go.id/video"},
            headers={"HX-Request": "true"},
        )
        content = response.content.decode()
        assert response.status_code == 200
        assert "<html" not in content
        assert "<h2>Judul</h2>" in content
        assert f'src="{url("lesson_file", course.slug, image.pk)}"' in content
        assert "<script" not in content
        assert "&lt;script&gt;" in content
        assert "evil.example" not in content
        assert "not a YouTube or Vimeo video" in content

    def test_a_new_lessons_preview_has_no_images(self, admin: Client, course: Course, image: LessonFile) -> None:
        response = admin.post(url("editor_preview", course.slug), {"body": "![Foto](foto.png)"})
        assert "<img" not in response.content.decode()

    def test_lessons_move_and_are_deleted_after_a_confirmation(self, admin: Client, course: Course) -> None:
        first, second = Lesson.objects.filter(module__course=course).order_by("position")
        response = admin.post(url("editor_lesson_move", course.slug, second.pk), {"direction": "up"})
        assert response["Location"] == url("editor_course", course.slug) + f"#lesson-{second.pk}"
        assert list(Lesson.objects.filter(module__course=course).order_by("position")) == [second, first]
        confirm = admin.get(url("editor_lesson_delete", course.slug, first.pk))
        assert confirm.status_code == 200
        assert Lesson.objects.filter(pk=first.pk).exists()
        admin.post(url("editor_lesson_delete", course.slug, first.pk))
        assert not Lesson.objects.filter(pk=first.pk).exists()
        assert AuditEvent.objects.filter(action="academy.lesson.delete", target_id=str(first.pk)).exists()

    def test_a_lesson_of_another_course_is_not_found(self, admin: Client, org: Organization, course: Course) -> None:
        other = course_make(org, slug="lain")
        elsewhere = Lesson.objects.filter(module__course=other).first()
        assert elsewhere is not None
        assert admin.get(url("editor_lesson_edit", course.slug, elsewhere.pk)).status_code == 404
        assert admin.post(url("editor_lesson_delete", course.slug, elsewhere.pk)).status_code == 404
        assert Lesson.objects.filter(pk=elsewhere.pk).exists()


class TestLessonFileUploads:
    def post_file(self, client: Client, lesson: Lesson, content: bytes, name: str) -> Any:
        course = lesson.module.course
        return client.post(url("editor_file_add", course.slug, lesson.pk), {"file": upload(content, name)}, follow=True)

    def test_an_image_is_added_with_the_name_to_use(self, admin: Client, lesson: Lesson) -> None:
        response = self.post_file(admin, lesson, png_bytes(), "Foto Kegiatan.png")
        added = LessonFile.objects.get(lesson=lesson)
        assert added.name == "foto-kegiatan.png"
        content = response.content.decode()
        assert "![caption](foto-kegiatan.png)" in content
        assert (
            response.redirect_chain[-1][0] == url("editor_lesson_edit", lesson.module.course.slug, lesson.pk) + "#files"
        )
        assert AuditEvent.objects.filter(action="academy.lesson_file.add", target_id=str(added.pk)).exists()

    def test_a_pdf_is_added(self, admin: Client, lesson: Lesson) -> None:
        self.post_file(admin, lesson, pdf_bytes(), "Modul.pdf")
        assert LessonFile.objects.get(lesson=lesson).kind == "pdf"

    @pytest.mark.parametrize(
        ("content", "name", "message"),
        [
            (b"Ini teks biasa, bukan gambar.", "foto.png", "Upload a JPEG, PNG or WebP image or a PDF."),
            (MP4_HEAD, "klip.mp4", "put the video on YouTube or Vimeo"),
            (b"", "kosong.png", "The submitted file is empty."),
        ],
    )
    def test_refused_files_say_why(
        self, admin: Client, lesson: Lesson, content: bytes, name: str, message: str
    ) -> None:
        response = self.post_file(admin, lesson, content, name)
        assert message in response.content.decode()
        assert not LessonFile.objects.exists()

    def test_an_image_over_the_limit_is_refused(self, settings: Any, admin: Client, lesson: Lesson) -> None:
        settings.CAMPAIGNS_MAX_IMAGE_MB = 1
        response = self.post_file(admin, lesson, noise_png(1.2), "besar.png")
        assert "The image is larger than 1 MB." in response.content.decode()
        assert not LessonFile.objects.exists()

    def test_a_file_is_deleted_after_a_confirmation(self, admin: Client, image: LessonFile) -> None:
        course = image.lesson.module.course
        assert admin.get(url("editor_file_delete", course.slug, image.pk)).status_code == 200
        assert LessonFile.objects.filter(pk=image.pk).exists()
        admin.post(url("editor_file_delete", course.slug, image.pk))
        assert not LessonFile.objects.filter(pk=image.pk).exists()
        assert AuditEvent.objects.filter(action="academy.lesson_file.delete", target_id=str(image.pk)).exists()


class TestLessonFileView:
    def test_an_image_is_shown_inline_privately(self, admin: Client, image: LessonFile) -> None:
        response = admin.get(url("lesson_file", image.lesson.module.course.slug, image.pk))
        assert response.status_code == 200
        assert response["Content-Type"] == "image/png"
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Cache-Control"] == "private"
        assert response["Content-Disposition"].startswith("inline")
        assert "foto.png" in response["Content-Disposition"]
        assert b"".join(response.streaming_content).startswith(b"\x89PNG")

    def test_a_pdf_is_downloaded(self, client_for: Any, ambassador: Membership, pdf: LessonFile) -> None:
        response = client_for(ambassador).get(url("lesson_file", pdf.lesson.module.course.slug, pdf.pk))
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        assert response["Content-Disposition"].startswith("attachment")
        assert "modul.pdf" in response["Content-Disposition"]

    @pytest.mark.parametrize("persona", ["ambassador", "coordinator", "viewer"])
    def test_every_member_reads_the_files_of_a_published_course(
        self, request: pytest.FixtureRequest, client_for: Any, persona: str, image: LessonFile
    ) -> None:
        client = client_for(request.getfixturevalue(persona))
        assert client.get(url("lesson_file", image.lesson.module.course.slug, image.pk)).status_code == 200

    def test_an_unpublished_course_hides_its_files_from_learners(
        self, admin: Client, client_for: Any, ambassador: Membership, image: LessonFile
    ) -> None:
        course = image.lesson.module.course
        Course.objects.filter(pk=course.pk).update(is_published=False)
        assert client_for(ambassador).get(url("lesson_file", course.slug, image.pk)).status_code == 404
        assert admin.get(url("lesson_file", course.slug, image.pk)).status_code == 200

    def test_another_organization_gets_404(
        self, client_for: Any, outsider_admin: Membership, image: LessonFile
    ) -> None:
        client = client_for(outsider_admin)
        course = image.lesson.module.course
        assert client.get(url("lesson_file", course.slug, image.pk)).status_code == 404
        assert client.get(url("lesson_file", course.slug, image.pk, org="lain")).status_code == 404

    def test_a_file_is_found_only_under_its_own_course(
        self, admin: Client, org: Organization, image: LessonFile
    ) -> None:
        other = course_make(org, slug="lain")
        assert admin.get(url("lesson_file", other.slug, image.pk)).status_code == 404

    def test_the_learners_lesson_page_shows_the_image(
        self, client_for: Any, ambassador: Membership, pr_admin: Membership, image: LessonFile
    ) -> None:
        lesson = image.lesson
        Lesson.objects.filter(pk=lesson.pk).update(body="![Kegiatan](foto.png)")
        course = lesson.module.course
        content = client_for(ambassador).get(url("lesson", course.slug, lesson.pk)).content.decode()
        assert f'src="{url("lesson_file", course.slug, image.pk)}"' in content


def question_form(**changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "text": "Apa yang wajib ada di setiap unggahan?",
        "kind": "single",
        "explanation": "Keterbukaan afiliasi.",
        "choice_0": "Tanda afiliasi",
        "correct_0": "on",
        "choice_1": "Emoji",
        "choice_2": "",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


class TestQuestionPages:
    def test_a_question_is_added_with_its_answers(self, admin: Client, course: Course) -> None:
        response = admin.post(url("editor_question_create", course.slug), question_form())
        question = Question.objects.get(course=course, text="Apa yang wajib ada di setiap unggahan?")
        assert response["Location"] == url("editor_course", course.slug) + f"#question-{question.pk}"
        assert list(question.choices.values_list("text", "is_correct")) == [("Tanda afiliasi", True), ("Emoji", False)]
        assert AuditEvent.objects.filter(action="academy.question.create", target_id=str(question.pk)).exists()

    def test_save_and_add_another(self, admin: Client, course: Course) -> None:
        response = admin.post(url("editor_question_create", course.slug), question_form(add_another="1"))
        assert response["Location"] == url("editor_question_create", course.slug)

    @pytest.mark.parametrize(
        ("changes", "message"),
        [
            ({"correct_1": "on"}, "exactly one answer marked correct"),
            ({"kind": "multiple", "correct_0": None}, "at least one answer marked correct"),
            ({"choice_1": ""}, "Give at least two answers."),
            ({"text": ""}, "This field is required."),
        ],
    )
    def test_a_malformed_question_is_shown_again_with_the_reason(
        self, admin: Client, course: Course, changes: dict[str, Any], message: str
    ) -> None:
        response = admin.post(url("editor_question_create", course.slug), question_form(**changes))
        assert response.status_code == 200
        assert message in response.content.decode()
        assert course.questions.count() == 2

    def test_a_question_is_edited_moved_and_deleted(self, admin: Client, course: Course) -> None:
        first, second = course.questions.order_by("position")
        page = admin.get(url("editor_question_edit", course.slug, first.pk)).content.decode()
        assert 'value="Benar"' in page
        assert "Penjelasan 1." in page
        admin.post(
            url("editor_question_edit", course.slug, first.pk),
            question_form(text="Diubah?", choice_0="Ya", choice_1="Tidak"),
        )
        first.refresh_from_db()
        assert first.text == "Diubah?"
        assert first.choices.count() == 2
        admin.post(url("editor_question_move", course.slug, second.pk), {"direction": "up"})
        assert list(course.questions.order_by("position")) == [second, first]
        admin.post(url("editor_question_delete", course.slug, first.pk))
        assert list(course.questions.all()) == [second]
        actions = set(AuditEvent.objects.filter(action__startswith="academy.question").values_list("action", flat=True))
        assert actions == {"academy.question.update", "academy.question.move", "academy.question.delete"}


class TestBuiltinCourses:
    def test_the_button_installs_the_missing_courses_once(self, admin: Client, org: Organization) -> None:
        builtins = builtin_courses()
        assert builtins, "the built-in curriculum files are missing"
        course_make(org, slug="tulisan-sendiri")
        page = admin.get(url("editor_course_list")).content.decode()
        assert url("editor_curriculum_install") in page
        assert builtins[0].data["title"] in page
        response = admin.post(url("editor_curriculum_install"), follow=True)
        content = response.content.decode()
        assert f"{len(builtins)} built-in course" in content
        assert set(Course.objects.filter(organization=org).exclude(builtin="").values_list("builtin", flat=True)) == {
            builtin.slug for builtin in builtins
        }
        assert url("editor_curriculum_install") not in content  # nothing left to install
        assert "built-in" in content
        assert AuditEvent.objects.filter(action="academy.curriculum.install", organization_id=org.pk).count() == 1
        again = admin.post(url("editor_curriculum_install"), follow=True)
        assert "Every built-in course is here already." in again.content.decode()
        assert Course.objects.filter(organization=org).count() == len(builtins) + 1
