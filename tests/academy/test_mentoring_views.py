"""Mentoring pages: who sees and does what, the forms' messages, CSRF, and a mentor logging a session and its
follow-up from start to reminder."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from duta.academy.models import FollowUp, MentoringSession, Mentorship
from duta.academy.services.mentoring import mentorship_create, mentorship_end, session_log
from duta.academy.services.reminders import follow_ups_remind
from duta.core.models import AuditEvent
from duta.notifications.models import Notification
from duta.organizations.models import Membership, Organization, Role
from tests.academy.builders import in_english
from tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db


def url(name: str, org: Organization, *args: int) -> str:
    return reverse(f"academy:mentoring_{name}", args=[org.slug, *args])


@pytest.fixture
def pairing(pr_admin: Membership, mentor: Membership, mentee: Membership) -> Mentorship:
    return mentorship_create(
        member=pr_admin, mentor=mentor, mentee=mentee, goals="Bercerita <b>jujur</b>.", started_on=dt.date(2026, 1, 1)
    )


@pytest.fixture
def session(mentor: Membership, pairing: Mentorship) -> MentoringSession:
    today = timezone.localdate()
    return session_log(
        member=mentor,
        mentorship=pairing,
        held_on=today - dt.timedelta(days=2),
        topic="Menulis caption",
        notes="Baris satu <script>x</script>\nBaris dua",
        follow_ups=[("Tulis tiga draf", "mentee", today - dt.timedelta(days=1)), ("Kirim contoh", "mentor", today)],
    )


def _session_post(held_on: dt.date, **rows: str) -> dict[str, str]:
    data = {"held_on": held_on.isoformat(), "topic": "Etika bermedia sosial", "notes": "Catatan sesi."}
    data.update(rows)
    return data


def _every_url(org: Organization, pairing: Mentorship, session: MentoringSession) -> list[tuple[str, str]]:
    follow_up = session.follow_ups.first()
    assert follow_up is not None
    return [
        ("get", url("list", org)),
        ("get", url("create", org)),
        ("get", url("detail", org, pairing.pk)),
        ("post", url("end", org, pairing.pk)),
        ("get", url("session_create", org, pairing.pk)),
        ("get", url("session_edit", org, pairing.pk, session.pk)),
        ("post", url("follow_up_done", org, pairing.pk, follow_up.pk)),
        ("post", url("follow_up_reopen", org, pairing.pk, follow_up.pk)),
    ]


class TestAccess:
    def test_a_member_of_another_organization_gets_404_everywhere(
        self, org: Organization, pairing: Mentorship, session: MentoringSession, outsider_admin: Membership, client_for
    ) -> None:
        client = client_for(outsider_admin)
        for method, address in _every_url(org, pairing, session):
            assert getattr(client, method)(address).status_code == 404, address
        assert Mentorship.objects.get(pk=pairing.pk).ended_at is None

    def test_another_organizations_admin_cannot_reach_the_pairing_through_their_own_slug(
        self, pairing: Mentorship, session: MentoringSession, outsider_admin: Membership, client_for
    ) -> None:
        client = client_for(outsider_admin)
        other = outsider_admin.organization
        assert client.get(url("detail", other, pairing.pk)).status_code == 404
        assert client.post(url("end", other, pairing.pk)).status_code == 404
        follow_up = session.follow_ups.first()
        assert client.post(url("follow_up_done", other, pairing.pk, follow_up.pk)).status_code == 404
        assert Mentorship.objects.get(pk=pairing.pk).ended_at is None

    @pytest.mark.parametrize("who", ["pr_admin", "mentor", "mentee"])
    def test_the_pair_and_the_pr_team_see_the_pair_page(
        self, who: str, request: pytest.FixtureRequest, org: Organization, pairing: Mentorship, session, client_for
    ) -> None:
        response = client_for(request.getfixturevalue(who)).get(url("detail", org, pairing.pk))
        assert response.status_code == 200
        assert "Menulis caption" in response.content.decode()

    @pytest.mark.parametrize("who", ["bystander", "coordinator", "viewer"])
    def test_anyone_else_gets_404_for_the_pair_page(
        self, who: str, request: pytest.FixtureRequest, org: Organization, pairing: Mentorship, session, client_for
    ) -> None:
        client = client_for(request.getfixturevalue(who))
        assert client.get(url("detail", org, pairing.pk)).status_code == 404
        assert client.get(url("session_create", org, pairing.pk)).status_code == 404
        follow_up = session.follow_ups.first()
        assert client.post(url("follow_up_done", org, pairing.pk, follow_up.pk)).status_code == 404
        assert client.get(url("detail", org, pairing.pk + 1000)).status_code == 404  # same answer as a missing one

    @pytest.mark.parametrize("who", ["mentor", "mentee", "coordinator", "viewer"])
    def test_only_the_pr_team_pairs_and_ends(
        self, who: str, request: pytest.FixtureRequest, org: Organization, pairing: Mentorship, client_for
    ) -> None:
        client = client_for(request.getfixturevalue(who))
        assert client.get(url("create", org)).status_code == 403
        assert client.post(url("end", org, pairing.pk)).status_code == 403
        assert Mentorship.objects.get(pk=pairing.pk).ended_at is None

    def test_the_mentee_cannot_log_or_edit_sessions(
        self, org: Organization, pairing: Mentorship, session: MentoringSession, mentee: Membership, client_for
    ) -> None:
        client = client_for(mentee)
        assert client.get(url("session_create", org, pairing.pk)).status_code == 403
        response = client.post(url("session_create", org, pairing.pk), _session_post(timezone.localdate()))
        assert response.status_code == 403
        assert client.get(url("session_edit", org, pairing.pk, session.pk)).status_code == 403
        assert MentoringSession.objects.count() == 1

    def test_a_session_of_another_pairing_is_not_found(
        self, org: Organization, pr_admin: Membership, pairing: Mentorship, session, bystander, mentor, client_for
    ) -> None:
        other = mentorship_create(
            member=pr_admin, mentor=mentor, mentee=bystander, goals="", started_on=pairing.started_on
        )
        assert client_for(mentor).get(url("session_edit", org, other.pk, session.pk)).status_code == 404
        follow_up = session.follow_ups.first()
        assert client_for(mentor).post(url("follow_up_done", org, other.pk, follow_up.pk)).status_code == 404

    def test_posts_need_the_csrf_token(
        self, org: Organization, pairing: Mentorship, session: MentoringSession, pr_admin: Membership
    ) -> None:
        client = Client(enforce_csrf_checks=True)
        client.force_login(pr_admin.user)
        follow_up = session.follow_ups.first()
        assert client.post(url("end", org, pairing.pk)).status_code == 403
        assert client.post(url("follow_up_done", org, pairing.pk, follow_up.pk)).status_code == 403
        assert (
            client.post(url("session_create", org, pairing.pk), _session_post(timezone.localdate())).status_code == 403
        )
        assert Mentorship.objects.get(pk=pairing.pk).ended_at is None
        assert FollowUp.objects.get(pk=follow_up.pk).done_at is None
        assert MentoringSession.objects.count() == 1

    def test_post_only_views_refuse_get(
        self, org: Organization, pairing: Mentorship, session, pr_admin, client_for
    ) -> None:
        follow_up = session.follow_ups.first()
        client = client_for(pr_admin)
        assert client.get(url("end", org, pairing.pk)).status_code == 405
        assert client.get(url("follow_up_done", org, pairing.pk, follow_up.pk)).status_code == 405


class TestList:
    def test_the_pr_team_sees_every_pairing_with_its_last_session_and_open_follow_ups(
        self, org: Organization, pairing: Mentorship, session: MentoringSession, pr_admin: Membership, client_for
    ) -> None:
        in_english(pr_admin)
        response = client_for(pr_admin).get(url("list", org))
        body = response.content.decode()
        assert response.status_code == 200
        assert "Sari Lain" in body
        assert "Putri Duta" in body
        page = response.context["page"]
        row = page.object_list[0]
        assert (row.last_session_on, row.open_follow_ups) == (session.held_on, 2)
        assert url("create", org) in body

    def test_the_mentor_and_the_mentee_see_their_pairing_and_its_open_follow_ups(
        self, org: Organization, pairing, session, mentor: Membership, mentee: Membership, client_for
    ) -> None:
        in_english(mentor, mentee)
        response = client_for(mentor).get(url("list", org))
        assert [row[0] for row in response.context["as_mentor"]] == [pairing]
        assert response.context["as_mentee"] == []
        body = response.content.decode()
        assert "As mentor" in body
        assert "Tulis tiga draf" in body
        assert "overdue" in body  # due yesterday
        assert url("create", org) not in body

        response = client_for(mentee).get(url("list", org))
        assert [row[0] for row in response.context["as_mentee"]] == [pairing]
        assert "As mentee" in response.content.decode()

    @pytest.mark.parametrize("who", ["bystander", "coordinator", "viewer"])
    def test_others_see_no_pairing_of_others(
        self, who: str, request: pytest.FixtureRequest, org: Organization, pairing, session, client_for
    ) -> None:
        response = client_for(request.getfixturevalue(who)).get(url("list", org))
        assert response.status_code == 200
        assert (response.context["as_mentor"], response.context["as_mentee"]) == ([], [])
        assert "Tulis tiga draf" not in response.content.decode()
        assert "Sari Lain" not in response.content.decode()

    def test_queries_do_not_grow_with_the_pairings(
        self, org: Organization, pr_admin: Membership, pairing, session, client_for, django_assert_max_num_queries
    ) -> None:
        client = client_for(pr_admin)
        client.get(url("list", org))
        for index in range(4):
            mentor = MembershipFactory(organization=org, role=Role.AMBASSADOR)
            mentee = MembershipFactory(organization=org, role=Role.AMBASSADOR)
            created = mentorship_create(
                member=pr_admin, mentor=mentor, mentee=mentee, goals="", started_on=pairing.started_on
            )
            session_log(
                member=mentor,
                mentorship=created,
                held_on=pairing.started_on,
                topic=f"Topik {index}",
                notes="",
                follow_ups=[("x", "mentee", pairing.started_on)],
            )
        with django_assert_max_num_queries(20):
            assert client.get(url("list", org)).status_code == 200


class TestPairPage:
    def test_notes_and_goals_are_plain_text_with_line_breaks(
        self, org: Organization, pairing, session, mentee: Membership, client_for
    ) -> None:
        body = client_for(mentee).get(url("detail", org, pairing.pk)).content.decode()
        assert "Baris satu &lt;script&gt;x&lt;/script&gt;<br>Baris dua" in body
        assert "<script>x</script>" not in body
        assert "Bercerita &lt;b&gt;jujur&lt;/b&gt;." in body

    def test_sessions_come_newest_first_with_their_follow_ups(
        self, org: Organization, pairing, session, mentor: Membership, client_for
    ) -> None:
        newer = session_log(
            member=mentor, mentorship=pairing, held_on=timezone.localdate(), topic="Topik baru", notes="", follow_ups=[]
        )
        response = client_for(mentor).get(url("detail", org, pairing.pk))
        assert [s.pk for s in response.context["sessions"]] == [newer.pk, session.pk]
        body = response.content.decode()
        assert body.index("Topik baru") < body.index("Menulis caption")
        assert "Kirim contoh" in body

    def test_the_mentee_gets_buttons_for_their_own_follow_ups_only(
        self, org: Organization, pairing, session, mentee: Membership, client_for
    ) -> None:
        body = client_for(mentee).get(url("detail", org, pairing.pk)).content.decode()
        own = session.follow_ups.get(owner=mentee)
        theirs = session.follow_ups.exclude(owner=mentee).get()
        assert url("follow_up_done", org, pairing.pk, own.pk) in body
        assert url("follow_up_done", org, pairing.pk, theirs.pk) not in body
        assert url("session_create", org, pairing.pk) not in body
        assert url("end", org, pairing.pk) not in body


class TestPairing:
    def test_the_pr_team_pairs_two_people(
        self, org: Organization, pr_admin: Membership, mentor: Membership, mentee: Membership, client_for
    ) -> None:
        client = client_for(pr_admin)
        assert client.get(url("create", org)).status_code == 200
        response = client.post(
            url("create", org),
            {"mentor": mentor.pk, "mentee": mentee.pk, "goals": "Tujuan", "started_on": "2026-02-01"},
        )
        pairing = Mentorship.objects.get()
        assert response.status_code == 302
        assert response["Location"] == url("detail", org, pairing.pk)
        assert (pairing.mentor, pairing.mentee, pairing.started_on) == (mentor, mentee, dt.date(2026, 2, 1))
        assert AuditEvent.objects.filter(action="academy.mentorship.create", actor_id=pr_admin.user_id).count() == 1

    def test_a_coordinator_is_not_offered_as_mentor(
        self, org: Organization, pr_admin: Membership, coordinator: Membership, mentee: Membership, client_for
    ) -> None:
        response = client_for(pr_admin).post(
            url("create", org), {"mentor": coordinator.pk, "mentee": mentee.pk, "started_on": "2026-02-01"}
        )
        assert response.status_code == 200
        assert response.context["form"].errors["mentor"]
        assert not Mentorship.objects.exists()

    def test_a_second_open_pairing_is_refused_with_a_message(
        self, org: Organization, pr_admin: Membership, pairing: Mentorship, mentor, mentee, client_for
    ) -> None:
        in_english(pr_admin)
        response = client_for(pr_admin).post(
            url("create", org), {"mentor": mentee.pk, "mentee": mentor.pk, "started_on": "2026-02-01"}
        )
        assert response.status_code == 200
        assert "are already paired. End that pairing first." in response.content.decode()
        assert Mentorship.objects.count() == 1

    def test_the_pr_team_ends_a_pairing(self, org: Organization, pr_admin: Membership, pairing, client_for) -> None:
        response = client_for(pr_admin).post(url("end", org, pairing.pk))
        assert response.status_code == 302
        assert Mentorship.objects.get(pk=pairing.pk).ended_at is not None
        assert AuditEvent.objects.filter(action="academy.mentorship.end", actor_id=pr_admin.user_id).count() == 1


class TestSessions:
    def test_the_form_starts_at_today(self, org: Organization, pairing, mentor: Membership, client_for) -> None:
        response = client_for(mentor).get(url("session_create", org, pairing.pk))
        assert response.status_code == 200
        assert f'value="{timezone.localdate().isoformat()}"' in response.content.decode()

    def test_a_future_date_is_refused_with_a_message(
        self, org: Organization, pairing, mentor: Membership, client_for
    ) -> None:
        in_english(mentor)
        response = client_for(mentor).post(
            url("session_create", org, pairing.pk), _session_post(timezone.localdate() + dt.timedelta(days=3))
        )
        assert response.status_code == 200
        assert "the date is in the future" in response.content.decode()
        assert response.context["form"].errors["held_on"]
        assert not MentoringSession.objects.exists()

    def test_a_begun_follow_up_row_must_be_completed(
        self, org: Organization, pairing, mentor: Membership, client_for
    ) -> None:
        in_english(mentor)
        today = timezone.localdate()
        response = client_for(mentor).post(
            url("session_create", org, pairing.pk),
            _session_post(
                today,
                follow_up_1_text="Baca modul",
                follow_up_2_due_on=today.isoformat(),
                follow_up_3_text="Terlambat",
                follow_up_3_due_on=(today - dt.timedelta(days=1)).isoformat(),
            ),
        )
        errors = response.context["form"].errors
        with translation.override("en"):  # the messages are lazy: read them in the page's language
            assert errors["follow_up_1_due_on"] == ["Give a due date."]
            assert errors["follow_up_2_text"] == ["Write what was agreed, or clear the date."]
            assert errors["follow_up_3_due_on"] == ["A follow-up cannot be due before the session."]
        assert not MentoringSession.objects.exists()

    def test_an_ended_pairing_sends_the_mentor_back(
        self, org: Organization, pr_admin, pairing, session, mentor: Membership, client_for
    ) -> None:
        mentorship_end(member=pr_admin, mentorship=pairing)
        client = client_for(mentor)
        assert client.get(url("session_create", org, pairing.pk))["Location"] == url("detail", org, pairing.pk)
        client.post(url("session_create", org, pairing.pk), _session_post(timezone.localdate()))
        client.post(url("session_edit", org, pairing.pk, session.pk), _session_post(session.held_on))
        assert MentoringSession.objects.get().topic == "Menulis caption"
        assert url("session_create", org, pairing.pk) not in client.get(url("detail", org, pairing.pk)).content.decode()

    def test_the_mentor_edits_a_session_and_adds_a_follow_up(
        self, org: Organization, pairing, session, mentor: Membership, mentee: Membership, client_for
    ) -> None:
        client = client_for(mentor)
        assert client.get(url("session_edit", org, pairing.pk, session.pk)).status_code == 200
        response = client.post(
            url("session_edit", org, pairing.pk, session.pk),
            _session_post(
                session.held_on,
                follow_up_1_text="Rekam video",
                follow_up_1_owner="mentor",
                follow_up_1_due_on=timezone.localdate().isoformat(),
            ),
        )
        assert response.status_code == 302
        session.refresh_from_db()
        assert session.topic == "Etika bermedia sosial"
        assert session.follow_ups.get(text="Rekam video").owner == mentor
        assert AuditEvent.objects.filter(action="academy.session.update", actor_id=mentor.user_id).count() == 1


class TestFollowUpMarks:
    def test_the_owner_marks_done_and_reopens(
        self, org: Organization, pairing, session, mentee: Membership, client_for
    ) -> None:
        follow_up = session.follow_ups.get(owner=mentee)
        client = client_for(mentee)
        response = client.post(url("follow_up_done", org, pairing.pk, follow_up.pk))
        assert response["Location"] == url("detail", org, pairing.pk)
        assert FollowUp.objects.get(pk=follow_up.pk).done_at is not None
        assert AuditEvent.objects.filter(action="academy.followup.done", actor_id=mentee.user_id).count() == 1
        client.post(url("follow_up_reopen", org, pairing.pk, follow_up.pk))
        assert FollowUp.objects.get(pk=follow_up.pk).done_at is None
        assert AuditEvent.objects.filter(action="academy.followup.reopen", actor_id=mentee.user_id).count() == 1

    def test_the_mentee_cannot_mark_the_mentors_follow_up(
        self, org: Organization, pairing, session, mentee: Membership, client_for
    ) -> None:
        theirs = session.follow_ups.exclude(owner=mentee).get()
        assert client_for(mentee).post(url("follow_up_done", org, pairing.pk, theirs.pk)).status_code == 403
        assert FollowUp.objects.get(pk=theirs.pk).done_at is None

    @pytest.mark.parametrize(
        ("back", "expected"),
        [("/o/contoh/academy/mentoring/", "/o/contoh/academy/mentoring/"), ("https://evil.test/", None)],
    )
    def test_it_goes_back_to_a_local_page_only(
        self, back: str, expected: str | None, org: Organization, pairing, session, mentor: Membership, client_for
    ) -> None:
        follow_up = session.follow_ups.first()
        response = client_for(mentor).post(url("follow_up_done", org, pairing.pk, follow_up.pk), {"back": back})
        assert response["Location"] == (expected or url("detail", org, pairing.pk))


class TestTheMentorLogsASessionAndItsFollowUp:
    def test_from_the_form_to_the_reminder_and_done(
        self, org: Organization, pairing: Mentorship, mentor: Membership, mentee: Membership, client_for
    ) -> None:
        in_english(mentor, mentee)
        today = timezone.localdate()
        mentor_client = client_for(mentor)
        page = mentor_client.get(url("detail", org, pairing.pk)).content.decode()
        assert url("session_create", org, pairing.pk) in page

        response = mentor_client.post(
            url("session_create", org, pairing.pk),
            _session_post(
                today,
                notes="Kita bahas caption.\nDua baris.",
                follow_up_1_text="Tulis tiga draf caption",
                follow_up_1_owner="mentee",
                follow_up_1_due_on=(today + dt.timedelta(days=7)).isoformat(),
            ),
        )
        session = MentoringSession.objects.get()
        assert response.status_code == 302
        assert response["Location"] == f"{url('detail', org, pairing.pk)}#session-{session.pk}"
        follow_up = FollowUp.objects.get()
        assert (follow_up.owner, follow_up.due_on, follow_up.session) == (mentee, today + dt.timedelta(days=7), session)
        assert AuditEvent.objects.filter(action="academy.session.log", actor_id=mentor.user_id).count() == 1

        mentee_client = client_for(mentee)
        page = mentee_client.get(url("detail", org, pairing.pk)).content.decode()
        assert "Kita bahas caption.<br>Dua baris." in page
        assert "Tulis tiga draf caption" in page
        listing = mentee_client.get(url("list", org)).content.decode()
        assert "Tulis tiga draf caption" in listing
        assert "overdue" not in listing

        assert follow_ups_remind(today=today + dt.timedelta(days=7)) == 1
        reminder = Notification.objects.get(recipient=mentee.user)
        assert reminder.url == url("detail", org, pairing.pk)
        assert reminder.subject == "Mentoring follow-up due today"

        mentee_client.post(url("follow_up_done", org, pairing.pk, follow_up.pk), {"back": url("list", org)})
        assert FollowUp.objects.get().done_at is not None
        assert "Tulis tiga draf caption" not in mentee_client.get(url("list", org)).content.decode()
