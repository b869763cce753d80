"""Demo training: the program requires the first two built-in courses; the demo ambassador is in training with one
of them passed, a dozen colleagues are at various points, and the PR team mentors her. Everything goes through
the academy's and the pipeline's services, as a person on the site would."""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import timedelta

from django.utils import timezone

from duta.academy.models import Completion, Course, Lesson, Mentorship
from duta.academy.services.courses import course_data, course_update
from duta.academy.services.learning import attempt_answer, attempt_start, lesson_mark_done
from duta.academy.services.mentoring import mentorship_create, session_log
from duta.organizations.models import Membership, Role
from duta.people.models import Employee
from duta.programs import pipeline
from duta.programs.models import Candidate, Program, Stage
from duta.programs.services import candidate_apply, candidate_move

REQUIRED = ("bercerita-digital", "etika-bermedia-sosial")
LEARNERS = 12
# applied -> eligible -> screening -> interview -> training, each step with the reason the PR team gives
TO_TRAINING = (
    (Stage.ELIGIBLE, "Memenuhi syarat jumlah pengikut."),
    (Stage.SCREENING, "Pemeriksaan rekam jejak digital."),
    (Stage.INTERVIEW, "Rekam jejak bersih."),
    (Stage.TRAINING, "Wawancara lancar; lanjut ke pelatihan."),
)


def demo_academy(admin: Membership, program: Program, *, seed: int) -> int:
    """Returns how many courses were completed (0 when the organization already has its demo training)."""
    organization = admin.organization
    if Completion.objects.filter(organization=organization).exists():
        return 0
    required = [Course.objects.get(organization=organization, slug=slug) for slug in REQUIRED]
    for course in required:
        data = course_data(course)
        course_update(member=admin, course=course, data=replace(data, required_for=[*data.required_for, program]))
    rng = random.Random(seed)
    ambassadors = list(
        Membership.objects.filter(organization=organization, role=Role.AMBASSADOR, is_active=True)
        .select_related("user", "organization")
        .order_by("pk")[: LEARNERS + 1]
    )
    completed = 0
    for index, member in enumerate(ambassadors):
        _to_training(admin, program, member)
        if index == 0:  # the demo ambassador: one of the two done, the other waiting for her
            completed += _complete(member, required[0], rng, mistakes=1)
            continue
        for course in required[: rng.choice((0, 1, 1, 2, 2))]:
            completed += _complete(member, course, rng, mistakes=rng.choice((0, 1, 2)))
    if ambassadors:
        _mentoring(admin, ambassadors[0])
    return completed


def _to_training(admin: Membership, program: Program, member: Membership) -> None:
    employee = Employee.objects.filter(organization=member.organization, email=member.user.email).first()
    if employee is None:
        return
    candidate = Candidate.objects.filter(program=program, employee=employee).first()
    if candidate is None:
        candidate = candidate_apply(
            member=member, program=program, employee=employee, consent_given=True, code_of_conduct=True
        )
    for stage, reason in TO_TRAINING:
        if pipeline.can_move(candidate.stage, stage):
            candidate = candidate_move(member=admin, candidate=candidate, to_stage=stage, reason=reason)


def _complete(member: Membership, course: Course, rng: random.Random, *, mistakes: int) -> int:
    """Read every lesson and take the quiz, getting ``mistakes`` answers wrong; 1 when the course was passed."""
    for lesson in Lesson.objects.filter(module__course=course).order_by("module__position", "position"):
        lesson_mark_done(member=member, lesson=lesson)
    while True:
        attempt = attempt_start(member=member, course=course)
        questions = {question.pk: question for question in course.questions.prefetch_related("choices")}
        wrong = set(rng.sample(range(len(attempt.layout)), k=min(mistakes, len(attempt.layout))))
        for index, row in enumerate(attempt.layout):
            question = questions[int(row[0])]
            choices = list(question.choices.all())
            right = [choice.pk for choice in choices if choice.is_correct]
            chosen = [next(choice.pk for choice in choices if not choice.is_correct)] if index in wrong else right
            marked = attempt_answer(member=member, attempt=attempt, question_id=question.pk, choice_ids=chosen)
        if marked.attempt.passed:
            return 1
        mistakes = 0  # read the explanations, then passed on the next try


def _mentoring(admin: Membership, mentee: Membership) -> None:
    if Mentorship.objects.filter(organization=admin.organization, mentee=mentee).exists():
        return
    mentor = (
        Membership.objects.filter(
            organization=admin.organization, role=Role.ADMIN, is_active=True, user__email__startswith="humas@"
        ).first()
        or admin
    )
    today = timezone.localdate()
    mentorship = mentorship_create(
        member=admin,
        mentor=mentor,
        mentee=mentee,
        goals="Menulis cerita layanan yang menyentuh, tiga unggahan seminggu.",
        started_on=today - timedelta(days=21),
    )
    session_log(
        member=mentor,
        mentorship=mentorship,
        held_on=today - timedelta(days=7),
        topic="Membuka cerita dengan kait yang kuat",
        notes="Kami membahas tiga unggahan terakhir. Kalimat pembuka masih terlalu umum; "
        "coba mulai dari satu momen nyata di loket layanan.",
        follow_ups=[
            ("Menulis ulang dua keterangan dengan kait dari momen nyata", "mentee", today - timedelta(days=1)),
            ("Mengirim contoh unggahan Instagram yang baik", "mentor", today + timedelta(days=3)),
        ],
    )
