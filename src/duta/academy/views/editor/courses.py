"""The editor's course pages: the list (with the built-in courses to install), a new course, a course's page (its
outline, its quiz and its settings), deleting it; and a lesson's file, served to whoever may read the course."""

from __future__ import annotations

from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from duta.academy.access import require_academy_admin
from duta.academy.forms_editor import CourseForm, ModuleForm
from duta.academy.models import LessonFile
from duta.academy.selectors.courses import course_get_for_member
from duta.academy.selectors.editor import course_modules, course_quiz, editor_courses, file_in
from duta.academy.services.courses import course_create, course_delete, course_update
from duta.academy.services.curriculum import builtin_courses_missing, curriculum_install
from duta.academy.views.editor._common import admin_course, confirm_delete, course_url
from duta.core.exceptions import ApplicationError
from duta.core.forms import add_application_error
from duta.organizations.models import Membership
from duta.organizations.views import member_required


@member_required
@require_safe
def course_list_view(request: HttpRequest, member: Membership) -> HttpResponse:
    require_academy_admin(member)
    context = {
        "member": member,
        "courses": list(editor_courses(member)),
        "missing": builtin_courses_missing(member.organization),
    }
    return render(request, "academy/editor/course_list.html", context)


@member_required
@require_POST
def curriculum_install_view(request: HttpRequest, member: Membership) -> HttpResponse:
    require_academy_admin(member)
    added = curriculum_install(organization=member.organization, actor=member.user)
    if added:
        messages.success(
            request,
            ngettext(
                "%(count)d built-in course added: %(titles)s.",
                "%(count)d built-in courses added: %(titles)s.",
                len(added),
            )
            % {"count": len(added), "titles": ", ".join(course.title for course in added)},
        )
    else:
        messages.info(request, _("Every built-in course is here already."))
    return redirect("academy:editor_course_list", member.organization.slug)


@member_required
@require_http_methods(["GET", "POST"])
def course_create_view(request: HttpRequest, member: Membership) -> HttpResponse:
    require_academy_admin(member)
    form = CourseForm(request.POST or None, organization=member.organization)
    if request.method == "POST" and form.is_valid():
        try:
            course = course_create(member=member, data=form.data_for_service())
        except ApplicationError as error:
            add_application_error(form, error)
        else:
            messages.success(request, _("Course created. Now add its modules, lessons and quiz."))
            return redirect(course_url(member, course))
    return render(request, "academy/editor/course_form.html", {"member": member, "form": form, "course": None})


@member_required
@require_http_methods(["GET", "POST"])
def course_view(request: HttpRequest, member: Membership, course_slug: str) -> HttpResponse:
    """The course's outline (modules and lessons), its quiz, and its settings form (saved here)."""
    course = admin_course(member, course_slug)
    form = CourseForm(request.POST or None, organization=member.organization, initial=CourseForm.initial_for(course))
    if request.method == "POST" and form.is_valid():
        try:
            course = course_update(member=member, course=course, data=form.data_for_service())
        except ApplicationError as error:
            add_application_error(form, error)
        else:
            messages.success(request, _("Settings saved."))
            return redirect(course_url(member, course, "settings"))
    modules = course_modules(course)
    context = {
        "member": member,
        "course": course,
        "form": form,
        "modules": modules,
        "lesson_count": sum(len(module.lessons.all()) for module in modules),
        "questions": list(course_quiz(course)),
        "module_form": ModuleForm(auto_id="new-module-%s"),
        "required_for": list(course.required_for.all()),
    }
    return render(request, "academy/editor/course.html", context)


@member_required
@require_http_methods(["GET", "POST"])
def course_delete_view(request: HttpRequest, member: Membership, course_slug: str) -> HttpResponse:
    course = admin_course(member, course_slug)
    certificates = course.completions.count()
    consequences = [
        _("Its modules, lessons, files and quiz are deleted, and so are the learners' attempts."),
        ngettext(
            "%(count)d certificate stays valid: it keeps the course's title as printed.",
            "%(count)d certificates stay valid: they keep the course's title as printed.",
            certificates,
        )
        % {"count": certificates},
    ]
    if course.required_for.exists():
        consequences.append(_("Programs that require it no longer do."))
    return confirm_delete(
        request,
        member,
        course=course,
        title=_("Delete the course “%(title)s”?") % {"title": course.title},
        consequences=consequences,
        delete=lambda: course_delete(member=member, course=course),
        done=_("Course deleted."),
        back_url=course_url(member, course),
        next_url=reverse("academy:editor_course_list", args=[member.organization.slug]),
    )


@member_required  # type: ignore[arg-type]  # a FileResponse streams: it is no HttpResponse
@require_safe
def lesson_file_view(request: HttpRequest, member: Membership, course_slug: str, file_pk: int) -> FileResponse:
    """A lesson's image (shown inline) or PDF (downloaded), for any member who may read the course: every member
    for a published course, the PR team for any."""
    course = course_get_for_member(member=member, slug=course_slug)
    lesson_file = file_in(course, file_pk)
    try:
        handle = lesson_file.file.storage.open(lesson_file.file.name or "", "rb")
    except (FileNotFoundError, OSError) as error:
        raise Http404 from error
    response = FileResponse(
        handle,
        as_attachment=lesson_file.kind == LessonFile.Kind.PDF,
        filename=lesson_file.name,
        content_type=lesson_file.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private"
    return response
