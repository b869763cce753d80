"""Campaigns and their brief, attachments, the organization's settings, and the crisis lane's opening."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, time
from typing import Any

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from duta.campaigns import rules
from duta.campaigns.models import Attachment, Campaign, CampaignSettings, ItemStatus, Platform
from duta.campaigns.services._common import check_words, require_admin, settings_for_update
from duta.core.audit import audit_record
from duta.core.exceptions import ApplicationError
from duta.organizations.models import Membership, Role, Unit
from duta.programs.models import CohortSelection, Program


@dataclass
class BriefData:
    """What an admin writes for a campaign (facts and Q&A as the text they typed)."""

    name: str
    starts_on: date
    kind: str = Campaign.Kind.NORMAL
    objective: str = ""
    ends_on: date | None = None
    units: list[Unit] = field(default_factory=list)
    programs: list[Program] = field(default_factory=list)
    cohorts: list[CohortSelection] = field(default_factory=list)
    platforms: list[str] = field(default_factory=list)
    key_messages: str = ""
    facts: str = ""
    say: str = ""
    avoid: str = ""
    hashtags: str = ""
    disclosure_tag: str = ""
    holding_statement: str = ""
    questions_answers: str = ""


def _apply(campaign: Campaign, data: BriefData) -> None:
    if data.ends_on is not None and data.ends_on < data.starts_on:
        raise ApplicationError(_("The campaign cannot end before it starts."), field="ends_on")
    unknown = [platform for platform in data.platforms if platform not in Platform.values]
    if unknown:
        raise ApplicationError(_("Unknown platform: %(name)s.") % {"name": unknown[0]}, field="platforms")
    hashtags = rules.hashtags_parse(data.hashtags)
    campaign.name = data.name.strip()
    campaign.objective = data.objective.strip()
    campaign.starts_on = data.starts_on
    campaign.ends_on = data.ends_on
    campaign.target_platforms = list(dict.fromkeys(data.platforms))
    campaign.key_messages = "\n".join(rules.lines(data.key_messages))
    campaign.facts = rules.facts_parse(data.facts)
    campaign.say = data.say.strip()
    campaign.avoid = data.avoid.strip()
    campaign.hashtags = " ".join(hashtags)
    campaign.disclosure_tag = data.disclosure_tag.strip()
    campaign.holding_statement = data.holding_statement.strip()
    campaign.questions_answers = rules.qa_parse(data.questions_answers)
    if campaign.kind == Campaign.Kind.CRISIS and not campaign.holding_statement:
        raise ApplicationError(_("A crisis needs a holding statement."), field="holding_statement")
    check_words(
        campaign.organization,
        [campaign.name, campaign.objective, campaign.key_messages, campaign.say, campaign.hashtags]
        + [campaign.disclosure_tag, campaign.holding_statement]
        + [entry["fact"] for entry in campaign.facts]
        + [part for entry in campaign.questions_answers for part in (entry["q"], entry["a"])],
    )
    campaign.full_clean(exclude=["created_by", "organization"])


def _check_targets(member: Membership, data: BriefData) -> None:
    organization_id = member.organization_id
    if any(unit.organization_id != organization_id for unit in data.units) or any(
        program.organization_id != organization_id for program in data.programs
    ):
        raise ApplicationError(_("Choose units and programs of this organization."), code="forbidden")
    if any(cohort.program.organization_id != organization_id for cohort in data.cohorts):
        raise ApplicationError(_("Choose cohorts of this organization."), code="forbidden")


def _summary(campaign: Campaign) -> dict[str, Any]:
    return {
        "kind": campaign.kind,
        "starts_on": campaign.starts_on.isoformat(),
        "ends_on": campaign.ends_on.isoformat() if campaign.ends_on else None,
        "units": sorted(unit.pk for unit in campaign.target_units.all()),
        "programs": sorted(program.pk for program in campaign.target_programs.all()),
        "cohorts": sorted(cohort.pk for cohort in campaign.target_cohorts.all()),
        "platforms": campaign.target_platforms,
    }


@transaction.atomic
def campaign_create(*, member: Membership, data: BriefData) -> Campaign:
    """A new campaign (or crisis) with its brief; content items are added afterwards."""
    require_admin(member)
    if data.kind not in Campaign.Kind.values:
        raise ApplicationError(_("Choose normal or crisis."), field="kind")
    _check_targets(member, data)
    campaign = Campaign(organization=member.organization, kind=data.kind, created_by=member.user)
    _apply(campaign, data)
    campaign.save()
    campaign.target_units.set(data.units)
    campaign.target_programs.set(data.programs)
    campaign.target_cohorts.set(data.cohorts)
    audit_record(
        actor=member.user,
        organization=member.organization,
        action="crisis.open" if campaign.is_crisis else "campaign.create",
        target=campaign,
        changes=_summary(campaign),
    )
    return campaign


@transaction.atomic
def campaign_update(*, member: Membership, campaign: Campaign, data: BriefData) -> Campaign:
    require_admin(member, campaign.organization)
    campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
    if campaign.is_closed:
        raise ApplicationError(_("This campaign is closed."))
    _check_targets(member, data)
    before = _summary(campaign)
    _apply(campaign, data)
    campaign.save()
    campaign.target_units.set(data.units)
    campaign.target_programs.set(data.programs)
    campaign.target_cohorts.set(data.cohorts)
    after = _summary(campaign)
    audit_record(
        actor=member.user,
        organization=campaign.organization,
        action="campaign.update",
        target=campaign,
        changes={key: [before[key], after[key]] for key in after if before[key] != after[key]},
    )
    return campaign


@transaction.atomic
def campaign_close(*, member: Membership, campaign: Campaign) -> Campaign:
    """Close a campaign or a crisis: its live items are archived and leave the feed."""
    from duta.campaigns.services.items import items_archive_for_campaign

    require_admin(member, campaign.organization)
    campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
    if campaign.is_closed:
        raise ApplicationError(_("This campaign is closed already."))
    campaign.closed_at = timezone.now()
    campaign.save(update_fields=["closed_at", "updated_at"])
    archived = items_archive_for_campaign(campaign=campaign, actor=member.user)
    audit_record(
        actor=member.user,
        organization=campaign.organization,
        action="crisis.close" if campaign.is_crisis else "campaign.close",
        target=campaign,
        changes={"items_archived": archived},
    )
    return campaign


# --- attachments ----------------------------------------------------------------------------------


def attachment_add(*, member: Membership, campaign: Campaign, upload: UploadedFile, title: str = "") -> Attachment:
    """Check, clean and store the file before the transaction (a large video never holds the database lock);
    the stored files are deleted again when the record cannot be written."""
    require_admin(member, campaign.organization)
    if campaign.is_closed:
        raise ApplicationError(_("This campaign is closed."))
    from duta.core.media import attachment_clean

    clean = attachment_clean(upload)
    if Attachment.objects.filter(campaign=campaign, sha256=clean.sha256).exists():
        raise ApplicationError(_("This file is attached to the campaign already."), field="file")
    storage = Attachment._meta.get_field("file").storage
    prefix = f"attachments/{timezone.now():%Y/%m}/{clean.sha256[:16]}"
    try:
        stored = [storage.save(f"{prefix}.{clean.extension}", clean.file)]
    finally:
        clean.file.close()  # a video's temporary copy is deleted when closed
    try:
        renditions = {}
        for rendition in clean.renditions:
            name = storage.save(f"{prefix}-{rendition.name}.{clean.extension}", ContentFile(rendition.content))
            stored.append(name)
            renditions[rendition.name] = {
                "name": name,
                "label": rendition.label,
                "width": rendition.width,
                "height": rendition.height,
                "size": len(rendition.content),
            }
        attachment = Attachment(
            campaign=campaign,
            kind=clean.kind,
            title=(title.strip() or upload.name or "")[:200] or _("Attachment"),
            file=stored[0],
            content_type=clean.content_type,
            size=clean.size,
            sha256=clean.sha256,
            width=clean.width,
            height=clean.height,
            renditions=renditions,
            uploaded_by=member.user,
        )
        return _attachment_record(member=member, attachment=attachment)
    except BaseException as error:
        for name in stored:
            storage.delete(name)
        if isinstance(error, IntegrityError):  # the same file, attached at the same moment by someone else
            raise ApplicationError(_("This file is attached to the campaign already."), field="file") from error
        raise


@transaction.atomic
def _attachment_record(*, member: Membership, attachment: Attachment) -> Attachment:
    attachment.full_clean(validate_constraints=False)  # the unique file per campaign: the database says
    attachment.save()
    audit_record(
        actor=member.user,
        organization=attachment.campaign.organization,
        action="attachment.add",
        target=attachment,
        changes={"campaign": attachment.campaign_id, "kind": attachment.kind, "size": attachment.size},
    )
    return attachment


@transaction.atomic
def attachment_delete(*, member: Membership, attachment: Attachment) -> None:
    require_admin(member, attachment.campaign.organization)
    if attachment.items.exclude(status__in=[ItemStatus.DRAFT, ItemStatus.ARCHIVED]).exists():
        raise ApplicationError(_("This file belongs to content in review or live: archive that content first."))
    names = [attachment.file.name, *(entry["name"] for entry in attachment.renditions.values())]
    storage = attachment.file.storage
    audit_record(
        actor=member.user,
        organization=attachment.campaign.organization,
        action="attachment.delete",
        target=attachment,
        changes={"campaign": attachment.campaign_id},
    )
    attachment.delete()

    def delete_files() -> None:
        for name in names:
            storage.delete(name)

    transaction.on_commit(delete_files)


# --- settings ---------------------------------------------------------------------------------------


@dataclass
class SettingsData:
    four_eyes: bool = True
    approvals_required: int = 1
    approvers: list[Membership] = field(default_factory=list)
    default_disclosure_tag: str = ""
    blocklist: str = ""
    sharing_starts_at: time | None = None
    sharing_ends_at: time | None = None
    daily_share_limit: int = 5
    stagger_minutes: int = 180
    election_starts_on: date | None = None
    election_ends_on: date | None = None
    election_candidates: str = ""
    election_parties: str = ""
    election_numbers: str = ""
    election_hashtags: str = ""


_TEXT_LISTS = ("blocklist", "election_candidates", "election_parties", "election_numbers", "election_hashtags")
_SIMPLE = (
    "four_eyes",
    "approvals_required",
    "default_disclosure_tag",
    "sharing_starts_at",
    "sharing_ends_at",
    "daily_share_limit",
    "stagger_minutes",
    "election_starts_on",
    "election_ends_on",
)


def _plain(value: Any) -> Any:
    return value.isoformat() if hasattr(value, "isoformat") else value


@transaction.atomic
def campaign_settings_update(*, member: Membership, data: SettingsData) -> CampaignSettings:
    """Approval rules and guardrails of the member's organization."""
    require_admin(member)
    found = settings_for_update(member.organization)
    if data.approvals_required < 1 or data.approvals_required > 5:
        raise ApplicationError(_("Between 1 and 5 approvals."), field="approvals_required")
    if (data.sharing_starts_at is None) != (data.sharing_ends_at is None):
        raise ApplicationError(_("Give both ends of the sharing hours, or neither."), field="sharing_ends_at")
    if data.election_ends_on and not data.election_starts_on:
        raise ApplicationError(_("Give the first day of election mode."), field="election_starts_on")
    if data.election_starts_on and data.election_ends_on and data.election_ends_on < data.election_starts_on:
        raise ApplicationError(_("Election mode cannot end before it starts."), field="election_ends_on")
    if data.election_starts_on and not any(
        rules.lines(getattr(data, name)) for name in _TEXT_LISTS if name.startswith("election")
    ):
        raise ApplicationError(
            _("List the candidates, parties, ballot numbers or hashtags that election mode blocks."),
            field="election_candidates",
        )
    if any(m.organization_id != member.organization_id or m.role == Role.AMBASSADOR for m in data.approvers):
        raise ApplicationError(
            _("Approvers are admins, coordinators or viewers of this organization."), field="approvers"
        )
    numbers = rules.lines(data.election_numbers)
    if any(not number.isdigit() or len(number) > 3 for number in numbers):
        raise ApplicationError(_("Ballot numbers are digits, one per line."), field="election_numbers")
    rules.hashtags_parse(" ".join(rules.lines(data.election_hashtags)), field="election_hashtags")
    before = {name: _plain(getattr(found, name)) for name in (*_SIMPLE, *_TEXT_LISTS)}
    before_approvers = sorted(found.approvers.values_list("pk", flat=True))
    for name in _SIMPLE:
        setattr(found, name, getattr(data, name))
    for name in _TEXT_LISTS:
        setattr(found, name, "\n".join(rules.lines(getattr(data, name))))
    found.full_clean(exclude=["organization"])
    found.save()
    found.approvers.set(data.approvers)
    after = {name: _plain(getattr(found, name)) for name in (*_SIMPLE, *_TEXT_LISTS)}
    changes = {name: [before[name], after[name]] for name in after if before[name] != after[name]}
    after_approvers = sorted(member.pk for member in data.approvers)
    if after_approvers != before_approvers:
        changes["approvers"] = [before_approvers, after_approvers]
    audit_record(
        actor=member.user,
        organization=member.organization,
        action="campaign_settings.update",
        target=found,
        changes=changes,
    )
    return found
