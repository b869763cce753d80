"""A lesson's images (shown in its text) and PDFs (to download)."""

from __future__ import annotations

import re
import unicodedata
import uuid

from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from duta.academy.models import Lesson, LessonFile
from duta.academy.services.courses._common import delete_stored_after_commit, record, require_admin, validate
from duta.core.exceptions import ApplicationError
from duta.core.media import Kind, attachment_clean, sniff
from duta.organizations.models import Membership

MAX_FILES_PER_LESSON = 20
FILE_NAME_UNSAFE = re.compile(r"[^a-z0-9._-]+")


def lesson_file_name(upload_name: str, extension: str) -> str:
    """The name an author writes in the lesson's Markdown: the upload's name without its folders and extension,
    lowercased, spaces as hyphens, only a-z 0-9 . _ -, then the extension of the cleaned file."""
    stem = upload_name.replace("\\", "/").rsplit("/", 1)[-1]
    stem = stem.rsplit(".", 1)[0] if "." in stem.strip(".") else stem
    ascii_stem = unicodedata.normalize("NFKD", stem).encode("ascii", "ignore").decode("ascii").lower()
    ascii_stem = re.sub(r"\s+", "-", ascii_stem.strip())
    ascii_stem = re.sub(r"-{2,}", "-", FILE_NAME_UNSAFE.sub("", ascii_stem)).strip(".-_")[:80] or "file"
    return f"{ascii_stem}.{extension}"


def _files_limit_check(lesson: Lesson) -> None:
    if LessonFile.objects.filter(lesson=lesson).count() >= MAX_FILES_PER_LESSON:
        raise ApplicationError(
            _("A lesson holds at most %(count)d files: delete one first.") % {"count": MAX_FILES_PER_LESSON},
            field="file",
        )


def _duplicate(name: str) -> ApplicationError:
    return ApplicationError(
        _("This lesson has a file named %(name)s already: delete it first, or rename the file before uploading.")
        % {"name": name},
        code="duplicate",
        field="file",
    )


def _kind_check(upload: UploadedFile) -> None:
    """Refuse, by their first bytes, videos (they belong on a video site) and anything that is neither an image nor
    a PDF, before any cleaning."""
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    if not head:
        return  # attachment_clean says the file is empty
    kind = sniff(head)
    if kind == Kind.VIDEO:
        raise ApplicationError(
            _("Videos are not uploaded here: put the video on YouTube or Vimeo and paste its link in the lesson."),
            code="video",
            field="file",
        )
    if kind not in (Kind.IMAGE, Kind.PDF):
        raise ApplicationError(_("Upload a JPEG, PNG or WebP image or a PDF."), code="type", field="file")


def lesson_file_add(*, member: Membership, lesson: Lesson, upload: UploadedFile) -> LessonFile:
    """Check an image (JPEG, PNG, WebP) or a PDF by its content, strip its metadata and store it under a generated
    name, before the transaction; the stored file is deleted again when the record cannot be written."""
    require_admin(member, lesson.module.course)
    _files_limit_check(lesson)
    _kind_check(upload)
    clean = attachment_clean(upload, renditions=False)
    if clean.kind not in (Kind.IMAGE, Kind.PDF):  # pragma: no cover - refused by _kind_check already
        clean.file.close()
        raise ApplicationError(_("Upload a JPEG, PNG or WebP image or a PDF."), code="type", field="file")
    name = lesson_file_name(upload.name or "", clean.extension)
    if LessonFile.objects.filter(lesson=lesson, name=name).exists():
        raise _duplicate(name)
    storage = LessonFile._meta.get_field("file").storage
    try:
        stored = storage.save(f"lessons/{timezone.now():%Y/%m}/{uuid.uuid4().hex}.{clean.extension}", clean.file)
    finally:
        clean.file.close()
    try:
        return _lesson_file_record(
            member=member,
            lesson_file=LessonFile(
                lesson=lesson,
                kind=clean.kind,
                name=name,
                file=stored,
                content_type=clean.content_type,
                size=clean.size,
                sha256=clean.sha256,
                width=clean.width,
                height=clean.height,
                uploaded_by=member.user,
            ),
        )
    except BaseException as error:
        storage.delete(stored)
        if isinstance(error, IntegrityError):  # the same name, uploaded at the same moment
            raise _duplicate(name) from error
        raise


@transaction.atomic
def _lesson_file_record(*, member: Membership, lesson_file: LessonFile) -> LessonFile:
    Lesson.objects.select_for_update().filter(pk=lesson_file.lesson_id).first()  # one upload at a time per lesson
    _files_limit_check(lesson_file.lesson)
    validate(lesson_file)
    lesson_file.save()
    record(
        member,
        "academy.lesson_file.add",
        lesson_file,
        {"lesson": lesson_file.lesson_id, "kind": lesson_file.kind, "size": lesson_file.size},
    )
    return lesson_file


@transaction.atomic
def lesson_file_delete(*, member: Membership, lesson_file: LessonFile) -> None:
    require_admin(member, lesson_file.lesson.module.course)
    record(member, "academy.lesson_file.delete", lesson_file, {"lesson": lesson_file.lesson_id})
    stored = lesson_file.file.name
    lesson_file.delete()
    delete_stored_after_commit([stored] if stored else [])
