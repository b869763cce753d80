"""``open_archive`` and ``Archive``: the one way the rest of Duta reads an export."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from types import TracebackType

from django.utils.translation import gettext as _

from duta.screening.archives._base import ArchiveError, ArchiveLimits, ArchivePost, Part, Spec
from duta.screening.archives._detect import plan
from duta.screening.archives._source import Source


class Archive:
    """An opened export. Iterating yields its posts in file order, reading entry by entry; use it as a context
    manager (or call ``close``).

    ``account`` is the user or display name the export gives ("" when it gives none). For TikTok it sits at the
    end of one large document: asking for it before iterating reads that document once more.
    """

    def __init__(self, source: Source, spec: Spec, parts: list[Part]) -> None:
        self._source = source
        self._spec = spec
        self._parts = parts
        self._account: str | None = None
        self.format = spec.format

    @property
    def account(self) -> str:
        if self._account is None:
            self._account = self._spec.account(self._source, self._parts)
        return self._account

    def _found_account(self, name: str) -> None:
        if self._account is None:
            self._account = name

    def __iter__(self) -> Iterator[ArchivePost]:
        limit = self._source.limits.max_posts
        self._source.start()
        posts = self._spec.posts(self._source, self._parts, self._found_account)
        for count, post in enumerate(posts, start=1):
            if count > limit:
                raise ArchiveError(
                    _("The export holds more than %(limit)d posts, more than can be screened at once.")
                    % {"limit": limit},
                    code="archive_too_many_posts",
                )
            yield post
        self._source.finish()

    def progress(self) -> tuple[int, int]:
        """(bytes of the uploaded file read so far, its size), for a progress bar."""
        return self._source.progress()

    def close(self) -> None:
        self._source.close()

    def __enter__(self) -> Archive:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, traceback: TracebackType | None
    ) -> None:
        self.close()


def open_archive(path: Path, *, fmt: str = "auto", limits: ArchiveLimits | None = None) -> Archive:
    """Open an uploaded export (a zip, or one of its text files alone) as ``fmt``, or as what its content is.

    A file that is empty, damaged, too large, not an export or not of ``fmt`` raises ``ArchiveError``.
    """
    source = Source(Path(path), limits or ArchiveLimits())
    try:
        spec, parts = plan(source, fmt)
    except BaseException:
        source.close()
        raise
    return Archive(source, spec, parts)


def detect_format(path: Path, *, limits: ArchiveLimits | None = None) -> str:
    """The format of an uploaded export, one of ``FORMATS``, from its content; ``ArchiveError`` when unknown."""
    with open_archive(path, limits=limits) as archive:
        return archive.format
