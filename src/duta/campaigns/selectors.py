"""Every read of campaigns, content and reports, scoped to the member's organization.

The PR team (admins) sees and writes everything; coordinators and viewers read campaigns; ambassadors see their
own feed. Who an item reaches (its audience) is computed here, for the feed, broadcasts and the digest alike.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import reduce
from operator import or_
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from duta.campaigns import rules
from duta.campaigns.models import (
    Campaign,
    CampaignSettings,
    CaptionVariant,
    ContentItem,
    CrisisBroadcast,
    Freeze,
    ItemEvent,
    ItemStatus,
    Platform,
    PostReport,
)
from duta.coach import CoachBrief, ElectionRules
from duta.organizations.models import Membership, Organization, Role, Unit
from duta.people.models import Employee, SocialAccount
from duta.programs.models import Candidate, CohortSelection, Program, Stage

READERS = (Role.ADMIN, Role.COORDINATOR, Role.VIEWER)
MESSENGERS = frozenset({Platform.WHATSAPP, Platform.TELEGRAM})  # everyone can share there: no account to check


def _require_reader(member: Membership) -> None:
    if member.role not in READERS:
        raise PermissionDenied


# --- settings -----------------------------------------------------------------------------------


def campaign_settings_for(organization: Organization) -> CampaignSettings:
    """The organization's approval rules and guardrails (defaults, unsaved, before an admin changes them)."""
    found = CampaignSettings.objects.filter(organization=organization).first()
    return found if found is not None else CampaignSettings(organization=organization)


def election_rules(found: CampaignSettings, *, today: date | None = None) -> ElectionRules | None:
    """The election rules while election mode is on (between its dates, both included), else None."""
    today = today or timezone.localdate()
    if found.election_starts_on is None or found.election_starts_on > today:
        return None
    if found.election_ends_on is not None and found.election_ends_on < today:
        return None
    return ElectionRules(
        candidates=tuple(rules.lines(found.election_candidates)),
        parties=tuple(rules.lines(found.election_parties)),
        numbers=tuple(rules.lines(found.election_numbers)),
        hashtags=tuple(rules.lines(found.election_hashtags)),
    )


def coach_brief_for_organization(*, organization: Organization) -> CoachBrief:
    """What the coach checks for any caption of the organization: blocklist, election rules, disclosure tag."""
    found = campaign_settings_for(organization)
    return CoachBrief(
        disclosure_tag=found.default_disclosure_tag,
        blocklist=tuple(rules.lines(found.blocklist)),
        election=election_rules(found),
    )


def coach_brief_for_campaign(*, campaign: Campaign) -> CoachBrief:
    """The organization's brief with the campaign's key messages, hashtags and disclosure tag."""
    base = coach_brief_for_organization(organization=campaign.organization)
    return CoachBrief(
        key_messages=tuple(rules.lines(campaign.key_messages)),
        hashtags=tuple(rules.hashtags_parse(campaign.hashtags)) if campaign.hashtags else (),
        disclosure_tag=campaign.disclosure_tag or base.disclosure_tag,
        blocklist=base.blocklist,
        election=base.election,
    )


def freeze_active(*, organization: Organization) -> Freeze | None:
    return Freeze.objects.filter(organization=organization, ended_at__isnull=True).first()


# --- campaigns and items --------------------------------------------------------------------------


def campaign_list_for_member(*, member: Membership, kind: str = "", state: str = "") -> QuerySet[Campaign]:
    _require_reader(member)
    campaigns = (
        Campaign.objects.filter(organization=member.organization)
        .annotate(
            item_count=Count("items", distinct=True),
            live_count=Count("items", filter=Q(items__status=ItemStatus.LIVE), distinct=True),
        )
        .order_by("-starts_on", "-id")
    )
    if kind:
        campaigns = campaigns.filter(kind=kind)
    if state == "open":
        campaigns = campaigns.filter(closed_at__isnull=True)
    elif state == "closed":
        campaigns = campaigns.filter(closed_at__isnull=False)
    return campaigns


def campaign_get_for_member(*, member: Membership, campaign_pk: int) -> Campaign:
    _require_reader(member)
    campaign = (
        Campaign.objects.filter(organization=member.organization, pk=campaign_pk)
        .select_related("organization", "created_by")
        .prefetch_related("target_units", "target_programs", "target_cohorts__program", "attachments")
        .first()
    )
    if campaign is None:
        raise Http404
    return campaign


def item_list_for_campaign(*, campaign: Campaign) -> QuerySet[ContentItem]:
    return (
        ContentItem.objects.filter(campaign=campaign)
        .select_related("author")
        .annotate(variant_count=Count("variants", distinct=True), report_count=Count("reports", distinct=True))
        .order_by("-created_at", "-id")
    )


def item_list_for_member(*, member: Membership, status: str = "") -> QuerySet[ContentItem]:
    """Every item of the organization (the approval queue filters by status)."""
    _require_reader(member)
    items = ContentItem.objects.filter(organization=member.organization).select_related("campaign", "author")
    return items.filter(status=status) if status else items


def item_get_for_member(*, member: Membership, item_pk: int) -> ContentItem:
    _require_reader(member)
    item = (
        ContentItem.objects.filter(organization=member.organization, pk=item_pk)
        .select_related("campaign__organization", "author")
        .prefetch_related("variants", "attachments")
        .first()
    )
    if item is None:
        raise Http404
    return item


def item_exists(*, organization: Organization, item_pk: int) -> bool:
    return ContentItem.objects.filter(organization=organization, pk=item_pk).exists()


def item_history(*, item: ContentItem) -> QuerySet[ItemEvent]:
    return item.events.select_related("actor")


def item_approvals_pending(*, item: ContentItem) -> list[ItemEvent]:
    """The approvals given since the item was last sent for review."""
    submitted = (
        item.events.filter(kind=ItemEvent.Kind.TRANSITION, to_status=ItemStatus.IN_REVIEW).order_by("-id").first()
    )
    if submitted is None:
        return []
    return list(item.events.filter(kind=ItemEvent.Kind.APPROVAL, id__gt=submitted.pk).select_related("actor"))


def may_approve(member: Membership, found: CampaignSettings) -> bool:
    """Whether the member is one of the organization's approvers (every admin when none are listed)."""
    if not member.is_active:
        return False
    if found.pk is None or not found.approvers.exists():
        return member.role == Role.ADMIN
    return found.approvers.filter(pk=member.pk).exists()


def attachment_get_for_member(*, member: Membership, attachment_pk: int) -> Any:
    """An attachment of the organization: readers see all; ambassadors those of items in their feed."""
    from duta.campaigns.models import Attachment

    attachment = (
        Attachment.objects.filter(campaign__organization=member.organization, pk=attachment_pk)
        .select_related("campaign")
        .first()
    )
    if attachment is None:
        raise Http404
    if member.role in READERS:
        return attachment
    live = attachment.items.filter(status=ItemStatus.LIVE).select_related("campaign")
    if not any(audience_includes(item.campaign, profile_for_member(member)) for item in live):
        raise Http404
    return attachment


# --- audiences ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Segment:
    """Whom a campaign or a broadcast reaches: every part empty means "everyone" for that part."""

    unit_paths: tuple[str, ...] = ()
    program_ids: tuple[int, ...] = ()
    cohort_ids: tuple[int, ...] = ()
    platforms: tuple[str, ...] = ()

    def as_dict(self) -> dict[str, list[Any]]:
        return {
            "units": list(self.unit_paths),
            "programs": list(self.program_ids),
            "cohorts": list(self.cohort_ids),
            "platforms": list(self.platforms),
        }


def campaign_segment(campaign: Campaign) -> Segment:
    return Segment(
        unit_paths=tuple(unit.path for unit in campaign.target_units.all()),
        program_ids=tuple(program.pk for program in campaign.target_programs.all()),
        cohort_ids=tuple(cohort.pk for cohort in campaign.target_cohorts.all()),
        platforms=tuple(campaign.target_platforms),
    )


def segment_for_organization(
    *,
    organization: Organization,
    units: list[Unit] | None = None,
    programs: list[Program] | None = None,
    cohorts: list[CohortSelection] | None = None,
    platforms: list[str] | None = None,
) -> Segment:
    if any(unit.organization_id != organization.pk for unit in units or []):
        raise Http404
    if any(program.organization_id != organization.pk for program in programs or []):
        raise Http404
    for cohort in cohorts or []:
        if cohort.program.organization_id != organization.pk:
            raise Http404
    return Segment(
        unit_paths=tuple(unit.path for unit in units or []),
        program_ids=tuple(program.pk for program in programs or []),
        cohort_ids=tuple(cohort.pk for cohort in cohorts or []),
        platforms=tuple(platforms or []),
    )


def _cohort_user_ids(cohort_ids: tuple[int, ...]) -> set[int]:
    programs_of: dict[int, set[int]] = {}
    for cohort in CohortSelection.objects.filter(pk__in=cohort_ids):
        for decision in cohort.decisions:
            if decision.get("chosen"):
                programs_of.setdefault(decision["employee_id"], set()).add(cohort.program_id)
    active = Candidate.objects.filter(employee_id__in=programs_of, stage=Stage.ACTIVE).values_list(
        "employee_id", "program_id", "employee__user_id"
    )
    return {
        user_id for employee_id, program_id, user_id in active if user_id and program_id in programs_of[employee_id]
    }


def audience(*, organization: Organization, segment: Segment) -> QuerySet[Membership]:
    """The active ambassadors a segment reaches: in one of its units' subtrees, in one of its programs or
    cohorts (as active ambassadors), with an account on one of its platforms. One query when evaluated."""
    members = Membership.objects.filter(organization=organization, role=Role.AMBASSADOR, is_active=True)
    if segment.unit_paths:
        members = members.filter(reduce(or_, (Q(unit__path__startswith=path) for path in segment.unit_paths)))
    if segment.program_ids or segment.cohort_ids:
        groups = Q(pk__in=[])
        if segment.program_ids:
            active = Candidate.objects.filter(program_id__in=segment.program_ids, stage=Stage.ACTIVE)
            groups |= Q(user_id__in=active.values("employee__user_id"))
        if segment.cohort_ids:
            groups |= Q(user_id__in=_cohort_user_ids(segment.cohort_ids))
        members = members.filter(groups)
    networks = [platform for platform in segment.platforms if platform not in MESSENGERS]
    if networks and len(networks) == len(segment.platforms):
        accounts = SocialAccount.objects.filter(employee__organization=organization, platform__in=networks)
        members = members.filter(user_id__in=accounts.values("employee__user_id"))
    return members


@dataclass(frozen=True)
class MemberProfile:
    """What decides whether content reaches one member: computed once per page."""

    member: Membership
    unit_path: str | None
    program_ids: frozenset[int] = frozenset()
    cohort_ids: frozenset[int] = frozenset()
    platforms: frozenset[str] = field(default_factory=frozenset)


def profile_for_member(member: Membership) -> MemberProfile:
    employees = Employee.objects.filter(organization=member.organization, user=member.user)
    candidacies = list(
        Candidate.objects.filter(employee__in=employees, stage=Stage.ACTIVE).values_list("program_id", "employee_id")
    )
    employee_ids = {employee_id for _program_id, employee_id in candidacies}
    cohort_ids = set()
    if employee_ids:
        for cohort in CohortSelection.objects.filter(
            program_id__in={program_id for program_id, _employee_id in candidacies}
        ):
            if any(d.get("chosen") and d["employee_id"] in employee_ids for d in cohort.decisions):
                cohort_ids.add(cohort.pk)
    platforms = set(SocialAccount.objects.filter(employee__in=employees).values_list("platform", flat=True))
    return MemberProfile(
        member=member,
        unit_path=member.unit.path if member.unit_id and member.unit else None,
        program_ids=frozenset(program_id for program_id, _employee_id in candidacies),
        cohort_ids=frozenset(cohort_ids),
        platforms=frozenset(platforms | MESSENGERS),
    )


def segment_includes(segment: Segment, profile: MemberProfile) -> bool:
    """The same test as :func:`audience`, for one member, without a query."""
    if profile.member.role != Role.AMBASSADOR or not profile.member.is_active:
        return False
    if segment.unit_paths and not (
        profile.unit_path and any(profile.unit_path.startswith(path) for path in segment.unit_paths)
    ):
        return False
    if (segment.program_ids or segment.cohort_ids) and not (
        profile.program_ids & set(segment.program_ids) or profile.cohort_ids & set(segment.cohort_ids)
    ):
        return False
    return not segment.platforms or bool(profile.platforms & set(segment.platforms))


def audience_includes(campaign: Campaign, profile: MemberProfile) -> bool:
    return segment_includes(campaign_segment(campaign), profile)


# --- the ambassador's feed --------------------------------------------------------------------------


@dataclass
class Offer:
    """One platform of one item, as offered to one ambassador."""

    platform: str
    variant: CaptionVariant
    variant_count: int
    reported: PostReport | None = None

    @property
    def platform_label(self) -> str:
        return str(Platform(self.platform).label)


@dataclass
class FeedEntry:
    item: ContentItem
    offers: list[Offer]
    opens_at: datetime
    is_open: bool

    @property
    def is_crisis(self) -> bool:
        return self.item.campaign.is_crisis


@dataclass
class Feed:
    entries: list[FeedEntry]
    crises: list[Campaign]
    freeze: Freeze | None
    refusal: str | None  # why sharing is closed right now (hours or the daily limit), or None
    shares_today: int
    settings: CampaignSettings


def _offers(item: ContentItem, member: Membership, profile: MemberProfile, language: str) -> list[Offer]:
    by_platform: dict[str, list[CaptionVariant]] = {}
    for variant in item.variants.all():
        by_platform.setdefault(variant.platform, []).append(variant)
    wanted = set(item.campaign.target_platforms)
    offers = []
    for platform in Platform.values:
        variants = by_platform.get(platform)
        if not variants or (wanted and platform not in wanted) or platform not in profile.platforms:
            continue
        own_language = [variant for variant in variants if variant.language == language] or variants
        index = rules.variant_index(item_id=item.pk, member_id=member.pk, platform=platform, count=len(own_language))
        offers.append(Offer(platform=platform, variant=own_language[index], variant_count=len(own_language)))
    return offers


def shares_today(*, member: Membership, now: datetime | None = None) -> int:
    local = timezone.localtime(now)
    start = local.replace(hour=0, minute=0, second=0, microsecond=0)
    return PostReport.objects.filter(
        member=member, created_at__gte=start, created_at__lt=start + timedelta(days=1)
    ).count()


def share_refusal_for(*, member: Membership, found: CampaignSettings, now: datetime | None = None) -> str | None:
    local = timezone.localtime(now)
    return rules.share_refusal(
        now_local=local,
        starts=found.sharing_starts_at,
        ends=found.sharing_ends_at,
        daily_limit=found.daily_share_limit,
        shares_today=shares_today(member=member, now=now),
    )


def live_items(*, organization: Organization, today: date) -> QuerySet[ContentItem]:
    """Live items of open campaigns running today (crises have no end), with what the feed shows."""
    return (
        ContentItem.objects.filter(organization=organization, status=ItemStatus.LIVE, campaign__closed_at__isnull=True)
        .filter(Q(campaign__kind=Campaign.Kind.CRISIS) | Q(campaign__starts_on__lte=today))
        .filter(
            Q(campaign__kind=Campaign.Kind.CRISIS) | Q(campaign__ends_on__isnull=True) | Q(campaign__ends_on__gte=today)
        )
        .select_related("campaign")
        .prefetch_related(
            "variants",
            "attachments",
            "campaign__target_units",
            "campaign__target_programs",
            "campaign__target_cohorts",
        )
        .order_by("-live_at", "-id")
    )


def feed_for_member(*, member: Membership, language: str = "id", now: datetime | None = None) -> Feed:
    """What this member should share now, per platform, crises first; with the freeze and the guardrails."""
    now = now or timezone.now()
    found = campaign_settings_for(member.organization)
    profile = profile_for_member(member)
    entries = []
    for item in live_items(organization=member.organization, today=timezone.localdate(now)):
        if not audience_includes(item.campaign, profile):
            continue
        offers = _offers(item, member, profile, language)
        if not offers:
            continue
        opens_at = item.live_at or now
        if not item.campaign.is_crisis and found.stagger_minutes:
            opens_at += rules.stagger_offset(item_id=item.pk, member_id=member.pk, window_minutes=found.stagger_minutes)
        entries.append(FeedEntry(item=item, offers=offers, opens_at=opens_at, is_open=opens_at <= now))
    reports = PostReport.objects.filter(member=member, item__in=[entry.item for entry in entries])
    reported = {(report.item_id, report.platform): report for report in reports}
    for entry in entries:
        for offer in entry.offers:
            offer.reported = reported.get((entry.item.pk, offer.platform))
    entries.sort(key=lambda entry: (not entry.is_crisis, not entry.is_open, -entry.opens_at.timestamp()))
    crises = [
        campaign
        for campaign in Campaign.objects.filter(
            organization=member.organization, kind=Campaign.Kind.CRISIS, closed_at__isnull=True
        ).prefetch_related("target_units", "target_programs", "target_cohorts")
        if campaign.holding_statement and audience_includes(campaign, profile)
    ]
    count = shares_today(member=member, now=now)
    refusal = rules.share_refusal(
        now_local=timezone.localtime(now),
        starts=found.sharing_starts_at,
        ends=found.sharing_ends_at,
        daily_limit=found.daily_share_limit,
        shares_today=count,
    )
    return Feed(
        entries=entries,
        crises=crises,
        freeze=freeze_active(organization=member.organization),
        refusal=refusal,
        shares_today=count,
        settings=found,
    )


def feed_item_for_member(*, member: Membership, item_pk: int, language: str = "id") -> FeedEntry:
    """One entry of the member's feed (404 when the item is not live for them)."""
    for entry in feed_for_member(member=member, language=language).entries:
        if entry.item.pk == item_pk:
            return entry
    raise Http404


def post_report_list_for_member(*, member: Membership) -> QuerySet[PostReport]:
    """The member's own reported posts."""
    return PostReport.objects.filter(member=member).select_related("item__campaign")


# --- copy-paste, crisis response -------------------------------------------------------------------


def copy_clusters_for_item(*, item: ContentItem) -> list[rules.CopyCluster]:
    """Groups of ambassadors who posted the same words (the anti-"buzzer" check)."""
    posts = [
        (report_id, member_id, text)
        for report_id, member_id, text in PostReport.objects.filter(item=item)
        .exclude(text="")
        .values_list("id", "member_id", "text")
    ]
    variants = list(item.variants.values_list("id", "text"))
    return rules.copy_clusters(posts, variants)


def copy_cluster_members(*, organization: Organization, member_ids: list[int]) -> dict[int, Membership]:
    return {
        member.pk: member
        for member in Membership.objects.filter(organization=organization, pk__in=member_ids).select_related(
            "user", "unit"
        )
    }


def broadcast_list_for_campaign(*, campaign: Campaign) -> QuerySet[CrisisBroadcast]:
    return campaign.broadcasts.select_related("sent_by")


@dataclass(frozen=True)
class CrisisResponse:
    broadcast: CrisisBroadcast
    recipients: int
    delivered: int
    opened: int
    failed: int
    pending: int
    shared: int
    first_share: timedelta | None
    median_share: timedelta | None


def crisis_response(*, broadcast: CrisisBroadcast) -> CrisisResponse:
    """Delivered, opened (from the outbox) and shared (the recipients' reports on the crisis's items since the
    broadcast; a later broadcast's shares count for the earlier ones too: the crisis is the same)."""
    from duta.notifications.selectors import delivery_stats, topic_recipients

    organization = broadcast.campaign.organization
    stats = delivery_stats(organization=organization, topic=broadcast.topic)
    reports = PostReport.objects.filter(
        item__campaign=broadcast.campaign,
        created_at__gte=broadcast.sent_at,
        member__user_id__in=topic_recipients(organization=organization, topic=broadcast.topic),
    )
    firsts: dict[int, datetime] = {}
    for member_id, created_at in reports.order_by("created_at").values_list("member_id", "created_at"):
        firsts.setdefault(member_id, created_at)
    first, median = rules.share_delays(broadcast.sent_at, sorted(firsts.values()))
    return CrisisResponse(
        broadcast=broadcast,
        recipients=stats["recipients"],
        delivered=stats["delivered"],
        opened=stats["opened"],
        failed=stats["failed"],
        pending=stats["pending"],
        shared=len(firsts),
        first_share=first,
        median_share=median,
    )


def items_due(*, now: datetime) -> QuerySet[ContentItem]:
    """Scheduled items whose time has come."""
    return ContentItem.objects.filter(status=ItemStatus.SCHEDULED, scheduled_for__lte=now)


def new_items_by_member(*, organization: Organization, since: datetime) -> dict[int, list[ContentItem]]:
    """For the weekly digest: per active ambassador, the items that went live since ``since`` for them."""
    today = timezone.localdate(since + timedelta(days=7))
    items = [
        item for item in live_items(organization=organization, today=today) if item.live_at and item.live_at >= since
    ]
    if not items:
        return {}
    by_member: dict[int, list[ContentItem]] = {}
    segments: dict[int, Segment] = {}
    for item in items:
        segment = segments.setdefault(item.campaign_id, campaign_segment(item.campaign))
        for member_id in audience(organization=organization, segment=segment).values_list("pk", flat=True):
            by_member.setdefault(member_id, []).append(item)
    return by_member
