"""The writes of share links: made for an ambassador when they share, disabled and retargeted by the PR team; the
visitor salts and the retention purge."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from functools import partial
from typing import Any, cast
from uuid import UUID

import pytest
from django.http import Http404
from django.utils import timezone

from duta.campaigns import selectors as campaign_selectors
from duta.campaigns.models import ContentItem
from duta.core.exceptions import ApplicationError
from duta.core.models import AuditEvent
from duta.links import rules
from duta.links.models import Click, ClickRollup, ShareLink, UserAgent, VisitorSalt
from duta.links.services import (
    clicks_purge,
    share_link_ensure,
    share_link_retarget,
    share_link_set_active,
    share_links_retarget_item,
    visitor_salts_ensure,
)
from duta.organizations.models import Membership, Unit
from tests.campaigns.factories import CaptionVariantFactory, LiveItemFactory, PostReportFactory
from tests.links.conftest import ms

pytestmark = pytest.mark.django_db

Maker = Callable[..., Any]
MakeLink = Callable[..., ShareLink]


def refused(call: Callable[[], Any]) -> ApplicationError:
    """The ApplicationError that ``call`` raises (fails the test when it raises none)."""
    with pytest.raises(ApplicationError) as caught:
        call()
    return caught.value


def ensure(*, member: Membership, item_pk: int, platform: str) -> ShareLink:
    """``share_link_ensure`` for an item with a page: a link, never None."""
    link = share_link_ensure(member=member, item_pk=item_pk, platform=platform)
    assert link is not None
    return link


def actions(target: Any) -> list[str]:
    return list(
        AuditEvent.objects.filter(target_type=target._meta.label_lower, target_id=str(target.pk))
        .order_by("id")
        .values_list("action", flat=True)
    )


def member_with_closed_window(make_ambassador: Maker, unit: Unit, item: ContentItem) -> Membership:
    """An ambassador whose posting window for ``item`` opens in the future (the window is spread by a hash)."""
    for _attempt in range(30):
        member = make_ambassador(unit=unit, platforms=["x"])
        if not campaign_selectors.feed_item_for_member(member=member, item_pk=item.pk).is_open:
            return member
    raise AssertionError("every ambassador's window was open: is the posting window (stagger) on?")


def hours_from_now(start: int, end: int) -> dict[str, Any]:
    local = timezone.localtime()
    return {
        "sharing_starts_at": (local + timedelta(hours=start)).time().replace(second=0, microsecond=0),
        "sharing_ends_at": (local + timedelta(hours=end)).time().replace(second=0, microsecond=0),
    }


class TestShareLinkEnsure:
    def test_it_makes_one_link_per_platform_offered(
        self, sharer: Membership, live_item: ContentItem, unit_media: Unit
    ) -> None:
        entry = campaign_selectors.feed_item_for_member(member=sharer, item_pk=live_item.pk)
        positions = {offer.platform: offer.position for offer in entry.offers}
        assert set(positions) == {"whatsapp", "x"}

        links = [ensure(member=sharer, item_pk=live_item.pk, platform=p) for p in ("whatsapp", "x")]

        assert len({link.code for link in links}) == 2
        for link in links:
            link.refresh_from_db()
            assert rules.is_code(link.code)
            assert (link.organization, link.item, link.member) == (sharer.organization, live_item, sharer)
            assert (link.campaign_id, link.unit) == (live_item.campaign_id, unit_media)
            assert link.destination == live_item.target_url == "https://contoh.example/aduan"
            assert link.utm_campaign == rules.utm_campaign_value(live_item.campaign.name, live_item.campaign_id)
            assert link.utm_campaign == f"kanal-aduan-24-jam-{live_item.campaign_id}"
            assert link.utm_content == f"v{positions[link.platform] + 1}"
            assert link.is_active
            assert link.changed_by is None

    def test_it_writes_an_audit_row(self, sharer: Membership, live_item: ContentItem) -> None:
        link = ensure(member=sharer, item_pk=live_item.pk, platform="whatsapp")

        event = AuditEvent.objects.get(action="links.share_link.create")
        assert (event.target_id, event.actor_id, event.organization_id) == (
            str(link.pk),
            sharer.user.pk,
            sharer.organization_id,
        )
        assert event.changes == {"item": live_item.pk, "platform": "whatsapp", "utm_content": link.utm_content}

    def test_it_gives_the_same_link_again(self, sharer: Membership, live_item: ContentItem) -> None:
        first = ensure(member=sharer, item_pk=live_item.pk, platform="whatsapp")

        again = ensure(member=sharer, item_pk=live_item.pk, platform="whatsapp")

        assert (again.pk, again.code) == (first.pk, first.code)
        assert ShareLink.objects.count() == 1
        assert AuditEvent.objects.filter(action="links.share_link.create").count() == 1

    def test_it_gives_each_ambassador_their_own_link(
        self, sharer: Membership, make_ambassador: Maker, unit_ditjen: Unit, live_item: ContentItem
    ) -> None:
        colleague = make_ambassador(unit=unit_ditjen)

        mine = ensure(member=sharer, item_pk=live_item.pk, platform="whatsapp")
        theirs = ensure(member=colleague, item_pk=live_item.pk, platform="whatsapp")

        assert mine.code != theirs.code
        assert (theirs.member, theirs.unit) == (colleague, unit_ditjen)

    @pytest.mark.parametrize("platform", ["instagram", "telegram", "facebook", "nonsense"])
    def test_it_refuses_a_platform_not_offered(self, sharer: Membership, live_item: ContentItem, platform: str) -> None:
        error = refused(lambda: share_link_ensure(member=sharer, item_pk=live_item.pk, platform=platform))

        assert error.code == "platform"
        assert not ShareLink.objects.exists()

    def test_it_makes_no_link_for_an_item_without_a_page(self, sharer: Membership, live_item: ContentItem) -> None:
        ContentItem.objects.filter(pk=live_item.pk).update(target_url="")

        assert share_link_ensure(member=sharer, item_pk=live_item.pk, platform="whatsapp") is None
        assert not ShareLink.objects.exists()
        assert not AuditEvent.objects.filter(action="links.share_link.create").exists()

    def test_it_checks_the_guardrails_for_an_item_without_a_page_too(
        self, sharer: Membership, live_item: ContentItem, update_settings: Maker
    ) -> None:
        ContentItem.objects.filter(pk=live_item.pk).update(target_url="")
        update_settings(**hours_from_now(2, 3))

        error = refused(lambda: share_link_ensure(member=sharer, item_pk=live_item.pk, platform="whatsapp"))

        assert error.code == "closed"

    def test_it_refuses_outside_the_sharing_hours(
        self, sharer: Membership, live_item: ContentItem, update_settings: Maker
    ) -> None:
        update_settings(**hours_from_now(2, 3))

        error = refused(lambda: share_link_ensure(member=sharer, item_pk=live_item.pk, platform="whatsapp"))

        assert error.code == "closed"
        assert "Sharing is open from" in error.message
        assert not ShareLink.objects.exists()
        update_settings(**hours_from_now(-1, 1))
        assert ensure(member=sharer, item_pk=live_item.pk, platform="whatsapp").pk is not None

    def test_it_refuses_after_the_daily_limit(
        self, sharer: Membership, live_item: ContentItem, update_settings: Maker
    ) -> None:
        update_settings(daily_share_limit=1)
        PostReportFactory(item=live_item, member=sharer)

        error = refused(lambda: share_link_ensure(member=sharer, item_pk=live_item.pk, platform="whatsapp"))

        assert error.code == "closed"
        assert "daily limit" in error.message

    def test_it_refuses_before_the_members_posting_window(
        self, make_ambassador: Maker, unit_media: Unit, live_item: ContentItem, update_settings: Maker
    ) -> None:
        update_settings(stagger_minutes=240)
        waiting = member_with_closed_window(make_ambassador, unit_media, live_item)
        entry = campaign_selectors.feed_item_for_member(member=waiting, item_pk=live_item.pk)

        error = refused(lambda: share_link_ensure(member=waiting, item_pk=live_item.pk, platform="x"))

        assert error.code == "window"
        assert timezone.localtime(entry.opens_at).strftime("%H:%M") in error.message
        assert not ShareLink.objects.exists()

    def test_it_never_holds_back_a_crisis_item(
        self, make_ambassador: Maker, unit_media: Unit, live_crisis_item: ContentItem, update_settings: Maker
    ) -> None:
        update_settings(stagger_minutes=240, daily_share_limit=1, **hours_from_now(2, 3))
        member = make_ambassador(unit=unit_media, platforms=["x"])
        PostReportFactory(item=live_crisis_item, member=member)

        link = ensure(member=member, item_pk=live_crisis_item.pk, platform="x")

        assert (link.item, link.platform, link.is_active) == (live_crisis_item, "x", True)

    def test_it_refuses_a_disabled_link(self, sharer: Membership, live_item: ContentItem, pr_admin: Membership) -> None:
        link = ensure(member=sharer, item_pk=live_item.pk, platform="whatsapp")
        share_link_set_active(member=pr_admin, link=link, active=False)

        error = refused(lambda: share_link_ensure(member=sharer, item_pk=live_item.pk, platform="whatsapp"))

        assert error.code == "disabled"
        assert ShareLink.objects.count() == 1

    def test_it_does_not_find_an_item_outside_the_members_feed(
        self,
        sharer: Membership,
        pr_admin: Membership,
        brief: Maker,
        make_item: Maker,
        bring_live: Maker,
        unit_ditjen: Unit,
    ) -> None:
        from duta.campaigns import services as campaign_services

        elsewhere = campaign_services.campaign_create(member=pr_admin, data=brief(units=[unit_ditjen]))
        item = bring_live(make_item(campaign=elsewhere))

        with pytest.raises(Http404):
            share_link_ensure(member=sharer, item_pk=item.pk, platform="whatsapp")
        assert not ShareLink.objects.exists()

    def test_it_does_not_find_an_item_that_is_not_live(
        self, sharer: Membership, make_item: Maker, live_item: ContentItem
    ) -> None:
        draft = make_item(title="Belum tayang")

        with pytest.raises(Http404):
            share_link_ensure(member=sharer, item_pk=draft.pk, platform="whatsapp")

    def test_it_does_not_find_an_item_of_another_organization(
        self, sharer: Membership, outsider_admin: Membership
    ) -> None:
        theirs = cast(ContentItem, LiveItemFactory(campaign__organization=outsider_admin.organization))
        CaptionVariantFactory(item=theirs, platform="whatsapp")

        with pytest.raises(Http404):
            share_link_ensure(member=sharer, item_pk=theirs.pk, platform="whatsapp")
        assert not ShareLink.objects.exists()


@pytest.fixture
def link(share_link: MakeLink) -> ShareLink:
    """The sharer's WhatsApp link of ``live_item``."""
    return share_link("whatsapp")


@pytest.fixture
def not_admins(coordinator: Membership, sharer: Membership, outsider_admin: Membership) -> list[Membership]:
    """Members who may not manage the organization's links: a coordinator, the ambassador whose link it is, and the
    admin of another organization."""
    return [coordinator, sharer, outsider_admin]


class TestShareLinkSetActive:
    def test_it_disables_and_enables_a_link_for_the_pr_team(self, link: ShareLink, pr_admin: Membership) -> None:
        updated_before = link.updated_at

        disabled = share_link_set_active(member=pr_admin, link=link, active=False)

        link.refresh_from_db()
        assert (disabled.is_active, link.is_active, link.changed_by) == (False, False, pr_admin.user)
        assert link.updated_at > updated_before
        share_link_set_active(member=pr_admin, link=link, active=True)
        link.refresh_from_db()
        assert link.is_active
        assert actions(link) == ["links.share_link.create", "links.share_link.disable", "links.share_link.enable"]
        event = AuditEvent.objects.get(action="links.share_link.disable")
        assert (event.actor_id, event.organization_id, event.changes) == (
            pr_admin.user.pk,
            pr_admin.organization_id,
            {"is_active": False},
        )

    def test_it_writes_nothing_for_the_same_state(self, link: ShareLink, pr_admin: Membership) -> None:
        share_link_set_active(member=pr_admin, link=link, active=True)

        assert actions(link) == ["links.share_link.create"]
        link.refresh_from_db()
        assert link.changed_by is None

    def test_it_is_for_the_pr_team_of_the_organization_only(
        self, link: ShareLink, not_admins: list[Membership], pr_admin: Membership
    ) -> None:
        pr_admin.is_active = False
        pr_admin.save(update_fields=["is_active"])

        for member in [*not_admins, pr_admin]:
            error = refused(partial(share_link_set_active, member=member, link=link, active=False))
            assert error.code == "forbidden"

        link.refresh_from_db()
        assert link.is_active
        assert actions(link) == ["links.share_link.create"]


class TestShareLinkRetarget:
    def test_it_points_a_link_at_another_page(self, link: ShareLink, pr_admin: Membership) -> None:
        moved = share_link_retarget(member=pr_admin, link=link, destination="  https://contoh.example/baru?a=1  ")

        link.refresh_from_db()
        assert moved.destination == link.destination == "https://contoh.example/baru?a=1"
        assert (link.changed_by, link.utm_campaign, link.utm_content) == (
            pr_admin.user,
            moved.utm_campaign,
            moved.utm_content,
        )
        event = AuditEvent.objects.get(action="links.share_link.retarget")
        assert event.target_id == str(link.pk)
        assert event.changes == {"destination": ["https://contoh.example/aduan", "https://contoh.example/baru?a=1"]}

    def test_it_writes_nothing_for_the_same_destination(self, link: ShareLink, pr_admin: Membership) -> None:
        share_link_retarget(member=pr_admin, link=link, destination=link.destination)

        assert actions(link) == ["links.share_link.create"]

    @pytest.mark.parametrize(
        "destination",
        [
            "javascript:alert(1)",
            "data:text/html,hi",
            "ftp://files.example/a",
            "/relative/page",
            "//evil.example/",
            "contoh.example/page",
            "https://user:secret@contoh.example/",
            "",
        ],
    )
    def test_it_refuses_anything_but_a_full_web_address(
        self, link: ShareLink, pr_admin: Membership, destination: str
    ) -> None:
        error = refused(lambda: share_link_retarget(member=pr_admin, link=link, destination=destination))

        assert (error.code, error.field) == ("destination", "destination")
        link.refresh_from_db()
        assert link.destination == "https://contoh.example/aduan"

    def test_it_is_for_the_pr_team_of_the_organization_only(
        self, link: ShareLink, not_admins: list[Membership]
    ) -> None:
        for member in not_admins:
            error = refused(partial(share_link_retarget, member=member, link=link, destination="https://x.example/"))
            assert error.code == "forbidden"

        link.refresh_from_db()
        assert link.destination == "https://contoh.example/aduan"


class TestShareLinksRetargetItem:
    def test_it_moves_every_link_of_the_item(
        self,
        share_link: MakeLink,
        pr_admin: Membership,
        live_item: ContentItem,
        make_item: Maker,
        bring_live: Maker,
    ) -> None:
        links = [share_link("whatsapp"), share_link("x")]
        other_item = bring_live(make_item(title="Lain"))
        other = share_link("whatsapp", item=other_item)

        changed = share_links_retarget_item(member=pr_admin, item=live_item, destination="https://contoh.example/p")

        assert changed == 2
        for found in links:
            found.refresh_from_db()
            assert (found.destination, found.changed_by) == ("https://contoh.example/p", pr_admin.user)
            assert found.updated_at > found.created_at
        other.refresh_from_db()
        assert other.destination == "https://contoh.example/aduan"
        event = AuditEvent.objects.get(action="links.share_link.retarget_item")
        assert (event.target_type, event.target_id) == ("campaigns.contentitem", str(live_item.pk))
        assert event.changes == {"destination": "https://contoh.example/p", "links": 2}

    def test_it_moves_the_items_own_page_for_the_links_made_later(
        self, share_link: MakeLink, pr_admin: Membership, live_item: ContentItem
    ) -> None:
        share_link("whatsapp")

        share_links_retarget_item(member=pr_admin, item=live_item, destination="https://contoh.example/p")

        live_item.refresh_from_db()
        assert live_item.target_url == "https://contoh.example/p"
        assert AuditEvent.objects.get(action="content.target_move").changes == {
            "target_url": ["https://contoh.example/aduan", "https://contoh.example/p"]
        }
        later = share_link("x")
        assert later.destination == "https://contoh.example/p"

    def test_it_does_not_count_links_already_there(
        self, share_link: MakeLink, pr_admin: Membership, live_item: ContentItem
    ) -> None:
        share_link("whatsapp")
        share_link("x")
        share_links_retarget_item(member=pr_admin, item=live_item, destination="https://contoh.example/p")

        assert share_links_retarget_item(member=pr_admin, item=live_item, destination="https://contoh.example/p") == 0

    @pytest.mark.parametrize("destination", ["javascript:alert(1)", "ftp://files.example/a", "/relative", " "])
    def test_it_refuses_anything_but_a_full_web_address(
        self, link: ShareLink, pr_admin: Membership, live_item: ContentItem, destination: str
    ) -> None:
        error = refused(lambda: share_links_retarget_item(member=pr_admin, item=live_item, destination=destination))

        assert error.code == "destination"
        link.refresh_from_db()
        live_item.refresh_from_db()
        assert link.destination == live_item.target_url == "https://contoh.example/aduan"
        moves = ["links.share_link.retarget_item", "content.target_move"]
        assert not AuditEvent.objects.filter(action__in=moves).exists()

    def test_it_is_for_the_pr_team_of_the_organization_only(
        self, link: ShareLink, not_admins: list[Membership], live_item: ContentItem
    ) -> None:
        for member in not_admins:
            error = refused(
                partial(share_links_retarget_item, member=member, item=live_item, destination="https://x.example/")
            )
            assert error.code == "forbidden"

        link.refresh_from_db()
        assert link.destination == "https://contoh.example/aduan"


class TestVisitorSaltsEnsure:
    def test_it_makes_a_salt_once_per_day_and_gives_it_again(self, db: None) -> None:
        today = date(2026, 6, 2)
        tomorrow = today + timedelta(days=1)

        first = visitor_salts_ensure(days=[today, tomorrow])
        again = visitor_salts_ensure(days=[tomorrow, today])

        assert first == again
        assert set(first) == {today, tomorrow}
        assert first[today] != first[tomorrow]
        for salt in first.values():
            assert len(bytes.fromhex(salt)) == 32
        assert VisitorSalt.objects.count() == 2

    def test_it_keeps_a_salt_made_elsewhere(self, db: None) -> None:
        VisitorSalt.objects.create(day=date(2026, 6, 2), salt="ab" * 32)

        assert visitor_salts_ensure(days=[date(2026, 6, 2)]) == {date(2026, 6, 2): "ab" * 32}

    def test_it_makes_nothing_for_no_days(self, db: None) -> None:
        assert visitor_salts_ensure(days=[]) == {}
        assert not VisitorSalt.objects.exists()


def click_at(link: ShareLink, moment: datetime, number: int = 1) -> Click:
    """A stored click of ``link`` at ``moment`` (its id carries the time, as the journal's ids do)."""
    agent, _created = UserAgent.objects.get_or_create(id=1, defaults={"text": "Mozilla/5.0", "kind": "human"})
    return Click.objects.create(
        id=UUID(hex=f"{ms(moment):012x}{number:020x}"),
        link=link,
        visitor="1111111111111111",
        agent=agent,
        verdict="counted",
    )


class TestClicksPurge:
    def test_it_deletes_old_clicks_and_salts_and_keeps_the_counts(
        self, link: ShareLink, settings: Any, sharer: Membership
    ) -> None:
        settings.LINKS_CLICK_RETENTION_DAYS = 30
        now = datetime.now(UTC)
        old = [click_at(link, now - timedelta(days=31), 1), click_at(link, now - timedelta(days=400), 2)]
        kept = [click_at(link, now - timedelta(days=29), 3), click_at(link, now - timedelta(minutes=1), 4)]
        today = timezone.localdate()
        for days_ago in (3, 2, 1, 0):
            VisitorSalt.objects.create(day=today - timedelta(days=days_ago), salt=f"{days_ago:064x}")
        ClickRollup.objects.create(
            organization=sharer.organization, dimension="link", key=link.pk, day=today - timedelta(days=60),
            platform="whatsapp", clicks=7,
        )  # fmt: skip

        assert clicks_purge() == (2, 2)

        assert set(Click.objects.values_list("id", flat=True)) == {click.id for click in kept}
        assert not Click.objects.filter(id__in=[click.id for click in old]).exists()
        assert sorted(VisitorSalt.objects.values_list("day", flat=True)) == [today - timedelta(days=1), today]
        assert ClickRollup.objects.get().clicks == 7
        event = AuditEvent.objects.get(action="links.clicks.purge")
        assert (event.actor_id, event.changes) == (None, {"clicks": 2, "salts": 2})

    def test_it_writes_nothing_when_nothing_is_old(self, link: ShareLink) -> None:
        click_at(link, datetime.now(UTC))

        assert clicks_purge() == (0, 0)
        assert Click.objects.count() == 1
        assert not AuditEvent.objects.filter(action="links.clicks.purge").exists()

    def test_it_takes_the_day_it_is_given(self, db: None) -> None:
        for day in (date(2026, 1, 1), date(2026, 1, 9), date(2026, 1, 10)):
            VisitorSalt.objects.create(day=day, salt="00" * 32)

        assert clicks_purge(today=date(2026, 1, 10)) == (0, 1)
        assert sorted(VisitorSalt.objects.values_list("day", flat=True)) == [date(2026, 1, 9), date(2026, 1, 10)]
