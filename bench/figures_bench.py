"""Time the department figures (service and public page) on a throw-away database.

    .venv/bin/python bench/figures_bench.py [--issues 100000] [--demo] [--db /tmp/figures.sqlite3]

Builds a fresh SQLite file (or uses DATABASE_URL when --use-database-url is given, e.g. a scratch
PostgreSQL database: never point it at real data), migrates it, optionally loads the demo
(`load_initial_data`) and times it, then bulk-creates synthetic issues spread over the last
365 days (assignments, replies, resolutions, reopens, polls and votes) and times again.
"""

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--issues", type=int, default=100_000)
    parser.add_argument("--demo", action="store_true", help="Load and time the demo data first.")
    parser.add_argument("--db", default="", help="SQLite file to create (default: a temp file).")
    parser.add_argument(
        "--use-database-url",
        action="store_true",
        help="Use DATABASE_URL from the environment instead of a SQLite file.",
    )
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument(
        "--measure-only",
        action="store_true",
        help="Keep the database as it is (e.g. a previous run's --db) and time it.",
    )
    return parser.parse_args()


def setup(args):
    if not args.use_database_url:
        path = (
            Path(args.db or tempfile.mkdtemp(prefix="figures-bench-")) / "bench.sqlite3"
            if not args.db
            else Path(args.db)
        )
        if path.exists() and not args.measure_only:
            path.unlink()
        os.environ["DATABASE_URL"] = f"sqlite:///{path}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "echowall.settings.dev")
    os.environ["ALLOWED_HOSTS"] = "testserver,localhost"
    import django  # noqa: PLC0415 - the script sets Django up (settings, database) before importing it

    django.setup()
    from django.core.management import call_command  # noqa: PLC0415 - the script sets Django up (settings, database) before importing it

    call_command("migrate", verbosity=0)
    from django.db import connection  # noqa: PLC0415 - the script sets Django up (settings, database) before importing it

    return connection.settings_dict["NAME"]


def timed(function, repeat):
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        function()
        times.append(time.perf_counter() - started)
    return statistics.median(times), min(times)


def measure(label, repeat, out):
    from django.conf import settings  # noqa: PLC0415 - the script sets Django up (settings, database) before importing it
    from django.core.cache import cache  # noqa: PLC0415 - the script sets Django up (settings, database) before importing it
    from django.db import connection  # noqa: PLC0415 - the script sets Django up (settings, database) before importing it
    from django.test import Client, override_settings  # noqa: PLC0415 - the script sets Django up (settings, database) before importing it

    from feedback.models import Assignment, Issue  # noqa: PLC0415 - the script sets Django up (settings, database) before importing it
    from polls.models import PollVote  # noqa: PLC0415 - the script sets Django up (settings, database) before importing it
    from reporting import figures  # noqa: PLC0415 - the script sets Django up (settings, database) before importing it

    out(
        f"\n== {label}: {Issue.objects.count()} issues, {Assignment.objects.count()} assignments, "
        f"{PollVote.objects.count()} votes =="
    )
    client = Client()
    for kind in figures.Period.KINDS:
        period = figures.Period.current(kind)

        def service(period=period):
            figures.department_figures(period)
            figures.city_figures(period)

        median, best = timed(service, repeat)
        queries = []
        cache.clear()
        with connection.execute_wrapper(
            lambda execute, sql, *rest, seen=queries: seen.append(sql) or execute(sql, *rest)
        ):
            response = client.get("/figures/", {"period": kind, "sort": "public_satisfaction"})
        assert response.status_code == 200, response.status_code
        with override_settings(ECHOWALL={**settings.ECHOWALL, "FIGURES_CACHE_SECONDS": 0}):
            page_median, page_best = timed(
                lambda kind=kind: client.get("/figures/", {"period": kind}), repeat
            )
        client.get("/figures/", {"period": kind})  # fills the cache
        cached_median, _best = timed(
            lambda kind=kind: client.get("/figures/", {"period": kind}), repeat
        )
        received = figures.city_figures(period).extra["assignments"]
        out(
            f"{kind:8} assignments in period {received:>7}: service {median * 1000:8.1f} ms "
            f"(best {best * 1000:.1f}), page {page_median * 1000:8.1f} ms "
            f"(best {page_best * 1000:.1f}), {len(queries)} queries; "
            f"page from the cache {cached_median * 1000:.1f} ms"
        )


def bulk_issues(count, out):
    """Synthetic issues over the last 365 days, with realistic shares of each outcome."""
    from django.db import transaction  # noqa: PLC0415 - the script sets Django up (settings, database) before importing it
    from django.utils import timezone  # noqa: PLC0415 - the script sets Django up (settings, database) before importing it

    from feedback.models import Assignment, Category, Department, District, Issue  # noqa: PLC0415 - the script sets Django up (settings, database) before importing it
    from polls.models import Poll, PollVote  # noqa: PLC0415 - the script sets Django up (settings, database) before importing it

    rng = random.Random(2026)
    departments = list(Department.objects.all())
    if not departments:
        departments = Department.objects.bulk_create(
            Department(name=f"测试部门{n}", slug=f"bench-{n}", sort_order=n) for n in range(40)
        )
    category = Category.objects.first() or Category.objects.create(name="测试", slug="bench")
    district = District.objects.first() or District.objects.create(name="测试街道", slug="bench")
    now = timezone.now()
    choices = ["satisfied", "satisfied", "basically_satisfied", "dissatisfied"]
    started = time.perf_counter()
    batch = 10_000
    for offset in range(0, count, batch):
        size = min(batch, count - offset)
        with transaction.atomic():
            created = [now - timedelta(seconds=rng.randrange(365 * 86400)) for _ in range(size)]
            issues = Issue.objects.bulk_create(
                Issue(
                    title="测试",
                    body="测试",
                    submitted_title="测试",
                    submitted_body="测试",
                    category=category,
                    district=district,
                    status="resolved",
                    created_at=at,
                    published_at=at + timedelta(hours=2),
                    first_assigned_at=at + timedelta(hours=3),
                )
                for at in created
            )
            assignments, polls = [], []
            for issue in issues:
                assigned = issue.created_at + timedelta(hours=3)
                for department in rng.sample(departments, 2 if rng.random() < 0.1 else 1):
                    replied = rng.random() < 0.85
                    resolved = replied and rng.random() < 0.8
                    reply_at = assigned + timedelta(minutes=rng.randrange(10, 20 * 24 * 60))
                    assignments.append(
                        Assignment(
                            issue=issue,
                            department=department,
                            assigned_at=assigned,
                            due_date=(assigned + timedelta(days=10)).date(),
                            first_reply_at=reply_at if replied else None,
                            resolved_at=reply_at + timedelta(hours=rng.randrange(1, 400))
                            if resolved
                            else None,
                            reopened=resolved and rng.random() < 0.08,
                            round=1,
                        )
                    )
                if rng.random() < 0.7:
                    polls.append(
                        Poll(
                            issue=issue,
                            round=1,
                            opened_at=assigned,
                            closes_at=assigned + timedelta(days=30),
                        )
                    )
            Assignment.objects.bulk_create(assignments, batch_size=5000)
            polls = Poll.objects.bulk_create(polls, batch_size=5000)
            votes = []
            for poll in polls:
                cast = poll.opened_at + timedelta(hours=rng.randrange(1, 300))
                if rng.random() < 0.5:
                    votes.append(
                        PollVote(
                            poll=poll,
                            source="reporter",
                            choice=rng.choice(choices),
                            created_at=cast,
                        )
                    )
                for n in range(rng.randrange(0, 6)):
                    votes.append(
                        PollVote(
                            poll=poll,
                            source="public",
                            choice=rng.choice(choices),
                            browser_key=f"{poll.pk}-{n}",
                            created_at=cast,
                        )
                    )
            PollVote.objects.bulk_create(votes, batch_size=5000)
    out(f"bulk-created {count} issues in {time.perf_counter() - started:.1f} s")


def main():
    args = parse_args()
    out = print  # noqa: T202 - a command-line script
    name = setup(args)
    out(f"database: {name}")
    if args.measure_only:
        measure("existing data", args.repeat, out)
        return
    if args.demo:
        from django.core.management import call_command  # noqa: PLC0415 - the script sets Django up (settings, database) before importing it

        started = time.perf_counter()
        call_command("load_initial_data", verbosity=0)
        out(f"demo loaded in {time.perf_counter() - started:.1f} s")
        measure("demo data", args.repeat, out)
    if args.issues:
        bulk_issues(args.issues, out)
        measure(
            f"demo + {args.issues} synthetic issues"
            if args.demo
            else f"{args.issues} synthetic issues",
            args.repeat,
            out,
        )


if __name__ == "__main__":
    main()
