"""Mentoring: the PR team pairs a mentor (an admin or an ambassador) with a mentee; the mentor logs their sessions
and the follow-ups agreed in them; each follow-up's owner is reminded once when it falls due."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import NamedTuple

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from duta.academy.access import MENTOR_ROLES, can_log_sessions, can_mark_follow_up
from duta.academy.models import FollowUp, MentoringSession, Mentorship
from duta.core.audit import audit_record
from duta.core.exceptions import ApplicationError, forbidden, full_clean_or_refuse
from duta.organizations.models import Membership, Role

OWNERS = ("mentor", "mentee")
DAYS_AHEAD = 1  # a session may be dated tomorrow at most (time zones apart), never later


class FollowUpSpec(NamedTuple):
    """A follow-up to record: what, for whom (``"mentor"`` or ``"mentee"``), by when."""

    text: str
    owner: str
    due_on: dt.date


# --- pairings --------------------------------------------------------------------------------------


@transaction.atomic
def mentorship_create(
    *, member: Membership, mentor: Membership, mentee: Membership, goals: str, started_on: dt.date
) -> Mentorship:
    """Pair ``mentor`` with ``mentee`` (the PR team only): both active members of the organization, the mentor an
    admin or an ambassador, the mentee anyone else; two people have one open pairing at most."""
    if member.role != Role.ADMIN or not member.is_active:
        raise forbidden()
    organization = member.organization
    if mentor.organization_id != organization.pk or not mentor.is_active:
        raise ApplicationError(_("Choose an active member of this organization as the mentor."), field="mentor")
    if mentor.role not in MENTOR_ROLES:
        raise ApplicationError(
            _("A mentor is someone of the PR team or an ambassador: %(name)s is neither.") % {"name": mentor.user},
            field="mentor",
        )
    if mentee.organization_id != organization.pk or not mentee.is_active:
        raise ApplicationError(_("Choose an active member of this organization as the mentee."), field="mentee")
    if mentee.pk == mentor.pk:
        raise ApplicationError(_("The mentee must be someone other than the mentor."), field="mentee")
    # one open pairing per two people, whichever of them mentors (locked: two admins pairing them at once)
    list(Membership.objects.select_for_update().filter(pk__in=[mentor.pk, mentee.pk]).order_by("pk"))
    if Mentorship.objects.filter(
        Q(mentor=mentor, mentee=mentee) | Q(mentor=mentee, mentee=mentor), ended_at__isnull=True
    ).exists():
        raise ApplicationError(
            _("%(mentor)s and %(mentee)s are already paired. End that pairing first.")
            % {"mentor": mentor.user, "mentee": mentee.user},
            field="mentee",
        )
    mentorship = Mentorship(
        organization=organization,
        mentor=mentor,
        mentee=mentee,
        goals=goals.strip(),
        started_on=started_on,
        created_by=member.user,
    )
    full_clean_or_refuse(mentorship, validate_constraints=False)
    try:
        with transaction.atomic():
            mentorship.save()
    except IntegrityError as error:  # pragma: no cover - the lock above makes this a last resort
        raise ApplicationError(_("These two people are already paired."), field="mentee") from error
    audit_record(
        actor=member.user,
        organization=organization,
        action="academy.mentorship.create",
        target=mentorship,
        changes={"mentor": mentor.pk, "mentee": mentee.pk, "started_on": started_on.isoformat()},
    )
    return mentorship


@transaction.atomic
def mentorship_end(*, member: Membership, mentorship: Mentorship) -> Mentorship:
    """End a pairing (the PR team only): it keeps its sessions, takes no new ones and sends no more reminders."""
    if member.role != Role.ADMIN or not can_log_sessions(member, mentorship):
        raise forbidden()
    if Mentorship.objects.select_for_update().values_list("ended_at", flat=True).get(pk=mentorship.pk) is not None:
        raise ApplicationError(_("This pairing has ended already."), code="ended")
    mentorship.ended_at = timezone.now()
    mentorship.save(update_fields=["ended_at", "updated_at"])
    audit_record(
        actor=member.user,
        organization=member.organization,
        action="academy.mentorship.end",
        target=mentorship,
        changes={"ended_at": mentorship.ended_at.isoformat()},
    )
    return mentorship


# --- sessions and follow-ups -----------------------------------------------------------------------


def _require_session_writer(member: Membership, mentorship: Mentorship) -> None:
    if not can_log_sessions(member, mentorship):
        raise forbidden()
    # read under a lock: a pairing ended meanwhile takes nothing more
    mentorship.ended_at = (
        Mentorship.objects.select_for_update().values_list("ended_at", flat=True).get(pk=mentorship.pk)
    )
    if mentorship.ended_at is not None:
        raise ApplicationError(_("This pairing has ended: it takes no new sessions or changes."), code="ended")


def _check_held_on(mentorship: Mentorship, held_on: dt.date) -> None:
    if held_on > timezone.localdate() + dt.timedelta(days=DAYS_AHEAD):
        raise ApplicationError(
            _("A session is logged once it has taken place: the date is in the future."), field="held_on"
        )
    if held_on < mentorship.started_on:
        raise ApplicationError(
            _("The pairing started on %(date)s: a session cannot be earlier.")
            % {"date": formats.date_format(mentorship.started_on, "j F Y")},
            field="held_on",
        )


def _follow_up_build(
    *, mentorship: Mentorship, session: MentoringSession, held_on: dt.date, spec: FollowUpSpec
) -> FollowUp:
    text = " ".join(spec.text.split())
    if not text:
        raise ApplicationError(_("Write what was agreed."), field="follow_ups")
    if spec.owner not in OWNERS:
        raise ApplicationError(_("A follow-up is for the mentor or for the mentee."), field="follow_ups")
    if spec.due_on < held_on:
        raise ApplicationError(
            _("A follow-up cannot be due before the session (%(date)s).")
            % {"date": formats.date_format(held_on, "j F Y")},
            field="follow_ups",
        )
    follow_up = FollowUp(
        session=session,
        text=text,
        owner_id=mentorship.mentor_id if spec.owner == "mentor" else mentorship.mentee_id,
        due_on=spec.due_on,
    )
    try:
        follow_up.full_clean(exclude=["session"])
    except ValidationError as error:
        raise ApplicationError(
            "; ".join(str(message) for messages in error.message_dict.values() for message in messages),
            field="follow_ups",
        ) from error
    return follow_up


def _session_fill(session: MentoringSession, *, held_on: dt.date, topic: str, notes: str) -> None:
    session.held_on = held_on
    session.topic = " ".join(topic.split())
    session.notes = notes.strip()
    if not session.topic:
        raise ApplicationError(_("Give the session a topic."), field="topic")
    full_clean_or_refuse(session, exclude=["mentorship"])


@transaction.atomic
def session_log(
    *,
    member: Membership,
    mentorship: Mentorship,
    held_on: dt.date,
    topic: str,
    notes: str,
    follow_ups: Iterable[FollowUpSpec | tuple[str, str, dt.date]] = (),
) -> MentoringSession:
    """Record a session of an open pairing (its mentor or the PR team), with the follow-ups agreed in it, each for
    the mentor or the mentee and due no earlier than the session."""
    _require_session_writer(member, mentorship)
    _check_held_on(mentorship, held_on)
    session = MentoringSession(mentorship=mentorship, created_by=member.user)
    _session_fill(session, held_on=held_on, topic=topic, notes=notes)
    specs = [FollowUpSpec(*spec) for spec in follow_ups]
    built = [_follow_up_build(mentorship=mentorship, session=session, held_on=held_on, spec=spec) for spec in specs]
    session.save()
    for follow_up in built:
        follow_up.session = session
    FollowUp.objects.bulk_create(built)
    audit_record(
        actor=member.user,
        organization=member.organization,
        action="academy.session.log",
        target=session,
        changes={
            "mentorship": mentorship.pk,
            "held_on": held_on.isoformat(),
            "topic": session.topic,
            "follow_ups": [
                {"text": f.text, "owner": s.owner, "due_on": f.due_on.isoformat()}
                for f, s in zip(built, specs, strict=True)
            ],
        },
    )
    return session


@transaction.atomic
def session_update(
    *,
    member: Membership,
    session: MentoringSession,
    held_on: dt.date,
    topic: str,
    notes: str,
    follow_ups: Iterable[FollowUpSpec | tuple[str, str, dt.date]] = (),
) -> MentoringSession:
    """Correct a session's date, topic or notes and add follow-ups to it (its mentor or the PR team, while the
    pairing is open). The session cannot move past the due date of one of its follow-ups."""
    mentorship = session.mentorship
    _require_session_writer(member, mentorship)
    _check_held_on(mentorship, held_on)
    before = {"held_on": session.held_on.isoformat(), "topic": session.topic, "notes": session.notes}
    _session_fill(session, held_on=held_on, topic=topic, notes=notes)
    earliest = session.follow_ups.order_by("due_on").values_list("due_on", flat=True).first()
    if earliest is not None and earliest < held_on:
        raise ApplicationError(
            _("A follow-up of this session is due on %(date)s, before this date.")
            % {"date": formats.date_format(earliest, "j F Y")},
            field="held_on",
        )
    specs = [FollowUpSpec(*spec) for spec in follow_ups]
    added = [_follow_up_build(mentorship=mentorship, session=session, held_on=held_on, spec=spec) for spec in specs]
    session.save(update_fields=["held_on", "topic", "notes", "updated_at"])
    FollowUp.objects.bulk_create(added)
    after = {"held_on": session.held_on.isoformat(), "topic": session.topic, "notes": session.notes}
    changes: dict[str, object] = {key: [before[key], after[key]] for key in after if before[key] != after[key]}
    if "notes" in changes:
        changes["notes"] = True  # the notes themselves stay out of the log
    if added:
        changes["follow_ups_added"] = len(added)
    audit_record(
        actor=member.user,
        organization=member.organization,
        action="academy.session.update",
        target=session,
        changes=changes,
    )
    return session


@transaction.atomic
def follow_up_add(*, member: Membership, session: MentoringSession, text: str, owner: str, due_on: dt.date) -> FollowUp:
    """Add one follow-up to a session of an open pairing (its mentor or the PR team)."""
    mentorship = session.mentorship
    _require_session_writer(member, mentorship)
    follow_up = _follow_up_build(
        mentorship=mentorship, session=session, held_on=session.held_on, spec=FollowUpSpec(text, owner, due_on)
    )
    follow_up.save()
    audit_record(
        actor=member.user,
        organization=member.organization,
        action="academy.followup.add",
        target=follow_up,
        changes={"session": session.pk, "owner": owner, "due_on": due_on.isoformat()},
    )
    return follow_up


def _follow_up_mark(member: Membership, follow_up: FollowUp, *, done: bool) -> FollowUp:
    locked = FollowUp.objects.select_for_update().select_related("session__mentorship").get(pk=follow_up.pk)
    if not can_mark_follow_up(member, locked, locked.session.mentorship):
        raise forbidden()
    if (locked.done_at is not None) == done:
        return locked  # so already: nothing to write
    before = locked.done_at
    locked.done_at = timezone.now() if done else None
    locked.save(update_fields=["done_at", "updated_at"])
    audit_record(
        actor=member.user,
        organization=member.organization,
        action="academy.followup.done" if done else "academy.followup.reopen",
        target=locked,
        changes={"done_at": [value.isoformat() if value else None for value in (before, locked.done_at)]},
    )
    return locked


@transaction.atomic
def follow_up_done(*, member: Membership, follow_up: FollowUp) -> FollowUp:
    """Mark a follow-up done (its owner, the mentor or the PR team); done already changes nothing."""
    return _follow_up_mark(member, follow_up, done=True)


@transaction.atomic
def follow_up_reopen(*, member: Membership, follow_up: FollowUp) -> FollowUp:
    """Open again a follow-up marked done by mistake (its owner, the mentor or the PR team); open already changes
    nothing. It is not reminded a second time."""
    return _follow_up_mark(member, follow_up, done=False)
