"""The efficiency figures: ONE definition of every number, computed by the database.

Everything published about departments (the figures page and its CSV, the home page, the results
bulletins, the TV highlights) calls `department_figures(period)` / `city_figures(period)`.

What puts a row in the period ``[start, end)`` (local time, Asia/Shanghai):

- an assignment (one department, one issue, one round; a reopen starts a new round) belongs to the
  period in which it was *assigned* (`Assignment.assigned_at`). Its outcomes (first reply,
  resolution, reopen) count whenever they happened, up to now: the figures of a period are those of
  the issues the department *received* in it;
- received and published issues for the city: `Issue.created_at` and `Issue.published_at`;
- a satisfaction vote belongs to the period in which it was *first cast* (`PollVote.created_at`),
  with its current verdict (a reporter may change it while the poll is open). A vote counts for
  every department assigned in the poll's round; the city counts each vote once.

Rates: reply = answered ÷ received; on time = answered by the due date (local date of the first
reply ≤ due date) ÷ received with a due date; reopen = reopened ÷ resolved; satisfaction =
(satisfied + basically satisfied) ÷ votes, for reporter verdicts and public votes separately.
A rate or a time whose sample (its denominator) is below ``ECHOWALL["MIN_SAMPLE"]`` is "too few":
shown as such and never ranked.

Percentiles are interpolated between the two nearest ranks (like PostgreSQL's `percentile_cont`
and Excel's PERCENTILE.INC): for n sorted durations, position 1 + p·(n − 1). The database picks
only the two rows around each position, per department, with window functions (ROW_NUMBER and
COUNT over a partition) that SQLite ≥ 3.25 and PostgreSQL both run, so the same code gives the
same answer in development and in production, in a fixed number of queries (5 for the
departments, 6 for the city). Durations and the on-time date test use native SQL on SQLite and
PostgreSQL (vendor methods of `SecondsBetween` and `ReplyDayOnOrBefore`), because Django's
portable versions call a Python function per row on SQLite.

Public pages call `snapshot(period)`, which keeps both results in the cache for a few minutes.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.core.cache import cache
from django.db import connection
from django.db.models import (
    BooleanField,
    Case,
    Count,
    DurationField,
    ExpressionWrapper,
    F,
    FloatField,
    Func,
    IntegerField,
    Min,
    Q,
    Value,
    When,
    Window,
)
from django.db.models.functions import RowNumber
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from core.conf import setting
from polls.choices import SATISFIED_CHOICES
from polls.models import PollVote

from .models import Assignment, Department, Issue
from .periods import Period

# --- values ---------------------------------------------------------------------------------


def min_sample():
    return setting("MIN_SAMPLE")


TOO_FEW = _("too few")


@dataclass(frozen=True)
class Rate:
    """numerator ÷ denominator; the denominator is the sample."""

    numerator: int
    denominator: int
    min_sample: int

    @property
    def sample(self):
        return self.denominator

    @property
    def too_few(self):
        return self.denominator < self.min_sample

    @property
    def value(self):
        """The share between 0 and 1, or None when nothing was measured."""
        return self.numerator / self.denominator if self.denominator else None

    @property
    def percent(self):
        return None if self.value is None else round(100 * self.value, 1)

    @property
    def rank_value(self):
        """What sorting and ranking use: None when the sample is too small."""
        return None if self.too_few else self.value

    def __str__(self):
        return str(TOO_FEW) if self.too_few else f"{self.percent:.1f}%"


@dataclass(frozen=True)
class Durations:
    """Median and 90th percentile of a set of durations, and their sample size."""

    sample: int
    median: timedelta | None
    p90: timedelta | None
    min_sample: int

    @property
    def too_few(self):
        return self.sample < self.min_sample

    @property
    def median_hours(self):
        return _hours(self.median)

    @property
    def p90_hours(self):
        return _hours(self.p90)

    @property
    def median_display(self):
        return str(TOO_FEW) if self.too_few else format_duration(self.median)

    @property
    def p90_display(self):
        return str(TOO_FEW) if self.too_few else format_duration(self.p90)


def _hours(value):
    return None if value is None else round(value.total_seconds() / 3600, 1)


def format_duration(value):
    if value is None:
        return "—"
    hours = value.total_seconds() / 3600
    if hours < 48:
        return ngettext("%(n).1f hour", "%(n).1f hours", math.ceil(hours)) % {"n": hours}
    days = hours / 24
    return ngettext("%(n).1f day", "%(n).1f days", math.ceil(days)) % {"n": days}


@dataclass
class Figures:
    """Every figure of one department (or of the whole city when `department` is None)."""

    period: Period
    department: Department | None
    received: int
    published: int | None  # issues published: the city only (departments get published issues)
    answered: int
    resolved: int
    reopened: int
    reply_rate: Rate
    on_time_rate: Rate
    reopen_rate: Rate
    first_reply_time: Durations
    resolution_time: Durations
    reporter_satisfaction: Rate
    public_satisfaction: Rate
    extra: dict = field(default_factory=dict)

    @property
    def name(self):
        return self.department.name if self.department else str(_("Whole city"))

    @property
    def wall_url(self):
        url = reverse("feedback:wall")
        return f"{url}?department={self.department.slug}" if self.department else url


# --- the queries ----------------------------------------------------------------------------

_DEPARTMENT = "department_id"


def _assignments(period):
    return Assignment.objects.filter(assigned_at__gte=period.start, assigned_at__lt=period.end)


_ASSIGNMENT_COUNTS = {
    "received": Count("pk"),
    "answered": Count("pk", filter=Q(first_reply_at__isnull=False)),
    "resolved": Count("pk", filter=Q(resolved_at__isnull=False)),
    "reopened": Count("pk", filter=Q(reopened=True)),
    "with_due_date": Count("pk", filter=Q(due_date__isnull=False)),
}
_EMPTY_COUNTS = dict.fromkeys([*_ASSIGNMENT_COUNTS, "on_time"], 0)


def _assignment_counts(period):
    """The counts of the assignments of the period; `on_time` compares local dates."""
    return {**_ASSIGNMENT_COUNTS, "on_time": _on_time(period)}


_VOTE_COUNTS = {
    "votes": Count("pk"),
    "satisfied": Count("pk", filter=Q(choice__in=SATISFIED_CHOICES)),
}


class SecondsBetween(Func):
    """Seconds from `start` to `end`, computed natively by the database.

    Django's generic timestamp difference (and `__date` in a time zone) is a Python function
    called for every row on SQLite; these vendor methods keep the work in SQL. Other databases
    fall back to Django's portable duration expression (see `_duration_expression`).
    """

    output_field = FloatField()
    arity = 2

    def as_sqlite(self, compiler, connection, **extra_context):
        return self.as_sql(
            compiler, connection, template="((julianday(%(expressions)s)) * 86400.0)",
            arg_joiner=") - julianday(", **extra_context,
        )

    def as_postgresql(self, compiler, connection, **extra_context):
        return self.as_sql(
            compiler, connection,
            template="CAST(EXTRACT(EPOCH FROM (%(expressions)s)) AS double precision)",
            arg_joiner=" - ", **extra_context,
        )


def _duration_expression(end_field):
    if connection.vendor in ("sqlite", "postgresql"):
        return SecondsBetween(F(end_field), F("assigned_at"))
    return ExpressionWrapper(F(end_field) - F("assigned_at"), output_field=DurationField())


def _as_timedelta(value):
    if isinstance(value, timedelta):
        return value
    return timedelta(milliseconds=round(value * 1000))


class ReplyDayOnOrBefore(Func):
    """SQLite only: the local date of the first reply is on or before the due date.

    The stored UTC text shifted by the zone's UTC offset at the period start, then `date()`: exact
    for zones without daylight saving time such as Asia/Shanghai. Other databases use Django's
    `__date` lookup (PostgreSQL: AT TIME ZONE, native), see `_on_time`.
    """

    output_field = BooleanField()
    arity = 2

    def __init__(self, reply, due, offset_seconds):
        super().__init__(reply, due)
        self.offset_seconds = int(offset_seconds)

    def as_sqlite(self, compiler, connection, **extra_context):
        reply, due = (compiler.compile(expression) for expression in self.source_expressions)
        sql = f"(date({reply[0]}, '{self.offset_seconds:+d} seconds') <= {due[0]})"
        return sql, (*reply[1], *due[1])


def _on_time(period):
    in_time = Q(first_reply_at__date__lte=F("due_date"))
    if connection.vendor == "sqlite":
        offset = timezone.localtime(period.start).utcoffset().total_seconds()
        in_time = Q(ReplyDayOnOrBefore(F("first_reply_at"), F("due_date"), offset))
    return Count("pk", filter=Q(due_date__isnull=False, first_reply_at__isnull=False) & in_time)


# (name, timestamp that ends the duration); every duration starts at `assigned_at`.
_DURATIONS = (("first_reply", "first_reply_at"), ("resolution", "resolved_at"))
_PERCENTILES = (("median", 0.5), ("p90", 0.9))


def _percentile_ranks(n, p):
    """The 1-based ranks around position 1 + p·(n − 1), and the weight of the upper one."""
    # Integer arithmetic as in `_rank_bounds_sql`, so both sides agree on which rows exist.
    k = round(p * 10)
    lower, upper = 1 + k * (n - 1) // 10, 1 + (k * (n - 1) + 9) // 10
    return lower, upper, (k * (n - 1) % 10) / 10


def _rank_bounds_sql(p):
    """SQL expressions of the two ranks for percentile p (0.5 or 0.9), from the window count n.

    Integer arithmetic only, so that SQLite and PostgreSQL agree: with p = k/10,
    lower = 1 + floor(k·(n − 1) / 10) and upper = 1 + ceil(k·(n − 1) / 10).
    """
    k = round(p * 10)
    scaled = ExpressionWrapper(Value(k) * (F("n") - 1), output_field=IntegerField())
    lower = ExpressionWrapper(1 + scaled / 10, output_field=IntegerField())
    upper = ExpressionWrapper(1 + (scaled + 9) / 10, output_field=IntegerField())
    return lower, upper


def _duration_rows(period, end_field, by_department):
    """Only the rows each percentile needs: at most 4 per department (2 ranks × 2 percentiles)."""
    partition = [F(_DEPARTMENT)] if by_department else None
    queryset = (
        _assignments(period)
        .filter(**{f"{end_field}__isnull": False})
        .annotate(duration=_duration_expression(end_field))
        .annotate(
            rank=Window(RowNumber(), partition_by=partition, order_by=[F("duration").asc(), "pk"]),
            n=Window(Count("pk"), partition_by=partition),
        )
    )
    wanted = []
    for _name, p in _PERCENTILES:
        lower, upper = _rank_bounds_sql(p)
        wanted += [When(rank=lower, then=Value(1)), When(rank=upper, then=Value(1))]
    queryset = queryset.annotate(
        wanted=Case(*wanted, default=Value(0), output_field=IntegerField())
    ).filter(wanted=1)
    return queryset.order_by().values_list(_DEPARTMENT, "n", "rank", "duration")


def _percentiles_by_group(period, end_field, by_department):
    """{department_id or None: {"median": timedelta, "p90": timedelta, "n": int}}."""
    picked = {}
    for department_id, n, rank, duration in _duration_rows(period, end_field, by_department):
        key = department_id if by_department else None
        group = picked.setdefault(key, {"n": n, "ranks": {}})
        group["ranks"][rank] = _as_timedelta(duration)
    result = {}
    for key, group in picked.items():
        n, ranks = group["n"], group["ranks"]
        values = {"n": n}
        for name, p in _PERCENTILES:
            lower, upper, weight = _percentile_ranks(n, p)
            low, high = ranks[lower], ranks[upper]
            values[name] = low + (high - low) * weight
        result[key] = values
    return result


def _durations(stats, min_n):
    stats = stats or {}
    return Durations(
        sample=stats.get("n", 0), median=stats.get("median"), p90=stats.get("p90"),
        min_sample=min_n,
    )


def _vote_rates(votes, min_n):
    """{source: (satisfied, votes)} → reporter and public satisfaction rates."""
    reporter = votes.get(PollVote.Source.REPORTER, (0, 0))
    public = votes.get(PollVote.Source.PUBLIC, (0, 0))
    return Rate(*reporter, min_n), Rate(*public, min_n)


def _build(period, department, counts, durations, votes, published=None, received=None):
    min_n = min_sample()
    counts = {**_EMPTY_COUNTS, **(counts or {})}
    reporter_rate, public_rate = _vote_rates(votes or {}, min_n)
    return Figures(
        period=period,
        department=department,
        received=counts["received"] if received is None else received,
        published=published,
        answered=counts["answered"],
        resolved=counts["resolved"],
        reopened=counts["reopened"],
        reply_rate=Rate(counts["answered"], counts["received"], min_n),
        on_time_rate=Rate(counts["on_time"], counts["with_due_date"], min_n),
        reopen_rate=Rate(counts["reopened"], counts["resolved"], min_n),
        first_reply_time=_durations(durations.get("first_reply"), min_n),
        resolution_time=_durations(durations.get("resolution"), min_n),
        reporter_satisfaction=reporter_rate,
        public_satisfaction=public_rate,
        extra={"assignments": counts["received"]},
    )


def _votes(period):
    return PollVote.objects.filter(created_at__gte=period.start, created_at__lt=period.end)


def _as_period(period_or_start, end=None):
    if end is None:
        return period_or_start
    return Period("custom", period_or_start, end)


def department_figures(period, end=None, departments=None):
    """One `Figures` per department, in the departments' usual order, in 5 queries whatever
    the number of departments, issues and votes.

    `period` is a `Period`, or the aware start of [start, end) with `end`. `departments` defaults
    to the active departments plus any inactive one with data in the period.
    """
    period = _as_period(period, end)
    counts = {
        row.pop(_DEPARTMENT): row
        for row in _assignments(period).values(_DEPARTMENT).annotate(**_assignment_counts(period))
        .order_by()
    }
    durations = {
        name: _percentiles_by_group(period, end_field, by_department=True)
        for name, end_field in _DURATIONS
    }
    votes = {}
    vote_rows = (
        _votes(period)
        # The departments of the round the vote rates (same issue, same round). The workflow opens
        # one assignment per department per round, so the join repeats no vote for a department
        # (COUNT DISTINCT would cost twice the time on PostgreSQL for the same answer).
        .filter(poll__issue__assignments__round=F("poll__round"))
        .values("source", department=F("poll__issue__assignments__department_id"))
        .annotate(**_VOTE_COUNTS)
        .order_by()
    )
    for row in vote_rows:
        votes.setdefault(row["department"], {})[row["source"]] = (row["satisfied"], row["votes"])

    if departments is None:
        with_data = set(counts) | set(votes)
        departments = Department.objects.filter(Q(is_active=True) | Q(pk__in=with_data))
    return [
        _build(
            period, department, counts.get(department.pk),
            {name: by_department.get(department.pk) for name, by_department in durations.items()},
            votes.get(department.pk),
        )
        for department in departments
    ]


def city_figures(period, end=None):
    """The same figures for the whole city, plus issues received and published (6 queries).

    Assignment figures pool every department (an issue sent to two departments counts twice);
    received and published count issues; each vote counts once.
    """
    period = _as_period(period, end)
    counts = _assignments(period).aggregate(**_assignment_counts(period))
    durations = {
        name: _percentiles_by_group(period, end_field, by_department=False).get(None)
        for name, end_field in _DURATIONS
    }
    votes = {
        row["source"]: (row["satisfied"], row["votes"])
        for row in _votes(period).values("source").annotate(**_VOTE_COUNTS).order_by()
    }
    # Two counts on indexed columns (range scans) rather than one scan of every issue.
    received = Issue.objects.filter(created_at__gte=period.start, created_at__lt=period.end)
    published = Issue.objects.filter(published_at__gte=period.start, published_at__lt=period.end)
    return _build(
        period, None, counts, durations, votes,
        published=published.count(), received=received.count(),
    )


# --- cached for public pages ---------------------------------------------------------------


@dataclass
class Snapshot:
    """Department and city figures of one period, as computed at `computed_at`."""

    period: Period
    departments: list
    city: Figures
    computed_at: datetime


def cache_seconds():
    return setting("FIGURES_CACHE_SECONDS")


def first_day_with_data():
    """The local date of the first issue received (today without any), cached like `snapshot`:
    no figure of an earlier period can differ from zero, since assignments and votes follow an
    issue. Figures pages offer periods from there on."""
    seconds = cache_seconds()
    cached = cache.get(_FIRST_DAY_KEY) if seconds else None
    if cached is None:
        first = Issue.objects.aggregate(first=Min("created_at"))["first"]
        cached = timezone.localdate(first) if first else timezone.localdate()
        if seconds:
            cache.set(_FIRST_DAY_KEY, cached, seconds)
    return cached


_FIRST_DAY_KEY = "echowall:figures:first-day"


def snapshot(period):
    """`department_figures` and `city_figures` of the period, kept in the cache for
    ``ECHOWALL["FIGURES_CACHE_SECONDS"]`` (default 10 minutes; 0 turns the cache off).

    Public pages (the figures page, the home page, the screens) call this: on 100,000 issues a
    year's figures take seconds to compute, and they need not be fresher than a few minutes.
    """
    key = f"echowall:figures:{period.kind}:{period.start.isoformat()}:{period.end.isoformat()}"
    seconds = cache_seconds()
    cached = cache.get(key) if seconds else None
    if cached is None:
        cached = Snapshot(
            period, department_figures(period), city_figures(period), timezone.now()
        )
        if seconds:
            cache.set(key, cached, seconds)
    return cached


# --- sorting for tables ---------------------------------------------------------------------

# Column key → (label, value used to sort; None sorts last whatever the direction).
COLUMNS = {
    "department": (_("Department"), lambda f: f.department.sort_order if f.department else -1),
    "received": (_("Received"), lambda f: f.received),
    "answered": (_("Answered"), lambda f: f.answered),
    "resolved": (_("Resolved"), lambda f: f.resolved),
    "reply_rate": (_("Reply rate"), lambda f: f.reply_rate.rank_value),
    "on_time_rate": (_("On-time rate"), lambda f: f.on_time_rate.rank_value),
    "first_reply_median": (
        _("Median time to first reply"),
        lambda f: None if f.first_reply_time.too_few else f.first_reply_time.median,
    ),
    "first_reply_p90": (
        _("90th percentile time to first reply"),
        lambda f: None if f.first_reply_time.too_few else f.first_reply_time.p90,
    ),
    "resolution_median": (
        _("Median time to resolution"),
        lambda f: None if f.resolution_time.too_few else f.resolution_time.median,
    ),
    "resolution_p90": (
        _("90th percentile time to resolution"),
        lambda f: None if f.resolution_time.too_few else f.resolution_time.p90,
    ),
    "reopen_rate": (_("Reopen rate"), lambda f: f.reopen_rate.rank_value),
    "reporter_satisfaction": (
        _("Reporters' satisfaction"), lambda f: f.reporter_satisfaction.rank_value
    ),
    "public_satisfaction": (_("Public satisfaction"), lambda f: f.public_satisfaction.rank_value),
}


def sort_figures(rows, column="department", descending=False):
    """Sort by a column; rows with too few samples (no value) always come last."""
    key = COLUMNS.get(column, COLUMNS["department"])[1]
    measured = [row for row in rows if key(row) is not None]
    unmeasured = [row for row in rows if key(row) is None]
    measured.sort(key=lambda row: (key(row), row.name), reverse=descending)
    return measured + unmeasured
