"""What the editor's views share: the PR team's check with the course, the way back, the confirmation before a
deletion, the direction of a move."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from duta.academy.access import require_academy_admin
from duta.academy.models import Course
from duta.academy.selectors.editor import editor_course
from duta.academy.services.courses import DOWN, UP
from duta.core.exceptions import ApplicationError
from duta.organizations.models import Membership


def admin_course(member: Membership, course_slug: str) -> Course:
    """The course, for the PR team only (403 for other roles, 404 outside the organization)."""
    require_academy_admin(member)
    return editor_course(member, course_slug)


def course_url(member: Membership, course: Course, anchor: str = "") -> str:
    url = reverse("academy:editor_course", args=[member.organization.slug, course.slug])
    return f"{url}#{anchor}" if anchor else url


def direction_of(request: HttpRequest) -> str:
    direction = request.POST.get("direction", "")
    return direction if direction in (UP, DOWN) else ""


def confirm_delete(
    request: HttpRequest,
    member: Membership,
    *,
    course: Course,
    title: str,
    consequences: list[str],
    delete: Callable[[], None],
    done: str,
    back_url: str,
    next_url: str = "",
) -> HttpResponse:
    """GET: what will be deleted, a button to delete and a way back to ``back_url``; POST: delete, then go to
    ``next_url`` (``back_url`` when not given)."""
    if request.method == "POST":
        try:
            delete()
        except ApplicationError as error:
            messages.error(request, error.message)
            return redirect(back_url)
        messages.success(request, done)
        return redirect(next_url or back_url)
    context = {"member": member, "course": course, "title": title, "consequences": consequences, "back": back_url}
    return render(request, "academy/editor/confirm_delete.html", context)


def moved_message(request: HttpRequest, moved: bool, first_or_last: str) -> None:
    if not moved:
        messages.info(request, first_or_last)
