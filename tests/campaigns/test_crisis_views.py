"""The crisis lane's pages: the counted and confirmed broadcast, and the response to it."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import timedelta
from typing import Any
from uuid import uuid4

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from duta.campaigns import services
from duta.campaigns.models import Campaign, ContentItem, CrisisBroadcast, PostReport
from duta.campaigns.rules import duration_text
from duta.campaigns.selectors import Segment
from duta.campaigns.views.crisis import BROADCASTS_PER_PAGE, percent
from duta.notifications.models import Notification
from duta.notifications.selectors import delivery_stats
from duta.organizations.models import Membership, Organization, Unit
from duta.people.models import Employee
from duta.programs.models import CohortSelection, Program, Stage
from tests.campaigns.factories import CrisisBroadcastFactory, PostReportFactory
from tests.factories import CandidateFactory, EmployeeFactory, ProgramFactory
from tests.support import login_client

pytestmark = pytest.mark.django_db

MakeAmbassador = Callable[..., Membership]


@pytest.fixture
def client_for() -> Callable[[Membership], Client]:
    """Clients of members who read the pages in English, so that assertions read the source texts."""

    def make(membership: Membership) -> Client:
        membership.user.language = "en"
        membership.user.save(update_fields=["language"])
        return login_client(membership.user)

    return make


def url(name: str, campaign: Campaign, *, org_slug: str | None = None) -> str:
    return reverse(
        f"campaigns:{name}", kwargs={"org_slug": org_slug or campaign.organization.slug, "campaign_pk": campaign.pk}
    )


def html(response: Any) -> str:
    return response.content.decode()


def text(response: Any) -> str:
    """The page's words without tags, spaces collapsed: "This will go to 2 ambassadors"."""
    return " ".join(re.sub(r"<[^>]+>", " ", html(response)).split())


def confirmed_size(response: Any) -> int | None:
    found = re.search(r'name="confirmed_size" value="(\d+)"', html(response))
    return int(found.group(1)) if found else None


def form_data(*, message: str = "Kami sedang memeriksa laporan ini.", **segment: Any) -> dict[str, Any]:
    data: dict[str, Any] = {"message": message}
    for name in ("units", "programs", "cohorts"):
        data[name] = [found.pk for found in segment.get(name, [])]
    data["platforms"] = list(segment.get("platforms", []))
    return data


@pytest.fixture
def audience(
    make_ambassador: MakeAmbassador, unit_humas: Unit, unit_media: Unit, unit_ditjen: Unit
) -> dict[str, Membership]:
    """Two ambassadors in Biro Humas' subtree, one in Direktorat Jenderal A, and people who are never counted."""
    found = {
        "humas": make_ambassador(unit=unit_humas, platforms=["instagram"]),
        "media": make_ambassador(unit=unit_media, platforms=["tiktok"]),
        "ditjen": make_ambassador(unit=unit_ditjen, platforms=["instagram"]),
    }
    make_ambassador(unit=unit_media, platforms=["tiktok"], is_active=False)  # left the program
    make_ambassador(unit=unit_humas, role="coordinator")  # not an ambassador
    return found


class TestBroadcastCount:
    def test_the_form_starts_with_the_holding_statement_and_units_by_their_path(
        self, client_for: Any, pr_admin: Membership, crisis: Campaign, unit_media: Unit, audience: Any
    ) -> None:
        response = client_for(pr_admin).get(url("broadcast", crisis))
        assert response.status_code == 200
        page = html(response)
        assert crisis.holding_statement in page
        assert "Sekretariat Jenderal / Biro Humas / Bagian Media" in page
        assert "Right now 3 ambassadors are in this audience." in text(response)
        assert "every active ambassador" in text(response)
        assert confirmed_size(response) is None
        assert not CrisisBroadcast.objects.exists()

    def test_an_admin_counts_a_unit_subtree(
        self, client_for: Any, pr_admin: Membership, crisis: Campaign, unit_humas: Unit, audience: Any
    ) -> None:
        response = client_for(pr_admin).post(
            url("broadcast", crisis), {**form_data(units=[unit_humas]), "action": "count"}
        )
        assert response.status_code == 200
        assert "This will go to 2 ambassadors" in text(response)
        assert "Sekretariat Jenderal / Biro Humas" in text(response)
        assert confirmed_size(response) == 2
        assert 'value="send"' in html(response)
        assert not CrisisBroadcast.objects.exists()
        assert not Notification.objects.exists()

    def test_an_admin_counts_a_programs_active_ambassadors(
        self,
        client_for: Any,
        pr_admin: Membership,
        crisis: Campaign,
        program: Program,
        make_ambassador: MakeAmbassador,
        org: Organization,
    ) -> None:
        make_ambassador(programs=[program])
        make_ambassador(programs=[program])
        make_ambassador()  # in no program
        in_training = make_ambassador()
        employee = EmployeeFactory(organization=org, user=in_training.user, email=in_training.user.email)
        CandidateFactory(program=program, employee=employee, stage=Stage.TRAINING)  # not yet an ambassador
        make_ambassador(programs=[ProgramFactory(organization=org, slug="lain")])

        response = client_for(pr_admin).post(url("broadcast", crisis), {**form_data(programs=[program])})
        assert "This will go to 2 ambassadors" in text(response)
        assert confirmed_size(response) == 2

    def test_an_admin_counts_by_platform(
        self, client_for: Any, pr_admin: Membership, crisis: Campaign, audience: Any
    ) -> None:
        client = client_for(pr_admin)
        response = client.post(url("broadcast", crisis), {**form_data(platforms=["tiktok"]), "action": "count"})
        assert "This will go to 1 ambassador" in text(response)
        assert confirmed_size(response) == 1
        response = client.post(url("broadcast", crisis), {**form_data(platforms=["instagram"]), "action": "count"})
        assert confirmed_size(response) == 2
        # everyone can share on WhatsApp: choosing it leaves nobody out
        response = client.post(
            url("broadcast", crisis), {**form_data(platforms=["tiktok", "whatsapp"]), "action": "count"}
        )
        assert confirmed_size(response) == 3

    def test_confirmed_cohorts_are_offered_and_counted(
        self,
        client_for: Any,
        pr_admin: Membership,
        crisis: Campaign,
        program: Program,
        make_ambassador: MakeAmbassador,
        org: Organization,
    ) -> None:
        chosen = make_ambassador(programs=[program])
        make_ambassador(programs=[program])
        employee_id = Employee.objects.get(organization=org, user=chosen.user).pk
        cohort = CohortSelection.objects.create(
            program=program,
            size=1,
            decisions=[{"employee_id": employee_id, "chosen": True}],
            confirmed_at=timezone.now(),
        )
        draft = CohortSelection.objects.create(program=program, size=1, decisions=[])
        client = client_for(pr_admin)
        page = html(client.get(url("broadcast", crisis)))
        assert f'value="{cohort.pk}"' in page
        assert f'name="cohorts" value="{draft.pk}"' not in page
        response = client.post(url("broadcast", crisis), {**form_data(cohorts=[cohort]), "action": "count"})
        assert confirmed_size(response) == 1

    def test_an_empty_segment_means_every_active_ambassador(
        self, client_for: Any, pr_admin: Membership, crisis: Campaign, audience: Any
    ) -> None:
        assert not crisis.target_units.exists()
        assert not crisis.target_platforms
        response = client_for(pr_admin).post(url("broadcast", crisis), form_data())
        assert "This will go to 3 ambassadors" in text(response)
        assert "Every active ambassador of the organization" in text(response)

    def test_nobody_in_the_audience_offers_no_confirmation(
        self, client_for: Any, pr_admin: Membership, crisis: Campaign, unit_ditjen: Unit, unit_humas: Unit
    ) -> None:
        response = client_for(pr_admin).post(url("broadcast", crisis), form_data(units=[unit_ditjen]))
        assert response.status_code == 200
        assert "Nobody is in this audience" in text(response)
        assert 'value="send"' not in html(response)
        assert confirmed_size(response) is None

    def test_a_message_is_required(
        self, client_for: Any, pr_admin: Membership, crisis: Campaign, audience: Any
    ) -> None:
        response = client_for(pr_admin).post(url("broadcast", crisis), form_data(message="  "))
        assert response.status_code == 200
        assert 'value="send"' not in html(response)
        assert "This field is required." in text(response)

    def test_change_goes_back_to_the_form_with_the_data(
        self, client_for: Any, pr_admin: Membership, crisis: Campaign, unit_humas: Unit, audience: Any
    ) -> None:
        data = {**form_data(message="Pesan yang diubah", units=[unit_humas]), "confirmed_size": "2", "action": "edit"}
        response = client_for(pr_admin).post(url("broadcast", crisis), data)
        assert response.status_code == 200
        assert "Pesan yang diubah" in html(response)
        assert re.search(rf'name="units" value="{unit_humas.pk}"[^>]*checked', html(response))
        assert confirmed_size(response) is None
        assert not CrisisBroadcast.objects.exists()

    def test_counting_again_never_sends(
        self, client_for: Any, pr_admin: Membership, crisis: Campaign, unit_humas: Unit, audience: Any
    ) -> None:
        data = {**form_data(units=[unit_humas]), "confirmed_size": "2", "action": "count"}
        response = client_for(pr_admin).post(url("broadcast", crisis), data)
        assert response.status_code == 200
        assert "This will go to 2 ambassadors" in text(response)
        assert not CrisisBroadcast.objects.exists()
        assert not Notification.objects.exists()

    def test_the_count_follows_the_segment_with_htmx(
        self, client_for: Any, pr_admin: Membership, crisis: Campaign, unit_humas: Unit, audience: Any
    ) -> None:
        response = client_for(pr_admin).post(
            url("broadcast", crisis),
            {**form_data(message="", units=[unit_humas]), "action": "preview"},
            headers={"HX-Request": "true", "HX-Target": "audience-count"},
        )
        assert response.status_code == 200
        assert "<html" not in html(response)
        assert 'id="audience-count"' in html(response)
        assert "Right now 2 ambassadors are in this audience." in text(response)
        assert not CrisisBroadcast.objects.exists()


class TestBroadcastSend:
    def test_an_admin_confirms_and_sends(
        self,
        client_for: Any,
        pr_admin: Membership,
        crisis: Campaign,
        unit_humas: Unit,
        audience: dict[str, Membership],
    ) -> None:
        client = client_for(pr_admin)
        data = form_data(message="Kami memeriksa laporan ini.\nHasilnya kami sampaikan hari ini.", units=[unit_humas])
        counted = client.post(url("broadcast", crisis), {**data, "action": "count"})
        assert confirmed_size(counted) == 2

        response = client.post(
            url("broadcast", crisis), {**data, "confirmed_size": "2", "confirmation": uuid4().hex, "action": "send"}
        )
        assert response.status_code == 302
        assert response["Location"] == url("response", crisis)
        broadcast = CrisisBroadcast.objects.get()
        assert broadcast.campaign == crisis
        assert broadcast.audience_size == 2
        # the confirmation page carries a one-time id: the same page posted again sends nothing
        step_two = client.post(url("broadcast", crisis), {**data, "action": "count"})
        found = re.search(r'name="confirmation" value="(\w+)"', html(step_two))
        assert found is not None
        twice = {**data, "confirmed_size": "2", "confirmation": found.group(1), "action": "send"}
        client.post(url("broadcast", crisis), twice)
        client.post(url("broadcast", crisis), twice)
        assert CrisisBroadcast.objects.count() == 2
        assert Notification.objects.filter(kind="crisis").count() == 4
        assert broadcast.sent_by == pr_admin.user
        assert broadcast.segment["units"] == [unit_humas.path]
        notifications = Notification.objects.filter(topic=broadcast.topic)
        assert {n.recipient_id for n in notifications} == {audience["humas"].user_id, audience["media"].user_id}
        assert {(n.kind, n.priority) for n in notifications} == {("crisis", "high")}
        assert all("Hasilnya kami sampaikan hari ini." in n.body for n in notifications)
        assert delivery_stats(organization=crisis.organization, topic=broadcast.topic)["recipients"] == 2
        assert "Sent to 2 ambassadors" in text(client.get(response["Location"]))

    def test_a_changed_audience_is_refused_and_nothing_is_sent(
        self,
        client_for: Any,
        pr_admin: Membership,
        crisis: Campaign,
        unit_humas: Unit,
        unit_media: Unit,
        audience: Any,
        make_ambassador: MakeAmbassador,
    ) -> None:
        client = client_for(pr_admin)
        data = form_data(units=[unit_humas])
        assert confirmed_size(client.post(url("broadcast", crisis), {**data, "action": "count"})) == 2
        newcomer = make_ambassador(unit=unit_media)  # joins while the admin reads the number

        response = client.post(
            url("broadcast", crisis), {**data, "confirmed_size": "2", "confirmation": uuid4().hex, "action": "send"}
        )
        assert response.status_code == 200
        assert not CrisisBroadcast.objects.exists()
        assert not Notification.objects.exists()
        assert "The audience is now 3 ambassadors, not 2" in text(response)
        assert "This will go to 3 ambassadors" in text(response)
        assert confirmed_size(response) == 3

        response = client.post(
            url("broadcast", crisis), {**data, "confirmed_size": "3", "confirmation": uuid4().hex, "action": "send"}
        )
        assert response.status_code == 302
        broadcast = CrisisBroadcast.objects.get()
        assert broadcast.audience_size == 3
        assert Notification.objects.filter(topic=broadcast.topic, recipient=newcomer.user).exists()

    def test_a_blocked_word_is_shown_at_the_message_and_nothing_is_sent(
        self,
        client_for: Any,
        pr_admin: Membership,
        crisis: Campaign,
        audience: Any,
        update_settings: Callable[..., Any],
    ) -> None:
        update_settings(blocklist="bocor")
        data = {
            **form_data(message="Data tidak bocor."),
            "confirmed_size": "3",
            "confirmation": uuid4().hex,
            "action": "send",
        }
        response = client_for(pr_admin).post(url("broadcast", crisis), data)
        assert response.status_code == 200
        assert "blocklist" in text(response)
        assert "Data tidak bocor." in html(response)
        assert confirmed_size(response) is None
        assert not CrisisBroadcast.objects.exists()
        assert not Notification.objects.exists()

    def test_the_post_is_csrf_protected(self, pr_admin: Membership, crisis: Campaign, audience: Any) -> None:
        client = Client(enforce_csrf_checks=True)
        client.force_login(pr_admin.user)
        response = client.post(
            url("broadcast", crisis),
            {**form_data(), "confirmed_size": "3", "confirmation": uuid4().hex, "action": "send"},
        )
        assert response.status_code == 403
        assert not CrisisBroadcast.objects.exists()

    def test_a_closed_crisis_is_not_broadcast(
        self, client_for: Any, pr_admin: Membership, crisis: Campaign, audience: Any
    ) -> None:
        services.campaign_close(member=pr_admin, campaign=crisis)
        client = client_for(pr_admin)
        assert client.get(url("broadcast", crisis))["Location"] == url("detail", crisis)
        response = client.post(
            url("broadcast", crisis),
            {**form_data(), "confirmed_size": "3", "confirmation": uuid4().hex, "action": "send"},
        )
        assert response.status_code == 302
        assert not CrisisBroadcast.objects.exists()


class TestBroadcastPermissions:
    @pytest.mark.parametrize("persona", ["viewer", "coordinator", "ambassador"])
    def test_only_admins_broadcast(
        self, client_for: Any, persona: str, request: Any, crisis: Campaign, audience: Any
    ) -> None:
        client = client_for(request.getfixturevalue(persona))
        assert client.get(url("broadcast", crisis)).status_code == 403
        response = client.post(
            url("broadcast", crisis),
            {**form_data(), "confirmed_size": "3", "confirmation": uuid4().hex, "action": "send"},
        )
        assert response.status_code == 403
        assert not CrisisBroadcast.objects.exists()
        assert not Notification.objects.exists()

    def test_a_normal_campaign_has_no_crisis_pages(
        self, client_for: Any, pr_admin: Membership, campaign: Campaign
    ) -> None:
        client = client_for(pr_admin)
        assert client.get(url("broadcast", campaign)).status_code == 404
        assert client.post(url("broadcast", campaign), form_data()).status_code == 404
        assert client.get(url("response", campaign)).status_code == 404

    def test_a_member_of_another_organization_gets_404(
        self, client_for: Any, outsider_admin: Membership, crisis: Campaign, audience: Any
    ) -> None:
        client = client_for(outsider_admin)
        own_slug = outsider_admin.organization.slug
        for name in ("broadcast", "response"):
            assert client.get(url(name, crisis, org_slug=own_slug)).status_code == 404
            assert client.get(url(name, crisis)).status_code == 404
        data = {**form_data(), "confirmed_size": "3", "confirmation": uuid4().hex, "action": "send"}
        assert client.post(url("broadcast", crisis, org_slug=own_slug), data).status_code == 404
        assert client.post(url("broadcast", crisis), data).status_code == 404
        assert not CrisisBroadcast.objects.exists()


def _send(admin: Membership, crisis: Campaign, count: int) -> CrisisBroadcast:
    return services.crisis_broadcast(
        member=admin,
        campaign=crisis,
        message=crisis.holding_statement,
        segment=Segment(),
        confirmation=uuid4().hex,
        confirmed_size=count,
    )


def _report(item: ContentItem, member: Membership, at: Any, **kwargs: Any) -> PostReport:
    report = PostReportFactory(item=item, member=member, **kwargs)
    PostReport.objects.filter(pk=report.pk).update(created_at=at)
    return report


class TestResponsePage:
    def test_the_figures_after_a_broadcast(
        self,
        client_for: Any,
        pr_admin: Membership,
        crisis: Campaign,
        live_crisis_item: ContentItem,
        make_ambassador: MakeAmbassador,
    ) -> None:
        members = [make_ambassador() for _ in range(4)]
        broadcast = _send(pr_admin, crisis, 4)
        sent = broadcast.sent_at
        Notification.objects.filter(topic=broadcast.topic, recipient=members[0].user).update(opened_at=sent)
        _report(live_crisis_item, members[0], sent + timedelta(minutes=4), url="")
        _report(live_crisis_item, members[0], sent + timedelta(minutes=200))  # the same person again: counted once
        _report(live_crisis_item, members[1], sent + timedelta(minutes=72), url="")
        _report(live_crisis_item, members[2], sent + timedelta(minutes=100), url="")
        _report(live_crisis_item, members[3], sent - timedelta(minutes=5), url="")  # before the broadcast

        response = client_for(pr_admin).get(url("response", crisis))
        assert response.status_code == 200
        page = text(response)
        assert "Recipients: 4" in text_with_labels(response)
        assert "Delivered: 4 (100%)" in text_with_labels(response)
        assert "Opened: 1 (25%)" in text_with_labels(response)
        assert "Shared: 3 (75%)" in text_with_labels(response)
        assert "Failed / waiting: 0 / 0" in text_with_labels(response)
        assert "First share: 4 min" in text_with_labels(response)
        assert "Median share: 1 h 12 min" in text_with_labels(response)
        assert "by Rina Humas, to 4 ambassadors confirmed" in page
        assert crisis.holding_statement in page
        assert 'hx-trigger="every 30s"' in html(response)

    def test_broadcasts_are_newest_first(self, client_for: Any, viewer: Membership, crisis: Campaign) -> None:
        now = timezone.now()
        CrisisBroadcastFactory(campaign=crisis, message="Pesan pertama", sent_at=now - timedelta(hours=3))
        CrisisBroadcastFactory(campaign=crisis, message="Pesan kedua", sent_at=now - timedelta(hours=1))
        page = html(client_for(viewer).get(url("response", crisis)))
        assert page.index("Pesan kedua") < page.index("Pesan pertama")

    def test_no_broadcast_yet(self, client_for: Any, viewer: Membership, crisis: Campaign) -> None:
        response = client_for(viewer).get(url("response", crisis))
        assert response.status_code == 200
        assert "No broadcast yet." in text(response)
        assert url("broadcast", crisis) not in html(response)  # a viewer is offered no broadcast button

    def test_htmx_polls_a_partial(self, client_for: Any, viewer: Membership, crisis: Campaign) -> None:
        CrisisBroadcastFactory(campaign=crisis, message="Pesan terbaru")
        response = client_for(viewer).get(
            url("response", crisis), headers={"HX-Request": "true", "HX-Target": "crisis-response"}
        )
        assert response.status_code == 200
        page = html(response)
        assert "<html" not in page
        assert page.lstrip().startswith('<div id="crisis-response"')
        assert 'hx-trigger="every 30s"' in page
        assert "Pesan terbaru" in page

    @pytest.mark.parametrize("persona", ["coordinator", "ambassador"])
    def test_coordinators_and_ambassadors_may_not_read_it(
        self, client_for: Any, persona: str, request: Any, crisis: Campaign
    ) -> None:
        CrisisBroadcastFactory(campaign=crisis)
        assert client_for(request.getfixturevalue(persona)).get(url("response", crisis)).status_code == 403

    def test_admins_and_viewers_read_it(
        self, client_for: Any, pr_admin: Membership, viewer: Membership, crisis: Campaign
    ) -> None:
        CrisisBroadcastFactory(campaign=crisis)
        assert client_for(pr_admin).get(url("response", crisis)).status_code == 200
        assert client_for(viewer).get(url("response", crisis)).status_code == 200

    def test_the_query_count_is_bounded(
        self, client_for: Any, viewer: Membership, crisis: Campaign, make_ambassador: MakeAmbassador
    ) -> None:
        client = client_for(viewer)
        CrisisBroadcastFactory(campaign=crisis)
        client.get(url("response", crisis))  # warm the session and caches
        with CaptureQueriesContext(connection) as one:
            client.get(url("response", crisis))
        for _ in range(BROADCASTS_PER_PAGE + 5):
            CrisisBroadcastFactory(campaign=crisis)
        with CaptureQueriesContext(connection) as many:
            response = client.get(url("response", crisis))
        assert response.status_code == 200
        per_broadcast = 2  # the outbox's figures and the reports of the crisis
        assert len(one) <= 20
        assert len(many) <= len(one) + per_broadcast * (BROADCASTS_PER_PAGE - 1) + 1  # + the paginator's count
        assert "Page 1 of 2" in text(response)


def text_with_labels(response: Any) -> str:
    """The table as a phone reads it: each cell's data-label before its value ("Opened: 1 (25%)")."""
    cells = re.findall(r'<td data-label="([^"]+)"[^>]*>(.*?)</td>', html(response), flags=re.S)
    return " | ".join(f"{label}: {' '.join(re.sub(r'<[^>]+>', ' ', value).split())}" for label, value in cells)


class TestDurations:
    @pytest.mark.parametrize(
        ("delta", "expected"),
        [
            (None, "—"),
            (timedelta(seconds=45), "45 s"),
            (timedelta(minutes=4), "4 min"),
            (timedelta(minutes=4, seconds=20), "4 min"),
            (timedelta(minutes=59, seconds=50), "1 h"),
            (timedelta(hours=1, minutes=12), "1 h 12 min"),
            (timedelta(hours=2), "2 h"),
            (timedelta(days=1, hours=3, minutes=10), "1 d 3 h"),
        ],
    )
    def test_delays_read_as_people_say_them(self, delta: timedelta | None, expected: str) -> None:
        with translation.override("en"):
            assert duration_text(delta) == expected

    def test_percentages_of_nobody_are_none(self) -> None:
        assert percent(1, 3) == 33
        assert percent(2, 3) == 67
        assert percent(0, 0) is None
