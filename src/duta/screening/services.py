"""Every write of reputation screening, each with its audit row.

A screening belongs to a candidate in the ``screening`` stage. Nothing is uploaded before the
candidate's consent is recorded; an upload is read in the background, only flagged posts are kept
(with their evidence) and the export itself is deleted once read. The decision moves the candidate
through the pipeline's own service; the raw posts go ``SCREENING_RAW_RETENTION_DAYS`` after it.
"""

from __future__ import annotations

import hashlib
import logging
import shutil
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from functools import partial
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Q
from django.db.models.fields.files import FieldFile
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from duta.accounts.models import User
from duta.core.audit import audit_record
from duta.core.exceptions import ApplicationError, forbidden
from duta.core.progress import progress_clear, progress_set
from duta.organizations.models import Membership, Role
from duta.programs.models import Candidate, Stage
from duta.programs.services import candidate_move
from duta.screening import rules
from duta.screening.archives import FORMATS, ArchiveLimits, detect_format, open_archive
from duta.screening.engine import Screener, finding_as_dict, finding_from_dict, screen_export
from duta.screening.findings import Category
from duta.screening.models import FlagCorrection, ScreenedPost, Screening, ScreeningTerm, ScreeningUpload
from duta.screening.selectors import organization_terms

logger = logging.getLogger(__name__)

SAVE_BATCH = 500
EXCERPT_CHARS = 280
OPEN = (Screening.Status.COLLECTING, Screening.Status.SCANNING, Screening.Status.READY)


def _require_admin(member: Membership, screening: Screening | None = None) -> None:
    if member.role != Role.ADMIN or (screening is not None and screening.organization_id != member.organization_id):
        raise forbidden()


def _is_candidate_self(member: Membership, screening: Screening) -> bool:
    employee = screening.candidate.employee
    return member.organization_id == screening.organization_id and employee.user_id == member.user_id


def _require_reviewer(member: Membership, screening: Screening) -> None:
    """The organization's PR admins review a check, never the candidate themself."""
    _require_admin(member, screening)
    if _is_candidate_self(member, screening):
        raise ApplicationError(_("Someone else from the PR team reviews your own reputation check."), code="forbidden")


def upload_limits() -> ArchiveLimits:
    return ArchiveLimits(max_file_bytes=settings.SCREENING_MAX_UPLOAD_MB * 1024 * 1024)


def consent_text(screening: Screening) -> str:
    """What the candidate agrees to for the reputation check (Law 27/2022: what, why, how long, how to withdraw)."""
    candidate = screening.candidate
    return _(
        "I agree that %(organization)s reads the posts in the data exports I upload (or that the PR team "
        "uploads with my written consent) to check my digital footprint for the program “%(program)s”. "
        "Only posts that need a look are kept, with the reason; the exports themselves are deleted once read. "
        "The kept posts are deleted %(days)d days after the decision; the decision, its reasons, the "
        "excerpts the reviewer keeps and the words around any flag the reviewer corrects (to improve the check) "
        "remain. I can withdraw this consent at any time, and everything from the "
        "check is then deleted at once."
    ) % {
        "organization": candidate.program.organization.name,
        "program": candidate.program.name,
        "days": settings.SCREENING_RAW_RETENTION_DAYS,
    }


# --- starting, consent ------------------------------------------------------------------------


@transaction.atomic
def screening_start(*, member: Membership, candidate: Candidate) -> Screening:
    """Open a reputation check for an eligible candidate and move them to the screening stage."""
    _require_admin(member)
    if candidate.program.organization_id != member.organization_id:
        raise forbidden()
    candidate = Candidate.objects.select_for_update().select_related("program", "employee").get(pk=candidate.pk)
    if candidate.stage not in (Stage.ELIGIBLE, Stage.SCREENING):
        raise ApplicationError(
            _("Only eligible candidates can be screened (this one is “%(stage)s”).")
            % {"stage": candidate.get_stage_display()}
        )
    if Screening.objects.filter(candidate=candidate, status__in=OPEN).exists():
        raise ApplicationError(_("This candidate already has a reputation check in progress."))
    if candidate.stage == Stage.ELIGIBLE:
        candidate_move(
            member=member, candidate=candidate, to_stage=Stage.SCREENING, reason=_("Reputation check started.")
        )
    screening = Screening.objects.create(organization=member.organization, candidate=candidate, created_by=member.user)
    audit_record(actor=member.user, organization=member.organization, action="screening.start", target=screening)
    return screening


def _require_open(screening: Screening) -> None:
    if screening.status not in OPEN:
        raise ApplicationError(_("This reputation check is decided: nothing more can be added."))


@transaction.atomic
def screening_consent_give(*, member: Membership, screening: Screening, agreed: bool) -> Screening:
    """The candidate agrees in Duta, in the words shown to them."""
    screening = Screening.objects.select_for_update().get(pk=screening.pk)
    if not _is_candidate_self(member, screening):
        raise forbidden()
    _require_open(screening)
    if not agreed:
        raise ApplicationError(_("The reputation check needs your consent."), field="consent")
    return _consent_record(screening, source=Screening.ConsentSource.SELF, reference="", actor=member.user)


@transaction.atomic
def screening_consent_record(*, member: Membership, screening: Screening, reference: str) -> Screening:
    """The PR team records the candidate's written consent and where it is kept."""
    _require_admin(member, screening)
    screening = Screening.objects.select_for_update().get(pk=screening.pk)
    _require_open(screening)
    if not reference.strip():
        raise ApplicationError(
            _("Say where the signed consent is kept (a letter number or archive reference)."), field="reference"
        )
    return _consent_record(
        screening, source=Screening.ConsentSource.WRITTEN, reference=reference.strip()[:255], actor=member.user
    )


def _consent_record(screening: Screening, *, source: str, reference: str, actor: User) -> Screening:
    if screening.consent_at is not None:
        raise ApplicationError(_("The consent for this reputation check is already recorded."))
    screening.consent_source = source
    screening.consent_reference = reference
    screening.consent_text = consent_text(screening)
    screening.consent_at = timezone.now()
    screening.consent_by = actor
    screening.save()
    audit_record(
        actor=actor,
        organization=screening.candidate.program.organization,
        action="screening.consent",
        target=screening,
        changes={"source": source, "reference": reference, "language": translation.get_language() or ""},
    )
    return screening


# --- uploads ------------------------------------------------------------------------------------


@contextmanager
def _local_path(source: UploadedFile | FieldFile) -> Iterator[Path]:
    """A path on this machine for an upload or a stored file: zip and JSON readers need to seek.

    Files on another storage (object storage, memory) are copied to a temporary file first.
    """
    temporary_path = getattr(source, "temporary_file_path", None)
    if callable(temporary_path):
        yield Path(temporary_path())
        return
    if isinstance(source, FieldFile) and isinstance(source.storage, FileSystemStorage):
        yield Path(source.path)
        return
    with tempfile.NamedTemporaryFile(prefix="duta-screening-", suffix=".upload") as copy:
        source.open("rb")
        try:
            source.seek(0)
            shutil.copyfileobj(source, copy, length=1024 * 1024)
        finally:
            if isinstance(source, FieldFile):
                source.close()
        copy.flush()
        yield Path(copy.name)


def screening_upload_add(
    *, member: Membership, screening: Screening, upload: UploadedFile, fmt: str = "auto"
) -> ScreeningUpload:
    """Check that the file is a data export Duta can read, keep it and read it in the background.

    A file that is too large or not a known export is refused here and nothing of it is stored. The file is
    checked and stored before the database transaction, so that copying gigabytes never holds a lock.
    """
    if not (member.role == Role.ADMIN and member.organization_id == screening.organization_id) and not (
        _is_candidate_self(member, screening)
    ):
        raise forbidden()
    screening = Screening.objects.get(pk=screening.pk)
    _require_consented(screening)
    if fmt != "auto" and fmt not in FORMATS:
        raise ApplicationError(_("Unknown format."), field="format")
    limits = upload_limits()
    if upload.size is not None and upload.size > limits.max_file_bytes:
        raise ApplicationError(
            _("The file is larger than %(megabytes)d MB.") % {"megabytes": settings.SCREENING_MAX_UPLOAD_MB},
            field="file",
        )
    with _local_path(upload) as path:
        detected = detect_format(path, limits=limits) if fmt == "auto" else fmt
        if fmt != "auto":  # a forced format must still open as that format
            with open_archive(path, fmt=fmt, limits=limits):
                pass
    name = upload.name or "export"
    record = ScreeningUpload(
        screening=screening,
        uploaded_by=member.user,
        original_name=Path(name).name[:255],
        size=upload.size or 0,
        format=detected,
    )
    record.file.save(f"{uuid.uuid4().hex}{Path(name).suffix.lower()[:10]}", upload, save=False)
    try:
        _upload_record(member, record)
    except BaseException:
        record.file.delete(save=False)  # the check closed meanwhile, or the database failed: keep nothing
        raise
    return record


@transaction.atomic
def _upload_record(member: Membership, record: ScreeningUpload) -> None:
    screening = Screening.objects.select_for_update().get(pk=record.screening_id)
    _require_consented(screening)
    record.screening = screening
    record.save()
    if screening.status != Screening.Status.SCANNING:
        screening.status = Screening.Status.SCANNING
        screening.save(update_fields=["status", "updated_at"])
    audit_record(
        actor=member.user,
        organization=screening.organization,
        action="screening.upload",
        target=record,
        changes={"format": record.format, "size": record.size},
    )
    progress_set(record.progress_key, done=0, total=record.size, phase="reading")
    from duta.screening.tasks import screening_upload_read_task

    upload_pk = record.pk
    transaction.on_commit(lambda: screening_upload_read_task(upload_pk))


def _require_consented(screening: Screening) -> None:
    _require_open(screening)
    if screening.consent_at is None:
        raise ApplicationError(_("Record the candidate's consent before uploading their data."), field="file")


def screening_upload_read(*, upload_id: int) -> None:
    """The background half: read the export, screen every post, keep the flagged ones, then delete the file.

    Messages are stored in the language of the person who uploaded the file.
    """
    upload = ScreeningUpload.objects.select_related("screening__organization", "uploaded_by").get(pk=upload_id)
    if upload.status not in ScreeningUpload.RUNNING:
        return  # read already (a retried task)
    with translation.override(upload.uploaded_by.language):
        try:
            _upload_read(upload)
        except ApplicationError as error:
            _upload_fail(upload, error.message)
        except Exception:
            _upload_fail(upload, _("The file could not be read."))
            raise
        finally:
            progress_clear(upload.progress_key)


def _upload_read(upload: ScreeningUpload) -> None:
    ScreeningUpload.objects.filter(pk=upload.pk).update(status=ScreeningUpload.Status.READING)
    ScreenedPost.objects.filter(upload=upload).delete()  # a read cut off before (worker stopped) starts over
    screener = Screener(organization_terms(upload.screening.organization))
    summary = rules.empty_summary()
    pending: list[ScreenedPost] = []
    with _local_path(upload.file) as path:
        digest = _sha256(path)
        if ScreeningUpload.objects.filter(
            screening=upload.screening_id, sha256=digest, status=ScreeningUpload.Status.DONE
        ).exists():
            raise ApplicationError(_("This file was uploaded for this screening already."), code="duplicate")
        with open_archive(path, fmt=upload.format, limits=upload_limits()) as archive:
            for count, (post, verdict) in enumerate(screen_export(screener, archive, summary), start=1):
                if verdict.flagged:
                    pending.append(
                        ScreenedPost(
                            screening_id=upload.screening_id,
                            upload=upload,
                            platform=post.platform,
                            kind=post.kind,
                            source_id=post.source_id[:64],
                            posted_at=post.created_at,
                            text=post.text,
                            url=post.url[:500] if post.url.startswith(("https://", "http://")) else "",
                            categories=verdict.categories,
                            findings=[finding_as_dict(finding) for finding in verdict.findings],
                        )
                    )
                if len(pending) >= SAVE_BATCH:
                    ScreenedPost.objects.bulk_create(pending)
                    pending = []
                if count % 1000 == 0:
                    done, total = archive.progress()
                    progress_set(upload.progress_key, done=done, total=total, phase="reading")
            account = archive.account  # after the posts: for some formats it sits at the end
    ScreenedPost.objects.bulk_create(pending)
    with transaction.atomic():
        screening = Screening.objects.select_for_update().get(pk=upload.screening_id)
        upload.status = ScreeningUpload.Status.DONE
        upload.sha256 = digest
        upload.account = account[:255]
        upload.posts_read = summary["posts"]
        upload.posts_flagged = summary["flagged"]
        upload.summary = summary
        upload.finished_at = timezone.now()
        upload.file.delete(save=False)  # the export is read: keep no copy of it
        upload.save()
        _screening_refresh(screening)
        audit_record(
            actor=upload.uploaded_by,
            organization=screening.organization,
            action="screening.read",
            target=upload,
            changes={"posts": summary["posts"], "flagged": summary["flagged"], "level": screening.level},
        )


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        while chunk := stream.read(1024 * 1024):
            digest.update(chunk)
    return digest.hexdigest()


def _upload_fail(upload: ScreeningUpload, message: str) -> None:
    """Nothing stays of an export that could not be read completely: no posts, no file."""
    with transaction.atomic():
        screening = Screening.objects.select_for_update().get(pk=upload.screening_id)
        ScreenedPost.objects.filter(upload=upload).delete()
        upload.status = ScreeningUpload.Status.FAILED
        upload.failure = message
        upload.finished_at = timezone.now()
        if upload.file:
            upload.file.delete(save=False)
        upload.save()
        _screening_refresh(screening)
        audit_record(
            actor=upload.uploaded_by,
            organization=screening.organization,
            action="screening.read_failed",
            target=upload,
            changes={"failure": message},
        )


def _screening_refresh(screening: Screening) -> None:
    """Recount the screening from its uploads and the reviewer's dismissals; set the level and the status."""
    uploads = list(screening.uploads.all())
    summary = rules.summary_merge(upload.summary for upload in uploads if upload.status == ScreeningUpload.Status.DONE)
    for post in screening.posts.exclude(dismissed=[]).only("posted_at", "findings", "dismissed", "categories"):
        findings = [finding_from_dict(data) for data in post.findings]
        remaining = set(post.categories)
        for category in post.dismissed:
            remaining.discard(category)
            firm = any(f.category.value == category and rules.is_firm(f) for f in findings)
            rules.summary_dismiss(
                summary, when=post.posted_at, category=category, firm=firm, still_flagged=bool(remaining)
            )
    screening.summary = summary
    screening.posts_total = summary["posts"]
    screening.posts_flagged = summary["flagged"]
    done = any(upload.status == ScreeningUpload.Status.DONE for upload in uploads)
    rule = rules.level_of(summary)
    screening.level = rule.level if done else ""
    screening.level_rule = rule.as_dict() if done else {}
    if screening.status in OPEN:
        if any(upload.status in ScreeningUpload.RUNNING for upload in uploads):
            screening.status = Screening.Status.SCANNING
        else:
            screening.status = Screening.Status.READY if done else Screening.Status.COLLECTING
    screening.save()


# --- the reviewer -------------------------------------------------------------------------------


@transaction.atomic
def screening_flag_dismiss(*, member: Membership, post: ScreenedPost, category: str, note: str = "") -> ScreenedPost:
    """The reviewer says a flag is wrong: it stops counting, and the correction is kept for training."""
    screening = Screening.objects.select_for_update().get(pk=post.screening_id)
    _require_reviewer(member, screening)
    _require_open(screening)
    post = ScreenedPost.objects.select_for_update().get(pk=post.pk)
    if category not in post.categories:
        raise ApplicationError(_("This post is not flagged for that category."), field="category")
    if category in post.dismissed:
        return post
    post.dismissed = [*post.dismissed, category]
    post.save(update_fields=["dismissed"])
    FlagCorrection.objects.create(  # restoring the flag deletes it, so there is none yet
        organization=screening.organization,
        screening=screening,
        post=post,
        category=category,
        text=post.text,
        correct=False,
        note=note.strip()[:255],
        created_by=member.user,
    )
    _screening_refresh(screening)
    audit_record(
        actor=member.user,
        organization=screening.organization,
        action="screening.flag_dismiss",
        target=post,
        changes={"category": category, "level": screening.level},
    )
    return post


@transaction.atomic
def screening_flag_restore(*, member: Membership, post: ScreenedPost, category: str) -> ScreenedPost:
    """Undo a dismissal: the flag counts again and its correction is dropped."""
    screening = Screening.objects.select_for_update().get(pk=post.screening_id)
    _require_reviewer(member, screening)
    _require_open(screening)
    post = ScreenedPost.objects.select_for_update().get(pk=post.pk)
    if category not in post.dismissed:
        return post
    post.dismissed = [value for value in post.dismissed if value != category]
    post.save(update_fields=["dismissed"])
    FlagCorrection.objects.filter(post=post, category=category).delete()
    _screening_refresh(screening)
    audit_record(
        actor=member.user,
        organization=screening.organization,
        action="screening.flag_restore",
        target=post,
        changes={"category": category, "level": screening.level},
    )
    return post


@transaction.atomic
def screening_excerpt_keep(*, member: Membership, post: ScreenedPost, keep: bool) -> ScreenedPost:
    """Keep (or stop keeping) a flagged post's excerpt beyond the retention period."""
    screening = Screening.objects.select_for_update().get(pk=post.screening_id)
    _require_reviewer(member, screening)
    if screening.raw_deleted_at is not None:
        raise ApplicationError(_("The raw posts of this check are deleted already."))
    ScreenedPost.objects.filter(pk=post.pk).update(kept=keep)
    post.kept = keep
    audit_record(
        actor=member.user,
        organization=screening.organization,
        action="screening.excerpt_keep" if keep else "screening.excerpt_release",
        target=post,
    )
    return post


@transaction.atomic
def screening_decide(*, member: Membership, screening: Screening, decision: str, reason: str) -> Screening:
    """Approve (to the interview), reject, or talk first (stays in screening), with the reason in words."""
    screening = Screening.objects.select_for_update().select_related("candidate__program").get(pk=screening.pk)
    _require_reviewer(member, screening)
    if decision not in Screening.Decision.values:
        raise ApplicationError(_("Choose a decision."), field="decision")
    if not reason.strip():
        raise ApplicationError(_("Say why, in a few words."), field="reason")
    if screening.status == Screening.Status.DECIDED:
        raise ApplicationError(_("This reputation check is decided already."))
    if screening.status != Screening.Status.READY:
        raise ApplicationError(_("Wait until every upload is read before deciding."))
    candidate = screening.candidate
    label = Screening.Decision(decision).label
    stage_reason = _("Reputation check: %(decision)s. %(reason)s") % {"decision": label, "reason": reason.strip()}
    if decision == Screening.Decision.APPROVE:
        candidate_move(member=member, candidate=candidate, to_stage=Stage.INTERVIEW, reason=stage_reason)
    elif decision == Screening.Decision.REJECT:
        candidate_move(member=member, candidate=candidate, to_stage=Stage.REJECTED, reason=stage_reason)
    now = timezone.now()
    screening.decision = decision
    screening.decision_reason = reason.strip()
    screening.decided_by = member.user
    screening.decided_at = now
    if decision != Screening.Decision.TALK:  # "talk first" keeps the check open, and its posts
        screening.status = Screening.Status.DECIDED
        screening.purge_after = now + timedelta(days=settings.SCREENING_RAW_RETENTION_DAYS)
    screening.save()
    audit_record(
        actor=member.user,
        organization=screening.organization,
        action="screening.decide",
        target=screening,
        changes={"decision": decision, "reason": screening.decision_reason, "level": screening.level},
    )
    return screening


# --- data minimization --------------------------------------------------------------------------


def excerpt(text: str, evidence: list[str]) -> str:
    """The words around the first piece of evidence, at most ``EXCERPT_CHARS`` long."""
    if len(text) <= EXCERPT_CHARS:
        return text
    lowered = text.lower()
    start = 0
    for word in evidence:
        position = lowered.find(word.lower())
        if position >= 0:
            start = max(position - EXCERPT_CHARS // 3, 0)
            break
    cut = text[start : start + EXCERPT_CHARS].strip()
    return ("…" if start else "") + cut + ("…" if start + EXCERPT_CHARS < len(text) else "")


def screenings_purge(*, now: datetime | None = None) -> int:
    """Delete the raw posts of every screening whose retention period has ended.

    Due: ``SCREENING_RAW_RETENTION_DAYS`` after the decision, or after the last change of a check that was
    left open while its candidate moved on (out of the screening stage by hand). What remains: the screening
    with its summary, level, decision and reason, the excerpts the reviewer kept, and the corrections cut to the
    words around their evidence. Returns how many screenings were purged; one that fails is logged and retried
    the next night without holding up the others.
    """
    now = now or timezone.now()
    idle = now - timedelta(days=settings.SCREENING_RAW_RETENTION_DAYS)
    decided = Q(status=Screening.Status.DECIDED, purge_after__lte=now)
    abandoned = Q(status__in=OPEN, updated_at__lte=idle) & ~Q(candidate__stage=Stage.SCREENING)
    due = Screening.objects.filter(decided | abandoned, raw_deleted_at__isnull=True).values_list("pk", flat=True)
    purged = 0
    for pk in list(due):
        try:
            purged += _purge(pk, now)
        except Exception:
            logger.exception("Could not purge the raw posts of screening %s", pk)
    return purged


@transaction.atomic
def _purge(pk: int, now: datetime) -> int:
    screening = Screening.objects.select_for_update().get(pk=pk)
    if screening.raw_deleted_at is not None or screening.uploads.filter(status__in=ScreeningUpload.RUNNING).exists():
        return 0
    for correction in screening.corrections.select_related("post"):
        findings = correction.post.findings if correction.post else []
        evidence = [word for finding in findings if finding.get("category") == correction.category
                    for word in finding.get("evidence", [])]  # fmt: skip
        correction.text = excerpt(correction.text, evidence)
        correction.save(update_fields=["text"])
    deleted, _by_model = screening.posts.filter(kept=False).delete()
    for post in screening.posts.filter(kept=True):
        evidence = [word for finding in post.findings for word in finding.get("evidence", [])]
        post.text = excerpt(post.text, evidence)
        post.save(update_fields=["text"])
    for upload in screening.uploads.exclude(file=""):
        transaction.on_commit(partial(upload.file.storage.delete, str(upload.file.name)))
        upload.file = None
        upload.save(update_fields=["file"])
    screening.raw_deleted_at = now
    screening.save(update_fields=["raw_deleted_at", "updated_at"])
    audit_record(
        actor=None,
        organization=screening.organization,
        action="screening.purge",
        target=screening,
        changes={"posts_deleted": deleted},
    )
    return 1


@transaction.atomic
def screening_erase(*, screening: Screening, actor: User | None, reason: str) -> None:
    """Consent withdrawn: delete everything of the check at once (exports, posts, corrections, summary)."""
    screening = Screening.objects.select_for_update().get(pk=screening.pk)
    organization = screening.organization
    for upload in screening.uploads.exclude(file=""):
        transaction.on_commit(partial(upload.file.storage.delete, str(upload.file.name)))
    audit_record(
        actor=actor,
        organization=organization,
        action="screening.erase",
        target=screening,
        changes={"reason": reason, "candidate": screening.candidate_id},
    )
    screening.corrections.all().delete()
    screening.posts.all().delete()
    screening.uploads.all().delete()
    screening.delete()


def screening_consent_withdraw(*, member: Membership, screening: Screening) -> None:
    """The candidate withdraws their consent (or the PR team records a written withdrawal)."""
    if not _is_candidate_self(member, screening):
        _require_admin(member, screening)
    screening_erase(screening=screening, actor=member.user, reason="consent_withdrawn")


def screenings_erase_for_candidate(*, candidate_pk: int) -> int:
    """Erase every screening of a candidate whose program consent was withdrawn."""
    erased = 0
    for screening in Screening.objects.filter(candidate_id=candidate_pk):
        screening_erase(screening=screening, actor=None, reason="program_consent_withdrawn")
        erased += 1
    return erased


# --- the organization's own terms ----------------------------------------------------------------


@transaction.atomic
def screening_term_add(*, member: Membership, kind: str, term: str, election: str = "") -> ScreeningTerm:
    _require_admin(member)
    term = " ".join(term.split()).lower()
    if kind not in ScreeningTerm.Kind.values:
        raise ApplicationError(_("Choose what kind of term this is."), field="kind")
    if len(term) < 2:
        raise ApplicationError(_("Write at least two characters."), field="term")
    if ScreeningTerm.objects.filter(organization=member.organization, kind=kind, term=term).exists():
        raise ApplicationError(_("This term is in the list already."), field="term")
    record = ScreeningTerm(
        organization=member.organization, kind=kind, term=term, election=election.strip(), created_by=member.user
    )
    record.full_clean()
    record.save()
    audit_record(actor=member.user, organization=member.organization, action="screening.term_add", target=record)
    return record


@transaction.atomic
def screening_term_delete(*, member: Membership, term: ScreeningTerm) -> None:
    _require_admin(member)
    if term.organization_id != member.organization_id:
        raise forbidden()
    audit_record(actor=member.user, organization=member.organization, action="screening.term_delete", target=term)
    term.delete()


def corrections_for_training() -> list[dict[str, Any]]:
    """Every reviewer correction as training examples, for `duta screening train`."""
    return [
        {"text": text, "category": category, "correct": correct}
        for text, category, correct in FlagCorrection.objects.order_by("pk").values_list("text", "category", "correct")
        if text and category in {value.value for value in Category}
    ]
