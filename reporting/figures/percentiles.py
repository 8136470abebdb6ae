"""Medians and 90th percentiles of durations, computed by the database (see the package's
docstring): only the two rows around each percentile's position are read, per department."""

from datetime import timedelta

from django.db import connection
from django.db.models import (
    Case,
    Count,
    DurationField,
    ExpressionWrapper,
    F,
    FloatField,
    Func,
    IntegerField,
    Value,
    When,
    Window,
)
from django.db.models.functions import RowNumber

DEPARTMENT = "department_id"


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
            compiler,
            connection,
            template="((julianday(%(expressions)s)) * 86400.0)",
            arg_joiner=") - julianday(",
            **extra_context,
        )

    def as_postgresql(self, compiler, connection, **extra_context):
        return self.as_sql(
            compiler,
            connection,
            template="CAST(EXTRACT(EPOCH FROM (%(expressions)s)) AS double precision)",
            arg_joiner=" - ",
            **extra_context,
        )


def _duration_expression(end_field):
    if connection.vendor in ("sqlite", "postgresql"):
        return SecondsBetween(F(end_field), F("assigned_at"))
    return ExpressionWrapper(F(end_field) - F("assigned_at"), output_field=DurationField())


def _as_timedelta(value):
    if isinstance(value, timedelta):
        return value
    return timedelta(milliseconds=round(value * 1000))


# (name, timestamp that ends the duration); every duration starts at `assigned_at`.
DURATIONS = (("first_reply", "first_reply_at"), ("resolution", "resolved_at"))
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


def _duration_rows(assignments, end_field, by_department, group=DEPARTMENT):
    """Only the rows each percentile needs: at most 4 per group (2 ranks × 2 percentiles)."""
    partition = [F(group)] if by_department else None
    queryset = (
        assignments.filter(**{f"{end_field}__isnull": False})
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
    return queryset.order_by().values_list(group, "n", "rank", "duration")


def percentiles_by_group(assignments, end_field, by_department, group=DEPARTMENT):
    """{department_id or None: {"median": timedelta, "p90": timedelta, "n": int}}; `group` names
    another column of the assignments to group by (e.g. ``issue__category_id``)."""
    picked = {}
    rows = _duration_rows(assignments, end_field, by_department, group)
    for department_id, n, rank, duration in rows:
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
