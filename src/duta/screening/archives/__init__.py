"""Streaming readers for people's own social-media data exports (X, Facebook, Instagram, TikTok) and CSV files.

Pure Python, no ORM. An export is read entry by entry with bounded buffers, so a 2 GB zip (mostly media, which is
never read) never sits in memory; only the entries that hold text are unpacked, and every limit of
``ArchiveLimits`` is enforced while reading. A file that cannot be read raises ``ArchiveError`` with a message in
words and a stable code.
"""

from duta.screening.archives._archive import Archive, detect_format, open_archive
from duta.screening.archives._base import FORMATS, ArchiveError, ArchiveLimits, ArchivePost

__all__ = ["FORMATS", "Archive", "ArchiveError", "ArchiveLimits", "ArchivePost", "detect_format", "open_archive"]
