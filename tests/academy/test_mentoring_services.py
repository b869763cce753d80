"""Mentoring's services and selectors: pairings, sessions and follow-ups, who may write them, who sees them, and the
reminders of follow-ups that fell due."""

from __future__ import annotations

import datetime as dt

import pytest
from django.http import Http404
from django.urls import reverse
from django.utils import timezone, translation

from duta.academy.models import FollowUp, MentoringSession, Mentorship
from duta.academy.selectors.mentoring import (
    follow_ups_open_for_member,
    mentee_candidates,
    mentor_candidates,
    mentorship_get_for_member,
    mentorship_list_for_member,
)
from duta.academy.services.mentoring import (
    FollowUpSpec,
    follow_up_add,
    follow_up_done,
    follow_up_reopen,
    mentorship_create,
    mentorship_end,
    session_log,
    session_update,
)
from duta.academy.services.reminders import follow_ups_remind
from duta.academy.tasks import follow_ups_remind_task
from duta.core.exceptions import ApplicationError
from duta.core.models import AuditEvent
from duta.core.schedule import local_crontab
from duta.notifications.models import Kind, Notification
from duta.organizations.models import Membership, Organization, Role
from tests.academy.builders import in_english
from tests.factories import MembershipFactory, UserFactory

TODAY = dt.date(2026, 1, 20)


@pytest.fixture
def pairing(pr_admin: Membership, mentor: Membership, mentee: Membership) -> Mentorship:
    return mentorship_create(
        member=pr_admin, mentor=mentor, mentee=mentee, goals="Bercerita lebih baik.", started_on=dt.date(2026, 1, 1)
    )


def _log(member: Membership, pairing: Mentorship, *, held_on: dt.date | None = None, follow_ups=()) -> MentoringSession:
    return session_log(
        member=member,
        mentorship=pairing,
        held_on=held_on or timezone.localdate(),
        topic="Menulis caption",
        notes="Catatan.",
        follow_ups=follow_ups,
    )


def _due_session(pairing: Mentorship, *, follow_ups: list[tuple[str, str, dt.date]]) -> list[FollowUp]:
    """A session held on 10 January with these follow-ups, written straight to the database (dates in the past
    relative to TODAY, whatever the real date)."""
    session = MentoringSession.objects.create(mentorship=pairing, held_on=dt.date(2026, 1, 10), topic="Etika")
    return [
        FollowUp.objects.create(
            session=session,
            text=text,
            owner=pairing.mentor if owner == "mentor" else pairing.mentee,
            due_on=due_on,
        )
        for text, owner, due_on in follow_ups
    ]


class TestMentorshipCreate:
    def test_the_pr_team_pairs_a_mentor_and_a_mentee(
        self, pr_admin: Membership, mentor: Membership, mentee: Membership, pairing: Mentorship
    ) -> None:
        assert (pairing.organization, pairing.mentor, pairing.mentee) == (pr_admin.organization, mentor, mentee)
        assert pairing.ended_at is None
        assert pairing.created_by == pr_admin.user
        event = AuditEvent.objects.get(action="academy.mentorship.create")
        assert event.target_id == str(pairing.pk)
        assert event.changes == {"mentor": mentor.pk, "mentee": mentee.pk, "started_on": "2026-01-01"}

    def test_an_admin_may_mentor(self, pr_admin: Membership, mentee: Membership) -> None:
        pairing = mentorship_create(member=pr_admin, mentor=pr_admin, mentee=mentee, goals="", started_on=TODAY)
        assert pairing.mentor == pr_admin

    @pytest.mark.parametrize("role", [Role.AMBASSADOR, Role.COORDINATOR, Role.VIEWER])
    def test_only_the_pr_team_pairs(self, role: str, org: Organization, mentor: Membership, mentee: Membership) -> None:
        member = MembershipFactory(organization=org, role=role)
        with pytest.raises(ApplicationError) as error:
            mentorship_create(member=member, mentor=mentor, mentee=mentee, goals="", started_on=TODAY)
        assert error.value.code == "forbidden"
        assert not Mentorship.objects.exists()

    @pytest.mark.parametrize("role", [Role.COORDINATOR, Role.VIEWER])
    def test_the_mentor_is_an_admin_or_an_ambassador(
        self, role: str, org: Organization, pr_admin: Membership, mentee: Membership
    ) -> None:
        in_english(pr_admin)
        candidate = MembershipFactory(organization=org, role=role, user=UserFactory(full_name="Joko Bukan"))
        with pytest.raises(ApplicationError) as error, translation.override("en"):
            mentorship_create(member=pr_admin, mentor=candidate, mentee=mentee, goals="", started_on=TODAY)
        assert error.value.field == "mentor"
        assert "Joko Bukan" in error.value.message
        assert "PR team or an ambassador" in error.value.message

    def test_the_mentee_is_someone_else(self, pr_admin: Membership, mentor: Membership) -> None:
        with pytest.raises(ApplicationError) as error:
            mentorship_create(member=pr_admin, mentor=mentor, mentee=mentor, goals="", started_on=TODAY)
        assert error.value.field == "mentee"

    def test_both_are_active_members_of_the_organization(
        self, pr_admin: Membership, mentor: Membership, mentee: Membership, outsider_admin: Membership
    ) -> None:
        with pytest.raises(ApplicationError) as error:
            mentorship_create(member=pr_admin, mentor=outsider_admin, mentee=mentee, goals="", started_on=TODAY)
        assert error.value.field == "mentor"
        with pytest.raises(ApplicationError) as error:
            mentorship_create(member=pr_admin, mentor=mentor, mentee=outsider_admin, goals="", started_on=TODAY)
        assert error.value.field == "mentee"
        mentee.is_active = False
        mentee.save()
        with pytest.raises(ApplicationError) as error:
            mentorship_create(member=pr_admin, mentor=mentor, mentee=mentee, goals="", started_on=TODAY)
        assert error.value.field == "mentee"

    def test_two_people_have_one_open_pairing(
        self, pr_admin: Membership, mentor: Membership, mentee: Membership, pairing: Mentorship
    ) -> None:
        for first, second in ((mentor, mentee), (mentee, mentor)):
            with pytest.raises(ApplicationError) as error:
                mentorship_create(member=pr_admin, mentor=first, mentee=second, goals="", started_on=TODAY)
            assert error.value.field == "mentee"
        mentorship_end(member=pr_admin, mentorship=pairing)
        again = mentorship_create(member=pr_admin, mentor=mentor, mentee=mentee, goals="", started_on=TODAY)
        assert again.pk != pairing.pk


class TestMentorshipEnd:
    def test_the_pr_team_ends_a_pairing_once(self, pr_admin: Membership, pairing: Mentorship) -> None:
        ended = mentorship_end(member=pr_admin, mentorship=pairing)
        assert ended.ended_at is not None
        assert AuditEvent.objects.filter(action="academy.mentorship.end", target_id=str(pairing.pk)).count() == 1
        with pytest.raises(ApplicationError) as error:
            mentorship_end(member=pr_admin, mentorship=pairing)
        assert error.value.code == "ended"

    def test_the_mentor_cannot_end_it(self, mentor: Membership, pairing: Mentorship) -> None:
        with pytest.raises(ApplicationError) as error:
            mentorship_end(member=mentor, mentorship=pairing)
        assert error.value.code == "forbidden"

    def test_another_organizations_admin_cannot_end_it(self, outsider_admin: Membership, pairing: Mentorship) -> None:
        with pytest.raises(ApplicationError) as error:
            mentorship_end(member=outsider_admin, mentorship=pairing)
        assert error.value.code == "forbidden"


class TestSessionLog:
    def test_the_mentor_logs_a_session_with_its_follow_ups(
        self, mentor: Membership, mentee: Membership, pairing: Mentorship
    ) -> None:
        today = timezone.localdate()
        session = _log(
            mentor,
            pairing,
            follow_ups=[
                FollowUpSpec("Tulis tiga draf caption", "mentee", today + dt.timedelta(days=7)),
                ("Kirim contoh kampanye", "mentor", today),
            ],
        )
        follow_ups = list(session.follow_ups.order_by("due_on"))
        assert [(f.text, f.owner, f.due_on) for f in follow_ups] == [
            ("Kirim contoh kampanye", mentor, today),
            ("Tulis tiga draf caption", mentee, today + dt.timedelta(days=7)),
        ]
        assert session.created_by == mentor.user
        event = AuditEvent.objects.get(action="academy.session.log")
        assert event.target_id == str(session.pk)
        assert len(event.changes["follow_ups"]) == 2
        assert AuditEvent.objects.filter(action__startswith="academy.").count() == 2  # the pairing, the session

    def test_the_pr_team_may_log_too(self, pr_admin: Membership, pairing: Mentorship) -> None:
        assert _log(pr_admin, pairing).pk

    @pytest.mark.parametrize("who", ["mentee", "coordinator", "viewer", "bystander", "outsider_admin"])
    def test_others_may_not(self, who: str, request: pytest.FixtureRequest, pairing: Mentorship) -> None:
        member = request.getfixturevalue(who)
        with pytest.raises(ApplicationError) as error:
            _log(member, pairing)
        assert error.value.code == "forbidden"
        assert not MentoringSession.objects.exists()

    def test_a_session_is_not_dated_more_than_a_day_ahead(self, mentor: Membership, pairing: Mentorship) -> None:
        in_english(mentor)
        tomorrow = timezone.localdate() + dt.timedelta(days=1)
        assert _log(mentor, pairing, held_on=tomorrow).held_on == tomorrow
        with pytest.raises(ApplicationError) as error:
            _log(mentor, pairing, held_on=tomorrow + dt.timedelta(days=1))
        assert error.value.field == "held_on"

    def test_a_session_is_not_dated_before_the_pairing(self, mentor: Membership, pairing: Mentorship) -> None:
        with pytest.raises(ApplicationError) as error:
            _log(mentor, pairing, held_on=pairing.started_on - dt.timedelta(days=1))
        assert error.value.field == "held_on"

    def test_an_ended_pairing_takes_no_sessions(
        self, pr_admin: Membership, mentor: Membership, pairing: Mentorship
    ) -> None:
        mentorship_end(member=pr_admin, mentorship=pairing)
        for member in (mentor, pr_admin):
            with pytest.raises(ApplicationError) as error:
                _log(member, pairing)
            assert error.value.code == "ended"

    def test_a_follow_up_is_not_due_before_the_session(self, mentor: Membership, pairing: Mentorship) -> None:
        today = timezone.localdate()
        with pytest.raises(ApplicationError) as error:
            _log(mentor, pairing, follow_ups=[("Baca modul", "mentee", today - dt.timedelta(days=1))])
        assert error.value.field == "follow_ups"
        assert not MentoringSession.objects.exists()
        assert not FollowUp.objects.exists()

    @pytest.mark.parametrize(
        ("text", "owner", "field"), [("Baca modul", "coordinator", "follow_ups"), ("   ", "mentee", "follow_ups")]
    )
    def test_a_follow_up_needs_a_text_and_an_owner_of_the_pair(
        self, text: str, owner: str, field: str, mentor: Membership, pairing: Mentorship
    ) -> None:
        with pytest.raises(ApplicationError) as error:
            _log(mentor, pairing, follow_ups=[(text, owner, timezone.localdate())])
        assert error.value.field == field

    def test_a_session_needs_a_topic(self, mentor: Membership, pairing: Mentorship) -> None:
        with pytest.raises(ApplicationError) as error:
            session_log(
                member=mentor, mentorship=pairing, held_on=timezone.localdate(), topic="  ", notes="", follow_ups=[]
            )
        assert error.value.field == "topic"


class TestSessionUpdate:
    def test_the_mentor_corrects_a_session_and_adds_a_follow_up(
        self, mentor: Membership, mentee: Membership, pairing: Mentorship
    ) -> None:
        session = _log(mentor, pairing)
        today = timezone.localdate()
        session_update(
            member=mentor,
            session=session,
            held_on=today,
            topic="Menulis caption yang jujur",
            notes="Catatan baru.",
            follow_ups=[("Baca modul etika", "mentee", today + dt.timedelta(days=3))],
        )
        session.refresh_from_db()
        assert (session.topic, session.notes) == ("Menulis caption yang jujur", "Catatan baru.")
        assert session.follow_ups.get().owner == mentee
        event = AuditEvent.objects.get(action="academy.session.update")
        assert event.changes["topic"] == ["Menulis caption", "Menulis caption yang jujur"]
        assert event.changes["notes"] is True  # changed, its text kept out of the log
        assert event.changes["follow_ups_added"] == 1

    def test_a_session_does_not_move_past_its_follow_ups(self, mentor: Membership, pairing: Mentorship) -> None:
        today = timezone.localdate()
        session = _log(mentor, pairing, held_on=today - dt.timedelta(days=3), follow_ups=[("Baca", "mentee", today)])
        with pytest.raises(ApplicationError) as error:
            session_update(
                member=mentor, session=session, held_on=today + dt.timedelta(days=1), topic="x", notes="", follow_ups=[]
            )
        assert error.value.field == "held_on"

    def test_the_mentee_cannot_edit_it(self, mentor: Membership, mentee: Membership, pairing: Mentorship) -> None:
        session = _log(mentor, pairing)
        with pytest.raises(ApplicationError) as error:
            session_update(member=mentee, session=session, held_on=session.held_on, topic="x", notes="", follow_ups=[])
        assert error.value.code == "forbidden"


class TestFollowUps:
    @pytest.fixture
    def session(self, mentor: Membership, pairing: Mentorship) -> MentoringSession:
        return _log(mentor, pairing)

    def test_the_mentor_adds_one(self, mentor: Membership, session: MentoringSession) -> None:
        follow_up = follow_up_add(
            member=mentor, session=session, text="Rekam video", owner="mentor", due_on=session.held_on
        )
        assert follow_up.owner == mentor
        assert AuditEvent.objects.filter(action="academy.followup.add", target_id=str(follow_up.pk)).exists()

    def test_the_mentee_adds_none(self, mentee: Membership, session: MentoringSession) -> None:
        with pytest.raises(ApplicationError) as error:
            follow_up_add(member=mentee, session=session, text="x", owner="mentee", due_on=session.held_on)
        assert error.value.code == "forbidden"

    @pytest.mark.parametrize("who", ["mentee", "mentor", "pr_admin"])
    def test_the_owner_the_mentor_or_the_pr_team_mark_it_done_and_open_again(
        self, who: str, request: pytest.FixtureRequest, mentor: Membership, session: MentoringSession
    ) -> None:
        follow_up = follow_up_add(
            member=mentor, session=session, text="Baca modul", owner="mentee", due_on=session.held_on
        )
        member = request.getfixturevalue(who)
        assert follow_up_done(member=member, follow_up=follow_up).done_at is not None
        follow_up_done(member=member, follow_up=follow_up)  # twice: nothing more
        assert AuditEvent.objects.filter(action="academy.followup.done").count() == 1
        assert follow_up_reopen(member=member, follow_up=follow_up).done_at is None
        assert AuditEvent.objects.filter(action="academy.followup.reopen").count() == 1

    @pytest.mark.parametrize("who", ["bystander", "coordinator", "outsider_admin"])
    def test_others_may_not_mark_it(
        self, who: str, request: pytest.FixtureRequest, mentor: Membership, session: MentoringSession
    ) -> None:
        follow_up = follow_up_add(member=mentor, session=session, text="Baca", owner="mentee", due_on=session.held_on)
        with pytest.raises(ApplicationError) as error:
            follow_up_done(member=request.getfixturevalue(who), follow_up=follow_up)
        assert error.value.code == "forbidden"

    def test_the_mentee_does_not_mark_the_mentors_follow_up(
        self, mentor: Membership, mentee: Membership, session: MentoringSession
    ) -> None:
        follow_up = follow_up_add(member=mentor, session=session, text="Kirim", owner="mentor", due_on=session.held_on)
        with pytest.raises(ApplicationError) as error:
            follow_up_done(member=mentee, follow_up=follow_up)
        assert error.value.code == "forbidden"


class TestVisibility:
    def test_the_pair_and_the_pr_team_see_the_pairing(
        self, pr_admin: Membership, mentor: Membership, mentee: Membership, pairing: Mentorship
    ) -> None:
        for member in (pr_admin, mentor, mentee):
            assert list(mentorship_list_for_member(member=member)) == [pairing]
            assert mentorship_get_for_member(member=member, pk=pairing.pk) == pairing

    @pytest.mark.parametrize("who", ["bystander", "coordinator", "viewer", "outsider_admin"])
    def test_nobody_else_does(self, who: str, request: pytest.FixtureRequest, pairing: Mentorship) -> None:
        member = request.getfixturevalue(who)
        assert not mentorship_list_for_member(member=member).exists()
        with pytest.raises(Http404):
            mentorship_get_for_member(member=member, pk=pairing.pk)

    def test_a_coordinator_sees_their_own_pairing_only(
        self, pr_admin: Membership, coordinator: Membership, mentor: Membership, pairing: Mentorship
    ) -> None:
        own = mentorship_create(member=pr_admin, mentor=mentor, mentee=coordinator, goals="", started_on=TODAY)
        assert list(mentorship_list_for_member(member=coordinator)) == [own]

    def test_the_list_counts_open_follow_ups_and_shows_the_last_session(
        self, pr_admin: Membership, mentor: Membership, pairing: Mentorship
    ) -> None:
        today = timezone.localdate()
        _log(mentor, pairing, held_on=today - dt.timedelta(days=5), follow_ups=[("a", "mentee", today)])
        session = _log(mentor, pairing, held_on=today - dt.timedelta(days=1), follow_ups=[("b", "mentee", today)])
        follow_up_done(member=mentor, follow_up=session.follow_ups.get())
        row = mentorship_list_for_member(member=pr_admin).get()
        assert (row.last_session_on, row.open_follow_ups) == (today - dt.timedelta(days=1), 1)

    def test_my_follow_ups_are_mine_and_open(self, mentor: Membership, mentee: Membership, pairing: Mentorship) -> None:
        today = timezone.localdate()
        session = _log(
            mentor, pairing, follow_ups=[("a", "mentee", today), ("b", "mentor", today), ("c", "mentee", today)]
        )
        follow_up_done(member=mentee, follow_up=session.follow_ups.get(text="c"))
        assert [f.text for f in follow_ups_open_for_member(member=mentee)] == ["a"]
        assert [f.text for f in follow_ups_open_for_member(member=mentor)] == ["b"]

    def test_candidates_are_active_members_and_mentors_admins_or_ambassadors(
        self, pr_admin: Membership, mentor: Membership, mentee: Membership, coordinator: Membership, viewer: Membership
    ) -> None:
        mentee.is_active = False
        mentee.save()
        assert set(mentor_candidates(member=pr_admin)) == {pr_admin, mentor}
        assert set(mentee_candidates(member=pr_admin)) == {pr_admin, mentor, coordinator, viewer}


class TestReminders:
    def test_due_and_overdue_follow_ups_are_reminded_once(
        self, org: Organization, mentor: Membership, mentee: Membership, pairing: Mentorship
    ) -> None:
        due, overdue, later = _due_session(
            pairing,
            follow_ups=[
                ("Tulis draf", "mentee", TODAY),
                ("Kirim contoh", "mentor", TODAY - dt.timedelta(days=4)),
                ("Rekam video", "mentee", TODAY + dt.timedelta(days=1)),
            ],
        )
        assert follow_ups_remind(today=TODAY) == 2
        sent = {n.recipient_id: n for n in Notification.objects.filter(key__startswith="academy.followup:")}
        assert set(sent) == {mentee.user_id, mentor.user_id}
        notification = sent[mentee.user_id]
        assert notification.kind == Kind.REMINDER
        assert notification.key == f"academy.followup:{due.pk}"
        assert notification.url == reverse("academy:mentoring_detail", args=[org.slug, pairing.pk])
        assert notification.url == f"/o/{org.slug}/academy/mentoring/{pairing.pk}/"
        assert "Tulis draf" in notification.body
        assert notification.topic == "academy.mentoring"
        assert set(FollowUp.objects.filter(reminded_on=TODAY).values_list("pk", flat=True)) == {due.pk, overdue.pk}
        assert FollowUp.objects.get(pk=later.pk).reminded_on is None
        event = AuditEvent.objects.get(action="academy.followup.remind")
        assert sorted(event.changes["follow_ups"]) == sorted([due.pk, overdue.pk])

        assert follow_ups_remind(today=TODAY) == 0
        assert follow_ups_remind(today=TODAY + dt.timedelta(days=1)) == 1  # the next one falls due
        assert Notification.objects.filter(key__startswith="academy.followup:").count() == 3

    def test_done_ones_ended_pairings_and_inactive_owners_are_left_alone(
        self, pr_admin: Membership, mentor: Membership, mentee: Membership, pairing: Mentorship, bystander: Membership
    ) -> None:
        (done,) = _due_session(pairing, follow_ups=[("Selesai", "mentee", TODAY)])
        follow_up_done(member=mentee, follow_up=done)
        ended = mentorship_create(member=pr_admin, mentor=pr_admin, mentee=bystander, goals="", started_on=TODAY)
        _due_session(ended, follow_ups=[("Pasangan selesai", "mentee", TODAY)])
        mentorship_end(member=pr_admin, mentorship=ended)
        other = mentorship_create(member=pr_admin, mentor=mentor, mentee=pr_admin, goals="", started_on=TODAY)
        (gone,) = _due_session(other, follow_ups=[("Pemilik keluar", "mentor", TODAY)])
        mentor.is_active = False
        mentor.save()
        assert follow_ups_remind(today=TODAY) == 0
        assert not Notification.objects.filter(key__startswith="academy.followup:").exists()
        assert FollowUp.objects.get(pk=gone.pk).reminded_on is None

    def test_each_owner_reads_it_in_their_language(
        self, mentor: Membership, mentee: Membership, pairing: Mentorship
    ) -> None:
        in_english(mentor)
        _due_session(pairing, follow_ups=[("A", "mentor", TODAY), ("B", "mentee", TODAY - dt.timedelta(days=1))])
        follow_ups_remind(today=TODAY)
        english = Notification.objects.get(recipient=mentor.user)
        indonesian = Notification.objects.get(recipient=mentee.user)
        assert english.subject == "Mentoring follow-up due today"
        assert "20 January 2026" in english.body
        assert "19 Januari 2026" in indonesian.body
        assert "January" not in indonesian.body
        assert "Sari Lain" in english.body  # the other one of the pair
        assert "Putri Duta" in indonesian.body

    def test_the_daily_task_reminds_what_fell_due(self, mentee: Membership, pairing: Mentorship) -> None:
        _due_session(pairing, follow_ups=[("Tulis", "mentee", dt.date(2026, 1, 12))])
        assert follow_ups_remind_task.call_local() == 1
        assert Notification.objects.filter(recipient=mentee.user, kind=Kind.REMINDER).count() == 1

    def test_the_task_runs_at_seven_in_the_morning_of_the_time_zone(self, settings) -> None:
        settings.TIME_ZONE = "Asia/Jakarta"
        schedule = local_crontab(hour=7)
        assert schedule(dt.datetime(2026, 1, 5, 0, 0))  # 07:00 WIB is midnight UTC
        assert not schedule(dt.datetime(2026, 1, 5, 7, 0))
        settings.TIME_ZONE = "Asia/Jayapura"
        assert local_crontab(hour=7)(dt.datetime(2026, 1, 4, 22, 0))  # 07:00 WIT is 22:00 UTC the day before
