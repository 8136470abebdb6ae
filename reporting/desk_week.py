"""行风视线, the TV desk's plain data (a leaf of the desk modules): weeks (`parse_week`) and the
selections `reporting.desk.build_week` gives; the rules of the desk are described there."""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from datetime import date, datetime

from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from feedback.workflow import Status

from .periods import Period

VERSION = 1
WEEK_PATTERN = re.compile(r"^(\d{4})-W(\d{2})$")
BAD_WEEK = "Week must look like 2026-W48 and not be in the future."


@dataclass(frozen=True)
class Week:
    """An ISO week: its key ("2026-W48") and [start, end) as aware datetimes."""

    key: str
    start: datetime
    end: datetime

    @property
    def period(self):
        return Period("week", self.start, self.end)

    @property
    def first_day(self):
        return timezone.localtime(self.start).date()

    @property
    def last_day(self):
        return self.period.last_day

    def is_in_progress(self, now=None):
        return self.period.is_in_progress(now)

    def has_ended(self, now=None):
        return (now or timezone.now()) >= self.end

    def previous(self, weeks=1):
        return week_of(date.fromordinal(self.first_day.toordinal() - 7 * weeks))

    def __str__(self):
        return self.key


def week_of(day):
    """The ISO week containing the local date `day`."""
    period = Period.week(day)
    return Week(period.key, period.start, period.end)


def parse_week(text, now=None):
    """The `Week` named by "2026-W48"; ValueError(BAD_WEEK) for anything malformed, a week that
    does not exist (W00, W53 of a 52-week year) or one starting after now."""
    match = WEEK_PATTERN.match(text or "")
    if match is None:
        raise ValueError(BAD_WEEK)
    try:
        monday = date.fromisocalendar(int(match[1]), int(match[2]), 1)
    except ValueError:
        raise ValueError(BAD_WEEK) from None
    week = week_of(monday)
    if week.start > (now or timezone.now()):
        raise ValueError(BAD_WEEK)
    return week


def current_week(now=None):
    return week_of(timezone.localdate(now))


# The reasons a thread is picked, in the order of the run sheet (a thread is placed by its best).
REASONS = (
    "most_support",
    "resolved_satisfied",
    "lowest_satisfaction",
    "longest_overdue",
    "reopened",
    "hot_topic",
    "escalated",
    "pinned",
)


def reason_label(code):
    return {
        "most_support": _("Most support this week"),
        "resolved_satisfied": _("Newly resolved, reporters satisfied"),
        "lowest_satisfaction": _("Lowest satisfaction"),
        "longest_overdue": _("Longest overdue"),
        "reopened": _("Sent back for redoing this week"),
        "hot_topic": _("Hot topic"),
        "escalated": _("Escalated for supervision"),
        "pinned": _("Chosen by the editors"),
    }[code]


def _when(value):
    return timezone.localtime(value).isoformat() if value else None


def _parse_when(value):
    return parse_datetime(value) if value else None


@dataclass
class DeskThread:
    """One thread of the selection, as of the week's end (§5.4). `url` and `photos` are paths:
    the exports make them absolute."""

    id: int
    rank: int
    title: str
    summary: str
    departments: list  # [{"slug", "name"}]
    status_code: str
    published_at: datetime | None
    first_reply_at: datetime | None
    resolved_at: datetime | None
    reply_hours: float | None
    satisfaction: dict  # {"public_pct", "public_votes", "reporter_verdict"} (None when unknown)
    url: str
    photos: list  # paths of visible photos
    reason_codes: list
    merged_reports: int = 0
    pinned: bool = False
    days_overdue: int | None = None  # as of the week's end, for the follow-up's "then"

    DATES = ("published_at", "first_reply_at", "resolved_at")

    @property
    def status(self):
        return {"code": self.status_code, "label": str(Status(self.status_code).label)}

    @property
    def reasons(self):
        return [{"code": code, "label": reason_label(code)} for code in self.reason_codes]

    @property
    def dates(self):
        return {name: getattr(self, name) for name in self.DATES}

    def to_json(self):
        data = asdict(self)
        for name in self.DATES:
            data[name] = _when(data[name])
        return data

    @classmethod
    def from_json(cls, data):
        data = dict(data)
        for name in cls.DATES:
            data[name] = _parse_when(data.get(name))
        return cls(**data)


@dataclass
class WeekSelection:
    """A week's desk: threads in run-sheet order, departments to question, hot topics, follow-up."""

    week: str
    start: datetime
    end: datetime
    frozen_at: datetime | None
    threads: list = field(default_factory=list)  # [DeskThread]
    # [{"id", "slug", "name", "overdue", "marked"}], marked first, then most overdue
    departments: list = field(default_factory=list)
    # [{"rank", "label", "size", "support", "growth", "departments", "districts"}]
    hot_topics: list = field(default_factory=list)
    # {"weeks": [...], "threads": [...], "departments": [...]} (`desk_follow_up`)
    follow_up: dict = field(default_factory=dict)
    built_at: datetime | None = None

    @property
    def in_progress(self):
        return self.frozen_at is None

    def thread_ids(self):
        return [thread.id for thread in self.threads]

    def to_json(self):
        """What is frozen (the follow-up is always computed afresh, so it is not kept)."""
        return {
            "version": VERSION,
            "week": self.week,
            "threads": [thread.to_json() for thread in self.threads],
            "departments": self.departments,
            "hot_topics": self.hot_topics,
        }

    @classmethod
    def from_json(cls, week, data, frozen_at, built_at=None):
        return cls(
            week=week.key,
            start=week.start,
            end=week.end,
            frozen_at=frozen_at,
            threads=[DeskThread.from_json(item) for item in data.get("threads", [])],
            departments=data.get("departments", []),
            hot_topics=data.get("hot_topics", []),
            built_at=built_at,
        )
