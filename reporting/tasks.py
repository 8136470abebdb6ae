"""The hot-topic jobs (热点) as background tasks: the weekly one (`manage.py compute_hot_topics`
runs the same from cron: django-tasks has no periodic tasks, the scheduler is cron, as for
`draft_bulletins`) and any period on demand (the staff page's form): grouping a period's threads
takes seconds, too long for a request."""

from datetime import date

from django.db import transaction
from django_tasks import task

from .hotspot_weeks import compute_due_weeks


@task()
def compute_weekly_hot_topics_task():
    """The last complete week's hot topics, unless they are stored already; returns the weeks
    computed ("2026-W48")."""
    return [run_week for run_week, _run in compute_due_weeks()]


@task()
def compute_period_hot_topics(first_day, last_day):
    """Compute (or recompute) the run of the days `first_day`..`last_day` (ISO dates, both
    included); an exact week, month, quarter or year gets that kind. Returns the run's id."""
    # Tasks are a leaf module: the computation and the reading helpers load in the worker only.
    from .hot_topics_read import period_of  # noqa: PLC0415 - tasks are a leaf module
    from .hotspots import compute_hot_topics, compute_week_hot_topics  # noqa: PLC0415 - ditto

    period = period_of(date.fromisoformat(first_day), date.fromisoformat(last_day))
    if period.kind == "week":
        # The weekly job also refreshes the week's term frequencies (the idf background).
        return compute_week_hot_topics(period).pk
    return compute_hot_topics(period.start, period.end, period.kind).pk


def enqueue_period(first_day, last_day):
    """Queue the computation once the current transaction commits (ids and dates, never
    objects: the worker reads the database as it is then)."""
    transaction.on_commit(
        lambda: compute_period_hot_topics.enqueue(first_day.isoformat(), last_day.isoformat())
    )
