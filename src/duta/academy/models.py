"""The academy: courses (modules, lessons, files, a quiz), what each member has done, certificates, mentoring."""

from __future__ import annotations

from django.conf import settings
from django.core.files.storage import Storage, storages
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from duta.core.models import TimeStampedModel


class Course(TimeStampedModel):
    """A course of an organization: modules of lessons, then a quiz. Built-in courses are copies it may edit."""

    organization = models.ForeignKey("organizations.Organization", on_delete=models.PROTECT, related_name="courses")
    slug = models.SlugField(_("short name"), max_length=50)
    title = models.CharField(_("title"), max_length=200)
    title_en = models.CharField(_("title in English"), max_length=200, blank=True)
    summary = models.TextField(_("summary"), blank=True)
    summary_en = models.TextField(_("summary in English"), blank=True)
    minutes = models.PositiveSmallIntegerField(
        _("minutes to finish"), default=30, validators=[MinValueValidator(1), MaxValueValidator(600)]
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    is_published = models.BooleanField(
        _("published"), default=True, help_text=_("Learners see published courses only.")
    )
    builtin = models.SlugField(
        _("built-in course"), max_length=50, blank=True, help_text=_("The built-in course this one was copied from.")
    )
    passing_score = models.PositiveSmallIntegerField(
        _("passing score (%)"), default=75, validators=[MinValueValidator(1), MaxValueValidator(100)]
    )
    max_attempts = models.PositiveSmallIntegerField(
        _("attempts allowed"),
        default=3,
        validators=[MaxValueValidator(20)],
        help_text=_("0 means no limit."),
    )
    shuffle_answers = models.BooleanField(_("shuffle questions and answers"), default=True)
    required_for = models.ManyToManyField(
        "programs.Program",
        verbose_name=_("required for programs"),
        blank=True,
        related_name="required_courses",
        help_text=_("Candidates in training in these programs become active once they pass every required course."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["position", "title", "id"]
        verbose_name = _("course")
        verbose_name_plural = _("courses")
        constraints = [models.UniqueConstraint(fields=["organization", "slug"], name="course_unique_slug_per_org")]

    def __str__(self) -> str:
        return self.title


class Module(TimeStampedModel):
    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="modules")
    title = models.CharField(_("title"), max_length=200)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("module")
        verbose_name_plural = _("modules")

    def __str__(self) -> str:
        return self.title


class Lesson(TimeStampedModel):
    """A lesson: Markdown (with the lesson's own images), an optional video link, downloadable files."""

    module = models.ForeignKey(Module, on_delete=models.CASCADE, related_name="lessons")
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text (Markdown)"), blank=True)
    summary_en = models.TextField(_("summary in English"), blank=True)
    video_url = models.URLField(_("video link"), max_length=500, blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("lesson")
        verbose_name_plural = _("lessons")

    def __str__(self) -> str:
        return self.title


def academy_storage() -> Storage:
    """Lesson files live in a private storage (settings.STORAGES["academy"]), served only through a scoped view."""
    return storages["academy"]


class LessonFile(TimeStampedModel):
    """An image shown in a lesson's text or a PDF to download: type checked by content, metadata stripped."""

    class Kind(models.TextChoices):
        IMAGE = "image", _("Image")
        PDF = "pdf", _("PDF")

    lesson = models.ForeignKey(Lesson, on_delete=models.CASCADE, related_name="files")
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=100)
    file = models.FileField(_("file"), storage=academy_storage, upload_to="lessons/%Y/%m/", max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField(_("size in bytes"))
    sha256 = models.CharField(max_length=64)
    width = models.PositiveIntegerField(null=True, blank=True)
    height = models.PositiveIntegerField(null=True, blank=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("lesson file")
        verbose_name_plural = _("lesson files")
        constraints = [models.UniqueConstraint(fields=["lesson", "name"], name="lessonfile_unique_name")]

    def __str__(self) -> str:
        return self.name


class Question(TimeStampedModel):
    class Kind(models.TextChoices):
        SINGLE = "single", _("One answer")
        MULTIPLE = "multiple", _("Several answers")

    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="questions")
    text = models.TextField(_("question"))
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices, default=Kind.SINGLE)
    explanation = models.TextField(_("explanation"), blank=True, help_text=_("Shown right after the answer."))
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("question")
        verbose_name_plural = _("questions")

    def __str__(self) -> str:
        return self.text[:80]


class Choice(models.Model):
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="choices")
    text = models.CharField(_("answer"), max_length=500)
    is_correct = models.BooleanField(_("correct"), default=False)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("answer")
        verbose_name_plural = _("answers")

    def __str__(self) -> str:
        return self.text[:80]


class LessonDone(models.Model):
    """A member has read a lesson."""

    member = models.ForeignKey("organizations.Membership", on_delete=models.CASCADE, related_name="+")
    lesson = models.ForeignKey(Lesson, on_delete=models.CASCADE, related_name="+")
    done_at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["member", "lesson"], name="lessondone_unique")]

    def __str__(self) -> str:
        return f"{self.member_id}: {self.lesson_id}"


class Attempt(models.Model):
    """One try at a course's quiz. ``layout`` is the order shown ([question id, [choice ids]] ...), kept so that a
    reload shows the same order; ``answers`` maps a question id to the chosen ids, each locked once answered, and
    ``marks`` to whether it was right then (an edit of the question later changes nothing). An attempt finished
    with no ``score`` was voided (every question it showed was deleted) and does not count."""

    member = models.ForeignKey("organizations.Membership", on_delete=models.CASCADE, related_name="+")
    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="attempts")
    number = models.PositiveSmallIntegerField()
    started_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)
    layout = models.JSONField(default=list)
    answers = models.JSONField(default=dict)
    marks = models.JSONField(default=dict)  # question id -> right or not, as marked when answered
    correct = models.PositiveSmallIntegerField(default=0)
    score = models.PositiveSmallIntegerField(null=True, blank=True)
    passed = models.BooleanField(default=False)

    class Meta:
        ordering = ["-started_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["member", "course", "number"], name="attempt_unique_number"),
            models.UniqueConstraint(
                fields=["member", "course"], condition=Q(finished_at__isnull=True), name="attempt_one_open"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.course_id} #{self.number}"


class AttemptGrant(models.Model):
    """One more attempt at a course's quiz for one learner, given by the PR team."""

    member = models.ForeignKey("organizations.Membership", on_delete=models.CASCADE, related_name="+")
    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="attempt_grants")
    granted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["member", "course"], name="attemptgrant_member_course")]

    def __str__(self) -> str:
        return f"{self.member_id}: {self.course_id}"


class Completion(models.Model):
    """A course completed, and its certificate. The holder's name and the course's title are kept as printed, so
    that a certificate still verifies after the course is renamed or deleted."""

    organization = models.ForeignKey("organizations.Organization", on_delete=models.PROTECT, related_name="+")
    member = models.ForeignKey("organizations.Membership", on_delete=models.PROTECT, related_name="+")
    course = models.ForeignKey(Course, null=True, on_delete=models.SET_NULL, related_name="completions")
    code = models.CharField(_("verification code"), max_length=16, unique=True)
    holder_name = models.CharField(max_length=200)
    course_title = models.CharField(max_length=200)
    score = models.PositiveSmallIntegerField(null=True, blank=True)
    completed_at = models.DateTimeField()

    class Meta:
        ordering = ["-completed_at", "-id"]
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        constraints = [models.UniqueConstraint(fields=["member", "course"], name="completion_unique")]
        indexes = [models.Index(fields=["organization", "completed_at"], name="completion_org_time")]

    def __str__(self) -> str:
        return f"{self.holder_name} – {self.course_title}"


class Mentorship(TimeStampedModel):
    """A mentor (an admin or an experienced ambassador) and a mentee, from a date until it ends."""

    organization = models.ForeignKey("organizations.Organization", on_delete=models.PROTECT, related_name="+")
    mentor = models.ForeignKey(
        "organizations.Membership", verbose_name=_("mentor"), on_delete=models.PROTECT, related_name="+"
    )
    mentee = models.ForeignKey(
        "organizations.Membership", verbose_name=_("mentee"), on_delete=models.PROTECT, related_name="+"
    )
    goals = models.TextField(_("goals"), blank=True)
    started_on = models.DateField(_("started on"))
    ended_at = models.DateTimeField(_("ended at"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["-started_on", "-id"]
        verbose_name = _("mentorship")
        verbose_name_plural = _("mentorships")
        constraints = [
            models.UniqueConstraint(
                fields=["mentor", "mentee"], condition=Q(ended_at__isnull=True), name="mentorship_one_open_per_pair"
            ),
            models.CheckConstraint(condition=~Q(mentor=models.F("mentee")), name="mentorship_not_self"),
        ]

    def __str__(self) -> str:
        return f"{self.mentor} → {self.mentee}"


class MentoringSession(TimeStampedModel):
    mentorship = models.ForeignKey(Mentorship, on_delete=models.CASCADE, related_name="sessions")
    held_on = models.DateField(_("date"))
    topic = models.CharField(_("topic"), max_length=200)
    notes = models.TextField(_("notes"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["-held_on", "-id"]
        verbose_name = _("mentoring session")
        verbose_name_plural = _("mentoring sessions")

    def __str__(self) -> str:
        return self.topic


class FollowUp(TimeStampedModel):
    """Something agreed in a session, for the mentor or the mentee, by a date; reminded once when due."""

    session = models.ForeignKey(MentoringSession, on_delete=models.CASCADE, related_name="follow_ups")
    text = models.CharField(_("follow-up"), max_length=500)
    owner = models.ForeignKey(
        "organizations.Membership", verbose_name=_("who"), on_delete=models.PROTECT, related_name="+"
    )
    due_on = models.DateField(_("due on"))
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)
    reminded_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["due_on", "id"]
        verbose_name = _("follow-up")
        verbose_name_plural = _("follow-ups")
        indexes = [models.Index(fields=["due_on"], condition=Q(done_at__isnull=True), name="followup_open_due")]

    def __str__(self) -> str:
        return self.text[:80]
