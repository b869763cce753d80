"""Every write of the campaigns app through its services: briefs, settings and guardrails, the item workflow with
its approvals, the freeze, "I posted it", the crisis lane, the announcement and the weekly digest."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import datetime, time, timedelta
from typing import Any
from uuid import uuid4

import pytest
from django.http import Http404
from django.utils import timezone, translation

from duta.campaigns import rules, selectors, services
from duta.campaigns.models import (
    Campaign,
    CampaignSettings,
    ContentItem,
    CrisisBroadcast,
    Freeze,
    ItemEvent,
    ItemStatus,
    PostReport,
)
from duta.core.exceptions import ApplicationError
from duta.core.models import AuditEvent
from duta.notifications.models import Notification
from duta.organizations.models import Membership, Organization, Role, Unit
from duta.programs.models import CohortSelection, Program
from tests.campaigns.conftest import DEFAULT_VARIANTS
from tests.campaigns.factories import DISCLOSURE_TAG
from tests.factories import ProgramFactory, UnitFactory

pytestmark = pytest.mark.django_db

Maker = Callable[..., Any]


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    with translation.override("en"):
        yield


def refused(call: Callable[[], Any]) -> ApplicationError:
    """The ApplicationError that ``call`` raises (fails the test when it raises none)."""
    with pytest.raises(ApplicationError) as caught:
        call()
    return caught.value


def audit_actions(target: Any) -> list[str]:
    return list(
        AuditEvent.objects.filter(target_type=target._meta.label_lower, target_id=str(target.pk))
        .order_by("id")
        .values_list("action", flat=True)
    )


def transitions(item: ContentItem) -> list[tuple[str, str]]:
    return list(
        item.events.filter(kind=ItemEvent.Kind.TRANSITION).order_by("id").values_list("from_status", "to_status")
    )


def today() -> Any:
    return timezone.localdate()


# --- campaigns and their brief ------------------------------------------------------------------


class TestCampaignCreate:
    def test_it_stores_the_brief_and_its_audience_with_an_audit_row(
        self, pr_admin: Membership, brief: Maker, unit_humas: Unit, program: Program
    ) -> None:
        cohort = CohortSelection.objects.create(program=program, size=1, decisions=[])
        campaign = services.campaign_create(
            member=pr_admin,
            data=brief(
                name="  Kanal Aduan  ",
                ends_on=today() + timedelta(days=30),
                units=[unit_humas],
                programs=[program],
                cohorts=[cohort],
                platforms=["instagram", "whatsapp", "instagram"],
                facts="Buka 24 jam | Siaran pers\n\n  Dijawab 10 menit |  Laporan Juni ",
                hashtags="LayananPrima, #Aduan24Jam #layananprima",
                questions_answers="T: Kapan buka?\nJ: Setiap saat.",
            ),
        )

        campaign.refresh_from_db()
        assert campaign.name == "Kanal Aduan"
        assert campaign.organization == pr_admin.organization
        assert campaign.created_by == pr_admin.user
        assert campaign.facts == [
            {"fact": "Buka 24 jam", "source": "Siaran pers"},
            {"fact": "Dijawab 10 menit", "source": "Laporan Juni"},
        ]
        assert campaign.hashtags == "#LayananPrima #Aduan24Jam"
        assert campaign.target_platforms == ["instagram", "whatsapp"]
        assert campaign.questions_answers == [{"q": "Kapan buka?", "a": "Setiap saat."}]
        assert list(campaign.target_units.all()) == [unit_humas]
        assert list(campaign.target_programs.all()) == [program]
        assert list(campaign.target_cohorts.all()) == [cohort]
        event = AuditEvent.objects.get(action="campaign.create")
        assert (event.target_id, event.actor_id, event.organization_id) == (
            str(campaign.pk),
            pr_admin.user.pk,
            pr_admin.organization.pk,
        )
        assert event.changes["units"] == [unit_humas.pk]
        assert event.changes["platforms"] == ["instagram", "whatsapp"]

    def test_a_fact_without_a_source_is_refused_with_the_line_numbers(self, pr_admin: Membership, brief: Maker) -> None:
        error = refused(
            lambda: services.campaign_create(
                member=pr_admin,
                data=brief(facts="Buka 24 jam | Siaran pers\nTanpa sumber\n\nSumber kosong |\n| hanya sumber"),
            )
        )

        assert error.field == "facts"
        assert "Line 2 has no source" in error.message
        assert "Line 4 has no source" in error.message
        assert "Line 5 has a source but no fact" in error.message
        assert "Line 1" not in error.message
        assert not Campaign.objects.exists()
        assert not AuditEvent.objects.filter(action="campaign.create").exists()

    @pytest.mark.parametrize("hashtags", ["#Layanan-Prima", "#123", "#ok #tidak.ok", "#" + "a" * 101])
    def test_hashtags_are_validated(self, pr_admin: Membership, brief: Maker, hashtags: str) -> None:
        error = refused(lambda: services.campaign_create(member=pr_admin, data=brief(hashtags=hashtags)))

        assert error.field == "hashtags"
        assert not Campaign.objects.exists()

    def test_the_campaign_cannot_end_before_it_starts(self, pr_admin: Membership, brief: Maker) -> None:
        error = refused(
            lambda: services.campaign_create(
                member=pr_admin, data=brief(starts_on=today(), ends_on=today() - timedelta(days=1))
            )
        )

        assert error.field == "ends_on"
        assert not Campaign.objects.exists()

    def test_a_campaign_may_end_the_day_it_starts(self, pr_admin: Membership, brief: Maker) -> None:
        campaign = services.campaign_create(member=pr_admin, data=brief(starts_on=today(), ends_on=today()))

        assert campaign.ends_on == campaign.starts_on

    def test_an_unknown_platform_is_refused(self, pr_admin: Membership, brief: Maker) -> None:
        error = refused(lambda: services.campaign_create(member=pr_admin, data=brief(platforms=["myspace"])))

        assert error.field == "platforms"

    def test_targets_of_another_organization_are_refused(
        self, pr_admin: Membership, outsider_admin: Membership, brief: Maker
    ) -> None:
        foreign_unit = UnitFactory(organization=outsider_admin.organization)
        foreign_program = ProgramFactory(organization=outsider_admin.organization)
        foreign_cohort = CohortSelection.objects.create(program=foreign_program, size=1, decisions=[])

        for data in (brief(units=[foreign_unit]), brief(programs=[foreign_program]), brief(cohorts=[foreign_cohort])):
            error = refused(lambda data=data: services.campaign_create(member=pr_admin, data=data))
            assert error.code == "forbidden"
        assert not Campaign.objects.exists()

    def test_a_crisis_needs_a_holding_statement(self, pr_admin: Membership, brief: Maker) -> None:
        error = refused(
            lambda: services.campaign_create(member=pr_admin, data=brief(kind="crisis", holding_statement="   "))
        )

        assert error.field == "holding_statement"
        assert not Campaign.objects.exists()

    def test_a_crisis_opens_with_its_own_audit_action(self, crisis: Campaign) -> None:
        assert crisis.is_crisis
        assert crisis.questions_answers == [{"q": "Apakah data bocor?", "a": "Pemeriksaan masih berjalan."}]
        assert audit_actions(crisis) == ["crisis.open"]

    def test_an_unknown_kind_is_refused(self, pr_admin: Membership, brief: Maker) -> None:
        assert refused(lambda: services.campaign_create(member=pr_admin, data=brief(kind="buzzer"))).field == "kind"

    @pytest.mark.parametrize("persona", ["coordinator", "viewer", "ambassador"])
    def test_only_admins_create_campaigns(self, request: pytest.FixtureRequest, persona: str, brief: Maker) -> None:
        member = request.getfixturevalue(persona)

        assert refused(lambda: services.campaign_create(member=member, data=brief())).code == "forbidden"

    def test_an_inactive_admin_is_refused(self, pr_admin: Membership, brief: Maker) -> None:
        pr_admin.is_active = False
        pr_admin.save()

        assert refused(lambda: services.campaign_create(member=pr_admin, data=brief())).code == "forbidden"

    def test_blocked_words_in_the_brief_are_refused(
        self, pr_admin: Membership, brief: Maker, update_settings: Maker
    ) -> None:
        update_settings(blocklist="hoaks\nabal-abal")

        error = refused(
            lambda: services.campaign_create(member=pr_admin, data=brief(key_messages="Ini bukan layanan abal-abal"))
        )

        assert error.code == "blocked"
        assert "abal-abal" in error.message
        assert not Campaign.objects.exists()


class TestCampaignUpdate:
    def test_it_changes_the_brief_and_audits_what_changed(
        self, pr_admin: Membership, campaign: Campaign, brief: Maker, unit_ditjen: Unit
    ) -> None:
        ends_on = today() + timedelta(days=10)

        services.campaign_update(
            member=pr_admin, campaign=campaign, data=brief(name="Baru", ends_on=ends_on, units=[unit_ditjen])
        )

        campaign.refresh_from_db()
        assert (campaign.name, campaign.ends_on) == ("Baru", ends_on)
        assert list(campaign.target_units.all()) == [unit_ditjen]
        event = AuditEvent.objects.get(action="campaign.update", target_id=str(campaign.pk))
        assert event.changes == {"ends_on": [None, ends_on.isoformat()], "units": [[], [unit_ditjen.pk]]}

    def test_the_same_checks_apply(self, pr_admin: Membership, campaign: Campaign, brief: Maker) -> None:
        facts = refused(lambda: services.campaign_update(member=pr_admin, campaign=campaign, data=brief(facts="x")))
        dates = refused(
            lambda: services.campaign_update(
                member=pr_admin, campaign=campaign, data=brief(ends_on=campaign.starts_on - timedelta(days=1))
            )
        )

        assert (facts.field, dates.field) == ("facts", "ends_on")
        campaign.refresh_from_db()
        assert campaign.facts == [{"fact": "Kanal aduan buka 24 jam", "source": "Siaran pers 3 Juni 2026"}]

    def test_a_crisis_keeps_its_holding_statement(self, pr_admin: Membership, crisis: Campaign, brief: Maker) -> None:
        error = refused(lambda: services.campaign_update(member=pr_admin, campaign=crisis, data=brief(kind="crisis")))

        assert error.field == "holding_statement"

    def test_targets_of_another_organization_are_refused(
        self, pr_admin: Membership, campaign: Campaign, outsider_admin: Membership, brief: Maker
    ) -> None:
        foreign_unit = UnitFactory(organization=outsider_admin.organization)

        error = refused(
            lambda: services.campaign_update(member=pr_admin, campaign=campaign, data=brief(units=[foreign_unit]))
        )

        assert error.code == "forbidden"
        assert not campaign.target_units.exists()

    def test_an_admin_of_another_organization_is_refused(
        self, outsider_admin: Membership, campaign: Campaign, brief: Maker
    ) -> None:
        error = refused(lambda: services.campaign_update(member=outsider_admin, campaign=campaign, data=brief()))

        assert error.code == "forbidden"

    def test_a_closed_campaign_does_not_change(self, pr_admin: Membership, campaign: Campaign, brief: Maker) -> None:
        services.campaign_close(member=pr_admin, campaign=campaign)

        refused(lambda: services.campaign_update(member=pr_admin, campaign=campaign, data=brief(name="Lagi")))


class TestCampaignClose:
    def test_it_archives_every_item_with_its_history(
        self, pr_admin: Membership, campaign: Campaign, live_item: ContentItem, make_item: Maker
    ) -> None:
        draft = make_item(title="Draf")

        services.campaign_close(member=pr_admin, campaign=campaign)

        campaign.refresh_from_db()
        assert campaign.is_closed
        for item in (live_item, draft):
            item.refresh_from_db()
            assert item.status == ItemStatus.ARCHIVED
            assert item.archived_at is not None
            assert transitions(item)[-1][1] == ItemStatus.ARCHIVED
        assert AuditEvent.objects.get(action="campaign.close").changes == {"items_archived": 2}
        refused(lambda: services.campaign_close(member=pr_admin, campaign=campaign))
        refused(lambda: services.item_create(member=pr_admin, campaign=campaign, title="x", variants=[]))

    def test_closing_a_crisis_is_audited_as_such(self, pr_admin: Membership, crisis: Campaign) -> None:
        services.campaign_close(member=pr_admin, campaign=crisis)

        assert audit_actions(crisis) == ["crisis.open", "crisis.close"]


# --- settings and guardrails --------------------------------------------------------------------


class TestCampaignSettingsUpdate:
    def test_it_creates_the_row_on_first_use_and_audits_the_changes(
        self, pr_admin: Membership, second_admin: Membership, viewer: Membership
    ) -> None:
        assert not CampaignSettings.objects.exists()

        found = services.campaign_settings_update(
            member=pr_admin,
            data=services.SettingsData(
                approvals_required=2,
                approvers=[second_admin, viewer],
                blocklist="hoaks\n\n  hoaks \nabal-abal",
                sharing_starts_at=time(7),
                sharing_ends_at=time(21),
            ),
        )

        assert found.pk is not None
        assert found.blocklist == "hoaks\nabal-abal"
        assert set(found.approvers.all()) == {second_admin, viewer}
        event = AuditEvent.objects.get(action="campaign_settings.update")
        assert event.changes["approvals_required"] == [1, 2]
        assert event.changes["approvers"] == [[], sorted([second_admin.pk, viewer.pk])]
        assert event.changes["sharing_starts_at"] == [None, "07:00:00"]
        assert "four_eyes" not in event.changes

        again = services.campaign_settings_update(
            member=pr_admin, data=services.SettingsData(approvals_required=2, approvers=[second_admin])
        )
        assert again.pk == found.pk
        assert CampaignSettings.objects.count() == 1

    @pytest.mark.parametrize(
        ("changes", "field"),
        [
            ({"election_starts_on": 10, "election_ends_on": 9, "election_candidates": "Budi"}, "election_ends_on"),
            ({"election_ends_on": 9, "election_candidates": "Budi"}, "election_starts_on"),
            ({"election_starts_on": 1, "election_ends_on": 9}, "election_candidates"),
            ({"election_starts_on": 1, "election_numbers": "dua"}, "election_numbers"),
            ({"sharing_starts_at": time(7)}, "sharing_ends_at"),
            ({"sharing_ends_at": time(21)}, "sharing_ends_at"),
            ({"approvals_required": 0}, "approvals_required"),
            ({"approvals_required": 6}, "approvals_required"),
        ],
    )
    def test_it_refuses_inconsistent_settings(self, pr_admin: Membership, changes: dict[str, Any], field: str) -> None:
        values = {
            name: today() + timedelta(days=value) if name.startswith("election_") and name.endswith("_on") else value
            for name, value in changes.items()
        }

        error = refused(
            lambda: services.campaign_settings_update(member=pr_admin, data=services.SettingsData(**values))
        )

        assert error.field == field
        assert not CampaignSettings.objects.exists()

    @pytest.mark.parametrize("listed", ["candidates", "parties", "numbers", "hashtags"])
    def test_election_mode_takes_any_one_list(self, pr_admin: Membership, listed: str) -> None:
        value = {"candidates": "Budi Santoso", "parties": "Partai Maju", "numbers": "2", "hashtags": "#BudiMenang"}
        found = services.campaign_settings_update(
            member=pr_admin,
            data=services.SettingsData(election_starts_on=today(), **{f"election_{listed}": value[listed]}),
        )

        assert selectors.election_rules(found) is not None

    def test_a_bad_campaign_hashtag_is_reported_on_its_field(self, pr_admin: Membership) -> None:
        error = refused(
            lambda: services.campaign_settings_update(
                member=pr_admin,
                data=services.SettingsData(election_starts_on=today(), election_hashtags="#Budi-Menang"),
            )
        )

        assert error.field == "election_hashtags"

    def test_approvers_are_members_of_the_organization(self, pr_admin: Membership, outsider_admin: Membership) -> None:
        error = refused(
            lambda: services.campaign_settings_update(
                member=pr_admin, data=services.SettingsData(approvers=[outsider_admin])
            )
        )

        assert error.field == "approvers"

    def test_ambassadors_do_not_approve(self, pr_admin: Membership, ambassador: Membership) -> None:
        error = refused(
            lambda: services.campaign_settings_update(
                member=pr_admin, data=services.SettingsData(approvers=[ambassador])
            )
        )

        assert error.field == "approvers"

    def test_coordinators_and_viewers_may_be_listed(
        self, pr_admin: Membership, coordinator: Membership, viewer: Membership
    ) -> None:
        found = services.campaign_settings_update(
            member=pr_admin, data=services.SettingsData(approvers=[coordinator, viewer])
        )

        assert set(found.approvers.all()) == {coordinator, viewer}

    @pytest.mark.parametrize("persona", ["coordinator", "viewer", "ambassador"])
    def test_only_admins_change_settings(self, request: pytest.FixtureRequest, persona: str) -> None:
        member = request.getfixturevalue(persona)

        assert refused(lambda: services.campaign_settings_update(member=member, data=services.SettingsData())).code == (
            "forbidden"
        )


ELECTION = {"election_candidates": "Budi Santoso", "election_parties": "Partai Maju", "election_numbers": "2"}


class TestGuardrails:
    def test_a_draft_naming_a_candidate_is_refused_in_election_mode(
        self, update_settings: Maker, make_item: Maker
    ) -> None:
        ends = today() + timedelta(days=20)
        update_settings(election_starts_on=today() - timedelta(days=1), election_ends_on=ends, **ELECTION)

        error = refused(
            lambda: make_item(variants=[("whatsapp", f"Ayo dukung Budi Santoso di pemilu! {DISCLOSURE_TAG}")])
        )

        assert error.code == "election"
        assert "Budi Santoso" in error.message
        assert "SKB 2/2022" in error.message
        assert ends.strftime("%d-%m-%Y") in error.message
        assert not ContentItem.objects.exists()

    @pytest.mark.parametrize("text", ["Jangan lupa coblos nomor urut 2 ya", "Partai Maju untuk semua"])
    def test_parties_and_ballot_numbers_are_refused_too(
        self, update_settings: Maker, make_item: Maker, text: str
    ) -> None:
        update_settings(election_starts_on=today(), election_ends_on=today(), **ELECTION)

        assert refused(lambda: make_item(variants=[("whatsapp", f"{text} {DISCLOSURE_TAG}")])).code == "election"

    @pytest.mark.parametrize(("starts", "ends"), [(1, 30), (-30, -1)])
    def test_outside_the_dates_the_same_draft_is_accepted(
        self, update_settings: Maker, make_item: Maker, starts: int, ends: int
    ) -> None:
        update_settings(
            election_starts_on=today() + timedelta(days=starts),
            election_ends_on=today() + timedelta(days=ends),
            **ELECTION,
        )

        item = make_item(variants=[("whatsapp", f"Ayo dukung Budi Santoso di pemilu! {DISCLOSURE_TAG}")])

        assert item.status == ItemStatus.DRAFT

    def test_election_mode_without_an_end_lasts(self, update_settings: Maker, make_item: Maker) -> None:
        update_settings(election_starts_on=today() - timedelta(days=100), **ELECTION)

        assert refused(lambda: make_item(variants=[("whatsapp", f"Salam Budi Santoso {DISCLOSURE_TAG}")])).code == (
            "election"
        )

    def test_a_draft_written_before_election_mode_is_stopped_at_submission(
        self, update_settings: Maker, make_item: Maker, pr_admin: Membership
    ) -> None:
        item = make_item(variants=[("whatsapp", f"Terima kasih Budi Santoso atas kunjungannya {DISCLOSURE_TAG}")])
        update_settings(election_starts_on=today(), **ELECTION)

        assert refused(lambda: services.item_submit(member=pr_admin, item=item)).code == "election"
        item.refresh_from_db()
        assert item.status == ItemStatus.DRAFT

    def test_an_item_approved_before_election_mode_does_not_go_live_during_it(
        self, update_settings: Maker, make_item: Maker, pr_admin: Membership, second_admin: Membership
    ) -> None:
        item = make_item(variants=[("whatsapp", f"Terima kasih Budi Santoso atas kunjungannya {DISCLOSURE_TAG}")])
        item = services.item_approve(member=second_admin, item=services.item_submit(member=pr_admin, item=item))
        update_settings(election_starts_on=today(), **ELECTION)

        assert refused(lambda: services.item_publish(member=pr_admin, item=item)).code == "election"

    def test_the_brief_is_checked_for_election_words(
        self, update_settings: Maker, pr_admin: Membership, brief: Maker
    ) -> None:
        update_settings(election_starts_on=today(), **ELECTION)

        error = refused(lambda: services.campaign_create(member=pr_admin, data=brief(say="Sebut Partai Maju")))

        assert error.code == "election"
        assert "Partai Maju" in error.message

    def test_blocked_words_are_refused_with_the_words(self, update_settings: Maker, make_item: Maker) -> None:
        update_settings(blocklist="hoaks\nabal-abal")

        error = refused(lambda: make_item(variants=[("whatsapp", f"Itu HOAKS, layanan kami nyata {DISCLOSURE_TAG}")]))

        assert error.code == "blocked"
        assert "hoaks" in error.message
        assert not ContentItem.objects.exists()

    def test_a_blocked_title_is_refused(self, update_settings: Maker, make_item: Maker) -> None:
        update_settings(blocklist="abal-abal")

        assert refused(lambda: make_item(title="Bukan layanan abal-abal")).code == "blocked"


# --- the item workflow --------------------------------------------------------------------------


class TestItemCreate:
    def test_it_stores_the_draft_with_its_captions_history_and_audit_row(
        self, pr_admin: Membership, campaign: Campaign
    ) -> None:
        item = services.item_create(
            member=pr_admin,
            campaign=campaign,
            title="  Kanal aduan  ",
            variants=[
                services.VariantData(platform="whatsapp", text=f"  Saya coba sendiri. {DISCLOSURE_TAG} "),
                services.VariantData(platform="x", text="   "),  # an empty caption is left out
                services.VariantData(platform="instagram", text=f"I tried it. {DISCLOSURE_TAG}", language="en"),
            ],
        )

        assert (item.title, item.status, item.author, item.organization) == (
            "Kanal aduan",
            ItemStatus.DRAFT,
            pr_admin.user,
            campaign.organization,
        )
        assert sorted(item.variants.values_list("platform", "language", "text")) == [
            ("instagram", "en", f"I tried it. {DISCLOSURE_TAG}"),
            ("whatsapp", "id", f"Saya coba sendiri. {DISCLOSURE_TAG}"),
        ]
        assert transitions(item) == [("", ItemStatus.DRAFT)]
        assert audit_actions(item) == ["content.create"]
        assert AuditEvent.objects.get(action="content.create").changes == {"campaign": campaign.pk, "variants": 2}

    def test_captions_for_platforms_the_campaign_does_not_target_are_refused(
        self, pr_admin: Membership, brief: Maker, make_item: Maker
    ) -> None:
        instagram_only = services.campaign_create(member=pr_admin, data=brief(platforms=["instagram", "whatsapp"]))

        error = refused(lambda: make_item(campaign=instagram_only))  # the default captions include one for X

        assert error.field == "variants"
        assert "X (Twitter)" in error.message
        assert not ContentItem.objects.exists()
        assert make_item(campaign=instagram_only, variants=DEFAULT_VARIANTS[:3]).variants.count() == 3

    @pytest.mark.parametrize(
        "variant",
        [
            services.VariantData(platform="myspace", text="Halo"),
            services.VariantData(platform="x", text="Halo", language="jv"),
        ],
    )
    def test_unknown_platforms_and_languages_are_refused(
        self, pr_admin: Membership, campaign: Campaign, variant: services.VariantData
    ) -> None:
        error = refused(lambda: services.item_create(member=pr_admin, campaign=campaign, title="x", variants=[variant]))

        assert error.field == "variants"

    def test_at_most_thirty_captions(self, pr_admin: Membership, campaign: Campaign) -> None:
        variants = [services.VariantData(platform="whatsapp", text=f"Teks {n}") for n in range(31)]

        error = refused(lambda: services.item_create(member=pr_admin, campaign=campaign, title="x", variants=variants))

        assert error.field == "variants"

    @pytest.mark.parametrize("persona", ["coordinator", "viewer", "ambassador", "outsider_admin"])
    def test_only_admins_of_the_organization_write_content(
        self, request: pytest.FixtureRequest, persona: str, make_item: Maker
    ) -> None:
        member = request.getfixturevalue(persona)

        assert refused(lambda: make_item(member=member)).code == "forbidden"


class TestItemUpdate:
    def test_a_draft_changes_and_its_captions_are_replaced(self, pr_admin: Membership, make_item: Maker) -> None:
        item = make_item()

        services.item_update(
            member=pr_admin,
            item=item,
            title="Judul baru",
            variants=[services.VariantData(platform="x", text=f"Satu saja {DISCLOSURE_TAG}")],
        )

        item.refresh_from_db()
        assert item.title == "Judul baru"
        assert list(item.variants.values_list("platform", "text")) == [("x", f"Satu saja {DISCLOSURE_TAG}")]
        assert audit_actions(item) == ["content.create", "content.update"]

    def test_only_drafts_change(self, pr_admin: Membership, second_admin: Membership, make_item: Maker) -> None:
        item = services.item_submit(member=pr_admin, item=make_item())
        update = lambda: services.item_update(  # noqa: E731
            member=pr_admin, item=item, title="Diam-diam", variants=[services.VariantData(platform="x", text="Baru")]
        )

        refused(update)
        item.refresh_from_db()
        assert item.title == "Kanal aduan 24 jam"
        assert item.variants.count() == len(DEFAULT_VARIANTS)

        services.item_return(member=second_admin, item=item, comment="Perbaiki ajakannya")
        services.item_update(
            member=pr_admin, item=item, title="Diperbaiki", variants=[services.VariantData(platform="x", text="Baru")]
        )
        item.refresh_from_db()
        assert item.title == "Diperbaiki"


class TestItemSubmit:
    def test_it_sends_the_draft_for_review(self, pr_admin: Membership, make_item: Maker) -> None:
        item = services.item_submit(member=pr_admin, item=make_item())

        assert item.status == ItemStatus.IN_REVIEW
        assert transitions(item) == [("", ItemStatus.DRAFT), (ItemStatus.DRAFT, ItemStatus.IN_REVIEW)]
        assert audit_actions(item) == ["content.create", "content.submit"]
        assert AuditEvent.objects.get(action="content.submit").changes == {"status": ["draft", "in_review"]}

    def test_it_needs_a_caption(self, pr_admin: Membership, make_item: Maker) -> None:
        item = make_item(variants=[("whatsapp", "   ")])

        assert "at least one caption" in refused(lambda: services.item_submit(member=pr_admin, item=item)).message

    def test_every_caption_carries_the_disclosure_tag(self, pr_admin: Membership, make_item: Maker) -> None:
        item = make_item(
            variants=[
                ("whatsapp", f"Dengan tag {DISCLOSURE_TAG}"),
                ("whatsapp", "Tanpa tag sama sekali"),
                ("x", "Tag ditulis lain: # duta contoh"),  # spaced and lower case still counts
            ]
        )

        error = refused(lambda: services.item_submit(member=pr_admin, item=item))

        assert "1 caption(s) lack the disclosure tag" in error.message
        assert DISCLOSURE_TAG in error.message
        item.refresh_from_db()
        assert item.status == ItemStatus.DRAFT

    def test_the_organization_default_tag_applies_when_the_campaign_has_none(
        self, pr_admin: Membership, brief: Maker, make_item: Maker, update_settings: Maker
    ) -> None:
        untagged = services.campaign_create(member=pr_admin, data=brief(disclosure_tag=""))
        update_settings(default_disclosure_tag="#DutaKementerian")
        item = make_item(campaign=untagged, variants=[("whatsapp", f"Hanya {DISCLOSURE_TAG}")])

        error = refused(lambda: services.item_submit(member=pr_admin, item=item))

        assert "#DutaKementerian" in error.message

    def test_only_drafts_are_submitted(self, pr_admin: Membership, make_item: Maker) -> None:
        item = services.item_submit(member=pr_admin, item=make_item())

        refused(lambda: services.item_submit(member=pr_admin, item=item))


class TestItemApprove:
    @pytest.fixture
    def in_review(self, pr_admin: Membership, make_item: Maker) -> ContentItem:
        return services.item_submit(member=pr_admin, item=make_item())

    def test_another_admin_approves(self, second_admin: Membership, in_review: ContentItem) -> None:
        item = services.item_approve(member=second_admin, item=in_review, comment="Bagus")

        assert item.status == ItemStatus.APPROVED
        approval = item.events.get(kind=ItemEvent.Kind.APPROVAL)
        assert (approval.actor, approval.text) == (second_admin.user, "Bagus")
        assert transitions(item)[-1] == (ItemStatus.IN_REVIEW, ItemStatus.APPROVED)
        assert audit_actions(item)[-1] == "content.approve"

    def test_four_eyes_the_author_does_not_approve(self, pr_admin: Membership, in_review: ContentItem) -> None:
        error = refused(lambda: services.item_approve(member=pr_admin, item=in_review))

        assert "Four-eyes" in error.message
        in_review.refresh_from_db()
        assert in_review.status == ItemStatus.IN_REVIEW
        assert not in_review.events.filter(kind=ItemEvent.Kind.APPROVAL).exists()

    def test_without_four_eyes_the_author_may_approve(
        self, pr_admin: Membership, in_review: ContentItem, update_settings: Maker
    ) -> None:
        update_settings(four_eyes=False)

        assert services.item_approve(member=pr_admin, item=in_review).status == ItemStatus.APPROVED

    def test_two_approvals_required_need_two_different_approvers(
        self, second_admin: Membership, third_admin: Membership, in_review: ContentItem, update_settings: Maker
    ) -> None:
        update_settings(approvals_required=2)

        item = services.item_approve(member=second_admin, item=in_review)
        assert item.status == ItemStatus.IN_REVIEW
        partial = AuditEvent.objects.get(action="content.approval", target_id=str(item.pk))
        assert partial.changes == {"approvals": [0, 1], "required": 2}

        error = refused(lambda: services.item_approve(member=second_admin, item=item))
        assert "approved this item already" in error.message
        assert item.events.filter(kind=ItemEvent.Kind.APPROVAL).count() == 1

        item = services.item_approve(member=third_admin, item=item)
        assert item.status == ItemStatus.APPROVED
        assert audit_actions(item)[-2:] == ["content.approval", "content.approve"]

    def test_approvals_given_before_a_return_do_not_count_again(
        self,
        pr_admin: Membership,
        second_admin: Membership,
        third_admin: Membership,
        in_review: ContentItem,
        update_settings: Maker,
    ) -> None:
        update_settings(approvals_required=2)
        services.item_approve(member=second_admin, item=in_review)
        services.item_return(member=third_admin, item=in_review, comment="Ganti foto")
        services.item_submit(member=pr_admin, item=in_review)

        item = services.item_approve(member=second_admin, item=in_review)

        assert item.status == ItemStatus.IN_REVIEW
        assert services.item_approve(member=third_admin, item=item).status == ItemStatus.APPROVED

    def test_a_crisis_item_needs_one_approval(
        self,
        pr_admin: Membership,
        second_admin: Membership,
        crisis: Campaign,
        make_item: Maker,
        update_settings: Maker,
    ) -> None:
        update_settings(approvals_required=3)
        item = services.item_submit(member=pr_admin, item=make_item(campaign=crisis))

        assert services.item_approve(member=second_admin, item=item).status == ItemStatus.APPROVED

    def test_when_approvers_are_listed_an_unlisted_admin_is_refused(
        self,
        second_admin: Membership,
        third_admin: Membership,
        viewer: Membership,
        in_review: ContentItem,
        update_settings: Maker,
    ) -> None:
        update_settings(approvers=[viewer, second_admin])

        assert refused(lambda: services.item_approve(member=third_admin, item=in_review)).code == "forbidden"
        assert services.item_approve(member=viewer, item=in_review).status == ItemStatus.APPROVED

    def test_without_a_list_only_admins_approve(
        self, coordinator: Membership, viewer: Membership, ambassador: Membership, in_review: ContentItem
    ) -> None:
        for member in (coordinator, viewer, ambassador):
            assert refused(lambda member=member: services.item_approve(member=member, item=in_review)).code == (
                "forbidden"
            )

    def test_an_admin_of_another_organization_is_refused(
        self, outsider_admin: Membership, in_review: ContentItem
    ) -> None:
        assert refused(lambda: services.item_approve(member=outsider_admin, item=in_review)).code == "forbidden"

    def test_a_deactivated_listed_approver_is_refused(
        self, second_admin: Membership, in_review: ContentItem, update_settings: Maker
    ) -> None:
        update_settings(approvers=[second_admin])
        Membership.objects.filter(pk=second_admin.pk).update(is_active=False)
        second_admin.refresh_from_db()

        assert refused(lambda: services.item_approve(member=second_admin, item=in_review)).code == "forbidden"

    def test_only_items_in_review_are_approved(
        self, second_admin: Membership, make_item: Maker, live_item: ContentItem
    ) -> None:
        for item in (make_item(), live_item):
            refused(lambda item=item: services.item_approve(member=second_admin, item=item))


class TestItemReturn:
    def test_it_goes_back_to_draft_with_the_comment(
        self, pr_admin: Membership, second_admin: Membership, make_item: Maker
    ) -> None:
        item = services.item_submit(member=pr_admin, item=make_item())

        services.item_return(member=second_admin, item=item, comment="  Ajakannya kurang jelas  ")

        item.refresh_from_db()
        assert item.status == ItemStatus.DRAFT
        last = item.events.order_by("-id").first()
        assert last is not None
        assert (last.from_status, last.to_status, last.text, last.actor) == (
            ItemStatus.IN_REVIEW,
            ItemStatus.DRAFT,
            "Ajakannya kurang jelas",
            second_admin.user,
        )
        assert audit_actions(item)[-1] == "content.return"

    def test_it_needs_a_comment(self, pr_admin: Membership, second_admin: Membership, make_item: Maker) -> None:
        item = services.item_submit(member=pr_admin, item=make_item())

        assert refused(lambda: services.item_return(member=second_admin, item=item, comment="  ")).field == "comment"

    def test_a_scheduled_item_loses_its_time(
        self, pr_admin: Membership, second_admin: Membership, make_item: Maker
    ) -> None:
        item = services.item_approve(member=second_admin, item=services.item_submit(member=pr_admin, item=make_item()))
        services.item_schedule(member=pr_admin, item=item, when=timezone.now() + timedelta(hours=2))

        services.item_return(member=second_admin, item=item, comment="Tunda dulu")

        item.refresh_from_db()
        assert (item.status, item.scheduled_for) == (ItemStatus.DRAFT, None)

    def test_drafts_and_live_items_do_not_go_back(
        self, second_admin: Membership, make_item: Maker, live_item: ContentItem
    ) -> None:
        for item in (make_item(), live_item):
            refused(lambda item=item: services.item_return(member=second_admin, item=item, comment="x"))


class TestItemScheduleAndPublish:
    @pytest.fixture
    def approved(self, pr_admin: Membership, second_admin: Membership, make_item: Maker) -> ContentItem:
        return services.item_approve(member=second_admin, item=services.item_submit(member=pr_admin, item=make_item()))

    def test_an_approved_item_is_scheduled_in_the_future(self, pr_admin: Membership, approved: ContentItem) -> None:
        when = timezone.now() + timedelta(hours=3)

        item = services.item_schedule(member=pr_admin, item=approved, when=when)

        item.refresh_from_db()
        assert (item.status, item.scheduled_for) == (ItemStatus.SCHEDULED, when)
        assert transitions(item)[-1] == (ItemStatus.APPROVED, ItemStatus.SCHEDULED)
        assert audit_actions(item)[-1] == "content.schedule"

    @pytest.mark.parametrize("delta", [timedelta(0), timedelta(minutes=-5)])
    def test_a_time_not_in_the_future_is_refused(
        self, pr_admin: Membership, approved: ContentItem, delta: timedelta
    ) -> None:
        error = refused(lambda: services.item_schedule(member=pr_admin, item=approved, when=timezone.now() + delta))

        assert error.field == "when"
        approved.refresh_from_db()
        assert approved.status == ItemStatus.APPROVED

    def test_only_approved_items_are_scheduled(self, pr_admin: Membership, make_item: Maker) -> None:
        refused(lambda: services.item_schedule(member=pr_admin, item=make_item(), when=timezone.now() + timedelta(1)))

    def test_publish_puts_the_item_live(self, pr_admin: Membership, approved: ContentItem) -> None:
        before = timezone.now()

        item = services.item_publish(member=pr_admin, item=approved)

        item.refresh_from_db()
        assert item.status == ItemStatus.LIVE
        assert item.live_at is not None
        assert item.live_at >= before
        assert transitions(item)[-1] == (ItemStatus.APPROVED, ItemStatus.LIVE)
        assert audit_actions(item)[-1] == "content.publish"

    def test_a_scheduled_item_may_be_published_at_once(self, pr_admin: Membership, approved: ContentItem) -> None:
        services.item_schedule(member=pr_admin, item=approved, when=timezone.now() + timedelta(days=1))

        item = services.item_publish(member=pr_admin, item=approved)

        assert (item.status, item.scheduled_for) == (ItemStatus.LIVE, None)

    def test_unapproved_items_do_not_go_live(
        self, pr_admin: Membership, make_item: Maker, live_item: ContentItem
    ) -> None:
        draft = make_item()
        for item in (draft, services.item_submit(member=pr_admin, item=make_item()), live_item):
            refused(lambda item=item: services.item_publish(member=pr_admin, item=item))

    def test_the_scheduler_publishes_what_is_due_and_nothing_else(
        self, pr_admin: Membership, second_admin: Membership, approved: ContentItem, make_item: Maker
    ) -> None:
        later = services.item_approve(member=second_admin, item=services.item_submit(member=pr_admin, item=make_item()))
        now = timezone.now()
        services.item_schedule(member=pr_admin, item=approved, when=now + timedelta(minutes=10))
        services.item_schedule(member=pr_admin, item=later, when=now + timedelta(hours=5))

        assert services.items_publish_due(now=now + timedelta(minutes=5)) == 0
        assert services.items_publish_due(now=now + timedelta(minutes=11)) == 1
        assert services.items_publish_due(now=now + timedelta(minutes=12)) == 0  # done once

        approved.refresh_from_db()
        later.refresh_from_db()
        assert (approved.status, approved.live_at, approved.scheduled_for) == (
            ItemStatus.LIVE,
            now + timedelta(minutes=11),
            None,
        )
        assert later.status == ItemStatus.SCHEDULED
        last = approved.events.order_by("-id").first()
        assert last is not None
        assert (last.actor, last.to_status) == (None, ItemStatus.LIVE)
        published = AuditEvent.objects.filter(action="content.publish", target_id=str(approved.pk)).get()
        assert published.actor_id is None

    def test_the_scheduler_skips_items_of_a_closed_campaign(self, pr_admin: Membership, approved: ContentItem) -> None:
        services.item_schedule(member=pr_admin, item=approved, when=timezone.now() + timedelta(minutes=10))
        Campaign.objects.filter(pk=approved.campaign_id).update(closed_at=timezone.now())

        assert services.items_publish_due(now=timezone.now() + timedelta(hours=1)) == 0


class TestItemArchive:
    def test_a_live_item_is_archived(self, pr_admin: Membership, live_item: ContentItem) -> None:
        item = services.item_archive(member=pr_admin, item=live_item)

        item.refresh_from_db()
        assert item.status == ItemStatus.ARCHIVED
        assert item.archived_at is not None
        assert transitions(item)[-1] == (ItemStatus.LIVE, ItemStatus.ARCHIVED)
        assert audit_actions(item)[-1] == "content.archive"
        refused(lambda: services.item_archive(member=pr_admin, item=item))

    def test_only_admins_archive(self, viewer: Membership, live_item: ContentItem) -> None:
        assert refused(lambda: services.item_archive(member=viewer, item=live_item)).code == "forbidden"


class TestItemHistory:
    def test_every_transition_leaves_an_item_event_and_an_audit_row(
        self, pr_admin: Membership, second_admin: Membership, make_item: Maker
    ) -> None:
        item = make_item()
        services.item_submit(member=pr_admin, item=item)
        services.item_return(member=second_admin, item=item, comment="Tambahkan tautan")
        services.item_submit(member=pr_admin, item=item)
        services.item_approve(member=second_admin, item=item)
        services.item_schedule(member=pr_admin, item=item, when=timezone.now() + timedelta(hours=1))
        services.item_publish(member=pr_admin, item=item)
        services.item_archive(member=pr_admin, item=item)

        assert transitions(item) == [
            ("", "draft"),
            ("draft", "in_review"),
            ("in_review", "draft"),
            ("draft", "in_review"),
            ("in_review", "approved"),
            ("approved", "scheduled"),
            ("scheduled", "live"),
            ("live", "archived"),
        ]
        assert audit_actions(item) == [
            "content.create",
            "content.submit",
            "content.return",
            "content.submit",
            "content.approve",
            "content.schedule",
            "content.publish",
            "content.archive",
        ]
        history = list(selectors.item_history(item=item))
        assert [event.kind for event in history].count(ItemEvent.Kind.APPROVAL) == 1

    def test_a_comment_is_kept_in_the_history(self, second_admin: Membership, make_item: Maker) -> None:
        item = make_item()

        event = services.item_comment(member=second_admin, item=item, text="  Coba kalimat pembuka lain  ")

        assert (event.kind, event.text, event.actor) == (
            ItemEvent.Kind.COMMENT,
            "Coba kalimat pembuka lain",
            second_admin.user,
        )
        assert audit_actions(item)[-1] == "content.comment"
        assert refused(lambda: services.item_comment(member=second_admin, item=item, text=" ")).field == "text"

    def test_ambassadors_and_outsiders_do_not_comment(
        self, ambassador: Membership, outsider_admin: Membership, make_item: Maker
    ) -> None:
        item = make_item()
        for member in (ambassador, outsider_admin):
            assert refused(lambda member=member: services.item_comment(member=member, item=item, text="x")).code == (
                "forbidden"
            )


# --- the freeze ---------------------------------------------------------------------------------


class TestFreeze:
    @pytest.fixture
    def items(
        self,
        pr_admin: Membership,
        second_admin: Membership,
        make_item: Maker,
        bring_live: Callable[[ContentItem], ContentItem],
        live_crisis_item: ContentItem,
    ) -> dict[str, ContentItem]:
        def approved() -> ContentItem:
            return services.item_approve(
                member=second_admin, item=services.item_submit(member=pr_admin, item=make_item())
            )

        scheduled = services.item_schedule(member=pr_admin, item=approved(), when=timezone.now() + timedelta(hours=2))
        return {
            "live": bring_live(make_item(title="Live")),
            "scheduled": scheduled,
            "approved": approved(),
            "draft": make_item(title="Draf"),
            "crisis": live_crisis_item,
        }

    def test_it_pauses_live_and_scheduled_normal_items_only(
        self, pr_admin: Membership, items: dict[str, ContentItem]
    ) -> None:
        freeze = services.organization_freeze(member=pr_admin, reason="  Duka nasional  ")

        statuses = {name: ContentItem.objects.get(pk=item.pk) for name, item in items.items()}
        assert {name: item.status for name, item in statuses.items()} == {
            "live": ItemStatus.PAUSED,
            "scheduled": ItemStatus.PAUSED,
            "approved": ItemStatus.APPROVED,
            "draft": ItemStatus.DRAFT,
            "crisis": ItemStatus.LIVE,
        }
        assert (statuses["live"].paused_from, statuses["scheduled"].paused_from) == (
            ItemStatus.LIVE,
            ItemStatus.SCHEDULED,
        )
        assert statuses["live"].freeze == freeze
        assert (freeze.reason, freeze.items_paused, freeze.started_by) == ("Duka nasional", 2, pr_admin.user)
        assert transitions(statuses["live"])[-1] == (ItemStatus.LIVE, ItemStatus.PAUSED)
        assert AuditEvent.objects.get(action="content.freeze").changes == {"items_paused": 2}
        assert selectors.freeze_active(organization=pr_admin.organization) == freeze

    def test_while_frozen_normal_content_does_not_go_out_but_crisis_content_does(
        self,
        pr_admin: Membership,
        second_admin: Membership,
        items: dict[str, ContentItem],
        crisis: Campaign,
        make_item: Maker,
    ) -> None:
        services.organization_freeze(member=pr_admin, reason="Duka nasional")
        crisis_item = services.item_approve(
            member=second_admin, item=services.item_submit(member=pr_admin, item=make_item(campaign=crisis))
        )

        error = refused(lambda: services.item_publish(member=pr_admin, item=items["approved"]))
        assert "frozen" in error.message
        refused(
            lambda: services.item_schedule(member=pr_admin, item=items["approved"], when=timezone.now() + timedelta(1))
        )
        refused(lambda: services.item_publish(member=pr_admin, item=items["scheduled"]))  # paused

        assert services.item_publish(member=pr_admin, item=crisis_item).status == ItemStatus.LIVE

    def test_resume_restores_each_item_to_its_previous_status(
        self, pr_admin: Membership, items: dict[str, ContentItem]
    ) -> None:
        before = {name: ContentItem.objects.get(pk=item.pk) for name, item in items.items()}
        services.organization_freeze(member=pr_admin, reason="Duka nasional")

        freeze = services.organization_resume(member=pr_admin)

        after = {name: ContentItem.objects.get(pk=item.pk) for name, item in items.items()}
        for name in items:
            assert after[name].status == before[name].status, name
            assert (after[name].live_at, after[name].scheduled_for) == (
                before[name].live_at,
                before[name].scheduled_for,
            )
            assert (after[name].paused_from, after[name].freeze) == ("", None)
        assert freeze.ended_at is not None
        assert freeze.ended_by == pr_admin.user
        assert transitions(after["scheduled"])[-2:] == [
            (ItemStatus.SCHEDULED, ItemStatus.PAUSED),
            (ItemStatus.PAUSED, ItemStatus.SCHEDULED),
        ]
        assert AuditEvent.objects.get(action="content.resume").changes == {"items_resumed": 2}
        assert selectors.freeze_active(organization=pr_admin.organization) is None
        assert services.item_publish(member=pr_admin, item=items["approved"]).status == ItemStatus.LIVE

    def test_an_item_archived_while_frozen_stays_archived(
        self, pr_admin: Membership, items: dict[str, ContentItem]
    ) -> None:
        services.organization_freeze(member=pr_admin, reason="Duka nasional")
        services.item_archive(member=pr_admin, item=items["live"])

        services.organization_resume(member=pr_admin)

        assert ContentItem.objects.get(pk=items["live"].pk).status == ItemStatus.ARCHIVED

    def test_one_open_freeze_at_a_time(self, pr_admin: Membership, second_admin: Membership) -> None:
        assert "not frozen" in refused(lambda: services.organization_resume(member=pr_admin)).message
        services.organization_freeze(member=pr_admin, reason="Duka nasional")

        assert (
            "frozen already"
            in refused(lambda: services.organization_freeze(member=second_admin, reason="Lagi")).message
        )
        assert Freeze.objects.filter(ended_at__isnull=True).count() == 1

        services.organization_resume(member=second_admin)
        services.organization_freeze(member=pr_admin, reason="Sekali lagi")
        assert Freeze.objects.count() == 2

    def test_a_freeze_of_one_organization_leaves_the_other_alone(
        self, pr_admin: Membership, outsider_admin: Membership, items: dict[str, ContentItem]
    ) -> None:
        services.organization_freeze(member=outsider_admin, reason="Urusan kami")

        assert ContentItem.objects.get(pk=items["live"].pk).status == ItemStatus.LIVE
        assert selectors.freeze_active(organization=pr_admin.organization) is None

    def test_a_freeze_needs_a_reason_and_an_admin(self, pr_admin: Membership, coordinator: Membership) -> None:
        assert refused(lambda: services.organization_freeze(member=pr_admin, reason=" ")).field == "reason"
        assert refused(lambda: services.organization_freeze(member=coordinator, reason="x")).code == "forbidden"


# --- "I posted it" ------------------------------------------------------------------------------


@pytest.fixture
def sharer(make_ambassador: Maker, unit_media: Unit, update_settings: Maker) -> Membership:
    """An ambassador with an X account, in an organization whose posting window is off (stagger 0)."""
    update_settings(stagger_minutes=0)
    return make_ambassador(unit=unit_media, platforms=["x"])


@pytest.fixture
def colleague(make_ambassador: Maker, unit_ditjen: Unit) -> Membership:
    return make_ambassador(unit=unit_ditjen, platforms=["x", "instagram"])


POST = "https://twitter.com/putri_duta/status/1790000000000000001?s=20"
SAME_POST = "https://x.com/putri_duta/status/1790000000000000001"


class TestPostReportCreate:
    def test_the_platform_comes_from_the_address(self, sharer: Membership, live_item: ContentItem) -> None:
        report = services.post_report_create(member=sharer, item=live_item, url=POST, text="Kata-kata saya sendiri")

        report.refresh_from_db()
        assert (report.platform, report.url, report.canonical_url) == (
            "x",
            POST,
            "https://x.com/i/status/1790000000000000001",
        )
        assert (report.organization, report.item, report.member) == (sharer.organization, live_item, sharer)
        assert report.variant is not None
        assert report.variant.platform == "x"
        assert report.text_fingerprint == rules.text_fingerprint("Kata-kata saya sendiri")
        event = AuditEvent.objects.get(action="post_report.create")
        assert (event.target_id, event.actor_id) == (str(report.pk), sharer.user.pk)
        assert event.changes == {"item": live_item.pk, "platform": "x", "copied_variant": False}
        assert "Kata-kata" not in str(event.changes)  # no free text in the audit log

    def test_a_platform_that_does_not_match_the_address_is_refused(
        self, sharer: Membership, live_item: ContentItem
    ) -> None:
        error = refused(
            lambda: services.post_report_create(member=sharer, item=live_item, url=POST, platform="instagram")
        )

        assert error.field == "url"
        assert "X (Twitter)" in error.message
        assert "Instagram" in error.message
        assert not PostReport.objects.exists()

    def test_the_same_post_is_refused_for_oneself(self, sharer: Membership, live_item: ContentItem) -> None:
        services.post_report_create(member=sharer, item=live_item, url=POST)

        error = refused(lambda: services.post_report_create(member=sharer, item=live_item, url=SAME_POST))

        assert (error.code, error.field) == ("duplicate", "url")
        assert error.message == "You have reported this post already."
        assert PostReport.objects.count() == 1

    def test_the_same_post_is_refused_for_a_colleague(
        self, sharer: Membership, colleague: Membership, live_item: ContentItem
    ) -> None:
        services.post_report_create(member=sharer, item=live_item, url=POST)

        error = refused(lambda: services.post_report_create(member=colleague, item=live_item, url=SAME_POST))

        assert error.code == "duplicate"
        assert error.message == "This post has been reported by a colleague already."

    def test_a_whatsapp_post_needs_no_address_but_counts_once_per_item(
        self, sharer: Membership, live_item: ContentItem, make_item: Maker, bring_live: Maker
    ) -> None:
        report = services.post_report_create(member=sharer, item=live_item, platform="whatsapp")
        assert (report.platform, report.canonical_url, report.url) == ("whatsapp", "", "")

        error = refused(lambda: services.post_report_create(member=sharer, item=live_item, platform="whatsapp"))
        assert "WhatsApp post of this item already" in error.message

        other = bring_live(make_item(title="Lain"))
        assert services.post_report_create(member=sharer, item=other, platform="whatsapp").item == other

    def test_an_address_is_needed_outside_whatsapp(self, sharer: Membership, live_item: ContentItem) -> None:
        for platform in ("", "x"):
            error = refused(
                lambda platform=platform: services.post_report_create(member=sharer, item=live_item, platform=platform)
            )
            assert error.field == "url"

    @pytest.mark.parametrize(
        "url", ["https://x.com/putri_duta", "https://bit.ly/abc", "https://contoh.example/p/1", "bukan alamat"]
    )
    def test_addresses_that_are_not_one_post_are_refused(
        self, sharer: Membership, live_item: ContentItem, url: str
    ) -> None:
        assert refused(lambda: services.post_report_create(member=sharer, item=live_item, url=url)).field == "url"

    def test_a_platform_the_item_is_not_offered_on_is_refused(self, sharer: Membership, live_item: ContentItem) -> None:
        error = refused(
            lambda: services.post_report_create(member=sharer, item=live_item, url="https://instagram.com/p/Cabc123/")
        )

        assert "not offered for Instagram" in error.message

    def test_an_item_outside_the_members_feed_is_not_found(
        self,
        pr_admin: Membership,
        sharer: Membership,
        brief: Maker,
        make_item: Maker,
        bring_live: Maker,
        unit_ditjen: Unit,
    ) -> None:
        elsewhere = services.campaign_create(member=pr_admin, data=brief(units=[unit_ditjen]))
        item = bring_live(make_item(campaign=elsewhere))

        with pytest.raises(Http404):
            services.post_report_create(member=sharer, item=item, url=POST)
        with pytest.raises(Http404):
            services.post_report_create(member=pr_admin, item=item, platform="whatsapp")

    def test_the_daily_limit(
        self, sharer: Membership, live_item: ContentItem, update_settings: Maker, make_item: Maker, bring_live: Maker
    ) -> None:
        update_settings(daily_share_limit=2)
        other = bring_live(make_item(title="Lain"))
        services.post_report_create(member=sharer, item=live_item, url=POST)
        services.post_report_create(member=sharer, item=live_item, platform="whatsapp")

        error = refused(lambda: services.post_report_create(member=sharer, item=other, platform="whatsapp"))

        assert error.code == "guardrail"
        assert "daily limit" in error.message
        update_settings(daily_share_limit=0)  # no limit
        assert services.post_report_create(member=sharer, item=other, platform="whatsapp").item == other

    def test_outside_the_sharing_hours_it_is_refused(
        self, sharer: Membership, live_item: ContentItem, update_settings: Maker
    ) -> None:
        local = timezone.localtime()
        starts = (local + timedelta(hours=2)).time().replace(second=0, microsecond=0)
        ends = (local + timedelta(hours=3)).time().replace(second=0, microsecond=0)
        update_settings(sharing_starts_at=starts, sharing_ends_at=ends)

        error = refused(lambda: services.post_report_create(member=sharer, item=live_item, url=POST))

        assert error.code == "guardrail"
        assert f"from {starts:%H:%M} to {ends:%H:%M}" in error.message
        assert not PostReport.objects.exists()

    def test_within_the_sharing_hours_it_is_accepted(
        self, sharer: Membership, live_item: ContentItem, update_settings: Maker
    ) -> None:
        local = timezone.localtime()
        update_settings(
            sharing_starts_at=(local - timedelta(hours=1)).time().replace(second=0, microsecond=0),
            sharing_ends_at=(local + timedelta(hours=1)).time().replace(second=0, microsecond=0),
        )

        assert services.post_report_create(member=sharer, item=live_item, url=POST).pk is not None

    def test_before_the_members_posting_window_opens_it_is_refused(
        self, make_ambassador: Maker, unit_media: Unit, live_item: ContentItem, update_settings: Maker
    ) -> None:
        update_settings(stagger_minutes=240)
        waiting = _member_with_closed_window(make_ambassador, unit_media, live_item)

        error = refused(lambda: services.post_report_create(member=waiting, item=live_item, url=POST))

        assert error.code == "guardrail"
        assert "posting window" in error.message
        assert not PostReport.objects.exists()

    def test_the_window_opening_is_told_in_local_time(
        self, make_ambassador: Maker, unit_media: Unit, live_item: ContentItem, update_settings: Maker
    ) -> None:
        update_settings(stagger_minutes=240)
        waiting = _member_with_closed_window(make_ambassador, unit_media, live_item)
        entry = selectors.feed_item_for_member(member=waiting, item_pk=live_item.pk)

        error = refused(lambda: services.post_report_create(member=waiting, item=live_item, url=POST))

        assert timezone.localtime(entry.opens_at).strftime("%H:%M") in error.message

    def test_a_crisis_item_has_no_posting_window(
        self, make_ambassador: Maker, unit_media: Unit, live_crisis_item: ContentItem, update_settings: Maker
    ) -> None:
        update_settings(stagger_minutes=240)
        members = [make_ambassador(unit=unit_media, platforms=["x"]) for _ in range(5)]

        for number, member in enumerate(members):
            url = f"https://x.com/duta/status/{1790000000000000100 + number}"
            assert services.post_report_create(member=member, item=live_crisis_item, url=url).pk is not None

    def test_copied_variant_is_set_when_the_posted_words_are_the_offered_caption(
        self, sharer: Membership, live_item: ContentItem
    ) -> None:
        offered = selectors.feed_item_for_member(member=sharer, item_pk=live_item.pk)
        caption = next(offer.variant for offer in offered.offers if offer.platform == "whatsapp")

        copied = services.post_report_create(
            member=sharer,
            item=live_item,
            platform="whatsapp",
            text=f"  {caption.text.upper()} 🙏 https://contoh.example/aduan ",  # case, emoji, a link: the same words
        )
        own = services.post_report_create(member=sharer, item=live_item, url=POST, text="Pengalaman saya sendiri")

        assert (copied.copied_variant, copied.variant) == (True, caption)
        assert own.copied_variant is False
        assert AuditEvent.objects.filter(action="post_report.create", changes__copied_variant=True).count() == 1

    def test_election_words_in_the_posted_text_are_refused(
        self, sharer: Membership, live_item: ContentItem, update_settings: Maker
    ) -> None:
        update_settings(election_starts_on=today(), election_ends_on=today() + timedelta(days=3), **ELECTION)

        error = refused(
            lambda: services.post_report_create(
                member=sharer, item=live_item, url=POST, text="Sekalian: coblos nomor urut 2, Budi Santoso!"
            )
        )

        assert (error.code, error.field) == ("election", "text")
        assert "Budi Santoso" in error.message
        assert not PostReport.objects.exists()

    def test_blocked_words_in_the_posted_text_are_refused(
        self, sharer: Membership, live_item: ContentItem, update_settings: Maker
    ) -> None:
        update_settings(blocklist="hoaks")

        assert (
            refused(
                lambda: services.post_report_create(member=sharer, item=live_item, url=POST, text="Ini bukan hoaks")
            ).code
            == "blocked"
        )

    def test_an_address_without_its_scheme_is_accepted(self, sharer: Membership, live_item: ContentItem) -> None:
        report = services.post_report_create(
            member=sharer, item=live_item, url="x.com/putri_duta/status/1790000000000000001"
        )

        assert report.canonical_url == "https://x.com/i/status/1790000000000000001"


def _member_with_closed_window(make_ambassador: Maker, unit: Unit, item: ContentItem) -> Membership:
    """An ambassador whose posting window for ``item`` opens in the future (the window is spread by a hash)."""
    for _attempt in range(20):
        member = make_ambassador(unit=unit, platforms=["x"])
        entry = selectors.feed_item_for_member(member=member, item_pk=item.pk)
        if not entry.is_open:
            return member
    raise AssertionError("every ambassador's window was open: is the posting window (stagger) on?")


class TestPostReportDelete:
    def test_an_ambassador_withdraws_only_their_own_report(
        self, sharer: Membership, colleague: Membership, live_item: ContentItem
    ) -> None:
        report = services.post_report_create(member=sharer, item=live_item, url=POST)

        assert refused(lambda: services.post_report_delete(member=colleague, report=report)).code == "forbidden"
        services.post_report_delete(member=sharer, report=report)

        assert not PostReport.objects.exists()
        assert AuditEvent.objects.get(action="post_report.delete").changes == {"item": live_item.pk, "platform": "x"}
        assert services.post_report_create(member=colleague, item=live_item, url=SAME_POST).member == colleague


# --- the crisis lane ------------------------------------------------------------------------------


class TestCrisisBroadcast:
    @pytest.fixture
    def audience(self, make_ambassador: Maker, unit_media: Unit, unit_humas: Unit, unit_ditjen: Unit) -> dict[str, Any]:
        inside = [make_ambassador(unit=unit_media), make_ambassador(unit=unit_humas, platforms=["instagram"])]
        outside = [
            make_ambassador(unit=unit_ditjen),
            make_ambassador(unit=unit_media, is_active=False),
            make_ambassador(unit=unit_media, role=Role.COORDINATOR),
        ]
        return {"inside": inside, "outside": outside, "segment": selectors.Segment(unit_paths=(unit_humas.path,))}

    def test_a_changed_audience_size_sends_nothing(
        self, pr_admin: Membership, crisis: Campaign, audience: dict[str, Any]
    ) -> None:
        error = refused(
            lambda: services.crisis_broadcast(
                member=pr_admin,
                campaign=crisis,
                message="Tetap tenang",
                segment=audience["segment"],
                confirmation=uuid4().hex,
                confirmed_size=3,
            )
        )

        assert error.code == "audience_changed"
        assert "now 2 ambassadors, not 3" in error.message
        assert not CrisisBroadcast.objects.exists()
        assert not Notification.objects.exists()

    def test_it_sends_one_crisis_notification_per_recipient(
        self,
        pr_admin: Membership,
        crisis: Campaign,
        audience: dict[str, Any],
        django_capture_on_commit_callbacks: Any,
    ) -> None:
        with django_capture_on_commit_callbacks(execute=True):
            broadcast = services.crisis_broadcast(
                member=pr_admin,
                campaign=crisis,
                message="  Tetap tenang, tunggu keterangan resmi.  ",
                segment=audience["segment"],
                confirmation=uuid4().hex,
                confirmed_size=2,
            )

        assert (broadcast.message, broadcast.audience_size, broadcast.sent_by) == (
            "Tetap tenang, tunggu keterangan resmi.",
            2,
            pr_admin.user,
        )
        notifications = Notification.objects.filter(topic=broadcast.topic)
        assert sorted(n.recipient_id for n in notifications) == sorted(m.user_id for m in audience["inside"])
        assert {(n.kind, n.priority, n.body) for n in notifications} == {
            ("crisis", "high", "Tetap tenang, tunggu keterangan resmi.")
        }
        assert Notification.objects.count() == 2
        event = AuditEvent.objects.get(action="crisis.broadcast")
        assert event.changes["audience"] == 2
        assert event.changes["segment"]["units"] == list(audience["segment"].unit_paths)

    def test_only_open_crises_broadcast(self, pr_admin: Membership, campaign: Campaign, crisis: Campaign) -> None:
        segment = selectors.Segment()
        assert (
            "crisis lane"
            in refused(
                lambda: services.crisis_broadcast(
                    member=pr_admin,
                    campaign=campaign,
                    message="x",
                    segment=segment,
                    confirmation=uuid4().hex,
                    confirmed_size=0,
                )
            ).message
        )
        services.campaign_close(member=pr_admin, campaign=crisis)
        refused(
            lambda: services.crisis_broadcast(
                member=pr_admin,
                campaign=crisis,
                message="x",
                segment=segment,
                confirmation=uuid4().hex,
                confirmed_size=0,
            )
        )

    def test_an_empty_audience_or_message_is_refused(
        self, pr_admin: Membership, crisis: Campaign, unit_ditjen: Unit, make_ambassador: Maker
    ) -> None:
        make_ambassador(unit=unit_ditjen)
        empty = selectors.Segment(platforms=("tiktok",))

        assert (
            "Nobody"
            in refused(
                lambda: services.crisis_broadcast(
                    member=pr_admin,
                    campaign=crisis,
                    message="x",
                    segment=empty,
                    confirmation=uuid4().hex,
                    confirmed_size=0,
                )
            ).message
        )
        assert (
            refused(
                lambda: services.crisis_broadcast(
                    member=pr_admin,
                    campaign=crisis,
                    message=" ",
                    segment=selectors.Segment(),
                    confirmation=uuid4().hex,
                    confirmed_size=1,
                )
            ).field
            == "message"
        )

    def test_a_message_with_blocked_words_is_refused(
        self, pr_admin: Membership, crisis: Campaign, audience: dict[str, Any], update_settings: Maker
    ) -> None:
        update_settings(blocklist="hoaks")

        error = refused(
            lambda: services.crisis_broadcast(
                member=pr_admin,
                campaign=crisis,
                message="Itu hoaks",
                segment=audience["segment"],
                confirmation=uuid4().hex,
                confirmed_size=2,
            )
        )

        assert (error.code, error.field) == ("blocked", "message")

    def test_only_admins_of_the_organization_broadcast(
        self, outsider_admin: Membership, viewer: Membership, crisis: Campaign, audience: dict[str, Any]
    ) -> None:
        for member in (outsider_admin, viewer):
            error = refused(
                lambda member=member: services.crisis_broadcast(
                    member=member,
                    campaign=crisis,
                    message="x",
                    segment=audience["segment"],
                    confirmation=uuid4().hex,
                    confirmed_size=2,
                )
            )
            assert error.code == "forbidden"

    def test_the_response_counts_shares_after_the_broadcast(
        self,
        pr_admin: Membership,
        crisis: Campaign,
        live_crisis_item: ContentItem,
        make_ambassador: Maker,
        unit_media: Unit,
        django_capture_on_commit_callbacks: Any,
    ) -> None:
        early, late, later, _silent = (make_ambassador(unit=unit_media, platforms=["x"]) for _ in range(4))
        services.post_report_create(member=early, item=live_crisis_item, platform="whatsapp")
        with django_capture_on_commit_callbacks(execute=True):
            broadcast = services.crisis_broadcast(
                member=pr_admin,
                campaign=crisis,
                message="Tetap tenang",
                segment=selectors.Segment(),
                confirmation=uuid4().hex,
                confirmed_size=4,
            )
        services.post_report_create(member=late, item=live_crisis_item, platform="whatsapp")
        services.post_report_create(member=later, item=live_crisis_item, platform="whatsapp")
        services.post_report_create(member=later, item=live_crisis_item, url=POST)

        response = selectors.crisis_response(broadcast=broadcast)

        assert (response.recipients, response.delivered, response.shared) == (4, 4, 2)
        assert response.first_share is not None
        assert response.median_share is not None
        assert timedelta(0) <= response.first_share <= response.median_share
        assert response.opened == 0


# --- notifications: the announcement and the digest ---------------------------------------------------


class TestItemAnnounce:
    def test_publishing_tells_the_items_audience(
        self,
        pr_admin: Membership,
        second_admin: Membership,
        brief: Maker,
        make_item: Maker,
        make_ambassador: Maker,
        unit_humas: Unit,
        unit_media: Unit,
        unit_ditjen: Unit,
        django_capture_on_commit_callbacks: Any,
    ) -> None:
        inside = [make_ambassador(unit=unit_humas), make_ambassador(unit=unit_media)]
        make_ambassador(unit=unit_ditjen)
        make_ambassador(unit=unit_media, is_active=False)
        humas = services.campaign_create(member=pr_admin, data=brief(units=[unit_humas]))
        item = services.item_approve(
            member=second_admin, item=services.item_submit(member=pr_admin, item=make_item(campaign=humas))
        )

        with django_capture_on_commit_callbacks(execute=True) as callbacks:
            services.item_publish(member=pr_admin, item=item)

        assert len(callbacks) >= 1
        notifications = Notification.objects.filter(topic=f"item:{item.pk}")
        assert sorted(n.recipient_id for n in notifications) == sorted(m.user_id for m in inside)
        assert {(n.kind, n.priority, n.url) for n in notifications} == {
            ("content", "normal", f"/o/{pr_admin.organization.slug}/campaigns/feed/{item.pk}/")
        }
        assert all(item.title in n.subject for n in notifications)
        assert services.item_announce(item_pk=item.pk) == 0  # idempotent

    def test_a_crisis_item_is_announced_at_high_priority(
        self,
        crisis: Campaign,
        make_item: Maker,
        bring_live: Maker,
        make_ambassador: Maker,
        unit_media: Unit,
        django_capture_on_commit_callbacks: Any,
    ) -> None:
        member = make_ambassador(unit=unit_media)

        with django_capture_on_commit_callbacks(execute=True):
            item = bring_live(make_item(campaign=crisis))

        notification = Notification.objects.get(topic=f"item:{item.pk}")
        assert (notification.recipient_id, notification.kind, notification.priority) == (
            member.user_id,
            "crisis",
            "high",
        )

    def test_an_item_of_a_campaign_not_yet_started_is_not_announced(
        self,
        pr_admin: Membership,
        brief: Maker,
        make_item: Maker,
        bring_live: Maker,
        make_ambassador: Maker,
        unit_media: Unit,
        django_capture_on_commit_callbacks: Any,
    ) -> None:
        member = make_ambassador(unit=unit_media)
        tomorrow = services.campaign_create(member=pr_admin, data=brief(starts_on=today() + timedelta(days=1)))
        item = make_item(campaign=tomorrow)

        with django_capture_on_commit_callbacks(execute=True):
            try:
                bring_live(item)
            except ApplicationError:
                return  # refusing to publish before the campaign starts is a fix too

        with pytest.raises(Http404):
            selectors.feed_item_for_member(member=member, item_pk=item.pk)
        assert not Notification.objects.filter(topic=f"item:{item.pk}").exists()

    def test_an_item_that_is_not_live_is_not_announced(
        self, make_item: Maker, make_ambassador: Maker, unit_media: Unit
    ) -> None:
        make_ambassador(unit=unit_media)

        assert services.item_announce(item_pk=make_item().pk) == 0
        assert not Notification.objects.exists()


class TestDigest:
    def test_it_lists_only_new_items_once_a_week(
        self,
        pr_admin: Membership,
        brief: Maker,
        make_item: Maker,
        bring_live: Maker,
        make_ambassador: Maker,
        unit_media: Unit,
        unit_ditjen: Unit,
        org: Organization,
    ) -> None:
        media = make_ambassador(unit=unit_media)
        ditjen = make_ambassador(unit=unit_ditjen)
        make_ambassador(unit=unit_media, is_active=False)
        for_ditjen = services.campaign_create(member=pr_admin, data=brief(name="Ditjen", units=[unit_ditjen]))
        bring_live(make_item(title="Baru minggu ini"))
        old = bring_live(make_item(title="Sudah lama"))
        ContentItem.objects.filter(pk=old.pk).update(live_at=timezone.now() - timedelta(days=10))
        bring_live(make_item(campaign=for_ditjen, title="Khusus Ditjen"))
        make_item(title="Masih draf")

        assert services.digest_send(organization=org) == 2

        digests = {n.recipient_id: n for n in Notification.objects.filter(kind="digest")}
        assert set(digests) == {media.user_id, ditjen.user_id}
        assert "Baru minggu ini" in digests[media.user_id].body
        assert "Sudah lama" not in digests[media.user_id].body
        assert "Khusus Ditjen" not in digests[media.user_id].body
        assert "1 konten baru" in digests[media.user_id].subject  # in the organization's language
        assert "Khusus Ditjen" in digests[ditjen.user_id].body
        assert "Baru minggu ini" in digests[ditjen.user_id].body
        assert "2 konten baru" in digests[ditjen.user_id].subject
        assert {n.topic for n in digests.values()} == {
            "digest:{}-W{:02d}".format(*timezone.localtime().isocalendar()[:2])
        }

        assert services.digest_send(organization=org) == 0
        assert Notification.objects.filter(kind="digest").count() == 2

    def test_nothing_new_sends_nothing(self, org: Organization, make_ambassador: Maker, unit_media: Unit) -> None:
        make_ambassador(unit=unit_media)

        assert services.digest_send(organization=org) == 0

    def test_the_next_week_sends_again(
        self, org: Organization, live_item: ContentItem, make_ambassador: Maker, unit_media: Unit
    ) -> None:
        make_ambassador(unit=unit_media)
        now = timezone.now()
        assert services.digest_send(organization=org, now=now) == 1

        next_week = now + timedelta(days=7)
        ContentItem.objects.filter(pk=live_item.pk).update(live_at=next_week - timedelta(hours=1))

        assert services.digest_send(organization=org, now=next_week) == 1
        assert Notification.objects.filter(kind="digest").count() == 2


def test_scheduled_times_are_kept_exactly(pr_admin: Membership, second_admin: Membership, make_item: Maker) -> None:
    """A time with seconds is stored as given (the scheduler compares it with the clock)."""
    item = services.item_approve(member=second_admin, item=services.item_submit(member=pr_admin, item=make_item()))
    when = datetime(2099, 1, 2, 3, 4, 5, tzinfo=timezone.get_current_timezone())

    services.item_schedule(member=pr_admin, item=item, when=when)

    item.refresh_from_db()
    assert item.scheduled_for == when
