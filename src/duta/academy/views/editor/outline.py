"""The editor's pages for a course's outline: modules, lessons (with a live preview of their text) and a lesson's
images and PDFs."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from duta.academy.forms_editor import LessonFileForm, LessonForm, ModuleForm
from duta.academy.markdown import lesson_html, video_embed_url
from duta.academy.models import Course, Lesson, LessonFile, Module
from duta.academy.selectors.courses import lesson_image_urls
from duta.academy.selectors.editor import file_in, lesson_files, lesson_in, module_in
from duta.academy.services.courses import (
    lesson_create,
    lesson_delete,
    lesson_file_add,
    lesson_file_delete,
    lesson_move,
    lesson_update,
    module_create,
    module_delete,
    module_move,
    module_update,
)
from duta.academy.views.editor._common import admin_course, confirm_delete, course_url, direction_of, moved_message
from duta.core.exceptions import ApplicationError
from duta.core.forms import add_application_error
from duta.organizations.models import Membership
from duta.organizations.views import member_required

# --- modules ------------------------------------------------------------------------------------------------------


@member_required
@require_POST
def module_create_view(request: HttpRequest, member: Membership, course_slug: str) -> HttpResponse:
    course = admin_course(member, course_slug)
    form = ModuleForm(request.POST)
    if form.is_valid():
        try:
            module = module_create(member=member, course=course, title=form.cleaned_data["title"])
        except ApplicationError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Module added. Now add its lessons."))
            return redirect(course_url(member, course, f"module-{module.pk}"))
    else:
        messages.error(request, " ".join(str(error) for errors in form.errors.values() for error in errors))
    return redirect(course_url(member, course, "outline"))


@member_required
@require_http_methods(["GET", "POST"])
def module_edit_view(request: HttpRequest, member: Membership, course_slug: str, module_pk: int) -> HttpResponse:
    course = admin_course(member, course_slug)
    module = module_in(course, module_pk)
    form = ModuleForm(request.POST or None, initial={"title": module.title})
    if request.method == "POST" and form.is_valid():
        try:
            module_update(member=member, module=module, title=form.cleaned_data["title"])
        except ApplicationError as error:
            add_application_error(form, error)
        else:
            messages.success(request, _("Module renamed."))
            return redirect(course_url(member, course, f"module-{module.pk}"))
    context = {"member": member, "course": course, "module": module, "form": form}
    return render(request, "academy/editor/module_form.html", context)


@member_required
@require_http_methods(["GET", "POST"])
def module_delete_view(request: HttpRequest, member: Membership, course_slug: str, module_pk: int) -> HttpResponse:
    course = admin_course(member, course_slug)
    module = module_in(course, module_pk)
    lessons = module.lessons.count()
    return confirm_delete(
        request,
        member,
        course=course,
        title=_("Delete the module “%(title)s”?") % {"title": module.title},
        consequences=[
            _("Its %(count)d lessons are deleted with their files.") % {"count": lessons}
            if lessons
            else _("It has no lessons.")
        ],
        delete=lambda: module_delete(member=member, module=module),
        done=_("Module deleted."),
        back_url=course_url(member, course, "outline"),
    )


@member_required
@require_POST
def module_move_view(request: HttpRequest, member: Membership, course_slug: str, module_pk: int) -> HttpResponse:
    course = admin_course(member, course_slug)
    module = module_in(course, module_pk)
    try:
        moved = module_move(member=member, module=module, direction=direction_of(request))
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        moved_message(request, moved, _("This module is at that end already."))
    return redirect(course_url(member, course, f"module-{module.pk}"))


# --- lessons ------------------------------------------------------------------------------------------------------


def _lesson_page(
    request: HttpRequest, member: Membership, course: Course, module: Module, lesson: Lesson | None
) -> HttpResponse:
    form = LessonForm(request.POST or None, initial=LessonForm.initial_for(lesson) if lesson else None)
    if request.method == "POST" and form.is_valid():
        try:
            if lesson is None:
                lesson = lesson_create(member=member, module=module, data=form.data_for_service())
                messages.success(request, _("Lesson saved. Add its images and files below."))
            else:
                lesson = lesson_update(member=member, lesson=lesson, data=form.data_for_service())
                messages.success(request, _("Lesson saved."))
        except ApplicationError as error:
            add_application_error(form, error)
        else:
            return redirect("academy:editor_lesson_edit", member.organization.slug, course.slug, lesson.pk)
    files = lesson_files(lesson) if lesson else []
    body = form["body"].value() or ""
    video_url = form["video_url"].value() or ""
    context = {
        "member": member,
        "course": course,
        "module": module,
        "lesson": lesson,
        "form": form,
        "files": files,
        "file_form": LessonFileForm(),
        "preview": lesson_html(body, lesson_image_urls(member=member, course=course, files=files)),
        "video_url": video_url,
        "video_embed": video_embed_url(video_url),
    }
    return render(request, "academy/editor/lesson_form.html", context)


@member_required
@require_http_methods(["GET", "POST"])
def lesson_create_view(request: HttpRequest, member: Membership, course_slug: str, module_pk: int) -> HttpResponse:
    course = admin_course(member, course_slug)
    return _lesson_page(request, member, course, module_in(course, module_pk), None)


@member_required
@require_http_methods(["GET", "POST"])
def lesson_edit_view(request: HttpRequest, member: Membership, course_slug: str, lesson_pk: int) -> HttpResponse:
    course = admin_course(member, course_slug)
    lesson = lesson_in(course, lesson_pk)
    return _lesson_page(request, member, course, lesson.module, lesson)


@member_required
@require_POST
def lesson_preview_view(
    request: HttpRequest, member: Membership, course_slug: str, lesson_pk: int | None = None
) -> HttpResponse:
    """The lesson's text as learners will see it (with this lesson's images), and whether its video link plays in
    the page: the HTMX fragment under the editor's text box."""
    course = admin_course(member, course_slug)
    files = lesson_files(lesson_in(course, lesson_pk)) if lesson_pk is not None else []
    video_url = request.POST.get("video_url", "").strip()
    context = {
        "preview": lesson_html(
            request.POST.get("body", ""), lesson_image_urls(member=member, course=course, files=files)
        ),
        "video_url": video_url,
        "video_embed": video_embed_url(video_url),
    }
    return render(request, "academy/editor/_preview.html", context)


@member_required
@require_http_methods(["GET", "POST"])
def lesson_delete_view(request: HttpRequest, member: Membership, course_slug: str, lesson_pk: int) -> HttpResponse:
    course = admin_course(member, course_slug)
    lesson = lesson_in(course, lesson_pk)
    files = lesson.files.count()
    return confirm_delete(
        request,
        member,
        course=course,
        title=_("Delete the lesson “%(title)s”?") % {"title": lesson.title},
        consequences=[
            _("Its %(count)d files are deleted too.") % {"count": files} if files else _("It has no files."),
            _("Learners who read it keep their progress in the other lessons."),
        ],
        delete=lambda: lesson_delete(member=member, lesson=lesson),
        done=_("Lesson deleted."),
        back_url=course_url(member, course, f"module-{lesson.module_id}"),
    )


@member_required
@require_POST
def lesson_move_view(request: HttpRequest, member: Membership, course_slug: str, lesson_pk: int) -> HttpResponse:
    course = admin_course(member, course_slug)
    lesson = lesson_in(course, lesson_pk)
    try:
        moved = lesson_move(member=member, lesson=lesson, direction=direction_of(request))
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        moved_message(request, moved, _("This lesson is at that end of the course already."))
    return redirect(course_url(member, course, f"lesson-{lesson.pk}"))


# --- a lesson's files ---------------------------------------------------------------------------------------------


@member_required
@require_POST
def lesson_file_add_view(request: HttpRequest, member: Membership, course_slug: str, lesson_pk: int) -> HttpResponse:
    course = admin_course(member, course_slug)
    lesson = lesson_in(course, lesson_pk)
    form = LessonFileForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            added = lesson_file_add(member=member, lesson=lesson, upload=form.cleaned_data["file"])
        except ApplicationError as error:
            messages.error(request, error.message)
        else:
            if added.kind == LessonFile.Kind.IMAGE:
                messages.success(
                    request,
                    _("Image added. Show it in the text with ![caption](%(name)s).") % {"name": added.name},
                )
            else:
                messages.success(request, _("PDF added: learners find it under the lesson's text."))
    else:
        for problems in form.errors.values():
            for problem in problems:
                messages.error(request, str(problem))
    url = reverse("academy:editor_lesson_edit", args=[member.organization.slug, course.slug, lesson.pk])
    return redirect(f"{url}#files")


@member_required
@require_http_methods(["GET", "POST"])
def lesson_file_delete_view(request: HttpRequest, member: Membership, course_slug: str, file_pk: int) -> HttpResponse:
    course = admin_course(member, course_slug)
    lesson_file = file_in(course, file_pk)
    lesson_url = reverse(
        "academy:editor_lesson_edit", args=[member.organization.slug, course.slug, lesson_file.lesson_id]
    )
    consequences = [_("Learners can no longer download it.")]
    if lesson_file.kind == LessonFile.Kind.IMAGE:
        consequences = [_("Where the text shows it, its caption is shown instead.")]
    return confirm_delete(
        request,
        member,
        course=course,
        title=_("Delete the file “%(name)s”?") % {"name": lesson_file.name},
        consequences=consequences,
        delete=lambda: lesson_file_delete(member=member, lesson_file=lesson_file),
        done=_("File deleted."),
        back_url=f"{lesson_url}#files",
    )
