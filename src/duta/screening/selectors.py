"""Every read of reputation screening, scoped to the member's organization. Only the PR team (admins)
sees screenings; a candidate sees their own check's state, never the flagged posts of anyone else."""

from __future__ import annotations

from functools import reduce
from operator import or_

from django.db.models import Q, QuerySet
from django.http import Http404

from duta.core.progress import ProgressState, progress_get
from duta.organizations.models import Membership, Organization, Role
from duta.programs.models import Candidate, Program
from duta.screening.findings import Category, OrganizationTerms
from duta.screening.models import ScreenedPost, Screening, ScreeningTerm, ScreeningUpload


def screening_list_for_member(
    *, member: Membership, status: str = "", level: str = "", program: Program | None = None
) -> QuerySet[Screening]:
    if member.role != Role.ADMIN:
        return Screening.objects.none()
    screenings = Screening.objects.filter(organization=member.organization).select_related(
        "candidate__employee__unit", "candidate__program"
    )
    if status:
        screenings = screenings.filter(status=status)
    if level:
        screenings = screenings.filter(level=level)
    if program is not None:
        screenings = screenings.filter(candidate__program=program)
    return screenings


def screening_get_for_member(*, member: Membership, screening_pk: int) -> Screening:
    screening = (
        screening_list_for_member(member=member)
        .select_related("candidate__program__organization", "decided_by", "consent_by", "created_by")
        .filter(pk=screening_pk)
        .first()
    )
    if screening is None:
        raise Http404
    return screening


def screening_get_for_candidate(*, member: Membership, screening_pk: int) -> Screening:
    """The member's own screening (as the candidate)."""
    screening = (
        Screening.objects.filter(
            pk=screening_pk, organization=member.organization, candidate__employee__user=member.user
        )
        .select_related("candidate__program__organization")
        .first()
    )
    if screening is None:
        raise Http404
    return screening


def screening_latest_for_candidate(*, candidate: Candidate) -> Screening | None:
    return Screening.objects.filter(candidate=candidate).order_by("-created_at").first()


def upload_list(*, screening: Screening) -> list[tuple[ScreeningUpload, ProgressState | None]]:
    """Each upload with its progress while it is read."""
    return [
        (upload, progress_get(upload.progress_key) if upload.is_running else None)
        for upload in screening.uploads.select_related("uploaded_by")
    ]


def flagged_post_list(*, screening: Screening, category: str = "") -> QuerySet[ScreenedPost]:
    posts = screening.posts.all()
    if category:
        # ``categories`` is a short list in the fixed category order: one index comparison per position, in the
        # database (JSON ``contains`` is not available on SQLite)
        posts = posts.filter(reduce(or_, (Q(**{f"categories__{index}": category}) for index in range(len(Category)))))
    return posts


def flagged_post_get_for_member(*, member: Membership, post_pk: int) -> ScreenedPost:
    post = (
        ScreenedPost.objects.filter(pk=post_pk, screening__organization=member.organization)
        .select_related("screening")
        .first()
    )
    if post is None or member.role != Role.ADMIN:
        raise Http404
    return post


def term_list_for_member(*, member: Membership) -> QuerySet[ScreeningTerm]:
    if member.role != Role.ADMIN:
        return ScreeningTerm.objects.none()
    return ScreeningTerm.objects.filter(organization=member.organization)


def term_get_for_member(*, member: Membership, term_pk: int) -> ScreeningTerm:
    term = term_list_for_member(member=member).filter(pk=term_pk).first()
    if term is None:
        raise Http404
    return term


def organization_terms(organization: Organization) -> OrganizationTerms:
    """The organization's own additions to the lexicons; its name always counts as an employer name."""
    by_kind: dict[str, list[str]] = {kind: [] for kind in ScreeningTerm.Kind.values}
    for kind, term in ScreeningTerm.objects.filter(organization=organization).values_list("kind", "term"):
        by_kind[kind].append(term)
    employer = [organization.name.lower(), *by_kind[ScreeningTerm.Kind.EMPLOYER]]
    return OrganizationTerms(
        employer_names=tuple(sorted(set(employer))),
        political=tuple(sorted(by_kind[ScreeningTerm.Kind.POLITICAL])),
        leak=tuple(sorted(by_kind[ScreeningTerm.Kind.LEAK])),
    )


def candidate_has_screenings(*, candidate: Candidate) -> bool:
    return Screening.objects.filter(candidate=candidate).exists()
