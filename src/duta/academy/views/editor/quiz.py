"""The editor's pages for a course's quiz: a question with its answers and explanation, deleting and moving it."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from duta.academy.forms_editor import QuestionForm
from duta.academy.models import Course, Question
from duta.academy.selectors.editor import question_in
from duta.academy.services.courses import question_create, question_delete, question_move, question_update
from duta.academy.views.editor._common import admin_course, confirm_delete, course_url, direction_of, moved_message
from duta.core.exceptions import ApplicationError
from duta.core.forms import add_application_error
from duta.organizations.models import Membership
from duta.organizations.views import member_required


def _question_page(request: HttpRequest, member: Membership, course: Course, question: Question | None) -> HttpResponse:
    form = QuestionForm(request.POST or None, initial=QuestionForm.initial_for(question) if question else None)
    if request.method == "POST" and form.is_valid():
        try:
            if question is None:
                question = question_create(member=member, course=course, data=form.data_for_service())
            else:
                question = question_update(member=member, question=question, data=form.data_for_service())
        except ApplicationError as error:
            add_application_error(form, error)
        else:
            messages.success(request, _("Question saved."))
            if "add_another" in request.POST:
                return redirect("academy:editor_question_create", member.organization.slug, course.slug)
            return redirect(course_url(member, course, f"question-{question.pk}"))
    context = {"member": member, "course": course, "question": question, "form": form}
    return render(request, "academy/editor/question_form.html", context)


@member_required
@require_http_methods(["GET", "POST"])
def question_create_view(request: HttpRequest, member: Membership, course_slug: str) -> HttpResponse:
    return _question_page(request, member, admin_course(member, course_slug), None)


@member_required
@require_http_methods(["GET", "POST"])
def question_edit_view(request: HttpRequest, member: Membership, course_slug: str, question_pk: int) -> HttpResponse:
    course = admin_course(member, course_slug)
    return _question_page(request, member, course, question_in(course, question_pk))


@member_required
@require_http_methods(["GET", "POST"])
def question_delete_view(request: HttpRequest, member: Membership, course_slug: str, question_pk: int) -> HttpResponse:
    course = admin_course(member, course_slug)
    question = question_in(course, question_pk)
    return confirm_delete(
        request,
        member,
        course=course,
        title=_("Delete this question?"),
        consequences=[question.text, _("Attempts already finished keep their score.")],
        delete=lambda: question_delete(member=member, question=question),
        done=_("Question deleted."),
        back_url=course_url(member, course, "quiz"),
    )


@member_required
@require_POST
def question_move_view(request: HttpRequest, member: Membership, course_slug: str, question_pk: int) -> HttpResponse:
    course = admin_course(member, course_slug)
    question = question_in(course, question_pk)
    try:
        moved = question_move(member=member, question=question, direction=direction_of(request))
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        moved_message(request, moved, _("This question is at that end already."))
    return redirect(course_url(member, course, f"question-{question.pk}"))
