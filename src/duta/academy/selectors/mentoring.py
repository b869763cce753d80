"""Mentoring as a member may see it: the PR team every pairing of the organization, everyone else (coordinators
and leadership included) only the pairings they are the mentor or the mentee of."""

from __future__ import annotations

from collections import defaultdict

from django.db.models import Count, F, Max, Prefetch, Q, QuerySet
from django.http import Http404

from duta.academy.access import MENTOR_ROLES
from duta.academy.models import FollowUp, MentoringSession, Mentorship
from duta.organizations.models import Membership, Role


def _visible(member: Membership) -> QuerySet[Mentorship]:
    mentorships = Mentorship.objects.filter(organization=member.organization)
    if member.role != Role.ADMIN:
        mentorships = mentorships.filter(Q(mentor=member) | Q(mentee=member))
    return mentorships.select_related("mentor__user", "mentor__unit", "mentee__user", "mentee__unit")


def mentorship_list_for_member(*, member: Membership) -> QuerySet[Mentorship]:
    """The pairings the member sees, open ones first, each with the date of its last session
    (``last_session_on``) and its count of open follow-ups (``open_follow_ups``)."""
    return (
        _visible(member)
        .annotate(
            last_session_on=Max("sessions__held_on"),
            open_follow_ups=Count(
                "sessions__follow_ups", filter=Q(sessions__follow_ups__done_at__isnull=True), distinct=True
            ),
        )
        .order_by(F("ended_at").desc(nulls_first=True), "-started_on", "-pk")
    )


def mentorship_get_for_member(*, member: Membership, pk: int) -> Mentorship:
    """One pairing the member sees; 404 for any other (another organization's, or someone else's pairing), so
    that its existence does not show."""
    mentorship = _visible(member).filter(pk=pk).first()
    if mentorship is None:
        raise Http404
    return mentorship


def _follow_ups() -> QuerySet[FollowUp]:
    return FollowUp.objects.select_related("owner__user").order_by("due_on", "pk")


def mentorship_sessions(mentorship: Mentorship) -> QuerySet[MentoringSession]:
    """The pairing's sessions, newest first, with their follow-ups (and their owners)."""
    return mentorship.sessions.order_by("-held_on", "-pk").prefetch_related(Prefetch("follow_ups", _follow_ups()))


def session_get_for_mentorship(*, mentorship: Mentorship, pk: int) -> MentoringSession:
    """One session of a pairing already visible to the member; 404 for a session of another pairing."""
    session = mentorship.sessions.filter(pk=pk).first()
    if session is None:
        raise Http404
    session.mentorship = mentorship
    return session


def follow_up_get_for_mentorship(*, mentorship: Mentorship, pk: int) -> FollowUp:
    """One follow-up of a pairing already visible to the member; 404 for a follow-up of another pairing."""
    follow_up = _follow_ups().filter(session__mentorship=mentorship, pk=pk).select_related("session").first()
    if follow_up is None:
        raise Http404
    follow_up.session.mentorship = mentorship
    return follow_up


def follow_ups_open_for_member(*, member: Membership) -> QuerySet[FollowUp]:
    """The member's own open follow-ups (those they owe), soonest due first, with their session and pairing."""
    return (
        _follow_ups()
        .filter(
            owner=member,
            done_at__isnull=True,
            session__mentorship__organization=member.organization,
            session__mentorship__ended_at__isnull=True,
        )
        .select_related("session__mentorship__mentor__user", "session__mentorship__mentee__user")
    )


def follow_ups_open_by_mentorship(mentorships: list[Mentorship]) -> dict[int, list[FollowUp]]:
    """The open follow-ups of each of these pairings (one query), soonest due first."""
    grouped: dict[int, list[FollowUp]] = defaultdict(list)
    rows = _follow_ups().filter(
        session__mentorship__in=[mentorship.pk for mentorship in mentorships], done_at__isnull=True
    )
    for follow_up in rows.select_related("session"):
        grouped[follow_up.session.mentorship_id].append(follow_up)
    return dict(grouped)


def mentor_candidates(*, member: Membership) -> QuerySet[Membership]:
    """Who may mentor: the organization's active admins and ambassadors."""
    return mentee_candidates(member=member).filter(role__in=MENTOR_ROLES)


def mentee_candidates(*, member: Membership) -> QuerySet[Membership]:
    """Who may be mentored: any active member of the organization."""
    return (
        Membership.objects.filter(organization=member.organization, is_active=True, user__is_active=True)
        .select_related("user", "unit")
        .order_by("user__full_name", "user__email", "pk")
    )
