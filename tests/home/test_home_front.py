"""The home page is the media site's front: the city's headline figures, the latest typical cases,
the newest and most-supported threads, editors' notices between their dates, and a search box,
in the same number of SQL queries whatever the amount of data (cold cache)."""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from feedback.workflow import Status
from home.models import HomePage

pytestmark = pytest.mark.django_db


def front(client):
    response = client.get("/")
    assert response.status_code == 200
    return response.content.decode()


def test_the_front_shows_cases_newest_and_most_supported_threads(client, make_case, issue_in):
    quiet = issue_in(Status.ANSWERED, title="无人附议的诉求")
    popular = issue_in(Status.ANSWERED, title="大家都关心的诉求")
    popular.add_support("browser-1")
    make_case(title="加装电梯协调到位", issues=[quiet])
    page = front(client)
    assert "加装电梯协调到位" in page and "无人附议的诉求" in page
    popular_section = page[page.index('id="popular-heading"') :]
    assert "大家都关心的诉求" in popular_section and "无人附议的诉求" not in popular_section
    assert 'action="/search/"' in page and "/wall/new/" in page


def test_a_notice_is_shown_only_between_its_dates(client):
    home = HomePage.objects.get()
    today = timezone.localdate()
    home.body = [
        (
            "notice",
            {
                "heading": "系统维护通知",
                "text": "<p>今晚维护</p>",
                "level": "urgent",
                "shown_from": today,
                "shown_until": today,
            },
        ),
        (
            "notice",
            {
                "heading": "过期的通知",
                "text": "<p>已结束</p>",
                "level": "info",
                "shown_from": None,
                "shown_until": today - timedelta(days=1),
            },
        ),
    ]
    home.save_revision().publish()
    page = front(client)
    assert "系统维护通知" in page and "过期的通知" not in page


def queries_for_front(client):
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        front(client)
    return len(queries)


def test_the_front_takes_the_same_number_of_queries_with_more_data(
    client, make_case, issue_in, department_a
):
    make_case(title="案例一", issues=[issue_in(Status.RESOLVED)])
    issue_in(Status.ANSWERED).add_support("b-1")
    small = queries_for_front(client)
    for n in range(12):
        issue = issue_in(Status.RESOLVED if n % 2 else Status.ANSWERED)
        issue.add_support(f"b-{n}")
        make_case(title=f"案例{n}", issues=[issue], departments=[department_a])
    assert queries_for_front(client) == small
