"""Calendar periods (pure, no ORM): a day, an ISO week, a month, a quarter or a year, named by a short key.

Distinct counts (who shared) do not add up from days to months, so figures are kept per calendar period, and
the dashboards offer exactly these periods.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from django.utils.translation import gettext as _

DAY, WEEK, MONTH, QUARTER, YEAR = "day", "week", "month", "quarter", "year"
KINDS = (DAY, WEEK, MONTH, QUARTER, YEAR)

_PATTERNS = (
    (DAY, re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")),
    (WEEK, re.compile(r"^(\d{4})-W(\d{2})$")),
    (MONTH, re.compile(r"^(\d{4})-(\d{2})$")),
    (QUARTER, re.compile(r"^(\d{4})-Q([1-4])$")),
    (YEAR, re.compile(r"^(\d{4})$")),
)


@dataclass(frozen=True, order=True)
class Period:
    start: dt.date
    end: dt.date  # inclusive
    kind: str
    key: str

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def contains(self, day: dt.date) -> bool:
        return self.start <= day <= self.end

    def label(self) -> str:
        """The period in words, in the active language."""
        from django.utils.formats import date_format

        if self.kind == DAY:
            return date_format(self.start, "j F Y")
        if self.kind == WEEK:
            return _("Week %(week)s of %(year)s (%(start)s – %(end)s)") % {
                "week": int(self.key[-2:]),
                "year": self.key[:4],
                "start": date_format(self.start, "j M"),
                "end": date_format(self.end, "j M"),
            }
        if self.kind == MONTH:
            return date_format(self.start, "F Y")
        if self.kind == QUARTER:
            return _("Quarter %(quarter)s %(year)s") % {"quarter": self.key[-1], "year": self.key[:4]}
        return self.key

    def short_label(self) -> str:
        """The period in a few characters, for a chart's axis."""
        from django.utils.formats import date_format

        if self.kind in (DAY, WEEK):
            return date_format(self.start, "j M")
        if self.kind == MONTH:
            return date_format(self.start, "M Y")
        return self.key

    def previous(self) -> Period:
        return period_of(self.kind, self.start - dt.timedelta(days=1))

    def next(self) -> Period:
        return period_of(self.kind, self.end + dt.timedelta(days=1))

    def days_in(self) -> list[dt.date]:
        return [self.start + dt.timedelta(days=offset) for offset in range(self.days)]


def period_of(kind: str, day: dt.date) -> Period:
    """The period of a kind that contains a day."""
    if kind == DAY:
        return Period(day, day, DAY, day.isoformat())
    if kind == WEEK:
        year, week, weekday = day.isocalendar()
        start = day - dt.timedelta(days=weekday - 1)
        return Period(start, start + dt.timedelta(days=6), WEEK, f"{year}-W{week:02d}")
    if kind == MONTH:
        start = day.replace(day=1)
        end = (start + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)
        return Period(start, end, MONTH, f"{day.year}-{day.month:02d}")
    if kind == QUARTER:
        quarter = (day.month - 1) // 3 + 1
        start = dt.date(day.year, 3 * quarter - 2, 1)
        end = (dt.date(day.year, 3 * quarter, 28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1)
        return Period(start, end, QUARTER, f"{day.year}-Q{quarter}")
    if kind == YEAR:
        return Period(dt.date(day.year, 1, 1), dt.date(day.year, 12, 31), YEAR, str(day.year))
    raise ValueError(kind)


def parse(key: str) -> Period | None:
    """The period a key names (``2026-11``, ``2026-W47``…), or None for anything else."""
    for kind, pattern in _PATTERNS:
        match = pattern.match(key or "")
        if not match:
            continue
        numbers = [int(group) for group in match.groups()]
        try:
            if kind == DAY:
                return period_of(DAY, dt.date(*numbers))
            if kind == WEEK:
                return period_of(WEEK, dt.date.fromisocalendar(numbers[0], numbers[1], 1))
            if kind == MONTH:
                return period_of(MONTH, dt.date(numbers[0], numbers[1], 1))
            if kind == QUARTER:
                return period_of(QUARTER, dt.date(numbers[0], 3 * numbers[1] - 2, 1))
            return period_of(YEAR, dt.date(numbers[0], 1, 1))
        except ValueError:
            return None
    return None


def periods_around(day: dt.date, kinds: tuple[str, ...] = KINDS) -> list[Period]:
    """The periods of the given kinds that contain a day."""
    return [period_of(kind, day) for kind in kinds]


def periods_between(start: dt.date, end: dt.date, kinds: tuple[str, ...] = KINDS) -> list[Period]:
    """Every period of the given kinds that overlaps ``start``..``end``, in order."""
    found: list[Period] = []
    for kind in kinds:
        period = period_of(kind, start)
        while period.start <= end:
            found.append(period)
            period = period.next()
    return found


def recent(kind: str, day: dt.date, count: int) -> list[Period]:
    """The last ``count`` periods of a kind up to the one containing ``day``, oldest first."""
    periods = [period_of(kind, day)]
    while len(periods) < count:
        periods.append(periods[-1].previous())
    return periods[::-1]
