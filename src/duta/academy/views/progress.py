"""Training progress: which units lag, and each learner's required courses."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from duta.academy.selectors.courses import course_get_by_pk_for_member
from duta.academy.selectors.progress import learner_rows, unit_rows
from duta.academy.services.learning import attempt_grant
from duta.core.exceptions import ApplicationError
from duta.core.pagination import page_of
from duta.core.redirects import local_redirect
from duta.organizations.models import Membership, Role, Unit
from duta.organizations.selectors import (
    ScopeReader,
    membership_get_for_member,
    scope_reader,
    unit_ancestors,
    unit_get_for_member,
)
from duta.organizations.views import member_required


def _unit_of(request: HttpRequest, member: Membership) -> Unit | None:
    """The ``?unit=`` asked for: a unit of the organization within the member's scope, else 404."""
    raw = request.GET.get("unit", "")
    if not raw:
        return None
    if not raw.isdigit():
        raise Http404
    return unit_get_for_member(member=member, unit_id=int(raw))


def _trail(unit: Unit | None, reader: ScopeReader) -> list[Unit]:
    """The unit's ancestors within the reader's scope, then the unit."""
    if unit is None:
        return []
    return [found for found in unit_ancestors(unit=unit) if reader.sees_path(found.path)] + [unit]


@member_required
def progress_units_view(request: HttpRequest, member: Membership) -> HttpResponse:
    reader = scope_reader(member)
    parent = _unit_of(request, member)
    rows, overall = unit_rows(reader=reader, parent=parent)
    context = {"member": member, "rows": rows, "overall": overall, "parent": parent, "trail": _trail(parent, reader)}
    return render(request, "academy/progress/units.html", context)


FILTERS = ("all", "training", "behind", "stuck")


@member_required
def progress_people_view(request: HttpRequest, member: Membership) -> HttpResponse:
    reader = scope_reader(member)
    unit = _unit_of(request, member)
    shown = request.GET.get("show", "all")
    if shown not in FILTERS:
        shown = "all"
    rows = learner_rows(reader=reader)
    if unit is not None:
        rows = [row for row in rows if row.unit_path.startswith(unit.path)]
    if shown == "training":
        rows = [row for row in rows if row.in_training]
    elif shown == "behind":
        rows = [row for row in rows if row.required and row.done < row.required]
    elif shown == "stuck":
        rows = [row for row in rows if row.out_of_attempts]
    context = {
        "member": member,
        "page": page_of(request, rows),
        "count": len(rows),
        "unit": unit,
        "shown": shown,
        "querystring": request.GET,
        "can_grant": member.role == Role.ADMIN,
    }
    return render(request, "academy/progress/people.html", context)


@require_POST
@member_required
def attempt_grant_view(request: HttpRequest, member: Membership) -> HttpResponse:
    """The PR team gives a learner who used every attempt at a course one more."""
    course = course_get_by_pk_for_member(member=member, pk=_int(request.POST.get("course")))
    learner = membership_get_for_member(member=member, membership_id=_int(request.POST.get("learner")))
    try:
        attempt_grant(member=member, learner=learner, course=course)
    except ApplicationError as error:
        if error.code == "forbidden":
            raise PermissionDenied from error
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _("%(name)s has one more attempt at “%(course)s”.") % {"name": learner.user, "course": course.title},
        )
    fallback = reverse("academy:progress_people", args=[member.organization.slug])
    return local_redirect(request, request.POST.get("next", ""), fallback)


def _int(raw: str | None) -> int:
    return int(raw) if raw and raw.isdigit() else 0
