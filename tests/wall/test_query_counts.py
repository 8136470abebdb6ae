"""The wall and the thread page run the same number of SQL queries for 10 or 1,000 threads/replies.

The large data sets are written with `bulk_create` (it is the page, not the set-up, under test).
The measured counts are attached to the test report (`record_property`, e.g. in --junitxml).
"""

from datetime import timedelta
from itertools import cycle

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from feedback.models import Assignment, Issue, IssueEvent, Message, Photo
from feedback.workflow import Status

WALL_URLS = [
    "/wall/",
    "/wall/?sort=newest",
    "/wall/?sort=support",
    "/wall/?sort=answered",
    "/wall/?status=answered",
    "/wall/?department=zhujian",
    "/wall/?category=chengguan",
    "/wall/?district=chengdong",
    "/wall/?status=assigned&department=zhujian&category=chengguan&district=chengdong&sort=support",
    "/wall/?page=2",
]
STATUSES = cycle(
    [
        Status.PUBLISHED,
        Status.ASSIGNED,
        Status.ANSWERED,
        Status.RESOLVED,
        Status.CLOSED,
        Status.REOPENED,
    ]
)


def add_threads(count, category, district, departments, start=0):
    """`count` public threads, most assigned to every given department, most with a reply."""
    now = timezone.now()
    issues = Issue.objects.bulk_create(
        Issue(
            title=f"第{n}号问题：小区路灯不亮",
            body="晚上一片漆黑。" * 5,
            location=f"幸福路{n}号",
            submitted_title=f"第{n}号问题",
            submitted_body="晚上一片漆黑。",
            category=category,
            district=district,
            status=status,
            created_at=now - timedelta(minutes=n + 1),
            published_at=now - timedelta(minutes=n),
            last_answered_at=(now - timedelta(seconds=n)) if n % 3 else None,
            due_date=timezone.localdate() - timedelta(days=n % 5 - 2),
            support_count=n % 17,
            display_name="市民" if n % 2 else "",
        )
        for n, status in zip(range(start, start + count), STATUSES, strict=False)
    )
    Assignment.objects.bulk_create(
        Assignment(issue=issue, department=department, due_date=issue.due_date)
        for issue in issues
        for department in departments
        if issue.status != Status.PUBLISHED
    )
    Message.objects.bulk_create(
        Message(
            issue=issue,
            kind=Message.Kind.REPLY,
            body="已处理。",
            submitted_body="已处理。",
            department=departments[0],
            moderation=Message.Moderation.PUBLISHED,
            published_at=now,
        )
        for issue in issues
        if issue.last_answered_at
    )
    return issues


def add_to_thread(issue, count, departments):
    """`count` replies, follow-ups, notes, events and photos on one thread."""
    now = timezone.now()
    Message.objects.bulk_create(
        Message(
            issue=issue,
            kind=kind,
            body=f"第{n}条",
            submitted_body=f"第{n}条",
            department=departments[n % len(departments)]
            if kind != Message.Kind.FOLLOW_UP
            else None,
            moderation=Message.Moderation.PUBLISHED,
            published_at=now - timedelta(seconds=n),
        )
        for n, kind in zip(range(count), cycle(Message.Kind), strict=False)
    )
    IssueEvent.objects.bulk_create(
        IssueEvent(
            issue=issue,
            action=IssueEvent.Action.ASSIGNED,
            to_status=Status.ASSIGNED,
            data={"departments": ["市住建局"], "due_date": "2026-12-01"},
            is_public=True,
            created_at=now - timedelta(seconds=n),
        )
        for n in range(count)
    )
    Photo.objects.bulk_create(
        Photo(
            issue=issue,
            image=f"photos/2026/11/{n}.jpg",
            content_type="image/jpeg",
            width=40,
            height=30,
        )
        for n in range(min(count, 3))
    )
    Assignment.objects.bulk_create(
        Assignment(issue=issue, department=department, due_date=issue.due_date)
        for department in departments
    )


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


@pytest.fixture
def wall_data(category, district, department_a, department_b):
    return {"category": category, "district": district, "departments": [department_a, department_b]}


def test_wall_and_home_run_a_constant_number_of_queries(client, wall_data, record_property):
    add_threads(10, **wall_data)
    for url in ("/wall/", "/"):  # warm up: browser cookie, Wagtail's cached site root paths
        client.get(url)
    small = {url: count_queries(client, url) for url in [*WALL_URLS, "/"]}

    add_threads(990, start=10, **wall_data)
    assert Issue.objects.public().count() == 1000
    assert Message.objects.count() > 600
    large = {url: count_queries(client, url) for url in [*WALL_URLS, "/"]}

    record_property("wall_queries_10_vs_1000", {url: (small[url], large[url]) for url in small})
    assert large == small


def test_thread_page_runs_a_constant_number_of_queries(client, wall_data, record_property):
    add_threads(5, **wall_data)
    issue = Issue.objects.public().first()
    add_to_thread(issue, 10, wall_data["departments"])
    url = issue.get_absolute_url()
    client.get(url)
    small = count_queries(client, url)
    small_tracking = count_queries(client, issue.get_tracking_url())

    add_to_thread(issue, 1000, wall_data["departments"])
    assert issue.messages.count() == 1010 + (1 if issue.last_answered_at else 0)
    page = client.get(url).content.decode()
    assert page.count("第999条") == 1  # the replies really are on the page
    large = count_queries(client, url)
    large_tracking = count_queries(client, issue.get_tracking_url())

    record_property("thread_queries_10_vs_1000", (small, large))
    record_property("tracking_queries_10_vs_1000", (small_tracking, large_tracking))
    assert large == small
    assert large_tracking == small_tracking
