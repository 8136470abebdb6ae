"""The weekly hot-topic job (热点) as a background task; `manage.py compute_hot_topics` runs the
same from cron (django-tasks has no periodic tasks: the scheduler is cron, as for
`draft_bulletins`)."""

from django_tasks import task

from .hotspot_weeks import compute_due_weeks


@task()
def compute_weekly_hot_topics_task():
    """The last complete week's hot topics, unless they are stored already; returns the weeks
    computed ("2026-W48")."""
    return [run_week for run_week, _run in compute_due_weeks()]
