"""factory_boy factories of the campaigns app, for every campaigns test.

They write rows directly, as the database would hold them, without the services' checks, audit rows or item
history: use them to set up what a selector or a view reads. To test a write, or to get an item with its real
history (events, approvals), go through ``duta.campaigns.services`` (see the fixtures in ``conftest.py``).

    item = ContentItemFactory(campaign__organization=org, status=ItemStatus.LIVE, live_at=timezone.now())
    CaptionVariantFactory(item=item, platform="instagram", text="Saya ... #DutaContoh")
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import factory
from django.utils import timezone

from duta.campaigns import rules
from duta.campaigns.models import Campaign, ItemEvent, ItemStatus
from tests.factories import MembershipFactory, OrganizationFactory, UserFactory

DISCLOSURE_TAG = "#DutaContoh"


class CampaignSettingsFactory(factory.django.DjangoModelFactory["CampaignSettings"]):
    """An organization's settings row (defaults as the model has them; no stagger by default, for steady feeds)."""

    class Meta:
        model = "campaigns.CampaignSettings"
        django_get_or_create = ("organization",)
        skip_postgeneration_save = True

    organization = factory.SubFactory(OrganizationFactory)
    stagger_minutes = 0

    @factory.post_generation
    def approvers(self, create: bool, extracted: list[Any] | None, **kwargs: Any) -> None:
        if create and extracted:
            self.approvers.set(extracted)


class CampaignFactory(factory.django.DjangoModelFactory["Campaign"]):
    """A normal campaign running since yesterday, open-ended, for everyone, with a brief and a disclosure tag."""

    class Meta:
        model = "campaigns.Campaign"
        skip_postgeneration_save = True

    organization = factory.SubFactory(OrganizationFactory)
    kind = Campaign.Kind.NORMAL
    name = factory.Sequence(lambda n: f"Kampanye {n}")
    objective = "Warga tahu layanan baru."
    starts_on = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=1))
    ends_on = None
    target_platforms = factory.LazyFunction(list)
    key_messages = "Layanan aduan buka 24 jam."
    facts = factory.LazyFunction(lambda: [{"fact": "Kanal aduan buka 24 jam", "source": "https://aduan.example"}])
    hashtags = "#LayananPrima"
    disclosure_tag = DISCLOSURE_TAG
    created_by = factory.SubFactory(UserFactory)

    @factory.post_generation
    def units(self, create: bool, extracted: list[Any] | None, **kwargs: Any) -> None:
        if create and extracted:
            self.target_units.set(extracted)

    @factory.post_generation
    def programs(self, create: bool, extracted: list[Any] | None, **kwargs: Any) -> None:
        if create and extracted:
            self.target_programs.set(extracted)

    @factory.post_generation
    def cohorts(self, create: bool, extracted: list[Any] | None, **kwargs: Any) -> None:
        if create and extracted:
            self.target_cohorts.set(extracted)


class CrisisFactory(CampaignFactory):
    """A crisis with its holding statement and one question with its answer."""

    kind = Campaign.Kind.CRISIS
    name = factory.Sequence(lambda n: f"Isu {n}")
    holding_statement = "Kami sedang memeriksa laporan ini dan akan menyampaikan hasilnya hari ini."
    questions_answers = factory.LazyFunction(lambda: [{"q": "Apakah produk aman?", "a": "Ya, sudah diuji."}])


class ContentItemFactory(factory.django.DjangoModelFactory["ContentItem"]):
    """An item at any status: pass ``status`` (and ``live_at`` for a live one: ``LiveItemFactory`` does both)."""

    class Meta:
        model = "campaigns.ContentItem"

    campaign = factory.SubFactory(CampaignFactory)
    organization = factory.SelfAttribute("campaign.organization")
    title = factory.Sequence(lambda n: f"Konten {n}")
    target_url = "https://contoh.example/berita/layanan-baru"
    status = ItemStatus.DRAFT
    author = factory.SelfAttribute("campaign.created_by")


class LiveItemFactory(ContentItemFactory):
    status = ItemStatus.LIVE
    live_at = factory.LazyFunction(lambda: timezone.now() - timedelta(hours=1))


class CaptionVariantFactory(factory.django.DjangoModelFactory["CaptionVariant"]):
    class Meta:
        model = "campaigns.CaptionVariant"

    item = factory.SubFactory(ContentItemFactory)
    platform = "whatsapp"
    language = "id"
    text = factory.Sequence(
        lambda n: f"Saya sudah mencoba layanan aduan yang baru, cepat sekali. ({n}) {DISCLOSURE_TAG}"
    )


class ItemEventFactory(factory.django.DjangoModelFactory["ItemEvent"]):
    class Meta:
        model = "campaigns.ItemEvent"

    item = factory.SubFactory(ContentItemFactory)
    kind = ItemEvent.Kind.COMMENT
    actor = factory.SelfAttribute("item.author")
    text = "Tolong perjelas ajakannya."


class PostReportFactory(factory.django.DjangoModelFactory["PostReport"]):
    """A reported post; ``url`` defaults to a distinct X post, and the canonical form and fingerprint follow the
    url and text as the service computes them (pass ``url=""`` for a WhatsApp post)."""

    class Meta:
        model = "campaigns.PostReport"

    item = factory.SubFactory(LiveItemFactory)
    organization = factory.SelfAttribute("item.organization")
    member = factory.SubFactory(MembershipFactory, organization=factory.SelfAttribute("..item.organization"))
    url = factory.Sequence(lambda n: f"https://x.com/duta{n}/status/{1_700_000_000_000_000_000 + n}")
    platform = factory.LazyAttribute(
        lambda report: rules.post_url_parse(report.url).platform if report.url else "whatsapp"
    )
    canonical_url = factory.LazyAttribute(
        lambda report: rules.post_url_parse(report.url).canonical if report.url else ""
    )
    variant = None
    text = ""
    text_fingerprint = factory.LazyAttribute(lambda report: rules.text_fingerprint(report.text))
    copied_variant = False


class FreezeFactory(factory.django.DjangoModelFactory["Freeze"]):
    """An open freeze (no items paused: ``organization_freeze`` does that)."""

    class Meta:
        model = "campaigns.Freeze"

    organization = factory.SubFactory(OrganizationFactory)
    reason = "Duka nasional"
    started_at = factory.LazyFunction(timezone.now)
    started_by = factory.SubFactory(UserFactory)


class CrisisBroadcastFactory(factory.django.DjangoModelFactory["CrisisBroadcast"]):
    """A broadcast row only: nothing is sent (``crisis_broadcast`` sends)."""

    class Meta:
        model = "campaigns.CrisisBroadcast"

    campaign = factory.SubFactory(CrisisFactory)
    message = factory.SelfAttribute("campaign.holding_statement")
    segment = factory.LazyFunction(lambda: {"units": [], "programs": [], "cohorts": [], "platforms": []})
    audience_size = 1
    sent_at = factory.LazyFunction(timezone.now)
    sent_by = factory.SelfAttribute("campaign.created_by")
    confirmation = factory.Sequence(lambda n: f"confirmation-{n}")
