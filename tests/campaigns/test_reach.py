"""Who content reaches and who sees its reports: consent withdrawn, inactive accounts, coordinators' subtrees,
election mode reaching live content, and a crisis response that the guardrails do not hold back."""

from __future__ import annotations

from collections.abc import Callable
from datetime import time, timedelta
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from duta.campaigns import selectors, services
from duta.campaigns.models import Campaign, ContentItem, PostReport
from duta.notifications.models import Notification
from duta.organizations.models import Membership, Organization, Unit
from duta.programs.models import Program, Stage
from tests.factories import CandidateFactory

pytestmark = pytest.mark.django_db
Maker = Callable[..., Any]


@pytest.fixture
def client_for(client_for: Any) -> Any:
    """Pages in English here: the assertions read the source strings (Indonesian is the default language)."""

    def make(membership: Membership) -> Any:
        membership.user.language = "en"
        membership.user.save(update_fields=["language"])
        return client_for(membership)

    return make


def _everyone(org: Organization) -> set[int]:
    return set(selectors.audience(organization=org, segment=selectors.Segment()).values_list("pk", flat=True))


class TestAudience:
    def test_withdrawn_consent_stops_content_until_the_person_is_active_again(
        self, org: Organization, make_ambassador: Maker, program: Program, live_item: ContentItem
    ) -> None:
        member = make_ambassador(platforms=["x"])
        employee = member.user.employee_records.get()
        candidacy = CandidateFactory(program=program, employee=employee, stage=Stage.WITHDRAWN)
        assert member.pk not in _everyone(org)
        assert selectors.feed_for_member(member=member).entries == []
        candidacy.stage = Stage.ACTIVE
        candidacy.save()
        assert member.pk in _everyone(org)
        assert [entry.item for entry in selectors.feed_for_member(member=member).entries] == [live_item]

    def test_an_inactive_account_is_not_counted_in_an_audience(self, org: Organization, make_ambassador: Maker) -> None:
        member = make_ambassador()
        member.user.is_active = False
        member.user.save()
        assert member.pk not in _everyone(org)
        profile = selectors.profile_for_member(Membership.objects.select_related("user").get(pk=member.pk))
        assert not selectors.segment_includes(selectors.Segment(), profile)

    def test_another_organizations_program_does_not_widen_an_audience(
        self, org: Organization, make_ambassador: Maker, outsider_admin: Membership
    ) -> None:
        foreign = Program.objects.create(organization=outsider_admin.organization, slug="lain", name="Lain")
        stranger = make_ambassador(organization=outsider_admin.organization, programs=[foreign])
        segment = selectors.Segment(program_ids=(foreign.pk,))
        assert list(selectors.audience(organization=org, segment=segment)) == []
        assert stranger.pk in set(
            selectors.audience(organization=outsider_admin.organization, segment=segment).values_list("pk", flat=True)
        )

    def test_an_item_is_announced_only_to_those_it_has_captions_for(
        self,
        pr_admin: Membership,
        campaign: Campaign,
        make_item: Maker,
        bring_live: Maker,
        make_ambassador: Maker,
        django_capture_on_commit_callbacks: Any,
    ) -> None:
        on_instagram = make_ambassador(platforms=["instagram"])
        on_x_only = make_ambassador(platforms=["x"])
        item = make_item(variants=[("instagram", "Foto saya di loket baru. #DutaContoh")])
        with django_capture_on_commit_callbacks(execute=True):
            bring_live(item)
        told = set(Notification.objects.filter(topic=f"item:{item.pk}").values_list("recipient_id", flat=True))
        assert on_instagram.user_id in told
        assert on_x_only.user_id not in told


class TestCoordinatorsSeeTheirSubtree:
    def test_reports_and_copies_outside_the_subtree_are_not_shown(
        self,
        client_for: Any,
        org: Organization,
        coordinator: Membership,
        unit_media: Unit,
        unit_ditjen: Unit,
        make_ambassador: Maker,
        live_item: ContentItem,
        update_settings: Maker,
    ) -> None:
        update_settings(stagger_minutes=0)
        inside = make_ambassador(unit=unit_media, platforms=["x"])
        outside = make_ambassador(unit=unit_ditjen, platforms=["x"])
        for number, member in enumerate((inside, outside)):
            services.post_report_create(
                member=member, item=live_item, url=f"https://x.com/u{number}/status/{1790000000000000300 + number}"
            )
        shown = selectors.post_reports_for_item(member=coordinator, item=live_item)
        assert [report.member_id for report in shown] == [inside.pk]
        page = client_for(coordinator).get(
            reverse("campaigns:item_detail", kwargs={"org_slug": org.slug, "item_pk": live_item.pk})
        )
        assert outside.user.full_name not in page.content.decode()
        assert inside.user.full_name in page.content.decode()


class TestElectionModeReachesLiveContent:
    def test_an_item_approved_before_election_mode_leaves_the_feed_while_it_lasts(
        self, pr_admin: Membership, make_item: Maker, bring_live: Maker, make_ambassador: Maker, update_settings: Maker
    ) -> None:
        member = make_ambassador(platforms=["x"])
        item = bring_live(make_item(variants=[("whatsapp", "Pak Budi Santoso meresmikan loket baru. #DutaContoh")]))
        assert [entry.item for entry in selectors.feed_for_member(member=member).entries] == [item]
        today = timezone.localdate()
        update_settings(
            election_starts_on=today - timedelta(days=1),
            election_ends_on=today + timedelta(days=10),
            election_candidates="Budi Santoso",
        )
        assert selectors.feed_for_member(member=member).entries == []


class TestCrisisIsNotHeldBack:
    def test_a_crisis_share_is_reported_outside_the_sharing_hours_and_over_the_limit(
        self,
        org: Organization,
        live_crisis_item: ContentItem,
        live_item: ContentItem,
        make_ambassador: Maker,
        update_settings: Maker,
    ) -> None:
        member = make_ambassador(platforms=["x"])
        now = timezone.localtime()
        closed_from = (now + timedelta(hours=1)).time().replace(second=0, microsecond=0)
        closed_until = (now + timedelta(hours=2)).time().replace(second=0, microsecond=0)
        if closed_from > closed_until:  # near midnight: a window that is closed now all the same
            closed_from, closed_until = time(0, 0), time(0, 1)
        update_settings(
            stagger_minutes=0, sharing_starts_at=closed_from, sharing_ends_at=closed_until, daily_share_limit=1
        )
        services.post_report_create(member=member, item=live_crisis_item, platform="whatsapp")
        assert PostReport.objects.filter(member=member, item=live_crisis_item).exists()
        with translation.override("en"), pytest.raises(services.sharing.ApplicationError, match="Sharing is open"):
            services.post_report_create(member=member, item=live_item, platform="whatsapp")


class TestLongNames:
    def test_a_crisis_with_a_long_name_is_still_broadcast(
        self, pr_admin: Membership, make_ambassador: Maker, brief: Maker
    ) -> None:
        make_ambassador()
        crisis = services.campaign_create(
            member=pr_admin,
            data=brief(kind="crisis", name="Isu " + "sangat panjang " * 13, holding_statement="Kami memeriksa."),
        )
        broadcast = services.crisis_broadcast(
            member=pr_admin,
            campaign=crisis,
            message="Kami memeriksa.",
            segment=selectors.Segment(),
            confirmed_size=1,
            confirmation="satu",
        )
        subject = Notification.objects.get(topic=broadcast.topic).subject
        assert len(subject) <= 200
        assert subject.endswith("…")


class TestEveryViewIsScoped:
    def test_a_member_of_another_organization_gets_404_on_the_writing_pages(
        self, client_for: Any, org: Organization, campaign: Campaign, live_item: ContentItem, outsider_admin: Membership
    ) -> None:
        client = client_for(outsider_admin)
        slug = org.slug
        for name, kwargs in (
            ("create", {}),
            ("edit", {"campaign_pk": campaign.pk}),
            ("item_create", {"campaign_pk": campaign.pk}),
            ("item_edit", {"item_pk": live_item.pk}),
            ("queue", {}),
            ("broadcast", {"campaign_pk": campaign.pk}),
            ("response", {"campaign_pk": campaign.pk}),
        ):
            assert client.get(reverse(f"campaigns:{name}", kwargs={"org_slug": slug, **kwargs})).status_code == 404
        for name, kwargs in (
            ("close", {"campaign_pk": campaign.pk}),
            ("attachment_add", {"campaign_pk": campaign.pk}),
            ("freeze", {}),
            ("settings", {}),
            ("item_action", {"item_pk": live_item.pk, "action": "archive"}),
        ):
            url = reverse(f"campaigns:{name}", kwargs={"org_slug": slug, **kwargs})
            assert client.post(url, {"reason": "x"}).status_code == 404
        # and under their own organization's address, the other organization's rows are not found either
        own = {"org_slug": outsider_admin.organization.slug}
        for name, kwargs in (
            ("edit", {"campaign_pk": campaign.pk}),
            ("item_edit", {"item_pk": live_item.pk}),
            ("broadcast", {"campaign_pk": campaign.pk}),
        ):
            assert client.get(reverse(f"campaigns:{name}", kwargs={**own, **kwargs})).status_code == 404
        assert not Campaign.objects.get(pk=campaign.pk).is_closed
