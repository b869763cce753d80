"""`duta demo --scale large` with small numbers: a consistent unit tree, ambassadors, campaigns, share links copied
as the links services copy them, post addresses in their canonical form, and clicks stored by the real shipper whose
rollups add up; a second run adds nothing."""

from __future__ import annotations

from collections import Counter
from io import StringIO
from statistics import median

import pytest
from django.core.management import call_command
from django.db.models import Count, Sum
from django.utils import timezone

from duta.campaigns import rules as campaign_rules
from duta.campaigns.models import Campaign, ContentItem, ItemStatus, PostReport
from duta.demo.large import DOMAIN, SLUG, LargeResult, demo_large_load
from duta.links import rules as link_rules
from duta.links.models import Click, ClickRollup, ShareLink, Verdict
from duta.links.services import share_link_build
from duta.organizations.models import Membership, Organization, Role, Unit
from duta.people.models import Employee, SocialAccount
from duta.programs.models import Candidate, Stage

pytestmark = pytest.mark.django_db

AMBASSADORS = 300
CLICKS = 20_000


def table_counts() -> tuple[int, ...]:
    models = (Unit, Membership, Employee, SocialAccount, Candidate, Campaign, ContentItem, ShareLink, PostReport)
    return (*(model.objects.count() for model in models), Click.objects.count(), ClickRollup.objects.count())


class TestLargeDemo:
    """One load (the slow part) checked from every side, then loaded again."""

    def test_it_loads_a_consistent_national_program_once(self) -> None:
        messages: list[str] = []
        # the dashboards' figures are computed in the command's test below
        loaded = demo_large_load(
            ambassadors=AMBASSADORS, clicks=CLICKS, seed=7, refresh=False, progress=messages.append
        )
        assert loaded.created
        assert any(message.startswith("clicks: ") for message in messages)
        check_unit_tree()
        check_people(loaded)
        check_campaigns()
        check_links()
        check_reports()
        check_clicks()

        before = table_counts()
        again = demo_large_load(ambassadors=AMBASSADORS, clicks=CLICKS)
        assert not again.created
        assert table_counts() == before


def check_unit_tree() -> None:
    """A deep tree whose paths and depths are what organizations.services.unit_create sets."""
    units = {unit.pk: unit for unit in Unit.objects.filter(organization__slug=SLUG)}
    assert 2000 <= len(units) <= 2500
    for unit in units.values():
        parent = units.get(unit.parent_id) if unit.parent_id else None
        assert unit.depth == (parent.depth + 1 if parent else 0)
        assert unit.path == f"{parent.path if parent else '/'}{unit.pk}/"
    assert Counter(unit.depth for unit in units.values()).keys() == {0, 1, 2, 3, 4}
    siblings = Counter((unit.parent_id, unit.name) for unit in units.values())
    assert max(siblings.values()) == 1


def check_people(loaded: LargeResult) -> None:
    """The ambassadors with their roster entries, accounts and candidacies, and the staff who log in."""
    organization = Organization.objects.get(slug=SLUG)
    members = Membership.objects.filter(organization=organization)
    ambassadors = members.filter(role=Role.AMBASSADOR, is_active=True)
    assert ambassadors.count() == AMBASSADORS
    assert not ambassadors.filter(unit__isnull=True).exists()
    assert members.get(user__email=f"humas@{DOMAIN}").role == Role.ADMIN
    assert members.get(user__email=f"pimpinan@{DOMAIN}").role == Role.VIEWER
    assert members.get(user__email=f"humas@{DOMAIN}").user.check_password("duta-demo-2026")
    assert members.get(user__email=f"amb000001@{DOMAIN}").user.check_password("duta-demo-2026")
    assert not members.get(user__email=f"amb000002@{DOMAIN}").user.has_usable_password()
    # a coordinator for every Eselon I and Eselon II unit, coordinating it
    upper = set(Unit.objects.filter(organization=organization, depth__lte=1).values_list("pk", flat=True))
    coordinators = members.filter(role=Role.COORDINATOR).prefetch_related("coordinated_units")
    assert {member.unit_id for member in coordinators} == upper
    assert all([unit.pk for unit in member.coordinated_units.all()] == [member.unit_id] for member in coordinators)
    assert len(loaded.logins) > 5

    employees = Employee.objects.filter(organization=organization)
    assert employees.count() == AMBASSADORS
    assert employees.filter(user__memberships__organization=organization).count() == AMBASSADORS
    accounts = SocialAccount.objects.filter(employee__organization=organization)
    per_employee = Counter(accounts.values_list("employee_id", flat=True))
    assert set(per_employee.values()) <= {1, 2, 3}
    assert len(per_employee) == AMBASSADORS
    stages = Counter(Candidate.objects.filter(program__slug="duta-nasional").values_list("stage", flat=True))
    assert sum(stages.values()) == AMBASSADORS
    assert stages[Stage.ACTIVE] > 0.8 * AMBASSADORS
    assert set(stages) <= {Stage.ACTIVE, Stage.TRAINING, Stage.PAUSED}
    assert not Candidate.objects.filter(stage_changed_at__gt=timezone.now()).exists()


def check_campaigns() -> None:
    """Four campaigns a month over the year, some crises, each with live items and caption variants."""
    campaigns = Campaign.objects.filter(organization__slug=SLUG).annotate(items_count=Count("items"))
    assert campaigns.count() == 48
    assert 3 <= campaigns.filter(kind=Campaign.Kind.CRISIS).count() <= 6
    assert all(1 <= campaign.items_count <= 6 for campaign in campaigns)
    assert sum(campaign.items_count >= 3 for campaign in campaigns) >= 45
    days = sorted(campaigns.values_list("starts_on", flat=True))
    assert (days[-1] - days[0]).days > 330
    items = ContentItem.objects.filter(organization__slug=SLUG).prefetch_related("variants")
    assert {item.status for item in items} == {ItemStatus.LIVE}
    for item in items:
        assert item.live_at is not None
        assert item.live_at <= timezone.now()
        assert {"whatsapp", "instagram", "facebook", "x"} <= {variant.platform for variant in item.variants.all()}


def check_links() -> None:
    """Every link carries what links.services.share_link_build copies, and is dated when it was shared."""
    links = list(
        ShareLink.objects.filter(organization__slug=SLUG).select_related("item__campaign", "member__organization")
    )
    assert 5 * AMBASSADORS <= len(links) <= 10 * AMBASSADORS
    assert len({(link.item_id, link.member_id, link.platform) for link in links}) == len(links)
    months = {(link.created_at.year, link.created_at.month) for link in links}
    assert len(months) >= 12
    platforms = Counter(link.platform for link in links)
    assert platforms.most_common(1)[0][0] == "whatsapp"
    # each month, about a third of the ambassadors share something
    sharers: dict[tuple[int, int], set[int]] = {}
    for link in links:
        sharers.setdefault((link.created_at.year, link.created_at.month), set()).add(link.member_id)
    assert 0.2 <= median(len(members) / AMBASSADORS for members in sharers.values()) <= 0.5
    for link in links:
        item = link.item
        # the caption variants offered for the platform, as the feed orders them (campaigns.selectors.feed)
        offered = [variant for variant in item.variants.all() if variant.platform == link.platform]
        assert offered, f"{link.platform} is not offered for {item}"
        position = campaign_rules.variant_index(
            item_id=item.pk, member_id=link.member_id, platform=link.platform, count=len(offered)
        )
        built = share_link_build(member=link.member, item=item, platform=link.platform, position=position)
        fields = ("organization_id", "campaign_id", "unit_id", "destination", "utm_campaign", "utm_content")
        assert [getattr(link, name) for name in fields] == [getattr(built, name) for name in fields]
        assert link_rules.is_code(link.code)
        assert item.live_at is not None
        assert item.live_at <= link.created_at <= timezone.now()
        assert link.updated_at == link.created_at


def check_reports() -> None:
    """Reported posts have the canonical address campaigns.rules.post_url_parse gives, unique in the organization."""
    reports = list(PostReport.objects.filter(organization__slug=SLUG))
    links = ShareLink.objects.filter(organization__slug=SLUG).count()
    assert 0.5 * links <= len(reports) <= 0.7 * links
    canonical = [report.canonical_url for report in reports if report.canonical_url]
    assert len(canonical) == len(set(canonical))
    seen: set[str] = set()
    for report in reports:
        if report.platform == "whatsapp":
            assert (report.url, report.canonical_url) == ("", "")
            continue
        if report.platform in seen:
            continue
        seen.add(report.platform)
        parsed = campaign_rules.post_url_parse(report.url)
        assert (parsed.platform, parsed.canonical) == (report.platform, report.canonical_url)
    assert {"instagram", "facebook"} <= seen
    assert PostReport.objects.filter(organization__slug=SLUG, views__isnull=False).exists()


def check_clicks() -> None:
    """Every click stored by the shipper, after its link was shared; the rollups add up to the counted clicks."""
    assert Click.objects.count() == CLICKS
    verdicts = Counter(Click.objects.values_list("verdict", flat=True))
    assert verdicts[Verdict.PREVIEW] > 0
    assert verdicts[Verdict.BOT] > 0
    assert verdicts[Verdict.REPEAT] > 0
    assert 0.9 * CLICKS < verdicts[Verdict.COUNTED] < 0.97 * CLICKS
    rollups = ClickRollup.objects.filter(organization__slug=SLUG, dimension="link")
    totals = rollups.aggregate(clicks=Sum("clicks"), previews=Sum("previews"), filtered=Sum("filtered"))
    assert totals["clicks"] == verdicts[Verdict.COUNTED]
    assert totals["previews"] == verdicts[Verdict.PREVIEW]
    assert totals["filtered"] == verdicts[Verdict.BOT] + verdicts[Verdict.REPEAT]
    assert rollups.values("day").distinct().count() > 300
    # every click after its link was shared, none in the future
    made = dict(ShareLink.objects.filter(organization__slug=SLUG).values_list("pk", "created_at"))
    now = timezone.now()
    for click in Click.objects.all():
        assert made[click.link_id] <= click.at <= now


class TestDemoCommand:
    def test_scale_large_loads_the_national_program_after_the_small_demo(self) -> None:
        output = StringIO()
        call_command("demo", "--scale", "large", "--ambassadors", "40", "--clicks", "3000", stdout=output)
        text = output.getvalue()
        assert set(Organization.objects.values_list("slug", flat=True)) == {"kemkomnus", "bionusa", SLUG}
        assert f"humas@{DOMAIN}" in text
        assert "admin@duta.test" in text
        assert "clicks: 3,000 clicks" in text
        assert Membership.objects.filter(organization__slug=SLUG, role=Role.AMBASSADOR).count() == 40
        assert "analytics refresh: " in text  # the dashboards' figures, computed at once

        again = StringIO()
        call_command("demo", "--scale", "large", "--ambassadors", "40", "--clicks", "3000", stdout=again)
        assert "nothing added" in again.getvalue()
        assert Click.objects.filter(link__organization__slug=SLUG).count() == 3000
