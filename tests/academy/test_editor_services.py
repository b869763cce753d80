"""The PR team's writes on courses: settings and required programs, modules and lessons in order, lesson files,
quiz questions; each checked, audited, and refused for other roles and other organizations."""

from __future__ import annotations

import io
import os

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone, translation
from PIL import Image
from reportlab.pdfgen import canvas

from duta.academy.models import Choice, Completion, Course, Lesson, LessonFile, Module, Question, academy_storage
from duta.academy.services.courses import (
    ChoiceData,
    CourseData,
    LessonData,
    QuestionData,
    course_create,
    course_data,
    course_delete,
    course_update,
    lesson_create,
    lesson_delete,
    lesson_file_add,
    lesson_file_delete,
    lesson_file_name,
    lesson_move,
    lesson_update,
    module_create,
    module_delete,
    module_move,
    module_update,
    question_create,
    question_delete,
    question_move,
    question_update,
)
from duta.core.exceptions import ApplicationError
from duta.core.models import AuditEvent
from duta.organizations.models import Membership, Organization
from duta.programs.models import Stage
from tests.academy.builders import candidacy, course_make
from tests.factories import ProgramFactory

# --- files for uploads (also used by the view tests) ---------------------------------------------------------------


def png_bytes(width: int = 40, height: int = 30) -> bytes:
    image = Image.new("RGBA", (width, height), (200, 30, 30, 255))
    image.putpixel((0, 0), (0, 0, 0, 0))  # a transparent pixel: it stays a PNG
    output = io.BytesIO()
    image.save(output, format="PNG")
    return output.getvalue()


def jpeg_with_exif() -> bytes:
    exif = Image.Exif()
    exif[0x010F] = "SecretCameraMaker"
    output = io.BytesIO()
    Image.new("RGB", (32, 24), "blue").save(output, format="JPEG", exif=exif)
    return output.getvalue()


def noise_png(megabytes: float) -> bytes:
    """A PNG of random pixels, stored uncompressed: about ``megabytes`` in size."""
    side = int((megabytes * 1024 * 1024 / 3) ** 0.5) + 1
    output = io.BytesIO()
    Image.frombytes("RGB", (side, side), os.urandom(side * side * 3)).save(output, format="PNG", compress_level=0)
    return output.getvalue()


def pdf_bytes(author: str = "Rina Rahasia") -> bytes:
    output = io.BytesIO()
    document = canvas.Canvas(output)
    document.setAuthor(author)
    document.drawString(72, 720, "Modul pelatihan duta")
    document.save()
    return output.getvalue()


MP4_HEAD = b"\x00\x00\x00\x20ftypisom\x00\x00\x02\x00isomiso2avc1mp41" + bytes(64)


def upload(content: bytes, name: str, content_type: str = "application/octet-stream") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=content_type)


# --- fixtures ------------------------------------------------------------------------------------------------------


@pytest.fixture(autouse=True)
def _english() -> None:
    translation.activate("en")


@pytest.fixture
def course(org: Organization) -> Course:
    return course_make(org, slug="bercerita", lessons=2, questions=2)


def stored_count(folder: str = "") -> int:
    """How many files the academy's storage holds (an in-memory storage shared by the whole test run)."""
    storage = academy_storage()
    if folder and not storage.exists(folder):
        return 0
    folders, files = storage.listdir(folder)
    return len(files) + sum(stored_count(f"{folder}/{name}" if folder else name) for name in folders)


def audit_rows(action: str) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(action=action))


def refusal(call, *args, **kwargs) -> ApplicationError:  # type: ignore[no-untyped-def]
    with pytest.raises(ApplicationError) as caught:
        call(*args, **kwargs)
    return caught.value


# --- courses -------------------------------------------------------------------------------------------------------


class TestCourseCreate:
    def test_it_creates_a_course_with_its_settings_and_one_audit_row(
        self, org: Organization, pr_admin: Membership
    ) -> None:
        program = ProgramFactory(organization=org)
        data = CourseData(
            title=" Etika bermedia ",
            slug="etika",
            title_en="Ethics",
            summary="Ringkas.",
            minutes=45,
            is_published=True,
            passing_score=80,
            max_attempts=0,
            shuffle_answers=False,
            required_for=[program],
        )
        course = course_create(member=pr_admin, data=data)
        course.refresh_from_db()
        assert (course.organization, course.slug, course.title, course.title_en) == (
            org,
            "etika",
            "Etika bermedia",
            "Ethics",
        )
        assert (course.minutes, course.passing_score, course.max_attempts) == (45, 80, 0)
        assert course.is_published is True
        assert course.shuffle_answers is False
        assert list(course.required_for.all()) == [program]
        assert course.created_by == pr_admin.user
        (event,) = audit_rows("academy.course.create")
        assert event.target_id == str(course.pk)
        assert event.organization_id == org.pk
        assert event.changes == {"slug": "etika", "required_for": [program.pk]}

    def test_the_short_name_comes_from_the_title_and_stays_unique(
        self, org: Organization, pr_admin: Membership
    ) -> None:
        first = course_create(member=pr_admin, data=CourseData(title="Jejak Digital"))
        second = course_create(member=pr_admin, data=CourseData(title="Jejak digital"))
        assert (first.slug, second.slug) == ("jejak-digital", "jejak-digital-2")
        assert second.position == first.position + 1

    @pytest.mark.parametrize("slug", ["new", "install"])
    def test_the_editors_own_addresses_are_not_short_names(self, pr_admin: Membership, slug: str) -> None:
        error = refusal(course_create, member=pr_admin, data=CourseData(title="X", slug=slug))
        assert error.field == "slug"

    def test_a_short_name_taken_in_the_organization_is_refused(self, pr_admin: Membership, course: Course) -> None:
        error = refusal(course_create, member=pr_admin, data=CourseData(title="X", slug="bercerita"))
        assert error.field == "slug"
        assert "short name" in error.message
        assert not audit_rows("academy.course.create")

    def test_the_same_short_name_in_another_organization_is_fine(
        self, pr_admin: Membership, outsider_admin: Membership, course: Course
    ) -> None:
        other = course_create(member=outsider_admin, data=CourseData(title="X", slug="bercerita"))
        assert other.organization == outsider_admin.organization

    def test_a_program_of_another_organization_is_refused(
        self, pr_admin: Membership, outsider_admin: Membership
    ) -> None:
        foreign = ProgramFactory(organization=outsider_admin.organization)
        error = refusal(course_create, member=pr_admin, data=CourseData(title="X", required_for=[foreign]))
        assert error.field == "required_for"
        assert not Course.objects.exists()

    @pytest.mark.parametrize(
        ("changes", "field"),
        [
            ({"passing_score": 0}, "passing_score"),
            ({"passing_score": 101}, "passing_score"),
            ({"max_attempts": 21}, "max_attempts"),
            ({"minutes": 0}, "minutes"),
            ({"title": ""}, "title"),
        ],
    )
    def test_settings_out_of_range_are_refused(self, pr_admin: Membership, changes: dict, field: str) -> None:
        data = CourseData(**{"title": "Judul", **changes})
        assert refusal(course_create, member=pr_admin, data=data).field == field

    def test_other_roles_may_not_write_courses(
        self, ambassador: Membership, coordinator: Membership, viewer: Membership
    ) -> None:
        for member in (ambassador, coordinator, viewer):
            assert refusal(course_create, member=member, data=CourseData(title="X")).code == "forbidden"
        assert not Course.objects.exists()


class TestCourseUpdate:
    def test_it_saves_what_changed_and_audits_it(self, pr_admin: Membership, course: Course) -> None:
        data = CourseData(title=course.title, slug="bercerita-baru", passing_score=60, max_attempts=5)
        updated = course_update(member=pr_admin, course=course, data=data)
        assert (updated.slug, updated.passing_score, updated.max_attempts) == ("bercerita-baru", 60, 5)
        (event,) = audit_rows("academy.course.update")
        assert event.changes["slug"] == "bercerita-baru"
        assert event.changes["passing_score"] == 60
        assert "title" not in event.changes

    def test_nothing_changed_writes_no_audit_row(self, pr_admin: Membership, course: Course) -> None:
        course_update(member=pr_admin, course=course, data=course_data(course))
        assert not audit_rows("academy.course.update")

    def test_a_course_of_another_organization_is_refused(self, outsider_admin: Membership, course: Course) -> None:
        error = refusal(course_update, member=outsider_admin, course=course, data=CourseData(title="Diambil"))
        assert error.code == "forbidden"
        course.refresh_from_db()
        assert course.title != "Diambil"

    def test_a_program_of_another_organization_is_refused(
        self, pr_admin: Membership, outsider_admin: Membership, course: Course
    ) -> None:
        foreign = ProgramFactory(organization=outsider_admin.organization)
        data = CourseData(title=course.title, required_for=[foreign])
        assert refusal(course_update, member=pr_admin, course=course, data=data).field == "required_for"
        assert not course.required_for.exists()

    def test_requiring_a_course_moves_candidates_who_passed_it_already(
        self,
        org: Organization,
        pr_admin: Membership,
        ambassador: Membership,
        course: Course,
        django_capture_on_commit_callbacks,
    ) -> None:
        program = ProgramFactory(organization=org)
        candidate = candidacy(ambassador, program, stage=Stage.TRAINING)
        Completion.objects.create(
            organization=org,
            member=ambassador,
            course=course,
            code="ABCD2345EFGH",
            holder_name="Putri Duta",
            course_title=course.title,
            score=90,
            completed_at=timezone.now(),
        )
        data = CourseData(title=course.title, required_for=[program])
        with django_capture_on_commit_callbacks(execute=True) as callbacks:
            course_update(member=pr_admin, course=course, data=data)
            candidate.refresh_from_db()
            assert candidate.stage == Stage.TRAINING  # not before the commit
        assert len(callbacks) == 1
        candidate.refresh_from_db()
        assert candidate.stage == Stage.ACTIVE
        assert audit_rows("academy.course.update")[0].changes["required_for"] == [program.pk]

    def test_settings_alone_do_not_run_the_promotion(
        self,
        pr_admin: Membership,
        course: Course,
        django_capture_on_commit_callbacks,
    ) -> None:
        with django_capture_on_commit_callbacks() as callbacks:
            course_update(member=pr_admin, course=course, data=CourseData(title="Judul baru"))
        assert callbacks == []


class TestCourseDelete:
    def test_certificates_keep_their_snapshot(
        self,
        org: Organization,
        pr_admin: Membership,
        ambassador: Membership,
        course: Course,
        django_capture_on_commit_callbacks,
    ) -> None:
        lesson = Lesson.objects.filter(module__course=course).first()
        assert lesson is not None
        stored = academy_storage().save("lessons/test/foto.jpg", ContentFile(b"x"))
        LessonFile.objects.create(
            lesson=lesson, kind="image", name="foto.jpg", file=stored, content_type="image/jpeg", size=1, sha256="0"
        )
        completion = Completion.objects.create(
            organization=org,
            member=ambassador,
            course=course,
            code="QWER2345TYUP",
            holder_name="Putri Duta",
            course_title=course.title,
            completed_at=timezone.now(),
        )
        with django_capture_on_commit_callbacks(execute=True):
            course_delete(member=pr_admin, course=course)
        assert not Course.objects.filter(pk=course.pk).exists()
        assert not Lesson.objects.filter(pk=lesson.pk).exists()
        completion.refresh_from_db()
        assert completion.course is None
        assert completion.course_title == "Kursus bercerita"
        assert not academy_storage().exists(stored)
        (event,) = audit_rows("academy.course.delete")
        assert event.target_id == str(course.pk)
        assert event.changes["certificates"] == 1

    def test_other_roles_and_organizations_may_not_delete(
        self, ambassador: Membership, outsider_admin: Membership, course: Course
    ) -> None:
        for member in (ambassador, outsider_admin):
            assert refusal(course_delete, member=member, course=course).code == "forbidden"
        assert Course.objects.filter(pk=course.pk).exists()


# --- modules and lessons -------------------------------------------------------------------------------------------


def titles(queryset) -> list[str]:  # type: ignore[no-untyped-def]
    return list(queryset.order_by("position", "pk").values_list("title", flat=True))


class TestModules:
    def test_create_rename_delete(self, pr_admin: Membership, course: Course) -> None:
        module = module_create(member=pr_admin, course=course, title=" Modul 2 ")
        assert (module.title, module.position) == ("Modul 2", 1)
        module_update(member=pr_admin, module=module, title="Modul dua")
        assert Module.objects.get(pk=module.pk).title == "Modul dua"
        module_delete(member=pr_admin, module=module)
        assert not Module.objects.filter(pk=module.pk).exists()
        assert [len(audit_rows(f"academy.module.{verb}")) for verb in ("create", "update", "delete")] == [1, 1, 1]

    def test_a_module_needs_a_title(self, pr_admin: Membership, course: Course) -> None:
        assert refusal(module_create, member=pr_admin, course=course, title="  ").field == "title"

    def test_moving_swaps_with_the_neighbour(self, pr_admin: Membership, course: Course) -> None:
        second = module_create(member=pr_admin, course=course, title="Modul 2")
        third = module_create(member=pr_admin, course=course, title="Modul 3")
        assert module_move(member=pr_admin, module=third, direction="up") is True
        assert titles(course.modules) == ["Modul 1", "Modul 3", "Modul 2"]
        assert module_move(member=pr_admin, module=second, direction="down") is False  # last already
        first = course.modules.get(title="Modul 1")
        assert module_move(member=pr_admin, module=first, direction="up") is False
        assert len(audit_rows("academy.module.move")) == 1

    def test_moving_repairs_equal_positions(self, pr_admin: Membership, course: Course) -> None:
        Module.objects.create(course=course, title="Modul 2", position=0)  # same position as Modul 1
        later = course.modules.get(title="Modul 2")
        module_move(member=pr_admin, module=later, direction="up")
        assert titles(course.modules) == ["Modul 2", "Modul 1"]
        assert sorted(course.modules.values_list("position", flat=True)) == [0, 1]

    def test_a_direction_other_than_up_or_down_is_refused(self, pr_admin: Membership, course: Course) -> None:
        module = course.modules.get()
        assert refusal(module_move, member=pr_admin, module=module, direction="left").code == "direction"

    def test_another_organization_may_not_touch_modules(self, outsider_admin: Membership, course: Course) -> None:
        module = course.modules.get()
        assert refusal(module_create, member=outsider_admin, course=course, title="X").code == "forbidden"
        assert refusal(module_delete, member=outsider_admin, module=module).code == "forbidden"
        assert refusal(module_move, member=outsider_admin, module=module, direction="up").code == "forbidden"


class TestLessons:
    def test_create_and_update(self, pr_admin: Membership, course: Course) -> None:
        module = course.modules.get()
        data = LessonData(title="Baru", body="## Isi\r\n\r\nTeks.", video_url="https://youtu.be/dQw4w9WgXcQ")
        lesson = lesson_create(member=pr_admin, module=module, data=data)
        assert (lesson.position, lesson.body) == (2, "## Isi\n\nTeks.")
        (event,) = audit_rows("academy.lesson.create")
        assert event.changes["body"] == len("## Isi\n\nTeks.")  # the length, not the text
        lesson_update(member=pr_admin, lesson=lesson, data=LessonData(title="Baru", body="Lain"))
        lesson.refresh_from_db()
        assert (lesson.body, lesson.video_url) == ("Lain", "")
        assert len(audit_rows("academy.lesson.update")) == 1

    @pytest.mark.parametrize(
        "video_url", ["ftp://contoh.go.id/video.mp4", "javascript:alert(1)", "youtube.com/watch?v=dQw4w9WgXcQ"]
    )
    def test_a_video_link_must_be_http_or_https(self, pr_admin: Membership, course: Course, video_url: str) -> None:
        module = course.modules.get()
        error = refusal(lesson_create, member=pr_admin, module=module, data=LessonData(title="X", video_url=video_url))
        assert error.field == "video_url"

    def test_moving_within_a_module_and_across_modules(self, pr_admin: Membership, course: Course) -> None:
        first_module = course.modules.get()
        second_module = module_create(member=pr_admin, course=course, title="Modul 2")
        lesson_create(member=pr_admin, module=second_module, data=LessonData(title="Pelajaran 3"))
        one, two = Lesson.objects.filter(module=first_module).order_by("position")
        assert lesson_move(member=pr_admin, lesson=two, direction="up") is True
        assert titles(first_module.lessons) == ["Pelajaran 2", "Pelajaran 1"]
        one.refresh_from_db()
        assert lesson_move(member=pr_admin, lesson=one, direction="down") is True  # last of its module
        assert titles(first_module.lessons) == ["Pelajaran 2"]
        assert titles(second_module.lessons) == ["Pelajaran 1", "Pelajaran 3"]
        three = Lesson.objects.get(title="Pelajaran 3")
        assert lesson_move(member=pr_admin, lesson=three, direction="down") is False  # the end of the course
        two.refresh_from_db()
        assert lesson_move(member=pr_admin, lesson=two, direction="up") is False  # the start of the course
        assert len(audit_rows("academy.lesson.move")) == 2

    def test_deleting_a_lesson_removes_its_stored_files(
        self,
        pr_admin: Membership,
        course: Course,
        django_capture_on_commit_callbacks,
    ) -> None:
        lesson = Lesson.objects.filter(module__course=course).first()
        assert lesson is not None
        added = lesson_file_add(member=pr_admin, lesson=lesson, upload=upload(png_bytes(), "foto.png"))
        stored = added.file.name
        with django_capture_on_commit_callbacks(execute=True):
            lesson_delete(member=pr_admin, lesson=lesson)
        assert not academy_storage().exists(stored)
        assert len(audit_rows("academy.lesson.delete")) == 1

    def test_other_roles_may_not_write_lessons(self, ambassador: Membership, course: Course) -> None:
        module = course.modules.get()
        assert refusal(lesson_create, member=ambassador, module=module, data=LessonData(title="X")).code == "forbidden"


# --- lesson files --------------------------------------------------------------------------------------------------


class TestLessonFileName:
    @pytest.mark.parametrize(
        ("upload_name", "extension", "name"),
        [
            ("Foto Kegiatan 2024.PNG", "png", "foto-kegiatan-2024.png"),
            ("foto kegiatan.png", "jpg", "foto-kegiatan.jpg"),  # the cleaned file's own extension
            ("C:\\Users\\rina\\Desktop\\Modul Satu.pdf", "pdf", "modul-satu.pdf"),
            ("../../etc/passwd.pdf", "pdf", "passwd.pdf"),
            ("Café – Ringkasan (final).pdf", "pdf", "cafe-ringkasan-final.pdf"),
            ("Modul - Bagian 1.pdf", "pdf", "modul-bagian-1.pdf"),
            ("gambar_1.v2.webp", "jpg", "gambar_1.v2.jpg"),
            ("已上传.png", "png", "file.png"),
            (".png", "png", "png.png"),
            ("", "pdf", "file.pdf"),
        ],
    )
    def test_names_are_plain(self, upload_name: str, extension: str, name: str) -> None:
        assert lesson_file_name(upload_name, extension) == name


class TestLessonFiles:
    @pytest.fixture
    def lesson(self, course: Course) -> Lesson:
        found = Lesson.objects.filter(module__course=course).order_by("position").first()
        assert found is not None
        return found

    def test_an_image_is_cleaned_stored_under_a_generated_name_and_audited(
        self, pr_admin: Membership, lesson: Lesson
    ) -> None:
        added = lesson_file_add(member=pr_admin, lesson=lesson, upload=upload(png_bytes(), "Foto Kegiatan.png"))
        assert (added.kind, added.name, added.content_type) == ("image", "foto-kegiatan.png", "image/png")
        assert (added.width, added.height, added.uploaded_by) == (40, 30, pr_admin.user)
        assert added.file.name.startswith("lessons/")
        assert "kegiatan" not in added.file.name
        with academy_storage().open(added.file.name) as stored:
            assert Image.open(stored).format == "PNG"
        (event,) = audit_rows("academy.lesson_file.add")
        assert event.target_id == str(added.pk)
        assert event.changes["kind"] == "image"

    def test_metadata_is_removed(self, pr_admin: Membership, lesson: Lesson) -> None:
        added = lesson_file_add(member=pr_admin, lesson=lesson, upload=upload(jpeg_with_exif(), "kamera.jpg"))
        with academy_storage().open(added.file.name) as stored:
            assert b"SecretCameraMaker" not in stored.read()

    def test_a_pdf_is_kept_for_download_without_its_author(self, pr_admin: Membership, lesson: Lesson) -> None:
        added = lesson_file_add(member=pr_admin, lesson=lesson, upload=upload(pdf_bytes(), "Modul Satu.pdf"))
        assert (added.kind, added.name, added.content_type) == ("pdf", "modul-satu.pdf", "application/pdf")
        with academy_storage().open(added.file.name) as stored:
            content = stored.read()
        assert content.startswith(b"%PDF-")
        assert b"Rina Rahasia" not in content

    def test_a_text_file_named_like_an_image_is_refused(self, pr_admin: Membership, lesson: Lesson) -> None:
        fake = upload(b"Ini bukan gambar, hanya teks biasa.", "foto.png", "image/png")
        error = refusal(lesson_file_add, member=pr_admin, lesson=lesson, upload=fake)
        assert error.field == "file"
        assert "JPEG, PNG or WebP image or a PDF" in error.message
        assert not LessonFile.objects.exists()

    def test_a_video_is_refused_with_the_way_to_show_it(self, pr_admin: Membership, lesson: Lesson) -> None:
        error = refusal(lesson_file_add, member=pr_admin, lesson=lesson, upload=upload(MP4_HEAD, "klip.mp4"))
        assert error.code == "video"
        assert "YouTube or Vimeo" in error.message
        assert not LessonFile.objects.exists()

    def test_an_image_over_the_limit_is_refused(self, settings, pr_admin: Membership, lesson: Lesson) -> None:
        settings.CAMPAIGNS_MAX_IMAGE_MB = 1
        error = refusal(lesson_file_add, member=pr_admin, lesson=lesson, upload=upload(noise_png(1.2), "besar.png"))
        assert error.field == "file"
        assert "larger than 1 MB" in error.message
        assert not LessonFile.objects.exists()

    def test_a_second_file_of_the_same_name_is_refused(self, pr_admin: Membership, lesson: Lesson) -> None:
        lesson_file_add(member=pr_admin, lesson=lesson, upload=upload(png_bytes(), "foto.png"))
        before = stored_count()
        error = refusal(lesson_file_add, member=pr_admin, lesson=lesson, upload=upload(png_bytes(20, 20), "FOTO.png"))
        assert error.code == "duplicate"
        assert "foto.png" in error.message
        assert LessonFile.objects.count() == 1
        assert stored_count() == before  # the refused copy was not left in the storage

    def test_the_same_name_in_another_lesson_is_fine(self, pr_admin: Membership, course: Course) -> None:
        first, second = Lesson.objects.filter(module__course=course)
        lesson_file_add(member=pr_admin, lesson=first, upload=upload(png_bytes(), "foto.png"))
        lesson_file_add(member=pr_admin, lesson=second, upload=upload(png_bytes(), "foto.png"))
        assert LessonFile.objects.filter(name="foto.png").count() == 2

    def test_a_lesson_holds_twenty_files_at_most(self, pr_admin: Membership, lesson: Lesson) -> None:
        LessonFile.objects.bulk_create(
            LessonFile(
                lesson=lesson,
                kind="pdf",
                name=f"f{index}.pdf",
                file=f"lessons/x/{index}.pdf",
                content_type="application/pdf",
                size=1,
                sha256="0",
            )
            for index in range(20)
        )
        error = refusal(lesson_file_add, member=pr_admin, lesson=lesson, upload=upload(png_bytes(), "satu-lagi.png"))
        assert "at most 20 files" in error.message
        assert LessonFile.objects.count() == 20

    def test_deleting_removes_the_stored_file_after_the_commit(
        self,
        pr_admin: Membership,
        lesson: Lesson,
        django_capture_on_commit_callbacks,
    ) -> None:
        added = lesson_file_add(member=pr_admin, lesson=lesson, upload=upload(pdf_bytes(), "modul.pdf"))
        stored = added.file.name
        with django_capture_on_commit_callbacks(execute=True):
            lesson_file_delete(member=pr_admin, lesson_file=added)
            assert academy_storage().exists(stored)
        assert not academy_storage().exists(stored)
        assert not LessonFile.objects.exists()
        assert len(audit_rows("academy.lesson_file.delete")) == 1

    def test_other_roles_and_organizations_may_not_upload(
        self, coordinator: Membership, outsider_admin: Membership, lesson: Lesson
    ) -> None:
        for member in (coordinator, outsider_admin):
            error = refusal(lesson_file_add, member=member, lesson=lesson, upload=upload(png_bytes(), "foto.png"))
            assert error.code == "forbidden"
        assert not LessonFile.objects.exists()


# --- questions -----------------------------------------------------------------------------------------------------


def answers(*rows: tuple[str, bool]) -> list[ChoiceData]:
    return [ChoiceData(text=text, is_correct=correct) for text, correct in rows]


class TestQuestions:
    def test_a_question_with_its_answers_in_one_call(self, pr_admin: Membership, course: Course) -> None:
        data = QuestionData(
            text=" Apa yang wajib ada? ",
            kind=Question.Kind.SINGLE,
            explanation="Karena keterbukaan.",
            choices=answers(("Tanda afiliasi", True), ("", False), ("Emoji", False)),
        )
        question = question_create(member=pr_admin, course=course, data=data)
        assert (question.text, question.position) == ("Apa yang wajib ada?", 2)
        assert list(question.choices.values_list("text", "is_correct", "position")) == [
            ("Tanda afiliasi", True, 0),
            ("Emoji", False, 1),
        ]
        (event,) = audit_rows("academy.question.create")
        assert event.changes == {"course": "bercerita", "choices": 2, "correct": [0]}

    @pytest.mark.parametrize(
        ("data", "field", "words"),
        [
            (QuestionData(text=" ", choices=answers(("a", True), ("b", False))), "text", "Write the question"),
            (QuestionData(text="T", kind="essay", choices=answers(("a", True), ("b", False))), "kind", "kind"),
            (QuestionData(text="T", choices=answers(("a", True), (" ", False))), "choices", "at least two"),
            (
                QuestionData(text="T", choices=answers(*[(f"j{i}", i == 0) for i in range(9)])),
                "choices",
                "at most eight",
            ),
            (QuestionData(text="T", choices=answers(("a", True), ("b", True))), "choices", "exactly one"),
            (QuestionData(text="T", choices=answers(("a", False), ("b", False))), "choices", "exactly one"),
            (
                QuestionData(text="T", kind=Question.Kind.MULTIPLE, choices=answers(("a", False), ("b", False))),
                "choices",
                "at least one answer marked correct",
            ),
            (QuestionData(text="T", choices=answers(("a", False), ("b", False), ("", True))), "choices", "no text"),
            (QuestionData(text="T", choices=answers(("a" * 501, True), ("b", False))), "choices", "500"),
        ],
    )
    def test_malformed_questions_are_refused(
        self, pr_admin: Membership, course: Course, data: QuestionData, field: str, words: str
    ) -> None:
        before = Question.objects.count()
        error = refusal(question_create, member=pr_admin, course=course, data=data)
        assert error.field == field
        assert words in error.message
        assert Question.objects.count() == before

    def test_several_correct_answers_for_a_multiple_choice_question(self, pr_admin: Membership, course: Course) -> None:
        data = QuestionData(
            text="T", kind=Question.Kind.MULTIPLE, choices=answers(("a", True), ("b", True), ("c", False))
        )
        question = question_create(member=pr_admin, course=course, data=data)
        assert question.choices.filter(is_correct=True).count() == 2

    def test_an_update_keeps_the_answer_rows_it_can(self, pr_admin: Membership, course: Course) -> None:
        question = course.questions.order_by("position").first()
        assert question is not None
        before = list(question.choices.order_by("position").values_list("pk", flat=True))
        data = QuestionData(text="Baru?", kind=Question.Kind.SINGLE, choices=answers(("Satu", False), ("Dua", True)))
        question_update(member=pr_admin, question=question, data=data)
        rows = list(question.choices.order_by("position").values_list("pk", "text", "is_correct"))
        assert rows == [(before[0], "Satu", False), (before[1], "Dua", True)]
        assert not Choice.objects.filter(pk=before[2]).exists()
        assert audit_rows("academy.question.update")[0].changes["correct"] == [1]

    def test_move_and_delete(self, pr_admin: Membership, course: Course) -> None:
        first, second = course.questions.order_by("position")
        assert question_move(member=pr_admin, question=second, direction="up") is True
        assert list(course.questions.order_by("position").values_list("pk", flat=True)) == [second.pk, first.pk]
        first.refresh_from_db()
        assert question_move(member=pr_admin, question=first, direction="down") is False
        question_delete(member=pr_admin, question=first)
        assert list(course.questions.values_list("pk", flat=True)) == [second.pk]
        assert len(audit_rows("academy.question.move")) == 1
        assert len(audit_rows("academy.question.delete")) == 1

    def test_other_roles_and_organizations_may_not_write_questions(
        self, viewer: Membership, outsider_admin: Membership, course: Course
    ) -> None:
        data = QuestionData(text="T", choices=answers(("a", True), ("b", False)))
        question = course.questions.first()
        assert question is not None
        for member in (viewer, outsider_admin):
            assert refusal(question_create, member=member, course=course, data=data).code == "forbidden"
            assert refusal(question_delete, member=member, question=question).code == "forbidden"
