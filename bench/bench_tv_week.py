"""Time the TV desk's JSON export of a week on a throw-away database of 100,000 threads.

    .venv/bin/python bench/bench_tv_week.py [--issues 100000] [--db /tmp/tv.sqlite3] [--repeat 5]

Builds a fresh SQLite file (never point it at real data), bulk-creates the synthetic year of
`figures_bench.bulk_issues` (issues, assignments, polls, votes over the last 365 days) and adds
what the desk's rules read: "me too" votes, resolution and reopening events, escalations. Then
times, for the last complete week: the selection computed from the rows (`compute_week`, what
the first build after the week's end does), the JSON export as served (`GET
/api/tv/v1/weeks/<week>.json` with a bearer token; the week frozen by then) and its queries.
`--measure-only` times an existing --db again.
"""

import functools
import random
import sys
import time
from datetime import timedelta
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))
sys.path.insert(0, str(BASE_DIR / "bench"))

from figures_bench import bulk_issues, parse_args, setup, timed  # noqa: E402 (the path first)


def desk_rows(out):
    """Support votes, events and escalations the desk's rules read, spread like bulk_issues."""
    from django.db import transaction  # noqa: PLC0415 - Django is set up by then
    from django.utils import timezone  # noqa: PLC0415 - Django is set up by then

    from feedback.models import Assignment, Issue, IssueEvent, SupportVote  # noqa: PLC0415 - Django is set up by then

    rng = random.Random(16)
    started = time.perf_counter()
    now = timezone.now()
    rows = Assignment.objects.values_list("issue_id", "resolved_at", "reopened", "assigned_at")
    events, votes, escalated = [], [], []
    for issue_id, resolved_at, reopened, assigned_at in rows.iterator(chunk_size=10_000):
        if resolved_at:
            events.append(
                IssueEvent(
                    issue_id=issue_id,
                    action=IssueEvent.Action.RESOLVED,
                    to_status="resolved",
                    is_public=True,
                    note="已处理完毕。",
                    created_at=resolved_at,
                )
            )
        if reopened:
            at = (resolved_at or assigned_at) + timedelta(days=rng.randrange(1, 10))
            events.append(
                IssueEvent(
                    issue_id=issue_id,
                    action=IssueEvent.Action.REOPENED,
                    to_status="reopened",
                    is_public=True,
                    created_at=min(at, now),
                )
            )
            if rng.random() < 0.2:
                escalated.append((issue_id, min(at, now)))
        for n in range(rng.choice((0, 0, 1, 2, 3, 8))):
            at = assigned_at + timedelta(hours=rng.randrange(1, 24 * 30))
            votes.append(
                SupportVote(issue_id=issue_id, browser_key=f"b{n}", created_at=min(at, now))
            )
    with transaction.atomic():
        IssueEvent.objects.bulk_create(events, batch_size=5000)
        SupportVote.objects.bulk_create(votes, batch_size=5000, ignore_conflicts=True)
        for issue_id, at in escalated:
            Issue.objects.filter(pk=issue_id).update(escalated_at=at, reopen_count=3)
    out(
        f"desk rows: {len(events)} events, {len(votes)} support votes, {len(escalated)} "
        f"escalations in {time.perf_counter() - started:.1f} s"
    )


def measure(repeat, out):
    from django.contrib.auth import get_user_model  # noqa: PLC0415 - Django is set up by then
    from django.contrib.auth.models import Group  # noqa: PLC0415 - Django is set up by then
    from django.db import connection  # noqa: PLC0415 - Django is set up by then
    from django.test import Client  # noqa: PLC0415 - Django is set up by then
    from wagtail.models import APIToken  # noqa: PLC0415 - Django is set up by then

    from api.auth import MEDIA_STAFF_GROUP  # noqa: PLC0415 - Django is set up by then
    from feedback.models import Issue  # noqa: PLC0415 - Django is set up by then
    from reporting.desk import compute_week, current_week  # noqa: PLC0415 - Django is set up by then
    from reporting.models import DeskWeek  # noqa: PLC0415 - Django is set up by then

    week = current_week().previous()
    out(f"\n== {Issue.objects.count()} issues; week {week.key} ==")
    median, best = timed(lambda: compute_week(week), repeat)
    selection = compute_week(week)
    out(
        f"compute_week: median {median * 1000:.0f} ms (best {best * 1000:.0f}), "
        f"{len(selection.threads)} threads, {len(selection.departments)} departments"
    )
    user, _created = get_user_model().objects.get_or_create(username="bench.tv")
    user.groups.add(Group.objects.get_or_create(name=MEDIA_STAFF_GROUP)[0])
    token = APIToken.create_token(user=user, name="bench")[1]
    client = Client(HTTP_AUTHORIZATION=f"Bearer {token}")
    path = f"/api/tv/v1/weeks/{week.key}.json"

    def first_build():
        DeskWeek.objects.filter(week=week.key).delete()
        response = client.get(path)
        assert response.status_code == 200, response.content[:300]

    median, best = timed(first_build, repeat)
    out(
        f"GET {path}, first build (computes, freezes): median {median * 1000:.0f} ms (best {best * 1000:.0f})"
    )
    queries = []
    with connection.execute_wrapper(
        lambda execute, sql, *rest, seen=queries: seen.append(sql) or execute(sql, *rest)
    ):
        response = client.get(path)
    median, best = timed(lambda: client.get(path), repeat)
    out(
        f"GET {path}, frozen: median {median * 1000:.0f} ms (best {best * 1000:.0f}), "
        f"{len(queries)} queries, {len(response.content)} bytes"
    )


def main():
    args = parse_args()
    out = functools.partial(print, flush=True)  # noqa: T202 - a command-line script, read while it runs
    name = setup(args)
    out(f"database: {name}")
    if not args.measure_only:
        bulk_issues(args.issues, out)
        desk_rows(out)
    measure(args.repeat, out)


if __name__ == "__main__":
    main()
