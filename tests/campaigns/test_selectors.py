"""Every read of the campaigns app: scope, audiences and segments, the ambassador's feed, copy clusters, and the
lists the scheduler and the digest read."""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Callable, Iterator
from datetime import timedelta
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.http import Http404
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from duta.campaigns import selectors, services
from duta.campaigns.models import Attachment, Campaign, CampaignSettings, ContentItem, ItemStatus
from duta.organizations.models import Membership, Organization, Role, Unit
from duta.programs.models import Candidate, CohortSelection, Program, Stage
from tests.campaigns.factories import (
    CampaignFactory,
    CaptionVariantFactory,
    ContentItemFactory,
    CrisisFactory,
    FreezeFactory,
    LiveItemFactory,
    PostReportFactory,
)
from tests.factories import MembershipFactory, ProgramFactory, UnitFactory

pytestmark = pytest.mark.django_db

Maker = Callable[..., Any]


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    with translation.override("en"):
        yield


def today() -> Any:
    return timezone.localdate()


def pks(members: Any) -> set[int]:
    return {member.pk for member in members}


def audience_of(org: Organization, segment: selectors.Segment) -> set[int]:
    return pks(selectors.audience(organization=org, segment=segment))


def cohort(program: Program, chosen: list[Membership], *, not_chosen: tuple[Membership, ...] = ()) -> CohortSelection:
    """A cohort of ``program`` choosing the roster entries of ``chosen`` (as ``cohort_propose`` stores it)."""

    def decision(member: Membership, is_chosen: bool) -> dict[str, Any]:
        employee = member.user.employee_records.get(organization=program.organization)
        return {"employee_id": employee.pk, "chosen": is_chosen, "score": 1.0, "reason_en": "", "reason_id": ""}

    return CohortSelection.objects.create(
        program=program,
        size=len(chosen),
        decisions=[decision(m, True) for m in chosen] + [decision(m, False) for m in not_chosen],
        confirmed_at=timezone.now(),
    )


# --- scope ----------------------------------------------------------------------------------------


class TestScope:
    def test_campaigns_are_listed_for_readers_of_the_organization_only(
        self,
        org: Organization,
        pr_admin: Membership,
        coordinator: Membership,
        viewer: Membership,
        outsider_admin: Membership,
    ) -> None:
        normal = CampaignFactory(organization=org)
        crisis = CrisisFactory(organization=org, closed_at=timezone.now())
        LiveItemFactory(campaign=normal)
        ContentItemFactory(campaign=normal)
        CampaignFactory(organization=outsider_admin.organization)

        for reader in (pr_admin, coordinator, viewer):
            assert list(selectors.campaign_list_for_member(member=reader)) == [crisis, normal]  # newest first
        listed = selectors.campaign_list_for_member(member=pr_admin, kind="normal").get()
        assert (listed, listed.item_count, listed.live_count) == (normal, 2, 1)
        assert list(selectors.campaign_list_for_member(member=pr_admin, state="closed")) == [crisis]
        assert list(selectors.campaign_list_for_member(member=pr_admin, state="open")) == [normal]

    def test_ambassadors_do_not_read_campaigns_or_items(self, org: Organization, ambassador: Membership) -> None:
        item = LiveItemFactory(campaign__organization=org)

        for read in (
            lambda: selectors.campaign_list_for_member(member=ambassador),
            lambda: selectors.campaign_get_for_member(member=ambassador, campaign_pk=item.campaign_id),
            lambda: selectors.item_list_for_member(member=ambassador),
            lambda: selectors.item_get_for_member(member=ambassador, item_pk=item.pk),
        ):
            with pytest.raises(PermissionDenied):
                read()

    def test_a_campaign_or_item_of_another_organization_is_not_found(
        self, pr_admin: Membership, outsider_admin: Membership
    ) -> None:
        item = LiveItemFactory(campaign__organization=outsider_admin.organization)

        with pytest.raises(Http404):
            selectors.campaign_get_for_member(member=pr_admin, campaign_pk=item.campaign_id)
        with pytest.raises(Http404):
            selectors.item_get_for_member(member=pr_admin, item_pk=item.pk)
        assert not selectors.item_list_for_member(member=pr_admin).exists()
        assert selectors.item_get_for_member(member=outsider_admin, item_pk=item.pk) == item

    def test_the_approval_queue_filters_by_status(self, org: Organization, viewer: Membership) -> None:
        campaign = CampaignFactory(organization=org)
        waiting = ContentItemFactory(campaign=campaign, status=ItemStatus.IN_REVIEW)
        ContentItemFactory(campaign=campaign)

        assert list(selectors.item_list_for_member(member=viewer, status=ItemStatus.IN_REVIEW)) == [waiting]
        assert selectors.item_list_for_member(member=viewer).count() == 2

    def test_reports_are_listed_for_their_member_only(self, org: Organization, ambassador: Membership) -> None:
        mine = PostReportFactory(item__campaign__organization=org, member=ambassador)
        PostReportFactory(item=mine.item)

        assert list(selectors.post_report_list_for_member(member=ambassador)) == [mine]

    def test_a_segment_names_parts_of_the_organization_only(
        self, org: Organization, outsider_admin: Membership, unit_humas: Unit
    ) -> None:
        foreign = UnitFactory(organization=outsider_admin.organization)
        foreign_program = ProgramFactory(organization=outsider_admin.organization)
        foreign_cohort = CohortSelection.objects.create(program=foreign_program, size=0, decisions=[])

        segment = selectors.segment_for_organization(organization=org, units=[unit_humas], platforms=["x"])
        assert segment == selectors.Segment(unit_paths=(unit_humas.path,), platforms=("x",))
        for parts in ({"units": [foreign]}, {"programs": [foreign_program]}, {"cohorts": [foreign_cohort]}):
            with pytest.raises(Http404):
                selectors.segment_for_organization(organization=org, **parts)

    def test_an_ambassador_sees_attachments_of_items_in_their_feed_only(
        self, org: Organization, make_ambassador: Maker, unit_media: Unit, unit_ditjen: Unit, viewer: Membership
    ) -> None:
        member = make_ambassador(unit=unit_media)
        shown = LiveItemFactory(campaign__organization=org)
        CaptionVariantFactory(item=shown)
        hidden = LiveItemFactory(campaign=CampaignFactory(organization=org, units=[unit_ditjen]))
        draft = ContentItemFactory(campaign=shown.campaign)

        def attach(item: ContentItem, name: str) -> Attachment:
            attachment = Attachment.objects.create(
                campaign=item.campaign,
                kind=Attachment.Kind.IMAGE,
                title=name,
                file=f"attachments/{name}.png",
                content_type="image/png",
                size=10,
                sha256=name * 8,
                uploaded_by=item.author,
            )
            item.attachments.add(attachment)
            return attachment

        visible, elsewhere, unpublished = attach(shown, "a"), attach(hidden, "b"), attach(draft, "c")

        assert selectors.attachment_get_for_member(member=member, attachment_pk=visible.pk) == visible
        for attachment in (elsewhere, unpublished):
            with pytest.raises(Http404):
                selectors.attachment_get_for_member(member=member, attachment_pk=attachment.pk)
            assert selectors.attachment_get_for_member(member=viewer, attachment_pk=attachment.pk) == attachment


class TestSettings:
    def test_the_defaults_before_anyone_saves_them(self, org: Organization) -> None:
        found = selectors.campaign_settings_for(org)

        assert found.pk is None
        assert (found.four_eyes, found.approvals_required, found.daily_share_limit, found.stagger_minutes) == (
            True,
            1,
            5,
            180,
        )
        assert not CampaignSettings.objects.exists()

    def test_election_mode_is_on_between_its_dates_both_included(self, org: Organization) -> None:
        found = CampaignSettings(
            organization=org,
            election_starts_on=today(),
            election_ends_on=today() + timedelta(days=2),
            election_candidates="Budi Santoso\nSiti Aminah",
            election_numbers="1\n2",
        )

        for day, on in [(-1, False), (0, True), (2, True), (3, False)]:
            rules = selectors.election_rules(found, today=today() + timedelta(days=day))
            assert (rules is not None) is on, day
        rules = selectors.election_rules(found)
        assert rules is not None
        assert (rules.candidates, rules.numbers) == (("Budi Santoso", "Siti Aminah"), ("1", "2"))
        found.election_starts_on = None
        assert selectors.election_rules(found) is None

    def test_who_may_approve(
        self,
        org: Organization,
        pr_admin: Membership,
        second_admin: Membership,
        viewer: Membership,
        update_settings: Maker,
    ) -> None:
        defaults = selectors.campaign_settings_for(org)
        assert selectors.may_approve(pr_admin, defaults)
        assert not selectors.may_approve(viewer, defaults)

        listed = update_settings(approvers=[viewer, second_admin])
        assert [selectors.may_approve(m, listed) for m in (pr_admin, second_admin, viewer)] == [False, True, True]

    def test_the_coach_brief_of_a_campaign(self, org: Organization, update_settings: Maker) -> None:
        update_settings(blocklist="hoaks", default_disclosure_tag="#DutaKementerian")
        campaign = CampaignFactory(organization=org, hashtags="#A #B", disclosure_tag="", key_messages="Satu\nDua")

        brief = selectors.coach_brief_for_campaign(campaign=campaign)

        assert (brief.hashtags, brief.key_messages, brief.disclosure_tag, brief.blocklist) == (
            ("#A", "#B"),
            ("Satu", "Dua"),
            "#DutaKementerian",
            ("hoaks",),
        )


# --- audiences ------------------------------------------------------------------------------------


class TestAudience:
    def test_units_reach_their_subtrees(
        self,
        org: Organization,
        make_ambassador: Maker,
        unit_setjen: Unit,
        unit_humas: Unit,
        unit_media: Unit,
        unit_ditjen: Unit,
    ) -> None:
        setjen, humas, media, ditjen, nowhere = (
            make_ambassador(unit=unit) for unit in (unit_setjen, unit_humas, unit_media, unit_ditjen, None)
        )

        assert audience_of(org, selectors.Segment(unit_paths=(unit_humas.path,))) == pks([humas, media])
        assert audience_of(org, selectors.Segment(unit_paths=(unit_setjen.path,))) == pks([setjen, humas, media])
        assert audience_of(org, selectors.Segment(unit_paths=(unit_media.path, unit_ditjen.path))) == pks(
            [media, ditjen]
        )
        assert audience_of(org, selectors.Segment()) == pks([setjen, humas, media, ditjen, nowhere])

    def test_programs_reach_their_active_ambassadors(
        self, org: Organization, program: Program, make_ambassador: Maker
    ) -> None:
        other = ProgramFactory(organization=org)
        active = make_ambassador(programs=[program])
        in_other = make_ambassador(programs=[other])
        training = make_ambassador()
        employee = training.user.employee_records.get()
        Candidate.objects.create(
            program=program, employee=employee, stage=Stage.TRAINING, source="applied", stage_changed_at=timezone.now()
        )
        make_ambassador()

        assert audience_of(org, selectors.Segment(program_ids=(program.pk,))) == {active.pk}
        assert audience_of(org, selectors.Segment(program_ids=(program.pk, other.pk))) == {active.pk, in_other.pk}

    def test_cohorts_reach_their_chosen_active_ambassadors(
        self, org: Organization, program: Program, make_ambassador: Maker
    ) -> None:
        chosen = make_ambassador(programs=[program])
        chosen_not_active = make_ambassador()
        not_chosen = make_ambassador(programs=[program])
        selection = cohort(program, [chosen, chosen_not_active], not_chosen=[not_chosen])

        assert audience_of(org, selectors.Segment(cohort_ids=(selection.pk,))) == {chosen.pk}
        # programs and cohorts together: either one
        assert audience_of(org, selectors.Segment(program_ids=(program.pk,), cohort_ids=(selection.pk,))) == {
            chosen.pk,
            not_chosen.pk,
        }

    def test_platforms_reach_members_with_an_account_and_messengers_reach_everyone(
        self, org: Organization, make_ambassador: Maker
    ) -> None:
        instagram = make_ambassador(platforms=["instagram"])
        both = make_ambassador(platforms=["instagram", "tiktok"])
        tiktok = make_ambassador(platforms=["tiktok"])
        none = make_ambassador()

        assert audience_of(org, selectors.Segment(platforms=("instagram",))) == pks([instagram, both])
        assert audience_of(org, selectors.Segment(platforms=("instagram", "tiktok"))) == pks([instagram, both, tiktok])
        assert audience_of(org, selectors.Segment(platforms=("instagram", "whatsapp"))) == pks(
            [instagram, both, tiktok, none]
        )

    def test_inactive_members_other_roles_and_other_organizations_are_left_out(
        self,
        org: Organization,
        make_ambassador: Maker,
        unit_media: Unit,
        outsider_admin: Membership,
        pr_admin: Membership,
        coordinator: Membership,
        viewer: Membership,
    ) -> None:
        member = make_ambassador(unit=unit_media, platforms=["x"])
        make_ambassador(unit=unit_media, platforms=["x"], is_active=False)
        make_ambassador(unit=unit_media, platforms=["x"], role=Role.COORDINATOR)
        make_ambassador(platforms=["x"], organization=outsider_admin.organization)

        for segment in (selectors.Segment(), selectors.Segment(platforms=("x",))):
            assert audience_of(org, segment) == {member.pk}

    def test_the_parts_of_a_segment_all_apply(
        self, org: Organization, program: Program, make_ambassador: Maker, unit_humas: Unit, unit_ditjen: Unit
    ) -> None:
        wanted = make_ambassador(unit=unit_humas, programs=[program], platforms=["x"])
        make_ambassador(unit=unit_humas, programs=[program])  # no X account
        make_ambassador(unit=unit_ditjen, programs=[program], platforms=["x"])  # another unit
        make_ambassador(unit=unit_humas, platforms=["x"])  # not in the program

        segment = selectors.Segment(unit_paths=(unit_humas.path,), program_ids=(program.pk,), platforms=("x",))

        assert audience_of(org, segment) == {wanted.pk}

    def test_segment_includes_agrees_with_audience_for_a_mixed_roster(
        self,
        org: Organization,
        make_ambassador: Maker,
        unit_setjen: Unit,
        unit_humas: Unit,
        unit_media: Unit,
        unit_ditjen: Unit,
        django_assert_num_queries: Any,
    ) -> None:
        draw = random.Random(20240214)
        units = [None, unit_setjen, unit_humas, unit_media, unit_ditjen]
        programs = [ProgramFactory(organization=org) for _ in range(2)]
        members = []
        for _number in range(20):
            member = make_ambassador(
                unit=draw.choice(units),
                platforms=draw.sample(["instagram", "x", "tiktok", "linkedin"], draw.randint(0, 2)),
                programs=draw.sample(programs, draw.randint(0, 2)),
                role=draw.choice([Role.AMBASSADOR] * 4 + [Role.COORDINATOR, Role.VIEWER]),
                is_active=draw.random() > 0.15,
            )
            # and candidacies that are not (or no longer) active
            employee = member.user.employee_records.get()
            for found in programs:
                if draw.random() < 0.3 and not Candidate.objects.filter(program=found, employee=employee).exists():
                    Candidate.objects.create(
                        program=found,
                        employee=employee,
                        stage=draw.choice([Stage.TRAINING, Stage.PAUSED, Stage.ALUMNI]),
                        source="nominated",
                        stage_changed_at=timezone.now(),
                    )
            members.append(member)
        # each member chosen in at most one cohort, active in its program or not
        shuffled = draw.sample(members, len(members))
        cohorts = [
            cohort(programs[0], shuffled[:6], not_chosen=tuple(shuffled[6:9])),
            cohort(programs[1], shuffled[9:14]),
        ]
        profiles = [selectors.profile_for_member(member) for member in members]

        segments = [selectors.Segment()]
        for _number in range(60):
            segments.append(
                selectors.Segment(
                    unit_paths=tuple(unit.path for unit in draw.sample(units[1:], draw.randint(0, 2))),
                    program_ids=tuple(p.pk for p in draw.sample(programs, draw.randint(0, 2)) if draw.random() < 0.6),
                    cohort_ids=tuple(c.pk for c in draw.sample(cohorts, draw.randint(0, 2)) if draw.random() < 0.5),
                    platforms=tuple(
                        draw.sample(["instagram", "x", "tiktok", "whatsapp", "telegram"], draw.randint(0, 2))
                    ),
                )
            )
        reached: Counter[int] = Counter()
        for segment in segments:
            expected = {profile.member.pk for profile in profiles if selectors.segment_includes(segment, profile)}
            assert audience_of(org, segment) == expected, segment
            reached[len(expected)] += 1
        assert len(reached) > 5  # the segments were not all empty, nor all everyone

        with django_assert_num_queries(0):
            for segment in segments:
                [selectors.segment_includes(segment, profile) for profile in profiles]

    def test_a_member_chosen_in_two_programs_cohorts_is_reached_by_the_one_they_are_active_in(
        self, org: Organization, program: Program, make_ambassador: Maker
    ) -> None:
        other = ProgramFactory(organization=org)
        member = make_ambassador(programs=[program])
        employee = member.user.employee_records.get()
        Candidate.objects.create(
            program=other, employee=employee, stage=Stage.TRAINING, source="applied", stage_changed_at=timezone.now()
        )
        in_other = cohort(other, [member])
        in_program = cohort(program, [member])
        # cohorts are read newest first: the program the member is active in comes first, the other overwrites it
        CohortSelection.objects.filter(pk=in_other.pk).update(created_at=timezone.now() - timedelta(days=1))
        segment = selectors.Segment(cohort_ids=(in_program.pk, in_other.pk))

        assert selectors.segment_includes(segment, selectors.profile_for_member(member))
        assert audience_of(org, segment) == {member.pk}


# --- the feed ------------------------------------------------------------------------------------


def entries(member: Membership, **options: Any) -> list[ContentItem]:
    return [entry.item for entry in selectors.feed_for_member(member=member, **options).entries]


class TestFeed:
    @pytest.fixture
    def member(self, make_ambassador: Maker, unit_media: Unit, update_settings: Maker) -> Membership:
        update_settings(stagger_minutes=0)
        return make_ambassador(unit=unit_media, platforms=["x"])

    def test_only_targeted_live_items_of_running_campaigns(
        self,
        pr_admin: Membership,
        member: Membership,
        make_ambassador: Maker,
        brief: Maker,
        make_item: Maker,
        bring_live: Maker,
        unit_humas: Unit,
        unit_ditjen: Unit,
        unit_media: Unit,
        outsider_admin: Membership,
    ) -> None:
        shown = bring_live(make_item(title="Tampil"))
        for_humas = services.campaign_create(member=pr_admin, data=brief(name="Humas", units=[unit_humas]))
        shown_by_unit = bring_live(make_item(campaign=for_humas, title="Untuk Humas"))
        make_item(title="Draf")
        services.item_archive(member=pr_admin, item=bring_live(make_item(title="Diarsipkan")))
        for_ditjen = services.campaign_create(member=pr_admin, data=brief(name="Ditjen", units=[unit_ditjen]))
        bring_live(make_item(campaign=for_ditjen, title="Untuk Ditjen"))
        tomorrow = services.campaign_create(member=pr_admin, data=brief(name="Besok", starts_on=today() + timedelta(1)))
        # publishing is refused outside the campaign's dates; the feed must hide such items all the same
        CaptionVariantFactory(item=LiveItemFactory(campaign=tomorrow, title="Belum mulai"))
        ended = services.campaign_create(
            member=pr_admin,
            data=brief(name="Selesai", starts_on=today() - timedelta(10), ends_on=today() - timedelta(1)),
        )
        CaptionVariantFactory(item=LiveItemFactory(campaign=ended, title="Sudah selesai"))
        instagram = services.campaign_create(member=pr_admin, data=brief(name="IG", platforms=["instagram"]))
        only_instagram = bring_live(
            make_item(campaign=instagram, title="Hanya IG", variants=[("instagram", "Foto saya #DutaContoh")])
        )
        closed = LiveItemFactory(campaign=CampaignFactory(organization=pr_admin.organization, closed_at=timezone.now()))
        CaptionVariantFactory(item=closed)
        foreign = LiveItemFactory(campaign__organization=outsider_admin.organization)
        CaptionVariantFactory(item=foreign)

        assert set(entries(member)) == {shown, shown_by_unit}
        with_instagram = make_ambassador(unit=unit_media, platforms=["instagram"])
        assert set(entries(with_instagram)) == {shown, shown_by_unit, only_instagram}
        assert entries(pr_admin) == []  # admins are not ambassadors: no feed

    def test_a_paused_item_leaves_the_feed_and_the_freeze_is_shown(
        self, pr_admin: Membership, member: Membership, live_item: ContentItem
    ) -> None:
        freeze = services.organization_freeze(member=pr_admin, reason="Duka nasional")

        feed = selectors.feed_for_member(member=member)

        assert (feed.entries, feed.freeze) == ([], freeze)

    def test_crises_come_first_with_their_holding_statement(
        self,
        pr_admin: Membership,
        member: Membership,
        crisis: Campaign,
        make_item: Maker,
        bring_live: Maker,
    ) -> None:
        crisis_item = bring_live(make_item(campaign=crisis, title="Klarifikasi"))
        ContentItem.objects.filter(pk=crisis_item.pk).update(live_at=timezone.now() - timedelta(hours=5))
        normal = bring_live(make_item(title="Terbaru"))
        quiet = CrisisFactory(organization=pr_admin.organization, holding_statement="")  # nothing to say yet

        feed = selectors.feed_for_member(member=member)

        assert [entry.item for entry in feed.entries] == [crisis_item, normal]
        assert feed.entries[0].is_crisis
        assert feed.crises == [crisis]
        assert quiet not in feed.crises

    def test_variants_are_spread_over_the_ambassadors_and_stable(
        self, live_item: ContentItem, make_ambassador: Maker, update_settings: Maker
    ) -> None:
        update_settings(stagger_minutes=0)
        members = [make_ambassador() for _ in range(30)]

        offered = {}
        for member in members:
            (entry,) = selectors.feed_for_member(member=member).entries
            (offer,) = entry.offers  # no X account: WhatsApp only
            assert (offer.platform, offer.variant_count) == ("whatsapp", 3)
            offered[member.pk] = offer.variant.pk

        spread = Counter(offered.values())
        assert len(spread) == 3
        assert min(spread.values()) >= 3, spread
        for member in members[:5]:
            (entry,) = selectors.feed_for_member(member=member).entries
            assert entry.offers[0].variant.pk == offered[member.pk]  # the same on every visit

    def test_captions_in_the_members_language_first(self, org: Organization, member: Membership) -> None:
        item = LiveItemFactory(campaign__organization=org)
        indonesian = CaptionVariantFactory(item=item, language="id")
        english = CaptionVariantFactory(item=item, language="en")

        assert selectors.feed_for_member(member=member, language="en").entries[0].offers[0].variant == english
        assert selectors.feed_for_member(member=member, language="id").entries[0].offers[0].variant == indonesian
        item.variants.filter(language="en").delete()
        assert selectors.feed_for_member(member=member, language="en").entries[0].offers[0].variant == indonesian

    def test_each_ambassador_gets_a_posting_window_after_an_item_goes_live(
        self,
        live_item: ContentItem,
        live_crisis_item: ContentItem,
        make_ambassador: Maker,
        update_settings: Maker,
    ) -> None:
        update_settings(stagger_minutes=180)
        live_item.refresh_from_db()
        live_crisis_item.refresh_from_db()
        assert live_item.live_at is not None
        assert live_crisis_item.live_at is not None
        window = timedelta(minutes=180)
        now = timezone.now()
        members = [make_ambassador() for _ in range(12)]

        opens = []
        for member in members:
            feed = selectors.feed_for_member(member=member, now=now)
            by_item = {entry.item.pk: entry for entry in feed.entries}
            crisis_entry, entry = by_item[live_crisis_item.pk], by_item[live_item.pk]
            assert (crisis_entry.opens_at, crisis_entry.is_open) == (live_crisis_item.live_at, True)
            assert live_item.live_at <= entry.opens_at < live_item.live_at + window
            assert entry.is_open == (entry.opens_at <= now)
            assert feed.entries[0].item == live_crisis_item
            later = selectors.feed_for_member(member=member, now=live_item.live_at + window)
            assert all(entry.is_open for entry in later.entries)
            opens.append(entry.opens_at)
        assert len(set(opens)) > 3
        assert not all(opens[0] == moment for moment in opens)

    def test_shares_today_and_the_refusal(
        self,
        member: Membership,
        live_item: ContentItem,
        update_settings: Maker,
    ) -> None:
        update_settings(daily_share_limit=2)
        first = services.post_report_create(member=member, item=live_item, platform="whatsapp")
        feed = selectors.feed_for_member(member=member)
        assert (feed.shares_today, feed.refusal) == (1, None)
        reported = {offer.platform: offer.reported for offer in feed.entries[0].offers}
        assert reported == {"whatsapp": first, "x": None}

        services.post_report_create(member=member, item=live_item, url="https://x.com/putri/status/1790000000000000009")
        feed = selectors.feed_for_member(member=member)

        assert feed.shares_today == 2
        assert feed.refusal is not None
        assert "daily limit" in feed.refusal
        assert selectors.feed_for_member(member=member, now=timezone.now() + timedelta(days=1)).shares_today == 0

    def test_the_sharing_hours_are_told(
        self, member: Membership, live_item: ContentItem, update_settings: Maker
    ) -> None:
        local = timezone.localtime()
        update_settings(
            sharing_starts_at=(local + timedelta(hours=2)).time().replace(second=0, microsecond=0),
            sharing_ends_at=(local + timedelta(hours=4)).time().replace(second=0, microsecond=0),
        )

        refusal = selectors.feed_for_member(member=member).refusal

        assert refusal is not None
        assert refusal.startswith("Sharing is open from")

    def test_the_feed_reads_a_fixed_number_of_queries(
        self,
        org: Organization,
        member: Membership,
        django_assert_num_queries: Any,
        unit_humas: Unit,
    ) -> None:
        def add_items(count: int) -> None:
            campaign = CampaignFactory(organization=org, units=[unit_humas])
            for _number in range(count):
                item = LiveItemFactory(campaign=campaign)
                CaptionVariantFactory.create_batch(2, item=item)
                CaptionVariantFactory(item=item, platform="x")

        add_items(2)
        with CaptureQueriesContext(connection) as few:
            assert len(selectors.feed_for_member(member=member).entries) == 2
        add_items(6)
        with django_assert_num_queries(len(few.captured_queries)):
            assert len(selectors.feed_for_member(member=member).entries) == 8


# --- what the PR team reads -------------------------------------------------------------------------


class TestCopyClusters:
    def test_many_ambassadors_posting_the_same_words_form_one_cluster(
        self, pr_admin: Membership, live_item: ContentItem, make_ambassador: Maker, update_settings: Maker
    ) -> None:
        update_settings(stagger_minutes=0)
        same = "Kanal aduan kini buka 24 jam, saya sudah coba dan langsung dijawab petugas. #DutaContoh"
        copiers = [make_ambassador(platforms=["x"]) for _ in range(8)]
        own_words = [make_ambassador(platforms=["x"]) for _ in range(3)]
        reports = []
        for number, member in enumerate(copiers):
            text = same if number % 2 else f"{same.upper()} 👍 https://contoh.example/aduan"  # cosmetic changes only
            reports.append(
                services.post_report_create(
                    member=member,
                    item=live_item,
                    url=f"https://x.com/d{number}/status/{1790000000000000200 + number}",
                    text=text,
                )
            )
        for number, member in enumerate(own_words):
            services.post_report_create(
                member=member,
                item=live_item,
                platform="whatsapp",
                text=f"Pengalaman {number}: saya menulis dengan kata-kata saya sendiri tentang layanan {number * 7}.",
            )

        (cluster,) = selectors.copy_clusters_for_item(member=pr_admin, item=live_item)

        assert cluster.member_ids == sorted(member.pk for member in copiers)
        assert cluster.report_ids == sorted(report.pk for report in reports)
        assert cluster.similarity == 1.0
        assert cluster.variant_id is None  # nobody offered these words: they were passed around
        assert set(
            selectors.copy_cluster_members(organization=live_item.organization, member_ids=cluster.member_ids)
        ) == {member.pk for member in copiers}

    def test_a_caption_copied_as_offered_is_traced_to_its_variant(
        self, pr_admin: Membership, org: Organization, make_ambassador: Maker
    ) -> None:
        item = LiveItemFactory(campaign__organization=org)
        caption = CaptionVariantFactory(item=item, text="Saya coba sendiri layanan aduan 24 jam dan langsung dijawab.")
        for _number in range(3):
            PostReportFactory(item=item, member=make_ambassador(), text=caption.text)
        PostReportFactory(item=item, member=make_ambassador(), text="")

        (cluster,) = selectors.copy_clusters_for_item(member=pr_admin, item=item)

        assert (len(cluster.member_ids), cluster.variant_id) == (3, caption.pk)

    def test_two_copies_are_not_a_cluster(
        self, pr_admin: Membership, org: Organization, make_ambassador: Maker
    ) -> None:
        item = LiveItemFactory(campaign__organization=org)
        for _number in range(2):
            PostReportFactory(item=item, member=make_ambassador(), text="Kata yang sama persis di sini ya.")

        assert selectors.copy_clusters_for_item(member=pr_admin, item=item) == []


class TestSchedulerAndDigestReads:
    def test_items_due(self, org: Organization) -> None:
        now = timezone.now()
        due = ContentItemFactory(campaign__organization=org, status=ItemStatus.SCHEDULED, scheduled_for=now)
        ContentItemFactory(campaign=due.campaign, status=ItemStatus.SCHEDULED, scheduled_for=now + timedelta(seconds=1))
        ContentItemFactory(campaign=due.campaign, status=ItemStatus.APPROVED, scheduled_for=now - timedelta(hours=1))

        assert list(selectors.items_due(now=now)) == [due]

    def test_new_items_by_member(
        self, org: Organization, make_ambassador: Maker, unit_humas: Unit, unit_ditjen: Unit
    ) -> None:
        humas, ditjen = make_ambassador(unit=unit_humas), make_ambassador(unit=unit_ditjen)
        everyone = LiveItemFactory(campaign__organization=org)
        for_humas = LiveItemFactory(campaign=CampaignFactory(organization=org, units=[unit_humas]))
        LiveItemFactory(campaign=everyone.campaign, live_at=timezone.now() - timedelta(days=8))
        FreezeFactory(organization=org)  # a freeze row alone changes nothing here

        found = selectors.new_items_by_member(organization=org, since=timezone.now() - timedelta(days=7))

        assert {member: set(items) for member, items in found.items()} == {
            humas.pk: {everyone, for_humas},
            ditjen.pk: {everyone},
        }


def test_a_second_organization_s_ambassador_is_never_in_the_audience(
    org: Organization, outsider_admin: Membership, make_ambassador: Maker
) -> None:
    stranger = MembershipFactory(organization=outsider_admin.organization, role=Role.AMBASSADOR)

    assert stranger.pk not in audience_of(org, selectors.Segment())
    assert selectors.feed_for_member(member=stranger).entries == []
