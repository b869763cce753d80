"""What every campaigns service checks: roles, the guardrails on words, the item's history."""

from __future__ import annotations

from collections.abc import Iterable

from django.utils.translation import gettext as _

from duta.accounts.models import User
from duta.campaigns import rules
from duta.campaigns.models import CampaignSettings, ContentItem, ItemEvent
from duta.campaigns.selectors import campaign_settings_for, election_rules
from duta.coach import blocklist_hits, election_hits
from duta.core.exceptions import ApplicationError, forbidden
from duta.organizations.models import Membership, Organization, Role


def require_admin(member: Membership, organization: Organization | None = None) -> None:
    if member.role != Role.ADMIN or not member.is_active:
        raise forbidden()
    if organization is not None and organization.pk != member.organization_id:
        raise forbidden()


def settings_for_update(organization: Organization) -> CampaignSettings:
    """The organization's settings row, created on first use and locked for the rest of the transaction."""
    found, _created = CampaignSettings.objects.select_for_update().get_or_create(organization=organization)
    return found


def check_words(organization: Organization, texts: Iterable[str], *, field: str | None = None) -> None:
    """Refuse words on the organization's blocklist and, in election mode, any mention of the election."""
    found = campaign_settings_for(organization)
    text = "\n".join(texts)
    blocked = blocklist_hits(text, rules.lines(found.blocklist))
    if blocked:
        raise ApplicationError(
            _("These words are on the organization's blocklist: %(words)s.") % {"words": ", ".join(blocked)},
            code="blocked",
            field=field,
        )
    election = election_rules(found)
    if election is not None:
        named = election_hits(text, election)
        if named:
            raise ApplicationError(
                _(
                    "Election mode is on until %(until)s: civil servants may not post, like, share or comment on "
                    "election campaign content (SKB 2/2022). This text names %(names)s."
                )
                % {
                    "until": found.election_ends_on.strftime("%d-%m-%Y") if found.election_ends_on else "…",
                    "names": ", ".join(named),
                },
                code="election",
                field=field,
            )


def item_event(
    item: ContentItem,
    *,
    actor: User | None,
    kind: str = ItemEvent.Kind.TRANSITION,
    from_status: str = "",
    to_status: str = "",
    text: str = "",
) -> ItemEvent:
    return ItemEvent.objects.create(
        item=item, kind=kind, actor=actor, from_status=from_status, to_status=to_status, text=text
    )
