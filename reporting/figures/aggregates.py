"""The aggregate queries behind every figure: one `department_figures` and one `city_figures`,
each in a fixed number of queries (see the package's docstring for what counts where)."""

from django.db import connection
from django.db.models import BooleanField, Count, F, Func, Q
from django.utils import timezone

from feedback.models import Assignment, Department, Issue
from polls.choices import SATISFIED_CHOICES
from polls.models import PollVote

from ..periods import Period
from .percentiles import DEPARTMENT, DURATIONS, percentiles_by_group
from .values import Durations, Figures, Rate, min_sample


def _assignments(period):
    """The period's assignments; one moved away from the issue (a wrong assignment, see
    `feedback.models.transfers`) counts for no department."""
    return Assignment.objects.filter(
        assigned_at__gte=period.start, assigned_at__lt=period.end, transferred_at__isnull=True
    )


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


def _durations(stats, min_n):
    stats = stats or {}
    return Durations(
        sample=stats.get("n", 0),
        median=stats.get("median"),
        p90=stats.get("p90"),
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
        row.pop(DEPARTMENT): row
        for row in _assignments(period)
        .values(DEPARTMENT)
        .annotate(**_assignment_counts(period))
        .order_by()
    }
    durations = {
        name: percentiles_by_group(_assignments(period), end_field, by_department=True)
        for name, end_field in DURATIONS
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
            period,
            department,
            counts.get(department.pk),
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
        name: percentiles_by_group(_assignments(period), end_field, by_department=False).get(None)
        for name, end_field in DURATIONS
    }
    votes = {
        row["source"]: (row["satisfied"], row["votes"])
        for row in _votes(period).values("source").annotate(**_VOTE_COUNTS).order_by()
    }
    # Two counts on indexed columns (range scans) rather than one scan of every issue.
    received = Issue.objects.filter(created_at__gte=period.start, created_at__lt=period.end)
    published = Issue.objects.filter(published_at__gte=period.start, published_at__lt=period.end)
    return _build(
        period,
        None,
        counts,
        durations,
        votes,
        published=published.count(),
        received=received.count(),
    )
