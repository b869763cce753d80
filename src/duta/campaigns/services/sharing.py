"""What ambassadors do with the feed: "I posted it", within the guardrails."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from duta.campaigns import rules, selectors
from duta.campaigns.models import ContentItem, Platform, PostReport
from duta.campaigns.services._common import check_words
from duta.core.audit import audit_record
from duta.core.exceptions import ApplicationError
from duta.organizations.models import Membership

MAX_TEXT = 10_000


def post_report_create(
    *, member: Membership, item: ContentItem, url: str = "", platform: str = "", text: str = "", language: str = "id"
) -> PostReport:
    """Record a post of an item in the member's feed. The platform comes from the post's address (WhatsApp
    chats and statuses have none); the same post is never counted twice in the organization. ``language``
    is the one the member reads the feed in (the variant offered, and so the copy check, depend on it)."""
    entry = selectors.feed_item_for_member(member=member, item_pk=item.pk, language=language)
    url, text = url.strip(), text.strip()[:MAX_TEXT]
    if platform and platform not in Platform.values:
        raise ApplicationError(_("Choose a platform."), field="platform")
    if url:
        parsed = rules.post_url_parse(url)
        url = parsed.url  # always absolute
        if platform and platform != parsed.platform:
            raise ApplicationError(
                _("This is the address of a post on %(found)s, not on %(chosen)s.")
                % {"found": Platform(parsed.platform).label, "chosen": Platform(platform).label},
                field="url",
            )
        platform, canonical = parsed.platform, parsed.canonical
    elif platform == Platform.WHATSAPP:
        canonical = ""
    else:
        raise ApplicationError(_("Paste the address of your post (WhatsApp posts need none)."), field="url")
    offer = next((offer for offer in entry.offers if offer.platform == platform), None)
    if offer is None:
        raise ApplicationError(
            _("This item is not offered for %(platform)s.") % {"platform": Platform(platform).label}, field="url"
        )
    try:
        return _record(member=member, entry=entry, offer=offer, url=url, canonical=canonical, text=text)
    except IntegrityError as error:  # the same post, reported at the same moment
        raise _duplicate(member, canonical) from error


def _duplicate(member: Membership, canonical: str) -> ApplicationError:
    if not canonical:
        return ApplicationError(_("You have reported your WhatsApp post of this item already."), field="url")
    mine = PostReport.objects.filter(organization=member.organization, canonical_url=canonical, member=member)
    if mine.exists():
        return ApplicationError(_("You have reported this post already."), field="url", code="duplicate")
    return ApplicationError(_("This post has been reported by a colleague already."), field="url", code="duplicate")


@transaction.atomic
def _record(
    *, member: Membership, entry: selectors.FeedEntry, offer: selectors.Offer, url: str, canonical: str, text: str
) -> PostReport:
    found = selectors.campaign_settings_for(member.organization)
    refusal = None if entry.is_crisis else selectors.share_refusal_for(member=member, found=found)
    if refusal:  # sharing hours and the daily limit; a crisis response is never held back
        raise ApplicationError(refusal, code="guardrail")
    if not entry.is_open:
        raise ApplicationError(
            _("Your posting window for this item opens at %(time)s, so that posts do not all appear at once.")
            % {"time": timezone.localtime(entry.opens_at).strftime("%H:%M")},
            code="guardrail",
        )
    if text:
        check_words(member.organization, [text], field="text")
    existing = PostReport.objects.filter(organization=member.organization)
    if (canonical and existing.filter(canonical_url=canonical).exists()) or (
        not canonical
        and existing.filter(item=entry.item, member=member, platform=offer.platform, canonical_url="").exists()
    ):
        raise _duplicate(member, canonical)
    fingerprint = rules.text_fingerprint(text)
    report = PostReport(
        organization=member.organization,
        item=entry.item,
        member=member,
        platform=offer.platform,
        url=url,
        canonical_url=canonical,
        variant=offer.variant,
        text=text,
        text_fingerprint=fingerprint,
        copied_variant=bool(fingerprint) and fingerprint == rules.text_fingerprint(offer.variant.text),
    )
    report.full_clean(exclude=["organization", "item", "member", "variant"], validate_constraints=False)
    report.save()
    audit_record(
        actor=member.user,
        organization=member.organization,
        action="post_report.create",
        target=report,
        changes={"item": entry.item.pk, "platform": offer.platform, "copied_variant": report.copied_variant},
    )
    return report


@transaction.atomic
def post_report_delete(*, member: Membership, report: PostReport) -> None:
    """An ambassador withdraws their own report (a wrong address, a deleted post)."""
    if report.member_id != member.pk:
        raise ApplicationError(_("You can only remove your own reports."), code="forbidden")
    audit_record(
        actor=member.user,
        organization=member.organization,
        action="post_report.delete",
        target=report,
        changes={"item": report.item_id, "platform": report.platform},
    )
    report.delete()


# --- observed reach: the figures an ambassador reads off their post ------------------------------------

METRIC_FIELDS = ("views", "reactions", "comments", "reshares")
MAX_METRIC = 2_000_000_000  # what the columns hold; no post is seen more often


@transaction.atomic
def post_report_metrics_update(
    *,
    member: Membership,
    report: PostReport,
    views: int | None,
    reactions: int | None,
    comments: int | None,
    reshares: int | None,
) -> PostReport:
    """The figures the ambassador who reported a post read off it later (observed reach): views, likes and
    reactions, comments, reshares. Each is a whole number of 0 or more, or None for "not shown / not known";
    ``metrics_at`` records when they were read (None again once every figure is cleared)."""
    if report.member_id != member.pk or report.organization_id != member.organization_id or not member.is_active:
        raise ApplicationError(_("You can only enter the figures of your own posts."), code="forbidden")
    values = {"views": views, "reactions": reactions, "comments": comments, "reshares": reshares}
    for name, value in values.items():
        if value is None:
            continue
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise ApplicationError(_("Enter a whole number of 0 or more, or leave it empty."), field=name)
        if value > MAX_METRIC:
            raise ApplicationError(_("This number is too large."), field=name)
    report = PostReport.objects.select_for_update().get(pk=report.pk)
    before = {name: getattr(report, name) for name in METRIC_FIELDS}
    for name, value in values.items():
        setattr(report, name, value)
    report.metrics_at = timezone.now() if any(value is not None for value in values.values()) else None
    report.full_clean(exclude=["organization", "item", "member", "variant"], validate_constraints=False)
    report.save(update_fields=[*METRIC_FIELDS, "metrics_at", "updated_at"])
    audit_record(
        actor=member.user,
        organization=member.organization,
        action="post_report.metrics",
        target=report,
        changes={name: [before[name], values[name]] for name in METRIC_FIELDS if before[name] != values[name]},
    )
    return report
