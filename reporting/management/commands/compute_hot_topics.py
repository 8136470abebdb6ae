"""Compute the hot topics (热点) of a week or any period and store them.

    manage.py compute_hot_topics                      # the last complete week, once (cron)
    manage.py compute_hot_topics --week 2026-W48      # that week again (replaces its run)
    manage.py compute_hot_topics --weeks 12           # back-fill the last 12 weeks, oldest first
    manage.py compute_hot_topics --start 2026-11-01 --end 2026-12-01   # on demand, end excluded

cron: ``17 * * * * manage.py compute_hot_topics`` (idempotent: a stored week is not computed again).
"""

from datetime import date

from django.core.management.base import BaseCommand, CommandError

from reporting.hotspot_weeks import compute_due_weeks, compute_weeks, last_complete_weeks
from reporting.hotspots import compute_hot_topics
from reporting.periods import Period


def day(text):
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise CommandError(f"Not a date (YYYY-MM-DD): {text}") from None


class Command(BaseCommand):
    help = "Compute and store the hot topics of the last week, a given week or a period."

    def add_arguments(self, parser):
        parser.add_argument("--week", help="one ISO week, e.g. 2026-W48")
        parser.add_argument("--weeks", type=int, help="back-fill the last N complete weeks")
        parser.add_argument("--start", help="first day of a period (YYYY-MM-DD)")
        parser.add_argument("--end", help="the day after its last (YYYY-MM-DD)")

    def handle(self, *args, week=None, weeks=None, start=None, end=None, **options):
        if sum(x is not None for x in (week, weeks, start or end)) > 1:
            raise CommandError("Give one of --week, --weeks or --start/--end.")
        if start or end:
            self.period(start, end)
            return
        if week is not None:
            period = Period.from_key(week)
            if period is None or period.kind != "week":
                raise CommandError("--week must look like 2026-W48.")
            done = compute_weeks([period])
        elif weeks is not None:
            if weeks < 1:
                raise CommandError("--weeks must be 1 or more.")
            done = compute_weeks(last_complete_weeks(weeks))
        else:
            done = compute_due_weeks()
        for key, run in done:
            self.stdout.write(f"{key}: {run.topics.count()} topic(s) from {run.threads} thread(s)")
        self.stdout.write(f"Computed {len(done)} week(s).")

    def period(self, start, end):
        if not (start and end):
            raise CommandError("Give both --start and --end.")
        period = Period.between(day(start), day(end))
        if period.end <= period.start:
            raise CommandError("--end must be after --start.")
        run = compute_hot_topics(period.start, period.end)
        self.stdout.write(
            f"{period.label}: {run.topics.count()} topic(s) from {run.threads} thread(s)"
        )
