from __future__ import annotations

from typing import Any

from django import template

from duta.organizations.models import Membership
from duta.programs.models import Candidate
from duta.screening import selectors

register = template.Library()


@register.inclusion_tag("screening/_candidate_card.html")
def screening_card(member: Membership, candidate: Candidate | None) -> dict[str, Any]:
    """The reputation check of one candidacy, for the PR team's candidate page or the candidate's own program page."""
    screening = selectors.screening_latest_for_candidate(candidate=candidate) if candidate is not None else None
    is_self = candidate is not None and candidate.employee.user_id == member.user_id
    return {"member": member, "candidate": candidate, "screening": screening, "is_self": is_self}
