"""Certificates: a member's own, one to download (its holder, or the PR team and leadership of the same
organization), and one found by its code for the public verification page."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from duta.academy.codes import code_normalize
from duta.academy.models import Completion
from duta.organizations.models import Membership, Role

READERS_OF_ALL = (Role.ADMIN, Role.VIEWER)


def completion_list_for_member(*, member: Membership) -> QuerySet[Completion]:
    """The member's own certificates, newest first."""
    return Completion.objects.filter(organization=member.organization, member=member).order_by("-completed_at", "-id")


def completion_get_for_download(*, member: Membership, code: str) -> Completion:
    """The certificate with ``code`` (as typed: normalized first) when ``member`` holds it or is an admin or viewer of
    its organization; 404 otherwise, so that a code of another person or organization reveals nothing."""
    normalized = code_normalize(code)
    if normalized is None:
        raise Http404
    completion = (
        Completion.objects.filter(organization=member.organization, code=normalized)
        .select_related("member__user", "organization")
        .first()
    )
    if completion is None or (completion.member_id != member.pk and member.role not in READERS_OF_ALL):
        raise Http404
    return completion


def completion_find(code: str) -> Completion | None:
    """The certificate with ``code`` (as typed or scanned: normalized first), in any organization; None when there
    is none. For the public page, which shows its holder's name, course and date only."""
    normalized = code_normalize(code)
    if normalized is None:
        return None
    return Completion.objects.filter(code=normalized).select_related("member__user").first()
