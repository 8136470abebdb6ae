"""The public department figures page, its staff-only CSV export and the "how we measure" page."""

import csv
import io
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from feedback.models import Assignment, Department, Issue
from polls.models import Poll, PollVote
from reporting.periods import Period

FIGURES = reverse("wall:figures")
CSV = reverse("wall:figures_csv")


def this_month():
    """`add_data` writes rows in the current month, which the page shows only when asked."""
    return Period.month().key


@pytest.fixture(autouse=True)
def fresh_cache():
    """The page keeps its figures in the cache: every test starts without them."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def in_english(settings):
    """Interface text is asserted in English, as after the language switch, for every browser."""
    with translation.override("en", deactivate=True):
        settings.LANGUAGE_CODE = "en"
        yield


def add_data(category, district, departments, issues_per_department, votes_per_issue):
    """Bulk rows for this month: every assignment answered in 2 h, resolved, polled, voted on."""
    now = timezone.now()
    start = timezone.localtime(now).replace(day=1, hour=1, minute=0, second=0, microsecond=0)
    issues = Issue.objects.bulk_create(
        Issue(
            title="t",
            body="b",
            submitted_title="t",
            submitted_body="b",
            category=category,
            district=district,
            status="resolved",
            created_at=start,
            published_at=start,
        )
        for _ in range(len(departments) * issues_per_department)
    )
    Assignment.objects.bulk_create(
        Assignment(
            issue=issue,
            department=departments[n % len(departments)],
            assigned_at=start,
            due_date=start.date() + timedelta(days=5),
            first_reply_at=start + timedelta(hours=2 + n % 7),
            resolved_at=start + timedelta(hours=20 + n % 11),
            round=1,
        )
        for n, issue in enumerate(issues)
    )
    polls = Poll.objects.bulk_create(
        Poll(issue=issue, round=1, opened_at=start, closes_at=start + timedelta(days=30))
        for issue in issues
    )
    choices = ["satisfied", "basically_satisfied", "dissatisfied"]
    PollVote.objects.bulk_create(
        PollVote(
            poll=poll,
            source="public" if v else "reporter",
            choice=choices[(n + v) % 3],
            browser_key=f"{n}-{v}" if v else "",
            created_at=start,
        )
        for n, poll in enumerate(polls)
        for v in range(votes_per_issue)
    )


def departments(count, offset=0):
    return Department.objects.bulk_create(
        Department(name=f"部门{n}", slug=f"dept-{n}", sort_order=n)
        for n in range(offset, offset + count)
    )


def page_queries(client):
    cache.clear()  # the page keeps its figures in the cache for a few minutes
    with CaptureQueriesContext(connection) as queries:
        response = client.get(FIGURES, {"period": this_month(), "sort": "public_satisfaction"})
    assert response.status_code == 200
    return len(queries)


def test_the_page_runs_a_constant_number_of_queries(client, category, district):
    add_data(category, district, departments(2), issues_per_department=3, votes_per_issue=2)
    small = page_queries(client)
    add_data(
        category, district, departments(12, offset=2), issues_per_department=30, votes_per_issue=6
    )
    assert Department.objects.count() >= 14 and PollVote.objects.count() > 2000
    large = page_queries(client)
    assert small == large
    assert large <= 12


def test_the_figures_are_computed_once_per_cache_period(client, category, district, settings):
    settings.ECHOWALL = {**settings.ECHOWALL, "FIGURES_CACHE_SECONDS": 600}
    add_data(category, district, departments(2), issues_per_department=3, votes_per_issue=2)
    first = page_queries(client)
    with CaptureQueriesContext(connection) as again:
        client.get(FIGURES, {"period": this_month(), "sort": "received"})
    assert first >= 10 and len(again) == 0
    settings.ECHOWALL = {**settings.ECHOWALL, "FIGURES_CACHE_SECONDS": 0}
    with CaptureQueriesContext(connection) as uncached:
        client.get(FIGURES, {"period": this_month()})
    assert len(uncached) == first


def test_the_page_shows_each_department_linking_to_its_threads(client, department_a, department_b):
    page = client.get(FIGURES).content.decode()
    assert "市住建局" in page and "市交通运输局" in page
    assert f'href="/wall/?department={department_a.slug}"' in page
    assert "too few" in page  # no data yet: every rate has too few cases


def test_the_period_switch_covers_month_quarter_and_year(client, db):
    for kind in ("month", "quarter", "year"):
        response = client.get(FIGURES, {"period": kind})
        assert response.context["period"].kind == kind
    assert client.get(FIGURES, {"period": "decade"}).status_code == 404


def test_sorting_by_a_rate_ranks_only_departments_with_enough_cases(
    client, category, district, settings
):
    settings.ECHOWALL = {**settings.ECHOWALL, "MIN_SAMPLE": 5}
    big, small = departments(2)
    add_data(category, district, [big], issues_per_department=6, votes_per_issue=1)
    add_data(category, district, [small], issues_per_department=2, votes_per_issue=1)
    Department.objects.exclude(pk__in=[big.pk, small.pk]).delete()

    for direction in ("asc", "desc"):
        response = client.get(
            FIGURES, {"period": this_month(), "sort": "reply_rate", "dir": direction}
        )
        ranked = [(rank, row.department.slug) for rank, row in response.context["rows"]]
        assert ranked == [(1, "dept-0"), (None, "dept-1")]


def test_equal_rates_share_a_rank(client, category, district, settings):
    settings.ECHOWALL = {**settings.ECHOWALL, "MIN_SAMPLE": 1}
    add_data(category, district, departments(3), issues_per_department=2, votes_per_issue=1)
    response = client.get(FIGURES, {"period": this_month(), "sort": "reply_rate"})
    # Three departments at 100 %; the category's usual department has no case at all.
    assert [rank for rank, _row in response.context["rows"]] == [1, 1, 1, None]


def test_the_csv_is_for_staff_only(client, plain_user, moderator, staff_a, db):
    assert client.get(CSV).status_code == 302  # to the login page
    client.force_login(plain_user)
    assert client.get(CSV).status_code == 403
    for user in (moderator, staff_a):
        client.force_login(user)
        assert client.get(CSV).status_code == 200


def test_the_csv_opens_in_excel(client, moderator, department_a):
    client.force_login(moderator)
    response = client.get(CSV, {"period": "year"})
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith("attachment;")
    body = response.content
    assert body.startswith(b"\xef\xbb\xbf")  # UTF-8 byte order mark
    text = body.decode("utf-8-sig")
    assert "市住建局" in text and "Whole city" in text


def test_how_we_measure_gives_the_formulas(client, settings, db):
    settings.ECHOWALL = {**settings.ECHOWALL, "MIN_SAMPLE": 7}
    page = client.get(reverse("wall:how_we_measure")).content.decode()
    assert "answered ÷ received" in page
    assert "(satisfied + basically satisfied) ÷ public votes" in page
    assert "1 + p × (n − 1)" in page
    assert "below 7" in page
    assert "in Beijing time, from its first day" in page
    assert "Asia/Shanghai" not in page
    assert "service hall" not in page and "bulletin" not in page  # neither exists
    # The figures page links to it.
    assert reverse("wall:how_we_measure") in client.get(FIGURES).content.decode()


@pytest.mark.parametrize("url_name", ["wall:figures", "wall:how_we_measure"])
def test_figure_pages_are_public(client, url_name, db):
    assert client.get(reverse(url_name)).status_code == 200


def test_the_csv_keeps_numbers_numeric_with_the_sample_marker_in_its_own_column(
    client, moderator, category, district, settings
):
    settings.ECHOWALL = {**settings.ECHOWALL, "MIN_SAMPLE": 5}
    big, small = departments(2)
    add_data(category, district, [big], issues_per_department=6, votes_per_issue=1)
    add_data(category, district, [small], issues_per_department=2, votes_per_issue=1)
    client.force_login(moderator)
    text = client.get(CSV, {"period": this_month()}).content.decode("utf-8-sig")
    rows = {row["Department"]: row for row in csv.DictReader(io.StringIO(text))}

    assert set(rows) >= {"部门0", "部门1", "Whole city"}
    # 5 rates × (percentage, cases) + 2 times × (median, p90, cases)
    numeric = [name for name in rows["部门0"] if name.endswith(("(%)", "(hours)", ": cases"))]
    assert len(numeric) == 5 * 2 + 2 * 3
    for row in rows.values():
        for name in numeric + ["Received", "Answered", "Resolved"]:
            assert row[name] == "" or float(row[name]) >= 0, (name, row[name])
    big_row, small_row = rows["部门0"], rows["部门1"]
    assert (big_row["Reply rate (%)"], big_row["Reply rate: cases"]) == ("100.0", "6")
    assert big_row["Reply rate: too few cases"] == ""
    assert (small_row["Reply rate (%)"], small_row["Reply rate: cases"]) == ("100.0", "2")
    assert small_row["Reply rate: too few cases"] == "too few"
    assert small_row["Time to first reply: too few cases"] == "too few"
    assert float(big_row["Median time to first reply (hours)"]) >= 2
    assert big_row["Published"] == "" and rows["Whole city"]["Published"] == "8"
    assert {row["Period"] for row in rows.values()} == {this_month()}
