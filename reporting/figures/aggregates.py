"""The aggregate queries behind every figure: one `department_figures` and one `city_figures`,
each in a fixed number of queries (see the package's docstring for what counts where)."""

from django.db import connection
from django.db.models import BooleanField, Count, F, Func, Q
from django.utils import timezone

from feedback.models import Assignment, Department, Issue
from feedback.workflow import Status, counted_lookup
from polls.choices import SATISFIED_CHOICES
from polls.models import PollVote

from ..periods import Period
from .percentiles import DEPARTMENT, DURATIONS, percentiles_by_group
from .values import Durations, Figures, Rate, Resolution, min_sample


def _assignments(period):
    """The period's assignments that count (`Assignment.objects.counted`): one moved away from
    the issue (a wrong assignment) counts for no department, nor does one of a merged report."""
    return Assignment.objects.counted().filter(
        assigned_at__gte=period.start, assigned_at__lt=period.end
    )


_ASSIGNMENT_COUNTS = {
    "received": Count("pk"),
    "answered": Count("pk", filter=Q(first_reply_at__isnull=False)),
    "resolved": Count("pk", filter=Q(resolved_at__isnull=False)),
    "reopened": Count("pk", filter=Q(reopened=True)),
    # 提级督办: the round whose sending back escalated the issue (also counted as reopened).
    "escalated": Count("pk", filter=Q(escalated=True)),
    "with_due_date": Count("pk", filter=Q(due_date__isnull=False)),
    "resolved_with_due_date": Count(
        "pk", filter=Q(due_date__isnull=False, resolved_at__isnull=False)
    ),
}
_DATED_COUNTS = ("on_time", "resolved_on_time", "overdue_unresolved")
_EMPTY_COUNTS = dict.fromkeys([*_ASSIGNMENT_COUNTS, *_DATED_COUNTS], 0)


def _assignment_counts(period):
    """The counts of the assignments of the period. The dated ones compare local dates: the
    first reply or the resolution with the due date, and for 超期未办结 (not resolved, due date
    passed) the due date with today, the cut-off of figures computed now."""
    return {
        **_ASSIGNMENT_COUNTS,
        "on_time": _by_due_date("first_reply_at", period),
        "resolved_on_time": _by_due_date("resolved_at", period),
        "overdue_unresolved": Count(
            "pk", filter=Q(resolved_at__isnull=True, due_date__lt=timezone.localdate())
        ),
    }


_VOTE_COUNTS = {
    "votes": Count("pk"),
    "satisfied": Count("pk", filter=Q(choice__in=SATISFIED_CHOICES)),
}


class LocalDayOnOrBefore(Func):
    """SQLite only: the local date of a moment (first reply, resolution) is on or before the due
    date.

    The stored UTC text shifted by the zone's UTC offset at the period start, then `date()`: exact
    for zones without daylight saving time such as Asia/Shanghai. Other databases use Django's
    `__date` lookup (PostgreSQL: AT TIME ZONE, native), see `_on_time`.
    """

    output_field = BooleanField()
    arity = 2

    def __init__(self, moment, due, offset_seconds):
        super().__init__(moment, due)
        self.offset_seconds = int(offset_seconds)

    def as_sqlite(self, compiler, connection, **extra_context):
        moment, due = (compiler.compile(expression) for expression in self.source_expressions)
        sql = f"(date({moment[0]}, '{self.offset_seconds:+d} seconds') <= {due[0]})"
        return sql, (*moment[1], *due[1])


def _by_due_date(moment_field, period):
    """Count the assignments whose `moment_field` happened by the due date (local dates)."""
    in_time = Q(**{f"{moment_field}__date__lte": F("due_date")})
    if connection.vendor == "sqlite":
        offset = timezone.localtime(period.start).utcoffset().total_seconds()
        in_time = Q(LocalDayOnOrBefore(F(moment_field), F("due_date"), offset))
    happened = Q(due_date__isnull=False, **{f"{moment_field}__isnull": False})
    return Count("pk", filter=happened & in_time)


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


def _build(period, department, counts, durations, votes, issues=None):
    """A `Figures` from the counts; `issues` (the city's) holds received, accepted, published."""
    min_n = min_sample()
    counts = {**_EMPTY_COUNTS, **(counts or {})}
    issues = issues or {}
    reporter_rate, public_rate = _vote_rates(votes or {}, min_n)
    return Figures(
        period=period,
        department=department,
        received=issues.get("received", counts["received"]),
        published=issues.get("published"),
        answered=counts["answered"],
        resolved=counts["resolved"],
        reopened=counts["reopened"],
        escalated=counts["escalated"],
        merged=issues.get("merged"),
        reply_rate=Rate(counts["answered"], counts["received"], min_n),
        on_time_rate=Rate(counts["on_time"], counts["with_due_date"], min_n),
        reopen_rate=Rate(counts["reopened"], counts["resolved"], min_n),
        first_reply_time=_durations(durations.get("first_reply"), min_n),
        resolution_time=_durations(durations.get("resolution"), min_n),
        reporter_satisfaction=reporter_rate,
        public_satisfaction=public_rate,
        extra={"assignments": counts["received"], "accepted": issues.get("accepted")},
        resolution=Resolution(
            assignments=counts["received"],
            resolved=counts["resolved"],
            with_due_date=counts["with_due_date"],
            resolved_with_due_date=counts["resolved_with_due_date"],
            resolved_on_time=counts["resolved_on_time"],
            overdue_unresolved=counts["overdue_unresolved"],
            min_sample=min_n,
        ),
    )


def _votes(period):
    """The period's votes; those on a merged report count no more (its group counts once)."""
    return PollVote.objects.filter(created_at__gte=period.start, created_at__lt=period.end).exclude(
        poll__issue__status=Status.MERGED
    )


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
    # Two queries on indexed columns (range scans) rather than one scan of every issue. Accepted
    # (受理): received in the period and published by now, so neither rejected nor waiting.
    # A merged report (并单) counts in none of them but in "merged": received in the period and
    # merged into an earlier thread by now.
    counted = counted_lookup()
    issues = Issue.objects.filter(
        created_at__gte=period.start, created_at__lt=period.end
    ).aggregate(
        received=Count("pk", filter=counted),
        accepted=Count("pk", filter=counted & Q(published_at__isnull=False)),
        merged=Count("pk", filter=~counted),
    )
    issues["published"] = (
        Issue.objects.counted()
        .filter(published_at__gte=period.start, published_at__lt=period.end)
        .count()
    )
    return _build(period, None, counts, durations, votes, issues)
