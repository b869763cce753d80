"""Fixtures of the campaigns tests: a second admin (four-eyes), campaigns and live items built through the services,
ambassadors with their roster entry, units, social accounts and programs, and the organization's settings.

    def test_x(live_item, make_ambassador, update_settings, unit_media):
        update_settings(stagger_minutes=0)
        member = make_ambassador(unit=unit_media, platforms=["x"])
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable
from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from duta.campaigns import selectors, services
from duta.campaigns.models import Campaign, CampaignSettings, ContentItem
from duta.organizations.models import Membership, Organization, Role, Unit
from duta.programs.models import Program, Stage
from tests.campaigns.factories import DISCLOSURE_TAG
from tests.factories import (
    CandidateFactory,
    EmployeeFactory,
    MembershipFactory,
    ProgramFactory,
    SocialAccountFactory,
    UserFactory,
)

# the captions every item gets unless a test gives its own: three for WhatsApp (the spread of variants), one for X
DEFAULT_VARIANTS = (
    ("whatsapp", f"Saya coba sendiri layanan aduan 24 jam: dijawab dalam 10 menit. {DISCLOSURE_TAG}"),
    ("whatsapp", f"Tadi malam saya lapor lewat kanal aduan, pagi ini sudah beres. {DISCLOSURE_TAG}"),
    ("whatsapp", f"Teman-teman, kanal aduan kami kini buka 24 jam. Saya sudah mencobanya. {DISCLOSURE_TAG}"),
    ("x", f"Kanal aduan 24 jam itu nyata: saya lapor, langsung dijawab. {DISCLOSURE_TAG}"),
)


@pytest.fixture
def second_admin(org: Organization) -> Membership:
    """Another admin of ``org``: the four-eyes rule needs someone other than the author (``pr_admin``)."""
    return MembershipFactory(
        organization=org, role=Role.ADMIN, user=UserFactory(email="humas2@contoh.test", full_name="Dewi Humas")
    )


@pytest.fixture
def third_admin(org: Organization) -> Membership:
    return MembershipFactory(
        organization=org, role=Role.ADMIN, user=UserFactory(email="humas3@contoh.test", full_name="Agus Humas")
    )


@pytest.fixture
def program(org: Organization) -> Program:
    return ProgramFactory(organization=org, slug="duta-digital", name="Duta Digital")


@pytest.fixture
def update_settings(pr_admin: Membership) -> Callable[..., CampaignSettings]:
    """``update_settings(**changes)``: ``campaign_settings_update`` by ``pr_admin`` with the current values and
    ``changes`` (the fields of ``services.SettingsData``)."""

    def _update(**changes: Any) -> CampaignSettings:
        current = selectors.campaign_settings_for(pr_admin.organization)
        values: dict[str, Any] = {}
        for spec in dataclasses.fields(services.SettingsData):
            if spec.name == "approvers":
                values[spec.name] = list(current.approvers.all()) if current.pk else []
            else:
                values[spec.name] = getattr(current, spec.name)
        values.update(changes)
        return services.campaign_settings_update(member=pr_admin, data=services.SettingsData(**values))

    return _update


@pytest.fixture
def make_ambassador(org: Organization) -> Callable[..., Membership]:
    """``make_ambassador(unit=, platforms=[...], programs=[...], role=, is_active=)``: a member of ``org`` with a
    roster entry linked to their account, a social account per platform (messengers need none) and an active
    candidacy in each program."""

    def _make(
        *,
        unit: Unit | None = None,
        platforms: Iterable[str] = (),
        programs: Iterable[Program] = (),
        role: str = Role.AMBASSADOR,
        is_active: bool = True,
        organization: Organization | None = None,
    ) -> Membership:
        organization = organization or org
        member = MembershipFactory(organization=organization, role=role, unit=unit, is_active=is_active)
        employee = EmployeeFactory(
            organization=organization, unit=unit, user=member.user, email=member.user.email, name=member.user.full_name
        )
        for platform in platforms:
            if platform not in selectors.MESSENGERS:
                SocialAccountFactory(employee=employee, platform=platform)
        for found in programs:
            CandidateFactory(program=found, employee=employee, stage=Stage.ACTIVE)
        return member

    return _make


def _brief(**changes: Any) -> services.BriefData:
    values: dict[str, Any] = {
        "name": "Kanal Aduan 24 Jam",
        "starts_on": timezone.localdate() - timedelta(days=1),
        "key_messages": "Kanal aduan buka 24 jam.\nSetiap aduan dijawab.",
        "facts": "Kanal aduan buka 24 jam | Siaran pers 3 Juni 2026",
        "hashtags": "#LayananPrima",
        "disclosure_tag": DISCLOSURE_TAG,
    }
    values.update(changes)
    return services.BriefData(**values)


@pytest.fixture
def brief() -> Callable[..., services.BriefData]:
    """``brief(**changes)``: a valid ``BriefData`` of a normal campaign that started yesterday."""
    return _brief


@pytest.fixture
def campaign(pr_admin: Membership) -> Campaign:
    """A normal campaign for everyone, created by ``pr_admin`` through ``campaign_create``."""
    return services.campaign_create(member=pr_admin, data=_brief())


@pytest.fixture
def crisis(pr_admin: Membership) -> Campaign:
    """An open crisis with its holding statement, created through ``campaign_create``."""
    return services.campaign_create(
        member=pr_admin,
        data=_brief(
            kind=Campaign.Kind.CRISIS,
            name="Isu kebocoran data",
            holding_statement="Kami sedang memeriksa laporan ini dan akan menyampaikan hasilnya hari ini.",
            questions_answers="T: Apakah data bocor?\nJ: Pemeriksaan masih berjalan.",
        ),
    )


@pytest.fixture
def make_item(pr_admin: Membership, campaign: Campaign) -> Callable[..., ContentItem]:
    """``make_item(campaign=, title=, variants=[(platform, text), ...], member=)``: a draft through ``item_create``."""

    def _make(
        *,
        campaign: Campaign = campaign,
        title: str = "Kanal aduan 24 jam",
        variants: Iterable[tuple[str, str]] = DEFAULT_VARIANTS,
        member: Membership = pr_admin,
    ) -> ContentItem:
        return services.item_create(
            member=member,
            campaign=campaign,
            title=title,
            target_url="https://contoh.example/aduan",
            variants=[services.VariantData(platform=platform, text=text) for platform, text in variants],
        )

    return _make


@pytest.fixture
def bring_live(pr_admin: Membership, second_admin: Membership) -> Callable[[ContentItem], ContentItem]:
    """``bring_live(item)``: submitted by ``pr_admin``, approved by ``second_admin``, published by ``pr_admin``."""

    def _live(item: ContentItem) -> ContentItem:
        item = services.item_submit(member=pr_admin, item=item)
        item = services.item_approve(member=second_admin, item=item)
        return services.item_publish(member=pr_admin, item=item)

    return _live


@pytest.fixture
def live_item(make_item: Callable[..., ContentItem], bring_live: Callable[[ContentItem], ContentItem]) -> ContentItem:
    """A live item of ``campaign`` (3 WhatsApp captions and one for X), built through the services."""
    return bring_live(make_item())


@pytest.fixture
def live_crisis_item(
    crisis: Campaign, make_item: Callable[..., ContentItem], bring_live: Callable[[ContentItem], ContentItem]
) -> ContentItem:
    return bring_live(make_item(campaign=crisis, title="Klarifikasi"))
