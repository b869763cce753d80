"""Training progress: which units lag, and each learner's required courses."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from duta.academy.access import ProgressReader, progress_reader
from duta.academy.selectors.progress import learner_rows, unit_rows
from duta.core.pagination import page_of
from duta.organizations.models import Membership, Unit
from duta.organizations.views import member_required


def _unit_of(request: HttpRequest, reader: ProgressReader) -> Unit | None:
    """The ``?unit=`` asked for: a unit of the organization within the reader's scope, else 404."""
    raw = request.GET.get("unit", "")
    if not raw:
        return None
    if not raw.isdigit():
        raise Http404
    unit = Unit.objects.filter(organization=reader.member.organization, pk=int(raw)).first()
    if unit is None or not reader.sees_path(unit.path):
        raise Http404
    return unit


def _trail(unit: Unit | None, reader: ProgressReader) -> list[Unit]:
    """The unit's ancestors within the reader's scope, then the unit."""
    if unit is None:
        return []
    ids = [int(part) for part in unit.path.strip("/").split("/") if part]
    found = Unit.objects.filter(organization=reader.member.organization, pk__in=ids).in_bulk()
    return [found[pk] for pk in ids if pk in found and reader.sees_path(found[pk].path)]


@member_required
def progress_units_view(request: HttpRequest, member: Membership) -> HttpResponse:
    reader = progress_reader(member)
    parent = _unit_of(request, reader)
    rows, overall = unit_rows(reader=reader, parent=parent)
    context = {"member": member, "rows": rows, "overall": overall, "parent": parent, "trail": _trail(parent, reader)}
    return render(request, "academy/progress/units.html", context)


FILTERS = ("all", "training", "behind")


@member_required
def progress_people_view(request: HttpRequest, member: Membership) -> HttpResponse:
    reader = progress_reader(member)
    unit = _unit_of(request, reader)
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
    context = {
        "member": member,
        "page": page_of(request, rows),
        "count": len(rows),
        "unit": unit,
        "shown": shown,
        "querystring": request.GET,
    }
    return render(request, "academy/progress/people.html", context)
