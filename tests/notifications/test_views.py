"""The inbox, opening from the inbox and from an e-mail's link, and the preferences page."""

from __future__ import annotations

from urllib.parse import quote

import pytest
from django.test import Client
from django.urls import reverse

from duta.core.models import AuditEvent
from duta.notifications.models import Notification, NotificationPreference
from duta.notifications.tokens import open_token
from tests.support import login_client

HTMX = {"HX-Request": "true", "HX-Target": "rows"}


@pytest.fixture
def client_for():
    """Clients of members who read the pages in English, so that assertions read the source texts."""

    def make(membership):
        membership.user.language = "en"
        membership.user.save(update_fields=["language"])
        return login_client(membership.user)

    return make


def inbox_url(slug: str = "contoh") -> str:
    return reverse("notifications:inbox", args=[slug])


def html(response) -> str:
    return response.content.decode()


class TestInbox:
    def test_the_member_sees_their_notifications_newest_first_crisis_highlighted(
        self, send, ambassador, client_for
    ) -> None:
        send([ambassador.user], key="a", subject="Konten minggu ini")
        send([ambassador.user], key="b", kind="crisis", priority="high", subject="Klarifikasi isu banjir")
        response = client_for(ambassador).get(inbox_url())
        assert response.status_code == 200
        page = html(response)
        assert page.index("Klarifikasi isu banjir") < page.index("Konten minggu ini")
        assert "kind-crisis unread" in page
        # the unread badge in the navigation
        assert '<span class="badge nav-count">2<span class="visually-hidden"> unread</span></span>' in page

    def test_a_member_of_another_organization_gets_404(self, send, ambassador, outsider_admin, client_for) -> None:
        send([ambassador.user])
        assert client_for(outsider_admin).get(inbox_url()).status_code == 404
        notification = Notification.objects.get()
        url = reverse("notifications:read", args=["contoh", notification.pk])
        assert client_for(outsider_admin).get(url).status_code == 404
        # under their own organization's address the notification is not found either
        own = reverse("notifications:read", args=["lain", notification.pk])
        assert client_for(outsider_admin).get(own).status_code == 404
        assert Notification.objects.get().opened_at is None

    def test_someone_elses_notification_is_404(self, send, ambassador, coordinator, client_for) -> None:
        send([ambassador.user])
        notification = Notification.objects.get()
        url = reverse("notifications:read", args=["contoh", notification.pk])
        assert client_for(coordinator).get(url).status_code == 404
        assert client_for(coordinator).post(url).status_code == 404

    def test_anonymous_visitors_are_sent_to_log_in(self) -> None:
        response = Client().get(inbox_url())
        assert response.status_code == 302
        assert "/account/login/" in response["Location"]

    def test_an_empty_inbox(self, ambassador, client_for) -> None:
        assert "No notifications yet." in html(client_for(ambassador).get(inbox_url()))

    def test_opening_marks_it_opened_and_follows_its_link(self, send, ambassador, client_for) -> None:
        send([ambassador.user], url="/o/contoh/programs/")
        notification = Notification.objects.get()
        response = client_for(ambassador).get(reverse("notifications:read", args=["contoh", notification.pk]))
        assert response.status_code == 302
        assert response["Location"] == "/o/contoh/programs/"
        assert Notification.objects.get().opened_at is not None

    def test_without_a_link_htmx_marks_it_read_in_place(self, send, ambassador, client_for) -> None:
        send([ambassador.user], url="")
        notification = Notification.objects.get()
        client = client_for(ambassador)
        assert "Mark as read" in html(client.get(inbox_url()))
        response = client.post(
            reverse("notifications:read", args=["contoh", notification.pk]),
            headers={"HX-Request": "true", "HX-Target": f"notification-{notification.pk}"},
        )
        assert response.status_code == 200
        fragment = html(response)
        assert fragment.lstrip().startswith(f'<li id="notification-{notification.pk}"')
        assert "unread" not in fragment
        assert "<html" not in fragment
        assert Notification.objects.get().opened_at is not None

    def test_the_htmx_page_of_rows(self, send, ambassador, client_for) -> None:
        send([ambassador.user])
        fragment = html(client_for(ambassador).get(inbox_url(), headers=HTMX))
        assert fragment.lstrip().startswith('<div id="rows">')
        assert "<html" not in fragment

    def test_mark_all_as_read(self, send, ambassador, client_for) -> None:
        send([ambassador.user], key="a")
        send([ambassador.user], key="b")
        client = client_for(ambassador)
        response = client.post(reverse("notifications:read_all", args=["contoh"]))
        assert response.status_code == 302
        assert not Notification.objects.filter(opened_at__isnull=True).exists()
        assert "nav-count" not in html(client.get(inbox_url()))

    def test_the_inbox_page_takes_a_bounded_number_of_queries(
        self, send, ambassador, client_for, django_assert_max_num_queries
    ) -> None:
        for n in range(30):
            send([ambassador.user], key=f"k{n}")
        client = client_for(ambassador)
        with django_assert_max_num_queries(12):
            assert client.get(inbox_url()).status_code == 200


class TestOpenLink:
    def _link(self, notification: Notification) -> str:
        return reverse("notifications:open", args=[notification.pk, open_token(notification.pk)])

    def test_it_marks_opened_without_a_login_and_asks_to_log_in_for_the_page(self, send, ambassador) -> None:
        send([ambassador.user], url="/o/contoh/programs/?tab=new")
        notification = Notification.objects.get()
        response = Client().get(self._link(notification))
        assert response.status_code == 302
        assert response["Location"] == "/account/login/?next=" + quote("/o/contoh/programs/?tab=new", safe="/")
        assert Notification.objects.get().opened_at is not None

    def test_a_logged_in_recipient_goes_to_the_page(self, send, ambassador, client_for) -> None:
        send([ambassador.user], url="/o/contoh/programs/")
        response = client_for(ambassador).get(self._link(Notification.objects.get()))
        assert response.status_code == 302
        assert response["Location"] == "/o/contoh/programs/"

    def test_without_a_link_it_leads_to_the_inbox(self, send, ambassador, client_for) -> None:
        send([ambassador.user], url="")
        response = client_for(ambassador).get(self._link(Notification.objects.get()))
        assert response["Location"] == "/o/contoh/notifications/"

    def test_a_forged_token_is_404(self, send, ambassador) -> None:
        send([ambassador.user])
        notification = Notification.objects.get()
        url = reverse("notifications:open", args=[notification.pk, open_token(notification.pk + 1)])
        assert Client().get(url).status_code == 404
        assert Notification.objects.get().opened_at is None

    def test_it_never_redirects_to_another_host(self, send, ambassador, client_for) -> None:
        send([ambassador.user])
        notification = Notification.objects.get()
        # a row written around the service (it refuses such links) must still not redirect away
        Notification.objects.filter(pk=notification.pk).update(url="//evil.test/login")
        response = client_for(ambassador).get(self._link(notification))
        assert response["Location"] == "/o/contoh/notifications/"
        response = Client().get(self._link(notification))
        assert "evil.test" not in response["Location"]

    def test_only_get(self, send, ambassador) -> None:
        send([ambassador.user])
        assert Client().post(self._link(Notification.objects.get())).status_code == 405


class TestPreferencesPage:
    url = "/account/notifications/"

    def test_the_address(self) -> None:
        assert reverse("notifications:preferences") == self.url

    def test_a_table_of_kinds_and_channels_with_crisis_in_app_locked(self, ambassador, client_for) -> None:
        page = html(client_for(ambassador).get(self.url))
        assert page.count('type="checkbox" name="enabled"') == 12
        assert 'value="crisis:in_app" checked disabled' in page
        assert 'value="digest:email" checked>' in page
        assert "Crisis alerts always reach your inbox in Duta" in page
        assert "csrfmiddlewaretoken" in page

    def test_saving_turns_off_what_is_unchecked_with_an_audit_row(self, ambassador, client_for) -> None:
        checked = [
            f"{k}:{c}"
            for k in ["crisis", "content", "digest", "reminder", "nudge", "training"]
            for c in ["in_app", "email"]
        ]
        checked.remove("digest:email")
        checked.remove("crisis:in_app")  # a disabled checkbox is not posted: it stays on
        client = client_for(ambassador)
        response = client.post(self.url, {"enabled": checked})
        assert response.status_code == 302
        assert list(NotificationPreference.objects.values_list("kind", "channel", "enabled")) == [
            ("digest", "email", False)
        ]
        assert AuditEvent.objects.filter(action="notification.preferences", actor_id=ambassador.user.pk).count() == 1
        page = html(client.get(self.url))
        assert 'value="digest:email">' in page
        assert "Your notification settings have been saved." in page

    def test_htmx_saves_on_change_and_returns_the_table(self, ambassador, client_for) -> None:
        response = client_for(ambassador).post(
            self.url, {"enabled": ["content:in_app"]}, headers={"HX-Request": "true", "HX-Target": "table"}
        )
        assert response.status_code == 200
        fragment = html(response)
        assert fragment.lstrip().startswith('<div id="table">')
        assert "Saved." in fragment
        assert NotificationPreference.objects.filter(enabled=False).count() == 10

    def test_an_unknown_value_is_refused(self, ambassador, client_for) -> None:
        response = client_for(ambassador).post(self.url, {"enabled": ["spam:email"]})
        assert response.status_code == 400
        assert not NotificationPreference.objects.exists()

    def test_csrf_is_required(self, ambassador) -> None:
        client = Client(enforce_csrf_checks=True)
        client.force_login(ambassador.user)
        assert client.post(self.url, {"enabled": []}).status_code == 403
        assert not NotificationPreference.objects.exists()

    def test_anonymous_visitors_are_sent_to_log_in(self) -> None:
        response = Client().get(self.url)
        assert response.status_code == 302
        assert "/account/login/" in response["Location"]

    def test_a_member_of_another_organization_has_their_own(self, outsider_admin, ambassador, client_for) -> None:
        client_for(outsider_admin).post(self.url, {"enabled": []})
        assert set(NotificationPreference.objects.values_list("user_id", flat=True)) == {outsider_admin.user.pk}
        assert 'value="digest:email" checked>' in html(client_for(ambassador).get(self.url))
