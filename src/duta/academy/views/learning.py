"""The learner's pages: the courses, a course, a lesson, the quiz (one question at a time or all on one page,
each answer marked at once with its explanation)."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from duta.academy.markdown import lesson_html, video_embed_url
from duta.academy.models import Attempt, Course, Lesson
from duta.academy.selectors.courses import (
    course_get_for_member,
    course_lessons,
    course_list_for_member,
    lesson_image_urls,
    lessons_read,
)
from duta.academy.selectors.learning import candidacies_in_training, course_statuses
from duta.academy.selectors.quiz import attempt_get_for_member, attempt_questions
from duta.academy.services.learning import attempt_answer, attempt_start, lesson_mark_done
from duta.core.exceptions import ApplicationError
from duta.organizations.models import Membership, Role
from duta.organizations.views import member_required


@member_required
def course_list_view(request: HttpRequest, member: Membership) -> HttpResponse:
    courses = list(course_list_for_member(member=member))
    statuses = course_statuses(member=member, courses=courses)
    required = [status for status in statuses if status.required_by]
    context = {
        "member": member,
        "required": required,
        "others": [status for status in statuses if not status.required_by],
        "required_done": sum(1 for status in required if status.passed),
        "training": candidacies_in_training(member=member),
        "can_manage": member.role == Role.ADMIN,
    }
    return render(request, "academy/learning/course_list.html", context)


@member_required
def course_detail_view(request: HttpRequest, member: Membership, course_slug: str) -> HttpResponse:
    course = course_get_for_member(member=member, slug=course_slug)
    lessons = course_lessons(course)
    course.lesson_count = len(lessons)  # type: ignore[attr-defined]
    status = course_statuses(member=member, courses=[course])[0]
    read = lessons_read(member=member, course=course)
    unread = {lesson.pk for lesson in lessons if lesson.pk not in read}
    context = {
        "member": member,
        "course": course,
        "status": status,
        "modules": [
            (module, [(lesson, lesson.pk not in unread) for lesson in module.lessons.all()])
            for module in course.modules.all()
        ],
        "next_lesson": next((lesson for lesson in lessons if lesson.pk in unread), None),
        "question_count": course.questions.count(),
        "quiz_open": not unread,
    }
    return render(request, "academy/learning/course_detail.html", context)


def _lesson_of(course_lessons_: list[Lesson], lesson_pk: int) -> tuple[Lesson, Lesson | None]:
    for index, lesson in enumerate(course_lessons_):
        if lesson.pk == lesson_pk:
            following = course_lessons_[index + 1] if index + 1 < len(course_lessons_) else None
            return lesson, following
    raise Http404


@member_required
def lesson_view(request: HttpRequest, member: Membership, course_slug: str, lesson_pk: int) -> HttpResponse:
    course = course_get_for_member(member=member, slug=course_slug)
    lessons = course_lessons(course)
    lesson, following = _lesson_of(lessons, lesson_pk)
    files = list(lesson.files.all())
    context = {
        "member": member,
        "course": course,
        "lesson": lesson,
        "position": lessons.index(lesson) + 1,
        "lesson_total": len(lessons),
        "body": lesson_html(lesson.body, lesson_image_urls(member=member, course=course, files=files)),
        "video_embed": video_embed_url(lesson.video_url),
        "downloads": [file for file in files if file.kind == file.Kind.PDF],
        "is_read": lesson.pk in lessons_read(member=member, course=course),
        "following": following,
    }
    return render(request, "academy/learning/lesson.html", context)


@require_POST
@member_required
def lesson_done_view(request: HttpRequest, member: Membership, course_slug: str, lesson_pk: int) -> HttpResponse:
    course = course_get_for_member(member=member, slug=course_slug)
    lessons = course_lessons(course)
    lesson, following = _lesson_of(lessons, lesson_pk)
    try:
        lesson_mark_done(member=member, lesson=lesson)
    except ApplicationError as error:
        messages.error(request, error.message)
        return redirect("academy:lesson", member.organization.slug, course.slug, lesson.pk)
    if following is not None:
        return redirect("academy:lesson", member.organization.slug, course.slug, following.pk)
    return redirect("academy:course_detail", member.organization.slug, course.slug)


@require_POST
@member_required
def quiz_start_view(request: HttpRequest, member: Membership, course_slug: str) -> HttpResponse:
    course = course_get_for_member(member=member, slug=course_slug, outline=False)
    try:
        attempt = attempt_start(member=member, course=course)
    except ApplicationError as error:
        messages.error(request, error.message)
        return redirect("academy:course_detail", member.organization.slug, course.slug)
    return redirect("academy:attempt", member.organization.slug, course.slug, attempt.number)


def _attempt_of(member: Membership, course_slug: str, number: int) -> tuple[Course, Attempt]:
    course = course_get_for_member(member=member, slug=course_slug, outline=False)
    return course, attempt_get_for_member(member=member, course=course, number=number)


@member_required
def attempt_view(request: HttpRequest, member: Membership, course_slug: str, number: int) -> HttpResponse:
    course, attempt = _attempt_of(member, course_slug, number)
    questions = attempt_questions(attempt)
    context = {
        "member": member,
        "course": course,
        "attempt": attempt,
        "questions": questions,
        "answered": sum(1 for question in questions if question.answered),
        "total": len(questions),
        "status": course_statuses(member=member, courses=[course])[0],
    }
    return render(request, "academy/learning/attempt.html", context)


@require_POST
@member_required
def attempt_answer_view(
    request: HttpRequest, member: Membership, course_slug: str, number: int, question_pk: int
) -> HttpResponse:
    """Mark one answer. Through HTMX the question's block comes back marked, with its explanation (and the result
    when it was the last); without script the page reloads at the question."""
    course, attempt = _attempt_of(member, course_slug, number)
    error = None
    try:
        choice_ids = [int(value) for value in request.POST.getlist("choice")]
    except ValueError:
        choice_ids = []
    try:
        attempt = attempt_answer(member=member, attempt=attempt, question_id=question_pk, choice_ids=choice_ids).attempt
    except ApplicationError as refusal:
        error = refusal.message
    if not request.htmx:  # type: ignore[attr-defined]
        if error:
            messages.error(request, error)
        url = reverse("academy:attempt", args=[member.organization.slug, course.slug, number])
        return redirect(f"{url}#q-{question_pk}")
    questions = attempt_questions(attempt)
    shown = [question for question in questions if question.question.pk == question_pk]
    if not shown:  # deleted from the course meanwhile: back to the course, which leads on
        messages.error(request, error or _("This question was removed from the course."))
        response = HttpResponse(status=204)
        response["HX-Redirect"] = reverse("academy:course_detail", args=[member.organization.slug, course.slug])
        return response
    context = {
        "member": member,
        "course": course,
        "attempt": attempt,
        "shown": shown[0],
        "error": error,
        "answered": sum(1 for question in questions if question.answered),
        "total": len(questions),
        # the result block needs the learner's state in the course only once the attempt is finished
        "status": course_statuses(member=member, courses=[course])[0] if attempt.finished_at else None,
    }
    return render(request, "academy/learning/_answer_response.html", context)
