"""Progress of long background work, readable by any web process while the work runs.

The numbers live in the job queue's own storage (the SQLite queue file, or Redis), not in the
main database: a long import holds one write transaction there, and its progress must still be
visible outside it.
"""

from __future__ import annotations

from dataclasses import dataclass

from huey.contrib.djhuey import HUEY


@dataclass(frozen=True)
class ProgressState:
    done: int
    total: int
    phase: str

    @property
    def percent(self) -> int:
        if self.total <= 0:
            return 0
        return min(100, round(100 * self.done / self.total))


def _key(name: str) -> str:
    return f"duta:progress:{name}"


def progress_set(name: str, *, done: int, total: int, phase: str) -> None:
    HUEY.put(_key(name), (done, total, phase))


def progress_get(name: str) -> ProgressState | None:
    value = HUEY.get(_key(name), peek=True)
    if value is None:
        return None
    done, total, phase = value
    return ProgressState(done=done, total=total, phase=phase)


def progress_clear(name: str) -> None:
    HUEY.delete(_key(name))
