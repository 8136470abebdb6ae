"""Which weeks the weekly hot-topic job computes (`manage.py compute_hot_topics`, the task).

Idempotent, like `draft_bulletins`: run it hourly or daily from cron; the last complete week
is computed once, when it has no stored run with the current parameters, and a missed run is
made up by the next one. Back-filling goes oldest first, so that each week finds the run of
the week before for its growth.
"""

from django.utils import timezone

from .hotspots import compute_week_hot_topics, params, params_key
from .models import HotTopicRun
from .periods import Period


def last_complete_weeks(count, today=None):
    """The `count` ISO weeks that ended before today, oldest first."""
    week = Period.week(today or timezone.localdate())
    weeks = []
    for _n in range(count):
        week = week.previous()
        weeks.append(week)
    return weeks[::-1]


def has_run(week):
    return HotTopicRun.objects.filter(
        kind=HotTopicRun.Kind.WEEK, start=week.start, end=week.end, params_key=params_key(params())
    ).exists()


def compute_weeks(weeks, only_missing=False):
    """[(week key, run)] of the weeks computed, in order."""
    done = []
    for week in weeks:
        if only_missing and has_run(week):
            continue
        done.append((week.key, compute_week_hot_topics(week)))
    return done


def compute_due_weeks(today=None):
    """The weekly job: the last complete week, when it is not stored yet."""
    return compute_weeks(last_complete_weeks(1, today), only_missing=True)
