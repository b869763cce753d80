"""Mentoring pages: the pairings, a pair's page (goals, sessions, follow-ups), a new pairing (the PR team), a
session logged or corrected (the mentor or the PR team), follow-ups marked done or open again."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from duta.academy.access import can_log_sessions, require_academy_admin
from duta.academy.forms_mentoring import MentorshipForm, SessionForm
from duta.academy.models import MentoringSession, Mentorship
from duta.academy.selectors.mentoring import (
    follow_up_get_for_mentorship,
    follow_ups_open_by_mentorship,
    follow_ups_open_for_member,
    mentee_candidates,
    mentor_candidates,
    mentorship_get_for_member,
    mentorship_list_for_member,
    mentorship_sessions,
    session_get_for_mentorship,
)
from duta.academy.services.mentoring import (
    follow_up_done,
    follow_up_reopen,
    mentorship_create,
    mentorship_end,
    session_log,
    session_update,
)
from duta.core.exceptions import ApplicationError
from duta.core.forms import add_application_error
from duta.core.pagination import page_of
from duta.core.redirects import local_redirect
from duta.organizations.models import Membership, Role
from duta.organizations.views import member_required

MY_FOLLOW_UPS_SHOWN = 50


def _pair_url(member: Membership, mentorship: Mentorship) -> str:
    return reverse("academy:mentoring_detail", args=[member.organization.slug, mentorship.pk])


def _refuse_forbidden(error: ApplicationError) -> None:
    if error.code == "forbidden":
        raise PermissionDenied from error


@member_required
@require_safe
def mentoring_list_view(request: HttpRequest, member: Membership) -> HttpResponse:
    """The PR team: every pairing, with its last session and open follow-ups. Others: their pairings as mentor and
    as mentee, with the open follow-ups of each."""
    context: dict[str, object] = {
        "member": member,
        "is_admin": member.role == Role.ADMIN,
        "today": timezone.localdate(),
        "back": request.get_full_path(),
    }
    mentorships = mentorship_list_for_member(member=member)
    if member.role == Role.ADMIN:
        context["page"] = page_of(request, mentorships)
        context["my_follow_ups"] = list(follow_ups_open_for_member(member=member)[:MY_FOLLOW_UPS_SHOWN])
    else:
        own = list(mentorships)  # one person's pairings: a handful
        open_follow_ups = follow_ups_open_by_mentorship([mentorship for mentorship in own if not mentorship.ended_at])
        rows = [(mentorship, open_follow_ups.get(mentorship.pk, [])) for mentorship in own]
        context["as_mentor"] = [row for row in rows if row[0].mentor_id == member.pk]
        context["as_mentee"] = [row for row in rows if row[0].mentee_id == member.pk]
    return render(request, "academy/mentoring/list.html", context)


@member_required
@require_http_methods(["GET", "POST"])
def mentoring_create_view(request: HttpRequest, member: Membership) -> HttpResponse:
    require_academy_admin(member)
    form = MentorshipForm(
        request.POST or None, mentors=mentor_candidates(member=member), mentees=mentee_candidates(member=member)
    )
    if request.method == "POST" and form.is_valid():
        try:
            mentorship = mentorship_create(
                member=member,
                mentor=form.cleaned_data["mentor"],
                mentee=form.cleaned_data["mentee"],
                goals=form.cleaned_data["goals"],
                started_on=form.cleaned_data["started_on"],
            )
        except ApplicationError as error:
            _refuse_forbidden(error)
            add_application_error(form, error)
        else:
            messages.success(request, _("Pairing made. The mentor can now log their sessions."))
            return redirect(_pair_url(member, mentorship))
    return render(request, "academy/mentoring/pairing_form.html", {"member": member, "form": form})


@member_required
@require_safe
def mentoring_detail_view(request: HttpRequest, member: Membership, pk: int) -> HttpResponse:
    mentorship = mentorship_get_for_member(member=member, pk=pk)
    can_log = can_log_sessions(member, mentorship)
    context = {
        "member": member,
        "mentorship": mentorship,
        "sessions": mentorship_sessions(mentorship),
        "can_log": can_log and mentorship.ended_at is None,
        "can_mark_all": can_log,
        "is_admin": member.role == Role.ADMIN,
        "today": timezone.localdate(),
        "back": request.get_full_path(),
    }
    return render(request, "academy/mentoring/detail.html", context)


@require_POST
@member_required
def mentoring_end_view(request: HttpRequest, member: Membership, pk: int) -> HttpResponse:
    require_academy_admin(member)
    mentorship = mentorship_get_for_member(member=member, pk=pk)
    try:
        mentorship_end(member=member, mentorship=mentorship)
    except ApplicationError as error:
        _refuse_forbidden(error)
        messages.error(request, error.message)
    else:
        messages.success(request, _("Pairing ended. Its sessions stay on record."))
    return redirect(_pair_url(member, mentorship))


def _session_writer_or_403(member: Membership, mentorship: Mentorship) -> None:
    if not can_log_sessions(member, mentorship):
        raise PermissionDenied


@member_required
@require_http_methods(["GET", "POST"])
def mentoring_session_create_view(request: HttpRequest, member: Membership, pk: int) -> HttpResponse:
    return _session_form(request, member, mentorship_get_for_member(member=member, pk=pk), None)


@member_required
@require_http_methods(["GET", "POST"])
def mentoring_session_edit_view(request: HttpRequest, member: Membership, pk: int, session_pk: int) -> HttpResponse:
    mentorship = mentorship_get_for_member(member=member, pk=pk)
    return _session_form(request, member, mentorship, session_get_for_mentorship(mentorship=mentorship, pk=session_pk))


def _session_form(
    request: HttpRequest, member: Membership, mentorship: Mentorship, session: MentoringSession | None
) -> HttpResponse:
    """Log a new session (``session`` None) or change one, with the follow-ups agreed in it."""
    _session_writer_or_403(member, mentorship)
    if mentorship.ended_at is not None:
        messages.error(request, _("This pairing has ended: it takes no new sessions or changes."))
        return redirect(_pair_url(member, mentorship))
    form = SessionForm(request.POST or None, mentorship=mentorship, session=session)
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in ("held_on", "topic", "notes")}
        try:
            if session is None:
                session = session_log(member=member, mentorship=mentorship, follow_ups=form.follow_ups(), **fields)
                done = _("Session logged.")
            else:
                session_update(member=member, session=session, follow_ups=form.follow_ups(), **fields)
                done = _("Session saved.")
        except ApplicationError as error:
            _refuse_forbidden(error)
            add_application_error(form, error)
        else:
            messages.success(request, done)
            return redirect(f"{_pair_url(member, mentorship)}#session-{session.pk}")
    context = {
        "member": member,
        "mentorship": mentorship,
        "form": form,
        "session": session,
        "follow_ups": session.follow_ups.select_related("owner__user").order_by("due_on", "pk") if session else [],
    }
    return render(request, "academy/mentoring/session_form.html", context)


def _follow_up_mark(
    request: HttpRequest, member: Membership, pk: int, follow_up_pk: int, *, done: bool
) -> HttpResponse:
    mentorship = mentorship_get_for_member(member=member, pk=pk)
    follow_up = follow_up_get_for_mentorship(mentorship=mentorship, pk=follow_up_pk)
    try:
        if done:
            follow_up_done(member=member, follow_up=follow_up)
        else:
            follow_up_reopen(member=member, follow_up=follow_up)
    except ApplicationError as error:
        _refuse_forbidden(error)
        messages.error(request, error.message)
    else:
        messages.success(request, _("Follow-up marked done.") if done else _("Follow-up open again."))
    return local_redirect(request, request.POST.get("back", ""), _pair_url(member, mentorship))


@require_POST
@member_required
def mentoring_follow_up_done_view(request: HttpRequest, member: Membership, pk: int, follow_up_pk: int) -> HttpResponse:
    return _follow_up_mark(request, member, pk, follow_up_pk, done=True)


@require_POST
@member_required
def mentoring_follow_up_reopen_view(
    request: HttpRequest, member: Membership, pk: int, follow_up_pk: int
) -> HttpResponse:
    return _follow_up_mark(request, member, pk, follow_up_pk, done=False)
