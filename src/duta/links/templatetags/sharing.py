"""``{% share_row card row %}``: the share buttons and the tracked link under a caption of the feed.

The campaigns app's feed card calls it (a template-level hook: the campaigns code never imports links).
"""

from __future__ import annotations

from typing import Any

from django import template

from duta.links import presenters

register = template.Library()


@register.inclusion_tag("links/_share_row.html", takes_context=True)
def share_row(context: template.Context, card: Any, row: Any) -> dict[str, Any]:
    """``card`` and ``row``: the feed card and one of its platform rows (campaigns.views.feed.Card, OfferRow)."""
    member = context["member"]
    entry = card.entry
    share = presenters.share_row(
        request=context.get("request"),
        member=member,
        item=entry.item,
        platform=row.offer.platform,
        caption=row.caption,
        next_url=str(row.form["next"].value() or ""),
    )
    return {
        **presenters.row_context(share, member),
        "closed": (not entry.is_open and not entry.is_crisis) or bool(card.refusal),
        "csrf_token": context.get("csrf_token"),
        "request": context.get("request"),
    }
