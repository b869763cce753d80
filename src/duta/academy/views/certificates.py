"""Certificates: a member's own list and the PDF download, and the public page on which anyone checks a code
(its holder's name, the course and the date, nothing else)."""

from __future__ import annotations

import zoneinfo
from collections.abc import Callable
from functools import wraps
from typing import Any

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_safe

from duta.academy.certificates import certificate_pdf, verification_url
from duta.academy.codes import code_normalize
from duta.academy.models import Completion
from duta.academy.selectors.certificates import (
    completion_find,
    completion_get_for_download,
    completion_list_for_member,
)
from duta.organizations.models import Membership
from duta.organizations.views import member_required


def _holder_zone(completion: Completion) -> zoneinfo.ZoneInfo:
    """A certificate's date is the day in its holder's time zone, whoever reads it."""
    return zoneinfo.ZoneInfo(completion.member.user.time_zone)


# --- the member's certificates -------------------------------------------------------------------


@member_required
def certificate_list_view(request: HttpRequest, member: Membership) -> HttpResponse:
    completions = list(completion_list_for_member(member=member).select_related("member__user"))
    context = {
        "member": member,
        "certificates": [(completion, verification_url(completion.code)) for completion in completions],
    }
    return render(request, "academy/certificates/list.html", context)


@member_required
def certificate_pdf_view(request: HttpRequest, member: Membership, code: str) -> HttpResponse:
    completion = completion_get_for_download(member=member, code=code)
    with translation.override(member.user.language), timezone.override(_holder_zone(completion)):
        content = certificate_pdf(completion, organization_name=completion.organization.name)
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="sertifikat-{completion.code}.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response


# --- the public verification page ----------------------------------------------------------------


class VerifyForm(forms.Form):
    code = forms.CharField(
        label=gettext_lazy("Verification code"),
        max_length=300,
        help_text=gettext_lazy("The 12 letters and digits printed on the certificate, such as 7KQ2-M9XD-4RTA."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}),
    )


def _public(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """A page for anyone, logged in or not: not indexed, not cached, no address sent on to other sites."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = view(request, *args, **kwargs)
        response["X-Robots-Tag"] = "noindex, nofollow"
        response["Cache-Control"] = "no-store"
        response["Referrer-Policy"] = "no-referrer"
        return response

    return wrapper


@require_safe
@_public
def verify_form_view(request: HttpRequest) -> HttpResponse:
    form = VerifyForm(request.GET if "code" in request.GET else None)
    if form.is_valid():
        code = code_normalize(form.cleaned_data["code"])
        if code is not None:
            return redirect("verify:certificate", code=code)
        form.add_error(
            "code",
            _("This is not a verification code: a code has 12 letters and digits, such as 7KQ2-M9XD-4RTA."),
        )
    return render(request, "academy/verify/form.html", {"form": form})


@require_safe
@_public
def verify_certificate_view(request: HttpRequest, code: str) -> HttpResponse:
    completion = completion_find(code)
    if completion is None:
        form = VerifyForm(initial={"code": code})
        return render(request, "academy/verify/form.html", {"form": form, "not_found": code}, status=404)
    with timezone.override(_holder_zone(completion)):
        completed_on = timezone.localtime(completion.completed_at).date()
    # what the page may show, and nothing more
    context = {
        "code": completion.code,
        "holder_name": completion.holder_name,
        "course_title": completion.course_title,
        "completed_on": completed_on,
    }
    return render(request, "academy/verify/certificate.html", context)
