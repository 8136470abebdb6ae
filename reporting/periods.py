"""Reporting periods: ISO weeks, calendar months, quarters and years in the site's time zone.

A period has a key for addresses and exports (``2026-W48``, ``2026-11``, ``2026-Q4``, ``2026``) and a title
for people ("November 2026", "2026年11月"). The period that contains today is *in progress*:
its assignments have not all reached their due date, so its rates are not yet comparable with
those of complete periods. Public pages therefore open on the latest complete period.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext

_KEY = re.compile(r"^(?P<year>\d{4})(?:-(?P<month>\d{2})|-Q(?P<quarter>[1-4])|-W(?P<week>\d{2}))?$")


@dataclass(frozen=True)
class Period:
    """A half-open interval [start, end) of aware datetimes, usually a calendar month/quarter/year
    in the site's time zone."""

    kind: str
    start: datetime
    end: datetime

    KINDS = ("month", "quarter", "year")  # the figures page's choices
    ALL_KINDS = ("week", *KINDS)  # the results bulletins also come weekly

    @staticmethod
    def _at_midnight(day):
        return timezone.make_aware(datetime.combine(day, time.min))

    @classmethod
    def between(cls, first_day, day_after_last, kind="custom"):
        return cls(kind, cls._at_midnight(first_day), cls._at_midnight(day_after_last))

    @classmethod
    def week(cls, day=None):
        """The ISO week (Monday to Sunday) containing `day`."""
        day = day or timezone.localdate()
        monday = day - timedelta(days=day.weekday())
        return cls.between(monday, monday + timedelta(days=7), "week")

    @classmethod
    def month(cls, day=None):
        day = day or timezone.localdate()
        first = day.replace(day=1)
        last = calendar.monthrange(day.year, day.month)[1]
        return cls.between(first, first.replace(day=last) + timedelta(days=1), "month")

    @classmethod
    def quarter(cls, day=None):
        day = day or timezone.localdate()
        first_month = 3 * ((day.month - 1) // 3) + 1
        first = date(day.year, first_month, 1)
        after = (
            date(day.year + 1, 1, 1) if first_month == 10 else date(day.year, first_month + 3, 1)
        )
        return cls.between(first, after, "quarter")

    @classmethod
    def year(cls, day=None):
        day = day or timezone.localdate()
        return cls.between(date(day.year, 1, 1), date(day.year + 1, 1, 1), "year")

    @classmethod
    def current(cls, kind, day=None):
        """The week, month, quarter or year containing `day` (default today); unknown kinds:
        month."""
        return getattr(cls, kind if kind in cls.ALL_KINDS else "month")(day)

    @classmethod
    def latest_complete(cls, kind, day=None):
        """The last month, quarter or year that ended before `day` (default today)."""
        return cls.current(kind, day).previous()

    @classmethod
    def from_key(cls, key):
        """The period named by ``2026-W48``, ``2026-11``, ``2026-Q4`` or ``2026``; None for
        anything else."""
        match = _KEY.match(key or "")
        if match is None:
            return None
        year = int(match["year"])
        if year < 1900:
            return None
        if match["month"]:
            month = int(match["month"])
            return cls.month(date(year, month, 1)) if 1 <= month <= 12 else None
        if match["week"]:
            try:
                return cls.week(date.fromisocalendar(year, int(match["week"]), 1))
            except ValueError:  # week 00, or 53 in a year of 52 weeks
                return None
        if match["quarter"]:
            return cls.quarter(date(year, 3 * int(match["quarter"]) - 2, 1))
        return cls.year(date(year, 1, 1))

    def previous(self):
        return Period.current(self.kind, self.first_day - timedelta(days=1))

    def next(self):
        return Period.current(self.kind, self.last_day + timedelta(days=1))

    def has_started(self, now=None):
        return self.start <= (now or timezone.now())

    def is_in_progress(self, now=None):
        now = now or timezone.now()
        return self.start <= now < self.end

    @property
    def first_day(self):
        return timezone.localtime(self.start).date()

    @property
    def last_day(self):
        return timezone.localtime(self.end).date() - timedelta(days=1)

    @property
    def key(self):
        """What addresses and exports name the period by: ``2026-11``, ``2026-Q4``, ``2026``."""
        first = self.first_day
        if self.kind == "week":
            year, week, _ = first.isocalendar()
            return f"{year}-W{week:02d}"
        if self.kind == "month":
            return f"{first:%Y-%m}"
        if self.kind == "quarter":
            return f"{first.year}-Q{(first.month - 1) // 3 + 1}"
        if self.kind == "year":
            return str(first.year)
        return f"{first:%Y-%m-%d}--{self.last_day:%Y-%m-%d}"

    @property
    def label(self):
        """A compact, language-neutral label: ``2026-11``, ``2026 Q4``, ``2026``."""
        if self.kind == "quarter":
            return self.key.replace("-", " ")
        return self.key.replace("--", " – ")

    @property
    def title(self):
        """The period as people say it, in the active language ("November 2026", "2026年11月")."""
        first = self.first_day
        if self.kind == "week":
            year, week, _ = first.isocalendar()
            return gettext("Week %(week)s of %(year)s") % {"week": week, "year": year}
        if self.kind == "month":
            return date_format(first, "YEAR_MONTH_FORMAT")
        if self.kind == "quarter":
            return gettext("Q%(quarter)s %(year)s") % {
                "quarter": (first.month - 1) // 3 + 1,
                "year": first.year,
            }
        if self.kind == "year":
            return str(first.year)
        return self.label


def periods_back_to(kind, first_day, today=None, limit=120):
    """Every period of `kind` from the current one back to the one containing `first_day`,
    newest first (at most `limit`)."""
    period = Period.current(kind, today)
    periods = [period]
    while period.first_day > first_day and len(periods) < limit:
        period = period.previous()
        periods.append(period)
    return periods


def default_period(kind, first_day, today=None):
    """What a figures page opens on: the latest complete period of `kind`, because the current
    one holds assignments not yet due (and, early on, too few cases to say anything). A site whose
    first issue arrived in the current period shows the current one: there is nothing before it.
    """
    current = Period.current(kind, today)
    if first_day >= current.first_day:
        return current
    return current.previous()


def switched_period(period, kind, first_day, today=None):
    """The period of `kind` that a page showing `period` switches to: the quarter or year that
    contains it, or, for a finer kind, the default period when it lies inside `period`, else the
    last one inside it that has started (so that "By year" from November 2026 shows 2026, and
    "By quarter" its fourth quarter)."""
    today = today or timezone.localdate()
    default = default_period(kind, first_day, today)
    if period.start <= default.start and default.end <= period.end:
        return default
    return Period.current(kind, min(period.last_day, today))


def has_figures(period, first_day, now=None):
    """Whether `period` can hold figures: it has started and does not end before `first_day`,
    the local date of the first issue received."""
    return period.has_started(now) and period.last_day >= first_day
